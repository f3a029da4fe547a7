/* sync.h - sync with a Tiny Tiny RSS server: fetch -> ttrss -> store. */
#ifndef PUNDIT_SYNC_H
#define PUNDIT_SYNC_H

#include <stddef.h>

#include "fetch.h"
#include "store.h"

struct conf;

struct sync_opts {
	struct fetch_opts fetch;
	char		*api_url;	/* ttrss-url with api/ */
	char		*user;
	char		*password;	/* wiped by sync_opts_free */
	int		 full;		/* read every flag of every feed */
};

/* What a sync did. */
struct sync_result {
	unsigned	 requests;	/* sent to the server */
	size_t		 bytes;		/* received */
	double		 seconds;
	unsigned	 sent;		/* changes made in pundit, sent */
	unsigned	 waiting;	/* changes still waiting */
	unsigned	 feeds;		/* feeds on the server */
	unsigned	 new_feeds;
	unsigned	 new_articles;
	unsigned	 updated_articles;
	unsigned	 flags;		/* read/starred changed from the server */
	int		 unchanged;	/* the cheap check found nothing */
};

/*
 * Whether the config asks for a sync ("set sync ttrss"), and its options:
 * the URL, the user and the password (from ttrss-password-command, run
 * without a shell, its first output line; else ttrss-password). -1 with
 * a cause (which never holds the password) when one is missing or the
 * command fails.
 */
int	sync_enabled(const struct conf *);
int	sync_opts_init(struct sync_opts *, const struct conf *, char **cause);
void	sync_opts_free(struct sync_opts *);

/*
 * Send the changes waiting, then take the server's feeds, new articles and
 * flags into the store. progress (may be NULL) is told what is going on.
 * On failure the cause is also recorded on the server's sources; what was
 * stored before stays, and the changes not confirmed stay queued.
 */
int	sync_run(struct store *, const struct sync_opts *,
	    void (*progress)(const char *, void *), void *arg,
	    struct sync_result *, char **cause);

#endif
