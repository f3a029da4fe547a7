/* fuzz_search.c - libFuzzer target for the search language, run on a cache. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
#include "search.h"
#include "store.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static struct store *st;

/* A cache of a few articles in English and Chinese, made once. */
static void
setup(void)
{
	static const char *const rows[][4] = {
		{ "Rates and the slow arithmetic of growth", "Ann Author",
		  "<p>Central banks weigh rates, inflation and growth.</p>",
		  "econ" },
		{ "硅谷银行倒闭之后", "作者甲",
		  "<p>加息周期接近尾声，新兴市场的资本流动压力有所缓解。</p>",
		  "china" },
		{ "Tariffs \"quoted\" OR (not) NEAR/2 *", "Eve",
		  "<p>AND OR NOT NEAR \" * ^ : - + ( ) ' ; -- /* */</p>",
		  "to-cite" },
	};
	struct source *s;
	struct article *a;
	char *cause = NULL, *tags[2] = { NULL, NULL };
	size_t i;

	if (store_open(":memory:", &st, &cause) != 0) {
		fprintf(stderr, "fuzz_search: %s\n", cause);
		abort();
	}
	s = source_new("https://fuzz.example/feed");
	s->name = xstrdup("Fuzz");
	if (store_source_put(st, s, &cause) != 0)
		abort();
	for (i = 0; i < NITEMS(rows); i++) {
		a = article_new();
		a->source_id = s->id;
		a->guid = xasprintf("g%zu", i);
		a->url = xasprintf("https://fuzz.example/%zu", i);
		a->title = xstrdup(rows[i][0]);
		a->author = xstrdup(rows[i][1]);
		a->content = xstrdup(rows[i][2]);
		a->published = 1714560000 + (time_t)i * 86400;
		if (store_article_upsert(st, a, NULL, &cause) != 0)
			abort();
		tags[0] = (char *)rows[i][3];
		if (store_article_tag(st, a->id, tags, NULL, &cause) != 0)
			abort();
		article_free(&a);
	}
	source_free(&s);
}

static int
hit(const struct article *a, const char *snippet, void *arg)
{
	(void)arg;
	if (a->title == NULL || snippet == NULL)
		abort();
	return 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct search_query *q;
	char *cause = NULL;
	long n;

	if (st == NULL)
		setup();
	if (search_parse((const char *)data, len, &q, &cause) != 0) {
		/* A refused query is explained, in one clean line. */
		if (cause == NULL || *cause == '\0')
			abort();
		free(cause);
		return 0;
	}
	/*
	 * Whatever parsed is only terms and filters: FTS5 and SQLite never
	 * see it as syntax, so running it never fails.
	 */
	if (search_count(st, q, &n, &cause) != 0) {
		fprintf(stderr, "fuzz_search: count: %s\n", cause);
		abort();
	}
	if (search_each(st, q, 5, 0, 40, hit, NULL, &cause) != 0) {
		fprintf(stderr, "fuzz_search: each: %s\n", cause);
		abort();
	}
	search_query_free(&q);
	return 0;
}
