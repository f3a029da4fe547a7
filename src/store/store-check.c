/* store-check.c - pundit check: find damage in the cache, salvage the rest. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "search-int.h"
#include "store-int.h"
#include "util.h"

/* Lines of PRAGMA integrity_check read, and shown. */
#define CHECK_LINES		100
#define CHECK_SHOWN		3
/* Damaged parts of one table skipped before the rest is given up. */
#define SALVAGE_MAX_GAPS	10000
/* Damaged parts of one table named in the report. */
#define SALVAGE_SHOWN		10

struct check {
	const char	*path;
	int		 repair;
	int		 quiet;		/* count problems, tell nothing */
	void		(*note)(enum store_note, const char *, void *);
	void		*arg;
	int		 problems;
};

/* What a look at the file found. */
enum check_file {
	CHECK_FILE_OK,
	CHECK_FILE_INDEXES,	/* only indexes disagree with their tables */
	CHECK_FILE_DAMAGED,
	CHECK_FILE_HEADER,	/* not recognised as a database at all */
};

static void PRINTFLIKE(3, 4)
check_say(struct check *c, enum store_note kind, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (kind == STORE_NOTE_PROBLEM)
		c->problems++;
	if (c->quiet)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	c->note(kind, msg, c->arg);
	free(msg);
}

/* Damage, as opposed to a busy cache, a full disk or a missing file. */
static int
check_damage(int rc)
{
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
	case SQLITE_IOERR:
	case SQLITE_FORMAT:
	case SQLITE_RANGE:
	case SQLITE_ERROR:	/* e.g. a schema that does not parse */
		return 1;
	}
	return 0;
}

/* A connection of our own to a cache file, with pundit's SQL functions. */
static struct store *
check_open(const char *path, int flags, char **cause)
{
	struct store *st;
	int rc;

	st = xcalloc(1, sizeof *st);
	st->path = xstrdup(path);
	rc = sqlite3_open_v2(path, &st->db, flags, NULL);
	if (st->db == NULL)
		fatal("out of memory opening cache %s", path);
	sqlite3_extended_result_codes(st->db, 1);
	if (rc == SQLITE_OK)
		rc = sqlite3_busy_timeout(st->db, store_busy_timeout());
	if (rc != SQLITE_OK) {
		store_fail(st, rc, cause);
		store_close(&st);
		return NULL;
	}
	if (fts_register(st, cause) != 0)
		store_close(&st);
	return st;
}

/* One integer; the SQLite result code. */
static int
check_int(struct store *st, const char *sql, long long *out)
{
	sqlite3_stmt *stmt;
	int rc;

	*out = 0;
	if ((rc = sqlite3_prepare_v2(st->db, sql, -1, &stmt, NULL)) != SQLITE_OK)
		return rc;
	if ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		*out = sqlite3_column_int64(stmt, 0);
		rc = SQLITE_OK;
	} else if (rc == SQLITE_DONE)
		rc = SQLITE_OK;
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	return rc;
}

static int
check_exec(struct store *st, const char *sql)
{
	return sqlite3_exec(st->db, sql, NULL, NULL, NULL);
}

/* PRAGMA integrity_check; -1 with a cause when it could not run. */
static int
check_file(struct check *c, struct store *st, enum check_file *state,
    char **cause)
{
	sqlite3_stmt *stmt = NULL;
	struct buf shown = BUF_INIT;
	const char *line;
	int rc, n = 0, indexes = 1;

	rc = sqlite3_prepare_v2(st->db, "PRAGMA integrity_check(100)", -1,
	    &stmt, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		rc = SQLITE_OK;
		line = (const char *)sqlite3_column_text(stmt, 0);
		if (line == NULL)
			line = "?";
		if (n == 0 && strcmp(line, "ok") == 0)
			continue;
		if (strstr(line, " missing from index ") == NULL &&
		    strncmp(line, "wrong # of entries in index ", 28) != 0)
			indexes = 0;
		if (n++ < CHECK_SHOWN) {
			buf_adds(&shown, n > 1 ? "; " : "");
			buf_add(&shown, line, strcspn(line, "\n"));
		}
	}
	(void)sqlite3_finalize(stmt);	/* repeats the step's error */
	if (rc == SQLITE_DONE && n == 0) {
		check_say(c, STORE_NOTE_OK, _("the file: SQLite finds its "
		    "structure sound"));
		*state = CHECK_FILE_OK;
	} else if (rc == SQLITE_DONE) {
		check_say(c, STORE_NOTE_PROBLEM, P_("the file is damaged: "
		    "SQLite's integrity check finds %d problem (%s)",
		    "the file is damaged: SQLite's integrity check finds %d "
		    "problems, the first: %s", n), n, buf_str(&shown));
		*state = indexes ? CHECK_FILE_INDEXES : CHECK_FILE_DAMAGED;
	} else if ((rc & 0xff) == SQLITE_NOTADB) {
		check_say(c, STORE_NOTE_PROBLEM, _("the file's header is "
		    "damaged: SQLite does not recognise it as a database"));
		*state = CHECK_FILE_HEADER;
	} else if (check_damage(rc)) {
		check_say(c, STORE_NOTE_PROBLEM, _("the file is damaged: "
		    "SQLite cannot read its structure (%s)"),
		    sqlite3_errmsg(st->db));
		*state = CHECK_FILE_DAMAGED;
	} else {
		buf_free(&shown);
		return store_fail(st, rc, cause);
	}
	buf_free(&shown);
	return 0;
}

/* Is it pundit's? Another program's database is none of our business. */
static int
check_ours(struct check *c, struct store *st, char **cause)
{
	long long app = 0, tables = 0;

	if (check_int(st, "PRAGMA application_id", &app) != SQLITE_OK ||
	    check_int(st, "SELECT count(*) FROM sqlite_schema WHERE "
	    "name IN ('source', 'article')", &tables) != SQLITE_OK)
		return 0;	/* check_file tells what is wrong */
	if (app == 0x50756e64 || (app == 0 && tables == 2))
		return 0;
	if (app == 0 && tables == 0 && check_int(st, "SELECT count(*) FROM "
	    "sqlite_schema", &tables) == SQLITE_OK && tables == 0)
		return 0;
	(void)c;
	return set_cause(cause, _("cannot check %s: file is not a pundit "
	    "cache (it belongs to another program)"), st->path);
}

static int
check_has_table(struct store *st, const char *name)
{
	sqlite3_stmt *stmt;
	int found = 0;

	if (sqlite3_prepare_v2(st->db, "SELECT 1 FROM sqlite_schema WHERE "
	    "name = ?1", -1, &stmt, NULL) != SQLITE_OK)
		return 0;
	if (sqlite3_bind_text(stmt, 1, name, -1, SQLITE_STATIC) == SQLITE_OK)
		found = sqlite3_step(stmt) == SQLITE_ROW;
	(void)sqlite3_finalize(stmt);
	return found;
}

/* PRAGMA foreign_key_check: rows that point at rows that are gone. */
static int
check_links(struct check *c, struct store *st, long *articles, long *tags,
    char **cause)
{
	sqlite3_stmt *stmt;
	const char *table;
	long other = 0;
	int rc;

	*articles = *tags = 0;
	rc = sqlite3_prepare_v2(st->db, "PRAGMA foreign_key_check", -1,
	    &stmt, NULL);
	while (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		table = (const char *)sqlite3_column_text(stmt, 0);
		if (table != NULL && strcmp(table, "article") == 0)
			(*articles)++;
		else if (table != NULL && strcmp(table, "article_tag") == 0)
			(*tags)++;
		else
			other++;
		rc = SQLITE_OK;
	}
	(void)sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return store_fail(st, rc, cause);
	if (*articles > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("%ld article belongs to "
		    "a source that is gone", "%ld articles belong to a source "
		    "that is gone", *articles), *articles);
	}
	if (*tags > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("%ld tag on an article "
		    "points to an article or tag that is gone", "%ld tags on "
		    "articles point to an article or tag that is gone", *tags),
		    *tags);
	}
	if (other > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("%ld row points to a row "
		    "that is gone", "%ld rows point to rows that are gone",
		    other), other);
	}
	if (*articles + *tags + other == 0) {
		check_say(c, STORE_NOTE_OK, _("links between sources, "
		    "articles and tags: all sound"));
	}
	return 0;
}

/*
 * The search index against the articles: its own structure (FTS5
 * 'integrity-check'), then an entry for each article, none for articles
 * that are gone, and the same text as the article has now. 1 when it needs
 * a rebuild.
 */
static int
check_fts(struct check *c, struct store *st, char **cause)
{
	long long version = 0, missing = 0, extra = 0, stale = 0, n;
	const char *pending;
	char *sql;
	int rc, rebuild = 0;

	if (!check_has_table(st, "article_fts")) {
		if (check_int(st, "PRAGMA user_version", &version) ==
		    SQLITE_OK && version < 3)
			return 0;	/* older than search: migration adds it */
		check_say(c, STORE_NOTE_PROBLEM, _("the search index is "
		    "missing"));
		return 1;
	}
	rc = check_exec(st, "INSERT INTO article_fts (article_fts) "
	    "VALUES ('integrity-check')");
	if ((rc & 0xff) == SQLITE_READONLY) {
		check_say(c, STORE_NOTE_OK, _("the search index's own "
		    "structure was not checked: the cache is read-only"));
	} else if (check_damage(rc)) {
		check_say(c, STORE_NOTE_PROBLEM, _("the search index is "
		    "damaged (%s)"), sqlite3_errmsg(st->db));
		return 1;
	} else if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);

	/*
	 * Articles noted in fts_pending (schema 7) are indexed at the next
	 * commit: not yet in step, and not a fault.
	 */
	pending = check_has_table(st, "fts_pending") ?
	    " AND a.id NOT IN (SELECT id FROM fts_pending)" : "";
	sql = xasprintf("SELECT count(*) FROM article a WHERE a.id NOT IN "
	    "(SELECT rowid FROM article_fts)%s", pending);
	rc = check_int(st, sql, &missing);
	free(sql);
	if (rc == SQLITE_OK) {
		sql = xasprintf("SELECT count(*) FROM article_fts f WHERE "
		    "f.rowid NOT IN (SELECT id FROM article)%s",
		    *pending != '\0' ? " AND f.rowid NOT IN (SELECT id FROM "
		    "fts_pending)" : "");
		rc = check_int(st, sql, &extra);
		free(sql);
	}
	if (rc == SQLITE_OK) {
		sql = xasprintf("SELECT count(*) FROM article a "
		    "JOIN article_fts f ON f.rowid = a.id "
		    "WHERE (f.title IS NOT a.title OR f.author IS NOT a.author "
		    "OR f.body IS NOT pundit_text(a.fulltext, a.content, "
		    "a.summary) OR f.tags IS NOT (SELECT group_concat(t.name, "
		    "' ') FROM article_tag at JOIN tag t ON t.id = at.tag_id "
		    "WHERE at.article_id = a.id))%s", pending);
		rc = check_int(st, sql, &stale);
		free(sql);
	}
	if (rc == SQLITE_OK)
		rc = check_int(st, "SELECT count(*) FROM article", &n);
	if (check_damage(rc)) {
		check_say(c, STORE_NOTE_PROBLEM, _("the search index cannot "
		    "be compared with the articles (%s)"),
		    sqlite3_errmsg(st->db));
		return 1;
	}
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	if (missing > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("the search index misses "
		    "%lld article", "the search index misses %lld articles",
		    missing), missing);
		rebuild = 1;
	}
	if (extra > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("the search index has %lld "
		    "entry for an article that is gone", "the search index "
		    "has %lld entries for articles that are gone", extra),
		    extra);
		rebuild = 1;
	}
	if (stale > 0) {
		check_say(c, STORE_NOTE_PROBLEM, P_("the search index has old "
		    "text for %lld article", "the search index has old text "
		    "for %lld articles", stale), stale);
		rebuild = 1;
	}
	if (!rebuild) {
		check_say(c, STORE_NOTE_OK, P_("the search index: sound, "
		    "%lld article", "the search index: sound, %lld articles",
		    n), n);
	}
	return rebuild;
}

/* The search index made again from the articles (as schema step 3). */
static int
repair_fts(struct store *st)
{
	int rc;

	if (check_has_table(st, "fts_pending") &&
	    (rc = check_exec(st, "DELETE FROM fts_pending")) != SQLITE_OK)
		return rc;
	return check_exec(st,
	    "DROP TABLE IF EXISTS article_fts;"
	    "CREATE VIRTUAL TABLE article_fts USING fts5("
	    "  title, author, body, tags, tokenize = 'pundit');"
	    "INSERT INTO article_fts (rowid, title, author, body, tags)"
	    "  SELECT a.id, a.title, a.author,"
	    "    pundit_text(a.fulltext, a.content, a.summary),"
	    "    (SELECT group_concat(t.name, ' ')"
	    "      FROM article_tag at JOIN tag t ON t.id = at.tag_id"
	    "      WHERE at.article_id = a.id)"
	    "  FROM article a;");
}

/*
 * Articles whose source is gone get a stand-in source, so that they are
 * kept (and still listed); tags on articles that are gone go.
 */
static int
repair_links(struct store *st, int64_t source_id)
{
	sqlite3_stmt *stmt;
	int rc;

	rc = sqlite3_prepare_v2(st->db, "INSERT OR IGNORE INTO source "
	    "(id, url, kind, title, in_file) SELECT DISTINCT source_id, "
	    "'pundit-salvaged:' || source_id, 'feed', ?2, 0 FROM article "
	    "WHERE (?1 = 0 OR source_id = ?1) AND source_id NOT IN "
	    "(SELECT id FROM source)", -1, &stmt, NULL);
	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_bind_int64(stmt, 1, source_id);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(stmt, 2, _("(a source lost in a repair)"),
		    -1, SQLITE_TRANSIENT);
	if (rc == SQLITE_OK && (rc = sqlite3_step(stmt)) == SQLITE_DONE)
		rc = SQLITE_OK;
	(void)sqlite3_finalize(stmt);
	if (rc != SQLITE_OK || source_id != 0)
		return rc;
	return check_exec(st, "DELETE FROM article_tag WHERE article_id NOT "
	    "IN (SELECT id FROM article) OR tag_id NOT IN "
	    "(SELECT id FROM tag)");
}

/* What is salvaged, table by table, in an order that satisfies links. */
static const struct salvage_table {
	const char	*name;
	int		 rowid;		/* else keyed on (article_id, tag_id) */
	const char	*what;		/* for the report */
} salvage_tables[] = {
	{ "source", 1, N_("sources") },
	{ "article", 1, N_("articles") },
	{ "tag", 1, N_("tags") },
	{ "article_tag", 0, N_("tags on articles") },
	{ "saved_search", 1, N_("saved searches") },
};

struct salvage {
	struct check	*c;
	struct store	*from;
	struct store	*to;
	long		 copied[NITEMS(salvage_tables)];
	long		 stand_ins;	/* sources made up for lost ones */
};

/* The columns a table has in both caches, quoted and joined by commas. */
static int
salvage_columns(struct salvage *s, const char *table, char **cols,
    int *n, int *source_col)
{
	sqlite3_stmt *a = NULL, *b = NULL;
	struct buf out = BUF_INIT;
	const char *name;
	int rc;

	*n = 0;
	*source_col = -1;
	rc = sqlite3_prepare_v2(s->to->db, "SELECT name FROM "
	    "pragma_table_info(?1)", -1, &a, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(s->from->db, "SELECT 1 FROM "
		    "pragma_table_info(?1) WHERE name = ?2", -1, &b, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(a, 1, table, -1, SQLITE_STATIC);
	if (rc == SQLITE_OK)
		rc = sqlite3_bind_text(b, 1, table, -1, SQLITE_STATIC);
	while (rc == SQLITE_OK && (rc = sqlite3_step(a)) == SQLITE_ROW) {
		name = (const char *)sqlite3_column_text(a, 0);
		if (name == NULL || strchr(name, '"') != NULL)
			continue;
		(void)sqlite3_reset(b);
		if ((rc = sqlite3_bind_text(b, 2, name, -1,
		    SQLITE_TRANSIENT)) != SQLITE_OK)
			break;
		if ((rc = sqlite3_step(b)) == SQLITE_ROW) {
			if (strcmp(name, "source_id") == 0)
				*source_col = *n;
			buf_addf(&out, "%s\"%s\"", *n > 0 ? ", " : "", name);
			(*n)++;
		} else if (rc != SQLITE_DONE)
			break;
		rc = SQLITE_OK;
	}
	(void)sqlite3_finalize(a);
	(void)sqlite3_finalize(b);
	if (rc != SQLITE_DONE || *n == 0) {
		buf_free(&out);
		return rc == SQLITE_DONE ? SQLITE_CORRUPT : rc;
	}
	*cols = buf_detach(&out);
	return SQLITE_OK;
}

/* Position sel after key (and key2); SQLITE_ROW or DONE when readable. */
static int
salvage_seek(sqlite3_stmt *sel, int rowid, int64_t key, int64_t key2)
{
	int rc;

	(void)sqlite3_reset(sel);	/* repeats the last error */
	rc = sqlite3_bind_int64(sel, 1, key);
	if (rc == SQLITE_OK && !rowid)
		rc = sqlite3_bind_int64(sel, 2, key2);
	if (rc != SQLITE_OK)
		return rc;
	return sqlite3_step(sel);
}

/*
 * After a damaged part that begins past key last: the smallest key past
 * which rows can be read again, doubling the jump, then halving it back.
 */
static int
salvage_skip(sqlite3_stmt *sel, int rowid, int64_t last, int64_t *out)
{
	int64_t bad = last, good, mid, step = 1;
	int rc;

	for (;;) {
		/* Nothing readable after: past the largest key. */
		if (step > INT64_MAX / 2 || step > INT64_MAX - last)
			return SQLITE_DONE;
		good = last + step;
		rc = salvage_seek(sel, rowid, good, INT64_MAX);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			break;
		if (!check_damage(rc))
			return rc;
		bad = good;
		step *= 2;
	}
	while (good - bad > 1) {
		mid = bad + (good - bad) / 2;
		rc = salvage_seek(sel, rowid, mid, INT64_MAX);
		if (rc == SQLITE_ROW || rc == SQLITE_DONE)
			good = mid;
		else if (check_damage(rc))
			bad = mid;
		else
			return rc;
	}
	*out = good;
	return SQLITE_OK;
}

/* Insert the row sel is on; a lost source gets a stand-in. */
static int
salvage_row(struct salvage *s, sqlite3_stmt *sel, sqlite3_stmt *ins,
    int off, int n, int source_col, long *copied)
{
	int i, rc, tries;

	for (tries = 0; tries < 2; tries++) {
		(void)sqlite3_reset(ins);
		for (i = 0; i < n; i++) {
			rc = sqlite3_bind_value(ins, i + 1,
			    sqlite3_column_value(sel, off + i));
			if (rc != SQLITE_OK)
				return rc;
		}
		rc = sqlite3_step(ins);
		(void)sqlite3_reset(ins);
		if (rc == SQLITE_DONE) {
			(*copied)++;
			return SQLITE_OK;
		}
		if (rc != SQLITE_CONSTRAINT_FOREIGNKEY || source_col < 0 ||
		    tries > 0)
			break;
		rc = repair_links(s->to, sqlite3_column_int64(sel,
		    off + source_col));
		if (rc != SQLITE_OK)
			return rc;
		s->stand_ins++;
	}
	/* A row the new cache refuses (a link to a lost row) is dropped. */
	return (rc & 0xff) == SQLITE_CONSTRAINT ? SQLITE_OK : rc;
}

static void
salvage_gap(struct salvage *s, const struct salvage_table *t, int *gaps,
    int64_t lo, int64_t hi)
{
	if (++*gaps > SALVAGE_SHOWN)
		return;
	if (hi == INT64_MAX) {
		check_say(s->c, STORE_NOTE_PROBLEM, _("could not read %s "
		    "after ID %lld: that part of the file is damaged"),
		    _(t->what), (long long)lo - 1);
	} else if (lo == hi) {
		check_say(s->c, STORE_NOTE_PROBLEM, _("could not read %s with "
		    "ID %lld: that part of the file is damaged"), _(t->what),
		    (long long)lo);
	} else {
		check_say(s->c, STORE_NOTE_PROBLEM, _("could not read %s with "
		    "IDs %lld to %lld: that part of the file is damaged"),
		    _(t->what), (long long)lo, (long long)hi);
	}
}

/* Copy every readable row of one table, stepping over damaged parts. */
static int
salvage_table(struct salvage *s, size_t ti, char **cause)
{
	const struct salvage_table *t = &salvage_tables[ti];
	sqlite3_stmt *sel = NULL, *ins = NULL;
	int64_t last = 0, last2 = 0, key, gap_lo = 0;
	char *cols = NULL, *sql, *params;
	int rc, n, i, off, source_col, gaps = 0, jumps = 0;

	rc = salvage_columns(s, t->name, &cols, &n, &source_col);
	if (rc != SQLITE_OK) {
		if (!check_damage(rc))
			return store_fail(s->from, rc, cause);
		check_say(s->c, STORE_NOTE_PROBLEM, _("could not read any of "
		    "the %s: the file's table of contents is damaged"),
		    _(t->what));
		return 0;
	}
	off = t->rowid ? 1 : 2;
	if (t->rowid) {
		sql = xasprintf("SELECT rowid, %s FROM \"%s\" NOT INDEXED "
		    "WHERE rowid > ?1 ORDER BY rowid", cols, t->name);
	} else {
		sql = xasprintf("SELECT article_id, tag_id, %s FROM \"%s\" "
		    "WHERE (article_id, tag_id) > (?1, ?2) "
		    "ORDER BY article_id, tag_id", cols, t->name);
	}
	rc = sqlite3_prepare_v2(s->from->db, sql, -1, &sel, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		free(cols);
		if (!check_damage(rc))
			return store_fail(s->from, rc, cause);
		check_say(s->c, STORE_NOTE_PROBLEM, _("could not read any of "
		    "the %s (%s)"), _(t->what), sqlite3_errmsg(s->from->db));
		return 0;
	}
	params = xstrdup("?1");
	for (i = 2; i <= n; i++) {
		sql = xasprintf("%s, ?%d", params, i);
		free(params);
		params = sql;
	}
	sql = xasprintf("INSERT INTO \"%s\" (%s) VALUES (%s)", t->name, cols,
	    params);
	free(params);
	free(cols);
	rc = sqlite3_prepare_v2(s->to->db, sql, -1, &ins, NULL);
	free(sql);
	if (rc != SQLITE_OK) {
		(void)sqlite3_finalize(sel);
		return store_fail(s->to, rc, cause);
	}

	rc = salvage_seek(sel, t->rowid, last, last2);
	for (;;) {
		if (rc == SQLITE_ROW) {
			key = sqlite3_column_int64(sel, 0);
			if (gap_lo != 0) {
				salvage_gap(s, t, &gaps, gap_lo, key - 1);
				gap_lo = 0;
			}
			rc = salvage_row(s, sel, ins, off, n, source_col,
			    &s->copied[ti]);
			if (rc != SQLITE_OK) {
				store_fail(s->to, rc, cause);
				goto fail;
			}
			last = key;
			if (!t->rowid)
				last2 = sqlite3_column_int64(sel, 1);
			rc = sqlite3_step(sel);
			continue;
		}
		if (rc == SQLITE_DONE)
			break;
		if (!check_damage(rc)) {
			store_fail(s->from, rc, cause);
			goto fail;
		}
		/* A damaged part: go on after it. */
		if (gap_lo == 0)
			gap_lo = last + 1;
		if (++jumps > SALVAGE_MAX_GAPS)
			rc = SQLITE_DONE;
		else
			rc = salvage_skip(sel, t->rowid, last, &last);
		if (rc == SQLITE_DONE) {
			salvage_gap(s, t, &gaps, gap_lo, INT64_MAX);
			gap_lo = 0;
			break;
		}
		if (rc != SQLITE_OK) {
			store_fail(s->from, rc, cause);
			goto fail;
		}
		last2 = INT64_MAX;
		rc = salvage_seek(sel, t->rowid, last, last2);
	}
	if (gap_lo != 0)
		salvage_gap(s, t, &gaps, gap_lo, INT64_MAX);
	if (gaps > SALVAGE_SHOWN) {
		check_say(s->c, STORE_NOTE_PROBLEM, P_("and %d more damaged "
		    "part of the %s", "and %d more damaged parts of the %s",
		    gaps - SALVAGE_SHOWN), gaps - SALVAGE_SHOWN, _(t->what));
	}
	(void)sqlite3_finalize(sel);
	(void)sqlite3_finalize(ins);
	return 0;
fail:
	(void)sqlite3_finalize(sel);
	(void)sqlite3_finalize(ins);
	return -1;
}

static void
check_remove(const char *path)
{
	static const char *const suffixes[] = { "", "-wal", "-shm",
	    "-journal" };
	char *name;
	size_t i;

	for (i = 0; i < NITEMS(suffixes); i++) {
		name = xasprintf("%s%s", path, suffixes[i]);
		(void)unlink(name);
		free(name);
	}
}

static int
check_copy_file(const char *from, const char *to, char **cause)
{
	char buf[65536];
	ssize_t n = 0;
	int in, out;

	if ((in = open(from, O_RDONLY | O_CLOEXEC)) == -1)
		return set_cause(cause, _("cannot read %s: %s"), from,
		    strerror(errno));
	out = open(to, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (out == -1) {
		close(in);
		return set_cause(cause, _("cannot create %s: %s"), to,
		    strerror(errno));
	}
	while ((n = read(in, buf, sizeof buf)) > 0) {
		if (write(out, buf, (size_t)n) != n) {
			n = -1;
			break;
		}
	}
	close(in);
	if (close(out) != 0 || n < 0)
		return set_cause(cause, _("cannot copy %s to %s: %s"), from,
		    to, strerror(errno));
	return 0;
}

static void
put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

/*
 * A file whose first 100 bytes (SQLite's header) are garbage: a copy with
 * a plausible header, for each page size until the schema reads. The
 * pages after the header are what hold the data. 1 when one was found.
 */
static int
salvage_header(const char *path, const char *copy, char **cause)
{
	static const unsigned sizes[] = { 4096, 1024, 2048, 8192, 16384,
	    32768, 65536, 512 };
	unsigned char h[100];
	struct store *st;
	struct stat sb;
	char *wal, *copy_wal;
	long long n;
	size_t i;
	int fd, found = 0;

	check_remove(copy);
	if (check_copy_file(path, copy, cause) != 0)
		return -1;
	wal = xasprintf("%s-wal", path);
	copy_wal = xasprintf("%s-wal", copy);
	if (access(wal, F_OK) == 0 &&
	    check_copy_file(wal, copy_wal, cause) != 0)
		found = -1;
	free(wal);
	free(copy_wal);
	if (found != 0 || stat(copy, &sb) == -1)
		return -1;
	for (i = 0; i < NITEMS(sizes) && !found; i++) {
		memset(h, 0, sizeof h);
		memcpy(h, "SQLite format 3", 16);
		h[16] = sizes[i] == 65536 ? 0 : sizes[i] >> 8;
		h[17] = sizes[i] == 65536 ? 1 : sizes[i] & 0xff;
		h[18] = h[19] = 2;			/* WAL */
		h[21] = 64;
		h[22] = h[23] = 32;
		put32(h + 24, 1);			/* change counter */
		put32(h + 28, (uint32_t)(sb.st_size / sizes[i]));
		put32(h + 40, 1);			/* schema cookie */
		put32(h + 44, 4);			/* schema format */
		put32(h + 56, 1);			/* UTF-8 */
		put32(h + 68, 0x50756e64);		/* "Pund" */
		put32(h + 92, 1);			/* = change counter */
		put32(h + 96, SQLITE_VERSION_NUMBER);
		if ((fd = open(copy, O_WRONLY | O_CLOEXEC)) == -1 ||
		    pwrite(fd, h, sizeof h, 0) != (ssize_t)sizeof h) {
			if (fd != -1)
				close(fd);
			return set_cause(cause, _("cannot write %s: %s"), copy,
			    strerror(errno));
		}
		close(fd);
		if ((st = check_open(copy, SQLITE_OPEN_READONLY, NULL)) ==
		    NULL)
			continue;
		found = check_int(st, "SELECT count(*) FROM "
		    "pragma_table_info('article')", &n) == SQLITE_OK && n > 0;
		store_close(&st);
	}
	return found;
}

/* PATH.corrupt-20240501-120000, not yet taken. */
static char *
check_kept_name(const char *path)
{
	char date[32], *name;
	struct tm tm;
	time_t now;
	int i;

	now = time(NULL);
	if (localtime_r(&now, &tm) == NULL ||
	    strftime(date, sizeof date, "%Y%m%d-%H%M%S", &tm) == 0)
		snprintf(date, sizeof date, "%lld", (long long)now);
	name = xasprintf("%s.corrupt-%s", path, date);
	for (i = 2; access(name, F_OK) == 0; i++) {
		free(name);
		name = xasprintf("%s.corrupt-%s-%d", path, date, i);
	}
	return name;
}

/* Put the new cache in place and keep the damaged one (with its WAL). */
static int
salvage_swap(struct check *c, const char *tmp, char **cause)
{
	char *kept, *wal, *kept_wal, *shm;
	int retval = -1;

	kept = check_kept_name(c->path);
	wal = xasprintf("%s-wal", c->path);
	kept_wal = xasprintf("%s-wal", kept);
	shm = xasprintf("%s-shm", c->path);
	/* The old WAL first: it must never meet the new file. */
	if (rename(wal, kept_wal) == -1 && errno != ENOENT) {
		set_cause(cause, _("cannot move %s aside: %s"), wal,
		    strerror(errno));
		goto out;
	}
	(void)unlink(shm);
	if (rename(c->path, kept) == -1) {
		set_cause(cause, _("cannot move %s aside: %s"), c->path,
		    strerror(errno));
		goto out;
	}
	if (rename(tmp, c->path) == -1) {
		set_cause(cause, _("cannot put the repaired cache %s in "
		    "place: %s"), tmp, strerror(errno));
		goto out;
	}
	check_say(c, STORE_NOTE_DONE, _("kept the damaged file as %s"), kept);
	retval = 0;
out:
	free(kept);
	free(wal);
	free(kept_wal);
	free(shm);
	return retval;
}

/*
 * A new cache made of every row that can still be read from the damaged
 * one, built beside it and put in its place once it checks out.
 */
static int
salvage(struct check *c, int header, char **cause)
{
	struct salvage s;
	struct store *check;
	char *tmp, *fixed = NULL, *why = NULL;
	const char *from = c->path;
	enum check_file state;
	size_t i;
	int found, retval = -1;

	memset(&s, 0, sizeof s);
	s.c = c;
	tmp = xasprintf("%s.repair", c->path);
	check_remove(tmp);
	if (header) {
		fixed = xasprintf("%s.header", c->path);
		if ((found = salvage_header(c->path, fixed, cause)) == -1)
			goto out;
		if (found) {
			check_say(c, STORE_NOTE_DONE, _("made a new header for a "
			    "copy of the file, to read what follows it"));
			from = fixed;
		} else
			from = NULL;
	}
	if (from != NULL && (s.from = check_open(from, SQLITE_OPEN_READONLY,
	    &why)) == NULL) {
		check_say(c, STORE_NOTE_PROBLEM, _("nothing can be read from "
		    "the file: %s"), why);
		free(why);
	}
	if (from == NULL) {
		check_say(c, STORE_NOTE_PROBLEM, _("nothing can be read from "
		    "the file"));
	}
	/*
	 * A file shorter than its header says (truncated) is read as far as
	 * it goes; the connection is read-only, so nothing is written.
	 */
	if (s.from != NULL)
		(void)check_exec(s.from, "PRAGMA writable_schema = ON");
	if (store_open(tmp, &s.to, cause) != 0 ||
	    store_begin(s.to, cause) != 0)
		goto out;
	for (i = 0; s.from != NULL && i < NITEMS(salvage_tables); i++) {
		if (salvage_table(&s, i, cause) != 0)
			goto out;
	}
	if (store_commit(s.to, cause) != 0)
		goto out;
	store_close(&s.from);
	store_close(&s.to);
	check_say(c, STORE_NOTE_DONE, _("salvaged %ld sources, %ld articles, "
	    "%ld tags on articles and %ld saved searches into a new cache"),
	    s.copied[0], s.copied[1], s.copied[3], s.copied[4]);
	if (s.stand_ins > 0) {
		check_say(c, STORE_NOTE_DONE, P_("made %ld stand-in source for "
		    "articles whose source was lost", "made %ld stand-in "
		    "sources for articles whose source was lost",
		    s.stand_ins), s.stand_ins);
	}

	/* The new file must be sound before it replaces the old one. */
	if ((check = check_open(tmp, SQLITE_OPEN_READWRITE, cause)) == NULL)
		goto out;
	found = c->quiet;
	c->quiet = 1;
	retval = check_file(c, check, &state, cause);
	c->quiet = found;
	store_close(&check);
	if (retval != 0)
		goto out;
	if (state != CHECK_FILE_OK) {
		retval = set_cause(cause, _("cannot repair cache %s: the new "
		    "cache fails its own check"), c->path);
		goto out;
	}
	retval = salvage_swap(c, tmp, cause);
out:
	store_close(&s.from);
	store_close(&s.to);
	if (retval != 0)
		check_remove(tmp);
	if (fixed != NULL)
		check_remove(fixed);
	free(fixed);
	free(tmp);
	return retval;
}

/*
 * Check an open cache and, with repair, mend what can be mended in place.
 * *salvage is set when only a new file can help.
 */
static int
check_store(struct check *c, struct store *st, int *need_salvage,
    char **cause)
{
	enum check_file state;
	long articles, tags;
	int rc, fts, owned = 0;

	*need_salvage = 0;
	if (check_ours(c, st, cause) != 0)
		return -1;
	if (c->repair) {
		rc = check_exec(st, "BEGIN IMMEDIATE");
		if ((rc & 0xff) == SQLITE_BUSY)
			return store_fail(st, rc, cause);
		owned = rc == SQLITE_OK;
	}
	if (check_file(c, st, &state, cause) != 0)
		goto fail;
	if (state == CHECK_FILE_INDEXES && c->repair) {
		if (check_exec(st, "REINDEX") == SQLITE_OK) {
			check_say(c, STORE_NOTE_DONE, _("rebuilt the file's "
			    "indexes"));
			if (check_file(c, st, &state, cause) != 0)
				goto fail;
		} else
			state = CHECK_FILE_DAMAGED;
	}
	if (state != CHECK_FILE_OK) {
		*need_salvage = state == CHECK_FILE_HEADER ? 2 : 1;
		if (owned)
			store_rollback(st);
		return 0;
	}
	if (check_links(c, st, &articles, &tags, cause) != 0 ||
	    (fts = check_fts(c, st, cause)) == -1)
		goto fail;
	if (c->repair && articles + tags > 0) {
		if ((rc = repair_links(st, 0)) != SQLITE_OK) {
			store_fail(st, rc, cause);
			goto fail;
		}
		check_say(c, STORE_NOTE_DONE, _("gave articles whose source "
		    "was lost a stand-in source, and removed tags of articles "
		    "that are gone"));
		fts = 1;	/* tags changed */
	}
	if (c->repair && fts) {
		if ((rc = repair_fts(st)) != SQLITE_OK) {
			if (!check_damage(rc)) {
				store_fail(st, rc, cause);
				goto fail;
			}
			*need_salvage = 1;
			store_rollback(st);
			return 0;
		}
		check_say(c, STORE_NOTE_DONE, _("rebuilt the search index "
		    "from the articles"));
	}
	if (owned && store_commit(st, cause) != 0)
		return -1;
	return 0;
fail:
	if (owned)
		store_rollback(st);
	return -1;
}

int
store_check(const char *path, int repair,
    void (*note)(enum store_note, const char *, void *), void *arg,
    char **cause)
{
	struct check c;
	struct store *st;
	struct stat sb;
	int need_salvage, problems;

	memset(&c, 0, sizeof c);
	c.path = path;
	c.repair = repair;
	c.note = note;
	c.arg = arg;
	if (stat(path, &sb) == -1) {
		if (errno != ENOENT)
			return set_cause(cause, _("cannot check cache %s: %s"),
			    path, strerror(errno));
		check_say(&c, STORE_NOTE_OK, _("there is no cache at %s yet: "
		    "nothing to check"), path);
		return 0;
	}
	/* Read-write when it can be, for FTS5's integrity-check. */
	if ((st = check_open(path, SQLITE_OPEN_READWRITE, NULL)) == NULL ||
	    sqlite3_db_readonly(st->db, "main") == 1) {
		store_close(&st);
		if (repair)
			return set_cause(cause, _("cannot repair cache %s: "
			    "file is read-only"), path);
		if ((st = check_open(path, SQLITE_OPEN_READONLY,
		    cause)) == NULL)
			return -1;
	}
	if (check_store(&c, st, &need_salvage, cause) != 0) {
		store_close(&st);
		return -1;
	}
	store_close(&st);
	if (!repair || (c.problems == 0 && !need_salvage)) {
		if (c.problems == 0) {
			check_say(&c, STORE_NOTE_OK, _("the cache is sound"));
			return 0;
		}
		return 1;
	}
	if (need_salvage && salvage(&c, need_salvage == 2, cause) != 0)
		return -1;

	/* Look again, quietly: is it sound now? */
	problems = c.problems;
	c.problems = 0;
	c.quiet = 1;
	c.repair = 0;
	if ((st = check_open(path, SQLITE_OPEN_READWRITE, cause)) == NULL ||
	    check_store(&c, st, &need_salvage, cause) != 0) {
		store_close(&st);
		return -1;
	}
	store_close(&st);
	c.quiet = 0;
	if (c.problems > 0 || need_salvage) {
		check_say(&c, STORE_NOTE_PROBLEM, _("problems remain after "
		    "the repair"));
		return 1;
	}
	(void)problems;
	check_say(&c, STORE_NOTE_DONE, _("the cache is sound now"));
	return 0;
}
