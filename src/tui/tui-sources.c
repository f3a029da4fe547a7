/* tui-sources.c - the source list: all, unread, starred, saved searches,
   sources, and tag groups with their sources. */
#include "config.h"

#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "i18n.h"
#include "search.h"
#include "text.h"
#include "tui-int.h"

enum entry_kind {
	ENTRY_ALL,
	ENTRY_UNREAD,
	ENTRY_STARRED,
	ENTRY_SEARCH,
	ENTRY_SOURCE,
	ENTRY_TAG,
};

struct entry {
	enum entry_kind	 kind;
	char		*key;		/* for the saved place */
	char		*name;		/* sanitised */
	char		*tags;		/* sanitised, may be "" */
	int64_t		 source_id;
	char		*tag;		/* ENTRY_TAG: the tag itself;
					   ENTRY_SEARCH: the query */
	long		 total;		/* -1: not known yet */
	long		 unread;
	int		 stale;		/* counts to do again when idle */
	int		 failed;
	int		 member;	/* a source under its tag group */
};

struct sources {
	struct entry	*v;
	size_t		 n;
	struct tui_menu	 menu;
	size_t		 next;		/* where idle counting goes on */
};

static void
entries_free(struct entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].name);
		free(v[i].tags);
		free(v[i].tag);
	}
	free(v);
}

static struct entry *
entry_add(struct sources *s, enum entry_kind kind, const char *key,
    const char *name)
{
	struct entry *e;

	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	e = &s->v[s->n++];
	memset(e, 0, sizeof *e);
	e->kind = kind;
	e->key = xstrdup(key);
	e->name = tui_clean(name);
	e->tags = xstrdup("");
	return e;
}

/* A source: its counts come with the list. */
static void
source_add(struct sources *s, const struct source *src, const char *group)
{
	struct entry *e;
	struct buf b = BUF_INIT;
	char *k;
	size_t j;

	if (group != NULL)
		k = xasprintf("tag:%s/source:%s", group, src->url);
	else
		k = xasprintf("source:%s", src->url);
	e = entry_add(s, ENTRY_SOURCE, k, source_display_name(src));
	free(k);
	e->member = group != NULL;
	e->source_id = src->id;
	e->total = src->n_articles;
	e->unread = src->n_unread;
	e->failed = src->last_error != NULL;
	for (j = 0; src->tags != NULL && src->tags[j] != NULL; j++) {
		if (j > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, src->tags[j]);
	}
	free(e->tags);
	e->tags = tui_clean(buf_str(&b));
	buf_free(&b);
}

static int
has_tag(const struct source *src, const char *tag)
{
	size_t j;

	for (j = 0; src->tags != NULL && src->tags[j] != NULL; j++)
		if (strcmp(src->tags[j], tag) == 0)
			return 1;
	return 0;
}

/*
 * Build the list. Sources come with their counts, and all and unread are
 * their sums; saved searches and tag groups are counted afterwards, one at
 * a time while the keyboard is idle (sources_idle), so that a large cache
 * shows its first screen at once. Counts known before a reload are shown
 * until they are counted again.
 */
static void
sources_load(struct tui_view *v)
{
	struct tui *tui = v->tui;
	struct sources *s = v->data;
	struct store_filter f;
	struct source **src = NULL;
	struct search_saved *saved = NULL;
	struct entry *e, *old = s->v;
	char *cause = NULL, **tags = NULL, *key, *name, *k;
	const char *keep;
	size_t n = 0, i, j, nsaved = 0, nold = s->n;
	long all = 0, unread = 0;

	keep = s->n > 0 ? s->v[s->menu.sel].key : tui->state_source;
	key = keep != NULL ? xstrdup(keep) : NULL;
	s->v = NULL;
	s->n = 0;
	s->next = 0;
	if (store_source_list(tui->store, &src, &n, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < n; i++) {
		all += src[i]->n_articles;
		unread += src[i]->n_unread;
	}
	e = entry_add(s, ENTRY_ALL, "all", _("All articles"));
	e->total = all;
	e->unread = unread;
	e = entry_add(s, ENTRY_UNREAD, "unread", _("Unread"));
	e->total = e->unread = unread;
	e = entry_add(s, ENTRY_STARRED, "starred", _("Starred"));
	memset(&f, 0, sizeof f);
	f.starred = 1;
	if (store_article_count(tui->store, &f, &e->total, &cause) == -1 ||
	    (f.unread = 1, store_article_count(tui->store, &f, &e->unread,
	    &cause)) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		cause = NULL;
	}

	/* Saved searches are virtual sources. */
	if (search_saved_names(tui->store, &saved, &nsaved, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < nsaved; i++) {
		/* TRANSLATORS: an entry of the source list for a saved
		   search. */
		name = xasprintf(_("Search %s"), saved[i].name);
		k = xasprintf("search:%s", saved[i].name);
		e = entry_add(s, ENTRY_SEARCH, k, name);
		e->tag = xstrdup(saved[i].query);
		e->stale = 1;
		free(name);
		free(k);
	}
	search_saved_list_free(&saved, nsaved);

	for (i = 0; i < n; i++)
		source_add(s, src[i], NULL);

	/* Tag groups: the tags of sources and of articles. */
	if (store_tag_names(tui->store, &tags, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		/* TRANSLATORS: an entry of the source list for a tag. */
		name = xasprintf(_("Tag %s"), tags[i]);
		k = xasprintf("tag:%s", tags[i]);
		e = entry_add(s, ENTRY_TAG, k, name);
		e->tag = xstrdup(tags[i]);
		e->stale = 1;
		free(name);
		free(k);
		if (!tui->groups)
			continue;
		for (j = 0; j < n; j++)
			if (has_tag(src[j], tags[i]))
				source_add(s, src[j], tags[i]);
	}
	util_strv_free(&tags);
	store_source_list_free(&src, n);

	/* Until counted again, the counts known before. */
	for (i = 0; i < s->n; i++) {
		if (!s->v[i].stale)
			continue;
		s->v[i].total = s->v[i].unread = -1;
		for (j = 0; j < nold; j++)
			if (old[j].kind == s->v[i].kind &&
			    strcmp(old[j].key, s->v[i].key) == 0) {
				s->v[i].total = old[j].total;
				s->v[i].unread = old[j].unread;
				break;
			}
	}
	entries_free(old, nold);

	s->menu.n = s->n;
	for (i = 0; key != NULL && i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0) {
			s->menu.sel = i;
			break;
		}
	free(key);
	tui_menu_fix(&s->menu, tui->height);
}

/* The counts give way as soon as a key is typed. */
static int
key_waiting(void *arg)
{
	struct pollfd pfd;
	int *interrupted = arg;

	pfd.fd = STDIN_FILENO;
	pfd.events = POLLIN;
	if (poll(&pfd, 1, 0) > 0)
		*interrupted = 1;
	return *interrupted;
}

/*
 * Count one saved search or tag group; 1 while there are more to count.
 * A count cut short by a key is done again later.
 */
static int
sources_idle(struct tui_view *v)
{
	struct tui *tui = v->tui;
	struct sources *s = v->data;
	struct search_query *q;
	struct store_filter f;
	struct entry *e;
	char *cause = NULL, *text;
	long total = -1, unread = -1;
	int rc = 0, interrupted = 0;

	while (s->next < s->n && !s->v[s->next].stale)
		s->next++;
	if (s->next >= s->n)
		return 0;
	e = &s->v[s->next];
	store_set_check(tui->store, key_waiting, &interrupted);
	if (e->kind == ENTRY_SEARCH) {
		/* A query this pundit cannot read shows no counts. */
		if (search_parse(e->tag, strlen(e->tag), &q, NULL) == 0) {
			rc = search_count(tui->store, q, &total, &cause);
			search_query_free(&q);
		}
		text = xasprintf("%s is:unread", e->tag);
		if (rc == 0 && search_parse(text, strlen(text), &q,
		    NULL) == 0) {
			rc = search_count(tui->store, q, &unread, &cause);
			search_query_free(&q);
		}
		free(text);
	} else {
		memset(&f, 0, sizeof f);
		f.tag = e->tag;
		rc = store_article_count(tui->store, &f, &total, &cause);
		f.unread = 1;
		if (rc == 0)
			rc = store_article_count(tui->store, &f, &unread,
			    &cause);
	}
	store_set_check(tui->store, NULL, NULL);
	if (interrupted) {
		free(cause);
		return 1;
	}
	if (rc != 0) {
		tui_error(tui, "%s", cause);
		free(cause);
	}
	e->total = total;
	e->unread = unread;
	e->stale = 0;
	s->next++;
	tui->dirty = 1;
	return s->next < s->n;
}

static void
sources_free(struct tui_view *v)
{
	struct sources *s = v->data;

	entries_free(s->v, s->n);
	free(s);
}

static void
sources_resize(struct tui_view *v)
{
	struct sources *s = v->data;

	tui_menu_fix(&s->menu, v->tui->height);
}

static void
sources_draw(struct tui_view *v, int top, int height)
{
	struct sources *s = v->data;
	struct entry *e;
	char counts[64];
	long i;
	int y, x, sel, w, cw = 15;

	tui_menu_fix(&s->menu, height);
	if (s->n <= 3 && s->v[0].total == 0) {
		tui_put(top + 4, 2, _("No sources yet: add some with "
		    "`pundit add URL`, then press R to fetch them."),
		    COLS - 2, TUI_C_MESSAGE);
		tui_put(top + 5, 2, _("Or quit and run `pundit init` to start "
		    "from a curated list of think tanks and commentary."),
		    COLS - 2, TUI_C_MESSAGE);
	}
	for (i = s->menu.top; i < s->menu.top + height && i < (long)s->n;
	    i++) {
		e = &s->v[i];
		y = top + (int)(i - s->menu.top);
		sel = i == s->menu.sel;
		if (sel) {
			attrset(tui_attr(TUI_C_SELECTED));
			mvhline(y, 0, ' ', COLS);
			attrset(A_NORMAL);
		}
		tui_put(y, 0, e->failed ? "!" : " ", 1,
		    sel ? TUI_C_SELECTED : TUI_C_ERROR);
		if (e->total >= 0)
			snprintf(counts, sizeof counts, "%5ld/%-6ld",
			    e->unread, e->total);
		else	/* not counted yet */
			snprintf(counts, sizeof counts, "%5s/%-6s", "-",
			    "-");
		tui_put(y, 1, counts, cw - 1, sel ? TUI_C_SELECTED :
		    e->unread > 0 ? TUI_C_UNREAD : TUI_C_NORMAL);
		x = cw + (e->member ? 2 : 0);
		w = COLS - x;
		if (*e->tags != '\0' && COLS > 50) {
			int tw = text_width(e->tags) + 1;

			if (tw > COLS / 3)
				tw = COLS / 3;
			tui_put(y, COLS - tw, e->tags, tw,
			    sel ? TUI_C_SELECTED : TUI_C_TAG);
			w -= tw + 1;
		}
		tui_put(y, x, e->name, w, sel ? TUI_C_SELECTED :
		    e->kind != ENTRY_SOURCE ? TUI_C_HEADING :
		    e->unread > 0 ? TUI_C_UNREAD : TUI_C_NORMAL);
	}
}

static void
sources_open(struct tui_view *v)
{
	struct tui *tui = v->tui;
	struct sources *s = v->data;
	struct store_filter f;
	struct tui_view *sv;
	struct entry *e;

	if (s->n == 0)
		return;
	e = &s->v[s->menu.sel];
	if (e->kind == ENTRY_SEARCH) {
		if ((sv = tui_search_new(tui, e->tag, e->name)) != NULL)
			tui_push(tui, sv);
		return;
	}
	memset(&f, 0, sizeof f);
	switch (e->kind) {
	case ENTRY_ALL:
	case ENTRY_SEARCH:
		break;
	case ENTRY_UNREAD:
		f.unread = 1;
		break;
	case ENTRY_STARRED:
		f.starred = 1;
		break;
	case ENTRY_TAG:
		/* Its sources' articles and the articles tagged with it. */
		f.tag = e->tag;
		break;
	case ENTRY_SOURCE:
		f.source_id = e->source_id;
		break;
	}
	tui_push(tui, tui_articles_new(tui, &f, e->name));
}

static void
sources_key(struct tui_view *v, enum tui_action a, int count)
{
	struct tui *tui = v->tui;
	struct sources *s = v->data;
	struct entry *e;

	if (tui_menu_key(&s->menu, a, count, tui->height)) {
		free(tui->state_source);
		tui->state_source = xstrdup(s->v[s->menu.sel].key);
		return;
	}
	switch (a) {
	case TUI_OPEN:
		sources_open(v);
		break;
	case TUI_REFRESH:
		e = &s->v[s->menu.sel];
		tui_refresh_sources(tui, e->kind == ENTRY_SOURCE ?
		    e->source_id : 0);
		break;
	case TUI_SEARCH_ACTION:
		tui_search_prompt(tui);
		break;
	case TUI_GROUPS:
		tui->groups = !tui->groups;
		/* On a member that goes away: on its group. */
		e = &s->v[s->menu.sel];
		if (e->member) {
			free(tui->state_source);
			tui->state_source = xstrndup(e->key,
			    strcspn(e->key, "/"));
			free(e->key);
			e->key = xstrdup(tui->state_source);
		}
		sources_load(v);
		tui_message(tui, "%s", tui->groups ? _("tag groups show "
		    "their sources") : _("tag groups folded"));
		break;
	default:
		break;
	}
}

static void
sources_where(struct tui_view *v, char *buf, size_t len)
{
	struct sources *s = v->data;

	snprintf(buf, len, "%ld/%zu ", s->menu.sel + 1, s->n);
}

static const struct tui_view_ops sources_ops = {
	TUI_SOURCES, N_("Sources"), sources_free, sources_resize,
	sources_draw, sources_key, sources_load, sources_where, sources_idle, NULL,
};

struct tui_view *
tui_sources_new(struct tui *tui)
{
	struct tui_view *v;
	struct sources *s;

	s = xcalloc(1, sizeof *s);
	v = tui_view_new(tui, &sources_ops, s, _("Sources"));
	v->menu = &s->menu;
	sources_load(v);
	return v;
}
