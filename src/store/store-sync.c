/* store-sync.c - what a sync with a server keeps: ids, queue, state. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "store-int.h"
#include "util.h"

static const char changes_sql[] =
	"SELECT q.id, a.server_id, q.flag, q.value FROM sync_queue q"
	" JOIN article a ON a.id = q.article_id"
	" WHERE a.server_id IS NOT NULL ORDER BY q.id";
static const char dequeue_sql[] =
	"DELETE FROM sync_queue WHERE id = ?1";
static const char state_get_sql[] =
	"SELECT value FROM sync_state WHERE name = ?1";
static const char state_set_sql[] =
	"INSERT INTO sync_state (name, value) VALUES (?1, ?2)"
	" ON CONFLICT (name) DO UPDATE SET value = excluded.value";
static const char state_del_sql[] =
	"DELETE FROM sync_state WHERE name = ?1";
/* A server's feed: a source of its own, or one of the file's (0). */
static const char source_find_sql[] =
	"SELECT id, in_file, server_id FROM source WHERE url = ?1";
static const char source_insert_sql[] =
	"INSERT INTO source (url, kind, title, tags, fulltext, in_file,"
	"  created, server_id)"
	" VALUES (?1, 'feed', ?2, ?3, 1, 0, ?4, ?5) RETURNING id";
static const char source_update_sql[] =
	"UPDATE source SET title = COALESCE(?2, title), tags = ?3,"
	"  server_id = ?4, gone = 0 WHERE id = ?1";
static const char source_unmap_sql[] =
	"UPDATE source SET server_id = NULL WHERE server_id = ?1 AND id != ?2";
static const char source_by_server_sql[] =
	"SELECT id FROM source WHERE server_id = ?1";
static const char counts_sql[] =
	"SELECT coalesce(sum(read = 0), 0), coalesce(sum(starred != 0), 0)"
	" FROM article WHERE source_id = ?1 AND server_id IS NOT NULL";
static const char article_server_sql[] =
	"UPDATE article SET server_id = ?2 WHERE id = ?1"
	" AND server_id IS NOT ?2";
/* The server's state of a flag, except where pundit's change waits. */
static const char flags_read_sql[] =
	"UPDATE article SET read = (server_id NOT IN"
	"  (SELECT value FROM json_each(?2)))"
	" WHERE source_id = ?1 AND server_id IS NOT NULL"
	"  AND read IS NOT (server_id NOT IN (SELECT value FROM json_each(?2)))"
	"  AND id NOT IN (SELECT article_id FROM sync_queue WHERE flag = 0)";
static const char flags_starred_sql[] =
	"UPDATE article SET starred = (server_id IN"
	"  (SELECT value FROM json_each(?2)))"
	" WHERE source_id = ?1 AND server_id IS NOT NULL"
	"  AND starred IS NOT (server_id IN (SELECT value FROM json_each(?2)))"
	"  AND id NOT IN (SELECT article_id FROM sync_queue WHERE flag = 1)";
/*
 * A feed no longer on the server: the source stays, with its articles, as
 * a local one that nothing fetches (gone), and says why.
 */
static const char unsubscribed_sql[] =
	"UPDATE source SET server_id = NULL, gone = 1, last_error = ?2,"
	"  last_status = 0"
	" WHERE server_id IS NOT NULL AND NOT in_file"
	"  AND server_id NOT IN (SELECT value FROM json_each(?1))";
static const char status_sql[] =
	"UPDATE source SET last_fetch = ?1, last_error = ?2,"
	"  last_status = ?3 WHERE server_id IS NOT NULL";

int
store_sync_changes(struct store *st, struct store_change **out, size_t *nout,
    char **cause)
{
	struct store_change *v = NULL;
	sqlite3_stmt *stmt;
	size_t n = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	if ((stmt = store_stmt(st, changes_sql, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n].id = sqlite3_column_int64(stmt, 0);
		v[n].server_id = sqlite3_column_int64(stmt, 1);
		v[n].flag = sqlite3_column_int(stmt, 2) == 0 ?
		    STORE_FLAG_READ : STORE_FLAG_STARRED;
		v[n].value = sqlite3_column_int(stmt, 3) != 0;
		n++;
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE) {
		free(v);
		return store_fail(st, rc, cause);
	}
	*out = v;
	*nout = n;
	return 0;
}

int
store_sync_dequeue(struct store *st, const struct store_change *v, size_t n,
    char **cause)
{
	sqlite3_stmt *stmt;
	size_t i;
	int owned, rc = SQLITE_OK, ok = 1;

	if (n == 0)
		return 0;
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	for (i = 0; i < n && ok; i++) {
		if ((stmt = store_stmt(st, dequeue_sql, cause)) == NULL) {
			ok = 0;
			break;
		}
		store_bind_int(stmt, 1, v[i].id, &rc);
		if (rc != SQLITE_OK) {
			store_stmt_done(stmt);
			store_fail(st, rc, cause);
			ok = 0;
		} else if (store_run(st, stmt, cause) != 0)
			ok = 0;
	}
	return store_tx_end(st, owned, ok, cause) != 0 || !ok ? -1 : 0;
}

int
store_sync_get(struct store *st, const char *name, char **value,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*value = NULL;
	if ((stmt = store_stmt(st, state_get_sql, cause)) == NULL)
		return -1;
	store_bind_text(stmt, 1, name, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*value = store_column_text(stmt, 0);
		rc = SQLITE_DONE;
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	return 0;
}

int
store_sync_set(struct store *st, const char *name, const char *value,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	stmt = store_stmt(st, value != NULL ? state_set_sql : state_del_sql,
	    cause);
	if (stmt == NULL)
		return -1;
	store_bind_text(stmt, 1, name, &rc);
	if (value != NULL)
		store_bind_text(stmt, 2, value, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	return store_run(st, stmt, cause);
}

int
store_sync_source(struct store *st, int64_t server_id, const char *url,
    const char *title, char *const *tags, int64_t *id, char **cause)
{
	sqlite3_stmt *stmt;
	char *joined;
	int64_t found = 0;
	int rc = SQLITE_OK, in_file = 0, owned, ok = 0;
	size_t i;

	*id = 0;
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (!store_tag_valid(tags[i]))
			return set_cause(cause, _("cannot store source %s: "
			    "invalid tag \"%s\""), url, tags[i]);
	}
	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if ((stmt = store_stmt(st, source_find_sql, cause)) == NULL)
		goto out;
	store_bind_text(stmt, 1, url, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		found = sqlite3_column_int64(stmt, 0);
		in_file = sqlite3_column_int(stmt, 1);
		rc = SQLITE_DONE;
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE) {
		store_fail(st, rc, cause);
		goto out;
	}
	if (found != 0 && in_file) {
		/* The sources file has it: fetched directly, not synced. */
		ok = 1;
		goto out;
	}
	/* A feed the server renumbered, or a URL that moved on it. */
	if ((stmt = store_stmt(st, source_unmap_sql, cause)) == NULL)
		goto out;
	rc = SQLITE_OK;
	store_bind_int(stmt, 1, server_id, &rc);
	store_bind_int(stmt, 2, found, &rc);
	if (rc != SQLITE_OK || store_run(st, stmt, cause) != 0) {
		if (rc != SQLITE_OK) {
			store_stmt_done(stmt);
			store_fail(st, rc, cause);
		}
		goto out;
	}
	joined = store_tags_join(tags);
	stmt = store_stmt(st, found != 0 ? source_update_sql :
	    source_insert_sql, cause);
	if (stmt == NULL) {
		free(joined);
		goto out;
	}
	if (found != 0) {
		store_bind_int(stmt, 1, found, &rc);
		store_bind_text(stmt, 2, title, &rc);
		store_bind_text(stmt, 3, joined, &rc);
		store_bind_int(stmt, 4, server_id, &rc);
		free(joined);
		if (rc != SQLITE_OK) {
			store_stmt_done(stmt);
			store_fail(st, rc, cause);
			goto out;
		}
		if (store_run(st, stmt, cause) != 0)
			goto out;
		*id = found;
	} else {
		store_bind_text(stmt, 1, url, &rc);
		store_bind_text(stmt, 2, title, &rc);
		store_bind_text(stmt, 3, joined, &rc);
		store_bind_time(stmt, 4, time(NULL), &rc);
		store_bind_int(stmt, 5, server_id, &rc);
		free(joined);
		if (rc == SQLITE_OK)
			rc = store_step_id(stmt, id);
		store_stmt_done(stmt);
		if (rc != SQLITE_OK) {
			store_fail(st, rc, cause);
			goto out;
		}
	}
	ok = 1;
out:
	if (store_tx_end(st, owned, ok, cause) != 0)
		return -1;
	return ok ? 0 : -1;
}

int
store_sync_source_id(struct store *st, int64_t server_id, int64_t *id,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*id = 0;
	if ((stmt = store_stmt(st, source_by_server_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, server_id, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*id = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_DONE;
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	return 0;
}

int
store_sync_counts(struct store *st, int64_t source_id, long *unread,
    long *starred, char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*unread = *starred = 0;
	if ((stmt = store_stmt(st, counts_sql, cause)) == NULL)
		return -1;
	store_bind_int(stmt, 1, source_id, &rc);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*unread = (long)sqlite3_column_int64(stmt, 0);
		*starred = (long)sqlite3_column_int64(stmt, 1);
		rc = SQLITE_DONE;
	}
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	return 0;
}

int
store_sync_article(struct store *st, struct article *a, int64_t server_id,
    int *is_new, char **cause)
{
	sqlite3_stmt *stmt;
	int owned, rc = SQLITE_OK, ok = 0;

	if (store_tx_begin(st, &owned, cause) != 0)
		return -1;
	if (store_article_upsert(st, a, is_new, cause) != 0)
		goto out;
	if ((stmt = store_stmt(st, article_server_sql, cause)) == NULL)
		goto out;
	store_bind_int(stmt, 1, a->id, &rc);
	store_bind_int(stmt, 2, server_id, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		store_fail(st, rc, cause);
		goto out;
	}
	if (store_run(st, stmt, cause) != 0)
		goto out;
	ok = 1;
out:
	if (store_tx_end(st, owned, ok, cause) != 0)
		return -1;
	return ok ? 0 : -1;
}

/* Server ids as a JSON array, for json_each(). */
static void
ids_json(struct buf *b, const int64_t *ids, size_t n)
{
	size_t i;

	buf_addc(b, '[');
	for (i = 0; i < n; i++)
		buf_addf(b, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	buf_addc(b, ']');
}

int
store_sync_flags(struct store *st, int64_t source_id, enum store_flag flag,
    const int64_t *ids, size_t n, unsigned *changed, char **cause)
{
	struct buf json = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*changed = 0;
	ids_json(&json, ids, n);
	stmt = store_stmt(st, flag == STORE_FLAG_READ ? flags_read_sql :
	    flags_starred_sql, cause);
	if (stmt == NULL) {
		buf_free(&json);
		return -1;
	}
	store_bind_int(stmt, 1, source_id, &rc);
	store_bind_text(stmt, 2, buf_str(&json), &rc);
	buf_free(&json);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	if (store_run(st, stmt, cause) != 0)
		return -1;
	*changed = (unsigned)sqlite3_changes(st->db);
	return 0;
}

int
store_sync_unsubscribed(struct store *st, const int64_t *ids, size_t n,
    unsigned *changed, char **cause)
{
	struct buf json = BUF_INIT;
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	*changed = 0;
	ids_json(&json, ids, n);
	if ((stmt = store_stmt(st, unsubscribed_sql, cause)) == NULL) {
		buf_free(&json);
		return -1;
	}
	store_bind_text(stmt, 1, buf_str(&json), &rc);
	buf_free(&json);
	store_bind_text(stmt, 2, _("unsubscribed on the sync server: its "
	    "articles are kept here (pundit remove drops them)"), &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	if (store_run(st, stmt, cause) != 0)
		return -1;
	*changed = (unsigned)sqlite3_changes(st->db);
	return 0;
}

int
store_sync_status(struct store *st, time_t when, const char *error,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc = SQLITE_OK;

	if ((stmt = store_stmt(st, status_sql, cause)) == NULL)
		return -1;
	store_bind_time(stmt, 1, when, &rc);
	store_bind_text(stmt, 2, error, &rc);
	store_bind_int(stmt, 3, error == NULL ? 200 : 0, &rc);
	if (rc != SQLITE_OK) {
		store_stmt_done(stmt);
		return store_fail(st, rc, cause);
	}
	return store_run(st, stmt, cause);
}
