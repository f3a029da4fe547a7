/* extract-slim.c - a page cut to what the extractor reads, before parsing. */
#include "config.h"

#include <string.h>
#include <strings.h>

#include "extract-int.h"
#include "util.h"

/*
 * libxml2's HTML parser reads a page a character at a time, and most of a
 * typical page is script and style text and attributes that the extractor
 * never looks at (SVG paths, srcset, onclick, data-*). Cutting them out of
 * the UTF-8 bytes first halves the parse. The scan follows libxml2 2.9's
 * reading of comments, tags and attributes (HTMLparser.c: htmlParseComment,
 * htmlParseStartTag, htmlParseHTMLName, htmlParseAttValue), so the tree it
 * builds is the same but for what is cut; where the scan is unsure it
 * leaves a tag, or the rest of the page, as it is.
 */

/* Longest name libxml2 reads in one piece (HTML_PARSER_BUFFER_SIZE). */
#define SLIM_NAME_MAX	100
/* Tags with more attributes kept than this are left alone. */
#define SLIM_ATTRS	32

/*
 * Every attribute the extractor reads (extract_attr in extract*.c): one
 * missing here reads as absent. Sorted, for bsearch.
 */
static const char *const kept_attrs[] = {
	"alt", "aria-hidden", "charset", "class", "content", "hidden",
	"href", "http-equiv", "id", "itemprop", "lang", "name", "property",
	"rel", "role", "style", "summary", "type", "xml:lang",
};

struct span {
	size_t	 start;
	size_t	 end;
	int	 blank;		/* to be written after a blank */
};

/* An attribute name in the page, to look up in kept_attrs. */
struct name {
	const char	*s;
	size_t		 len;
};

static int
blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

static int
letter(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* What htmlParseHTMLName takes: a first character, then the rest. */
static int
name_first(char c)
{
	return letter(c) || c == '_' || c == ':' || c == '.';
}

static int
name_char(char c)
{
	return letter(c) || (c >= '0' && c <= '9') || c == ':' || c == '-' ||
	    c == '_' || c == '.';
}

static int
attr_cmp(const void *key, const void *elem)
{
	const struct name *k = key;
	const char *name = *(const char *const *)elem;
	size_t n = strlen(name);
	int c;

	c = strncasecmp(k->s, name, k->len < n ? k->len : n);
	if (c != 0)
		return c;
	return k->len < n ? -1 : k->len > n;
}

static int
kept(const char *s, size_t len)
{
	struct name k;

	k.s = s;
	k.len = len;
	return bsearch(&k, kept_attrs, NITEMS(kept_attrs),
	    sizeof *kept_attrs, attr_cmp) != NULL;
}

/* The first "</name" in s (len bytes), name in any case, or NULL. */
static const char *
find_close(const char *s, size_t len, const char *name)
{
	size_t n = strlen(name);
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '<', (size_t)(end - p))) != NULL) {
		if ((size_t)(end - p) >= n + 2 && p[1] == '/' &&
		    strncasecmp(p + 2, name, n) == 0)
			return p;
		p++;
	}
	return NULL;
}

/*
 * The end of a comment whose text starts at s: after the first "-->" or
 * "--!>" (libxml2 2.9 has no "<!-->"); NULL when unfinished.
 */
static const char *
comment_end(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	while ((p = memchr(p, '>', (size_t)(end - p))) != NULL) {
		if (p - s >= 2 && p[-1] == '-' && p[-2] == '-')
			return p + 1;
		if (p - s >= 3 && p[-1] == '!' && p[-2] == '-' && p[-3] == '-')
			return p + 1;
		p++;
	}
	return NULL;
}

/* A quoted literal at s[i]: the offset after it, or 0 when unsure. */
static size_t
literal_end(const char *s, size_t len, size_t i)
{
	char q = s[i];

	for (i++; i < len && s[i] != q; i++)
		if ((unsigned char)s[i] < 0x20 && !blank(s[i]))
			return 0;
	return i < len ? i + 1 : 0;
}

static size_t
skip_blanks(const char *s, size_t len, size_t i)
{
	while (i < len && blank(s[i]))
		i++;
	return i;
}

/*
 * The end of "<!DOCTYPE name PUBLIC "id" "uri">" at s[i], read as
 * htmlParseDocTypeDecl does (the quoted literals whole, else to the first
 * '>'); 0 when unsure. Any other "<!" is text to the parser.
 */
static size_t
doctype_end(const char *s, size_t len, size_t i)
{
	const char *gt;
	size_t j;

	j = skip_blanks(s, len, i + 9);
	if (j < len && (unsigned char)s[j] >= 0x80)
		return 0;
	while (j < len && (name_char(s[j]) || (unsigned char)s[j] >= 0x80))
		j++;
	j = skip_blanks(s, len, j);
	if (len - j >= 6 && (strncasecmp(s + j, "PUBLIC", 6) == 0 ||
	    strncasecmp(s + j, "SYSTEM", 6) == 0)) {
		j = skip_blanks(s, len, j + 6);
		if (j < len && (s[j] == '"' || s[j] == '\'')) {
			if ((j = literal_end(s, len, j)) == 0)
				return 0;
			j = skip_blanks(s, len, j);
			if (j < len && (s[j] == '"' || s[j] == '\'') &&
			    (j = literal_end(s, len, j)) == 0)
				return 0;
		}
	}
	j = skip_blanks(s, len, j);
	if (j >= len || (gt = memchr(s + j, '>', len - j)) == NULL)
		return 0;
	return (size_t)(gt - s) + 1;
}

/* Whether the len bytes at s hold "ld+json", in any case. */
static int
json_ld(const char *s, size_t len)
{
	size_t i;

	for (i = 0; i + 7 <= len; i++)
		if (strncasecmp(s + i, "ld+json", 7) == 0)
			return 1;
	return 0;
}

/*
 * A start tag at s[i] ('<' and a letter): its name ends at *name_end, the
 * attributes to keep go to v (at most SLIM_ATTRS, else *safe is 0), and
 * the tag ends before the returned offset (0 when the page ends first).
 * *empty is set for "/>" (*empty is 2 when a blank must come before it),
 * *dropped when anything is left out.
 */
static size_t
start_tag(const char *s, size_t len, size_t i, size_t *name_end,
    struct span *v, size_t *nv, int *empty, int *dropped, int *safe)
{
	size_t j = i + 1, a, k, n;
	int was_blank, cut = 0;
	char q;

	*nv = 0;
	*empty = *dropped = 0;
	*safe = 1;
	for (n = 0; j < len && n < SLIM_NAME_MAX && name_char(s[j]); j++, n++)
		;
	*name_end = j;
	for (;;) {
		for (a = j; j < len && blank(s[j]); j++)
			;
		was_blank = j > a;
		if (j >= len)
			return 0;
		if (s[j] == '>')
			return j + 1;
		if (s[j] == '/' && j + 1 < len && s[j + 1] == '>') {
			/* "x=y/>" would read as "x" = "y/". */
			*empty = was_blank || cut ? 2 : 1;
			return j + 2;
		}
		if (!name_first(s[j])) {
			/* Not an attribute: libxml2 skips it as we do. */
			while (j < len && !blank(s[j]) && s[j] != '>' &&
			    !(s[j] == '/' && j + 1 < len && s[j + 1] == '>'))
				j++;
			*dropped = cut = 1;
			continue;
		}
		a = j;
		for (n = 0; j < len && n < SLIM_NAME_MAX && name_char(s[j]);
		    j++, n++)
			;
		for (k = j; k < len && blank(s[k]); k++)
			;
		if (k < len && s[k] == '=') {
			for (k++; k < len && blank(s[k]); k++)
				;
			if (k < len && (s[k] == '"' || s[k] == '\'')) {
				q = s[k];
				for (k++; k < len && s[k] != q; k++)
					;
				if (k >= len)
					return 0;
				j = k + 1;
			} else {
				for (; k < len && !blank(s[k]) && s[k] != '>';
				    k++)
					;
				j = k;
			}
		}
		if (!kept(s + a, n)) {
			*dropped = cut = 1;
			continue;
		}
		if (*nv == SLIM_ATTRS) {
			*safe = 0;
			continue;
		}
		/*
		 * Written next to what comes before it only where the page
		 * has it so; after anything cut, a blank keeps them apart
		 * (and takes no more room than what was cut).
		 */
		v[*nv].start = a;
		v[*nv].end = j;
		v[*nv].blank = was_blank || cut;
		(*nv)++;
		cut = 0;
	}
}

size_t
extract_slim(char *s, size_t len)
{
	struct span v[SLIM_ATTRS];
	const char *lt, *end;
	size_t r = 0, w = 0, i, te, name_end, nv, k, n;
	int empty, dropped, safe, raw;

	/* libxml2 may end the document at a NUL: leave such pages alone. */
	if (memchr(s, '\0', len) != NULL)
		return len;
	for (i = 0; i < len; ) {
		if ((lt = memchr(s + i, '<', len - i)) == NULL)
			break;
		i = (size_t)(lt - s);
		if (len - i >= 4 && strncmp(s + i, "<!--", 4) == 0) {
			if ((end = comment_end(s + i + 4, len - i - 4)) == NULL)
				break;
			i = (size_t)(end - s);
			continue;
		}
		if (len - i >= 9 && strncasecmp(s + i, "<!DOCTYPE", 9) == 0) {
			if ((i = doctype_end(s, len, i)) == 0)
				break;
			continue;
		}
		/* "<?" and a name is a PI to the first '>'; else it is gone. */
		if (i + 2 < len && s[i + 1] == '?') {
			if ((unsigned char)s[i + 2] >= 0x80)
				break;
			if (!letter(s[i + 2]) && s[i + 2] != '_' &&
			    s[i + 2] != ':') {
				i += 2;
				continue;
			}
		}
		/* PIs and end tags end at the first '>', quotes or not. */
		if (i + 2 < len && (s[i + 1] == '?' || (s[i + 1] == '/' &&
		    name_first(s[i + 2])))) {
			if ((end = memchr(s + i, '>', len - i)) == NULL)
				break;
			i = (size_t)(end - s) + 1;
			continue;
		}
		if (i + 1 >= len || !letter(s[i + 1])) {
			i++;
			continue;
		}
		te = start_tag(s, len, i, &name_end, v, &nv, &empty, &dropped,
		    &safe);
		if (te == 0)
			break;
		n = name_end - i - 1;
		raw = 0;
		if (!empty && ((n == 6 && strncasecmp(s + i + 1, "script",
		    6) == 0) || (n == 5 && strncasecmp(s + i + 1, "style",
		    5) == 0)))
			raw = json_ld(s + i, te - i) ? 2 : 1;
		if (dropped && safe) {
			memmove(s + w, s + r, i - r);
			w += i - r;
			memmove(s + w, s + i, name_end - i);
			w += name_end - i;
			for (k = 0; k < nv; k++) {
				if (v[k].blank)
					s[w++] = ' ';
				memmove(s + w, s + v[k].start,
				    v[k].end - v[k].start);
				w += v[k].end - v[k].start;
			}
			if (empty == 2)
				s[w++] = ' ';
			if (empty)
				s[w++] = '/';
			s[w++] = '>';
			r = te;
		}
		i = te;
		if (raw == 0)
			continue;
		/* The parser ends the text at "</script", whatever follows. */
		end = find_close(s + te, len - te, n == 6 ? "script" : "style");
		if (end == NULL)
			break;
		if (raw == 1) {
			memmove(s + w, s + r, te - r);
			w += te - r;
			r = (size_t)(end - s);
		}
		i = (size_t)(end - s);
	}
	memmove(s + w, s + r, len - r);
	w += len - r;
	s[w] = '\0';
	return w;
}
