/* html.h - HTML to blocks of terminal text, links numbered. */
#ifndef PUNDIT_HTML_H
#define PUNDIT_HTML_H

#include <stddef.h>

enum html_block_kind {
	HTML_PARAGRAPH,
	HTML_HEADING,
	HTML_ITEM,		/* a list item; depth is its nesting */
	HTML_QUOTE,		/* a paragraph inside a blockquote */
	HTML_PRE,		/* preformatted: lines kept as they are */
};

struct html_block {
	enum html_block_kind	 kind;
	int			 depth;	/* list or quote nesting, from 1 */
	int			 ordinal; /* items: 0 bullet, N numbered,
					     -1 a further paragraph */
	char			*text;	/* sanitised UTF-8; "\n" = line break */
};

struct html_text {
	struct html_block	*blocks;
	size_t			 nblocks;
	char		       **links;	/* links[i] is [i + 1], absolute */
	size_t			 nlinks;
};

/*
 * Render an HTML fragment or document (UTF-8) into blocks. Script, style
 * and other non-content elements are dropped, entities decoded, images
 * become "[image: alt]", links "text[N]" with their targets in links
 * (resolved against base_url when given; javascript: and data: dropped).
 * Never fails: text that is not HTML comes out as paragraphs.
 */
void	html_render(const char *html, size_t len, const char *base_url,
	    struct html_text *);
/* Flags of html_render_flags. */
#define HTML_PLAIN 0x1		/* no link markers, links or image notes */
void	html_render_flags(const char *html, size_t len, const char *base_url,
	    int flags, struct html_text *);
/* html_render into out and, from the same parse, HTML_PLAIN into plain. */
void	html_render_both(const char *html, size_t len, const char *base_url,
	    struct html_text *out, struct html_text *plain);
void	html_text_free(struct html_text *);

/*
 * An absolute http, https or mailto URL for href resolved against base
 * (may be NULL), sanitised; NULL for fragments, javascript:, data: and
 * anything that is not a URL. The caller frees it.
 */
char	*html_resolve(const char *base, const char *href);

#endif
