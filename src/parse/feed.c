/* feed.c - the feed parser: libxml2's SAX2 push parser, made safe. */
#include "config.h"

#include <ctype.h>
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
/* Longest declared entity value kept, and the most text entities may
   add to a document. */
#define FEED_DECL_MAX	1024
#define FEED_EXPAND_MAX	(4 * 1024 * 1024)
/* Longest parser message kept (they quote feed bytes). */
#define FEED_MSG_MAX	160

/* Longest entity reference looked ahead for (the longest HTML name has 31). */
#define FEED_REF_MAX	48

/* Bytes feed_push_utf8 copies as they are: ASCII that is not markup,
   in text (0) and in a CDATA section or a comment (1). */
static unsigned char feed_plain[2][256];

static void
feed_plain_init(void)
{
	int c;

	/* Not '\r' nor DEL: feed_push_utf8 marks the input dirty. */
	for (c = 0x20; c < 0x7f; c++)
		feed_plain[0][c] = feed_plain[1][c] = 1;
	feed_plain[0]['\t'] = feed_plain[1]['\t'] = 1;
	feed_plain[0]['\n'] = feed_plain[1]['\n'] = 1;
	feed_plain[0]['&'] = feed_plain[0]['<'] = 0;
	feed_plain[1][']'] = feed_plain[1]['-'] = 0;
}

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
	feed_plain_init();
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
 * Entities: those the document declares (internal, short, plain text: see
 * feed_entity_decl), the HTML ones real feeds use undeclared (&nbsp;
 * &mdash;...), and any other name, which stays as it was written, the way
 * browsers keep "&bogus;". They are handed out as predefined entities
 * (inlined as text, never parsed, never expanded further).
 */
static xmlEntityPtr
feed_get_entity(void *ctx, const xmlChar *name)
{
	struct feed_parser *p = ctx;
	xmlEntityPtr ent;
	xmlDocPtr *doc;
	char value[8], *literal = NULL;
	const xmlChar *content;
	int attr;

	if ((ent = xmlGetPredefinedEntity(name)) != NULL)
		return ent;
	/*
	 * In text, a "predefined" entity is inlined whole. In an attribute
	 * value libxml2 would keep only its first byte, so there it gets an
	 * internal entity, which (without substitution) stays "&name;" in
	 * the value for attribute readers to decode.
	 */
	attr = p->ctxt != NULL &&
	    p->ctxt->instate == XML_PARSER_ATTRIBUTE_VALUE;
	doc = attr ? &p->attr_entities : &p->entities;
	if (*doc != NULL && (ent = xmlGetDocEntity(*doc, name)) != NULL)
		goto found;
	if (p->declared != NULL &&
	    (ent = xmlGetDocEntity(p->declared, name)) != NULL)
		content = ent->content;
	else if (feed_html_entity((const char *)name, value,
	    sizeof value) != NULL)
		content = BAD_CAST value;
	else {
		literal = xasprintf("&%s;", (const char *)name);
		content = BAD_CAST literal;
	}
	if (*doc == NULL) {
		*doc = xmlNewDoc(BAD_CAST "1.0");
		xmlCreateIntSubset(*doc, BAD_CAST "html", NULL, NULL);
	}
	ent = xmlAddDocEntity(*doc, name, XML_INTERNAL_GENERAL_ENTITY,
	    NULL, NULL, content);
	free(literal);
	if (ent != NULL && !attr)
		ent->etype = XML_INTERNAL_PREDEFINED_ENTITY;
found:
	/* Declared entities could multiply the input: bounded. */
	if (ent != NULL && ent->length > 8) {
		p->expanded += (size_t)ent->length;
		if (p->expanded > FEED_EXPAND_MAX)
			return NULL;
	}
	return ent;
}

static xmlEntityPtr
feed_get_pentity(void *ctx, const xmlChar *name)
{
	return NULL;
}

/*
 * Entity declarations: internal ones whose value is short plain text are
 * kept (some feeds declare "&id;" for a tag URI prefix); anything else
 * (external, parameter, markup or references in the value) is refused,
 * recorded as a problem.
 */
static void
feed_entity_decl(void *ctx, const xmlChar *name, int type,
    const xmlChar *publicId, const xmlChar *systemId, xmlChar *content)
{
	struct feed_parser *p = ctx;
	char *msg;

	if (type == XML_INTERNAL_GENERAL_ENTITY && content != NULL &&
	    xmlStrlen(content) <= FEED_DECL_MAX &&
	    xmlStrchr(content, '&') == NULL &&
	    xmlStrchr(content, '<') == NULL &&
	    xmlStrchr(content, '%') == NULL &&
	    xmlGetPredefinedEntity(name) == NULL) {
		if (p->declared == NULL) {
			p->declared = xmlNewDoc(BAD_CAST "1.0");
			xmlCreateIntSubset(p->declared, BAD_CAST "x", NULL,
			    NULL);
		}
		if (xmlGetDocEntity(p->declared, name) == NULL)
			xmlAddDocEntity(p->declared, name,
			    XML_INTERNAL_GENERAL_ENTITY, NULL, NULL, content);
		return;
	}
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
	if (f->ns == FEED_NS_OTHER && p->alias_uri != NULL &&
	    strcmp((const char *)uri, p->alias_uri) == 0)
		f->ns = p->alias_ns;
	else if (f->ns == FEED_NS_OTHER && parent == NULL &&
	    (xmlStrEqual(localname, BAD_CAST "feed") ||
	    xmlStrEqual(localname, BAD_CAST "rss"))) {
		/* Atom's drafts lived in several namespaces; 1.0 has one. */
		p->alias_uri = xstrdup((const char *)uri);
		p->alias_ns = *localname == 'f' ? FEED_NS_ATOM03 :
		    FEED_NS_NONE;
		f->ns = p->alias_ns;
	}
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
	/* RSS 0.90 is told from 1.0 by the namespace its root declares. */
	if (parent == NULL && p->feed->format == FEED_RSS10) {
		for (i = 0; i < nns; i++)
			if (feed_ns_of(ns[2 * i + 1]) == FEED_NS_RSS10)
				break;
		if (i == nns)
			for (i = 0; i < nns; i++)
				if (feed_ns_of(ns[2 * i + 1]) == FEED_NS_RSS090)
					p->feed->format = FEED_RSS090;
	}
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

#define FEED_ONES	0x0101010101010101ULL
#define FEED_HIGHS	0x8080808080808080ULL
#define FEED_HAS(w, c) \
	((((w) ^ (FEED_ONES * (c))) - FEED_ONES) & ~((w) ^ (FEED_ONES * (c))) & \
	FEED_HIGHS)

/* Whether the two bytes at u are UTF-8 continuation bytes (80-BF). */
#define FEED_CONT2(u) ((((u)[0] ^ 0x80) | ((u)[1] ^ 0x80)) < 0x40)

/* Whether the 8 bytes at u are all plain (see feed_plain): printable
   ASCII but DEL, without the two bytes that matter in text or in
   markup. */
static int
feed_plain8(const unsigned char *u, int markup)
{
	uint64_t w;

	memcpy(&w, u, 8);
	if (((w | (w - 0x2020202020202020ULL) | (w + FEED_ONES)) &
	    FEED_HIGHS) != 0)
		return 0;
	if (markup)
		return !FEED_HAS(w, ']') && !FEED_HAS(w, '-');
	return !FEED_HAS(w, '&') && !FEED_HAS(w, '<');
}

/* 1 if the n bytes at s start with lit, -1 if they are a proper prefix
   of it, 0 if neither. */
static int
feed_starts(const unsigned char *s, size_t n, const char *lit)
{
	size_t i;

	for (i = 0; lit[i] != '\0'; i++) {
		if (i == n)
			return -1;
		if (s[i] != (unsigned char)lit[i])
			return 0;
	}
	return 1;
}

static int
feed_name_char(unsigned char c, int first)
{
	if (isalpha(c) || c == '_' || c == ':' || c >= 0x80)
		return 1;
	return !first && (isdigit(c) || c == '-' || c == '.');
}

/*
 * The length of the reference at s (just after a '&'), ';' included: 0
 * when it is not one (a bare '&', as in an unescaped URL query), -1 when
 * the input stops before that can be told.
 */
static int
feed_ref_len(const unsigned char *s, size_t len, int end)
{
	size_t i = 0, n;

	if (len > 0 && s[0] == '#') {
		i = 1;
		if (i < len && (s[i] == 'x' || s[i] == 'X'))
			for (i++, n = i; i < len && isxdigit(s[i]); i++)
				;
		else
			for (n = i; i < len && isdigit(s[i]); i++)
				;
		if (i == len && !end && i < FEED_REF_MAX)
			return -1;
		return i > n && i < len && s[i] == ';' ? (int)i + 1 : 0;
	}
	while (i < len && i < FEED_REF_MAX && feed_name_char(s[i], i == 0))
		i++;
	if (i == len && !end && i < FEED_REF_MAX)
		return -1;
	return i > 0 && i < len && s[i] == ';' ? (int)i + 1 : 0;
}

/* Whether any of the n bytes at s is past ASCII. */
static int
feed_has_high(const unsigned char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (s[i] >= 0x80)
			return 1;
	return 0;
}

/* Whether text with the character cp in it can be clean (feed_text_clean)
   once C1 controls are read as Windows-1252 (feed_fix_c1). */
static int
feed_clean_cp(uint32_t cp)
{
	if (cp < 0x80)
		return cp == '\t' || cp == '\n' || (cp >= 0x20 && cp < 0x7f);
	return cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff) &&
	    (cp < 0x2028 || cp > 0x202e) && (cp < 0x2066 || cp > 0x2069);
}

/* The value of the n bytes of a numeric reference after "&#" (its ';'
   included), as feed_ref_len measured it; over 0x10ffff when too big. */
static uint32_t
feed_ref_value(const unsigned char *s, size_t n)
{
	uint32_t cp = 0;
	size_t i = 0;
	int hex = 0;

	if (n > 0 && (s[0] == 'x' || s[0] == 'X'))
		hex = 1, i = 1;
	for (; i + 1 < n && cp <= 0x10ffff; i++)
		cp = hex ? cp * 16 + (uint32_t)(isdigit(s[i]) ? s[i] - '0' :
		    (s[i] | 0x20) - 'a' + 10) : cp * 10 + (uint32_t)(s[i] - '0');
	return cp;
}

/*
 * Push UTF-8 to libxml2, repaired: invalid sequences become U+FFFD,
 * controls XML does not allow are dropped (terminal escape sequences
 * whole, whether by ESC or by "&#27;"), a '&' that starts no reference
 * is escaped (unescaped URL queries) and "&#X" is read as "&#x", so that
 * a stray byte never stops the parse. CDATA sections and comments are
 * followed so that what is in them stays as it is. What is cut by the end
 * of a push (a UTF-8 sequence, a reference, a "<![CDATA[") waits for the
 * next.
 *
 * It marks the parser dirty when what it passes on could make text that
 * is not clean (feed_text_clean): '\r', DEL, a separator or a bidi
 * control, as it is or as a numeric reference. Else every character
 * libxml2 hands back comes from these bytes or is an HTML entity's (none
 * of which is such), so cap_html need not check what it made again.
 *
 * Most feeds need no repair at all, so nothing is copied until something
 * changes: s[from..i) is input still to be passed on as it is, and out
 * only holds bytes once a repair was made.
 */
static void
feed_push_utf8(struct feed_parser *p, const char *s, size_t len, int end)
{
	struct buf out = BUF_INIT, in = BUF_INIT;
	const unsigned char *u, *plain;
	const char *close;
	size_t i, n, need, from, stop;
	uint32_t cp;
	int r;

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
	from = i;
	while (i < len) {
		/* A run of plain ASCII and well-formed 2- and 3-byte UTF-8
		   (all of most feeds) is passed on as it is. */
		plain = feed_plain[p->markup != 0];
		while (i < len) {
			if (len - i >= 8 && feed_plain8(u + i, p->markup)) {
				i += 8;
				continue;
			}
			/* One of the eight bytes is not plain: on to it,
			   rather than trying eight at a time at each. */
			stop = len - i > 8 ? i + 8 : len;
			while (i < stop && plain[u[i]])
				i++;
			if (i == stop)
				continue;
			if (u[i] >= 0xc2 && u[i] <= 0xdf && i + 1 < len &&
			    (u[i + 1] & 0xc0) == 0x80) {
				i += 2;
				continue;
			}
			/* Leads E3-EC and EE: no overlong form, surrogate,
			   noncharacter, separator or bidi control among
			   them (most CJK). */
			while (len - i > 2 &&
			    (unsigned int)(u[i] - 0xe3) <= 0xee - 0xe3 &&
			    u[i] != 0xed && FEED_CONT2(u + i + 1))
				i += 3;
			if (i == len || plain[u[i]])
				continue;
			if (u[i] >= 0xe0 && u[i] <= 0xef && i + 2 < len &&
			    (u[i + 1] & 0xc0) == 0x80 &&
			    (u[i + 2] & 0xc0) == 0x80) {
				cp = (uint32_t)(u[i] & 0x0f) << 12 |
				    (uint32_t)(u[i + 1] & 0x3f) << 6 |
				    (uint32_t)(u[i + 2] & 0x3f);
				if (cp >= 0x800 && (cp < 0xd800 ||
				    cp > 0xdfff) && cp < 0xfffe) {
					if (!feed_clean_cp(cp))
						p->dirty = 1;
					i += 3;
					continue;
				}
			}
			break;
		}
		if (i == len)
			break;
		if (u[i] == '&') {
			r = feed_ref_len(u + i + 1, len - i - 1, end);
			if (r < 0)
				goto hold;
			if (r > 0 &&
			    text_markup_ref_is_esc(s + i + 1, (size_t)r)) {
				n = (size_t)r + 1;
				if ((r = text_markup_esc_len(s + i + n,
				    len - i - n, end)) < 0) {
					if (len - i < sizeof p->partial)
						goto hold;
					r = (int)(len - i - n);
				}
				buf_add(&out, s + from, i - from);
				i += n + (size_t)r;
				from = i;
				continue;
			}
			if (r > 0 && u[i + 1] == '#' &&
			    !feed_clean_cp(feed_ref_value(u + i + 2,
			    (size_t)r - 1)))
				p->dirty = 1;
			if (r == 0) {
				buf_add(&out, s + from, i - from);
				buf_add(&out, "&amp;", 5);
				from = i + 1;
			} else if (u[i + 1] == '#' && u[i + 2] == 'X') {
				buf_add(&out, s + from, i - from);
				buf_add(&out, "&#x", 3);
				from = i + 3;
			} else if (u[i + 1] != '#' &&
			    feed_has_high(u + i + 1, (size_t)r)) {
				/*
				 * A name with bytes past ASCII: they go
				 * through the checks below like any others
				 * (invalid UTF-8, bidi controls), the name
				 * being text once it is not an entity.
				 */
				i++;
				continue;
			}
			i += (size_t)r + 1;
			continue;
		}
		if (u[i] == '<') {
			if ((r = feed_starts(u + i, len - i, "<![CDATA[")) == 1)
				p->markup = 1;
			else if (r == 0 &&
			    (r = feed_starts(u + i, len - i, "<!--")) == 1)
				p->markup = 2;
			if (r < 0 && !end)
				goto hold;
			i += r == 1 ? (p->markup == 1 ? 9 : 4) : 1;
			continue;
		}
		if (u[i] == ']' || u[i] == '-') {
			close = p->markup == 1 ? "]]>" : "-->";
			r = feed_starts(u + i, len - i, close);
			if (r < 0 && !end)
				goto hold;
			if (r == 1)
				p->markup = 0;
			i += r == 1 ? 3 : 1;
			continue;
		}
		if (u[i] == 0x1b) {
			if ((r = text_markup_esc_len(s + i + 1, len - i - 1,
			    end)) < 0) {
				if (len - i < sizeof p->partial)
					goto hold;
				r = (int)(len - i - 1);
			}
			buf_add(&out, s + from, i - from);
			i += 1 + (size_t)r;
			from = i;
			continue;
		}
		if (u[i] == '\r' || u[i] == 0x7f) {
			p->dirty = 1;
			i++;
			continue;
		}
		if (u[i] < 0x80) {	/* a control XML does not allow */
			buf_add(&out, s + from, i - from);
			from = ++i;
			continue;
		}
		need = u[i] >= 0xf0 ? 4 : u[i] >= 0xe0 ? 3 : 2;
		if (!end && len - i < need && u[i] >= 0xc2 && u[i] <= 0xf4) {
			for (n = i + 1; n < len; n++)
				if ((u[n] & 0xc0) != 0x80)
					break;
			if (n == len)
				goto hold;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0xfffe || cp == 0xffff)
			cp = 0xfffd;
		if (n == 1 || cp == 0xfffd) {
			buf_add(&out, s + from, i - from);
			text_utf8_encode(&out, cp);
			from = i + n;
		}
		i += n;
	}
	if (0) {
hold:
		memcpy(p->partial, s + i, len - i);
		p->npartial = len - i;
	}
	/* Nothing repaired: the input itself goes to libxml2. */
	if (out.len == 0 && out.data == NULL) {
		/* (An empty last piece may come as NULL: no pointer sums.) */
		if (i > from)
			feed_libxml_push(p, s + from, i - from, end);
		else if (end)
			feed_libxml_push(p, "", 0, end);
	} else {
		buf_add(&out, s + from, i - from);
		feed_libxml_push(p, out.data, out.len, end);
	}
	buf_free(&out);
	buf_free(&in);
}

/* Decide the encoding from the first bytes (FEED_SNIFF of them, or all
   there are when that is fewer). */
static void
feed_decide_on(struct feed_parser *p, const char *s, size_t len)
{
	const char *enc;

	p->decided = 1;
	enc = charset_detect(s, len < FEED_SNIFF ? len : FEED_SNIFF,
	    p->content_type, CHARSET_XML);
	if (enc == NULL)
		enc = "UTF-8";
	free(p->feed->encoding);
	p->feed->encoding = xstrdup(enc);
	if (strcasecmp(enc, "UTF-8") == 0)
		p->utf8 = 1;
}

/* Decide the encoding from what has come so far (all of it if end). */
static void
feed_decide(struct feed_parser *p, int end)
{
	if (p->decided)
		return;
	if (!end && p->pending.len < FEED_SNIFF)
		return;
	feed_decide_on(p, buf_str(&p->pending), p->pending.len);
	if (p->utf8) {
		feed_push_utf8(p, buf_str(&p->pending), p->pending.len, 0);
		buf_free(&p->pending);
	}
}

void
feed_parser_push(struct feed_parser *p, const char *bytes, size_t len)
{
	if (len == 0)
		return;
	/* Enough to decide on and nothing held yet: UTF-8 need not be
	   copied before it is parsed. */
	if (!p->decided && p->pending.len == 0 && len >= FEED_SNIFF)
		feed_decide_on(p, bytes, len);
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
	if (p->declared != NULL)
		xmlFreeDoc(p->declared);
	buf_free(&p->pending);
	buf_free(&p->cap);
	free(p->author_name);
	free(p->author_email);
	if (p->item != NULL) {
		feed_item_release(p->item);
		free(p->item);
	}
	free(p->guid_link);
	free(p->fb_title);
	free(p->fb_summary);
	free(p->alias_uri);
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
	/* All the bytes are here: what finish would decide on. */
	if (len > 0)
		feed_decide_on(p, bytes, len);
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
