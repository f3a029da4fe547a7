/* sync.h - sync with a Tiny Tiny RSS server: fetch -> ttrss -> store. */
#ifndef PUNDIT_SYNC_H
#define PUNDIT_SYNC_H

#include <stddef.h>

#include "buf.h"
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
	unsigned	 gone_feeds;	/* unsubscribed on the server */
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

/*
 * `pundit sync --progress` tells a program how it goes, a line each:
 * "progress MESSAGE" for each step, "error MESSAGE" when it failed, and
 * last "result ok=0|1 NAME=N ..." with the fields of struct sync_result
 * (names a reader does not know are skipped). sync_line_* write them;
 * sync_child_* run it as a child process and read it without blocking,
 * for a front end whose one event loop polls sync_child_fd beside the
 * terminal. The child opens the cache itself, and reads the password
 * from the config file: none is ever on its command line.
 */
void	sync_line_progress(struct buf *, const char *msg);
void	sync_line_result(struct buf *, const struct sync_result *,
	    const char *error);

struct sync_child;
/*
 * Run "program -c config_file -d data_dir sync --progress" (program a
 * path, or a name looked up in PATH), its stdin /dev/null, its stdout
 * and stderr on a pipe; NULL with a cause when that cannot start.
 */
struct sync_child *sync_child_start(const char *program,
	    const char *config_file, const char *data_dir, char **cause);
/* The pipe to poll for reading; -1 once it has ended. */
int	sync_child_fd(const struct sync_child *);
/*
 * Take what the child wrote, without blocking, and reap it once it has
 * ended; progress (may be NULL) hears each step. 1 when the child has
 * ended and been reaped (then sync_child_result), 0 while it runs.
 */
int	sync_child_read(struct sync_child *,
	    void (*progress)(const char *, void *), void *arg);
/*
 * What the sync did: 0, or -1 with a cause (its error, what it printed
 * last, or how it died); r holds what it reported, zero when nothing.
 */
int	sync_child_result(const struct sync_child *, struct sync_result *r,
	    char **cause);
/*
 * Stop a child still running (SIGTERM, SIGKILL two seconds later: a
 * sync may die at any point, its queue stays), reap it and free.
 */
void	sync_child_free(struct sync_child **);

#endif
