/* tui-keys.c - the actions, their default keys per view, and `bind`. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "buf.h"
#include "i18n.h"
#include "text.h"
#include "tui-int.h"

/* One list of actions: name for `bind`, help text, where it applies. */
static const struct {
	const char	*name;
	const char	*help;
	int		 views;
} actions[TUI_NACTIONS] = {
	[TUI_NONE] = { "none", N_("do nothing (unbinds a key)"), TUI_ALL },
	[TUI_QUIT] = { "quit", N_("go back; quit from the source list"),
	    TUI_ALL },
	[TUI_HELP_VIEW] = { "help", N_("show the keys of this view"),
	    TUI_ALL & ~TUI_HELP },
	[TUI_ERRORS_VIEW] = { "errors", N_("list every source's last error"),
	    TUI_ALL & ~TUI_ERRORS },
	[TUI_REDRAW] = { "redraw", N_("redraw the screen"), TUI_ALL },
	[TUI_UP] = { "up", N_("move up a line"), TUI_ALL },
	[TUI_DOWN] = { "down", N_("move down a line"), TUI_ALL },
	[TUI_PAGE_UP] = { "page-up", N_("move up a page"), TUI_ALL },
	[TUI_PAGE_DOWN] = { "page-down", N_("move down a page"), TUI_ALL },
	[TUI_HALF_UP] = { "half-up", N_("move up half a page"), TUI_ALL },
	[TUI_HALF_DOWN] = { "half-down", N_("move down half a page"),
	    TUI_ALL },
	[TUI_TOP] = { "top", N_("go to the first line"), TUI_ALL },
	[TUI_BOTTOM] = { "bottom", N_("go to the last line"), TUI_ALL },
	[TUI_OPEN] = { "open", N_("open the selected entry"),
	    TUI_SOURCES|TUI_ARTICLES|TUI_ERRORS|TUI_SEARCH },
	[TUI_NEXT_ARTICLE] = { "next-article", N_("read the next article"),
	    TUI_READER },
	[TUI_PREV_ARTICLE] = { "prev-article",
	    N_("read the previous article"), TUI_READER },
	[TUI_NEXT_UNREAD] = { "next-unread",
	    N_("go to the next unread article"),
	    TUI_ARTICLES|TUI_READER|TUI_SEARCH },
	[TUI_SEARCH_ACTION] = { "search",
	    N_("search every article (query language)"),
	    TUI_SOURCES|TUI_ARTICLES|TUI_SEARCH },
	[TUI_FIND] = { "find", N_("find text in the article"), TUI_READER },
	[TUI_FIND_NEXT] = { "find-next", N_("go to the next match"),
	    TUI_READER },
	[TUI_FIND_PREV] = { "find-prev", N_("go to the previous match"),
	    TUI_READER },
	[TUI_TAG] = { "tag", N_("edit the tags of the article"),
	    TUI_ARTICLES|TUI_READER|TUI_SEARCH },
	[TUI_STAR] = { "star", N_("star or unstar the article"),
	    TUI_ARTICLES|TUI_READER|TUI_SEARCH },
	[TUI_TOGGLE_READ] = { "toggle-read",
	    N_("mark the article unread or read"),
	    TUI_ARTICLES|TUI_READER|TUI_SEARCH },
	[TUI_BROWSE] = { "browse",
	    N_("open the article, or with a number N its link N, in "
	    "$BROWSER"), TUI_ARTICLES|TUI_READER|TUI_SEARCH },
	[TUI_REFRESH] = { "refresh",
	    N_("refresh the selected source in the background"),
	    TUI_SOURCES|TUI_ARTICLES|TUI_READER|TUI_ERRORS },
	[TUI_REFRESH_ALL] = { "refresh-all",
	    N_("refresh every source in the background"), TUI_ALL },
	[TUI_GROUPS] = { "groups",
	    N_("show or hide the sources under each tag group"),
	    TUI_SOURCES },
};

/* The default keys, in the words `bind` takes. */
static const struct {
	int		 views;
	const char	*key;
	enum tui_action	 action;
} defaults[] = {
	{ TUI_ALL, "q", TUI_QUIT },
	{ TUI_ALL, "?", TUI_HELP_VIEW },
	{ TUI_ALL, "F1", TUI_HELP_VIEW },
	{ TUI_ALL, "E", TUI_ERRORS_VIEW },
	{ TUI_ALL, "C-l", TUI_REDRAW },
	{ TUI_ALL, "k", TUI_UP },
	{ TUI_ALL, "Up", TUI_UP },
	{ TUI_ALL, "C-p", TUI_UP },
	{ TUI_ALL, "j", TUI_DOWN },
	{ TUI_ALL, "Down", TUI_DOWN },
	{ TUI_ALL, "C-n", TUI_DOWN },
	{ TUI_ALL, "PageUp", TUI_PAGE_UP },
	{ TUI_ALL, "C-b", TUI_PAGE_UP },
	{ TUI_ALL, "PageDown", TUI_PAGE_DOWN },
	{ TUI_ALL, "C-f", TUI_PAGE_DOWN },
	{ TUI_ALL, "Space", TUI_PAGE_DOWN },
	{ TUI_ALL, "C-u", TUI_HALF_UP },
	{ TUI_ALL, "C-d", TUI_HALF_DOWN },
	{ TUI_ALL, "g", TUI_TOP },
	{ TUI_ALL, "Home", TUI_TOP },
	{ TUI_ALL, "G", TUI_BOTTOM },
	{ TUI_ALL, "End", TUI_BOTTOM },
	{ TUI_LISTS, "Enter", TUI_OPEN },
	{ TUI_LISTS, "l", TUI_OPEN },
	{ TUI_LISTS, "Right", TUI_OPEN },
	{ TUI_ALL, "Left", TUI_QUIT },
	{ TUI_READER, "J", TUI_NEXT_ARTICLE },
	{ TUI_READER, "]", TUI_NEXT_ARTICLE },
	{ TUI_READER, "K", TUI_PREV_ARTICLE },
	{ TUI_READER, "[", TUI_PREV_ARTICLE },
	{ TUI_ALL, "Tab", TUI_NEXT_UNREAD },
	{ TUI_LISTS, "/", TUI_SEARCH_ACTION },
	{ TUI_READER, "/", TUI_FIND },
	{ TUI_READER, "n", TUI_FIND_NEXT },
	{ TUI_READER, "N", TUI_FIND_PREV },
	{ TUI_ALL, "t", TUI_TAG },
	{ TUI_ALL, "s", TUI_STAR },
	{ TUI_ALL, "u", TUI_TOGGLE_READ },
	{ TUI_ALL, "o", TUI_BROWSE },
	{ TUI_ALL, "r", TUI_REFRESH },
	{ TUI_ALL, "R", TUI_REFRESH_ALL },
	{ TUI_SOURCES, "T", TUI_GROUPS },
};

/* Names of special keys in `bind` lines and on the help screen. */
static const struct {
	const char	*name;
	int		 key;
} keynames[] = {
	{ "Up", TUI_KEYFN | KEY_UP },
	{ "Down", TUI_KEYFN | KEY_DOWN },
	{ "Left", TUI_KEYFN | KEY_LEFT },
	{ "Right", TUI_KEYFN | KEY_RIGHT },
	{ "PageUp", TUI_KEYFN | KEY_PPAGE },
	{ "PageDown", TUI_KEYFN | KEY_NPAGE },
	{ "Home", TUI_KEYFN | KEY_HOME },
	{ "End", TUI_KEYFN | KEY_END },
	{ "Insert", TUI_KEYFN | KEY_IC },
	{ "Delete", TUI_KEYFN | KEY_DC },
	{ "Backspace", 0x7f },
	{ "Enter", '\n' },
	{ "Tab", '\t' },
	{ "BTab", TUI_KEYFN | KEY_BTAB },
	{ "Space", ' ' },
	{ "Escape", 27 },
};

struct binding {
	int		 views;
	int		 key;
	enum tui_action	 action;
};
/* User bindings first, then the defaults: the first match wins. */
static struct binding *bindings;
static size_t nbindings;

static int
key_parse(const char *s)
{
	long long n;
	size_t i, len;
	uint32_t cp;

	for (i = 0; i < NITEMS(keynames); i++)
		if (strcmp(s, keynames[i].name) == 0)
			return keynames[i].key;
	if (s[0] == 'F' && util_parse_int(s + 1, 1, 24, &n) == 0)
		return TUI_KEYFN | KEY_F((int)n);
	if (s[0] == 'C' && s[1] == '-' && s[2] != '\0' && s[3] == '\0') {
		if (s[2] >= 'a' && s[2] <= 'z')
			return s[2] - 'a' + 1;
		if (s[2] >= '@' && s[2] <= '_')
			return s[2] - '@';
		return -1;
	}
	len = strlen(s);
	if (len == 0 || text_utf8_decode(s, len, &cp) != len ||
	    cp < 0x20 || cp == 0x7f)
		return -1;
	return (int)cp;
}

void
tui_keys_name(int key, struct buf *b)
{
	size_t i;
	char mb[8];
	int n;

	for (i = 0; i < NITEMS(keynames); i++)
		if (keynames[i].key == key) {
			buf_adds(b, keynames[i].name);
			return;
		}
	if (key & TUI_KEYFN) {
		for (n = 1; n <= 24; n++)
			if (key == (TUI_KEYFN | KEY_F(n))) {
				buf_addf(b, "F%d", n);
				return;
			}
		buf_addf(b, "key-%d", key & ~TUI_KEYFN);
	} else if (key < 0x20)
		buf_addf(b, "C-%c", key + 'a' - 1);
	else {
		n = (int)wcrtomb(mb, (wchar_t)key, NULL);
		if (n > 0)
			buf_add(b, mb, n);
	}
}

static enum tui_action
action_find(const char *name)
{
	int i;

	for (i = 0; i < TUI_NACTIONS; i++)
		if (strcmp(actions[i].name, name) == 0)
			return i;
	return -1;
}

static void
bind_add(int views, int key, enum tui_action action)
{
	bindings = xreallocarray(bindings, nbindings + 1, sizeof *bindings);
	bindings[nbindings].views = views;
	bindings[nbindings].key = key;
	bindings[nbindings].action = action;
	nbindings++;
}

void
tui_keys_init(struct tui *tui)
{
	const struct conf *c = tui->conf;
	char *msg;
	size_t i;
	int key, a;

	tui_keys_free();
	for (i = 0; i < c->nbinds; i++) {
		msg = NULL;
		if ((key = key_parse(c->binds[i].key)) == -1)
			msg = xasprintf(_("%s:%d: unknown key: %s"),
			    tui->paths->config_file, c->binds[i].line,
			    c->binds[i].key);
		else if ((a = action_find(c->binds[i].action)) == -1)
			msg = xasprintf(_("%s:%d: unknown action: %s"),
			    tui->paths->config_file, c->binds[i].line,
			    c->binds[i].action);
		else
			bind_add(actions[a].views, key, a);
		if (msg != NULL) {
			tui_problem(tui, msg);
			free(msg);
		}
	}
	for (i = 0; i < NITEMS(defaults); i++) {
		if ((key = key_parse(defaults[i].key)) == -1)
			fatal("bad default key %s", defaults[i].key);
		bind_add(defaults[i].views & actions[defaults[i].action].views,
		    key, defaults[i].action);
	}
}

void
tui_keys_free(void)
{
	free(bindings);
	bindings = NULL;
	nbindings = 0;
}

enum tui_action
tui_keys_lookup(int kind, int key)
{
	size_t i;

	for (i = 0; i < nbindings; i++)
		if ((bindings[i].views & kind) && bindings[i].key == key)
			return bindings[i].action;
	return TUI_NONE;
}

const char *
tui_action_name(enum tui_action a)
{
	return actions[a].name;
}

const char *
tui_action_help(enum tui_action a)
{
	return _(actions[a].help);
}

int
tui_action_views(enum tui_action a)
{
	return actions[a].views;
}

char *
tui_keys_for(int kind, enum tui_action a)
{
	struct buf b = BUF_INIT;
	size_t i, j;

	for (i = 0; i < nbindings; i++) {
		if (bindings[i].action != a || !(bindings[i].views & kind))
			continue;
		/* A key bound earlier to something else is not this one's. */
		for (j = 0; j < i; j++)
			if ((bindings[j].views & kind) &&
			    bindings[j].key == bindings[i].key)
				break;
		if (j < i)
			continue;
		if (b.len > 0)
			buf_adds(&b, ", ");
		tui_keys_name(bindings[i].key, &b);
	}
	if (b.len == 0)
		return NULL;
	return buf_detach(&b);
}

int
tui_keys_read(void)
{
	wint_t wc;
	int rc;

	rc = get_wch(&wc);
	if (rc == ERR)
		return -1;
	if (rc == KEY_CODE_YES) {
		if (wc == KEY_ENTER)
			return '\n';
		if (wc == KEY_BACKSPACE)
			return 0x7f;
		return TUI_KEYFN | (int)wc;
	}
	if (wc == '\r')
		return '\n';
	if (wc == 8)
		return 0x7f;
	return (int)wc;
}
