/* t_charset.c - encoding labels, detection and conversion to UTF-8. */
#include "config.h"

#include <errno.h>
#include <iconv.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "charset.h"
#include "tap.h"
#include "text.h"
#include "util.h"

/* Realistic sentences (~100-300 bytes once encoded) in each language. */
#define ZH_HANS "美联储周三宣布将基准利率上调25个基点，这是自去年以来的第九次" \
	"加息。分析人士认为，硅谷银行倒闭引发的金融动荡使央行在抑制通胀与维" \
	"护金融稳定之间面临艰难抉择。"
#define ZH_HANT "聯準會週三宣布將基準利率上調一碼，這是自去年以來的第九次升息" \
	"。分析人士認為，矽谷銀行倒閉引發的金融動盪，使央行在抑制通膨與維護金" \
	"融穩定之間面臨艱難抉擇。"
#define JA "日本銀行は金曜日、大規模な金融緩和策を維持することを決めた。植田" \
	"総裁は記者会見で、物価上昇率が目標の２％に安定的に達するまでには、" \
	"まだ時間がかかるとの見方を示した。"
#define KO "한국은행은 기준금리를 연 3.5%로 동결했다. 이창용 총재는 " \
	"기자간담회에서 물가 상승률이 여전히 높은 수준이며, 미국 " \
	"연방준비제도의 추가 금리 인상 가능성을 고려해야 한다고 말했다."
#define RU "Центральный банк России в пятницу сохранил ключевую ставку на " \
	"уровне 7,5% годовых. По мнению аналитиков, регулятор учитывает рост " \
	"инфляционных ожиданий и ослабление рубля."
#define FR "La Banque centrale européenne a relevé ses taux directeurs d'un " \
	"demi-point, malgré les turbulences du secteur bancaire. « Nous ne " \
	"transigerons pas sur la stabilité des prix », a déclaré Christine " \
	"Lagarde à Francfort."
#define DE "Die Europäische Zentralbank hat die Leitzinsen trotz der " \
	"Turbulenzen im Bankensektor um einen halben Prozentpunkt erhöht. " \
	"Präsidentin Lagarde betonte, die Preisstabilität habe Vorrang."
#define PT "O Banco Central Europeu aumentou as taxas de juro em meio ponto " \
	"percentual, apesar das turbulências no setor bancário. A decisão " \
	"não surpreendeu os analistas, que já esperavam uma subida."

#define U_FFFD "\xef\xbf\xbd"

/* Encode UTF-8 text with iconv (independently of the code under test). */
static char *
encode(const char *to, const char *utf8, size_t *len)
{
	iconv_t	 cd;
	char	*in = (char *)utf8, *out, *o;
	size_t	 inleft = strlen(utf8), size = inleft * 4 + 16, oleft = size;

	if ((cd = iconv_open(to, "UTF-8")) == (iconv_t)-1) {
		diag("iconv_open %s: %s", to, strerror(errno));
		exit(1);
	}
	out = o = xmalloc(size);
	if (iconv(cd, &in, &inleft, &o, &oleft) == (size_t)-1) {
		diag("cannot encode in %s: %s", to, strerror(errno));
		exit(1);
	}
	iconv_close(cd);
	*len = o - out;
	out[*len] = '\0';
	return (out);
}

/* A feed around text in the encoding to; decl is the <?xml?> or "". */
static char *
feed(const char *to, const char *decl, const char *text, size_t *len)
{
	char *doc, *out;

	doc = xasprintf("%s<rss version=\"2.0\"><channel><title>News</title>"
	    "<item><title>Item</title><link>https://example.com/1</link>"
	    "<description>%s</description></item></channel></rss>\n",
	    decl, text);
	out = encode(to, doc, len);
	free(doc);
	return (out);
}

static char *
convert(const char *s, size_t len, const char *encoding, size_t *outlen)
{
	char	*out = NULL, *cause = NULL;
	size_t	 n = 0;

	if (charset_to_utf8(s, len, encoding, &out, &n, &cause) != 0) {
		diag("charset_to_utf8: %s", cause);
		free(cause);
		return (NULL);
	}
	if (outlen != NULL)
		*outlen = n;
	return (out);
}

static void
labels(void)
{
	static const char *const gb[] = { "gb2312", "GBK", " gbk ", "x-gbk",
	    "chinese", "csgb2312", "iso-ir-58", "GB18030", "GB_2312-80" };
	static const char *const big5[] = { "big5", "BIG5-HKSCS", "cn-big5",
	    "x-x-big5", "csbig5" };
	static const char *const sjis[] = { "shift_jis", "sjis", "ms_kanji",
	    "windows-31j", "x-sjis", "Shift-JIS" };
	static const char *const kr[] = { "euc-kr", "ks_c_5601-1987",
	    "windows-949", "korean" };
	static const char *const latin[] = { "iso-8859-1", "ISO-8859-1",
	    "latin1", "us-ascii", "ascii", "iso8859-1", "cp1252",
	    "windows-1252", "\tl1\n" };
	static const char *const bad[] = { "", "   ", "foo", "utf-7",
	    "replacement", "hz-gb-2312", "x-user-defined", "gb2312x",
	    "utf-8-but-longer-than-any-label-that-exists-in-the-table" };
	static const struct {
		const char *label, *name;
	} more[] = {
		{ "utf-8", "UTF-8" }, { "UTF8", "UTF-8" },
		{ "unicode-1-1-utf-8", "UTF-8" }, { "utf-16", "UTF-16LE" },
		{ "utf-16le", "UTF-16LE" }, { "UTF-16BE", "UTF-16BE" },
		{ "koi8-r", "KOI8-R" }, { "koi8-u", "KOI8-U" },
		{ "windows-1251", "WINDOWS-1251" },
		{ "cp1251", "WINDOWS-1251" },
		{ "windows-1250", "WINDOWS-1250" }, { "iso-8859-9",
		"WINDOWS-1254" }, { "iso-8859-2", "ISO-8859-2" },
		{ "iso-8859-15", "ISO-8859-15" }, { "latin2", "ISO-8859-2" },
		{ "iso-8859-8-i", "ISO-8859-8" }, { "macintosh", "MACINTOSH" },
		{ "ibm866", "IBM866" }, { "x-mac-cyrillic", "MAC-CYRILLIC" },
		{ "windows-874", "WINDOWS-874" }, { "tis-620", "WINDOWS-874" },
		{ "euc-jp", "EUC-JP" }, { "iso-2022-jp", "ISO-2022-JP" },
		{ "windows-1258", "WINDOWS-1258" }, { "utf-32", "UTF-32LE" },
		{ "utf-32be", "UTF-32BE" },
	};
	const char	*name;
	iconv_t		 cd;
	size_t		 i;

	for (i = 0; i < NITEMS(gb); i++)
		is_str(charset_lookup(gb[i]), "GB18030", "label %s", gb[i]);
	for (i = 0; i < NITEMS(big5); i++)
		is_str(charset_lookup(big5[i]), "BIG5-HKSCS", "label %s",
		    big5[i]);
	for (i = 0; i < NITEMS(sjis); i++)
		is_str(charset_lookup(sjis[i]), "CP932", "label %s", sjis[i]);
	for (i = 0; i < NITEMS(kr); i++)
		is_str(charset_lookup(kr[i]), "CP949", "label %s", kr[i]);
	for (i = 0; i < NITEMS(latin); i++)
		is_str(charset_lookup(latin[i]), "WINDOWS-1252", "label %s",
		    latin[i]);
	for (i = 0; i < NITEMS(more); i++) {
		name = charset_lookup(more[i].label);
		is_str(name, more[i].name, "label %s", more[i].label);
		cd = name == NULL ? (iconv_t)-1 : iconv_open("UTF-8", name);
		ok(cd != (iconv_t)-1, "iconv opens %s", more[i].name);
		if (cd != (iconv_t)-1)
			iconv_close(cd);
	}
	for (i = 0; i < NITEMS(bad); i++)
		ok(charset_lookup(bad[i]) == NULL, "unknown label \"%s\"",
		    bad[i]);
	ok(charset_lookup(NULL) == NULL, "NULL label");
}

static void
content_type(void)
{
	static const struct {
		const char *ct, *want;
	} t[] = {
		{ "text/xml; charset=\"GB2312\"", "GB2312" },
		{ "text/html; charset=utf-8;foo", "utf-8" },
		{ "text/html;charset=utf-8", "utf-8" },
		{ "text/html; CHARSET = windows-1251", "windows-1251" },
		{ "text/html; foocharset=x; charset=gbk", "gbk" },
		{ "application/xml; format=\"a;charset=b\"; charset=big5",
		    "big5" },
		{ "text/plain; charset=\"a\\\"b\"", "a\"b" },
		{ "text/html; charset=koi8-r (Cyrillic)", "koi8-r" },
		{ "application/atom+xml;charset='gb2312'", "gb2312" },
		{ "application/rss+xml;charset= 'us-ascii'", "us-ascii" },
		{ "text/html", NULL },
		{ "text/html;", NULL },
		{ "text/html; charset=", NULL },
		{ "text/html; charset=\"\"", NULL },
		{ "text/html; charset", NULL },
		{ "charset=utf-8", NULL },
		{ "", NULL },
	};
	char	*got;
	size_t	 i;

	for (i = 0; i < NITEMS(t); i++) {
		got = charset_from_content_type(t[i].ct);
		is_str(got, t[i].want, "content type \"%s\"", t[i].ct);
		free(got);
	}
	ok(charset_from_content_type(NULL) == NULL, "NULL content type");
}

static void
detect_declared(void)
{
	char		*s, *doc, *out;
	size_t		 len;
	struct buf	 b = BUF_INIT;

	/* Byte order marks beat everything. */
	s = feed("UTF-8", "<?xml version=\"1.0\" encoding=\"gbk\"?>", ZH_HANS,
	    &len);
	buf_add(&b, "\xef\xbb\xbf", 3);
	buf_add(&b, s, len);
	free(s);
	is_str(charset_detect(b.data, b.len, "text/xml; charset=big5",
	    CHARSET_XML), "UTF-8", "UTF-8 BOM beats HTTP and declaration");
	buf_free(&b);
	s = encode("UTF-16LE", "\xef\xbb\xbf<p>中文</p>", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "UTF-16LE",
	    "UTF-16LE BOM");
	is_str(charset_detect(s, len, "text/html; charset=utf-8",
	    CHARSET_HTML), "UTF-16LE", "UTF-16LE BOM beats HTTP");
	free(s);
	s = encode("UTF-16BE", "\xef\xbb\xbf<p>中文</p>", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-16BE",
	    "UTF-16BE BOM");
	free(s);

	s = encode("UTF-32LE", "\xef\xbb\xbf<p>中文</p>", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "UTF-32LE",
	    "UTF-32LE BOM (not taken for UTF-16LE)");
	free(s);
	s = encode("UTF-32BE", "\xef\xbb\xbf<p>中文</p>", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "UTF-32BE",
	    "UTF-32BE BOM");
	free(s);

	/* HTTP beats the document. */
	s = feed("GB18030", "<?xml version=\"1.0\" encoding=\"big5\"?>",
	    ZH_HANS, &len);
	is_str(charset_detect(s, len, "text/xml; charset=gbk", CHARSET_XML),
	    "GB18030", "HTTP charset beats XML declaration");
	is_str(charset_detect(s, len, "text/xml", CHARSET_XML),
	    "BIG5-HKSCS", "declaration used without HTTP charset");
	is_str(charset_detect(s, len, "text/xml; charset=bogus",
	    CHARSET_XML), "BIG5-HKSCS", "unknown HTTP charset ignored");
	free(s);

	/* XML declaration. */
	s = feed("GB18030", "<?xml version=\"1.0\" encoding=\"GBK\"?>\n",
	    ZH_HANS, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "GB18030",
	    "XML declaration in GBK bytes");
	free(s);
	s = feed("WINDOWS-1251", "<?xml version='1.0' encoding = 'windows-1251'"
	    " standalone='yes' ?>", RU, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "WINDOWS-1251",
	    "single quotes and spaces in the declaration");
	free(s);
	s = feed("KOI8-R", "<?xml version=\"1.0\" encoding=\"koi8-r\"?>", RU,
	    &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "KOI8-R",
	    "KOI8-R declared (a guess would say otherwise)");
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "WINDOWS-1251",
	    "HTML ignores the XML declaration");
	free(s);
	s = feed("UTF-16LE", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
	    ZH_HANS, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-16LE",
	    "UTF-16LE XML without BOM");
	free(s);
	s = feed("UTF-16BE", "<?xml version=\"1.0\" encoding=\"UTF-16\"?>",
	    ZH_HANS, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-16BE",
	    "UTF-16BE XML without BOM");
	free(s);
	s = feed("UTF-32BE", "<?xml version=\"1.0\" encoding=\"UTF-32\"?>",
	    KO, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-32BE",
	    "UTF-32BE XML without BOM");
	free(s);
	s = feed("UTF-32LE", "", RU, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-32LE",
	    "UTF-32LE XML without BOM or declaration");
	out = convert(s, len, NULL, NULL);
	ok(out != NULL && strstr(out, RU) != NULL, "and converted");
	free(out);
	free(s);
	s = feed("UTF-8", "<?xml version=\"1.0\" encoding=\"utf-16\"?>",
	    "plain ASCII", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-8",
	    "utf-16 declared in ASCII bytes means UTF-8");
	free(s);
	s = feed("UTF-8", "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>",
	    FR, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-8",
	    "Latin-1 declared over valid UTF-8 is UTF-8");
	is_str(charset_detect(s, len, "text/xml; charset=iso-8859-1",
	    CHARSET_XML), "UTF-8", "so is an HTTP Latin-1 over UTF-8");
	free(s);
	s = feed("WINDOWS-1252", "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
	    "plain", &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-8",
	    "declared utf-8");
	free(s);
	s = feed("WINDOWS-1252", "<?xml version=\"1.0\" encoding=\"x-nope\"?>",
	    FR, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "WINDOWS-1252",
	    "unknown declaration: guessed");
	free(s);

	/* HTML <meta>. */
	doc = xasprintf("<!DOCTYPE html><html><head><meta charset=\"big5\">"
	    "<title>新聞</title></head><body><p>%s</p></body></html>",
	    ZH_HANT);
	s = encode("BIG5-HKSCS", doc, &len);
	free(doc);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "BIG5-HKSCS",
	    "HTML meta charset in Big5");
	is_str(charset_detect(s, len, "text/html; charset=gb2312",
	    CHARSET_HTML), "GB18030", "HTTP charset beats meta");
	free(s);
	doc = xasprintf("<html><head><META HTTP-EQUIV=\"Content-Type\" "
	    "CONTENT=\"text/html; charset=gb2312\"></head><body>%s</body>"
	    "</html>", ZH_HANS);
	s = encode("GB18030", doc, &len);
	free(doc);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "GB18030",
	    "meta http-equiv content charset");
	free(s);
	doc = xasprintf("<html><head><!-- <meta charset=koi8-r> -->"
	    "<a title='x>y' href=\"<meta charset=euc-jp>\">"
	    "<meta content='text/html;charset=windows-1251' "
	    "http-equiv=content-type></head><body>%s</body></html>", RU);
	s = encode("WINDOWS-1251", doc, &len);
	free(doc);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "WINDOWS-1251",
	    "meta after a comment and a tricky attribute");
	free(s);
	doc = xasprintf("<html><head><meta content=\"text/html; "
	    "charset=koi8-r\"></head><body>%s</body></html>", RU);
	s = encode("WINDOWS-1251", doc, &len);
	free(doc);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "WINDOWS-1251",
	    "meta content without http-equiv is ignored");
	free(s);
	doc = xasprintf("<meta charset=utf-16><p>%s</p>", "ascii");
	is_str(charset_detect(doc, strlen(doc), NULL, CHARSET_HTML), "UTF-8",
	    "meta utf-16 means UTF-8");
	free(doc);
	buf_adds(&b, "<html><head>");
	for (len = 0; len < 400; len++)
		buf_adds(&b, "<link rel=x>");
	buf_adds(&b, "<meta charset=\"koi8-r\"><p>");
	s = encode("WINDOWS-1251", RU, &len);
	buf_add(&b, s, len);
	free(s);
	is_str(charset_detect(b.data, b.len, NULL, CHARSET_HTML),
	    "WINDOWS-1251", "meta beyond the first 4 KB is not looked for");
	buf_free(&b);
	s = xstrdup("<meta charset=\"gbk");
	is_str(charset_detect(s, strlen(s), NULL, CHARSET_HTML), "UTF-8",
	    "unterminated meta");
	free(s);
}

static void
detect_guess(void)
{
	static const struct {
		const char *enc, *text, *want;
	} t[] = {
		{ "GB18030", ZH_HANS, "GB18030" },
		{ "GBK", ZH_HANS, "GB18030" },
		{ "BIG5", ZH_HANT, "BIG5-HKSCS" },
		{ "SHIFT_JIS", JA, "CP932" },
		{ "EUC-KR", KO, "CP949" },
		{ "WINDOWS-1251", RU, "WINDOWS-1251" },
		{ "ISO-8859-1", FR, "WINDOWS-1252" },
		{ "ISO-8859-1", DE, "WINDOWS-1252" },
		{ "ISO-8859-1", PT, "WINDOWS-1252" },
	};
	char	*s, *out;
	size_t	 i, len;

	for (i = 0; i < NITEMS(t); i++) {
		s = encode(t[i].enc, t[i].text, &len);
		is_str(charset_detect(s, len, NULL, CHARSET_XML), t[i].want,
		    "undeclared %s text", t[i].enc);
		free(s);
		s = feed(t[i].enc, "", t[i].text, &len);
		is_str(charset_detect(s, len, NULL, CHARSET_XML), t[i].want,
		    "undeclared %s feed", t[i].enc);
		is_str(charset_detect(s, len, NULL, CHARSET_HTML), t[i].want,
		    "undeclared %s page", t[i].enc);
		out = convert(s, len, NULL, NULL);
		ok(out != NULL && strstr(out, t[i].text) != NULL,
		    "%s detected and converted back", t[i].enc);
		free(out);
		free(s);
	}
	is_str(charset_detect("", 0, NULL, CHARSET_XML), "UTF-8",
	    "empty input");
	s = xstrdup("<rss><title>plain ASCII</title></rss>");
	is_str(charset_detect(s, strlen(s), NULL, CHARSET_XML), "UTF-8",
	    "ASCII is UTF-8");
	free(s);
	s = feed("UTF-8", "", ZH_HANS, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-8",
	    "undeclared UTF-8");
	is_str(charset_detect(s, len - 2 - strlen("</channel></rss>") -
	    strlen("</item>") - strlen("</description>") - 5, NULL,
	    CHARSET_XML), "UTF-8", "UTF-8 cut inside a character");
	free(s);
	s = encode("ISO-2022-JP", JA, &len);
	is_str(charset_detect(s, len, NULL, CHARSET_HTML), "ISO-2022-JP",
	    "ISO-2022-JP escapes");
	out = convert(s, len, NULL, NULL);
	is_str(out, JA, "ISO-2022-JP converted");
	free(out);
	free(s);
}

static void
conversion(void)
{
	static const struct {
		const char *enc, *text;
	} t[] = {
		{ "GB18030", ZH_HANS }, { "GB18030", ZH_HANT },
		{ "GB18030", JA }, { "GB18030", KO }, { "GB18030", RU },
		{ "BIG5-HKSCS", ZH_HANT }, { "CP932", JA }, { "CP949", KO },
		{ "WINDOWS-1251", RU }, { "KOI8-R", RU },
		{ "WINDOWS-1252", FR }, { "UTF-16LE", ZH_HANS },
		{ "UTF-16BE", KO }, { "UTF-8", ZH_HANS }, { "EUC-JP", JA },
		{ "UTF-32LE", JA }, { "UTF-32BE", ZH_HANT },
		{ "ISO-8859-15", DE },
	};
	char		*s, *out, *cause;
	size_t		 i, len, n;
	struct buf	 b = BUF_INIT;
	int		 r;

	for (i = 0; i < NITEMS(t); i++) {
		s = encode(t[i].enc, t[i].text, &len);
		out = convert(s, len, t[i].enc, &n);
		is_str(out, t[i].text, "round trip through %s", t[i].enc);
		ok(out != NULL && n == strlen(out), "%s: length", t[i].enc);
		free(out);
		free(s);
	}
	out = convert("caf\xe9 \x80 10", 9, "latin1", &n);
	is_str(out, "café € 10", "a label as encoding; Latin-1 as 1252");
	free(out);
	out = convert("a\xff" "b", 3, "UTF-8", &n);
	is_str(out, "a" U_FFFD "b", "invalid UTF-8 byte");
	free(out);
	out = convert("\xed\xa0\x80x\xc0\xafy", 7, "UTF-8", &n);
	is_str(out, U_FFFD U_FFFD U_FFFD "x" U_FFFD U_FFFD "y",
	    "surrogate and overlong, one U+FFFD a byte");
	free(out);
	out = convert("中\xe6\x96", 5, "UTF-8", &n);
	is_str(out, "中" U_FFFD U_FFFD, "UTF-8 cut at the end");
	free(out);
	out = convert("abc\xff" "def", 7, "GB18030", &n);
	is_str(out, "abc" U_FFFD "def", "invalid GB18030 byte");
	free(out);
	s = encode("GB18030", "中文", &len);
	out = convert(s, len - 1, "gbk", &n);
	is_str(out, "中" U_FFFD, "GBK cut at the end");
	free(out);
	free(s);
	s = encode("CP932", "日本", &len);
	out = convert(s, len - 1, "shift_jis", &n);
	ok(out != NULL && strncmp(out, "日", 3) == 0 &&
	    strstr(out, U_FFFD) != NULL, "Shift_JIS cut at the end");
	free(out);
	free(s);
	out = convert("a\0b\0c", 5, "UTF-16LE", &n);
	is_str(out, "ab" U_FFFD, "UTF-16 of odd length");
	free(out);
	out = convert("\0a\0b\0", 5, "UTF-16BE", &n);
	is_str(out, "ab" U_FFFD, "UTF-16BE of odd length");
	free(out);
	out = convert("a\0\0\0b\0\0", 7, "UTF-32LE", &n);
	is_str(out, "a" U_FFFD, "UTF-32 cut short: one U+FFFD");
	free(out);
	out = convert("\0\0\xd8\0\0\0\0a", 8, "UTF-32BE", &n);
	is_str(out, U_FFFD "a", "UTF-32 surrogate skipped as one unit");
	free(out);
	out = convert("\x00\xd8" "a\0", 4, "UTF-16LE", &n);
	is_str(out, U_FFFD "a", "lone surrogate skipped as one unit");
	free(out);
	out = convert("\xff\xfe" "a\0", 4, NULL, &n);
	is_str(out, "a", "UTF-16LE BOM removed");
	free(out);
	out = convert("\xef\xbb\xbfx", 4, NULL, &n);
	ok(out != NULL && n == 1 && strcmp(out, "x") == 0,
	    "UTF-8 BOM removed");
	free(out);
	out = convert("\xef\xbb\xbfx", 4, "UTF-8", &n);
	is_str(out, "x", "UTF-8 BOM removed when the encoding is given");
	free(out);
	out = convert("a\0b", 3, "UTF-8", &n);
	ok(out != NULL && n == 3 && out[1] == '\0' && out[2] == 'b' &&
	    out[3] == '\0', "NUL bytes kept, output NUL-terminated");
	free(out);
	out = convert("a\0b", 3, "WINDOWS-1251", &n);
	ok(out != NULL && n == 3 && out[1] == '\0', "NUL kept through iconv");
	free(out);
	out = convert("", 0, "GB18030", &n);
	ok(out != NULL && n == 0 && *out == '\0', "empty input");
	free(out);

	cause = NULL;
	out = (char *)1;
	r = charset_to_utf8("x", 1, "x-nope", &out, &n, &cause);
	is_int(r, -1, "unknown encoding fails");
	ok(out == NULL, "no output for an unknown encoding");
	is_str(cause, "unknown encoding x-nope", "cause names the encoding");
	free(cause);
	is_int(charset_to_utf8("x", 1, "x-nope", &out, &n, NULL), -1,
	    "NULL cause");

	/* Hostile input: random bytes in every encoding, then a lot. */
	for (i = 0; i < 1 << 16; i++)
		buf_addc(&b, (char)(((i * 2654435761u) >> 13) % 255 + 1));
	for (i = 0; i < NITEMS(t); i++) {
		out = convert(b.data, b.len, t[i].enc, &n);
		ok(out != NULL && text_utf8_valid(out, n),
		    "random bytes as %s give valid UTF-8", t[i].enc);
		free(out);
	}
	out = convert(b.data, b.len, NULL, &n);
	ok(out != NULL && text_utf8_valid(out, n),
	    "random bytes, detected, give valid UTF-8 (%s)",
	    charset_detect(b.data, b.len, NULL, CHARSET_HTML));
	free(out);
	buf_reset(&b);
	while (b.len < 8 * 1024 * 1024)
		buf_add(&b, "\xd6\xd0\xff", 3);
	out = convert(b.data, b.len, "GB18030", &n);
	ok(out != NULL && n == b.len / 3 * 6, "8 MB, a third invalid");
	free(out);
	buf_free(&b);
}

/* Read a corpus file; NULL when absent. */
static char *
slurp(const char *dir, const char *name, size_t *len)
{
	char		*path, chunk[65536];
	FILE		*f;
	size_t		 n;
	struct buf	 b = BUF_INIT;

	path = xasprintf("%s/%s", dir, name);
	f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return (NULL);
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return (buf_detach(&b));
}

static void
skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

/* Checks on one corpus file: detected as want, with and without the
   declaration, and its UTF-8 contains each of the strings in has. */
static void
corpus_file(const char *dir, const char *name, const char *want,
    const char *guessed, const char *const *has)
{
	char		*s, *out, *decl;
	size_t		 len, n;

	if ((s = slurp(dir, name, &len)) == NULL) {
		skip(3, "corpus file absent");
		return;
	}
	is_str(charset_detect(s, len, NULL, CHARSET_XML), want, "corpus %s",
	    name);
	out = convert(s, len, charset_detect(s, len, NULL, CHARSET_XML), &n);
	for (; *has != NULL; has++)
		ok(out != NULL && strstr(out, *has) != NULL, "%s has \"%s\"",
		    name, *has);
	free(out);
	/* The same bytes with the declaration made useless. */
	decl = strstr(s, "encoding=");
	if (decl != NULL && decl < s + 100)
		memcpy(decl, "encodinX=", 9);
	is_str(charset_detect(s, len, NULL, CHARSET_XML), guessed,
	    "corpus %s without declaration", name);
	free(s);
}

static void
corpus(void)
{
	static const char *const utf8[] = { "RSParser/DaringFireball.rss",
	    "RSParser/DaringFireball.atom", "RSParser/scriptingNews.rss",
	    "RSParser/livemint.xml", "RSParser/aktuality.rss",
	    "node-feedparser/tpm.atom", "node-feedparser/illegally-nested.xml",
	    "node-feedparser/intertwingly.atom",
	    "node-feedparser/wapowellness.xml",
	    "node-feedparser/category-feed.xml", "rss-parser/guardian.rss",
	    "rss-parser/heise.atom", "feed-rs/rss_2.0_spiegel.xml",
	    "feed-rs/rss_2.0_ilmessaggero.xml", "feed-rs/rss_2.0_bbc.xml",
	    "feedjira/HuffPostCanada.xml", "miniflux/urdu_UTF8.xml" };
	static const char *const gb[] = { "投资资讯网交易在线",
	    "建国35周年纪念，华表，和平鸽", "大鱼儿", NULL };
	static const char *const ru[] = { "Новости Оренбурга и области",
	    "В Бузулуке главные стройплощадки – детсад и Ледовый дворец",
	    NULL };
	static const char *const fr[] = {
	    "une simplificationet#8230; très complexe",
	    "le magazine de toutes les psychologies", NULL };
	static const char *const br[] = { "UOL Noticias - Últimas Notícias",
	    NULL };
	static const char *const pt[] = {
	    "Jornal de Notícias - Últimas Notícias", NULL };
	static const char *const de[] = {
	    "Neue Glasfaserförderung mit Schnellkasse", NULL };
	static const char *const dm[] = { "© Bettmann/CORBIS", NULL };
	static const char *const ur[] = { "پاکستان کے لیے امریکی امداد",
	    NULL };
	const char	*top;
	char		*dir, *s;
	size_t		 i, len;

	top = getenv("top_srcdir");
	dir = xasprintf("%s/../shared/corpus/feeds/real", top ? top : ".");
	if ((s = slurp(dir, "SOURCES.md", &len)) == NULL) {
		diag("no corpus at %s", dir);
		skip(40, "corpus absent");
		free(dir);
		return;
	}
	free(s);
	corpus_file(dir, "RSParser/kc0011.rss", "GB18030", "GB18030", gb);
	corpus_file(dir, "node-feedparser/iconv.xml", "WINDOWS-1251",
	    "WINDOWS-1251", ru);
	corpus_file(dir, "miniflux/no_encoding_ISO-8859-1.xml",
	    "WINDOWS-1252", "WINDOWS-1252", fr);
	corpus_file(dir, "rss-parser/uolNoticias.rss", "WINDOWS-1252",
	    "WINDOWS-1252", br);
	corpus_file(dir, "rss-parser/encoding.rss", "WINDOWS-1252",
	    "WINDOWS-1252", pt);
	corpus_file(dir, "feed-rs/rss_1.0_iso8859.xml", "WINDOWS-1252",
	    "WINDOWS-1252", de);
	corpus_file(dir, "node-feedparser/mediacontent-dupes.xml", "UTF-8",
	    "UTF-8", dm);
	corpus_file(dir, "miniflux/urdu_UTF8.xml", "UTF-8", "UTF-8", ur);
	for (i = 0; i < NITEMS(utf8); i++) {
		if ((s = slurp(dir, utf8[i], &len)) == NULL) {
			skip(1, "corpus file absent");
			continue;
		}
		is_str(charset_detect(s, len, NULL, CHARSET_XML), "UTF-8",
		    "corpus %s", utf8[i]);
		free(s);
	}
	if ((s = slurp(dir, "RSParser/kc0011.rss", &len)) != NULL) {
		is_str(charset_detect(s, len, "text/xml; charset=\"gb2312\"",
		    CHARSET_XML), "GB18030", "kc0011 with an HTTP charset");
		is_str(charset_detect(s, len, "text/xml; charset=utf-8",
		    CHARSET_XML), "GB18030",
		    "an HTTP charset=utf-8 over GB2312 bytes is not believed");
		free(s);
	} else
		skip(2, "corpus file absent");
	free(dir);
}

/* Bytes that say UTF-8 but are not: a real encoding wins over the label. */
static void
detect_lies(void)
{
	static const char zh[] = "硅谷银行倒闭之后，中小银行的利率风险管理"
	    "与监管改革成为各方关注的焦点，市场担心加息周期还没有结束。";
	char *doc, *mixed;
	size_t len;

	doc = feed("GB18030", "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
	    zh, &len);
	is_str(charset_detect(doc, len, NULL, CHARSET_XML), "GB18030",
	    "GBK bytes in a document declared UTF-8 are GB18030");
	is_str(charset_detect(doc, len, "application/rss+xml; charset=utf-8",
	    CHARSET_XML), "GB18030", "GBK bytes sent as charset=utf-8 too");
	free(doc);
	/* Valid UTF-8 with one stray byte: still UTF-8, nothing garbled. */
	mixed = xasprintf("<?xml version=\"1.0\" encoding=\"utf-8\"?>"
	    "<rss><channel><title>%s \xff</title></channel></rss>", zh);
	is_str(charset_detect(mixed, strlen(mixed), NULL, CHARSET_XML),
	    "UTF-8", "UTF-8 with one stray byte stays UTF-8");
	free(mixed);
}

int
main(void)
{
	labels();
	content_type();
	detect_declared();
	detect_guess();
	detect_lies();
	conversion();
	corpus();
	return (done_testing());
}
