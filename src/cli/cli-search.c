/* cli-search.c - pundit search, searches, tag and tags. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "search.h"
#include "text.h"

/* Hits shown when no --limit is given. */
#define SEARCH_DEFAULT_LIMIT 20
/* Longest tag name accepted by pundit tag, in bytes. */
#define TAG_MAX 100

struct search_state {
	struct cli	*cli;
	int		 json;
	int		 columns;
	long		 count;
};

/* A snippet for people: marks as plain brackets, then sanitised. */
static char *
snippet_plain(const char *s)
{
	char *copy, *p, *clean;

	copy = xstrdup(s != NULL ? s : "");
	for (p = copy; *p != '\0'; p++) {
		if (*p == SEARCH_MARK_OPEN)
			*p = '[';
		else if (*p == SEARCH_MARK_CLOSE)
			*p = ']';
	}
	clean = text_sanitize(copy, strlen(copy), TEXT_ONELINE);
	free(copy);
	return clean;
}

/* Article tags, then the tags of its source not among them. */
static void
json_tags(struct buf *b, const struct article *a)
{
	char **tags = cli_article_tags(a);

	cli_json_strv(b, "tags", tags);
	util_strv_free(&tags);
}

static int
search_one(const struct article *a, const char *snippet, void *arg)
{
	struct search_state *ss = arg;
	struct buf b = BUF_INIT;
	char *snip;

	ss->count++;
	snip = snippet_plain(snippet);
	if (ss->json) {
		buf_addf(&b, "{\"id\":%lld", (long long)a->id);
		cli_json_str(&b, "source", a->source_title);
		cli_json_str(&b, "source_url", a->source_url);
		cli_json_str(&b, "title", a->title);
		cli_json_str(&b, "url", a->url);
		cli_json_str(&b, "author", a->author);
		cli_json_time(&b, "published", a->published);
		buf_addf(&b, ",\"read\":%s,\"starred\":%s",
		    a->read ? "true" : "false", a->starred ? "true" : "false");
		json_tags(&b, a);
		cli_json_str(&b, "snippet", snip);
		buf_adds(&b, "}\n");
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		free(snip);
		return 0;
	}
	cli_article_line(ss->cli, a, ss->columns);
	if (*snip != '\0')
		printf("       %s\n", snip);
	free(snip);
	return 0;
}

/* Options of search: --name value or --name=value. */
static const char *
search_optarg(int argc, char **argv, int *i, const char *name, int *missing)
{
	size_t n = strlen(name);

	*missing = 0;
	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc) {
		*missing = 1;
		return NULL;
	}
	return argv[++*i];
}

static int
search_fail(char *cause)
{
	cli_error("%s", cause);
	free(cause);
	return CLI_FAILURE;
}

int
cli_cmd_search(struct cli *cli, int argc, char **argv)
{
	static const char *const valued[] = {
		"--limit", "--save", "--saved", "--forget",
	};
	const char *vals[NITEMS(valued)] = { NULL }, *v;
	struct search_state ss;
	struct search_query *q = NULL;
	struct buf text = BUF_INIT;
	char *cause = NULL, *saved = NULL;
	long long limit = SEARCH_DEFAULT_LIMIT;
	size_t k;
	int i, json = 0, missing, rc, replaced, opts = 1;

	/* Words may start with "-" (exclusions): only "--" options here. */
	for (i = 1; i < argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0) {
			opts = 0;
			continue;
		}
		if (opts && strcmp(argv[i], "--json") == 0) {
			json = 1;
			continue;
		}
		for (k = 0, v = NULL; opts && k < NITEMS(valued); k++) {
			v = search_optarg(argc, argv, &i, valued[k], &missing);
			if (missing) {
				buf_free(&text);
				return cli_usage("search", _("option %s needs "
				    "an argument"), valued[k]);
			}
			if (v != NULL)
				break;
		}
		if (v != NULL) {
			vals[k] = v;
			continue;
		}
		if (opts && strncmp(argv[i], "--", 2) == 0) {
			buf_free(&text);
			return cli_usage("search", _("unknown option: %s"),
			    argv[i]);
		}
		if (text.len > 0)
			buf_addc(&text, ' ');
		buf_adds(&text, argv[i]);
	}
	if (vals[0] != NULL && util_parse_int(vals[0], 0, 1000000000,
	    &limit) == -1) {
		buf_free(&text);
		return cli_usage("search", _("--limit needs a number, not "
		    "\"%s\""), vals[0]);
	}
	/* Only --save and --forget write. */
	if ((vals[1] != NULL || vals[3] != NULL ? cli_store(cli) :
	    cli_store_read(cli)) == -1) {
		buf_free(&text);
		return CLI_FAILURE;
	}
	if (vals[3] != NULL) {
		buf_free(&text);
		if (search_saved_remove(cli->store, vals[3], &cause) != 0)
			return search_fail(cause);
		return CLI_OK;
	}
	if (vals[1] != NULL) {
		rc = search_saved_put(cli->store, vals[1], buf_str(&text),
		    &replaced, &cause);
		buf_free(&text);
		if (rc != 0) {
			rc = cli_usage("search", "%s", cause);
			free(cause);
			return rc;
		}
		printf(replaced ? _("saved search %s replaced\n") :
		    _("saved search %s\n"), vals[1]);
		return CLI_OK;
	}
	if (vals[2] != NULL) {
		if (text.len > 0) {
			buf_free(&text);
			return cli_usage("search", _("--saved takes no query "
			    "words"));
		}
		if (search_saved_get(cli->store, vals[2], &saved,
		    &cause) != 0)
			return search_fail(cause);
		if (saved == NULL) {
			cli_error(_("no saved search %s"), vals[2]);
			return CLI_FAILURE;
		}
		buf_adds(&text, saved);
		free(saved);
	}
	rc = search_parse(buf_str(&text), text.len, &q, &cause);
	buf_free(&text);
	if (rc != 0) {
		rc = cli_usage("search", "%s", cause);
		free(cause);
		return rc;
	}
	memset(&ss, 0, sizeof ss);
	ss.cli = cli;
	ss.json = json;
	ss.columns = cli_columns();
	rc = search_each(cli->store, q, (long)limit, 0,
	    ss.columns > 20 ? ss.columns * 2 - 16 : 140, search_one, &ss,
	    &cause);
	search_query_free(&q);
	if (rc != 0)
		return search_fail(cause);
	if (ss.count == 0 && !json && isatty(STDOUT_FILENO))
		printf("%s\n", _("No articles match."));
	return CLI_OK;
}

int
cli_cmd_searches(struct cli *cli, int argc, char **argv)
{
	struct search_saved *v;
	struct buf b = BUF_INIT;
	char *cause = NULL, *name, *query;
	size_t n, i;
	int json = 0, tsv = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--tsv") == 0)
			tsv = 1;
		else
			return cli_usage("searches", _("unexpected argument: "
			    "%s"), argv[i]);
	}
	if (json && tsv)
		return cli_usage("searches", _("--json and --tsv do not go "
		    "together"));
	if (cli_store_read(cli) == -1)
		return CLI_FAILURE;
	if (search_saved_list(cli->store, &v, &n, &cause) != 0)
		return search_fail(cause);
	for (i = 0; i < n; i++) {
		if (json) {
			buf_reset(&b);
			buf_adds(&b, "{\"name\":");
			text_json_quote(&b, v[i].name);
			cli_json_str(&b, "query", v[i].query);
			buf_addf(&b, ",\"articles\":%ld,\"unread\":%ld}\n",
			    v[i].n_articles, v[i].n_unread);
			fputs(buf_str(&b), stdout);
			continue;
		}
		name = text_sanitize(v[i].name, strlen(v[i].name),
		    TEXT_ONELINE);
		query = text_sanitize(v[i].query, strlen(v[i].query),
		    TEXT_ONELINE);
		if (tsv)	/* name, query, articles, unread */
			printf("%s\t%s\t%ld\t%ld\n", name, query,
			    v[i].n_articles, v[i].n_unread);
		else
			printf("%6ld %6ld  %s  %s\n", v[i].n_articles,
			    v[i].n_unread, name, query);
		free(name);
		free(query);
	}
	buf_free(&b);
	search_saved_list_free(&v, n);
	return CLI_OK;
}

/* A tag as typed: valid UTF-8, no spaces or controls, not too long. */
static int
tag_valid(const char *tag)
{
	char *clean;
	int ok;

	if (*tag == '\0' || strlen(tag) > TAG_MAX ||
	    !text_utf8_valid(tag, strlen(tag)))
		return 0;
	clean = text_sanitize(tag, strlen(tag), TEXT_ONELINE);
	ok = strcmp(clean, tag) == 0 && strchr(tag, ' ') == NULL;
	free(clean);
	return ok;
}

int
cli_cmd_tag(struct cli *cli, int argc, char **argv)
{
	struct article *a = NULL;
	char **add = NULL, **remove = NULL, *cause = NULL;
	long long id;
	size_t i;
	int rc = CLI_USAGE;

	if (argc < 3)
		return cli_usage("tag", _("tag needs an article ID and +TAG "
		    "or -TAG"));
	if (cli_parse_id(argv[1], &id) == -1)
		return cli_usage("tag", _("not an article ID: %s"), argv[1]);
	for (i = 2; i < (size_t)argc; i++) {
		if ((argv[i][0] != '+' && argv[i][0] != '-') ||
		    !tag_valid(argv[i] + 1)) {
			cli_usage("tag", _("not +TAG or -TAG (a tag has no "
			    "spaces): %s"), argv[i]);
			goto out;
		}
		util_strv_add(argv[i][0] == '+' ? &add : &remove, argv[i] + 1);
	}
	rc = CLI_FAILURE;
	if (cli_store(cli) == -1)
		goto out;
	if (store_article_tag(cli->store, id, add, remove, &cause) != 0 ||
	    store_article_get(cli->store, id, &a, &cause) != 0) {
		cli_error("%s", cause);
		free(cause);
		goto out;
	}
	printf(_("article %lld tags:"), id);
	for (i = 0; a != NULL && a->tags != NULL && a->tags[i] != NULL; i++) {
		putchar(' ');
		cli_puts(stdout, a->tags[i], TEXT_ONELINE);
	}
	putchar('\n');
	article_free(&a);
	rc = CLI_OK;
out:
	util_strv_free(&add);
	util_strv_free(&remove);
	return rc;
}

int
cli_cmd_tags(struct cli *cli, int argc, char **argv)
{
	struct store_tag *v;
	struct buf b = BUF_INIT;
	char *cause = NULL;
	size_t n, i;
	int json = 0, tsv = 0;

	for (i = 1; i < (size_t)argc; i++) {
		if (strcmp(argv[i], "--json") == 0)
			json = 1;
		else if (strcmp(argv[i], "--tsv") == 0)
			tsv = 1;
		else
			return cli_usage("tags", _("unexpected argument: %s"),
			    argv[i]);
	}
	if (json && tsv)
		return cli_usage("tags", _("--json and --tsv do not go "
		    "together"));
	if (cli_store_read(cli) == -1)
		return CLI_FAILURE;
	if (store_tag_list(cli->store, &v, &n, &cause) != 0)
		return search_fail(cause);
	for (i = 0; i < n; i++) {
		if (json) {
			buf_reset(&b);
			buf_adds(&b, "{\"tag\":");
			text_json_quote(&b, v[i].name);
			buf_addf(&b, ",\"articles\":%ld,\"unread\":%ld}\n",
			    v[i].n_articles, v[i].n_unread);
			fputs(buf_str(&b), stdout);
			continue;
		}
		if (tsv) {
			/* tag, articles, unread: for scripts, completions */
			cli_puts(stdout, v[i].name, TEXT_ONELINE);
			printf("\t%ld\t%ld\n", v[i].n_articles,
			    v[i].n_unread);
			continue;
		}
		printf("%6ld %6ld  ", v[i].n_articles, v[i].n_unread);
		cli_puts(stdout, v[i].name, TEXT_ONELINE);
		putchar('\n');
	}
	buf_free(&b);
	store_tag_list_free(&v, n);
	return CLI_OK;
}
