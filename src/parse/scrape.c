/* scrape.c - article links out of an HTML index page, by XPath. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>

#include "buf.h"
#include "charset.h"
#include "html.h"
#include "i18n.h"
#include "scrape.h"
#include "scrape-int.h"
#include "text.h"
#include "util.h"

#define SCRAPE_MAX_BYTES	(16 * 1024 * 1024)

static void
no_errors(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

const char *
scrape_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a != NULL; a = a->next)
		if (a->name != NULL &&
		    strcasecmp((const char *)a->name, name) == 0)
			return a->children != NULL &&
			    a->children->content != NULL ?
			    (const char *)a->children->content : "";
	return NULL;
}

int
scrape_is(const xmlNode *n, const char *name)
{
	return n != NULL && n->type == XML_ELEMENT_NODE &&
	    strcasecmp((const char *)n->name, name) == 0;
}

/* The link's text: its own, else its title. */
char *
scrape_link_text(xmlNode *a, size_t *chars)
{
	xmlChar *raw = xmlNodeGetContent(a);
	const char *alt;
	char *t, *p;

	t = text_sanitize(raw != NULL ? (const char *)raw : "",
	    raw != NULL ? strlen((const char *)raw) : 0, TEXT_ONELINE);
	xmlFree(raw);
	if (*t == '\0' && (alt = scrape_attr(a, "title")) != NULL) {
		free(t);
		t = text_sanitize(alt, strlen(alt), TEXT_ONELINE);
	}
	if (chars != NULL) {
		*chars = 0;
		for (p = t; *p != '\0'; p++)
			if ((*p & 0xc0) != 0x80)
				(*chars)++;
	}
	return t;
}

void
scrape_add_link(struct scrape *s, const char *base, const char *href,
    xmlNode *a)
{
	char *url, *hash, *title;
	size_t i;

	if (s->nlinks >= SCRAPE_MAX_LINKS || href == NULL)
		return;
	if ((url = html_resolve(base, href)) == NULL)
		return;
	if (strncmp(url, "http://", 7) != 0 &&
	    strncmp(url, "https://", 8) != 0) {
		free(url);
		return;
	}
	if ((hash = strchr(url, '#')) != NULL)
		*hash = '\0';
	if (base != NULL && strcmp(url, base) == 0) {
		free(url);
		return;
	}
	for (i = 0; i < s->nlinks; i++) {
		if (strcmp(s->links[i].url, url) == 0) {
			free(url);
			return;
		}
	}
	title = a != NULL ? scrape_link_text(a, NULL) : NULL;
	if (title != NULL && *title == '\0') {
		free(title);
		title = NULL;
	}
	s->links = xreallocarray(s->links, s->nlinks + 1, sizeof *s->links);
	s->links[s->nlinks].url = url;
	s->links[s->nlinks].title = title;
	s->nlinks++;
}

/* The first <a href> at or under n. */
static xmlNode *
find_a(xmlNode *n, int depth)
{
	xmlNode *c, *found;

	if (scrape_is(n, "a") && scrape_attr(n, "href") != NULL)
		return n;
	if (depth > SCRAPE_MAX_DEPTH)
		return NULL;
	for (c = n->children; c != NULL; c = c->next)
		if (c->type == XML_ELEMENT_NODE &&
		    (found = find_a(c, depth + 1)) != NULL)
			return found;
	return NULL;
}

static int
by_xpath(struct scrape *s, xmlDoc *doc, const char *base, const char *expr,
    char **cause)
{
	xmlXPathContext *ctx;
	xmlXPathObject *obj;
	xmlNode *n, *a;
	xmlChar *v;
	int i;

	if ((ctx = xmlXPathNewContext(doc)) == NULL)
		fatal("out of memory");
	obj = xmlXPathEvalExpression((const xmlChar *)expr, ctx);
	xmlXPathFreeContext(ctx);
	if (obj == NULL)
		return set_cause(cause, _("invalid xpath %s"), expr);
	if (obj->type != XPATH_NODESET) {
		xmlXPathFreeObject(obj);
		return set_cause(cause, _("xpath %s selects no nodes"), expr);
	}
	for (i = 0; obj->nodesetval != NULL && i < obj->nodesetval->nodeNr;
	    i++) {
		n = obj->nodesetval->nodeTab[i];
		if (n->type == XML_ELEMENT_NODE) {
			if ((a = find_a(n, 0)) != NULL)
				scrape_add_link(s, base,
				    scrape_attr(a, "href"), a);
		} else if (n->type == XML_ATTRIBUTE_NODE ||
		    n->type == XML_TEXT_NODE) {
			v = xmlNodeGetContent(n);
			if (v != NULL)
				scrape_add_link(s, base, (const char *)v,
				    n->parent != NULL &&
				    scrape_is(n->parent, "a") ? n->parent : NULL);
			xmlFree(v);
		}
	}
	xmlXPathFreeObject(obj);
	return 0;
}

struct scrape *
scrape_page(const char *bytes, size_t len, const char *base_url,
    const char *content_type, const char *xpath, char **cause)
{
	struct scrape *s;
	const char *enc, *href;
	char *utf8 = NULL, *base = NULL;
	size_t ulen = 0;
	xmlDoc *doc;
	xmlNode *n;
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

	if (len > SCRAPE_MAX_BYTES)
		len = SCRAPE_MAX_BYTES;
	s = xcalloc(1, sizeof *s);
	enc = charset_detect(bytes, len, content_type, CHARSET_HTML);
	if (charset_to_utf8(bytes, len, enc, &utf8, &ulen, NULL) == -1 &&
	    charset_to_utf8(bytes, len, "UTF-8", &utf8, &ulen, NULL) == -1)
		return s;
	/* The parser drops ESC and keeps the rest of a sequence as text. */
	ulen = text_markup_strip_esc(utf8, ulen);
	doc = htmlReadMemory(utf8, (int)ulen, base_url, "UTF-8", opts);
	free(utf8);
	if (doc == NULL)
		return s;
	for (n = xmlDocGetRootElement(doc); n != NULL; ) {
		if (scrape_is(n, "title") && s->title == NULL) {
			s->title = scrape_link_text(n, NULL);
			if (*s->title == '\0') {
				free(s->title);
				s->title = NULL;
			}
		}
		if (scrape_is(n, "base") && base == NULL &&
		    (href = scrape_attr(n, "href")) != NULL)
			base = html_resolve(base_url, href);
		if (scrape_is(n, "body"))
			break;
		if (n->children != NULL && !scrape_is(n, "title"))
			n = n->children;
		else {
			while (n != NULL && n->next == NULL)
				n = n->parent;
			if (n != NULL)
				n = n->next;
		}
	}
	if (base == NULL && base_url != NULL)
		base = xstrdup(base_url);
	if (xpath != NULL && *xpath != '\0') {
		xmlSetStructuredErrorFunc(NULL, no_errors);
		if (by_xpath(s, doc, base, xpath, cause) == -1) {
			xmlSetStructuredErrorFunc(NULL, NULL);
			xmlFreeDoc(doc);
			free(base);
			scrape_free(&s);
			return NULL;
		}
		xmlSetStructuredErrorFunc(NULL, NULL);
	} else
		scrape_guess(s, doc, base, base_url);
	xmlFreeDoc(doc);
	free(base);
	return s;
}

void
scrape_free(struct scrape **sp)
{
	struct scrape *s = *sp;
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nlinks; i++) {
		free(s->links[i].url);
		free(s->links[i].title);
	}
	free(s->links);
	free(s->title);
	free(s);
	*sp = NULL;
}
