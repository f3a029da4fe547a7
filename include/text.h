/* text.h - UTF-8, display width, the one sanitiser, wrapping, quoting. */
#ifndef PUNDIT_TEXT_H
#define PUNDIT_TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

/*
 * Decode one UTF-8 character at s (at most len bytes). Returns its length
 * (1-4) and stores the code point in *cp; for an invalid, overlong,
 * surrogate or truncated sequence returns 1 and stores 0xFFFD.
 */
size_t	text_utf8_decode(const char *s, size_t len, uint32_t *cp);
/* Append the UTF-8 form of cp (U+FFFD for surrogates and > U+10FFFF). */
void	text_utf8_encode(struct buf *, uint32_t cp);
/* Whether the len bytes at s are valid UTF-8 (no NUL allowed). */
int	text_utf8_valid(const char *s, size_t len);

/* Sanitiser flags. */
#define TEXT_ONELINE 0x1	/* newlines and tabs become spaces, runs collapse,
				   ends trimmed: for titles, names, tags */
/*
 * The one sanitiser every string from outside passes through before it may
 * reach a terminal: invalid UTF-8 becomes U+FFFD; NUL, C0 controls (except
 * newline and tab) and C1 controls are dropped; escape sequences (CSI, OSC,
 * DCS, SOS, PM, APC and two-byte ESC forms, 7-bit and 8-bit) are removed
 * whole; bidi embeddings, overrides and isolates (U+202A-202E,
 * U+2066-2069) are dropped; CR LF and CR become LF. Returns a new string.
 */
char   *text_sanitize(const char *s, size_t len, int flags);

/*
 * Escape sequences in markup, for the bytes of XML and HTML before a
 * parser, which would drop the ESC (no document may hold one) and keep
 * the rest as text ("[2J", "]0;title"). The length of the sequence whose
 * ESC came just before s: 0 for a lone ESC, -1 when the input stops
 * before that can be told and more is to come (!end). A sequence never
 * takes in a '<' or "]]>", and a string (OSC, DCS...) ends after 512
 * bytes, so a broken one cannot eat the document.
 */
int	text_markup_esc_len(const char *s, size_t len, int end);
/* Whether the reference of len bytes at s (after its '&', up to its ';'
   included) is ESC: &#27;, &#x1b; and the like. */
int	text_markup_ref_is_esc(const char *s, size_t len);
/* Remove the sequences from len bytes of markup in place, whether they
   start with ESC or with a reference to it; returns the new length. */
size_t	text_markup_strip_esc(char *s, size_t len);

/* Display width of one code point (0 for combining/controls, 2 for wide). */
int	text_cp_width(uint32_t cp);
/* Display width of a UTF-8 string. */
int	text_width(const char *s);
/*
 * A copy of s that fits in width columns: when s is wider, it is cut at a
 * character boundary (never half a wide character) and ends in "…".
 */
char   *text_truncate(const char *s, int width);
/* A copy of s padded with spaces (or truncated) to exactly width columns. */
char   *text_fit(const char *s, int width);

/*
 * Wrap a paragraph to width columns: breaks at spaces for Latin text,
 * between wide (CJK) characters anywhere, without starting a line with a
 * closing punctuation mark where that can be helped; words longer than a
 * line are cut. Newlines in s start new lines. Returns a NULL-terminated
 * array of lines (free with util_strv_free); an empty s gives one "" line.
 */
char  **text_wrap(const char *s, int width);

/* Append s as a JSON string literal (quotes included), valid for any input:
   invalid UTF-8 becomes U+FFFD, controls are \u-escaped. */
void	text_json_quote(struct buf *, const char *s);

/* Unicode-aware lowercase of a UTF-8 string (for case-insensitive matches). */
char   *text_fold(const char *s);

#endif
