/* cli-parse.c - pundit parse: what the feed parser makes of a file, as JSON. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "feed.h"
#include "i18n.h"
#include "text.h"

/* Bytes read and handed to the parser at a time, as a fetch would. */
#define PARSE_CHUNK 65536

static void
item_json(struct buf *b, const struct feed_item *it)
{
	const struct feed_enclosure *e;
	char *key;
	size_t i;

	key = feed_item_key(it);
	buf_adds(b, "{\"key\":");
	text_json_quote(b, key);
	free(key);
	cli_json_str(b, "guid", it->guid);
	cli_json_str(b, "link", it->link);
	cli_json_str(b, "title", it->title);
	cli_json_strv(b, "authors", it->authors);
	cli_json_time(b, "published", it->published);
	cli_json_time(b, "updated", it->updated);
	cli_json_str(b, "summary", it->summary);
	cli_json_str(b, "content", it->content);
	cli_json_strv(b, "categories", it->categories);
	buf_adds(b, ",\"enclosures\":[");
	for (i = 0; i < it->nenclosures; i++) {
		e = &it->enclosures[i];
		buf_adds(b, i > 0 ? ",{\"url\":" : "{\"url\":");
		text_json_quote(b, e->url);
		cli_json_str(b, "type", e->type);
		if (e->length >= 0)
			buf_addf(b, ",\"length\":%lld}", e->length);
		else
			buf_adds(b, ",\"length\":null}");
	}
	buf_addc(b, ']');
	cli_json_str(b, "language", it->language);
	cli_json_str(b, "source_title", it->source_title);
	cli_json_str(b, "source_url", it->source_url);
	buf_addc(b, '}');
}

static void
feed_json(struct buf *b, const struct feed *f)
{
	size_t i;

	buf_addf(b, "{\"format\":\"%s\"", feed_format_name(f->format));
	cli_json_str(b, "title", f->title);
	cli_json_str(b, "link", f->link);
	cli_json_str(b, "self", f->self);
	cli_json_str(b, "language", f->language);
	cli_json_str(b, "encoding", f->encoding);
	cli_json_time(b, "updated", f->updated);
	cli_json_str(b, "error", f->error);
	buf_adds(b, ",\"items\":[");
	for (i = 0; i < f->nitems; i++) {
		if (i > 0)
			buf_addc(b, ',');
		item_json(b, &f->items[i]);
	}
	buf_adds(b, "]}\n");
}

/* Parse one file ("-": stdin) into b; -1 with a cause on failure. */
static int
parse_file(const char *path, const char *url, const char *type,
    struct buf *b, char **cause)
{
	struct feed_parser *p;
	struct feed *feed;
	FILE *f;
	char *chunk;
	size_t n;
	int error;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "rb")) == NULL)
		return set_cause(cause, _("cannot open %s: %s"), path,
		    strerror(errno));
	p = feed_parser_new(url, type);
	chunk = xmalloc(PARSE_CHUNK);
	while ((n = fread(chunk, 1, PARSE_CHUNK, f)) > 0)
		feed_parser_push(p, chunk, n);
	free(chunk);
	error = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (error != 0) {
		feed_parser_free(&p);
		return set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(error));
	}
	if ((feed = feed_parser_finish(&p, cause)) == NULL)
		return -1;
	feed_json(b, feed);
	feed_free(&feed);
	return 0;
}

/*
 * --batch: lines of "FILE<TAB>URL<TAB>TYPE" (URL and TYPE may be empty)
 * on stdin, one JSON object a line out; a file that cannot be parsed gives
 * {"file":..., "cause":...}.
 */
static int
parse_batch(void)
{
	struct buf b = BUF_INIT;
	char *line = NULL, *url, *type, *cause = NULL;
	size_t size = 0;
	ssize_t len;

	while ((len = getline(&line, &size, stdin)) != -1) {
		if (len > 0 && line[len - 1] == '\n')
			line[--len] = '\0';
		if (len == 0)
			continue;
		url = type = NULL;
		if ((url = strchr(line, '\t')) != NULL) {
			*url++ = '\0';
			if ((type = strchr(url, '\t')) != NULL)
				*type++ = '\0';
		}
		buf_reset(&b);
		if (parse_file(line, url != NULL && *url != '\0' ? url : NULL,
		    type != NULL && *type != '\0' ? type : NULL, &b,
		    &cause) == -1) {
			buf_adds(&b, "{\"file\":");
			text_json_quote(&b, line);
			cli_json_str(&b, "cause", cause);
			buf_adds(&b, "}\n");
			free(cause);
			cause = NULL;
		}
		fwrite(buf_str(&b), 1, b.len, stdout);
		fflush(stdout);
	}
	free(line);
	buf_free(&b);
	return CLI_OK;
}

int
cli_cmd_parse(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "content-type", required_argument, NULL, 't' },
		{ "batch", no_argument, NULL, 'b' },
		{ NULL, 0, NULL, 0 },
	};
	struct buf b = BUF_INIT;
	const char *url = NULL, *type = NULL;
	char *cause = NULL;
	int ch, batch = 0;

	while ((ch = getopt_long(argc, argv, ":u:t:b", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			url = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'b':
			batch = 1;
			break;
		case ':':
			return cli_usage("parse", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage("parse", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (batch) {
		if (optind < argc)
			return cli_usage("parse", _("unexpected argument: "
			    "%s"), argv[optind]);
		return parse_batch();
	}
	if (optind >= argc)
		return cli_usage("parse", _("parse needs a file (or -)"));
	if (optind + 1 < argc)
		return cli_usage("parse", _("unexpected argument: %s"),
		    argv[optind + 1]);
	if (parse_file(argv[optind], url, type, &b, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
	return CLI_OK;
}
