/* fuzz_extract.c - libFuzzer target for main-content extraction. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "extract.h"
#include "fuzz-check.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* The page with one of a few Content-Types and URLs, picked by a byte. */
static const char *const types[] = {
	NULL,
	"text/html",
	"text/html; charset=utf-8",
	"text/html; charset=gbk",
	"text/html; charset=iso-8859-1",
	"application/xhtml+xml; charset=\"shift_jis\"",
	"text/html; charset=bogus-charset",
	"text/plain",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct extract *x;
	const char *url;
	char *plain;
	size_t i;
	unsigned sel;

	sel = len > 0 ? data[len - 1] : 0;
	url = sel & 8 ? "https://fuzz.example/a/b.html" : NULL;
	x = extract_page((const char *)data, len, url,
	    types[sel % (sizeof types / sizeof types[0])]);
	if (x == NULL || x->html == NULL)
		abort();
	fuzz_check_clean(x->title, 1);
	fuzz_check_clean(x->author, 1);
	fuzz_check_clean(x->language, 1);
	for (i = 0; i < x->body.nblocks; i++) {
		if (x->body.blocks[i].text == NULL)
			abort();
		fuzz_check_clean(x->body.blocks[i].text, 0);
	}
	for (i = 0; i < x->body.nlinks; i++)
		fuzz_check_clean(x->body.links[i], 1);
	plain = extract_plain(x);
	if (plain == NULL)
		abort();
	fuzz_check_clean(plain, 0);
	free(plain);
	extract_free(&x);
	if (x != NULL)
		abort();
	return 0;
}
