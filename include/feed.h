/* feed.h - RSS 0.9x/2.0, RSS 1.0 (RDF) and Atom to feed and items. */
#ifndef PUNDIT_FEED_H
#define PUNDIT_FEED_H

#include <stddef.h>
#include <time.h>

enum feed_format {
	FEED_UNKNOWN,
	FEED_RSS090,	/* RSS 0.90 (RDF-based, Netscape) */
	FEED_RSS091,	/* 0.91 - 0.94 */
	FEED_RSS20,
	FEED_RSS10,	/* RSS 1.0 / RDF */
	FEED_ATOM03,
	FEED_ATOM10,
};

struct feed_enclosure {
	char	*url;
	char	*type;
	long long length;	/* -1: unknown */
};

struct feed_item {
	char	*guid;		/* as given, NULL when absent */
	char	*link;		/* absolute */
	char	*title;		/* plain sanitised text */
	char   **authors;	/* plain text, NULL-terminated, may be NULL */
	time_t	 published;	/* UTC, 0: none or unparseable */
	time_t	 updated;
	char	*summary;	/* HTML */
	char	*content;	/* HTML */
	char   **categories;	/* NULL-terminated, may be NULL */
	struct feed_enclosure *enclosures;
	size_t	 nenclosures;
	char	*language;
	char	*source_title;	/* Atom <source>, RSS <source> */
	char	*source_url;
};

struct feed {
	enum feed_format format;
	char	*title;
	char	*link;		/* the site */
	char	*self;		/* atom:link rel=self, when given */
	char	*language;
	char	*encoding;	/* what the bytes were read as */
	time_t	 updated;
	struct feed_item *items;
	size_t	 nitems;
	char	*error;		/* recovered problem ("bozo"), or NULL */
};

/*
 * Parse a feed: bytes + the feed's URL + the HTTP Content-Type (either may
 * be NULL). Pure: no network, no files, no globals. Returns the feed, with
 * feed->error set when the document was broken but items were recovered;
 * NULL with a one-line cause (position included) when nothing could be
 * read at all.
 */
struct feed *feed_parse(const char *bytes, size_t len, const char *url,
	    const char *content_type, char **cause);
void	feed_free(struct feed **);
/* "rss090", "rss091" (0.91-0.94), "rss20", "rss10", "atom03", "atom10" or
   "unknown". */
const char *feed_format_name(enum feed_format);

/*
 * The same as a push parser, so that a fetch can hand over bytes as they
 * arrive: feed_parser_new, any number of feed_parser_push, then
 * feed_parser_finish, which returns what feed_parse would have returned
 * for all the bytes together and frees the parser. UTF-8 input is parsed
 * as it comes; input in another encoding (decided from the first 64 KiB:
 * BOM, Content-Type charset, XML declaration, guess) is converted when it
 * is complete. feed_parser_free drops a parser that is not finished.
 */
struct feed_parser;

struct feed_parser *feed_parser_new(const char *url, const char *content_type);
void	feed_parser_push(struct feed_parser *, const char *bytes, size_t len);
struct feed *feed_parser_finish(struct feed_parser **, char **cause);
void	feed_parser_free(struct feed_parser **);

/*
 * A stable identity for an item: its guid when it has one, else "h:" and a
 * hash of its link, else of its title and published date. Caller frees.
 */
char   *feed_item_key(const struct feed_item *);

#endif
