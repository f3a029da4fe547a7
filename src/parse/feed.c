/* feed.c - the feed parser: libxml2's SAX2 push parser, made safe. */
#include "config.h"

#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/HTMLparser.h>
#include <libxml/entities.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/tree.h>
#include <libxml/xmlerror.h>

#include "buf.h"
#include "charset.h"
#include "feed.h"
#include "feed-int.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* Bytes looked at to decide the encoding before anything is parsed. */
#define FEED_SNIFF	65536
/* Longest parser message kept (they quote feed bytes). */
#define FEED_MSG_MAX	160

static pthread_once_t feed_once = PTHREAD_ONCE_INIT;

/*
 * libxml2's external entity loader is process-wide: there is no per-context
 * one. pundit never wants an XML parser to open a file or a URL (not for a
 * DTD, not for an entity), so the first feed parser replaces the loader,
 * for the whole process, with one that refuses everything. The HTML parser
 * in html.c is not affected: it loads nothing either.
 */
static xmlParserInputPtr
feed_refuse_loader(const char *url, const char *id, xmlParserCtxtPtr ctxt)
{
	return NULL;
}

static void
feed_init_once(void)
{
	xmlInitParser();
	xmlSetExternalEntityLoader(feed_refuse_loader);
}

static void
feed_record(struct feed_parser *p, int line, int col, const char *msg)
{
	char *clean, *s;
	size_t len;

	p->errors++;
	if (p->error != NULL)
		return;
	s = xstrdup(msg != NULL ? msg : "unknown error");
	len = strlen(s);
	while (len > 0 && (s[len - 1] == '\n' || s[len - 1] == ' '))
		s[--len] = '\0';
	if (len > FEED_MSG_MAX)
		s[FEED_MSG_MAX] = '\0';
	if (s[0] >= 'A' && s[0] <= 'Z' && (s[1] < 'A' || s[1] > 'Z'))
		s[0] = (char)(s[0] - 'A' + 'a');
	clean = text_sanitize(s, strlen(s), TEXT_ONELINE);
	free(s);
	if (line > 0)
		p->error = xasprintf("line %d:%d: %s", line, col, clean);
	else
		p->error = xasprintf("%s", clean);
	free(clean);
}

/* Errors of this parser's context: recorded, never printed. */
static void
feed_serror(void *ctx, xmlErrorPtr e)
{
	struct feed_parser *p = ctx;
	char *msg;

	if (e == NULL || e->level == XML_ERR_WARNING)
		return;
	/* An item's end tag consumed as a mismatch: close the item. */
	if (e->code == XML_ERR_TAG_NAME_MISMATCH && p->item != NULL &&
	    e->str2 != NULL && (strcmp(e->str2, "item") == 0 ||
	    strcmp(e->str2, "entry") == 0))
		p->item_mismatch = 1;
	/* libxml2 calls a document cut short "extra content at the end". */
	if (e->code == XML_ERR_DOCUMENT_END && p->depth > 0) {
		msg = xasprintf("unexpected end of input in <%s>",
		    (const char *)p->stack[p->depth - 1].name);
		feed_record(p, e->line, e->int2, msg);
		free(msg);
		return;
	}
	feed_record(p, e->line, e->int2, e->message);
}

/*
 * Undeclared entities: the HTML ones real feeds use (&nbsp; &mdash;...)
 * are handed out as predefined entities (inlined as text, never parsed,
 * never expanded further); anything else is an error.
 */
static xmlEntityPtr
feed_get_entity(void *ctx, const xmlChar *name)
{
	struct feed_parser *p = ctx;
	xmlEntityPtr ent;
	xmlDocPtr *doc;
	char value[8];
	int attr;

	if ((ent = xmlGetPredefinedEntity(name)) != NULL)
		return ent;
	if (feed_html_entity((const char *)name, value, sizeof value) == NULL)
		return NULL;
	/*
	 * In text, a "predefined" entity is inlined whole. In an attribute
	 * value libxml2 would keep only its first byte, so there it gets an
	 * internal entity, which (without substitution) stays "&name;" in
	 * the value for attribute readers to decode.
	 */
	attr = p->ctxt != NULL &&
	    p->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE;
	doc = attr ? &p->attr_entities : &p->entities;
	if (*doc == NULL) {
		*doc = xmlNewDoc(BAD_CAST "1.0");
		xmlCreateIntSubset(*doc, BAD_CAST "html", NULL, NULL);
	}
	if ((ent = xmlGetDocEntity(*doc, name)) != NULL)
		return ent;
	ent = xmlAddDocEntity(*doc, name, XML_INTERNAL_GENERAL_ENTITY,
	    NULL, NULL, BAD_CAST value);
	if (ent != NULL && !attr)
		ent->etype = XML_INTERNAL_PREDEFINED_ENTITY;
	return ent;
}

static xmlEntityPtr
feed_get_pentity(void *ctx, const xmlChar *name)
{
	return NULL;
}

/* Entity declarations are refused: recorded as a problem, not kept. */
static void
feed_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *publicId, const xmlChar *systemId, xmlChar *content)
{
	struct feed_parser *p = ctx;
	char *msg;

	msg = xasprintf("entity declaration ignored: %s", (const char *)name);
	feed_record(p, xmlSAX2GetLineNumber(p->ctxt),
	    xmlSAX2GetColumnNumber(p->ctxt), msg);
	free(msg);
}

static xmlParserInputPtr
feed_resolve_entity(void *ctx, const xmlChar *publicId,
    const xmlChar *systemId)
{
	return NULL;
}

/*
 * In recovery mode, libxml2 drops entity references (even &amp;) once the
 * document has had an error; the problem is already recorded here, so the
 * flag is set back for what follows.
 */
static void
feed_keep_entities(struct feed_parser *p)
{
	if (p->ctxt != NULL && p->ctxt->recovery)
		p->ctxt->wellFormed = 1;
}

static void
feed_start(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri, int nns, const xmlChar **ns, int nattrs,
    int ndefaulted, const xmlChar **attrs)
{
	struct feed_parser *p = ctx;
	struct feed_frame *f, *parent;
	const xmlChar **a;
	char *value, *resolved;
	int i;

	feed_keep_entities(p);
	if (p->depth == p->cap_stack) {
		p->cap_stack = p->cap_stack == 0 ? 16 : p->cap_stack * 2;
		p->stack = xreallocarray(p->stack, p->cap_stack,
		    sizeof *p->stack);
	}
	parent = p->depth > 0 ? &p->stack[p->depth - 1] : NULL;
	f = &p->stack[p->depth++];
	memset(f, 0, sizeof *f);
	f->ns = feed_ns_of(uri);
	f->name = localname;
	f->base = parent != NULL ? parent->base : p->url;
	f->lang = parent != NULL ? parent->lang : NULL;

	for (i = 0, a = attrs; i < nattrs; i++, a += 5) {
		if (a[2] == NULL || strcmp((const char *)a[2],
		    (const char *)XML_XML_NAMESPACE) != 0)
			continue;
		value = feed_html_decode((const char *)a[3],
		    (size_t)(a[4] - a[3]));
		if (strcmp((const char *)a[0], "base") == 0) {
			resolved = feed_url_resolve(f->base, value);
			if (resolved != NULL) {
				if (f->own & 1)
					free(f->base);
				f->base = resolved;
				f->own |= 1;
			}
		} else if (strcmp((const char *)a[0], "lang") == 0) {
			if (f->own & 2)
				free(f->lang);
			f->lang = text_sanitize(value, strlen(value),
			    TEXT_ONELINE);
			f->own |= 2;
		}
		free(value);
	}
	feed_elem_start(p, f, attrs, nattrs);
}

static void
feed_end(void *ctx, const xmlChar *localname, const xmlChar *prefix,
    const xmlChar *uri)
{
	struct feed_parser *p = ctx;
	struct feed_frame *f;

	feed_keep_entities(p);
	if (p->depth == 0)
		return;
	f = &p->stack[p->depth - 1];
	feed_elem_end(p, f);
	if (f->own & 1)
		free(f->base);
	if (f->own & 2)
		free(f->lang);
	p->depth--;
	if (p->item_mismatch && p->item != NULL) {
		/* The item's end tag was taken as another element's. */
		feed_item_close(p);
	}
	p->item_mismatch = 0;
}

static void
feed_characters(void *ctx, const xmlChar *s, int len)
{
	struct feed_parser *p = ctx;

	feed_keep_entities(p);
	if (p->cap_depth == 0 || len <= 0)
		return;
	if (p->cap_mode == CAP_XHTML || p->cap_mode == CAP_XHTML_DIV)
		feed_html_escape(&p->cap, (const char *)s, (size_t)len);
	else
		buf_add(&p->cap, s, (size_t)len);
}

struct feed_parser *
feed_parser_new(const char *url, const char *content_type)
{
	struct feed_parser *p;

	pthread_once(&feed_once, feed_init_once);
	p = xcalloc(1, sizeof *p);
	p->feed = xcalloc(1, sizeof *p->feed);
	p->url = url != NULL && *url != '\0' ? xstrdup(url) : NULL;
	if (content_type != NULL)
		p->content_type = xstrdup(content_type);

	p->sax.initialized = XML_SAX2_MAGIC;
	p->sax.startElementNs = feed_start;
	p->sax.endElementNs = feed_end;
	p->sax.characters = feed_characters;
	p->sax.cdataBlock = feed_characters;
	p->sax.getEntity = feed_get_entity;
	p->sax.getParameterEntity = feed_get_pentity;
	p->sax.entityDecl = feed_entity_decl;
	p->sax.resolveEntity = feed_resolve_entity;
	p->sax.serror = feed_serror;
	return p;
}

static void
feed_libxml_push(struct feed_parser *p, const char *s, size_t len, int end)
{
	int n;

	if (p->ctxt == NULL) {
		if (len == 0 && !end)
			return;
		p->ctxt = xmlCreatePushParserCtxt(&p->sax, p, NULL, 0,
		    p->url);
		if (p->ctxt == NULL)
			fatal("out of memory");
		/* Never XML_PARSE_NOENT (substitution) or XML_PARSE_HUGE
		   (no amplification guard). */
		xmlCtxtUseOptions(p->ctxt, XML_PARSE_RECOVER |
		    XML_PARSE_NONET | XML_PARSE_NOWARNING |
		    XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA);
		xmlSwitchEncoding(p->ctxt, XML_CHAR_ENCODING_UTF8);
	}
	while (len > 0) {
		n = len > INT32_MAX / 2 ? INT32_MAX / 2 : (int)len;
		xmlParseChunk(p->ctxt, s, n, 0);
		p->pushed += (size_t)n;
		s += n;
		len -= (size_t)n;
	}
	if (end)
		xmlParseChunk(p->ctxt, NULL, 0, 1);
}

/*
 * Push UTF-8 to libxml2, repaired: invalid sequences become U+FFFD and
 * controls XML does not allow are dropped, so that a stray byte never
 * stops the parse. A sequence cut at the end of a push waits for the next.
 */
static void
feed_push_utf8(struct feed_parser *p, const char *s, size_t len, int end)
{
	struct buf out = BUF_INIT, in = BUF_INIT;
	const unsigned char *u;
	size_t i, n, need;
	uint32_t cp;

	if (p->npartial > 0) {
		buf_add(&in, p->partial, p->npartial);
		buf_add(&in, s, len);
		p->npartial = 0;
		s = in.data;
		len = in.len;
	}
	u = (const unsigned char *)s;
	i = 0;
	if (p->pushed == 0 && len >= 3 && u[0] == 0xef && u[1] == 0xbb &&
	    u[2] == 0xbf)
		i = 3;
	while (i < len) {
		if (u[i] < 0x80) {
			if (u[i] >= 0x20 || u[i] == '\n' || u[i] == '\r' ||
			    u[i] == '\t')
				buf_addc(&out, (char)u[i]);
			i++;
			continue;
		}
		need = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : 2;
		if (!end && len - i < need && u[i] >= 0xc2 && u[i] <= 0xf4) {
			for (n = i + 1; n < len; n++)
				if ((u[n] & 0xc0) != 0x80)
					break;
			if (n == len) {
				memcpy(p->partial, s + i, len - i);
				p->npartial = len - i;
				break;
			}
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffe || cp == 0xffff)
			cp = 0xfffd;
		text_utf8_encode(&out, cp);
		i += n;
	}
	if (out.len > 0 || end)
		feed_libxml_push(p, out.data, out.len, end);
	buf_free(&out);
	buf_free(&in);
}

/* Decide the encoding from what has come so far (all of it if end). */
static void
feed_decide(struct feed_parser *p, int end)
{
	const char *enc;

	if (p->decided)
		return;
	if (!end && p->pending.len < FEED_SNIFF)
		return;
	p->decided = 1;
	enc = charset_detect(buf_str(&p->pending), p->pending.len,
	    p->content_type, CHARSET_XML);
	if (enc == NULL)
		enc = "UTF-8";
	free(p->feed->encoding);
	p->feed->encoding = xstrdup(enc);
	if (strcasecmp(enc, "UTF-8") == 0) {
		p->utf8 = 1;
		feed_push_utf8(p, buf_str(&p->pending), p->pending.len, 0);
		buf_free(&p->pending);
	}
}

void
feed_parser_push(struct feed_parser *p, const char *bytes, size_t len)
{
	if (len == 0)
		return;
	if (p->utf8) {
		feed_push_utf8(p, bytes, len, 0);
		return;
	}
	buf_add(&p->pending, bytes, len);
	feed_decide(p, 0);
}

static void
feed_convert(struct feed_parser *p)
{
	char *out = NULL, *cause = NULL;
	size_t outlen = 0;

	if (charset_to_utf8(buf_str(&p->pending), p->pending.len,
	    p->feed->encoding, &out, &outlen, &cause) == -1) {
		feed_record(p, 0, 0, cause);
		free(cause);
		free(p->feed->encoding);
		p->feed->encoding = xstrdup("UTF-8");
		feed_push_utf8(p, buf_str(&p->pending), p->pending.len, 1);
		return;
	}
	feed_push_utf8(p, out, outlen, 1);
	free(out);
}

static void
feed_parser_release(struct feed_parser *p)
{
	size_t i;

	for (i = p->depth; i > 0; i--) {
		if (p->stack[i - 1].own & 1)
			free(p->stack[i - 1].base);
		if (p->stack[i - 1].own & 2)
			free(p->stack[i - 1].lang);
	}
	free(p->stack);
	if (p->ctxt != NULL) {
		/* libxml2 makes a document to hold a DTD's declarations. */
		if (p->ctxt->myDoc != NULL)
			xmlFreeDoc(p->ctxt->myDoc);
		xmlFreeParserCtxt(p->ctxt);
	}
	if (p->entities != NULL)
		xmlFreeDoc(p->entities);
	if (p->attr_entities != NULL)
		xmlFreeDoc(p->attr_entities);
	buf_free(&p->pending);
	buf_free(&p->cap);
	free(p->author_name);
	free(p->author_email);
	if (p->item != NULL) {
		feed_item_release(p->item);
		free(p->item);
	}
	free(p->guid_link);
	free(p->url);
	free(p->content_type);
	free(p->error);
	free(p);
}

struct feed *
feed_parser_finish(struct feed_parser **pp, char **cause)
{
	struct feed_parser *p = *pp;
	struct feed *feed;

	*pp = NULL;
	feed_decide(p, 1);
	if (p->utf8)
		feed_push_utf8(p, NULL, 0, 1);
	else
		feed_convert(p);
	/* An item still open when the document stopped is incomplete. */
	if (p->item != NULL) {
		feed_item_release(p->item);
		free(p->item);
		p->item = NULL;
	}
	feed = p->feed;
	p->feed = NULL;
	if (!p->root_seen || (feed->format == FEED_UNKNOWN &&
	    feed->nitems == 0 && feed->title == NULL)) {
		if (p->root_seen)
			set_cause(cause, _("cannot parse feed %s: not a feed"),
			    p->url != NULL ? p->url : "-");
		else
			set_cause(cause, _("cannot parse feed %s: %s"),
			    p->url != NULL ? p->url : "-",
			    p->error != NULL && p->pushed > 0 ? p->error :
			    "document is empty");
		feed_free(&feed);
	} else if (p->error != NULL) {
		feed->error = p->error;
		p->error = NULL;
	}
	feed_parser_release(p);
	return feed;
}

void
feed_parser_free(struct feed_parser **pp)
{
	if (*pp == NULL)
		return;
	feed_free(&(*pp)->feed);
	feed_parser_release(*pp);
	*pp = NULL;
}

struct feed *
feed_parse(const char *bytes, size_t len, const char *url,
    const char *content_type, char **cause)
{
	struct feed_parser *p;

	p = feed_parser_new(url, content_type);
	feed_parser_push(p, bytes, len);
	return feed_parser_finish(&p, cause);
}

void
feed_item_release(struct feed_item *it)
{
	size_t i;

	free(it->guid);
	free(it->link);
	free(it->title);
	util_strv_free(&it->authors);
	free(it->summary);
	free(it->content);
	util_strv_free(&it->categories);
	for (i = 0; i < it->nenclosures; i++) {
		free(it->enclosures[i].url);
		free(it->enclosures[i].type);
	}
	free(it->enclosures);
	free(it->language);
	free(it->source_title);
	free(it->source_url);
	memset(it, 0, sizeof *it);
}

void
feed_free(struct feed **fp)
{
	struct feed *f = *fp;
	size_t i;

	if (f == NULL)
		return;
	for (i = 0; i < f->nitems; i++)
		feed_item_release(&f->items[i]);
	free(f->items);
	free(f->title);
	free(f->link);
	free(f->self);
	free(f->language);
	free(f->encoding);
	free(f->error);
	free(f);
	*fp = NULL;
}

const char *
feed_format_name(enum feed_format format)
{
	switch (format) {
	case FEED_RSS090:
		return "rss090";
	case FEED_RSS091:
		return "rss091";
	case FEED_RSS20:
		return "rss20";
	case FEED_RSS10:
		return "rss10";
	case FEED_ATOM03:
		return "atom03";
	case FEED_ATOM10:
		return "atom10";
	case FEED_UNKNOWN:
		break;
	}
	return "unknown";
}

/* 64-bit FNV-1a: stable across runs and machines, which is all a key needs. */
static uint64_t
feed_hash(uint64_t h, const char *s)
{
	for (; *s != '\0'; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

char *
feed_item_key(const struct feed_item *it)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	char date[32];

	if (it->guid != NULL && *it->guid != '\0')
		return xstrdup(it->guid);
	if (it->link != NULL && *it->link != '\0')
		h = feed_hash(h, it->link);
	else {
		h = feed_hash(h, it->title != NULL ? it->title : "");
		util_rfc3339(it->published, date, sizeof date);
		h = feed_hash(h, "\n");
		h = feed_hash(h, it->published != 0 ? date : "");
		if (it->title == NULL && it->published == 0)
			h = feed_hash(h, it->summary != NULL ? it->summary :
			    it->content != NULL ? it->content : "");
	}
	return xasprintf("h:%016llx", (unsigned long long)h);
}
