/* fuzz_feed.c - libFuzzer target for the feed parser (whole and pushed). */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "feed.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct feed_parser *p;
	struct feed *f;
	char *cause = NULL, *key;
	size_t i, step;

	f = feed_parse((const char *)data, len, "https://fuzz.example/a/b.xml",
	    NULL, &cause);
	if (f != NULL)
		for (i = 0; i < f->nitems; i++) {
			key = feed_item_key(&f->items[i]);
			free(key);
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
	feed_free(&f);
	free(cause);
	return 0;
}
