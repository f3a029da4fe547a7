/* refresh.h - sources -> fetch -> parse -> store, in one event loop. */
#ifndef PUNDIT_REFRESH_H
#define PUNDIT_REFRESH_H

#include <stddef.h>

#include "fetch.h"
#include "model.h"
#include "store.h"

struct refresh;

struct refresh_opts {
	struct fetch_opts fetch;
	/* The sources file, rewritten when a source moves permanently
	   (HTTP 301/308); NULL leaves files alone. */
	const char	*sources_file;
	/* Fetch even sources that are gone (410) or asked to wait. */
	int		 force;
	/*
	 * Fetch the pages of articles whose feed text is shorter than this
	 * (characters) and store the extracted full text; 0: never (html
	 * sources' pages are fetched anyway). Sources with fulltext off
	 * are left alone.
	 */
	long		 fulltext_threshold;
};

/* What became of one source. */
struct refresh_event {
	const struct source *source;	/* as it was when added */
	int		 failed;
	const char	*error;		/* when failed, human-readable */
	const char	*warning;	/* a feed read with recovery, or NULL */
	const char	*moved_to;	/* new URL after a permanent redirect */
	int		 unchanged;	/* 304, or the same bytes as last time */
	int		 skipped;	/* gone or waiting: not fetched */
	unsigned	 new_articles;
	unsigned	 updated_articles;
	size_t		 bytes;
};

struct refresh_progress {
	unsigned	 total;		/* sources added */
	unsigned	 done;
	unsigned	 failed;
	unsigned	 new_articles;
	size_t		 bytes;
	unsigned	 pages;		/* article pages fetched for full text */
	unsigned	 pages_failed;
};

/* Options from the config file (max-connections, host-connections,
   fetch-timeout, fulltext-threshold); the rest zeroed. */
struct conf;
void	refresh_opts_init(struct refresh_opts *, const struct conf *,
	    const char *sources_file);

struct refresh *refresh_new(struct store *, const struct refresh_opts *,
	    void (*done)(const struct refresh_event *, void *), void *arg,
	    char **cause);
void	refresh_free(struct refresh **);
/* Queue a source (copied). */
void	refresh_add(struct refresh *, const struct source *);
void	refresh_progress(const struct refresh *, struct refresh_progress *);
/* Sources queued or in flight. */
unsigned refresh_pending(const struct refresh *);
/* One turn of the event loop, as fetch_poll: 1 when extra_fd is readable. */
int	refresh_poll(struct refresh *, int timeout_ms, int extra_fd);
/* The same with several descriptors, as fetch_poll_fds. */
int	refresh_poll_fds(struct refresh *, int timeout_ms, const int *fds,
	    size_t nfds);
/* Run until every queued source is done. */
void	refresh_run(struct refresh *);

/*
 * Store what a feed held: one transaction for the source's feed title and
 * every item (new ones inserted, known ones updated, user state kept).
 * Separate from the network so that tests and `pundit parse` share it.
 */
struct feed;
int	refresh_store_feed(struct store *, const struct source *,
	    const struct feed *, unsigned *new_articles, unsigned *updated,
	    char **cause);

#endif
