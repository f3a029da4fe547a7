/* cli-json.c - the JSON fields every --json output is made of. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "cli-int.h"
#include "text.h"

void
cli_json_str(struct buf *b, const char *name, const char *value)
{
	buf_addf(b, ",\"%s\":", name);
	if (value != NULL)
		text_json_quote(b, value);
	else
		buf_adds(b, "null");
}

void
cli_json_time(struct buf *b, const char *name, time_t t)
{
	char date[32];

	if (t == 0) {
		buf_addf(b, ",\"%s\":null", name);
		return;
	}
	util_rfc3339(t, date, sizeof date);
	buf_addf(b, ",\"%s\":\"%s\"", name, date);
}

void
cli_json_strv(struct buf *b, const char *name, char *const *v)
{
	size_t i;

	buf_addf(b, ",\"%s\":[", name);
	for (i = 0; v != NULL && v[i] != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		text_json_quote(b, v[i]);
	}
	buf_addc(b, ']');
}

char **
cli_article_tags(const struct article *a)
{
	char **v = NULL;
	size_t i, j;

	for (i = 0; a->tags != NULL && a->tags[i] != NULL; i++)
		util_strv_add(&v, a->tags[i]);
	for (i = 0; a->source_tags != NULL && a->source_tags[i] != NULL; i++) {
		for (j = 0; v != NULL && v[j] != NULL; j++)
			if (strcmp(v[j], a->source_tags[i]) == 0)
				break;
		if (v == NULL || v[j] == NULL)
			util_strv_add(&v, a->source_tags[i]);
	}
	return v;
}
