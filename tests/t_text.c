/* t_text.c - unit tests for UTF-8, the sanitiser, widths, wrapping, JSON. */
#include "config.h"

#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#define FFFD "\xef\xbf\xbd"
#define MB (1024 * 1024)

/* Sanitise len bytes of in and compare with want. */
static void
san_is(const char *in, size_t len, int flags, const char *want,
    const char *name)
{
	char *got;

	got = text_sanitize(in, len, flags);
	is_str(got, want, "sanitize: %s", name);
	free(got);
}

#define SAN(in, flags, want, name) san_is(in, sizeof(in) - 1, flags, want, name)

/* Whether s holds anything a terminal would act on rather than show. */
static int
has_controls(const char *s)
{
	uint32_t cp;
	size_t len, i, n;

	len = strlen(s);
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if ((cp < 0x20 && cp != '\n' && cp != '\t') ||
		    (cp >= 0x7f && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			return 1;
	}
	return 0;
}

/* The lines of text_wrap(s, width) joined by "|". */
static char *
wrap_join(const char *s, int width)
{
	struct buf b = BUF_INIT;
	char **v;
	size_t i;

	v = text_wrap(s, width);
	for (i = 0; v[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, '|');
		buf_adds(&b, v[i]);
	}
	util_strv_free(&v);
	return buf_detach(&b);
}

static void
wrap_is(const char *s, int width, const char *want, const char *name)
{
	char *got;

	got = wrap_join(s, width);
	is_str(got, want, "wrap: %s", name);
	free(got);
}

static void
json_is(const char *s, const char *want, const char *name)
{
	struct buf b = BUF_INIT;

	text_json_quote(&b, s);
	is_str(buf_str(&b), want, "json: %s", name);
	ok(text_utf8_valid(b.data, b.len), "json: %s: valid UTF-8", name);
	buf_free(&b);
}

static void
fold_is(const char *s, const char *want, const char *name)
{
	char *got;

	got = text_fold(s);
	is_str(got, want, "fold: %s", name);
	free(got);
}

static uint32_t rng_state = 12345;

static uint32_t
rng(void)
{
	rng_state = rng_state * 1103515245u + 12345u;
	return rng_state >> 16;
}

static void
test_decode(void)
{
	static const struct {
		const char	*s;
		size_t		 len;
		size_t		 n;
		uint32_t	 cp;
		const char	*name;
	} t[] = {
		{ "A", 1, 1, 0x41, "ASCII" },
		{ "\xc3\xa9", 2, 2, 0xe9, "two bytes" },
		{ "\xe4\xb8\xad", 3, 3, 0x4e2d, "three bytes" },
		{ "\xf0\x9f\x98\x80", 4, 4, 0x1f600, "four bytes" },
		{ "\xc2\x80", 2, 2, 0x80, "lowest two-byte" },
		{ "\xe0\xa0\x80", 3, 3, 0x800, "lowest three-byte" },
		{ "\xed\x9f\xbf", 3, 3, 0xd7ff, "just below surrogates" },
		{ "\xee\x80\x80", 3, 3, 0xe000, "just above surrogates" },
		{ "\xf0\x90\x80\x80", 4, 4, 0x10000, "lowest four-byte" },
		{ "\xf4\x8f\xbf\xbf", 4, 4, 0x10ffff, "U+10FFFF" },
		{ FFFD, 3, 3, 0xfffd, "a real U+FFFD" },
		{ "\xc0\xaf", 2, 1, 0xfffd, "overlong '/' C0 AF" },
		{ "\xc1\xbf", 2, 1, 0xfffd, "overlong C1 BF" },
		{ "\xe0\x80\xaf", 3, 1, 0xfffd, "overlong three-byte" },
		{ "\xe0\x9f\xbf", 3, 1, 0xfffd, "overlong U+07FF" },
		{ "\xf0\x80\x80\xaf", 4, 1, 0xfffd, "overlong four-byte" },
		{ "\xf0\x8f\xbf\xbf", 4, 1, 0xfffd, "overlong U+FFFF" },
		{ "\xed\xa0\x80", 3, 1, 0xfffd, "surrogate ED A0 80" },
		{ "\xed\xbf\xbf", 3, 1, 0xfffd, "surrogate ED BF BF" },
		{ "\xf4\x90\x80\x80", 4, 1, 0xfffd, "above U+10FFFF" },
		{ "\xf5\x80\x80\x80", 4, 1, 0xfffd, "F5 lead byte" },
		{ "\xff", 1, 1, 0xfffd, "FF byte" },
		{ "\x80", 1, 1, 0xfffd, "lone continuation byte" },
		{ "\xe4\xb8", 2, 1, 0xfffd, "truncated at the end" },
		{ "\xe4\xb8\xad", 2, 1, 0xfffd, "cut short by len" },
		{ "\xe4\x41\xad", 3, 1, 0xfffd, "ASCII inside a sequence" },
		{ "\xf0\x9f\x98", 3, 1, 0xfffd, "truncated four-byte" },
		{ "\xc3", 1, 1, 0xfffd, "lone lead byte" },
	};
	struct buf b = BUF_INIT;
	uint32_t cp, got;
	size_t i, n;
	int bad;

	for (i = 0; i < NITEMS(t); i++) {
		n = text_utf8_decode(t[i].s, t[i].len, &cp);
		ok(n == t[i].n && cp == t[i].cp,
		    "decode: %s (n=%zu cp=U+%04X)", t[i].name, n,
		    (unsigned int)cp);
	}
	cp = 0;
	is_int(text_utf8_decode("", 0, &cp), 0, "decode: empty input is 0");

	text_utf8_encode(&b, 0x41);
	text_utf8_encode(&b, 0xe9);
	text_utf8_encode(&b, 0x4e2d);
	text_utf8_encode(&b, 0x1f600);
	is_str(buf_str(&b), "A\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80",
	    "encode: 1 to 4 bytes");
	buf_reset(&b);
	text_utf8_encode(&b, 0xd800);
	text_utf8_encode(&b, 0xdfff);
	text_utf8_encode(&b, 0x110000);
	text_utf8_encode(&b, 0xffffffff);
	is_str(buf_str(&b), FFFD FFFD FFFD FFFD,
	    "encode: surrogates and > U+10FFFF become U+FFFD");

	bad = 0;
	for (cp = 0; cp <= 0x10ffff; cp++) {
		if (cp >= 0xd800 && cp <= 0xdfff)
			continue;
		buf_reset(&b);
		text_utf8_encode(&b, cp);
		n = text_utf8_decode(b.data, b.len, &got);
		if (n != b.len || got != cp || (cp > 0 &&
		    !text_utf8_valid(b.data, b.len)))
			bad++;
	}
	is_int(bad, 0, "encode/decode round trip of every scalar value");
	buf_free(&b);

	ok(text_utf8_valid("", 0), "valid: empty");
	ok(text_utf8_valid("plain", 5), "valid: ASCII");
	ok(text_utf8_valid("\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", 11),
	    "valid: CJK and emoji");
	ok(text_utf8_valid(FFFD, 3), "valid: U+FFFD itself");
	ok(!text_utf8_valid("a\0b", 3), "valid: NUL is not allowed");
	ok(!text_utf8_valid("\xc0\xaf", 2), "valid: overlong rejected");
	ok(!text_utf8_valid("\xed\xa0\x80", 3), "valid: surrogate rejected");
	ok(!text_utf8_valid("\xf4\x90\x80\x80", 4),
	    "valid: > U+10FFFF rejected");
	ok(!text_utf8_valid("ab\xe4\xb8", 4), "valid: truncated rejected");
	ok(!text_utf8_valid("\xe4\xb8\xad", 2), "valid: respects len");
}

static void
test_sanitize_escapes(void)
{
	SAN("plain text", 0, "plain text", "plain ASCII unchanged");
	SAN("\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", 0,
	    "\xe4\xb8\xad\xe6\x96\x87 \xf0\x9f\x98\x80", "UTF-8 unchanged");
	SAN("\x1b[31mred\x1b[0m", 0, "red", "CSI colour");
	SAN("\x1b[38;5;196mx\x1b[m", 0, "x", "CSI 256 colour");
	SAN("a\x1b[2J\x1b[Hb", 0, "ab", "CSI clear and home");
	SAN("\x1b[?25lhidden\x1b[?1049h", 0, "hidden", "CSI private modes");
	SAN("\x1b[2 qx", 0, "x", "CSI with an intermediate byte");
	SAN("\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\", 0,
	    "click", "OSC 8 hyperlink keeps its text");
	SAN("\x1b]8;;http://x/\x07link\x1b]8;;\x07", 0, "link",
	    "OSC 8 with BEL");
	SAN("\x1b]0;evil title\x07" "after", 0, "after",
	    "OSC title ended by BEL");
	SAN("\x1b]2;evil title\x1b\\after", 0, "after",
	    "OSC title ended by ST");
	SAN("\x1b]52;c;cm0gLXJmIH4=\x07" "x", 0, "x", "OSC 52 clipboard");
	SAN("\x1bPq#0;2;0;0;0#0!10~\x1b\\after", 0, "after", "DCS sixel");
	SAN("\x1bP$q m\x07still\x1b\\after", 0, "after",
	    "BEL does not end a DCS");
	SAN("\x1bXsos\x1b\\x", 0, "x", "SOS");
	SAN("\x1b^pm\x1b\\x", 0, "x", "PM");
	SAN("\x1b_Ga=T;AAAA\x1b\\x", 0, "x", "APC (kitty graphics)");
	SAN("\x1b" "7a\x1b" "8b", 0, "ab", "two-byte ESC 7 / ESC 8");
	SAN("\x1b" "creset", 0, "reset", "two-byte ESC c");
	SAN("\x1b=\x1b>x", 0, "x", "two-byte ESC = / ESC >");
	SAN("\x1b(0lqk\x1b(B", 0, "lqk", "charset designation ESC ( 0");
	SAN("\x1b#8x", 0, "x", "ESC # 8");
	SAN("\x1b\x1b[1mx", 0, "x", "ESC ESC [");
	SAN("ab\x1b", 0, "ab", "lone ESC at the end");
	SAN("a\x1b\xe4\xb8\xad", 0, "a\xe4\xb8\xad",
	    "ESC before UTF-8 drops only the ESC");
	SAN("\x1b[1\xe4\xb8\xadx", 0, "\xe4\xb8\xadx",
	    "CSI broken by a non-parameter byte");
	SAN("\x1b]0;t\x1b[1mx", 0, "x", "ESC inside OSC starts a new one");
	SAN("\x1b]0;t\x18x", 0, "x", "CAN cancels an OSC");
	SAN("\x1bPabc\x1ax", 0, "x", "SUB cancels a DCS");
	SAN("before\x1b]0;evil title with no end", 0, "before",
	    "unterminated OSC swallows the rest");
	SAN("before\x1bPno end", 0, "before",
	    "unterminated DCS swallows the rest");
	SAN("ab\x1b[12;3", 0, "ab", "unterminated CSI");
	SAN("\xc2\x9b" "31mred\xc2\x9b" "0m", 0, "red",
	    "8-bit CSI as UTF-8 U+009B");
	SAN("\xc2\x9d" "0;title\x07ok", 0, "ok", "8-bit OSC ended by BEL");
	SAN("\xc2\x9d" "0;title\xc2\x9cok", 0, "ok",
	    "8-bit OSC ended by 8-bit ST");
	SAN("\x1b]0;title\xc2\x9cok", 0, "ok", "7-bit OSC ended by 8-bit ST");
	SAN("\xc2\x90q#0\xc2\x9cok", 0, "ok", "8-bit DCS");
	SAN("\xc2\x98x\xc2\x9cok", 0, "ok", "8-bit SOS");
	SAN("\xc2\x9ex\xc2\x9cok", 0, "ok", "8-bit PM");
	SAN("\xc2\x9fx\x1b\\ok", 0, "ok", "8-bit APC ended by ESC \\");
	SAN("\xc2\x9d" "0;no end", 0, "", "unterminated 8-bit OSC");
	SAN("a\xc2\x85" "b\xc2\x9c" "c\xc2\x80" "d", 0, "abcd",
	    "other C1 controls dropped");
	SAN("a\x9b" "31mb", 0, "a" FFFD "31mb",
	    "raw 0x9B byte is invalid UTF-8, not CSI");
}

/* Strip escapes from markup in place; compare with want. */
#define STRIP(in, want, msg) do {					\
	char *m_ = xstrdup(in);						\
	size_t n_ = text_markup_strip_esc(m_, strlen(m_));		\
	ok(n_ == strlen(want) && memcmp(m_, want, n_) == 0, "%s", msg);	\
	if (n_ != strlen(want) || memcmp(m_, want, n_) != 0)		\
		diag("got \"%.*s\"", (int)n_, m_);			\
	free(m_);							\
} while (0)

static void
test_markup_escapes(void)
{
	STRIP("<p>a \x1b[31mred\x1b[0m b</p>", "<p>a red b</p>",
	    "markup: CSI removed whole");
	STRIP("<title>\x1b]0;pwned\x07t</title>", "<title>t</title>",
	    "markup: OSC to BEL");
	STRIP("\x1b]8;;http://e.example/?a=1&b=2\x1b\\l\x1b]8;;\x1b\\",
	    "l", "markup: OSC 8 hyperlink to ST");
	STRIP("\x1bP+q6b64\x1b\\x \x1b_apc\x1b\\y \x1b(Bz \x1b" "7w",
	    "x y z w", "markup: DCS, APC, nF and Fp");
	STRIP("&#27;[2Ja &#x1b;[31mb&#X1B;[0m &#0027;]0;t\x07" "c", "a b c",
	    "markup: references to ESC start sequences too");
	STRIP("&#27 &#28;[2J &#x1c; &#x;[ &#xzz;", "&#27 &#28;[2J &#x1c; &#x;[ "
	    "&#xzz;", "markup: other references stay");
	STRIP("<p>\x1b]0;no end</p><p>next</p>", "<p></p><p>next</p>",
	    "markup: an endless string stops at '<'");
	STRIP("<![CDATA[\x1b]0;x]]><t>", "<![CDATA[]]><t>",
	    "markup: and at the end of CDATA");
	STRIP("a\x1b[1;2;3<b>", "a<b>", "markup: CSI never takes a '<'");
	STRIP("end\x1b", "end", "markup: a lone ESC at the end");
	ok(text_markup_esc_len("[31", 3, 0) == -1 &&
	    text_markup_esc_len("]0;t", 4, 0) == -1 &&
	    text_markup_esc_len("", 0, 0) == -1 &&
	    text_markup_esc_len("[31m", 4, 0) == 4 &&
	    text_markup_esc_len("]0;t", 4, 1) == 4,
	    "markup: a cut sequence asks for more unless at the end");
}

static void
test_sanitize_controls(void)
{
	static const char *bidi[] = {
		"\xe2\x80\xaa", "\xe2\x80\xab", "\xe2\x80\xac", "\xe2\x80\xad",
		"\xe2\x80\xae", "\xe2\x81\xa6", "\xe2\x81\xa7", "\xe2\x81\xa8",
		"\xe2\x81\xa9",
	};
	char *in, *got;
	size_t i;
	int bad;

	san_is("a\0b\0", 4, 0, "ab", "NUL dropped (explicit length)");
	san_is("\0\0\0", 3, 0, "", "only NULs");
	san_is(NULL, 0, 0, "", "NULL input");
	san_is("abc", 0, 0, "", "zero length");
	san_is("abcdef", 3, 0, "abc", "length respected");
	SAN("a\x01" "b\x07" "c\x08" "d\x0b" "e\x0c" "f\x7f" "g\x1f" "h", 0,
	    "abcdefgh", "C0 controls and DEL dropped");
	SAN("a\tb\nc", 0, "a\tb\nc", "tab and newline kept");
	SAN("a\r\nb\rc\n", 0, "a\nb\nc\n", "CR LF and lone CR become LF");
	SAN("a\r\r\nb", 0, "a\n\nb", "CR CR LF");
	SAN("a\xe2\x80\xa8" "b\xe2\x80\xa9" "c", 0, "a\nb\nc",
	    "U+2028 and U+2029 become LF");
	SAN("a\xe2\x80\xae" "evil\xe2\x80\xac" "b", 0, "aevilb",
	    "RLO ... PDF dropped");
	SAN("\xe2\x81\xa7" "x\xe2\x81\xa9", 0, "x", "FSI ... PDI dropped");
	bad = 0;
	for (i = 0; i < NITEMS(bidi); i++) {
		in = xasprintf("[%s]", bidi[i]);
		got = text_sanitize(in, strlen(in), 0);
		if (strcmp(got, "[]") != 0)
			bad++;
		free(got);
		free(in);
	}
	is_int(bad, 0, "every bidi embedding, override, isolate dropped");
	SAN("a\xe2\x80\x8f" "b\xe2\x80\x8e" "c\xd8\x9c" "d", 0,
	    "a\xe2\x80\x8f" "b\xe2\x80\x8e" "c\xd8\x9c" "d",
	    "bidi marks RLM, LRM, ALM kept");
	SAN("a\xff" "b", 0, "a" FFFD "b", "invalid byte");
	SAN("\xc0\xaf", 0, FFFD FFFD, "overlong '/'");
	SAN("\xed\xa0\x80", 0, FFFD FFFD FFFD, "surrogate");
	SAN("\xf4\x90\x80\x80", 0, FFFD FFFD FFFD FFFD, "above U+10FFFF");
	SAN("ab\xe4\xb8", 0, "ab" FFFD FFFD, "truncated at the end");
	SAN("a\xc2\xa0" "b", 0, "a\xc2\xa0" "b", "NBSP kept without ONELINE");
}

static void
test_sanitize_oneline(void)
{
	SAN("  Hello \t\n  world  ", TEXT_ONELINE, "Hello world",
	    "ONELINE collapses and trims");
	SAN("a\r\nb\rc", TEXT_ONELINE, "a b c", "ONELINE: CR LF, CR");
	SAN("a\xc2\xa0\xc2\xa0" "b", TEXT_ONELINE, "a b",
	    "ONELINE: NBSP becomes a space");
	SAN("\xe4\xb8\xad\xe3\x80\x80\xe6\x96\x87", TEXT_ONELINE,
	    "\xe4\xb8\xad\xe3\x80\x80\xe6\x96\x87",
	    "ONELINE: U+3000 kept");
	SAN("\x1b[1m  Title \x1b[0m ", TEXT_ONELINE, "Title",
	    "ONELINE: escapes then trim");
	SAN("a \x1b[1m b", TEXT_ONELINE, "a b",
	    "ONELINE: spaces around an escape collapse");
	SAN("a\x01 \x02" "b", TEXT_ONELINE, "a b",
	    "ONELINE: dropped controls do not split runs");
	SAN(" \t\r\n ", TEXT_ONELINE, "", "ONELINE: only whitespace");
	SAN("one\n\ntwo", TEXT_ONELINE, "one two", "ONELINE: blank line");
	SAN("x\xe2\x80\xa8y", TEXT_ONELINE, "x y", "ONELINE: U+2028");
}

static void
test_sanitize_big(void)
{
	struct buf in = BUF_INIT, want = BUF_INIT;
	char *got, *s;
	size_t i;
	int bad;

	while (in.len < MB) {
		buf_adds(&in, "\x1b[1;31mab\x1b]0;t\x07");
		buf_adds(&want, "ab");
	}
	got = text_sanitize(in.data, in.len, 0);
	ok(strcmp(got, buf_str(&want)) == 0, "1 MB of escapes and text");
	free(got);

	s = xmalloc(MB);
	memset(s, 0x1b, MB);
	got = text_sanitize(s, MB, 0);
	is_str(got, "", "1 MB of ESC");
	free(got);

	for (i = 0; i < MB; i += 2) {
		s[i] = 0x1b;
		s[i + 1] = '[';
	}
	got = text_sanitize(s, MB, 0);
	is_str(got, "", "1 MB of ESC [");
	free(got);

	s[0] = 0x1b;
	s[1] = ']';
	memset(s + 2, 'x', MB - 2);
	got = text_sanitize(s, MB, 0);
	is_str(got, "", "1 MB unterminated OSC");
	free(got);

	memset(s, ' ', MB);
	s[MB / 2] = 'x';
	got = text_sanitize(s, MB, TEXT_ONELINE);
	is_str(got, "x", "1 MB of spaces, ONELINE");
	free(got);

	memset(s, 0xff, MB);
	got = text_sanitize(s, MB, 0);
	ok(strlen(got) == 3 * (size_t)MB && text_utf8_valid(got, 3 * MB),
	    "1 MB of invalid bytes gives 1 M U+FFFD");
	free(got);

	/* Random bytes, biased toward the interesting ones. */
	bad = 0;
	for (i = 0; i < 20000; i++) {
		static const unsigned char pick[] = {
			0x1b, '[', ']', 'P', '\\', 0x07, 0xc2, 0x9b, 0x9c,
			0x9d, 0xe2, 0x80, 0xae, 0x81, 0xa6, '\r', '\n', 0,
			'a', ' ', 0xed, 0xa0, 0xf4, 0x90, 0x18, 'm', ';',
		};
		unsigned char r[32];
		size_t j, n = rng() % sizeof r;

		for (j = 0; j < n; j++)
			r[j] = rng() % 3 == 0 ? (unsigned char)rng() :
			    pick[rng() % sizeof pick];
		got = text_sanitize((char *)r, n, i % 2 ? TEXT_ONELINE : 0);
		if (!text_utf8_valid(got, strlen(got)) || has_controls(got) ||
		    ((i % 2) && (strchr(got, '\n') != NULL ||
		    strchr(got, '\t') != NULL || strstr(got, "  ") != NULL)))
			bad++;
		free(got);
	}
	is_int(bad, 0, "random input: always valid UTF-8, no controls");

	free(s);
	buf_free(&in);
	buf_free(&want);
}

static void
test_width(void)
{
	is_int(text_cp_width('A'), 1, "width: ASCII letter");
	is_int(text_cp_width(' '), 1, "width: space");
	is_int(text_cp_width(0), 0, "width: NUL");
	is_int(text_cp_width(0x1b), 0, "width: ESC");
	is_int(text_cp_width(0x7f), 0, "width: DEL");
	is_int(text_cp_width(0x9b), 0, "width: C1 CSI");
	is_int(text_cp_width(0xe9), 1, "width: e acute");
	is_int(text_cp_width(0x4e2d), 2, "width: CJK ideograph");
	is_int(text_cp_width(0xac00), 2, "width: Hangul syllable");
	is_int(text_cp_width(0x3000), 2, "width: ideographic space");
	is_int(text_cp_width(0xff0c), 2, "width: fullwidth comma");
	is_int(text_cp_width(0x301), 0, "width: combining acute");
	is_int(text_cp_width(0x200d), 0, "width: ZWJ");
	is_int(text_cp_width(0x1f600), 2, "width: emoji");
	is_int(text_cp_width(0x2026), 1, "width: ellipsis");
	is_int(text_width(""), 0, "width: empty string");
	is_int(text_width("hello"), 5, "width: ASCII string");
	is_int(text_width("\xe4\xb8\xad\xe6\x96\x87"), 4, "width: CJK string");
	is_int(text_width("a\xe4\xb8\xad" "b"), 4, "width: mixed");
	is_int(text_width("e\xcc\x81"), 1, "width: e + combining acute");
	is_int(text_width("\xf0\x9f\x98\x80!"), 3, "width: emoji string");
	is_int(text_width("\xff"), 1, "width: invalid byte as U+FFFD");

	/* Outside a UTF-8 locale wcwidth() gives up; the table answers. */
	if (setlocale(LC_CTYPE, "C") != NULL) {
		is_int(text_cp_width(0x4e2d), 2, "fallback: CJK");
		is_int(text_cp_width(0xac00), 2, "fallback: Hangul");
		is_int(text_cp_width(0x1f600), 2, "fallback: emoji");
		is_int(text_cp_width(0x20000), 2, "fallback: CJK ext B");
		is_int(text_cp_width(0x301), 0, "fallback: combining");
		is_int(text_cp_width(0xe9), 1, "fallback: e acute");
		is_int(text_cp_width('A'), 1, "fallback: ASCII");
		is_int(text_cp_width(0x85), 0, "fallback: C1");
		setlocale(LC_ALL, "");
	}
}

static void
test_truncate(void)
{
	static const char *cjk = "\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6"
	    "\xe8\xa1\x8c\xe5\x80\x92\xe9\x97\xad";	/* 硅谷银行倒闭 */
	static const char *mixed = "a\xe7\xa1\x85" "b\xe8\xb0\xb7"
	    "cc\xe9\x93\xb6\xe8\xa1\x8c";		/* a硅b谷cc银行 */
	const char *src[2] = { cjk, mixed };
	char *t, *f;
	size_t k, len;
	int w, tw, good;

#define TRUNC(s, w, want, name) do {					\
	char *t_ = text_truncate(s, w);					\
	is_str(t_, want, "truncate: %s", name);				\
	free(t_);							\
} while (0)
	TRUNC("hello", 10, "hello", "fits");
	TRUNC("hello", 5, "hello", "fits exactly");
	TRUNC("hello world", 8, "hello w\xe2\x80\xa6", "ASCII");
	TRUNC("hello", 1, "\xe2\x80\xa6", "width 1");
	TRUNC("hello", 0, "", "width 0");
	TRUNC("hello", -3, "", "negative width");
	TRUNC("", 0, "", "empty at width 0");
	TRUNC("", 5, "", "empty");
	TRUNC(cjk, 7, "\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe2\x80\xa6",
	    "CJK at 7");
	TRUNC(cjk, 6, "\xe7\xa1\x85\xe8\xb0\xb7\xe2\x80\xa6", "CJK at 6");
	TRUNC(cjk, 12, cjk, "CJK fits");
	TRUNC(cjk, 2, "\xe2\x80\xa6", "CJK at 2");
	TRUNC("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2,
	    "e\xcc\x81\xe2\x80\xa6", "combining marks stay with their base");
#undef TRUNC

	for (k = 0; k < NITEMS(src); k++) {
		len = strlen(src[k]);
		for (w = 0; w <= 14; w++) {
			t = text_truncate(src[k], w);
			tw = text_width(t);
			good = tw <= w && text_utf8_valid(t, strlen(t));
			if (w >= text_width(src[k]))
				good = good && strcmp(t, src[k]) == 0;
			else if (w > 0) {
				/* A prefix of whole characters, then "…". */
				size_t tl = strlen(t) - 3;
				good = good && tl <= len &&
				    strncmp(t, src[k], tl) == 0 &&
				    strcmp(t + tl, "\xe2\x80\xa6") == 0 &&
				    tw >= w - 1;
			} else
				good = good && *t == '\0';
			ok(good, "truncate: %s at width %d -> \"%s\" (%d)",
			    k == 0 ? "CJK" : "mixed", w, t, tw);
			free(t);
		}
	}

	f = text_fit("ab", 5);
	is_str(f, "ab   ", "fit: pads");
	free(f);
	f = text_fit("hello world", 5);
	is_str(f, "hell\xe2\x80\xa6", "fit: truncates");
	free(f);
	f = text_fit(cjk, 6);
	is_str(f, "\xe7\xa1\x85\xe8\xb0\xb7\xe2\x80\xa6 ",
	    "fit: pads the gap a wide char leaves");
	free(f);
	f = text_fit("abc", 0);
	is_str(f, "", "fit: width 0");
	free(f);
	good = 1;
	for (k = 0; k < NITEMS(src); k++) {
		for (w = 0; w <= 14; w++) {
			f = text_fit(src[k], w);
			if (text_width(f) != w)
				good = 0;
			free(f);
		}
	}
	ok(good, "fit: always exactly the width");
}

static void
test_wrap(void)
{
	static const char *para =
	    "Silicon Valley Bank (SVB) collapsed on 10 March 2023. "
	    "\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe8\xa1\x8c\xef\xbc\x88"
	    "SVB\xef\xbc\x89\xe4\xba\x8e" "2023\xe5\xb9\xb4" "3\xe6\x9c\x88"
	    "10\xe6\x97\xa5\xe5\x80\x92\xe9\x97\xad\xef\xbc\x8c\xe5\xbc\x95"
	    "\xe5\x8f\x91\xe5\xb8\x82\xe5\x9c\xba\xe6\x81\x90\xe6\x85\x8c"
	    "\xe3\x80\x82\xe3\x80\x8c\xe8\xbf\x99\xe6\x98\xaf\xe4\xb8\x80"
	    "\xe5\x9c\xba\xe9\xa3\x8e\xe6\x9a\xb4\xe3\x80\x8d\xef\xbc\x8c"
	    "\xe4\xbb\x96\xe8\xaf\xb4\xe3\x80\x82 Depositors withdrew "
	    "$42 billion in one day; regulators (FDIC) stepped in! "
	    "A supercalifragilisticexpialidocious word, caf\xc3\xa9, "
	    "e\xcc\x81t\xc3\xa9, \xf0\x9f\x98\x80 emoji \xf0\x9f\x91\xa8"
	    "\xe2\x80\x8d\xf0\x9f\x91\xa9\xe2\x80\x8d\xf0\x9f\x91\xa7 "
	    "family.\n\nA second paragraph\xe3\x80\x82";
	struct buf all = BUF_INIT, orig = BUF_INIT;
	const char *p;
	char **v;
	size_t i;
	int w, wide, lost, invalid, starts, lw, max;

	wrap_is("the quick brown fox jumps over the lazy dog", 10,
	    "the quick|brown fox|jumps over|the lazy|dog", "English");
	wrap_is("hello world", 11, "hello world", "fits exactly");
	wrap_is("hello world", 5, "hello|world", "break at the space");
	wrap_is("hello   world", 20, "hello   world", "inner spaces kept");
	wrap_is("hello   world", 7, "hello|world", "spaces at the break go");
	wrap_is("  indented text", 20, "  indented text", "indent kept");
	wrap_is("trailing   ", 20, "trailing", "trailing spaces trimmed");
	wrap_is("     ", 3, "", "only spaces");
	wrap_is("     x", 3, "x", "indent wider than the line");
	wrap_is("abcdefgh", 3, "abc|def|gh", "long word is cut");
	wrap_is("a supercalifragilistic word", 8,
	    "a|supercal|ifragili|stic|word", "long word among short ones");
	wrap_is("\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe8\xa1\x8c\xe5\x80\x92"
	    "\xe9\x97\xad\xe5\xbc\x95\xe5\x8f\x91\xe5\xb8\x82\xe5\x9c\xba"
	    "\xe6\x81\x90\xe6\x85\x8c", 10,
	    "\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe8\xa1\x8c\xe5\x80\x92|"
	    "\xe9\x97\xad\xe5\xbc\x95\xe5\x8f\x91\xe5\xb8\x82\xe5\x9c\xba|"
	    "\xe6\x81\x90\xe6\x85\x8c", "Chinese, even width");
	wrap_is("\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe8\xa1\x8c\xe5\x80\x92"
	    "\xe9\x97\xad\xe5\xbc\x95\xe5\x8f\x91\xe5\xb8\x82\xe5\x9c\xba"
	    "\xe6\x81\x90\xe6\x85\x8c", 9,
	    "\xe7\xa1\x85\xe8\xb0\xb7\xe9\x93\xb6\xe8\xa1\x8c|"
	    "\xe5\x80\x92\xe9\x97\xad\xe5\xbc\x95\xe5\x8f\x91|"
	    "\xe5\xb8\x82\xe5\x9c\xba\xe6\x81\x90\xe6\x85\x8c",
	    "Chinese, odd width never overflows");
	wrap_is("\xe8\x8b\xb9\xe6\x9e\x9c\xe5\x8f\x91\xe5\xb8\x83iPhone"
	    "\xe6\x96\xb0\xe5\x93\x81", 10,
	    "\xe8\x8b\xb9\xe6\x9e\x9c\xe5\x8f\x91\xe5\xb8\x83|iPhone"
	    "\xe6\x96\xb0\xe5\x93\x81", "Latin word next to CJK");
	wrap_is("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x82",
	    8, "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad|\xe6\x96\x87\xe3\x80\x82",
	    "kinsoku: full stop takes the last character down");
	wrap_is("\xe4\xbd\xa0\xe5\xa5\xbd\xef\xbc\x8c\xe4\xb8\x96\xe7\x95\x8c",
	    4, "\xe4\xbd\xa0|\xe5\xa5\xbd\xef\xbc\x8c|\xe4\xb8\x96\xe7\x95\x8c",
	    "kinsoku: fullwidth comma");
	wrap_is("\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad\xe6\x96\x87!", 8,
	    "\xe4\xb8\xad\xe6\x96\x87\xe4\xb8\xad|\xe6\x96\x87!",
	    "kinsoku: ASCII ! after CJK");
	wrap_is("\xe4\xb8\xad\xe6\x96\x87\xe3\x80\x8c\xe5\xbc\x95\xe7\x94\xa8"
	    "\xe3\x80\x8d", 6,
	    "\xe4\xb8\xad\xe6\x96\x87|\xe3\x80\x8c\xe5\xbc\x95|"
	    "\xe7\x94\xa8\xe3\x80\x8d",
	    "kinsoku: no line ends with an opening bracket");
	wrap_is("abcde, x", 5, "abcd|e, x",
	    "kinsoku: comma after a cut word");
	wrap_is("\xe4\xb8\xad\xe3\x80\x82", 2, "\xe4\xb8\xad|\xe3\x80\x82",
	    "kinsoku gives way when the line has one character");
	wrap_is("a\n\nb", 10, "a||b", "newlines force breaks, empty kept");
	wrap_is("", 10, "", "empty input gives one empty line");
	wrap_is("\n", 10, "|", "a lone newline gives two lines");
	wrap_is("ab", 0, "a|b", "width 0 is 1");
	wrap_is("ab", -5, "a|b", "negative width is 1");
	wrap_is("\xe4\xb8\xad\xe6\x96\x87", 1, "\xe4\xb8\xad|\xe6\x96\x87",
	    "width 1: one wide character per line");
	wrap_is("e\xcc\x81" "e\xcc\x81" "e\xcc\x81", 2,
	    "e\xcc\x81" "e\xcc\x81|e\xcc\x81",
	    "combining marks never start a line");
	wrap_is("a\tb", 10, "a b", "tab becomes a space");
	wrap_is("ab \xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 5,
	    "ab|\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9",
	    "ZWJ sequences are not split");
	wrap_is("\xf0\x9f\x91\xa8\xe2\x80\x8d\xf0\x9f\x91\xa9", 2,
	    "\xf0\x9f\x91\xa8\xe2\x80\x8d|\xf0\x9f\x91\xa9",
	    "ZWJ sequences wider than the line are cut");

	/* Remove spaces and newlines, to compare content. */
	for (p = para; *p != '\0'; p++)
		if (*p != ' ' && *p != '\n')
			buf_addc(&orig, *p);
	wide = lost = invalid = starts = 0;
	for (w = 1; w <= 80; w++) {
		v = text_wrap(para, w);
		buf_reset(&all);
		for (i = 0; v[i] != NULL; i++) {
			lw = text_width(v[i]);
			max = w < 2 ? 2 : w;
			if (lw > max) {
				diag("width %d: line %zu is %d wide: %s", w, i,
				    lw, v[i]);
				wide++;
			}
			if (!text_utf8_valid(v[i], strlen(v[i])) &&
			    *v[i] != '\0')
				invalid++;
			if (w >= 6 && i > 0 && (strncmp(v[i], "\xef\xbc\x8c",
			    3) == 0 || strncmp(v[i], "\xe3\x80\x82", 3) == 0 ||
			    strncmp(v[i], "\xe3\x80\x8d", 3) == 0 ||
			    *v[i] == ',' || *v[i] == '.' || *v[i] == ' ' ||
			    strncmp(v[i], "\xcc\x81", 2) == 0)) {
				diag("width %d: line %zu starts badly: %s", w,
				    i, v[i]);
				starts++;
			}
			for (p = v[i]; *p != '\0'; p++)
				if (*p != ' ')
					buf_addc(&all, *p);
		}
		if (strcmp(buf_str(&all), buf_str(&orig)) != 0) {
			diag("width %d: content changed", w);
			lost++;
		}
		util_strv_free(&v);
	}
	is_int(wide, 0, "mixed paragraph: no line too wide at widths 1-80");
	is_int(lost, 0, "mixed paragraph: only spaces lost at widths 1-80");
	is_int(invalid, 0, "mixed paragraph: lines are valid UTF-8");
	is_int(starts, 0, "mixed paragraph: no line starts with closing "
	    "punctuation, a space or a combining mark (widths 6-80)");
	v = text_wrap(para, 40);
	ok(util_strv_len(v) > 5, "mixed paragraph wraps to several lines");
	util_strv_free(&v);
	buf_free(&all);
	buf_free(&orig);
}

static void
test_json(void)
{
	struct buf b = BUF_INIT;
	int bad;
	size_t i;

	json_is("", "\"\"", "empty");
	json_is("abc", "\"abc\"", "plain");
	json_is("a\"b\\c/d", "\"a\\\"b\\\\c/d\"", "quote and backslash");
	json_is("\n\t\r\b\f", "\"\\n\\t\\r\\b\\f\"", "short escapes");
	json_is("\x01\x1b\x1f\x7f", "\"\\u0001\\u001b\\u001f\\u007f\"",
	    "other controls and DEL");
	json_is("\xc2\x9b", "\"\\u009b\"", "C1 control");
	json_is("a\xe2\x80\xa8" "b\xe2\x80\xa9", "\"a\\u2028b\\u2029\"",
	    "U+2028 and U+2029");
	json_is("\xe4\xb8\xad\xe6\x96\x87 \xc3\xa9 \xf0\x9f\x98\x80",
	    "\"\xe4\xb8\xad\xe6\x96\x87 \xc3\xa9 \xf0\x9f\x98\x80\"",
	    "UTF-8 passes through");
	json_is("a\xff" "b", "\"a" FFFD "b\"", "invalid byte");
	json_is("\xc0\xaf", "\"" FFFD FFFD "\"", "overlong");
	json_is("\xed\xa0\x80", "\"" FFFD FFFD FFFD "\"", "surrogate");
	json_is("x\xe4\xb8", "\"x" FFFD FFFD "\"", "truncated");

	buf_adds(&b, "x=");
	text_json_quote(&b, "a");
	is_str(buf_str(&b), "x=\"a\"", "json: appends to the buffer");
	buf_free(&b);

	bad = 0;
	for (i = 0; i < 5000; i++) {
		char r[24];
		size_t j, n = rng() % (sizeof r - 1);

		for (j = 0; j < n; j++)
			r[j] = (char)(rng() % 255 + 1);
		r[n] = '\0';
		text_json_quote(&b, r);
		for (j = 0; j < b.len; j++)
			if ((unsigned char)b.data[j] < 0x20)
				bad++;
		if (!text_utf8_valid(b.data, b.len) || b.data[0] != '"' ||
		    b.data[b.len - 1] != '"')
			bad++;
		buf_reset(&b);
	}
	is_int(bad, 0, "json: random bytes always give valid output");
	buf_free(&b);
}

static void
test_fold(void)
{
	fold_is("", "", "empty");
	fold_is("HELLO World 42", "hello world 42", "ASCII");
	fold_is("\xc3\x80\xc3\x89\xc3\x8e Stra\xc3\x9f" "e \xce\x91\xce\x92"
	    "\xce\x93", "\xc3\xa0\xc3\xa9\xc3\xae stra\xc3\x9f" "e "
	    "\xce\xb1\xce\xb2\xce\xb3", "Latin-1, sharp s, Greek");
	fold_is("\xd0\x9f\xd0\xa0\xd0\x98\xd0\x92\xd0\x95\xd0\xa2",
	    "\xd0\xbf\xd1\x80\xd0\xb8\xd0\xb2\xd0\xb5\xd1\x82", "Cyrillic");
	fold_is("\xef\xbc\xa1\xef\xbc\xa2", "\xef\xbd\x81\xef\xbd\x82",
	    "fullwidth Latin");
	fold_is("\xe4\xb8\xad\xe6\x96\x87", "\xe4\xb8\xad\xe6\x96\x87",
	    "CJK unchanged");
	fold_is("\xc7\x84", "\xc7\x86", "DZ digraph");
	fold_is("A\xff" "B", "a" FFFD "b", "invalid byte");
	fold_is("\xed\xa0\x80", FFFD FFFD FFFD, "surrogate");
}

int
main(void)
{
	setlocale(LC_ALL, "");

	test_decode();
	test_sanitize_escapes();
	test_markup_escapes();
	test_sanitize_controls();
	test_sanitize_oneline();
	test_sanitize_big();
	test_width();
	test_truncate();
	test_wrap();
	test_json();
	test_fold();
	return done_testing();
}
