/* conf.c - the config file: options (set), key bindings (bind), colours. */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "i18n.h"
#include "text.h"
#include "util.h"

/* Every option lives here; man/pundit.conf.5 documents the same table. */
static const struct conf_option options[] = {
	{ "date-format", CONF_STRING, "%Y-%m-%d %H:%M", 0, 0,
	  N_("strftime(3) format of dates in lists and the reader") },
	{ "mouse", CONF_BOOL, "yes", 0, 0,
	  N_("the interface takes the mouse: the wheel scrolls, a click "
	     "selects, a click on the selected entry opens it; no leaves "
	     "the mouse to the terminal (to select text)") },
	{ "show-width", CONF_INT, "0", 0, 1000,
	  N_("width of `pundit show` text; 0: the terminal's width, "
	     "else 80") },
	{ "max-connections", CONF_INT, "16", 1, 256,
	  N_("connections open at once when fetching") },
	{ "host-connections", CONF_INT, "2", 1, 16,
	  N_("connections open at once to one host") },
	{ "fetch-timeout", CONF_INT, "120", 5, 3600,
	  N_("seconds a whole transfer may take") },
	{ "fulltext-threshold", CONF_INT, "500", 0, 1000000,
	  N_("fetch the page of an article whose feed gives fewer "
	     "characters than this, and keep the extracted full text; "
	     "0: never") },
	{ "sync", CONF_STRING, "none", 0, 0,
	  N_("where subscriptions and read state come from: none (the "
	     "sources file) or ttrss (a Tiny Tiny RSS server)") },
	{ "ttrss-url", CONF_STRING, "", 0, 0,
	  N_("address of the Tiny Tiny RSS installation") },
	{ "ttrss-user", CONF_STRING, "", 0, 0,
	  N_("user name on the Tiny Tiny RSS server") },
	{ "ttrss-password", CONF_STRING, "", 0, 0,
	  N_("password on the Tiny Tiny RSS server (keep the config "
	     "file private, or use ttrss-password-command)") },
	{ "ttrss-password-command", CONF_STRING, "", 0, 0,
	  N_("command whose first output line is the Tiny Tiny RSS "
	     "password (run without a shell)") },
	{ NULL, 0, NULL, 0, 0, NULL },
};

const struct conf_option *
conf_options(void)
{
	return options;
}

static int
conf_index(const char *name)
{
	int i;

	for (i = 0; options[i].name != NULL; i++)
		if (strcmp(options[i].name, name) == 0)
			return i;
	return -1;
}

struct conf *
conf_new(void)
{
	struct conf *c;
	size_t i, n;

	c = xcalloc(1, sizeof *c);
	for (n = 0; options[n].name != NULL; n++)
		;
	c->values = xcalloc(n + 1, sizeof *c->values);
	for (i = 0; i < n; i++)
		c->values[i] = xstrdup(options[i].def);
	return c;
}

void
conf_free(struct conf **cp)
{
	struct conf *c = *cp;
	size_t i;

	if (c == NULL)
		return;
	util_strv_free(&c->values);
	for (i = 0; i < c->nbinds; i++) {
		free(c->binds[i].key);
		free(c->binds[i].action);
	}
	free(c->binds);
	for (i = 0; i < c->ncolors; i++) {
		free(c->colors[i].element);
		free(c->colors[i].fg);
		free(c->colors[i].bg);
		free(c->colors[i].attr);
	}
	free(c->colors);
	free(c);
	*cp = NULL;
}

static int
parse_bool(const char *v, int *out)
{
	static const char *yes[] = { "yes", "true", "on", "1" };
	static const char *no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < NITEMS(yes); i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

int
conf_set(struct conf *c, const char *name, const char *value, char **cause)
{
	const struct conf_option *o;
	long long n;
	int i, b;

	if ((i = conf_index(name)) == -1)
		return set_cause(cause, _("unknown option: %s"), name);
	o = &options[i];
	switch (o->type) {
	case CONF_BOOL:
		if (parse_bool(value, &b) == -1)
			return set_cause(cause, _("option %s needs yes or no, "
			    "not \"%s\""), name, value);
		value = b ? "yes" : "no";
		break;
	case CONF_INT:
		if (util_parse_int(value, o->min, o->max, &n) == -1)
			return set_cause(cause, _("option %s needs a number "
			    "from %ld to %ld, not \"%s\""), name, o->min,
			    o->max, value);
		break;
	case CONF_STRING:
		if (strcmp(name, "sync") == 0 && strcmp(value, "none") != 0 &&
		    strcmp(value, "ttrss") != 0)
			return set_cause(cause, _("option %s needs none or "
			    "ttrss, not \"%s\""), name, value);
		break;
	}
	free(c->values[i]);
	c->values[i] = xstrdup(value);
	return 0;
}

static const char *
conf_value(const struct conf *c, const char *name, enum conf_type type)
{
	int i;

	if ((i = conf_index(name)) == -1 || options[i].type != type)
		fatal("no %s option of that type: %s", "config", name);
	return c->values[i];
}

const char *
conf_get_string(const struct conf *c, const char *name)
{
	return conf_value(c, name, CONF_STRING);
}

long
conf_get_int(const struct conf *c, const char *name)
{
	return strtol(conf_value(c, name, CONF_INT), NULL, 10);
}

int
conf_get_bool(const struct conf *c, const char *name)
{
	return strcmp(conf_value(c, name, CONF_BOOL), "yes") == 0;
}

int
conf_split(const char *line, char ***argv, char **cause)
{
	struct buf word = BUF_INIT;
	const char *p = line;
	int n = 0, quoted;

	*argv = NULL;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (*p == '\0' || *p == '#')
			break;
		buf_reset(&word);
		quoted = 0;
		while (*p != '\0') {
			if (!quoted && (*p == ' ' || *p == '\t' ||
			    *p == '\r' || *p == '\n'))
				break;
			if (*p == '"') {
				quoted = !quoted;
				p++;
				continue;
			}
			if (quoted && *p == '\\' &&
			    (p[1] == '"' || p[1] == '\\')) {
				buf_addc(&word, p[1]);
				p += 2;
				continue;
			}
			buf_addc(&word, *p++);
		}
		if (quoted) {
			buf_free(&word);
			util_strv_free(argv);
			return set_cause(cause, _("unterminated quote"));
		}
		util_strv_add(argv, buf_str(&word));
		n++;
	}
	buf_free(&word);
	if (*argv == NULL)
		*argv = xcalloc(1, sizeof **argv);
	return n;
}

int
conf_check_line(const char *line, size_t len, char **cause)
{
	size_t i;

	if (strnlen(line, len) != len || !text_utf8_valid(line, len))
		return set_cause(cause, _("invalid UTF-8 or NUL byte"));
	for (i = 0; i < len; i++) {
		unsigned char c = line[i];

		if ((c < 0x20 && c != '\t') || c == 0x7f)
			return set_cause(cause, _("control character "
			    "(byte 0x%02x) in line"), c);
	}
	return 0;
}

void
conf_error(char ***errors, const char *name, int line, const char *msg)
{
	char *s;

	if (errors == NULL)
		return;
	s = xasprintf("%s:%d: %s", name, line, msg);
	util_strv_add(errors, s);
	free(s);
}

static void
conf_line(struct conf *c, char **argv, int argc, const char *name,
    int line, char ***errors)
{
	struct conf_bind *b;
	struct conf_color *k;
	char *cause = NULL, *msg;

	if (strcmp(argv[0], "set") == 0) {
		if (argc != 3) {
			conf_error(errors, name, line,
			    _("usage: set NAME VALUE"));
			return;
		}
		if (conf_set(c, argv[1], argv[2], &cause) == -1) {
			conf_error(errors, name, line, cause);
			free(cause);
		} else if (strcmp(argv[1], "ttrss-password") == 0)
			c->password_line = *argv[2] != '\0' ? line : 0;
	} else if (strcmp(argv[0], "bind") == 0) {
		if (argc != 3) {
			conf_error(errors, name, line,
			    _("usage: bind KEY ACTION"));
			return;
		}
		c->binds = xreallocarray(c->binds, c->nbinds + 1,
		    sizeof *c->binds);
		b = &c->binds[c->nbinds++];
		b->key = xstrdup(argv[1]);
		b->action = xstrdup(argv[2]);
		b->line = line;
	} else if (strcmp(argv[0], "color") == 0) {
		if (argc != 4 && argc != 5) {
			conf_error(errors, name, line,
			    _("usage: color ELEMENT FG BG [ATTR]"));
			return;
		}
		c->colors = xreallocarray(c->colors, c->ncolors + 1,
		    sizeof *c->colors);
		k = &c->colors[c->ncolors++];
		k->element = xstrdup(argv[1]);
		k->fg = xstrdup(argv[2]);
		k->bg = xstrdup(argv[3]);
		k->attr = argc == 5 ? xstrdup(argv[4]) : NULL;
		k->line = line;
	} else {
		msg = xasprintf(_("unknown command: %s"), argv[0]);
		conf_error(errors, name, line, msg);
		free(msg);
	}
}

void
conf_each_line(const char *text, size_t len, const char *name,
    char ***errors, void (*fn)(char **, int, int, void *), void *arg)
{
	const char *p = text, *end = text + len, *nl;
	char *line, *cause = NULL, **argv;
	size_t linelen;
	int lineno = 0, argc;

	for (; p < end; p = nl + 1) {
		lineno++;
		if ((nl = memchr(p, '\n', end - p)) == NULL)
			nl = end;
		linelen = nl - p;
		/* CR LF ends a line; a CR anywhere else is a control. */
		if (linelen > 0 && p[linelen - 1] == '\r')
			linelen--;
		argc = -1;
		if (conf_check_line(p, linelen, &cause) == 0) {
			line = xstrndup(p, linelen);
			argc = conf_split(line, &argv, &cause);
			free(line);
		}
		if (argc == -1) {
			conf_error(errors, name, lineno, cause);
			free(cause);
			cause = NULL;
			continue;
		}
		if (argc > 0)
			fn(argv, argc, lineno, arg);
		util_strv_free(&argv);
	}
}

struct conf_parse_state {
	struct conf	 *c;
	const char	 *name;
	char		***errors;
};

static void
conf_parse_line(char **argv, int argc, int lineno, void *arg)
{
	struct conf_parse_state *ps = arg;

	conf_line(ps->c, argv, argc, ps->name, lineno, ps->errors);
}

void
conf_parse(struct conf *c, const char *text, size_t len, const char *name,
    char ***errors)
{
	struct conf_parse_state ps = { c, name, errors };

	conf_each_line(text, len, name, errors, conf_parse_line, &ps);
}

int
conf_load(struct conf *c, const char *path, char ***errors, char **cause)
{
	struct buf b = BUF_INIT;
	struct stat sb;
	char chunk[8192];
	size_t n;
	FILE *f;
	int shared;

	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		return set_cause(cause, _("cannot read config file %s: %s"),
		    path, strerror(errno));
	}
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(&b, chunk, n);
	if (ferror(f)) {
		fclose(f);
		buf_free(&b);
		return set_cause(cause, _("cannot read config file %s: %s"),
		    path, strerror(errno));
	}
	shared = fstat(fileno(f), &sb) == 0 &&
	    (sb.st_mode & (S_IRGRP | S_IROTH)) != 0;
	fclose(f);
	conf_parse(c, buf_str(&b), b.len, path, errors);
	buf_free(&b);
	if (shared && c->password_line > 0) {
		conf_error(errors, path, c->password_line, _("warning: this "
		    "file holds ttrss-password and other users may read it "
		    "(chmod 600 it, or use ttrss-password-command)"));
	}
	return 0;
}
