/* store-tag.c - the tags in use: article tags and source tags, counted. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "store-int.h"
#include "util.h"

static const char tag_names_sql[] =
	"SELECT name FROM tag WHERE id IN (SELECT tag_id FROM article_tag)"
	" UNION SELECT tags FROM source WHERE tags IS NOT NULL";

static int
tag_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Add each name of a column value (one tag, or source tags joined). */
static void
tag_add_names(char ***v, size_t *n, const char *value)
{
	char **split;
	size_t i;

	split = store_tags_split(value);
	for (i = 0; split != NULL && split[i] != NULL; i++) {
		*v = xreallocarray(*v, *n + 1, sizeof **v);
		(*v)[(*n)++] = xstrdup(split[i]);
	}
	util_strv_free(&split);
}

int
store_tag_names(struct store *st, char ***out, char **cause)
{
	sqlite3_stmt *stmt;
	char **names = NULL;
	size_t n = 0, i;
	int rc;

	*out = NULL;
	if ((stmt = store_stmt(st, tag_names_sql, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		tag_add_names(&names, &n,
		    (const char *)sqlite3_column_text(stmt, 0));
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	if (n > 0)
		qsort(names, n, sizeof *names, tag_cmp);
	for (i = 0; rc == SQLITE_DONE && i < n; i++) {
		if (i == 0 || strcmp(names[i - 1], names[i]) != 0)
			util_strv_add(out, names[i]);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc == SQLITE_DONE ? 0 : -1;
}

int
store_tag_list(struct store *st, struct store_tag **out, size_t *nout,
    char **cause)
{
	struct store_filter f;
	struct store_tag *tags = NULL;
	sqlite3_stmt *stmt;
	char **names = NULL;
	size_t n = 0, i, k = 0;
	int rc, retval = -1;

	*out = NULL;
	*nout = 0;
	if ((stmt = store_stmt(st, tag_names_sql, cause)) == NULL)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
		tag_add_names(&names, &n,
		    (const char *)sqlite3_column_text(stmt, 0));
	if (rc != SQLITE_DONE)
		store_fail(st, rc, cause);
	store_stmt_done(stmt);
	if (rc != SQLITE_DONE)
		goto out;
	if (n > 0)
		qsort(names, n, sizeof *names, tag_cmp);
	tags = xcalloc(n > 0 ? n : 1, sizeof *tags);
	for (i = 0; i < n; i++) {
		if (k > 0 && strcmp(tags[k - 1].name, names[i]) == 0)
			continue;
		memset(&f, 0, sizeof f);
		f.tag = names[i];
		tags[k].name = xstrdup(names[i]);
		k++;
		if (store_article_count(st, &f, &tags[k - 1].n_articles,
		    cause) != 0)
			goto out;
		f.unread = 1;
		if (store_article_count(st, &f, &tags[k - 1].n_unread,
		    cause) != 0)
			goto out;
	}
	retval = 0;
out:
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	if (retval != 0)
		store_tag_list_free(&tags, k);
	else {
		*out = tags;
		*nout = k;
	}
	return retval;
}

void
store_tag_list_free(struct store_tag **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*vp)[i].name);
	free(*vp);
	*vp = NULL;
}
