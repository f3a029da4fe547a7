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

int
main(void)
{
	setlocale(LC_ALL, "");
	test_page();
	test_jsonld();
	test_zh();
	test_hostile();
	test_scrape();
	return done_testing();
}
