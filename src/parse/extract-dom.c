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

static void
text_walk(const xmlNode *n, struct buf *b, size_t *chars, int *space,
    int depth)
{
	const unsigned char *p;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content == NULL)
				continue;
			for (p = n->content; *p != '\0'; p++) {
				if (extract_space(*p) ||
				    (p[0] == 0xc2 && p[1] == 0xa0)) {
					if (p[0] == 0xc2)
						p++;
					*space = 1;
					continue;
				}
				if (*space && *chars > 0) {
					if (b != NULL)
						buf_addc(b, ' ');
					(*chars)++;
				}
				*space = 0;
				if ((*p & 0xc0) != 0x80)
					(*chars)++;
				if (b != NULL)
					buf_addc(b, (char)*p);
			}
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
	xmlNode *c;

	if (!skip && (c = extract_first(n)) != NULL)
		return c;
	for (; n != NULL && n->type == XML_ELEMENT_NODE; n = n->parent)
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

double
extract_link_density(const xmlNode *n)
{
	const xmlNode *c;
	const char *href;
	size_t total = extract_text_len(n);
	double links = 0;

	if (total == 0)
		return 0;
	for (c = n->children; c != NULL; ) {
		if (c->type == XML_ELEMENT_NODE && extract_is(c, "a")) {
			href = extract_attr(c, "href");
			links += (double)extract_text_len(c) *
			    (href != NULL && href[0] == '#' ? 0.3 : 1);
		} else if (c->type == XML_ELEMENT_NODE && c->children != NULL) {
			c = c->children;
			continue;
		}
		while (c != NULL && c->next == NULL && c != n)
			c = c->parent;
		if (c == NULL || c == n)
			break;
		c = c->next;
	}
	return links / (double)total;
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

int
extract_empty(xmlNode *n)
{
	xmlNode *c;

	if (extract_text_len(n) > 0)
		return 0;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE && !extract_is(c, "br") &&
		    !extract_is(c, "hr"))
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
