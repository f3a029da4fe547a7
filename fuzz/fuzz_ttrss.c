/* fuzz_ttrss.c - libFuzzer target for Tiny Tiny RSS API answers. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "ttrss.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* What a cause or a field may be: clean text; OK means no cause. */
static void
check_cause(enum ttrss_status st, char *cause)
{
	if (st == TTRSS_OK && cause != NULL)
		abort();
	if (st != TTRSS_OK && cause == NULL)
		abort();
	fuzz_check_clean(cause, 1);
	free(cause);
}

/* Every parser of an answer over the same bytes: a server is outside. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *body = (const char *)data;
	struct ttrss_counters c;
	struct ttrss_category *cats = NULL;
	struct ttrss_feed *feeds = NULL;
	struct ttrss_headline *h = NULL;
	enum ttrss_status st;
	char *cause = NULL, *sid = NULL;
	size_t n = 0, i;

	st = ttrss_parse_login(body, len, &sid, &cause);
	if (st == TTRSS_OK && sid == NULL)
		abort();
	fuzz_check_clean(sid, 1);
	free(sid);
	check_cause(st, cause);

	cause = NULL;
	check_cause(ttrss_parse_status(body, len, &cause), cause);

	cause = NULL;
	memset(&c, 0, sizeof c);
	st = ttrss_parse_counters(body, len, &c, &cause);
	check_cause(st, cause);
	if (st == TTRSS_OK)
		for (i = 0; i < c.nfeeds; i++)
			if (c.feeds[i].unread < 0 || c.feeds[i].starred < 0)
				abort();
	ttrss_counters_free(&c);

	cause = NULL;
	st = ttrss_parse_categories(body, len, &cats, &n, &cause);
	check_cause(st, cause);
	for (i = 0; st == TTRSS_OK && i < n; i++)
		fuzz_check_clean(cats[i].title, 1);
	if (st == TTRSS_OK)
		ttrss_categories_free(&cats, n);

	cause = NULL;
	n = 0;
	st = ttrss_parse_feeds(body, len, &feeds, &n, &cause);
	check_cause(st, cause);
	for (i = 0; st == TTRSS_OK && i < n; i++) {
		fuzz_check_clean(feeds[i].title, 1);
		fuzz_check_clean(feeds[i].url, 1);
	}
	if (st == TTRSS_OK)
		ttrss_feeds_free(&feeds, n);

	cause = NULL;
	n = 0;
	st = ttrss_parse_headlines(body, len, &h, &n, &cause);
	check_cause(st, cause);
	for (i = 0; st == TTRSS_OK && i < n; i++) {
		fuzz_check_clean(h[i].title, 1);
		fuzz_check_clean(h[i].link, 1);
		fuzz_check_clean(h[i].author, 1);
		fuzz_check_clean(h[i].content, 0);
		fuzz_check_clean(h[i].language, 1);
	}
	if (st == TTRSS_OK)
		ttrss_headlines_free(&h, n);
	return 0;
}
