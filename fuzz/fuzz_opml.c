/* fuzz_opml.c - libFuzzer target for OPML and newsboat urls import. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "newsboat.h"
#include "opml.h"
#include "sources.h"
#include "util.h"

int LLVMFuzzerTestOneInput(const uint8_t *, size_t);

static int
same_str(const char *a, const char *b)
{
	if (a == NULL || b == NULL)
		return a == b;
	return strcmp(a, b) == 0;
}

/* Whether export then import keeps the tags (a comma splits one). */
static int
tags_survive(char **tags)
{
	for (; tags != NULL && *tags != NULL; tags++)
		if (strchr(*tags, ',') != NULL || **tags == '/')
			return 0;
	return 1;
}

/* Each source read is valid, and export then import gives it back. */
static void
check(const struct sources_import *imp)
{
	const struct sources_list *list = &imp->list;
	struct sources_import again;
	const struct source *s, *t;
	char *doc, *line;
	size_t i, j;

	for (i = 0; i < list->n; i++) {
		s = list->v[i];
		if (sources_url_valid(s->url, NULL) != 0)
			abort();
		line = sources_format(s);
		free(line);
	}
	for (i = 1; i < list->nqueries; i++)
		if (imp->at[i] < imp->at[i - 1] || imp->at[i] > list->n)
			abort();
	doc = opml_format(imp, "fuzz", 1);
	if (opml_parse(doc, strlen(doc), "again", &again, NULL) != 0 ||
	    again.skipped != NULL)
		abort();
	if (again.list.n != list->n || again.list.nqueries != list->nqueries)
		abort();
	for (i = 0; i < list->n; i++) {
		s = list->v[i];
		t = again.list.v[i];
		if (!same_str(s->url, t->url) || s->kind != t->kind ||
		    !same_str(s->name, t->name) ||
		    !same_str(s->xpath, t->xpath) ||
		    s->fulltext != t->fulltext)
			abort();
		if (!tags_survive(s->tags))
			continue;
		if (util_strv_len(s->tags) != util_strv_len(t->tags))
			abort();
		for (j = 0; s->tags != NULL && s->tags[j] != NULL; j++)
			if (strcmp(s->tags[j], t->tags[j]) != 0)
				abort();
	}
	for (i = 0; i < list->nqueries; i++)
		if (strcmp(list->queries[i].name, again.list.queries[i].name)
		    != 0 || strcmp(list->queries[i].query,
		    again.list.queries[i].query) != 0 ||
		    imp->at[i] != again.at[i])
			abort();
	sources_import_free(&again);
	free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sources_import imp;
	char *cause = NULL, *text;

	if (opml_parse((const char *)data, len, "fuzz", &imp, &cause) == 0) {
		check(&imp);
		sources_import_free(&imp);
	}
	free(cause);
	cause = NULL;

	if (newsboat_parse((const char *)data, len, "fuzz", &imp,
	    &cause) == 0) {
		check(&imp);
		sources_import_free(&imp);
	}
	free(cause);
	cause = NULL;

	/* The input as one filter expression. */
	text = xstrndup((const char *)data, len);
	free(newsboat_filter(text, &cause));
	free(cause);
	free(text);
	return 0;
}
