/* charset.h - find the encoding of outside bytes and convert to UTF-8. */
#ifndef PUNDIT_CHARSET_H
#define PUNDIT_CHARSET_H

#include <stddef.h>

enum charset_kind {
	CHARSET_XML,	/* BOM, then HTTP charset, then <?xml encoding?> */
	CHARSET_HTML,	/* BOM, then HTTP charset, then <meta charset> */
};

/*
 * The iconv name for an encoding label, mapped as browsers do (WHATWG
 * Encoding Standard): "gb2312" and "gbk" -> "GB18030", "iso-8859-1" and
 * "us-ascii" -> "WINDOWS-1252", "big5" -> "BIG5-HKSCS", "shift_jis",
 * "euc-kr", "koi8-r", "utf-16le"... Case and surrounding spaces are
 * ignored. NULL for an unknown label.
 */
const char *charset_lookup(const char *label);

/* The charset parameter of an HTTP Content-Type, or NULL (caller frees). */
char	*charset_from_content_type(const char *content_type);

/*
 * Work out the encoding of len bytes at s: byte order mark, then the
 * charset of content_type (may be NULL), then the document's own
 * declaration, then a guess from the bytes (valid UTF-8, else the most
 * likely legacy encoding). Returns an iconv name (static storage).
 */
const char *charset_detect(const char *s, size_t len,
	    const char *content_type, enum charset_kind);

/*
 * Convert len bytes at s from encoding (an iconv name; NULL to detect) to
 * UTF-8 in *out (NUL-terminated, *outlen bytes, BOM removed). Bytes that
 * cannot be converted become U+FFFD: conversion never fails on content.
 * Returns -1 with a cause only for an encoding iconv does not know.
 */
int	charset_to_utf8(const char *s, size_t len, const char *encoding,
	    char **out, size_t *outlen, char **cause);

#endif
