/* t_import.c - OPML read and write, newsboat urls and filters, merging. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "newsboat.h"
#include "opml.h"
#include "sources.h"
#include "tap.h"
#include "util.h"

static char *
slurp(const char *path)
{
	struct buf b = BUF_INIT;
	char chunk[4096];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return NULL;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	fclose(f);
	return buf_detach(&b);
}

static void
spit(const char *path, const char *text)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL)
		return;
	fputs(text, f);
	fclose(f);
}

/* ok() on an error, then its message, once the call has set it. */
#define is_error(rc, cause, want, ...) do {				\
	int rc_ = (rc);							\
	ok(rc_ == -1 && (cause) != NULL && strstr((cause), (want)) != NULL,\
	    __VA_ARGS__);						\
	diag("cause: %s", (cause) != NULL ? (cause) : "(none)");	\
} while (0)

static void
is_filter(const char *expr, const char *want, const char *what)
{
	char *got, *cause = NULL;

	got = newsboat_filter(expr, &cause);
	is_str(got, want, "filter %s: %s", what, expr);
	if (got == NULL)
		diag("cause: %s", cause);
	free(got);
	free(cause);
}

static void
is_untranslated(const char *expr, const char *why, const char *what)
{
	char *got, *cause = NULL;

	got = newsboat_filter(expr, &cause);
	ok(got == NULL && cause != NULL && strstr(cause, why) != NULL,
	    "filter %s does not translate: %s", what, expr);
	if (got != NULL || cause == NULL || strstr(cause, why) == NULL)
		diag("got %s, cause %s", got ? got : "(null)",
		    cause ? cause : "(null)");
	free(got);
	free(cause);
}

static void
test_filters(void)
{
	is_filter("unread = \"yes\"", "is:unread", "unread");
	is_filter("unread = \"no\"", "is:read", "read");
	is_filter("unread != \"yes\"", "is:read", "not unread");
	is_filter("tags # \"econ\"", "tag:econ", "tag");
	is_filter("tags !# \"sport\"", "-tag:sport", "not tag");
	is_filter("tags # \"think tank\"", "tag:\"think tank\"",
	    "tag with a space");
	is_filter("title =~ \"tariff\"", "title:tariff", "title");
	is_filter("title !~ \"podcast\"", "-title:podcast", "not title");
	is_filter("author = \"Ann Author\"", "author:\"Ann Author\"",
	    "author");
	is_filter("feedtitle = \"Brookings\"", "source:Brookings",
	    "feedtitle");
	is_filter("content =~ \"rate hike\"", "\"rate hike\"", "content");
	is_filter("unread = \"yes\" and (tags # \"china\" and title =~ "
	    "\"中美\")", "is:unread tag:china title:中美", "and, parentheses");
	is_filter("content =~ \"a\" or content =~ \"b\"", "\"a\" OR \"b\"",
	    "or between words");
	is_filter("(content =~ \"a\" or description =~ \"b\") and "
	    "unread = \"yes\"", "\"a\" OR \"b\" is:unread", "or then and");
	is_untranslated("age < 3", "age < 3", "age");
	is_untranslated("title =~ \"^Breaking.*\"", "regular expression",
	    "regex");
	is_untranslated("unread = \"yes\" or tags # \"x\"", "OR",
	    "or of filters");
	is_untranslated("title = \"x", "unterminated", "open string");
	is_untranslated("(unread = \"yes\"", "missing )", "open paren");
	is_untranslated("", "empty", "empty");
	is_untranslated("unread", "operator", "no operator");
	is_untranslated("flags # \"s\"", "flags # \"s\"", "flags");
	is_untranslated("author = \"say \\\"hi\\\"\"", "double quote",
	    "quote in value");
}

static void
test_newsboat(void)
{
	static const char text[] =
	    "# newsboat urls\n"
	    "https://a.example/feed econ \"~Feed A\" \"think tank\"\n"
	    "https://b.example/rss ! hidden\n"
	    "\"query:Unread China:unread = \\\"yes\\\" and tags # \\\"china\\\"\"\n"
	    "\"query:Recent:age < 7\"\n"
	    "exec:~/bin/feed.sh\n"
	    "\"filter:~/f.sh:https://c.example/\"\n"
	    "gopher://old.example/ x\n"
	    "https://a.example/feed more econ\n";
	struct sources_import u;
	char *cause = NULL;

	ok(newsboat_parse(text, sizeof text - 1, "urls", &u, &cause) == 0,
	    "newsboat urls parse");
	is_int(u.list.n, 1, "one source (hidden, exec, filter, gopher "
	    "left out; a repeat merged)");
	if (u.list.n == 1) {
		is_str(u.list.v[0]->name, "Feed A", "~name");
		is_int(util_strv_len(u.list.v[0]->tags), 3, "tags merged");
		is_str(u.list.v[0]->tags[1], "think tank", "quoted tag");
		is_str(u.list.v[0]->tags[2], "more", "tag of the repeat");
	}
	is_int(u.list.nqueries, 1, "one query translates");
	if (u.list.nqueries == 1) {
		is_str(u.list.queries[0].name, "Unread China", "query name");
		is_str(u.list.queries[0].query, "is:unread tag:china",
		    "query text");
		is_int(u.list.queries[0].line, 4, "query line");
		is_int(u.at[0], 1, "after the first source");
	}
	is_int(util_strv_len(u.skipped), 5, "five lines skipped");
	ok(u.skipped != NULL && strncmp(u.skipped[0], "urls:3:", 7) == 0,
	    "skipped lines named with file and line (%s)",
	    u.skipped != NULL ? u.skipped[0] : "");
	sources_import_free(&u);

	is_error(newsboat_parse("https://a.example/\nnot a url\n", 29, "urls",
	    &u, &cause), cause, "urls:2: not a URL",
	    "a line without a URL is an error with its line");
	is_int(u.list.n, 0, "and nothing is kept");
	free(cause);
	cause = NULL;
	is_error(newsboat_parse("https://a.example/ \"open\n", 25, "urls", &u,
	    &cause), cause, "urls:1: unterminated quote",
	    "an unterminated quote is an error");
	free(cause);
}

static const char opml_doc[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
    "<opml version=\"2.0\">\n"
    "<head><title>Subs</title></head>\n"
    "<body>\n"
    "<outline text=\"News &amp; Views\">\n"
    "  <outline text=\"China\">\n"
    "    <outline text=\"中文评论\" type=\"rss\" "
    "xmlUrl=\" https://zh.example/feed?a=1&amp;b=2 \"/>\n"
    "  </outline>\n"
    "  <outline type=\"rss\" title=\"Only title\" "
    "xmlUrl=\"feed://t.example/rss\" category=\"/econ,/a/b, trade\"/>\n"
    "</outline>\n"
    "<outline text=\"bad\" xmlUrl=\"javascript:alert(1)\"/>\n"
    "<outline text=\"https://u.example/\" xmlUrl=\"https://u.example/\"/>\n"
    "</body>\n"
    "</opml>\n";

static void
test_opml(void)
{
	struct sources_import imp, again;
	struct source *s;
	char *cause = NULL, *doc, *a, *b;
	size_t i;

	ok(opml_parse(opml_doc, sizeof opml_doc - 1, "subs.opml", &imp,
	    &cause) == 0, "OPML parses");
	is_int(imp.list.n, 3, "three sources");
	if (imp.list.n == 3) {
		s = imp.list.v[0];
		is_str(s->url, "https://zh.example/feed?a=1&b=2",
		    "URL trimmed, entity decoded");
		is_str(s->name, "中文评论", "name from text");
		is_int(util_strv_len(s->tags), 2, "two folder tags");
		is_str(s->tags[0], "News & Views", "outer folder first");
		is_str(s->tags[1], "China", "inner folder");
		s = imp.list.v[1];
		is_str(s->url, "http://t.example/rss", "feed:// made http://");
		is_str(s->name, "Only title", "name from title");
		is_int(util_strv_len(s->tags), 4, "folder and categories");
		is_str(s->tags[1], "econ", "category without its /");
		is_str(s->tags[2], "a/b", "category path kept as one tag");
		is_str(s->tags[3], "trade", "category trimmed");
		is_str(imp.list.v[2]->name, NULL,
		    "a name that is the URL is none");
	}
	is_int(util_strv_len(imp.skipped), 1,
	    "the javascript: outline skipped");
	ok(imp.skipped != NULL &&
	    strncmp(imp.skipped[0], "subs.opml:11:", 13) == 0,
	    "skipped with its line (%s)", imp.skipped ? imp.skipped[0] : "");
	util_strv_free(&imp.skipped);

	/* Export and import again: the same sources, html ones and saved
	   searches too, in the same order. */
	s = source_new("https://h.example/list");
	s->kind = SOURCE_HTML;
	s->xpath = xstrdup("//ul[@class=\"x\"]//a");
	s->fulltext = 0;
	s->name = xstrdup("Index <&> \"page\"");
	util_strv_add(&s->tags, "econ");
	sources_import_query(&imp, "first", "tag:econ is:unread", 0);
	sources_list_add(&imp.list, s);
	sources_import_query(&imp, "加息 & <rates>", "\"rate hike\" OR 加息",
	    0);
	imp.at[0] = 1;		/* after the first source */
	doc = opml_format(&imp, "t", 0);
	ok(strstr(doc, "xmlns:pundit=\"" OPML_PUNDIT_NS "\"") != NULL,
	    "export declares the pundit namespace");
	ok(opml_parse(doc, strlen(doc), "again", &again, &cause) == 0 &&
	    again.skipped == NULL, "the export parses");
	is_int(again.list.n, imp.list.n, "as many sources");
	for (i = 0; i < imp.list.n && i < again.list.n; i++) {
		a = sources_format(imp.list.v[i]);
		b = sources_format(again.list.v[i]);
		is_str(b, a, "source %zu comes back the same", i);
		free(a);
		free(b);
	}
	is_int(again.list.nqueries, 2, "both saved searches come back");
	for (i = 0; i < 2 && i < again.list.nqueries; i++) {
		is_str(again.list.queries[i].name, imp.list.queries[i].name,
		    "search %zu: name", i);
		is_str(again.list.queries[i].query, imp.list.queries[i].query,
		    "search %zu: query", i);
		is_int(again.at[i], imp.at[i], "search %zu: place", i);
	}
	sources_import_free(&again);
	sources_import_free(&imp);
	free(doc);

	is_error(opml_parse("<rss version=\"2.0\"><channel/></rss>", 34, "x",
	    &imp, &cause), cause, "not an OPML file",
	    "an RSS file is not OPML");
	free(cause);
	cause = NULL;
	is_error(opml_parse("<opml>\n<body>\n<outline text=\"a\">\n"
	    "</body></opml>", 48, "m.opml", &imp, &cause), cause,
	    "m.opml:4:", "a mismatched tag is an error with its line");
	is_int(imp.list.n, 0, "nothing is kept");
	free(cause);
	cause = NULL;
	doc = "<?xml version=\"1.0\"?>\n<!DOCTYPE opml [\n"
	    "<!ENTITY xxe SYSTEM \"file:///etc/passwd\">\n]>\n"
	    "<opml><body><outline text=\"&xxe;\" "
	    "xmlUrl=\"https://x.example/\"/></body></opml>\n";
	is_error(opml_parse(doc, strlen(doc), "xxe", &imp, &cause),
	    cause, "xxe:5: entity 'xxe' not defined",
	    "a declared external entity is refused");
	free(cause);
	cause = NULL;
	doc = "<!DOCTYPE opml [<!ENTITY a \"aaaaaaaaaa\">"
	    "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
	    "<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]>"
	    "<opml><body><outline text=\"&c;\" xmlUrl=\"https://x.example/\"/>"
	    "</body></opml>";
	is_error(opml_parse(doc, strlen(doc), "lol", &imp, &cause),
	    cause, "not defined", "internal entities are refused too");
	free(cause);
}

static void
test_merge(const char *dir)
{
	struct sources_merge_count c;
	struct sources_import imp;
	struct source *s;
	char *path, *cause = NULL, *content;

	path = xasprintf("%s/sources", dir);
	spit(path, "# mine\nhttps://a.example/ econ \"~A\"  # keep me\n"
	    "https://b.example/\n");
	memset(&imp, 0, sizeof imp);
	s = source_new("https://a.example/");
	util_strv_add(&s->tags, "china");
	util_strv_add(&s->tags, "econ");
	sources_list_add(&imp.list, s);
	sources_list_add(&imp.list, source_new("https://b.example/"));
	sources_import_query(&imp, "china econ", "tag:china tag:econ", 3);
	s = source_new("https://c.example/");
	util_strv_add(&s->tags, "new");
	sources_list_add(&imp.list, s);
	sources_import_query(&imp, "last", "is:starred", 5);

	ok(sources_merge(path, &imp, 1, &c, &cause) == 0, "dry run");
	is_int(c.added, 1, "one would be added");
	is_int(c.present, 2, "two are present");
	is_int(c.retagged, 1, "one would gain a tag");
	is_int(c.queries, 2, "two saved searches would be added");
	content = slurp(path);
	ok(content != NULL && strstr(content, "c.example") == NULL,
	    "a dry run writes nothing");
	free(content);

	ok(sources_merge(path, &imp, 0, &c, &cause) == 0, "merge");
	content = slurp(path);
	is_str(content, "# mine\nhttps://a.example/ econ china ~A "
	    "# keep me\nhttps://b.example/\n"
	    "query \"china econ\" tag:china tag:econ\n"
	    "https://c.example/ new\nquery last is:starred\n",
	    "tags merged on the line, comment kept, the rest appended in "
	    "order");
	free(content);
	sources_list_free(&imp.list);
	free(imp.at);
	memset(&imp, 0, sizeof imp);
	s = source_new("https://a.example/");
	util_strv_add(&s->tags, "econ");
	sources_list_add(&imp.list, s);
	ok(sources_merge(path, &imp, 0, &c, &cause) == 0 && c.added == 0 &&
	    c.present == 1 && c.retagged == 0, "merging again adds nothing");
	sources_import_free(&imp);

	ok(sources_import_load(path, &imp, NULL, &cause) == 0, "load the file "
	    "as an import");
	is_int(imp.list.n, 3, "three sources");
	is_int(imp.list.nqueries, 2, "two saved searches");
	if (imp.list.nqueries == 2) {
		is_int(imp.at[0], 2, "the first after two sources");
		is_int(imp.at[1], 3, "the second after three");
	}
	sources_import_free(&imp);
	content = sources_format_query("a # b", "x #y", &cause);
	is_str(content, NULL, "a query the file cannot keep is refused");
	free(content);
	free(cause);
	unlink(path);
	free(path);
}

int
main(void)
{
	char tmpl[] = "/tmp/t_import.XXXXXX";

	setlocale(LC_ALL, "");
	test_filters();
	test_newsboat();
	test_opml();
	if (mkdtemp(tmpl) == NULL) {
		ok(0, "mkdtemp");
		return done_testing();
	}
	test_merge(tmpl);
	rmdir(tmpl);
	return done_testing();
}
