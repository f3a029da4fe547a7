/* cli.c - global options, the command table and what commands share. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "search.h"
#include "sources.h"
#include "text.h"
#include "tui.h"

static const struct cli_command commands[] = {
	{ "add", N_("URL [TAG...] [--name NAME] [--html [--xpath EXPR]] "
	  "[--no-fulltext]"),
	  N_("add a source to the sources file"), cli_cmd_add },
	{ "remove", N_("SOURCE"),
	  N_("remove a source and its articles"), cli_cmd_remove },
	{ "init", N_("[--print] [--tag TAG]..."),
	  N_("start the sources file from a curated list of think tanks "
	  "and commentary"), cli_cmd_init },
	{ "sources", N_("[--json | --tsv]"),
	  N_("list sources with counts, last fetch and last error"),
	  cli_cmd_sources },
	{ "list", N_("[--unread] [--starred] [--tag TAG] [--source SOURCE] "
	  "[--limit N] [--json]"),
	  N_("list articles, newest first"), cli_cmd_list },
	{ "show", N_("ID [--width N] [--json]"),
	  N_("print an article"), cli_cmd_show },
	{ "mark", N_("ID... read|unread|star|unstar"),
	  N_("change the read or starred state of articles"), cli_cmd_mark },
	{ "fetch", N_("[SOURCE...] [--quiet] [--force]"),
	  N_("fetch sources and store their new articles"), cli_cmd_fetch },
	{ "sync", N_("[--json | --progress] [--quiet] [--full]"),
	  N_("sync with the Tiny Tiny RSS server of the config file"),
	  cli_cmd_sync },
	{ "parse", N_("[--url URL] [--content-type TYPE] FILE|- | --batch"),
	  N_("print what the feed parser makes of a file, as JSON"),
	  cli_cmd_parse },
	{ "extract", N_("[--url URL] [--content-type TYPE] [--json | --plain] "
	  "[--width N] FILE|URL|-"),
	  N_("print the article that extraction finds in a web page"),
	  cli_cmd_extract },
	{ "search", N_("QUERY... [--limit N] [--json] | --save NAME QUERY... | "
	  "--saved NAME | --forget NAME"),
	  N_("search articles: words, \"phrases\", -word, OR, tag:, "
	  "source:, author:, title:, after:, before:, is:"), cli_cmd_search },
	{ "searches", N_("[--json | --tsv]"),
	  N_("list saved searches with their counts"), cli_cmd_searches },
	{ "tag", N_("ID +TAG|-TAG..."),
	  N_("add and remove tags of an article"), cli_cmd_tag },
	{ "tags", N_("[--json | --tsv]"),
	  N_("list tags with their article and unread counts"),
	  cli_cmd_tags },
	{ "import", N_("FILE|- [--dry-run]"),
	  N_("import sources from an OPML or newsboat urls file"),
	  cli_cmd_import },
	{ "export", N_("[FILE|-]"),
	  N_("write the sources as OPML 2.0"), cli_cmd_export },
	{ "check", N_("[--repair]"),
	  N_("check the cache for damage; --repair salvages what can be "
	  "read"), cli_cmd_check },
	{ NULL, NULL, NULL, NULL },
};

void
cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("pundit: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

int
cli_usage(const char *command, const char *fmt, ...)
{
	va_list ap;
	char *msg;

	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	cli_error("%s", msg);
	free(msg);
	if (command != NULL)
		fprintf(stderr, _("Try 'pundit %s --help'.\n"), command);
	else
		fprintf(stderr, _("Try 'pundit --help'.\n"));
	return CLI_USAGE;
}

int
cli_parse_id(const char *s, long long *id)
{
	return util_parse_int(s, 1, INT64_MAX, id);
}

void
cli_puts(FILE *f, const char *s, int flags)
{
	char *clean;

	if (s == NULL)
		return;
	clean = text_sanitize(s, strlen(s), flags);
	fputs(clean, f);
	free(clean);
}

void
cli_date(const struct cli *cli, time_t t, char *buf, size_t len)
{
	struct tm tm;

	buf[0] = '\0';
	if (t == 0 || localtime_r(&t, &tm) == NULL)
		return;
	/* The format is the user's date-format option, by design. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	if (strftime(buf, len, conf_get_string(cli->conf, "date-format"),
	    &tm) == 0)
		buf[0] = '\0';
#pragma GCC diagnostic pop
}

int
cli_columns(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) ||
	    ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == -1 || ws.ws_col == 0)
		return 0;
	return ws.ws_col;
}

static int
cli_store_open(struct cli *cli, int read)
{
	struct sources_list list;
	char *cause = NULL, **errors = NULL;
	size_t i;

	if (cli->store != NULL)
		return 0;
	if (util_mkdirs(cli->paths.data_dir, &cause) == -1 ||
	    (read ? store_open_read : store_open)(cli->paths.db_file,
	    &cli->store, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return -1;
	}
	/* A read-only cache is read as it is. */
	if (store_readonly(cli->store))
		return 0;
	if (sources_load(cli->paths.sources_file, &list, &errors,
	    &cause) == -1) {
		/* The cache still works without the file: say so, go on. */
		cli_error("%s", cause);
		free(cause);
		return 0;
	}
	/* The query lines: saved searches, which the file wins. */
	if (search_saved_sync(cli->store, list.queries, list.nqueries,
	    cli->paths.sources_file, &errors, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		cause = NULL;
	}
	for (i = 0; errors != NULL && errors[i] != NULL; i++) {
		fflush(stdout);
		fputs("pundit: ", stderr);
		cli_puts(stderr, errors[i], TEXT_ONELINE);
		fputc('\n', stderr);
	}
	util_strv_free(&errors);
	if (store_source_sync(cli->store, list.v, list.n, &cause) == -1) {
		sources_list_free(&list);
		/*
		 * A reader goes on with what the cache knows (another
		 * process may hold it for writing).
		 */
		if (read) {
			free(cause);
			return 0;
		}
		cli_error("%s", cause);
		free(cause);
		return -1;
	}
	sources_list_free(&list);
	return 0;
}

int
cli_store(struct cli *cli)
{
	return cli_store_open(cli, 0);
}

int
cli_store_read(struct cli *cli)
{
	return cli_store_open(cli, 1);
}

static void
usage(FILE *f)
{
	const struct cli_command *c;

	fprintf(f, _("Usage: pundit [-c FILE] [-d DIR] COMMAND [ARGS]\n"
	    "A terminal reader for long-form commentary.\n\n"));
	fprintf(f, _("Options:\n"
	    "  -c, --config FILE  read the config from FILE (the sources "
	    "file is\n"
	    "                     the file named sources next to it)\n"
	    "  -d, --data DIR     keep the cache in DIR\n"
	    "  -h, --help         show this help and exit\n"
	    "  -V, --version      show the version and exit\n\n"));
	fprintf(f, _("Commands:\n"));
	for (c = commands; c->name != NULL; c++)
		fprintf(f, "  %-9s %s\n", c->name, _(c->help));
	fprintf(f, _("\nWith no command, pundit starts its interface on a "
	    "terminal,\nand shows the sources and their state otherwise.\n"
	    "'pundit COMMAND --help' describes a command; man pundit "
	    "tells more.\n"));
}

static void
version(void)
{
	printf("pundit %s\n", PACKAGE_VERSION);
}

/*
 * The program itself, for the interface to run `pundit sync`: the file
 * now running (even if an upgrade has replaced it since), else argv[0]
 * as found at start.
 */
static char *
self_path(const char *argv0)
{
	char *p;

	if (access("/proc/self/exe", X_OK) == 0)
		return xstrdup("/proc/self/exe");
	if (strchr(argv0, '/') != NULL && (p = realpath(argv0, NULL)) != NULL)
		return p;
	return xstrdup(argv0);
}

/* No command on a terminal: the interface. */
static int
run_tui(struct cli *cli)
{
	char *cause = NULL, *self;
	int sig;

	if (cli_store(cli) == -1)
		return CLI_FAILURE;
	self = self_path(cli->argv0);
	sig = tui_run(cli->store, cli->conf, &cli->paths, self, &cause);
	free(self);
	if (sig == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	if (sig > 0) {
		/* Die of the signal, as the shell expects, the cache closed. */
		store_close(&cli->store);
		signal(sig, SIG_DFL);
		raise(sig);
		return 128 + sig;
	}
	return CLI_OK;
}

/* Print the usage of one command (used by each command's --help). */
static void
command_usage(const struct cli_command *c)
{
	printf(_("Usage: pundit %s %s\n%s\n"), c->name, _(c->args),
	    _(c->help));
}

/*
 * The global options; the --list- ones, left out of --help, are for the
 * shell completions (completions/), which learn the commands and options
 * from them instead of keeping copies.
 */
static const struct option global_opts[] = {
	{ "config", required_argument, NULL, 'c' },
	{ "data", required_argument, NULL, 'd' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ "list-commands", no_argument, NULL, 'L' },
	{ "list-options", no_argument, NULL, 'O' },
	{ NULL, 0, NULL, 0 },
};
/* What the options of global_opts that take one call their argument. */
static const char *global_args[] = { "FILE", "DIR" };

/* Each command a line: its name, a tab, what it does. */
static void
list_commands(void)
{
	const struct cli_command *c;

	for (c = commands; c->name != NULL; c++)
		printf("%s\t%s\n", c->name, _(c->help));
}

/*
 * The options of a command (from its usage line in the table) or the
 * global ones, a line each: the option, and a space and the name of its
 * argument when it takes one ("--tag TAG").
 */
static void
list_options(const struct cli_command *c)
{
	const struct option *o;
	const char *p, *q, *r;
	char **seen = NULL, *opt;
	size_t i;

	if (c == NULL) {
		for (o = global_opts; o->name != NULL; o++) {
			if (o->val == 'L' || o->val == 'O')
				continue;
			i = (size_t)(o - global_opts);
			if (o->has_arg == required_argument &&
			    i < NITEMS(global_args))
				printf("-%c %s\n--%s %s\n", o->val,
				    global_args[i], o->name, global_args[i]);
			else
				printf("-%c\n--%s\n", o->val, o->name);
		}
		return;
	}
	for (p = c->args; (p = strstr(p, "--")) != NULL; p = q) {
		for (q = p + 2; (*q >= 'a' && *q <= 'z') || *q == '-'; q++)
			continue;
		if (q == p + 2)
			continue;
		opt = xstrndup(p, q - p);
		for (i = 0; seen != NULL && seen[i] != NULL; i++)
			if (strcmp(seen[i], opt) == 0)
				break;
		if (seen == NULL || seen[i] == NULL) {
			util_strv_add(&seen, opt);
			for (r = q + 1; *q == ' ' && ((*r >= 'A' &&
			    *r <= 'Z') || *r == '_'); r++)
				continue;
			if (*q == ' ' && r > q + 1)
				printf("%s %.*s\n", opt, (int)(r - q - 1),
				    q + 1);
			else
				printf("%s\n", opt);
		}
		free(opt);
	}
	util_strv_free(&seen);
	printf("--help\n");
}

int
cli_main(int argc, char **argv)
{
	const struct cli_command *c;
	const char *config = NULL, *data = NULL, *name;
	char *cause = NULL, **errors = NULL;
	struct cli cli;
	int ch, rc, i, listing = 0;

	memset(&cli, 0, sizeof cli);
	cli.argv0 = argv[0];
	opterr = 0;
	while ((ch = getopt_long(argc, argv, "+:c:d:hV", global_opts,
	    NULL)) != -1) {
		switch (ch) {
		case 'L':
		case 'O':
			listing = ch;
			break;
		case 'c':
			config = optarg;
			break;
		case 'd':
			data = optarg;
			break;
		case 'h':
			usage(stdout);
			return CLI_OK;
		case 'V':
			version();
			return CLI_OK;
		case ':':
			return cli_usage(NULL, _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage(NULL, _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	argc -= optind;
	argv += optind;
	if (listing == 'L') {
		list_commands();
		return CLI_OK;
	}
	if (listing == 'O' && argc == 0) {
		list_options(NULL);
		return CLI_OK;
	}
	name = argc > 0 ? argv[0] : "sources";
	if (strcmp(name, "help") == 0) {
		usage(stdout);
		return CLI_OK;
	}
	for (c = commands; c->name != NULL; c++)
		if (strcmp(c->name, name) == 0)
			break;
	if (c->name == NULL)
		return cli_usage(NULL, _("unknown command: %s"), name);
	if (listing == 'O') {
		list_options(c);
		return CLI_OK;
	}
	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--") == 0)
			break;
		if (strcmp(argv[i], "--help") == 0 ||
		    strcmp(argv[i], "-h") == 0) {
			command_usage(c);
			return CLI_OK;
		}
	}

	if (paths_init(&cli.paths, config, data, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	cli.conf = conf_new();
	if (conf_load(cli.conf, cli.paths.config_file, &errors,
	    &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		rc = CLI_FAILURE;
		goto out;
	}
	for (i = 0; errors != NULL && errors[i] != NULL; i++) {
		fputs("pundit: ", stderr);
		cli_puts(stderr, errors[i], TEXT_ONELINE);
		fputc('\n', stderr);
	}
	util_strv_free(&errors);

	/* Each command parses its own options from argv[0] on. */
	optind = 0;
	if (argc == 0 && isatty(STDIN_FILENO) && isatty(STDOUT_FILENO))
		rc = run_tui(&cli);
	else if (argc == 0) {
		char *none[] = { (char *)"sources", NULL };
		rc = c->run(&cli, 1, none);
	} else
		rc = c->run(&cli, argc, argv);
out:
	if (fflush(stdout) == EOF && rc == CLI_OK) {
		cli_error(_("cannot write output: %s"), strerror(errno));
		rc = CLI_FAILURE;
	}
	store_close(&cli.store);
	conf_free(&cli.conf);
	paths_free(&cli.paths);
	return rc;
}
