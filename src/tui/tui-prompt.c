/* tui-prompt.c - a line editor on the last row, with word completion. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "text.h"
#include "tui-int.h"

static char *
prompt_string(struct tui *tui, size_t from, size_t to)
{
	struct buf b = BUF_INIT;
	size_t i;

	for (i = from; i < to; i++)
		text_utf8_encode(&b, tui->prompt_text[i]);
	return buf_detach(&b);
}

static void
prompt_insert(struct tui *tui, const char *s)
{
	size_t len = strlen(s), n;
	uint32_t cp;

	while (len > 0) {
		n = text_utf8_decode(s, len, &cp);
		s += n;
		len -= n;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0) ||
		    (cp >= 0x202a && cp <= 0x202e) ||
		    (cp >= 0x2066 && cp <= 0x2069))
			continue;
		tui->prompt_text = xreallocarray(tui->prompt_text,
		    tui->prompt_len + 1, sizeof *tui->prompt_text);
		memmove(tui->prompt_text + tui->prompt_cursor + 1,
		    tui->prompt_text + tui->prompt_cursor,
		    (tui->prompt_len - tui->prompt_cursor) *
		    sizeof *tui->prompt_text);
		tui->prompt_text[tui->prompt_cursor++] = cp;
		tui->prompt_len++;
	}
}

static void
prompt_delete(struct tui *tui, size_t from, size_t to)
{
	memmove(tui->prompt_text + from, tui->prompt_text + to,
	    (tui->prompt_len - to) * sizeof *tui->prompt_text);
	tui->prompt_len -= to - from;
	tui->prompt_cursor = from;
}

void
tui_prompt(struct tui *tui, const char *label, const char *initial,
    char **(*complete)(struct tui *, const char *, void *),
    void (*done)(struct tui *, const char *, void *), void *arg)
{
	tui_prompt_free(tui);
	tui->prompt_label = xstrdup(label);
	tui->prompt_complete = complete;
	tui->prompt_done = done;
	tui->prompt_arg = arg;
	prompt_insert(tui, initial != NULL ? initial : "");
	tui->dirty = 1;
}

void
tui_prompt_free(struct tui *tui)
{
	if (tui->prompt_free_arg != NULL)
		tui->prompt_free_arg(tui->prompt_arg);
	tui->prompt_free_arg = NULL;
	free(tui->prompt_label);
	free(tui->prompt_text);
	free(tui->prompt_hint);
	tui->prompt_label = NULL;
	tui->prompt_text = NULL;
	tui->prompt_hint = NULL;
	tui->prompt_len = tui->prompt_cursor = 0;
	tui->prompt_done = NULL;
	tui->prompt_complete = NULL;
}

/* Complete the word before the cursor from the candidates given. */
static void
prompt_complete(struct tui *tui)
{
	struct buf hint = BUF_INIT;
	char *word, **cands, *common = NULL;
	size_t start, wlen, i, j, n = 0;

	start = tui->prompt_cursor;
	while (start > 0 && tui->prompt_text[start - 1] != ' ')
		start--;
	word = prompt_string(tui, start, tui->prompt_cursor);
	wlen = strlen(word);
	cands = tui->prompt_complete(tui, word, tui->prompt_arg);
	for (i = 0; cands != NULL && cands[i] != NULL; i++) {
		if (strncmp(cands[i], word, wlen) != 0)
			continue;
		if (common == NULL)
			common = xstrdup(cands[i]);
		else {
			for (j = 0; common[j] != '\0' &&
			    common[j] == cands[i][j]; j++)
				;
			common[j] = '\0';
		}
		if (hint.len > 0)
			buf_addc(&hint, ' ');
		buf_adds(&hint, cands[i]);
		n++;
	}
	free(tui->prompt_hint);
	tui->prompt_hint = NULL;
	if (common != NULL) {
		/* Never half a UTF-8 character from the common prefix. */
		j = strlen(common);
		while (j > wlen && ((unsigned char)common[j] & 0xc0) == 0x80)
			j--;
		common[j] = '\0';
		if (j > wlen)
			prompt_insert(tui, common + wlen);
		if (n == 1)
			prompt_insert(tui, " ");
		else
			tui->prompt_hint = tui_clean(buf_str(&hint));
	}
	free(common);
	buf_free(&hint);
	util_strv_free(&cands);
	free(word);
}

void
tui_prompt_key(struct tui *tui, int key)
{
	void (*done)(struct tui *, const char *, void *);
	void (*free_arg)(void *);
	void *arg;
	char *s;
	size_t i;
	uint32_t cp;
	struct buf b = BUF_INIT;

	switch (key) {
	case 27:		/* Escape */
	case 7:			/* C-g */
		tui_prompt_free(tui);
		return;
	case '\n':
		s = prompt_string(tui, 0, tui->prompt_len);
		done = tui->prompt_done;
		arg = tui->prompt_arg;
		free_arg = tui->prompt_free_arg;
		tui->prompt_free_arg = NULL;
		tui_prompt_free(tui);
		done(tui, s, arg);
		if (free_arg != NULL)
			free_arg(arg);
		free(s);
		return;
	case '\t':
		if (tui->prompt_complete != NULL)
			prompt_complete(tui);
		return;
	case 0x7f:
		if (tui->prompt_cursor > 0)
			prompt_delete(tui, tui->prompt_cursor - 1,
			    tui->prompt_cursor);
		return;
	case TUI_KEYFN | KEY_DC:
	case 4:			/* C-d */
		if (tui->prompt_cursor < tui->prompt_len)
			prompt_delete(tui, tui->prompt_cursor,
			    tui->prompt_cursor + 1);
		return;
	case TUI_KEYFN | KEY_LEFT:
	case 2:			/* C-b */
		if (tui->prompt_cursor > 0)
			tui->prompt_cursor--;
		return;
	case TUI_KEYFN | KEY_RIGHT:
	case 6:			/* C-f */
		if (tui->prompt_cursor < tui->prompt_len)
			tui->prompt_cursor++;
		return;
	case TUI_KEYFN | KEY_HOME:
	case 1:			/* C-a */
		tui->prompt_cursor = 0;
		return;
	case TUI_KEYFN | KEY_END:
	case 5:			/* C-e */
		tui->prompt_cursor = tui->prompt_len;
		return;
	case 21:		/* C-u */
		prompt_delete(tui, 0, tui->prompt_cursor);
		return;
	case 23:		/* C-w */
		i = tui->prompt_cursor;
		while (i > 0 && tui->prompt_text[i - 1] == ' ')
			i--;
		while (i > 0 && tui->prompt_text[i - 1] != ' ')
			i--;
		prompt_delete(tui, i, tui->prompt_cursor);
		return;
	}
	if ((key & TUI_KEYFN) || key < 0x20)
		return;
	cp = (uint32_t)key;
	text_utf8_encode(&b, cp);
	prompt_insert(tui, buf_str(&b));
	buf_free(&b);
}

void
tui_prompt_draw(struct tui *tui)
{
	char *before, *after, *label;
	int y = LINES - 1, lw, bw, x;

	if (tui->prompt_hint != NULL)
		tui_put(LINES - 2, 0, tui->prompt_hint, COLS, TUI_C_STATUS);
	label = xstrdup(tui->prompt_label);
	lw = text_width(label);
	tui_put(y, 0, label, lw < COLS ? lw : COLS, TUI_C_MESSAGE);
	before = prompt_string(tui, 0, tui->prompt_cursor);
	after = prompt_string(tui, tui->prompt_cursor, tui->prompt_len);
	bw = text_width(before);
	/* Keep the cursor on screen: show the end of a long line. */
	x = lw;
	if (lw + bw >= COLS - 1) {
		char *p = before;
		uint32_t cp;

		while (*p != '\0' && lw + text_width(p) >= COLS - 1)
			p += text_utf8_decode(p, strlen(p), &cp);
		tui_put(y, x, p, COLS - x, TUI_C_MESSAGE);
		x += text_width(p);
	} else {
		tui_put(y, x, before, COLS - x, TUI_C_MESSAGE);
		x += bw;
		tui_put(y, x, after, COLS - x, TUI_C_MESSAGE);
	}
	move(y, x < COLS ? x : COLS - 1);
	curs_set(1);
	free(before);
	free(after);
	free(label);
}
