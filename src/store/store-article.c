/* store-article.c - articles in the cache: upsert, queries, user state. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "store-int.h"
#include "util.h"

/* Source display name as source_display_name: ~name, title, URL. */
#define ARTICLE_COLUMNS							\
	"a.id, a.source_id, a.guid, a.url, a.title, a.author, "	\
	"a.published, a.updated, a.summary, a.content, a.fulltext, "	\
	"a.language, a.read, a.starred, a.position, "			\
	"COALESCE(NULLIF(s.name, ''), NULLIF(s.title, ''), s.url), "	\
	"s.url, s.tags"
#define ARTICLE_FROM " FROM article a JOIN source s ON s.id = a.source_id"
/* The same columns without the bodies, for lists. */
#define ARTICLE_BRIEF_COLUMNS						\
	"a.id, a.source_id, a.guid, a.url, a.title, a.author, "	\
	"a.published, a.updated, NULL, NULL, NULL, "			\
	"a.language, a.read, a.starred, a.position, "			\
	"COALESCE(NULLIF(s.name, ''), NULLIF(s.title, ''), s.url), "	\
	"s.url, s.tags"
#define ARTICLE_ORDER							\
	" ORDER BY COALESCE(a.published, a.first_seen) DESC, a.id DESC"
#define ARTICLE_ORDER_OLDEST						\
	" ORDER BY COALESCE(a.published, a.first_seen), a.id"

/*
 * Only feed fields change on conflict; user state and first_seen stay. A
 * NULL full text keeps the stored one, so that a re-fetch of the feed does
 * not throw away text extracted earlier.
 */
static const char article_upsert_sql[] =
	"INSERT INTO article (source_id, guid, url, title, author, published,"
	"  updated, first_seen, summary, content, fulltext, language, read,"
	"  starred, position)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13,"
	"  ?14, ?15)"
	" ON CONFLICT (source_id, guid) DO UPDATE SET url = excluded.url,"
	"  title = excluded.title, author = excluded.author,"
	"  published = excluded.published, updated = excluded.updated,"
	"  summary = excluded.summary, content = excluded.content,"
	"  fulltext = COALESCE(excluded.fulltext, fulltext),"
	"  language = excluded.language"
	" RETURNING id";
static const char article_get_sql[] =
	"SELECT " ARTICLE_COLUMNS ARTICLE_FROM " WHERE a.id = ?1";
static const char article_tags_sql[] =
	"SELECT t.name FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	" WHERE at.article_id = ?1 ORDER BY t.name";
static const char article_exists_sql[] =
	"SELECT 1 FROM article WHERE id = ?1";
static const char article_read_sql[] =
	"UPDATE article SET read = ?1 WHERE id = ?2";
static const char article_starred_sql[] =
	"UPDATE article SET starred = ?1 WHERE id = ?2";
/*
 * A change of a flag of a server's article waits to be sent (store-sync.c).
 * A new row replaces the last one of the article and flag with a new id,
 * so a sync that sent the old value removes only that.
 */
static const char article_enqueue_sql[] =
	"INSERT OR REPLACE INTO sync_queue (article_id, flag, value, queued)"
	" SELECT id, ?2, ?3, ?4 FROM article WHERE id = ?1"
	"  AND server_id IS NOT NULL"
	"  AND (CASE ?2 WHEN 0 THEN read ELSE starred END) IS NOT ?3";
static const char article_position_sql[] =
	"UPDATE article SET position = ?1 WHERE id = ?2";
static const char tag_add_sql[] =
	"INSERT INTO tag (name) VALUES (?1) ON CONFLICT (name) DO NOTHING";
static const char article_tag_add_sql[] =
	"INSERT OR IGNORE INTO article_tag (article_id, tag_id)"
	" SELECT ?1, id FROM tag WHERE name = ?2";
static const char article_tag_remove_sql[] =
	"DELETE FROM article_tag WHERE article_id = ?1"
	" AND tag_id = (SELECT id FROM tag WHERE name = ?2)";
static const char tag_cleanup_sql[] =
	"DELETE FROM tag WHERE name = ?1"
	" AND NOT EXISTS (SELECT 1 FROM article_tag WHERE tag_id = tag.id)";

/*
 * The guid of an article whose feed gives none, stable across fetches:
 * "url:" and the link when there is one, else "title:" and the title, else
 * "hash:" and the 64-bit FNV-1a of the summary, a NUL and the content in
 * hex. Articles with none of these share one guid per source.
 */
static char *
article_guid(const struct article *a)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	const char *parts[2], *p;
	size_t i;

	if (a->url != NULL && *a->url != '\0')
		return xasprintf("url:%s", a->url);
	if (a->title != NULL && *a->title != '\0')
		return xasprintf("title:%s", a->title);
	parts[0] = a->summary != NULL ? a->summary : "";
	parts[1] = a->content != NULL ? a->content : "";
	for (i = 0; i < NITEMS(parts); i++) {
		for (p = parts[i]; ; p++) {
			h ^= (unsigned char)*p;
			h *= 0x100000001b3ULL;
			if (*p == '\0')
				break;
		}
	}
	return xasprintf("hash:%016llx", (unsigned long long)h);
}

/* Fail for an article id that names nothing. */
static int
article_missing(int64_t id, char **cause)
{
	return set_cause(cause, _("no article with id %lld"), (long long)id);
}

/* Run a statement with (id, text) parameters and no result. */
static int
article_run_text(struct store *st, const char *sql, int64_t id,
    const char *text, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	store_bind_text(stmt, 2, text, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	return store_run(st, stmt, cause);
}

static int
article_tags_add(struct store *st, int64_t id, char *const *tags,
    char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if ((stmt = store_stmt(st, tag_add_sql, cause)) == NULL)
			return -1;
		rc = SQLITE_OK;
		store_bind_text(stmt, 1, tags[i], &rc);
		if (rc != SQLITE_OK) {
			store_stmt_done(stmt);
			return store_fail(st, rc, cause);
		}
		if (store_run(st, stmt, cause) != 0 ||
		    article_run_text(st, article_tag_add_sql, id, tags[i],
		    cause) != 0)
			return -1;
	}
	return 0;
}

static int
article_tags_remove(struct store *st, int64_t id, char *const *tags,
    char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (article_run_text(st, article_tag_remove_sql, id, tags[i],
		    cause) != 0)
			return -1;
		if ((stmt = store_stmt(st, tag_cleanup_sql, cause)) == NULL)
			return -1;
		rc = SQLITE_OK;
		store_bind_text(stmt, 1, tags[i], &rc);
		if (rc != SQLITE_OK) {
			store_stmt_done(stmt);
			return store_fail(st, rc, cause);
		}
		if (store_run(st, stmt, cause) != 0)
			return -1;
	}
	return 0;
}

static int
article_check_tags(int64_t id, char *const *tags, char **cause)
{
	size_t i;

	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (!store_tag_valid(tags[i])) {
			return set_cause(cause, _("cannot tag article %lld: "
			    "invalid tag \"%s\""), (long long)id, tags[i]);
		}
	}
	return 0;
}

int
store_article_upsert(struct store *st, struct article *a, int *is_new,
    char **cause)
{
	sqlite3_stmt *stmt;
	int owned = 0, rc = SQLITE_OK, inserted = 0, retval = -1;

	if (a->guid == NULL || *a->guid == '\0') {
		free(a->guid);
		a->guid = article_guid(a);
	}
	if (article_check_tags(a->id, a->tags, cause) != 0)
		return -1;
	/* Tags of a new article are a second statement, and the search
	   index is written at the end of a transaction: one is needed. */
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, article_upsert_sql, cause)) == NULL)
		goto out;
	store_bind_int(stmt, 1, a->source_id, &rc);
	store_bind_text(stmt, 2, a->guid, &rc);
	store_bind_text(stmt, 3, a->url, &rc);
	store_bind_text(stmt, 4, a->title, &rc);
	store_bind_text(stmt, 5, a->author, &rc);
	store_bind_time(stmt, 6, a->published, &rc);
	store_bind_time(stmt, 7, a->updated, &rc);
	store_bind_int(stmt, 8, time(NULL), &rc);
	store_bind_text(stmt, 9, a->summary, &rc);
	store_bind_text(stmt, 10, a->content, &rc);
	store_bind_text(stmt, 11, a->fulltext, &rc);
	store_bind_text(stmt, 12, a->language, &rc);
	store_bind_int(stmt, 13, a->read != 0, &rc);
	store_bind_int(stmt, 14, a->starred != 0, &rc);
	store_bind_int(stmt, 15, a->position, &rc);
	/*
	 * An upsert that updates is not an insert and leaves the last insert
	 * rowid alone, and rowids are never 0 here: so a non-zero rowid after
	 * the statement means this statement created the row.
	 */
	sqlite3_set_last_insert_rowid(st->db, 0);
	if (rc == SQLITE_OK && (rc = store_step_id(stmt, &a->id)) == SQLITE_OK)
		inserted = sqlite3_last_insert_rowid(st->db) != 0;
	if (rc == SQLITE_CONSTRAINT_FOREIGNKEY) {
		set_cause(cause, _("no source with id %lld"),
		    (long long)a->source_id);
	} else if (rc != SQLITE_OK)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	if (rc != SQLITE_OK)
		goto out;
	if (inserted && article_tags_add(st, a->id, a->tags, cause) != 0)
		goto out;
	if (is_new != NULL)
		*is_new = inserted;
	retval = 0;
out:
	if (store_tx_end(st, owned, retval == 0, cause) != 0)
		return -1;
	return retval;
}

static struct article *
article_from_row(sqlite3_stmt *stmt)
{
	struct article *a;
	char *tags;

	a = article_new();
	a->id = sqlite3_column_int64(stmt, 0);
	a->source_id = sqlite3_column_int64(stmt, 1);
	a->guid = store_column_text(stmt, 2);
	a->url = store_column_text(stmt, 3);
	a->title = store_column_text(stmt, 4);
	a->author = store_column_text(stmt, 5);
	a->published = store_column_time(stmt, 6);
	a->updated = store_column_time(stmt, 7);
	a->summary = store_column_text(stmt, 8);
	a->content = store_column_text(stmt, 9);
	a->fulltext = store_column_text(stmt, 10);
	a->language = store_column_text(stmt, 11);
	a->read = sqlite3_column_int(stmt, 12) != 0;
	a->starred = sqlite3_column_int(stmt, 13) != 0;
	a->position = (long)sqlite3_column_int64(stmt, 14);
	a->source_title = store_column_text(stmt, 15);
	a->source_url = store_column_text(stmt, 16);
	tags = store_column_text(stmt, 17);
	a->source_tags = store_tags_split(tags);
	free(tags);
	return a;
}

/* Read the tags of an article into a->tags. */
static int
article_load_tags(struct store *st, struct article *a, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, article_tags_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, a->id, &rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		util_strv_add(&a->tags,
		    (const char *)sqlite3_column_text(stmt, 0));
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_article_get(struct store *st, int64_t id, struct article **out,
    char **cause)
{
	sqlite3_stmt *stmt;
	struct article *a = NULL;
	int rc = SQLITE_OK;

	*out = NULL;
	if ((stmt = store_stmt(st, article_get_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a = article_from_row(stmt);
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	if (a != NULL && article_load_tags(st, a, cause) != 0) {
		article_free(&a);
		return -1;
	}
	*out = a;
	return 0;
}

/* The filter of every article. */
static const struct store_filter article_all;

/* Whether the source s has the tag :tag (tags are joined by U+001F). */
#define SOURCE_HAS_TAG							\
	"instr(char(31) || s.tags || char(31), char(31) || :tag || char(31))" \
	" > 0"

/*
 * A count without looking at articles, from the counts each source keeps
 * (store.c), when the filter allows; NULL when it does not. A tag counts
 * its sources' articles and the articles tagged with it elsewhere.
 */
static const char *
article_count_sql(const struct store_filter *f)
{
	if (f->starred)
		return NULL;
	if (f->tag != NULL && f->source_id != 0)
		return NULL;
	if (f->source_id != 0)
		return f->unread ?
		    "SELECT n_unread FROM source WHERE id = :source" :
		    "SELECT n_articles FROM source WHERE id = :source";
	if (f->tag == NULL)
		return f->unread ?
		    "SELECT coalesce(sum(n_unread), 0) FROM source" :
		    "SELECT coalesce(sum(n_articles), 0) FROM source";
	return f->unread ?
	    "SELECT (SELECT coalesce(sum(s.n_unread), 0) FROM source s"
	    "  WHERE " SOURCE_HAS_TAG ")"
	    " + (SELECT count(*) FROM article_tag at"
	    "  JOIN tag t ON t.id = at.tag_id"
	    "  JOIN article a ON a.id = at.article_id"
	    "  WHERE t.name = :tag AND a.read = 0 AND a.source_id NOT IN"
	    "  (SELECT s.id FROM source s WHERE " SOURCE_HAS_TAG "))" :
	    "SELECT (SELECT coalesce(sum(s.n_articles), 0) FROM source s"
	    "  WHERE " SOURCE_HAS_TAG ")"
	    " + (SELECT count(*) FROM article_tag at"
	    "  JOIN tag t ON t.id = at.tag_id"
	    "  JOIN article a ON a.id = at.article_id"
	    "  WHERE t.name = :tag AND a.source_id NOT IN"
	    "  (SELECT s.id FROM source s WHERE " SOURCE_HAS_TAG "))";
}

/* The WHERE clause of a filter, with named parameters :source and :tag. */
static void
article_where(struct buf *b, const struct store_filter *f)
{
	buf_adds(b, " WHERE 1");
	if (f->unread)
		buf_adds(b, " AND a.read = 0");
	if (f->starred)
		buf_adds(b, " AND a.starred != 0");
	if (f->source_id != 0)
		buf_adds(b, " AND a.source_id = :source");
	/*
	 * The + keeps the two halves off their own indexes: the date index
	 * (which has the source) then gives a page in order without a sort
	 * of all the tag's articles.
	 */
	if (f->tag != NULL) {
		buf_adds(b, " AND (+a.id IN (SELECT at.article_id"
		    " FROM article_tag at JOIN tag t ON t.id = at.tag_id"
		    " WHERE t.name = :tag)"
		    " OR +a.source_id IN (SELECT s.id FROM source s"
		    " WHERE " SOURCE_HAS_TAG "))");
	}
}

/* Bind what article_where and the paging clause named. */
static int
article_bind(sqlite3_stmt *stmt, const struct store_filter *f)
{
	int i, rc = SQLITE_OK;

	if ((i = sqlite3_bind_parameter_index(stmt, ":source")) > 0)
		store_bind_int(stmt, i, f->source_id, &rc);
	if ((i = sqlite3_bind_parameter_index(stmt, ":tag")) > 0)
		store_bind_text(stmt, i, f->tag, &rc);
	if ((i = sqlite3_bind_parameter_index(stmt, ":limit")) > 0)
		store_bind_int(stmt, i, f->limit > 0 ? f->limit : -1, &rc);
	if ((i = sqlite3_bind_parameter_index(stmt, ":offset")) > 0)
		store_bind_int(stmt, i, f->offset > 0 ? f->offset : 0, &rc);
	return rc;
}

/* Prepare a filtered query; the statement is the caller's to finalize. */
static sqlite3_stmt *
article_prepare(struct store *st, struct buf *b, const struct store_filter *f,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(st->db, buf_str(b), -1, &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		return NULL;
	}
	if ((rc = article_bind(stmt, f)) != SQLITE_OK) {
		store_fail(st, rc, cause);
		(void)sqlite3_finalize(stmt);
		return NULL;
	}
	return stmt;
}

int
store_article_each(struct store *st, const struct store_filter *f,
    int (*fn)(const struct article *, void *), void *arg, char **cause)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *stmt;
	struct article *a;
	int rc, stop = 0, retval = 0;

	if (f == NULL)
		f = &article_all;
	/*
	 * The page's ids first, from the date index alone, and only then
	 * their rows: an offset into 200,000 articles skips index entries,
	 * not rows.
	 */
	buf_adds(&b, "SELECT ");
	buf_adds(&b, f->brief ? ARTICLE_BRIEF_COLUMNS : ARTICLE_COLUMNS);
	buf_adds(&b, " FROM (SELECT a.id AS id FROM article a");
	article_where(&b, f);
	buf_adds(&b, f->oldest ? ARTICLE_ORDER_OLDEST : ARTICLE_ORDER);
	buf_adds(&b, " LIMIT :limit OFFSET :offset) page"
	    " JOIN article a ON a.id = page.id"
	    " JOIN source s ON s.id = a.source_id");
	buf_adds(&b, f->oldest ? ARTICLE_ORDER_OLDEST : ARTICLE_ORDER);
	stmt = article_prepare(st, &b, f, cause);
	buf_free(&b);
	if (stmt == NULL)
		return -1;
	/* One row at a time: the list may be long. */
	while (!stop && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		a = article_from_row(stmt);
		if (article_load_tags(st, a, cause) != 0) {
			article_free(&a);
			retval = -1;
			break;
		}
		stop = fn(a, arg);
		article_free(&a);
	}
	if (retval == 0 && !stop && rc != SQLITE_DONE)
		retval = store_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return retval;
}

int
store_article_count(struct store *st, const struct store_filter *f,
    long *out, char **cause)
{
	struct buf b = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc;

	*out = 0;
	if (f == NULL)
		f = &article_all;
	if (article_count_sql(f) != NULL)
		buf_adds(&b, article_count_sql(f));
	else {
		buf_adds(&b, "SELECT count(*) FROM article a");
		article_where(&b, f);
	}
	stmt = article_prepare(st, &b, f, cause);
	buf_free(&b);
	if (stmt == NULL)
		return -1;
	/* No row: a source that is not there has no articles. */
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW || rc == SQLITE_DONE) {
		if (rc == SQLITE_ROW)
			*out = (long)sqlite3_column_int64(stmt, 0);
		rc = SQLITE_ROW;
	} else
		store_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return rc == SQLITE_ROW ? 0 : -1;
}

/* Set one column of an article by id. */
static int
article_update(struct store *st, const char *sql, int64_t id, int64_t v,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, v, &rc);
	store_bind_int(stmt, 2, id, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	if (store_run(st, stmt, cause) != 0)
		return -1;
	if (sqlite3_changes(st->db) == 0)
		return article_missing(id, cause);
	return 0;
}

int
store_article_set_flag(struct store *st, int64_t id, enum store_flag flag,
    int value, char **cause)
{
	sqlite3_stmt *stmt;
	const char *sql;
	int owned, rc = SQLITE_OK, retval;

	switch (flag) {
	case STORE_FLAG_READ:
		sql = article_read_sql;
		break;
	case STORE_FLAG_STARRED:
		sql = article_starred_sql;
		break;
	default:
		fatal("unknown article flag %d", (int)flag);
	}
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, article_enqueue_sql, cause)) == NULL) {
		store_tx_end(st, owned, 0, NULL);
		return -1;
	}
	store_bind_int(stmt, 1, id, &rc);
	store_bind_int(stmt, 2, flag == STORE_FLAG_READ ? 0 : 1, &rc);
	store_bind_int(stmt, 3, value != 0, &rc);
	store_bind_time(stmt, 4, time(NULL), &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		store_fail(st, rc, cause);
		retval = -1;
	} else if (store_run(st, stmt, cause) != 0)
		retval = -1;
	else
		retval = article_update(st, sql, id, value != 0, cause);
	if (store_tx_end(st, owned, retval == 0, cause) != 0)
		retval = -1;
	return retval;
}

int
store_article_set_position(struct store *st, int64_t id, long position,
    char **cause)
{
	return article_update(st, article_position_sql, id, position, cause);
}

/* 1 when the article exists, 0 when not, -1 on error. */
static int
article_exists(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK, found = 0;

	if ((stmt = store_stmt(st, article_exists_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		found = 1;
		rc = SQLITE_DONE;
	}
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	return rc == SQLITE_DONE ? found : -1;
}

int
store_article_tag(struct store *st, int64_t id, char *const *add,
    char *const *remove, char **cause)
{
	int owned, found, ok = 0;

	if (article_check_tags(id, add, cause) != 0 ||
	    article_check_tags(id, remove, cause) != 0)
		return -1;
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((found = article_exists(st, id, cause)) == -1)
		goto out;
	if (!found) {
		article_missing(id, cause);
		goto out;
	}
	if (article_tags_add(st, id, add, cause) != 0 ||
	    article_tags_remove(st, id, remove, cause) != 0)
		goto out;
	ok = 1;
out:
	if (store_tx_end(st, owned, ok, cause) != 0)
		return -1;
	return ok ? 0 : -1;
}
