/* fuzz_sources.c - libFuzzer target for the sources file. */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "model.h"
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

/* Each source written back by sources_format reads as the same source. */
static void
round_trip(const struct source *s)
{
	struct sources_list again;
	const struct source *t;
	char **errors = NULL, *line, *cause = NULL;
	size_t i, n;

	if (sources_url_valid(s->url, &cause) != 0)
		abort();
	line = sources_format(s);
	sources_parse(line, strlen(line), "again", &again, &errors);
	if (errors != NULL || again.n != 1)
		abort();
	t = again.v[0];
	if (t->kind != s->kind || !same_str(t->url, s->url) ||
	    !same_str(t->xpath, s->xpath) || t->fulltext != s->fulltext)
		abort();
	if (!same_str(t->name, s->name) &&
	    !(s->name != NULL && *s->name == '\0' && t->name == NULL))
		abort();
	n = util_strv_len(s->tags);
	if (util_strv_len(t->tags) != n)
		abort();
	for (i = 0; i < n; i++)
		if (strcmp(s->tags[i], t->tags[i]) != 0)
			abort();
	sources_list_free(&again);
	free(line);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t len)
{
	struct sources_list list;
	char **errors = NULL;
	size_t i;

	sources_parse((const char *)data, len, "fuzz", &list, &errors);
	for (i = 0; i < list.n; i++)
		round_trip(list.v[i]);
	/* Every problem names the file and the line. */
	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		if (strncmp(errors[i], "fuzz:", 5) != 0)
			abort();
	util_strv_free(&errors);
	sources_list_free(&list);
	return 0;
}
