/* t_ttrss.c - the Tiny Tiny RSS API module: requests and answers. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "tap.h"
#include "ttrss.h"
#include "util.h"

#define ANSWER(s) s, sizeof s - 1

static int
has(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

static void
test_requests(void)
{
	int64_t ids[] = { 3, 14, 159 };
	char *s;

	s = ttrss_login_request("ad\"min", "p\\a\"ss\nword");
	ok(has(s, "\"op\":\"login\"") && has(s, "\"user\":\"ad\\\"min\"") &&
	    has(s, "\"password\":\"p\\\\a\\\"ss\\nword\""),
	    "login: user and password escaped as JSON");
	ok(!has(s, "sid"), "login: no session");
	free(s);
	s = ttrss_op_request("abc", "getCounters");
	is_str(s, "{\"sid\":\"abc\",\"op\":\"getCounters\"}", "a bare op");
	free(s);
	s = ttrss_headlines_request("abc", -4, "all_articles", 42, 200, 200, 1);
	ok(has(s, "\"feed_id\":-4") && has(s, "\"since_id\":42") &&
	    has(s, "\"skip\":200") && has(s, "\"limit\":200") &&
	    has(s, "\"show_content\":true") &&
	    has(s, "\"view_mode\":\"all_articles\""), "getHeadlines");
	free(s);
	s = ttrss_headlines_request("abc", 7, "unread", 0, 0, 200, 0);
	ok(!has(s, "since_id") && has(s, "\"show_content\":false"),
	    "getHeadlines without since_id and content");
	free(s);
	s = ttrss_update_request("abc", ids, 3, TTRSS_FIELD_UNREAD, 0);
	ok(has(s, "\"article_ids\":\"3,14,159\"") && has(s, "\"field\":2") &&
	    has(s, "\"mode\":0"), "updateArticle: ids joined, field, mode");
	free(s);
}

static void
test_errors(void)
{
	char *cause = NULL, *sid = NULL;

	is_int(ttrss_parse_login(ANSWER("{\"seq\":0,\"status\":0,\"content\":"
	    "{\"session_id\":\"s1d\",\"api_level\":15}}"), &sid, &cause),
	    TTRSS_OK, "login ok");
	is_str(sid, "s1d", "session id");
	free(sid);
	is_int(ttrss_parse_login(ANSWER("{\"seq\":0,\"status\":1,\"content\":"
	    "{\"error\":\"LOGIN_ERROR\"}}"), &sid, &cause), TTRSS_LOGIN_ERROR,
	    "wrong password");
	ok(has(cause, "wrong ttrss-user or password"), "says so: %s", cause);
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_login(ANSWER("{\"seq\":0,\"status\":1,\"content\":"
	    "{\"error\":\"API_DISABLED\"}}"), &sid, &cause),
	    TTRSS_API_DISABLED, "API disabled");
	ok(has(cause, "Enable API access"), "says where to enable it");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_status(ANSWER("{\"seq\":0,\"status\":1,\"content\":"
	    "{\"error\":\"NOT_LOGGED_IN\"}}"), &cause), TTRSS_NOT_LOGGED_IN,
	    "session expired");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_status(ANSWER("{\"seq\":0,\"status\":1,\"content\":"
	    "{\"error\":\"\\u001b[31mX\"}}"), &cause), TTRSS_ERROR,
	    "another error");
	ok(cause != NULL && strchr(cause, '\033') == NULL,
	    "its text is sanitised");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_status(ANSWER("<html>Not Found</html>"), &cause),
	    TTRSS_BAD_ANSWER, "HTML is a bad answer");
	ok(has(cause, "not JSON"), "says it is not JSON");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_status(ANSWER("[1,2]"), &cause), TTRSS_BAD_ANSWER,
	    "JSON of another shape");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_status(ANSWER("{\"status\":0,\"content\":{}"),
	    &cause), TTRSS_BAD_ANSWER, "truncated JSON");
	free(cause);
	cause = NULL;
	is_int(ttrss_parse_login(ANSWER("{\"seq\":0,\"status\":0,\"content\":"
	    "[]}"), &sid, &cause), TTRSS_BAD_ANSWER, "login without a session");
	free(cause);
}

static void
test_lists(void)
{
	static const char counters[] = "{\"seq\":0,\"status\":0,\"content\":["
	    "{\"id\":\"global-unread\",\"counter\":7},"
	    "{\"id\":\"subscribed-feeds\",\"counter\":2},"
	    "{\"id\":-1,\"counter\":0,\"auxcounter\":3,\"markedcounter\":3},"
	    "{\"id\":-1025,\"counter\":1},"
	    "{\"id\":5,\"updated\":\"14:00\",\"counter\":4,"
	    "\"markedcounter\":1,\"has_img\":0},"
	    "{\"id\":\"9\",\"counter\":\"3\",\"markedcounter\":2},"
	    "{\"id\":5,\"kind\":\"cat\",\"counter\":4}]}";
	static const char feeds[] = "{\"seq\":0,\"status\":0,\"content\":["
	    "{\"feed_url\":\"http://a.example/feed\",\"title\":\"A &amp; B\","
	    "\"id\":5,\"unread\":4,\"cat_id\":2},"
	    "{\"feed_url\":\"http://b.example/rss\",\"title\":\"B\","
	    "\"id\":9,\"cat_id\":0},"
	    "{\"title\":\"no url\",\"id\":10},"
	    "{\"id\":-1,\"title\":\"Starred\",\"feed_url\":\"x\"}]}";
	static const char cats[] = "{\"seq\":0,\"status\":0,\"content\":["
	    "{\"id\":\"2\",\"title\":\"Economics\",\"unread\":4},"
	    "{\"id\":-1,\"title\":\"Special\"}]}";
	static const char heads[] = "{\"seq\":0,\"status\":0,\"content\":["
	    "{\"id\":101,\"guid\":\"g\",\"unread\":true,\"marked\":false,"
	    "\"updated\":1700000000,\"title\":\"Rates &amp; \\u52a0\\u606f\","
	    "\"link\":\"https://a.example/1\",\"feed_id\":\"5\","
	    "\"author\":\"Ann\",\"lang\":\"en\",\"content\":"
	    "\"<p onclick=\\\"x()\\\">Body<script>evil()</script></p>\"},"
	    "{\"id\":102,\"unread\":false,\"marked\":true,\"feed_id\":9,"
	    "\"title\":\"\",\"content\":\"\"}]}";
	struct ttrss_counters c;
	struct ttrss_feed *f;
	struct ttrss_category *k;
	struct ttrss_headline *h;
	char *cause = NULL;
	size_t n;

	is_int(ttrss_parse_counters(ANSWER(counters), &c, &cause), TTRSS_OK,
	    "getCounters");
	is_int(c.nfeeds, 2, "two feeds, not the virtual ones, labels or "
	    "categories");
	ok(c.nfeeds == 2 && c.feeds[0].feed_id == 5 &&
	    c.feeds[0].unread == 4 && c.feeds[0].starred == 1 &&
	    c.feeds[1].feed_id == 9 && c.feeds[1].unread == 3 &&
	    c.feeds[1].starred == 2, "counts, numbers given as strings too");
	ok(c.subscribed == 2 && c.unread == 7, "global counters");
	ttrss_counters_free(&c);

	is_int(ttrss_parse_feeds(ANSWER(feeds), &f, &n, &cause), TTRSS_OK,
	    "getFeeds");
	is_int(n, 2, "feeds without URL or with virtual ids are left out");
	ok(n == 2 && f[0].id == 5 && f[0].cat_id == 2 &&
	    strcmp(f[0].title, "A & B") == 0 &&
	    strcmp(f[0].url, "http://a.example/feed") == 0,
	    "feed fields, title as text");
	ttrss_feeds_free(&f, n);

	is_int(ttrss_parse_categories(ANSWER(cats), &k, &n, &cause), TTRSS_OK,
	    "getCategories");
	ok(n == 2 && k[0].id == 2 && strcmp(k[0].title, "Economics") == 0,
	    "category fields");
	ttrss_categories_free(&k, n);

	is_int(ttrss_parse_headlines(ANSWER(heads), &h, &n, &cause), TTRSS_OK,
	    "getHeadlines");
	is_int(n, 2, "two headlines");
	if (n == 2) {
		ok(h[0].id == 101 && h[0].feed_id == 5 && h[0].unread &&
		    !h[0].starred && h[0].updated == 1700000000,
		    "ids, flags, date");
		is_str(h[0].title, "Rates & \xe5\x8a\xa0\xe6\x81\xaf",
		    "title decoded");
		ok(h[0].content != NULL && has(h[0].content, "Body") &&
		    !has(h[0].content, "evil") && !has(h[0].content,
		    "onclick"), "content sanitised: %s", h[0].content);
		ok(!h[1].unread && h[1].starred && h[1].title == NULL &&
		    h[1].content == NULL, "empty title and content are NULL");
	}
	ttrss_headlines_free(&h, n);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	test_requests();
	test_errors();
	test_lists();
	return done_testing();
}
