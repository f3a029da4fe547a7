/* fuzz_html.c - libFuzzer target for the HTML renderer. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "html.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct html_text t;
	size_t i;

	memset(&t, 0, sizeof t);
	html_render((const char *)data, len, len > 0 && data[0] & 1 ?
	    "https://fuzz.example/a/b.html" : NULL, &t);
	for (i = 0; i < t.nblocks; i++) {
		if (t.blocks[i].text == NULL)
			abort();
		fuzz_check_clean(t.blocks[i].text, 0);
	}
	for (i = 0; i < t.nlinks; i++)
		fuzz_check_clean(t.links[i], 1);
	html_text_free(&t);
	return 0;
}
