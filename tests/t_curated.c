/* t_curated.c - data/sources, the curated list `pundit init` copies:
 * pundit's own parser reads it without an error, and every source has a
 * name, a language tag and tags from the documented set. */
#include "config.h"

#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "scrape.h"
#include "sources.h"
#include "tap.h"
#include "util.h"

/* The tags the header of data/sources documents. */
static const char *known[] = {
	"en", "zh", "think-tank", "commentary", "newsletter", "news",
	"china", "economy", "security", "asia", "europe", "us", "world",
};

static int
is_known(const char *tag)
{
	size_t i;

	for (i = 0; i < NITEMS(known); i++)
		if (strcmp(known[i], tag) == 0)
			return 1;
	return 0;
}

static int
has(char *const *tags, const char *tag)
{
	for (; tags != NULL && *tags != NULL; tags++)
		if (strcmp(*tags, tag) == 0)
			return 1;
	return 0;
}

int
main(void)
{
	static const char page[] = "<html><body><a href=\"/x\">x</a>"
	    "</body></html>";
	struct sources_list list;
	struct scrape *sc;
	const char *top;
	char *path, *cause = NULL, **errors = NULL;
	size_t i, j, nhtml = 0, nzh = 0, nen = 0;
	int bad;

	setlocale(LC_ALL, "C.UTF-8");
	top = getenv("top_srcdir");
	path = xasprintf("%s/data/sources", top != NULL ? top : "..");
	ok(sources_load(path, &list, &errors, &cause) == 0,
	    "%s can be read", path);
	ok(errors == NULL, "the parser reports no error");
	for (i = 0; errors != NULL && errors[i] != NULL; i++)
		diag("%s", errors[i]);
	ok(list.n >= 30, "it lists at least 30 sources (%zu)", list.n);

	for (i = 0; i < list.n; i++) {
		const struct source *s = list.v[i];

		bad = s->name == NULL || *s->name == '\0';
		if (bad)
			diag("no \"~Name\": %s", s->url);
		ok(!bad, "%s has a name", s->url);
		bad = s->tags == NULL || s->tags[0] == NULL;
		ok(!bad, "%s has tags", s->url);
		bad = has(s->tags, "en") + has(s->tags, "zh") != 1;
		ok(!bad, "%s has one language tag, en or zh", s->url);
		nen += has(s->tags, "en");
		nzh += has(s->tags, "zh");
		for (j = 0; s->tags != NULL && s->tags[j] != NULL; j++)
			if (!is_known(s->tags[j]))
				break;
		ok(s->tags != NULL && s->tags[j] == NULL,
		    "%s: every tag is one the header documents", s->url);
		if (s->tags != NULL && s->tags[j] != NULL)
			diag("unknown tag %s", s->tags[j]);
		ok(strncmp(s->url, "https://", 8) == 0, "%s is https",
		    s->url);
		for (j = 0; j < i; j++)
			if (strcmp(list.v[j]->name, s->name) == 0)
				break;
		ok(j == i, "%s: no other source has the name %s", s->url,
		    s->name);
		if (s->kind == SOURCE_HTML) {
			nhtml++;
			sc = scrape_page(page, sizeof page - 1, s->url, NULL,
			    s->xpath, &cause);
			ok(sc != NULL, "%s: the XPath compiles", s->url);
			if (sc == NULL) {
				diag("%s", cause);
				free(cause);
				cause = NULL;
			}
			scrape_free(&sc);
		}
	}
	ok(nen >= 15 && nzh >= 8, "English (%zu) and Chinese (%zu) sources",
	    nen, nzh);
	ok(nhtml > 0, "some sites without a feed, by XPath (%zu)", nhtml);

	util_strv_free(&errors);
	free(cause);
	sources_list_free(&list);
	free(path);
	return done_testing();
}
