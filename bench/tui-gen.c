/* tui-gen.c - a large cache for bench/tui.sh, for pundit and newsboat. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "buf.h"
#include "search.h"
#include "sources.h"
#include "store.h"
#include "util.h"

/*
 * Usage: tui-gen DIR N. Writes, from one deterministic stream of articles
 * (a third Chinese, 60 sources with tags, 70% read, 1% starred, 2% tagged):
 *
 *	DIR/config/pundit/sources	the sources file (also newsboat's urls)
 *	DIR/data/pundit/pundit.db	through pundit's store, as a fetch would
 *	DIR/newsboat/urls, cache.db	newsboat 2.x's schema, the same articles
 *
 * plus two saved searches in pundit's cache.
 */

#define NSOURCES 60

static const char *const en_words[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "on",
	"policy", "economy", "market", "china", "trade", "bank", "rate",
	"growth", "inflation", "government", "security", "war", "energy",
	"climate", "debt", "fiscal", "reform", "election", "power", "state",
	"global", "risk", "crisis", "investment", "technology", "chips",
	"europe", "america", "asia", "military", "strategy", "budget",
	"interest", "central", "federal", "reserve", "labour", "wages",
};
static const char zh_chars[] =
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会"
	"可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部"
	"度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
	"开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
	"心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情";
#define ZH_LEN ((sizeof zh_chars - 1) / 3)
static const char *const tag_names[] = { "econ", "china", "tech",
	"policy", "security" };

static unsigned long long rng = 88172645463325252ULL;

static unsigned long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)(rng >> 11);
}

static size_t
zipf(size_t n)
{
	double u = (double)(rnd() % 1000000) / 1000000.0;

	return (size_t)((double)n * u * u * u) % n;
}

static void
en_text(struct buf *b, int words, int html)
{
	int i;

	for (i = 0; i < words; i++) {
		if (html && i % 60 == 0)
			buf_adds(b, i > 0 ? "</p><p>" : "<p>");
		else if (i > 0)
			buf_addc(b, ' ');
		buf_adds(b, en_words[zipf(NITEMS(en_words))]);
	}
	if (html)
		buf_adds(b, ".</p>");
}

static void
zh_text(struct buf *b, int chars, int html)
{
	int i;

	if (html)
		buf_adds(b, "<p>");
	for (i = 0; i < chars; i++) {
		if (html && i % 40 == 39)
			buf_adds(b, "。</p><p>");
		buf_add(b, zh_chars + 3 * zipf(ZH_LEN), 3);
	}
	if (html)
		buf_adds(b, "。</p>");
}

static void
die(const char *what, const char *cause)
{
	fprintf(stderr, "tui-gen: %s: %s\n", what, cause);
	exit(1);
}

static void
nb_exec(sqlite3 *nb, const char *sql)
{
	if (sqlite3_exec(nb, sql, NULL, NULL, NULL) != SQLITE_OK)
		die("newsboat cache", sqlite3_errmsg(nb));
}

/* newsboat 2.21's own schema (cache.cpp), as it creates it. */
static const char nb_schema[] =
	"CREATE TABLE rss_feed (  rssurl VARCHAR(1024) PRIMARY KEY NOT NULL,"
	"  url VARCHAR(1024) NOT NULL,  title VARCHAR(1024) NOT NULL ,"
	" lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1)"
	" NOT NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT \"\");"
	"CREATE TABLE rss_item (  id INTEGER PRIMARY KEY AUTOINCREMENT NOT"
	" NULL,  guid VARCHAR(64) NOT NULL,  title VARCHAR(1024) NOT NULL,"
	"  author VARCHAR(1024) NOT NULL,  url VARCHAR(1024) NOT NULL,"
	"  feedurl VARCHAR(1024) NOT NULL,  pubDate INTEGER NOT NULL,"
	"  content VARCHAR(65535) NOT NULL, unread INTEGER(1) NOT NULL ,"
	" enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),"
	" enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52),"
	" deleted INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL"
	" DEFAULT \"\");"
	"CREATE TABLE google_replay (  id INTEGER PRIMARY KEY AUTOINCREMENT"
	" NOT NULL,  guid VARCHAR(64) NOT NULL,  state INTEGER NOT NULL,"
	"  ts INTEGER NOT NULL );"
	"CREATE INDEX idx_rssurl ON rss_feed(rssurl);"
	"CREATE INDEX idx_guid ON rss_item(guid);"
	"CREATE INDEX idx_feedurl ON rss_item(feedurl);"
	"CREATE INDEX idx_lastmodified ON rss_feed(lastmodified);"
	"CREATE INDEX idx_deleted ON rss_item(deleted);"
	"CREATE TABLE metadata (  db_schema_version_major INTEGER NOT NULL,"
	"  db_schema_version_minor INTEGER NOT NULL );"
	"INSERT INTO metadata VALUES (2, 11);";

static void
write_file(const char *path, const char *text)
{
	FILE *f;

	if ((f = fopen(path, "w")) == NULL || fputs(text, f) == EOF ||
	    fclose(f) != 0)
		die(path, "cannot write");
}

int
main(int argc, char **argv)
{
	struct store *st;
	struct sources_list list;
	struct article *a;
	struct buf b = BUF_INIT, file = BUF_INIT;
	sqlite3 *nb;
	sqlite3_stmt *ins, *feed;
	char *cause = NULL, *path, **errors = NULL, *dir;
	long n, i;
	size_t k, t;
	int zh;

	if (argc != 3) {
		fprintf(stderr, "usage: tui-gen DIR N\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	dir = argv[1];

	/* The sources: every third Chinese, each with one or two tags. */
	for (k = 0; k < NSOURCES; k++) {
		zh = k % 3 == 1;
		buf_addf(&file, "https://%s%02zu.example/feed %s", zh ?
		    "zh" : "en", k, zh ? "china" : tag_names[k %
		    NITEMS(tag_names)]);
		if (k % 4 == 0)
			buf_addf(&file, " %s", tag_names[(k / 4 + 2) %
			    NITEMS(tag_names)]);
		buf_addf(&file, zh ? " \"~评论 %02zu\"\n" :
		    " \"~Source %02zu\"\n", k);
	}
	path = xasprintf("%s/config/pundit", dir);
	if (util_mkdirs(path, &cause) != 0)
		die(path, cause);
	free(path);
	path = xasprintf("%s/config/pundit/sources", dir);
	write_file(path, buf_str(&file));
	free(path);
	path = xasprintf("%s/newsboat", dir);
	if (util_mkdirs(path, &cause) != 0)
		die(path, cause);
	free(path);
	path = xasprintf("%s/newsboat/urls", dir);
	write_file(path, buf_str(&file));
	free(path);
	path = xasprintf("%s/data/pundit", dir);
	if (util_mkdirs(path, &cause) != 0)
		die(path, cause);
	free(path);
	sources_parse(buf_str(&file), file.len, "sources", &list, &errors);
	if (errors != NULL || list.n != NSOURCES)
		die("sources", errors != NULL ? errors[0] : "count");

	path = xasprintf("%s/data/pundit/pundit.db", dir);
	if (store_open(path, &st, &cause) != 0)
		die("open", cause);
	free(path);
	if (store_source_sync(st, list.v, list.n, &cause) != 0)
		die("sources", cause);
	path = xasprintf("%s/newsboat/cache.db", dir);
	if (sqlite3_open(path, &nb) != SQLITE_OK)
		die(path, sqlite3_errmsg(nb));
	free(path);
	nb_exec(nb, nb_schema);
	nb_exec(nb, "BEGIN");
	if (sqlite3_prepare_v2(nb, "INSERT INTO rss_feed (rssurl, url, title)"
	    " VALUES (?, ?, ?)", -1, &feed, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(nb, "INSERT INTO rss_item (guid, title, author,"
	    " url, feedurl, pubDate, content, unread, flags) VALUES (?, ?, ?,"
	    " ?, ?, ?, ?, ?, ?)", -1, &ins, NULL) != SQLITE_OK)
		die("newsboat cache", sqlite3_errmsg(nb));
	for (k = 0; k < list.n; k++) {
		sqlite3_bind_text(feed, 1, list.v[k]->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(feed, 2, list.v[k]->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(feed, 3, list.v[k]->name, -1, SQLITE_STATIC);
		if (sqlite3_step(feed) != SQLITE_DONE)
			die("newsboat feed", sqlite3_errmsg(nb));
		sqlite3_reset(feed);
	}

	if (store_begin(st, &cause) != 0)
		die("begin", cause);
	for (i = 0; i < n; i++) {
		k = (size_t)(rnd() % NSOURCES);
		zh = k % 3 == 1;
		a = article_new();
		a->source_id = list.v[k]->id;
		a->guid = xasprintf("g%ld", i);
		a->url = xasprintf("https://%s%02zu.example/a/%ld",
		    zh ? "zh" : "en", k, i);
		a->author = xasprintf(zh ? "作者%ld" : "Author %ld", i % 300);
		a->published = 1500000000 + i * 600;
		a->read = rnd() % 10 < 7;
		a->starred = rnd() % 100 == 0;
		buf_reset(&b);
		if (zh)
			zh_text(&b, 12 + (int)(rnd() % 14), 0);
		else
			en_text(&b, 5 + (int)(rnd() % 9), 0);
		a->title = buf_detach(&b);
		if (zh)
			zh_text(&b, 300 + (int)(rnd() % 900), 1);
		else
			en_text(&b, 150 + (int)(rnd() % 450), 1);
		a->content = buf_detach(&b);
		if (rnd() % 50 == 0) {
			t = rnd() % NITEMS(tag_names);
			util_strv_add(&a->tags, tag_names[t]);
		}
		if (store_article_upsert(st, a, NULL, &cause) != 0)
			die("upsert", cause);
		sqlite3_bind_text(ins, 1, a->guid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, a->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, a->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, list.v[k]->url, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 6, a->published);
		sqlite3_bind_text(ins, 7, a->content, -1, SQLITE_STATIC);
		sqlite3_bind_int(ins, 8, !a->read);
		sqlite3_bind_text(ins, 9, a->starred ? "s" : "", -1,
		    SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			die("newsboat item", sqlite3_errmsg(nb));
		sqlite3_reset(ins);
		article_free(&a);
		if (i % 5000 == 4999 && (store_commit(st, &cause) != 0 ||
		    store_begin(st, &cause) != 0))
			die("commit", cause);
	}
	if (store_commit(st, &cause) != 0)
		die("commit", cause);
	if (search_saved_put(st, "rates", "rate inflation", NULL,
	    &cause) != 0 ||
	    search_saved_put(st, "china", "tag:china 中国", NULL,
	    &cause) != 0)
		die("saved search", cause);
	store_close(&st);
	sqlite3_finalize(ins);
	sqlite3_finalize(feed);
	nb_exec(nb, "COMMIT; ANALYZE");
	sqlite3_close(nb);
	sources_list_free(&list);
	buf_free(&b);
	buf_free(&file);
	return 0;
}
