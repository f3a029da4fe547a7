/* sources.h - the sources file: one source a line. */
#ifndef PUNDIT_SOURCES_H
#define PUNDIT_SOURCES_H

#include <stddef.h>

#include "model.h"

/*
 * The format, one source a line, # starts a comment:
 *
 *	URL [TAG...] ["~Display name"] [fulltext=no]
 *	html URL [xpath=EXPR] [TAG...] ["~Display name"]
 *	query "NAME" QUERY
 *
 * URL is http://, https:// or file://. Words with spaces go in double
 * quotes. A query line is a saved search: QUERY is the rest of the line
 * as written (its quotes are the search language's). A line that cannot
 * be parsed adds "FILE:LINE: problem" to *errors (a NULL-terminated
 * array, may stay NULL) and the others load.
 */
struct sources_query {
	char	*name;
	char	*query;
	int	 line;
};

struct sources_list {
	struct source		**v;
	size_t			  n;
	struct sources_query	 *queries;
	size_t			  nqueries;
};

void	sources_parse(const char *text, size_t len, const char *name,
	    struct sources_list *, char ***errors);
/* A missing file gives an empty list; -1 only when it cannot be read. */
int	sources_load(const char *path, struct sources_list *, char ***errors,
	    char **cause);
void	sources_list_free(struct sources_list *);
/*
 * Add s to the list, which takes it; when the list has its URL already,
 * the listed source gains the tags of s it lacks and s is freed. Returns
 * 1 when s was new, 0 when it was merged.
 */
int	sources_list_add(struct sources_list *, struct source *s);
/*
 * A tag from another program as the sources file can keep it: sanitised
 * to one line, "=" turned into "-", leading "!" and "~" dropped. NULL when
 * nothing is left.
 */
char   *sources_tag_clean(const char *);

/* Whether url is a URL pundit accepts for a source. */
int	sources_url_valid(const char *url, char **cause);
/* The line that describes a source in the file (no newline). */
char   *sources_format(const struct source *);
/*
 * Append a source to the file (creating it and its directory), or remove
 * the lines of a URL from it, keeping every other line and comment as it
 * was; both replace the file atomically. sources_remove sets *found.
 */
int	sources_append(const char *path, const struct source *, char **cause);
int	sources_remove(const char *path, const char *url, int *found,
	    char **cause);
/*
 * What an import brings, in its order: the sources and saved searches of
 * list, saved search i coming after the first at[i] sources; and the
 * entries left out, as "NAME:LINE: why".
 */
struct sources_import {
	struct sources_list	 list;
	size_t			*at;
	char		       **skipped;
};
void	sources_import_free(struct sources_import *);
/* Add a saved search after the sources the import has so far. */
void	sources_import_query(struct sources_import *, const char *name,
	    const char *query, int line);
/*
 * Read the sources file into an import, in its order (for export); the
 * errors are those of sources_load.
 */
int	sources_import_load(const char *path, struct sources_import *,
	    char ***errors, char **cause);
/*
 * The line of a saved search in the file (no newline), or NULL with a
 * cause when the file could not give the name and query back as they are.
 */
char   *sources_format_query(const char *name, const char *query,
	    char **cause);
/*
 * Merge an import into the file with one atomic write: a source whose URL
 * the file lists already gains the tags it lacks (its line rewritten, a
 * comment at its end kept); the other sources and the saved searches are
 * appended in the import's order (the caller leaves out searches the file
 * has). The counts say what happened; with dry_run nothing is written.
 */
struct sources_merge_count {
	size_t	added;
	size_t	present;	/* listed already */
	size_t	retagged;	/* of those, the ones that gained tags */
	size_t	queries;	/* saved searches added */
};
int	sources_merge(const char *path, const struct sources_import *,
	    int dry_run, struct sources_merge_count *, char **cause);
/* Change the URL of a source in the file, keeping the rest of its line. */
int	sources_replace_url(const char *path, const char *old_url,
	    const char *new_url, int *found, char **cause);

#endif
