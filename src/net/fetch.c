/* fetch.c - the libcurl multi engine: a polite queue and one event loop. */
#include "config.h"

#include <sys/queue.h>

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "buf.h"
#include "fetch.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* Where the User-Agent points when configure gave no package URL. */
#define FETCH_HOME "https://example.invalid/pundit"

#define FETCH_MAX_TOTAL		16
#define FETCH_MAX_HOST		2
#define FETCH_CONNECT_TIMEOUT	15
#define FETCH_LOW_SPEED_TIME	30
#define FETCH_TIMEOUT		120
#define FETCH_MAX_REDIRECTS	5
#define FETCH_MAX_SIZE		((size_t)32 << 20)
#define FETCH_MAX_HOLD		3600
/* Longest Retry-After passed on to the caller: a week. */
#define FETCH_MAX_RETRY_AFTER	(7 * 24 * 3600L)
/* Longest header value kept (validators, types); a Location may be longer. */
#define FETCH_MAX_VALUE		1024
#define FETCH_MAX_LOCATION	8192
/* Longest reason phrase of a status line put in an error message. */
#define FETCH_MAX_REASON	80

/* Why the write callback stopped a transfer. */
enum fetch_abort {
	FETCH_ABORT_NONE,
	FETCH_ABORT_SIZE,
	FETCH_ABORT_DATA,
};

/* A host name with its running transfers and its Retry-After hold. */
struct fetch_host {
	char			*name;
	unsigned		 running;
	struct timespec		 hold;	/* nothing starts before (monotonic) */
	LIST_ENTRY(fetch_host)	 entry;
};

struct fetch_xfer {
	struct fetch		*f;
	CURL			*easy;
	struct fetch_host	*host;	/* NULL for file:// and bad URLs */
	int			 running;

	char			*url;
	char			*etag;
	char			*last_modified;
	int			 allow_file;
	char			*post;	/* NULL: a GET */
	size_t			 post_len;
	char			*post_type;
	int			(*data)(const char *, size_t, void *);
	void			(*done)(struct fetch_result *, void *);
	void			*arg;

	struct curl_slist	*headers;
	char			 errbuf[CURL_ERROR_SIZE];
	struct fetch_result	 r;

	/* State of the response being received (reset by each one). */
	long			 code;
	char			*reason;
	size_t			 size;	/* decoded body bytes */
	enum fetch_abort	 aborted;
	/*
	 * The permanent redirects (301, 308) that start the chain: where
	 * they lead so far, and the Location of the last one.
	 */
	unsigned		 responses;
	int			 permanent;	/* none other yet */
	char			*moved;
	char			*moved_location;

	TAILQ_ENTRY(fetch_xfer)	 entry;
};
TAILQ_HEAD(fetch_xfers, fetch_xfer);

/*
 * Transfers wait in our own queue and are handed to the multi handle only
 * when a slot is free (max_total in all, max_host per host name) and their
 * host is not held by a Retry-After: once curl has a transfer it would
 * start it as soon as a connection frees, Retry-After or not. The same
 * limits are set on the multi handle as a backstop. With HTTP/2 a host's
 * transfers share one connection, but no more than max_host of them run
 * at once either way: that is the politeness asked for.
 */
struct fetch {
	CURLM			*multi;
	struct fetch_opts	 opts;
	char			*user_agent;

	struct fetch_xfers	 queue;	/* not started yet, in order */
	struct fetch_xfers	 running;
	LIST_HEAD(, fetch_host)	 hosts;

	unsigned		 nqueued;
	unsigned		 nrunning;
	unsigned		 ndone;
	unsigned		 nfailed;
	size_t			 bytes;	/* of the ended transfers */
};

static const char *const fetch_status_names[] = {
	"ok", "not-modified", "dns", "connect", "tls", "timeout", "http",
	"too-large", "redirects", "protocol", "other",
};
_Static_assert(NITEMS(fetch_status_names) == FETCH_ERR_OTHER + 1,
    "a name for each fetch status");

/* Reason phrases used instead of the server's for the usual statuses. */
static const struct {
	long		 code;
	const char	*reason;
} fetch_reasons[] = {
	{ 300, "Multiple Choices" },
	{ 301, "Moved Permanently" },
	{ 302, "Found" },
	{ 303, "See Other" },
	{ 307, "Temporary Redirect" },
	{ 308, "Permanent Redirect" },
	{ 400, "Bad Request" },
	{ 401, "Unauthorized" },
	{ 403, "Forbidden" },
	{ 404, "Not Found" },
	{ 405, "Method Not Allowed" },
	{ 406, "Not Acceptable" },
	{ 408, "Request Timeout" },
	{ 410, "Gone" },
	{ 429, "Too Many Requests" },
	{ 451, "Unavailable For Legal Reasons" },
	{ 500, "Internal Server Error" },
	{ 501, "Not Implemented" },
	{ 502, "Bad Gateway" },
	{ 503, "Service Unavailable" },
	{ 504, "Gateway Timeout" },
};

const char *
fetch_status_name(enum fetch_status status)
{
	if ((size_t)status >= NITEMS(fetch_status_names))
		return "other";
	return fetch_status_names[status];
}

static void
fetch_now(struct timespec *ts)
{
	if (clock_gettime(CLOCK_MONOTONIC, ts) != 0)
		fatal("clock_gettime: %s", strerror(errno));
}

/* Milliseconds from a to b, 0 when b is not later. */
static long
fetch_ms_until(const struct timespec *a, const struct timespec *b)
{
	long long ms;

	ms = (long long)(b->tv_sec - a->tv_sec) * 1000 +
	    (b->tv_nsec - a->tv_nsec) / 1000000;
	if (ms <= 0)
		return 0;
	return ms > INT_MAX ? INT_MAX : (long)ms;
}

/* "32 MiB", "512 KiB" or "1000 bytes". */
static char *
fetch_size_string(size_t size)
{
	if (size >= (1 << 20) && size % (1 << 20) == 0)
		return xasprintf(_("%zu MiB"), size >> 20);
	if (size >= 1024 && size % 1024 == 0)
		return xasprintf(_("%zu KiB"), size >> 10);
	return xasprintf(_("%zu bytes"), size);
}

/*
 * The host of a URL, lowercase ("host" or "host:port" when with_port and
 * the URL names a port); NULL when it has none or does not parse.
 */
static char *
fetch_url_host(const char *url, int with_port)
{
	CURLU *u;
	char *host = NULL, *port = NULL, *s, *cp;

	if ((u = curl_url()) == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_HOST, &host, 0) != CURLUE_OK ||
	    *host == '\0') {
		curl_free(host);
		curl_url_cleanup(u);
		return NULL;
	}
	if (with_port &&
	    curl_url_get(u, CURLUPART_PORT, &port, 0) == CURLUE_OK)
		s = xasprintf("%s:%s", host, port);
	else
		s = xstrdup(host);
	for (cp = s; *cp != '\0'; cp++) {
		if (*cp >= 'A' && *cp <= 'Z')
			*cp += 'a' - 'A';
	}
	curl_free(port);
	curl_free(host);
	curl_url_cleanup(u);
	return s;
}

/* The host to name in an error: "host:port", else the URL itself. */
static char *
fetch_error_host(const char *url)
{
	char *host;

	if ((host = fetch_url_host(url, 1)) == NULL)
		host = xstrdup(url);
	return host;
}

/* Resolve a Location against the URL it came from; NULL if it cannot. */
static char *
fetch_resolve(const char *base, const char *location)
{
	CURLU *u;
	char *abs = NULL, *s = NULL;

	if ((u = curl_url()) == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, base, 0) == CURLUE_OK &&
	    curl_url_set(u, CURLUPART_URL, location,
	    CURLU_URLENCODE | CURLU_ALLOW_SPACE) == CURLUE_OK &&
	    curl_url_get(u, CURLUPART_URL, &abs, 0) == CURLUE_OK)
		s = xstrdup(abs);
	curl_free(abs);
	curl_url_cleanup(u);
	return s;
}

static struct fetch_host *
fetch_host_get(struct fetch *f, const char *name)
{
	struct fetch_host *h;

	LIST_FOREACH(h, &f->hosts, entry) {
		if (strcmp(h->name, name) == 0)
			return h;
	}
	h = xcalloc(1, sizeof *h);
	h->name = xstrdup(name);
	LIST_INSERT_HEAD(&f->hosts, h, entry);
	return h;
}

/* Whether a header value may be kept: printable ASCII, not too long. */
static int
fetch_value_ok(const char *v, size_t len, size_t max)
{
	size_t i;

	if (len == 0 || len > max)
		return 0;
	for (i = 0; i < len; i++) {
		if ((unsigned char)v[i] < 0x20 || (unsigned char)v[i] > 0x7e)
			return 0;
	}
	return 1;
}

static void
fetch_keep(char **dst, const char *v, size_t len, size_t max)
{
	free(*dst);
	*dst = fetch_value_ok(v, len, max) ? xstrndup(v, len) : NULL;
}

/* Retry-After: delay-seconds or an HTTP-date; 0 when neither. */
static long
fetch_retry_after(const char *v, size_t len)
{
	char *s;
	long long n;
	time_t t, now;
	long secs = 0;

	if (!fetch_value_ok(v, len, 64))
		return 0;
	s = xstrndup(v, len);
	if (util_parse_int(s, 0, FETCH_MAX_RETRY_AFTER, &n) == 0)
		secs = (long)n;
	else if (s[0] < '0' || s[0] > '9') {
		if ((t = curl_getdate(s, NULL)) != -1) {
			now = time(NULL);
			if (t > now)
				secs = t - now > FETCH_MAX_RETRY_AFTER ?
				    FETCH_MAX_RETRY_AFTER : (long)(t - now);
		}
	} else
		secs = FETCH_MAX_RETRY_AFTER;	/* a huge number */
	free(s);
	return secs;
}

/* A status line starts a new response: forget what the last one said. */
static void
fetch_status_line(struct fetch_xfer *x, const char *p, size_t len)
{
	const char *sp, *end = p + len;
	char *s;
	long code = 0;
	int i;

	if ((sp = memchr(p, ' ', len)) != NULL) {
		sp++;
		for (i = 0; i < 3 && sp < end && *sp >= '0' && *sp <= '9';
		    i++, sp++)
			code = code * 10 + (*sp - '0');
		if (i != 3)
			code = 0;
		while (sp < end && *sp == ' ')
			sp++;
	}
	x->code = code;
	free(x->reason);
	x->reason = NULL;
	if (sp != NULL && sp < end)
		x->reason = xstrndup(sp, end - sp > FETCH_MAX_REASON ?
		    FETCH_MAX_REASON : (size_t)(end - sp));
	free(x->r.etag);
	free(x->r.last_modified);
	free(x->r.content_type);
	x->r.etag = x->r.last_modified = x->r.content_type = NULL;
	x->r.retry_after = 0;
	buf_reset(&x->r.body);
	x->size = 0;
	/* Interim 1xx answers (100 Continue, 103 Early Hints) come first. */
	if (code >= 100 && code < 200)
		return;
	x->responses++;
	if (!x->permanent)
		return;
	if (x->moved_location != NULL) {
		s = fetch_resolve(x->moved != NULL ? x->moved : x->url,
		    x->moved_location);
		free(x->moved_location);
		x->moved_location = NULL;
		free(x->moved);
		if ((x->moved = s) == NULL)
			x->permanent = 0;
	}
	if (code != 301 && code != 308)
		x->permanent = 0;
}

static size_t
fetch_header_cb(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_xfer *x = arg;
	size_t len = size * n, total = len, nlen;
	const char *colon, *v;

	while (len > 0 && (p[len - 1] == '\n' || p[len - 1] == '\r' ||
	    p[len - 1] == ' ' || p[len - 1] == '\t'))
		len--;
	if (len >= 5 && memcmp(p, "HTTP/", 5) == 0) {
		fetch_status_line(x, p, len);
		return total;
	}
	if ((colon = memchr(p, ':', len)) == NULL)
		return total;
	nlen = colon - p;
	v = colon + 1;
	while (v < p + len && (*v == ' ' || *v == '\t'))
		v++;
	len -= v - p;

#define IS(name) (nlen == sizeof name - 1 && strncasecmp(p, name, nlen) == 0)
	if (IS("etag"))
		fetch_keep(&x->r.etag, v, len, FETCH_MAX_VALUE);
	else if (IS("last-modified"))
		fetch_keep(&x->r.last_modified, v, len, FETCH_MAX_VALUE);
	else if (IS("content-type"))
		fetch_keep(&x->r.content_type, v, len, FETCH_MAX_VALUE);
	else if (IS("retry-after"))
		x->r.retry_after = fetch_retry_after(v, len);
	else if (IS("location") && x->permanent &&
	    (x->code == 301 || x->code == 308))
		fetch_keep(&x->moved_location, v, len, FETCH_MAX_LOCATION);
#undef IS
	return total;
}

static size_t
fetch_write_cb(char *p, size_t size, size_t n, void *arg)
{
	struct fetch_xfer *x = arg;
	size_t len = size * n;

	/*
	 * Counted after decoding: CURLOPT_MAXFILESIZE only checks the
	 * Content-Length, which says nothing of what gzip inflates to.
	 */
	if (len > x->f->opts.max_size - x->size) {
		x->aborted = FETCH_ABORT_SIZE;
		return 0;
	}
	x->size += len;
	/* Only a 2xx (or file://, without a status line) has a wanted body. */
	if (x->code != 0 && (x->code < 200 || x->code > 299))
		return len;
	if (x->data != NULL) {
		if (x->data(p, len, x->arg) != 0) {
			x->aborted = FETCH_ABORT_DATA;
			return 0;
		}
		return len;
	}
	buf_add(&x->r.body, p, len);
	return len;
}

static void
fetch_xfer_free(struct fetch_xfer *x)
{
	if (x->easy != NULL)
		curl_easy_cleanup(x->easy);
	curl_slist_free_all(x->headers);
	free(x->url);
	free(x->etag);
	free(x->last_modified);
	free(x->post);
	free(x->post_type);
	free(x->reason);
	free(x->moved);
	free(x->moved_location);
	free(x->r.effective_url);
	free(x->r.moved_to);
	free(x->r.error);
	free(x->r.etag);
	free(x->r.last_modified);
	free(x->r.content_type);
	buf_free(&x->r.body);
	free(x);
}

/* Set r.status and r.error (sanitised: it may quote the server). */
static void PRINTFLIKE(3, 4)
fetch_fail(struct fetch_xfer *x, enum fetch_status status, const char *fmt,
    ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	free(x->r.error);
	x->r.error = text_sanitize(s, strlen(s), TEXT_ONELINE);
	free(s);
	x->r.status = status;
	buf_reset(&x->r.body);
}

/* curl's message for a failed transfer: its error buffer or strerror. */
static const char *
fetch_curl_error(struct fetch_xfer *x, CURLcode rc)
{
	if (x->errbuf[0] != '\0')
		return x->errbuf;
	return curl_easy_strerror(rc);
}

static void
fetch_http_status(struct fetch_xfer *x)
{
	long code = x->r.http_status;
	const char *reason = NULL;
	char *url = x->r.effective_url;
	size_t i;

	if (code == 0 || (code >= 200 && code < 300))
		return;
	if (code == 304) {
		x->r.status = FETCH_NOT_MODIFIED;
		buf_reset(&x->r.body);
		if (x->r.etag == NULL && x->etag != NULL)
			x->r.etag = xstrdup(x->etag);
		if (x->r.last_modified == NULL && x->last_modified != NULL)
			x->r.last_modified = xstrdup(x->last_modified);
		return;
	}
	/*
	 * A 4xx or 5xx, or a 3xx that was not followed (no usable Location):
	 * nothing to parse. The usual reasons are ours, so that a server
	 * cannot write what it likes into the source's error.
	 */
	for (i = 0; i < NITEMS(fetch_reasons); i++) {
		if (fetch_reasons[i].code == code)
			reason = fetch_reasons[i].reason;
	}
	if (reason == NULL && x->reason != NULL)
		reason = x->reason;
	if (reason == NULL || *reason == '\0') {
		fetch_fail(x, FETCH_ERR_HTTP, _("HTTP %ld from %s"), code, url);
		return;
	}
	/* TRANSLATORS: "HTTP 404 Not Found from https://..." */
	fetch_fail(x, FETCH_ERR_HTTP, _("HTTP %ld %s from %s"), code, reason,
	    url);
}

static void
fetch_timeout(struct fetch_xfer *x)
{
	struct fetch_opts *o = &x->f->opts;
	curl_off_t lookup = 0, connect = 0;
	char *host;

	host = fetch_error_host(x->r.effective_url);
	curl_easy_getinfo(x->easy, CURLINFO_NAMELOOKUP_TIME_T, &lookup);
	curl_easy_getinfo(x->easy, CURLINFO_CONNECT_TIME_T, &connect);
	if (lookup == 0 && connect == 0 && x->responses == 0 &&
	    x->r.seconds < o->timeout - 0.5) {
		fetch_fail(x, FETCH_ERR_TIMEOUT,
		    _("timed out resolving or connecting to %s after %.0f s"),
		    host, x->r.seconds);
	} else if (connect == 0 && x->responses == 0 &&
	    x->r.seconds < o->timeout - 0.5) {
		fetch_fail(x, FETCH_ERR_TIMEOUT,
		    _("timed out connecting to %s after %.0f s"), host,
		    x->r.seconds);
	} else if (x->r.seconds < o->timeout - 0.5) {
		fetch_fail(x, FETCH_ERR_TIMEOUT,
		    _("transfer from %s stalled: under 1 byte/s for %ld s"),
		    host, o->low_speed_time);
	} else {
		fetch_fail(x, FETCH_ERR_TIMEOUT,
		    _("fetching %s took longer than %ld s"),
		    x->r.effective_url, o->timeout);
	}
	free(host);
}

/* Turn what curl said into a status and a message naming the object. */
static void
fetch_classify(struct fetch_xfer *x, CURLcode rc)
{
	struct fetch_opts *o = &x->f->opts;
	const char *url = x->r.effective_url;
	char *host, *size;
	long oserr = 0;

	x->r.status = FETCH_OK;
	/* An error page too large to read is still that error. */
	if (((rc == CURLE_WRITE_ERROR && x->aborted == FETCH_ABORT_SIZE) ||
	    rc == CURLE_FILESIZE_EXCEEDED) && x->r.http_status >= 300)
		rc = CURLE_OK;
	if (rc == CURLE_OK) {
		fetch_http_status(x);
		return;
	}
	host = fetch_error_host(url);
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_HOST:
		fetch_fail(x, FETCH_ERR_DNS, _("cannot resolve host %s"),
		    host);
		break;
	case CURLE_COULDNT_RESOLVE_PROXY:
		fetch_fail(x, FETCH_ERR_DNS,
		    _("cannot resolve the proxy for %s: %s"), host,
		    fetch_curl_error(x, rc));
		break;
	case CURLE_COULDNT_CONNECT:
		curl_easy_getinfo(x->easy, CURLINFO_OS_ERRNO, &oserr);
		fetch_fail(x, FETCH_ERR_CONNECT, _("cannot connect to %s: %s"),
		    host, oserr != 0 ? strerror((int)oserr) :
		    fetch_curl_error(x, rc));
		break;
	case CURLE_OPERATION_TIMEDOUT:
		fetch_timeout(x);
		break;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_SSL_ENGINE_NOTFOUND:
	case CURLE_SSL_ENGINE_SETFAILED:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_ENGINE_INITFAILED:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_SHUTDOWN_FAILED:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CLIENTCERT:
	case CURLE_USE_SSL_FAILED:
		fetch_fail(x, FETCH_ERR_TLS, _("TLS failure with %s: %s"),
		    host, fetch_curl_error(x, rc));
		break;
	case CURLE_TOO_MANY_REDIRECTS:
		fetch_fail(x, FETCH_ERR_REDIRECTS,
		    _("too many redirects (more than %ld) from %s"),
		    o->max_redirects < 0 ? 0 : o->max_redirects, x->url);
		break;
	case CURLE_UNSUPPORTED_PROTOCOL:
		fetch_fail(x, FETCH_ERR_PROTOCOL,
		    _("unsupported protocol in %s"), url);
		break;
	case CURLE_URL_MALFORMAT:
		fetch_fail(x, FETCH_ERR_PROTOCOL, _("malformed URL %s"), url);
		break;
	case CURLE_FILESIZE_EXCEEDED:
	case CURLE_WRITE_ERROR:
		if (rc == CURLE_WRITE_ERROR && x->aborted == FETCH_ABORT_DATA) {
			fetch_fail(x, FETCH_ERR_OTHER,
			    _("transfer from %s aborted"), url);
			break;
		}
		if (rc == CURLE_WRITE_ERROR && x->aborted != FETCH_ABORT_SIZE)
			goto other;
		size = fetch_size_string(o->max_size);
		fetch_fail(x, FETCH_ERR_TOO_LARGE,
		    _("response larger than %s from %s"), size, url);
		free(size);
		break;
	case CURLE_PARTIAL_FILE:
		fetch_fail(x, FETCH_ERR_OTHER,
		    _("incomplete response from %s: %s"), url,
		    fetch_curl_error(x, rc));
		break;
	case CURLE_GOT_NOTHING:
		fetch_fail(x, FETCH_ERR_OTHER, _("empty reply from %s"), host);
		break;
	case CURLE_BAD_CONTENT_ENCODING:
		fetch_fail(x, FETCH_ERR_OTHER,
		    _("cannot decode the response from %s: %s"), url,
		    fetch_curl_error(x, rc));
		break;
	case CURLE_OUT_OF_MEMORY:
		/* What libcurl 7.88 says of a header over 100 KB. */
		if (x->responses == 0)
			goto other;
		fetch_fail(x, FETCH_ERR_OTHER,
		    _("response header too large from %s"), url);
		break;
	case CURLE_FILE_COULDNT_READ_FILE:
	case CURLE_READ_ERROR:
		fetch_fail(x, FETCH_ERR_OTHER, _("cannot read %s"), url);
		break;
	default:
	other:
		if (x->errbuf[0] != '\0') {
			fetch_fail(x, FETCH_ERR_OTHER,
			    _("cannot fetch %s: %s (%s)"), url,
			    curl_easy_strerror(rc), x->errbuf);
		} else {
			fetch_fail(x, FETCH_ERR_OTHER, _("cannot fetch %s: %s"),
			    url, curl_easy_strerror(rc));
		}
		break;
	}
	free(host);
}

/* Hold a host's queue for as long as its Retry-After asks (capped). */
static void
fetch_hold(struct fetch_xfer *x)
{
	struct fetch_host *h = x->host;
	struct timespec until;
	long secs = x->r.retry_after;

	if (h == NULL || secs <= 0 ||
	    (x->r.http_status != 429 && x->r.http_status != 503))
		return;
	if (secs > x->f->opts.max_hold)
		secs = x->f->opts.max_hold;
	fetch_now(&until);
	until.tv_sec += secs;
	if (until.tv_sec > h->hold.tv_sec)
		h->hold = until;
}

/* A transfer ended (or never started): report it and free it. */
static void
fetch_end(struct fetch_xfer *x, CURLcode rc)
{
	struct fetch *f = x->f;
	curl_off_t down = 0;
	long hsize = 0;
	char *eff = NULL;
	double secs = 0;

	if (x->easy != NULL) {
		curl_easy_getinfo(x->easy, CURLINFO_RESPONSE_CODE,
		    &x->r.http_status);
		if (curl_easy_getinfo(x->easy, CURLINFO_EFFECTIVE_URL,
		    &eff) == CURLE_OK && eff != NULL)
			x->r.effective_url = xstrdup(eff);
		curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
		curl_easy_getinfo(x->easy, CURLINFO_HEADER_SIZE, &hsize);
		curl_easy_getinfo(x->easy, CURLINFO_TOTAL_TIME, &secs);
		x->r.bytes = (size_t)down + (size_t)hsize;
		x->r.seconds = secs;
	}
	if (x->r.effective_url == NULL)
		x->r.effective_url = xstrdup(x->url);
	if (x->r.error == NULL)
		fetch_classify(x, rc);
	if (x->r.status != FETCH_OK && x->r.status != FETCH_NOT_MODIFIED)
		buf_reset(&x->r.body);
	else if (x->moved != NULL && strcmp(x->moved, x->url) != 0) {
		x->r.moved_to = x->moved;
		x->moved = NULL;
	}
	if (x->r.http_status != 429 && x->r.http_status != 503)
		x->r.retry_after = 0;
	fetch_hold(x);

	if (x->running) {
		curl_multi_remove_handle(f->multi, x->easy);
		TAILQ_REMOVE(&f->running, x, entry);
		f->nrunning--;
		if (x->host != NULL)
			x->host->running--;
	}
	f->ndone++;
	if (x->r.status != FETCH_OK && x->r.status != FETCH_NOT_MODIFIED)
		f->nfailed++;
	f->bytes += x->r.bytes;

	if (x->done != NULL)
		x->done(&x->r, x->arg);
	fetch_xfer_free(x);
}

static int
fetch_headers(struct fetch_xfer *x)
{
	struct curl_slist *l;
	char *s;

	if (x->etag != NULL && fetch_value_ok(x->etag, strlen(x->etag),
	    FETCH_MAX_VALUE)) {
		s = xasprintf("If-None-Match: %s", x->etag);
		l = curl_slist_append(x->headers, s);
		free(s);
		if (l == NULL)
			return -1;
		x->headers = l;
	}
	if (x->last_modified != NULL && fetch_value_ok(x->last_modified,
	    strlen(x->last_modified), FETCH_MAX_VALUE)) {
		s = xasprintf("If-Modified-Since: %s", x->last_modified);
		l = curl_slist_append(x->headers, s);
		free(s);
		if (l == NULL)
			return -1;
		x->headers = l;
	}
	if (x->post != NULL) {
		s = xasprintf("Content-Type: %s", x->post_type != NULL ?
		    x->post_type : "application/octet-stream");
		/* An empty Expect: no 100-continue round trip. */
		if ((l = curl_slist_append(x->headers, s)) == NULL ||
		    (l = curl_slist_append(l, "Expect:")) == NULL) {
			free(s);
			return -1;
		}
		free(s);
		x->headers = l;
	}
	return 0;
}

/* Make the easy handle and give it to the multi handle. */
static int
fetch_start_one(struct fetch_xfer *x)
{
	struct fetch *f = x->f;
	struct fetch_opts *o = &f->opts;
	CURL *e;
	CURLcode rc = CURLE_OK;

	if ((e = x->easy = curl_easy_init()) == NULL)
		fatal("cannot make a libcurl handle");
	if (fetch_headers(x) != 0)
		fatal("out of memory");

#define SET(opt, val) do {						\
	if (rc == CURLE_OK)						\
		rc = curl_easy_setopt(e, opt, val);			\
} while (0)
	SET(CURLOPT_URL, x->url);
	SET(CURLOPT_PRIVATE, x);
	SET(CURLOPT_NOSIGNAL, 1L);
	SET(CURLOPT_ERRORBUFFER, x->errbuf);
	SET(CURLOPT_USERAGENT, f->user_agent);
	SET(CURLOPT_ACCEPT_ENCODING, "");
	SET(CURLOPT_HTTPHEADER, x->headers);
	SET(CURLOPT_FOLLOWLOCATION, o->max_redirects < 0 ? 0L : 1L);
	SET(CURLOPT_MAXREDIRS, o->max_redirects < 0 ? 0L : o->max_redirects);
#if LIBCURL_VERSION_NUM >= 0x075500
	SET(CURLOPT_PROTOCOLS_STR, "http,https,file");
	SET(CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
#else
	SET(CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS |
	    CURLPROTO_FILE));
	SET(CURLOPT_REDIR_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
#endif
	SET(CURLOPT_CONNECTTIMEOUT, o->connect_timeout);
	SET(CURLOPT_LOW_SPEED_LIMIT, 1L);
	SET(CURLOPT_LOW_SPEED_TIME, o->low_speed_time);
	SET(CURLOPT_TIMEOUT, o->timeout);
	SET(CURLOPT_MAXFILESIZE_LARGE, (curl_off_t)o->max_size);
	/* A proxy's "200 Connection established" is not the answer. */
	SET(CURLOPT_SUPPRESS_CONNECT_HEADERS, 1L);
	SET(CURLOPT_HEADERFUNCTION, fetch_header_cb);
	SET(CURLOPT_HEADERDATA, x);
	SET(CURLOPT_WRITEFUNCTION, fetch_write_cb);
	SET(CURLOPT_WRITEDATA, x);
	if (x->post != NULL) {
		SET(CURLOPT_POSTFIELDSIZE_LARGE, (curl_off_t)x->post_len);
		SET(CURLOPT_POSTFIELDS, x->post);
	}
#undef SET
	if (rc != CURLE_OK) {
		fetch_fail(x, FETCH_ERR_OTHER, _("cannot set up %s: %s"),
		    x->url, curl_easy_strerror(rc));
		return -1;
	}
	if (curl_multi_add_handle(f->multi, e) != CURLM_OK) {
		fetch_fail(x, FETCH_ERR_OTHER, _("cannot start %s"), x->url);
		return -1;
	}
	x->running = 1;
	TAILQ_INSERT_TAIL(&f->running, x, entry);
	f->nrunning++;
	if (x->host != NULL)
		x->host->running++;
	return 0;
}

/*
 * Start what the limits allow, end what failed before starting. Returns
 * how long until a held host may go on (ms), -1 when none is held; sets
 * *ended when a transfer ended here.
 */
static long
fetch_start(struct fetch *f, int *ended)
{
	struct fetch_xfer *x, *next;
	struct fetch_host *h;
	struct timespec now;
	long wait = -1, ms;

	fetch_now(&now);
	for (x = TAILQ_FIRST(&f->queue); x != NULL; x = next) {
		next = TAILQ_NEXT(x, entry);
		h = x->host;
		if (x->r.error == NULL) {
			if (f->nrunning >= (unsigned)f->opts.max_total)
				continue;
			if (h != NULL && (ms = fetch_ms_until(&now,
			    &h->hold)) > 0) {
				if (wait == -1 || ms < wait)
					wait = ms;
				continue;
			}
			if (h != NULL &&
			    h->running >= (unsigned)f->opts.max_host)
				continue;
		}
		TAILQ_REMOVE(&f->queue, x, entry);
		f->nqueued--;
		if (x->r.error == NULL && fetch_start_one(x) == 0)
			continue;
		*ended = 1;
		fetch_end(x, CURLE_OK);
	}
	return wait;
}

/* End the transfers curl has finished. */
static void
fetch_collect(struct fetch *f)
{
	CURLMsg *msg;
	struct fetch_xfer *x;
	int left;
	char *priv;

	while ((msg = curl_multi_info_read(f->multi, &left)) != NULL) {
		if (msg->msg != CURLMSG_DONE)
			continue;
		if (curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
		    &priv) != CURLE_OK || priv == NULL)
			fatal("libcurl handle without its transfer");
		x = (struct fetch_xfer *)priv;
		fetch_end(x, msg->data.result);
	}
}

struct fetch *
fetch_new(const struct fetch_opts *opts, char **cause)
{
	struct fetch *f;
	struct fetch_opts *o;

	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		set_cause(cause, _("cannot initialise libcurl"));
		return NULL;
	}
	f = xcalloc(1, sizeof *f);
	o = &f->opts;
	if (opts != NULL)
		*o = *opts;
	if (o->max_total <= 0)
		o->max_total = FETCH_MAX_TOTAL;
	if (o->max_host <= 0)
		o->max_host = FETCH_MAX_HOST;
	if (o->connect_timeout <= 0)
		o->connect_timeout = FETCH_CONNECT_TIMEOUT;
	if (o->low_speed_time <= 0)
		o->low_speed_time = FETCH_LOW_SPEED_TIME;
	if (o->timeout <= 0)
		o->timeout = FETCH_TIMEOUT;
	if (o->max_redirects == 0)
		o->max_redirects = FETCH_MAX_REDIRECTS;
	if (o->max_size == 0)
		o->max_size = FETCH_MAX_SIZE;
	if (o->max_hold <= 0)
		o->max_hold = FETCH_MAX_HOLD;
	if (o->user_agent != NULL)
		f->user_agent = xstrdup(o->user_agent);
	else {
		f->user_agent = xasprintf("pundit/%s (+%s)", PACKAGE_VERSION,
		    sizeof PACKAGE_URL > 1 ? PACKAGE_URL : FETCH_HOME);
	}
	o->user_agent = f->user_agent;
	TAILQ_INIT(&f->queue);
	TAILQ_INIT(&f->running);
	LIST_INIT(&f->hosts);

	if ((f->multi = curl_multi_init()) == NULL) {
		set_cause(cause, _("cannot initialise libcurl"));
		free(f->user_agent);
		free(f);
		curl_global_cleanup();
		return NULL;
	}
	curl_multi_setopt(f->multi, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)o->max_total);
	curl_multi_setopt(f->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
	    (long)o->max_host);
	curl_multi_setopt(f->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	return f;
}

void
fetch_free(struct fetch **fp)
{
	struct fetch *f = *fp;
	struct fetch_xfer *x;
	struct fetch_host *h;

	if (f == NULL)
		return;
	while ((x = TAILQ_FIRST(&f->running)) != NULL) {
		TAILQ_REMOVE(&f->running, x, entry);
		curl_multi_remove_handle(f->multi, x->easy);
		fetch_xfer_free(x);
	}
	while ((x = TAILQ_FIRST(&f->queue)) != NULL) {
		TAILQ_REMOVE(&f->queue, x, entry);
		fetch_xfer_free(x);
	}
	while ((h = LIST_FIRST(&f->hosts)) != NULL) {
		LIST_REMOVE(h, entry);
		free(h->name);
		free(h);
	}
	curl_multi_cleanup(f->multi);
	free(f->user_agent);
	free(f);
	curl_global_cleanup();
	*fp = NULL;
}

void
fetch_add(struct fetch *f, const struct fetch_request *req)
{
	struct fetch_xfer *x;
	CURLU *u;
	char *scheme = NULL, *host;

	x = xcalloc(1, sizeof *x);
	x->f = f;
	x->url = xstrdup(req->url);
	x->r.url = x->url;
	if (req->etag != NULL)
		x->etag = xstrdup(req->etag);
	if (req->last_modified != NULL)
		x->last_modified = xstrdup(req->last_modified);
	x->allow_file = req->allow_file;
	if (req->post != NULL) {
		x->post = xmalloc(req->post_len + 1);
		memcpy(x->post, req->post, req->post_len);
		x->post[req->post_len] = '\0';
		x->post_len = req->post_len;
		if (req->post_type != NULL)
			x->post_type = xstrdup(req->post_type);
		/* A POST is for a server, not a file. */
		x->allow_file = 0;
	}
	x->permanent = 1;
	x->data = req->data;
	x->done = req->done;
	x->arg = req->arg;

	/* Refuse here what should not reach curl, with a clearer message. */
	if ((u = curl_url()) == NULL)
		fatal("out of memory");
	if (curl_url_set(u, CURLUPART_URL, x->url, 0) != CURLUE_OK ||
	    curl_url_get(u, CURLUPART_SCHEME, &scheme, 0) != CURLUE_OK)
		fetch_fail(x, FETCH_ERR_PROTOCOL, _("malformed URL %s"),
		    x->url);
	else if (strcmp(scheme, "file") == 0) {
		if (!x->allow_file) {
			fetch_fail(x, FETCH_ERR_PROTOCOL,
			    _("file URLs are not fetched here: %s"), x->url);
		}
	} else if (strcmp(scheme, "http") != 0 &&
	    strcmp(scheme, "https") != 0) {
		fetch_fail(x, FETCH_ERR_PROTOCOL,
		    _("unsupported protocol %s in %s"), scheme, x->url);
	} else if ((host = fetch_url_host(x->url, 0)) != NULL) {
		x->host = fetch_host_get(f, host);
		free(host);
	}
	curl_free(scheme);
	curl_url_cleanup(u);

	TAILQ_INSERT_TAIL(&f->queue, x, entry);
	f->nqueued++;
}

unsigned
fetch_pending(const struct fetch *f)
{
	return f->nqueued + f->nrunning;
}

void
fetch_stats(const struct fetch *f, struct fetch_stats *st)
{
	struct fetch_xfer *x;
	curl_off_t down;

	st->queued = f->nqueued;
	st->running = f->nrunning;
	st->done = f->ndone;
	st->failed = f->nfailed;
	st->bytes = f->bytes;
	TAILQ_FOREACH(x, &f->running, entry) {
		down = 0;
		curl_easy_getinfo(x->easy, CURLINFO_SIZE_DOWNLOAD_T, &down);
		st->bytes += (size_t)down;
	}
}

int
fetch_poll(struct fetch *f, int timeout_ms, int extra_fd)
{
	return fetch_poll_fds(f, timeout_ms, &extra_fd, extra_fd >= 0 ? 1 : 0);
}

int
fetch_poll_fds(struct fetch *f, int timeout_ms, const int *fds, size_t nfds)
{
	struct curl_waitfd wfd[FETCH_MAX_FDS];
	long wait;
	int ended = 0, running, ready = 0;
	size_t i;

	if (nfds > FETCH_MAX_FDS)
		fatal("fetch_poll_fds: %zu descriptors", nfds);
	if (timeout_ms < 0)
		timeout_ms = 0;
	wait = fetch_start(f, &ended);
	if (ended)
		timeout_ms = 0;
	else if (wait >= 0 && wait < timeout_ms)
		timeout_ms = (int)wait;

	memset(wfd, 0, sizeof wfd);
	for (i = 0; i < nfds; i++) {
		wfd[i].fd = fds[i];
		wfd[i].events = CURL_WAIT_POLLIN;
	}
	if (curl_multi_poll(f->multi, nfds > 0 ? wfd : NULL,
	    (unsigned)nfds, timeout_ms, NULL) != CURLM_OK)
		fatal("curl_multi_poll failed");
	for (i = 0; i < nfds; i++)
		if (wfd[i].revents & CURL_WAIT_POLLIN)
			ready = 1;

	curl_multi_perform(f->multi, &running);
	fetch_collect(f);
	fetch_start(f, &ended);
	return ready;
}

void
fetch_run(struct fetch *f)
{
	while (fetch_pending(f) > 0)
		fetch_poll(f, 1000, -1);
}
