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
	/* Without an XPath, an html source's links are found by heuristic. */
	if (s->kind == SOURCE_HTML && s->xpath != NULL && *s->xpath == '\0') {
		free(s->xpath);
		s->xpath = NULL;
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
	const char		 *text;		/* the whole file */
	size_t			  len;
	const char		 *at;		/* where line lineno starts */
	int			  lineno;
};

/* Line lineno of the file, as written (lines come in order). */
static void
sources_raw_line(struct sources_parse_state *ps, int lineno,
    const char **p, const char **end)
{
	const char *stop = ps->text + ps->len, *nl;

	while (ps->lineno < lineno) {
		nl = memchr(ps->at, '\n', stop - ps->at);
		ps->at = nl != NULL ? nl + 1 : stop;
		ps->lineno++;
	}
	nl = memchr(ps->at, '\n', stop - ps->at);
	*p = ps->at;
	*end = nl != NULL ? nl : stop;
}

/* Past n words of a line, as conf_split reads them. */
static const char *
sources_skip_words(const char *p, const char *end, int n)
{
	int quoted;

	for (; n > 0; n--) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\r'))
			p++;
		for (quoted = 0; p < end; p++) {
			if (!quoted && (*p == ' ' || *p == '\t' || *p == '\r'))
				break;
			if (*p == '"')
				quoted = !quoted;
			else if (quoted && *p == '\\' && p + 1 < end &&
			    (p[1] == '"' || p[1] == '\\'))
				p++;
		}
	}
	return p;
}

/* The rest of a line from p, without its comment and outer spaces. */
static char *
sources_rest(const char *p, const char *end)
{
	const char *q, *stop = end;
	int quoted = 0, word = 0;

	for (q = p; q < end; q++) {
		if (quoted) {
			if (*q == '\\' && q + 1 < end &&
			    (q[1] == '"' || q[1] == '\\'))
				q++;
			else if (*q == '"')
				quoted = 0;
			continue;
		}
		if (*q == ' ' || *q == '\t' || *q == '\r') {
			word = 0;
			continue;
		}
		if (*q == '#' && !word) {
			stop = q;
			break;
		}
		word = 1;
		if (*q == '"')
			quoted = 1;
	}
	while (p < stop && (*p == ' ' || *p == '\t'))
		p++;
	while (stop > p && (stop[-1] == ' ' || stop[-1] == '\t' ||
	    stop[-1] == '\r'))
		stop--;
	return xstrndup(p, (size_t)(stop - p));
}

/* query "NAME" QUERY: a saved search, the query as written. */
static void
sources_query_line(struct sources_parse_state *ps, char **argv, int argc,
    int lineno)
{
	struct sources_list *list = ps->list;
	struct sources_query *q;
	const char *p, *end;
	char *msg;
	size_t i;

	if (argc < 3 || *argv[1] == '\0') {
		conf_error(ps->errors, ps->name, lineno, _("query needs a name "
		    "and a search: query \"NAME\" QUERY"));
		return;
	}
	for (i = 0; i < list->nqueries; i++) {
		if (strcmp(list->queries[i].name, argv[1]) == 0) {
			msg = xasprintf(_("saved search %s is already defined "
			    "on line %d"), argv[1], list->queries[i].line);
			conf_error(ps->errors, ps->name, lineno, msg);
			free(msg);
			return;
		}
	}
	sources_raw_line(ps, lineno, &p, &end);
	list->queries = xreallocarray(list->queries, list->nqueries + 1,
	    sizeof *list->queries);
	q = &list->queries[list->nqueries++];
	q->name = xstrdup(argv[1]);
	q->query = sources_rest(sources_skip_words(p, end, 2), end);
	q->line = lineno;
}

static void
sources_parse_line(char **argv, int argc, int lineno, void *arg)
{
	struct sources_parse_state *ps = arg;
	struct sources_list *list = ps->list;
	struct source *s;
	char *cause = NULL, *msg;
	size_t i;

	if (strcmp(argv[0], "query") == 0) {
		sources_query_line(ps, argv, argc, lineno);
		return;
	}
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
	struct sources_parse_state ps = { list, name, errors, NULL, text, len,
	    text, 1 };

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
	for (i = 0; i < list->nqueries; i++) {
		free(list->queries[i].name);
		free(list->queries[i].query);
	}
	free(list->queries);
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

static int
strv_has(char *const *v, const char *s)
{
	for (; v != NULL && *v != NULL; v++)
		if (strcmp(*v, s) == 0)
			return 1;
	return 0;
}

int
sources_list_add(struct sources_list *list, struct source *s)
{
	struct source *old;
	size_t i, j;

	for (i = 0; i < list->n; i++) {
		old = list->v[i];
		if (strcmp(old->url, s->url) != 0)
			continue;
		for (j = 0; s->tags != NULL && s->tags[j] != NULL; j++)
			if (!strv_has(old->tags, s->tags[j]))
				util_strv_add(&old->tags, s->tags[j]);
		source_free(&s);
		return 0;
	}
	list->v = xreallocarray(list->v, list->n + 1, sizeof *list->v);
	list->v[list->n++] = s;
	return 1;
}

char *
sources_tag_clean(const char *tag)
{
	char *clean, *p, *out;

	clean = text_sanitize(tag, strlen(tag), TEXT_ONELINE);
	for (p = clean; *p != '\0'; p++)
		if (*p == '=')
			*p = '-';
	for (p = clean; *p == '!' || *p == '~' || *p == ' '; p++)
		;
	out = *p != '\0' ? xstrdup(p) : NULL;
	free(clean);
	return out;
}

/* Where the comment of a line starts (a # at the start of a word), or
   end when it has none; quotes as conf_split reads them. */
static const char *
line_comment(const char *p, const char *end)
{
	int quoted = 0, word = 0;

	for (; p < end; p++) {
		if (quoted) {
			if (*p == '\\' && p + 1 < end &&
			    (p[1] == '"' || p[1] == '\\'))
				p++;
			else if (*p == '"')
				quoted = 0;
			continue;
		}
		if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n') {
			word = 0;
			continue;
		}
		if (*p == '#' && !word)
			return p;
		word = 1;
		if (*p == '"')
			quoted = 1;
	}
	return end;
}

void
sources_import_free(struct sources_import *imp)
{
	sources_list_free(&imp->list);
	free(imp->at);
	util_strv_free(&imp->skipped);
	memset(imp, 0, sizeof *imp);
}

void
sources_import_query(struct sources_import *imp, const char *name,
    const char *query, int line)
{
	struct sources_list *list = &imp->list;
	struct sources_query *q;

	list->queries = xreallocarray(list->queries, list->nqueries + 1,
	    sizeof *list->queries);
	imp->at = xreallocarray(imp->at, list->nqueries + 1,
	    sizeof *imp->at);
	imp->at[list->nqueries] = list->n;
	q = &list->queries[list->nqueries++];
	q->name = xstrdup(name);
	q->query = xstrdup(query);
	q->line = line;
}

int
sources_import_load(const char *path, struct sources_import *imp,
    char ***errors, char **cause)
{
	struct buf b = BUF_INIT;
	struct sources_list one;
	const char *p, *end, *nl;
	size_t i, k = 0;
	int exists, lineno = 0, *lines;

	memset(imp, 0, sizeof *imp);
	if (sources_load(path, &imp->list, errors, cause) == -1)
		return -1;
	imp->at = xcalloc(imp->list.nqueries + 1, sizeof *imp->at);
	if (imp->list.nqueries == 0)
		return 0;
	if (read_file(path, &b, &exists, cause) == -1) {
		buf_free(&b);
		sources_import_free(imp);
		return -1;
	}
	/* The line of each source: the first line with its URL. */
	lines = xcalloc(imp->list.n + 1, sizeof *lines);
	p = buf_str(&b);
	end = p + b.len;
	for (; p < end && k < imp->list.n; p = nl) {
		nl = memchr(p, '\n', end - p);
		nl = nl == NULL ? end : nl + 1;
		lineno++;
		sources_parse(p, nl - p, path, &one, NULL);
		if (one.n == 1 && strcmp(one.v[0]->url, imp->list.v[k]->url) == 0)
			lines[k++] = lineno;
		sources_list_free(&one);
	}
	for (i = 0; i < imp->list.nqueries; i++)
		for (k = 0; k < imp->list.n && lines[k] != 0 &&
		    lines[k] < imp->list.queries[i].line; k++)
			imp->at[i] = k + 1;
	free(lines);
	buf_free(&b);
	return 0;
}

char *
sources_format_query(const char *name, const char *query, char **cause)
{
	struct sources_list one;
	struct buf b = BUF_INIT;
	char **errors = NULL;
	int same;

	buf_adds(&b, "query");
	add_word(&b, "", name);
	buf_addc(&b, ' ');
	buf_adds(&b, query);
	sources_parse(buf_str(&b), b.len, "query", &one, &errors);
	same = errors == NULL && one.nqueries == 1 &&
	    strcmp(one.queries[0].name, name) == 0 &&
	    strcmp(one.queries[0].query, query) == 0;
	sources_list_free(&one);
	util_strv_free(&errors);
	if (!same) {
		buf_free(&b);
		set_cause(cause, _("saved search %s cannot be written as a "
		    "line of the sources file"), name);
		return NULL;
	}
	return buf_detach(&b);
}

/* Append line and a newline to out, after a newline if it lacks one. */
static void
merge_line(struct buf *out, const char *line)
{
	if (out->len > 0 && out->data[out->len - 1] != '\n')
		buf_addc(out, '\n');
	buf_addf(out, "%s\n", line);
}

int
sources_merge(const char *path, const struct sources_import *imp,
    int dry_run, struct sources_merge_count *count, char **cause)
{
	struct source *const *v = imp->list.v;
	const struct sources_query *qv = imp->list.queries;
	size_t n = imp->list.n, nq = imp->list.nqueries;
	struct buf in = BUF_INIT, out = BUF_INIT;
	struct sources_list one;
	struct source *s;
	const char *p, *end, *nl, *hash, *stop;
	char *line, *seen;
	size_t i, j, k, added;
	int exists, rc = 0, changed = 0;

	memset(count, 0, sizeof *count);
	if (read_file(path, &in, &exists, cause) == -1) {
		buf_free(&in);
		return -1;
	}
	seen = xcalloc(n > 0 ? n : 1, 1);
	p = buf_str(&in);
	end = p + in.len;
	while (p < end) {
		nl = memchr(p, '\n', end - p);
		nl = nl == NULL ? end : nl + 1;
		sources_parse(p, nl - p, path, &one, NULL);
		for (i = 0; one.n == 1 && i < n; i++)
			if (strcmp(one.v[0]->url, v[i]->url) == 0)
				break;
		if (one.n != 1 || i == n) {
			buf_add(&out, p, nl - p);
			sources_list_free(&one);
			p = nl;
			continue;
		}
		if (!seen[i])
			count->present++;
		seen[i] = 1;
		s = one.v[0];
		added = 0;
		for (j = 0; v[i]->tags != NULL && v[i]->tags[j] != NULL; j++)
			if (!strv_has(s->tags, v[i]->tags[j])) {
				util_strv_add(&s->tags, v[i]->tags[j]);
				added++;
			}
		if (added == 0) {
			buf_add(&out, p, nl - p);
		} else {
			count->retagged++;
			changed = 1;
			line = sources_format(s);
			buf_adds(&out, line);
			free(line);
			stop = nl > p && nl[-1] == '\n' ? nl - 1 : nl;
			if ((hash = line_comment(p, stop)) != stop) {
				buf_addc(&out, ' ');
				buf_add(&out, hash, stop - hash);
			}
			buf_addc(&out, '\n');
		}
		sources_list_free(&one);
		p = nl;
	}
	/* New sources and saved searches, in the order of the import. */
	for (i = 0, k = 0; i <= n; i++) {
		for (; k < nq && imp->at[k] <= i; k++) {
			if ((line = sources_format_query(qv[k].name,
			    qv[k].query, cause)) == NULL) {
				rc = -1;
				goto out;
			}
			merge_line(&out, line);
			free(line);
			count->queries++;
			changed = 1;
		}
		if (i == n || seen[i])
			continue;
		line = sources_format(v[i]);
		merge_line(&out, line);
		free(line);
		count->added++;
		changed = 1;
	}
	if (changed && !dry_run)
		rc = write_file(path, &out, cause);
out:
	free(seen);
	buf_free(&in);
	buf_free(&out);
	return rc;
}
