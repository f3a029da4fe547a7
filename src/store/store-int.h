/* store-int.h - private parts of the SQLite cache shared by src/store/. */
#ifndef PUNDIT_STORE_INT_H
#define PUNDIT_STORE_INT_H

#include <sqlite3.h>

#include "store.h"

/* Separates the tags of a source in its tags column. */
#define STORE_TAG_SEP '\x1f'

/* Statements prepared once and kept until store_close. */
#define STORE_MAX_STMTS 64

struct store_stmt {
	const char	*sql;	/* static string: looked up by address */
	sqlite3_stmt	*stmt;
};

struct store {
	sqlite3			*db;
	char			*path;
	struct store_stmt	 stmts[STORE_MAX_STMTS];
	size_t			 nstmts;
	int			 readonly;	/* store_open_read fell back */
};

/* Milliseconds to wait for another writer (PUNDIT_BUSY_TIMEOUT_MS). */
int	store_busy_timeout(void);

/* Turn an SQLite result code into a cause naming the cache; returns -1. */
int	store_fail(struct store *, int rc, char **cause);

/*
 * A cached statement for a static SQL string, ready for binding; NULL with a
 * cause on error. Give it back with store_stmt_done before anything else can
 * use the same SQL (cached statements are not re-entrant).
 */
sqlite3_stmt *store_stmt(struct store *, const char *sql, char **cause);
void	store_stmt_done(sqlite3_stmt *);
/* Step a statement without results to its end, then store_stmt_done it. */
int	store_run(struct store *, sqlite3_stmt *, char **cause);
/*
 * Step a statement that returns one id (INSERT ... RETURNING id) to its end,
 * so that an automatic commit has happened and been checked; SQLITE_OK or
 * the error. The caller resets it.
 */
int	store_step_id(sqlite3_stmt *, int64_t *id);
/* Run SQL without results (schema, transactions, pragmas). */
int	store_exec(struct store *, const char *sql, char **cause);
/* Index the articles noted in fts_pending, in the open transaction. */
int	store_fts_flush(struct store *, char **cause);
/* The same in a transaction of its own, when none is open. */
int	store_fts_catch_up(struct store *, char **cause);

/*
 * Begin a write transaction unless one is open already; *owned says whether
 * this call began it. store_tx_end commits (ok) or rolls back an owned one.
 */
int	store_tx_begin(struct store *, int *owned, char **cause);
int	store_tx_end(struct store *, int owned, int ok, char **cause);

/*
 * Bind helpers: each does nothing once *rc is not SQLITE_OK, so a run of
 * binds is checked once. NULL strings and zero times bind SQL NULL.
 */
void	store_bind_text(sqlite3_stmt *, int, const char *, int *rc);
void	store_bind_int(sqlite3_stmt *, int, int64_t, int *rc);
void	store_bind_time(sqlite3_stmt *, int, time_t, int *rc);
void	store_bind_null(sqlite3_stmt *, int, int *rc);

/* A copy of a text column, NULL when it is NULL. */
char   *store_column_text(sqlite3_stmt *, int);
/* A time column, 0 when NULL. */
time_t	store_column_time(sqlite3_stmt *, int);

/* Join tags for the source tags column (NULL when none); split them back. */
char   *store_tags_join(char *const *);
char  **store_tags_split(const char *);
/* Check a tag can be stored: not empty, no separator. */
int	store_tag_valid(const char *);

#endif
