/* model.h - the model types shared by parse, store and the front ends. */
#ifndef PUNDIT_MODEL_H
#define PUNDIT_MODEL_H

#include <stdint.h>
#include <time.h>

enum source_kind {
	SOURCE_FEED,
	SOURCE_HTML,
};

struct source {
	int64_t		 id;		/* 0 until stored */
	char		*url;
	enum source_kind kind;
	char		*title;		/* from the feed, may be NULL */
	char		*name;		/* "~Display name" from the sources file */
	char		*site_url;
	char	       **tags;		/* NULL-terminated, may be NULL */
	char		*xpath;		/* html sources: the link XPath */
	int		 fulltext;	/* fetch full text of summaries */
	int		 in_file;	/* listed in the sources file */
	int		 synced;	/* the sync server's, not in the file */
	char		*etag;
	char		*last_modified;
	time_t		 last_fetch;	/* 0: never */
	int		 last_status;	/* HTTP status or 0 */
	char		*last_error;	/* NULL when the last fetch worked */
	char		*body_hash;	/* of the last body parsed */
	int		 gone;		/* answered 410 Gone */
	time_t		 next_fetch;	/* not before (Retry-After); 0: any */
	/* Filled by store_source_list. */
	long		 n_articles;
	long		 n_unread;
};

struct article {
	int64_t		 id;		/* 0 until stored */
	int64_t		 source_id;
	char		*guid;		/* never NULL once stored */
	char		*url;
	char		*title;
	char		*author;
	time_t		 published;	/* UTC, 0: unknown */
	time_t		 updated;
	char		*summary;
	char		*content;	/* sanitised HTML */
	char		*fulltext;	/* extracted full text */
	char		*language;
	/* User state: never overwritten by a re-fetch. */
	int		 read;
	int		 starred;
	long		 position;	/* reading position (line) */
	char	       **tags;		/* article tags, NULL-terminated */
	/* Filled by store queries. */
	char		*source_title;	/* the source's display name */
	char		*source_url;
	char	       **source_tags;
};

struct source  *source_new(const char *url);
void		source_free(struct source **);
struct article *article_new(void);
void		article_free(struct article **);
/* The name to show for a source: ~name, else feed title, else URL. */
const char     *source_display_name(const struct source *);
/*
 * Why an article has no full text: its page's failure (error), the tries
 * so far and the next (0: none), next as the user reads dates. A new
 * string.
 */
char	       *article_page_note(const char *error, int tries, time_t next,
		    const char *next_date, time_t now);

#endif
