/* html.c - HTML to blocks of terminal text, links numbered. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "text.h"
#include "util.h"

/* Nesting deeper than this is flattened (libxml2 caps it lower anyway). */
#define HTML_MAX_DEPTH 512

struct render {
	struct html_text	*out;
	const char		*base;
	struct buf		 text;		/* the block being built */
	enum html_block_kind	 kind;		/* of the block being built */
	int			 pre;
	int			 quote;		/* blockquote depth */
	int			 list;		/* list depth */
	int			 item;		/* inside an li */
	int			 ordinal;	/* of the li being built */
	int			 item_blocks;	/* blocks already in this li */
	int			 heading;
	int			 cell;		/* cells in the current row */
	int			 flags;		/* HTML_PLAIN */
};

static const char *const skipped[] = {
	"script", "style", "noscript", "iframe", "object", "embed", "form",
	"button", "input", "select", "textarea", "svg", "template",
	"head", "title", "meta", "link", "audio", "video", "canvas", "map",
	"frameset", "frame", "applet",
};

static const char *const blocks[] = {
	"p", "div", "section", "article", "header", "footer", "main",
	"aside", "nav", "figure", "figcaption", "table", "thead", "tbody",
	"tfoot", "caption", "dl", "dt", "dd", "center", "address", "hr",
	"details", "summary", "body", "html",
};

static int
name_in(const char *name, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(name, v[i]) == 0)
			return 1;
	return 0;
}

static void
flush(struct render *r)
{
	struct html_text *out = r->out;
	struct html_block *b;
	char *clean;

	while (r->text.len > 0 && (r->text.data[r->text.len - 1] == ' ' ||
	    (!r->pre && r->text.data[r->text.len - 1] == '\n')))
		r->text.data[--r->text.len] = '\0';
	if (r->text.len == 0)
		return;
	clean = text_sanitize(r->text.data, r->text.len, 0);
	buf_reset(&r->text);
	if (*clean == '\0') {
		free(clean);
		return;
	}
	out->blocks = xreallocarray(out->blocks, out->nblocks + 1,
	    sizeof *out->blocks);
	b = &out->blocks[out->nblocks++];
	memset(b, 0, sizeof *b);
	b->text = clean;
	if (r->pre)
		b->kind = HTML_PRE;
	else if (r->heading)
		b->kind = HTML_HEADING;
	else if (r->item) {
		b->kind = HTML_ITEM;
		b->depth = r->list > 0 ? r->list : 1;
		b->ordinal = r->item_blocks++ == 0 ? r->ordinal : -1;
	} else if (r->quote > 0) {
		b->kind = HTML_QUOTE;
		b->depth = r->quote;
	} else
		b->kind = HTML_PARAGRAPH;
}

/* Add text, collapsing white space outside pre. */
static void
add_text(struct render *r, const char *s)
{
	const unsigned char *p;

	if (r->pre) {
		buf_adds(&r->text, s);
		return;
	}
	for (p = (const unsigned char *)s; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
		    *p == '\f') {
			if (r->text.len > 0 &&
			    r->text.data[r->text.len - 1] != ' ' &&
			    r->text.data[r->text.len - 1] != '\n')
				buf_addc(&r->text, ' ');
		} else
			buf_addc(&r->text, (char)*p);
	}
}

char *
html_resolve(const char *base, const char *href)
{
	static const char *const schemes[] = { "http", "https", "mailto" };
	CURLU *u;
	char *url = NULL, *scheme = NULL, *out = NULL;

	while (*href == ' ' || *href == '\t' || *href == '\n')
		href++;
	if (*href == '\0' || *href == '#')
		return NULL;
	if ((u = curl_url()) == NULL)
		return NULL;
	if (base != NULL && *base != '\0' &&
	    curl_url_set(u, CURLUPART_URL, base, 0) != CURLUE_OK) {
		curl_url_cleanup(u);
		if ((u = curl_url()) == NULL)
			return NULL;
	}
	if (curl_url_set(u, CURLUPART_URL, href,
	    CURLU_NON_SUPPORT_SCHEME) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) == CURLUE_OK &&
	    name_in(scheme, schemes, NITEMS(schemes)) &&
	    curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK)
		out = text_sanitize(url, strlen(url), TEXT_ONELINE);
	curl_free(scheme);
	curl_free(url);
	curl_url_cleanup(u);
	return out;
}

static void walk(struct render *, xmlNode *, int);
static void walk_one(struct render *, xmlNode *, int);

static void
element(struct render *r, xmlNode *n, int depth)
{
	const char *name = (const char *)n->name;
	char *attr, *url;
	int saved, is_block, level;
	size_t i;

	if (name_in(name, skipped, NITEMS(skipped)))
		return;
	if (strcasecmp(name, "br") == 0) {
		buf_addc(&r->text, '\n');
		return;
	}
	if (strcasecmp(name, "img") == 0) {
		if (r->flags & HTML_PLAIN)
			return;
		attr = (char *)xmlGetProp(n, (const xmlChar *)"alt");
		if (attr != NULL && *attr != '\0') {
			add_text(r, " [image: ");
			add_text(r, attr);
			add_text(r, "] ");
		} else
			add_text(r, " [image] ");
		xmlFree(attr);
		return;
	}
	if (strcasecmp(name, "a") == 0) {
		walk(r, n->children, depth + 1);
		if (r->flags & HTML_PLAIN)
			return;
		attr = (char *)xmlGetProp(n, (const xmlChar *)"href");
		url = attr != NULL ? html_resolve(r->base, attr) : NULL;
		xmlFree(attr);
		if (url == NULL)
			return;
		for (i = 0; i < r->out->nlinks; i++)
			if (strcmp(r->out->links[i], url) == 0)
				break;
		if (i == r->out->nlinks) {
			r->out->links = xreallocarray(r->out->links,
			    r->out->nlinks + 1, sizeof *r->out->links);
			r->out->links[r->out->nlinks++] = url;
		} else
			free(url);
		buf_addf(&r->text, "[%zu]", i + 1);
		return;
	}
	if (strcasecmp(name, "pre") == 0) {
		flush(r);
		saved = r->pre;
		r->pre = 1;
		walk(r, n->children, depth + 1);
		flush(r);
		r->pre = saved;
		return;
	}
	if (strlen(name) == 2 && (name[0] == 'h' || name[0] == 'H') &&
	    name[1] >= '1' && name[1] <= '6') {
		flush(r);
		r->heading = 1;
		walk(r, n->children, depth + 1);
		flush(r);
		r->heading = 0;
		return;
	}
	if (strcasecmp(name, "ul") == 0 || strcasecmp(name, "ol") == 0 ||
	    strcasecmp(name, "menu") == 0) {
		int item = r->item, ordinal = r->ordinal, ib = r->item_blocks;

		flush(r);
		r->list++;
		r->item = 0;
		r->ordinal = strcasecmp(name, "ol") == 0 ? 1 : 0;
		for (n = n->children; n != NULL; n = n->next) {
			if (n->type == XML_ELEMENT_NODE &&
			    strcasecmp((const char *)n->name, "li") == 0) {
				level = r->ordinal;
				r->item = 1;
				r->item_blocks = 0;
				walk(r, n->children, depth + 1);
				flush(r);
				r->item = 0;
				if (level > 0)
					r->ordinal = level + 1;
			} else
				walk_one(r, n, depth + 1);
		}
		flush(r);
		r->list--;
		r->item = item;
		r->ordinal = ordinal;
		r->item_blocks = ib;
		return;
	}
	if (strcasecmp(name, "blockquote") == 0) {
		flush(r);
		r->quote++;
		walk(r, n->children, depth + 1);
		flush(r);
		r->quote--;
		return;
	}
	if (strcasecmp(name, "tr") == 0) {
		flush(r);
		r->cell = 0;
		walk(r, n->children, depth + 1);
		flush(r);
		return;
	}
	if (strcasecmp(name, "td") == 0 || strcasecmp(name, "th") == 0) {
		if (r->cell++ > 0)
			add_text(r, " | ");
		walk(r, n->children, depth + 1);
		return;
	}
	is_block = name_in(name, blocks, NITEMS(blocks)) ||
	    strcasecmp(name, "li") == 0;
	if (is_block)
		flush(r);
	walk(r, n->children, depth + 1);
	if (is_block)
		flush(r);
}

/* One node (not its following siblings). */
static void
walk_one(struct render *r, xmlNode *n, int depth)
{
	if (depth > HTML_MAX_DEPTH)
		return;
	switch (n->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		if (n->content != NULL)
			add_text(r, (const char *)n->content);
		break;
	case XML_ELEMENT_NODE:
		element(r, n, depth);
		break;
	default:
		break;
	}
}

static void
walk(struct render *r, xmlNode *n, int depth)
{
	for (; n != NULL; n = n->next)
		walk_one(r, n, depth);
}

/* Text without markup: paragraphs are separated by blank lines. */
static void
render_plain(struct render *r, const char *s, size_t len)
{
	const char *p = s, *end = s + len, *nl;
	int blank;

	while (p < end) {
		nl = memchr(p, '\n', end - p);
		if (nl == NULL)
			nl = end;
		blank = 1;
		for (const char *q = p; q < nl; q++)
			if (*q != ' ' && *q != '\t' && *q != '\r')
				blank = 0;
		if (blank)
			flush(r);
		else {
			char *line = xstrndup(p, nl - p);

			add_text(r, line);
			add_text(r, " ");
			free(line);
		}
		p = nl + 1;
	}
	flush(r);
}

static int
looks_like_html(const char *s, size_t len)
{
	const char *p;

	for (p = s; p != NULL && p < s + len; p++) {
		p = memchr(p, '<', s + len - p);
		if (p == NULL || p + 1 >= s + len)
			return 0;
		if ((p[1] >= 'a' && p[1] <= 'z') ||
		    (p[1] >= 'A' && p[1] <= 'Z') || p[1] == '/' || p[1] == '!')
			return 1;
	}
	return 0;
}

void
html_render(const char *html, size_t len, const char *base_url,
    struct html_text *out)
{
	html_render_flags(html, len, base_url, 0, out);
}

/* Render into out, and when plain is not NULL into it with HTML_PLAIN. */
static void
render(const char *html, size_t len, const char *base_url, int flags,
    struct html_text *out, struct html_text *plain)
{
	struct render r, pr;
	htmlDocPtr doc;
	char *copy = NULL;
	int opts;

	memset(out, 0, sizeof *out);
	memset(&r, 0, sizeof r);
	r.out = out;
	r.base = base_url;
	r.flags = flags;
	memset(&pr, 0, sizeof pr);
	if (plain != NULL) {
		memset(plain, 0, sizeof *plain);
		pr.out = plain;
		pr.flags = flags | HTML_PLAIN;
	}
	if (len > INT32_MAX)
		len = INT32_MAX;
	if (!looks_like_html(html, len)) {
		render_plain(&r, html, len);
		buf_free(&r.text);
		if (plain != NULL) {
			render_plain(&pr, html, len);
			buf_free(&pr.text);
		}
		return;
	}
	opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET;
	/* The parser drops ESC and keeps the rest of a sequence as text. */
	if (memchr(html, 0x1b, len) != NULL ||
	    memmem(html, len, "&#", 2) != NULL) {
		copy = xmalloc(len + 1);
		memcpy(copy, html, len);
		len = text_markup_strip_esc(copy, len);
		html = copy;
	}
	doc = htmlReadMemory(html, (int)len, base_url, "UTF-8", opts);
	if (doc != NULL) {
		walk(&r, xmlDocGetRootElement(doc), 0);
		flush(&r);
		if (plain != NULL) {
			walk(&pr, xmlDocGetRootElement(doc), 0);
			flush(&pr);
		}
		xmlFreeDoc(doc);
	}
	free(copy);
	buf_free(&r.text);
	buf_free(&pr.text);
}

void
html_render_flags(const char *html, size_t len, const char *base_url,
    int flags, struct html_text *out)
{
	render(html, len, base_url, flags, out, NULL);
}

void
html_render_both(const char *html, size_t len, const char *base_url,
    struct html_text *out, struct html_text *plain)
{
	render(html, len, base_url, 0, out, plain);
}

void
html_text_free(struct html_text *t)
{
	size_t i;

	for (i = 0; i < t->nblocks; i++)
		free(t->blocks[i].text);
	free(t->blocks);
	for (i = 0; i < t->nlinks; i++)
		free(t->links[i]);
	free(t->links);
	memset(t, 0, sizeof *t);
}
