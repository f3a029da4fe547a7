/* fuzz_feed.c - libFuzzer target for the feed parser (whole and pushed). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Everything meant for a terminal comes out sanitised. */
static void
check(const struct feed *f)
{
	const struct feed_item *it;
	size_t i, j;

	fuzz_check_clean(f->title, 1);
	fuzz_check_clean(f->link, 1);
	for (i = 0; i < f->nitems; i++) {
		it = &f->items[i];
		fuzz_check_clean(it->title, 1);
		fuzz_check_clean(it->link, 1);
		fuzz_check_clean(it->summary, 0);
		fuzz_check_clean(it->content, 0);
		for (j = 0; it->authors != NULL && it->authors[j] != NULL; j++)
			fuzz_check_clean(it->authors[j], 1);
		for (j = 0; it->categories != NULL &&
		    it->categories[j] != NULL; j++)
			fuzz_check_clean(it->categories[j], 1);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct feed_parser *p;
	struct feed *f;
	char *cause = NULL, *key;
	size_t i, step;

	f = feed_parse((const char *)data, len, "https://fuzz.example/a/b.xml",
	    NULL, &cause);
	if (f != NULL) {
		check(f);
		for (i = 0; i < f->nitems; i++) {
			key = feed_item_key(&f->items[i]);
			free(key);
		}
	}
	feed_free(&f);
	free(cause);
	cause = NULL;

	/* The same bytes pushed in uneven pieces, with a Content-Type. */
	p = feed_parser_new(NULL, "application/rss+xml; charset=utf-8");
	step = len > 0 ? (size_t)data[0] % 7 + 1 : 1;
	for (i = 0; i < len; i += step)
		feed_parser_push(p, (const char *)data + i,
		    len - i < step ? len - i : step);
	f = feed_parser_finish(&p, &cause);
	if (f != NULL)
		check(f);
	feed_free(&f);
	free(cause);
	return 0;
}
