/* search-bench.c - build a cache of generated articles, time searches. */
#include "config.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "buf.h"
#include "search.h"
#include "store.h"
#include "text.h"
#include "util.h"

/*
 * Usage:
 *	search-bench build DIR N	DIR/pundit.db and DIR/newsboat.db
 *	search-bench run DIR RUNS	time the searches in both
 *
 * A third of the articles are Chinese. Lengths follow the design's typical
 * piece: English bodies of 1,000-5,000 words, Chinese of 2,000-10,000
 * characters, most near the short end. Words follow a Zipf-like law over a
 * real head and a synthetic tail; a few phrases are planted at known rates
 * so that queries have hits. The same articles go into newsboat's cache
 * (its rss_item table, made by newsboat itself when it is installed), where
 * newsboat's own search, a LIKE scan of title and content, is timed.
 */

static const char *const en_words[] = {
	"the", "of", "and", "to", "in", "a", "is", "that", "for", "on",
	"policy", "economy", "market", "china", "trade", "bank", "rate",
	"growth", "inflation", "government", "security", "war", "energy",
	"climate", "debt", "fiscal", "reform", "election", "power", "state",
	"global", "risk", "crisis", "investment", "technology", "chips",
	"europe", "america", "asia", "military", "strategy", "budget",
	"interest", "central", "federal", "reserve", "labour", "wages",
	"prices", "supply", "demand", "exports", "imports", "tariffs",
};
static const char zh_chars[] =
	"的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会"
	"可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部"
	"度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应"
	"开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正"
	"心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情"
	"者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长"
	"求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放"
	"决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器"
	"压志世金增争济阶油思术极交受联什认六共权收证改清美再采转更单风切打白教"
	"速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马"
	"节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低"
	"持音众书布复容儿须际商非验连断深难近矿千周委素技备半办青省列习响约支般"
	"史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯"
	"院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红"
	"细引听该铁价严";

#define EN_TAIL 20000
#define ZH_LEN ((sizeof zh_chars - 1) / 3)

/* newsboat 2.21's rss_item and rss_feed, when newsboat did not make them. */
static const char newsboat_schema[] =
	"CREATE TABLE IF NOT EXISTS rss_feed (rssurl VARCHAR(1024) PRIMARY KEY"
	" NOT NULL, url VARCHAR(1024) NOT NULL, title VARCHAR(1024) NOT NULL,"
	" lastmodified INTEGER(11) NOT NULL DEFAULT 0, is_rtl INTEGER(1) NOT"
	" NULL DEFAULT 0, etag VARCHAR(128) NOT NULL DEFAULT \"\");"
	"CREATE TABLE IF NOT EXISTS rss_item (id INTEGER PRIMARY KEY"
	" AUTOINCREMENT NOT NULL, guid VARCHAR(64) NOT NULL, title"
	" VARCHAR(1024) NOT NULL, author VARCHAR(1024) NOT NULL, url"
	" VARCHAR(1024) NOT NULL, feedurl VARCHAR(1024) NOT NULL, pubDate"
	" INTEGER NOT NULL, content VARCHAR(65535) NOT NULL, unread INTEGER(1)"
	" NOT NULL, enclosure_url VARCHAR(1024), enclosure_type VARCHAR(1024),"
	" enqueued INTEGER(1) NOT NULL DEFAULT 0, flags VARCHAR(52), deleted"
	" INTEGER(1) NOT NULL DEFAULT 0, base VARCHAR(128) NOT NULL DEFAULT"
	" \"\");"
	"CREATE INDEX IF NOT EXISTS idx_guid ON rss_item(guid);"
	"CREATE INDEX IF NOT EXISTS idx_feedurl ON rss_item(feedurl);"
	"CREATE INDEX IF NOT EXISTS idx_deleted ON rss_item(deleted);";

/* newsboat's search (cache::search_for_items), the query bound twice. */
static const char newsboat_search[] =
	"SELECT guid, title, author, url, pubDate, length(content), unread,"
	" feedurl, enclosure_url, enclosure_type, enqueued, flags, base"
	" FROM rss_item WHERE (title LIKE '%' || ?1 || '%' OR content LIKE"
	" '%' || ?1 || '%') AND deleted = 0 ORDER BY pubDate DESC, id DESC";
/* newsboat's list of a feed's items: its tag filter picks feeds. */
static const char newsboat_feed[] =
	"SELECT guid, title, author, url, pubDate, length(content), unread,"
	" feedurl, enclosure_url, enclosure_type, enqueued, flags, base"
	" FROM rss_item WHERE feedurl = ?1 AND deleted = 0"
	" ORDER BY pubDate DESC, id DESC";

static const char *const source_urls[] = {
	"https://en.example/feed", "https://zh.example/feed",
	"https://mixed.example/feed",
};

static unsigned long long rng = 88172645463325252ULL;

static unsigned long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)(rng >> 11);
}

static double
uniform(void)
{
	return (double)(rnd() % 1000000) / 1000000.0;
}

/* Zipf-like rank in [0, n): small ranks much more likely. */
static size_t
zipf(size_t n)
{
	double u = uniform();

	return (size_t)((double)n * u * u * u) % n;
}

/* A length in [lo, hi], most near lo. */
static int
skewed(int lo, int hi)
{
	double u = uniform();

	return lo + (int)((double)(hi - lo) * u * u);
}

/*
 * Planted phrases: "rate hike" and 加息 in about one text in plant,
 * 硅谷银行 in one in 4 * plant, 中美关系 in one in plant / 5 + 1.
 */
static int plant;

/* Words of English: a title (plain) or a body (paragraphs). */
static void
en_text(struct buf *b, int words, int body)
{
	int i, at = -1;
	size_t r;

	if (plant > 0 && rnd() % (unsigned long)plant == 0)
		at = (int)(rnd() % (unsigned long)words);

	for (i = 0; i < words; i++) {
		if (body && i % 60 == 0)
			buf_adds(b, i > 0 ? "</p><p>" : "<p>");
		else if (i > 0)
			buf_addc(b, ' ');
		if (i == at) {
			buf_adds(b, "rate hike");
			continue;
		}
		r = zipf(NITEMS(en_words) + EN_TAIL);
		if (r < NITEMS(en_words))
			buf_adds(b, en_words[r]);
		else
			buf_addf(b, "w%zx", r);
	}
	if (body)
		buf_adds(b, ".</p>");
}

static void
zh_text(struct buf *b, int chars, int body)
{
	int i, at = -1, svb = -1, us = -1;

	if (plant > 0 && rnd() % (unsigned long)plant == 0)
		at = (int)(rnd() % (unsigned long)chars);
	if (plant > 0 && rnd() % (unsigned long)(plant * 4) == 0)
		svb = (int)(rnd() % (unsigned long)chars);
	if (plant > 0 && rnd() % (unsigned long)(plant / 5 + 1) == 0)
		us = (int)(rnd() % (unsigned long)chars);

	if (body)
		buf_adds(b, "<p>");
	for (i = 0; i < chars; i++) {
		if (body && i % 40 == 39)
			buf_adds(b, i % 200 == 199 ? "。</p><p>" : "。");
		if (i == at) {
			buf_adds(b, "加息");
			continue;
		}
		if (i == svb) {
			buf_adds(b, "硅谷银行");
			continue;
		}
		if (i == us) {
			buf_adds(b, "中美关系");
			continue;
		}
		buf_add(b, zh_chars + 3 * zipf(ZH_LEN), 3);
	}
	if (body)
		buf_adds(b, "。</p>");
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static double
cpu_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
count_hit(const struct article *a, const char *snippet, void *arg)
{
	(void)a;
	(void)snippet;
	(*(long *)arg)++;
	return 0;
}

static int
first_only(const struct article *a, void *arg)
{
	(void)a;
	(*(long *)arg)++;
	return 1;
}

static void
die(const char *what, char *cause)
{
	fprintf(stderr, "search-bench: %s: %s\n", what, cause);
	exit(1);
}

static void
nb_die(sqlite3 *nb)
{
	fprintf(stderr, "search-bench: newsboat cache: %s\n",
	    sqlite3_errmsg(nb));
	exit(1);
}

static double
file_mb(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? (double)sb.st_size / 1e6 : 0;
}

/* The number a query gives (0 when it fails: no such table yet). */
static long
count_rows(const char *path, const char *sql)
{
	sqlite3 *db;
	sqlite3_stmt *stmt;
	long n = 0;

	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) == SQLITE_OK) {
		if (sqlite3_step(stmt) == SQLITE_ROW)
			n = (long)sqlite3_column_int64(stmt, 0);
		sqlite3_finalize(stmt);
	}
	sqlite3_close(db);
	return n;
}

/* Fold the WAL into the file, so that the size is the file's. */
static void
checkpoint(const char *path)
{
	sqlite3 *db;

	if (sqlite3_open(path, &db) == SQLITE_OK)
		sqlite3_exec(db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
		    NULL);
	sqlite3_close(db);
}

static int
build(const char *dir, long n)
{
	static const char *const feed_titles[] = {
		"English Example", "中文评论", "Mixed Example",
	};
	struct store *st;
	struct source *src[3];
	struct article *a;
	struct buf b = BUF_INIT;
	sqlite3 *nb;
	sqlite3_stmt *ins, *feed;
	char *cause = NULL, *path, *nbpath;
	char *econ[] = { (char *)"econ", NULL };
	char *cite[] = { (char *)"to-cite", NULL };
	double t0, ms, nb_ms = 0, t1;
	long i, tx, done, nb_done;
	size_t k;

	tx = getenv("BENCH_TX") != NULL ? strtol(getenv("BENCH_TX"), NULL,
	    10) : 1000;
	if (tx <= 0)
		tx = 1;

	path = xasprintf("%s/pundit.db", dir);
	nbpath = xasprintf("%s/newsboat.db", dir);
	if (store_open(path, &st, &cause) != 0)
		die("open", cause);
	src[0] = source_new(source_urls[0]);
	util_strv_add(&src[0]->tags, "econ");
	src[1] = source_new(source_urls[1]);
	util_strv_add(&src[1]->tags, "china");
	src[2] = source_new(source_urls[2]);
	for (k = 0; k < 3; k++) {
		src[k]->name = xstrdup(feed_titles[k]);
		src[k]->in_file = 1;
		if (store_source_put(st, src[k], &cause) != 0)
			die("source", cause);
	}
	if (sqlite3_open(nbpath, &nb) != SQLITE_OK ||
	    sqlite3_exec(nb, newsboat_schema, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(nb, "INSERT OR IGNORE INTO rss_feed (rssurl, url,"
	    " title)"
	    " VALUES (?, ?, ?)", -1, &feed, NULL) != SQLITE_OK)
		nb_die(nb);
	for (k = 0; k < 3; k++) {
		sqlite3_bind_text(feed, 1, source_urls[k], -1, SQLITE_STATIC);
		sqlite3_bind_text(feed, 2, source_urls[k], -1, SQLITE_STATIC);
		sqlite3_bind_text(feed, 3, feed_titles[k], -1, SQLITE_STATIC);
		if (sqlite3_step(feed) != SQLITE_DONE)
			nb_die(nb);
		sqlite3_reset(feed);
	}
	sqlite3_finalize(feed);
	/* A build that stopped goes on where it stopped. */
	done = count_rows(path, "SELECT count(*) FROM article");
	nb_done = count_rows(nbpath, "SELECT count(*) FROM rss_item");
	if (done > 0 || nb_done > 0)
		printf("resuming: %ld articles in pundit's cache, %ld in "
		    "newsboat's\n", done, nb_done);
	if (done >= n && nb_done >= n) {
		printf("built already: %ld articles\n", n);
		sqlite3_close(nb);
		store_close(&st);
		for (k = 0; k < 3; k++)
			source_free(&src[k]);
		free(path);
		free(nbpath);
		return 0;
	}
	/* As newsboat inserts: its own statement per item, autocommit off. */
	if (sqlite3_exec(nb, "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(nb, "INSERT INTO rss_item (guid, title, author,"
	    " url, feedurl, pubDate, content, unread, enclosure_url,"
	    " enclosure_type, enqueued, base) VALUES (?, ?, ?, ?, ?, ?, ?, 1,"
	    " '', '', 0, '')", -1, &ins, NULL) != SQLITE_OK)
		nb_die(nb);

	t0 = now_ms();
	if (store_begin(st, &cause) != 0)
		die("begin", cause);
	for (i = 0; i < n; i++) {
		a = article_new();
		k = i % 3 == 1 ? 1 : (i % 3 == 0 ? 0 : 2);
		a->source_id = src[k]->id;
		a->guid = xasprintf("g%ld", i);
		a->url = xasprintf("https://x.example/%ld", i);
		a->author = xasprintf(k == 1 ? "作者%ld" : "Author %ld",
		    i % 500);
		a->published = 1500000000 + i * 600;
		buf_reset(&b);
		plant = 200;	/* titles: 0.5% */
		if (k == 1) {
			zh_text(&b, 12 + (int)(rnd() % 12), 0);
			a->title = buf_detach(&b);
			plant = 25;	/* bodies: 4% */
			zh_text(&b, skewed(2000, 10000), 1);
		} else {
			en_text(&b, 6 + (int)(rnd() % 8), 0);
			a->title = buf_detach(&b);
			plant = 25;
			en_text(&b, skewed(1000, 5000), 1);
		}
		a->content = buf_detach(&b);
		if (i >= done && store_article_upsert(st, a, NULL,
		    &cause) != 0)
			die("upsert", cause);
		if (i >= done && i % 50 == 0 && store_article_tag(st, a->id,
		    econ, NULL, &cause) != 0)
			die("tag", cause);
		if (i >= done && i % 1000 == 7 && store_article_tag(st, a->id,
		    cite, NULL, &cause) != 0)
			die("tag", cause);
		if (i < nb_done) {
			article_free(&a);
			continue;
		}
		t1 = now_ms();
		sqlite3_bind_text(ins, 1, a->guid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, a->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, a->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, source_urls[k], -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 6, a->published);
		sqlite3_bind_text(ins, 7, a->content, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			nb_die(nb);
		sqlite3_reset(ins);
		nb_ms += now_ms() - t1;
		article_free(&a);
		/* A transaction every tx articles. */
		if (i % tx == tx - 1) {
			if (store_commit(st, &cause) != 0 ||
			    store_begin(st, &cause) != 0)
				die("commit", cause);
		}
		if (i % 20000 == 19999) {
			fprintf(stderr, "  %ld articles, %.0f s\n", i + 1,
			    (now_ms() - t0) / 1e3);
		}
	}
	if (store_commit(st, &cause) != 0)
		die("commit", cause);
	store_close(&st);
	ms = now_ms() - t0 - nb_ms;
	sqlite3_finalize(ins);
	t1 = now_ms();
	if (sqlite3_exec(nb, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		nb_die(nb);
	nb_ms += now_ms() - t1;
	sqlite3_close(nb);
	checkpoint(path);
	checkpoint(nbpath);
	printf("articles: %ld (a third Chinese; English bodies 1,000-5,000 "
	    "words, Chinese 2,000-10,000 characters)\n", n);
	printf("build through pundit's store: %.1f s (%.0f articles/s, "
	    "%ld a transaction)\n", ms / 1e3, (double)(n - done) / (ms / 1e3),
	    tx);
	printf("build of newsboat's copy: %.1f s\n", nb_ms / 1e3);
	buf_free(&b);
	for (k = 0; k < 3; k++)
		source_free(&src[k]);
	free(path);
	free(nbpath);
	return 0;
}

/* Bytes of the pages of tables whose name starts with prefix (dbstat). */
static double
table_mb(sqlite3 *db, const char *prefix)
{
	sqlite3_stmt *stmt;
	double mb = -1;

	if (sqlite3_prepare_v2(db, "SELECT sum(pgsize) FROM dbstat WHERE"
	    " name LIKE ?1 || '%'", -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(stmt, 1, prefix, -1, SQLITE_STATIC);
	if (sqlite3_step(stmt) == SQLITE_ROW)
		mb = sqlite3_column_double(stmt, 0) / 1e6;
	sqlite3_finalize(stmt);
	return mb;
}

static void
sizes(const char *path, const char *nbpath)
{
	sqlite3 *db;
	double fts = -1;

	if (sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL) ==
	    SQLITE_OK)
		fts = table_mb(db, "article_fts");
	sqlite3_close(db);
	printf("cache size: pundit %.0f MB", file_mb(path));
	if (fts >= 0)
		printf(" (full-text index %.0f MB)", fts);
	printf(", newsboat %.0f MB (no index)\n", file_mb(nbpath));
}

/* Milliseconds of one run of newsboat's search, or of a feed's list. */
static double
like_ms(sqlite3_stmt *stmt, const char *needle, long *hits)
{
	double t0 = now_ms();

	*hits = 0;
	sqlite3_bind_text(stmt, 1, needle, -1, SQLITE_STATIC);
	while (sqlite3_step(stmt) == SQLITE_ROW)
		(*hits)++;
	sqlite3_reset(stmt);
	return now_ms() - t0;
}

static int
run(const char *dir, long runs)
{
	static const struct {
		const char	*kind;
		const char	*query;
		const char	*like;	/* what newsboat would look for */
		int		 feed;	/* newsboat lists a feed instead */
	} queries[] = {
		{ "1 term", "economy", "economy", 0 },
		{ "1 term", "the", "the", 0 },
		{ "1 term", "tariffs", "tariffs", 0 },
		{ "1 term", "w3e8", "w3e8", 0 },
		{ "2 terms", "rate hike", "rate hike", 0 },
		{ "2 terms", "economy policy", "economy policy", 0 },
		{ "phrase", "\"rate hike\"", "rate hike", 0 },
		{ "phrase", "\"the economy\"", "the economy", 0 },
		{ "zh 2 chars", "加息", "加息", 0 },
		{ "zh 2 chars", "中国", "中国", 0 },
		{ "zh 4 chars", "硅谷银行", "硅谷银行", 0 },
		{ "zh 4 chars", "中美关系", "中美关系", 0 },
		{ "tag filter", "tag:econ", NULL, 1 },
		{ "tag filter", "tag:to-cite", NULL, 0 },
		{ "tag + word", "tag:china 加息", NULL, 0 },
		{ "mixed", "tag:china 加息 -硅谷银行", NULL, 0 },
		{ "filter+word", "economy is:unread", NULL, 0 },
		{ "filter+word", "tag:to-cite economy", NULL, 0 },
	};
	struct store *st;
	struct store_filter f;
	struct search_query *q;
	sqlite3 *nb;
	sqlite3_stmt *like, *feed;
	char *cause = NULL, *path, *nbpath;
	double t0, c0, *lat, *cpu, first, open_ms, nb_ms, p99;
	long hits, r, nb_hits, got;
	size_t k;

	path = xasprintf("%s/pundit.db", dir);
	nbpath = xasprintf("%s/newsboat.db", dir);
	sizes(path, nbpath);

	t0 = now_ms();
	if (store_open(path, &st, &cause) != 0)
		die("open", cause);
	memset(&f, 0, sizeof f);
	f.limit = 1;
	hits = 0;
	if (store_article_each(st, &f, first_only, &hits, &cause) != 0)
		die("list", cause);
	open_ms = now_ms() - t0;
	printf("open to first listed article (in process): %.1f ms\n",
	    open_ms);

	if (sqlite3_open_v2(nbpath, &nb, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(nb, newsboat_search, -1, &like, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(nb, newsboat_feed, -1, &feed, NULL) !=
	    SQLITE_OK)
		nb_die(nb);
	lat = xcalloc((size_t)runs, sizeof *lat);
	cpu = xcalloc((size_t)runs, sizeof *cpu);
	printf("\n%-11s %-24s %6s %8s %8s %8s %8s %9s %6s\n", "kind", "query",
	    "hits", "first", "median", "p99", "cpu", "newsboat", "ratio");
	for (k = 0; k < NITEMS(queries); k++) {
		if (search_parse(queries[k].query, strlen(queries[k].query),
		    &q, &cause) != 0)
			die("parse", cause);
		if (search_count(st, q, &hits, &cause) != 0)
			die("count", cause);
		/* The first run after the count: what the TUI does. */
		for (r = 0; r < runs; r++) {
			got = 0;
			t0 = now_ms();
			c0 = cpu_ms();
			if (search_each(st, q, 20, 0, 140, count_hit, &got,
			    &cause) != 0)
				die("search", cause);
			lat[r] = now_ms() - t0;
			cpu[r] = cpu_ms() - c0;
		}
		first = lat[0];
		search_query_free(&q);
		qsort(lat, (size_t)runs, sizeof *lat, cmp_double);
		qsort(cpu, (size_t)runs, sizeof *cpu, cmp_double);
		p99 = lat[(runs * 99) / 100 < runs ? (runs * 99) / 100 :
		    runs - 1];
		nb_ms = -1;
		nb_hits = 0;
		if (queries[k].like != NULL)
			nb_ms = like_ms(like, queries[k].like, &nb_hits);
		else if (queries[k].feed)
			nb_ms = like_ms(feed, source_urls[0], &nb_hits);
		printf("%-11s %-*s %6ld %5.1f ms %5.1f ms %5.1f ms %5.1f ms",
		    queries[k].kind, 24 + (int)(strlen(queries[k].query) -
		    (size_t)text_width(queries[k].query)), queries[k].query,
		    hits, first, lat[runs / 2], p99, cpu[runs / 2]);
		if (nb_ms >= 0)
			printf(" %6.0f ms %5.0fx\n", nb_ms,
			    nb_ms / lat[runs / 2]);
		else
			printf(" %9s %6s\n", "-", "-");
		fflush(stdout);
	}
	printf("\nsearch: the best 20 by bm25 (title 10, author 4, tags 4, "
	    "body 1), each article\nand its snippet loaded, as `pundit search` "
	    "does; %ld runs; first = the first run\n(after the count); cpu = "
	    "median CPU time of a run.\nnewsboat: its search, a LIKE scan of "
	    "title and content, one run (for tag:econ,\nits list of the tagged "
	    "feed's items); ratio = newsboat / median.\n", runs);
	sqlite3_finalize(like);
	sqlite3_finalize(feed);
	sqlite3_close(nb);
	store_close(&st);
	free(lat);
	free(cpu);
	free(path);
	free(nbpath);
	return 0;
}

int
main(int argc, char **argv)
{
	long n;

	if (argc != 4 || (strcmp(argv[1], "build") != 0 &&
	    strcmp(argv[1], "run") != 0)) {
		fprintf(stderr, "usage: search-bench build DIR N\n"
		    "       search-bench run DIR RUNS\n");
		return 2;
	}
	n = strtol(argv[3], NULL, 10);
	if (n <= 0) {
		fprintf(stderr, "search-bench: not a count: %s\n", argv[3]);
		return 2;
	}
	return strcmp(argv[1], "build") == 0 ? build(argv[2], n) :
	    run(argv[2], n);
}
