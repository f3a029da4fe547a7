/* cli-init.c - pundit init: start a sources file from the curated list. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "i18n.h"
#include "paths.h"
#include "sources.h"
#include "text.h"
#include "util.h"

static int
slurp(const char *path, struct buf *b, char **cause)
{
	char chunk[8192];
	size_t n;
	FILE *f;

	if ((f = fopen(path, "r")) == NULL)
		return set_cause(cause, _("cannot read the curated source "
		    "list %s: %s (PUNDIT_DATADIR names the directory that "
		    "holds it)"), path, strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
		buf_add(b, chunk, n);
	if (ferror(f)) {
		set_cause(cause, _("cannot read the curated source list %s: "
		    "%s"), path, strerror(errno));
		fclose(f);
		return -1;
	}
	fclose(f);
	return 0;
}

static int
has_tag(const struct source *s, char *const *want)
{
	size_t i, j;

	for (i = 0; s->tags != NULL && s->tags[i] != NULL; i++)
		for (j = 0; want[j] != NULL; j++)
			if (strcmp(s->tags[i], want[j]) == 0)
				return 1;
	return 0;
}

/*
 * The list to write: all of it as it is, or a header and the lines of the
 * sources with one of the tags. *n counts the sources.
 */
static void
select_lines(const char *path, const struct buf *in, char *const *tags,
    struct buf *out, size_t *n)
{
	struct sources_list one;
	const char *p, *end, *nl;
	size_t i;

	*n = 0;
	if (tags == NULL) {
		sources_parse(buf_str(in), in->len, path, &one, NULL);
		*n = one.n;
		sources_list_free(&one);
		buf_add(out, buf_str(in), in->len);
		return;
	}
	buf_addf(out, "# The sources of pundit's curated list (%s) tagged",
	    path);
	for (i = 0; tags[i] != NULL; i++)
		buf_addf(out, "%s %s", i > 0 ? "," : "", tags[i]);
	buf_adds(out, ".\n# `pundit init --print` shows the whole list.\n\n");
	p = buf_str(in);
	end = p + in->len;
	for (; p < end; p = nl) {
		nl = memchr(p, '\n', end - p);
		nl = nl == NULL ? end : nl + 1;
		sources_parse(p, nl - p, path, &one, NULL);
		if (one.n == 1 && has_tag(one.v[0], tags)) {
			buf_add(out, p, nl - p);
			if (nl == end && nl[-1] != '\n')
				buf_addc(out, '\n');
			(*n)++;
		}
		sources_list_free(&one);
	}
}

/* The tags the list has, for a message. */
static char *
list_tags(const char *path, const struct buf *in)
{
	struct sources_list list;
	struct buf b = BUF_INIT;
	char **seen = NULL, **t;
	size_t i, j;

	sources_parse(buf_str(in), in->len, path, &list, NULL);
	for (i = 0; i < list.n; i++) {
		for (t = list.v[i]->tags; t != NULL && *t != NULL; t++) {
			for (j = 0; seen != NULL && seen[j] != NULL; j++)
				if (strcmp(seen[j], *t) == 0)
					break;
			if (seen != NULL && seen[j] != NULL)
				continue;
			util_strv_add(&seen, *t);
			if (b.len > 0)
				buf_addc(&b, ' ');
			buf_adds(&b, *t);
		}
	}
	util_strv_free(&seen);
	sources_list_free(&list);
	return buf_detach(&b);
}

/*
 * Create path with the bytes of b, only when nothing is there (O_EXCL: a
 * file, a directory or a dangling link all count); *exists says so.
 */
static int
create_excl(const char *path, const struct buf *b, int *exists, char **cause)
{
	char *dir, *slash;
	ssize_t w;
	size_t off = 0;
	int fd, saved;

	*exists = 0;
	dir = xstrdup(path);
	if ((slash = strrchr(dir, '/')) != NULL && slash != dir) {
		*slash = '\0';
		if (util_mkdirs(dir, cause) == -1) {
			free(dir);
			return -1;
		}
	}
	free(dir);
	fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd == -1) {
		if (errno == EEXIST) {
			*exists = 1;
			return -1;
		}
		return set_cause(cause, _("cannot create %s: %s"), path,
		    strerror(errno));
	}
	while (off < b->len) {
		if ((w = write(fd, b->data + off, b->len - off)) == -1) {
			if (errno == EINTR)
				continue;
			goto fail;
		}
		off += (size_t)w;
	}
	if (fsync(fd) == -1)
		goto fail;
	if (close(fd) == -1) {
		fd = -1;
		goto fail;
	}
	return 0;
fail:
	saved = errno;
	if (fd != -1)
		close(fd);
	unlink(path);	/* ours: O_EXCL made it */
	return set_cause(cause, _("cannot write %s: %s"), path,
	    strerror(saved));
}

int
cli_cmd_init(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "print", no_argument, NULL, 'p' },
		{ "tag", required_argument, NULL, 't' },
		{ NULL, 0, NULL, 0 },
	};
	struct buf in = BUF_INIT, out = BUF_INIT;
	char *path, *cause = NULL, **tags = NULL, *have;
	size_t n;
	int ch, print = 0, exists, rc = CLI_FAILURE;

	while ((ch = getopt_long(argc, argv, ":pt:", longopts, NULL)) != -1) {
		switch (ch) {
		case 'p':
			print = 1;
			break;
		case 't':
			util_strv_add(&tags, optarg);
			break;
		case ':':
			util_strv_free(&tags);
			return cli_usage("init", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			util_strv_free(&tags);
			return cli_usage("init", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc) {
		util_strv_free(&tags);
		return cli_usage("init", _("unexpected argument: %s"),
		    argv[optind]);
	}

	path = paths_data_file("sources");
	if (slurp(path, &in, &cause) == -1)
		goto fail;
	select_lines(path, &in, tags, &out, &n);
	if (n == 0) {
		have = list_tags(path, &in);
		cli_error(_("no source of the curated list has that tag; its "
		    "tags are: %s"), have);
		free(have);
		goto out;
	}
	if (print) {
		fwrite(buf_str(&out), 1, out.len, stdout);
		rc = CLI_OK;
		goto out;
	}
	if (create_excl(cli->paths.sources_file, &out, &exists,
	    &cause) == -1) {
		if (!exists)
			goto fail;
		cli_error(_("%s exists already, and pundit init never writes "
		    "over a sources file"), cli->paths.sources_file);
		fprintf(stderr, _("'pundit init --print' shows the curated "
		    "list; 'pundit add URL' adds a source.\n"));
		goto out;
	}
	printf(P_("Wrote %zu source to %s.\n", "Wrote %zu sources to %s.\n",
	    n), n, cli->paths.sources_file);
	printf(_("Edit the file to keep what you read; 'pundit fetch' "
	    "fetches them,\nand 'pundit' opens the interface.\n"));
	rc = CLI_OK;
	goto out;
fail:
	cli_error("%s", cause);
	free(cause);
out:
	util_strv_free(&tags);
	buf_free(&in);
	buf_free(&out);
	free(path);
	return rc;
}
