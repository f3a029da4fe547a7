/* opml.c - OPML subscription lists: libxml2's SAX2 parser, made safe. */
#include "config.h"

#include <limits.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "conf.h"
#include "i18n.h"
#include "opml.h"
#include "text.h"
#include "util.h"

/* Longest error message kept from libxml2, in bytes. */
#define OPML_MSG_MAX	200

struct opml_parser {
	xmlParserCtxtPtr	  ctxt;
	const char		 *name;
	struct sources_import	 *imp;
	int			  depth;	/* of elements */
	int			  head;		/* depth of <head>, 0 outside */
	char			**tags;		/* one per open outline, or NULL */
	size_t			  ntags;
	size_t			  tagcap;
	char			 *error;	/* first error, "LINE: msg" */
	int			  fatal;	/* error is a fatal one */
	int			  stopped;	/* not OPML: error says why */
};

/* The attributes of an outline that matter. */
enum {
	A_TEXT,
	A_TITLE,
	A_XMLURL,
	A_HTMLURL,
	A_CATEGORY,
	P_KIND,
	P_NAME,
	P_XPATH,
	P_FULLTEXT,
	P_QUERY,
	A_COUNT,
};
static const char *const opml_attrs[A_COUNT] = {
	"text", "title", "xmlUrl", "htmlUrl", "category",
	"kind", "name", "xpath", "fulltext", "query",
};

/*
 * libxml2's external entity loader is process-wide; like the feed parser,
 * this one refuses everything, so that no DTD, entity or URL is ever read.
 */
static xmlParserInputPtr
opml_refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static pthread_once_t opml_once = PTHREAD_ONCE_INIT;

static void
opml_init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(opml_refuse_loader);
}

static void
opml_record(struct opml_parser *p, int line, const char *msg, int fatal)
{
	char *s, *clean;
	size_t len;

	if (p->error != NULL && (p->fatal || !fatal))
		return;
	free(p->error);
	s = xstrdup(msg != NULL ? msg : "unknown error");
	len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		s[--len] = '\0';
	if (len > OPML_MSG_MAX)
		s[OPML_MSG_MAX] = '\0';
	if (s[0] >= 'A' && s[0] <= 'Z' && (s[1] < 'A' || s[1] > 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	clean = text_sanitize(s, strlen(s), TEXT_ONELINE);
	free(s);
	p->error = xasprintf("%s:%d: %s", p->name, line, clean);
	p->fatal = fatal;
	free(clean);
}

static void
opml_serror(void *ctx, xmlErrorPtr e)
{
	struct opml_parser *p = ctx;

	if (e == NULL || e->level == XML_ERR_WARNING || p->stopped)
		return;
	opml_record(p, e->line, e->message, e->level == XML_ERR_FATAL);
}

/* Only the five entities XML predefines: a declared one is never used. */
static xmlEntityPtr
opml_get_entity(void *ctx, const xmlChar *name)
{
	return xmlGetPredefinedEntity(name);
}

static xmlEntityPtr
opml_get_pentity(void *ctx, const xmlChar *name)
{
	return NULL;
}

/*
 * An attribute value as SAX2 gives it: without entity substitution libxml2
 * writes a "&" of the document as "&#38;" (for a tree builder to undo),
 * and a literal "&" cannot occur, so each "&#38;" is one "&".
 */
static char *
opml_value(const xmlChar *start, const xmlChar *end)
{
	const char *s = (const char *)start, *e = (const char *)end, *amp;
	struct buf b = BUF_INIT;

	while ((amp = memchr(s, '&', e - s)) != NULL) {
		buf_add(&b, s, amp - s);
		buf_addc(&b, '&');
		s = amp + 1;
		if (e - s >= 4 && memcmp(s, "#38;", 4) == 0)
			s += 4;
	}
	buf_add(&b, s, e - s);
	return buf_detach(&b);
}

/* A copy of s without the spaces around it. */
static char *
opml_trim(const char *s)
{
	const char *e;

	while (*s == ' ' || *s == '\t' || *s == '\r' || *s == '\n')
		s++;
	e = s + strlen(s);
	while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r' ||
	    e[-1] == '\n'))
		e--;
	return xstrndup(s, e - s);
}

/* The feed URL of an xmlUrl: trimmed, feed:// and feed:http... undone. */
static char *
opml_url(const char *raw)
{
	char *url, *fixed;

	url = opml_trim(raw);
	if (strncasecmp(url, "feed://", 7) == 0) {
		fixed = xasprintf("http://%s", url + 7);
		free(url);
		return fixed;
	}
	if (strncasecmp(url, "feed:", 5) == 0 &&
	    strncasecmp(url + 5, "http", 4) == 0) {
		fixed = xstrdup(url + 5);
		free(url);
		return fixed;
	}
	return url;
}

/* A name for people: one line, NULL when empty or the URL itself. */
static char *
opml_name(const char *raw, const char *url)
{
	char *clean;

	if (raw == NULL)
		return NULL;
	clean = text_sanitize(raw, strlen(raw), TEXT_ONELINE);
	if (*clean == '\0' || strcmp(clean, url) == 0) {
		free(clean);
		return NULL;
	}
	return clean;
}

static void
opml_add_tag(struct source *s, const char *raw)
{
	char *tag;
	size_t i;

	if ((tag = sources_tag_clean(raw)) == NULL)
		return;
	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++)
		if (strcmp(s->tags[i], tag) == 0)
			break;
	if (s->tags == NULL || s->tags[i] == NULL)
		util_strv_add(&s->tags, tag);
	free(tag);
}

/* Tags from a category attribute: "/a/b,c" gives "a/b" and "c". */
static void
opml_add_categories(struct source *s, const char *cat)
{
	const char *p = cat, *comma;
	char *one, *t;

	for (;;) {
		comma = strchr(p, ',');
		one = comma != NULL ? xstrndup(p, comma - p) : xstrdup(p);
		t = opml_trim(one);
		opml_add_tag(s, *t == '/' ? t + 1 : t);
		free(t);
		free(one);
		if (comma == NULL)
			break;
		p = comma + 1;
	}
}

static void
opml_skip(struct opml_parser *p, int line, const char *why)
{
	char *msg;

	msg = xasprintf(_("skipped: %s"), why);
	conf_error(&p->imp->skipped, p->name, line, msg);
	free(msg);
}

/* An outline with a URL: a source, or a line in *skipped. */
static void
opml_source(struct opml_parser *p, char **a, int line)
{
	struct source *s;
	char *url, *cause = NULL, *title;
	int html, pundit;
	size_t i;

	pundit = a[P_KIND] != NULL;
	html = pundit && strcmp(a[P_KIND], "html") == 0;
	url = opml_url(html && a[A_HTMLURL] != NULL ? a[A_HTMLURL] :
	    a[A_XMLURL]);
	if (sources_url_valid(url, &cause) == -1) {
		opml_skip(p, line, cause);
		free(cause);
		free(url);
		return;
	}
	if (html && (a[P_XPATH] == NULL || *a[P_XPATH] == '\0')) {
		title = xasprintf(_("html source %s has no pundit:xpath"), url);
		opml_skip(p, line, title);
		free(title);
		free(url);
		return;
	}
	s = source_new(url);
	free(url);
	s->in_file = 1;
	if (html) {
		s->kind = SOURCE_HTML;
		s->xpath = text_sanitize(a[P_XPATH], strlen(a[P_XPATH]),
		    TEXT_ONELINE);
	}
	if (pundit && a[P_NAME] != NULL) {
		s->name = text_sanitize(a[P_NAME], strlen(a[P_NAME]),
		    TEXT_ONELINE);
		if (*s->name == '\0') {
			free(s->name);
			s->name = NULL;
		}
	} else if (!pundit)
		s->name = opml_name(a[A_TEXT] != NULL && *a[A_TEXT] != '\0' ?
		    a[A_TEXT] : a[A_TITLE], s->url);
	if (a[P_FULLTEXT] != NULL && strcmp(a[P_FULLTEXT], "no") == 0)
		s->fulltext = 0;
	for (i = 0; i < p->ntags; i++)
		if (p->tags[i] != NULL)
			opml_add_tag(s, p->tags[i]);
	if (a[A_CATEGORY] != NULL)
		opml_add_categories(s, a[A_CATEGORY]);
	sources_list_add(&p->imp->list, s);
}

/* A saved search written by pundit export. */
static void
opml_search(struct opml_parser *p, char **a, int line)
{
	const struct sources_list *list = &p->imp->list;
	char *name, *query, *msg;
	size_t i;

	name = opml_name(a[P_NAME] != NULL ? a[P_NAME] : a[A_TEXT], "");
	query = a[P_QUERY] != NULL ? text_sanitize(a[P_QUERY],
	    strlen(a[P_QUERY]), TEXT_ONELINE) : xstrdup("");
	if (name == NULL || *query == '\0') {
		opml_skip(p, line, _("saved search without a name or a "
		    "query"));
		goto out;
	}
	for (i = 0; i < list->nqueries; i++)
		if (strcmp(list->queries[i].name, name) == 0)
			break;
	if (i < list->nqueries) {
		msg = xasprintf(_("saved search %s is already on line %d"),
		    name, list->queries[i].line);
		opml_skip(p, line, msg);
		free(msg);
		goto out;
	}
	sources_import_query(p->imp, name, query, line);
out:
	free(name);
	free(query);
}

static void
opml_outline(struct opml_parser *p, int nattrs, const xmlChar **attrs)
{
	char *a[A_COUNT] = { NULL }, *url, *folder = NULL;
	const char *local, *uri;
	int i, k, first, line;

	for (i = 0; i < nattrs; i++) {
		local = (const char *)attrs[i * 5];
		uri = (const char *)attrs[i * 5 + 2];
		if (uri != NULL && strcmp(uri, OPML_PUNDIT_NS) == 0)
			first = P_KIND;
		else if (uri == NULL)
			first = 0;
		else
			continue;
		for (k = first; k < (first == 0 ? P_KIND : A_COUNT); k++)
			if (strcasecmp(local, opml_attrs[k]) == 0)
				break;
		if (k == (first == 0 ? P_KIND : A_COUNT) || a[k] != NULL)
			continue;
		a[k] = opml_value(attrs[i * 5 + 3], attrs[i * 5 + 4]);
	}
	line = xmlSAX2GetLineNumber(p->ctxt);
	url = a[A_XMLURL] != NULL ? opml_trim(a[A_XMLURL]) : NULL;
	if (a[P_KIND] != NULL && strcmp(a[P_KIND], "search") == 0)
		opml_search(p, a, line);
	else if ((url != NULL && *url != '\0') || (a[P_KIND] != NULL &&
	    strcmp(a[P_KIND], "html") == 0 && a[A_HTMLURL] != NULL)) {
		if (a[A_XMLURL] == NULL)
			a[A_XMLURL] = xstrdup("");
		opml_source(p, a, line);
	} else if (a[A_TEXT] != NULL && *a[A_TEXT] != '\0')
		folder = a[A_TEXT];
	else
		folder = a[A_TITLE];
	free(url);

	if (p->ntags == p->tagcap) {
		p->tagcap = p->tagcap == 0 ? 8 : p->tagcap * 2;
		p->tags = xreallocarray(p->tags, p->tagcap, sizeof *p->tags);
	}
	p->tags[p->ntags++] = folder != NULL ? xstrdup(folder) : NULL;
	for (k = 0; k < A_COUNT; k++)
		free(a[k]);
}

static void
opml_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct opml_parser *p = ctx;
	const char *name = (const char *)localname;
	char *msg;

	p->depth++;
	if (p->stopped)
		return;
	if (p->depth == 1 && strcmp(name, "opml") != 0) {
		msg = xasprintf(_("not an OPML file: the document is <%s>"),
		    name);
		opml_record(p, xmlSAX2GetLineNumber(p->ctxt), msg, 1);
		free(msg);
		p->stopped = 1;
		xmlStopParser(p->ctxt);
		return;
	}
	if (p->head > 0)
		return;
	if (p->depth == 2 && strcmp(name, "head") == 0) {
		p->head = p->depth;
		return;
	}
	if (strcmp(name, "outline") == 0)
		opml_outline(p, nattrs, attrs);
}

static void
opml_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct opml_parser *p = ctx;

	if (p->head == p->depth)
		p->head = 0;
	else if (p->head == 0 && !p->stopped &&
	    strcmp((const char *)localname, "outline") == 0 && p->ntags > 0)
		free(p->tags[--p->ntags]);
	p->depth--;
}

int
opml_parse(const char *data, size_t len, const char *name,
    struct sources_import *imp, char **cause)
{
	struct opml_parser p;
	xmlSAXHandler sax;
	size_t i;
	int n, wellformed;

	pthread_once(&opml_once, opml_init_once);
	memset(imp, 0, sizeof *imp);
	memset(&p, 0, sizeof p);
	p.name = name;
	p.imp = imp;

	memset(&sax, 0, sizeof sax);
	sax.initialized = XML_SAX2_MAGIC;
	sax.startElementNs = opml_start;
	sax.endElementNs = opml_end;
	sax.getEntity = opml_get_entity;
	sax.getParameterEntity = opml_get_pentity;
	sax.serror = opml_serror;

	p.ctxt = xmlCreatePushParserCtxt(&sax, &p, NULL, 0, NULL);
	if (p.ctxt == NULL)
		fatal("out of memory");
	/* Never XML_PARSE_NOENT, DTDLOAD or HUGE. */
	xmlCtxtUseOptions(p.ctxt, XML_PARSE_NONET | XML_PARSE_NOWARNING);
	while (len > 0 && !p.stopped) {
		n = len > INT_MAX / 2 ? INT_MAX / 2 : (int)len;
		xmlParseChunk(p.ctxt, data, n, 0);
		data += n;
		len -= (size_t)n;
	}
	if (!p.stopped)
		xmlParseChunk(p.ctxt, NULL, 0, 1);
	wellformed = p.ctxt->wellFormed && !p.stopped;
	/* Entity declarations make libxml2 keep a document of its own. */
	if (p.ctxt->myDoc != NULL)
		xmlFreeDoc(p.ctxt->myDoc);
	xmlFreeParserCtxt(p.ctxt);
	for (i = 0; i < p.ntags; i++)
		free(p.tags[i]);
	free(p.tags);

	if (!wellformed) {
		if (p.error == NULL)
			p.error = xasprintf(_("%s: not well-formed XML"), name);
		set_cause(cause, "%s", p.error);
		free(p.error);
		sources_import_free(imp);
		return -1;
	}
	free(p.error);
	return 0;
}

/* Append s as XML text (for an attribute or element): escaped, with the
   characters XML cannot hold left out. */
static void
opml_escape(struct buf *b, const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;

	while (len > 0) {
		n = text_utf8_decode(s, len, &cp);
		if (cp == '&')
			buf_adds(b, "&amp;");
		else if (cp == '<')
			buf_adds(b, "&lt;");
		else if (cp == '>')
			buf_adds(b, "&gt;");
		else if (cp == '"')
			buf_adds(b, "&quot;");
		else if (cp == '\t' || cp == '\n' || cp == '\r')
			buf_addf(b, "&#%u;", (unsigned)cp);
		else if (cp < 0x20 || cp == 0x7f || cp == 0xfffe ||
		    cp == 0xffff)
			;
		else if (cp == 0xfffd && n == 1)
			buf_adds(b, "\xef\xbf\xbd");
		else
			buf_add(b, s, n);
		s += n;
		len -= n;
	}
}

static void
opml_attr(struct buf *b, const char *name, const char *value)
{
	if (value == NULL)
		return;
	buf_addf(b, " %s=\"", name);
	opml_escape(b, value);
	buf_addc(b, '"');
}

static void
opml_format_source(struct buf *b, const struct source *s, int indent)
{
	struct buf cat = BUF_INIT;
	const char *text;
	size_t i;

	text = source_display_name(s);
	buf_addf(b, "%*s<outline", indent, "");
	if (s->kind == SOURCE_FEED)
		opml_attr(b, "type", "rss");
	opml_attr(b, "text", text);
	opml_attr(b, "title", text);
	if (s->kind == SOURCE_FEED) {
		opml_attr(b, "xmlUrl", s->url);
		if (s->site_url != NULL && *s->site_url != '\0')
			opml_attr(b, "htmlUrl", s->site_url);
	} else
		opml_attr(b, "htmlUrl", s->url);
	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&cat, ',');
		buf_adds(&cat, s->tags[i]);
	}
	if (cat.len > 0)
		opml_attr(b, "category", buf_str(&cat));
	buf_free(&cat);
	opml_attr(b, "pundit:kind", s->kind == SOURCE_HTML ? "html" : "feed");
	if (s->name != NULL && *s->name != '\0')
		opml_attr(b, "pundit:name", s->name);
	if (s->kind == SOURCE_HTML)
		opml_attr(b, "pundit:xpath", s->xpath != NULL ? s->xpath : "");
	if (!s->fulltext)
		opml_attr(b, "pundit:fulltext", "no");
	buf_adds(b, "/>\n");
}

/* RFC 822 in English whatever the locale, as RSS and OPML want it. */
static void
opml_date(struct buf *b, time_t t)
{
	static const char *const days[] = {
		"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat",
	};
	static const char *const months[] = {
		"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep",
		"Oct", "Nov", "Dec",
	};
	struct tm tm;

	if (gmtime_r(&t, &tm) == NULL)
		return;
	buf_addf(b, "    <dateCreated>%s, %02d %s %04d %02d:%02d:%02d GMT"
	    "</dateCreated>\n", days[tm.tm_wday], tm.tm_mday,
	    months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min,
	    tm.tm_sec);
}

static void
opml_format_search(struct buf *b, const struct sources_query *q)
{
	buf_adds(b, "    <outline");
	opml_attr(b, "text", q->name);
	opml_attr(b, "title", q->name);
	opml_attr(b, "pundit:kind", "search");
	opml_attr(b, "pundit:name", q->name);
	opml_attr(b, "pundit:query", q->query);
	buf_adds(b, "/>\n");
}

char *
opml_format(const struct sources_import *imp, const char *title,
    time_t created)
{
	const struct sources_list *list = &imp->list;
	struct buf b = BUF_INIT;
	const char *folder = NULL, *first;
	size_t i, k = 0;

	buf_adds(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<opml version=\"2.0\" xmlns:pundit=\"" OPML_PUNDIT_NS "\">\n"
	    "  <head>\n    <title>");
	opml_escape(&b, title != NULL ? title : "pundit");
	buf_adds(&b, "</title>\n");
	if (created != 0)
		opml_date(&b, created);
	buf_adds(&b, "  </head>\n  <body>\n");
	for (i = 0; i <= list->n; i++) {
		first = NULL;
		if (i < list->n && list->v[i]->tags != NULL)
			first = list->v[i]->tags[0];
		if (folder != NULL && (first == NULL ||
		    strcmp(first, folder) != 0 || (k < list->nqueries &&
		    imp->at[k] <= i))) {
			buf_adds(&b, "    </outline>\n");
			folder = NULL;
		}
		for (; k < list->nqueries && imp->at[k] <= i; k++)
			opml_format_search(&b, &list->queries[k]);
		if (i == list->n)
			break;
		if (first != NULL && folder == NULL) {
			buf_adds(&b, "    <outline");
			opml_attr(&b, "text", first);
			opml_attr(&b, "title", first);
			buf_adds(&b, ">\n");
			folder = first;
		}
		opml_format_source(&b, list->v[i], folder != NULL ? 6 : 4);
	}
	buf_adds(&b, "  </body>\n</opml>\n");
	return buf_detach(&b);
}
