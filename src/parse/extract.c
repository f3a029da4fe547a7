/* extract.c - the article itself out of a whole web page. */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include "buf.h"
#include "charset.h"
#include "extract-int.h"
#include "extract.h"
#include "html.h"
#include "text.h"
#include "util.h"

/*
 * The content finder follows Readability.js (Mozilla, Apache-2.0) in its
 * shape: paragraphs score their ancestors, link density lowers scores,
 * class and id names hint, the best candidate and its worthy siblings are
 * the article, which is then cleaned conditionally. When too little text
 * comes out, it runs again with fewer rules.
 */

#define EXTRACT_MAX_BYTES	(16 * 1024 * 1024)
#define EXTRACT_CHAR_THRESHOLD	500	/* enough article to stop trying */
#define EXTRACT_TOP		5

enum {
	F_STRIP_UNLIKELY = 0x1,
	F_WEIGHT_CLASSES = 0x2,
	F_CLEAN_COND = 0x4,
};

struct scored {
	xmlNode		*node;
	double		 score;
	double		 density;	/* link density, for top_candidate */
};

struct grab {
	struct extract	*e;
	int		 flags;
	struct scored  **scored;
	size_t		 nscored;
	xmlNode	       **toscore;
	size_t		 ntoscore;
};

/* Elements gone before scoring, with all they hold. */
static const char *const drop_tags[] = {
	"script", "style", "noscript", "template", "link", "meta", "head",
	"svg", "canvas", "iframe", "object", "embed", "applet",
	"frame", "frameset", "audio", "video", "map", "input", "select",
	"textarea", "button", "option", "dialog",
};

static const char *const unlikely_words[] = {
	"-ad-", "ai2html", "banner", "breadcrumb", "combx", "comment",
	"community", "cover-wrap", "disqus", "extra", "footer", "gdpr",
	"header", "legends", "menu", "related", "remark", "replies", "rss",
	"shoutbox", "sidebar", "skyscraper", "social", "sponsor",
	"supplemental", "ad-break", "agegate", "pagination", "pager",
	"popup", "yom-remote",
};
static const char *const maybe_words[] = {
	"and", "article", "body", "column", "content", "main", "mathjax",
	"shadow",
};
static const char *const positive_words[] = {
	"article", "body", "content", "entry", "hentry", "h-entry", "main",
	"page", "pagination", "post", "text", "blog", "story", "zhengwen",
	"detail",
};
static const char *const negative_words[] = {
	"-ad-", "hidden", "banner", "combx", "comment", "com-", "contact",
	"footer", "gdpr", "masthead", "media", "meta", "outbrain", "promo",
	"related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
	"sponsor", "shopping", "tags", "widget", "recommend", "copyright",
	"breadcrumb",
};
static const char *const unlikely_roles[] = {
	"menu", "menubar", "complementary", "navigation", "alert",
	"alertdialog", "dialog",
};
static int
weight_of(const char *attr)
{
	char *s, *p;
	int w = 0;

	if (attr == NULL || *attr == '\0')
		return 0;
	s = xstrdup(attr);
	for (p = s; *p != '\0'; p++)
		if (*p >= 'A' && *p <= 'Z')
			*p = (char)(*p - 'A' + 'a');
	if (extract_has_word(s, negative_words, NITEMS(negative_words)) ||
	    extract_has_token(s, "hid") || extract_has_token(s, "ad"))
		w -= 25;
	if (extract_has_word(s, positive_words, NITEMS(positive_words)))
		w += 25;
	free(s);
	return w;
}

static int
class_weight(const struct grab *g, const xmlNode *n)
{
	if (!(g->flags & F_WEIGHT_CLASSES))
		return 0;
	return weight_of(extract_attr(n, "class")) +
	    weight_of(extract_attr(n, "id"));
}

/* Runs of two or more <br> become paragraph breaks (old table layouts). */
static xmlNode *
replace_brs(xmlDoc *doc, xmlNode *br)
{
	xmlNode *next, *p, *sib;
	int replaced = 0;

	for (next = br->next; next != NULL; next = sib) {
		sib = next->next;
		if (next->type == XML_TEXT_NODE && extract_whitespace(next))
			continue;
		if (!extract_is(next, "br"))
			break;
		replaced = 1;
		extract_remove(next);
	}
	if (!replaced)
		return NULL;
	p = xmlNewDocNode(doc, NULL, (const xmlChar *)"p", NULL);
	xmlReplaceNode(br, p);
	xmlFreeNode(br);
	for (next = p->next; next != NULL; next = sib) {
		sib = next->next;
		if (extract_is(next, "br")) {
			xmlNode *n2 = next->next;

			while (n2 != NULL && n2->type == XML_TEXT_NODE &&
			    extract_whitespace(n2))
				n2 = n2->next;
			if (n2 != NULL && extract_is(n2, "br"))
				break;
		}
		if (!extract_phrasing(next))
			break;
		xmlUnlinkNode(next);
		xmlAddChild(p, next);
	}
	while (p->last != NULL && extract_whitespace(p->last))
		extract_remove(p->last);
	if (p->parent != NULL && extract_is(p->parent, "p"))
		extract_rename(p->parent, "div");
	return p;
}

/* Drop what is never content; collect JSON-LD first (extract_meta). */
static void
prep_document(xmlDoc *doc, xmlNode *root)
{
	xmlNode *n, *next;

	for (n = root; n != NULL; n = next) {
		if (n->type == XML_ELEMENT_NODE &&
		    extract_in_list((const char *)n->name, drop_tags,
		    NITEMS(drop_tags))) {
			next = extract_next_in(root, n, 1);
			extract_remove(n);
			continue;
		}
		if (extract_is(n, "font"))
			extract_rename(n, "span");
		next = extract_next_in(root, n, 0);
	}
	for (n = root; n != NULL; n = next) {
		next = extract_next_in(root, n, 0);
		if (extract_is(n, "br")) {
			xmlNode *after = n->next;

			while (after != NULL && after->type == XML_TEXT_NODE &&
			    extract_whitespace(after))
				after = after->next;
			if (after != NULL && extract_is(after, "br") &&
			    (after = replace_brs(doc, n)) != NULL)
				next = after;
		}
	}
}

static struct scored *
init_score(struct grab *g, xmlNode *n)
{
	struct scored *s;
	const char *name = (const char *)n->name;

	if ((s = n->_private) != NULL)
		return s;
	s = xcalloc(1, sizeof *s);
	s->node = n;
	if (strcmp(name, "div") == 0)
		s->score = 5;
	else if (strcmp(name, "pre") == 0 || strcmp(name, "td") == 0 ||
	    strcmp(name, "blockquote") == 0)
		s->score = 3;
	else if (strcmp(name, "address") == 0 || strcmp(name, "ol") == 0 ||
	    strcmp(name, "ul") == 0 || strcmp(name, "dl") == 0 ||
	    strcmp(name, "dd") == 0 || strcmp(name, "dt") == 0 ||
	    strcmp(name, "li") == 0 || strcmp(name, "form") == 0)
		s->score = -3;
	else if ((name[0] == 'h' && name[1] >= '1' && name[1] <= '6' &&
	    name[2] == '\0') || strcmp(name, "th") == 0)
		s->score = -5;
	s->score += class_weight(g, n);
	n->_private = s;
	g->scored = xreallocarray(g->scored, g->nscored + 1,
	    sizeof *g->scored);
	g->scored[g->nscored++] = s;
	return s;
}

static void
grab_reset(struct grab *g)
{
	size_t i;

	for (i = 0; i < g->nscored; i++) {
		/* Only nodes still in the tree point back at their score. */
		free(g->scored[i]);
	}
	free(g->scored);
	free(g->toscore);
	g->scored = NULL;
	g->toscore = NULL;
	g->nscored = g->ntoscore = 0;
}

static void
to_score(struct grab *g, xmlNode *n)
{
	g->toscore = xreallocarray(g->toscore, g->ntoscore + 1,
	    sizeof *g->toscore);
	g->toscore[g->ntoscore++] = n;
}

/* Commas, in the scripts that use them, each add a point. */
static int
commas(const char *s)
{
	static const char *const marks[] = {
		",", "\xd8\x8c", "\xef\xb9\x90", "\xef\xb8\x90",
		"\xef\xb8\x91", "\xe2\xb9\x81", "\xe2\xb8\xb4",
		"\xe2\xb8\xb2", "\xef\xbc\x8c", "\xe3\x80\x82",
	};
	size_t i, len;
	const char *p;
	int n = 0;

	for (i = 0; i < NITEMS(marks); i++) {
		len = strlen(marks[i]);
		for (p = s; (p = strstr(p, marks[i])) != NULL; p += len)
			n++;
	}
	return n;
}

/* The first pass: drop the unlikely, make paragraphs, list what scores. */
static void
grab_walk(struct grab *g, xmlDoc *doc, xmlNode *body)
{
	struct extract *e = g->e;
	xmlNode *n, *next, *c, *cnext, *p;
	const char *name, *role, *rel, *prop;
	char *ms, *text;
	size_t len;

	for (n = body; n != NULL; n = next) {
		name = (const char *)n->name;
		if (n != body && extract_hidden(n)) {
			next = extract_next_in(body, n, 1);
			extract_remove(n);
			continue;
		}
		ms = extract_match_string(n);
		rel = extract_attr(n, "rel");
		prop = extract_attr(n, "itemprop");
		if ((rel != NULL && strcmp(rel, "author") == 0) ||
		    (prop != NULL && strstr(prop, "author") != NULL) ||
		    strstr(ms, "byline") != NULL ||
		    strstr(ms, "author") != NULL ||
		    strstr(ms, "dateline") != NULL ||
		    strstr(ms, "writtenby") != NULL) {
			text = extract_text(n, &len);
			if (len > 0 && len < 100 && n != body) {
				extract_meta_byline(e, text);
				free(text);
				free(ms);
				next = extract_next_in(body, n, 1);
				extract_remove(n);
				continue;
			}
			free(text);
		}
		if ((strcmp(name, "h1") == 0 || strcmp(name, "h2") == 0) &&
		    e->title != NULL) {
			text = extract_text(n, NULL);
			if (extract_similarity(e->title, text) > 0.75) {
				free(text);
				free(ms);
				next = extract_next_in(body, n, 1);
				extract_remove(n);
				continue;
			}
			free(text);
		}
		if ((g->flags & F_STRIP_UNLIKELY) && n != body) {
			role = extract_attr(n, "role");
			if ((extract_has_word(ms, unlikely_words,
			    NITEMS(unlikely_words)) &&
			    !extract_has_word(ms, maybe_words,
			    NITEMS(maybe_words)) &&
			    !extract_ancestor(n, "table", 0) &&
			    !extract_ancestor(n, "code", 0) &&
			    strcmp(name, "a") != 0) ||
			    (role != NULL && extract_in_list(role,
			    unlikely_roles, NITEMS(unlikely_roles))) ||
			    strcmp(name, "nav") == 0 ||
			    strcmp(name, "aside") == 0) {
				free(ms);
				next = extract_next_in(body, n, 1);
				extract_remove(n);
				continue;
			}
		}
		free(ms);
		if ((strcmp(name, "div") == 0 || strcmp(name, "section") == 0 ||
		    strcmp(name, "header") == 0 || (name[0] == 'h' &&
		    name[1] >= '1' && name[1] <= '6' && name[2] == '\0')) &&
		    n != body && extract_empty(n)) {
			next = extract_next_in(body, n, 1);
			extract_remove(n);
			continue;
		}
		if (strcmp(name, "section") == 0 || strcmp(name, "p") == 0 ||
		    strcmp(name, "td") == 0 || strcmp(name, "pre") == 0 ||
		    (name[0] == 'h' && name[1] >= '2' && name[1] <= '6' &&
		    name[2] == '\0'))
			to_score(g, n);
		if (strcmp(name, "div") == 0) {
			p = NULL;
			for (c = n->children; c != NULL; c = cnext) {
				cnext = c->next;
				if (extract_phrasing(c)) {
					if (p != NULL) {
						xmlUnlinkNode(c);
						xmlAddChild(p, c);
					} else if (!extract_whitespace(c)) {
						p = xmlNewDocNode(doc, NULL,
						    (const xmlChar *)"p", NULL);
						xmlReplaceNode(c, p);
						xmlAddChild(p, c);
					}
				} else if (p != NULL) {
					while (p->last != NULL &&
					    extract_whitespace(p->last))
						extract_remove(p->last);
					p = NULL;
				}
			}
			if ((c = extract_single_child(n, "p")) != NULL &&
			    extract_link_density(n) < 0.25) {
				xmlUnlinkNode(c);
				xmlReplaceNode(n, c);
				xmlFreeNode(n);
				n = c;
				to_score(g, n);
			} else if (!extract_block_child(n, 0)) {
				extract_rename(n, "p");
				to_score(g, n);
			}
		}
		next = extract_next_in(body, n, 0);
	}
}

static void
score_paragraphs(struct grab *g, xmlNode *body)
{
	xmlNode *n, *a;
	struct scored *s;
	size_t i, len;
	double score;
	char *text;
	int level;

	for (i = 0; i < g->ntoscore; i++) {
		n = g->toscore[i];
		if (n->parent == NULL || n->parent->type != XML_ELEMENT_NODE)
			continue;
		text = extract_text(n, &len);
		if (len < 25) {
			free(text);
			continue;
		}
		score = 1 + commas(text) + (len / 100 < 3 ? len / 100 : 3);
		free(text);
		for (a = n->parent, level = 0; a != NULL && level < 5 &&
		    a->type == XML_ELEMENT_NODE; a = a->parent, level++) {
			if (a->parent == NULL ||
			    a->parent->type == XML_DOCUMENT_NODE ||
			    a->parent->type == XML_HTML_DOCUMENT_NODE)
				break;
			s = init_score(g, a);
			s->score += score / (level == 0 ? 1 : level == 1 ? 2 :
			    level * 3);
			/*
			 * Nothing above the body: the article must not hold
			 * it (a body libxml2 put inside the head).
			 */
			if (a == body)
				break;
		}
	}
}

static double
score_or_zero(xmlNode *n)
{
	struct scored *s = n != NULL ? n->_private : NULL;

	return s != NULL ? s->score : 0;
}

static void
set_density(xmlNode *n, double density, void *arg)
{
	struct scored *s = n->_private;

	(void)arg;
	s->density = density;
}

/* The best candidate, moved up while its ancestors share its merit. */
static xmlNode *
top_candidate(struct grab *g, xmlNode *body)
{
	struct scored *top[EXTRACT_TOP], *s;
	xmlNode *best, *p, *a;
	size_t i, j, ntop = 0;
	double last, threshold;
	int count;

	memset(top, 0, sizeof top);
	extract_link_densities(body, set_density, NULL);
	for (i = 0; i < g->nscored; i++) {
		s = g->scored[i];
		s->score *= 1 - s->density;
		for (j = 0; j < EXTRACT_TOP; j++) {
			if (top[j] == NULL || s->score > top[j]->score) {
				memmove(&top[j + 1], &top[j],
				    (EXTRACT_TOP - j - 1) * sizeof *top);
				top[j] = s;
				if (ntop < EXTRACT_TOP)
					ntop++;
				break;
			}
		}
	}
	if (ntop == 0 || top[0]->node == body)
		return NULL;
	best = top[0]->node;
	/* Several good candidates under one ancestor: take the ancestor. */
	for (p = best->parent; p != NULL && p != body &&
	    p->type == XML_ELEMENT_NODE; p = p->parent) {
		count = 0;
		for (i = 1; i < ntop; i++) {
			if (top[i]->score / top[0]->score < 0.75)
				continue;
			for (a = top[i]->node->parent; a != NULL; a = a->parent)
				if (a == p)
					count++;
		}
		if (count >= 3) {
			best = p;
			break;
		}
	}
	if (best->_private == NULL)
		init_score(g, best);
	last = score_or_zero(best);
	threshold = last / 3;
	for (p = best->parent; p != NULL && p != body &&
	    p->type == XML_ELEMENT_NODE; p = p->parent) {
		if (p->_private == NULL)
			continue;
		if (score_or_zero(p) < threshold)
			break;
		if (score_or_zero(p) > last) {
			best = p;
			break;
		}
		last = score_or_zero(p);
	}
	for (p = best->parent; p != NULL && p != body &&
	    p->type == XML_ELEMENT_NODE && extract_first(p) == best &&
	    extract_next(best) == NULL; p = best->parent)
		best = p;
	if (best->_private == NULL)
		init_score(g, best);
	return best;
}

/* The candidate and those of its siblings that belong to the article. */
static xmlNode *
gather(struct grab *g, xmlDoc *doc, xmlNode *top)
{
	xmlNode *art, *sib, *next;
	const char *cls = extract_attr(top, "class"), *scls;
	double threshold, bonus, ld;
	struct scored *s = top->_private;
	size_t len;
	char *text;
	int append;

	art = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
	threshold = s->score * 0.2 > 10 ? s->score * 0.2 : 10;
	for (sib = extract_first(top->parent); sib != NULL; sib = next) {
		next = extract_next(sib);
		append = sib == top;
		if (!append) {
			bonus = 0;
			scls = extract_attr(sib, "class");
			if (cls != NULL && *cls != '\0' && scls != NULL &&
			    strcmp(cls, scls) == 0)
				bonus = s->score * 0.2;
			if (sib->_private != NULL &&
			    score_or_zero(sib) + bonus >= threshold)
				append = 1;
			else if (extract_is(sib, "p")) {
				ld = extract_link_density(sib);
				text = extract_text(sib, &len);
				if (len > 80 && ld < 0.25)
					append = 1;
				else if (len < 80 && len > 0 && ld == 0 &&
				    (strstr(text, ". ") != NULL ||
				    (strlen(text) > 0 &&
				    text[strlen(text) - 1] == '.')))
					append = 1;
				free(text);
			}
		}
		if (append) {
			xmlUnlinkNode(sib);
			xmlAddChild(art, sib);
		}
	}
	return art;
}

static int
data_table(xmlNode *t)
{
	const char *role = extract_attr(t, "role");
	size_t rows, cols;

	if (role != NULL && strcmp(role, "presentation") == 0)
		return 0;
	if (extract_attr(t, "summary") != NULL ||
	    extract_count(t, "caption", 0) || extract_count(t, "th", 0) ||
	    extract_count(t, "thead", 0))
		return 1;
	if (extract_count(t, "table", 0) > 0)
		return 0;
	rows = extract_count(t, "tr", 0);
	cols = rows > 0 ? extract_count(t, "td", 0) / rows : 0;
	return rows >= 10 || cols > 4 || rows * cols > 10;
}

static size_t
list_text_len(xmlNode *n, int depth)
{
	size_t c = 0;

	for (n = n->children; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (extract_is(n, "ul") || extract_is(n, "ol"))
			c += extract_text_len(n);
		else if (depth < EXTRACT_MAX_DEPTH)
			c += list_text_len(n, depth + 1);
	}
	return c;
}

/* Readability's _cleanConditionally for one element. */
static int
should_remove(struct grab *g, xmlNode *n)
{
	size_t len, p, img, li, input, embeds, heads;
	int weight, is_list;
	double ld;
	char *text;

	if (extract_is(n, "table") && data_table(n))
		return 0;
	if (extract_ancestor(n, "code", 0) || extract_ancestor(n, "pre", 0))
		return 0;
	weight = class_weight(g, n);
	if (weight < 0)
		return 1;
	text = extract_text(n, &len);
	if (commas(text) >= 10) {
		free(text);
		return 0;
	}
	free(text);
	is_list = extract_is(n, "ul") || extract_is(n, "ol");
	if (!is_list && len > 0 && (double)list_text_len(n, 0) / len > 0.9)
		is_list = 1;
	p = extract_count(n, "p", 0);
	img = extract_count(n, "img", 0);
	li = extract_count(n, "li", 0);
	input = extract_count(n, "input", 0);
	embeds = extract_count(n, "object", 0) + extract_count(n, "embed", 0) +
	    extract_count(n, "iframe", 0);
	heads = extract_count(n, "h1", 0) + extract_count(n, "h2", 0) +
	    extract_count(n, "h3", 0) + extract_count(n, "h4", 0);
	ld = extract_link_density(n);
	if (img > 1 && (double)p / img < 0.5 &&
	    !extract_ancestor(n, "figure", 0))
		return 1;
	if (!is_list && li > 100 && li - 100 > p)
		return 1;
	if (input > p / 3)
		return 1;
	if (!is_list && heads == 0 && len < 25 && (img == 0 || img > 2) &&
	    !extract_ancestor(n, "figure", 0))
		return 1;
	if (!is_list && weight < 25 && ld > 0.2)
		return 1;
	if (weight >= 25 && ld > 0.5)
		return 1;
	if ((embeds == 1 && len < 75) || embeds > 1)
		return 1;
	return 0;
}

static void
prep_article(struct grab *g, xmlNode *art)
{
	static const char *const conds[] = { "form", "fieldset", "table",
	    "ul", "ol", "div" };
	xmlNode *n, *next;
	const char *name;
	char *ms, *text;
	size_t len, i;

	for (n = extract_first(art); n != NULL; n = next) {
		name = (const char *)n->name;
		ms = extract_match_string(n);
		if (strcmp(name, "footer") == 0 || strcmp(name, "aside") == 0 ||
		    strcmp(name, "form") == 0 ||
		    ((name[0] == 'h' && (name[1] == '1' || name[1] == '2') &&
		    name[2] == '\0') && class_weight(g, n) < 0)) {
			free(ms);
			next = extract_next_in(art, n, 1);
			extract_remove(n);
			continue;
		}
		if (strstr(ms, "share") != NULL) {
			if (extract_text_len(n) < 500) {
				free(ms);
				next = extract_next_in(art, n, 1);
				extract_remove(n);
				continue;
			}
		}
		free(ms);
		next = extract_next_in(art, n, 0);
	}
	for (i = 0; i < NITEMS(conds) && (g->flags & F_CLEAN_COND); i++) {
		xmlNode **v = NULL;
		size_t nv = 0;

		for (n = extract_first(art); n != NULL;
		    n = extract_next_in(art, n, 0)) {
			if (!extract_is(n, conds[i]))
				continue;
			v = xreallocarray(v, nv + 1, sizeof *v);
			v[nv++] = n;
		}
		/* From the end, as Readability: inner ones are judged first. */
		while (nv-- > 0)
			if (should_remove(g, v[nv]))
				extract_remove(v[nv]);
		free(v);
	}
	/* Empty paragraphs. */
	for (n = extract_first(art); n != NULL; n = next) {
		next = extract_next_in(art, n, 0);
		if (!extract_is(n, "p"))
			continue;
		text = extract_text(n, &len);
		if (len == 0 && extract_count(n, "img", 0) == 0) {
			next = extract_next_in(art, n, 1);
			extract_remove(n);
		}
		free(text);
	}
}

/* Forget scores: nodes point at freed memory after grab_reset. */
static void
clear_private(xmlNode *n, int depth)
{
	for (; n != NULL; n = n->next) {
		n->_private = NULL;
		if (n->type == XML_ELEMENT_NODE && depth < EXTRACT_MAX_DEPTH)
			clear_private(n->children, depth + 1);
	}
}

static xmlDoc *
parse(const char *utf8, size_t len, const char *url)
{
	int opts = HTML_PARSE_RECOVER | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_NONET;

	return htmlReadMemory(utf8, (int)len, url, "UTF-8", opts);
}

static xmlNode *
find_body(xmlDoc *doc)
{
	xmlNode *root = xmlDocGetRootElement(doc), *n;

	for (n = root; n != NULL; n = extract_next_node(n, 0))
		if (extract_is(n, "body"))
			return n;
	return root;
}

/* One attempt; the article element (in doc) or NULL. */
static xmlNode *
grab(struct grab *g, xmlDoc *doc)
{
	xmlNode *body, *top, *art, *c;

	if ((body = find_body(doc)) == NULL)
		return NULL;
	prep_document(doc, body);
	grab_walk(g, doc, body);
	score_paragraphs(g, body);
	top = top_candidate(g, body);
	if (top == NULL) {
		art = xmlNewDocNode(doc, NULL, (const xmlChar *)"div", NULL);
		while ((c = body->children) != NULL) {
			xmlUnlinkNode(c);
			xmlAddChild(art, c);
		}
		xmlAddChild(body, art);
		init_score(g, art);
	} else {
		art = gather(g, doc, top);
		xmlAddChild(body, art);
	}
	prep_article(g, art);
	clear_private(xmlDocGetRootElement(doc), 0);
	grab_reset(g);
	return art;
}

static void
escape(struct buf *b, const char *s)
{
	for (; *s != '\0'; s++) {
		if (*s == '<')
			buf_adds(b, "&lt;");
		else if (*s == '>')
			buf_adds(b, "&gt;");
		else if (*s == '&')
			buf_adds(b, "&amp;");
		else if (*s == '"')
			buf_adds(b, "&quot;");
		else
			buf_addc(b, *s);
	}
}

/* Write the article as the minimal HTML extract.h promises. */
static void
emit(struct buf *b, xmlNode *n, const char *base, int depth)
{
	static const char *const keep[] = {
		"p", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "li",
		"blockquote", "pre", "table", "tr", "td", "th", "em",
		"strong", "code", "dl", "dt", "dd",
	};
	static const char *const blockish[] = {
		"div", "section", "article", "main", "figure", "figcaption",
		"header", "center", "address", "details", "summary", "body",
	};
	const char *name, *tag, *href, *alt;
	char *url;

	for (; n != NULL; n = n->next) {
		if (n->type == XML_TEXT_NODE ||
		    n->type == XML_CDATA_SECTION_NODE) {
			if (n->content != NULL)
				escape(b, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE || depth > EXTRACT_MAX_DEPTH)
			continue;
		name = (const char *)n->name;
		if (extract_in_list(name, drop_tags, NITEMS(drop_tags)))
			continue;
		tag = NULL;
		if (strcmp(name, "h1") == 0)
			tag = "h2";
		else if (strcmp(name, "b") == 0)
			tag = "strong";
		else if (strcmp(name, "i") == 0)
			tag = "em";
		else if (extract_in_list(name, keep, NITEMS(keep)))
			tag = name;
		else if (extract_in_list(name, blockish, NITEMS(blockish)))
			tag = "div";
		if (strcmp(name, "br") == 0) {
			buf_adds(b, "<br>");
			continue;
		}
		if (strcmp(name, "img") == 0) {
			alt = extract_attr(n, "alt");
			if (alt != NULL && *alt != '\0') {
				buf_adds(b, "<img alt=\"");
				escape(b, alt);
				buf_adds(b, "\">");
			}
			continue;
		}
		if (strcmp(name, "a") == 0) {
			href = extract_attr(n, "href");
			url = href != NULL ? html_resolve(base, href) : NULL;
			if (url != NULL) {
				buf_adds(b, "<a href=\"");
				escape(b, url);
				buf_adds(b, "\">");
				free(url);
				emit(b, n->children, base, depth + 1);
				buf_adds(b, "</a>");
				continue;
			}
		}
		if (tag != NULL)
			buf_addf(b, "<%s>", tag);
		emit(b, n->children, base, depth + 1);
		if (tag != NULL)
			buf_addf(b, "</%s>\n", tag);
	}
}

static char *
base_of(xmlDoc *doc, const char *url)
{
	xmlNode *n;
	const char *href;

	for (n = xmlDocGetRootElement(doc); n != NULL;
	    n = extract_next_node(n, 0)) {
		if (extract_is(n, "body"))
			break;
		if (extract_is(n, "base") &&
		    (href = extract_attr(n, "href")) != NULL)
			return html_resolve(url, href);
	}
	return url != NULL ? xstrdup(url) : NULL;
}

struct extract *
extract_page(const char *bytes, size_t len, const char *url,
    const char *content_type)
{
	static const int tries[] = {
		F_STRIP_UNLIKELY | F_WEIGHT_CLASSES | F_CLEAN_COND,
		F_WEIGHT_CLASSES | F_CLEAN_COND,
		F_CLEAN_COND,
		0,
	};
	struct extract *e;
	struct grab g;
	struct buf best = BUF_INIT, b = BUF_INIT;
	const char *enc;
	char *utf8 = NULL, *base, *text;
	size_t ulen = 0, best_len = 0, tlen, i;
	struct html_text ht, plain, full;
	xmlDoc *doc;
	xmlNode *art;
	int have_body = 0;

	memset(&plain, 0, sizeof plain);
	e = xcalloc(1, sizeof *e);
	if (len > EXTRACT_MAX_BYTES)
		len = EXTRACT_MAX_BYTES;
	enc = charset_detect(bytes, len, content_type, CHARSET_HTML);
	if (charset_to_utf8(bytes, len, enc, &utf8, &ulen, NULL) == -1 &&
	    charset_to_utf8(bytes, len, "UTF-8", &utf8, &ulen, NULL) == -1) {
		e->html = xstrdup("");
		return e;
	}
	ulen = extract_slim(utf8, ulen);
	/* The parser drops ESC and keeps the rest of a sequence as text. */
	ulen = text_markup_strip_esc(utf8, ulen);
	if ((doc = parse(utf8, ulen, url)) == NULL) {
		free(utf8);
		e->html = xstrdup("");
		return e;
	}
	extract_meta(doc, url, e);
	base = base_of(doc, e->url != NULL ? e->url : url);
	if ((art = find_body(doc)) != NULL) {
		text = extract_text(art, NULL);
		extract_meta_zh(e, text);
		free(text);
	}
	for (i = 0; i < NITEMS(tries); i++) {
		if (i > 0 && (doc = parse(utf8, ulen, url)) == NULL)
			break;
		memset(&g, 0, sizeof g);
		g.e = e;
		g.flags = tries[i];
		art = grab(&g, doc);
		if (art != NULL) {
			buf_reset(&b);
			emit(&b, art->children, base, 0);
			/*
			 * The first try is nearly always the one kept: render
			 * the body from the same parse.
			 */
			memset(&full, 0, sizeof full);
			if (i == 0)
				html_render_both(buf_str(&b), b.len, base,
				    &full, &ht);
			else
				html_render_flags(buf_str(&b), b.len, NULL,
				    HTML_PLAIN, &ht);
			tlen = 0;
			for (size_t k = 0; k < ht.nblocks; k++)
				tlen += strlen(ht.blocks[k].text);
			if (tlen > best_len || best.data == NULL) {
				buf_free(&best);
				best = b;
				memset(&b, 0, sizeof b);
				best_len = tlen;
				/* What extract_plain would give: kept to count. */
				html_text_free(&plain);
				plain = ht;
				html_text_free(&e->body);
				e->body = full;
				have_body = i == 0;
			} else {
				html_text_free(&ht);
				html_text_free(&full);
			}
		}
		xmlFreeDoc(doc);
		if (best_len >= EXTRACT_CHAR_THRESHOLD)
			break;
	}
	buf_free(&b);
	free(utf8);
	e->html = buf_detach(&best);
	if (!have_body) {
		html_text_free(&e->body);
		html_render(e->html, strlen(e->html), base, &e->body);
	}
	free(base);
	e->text_len = 0;
	for (i = 0; i < plain.nblocks; i++)
		for (const char *p = plain.blocks[i].text; *p != '\0'; p++)
			if ((*p & 0xc0) != 0x80 && *p != '\n')
				e->text_len++;
	html_text_free(&plain);
	return e;
}

char *
extract_plain(const struct extract *e)
{
	struct html_text ht;
	struct buf b = BUF_INIT;
	size_t i;

	html_render_flags(e->html, strlen(e->html), NULL, HTML_PLAIN, &ht);
	for (i = 0; i < ht.nblocks; i++) {
		buf_adds(&b, ht.blocks[i].text);
		buf_addc(&b, '\n');
	}
	html_text_free(&ht);
	return buf_detach(&b);
}

void
extract_free(struct extract **ep)
{
	struct extract *e = *ep;

	if (e == NULL)
		return;
	free(e->title);
	free(e->author);
	free(e->date);
	free(e->lead);
	free(e->site_name);
	free(e->language);
	free(e->url);
	free(e->html);
	html_text_free(&e->body);
	free(e);
	*ep = NULL;
}
