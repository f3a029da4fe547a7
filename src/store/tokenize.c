/* tokenize.c - the search tokenizer: folded words, CJK bigrams. */
#include "config.h"

#include <string.h>

#include "search-int.h"
#include "text.h"

/* Longer words are cut: nobody searches for them whole. */
#define TOK_MAX 128

struct tok_state {
	tok_fn		 fn;
	void		*arg;
	int		 flags;
	/* The word being read. */
	char		 word[TOK_MAX + 4];
	size_t		 wlen;
	size_t		 wstart, wend;
	int		 inword;
	/* The CJK run: its last character and length. */
	size_t		 pstart, pend;
	size_t		 run;
};

/* Han (with 々〆〇), Kana and Hangul: scripts written without spaces. */
static int
tok_is_cjk(uint32_t cp)
{
	return (cp >= 0x1100 && cp <= 0x11ff) ||	/* Hangul Jamo */
	    (cp >= 0x3005 && cp <= 0x3007) ||
	    (cp >= 0x3040 && cp <= 0x30ff && cp != 0x30fb) || /* Kana */
	    (cp >= 0x3130 && cp <= 0x318f) ||	/* Hangul compat. Jamo */
	    (cp >= 0x31f0 && cp <= 0x31ff) ||	/* Katakana ext. */
	    (cp >= 0x3400 && cp <= 0x4dbf) ||	/* Han ext. A */
	    (cp >= 0x4e00 && cp <= 0x9fff) ||	/* Han */
	    (cp >= 0xa960 && cp <= 0xa97f) ||
	    (cp >= 0xac00 && cp <= 0xd7ff) ||	/* Hangul */
	    (cp >= 0xf900 && cp <= 0xfaff) ||	/* Han compatibility */
	    (cp >= 0xff66 && cp <= 0xff9f) ||	/* halfwidth Katakana */
	    (cp >= 0x20000 && cp <= 0x3ffff);	/* Han ext. B on */
}

static int
tok_emit(struct tok_state *ts, int colocated, const char *s, size_t len,
    size_t start, size_t end)
{
	return ts->fn(ts->arg, colocated, s, len, start, end);
}

/*
 * Harman's S-stemmer on English-looking words (ASCII letters, four or
 * more), so that "rate hikes" finds "rate hike": -ies to -y (not -eies,
 * -aies), -es to -e (not -aes, -ees, -oes), -s dropped (not -us, -ss).
 */
static void
tok_stem(struct tok_state *ts)
{
	char *w = ts->word;
	size_t i, n = ts->wlen;

	if (n < 4 || w[n - 1] != 's')
		return;
	for (i = 0; i < n; i++)
		if (w[i] < 'a' || w[i] > 'z')
			return;
	if (n > 4 && strncmp(w + n - 3, "ies", 3) == 0) {
		if (w[n - 4] != 'e' && w[n - 4] != 'a') {
			w[n - 3] = 'y';
			ts->wlen = n - 2;
		}
		return;
	}
	if (strncmp(w + n - 2, "es", 2) == 0) {
		if (w[n - 3] != 'a' && w[n - 3] != 'e' && w[n - 3] != 'o')
			ts->wlen = n - 1;
		return;
	}
	if (w[n - 2] != 'u' && w[n - 2] != 's')
		ts->wlen = n - 1;
}

static int
tok_word_end(struct tok_state *ts)
{
	int rc = 0;

	if (ts->inword && ts->wlen > 0)
		tok_stem(ts);
	if (ts->inword && ts->wlen > 0)
		rc = tok_emit(ts, 0, ts->word, ts->wlen, ts->wstart, ts->wend);
	ts->inword = 0;
	ts->wlen = 0;
	return rc;
}

/* UTF-8 of a folded code point (never a surrogate or above U+10FFFF). */
static size_t
tok_encode(char *out, uint32_t cp)
{
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xc0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3f));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xe0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		out[2] = (char)(0x80 | (cp & 0x3f));
		return 3;
	}
	out[0] = (char)(0xf0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
	out[3] = (char)(0x80 | (cp & 0x3f));
	return 4;
}

static void
tok_word_add(struct tok_state *ts, uint32_t cp, size_t start, size_t end)
{
	if (!ts->inword) {
		ts->inword = 1;
		ts->wstart = start;
	}
	ts->wend = end;
	if ((cp = fold_cp(cp)) == 0)
		return;
	/* Cut at TOK_MAX, never inside a character. */
	if (ts->wlen + 4 <= TOK_MAX)
		ts->wlen += tok_encode(ts->word + ts->wlen, cp);
}

/* The UTF-8 of one or two CJK characters (never more than 8 bytes). */
static size_t
tok_cjk_text(char *out, const char *text, size_t start, size_t end)
{
	memcpy(out, text + start, end - start);
	return end - start;
}

static int
tok_cjk_add(struct tok_state *ts, const char *text, size_t start, size_t end)
{
	char pair[8];
	size_t n;
	int rc;

	if (ts->run > 0) {
		n = tok_cjk_text(pair, text, ts->pstart, end);
		if ((rc = tok_emit(ts, 0, pair, n, ts->pstart, end)) != 0)
			return rc;
		if (!(ts->flags & TOK_QUERY)) {
			n = tok_cjk_text(pair, text, ts->pstart, ts->pend);
			rc = tok_emit(ts, 1, pair, n, ts->pstart, ts->pend);
			if (rc != 0)
				return rc;
		}
	}
	ts->pstart = start;
	ts->pend = end;
	ts->run++;
	return 0;
}

static int
tok_cjk_end(struct tok_state *ts, const char *text)
{
	char one[4];
	size_t n;
	int rc = 0;

	if (ts->run == 1) {
		n = tok_cjk_text(one, text, ts->pstart, ts->pend);
		rc = tok_emit(ts, 0, one, n, ts->pstart, ts->pend);
	} else if (ts->run > 1 && !(ts->flags & TOK_QUERY)) {
		n = tok_cjk_text(one, text, ts->pstart, ts->pend);
		rc = tok_emit(ts, 1, one, n, ts->pstart, ts->pend);
	}
	ts->run = 0;
	return rc;
}

int
tokenize(const char *text, size_t len, int flags, tok_fn fn, void *arg)
{
	struct tok_state ts;
	uint32_t cp;
	size_t i, n;
	int rc;

	memset(&ts, 0, sizeof ts);
	ts.fn = fn;
	ts.arg = arg;
	ts.flags = flags;
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(text + i, len - i, &cp);
		if (tok_is_cjk(cp)) {
			if ((rc = tok_word_end(&ts)) != 0)
				return rc;
			/* An invalid sequence is never CJK, so n <= 4. */
			if ((rc = tok_cjk_add(&ts, text, i, i + n)) != 0)
				return rc;
			continue;
		}
		if ((rc = tok_cjk_end(&ts, text)) != 0)
			return rc;
		if (cp == 0xfffd || fold_is_sep(cp)) {
			if ((rc = tok_word_end(&ts)) != 0)
				return rc;
		} else
			tok_word_add(&ts, cp, i, i + n);
	}
	if ((rc = tok_cjk_end(&ts, text)) != 0)
		return rc;
	return tok_word_end(&ts);
}

static int
tok_found(void *arg, int colocated, const char *tok, size_t len,
    size_t start, size_t end)
{
	(void)arg;
	(void)colocated;
	(void)tok;
	(void)len;
	(void)start;
	(void)end;
	return 1;
}

int
tokenize_any(const char *text, size_t len)
{
	return tokenize(text, len, TOK_QUERY, tok_found, NULL) != 0;
}
