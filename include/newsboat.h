/* newsboat.h - newsboat's urls file: sources and query feeds. */
#ifndef PUNDIT_NEWSBOAT_H
#define PUNDIT_NEWSBOAT_H

#include <stddef.h>

#include "sources.h"

/* A query feed ("query:Name:expression") as a pundit saved search. */
struct newsboat_query {
	char	*name;
	char	*query;		/* in pundit's search language */
	int	 line;
};

struct newsboat_urls {
	struct sources_list	 sources;
	struct newsboat_query	*queries;
	size_t			 nqueries;
	char		       **skipped;	/* "NAME:LINE: why" */
};

/*
 * Read a newsboat urls file: one URL a line with tags, "~Name" giving a
 * display name; a URL listed twice is one source with the tags of both.
 * A "query:Name:expression" line becomes a saved search when its filter
 * expression translates (see newsboat_filter); hidden feeds (the tag "!"),
 * exec: and filter: lines, URLs pundit cannot fetch and queries that do
 * not translate add "NAME:LINE: why" to skipped. Returns -1 with a cause
 * "NAME:LINE: problem" for a line that is not a URL at all, an
 * unterminated quote, invalid UTF-8 or a control character; the caller
 * then keeps nothing (u is left empty).
 */
int	newsboat_parse(const char *text, size_t len, const char *name,
	    struct newsboat_urls *u, char **cause);
void	newsboat_urls_free(struct newsboat_urls *);

/*
 * Translate a newsboat filter expression into pundit's search language:
 * attribute comparisons joined by and (and by or between words),
 * parentheses. unread = "yes"|"no", tags # "t", tags !# "t", title,
 * author, content and description =~ "plain words", author and feedtitle
 * = "x", rssurl =~ "x", and their negations translate. NULL with a cause
 * naming the part that does not.
 */
char   *newsboat_filter(const char *expr, char **cause);

#endif
