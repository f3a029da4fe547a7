/* tui-tag.c - what the views change on an article: flags and tags. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "i18n.h"
#include "tui-int.h"

struct tag_edit {
	int64_t		 id;
	char	       **old;
	char	       **known;		/* completion candidates */
};

int
tui_article_flag(struct tui *tui, int64_t id, enum store_flag flag,
    int value)
{
	char *cause = NULL;

	if (store_article_set_flag(tui->store, id, flag, value,
	    &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
		return -1;
	}
	/* The counts of the source list follow. */
	tui->data_changed = 1;
	return 0;
}

static char **
split(const char *s)
{
	char **v = NULL, **w = NULL;
	size_t i, j;

	if (conf_split(s, &w, NULL) == -1)
		return NULL;
	for (i = 0; w[i] != NULL; i++) {
		for (j = 0; v != NULL && v[j] != NULL; j++)
			if (strcmp(v[j], w[i]) == 0)
				break;
		if (v == NULL || v[j] == NULL)
			util_strv_add(&v, w[i]);
	}
	util_strv_free(&w);
	return v;
}

static int
has(char *const *v, const char *s)
{
	size_t i;

	for (i = 0; v != NULL && v[i] != NULL; i++)
		if (strcmp(v[i], s) == 0)
			return 1;
	return 0;
}

static void
tag_free(void *arg)
{
	struct tag_edit *te = arg;

	util_strv_free(&te->old);
	util_strv_free(&te->known);
	free(te);
}

static char **
tag_complete(struct tui *tui, const char *word, void *arg)
{
	struct tag_edit *te = arg;
	char **v = NULL;
	size_t i;

	(void)tui;
	for (i = 0; te->known != NULL && te->known[i] != NULL; i++)
		if (strncmp(te->known[i], word, strlen(word)) == 0)
			util_strv_add(&v, te->known[i]);
	return v;
}

static void
tag_done(struct tui *tui, const char *text, void *arg)
{
	struct tag_edit *te = arg;
	char **now, **add = NULL, **remove = NULL, *cause = NULL;
	size_t i;

	now = split(text);
	for (i = 0; now != NULL && now[i] != NULL; i++)
		if (!has(te->old, now[i]))
			util_strv_add(&add, now[i]);
	for (i = 0; te->old != NULL && te->old[i] != NULL; i++)
		if (!has(now, te->old[i]))
			util_strv_add(&remove, te->old[i]);
	if (add == NULL && remove == NULL)
		tui_message(tui, "%s", _("tags unchanged"));
	else if (store_article_tag(tui->store, te->id, add, remove,
	    &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
	} else {
		tui_message(tui, "%s", _("tags saved"));
		tui->data_changed = 1;
	}
	util_strv_free(&now);
	util_strv_free(&add);
	util_strv_free(&remove);
}

void
tui_tag_prompt(struct tui *tui, int64_t id, const char *tags,
    char *const *seen)
{
	struct tag_edit *te;
	struct source **src = NULL;
	char *cause = NULL, *initial;
	size_t n = 0, i, j;

	te = xcalloc(1, sizeof *te);
	te->id = id;
	te->old = split(tags);
	for (i = 0; seen != NULL && seen[i] != NULL; i++)
		if (!has(te->known, seen[i]))
			util_strv_add(&te->known, seen[i]);
	if (store_source_list(tui->store, &src, &n, &cause) == -1) {
		tui_error(tui, "%s", cause);
		free(cause);
	}
	for (i = 0; i < n; i++)
		for (j = 0; src[i]->tags != NULL && src[i]->tags[j] != NULL;
		    j++)
			if (!has(te->known, src[i]->tags[j]))
				util_strv_add(&te->known, src[i]->tags[j]);
	store_source_list_free(&src, n);
	initial = *tags != '\0' ? xasprintf("%s ", tags) : xstrdup("");
	tui_prompt(tui, _("Tags: "), initial, tag_complete, tag_done, te);
	tui->prompt_free_arg = tag_free;
	free(initial);
}
