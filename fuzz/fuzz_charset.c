/* fuzz_charset.c - libFuzzer target for encoding detection and conversion. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* Labels a feed or a server may give, the first byte picks one. */
static const char *const fuzz_types[] = {
	NULL, "text/xml", "text/html; charset=gb2312",
	"application/rss+xml; charset=\"iso-8859-1\"",
	"text/xml; charset=utf-16", "text/html;charset=shift_jis",
	"text/plain; charset=bogus", "text/xml; charset=",
};

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	const char *s = (const char *)data, *type, *enc;
	char *out = NULL, *cause = NULL, *cs;
	size_t outlen = 0;

	type = len > 0 ? fuzz_types[data[0] % 8] : NULL;
	enc = charset_detect(s, len, type, len > 1 && (data[1] & 1) ?
	    CHARSET_HTML : CHARSET_XML);
	if (charset_to_utf8(s, len, enc, &out, &outlen, &cause) == 0) {
		if (strlen(out) > outlen)
			abort();
		free(out);
	} else
		free(cause);
	out = NULL;
	cause = NULL;
	/* Conversion with detection, and labels from the input itself. */
	if (charset_to_utf8(s, len, NULL, &out, &outlen, &cause) == 0)
		free(out);
	else
		free(cause);
	cs = len > 0 && len < 64 ? strndup(s, len) : NULL;
	if (cs != NULL) {
		(void)charset_lookup(cs);
		free(charset_from_content_type(cs));
		free(cs);
	}
	return 0;
}
