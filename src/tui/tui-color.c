/* tui-color.c - colour elements, their defaults, `color` and NO_COLOR. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "i18n.h"
#include "tui-int.h"

struct element {
	const char	*name;
	short		 fg, bg;
	attr_t		 attr;		/* with colours */
	attr_t		 mono;		/* without */
};

/* -1 is the terminal's default colour. */
static struct element elements[TUI_NELEMENTS] = {
	[TUI_C_NORMAL] = { "normal", -1, -1, A_NORMAL, A_NORMAL },
	[TUI_C_TITLE] = { "title", COLOR_WHITE, COLOR_BLUE, A_BOLD,
	    A_REVERSE },
	[TUI_C_STATUS] = { "status", COLOR_WHITE, COLOR_BLUE, A_NORMAL,
	    A_REVERSE },
	[TUI_C_SELECTED] = { "selected", -1, -1, A_REVERSE, A_REVERSE },
	[TUI_C_UNREAD] = { "unread", -1, -1, A_BOLD, A_BOLD },
	[TUI_C_STARRED] = { "starred", COLOR_YELLOW, -1, A_BOLD, A_BOLD },
	[TUI_C_DATE] = { "date", COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TUI_C_SOURCE] = { "source", COLOR_GREEN, -1, A_NORMAL, A_NORMAL },
	[TUI_C_TAG] = { "tag", COLOR_MAGENTA, -1, A_NORMAL, A_NORMAL },
	[TUI_C_ERROR] = { "error", COLOR_RED, -1, A_BOLD, A_BOLD },
	[TUI_C_HEADING] = { "heading", -1, -1, A_BOLD, A_BOLD },
	[TUI_C_QUOTE] = { "quote", COLOR_CYAN, -1, A_NORMAL, A_NORMAL },
	[TUI_C_LINK] = { "link", COLOR_BLUE, -1, A_UNDERLINE, A_UNDERLINE },
	[TUI_C_MATCH] = { "match", COLOR_BLACK, COLOR_YELLOW, A_NORMAL,
	    A_STANDOUT },
	[TUI_C_MESSAGE] = { "message", -1, -1, A_NORMAL, A_NORMAL },
};
static int colors_on;

static int
color_parse(const char *s, short *out)
{
	static const char *names[] = { "black", "red", "green", "yellow",
	    "blue", "magenta", "cyan", "white" };
	long long n;
	size_t i;

	if (strcasecmp(s, "default") == 0) {
		*out = -1;
		return 0;
	}
	for (i = 0; i < NITEMS(names); i++)
		if (strcasecmp(s, names[i]) == 0) {
			*out = (short)i;
			return 0;
		}
	if (strncasecmp(s, "color", 5) == 0 &&
	    util_parse_int(s + 5, 0, 255, &n) == 0) {
		*out = (short)n;
		return 0;
	}
	return -1;
}

/* Attributes: a comma-separated list. */
static int
attr_parse(const char *s, attr_t *out)
{
	static const struct {
		const char	*name;
		attr_t		 attr;
	} names[] = {
		{ "normal", A_NORMAL }, { "bold", A_BOLD },
		{ "underline", A_UNDERLINE }, { "reverse", A_REVERSE },
		{ "dim", A_DIM }, { "standout", A_STANDOUT },
		{ "blink", A_BLINK }, { "italic", A_ITALIC },
	};
	const char *p = s, *e;
	size_t i, len;

	*out = A_NORMAL;
	while (*p != '\0') {
		e = strchr(p, ',');
		len = e != NULL ? (size_t)(e - p) : strlen(p);
		for (i = 0; i < NITEMS(names); i++)
			if (strlen(names[i].name) == len &&
			    strncasecmp(p, names[i].name, len) == 0)
				break;
		if (i == NITEMS(names))
			return -1;
		*out |= names[i].attr;
		p += len;
		if (*p == ',')
			p++;
	}
	return 0;
}

static void
problem(struct tui *tui, int line, const char *what, const char *name)
{
	char *msg;

	msg = xasprintf("%s:%d: %s: %s", tui->paths->config_file, line, what,
	    name);
	tui_problem(tui, msg);
	free(msg);
}

void
tui_color_init(struct tui *tui)
{
	const struct conf_color *c;
	const char *nc;
	size_t i;
	short fg, bg;
	attr_t attr;
	int e;

	nc = getenv("NO_COLOR");
	tui->no_color = nc != NULL && *nc != '\0';
	for (i = 0; i < tui->conf->ncolors; i++) {
		c = &tui->conf->colors[i];
		for (e = 0; e < TUI_NELEMENTS; e++)
			if (strcmp(elements[e].name, c->element) == 0)
				break;
		if (e == TUI_NELEMENTS) {
			problem(tui, c->line, _("unknown colour element"),
			    c->element);
			continue;
		}
		if (color_parse(c->fg, &fg) == -1) {
			problem(tui, c->line, _("unknown colour"), c->fg);
			continue;
		}
		if (color_parse(c->bg, &bg) == -1) {
			problem(tui, c->line, _("unknown colour"), c->bg);
			continue;
		}
		attr = A_NORMAL;
		if (c->attr != NULL && attr_parse(c->attr, &attr) == -1) {
			problem(tui, c->line, _("unknown attribute"),
			    c->attr);
			continue;
		}
		elements[e].fg = fg;
		elements[e].bg = bg;
		elements[e].attr = attr;
		/* The attributes still say something without colours. */
		if (c->attr != NULL)
			elements[e].mono = attr;
	}
	colors_on = 0;
	if (tui->no_color || !has_colors() || start_color() == ERR)
		return;
	use_default_colors();
	colors_on = 1;
	for (e = 0; e < TUI_NELEMENTS; e++) {
		fg = elements[e].fg;
		bg = elements[e].bg;
		if (fg >= COLORS)
			fg = -1;
		if (bg >= COLORS)
			bg = -1;
		init_pair((short)(e + 1), fg, bg);
	}
}

attr_t
tui_attr(enum tui_element e)
{
	if (!colors_on)
		return elements[e].mono;
	return elements[e].attr | COLOR_PAIR(e + 1);
}

short
tui_pair(enum tui_element e)
{
	return colors_on ? (short)(e + 1) : 0;
}
