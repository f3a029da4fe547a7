/* tui-sources.c - the source list: all, unread, starred, tags, sources. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

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
	ENTRY_TAG,
	ENTRY_SOURCE,
};

struct entry {
	enum entry_kind	 kind;
	char		*key;		/* for the saved place */
	char		*name;		/* sanitised */
	char		*tags;		/* sanitised, may be "" */
	int64_t		 source_id;
	char		*tag;		/* ENTRY_TAG: the tag itself;
					   ENTRY_SEARCH: the query */
	long		 total;
	long		 unread;
	int		 failed;
};

struct sources {
	struct entry	*v;
	size_t		 n;
	struct tui_menu	 menu;
};

static void
entries_free(struct sources *s)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		free(s->v[i].key);
		free(s->v[i].name);
		free(s->v[i].tags);
		free(s->v[i].tag);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
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

static void
count(struct tui *tui, struct entry *e, const struct store_filter *base)
{
	struct store_filter f = *base;
	char *cause = NULL;

	if (store_article_count(tui->store, &f, &e->total, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		return;
	}
	f.unread = 1;
	if (store_article_count(tui->store, &f, &e->unread, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
	}
}

static void
sources_load(struct tui_view *v)
{
	struct tui *tui = v->tui;
	struct sources *s = v->data;
	struct store_filter f;
	struct source **src = NULL;
	struct search_saved *saved = NULL;
	struct entry *e;
	char *cause = NULL, **tags = NULL, *key;
	const char *keep;
	size_t n = 0, i, j, nsaved = 0;
	struct buf b = BUF_INIT;

	keep = s->n > 0 ? s->v[s->menu.sel].key : tui->state_source;
	key = keep != NULL ? xstrdup(keep) : NULL;
	entries_free(s);
	memset(&f, 0, sizeof f);
	count(tui, entry_add(s, ENTRY_ALL, "all", _("All articles")), &f);
	f.unread = 1;
	count(tui, entry_add(s, ENTRY_UNREAD, "unread", _("Unread")), &f);
	f.unread = 0;
	f.starred = 1;
	count(tui, entry_add(s, ENTRY_STARRED, "starred", _("Starred")), &f);
	f.starred = 0;
	if (search_saved_list(tui->store, &saved, &nsaved, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		cause = NULL;
	}
	for (i = 0; i < nsaved; i++) {
		char *name, *k;

		/* TRANSLATORS: an entry of the source list for a saved
		   search. */
		name = xasprintf(_("Search %s"), saved[i].name);
		k = xasprintf("search:%s", saved[i].name);
		e = entry_add(s, ENTRY_SEARCH, k, name);
		e->tag = xstrdup(saved[i].query);
		e->total = saved[i].n_articles;
		e->unread = saved[i].n_unread;
		free(name);
		free(k);
	}
	search_saved_list_free(&saved, nsaved);
	if (store_source_list(tui->store, &src, &n, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
	}
	for (i = 0; i < n; i++)
		for (j = 0; src[i]->tags != NULL && src[i]->tags[j] != NULL;
		    j++) {
			size_t k;

			for (k = 0; tags != NULL && tags[k] != NULL; k++)
				if (strcmp(tags[k], src[i]->tags[j]) == 0)
					break;
			if (tags == NULL || tags[k] == NULL)
				util_strv_add(&tags, src[i]->tags[j]);
		}
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		char *name, *k;

		/* TRANSLATORS: an entry of the source list for a tag. */
		name = xasprintf(_("Tag %s"), tags[i]);
		k = xasprintf("tag:%s", tags[i]);
		e = entry_add(s, ENTRY_TAG, k, name);
		e->tag = xstrdup(tags[i]);
		f.tag = e->tag;
		count(tui, e, &f);
		f.tag = NULL;
		free(name);
		free(k);
	}
	util_strv_free(&tags);
	for (i = 0; i < n; i++) {
		char *k;

		k = xasprintf("source:%s", src[i]->url);
		e = entry_add(s, ENTRY_SOURCE, k, source_display_name(src[i]));
		free(k);
		e->source_id = src[i]->id;
		e->total = src[i]->n_articles;
		e->unread = src[i]->n_unread;
		e->failed = src[i]->last_error != NULL;
		buf_reset(&b);
		for (j = 0; src[i]->tags != NULL && src[i]->tags[j] != NULL;
		    j++) {
			if (j > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, src[i]->tags[j]);
		}
		free(e->tags);
		e->tags = tui_clean(buf_str(&b));
	}
	buf_free(&b);
	store_source_list_free(&src, n);
	s->menu.n = s->n;
	for (i = 0; key != NULL && i < s->n; i++)
		if (strcmp(s->v[i].key, key) == 0) {
			s->menu.sel = i;
			break;
		}
	free(key);
	tui_menu_fix(&s->menu, tui->height);
}

static void
sources_free(struct tui_view *v)
{
	struct sources *s = v->data;

	entries_free(s);
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
		snprintf(counts, sizeof counts, "%5ld/%-6ld", e->unread,
		    e->total);
		tui_put(y, 1, counts, cw - 1, sel ? TUI_C_SELECTED :
		    e->unread > 0 ? TUI_C_UNREAD : TUI_C_NORMAL);
		x = cw;
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
		break;
	case ENTRY_UNREAD:
		f.unread = 1;
		break;
	case ENTRY_STARRED:
		f.starred = 1;
		break;
	case ENTRY_TAG:
		f.tag = e->tag;
		break;
	case ENTRY_SEARCH:
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
	sources_draw, sources_key, sources_load, sources_where,
};

struct tui_view *
tui_sources_new(struct tui *tui)
{
	struct tui_view *v;

	v = tui_view_new(tui, &sources_ops, xcalloc(1, sizeof (struct sources)),
	    _("Sources"));
	sources_load(v);
	return v;
}
