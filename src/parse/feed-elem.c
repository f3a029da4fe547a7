/* feed-elem.c - what RSS, RDF and Atom elements mean, as they stream by. */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "date.h"
#include "feed.h"
#include "feed-int.h"
#include "text.h"
#include "util.h"

static const struct {
	const char	*uri;
	enum feed_ns	 ns;
} namespaces[] = {
	{ "http://www.w3.org/2005/Atom", FEED_NS_ATOM10 },
	{ "http://purl.org/atom/ns#", FEED_NS_ATOM03 },
	{ "http://purl.org/rss/1.0/", FEED_NS_RSS10 },
	{ "http://my.netscape.com/rdf/simple/0.9/", FEED_NS_RSS090 },
	{ "http://www.w3.org/1999/02/22-rdf-syntax-ns#", FEED_NS_RDF },
	{ "http://purl.org/dc/elements/1.1/", FEED_NS_DC },
	{ "http://purl.org/dc/elements/1.0/", FEED_NS_DC },
	{ "http://purl.org/dc/terms/", FEED_NS_DCTERMS },
	{ "http://purl.org/rss/1.0/modules/content/", FEED_NS_CONTENT },
	{ "http://search.yahoo.com/mrss/", FEED_NS_MEDIA },
	{ "http://search.yahoo.com/mrss", FEED_NS_MEDIA },
	{ "http://www.w3.org/1999/xhtml", FEED_NS_XHTML },
	{ "http://www.itunes.com/dtds/podcast-1.0.dtd", FEED_NS_ITUNES },
	/* Old homes of plain RSS. */
	{ "http://backend.userland.com/rss", FEED_NS_NONE },
	{ "http://backend.userland.com/rss2", FEED_NS_NONE },
	{ "http://blogs.law.harvard.edu/tech/rss", FEED_NS_NONE },
	{ "http://purl.org/net/rss1.1#", FEED_NS_RSS10 },
};

/* Elements serialised without an end tag. */
static const char *const void_elements[] = {
	"area", "base", "basefont", "br", "col", "command", "embed", "frame",
	"hr", "img", "input", "isindex", "keygen", "link", "meta", "param",
	"source", "track", "wbr",
};

enum feed_ns
feed_ns_of(const xmlChar *uri)
{
	size_t i;

	if (uri == NULL || *uri == '\0')
		return FEED_NS_NONE;
	for (i = 0; i < NITEMS(namespaces); i++)
		if (strcasecmp((const char *)uri, namespaces[i].uri) == 0)
			return namespaces[i].ns;
	return FEED_NS_OTHER;
}

static int
is(const struct feed_frame *f, const char *name)
{
	if (f->ns == FEED_NS_NONE)	/* as podcast readers do */
		return strcasecmp((const char *)f->name, name) == 0;
	return strcmp((const char *)f->name, name) == 0;
}

static int
is_atom(const struct feed_frame *f)
{
	return f->ns == FEED_NS_ATOM10 || f->ns == FEED_NS_ATOM03;
}

static int
is_rss(const struct feed_frame *f)
{
	return f->ns == FEED_NS_NONE || f->ns == FEED_NS_RSS10 ||
	    f->ns == FEED_NS_RSS090;
}

/* The value of an attribute (no namespace) as a new string, or NULL. */
static char *
attr(const xmlChar **attrs, int nattrs, const char *name)
{
	const xmlChar **a;
	int i;

	for (i = 0, a = attrs; i < nattrs; i++, a += 5)
		if (strcmp((const char *)a[0], name) == 0 && (a[2] == NULL ||
		    strcmp(name, "about") == 0))
			return feed_html_decode((const char *)a[3],
			    (size_t)(a[4] - a[3]));
	return NULL;
}

static int
attr_present(const xmlChar **attrs, int nattrs, const char *name)
{
	char *v;

	if ((v = attr(attrs, nattrs, name)) == NULL)
		return 0;
	free(v);
	return 1;
}

static int
atom_format(const struct feed_parser *p)
{
	return p->feed->format == FEED_ATOM10 ||
	    p->feed->format == FEED_ATOM03;
}

static int
is_void(const char *name)
{
	size_t i;

	for (i = 0; i < NITEMS(void_elements); i++)
		if (strcasecmp(name, void_elements[i]) == 0)
			return 1;
	return 0;
}

/* Serialise an element nested in captured markup. */
static void
serialise_start(struct feed_parser *p, struct feed_frame *f,
    const xmlChar **attrs, int nattrs)
{
	const xmlChar **a;
	int i;

	buf_addc(&p->cap, '<');
	buf_adds(&p->cap, (const char *)f->name);
	char *v;

	for (i = 0, a = attrs; i < nattrs; i++, a += 5) {
		buf_addc(&p->cap, ' ');
		if (a[1] != NULL && strcmp((const char *)a[1], "xml") != 0) {
			buf_adds(&p->cap, (const char *)a[1]);
			buf_addc(&p->cap, ':');
		}
		buf_adds(&p->cap, (const char *)a[0]);
		buf_adds(&p->cap, "=\"");
		v = feed_html_decode((const char *)a[3], (size_t)(a[4] - a[3]));
		if (!feed_text_clean(v, strlen(v)))
			p->cap_dirty = 1;
		feed_html_escape(&p->cap, v, strlen(v));
		free(v);
		buf_addc(&p->cap, '"');
	}
	buf_adds(&p->cap, is_void((const char *)f->name) ? " />" : ">");
}

/* How an Atom text construct (or Atom 0.3 content) is to be read. */
static enum feed_cap
text_construct(const struct feed_frame *f, const xmlChar **attrs, int nattrs,
    enum feed_cap *inner)
{
	char *type, *mode;
	enum feed_cap cap;

	type = attr(attrs, nattrs, "type");
	mode = attr(attrs, nattrs, "mode");
	if (type == NULL || *type == '\0' || strcasecmp(type, "text") == 0 ||
	    strcasecmp(type, "text/plain") == 0)
		cap = CAP_TEXT;
	else if (strcasecmp(type, "html") == 0 ||
	    strcasecmp(type, "text/html") == 0)
		cap = CAP_HTML;
	else if (strcasecmp(type, "xhtml") == 0 && f->ns == FEED_NS_ATOM10)
		cap = CAP_XHTML_DIV;
	else if (strcasecmp(type, "xhtml") == 0 ||
	    strcasecmp(type, "application/xhtml+xml") == 0)
		cap = CAP_XHTML;
	else if (strncasecmp(type, "text/", 5) == 0)
		cap = CAP_TEXT;
	else if (strstr(type, "xml") != NULL)
		cap = CAP_XHTML;	/* other XML inline: kept as markup */
	else {
		/* Anything else is base64 (RFC 4287 4.1.3.3). */
		*inner = CAP_HTML;
		cap = CAP_BASE64;
	}
	if (f->ns == FEED_NS_ATOM03 && mode != NULL) {
		if (strcasecmp(mode, "base64") == 0) {
			*inner = cap == CAP_XHTML ? CAP_HTML : cap;
			cap = CAP_BASE64;
		} else if (strcasecmp(mode, "escaped") == 0 &&
		    cap == CAP_XHTML)
			cap = CAP_HTML;
	}
	free(type);
	free(mode);
	return cap;
}

static void
capture(struct feed_parser *p, enum feed_field field, enum feed_cap mode,
    int feed_level)
{
	p->cap_depth = p->depth;
	p->cap_field = field;
	p->cap_mode = mode;
	p->cap_feed = feed_level;
	p->cap_dirty = 0;
	buf_reset(&p->cap);
}

/* A later date of the same kind replaces an earlier one. */
static void
set_date(time_t *t, const char *s)
{
	time_t v;

	if (date_parse(s, &v) == 0)
		*t = v;
}

/* A language tag as BCP 47 writes it ("en_US" -> "en-US"). */
static char *
lang_tag(char *s)
{
	char *c;

	for (c = s; *c != '\0'; c++)
		if (*c == '_')
			*c = '-';
	return s;
}

static void
set_str(char **dst, char *s)
{
	if (*dst == NULL && s != NULL && *s != '\0')
		*dst = s;
	else
		free(s);
}

static void
add_enclosure(struct feed_item *it, const char *base, const char *url,
    const char *type, const char *length)
{
	struct feed_enclosure *e;
	long long n;
	char *abs;

	if (url == NULL || (abs = feed_url_resolve(base, url)) == NULL)
		return;
	it->enclosures = xreallocarray(it->enclosures, it->nenclosures + 1,
	    sizeof *it->enclosures);
	e = &it->enclosures[it->nenclosures++];
	e->url = abs;
	e->type = type != NULL && *type != '\0' ?
	    text_sanitize(type, strlen(type), TEXT_ONELINE) : NULL;
	e->length = -1;
	if (length != NULL && util_parse_int(length, 0, INT64_MAX, &n) == 0)
		e->length = n;
}

/* An Atom link: alternate, self or enclosure. */
static void
atom_link(struct feed_parser *p, struct feed_frame *f, enum feed_frame_kind in,
    const xmlChar **attrs, int nattrs)
{
	char *rel, *href, *type, *length, *abs;
	int pri;

	href = attr(attrs, nattrs, "href");
	rel = attr(attrs, nattrs, "rel");
	if (href == NULL) {
		/* Atom 0.3 feeds in the wild put the URL in the content. */
		if ((rel == NULL || strcasecmp(rel, "alternate") == 0) &&
		    (in == FRAME_ITEM || in == FRAME_CHANNEL ||
		    in == FRAME_ROOT))
			capture(p, FIELD_LINK, CAP_TEXT, in != FRAME_ITEM);
		free(rel);
		return;
	}
	type = attr(attrs, nattrs, "type");
	length = attr(attrs, nattrs, "length");
	if (rel == NULL || strcasecmp(rel, "alternate") == 0) {
		pri = 1;
		if (type == NULL || strcasecmp(type, "text/html") == 0 ||
		    strcasecmp(type, "application/xhtml+xml") == 0)
			pri = 2;
		abs = feed_url_resolve(f->base, href);
		if (abs == NULL)
			;
		else if (in == FRAME_SOURCE && p->item != NULL)
			set_str(&p->item->source_url, abs), abs = NULL;
		else if (in == FRAME_ITEM && p->item != NULL &&
		    pri > p->link_pri) {
			free(p->item->link);
			p->item->link = abs;
			p->link_pri = pri;
			abs = NULL;
		} else if (in != FRAME_ITEM && in != FRAME_SOURCE &&
		    pri > p->feed_link_pri) {
			free(p->feed->link);
			p->feed->link = abs;
			p->feed_link_pri = pri;
			abs = NULL;
		}
		free(abs);
	} else if (strcasecmp(rel, "self") == 0 && in != FRAME_ITEM &&
	    in != FRAME_SOURCE)
		set_str(&p->feed->self, feed_url_resolve(f->base, href));
	else if (strcasecmp(rel, "enclosure") == 0 && in == FRAME_ITEM &&
	    p->item != NULL)
		add_enclosure(p->item, f->base, href, type, length);
	free(rel);
	free(href);
	free(type);
	free(length);
}

static void
item_open(struct feed_parser *p, struct feed_frame *f,
    const xmlChar **attrs, int nattrs)
{
	p->item = xcalloc(1, sizeof *p->item);
	p->item_depth = p->depth;
	p->link_pri = 0;
	p->in_source = 0;
	free(p->guid_link);
	p->guid_link = NULL;
	if (f->lang != NULL && *f->lang != '\0')
		p->item->language = lang_tag(xstrdup(f->lang));
	f->kind = FRAME_ITEM;
	free(p->fb_title);
	free(p->fb_summary);
	p->fb_title = p->fb_summary = NULL;
	/* RSS 1.0: the item's URI is its identity. */
	if (f->ns == FEED_NS_RSS10 || f->ns == FEED_NS_RSS090)
		set_str(&p->item->guid, attr(attrs, nattrs, "about"));
}

void
feed_item_close(struct feed_parser *p)
{
	struct feed_item *it = p->item;
	struct feed *feed = p->feed;

	if (it == NULL)
		return;
	p->item = NULL;
	p->item_depth = 0;
	p->item_mismatch = 0;
	if (it->link == NULL && p->guid_link != NULL) {
		it->link = p->guid_link;
		p->guid_link = NULL;
	}
	if (it->published == 0)
		it->published = it->updated;
	/* media:title, media:description and itunes:summary stand in. */
	if (it->title == NULL) {
		it->title = p->fb_title;
		p->fb_title = NULL;
	}
	if (it->summary == NULL && it->content == NULL) {
		it->summary = p->fb_summary;
		p->fb_summary = NULL;
	}
	free(p->fb_title);
	free(p->fb_summary);
	p->fb_title = p->fb_summary = NULL;

	/* Room doubles at each power of two: growing by one item is
	   quadratic where realloc copies (as under ASan: 100,000 items). */
	if (feed->nitems >= 16 && (feed->nitems & (feed->nitems - 1)) == 0)
		feed->items = xreallocarray(feed->items, feed->nitems * 2,
		    sizeof *feed->items);
	else if (feed->nitems == 0)
		feed->items = xreallocarray(NULL, 16, sizeof *feed->items);
	feed->items[feed->nitems++] = *it;
	free(it);
}

static void
root(struct feed_parser *p, struct feed_frame *f, const xmlChar **attrs,
    int nattrs)
{
	char *version;

	p->root_seen = 1;
	f->kind = FRAME_ROOT;
	version = attr(attrs, nattrs, "version");
	if (is(f, "rss")) {
		if (version == NULL)
			p->feed->format = FEED_RSS20;
		else if (strncmp(version, "0.9", 3) == 0 &&
		    strcmp(version, "0.90") != 0)
			p->feed->format = FEED_RSS091;
		else if (strcmp(version, "0.90") == 0)
			p->feed->format = FEED_RSS090;
		else
			p->feed->format = FEED_RSS20;
	} else if (is(f, "RDF"))
		p->feed->format = FEED_RSS10;
	else if (is(f, "feed")) {
		if (f->ns == FEED_NS_ATOM03 || (version != NULL &&
		    strncmp(version, "0.", 2) == 0))
			p->feed->format = FEED_ATOM03;
		else
			p->feed->format = FEED_ATOM10;
		if (f->lang != NULL && *f->lang != '\0')
			p->feed->language = lang_tag(xstrdup(f->lang));
	} else if (is(f, "channel"))
		f->kind = FRAME_CHANNEL;
	free(version);
}

/* Fields of items and of the feed, by element. */
static void
field(struct feed_parser *p, struct feed_frame *f, enum feed_frame_kind in,
    const xmlChar **attrs, int nattrs)
{
	int feed_level = in != FRAME_ITEM, atom = is_atom(f);
	enum feed_cap inner = CAP_TEXT, tc;
	char *v, *url, *len;

	if (atom || (f->ns == FEED_NS_NONE &&
	    (p->feed->format == FEED_ATOM10 ||
	    p->feed->format == FEED_ATOM03)))
		tc = text_construct(f, attrs, nattrs, &inner);
	else
		tc = CAP_TEXT;

	if (is(f, "title") && (is_rss(f) || atom || f->ns == FEED_NS_DC)) {
		capture(p, FIELD_TITLE, atom ? tc : CAP_TEXT, feed_level);
		p->cap_inner = inner;
	} else if (is(f, "link") && (atom || (f->ns == FEED_NS_NONE &&
	    attr_present(attrs, nattrs, "href"))))
		atom_link(p, f, in, attrs, nattrs);
	else if (is(f, "link") && is_rss(f))
		capture(p, FIELD_LINK, CAP_TEXT, feed_level);
	else if ((is(f, "guid") && f->ns == FEED_NS_NONE) ||
	    (is(f, "id") && (atom || f->ns == FEED_NS_NONE))) {
		if (feed_level)
			return;
		capture(p, FIELD_GUID, CAP_TEXT, 0);
		p->cap_uri = is(f, "id") && atom;
		v = attr(attrs, nattrs, "isPermaLink");
		p->cap_permalink = is(f, "guid") &&
		    (v == NULL || strcasecmp(v, "false") != 0);
		free(v);
	} else if ((is(f, "author") && f->ns == FEED_NS_NONE &&
	    !atom_format(p)) ||
	    (f->ns == FEED_NS_DC && (is(f, "creator") || is(f, "author"))) ||
	    (f->ns == FEED_NS_ITUNES && is(f, "author"))) {
		if (!feed_level)
			capture(p, FIELD_AUTHOR, CAP_TEXT, 0);
	} else if (is(f, "author") && (atom || f->ns == FEED_NS_NONE)) {
		f->kind = FRAME_AUTHOR;
		free(p->author_name);
		free(p->author_email);
		p->author_name = p->author_email = NULL;
	} else if ((is(f, "pubDate") && f->ns == FEED_NS_NONE) ||
	    ((is(f, "published") || is(f, "issued")) && (atom ||
	    f->ns == FEED_NS_NONE)) || (f->ns == FEED_NS_DCTERMS &&
	    is(f, "issued")))
		capture(p, FIELD_PUBLISHED, CAP_TEXT, feed_level);
	else if ((is(f, "lastBuildDate") && f->ns == FEED_NS_NONE) ||
	    ((is(f, "updated") || is(f, "modified")) && (atom ||
	    f->ns == FEED_NS_NONE)) || (f->ns == FEED_NS_DC &&
	    is(f, "date")) || (f->ns == FEED_NS_DCTERMS && is(f, "modified")))
		capture(p, FIELD_UPDATED, CAP_TEXT, feed_level);
	else if (feed_level && ((is(f, "language") && f->ns == FEED_NS_NONE) ||
	    (is(f, "language") && f->ns == FEED_NS_DC)))
		capture(p, FIELD_LANGUAGE, CAP_TEXT, 1);
	else if (feed_level)
		return;
	else if ((is(f, "description") && is_rss(f)) ||
	    (is(f, "description") && f->ns == FEED_NS_DC))
		capture(p, FIELD_SUMMARY, CAP_HTML, 0);
	else if (is(f, "summary") && (atom || f->ns == FEED_NS_NONE)) {
		capture(p, FIELD_SUMMARY, tc, 0);
		p->cap_inner = inner;
	} else if (is(f, "encoded") && f->ns == FEED_NS_CONTENT)
		capture(p, FIELD_CONTENT, CAP_HTML, 0);
	else if (is(f, "title") && f->ns == FEED_NS_MEDIA)
		capture(p, FIELD_TITLE_FB, CAP_TEXT, 0);
	else if ((is(f, "description") && f->ns == FEED_NS_MEDIA) ||
	    (is(f, "summary") && f->ns == FEED_NS_ITUNES)) {
		v = attr(attrs, nattrs, "type");
		capture(p, FIELD_SUMMARY_FB, v != NULL &&
		    strcasecmp(v, "html") == 0 ? CAP_HTML : CAP_TEXT, 0);
		free(v);
	} else if (is(f, "group") && f->ns == FEED_NS_MEDIA) {
		f->kind = FRAME_GROUP;
		f->group = in;
	}
	else if (is(f, "content") && (atom || f->ns == FEED_NS_NONE)) {
		v = attr(attrs, nattrs, "src");
		if (v == NULL) {
			capture(p, FIELD_CONTENT, tc, 0);
			p->cap_inner = inner;
		}
		free(v);
	} else if (is(f, "body") && f->ns == FEED_NS_XHTML)
		capture(p, FIELD_CONTENT, CAP_XHTML, 0);
	else if ((is(f, "body") || is(f, "fullitem")) &&
	    f->ns == FEED_NS_NONE)
		capture(p, FIELD_CONTENT, CAP_HTML, 0);
	else if ((is(f, "category") && f->ns == FEED_NS_NONE &&
	    !atom_format(p)) || (is(f, "subject") && f->ns == FEED_NS_DC) ||
	    (is(f, "category") && f->ns == FEED_NS_MEDIA))
		capture(p, FIELD_CATEGORY, CAP_TEXT, 0);
	else if (is(f, "category") && (atom || f->ns == FEED_NS_NONE ||
	    f->ns == FEED_NS_ITUNES)) {
		/* iTunes nests subcategories. */
		if (f->ns == FEED_NS_ITUNES) {
			f->kind = FRAME_GROUP;
			f->group = in;
		}
		if ((v = attr(attrs, nattrs, f->ns == FEED_NS_ITUNES ? "text" :
		    "term")) == NULL)
			v = attr(attrs, nattrs, "label");
		if (v != NULL && *v != '\0' && p->item != NULL) {
			url = text_sanitize(v, strlen(v), TEXT_ONELINE);
			if (*url != '\0')
				util_strv_add(&p->item->categories, url);
			free(url);
		}
		free(v);
	} else if (is(f, "language") && (f->ns == FEED_NS_NONE ||
	    f->ns == FEED_NS_DC))
		capture(p, FIELD_LANGUAGE, CAP_TEXT, 0);
	else if (is(f, "enclosure") && f->ns == FEED_NS_NONE &&
	    p->item != NULL) {
		v = attr(attrs, nattrs, "url");
		url = attr(attrs, nattrs, "type");
		len = attr(attrs, nattrs, "length");
		add_enclosure(p->item, f->base, v, url, len);
		free(v);
		free(url);
		free(len);
	} else if (is(f, "source") && atom) {
		f->kind = FRAME_SOURCE;
		p->in_source = 1;
	}
	else if (is(f, "source") && f->ns == FEED_NS_NONE) {
		v = attr(attrs, nattrs, "url");
		if (v != NULL && p->item != NULL)
			set_str(&p->item->source_url,
			    feed_url_resolve(f->base, v));
		free(v);
		capture(p, FIELD_SOURCE_TITLE, CAP_TEXT, 0);
	}
}

static int
cap_blank(const struct feed_parser *p)
{
	size_t i;

	for (i = 0; i < p->cap.len; i++)
		if (strchr(" \t\r\n", p->cap.data[i]) == NULL)
			return 0;
	return 1;
}

/* Text captured so far, escaped, and markup from now on. */
static void
cap_to_xhtml(struct feed_parser *p)
{
	struct buf b = BUF_INIT;

	feed_html_escape(&b, buf_str(&p->cap), p->cap.len);
	buf_free(&p->cap);
	p->cap = b;
	p->cap_mode = CAP_XHTML;
}

void
feed_elem_start(struct feed_parser *p, struct feed_frame *f,
    const xmlChar **attrs, int nattrs)
{
	struct feed_frame *parent;
	enum feed_frame_kind in;

	parent = p->depth > 1 ? &p->stack[p->depth - 2] : NULL;
	if (p->cap_depth > 0) {
		/* Markup in a text summary: kept, as its author meant. */
		if (p->cap_mode == CAP_TEXT && (p->cap_field == FIELD_SUMMARY ||
		    p->cap_field == FIELD_CONTENT))
			cap_to_xhtml(p);
		if (p->cap_mode == CAP_TEXT || p->cap_mode == CAP_BASE64)
			return;
		/* The div an Atom xhtml construct is wrapped in (and, in
		   some feeds, escaped HTML). */
		if (p->depth == p->cap_depth + 1 &&
		    (p->cap_mode == CAP_XHTML_DIV ||
		    p->cap_mode == CAP_HTML) &&
		    f->ns == FEED_NS_XHTML && is(f, "div") &&
		    cap_blank(p)) {
			f->kind = FRAME_SKIP;
			return;
		}
		serialise_start(p, f, attrs, nattrs);
		return;
	}
	if (parent == NULL) {
		root(p, f, attrs, nattrs);
		return;
	}
	if (parent->kind == FRAME_SKIP)
		f->kind = FRAME_SKIP;
	if (f->kind == FRAME_SKIP)
		return;
	if ((is(f, "item") && is_rss(f)) || (is(f, "entry") && (is_atom(f) ||
	    (f->ns == FEED_NS_NONE && atom_format(p))))) {
		/* An item inside an open item (<item /> in an item in some
		   real feeds) is not one. */
		if (parent->kind != FRAME_SOURCE && p->item == NULL)
			item_open(p, f, attrs, nattrs);
		else
			f->kind = FRAME_SKIP;
		if (f->ns == FEED_NS_RSS090 && p->feed->format == FEED_RSS10)
			p->feed->format = FEED_RSS090;
		return;
	}
	if (is(f, "channel") && is_rss(f)) {
		f->kind = FRAME_CHANNEL;
		if (f->ns == FEED_NS_RSS090 && p->feed->format == FEED_RSS10)
			p->feed->format = FEED_RSS090;
		return;
	}
	if ((is(f, "image") || is(f, "textinput") || is(f, "textInput")) &&
	    is_rss(f) && parent->kind != FRAME_ITEM) {
		f->kind = FRAME_SKIP;
		return;
	}
	in = parent->kind == FRAME_GROUP ? parent->group : parent->kind;
	switch (in) {
	case FRAME_ROOT:
	case FRAME_CHANNEL:
		if (p->item != NULL)
			return;
		field(p, f, in, attrs, nattrs);
		return;
	case FRAME_ITEM:
		if (p->item == NULL || is(f, "contributor")) {
			f->kind = FRAME_SKIP;
			return;
		}
		field(p, f, in, attrs, nattrs);
		return;
	case FRAME_SOURCE:
		if (is(f, "title") && is_atom(f))
			capture(p, FIELD_SOURCE_TITLE,
			    text_construct(f, attrs, nattrs, &p->cap_inner), 0);
		else if (is(f, "link") && is_atom(f))
			atom_link(p, f, FRAME_SOURCE, attrs, nattrs);
		else
			f->kind = FRAME_SKIP;
		return;
	case FRAME_AUTHOR:
		if (is(f, "name"))
			capture(p, FIELD_AUTHOR_NAME, CAP_TEXT, 0);
		else if (is(f, "email"))
			capture(p, FIELD_AUTHOR_EMAIL, CAP_TEXT, 0);
		return;
	default:
		return;
	}
}

static void
base64_decode(struct buf *b)
{
	static const char digits[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	struct buf out = BUF_INIT;
	unsigned int acc = 0;
	int bits = 0;
	const char *c;
	size_t i;

	for (i = 0; i < b->len; i++) {
		if ((c = strchr(digits, b->data[i])) == NULL ||
		    b->data[i] == '\0')
			continue;
		acc = (acc << 6) | (unsigned int)(c - digits);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			buf_addc(&out, (char)((acc >> bits) & 0xff));
		}
	}
	buf_free(b);
	*b = out;
}

/* The captured text as a plain one-line string. */
static char *
cap_text(struct feed_parser *p, int sniff)
{
	char *raw, *clean;

	if (p->cap_mode != CAP_TEXT ||
	    (sniff && feed_html_like(buf_str(&p->cap))))
		raw = feed_html_text(buf_str(&p->cap), p->cap.len);
	else
		raw = xstrdup(buf_str(&p->cap));
	clean = text_sanitize(raw, strlen(raw), TEXT_ONELINE);
	free(raw);
	return clean;
}

/* The captured text as sanitised HTML. */
static char *
cap_html(struct feed_parser *p, const char *base)
{
	struct buf b = BUF_INIT;
	const char *s = buf_str(&p->cap);
	size_t len = p->cap.len;
	char *html, *clean;
	int added = 0;

	while (len > 0 && strchr(" \t\r\n", s[len - 1]) != NULL)
		len--;
	while (len > 0 && strchr(" \t\r\n", *s) != NULL)
		s++, len--;
	if (p->cap_mode == CAP_TEXT) {
		feed_html_escape(&b, s, len);
		html = buf_detach(&b);
	} else
		html = feed_html_sanitize_added(s, len, base, &added);
	/*
	 * What came from a document with nothing in it that could make text
	 * unclean (p->dirty: see feed_push_utf8), with C1 read as
	 * Windows-1252, and was only cut at ASCII bytes or given clean text
	 * of the sanitiser's own, is clean: not checked again.
	 */
	if ((!p->dirty && !p->cap_dirty && !added) ||
	    feed_text_clean(html, strlen(html)))
		return html;
	clean = text_sanitize(html, strlen(html), 0);
	free(html);
	return clean;
}

static int
has_scheme(const char *s)
{
	size_t i;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; isalnum((unsigned char)s[i]) || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'; i++)
		;
	return s[i] == ':';
}

static void
capture_end(struct feed_parser *p, struct feed_frame *f)
{
	struct feed_item *it;
	struct feed *feed = p->feed;
	char *v = NULL;
	time_t t;

	p->cap_depth = 0;
	feed_fix_c1(&p->cap);
	if (p->cap_mode == CAP_BASE64) {
		base64_decode(&p->cap);
		p->cap_dirty = 1;	/* any bytes at all */
		p->cap_mode = p->cap_inner;
	}
	it = p->cap_feed ? NULL : p->item;
	if (!p->cap_feed && it == NULL && p->cap_field != FIELD_AUTHOR_NAME &&
	    p->cap_field != FIELD_AUTHOR_EMAIL)
		return;
	switch (p->cap_field) {
	case FIELD_NONE:
		break;
	case FIELD_TITLE:
		v = cap_text(p, 1);
		set_str(it != NULL ? &it->title : &feed->title, v);
		break;
	case FIELD_LINK:
		v = cap_text(p, 0);
		if (*v != '\0') {
			char *abs = feed_url_resolve(f->base, v);

			if (it != NULL && p->link_pri < 3 && abs != NULL) {
				free(it->link);
				it->link = abs;
				p->link_pri = 3;
			} else if (it == NULL && p->feed_link_pri < 3 &&
			    abs != NULL) {
				free(feed->link);
				feed->link = abs;
				p->feed_link_pri = 3;
			} else
				free(abs);
		}
		free(v);
		break;
	case FIELD_GUID:
		v = cap_text(p, 0);
		/* An Atom id is a URI: a relative one is resolved. */
		if (p->cap_uri && *v != '\0' && !has_scheme(v)) {
			char *abs = feed_url_resolve(f->base, v);

			if (abs != NULL) {
				free(v);
				v = abs;
			}
		}
		if (p->cap_permalink && *v != '\0' && p->guid_link == NULL)
			p->guid_link = feed_url_resolve(f->base, v);
		set_str(&it->guid, v);
		break;
	case FIELD_AUTHOR:
		v = cap_text(p, 1);
		if (*v != '\0')
			util_strv_add(&it->authors, v);
		free(v);
		break;
	case FIELD_AUTHOR_NAME:
		set_str(&p->author_name, cap_text(p, 1));
		break;
	case FIELD_AUTHOR_EMAIL:
		set_str(&p->author_email, cap_text(p, 0));
		break;
	case FIELD_PUBLISHED:
	case FIELD_UPDATED:
		v = cap_text(p, 0);
		if (date_parse(v, &t) == 0) {
			if (it != NULL && p->cap_field == FIELD_PUBLISHED)
				set_date(&it->published, v);
			else if (it != NULL)
				set_date(&it->updated, v);
			else if (p->cap_field == FIELD_UPDATED &&
			    p->feed_updated_pri < 2) {
				feed->updated = t;
				p->feed_updated_pri = 2;
			} else if (p->feed_updated_pri < 1) {
				feed->updated = t;
				p->feed_updated_pri = 1;
			}
		}
		free(v);
		break;
	case FIELD_SUMMARY:
		/* A second summary (<description> and <summary>) is the
		   fuller text. */
		if (it->summary != NULL && it->content == NULL)
			set_str(&it->content, cap_html(p, f->base));
		else
			set_str(&it->summary, cap_html(p, f->base));
		break;
	case FIELD_TITLE_FB:
		set_str(&p->fb_title, cap_text(p, 1));
		break;
	case FIELD_SUMMARY_FB:
		set_str(&p->fb_summary, cap_html(p, f->base));
		break;
	case FIELD_CONTENT:
		set_str(&it->content, cap_html(p, f->base));
		break;
	case FIELD_CATEGORY:
		v = cap_text(p, 0);
		if (*v != '\0')
			util_strv_add(&it->categories, v);
		free(v);
		break;
	case FIELD_LANGUAGE:
		v = cap_text(p, 0);
		lang_tag(v);
		if (it != NULL) {
			if (*v != '\0') {
				free(it->language);
				it->language = v;
				v = NULL;
			}
			free(v);
		} else
			set_str(&feed->language, v);
		break;
	case FIELD_SOURCE_TITLE:
		set_str(&it->source_title, cap_text(p, 1));
		break;
	}
	buf_reset(&p->cap);
}

static void
author_end(struct feed_parser *p)
{
	char *s = NULL;

	if (p->author_name != NULL && p->author_email != NULL)
		s = xasprintf("%s (%s)", p->author_name, p->author_email);
	else if (p->author_name != NULL)
		s = xstrdup(p->author_name);
	else if (p->author_email != NULL)
		s = xstrdup(p->author_email);
	if (s != NULL && p->item != NULL && !p->in_source)
		util_strv_add(&p->item->authors, s);
	free(s);
	free(p->author_name);
	free(p->author_email);
	p->author_name = p->author_email = NULL;
}

void
feed_elem_end(struct feed_parser *p, struct feed_frame *f)
{
	if (p->cap_depth > 0 && p->depth > p->cap_depth) {
		if (p->cap_mode == CAP_TEXT || p->cap_mode == CAP_BASE64)
			return;
		if (f->kind == FRAME_SKIP || is_void((const char *)f->name))
			return;
		buf_adds(&p->cap, "</");
		buf_adds(&p->cap, (const char *)f->name);
		buf_addc(&p->cap, '>');
		return;
	}
	if (p->cap_depth > 0 && p->depth == p->cap_depth) {
		capture_end(p, f);
		return;
	}
	switch (f->kind) {
	case FRAME_ITEM:
		if (p->item != NULL && p->item_depth == p->depth)
			feed_item_close(p);
		break;
	case FRAME_AUTHOR:
		author_end(p);
		break;
	case FRAME_SOURCE:
		p->in_source = 0;
		break;
	default:
		break;
	}
}
