/* text.c - UTF-8, display width, the one sanitiser, wrapping, quoting. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <wctype.h>

#include "text.h"

#define CP_ESC		0x1b
#define CP_REPLACEMENT	0xfffd
#define CP_ELLIPSIS	0x2026
#define CP_ZWJ		0x200d

struct range {
	uint32_t	lo;
	uint32_t	hi;
};

/*
 * Used only when wcwidth() cannot answer (a locale that is not UTF-8, or a
 * code point newer than the C library's tables).
 */
static const struct range text_wide[] = {
	{ 0x1100, 0x115f }, { 0x2e80, 0x303e }, { 0x3041, 0x33ff },
	{ 0x3400, 0x4dbf }, { 0x4e00, 0x9fff }, { 0xa000, 0xa4cf },
	{ 0xac00, 0xd7a3 }, { 0xf900, 0xfaff }, { 0xfe30, 0xfe4f },
	{ 0xff00, 0xff60 }, { 0xffe0, 0xffe6 }, { 0x1f300, 0x1f64f },
	{ 0x1f900, 0x1f9ff }, { 0x20000, 0x2fffd }, { 0x30000, 0x3fffd },
};

static const struct range text_zero[] = {
	{ 0x0300, 0x036f }, { 0x0483, 0x0489 }, { 0x0591, 0x05bd },
	{ 0x05bf, 0x05bf }, { 0x05c1, 0x05c2 }, { 0x05c4, 0x05c5 },
	{ 0x05c7, 0x05c7 }, { 0x0610, 0x061a }, { 0x061c, 0x061c },
	{ 0x064b, 0x065f }, { 0x0670, 0x0670 }, { 0x06d6, 0x06dc },
	{ 0x06df, 0x06e4 }, { 0x06e7, 0x06e8 }, { 0x06ea, 0x06ed },
	{ 0x0900, 0x0902 }, { 0x093a, 0x093a }, { 0x093c, 0x093c },
	{ 0x0941, 0x0948 }, { 0x094d, 0x094d }, { 0x0951, 0x0957 },
	{ 0x0e31, 0x0e31 }, { 0x0e34, 0x0e3a }, { 0x0e47, 0x0e4e },
	{ 0x1160, 0x11ff }, { 0x1ab0, 0x1aff }, { 0x1dc0, 0x1dff },
	{ 0x200b, 0x200f }, { 0x2028, 0x202e }, { 0x2060, 0x206f },
	{ 0x20d0, 0x20ff }, { 0x302a, 0x302d }, { 0x3099, 0x309a },
	{ 0xfe00, 0xfe0f }, { 0xfe20, 0xfe2f }, { 0xfeff, 0xfeff },
	{ 0xe0000, 0xe0fff },
};

/* Characters that should not begin a line (kinsoku shori). */
static const uint32_t text_closing[] = {
	'!', ')', ',', '.', ':', ';', '?', ']', '}',
	0x2019, 0x201d, 0x3001, 0x3002, 0x3009, 0x300b, 0x300d, 0x300f,
	0x3011, 0x3015, 0x3017, 0x3019, 0x301b, 0xff01, 0xff09, 0xff0c,
	0xff0e, 0xff1a, 0xff1b, 0xff1f, 0xff3d, 0xff5d, 0xff61, 0xff64,
};

/* Characters that should not end a line. */
static const uint32_t text_opening[] = {
	'(', '[', '{',
	0x2018, 0x201c, 0x3008, 0x300a, 0x300c, 0x300e, 0x3010, 0x3014,
	0x3016, 0x3018, 0x301a, 0xff08, 0xff3b, 0xff5b,
};

static int
text_in_ranges(uint32_t cp, const struct range *r, size_t n)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (cp < r[mid].lo)
			hi = mid;
		else if (cp > r[mid].hi)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static int
text_in_list(uint32_t cp, const uint32_t *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (list[i] == cp)
			return 1;
	}
	return 0;
}

size_t
text_utf8_decode(const char *s, size_t len, uint32_t *cp)
{
	const unsigned char *u = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xbf;
	uint32_t c;
	size_t n, i;

	*cp = CP_REPLACEMENT;
	if (len == 0)
		return 0;
	if (u[0] < 0x80) {
		*cp = u[0];
		return 1;
	}
	if (u[0] >= 0xc2 && u[0] <= 0xdf) {
		n = 2;
		c = u[0] & 0x1f;
	} else if (u[0] >= 0xe0 && u[0] <= 0xef) {
		n = 3;
		c = u[0] & 0x0f;
		if (u[0] == 0xe0)
			lo = 0xa0;	/* overlong */
		else if (u[0] == 0xed)
			hi = 0x9f;	/* surrogates */
	} else if (u[0] >= 0xf0 && u[0] <= 0xf4) {
		n = 4;
		c = u[0] & 0x07;
		if (u[0] == 0xf0)
			lo = 0x90;	/* overlong */
		else if (u[0] == 0xf4)
			hi = 0x8f;	/* above U+10FFFF */
	} else
		return 1;
	if (len < n)
		return 1;
	for (i = 1; i < n; i++) {
		if (u[i] < lo || u[i] > hi)
			return 1;
		lo = 0x80;
		hi = 0xbf;
		c = (c << 6) | (u[i] & 0x3f);
	}
	*cp = c;
	return n;
}

void
text_utf8_encode(struct buf *b, uint32_t cp)
{
	char out[4];

	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		cp = CP_REPLACEMENT;
	if (cp < 0x80) {
		out[0] = (char)cp;
		buf_add(b, out, 1);
	} else if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, out, 2);
	} else if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, out, 3);
	} else {
		out[0] = (char)(0xf0 | (cp >> 18));
		out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[3] = (char)(0x80 | (cp & 0x3f));
		buf_add(b, out, 4);
	}
}

int
text_utf8_valid(const char *s, size_t len)
{
	uint32_t cp;
	size_t i, n;

	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == 0 || (n == 1 && cp == CP_REPLACEMENT))
			return 0;
	}
	return 1;
}

/*
 * The sanitiser. The escape-sequence skippers take the index just past the
 * introducer and return the index to resume at; every byte is looked at a
 * bounded number of times, so the whole pass is linear.
 */
struct sanitize {
	struct buf	b;
	int		flags;
	int		space;	/* TEXT_ONELINE: a space is owed */
};

/* CSI: parameter and intermediate bytes, then one final byte. */
static size_t
text_skip_csi(const char *s, size_t len, size_t i)
{
	unsigned char c;

	for (; i < len; i++) {
		c = (unsigned char)s[i];
		if (c >= 0x40 && c <= 0x7e)
			return i + 1;
		/*
		 * Anything but a parameter or intermediate byte means a
		 * broken sequence: it ends here, and the byte is looked at
		 * again as ordinary input (an ESC starts a new sequence).
		 */
		if (c < 0x20 || c > 0x3f)
			return i;
	}
	return len;
}

/*
 * OSC, DCS, SOS, PM, APC: everything up to ST (ESC \ or U+009C); BEL ends
 * an OSC too, as xterm allows. CAN and SUB cancel the string, and any other
 * ESC ends it and starts a sequence of its own, as in a terminal's parser.
 * With no terminator the rest of the input is swallowed.
 */
static size_t
text_skip_string(const char *s, size_t len, size_t i, int bel)
{
	unsigned char c;

	for (; i < len; i++) {
		c = (unsigned char)s[i];
		if ((c == 0x07 && bel) || c == 0x18 || c == 0x1a)
			return i + 1;
		if (c == CP_ESC) {
			if (i + 1 < len && s[i + 1] == '\\')
				return i + 2;
			return i;
		}
		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0x9c)
			return i + 2;
	}
	return len;
}

static size_t
text_skip_esc(const char *s, size_t len, size_t i)
{
	unsigned char c;

	if (i >= len)
		return len;
	c = (unsigned char)s[i];
	switch (c) {
	case '[':
		return text_skip_csi(s, len, i + 1);
	case ']':
		return text_skip_string(s, len, i + 1, 1);
	case 'P':
	case 'X':
	case '^':
	case '_':
		return text_skip_string(s, len, i + 1, 0);
	}
	if (c >= 0x20 && c <= 0x2f) {
		/* nF: intermediates, then a final byte (ESC ( B, ESC # 8). */
		while (i < len && s[i] >= 0x20 && s[i] <= 0x2f)
			i++;
		if (i < len && s[i] >= 0x30 && s[i] <= 0x7e)
			i++;
		return i;
	}
	if (c >= 0x30 && c <= 0x7e)
		return i + 1;
	return i;	/* a lone ESC: drop it alone */
}

/* A folded run of spaces is written once something follows it. */
static void
text_sanitize_space(struct sanitize *sn)
{
	if (sn->space) {
		buf_addc(&sn->b, ' ');
		sn->space = 0;
	}
}

static void
text_sanitize_put(struct sanitize *sn, uint32_t cp)
{
	if (sn->flags & TEXT_ONELINE) {
		if (cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xa0) {
			if (sn->b.len > 0)
				sn->space = 1;
			return;
		}
		text_sanitize_space(sn);
	}
	text_utf8_encode(&sn->b, cp);
}

/*
 * Bidi embeddings, overrides and isolates are dropped because their effect
 * runs on past the end of the string into whatever the screen shows next.
 * The marks LRM, RLM and ALM (U+200E, U+200F, U+061C) are kept: they only
 * steer the neutral characters next to them, hold no state, and are used
 * properly in Arabic and Hebrew text.
 */
static int
text_is_bidi_control(uint32_t cp)
{
	return (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069);
}

char *
text_sanitize(const char *s, size_t len, int flags)
{
	struct sanitize sn;
	uint32_t cp;
	size_t i, n;
	unsigned char lo;
	const unsigned char *u;

	memset(&sn, 0, sizeof sn);
	sn.flags = flags;
	if (s == NULL)
		len = 0;
	/*
	 * In runs: printable ASCII (and spaces, unless they are folded), and
	 * well-formed characters from U+00C0 to U+07FF and from U+3000 up
	 * (leads C3-DF, E3-EC, EE-EF), where there is nothing to drop.
	 */
	lo = (flags & TEXT_ONELINE) ? 0x21 : 0x20;
	u = (const unsigned char *)s;
	i = 0;
	while (i < len) {
		for (n = i; n < len; ) {
			if (u[n] >= lo && u[n] < 0x7f)
				n++;
			else if (u[n] >= 0xc3 && u[n] <= 0xdf && len - n > 1 &&
			    (u[n + 1] & 0xc0) == 0x80)
				n += 2;
			else if (u[n] >= 0xe3 && u[n] <= 0xef && u[n] != 0xed &&
			    len - n > 2 && ((u[n + 1] & u[n + 2]) & 0xc0) ==
			    0x80 && ((u[n + 1] | u[n + 2]) & 0x40) == 0)
				n += 3;
			else
				break;
		}
		if (n > i) {
			text_sanitize_space(&sn);
			buf_add(&sn.b, s + i, n - i);
			i = n;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		i += n;
		switch (cp) {
		case CP_ESC:
			i = text_skip_esc(s, len, i);
			continue;
		case 0x9b:
			i = text_skip_csi(s, len, i);
			continue;
		case 0x9d:
			i = text_skip_string(s, len, i, 1);
			continue;
		case 0x90:
		case 0x98:
		case 0x9e:
		case 0x9f:
			i = text_skip_string(s, len, i, 0);
			continue;
		case '\r':
			if (i < len && s[i] == '\n')
				i++;
			text_sanitize_put(&sn, '\n');
			continue;
		case 0x2028:	/* LINE SEPARATOR */
		case 0x2029:	/* PARAGRAPH SEPARATOR */
			text_sanitize_put(&sn, '\n');
			continue;
		}
		if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp <= 0x9f) || text_is_bidi_control(cp))
			continue;
		if (n > 1 && cp != 0xa0 && cp != 0xfffd) {
			/* Well-formed and kept: the bytes as they are. */
			text_sanitize_space(&sn);
			buf_add(&sn.b, s + i - n, n);
			continue;
		}
		text_sanitize_put(&sn, cp);
	}
	return buf_detach(&sn.b);
}

/*
 * In markup the sequences go before the parser, which would drop the ESC
 * and keep the rest as text. Bounded so that a broken one cannot eat the
 * document: never past a '<' or "]]>", a string at most TEXT_ESC_MAX.
 */
#define TEXT_ESC_MAX	512

int
text_markup_esc_len(const char *str, size_t len, int end)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i;
	int bel;

	if (len == 0)
		return end ? 0 : -1;
	switch (s[0]) {
	case '[':	/* CSI: parameters, intermediates, a final byte */
		for (i = 1; i < len && i < TEXT_ESC_MAX && s[i] >= 0x20 &&
		    s[i] <= 0x3f && s[i] != '<' && s[i] != '>'; i++)
			;
		if (i == len && !end)
			return -1;
		return i < len && s[i] >= 0x40 && s[i] <= 0x7e ? (int)i + 1 :
		    (int)i;
	case ']':	/* OSC, DCS, SOS, PM, APC: up to ST (or BEL) */
	case 'P':
	case 'X':
	case '^':
	case '_':
		bel = s[0] == ']';
		for (i = 1; i < len && i < TEXT_ESC_MAX; i++) {
			if ((s[i] == 0x07 && bel) || s[i] == 0x18 ||
			    s[i] == 0x1a)
				return (int)i + 1;
			if (s[i] == 0xc2 && i + 1 < len && s[i + 1] == 0x9c)
				return (int)i + 2;
			if (s[i] == CP_ESC && i + 1 < len && s[i + 1] == '\\')
				return (int)i + 2;
			if (s[i] == '<' || (s[i] == CP_ESC && i + 1 < len) ||
			    (s[i] == ']' && (i + 1 == len || (s[i + 1] == ']' &&
			    (i + 2 == len || s[i + 2] == '>')))))
				return (int)i;
		}
		return i == len && !end ? -1 : (int)i;
	}
	if (s[0] >= 0x20 && s[0] <= 0x2f) {	/* nF: ESC ( B */
		for (i = 1; i < len && s[i] >= 0x20 && s[i] <= 0x2f; i++)
			;
		if (i == len && !end)
			return -1;
		return i < len && s[i] >= 0x30 && s[i] <= 0x7e &&
		    s[i] != '<' ? (int)i + 1 : (int)i;
	}
	return s[0] >= 0x30 && s[0] <= 0x7e && s[0] != '<' ? 1 : 0;
}

int
text_markup_ref_is_esc(const char *s, size_t len)
{
	unsigned long v = 0;
	size_t i;
	int hex, d;

	if (len < 3 || s[0] != '#')
		return 0;
	hex = s[1] == 'x' || s[1] == 'X';
	for (i = hex ? 2 : 1; i < len && s[i] != ';'; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			d = s[i] - '0';
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			d = s[i] - 'a' + 10;
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			d = s[i] - 'A' + 10;
		else
			return 0;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
		if (v > CP_ESC)
			return 0;
	}
	return i < len && i > (size_t)(hex ? 2 : 1) && v == CP_ESC;
}

size_t
text_markup_strip_esc(char *s, size_t len)
{
	size_t i = 0, w = 0, n;

	while (i < len) {
		if (s[i] == CP_ESC) {
			i++;
			i += (size_t)text_markup_esc_len(s + i, len - i, 1);
			continue;
		}
		if (s[i] == '&' && i + 2 < len && s[i + 1] == '#') {
			for (n = i + 2; n < len && n < i + 12 && s[n] != ';'; n++)
				;
			if (n < len && s[n] == ';' &&
			    text_markup_ref_is_esc(s + i + 1, n - i)) {
				i = n + 1;
				i += (size_t)text_markup_esc_len(s + i, len - i,
				    1);
				continue;
			}
		}
		s[w++] = s[i++];
	}
	if (w < len)
		s[w] = '\0';
	return w;
}

static int
text_fallback_width(uint32_t cp)
{
	if (text_in_ranges(cp, text_zero, NITEMS(text_zero)))
		return 0;
	if (text_in_ranges(cp, text_wide, NITEMS(text_wide)))
		return 2;
	return 1;
}

int
text_cp_width(uint32_t cp)
{
	int w;

	if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f))
		return 0;
	if (cp < 0x7f)
		return 1;
	if ((cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 1;	/* shown as U+FFFD */
	if ((w = wcwidth((wchar_t)cp)) >= 0)
		return w;
	return text_fallback_width(cp);
}

int
text_width(const char *s)
{
	uint32_t cp;
	size_t len, i, n;
	int w = 0;

	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		w += text_cp_width(cp);
	}
	return w;
}

char *
text_truncate(const char *s, int width)
{
	struct buf b = BUF_INIT;
	uint32_t cp;
	size_t len, i, n;
	int w, cw, room;

	if (width < 1)
		return xstrdup("");
	if (text_width(s) <= width)
		return xstrdup(s);
	room = width - text_cp_width(CP_ELLIPSIS);
	len = strlen(s);
	w = 0;
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		cw = text_cp_width(cp);
		if (w + cw > room)
			break;
		w += cw;
	}
	buf_add(&b, s, i);
	if (room >= 0)
		text_utf8_encode(&b, CP_ELLIPSIS);
	return buf_detach(&b);
}

char *
text_fit(const char *s, int width)
{
	struct buf b = BUF_INIT;
	char *t;
	int w;

	t = text_truncate(s, width);
	buf_adds(&b, t);
	for (w = text_width(t); w < width; w++)
		buf_addc(&b, ' ');
	free(t);
	return buf_detach(&b);
}

/*
 * Wrapping works on clusters: a character with the zero-width characters
 * after it, so that a line never begins with a combining mark. A character
 * after a ZWJ (in an emoji sequence) is not a break point unless the
 * sequence is wider than the line and must be cut.
 */
enum cluster_kind {
	CLUSTER_OTHER,
	CLUSTER_SPACE,
	CLUSTER_OPENING,
	CLUSTER_CLOSING,
};

struct cluster {
	size_t			off;
	size_t			len;
	int			width;
	enum cluster_kind	kind;
	int			wide;
	int			joined;	/* follows a ZWJ */
};

struct wrap {
	char		      **lines;
	size_t			nlines;
	size_t			lcap;	/* room in lines, NULL included */
	struct cluster	       *c;
	size_t			n;
	size_t			cap;
};

static void
text_wrap_cluster(struct wrap *wr, const char *s, size_t len)
{
	struct cluster *c = NULL;
	uint32_t cp;
	size_t i, n;
	int cw, join = 0;

	wr->n = 0;
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		cw = cp == '\t' ? 1 : text_cp_width(cp);
		if (c != NULL && cw == 0) {
			c->len += n;
			c->width += cw;
			if (c->kind == CLUSTER_SPACE)
				c->kind = CLUSTER_OTHER;
			join = cp == CP_ZWJ;
			continue;
		}
		if (wr->n == wr->cap) {
			wr->cap = wr->cap == 0 ? 64 : wr->cap * 2;
			wr->c = xreallocarray(wr->c, wr->cap, sizeof *wr->c);
		}
		c = &wr->c[wr->n++];
		c->off = i;
		c->len = n;
		c->width = cw;
		c->wide = cw > 1;
		c->joined = join;
		if (cp == ' ' || cp == '\t')
			c->kind = CLUSTER_SPACE;
		else if (text_in_list(cp, text_closing, NITEMS(text_closing)))
			c->kind = CLUSTER_CLOSING;
		else if (text_in_list(cp, text_opening, NITEMS(text_opening)))
			c->kind = CLUSTER_OPENING;
		else
			c->kind = CLUSTER_OTHER;
		join = cp == CP_ZWJ;
	}
}

/* Whether a line may end between clusters j - 1 and j. */
static int
text_wrap_can_break(const struct wrap *wr, size_t j)
{
	const struct cluster *a = &wr->c[j - 1], *b = &wr->c[j];

	if (b->kind == CLUSTER_CLOSING || a->kind == CLUSTER_OPENING ||
	    b->joined)
		return 0;
	if (b->kind == CLUSTER_SPACE)
		return 0;
	if (a->kind == CLUSTER_SPACE)
		return 1;
	return a->wide || b->wide;
}

/* Add clusters [from, to) as a line, without trailing spaces. */
static void
text_wrap_emit(struct wrap *wr, const char *s, size_t from, size_t to)
{
	struct buf b = BUF_INIT;
	size_t i, off, n;

	while (to > from && wr->c[to - 1].kind == CLUSTER_SPACE)
		to--;
	for (i = from; i < to; i++) {
		off = wr->c[i].off;
		n = wr->c[i].len;
		if (s[off] == '\t') {
			buf_addc(&b, ' ');
			off++;
			n--;
		}
		buf_add(&b, s + off, n);
	}
	/* Doubling: one line at a time is quadratic where realloc copies
	   (under ASan, a 12 MB paragraph took minutes). */
	if (wr->nlines + 2 > wr->lcap) {
		wr->lcap = wr->lcap == 0 ? 16 : wr->lcap * 2;
		wr->lines = xreallocarray(wr->lines, wr->lcap,
		    sizeof *wr->lines);
	}
	wr->lines[wr->nlines++] = buf_detach(&b);
	wr->lines[wr->nlines] = NULL;
}

static size_t
text_wrap_skip_spaces(const struct wrap *wr, size_t i)
{
	while (i < wr->n && wr->c[i].kind == CLUSTER_SPACE)
		i++;
	return i;
}

static void
text_wrap_paragraph(struct wrap *wr, const char *s, size_t len, int width)
{
	size_t i, j, brk, before;
	int w, text;

	before = wr->nlines;
	text_wrap_cluster(wr, s, len);
	i = 0;
	while (i < wr->n) {
		w = 0;
		text = 0;
		brk = i;
		for (j = i; j < wr->n; j++) {
			if (j > i && text && text_wrap_can_break(wr, j))
				brk = j;
			if (w + wr->c[j].width > width)
				break;
			w += wr->c[j].width;
			if (wr->c[j].kind != CLUSTER_SPACE)
				text = 1;
		}
		if (j == wr->n) {
			text_wrap_emit(wr, s, i, j);
			break;
		}
		if (wr->c[j].kind == CLUSTER_SPACE) {
			/* Spaces at the wrap point are dropped. */
			if (text)
				text_wrap_emit(wr, s, i, j);
			i = text_wrap_skip_spaces(wr, j);
			continue;
		}
		if (brk == i) {
			/*
			 * No place to break: cut the word. A line gets at
			 * least one cluster even if it is too wide, and a
			 * closing mark takes the character before it along.
			 */
			brk = j > i ? j : i + 1;
			while (brk - i > 1 &&
			    wr->c[brk].kind == CLUSTER_CLOSING)
				brk--;
		}
		text_wrap_emit(wr, s, i, brk);
		i = text_wrap_skip_spaces(wr, brk);
	}
	if (wr->nlines == before)
		text_wrap_emit(wr, s, 0, 0);
}

char **
text_wrap(const char *s, int width)
{
	struct wrap wr;
	const char *nl;
	size_t len;

	memset(&wr, 0, sizeof wr);
	if (width < 1)
		width = 1;
	for (;;) {
		nl = strchr(s, '\n');
		len = nl != NULL ? (size_t)(nl - s) : strlen(s);
		text_wrap_paragraph(&wr, s, len, width);
		if (nl == NULL)
			break;
		s = nl + 1;
	}
	free(wr.c);
	return wr.lines;
}

void
text_json_quote(struct buf *b, const char *s)
{
	uint32_t cp;
	size_t len, i, n;

	buf_addc(b, '"');
	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		switch (cp) {
		case '"':
			buf_adds(b, "\\\"");
			continue;
		case '\\':
			buf_adds(b, "\\\\");
			continue;
		case '\b':
			buf_adds(b, "\\b");
			continue;
		case '\f':
			buf_adds(b, "\\f");
			continue;
		case '\n':
			buf_adds(b, "\\n");
			continue;
		case '\r':
			buf_adds(b, "\\r");
			continue;
		case '\t':
			buf_adds(b, "\\t");
			continue;
		}
		/*
		 * U+2028 and U+2029 are valid in JSON but end a line in
		 * JavaScript; C1 controls and DEL could reach a terminal.
		 */
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    cp == 0x2028 || cp == 0x2029)
			buf_addf(b, "\\u%04x", (unsigned int)cp);
		else if (n == 1 && cp < 0x80)
			buf_addc(b, s[i]);
		else
			text_utf8_encode(b, cp);
	}
	buf_addc(b, '"');
}

char *
text_fold(const char *s)
{
	struct buf b = BUF_INIT;
	uint32_t cp;
	wint_t lower;
	size_t len, i, n;

	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp < 0x80) {
			if (cp >= 'A' && cp <= 'Z')
				cp += 'a' - 'A';
		} else if (cp != CP_REPLACEMENT) {
			lower = towlower((wint_t)cp);
			if (lower != WEOF)
				cp = (uint32_t)lower;
		}
		text_utf8_encode(&b, cp);
	}
	return buf_detach(&b);
}
