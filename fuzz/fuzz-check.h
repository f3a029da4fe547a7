/* fuzz-check.h - what every string a parser hands on must be. */
#ifndef PUNDIT_FUZZ_CHECK_H
#define PUNDIT_FUZZ_CHECK_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "text.h"

/*
 * Abort unless s (may be NULL) is what text_sanitize promises: valid
 * UTF-8 without NUL, ESC, other C0 controls (newline and tab only when
 * not oneline), DEL, C1 controls or bidi embeddings, overrides and
 * isolates; a oneline string also has no newline or tab.
 */
static inline void
fuzz_check_clean(const char *s, int oneline)
{
	size_t i, len, n;
	uint32_t cp;

	if (s == NULL)
		return;
	len = strlen(s);
	if (!text_utf8_valid(s, len))
		abort();
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == '\n' || cp == '\t') {
			if (oneline)
				abort();
			continue;
		}
		if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			abort();
	}
}

#endif
