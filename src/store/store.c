/* store.c - opening the SQLite cache: pragmas, schema, transactions. */
#include "config.h"

#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "search-int.h"
#include "store-int.h"
#include "util.h"

/* How long to wait for another process's write before giving up. */
#define STORE_BUSY_TIMEOUT 5000

/* PRAGMA application_id of a pundit cache: "Pund". */
#define STORE_APPLICATION_ID 0x50756e64

/*
 * Schema steps: store_migrations[v] takes a cache from user_version v to
 * v + 1, and runs in one transaction with the version bump. Never edit a
 * step that has shipped; add one.
 */
static const char *const store_migrations[] = {
	/* 0 -> 1: sources, articles, tags. */
	"CREATE TABLE source ("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT UNIQUE NOT NULL,"
	"  kind TEXT NOT NULL CHECK (kind IN ('feed', 'html')),"
	"  title TEXT,"
	"  name TEXT,"
	"  site_url TEXT,"
	"  tags TEXT,"			/* joined by U+001F */
	"  xpath TEXT,"
	"  fulltext INTEGER NOT NULL DEFAULT 1,"
	"  in_file INTEGER NOT NULL DEFAULT 0,"
	"  position INTEGER,"		/* line order in the sources file */
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  last_fetch INTEGER,"
	"  last_status INTEGER,"
	"  last_error TEXT,"
	"  created INTEGER"
	");"
	"CREATE TABLE article ("
	"  id INTEGER PRIMARY KEY,"
	"  source_id INTEGER NOT NULL"
	"    REFERENCES source (id) ON DELETE CASCADE,"
	"  guid TEXT NOT NULL,"
	"  url TEXT,"
	"  title TEXT,"
	"  author TEXT,"
	"  published INTEGER,"
	"  updated INTEGER,"
	"  first_seen INTEGER NOT NULL,"
	"  summary TEXT,"
	"  content TEXT,"
	"  fulltext TEXT,"
	"  language TEXT,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  starred INTEGER NOT NULL DEFAULT 0,"
	"  position INTEGER NOT NULL DEFAULT 0,"
	"  UNIQUE (source_id, guid)"
	");"
	"CREATE INDEX article_date"
	"  ON article (COALESCE(published, first_seen));"
	"CREATE INDEX article_source_date"
	"  ON article (source_id, COALESCE(published, first_seen));"
	"CREATE INDEX article_source_read ON article (source_id, read);"
	"CREATE TABLE tag ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT UNIQUE NOT NULL"
	");"
	"CREATE TABLE article_tag ("
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article (id) ON DELETE CASCADE,"
	"  tag_id INTEGER NOT NULL"
	"    REFERENCES tag (id) ON DELETE CASCADE,"
	"  PRIMARY KEY (article_id, tag_id)"
	") WITHOUT ROWID;"
	"CREATE INDEX article_tag_tag ON article_tag (tag_id, article_id);"
	"PRAGMA application_id = 1349873252;",	/* STORE_APPLICATION_ID */
	/* 1 -> 2: what refresh needs to skip work and be polite. */
	"ALTER TABLE source ADD COLUMN body_hash TEXT;"
	"ALTER TABLE source ADD COLUMN gone INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE source ADD COLUMN next_fetch INTEGER;",
	/*
	 * 2 -> 3: full-text search (store-fts.c registers the tokenizer and
	 * pundit_text before migrations run) and saved searches. Triggers
	 * keep the index in step whoever writes; "UPDATE OF" keeps them out
	 * of statements that change only user state.
	 */
	"CREATE VIRTUAL TABLE article_fts USING fts5("
	"  title, author, body, tags, tokenize = 'pundit');"
	"CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN"
	"  INSERT INTO article_fts (rowid, title, author, body)"
	"  VALUES (new.id, new.title, new.author,"
	"    pundit_text(new.fulltext, new.content, new.summary));"
	"END;"
	"CREATE TRIGGER article_fts_update"
	"  AFTER UPDATE OF title, author, fulltext, content, summary"
	"  ON article WHEN old.title IS NOT new.title"
	"    OR old.author IS NOT new.author"
	"    OR old.fulltext IS NOT new.fulltext"
	"    OR old.content IS NOT new.content"
	"    OR old.summary IS NOT new.summary BEGIN"
	"  UPDATE article_fts SET title = new.title, author = new.author,"
	"    body = pundit_text(new.fulltext, new.content, new.summary)"
	"  WHERE rowid = new.id;"
	"END;"
	"CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN"
	"  DELETE FROM article_fts WHERE rowid = old.id;"
	"END;"
	"CREATE TRIGGER article_tag_fts_insert AFTER INSERT ON article_tag"
	"  BEGIN"
	"  UPDATE article_fts SET tags = (SELECT group_concat(t.name, ' ')"
	"    FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	"    WHERE at.article_id = new.article_id)"
	"  WHERE rowid = new.article_id;"
	"END;"
	"CREATE TRIGGER article_tag_fts_delete AFTER DELETE ON article_tag"
	"  BEGIN"
	"  UPDATE article_fts SET tags = (SELECT group_concat(t.name, ' ')"
	"    FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	"    WHERE at.article_id = old.article_id)"
	"  WHERE rowid = old.article_id;"
	"END;"
	"INSERT INTO article_fts (rowid, title, author, body, tags)"
	"  SELECT a.id, a.title, a.author,"
	"    pundit_text(a.fulltext, a.content, a.summary),"
	"    (SELECT group_concat(t.name, ' ')"
	"      FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	"      WHERE at.article_id = a.id)"
	"  FROM article a;"
	"CREATE TABLE saved_search ("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT UNIQUE NOT NULL,"
	"  query TEXT NOT NULL,"
	"  created INTEGER"
	");",
	/*
	 * 3 -> 4: full text fetched from article pages: a failed page is
	 * recorded and tried again after a back-off (store-fulltext.c).
	 */
	"ALTER TABLE article ADD COLUMN fulltext_error TEXT;"
	"ALTER TABLE article ADD COLUMN fulltext_tries INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE article ADD COLUMN fulltext_next INTEGER;",
	/*
	 * 4 -> 5: sync with a server (store-sync.c): the server's ids of
	 * sources and articles, the read and starred changes waiting to be
	 * sent (one row an article and flag, the latest value), and the
	 * sync's own state (session, last article seen, last error).
	 */
	"ALTER TABLE source ADD COLUMN server_id INTEGER;"
	"CREATE UNIQUE INDEX source_server ON source (server_id)"
	"  WHERE server_id IS NOT NULL;"
	"ALTER TABLE article ADD COLUMN server_id INTEGER;"
	"CREATE UNIQUE INDEX article_server ON article (server_id)"
	"  WHERE server_id IS NOT NULL;"
	"CREATE TABLE sync_queue ("	/* ids never reused: see dequeue */
	"  id INTEGER PRIMARY KEY AUTOINCREMENT,"
	"  article_id INTEGER NOT NULL"
	"    REFERENCES article (id) ON DELETE CASCADE,"
	"  flag INTEGER NOT NULL,"		/* enum store_flag */
	"  value INTEGER NOT NULL,"
	"  queued INTEGER NOT NULL,"
	"  UNIQUE (article_id, flag)"
	");"
	"CREATE TABLE sync_state ("
	"  name TEXT PRIMARY KEY,"
	"  value TEXT"
	") WITHOUT ROWID;",
	/*
	 * 5 -> 6: lists of a large cache without reading its rows, which
	 * are long (bench/tui.sh): each source's article and unread counts,
	 * kept by triggers whoever writes; the date index with the source,
	 * for tag lists; indexes of the unread and the starred articles.
	 */
	"ALTER TABLE source ADD COLUMN n_articles INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE source ADD COLUMN n_unread INTEGER NOT NULL DEFAULT 0;"
	"UPDATE source SET"
	"  n_articles = (SELECT count(*) FROM article"
	"    WHERE source_id = source.id),"
	"  n_unread = (SELECT count(*) FROM article"
	"    WHERE source_id = source.id AND read = 0);"
	"CREATE TRIGGER article_count_insert AFTER INSERT ON article BEGIN"
	"  UPDATE source SET n_articles = n_articles + 1,"
	"    n_unread = n_unread + (new.read = 0) WHERE id = new.source_id;"
	"END;"
	"CREATE TRIGGER article_count_delete AFTER DELETE ON article BEGIN"
	"  UPDATE source SET n_articles = n_articles - 1,"
	"    n_unread = n_unread - (old.read = 0) WHERE id = old.source_id;"
	"END;"
	"CREATE TRIGGER article_count_update"
	"  AFTER UPDATE OF read, source_id ON article"
	"  WHEN old.read IS NOT new.read OR old.source_id != new.source_id"
	"  BEGIN"
	"  UPDATE source SET n_articles = n_articles - 1,"
	"    n_unread = n_unread - (old.read = 0) WHERE id = old.source_id;"
	"  UPDATE source SET n_articles = n_articles + 1,"
	"    n_unread = n_unread + (new.read = 0) WHERE id = new.source_id;"
	"END;"
	"DROP INDEX article_date;"
	"CREATE INDEX article_date"
	"  ON article (COALESCE(published, first_seen), source_id);"
	"CREATE INDEX article_unread"
	"  ON article (COALESCE(published, first_seen), source_id)"
	"  WHERE read = 0;"
	"CREATE INDEX article_starred"
	"  ON article (COALESCE(published, first_seen), source_id, read)"
	"  WHERE starred != 0;",
	/*
	 * 6 -> 7: the search index is written once per transaction. FTS5
	 * (SQLite 3.40) flushes its pending terms to disk at every statement
	 * savepoint, so a trigger writing it once per article upsert made a
	 * segment per article and most of a refresh's work merging them.
	 * The triggers now note changed articles in fts_pending, and
	 * store_fts_flush indexes them all in one statement before COMMIT.
	 * (No OR IGNORE in the triggers: an upsert's conflict clause
	 * overrides theirs.)
	 * (store_commit, store_tx_end; store_open and searches pick up what
	 * another writer left).
	 */
	"DROP TRIGGER article_fts_insert;"
	"DROP TRIGGER article_fts_update;"
	"DROP TRIGGER article_fts_delete;"
	"CREATE TABLE fts_pending (id INTEGER PRIMARY KEY);"
	"CREATE TRIGGER article_fts_insert AFTER INSERT ON article BEGIN"
	"  INSERT INTO fts_pending (id) SELECT new.id WHERE NOT EXISTS"
	"    (SELECT 1 FROM fts_pending WHERE id = new.id);"
	"END;"
	"CREATE TRIGGER article_fts_update"
	"  AFTER UPDATE OF title, author, fulltext, content, summary"
	"  ON article WHEN old.title IS NOT new.title"
	"    OR old.author IS NOT new.author"
	"    OR old.fulltext IS NOT new.fulltext"
	"    OR old.content IS NOT new.content"
	"    OR old.summary IS NOT new.summary BEGIN"
	"  INSERT INTO fts_pending (id) SELECT new.id WHERE NOT EXISTS"
	"    (SELECT 1 FROM fts_pending WHERE id = new.id);"
	"END;"
	"CREATE TRIGGER article_fts_delete AFTER DELETE ON article BEGIN"
	"  DELETE FROM article_fts WHERE rowid = old.id;"
	"  DELETE FROM fts_pending WHERE id = old.id;"
	"END;",
};
_Static_assert(NITEMS(store_migrations) == STORE_SCHEMA_VERSION,
    "one migration step per schema version");

/*
 * A write failed without an errno (a short write, or the pager repeating
 * an earlier failure): ENOSPC when the file system is (nearly) full, EFBIG
 * when the cache or its WAL has reached RLIMIT_FSIZE, else 0.
 */
static int
store_write_errno(struct store *st)
{
	struct statvfs fs;
	struct rlimit rl;
	struct stat sb;
	char *wal;
	int errnum = 0;

	if (statvfs(st->path, &fs) == 0 &&
	    (unsigned long long)fs.f_bavail * fs.f_frsize < 1024 * 1024)
		return ENOSPC;
	if (getrlimit(RLIMIT_FSIZE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY) {
		wal = xasprintf("%s-wal", st->path);
		if ((stat(st->path, &sb) == 0 &&
		    (rlim_t)sb.st_size + 65536 >= rl.rlim_cur) ||
		    (stat(wal, &sb) == 0 &&
		    (rlim_t)sb.st_size + 65536 >= rl.rlim_cur))
			errnum = EFBIG;
		free(wal);
	}
	return errnum;
}

int
store_fail(struct store *st, int rc, char **cause)
{
	const char *msg;
	int errnum;

	msg = st->db != NULL ? sqlite3_errmsg(st->db) : sqlite3_errstr(rc);
	switch (rc & 0xff) {
	case SQLITE_BUSY:
		return set_cause(cause,
		    _("cache %s is locked by another process"), st->path);
	case SQLITE_CORRUPT:
		return set_cause(cause, _("cache %s is corrupt: %s; 'pundit "
		    "check --repair' salvages what can be read"), st->path,
		    msg);
	case SQLITE_NOTADB:
		return set_cause(cause, _("cannot open cache %s: file is not a "
		    "pundit cache (not an SQLite database); if it was one, "
		    "'pundit check --repair' salvages what can be read"),
		    st->path);
	case SQLITE_FULL:
		return set_cause(cause, _("cannot write cache %s: the disk is "
		    "full"), st->path);
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return set_cause(cause, _("cannot write cache %s: %s"),
		    st->path, msg);
	case SQLITE_CANTOPEN:
		errnum = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
		if (errnum == EACCES || errnum == EPERM || errnum == EROFS) {
			return set_cause(cause, _("cannot write cache %s: %s"),
			    st->path, strerror(errnum));
		}
		if (errnum != 0)
			msg = strerror(errnum);
		return set_cause(cause, _("cannot open cache %s: %s"), st->path,
		    msg);
	case SQLITE_IOERR:
		errnum = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
		if (errnum == 0 && rc == SQLITE_IOERR_WRITE)
			errnum = store_write_errno(st);
		if (errnum == 0)
			break;
		/* EFBIG: past RLIMIT_FSIZE (SIGXFSZ is ignored in main). */
		if (errnum == EFBIG) {
			return set_cause(cause, _("cannot write cache %s: it "
			    "reached the file size limit (ulimit -f)"),
			    st->path);
		}
		if (errnum == ENOSPC || errnum == EDQUOT) {
			return set_cause(cause, _("cannot write cache %s: the "
			    "disk is full (%s)"), st->path, strerror(errnum));
		}
		return set_cause(cause, _("cannot use cache %s: %s (%s)"),
		    st->path, msg, strerror(errnum));
	case SQLITE_NOMEM:
		fatal("out of memory using cache %s", st->path);
	}
	return set_cause(cause, _("cannot use cache %s: %s"), st->path, msg);
}

sqlite3_stmt *
store_stmt(struct store *st, const char *sql, char **cause)
{
	struct store_stmt *ss;
	sqlite3_stmt *stmt;
	size_t i;
	int rc;

	for (i = 0; i < st->nstmts; i++) {
		ss = &st->stmts[i];
		if (ss->sql != sql)
			continue;
		if (sqlite3_stmt_busy(ss->stmt))
			fatal("cached statement used twice: %s", sql);
		return ss->stmt;
	}
	if (st->nstmts == STORE_MAX_STMTS)
		fatal("too many cached statements");
	rc = sqlite3_prepare_v3(st->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &stmt, NULL);
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		return NULL;
	}
	ss = &st->stmts[st->nstmts++];
	ss->sql = sql;
	ss->stmt = stmt;
	return stmt;
}

void
store_stmt_done(sqlite3_stmt *stmt)
{
	if (stmt == NULL)
		return;
	/* Both only repeat an error of the last step, handled there. */
	(void)sqlite3_reset(stmt);
	(void)sqlite3_clear_bindings(stmt);
}

int
store_run(struct store *st, sqlite3_stmt *stmt, char **cause)
{
	int rc, retval = 0;

	if ((rc = sqlite3_step(stmt)) != SQLITE_DONE)
		retval = store_fail(st, rc == SQLITE_ROW ? SQLITE_MISUSE : rc,
		    cause);
	store_stmt_done(stmt);
	return retval;
}

int
store_step_id(sqlite3_stmt *stmt, int64_t *id)
{
	int rc;

	if ((rc = sqlite3_step(stmt)) != SQLITE_ROW)
		return rc == SQLITE_DONE ? SQLITE_MISUSE : rc;
	*id = sqlite3_column_int64(stmt, 0);
	if ((rc = sqlite3_step(stmt)) == SQLITE_DONE)
		return SQLITE_OK;
	return rc == SQLITE_ROW ? SQLITE_MISUSE : rc;
}

int
store_exec(struct store *st, const char *sql, char **cause)
{
	int rc;

	if ((rc = sqlite3_exec(st->db, sql, NULL, NULL, NULL)) != SQLITE_OK)
		return store_fail(st, rc, cause);
	return 0;
}

int
store_tx_begin(struct store *st, int *owned, char **cause)
{
	*owned = 0;
	if (!sqlite3_get_autocommit(st->db))
		return 0;
	if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
		return -1;
	*owned = 1;
	return 0;
}

static const char fts_flush_sql[] =
	"DELETE FROM article_fts WHERE rowid IN (SELECT id FROM fts_pending);"
	"INSERT INTO article_fts (rowid, title, author, body, tags)"
	"  SELECT a.id, a.title, a.author,"
	"    pundit_text(a.fulltext, a.content, a.summary),"
	"    (SELECT group_concat(t.name, ' ')"
	"      FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	"      WHERE at.article_id = a.id)"
	"  FROM fts_pending p JOIN article a ON a.id = p.id;"
	"DELETE FROM fts_pending;";

/* Index the articles the triggers noted (inside the caller's transaction). */
int
store_fts_flush(struct store *st, char **cause)
{
	sqlite3_stmt *stmt;
	int rc, any;

	if ((stmt = store_stmt(st, "SELECT 1 FROM fts_pending LIMIT 1",
	    cause)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	any = rc == SQLITE_ROW;
	store_stmt_done(stmt);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	return any ? store_exec(st, fts_flush_sql, cause) : 0;
}

/*
 * What a writer left unindexed (another program writing the cache): indexed
 * now if the cache can be written at once; otherwise the next commit does.
 */
int
store_fts_catch_up(struct store *st, char **cause)
{
	sqlite3_stmt *stmt;
	char *why = NULL;
	int rc, owned;

	if ((stmt = store_stmt(st, "SELECT 1 FROM fts_pending LIMIT 1",
	    cause)) == NULL)
		return -1;
	rc = sqlite3_step(stmt);
	store_stmt_done(stmt);
	if (rc != SQLITE_ROW)
		return 0;
	if (store_tx_begin(st, &owned, &why) == 0)
		(void)store_tx_end(st, owned, 1, &why);
	free(why);
	return 0;
}

int
store_tx_end(struct store *st, int owned, int ok, char **cause)
{
	if (!owned)
		return 0;
	if (ok) {
		if (store_fts_flush(st, cause) == 0 &&
		    store_exec(st, "COMMIT", cause) == 0)
			return 0;
	}
	store_rollback(st);
	return ok ? -1 : 0;
}

void
store_bind_text(sqlite3_stmt *stmt, int i, const char *s, int *rc)
{
	if (*rc != SQLITE_OK)
		return;
	if (s == NULL)
		*rc = sqlite3_bind_null(stmt, i);
	else
		*rc = sqlite3_bind_text(stmt, i, s, -1, SQLITE_TRANSIENT);
}

void
store_bind_int(sqlite3_stmt *stmt, int i, int64_t v, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_int64(stmt, i, v);
}

void
store_bind_time(sqlite3_stmt *stmt, int i, time_t t, int *rc)
{
	if (*rc != SQLITE_OK)
		return;
	if (t == 0)
		*rc = sqlite3_bind_null(stmt, i);
	else
		*rc = sqlite3_bind_int64(stmt, i, (sqlite3_int64)t);
}

void
store_bind_null(sqlite3_stmt *stmt, int i, int *rc)
{
	if (*rc == SQLITE_OK)
		*rc = sqlite3_bind_null(stmt, i);
}

char *
store_column_text(sqlite3_stmt *stmt, int i)
{
	const unsigned char *s;

	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return NULL;
	if ((s = sqlite3_column_text(stmt, i)) == NULL)
		fatal("out of memory reading a column");
	return xstrdup((const char *)s);
}

time_t
store_column_time(sqlite3_stmt *stmt, int i)
{
	if (sqlite3_column_type(stmt, i) == SQLITE_NULL)
		return 0;
	return (time_t)sqlite3_column_int64(stmt, i);
}

char *
store_tags_join(char *const *tags)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (tags == NULL || tags[0] == NULL)
		return NULL;
	for (i = 0; tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, STORE_TAG_SEP);
		buf_adds(&b, tags[i]);
	}
	return buf_detach(&b);
}

char **
store_tags_split(const char *s)
{
	char **v = NULL, *tag;
	const char *end;

	if (s == NULL || *s == '\0')
		return NULL;
	for (;;) {
		if ((end = strchr(s, STORE_TAG_SEP)) == NULL)
			end = s + strlen(s);
		tag = xstrndup(s, (size_t)(end - s));
		util_strv_add(&v, tag);
		free(tag);
		if (*end == '\0')
			break;
		s = end + 1;
	}
	return v;
}

int
store_tag_valid(const char *tag)
{
	if (tag == NULL || *tag == '\0')
		return 0;
	return strchr(tag, STORE_TAG_SEP) == NULL;
}

int
store_busy_timeout(void)
{
	const char *s;
	long long ms;

	s = getenv("PUNDIT_BUSY_TIMEOUT_MS");
	if (s != NULL && util_parse_int(s, 0, INT_MAX, &ms) == 0)
		return (int)ms;
	return STORE_BUSY_TIMEOUT;
}

/* Run a query of one integer (a pragma or a count). */
static int
store_query_int(struct store *st, const char *sql, long long *out,
    char **cause)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_CORRUPT;	/* these queries always give a row */
	if (rc != SQLITE_OK)
		store_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return rc == SQLITE_OK ? 0 : -1;
}

/* Check the file is ours and which step it needs, in a write transaction. */
static int
store_check_version(struct store *st, long long *version, char **cause)
{
	long long app, n;

	if (store_query_int(st, "PRAGMA application_id", &app, cause) != 0 ||
	    store_query_int(st, "PRAGMA user_version", version, cause) != 0)
		return -1;
	if (app == 0 && *version == 0) {
		/* A new file, or some other program's database. */
		if (store_query_int(st, "SELECT count(*) FROM sqlite_schema",
		    &n, cause) != 0)
			return -1;
		if (n == 0)
			return 0;
	} else if (app == STORE_APPLICATION_ID) {
		if (*version <= STORE_SCHEMA_VERSION)
			return 0;
		return set_cause(cause, _("cache %s was written by a newer "
		    "pundit (schema %lld)"), st->path, *version);
	}
	return set_cause(cause, _("cannot open cache %s: file is not a pundit "
	    "cache (it belongs to another program)"), st->path);
}

/*
 * Bring the schema to STORE_SCHEMA_VERSION one step per transaction. The
 * last, empty BEGIN IMMEDIATE also proves the cache can be written now;
 * a reader (read) skips it when the schema is current, so that it does
 * not wait for another process's write.
 */
static int
store_migrate(struct store *st, int read, char **cause)
{
	long long version;
	char *sql;

	if (read) {
		if (store_check_version(st, &version, cause) != 0)
			return -1;
		if (version == STORE_SCHEMA_VERSION)
			return 0;
	}
	for (;;) {
		if (store_exec(st, "BEGIN IMMEDIATE", cause) != 0)
			return -1;
		if (store_check_version(st, &version, cause) != 0)
			goto fail;
		if (version == STORE_SCHEMA_VERSION)
			break;
		if (store_exec(st, store_migrations[version], cause) != 0)
			goto fail;
		sql = xasprintf("PRAGMA user_version = %lld", version + 1);
		if (store_exec(st, sql, cause) != 0) {
			free(sql);
			goto fail;
		}
		free(sql);
		if (store_exec(st, "COMMIT", cause) != 0)
			goto fail;
	}
	if (store_exec(st, "COMMIT", cause) != 0)
		goto fail;
	return 0;

fail:
	store_rollback(st);
	return -1;
}

/* Whether rc says the cache (or its directory) cannot be written. */
static int
store_cannot_write(struct store *st, int rc)
{
	int errnum;

	switch (rc & 0xff) {
	case SQLITE_READONLY:
	case SQLITE_PERM:
		return 1;
	case SQLITE_CANTOPEN:
	case SQLITE_IOERR:
		errnum = st->db != NULL ? sqlite3_system_errno(st->db) : 0;
		return errnum == EACCES || errnum == EPERM || errnum == EROFS;
	}
	return 0;
}

/* The path as an SQLite URI ("file:/a%20b?immutable=1"). */
static char *
store_uri(const char *path, const char *query)
{
	static const char hex[] = "0123456789abcdef";
	struct buf b = BUF_INIT;
	const unsigned char *p;

	buf_adds(&b, "file:");
	for (p = (const unsigned char *)path; *p != '\0'; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._-~", *p) != NULL)
			buf_addc(&b, (char)*p);
		else {
			buf_addc(&b, '%');
			buf_addc(&b, hex[*p >> 4]);
			buf_addc(&b, hex[*p & 15]);
		}
	}
	buf_addf(&b, "?%s", query);
	return buf_detach(&b);
}

/* Whether the file path + suffix exists and is not empty. */
static int
store_file_exists(const char *path, const char *suffix)
{
	struct stat sb;
	char *name;
	int exists;

	name = xasprintf("%s%s", path, suffix);
	exists = stat(name, &sb) == 0 && sb.st_size > 0;
	free(name);
	return exists;
}

/*
 * Open a cache that cannot be written, for reading. With WAL, SQLite needs
 * to create the -shm file; in a read-only directory, and when no -wal holds
 * unfinished writes, the file is read as immutable instead.
 */
static int
store_open_readonly(struct store *st, char **cause)
{
	long long version;
	char *uri;
	int rc;

	(void)sqlite3_close(st->db);
	rc = sqlite3_open_v2(st->path, &st->db, SQLITE_OPEN_READONLY, NULL);
	if (st->db == NULL)
		fatal("out of memory opening cache %s", st->path);
	sqlite3_extended_result_codes(st->db, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(st->db, store_busy_timeout());
	if (rc == SQLITE_OK)
		rc = sqlite3_exec(st->db, "PRAGMA application_id", NULL, NULL,
		    NULL);
	/*
	 * Without the -shm file SQLite may say CANTOPEN (with ENOENT for the
	 * -wal it then looks for) or READONLY_CANTINIT.
	 */
	if (rc != SQLITE_OK && ((rc & 0xff) == SQLITE_CANTOPEN ||
	    store_cannot_write(st, rc))) {
		if (store_file_exists(st->path, "-wal")) {
			return set_cause(cause, _("cannot read cache %s: it "
			    "cannot be written and %s-wal holds writes not "
			    "yet merged; open it once with write access"),
			    st->path, st->path);
		}
		(void)sqlite3_close(st->db);
		uri = store_uri(st->path, "immutable=1");
		rc = sqlite3_open_v2(uri, &st->db,
		    SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		free(uri);
		if (st->db == NULL)
			fatal("out of memory opening cache %s", st->path);
		sqlite3_extended_result_codes(st->db, 1);
	}
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	if (fts_register(st, cause) != 0 ||
	    store_check_version(st, &version, cause) != 0)
		return -1;
	if (version != STORE_SCHEMA_VERSION) {
		return set_cause(cause, _("cannot read cache %s: it is "
		    "read-only and needs an upgrade to this pundit's schema; "
		    "open it once with write access"), st->path);
	}
	st->readonly = 1;
	return 0;
}

static int
store_open_mode(const char *path, int read_ok, struct store **out,
    char **cause)
{
	struct store *st;
	char *why = NULL;
	int rc;

	*out = NULL;
	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db,
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
	if (st->db == NULL)
		fatal("out of memory opening cache %s", path);
	sqlite3_extended_result_codes(st->db, 1);
	if (rc != SQLITE_OK) {
		if (read_ok && store_cannot_write(st, rc))
			goto readonly;
		store_fail(st, rc, cause);
		goto fail;
	}
	/* A file we may not write is opened read-only without an error. */
	if (sqlite3_db_readonly(st->db, "main") == 1) {
		if (read_ok)
			goto readonly;
		set_cause(cause, _("cannot write cache %s: file is read-only"),
		    path);
		goto fail;
	}
	rc = sqlite3_busy_timeout(st->db, store_busy_timeout());
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		goto fail;
	}
	/*
	 * The first statement reads the file, so a file that is not a
	 * database fails here before anything is written to it.
	 * synchronous=NORMAL with WAL loses no commit when the process dies,
	 * only (at worst) the last ones on power loss.
	 */
	if (store_exec(st, "PRAGMA journal_mode = WAL", &why) != 0) {
		if (read_ok && store_cannot_write(st,
		    sqlite3_extended_errcode(st->db))) {
			free(why);
			goto readonly;
		}
		goto fail_why;
	}
	if (store_exec(st, "PRAGMA synchronous = NORMAL", &why) != 0 ||
	    store_exec(st, "PRAGMA foreign_keys = ON", &why) != 0 ||
	    fts_register(st, &why) != 0)
		goto fail_why;
	if (store_migrate(st, read_ok, &why) != 0) {
		if (read_ok && store_cannot_write(st,
		    sqlite3_extended_errcode(st->db))) {
			free(why);
			goto readonly;
		}
		goto fail_why;
	}
	(void)store_fts_catch_up(st, NULL);
	*out = st;
	return 0;

readonly:
	if (store_open_readonly(st, cause) != 0)
		goto fail;
	*out = st;
	return 0;
fail_why:
	if (cause != NULL)
		*cause = why;
	else
		free(why);
fail:
	store_close(&st);
	return -1;
}

int
store_open(const char *path, struct store **out, char **cause)
{
	return store_open_mode(path, 0, out, cause);
}

int
store_open_read(const char *path, struct store **out, char **cause)
{
	return store_open_mode(path, 1, out, cause);
}

int
store_readonly(const struct store *st)
{
	return st->readonly;
}

void
store_set_check(struct store *st, int (*check)(void *), void *arg)
{
	/* Every few thousand virtual machine steps: some microseconds. */
	sqlite3_progress_handler(st->db, check != NULL ? 4000 : 0, check,
	    arg);
}

void
store_close(struct store **stp)
{
	struct store *st = *stp;
	size_t i;
	int rc;

	if (st == NULL)
		return;
	/* finalize returns the last error of the statement: seen already. */
	for (i = 0; i < st->nstmts; i++)
		(void)sqlite3_finalize(st->stmts[i].stmt);
	if ((rc = sqlite3_close(st->db)) != SQLITE_OK)
		fatal("cannot close cache %s: %s", st->path,
		    sqlite3_errstr(rc));
	free(st->path);
	free(st);
	*stp = NULL;
}

int
store_begin(struct store *st, char **cause)
{
	if (!sqlite3_get_autocommit(st->db)) {
		return set_cause(cause, _("cannot begin a transaction on cache "
		    "%s: one is open already"), st->path);
	}
	return store_exec(st, "BEGIN IMMEDIATE", cause);
}

int
store_commit(struct store *st, char **cause)
{
	if (sqlite3_get_autocommit(st->db)) {
		return set_cause(cause, _("cannot commit to cache %s: no "
		    "transaction is open"), st->path);
	}
	if (store_fts_flush(st, cause) != 0 ||
	    store_exec(st, "COMMIT", cause) != 0) {
		store_rollback(st);
		return -1;
	}
	return 0;
}

void
store_rollback(struct store *st)
{
	/* Fails only when SQLite already rolled back by itself. */
	if (!sqlite3_get_autocommit(st->db))
		(void)sqlite3_exec(st->db, "ROLLBACK", NULL, NULL, NULL);
}

int
store_integrity_check(struct store *st, char **cause)
{
	sqlite3_stmt *stmt;
	const char *result, *end;
	int rc, retval = -1;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check", -1, &stmt,
	    NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	rc = sqlite3_step(stmt);
	if (rc == SQLITE_ROW) {
		result = (const char *)sqlite3_column_text(stmt, 0);
		if (result != NULL && strcmp(result, "ok") == 0)
			retval = 0;
		else {
			/* Skip "*** in database main ***\n", keep one line. */
			if (result == NULL)
				result = "?";
			if (strncmp(result, "***", 3) == 0 &&
			    (end = strchr(result, '\n')) != NULL)
				result = end + 1;
			end = strchr(result, '\n');
			set_cause(cause, _("cache %s is corrupt: %.*s"),
			    st->path, end != NULL ? (int)(end - result) :
			    (int)strlen(result), result);
		}
	} else if (rc == SQLITE_DONE) {
		set_cause(cause, _("cache %s is corrupt: %s"), st->path,
		    _("the integrity check gave no result"));
	} else
		store_fail(st, rc, cause);
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return retval;
}
