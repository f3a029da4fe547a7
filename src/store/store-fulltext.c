/* store-fulltext.c - full text from article pages: what to fetch, results. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "i18n.h"
#include "store-int.h"
#include "util.h"

static const char fulltext_pending_sql[] =
	"SELECT id, url, fulltext_tries FROM article"
	" WHERE source_id = ?1 AND fulltext IS NULL AND url IS NOT NULL"
	"  AND (url LIKE 'http://%' OR url LIKE 'https://%')"
	"  AND length(COALESCE(NULLIF(content, ''), summary, '')) < ?2"
	"  AND fulltext_tries < ?3"
	"  AND (fulltext_next IS NULL OR fulltext_next <= ?4)"
	" ORDER BY COALESCE(published, first_seen) DESC, id DESC LIMIT ?5";
static const char fulltext_set_sql[] =
	"UPDATE article SET fulltext = ?2, title = COALESCE(?3, title),"
	"  author = COALESCE(NULLIF(author, ''), ?4),"
	"  published = COALESCE(published, ?5),"
	"  fulltext_error = NULL, fulltext_next = NULL WHERE id = ?1";
static const char fulltext_failed_sql[] =
	"UPDATE article SET fulltext_error = ?2,"
	"  fulltext_tries = fulltext_tries + 1, fulltext_next = ?3"
	" WHERE id = ?1";
static const char fulltext_error_sql[] =
	"SELECT fulltext_error, fulltext_tries, fulltext_next FROM article"
	" WHERE id = ?1";
static const char article_add_link_sql[] =
	"INSERT INTO article (source_id, guid, url, title, first_seen)"
	" VALUES (?1, 'url:' || ?2, ?2, ?3, ?4)"
	" ON CONFLICT (source_id, guid) DO NOTHING RETURNING id";

int
store_fulltext_pending(struct store *st, int64_t source_id, long min_chars,
    int max_tries, time_t now, long limit, struct store_pending **out,
    size_t *n, char **cause)
{
	sqlite3_stmt *stmt;
	struct store_pending *p;
	int rc = SQLITE_OK;

	*out = NULL;
	*n = 0;
	if ((stmt = store_stmt(st, fulltext_pending_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, source_id, &rc);
	store_bind_int(stmt, 2, min_chars, &rc);
	store_bind_int(stmt, 3, max_tries, &rc);
	store_bind_int(stmt, 4, (int64_t)now, &rc);
	store_bind_int(stmt, 5, limit > 0 ? limit : -1, &rc);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		*out = xreallocarray(*out, *n + 1, sizeof **out);
		p = &(*out)[(*n)++];
		p->id = sqlite3_column_int64(stmt, 0);
		p->url = store_column_text(stmt, 1);
		p->tries = sqlite3_column_int(stmt, 2);
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE) {
		store_fulltext_pending_free(out, *n);
		*n = 0;
		return store_fail(st, rc, cause);
	}
	return 0;
}

void
store_fulltext_pending_free(struct store_pending **v, size_t n)
{
	size_t i;

	if (*v == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*v)[i].url);
	free(*v);
	*v = NULL;
}

int
store_fulltext_set(struct store *st, int64_t id, const char *html,
    const char *title, const char *author, time_t published, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK, owned, ok;

	/* A transaction, so that the search index follows at its end. */
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, fulltext_set_sql, cause)) == NULL) {
		store_tx_end(st, owned, 0, NULL);
		return -1;
	}
	store_bind_int(stmt, 1, id, &rc);
	store_bind_text(stmt, 2, html, &rc);
	store_bind_text(stmt, 3, title, &rc);
	store_bind_text(stmt, 4, author, &rc);
	store_bind_time(stmt, 5, published, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		store_fail(st, rc, cause);
		store_tx_end(st, owned, 0, NULL);
		return -1;
	}
	ok = store_run(st, stmt, cause) == 0;
	return store_tx_end(st, owned, ok, cause) == 0 && ok ? 0 : -1;
}

int
store_fulltext_failed(struct store *st, int64_t id, const char *error,
    time_t next, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, fulltext_failed_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	store_bind_text(stmt, 2, error, &rc);
	store_bind_time(stmt, 3, next, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	return store_run(st, stmt, cause);
}

int
store_fulltext_error(struct store *st, int64_t id, char **error, int *tries,
    time_t *next, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*error = NULL;
	*tries = 0;
	*next = 0;
	if ((stmt = store_stmt(st, fulltext_error_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, id, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*error = store_column_text(stmt, 0);
		*tries = sqlite3_column_int(stmt, 1);
		*next = store_column_time(stmt, 2);
		rc = SQLITE_DONE;
	} else if (rc == SQLITE_DONE) {
		store_stmt_done(stmt);
		return set_cause(cause, _("no article with id %lld"),
		    (long long)id);
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	return 0;
}

int
store_article_add_link(struct store *st, int64_t source_id, const char *url,
    const char *title, int *is_new, char **cause)
{
	sqlite3_stmt *stmt;
	int64_t id;
	int rc = SQLITE_OK;

	*is_new = 0;
	if ((stmt = store_stmt(st, article_add_link_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, source_id, &rc);
	store_bind_text(stmt, 2, url, &rc);
	store_bind_text(stmt, 3, title, &rc);
	store_bind_int(stmt, 4, (int64_t)time(NULL), &rc);
	if (rc == SQLITE_OK) {
		rc = store_step_id(stmt, &id);
		if (rc == SQLITE_OK)
			*is_new = 1;
		else if (rc == SQLITE_MISUSE)
			rc = SQLITE_OK;	/* no row: the source had it */
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	return 0;
}
