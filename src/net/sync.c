/* sync.c - sync with a Tiny Tiny RSS server: fetch -> ttrss -> store. */
#include "config.h"

#include <sys/wait.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "fetch.h"
#include "i18n.h"
#include "store.h"
#include "sync.h"
#include "text.h"
#include "ttrss.h"
#include "util.h"

/* getHeadlines gives at most 200 a page; updateArticle takes any number. */
#define SYNC_PAGE	200
#define SYNC_BATCH	500
/* Pages of articles asked at once (the server renders them in turn). */
#define SYNC_PARALLEL	3
/* Longest password line read from a command. */
#define SYNC_MAX_PASSWORD 4096

struct sync {
	struct store		*store;
	const struct sync_opts	*opts;
	struct fetch		*fetch;
	char			*sid;
	struct sync_result	*res;
	void			(*progress)(const char *, void *);
	void			*arg;
};

/* ------------------------------------------------------------- options */

int
sync_enabled(const struct conf *conf)
{
	return strcmp(conf_get_string(conf, "sync"), "ttrss") == 0;
}

static void
wipe(char *s)
{
	volatile char *p = s;

	if (s == NULL)
		return;
	while (*p != '\0')
		*p++ = '\0';
}

/*
 * Run the password command (split like a config line, no shell) and keep
 * the first line of what it prints. Its stderr goes to ours.
 */
static int
password_command(const char *cmd, char **password, char **cause)
{
	char **argv = NULL, buf[SYNC_MAX_PASSWORD + 1], *nl;
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int fds[2], status, devnull;

	*password = NULL;
	if (conf_split(cmd, &argv, cause) == -1)
		return -1;
	if (argv[0] == NULL) {
		util_strv_free(&argv);
		return set_cause(cause, _("ttrss-password-command is empty"));
	}
	if (pipe(fds) == -1) {
		util_strv_free(&argv);
		return set_cause(cause, _("cannot run ttrss-password-command: "
		    "%s"), strerror(errno));
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		close(fds[0]);
		close(fds[1]);
		util_strv_free(&argv);
		return set_cause(cause, _("cannot run ttrss-password-command: "
		    "%s"), strerror(errno));
	}
	if (pid == 0) {
		signal(SIGPIPE, SIG_DFL);
		close(fds[0]);
		if ((devnull = open("/dev/null", O_RDONLY)) != -1) {
			dup2(devnull, STDIN_FILENO);
			close(devnull);
		}
		if (fds[1] != STDOUT_FILENO) {
			dup2(fds[1], STDOUT_FILENO);
			close(fds[1]);
		}
		execvp(argv[0], argv);
		_exit(127);
	}
	close(fds[1]);
	/* Read it all (a writer must not block), keep the first line. */
	for (;;) {
		char sink[512];

		if (len < SYNC_MAX_PASSWORD)
			n = read(fds[0], buf + len, SYNC_MAX_PASSWORD - len);
		else
			n = read(fds[0], sink, sizeof sink);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		if (len < SYNC_MAX_PASSWORD)
			len += (size_t)n;
	}
	close(fds[0]);
	buf[len] = '\0';
	while (waitpid(pid, &status, 0) == -1 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		wipe(buf);
		if (WIFEXITED(status) && WEXITSTATUS(status) == 127) {
			set_cause(cause, _("cannot run ttrss-password-command "
			    "%s"), argv[0]);
		} else if (WIFEXITED(status)) {
			set_cause(cause, _("ttrss-password-command failed "
			    "(exit status %d)"), WEXITSTATUS(status));
		} else {
			set_cause(cause, _("ttrss-password-command was killed "
			    "by signal %d"), WTERMSIG(status));
		}
		util_strv_free(&argv);
		return -1;
	}
	util_strv_free(&argv);
	if ((nl = strchr(buf, '\n')) != NULL)
		*nl = '\0';
	if ((nl = strchr(buf, '\r')) != NULL)
		*nl = '\0';
	if (buf[0] == '\0' || strlen(buf) != strnlen(buf, len)) {
		wipe(buf);
		return set_cause(cause, _("ttrss-password-command printed no "
		    "password"));
	}
	*password = xstrdup(buf);
	wipe(buf);
	return 0;
}

int
sync_opts_init(struct sync_opts *o, const struct conf *conf, char **cause)
{
	const char *url, *user, *cmd;
	size_t len;

	memset(o, 0, sizeof *o);
	/* Pages of new articles are asked SYNC_PARALLEL at a time. */
	o->fetch.max_total = SYNC_PARALLEL;
	o->fetch.max_host = SYNC_PARALLEL;
	o->fetch.timeout = conf_get_int(conf, "fetch-timeout");
	/* Not a file, not a redirect to one: a POST never follows to GET. */
	o->fetch.max_redirects = -1;
	url = conf_get_string(conf, "ttrss-url");
	user = conf_get_string(conf, "ttrss-user");
	cmd = conf_get_string(conf, "ttrss-password-command");
	if (*url == '\0')
		return set_cause(cause, _("set sync ttrss needs ttrss-url in "
		    "the config file"));
	if (*user == '\0')
		return set_cause(cause, _("set sync ttrss needs ttrss-user in "
		    "the config file"));
	len = strlen(url);
	if (len >= 4 && (strcmp(url + len - 4, "/api") == 0 ||
	    (len >= 5 && strcmp(url + len - 5, "/api/") == 0)))
		o->api_url = xasprintf("%s%s", url,
		    url[len - 1] == '/' ? "" : "/");
	else
		o->api_url = xasprintf("%s%sapi/", url,
		    url[len - 1] == '/' ? "" : "/");
	o->user = xstrdup(user);
	if (*cmd != '\0') {
		if (password_command(cmd, &o->password, cause) == -1) {
			sync_opts_free(o);
			return -1;
		}
	} else
		o->password = xstrdup(conf_get_string(conf, "ttrss-password"));
	return 0;
}

void
sync_opts_free(struct sync_opts *o)
{
	free(o->api_url);
	free(o->user);
	wipe(o->password);
	free(o->password);
	memset(o, 0, sizeof *o);
}

/* ------------------------------------------------------------ requests */

struct call {
	int		 done;
	enum fetch_status status;
	char		*error;
	struct buf	 body;
};

static void
call_done(struct fetch_result *r, void *arg)
{
	struct call *c = arg;

	c->done = 1;
	c->status = r->status;
	if (r->error != NULL)
		c->error = xstrdup(r->error);
	buf_add(&c->body, r->body.data == NULL ? "" : r->body.data,
	    r->body.len);
}

static void
say(struct sync *s, const char *fmt, ...) PRINTFLIKE(2, 3);

static void
say(struct sync *s, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	if (s->progress == NULL)
		return;
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	s->progress(msg, s->arg);
	free(msg);
}

/* POST a request body; the answer's body in c (caller frees c->body). */
static int
post(struct sync *s, const char *body, struct call *c, char **cause)
{
	struct fetch_request req;
	struct fetch_stats st;

	memset(c, 0, sizeof *c);
	memset(&req, 0, sizeof req);
	req.url = s->opts->api_url;
	req.post = body;
	req.post_len = strlen(body);
	req.post_type = "application/json";
	req.done = call_done;
	req.arg = c;
	fetch_add(s->fetch, &req);
	fetch_run(s->fetch);
	s->res->requests++;
	fetch_stats(s->fetch, &st);
	s->res->bytes = st.bytes;
	if (c->status != FETCH_OK) {
		set_cause(cause, _("cannot reach the Tiny Tiny RSS server: "
		    "%s"), c->error != NULL ? c->error :
		    fetch_status_name(c->status));
		free(c->error);
		buf_free(&c->body);
		return -1;
	}
	free(c->error);
	c->error = NULL;
	return 0;
}

static int
login(struct sync *s, char **cause)
{
	struct call c;
	char *body, *sid = NULL;
	enum ttrss_status st;

	say(s, "%s", _("logging in"));
	body = ttrss_login_request(s->opts->user, s->opts->password);
	if (post(s, body, &c, cause) == -1) {
		wipe(body);
		free(body);
		return -1;
	}
	wipe(body);
	free(body);
	st = ttrss_parse_login(buf_str(&c.body), c.body.len, &sid, cause);
	buf_free(&c.body);
	if (st != TTRSS_OK)
		return -1;
	free(s->sid);
	s->sid = sid;
	/* Kept for the next sync: one request fewer, no session left. */
	if (store_sync_set(s->store, "sid", sid, cause) == -1)
		return -1;
	return 0;
}

/*
 * Send a request made by make(sid, arg) and return its answer's body; log
 * in first when there is no session, and again once when it expired.
 */
typedef char *(*make_fn)(const char *sid, const void *arg);

static int
request(struct sync *s, make_fn make, const void *arg, struct buf *answer,
    char **cause)
{
	struct call c;
	char *body, *why = NULL;
	int tries;

	if (s->sid == NULL && login(s, cause) == -1)
		return -1;
	for (tries = 0; tries < 2; tries++) {
		body = make(s->sid, arg);
		if (post(s, body, &c, cause) == -1) {
			free(body);
			return -1;
		}
		free(body);
		/* Only a short answer can be NOT_LOGGED_IN: parse once. */
		if (tries == 0 && c.body.len < 256 &&
		    ttrss_parse_status(buf_str(&c.body),
		    c.body.len, &why) == TTRSS_NOT_LOGGED_IN) {
			free(why);
			why = NULL;
			buf_free(&c.body);
			if (login(s, cause) == -1)
				return -1;
			continue;
		}
		free(why);
		*answer = c.body;
		return 0;
	}
	return set_cause(cause, _("the server ends each new session"));
}

static char *
make_op(const char *sid, const void *arg)
{
	return ttrss_op_request(sid, arg);
}

static char *
make_feeds(const char *sid, const void *arg)
{
	return ttrss_feeds_request(sid);
}

struct update_args {
	const int64_t	*ids;
	size_t		 n;
	int		 field, mode;
};

static char *
make_update(const char *sid, const void *arg)
{
	const struct update_args *u = arg;

	return ttrss_update_request(sid, u->ids, u->n, u->field, u->mode);
}

struct headlines_args {
	int64_t		 feed_id;
	const char	*view_mode;
	int64_t		 since_id;
	long		 skip;
	int		 content;
};

static char *
make_headlines(const char *sid, const void *arg)
{
	const struct headlines_args *h = arg;

	return ttrss_headlines_request(sid, h->feed_id, h->view_mode,
	    h->since_id, h->skip, SYNC_PAGE, h->content);
}

/* ---------------------------------------------------------------- push */

/* Send the changes made in pundit, in batches of one flag and value. */
static int
push(struct sync *s, char **cause)
{
	struct store_change *v = NULL, *batch;
	struct update_args u;
	struct buf answer;
	int64_t *ids;
	size_t n = 0, i, k, combo;
	int rc = -1;

	if (store_sync_changes(s->store, &v, &n, cause) == -1)
		return -1;
	if (n == 0)
		return 0;
	say(s, _("sending %zu changes"), n);
	ids = xcalloc(n, sizeof *ids);
	batch = xcalloc(n, sizeof *batch);
	for (combo = 0; combo < 4; combo++) {
		enum store_flag flag = combo < 2 ? STORE_FLAG_READ :
		    STORE_FLAG_STARRED;
		int value = (int)(combo & 1);
		size_t start = 0;

		k = 0;
		for (i = 0; i < n; i++) {
			if (v[i].flag == flag && v[i].value == value) {
				batch[k] = v[i];
				ids[k++] = v[i].server_id;
			}
		}
		while (start < k) {
			u.ids = ids + start;
			u.n = k - start < SYNC_BATCH ? k - start : SYNC_BATCH;
			if (flag == STORE_FLAG_READ) {
				u.field = TTRSS_FIELD_UNREAD;
				u.mode = !value;
			} else {
				u.field = TTRSS_FIELD_STARRED;
				u.mode = value;
			}
			if (request(s, make_update, &u, &answer, cause) == -1)
				goto out;
			if (ttrss_parse_status(buf_str(&answer), answer.len,
			    cause) != TTRSS_OK) {
				buf_free(&answer);
				goto out;
			}
			buf_free(&answer);
			/* Confirmed: only now do they leave the queue. */
			if (store_sync_dequeue(s->store, batch + start, u.n,
			    cause) == -1)
				goto out;
			s->res->sent += u.n;
			start += u.n;
		}
	}
	rc = 0;
out:
	free(ids);
	free(batch);
	free(v);
	return rc;
}

/* ---------------------------------------------------------------- pull */

/* A category title as a tag: one word, no separator. */
static char *
category_tag(const char *title)
{
	char *tag, *p;

	if (title == NULL || *title == '\0')
		return NULL;
	tag = xstrdup(title);
	for (p = tag; *p != '\0'; p++) {
		if (*p == ' ' || *p == '\t' || *p == '\x1f')
			*p = '-';
	}
	return tag;
}

static int
pull_feeds(struct sync *s, char **cause)
{
	struct ttrss_category *cats = NULL;
	struct ttrss_feed *feeds = NULL;
	struct buf answer;
	size_t ncats = 0, nfeeds = 0, i, j;
	char **tags, *tag, count[32];
	int64_t id, known, *ids;
	unsigned dropped;
	int rc = -1, marked;

	say(s, "%s", _("reading the server's feeds"));
	if (request(s, make_op, "getCategories", &answer, cause) == -1)
		return -1;
	if (ttrss_parse_categories(buf_str(&answer), answer.len, &cats, &ncats,
	    cause) != TTRSS_OK) {
		buf_free(&answer);
		return -1;
	}
	buf_free(&answer);
	if (request(s, make_feeds, NULL, &answer, cause) == -1)
		goto out;
	if (ttrss_parse_feeds(buf_str(&answer), answer.len, &feeds, &nfeeds,
	    cause) != TTRSS_OK) {
		buf_free(&answer);
		goto out;
	}
	buf_free(&answer);
	if (store_begin(s->store, cause) == -1)
		goto out;
	for (i = 0; i < nfeeds; i++) {
		tags = NULL;
		util_strv_add(&tags, "ttrss");
		for (j = 0; j < ncats; j++) {
			if (cats[j].id == feeds[i].cat_id && cats[j].id > 0 &&
			    (tag = category_tag(cats[j].title)) != NULL) {
				util_strv_add(&tags, tag);
				free(tag);
			}
		}
		if (store_sync_source_id(s->store, feeds[i].id, &known,
		    cause) == -1 || store_sync_source(s->store, feeds[i].id,
		    feeds[i].url, feeds[i].title, tags, &id, cause) == -1) {
			util_strv_free(&tags);
			store_rollback(s->store);
			goto out;
		}
		util_strv_free(&tags);
		if (known == 0 && id != 0)
			s->res->new_feeds++;
	}
	/*
	 * Unsubscribed on the server. (Even when the answer lists none: a
	 * server that wrongly said so gives them back, by URL, next time.)
	 */
	ids = xreallocarray(NULL, nfeeds + 1, sizeof *ids);
	for (i = 0; i < nfeeds; i++)
		ids[i] = feeds[i].id;
	marked = store_sync_unsubscribed(s->store, ids, nfeeds, &dropped,
	    cause);
	free(ids);
	if (marked == -1) {
		store_rollback(s->store);
		goto out;
	}
	s->res->gone_feeds = dropped;
	snprintf(count, sizeof count, "%zu", nfeeds);
	if (store_sync_set(s->store, "feeds", count, cause) == -1 ||
	    store_commit(s->store, cause) == -1) {
		store_rollback(s->store);
		goto out;
	}
	s->res->feeds = (unsigned)nfeeds;
	rc = 0;
out:
	ttrss_categories_free(&cats, ncats);
	ttrss_feeds_free(&feeds, nfeeds);
	return rc;
}

/* Store a page of headlines in one transaction. */
static int
store_headlines(struct sync *s, const struct ttrss_headline *v, size_t n,
    int64_t *max_id, char **cause)
{
	struct article *a;
	int64_t source_id;
	size_t i;
	int is_new;

	if (store_begin(s->store, cause) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		if (v[i].id > *max_id)
			*max_id = v[i].id;
		if (store_sync_source_id(s->store, v[i].feed_id, &source_id,
		    cause) == -1)
			goto fail;
		if (source_id == 0)
			continue;	/* a feed of the sources file */
		a = article_new();
		a->source_id = source_id;
		a->guid = xasprintf("ttrss:%lld", (long long)v[i].id);
		a->url = v[i].link != NULL ? xstrdup(v[i].link) : NULL;
		a->title = v[i].title != NULL ? xstrdup(v[i].title) : NULL;
		a->author = v[i].author != NULL ? xstrdup(v[i].author) : NULL;
		a->published = a->updated = v[i].updated;
		a->content = v[i].content != NULL ? xstrdup(v[i].content) :
		    NULL;
		a->language = v[i].language != NULL ?
		    xstrdup(v[i].language) : NULL;
		a->read = !v[i].unread;
		a->starred = v[i].starred;
		if (store_sync_article(s->store, a, v[i].id, &is_new,
		    cause) == -1) {
			article_free(&a);
			goto fail;
		}
		article_free(&a);
		if (is_new)
			s->res->new_articles++;
		else
			s->res->updated_articles++;
	}
	if (store_commit(s->store, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(s->store);
	return -1;
}

/*
 * Send requests at once (they share the session); the answers in calls
 * (caller frees each body). A NOT_LOGGED_IN among them: log in, again.
 */
static int
post_many(struct sync *s, make_fn make, const void *const *args, size_t n,
    struct call *calls, char **cause)
{
	struct fetch_request req;
	struct fetch_stats st;
	char **bodies, *why = NULL;
	size_t i;
	int tries, expired, failed;

	if (s->sid == NULL && login(s, cause) == -1)
		return -1;
	bodies = xcalloc(n, sizeof *bodies);
	for (tries = 0; tries < 2; tries++) {
		for (i = 0; i < n; i++) {
			memset(&calls[i], 0, sizeof calls[i]);
			bodies[i] = make(s->sid, args[i]);
			memset(&req, 0, sizeof req);
			req.url = s->opts->api_url;
			req.post = bodies[i];
			req.post_len = strlen(bodies[i]);
			req.post_type = "application/json";
			req.done = call_done;
			req.arg = &calls[i];
			fetch_add(s->fetch, &req);
		}
		fetch_run(s->fetch);
		s->res->requests += (unsigned)n;
		fetch_stats(s->fetch, &st);
		s->res->bytes = st.bytes;
		expired = failed = 0;
		for (i = 0; i < n; i++) {
			free(bodies[i]);
			bodies[i] = NULL;
			if (calls[i].status != FETCH_OK) {
				if (!failed) {
					set_cause(cause, _("cannot reach the "
					    "Tiny Tiny RSS server: %s"),
					    calls[i].error != NULL ?
					    calls[i].error :
					    fetch_status_name(calls[i].status));
				}
				failed = 1;
			} else if (calls[i].body.len < 256 &&
			    ttrss_parse_status(buf_str(&calls[i].body),
			    calls[i].body.len, &why) == TTRSS_NOT_LOGGED_IN)
				expired = 1;
			free(why);
			why = NULL;
			free(calls[i].error);
			calls[i].error = NULL;
		}
		if (failed || (expired && tries == 0)) {
			for (i = 0; i < n; i++)
				buf_free(&calls[i].body);
		}
		if (failed) {
			free(bodies);
			return -1;
		}
		if (!expired) {
			free(bodies);
			return 0;
		}
		if (tries == 0 && login(s, cause) == -1) {
			free(bodies);
			return -1;
		}
	}
	free(bodies);
	for (i = 0; i < n; i++)
		buf_free(&calls[i].body);
	return set_cause(cause, _("the server ends each new session"));
}

/*
 * Articles newer than the last seen, with their content: SYNC_PARALLEL
 * pages at a time, stored in order, until a page is not full.
 */
static int
pull_articles(struct sync *s, int64_t *last_id, char **cause)
{
	struct headlines_args h[SYNC_PARALLEL];
	const void *args[SYNC_PARALLEL];
	struct call calls[SYNC_PARALLEL];
	struct ttrss_headline *v = NULL;
	size_t n = 0, i, k, want = 1;
	int64_t max_id = *last_id;
	long skip = 0;
	int done = 0, rc = -1;

	while (!done) {
		say(s, _("reading new articles (%u so far)"),
		    s->res->new_articles);
		for (i = 0; i < want; i++) {
			memset(&h[i], 0, sizeof h[i]);
			h[i].feed_id = -4;
			h[i].view_mode = "all_articles";
			h[i].since_id = *last_id;
			h[i].content = 1;
			h[i].skip = skip + (long)i * SYNC_PAGE;
			args[i] = &h[i];
		}
		if (post_many(s, make_headlines, args, want, calls,
		    cause) == -1)
			return -1;
		for (i = 0; i < want; i++) {
			if (done || ttrss_parse_headlines(buf_str(&calls[i].body),
			    calls[i].body.len, &v, &n, cause) != TTRSS_OK) {
				if (!done)
					goto out;
				continue;
			}
			if (store_headlines(s, v, n, &max_id, cause) == -1) {
				ttrss_headlines_free(&v, n);
				goto out;
			}
			ttrss_headlines_free(&v, n);
			if (n < SYNC_PAGE)
				done = 1;
		}
		for (k = 0; k < want; k++)
			buf_free(&calls[k].body);
		skip += (long)want * SYNC_PAGE;
		/* One page first: most syncs have fewer new articles. */
		want = SYNC_PARALLEL;
	}
	*last_id = max_id;
	return 0;
out:
	for (k = 0; k < want; k++)
		buf_free(&calls[k].body);
	return rc;
}

/* The server ids of a feed's articles in a view (unread, marked). */
static int
pull_ids(struct sync *s, int64_t feed_id, const char *view_mode,
    int64_t **ids, size_t *nids, char **cause)
{
	struct headlines_args h;
	struct ttrss_headline *v = NULL;
	struct buf answer;
	size_t n = 0, i;

	*ids = NULL;
	*nids = 0;
	memset(&h, 0, sizeof h);
	h.feed_id = feed_id;
	h.view_mode = view_mode;
	for (;;) {
		if (request(s, make_headlines, &h, &answer, cause) == -1)
			goto fail;
		if (ttrss_parse_headlines(buf_str(&answer), answer.len, &v, &n,
		    cause) != TTRSS_OK) {
			buf_free(&answer);
			goto fail;
		}
		buf_free(&answer);
		*ids = xreallocarray(*ids, *nids + n + 1, sizeof **ids);
		for (i = 0; i < n; i++)
			(*ids)[(*nids)++] = v[i].id;
		ttrss_headlines_free(&v, n);
		if (n < SYNC_PAGE)
			return 0;
		h.skip += (long)n;
	}
fail:
	free(*ids);
	*ids = NULL;
	*nids = 0;
	return -1;
}

/* Take the server's state of a flag for one feed. */
static int
pull_flag(struct sync *s, int64_t feed_id, int64_t source_id,
    enum store_flag flag, char **cause)
{
	int64_t *ids;
	size_t n;
	unsigned changed;

	if (pull_ids(s, feed_id, flag == STORE_FLAG_READ ? "unread" :
	    "marked", &ids, &n, cause) == -1)
		return -1;
	if (store_sync_flags(s->store, source_id, flag, ids, n, &changed,
	    cause) == -1) {
		free(ids);
		return -1;
	}
	free(ids);
	s->res->flags += changed;
	return 0;
}

/* Which feeds' counts differ from the cache's: 1 when any does. */
static int
compare(struct sync *s, const struct ttrss_counters *c, int *differs,
    int *unknown, char **cause)
{
	int64_t source_id;
	long unread, starred;
	size_t i;
	int any = 0;

	*unknown = 0;
	for (i = 0; i < c->nfeeds; i++) {
		differs[i] = 0;
		if (store_sync_source_id(s->store, c->feeds[i].feed_id,
		    &source_id, cause) == -1)
			return -1;
		if (source_id == 0) {
			(*unknown)++;
			continue;
		}
		if (store_sync_counts(s->store, source_id, &unread, &starred,
		    cause) == -1)
			return -1;
		if (unread != c->feeds[i].unread)
			differs[i] |= 1;
		if (starred != c->feeds[i].starred)
			differs[i] |= 2;
		if (differs[i])
			any = 1;
	}
	return any;
}

static int
pull(struct sync *s, char **cause)
{
	struct ttrss_counters c;
	struct buf answer;
	char *value = NULL, num[32];
	long long n;
	int64_t last_id = 0, source_id;
	int *differs = NULL, unknown, any, rc = -1;
	long feeds = -1;
	size_t i;

	say(s, "%s", _("comparing with the server"));
	if (request(s, make_op, "getCounters", &answer, cause) == -1)
		return -1;
	if (ttrss_parse_counters(buf_str(&answer), answer.len, &c,
	    cause) != TTRSS_OK) {
		buf_free(&answer);
		return -1;
	}
	buf_free(&answer);
	if (store_sync_get(s->store, "last_id", &value, cause) == -1)
		goto out;
	if (value != NULL && util_parse_int(value, 0, INT64_MAX, &n) == 0)
		last_id = n;
	free(value);
	if (store_sync_get(s->store, "feeds", &value, cause) == -1)
		goto out;
	if (value != NULL && util_parse_int(value, 0, 1000000000, &n) == 0)
		feeds = (long)n;
	free(value);
	value = NULL;

	differs = xcalloc(c.nfeeds + 1, sizeof *differs);
	if ((any = compare(s, &c, differs, &unknown, cause)) == -1)
		goto out;
	/* A feed subscribed or dropped on the server, or never read. */
	if (feeds == -1 || (c.subscribed >= 0 && c.subscribed != feeds) ||
	    unknown > 0 || s->opts->full) {
		if (pull_feeds(s, cause) == -1)
			goto out;
		if ((any = compare(s, &c, differs, &unknown, cause)) == -1)
			goto out;
	} else
		s->res->feeds = (unsigned)feeds;
	if (!any && !s->opts->full && last_id > 0) {
		s->res->unchanged = 1;
		rc = 0;
		goto out;
	}
	if (pull_articles(s, &last_id, cause) == -1)
		goto out;
	snprintf(num, sizeof num, "%lld", (long long)last_id);
	if (store_sync_set(s->store, "last_id", num, cause) == -1)
		goto out;
	if ((any = compare(s, &c, differs, &unknown, cause)) == -1)
		goto out;
	for (i = 0; i < c.nfeeds; i++) {
		if (!differs[i] && !s->opts->full)
			continue;
		if (store_sync_source_id(s->store, c.feeds[i].feed_id,
		    &source_id, cause) == -1)
			goto out;
		if (source_id == 0)
			continue;
		say(s, "%s", _("reading read and starred states"));
		if (((differs[i] & 1) || s->opts->full) && pull_flag(s,
		    c.feeds[i].feed_id, source_id, STORE_FLAG_READ,
		    cause) == -1)
			goto out;
		if (((differs[i] & 2) || s->opts->full) && pull_flag(s,
		    c.feeds[i].feed_id, source_id, STORE_FLAG_STARRED,
		    cause) == -1)
			goto out;
	}
	rc = 0;
out:
	free(differs);
	ttrss_counters_free(&c);
	return rc;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int
sync_run(struct store *st, const struct sync_opts *opts,
    void (*progress)(const char *, void *), void *arg,
    struct sync_result *res, char **cause)
{
	struct store_change *v = NULL;
	struct sync s;
	char *why = NULL, *server = NULL, *known = NULL;
	double t0 = now();
	size_t n = 0;
	int rc = -1;

	memset(res, 0, sizeof *res);
	memset(&s, 0, sizeof s);
	s.store = st;
	s.opts = opts;
	s.res = res;
	s.progress = progress;
	s.arg = arg;
	if ((s.fetch = fetch_new(&opts->fetch, cause)) == NULL)
		return -1;
	/* Another server or user: its session and ids are not this one's. */
	server = xasprintf("%s %s", opts->user, opts->api_url);
	if (store_sync_get(st, "server", &known, &why) == -1)
		goto out;
	if (known == NULL || strcmp(known, server) != 0) {
		if (store_sync_set(st, "sid", NULL, &why) == -1 ||
		    store_sync_set(st, "last_id", NULL, &why) == -1 ||
		    store_sync_set(st, "feeds", NULL, &why) == -1 ||
		    store_sync_set(st, "server", server, &why) == -1)
			goto out;
	} else if (store_sync_get(st, "sid", &s.sid, &why) == -1)
		goto out;
	if (push(&s, &why) == -1 || pull(&s, &why) == -1)
		goto out;
	rc = 0;
out:
	if (store_sync_changes(st, &v, &n, NULL) == 0)
		res->waiting = (unsigned)n;
	free(v);
	/* Recorded on the server's sources, for `pundit sources`. */
	(void)store_sync_status(st, time(NULL), rc == 0 ? NULL : why, NULL);
	if (rc == -1) {
		if (cause != NULL)
			*cause = why;
		else
			free(why);
	}
	res->seconds = now() - t0;
	fetch_free(&s.fetch);
	free(s.sid);
	free(server);
	free(known);
	return rc;
}
