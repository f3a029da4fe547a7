/* charset.c - find the encoding of outside bytes and convert to UTF-8. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "charset-int.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* How far into a document its declaration is looked for. */
#define CHARSET_XML_SCAN	1024
#define CHARSET_META_SCAN	4096
#define CHARSET_LABEL_MAX	48
/* The most input given to iconv at once. */
#define CHARSET_WINDOW		65536

struct charset_label {
	const char	*label;
	const char	*name;
};

/*
 * The labels of the WHATWG Encoding Standard for the encodings iconv has,
 * to glibc iconv names. Supersets are used as browsers do: GB18030 for the
 * GB family, BIG5-HKSCS for Big5, WINDOWS-1252 for Latin-1 and ASCII.
 * "replacement" and "x-user-defined" are left out: unknown.
 */
static const struct charset_label charset_labels[] = {
	{ "unicode-1-1-utf-8", "UTF-8" }, { "unicode11utf8", "UTF-8" },
	{ "unicode20utf8", "UTF-8" }, { "utf-8", "UTF-8" }, { "utf8", "UTF-8" },
	{ "x-unicode20utf8", "UTF-8" },

	{ "unicodefffe", "UTF-16BE" }, { "utf-16be", "UTF-16BE" },
	{ "csunicode", "UTF-16LE" }, { "iso-10646-ucs-2", "UTF-16LE" },
	{ "ucs-2", "UTF-16LE" }, { "unicode", "UTF-16LE" },
	{ "unicodefeff", "UTF-16LE" }, { "utf-16", "UTF-16LE" },
	{ "utf-16le", "UTF-16LE" },
	/* Not WHATWG (browsers dropped UTF-32), but feeds have used it. */
	{ "utf-32", "UTF-32LE" }, { "utf-32le", "UTF-32LE" },
	{ "utf-32be", "UTF-32BE" },

	{ "chinese", "GB18030" }, { "csgb2312", "GB18030" },
	{ "csiso58gb231280", "GB18030" }, { "gb2312", "GB18030" },
	{ "gb_2312", "GB18030" }, { "gb_2312-80", "GB18030" },
	{ "gbk", "GB18030" }, { "iso-ir-58", "GB18030" },
	{ "x-gbk", "GB18030" }, { "gb18030", "GB18030" },

	{ "big5", "BIG5-HKSCS" }, { "big5-hkscs", "BIG5-HKSCS" },
	{ "cn-big5", "BIG5-HKSCS" }, { "csbig5", "BIG5-HKSCS" },
	{ "x-x-big5", "BIG5-HKSCS" },

	{ "cseucpkdfmtjapanese", "EUC-JP" }, { "euc-jp", "EUC-JP" },
	{ "x-euc-jp", "EUC-JP" },
	{ "csiso2022jp", "ISO-2022-JP" }, { "iso-2022-jp", "ISO-2022-JP" },
	{ "csshiftjis", "CP932" }, { "ms932", "CP932" },
	{ "ms_kanji", "CP932" },
	{ "shift-jis", "CP932" }, { "shift_jis", "CP932" }, { "sjis", "CP932" },
	{ "windows-31j", "CP932" }, { "x-sjis", "CP932" },

	{ "cseuckr", "CP949" }, { "csksc56011987", "CP949" },
	{ "euc-kr", "CP949" }, { "iso-ir-149", "CP949" }, { "korean", "CP949" },
	{ "ks_c_5601-1987", "CP949" }, { "ks_c_5601-1989", "CP949" },
	{ "ksc5601", "CP949" }, { "ksc_5601", "CP949" },
	{ "windows-949", "CP949" },

	{ "866", "IBM866" }, { "cp866", "IBM866" }, { "csibm866", "IBM866" },
	{ "ibm866", "IBM866" },
	{ "cskoi8r", "KOI8-R" }, { "koi", "KOI8-R" }, { "koi8", "KOI8-R" },
	{ "koi8-r", "KOI8-R" }, { "koi8_r", "KOI8-R" },
	{ "koi8-ru", "KOI8-U" }, { "koi8-u", "KOI8-U" },
	{ "csmacintosh", "MACINTOSH" }, { "mac", "MACINTOSH" },
	{ "macintosh", "MACINTOSH" }, { "x-mac-roman", "MACINTOSH" },
	{ "x-mac-cyrillic", "MAC-CYRILLIC" },
	{ "x-mac-ukrainian", "MAC-CYRILLIC" },
	{ "dos-874", "WINDOWS-874" }, { "iso-8859-11", "WINDOWS-874" },
	{ "iso8859-11", "WINDOWS-874" }, { "iso885911", "WINDOWS-874" },
	{ "tis-620", "WINDOWS-874" }, { "windows-874", "WINDOWS-874" },

	{ "csisolatin2", "ISO-8859-2" }, { "iso-8859-2", "ISO-8859-2" },
	{ "iso-ir-101", "ISO-8859-2" }, { "iso8859-2", "ISO-8859-2" },
	{ "iso88592", "ISO-8859-2" }, { "iso_8859-2", "ISO-8859-2" },
	{ "iso_8859-2:1987", "ISO-8859-2" }, { "l2", "ISO-8859-2" },
	{ "latin2", "ISO-8859-2" },
	{ "csisolatin3", "ISO-8859-3" }, { "iso-8859-3", "ISO-8859-3" },
	{ "iso-ir-109", "ISO-8859-3" }, { "iso8859-3", "ISO-8859-3" },
	{ "iso88593", "ISO-8859-3" }, { "iso_8859-3", "ISO-8859-3" },
	{ "iso_8859-3:1988", "ISO-8859-3" }, { "l3", "ISO-8859-3" },
	{ "latin3", "ISO-8859-3" },
	{ "csisolatin4", "ISO-8859-4" }, { "iso-8859-4", "ISO-8859-4" },
	{ "iso-ir-110", "ISO-8859-4" }, { "iso8859-4", "ISO-8859-4" },
	{ "iso88594", "ISO-8859-4" }, { "iso_8859-4", "ISO-8859-4" },
	{ "iso_8859-4:1988", "ISO-8859-4" }, { "l4", "ISO-8859-4" },
	{ "latin4", "ISO-8859-4" },
	{ "csisolatincyrillic", "ISO-8859-5" }, { "cyrillic", "ISO-8859-5" },
	{ "iso-8859-5", "ISO-8859-5" }, { "iso-ir-144", "ISO-8859-5" },
	{ "iso8859-5", "ISO-8859-5" }, { "iso88595", "ISO-8859-5" },
	{ "iso_8859-5", "ISO-8859-5" }, { "iso_8859-5:1988", "ISO-8859-5" },
	{ "arabic", "ISO-8859-6" }, { "asmo-708", "ISO-8859-6" },
	{ "csiso88596e", "ISO-8859-6" }, { "csiso88596i", "ISO-8859-6" },
	{ "csisolatinarabic", "ISO-8859-6" }, { "ecma-114", "ISO-8859-6" },
	{ "iso-8859-6", "ISO-8859-6" }, { "iso-8859-6-e", "ISO-8859-6" },
	{ "iso-8859-6-i", "ISO-8859-6" }, { "iso-ir-127", "ISO-8859-6" },
	{ "iso8859-6", "ISO-8859-6" }, { "iso88596", "ISO-8859-6" },
	{ "iso_8859-6", "ISO-8859-6" }, { "iso_8859-6:1987", "ISO-8859-6" },
	{ "csisolatingreek", "ISO-8859-7" }, { "ecma-118", "ISO-8859-7" },
	{ "elot_928", "ISO-8859-7" }, { "greek", "ISO-8859-7" },
	{ "greek8", "ISO-8859-7" }, { "iso-8859-7", "ISO-8859-7" },
	{ "iso-ir-126", "ISO-8859-7" }, { "iso8859-7", "ISO-8859-7" },
	{ "iso88597", "ISO-8859-7" }, { "iso_8859-7", "ISO-8859-7" },
	{ "iso_8859-7:1987", "ISO-8859-7" }, { "sun_eu_greek", "ISO-8859-7" },
	/* ISO-8859-8-I differs from ISO-8859-8 only in direction, not bytes. */
	{ "csiso88598e", "ISO-8859-8" }, { "csisolatinhebrew", "ISO-8859-8" },
	{ "hebrew", "ISO-8859-8" }, { "iso-8859-8", "ISO-8859-8" },
	{ "iso-8859-8-e", "ISO-8859-8" }, { "iso-ir-138", "ISO-8859-8" },
	{ "iso8859-8", "ISO-8859-8" }, { "iso88598", "ISO-8859-8" },
	{ "iso_8859-8", "ISO-8859-8" }, { "iso_8859-8:1988", "ISO-8859-8" },
	{ "visual", "ISO-8859-8" }, { "csiso88598i", "ISO-8859-8" },
	{ "iso-8859-8-i", "ISO-8859-8" }, { "logical", "ISO-8859-8" },
	{ "csisolatin6", "ISO-8859-10" }, { "iso-8859-10", "ISO-8859-10" },
	{ "iso-ir-157", "ISO-8859-10" }, { "iso8859-10", "ISO-8859-10" },
	{ "iso885910", "ISO-8859-10" }, { "l6", "ISO-8859-10" },
	{ "latin6", "ISO-8859-10" },
	{ "iso-8859-13", "ISO-8859-13" }, { "iso8859-13", "ISO-8859-13" },
	{ "iso885913", "ISO-8859-13" },
	{ "iso-8859-14", "ISO-8859-14" }, { "iso8859-14", "ISO-8859-14" },
	{ "iso885914", "ISO-8859-14" },
	{ "csisolatin9", "ISO-8859-15" }, { "iso-8859-15", "ISO-8859-15" },
	{ "iso8859-15", "ISO-8859-15" }, { "iso885915", "ISO-8859-15" },
	{ "iso_8859-15", "ISO-8859-15" }, { "l9", "ISO-8859-15" },
	{ "iso-8859-16", "ISO-8859-16" },

	{ "cp1250", "WINDOWS-1250" }, { "windows-1250", "WINDOWS-1250" },
	{ "x-cp1250", "WINDOWS-1250" },
	{ "cp1251", "WINDOWS-1251" }, { "windows-1251", "WINDOWS-1251" },
	{ "x-cp1251", "WINDOWS-1251" },
	{ "ansi_x3.4-1968", "WINDOWS-1252" }, { "ascii", "WINDOWS-1252" },
	{ "cp1252", "WINDOWS-1252" }, { "cp819", "WINDOWS-1252" },
	{ "csisolatin1", "WINDOWS-1252" }, { "ibm819", "WINDOWS-1252" },
	{ "iso-8859-1", "WINDOWS-1252" }, { "iso-ir-100", "WINDOWS-1252" },
	{ "iso8859-1", "WINDOWS-1252" }, { "iso88591", "WINDOWS-1252" },
	{ "iso_8859-1", "WINDOWS-1252" }, { "iso_8859-1:1987", "WINDOWS-1252" },
	{ "l1", "WINDOWS-1252" }, { "latin1", "WINDOWS-1252" },
	{ "us-ascii", "WINDOWS-1252" }, { "windows-1252", "WINDOWS-1252" },
	{ "x-cp1252", "WINDOWS-1252" },
	{ "cp1253", "WINDOWS-1253" }, { "windows-1253", "WINDOWS-1253" },
	{ "x-cp1253", "WINDOWS-1253" },
	{ "cp1254", "WINDOWS-1254" }, { "csisolatin5", "WINDOWS-1254" },
	{ "iso-8859-9", "WINDOWS-1254" }, { "iso-ir-148", "WINDOWS-1254" },
	{ "iso8859-9", "WINDOWS-1254" }, { "iso88599", "WINDOWS-1254" },
	{ "iso_8859-9", "WINDOWS-1254" }, { "iso_8859-9:1989", "WINDOWS-1254" },
	{ "l5", "WINDOWS-1254" }, { "latin5", "WINDOWS-1254" },
	{ "windows-1254", "WINDOWS-1254" }, { "x-cp1254", "WINDOWS-1254" },
	{ "cp1255", "WINDOWS-1255" }, { "windows-1255", "WINDOWS-1255" },
	{ "x-cp1255", "WINDOWS-1255" },
	{ "cp1256", "WINDOWS-1256" }, { "windows-1256", "WINDOWS-1256" },
	{ "x-cp1256", "WINDOWS-1256" },
	{ "cp1257", "WINDOWS-1257" }, { "windows-1257", "WINDOWS-1257" },
	{ "x-cp1257", "WINDOWS-1257" },
	{ "cp1258", "WINDOWS-1258" }, { "windows-1258", "WINDOWS-1258" },
	{ "x-cp1258", "WINDOWS-1258" },
};

/* Descriptors kept open, by name (see charset_open). */
#define CHARSET_CACHE		16
static struct {
	char	*name;
	iconv_t	 cd;
} charset_cache[CHARSET_CACHE];

/* Names some iconv builds lack, with what to use instead. */
static const struct charset_label charset_fallbacks[] = {
	{ "CP932", "SHIFT_JIS" },
	{ "CP949", "EUC-KR" },
};

static int
charset_is_space(int c)
{
	return (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f');
}

static int
charset_is_alpha(int c)
{
	return ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'));
}

static int
charset_lower(int c)
{
	return ((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
}

/* Whether the n bytes at s are word (lowercase), in any case. */
static int
charset_casecmp(const char *s, size_t n, const char *word)
{
	size_t i;

	for (i = 0; i < n && word[i] != '\0'; i++) {
		if (charset_lower((unsigned char)s[i]) != word[i])
			return (0);
	}
	return (i == n && word[i] == '\0');
}

/* Whether the bytes at s (len available) start with word, any case. */
static int
charset_prefix(const char *s, size_t len, const char *word)
{
	size_t n = strlen(word);

	return (len >= n && charset_casecmp(s, n, word));
}

const char *
charset_usable(const char *name)
{
	static int	checked[NITEMS(charset_fallbacks)];
	static int	usable[NITEMS(charset_fallbacks)];
	size_t		i;

	for (i = 0; i < NITEMS(charset_fallbacks); i++) {
		if (strcmp(name, charset_fallbacks[i].label) != 0)
			continue;
		if (!checked[i]) {
			usable[i] = (charset_open(name) != (iconv_t)-1);
			checked[i] = 1;
		}
		return (usable[i] ? name : charset_fallbacks[i].name);
	}
	return (name);
}

/*
 * glibc loads a conversion module in iconv_open and unloads it in
 * iconv_close, which costs more than converting a feed: descriptors are
 * kept, a few, and reset before each use. The last slot is the one reused
 * when all are taken.
 */
iconv_t
charset_open(const char *name)
{
	iconv_t	cd;
	size_t	i;

	for (i = 0; i < CHARSET_CACHE && charset_cache[i].name != NULL; i++) {
		if (strcmp(charset_cache[i].name, name) == 0) {
			cd = charset_cache[i].cd;
			iconv(cd, NULL, NULL, NULL, NULL);
			return (cd);
		}
	}
	if ((cd = iconv_open("UTF-8", name)) == (iconv_t)-1)
		return (cd);
	if (i == CHARSET_CACHE) {
		i--;
		iconv_close(charset_cache[i].cd);
		free(charset_cache[i].name);
	}
	charset_cache[i].name = xstrdup(name);
	charset_cache[i].cd = cd;
	return (cd);
}

/* charset_lookup for a label that is not NUL-terminated. */
static const char *
charset_lookup_n(const char *label, size_t len)
{
	size_t i;

	while (len > 0 && charset_is_space((unsigned char)*label)) {
		label++;
		len--;
	}
	while (len > 0 && charset_is_space((unsigned char)label[len - 1]))
		len--;
	if (len == 0 || len > CHARSET_LABEL_MAX)
		return (NULL);
	for (i = 0; i < NITEMS(charset_labels); i++) {
		if (charset_casecmp(label, len, charset_labels[i].label))
			return (charset_usable(charset_labels[i].name));
	}
	return (NULL);
}

const char *
charset_lookup(const char *label)
{
	if (label == NULL)
		return (NULL);
	return (charset_lookup_n(label, strlen(label)));
}

char *
charset_from_content_type(const char *ct)
{
	const char	*p, *name, *v;
	size_t		 nlen;
	struct buf	 value = BUF_INIT;
	int		 found;

	if (ct == NULL || (p = strchr(ct, ';')) == NULL)
		return (NULL);
	while (*p == ';') {
		p++;
		while (charset_is_space((unsigned char)*p))
			p++;
		name = p;
		while (*p != '\0' && *p != '=' && *p != ';')
			p++;
		nlen = p - name;
		while (nlen > 0 &&
		    charset_is_space((unsigned char)name[nlen - 1]))
			nlen--;
		if (*p != '=')
			continue;
		p++;
		while (charset_is_space((unsigned char)*p))
			p++;
		found = charset_casecmp(name, nlen, "charset");
		buf_reset(&value);
		if (*p == '"') {
			for (p++; *p != '\0' && *p != '"'; p++) {
				if (*p == '\\' && p[1] != '\0')
					p++;
				buf_addc(&value, *p);
			}
		} else if (*p == '\'') {	/* not HTTP, but it is seen */
			for (v = ++p; *p != '\0' && *p != '\''; p++)
				;
			buf_add(&value, v, p - v);
		} else {
			for (v = p; *p != '\0' && *p != ';' &&
			    !charset_is_space((unsigned char)*p); p++)
				;
			buf_add(&value, v, p - v);
		}
		while (*p != '\0' && *p != ';')
			p++;
		if (found && value.len > 0)
			return (buf_detach(&value));
	}
	buf_free(&value);
	return (NULL);
}

/*
 * Whether the len bytes at s are UTF-8; a sequence cut off by the end of
 * the data counts as valid (a response cut at a size limit). NUL is
 * allowed. Also says whether there was any byte above 0x7f and whether
 * there was an ISO-2022-JP escape.
 */
static int
charset_scan(const char *s, size_t len, int *high, int *iso2022)
{
	const unsigned char	*u = (const unsigned char *)s;
	size_t			 i = 0, n, k;
	uint32_t		 cp;

	*high = *iso2022 = 0;
	while (i < len) {
		if (u[i] < 0x80) {
			if (u[i] == 0x1b && len - i >= 3 && u[i + 1] == '$' &&
			    (u[i + 2] == 'B' || u[i + 2] == '@'))
				*iso2022 = 1;
			i++;
			continue;
		}
		*high = 1;
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == 0xfffd) {
			if (len - i >= 4 || u[i] < 0xc2 || u[i] > 0xf4)
				return (0);
			for (k = i + 1; k < len; k++) {
				if (u[k] < 0x80 || u[k] > 0xbf)
					return (0);
			}
			if (len - i >= (u[i] >= 0xf0 ? 4u : u[i] >= 0xe0 ?
			    3u : 2u))
				return (0);
			return (1);
		}
		i += n;
	}
	return (1);
}

/* The code unit of an encoding: 2 or 4 for UTF-16 and UTF-32, else 1. */
static size_t
charset_unit(const char *name)
{
	if (strcmp(name, "UTF-16LE") == 0 || strcmp(name, "UTF-16BE") == 0)
		return (2);
	if (strcmp(name, "UTF-32LE") == 0 || strcmp(name, "UTF-32BE") == 0)
		return (4);
	return (1);
}

/*
 * A declared encoding, checked against the bytes. A document cannot
 * declare UTF-16 or UTF-32 in ASCII (WHATWG: that means UTF-8). And bytes
 * that are valid UTF-8 with non-ASCII characters are UTF-8 whatever the
 * label says: real legacy text essentially never is, while servers and
 * templates that say "iso-8859-1" or "gb2312" over UTF-8 are common.
 */
/*
 * Whether bytes said to be UTF-8 are in fact another encoding: more
 * invalid sequences than valid multibyte ones (legacy double-byte text
 * makes a valid UTF-8 pair now and then by chance), and enough of them
 * to guess from. A UTF-8 document with
 * a few stray bytes stays UTF-8: one bad byte must not garble the rest.
 */
static int
charset_utf8_lie(const char *s, size_t len)
{
	size_t	i = 0, n, valid = 0, invalid = 0;
	uint64_t w;
	uint32_t cp;

	while (i < len) {
		/* ASCII changes no count: eight bytes at a time. */
		if (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((w & 0x8080808080808080ULL) == 0) {
				i += 8;
				continue;
			}
		}
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == 0xfffd)
			invalid++;
		else
			valid++;
		i += n;
		/* What is left could not turn the count. */
		if (valid >= invalid + (len - i))
			return (0);
	}
	/* A couple of bad bytes are too few to guess from: U+FFFD them. */
	return (invalid >= 4 && invalid > valid);
}

static const char *
charset_declared(const char *name, const char *s, size_t len, int in_doc)
{
	int high, iso2022;

	if (in_doc && charset_unit(name) > 1)
		return ("UTF-8");
	if (strcmp(name, "UTF-8") == 0)
		return (charset_utf8_lie(s, len) ? charset_guess(s, len) : name);
	if (charset_unit(name) > 1)
		return (name);
	if (charset_scan(s, len, &high, &iso2022) && high)
		return ("UTF-8");
	return (name);
}

/* The encoding named by <?xml ... encoding="..."?> at the start of s. */
static const char *
charset_xml_decl(const char *s, size_t len)
{
	size_t	end = len < CHARSET_XML_SCAN ? len : CHARSET_XML_SCAN;
	size_t	i = 0, close, k, v;
	char	q;

	while (i < end && charset_is_space((unsigned char)s[i]))
		i++;
	if (end - i < 5 || memcmp(s + i, "<?xml", 5) != 0)
		return (NULL);
	for (close = i + 5; close < end && s[close] != '>'; close++)
		;
	for (k = i + 5; k + 8 <= close; k++) {
		if (memcmp(s + k, "encoding", 8) != 0)
			continue;
		k += 8;
		while (k < close && charset_is_space((unsigned char)s[k]))
			k++;
		if (k >= close || s[k] != '=')
			continue;
		k++;
		while (k < close && charset_is_space((unsigned char)s[k]))
			k++;
		if (k >= close || (s[k] != '"' && s[k] != '\''))
			return (NULL);
		q = s[k++];
		for (v = k; v < close && s[v] != q; v++)
			;
		if (v >= close)
			return (NULL);
		return (charset_lookup_n(s + k, v - k));
	}
	return (NULL);
}

/*
 * XML in UTF-32 or UTF-16 without a byte order mark starts with '<' and an
 * ASCII character as 32- or 16-bit units (XML 1.0 appendix F).
 */
static const char *
charset_xml_wide(const char *s, size_t len)
{
	const unsigned char *u = (const unsigned char *)s;

	if (len < 4)
		return (NULL);
	if (u[0] == 0 && u[1] == 0 && u[2] == 0 && u[3] == '<')
		return ("UTF-32BE");
	if (u[0] == '<' && u[1] == 0 && u[2] == 0 && u[3] == 0)
		return ("UTF-32LE");
	if (u[0] == '<' && u[1] == 0 && u[2] != 0 && u[2] < 0x80 && u[3] == 0)
		return ("UTF-16LE");
	if (u[0] == 0 && u[1] == '<' && u[2] == 0 && u[3] != 0 && u[3] < 0x80)
		return ("UTF-16BE");
	return (NULL);
}

/*
 * The charset in a <meta content> value ("text/html; charset=gbk"), as the
 * HTML standard extracts it.
 */
static const char *
charset_meta_content(const char *s, size_t len)
{
	size_t	i = 0, v;
	char	q;

	for (;;) {
		while (i + 7 <= len && !charset_casecmp(s + i, 7, "charset"))
			i++;
		if (i + 7 > len)
			return (NULL);
		i += 7;
		while (i < len && charset_is_space((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=')
			break;
	}
	i++;
	while (i < len && charset_is_space((unsigned char)s[i]))
		i++;
	if (i >= len)
		return (NULL);
	if (s[i] == '"' || s[i] == '\'') {
		q = s[i++];
		for (v = i; v < len && s[v] != q; v++)
			;
		if (v >= len)
			return (NULL);
	} else {
		for (v = i; v < len && s[v] != ';' &&
		    !charset_is_space((unsigned char)s[v]); v++)
			;
	}
	return (charset_lookup_n(s + i, v - i));
}

struct charset_attr {
	char		 name[16];	/* lowercase, cut short */
	const char	*value;
	size_t		 vlen;
};

/*
 * One attribute of a tag at *ip, as the HTML prescan reads them. Returns 0
 * at the end of the tag (*ip then past the '>') or of the data.
 */
static int
charset_next_attr(const char *s, size_t end, size_t *ip,
    struct charset_attr *a)
{
	size_t	i = *ip, n = 0;
	char	q;

	while (i < end && (charset_is_space((unsigned char)s[i]) ||
	    s[i] == '/'))
		i++;
	if (i >= end || s[i] == '>') {
		*ip = i < end ? i + 1 : end;
		return (0);
	}
	a->value = s + i;
	a->vlen = 0;
	do {
		if (n < sizeof a->name - 1)
			a->name[n++] = charset_lower((unsigned char)s[i]);
		i++;
	} while (i < end && s[i] != '=' && s[i] != '/' && s[i] != '>' &&
	    !charset_is_space((unsigned char)s[i]));
	a->name[n] = '\0';
	while (i < end && charset_is_space((unsigned char)s[i]))
		i++;
	if (i >= end || s[i] != '=') {
		*ip = i;
		return (1);
	}
	i++;
	while (i < end && charset_is_space((unsigned char)s[i]))
		i++;
	if (i < end && (s[i] == '"' || s[i] == '\'')) {
		q = s[i++];
		a->value = s + i;
		while (i < end && s[i] != q)
			i++;
		if (i >= end) {
			*ip = end;
			return (0);
		}
		a->vlen = s + i - a->value;
		i++;
	} else {
		a->value = s + i;
		while (i < end && s[i] != '>' &&
		    !charset_is_space((unsigned char)s[i]))
			i++;
		a->vlen = s + i - a->value;
	}
	*ip = i;
	return (1);
}

/* A <meta> at *ip (just past "<meta"): the encoding it gives, or NULL. */
static const char *
charset_meta(const char *s, size_t end, size_t *ip)
{
	struct charset_attr	 a;
	const char		*charset = NULL, *content = NULL;
	int			 pragma = 0, seen_charset = 0, seen_content = 0;

	while (charset_next_attr(s, end, ip, &a)) {
		if (strcmp(a.name, "http-equiv") == 0)
			pragma |= charset_casecmp(a.value, a.vlen,
			    "content-type");
		else if (strcmp(a.name, "charset") == 0 && !seen_charset) {
			seen_charset = 1;
			charset = charset_lookup_n(a.value, a.vlen);
		} else if (strcmp(a.name, "content") == 0 && !seen_content) {
			seen_content = 1;
			content = charset_meta_content(a.value, a.vlen);
		}
	}
	if (seen_charset)
		return (charset);
	if (pragma)
		return (content);
	return (NULL);
}

/*
 * The HTML standard's prescan, cut down: comments and other markup are
 * skipped whole (a '>' inside an attribute value does not end a tag) and
 * the first <meta> with a known charset wins.
 */
static const char *
charset_html_meta(const char *s, size_t len)
{
	struct charset_attr	 a;
	const char		*p, *name;
	size_t			 end, i = 0;

	end = len < CHARSET_META_SCAN ? len : CHARSET_META_SCAN;
	while (i < end) {
		if (s[i] != '<') {
			i++;
			continue;
		}
		if (charset_prefix(s + i, end - i, "<!--")) {
			p = memmem(s + i + 2, end - i - 2, "-->", 3);
			if (p == NULL)
				break;
			i = p - s + 3;
		} else if (charset_prefix(s + i, end - i, "<meta") &&
		    end - i > 5 && (charset_is_space((unsigned char)s[i + 5]) ||
		    s[i + 5] == '/')) {
			i += 5;
			if ((name = charset_meta(s, end, &i)) != NULL)
				return (name);
		} else if (end - i > 1 && (charset_is_alpha((unsigned char)
		    s[i + 1]) || (s[i + 1] == '/' && end - i > 2 &&
		    charset_is_alpha((unsigned char)s[i + 2])))) {
			i++;
			while (i < end && s[i] != '>' &&
			    !charset_is_space((unsigned char)s[i]))
				i++;
			while (charset_next_attr(s, end, &i, &a))
				;
		} else if (end - i > 1 && (s[i + 1] == '!' || s[i + 1] == '/' ||
		    s[i + 1] == '?')) {
			p = memchr(s + i, '>', end - i);
			if (p == NULL)
				break;
			i = p - s + 1;
		} else
			i++;
	}
	return (NULL);
}

/*
 * Convert len bytes at s with cd, appending UTF-8 to b. What cannot be
 * converted becomes U+FFFD and is skipped a unit at a time (two bytes in
 * UTF-16, else one), so every call makes progress. iconv is given a window
 * of the input that starts small after an error and doubles while the text
 * converts cleanly: glibc's iconv is linear anyway, but the sanitizers
 * check the whole input range on each call, which would make input full
 * of errors quadratic. Returns the number of replacements.
 */
size_t
charset_iconv(iconv_t cd, const char *s, size_t len, size_t unit,
    struct buf *b)
{
	char	 chunk[8192], *in = (char *)s, *o;
	size_t	 inleft = len, window = 64, win, wleft, oleft, r, skip;
	size_t	 errors = 0;

	while (inleft > 0) {
		win = wleft = inleft < window ? inleft : window;
		o = chunk;
		oleft = sizeof chunk;
		r = iconv(cd, &in, &wleft, &o, &oleft);
		inleft -= win - wleft;
		buf_add(b, chunk, o - chunk);
		if (r != (size_t)-1) {
			if (window < CHARSET_WINDOW)
				window *= 2;
			continue;
		}
		if (errno == E2BIG && o != chunk)
			continue;
		/* A character across the end of the window. */
		if (errno == EINVAL && win < inleft + (win - wleft) &&
		    wleft < win)
			continue;
		buf_add(b, CHARSET_REPLACEMENT, 3);
		errors++;
		skip = unit < inleft ? unit : inleft;
		in += skip;
		inleft -= skip;
		window = 64;
	}
	o = chunk;
	oleft = sizeof chunk;
	iconv(cd, NULL, NULL, &o, &oleft);
	buf_add(b, chunk, o - chunk);
	return (errors);
}

/* UTF-8 to UTF-8: invalid bytes become U+FFFD, one each. */
static void
charset_utf8(const char *s, size_t len, struct buf *b)
{
	size_t		i = 0, run = 0, n;
	uint32_t	cp;

	while (i < len) {
		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		n = text_utf8_decode(s + i, len - i, &cp);
		if (n == 1 && cp == 0xfffd) {
			buf_add(b, s + run, i - run);
			buf_add(b, CHARSET_REPLACEMENT, 3);
			run = ++i;
		} else
			i += n;
	}
	buf_add(b, s + run, i - run);
}

const char *
charset_detect(const char *s, size_t len, const char *content_type,
    enum charset_kind kind)
{
	const unsigned char	*u = (const unsigned char *)s;
	const char		*name;
	char			*label;
	int			 high, iso2022;

	if (len >= 3 && u[0] == 0xef && u[1] == 0xbb && u[2] == 0xbf)
		return ("UTF-8");
	if (len >= 4 && u[0] == 0xff && u[1] == 0xfe && u[2] == 0 && u[3] == 0)
		return ("UTF-32LE");
	if (len >= 4 && u[0] == 0 && u[1] == 0 && u[2] == 0xfe && u[3] == 0xff)
		return ("UTF-32BE");
	if (len >= 2 && u[0] == 0xff && u[1] == 0xfe)
		return ("UTF-16LE");
	if (len >= 2 && u[0] == 0xfe && u[1] == 0xff)
		return ("UTF-16BE");

	label = charset_from_content_type(content_type);
	name = charset_lookup(label);
	free(label);
	if (name != NULL)
		return (charset_declared(name, s, len, 0));

	if (kind == CHARSET_XML) {
		if ((name = charset_xml_wide(s, len)) != NULL)
			return (name);
		name = charset_xml_decl(s, len);
	} else
		name = charset_html_meta(s, len);
	if (name != NULL)
		return (charset_declared(name, s, len, 1));

	if (charset_scan(s, len, &high, &iso2022))
		return (iso2022 && !high ? "ISO-2022-JP" : "UTF-8");
	return (charset_guess(s, len));
}

int
charset_to_utf8(const char *s, size_t len, const char *encoding, char **out,
    size_t *outlen, char **cause)
{
	struct buf	 b = BUF_INIT;
	const char	*name;
	iconv_t		 cd;
	size_t		 skip = 0;
	enum charset_kind kind;

	*out = NULL;
	*outlen = 0;
	if (encoding == NULL) {
		kind = CHARSET_HTML;
		if (charset_prefix(s, len, "<?xml") ||
		    charset_xml_wide(s, len) != NULL)
			kind = CHARSET_XML;
		name = charset_detect(s, len, NULL, kind);
	} else if ((name = charset_lookup(encoding)) == NULL)
		name = encoding;

	if (strcmp(name, "UTF-8") == 0)
		charset_utf8(s, len, &b);
	else {
		if ((cd = charset_open(name)) == (iconv_t)-1) {
			return (set_cause(cause, _("unknown encoding %s"),
			    name));
		}
		charset_iconv(cd, s, len, charset_unit(name), &b);
	}
	if (b.len >= 3 && memcmp(b.data, "\xef\xbb\xbf", 3) == 0)
		skip = 3;
	*outlen = b.len - skip;
	*out = buf_detach(&b);
	if (skip > 0)
		memmove(*out, *out + skip, *outlen + 1);
	return (0);
}
