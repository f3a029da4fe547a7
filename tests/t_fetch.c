/* t_fetch.c - the fetch engine against tests/httpd.py on 127.0.0.1. */
#include "config.h"

#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "fetch.h"
#include "tap.h"
#include "util.h"

/* What a done callback saw (the result itself is freed after it). */
struct got {
	int		 ended;
	enum fetch_status status;
	long		 http_status;
	char		*error;
	char		*effective_url;
	char		*moved_to;
	char		*etag;
	char		*last_modified;
	char		*content_type;
	long		 retry_after;
	struct buf	 body;
	struct buf	 streamed;
	size_t		 bytes;
	double		 seconds;
	double		 ended_at;	/* monotonic seconds */
	int		 abort_stream;
};

static pid_t server_pid = -1;
static int server_in = -1;
static char base[64];			/* http://127.0.0.1:PORT */
static char *hosts[4];			/* addresses the server listens on */
static int nhosts;
static struct fetch *F;			/* an engine with test timeouts */

static void
skip(const char *what, const char *why)
{
	printf("ok %d - %s # SKIP %s\n", ++tap_n, what, why);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static char *
dup_or_null(const char *s)
{
	return s == NULL ? NULL : xstrdup(s);
}

static void
got_done(struct fetch_result *r, void *arg)
{
	struct got *g = arg;

	g->ended++;
	g->status = r->status;
	g->http_status = r->http_status;
	g->error = dup_or_null(r->error);
	g->effective_url = dup_or_null(r->effective_url);
	g->moved_to = dup_or_null(r->moved_to);
	g->etag = dup_or_null(r->etag);
	g->last_modified = dup_or_null(r->last_modified);
	g->content_type = dup_or_null(r->content_type);
	g->retry_after = r->retry_after;
	buf_add(&g->body, r->body.data == NULL ? "" : r->body.data,
	    r->body.len);
	g->bytes = r->bytes;
	g->seconds = r->seconds;
	g->ended_at = now();
}

static int
got_data(const char *p, size_t len, void *arg)
{
	struct got *g = arg;

	buf_add(&g->streamed, p, len);
	return g->abort_stream;
}

static void
got_free(struct got *g)
{
	free(g->error);
	free(g->effective_url);
	free(g->moved_to);
	free(g->etag);
	free(g->last_modified);
	free(g->content_type);
	buf_free(&g->body);
	buf_free(&g->streamed);
	memset(g, 0, sizeof *g);
}

static int
has(const char *haystack, const char *needle)
{
	return haystack != NULL && strstr(haystack, needle) != NULL;
}

static void PRINTFLIKE(5, 6)
add(struct fetch *f, struct got *g, const char *etag, const char *lm,
    const char *fmt, ...)
{
	struct fetch_request req;
	va_list ap;
	char *url;

	va_start(ap, fmt);
	url = xvasprintf(fmt, ap);
	va_end(ap);
	memset(g, 0, sizeof *g);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.etag = etag;
	req.last_modified = lm;
	req.done = got_done;
	req.arg = g;
	fetch_add(f, &req);
	free(url);
}

/* Fetch base + path with the test engine. */
static void
get(struct got *g, const char *path)
{
	add(F, g, NULL, NULL, "%s%s", base, path);
	fetch_run(F);
}

/* What the server has seen (see tests/httpd.py). */
static char *
server_log(int reset)
{
	struct got g;
	char *s;

	get(&g, reset ? "/log?reset=1" : "/log");
	s = xstrdup(buf_str(&g.body));
	got_free(&g);
	return s;
}

static void
server_reset(void)
{
	free(server_log(1));
}

/* The most requests one Host had in flight at once, from the log. */
static int
server_max(const char *log, const char *host)
{
	char *want;
	const char *p;
	int n = 0;

	want = xasprintf("\nmax %s ", host);
	if ((p = strstr(log, want)) != NULL)
		n = (int)strtol(p + strlen(want), NULL, 10);
	free(want);
	return n;
}

static int
server_start(void)
{
	int in[2], out[2];
	const char *top;
	char *path, line[32];
	size_t len = 0;
	long long port;
	char *p, *end;

	if ((top = getenv("top_srcdir")) == NULL)
		top = ".";
	path = xasprintf("%s/tests/httpd.py", top);
	if (pipe2(in, O_CLOEXEC) != 0 || pipe2(out, O_CLOEXEC) != 0)
		fatal("pipe: %s", strerror(errno));
	if ((server_pid = fork()) == -1)
		fatal("fork: %s", strerror(errno));
	if (server_pid == 0) {
		dup2(in[0], 0);
		dup2(out[1], 1);
		execlp("python3", "python3", path, (char *)NULL);
		_exit(127);
	}
	free(path);
	close(in[0]);
	close(out[1]);
	server_in = in[1];
	while (len < sizeof line - 1 && read(out[0], line + len, 1) == 1 &&
	    line[len] != '\n')
		len++;
	line[len] = '\0';
	close(out[0]);
	if (util_parse_int(line, 1, 65535, &port) != 0)
		return -1;
	snprintf(base, sizeof base, "http://127.0.0.1:%lld", port);

	p = server_log(1);
	for (end = p; (end = strstr(end, "listen ")) != NULL &&
	    nhosts < (int)NITEMS(hosts); end += 7)
		hosts[nhosts++] = xstrndup(end + 7, strcspn(end + 7, "\n"));
	free(p);
	if (nhosts == 0)
		hosts[nhosts++] = xstrdup("127.0.0.1");
	return 0;
}

static void
server_stop(void)
{
	int i;

	if (server_in != -1)
		close(server_in);
	if (server_pid > 0) {
		kill(server_pid, SIGTERM);
		waitpid(server_pid, NULL, 0);
	}
	for (i = 0; i < nhosts; i++)
		free(hosts[i]);
}

static struct fetch *
engine(long low_speed_time, long timeout, size_t max_size, int max_host)
{
	struct fetch_opts o;
	struct fetch *f;
	char *cause = NULL;

	memset(&o, 0, sizeof o);
	o.connect_timeout = 3;
	o.low_speed_time = low_speed_time;
	o.timeout = timeout;
	o.max_size = max_size;
	o.max_host = max_host;
	if ((f = fetch_new(&o, &cause)) == NULL)
		fatal("fetch_new: %s", cause);
	return f;
}

static void
test_feed(void)
{
	struct got g;
	char *want, *log;

	get(&g, "/feed.xml");
	is_int(g.ended, 1, "feed: done called once");
	ok(g.status == FETCH_OK, "feed: FETCH_OK");
	is_int(g.http_status, 200, "feed: HTTP 200");
	is_str(g.error, NULL, "feed: no error");
	ok(has(g.body.data, "<rss version=\"2.0\">") &&
	    has(g.body.data, "</rss>"), "feed: whole body");
	is_str(g.content_type, "application/rss+xml; charset=utf-8",
	    "feed: content type");
	want = xasprintf("%s/feed.xml", base);
	is_str(g.effective_url, want, "feed: effective URL");
	free(want);
	is_str(g.moved_to, NULL, "feed: not moved");
	ok(g.bytes > g.body.len, "feed: bytes count headers too");
	got_free(&g);

	log = server_log(0);
	want = xasprintf("GET /feed.xml host=127.0.0.1:%s", strrchr(base,
	    ':') + 1);
	ok(has(log, want), "feed: the server saw the request");
	free(want);
	want = xasprintf("ua=pundit/%s (+", PACKAGE_VERSION);
	ok(has(log, want), "feed: User-Agent pundit/VERSION (+URL)");
	free(want);
	ok(has(log, "ae=deflate, gzip"), "feed: Accept-Encoding offered");
	free(log);
}

static void
test_conditional(void)
{
	struct got g;
	char *log;

	get(&g, "/etag.xml");
	ok(g.status == FETCH_OK, "etag: first fetch OK");
	is_str(g.etag, "\"v1\"", "etag: ETag kept");
	got_free(&g);
	add(F, &g, "\"v1\"", NULL, "%s/etag.xml", base);
	fetch_run(F);
	ok(g.status == FETCH_NOT_MODIFIED, "etag: second fetch not modified");
	is_int(g.http_status, 304, "etag: HTTP 304");
	is_int(g.body.len, 0, "etag: no body");
	is_str(g.error, NULL, "etag: no error");
	is_str(g.etag, "\"v1\"", "etag: ETag still there");
	got_free(&g);

	get(&g, "/lm.xml");
	is_str(g.last_modified, "Wed, 01 May 2024 12:00:00 GMT",
	    "last-modified: kept");
	is_str(g.etag, NULL, "last-modified: no ETag");
	got_free(&g);
	add(F, &g, NULL, "Wed, 01 May 2024 12:00:00 GMT", "%s/lm.xml", base);
	fetch_run(F);
	ok(g.status == FETCH_NOT_MODIFIED, "last-modified: not modified");
	is_str(g.last_modified, "Wed, 01 May 2024 12:00:00 GMT",
	    "last-modified: the one sent is kept when the 304 has none");
	got_free(&g);

	/* A CR LF in a validator must not reach the request. */
	add(F, &g, "\"v1\"\r\nX-Evil: 1", NULL, "%s/etag.xml", base);
	fetch_run(F);
	ok(g.status == FETCH_OK, "etag: a validator with CR LF is not sent");
	got_free(&g);

	log = server_log(0);
	ok(has(log, "GET /etag.xml host=127.0.0.1") &&
	    has(log, "inm=\"v1\" ims=-"), "etag: server saw If-None-Match");
	ok(has(log, "ims=Wed, 01 May 2024 12:00:00 GMT"),
	    "last-modified: server saw If-Modified-Since");
	ok(has(log, "count /etag.xml 3\n") && has(log, "count /lm.xml 2\n"),
	    "conditional: one request per fetch, nothing else");
	ok(!has(log, "X-Evil"), "etag: no header injection");
	free(log);
}

static void
test_gzip(void)
{
	struct got plain, g;

	get(&plain, "/feed.xml");
	get(&g, "/gzip.xml");
	ok(g.status == FETCH_OK, "gzip: OK");
	ok(g.body.len == plain.body.len &&
	    memcmp(g.body.data, plain.body.data, g.body.len) == 0,
	    "gzip: body decoded");
	got_free(&g);
	got_free(&plain);
}

static void
test_redirects(void)
{
	struct got g;
	char *want, *log;

	get(&g, "/redirect/3");
	ok(g.status == FETCH_OK && g.http_status == 200,
	    "redirect: chain of three followed");
	ok(has(g.body.data, "</rss>"), "redirect: body of the last");
	want = xasprintf("%s/feed.xml", base);
	is_str(g.effective_url, want, "redirect: effective URL");
	is_str(g.moved_to, NULL, "redirect: 302 is not a move");
	got_free(&g);

	get(&g, "/moved");
	ok(g.status == FETCH_OK, "301: followed");
	is_str(g.moved_to, want, "301: moved_to resolved to absolute");
	got_free(&g);

	get(&g, "/moved2");
	ok(g.status == FETCH_OK, "301 twice: followed");
	is_str(g.moved_to, want, "301 twice: moved_to is the end of both");
	got_free(&g);
	free(want);

	get(&g, "/moved308");
	ok(g.status == FETCH_OK, "308: followed");
	want = xasprintf("%s/redirect/1", base);
	is_str(g.moved_to, want, "308: moved_to is the first hop");
	free(want);
	got_free(&g);

	get(&g, "/temporary");
	ok(g.status == FETCH_OK && g.moved_to == NULL, "307: no moved_to");
	got_free(&g);

	server_reset();
	get(&g, "/loop");
	ok(g.status == FETCH_ERR_REDIRECTS, "loop: FETCH_ERR_REDIRECTS");
	ok(has(g.error, "too many redirects (more than 5)") &&
	    has(g.error, "/loop"), "loop: error names limit and URL");
	diag("%s", g.error);
	got_free(&g);
	log = server_log(0);
	ok(has(log, "count /loop 6\n"), "loop: stopped after 5 redirects");
	free(log);

	get(&g, "/tofile");
	ok(g.status == FETCH_ERR_PROTOCOL, "redirect to file:// refused");
	is_int(g.body.len, 0, "redirect to file:// read nothing");
	got_free(&g);
}

static void
test_http_errors(void)
{
	static const struct {
		const char	*path;
		long		 code;
		const char	*error;
	} t[] = {
		{ "/status/404", 404, "HTTP 404 Not Found from http://" },
		{ "/status/410", 410, "HTTP 410 Gone from http://" },
		{ "/status/500", 500, "HTTP 500 Internal Server Error from " },
		{ "/status/599", 599, "HTTP 599 from http://" },
	};
	struct got g;
	size_t i;

	for (i = 0; i < NITEMS(t); i++) {
		get(&g, t[i].path);
		ok(g.status == FETCH_ERR_HTTP && g.http_status == t[i].code,
		    "%s: FETCH_ERR_HTTP %ld", t[i].path, t[i].code);
		ok(g.error != NULL &&
		    strncmp(g.error, t[i].error, strlen(t[i].error)) == 0 &&
		    has(g.error, t[i].path), "%s: error \"%s...\"", t[i].path,
		    t[i].error);
		if (g.error != NULL)
			diag("%s", g.error);
		is_int(g.body.len, 0, "%s: no body kept", t[i].path);
		got_free(&g);
	}
}

static void
test_retry_after(void)
{
	struct fetch *f;
	struct got a, b, c, d;
	const char *other = nhosts > 1 ? hosts[1] : "127.0.0.1";
	const char *third = nhosts > 2 ? hosts[2] : "127.0.0.1";
	const char *port = strrchr(base, ':') + 1;
	double t0;

	f = engine(5, 20, 0, 1);
	t0 = now();
	add(f, &a, NULL, NULL, "%s/retry-after", base);
	add(f, &b, NULL, NULL, "%s/feed.xml", base);
	add(f, &c, NULL, NULL, "http://%s:%s/feed.xml", other, port);
	add(f, &d, NULL, NULL, "http://%s:%s/retry-after?date=1", third,
	    port);
	fetch_run(f);
	ok(a.status == FETCH_ERR_HTTP && a.http_status == 429,
	    "429: FETCH_ERR_HTTP 429");
	ok(has(a.error, "HTTP 429 Too Many Requests"), "429: error text");
	is_int(a.retry_after, 2, "429: Retry-After 2 s");
	ok(b.status == FETCH_OK, "429: the request behind it went later");
	ok(b.ended_at - a.ended_at >= 1.5,
	    "429: the host was held for Retry-After (%.2f s)",
	    b.ended_at - a.ended_at);
	ok(b.ended_at - a.ended_at < 4, "429: but not much longer");
	if (nhosts > 1) {
		ok(c.status == FETCH_OK && c.ended_at - t0 < 1,
		    "429: another host was not held (%.2f s)",
		    c.ended_at - t0);
	} else
		skip("429: another host was not held", "one address only");
	ok(d.retry_after >= 1 && d.retry_after <= 3,
	    "429: Retry-After as an HTTP date (%ld s)", d.retry_after);
	got_free(&a);
	got_free(&b);
	got_free(&c);
	got_free(&d);

	add(f, &a, NULL, NULL, "%s/unavailable", base);
	fetch_run(f);
	ok(a.status == FETCH_ERR_HTTP && a.retry_after == 1 &&
	    has(a.error, "HTTP 503 Service Unavailable"),
	    "503: error and Retry-After");
	got_free(&a);
	fetch_free(&f);
	ok(f == NULL, "fetch_free clears the pointer");
}

static void
test_slow(void)
{
	struct fetch *f;
	struct got drip, hang, fastdrip, trunc;
	double t0, took;

	/* All at once, so the test waits for the slowest only. */
	f = engine(2, 5, 0, 8);
	t0 = now();
	add(f, &drip, NULL, NULL, "%s/drip", base);
	add(f, &hang, NULL, NULL, "%s/hang", base);
	add(f, &fastdrip, NULL, NULL, "%s/drip?ms=100", base);
	add(f, &trunc, NULL, NULL, "%s/truncated", base);
	fetch_run(f);
	took = now() - t0;

	/* 1 byte/s is on the low-speed limit: either timeout may end it. */
	ok(drip.status == FETCH_ERR_TIMEOUT, "drip: FETCH_ERR_TIMEOUT");
	ok(drip.seconds >= 1.5 && drip.seconds < 7,
	    "drip: ended by a timeout (%.2f s)", drip.seconds);
	diag("%s", drip.error);
	is_int(drip.body.len, 0, "drip: no partial body kept");
	ok(hang.status == FETCH_ERR_TIMEOUT, "hang: FETCH_ERR_TIMEOUT");
	ok(hang.seconds >= 1.5 && hang.seconds < 4.5,
	    "hang: ended by the 2 s low-speed limit (%.2f s)", hang.seconds);
	ok(has(hang.error, "stalled") && has(hang.error, "127.0.0.1"),
	    "hang: error names the host");
	diag("%s", hang.error);
	ok(fastdrip.status == FETCH_ERR_TIMEOUT,
	    "drip at 10 bytes/s: FETCH_ERR_TIMEOUT");
	ok(fastdrip.seconds >= 4.5 && fastdrip.seconds < 7,
	    "drip at 10 bytes/s: ended by the 5 s total timeout (%.2f s)",
	    fastdrip.seconds);
	ok(has(fastdrip.error, "took longer than 5 s") &&
	    has(fastdrip.error, base), "drip at 10 bytes/s: error names URL");
	diag("%s", fastdrip.error);
	ok(trunc.status == FETCH_ERR_OTHER &&
	    has(trunc.error, "incomplete response from"),
	    "truncated: an error");
	diag("%s", trunc.error);
	ok(took < 8, "slow routes together in %.2f s", took);
	got_free(&drip);
	got_free(&hang);
	got_free(&fastdrip);
	got_free(&trunc);
	fetch_free(&f);
}

static long
max_rss_kb(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static void
test_size(void)
{
	struct fetch *f;
	struct got big, chunked, small, exact, bomb;
	double t0;
	long rss;

	f = engine(5, 20, 1 << 20, 4);
	add(f, &big, NULL, NULL, "%s/big?mb=4", base);
	add(f, &chunked, NULL, NULL, "%s/big?mb=4&nolength=1", base);
	add(f, &small, NULL, NULL, "%s/big?kb=512", base);
	add(f, &exact, NULL, NULL, "%s/big?mb=1&nolength=1", base);
	fetch_run(f);
	ok(big.status == FETCH_ERR_TOO_LARGE, "big: FETCH_ERR_TOO_LARGE");
	ok(has(big.error, "response larger than 1 MiB from http://"),
	    "big: error says the limit");
	diag("%s", big.error);
	ok(chunked.status == FETCH_ERR_TOO_LARGE,
	    "big without Content-Length: counted, FETCH_ERR_TOO_LARGE");
	is_int(chunked.body.len, 0, "big without Content-Length: no body");
	ok(small.status == FETCH_OK && small.body.len == 512 << 10,
	    "512 KiB under a 1 MiB limit: OK");
	ok(exact.status == FETCH_OK && exact.body.len == 1 << 20,
	    "exactly 1 MiB: OK");
	got_free(&big);
	got_free(&chunked);
	got_free(&small);
	got_free(&exact);
	fetch_free(&f);

	/* 1 GB of zeros in 1 MB of gzip, against the default 32 MiB. */
	f = engine(5, 30, 0, 0);
	rss = max_rss_kb();
	t0 = now();
	add(f, &bomb, NULL, NULL, "%s/bomb", base);
	fetch_run(f);
	ok(bomb.status == FETCH_ERR_TOO_LARGE,
	    "gzip bomb: FETCH_ERR_TOO_LARGE");
	ok(has(bomb.error, "larger than 32 MiB"), "gzip bomb: error");
	ok(bomb.bytes < 512 << 10,
	    "gzip bomb: stopped after %zu bytes of its 1 MB", bomb.bytes);
	ok(now() - t0 < 10, "gzip bomb: ended in %.2f s", now() - t0);
	ok(max_rss_kb() - rss < 256 << 10,
	    "gzip bomb: memory grew by %ld KiB only", max_rss_kb() - rss);
	got_free(&bomb);

	add(f, &bomb, NULL, NULL, "%s/status/404?bomb=1", base);
	fetch_run(f);
	ok(bomb.status == FETCH_ERR_HTTP && bomb.http_status == 404 &&
	    bomb.bytes < 512 << 10, "gzip bomb as a 404 page: still a 404");
	got_free(&bomb);
	fetch_free(&f);
}

static void
test_file(void)
{
	struct fetch_request req;
	struct got g;
	char path[] = "/tmp/pundit-t_fetch.XXXXXX", *url;
	const char text[] = "<rss version=\"2.0\"><channel/></rss>\n";
	int fd;

	if ((fd = mkstemp(path)) == -1 ||
	    write(fd, text, sizeof text - 1) != (ssize_t)(sizeof text - 1))
		fatal("%s: %s", path, strerror(errno));
	close(fd);
	url = xasprintf("file://%s", path);

	memset(&g, 0, sizeof g);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.allow_file = 1;
	req.done = got_done;
	req.arg = &g;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_OK, "file: FETCH_OK");
	is_int(g.http_status, 0, "file: http_status 0");
	is_str(g.body.data, text, "file: body");
	got_free(&g);

	req.allow_file = 0;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_ERR_PROTOCOL && has(g.error, path),
	    "file: refused unless allowed");
	diag("%s", g.error);
	got_free(&g);

	unlink(path);
	req.allow_file = 1;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_ERR_OTHER && has(g.error, "cannot read") &&
	    has(g.error, path), "file: missing file");
	diag("%s", g.error);
	got_free(&g);
	free(url);
}

static void
test_refused(void)
{
	struct got g;
	char *url, *port;

	add(F, &g, NULL, NULL, "ftp://127.0.0.1:%s/feed.xml",
	    strrchr(base, ':') + 1);
	fetch_run(F);
	ok(g.status == FETCH_ERR_PROTOCOL && has(g.error, "ftp"),
	    "ftp: FETCH_ERR_PROTOCOL");
	diag("%s", g.error);
	got_free(&g);

	add(F, &g, NULL, NULL, "%s", "not a URL");
	fetch_run(F);
	ok(g.status == FETCH_ERR_PROTOCOL && has(g.error, "malformed URL"),
	    "malformed URL: FETCH_ERR_PROTOCOL");
	got_free(&g);

	add(F, &g, NULL, NULL, "%s", "http://pundit-test.invalid/feed.xml");
	fetch_run(F);
	if (g.status == FETCH_ERR_DNS) {
		is_str(g.error, "cannot resolve host pundit-test.invalid",
		    "DNS: error names the host");
	} else {
		skip("DNS: error names the host", "the resolver did not fail");
		diag("%s: %s", fetch_status_name(g.status), g.error);
	}
	got_free(&g);

	port = NULL;
	{
		struct sockaddr_in sin;
		socklen_t len = sizeof sin;
		int s;

		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
		if ((s = socket(AF_INET, SOCK_STREAM, 0)) == -1 ||
		    bind(s, (struct sockaddr *)&sin, sizeof sin) != 0 ||
		    getsockname(s, (struct sockaddr *)&sin, &len) != 0)
			fatal("socket: %s", strerror(errno));
		close(s);
		port = xasprintf("%d", ntohs(sin.sin_port));
	}
	url = xasprintf("127.0.0.1:%s", port);
	add(F, &g, NULL, NULL, "http://%s/feed.xml", url);
	fetch_run(F);
	ok(g.status == FETCH_ERR_CONNECT, "closed port: FETCH_ERR_CONNECT");
	ok(has(g.error, "cannot connect to") && has(g.error, url),
	    "closed port: error names host and port");
	diag("%s", g.error);
	got_free(&g);
	free(url);
	free(port);
}

static void
test_parallel(void)
{
	struct fetch *f;
	struct fetch_stats st;
	struct got g[20];
	const char *port = strrchr(base, ':') + 1;
	char *log, *host;
	double t0, took;
	int i, nok = 0, worst = 0, best = 3;

	server_reset();
	f = engine(5, 20, 0, 2);
	t0 = now();
	for (i = 0; i < 20; i++) {
		add(f, &g[i], NULL, NULL, "http://%s:%s/drip-fast?ms=300",
		    hosts[i % nhosts], port);
	}
	fetch_stats(f, &st);
	ok(st.queued == 20 && st.running == 0 && st.done == 0,
	    "stats: 20 queued before the loop runs");
	fetch_poll(f, 0, -1);
	fetch_stats(f, &st);
	ok(st.running == (unsigned)(2 * nhosts) && st.queued + st.running ==
	    20, "stats: two a host running (%u), the rest queued",
	    st.running);
	fetch_run(f);
	took = now() - t0;
	for (i = 0; i < 20; i++) {
		if (g[i].status == FETCH_OK)
			nok++;
		got_free(&g[i]);
	}
	is_int(nok, 20, "parallel: all 20 OK");
	/* Per host: ceil(20 / hosts / 2) rounds of 300 ms. */
	ok(took < 0.3 * ((20 / nhosts + 1) / 2) + 1.2,
	    "parallel: 20 x 300 ms over %d hosts in %.2f s", nhosts, took);
	fetch_stats(f, &st);
	ok(st.done == 20 && st.failed == 0 && st.queued == 0 &&
	    st.running == 0 && st.bytes > 20 * 500, "stats: at the end");

	log = server_log(0);
	for (i = 0; i < nhosts; i++) {
		host = xasprintf("%s:%s", hosts[i], port);
		if (server_max(log, host) > worst)
			worst = server_max(log, host);
		if (server_max(log, host) < best)
			best = server_max(log, host);
		free(host);
	}
	is_int(worst, 2, "parallel: at most 2 requests to one host at once");
	is_int(best, 2, "parallel: and 2 to every host");
	free(log);
	fetch_free(&f);
}

static void
test_poll(void)
{
	struct fetch *f;
	struct got g;
	int fds[2], r;
	double t0;
	char c;

	f = engine(5, 20, 0, 0);
	if (pipe(fds) != 0)
		fatal("pipe: %s", strerror(errno));
	t0 = now();
	r = fetch_poll(f, 100, fds[0]);
	is_int(r, 0, "poll: 0 when the extra fd is quiet");
	ok(now() - t0 >= 0.08, "poll: waited for the timeout");

	add(f, &g, NULL, NULL, "%s/drip-fast?ms=500", base);
	fetch_poll(f, 0, fds[0]);
	if (write(fds[1], "k", 1) != 1)
		fatal("write: %s", strerror(errno));
	t0 = now();
	r = fetch_poll(f, 5000, fds[0]);
	is_int(r, 1, "poll: 1 when the extra fd is readable");
	ok(now() - t0 < 0.4, "poll: returned at once");
	is_int(fetch_pending(f), 1, "poll: the transfer goes on");
	if (read(fds[0], &c, 1) != 1)
		fatal("read: %s", strerror(errno));
	while (fetch_pending(f) > 0) {
		if (fetch_poll(f, 1000, fds[0]) != 0)
			break;
	}
	ok(g.ended == 1 && g.status == FETCH_OK,
	    "poll: the transfer ended while waiting on the fd too");
	got_free(&g);
	close(fds[0]);
	close(fds[1]);
	fetch_free(&f);
}

/* Several fds (the terminal and a child's pipe): any one wakes it. */
static void
test_poll_fds(void)
{
	struct fetch *f;
	struct got g;
	int a[2], b[2], fds[2], r;
	double t0;

	f = engine(5, 20, 0, 0);
	if (pipe(a) != 0 || pipe(b) != 0)
		fatal("pipe: %s", strerror(errno));
	fds[0] = a[0];
	fds[1] = b[0];
	t0 = now();
	r = fetch_poll_fds(f, 100, fds, 2);
	is_int(r, 0, "poll_fds: 0 when both fds are quiet");
	ok(now() - t0 >= 0.08, "poll_fds: waited for the timeout");
	add(f, &g, NULL, NULL, "%s/drip-fast?ms=500", base);
	fetch_poll_fds(f, 0, fds, 2);
	if (write(b[1], "k", 1) != 1)
		fatal("write: %s", strerror(errno));
	t0 = now();
	r = fetch_poll_fds(f, 5000, fds, 2);
	is_int(r, 1, "poll_fds: 1 when the second fd is readable");
	ok(now() - t0 < 0.4, "poll_fds: returned at once");
	is_int(fetch_pending(f), 1, "poll_fds: the transfer goes on");
	close(b[1]);
	close(b[0]);
	/* A pipe whose writer closed wakes the wait as well. */
	close(a[1]);
	t0 = now();
	fetch_poll_fds(f, 5000, fds, 1);
	ok(now() - t0 < 0.4, "poll_fds: a closed pipe wakes it at once");
	fetch_run(f);
	ok(g.ended == 1 && g.status == FETCH_OK, "poll_fds: the transfer "
	    "ended");
	got_free(&g);
	close(a[0]);
	fetch_free(&f);
}

static void
test_hostile(void)
{
	struct got g;

	get(&g, "/hostile");
	ok(g.status == FETCH_ERR_HTTP && g.http_status == 499,
	    "hostile: FETCH_ERR_HTTP 499");
	ok(g.error != NULL && strpbrk(g.error, "\033\007") == NULL &&
	    has(g.error, "HTTP 499 Bad"), "hostile: reason phrase sanitised");
	diag("%s", g.error);
	is_str(g.etag, NULL, "hostile: ETag with a control dropped");
	is_str(g.content_type, NULL, "hostile: Content-Type with ESC dropped");
	is_int(g.retry_after, 0, "hostile: Retry-After only for 429 and 503");
	got_free(&g);

	get(&g, "/hugeheader");
	ok(g.status == FETCH_ERR_OTHER &&
	    has(g.error, "response header too large from http://"),
	    "a 300 KB header: an error, no crash");
	diag("%s", g.error);
	got_free(&g);

	get(&g, "/wrongtype");
	ok(g.status == FETCH_OK && has(g.body.data, "</rss>"),
	    "wrong type: body delivered");
	is_str(g.content_type, "text/plain", "wrong type: as sent");
	got_free(&g);

	get(&g, "/wrongcharset");
	ok(g.status == FETCH_OK && g.body.len > 0 &&
	    memchr(g.body.data, '\0', g.body.len) == NULL,
	    "wrong charset: bytes as sent");
	got_free(&g);
}

static void
test_stream(void)
{
	struct fetch_request req;
	struct got g;
	char *url;

	url = xasprintf("%s/gzip.xml", base);
	memset(&g, 0, sizeof g);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.data = got_data;
	req.done = got_done;
	req.arg = &g;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_OK && has(g.streamed.data, "</rss>"),
	    "stream: decoded body to the data callback");
	is_int(g.body.len, 0, "stream: not in the result");
	got_free(&g);

	g.abort_stream = 1;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_ERR_OTHER && has(g.error, "aborted"),
	    "stream: the data callback can abort");
	got_free(&g);

	/* Error bodies never reach the data callback. */
	free(url);
	url = xasprintf("%s/status/404", base);
	req.url = url;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g.status == FETCH_ERR_HTTP && g.streamed.len == 0,
	    "stream: a 404 body is not streamed");
	got_free(&g);
	free(url);
}

/* A done callback that queues a second transfer. */
static void
chain_done(struct fetch_result *r, void *arg)
{
	struct got *g = arg;
	struct fetch_request req;

	got_done(r, arg);
	memset(&req, 0, sizeof req);
	req.url = r->effective_url;
	req.done = got_done;
	req.arg = g + 1;
	fetch_add(F, &req);
}

/* A POST: its body and type reach the server, no Expect round trip. */
static void
test_post(void)
{
	static const char body[] = "{\"op\":\"login\",\"x\":\"\\u00e9\"}";
	struct fetch_request req;
	struct got g;
	char *url, *want;

	url = xasprintf("%s/echo", base);
	memset(&g, 0, sizeof g);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.post = body;
	req.post_len = sizeof body - 1;
	req.post_type = "application/json";
	req.done = got_done;
	req.arg = &g;
	fetch_add(F, &req);
	fetch_run(F);
	is_int(g.status, FETCH_OK, "POST: ok");
	want = xasprintf("POST application/json -\n%s", body);
	is_str(buf_str(&g.body), want, "POST: body and type reach the server");
	free(want);
	got_free(&g);

	/* An empty body is still a POST; a file:// URL is never posted to. */
	req.post = "";
	req.post_len = 0;
	req.post_type = NULL;
	fetch_add(F, &req);
	fetch_run(F);
	ok(has(buf_str(&g.body), "POST application/octet-stream"),
	    "POST: an empty body, the default type");
	got_free(&g);
	req.url = "file:///etc/hostname";
	req.allow_file = 1;
	req.post = "x";
	req.post_len = 1;
	fetch_add(F, &req);
	fetch_run(F);
	is_int(g.status, FETCH_ERR_PROTOCOL, "POST: never to a file:// URL");
	got_free(&g);
	free(url);
}

static void
test_free(void)
{
	struct fetch *f;
	struct fetch_stats st;
	struct fetch_request req;
	struct got g[3];
	char *url;
	int i;

	f = engine(5, 20, 0, 0);
	add(f, &g[0], NULL, NULL, "%s/hang", base);
	add(f, &g[1], NULL, NULL, "%s/drip", base);
	add(f, &g[2], NULL, NULL, "%s/drip-fast?ms=5000", base);
	for (i = 0; i < 50; i++) {
		fetch_poll(f, 20, -1);
		fetch_stats(f, &st);
		if (st.bytes > 0)
			break;
	}
	ok(st.running == 2 && st.queued == 1,
	    "free: two running, one queued");
	fetch_free(&f);
	ok(g[0].ended == 0 && g[1].ended == 0 && g[2].ended == 0,
	    "free: done not called for unfinished transfers");

	url = xasprintf("%s/feed.xml", base);
	memset(g, 0, sizeof g);
	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = chain_done;
	req.arg = g;
	fetch_add(F, &req);
	fetch_run(F);
	ok(g[0].ended == 1 && g[1].ended == 1 && g[1].status == FETCH_OK,
	    "a done callback can queue another transfer");
	for (i = 0; i < 3; i++)
		got_free(&g[i]);
	free(url);
}

int
main(void)
{
	double t0 = now();

	/* Only ever 127.0.0.1, never through a proxy. */
	setenv("no_proxy", "*", 1);
	setenv("NO_PROXY", "*", 1);
	F = engine(5, 20, 0, 0);
	if (server_start() != 0) {
		printf("1..0 # SKIP cannot start tests/httpd.py\n");
		fetch_free(&F);
		server_stop();
		return 0;
	}
	diag("server at %s, %d address(es)", base, nhosts);
	is_str(fetch_status_name(FETCH_ERR_TOO_LARGE), "too-large",
	    "status names");

	test_feed();
	test_conditional();
	test_gzip();
	test_redirects();
	test_http_errors();
	test_retry_after();
	test_slow();
	test_size();
	test_file();
	test_refused();
	test_parallel();
	test_poll();
	test_poll_fds();
	test_hostile();
	test_stream();
	test_post();
	test_free();

	fetch_free(&F);
	server_stop();
	diag("%.1f s in all", now() - t0);
	return done_testing();
}
