/* refresh.c - sources -> fetch -> parse -> store, in one event loop. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "conf.h"
#include "extract.h"
#include "feed.h"
#include "fetch.h"
#include "i18n.h"
#include "refresh.h"
#include "scrape.h"
#include "sources.h"
#include "store.h"
#include "util.h"

/* Longest wait a server may ask for with Retry-After. */
#define REFRESH_MAX_WAIT (24 * 3600)

/* Article pages: at most this many a source a refresh, tries in all. */
#define REFRESH_PAGES_MAX 50
#define REFRESH_PAGE_TRIES 8
/* A failed page waits an hour, doubled with each try, at most a week. */
#define REFRESH_PAGE_BACKOFF 3600
#define REFRESH_PAGE_BACKOFF_MAX (7 * 24 * 3600)

struct refresh_job {
	struct refresh		*r;
	struct source		*source;
};

/* An article page being fetched for its full text. */
struct refresh_page {
	struct refresh		*r;
	int64_t			 article_id;
	char			*url;
	int			 tries;
	int			 html_source;	/* title from the page */
};

struct refresh {
	struct store		*store;
	struct fetch		*fetch;
	char			*sources_file;
	int			 force;
	long			 fulltext_threshold;
	void			(*done)(const struct refresh_event *, void *);
	void			*arg;
	struct refresh_progress	 progress;
};

void
refresh_opts_init(struct refresh_opts *opts, const struct conf *conf,
    const char *sources_file)
{
	memset(opts, 0, sizeof *opts);
	opts->sources_file = sources_file;
	opts->fetch.max_total = conf_get_int(conf, "max-connections");
	opts->fetch.max_host = conf_get_int(conf, "host-connections");
	opts->fetch.timeout = conf_get_int(conf, "fetch-timeout");
	opts->fulltext_threshold = conf_get_int(conf, "fulltext-threshold");
}

struct refresh *
refresh_new(struct store *store, const struct refresh_opts *opts,
    void (*done)(const struct refresh_event *, void *), void *arg,
    char **cause)
{
	struct refresh *r;

	r = xcalloc(1, sizeof *r);
	if ((r->fetch = fetch_new(&opts->fetch, cause)) == NULL) {
		free(r);
		return NULL;
	}
	r->store = store;
	if (opts->sources_file != NULL)
		r->sources_file = xstrdup(opts->sources_file);
	r->force = opts->force;
	r->fulltext_threshold = opts->fulltext_threshold;
	r->done = done;
	r->arg = arg;
	return r;
}

void
refresh_free(struct refresh **rp)
{
	struct refresh *r = *rp;

	if (r == NULL)
		return;
	fetch_free(&r->fetch);
	free(r->sources_file);
	free(r);
	*rp = NULL;
}

/* A hash of a body, to skip parsing the same bytes twice (FNV-1a 64). */
static char *
body_hash(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	return xasprintf("%zu-%016llx", len, (unsigned long long)h);
}

static void
article_from_item(struct article *a, int64_t source_id,
    const struct feed *f, const struct feed_item *it)
{
	struct buf authors = BUF_INIT;
	size_t i;

	a->source_id = source_id;
	a->guid = it->guid != NULL ? xstrdup(it->guid) : NULL;
	a->url = it->link != NULL ? xstrdup(it->link) : NULL;
	a->title = it->title != NULL ? xstrdup(it->title) : NULL;
	for (i = 0; it->authors != NULL && it->authors[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&authors, ", ");
		buf_adds(&authors, it->authors[i]);
	}
	a->author = authors.len > 0 ? buf_detach(&authors) : NULL;
	buf_free(&authors);
	a->published = it->published != 0 ? it->published : it->updated;
	a->updated = it->updated;
	a->summary = it->summary != NULL ? xstrdup(it->summary) : NULL;
	a->content = it->content != NULL ? xstrdup(it->content) : NULL;
	if (it->language != NULL)
		a->language = xstrdup(it->language);
	else if (f->language != NULL)
		a->language = xstrdup(f->language);
}

int
refresh_store_feed(struct store *st, const struct source *src,
    const struct feed *f, unsigned *new_articles, unsigned *updated,
    char **cause)
{
	struct article *a;
	size_t i;
	int is_new;

	*new_articles = *updated = 0;
	if (store_begin(st, cause) == -1)
		return -1;
	if (store_source_set_meta(st, src->id, f->title, f->link, cause) == -1)
		goto fail;
	for (i = 0; i < f->nitems; i++) {
		a = article_new();
		article_from_item(a, src->id, f, &f->items[i]);
		if (store_article_upsert(st, a, &is_new, cause) == -1) {
			article_free(&a);
			goto fail;
		}
		if (is_new)
			(*new_articles)++;
		else
			(*updated)++;
		article_free(&a);
	}
	if (store_commit(st, cause) == -1)
		goto fail;
	return 0;
fail:
	store_rollback(st);
	*new_articles = *updated = 0;
	return -1;
}

static void
page_done(struct fetch_result *res, void *arg)
{
	struct refresh_page *pg = arg;
	struct refresh *r = pg->r;
	struct extract *e = NULL;
	char *cause = NULL, *error = NULL;
	time_t now = time(NULL), wait;
	int i;

	r->progress.pages++;
	if (res->status == FETCH_OK) {
		e = extract_page(buf_str(&res->body), res->body.len,
		    res->effective_url != NULL ? res->effective_url : pg->url,
		    res->content_type);
		if (e->text_len == 0)
			error = xasprintf(_("no article text found in page %s"),
			    pg->url);
	} else
		/* The fetch engine's reasons name the page already. */
		error = xstrdup(res->error != NULL ? res->error :
		    fetch_status_name(res->status));
	if (error == NULL) {
		if (store_fulltext_set(r->store, pg->article_id, e->html,
		    pg->html_source ? e->title : NULL, e->author, e->published,
		    &cause) == -1)
			error = cause;
	} else {
		wait = REFRESH_PAGE_BACKOFF;
		for (i = 0; i < pg->tries && wait < REFRESH_PAGE_BACKOFF_MAX;
		    i++)
			wait *= 2;
		if (wait > REFRESH_PAGE_BACKOFF_MAX)
			wait = REFRESH_PAGE_BACKOFF_MAX;
		if (res->retry_after > wait)
			wait = res->retry_after < REFRESH_PAGE_BACKOFF_MAX ?
			    res->retry_after : REFRESH_PAGE_BACKOFF_MAX;
		/* A failed record is not worth more than the failure. */
		if (store_fulltext_failed(r->store, pg->article_id, error,
		    pg->tries + 1 < REFRESH_PAGE_TRIES ? now + wait : 0,
		    &cause) == -1)
			free(cause);
	}
	if (error != NULL)
		r->progress.pages_failed++;
	free(error);
	extract_free(&e);
	free(pg->url);
	free(pg);
}

/*
 * Queue the pages of a source's articles that want their full text. A
 * page never holds up its source: the source is done already, and the
 * engine's per-host limit keeps these polite.
 */
static void
queue_pages(struct refresh *r, const struct source *s)
{
	struct store_pending *v = NULL;
	struct fetch_request req;
	struct refresh_page *pg;
	char *cause = NULL;
	long threshold;
	size_t n = 0, i;

	if (!s->fulltext || s->id == 0)
		return;
	threshold = s->kind == SOURCE_HTML ? 1000000000L :
	    r->fulltext_threshold;
	if (threshold <= 0)
		return;
	if (store_fulltext_pending(r->store, s->id, threshold,
	    REFRESH_PAGE_TRIES, time(NULL), REFRESH_PAGES_MAX, &v, &n,
	    &cause) == -1) {
		free(cause);
		return;
	}
	for (i = 0; i < n; i++) {
		pg = xcalloc(1, sizeof *pg);
		pg->r = r;
		pg->article_id = v[i].id;
		pg->url = xstrdup(v[i].url);
		pg->tries = v[i].tries;
		pg->html_source = s->kind == SOURCE_HTML;
		memset(&req, 0, sizeof req);
		req.url = pg->url;
		req.done = page_done;
		req.arg = pg;
		fetch_add(r->fetch, &req);
	}
	store_fulltext_pending_free(&v, n);
}

/* The links of an html source's index page become its articles. */
static int
store_links(struct refresh *r, const struct source *s,
    const struct fetch_result *res, struct refresh_event *ev, char **cause)
{
	struct scrape *sc;
	size_t i;
	int is_new;

	sc = scrape_page(buf_str(&res->body), res->body.len,
	    res->effective_url != NULL ? res->effective_url : s->url,
	    res->content_type, s->xpath, cause);
	if (sc == NULL)
		return -1;
	if (store_begin(r->store, cause) == -1)
		goto fail;
	if (sc->title != NULL && store_source_set_meta(r->store, s->id,
	    sc->title, NULL, cause) == -1)
		goto rollback;
	for (i = 0; i < sc->nlinks; i++) {
		if (store_article_add_link(r->store, s->id, sc->links[i].url,
		    sc->links[i].title, &is_new, cause) == -1)
			goto rollback;
		if (is_new)
			ev->new_articles++;
	}
	if (store_commit(r->store, cause) == -1)
		goto rollback;
	scrape_free(&sc);
	return 0;
rollback:
	store_rollback(r->store);
	ev->new_articles = 0;
fail:
	scrape_free(&sc);
	return -1;
}

/* Record the state of a source after a fetch; the error goes to ev. */
static void
save_state(struct refresh *r, struct source *s, struct refresh_event *ev)
{
	char *cause = NULL;

	if (store_source_set_fetch(r->store, s, &cause) == -1) {
		/* The articles are in; only the bookkeeping failed. */
		if (!ev->failed) {
			ev->failed = 1;
			free(s->last_error);
			s->last_error = cause;
			ev->error = s->last_error;
		} else
			free(cause);
	}
}

/* A permanent redirect: follow it in the store and the sources file. */
static void
move_source(struct refresh *r, struct source *s, const char *to)
{
	struct source *other = NULL;
	char *cause = NULL;
	int found;

	if (store_source_find(r->store, to, &other, &cause) == -1 ||
	    other != NULL) {
		/* Already a source of its own: keep both as they are. */
		free(cause);
		source_free(&other);
		return;
	}
	if (r->sources_file != NULL && sources_replace_url(r->sources_file,
	    s->url, to, &found, &cause) == -1) {
		free(cause);
		return;
	}
	if (store_source_set_url(r->store, s->id, to, &cause) == -1) {
		free(cause);
		return;
	}
	free(s->url);
	s->url = xstrdup(to);
}

static void
fetch_done(struct fetch_result *res, void *arg)
{
	struct refresh_job *job = arg;
	struct refresh *r = job->r;
	struct source *s = job->source;
	struct refresh_event ev;
	struct feed *f = NULL;
	char *hash = NULL, *cause = NULL, *warning = NULL;
	time_t now = time(NULL);

	memset(&ev, 0, sizeof ev);
	ev.source = s;
	ev.bytes = res->bytes;
	s->last_fetch = now;
	s->last_status = (int)res->http_status;
	s->next_fetch = 0;
	free(s->last_error);
	s->last_error = NULL;
	if (res->retry_after > 0)
		s->next_fetch = now + (res->retry_after < REFRESH_MAX_WAIT ?
		    res->retry_after : REFRESH_MAX_WAIT);

	if ((res->status == FETCH_OK || res->status == FETCH_NOT_MODIFIED) &&
	    res->moved_to != NULL) {
		move_source(r, s, res->moved_to);
		ev.moved_to = res->moved_to;
	}
	switch (res->status) {
	case FETCH_OK:
		break;
	case FETCH_NOT_MODIFIED:
		ev.unchanged = 1;
		s->gone = 0;
		goto save;
	default:
		if (res->http_status == 410) {
			s->gone = 1;
			s->last_error = xstrdup(_("gone: the server says this "
			    "feed no longer exists (HTTP 410)"));
		} else
			s->last_error = xstrdup(res->error != NULL ?
			    res->error : _("fetch failed"));
		ev.failed = 1;
		goto save;
	}
	s->gone = 0;
	free(s->etag);
	s->etag = res->etag != NULL ? xstrdup(res->etag) : NULL;
	free(s->last_modified);
	s->last_modified = res->last_modified != NULL ?
	    xstrdup(res->last_modified) : NULL;

	hash = body_hash(buf_str(&res->body), res->body.len);
	if (s->kind == SOURCE_HTML && s->xpath != NULL) {
		/* A new XPath reads the same page anew. */
		char *xh = body_hash(s->xpath, strlen(s->xpath)), *both;

		both = xasprintf("%s+%s", hash, xh);
		free(xh);
		free(hash);
		hash = both;
	}
	if (s->body_hash != NULL && strcmp(s->body_hash, hash) == 0) {
		ev.unchanged = 1;
		free(hash);
		goto save;
	}
	if (s->kind == SOURCE_HTML) {
		if (store_links(r, s, res, &ev, &cause) == -1) {
			s->last_error = xasprintf(_("cannot read links of %s: "
			    "%s"), s->url, cause);
			free(cause);
			free(hash);
			ev.failed = 1;
			goto save;
		}
		free(s->body_hash);
		s->body_hash = hash;
		goto save;
	}
	f = feed_parse(buf_str(&res->body), res->body.len,
	    res->effective_url != NULL ? res->effective_url : s->url,
	    res->content_type, &cause);
	if (f == NULL) {
		s->last_error = xasprintf(_("not a feed: %s"), cause);
		free(cause);
		free(hash);
		ev.failed = 1;
		goto save;
	}
	if (f->error != NULL)
		warning = xasprintf(_("feed read with recovery: %s"),
		    f->error);
	if (refresh_store_feed(r->store, s, f, &ev.new_articles,
	    &ev.updated_articles, &cause) == -1) {
		s->last_error = cause;
		ev.failed = 1;
		free(hash);
		goto save;
	}
	free(s->body_hash);
	s->body_hash = hash;
save:
	/*
	 * A body that came but was not stored (a full disk, not a feed)
	 * must come again: with the new validators kept, the server would
	 * answer 304 and the articles would never be stored.
	 */
	if (ev.failed && res->status == FETCH_OK) {
		free(s->etag);
		s->etag = NULL;
		free(s->last_modified);
		s->last_modified = NULL;
	}
	ev.warning = warning;
	if (ev.failed)
		ev.error = s->last_error;
	save_state(r, s, &ev);
	r->progress.done++;
	r->progress.bytes += ev.bytes;
	r->progress.new_articles += ev.new_articles;
	if (ev.failed)
		r->progress.failed++;
	if (r->done != NULL)
		r->done(&ev, r->arg);
	if (!ev.failed)
		queue_pages(r, s);
	free(warning);
	feed_free(&f);
	source_free(&job->source);
	free(job);
}

/* A copy of the fields of a source refresh works with. */
static struct source *
source_copy(const struct source *from)
{
	struct source *s;
	size_t i;

	s = source_new(from->url);
	s->id = from->id;
	s->kind = from->kind;
	s->title = from->title != NULL ? xstrdup(from->title) : NULL;
	s->name = from->name != NULL ? xstrdup(from->name) : NULL;
	for (i = 0; from->tags != NULL && from->tags[i] != NULL; i++)
		util_strv_add(&s->tags, from->tags[i]);
	s->fulltext = from->fulltext;
	s->xpath = from->xpath != NULL ? xstrdup(from->xpath) : NULL;
	s->in_file = from->in_file;
	s->synced = from->synced;
	s->etag = from->etag != NULL ? xstrdup(from->etag) : NULL;
	s->last_modified = from->last_modified != NULL ?
	    xstrdup(from->last_modified) : NULL;
	s->last_fetch = from->last_fetch;
	s->last_status = from->last_status;
	s->last_error = from->last_error != NULL ?
	    xstrdup(from->last_error) : NULL;
	s->body_hash = from->body_hash != NULL ?
	    xstrdup(from->body_hash) : NULL;
	s->gone = from->gone;
	s->next_fetch = from->next_fetch;
	return s;
}

/* A source not fetched this time, done at once, and why. */
static void
skip(struct refresh *r, const struct source *src, const char *why)
{
	struct refresh_event ev;

	memset(&ev, 0, sizeof ev);
	ev.source = src;
	ev.skipped = 1;
	ev.error = why;
	r->progress.done++;
	if (r->done != NULL)
		r->done(&ev, r->arg);
}

void
refresh_add(struct refresh *r, const struct source *src)
{
	struct fetch_request req;
	struct refresh_job *job;

	r->progress.total++;
	/*
	 * The server's feeds come by sync (with the server's ids as guids):
	 * fetched directly, every article would be stored twice.
	 */
	if (src->synced) {
		skip(r, src, _("this source comes from the sync server: "
		    "pundit sync brings its articles"));
		return;
	}
	if (!r->force && (src->gone || src->next_fetch > time(NULL))) {
		skip(r, src, src->last_error);
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->r = r;
	job->source = source_copy(src);
	memset(&req, 0, sizeof req);
	req.url = job->source->url;
	req.etag = job->source->etag;
	req.last_modified = job->source->last_modified;
	/*
	 * A URL the user listed: file:// is theirs to use (the demo). One
	 * that came from elsewhere (a sync server) never reads a local file.
	 */
	req.allow_file = src->in_file;
	req.done = fetch_done;
	req.arg = job;
	fetch_add(r->fetch, &req);
}

void
refresh_progress(const struct refresh *r, struct refresh_progress *p)
{
	struct fetch_stats fs;

	*p = r->progress;
	fetch_stats(r->fetch, &fs);
	p->bytes = fs.bytes;
}

unsigned
refresh_pending(const struct refresh *r)
{
	return fetch_pending(r->fetch);
}

int
refresh_poll(struct refresh *r, int timeout_ms, int extra_fd)
{
	return fetch_poll(r->fetch, timeout_ms, extra_fd);
}

int
refresh_poll_fds(struct refresh *r, int timeout_ms, const int *fds,
    size_t nfds)
{
	return fetch_poll_fds(r->fetch, timeout_ms, fds, nfds);
}

void
refresh_run(struct refresh *r)
{
	fetch_run(r->fetch);
}
