/* t_sources.c - the sources file: parsing, errors, append and remove. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <unistd.h>

#include "buf.h"
#include "sources.h"
#include "tap.h"
#include "util.h"

static int
has_error(char **errors, const char *want)
{
	size_t i;

	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		if (strstr(errors[i], want) != NULL)
			return 1;
	return 0;
}

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

int
main(void)
{
	static const char text[] =
	    "# think tanks\n"
	    "https://www.brookings.edu/feed/ think-tank us \"~Brookings\"\n"
	    "  \t\n"
	    "html https://zh.example/ \"xpath=//div[@class='a b']//a\" china "
	    "中美关系 \"~中文 评论\"\n"
	    "https://c.example/rss fulltext=no \"two words\" # comment\n"
	    "file:///tmp/demo.xml\n"
	    "ftp://bad.example/\n"
	    "html https://nox.example/ tag\n"
	    "https://www.brookings.edu/feed/ again\n"
	    "https://d.example/ xpath=//a\n"
	    "https://d.example/ fulltext=maybe\n"
	    "https://d.example/ unknown=1\n"
	    "https:///nohost\n"
	    "\"https://e.example/ unterminated\n"
	    "https://f.example/\xff\xfe\n"
	    "https://g.example/ \x1b]0;x\x07\n"
	    "https://last.example/feed";
	static const char qtext[] =
	    "https://a.example/feed\n"
	    "query \"Rate hikes\" \"rate hike\" -banks tag:econ  # note\n"
	    "query 加息 加息 OR \"rate hike\"\r\n"
	    "query \"C#\" C# \"a # b\"\n"
	    "query onlyname\n"
	    "query 加息 again\n";
	struct sources_list l;
	struct source *s;
	char **errors = NULL, *line, *cause = NULL, *content, *path;
	char tmpl[] = "/tmp/t_sources.XXXXXX";
	int found;

	setlocale(LC_ALL, "");
	sources_parse(text, sizeof text - 1, "src", &l, &errors);
	is_int(l.n, 6, "six good sources");
	s = l.v[0];
	is_str(s->url, "https://www.brookings.edu/feed/", "URL");
	is_str(s->name, "Brookings", "~name");
	ok(util_strv_len(s->tags) == 2 && strcmp(s->tags[1], "us") == 0,
	    "two tags");
	ok(s->kind == SOURCE_FEED && s->fulltext && s->in_file,
	    "feed, full text on, in file");
	s = l.v[1];
	ok(s->kind == SOURCE_HTML, "html source");
	is_str(s->xpath, "//div[@class='a b']//a", "quoted xpath with spaces");
	is_str(s->name, "中文 评论", "Chinese name with a space");
	ok(util_strv_len(s->tags) == 2 && strcmp(s->tags[1], "中美关系") == 0,
	    "Chinese tag");
	s = l.v[2];
	ok(!s->fulltext, "fulltext=no");
	ok(util_strv_len(s->tags) == 1 && strcmp(s->tags[0], "two words") == 0,
	    "quoted tag; comment ignored");
	is_str(l.v[3]->url, "file:///tmp/demo.xml", "file URL");
	ok(l.v[4]->kind == SOURCE_HTML && l.v[4]->xpath == NULL,
	    "html source without an xpath (links found by heuristic)");
	is_str(l.v[5]->url, "https://last.example/feed",
	    "last line without newline");

	ok(has_error(errors, "src:7: not a URL pundit can fetch"),
	    "ftp refused, line 7");
	ok(has_error(errors, "src:9: https://www.brookings.edu/feed/ is "
	    "already listed on line 2"), "duplicate, line 9");
	ok(has_error(errors, "src:10: xpath= is only for html sources"),
	    "xpath on a feed, line 10");
	ok(has_error(errors, "src:11: fulltext= needs yes or no"),
	    "bad fulltext, line 11");
	ok(has_error(errors, "src:12: unknown option: unknown=1"),
	    "unknown option, line 12");
	ok(has_error(errors, "src:13: URL has no host"), "no host, line 13");
	ok(has_error(errors, "src:14: unterminated quote"),
	    "unterminated quote, line 14");
	ok(has_error(errors, "src:15: invalid UTF-8"), "bad UTF-8, line 15");
	ok(has_error(errors, "src:16: control character"),
	    "escape sequence, line 16");
	is_int(util_strv_len(errors), 9, "nine errors");
	util_strv_free(&errors);

	line = sources_format(l.v[1]);
	is_str(line, "html https://zh.example/ \"xpath=//div[@class='a b']//a\" "
	    "china 中美关系 \"~中文 评论\"", "format quotes what needs it");
	free(line);
	line = sources_format(l.v[2]);
	is_str(line, "https://c.example/rss \"two words\" fulltext=no",
	    "format of fulltext=no");
	free(line);
	line = sources_format(l.v[4]);
	is_str(line, "html https://nox.example/ tag",
	    "format of an html source without an xpath");
	free(line);
	sources_list_free(&l);

	/*
	 * A CR ends a line (CR LF) and nowhere else: one in quotes came
	 * back from sources_format unquoted, a separator, so a name grew
	 * tags when the file was written again (found by fuzz_sources).
	 */
	line = xstrdup("https://a.example/ \"~a\rb c\"\r\n"
	    "https://b.example/ x\r\n");
	sources_parse(line, strlen(line), "cr", &l, &errors);
	free(line);
	ok(l.n == 1 && strcmp(l.v[0]->url, "https://b.example/") == 0 &&
	    l.v[0]->tags != NULL && strcmp(l.v[0]->tags[0], "x") == 0,
	    "a CR inside a line refuses it, a CR LF line is read");
	ok(has_error(errors, "cr:1: control character"),
	    "the CR is named as a control character");
	util_strv_free(&errors);
	sources_list_free(&l);

	/* Saved searches: query "NAME" QUERY, the query as written. */
	sources_parse(qtext, sizeof qtext - 1, "q", &l, &errors);
	is_int(l.n, 1, "a source beside query lines");
	is_int(l.nqueries, 3, "three query lines");
	is_str(l.queries[0].name, "Rate hikes", "query name");
	is_str(l.queries[0].query, "\"rate hike\" -banks tag:econ",
	    "the query as written, quotes kept, without its comment");
	is_int(l.queries[0].line, 2, "its line");
	is_str(l.queries[1].name, "加息", "a Chinese name");
	is_str(l.queries[1].query, "加息 OR \"rate hike\"", "a CRLF line");
	is_str(l.queries[2].query, "C# \"a # b\"",
	    "# inside a word or quotes is not a comment");
	ok(has_error(errors, "q:5: query needs a name and a search"),
	    "a query without a search, line 5");
	ok(has_error(errors, "q:6: saved search 加息 is already defined on "
	    "line 3"), "a name twice, line 6");
	is_int(util_strv_len(errors), 2, "two errors");
	util_strv_free(&errors);
	sources_list_free(&l);

	ok(mkdtemp(tmpl) != NULL, "temporary directory");
	path = xasprintf("%s/sub/sources", tmpl);
	is_int(sources_load(path, &l, &errors, &cause), 0,
	    "a missing file loads as empty");
	is_int(l.n, 0, "no sources");
	s = source_new("https://a.example/feed");
	util_strv_add(&s->tags, "x");
	s->name = xstrdup("A \"quoted\" name");
	is_int(sources_append(path, s, &cause), 0, "append creates the file");
	source_free(&s);
	s = source_new("https://b.example/feed");
	is_int(sources_append(path, s, &cause), 0, "append a second");
	source_free(&s);
	content = slurp(path);
	is_str(content, "https://a.example/feed x \"~A \\\"quoted\\\" name\"\n"
	    "https://b.example/feed\n", "file content after two appends");
	free(content);
	is_int(sources_load(path, &l, &errors, &cause), 0, "reload");
	ok(l.n == 2 && strcmp(l.v[0]->name, "A \"quoted\" name") == 0,
	    "escaped quotes round-trip");
	sources_list_free(&l);

	/* Hand edits: comments and odd lines survive a remove. */
	{
		FILE *f = fopen(path, "a");
		fputs("# my comment\nnot a url\n", f);
		fclose(f);
	}
	is_int(sources_remove(path, "https://a.example/feed", &found, &cause),
	    0, "remove");
	ok(found, "found the line");
	content = slurp(path);
	is_str(content, "https://b.example/feed\n# my comment\nnot a url\n",
	    "other lines and comments kept");
	free(content);
	is_int(sources_remove(path, "https://zzz.example/", &found, &cause), 0,
	    "remove of an absent URL");
	ok(!found, "not found");

	{
		FILE *f = fopen(path, "a");
		fputs("https://moved.example/old  tag   \"~Keep  me\"  # note\n",
		    f);
		fclose(f);
	}
	is_int(sources_replace_url(path, "https://moved.example/old",
	    "https://moved.example/new", &found, &cause), 0, "replace a URL");
	ok(found, "the line was found");
	content = slurp(path);
	ok(content != NULL && strstr(content, "https://moved.example/new  tag"
	    "   \"~Keep  me\"  # note\n") != NULL &&
	    strstr(content, "/old") == NULL,
	    "only the URL changed on that line, spacing and comment kept");
	ok(content != NULL && strncmp(content, "https://b.example/feed\n", 23)
	    == 0, "other lines untouched");
	free(content);
	ok(sources_replace_url(path, "https://moved.example/new",
	    "javascript:x", &found, &cause) == -1, "a bad new URL is refused");
	free(cause);
	cause = NULL;

	ok(sources_url_valid("https://x.example/a b", &cause) == -1,
	    "space in URL refused");
	free(cause);
	cause = NULL;
	ok(sources_url_valid("HTTPS://X.EXAMPLE/", NULL) == 0,
	    "scheme is case-insensitive");

	free(path);
	path = xasprintf("rm -rf -- '%s'", tmpl);
	if (system(path) != 0)
		diag("cannot clean %s", tmpl);
	free(path);
	return done_testing();
}
