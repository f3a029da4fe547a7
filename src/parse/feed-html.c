/* feed-html.c - HTML in feeds: an allow-list sanitiser, text, links. */
#include "config.h"

#include <ctype.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "buf.h"
#include "feed-int.h"
#include "text.h"
#include "util.h"

/* Elements kept by the sanitiser; the others go, their text stays. */
static const char *const html_ok[] = {
	"a", "abbr", "acronym", "address", "area", "article", "aside",
	"audio", "b", "bdi", "bdo", "big", "blockquote", "br", "button",
	"canvas", "caption", "center", "cite", "code", "col", "colgroup",
	"command", "datagrid", "datalist", "dd", "del", "details", "dfn",
	"dialog", "dir", "div", "dl", "dt", "em", "event-source", "fieldset",
	"figcaption", "figure", "font", "footer", "form", "h1", "h2", "h3",
	"h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd",
	"keygen", "label", "legend", "li", "m", "main", "map", "mark", "menu",
	"meter", "multicol", "nav", "nextid", "noscript", "ol", "optgroup",
	"option", "output", "p", "picture", "pre", "progress", "q", "rp",
	"rt", "ruby", "s", "samp", "section", "select", "small", "sound",
	"source", "spacer", "span", "strike", "strong", "sub", "summary",
	"sup", "table", "tbody", "td", "textarea", "tfoot", "th", "thead",
	"time", "tr", "track", "tt", "u", "ul", "var", "video", "wbr",
};

/* Elements dropped with everything inside them. */
static const char *const html_drop[] = {
	"applet", "script", "style",
};

/* Attributes kept (on kept elements). No event handlers, ever. */
static const char *const attr_ok[] = {
	"abbr", "accept", "accept-charset", "accesskey", "action", "align",
	"alt", "autocomplete", "autofocus", "axis", "background", "balance",
	"bgcolor", "bgproperties", "border", "bordercolor",
	"bordercolordark", "bordercolorlight", "bottompadding",
	"cellpadding", "cellspacing", "ch", "challenge", "char", "charoff",
	"charset", "checked", "choff", "cite", "class", "clear", "color",
	"cols", "colspan", "compact", "contenteditable", "controls", "coords",
	"data", "datafld", "datapagesize", "datasrc", "datetime", "default",
	"delay", "dir", "disabled", "draggable", "dynsrc", "enctype", "end",
	"face", "for", "form", "frame", "galleryimg", "gutter", "headers",
	"height", "hidden", "hidefocus", "high", "href", "hreflang", "hspace",
	"icon", "id", "inputmode", "ismap", "keytype", "label", "lang",
	"leftspacing", "list", "longdesc", "loop", "loopcount", "loopend",
	"loopstart", "low", "lowsrc", "max", "maxlength", "media", "method",
	"min", "multiple", "name", "nohref", "noshade", "nowrap", "open",
	"optimum", "pattern", "ping", "point-size", "poster", "pqg",
	"preload", "prompt", "radiogroup", "readonly", "rel", "repeat-max",
	"repeat-min", "replace", "required", "rev", "rightspacing", "rows",
	"rowspan", "rules", "scope", "selected", "shape", "size", "span",
	"src", "start", "step", "style", "summary", "suppress", "tabindex",
	"target", "template", "title", "toppadding", "type", "unselectable",
	"urn", "usemap", "valign", "value", "variable", "volume", "vrml",
	"vspace", "width", "wrap", "xml:lang",
};

/* Attributes that hold a URL: resolved, and dropped when unsafe. */
static const char *const attr_url[] = {
	"action", "background", "cite", "data", "dynsrc", "href", "longdesc",
	"lowsrc", "poster", "src", "usemap",
};

static const char *const css_ok[] = {
	"azimuth", "background-color", "border-bottom-color",
	"border-collapse", "border-color", "border-left-color",
	"border-right-color", "border-top-color", "clear", "color", "cursor",
	"direction", "display", "elevation", "float", "font", "font-family",
	"font-size", "font-style", "font-variant", "font-weight", "height",
	"letter-spacing", "line-height", "overflow", "pause", "pause-after",
	"pause-before", "pitch", "pitch-range", "richness", "speak",
	"speak-header", "speak-numeral", "speak-punctuation", "speech-rate",
	"stress", "text-align", "text-decoration", "text-indent",
	"unicode-bidi", "vertical-align", "voice-family", "volume",
	"white-space", "width",
};

static const char *const css_keywords[] = {
	"!important", "aqua", "auto", "black", "block", "blue", "bold",
	"both", "bottom", "brown", "center", "collapse", "dashed", "dotted",
	"fuchsia", "gray", "green", "italic", "left", "lime", "maroon",
	"medium", "navy", "none", "normal", "nowrap", "olive", "pointer",
	"purple", "red", "right", "silver", "solid", "teal", "top",
	"transparent", "underline", "white", "yellow",
};

static const char *const void_tags[] = {
	"area", "base", "basefont", "br", "col", "command", "embed", "frame",
	"hr", "img", "input", "isindex", "keygen", "link", "meta", "param",
	"source", "track", "wbr",
};

static const char *const schemes_ok[] = {
	"feed", "ftp", "ftps", "gopher", "http", "https", "irc", "ircs",
	"magnet", "mailto", "news", "nntp", "sip", "tel", "urn", "xmpp",
};


/* Windows-1252 for the C1 range of numeric references, as browsers do. */
static const uint16_t cp1252[32] = {
	0x20ac, 0xfffd, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0xfffd, 0x017d, 0xfffd,
	0xfffd, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0xfffd, 0x017e, 0x0178,
};

/* The lists above, as bits of one table of words. */
#define W_HTML_OK	0x01
#define W_HTML_DROP	0x02
#define W_ATTR_OK	0x04
#define W_ATTR_URL	0x08
#define W_CSS_OK	0x10
#define W_CSS_KEYWORD	0x20
#define W_VOID		0x40
#define W_SCHEME	0x80

/* Longer than any word of the lists; a power of two of slots, over twice
   the words, so that probes stay short. */
#define WORD_MAX	24
#define WORD_SLOTS	1024

static struct word {
	const char	*w;		/* NULL: an empty slot */
	size_t		 len;
	unsigned int	 bits;
} words[WORD_SLOTS];

static pthread_once_t words_once = PTHREAD_ONCE_INIT;

static void
words_add(const char *const *v, size_t n, unsigned int bit)
{
	struct word *w;
	size_t i, k, len;
	uint32_t h;

	for (i = 0; i < n; i++) {
		len = strlen(v[i]);
		for (k = 0; k < len; k++)
			if (v[i][k] >= 'A' && v[i][k] <= 'Z')
				fatal("feed-html.c: \"%s\" not lower case", v[i]);
		if (len == 0 || len > WORD_MAX)
			fatal("feed-html.c: \"%s\" too long", v[i]);
		for (h = util_hash(v[i], len); ; h++) {
			w = &words[h & (WORD_SLOTS - 1)];
			if (w->w == NULL) {
				w->w = v[i];
				w->len = len;
			}
			if (w->len == len && memcmp(w->w, v[i], len) == 0)
				break;
		}
		w->bits |= bit;
	}
}

static void
words_init(void)
{
	words_add(html_ok, NITEMS(html_ok), W_HTML_OK);
	words_add(html_drop, NITEMS(html_drop), W_HTML_DROP);
	words_add(attr_ok, NITEMS(attr_ok), W_ATTR_OK);
	words_add(attr_url, NITEMS(attr_url), W_ATTR_URL);
	words_add(css_ok, NITEMS(css_ok), W_CSS_OK);
	words_add(css_keywords, NITEMS(css_keywords), W_CSS_KEYWORD);
	words_add(void_tags, NITEMS(void_tags), W_VOID);
	words_add(schemes_ok, NITEMS(schemes_ok), W_SCHEME);
}

/* The lists s (len bytes, ASCII letters in any case) is in, as bits:
   one hash probe instead of a search of each list. */
static unsigned int
word_bits(const char *s, size_t len)
{
	char low[WORD_MAX];
	struct word *w;
	size_t k;
	uint32_t h;

	if (len == 0 || len > WORD_MAX)
		return 0;
	for (k = 0; k < len; k++)
		low[k] = s[k] >= 'A' && s[k] <= 'Z' ?
		    (char)(s[k] - 'A' + 'a') : s[k];
	for (h = util_hash(low, len); ; h++) {
		w = &words[h & (WORD_SLOTS - 1)];
		if (w->w == NULL)
			return 0;
		if (w->len == len && memcmp(w->w, low, len) == 0)
			return w->bits;
	}
}

#define IN(s, len, bit) ((word_bits(s, len) & (bit)) != 0)

static void
words_load(void)
{
	pthread_once(&words_once, words_init);
}

/*
 * Decode the character reference at s (after '&'); returns the bytes
 * used (0 if it is not one) and appends the character to b (unless b is
 * NULL: then the reference is only measured).
 */
static size_t
decode_ref(struct buf *b, const char *s, size_t len)
{
	char name[40], value[8];
	unsigned long cp = 0;
	size_t i = 0, n;

	if (len > 0 && s[0] == '#') {
		i = 1;
		if (i < len && (s[i] == 'x' || s[i] == 'X')) {
			for (i++, n = i; i < len &&
			    isxdigit((unsigned char)s[i]); i++)
				if (cp < 0x110000)
					cp = cp * 16 + (unsigned long)(isdigit(
					    (unsigned char)s[i]) ? s[i] - '0' :
					    (tolower((unsigned char)s[i]) -
					    'a' + 10));
		} else
			for (n = i; i < len && isdigit((unsigned char)s[i]);
			    i++)
				if (cp < 0x110000)
					cp = cp * 10 + (unsigned long)
					    (s[i] - '0');
		if (i == n)
			return 0;
		if (i < len && s[i] == ';')
			i++;
		if (cp >= 0x80 && cp < 0xa0)
			cp = cp1252[cp - 0x80];
		if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp < 0xe000))
			cp = 0xfffd;
		if (b != NULL)
			text_utf8_encode(b, (uint32_t)cp);
		return i;
	}
	while (i < len && i < sizeof name - 1 && isalnum((unsigned char)s[i]))
		i++;
	if (i == 0)
		return 0;
	memcpy(name, s, i);
	name[i] = '\0';
	if (i < len && s[i] == ';') {
		if (feed_html_entity(name, value, sizeof value) == NULL)
			return 0;
		if (b != NULL)
			buf_adds(b, value);
		return i + 1;
	}
	/* The few that browsers take without a semicolon. */
	if (strcmp(name, "amp") == 0 || strcmp(name, "lt") == 0 ||
	    strcmp(name, "gt") == 0 || strcmp(name, "quot") == 0 ||
	    strcmp(name, "nbsp") == 0 || strcmp(name, "copy") == 0) {
		feed_html_entity(name, value, sizeof value);
		if (b != NULL)
			buf_adds(b, value);
		return i;
	}
	return 0;
}

/*
 * U+0080-U+009F in feed text are Windows-1252 bytes read as Latin-1 (or
 * "&#146;"): replaced by what they stand for, as browsers do.
 */
void
feed_fix_c1(struct buf *b)
{
	struct buf out = BUF_INIT;
	const char *at;
	unsigned char c;
	size_t i, from = 0;

	for (i = 0; i + 1 < b->len; i = (size_t)(at - b->data) + 1) {
		if ((at = memchr(b->data + i, 0xc2, b->len - i - 1)) == NULL)
			break;
		c = (unsigned char)at[1];
		if (c < 0x80 || c >= 0xa0)
			continue;
		buf_add(&out, b->data + from, (size_t)(at - b->data) - from);
		text_utf8_encode(&out, cp1252[c - 0x80]);
		from = (size_t)(at - b->data) + 2;
	}
	if (from == 0)
		return;
	buf_add(&out, b->data + from, b->len - from);
	buf_free(b);
	*b = out;
}

/*
 * Whether text_sanitize(s, len, 0) would give s back unchanged: valid
 * UTF-8 without controls (but tab and newline), C1, line or paragraph
 * separators or bidi controls. Most feed text is; checking is cheaper.
 */
/* A three-byte sequence whose lead (E3-EF but ED) cannot make an overlong
   form, a surrogate, a separator or a bidi control, followed by two
   continuation bytes. */
#define CJK3(u) ((unsigned int)((u)[0] - 0xe3) <= 0xef - 0xe3 && \
	(u)[0] != 0xed && ((((u)[1] ^ 0x80) | ((u)[2] ^ 0x80)) < 0x40))

int
feed_text_clean(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0, stop;
	uint64_t w;
	uint32_t cp;
	int n, k;

	while (i < len) {
		/* Eight printable ASCII bytes at a time. */
		if (len - i >= 8) {
			memcpy(&w, u + i, 8);
			if (((w | (w + 0x0101010101010101ULL) |
			    (w - 0x2020202020202020ULL)) &
			    0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		/* One of them is not: on to it, rather than trying eight
		   at a time at each byte before it. */
		for (stop = len - i > 8 ? i + 8 : len; i < stop &&
		    ((u[i] >= 0x20 && u[i] < 0x7f) || u[i] == '\n' ||
		    u[i] == '\t'); i++)
			;
		if (i == stop)
			continue;
		/* Three-byte leads that cannot make an overlong form, a
		   surrogate, a separator or a bidi control (CJK, mostly),
		   in a run. */
		if (len - i > 2 && CJK3(u + i)) {
			for (i += 3; len - i > 2 && CJK3(u + i); i += 3)
				;
			continue;
		}
		if (u[i] < 0xc2 || u[i] > 0xf4)
			return 0;	/* controls, DEL, invalid leads */
		n = u[i] >= 0xf0 ? 3 : u[i] >= 0xe0 ? 2 : 1;
		if (len - i <= (size_t)n)
			return 0;
		cp = u[i] & (0x3f >> n);
		for (k = 1; k <= n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return 0;
			cp = (cp << 6) | (u[i + k] & 0x3f);
		}
		if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 ||
		    cp > 0x10ffff)) || (cp >= 0xd800 && cp < 0xe000) ||
		    cp < 0xa0 || cp == 0x2028 || cp == 0x2029 ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 0;
		i += (size_t)n + 1;
	}
	return 1;
}

char *
feed_html_decode(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	size_t i = 0, n;

	while (i < len) {
		if (s[i] == '&' && (n = decode_ref(&b, s + i + 1,
		    len - i - 1)) > 0)
			i += n + 1;
		else
			buf_addc(&b, s[i++]);
	}
	return buf_detach(&b);
}

void
feed_html_escape(struct buf *b, const char *s, size_t len)
{
	size_t i, run;

	for (i = 0; i < len; i++) {
		for (run = i; i < len && s[i] != '&' && s[i] != '<' &&
		    s[i] != '>' && s[i] != '"'; i++)
			;
		if (i > run)
			buf_add(b, s + run, i - run);
		if (i == len)
			break;
		switch (s[i]) {
		case '&':
			buf_adds(b, "&amp;");
			break;
		case '<':
			buf_adds(b, "&lt;");
			break;
		case '>':
			buf_adds(b, "&gt;");
			break;
		case '"':
			buf_adds(b, "&quot;");
			break;
		default:
			buf_addc(b, s[i]);
		}
	}
}

int
feed_html_like(const char *s)
{
	const char *p, *q;

	/* A closing tag or a character reference, as feedparser judges. */
	for (p = s; *p != '\0'; p++) {
		if (p[0] == '<' && p[1] == '/' &&
		    isalpha((unsigned char)p[2])) {
			for (q = p + 2; isalnum((unsigned char)*q); q++)
				;
			if (*q == '>')
				return 1;
		}
		if (*p == '&') {
			q = p + 1;
			if (*q == '#')
				q++;
			if (!isalnum((unsigned char)*q))
				continue;
			while (isalnum((unsigned char)*q))
				q++;
			if (*q == ';')
				return 1;
		}
	}
	return 0;
}

static int
scheme_of(const char *s, size_t *len)
{
	size_t i;

	if (!isalpha((unsigned char)s[0]))
		return 0;
	for (i = 1; isalnum((unsigned char)s[i]) || s[i] == '+' ||
	    s[i] == '-' || s[i] == '.'; i++)
		;
	if (s[i] != ':')
		return 0;
	*len = i;
	return 1;
}

/*
 * URL characters that curl's URL API keeps as they are (no percent sign:
 * whether one is valid is left to curl).
 */
static int
url_plain_char(unsigned char c)
{
	return isalnum(c) || (c != '\0' && strchr("-._~/?#&=;:@!$'()*+,", c)
	    != NULL);
}

/* The length of the path part of s (up to '?', '#' or the end), or 0 when
   it holds a character outside url_plain_char or a "." or ".." segment. */
static size_t
url_plain_path(const char *s, size_t *pathlen)
{
	size_t i, seg = 0, path = 0;
	int inpath = 1;

	for (i = 0; s[i] != '\0'; i++) {
		if (!url_plain_char((unsigned char)s[i]))
			return 0;
		if (!inpath)
			continue;
		if (s[i] == '/' || s[i] == '?' || s[i] == '#') {
			if ((i - seg == 1 && s[seg] == '.') ||
			    (i - seg == 2 && s[seg] == '.' && s[seg + 1] == '.'))
				return 0;
			seg = i + 1;
		}
		if (s[i] == '?' || s[i] == '#') {
			inpath = 0;
			path = i;
		}
	}
	if (inpath) {
		if ((i - seg == 1 && s[seg] == '.') ||
		    (i - seg == 2 && s[seg] == '.' && s[seg + 1] == '.'))
			return 0;
		path = i;
	}
	*pathlen = path;
	return i;
}

/*
 * The common cases of resolution without curl's parser (which costs some
 * 20,000 instructions a link): a plain http(s) base with a lower-case host
 * and no port, and a plain href that is a path from the root or from the
 * base's folder, without dot segments. NULL for anything else, which curl
 * resolves. tests/t_feed.c checks that both agree.
 */
static char *
url_resolve_plain(const char *base, const char *href)
{
	const char *host, *p;
	size_t bpath = 0, hlen, hpath, dir;
	struct buf b = BUF_INIT;

	if (strncmp(base, "http://", 7) == 0)
		host = base + 7;
	else if (strncmp(base, "https://", 8) == 0)
		host = base + 8;
	else
		return NULL;
	for (p = host; (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
	    *p == '-' || *p == '.'; p++)
		;
	if (p == host || (*p != '\0' && *p != '/'))
		return NULL;
	if (*href == '/' ? href[1] == '/' :
	    (*href == '?' || *href == '#' || *href == '\0'))
		return NULL;
	if (*p != '\0' && url_plain_path(p, &bpath) == 0)
		return NULL;
	if ((hlen = url_plain_path(href, &hpath)) == 0)
		return NULL;
	buf_add(&b, base, (size_t)(p - base));
	if (*href != '/') {
		/* The base's folder: its path up to the last '/'. */
		for (dir = *p == '\0' ? 0 : bpath; dir > 0 && p[dir - 1] != '/';
		    dir--)
			;
		if (dir == 0)
			buf_addc(&b, '/');
		else
			buf_add(&b, p, dir);
	}
	buf_add(&b, href, hlen);
	(void)hpath;
	return buf_detach(&b);
}

char *
feed_url_resolve(const char *base, const char *href)
{
	CURLU *u;
	char *url = NULL, *out = NULL, *trimmed;
	size_t len, slen;

	words_load();
	while (*href == ' ' || *href == '\t' || *href == '\n' || *href == '\r')
		href++;
	len = strlen(href);
	while (len > 0 && strchr(" \t\r\n", href[len - 1]) != NULL)
		len--;
	if (len == 0)
		return NULL;
	trimmed = xstrndup(href, len);
	if (scheme_of(trimmed, &slen)) {
		if (!IN(trimmed, slen, W_SCHEME)) {
			free(trimmed);
			return NULL;
		}
		out = text_sanitize(trimmed, len, TEXT_ONELINE);
		free(trimmed);
		return out;
	}
	if (base != NULL && (url = url_resolve_plain(base, trimmed)) != NULL) {
		free(trimmed);
		return url;	/* plain ASCII: nothing to sanitise */
	}
	if (base == NULL || *base == '\0' || (u = curl_url()) == NULL) {
		out = text_sanitize(trimmed, len, TEXT_ONELINE);
		free(trimmed);
		return out;
	}
	if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    (curl_url_set(u, CURLUPART_URL, trimmed, 0) == CURLUE_OK ||
	    curl_url_set(u, CURLUPART_URL, trimmed, CURLU_URLENCODE) ==
	    CURLUE_OK) &&
	    curl_url_get(u, CURLUPART_URL, &url, 0) == CURLUE_OK)
		out = text_sanitize(url, strlen(url), TEXT_ONELINE);
	else
		out = text_sanitize(trimmed, len, TEXT_ONELINE);
	curl_free(url);
	curl_url_cleanup(u);
	free(trimmed);
	return out;
}

/* A start or end tag, as the tokenizer found it. */
struct tag {
	const char	*name;
	size_t		 namelen;
	int		 end;
	int		 selfclose;
	const char	*attrs;		/* the text after the name */
	size_t		 attrslen;
};

/*
 * Read a tag at s (at '<'); returns its length, or 0 if '<' does not start
 * a tag. Quoted attribute values may contain '>'.
 */
static size_t
read_tag(const char *s, size_t len, struct tag *t)
{
	size_t i = 1;
	char q = 0;

	memset(t, 0, sizeof *t);
	if (i < len && s[i] == '/') {
		t->end = 1;
		i++;
	}
	if (i >= len || !isalpha((unsigned char)s[i]))
		return 0;
	t->name = s + i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' ||
	    s[i] == ':' || s[i] == '_' || s[i] == '.'))
		i++;
	t->namelen = (size_t)(s + i - t->name);
	t->attrs = s + i;
	for (; i < len; i++) {
		if (q != 0) {
			if (s[i] == q)
				q = 0;
		} else if (s[i] == '"' || s[i] == '\'') {
			if (i > 0 && s[i - 1] == '=')
				q = s[i];
			else if (i > 1 && s[i - 1] == ' ' && s[i - 2] == '=')
				q = s[i];
		} else if (s[i] == '>')
			break;
	}
	if (i >= len)
		return 0;
	t->attrslen = (size_t)(s + i - t->attrs);
	if (t->attrslen > 0 && t->attrs[t->attrslen - 1] == '/') {
		t->selfclose = 1;
		t->attrslen--;
	}
	return i + 1;
}

/* Skip to after the end tag of name (for script, style...). */
/*
 * The length of the text at s before a '&', '<' or '>': memchr is much
 * faster than a loop over bytes. The window is bounded so that text with
 * many '&' and no '<' is not scanned again and again.
 */
static size_t
html_run(const char *s, size_t len)
{
	const char *q;
	size_t n = len < 512 ? len : 512;

	if ((q = memchr(s, '<', n)) != NULL)
		n = (size_t)(q - s);
	if ((q = memchr(s, '&', n)) != NULL)
		n = (size_t)(q - s);
	if ((q = memchr(s, '>', n)) != NULL)
		n = (size_t)(q - s);
	return n;
}

static size_t
skip_raw(const char *s, size_t len, const char *name, size_t namelen)
{
	size_t i;

	for (i = 0; i + 2 + namelen <= len; i++)
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, namelen) == 0) {
			while (i < len && s[i] != '>')
				i++;
			return i < len ? i + 1 : len;
		}
	return len;
}

struct attr {
	char	*name;
	char	*value;
};

static int
attr_cmp(const void *a, const void *b)
{
	return strcmp(((const struct attr *)a)->name,
	    ((const struct attr *)b)->name);
}

/* Whether a CSS value word is a colour, size or acceptable keyword. */
static int
css_value_ok(const char *w, size_t n)
{
	size_t i = 0, digits = 0;

	if (IN(w, n, W_CSS_KEYWORD))
		return 1;
	if (n > 1 && w[0] == '#') {
		for (i = 1; i < n; i++)
			if (!isxdigit((unsigned char)w[i]))
				return 0;
		return 1;
	}
	if (n >= 4 && strncasecmp(w, "rgb(", 4) == 0) {
		for (i = 4; i < n; i++)
			if (!isdigit((unsigned char)w[i]) && w[i] != '%' &&
			    w[i] != ',' && w[i] != ')')
				return 0;
		return 1;
	}
	while (i < n && isdigit((unsigned char)w[i]))
		i++, digits++;
	if (i < n && w[i] == '.')
		for (i++; i < n && isdigit((unsigned char)w[i]); i++)
			digits++;
	if (digits > 4)
		return 0;
	if (i == n)
		return 1;
	return strcmp(w + i, "%") == 0 || strcmp(w + i, ",") == 0 ||
	    (n - i == 2 && (strncmp(w + i, "cm", 2) == 0 ||
	    strncmp(w + i, "em", 2) == 0 || strncmp(w + i, "ex", 2) == 0 ||
	    strncmp(w + i, "in", 2) == 0 || strncmp(w + i, "mm", 2) == 0 ||
	    strncmp(w + i, "pc", 2) == 0 || strncmp(w + i, "pt", 2) == 0 ||
	    strncmp(w + i, "px", 2) == 0));
}

/*
 * Keep the declarations of a style attribute that only change how text
 * looks: no url(), no positioning, nothing outside a plain character set.
 */
static char *
css_clean(const char *style)
{
	struct buf b = BUF_INIT, in = BUF_INIT;
	const char *s, *p, *colon, *end, *v, *w;
	size_t plen, vlen, n;
	int ok;

	/* url(...) goes first. */
	for (s = style; *s != '\0'; s++) {
		if (strncasecmp(s, "url", 3) == 0) {
			p = s + 3;
			while (*p == ' ')
				p++;
			if (*p == '(' && (end = strchr(p, ')')) != NULL) {
				buf_addc(&in, ' ');
				s = end;
				while (s[1] == ' ')
					s++;
				continue;
			}
		}
		buf_addc(&in, *s);
	}
	for (s = buf_str(&in); *s != '\0'; s++)
		if (!isalnum((unsigned char)*s) &&
		    strchr(":,;#%. \t\n!-'\"()_", *s) == NULL)
			goto bad;
	for (s = buf_str(&in); *s != '\0'; s = *end == ';' ? end + 1 : end) {
		while (isspace((unsigned char)*s))
			s++;
		if (*s == '\0')
			break;
		end = s + strcspn(s, ";");
		colon = memchr(s, ':', (size_t)(end - s));
		if (colon == NULL)
			goto bad;
		for (p = colon; p > s && isspace((unsigned char)p[-1]); p--)
			;
		plen = (size_t)(p - s);
		for (v = colon + 1; v < end && isspace((unsigned char)*v); v++)
			;
		/* The value keeps its trailing spaces, as other readers'
		   sanitisers do. */
		vlen = (size_t)(end - v);
		if (plen == 0 || memchr(v, ':', vlen) != NULL)
			goto bad;
		if (vlen == 0 || strspn(v, " \t\r\n") >= vlen)
			continue;
		ok = IN(s, plen, W_CSS_OK);
		if (!ok && ((plen >= 10 && strncasecmp(s, "background", 10) ==
		    0) || (plen >= 6 && strncasecmp(s, "border", 6) == 0) ||
		    (plen >= 6 && strncasecmp(s, "margin", 6) == 0) ||
		    (plen >= 7 && strncasecmp(s, "padding", 7) == 0))) {
			ok = 1;
			for (w = v; w < v + vlen && ok; w += n) {
				while (w < v + vlen &&
				    isspace((unsigned char)*w))
					w++;
				n = 0;
				while (w + n < v + vlen &&
				    !isspace((unsigned char)w[n]))
					n++;
				if (n > 0 && !css_value_ok(w, n))
					ok = 0;
			}
		}
		if (!ok)
			continue;
		if (b.len > 0)
			buf_addc(&b, ' ');
		buf_add(&b, s, plen);
		buf_adds(&b, ": ");
		buf_add(&b, v, vlen);
		buf_addc(&b, ';');
	}
	buf_free(&in);
	return buf_detach(&b);
bad:
	buf_free(&in);
	buf_free(&b);
	return xstrdup("");
}

/* Parse the attributes of a tag into v (names lowercased, values decoded);
   a later repeat of a name replaces the earlier. */
static size_t
parse_attrs(const char *s, size_t len, struct attr **vp)
{
	struct attr *v = NULL;
	struct buf val = BUF_INIT;
	size_t i = 0, n = 0, k, start, used;
	char *name, q;

	while (i < len) {
		while (i < len && (isspace((unsigned char)s[i]) || s[i] == '/'))
			i++;
		start = i;
		while (i < len && !isspace((unsigned char)s[i]) &&
		    s[i] != '=' && s[i] != '/')
			i++;
		if (i == start) {
			i++;
			continue;
		}
		name = xstrndup(s + start, i - start);
		for (k = 0; name[k] != '\0'; k++)
			name[k] = (char)tolower((unsigned char)name[k]);
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		buf_reset(&val);
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
			q = i < len && (s[i] == '"' || s[i] == '\'') ? s[i] : 0;
			if (q != 0)
				i++;
			while (i < len && (q != 0 ? s[i] != q :
			    !isspace((unsigned char)s[i]))) {
				if (s[i] == '&' && (used = decode_ref(&val,
				    s + i + 1, len - i - 1)) > 0)
					i += used + 1;
				else
					buf_addc(&val, s[i++]);
			}
			if (q != 0 && i < len)
				i++;
		}
		for (k = 0; k < n; k++)
			if (strcmp(v[k].name, name) == 0)
				break;
		if (k == n) {
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n].name = name;
			n++;
		} else {
			free(name);
			free(v[k].value);
		}
		v[k].value = xstrdup(buf_str(&val));
	}
	buf_free(&val);
	*vp = v;
	return n;
}

/* Append a tag name in lower case. Its letters are ASCII (read_tag), so
   no locale is asked. */
static void
add_lower(struct buf *b, const char *s, size_t len)
{
	size_t i;

	buf_reserve(b, len);
	for (i = 0; i < len; i++)
		b->data[b->len + i] = s[i] >= 'A' && s[i] <= 'Z' ?
		    (char)(s[i] - 'A' + 'a') : s[i];
	b->len += len;
	b->data[b->len] = '\0';
}

static void
emit_start(struct buf *out, const struct tag *t, unsigned int bits,
    const char *base, int *added)
{
	struct attr *v;
	size_t n, i, k;
	char *value;

	buf_addc(out, '<');
	add_lower(out, t->name, t->namelen);
	n = parse_attrs(t->attrs, t->attrslen, &v);
	if (n > 1)
		qsort(v, n, sizeof *v, attr_cmp);
	for (i = 0; i < n; i++) {
		value = NULL;
		if (!IN(v[i].name, strlen(v[i].name), W_ATTR_OK))
			;
		else if (strcmp(v[i].name, "style") == 0) {
			value = css_clean(v[i].value);
			if (*value == '\0') {
				free(value);
				value = NULL;
			}
		} else if (IN(v[i].name, strlen(v[i].name), W_ATTR_URL)) {
			value = feed_url_resolve(base, v[i].value);
			if (value == NULL)
				value = xstrdup("");
		}
		else {
			value = v[i].value;
			v[i].value = NULL;
			if (strcmp(v[i].name, "rel") == 0 ||
			    strcmp(v[i].name, "type") == 0)
				for (k = 0; value[k] != '\0'; k++)
					value[k] = (char)tolower(
					    (unsigned char)value[k]);
		}
		if (value != NULL) {
			if (!feed_text_clean(value, strlen(value)))
				*added = 1;
			buf_addc(out, ' ');
			buf_adds(out, v[i].name);
			buf_add(out, "=\"", 2);
			feed_html_escape(out, value, strlen(value));
			buf_addc(out, '"');
		}
		free(value);
		free(v[i].name);
		free(v[i].value);
	}
	free(v);
	if (bits & W_VOID)
		buf_adds(out, " />");
	else {
		buf_addc(out, '>');
		if (t->selfclose) {
			buf_adds(out, "</");
			add_lower(out, t->name, t->namelen);
			buf_addc(out, '>');
		}
	}
}

/*
 * One tokenizer for both uses: with text set, the text of the fragment;
 * else the sanitised fragment.
 */
static char *
html_walk(const char *s, size_t len, const char *base, int text, int *added)
{
	struct buf out = BUF_INIT;
	struct tag t;
	size_t i = 0, n, k;
	const char *end;
	unsigned int bits;

	words_load();
	buf_reserve(&out, len + len / 8);
	while (i < len) {
		k = i;
		i += html_run(s + i, len - i);
		if (i > k)
			buf_add(&out, s + k, i - k);
		if (i == len)
			break;
		if (s[i] == '&') {
			if (text && (n = decode_ref(&out, s + i + 1,
			    len - i - 1)) > 0) {
				i += n + 1;
				continue;
			}
			if (!text) {
				if ((n = decode_ref(NULL, s + i + 1,
				    len - i - 1)) > 0 && s[i + n] == ';') {
					buf_add(&out, s + i, n + 1);
					i += n + 1;
					continue;
				}
				buf_adds(&out, "&amp;");
			} else
				buf_addc(&out, '&');
			i++;
			continue;
		}
		if (s[i] != '<') {
			if (!text && s[i] == '>')
				buf_adds(&out, "&gt;");
			else
				buf_addc(&out, s[i]);
			i++;
			continue;
		}
		if (len - i >= 4 && s[i + 1] == '!' && s[i + 2] == '-' &&
		    s[i + 3] == '-') {
			end = strstr(s + i + 4, "-->");
			i = end != NULL && (size_t)(end - s) < len ?
			    (size_t)(end - s) + 3 : len;
			continue;
		}
		if (len - i >= 9 && s[i + 1] == '!' &&
		    memcmp(s + i + 2, "[CDATA[", 7) == 0) {
			end = strstr(s + i + 9, "]]>");
			k = end != NULL && (size_t)(end - s) < len ?
			    (size_t)(end - s) : len;
			if (text)
				buf_add(&out, s + i + 9, k - i - 9);
			else
				feed_html_escape(&out, s + i + 9, k - i - 9);
			i = k < len ? k + 3 : len;
			continue;
		}
		if (len - i >= 2 && (s[i + 1] == '!' || s[i + 1] == '?')) {
			end = memchr(s + i, '>', len - i);
			i = end != NULL ? (size_t)(end - s) + 1 : len;
			continue;
		}
		if ((n = read_tag(s + i, len - i, &t)) == 0) {
			buf_adds(&out, text ? "<" : "&lt;");
			i++;
			continue;
		}
		i += n;
		bits = word_bits(t.name, t.namelen);
		if (bits & W_HTML_DROP) {
			if (!t.end && !t.selfclose)
				i += skip_raw(s + i, len - i, t.name,
				    t.namelen);
			continue;
		}
		if (text) {
			if ((bits & W_VOID) ||
			    (t.namelen == 1 && strchr("pP", t.name[0])) ||
			    (t.namelen == 2 && strncasecmp(t.name, "li", 2) ==
			    0) || (t.namelen == 3 && strncasecmp(t.name, "div",
			    3) == 0))
				buf_addc(&out, ' ');
			continue;
		}
		if (!(bits & W_HTML_OK))
			continue;
		if (!t.end)
			emit_start(&out, &t, bits, base, added);
		else if (!(bits & W_VOID)) {
			buf_adds(&out, "</");
			add_lower(&out, t.name, t.namelen);
			buf_addc(&out, '>');
		}
	}
	return buf_detach(&out);
}

char *
feed_html_sanitize(const char *html, size_t len, const char *base)
{
	int added;

	return feed_html_sanitize_added(html, len, base, &added);
}

char *
feed_html_sanitize_added(const char *html, size_t len, const char *base,
    int *added)
{
	char *out;
	size_t n, start = 0;

	*added = 0;
	out = html_walk(html, len, base, 0, added);
	n = strlen(out);
	while (n > 0 && strchr(" \t\r\n", out[n - 1]) != NULL)
		out[--n] = '\0';
	while (out[start] != '\0' && strchr(" \t\r\n", out[start]) != NULL)
		start++;
	if (start > 0)
		memmove(out, out + start, n - start + 1);
	return out;
}

char *
feed_html_text(const char *html, size_t len)
{
	int added;

	return html_walk(html, len, NULL, 1, &added);
}
