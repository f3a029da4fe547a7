/* tui-errors.c - every source's last error, and bad config lines. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "tui-int.h"

struct error_row {
	int64_t		 source_id;	/* 0: a config problem */
	char		*name;		/* sanitised */
	char		*text;		/* sanitised */
};

struct errors {
	struct error_row *v;
	size_t		 n;
	struct tui_menu	 menu;
};

static void
rows_free(struct errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++) {
		free(e->v[i].name);
		free(e->v[i].text);
	}
	free(e->v);
	e->v = NULL;
	e->n = 0;
}

static void
row_add(struct errors *e, int64_t id, const char *name, const char *text)
{
	e->v = xreallocarray(e->v, e->n + 1, sizeof *e->v);
	e->v[e->n].source_id = id;
	e->v[e->n].name = tui_clean(name);
	e->v[e->n].text = tui_clean(text);
	e->n++;
}

static void
errors_load(struct tui_view *v)
{
	struct tui *tui = v->tui;
	struct errors *e = v->data;
	struct source **src = NULL;
	char *cause = NULL;
	size_t n = 0, i;

	rows_free(e);
	for (i = 0; tui->problems != NULL && tui->problems[i] != NULL; i++)
		row_add(e, 0, _("config"), tui->problems[i]);
	/* The server's sources carry it too, when there are some yet. */
	if (tui->sync_error != NULL)
		/* TRANSLATORS: the name column of the errors view. */
		row_add(e, 0, _("sync"), tui->sync_error);
	if (store_source_list(tui->store, &src, &n, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
	}
	for (i = 0; i < n; i++)
		if (src[i]->last_error != NULL)
			row_add(e, src[i]->id, source_display_name(src[i]),
			    src[i]->last_error);
	store_source_list_free(&src, n);
	e->menu.n = e->n;
	tui_menu_fix(&e->menu, tui->height);
}

static void
errors_free(struct tui_view *v)
{
	struct errors *e = v->data;

	rows_free(e);
	free(e);
}

static void
errors_resize(struct tui_view *v)
{
	struct errors *e = v->data;

	tui_menu_fix(&e->menu, v->tui->height);
}

static void
errors_draw(struct tui_view *v, int top, int height)
{
	struct errors *e = v->data;
	struct error_row *r;
	long i;
	int y, sel, nw;

	tui_menu_fix(&e->menu, height);
	if (e->n == 0) {
		tui_put(top + 1, 2, _("No errors: every source fetched "
		    "fine the last time."), COLS - 2, TUI_C_MESSAGE);
		return;
	}
	nw = COLS / 4 < 24 ? COLS / 4 : 24;
	for (i = e->menu.top; i < e->menu.top + height && i < (long)e->n;
	    i++) {
		r = &e->v[i];
		y = top + (int)(i - e->menu.top);
		sel = i == e->menu.sel;
		tui_put(y, 0, " ", 1, sel ? TUI_C_SELECTED : TUI_C_NORMAL);
		tui_put(y, 1, r->name, nw, sel ? TUI_C_SELECTED :
		    TUI_C_SOURCE);
		tui_put(y, 1 + nw, "  ", 2, sel ? TUI_C_SELECTED :
		    TUI_C_NORMAL);
		tui_put(y, 3 + nw, r->text, COLS - 3 - nw, sel ?
		    TUI_C_SELECTED : TUI_C_ERROR);
	}
}

static void
errors_key(struct tui_view *v, enum tui_action a, int count)
{
	struct tui *tui = v->tui;
	struct errors *e = v->data;
	struct store_filter f;
	struct error_row *r;

	if (tui_menu_key(&e->menu, a, count, tui->height) || e->n == 0)
		return;
	r = &e->v[e->menu.sel];
	if (r->source_id == 0)
		return;
	if (a == TUI_OPEN) {
		memset(&f, 0, sizeof f);
		f.source_id = r->source_id;
		tui_push(tui, tui_articles_new(tui, &f, r->name));
	} else if (a == TUI_REFRESH)
		tui_refresh_sources(tui, r->source_id);
}

static void
errors_where(struct tui_view *v, char *buf, size_t len)
{
	struct errors *e = v->data;

	snprintf(buf, len, "%ld/%zu ", e->n > 0 ? e->menu.sel + 1 : 0, e->n);
}

static const struct tui_view_ops errors_ops = {
	TUI_ERRORS, N_("Errors"), errors_free, errors_resize, errors_draw,
	errors_key, errors_load, errors_where, NULL, NULL,
};

struct tui_view *
tui_errors_new(struct tui *tui)
{
	struct tui_view *v;
	struct errors *e;

	e = xcalloc(1, sizeof *e);
	v = tui_view_new(tui, &errors_ops, e, _("Errors"));
	v->menu = &e->menu;
	errors_load(v);
	return v;
}
