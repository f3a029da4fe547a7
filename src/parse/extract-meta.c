/* extract-meta.c - a page's title, author, date and more: meta, JSON-LD. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "date.h"
#include "extract-int.h"
#include "html.h"
#include "text.h"
#include "util.h"

/* JSON-LD nests deeper than this only in hostile pages. */
#define JSON_MAX_DEPTH 32

enum json_type { J_NULL, J_STRING, J_OTHER, J_ARRAY, J_OBJECT };

struct json {
	enum json_type	 type;
	char		*s;		/* J_STRING */
	char		*key;		/* as a member of an object */
	struct json	*kids;
	size_t		 nkids;
};

struct jparse {
	const char	*p;
	const char	*end;
	int		 depth;
};

/* Fields found, by the name Readability gives them. */
struct meta {
	char		*title;
	char		*byline;
	char		*excerpt;
	char		*site_name;
	char		*published;
	char		*lang;
	int		 title_rank;	/* of the title kept: lower is better */
	int		 from_doc;	/* the title is <title>'s */
};

static void
json_free(struct json *j)
{
	size_t i;

	for (i = 0; i < j->nkids; i++)
		json_free(&j->kids[i]);
	free(j->kids);
	free(j->s);
	free(j->key);
}

static void
jspace(struct jparse *jp)
{
	while (jp->p < jp->end && (*jp->p == ' ' || *jp->p == '\t' ||
	    *jp->p == '\n' || *jp->p == '\r'))
		jp->p++;
}

static int
hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static char *
jstring(struct jparse *jp)
{
	struct buf b = BUF_INIT;
	uint32_t cp, lo;
	int i, h;

	jp->p++;
	while (jp->p < jp->end && *jp->p != '"') {
		if (*jp->p != '\\') {
			buf_addc(&b, *jp->p++);
			continue;
		}
		if (++jp->p >= jp->end)
			break;
		switch (*jp->p) {
		case 'n':
			buf_addc(&b, '\n');
			break;
		case 't':
			buf_addc(&b, '\t');
			break;
		case 'r': case 'b': case 'f':
			buf_addc(&b, ' ');
			break;
		case 'u':
			cp = 0;
			for (i = 0; i < 4; i++) {
				if (jp->p + 1 >= jp->end ||
				    (h = hexval(jp->p[1])) == -1)
					break;
				cp = cp * 16 + (uint32_t)h;
				jp->p++;
			}
			if (cp >= 0xd800 && cp < 0xdc00 &&
			    jp->end - jp->p > 6 &&
			    jp->p[1] == '\\' && jp->p[2] == 'u') {
				lo = 0;
				for (i = 0; i < 4; i++) {
					if ((h = hexval(jp->p[3 + i])) == -1)
						break;
					lo = lo * 16 + (uint32_t)h;
				}
				if (i == 4 && lo >= 0xdc00 && lo < 0xe000) {
					cp = 0x10000 + ((cp - 0xd800) << 10) +
					    (lo - 0xdc00);
					jp->p += 6;
				}
			}
			text_utf8_encode(&b, cp);
			break;
		default:
			buf_addc(&b, *jp->p);
			break;
		}
		jp->p++;
	}
	if (jp->p < jp->end)
		jp->p++;
	return buf_detach(&b);
}

static int jvalue(struct jparse *, struct json *);

static int
jlist(struct jparse *jp, struct json *j, char close, int keys)
{
	struct json kid;
	char *key = NULL;

	jp->p++;
	for (;;) {
		jspace(jp);
		if (jp->p >= jp->end)
			return -1;
		if (*jp->p == close) {
			jp->p++;
			return 0;
		}
		if (*jp->p == ',') {
			jp->p++;
			continue;
		}
		if (keys) {
			if (*jp->p != '"')
				return -1;
			key = jstring(jp);
			jspace(jp);
			if (jp->p >= jp->end || *jp->p != ':') {
				free(key);
				return -1;
			}
			jp->p++;
		}
		memset(&kid, 0, sizeof kid);
		if (jvalue(jp, &kid) == -1) {
			free(key);
			json_free(&kid);
			return -1;
		}
		kid.key = key;
		key = NULL;
		j->kids = xreallocarray(j->kids, j->nkids + 1, sizeof *j->kids);
		j->kids[j->nkids++] = kid;
	}
}

static int
jvalue(struct jparse *jp, struct json *j)
{
	const char *start;
	int rc;

	jspace(jp);
	if (jp->p >= jp->end)
		return -1;
	switch (*jp->p) {
	case '"':
		j->type = J_STRING;
		j->s = jstring(jp);
		return 0;
	case '{':
	case '[':
		if (jp->depth >= JSON_MAX_DEPTH)
			return -1;
		jp->depth++;
		j->type = *jp->p == '{' ? J_OBJECT : J_ARRAY;
		rc = jlist(jp, j, *jp->p == '{' ? '}' : ']', *jp->p == '{');
		jp->depth--;
		return rc;
	default:
		j->type = *jp->p == 'n' ? J_NULL : J_OTHER;
		start = jp->p;
		while (jp->p < jp->end && *jp->p != ',' && *jp->p != '}' &&
		    *jp->p != ']')
			jp->p++;
		/* A stray close bracket: stop rather than loop. */
		return jp->p > start ? 0 : -1;
	}
}

static const struct json *
jget(const struct json *j, const char *key)
{
	size_t i;

	if (j == NULL || j->type != J_OBJECT)
		return NULL;
	for (i = 0; i < j->nkids; i++)
		if (j->kids[i].key != NULL && strcmp(j->kids[i].key, key) == 0)
			return &j->kids[i];
	return NULL;
}

static const char *
jstr(const struct json *j, const char *key)
{
	const struct json *v = jget(j, key);

	return v != NULL && v->type == J_STRING ? v->s : NULL;
}

static int
article_type(const char *t)
{
	static const char *const ends[] = { "Article", "Posting", "Report",
	    "APIReference" };
	size_t i, n = strlen(t), m;

	for (i = 0; i < NITEMS(ends); i++) {
		m = strlen(ends[i]);
		if (n >= m && strcmp(t + n - m, ends[i]) == 0)
			return 1;
	}
	return 0;
}

static int
is_article(const struct json *j)
{
	const struct json *t = jget(j, "@type");
	size_t i;

	if (t == NULL)
		return 0;
	if (t->type == J_STRING)
		return article_type(t->s);
	for (i = 0; t->type == J_ARRAY && i < t->nkids; i++)
		if (t->kids[i].type == J_STRING && article_type(t->kids[i].s))
			return 1;
	return 0;
}

static const struct json *
find_article(const struct json *j, int depth)
{
	const struct json *g, *f;
	size_t i;

	if (depth > 3)
		return NULL;
	if (j->type == J_ARRAY) {
		for (i = 0; i < j->nkids; i++)
			if ((f = find_article(&j->kids[i], depth + 1)) != NULL)
				return f;
		return NULL;
	}
	if (j->type != J_OBJECT)
		return NULL;
	if (is_article(j))
		return j;
	if ((g = jget(j, "@graph")) != NULL)
		return find_article(g, depth + 1);
	return NULL;
}

static void
set_once(char **field, const char *value)
{
	if (*field != NULL || value == NULL)
		return;
	while (*value == ' ' || *value == '\n' || *value == '\t')
		value++;
	if (*value == '\0')
		return;
	*field = text_sanitize(value, strlen(value), TEXT_ONELINE);
	if (**field == '\0') {
		free(*field);
		*field = NULL;
	}
}

static void
author_names(const struct json *a, struct buf *b)
{
	const char *name;
	size_t i;

	if (a == NULL)
		return;
	if (a->type == J_STRING)
		name = a->s;
	else if (a->type == J_OBJECT)
		name = jstr(a, "name");
	else {
		for (i = 0; a->type == J_ARRAY && i < a->nkids; i++)
			author_names(&a->kids[i], b);
		return;
	}
	if (name == NULL || *name == '\0')
		return;
	if (b->len > 0)
		buf_adds(b, ", ");
	buf_adds(b, name);
}

static void
json_ld(const char *text, const char *doc_title, struct meta *m)
{
	struct jparse jp;
	struct json root;
	const struct json *a, *pub;
	const char *name, *headline, *p = text, *end;
	struct buf b = BUF_INIT;

	end = text + strlen(text);
	while (p < end && (*p == ' ' || *p == '\n' || *p == '\t' ||
	    *p == '\r'))
		p++;
	if (end - p >= 9 && memcmp(p, "<![CDATA[", 9) == 0)
		p += 9;
	while (p < end && *p != '{' && *p != '[')
		p++;
	jp.p = p;
	jp.end = end;
	jp.depth = 0;
	memset(&root, 0, sizeof root);
	if (jvalue(&jp, &root) == -1 || (a = find_article(&root, 0)) == NULL) {
		json_free(&root);
		return;
	}
	name = jstr(a, "name");
	headline = jstr(a, "headline");
	if (name != NULL && headline != NULL && strcmp(name, headline) != 0 &&
	    doc_title != NULL &&
	    extract_similarity(headline, doc_title) > 0.75 &&
	    extract_similarity(name, doc_title) <= 0.75)
		set_once(&m->title, headline);
	else
		set_once(&m->title, name != NULL ? name : headline);
	author_names(jget(a, "author"), &b);
	set_once(&m->byline, buf_str(&b));
	buf_free(&b);
	set_once(&m->excerpt, jstr(a, "description"));
	if ((pub = jget(a, "publisher")) != NULL)
		set_once(&m->site_name, jstr(pub, "name"));
	set_once(&m->published, jstr(a, "datePublished"));
	json_free(&root);
}

static int
title_words(const char *s, char ***out)
{
	char **v = NULL, *w;
	const char *p = s, *start;
	int n = 0;

#define WORDCH(c) (((c) >= '0' && (c) <= '9') || \
	((c) >= 'a' && (c) <= 'z') || ((c) >= 'A' && (c) <= 'Z') || \
	(unsigned char)(c) >= 0x80 || (c) == '_')
	while (*p != '\0') {
		while (*p != '\0' && !WORDCH(*p))
			p++;
		start = p;
		while (*p != '\0' && WORDCH(*p))
			p++;
		if (p > start) {
			if (out != NULL) {
				w = xstrndup(start, (size_t)(p - start));
				util_strv_add(&v, w);
				free(w);
			}
			n++;
		}
	}
#undef WORDCH
	if (out != NULL)
		*out = v;
	return n;
}

double
extract_similarity(const char *a, const char *b)
{
	char *fa = text_fold(a), *fb = text_fold(b), **wa, **wb;
	size_t i, j, all = 0, uniq = 0;
	double sim;

	title_words(fa, &wa);
	title_words(fb, &wb);
	for (i = 0; wb != NULL && wb[i] != NULL; i++) {
		int found = 0;

		for (j = 0; wa != NULL && wa[j] != NULL; j++)
			if (strcmp(wa[j], wb[i]) == 0)
				found = 1;
		all += strlen(wb[i]) + (i > 0);
		if (!found)
			uniq += strlen(wb[i]) + (uniq > 0);
	}
	sim = all == 0 ? 0 : 1 - (double)uniq / (double)all;
	util_strv_free(&wa);
	util_strv_free(&wb);
	free(fa);
	free(fb);
	return sim;
}

static int
word_count(const char *s)
{
	int n = 0, in = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n')
			in = 0;
		else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Where a " | " style separator starts at p (its length), else 0. */
static size_t
separator_at(const char *p, int *hier)
{
	static const char *const seps[] = { "|", "-", "\\", "/", ">",
	    "\xc2\xbb", "\xe2\x80\x93", "\xe2\x80\x94" };
	size_t i, n;

	if (*p != ' ')
		return 0;
	for (i = 0; i < NITEMS(seps); i++) {
		n = strlen(seps[i]);
		if (strncmp(p + 1, seps[i], n) == 0 && p[1 + n] == ' ') {
			if (hier != NULL)
				*hier = i >= 2 && i <= 5;
			return n + 2;
		}
	}
	return 0;
}

/* The article's title from <title>, as Readability's _getArticleTitle. */
static char *
title_from_doc(const char *orig, xmlNode *h1, int nh1)
{
	const char *p, *last = NULL, *first = NULL, *colon;
	size_t n, first_len = 0;
	int hier = 0, h, words, same_h1 = 0;
	char *cur, *tmp;

	if (h1 != NULL) {
		tmp = extract_text(h1, NULL);
		same_h1 = strcmp(tmp, orig) == 0;
		free(tmp);
	}
	for (p = orig; *p != '\0'; p++) {
		if ((n = separator_at(p, &h)) > 0) {
			if (first == NULL) {
				first = p;
				first_len = n;
			}
			last = p;
			hier |= h;
		}
	}
	if (last != NULL) {
		cur = xstrndup(orig, (size_t)(last - orig));
		if (word_count(cur) < 3) {
			free(cur);
			cur = xstrdup(first + first_len);
		}
	} else if ((colon = strstr(orig, ": ")) != NULL && !same_h1) {
		cur = xstrdup(strrchr(orig, ':') + 1);
		if (word_count(cur) < 3) {
			free(cur);
			cur = xstrdup(strchr(orig, ':') + 1);
		} else {
			tmp = xstrndup(orig,
			    (size_t)(strchr(orig, ':') - orig));
			if (word_count(tmp) > 5) {
				free(cur);
				cur = xstrdup(orig);
			}
			free(tmp);
		}
	} else if ((strlen(orig) > 150 || strlen(orig) < 15) && nh1 == 1)
		cur = extract_text(h1, NULL);
	else
		cur = xstrdup(orig);
	tmp = text_sanitize(cur, strlen(cur), TEXT_ONELINE);
	free(cur);
	cur = tmp;
	words = word_count(cur);
	if (words <= 4 && h1 != NULL && last != NULL) {
		/* The page's own heading agrees: the cut was right. */
		tmp = extract_text(h1, NULL);
		if (strcmp(tmp, cur) == 0)
			words = 5;
		free(tmp);
	}
	if (words <= 4) {
		struct buf b = BUF_INIT;

		for (p = orig; *p != '\0'; p++)
			if (strchr("|-\\/>", *p) == NULL)
				buf_addc(&b, *p);
		if (!hier || words != word_count(buf_str(&b)) - 1) {
			free(cur);
			cur = xstrdup(orig);
		}
		buf_free(&b);
	}
	return cur;
}

/* Chinese titles: "标题_栏目_网站" or "标题|网站" without spaces. */
static void
title_zh(char **title)
{
	static const char *const seps[] = { "_", "|", "\xef\xbd\x9c",
	    " - ", "--" };
	char *t = *title, *cut = NULL, *p;
	size_t i, n;
	uint32_t cp;
	int cjk = 0;

	for (p = t; *p != '\0'; p += n) {
		n = text_utf8_decode(p, strlen(p), &cp);
		if (cp >= 0x4e00 && cp <= 0x9fff)
			cjk++;
	}
	if (cjk < 4)
		return;
	for (i = 0; i < NITEMS(seps); i++) {
		p = strstr(t, seps[i]);
		if (p != NULL && (cut == NULL || p < cut))
			cut = p;
	}
	if (cut == NULL || cut - t < 9)
		return;
	/* Only channel and site names may follow the cut. */
	for (p = cut, n = 0; *p != '\0'; p += text_utf8_decode(p,
	    strlen(p), &cp))
		n++;
	if (n > 20)
		return;
	*title = xstrndup(t, (size_t)(cut - t));
	free(t);
}

/* Titles from meta tags rank as Readability orders them. */
static void
set_title(struct meta *m, const char *value, int rank)
{
	if (m->title != NULL && m->title_rank <= rank)
		return;
	free(m->title);
	m->title = NULL;
	set_once(&m->title, value);
	if (m->title != NULL)
		m->title_rank = rank;
}

/* One <meta>: the fields its property or name stands for. */
static void
meta_tag(xmlNode *n, struct meta *m, struct meta *named)
{
	const char *prop = extract_attr(n, "property");
	const char *name = extract_attr(n, "name");
	const char *content = extract_attr(n, "content");
	const char *eq = extract_attr(n, "http-equiv");
	char *key, *p, *q;

	if (content == NULL)
		return;
	if (eq != NULL && strcasecmp(eq, "content-language") == 0)
		set_once(&named->lang, content);
	if (prop != NULL) {
		key = text_fold(prop);
		/* Space-separated properties: each counts. */
		for (p = key; *p != '\0'; p = q) {
			while (*p == ' ')
				p++;
			for (q = p; *q != '\0' && *q != ' '; q++)
				;
			if (*q != '\0')
				*q++ = '\0';
			if (strcmp(p, "dc:title") == 0)
				set_title(m, content, 1);
			else if (strcmp(p, "dcterm:title") == 0)
				set_title(m, content, 3);
			else if (strcmp(p, "og:title") == 0)
				set_title(m, content, 5);
			else if (strcmp(p, "twitter:title") == 0)
				set_title(m, content, 11);
			else if (strcmp(p, "article:author") == 0 &&
			    strncmp(content, "http", 4) != 0)
				set_once(&named->byline, content);
			else if (strcmp(p, "dc:creator") == 0)
				set_once(&m->byline, content);
			else if (strcmp(p, "og:description") == 0 ||
			    strcmp(p, "dc:description") == 0)
				set_once(&m->excerpt, content);
			else if (strcmp(p, "og:site_name") == 0)
				set_once(&m->site_name, content);
			else if (strcmp(p, "article:published_time") == 0)
				set_once(&m->published, content);
			else if (strcmp(p, "og:locale") == 0)
				set_once(&named->lang, content);
		}
		free(key);
	}
	if (name == NULL)
		return;
	key = text_fold(name);
	for (p = q = key; *p != '\0'; p++)
		if (*p != ' ')
			*q++ = *p == '.' ? ':' : *p;
	*q = '\0';
	if (strcmp(key, "dc:title") == 0)
		set_title(m, content, 2);
	else if (strcmp(key, "dcterm:title") == 0)
		set_title(m, content, 4);
	else if (strcmp(key, "og:title") == 0)
		set_title(m, content, 6);
	else if (strcmp(key, "weibo:article:title") == 0 ||
	    strcmp(key, "weibo:webpage:title") == 0)
		set_title(m, content, 8);
	else if (strcmp(key, "title") == 0)
		set_title(m, content, 10);
	else if (strcmp(key, "twitter:title") == 0)
		set_title(m, content, 12);
	else if (strcmp(key, "parsely-title") == 0)
		set_title(m, content, 14);
	else if (strcmp(key, "dc:creator") == 0 ||
	    strcmp(key, "dcterm:creator") == 0 || strcmp(key, "author") == 0 ||
	    strcmp(key, "parsely-author") == 0)
		set_once(&m->byline, content);
	else if (strcmp(key, "dc:description") == 0 ||
	    strcmp(key, "dcterm:description") == 0 ||
	    strcmp(key, "og:description") == 0 ||
	    strcmp(key, "weibo:article:description") == 0)
		set_once(&m->excerpt, content);
	else if (strcmp(key, "description") == 0 ||
	    strcmp(key, "twitter:description") == 0)
		set_once(&named->excerpt, content);
	else if (strcmp(key, "parsely-pub-date") == 0 ||
	    strcmp(key, "pubdate") == 0 || strcmp(key, "publishdate") == 0 ||
	    strcmp(key, "date") == 0 || strcmp(key, "dc:date") == 0)
		set_once(&named->published, content);
	free(key);
}

static void
meta_free(struct meta *m)
{
	free(m->title);
	free(m->byline);
	free(m->excerpt);
	free(m->site_name);
	free(m->published);
	free(m->lang);
}

static void
walk_head(xmlNode *n, struct meta *m, struct meta *named, char **doc_title,
    char ***ld, xmlNode **h1, int *nh1, char **canonical, int depth)
{
	const char *type, *rel;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (extract_is(n, "meta"))
			meta_tag(n, m, named);
		else if (extract_is(n, "title") && *doc_title == NULL)
			*doc_title = extract_text(n, NULL);
		else if (extract_is(n, "h1")) {
			if ((*nh1)++ == 0)
				*h1 = n;
		} else if (extract_is(n, "script")) {
			type = extract_attr(n, "type");
			if (type != NULL &&
			    strcasecmp(type, "application/ld+json") == 0 &&
			    n->children != NULL && n->children->content != NULL)
				util_strv_add(ld,
				    (const char *)n->children->content);
			continue;
		} else if (extract_is(n, "link") && *canonical == NULL &&
		    (rel = extract_attr(n, "rel")) != NULL &&
		    strcasecmp(rel, "canonical") == 0 &&
		    extract_attr(n, "href") != NULL)
			*canonical = xstrdup(extract_attr(n, "href"));
		if (depth < 200)
			walk_head(n->children, m, named, doc_title, ld, h1, nh1,
			    canonical, depth + 1);
	}
}

static char *
take(char **p)
{
	char *s = *p;

	*p = NULL;
	return s;
}

void
extract_meta(xmlDoc *doc, const char *url, struct extract *e)
{
	struct meta m, named;
	xmlNode *root = xmlDocGetRootElement(doc), *h1 = NULL;
	char *doc_title = NULL, **ld = NULL, *canonical = NULL, *t;
	const char *lang;
	size_t i;
	int nh1 = 0;

	memset(&m, 0, sizeof m);
	memset(&named, 0, sizeof named);
	if (root == NULL)
		return;
	walk_head(root, &m, &named, &doc_title, &ld, &h1, &nh1, &canonical, 0);
	if (doc_title != NULL) {
		t = text_sanitize(doc_title, strlen(doc_title), TEXT_ONELINE);
		free(doc_title);
		doc_title = t;
	}
	{
		struct meta j;

		memset(&j, 0, sizeof j);
		for (i = 0; ld != NULL && ld[i] != NULL; i++)
			json_ld(ld[i], doc_title, &j);
		/* JSON-LD first, then the specific meta, then the general. */
		/* A meta title that only starts the page's is cut short. */
		if (m.title != NULL && doc_title != NULL &&
		    strlen(m.title) < strlen(doc_title) &&
		    strncmp(m.title, doc_title, strlen(m.title)) == 0 &&
		    doc_title[strlen(m.title)] != ' ' &&
		    doc_title[strlen(m.title)] != '|' &&
		    doc_title[strlen(m.title)] != '_')
			free(take(&m.title));
		set_once(&j.title, m.title);
		set_once(&j.byline, m.byline);
		set_once(&j.byline, named.byline);
		set_once(&j.excerpt, m.excerpt);
		set_once(&j.excerpt, named.excerpt);
		set_once(&j.site_name, m.site_name);
		set_once(&j.published, m.published);
		set_once(&j.published, named.published);
		meta_free(&m);
		m = j;
	}
	if (m.title == NULL && doc_title != NULL && *doc_title != '\0') {
		m.title = title_from_doc(doc_title, h1, nh1);
		m.from_doc = 1;
	}
	if (m.title == NULL && h1 != NULL)
		m.title = extract_text(h1, NULL);
	if (m.title != NULL && *m.title == '\0')
		free(take(&m.title));
	if (m.title != NULL && m.from_doc)
		title_zh(&m.title);
	e->title = take(&m.title);
	e->author = take(&m.byline);
	e->lead = take(&m.excerpt);
	e->site_name = take(&m.site_name);
	if (m.published != NULL && date_parse(m.published, &e->published) == 0)
		e->date = take(&m.published);
	lang = extract_attr(root, "lang");
	if (lang == NULL)
		lang = extract_attr(root, "xml:lang");
	if (lang == NULL || *lang == '\0')
		lang = named.lang;
	if (lang != NULL && *lang != '\0') {
		e->language = text_sanitize(lang, strlen(lang), TEXT_ONELINE);
		for (t = e->language; *t != '\0'; t++)
			if (*t == '_')
				*t = '-';
	}
	if (canonical != NULL)
		e->url = html_resolve(url, canonical);
	if (e->url == NULL && url != NULL)
		e->url = xstrdup(url);
	free(canonical);
	free(doc_title);
	util_strv_free(&ld);
	meta_free(&m);
	meta_free(&named);
}

void
extract_meta_byline(struct extract *e, const char *text)
{
	set_once(&e->author, text);
}

/* After a label such as 作者：, the name up to a space or mark. */
static char *
zh_after(const char *text, const char *label, size_t max)
{
	const char *p, *start;
	uint32_t cp;
	size_t n, chars = 0;

	if ((p = strstr(text, label)) == NULL)
		return NULL;
	p += strlen(label);
	while (*p == ' ' || strncmp(p, "\xef\xbc\x9a", 3) == 0 || *p == ':' ||
	    strncmp(p, "\xe3\x80\x80", 3) == 0)
		p += *p == ' ' || *p == ':' ? 1 : 3;
	start = p;
	while (*p != '\0' && chars < max) {
		n = text_utf8_decode(p, strlen(p), &cp);
		if (cp == ' ' || cp == '\n' || cp == '\t' || cp == 0x3000 ||
		    cp == 0xa0 || (cp >= 0x3001 && cp <= 0x3011) ||
		    (cp >= 0xff01 && cp <= 0xff0f) || cp == 0xff1a ||
		    cp == '(' || cp == ')' || cp == ',' || cp == '|' ||
		    cp == '/' || cp == '_' || (cp >= '0' && cp <= '9'))
			break;
		p += n;
		chars++;
	}
	if (p == start || chars >= max)
		return NULL;
	return xstrndup(start, (size_t)(p - start));
}

/* The first date written as digits with 年月日, - or /, and a time. */
static char *
zh_date(const char *text)
{
	const char *p, *q;
	int parts;

	for (p = text; *p != '\0'; p++) {
		if (!(p[0] >= '1' && p[0] <= '2' &&
		    p[1] >= '0' && p[1] <= '9' &&
		    p[2] >= '0' && p[2] <= '9' && p[3] >= '0' && p[3] <= '9'))
			continue;
		if (p > text && p[-1] >= '0' && p[-1] <= '9')
			continue;
		q = p + 4;
		if (strncmp(q, "\xe5\xb9\xb4", 3) == 0)
			q += 3;
		else if (*q == '-' || *q == '/' || *q == '.')
			q++;
		else
			continue;
		parts = 0;
		while (parts < 6) {
			const char *d = q;

			while (*q >= '0' && *q <= '9')
				q++;
			if (q == d || q - d > 2)
				break;
			parts++;
			if (strncmp(q, "\xe6\x97\xa5 ", 4) == 0 &&
			    q[4] >= '0' && q[4] <= '9')
				q += 4;
			else if (strncmp(q, "\xe6\x9c\x88", 3) == 0 ||
			    strncmp(q, "\xe6\x97\xa5", 3) == 0)
				q += 3;
			else if (*q == '-' || *q == '/' || *q == ':' ||
			    *q == '.')
				q++;
			else if (*q == ' ' && q[1] >= '0' && q[1] <= '9')
				q++;
			else
				break;
		}
		if (parts < 2)
			continue;
		while (q > p && (q[-1] == ' ' || q[-1] == '-' ||
		    q[-1] == '/' || q[-1] == ':' || q[-1] == '.'))
			q--;
		return xstrndup(p, (size_t)(q - p));
	}
	return NULL;
}

void
extract_meta_zh(struct extract *e, const char *text)
{
	static const char *const authors[] = {
		"\xe4\xbd\x9c\xe8\x80\x85",		/* 作者 */
		"\xe8\xae\xb0\xe8\x80\x85",		/* 记者 */
		"\xe8\xb4\xa3\xe4\xbb\xbb\xe7\xbc\x96\xe8\xbe\x91",
							/* 责任编辑 */
		"\xe6\x9d\xa5\xe6\xba\x90",		/* 来源 */
	};
	char *s;
	size_t i;
	time_t t;

	for (i = 0; i < NITEMS(authors) && e->author == NULL; i++)
		if ((s = zh_after(text, authors[i], 16)) != NULL) {
			e->author = text_sanitize(s, strlen(s), TEXT_ONELINE);
			free(s);
		}
	if (e->date == NULL && (s = zh_date(text)) != NULL) {
		if (date_parse(s, &t) == 0) {
			e->date = s;
			e->published = t;
		} else
			free(s);
	}
}
