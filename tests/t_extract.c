/* t_extract.c - article extraction and index-page scraping. */
#include "config.h"

#include <iconv.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "extract.h"
#include "scrape.h"
#include "tap.h"
#include "util.h"

static const char page[] =
	"<!DOCTYPE html><html lang=\"en-GB\"><head><title>Rates and growth |"
	" Institute</title>"
	"<meta property=\"og:title\" content=\"Rates and growth\">"
	"<meta name=\"author\" content=\"Ann Writer\">"
	"<meta property=\"article:published_time\""
	" content=\"2024-05-01T12:00:00Z\">"
	"<meta name=\"description\" content=\"Why rates matter.\">"
	"<link rel=\"canonical\" href=\"/pieces/rates\">"
	"</head><body><nav class=\"menu\"><a href=\"/\">Home</a>"
	"<a href=\"/topics\">Topics</a></nav>"
	"<div class=\"share-bar\"><a href=\"#\">Share on X</a></div>"
	"<article class=\"post\"><h1>Rates and growth</h1>"
	"<p>Central banks raised rates, and the question is how far growth"
	" will slow before inflation comes back to target.</p>"
	"<p>The second paragraph, with a <a href=\"/data\">link to data</a>,"
	" argues that the lags are long and variable, as they always were.</p>"
	"<ul><li>One point that matters a great deal</li>"
	"<li>Another point worth making</li></ul>"
	"<p>A third paragraph closes the argument, with commas, clauses,"
	" and a conclusion that the reader may or may not share.</p>"
	"</article><div class=\"related\"><h3>Related</h3><ul>"
	"<li><a href=\"/a\">Something else</a></li></ul></div>"
	"<footer>Copyright 2024 Institute, 1 Road, phone 555-0100</footer>"
	"<script>document.write('tracker')</script></body></html>";

static char *
to_gbk(const char *s)
{
	iconv_t cd = iconv_open("GB18030", "UTF-8");
	size_t inlen = strlen(s), outlen = inlen * 2 + 1;
	char *out = xcalloc(1, outlen), *in = (char *)s, *o = out;

	iconv(cd, &in, &inlen, &o, &outlen);
	iconv_close(cd);
	return out;
}

static void
test_page(void)
{
	struct extract *e;
	char *text;

	e = extract_page(page, strlen(page), "https://think.example/p?id=1",
	    NULL);
	is_str(e->title, "Rates and growth", "title from og:title");
	is_str(e->author, "Ann Writer", "author from meta");
	is_int(e->published, 1714564800, "published from article meta");
	is_str(e->lead, "Why rates matter.", "lead from the description");
	is_str(e->language, "en-GB", "language from <html lang>");
	is_str(e->url, "https://think.example/pieces/rates",
	    "canonical URL resolved");
	text = extract_plain(e);
	ok(strstr(text, "how far growth will slow") != NULL, "first paragraph");
	ok(strstr(text, "Another point worth making") != NULL, "list kept");
	ok(strstr(text, "may or may not share") != NULL, "last paragraph");
	ok(strstr(text, "Topics") == NULL, "navigation left out");
	ok(strstr(text, "Share on") == NULL, "share bar left out");
	ok(strstr(text, "Something else") == NULL, "related list left out");
	ok(strstr(text, "Copyright") == NULL, "footer left out");
	ok(strstr(text, "tracker") == NULL, "script left out");
	ok(strstr(text, "[1]") == NULL, "plain text has no link markers");
	ok(strstr(e->html, "href=\"https://think.example/data\"") != NULL,
	    "links in the stored HTML are absolute");
	ok(e->body.nlinks == 1 &&
	    strcmp(e->body.links[0], "https://think.example/data") == 0,
	    "the rendered body lists the link");
	free(text);
	extract_free(&e);
	ok(e == NULL, "extract_free clears the pointer");
}

static void
test_jsonld(void)
{
	static const char ld[] =
	    "<html><head><title>x</title><script type=\"application/ld+json\">"
	    "<![CDATA[{\"@context\":\"https://schema.org\",\"@graph\":["
	    "{\"@type\":\"WebPage\",\"name\":\"Not this\"},"
	    "{\"@type\":[\"NewsArticle\"],"
	    "\"headline\":\"Caf\\u00e9 \\\"talk\\\"\","
	    "\"author\":[{\"name\":\"A One\"},{\"name\":\"B Two\"}],"
	    "\"datePublished\":\"2023-03-26T10:00:00+08:00\"}]}]]>"
	    "</script><script type=\"application/ld+json\">{\"bad\": [}"
	    "</script></head><body><p>Short body text that is here.</p>"
	    "</body></html>";
	struct extract *e;

	e = extract_page(ld, strlen(ld), NULL, NULL);
	is_str(e->title, "Caf\xc3\xa9 \"talk\"", "JSON-LD headline, escapes");
	is_str(e->author, "A One, B Two", "JSON-LD authors joined");
	is_int(e->published, 1679796000, "JSON-LD date");
	extract_free(&e);
}

static void
test_zh(void)
{
	struct buf b = BUF_INIT;
	struct extract *e;
	char *gbk, *text;
	int i;

	buf_adds(&b, "<html><head><meta http-equiv=\"Content-Type\" "
	    "content=\"text/html; charset=gb2312\"><title>央行加息的代价_"
	    "财经频道_某某网</title></head><body><div class=\"nav\">"
	    "<a href=\"/\">首页</a> <a href=\"/x\">财经</a></div>"
	    "<div class=\"info\">2023年3月26日 10:00 来源：某某报 作者：张三"
	    "</div><div id=\"zhengwen\">");
	for (i = 0; i < 6; i++)
		buf_addf(&b, "<p>第%d段：央行加息以后，市场利率上升，"
		    "企业融资成本增加，经济增长放缓。</p>", i);
	buf_adds(&b, "<p>责任编辑：李四</p></div><div class=\"footer\">"
	    "京ICP备12345678号 电话：010-12345678</div></body></html>");
	gbk = to_gbk(buf_str(&b));
	e = extract_page(gbk, strlen(gbk), NULL, NULL);
	is_str(e->title, "央行加息的代价", "Chinese title without site");
	is_str(e->author, "张三", "作者 found");
	is_int(e->published, 1679796000, "年月日 date, China time");
	text = extract_plain(e);
	ok(strstr(text, "第5段：央行加息以后") != NULL, "GB2312 body decoded");
	ok(strstr(text, "ICP") == NULL, "licence footer left out");
	ok(strstr(text, "首页") == NULL, "navigation left out");
	free(text);
	free(gbk);
	extract_free(&e);
	buf_free(&b);
}

static void
test_hostile(void)
{
	struct buf b = BUF_INIT;
	struct extract *e;
	int i;

	for (i = 0; i < 50000; i++)
		buf_adds(&b, "<div><span>");
	buf_adds(&b, "deep");
	e = extract_page(buf_str(&b), b.len, NULL, NULL);
	ok(e != NULL, "deep nesting survives");
	extract_free(&e);
	e = extract_page("", 0, NULL, NULL);
	ok(e != NULL && e->text_len == 0 && e->title == NULL,
	    "an empty page gives an empty article");
	extract_free(&e);
	e = extract_page("\xff\xfe\x00<\x00p", 6, NULL, "text/html");
	ok(e != NULL, "binary junk survives");
	extract_free(&e);
	buf_free(&b);
}

static void
test_scrape(void)
{
	static const char index[] =
	    "<html><head><title>Institute</title>"
	    "<base href=\"https://inst.example/research/\"></head><body>"
	    "<nav><a href=\"/\">Home</a><a href=\"/about\">About us</a></nav>"
	    "<ul class=\"list\">"
	    "<li class=\"item\"><a href=\"a1\">First analysis piece title</a>"
	    "</li><li class=\"item\"><a href=\"a2#x\">Second analysis piece"
	    "</a></li><li class=\"item\"><a href=\"/research/a1\">Again</a>"
	    "</li><li class=\"item\"><a href=\"javascript:go()\">Script"
	    " link text</a></li><li class=\"item\"><a href=\"a3\">Third one"
	    " about things</a></li></ul>"
	    "<footer><a href=\"/contact\">Contact the institute</a></footer>"
	    "</body></html>";
	struct scrape *s;
	char *cause = NULL;

	s = scrape_page(index, strlen(index), "https://inst.example/r",
	    NULL, "//li[@class='item']", &cause);
	ok(s != NULL, "scrape with an xpath");
	is_int(s->nlinks, 3, "three links, duplicate and script dropped");
	is_str(s->links[0].url, "https://inst.example/research/a1",
	    "resolved against <base>");
	is_str(s->links[1].url, "https://inst.example/research/a2",
	    "fragment dropped");
	is_str(s->links[0].title, "First analysis piece title", "link text");
	is_str(s->title, "Institute", "page title");
	scrape_free(&s);
	s = scrape_page(index, strlen(index), "https://inst.example/r",
	    NULL, "//ul/li/a/@href", &cause);
	is_int(s != NULL ? s->nlinks : 0, 3, "attribute nodes as links");
	scrape_free(&s);
	s = scrape_page(index, strlen(index), "https://inst.example/r",
	    NULL, NULL, &cause);
	is_int(s != NULL ? s->nlinks : 0, 3, "heuristic finds the list");
	scrape_free(&s);
	s = scrape_page(index, strlen(index), NULL, NULL, "//li[", &cause);
	ok(s == NULL && cause != NULL && strstr(cause, "invalid xpath"),
	    "invalid xpath is an error");
	free(cause);
}

/* tests/pages/NAME, read whole; NULL when the tree is not at hand. */
static char *
page_file(const char *name, size_t *len)
{
	const char *top = getenv("top_srcdir");
	struct buf b = BUF_INIT;
	char chunk[8192], *path;
	size_t n;
	FILE *f;

	path = xasprintf("%s/tests/pages/%s", top != NULL ? top : ".", name);
	f = fopen(path, "rb");
	free(path);
	if (f == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	*len = b.len;
	return buf_detach(&b);
}

/* The links a heuristic finds, one a line. */
static char *
guessed(const char *name, const char *url)
{
	struct buf b = BUF_INIT;
	struct scrape *s;
	char *bytes, *cause = NULL;
	size_t len, i;

	if ((bytes = page_file(name, &len)) == NULL)
		return xstrdup("(no page)");
	s = scrape_page(bytes, len, url, NULL, NULL, &cause);
	free(bytes);
	for (i = 0; s != NULL && i < s->nlinks; i++)
		buf_addf(&b, "%s %s\n", s->links[i].url,
		    s->links[i].title != NULL ? s->links[i].title : "-");
	scrape_free(&s);
	free(cause);
	return buf_detach(&b);
}

/*
 * Index pages as sites write them (tests/pages): the article list and a
 * featured piece, without menus, breadcrumbs, author, topic and tag links,
 * "Read more", page numbers, sidebars, other sites and the footer.
 */
static void
test_guess(void)
{
	char *got;

	got = guessed("index-en.html", "https://inst.example/analysis/");
	is_str(got,
	    "https://inst.example/analysis/2024/05/why-rate-cuts-are-coming-"
	    "later-than-markets-expect Why rate cuts are coming later than "
	    "markets expect\n"
	    "https://inst.example/analysis/2024/05/chinas-property-slump-and-"
	    "the-local-government-debt-problem China's property slump and the "
	    "local government debt problem\n"
	    "https://inst.example/analysis/2024/04/what-the-red-sea-attacks-"
	    "mean-for-shipping-insurance What the Red Sea attacks mean for "
	    "shipping insurance\n"
	    "https://inst.example/analysis/2024/04/europes-defence-spending-"
	    "after-the-nato-summit Europe's defence spending after the NATO "
	    "summit\n"
	    "https://inst.example/analysis/2024/04/indias-election-and-the-"
	    "economy-a-primer?utm_source=list India's election and the "
	    "economy: a primer\n"
	    "https://inst.example/analysis/2024/04/semiconductor-export-"
	    "controls-one-year-on Semiconductor export controls, one year on\n",
	    "a think tank's analysis page: the featured piece and the list");
	free(got);
	got = guessed("index-zh.html", "http://www.iis.example.cn/zjgd/");
	is_str(got,
	    "http://www.iis.example.cn/zjgd/202405/t20240506_5748123.shtml "
	    "美联储降息推迟对新兴市场资本流动的影响\n"
	    "http://www.iis.example.cn/zjgd/202405/t20240503_5747990.shtml "
	    "地方政府债务风险与房地产市场的调整\n"
	    "http://www.iis.example.cn/zjgd/202404/t20240428_5746201.shtml "
	    "红海危机下的全球航运与供应链安全\n"
	    "http://www.iis.example.cn/zjgd/202404/t20240422_5745512.shtml "
	    "欧洲防务自主：北约峰会之后的新动向\n"
	    "http://www.iis.example.cn/zjgd/202404/t20240415_5744873.shtml "
	    "半导体出口管制一年来的效果评估\n",
	    "a Chinese list page in GB2312: the list, not the sidebar");
	free(got);
	/* A news host of the same site counts; another site does not. */
	{
		static const char idx[] =
		    "<ul class=\"news\"><li><a href=\"http://news.iis.example."
		    "cn/2024/0501/c1001-40226789.html\">第一篇：中美经贸关系"
		    "的新变化</a></li><li><a href=\"http://other.example.com/"
		    "2024/0502/c1001-40226790.html\">第二篇：欧洲能源转型的"
		    "代价</a></li><li><a href=\"/2024/0503/c1001-40226791."
		    "html\">第三篇：亚太地区的供应链重组</a></li></ul>";
		struct scrape *s;
		char *cause = NULL;

		s = scrape_page(idx, strlen(idx),
		    "http://www.iis.example.cn/list/", NULL, NULL, &cause);
		ok(s != NULL && s->nlinks == 2 &&
		    strstr(s->links[0].url, "news.iis.example.cn") != NULL &&
		    strstr(s->links[1].url, "40226791") != NULL,
		    "links to another site are left out, a subdomain's kept");
		scrape_free(&s);
	}
}

int
main(void)
{
	setlocale(LC_ALL, "");
	test_page();
	test_jsonld();
	test_zh();
	test_hostile();
	test_scrape();
	test_guess();
	return done_testing();
}
