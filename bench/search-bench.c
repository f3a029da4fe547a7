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
#include "util.h"

/*
 * Usage: search-bench DIR N RUNS. A third of the articles are Chinese.
 * Words follow a Zipf-like law over a real head and a synthetic tail;
 * a few phrases are planted at known rates so that queries have hits.
 * The same articles go into a newsboat-shaped cache (rss_item), where
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

static unsigned long long rng = 88172645463325252ULL;

static unsigned long
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned long)(rng >> 11);
}

/* Zipf-like rank in [0, n): small ranks much more likely. */
static size_t
zipf(size_t n)
{
	double u = (double)(rnd() % 1000000) / 1000000.0;

	return (size_t)((double)n * u * u * u) % n;
}

/* Planted phrases: in about one article in plant (once or twice). */
static int plant;

static void
en_text(struct buf *b, int words)
{
	int i, at = -1;
	size_t r;

	if (plant > 0 && rnd() % (unsigned long)plant == 0)
		at = (int)(rnd() % (unsigned long)words);

	for (i = 0; i < words; i++) {
		if (i % 60 == 0)
			buf_adds(b, i > 0 ? "</p><p>" : "<p>");
		else
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
	buf_adds(b, ".</p>");
}

static void
zh_text(struct buf *b, int chars)
{
	int i, at = -1, svb = -1;

	if (plant > 0 && rnd() % (unsigned long)plant == 0)
		at = (int)(rnd() % (unsigned long)chars);
	if (plant > 0 && rnd() % (unsigned long)(plant * 4) == 0)
		svb = (int)(rnd() % (unsigned long)chars);

	buf_adds(b, "<p>");
	for (i = 0; i < chars; i++) {
		if (i % 40 == 39)
			buf_adds(b, "。");
		if (i == at) {
			buf_adds(b, "加息");
			continue;
		}
		if (i == svb) {
			buf_adds(b, "硅谷银行");
			continue;
		}
		buf_add(b, zh_chars + 3 * zipf(ZH_LEN), 3);
	}
	buf_adds(b, "。</p>");
}

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
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

static off_t
file_size(const char *path)
{
	struct stat sb;

	return stat(path, &sb) == 0 ? sb.st_size : 0;
}

int
main(int argc, char **argv)
{
	static const struct {
		const char	*kind;
		const char	*query;
		const char	*like;	/* what newsboat would look for */
	} queries[] = {
		{ "1 term", "economy", "economy" },
		{ "1 term", "tariffs", "tariffs" },
		{ "1 term", "w3e8", "w3e8" },
		{ "2 terms", "rate hike", "rate hike" },
		{ "phrase", "\"rate hike\"", "rate hike" },
		{ "zh 2 chars", "加息", "加息" },
		{ "zh 4 chars", "硅谷银行", "硅谷银行" },
		{ "tag filter", "tag:econ", NULL },
		{ "mixed", "tag:china 加息 -硅谷银行", NULL },
	};
	struct store *st;
	struct source *src[3];
	struct article *a;
	struct store_filter f;
	struct search_query *q;
	struct buf b = BUF_INIT;
	sqlite3 *nb;
	sqlite3_stmt *ins, *sel;
	char *cause = NULL, *path, *nbpath;
	double t0, build, *lat, like, open_ms;
	long n, runs, i, hits, r;
	size_t k;
	char *tags[] = { (char *)"econ", NULL };

	if (argc != 4) {
		fprintf(stderr, "usage: search-bench DIR N RUNS\n");
		return 2;
	}
	n = strtol(argv[2], NULL, 10);
	runs = strtol(argv[3], NULL, 10);
	path = xasprintf("%s/pundit.db", argv[1]);
	nbpath = xasprintf("%s/newsboat-cache.db", argv[1]);
	if (store_open(path, &st, &cause) != 0)
		die("open", cause);
	src[0] = source_new("https://en.example/feed");
	util_strv_add(&src[0]->tags, "econ");
	src[1] = source_new("https://zh.example/feed");
	util_strv_add(&src[1]->tags, "china");
	src[2] = source_new("https://mixed.example/feed");
	for (k = 0; k < 3; k++)
		if (store_source_put(st, src[k], &cause) != 0)
			die("source", cause);
	if (sqlite3_open(nbpath, &nb) != SQLITE_OK ||
	    sqlite3_exec(nb, "PRAGMA journal_mode = WAL;"
	    "CREATE TABLE rss_item (id INTEGER PRIMARY KEY, guid TEXT,"
	    " title TEXT, author TEXT, url TEXT, feedurl TEXT, pubDate"
	    " INTEGER, content TEXT, unread INTEGER, deleted INTEGER"
	    " DEFAULT 0);"
	    "CREATE INDEX idx_rssitem_feedurl ON rss_item(feedurl);"
	    "BEGIN", NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(nb, "INSERT INTO rss_item (guid, title, author,"
	    " url, feedurl, pubDate, content, unread) VALUES (?, ?, ?, ?, ?,"
	    " ?, ?, 1)", -1, &ins, NULL) != SQLITE_OK) {
		fprintf(stderr, "search-bench: newsboat cache: %s\n",
		    sqlite3_errmsg(nb));
		return 1;
	}

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
			zh_text(&b, 12 + (int)(rnd() % 12));
			a->title = buf_detach(&b);
			plant = 25;	/* bodies: 4% */
			zh_text(&b, 800 + (int)(rnd() % 2400));
		} else {
			en_text(&b, 6 + (int)(rnd() % 8));
			a->title = buf_detach(&b);
			plant = 25;
			en_text(&b, 300 + (int)(rnd() % 900));
		}
		a->content = buf_detach(&b);
		if (store_article_upsert(st, a, NULL, &cause) != 0)
			die("upsert", cause);
		if (i % 50 == 0 && store_article_tag(st, a->id, tags, NULL,
		    &cause) != 0)
			die("tag", cause);
		sqlite3_bind_text(ins, 1, a->guid, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 2, a->title, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 3, a->author, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 4, a->url, -1, SQLITE_STATIC);
		sqlite3_bind_text(ins, 5, src[k]->url, -1, SQLITE_STATIC);
		sqlite3_bind_int64(ins, 6, a->published);
		sqlite3_bind_text(ins, 7, a->content, -1, SQLITE_STATIC);
		if (sqlite3_step(ins) != SQLITE_DONE)
			return 1;
		sqlite3_reset(ins);
		article_free(&a);
		if (i % 2000 == 1999) {
			if (store_commit(st, &cause) != 0 ||
			    store_begin(st, &cause) != 0)
				die("commit", cause);
		}
	}
	if (store_commit(st, &cause) != 0)
		die("commit", cause);
	build = now_ms() - t0;
	sqlite3_finalize(ins);
	sqlite3_exec(nb, "COMMIT; PRAGMA wal_checkpoint(TRUNCATE)", NULL,
	    NULL, NULL);
	store_close(&st);
	/* The WAL is folded in: the size is the file's. */
	if (sqlite3_open(path, &nb) == SQLITE_OK) {
		sqlite3_exec(nb, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL,
		    NULL);
		sqlite3_close(nb);
	}
	printf("articles: %ld (a third Chinese)\n", n);
	printf("build: %.1f s (%.0f articles/s, with the newsboat copy)\n",
	    build / 1e3, (double)n / (build / 1e3));
	printf("cache size: %.1f MB (newsboat-shaped, no index: %.1f MB)\n",
	    (double)file_size(path) / 1e6, (double)file_size(nbpath) / 1e6);

	t0 = now_ms();
	if (store_open(path, &st, &cause) != 0)
		die("open", cause);
	memset(&f, 0, sizeof f);
	f.limit = 1;
	hits = 0;
	if (store_article_each(st, &f, first_only, &hits, &cause) != 0)
		die("list", cause);
	open_ms = now_ms() - t0;
	printf("open to first listed article: %.1f ms\n", open_ms);

	sqlite3_open(nbpath, &nb);
	sqlite3_prepare_v2(nb, "SELECT guid, title, author, url, pubDate,"
	    " length(content), unread, feedurl FROM rss_item WHERE (title"
	    " LIKE '%' || ?1 || '%' OR content LIKE '%' || ?1 || '%') AND"
	    " deleted = 0 ORDER BY pubDate DESC, id DESC", -1, &sel, NULL);
	lat = xcalloc((size_t)runs, sizeof *lat);
	printf("\n%-11s %-26s %8s %9s %9s %11s %8s\n", "kind", "query",
	    "hits", "median", "p99", "LIKE scan", "speedup");
	for (k = 0; k < NITEMS(queries); k++) {
		if (search_parse(queries[k].query, strlen(queries[k].query),
		    &q, &cause) != 0)
			die("parse", cause);
		if (search_count(st, q, &hits, &cause) != 0)
			die("count", cause);
		for (r = 0; r < runs; r++) {
			long got = 0;

			t0 = now_ms();
			if (search_each(st, q, 20, 0, 140, count_hit, &got,
			    &cause) != 0)
				die("search", cause);
			lat[r] = now_ms() - t0;
		}
		search_query_free(&q);
		qsort(lat, (size_t)runs, sizeof *lat, cmp_double);
		like = -1;
		if (queries[k].like != NULL) {
			t0 = now_ms();
			for (r = 0; r < 3; r++) {
				sqlite3_bind_text(sel, 1, queries[k].like, -1,
				    SQLITE_STATIC);
				while (sqlite3_step(sel) == SQLITE_ROW)
					;
				sqlite3_reset(sel);
			}
			like = (now_ms() - t0) / 3;
		}
		printf("%-11s %-26s %8ld %6.2f ms %6.2f ms", queries[k].kind,
		    queries[k].query, hits, lat[runs / 2],
		    lat[(runs * 99) / 100 < runs ? (runs * 99) / 100 :
		    runs - 1]);
		if (like >= 0)
			printf(" %8.0f ms %7.0fx\n", like, like / lat[runs / 2]);
		else
			printf(" %11s %8s\n", "-", "-");
	}
	printf("\n(search: top 20 by bm25 with article and snippet loaded;"
	    " LIKE: newsboat's\nquery over title and content, all rows, "
	    "mean of 3)\n");
	sqlite3_finalize(sel);
	sqlite3_close(nb);
	store_close(&st);
	free(lat);
	buf_free(&b);
	for (k = 0; k < 3; k++)
		source_free(&src[k]);
	free(path);
	free(nbpath);
	return 0;
}
