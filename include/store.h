/* store.h - the SQLite cache: sources, articles, tags, user state. */
#ifndef PUNDIT_STORE_H
#define PUNDIT_STORE_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

struct store;

/* The schema version this build writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 7

/*
 * Open or create the cache at path (WAL, foreign keys, busy timeout) and
 * migrate it to STORE_SCHEMA_VERSION. Fails with a clear cause when the file
 * is not a database, is corrupt, cannot be written, is newer than this
 * build, or is held by another writer beyond the busy timeout.
 */
int	store_open(const char *path, struct store **, char **cause);
/*
 * Open for reading: as store_open, but a cache that this process cannot
 * write (a read-only file or directory) is opened read-only, if its schema
 * is current; writes then fail with a cause saying so.
 */
int	store_open_read(const char *path, struct store **, char **cause);
/* 1 when store_open_read opened the cache read-only. */
int	store_readonly(const struct store *);
void	store_close(struct store **);

/* Explicit transactions (for a batch of writes); nest is not supported. */
int	store_begin(struct store *, char **cause);
int	store_commit(struct store *, char **cause);
void	store_rollback(struct store *);

/*
 * A way out of long statements (counts of a large cache while a key
 * waits): while check is set it is called every few thousand steps, and
 * a non-zero return stops the statement, which fails with a cause. NULL
 * removes it.
 */
void	store_set_check(struct store *, int (*check)(void *), void *arg);

/* PRAGMA integrity_check: 0 when "ok", else -1 with the first problem. */
int	store_integrity_check(struct store *, char **cause);

/* What store_check tells, one plain sentence at a time. */
enum store_note {
	STORE_NOTE_OK,		/* a part found sound */
	STORE_NOTE_PROBLEM,	/* damage found */
	STORE_NOTE_DONE,	/* something the repair did */
};
/*
 * Check the cache file at path without store_open (store-check.c): the
 * file (PRAGMA integrity_check), the links between rows (foreign keys) and
 * the search index against the articles (FTS5 integrity-check, missing,
 * extra and stale entries). With repair, mend it: REINDEX, stand-in
 * sources for orphaned articles, a rebuilt search index; for a damaged
 * file, a new cache of every row that can still be read, the damaged file
 * kept beside it as PATH.corrupt-DATE. Run it when no other pundit uses
 * the cache. Returns 0 when the cache is sound (again), 1 when problems
 * remain, -1 with a cause when it could not check or repair.
 */
int	store_check(const char *path, int repair,
	    void (*note)(enum store_note, const char *msg, void *arg),
	    void *arg, char **cause);

/*
 * Sources. A source is keyed on its URL. store_source_put inserts or updates
 * the sources-file fields (kind, name, tags, xpath, fulltext, in_file) and
 * leaves fetch state alone; s->id is set.
 */
int	store_source_put(struct store *, struct source *s, char **cause);
/*
 * Sync the sources file into the store in one transaction: put every
 * listed source, and mark sources no longer listed as not in the file
 * (they keep their articles until store_source_remove).
 */
int	store_source_sync(struct store *, struct source *const *list, size_t n,
	    char **cause);
/* Delete a source and its articles. Returns -1 with a cause if absent. */
int	store_source_remove(struct store *, int64_t id, char **cause);
/*
 * Find a source by id ("12"), exact URL, or display name (~name or feed
 * title, case-insensitive). 0 and *out NULL when there is none; -1 when the
 * name is ambiguous (the cause lists the candidates) or on error.
 */
int	store_source_find(struct store *, const char *key,
	    struct source **out, char **cause);
/* Every source with its article and unread counts, in file then id order. */
int	store_source_list(struct store *, struct source ***out, size_t *n,
	    char **cause);
void	store_source_list_free(struct source ***, size_t n);
/*
 * Record the result of a fetch: validators, time, status, error, body
 * hash, gone (HTTP 410) and the earliest next fetch (Retry-After).
 */
int	store_source_set_fetch(struct store *, const struct source *s,
	    char **cause);
/* What the feed says of itself: its title and site (NULL keeps). */
int	store_source_set_meta(struct store *, int64_t id, const char *title,
	    const char *site_url, char **cause);
/* A permanent redirect: the source now lives at url. */
int	store_source_set_url(struct store *, int64_t id, const char *url,
	    char **cause);

/*
 * Insert or update an article of a source, unique on (source, guid). When
 * a->guid is NULL a stable one is derived from the URL, else the title.
 * Feed fields (url, title, author, dates, summary, content, fulltext,
 * language) are updated; user state (read, starred, tags, position) of an
 * existing article is never touched. Sets a->id; *is_new (may be NULL)
 * tells whether the row was created.
 */
int	store_article_upsert(struct store *, struct article *a, int *is_new,
	    char **cause);
/* One article with its tags and source; 0 and *out NULL when absent. */
int	store_article_get(struct store *, int64_t id, struct article **out,
	    char **cause);

struct store_filter {
	int		 unread;	/* only unread articles */
	int		 starred;	/* only starred articles */
	int64_t		 source_id;	/* 0: any */
	const char	*tag;		/* article tag or tag of its source */
	long		 limit;		/* 0: no limit */
	long		 offset;
	int		 brief;		/* each: without the bodies */
	int		 oldest;	/* each: oldest first */
};
/*
 * Call fn for each article matching the filter, newest first (published,
 * else first seen), without loading them all. The article passed is
 * borrowed and freed after fn returns; fn returns non-zero to stop.
 */
int	store_article_each(struct store *, const struct store_filter *,
	    int (*fn)(const struct article *, void *), void *arg,
	    char **cause);
/* Number of articles matching a filter (limit and offset ignored). */
int	store_article_count(struct store *, const struct store_filter *,
	    long *out, char **cause);

enum store_flag {
	STORE_FLAG_READ,
	STORE_FLAG_STARRED,
};
/* Set a flag; -1 with a cause naming the id when there is no such article. */
int	store_article_set_flag(struct store *, int64_t id, enum store_flag,
	    int value, char **cause);
int	store_article_set_position(struct store *, int64_t id, long position,
	    char **cause);
/* Add and remove article tags (NULL-terminated arrays, either may be NULL). */
int	store_article_tag(struct store *, int64_t id, char *const *add,
	    char *const *remove, char **cause);

/* A tag in use, on articles or on sources, and how many articles it has. */
struct store_tag {
	char	*name;
	long	 n_articles;	/* its articles and its sources' articles */
	long	 n_unread;
};
/* Every tag in use, by name. */
int	store_tag_list(struct store *, struct store_tag **, size_t *n,
	    char **cause);
/* The same names without counting (NULL-terminated; NULL when none). */
int	store_tag_names(struct store *, char ***names, char **cause);
void	store_tag_list_free(struct store_tag **, size_t n);

/*
 * Sync with a server (store-sync.c). Articles and sources that came from
 * the server carry its ids; store_article_set_flag queues each change of
 * read or starred of such an article (the latest value an article and
 * flag) until a sync has sent it and calls store_sync_dequeue.
 */
struct store_change {
	int64_t		 id;		/* of the queued change */
	int64_t		 server_id;	/* of the article */
	enum store_flag	 flag;
	int		 value;
};
/* The changes waiting, oldest first. */
int	store_sync_changes(struct store *, struct store_change **, size_t *n,
	    char **cause);
/* The server confirmed these: drop them (not newer changes since). */
int	store_sync_dequeue(struct store *, const struct store_change *,
	    size_t n, char **cause);
/* Named sync state (session, last article seen...); NULL: unset. */
int	store_sync_get(struct store *, const char *name, char **value,
	    char **cause);
int	store_sync_set(struct store *, const char *name, const char *value,
	    char **cause);
/*
 * A feed on the server becomes a source not in the sources file, with
 * these tags; *id is its local id, or 0 when the sources file lists the
 * URL (that source is fetched directly and not synced).
 */
int	store_sync_source(struct store *, int64_t server_id, const char *url,
	    const char *title, char *const *tags, int64_t *id, char **cause);
/* The local source of a server's feed, 0 when there is none. */
int	store_sync_source_id(struct store *, int64_t server_id, int64_t *id,
	    char **cause);
/* Unread and starred articles of a source that came from the server. */
int	store_sync_counts(struct store *, int64_t source_id, long *unread,
	    long *starred, char **cause);
/*
 * store_article_upsert of a server's article (a new one takes the flags
 * in a; a known one keeps its own) and its server id.
 */
int	store_sync_article(struct store *, struct article *,
	    int64_t server_id, int *is_new, char **cause);
/*
 * The server's state of a flag for the articles of a source: set for the
 * server ids listed, clear for the others, except where a change made in
 * pundit waits to be sent (pundit's change wins). *changed: how many.
 */
int	store_sync_flags(struct store *, int64_t source_id, enum store_flag,
	    const int64_t *ids, size_t n, unsigned *changed, char **cause);
/*
 * The server's feeds are those server ids: a source of a feed that is no
 * longer among them stays, with its articles, as a local source nothing
 * fetches, with a note in its last error. *changed: how many.
 */
int	store_sync_unsubscribed(struct store *, const int64_t *ids, size_t n,
	    unsigned *changed, char **cause);
/* The result of a sync on every server source (error NULL: it worked). */
int	store_sync_status(struct store *, time_t when, const char *error,
	    char **cause);

/*
 * Full text from article pages (store-fulltext.c). An article wants its
 * page when it has no full text, a URL, fewer than min_chars characters
 * of content (else summary), fewer than max_tries failed tries and no
 * back-off in force at now. At most limit of a source's, newest first.
 */
struct store_pending {
	int64_t		 id;
	char		*url;
	int		 tries;		/* failed tries so far */
};
int	store_fulltext_pending(struct store *, int64_t source_id,
	    long min_chars, int max_tries, time_t now, long limit,
	    struct store_pending **out, size_t *n, char **cause);
void	store_fulltext_pending_free(struct store_pending **, size_t n);
/*
 * The extracted text (HTML) of an article. A title given replaces the
 * stored one (html sources know only the link text); author and date
 * fill only what is missing. Clears a recorded failure.
 */
int	store_fulltext_set(struct store *, int64_t id, const char *html,
	    const char *title, const char *author, time_t published,
	    char **cause);
/* A failed page: the reason, one more try, not again before next (0:
   no more tries). */
int	store_fulltext_failed(struct store *, int64_t id, const char *error,
	    time_t next, char **cause);
/*
 * The last failure of an article's page, or NULL (caller frees), the
 * failed tries and when the next is due (0: none).
 */
int	store_fulltext_error(struct store *, int64_t id, char **error,
	    int *tries, time_t *next, char **cause);
/*
 * A link found on an html source's index page: a new article keyed on its
 * URL, or nothing when the source has it already (*is_new says which).
 */
int	store_article_add_link(struct store *, int64_t source_id,
	    const char *url, const char *title, int *is_new, char **cause);

#endif
