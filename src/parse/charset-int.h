/* charset-int.h - what the files of the charset module share. */
#ifndef PUNDIT_CHARSET_INT_H
#define PUNDIT_CHARSET_INT_H

#include <iconv.h>
#include <stddef.h>

#include "buf.h"

#define CHARSET_REPLACEMENT	"\xef\xbf\xbd"

/* name, or its fallback when this iconv lacks it ("CP932" -> "SHIFT_JIS"). */
const char *charset_usable(const char *name);

/*
 * A descriptor converting from name to UTF-8, in its initial state, or
 * (iconv_t)-1. Descriptors are kept open and reused: do not close them.
 */
iconv_t	charset_open(const char *name);

/*
 * Convert len bytes at s with cd, appending UTF-8 to b; what cannot be
 * converted becomes U+FFFD, skipped unit bytes at a time. Returns the
 * number of replacements.
 */
size_t	charset_iconv(iconv_t cd, const char *s, size_t len, size_t unit,
	    struct buf *b);

/* The most likely legacy encoding of len bytes that are not UTF-8. */
const char *charset_guess(const char *s, size_t len);

#endif
