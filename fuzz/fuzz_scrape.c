/* fuzz_scrape.c - libFuzzer target for the links of an HTML index page. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz-check.h"
#include "scrape.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/*
 * The last byte picks a Content-Type and an XPath (none: the heuristic
 * for lists of articles; or a few shapes sources files use).
 */
static const char *const types[] = {
	NULL,
	"text/html; charset=utf-8",
	"text/html; charset=gb2312",
	"text/html; charset=bogus",
};
static const char *const xpaths[] = {
	NULL,
	"//a",
	"//h2/a",
	"//div[contains(@class,'item')]",
	"//a/@href",
	"//li/text()",
	"//*[@id='list']//a[contains(@href,'/2')]",
	NULL,
};

static int
is_http(const char *url)
{
	return strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct scrape *s;
	char *cause = NULL;
	size_t i, j;
	unsigned sel;

	sel = len > 0 ? data[len - 1] : 0;
	s = scrape_page((const char *)data, len,
	    sel & 0x20 ? "https://fuzz.example/analysis/" :
	    "http://fuzz.example", types[sel % 4], xpaths[(sel >> 2) % 8],
	    &cause);
	if (s == NULL) {
		/* Only an invalid XPath fails, and these are valid. */
		abort();
	}
	fuzz_check_clean(s->title, 1);
	for (i = 0; i < s->nlinks; i++) {
		if (s->links[i].url == NULL || !is_http(s->links[i].url) ||
		    strchr(s->links[i].url, '#') != NULL)
			abort();
		fuzz_check_clean(s->links[i].url, 1);
		fuzz_check_clean(s->links[i].title, 1);
		for (j = 0; j < i; j++)
			if (strcmp(s->links[i].url, s->links[j].url) == 0)
				abort();
	}
	scrape_free(&s);
	if (s != NULL)
		abort();
	free(cause);
	return 0;
}
