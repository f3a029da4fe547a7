/* feed-int.h - what the files of the feed parser share. */
#ifndef PUNDIT_FEED_INT_H
#define PUNDIT_FEED_INT_H

#include <stddef.h>

#include <libxml/parser.h>

#include "buf.h"
#include "feed.h"

/* The namespaces the parser knows; anything else is FEED_NS_OTHER. */
enum feed_ns {
	FEED_NS_NONE,		/* no namespace, or a plain-RSS one */
	FEED_NS_ATOM10,
	FEED_NS_ATOM03,
	FEED_NS_RSS10,
	FEED_NS_RSS090,
	FEED_NS_RDF,
	FEED_NS_DC,
	FEED_NS_DCTERMS,
	FEED_NS_CONTENT,
	FEED_NS_MEDIA,
	FEED_NS_XHTML,
	FEED_NS_ITUNES,
	FEED_NS_OTHER,
};

/* What an element is to the parser. */
enum feed_frame_kind {
	FRAME_OTHER,
	FRAME_ROOT,
	FRAME_CHANNEL,
	FRAME_ITEM,
	FRAME_SKIP,		/* image, textinput: titles not ours */
	FRAME_AUTHOR,		/* Atom author, contributor */
	FRAME_SOURCE,		/* Atom source */
	FRAME_GROUP,		/* media:group: children read as its parent's */
};

/* How the character data of a captured element is to be read. */
enum feed_cap {
	CAP_TEXT,		/* plain text */
	CAP_HTML,		/* HTML source, escaped in the XML */
	CAP_XHTML,		/* XHTML elements inline */
	CAP_XHTML_DIV,		/* the same, in an Atom 1.0 wrapper div */
	CAP_BASE64,		/* Atom 0.3 mode="base64" */
};

/* The fields a captured element fills. */
enum feed_field {
	FIELD_NONE,
	FIELD_TITLE,
	FIELD_LINK,
	FIELD_GUID,
	FIELD_AUTHOR,
	FIELD_AUTHOR_NAME,	/* inside an Atom author */
	FIELD_AUTHOR_EMAIL,
	FIELD_PUBLISHED,
	FIELD_UPDATED,
	FIELD_SUMMARY,
	FIELD_CONTENT,
	FIELD_CATEGORY,
	FIELD_LANGUAGE,
	FIELD_SOURCE_TITLE,	/* RSS <source url="">title</source> */
	FIELD_TITLE_FB,		/* media:title, when there is no title */
	FIELD_SUMMARY_FB,	/* media:description, itunes:summary */
};

struct feed_frame {
	enum feed_ns		 ns;
	const xmlChar		*name;	/* owned by the parser's dictionary */
	enum feed_frame_kind	 kind;
	enum feed_frame_kind	 group;	/* FRAME_GROUP: its parent's kind */
	char			*base;	/* xml:base in effect */
	char			*lang;	/* xml:lang in effect */
	int			 own;	/* base and lang are this frame's */
};

struct feed_parser {
	struct feed		*feed;
	char			*url;
	char			*content_type;
	xmlParserCtxtPtr	 ctxt;
	xmlSAXHandler		 sax;
	xmlDocPtr		 entities;	/* HTML entities handed out */
	xmlDocPtr		 attr_entities;	/* the same, in attributes */
	xmlDocPtr		 declared;	/* entities the feed declares */
	size_t			 expanded;	/* bytes they added */

	/* Before the encoding is known, and all of a non-UTF-8 input. */
	struct buf		 pending;
	int			 decided;	/* the encoding is known */
	int			 utf8;		/* ... and is UTF-8 */
	char			 partial[64];	/* what a push cut short */
	size_t			 npartial;
	size_t			 pushed;	/* bytes given to libxml2 */
	int			 markup;	/* in CDATA (1), a comment (2) */
	int			 dirty;		/* see feed_push_utf8 */

	struct feed_frame	*stack;
	size_t			 depth;
	size_t			 cap_stack;

	struct feed_item	*item;		/* the open item, if any */
	size_t			 item_depth;	/* of its element */
	int			 item_mismatch;	/* its end tag went missing */
	int			 in_source;

	/* The element whose text is being collected. */
	size_t			 cap_depth;	/* 0: none */
	enum feed_cap		 cap_mode;
	enum feed_cap		 cap_inner;	/* base64: the decoded type */
	enum feed_field		 cap_field;
	int			 cap_feed;	/* a field of the feed */
	int			 cap_permalink;	/* guid isPermaLink */
	int			 cap_uri;	/* an Atom id */
	int			 cap_dirty;	/* not clean text of its own */
	struct buf		 cap;

	/* Stand-ins for an item's title and summary. */
	char			*fb_title;
	char			*fb_summary;

	/* A root in a namespace of its own ("feed" in an old Atom draft
	   namespace): its elements read as the format's. */
	char			*alias_uri;
	enum feed_ns		 alias_ns;

	/* Atom author being read. */
	char			*author_name;
	char			*author_email;

	/* Fields found in links (Atom), settled at the end of an item. */
	int			 link_pri;	/* quality of the link */
	int			 feed_link_pri;
	char			*guid_link;	/* an RSS permalink guid */
	int			 feed_updated_pri;
	int			 root_seen;

	char			*error;		/* the first problem */
	int			 errors;
};

/* feed-elem.c: what each element means. */
void	feed_elem_start(struct feed_parser *, struct feed_frame *,
	    const xmlChar **attrs, int nattrs);
void	feed_elem_end(struct feed_parser *, struct feed_frame *);
void	feed_item_close(struct feed_parser *);
/* feed.c */
void	feed_item_release(struct feed_item *);
enum feed_ns feed_ns_of(const xmlChar *uri);

/* feed-html.c: HTML in feeds. */
/* Sanitise an HTML fragment (an allow list of elements, attributes and
   CSS), links resolved against base. Returns a new string. */
char   *feed_html_sanitize(const char *html, size_t len, const char *base);
/* The same; *added is set when it added text that is not clean
   (feed_text_clean): attribute values decoded from references. All else
   it gives is cut from html at ASCII bytes, or ASCII of its own. */
char   *feed_html_sanitize_added(const char *html, size_t len,
	    const char *base, int *added);
/* The text of an HTML fragment: tags and scripts dropped, entities
   decoded, not yet sanitised. */
char   *feed_html_text(const char *html, size_t len);
/* Decode the character references in an attribute value as libxml2
   leaves them ("&#38;" for &amp;, "&name;" for HTML entities). */
char   *feed_html_decode(const char *s, size_t len);
/* Append text escaped as HTML. */
void	feed_html_escape(struct buf *, const char *s, size_t len);
/* Whether a text looks like HTML (a tag or an entity). */
int	feed_html_like(const char *s);
/* Resolve href against base; NULL when href is empty or not a URL a reader
   should follow (javascript:, data:...). */
char   *feed_url_resolve(const char *base, const char *href);
/* Whether text_sanitize(s, len, 0) would leave s as it is. */
int	feed_text_clean(const char *s, size_t len);
/* Windows-1252 for U+0080-U+009F in a UTF-8 buffer, in place. */
void	feed_fix_c1(struct buf *);
/* The UTF-8 text of an HTML entity name, or NULL. */
const char *feed_html_entity(const char *name, char *out, size_t outlen);

#endif
