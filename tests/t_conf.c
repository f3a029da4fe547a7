/* t_conf.c - the config file: options, bindings, colours, errors. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>

#include "conf.h"
#include "tap.h"
#include "util.h"

static int
has_error(char **errors, const char *want)
{
	size_t i;

	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		if (strstr(errors[i], want) != NULL)
			return 1;
	return 0;
}

int
main(void)
{
	static const char text[] =
	    "# comment\n"
	    "set date-format \"%d.%m.%Y  %H:%M\"   # trailing comment\n"
	    "set show-width 72\n"
	    "bind j next\n"
	    "color title yellow default bold\n"
	    "color status white blue\n"
	    "set show-width 5000\n"
	    "set nosuch 1\n"
	    "set show-width\n"
	    "frobnicate x\n"
	    "set date-format \"unterminated\n"
	    "bind x\n"
	    "color a b\n"
	    "set show-width \x1b[31m7\n"
	    "\n";
	struct conf *c;
	char **errors = NULL, **argv, *cause = NULL;
	const struct conf_option *o;
	int n;

	setlocale(LC_ALL, "");
	c = conf_new();
	is_str(conf_get_string(c, "date-format"), "%Y-%m-%d %H:%M",
	    "defaults from the table");
	is_int(conf_get_int(c, "show-width"), 0, "int default");

	conf_parse(c, text, sizeof text - 1, "cfg", &errors);
	is_str(conf_get_string(c, "date-format"), "%d.%m.%Y  %H:%M",
	    "quoted value with two spaces, comment after");
	is_int(conf_get_int(c, "show-width"), 72, "out-of-range value ignored");
	is_int(c->nbinds, 1, "one binding");
	ok(c->nbinds == 1 && strcmp(c->binds[0].key, "j") == 0 &&
	    strcmp(c->binds[0].action, "next") == 0 && c->binds[0].line == 4,
	    "bind j next on line 4");
	is_int(c->ncolors, 2, "two colours");
	ok(c->ncolors == 2 && strcmp(c->colors[0].attr, "bold") == 0 &&
	    c->colors[1].attr == NULL, "colour attributes");
	ok(has_error(errors, "cfg:7: option show-width needs a number from 0 "
	    "to 1000"), "range error with line");
	ok(has_error(errors, "cfg:8: unknown option: nosuch"),
	    "unknown option with line");
	ok(has_error(errors, "cfg:9: usage: set NAME VALUE"),
	    "missing value with line");
	ok(has_error(errors, "cfg:10: unknown command: frobnicate"),
	    "unknown command with line");
	ok(has_error(errors, "cfg:11: unterminated quote"),
	    "unterminated quote with line");
	ok(has_error(errors, "cfg:12: usage: bind KEY ACTION"), "bind usage");
	ok(has_error(errors, "cfg:13: usage: color"), "color usage");
	ok(has_error(errors, "cfg:14: control character (byte 0x1b)"),
	    "escape in a value is an error");
	is_int(util_strv_len(errors), 8, "eight errors, good lines applied");
	util_strv_free(&errors);

	conf_parse(c, "set show-width 1\0 0\n", 19, "nul", &errors);
	ok(has_error(errors, "nul:1: invalid UTF-8 or NUL byte"),
	    "NUL byte in a line is reported");
	util_strv_free(&errors);

	is_int(conf_set(c, "show-width", "-1", &cause), -1, "negative width");
	ok(cause != NULL && strstr(cause, "show-width") != NULL,
	    "cause names the option");
	free(cause);

	n = conf_split("a \"b c\" \"d\\\"e\" f#g # h", &argv, &cause);
	is_int(n, 4, "split into four words");
	ok(n == 4 && strcmp(argv[1], "b c") == 0 &&
	    strcmp(argv[2], "d\"e") == 0 && strcmp(argv[3], "f#g") == 0,
	    "quotes, escapes, # inside a word");
	util_strv_free(&argv);

	/* Sync: a backend from a short list; a password's line is kept. */
	is_str(conf_get_string(c, "sync"), "none", "sync is off by default");
	is_int(conf_set(c, "sync", "ttrss", &cause), 0, "set sync ttrss");
	is_int(conf_set(c, "sync", "feedly", &cause), -1,
	    "an unknown sync backend is refused");
	ok(cause != NULL && strstr(cause, "none or ttrss") != NULL,
	    "the cause lists the backends");
	free(cause);
	cause = NULL;
	conf_parse(c, "\nset ttrss-password \"s3cr et\"\n", 31, "pw",
	    &errors);
	is_int(c->password_line, 2, "the line of ttrss-password is kept");
	is_str(conf_get_string(c, "ttrss-password"), "s3cr et",
	    "a quoted password");
	conf_parse(c, "set ttrss-password s3cret extra\n", 32, "pw",
	    &errors);
	ok(errors != NULL && strstr(errors[0], "s3cret") == NULL,
	    "a bad password line does not quote the password");
	util_strv_free(&errors);

	for (o = conf_options(); o->name != NULL; o++)
		ok(o->help != NULL && o->def != NULL, "option %s documented",
		    o->name);
	is_int(conf_load(c, "/nonexistent/pundit/config", &errors, &cause), 0,
	    "a missing config file is fine");
	is_int(conf_load(c, "/", &errors, &cause), -1,
	    "a directory as config file fails");
	ok(cause != NULL && strstr(cause, "cannot read config file /") != NULL,
	    "cause names the file");
	free(cause);
	util_strv_free(&errors);
	conf_free(&c);
	ok(c == NULL, "conf_free clears the pointer");
	return done_testing();
}
