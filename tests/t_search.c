/* t_search.c - the tokenizer, the query language, ranking and snippets. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "search.h"
#include "store.h"
#include "tap.h"
#include "util.h"
#include "../src/store/search-int.h"

static int
tok_cb(void *arg, int colocated, const char *tok, size_t len, size_t start,
    size_t end)
{
	struct buf *b = arg;

	(void)start;
	(void)end;
	if (b->len > 0)
		buf_addc(b, ' ');
	if (colocated)
		buf_addc(b, '+');
	buf_add(b, tok, len);
	return 0;
}

/* The tokens of s, colocated ones with a "+". */
static char *
toks(const char *s, int flags)
{
	struct buf b = BUF_INIT;

	tokenize(s, strlen(s), flags, tok_cb, &b);
	return buf_detach(&b);
}

#define is_toks(s, flags, want, ...) do {				\
	char *t_ = toks(s, flags);					\
	is_str(t_, want, __VA_ARGS__);					\
	free(t_);							\
} while (0)

static void
test_tokenizer(void)
{
	char *long_word, *t;
	size_t i;

	is_toks("Rate Hikes, don't!", 0, "rate hike don t", "English words");
	is_toks("rate hike", 0, "rate hike", "the singular stays");
	is_toks("policies taxes boss status crises", 0,
	    "policy taxe boss status crise", "plural endings (S-stemmer)");
	is_toks("Café naïve Ångström ÉCOLE Łódź", 0,
	    "cafe naive angstrom ecole lodz", "diacritics removed, folded");
	is_toks("cafe\xcc\x81", 0, "cafe", "combining accent dropped");
	is_toks("ΣΟΦΊΑ Москва", 0, "σοφια москва", "Greek and Cyrillic fold");
	is_toks("ＡＢＣ１２３", 0, "abc123", "fullwidth letters and digits");
	is_toks("加息", 0, "加息 +加 +息", "a 2-character run");
	is_toks("加息周期", 0, "加息 +加 息周 +息 周期 +周 +期",
	    "bigrams, each with its first character colocated");
	is_toks("加息周期", TOK_QUERY, "加息 息周 周期",
	    "a query: bigrams only");
	is_toks("加", 0, "加", "one character");
	is_toks("加", TOK_QUERY, "加", "one character query");
	is_toks("iPhone手机app", 0, "iphone 手机 +手 +机 app",
	    "mixed Latin and Chinese");
	is_toks("iPhone手机app", TOK_QUERY, "iphone 手机 app",
	    "mixed query: a phrase of the same positions");
	is_toks("东京タワー", TOK_QUERY, "东京 京タ タワ ワー",
	    "Han and Katakana in one run");
	is_toks("한국 은행", 0, "한국 +한 +국 은행 +은 +행",
	    "Hangul words as bigrams");
	is_toks("银行，利率。", 0, "银行 +银 +行 利率 +利 +率",
	    "CJK punctuation separates runs");
	is_toks("a\xff" "b", 0, "a b", "invalid UTF-8 separates");
	is_toks("*^()\"-:", 0, "", "punctuation gives nothing");
	long_word = xmalloc(1001);
	memset(long_word, 'x', 1000);
	long_word[1000] = '\0';
	t = toks(long_word, 0);
	ok(strlen(t) <= 128 && strlen(t) > 100, "a long word is cut (%zu)",
	    strlen(t));
	free(t);
	free(long_word);
	for (i = 0; i < 3; i++)
		ok(tokenize_any("x", 1), "tokenize_any");
	ok(!tokenize_any("***", 3), "tokenize_any: none");
}

static void
test_html_text(void)
{
	char *t;

	t = fts_html_text("<p>Un<b>usual</b> &amp; <i>fine</i></p><p>Next"
	    "</p><script>var a = '<p>x</p>';</script><!-- c -->a < b &#x4e2d;"
	    "&bogus; \x02 end", 123);
	is_str(t, "Unusual & fine Next a < b 中&bogus; end",
	    "HTML to index text");
	free(t);
	t = fts_html_text("<a href=\"x>y\">link</a> <style>p{}</style>t", 42);
	is_str(t, "link t", "quoted > in attributes, style dropped");
	free(t);
}

/* Parse and give the MATCH (or "ERR: cause"). */
static char *
match_of(const char *s)
{
	struct search_query *q;
	char *cause = NULL, *r;

	if (search_parse(s, strlen(s), &q, &cause) != 0) {
		r = xasprintf("ERR: %s", cause);
		free(cause);
		return r;
	}
	r = xasprintf("%s | %s", search_query_match(q) != NULL ?
	    search_query_match(q) : "-", search_query_exclude(q) != NULL ?
	    search_query_exclude(q) : "-");
	search_query_free(&q);
	return r;
}

#define is_match(s, want, ...) do {					\
	char *m_ = match_of(s);						\
	is_str(m_, want, __VA_ARGS__);					\
	free(m_);							\
} while (0)

#define is_error(s, part, ...) do {					\
	char *m_ = match_of(s);						\
	if (!ok(strncmp(m_, "ERR: ", 5) == 0 &&				\
	    strstr(m_, part) != NULL, __VA_ARGS__))			\
		diag("got %s", m_);					\
	free(m_);							\
} while (0)

static void
test_parse(void)
{
	struct search_query *q;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	int i;

	is_match("rate hike", "\"rate\" \"hike\" | -", "words");
	is_match("\"rate hike\"", "\"rate hike\" | -", "a phrase");
	is_match("rate -banks -\"silicon valley\"", "\"rate\" | \"banks\" OR "
	    "\"silicon valley\"", "exclusions");
	is_match("a OR b c", "(\"a\" OR \"b\") AND \"c\" | -",
	    "OR binds first");
	is_match("c a OR b", "\"c\" AND (\"a\" OR \"b\") | -",
	    "a group after a phrase");
	is_match("a OR b OR c", "(\"a\" OR \"b\" OR \"c\") | -", "OR chain");
	is_match("author:\"Ann Author\" x", "(author : \"Ann Author\") AND "
	    "\"x\" | -", "author: as a column filter we write");
	is_match("加息　周期", "\"加息\" \"周期\" | -", "ideographic space");
	/* Hostile input: always terms, never syntax. */
	is_match("NEAR(a b)", "\"NEAR(a\" \"b)\" | -", "NEAR is a word");
	is_match("body:foo subject:bar", "\"body:foo\" \"subject:bar\" | -",
	    "column filters are words");
	is_match("title:tariff x", "(title : \"tariff\") AND \"x\" | -",
	    "title: as a column filter we write");
	is_match("^foo bar*", "\"^foo\" \"bar*\" | -", "^ and * are words");
	is_match("(a OR b)", "(\"(a\" OR \"b)\") | -", "parentheses");
	is_match("AND NOT x", "\"AND\" \"NOT\" \"x\" | -", "AND and NOT");
	is_match("'; DROP TABLE article; --", "\"DROP\" \"TABLE\" "
	    "\"article;\" | -", "SQL is text");
	is_match("{title author}: x", "\"{title\" \"author}:\" \"x\" | -",
	    "column sets are words");
	is_match("a * b", "\"a\" \"b\" | -", "a term without letters is "
	    "dropped");
	is_match("tag:x", "- | -", "a filter alone");
	is_match("-only", "- | \"only\"", "an exclusion alone");
	is_error("\"open", "unterminated quote", "unterminated quote");
	is_error("tag:\"open", "unterminated quote", "unterminated value");
	is_error("", "empty query", "empty");
	is_error("   ", "empty query", "only spaces");
	is_error("* ^ ()", "no letters or digits", "no words at all");
	is_error("OR a", "OR in the query", "OR first");
	is_error("a OR", "OR in the query", "OR last");
	is_error("a OR OR b", "OR in the query", "OR twice");
	is_error("a OR -b", "OR in the query", "OR with an exclusion");
	is_error("a OR tag:x", "OR in the query", "OR with a filter");
	is_error("tag:", "tag: in the query needs a value", "empty tag");
	is_error("after:2023-02-30", "invalid date", "not a day");
	is_error("before:yesterday", "invalid date", "not a date");
	is_error("-after:2023-01-01", "cannot be excluded", "-after:");
	is_error("is:purple", "unknown is:purple", "unknown is:");
	is_error("author:***", "author: in the query needs", "author: "
	    "without letters");
	is_error("title:***", "title: in the query needs", "title: "
	    "without letters");
	ok(search_parse("a\0b", 3, &q, &cause) == -1 && cause != NULL &&
	    strstr(cause, "NUL") != NULL, "NUL refused");
	free(cause);
	cause = NULL;
	ok(search_parse("a\xff", 2, &q, &cause) == -1 && cause != NULL &&
	    strstr(cause, "UTF-8") != NULL, "invalid UTF-8 refused");
	free(cause);
	cause = NULL;
	for (i = 0; i < 5000; i++)
		buf_addc(&b, '"');
	ok(search_parse(buf_str(&b), b.len, &q, &cause) == -1 &&
	    cause != NULL && strstr(cause, "too long") != NULL,
	    "a very long query refused");
	free(cause);
	cause = NULL;
	buf_reset(&b);
	for (i = 0; i < SEARCH_MAX_TERMS + 1; i++)
		buf_adds(&b, "w ");
	ok(search_parse(buf_str(&b), b.len, &q, &cause) == -1 &&
	    cause != NULL && strstr(cause, "too many") != NULL,
	    "too many terms refused");
	free(cause);
	cause = NULL;
	buf_reset(&b);
	for (i = 0; i < SEARCH_MAX_TERMS; i++)
		buf_adds(&b, "w ");
	ok(search_parse(buf_str(&b), b.len, &q, &cause) == 0,
	    "%d terms and trailing spaces are fine", SEARCH_MAX_TERMS);
	search_query_free(&q);
	buf_free(&b);
	is_match("a\"b\"\"c\"", "\"a\" \"b\" \"c\" | -", "quotes split words");
}

struct hits {
	struct buf	ids;
	struct buf	snippets;
};

static int
hit_cb(const struct article *a, const char *snippet, void *arg)
{
	struct hits *h = arg;

	buf_addf(&h->ids, "%s%s", h->ids.len > 0 ? " " : "", a->guid);
	buf_addf(&h->snippets, "%s|", snippet);
	return 0;
}

/* The guids of the hits of a query, in order, or "ERR". */
static char *
hits_of(struct store *st, const char *s, char **snippets)
{
	struct search_query *q;
	struct hits h = { BUF_INIT, BUF_INIT };
	char *cause = NULL;

	if (search_parse(s, strlen(s), &q, &cause) != 0 ||
	    search_each(st, q, 0, 0, 60, hit_cb, &h, &cause) != 0) {
		diag("%s: %s", s, cause);
		free(cause);
		search_query_free(&q);
		buf_free(&h.ids);
		buf_free(&h.snippets);
		return xstrdup("ERR");
	}
	search_query_free(&q);
	if (snippets != NULL)
		*snippets = buf_detach(&h.snippets);
	buf_free(&h.snippets);
	return buf_detach(&h.ids);
}

#define is_hits(st, s, want, ...) do {					\
	char *h_ = hits_of(st, s, NULL);				\
	is_str(h_, want, __VA_ARGS__);					\
	free(h_);							\
} while (0)

static int64_t
add(struct store *st, int64_t source, const char *guid, const char *title,
    const char *author, time_t published, const char *content)
{
	struct article *a;
	char *cause = NULL;
	int64_t id;

	a = article_new();
	a->source_id = source;
	a->guid = xstrdup(guid);
	a->title = xstrdup(title);
	a->author = author != NULL ? xstrdup(author) : NULL;
	a->published = published;
	a->content = xstrdup(content);
	if (store_article_upsert(st, a, NULL, &cause) != 0) {
		diag("%s", cause);
		free(cause);
	}
	id = a->id;
	article_free(&a);
	return id;
}

static void
test_store(const char *dir)
{
	struct store *st;
	struct source *en, *zh;
	struct store_tag *tags;
	struct search_saved *saved;
	struct article *a;
	char *path, *cause = NULL, *snip, *query, *add_tags[3];
	int64_t id_title, id_body;
	size_t n;
	int replaced;

	path = xasprintf("%s/search.db", dir);
	if (store_open(path, &st, &cause) != 0) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	en = source_new("https://en.example/feed");
	en->name = xstrdup("English Example");
	util_strv_add(&en->tags, "econ");
	zh = source_new("https://zh.example/");
	zh->name = xstrdup("中文评论");
	util_strv_add(&zh->tags, "中美关系");
	ok(store_source_put(st, en, &cause) == 0 &&
	    store_source_put(st, zh, &cause) == 0, "two sources");
	id_body = add(st, en->id, "e-body", "Markets this week", "Bob Writer",
	    1700000000, "<p>Another <b>rate</b> hike is coming, the rate "
	    "hike of all hikes.</p>");
	id_title = add(st, en->id, "e-title", "The rate hike", "Ann Author",
	    1600000000, "<p>A long piece on central banks.</p>");
	/* The same text as e-title, older: a tie in bm25. */
	add(st, en->id, "e-old", "The rate hike", "Ann Author",
	    1500000000, "<p>A long piece on central banks.</p>");
	add(st, en->id, "e-cafe", "Café society", NULL, 1650000000,
	    "<p>A naïve essay on the café.</p>");
	add(st, zh->id, "z-svb", "硅谷银行倒闭之后", "作者甲", 1690000000,
	    "<p>中小银行的利率风险。主要央行连续加息，新兴市场货币普遍承压。"
	    "</p>");
	add(st, zh->id, "z-hike", "加息周期接近尾声", "作者乙", 1680000000,
	    "<p>随着通胀回落，加息周期接近尾声，资本流动的压力有所缓解。</p>");
	add(st, zh->id, "z-tech", "科技大战", "作者甲", 1670000000,
	    "<p>芯片出口管制与科技大战。iPhone手机销量下降。</p>");

	/* Ranking: the title counts more; ties are newer first. */
	is_hits(st, "rate hike", "e-title e-old e-body",
	    "a title hit ranks above body hits");
	is_hits(st, "\"rate hike\"", "e-title e-old e-body", "phrase");
	is_hits(st, "Rate Hikes", "e-title e-old e-body",
	    "Rate Hikes finds rate hike");
	is_hits(st, "rate hike -banks", "e-body", "exclusion");
	is_hits(st, "cafe", "e-cafe", "no accent finds café");
	is_hits(st, "NAÏVE", "e-cafe", "case and accent");
	is_hits(st, "加", "z-hike z-svb", "1-character Chinese query");
	is_hits(st, "加息", "z-hike z-svb", "2-character Chinese query");
	is_hits(st, "硅谷银", "z-svb", "3-character Chinese query");
	is_hits(st, "硅谷银行", "z-svb", "4-character Chinese query");
	is_hits(st, "科技大战", "z-tech", "科技大战");
	is_hits(st, "谷银行倒", "z-svb", "across the title's run");
	is_hits(st, "银行硅谷", "", "order of the bigrams counts");
	is_hits(st, "iphone手机", "z-tech", "mixed Chinese-English");
	is_hits(st, "加息 OR café", "e-cafe z-hike z-svb", "OR across scripts");
	is_hits(st, "author:ann", "e-title e-old", "author:");
	is_hits(st, "author:作者甲", "z-tech z-svb", "Chinese author:");
	is_hits(st, "-author:ann rate", "e-body", "-author:");
	is_hits(st, "title:rate", "e-title e-old", "title:");
	is_hits(st, "rate -title:rate", "e-body", "-title:");
	is_hits(st, "title:加息", "z-hike", "Chinese title:");
	/* What FTS5 takes only with AND between (found by fuzz_search). */
	is_hits(st, "rate author:ann", "e-title e-old", "a word, then author:");
	is_hits(st, "author:ann rate", "e-title e-old", "author:, then a word");
	is_hits(st, "title:rate author:ann", "e-title e-old", "two filters");
	is_hits(st, "hike OR tea rate", "e-title e-old e-body",
	    "a group, then a word");
	is_hits(st, "rate hike OR tea", "e-title e-old e-body",
	    "a word, then a group");
	is_hits(st, "tag:中美关系 加息", "z-hike z-svb", "source tag");
	is_hits(st, "tag:econ -rate", "e-cafe", "tag filter and exclusion");
	is_hits(st, "source:中文 source:评论", "z-svb z-hike z-tech",
	    "source filters, newest first");
	is_hits(st, "source:english -tag:econ", "", "-tag:");
	is_hits(st, "after:2023-08-01", "e-body", "after:");
	is_hits(st, "before:2020-09-14 rate", "e-title e-old", "before:");
	is_hits(st, "NEAR(rate hike)", "", "NEAR is text");
	is_hits(st, "subject:rate", "", "subject: is text");
	is_hits(st, "rate*", "e-title e-old e-body", "* is punctuation");
	ok(store_article_set_flag(st, id_title, STORE_FLAG_READ, 1, &cause) ==
	    0 && store_article_set_flag(st, id_body, STORE_FLAG_STARRED, 1,
	    &cause) == 0, "read one, star one");
	is_hits(st, "rate is:unread", "e-old e-body", "is:unread");
	is_hits(st, "rate is:starred", "e-body", "is:starred");
	is_hits(st, "rate -is:unread", "e-title", "-is:unread");

	/* Snippets. */
	free(hits_of(st, "\"rate hike\" -banks", &snip));
	is_str(snip, "Another \x02rate hike\x03 is coming, the \x02rate "
	    "hike\x03 of all hikes.|", "phrase marked whole in the snippet");
	free(snip);
	free(hits_of(st, "加息", &snip));
	ok(strstr(snip, "\x02" "加息" "\x03" "周期") != NULL, "Chinese hit marked");
	free(snip);
	free(hits_of(st, "tag:econ café", &snip));
	ok(strstr(snip, "\x02" "café" "\x03") != NULL, "accented word marked");
	free(snip);

	/* Tags: indexed, kept in step. */
	add_tags[0] = (char *)"to-cite";
	add_tags[1] = (char *)"中美关系";
	add_tags[2] = NULL;
	ok(store_article_tag(st, id_body, add_tags, NULL, &cause) == 0,
	    "tag an article");
	is_hits(st, "cite", "e-body", "article tags are searchable words");
	is_hits(st, "tag:to-cite", "e-body", "tag:");
	is_hits(st, "tag:中美关系 rate", "e-body", "Chinese article tag");
	ok(store_tag_list(st, &tags, &n, &cause) == 0 && n == 3 &&
	    strcmp(tags[0].name, "econ") == 0 && tags[0].n_articles == 4 &&
	    strcmp(tags[1].name, "to-cite") == 0 && tags[1].n_articles == 1 &&
	    strcmp(tags[2].name, "中美关系") == 0 && tags[2].n_articles == 4,
	    "tag list: source and article tags, counted once");
	store_tag_list_free(&tags, n);
	ok(store_article_tag(st, id_body, NULL, add_tags, &cause) == 0,
	    "untag");
	is_hits(st, "cite", "", "the index follows untagging");

	/* Updates and deletes keep the index in step. */
	add(st, en->id, "e-cafe", "Tea society", NULL, 1650000000,
	    "<p>Now on tea.</p>");
	is_hits(st, "cafe", "", "an updated article loses its old words");
	is_hits(st, "tea", "e-cafe", "and gains its new ones");
	ok(store_article_get(st, id_body, &a, &cause) == 0 && a != NULL &&
	    a->starred, "user state kept");
	article_free(&a);

	/* Saved searches. */
	ok(search_saved_put(st, "hikes", "rate hike -banks", &replaced,
	    &cause) == 0 && !replaced, "save a search");
	ok(search_saved_put(st, "hikes", "rate hike", &replaced,
	    &cause) == 0 && replaced, "replace it");
	ok(search_saved_put(st, "bad", "\"open", NULL, &cause) == -1 &&
	    strstr(cause, "unterminated") != NULL, "a bad query is not saved");
	free(cause);
	cause = NULL;
	ok(search_saved_get(st, "hikes", &query, &cause) == 0 &&
	    query != NULL && strcmp(query, "rate hike") == 0, "get it");
	free(query);
	ok(search_saved_list(st, &saved, &n, &cause) == 0 && n == 1 &&
	    saved[0].n_articles == 3 && saved[0].n_unread == 2,
	    "list with counts");
	search_saved_list_free(&saved, n);
	ok(search_saved_remove(st, "hikes", &cause) == 0, "remove it");
	ok(search_saved_remove(st, "hikes", &cause) == -1 &&
	    strstr(cause, "hikes") != NULL, "removing twice names it");
	free(cause);
	cause = NULL;

	ok(store_source_remove(st, zh->id, &cause) == 0, "remove a source");
	is_hits(st, "加息", "", "its articles leave the index");
	ok(store_integrity_check(st, &cause) == 0, "integrity check");
	store_close(&st);

	/* A reopen keeps it all. */
	ok(store_open(path, &st, &cause) == 0, "reopen");
	is_hits(st, "rate", "e-title e-old e-body", "index after reopen");
	store_close(&st);
	unlink(path);
	source_free(&en);
	source_free(&zh);
	free(path);
}

/* Rows of a query where pundit_rank differs from FTS5's bm25, or -1. */
static long
rank_differs(struct store *st, const char *match)
{
	sqlite3_stmt *stmt;
	long n = 0, rows = 0;
	int rc;

	if (sqlite3_prepare_v2(st->db, "SELECT bm25(article_fts, 10.0, 4.0,"
	    " 1.0, 4.0), pundit_rank(article_fts, 10.0, 4.0, 1.0, 4.0) FROM"
	    " article_fts WHERE article_fts MATCH ?1", -1, &stmt, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_text(stmt, 1, match, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows++;
		if (sqlite3_column_double(stmt, 0) !=
		    sqlite3_column_double(stmt, 1))
			n++;
	}
	sqlite3_finalize(stmt);
	return rc == SQLITE_DONE && rows > 0 ? n : -1;
}

/* The guids of a query's hits from offset, at most limit (0: all). */
static char *
page_of(struct store *st, const char *s, long limit, long offset)
{
	struct search_query *q;
	struct hits h = { BUF_INIT, BUF_INIT };
	char *cause = NULL;

	if (search_parse(s, strlen(s), &q, &cause) != 0 ||
	    search_each(st, q, limit, offset, 0, hit_cb, &h, &cause) != 0) {
		diag("%s: %s", s, cause);
		free(cause);
	}
	search_query_free(&q);
	buf_free(&h.snippets);
	return buf_detach(&h.ids);
}

/* The first n words of s. */
static char *
first_words(const char *s, int skip, int n)
{
	struct buf b = BUF_INIT;
	int i = 0;

	for (; *s != '\0'; s++) {
		if (*s == ' ')
			i++;
		if (i >= skip && i < skip + n && !(i == skip && *s == ' '))
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

/*
 * Many hits: pundit_rank is bm25 to the bit, with lengths from its copy
 * of the docsize table or without; a ranked page with filters that the
 * best hits fail (search_top asking for more) is the page of all hits.
 */
static void
test_rank(const char *dir)
{
	struct store *st;
	struct source *src;
	struct buf b = BUF_INIT;
	char *path, *cause = NULL, guid[32], *all, *page, *want;
	int64_t id;
	int i, j;

	path = xasprintf("%s/rank.db", dir);
	if (store_open(path, &st, &cause) != 0) {
		printf("Bail out! %s\n", cause);
		exit(1);
	}
	src = source_new("https://rank.example/feed");
	ok(store_source_put(st, src, &cause) == 0, "a source");
	ok(store_begin(st, &cause) == 0, "a transaction");
	for (i = 0; i < 2600; i++) {
		buf_reset(&b);
		buf_adds(&b, "<p>");
		for (j = 0; j < i % 7 + 1; j++)
			buf_adds(&b, "common ");
		for (j = 0; j < i % 53; j++)
			buf_adds(&b, j % 2 ? "filler " : "words ");
		if (i % 61 == 0)
			buf_adds(&b, "rare");
		buf_adds(&b, "</p>");
		snprintf(guid, sizeof guid, "r%d", i);
		id = add(st, src->id, guid, i % 97 == 0 ? "A common title" :
		    "A title", NULL, 1600000000 + i, buf_str(&b));
		if (i % 500 == 3)
			store_article_set_flag(st, id, STORE_FLAG_STARRED, 1,
			    &cause);
	}
	ok(store_commit(st, &cause) == 0, "2,600 articles");
	is_int(rank_differs(st, "common"), 0, "pundit_rank is bm25 with "
	    "lengths from its copy (2,600 hits)");
	is_int(rank_differs(st, "rare"), 0, "and with each length asked "
	    "for (43 hits)");
	is_int(rank_differs(st, "common OR rare"), 0, "two phrases");
	add(st, src->id, "r-new", "common common common", NULL, 1700000000,
	    "<p>common</p>");
	is_int(rank_differs(st, "common"), 0, "after a change the copy is "
	    "made again");
	all = page_of(st, "common", 0, 0);
	page = page_of(st, "common", 20, 0);
	want = first_words(all, 0, 20);
	is_str(page, want, "the best 20 ranked in the index are the first "
	    "20 of all");
	ok(strncmp(page, "r-new ", 6) == 0, "the title hit first");
	free(all);
	free(page);
	free(want);
	all = page_of(st, "common is:starred", 0, 0);
	page = page_of(st, "common is:starred", 3, 1);
	want = first_words(all, 1, 3);
	is_str(page, want, "a filter most of the best fail: the same page "
	    "as from all hits");
	free(all);
	free(page);
	free(want);
	store_close(&st);
	unlink(path);
	free(path);
	path = xasprintf("%s/rank.db-wal", dir);
	unlink(path);
	free(path);
	path = xasprintf("%s/rank.db-shm", dir);
	unlink(path);
	free(path);
	source_free(&src);
	buf_free(&b);
}

int
main(void)
{
	char template[] = "/tmp/pundit-search-XXXXXX", *dir, *p;

	if ((dir = mkdtemp(template)) == NULL) {
		printf("Bail out! mkdtemp: %s\n", strerror(errno));
		return 1;
	}
	test_tokenizer();
	test_html_text();
	test_parse();
	test_store(dir);
	test_rank(dir);
	p = xasprintf("%s/search.db-wal", dir);
	unlink(p);
	free(p);
	p = xasprintf("%s/search.db-shm", dir);
	unlink(p);
	free(p);
	rmdir(dir);
	return done_testing();
}
