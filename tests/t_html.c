/* t_html.c - HTML to blocks of terminal text. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "html.h"
#include "tap.h"
#include "util.h"

static void
render(const char *html, struct html_text *t)
{
	html_render(html, strlen(html), "https://site.example/dir/page.html",
	    t);
}

int
main(void)
{
	struct html_text t;
	struct buf deep = BUF_INIT;
	int i;

	setlocale(LC_ALL, "");
	render("<p>One &amp; two&nbsp;&mdash; three</p><p>Second\n   para</p>",
	    &t);
	is_int(t.nblocks, 2, "two paragraphs");
	is_str(t.blocks[0].text, "One & two\xc2\xa0\xe2\x80\x94 three",
	    "entities decoded");
	is_str(t.blocks[1].text, "Second para", "white space collapsed");
	html_text_free(&t);

	render("<h2>Title</h2><ul><li>a</li><li>b<ul><li>c</li></ul></li>"
	    "</ul><ol><li>x</li><li>y</li></ol>", &t);
	is_int(t.nblocks, 6, "heading and five items");
	ok(t.blocks[0].kind == HTML_HEADING, "heading");
	ok(t.blocks[1].kind == HTML_ITEM && t.blocks[1].depth == 1 &&
	    t.blocks[1].ordinal == 0, "bullet item at depth 1");
	ok(t.blocks[3].kind == HTML_ITEM && t.blocks[3].depth == 2,
	    "nested item at depth 2");
	is_str(t.blocks[3].text, "c", "nested item text");
	ok(t.blocks[4].ordinal == 1 && t.blocks[5].ordinal == 2,
	    "ordered items numbered");
	html_text_free(&t);

	render("<blockquote><p>quoted</p></blockquote><pre>a  b\n  c</pre>"
	    "<p>line<br>break</p>", &t);
	ok(t.nblocks == 3 && t.blocks[0].kind == HTML_QUOTE &&
	    t.blocks[0].depth == 1, "blockquote");
	ok(t.blocks[1].kind == HTML_PRE, "pre");
	is_str(t.blocks[1].text, "a  b\n  c", "pre keeps spaces and lines");
	is_str(t.blocks[2].text, "line\nbreak", "br is a line break");
	html_text_free(&t);

	render("<p>See <a href=\"../other.html\">this</a>, "
	    "<a href=\"javascript:alert(1)\">that</a>, "
	    "<a href=\"data:text/html,x\">data</a>, "
	    "<a href=\"file:///etc/passwd\">file</a>, "
	    "<a href=\"https://x.example/\">x</a> and "
	    "<a href=\"../other.html\">again</a>.</p>"
	    "<script>alert(1)</script><style>p{}</style>"
	    "<img src=a.png alt=\"A chart\"><iframe src=x>frame</iframe>"
	    "<form><input value=secret>form text</form>", &t);
	is_int(t.nlinks, 2, "two showable links, duplicates merged");
	is_str(t.links[0], "https://site.example/other.html",
	    "relative link resolved");
	is_str(t.links[1], "https://x.example/", "absolute link");
	is_str(t.blocks[0].text, "See this[1], that, data, file, x[2] and "
	    "again[1].", "links numbered, unsafe ones unnumbered");
	ok(t.nblocks == 2 && strcmp(t.blocks[1].text, "[image: A chart]") == 0,
	    "image alt, script/style/iframe/form dropped");
	html_text_free(&t);

	render("<table><tr><th>Year</th><th>GDP</th></tr>"
	    "<tr><td>2023</td><td>2.5%</td></tr></table>", &t);
	ok(t.nblocks == 2 && strcmp(t.blocks[1].text, "2023 | 2.5%") == 0,
	    "table rows with cells");
	html_text_free(&t);

	render("<p>Bad \x1b[31mred\x1b[0m \xe2\x80\xae text &#27;[2J</p>", &t);
	ok(t.nblocks == 1 && strchr(t.blocks[0].text, 0x1b) == NULL &&
	    strstr(t.blocks[0].text, "\xe2\x80\xae") == NULL,
	    "escapes and bidi overrides removed: %s", t.blocks[0].text);
	html_text_free(&t);

	render("Plain text, no markup.\n\nSecond paragraph\ncontinues.", &t);
	ok(t.nblocks == 2 &&
	    strcmp(t.blocks[1].text, "Second paragraph continues.") == 0,
	    "plain text paragraphs");
	html_text_free(&t);

	for (i = 0; i < 100000; i++)
		buf_adds(&deep, "<div>");
	buf_adds(&deep, "deep text");
	render(buf_str(&deep), &t);
	ok(1, "100000 nested divs do not crash (%zu blocks)", t.nblocks);
	html_text_free(&t);
	buf_free(&deep);

	render("", &t);
	is_int(t.nblocks, 0, "empty input, no blocks");
	html_text_free(&t);
	render("<p>  </p><div></div>", &t);
	is_int(t.nblocks, 0, "blank elements give no blocks");
	html_text_free(&t);
	/* The parser would drop ESC and leave the rest of a sequence. */
	render("<h1>T \x1b]0;pwned\x07x</h1><p>a \x1b[1;31mred\x1b[0m "
	    "&#27;[2Jb &#x1b;]8;;http://e.example/\x1b\\c</p>", &t);
	ok(t.nblocks == 2 && strcmp(t.blocks[0].text, "T x") == 0 &&
	    strcmp(t.blocks[1].text, "a red b c") == 0,
	    "escape sequences removed whole, raw or as references");
	html_text_free(&t);
	return done_testing();
}
