/* cli-import.c - pundit import (OPML, newsboat urls) and export (OPML). */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "newsboat.h"
#include "opml.h"
#include "search.h"
#include "sources.h"
#include "text.h"

/* Largest file import reads, in bytes. */
#define IMPORT_MAX	(32 * 1024 * 1024)

/* Read all of path ("-": standard input) into b. */
static int
import_read(const char *path, struct buf *b, char **cause)
{
	char chunk[65536];
	size_t n;
	FILE *f;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "r")) == NULL)
		return set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0) {
		buf_add(b, chunk, n);
		if (b->len > IMPORT_MAX) {
			if (f != stdin)
				fclose(f);
			return set_cause(cause, _("cannot import %s: larger "
			    "than %d MiB"), path, IMPORT_MAX / 1024 / 1024);
		}
	}
	if (ferror(f)) {
		set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(errno));
		if (f != stdin)
			fclose(f);
		return -1;
	}
	if (f != stdin)
		fclose(f);
	return 0;
}

/* Whether the bytes are XML: "<" after a BOM and blank space. */
static int
import_is_xml(const char *s, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		i = 3;
	else if (len >= 2 && ((unsigned char)s[0] == 0xfe ||
	    (unsigned char)s[0] == 0xff))
		return 1;	/* UTF-16 */
	while (i < len && (s[i] == ' ' || s[i] == '\t' || s[i] == '\r' ||
	    s[i] == '\n'))
		i++;
	return i < len && s[i] == '<';
}

static void
import_note(const char *msg)
{
	fflush(stdout);
	fputs("pundit: ", stderr);
	cli_puts(stderr, msg, TEXT_ONELINE);
	fputc('\n', stderr);
}

int
cli_cmd_import(struct cli *cli, int argc, char **argv)
{
	struct newsboat_urls u;
	struct sources_merge_count count;
	struct search_query *q;
	struct buf in = BUF_INIT;
	const char *path = NULL, *name;
	char *cause = NULL, *old, *msg;
	size_t i, saved = 0, present_searches = 0, skipped;
	int dry_run = 0, rc = CLI_FAILURE, opts = 1;

	for (i = 1; i < (size_t)argc; i++) {
		if (opts && strcmp(argv[i], "--dry-run") == 0)
			dry_run = 1;
		else if (opts && strcmp(argv[i], "--") == 0)
			opts = 0;
		else if (opts && argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage("import", _("unknown option: %s"),
			    argv[i]);
		else if (path == NULL)
			path = argv[i];
		else
			return cli_usage("import", _("unexpected argument: "
			    "%s"), argv[i]);
	}
	if (path == NULL)
		return cli_usage("import", _("import needs a file (or - for "
		    "standard input)"));
	name = strcmp(path, "-") == 0 ? "stdin" : path;
	if (import_read(path, &in, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		buf_free(&in);
		return CLI_FAILURE;
	}

	/* Parse all of it first: a bad file changes nothing. */
	memset(&u, 0, sizeof u);
	if (import_is_xml(in.data != NULL ? in.data : "", in.len)) {
		if (opml_parse(buf_str(&in), in.len, name, &u.sources,
		    &u.skipped, &cause) == -1)
			goto fail;
	} else if (newsboat_parse(buf_str(&in), in.len, name, &u,
	    &cause) == -1)
		goto fail;
	buf_free(&in);

	/* Queries that translate but that pundit's search still refuses. */
	for (i = 0; i < u.nqueries; i++) {
		if (search_parse(u.queries[i].query, strlen(u.queries[i].query),
		    &q, &cause) == 0) {
			search_query_free(&q);
			continue;
		}
		msg = xasprintf(_("%s:%d: query \"%s\" not imported: %s"),
		    name, u.queries[i].line, u.queries[i].name, cause);
		util_strv_add(&u.skipped, msg);
		free(msg);
		free(cause);
		cause = NULL;
		free(u.queries[i].query);
		u.queries[i].query = NULL;
	}

	if (sources_merge(cli->paths.sources_file, u.sources.v, u.sources.n,
	    dry_run, &count, &cause) == -1)
		goto fail;
	if (!dry_run && cli_store(cli) == -1)
		goto out;
	for (i = 0; i < u.nqueries; i++) {
		if (u.queries[i].query == NULL)
			continue;
		if (dry_run) {
			saved++;
			continue;
		}
		if (search_saved_get(cli->store, u.queries[i].name, &old,
		    &cause) == -1)
			goto fail;
		if (old != NULL && strcmp(old, u.queries[i].query) == 0)
			present_searches++;
		else if (old != NULL) {
			msg = xasprintf(_("%s:%d: query \"%s\" not imported: a "
			    "saved search of that name exists (%s)"), name,
			    u.queries[i].line, u.queries[i].name, old);
			util_strv_add(&u.skipped, msg);
			free(msg);
		} else if (search_saved_put(cli->store, u.queries[i].name,
		    u.queries[i].query, NULL, &cause) == -1) {
			free(old);
			goto fail;
		} else
			saved++;
		free(old);
	}

	for (i = 0; u.skipped != NULL && u.skipped[i] != NULL; i++)
		import_note(u.skipped[i]);
	skipped = i;
	/* TRANSLATORS: the summary of pundit import. */
	printf(_("%zu added, %zu already present, %zu saved searches, "
	    "%zu skipped\n"), count.added, count.present + present_searches,
	    saved, skipped);
	if (count.retagged > 0)
		printf(_("%zu sources already present got new tags\n"),
		    count.retagged);
	if (dry_run)
		printf("%s\n", _("dry run: nothing was written"));
	rc = CLI_OK;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	buf_free(&in);
	newsboat_urls_free(&u);
	return rc;
}

/* Write the document to path ("-" or NULL: standard output). */
static int
export_write(const char *path, const char *doc, char **cause)
{
	FILE *f;
	size_t len = strlen(doc);

	if (path == NULL || strcmp(path, "-") == 0) {
		if (fwrite(doc, 1, len, stdout) != len)
			return set_cause(cause, _("cannot write output: %s"),
			    strerror(errno));
		return 0;
	}
	if ((f = fopen(path, "w")) == NULL)
		return set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
	if (fwrite(doc, 1, len, f) != len) {
		set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
		fclose(f);
		return -1;
	}
	if (fclose(f) == EOF)
		return set_cause(cause, _("cannot write %s: %s"), path,
		    strerror(errno));
	return 0;
}

int
cli_cmd_export(struct cli *cli, int argc, char **argv)
{
	struct sources_list list;
	struct source *known;
	const char *path = NULL;
	char *cause = NULL, **errors = NULL, *doc;
	size_t i;
	int rc = CLI_FAILURE, opts = 1;

	for (i = 1; i < (size_t)argc; i++) {
		if (opts && strcmp(argv[i], "--") == 0)
			opts = 0;
		else if (opts && argv[i][0] == '-' && argv[i][1] != '\0')
			return cli_usage("export", _("unknown option: %s"),
			    argv[i]);
		else if (path == NULL)
			path = argv[i];
		else
			return cli_usage("export", _("unexpected argument: "
			    "%s"), argv[i]);
	}
	if (sources_load(cli->paths.sources_file, &list, &errors,
	    &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		import_note(errors[i]);
	util_strv_free(&errors);
	/* The cache knows the feeds' own titles and sites. */
	if (cli_store(cli) == -1)
		goto out;
	for (i = 0; i < list.n; i++) {
		if (store_source_find(cli->store, list.v[i]->url, &known,
		    &cause) == -1) {
			cli_error("%s", cause);
			free(cause);
			goto out;
		}
		if (known == NULL)
			continue;
		list.v[i]->title = known->title;
		known->title = NULL;
		list.v[i]->site_url = known->site_url;
		known->site_url = NULL;
		source_free(&known);
	}
	doc = opml_format(list.v, list.n, _("pundit sources"), time(NULL));
	if (export_write(path, doc, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
	} else {
		rc = CLI_OK;
		if (path != NULL && strcmp(path, "-") != 0)
			printf(_("exported %zu sources to %s\n"), list.n, path);
	}
	free(doc);
out:
	sources_list_free(&list);
	return rc;
}
