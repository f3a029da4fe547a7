/* search.h - the search language, searching the cache, saved searches. */
#ifndef PUNDIT_SEARCH_H
#define PUNDIT_SEARCH_H

#include <stddef.h>

#include "model.h"
#include "store.h"

/*
 * A snippet marks each matched term between these two bytes (which never
 * occur in indexed text): the TUI highlights, the CLI prints brackets.
 */
#define SEARCH_MARK_OPEN	'\x02'
#define SEARCH_MARK_CLOSE	'\x03'

/* Limits on what a query may be. */
#define SEARCH_MAX_LEN		4096	/* bytes */
#define SEARCH_MAX_TERMS	64

struct search_query;
struct sources_query;		/* sources.h */

/*
 * Parse the search language: words (all must match), "exact phrases",
 * -excluded words or phrases, a OR b, tag:NAME, source:NAME, author:NAME,
 * after:YYYY-MM-DD, before:YYYY-MM-DD, is:unread, is:read, is:starred
 * (filters may be negated with -, values quoted). Whatever the text holds
 * is only ever a term: never FTS5 or SQL syntax. -1 with a cause that
 * explains what is wrong with the query.
 */
int	search_parse(const char *s, size_t len, struct search_query **,
	    char **cause);
void	search_query_free(struct search_query **);
/*
 * Narrow a query by what a list filter asks (unread, starred, tag; its
 * source, limit and offset are not used), and with newest set, order its
 * hits newest first instead of best first: a saved search as a source.
 */
void	search_query_narrow(struct search_query *, const struct store_filter *,
	    int newest);
/*
 * The FTS5 expression of the words and phrases (NULL when there are none)
 * and of the excluded ones (NULL when none): for tests and for debugging.
 */
const char *search_query_match(const struct search_query *);
const char *search_query_exclude(const struct search_query *);

/*
 * Call fn for each matching article, best first (bm25, the title weighted
 * above the body, newer first on ties; newest first when the query has only
 * filters), at most limit (0: all) after skipping offset. The snippet is
 * about snippet_width columns of body around the first hit, with marks (""
 * when snippet_width is 0); the article and snippet are borrowed. fn returns non-zero to stop.
 */
int	search_each(struct store *, const struct search_query *, long limit,
	    long offset, int snippet_width,
	    int (*fn)(const struct article *, const char *snippet, void *),
	    void *arg, char **cause);
/* Number of matching articles. */
int	search_count(struct store *, const struct search_query *, long *out,
	    char **cause);

/*
 * Saved searches: a name and the query text, saved by search --save or
 * written in the sources file (query "NAME" QUERY).
 */
struct search_saved {
	char	*name;
	char	*query;
	int	 in_file;	/* from the sources file */
	long	 n_articles;	/* filled by search_saved_list */
	long	 n_unread;
};
/*
 * Save (or replace: *replaced, may be NULL) after checking the query.
 * A search of the sources file is changed there: -1 with a cause saying so.
 */
int	search_saved_put(struct store *, const char *name, const char *query,
	    int *replaced, char **cause);
/* 0 and *query NULL when there is no saved search of that name. */
int	search_saved_get(struct store *, const char *name, char **query,
	    char **cause);
/* -1 with a cause naming it when there is none or it is in the file. */
int	search_saved_remove(struct store *, const char *name, char **cause);
/*
 * Bring the query lines of the sources file (file names it in messages)
 * into the store: each is saved, replacing a search of its name saved
 * with search --save (the file wins); searches of the file whose lines
 * are gone are deleted; searches saved with --save stay. A query that
 * does not parse adds "FILE:LINE: problem" to *errors and keeps what was
 * saved under its name. Writes only when something changed.
 */
int	search_saved_sync(struct store *, const struct sources_query *,
	    size_t n, const char *file, char ***errors, char **cause);
/* One saved search with its counts; 0 and *out NULL when there is none. */
int	search_saved_find(struct store *, const char *name,
	    struct search_saved **out, char **cause);
/* All saved searches by name, with their counts. */
int	search_saved_list(struct store *, struct search_saved **, size_t *n,
	    char **cause);
/* The same without counting them (the counts are -1). */
int	search_saved_names(struct store *, struct search_saved **, size_t *n,
	    char **cause);
void	search_saved_list_free(struct search_saved **, size_t n);

#endif
