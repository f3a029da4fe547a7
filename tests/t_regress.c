/* t_regress.c - inputs the fuzzers found (tests/regress/), run again. */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "charset.h"
#include "conf.h"
#include "date.h"
#include "extract.h"
#include "feed.h"
#include "html.h"
#include "newsboat.h"
#include "opml.h"
#include "scrape.h"
#include "search.h"
#include "sources.h"
#include "store.h"
#include "tap.h"
#include "ttrss.h"
#include "util.h"

/* What fuzz/fuzz_feed.c does: whole, then pushed in pieces. */
static int
run_feed(const char *s, size_t len)
{
	struct feed_parser *p;
	struct feed *f;
	char *cause = NULL, *key;
	size_t i, step;

	f = feed_parse(s, len, "https://fuzz.example/a/b.xml", NULL, &cause);
	for (i = 0; f != NULL && i < f->nitems; i++) {
		key = feed_item_key(&f->items[i]);
		free(key);
	}
	feed_free(&f);
	free(cause);
	cause = NULL;
	p = feed_parser_new(NULL, "application/rss+xml; charset=utf-8");
	step = len > 0 ? (size_t)(unsigned char)s[0] % 7 + 1 : 1;
	for (i = 0; i < len; i += step)
		feed_parser_push(p, s + i, len - i < step ? len - i : step);
	f = feed_parser_finish(&p, &cause);
	feed_free(&f);
	free(cause);
	return 1;
}

static int
run_charset(const char *s, size_t len)
{
	char *out = NULL, *cause = NULL;
	size_t outlen;
	const char *enc;

	enc = charset_detect(s, len, NULL, CHARSET_XML);
	if (charset_to_utf8(s, len, enc, &out, &outlen, &cause) == 0)
		free(out);
	else
		free(cause);
	return 1;
}

static int
run_date(const char *s, size_t len)
{
	time_t t;

	(void)len;
	(void)date_parse(s, &t);
	return 1;
}

static int
run_html(const char *s, size_t len)
{
	struct html_text t;

	memset(&t, 0, sizeof t);
	html_render(s, len, "https://fuzz.example/a/b.html", &t);
	html_text_free(&t);
	return 1;
}

static int
run_extract(const char *s, size_t len)
{
	struct extract *x;
	char *plain;

	x = extract_page(s, len, "https://fuzz.example/a/b.html", NULL);
	plain = extract_plain(x);
	free(plain);
	extract_free(&x);
	return 1;
}

/* What fuzz/fuzz_search.c does: parse, then run it on an empty cache. */
static int
run_search(const char *s, size_t len)
{
	static struct store *st;
	struct search_query *q;
	char *cause = NULL;
	long n;
	int rc = 1;

	if (st == NULL && store_open(":memory:", &st, &cause) != 0) {
		diag("%s", cause);
		free(cause);
		return 0;
	}
	if (search_parse(s, len, &q, &cause) != 0) {
		rc = cause != NULL;
		free(cause);
		return rc;
	}
	if (search_count(st, q, &n, &cause) != 0) {
		diag("%s", cause);
		free(cause);
		rc = 0;
	}
	search_query_free(&q);
	return rc;
}

/* What fuzz/fuzz_sources.c checks: each source formats to a line that
   reads back as the same source. */
static int
run_sources(const char *s, size_t len)
{
	struct sources_list list, again;
	char **errors = NULL, *line;
	size_t i;
	int same = 1;

	sources_parse(s, len, "regress", &list, &errors);
	util_strv_free(&errors);
	for (i = 0; i < list.n; i++) {
		line = sources_format(list.v[i]);
		sources_parse(line, strlen(line), "again", &again, &errors);
		if (errors != NULL || again.n != 1 ||
		    strcmp(again.v[0]->url, list.v[i]->url) != 0 ||
		    util_strv_len(again.v[0]->tags) !=
		    util_strv_len(list.v[i]->tags) ||
		    (list.v[i]->name != NULL && *list.v[i]->name != '\0' &&
		    (again.v[0]->name == NULL ||
		    strcmp(again.v[0]->name, list.v[i]->name) != 0))) {
			diag("does not read back: %s", line);
			same = 0;
		}
		util_strv_free(&errors);
		sources_list_free(&again);
		free(line);
	}
	sources_list_free(&list);
	return same;
}

static int
run_conf(const char *s, size_t len)
{
	struct conf *c;
	char **errors = NULL;

	c = conf_new();
	conf_parse(c, s, len, "regress", &errors);
	util_strv_free(&errors);
	conf_free(&c);
	return 1;
}

/* What fuzz/fuzz_scrape.c does, with the heuristic and with an XPath. */
static int
run_scrape(const char *s, size_t len)
{
	struct scrape *sc;
	char *cause = NULL;
	int ok_ = 1, k;

	for (k = 0; k < 2; k++) {
		sc = scrape_page(s, len, "https://fuzz.example/analysis/",
		    NULL, k == 0 ? NULL : "//h2/a", &cause);
		if (sc == NULL) {
			diag("%s", cause);
			free(cause);
			cause = NULL;
			ok_ = 0;
			continue;
		}
		scrape_free(&sc);
	}
	return ok_;
}

/* What fuzz/fuzz_ttrss.c does: every answer parser on the same bytes. */
static int
run_ttrss(const char *s, size_t len)
{
	struct ttrss_counters c;
	struct ttrss_category *cats = NULL;
	struct ttrss_feed *feeds = NULL;
	struct ttrss_headline *h = NULL;
	char *cause = NULL, *sid = NULL;
	size_t n = 0;

	if (ttrss_parse_login(s, len, &sid, &cause) == TTRSS_OK)
		free(sid);
	free(cause);
	cause = NULL;
	(void)ttrss_parse_status(s, len, &cause);
	free(cause);
	cause = NULL;
	(void)ttrss_parse_counters(s, len, &c, &cause);
	ttrss_counters_free(&c);
	free(cause);
	cause = NULL;
	if (ttrss_parse_categories(s, len, &cats, &n, &cause) == TTRSS_OK)
		ttrss_categories_free(&cats, n);
	free(cause);
	cause = NULL;
	n = 0;
	if (ttrss_parse_feeds(s, len, &feeds, &n, &cause) == TTRSS_OK)
		ttrss_feeds_free(&feeds, n);
	free(cause);
	cause = NULL;
	n = 0;
	if (ttrss_parse_headlines(s, len, &h, &n, &cause) == TTRSS_OK)
		ttrss_headlines_free(&h, n);
	free(cause);
	return 1;
}

/* What fuzz/fuzz_opml.c reads: OPML, then the same bytes as newsboat's. */
static int
run_opml(const char *s, size_t len)
{
	struct sources_import imp;
	char *cause = NULL;

	memset(&imp, 0, sizeof imp);
	if (opml_parse(s, len, "regress", &imp, &cause) == 0)
		sources_import_free(&imp);
	free(cause);
	cause = NULL;
	memset(&imp, 0, sizeof imp);
	if (newsboat_parse(s, len, "regress", &imp, &cause) == 0)
		sources_import_free(&imp);
	free(cause);
	return 1;
}

static const struct {
	const char	*prefix;
	int		(*run)(const char *, size_t);
} kinds[] = {
	{ "feed-", run_feed },
	{ "charset-", run_charset },
	{ "date-", run_date },
	{ "html-", run_html },
	{ "extract-", run_extract },
	{ "search-", run_search },
	{ "sources-", run_sources },
	{ "conf-", run_conf },
	{ "scrape-", run_scrape },
	{ "ttrss-", run_ttrss },
	{ "opml-", run_opml },
};

int
main(void)
{
	struct dirent *de;
	struct buf b = BUF_INIT;
	const char *top;
	char *dir, *path, *exact;
	FILE *fp;
	DIR *d;
	size_t i, n;
	char chunk[8192];

	top = getenv("top_srcdir");
	dir = xasprintf("%s/tests/regress", top != NULL ? top : ".");
	if ((d = opendir(dir)) == NULL) {
		printf("1..0 # SKIP no %s\n", dir);
		free(dir);
		return 0;
	}
	while ((de = readdir(d)) != NULL) {
		for (i = 0; i < NITEMS(kinds); i++)
			if (strncmp(de->d_name, kinds[i].prefix,
			    strlen(kinds[i].prefix)) == 0)
				break;
		if (de->d_name[0] == '.')
			continue;
		if (i == NITEMS(kinds)) {
			/* A kept input no runner reads would pass unseen. */
			ok(0, "%s: no runner for its prefix", de->d_name);
			continue;
		}
		path = xasprintf("%s/%s", dir, de->d_name);
		buf_reset(&b);
		if ((fp = fopen(path, "rb")) != NULL) {
			while ((n = fread(chunk, 1, sizeof chunk, fp)) > 0)
				buf_add(&b, chunk, n);
			fclose(fp);
		}
		/* Exactly len bytes, as libFuzzer gives them, NULL for none
		   (date_parse takes a C string and gets one). */
		exact = NULL;
		if (b.len > 0) {
			exact = xmalloc(b.len);
			memcpy(exact, b.data, b.len);
		}
		ok(fp != NULL && kinds[i].run(kinds[i].run == run_date ?
		    buf_str(&b) : exact, b.len), "%s runs through",
		    de->d_name);
		free(exact);
		free(path);
	}
	closedir(d);
	buf_free(&b);
	free(dir);
	return done_testing();
}
