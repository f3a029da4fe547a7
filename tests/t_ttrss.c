/* t_ttrss.c - the Tiny Tiny RSS API module (requests and answers) and
   what a sync keeps in the store (server ids, the queue of changes). */
#include "config.h"

#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "store.h"
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
	    "\"title\":\"\",\"content\":\"\"},"
	    "{\"id\":103,\"feed_id\":9,\"title\":\"x\","
	    "\"link\":\" javascript:alert(1)\",\"lang\":\"en\\u001b[2J\"},"
	    "{\"id\":104,\"feed_id\":9,\"title\":\"y\","
	    "\"link\":\"https://a.example/\\u001b]8;;x\\u0007b\","
	    "\"content\":\"<p>a<\\u0003/p>\\u001b[31mred\\u0085</p>\"}]}";
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
	is_int(n, 4, "four headlines");
	if (n == 4) {
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
		ok(h[2].link == NULL, "a javascript: link from the server "
		    "is dropped");
		is_str(h[2].language, "en", "an escape sequence in a string "
		    "from the server is removed");
		ok(h[3].link != NULL && strchr(h[3].link, '\033') == NULL &&
		    strchr(h[3].link, '\a') == NULL &&
		    strncmp(h[3].link, "https://a.example/", 18) == 0,
		    "a link is sanitised: %s", h[3].link ? h[3].link : "NULL");
		ok(h[3].content != NULL && has(h[3].content, "red") &&
		    strchr(h[3].content, '\003') == NULL &&
		    strchr(h[3].content, '\033') == NULL &&
		    !has(h[3].content, "\xc2\x85"),
		    "content without controls or escapes: %s",
		    h[3].content ? h[3].content : "NULL");
	}
	ttrss_headlines_free(&h, n);
}

static int64_t
put_article(struct store *st, int64_t source_id, int64_t server_id,
    int read)
{
	struct article *a;
	char *cause = NULL;
	int64_t id = 0;
	int is_new;

	a = article_new();
	a->source_id = source_id;
	a->guid = xasprintf("ttrss:%lld", (long long)server_id);
	a->title = xstrdup("t");
	a->read = read;
	if (store_sync_article(st, a, server_id, &is_new, &cause) == 0)
		id = a->id;
	free(cause);
	article_free(&a);
	return id;
}

/* The queue: every change of a server's article, the latest value kept. */
static void
test_queue(void)
{
	char path[] = "/tmp/pundit-ttrss-XXXXXX", *db, *cause = NULL;
	char *tags[] = { (char *)"ttrss", (char *)"econ", NULL }, *v;
	struct store_change *q = NULL, *q2 = NULL;
	struct store *st = NULL;
	struct source *s;
	int64_t src, other, a1, a2, a3, ids[1];
	size_t n = 0, n2 = 0;
	unsigned changed;
	long unread, starred;

	if (mkdtemp(path) == NULL) {
		printf("Bail out! mkdtemp\n");
		exit(1);
	}
	db = xasprintf("%s/pundit.db", path);
	if (store_open(db, &st, &cause) != 0) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	ok(store_sync_source(st, 7, "http://a.example/feed", "A", tags, &src,
	    &cause) == 0 && src > 0, "a server feed becomes a source");
	s = source_new("http://file.example/feed");
	s->in_file = 1;
	ok(store_source_put(st, s, &cause) == 0, "a source of the file");
	ok(store_sync_source(st, 8, "http://file.example/feed", "F", NULL,
	    &other, &cause) == 0 && other == 0,
	    "a server feed the file lists is not synced");
	{
		struct source *f = NULL, *g = NULL;

		ok(store_source_find(st, "http://a.example/feed", &f,
		    &cause) == 0 && f != NULL && f->synced && !f->in_file,
		    "the server's source is marked synced");
		ok(store_source_find(st, "http://file.example/feed", &g,
		    &cause) == 0 && g != NULL && !g->synced && g->in_file,
		    "the file's source is not");
		source_free(&f);
		source_free(&g);
	}
	a1 = put_article(st, src, 101, 0);
	a2 = put_article(st, src, 102, 1);
	a3 = put_article(st, src, 103, 0);
	ok(a1 > 0 && a2 > 0 && a3 > 0, "server articles stored");
	ok(store_sync_counts(st, src, &unread, &starred, &cause) == 0 &&
	    unread == 2 && starred == 0, "counts of the source");

	ok(store_article_set_flag(st, a1, STORE_FLAG_READ, 1, &cause) == 0,
	    "mark read");
	ok(store_article_set_flag(st, a2, STORE_FLAG_READ, 1, &cause) == 0,
	    "mark read what is read already");
	ok(store_sync_changes(st, &q, &n, &cause) == 0 && n == 1 &&
	    q[0].server_id == 101 && q[0].flag == STORE_FLAG_READ &&
	    q[0].value == 1, "one change queued, none for no change");
	/* Changed again before the sync confirmed the first value. */
	ok(store_article_set_flag(st, a1, STORE_FLAG_READ, 0, &cause) == 0,
	    "mark unread again");
	ok(store_sync_changes(st, &q2, &n2, &cause) == 0 && n2 == 1 &&
	    q2[0].value == 0 && q2[0].id != q[0].id,
	    "the latest value replaces it, with a new id");
	ok(store_sync_dequeue(st, q, n, &cause) == 0, "dequeue the old one");
	free(q2);
	ok(store_sync_changes(st, &q2, &n2, &cause) == 0 && n2 == 1 &&
	    q2[0].value == 0, "the newer change is not dropped with it");
	free(q);
	s->id = 0;
	source_free(&s);

	/* The server's state, except where pundit's change waits. */
	ids[0] = 101;
	ok(store_sync_flags(st, src, STORE_FLAG_READ, ids, 1, &changed,
	    &cause) == 0, "read states from the server");
	{
		struct article *a = NULL;

		ok(store_article_get(st, a3, &a, &cause) == 0 && a != NULL &&
		    a->read, "an article the server has read is read");
		article_free(&a);
		ok(store_article_get(st, a1, &a, &cause) == 0 && a != NULL &&
		    !a->read, "a queued change wins over the server");
		article_free(&a);
		ok(store_article_get(st, a2, &a, &cause) == 0 && a != NULL &&
		    a->read, "read stays read");
		article_free(&a);
	}
	ok(store_sync_dequeue(st, q2, n2, &cause) == 0, "dequeue");
	free(q2);
	ok(store_sync_changes(st, &q2, &n2, &cause) == 0 && n2 == 0,
	    "the queue is empty");
	free(q2);
	ok(store_sync_set(st, "last_id", "103", &cause) == 0 &&
	    store_sync_get(st, "last_id", &v, &cause) == 0 && v != NULL &&
	    strcmp(v, "103") == 0, "sync state");
	free(v);
	ok(store_sync_status(st, 1700000000, "server down", &cause) == 0,
	    "an error recorded on the server's sources");
	ok(store_source_find(st, "http://a.example/feed", &s, &cause) == 0 &&
	    s != NULL && s->last_error != NULL &&
	    strcmp(s->last_error, "server down") == 0 &&
	    s->tags != NULL && strcmp(s->tags[1], "econ") == 0,
	    "pundit sources shows it; the category is a tag");
	source_free(&s);
	free(cause);
	store_close(&st);
	unlink(db);
	free(db);
	db = xasprintf("%s/pundit.db-wal", path);
	unlink(db);
	free(db);
	db = xasprintf("%s/pundit.db-shm", path);
	unlink(db);
	free(db);
	rmdir(path);
}

int
main(void)
{
	setlocale(LC_ALL, "");
	test_requests();
	test_errors();
	test_lists();
	test_queue();
	return done_testing();
}
