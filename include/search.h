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
 * The FTS5 expression of the words and phrases (NULL when there are none)
 * and of the excluded ones (NULL when none): for tests and for debugging.
 */
const char *search_query_match(const struct search_query *);
const char *search_query_exclude(const struct search_query *);

/*
 * Call fn for each matching article, best first (bm25, the title weighted
 * above the body, newer first on ties; newest first when the query has only
 * filters), at most limit (0: all) after skipping offset. The snippet is
 * about snippet_width columns of body around the first hit, with marks; the
 * article and snippet are borrowed. fn returns non-zero to stop.
 */
int	search_each(struct store *, const struct search_query *, long limit,
	    long offset, int snippet_width,
	    int (*fn)(const struct article *, const char *snippet, void *),
	    void *arg, char **cause);
/* Number of matching articles. */
int	search_count(struct store *, const struct search_query *, long *out,
	    char **cause);

/* Saved searches: a name and the query text. */
struct search_saved {
	char	*name;
	char	*query;
	long	 n_articles;	/* filled by search_saved_list */
	long	 n_unread;
};
/* Save (or replace: *replaced, may be NULL) after checking the query. */
int	search_saved_put(struct store *, const char *name, const char *query,
	    int *replaced, char **cause);
/* 0 and *query NULL when there is no saved search of that name. */
int	search_saved_get(struct store *, const char *name, char **query,
	    char **cause);
/* -1 with a cause naming it when there is none. */
int	search_saved_remove(struct store *, const char *name, char **cause);
/* All saved searches by name, with their counts. */
int	search_saved_list(struct store *, struct search_saved **, size_t *n,
	    char **cause);
void	search_saved_list_free(struct search_saved **, size_t n);

#endif
