/* cli-fetch.c - pundit fetch: refresh sources, with progress. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "refresh.h"
#include "sync.h"
#include "text.h"

struct fetch_state {
	struct refresh	*refresh;
	int		 quiet;
	int		 bar;		/* a progress bar on stderr */
	int		 bar_shown;
	unsigned	 failed;
	unsigned	 skipped;
	unsigned	 unchanged;
};

static void
human_bytes(size_t n, char *buf, size_t len)
{
	if (n >= 10 * 1024 * 1024)
		snprintf(buf, len, "%zu MB", n / (1024 * 1024));
	else if (n >= 10 * 1024)
		snprintf(buf, len, "%zu kB", n / 1024);
	else
		snprintf(buf, len, "%zu B", n);
}

static void
bar_clear(struct fetch_state *fs)
{
	if (fs->bar_shown) {
		fputs("\r\033[K", stderr);
		fs->bar_shown = 0;
	}
}

static void
bar_draw(struct fetch_state *fs)
{
	struct refresh_progress p;
	char bytes[32];
	unsigned width = 24, fill;

	refresh_progress(fs->refresh, &p);
	human_bytes(p.bytes, bytes, sizeof bytes);
	fill = p.total > 0 ? width * p.done / p.total : width;
	fputs("\r\033[K[", stderr);
	for (unsigned i = 0; i < width; i++)
		fputc(i < fill ? '#' : '.', stderr);
	fprintf(stderr, _("] %u/%u sources, %s, %u new, %u errors"), p.done,
	    p.total, bytes, p.new_articles, p.failed);
	fflush(stderr);
	fs->bar_shown = 1;
}

static void
source_done(const struct refresh_event *ev, void *arg)
{
	struct fetch_state *fs = arg;
	FILE *f = stdout;

	if (ev->failed)
		fs->failed++;
	else if (ev->skipped)
		fs->skipped++;
	else if (ev->unchanged)
		fs->unchanged++;
	if (fs->quiet && !ev->failed)
		return;
	if (fs->bar) {
		/* On a terminal only what needs attention scrolls by. */
		if (!ev->failed && !ev->skipped && ev->warning == NULL &&
		    ev->moved_to == NULL)
			return;
		bar_clear(fs);
		f = stderr;
	} else if (fs->quiet)
		f = stderr;
	cli_puts(f, source_display_name(ev->source), TEXT_ONELINE);
	fputs(": ", f);
	if (ev->failed) {
		fputs(_("error: "), f);
		cli_puts(f, ev->error, TEXT_ONELINE);
	} else if (ev->skipped) {
		fputs(_("skipped: "), f);
		cli_puts(f, ev->error != NULL ? ev->error : "", TEXT_ONELINE);
	} else if (ev->unchanged)
		fputs(_("unchanged"), f);
	else
		fprintf(f, _("%u new, %u updated"), ev->new_articles,
		    ev->updated_articles);
	if (ev->moved_to != NULL) {
		char *to = text_sanitize(ev->moved_to, strlen(ev->moved_to),
		    TEXT_ONELINE);

		fprintf(f, _(" (moved to %s)"), to);
		free(to);
	}
	if (ev->warning != NULL) {
		fputs(" (", f);
		cli_puts(f, ev->warning, TEXT_ONELINE);
		fputc(')', f);
	}
	fputc('\n', f);
	fflush(f);
}

int
cli_cmd_fetch(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "force", no_argument, NULL, 'f' },
		{ NULL, 0, NULL, 0 },
	};
	struct refresh_opts opts;
	struct refresh_progress p;
	struct fetch_state fs;
	struct source **v = NULL, *s;
	char *cause = NULL, bytes[32];
	size_t n = 0, i;
	int ch, j, force, rc = CLI_FAILURE, sync_rc = CLI_OK;

	memset(&opts, 0, sizeof opts);
	memset(&fs, 0, sizeof fs);
	while ((ch = getopt_long(argc, argv, ":qf", longopts, NULL)) != -1) {
		switch (ch) {
		case 'q':
			fs.quiet = 1;
			break;
		case 'f':
			opts.force = 1;
			break;
		default:
			return cli_usage("fetch", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (cli_store(cli) == -1)
		return CLI_FAILURE;
	/* The server's feeds come by sync; a failed one stops nothing. */
	if (optind >= argc && sync_enabled(cli->conf))
		sync_rc = cli_sync(cli, fs.quiet, 0, 0, 0);
	if (optind < argc) {
		for (j = optind; j < argc; j++) {
			if (store_source_find(cli->store, argv[j], &s,
			    &cause) == -1)
				goto fail;
			if (s == NULL) {
				cli_error(_("no source %s"), argv[j]);
				goto out;
			}
			v = xreallocarray(v, n + 1, sizeof *v);
			v[n++] = s;
		}
	} else if (store_source_list(cli->store, &v, &n, &cause) == -1)
		goto fail;

	force = opts.force;
	refresh_opts_init(&opts, cli->conf, cli->paths.sources_file);
	opts.force = force;
	if ((fs.refresh = refresh_new(cli->store, &opts, source_done, &fs,
	    &cause)) == NULL)
		goto fail;
	fs.bar = !fs.quiet && isatty(STDERR_FILENO);
	for (i = 0; i < n; i++) {
		/* Sources dropped from the file keep articles, not fetches. */
		if (!v[i]->in_file && optind >= argc)
			continue;
		refresh_add(fs.refresh, v[i]);
	}
	while (refresh_pending(fs.refresh) > 0) {
		refresh_poll(fs.refresh, 200, -1);
		if (fs.bar)
			bar_draw(&fs);
	}
	bar_clear(&fs);
	refresh_progress(fs.refresh, &p);
	human_bytes(p.bytes, bytes, sizeof bytes);
	if (!fs.quiet || fs.failed > 0) {
		fprintf(fs.quiet ? stderr : stdout,
		    _("fetched %u sources: %u new articles, %u unchanged, "
		    "%u skipped, %u failed, %s\n"), p.total, p.new_articles,
		    fs.unchanged, fs.skipped, fs.failed, bytes);
	}
	if (p.total == 0 && optind >= argc && !fs.quiet &&
	    !sync_enabled(cli->conf))
		printf(_("No sources to fetch: add one with 'pundit add URL', "
		    "or start from a curated list with 'pundit init'.\n"));
	rc = fs.failed > 0 || sync_rc != CLI_OK ? CLI_FAILURE : CLI_OK;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	refresh_free(&fs.refresh);
	store_source_list_free(&v, n);
	return rc;
}
