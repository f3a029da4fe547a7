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
check(const struct sources_list *list)
{
	struct sources_list again;
	const struct source *s, *t;
	char **skipped = NULL, *doc, *line;
	size_t i, j;

	for (i = 0; i < list->n; i++) {
		s = list->v[i];
		if (sources_url_valid(s->url, NULL) != 0)
			abort();
		line = sources_format(s);
		free(line);
	}
	doc = opml_format(list->v, list->n, "fuzz", 1);
	if (opml_parse(doc, strlen(doc), "again", &again, &skipped,
	    NULL) != 0 || skipped != NULL)
		abort();
	if (again.n != list->n)
		abort();
	for (i = 0; i < list->n; i++) {
		s = list->v[i];
		t = again.v[i];
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
	sources_list_free(&again);
	free(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sources_list list;
	struct newsboat_urls u;
	char **skipped = NULL, *cause = NULL, *text;

	if (opml_parse((const char *)data, len, "fuzz", &list, &skipped,
	    &cause) == 0) {
		check(&list);
		sources_list_free(&list);
	}
	util_strv_free(&skipped);
	free(cause);
	cause = NULL;

	if (newsboat_parse((const char *)data, len, "fuzz", &u, &cause) == 0) {
		check(&u.sources);
		newsboat_urls_free(&u);
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
