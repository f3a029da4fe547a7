/* sources.c - the sources file: one source a line. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "buf.h"
#include "conf.h"
#include "i18n.h"
#include "sources.h"
#include "text.h"
#include "util.h"

int
sources_url_valid(const char *url, char **cause)
{
	static const char *schemes[] = { "http://", "https://", "file://" };
	const char *p;
	size_t i;

	for (i = 0; i < NITEMS(schemes); i++)
		if (strncasecmp(url, schemes[i], strlen(schemes[i])) == 0)
			break;
	if (i == NITEMS(schemes))
		return set_cause(cause, _("not a URL pundit can fetch "
		    "(http://, https:// or file://): %s"), url);
	p = url + strlen(schemes[i]);
	if (i < 2 && (*p == '\0' || *p == '/'))
		return set_cause(cause, _("URL has no host: %s"), url);
	if (i == 2 && *p != '/')
		return set_cause(cause, _("file URL needs an absolute path: "
		    "%s"), url);
	for (p = url; *p != '\0'; p++)
		if ((unsigned char)*p <= 0x20 || *p == 0x7f)
			return set_cause(cause, _("URL contains a space or "
			    "control character: %s"), url);
	return 0;
}

/* Parse the words of one line into a new source, or fill cause. */
static struct source *
sources_line(char **argv, int argc, char **cause)
{
	struct source *s;
	int i = 0, b;

	if (strcmp(argv[0], "html") == 0) {
		if (argc < 2) {
			set_cause(cause, _("html source needs a URL"));
			return NULL;
		}
		i = 1;
	}
	if (sources_url_valid(argv[i], cause) == -1)
		return NULL;
	s = source_new(argv[i]);
	s->kind = i == 1 ? SOURCE_HTML : SOURCE_FEED;
	s->in_file = 1;
	for (i++; i < argc; i++) {
		const char *w = argv[i];

		if (w[0] == '~') {
			free(s->name);
			s->name = xstrdup(w + 1);
		} else if (strncmp(w, "xpath=", 6) == 0) {
			if (s->kind != SOURCE_HTML) {
				set_cause(cause, _("xpath= is only for html "
				    "sources"));
				goto fail;
			}
			free(s->xpath);
			s->xpath = xstrdup(w + 6);
		} else if (strncmp(w, "fulltext=", 9) == 0) {
			if (strcmp(w + 9, "yes") == 0)
				b = 1;
			else if (strcmp(w + 9, "no") == 0)
				b = 0;
			else {
				set_cause(cause, _("fulltext= needs yes or "
				    "no"));
				goto fail;
			}
			s->fulltext = b;
		} else if (w[0] == '\0')
			continue;
		else if (w[0] == '!' || strchr(w, '=') != NULL) {
			set_cause(cause, _("unknown option: %s"), w);
			goto fail;
		} else
			util_strv_add(&s->tags, w);
	}
	if (s->kind == SOURCE_HTML && (s->xpath == NULL || *s->xpath == '\0')) {
		set_cause(cause, _("html source needs xpath=EXPR"));
		goto fail;
	}
	return s;
fail:
	source_free(&s);
	return NULL;
}

struct sources_parse_state {
	struct sources_list	 *list;
	const char		 *name;
	char			***errors;
	int			 *lines;	/* line of each source */
};

static void
sources_parse_line(char **argv, int argc, int lineno, void *arg)
{
	struct sources_parse_state *ps = arg;
	struct sources_list *list = ps->list;
	struct source *s;
	char *cause = NULL, *msg;
	size_t i;

	if ((s = sources_line(argv, argc, &cause)) == NULL) {
		conf_error(ps->errors, ps->name, lineno, cause);
		free(cause);
		return;
	}
	for (i = 0; i < list->n; i++)
		if (strcmp(list->v[i]->url, s->url) == 0)
			break;
	if (i < list->n) {
		msg = xasprintf(_("%s is already listed on line %d"), s->url,
		    ps->lines[i]);
		conf_error(ps->errors, ps->name, lineno, msg);
		free(msg);
		source_free(&s);
		return;
	}
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	ps->lines = xreallocarray(ps->lines, list->n + 1, sizeof *ps->lines);
	ps->lines[list->n] = lineno;
	list->v[list->n++] = s;
}

void
sources_parse(const char *text, size_t len, const char *name,
    struct sources_list *list, char ***errors)
{
	struct sources_parse_state ps = { list, name, errors, NULL };

	memset(list, 0, sizeof *list);
	conf_each_line(text, len, name, errors, sources_parse_line, &ps);
	free(ps.lines);
}

static int
read_file(const char *path, struct buf *b, int *exists, char **cause)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	*exists = 0;
	if ((f = fopen(path, "r")) == NULL) {
		if (errno == ENOENT)
			return 0;
		return set_cause(cause, _("cannot read sources file %s: %s"),
		    path, strerror(errno));
	}
	*exists = 1;
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		set_cause(cause, _("cannot read sources file %s: %s"), path,
		    strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

int
sources_load(const char *path, struct sources_list *list, char ***errors,
    char **cause)
{
	struct buf b = BUF_INIT;
	int exists;

	memset(list, 0, sizeof *list);
	if (read_file(path, &b, &exists, cause) == -1) {
		buf_free(&b);
		return -1;
	}
	sources_parse(buf_str(&b), b.len, path, list, errors);
	buf_free(&b);
	return 0;
}

void
sources_list_free(struct sources_list *list)
{
	size_t i;

	for (i = 0; i < list->n; i++)
		source_free(&list->v[i]);
	free(list->v);
	memset(list, 0, sizeof *list);
}

/* A word as the file needs it: quoted when it holds a space or quote. */
static void
add_word(struct buf *b, const char *prefix, const char *w)
{
	const char *p;
	int quote;

	quote = *w == '\0' || strpbrk(w, " \t\"\\#") != NULL;
	if (b->len > 0)
		buf_addc(b, ' ');
	if (quote)
		buf_addc(b, '"');
	buf_adds(b, prefix);
	for (p = w; *p != '\0'; p++) {
		if (quote && (*p == '"' || *p == '\\'))
			buf_addc(b, '\\');
		buf_addc(b, *p);
	}
	if (quote)
		buf_addc(b, '"');
}

char *
sources_format(const struct source *s)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (s->kind == SOURCE_HTML)
		buf_adds(&b, "html");
	add_word(&b, "", s->url);
	if (s->kind == SOURCE_HTML && s->xpath != NULL)
		add_word(&b, "xpath=", s->xpath);
	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++)
		add_word(&b, "", s->tags[i]);
	if (s->name != NULL && *s->name != '\0')
		add_word(&b, "~", s->name);
	if (!s->fulltext)
		add_word(&b, "", "fulltext=no");
	return buf_detach(&b);
}

/* Replace path with contents atomically (temporary file and rename). */
static int
write_file(const char *path, const struct buf *b, char **cause)
{
	char *tmp, *dir, *slash;
	int fd, saved;

	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (util_mkdirs(dir, cause) == -1) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	tmp = xasprintf("%s.tmp.%ld", path, (long)getpid());
	if ((fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600)) == -1)
		goto fail;
	if (b->len > 0 && write(fd, b->data, b->len) != (ssize_t)b->len) {
		saved = errno;
		close(fd);
		errno = saved != 0 ? saved : ENOSPC;
		goto fail;
	}
	if (fsync(fd) == -1 || close(fd) == -1)
		goto fail;
	if (rename(tmp, path) == -1)
		goto fail;
	free(tmp);
	return 0;
fail:
	saved = errno;
	unlink(tmp);
	set_cause(cause, _("cannot write sources file %s: %s"), path,
	    strerror(saved));
	free(tmp);
	return -1;
}

int
sources_append(const char *path, const struct source *s, char **cause)
{
	struct buf b = BUF_INIT;
	char *line;
	int exists, rc;

	if (read_file(path, &b, &exists, cause) == -1) {
		buf_free(&b);
		return -1;
	}
	if (b.len > 0 && b.data[b.len - 1] != '\n')
		buf_addc(&b, '\n');
	line = sources_format(s);
	buf_addf(&b, "%s\n", line);
	free(line);
	rc = write_file(path, &b, cause);
	buf_free(&b);
	return rc;
}

int
sources_remove(const char *path, const char *url, int *found, char **cause)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct sources_list one;
	const char *p, *end, *nl;
	int exists, rc = 0;

	*found = 0;
	if (read_file(path, &in, &exists, cause) == -1) {
		buf_free(&in);
		return -1;
	}
	p = buf_str(&in);
	end = p + in.len;
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = nl == NULL ? end : nl + 1;
		sources_parse(p, nl - p, path, &one, NULL);
		if (one.n == 1 && strcmp(one.v[0]->url, url) == 0)
			*found = 1;
		else
			buf_add(&out, p, nl - p);
		sources_list_free(&one);
		p = nl;
	}
	if (*found)
		rc = write_file(path, &out, cause);
	buf_free(&in);
	buf_free(&out);
	return rc;
}

int
sources_replace_url(const char *path, const char *old_url,
    const char *new_url, int *found, char **cause)
{
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct sources_list one;
	const char *p, *end, *nl, *at;
	int exists, rc = 0;

	*found = 0;
	if (sources_url_valid(new_url, cause) == -1)
		return -1;
	if (read_file(path, &in, &exists, cause) == -1) {
		buf_free(&in);
		return -1;
	}
	p = buf_str(&in);
	end = p + in.len;
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = nl == NULL ? end : nl + 1;
		sources_parse(p, nl - p, path, &one, NULL);
		/* URLs hold no spaces or quotes: the word is there as is. */
		if (one.n == 1 && strcmp(one.v[0]->url, old_url) == 0 &&
		    (at = memmem(p, nl - p, old_url, strlen(old_url))) != NULL) {
			*found = 1;
			buf_add(&out, p, at - p);
			buf_adds(&out, new_url);
			at += strlen(old_url);
			buf_add(&out, at, nl - at);
		} else
			buf_add(&out, p, nl - p);
		sources_list_free(&one);
		p = nl;
	}
	if (*found)
		rc = write_file(path, &out, cause);
	buf_free(&in);
	buf_free(&out);
	return rc;
}
