/* tui-help.c - the keys of a view, made from the binding table. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "text.h"
#include "tui-int.h"

struct help {
	char	       **keys;		/* one per line; NULL for a heading */
	char	       **text;
	long		 n;
	long		 top;
};

static void
help_add(struct help *h, const char *keys, const char *text)
{
	h->keys = xreallocarray(h->keys, h->n + 1, sizeof *h->keys);
	h->text = xreallocarray(h->text, h->n + 1, sizeof *h->text);
	h->keys[h->n] = keys != NULL ? xstrdup(keys) : NULL;
	h->text[h->n] = xstrdup(text);
	h->n++;
}

static void
help_free(struct tui_view *v)
{
	struct help *h = v->data;
	long i;

	for (i = 0; i < h->n; i++) {
		free(h->keys[i]);
		free(h->text[i]);
	}
	free(h->keys);
	free(h->text);
	free(h);
}

static void
help_fix(struct tui_view *v)
{
	struct help *h = v->data;

	if (h->top > h->n - v->tui->height)
		h->top = h->n - v->tui->height;
	if (h->top < 0)
		h->top = 0;
}

static void
help_draw(struct tui_view *v, int top, int height)
{
	struct help *h = v->data;
	long i;
	int y;

	help_fix(v);
	for (i = h->top; i < h->top + height && i < h->n; i++) {
		y = top + (int)(i - h->top);
		if (h->keys[i] == NULL) {
			tui_put(y, 1, h->text[i], COLS - 1, TUI_C_HEADING);
			continue;
		}
		tui_put(y, 2, h->keys[i], 20, TUI_C_TAG);
		tui_put(y, 23, h->text[i], COLS - 23, TUI_C_NORMAL);
	}
}

static void
help_key(struct tui_view *v, enum tui_action a, int count)
{
	struct help *h = v->data;
	struct tui_menu m;

	/* A menu whose selection is its top line scrolls like a pager. */
	m.n = h->n;
	m.top = h->top;
	m.sel = a == TUI_DOWN || a == TUI_HALF_DOWN || a == TUI_BOTTOM ?
	    h->top + v->tui->height - 1 : h->top;
	if (tui_menu_key(&m, a, count, v->tui->height))
		h->top = m.top;
	help_fix(v);
}

static void
help_where(struct tui_view *v, char *buf, size_t len)
{
	struct help *h = v->data;

	snprintf(buf, len, "%ld/%ld ", h->top + 1, h->n);
}

static const struct tui_view_ops help_ops = {
	TUI_HELP, N_("Help"), help_free, NULL, help_draw, help_key, NULL,
	help_where, NULL, NULL,
};

struct tui_view *
tui_help_new(struct tui *tui, int kind, const char *name)
{
	struct help *h;
	char *keys, *title, *text;
	int a, pass, views;

	h = xcalloc(1, sizeof *h);
	/* TRANSLATORS: %s is the name of a view, as "Articles". */
	title = xasprintf(_("Keys in %s"), _(name));
	help_add(h, NULL, title);
	free(title);
	/* The keys of this view, then those that work everywhere. */
	for (pass = 0; pass < 2; pass++) {
		if (pass == 1)
			help_add(h, NULL, _("Everywhere"));
		for (a = TUI_NONE + 1; a < TUI_NACTIONS; a++) {
			views = tui_action_views(a);
			if (!(views & kind) ||
			    ((views | kind) == TUI_ALL) != (pass == 1))
				continue;
			keys = tui_keys_for(kind, a);
			/* The action's name too, for `bind` lines. */
			text = xasprintf("%s (%s)", tui_action_help(a),
			    tui_action_name(a));
			help_add(h, keys != NULL ? keys : "", text);
			free(text);
			free(keys);
		}
	}
	help_add(h, "", "");
	help_add(h, NULL, _("Rebind with lines like \"bind KEY ACTION\" in "
	    "the config file; a number before o opens that link."));
	return tui_view_new(tui, &help_ops, h, _("Help"));
}
