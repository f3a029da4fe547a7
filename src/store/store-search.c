/* store-search.c - running parsed queries on the cache; saved searches. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "conf.h"
#include "i18n.h"
#include "search-int.h"
#include "sources.h"
#include "text.h"

/* Title above tags and author above the body. */
/*
 * Title above tags and author above the body: bm25 as FTS5 computes it,
 * by pundit_rank (store-fts.c), which reads each hit's length faster.
 */
#define SEARCH_RANK "pundit_rank(article_fts, 10.0, 4.0, 1.0, 4.0)"
/* Ranked in the index alone: at first this many, then 8 times more. */
#define SEARCH_TOP_FIRST	200
#define SEARCH_TOP_MAX		20000
#define SEARCH_DATE "COALESCE(a.published, a.first_seen)"

/* The parameters of a query being built, bound in order. */
struct search_sql {
	struct buf	 sql;
	struct {
		const char	*text;	/* NULL: an integer */
		int64_t		 value;
		char		*owned;
	}		 params[4 * SEARCH_MAX_TERMS + 8];
	size_t		 n;
	int		 few_tags;	/* tag: picks few articles */
};

/* Articles of a tag, up to a cap: its own and its sources'. */
static const char search_tag_rows_sql[] =
	"SELECT (SELECT count(*) FROM article_tag at JOIN tag t"
	"  ON t.id = at.tag_id WHERE t.name = ?1)"
	" + (SELECT count(*) FROM (SELECT 1 FROM article WHERE source_id IN"
	"  (SELECT id FROM source WHERE instr(char(31) || COALESCE(tags, '')"
	"  || char(31), char(31) || ?1 || char(31)) > 0) LIMIT ?2)),"
	" (SELECT max(id) FROM article)";

static const char search_snippet_sql[] =
	"SELECT pundit_snippet(article_fts, 2, ?3) FROM article_fts"
	" WHERE article_fts MATCH ?1 AND rowid = ?2";
static const char search_body_sql[] =
	"SELECT substr(body, 1, ?2) FROM article_fts WHERE rowid = ?1";
static const char saved_put_sql[] =
	"INSERT INTO saved_search (name, query, created) VALUES (?1, ?2, ?3)"
	" ON CONFLICT (name) DO UPDATE SET query = excluded.query";
/* A search of the sources file has no created time: the file made it. */
static const char saved_file_put_sql[] =
	"INSERT INTO saved_search (name, query, created) VALUES (?1, ?2, NULL)"
	" ON CONFLICT (name) DO UPDATE SET query = excluded.query,"
	" created = NULL";
static const char saved_exists_sql[] =
	"SELECT query, created IS NULL FROM saved_search WHERE name = ?1";
static const char saved_remove_sql[] =
	"DELETE FROM saved_search WHERE name = ?1";
static const char saved_list_sql[] =
	"SELECT name, query, created IS NULL FROM saved_search ORDER BY name";

static void
search_param_text(struct search_sql *ss, const char *text, char *owned)
{
	if (ss->n == NITEMS(ss->params))
		fatal("too many query parameters");
	ss->params[ss->n].text = text;
	ss->params[ss->n].owned = owned;
	ss->n++;
	buf_addc(&ss->sql, '?');
}

static void
search_param_int(struct search_sql *ss, int64_t v)
{
	if (ss->n == NITEMS(ss->params))
		fatal("too many query parameters");
	ss->params[ss->n].text = NULL;
	ss->params[ss->n].owned = NULL;
	ss->params[ss->n].value = v;
	ss->n++;
	buf_addc(&ss->sql, '?');
}

static void
search_sql_free(struct search_sql *ss)
{
	size_t i;

	for (i = 0; i < ss->n; i++)
		free(ss->params[i].owned);
	buf_free(&ss->sql);
}

/*
 * An article tag or a tag of its source. A tag of few articles is looked
 * up in the indexes (its articles, its sources' articles), then sorted;
 * a tag of many is checked on each article, newest first, until enough.
 */
static void
search_where_tag(struct search_sql *ss, const char *tag, int neg)
{
	if (!neg && ss->few_tags) {
		buf_adds(&ss->sql, " AND (a.id IN (SELECT at.article_id FROM"
		    " article_tag at JOIN tag t ON t.id = at.tag_id WHERE"
		    " t.name = ");
		search_param_text(ss, tag, NULL);
		buf_adds(&ss->sql, ") OR a.source_id IN (SELECT id FROM source"
		    " WHERE instr(char(31) || COALESCE(tags, '') || char(31),"
		    " char(31) || ");
		search_param_text(ss, tag, NULL);
		buf_adds(&ss->sql, " || char(31)) > 0))");
		return;
	}
	buf_adds(&ss->sql, neg ? " AND NOT (" : " AND (");
	buf_adds(&ss->sql, "a.id IN (SELECT at.article_id FROM article_tag at"
	    " JOIN tag t ON t.id = at.tag_id WHERE t.name = ");
	search_param_text(ss, tag, NULL);
	buf_adds(&ss->sql, ") OR instr(char(31) || COALESCE(s.tags, '') ||"
	    " char(31), char(31) || ");
	search_param_text(ss, tag, NULL);
	buf_adds(&ss->sql, " || char(31)) > 0)");
}

/* The display name or URL of the source contains the text. */
static void
search_where_source(struct search_sql *ss, const char *name, int neg)
{
	struct buf b = BUF_INIT;
	char *like;

	buf_addc(&b, '%');
	for (; *name != '\0'; name++) {
		if (*name == '%' || *name == '_' || *name == '\\')
			buf_addc(&b, '\\');
		buf_addc(&b, *name);
	}
	buf_addc(&b, '%');
	like = buf_detach(&b);
	buf_adds(&ss->sql, neg ? " AND NOT (" : " AND (");
	buf_adds(&ss->sql, "COALESCE(NULLIF(s.name, ''), NULLIF(s.title, ''),"
	    " s.url) LIKE ");
	search_param_text(ss, like, like);
	buf_adds(&ss->sql, " ESCAPE '\\' OR s.url LIKE ");
	search_param_text(ss, like, NULL);
	buf_adds(&ss->sql, " ESCAPE '\\')");
}

static void search_filters(struct search_sql *, const struct search_query *);

/* The MATCH of the words, without what is excluded. */
static void
search_match(struct search_sql *ss, const struct search_query *q)
{
	char *full;

	if (q->exclude != NULL) {
		full = xasprintf("(%s) NOT (%s)", q->match, q->exclude);
		search_param_text(ss, full, full);
	} else
		search_param_text(ss, q->match, NULL);
}

/* FROM and WHERE of a query; what = the selected columns. */
static void
search_from_where(struct search_sql *ss, const struct search_query *q,
    const char *what)
{
	char *full = NULL;

	buf_addf(&ss->sql, "SELECT %s", what);
	/*
	 * Words alone are counted in the index alone: reading the rows of
	 * 100,000 hits takes seconds, and every row has its index entry.
	 */
	if (q->match != NULL && strcmp(what, "count(*)") == 0 &&
	    q->tags == NULL && q->not_tags == NULL && q->sources == NULL &&
	    q->not_sources == NULL && !q->has_after && !q->has_before &&
	    !q->unread && !q->read && !q->starred && !q->unstarred) {
		buf_adds(&ss->sql, " FROM article_fts WHERE article_fts MATCH ");
		if (q->exclude != NULL) {
			full = xasprintf("(%s) NOT (%s)", q->match,
			    q->exclude);
			search_param_text(ss, full, full);
		} else
			search_param_text(ss, q->match, NULL);
		return;
	}
	if (q->match != NULL) {
		buf_adds(&ss->sql, " FROM article_fts JOIN article a"
		    " ON a.id = article_fts.rowid JOIN source s"
		    " ON s.id = a.source_id WHERE 1");
	} else {
		buf_adds(&ss->sql, " FROM article a JOIN source s"
		    " ON s.id = a.source_id WHERE 1");
	}
	if (q->match != NULL) {
		buf_adds(&ss->sql, " AND article_fts MATCH ");
		if (q->exclude != NULL) {
			full = xasprintf("(%s) NOT (%s)", q->match,
			    q->exclude);
			search_param_text(ss, full, full);
		} else
			search_param_text(ss, q->match, NULL);
	} else if (q->exclude != NULL) {
		buf_adds(&ss->sql, " AND a.id NOT IN (SELECT rowid FROM"
		    " article_fts WHERE article_fts MATCH ");
		search_param_text(ss, q->exclude, NULL);
		buf_addc(&ss->sql, ')');
	}
	search_filters(ss, q);
}

/* The filters of a query on article a and source s: AND ... */
static void
search_filters(struct search_sql *ss, const struct search_query *q)
{
	size_t i;

	for (i = 0; q->tags != NULL && q->tags[i] != NULL; i++)
		search_where_tag(ss, q->tags[i], 0);
	for (i = 0; q->not_tags != NULL && q->not_tags[i] != NULL; i++)
		search_where_tag(ss, q->not_tags[i], 1);
	for (i = 0; q->sources != NULL && q->sources[i] != NULL; i++)
		search_where_source(ss, q->sources[i], 0);
	for (i = 0; q->not_sources != NULL && q->not_sources[i] != NULL; i++)
		search_where_source(ss, q->not_sources[i], 1);
	if (q->has_after) {
		buf_adds(&ss->sql, " AND " SEARCH_DATE " >= ");
		search_param_int(ss, q->after);
	}
	if (q->has_before) {
		buf_adds(&ss->sql, " AND " SEARCH_DATE " < ");
		search_param_int(ss, q->before);
	}
	if (q->unread)
		buf_adds(&ss->sql, " AND a.read = 0");
	if (q->read)
		buf_adds(&ss->sql, " AND a.read != 0");
	if (q->starred)
		buf_adds(&ss->sql, " AND a.starred != 0");
	if (q->unstarred)
		buf_adds(&ss->sql, " AND a.starred = 0");
}

/* Prepare and bind; the statement is the caller's to finalize. */
static sqlite3_stmt *
search_prepare(struct store *st, struct search_sql *ss, char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	rc = sqlite3_prepare_v2(st->db, buf_str(&ss->sql), -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		return NULL;
	}
	rc = SQLITE_OK;
	for (i = 0; i < ss->n; i++) {
		if (ss->params[i].text != NULL)
			store_bind_text(stmt, (int)i + 1, ss->params[i].text,
			    &rc);
		else
			store_bind_int(stmt, (int)i + 1, ss->params[i].value,
			    &rc);
	}
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		(void)sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

/*
 * An FTS5 error in a MATCH we built is our bug, but say it about the
 * query, never as an SQL error.
 */
static int
search_fail(struct store *st, int rc, char **cause)
{
	if ((rc & 0xff) == SQLITE_ERROR) {
		return set_cause(cause, _("cannot search cache %s: %s"),
		    st->path, sqlite3_errmsg(st->db));
	}
	return store_fail(st, rc, cause);
}

/* The snippet of one hit (NULL when it has no body). */
static char *
search_snippet(struct store *st, const struct search_query *q, int64_t id,
    int width, char **cause)
{
	sqlite3_stmt *stmt;
	char *full = NULL, *s = NULL, *cut;
	int rc = SQLITE_OK;

	if (q->match != NULL) {
		if ((stmt = store_stmt(st, search_snippet_sql, cause)) == NULL)
			return NULL;
		if (q->exclude != NULL)
			full = xasprintf("(%s) NOT (%s)", q->match,
			    q->exclude);
		store_bind_text(stmt, 1, full != NULL ? full : q->match, &rc);
		store_bind_int(stmt, 2, id, &rc);
		store_bind_int(stmt, 3, width, &rc);
	} else {
		if ((stmt = store_stmt(st, search_body_sql, cause)) == NULL)
			return NULL;
		store_bind_int(stmt, 1, id, &rc);
		store_bind_int(stmt, 2, width + 1, &rc);
	}
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s = store_column_text(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	if (rc != SQLITE_OK)
		search_fail(st, rc, cause);
	store_stmt_done(stmt);
	free(full);
	if (rc != SQLITE_OK) {
		free(s);
		return NULL;
	}
	if (s == NULL)
		return xstrdup("");
	if (q->match == NULL) {
		cut = text_truncate(s, width);
		free(s);
		s = cut;
	}
	return s;
}

/* Whether a query has words and no filter the article table must check. */
static int
search_words_only(const struct search_query *q)
{
	return q->tags == NULL && q->not_tags == NULL && q->sources == NULL &&
	    q->not_sources == NULL && !q->has_after && !q->has_before &&
	    !q->unread && !q->read && !q->starred && !q->unstarred;
}

/*
 * The best k hits ranked in the index alone, then the article filters on
 * those k rows: a word in 100,000 articles reads k rows, not 100,000.
 * With a tag:, only the hits with the tag are ranked ("+rowid": SQLite
 * checks it on each hit; as an FTS5 constraint each id would be a new
 * search).
 */
static void
search_top(struct search_sql *ss, const struct search_query *q, long k)
{
	buf_adds(&ss->sql, "SELECT a.id FROM (SELECT rowid AS id, "
	    SEARCH_RANK " AS score FROM article_fts WHERE article_fts MATCH ");
	search_match(ss, q);
	if (q->tags != NULL && ss->few_tags) {
		buf_adds(&ss->sql, " AND +rowid IN (SELECT at.article_id FROM"
		    " article_tag at JOIN tag t ON t.id = at.tag_id WHERE"
		    " t.name = ");
		search_param_text(ss, q->tags[0], NULL);
		buf_adds(&ss->sql, " UNION ALL SELECT id FROM article WHERE"
		    " source_id IN (SELECT id FROM source WHERE instr(char(31)"
		    " || COALESCE(tags, '') || char(31), char(31) || ");
		search_param_text(ss, q->tags[0], NULL);
		buf_adds(&ss->sql, " || char(31)) > 0))");
	}
	/* Ties at the cut: the later stored first (mostly the newer). */
	buf_adds(&ss->sql, " ORDER BY score, rowid DESC LIMIT ");
	search_param_int(ss, k);
	buf_adds(&ss->sql, ") r JOIN article a ON a.id = r.id"
	    " JOIN source s ON s.id = a.source_id WHERE 1");
	search_filters(ss, q);
	buf_adds(&ss->sql, " ORDER BY r.score, " SEARCH_DATE " DESC, a.id DESC");
}

/* Run a query of ids, adding them to *ids. */
static int
search_ids(struct store *st, struct search_sql *ss, int64_t **ids, size_t *n,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	stmt = search_prepare(st, ss, cause);
	search_sql_free(ss);
	memset(ss, 0, sizeof *ss);
	if (stmt == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*ids = xreallocarray(*ids, *n + 1, sizeof **ids);
		(*ids)[(*n)++] = sqlite3_column_int64(stmt, 0);
	}
	if (rc != SQLITE_DONE)
		search_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return rc == SQLITE_DONE ? 0 : -1;
}

/* Hits of the words in the index, filters aside. */
static int
search_hits(struct store *st, const struct search_query *q, long *out,
    char **cause)
{
	struct search_sql ss;
	sqlite3_stmt *stmt;
	int rc;

	memset(&ss, 0, sizeof ss);
	buf_adds(&ss.sql, "SELECT count(*) FROM article_fts WHERE article_fts"
	    " MATCH ");
	search_match(&ss, q);
	stmt = search_prepare(st, &ss, cause);
	search_sql_free(&ss);
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(stmt, 0);
	else
		search_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);
	return rc == SQLITE_ROW ? 0 : -1;
}

/*
 * Whether the first tag: of a query has few articles (under 4096). With
 * words, its articles then narrow the hits before they are ranked; a tag
 * of more is checked on the best hits. Without words, its articles are
 * read and sorted when that costs less than reading the newest until
 * enough have the tag: when they are fewer than sqrt(want * articles).
 */
static int
search_few_tags(struct store *st, const struct search_query *q, long want,
    int *few, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t rows, max, cap;
	int rc = SQLITE_OK;

	*few = 0;
	if (q->tags == NULL || (q->match == NULL && want <= 0))
		return 0;
	if ((stmt = store_stmt(st, search_tag_rows_sql, cause)) == NULL)
		return -1;
	cap = 4096;
	store_bind_text(stmt, 1, q->tags[0], &rc);
	store_bind_int(stmt, 2, cap, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rows = sqlite3_column_int64(stmt, 0);
		max = sqlite3_column_int64(stmt, 1);
		*few = rows < cap && (q->match != NULL || (double)rows *
		    (double)rows < (double)want * (double)max);
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_OK)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

/*
 * The ids of the hits from offset, at most limit (0: all), in order. A
 * ranked query with a limit ranks in the index first (search_top) and
 * asks for more when the filters left too few; when that would be very
 * many it joins every hit instead.
 */
static int
search_plan(struct store *st, const struct search_query *q, long limit,
    long offset, int64_t **ids, size_t *n, char **cause)
{
	struct search_sql ss;
	long k, want = limit + offset, hits = -1;

	*ids = NULL;
	*n = 0;
	memset(&ss, 0, sizeof ss);
	if (search_few_tags(st, q, want, &ss.few_tags, cause) != 0)
		return -1;
	/* Words and a tag of few: rank the hits that have it, all of them. */
	if (q->match != NULL && !q->newest && ss.few_tags) {
		search_top(&ss, q, -1);
		buf_adds(&ss.sql, " LIMIT ");
		search_param_int(&ss, limit > 0 ? limit : -1);
		buf_adds(&ss.sql, " OFFSET ");
		search_param_int(&ss, offset);
		return search_ids(st, &ss, ids, n, cause);
	}
	if (q->match != NULL && limit > 0 && !q->newest) {
		/* Words alone: every one of the best want is a hit. */
		k = want * 4 > SEARCH_TOP_FIRST ? want * 4 : SEARCH_TOP_FIRST;
		if (search_words_only(q))
			k = want;
		for (; k <= SEARCH_TOP_MAX || search_words_only(q); k *= 8) {
			search_top(&ss, q, k);
			buf_adds(&ss.sql, " LIMIT ");
			search_param_int(&ss, want);
			if (search_ids(st, &ss, ids, n, cause) != 0)
				return -1;
			if ((long)*n >= want || search_words_only(q))
				goto slice;
			if (hits < 0 && search_hits(st, q, &hits, cause) != 0)
				return -1;
			if (hits <= k)
				goto slice;
			free(*ids);
			*ids = NULL;
			*n = 0;
		}
	}
	search_from_where(&ss, q, "a.id");
	if (q->match != NULL && !q->newest)
		buf_adds(&ss.sql, " ORDER BY " SEARCH_RANK ",");
	else
		buf_adds(&ss.sql, " ORDER BY");
	buf_adds(&ss.sql, " " SEARCH_DATE " DESC, a.id DESC LIMIT ");
	search_param_int(&ss, limit > 0 ? limit : -1);
	buf_adds(&ss.sql, " OFFSET ");
	search_param_int(&ss, offset);
	return search_ids(st, &ss, ids, n, cause);
slice:
	if ((long)*n <= offset) {
		*n = 0;
		return 0;
	}
	memmove(*ids, *ids + offset, (*n - (size_t)offset) * sizeof **ids);
	*n -= (size_t)offset;
	return 0;
}

int
search_each(struct store *st, const struct search_query *q, long limit,
    long offset, int snippet_width,
    int (*fn)(const struct article *, const char *, void *), void *arg,
    char **cause)
{
	struct article *a;
	int64_t *ids;
	size_t n, i;
	char *snippet;
	int stop = 0, retval = 0;

	if (offset < 0)
		offset = 0;
	if (search_plan(st, q, limit, offset, &ids, &n, cause) != 0) {
		free(ids);
		return -1;
	}
	for (i = 0; i < n && !stop; i++) {
		if (store_article_get(st, ids[i], &a, cause) != 0) {
			retval = -1;
			break;
		}
		if (a == NULL)
			continue;
		snippet = snippet_width > 0 ? search_snippet(st, q, ids[i],
		    snippet_width, cause) : xstrdup("");
		if (snippet == NULL) {
			article_free(&a);
			retval = -1;
			break;
		}
		stop = fn(a, snippet, arg);
		free(snippet);
		article_free(&a);
	}
	free(ids);
	return retval;
}

int
search_count(struct store *st, const struct search_query *q, long *out,
    char **cause)
{
	struct search_sql ss;
	sqlite3_stmt *stmt;
	int rc;

	*out = 0;
	memset(&ss, 0, sizeof ss);
	if (search_few_tags(st, q, 1, &ss.few_tags, cause) != 0)
		return -1;
	if (q->match != NULL && ss.few_tags) {
		/* Only the hits with the tag are read. */
		buf_adds(&ss.sql, "SELECT count(*) FROM (");
		search_top(&ss, q, -1);
		buf_addc(&ss.sql, ')');
	} else
		search_from_where(&ss, q, "count(*)");
	stmt = search_prepare(st, &ss, cause);
	search_sql_free(&ss);
	if (stmt == NULL)
		return -1;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		*out = (long)sqlite3_column_int64(stmt, 0);
	else
		search_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Run a cached statement of (name[, query]) that returns nothing. */
static int
saved_run(struct store *st, const char *sql, const char *name,
    const char *query, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	store_bind_text(stmt, 1, name, &rc);
	if (query != NULL)
		store_bind_text(stmt, 2, query, &rc);
	if (query != NULL && sqlite3_bind_parameter_count(stmt) >= 3)
		store_bind_int(stmt, 3, time(NULL), &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	return store_run(st, stmt, cause);
}

/* The query of a saved search (NULL if none) and whether it is the file's. */
static int
saved_get(struct store *st, const char *name, char **query, int *in_file,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*query = NULL;
	*in_file = 0;
	if ((stmt = store_stmt(st, saved_exists_sql, cause)) == NULL)
		return -1;
	store_bind_text(stmt, 1, name, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*query = store_column_text(stmt, 0);
		*in_file = sqlite3_column_int(stmt, 1);
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
search_saved_get(struct store *st, const char *name, char **query,
    char **cause)
{
	int in_file;

	return saved_get(st, name, query, &in_file, cause);
}

int
search_saved_put(struct store *st, const char *name, const char *query,
    int *replaced, char **cause)
{
	struct search_query *q;
	char *old, *why = NULL;
	int in_file;

	if (name == NULL || *name == '\0' || !text_utf8_valid(name,
	    strlen(name))) {
		return set_cause(cause, _("cannot save a search without a "
		    "name"));
	}
	if (search_parse(query, strlen(query), &q, &why) != 0) {
		set_cause(cause, _("cannot save search %s: %s"), name, why);
		free(why);
		return -1;
	}
	search_query_free(&q);
	if (saved_get(st, name, &old, &in_file, cause) != 0)
		return -1;
	if (replaced != NULL)
		*replaced = old != NULL;
	free(old);
	if (in_file) {
		return set_cause(cause, _("saved search %s is a query line of "
		    "the sources file: change it there"), name);
	}
	return saved_run(st, saved_put_sql, name, query, cause);
}

int
search_saved_remove(struct store *st, const char *name, char **cause)
{
	char *old;
	int in_file;

	if (saved_get(st, name, &old, &in_file, cause) != 0)
		return -1;
	free(old);
	if (in_file) {
		return set_cause(cause, _("saved search %s is a query line of "
		    "the sources file: delete it there"), name);
	}
	if (saved_run(st, saved_remove_sql, name, NULL, cause) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return set_cause(cause, _("no saved search %s"), name);
	return 0;
}

int
search_saved_names(struct store *st, struct search_saved **out, size_t *n,
    char **cause)
{
	struct search_saved *v = NULL, *s;
	sqlite3_stmt *stmt;
	int rc;

	*out = NULL;
	*n = 0;
	if ((stmt = store_stmt(st, saved_list_sql, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, *n + 1, sizeof *v);
		s = &v[(*n)++];
		memset(s, 0, sizeof *s);
		s->name = store_column_text(stmt, 0);
		s->query = store_column_text(stmt, 1);
		s->in_file = sqlite3_column_int(stmt, 2);
		s->n_articles = s->n_unread = -1;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	*out = v;
	if (rc != SQLITE_DONE) {
		search_saved_list_free(out, *n);
		*n = 0;
		return -1;
	}
	return 0;
}

int
search_saved_list(struct store *st, struct search_saved **out, size_t *n,
    char **cause)
{
	struct search_saved *v, *s;
	struct search_query *q;
	size_t i;
	int rc;

	if (search_saved_names(st, out, n, cause) != 0)
		return -1;
	v = *out;
	/* Counts come after: the list statement is done with. */
	for (i = 0; i < *n; i++) {
		s = &v[i];
		if (search_parse(s->query, strlen(s->query), &q, NULL) != 0)
			continue;	/* saved by a pundit that knew more */
		if (search_count(st, q, &s->n_articles, cause) != 0) {
			search_query_free(&q);
			search_saved_list_free(out, *n);
			*n = 0;
			return -1;
		}
		q->unread = 1;
		rc = search_count(st, q, &s->n_unread, cause);
		search_query_free(&q);
		if (rc != 0) {
			search_saved_list_free(out, *n);
			*n = 0;
			return -1;
		}
	}
	return 0;
}

void
search_saved_list_free(struct search_saved **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((*vp)[i].name);
		free((*vp)[i].query);
	}
	free(*vp);
	*vp = NULL;
}

/* Fill the counts of a saved search (-1 when its query does not parse). */
static int
saved_count(struct store *st, struct search_saved *s, char **cause)
{
	struct search_query *q;
	int rc;

	s->n_articles = s->n_unread = -1;
	if (search_parse(s->query, strlen(s->query), &q, NULL) != 0)
		return 0;
	rc = search_count(st, q, &s->n_articles, cause);
	q->unread = 1;
	if (rc == 0)
		rc = search_count(st, q, &s->n_unread, cause);
	search_query_free(&q);
	return rc;
}

int
search_saved_find(struct store *st, const char *name,
    struct search_saved **out, char **cause)
{
	struct search_saved *s;
	char *query;
	int in_file;

	*out = NULL;
	if (saved_get(st, name, &query, &in_file, cause) != 0)
		return -1;
	if (query == NULL)
		return 0;
	s = xcalloc(1, sizeof *s);
	s->name = xstrdup(name);
	s->query = query;
	s->in_file = in_file;
	if (saved_count(st, s, cause) != 0) {
		search_saved_list_free(&s, 1);
		return -1;
	}
	*out = s;
	return 0;
}

/* The saved search of that name in v, or NULL. */
static const struct search_saved *
saved_named(const struct search_saved *v, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].name, name) == 0)
			return &v[i];
	return NULL;
}

int
search_saved_sync(struct store *st, const struct sources_query *file,
    size_t n, const char *name, char ***errors, char **cause)
{
	const struct search_saved *old;
	struct search_saved *v;
	struct search_query *q;
	char *why, *msg, *put;
	size_t nv, i, j;
	int owned, rc = 0, *gone;

	if (search_saved_names(st, &v, &nv, cause) != 0)
		return -1;
	/* What to write: the file's queries that parse and differ. */
	put = xcalloc(n + 1, 1);
	gone = xcalloc(nv + 1, sizeof *gone);
	for (i = 0; i < n; i++) {
		why = NULL;
		if (search_parse(file[i].query, strlen(file[i].query), &q,
		    &why) != 0) {
			msg = xasprintf(_("saved search %s: %s"), file[i].name,
			    why);
			conf_error(errors, name, file[i].line, msg);
			free(msg);
			free(why);
			continue;
		}
		search_query_free(&q);
		old = saved_named(v, nv, file[i].name);
		put[i] = old == NULL || !old->in_file ||
		    strcmp(old->query, file[i].query) != 0;
	}
	for (j = 0; j < nv; j++) {
		for (i = 0; i < n; i++)
			if (strcmp(v[j].name, file[i].name) == 0)
				break;
		gone[j] = v[j].in_file && i == n;
	}
	for (i = 0; i < n && !put[i]; i++)
		;
	for (j = 0; j < nv && !gone[j]; j++)
		;
	if (i == n && j == nv)
		goto out;
	if (store_tx_begin(st, &owned, cause) != 0) {
		rc = -1;
		goto out;
	}
	for (i = 0; rc == 0 && i < n; i++)
		if (put[i])
			rc = saved_run(st, saved_file_put_sql, file[i].name,
			    file[i].query, cause);
	for (j = 0; rc == 0 && j < nv; j++)
		if (gone[j])
			rc = saved_run(st, saved_remove_sql, v[j].name, NULL,
			    cause);
	if (store_tx_end(st, owned, rc == 0, cause) != 0)
		rc = -1;
out:
	free(put);
	free(gone);
	search_saved_list_free(&v, nv);
	return rc;
}

void
search_query_narrow(struct search_query *q, const struct store_filter *f,
    int newest)
{
	if (f->unread)
		q->unread = 1;
	if (f->starred)
		q->starred = 1;
	if (f->tag != NULL)
		util_strv_add(&q->tags, f->tag);
	if (newest)
		q->newest = 1;
}
