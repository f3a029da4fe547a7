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

/* Leave saved search i out of the import. */
static void
import_drop_query(struct sources_import *imp, size_t i)
{
	struct sources_list *list = &imp->list;

	free(list->queries[i].name);
	free(list->queries[i].query);
	memmove(&list->queries[i], &list->queries[i + 1],
	    (list->nqueries - i - 1) * sizeof *list->queries);
	memmove(&imp->at[i], &imp->at[i + 1],
	    (list->nqueries - i - 1) * sizeof *imp->at);
	list->nqueries--;
}

static void
import_skip(struct sources_import *imp, const char *name,
    const struct sources_query *q, const char *why)
{
	char *msg;

	msg = xasprintf(_("%s:%d: query \"%s\" not imported: %s"), name,
	    q->line, q->name, why);
	util_strv_add(&imp->skipped, msg);
	free(msg);
}

/*
 * Keep the saved searches to add: those that parse and that neither the
 * sources file nor the cache has under their name. Ones that have them
 * with the same query count as present.
 */
static int
import_queries(struct cli *cli, struct sources_import *imp, const char *name,
    int dry_run, size_t *present, char **cause)
{
	struct sources_list file;
	struct sources_query *q;
	struct search_query *sq;
	char *why = NULL, *old;
	const char *have;
	size_t i, j;

	if (sources_load(cli->paths.sources_file, &file, NULL, cause) == -1)
		return -1;
	for (i = 0; i < imp->list.nqueries;) {
		q = &imp->list.queries[i];
		if (search_parse(q->query, strlen(q->query), &sq, &why) != 0) {
			import_skip(imp, name, q, why);
			free(why);
			why = NULL;
			import_drop_query(imp, i);
			continue;
		}
		search_query_free(&sq);
		old = NULL;
		for (j = 0, have = NULL; j < file.nqueries; j++)
			if (strcmp(file.queries[j].name, q->name) == 0)
				have = file.queries[j].query;
		if (have == NULL && !dry_run) {
			if (search_saved_get(cli->store, q->name, &old,
			    cause) != 0) {
				sources_list_free(&file);
				return -1;
			}
			have = old;
		}
		if (have == NULL) {
			i++;
			continue;
		}
		if (strcmp(have, q->query) == 0)
			(*present)++;
		else {
			why = xasprintf(_("a saved search of that name exists "
			    "(%s)"), have);
			import_skip(imp, name, q, why);
			free(why);
			why = NULL;
		}
		free(old);
		import_drop_query(imp, i);
	}
	sources_list_free(&file);
	return 0;
}

/* The query lines of the sources file into the cache, now. */
static int
import_sync_searches(struct cli *cli, char **cause)
{
	struct sources_list file;
	int rc;

	if (sources_load(cli->paths.sources_file, &file, NULL, cause) == -1)
		return -1;
	rc = search_saved_sync(cli->store, file.queries, file.nqueries,
	    cli->paths.sources_file, NULL, cause);
	sources_list_free(&file);
	return rc;
}

int
cli_cmd_import(struct cli *cli, int argc, char **argv)
{
	struct sources_import imp;
	struct sources_merge_count count;
	struct buf in = BUF_INIT;
	const char *path = NULL, *name;
	char *cause = NULL;
	size_t i, present = 0, skipped;
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
	memset(&imp, 0, sizeof imp);
	if (import_is_xml(in.data != NULL ? in.data : "", in.len)) {
		if (opml_parse(buf_str(&in), in.len, name, &imp, &cause) == -1)
			goto fail;
	} else if (newsboat_parse(buf_str(&in), in.len, name, &imp,
	    &cause) == -1)
		goto fail;
	buf_free(&in);

	if (!dry_run && cli_store(cli) == -1)
		goto out;
	if (import_queries(cli, &imp, name, dry_run, &present, &cause) == -1)
		goto fail;
	/* One write: the sources, then the saved searches, in their order. */
	if (sources_merge(cli->paths.sources_file, &imp, dry_run, &count,
	    &cause) == -1)
		goto fail;
	if (!dry_run) {
		/* The cache takes in what the file has now. */
		store_close(&cli->store);
		if (cli_store(cli) == -1)
			goto out;
		if (count.queries > 0 && import_sync_searches(cli,
		    &cause) == -1)
			goto fail;
	}

	for (i = 0; imp.skipped != NULL && imp.skipped[i] != NULL; i++)
		import_note(imp.skipped[i]);
	skipped = i;
	/* TRANSLATORS: the summary of pundit import. */
	printf(_("%zu added, %zu already present, %zu saved searches, "
	    "%zu skipped\n"), count.added, count.present + present,
	    count.queries, skipped);
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
	sources_import_free(&imp);
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
	struct sources_import imp;
	struct sources_list *list = &imp.list;
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
	if (sources_import_load(cli->paths.sources_file, &imp, &errors,
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
	for (i = 0; i < list->n; i++) {
		if (store_source_find(cli->store, list->v[i]->url, &known,
		    &cause) == -1) {
			cli_error("%s", cause);
			free(cause);
			goto out;
		}
		if (known == NULL)
			continue;
		list->v[i]->title = known->title;
		known->title = NULL;
		list->v[i]->site_url = known->site_url;
		known->site_url = NULL;
		source_free(&known);
	}
	doc = opml_format(&imp, _("pundit sources"), time(NULL));
	if (export_write(path, doc, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
	} else {
		rc = CLI_OK;
		if (path != NULL && strcmp(path, "-") != 0)
			printf(_("exported %zu sources and %zu saved searches "
			    "to %s\n"), list->n, list->nqueries, path);
	}
	free(doc);
out:
	sources_import_free(&imp);
	return rc;
}
