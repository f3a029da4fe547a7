/* scrape-guess.c - the article links of an index page, without an XPath. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/tree.h>

#include "buf.h"
#include "html.h"
#include "scrape-int.h"
#include "text.h"
#include "util.h"

/*
 * An index page lists its articles as links that sit alike (the items of
 * one list), whose text reads like a headline and whose URL reads like an
 * article's: on the same site, with a date, an id or a long slug, and not
 * a tag, topic, author, search or page-number link. Menus, headers,
 * footers, sidebars and the like are passed over by their elements, roles
 * and class names. The largest such group is taken, and with it, inside
 * the page's <main>, other links that are clearly articles (a featured
 * piece above the list).
 */

#define GUESS_SIG_LEVELS	4	/* ancestors that make a signature */
#define GUESS_TEXT_CAP		120	/* characters of a title that count */

struct cand {
	xmlNode		*a;
	char		*sig;		/* tags and classes of its ancestors */
	size_t		 chars;
	int		 score;		/* how much its URL reads as an article */
	int		 heading;	/* in (or around) h1-h4 */
	int		 in_main;	/* inside the page's <main> */
	size_t		 group;
};

struct guess {
	const char	*base;
	const char	*page_url;
	xmlNode		*main;
	struct cand	*v;
	size_t		 n;
};

/* Class and id words of page furniture, matched as parts of names. */
static const char *const chrome_parts[] = {
	"ad", "ads", "advert", "advertisement", "breadcrumb", "breadcrumbs",
	"cookie", "cookies", "crumbs", "login", "menu", "most", "nav",
	"navbar", "navigation", "newsletter", "pager", "paging",
	"pagination", "popular", "related", "search", "share", "sharing",
	"sidebar", "skip", "social", "subscribe", "tag", "tagcloud", "tags",
	"toolbar", "trending", "widget", "widgets",
};
/* Whole class names of a page's header and footer. */
static const char *const chrome_names[] = {
	"footer", "global-footer", "global-header", "header", "masthead",
	"page-footer", "site-footer", "site-header", "top", "top-bar",
	"topbar",
};
static const char *const chrome_roles[] = {
	"banner", "complementary", "contentinfo", "menu", "menubar",
	"navigation", "search",
};
/* First path segments of pages about many articles, or none. */
static const char *const nav_segments[] = {
	"about", "account", "archive", "archives", "author", "authors",
	"careers", "categories", "category", "contact", "donate", "expert",
	"experts", "feed", "feeds", "jobs", "login", "newsletter",
	"newsletters", "people", "person", "privacy", "profile", "profiles",
	"register", "rss", "search", "section", "sections", "signin",
	"signup", "sitemap", "subscribe", "tag", "tags", "terms", "topic",
	"topics", "user", "users",
};
static const char *const not_pages[] = {
	".pdf", ".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".zip",
	".doc", ".docx", ".xls", ".xlsx", ".ppt", ".pptx", ".mp3", ".mp4",
	".xml", ".rss", ".json", ".epub",
};
/* Query parameters of page numbers and searches. */
static const char *const page_params[] = {
	"offset", "p", "page", "paged", "pg", "q", "s", "start",
};
static const char *const page_exts[] = {
	".html", ".htm", ".shtml", ".php", ".asp", ".aspx", ".jsp",
};
/* Link texts that lead somewhere without saying where. */
static const char *const generic_texts[] = {
	"continue reading", "full story", "learn more", "more", "newer",
	"next", "older", "previous", "read more", "read the full",
	"see all", "see more", "view all", "view more",
	"\xe6\x9b\xb4\xe5\xa4\x9a",			/* 更多 */
	"\xe4\xb8\x8b\xe4\xb8\x80\xe9\xa1\xb5",		/* 下一页 */
	"\xe4\xb8\x8a\xe4\xb8\x80\xe9\xa1\xb5",		/* 上一页 */
	"\xe9\x98\x85\xe8\xaf\xbb\xe5\x85\xa8\xe6\x96\x87", /* 阅读全文 */
	"\xe6\x9f\xa5\xe7\x9c\x8b",			/* 查看 */
	"\xe8\xaf\xa6\xe7\xbb\x86",			/* 详细 */
	"\xe8\xaf\xa6\xe6\x83\x85",			/* 详情 */
};

static int
in_list(const char *s, size_t len, const char *const *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strlen(v[i]) == len && strncasecmp(s, v[i], len) == 0)
			return 1;
	return 0;
}

static int
alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9');
}

static int
digit(char c)
{
	return c >= '0' && c <= '9';
}

/* A class or id value naming page furniture. */
static int
chrome_words(const char *v)
{
	const char *p, *q, *r;

	if (v == NULL)
		return 0;
	for (p = v; *p != '\0'; p = q) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		for (q = p; *q != '\0' && *q != ' ' && *q != '\t' &&
		    *q != '\n'; q++)
			;
		if (q == p)
			break;
		if (in_list(p, (size_t)(q - p), chrome_names,
		    NITEMS(chrome_names)))
			return 1;
		for (r = p; r < q; ) {
			const char *w = r;

			while (r < q && alnum(*r))
				r++;
			if (r > w && in_list(w, (size_t)(r - w), chrome_parts,
			    NITEMS(chrome_parts)))
				return 1;
			while (r < q && !alnum(*r))
				r++;
		}
	}
	return 0;
}

/* Whether the element n, with all it holds, is page furniture. */
static int
chrome(const xmlNode *n, int in_article)
{
	static const char *const tags[] = { "nav", "aside", "form", "menu",
	    "select", "button" };
	const char *role;
	size_t i;

	for (i = 0; i < NITEMS(tags); i++)
		if (scrape_is(n, tags[i]))
			return 1;
	/* An article's own header and footer hold its title and byline. */
	if (!in_article && (scrape_is(n, "header") || scrape_is(n, "footer")))
		return 1;
	if ((role = scrape_attr(n, "role")) != NULL &&
	    in_list(role, strlen(role), chrome_roles, NITEMS(chrome_roles)))
		return 1;
	if (scrape_is(n, "body") || scrape_is(n, "html") ||
	    scrape_is(n, "main"))
		return 0;
	return chrome_words(scrape_attr(n, "class")) ||
	    chrome_words(scrape_attr(n, "id"));
}

/* Text that reads like a headline: words enough, and not "Read more". */
static int
title_like(const char *t, size_t chars)
{
	const unsigned char *p;
	size_t cjk = 0, words = 0, digits = 0, i;
	int in_word = 0;

	if (chars < 6 || chars > 300)
		return 0;
	for (i = 0; i < NITEMS(generic_texts); i++)
		if (strncasecmp(t, generic_texts[i], strlen(generic_texts[i]))
		    == 0 && chars < 25)
			return 0;
	for (p = (const unsigned char *)t; *p != '\0'; p++) {
		/* Lead bytes of U+3000-U+9FFF and U+F900-U+FFFF. */
		if (*p == 0xe3 || (*p >= 0xe4 && *p <= 0xe9) || *p == 0xef)
			cjk++;
		if (digit((char)*p))
			digits++;
		if (*p == ' ')
			in_word = 0;
		else if (!in_word) {
			in_word = 1;
			words++;
		}
	}
	if (digits * 2 > chars)
		return 0;
	if (cjk * 2 >= chars)
		return 1;
	return chars >= 12 && words >= 2;
}

/* The host of an absolute URL, without "www." (length to *len). */
static const char *
site_of(const char *url, size_t *len)
{
	const char *h, *e, *at;

	if (url == NULL || (h = strstr(url, "://")) == NULL)
		return NULL;
	h += 3;
	e = h + strcspn(h, "/?#");
	if ((at = memchr(h, '@', (size_t)(e - h))) != NULL)
		h = at + 1;
	if (e - h > 4 && strncasecmp(h, "www.", 4) == 0)
		h += 4;
	*len = (size_t)(e - h);
	if ((at = memchr(h, ':', *len)) != NULL)
		*len = (size_t)(at - h);
	return h;
}

/* a is b, or one is a host under the other (news.example.cn). */
static int
same_site(const char *url, const char *page)
{
	const char *a, *b;
	size_t al, bl;

	if ((b = site_of(page, &bl)) == NULL)
		return 1;
	if ((a = site_of(url, &al)) == NULL)
		return 0;
	if (al == bl)
		return strncasecmp(a, b, al) == 0;
	if (al > bl)
		return a[al - bl - 1] == '.' &&
		    strncasecmp(a + al - bl, b, bl) == 0;
	return b[bl - al - 1] == '.' && strncasecmp(b + bl - al, a, al) == 0;
}

/* A year and a month in the digits at p: 2024/05, 2024-05, 202405. */
static int
dated(const char *p)
{
	if (!((p[0] == '1' && p[1] == '9') || (p[0] == '2' && p[1] == '0')) ||
	    !digit(p[2]) || !digit(p[3]))
		return 0;
	p += 4;
	if (*p == '/' || *p == '-' || *p == '_')
		p++;
	return (p[0] == '0' && p[1] >= '1' && p[1] <= '9') ||
	    (p[0] == '1' && p[1] >= '0' && p[1] <= '2');
}

/* The length of a segment without its extension (".shtml"). */
static size_t
stem(const char *s, size_t len)
{
	size_t i;

	for (i = len; i > 0; i--)
		if (s[i - 1] == '.')
			return i - 1;
	return len;
}

/* A page number: 2, p2, page-2, index_2.shtml, list_3.html. */
static int
page_number(const char *s, size_t len)
{
	static const char *const words[] = { "index", "list", "p", "page" };
	size_t i, d;

	len = stem(s, len);
	for (d = len; d > 0 && digit(s[d - 1]); d--)
		;
	if (d == len)
		return 0;
	if (d == 0)
		return len <= 3;
	i = d;
	if (s[i - 1] == '-' || s[i - 1] == '_')
		i--;
	return in_list(s, i, words, NITEMS(words));
}

/* Words of a slug: parts between '-' and '_' with a letter in them. */
static size_t
slug_words(const char *s, size_t len)
{
	size_t i, words = 0;
	int letter = 0;

	len = stem(s, len);
	for (i = 0; i <= len; i++) {
		if (i == len || s[i] == '-' || s[i] == '_') {
			words += letter;
			letter = 0;
		} else if ((s[i] >= 'a' && s[i] <= 'z') ||
		    (s[i] >= 'A' && s[i] <= 'Z'))
			letter = 1;
	}
	return words;
}

static int
ends_with(const char *s, size_t len, const char *const *v, size_t n)
{
	size_t i, k;

	for (i = 0; i < n; i++) {
		k = strlen(v[i]);
		if (len > k && strncasecmp(s + len - k, v[i], k) == 0)
			return 1;
	}
	return 0;
}

/*
 * How much url reads as an article's page (0 or more); -1 for a link to
 * elsewhere, to the page itself, to a page of links (tags, topics,
 * authors, a page number) or to what is not a web page.
 */
static int
article_score(const char *url, const char *page)
{
	const char *path, *q, *p, *seg[16], *last;
	size_t plen, slen[16], ns = 0, first = 0, i, n;
	int score = 0;

	if (page != NULL && !same_site(url, page))
		return -1;
	if ((path = strstr(url, "://")) == NULL)
		return -1;
	path += 3;
	path += strcspn(path, "/?#");
	plen = strcspn(path, "?#");
	q = path[plen] == '?' ? path + plen + 1 : NULL;
	if (page != NULL) {
		n = strlen(page);
		while (n > 0 && page[n - 1] == '/')
			n--;
		i = strlen(url);
		while (i > 0 && url[i - 1] == '/')
			i--;
		if (i == n && strncmp(url, page, n) == 0)
			return -1;
	}
	for (p = path; p < path + plen && ns < NITEMS(seg); ) {
		while (p < path + plen && *p == '/')
			p++;
		if (p >= path + plen)
			break;
		seg[ns] = p;
		while (p < path + plen && *p != '/')
			p++;
		slen[ns] = (size_t)(p - seg[ns]);
		ns++;
	}
	/* A language first: /en/, /zh-cn/. */
	if (ns > 0 && (slen[0] == 2 || (slen[0] >= 5 && slen[0] <= 7 &&
	    seg[0][2] == '-')) && seg[0][0] >= 'a' && seg[0][0] <= 'z' &&
	    seg[0][1] >= 'a' && seg[0][1] <= 'z')
		first = 1;
	if (ns <= first)
		return -1;
	if (ns - first <= 3 && (in_list(seg[first], slen[first], nav_segments,
	    NITEMS(nav_segments)) || (ns - first >= 2 && in_list(
	    seg[first + 1], slen[first + 1], nav_segments,
	    NITEMS(nav_segments)))))
		return -1;
	last = seg[ns - 1];
	n = slen[ns - 1];
	if (ends_with(last, n, not_pages, NITEMS(not_pages)))
		return -1;
	/* Page numbers: /page/2, /index_2.shtml, ?page=2. */
	for (i = 0; i < n && digit(last[i]); i++)
		;
	if (page_number(last, n) || (i == n && ns >= 2 && slen[ns - 2] == 4 &&
	    strncasecmp(seg[ns - 2], "page", 4) == 0))
		return -1;
	for (p = q; p != NULL && *p != '\0' && *p != '#'; ) {
		size_t k = strcspn(p, "=&#");

		if (p[k] == '=' && digit(p[k + 1]) && in_list(p, k,
		    page_params, NITEMS(page_params)))
			return -1;
		if (p[k] == '=' && digit(p[k + 1]) && k == 2 &&
		    strncasecmp(p, "id", 2) == 0)
			score++;
		p += strcspn(p, "&#");
		if (*p == '&')
			p++;
	}
	for (p = path; p + 6 <= path + plen; p++)
		if ((p == path || !digit(p[-1])) && dated(p)) {
			score += 2;
			break;
		}
	for (p = path, i = 0; p < path + plen; p++) {
		i = digit(*p) ? i + 1 : 0;
		if (i == 5) {
			score++;
			break;
		}
	}
	if (slug_words(last, n) >= 3)
		score++;
	if (ns - first >= 2)
		score++;
	if (ends_with(last, n, page_exts, NITEMS(page_exts)))
		score++;
	return score;
}

static int
heading(const xmlNode *n)
{
	return scrape_is(n, "h1") || scrape_is(n, "h2") || scrape_is(n, "h3") ||
	    scrape_is(n, "h4");
}

/* A heading around the link (three levels up) or inside it. */
static int
in_heading(xmlNode *a)
{
	xmlNode *n;
	int i;

	for (n = a->parent, i = 0; n != NULL && i < 3 &&
	    n->type == XML_ELEMENT_NODE; n = n->parent, i++)
		if (heading(n))
			return 1;
	for (n = a->children; n != NULL; n = n->next)
		if (heading(n))
			return 1;
	return 0;
}

static char *
signature(xmlNode *a)
{
	struct buf b = BUF_INIT;
	const char *c;
	xmlNode *n;
	int i;

	for (n = a->parent, i = 0; n != NULL && i < GUESS_SIG_LEVELS &&
	    n->type == XML_ELEMENT_NODE; n = n->parent, i++) {
		c = scrape_attr(n, "class");
		buf_addf(&b, "%s.%s/", (const char *)n->name,
		    c != NULL ? c : "");
	}
	return buf_detach(&b);
}

static void
consider(struct guess *g, xmlNode *a, int in_main)
{
	const char *href = scrape_attr(a, "href");
	struct cand *c;
	char *text, *url, *hash;
	size_t chars;
	int score;

	if (href == NULL || g->n >= SCRAPE_MAX_LINKS * 4)
		return;
	text = scrape_link_text(a, &chars);
	if (!title_like(text, chars)) {
		free(text);
		return;
	}
	free(text);
	if ((url = html_resolve(g->base, href)) == NULL)
		return;
	if ((hash = strchr(url, '#')) != NULL)
		*hash = '\0';
	score = strncmp(url, "http://", 7) == 0 ||
	    strncmp(url, "https://", 8) == 0 ?
	    article_score(url, g->page_url) : -1;
	free(url);
	if (score < 0)
		return;
	g->v = xreallocarray(g->v, g->n + 1, sizeof *g->v);
	c = &g->v[g->n++];
	memset(c, 0, sizeof *c);
	c->a = a;
	c->sig = signature(a);
	c->chars = chars;
	c->score = score;
	c->heading = in_heading(a);
	c->in_main = in_main;
}

static void
collect(struct guess *g, xmlNode *n, int in_article, int in_main, int depth)
{
	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (chrome(n, in_article))
			continue;
		if (scrape_is(n, "a")) {
			consider(g, n, in_main);
			continue;
		}
		if (depth < SCRAPE_MAX_DEPTH)
			collect(g, n->children,
			    in_article || scrape_is(n, "article"),
			    in_main || n == g->main, depth + 1);
	}
}

/* The first <main> (or role="main") under n. */
static xmlNode *
find_main(xmlNode *n, int depth)
{
	xmlNode *found;
	const char *role;

	for (; n != NULL; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		role = scrape_attr(n, "role");
		if (scrape_is(n, "main") ||
		    (role != NULL && strcasecmp(role, "main") == 0))
			return n;
		if (depth < SCRAPE_MAX_DEPTH &&
		    (found = find_main(n->children, depth + 1)) != NULL)
			return found;
	}
	return NULL;
}

/* A link that is an article whatever group it is in. */
static int
strong(const struct cand *c)
{
	return c->score >= 3 || (c->heading && c->score >= 2);
}

void
scrape_guess(struct scrape *s, xmlDoc *doc, const char *base,
    const char *page_url)
{
	struct guess g;
	double *value, best_value = 0;
	size_t i, j, ngroups = 0, best = 0, *size;
	int *take, all_main, ok;

	memset(&g, 0, sizeof g);
	g.base = base;
	g.page_url = page_url;
	g.main = find_main(xmlDocGetRootElement(doc), 0);
	collect(&g, xmlDocGetRootElement(doc), 0, 0, 0);
	if (g.n == 0)
		return;
	/* Groups of links that sit alike, valued by their headlines. */
	value = xcalloc(g.n, sizeof *value);
	size = xcalloc(g.n, sizeof *size);
	for (i = 0; i < g.n; i++) {
		for (j = 0; j < i; j++)
			if (strcmp(g.v[j].sig, g.v[i].sig) == 0)
				break;
		g.v[i].group = j < i ? g.v[j].group : ngroups++;
		value[g.v[i].group] += (double)(g.v[i].chars < GUESS_TEXT_CAP ?
		    g.v[i].chars : GUESS_TEXT_CAP) *
		    (1 + g.v[i].score + 2 * g.v[i].heading);
		size[g.v[i].group]++;
	}
	for (i = 0; i < ngroups; i++) {
		/* A lone link must read as an article to be a list. */
		if (size[i] < 2) {
			for (j = 0; j < g.n && g.v[j].group != i; j++)
				;
			if (!strong(&g.v[j]))
				continue;
		}
		if (value[i] > best_value) {
			best_value = value[i];
			best = i;
		}
	}
	take = xcalloc(ngroups, sizeof *take);
	if (best_value > 0) {
		take[best] = 1;
		all_main = g.main != NULL;
		for (i = 0; i < g.n; i++)
			if (g.v[i].group == best && !g.v[i].in_main)
				all_main = 0;
		/* Other groups inside <main> whose links are all articles. */
		for (i = 0; all_main && i < ngroups; i++) {
			ok = 1;
			for (j = 0; j < g.n && ok; j++)
				if (g.v[j].group == i &&
				    (!g.v[j].in_main || !strong(&g.v[j])))
					ok = 0;
			if (ok)
				take[i] = 1;
		}
	}
	for (i = 0; i < g.n; i++)
		if (take[g.v[i].group])
			scrape_add_link(s, base, scrape_attr(g.v[i].a, "href"),
			    g.v[i].a);
	for (i = 0; i < g.n; i++)
		free(g.v[i].sig);
	free(g.v);
	free(value);
	free(size);
	free(take);
}
