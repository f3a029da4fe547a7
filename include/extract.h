/* extract.h - the article itself out of a whole web page. */
#ifndef PUNDIT_EXTRACT_H
#define PUNDIT_EXTRACT_H

#include <stddef.h>
#include <time.h>

#include "html.h"

struct extract {
	char		*title;		/* sanitised one-line text, or NULL */
	char		*author;	/* "A, B" when several, or NULL */
	char		*date;		/* the date as the page writes it */
	time_t		 published;	/* UTC, 0: unknown */
	char		*lead;		/* description or standfirst, or NULL */
	char		*site_name;
	char		*language;	/* "en", "zh-CN"..., or NULL */
	char		*url;		/* canonical URL, else the one given */
	/*
	 * The body as minimal HTML (p, h2-h6, lists, blockquote, pre,
	 * tables, br, a, img alt, em, strong, code), safe to store and to
	 * render again with html_render; "" when no body was found.
	 */
	char		*html;
	struct html_text body;		/* html rendered into blocks */
	size_t		 text_len;	/* characters of body text */
};

/*
 * Extract the article from len bytes of a page at url (may be NULL): the
 * encoding is found from the bytes, the HTTP content_type (may be NULL)
 * and the page's own declaration, and sniffed when those are wrong.
 * Navigation, headers, footers, share bars, related lists, comments and
 * the like are left out. Never fails: a page without an article gives
 * an empty body (text_len 0) and whatever metadata it has.
 */
struct extract *extract_page(const char *bytes, size_t len, const char *url,
	    const char *content_type);
void	extract_free(struct extract **);

/*
 * The body as plain text: one paragraph a line, no link markers, list
 * items and quotes without decoration. The caller frees it.
 */
char	*extract_plain(const struct extract *);

#endif
