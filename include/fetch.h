/* fetch.h - one parallel libcurl engine: an event loop, no threads. */
#ifndef PUNDIT_FETCH_H
#define PUNDIT_FETCH_H

#include <stddef.h>
#include <time.h>

#include "buf.h"

struct fetch;

/*
 * Limits of an engine. Zero fields take the defaults, so a zeroed struct
 * (or a NULL pointer to fetch_new) is a sensible configuration.
 */
struct fetch_opts {
	int	 max_total;	/* connections in all; 0: 16 */
	int	 max_host;	/* connections per host; 0: 2 */
	long	 connect_timeout;	/* seconds; 0: 15 */
	long	 low_speed_time;	/* abort below 1 byte/s for this long;
					   0: 30 */
	long	 timeout;	/* whole transfer, seconds; 0: 120 */
	long	 max_redirects;	/* 0: 5; negative: follow none */
	size_t	 max_size;	/* decoded body bytes; 0: 32 MiB */
	const char *user_agent;	/* NULL: "pundit/VERSION (+URL)" */
	long	 max_hold;	/* longest a host's Retry-After holds its
				   queued transfers, seconds; 0: 3600 */
};

enum fetch_status {
	FETCH_OK,		/* 2xx, or a file:// read */
	FETCH_NOT_MODIFIED,	/* 304: nothing to parse */
	FETCH_ERR_DNS,
	FETCH_ERR_CONNECT,
	FETCH_ERR_TLS,
	FETCH_ERR_TIMEOUT,
	FETCH_ERR_HTTP,		/* a 4xx or 5xx status */
	FETCH_ERR_TOO_LARGE,
	FETCH_ERR_REDIRECTS,
	FETCH_ERR_PROTOCOL,	/* a scheme pundit does not fetch, bad URL */
	FETCH_ERR_OTHER,
};

struct fetch_result {
	const char	*url;		/* as requested */
	char		*effective_url;	/* after redirects */
	/*
	 * Where the permanent redirects (301, 308) that start the chain
	 * lead, as an absolute URL: the new address of the requested one.
	 * Only set when the transfer ended OK or NOT_MODIFIED.
	 */
	char		*moved_to;
	enum fetch_status status;
	long		 http_status;	/* 0 for file:// */
	char		*error;		/* human-readable; NULL when ok */
	/*
	 * Validators to send next time (printable ASCII, else NULL). On
	 * NOT_MODIFIED a validator the 304 left out is the one sent.
	 */
	char		*etag;
	char		*last_modified;
	char		*content_type;
	long		 retry_after;	/* seconds asked by 429/503, or 0 */
	struct buf	 body;		/* decoded body (unless streamed); only
					   kept for 2xx and file:// */
	size_t		 bytes;		/* bytes received on the wire */
	double		 seconds;	/* total time of the transfer */
};

struct fetch_request {
	const char	*url;
	const char	*etag;		/* may be NULL */
	const char	*last_modified;	/* may be NULL */
	/*
	 * Whether a file:// URL may be read. Only for URLs the user wrote
	 * (the sources file, the demo); never for links found in feeds or
	 * pages. Redirects never lead to file:// either way.
	 */
	int		 allow_file;
	/*
	 * A POST of post_len bytes of post (copied) with Content-Type
	 * post_type, instead of a GET; NULL for a GET. Not for file://.
	 */
	const char	*post;
	size_t		 post_len;
	const char	*post_type;
	/*
	 * Optional: receive the decoded body as it arrives instead of in
	 * result->body; return non-zero to abort the transfer (it ends as
	 * FETCH_ERR_OTHER). Only bodies of 2xx and file:// responses come
	 * here, never those of redirects or errors.
	 */
	int		(*data)(const char *, size_t, void *);
	/*
	 * Called once when the transfer ends, successfully or not, from
	 * fetch_poll or fetch_run; the result is freed after it returns.
	 * It may call fetch_add and fetch_stats, but not fetch_poll,
	 * fetch_run or fetch_free.
	 */
	void		(*done)(struct fetch_result *, void *);
	void		*arg;
};

/* Progress of everything added so far (for status lines). */
struct fetch_stats {
	unsigned	 queued;	/* waiting for a connection slot */
	unsigned	 running;
	unsigned	 done;		/* ended, including failed ones */
	unsigned	 failed;
	size_t		 bytes;		/* on the wire, running ones too */
};

struct fetch *fetch_new(const struct fetch_opts *, char **cause);
/*
 * Abort every transfer and free the engine. The done callbacks of
 * transfers that had not ended are not called.
 */
void	fetch_free(struct fetch **);
/*
 * Queue a transfer (copies what it needs of req). Nothing starts and no
 * callback is called before the next fetch_poll or fetch_run; a URL that
 * cannot be fetched fails there (FETCH_ERR_PROTOCOL).
 */
void	fetch_add(struct fetch *, const struct fetch_request *req);
/* Transfers queued or running. */
unsigned fetch_pending(const struct fetch *);
void	fetch_stats(const struct fetch *, struct fetch_stats *);
/*
 * Run the event loop once: wait at most timeout_ms (negative: 0) for
 * network activity or for extra_fd (e.g. the terminal; -1 for none) to
 * become readable, move transfers along and call done for those that
 * ended. Returns 1 when extra_fd is readable, 0 otherwise.
 *
 * Transfers start in the order they were added, at most max_total at
 * once and max_host to one host name. A 429 or 503 answer with
 * Retry-After holds the transfers queued for that host until then (at
 * most max_hold seconds).
 */
int	fetch_poll(struct fetch *, int timeout_ms, int extra_fd);
/*
 * The same, waiting for any of nfds descriptors (at most FETCH_MAX_FDS):
 * the terminal and a child's pipe. Returns 1 when one is readable. A
 * pipe whose writer closed wakes it too; the caller reads to tell.
 */
#define FETCH_MAX_FDS 4
int	fetch_poll_fds(struct fetch *, int timeout_ms, const int *fds,
	    size_t nfds);
/* Run until every queued transfer has ended. */
void	fetch_run(struct fetch *);

/* A short stable name of a status ("ok", "dns", "http", ...). */
const char *fetch_status_name(enum fetch_status);

#endif
