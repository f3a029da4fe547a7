/* cli-sources.c - pundit add, remove and sources. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "search.h"
#include "sources.h"
#include "text.h"

int
cli_cmd_add(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "html", no_argument, NULL, 'H' },
		{ "xpath", required_argument, NULL, 'x' },
		{ "no-fulltext", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 },
	};
	struct source *s, *old = NULL;
	const char *name = NULL, *xpath = NULL;
	char *cause = NULL, *clean;
	int ch, html = 0, fulltext = 1, i, rc = CLI_FAILURE;

	while ((ch = getopt_long(argc, argv, ":n:Hx:F", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'n':
			name = optarg;
			break;
		case 'H':
			html = 1;
			break;
		case 'x':
			xpath = optarg;
			break;
		case 'F':
			fulltext = 0;
			break;
		case ':':
			return cli_usage("add", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage("add", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("add", _("add needs a URL"));
	if (sources_url_valid(argv[optind], &cause) == -1) {
		i = cli_usage("add", "%s", cause);
		free(cause);
		return i;
	}
	if (!html && xpath != NULL)
		return cli_usage("add", _("--xpath is only for html sources"));

	s = source_new(argv[optind]);
	s->kind = html ? SOURCE_HTML : SOURCE_FEED;
	s->in_file = 1;
	s->fulltext = fulltext;
	if (xpath != NULL)
		s->xpath = xstrdup(xpath);
	if (name != NULL) {
		clean = text_sanitize(name, strlen(name), TEXT_ONELINE);
		s->name = clean;
	}
	for (i = optind + 1; i < argc; i++) {
		clean = text_sanitize(argv[i], strlen(argv[i]), TEXT_ONELINE);
		if (*clean != '\0' && strchr(clean, '=') == NULL &&
		    clean[0] != '~' && clean[0] != '!')
			util_strv_add(&s->tags, clean);
		else {
			rc = cli_usage("add", _("not a valid tag: %s"),
			    argv[i]);
			free(clean);
			goto out;
		}
		free(clean);
	}

	if (cli_store(cli) == -1)
		goto out;
	if (store_source_find(cli->store, s->url, &old, &cause) == -1)
		goto fail;
	if (old != NULL && old->in_file) {
		cli_error(_("source %s is already in %s"), s->url,
		    cli->paths.sources_file);
		goto out;
	}
	if (sources_append(cli->paths.sources_file, s, &cause) == -1)
		goto fail;
	if (store_source_put(cli->store, s, &cause) == -1)
		goto fail;
	printf(_("added source %lld: %s\n"), (long long)s->id, s->url);
	rc = CLI_OK;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	source_free(&old);
	source_free(&s);
	return rc;
}

int
cli_cmd_remove(struct cli *cli, int argc, char **argv)
{
	struct source *s = NULL;
	char *cause = NULL;
	int found, rc = CLI_FAILURE;

	if (argc != 2)
		return cli_usage("remove", _("remove needs one source"));
	if (cli_store(cli) == -1)
		return CLI_FAILURE;
	if (store_source_find(cli->store, argv[1], &s, &cause) == -1)
		goto fail;
	if (s == NULL) {
		cli_error(_("no source %s"), argv[1]);
		return CLI_FAILURE;
	}
	if (sources_remove(cli->paths.sources_file, s->url, &found,
	    &cause) == -1)
		goto fail;
	if (store_source_remove(cli->store, s->id, &cause) == -1)
		goto fail;
	printf(_("removed source %lld: %s\n"), (long long)s->id, s->url);
	rc = CLI_OK;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	source_free(&s);
	return rc;
}

static void
json_tags(struct buf *b, char **tags)
{
	size_t i;

	buf_addc(b, '[');
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		text_json_quote(b, tags[i]);
	}
	buf_addc(b, ']');
}

static void
source_json(const struct source *s)
{
	struct buf b = BUF_INIT;
	char date[32];

	buf_addf(&b, "{\"id\":%lld,\"url\":", (long long)s->id);
	text_json_quote(&b, s->url);
	buf_adds(&b, ",\"name\":");
	text_json_quote(&b, source_display_name(s));
	buf_addf(&b, ",\"kind\":\"%s\",\"tags\":",
	    s->kind == SOURCE_HTML ? "html" : "feed");
	json_tags(&b, s->tags);
	buf_addf(&b, ",\"in_file\":%s,\"articles\":%ld,\"unread\":%ld,"
	    "\"last_fetch\":", s->in_file ? "true" : "false", s->n_articles,
	    s->n_unread);
	if (s->last_fetch != 0) {
		util_rfc3339(s->last_fetch, date, sizeof date);
		buf_addf(&b, "\"%s\"", date);
	} else
		buf_adds(&b, "null");
	buf_addf(&b, ",\"last_status\":%d,\"last_error\":", s->last_status);
	if (s->last_error != NULL)
		text_json_quote(&b, s->last_error);
	else
		buf_adds(&b, "null");
	buf_adds(&b, "}\n");
	fputs(buf_str(&b), stdout);
	buf_free(&b);
}

/* One line, tab-separated, for scripts and the shell completions: id,
   URL, name, kind, tags (separated by spaces), articles, unread. */
static void
source_tsv(const struct source *s)
{
	size_t i;

	printf("%lld\t", (long long)s->id);
	cli_puts(stdout, s->url, TEXT_ONELINE);
	putchar('\t');
	cli_puts(stdout, source_display_name(s), TEXT_ONELINE);
	printf("\t%s\t", s->kind == SOURCE_HTML ? "html" : "feed");
	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++) {
		if (i > 0)
			putchar(' ');
		cli_puts(stdout, s->tags[i], TEXT_ONELINE);
	}
	printf("\t%ld\t%ld\n", s->n_articles, s->n_unread);
}

static void
source_plain(const struct cli *cli, const struct source *s)
{
	char date[128];
	size_t i;

	printf("%4lld  ", (long long)s->id);
	cli_puts(stdout, source_display_name(s), TEXT_ONELINE);
	printf("  ");
	printf(P_("(%ld article, ", "(%ld articles, ", s->n_articles),
	    s->n_articles);
	printf(P_("%ld unread)", "%ld unread)", s->n_unread), s->n_unread);
	if (!s->in_file)
		printf("  %s", _("[not in the sources file]"));
	printf("\n      ");
	cli_puts(stdout, s->url, TEXT_ONELINE);
	if (s->kind == SOURCE_HTML)
		printf("  (html)");
	printf("\n");
	if (s->tags != NULL) {
		printf("      %s", _("tags:"));
		for (i = 0; s->tags[i] != NULL; i++) {
			putchar(' ');
			cli_puts(stdout, s->tags[i], TEXT_ONELINE);
		}
		printf("\n");
	}
	cli_date(cli, s->last_fetch, date, sizeof date);
	printf("      %s %s\n", _("last fetch:"),
	    s->last_fetch != 0 ? date : _("never"));
	if (s->last_error != NULL) {
		printf("      %s ", _("last error:"));
		cli_puts(stdout, s->last_error, TEXT_ONELINE);
		printf("\n");
	}
}

/* A saved search, listed after the sources as a source of its own. */
static void
search_source(const struct search_saved *s, int json, int tsv)
{
	struct buf b = BUF_INIT;

	if (json) {
		buf_adds(&b, "{\"id\":null,\"url\":null,\"name\":");
		text_json_quote(&b, s->name);
		buf_adds(&b, ",\"kind\":\"search\",\"query\":");
		text_json_quote(&b, s->query);
		buf_addf(&b, ",\"in_file\":%s,\"articles\":%ld,"
		    "\"unread\":%ld}\n", s->in_file ? "true" : "false",
		    s->n_articles, s->n_unread);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		return;
	}
	if (tsv) {	/* no id, no URL, no tags */
		printf("\t\t");
		cli_puts(stdout, s->name, TEXT_ONELINE);
		printf("\tsearch\t\t%ld\t%ld\n", s->n_articles, s->n_unread);
		return;
	}
	printf("   /  ");
	cli_puts(stdout, s->name, TEXT_ONELINE);
	printf("  ");
	if (s->n_articles >= 0) {
		printf(P_("(%ld article, ", "(%ld articles, ", s->n_articles),
		    s->n_articles);
		printf(P_("%ld unread)", "%ld unread)", s->n_unread),
		    s->n_unread);
	}
	printf("\n      %s ", _("search:"));
	cli_puts(stdout, s->query, TEXT_ONELINE);
	if (s->in_file)
		printf("  %s", _("[in the sources file]"));
	printf("\n");
}

int
cli_cmd_sources(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "tsv", no_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct source **v;
	struct search_saved *saved;
	char *cause = NULL;
	size_t n, i;
	int ch, json = 0, tsv = 0;

	while ((ch = getopt_long(argc, argv, ":", longopts, NULL)) != -1) {
		if (ch == 'j')
			json = 1;
		else if (ch == 't')
			tsv = 1;
		else
			return cli_usage("sources", _("unknown option: %s"),
			    argv[optind - 1]);
	}
	if (optind < argc)
		return cli_usage("sources", _("unexpected argument: %s"),
		    argv[optind]);
	if (json && tsv)
		return cli_usage("sources", _("--json and --tsv do not go "
		    "together"));
	if (cli_store_read(cli) == -1)
		return CLI_FAILURE;
	if (store_source_list(cli->store, &v, &n, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	if (n == 0 && !json && !tsv) {
		printf(_("No sources yet: add one with 'pundit add URL' or "
		    "edit %s.\n"), cli->paths.sources_file);
		printf(_("'pundit init' starts you with a curated list of "
		    "think tanks and commentary.\n"));
	}
	for (i = 0; i < n; i++) {
		if (json)
			source_json(v[i]);
		else if (tsv)
			source_tsv(v[i]);
		else
			source_plain(cli, v[i]);
	}
	store_source_list_free(&v, n);
	if (search_saved_list(cli->store, &saved, &n, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	for (i = 0; i < n; i++)
		search_source(&saved[i], json, tsv);
	search_saved_list_free(&saved, n);
	return CLI_OK;
}
