/* cli-sync.c - pundit sync: a Tiny Tiny RSS server into the cache. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "sync.h"
#include "text.h"

struct sync_state {
	int	 bar;		/* progress on a terminal (stderr) */
	int	 lines;		/* --progress: lines for a program (stdout) */
	int	 shown;
};

/* A line of --progress, out at once: the reader shows it as it comes. */
static void
put_line(struct buf *b)
{
	fputs(buf_str(b), stdout);
	fflush(stdout);
	buf_free(b);
}

static void
progress(const char *msg, void *arg)
{
	struct sync_state *ss = arg;
	struct buf b = BUF_INIT;

	if (ss->lines) {
		sync_line_progress(&b, msg);
		put_line(&b);
		return;
	}
	if (!ss->bar)
		return;
	fputs("\r\033[K", stderr);
	fputs(_("sync: "), stderr);
	cli_puts(stderr, msg, TEXT_ONELINE);
	fflush(stderr);
	ss->shown = 1;
}

static void
print_json(const struct sync_result *r, const char *error)
{
	struct buf b = BUF_INIT;

	buf_addf(&b, "{\"ok\":%s", error == NULL ? "true" : "false");
	cli_json_str(&b, "error", error);
	buf_addf(&b, ",\"unchanged\":%s,\"requests\":%u,\"bytes\":%zu,"
	    "\"seconds\":%.3f,\"feeds\":%u,\"new_feeds\":%u,"
	    "\"gone_feeds\":%u,"
	    "\"new_articles\":%u,\"updated_articles\":%u,"
	    "\"flags_from_server\":%u,\"sent\":%u,\"waiting\":%u}\n",
	    r->unchanged ? "true" : "false", r->requests, r->bytes,
	    r->seconds, r->feeds, r->new_feeds, r->gone_feeds, r->new_articles,
	    r->updated_articles, r->flags, r->sent, r->waiting);
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

int
cli_sync(struct cli *cli, int quiet, int json, int lines, int full)
{
	struct sync_opts opts;
	struct sync_result r;
	struct sync_state ss;
	struct buf b = BUF_INIT;
	char *cause = NULL, bytes[32];
	int rc;

	memset(&r, 0, sizeof r);
	memset(&ss, 0, sizeof ss);
	ss.lines = lines;
	if (!sync_enabled(cli->conf)) {
		cli_error("%s", _("sync is off: put \"set sync ttrss\" and the "
		    "ttrss-url and ttrss-user options in the config file"));
		return CLI_FAILURE;
	}
	if (cli_store(cli) == -1)
		return CLI_FAILURE;
	if (sync_opts_init(&opts, cli->conf, &cause) == -1) {
		if (json)
			print_json(&r, cause);
		if (lines) {
			sync_line_result(&b, &r, cause);
			put_line(&b);
		}
		cli_error(_("sync: %s"), cause);
		free(cause);
		return CLI_FAILURE;
	}
	opts.full = full;
	ss.bar = !quiet && !json && !lines && isatty(STDERR_FILENO);
	rc = sync_run(cli->store, &opts, progress, &ss, &r, &cause);
	sync_opts_free(&opts);
	if (ss.shown)
		fputs("\r\033[K", stderr);
	if (json)
		print_json(&r, rc == 0 ? NULL : cause);
	if (lines) {
		sync_line_result(&b, &r, rc == 0 ? NULL : cause);
		put_line(&b);
	}
	if (rc == -1) {
		cli_error(_("sync: %s (changes waiting: %u)"), cause,
		    r.waiting);
		free(cause);
		return CLI_FAILURE;
	}
	if (json || quiet || lines)
		return CLI_OK;
	if (r.bytes >= 10 * 1024)
		snprintf(bytes, sizeof bytes, "%zu kB", r.bytes / 1024);
	else
		snprintf(bytes, sizeof bytes, "%zu B", r.bytes);
	if (r.unchanged && r.sent == 0)
		printf(_("synced: nothing changed (%u requests, %s, %.2f s)\n"),
		    r.requests, bytes, r.seconds);
	else
		printf(_("synced %u feeds (%u new): %u new articles, %u "
		    "updated, %u read/starred changes from the server, %u "
		    "sent, %u waiting (%u requests, %s, %.2f s)\n"), r.feeds,
		    r.new_feeds, r.new_articles, r.updated_articles, r.flags,
		    r.sent, r.waiting, r.requests, bytes, r.seconds);
	if (r.gone_feeds > 0)
		printf(P_("%u feed was unsubscribed on the server: its source "
		    "and articles stay here, fetched no more (pundit sources)\n",
		    "%u feeds were unsubscribed on the server: their sources "
		    "and articles stay here, fetched no more (pundit sources)\n",
		    r.gone_feeds), r.gone_feeds);
	return CLI_OK;
}

int
cli_cmd_sync(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "json", no_argument, NULL, 'j' },
		{ "full", no_argument, NULL, 'f' },
		{ "progress", no_argument, NULL, 'p' },
		{ NULL, 0, NULL, 0 },
	};
	int ch, quiet = 0, json = 0, full = 0, lines = 0;

	while ((ch = getopt_long(argc, argv, ":qf", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q':
			quiet = 1;
			break;
		case 'j':
			json = 1;
			break;
		case 'f':
			full = 1;
			break;
		case 'p':
			lines = 1;
			break;
		default:
			return cli_usage("sync", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("sync", _("unexpected argument: %s"),
		    argv[optind]);
	if (json && lines)
		return cli_usage("sync", _("--json and --progress do not go "
		    "together"));
	return cli_sync(cli, quiet, json, lines, full);
}
