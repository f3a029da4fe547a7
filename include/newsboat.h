/* newsboat.h - newsboat's urls file: sources and query feeds. */
#ifndef PUNDIT_NEWSBOAT_H
#define PUNDIT_NEWSBOAT_H

#include <stddef.h>

#include "sources.h"

/*
 * Read a newsboat urls file: one URL a line with tags, "~Name" giving a
 * display name; a URL listed twice is one source with the tags of both.
 * A "query:Name:expression" line becomes a saved search when its filter
 * expression translates (see newsboat_filter); hidden feeds (the tag "!"),
 * exec: and filter: lines, URLs pundit cannot fetch and queries that do
 * not translate add "NAME:LINE: why" to skipped. Returns -1 with a cause
 * "NAME:LINE: problem" for a line that is not a URL at all, an
 * unterminated quote, invalid UTF-8 or a control character; the import
 * is left empty then.
 */
int	newsboat_parse(const char *text, size_t len, const char *name,
	    struct sources_import *, char **cause);

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
