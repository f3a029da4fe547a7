/* tui-search.c - the search prompt and its results with snippets. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "search.h"
#include "text.h"
#include "tui-int.h"

#define PAGE_ROWS 100

struct hit {
	int64_t		 id;
	int64_t		 source_id;
	char		*title;		/* sanitised */
	char		*source;
	char		*url;
	char		*snippet;	/* raw, with the marks */
	time_t		 published;
	int		 read;
	int		 starred;
	char		*tags;
};

struct results {
	struct search_query *q;
	struct hit	*rows;
	long		 off;
	long		 nrows;
	int		 loaded;
	struct tui_menu	 menu;
};

static void
hits_free(struct results *s)
{
	long i;

	for (i = 0; i < s->nrows; i++) {
		free(s->rows[i].title);
		free(s->rows[i].source);
		free(s->rows[i].url);
		free(s->rows[i].snippet);
		free(s->rows[i].tags);
	}
	free(s->rows);
	s->rows = NULL;
	s->nrows = 0;
	s->loaded = 0;
}

static int
hit_add(const struct article *a, const char *snippet, void *arg)
{
	struct results *s = arg;
	struct hit *h;
	struct buf b = BUF_INIT;
	size_t i;

	s->rows = xreallocarray(s->rows, s->nrows + 1, sizeof *s->rows);
	h = &s->rows[s->nrows++];
	h->id = a->id;
	h->source_id = a->source_id;
	h->title = tui_clean(a->title != NULL && *a->title != '\0' ?
	    a->title : _("(no title)"));
	h->source = tui_clean(a->source_title);
	h->url = a->url != NULL ? xstrdup(a->url) : NULL;
	h->snippet = xstrdup(snippet != NULL ? snippet : "");
	h->published = a->published;
	h->read = a->read;
	h->starred = a->starred;
	for (i = 0; a->tags != NULL && a->tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, a->tags[i]);
	}
	h->tags = buf_detach(&b);
	return 0;
}

static struct hit *
hit_at(struct tui_view *v, long i)
{
	struct results *s = v->data;
	char *cause = NULL;

	if (i < 0 || i >= s->menu.n)
		return NULL;
	if (!s->loaded || i < s->off || i >= s->off + s->nrows) {
		hits_free(s);
		s->off = i - PAGE_ROWS / 4 > 0 ? i - PAGE_ROWS / 4 : 0;
		s->loaded = 1;
		if (search_each(v->tui->store, s->q, PAGE_ROWS, s->off,
		    COLS > 20 ? COLS - 6 : 14, hit_add, s, &cause) == -1) {
			tui_error(v->tui, "%s", cause);
			free(cause);
		}
	}
	if (i < s->off || i >= s->off + s->nrows)
		return NULL;
	return &s->rows[i - s->off];
}

static void
results_load(struct tui_view *v)
{
	struct results *s = v->data;
	char *cause = NULL;

	hits_free(s);
	if (search_count(v->tui->store, s->q, &s->menu.n, &cause) == -1) {
		tui_error(v->tui, "%s", cause);
		free(cause);
		s->menu.n = 0;
	}
	tui_menu_fix(&s->menu, v->tui->height / 2);
}

static void
results_free(struct tui_view *v)
{
	struct results *s = v->data;

	hits_free(s);
	search_query_free(&s->q);
	free(s);
}

static void
results_resize(struct tui_view *v)
{
	struct results *s = v->data;

	/* Snippets are cut to the width: fetch them again. */
	hits_free(s);
	tui_menu_fix(&s->menu, v->tui->height / 2);
}

/* A snippet: marked terms highlighted, each piece sanitised. */
static void
draw_snippet(int y, int x, const char *snip, int width, int sel)
{
	const char *p = snip, *e;
	char *piece, *clean;
	int on = 0, w;

	while (*p != '\0' && width > 0) {
		e = p + strcspn(p, "\x02\x03");
		piece = xstrndup(p, e - p);
		clean = tui_clean(piece);
		w = text_width(clean);
		if (w > width)
			w = width;
		tui_put(y, x, clean, w, sel ? TUI_C_SELECTED : on ?
		    TUI_C_MATCH : TUI_C_NORMAL);
		x += w;
		width -= w;
		free(piece);
		free(clean);
		if (*e == '\0')
			break;
		on = *e == SEARCH_MARK_OPEN;
		p = e + 1;
	}
	if (width > 0)
		tui_put(y, x, "", width, sel ? TUI_C_SELECTED : TUI_C_NORMAL);
}

static void
results_draw(struct tui_view *v, int top, int height)
{
	struct results *s = v->data;
	struct hit *h;
	char date[128], flags[4];
	long i;
	int y, sel, x, dw, sw;

	tui_menu_fix(&s->menu, height / 2);
	if (s->menu.n == 0) {
		tui_put(top + 1, 2, _("Nothing matches."), COLS - 2,
		    TUI_C_MESSAGE);
		return;
	}
	sw = COLS / 5 < 18 ? COLS / 5 : 18;
	for (i = s->menu.top; i < s->menu.top + height / 2 && i < s->menu.n;
	    i++) {
		if ((h = hit_at(v, i)) == NULL)
			break;
		y = top + 2 * (int)(i - s->menu.top);
		sel = i == s->menu.sel;
		flags[0] = h->read ? ' ' : 'N';
		flags[1] = h->starred ? '*' : ' ';
		flags[2] = ' ';
		flags[3] = '\0';
		tui_put(y, 0, flags, 3, sel ? TUI_C_SELECTED : TUI_C_UNREAD);
		x = 3;
		tui_date(v->tui, h->published, date, sizeof date);
		dw = text_width(date);
		if (dw > 0 && COLS > 60) {
			tui_put(y, x, date, dw + 2, sel ? TUI_C_SELECTED :
			    TUI_C_DATE);
			x += dw + 2;
		}
		if (COLS > 50) {
			tui_put(y, x, h->source, sw + 2, sel ?
			    TUI_C_SELECTED : TUI_C_SOURCE);
			x += sw + 2;
		}
		tui_put(y, x, h->title, COLS - x, sel ? TUI_C_SELECTED :
		    h->read ? TUI_C_HEADING : TUI_C_UNREAD);
		tui_put(y + 1, 0, "", 3, sel ? TUI_C_SELECTED :
		    TUI_C_NORMAL);
		draw_snippet(y + 1, 3, h->snippet, COLS - 3, sel);
	}
}

int64_t
tui_search_step(struct tui_view *v, int dir, int unread)
{
	struct results *s = v->data;
	struct hit *h;
	long i;

	for (i = s->menu.sel + dir; i >= 0 && i < s->menu.n; i += dir) {
		if ((h = hit_at(v, i)) == NULL)
			break;
		if (unread && h->read)
			continue;
		s->menu.sel = i;
		tui_menu_fix(&s->menu, v->tui->height / 2);
		return h->id;
	}
	return 0;
}

static void
results_key(struct tui_view *v, enum tui_action a, int count)
{
	struct tui *tui = v->tui;
	struct results *s = v->data;
	struct hit *h;

	if (tui_menu_key(&s->menu, a, count, tui->height / 2))
		return;
	if (a == TUI_SEARCH_ACTION) {
		tui_search_prompt(tui);
		return;
	}
	if (a == TUI_NEXT_UNREAD) {
		if (tui_search_step(v, 1, 1) == 0)
			tui_message(tui, "%s", _("no more unread articles"));
		return;
	}
	if ((h = hit_at(v, s->menu.sel)) == NULL)
		return;
	switch (a) {
	case TUI_OPEN:
		tui_push(tui, tui_reader_new(tui, v, h->id));
		break;
	case TUI_STAR:
		if (tui_article_flag(tui, h->id, STORE_FLAG_STARRED,
		    !h->starred) == 0)
			h->starred = !h->starred;
		break;
	case TUI_TOGGLE_READ:
		if (tui_article_flag(tui, h->id, STORE_FLAG_READ,
		    !h->read) == 0)
			h->read = !h->read;
		break;
	case TUI_TAG:
		tui_tag_prompt(tui, h->id, h->tags, NULL);
		break;
	case TUI_BROWSE:
		tui_browse(tui, h->url);
		break;
	default:
		break;
	}
}

static void
results_where(struct tui_view *v, char *buf, size_t len)
{
	struct results *s = v->data;

	snprintf(buf, len, "%ld/%ld ", s->menu.n > 0 ? s->menu.sel + 1 : 0,
	    s->menu.n);
}

static const struct tui_view_ops results_ops = {
	TUI_SEARCH, N_("Search"), results_free, results_resize,
	results_draw, results_key, results_load, results_where, NULL, NULL,
};

/* A view of what a query finds; NULL after showing why it is bad. */
struct tui_view *
tui_search_new(struct tui *tui, const char *query, const char *title)
{
	struct tui_view *v;
	struct results *s;
	char *cause = NULL;

	s = xcalloc(1, sizeof *s);
	if (search_parse(query, strlen(query), &s->q, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		free(s);
		return NULL;
	}
	v = tui_view_new(tui, &results_ops, s, title);
	v->menu = &s->menu;
	v->item_rows = 2;	/* a title and a snippet */
	results_load(v);
	return v;
}

static char **
search_complete(struct tui *tui, const char *word, void *arg)
{
	static const char *filters[] = { "is:unread", "is:read",
	    "is:starred", "after:", "before:", "tag:", "source:",
	    "author:" };
	struct source **src = NULL;
	char **v = NULL, *t, *cause = NULL;
	size_t n = 0, i, j;

	(void)arg;
	for (i = 0; i < NITEMS(filters); i++)
		util_strv_add(&v, filters[i]);
	if (strncmp(word, "tag:", 4) != 0)
		return v;
	if (store_source_list(tui->store, &src, &n, &cause) == -1) {
		free(cause);
		return v;
	}
	for (i = 0; i < n; i++)
		for (j = 0; src[i]->tags != NULL && src[i]->tags[j] != NULL;
		    j++) {
			t = xasprintf("tag:%s", src[i]->tags[j]);
			util_strv_add(&v, t);
			free(t);
		}
	store_source_list_free(&src, n);
	return v;
}

static void
search_done(struct tui *tui, const char *text, void *arg)
{
	struct tui_view *v;
	char *title;

	(void)arg;
	if (*text == '\0')
		return;
	/* TRANSLATORS: the title of search results; %s is the query. */
	title = xasprintf(_("Search: %s"), text);
	if ((v = tui_search_new(tui, text, title)) != NULL)
		tui_push(tui, v);
	free(title);
}

void
tui_search_prompt(struct tui *tui)
{
	tui_prompt(tui, _("Search: "), NULL, search_complete, search_done,
	    NULL);
}
