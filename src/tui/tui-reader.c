/* tui-reader.c - an article wrapped to the window: scroll, find, links. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "html.h"
#include "i18n.h"
#include "text.h"
#include "tui-int.h"

struct line {
	char		*text;		/* sanitised */
	enum tui_element el;
	int		 block;		/* which piece it wraps, for resizes */
};

struct reader {
	struct tui_view	*list;		/* the list it was opened from */
	struct article	*a;
	struct html_text ht;
	struct line	*lines;
	long		 nlines;
	long		 top;
	long		 saved;		/* position in the store */
	char		*find;		/* folded */
	long		 found;		/* line of the last match, or -1 */
	char		*page_note;	/* why there is no full text */
};

static void
lines_free(struct reader *r)
{
	long i;

	for (i = 0; i < r->nlines; i++)
		free(r->lines[i].text);
	free(r->lines);
	r->lines = NULL;
	r->nlines = 0;
}

static void
line_add(struct reader *r, const char *s, enum tui_element el, int block)
{
	r->lines = xreallocarray(r->lines, r->nlines + 1, sizeof *r->lines);
	r->lines[r->nlines].text = xstrdup(s);
	r->lines[r->nlines].el = el;
	r->lines[r->nlines].block = block;
	r->nlines++;
}

/* Wrap text (sanitised) after a first-line and a further-line prefix. */
static void
wrap_add(struct reader *r, const char *text, const char *first,
    const char *rest, enum tui_element el, int block, int width)
{
	char **lines, *s;
	size_t i;
	int w;

	w = width - text_width(first);
	lines = text_wrap(text, w > 10 ? w : 10);
	for (i = 0; lines[i] != NULL; i++) {
		s = xasprintf("%s%s", i == 0 ? first : rest, lines[i]);
		line_add(r, s, el, block);
		free(s);
	}
	util_strv_free(&lines);
}

static void
header(struct reader *r, const char *label, const char *value, int width)
{
	char *clean, *rest;

	if (value == NULL || *value == '\0')
		return;
	clean = tui_clean(value);
	/* Lines after the first start under the value, whatever the label. */
	rest = xasprintf("%*s", text_width(label), "");
	wrap_add(r, clean, label, rest, TUI_C_SOURCE, -1, width);
	free(rest);
	free(clean);
}

static void
layout(struct tui_view *v)
{
	struct reader *r = v->data;
	struct article *a = r->a;
	struct buf ind = BUF_INIT, first = BUF_INIT, tags = BUF_INIT;
	char date[128], *clean, *s;
	size_t i;
	int width = COLS - 2, d;
	enum tui_element el;

	if (width > 100)
		width = 100;	/* long lines are hard to read */
	if (width < 20)
		width = 20;
	lines_free(r);
	clean = tui_clean(a->title != NULL ? a->title : _("(no title)"));
	wrap_add(r, clean, "", "", TUI_C_HEADING, -1, width);
	free(clean);
	header(r, _("Source:  "), a->source_title, width);
	header(r, _("Author:  "), a->author, width);
	tui_date(v->tui, a->published, date, sizeof date);
	header(r, _("Date:    "), date, width);
	header(r, _("Link:    "), a->url, width);
	for (i = 0; a->tags != NULL && a->tags[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&tags, " ");
		buf_adds(&tags, a->tags[i]);
	}
	header(r, _("Tags:    "), buf_str(&tags), width);
	buf_free(&tags);
	header(r, _("Full text: "), r->page_note, width);
	if (a->starred)
		header(r, "", _("(starred)"), width);
	line_add(r, "", TUI_C_NORMAL, -1);
	if (r->ht.nblocks == 0)
		line_add(r, _("(this article has no text; o opens its link)"),
		    TUI_C_MESSAGE, 0);
	for (i = 0; i < r->ht.nblocks; i++) {
		const struct html_block *bl = &r->ht.blocks[i];

		buf_reset(&ind);
		buf_reset(&first);
		if (i > 0)
			line_add(r, "", TUI_C_NORMAL, (int)i);
		el = TUI_C_NORMAL;
		switch (bl->kind) {
		case HTML_ITEM:
			for (d = 1; d < bl->depth; d++)
				buf_adds(&ind, "  ");
			if (bl->ordinal > 0)
				buf_addf(&first, "%s%d. ", buf_str(&ind),
				    bl->ordinal);
			else if (bl->ordinal == 0)
				buf_addf(&first, "%s• ", buf_str(&ind));
			else
				buf_addf(&first, "%s  ", buf_str(&ind));
			while (text_width(buf_str(&ind)) <
			    text_width(buf_str(&first)))
				buf_addc(&ind, ' ');
			break;
		case HTML_QUOTE:
			for (d = 0; d < bl->depth; d++)
				buf_adds(&ind, "│ ");
			buf_adds(&first, buf_str(&ind));
			el = TUI_C_QUOTE;
			break;
		case HTML_HEADING:
			el = TUI_C_HEADING;
			break;
		case HTML_PRE:
		case HTML_PARAGRAPH:
			break;
		}
		if (bl->kind == HTML_PRE) {
			char **pl;
			size_t j;

			/* Kept as they are, cut at the window's edge. */
			pl = text_wrap(bl->text, 100000);
			for (j = 0; pl[j] != NULL; j++)
				line_add(r, pl[j], el, (int)i);
			util_strv_free(&pl);
		} else
			wrap_add(r, bl->text, buf_str(&first), buf_str(&ind),
			    el, (int)i, width);
	}
	if (r->ht.nlinks > 0) {
		line_add(r, "", TUI_C_NORMAL, (int)r->ht.nblocks);
		line_add(r, _("Links:"), TUI_C_HEADING, (int)r->ht.nblocks);
	}
	for (i = 0; i < r->ht.nlinks; i++) {
		clean = tui_clean(r->ht.links[i]);
		s = xasprintf("[%zu] ", i + 1);
		wrap_add(r, clean, s, "     ", TUI_C_LINK,
		    (int)(r->ht.nblocks + 1 + i), width);
		free(s);
		free(clean);
	}
	buf_free(&ind);
	buf_free(&first);
}

static void
fix_top(struct tui_view *v)
{
	struct reader *r = v->data;
	long max = r->nlines - v->tui->height;

	if (r->top > max)
		r->top = max;
	if (r->top < 0)
		r->top = 0;
}

static void
save_position(struct tui_view *v)
{
	struct reader *r = v->data;
	char *cause = NULL;

	if (r->a == NULL || r->top == r->saved)
		return;
	if (store_article_set_position(v->tui->store, r->a->id, r->top,
	    &cause) == -1) {
		tui_error(v->tui, "%s", cause);
		free(cause);
		return;
	}
	r->saved = r->top;
}

/* The failure of the article's page, when its full text is missing. */
static char *
page_note(struct tui *tui, const struct article *a)
{
	char *error = NULL, *cause = NULL, date[128], *note;
	time_t next;
	int tries;

	if (a->fulltext != NULL && *a->fulltext != '\0')
		return NULL;
	if (store_fulltext_error(tui->store, a->id, &error, &tries, &next,
	    &cause) == -1) {
		free(cause);
		return NULL;
	}
	if (error == NULL)
		return NULL;
	tui_date(tui, next, date, sizeof date);
	note = article_page_note(error, tries, next, date, time(NULL));
	free(error);
	return note;
}

static int
load(struct tui_view *v, int64_t id, int mark_read)
{
	struct tui *tui = v->tui;
	struct reader *r = v->data;
	struct article *a = NULL;
	const char *html;
	char *cause = NULL;

	if (store_article_get(tui->store, id, &a, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		return -1;
	}
	if (a == NULL) {
		tui_error(tui, _("no article with ID %lld"), (long long)id);
		return -1;
	}
	save_position(v);
	article_free(&r->a);
	html_text_free(&r->ht);
	memset(&r->ht, 0, sizeof r->ht);
	r->a = a;
	free(r->page_note);
	r->page_note = page_note(tui, a);
	html = a->fulltext != NULL && *a->fulltext != '\0' ? a->fulltext :
	    a->content != NULL && *a->content != '\0' ? a->content :
	    a->summary;
	if (html != NULL && *html != '\0')
		html_render(html, strlen(html), a->url, &r->ht);
	free(v->title);
	v->title = tui_clean(a->title);
	if (mark_read && !a->read &&
	    tui_article_flag(tui, a->id, STORE_FLAG_READ, 1) == 0)
		a->read = 1;
	layout(v);
	r->top = r->saved = a->position;
	r->found = -1;
	fix_top(v);
	tui->state_article = a->id;
	return 0;
}

static void
reader_free(struct tui_view *v)
{
	struct reader *r = v->data;

	save_position(v);
	lines_free(r);
	html_text_free(&r->ht);
	article_free(&r->a);
	free(r->find);
	free(r->page_note);
	free(r);
}

static void
reader_resize(struct tui_view *v)
{
	struct reader *r = v->data;
	int block = -1;
	long i;

	if (r->top < r->nlines)
		block = r->lines[r->top].block;
	layout(v);
	/* Back to the piece that was at the top; the first line if none. */
	if (block >= 0)
		for (i = 0; i < r->nlines; i++)
			if (r->lines[i].block == block) {
				r->top = i;
				break;
			}
	fix_top(v);
}

/* Where the folded pattern is in line i, as byte offsets of its text. */
static int
match(struct reader *r, long i, size_t *start, size_t *len)
{
	char *f, *p;
	int found = 0;

	if (r->find == NULL || *r->find == '\0')
		return 0;
	f = text_fold(r->lines[i].text);
	if ((p = strstr(f, r->find)) != NULL) {
		found = 1;
		/* Folding may change lengths: then mark the whole line. */
		if (strlen(f) == strlen(r->lines[i].text)) {
			*start = p - f;
			*len = strlen(r->find);
		} else {
			*start = 0;
			*len = strlen(r->lines[i].text);
		}
	}
	free(f);
	return found;
}

static void
reader_draw(struct tui_view *v, int top, int height)
{
	struct reader *r = v->data;
	struct line *l;
	size_t ms, ml;
	char *a, *b;
	long i;
	int y, x;

	fix_top(v);
	for (i = r->top; i < r->top + height && i < r->nlines; i++) {
		l = &r->lines[i];
		y = top + (int)(i - r->top);
		if (!match(r, i, &ms, &ml)) {
			tui_put(y, 1, l->text, COLS - 1, l->el);
			continue;
		}
		a = xstrndup(l->text, ms);
		b = xstrndup(l->text + ms, ml);
		x = 1;
		tui_put(y, x, a, COLS - x, l->el);
		x += text_width(a);
		if (x < COLS)
			tui_put(y, x, b, text_width(b) < COLS - x ?
			    text_width(b) : COLS - x, TUI_C_MATCH);
		x += text_width(b);
		if (x < COLS)
			tui_put(y, x, l->text + ms + ml, COLS - x, l->el);
		free(a);
		free(b);
	}
}

static void
find_step(struct tui_view *v, int dir)
{
	struct reader *r = v->data;
	size_t s, l;
	long i;

	if (r->find == NULL) {
		tui_error(v->tui, "%s", _("nothing to find yet"));
		return;
	}
	/*
	 * From the last match while it is on the screen (near the end the
	 * screen cannot scroll to put a match on top), else from the top.
	 */
	if (r->found < r->top || r->found >= r->top + v->tui->height)
		r->found = r->top - (dir > 0);
	for (i = r->found + dir; i >= 0 && i < r->nlines; i += dir)
		if (match(r, i, &s, &l)) {
			r->found = r->top = i;
			fix_top(v);
			return;
		}
	tui_error(v->tui, "%s", _("not found"));
}

static void
find_done(struct tui *tui, const char *text, void *arg)
{
	struct tui_view *v = arg;
	struct reader *r = v->data;

	(void)tui;
	free(r->find);
	r->find = *text != '\0' ? text_fold(text) : NULL;
	r->found = -1;
	if (r->find != NULL)
		find_step(v, 1);
}

static void
step(struct tui_view *v, int dir, int unread)
{
	int64_t id;

	struct reader *r = v->data;

	id = 0;
	if (r->list != NULL && r->list->ops->kind == TUI_ARTICLES)
		id = tui_articles_step(r->list, dir, unread);
	else if (r->list != NULL && r->list->ops->kind == TUI_SEARCH)
		id = tui_search_step(r->list, dir, unread);
	if (id != 0)
		load(v, id, 1);
	else
		tui_message(v->tui, "%s", unread ?
		    _("no more unread articles") : dir > 0 ?
		    _("this is the last article") :
		    _("this is the first article"));
}

static void
reader_tag(struct tui_view *v)
{
	struct reader *r = v->data;
	struct buf b = BUF_INIT;
	size_t i;

	for (i = 0; r->a->tags != NULL && r->a->tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(&b, ' ');
		buf_adds(&b, r->a->tags[i]);
	}
	tui_tag_prompt(v->tui, r->a->id, buf_str(&b), NULL);
	buf_free(&b);
}

static void
reader_key(struct tui_view *v, enum tui_action a, int count)
{
	struct tui *tui = v->tui;
	struct reader *r = v->data;
	long h = tui->height, n = count > 0 ? count : 1;

	if (r->a == NULL)
		return;

	switch (a) {
	case TUI_UP:
		r->top -= n;
		break;
	case TUI_DOWN:
		r->top += n;
		break;
	case TUI_PAGE_UP:
		r->top -= n * (h > 2 ? h - 1 : 1);
		break;
	case TUI_PAGE_DOWN:
		r->top += n * (h > 2 ? h - 1 : 1);
		break;
	case TUI_HALF_UP:
		r->top -= h / 2 > 0 ? h / 2 : 1;
		break;
	case TUI_HALF_DOWN:
		r->top += h / 2 > 0 ? h / 2 : 1;
		break;
	case TUI_TOP:
		r->top = 0;
		break;
	case TUI_BOTTOM:
		r->top = r->nlines;
		break;
	case TUI_NEXT_ARTICLE:
		step(v, 1, 0);
		break;
	case TUI_PREV_ARTICLE:
		step(v, -1, 0);
		break;
	case TUI_NEXT_UNREAD:
		step(v, 1, 1);
		break;
	case TUI_FIND:
		tui_prompt(tui, _("Find: "), NULL, NULL, find_done, v);
		break;
	case TUI_FIND_NEXT:
		find_step(v, 1);
		break;
	case TUI_FIND_PREV:
		find_step(v, -1);
		break;
	case TUI_STAR:
		if (tui_article_flag(tui, r->a->id, STORE_FLAG_STARRED,
		    !r->a->starred) == 0) {
			r->a->starred = !r->a->starred;
			tui_message(tui, "%s", r->a->starred ?
			    _("starred") : _("unstarred"));
			layout(v);
		}
		break;
	case TUI_TOGGLE_READ:
		if (tui_article_flag(tui, r->a->id, STORE_FLAG_READ,
		    !r->a->read) == 0) {
			r->a->read = !r->a->read;
			tui_message(tui, "%s", r->a->read ?
			    _("marked read") : _("marked unread"));
		}
		break;
	case TUI_TAG:
		reader_tag(v);
		break;
	case TUI_BROWSE:
		if (count > 0) {
			if ((size_t)count > r->ht.nlinks)
				tui_error(tui, _("there is no link %d"),
				    count);
			else
				tui_browse(tui, r->ht.links[count - 1]);
		} else
			tui_browse(tui, r->a->url);
		break;
	case TUI_REFRESH:
		tui_refresh_sources(tui, r->a->source_id);
		break;
	default:
		break;
	}
	fix_top(v);
}

/* Tags changed or a refresh stored a new version: show it. */
static void
reader_reload(struct tui_view *v)
{
	struct reader *r = v->data;
	long top = r->top, saved;

	if (r->a == NULL)
		return;
	saved = r->saved;
	if (load(v, r->a->id, 0) == 0) {
		r->top = top;
		r->saved = saved;
		fix_top(v);
	}
}

static void
reader_where(struct tui_view *v, char *buf, size_t len)
{
	struct reader *r = v->data;
	long h = v->tui->height, pct;

	if (r->nlines <= h)
		pct = 100;
	else
		pct = (r->top + h) * 100 / r->nlines;
	snprintf(buf, len, "%ld%% ", pct > 100 ? 100 : pct);
}

/*
 * The link a click at column x of a line is on: a "[N]" marker in the
 * text, or a line of the list of links at the end. 0 for none.
 */
static int
link_at(const struct reader *r, long line, int x)
{
	const struct line *l = &r->lines[line];
	const char *s = l->text, *open = NULL;
	size_t len = strlen(s), i, n;
	uint32_t cp;
	int col = 1, start = 0, num = 0;

	if (l->block > (int)r->ht.nblocks &&
	    l->block <= (int)(r->ht.nblocks + r->ht.nlinks))
		return l->block - (int)r->ht.nblocks;
	/* Columns as reader_draw puts them: the text from column 1. */
	for (i = 0; i < len; i += n) {
		n = text_utf8_decode(s + i, len - i, &cp);
		if (cp == '[') {
			open = s + i;
			start = col;
			num = 0;
		} else if (open != NULL && cp >= '0' && cp <= '9' &&
		    num < 100000)
			num = num * 10 + (int)(cp - '0');
		else if (open != NULL && cp == ']' && s + i > open + 1) {
			if (x >= start && x <= col)
				return num;
			open = NULL;
		} else
			open = NULL;
		col += text_cp_width(cp);
		if (col > x + 8 && open == NULL)
			break;
	}
	return 0;
}

/* A click on a link opens it, as its number and o would. */
static void
reader_click(struct tui_view *v, int y, int x)
{
	struct reader *r = v->data;
	long line = r->top + (y - 1);
	int n;

	if (line < 0 || line >= r->nlines)
		return;
	if ((n = link_at(r, line, x)) > 0 && (size_t)n <= r->ht.nlinks)
		reader_key(v, TUI_BROWSE, n);
}

static const struct tui_view_ops reader_ops = {
	TUI_READER, N_("Reader"), reader_free, reader_resize, reader_draw,
	reader_key, reader_reload, reader_where, NULL, reader_click,
};

struct tui_view *
tui_reader_new(struct tui *tui, struct tui_view *list, int64_t id)
{
	struct tui_view *v;
	struct reader *r;

	r = xcalloc(1, sizeof *r);
	r->list = list;
	v = tui_view_new(tui, &reader_ops, r, "");
	if (load(v, id, 1) == -1) {
		/* Still a view, so that q leaves it; it shows nothing. */
		tui_error(tui, "%s", _("cannot open the article"));
	}
	return v;
}
