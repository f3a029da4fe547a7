/* extract-dom.c - the tree walks and measures the extractor is built on. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "extract-int.h"
#include "util.h"

static const char *const div_to_p[] = {
	"blockquote", "dl", "div", "img", "ol", "p", "pre", "table", "ul",
};

/* Sorted: looked up with bsearch (this is on every walk). */
static const char *const phrasing[] = {
	"abbr", "audio", "b", "bdo", "big", "br", "button", "cite", "code",
	"data", "datalist", "dfn", "em", "embed", "font", "i", "img",
	"input", "kbd", "label", "mark", "math", "meter", "noscript",
	"object", "output", "progress", "q", "ruby", "s", "samp", "script",
	"select", "small", "span", "strike", "strong", "sub", "sup",
	"textarea", "time", "tt", "u", "var", "wbr",
};

int
extract_in_list(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(s, v[i]) == 0)
			return 1;
	return 0;
}

int
extract_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE && n->name != NULL &&
	    strcmp((const char *)n->name, name) == 0;
}

const char *
extract_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next) {
		if (a->name == NULL ||
		    strcasecmp((const char *)a->name, name) != 0)
			continue;
		if (a->children != NULL && a->children->content != NULL)
			return (const char *)a->children->content;
		return "";
	}
	return NULL;
}

int
extract_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	    c == '\v';
}

/* Count (and with b, copy) text with runs of space collapsed. */
static int
name_cmp(const void *key, const void *elem)
{
	return strcmp(key, *(const char *const *)elem);
}

static int
inline_name(const char *name)
{
	return bsearch(name, phrasing, NITEMS(phrasing), sizeof *phrasing,
	    name_cmp) != NULL;
}

/* White space as text_walk sees it: ASCII space and no-break space. */
static size_t
space_len(const unsigned char *p)
{
	if (*p <= ' ')
		return *p != '\0' && extract_space(*p);
	return p[0] == 0xc2 && p[1] == 0xa0 ? 2 : 0;
}

/* One text node: words copied (when b) and counted, spaces collapsed. */
static void
text_run(const unsigned char *p, struct buf *b, size_t *chars, int *space)
{
	const unsigned char *word;
	size_t c = *chars, k;
	int sp = *space;

	while (*p != '\0') {
		if ((k = space_len(p)) > 0) {
			p += k;
			sp = 1;
			continue;
		}
		if (sp && c > 0) {
			if (b != NULL)
				buf_addc(b, ' ');
			c++;
		}
		sp = 0;
		for (word = p; *p != '\0' && space_len(p) == 0; p++)
			c += (*p & 0xc0) != 0x80;
		if (b != NULL)
			buf_add(b, word, (size_t)(p - word));
	}
	*chars = c;
	*space = sp;
}

static void
text_walk(const xmlNode *n, struct buf *b, size_t *chars, int *space,
    int depth)
{
	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				text_run(n->content, b, chars, space);
		} else if (n->type == XML_ELEMENT_NODE &&
		    depth < EXTRACT_MAX_DEPTH) {
			if (extract_is(n, "script") || extract_is(n, "style"))
				continue;
			if (extract_is(n, "br"))
				*space = 1;
			text_walk(n->children, b, chars, space, depth + 1);
			/* Blocks are words apart, whatever the markup. */
			if (!inline_name((const char *)n->name) &&
			    strcmp((const char *)n->name, "a") != 0)
				*space = 1;
		}
	}
}

char *
extract_text(const xmlNode *n, size_t *chars)
{
	struct buf b = BUF_INIT;
	size_t c = 0;
	int space = 0;

	if (n->type == XML_ELEMENT_NODE)
		text_walk(n->children, &b, &c, &space, 0);
	else
		text_walk(n, &b, &c, &space, 0);
	if (chars != NULL)
		*chars = c;
	return buf_detach(&b);
}

size_t
extract_text_len(const xmlNode *n)
{
	size_t c = 0;
	int space = 0;

	if (n->type == XML_ELEMENT_NODE)
		text_walk(n->children, NULL, &c, &space, 0);
	else
		text_walk(n, NULL, &c, &space, 0);
	return c;
}

xmlNode *
extract_first(xmlNode *n)
{
	for (n = n->children; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

xmlNode *
extract_next(xmlNode *n)
{
	for (n = n->next; n != NULL; n = n->next)
		if (n->type == XML_ELEMENT_NODE)
			return n;
	return NULL;
}

/* The next element in document order, into n's children unless skip. */
xmlNode *
extract_next_node(xmlNode *n, int skip)
{
	return extract_next_in(NULL, n, skip);
}

xmlNode *
extract_next_in(xmlNode *root, xmlNode *n, int skip)
{
	xmlNode *c;

	if (!skip && (c = extract_first(n)) != NULL)
		return c;
	for (; n != NULL && n != root && n->type == XML_ELEMENT_NODE;
	    n = n->parent)
		if ((c = extract_next(n)) != NULL)
			return c;
	return NULL;
}

void
extract_remove(xmlNode *n)
{
	xmlUnlinkNode(n);
	xmlFreeNode(n);
}

void
extract_rename(xmlNode *n, const char *name)
{
	xmlNodeSetName(n, (const xmlChar *)name);
}

/* Class and id, lowercased, for the word lists. */
char *
extract_match_string(const xmlNode *n)
{
	const char *c = extract_attr(n, "class"), *id = extract_attr(n, "id");
	char *s, *p;

	s = xasprintf("%s %s", c != NULL ? c : "", id != NULL ? id : "");
	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	return s;
}

int
extract_has_word(const char *s, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strstr(s, v[i]) != NULL)
			return 1;
	return 0;
}

/* "ad" or "hid" as a whole word of a class list. */
int
extract_has_token(const char *s, const char *tok)
{
	size_t len = strlen(tok);
	const char *p;

	for (p = s; (p = strstr(p, tok)) != NULL; p += len) {
		if ((p == s || p[-1] == ' ') &&
		    (p[len] == ' ' || p[len] == '\0'))
			return 1;
	}
	return 0;
}

int
extract_ancestor(const xmlNode *n, const char *name, int max)
{
	int depth = 0;

	for (n = n->parent; n != NULL && n->type == XML_ELEMENT_NODE;
	    n = n->parent) {
		if (max > 0 && depth++ >= max)
			return 0;
		if (extract_is(n, name))
			return 1;
	}
	return 0;
}

int
extract_hidden(const xmlNode *n)
{
	const char *style = extract_attr(n, "style"), *a;
	char *s, *p, *q;
	int h = 0;

	if (extract_attr(n, "hidden") != NULL)
		return 1;
	a = extract_attr(n, "aria-hidden");
	if (a != NULL && strcmp(a, "true") == 0) {
		a = extract_attr(n, "class");
		if (a == NULL || strstr(a, "fallback-image") == NULL)
			return 1;
	}
	if (style == NULL)
		return 0;
	s = xstrdup(style);
	for (p = q = s; *p != '\0'; p++)
		if (!extract_space((unsigned char)*p))
			*q++ = (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p);
	*q = '\0';
	if (strstr(s, "display:none") != NULL ||
	    strstr(s, "visibility:hidden") != NULL)
		h = 1;
	free(s);
	return h;
}

struct count {
	size_t	 chars;
	int	 space;
};

/*
 * The text of a subtree counted as text_walk counts it, and beside it the
 * text of each outermost link counted as if on its own, in one walk.
 */
static void
density_walk(const xmlNode *n, struct count *all, struct count *in_a,
    double *links, int depth)
{
	struct count a;
	const char *name, *href;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content == NULL)
				continue;
			text_run(n->content, NULL, &all->chars, &all->space);
			if (in_a != NULL)
				text_run(n->content, NULL, &in_a->chars,
				    &in_a->space);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || depth >= EXTRACT_MAX_DEPTH)
			continue;
		name = (const char *)n->name;
		if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
			continue;
		if (strcmp(name, "br") == 0) {
			all->space = 1;
			if (in_a != NULL)
				in_a->space = 1;
		}
		if (in_a == NULL && strcmp(name, "a") == 0) {
			a.chars = 0;
			a.space = 0;
			density_walk(n->children, all, &a, links, depth + 1);
			href = extract_attr(n, "href");
			*links += (double)a.chars *
			    (href != NULL && href[0] == '#' ? 0.3 : 1);
		} else
			density_walk(n->children, all, in_a, links, depth + 1);
		if (!inline_name(name) && strcmp(name, "a") != 0) {
			all->space = 1;
			if (in_a != NULL)
				in_a->space = 1;
		}
	}
}

double
extract_link_density(const xmlNode *n)
{
	struct count all = { 0, 0 };
	double links = 0;

	density_walk(n->children, &all, NULL, &links, 0);
	if (all.chars == 0)
		return 0;
	return links / (double)all.chars;
}

/*
 * What a stretch of text adds to a count, whatever came before it: words
 * as text_run counts them. Stretches compose, so every subtree's count
 * comes out of one walk.
 */
struct stretch {
	size_t		 inner;		/* from its first word to its last */
	int		 words;		/* it has any */
	int		 lead;		/* space before the first word */
	int		 trail;		/* space after the last word */
};

static void
stretch_space(struct stretch *s)
{
	if (!s->words)
		s->lead = 1;
	s->trail = 1;
}

static void
stretch_add(struct stretch *a, const struct stretch *b)
{
	if (!b->words) {
		if (b->lead)
			stretch_space(a);
		return;
	}
	if (!a->words) {
		a->lead = a->lead || b->lead;
		a->inner = b->inner;
	} else
		a->inner += b->inner + (a->trail || b->lead);
	a->words = 1;
	a->trail = b->trail;
}

static void
stretch_text(struct stretch *s, const unsigned char *p)
{
	struct stretch w;
	size_t k;

	memset(&w, 0, sizeof w);
	w.words = 1;
	while (*p != '\0') {
		if ((k = space_len(p)) > 0) {
			p += k;
			stretch_space(s);
			continue;
		}
		for (w.inner = 0; *p != '\0' && space_len(p) == 0; p++)
			w.inner += (*p & 0xc0) != 0x80;
		stretch_add(s, &w);
	}
}

/* The stretch of n's children, and their links as link density counts. */
static void
densities(xmlNode *n, struct stretch *out, double *links,
    void (*fn)(xmlNode *, double, void *), void *arg, int depth)
{
	struct stretch s;
	const char *name, *href;
	double l;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				stretch_text(out, n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || depth >= EXTRACT_MAX_DEPTH)
			continue;
		name = (const char *)n->name;
		if (strcmp(name, "script") == 0 || strcmp(name, "style") == 0)
			continue;
		if (strcmp(name, "br") == 0)
			stretch_space(out);
		memset(&s, 0, sizeof s);
		l = 0;
		densities(n->children, &s, &l, fn, arg, depth + 1);
		if (n->_private != NULL)
			fn(n, s.words && s.inner > 0 ? l / (double)s.inner : 0,
			    arg);
		if (strcmp(name, "a") == 0) {
			href = extract_attr(n, "href");
			*links += (double)(s.words ? s.inner : 0) *
			    (href != NULL && href[0] == '#' ? 0.3 : 1);
		} else
			*links += l;
		stretch_add(out, &s);
		if (!inline_name(name) && strcmp(name, "a") != 0)
			stretch_space(out);
	}
}

void
extract_link_densities(xmlNode *root, void (*fn)(xmlNode *, double, void *),
    void *arg)
{
	struct stretch s;
	double links = 0;

	memset(&s, 0, sizeof s);
	densities(root->children, &s, &links, fn, arg, 0);
	if (root->_private != NULL)
		fn(root, s.words && s.inner > 0 ? links / (double)s.inner : 0,
		    arg);
}

int
extract_phrasing(const xmlNode *n)
{
	const xmlNode *c;

	if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
		return 1;
	if (n->type != XML_ELEMENT_NODE)
		return 1;
	if (inline_name((const char *)n->name))
		return 1;
	if (extract_is(n, "a") || extract_is(n, "del") ||
	    extract_is(n, "ins")) {
		for (c = n->children; c != NULL; c = c->next)
			if (!extract_phrasing(c))
				return 0;
		return 1;
	}
	return 0;
}

int
extract_whitespace(const xmlNode *n)
{
	const unsigned char *p;

	if (n->type == XML_TEXT_NODE) {
		for (p = n->content; p != NULL && *p != '\0'; p++)
			if (!extract_space(*p))
				return 0;
		return 1;
	}
	return extract_is(n, "br") || n->type == XML_COMMENT_NODE;
}

int
extract_block_child(const xmlNode *n, int depth)
{
	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (extract_in_list((const char *)n->name, div_to_p,
		    NITEMS(div_to_p)))
			return 1;
		if (depth < EXTRACT_MAX_DEPTH &&
		    extract_block_child(n, depth + 1))
			return 1;
	}
	return 0;
}

/* The one element child called name, with no text beside it. */
xmlNode *
extract_single_child(xmlNode *n, const char *name)
{
	xmlNode *c, *found = NULL;

	for (c = n->children; c != NULL; c = c->next) {
		if (c->type == XML_ELEMENT_NODE) {
			if (found != NULL || !extract_is(c, name))
				return NULL;
			found = c;
		} else if (c->type == XML_TEXT_NODE && !extract_whitespace(c))
			return NULL;
	}
	return found;
}

/* Only white space (no-break spaces too, as text_walk counts them). */
static int
blank(const xmlChar *p)
{
	for (; p != NULL && *p != '\0'; p++) {
		if (p[0] == 0xc2 && p[1] == 0xa0)
			p++;
		else if (!extract_space(*p))
			return 0;
	}
	return 1;
}

int
extract_empty(xmlNode *n)
{
	xmlNode *c;

	/*
	 * With only br and hr beside them, the text is the children's own:
	 * no walk of the subtree (this runs on every div).
	 */
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !extract_is(c, "br") &&
		    !extract_is(c, "hr"))
			return 0;
	for (c = n->children; c != NULL; c = c->next)
		if ((c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) && !blank(c->content))
			return 0;
	return 1;
}

size_t
extract_count(xmlNode *n, const char *name, int depth)
{
	size_t c = 0;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (extract_is(n, name))
			c++;
		if (depth < EXTRACT_MAX_DEPTH)
			c += extract_count(n, name, depth + 1);
	}
	return c;
}
