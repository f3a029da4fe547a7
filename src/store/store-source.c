/* store-source.c - sources in the cache: sync with the file, find, list. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "store-int.h"
#include "util.h"

#define SOURCE_COLUMNS							\
	"s.id, s.url, s.kind, s.title, s.name, s.site_url, s.tags, "	\
	"s.xpath, s.fulltext, s.in_file, s.etag, s.last_modified, "	\
	"s.last_fetch, s.last_status, s.last_error, s.body_hash, s.gone, "	\
	"s.next_fetch, s.server_id IS NOT NULL AND NOT s.in_file"
#define SOURCE_NCOLUMNS 19

/* Sources in the file first, in file order, then the others by age. */
#define SOURCE_ORDER							\
	" ORDER BY s.in_file DESC,"					\
	"  CASE WHEN s.in_file THEN s.position END, s.id"

/* Title and site URL come from the feed: a NULL one keeps what is known. */
static const char source_put_sql[] =
	"INSERT INTO source (url, kind, title, name, site_url, tags, xpath,"
	"  fulltext, in_file, position, created)"
	" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)"
	" ON CONFLICT (url) DO UPDATE SET kind = excluded.kind,"
	"  title = COALESCE(excluded.title, title), name = excluded.name,"
	"  site_url = COALESCE(excluded.site_url, site_url),"
	"  tags = excluded.tags, xpath = excluded.xpath,"
	"  fulltext = excluded.fulltext, in_file = excluded.in_file,"
	"  position = COALESCE(excluded.position, position)"
	" RETURNING id";
static const char source_unlist_sql[] =
	"UPDATE source SET in_file = 0 WHERE in_file != 0";
static const char source_remove_sql[] =
	"DELETE FROM source WHERE id = ?1";
static const char source_tag_cleanup_sql[] =
	"DELETE FROM tag WHERE NOT EXISTS"
	" (SELECT 1 FROM article_tag WHERE tag_id = tag.id)";
static const char source_by_id_sql[] =
	"SELECT " SOURCE_COLUMNS " FROM source s"
	" WHERE s.id = CAST(?1 AS INTEGER)";
static const char source_by_url_sql[] =
	"SELECT " SOURCE_COLUMNS " FROM source s WHERE s.url = ?1";
static const char source_by_name_sql[] =
	"SELECT " SOURCE_COLUMNS " FROM source s"
	" WHERE s.name = ?1 COLLATE NOCASE OR s.title = ?1 COLLATE NOCASE"
	SOURCE_ORDER;
/* The counts are kept by triggers (store.c): no scan of the articles. */
static const char source_list_sql[] =
	"SELECT " SOURCE_COLUMNS ", s.n_articles, s.n_unread"
	" FROM source s" SOURCE_ORDER;
static const char source_fetch_by_id_sql[] =
	"UPDATE source SET etag = ?1, last_modified = ?2, last_fetch = ?3,"
	"  last_status = ?4, last_error = ?5, body_hash = ?7, gone = ?8,"
	"  next_fetch = ?9 WHERE id = ?6";
static const char source_fetch_by_url_sql[] =
	"UPDATE source SET etag = ?1, last_modified = ?2, last_fetch = ?3,"
	"  last_status = ?4, last_error = ?5, body_hash = ?7, gone = ?8,"
	"  next_fetch = ?9 WHERE url = ?6";
static const char source_meta_sql[] =
	"UPDATE source SET title = COALESCE(?2, title),"
	"  site_url = COALESCE(?3, site_url) WHERE id = ?1";
static const char source_url_sql[] =
	"UPDATE source SET url = ?2 WHERE id = ?1";

static struct source *
source_from_row(sqlite3_stmt *stmt)
{
	struct source *s;
	const unsigned char *kind;
	char *tags;

	s = source_new(NULL);
	free(s->url);
	s->id = sqlite3_column_int64(stmt, 0);
	if ((s->url = store_column_text(stmt, 1)) == NULL)
		s->url = xstrdup("");
	kind = sqlite3_column_text(stmt, 2);
	if (kind != NULL && strcmp((const char *)kind, "html") == 0)
		s->kind = SOURCE_HTML;
	else
		s->kind = SOURCE_FEED;
	s->title = store_column_text(stmt, 3);
	s->name = store_column_text(stmt, 4);
	s->site_url = store_column_text(stmt, 5);
	tags = store_column_text(stmt, 6);
	s->tags = store_tags_split(tags);
	free(tags);
	s->xpath = store_column_text(stmt, 7);
	s->fulltext = sqlite3_column_int(stmt, 8) != 0;
	s->in_file = sqlite3_column_int(stmt, 9) != 0;
	s->etag = store_column_text(stmt, 10);
	s->last_modified = store_column_text(stmt, 11);
	s->last_fetch = store_column_time(stmt, 12);
	s->last_status = sqlite3_column_int(stmt, 13);
	s->last_error = store_column_text(stmt, 14);
	s->body_hash = store_column_text(stmt, 15);
	s->gone = sqlite3_column_int(stmt, 16) != 0;
	s->next_fetch = store_column_time(stmt, 17);
	s->synced = sqlite3_column_int(stmt, 18) != 0;
	return s;
}

/* Put a source; position < 0 keeps the stored one. */
static int
source_put(struct store *st, struct source *s, long position, char **cause)
{
	sqlite3_stmt *stmt;
	char *tags;
	size_t i;
	int rc = SQLITE_OK;

	if (s->url == NULL || *s->url == '\0')
		return set_cause(cause, _("cannot store a source without URL"));
	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++) {
		if (!store_tag_valid(s->tags[i])) {
			return set_cause(cause, _("cannot store source %s: "
			    "invalid tag \"%s\""), s->url, s->tags[i]);
		}
	}
	if ((stmt = store_stmt(st, source_put_sql, cause)) == NULL)
		return -1;
	tags = store_tags_join(s->tags);
	store_bind_text(stmt, 1, s->url, &rc);
	store_bind_text(stmt, 2, s->kind == SOURCE_HTML ? "html" : "feed", &rc);
	store_bind_text(stmt, 3, s->title, &rc);
	store_bind_text(stmt, 4, s->name, &rc);
	store_bind_text(stmt, 5, s->site_url, &rc);
	store_bind_text(stmt, 6, tags, &rc);
	store_bind_text(stmt, 7, s->xpath, &rc);
	store_bind_int(stmt, 8, s->fulltext != 0, &rc);
	store_bind_int(stmt, 9, s->in_file != 0, &rc);
	if (position >= 0)
		store_bind_int(stmt, 10, position, &rc);
	else
		store_bind_null(stmt, 10, &rc);
	store_bind_time(stmt, 11, time(NULL), &rc);
	free(tags);
	if (rc == SQLITE_OK)
		rc = store_step_id(stmt, &s->id);
	if (rc != SQLITE_OK)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	return rc == SQLITE_OK ? 0 : -1;
}

int
store_source_put(struct store *st, struct source *s, char **cause)
{
	return source_put(st, s, -1, cause);
}

int
store_source_sync(struct store *st, struct source *const *list, size_t n,
    char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int owned, ok = 0;

	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, source_unlist_sql, cause)) == NULL ||
	    store_run(st, stmt, cause) != 0)
		goto out;
	for (i = 0; i < n; i++) {
		list[i]->in_file = 1;
		if (source_put(st, list[i], (long)i, cause) != 0)
			goto out;
	}
	ok = 1;
out:
	if (store_tx_end(st, owned, ok, cause) != 0)
		return -1;
	return ok ? 0 : -1;
}

int
store_source_remove(struct store *st, int64_t id, char **cause)
{
	sqlite3_stmt *stmt;
	int owned, ok = 0, rc = SQLITE_OK;

	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, source_remove_sql, cause)) == NULL)
		goto out;
	store_bind_int(stmt, 1, id, &rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, cause);
		store_stmt_done(stmt);
		goto out;
	}
	store_stmt_done(stmt);
	if (sqlite3_changes(st->db) == 0) {
		set_cause(cause, _("no source with id %lld"), (long long)id);
		goto out;
	}
	/* Drop the tags no article has any longer. */
	if ((stmt = store_stmt(st, source_tag_cleanup_sql, cause)) == NULL ||
	    store_run(st, stmt, cause) != 0)
		goto out;
	ok = 1;
out:
	if (store_tx_end(st, owned, ok, cause) != 0)
		return -1;
	return ok ? 0 : -1;
}

/*
 * Every source a query with one text parameter (or none) gives, with the
 * counts that follow the source columns when asked; NULL and 0 when none.
 */
static int
source_query(struct store *st, const char *sql, const char *key,
    int counts, struct source ***out, size_t *n, char **cause)
{
	struct source *s;
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*out = NULL;
	*n = 0;
	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	if (key != NULL)
		store_bind_text(stmt, 1, key, &rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		s = source_from_row(stmt);
		if (counts) {
			s->n_articles = sqlite3_column_int64(stmt,
			    SOURCE_NCOLUMNS);
			s->n_unread = sqlite3_column_int64(stmt,
			    SOURCE_NCOLUMNS + 1);
		}
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		(*out)[(*n)++] = s;
		rc = SQLITE_OK;
	}
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, cause);
		store_stmt_done(stmt);
		store_source_list_free(out, *n);
		*n = 0;
		return -1;
	}
	store_stmt_done(stmt);
	return 0;
}

/* Fail for a name more than one source has, listing them. */
static int
source_ambiguous(const char *key, struct source **v, size_t n, char **cause)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_addf(&b, "%lld %s <%s>", (long long)v[i]->id,
		    source_display_name(v[i]), v[i]->url);
	}
	set_cause(cause, _("source name %s is ambiguous: %s"), key,
	    buf_str(&b));
	buf_free(&b);
	return -1;
}

int
store_source_find(struct store *st, const char *key, struct source **out,
    char **cause)
{
	struct source **v;
	const char *name;
	char id[32];
	long long n;
	size_t nv;
	int retval;

	*out = NULL;
	if (util_parse_int(key, 1, INT64_MAX, &n) == 0) {
		snprintf(id, sizeof id, "%lld", n);
		if (source_query(st, source_by_id_sql, id, 0, &v, &nv,
		    cause) != 0)
			return -1;
		if (nv == 1) {
			*out = v[0];
			free(v);
			return 0;
		}
	}
	if (source_query(st, source_by_url_sql, key, 0, &v, &nv, cause) != 0)
		return -1;
	if (nv == 0) {
		/* "~Name" as written in the sources file works too. */
		name = key[0] == '~' && key[1] != '\0' ? key + 1 : key;
		if (source_query(st, source_by_name_sql, name, 0, &v, &nv,
		    cause) != 0)
			return -1;
	}
	retval = 0;
	if (nv == 1) {
		*out = v[0];
		v[0] = NULL;
	} else if (nv > 1)
		retval = source_ambiguous(key, v, nv, cause);
	store_source_list_free(&v, nv);
	return retval;
}

int
store_source_list(struct store *st, struct source ***out, size_t *n,
    char **cause)
{
	return source_query(st, source_list_sql, NULL, 1, out, n, cause);
}

void
store_source_list_free(struct source ***v, size_t n)
{
	size_t i;

	if (*v == NULL)
		return;
	for (i = 0; i < n; i++)
		source_free(&(*v)[i]);
	free(*v);
	*v = NULL;
}

int
store_source_set_fetch(struct store *st, const struct source *s,
    char **cause)
{
	sqlite3_stmt *stmt;
	const char *sql;
	int rc = SQLITE_OK;

	sql = s->id != 0 ? source_fetch_by_id_sql : source_fetch_by_url_sql;
	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	store_bind_text(stmt, 1, s->etag, &rc);
	store_bind_text(stmt, 2, s->last_modified, &rc);
	store_bind_time(stmt, 3, s->last_fetch, &rc);
	store_bind_int(stmt, 4, s->last_status, &rc);
	store_bind_text(stmt, 5, s->last_error, &rc);
	if (s->id != 0)
		store_bind_int(stmt, 6, s->id, &rc);
	else
		store_bind_text(stmt, 6, s->url, &rc);
	store_bind_text(stmt, 7, s->body_hash, &rc);
	store_bind_int(stmt, 8, s->gone != 0, &rc);
	store_bind_time(stmt, 9, s->next_fetch, &rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, cause);
		store_stmt_done(stmt);
		return -1;
	}
	store_stmt_done(stmt);
	if (sqlite3_changes(st->db) != 0)
		return 0;
	if (s->id != 0) {
		return set_cause(cause, _("no source with id %lld"),
		    (long long)s->id);
	}
	return set_cause(cause, _("no source %s"), s->url != NULL ? s->url :
	    "");
}

/* Run an UPDATE of one source by id with up to two text values. */
static int
source_update(struct store *st, const char *sql, int64_t id, const char *a,
    const char *b, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	store_bind_text(stmt, 2, a, &rc);
	if (b != NULL)
		store_bind_text(stmt, 3, b, &rc);
	if (rc == SQLITE_OK)
		rc = sqlite3_step(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, cause);
		store_stmt_done(stmt);
		return -1;
	}
	store_stmt_done(stmt);
	if (sqlite3_changes(st->db) == 0)
		return set_cause(cause, _("no source with id %lld"),
		    (long long)id);
	return 0;
}

int
store_source_set_meta(struct store *st, int64_t id, const char *title,
    const char *site_url, char **cause)
{
	return source_update(st, source_meta_sql, id, title, site_url, cause);
}

int
store_source_set_url(struct store *st, int64_t id, const char *url,
    char **cause)
{
	return source_update(st, source_url_sql, id, url, NULL, cause);
}
