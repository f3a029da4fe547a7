/* scrape-int.h - what the files of the index-page scraper share. */
#ifndef PUNDIT_SCRAPE_INT_H
#define PUNDIT_SCRAPE_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "scrape.h"

#define SCRAPE_MAX_LINKS	1000
#define SCRAPE_MAX_DEPTH	200

/* An attribute's value without copying, or NULL. */
const char *scrape_attr(const xmlNode *, const char *name);
/* Whether n is an element called name. */
int	 scrape_is(const xmlNode *, const char *name);
/*
 * A link's text, sanitised on one line (its title attribute when it has
 * none), and its length in characters to *chars when not NULL.
 */
char	*scrape_link_text(xmlNode *, size_t *chars);
/*
 * href (from a, which may be NULL) resolved against base, if an http(s)
 * URL not yet in s and not the page itself, without its fragment.
 */
void	 scrape_add_link(struct scrape *, const char *base, const char *href,
	    xmlNode *a);
/*
 * The article links of an index page without an XPath (scrape-guess.c):
 * page_url is the page's own URL, which says what is on the same site.
 */
void	 scrape_guess(struct scrape *, xmlDoc *, const char *base,
	    const char *page_url);

#endif
