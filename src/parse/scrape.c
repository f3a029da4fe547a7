/* scrape.c - article links out of an HTML index page, by XPath. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "scrape.h"
#include "util.h"

struct scrape *
scrape_page(const char *bytes, size_t len, const char *base_url,
    const char *content_type, const char *xpath, char **cause)
{
	return xcalloc(1, sizeof(struct scrape));
}

void
scrape_free(struct scrape **sp)
{
	free(*sp);
	*sp = NULL;
}
