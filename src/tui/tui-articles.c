/* tui-articles.c - the article list, paged from the store as it scrolls. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"
#include "tui-int.h"

/* Rows fetched at a time: a few screens, never the whole list. */
#define PAGE_ROWS 200

struct row {
	int64_t		 id;
	int64_t		 source_id;
	char		*title;
	char		*source;
	char		*tags;
	char		*url;
	time_t		 published;
	int		 read;
	int		 starred;
};

struct articles {
	struct store_filter filter;
	char		*tag;		/* the filter's tag, owned */
	struct row	*rows;		/* rows off .. off + nrows - 1 */
	long		 off;
	long		 nrows;
	int		 loaded;
	struct tui_menu	 menu;
	int64_t		 sel_id;	/* kept across reloads */
	char	       **seen_tags;	/* for tag completion */
};

static void
rows_free(struct articles *l)
{
	long i;

	for (i = 0; i < l->nrows; i++) {
		free(l->rows[i].title);
		free(l->rows[i].source);
		free(l->rows[i].tags);
		free(l->rows[i].url);
	}
	free(l->rows);
	l->rows = NULL;
	l->nrows = 0;
	l->loaded = 0;
}

static void
seen_tag(struct articles *l, const char *t)
{
	size_t i;

	for (i = 0; l->seen_tags != NULL && l->seen_tags[i] != NULL; i++)
		if (strcmp(l->seen_tags[i], t) == 0)
			return;
	util_strv_add(&l->seen_tags, t);
}

static int
row_add(const struct article *a, void *arg)
{
	struct articles *l = arg;
	struct row *r;
	struct buf b = BUF_INIT;
	size_t i;

	l->rows = xreallocarray(l->rows, l->nrows + 1, sizeof *l->rows);
	r = &l->rows[l->nrows++];
	r->id = a->id;
	r->source_id = a->source_id;
	r->title = tui_clean(a->title != NULL && *a->title != '\0' ?
	    a->title : _("(no title)"));
	r->source = tui_clean(a->source_title);
	r->url = a->url != NULL ? xstrdup(a->url) : NULL;
	r->published = a->published;
	r->read = a->read;
	r->starred = a->starred;
	for (i = 0; a->tags != NULL && a->tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, a->tags[i]);
		seen_tag(l, a->tags[i]);
	}
	r->tags = tui_clean(buf_str(&b));
	buf_free(&b);
	return 0;
}

/* Have rows from .. to - 1 in the cache (as far as the list goes). */
static void
rows_want(struct tui_view *v, long from, long to)
{
	struct articles *l = v->data;
	struct row tmp;
	char *cause = NULL;
	long limit, end, i;

	if (from < 0)
		from = 0;
	if (l->loaded && from >= l->off && (to <= l->off + l->nrows ||
	    l->off + l->nrows >= l->menu.n))
		return;
	rows_free(l);
	l->off = from - PAGE_ROWS / 4 > 0 ? from - PAGE_ROWS / 4 : 0;
	limit = to - l->off > PAGE_ROWS ? to - l->off : PAGE_ROWS;
	l->loaded = 1;
	/*
	 * An offset costs the index entries it skips: past the middle of
	 * the list, the page is counted from its end, oldest first.
	 */
	end = l->off + limit < l->menu.n ? l->off + limit : l->menu.n;
	l->filter.oldest = l->off > l->menu.n / 2;
	l->filter.offset = l->filter.oldest ? l->menu.n - end : l->off;
	l->filter.limit = l->filter.oldest ? end - l->off : limit;
	if (store_article_each(v->tui->store, &l->filter, row_add, l,
	    &cause) == -1) {
		tui_error(v->tui, "%s", cause);
		free(cause);
	}
	if (!l->filter.oldest)
		return;
	l->filter.oldest = 0;
	for (i = 0; i < l->nrows / 2; i++) {
		tmp = l->rows[i];
		l->rows[i] = l->rows[l->nrows - 1 - i];
		l->rows[l->nrows - 1 - i] = tmp;
	}
	l->off = end - l->nrows;
}

static struct row *
row_at(struct tui_view *v, long i)
{
	struct articles *l = v->data;

	if (i < 0 || i >= l->menu.n)
		return NULL;
	rows_want(v, i, i + 1);
	if (i < l->off || i >= l->off + l->nrows)
		return NULL;
	return &l->rows[i - l->off];
}

static void
select_row(struct tui_view *v)
{
	struct articles *l = v->data;
	struct row *r;

	if ((r = row_at(v, l->menu.sel)) != NULL) {
		l->sel_id = r->id;
		v->tui->state_article = r->id;
	}
}

static void
articles_load(struct tui_view *v)
{
	struct articles *l = v->data;
	char *cause = NULL;
	long i, had = l->menu.n;

	rows_free(l);
	if (store_article_count(v->tui->store, &l->filter, &l->menu.n,
	    &cause) == -1) {
		tui_error(v->tui, "%s", cause);
		free(cause);
		l->menu.n = 0;
	}
	/* New articles come first: find the selected one again. */
	if (l->sel_id != 0) {
		rows_want(v, l->menu.sel - PAGE_ROWS / 2,
		    l->menu.sel + PAGE_ROWS / 2);
		for (i = 0; i < l->nrows; i++)
			if (l->rows[i].id == l->sel_id) {
				/* Rows came in above: the screen stays. */
				if (had > 0)
					l->menu.top += l->off + i -
					    l->menu.sel;
				l->menu.sel = l->off + i;
				break;
			}
	}
	tui_menu_fix(&l->menu, v->tui->height);
	select_row(v);
}

static void
articles_free(struct tui_view *v)
{
	struct articles *l = v->data;

	rows_free(l);
	free(l->tag);
	util_strv_free(&l->seen_tags);
	free(l);
}

static void
articles_resize(struct tui_view *v)
{
	struct articles *l = v->data;

	tui_menu_fix(&l->menu, v->tui->height);
}

static void
articles_draw(struct tui_view *v, int top, int height)
{
	struct articles *l = v->data;
	struct row *r;
	char date[128], flags[4];
	enum tui_element el;
	long i;
	int y, x, sel, sw, dw, tw, w;

	tui_menu_fix(&l->menu, height);
	if (l->menu.n == 0) {
		tui_put(top + 1, 2, _("No articles here."), COLS - 2,
		    TUI_C_MESSAGE);
		return;
	}
	rows_want(v, l->menu.top, l->menu.top + height);
	sw = COLS / 5 < 18 ? COLS / 5 : 18;
	for (i = l->menu.top; i < l->menu.top + height && i < l->menu.n;
	    i++) {
		if ((r = row_at(v, i)) == NULL)
			break;
		y = top + (int)(i - l->menu.top);
		sel = i == l->menu.sel;
		if (sel) {
			attrset(tui_attr(TUI_C_SELECTED));
			mvhline(y, 0, ' ', COLS);
			attrset(A_NORMAL);
		}
		flags[0] = r->read ? ' ' : 'N';
		flags[1] = r->starred ? '*' : ' ';
		flags[2] = ' ';
		flags[3] = '\0';
		tui_put(y, 0, flags, 3, sel ? TUI_C_SELECTED :
		    r->starred ? TUI_C_STARRED : TUI_C_UNREAD);
		x = 3;
		tui_date(v->tui, r->published, date, sizeof date);
		dw = text_width(date);
		if (dw > 0 && COLS > 60) {
			tui_put(y, x, date, dw, sel ? TUI_C_SELECTED :
			    TUI_C_DATE);
			x += dw + 2;
		}
		if (l->filter.source_id == 0 && COLS > 50) {
			tui_put(y, x, r->source, sw, sel ? TUI_C_SELECTED :
			    TUI_C_SOURCE);
			x += sw + 2;
		}
		w = COLS - x;
		tw = text_width(r->tags);
		if (tw > 0 && w > 30) {
			if (tw > w / 3)
				tw = w / 3;
			tui_put(y, COLS - tw, r->tags, tw,
			    sel ? TUI_C_SELECTED : TUI_C_TAG);
			w -= tw + 1;
		}
		el = sel ? TUI_C_SELECTED : r->read ? TUI_C_NORMAL :
		    TUI_C_UNREAD;
		tui_put(y, x, r->title, w, el);
	}
}

static void
articles_open(struct tui_view *v)
{
	struct articles *l = v->data;
	struct row *r;

	if ((r = row_at(v, l->menu.sel)) == NULL)
		return;
	tui_push(v->tui, tui_reader_new(v->tui, v, r->id));
}

int64_t
tui_articles_step(struct tui_view *v, int dir, int unread)
{
	struct articles *l = v->data;
	struct row *r;
	long i;

	for (i = l->menu.sel + dir; i >= 0 && i < l->menu.n; i += dir) {
		if ((r = row_at(v, i)) == NULL)
			break;
		if (unread && r->read)
			continue;
		l->menu.sel = i;
		tui_menu_fix(&l->menu, v->tui->height);
		select_row(v);
		return r->id;
	}
	return 0;
}

static void
articles_key(struct tui_view *v, enum tui_action a, int count)
{
	struct tui *tui = v->tui;
	struct articles *l = v->data;
	struct row *r;

	if (tui_menu_key(&l->menu, a, count, tui->height)) {
		select_row(v);
		return;
	}
	if (a == TUI_SEARCH_ACTION) {
		tui_search_prompt(tui);
		return;
	}
	if (a == TUI_NEXT_UNREAD) {
		if (tui_articles_step(v, 1, 1) == 0)
			tui_message(tui, "%s", _("no more unread articles"));
		return;
	}
	if ((r = row_at(v, l->menu.sel)) == NULL)
		return;
	switch (a) {
	case TUI_OPEN:
		articles_open(v);
		break;
	case TUI_STAR:
		if (tui_article_flag(tui, r->id, STORE_FLAG_STARRED,
		    !r->starred) == 0)
			r->starred = !r->starred;
		break;
	case TUI_TOGGLE_READ:
		if (tui_article_flag(tui, r->id, STORE_FLAG_READ,
		    !r->read) == 0)
			r->read = !r->read;
		break;
	case TUI_TAG:
		tui_tag_prompt(tui, r->id, r->tags, l->seen_tags);
		break;
	case TUI_BROWSE:
		tui_browse(tui, r->url);
		break;
	case TUI_REFRESH:
		tui_refresh_sources(tui, r->source_id);
		break;
	default:
		break;
	}
}

static void
articles_where(struct tui_view *v, char *buf, size_t len)
{
	struct articles *l = v->data;

	snprintf(buf, len, "%ld/%ld ", l->menu.n > 0 ? l->menu.sel + 1 : 0,
	    l->menu.n);
}

static const struct tui_view_ops articles_ops = {
	TUI_ARTICLES, N_("Articles"), articles_free, articles_resize,
	articles_draw, articles_key, articles_load, articles_where, NULL, NULL,
};

struct tui_view *
tui_articles_new(struct tui *tui, const struct store_filter *f,
    const char *title)
{
	struct tui_view *v;
	struct articles *l;

	l = xcalloc(1, sizeof *l);
	l->filter = *f;
	if (f->tag != NULL)
		l->tag = xstrdup(f->tag);
	l->filter.tag = l->tag;
	l->filter.brief = 1;	/* titles, not bodies */
	l->sel_id = tui->state_article;
	v = tui_view_new(tui, &articles_ops, l, title);
	v->menu = &l->menu;
	articles_load(v);
	return v;
}
