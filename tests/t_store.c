/* t_store.c - tests of the SQLite cache: schema, sources, articles, errors. */
#include "config.h"

#include <sys/stat.h>
#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <signal.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "model.h"
#include "store.h"
#include "tap.h"
#include "util.h"

static char *tmpdir;

static int
rm_entry(const char *path, const struct stat *sb, int flag, struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static char *
tmp_path(const char *name)
{
	return xasprintf("%s/%s", tmpdir, name);
}

static int
has(const char *cause, const char *what)
{
	return cause != NULL && strstr(cause, what) != NULL;
}

/* Run SQL on a cache with a connection of its own. */
static int
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db;
	int rc;

	if (sqlite3_open(path, &db) != SQLITE_OK) {
		sqlite3_close(db);
		return -1;
	}
	rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
	sqlite3_close(db);
	return rc == SQLITE_OK ? 0 : -1;
}

static long long
raw_int(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long long v = -1;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			v = sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return v;
}

static struct source *
mksource(const char *url, const char *name, const char *tag)
{
	struct source *s;

	s = source_new(url);
	if (name != NULL)
		s->name = xstrdup(name);
	if (tag != NULL)
		util_strv_add(&s->tags, tag);
	return s;
}

static struct article *
mkarticle(int64_t source_id, const char *guid, const char *title,
    time_t published)
{
	struct article *a;

	a = article_new();
	a->source_id = source_id;
	if (guid != NULL)
		a->guid = xstrdup(guid);
	if (title != NULL)
		a->title = xstrdup(title);
	a->published = published;
	a->summary = xstrdup("<p>summary</p>");
	return a;
}

static int64_t
put_article(struct store *st, int64_t source_id, const char *guid,
    const char *title, time_t published)
{
	struct article *a;
	int64_t id = -1;
	char *cause = NULL;

	a = mkarticle(source_id, guid, title, published);
	if (store_article_upsert(st, a, NULL, &cause) == 0)
		id = a->id;
	else {
		diag("upsert %s: %s", guid, cause);
		free(cause);
	}
	article_free(&a);
	return id;
}

/* Collect the titles of a listing, joined by spaces. */
struct titles {
	char	buf[1024];
	int	stop_after;
	int	n;
};

static int
titles_add(const struct article *a, void *arg)
{
	struct titles *t = arg;
	size_t len = strlen(t->buf);

	snprintf(t->buf + len, sizeof t->buf - len, "%s%s",
	    len > 0 ? " " : "", a->title != NULL ? a->title : "-");
	t->n++;
	return t->stop_after > 0 && t->n >= t->stop_after;
}

static const char *
list(struct store *st, const struct store_filter *f)
{
	static struct titles t;
	char *cause = NULL;

	memset(&t, 0, sizeof t);
	if (store_article_each(st, f, titles_add, &t, &cause) != 0) {
		diag("each: %s", cause);
		free(cause);
		return "(error)";
	}
	return t.buf;
}

static int
first_add(const struct article *a, void *arg)
{
	struct article *out = arg;

	out->id = a->id;
	out->read = a->content != NULL || a->summary != NULL;
	return 1;
}

/* The id of the first article a filter lists; *body: it came with one. */
static int64_t
first_id(struct store *st, const struct store_filter *f, int *body)
{
	struct article a;

	memset(&a, 0, sizeof a);
	if (store_article_each(st, f, first_add, &a, NULL) != 0)
		return -1;
	if (body != NULL)
		*body = a.read;
	return a.id;
}

static long
count(struct store *st, const struct store_filter *f)
{
	long n = -1;
	char *cause = NULL;

	if (store_article_count(st, f, &n, &cause) != 0) {
		diag("count: %s", cause);
		free(cause);
	}
	return n;
}

static void
test_sources(struct store *st, const char *path, int64_t *ids)
{
	struct source *src[4], **v = NULL, *s;
	size_t n = 0;
	char *cause = NULL;

	src[0] = mksource("https://a.example/feed", NULL, "world");
	util_strv_add(&src[0]->tags, "经济");
	src[1] = mksource("https://b.example/feed", "Beta", NULL);
	src[2] = mksource("https://c.example/feed", NULL, NULL);
	src[2]->title = xstrdup("Gamma Feed");
	src[2]->kind = SOURCE_HTML;
	src[2]->xpath = xstrdup("//a[@class='x']");
	src[2]->fulltext = 0;
	ok(store_source_sync(st, src, 3, &cause) == 0, "sync three sources");
	ok(src[0]->id > 0 && src[1]->id > 0 && src[2]->id > 0, "ids set");
	ids[0] = src[0]->id;
	ids[1] = src[1]->id;
	ids[2] = src[2]->id;

	src[3] = mksource("https://d.example/feed", "Delta", NULL);
	ok(store_source_put(st, src[3], &cause) == 0,
	    "put a source not in file");
	ids[3] = src[3]->id;

	ok(store_source_list(st, &v, &n, &cause) == 0 && n == 4, "list 4");
	if (n == 4) {
		is_str(v[0]->url, "https://a.example/feed", "file order 0");
		is_str(v[2]->url, "https://c.example/feed", "file order 2");
		is_str(v[3]->url, "https://d.example/feed", "others last");
		ok(v[0]->in_file && v[1]->in_file && !v[3]->in_file,
		    "in_file flags");
		ok(util_strv_len(v[0]->tags) == 2 &&
		    strcmp(v[0]->tags[1], "经济") == 0, "unicode tags kept");
		ok(v[2]->kind == SOURCE_HTML && !v[2]->fulltext &&
		    strcmp(v[2]->xpath, "//a[@class='x']") == 0,
		    "kind, fulltext, xpath kept");
		is_str(v[2]->title, "Gamma Feed", "title kept");
	}
	store_source_list_free(&v, n);

	/* Drop b from the file, reorder. */
	ok(store_source_sync(st, (struct source *[]){ src[2], src[0] }, 2,
	    &cause) == 0, "sync without b");
	ok(store_source_list(st, &v, &n, &cause) == 0 && n == 4,
	    "list 4 again");
	if (n == 4) {
		is_str(v[0]->url, "https://c.example/feed", "new order 0");
		is_str(v[1]->url, "https://a.example/feed", "new order 1");
		is_str(v[2]->url, "https://b.example/feed", "b by id");
		ok(!v[2]->in_file, "b not in file");
		is_str(v[2]->name, "Beta", "b kept its name");
	}
	store_source_list_free(&v, n);
	ok(store_source_sync(st, src, 3, &cause) == 0, "sync b back");

	/* Fetch state. */
	src[0]->etag = xstrdup("\"abc\"");
	src[0]->last_modified = xstrdup("Wed, 01 May 2024 12:00:00 GMT");
	src[0]->last_fetch = 1714564800;
	src[0]->last_status = 200;
	ok(store_source_set_fetch(st, src[0], &cause) == 0, "set fetch");
	src[0]->title = xstrdup("Alpha News");
	ok(store_source_put(st, src[0], &cause) == 0, "put with feed title");
	ok(store_source_find(st, "https://a.example/feed", &s, &cause) == 0 &&
	    s != NULL, "find by url");
	if (s != NULL) {
		is_str(s->etag, "\"abc\"", "etag stored");
		is_int(s->last_fetch, 1714564800, "last fetch stored");
		is_int(s->last_status, 200, "status stored");
		ok(s->last_error == NULL, "no error");
		is_str(s->title, "Alpha News", "title stored");
	}
	source_free(&s);
	free(src[0]->title);
	src[0]->title = NULL;
	ok(store_source_put(st, src[0], &cause) == 0, "put without title");
	ok(store_source_find(st, "alpha NEWS", &s, &cause) == 0 && s != NULL &&
	    s->id == ids[0] && s->etag != NULL, "title and etag kept by put");
	source_free(&s);

	s = source_new("https://nowhere.example/");
	s->id = 424242;
	ok(store_source_set_fetch(st, s, &cause) == -1 &&
	    has(cause, "424242"), "set fetch on a missing source");
	free(cause);
	cause = NULL;
	source_free(&s);
	(void)path;

	source_free(&src[0]);
	source_free(&src[1]);
	source_free(&src[2]);
	source_free(&src[3]);
}

static void
test_find(struct store *st, const int64_t *ids)
{
	struct source *s, *dup;
	char *cause = NULL, key[32];

	snprintf(key, sizeof key, "%lld", (long long)ids[1]);
	ok(store_source_find(st, key, &s, &cause) == 0 && s != NULL &&
	    s->id == ids[1], "find by id");
	source_free(&s);
	ok(store_source_find(st, "beta", &s, &cause) == 0 && s != NULL &&
	    s->id == ids[1], "find by name, any case");
	source_free(&s);
	ok(store_source_find(st, "~Beta", &s, &cause) == 0 && s != NULL &&
	    s->id == ids[1], "find by ~name");
	source_free(&s);
	ok(store_source_find(st, "gamma feed", &s, &cause) == 0 && s != NULL &&
	    s->id == ids[2], "find by feed title");
	source_free(&s);
	ok(store_source_find(st, "nothing", &s, &cause) == 0 && s == NULL,
	    "find nothing");
	ok(store_source_find(st, "999999", &s, &cause) == 0 && s == NULL,
	    "find a missing id");

	dup = mksource("https://b2.example/feed", "BETA", NULL);
	ok(store_source_put(st, dup, &cause) == 0, "put a second beta");
	ok(store_source_find(st, "Beta", &s, &cause) == -1 && s == NULL,
	    "ambiguous name fails");
	ok(has(cause, "ambiguous") && has(cause, "https://b.example/feed") &&
	    has(cause, "https://b2.example/feed"), "cause lists candidates");
	diag("%s", cause);
	free(cause);
	cause = NULL;
	ok(store_source_remove(st, dup->id, &cause) == 0, "remove second beta");
	source_free(&dup);
}

static void
test_articles(struct store *st, const char *path, const int64_t *ids)
{
	struct article *a, *b;
	struct store_filter f;
	char *cause = NULL, *add[3] = { "later", "读", NULL };
	char *rm[2] = { "later", NULL }, sql[128];
	int is_new = -1;
	int64_t id;

	a = mkarticle(ids[0], "g1", "one", 1000);
	a->content = xstrdup("<p>body</p>");
	a->fulltext = xstrdup("full text");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0, "upsert new");
	ok(is_new == 1 && a->id > 0, "is new");
	id = a->id;
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new == 0 &&
	    a->id == id, "upsert again: not new, same id");

	/* User state. */
	ok(store_article_set_flag(st, id, STORE_FLAG_READ, 1, &cause) == 0,
	    "set read");
	ok(store_article_set_flag(st, id, STORE_FLAG_STARRED, 5, &cause) == 0,
	    "set starred");
	ok(store_article_set_position(st, id, 42, &cause) == 0, "set position");
	ok(store_article_tag(st, id, add, NULL, &cause) == 0, "add tags");
	snprintf(sql, sizeof sql,
	    "UPDATE article SET first_seen = 12345 WHERE id = %lld",
	    (long long)id);
	ok(raw_exec(path, sql) == 0, "age first_seen");

	/* A re-fetch with new feed fields. */
	b = mkarticle(ids[0], "g1", "one, corrected", 1000);
	b->read = 0;
	b->author = xstrdup("A. Writer");
	ok(store_article_upsert(st, b, &is_new, &cause) == 0 && !is_new &&
	    b->id == id, "re-upsert changed title");
	article_free(&b);
	ok(store_article_get(st, id, &b, &cause) == 0 && b != NULL, "get");
	if (b != NULL) {
		is_str(b->title, "one, corrected", "title updated");
		is_str(b->author, "A. Writer", "author updated");
		ok(b->read == 1, "read kept");
		ok(b->starred == 1, "starred kept");
		is_int(b->position, 42, "position kept");
		ok(util_strv_len(b->tags) == 2 &&
		    strcmp(b->tags[0], "later") == 0 &&
		    strcmp(b->tags[1], "读") == 0, "tags kept");
		is_str(b->fulltext, "full text", "NULL full text keeps it");
		is_str(b->source_url, "https://a.example/feed", "source url");
		is_str(b->source_title, "Alpha News",
		    "source display name from the feed title");
		ok(util_strv_len(b->source_tags) == 2, "source tags");
		is_str(b->guid, "g1", "guid");
		is_int(b->published, 1000, "published");
	}
	article_free(&b);
	snprintf(sql, sizeof sql, "SELECT first_seen FROM article WHERE id = "
	    "%lld", (long long)id);
	is_int(raw_int(path, sql), 12345, "first_seen kept");
	ok(store_article_tag(st, id, NULL, rm, &cause) == 0, "remove a tag");
	is_int(raw_int(path, "SELECT count(*) FROM tag WHERE name = 'later'"),
	    0, "unused tag row removed");
	ok(store_article_tag(st, id, rm, NULL, &cause) == 0, "add it back");
	article_free(&a);

	/* Derived guids. */
	a = mkarticle(ids[0], NULL, "two", 2000);
	a->url = xstrdup("https://a.example/2");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new,
	    "no guid: new");
	is_str(a->guid, "url:https://a.example/2", "guid from url");
	id = a->id;
	article_free(&a);
	a = mkarticle(ids[0], NULL, "two (updated)", 2000);
	a->url = xstrdup("https://a.example/2");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && !is_new &&
	    a->id == id, "same url: same article");
	article_free(&a);
	a = mkarticle(ids[0], NULL, "three", 0);
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new,
	    "title guid: new");
	is_str(a->guid, "title:three", "guid from title");
	article_free(&a);
	a = mkarticle(ids[0], NULL, NULL, 500);
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new,
	    "hash guid: new");
	ok(strncmp(a->guid, "hash:", 5) == 0 && strlen(a->guid) == 21,
	    "guid from hash: %s", a->guid);
	b = mkarticle(ids[0], NULL, NULL, 500);
	ok(store_article_upsert(st, b, &is_new, &cause) == 0 && !is_new &&
	    strcmp(a->guid, b->guid) == 0, "hash guid stable");
	article_free(&b);
	b = mkarticle(ids[0], NULL, NULL, 500);
	free(b->summary);
	b->summary = xstrdup("<p>other</p>");
	ok(store_article_upsert(st, b, &is_new, &cause) == 0 && is_new &&
	    strcmp(a->guid, b->guid) != 0, "other summary, other hash");
	article_free(&a);
	article_free(&b);

	/* Tags on a new article are stored; same guid in another source. */
	a = mkarticle(ids[1], "g1", "b-one", 1500);
	util_strv_add(&a->tags, "imported");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new,
	    "same guid in another source is new");
	article_free(&a);
	ok(store_article_get(st, put_article(st, ids[1], "g1", "b-one", 1500),
	    &a, &cause) == 0 && a != NULL && util_strv_len(a->tags) == 1,
	    "tags of a new article stored");
	article_free(&a);

	a = mkarticle(777777, "x", "orphan", 0);
	ok(store_article_upsert(st, a, &is_new, &cause) == -1 &&
	    has(cause, "777777"), "upsert into a missing source fails");
	free(cause);
	cause = NULL;
	article_free(&a);

	/* Filters and order. */
	put_article(st, ids[1], "b2", "b-two", 2500);
	put_article(st, ids[2], "c1", "c-one", 3000);
	put_article(st, ids[2], "c2", "c-two", 3000);
	/* "three" has no date: first_seen (now) sorts it first. */
	is_str(list(st, NULL), "three c-two c-one b-two two (updated) "
	    "b-one one, corrected - -", "all, newest first, id breaks ties");
	memset(&f, 0, sizeof f);
	f.unread = 1;
	is_int(count(st, &f), 8, "unread count");
	ok(strstr(list(st, &f), "one, corrected") == NULL, "read one hidden");
	memset(&f, 0, sizeof f);
	f.starred = 1;
	is_str(list(st, &f), "one, corrected", "starred");
	memset(&f, 0, sizeof f);
	f.source_id = ids[2];
	is_str(list(st, &f), "c-two c-one", "by source");
	is_int(count(st, &f), 2, "count by source");
	memset(&f, 0, sizeof f);
	f.tag = "读";
	is_str(list(st, &f), "one, corrected", "by article tag");
	f.tag = "world";
	is_int(count(st, &f), 5, "by source tag");
	f.tag = "经济";
	f.unread = 1;
	is_int(count(st, &f), 4, "by unicode source tag, unread");
	f.tag = "imported";
	f.unread = 0;
	is_str(list(st, &f), "b-one", "by tag of a new article");
	f.tag = "worl";
	is_int(count(st, &f), 0, "no partial tag match");
	memset(&f, 0, sizeof f);
	f.limit = 3;
	f.offset = 2;
	is_str(list(st, &f), "c-one b-two two (updated)", "limit and offset");
	is_int(count(st, &f), 9, "count ignores limit");
	f.oldest = 1;
	f.offset = 9 - 5;	/* the same three, counted from the end */
	is_str(list(st, &f), "two (updated) b-two c-one",
	    "oldest first, offset from the end");
	f.oldest = 0;
	{
		struct titles t;

		memset(&t, 0, sizeof t);
		t.stop_after = 2;
		ok(store_article_each(st, NULL, titles_add, &t, &cause) == 0 &&
		    t.n == 2, "callback stops the listing");
	}
}

static void
test_counts_and_remove(struct store *st, const int64_t *ids)
{
	struct source **v = NULL;
	struct store_filter f;
	struct article *a;
	size_t n = 0, i;
	char *cause = NULL;
	long articles = -1, unread = -1;
	int64_t id;
	int body = 0;

	ok(store_source_list(st, &v, &n, &cause) == 0, "list with counts");
	for (i = 0; i < n; i++) {
		if (v[i]->id == ids[0]) {
			articles = v[i]->n_articles;
			unread = v[i]->n_unread;
		}
		if (v[i]->id == ids[3])
			ok(v[i]->n_articles == 0 && v[i]->n_unread == 0,
			    "empty source counts 0");
	}
	is_int(articles, 5, "articles of a");
	is_int(unread, 4, "unread of a");
	store_source_list_free(&v, n);

	/* The counts kept for each source follow the read marks. */
	memset(&f, 0, sizeof f);
	f.source_id = ids[0];
	f.unread = 1;
	id = first_id(st, &f, &body);
	ok(id > 0 && body, "the first unread article of a, with its body");
	ok(store_article_set_flag(st, id, STORE_FLAG_READ, 1, &cause) == 0 &&
	    count(st, &f) == 3, "reading it leaves 3 unread");
	ok(store_article_set_flag(st, id, STORE_FLAG_READ, 0, &cause) == 0 &&
	    count(st, &f) == 4, "and 4 again when it is unread");
	f.brief = 1;
	ok(first_id(st, &f, &body) == id && !body,
	    "a brief list leaves the bodies out");

	ok(store_source_remove(st, ids[0], &cause) == 0, "remove a");
	memset(&f, 0, sizeof f);
	f.source_id = ids[0];
	is_int(count(st, &f), 0, "its articles went");
	is_int(count(st, NULL), 4, "others stay");
	ok(store_source_remove(st, ids[0], &cause) == -1 &&
	    has(cause, "no source with id"), "remove again fails");
	free(cause);
	cause = NULL;

	ok(store_article_set_flag(st, 999999, STORE_FLAG_READ, 1, &cause) ==
	    -1 && has(cause, "no article with id 999999"),
	    "set flag on a missing article");
	free(cause);
	cause = NULL;
	ok(store_article_set_position(st, 999999, 1, &cause) == -1 &&
	    has(cause, "999999"), "set position on a missing article");
	free(cause);
	cause = NULL;
	ok(store_article_tag(st, 999999, (char *[]){ "x", NULL }, NULL,
	    &cause) == -1 && has(cause, "no article with id 999999"),
	    "tag a missing article");
	free(cause);
	cause = NULL;
	ok(store_article_tag(st, 1, (char *[]){ "", NULL }, NULL, &cause) ==
	    -1 && has(cause, "invalid tag"), "empty tag refused");
	free(cause);
	cause = NULL;
	ok(store_article_get(st, 999999, &a, &cause) == 0 && a == NULL,
	    "get a missing article");
}

static void
test_transactions(struct store *st, const int64_t *ids)
{
	char *cause = NULL;
	long before;

	before = count(st, NULL);
	ok(store_begin(st, &cause) == 0, "begin");
	ok(store_begin(st, &cause) == -1 && has(cause, "already"),
	    "no nested begin");
	free(cause);
	cause = NULL;
	put_article(st, ids[1], "tx1", "tx-one", 0);
	put_article(st, ids[1], "tx2", "tx-two", 0);
	is_int(count(st, NULL), before + 2, "visible inside");
	store_rollback(st);
	is_int(count(st, NULL), before, "rolled back");
	ok(store_begin(st, &cause) == 0, "begin again");
	put_article(st, ids[1], "tx1", "tx-one", 0);
	ok(store_commit(st, &cause) == 0, "commit");
	is_int(count(st, NULL), before + 1, "committed");
	ok(store_commit(st, &cause) == -1, "commit without begin fails");
	free(cause);
	cause = NULL;
	ok(store_integrity_check(st, &cause) == 0, "integrity check");
}

/* Fill a cache with enough rows for several pages, then close it. */
static void
make_cache(const char *path, int n)
{
	struct store *st;
	struct source *s;
	char *cause = NULL, guid[32];
	int i;

	if (store_open(path, &st, &cause) != 0) {
		diag("open %s: %s", path, cause);
		free(cause);
		return;
	}
	s = mksource("https://x.example/feed", NULL, NULL);
	store_source_put(st, s, NULL);
	store_begin(st, NULL);
	for (i = 0; i < n; i++) {
		snprintf(guid, sizeof guid, "g%d", i);
		put_article(st, s->id, guid, "a title of some length", i + 1);
	}
	store_commit(st, NULL);
	source_free(&s);
	store_close(&st);
}

static void
overwrite(const char *path, off_t off, size_t len)
{
	char junk[4096];
	int fd;

	memset(junk, 0xa5, sizeof junk);
	if ((fd = open(path, O_WRONLY)) == -1)
		return;
	while (len > 0) {
		size_t n = len < sizeof junk ? len : sizeof junk;

		if (pwrite(fd, junk, n, off) != (ssize_t)n)
			break;
		off += n;
		len -= n;
	}
	close(fd);
}

/* Expect store_open to fail with a cause naming path and saying what. */
static void
open_fails(const char *path, const char *what, const char *name)
{
	struct store *st = NULL;
	char *cause = NULL;

	ok(store_open(path, &st, &cause) == -1 && st == NULL, "%s: fails",
	    name);
	ok(has(cause, path) && has(cause, what), "%s: says \"%s\"", name,
	    what);
	diag("%s", cause != NULL ? cause : "(no cause)");
	free(cause);
	store_close(&st);
}

static void
test_not_database(void)
{
	char *path, buf[64];
	FILE *f;
	int i;

	path = tmp_path("notes.txt");
	if ((f = fopen(path, "w")) != NULL) {
		for (i = 0; i < 200; i++)
			fprintf(f, "this is a text file, line %d\n", i);
		fclose(f);
	}
	open_fails(path, "not an SQLite database", "text file");
	if ((f = fopen(path, "r")) != NULL) {
		ok(fgets(buf, sizeof buf, f) != NULL &&
		    strcmp(buf, "this is a text file, line 0\n") == 0,
		    "text file left alone");
		fclose(f);
	}
	free(path);
}

static void
test_corrupt(void)
{
	struct store *st = NULL;
	char *path, *cause = NULL;
	struct stat sb;
	long n;

	/* The schema page and more: open itself fails. */
	path = tmp_path("corrupt1.db");
	make_cache(path, 300);
	overwrite(path, 100, 8192);
	open_fails(path, "is corrupt", "garbage schema page");
	free(path);

	/* Only data pages: open may work, the check must not. */
	path = tmp_path("corrupt2.db");
	make_cache(path, 2000);
	if (stat(path, &sb) == 0)
		overwrite(path, sb.st_size / 2, 16384);
	if (store_open(path, &st, &cause) == 0) {
		ok(1, "garbage data pages: open works");
		ok(store_integrity_check(st, &cause) == -1, "check fails");
		ok(has(cause, path) && has(cause, "is corrupt"),
		    "check says corrupt");
		diag("%s", cause);
		free(cause);
		cause = NULL;
		if (store_article_each(st, NULL, titles_add,
		    &(struct titles){ .n = 0 }, &cause) != 0 ||
		    store_article_count(st, NULL, &n, &cause) != 0) {
			ok(has(cause, path), "queries fail cleanly: %s", cause);
		} else
			ok(1, "queries did not meet the damage");
		free(cause);
		store_close(&st);
	} else {
		ok(has(cause, path) && has(cause, "corrupt"),
		    "garbage data pages: open fails: %s", cause);
		free(cause);
		ok(1, "# SKIP open failed already");
		ok(1, "# SKIP open failed already");
		ok(1, "# SKIP open failed already");
	}
	free(path);
}

/* Try to open path as an unprivileged user; the cause is returned. */
static char *
open_as_nobody(const char *path, int *skip)
{
	char buf[1024];
	int fd[2], status;
	ssize_t n;
	pid_t pid;

	*skip = 0;
	if (pipe(fd) == -1)
		return NULL;
	if ((pid = fork()) == 0) {
		struct store *st;
		char *cause = NULL;

		close(fd[0]);
		if (setgid(65534) != 0 || setuid(65534) != 0)
			_exit(3);
		if (store_open(path, &st, &cause) == 0) {
			store_close(&st);
			_exit(0);
		}
		if (cause != NULL &&
		    write(fd[1], cause, strlen(cause)) == -1)
			_exit(2);
		_exit(1);
	}
	close(fd[1]);
	n = read(fd[0], buf, sizeof buf - 1);
	close(fd[0]);
	waitpid(pid, &status, 0);
	if (WIFEXITED(status) && WEXITSTATUS(status) == 3) {
		*skip = 1;
		return NULL;
	}
	if (n <= 0)
		return NULL;
	buf[n] = '\0';
	return xstrdup(buf);
}

static void
test_read_only(void)
{
	char *path, *cause = NULL;
	int skip;

	path = tmp_path("readonly.db");
	make_cache(path, 10);
	if (chmod(path, 0444) != 0 || chmod(tmpdir, 0755) != 0)
		diag("chmod: %s", strerror(errno));
	if (geteuid() != 0)
		open_fails(path, "cannot write cache", "read-only file");
	else {
		/* chmod stops no root: try as nobody. */
		cause = open_as_nobody(path, &skip);
		if (skip) {
			ok(1, "# SKIP root cannot become nobody");
			ok(1, "# SKIP root cannot become nobody");
		} else {
			ok(cause != NULL, "read-only file: fails as nobody");
			ok(has(cause, path) && has(cause, "cannot write cache"),
			    "read-only file: says \"cannot write cache\"");
			diag("%s", cause != NULL ? cause : "(no cause)");
		}
		free(cause);
	}
	chmod(tmpdir, 0700);
	free(path);
}

static void
test_newer_and_foreign(void)
{
	char *path;

	path = tmp_path("newer.db");
	make_cache(path, 1);
	raw_exec(path, "PRAGMA user_version = 99");
	open_fails(path, "newer pundit (schema 99)", "newer schema");
	free(path);

	path = tmp_path("foreign.db");
	raw_exec(path, "CREATE TABLE notes (body TEXT)");
	open_fails(path, "not a pundit cache", "another program's database");
	free(path);

	path = tmp_path("no/such/dir/cache.db");
	open_fails(path, "cannot open cache", "missing directory");
	free(path);
}

static void
test_locked(void)
{
	char *path, c;
	int up[2], down[2], status;
	pid_t pid;

	path = tmp_path("locked.db");
	make_cache(path, 1);
	if (pipe(up) == -1 || pipe(down) == -1)
		return;
	if ((pid = fork()) == 0) {
		struct store *st;

		close(up[0]);
		close(down[1]);
		if (store_open(path, &st, NULL) != 0 ||
		    store_begin(st, NULL) != 0)
			_exit(1);
		put_article(st, 1, "held", "held", 0);
		if (write(up[1], "x", 1) != 1)
			_exit(1);
		/* Hold the write lock until the parent is done. */
		if (read(down[0], &c, 1) < 0)
			_exit(1);
		store_rollback(st);
		store_close(&st);
		_exit(0);
	}
	close(up[1]);
	close(down[0]);
	if (read(up[0], &c, 1) != 1)
		diag("child failed to take the lock");
	setenv("PUNDIT_BUSY_TIMEOUT_MS", "200", 1);
	open_fails(path, "is locked by another process", "held by a writer");
	unsetenv("PUNDIT_BUSY_TIMEOUT_MS");
	if (write(down[1], "x", 1) != 1)
		diag("cannot release the child");
	waitpid(pid, &status, 0);
	ok(WIFEXITED(status) && WEXITSTATUS(status) == 0, "writer child ok");
	close(up[0]);
	close(down[1]);
	free(path);
}

/* A cache at schema 1 (v2 columns dropped) migrates and keeps its data. */
static void
test_migration_v2(void)
{
	struct store *st = NULL;
	struct source *s, *got = NULL;
	struct article *a;
	char *path, *cause = NULL;

	path = tmp_path("v1.db");
	if (store_open(path, &st, &cause) == -1) {
		ok(0, "open for the migration test: %s", cause);
		free(cause);
		free(path);
		return;
	}
	s = source_new("https://old.example/feed");
	s->in_file = 1;
	ok(store_source_put(st, s, &cause) == 0, "a source before migration");
	a = article_new();
	a->source_id = s->id;
	a->guid = xstrdup("old-1");
	a->title = xstrdup("kept across the migration");
	ok(store_article_upsert(st, a, NULL, &cause) == 0, "an article");
	ok(store_article_set_flag(st, a->id, STORE_FLAG_STARRED, 1, &cause) == 0,
	    "starred");
	store_close(&st);
	/* v6 (per-source counts and list indexes) before the others. */
	raw_exec(path, "DROP TRIGGER article_count_insert;"
	    "DROP TRIGGER article_count_delete;"
	    "DROP TRIGGER article_count_update;"
	    "DROP INDEX article_unread; DROP INDEX article_starred");
	/*
	 * Undo v3 first. Without pundit's tokenizer this connection cannot
	 * drop the FTS5 table the usual way, so its row goes from the schema
	 * and its shadow tables after a reload.
	 */
	raw_exec(path, "DROP TABLE fts_pending;");	/* v7 */
	raw_exec(path, "DROP TRIGGER article_fts_insert;"
	    "DROP TRIGGER article_fts_update; DROP TRIGGER article_fts_delete;"
	    "DROP TRIGGER article_tag_fts_insert;"
	    "DROP TRIGGER article_tag_fts_delete; DROP TABLE saved_search;"
	    "PRAGMA writable_schema = ON;"
	    "DELETE FROM sqlite_schema WHERE name = 'article_fts';"
	    "PRAGMA writable_schema = OFF");
	raw_exec(path, "DROP TABLE article_fts_data; DROP TABLE article_fts_idx;"
	    "DROP TABLE article_fts_content; DROP TABLE article_fts_docsize;"
	    "DROP TABLE article_fts_config");
	raw_exec(path, "ALTER TABLE source DROP COLUMN n_articles;"
	    "ALTER TABLE source DROP COLUMN n_unread");
	/* v5 (sync with a server). */
	raw_exec(path, "DROP TABLE sync_queue; DROP TABLE sync_state;"
	    "DROP INDEX source_server; DROP INDEX article_server;"
	    "ALTER TABLE source DROP COLUMN server_id;"
	    "ALTER TABLE article DROP COLUMN server_id");
	/* And v4 (full text from pages), once FTS5 is out of the schema. */
	raw_exec(path, "ALTER TABLE article DROP COLUMN fulltext_error;"
	    "ALTER TABLE article DROP COLUMN fulltext_tries;"
	    "ALTER TABLE article DROP COLUMN fulltext_next");
	raw_exec(path, "ALTER TABLE source DROP COLUMN body_hash;"
	    "ALTER TABLE source DROP COLUMN gone;"
	    "ALTER TABLE source DROP COLUMN next_fetch;"
	    "PRAGMA user_version = 1");
	is_int(raw_int(path, "PRAGMA user_version"), 1, "cache set back to v1");
	ok(store_open(path, &st, &cause) == 0, "open migrates v1");
	is_int(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION,
	    "now at the current schema");
	article_free(&a);
	ok(st != NULL && store_article_get(st, 1, &a, &cause) == 0 &&
	    a != NULL && a->starred &&
	    strcmp(a->title, "kept across the migration") == 0,
	    "article and its star survive the migration");
	article_free(&a);
	{
		struct store_filter f;
		long count = -1, unread = -1;

		memset(&f, 0, sizeof f);
		f.source_id = 1;
		store_article_count(st, &f, &count, NULL);
		f.source_id = 0;
		f.unread = 1;
		store_article_count(st, &f, &unread, NULL);
		ok(count == 1 && unread == 1,
		    "the migration counts each source's articles");
	}
	free(s->last_error);
	s->last_error = NULL;
	s->body_hash = xstrdup("abc123");
	s->gone = 1;
	s->next_fetch = 2000000000;
	s->last_fetch = 1900000000;
	s->last_status = 410;
	ok(st != NULL && store_source_set_fetch(st, s, &cause) == 0,
	    "set fetch state with the v2 fields");
	ok(st != NULL && store_source_find(st, s->url, &got, &cause) == 0 &&
	    got != NULL && got->gone && got->next_fetch == 2000000000 &&
	    strcmp(got->body_hash, "abc123") == 0 && got->last_status == 410,
	    "v2 fields read back");
	source_free(&got);
	ok(st != NULL && store_source_set_meta(st, s->id, "Feed Title", NULL,
	    &cause) == 0, "set the feed title");
	ok(st != NULL && store_source_set_url(st, s->id,
	    "https://new.example/feed", &cause) == 0, "move the source");
	ok(st != NULL && store_source_find(st, "https://new.example/feed",
	    &got, &cause) == 0 && got != NULL && got->id == s->id &&
	    strcmp(got->title, "Feed Title") == 0,
	    "found at its new URL with its title");
	source_free(&got);
	ok(st != NULL && store_source_set_url(st, 999, "https://x.example/",
	    &cause) == -1 && cause != NULL && strstr(cause, "999") != NULL,
	    "moving a missing source names its id");
	free(cause);
	source_free(&s);
	store_close(&st);
	free(path);
}

/*
 * The search index is written at the end of each transaction (v7): what
 * pundit writes is indexed at commit, and what another program wrote into
 * the article table is indexed when pundit next opens the cache.
 */
static void
test_fts_pending(void)
{
	struct store *st = NULL;
	struct source *s;
	struct article *a;
	char *path, *cause = NULL;
	int is_new;

	path = tmp_path("pending.db");
	if (store_open(path, &st, &cause) == -1) {
		ok(0, "open for the index test: %s", cause);
		free(cause);
		free(path);
		return;
	}
	s = source_new("https://pending.example/feed");
	ok(store_source_put(st, s, &cause) == 0, "a source");
	a = article_new();
	a->source_id = s->id;
	a->guid = xstrdup("p1");
	a->title = xstrdup("pending one");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && is_new,
	    "an article written outside a transaction");
	is_int(raw_int(path, "SELECT count(*) FROM fts_pending"), 0,
	    "its transaction indexed it");
	is_int(raw_int(path, "SELECT count(*) FROM article_fts_docsize"), 1,
	    "one row in the index");
	/* Within one transaction, noted twice: once indexed. */
	ok(store_begin(st, &cause) == 0, "a transaction");
	free(a->title);
	a->title = xstrdup("pending one, retitled");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && !is_new,
	    "an update through an upsert");
	free(a->title);
	a->title = xstrdup("pending one, retitled again");
	ok(store_article_upsert(st, a, &is_new, &cause) == 0 && !is_new,
	    "a second update of the noted article (the upsert's conflict "
	    "clause and the trigger's insert do not collide)");
	ok(store_commit(st, &cause) == 0, "commit");
	is_int(raw_int(path, "SELECT count(*) FROM fts_pending"), 0,
	    "the updates indexed too");
	is_int(raw_int(path, "SELECT count(*) FROM article_fts_docsize"), 1,
	    "still one row in the index");
	store_close(&st);
	ok(raw_exec(path, "INSERT INTO article (source_id, guid, title,"
	    " first_seen) SELECT id, 'p2', 'written elsewhere', 1"
	    " FROM source") == 0, "another program adds an article");
	is_int(raw_int(path, "SELECT count(*) FROM fts_pending"), 1,
	    "the trigger notes it");
	ok(store_open(path, &st, &cause) == 0, "pundit opens the cache");
	is_int(raw_int(path, "SELECT count(*) FROM fts_pending"), 0,
	    "and indexes what was left");
	is_int(raw_int(path, "SELECT count(*) FROM article_fts_docsize"), 2,
	    "two rows in the index");
	store_close(&st);
	article_free(&a);
	source_free(&s);
	free(path);
}

int
main(void)
{
	struct store *st = NULL;
	char *path, *cause = NULL, template[] = "/tmp/pundit-store-XXXXXX";
	int64_t ids[4];

	if ((tmpdir = mkdtemp(template)) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	path = tmp_path("pundit.db");
	ok(store_open(path, &st, &cause) == 0, "open a new cache");
	if (st == NULL) {
		printf("Bail out! %s\n", cause);
		return 1;
	}
	is_int(raw_int(path, "PRAGMA user_version"), STORE_SCHEMA_VERSION,
	    "schema version");
	is_int(raw_int(path, "SELECT count(*) FROM pragma_journal_mode"
	    " WHERE journal_mode = 'wal'"), 1, "write-ahead log on");
	store_close(&st);
	ok(st == NULL, "close clears the pointer");
	ok(store_open(path, &st, &cause) == 0, "reopen");

	test_sources(st, path, ids);
	test_find(st, ids);
	test_articles(st, path, ids);
	test_counts_and_remove(st, ids);
	test_transactions(st, ids);
	store_close(&st);
	free(path);

	test_not_database();
	test_corrupt();
	test_read_only();
	test_newer_and_foreign();
	test_locked();
	test_migration_v2();
	test_fts_pending();

	nftw(tmpdir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	return done_testing();
}
