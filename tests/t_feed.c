/* t_feed.c - the feed parser: formats, safety, recovery, links, encodings. */
#include "config.h"

#include <fcntl.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <curl/curl.h>
#include <libxml/HTMLparser.h>

#include "buf.h"
#include "feed.h"
#include "../src/parse/feed-int.h"
#include "tap.h"
#include "text.h"
#include "util.h"

#define URL "https://site.example/feeds/main.xml"

static struct feed *
parse(const char *s)
{
	struct feed *f;
	char *cause = NULL;

	f = feed_parse(s, strlen(s), URL, NULL, &cause);
	if (f == NULL)
		diag("cause: %s", cause);
	free(cause);
	return f;
}

static int
contains(const char *hay, const char *needle)
{
	return hay != NULL && strstr(hay, needle) != NULL;
}

static void
test_rss20(void)
{
	struct feed *f;
	struct feed_item *it;
	char date[32];

	f = parse("<?xml version=\"1.0\"?>\n"
	    "<rss version=\"2.0\" "
	    "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
	    "xmlns:atom=\"http://www.w3.org/2005/Atom\">"
	    "<channel><title>Think  Tank\n Feed</title>"
	    "<link>https://site.example/</link><language>en-us</language>"
	    "<atom:link rel=\"self\" href=\"https://site.example/rss\"/>"
	    "<lastBuildDate>Mon, 01 May 2023 10:00:00 GMT</lastBuildDate>"
	    "<image><title>Logo</title><link>https://img.example/</link>"
	    "</image>"
	    "<item><title>Rates &amp; &lt;risk&gt;</title>"
	    "<link>/essays/rates</link>"
	    "<guid isPermaLink=\"false\">tag:site,1</guid>"
	    "<dc:creator>A. Writer</dc:creator>"
	    "<pubDate>Sun, 30 Apr 2023 08:30:00 +0200</pubDate>"
	    "<description>&lt;p&gt;Lead&lt;/p&gt;</description>"
	    "<content:encoded><![CDATA[<p>Body <b>bold</b></p>]]>"
	    "</content:encoded>"
	    "<category>econ</category><category>rates</category>"
	    "<enclosure url=\"a.mp3\" type=\"audio/mpeg\" length=\"123\"/>"
	    "</item>"
	    "<item><title>Second</title>"
	    "<guid>https://site.example/second</guid></item>"
	    "</channel></rss>");
	ok(f != NULL, "rss 2.0 parses");
	if (f == NULL)
		return;
	is_str(feed_format_name(f->format), "rss20", "rss 2.0 format");
	is_str(f->title, "Think Tank Feed", "channel title, one line");
	is_str(f->link, "https://site.example/", "channel link, not image's");
	is_str(f->self, "https://site.example/rss", "atom:link rel=self");
	is_str(f->language, "en-us", "channel language");
	util_rfc3339(f->updated, date, sizeof date);
	is_str(date, "2023-05-01T10:00:00Z", "lastBuildDate");
	ok(f->error == NULL, "no error");
	is_int(f->nitems, 2, "two items");
	it = &f->items[0];
	is_str(it->title, "Rates & <risk>", "item title decoded");
	is_str(it->link, "https://site.example/essays/rates",
	    "relative link resolved against the feed URL");
	is_str(it->guid, "tag:site,1", "guid");
	ok(it->authors != NULL && strcmp(it->authors[0], "A. Writer") == 0,
	    "dc:creator author");
	util_rfc3339(it->published, date, sizeof date);
	is_str(date, "2023-04-30T06:30:00Z", "pubDate to UTC");
	is_str(it->summary, "<p>Lead</p>", "description kept as HTML");
	is_str(it->content, "<p>Body <b>bold</b></p>", "content:encoded");
	ok(it->categories != NULL && util_strv_len(it->categories) == 2 &&
	    strcmp(it->categories[1], "rates") == 0, "categories");
	ok(it->nenclosures == 1 && strcmp(it->enclosures[0].url,
	    "https://site.example/feeds/a.mp3") == 0 &&
	    it->enclosures[0].length == 123, "enclosure");
	is_str(f->items[1].link, "https://site.example/second",
	    "permalink guid becomes the link");
	feed_free(&f);
	ok(f == NULL, "feed_free clears the pointer");
}

static void
test_rss_other(void)
{
	struct feed *f;
	char date[32];

	f = parse("<rdf:RDF "
	    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	    "xmlns=\"http://purl.org/rss/1.0/\" "
	    "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">"
	    "<channel rdf:about=\"x\"><title>RDF feed</title>"
	    "<link>http://rdf.example/</link><dc:language>de</dc:language>"
	    "</channel>"
	    "<item rdf:about=\"http://rdf.example/1\"><title>Eins</title>"
	    "<link>http://rdf.example/1</link>"
	    "<dc:date>2023-03-26T10:00:00+08:00</dc:date>"
	    "<dc:subject>politik</dc:subject></item>"
	    "</rdf:RDF>");
	ok(f != NULL && f->format == FEED_RSS10, "rss 1.0 (rdf)");
	if (f != NULL) {
		is_str(f->title, "RDF feed", "rdf channel title");
		is_str(f->language, "de", "dc:language");
		is_int(f->nitems, 1, "rdf items outside the channel");
		is_str(f->items[0].title, "Eins", "rdf item title");
		util_rfc3339(f->items[0].published, date, sizeof date);
		is_str(date, "2023-03-26T02:00:00Z",
		    "dc:date with offset, published falls back to it");
		ok(f->items[0].categories != NULL, "dc:subject category");
	}
	feed_free(&f);

	f = parse("<rdf:RDF "
	    "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" "
	    "xmlns=\"http://my.netscape.com/rdf/simple/0.9/\">"
	    "<channel><title>Old</title></channel>"
	    "<item><title>i</title><link>http://o.example/</link></item>"
	    "</rdf:RDF>");
	ok(f != NULL && f->format == FEED_RSS090 && f->nitems == 1,
	    "rss 0.90");
	feed_free(&f);

	f = parse("<rss version=\"0.91\"><channel><title>Ninety-one</title>"
	    "<item><title>x</title><description>d</description></item>"
	    "</channel></rss>");
	ok(f != NULL && f->format == FEED_RSS091 && f->nitems == 1,
	    "rss 0.91");
	feed_free(&f);
}

static void
test_atom(void)
{
	struct feed *f;
	struct feed_item *it;
	char date[32];

	f = parse("<feed xmlns=\"http://www.w3.org/2005/Atom\" "
	    "xml:lang=\"en\" xml:base=\"http://a.example/b/\">"
	    "<title type=\"html\">A &lt;i&gt;feed&lt;/i&gt;</title>"
	    "<link href=\"/\"/><link rel=\"self\" href=\"atom.xml\"/>"
	    "<updated>2023-05-01T12:00:00Z</updated>"
	    "<entry xml:base=\"c/\"><title type=\"text\">x &lt; y</title>"
	    "<link rel=\"alternate\" type=\"text/html\" href=\"d.html\"/>"
	    "<link rel=\"enclosure\" href=\"e.mp3\" length=\"5\"/>"
	    "<id>urn:uuid:1</id>"
	    "<author><name>Ann</name><email>ann@a.example</email></author>"
	    "<published>2023-04-01T00:00:00-05:00</published>"
	    "<updated>2023-04-02T00:00:00Z</updated>"
	    "<summary type=\"text\">1 &lt; 2 &amp; 3</summary>"
	    "<content type=\"xhtml\"><div "
	    "xmlns=\"http://www.w3.org/1999/xhtml\"><p>Hi <a href=\"f\">"
	    "there</a> &amp; more</p></div></content>"
	    "<category term=\"china\" label=\"China\"/>"
	    "<source><title>Origin</title>"
	    "<link href=\"http://origin.example/\"/></source>"
	    "</entry>"
	    "<entry><title type=\"xhtml\"><div "
	    "xmlns=\"http://www.w3.org/1999/xhtml\">Bold <b>move</b></div>"
	    "</title><content type=\"html\">&lt;p onclick=\"x()\"&gt;ok"
	    "&lt;script&gt;alert(1)&lt;/script&gt;&lt;a "
	    "href=\"javascript:alert(1)\"&gt;link&lt;/a&gt;&lt;/p&gt;"
	    "</content></entry>"
	    "</feed>");
	ok(f != NULL && f->format == FEED_ATOM10, "atom 1.0");
	if (f == NULL)
		return;
	is_str(f->title, "A feed", "html title as plain text");
	is_str(f->link, "http://a.example/", "feed link with xml:base");
	is_str(f->self, "http://a.example/b/atom.xml", "self link");
	is_str(f->language, "en", "xml:lang");
	is_int(f->nitems, 2, "two entries");
	it = &f->items[0];
	is_str(it->title, "x < y", "text title kept as text");
	is_str(it->link, "http://a.example/b/c/d.html", "nested xml:base");
	ok(it->nenclosures == 1 && strcmp(it->enclosures[0].url,
	    "http://a.example/b/c/e.mp3") == 0, "enclosure link");
	is_str(it->guid, "urn:uuid:1", "id");
	ok(it->authors != NULL && strcmp(it->authors[0],
	    "Ann (ann@a.example)") == 0, "author name and email");
	util_rfc3339(it->published, date, sizeof date);
	is_str(date, "2023-04-01T05:00:00Z", "published");
	util_rfc3339(it->updated, date, sizeof date);
	is_str(date, "2023-04-02T00:00:00Z", "updated");
	is_str(it->summary, "1 &lt; 2 &amp; 3", "text summary escaped as HTML");
	is_str(it->content, "<p>Hi <a href=\"http://a.example/b/c/f\">there</a>"
	    " &amp; more</p>", "xhtml content: the div's children, links "
	    "resolved");
	ok(it->categories != NULL && strcmp(it->categories[0], "china") == 0,
	    "category term");
	is_str(it->source_title, "Origin", "source title");
	is_str(it->source_url, "http://origin.example/", "source link");
	it = &f->items[1];
	is_str(it->title, "Bold move", "xhtml title as text");
	ok(it->content != NULL && !contains(it->content, "onclick") &&
	    !contains(it->content, "script") &&
	    !contains(it->content, "alert") && contains(it->content, "ok"),
	    "content sanitised: no handlers, scripts or javascript: links");
	ok(it->guid == NULL, "no guid");
	feed_free(&f);

	f = parse("<feed version=\"0.3\" xmlns=\"http://purl.org/atom/ns#\">"
	    "<title mode=\"escaped\" type=\"text/html\">Old &amp;amp; new"
	    "</title><entry><title>E</title>"
	    "<issued>2004-01-01T00:00:00Z</issued>"
	    "<modified>2004-01-02T00:00:00Z</modified>"
	    "<content type=\"text/html\" mode=\"base64\">"
	    "PGI+Ym9sZDwvYj4=</content></entry></feed>");
	ok(f != NULL && f->format == FEED_ATOM03, "atom 0.3");
	if (f != NULL && f->nitems == 1) {
		is_str(f->title, "Old & new", "escaped html title");
		is_str(f->items[0].content, "<b>bold</b>", "base64 content");
		ok(f->items[0].published != 0 && f->items[0].updated != 0,
		    "issued and modified");
	}
	feed_free(&f);
}

static void
test_safety(void)
{
	struct feed *f;
	struct buf b = BUF_INIT;
	char path[] = "/tmp/pundit-xxe.XXXXXX";
	char *cause = NULL;
	time_t start;
	int fd, saved;
	struct stat st;
	FILE *err;

	fd = mkstemp(path);
	ok(fd != -1, "secret file made");
	if (fd == -1)
		return;
	if (write(fd, "SECRET-XYZZY", 12) != 12)
		diag("short write");
	close(fd);

	buf_addf(&b, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY xxe "
	    "SYSTEM \"file://%s\">]><rss version=\"2.0\"><channel><title>"
	    "t&xxe;</title><item><title>a&xxe;</title><description>&xxe;"
	    "</description></item></channel></rss>", path);
	f = parse(buf_str(&b));
	ok(f != NULL, "a feed with an external entity still parses");
	ok(f != NULL && !contains(f->title, "SECRET") && f->nitems == 1 &&
	    !contains(f->items[0].title, "SECRET") &&
	    !contains(f->items[0].summary, "SECRET"),
	    "the external entity's file is not read");
	ok(f != NULL && contains(f->error, "entity"),
	    "the entity declaration is reported");
	feed_free(&f);

	buf_reset(&b);
	buf_addf(&b, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY %% p "
	    "SYSTEM \"file://%s\"> %%p;]><rss><channel><title>x</title>"
	    "</channel></rss>", path);
	f = parse(buf_str(&b));
	ok(f == NULL || !contains(f->title, "SECRET"),
	    "a parameter entity does not read the file");
	feed_free(&f);

	buf_reset(&b);
	buf_addf(&b, "<?xml version=\"1.0\"?>"
	    "<!DOCTYPE rss SYSTEM \"file://%s\"><rss><channel>"
	    "<title>dtd</title></channel></rss>", path);
	f = parse(buf_str(&b));
	ok(f != NULL && f->title != NULL && strcmp(f->title, "dtd") == 0,
	    "an external DTD is not loaded, the feed parses");
	feed_free(&f);
	unlink(path);

	buf_reset(&b);
	buf_adds(&b, "<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY lol "
	    "\"lol\"><!ENTITY l1 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;"
	    "&lol;&lol;\">");
	for (fd = 2; fd < 10; fd++)
		buf_addf(&b, "<!ENTITY l%d \"&l%d;&l%d;&l%d;&l%d;&l%d;&l%d;"
		    "&l%d;&l%d;&l%d;&l%d;\">", fd, fd - 1, fd - 1, fd - 1,
		    fd - 1, fd - 1, fd - 1, fd - 1, fd - 1, fd - 1, fd - 1);
	buf_adds(&b, "]><rss><channel><title>&l9;</title><item><title>"
	    "&l9;</title></item></channel></rss>");
	start = time(NULL);
	f = parse(buf_str(&b));
	ok(time(NULL) - start < 3, "billion laughs: quick");
	ok(f == NULL || f->title == NULL || strlen(f->title) < 100,
	    "billion laughs: nothing expanded");
	feed_free(&f);

	f = parse("<!DOCTYPE rss [<!ENTITY co \"Evil Corp\">]><rss><channel>"
	    "<title>&co;</title></channel></rss>");
	ok(f != NULL && f->title != NULL && strcmp(f->title, "Evil Corp") == 0,
	    "an internal entity of plain text is used");
	ok(f != NULL && f->error == NULL, "and is no problem");
	feed_free(&f);
	f = parse("<!DOCTYPE rss [<!ENTITY a \"x\"><!ENTITY co \"&a;&a;\">]>"
	    "<rss><channel><title>&co;</title></channel></rss>");
	ok(f != NULL && !contains(f->title, "xx"),
	    "an entity made of entities is ignored");
	ok(f != NULL && contains(f->error, "entity"),
	    "and recorded as the feed's problem");
	feed_free(&f);
	buf_reset(&b);
	buf_adds(&b, "<!DOCTYPE rss [<!ENTITY big \"");
	for (fd = 0; fd < 1000; fd++)
		buf_addc(&b, 'x');
	buf_adds(&b, "\">]><rss><channel><item><title>t</title><description>");
	for (fd = 0; fd < 100000; fd++)
		buf_adds(&b, "&big;");
	buf_adds(&b, "</description></item></channel></rss>");
	f = parse(buf_str(&b));
	ok(f != NULL && f->nitems == 1 && (f->items[0].summary == NULL ||
	    strlen(f->items[0].summary) < 5 * 1024 * 1024),
	    "declared entities cannot grow a feed more than a few MB");
	feed_free(&f);

	/* Nothing reaches stderr, whatever the document. */
	fflush(stderr);
	saved = dup(2);
	err = tmpfile();
	dup2(fileno(err), 2);
	f = feed_parse("<rss><channel><title>&bogus; <b>\x01</title><<<",
	    40, NULL, NULL, &cause);
	feed_free(&f);
	free(cause);
	cause = NULL;
	fflush(stderr);
	dup2(saved, 2);
	close(saved);
	ok(fstat(fileno(err), &st) == 0 && st.st_size == 0,
	    "parser errors never go to stderr");
	fclose(err);
	buf_free(&b);
}

/* Escape sequences go whole, by ESC or by "&#27;", whole or pushed. */
static void
test_escapes(void)
{
	static const char doc[] =
	    "<rss><channel><title>T</title>"
	    "<item><title>a \x1b[2J\x1b[31mred\x1b[0m \x1b]0;pwned\x07" "b "
	    "\x1b]8;;http://evil.example/\x1b\\link\x1b]8;;\x1b\\ "
	    "\x1bP+q6b64\x1b\\c \x1b(Bd \x1b" "7e</title>"
	    "<description><![CDATA[<p>x \x1b[1;31my\x1b[m z</p>]]>"
	    "</description></item>"
	    "<item><title>refs &#27;[2J&#x1b;[31mred&#X1B;[0m end</title></item>"
	    "<item><title>cut \x1b]0;never ends</title></item>"
	    "<item><title>after</title></item>"
	    "</channel></rss>";
	struct feed_parser *p;
	struct feed *f;
	char *cause = NULL;
	size_t i;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		if (pass == 0)
			f = parse(doc);
		else {
			p = feed_parser_new(URL, NULL);
			for (i = 0; i < sizeof doc - 1; i++)
				feed_parser_push(p, doc + i, 1);
			f = feed_parser_finish(&p, &cause);
			free(cause);
			cause = NULL;
		}
		ok(f != NULL && f->nitems == 4, "escapes%s: every item",
		    pass ? ", pushed a byte at a time" : "");
		if (f == NULL || f->nitems != 4) {
			feed_free(&f);
			continue;
		}
		is_str(f->items[0].title, "a red b link c d e",
		    "escapes%s: CSI, OSC, DCS, nF and Fp removed whole",
		    pass ? " (pushed)" : "");
		ok(contains(f->items[0].summary, "x y z"),
		    "escapes%s: and in CDATA", pass ? " (pushed)" : "");
		is_str(f->items[1].title, "refs red end",
		    "escapes%s: &#27; starts a sequence too",
		    pass ? " (pushed)" : "");
		is_str(f->items[2].title, "cut",
		    "escapes%s: an endless OSC stops at the markup",
		    pass ? " (pushed)" : "");
		is_str(f->items[3].title, "after",
		    "escapes%s: and the next item is read",
		    pass ? " (pushed)" : "");
		feed_free(&f);
	}
}

static void
test_entities(void)
{
	struct feed *f;

	f = parse("<rss><channel><title>A&nbsp;B&mdash;C&hellip;"
	    "&rsquo;</title><item><title>x</title>"
	    "<description>a&nbsp;b &copy; &eacute;</description>"
	    "<enclosure url=\"http://e.example/?a=1&amp;b=2\"/>"
	    "</item></channel></rss>");
	ok(f != NULL, "undeclared HTML entities do not stop the parse");
	if (f == NULL)
		return;
	is_str(f->title, "A B\xe2\x80\x94" "C\xe2\x80\xa6\xe2\x80\x99",
	    "&nbsp; &mdash; &hellip; &rsquo; decoded");
	is_str(f->items[0].summary, "a\xc2\xa0" "b \xc2\xa9 \xc3\xa9",
	    "entities in HTML content decoded");
	ok(f->items[0].nenclosures == 1 && strcmp(f->items[0].enclosures[0].url,
	    "http://e.example/?a=1&b=2") == 0, "&amp; in an attribute");
	ok(f->error == NULL, "HTML entities are no error");
	feed_free(&f);
}

static void
test_recovery(void)
{
	struct feed *f;
	const char *bad;
	char *cause = NULL;

	f = parse("<rss version=\"2.0\"><channel><title>T</title>"
	    "<item><title>one</title><link>http://x.example/1</link></item>"
	    "<item><title>two</title><link>http://x.example/2</link></item>"
	    "<item><title>three</title><link>http://x.exa");
	ok(f != NULL, "a truncated feed parses");
	if (f != NULL) {
		is_int(f->nitems, 2, "the complete items, not the cut one");
		ok(f->error != NULL && contains(f->error, "line 1:"),
		    "the problem is recorded with its position");
		diag("error: %s", f->error ? f->error : "(none)");
	}
	feed_free(&f);

	f = parse("<rss version=\"2.0\"><channel><title>T</title>"
	    "<item><title>one</item>"
	    "<item><title>two</title><description>a <br> b</description>"
	    "</item></channel></rss>");
	ok(f != NULL && f->nitems >= 2, "bad nesting: both items");
	if (f != NULL && f->nitems >= 2) {
		is_str(f->items[0].title, "one", "bad nesting: first title");
		is_str(f->items[1].title, "two", "bad nesting: second title");
	}
	feed_free(&f);

	bad = "<rss><channel><item><title>caf\xc3 \xff ok</title>"
	    "</item></channel></rss>";
	f = feed_parse(bad, strlen(bad), NULL, "text/xml; charset=utf-8",
	    &cause);
	ok(f != NULL && f->nitems == 1 && contains(f->items[0].title,
	    "\xef\xbf\xbd"), "invalid UTF-8 becomes U+FFFD");
	feed_free(&f);
	free(cause);
	cause = NULL;

	f = parse("<rss><channel><item><title>a\x1b[31mred\xe2\x80\xae"
	    "x</title></item></channel></rss>");
	ok(f != NULL && f->nitems == 1 && !contains(f->items[0].title,
	    "\x1b") && !contains(f->items[0].title, "\xe2\x80\xae"),
	    "controls and bidi overrides removed from titles");
	feed_free(&f);

	f = feed_parse("", 0, URL, NULL, &cause);
	ok(f == NULL && cause != NULL && contains(cause, URL),
	    "an empty document: no feed, a cause naming the URL");
	diag("cause: %s", cause ? cause : "(none)");
	free(cause);
	cause = NULL;
	f = feed_parse("<html><body><p>hi</p></body></html>", 35, URL, NULL,
	    &cause);
	ok(f == NULL && contains(cause, "not a feed"), "HTML is not a feed");
	free(cause);
	cause = NULL;
	f = feed_parse("\x89PNG\r\n\x1a\n\0\0\0", 11, NULL, NULL, &cause);
	ok(f == NULL && cause != NULL, "binary garbage: a cause");
	free(cause);
}

static void
test_keys_dates(void)
{
	struct feed *f, *g;
	char *k1, *k2, *k3;

	f = parse("<rss><channel>"
	    "<item><title>a</title><link>http://k.example/a</link>"
	    "<pubDate>not a date at all</pubDate></item>"
	    "<item><title>b</title><pubDate>2023-03-26</pubDate></item>"
	    "<item><title>c</title><pubDate>2023\xe5\xb9\xb4" "3\xe6\x9c\x88"
	    "26\xe6\x97\xa5</pubDate></item>"
	    "</channel></rss>");
	g = parse("<rss><channel>"
	    "<item><title>a</title><link>http://k.example/a</link></item>"
	    "</channel></rss>");
	ok(f != NULL && g != NULL && f->nitems == 3, "items without guids");
	if (f == NULL || g == NULL || f->nitems != 3) {
		feed_free(&f);
		feed_free(&g);
		return;
	}
	ok(f->items[0].published == 0, "an unparseable date is left empty");
	ok(f->items[1].published != 0, "an ISO date without time");
	ok(f->items[2].published != 0, "a Chinese date");
	k1 = feed_item_key(&f->items[0]);
	k2 = feed_item_key(&g->items[0]);
	k3 = feed_item_key(&f->items[1]);
	ok(strncmp(k1, "h:", 2) == 0, "a key without guid is a hash");
	is_str(k1, k2, "the key is stable across parses");
	ok(strcmp(k1, k3) != 0, "different items, different keys");
	free(k1);
	free(k2);
	free(k3);
	feed_free(&f);
	feed_free(&g);
}

static void
test_encoding(void)
{
	struct feed *f;
	const char *gb = "<?xml version=\"1.0\" encoding=\"gb2312\"?>"
	    "<rss><channel><title>\xd6\xd0\xce\xc4</title><item><title>"
	    "\xbc\xd3\xcf\xa2</title></item></channel></rss>";
	char *cause = NULL;

	f = feed_parse(gb, strlen(gb), NULL, NULL, &cause);
	ok(f != NULL, "a GB2312 feed parses");
	if (f != NULL) {
		is_str(f->title, "\xe4\xb8\xad\xe6\x96\x87",
		    "GB2312 title decoded");
		ok(f->nitems == 1 && f->items[0].title != NULL &&
		    strcmp(f->items[0].title, "\xe5\x8a\xa0\xe6\x81\xaf") == 0,
		    "GB2312 item title decoded");
		ok(f->encoding != NULL, "encoding recorded (%s)",
		    f->encoding ? f->encoding : "none");
	}
	feed_free(&f);
	free(cause);
}

static void
test_push(void)
{
	const char *doc = "<rss><channel><title>\xe4\xb8\xad\xe6\x96\x87 "
	    "push</title><item><title>\xe2\x80\x94 one</title></item>"
	    "</channel></rss>";
	struct feed_parser *p;
	struct feed *f;
	char *cause = NULL;
	size_t i;

	p = feed_parser_new(URL, "application/rss+xml; charset=utf-8");
	for (i = 0; doc[i] != '\0'; i++)
		feed_parser_push(p, doc + i, 1);
	f = feed_parser_finish(&p, &cause);
	ok(p == NULL, "finish frees the parser");
	ok(f != NULL && f->title != NULL && strcmp(f->title,
	    "\xe4\xb8\xad\xe6\x96\x87 push") == 0 && f->nitems == 1 &&
	    strcmp(f->items[0].title, "\xe2\x80\x94 one") == 0,
	    "bytes pushed one at a time, UTF-8 cut anywhere");
	feed_free(&f);
	free(cause);

	p = feed_parser_new(NULL, NULL);
	feed_parser_push(p, doc, 20);
	feed_parser_free(&p);
	ok(p == NULL, "an unfinished parser can be freed");
}

/*
 * feed_url_resolve resolves the plain common cases itself and leaves the
 * rest to curl's URL API: both must give what curl alone gives.
 */
static void
test_url_resolve(void)
{
	static const char *const bases[] = {
		"http://site.example/a/b/feed.xml",
		"https://site.example/a/b/",
		"https://site.example",
		"https://site.example/",
		"http://site.example/feed?x=1/2#f",
		"http://site.example/a/./b/c",
		"http://Site.Example/a/b",
		"http://site.example:8080/a/b",
		"http://user@site.example/a/b",
		"http://site.example/a%20b/c",
		"https://xn--fiqs8s.example/x/y",
	};
	static const char *const hrefs[] = {
		"/articles/51644.html", "d.html", "c/d.html?x=1#frag",
		"/a/b?q=1&r=2", "./d.html", "../d.html", "/a/../b", "/a/./b",
		"a/..", "a/.", "..", ".", "?q=1", "#top", "//other.example/x",
		"/%41b", "/a b", "/\xe4\xb8\xad", "d.html#x/../y", "/x?y=/../z",
		"a:b/c", "/path;p=1", "~user/x", "/(x)*+,!$'@:=",
		"/...", "/..a/.b", "...", "/a//b",
	};
	CURLU *u;
	char *want, *got, *cu;
	size_t i, j;
	int bad = 0, n = 0;

	for (i = 0; i < NITEMS(bases); i++)
		for (j = 0; j < NITEMS(hrefs); j++) {
			u = curl_url();
			cu = NULL;
			if (curl_url_set(u, CURLUPART_URL, bases[i], 0) ==
			    CURLUE_OK &&
			    (curl_url_set(u, CURLUPART_URL, hrefs[j], 0) ==
			    CURLUE_OK || curl_url_set(u, CURLUPART_URL,
			    hrefs[j], CURLU_URLENCODE) == CURLUE_OK) &&
			    curl_url_get(u, CURLUPART_URL, &cu, 0) ==
			    CURLUE_OK)
				want = xstrdup(cu);
			else
				want = NULL;
			curl_free(cu);
			curl_url_cleanup(u);
			got = feed_url_resolve(bases[i], hrefs[j]);
			/* Where curl fails, the href is kept sanitised. */
			if (want != NULL && (got == NULL ||
			    strcmp(got, want) != 0)) {
				printf("# %s + %s: got %s, curl %s\n",
				    bases[i], hrefs[j], got ? got : "NULL",
				    want);
				bad++;
			}
			n++;
			free(want);
			free(got);
		}
	ok(bad == 0, "feed_url_resolve agrees with curl on %d pairs", n);
}

/*
 * feed-entity.c keeps its own copy of libxml2's HTML 4 entities: it must
 * agree with htmlEntityLookup on every name libxml2 has, and know no other
 * (apos aside). Every entity has its own value, so the values find them.
 */
static void
test_entity_table(void)
{
	const htmlEntityDesc *e;
	char out[8], want[8];
	unsigned int cp;
	int n = 0, bad = 0;

	for (cp = 0; cp < 0x110000; cp++) {
		if ((e = htmlEntityValueLookup(cp)) == NULL)
			continue;
		n++;
		want[0] = '\0';
		if (e->value < 0x80)
			snprintf(want, sizeof want, "%c", (int)e->value);
		else if (e->value < 0x800)
			snprintf(want, sizeof want, "%c%c",
			    (int)(0xc0 | e->value >> 6),
			    (int)(0x80 | (e->value & 0x3f)));
		else
			snprintf(want, sizeof want, "%c%c%c",
			    (int)(0xe0 | e->value >> 12),
			    (int)(0x80 | (e->value >> 6 & 0x3f)),
			    (int)(0x80 | (e->value & 0x3f)));
		if (feed_html_entity(e->name, out, sizeof out) == NULL ||
		    strcmp(out, want) != 0) {
			diag("entity %s", e->name);
			bad++;
		}
	}
	is_int(n, 253, "libxml2 has the 253 HTML 4 entities");
	ok(bad == 0, "feed_html_entity agrees with libxml2 on each");
	ok(feed_html_entity("apos", out, sizeof out) != NULL &&
	    strcmp(out, "'") == 0, "&apos; too");
	ok(feed_html_entity("NBSP", out, sizeof out) == NULL &&
	    feed_html_entity("nbs", out, sizeof out) == NULL &&
	    feed_html_entity("thetasymx", out, sizeof out) == NULL &&
	    feed_html_entity("", out, sizeof out) == NULL &&
	    htmlEntityLookup((const xmlChar *)"NBSP") == NULL,
	    "names are matched whole and by case");
}

/*
 * HTML is checked for controls only when the document had something that
 * could make them (feed_push_utf8's dirty mark): each way in must be seen.
 */
static void
test_html_controls(void)
{
	static const char *const bodies[] = {
		"<description>a\xe2\x80\xae" "b</description>",
		"<description><![CDATA[<p>a\xe2\x80\xae" "b</p>]]></description>",
		"<description>&lt;p&gt;a&#x202E;b&lt;/p&gt;</description>",
		"<description>&lt;p&gt;a&#8238;b&#x2066;</description>",
		"<description><![CDATA[<a title=\"&#x202e;&#27;[1m\" "
		    "href=\"/x\">y</a>]]></description>",
		"<description>a\rb&#13;c\x7f&#127;d</description>",
		"<description>a\xe2\x80\xa8" "b&#x2029;c</description>",
		/* Inside what reads as an entity's name (fuzz_feed). */
		"<description>c&x\xe2\x80\xae" "y;d</description>",
		"<description>d &g\x8c\xc4\xd9\x93t; e</description>",
	};
	struct buf b = BUF_INIT;
	struct feed *f;
	const char *h;
	size_t i;
	int bad = 0;

	for (i = 0; i < NITEMS(bodies); i++) {
		buf_reset(&b);
		buf_addf(&b, "<rss version=\"2.0\"><channel><title>t</title>"
		    "<item><title>x</title>%s</item></channel></rss>",
		    bodies[i]);
		f = parse(buf_str(&b));
		h = f != NULL && f->nitems == 1 ? f->items[0].summary : NULL;
		if (h == NULL || !text_utf8_valid(h, strlen(h)) ||
		    strchr(h, '\r') != NULL ||
		    strchr(h, 0x7f) != NULL || strchr(h, 0x1b) != NULL ||
		    contains(h, "\xe2\x80\xae") ||
		    contains(h, "\xe2\x81\xa6") ||
		    contains(h, "\xe2\x80\xa8") ||
		    contains(h, "\xe2\x80\xa9")) {
			diag("body %zu: %s", i, h != NULL ? h : "(none)");
			bad++;
		}
		feed_free(&f);
	}
	ok(bad == 0, "HTML valid UTF-8 without CR, DEL, ESC, separators or "
	    "bidi controls, raw, in CDATA, by reference or in a reference");
	buf_free(&b);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	test_entity_table();
	test_html_controls();
	test_url_resolve();
	test_rss20();
	test_rss_other();
	test_atom();
	test_safety();
	test_escapes();
	test_entities();
	test_recovery();
	test_keys_dates();
	test_encoding();
	test_push();
	return done_testing();
}
