/* sources.h - the sources file: one source a line. */
#ifndef PUNDIT_SOURCES_H
#define PUNDIT_SOURCES_H

#include <stddef.h>

#include "model.h"

/*
 * The format, one source a line, # starts a comment:
 *
 *	URL [TAG...] ["~Display name"] [fulltext=no]
 *	html URL xpath=EXPR [TAG...] ["~Display name"]
 *
 * URL is http://, https:// or file://. Words with spaces go in double
 * quotes. A line that cannot be parsed adds "FILE:LINE: problem" to
 * *errors (a NULL-terminated array, may stay NULL) and the others load.
 */
struct sources_list {
	struct source	**v;
	size_t		  n;
};

void	sources_parse(const char *text, size_t len, const char *name,
	    struct sources_list *, char ***errors);
/* A missing file gives an empty list; -1 only when it cannot be read. */
int	sources_load(const char *path, struct sources_list *, char ***errors,
	    char **cause);
void	sources_list_free(struct sources_list *);

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
/* Change the URL of a source in the file, keeping the rest of its line. */
int	sources_replace_url(const char *path, const char *old_url,
	    const char *new_url, int *found, char **cause);

#endif
