/* model.c - constructors and destructors of the model types. */
#include "config.h"

#include <stdlib.h>
#include <time.h>

#include "i18n.h"
#include "model.h"
#include "util.h"

struct source *
source_new(const char *url)
{
	struct source *s;

	s = xcalloc(1, sizeof *s);
	s->url = xstrdup(url != NULL ? url : "");
	s->kind = SOURCE_FEED;
	s->fulltext = 1;
	return s;
}

void
source_free(struct source **sp)
{
	struct source *s = *sp;

	if (s == NULL)
		return;
	free(s->url);
	free(s->title);
	free(s->name);
	free(s->site_url);
	util_strv_free(&s->tags);
	free(s->xpath);
	free(s->etag);
	free(s->last_modified);
	free(s->last_error);
	free(s->body_hash);
	free(s);
	*sp = NULL;
}

const char *
source_display_name(const struct source *s)
{
	if (s->name != NULL && *s->name != '\0')
		return s->name;
	if (s->title != NULL && *s->title != '\0')
		return s->title;
	return s->url;
}

struct article *
article_new(void)
{
	return xcalloc(1, sizeof(struct article));
}

void
article_free(struct article **ap)
{
	struct article *a = *ap;

	if (a == NULL)
		return;
	free(a->guid);
	free(a->url);
	free(a->title);
	free(a->author);
	free(a->summary);
	free(a->content);
	free(a->fulltext);
	free(a->language);
	util_strv_free(&a->tags);
	free(a->source_title);
	free(a->source_url);
	util_strv_free(&a->source_tags);
	free(a);
	*ap = NULL;
}

char *
article_page_note(const char *error, int tries, time_t next,
    const char *next_date, time_t now)
{
	if (next == 0)
		return xasprintf(P_("%s; given up after %d try",
		    "%s; given up after %d tries", tries), error, tries);
	if (next <= now)
		return xasprintf(_("%s; to be tried again on the next fetch"),
		    error);
	/* TRANSLATORS: "HTTP 404 Not Found from URL; retry after DATE" */
	return xasprintf(_("%s; retry after %s"), error, next_date);
}
