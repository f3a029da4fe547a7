/* seed.c - put articles into a cache, as a fetch would, for CLI tests. */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "model.h"
#include "store.h"
#include "util.h"

/*
 * Usage: seed DB < TSV. Each line: source-url, guid, title, author,
 * published (seconds since the epoch), url, summary, content; "-" is
 * empty (NULL), and \n, \t, \\ and \xHH escapes let tests write any byte.
 * The source must exist (pundit syncs it from the sources file).
 */
static char *
unescape(const char *s)
{
	struct buf b = BUF_INIT;
	unsigned int v;

	if (strcmp(s, "-") == 0)
		return NULL;
	for (; *s != '\0'; s++) {
		if (*s != '\\' || s[1] == '\0') {
			buf_addc(&b, *s);
			continue;
		}
		s++;
		if (*s == 'n')
			buf_addc(&b, '\n');
		else if (*s == 't')
			buf_addc(&b, '\t');
		else if (*s == 'x' && sscanf(s + 1, "%2x", &v) == 1) {
			buf_addc(&b, (char)v);
			s += 2;
		} else
			buf_addc(&b, *s);
	}
	return buf_detach(&b);
}

int
main(int argc, char **argv)
{
	struct store *st;
	struct source *src;
	struct article *a;
	char *line = NULL, *cause = NULL, *f[8], *p;
	size_t cap = 0, i;
	ssize_t len;
	int is_new, n = 0;

	if (argc != 2) {
		fprintf(stderr, "usage: seed DB < TSV\n");
		return 2;
	}
	if (store_open(argv[1], &st, &cause) == -1) {
		fprintf(stderr, "seed: %s\n", cause);
		return 1;
	}
	while ((len = getline(&line, &cap, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		for (i = 0, p = line; i < 8; i++) {
			f[i] = p;
			if ((p = strchr(p, '\t')) == NULL) {
				i++;
				break;
			}
			*p++ = '\0';
		}
		if (i != 8) {
			fprintf(stderr, "seed: a line needs 8 fields\n");
			return 2;
		}
		if (store_source_find(st, f[0], &src, &cause) == -1 ||
		    src == NULL) {
			fprintf(stderr, "seed: no source %s\n", f[0]);
			return 1;
		}
		a = article_new();
		a->source_id = src->id;
		source_free(&src);
		a->guid = unescape(f[1]);
		a->title = unescape(f[2]);
		a->author = unescape(f[3]);
		a->published = strtoll(f[4], NULL, 10);
		a->url = unescape(f[5]);
		a->summary = unescape(f[6]);
		a->content = unescape(f[7]);
		if (store_article_upsert(st, a, &is_new, &cause) == -1) {
			fprintf(stderr, "seed: %s\n", cause);
			return 1;
		}
		printf("%lld %s\n", (long long)a->id, is_new ? "new" : "old");
		article_free(&a);
		n++;
	}
	free(line);
	store_close(&st);
	return 0;
}
