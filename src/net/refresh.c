/* refresh.c - sources -> fetch -> parse -> store, in one event loop. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "feed.h"
#include "fetch.h"
#include "i18n.h"
#include "refresh.h"
#include "sources.h"
#include "store.h"
#include "util.h"

/* Longest wait a server may ask for with Retry-After. */
#define REFRESH_MAX_WAIT (24 * 3600)

struct refresh_job {
	struct refresh		*r;
	struct source		*source;
};

struct refresh {
	struct store		*store;
	struct fetch		*fetch;
	char			*sources_file;
	int			 force;
	void			(*done)(const struct refresh_event *, void *);
	void			*arg;
	struct refresh_progress	 progress;
};

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
	if (s->body_hash != NULL && strcmp(s->body_hash, hash) == 0) {
		ev.unchanged = 1;
		free(hash);
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
	s->in_file = from->in_file;
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

void
refresh_add(struct refresh *r, const struct source *src)
{
	struct fetch_request req;
	struct refresh_job *job;
	struct refresh_event ev;

	r->progress.total++;
	if (!r->force && (src->gone || src->next_fetch > time(NULL) ||
	    src->kind == SOURCE_HTML)) {
		memset(&ev, 0, sizeof ev);
		ev.source = src;
		ev.skipped = 1;
		if (src->kind == SOURCE_HTML) {
			/* TRANSLATORS: html sources are web pages without a
			   feed; reading their links comes with scraping. */
			ev.error = _("html sources are not fetched by this "
			    "version yet");
		} else
			ev.error = src->last_error;
		r->progress.done++;
		if (r->done != NULL)
			r->done(&ev, r->arg);
		return;
	}
	job = xcalloc(1, sizeof *job);
	job->r = r;
	job->source = source_copy(src);
	memset(&req, 0, sizeof req);
	req.url = job->source->url;
	req.etag = job->source->etag;
	req.last_modified = job->source->last_modified;
	/* The user listed this URL: file:// is theirs to use (the demo). */
	req.allow_file = 1;
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

void
refresh_run(struct refresh *r)
{
	fetch_run(r->fetch);
}
