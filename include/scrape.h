/* scrape.h - article links out of an HTML index page, by XPath. */
#ifndef PUNDIT_SCRAPE_H
#define PUNDIT_SCRAPE_H

#include <stddef.h>

struct scrape_link {
	char	*url;		/* absolute http(s) URL */
	char	*title;		/* the link's text, sanitised; may be NULL */
};

struct scrape {
	struct scrape_link *links;	/* in page order, no duplicates */
	size_t		 nlinks;
	char		*title;		/* the page's <title>, or NULL */
};

/*
 * Find the article links of an index page (len bytes at base_url;
 * content_type may be NULL). With an XPath, the nodes it selects are the
 * links: <a> elements, elements with an <a> inside (the first one), or
 * attribute and text nodes holding URLs. Without one, a heuristic picks
 * the largest group of similar links with headline-like text. Links are
 * resolved against the page (and its <base>), only http and https kept,
 * fragments dropped, duplicates removed. Returns NULL with a cause for
 * an invalid XPath.
 */
struct scrape *scrape_page(const char *bytes, size_t len, const char *base_url,
	    const char *content_type, const char *xpath, char **cause);
void	scrape_free(struct scrape **);

#endif
