/* cli-extract.c - pundit extract: the article in a page, as text or JSON. */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "extract.h"
#include "fetch.h"
#include "i18n.h"
#include "text.h"

/* Pages larger than this are cut: no article is that long. */
#define EXTRACT_READ_MAX (32 * 1024 * 1024)

struct got_page {
	struct buf	 body;
	char		*url;
	char		*type;
	char		*error;
};

static int
read_file(const char *path, struct buf *b, char **cause)
{
	char chunk[65536];
	FILE *f;
	size_t n;
	int error;

	if (strcmp(path, "-") == 0)
		f = stdin;
	else if ((f = fopen(path, "rb")) == NULL)
		return set_cause(cause, _("cannot open %s: %s"), path,
		    strerror(errno));
	while ((n = fread(chunk, 1, sizeof chunk, f)) > 0 &&
	    b->len < EXTRACT_READ_MAX)
		buf_add(b, chunk, n);
	error = ferror(f) ? errno : 0;
	if (f != stdin)
		fclose(f);
	if (error != 0)
		return set_cause(cause, _("cannot read %s: %s"), path,
		    strerror(error));
	return 0;
}

static void
page_done(struct fetch_result *res, void *arg)
{
	struct got_page *g = arg;

	if (res->status != FETCH_OK) {
		g->error = xstrdup(res->error != NULL ? res->error :
		    fetch_status_name(res->status));
		return;
	}
	g->body = res->body;
	memset(&res->body, 0, sizeof res->body);
	if (res->effective_url != NULL)
		g->url = xstrdup(res->effective_url);
	if (res->content_type != NULL)
		g->type = xstrdup(res->content_type);
}

static int
fetch_page(struct cli *cli, const char *url, struct got_page *g,
    char **cause)
{
	struct fetch_opts opts;
	struct fetch_request req;
	struct fetch *f;

	memset(&opts, 0, sizeof opts);
	opts.timeout = conf_get_int(cli->conf, "fetch-timeout");
	if ((f = fetch_new(&opts, cause)) == NULL)
		return -1;
	memset(&req, 0, sizeof req);
	req.url = url;
	req.done = page_done;
	req.arg = g;
	fetch_add(f, &req);
	fetch_run(f);
	fetch_free(&f);
	if (g->error != NULL) {
		set_cause(cause, _("cannot fetch page %s: %s"), url, g->error);
		return -1;
	}
	return 0;
}

static void
print_json(const struct extract *e)
{
	struct buf b = BUF_INIT;
	char date[32], *text;

	buf_adds(&b, "{\"title\":");
	if (e->title != NULL)
		text_json_quote(&b, e->title);
	else
		buf_adds(&b, "null");
	cli_json_str(&b, "author", e->author);
	cli_json_str(&b, "date", e->date);
	if (e->published != 0) {
		util_rfc3339(e->published, date, sizeof date);
		cli_json_str(&b, "published", date);
	} else
		cli_json_str(&b, "published", NULL);
	cli_json_str(&b, "lead", e->lead);
	cli_json_str(&b, "site", e->site_name);
	cli_json_str(&b, "language", e->language);
	cli_json_str(&b, "url", e->url);
	text = extract_plain(e);
	cli_json_str(&b, "text", text);
	free(text);
	cli_json_str(&b, "html", e->html);
	buf_adds(&b, "}\n");
	fwrite(buf_str(&b), 1, b.len, stdout);
	buf_free(&b);
}

static void
wrapped(const char *first, const char *rest, const char *text, int width)
{
	char **lines;
	size_t i;
	int w = width - text_width(first);

	lines = text_wrap(text, w > 10 ? w : 10);
	for (i = 0; lines[i] != NULL; i++)
		printf("%s%s\n", i == 0 ? first : rest, lines[i]);
	util_strv_free(&lines);
}

static void
print_text(const struct extract *e, int width)
{
	const struct html_block *bl;
	char date[64], first[64], rest[64];
	size_t i;
	int d, n;

	if (e->title != NULL)
		wrapped("", "", e->title, width);
	if (e->author != NULL)
		wrapped(_("By "), "   ", e->author, width);
	if (e->published != 0) {
		util_rfc3339(e->published, date, sizeof date);
		printf("%s\n", date);
	} else if (e->date != NULL)
		wrapped("", "", e->date, width);
	if (e->title != NULL || e->author != NULL || e->date != NULL)
		putchar('\n');
	for (i = 0; i < e->body.nblocks; i++) {
		bl = &e->body.blocks[i];
		if (i > 0)
			putchar('\n');
		first[0] = rest[0] = '\0';
		n = 0;
		for (d = 1; d < bl->depth && d < 10; d++)
			n += snprintf(rest + n, sizeof rest - (size_t)n,
			    bl->kind == HTML_QUOTE ? "| " : "  ");
		if (bl->kind == HTML_QUOTE)
			snprintf(rest + n, sizeof rest - (size_t)n, "| ");
		if (bl->kind == HTML_ITEM && bl->ordinal > 0)
			snprintf(first, sizeof first, "%s%d. ", rest,
			    bl->ordinal);
		else if (bl->kind == HTML_ITEM && bl->ordinal == 0)
			snprintf(first, sizeof first, "%s* ", rest);
		else if (bl->kind == HTML_ITEM)
			snprintf(first, sizeof first, "%s  ", rest);
		else
			snprintf(first, sizeof first, "%s", rest);
		if (bl->kind == HTML_ITEM)
			snprintf(rest, sizeof rest, "%*s", text_width(first),
			    "");
		if (bl->kind == HTML_PRE)
			printf("%s\n", bl->text);
		else
			wrapped(first, rest, bl->text, width);
	}
	if (e->body.nlinks > 0)
		printf("\n%s\n", _("Links:"));
	for (i = 0; i < e->body.nlinks; i++)
		printf("[%zu] %s\n", i + 1, e->body.links[i]);
}

int
cli_cmd_extract(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "content-type", required_argument, NULL, 't' },
		{ "json", no_argument, NULL, 'j' },
		{ "plain", no_argument, NULL, 'p' },
		{ "width", required_argument, NULL, 'w' },
		{ NULL, 0, NULL, 0 },
	};
	struct got_page g;
	struct extract *e;
	const char *url = NULL, *type = NULL, *arg;
	char *cause = NULL, *text;
	long long n;
	int ch, json = 0, plain = 0, width = 0, rc;

	while ((ch = getopt_long(argc, argv, ":u:t:jpw:", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			url = optarg;
			break;
		case 't':
			type = optarg;
			break;
		case 'j':
			json = 1;
			break;
		case 'p':
			plain = 1;
			break;
		case 'w':
			if (util_parse_int(optarg, 20, 1000, &n) == -1)
				return cli_usage("extract", _("--width needs a "
				    "number from 20 to 1000"));
			width = (int)n;
			break;
		case ':':
			return cli_usage("extract", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage("extract", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind >= argc)
		return cli_usage("extract", _("extract needs a file, a URL "
		    "or -"));
	if (optind + 1 < argc)
		return cli_usage("extract", _("unexpected argument: %s"),
		    argv[optind + 1]);
	arg = argv[optind];
	memset(&g, 0, sizeof g);
	if (strncmp(arg, "http://", 7) == 0 || strncmp(arg, "https://", 8) == 0)
		rc = fetch_page(cli, arg, &g, &cause);
	else
		rc = read_file(arg, &g.body, &cause);
	if (rc == -1) {
		cli_error("%s", cause);
		free(cause);
		buf_free(&g.body);
		free(g.error);
		return CLI_FAILURE;
	}
	if (url == NULL)
		url = g.url;
	if (type == NULL)
		type = g.type;
	e = extract_page(buf_str(&g.body), g.body.len, url, type);
	if (json)
		print_json(e);
	else if (plain) {
		text = extract_plain(e);
		fputs(text, stdout);
		free(text);
	} else {
		if (width == 0)
			width = conf_get_int(cli->conf, "show-width");
		if (width == 0)
			width = cli_columns();
		if (width < 20)
			width = 80;
		print_text(e, width);
	}
	extract_free(&e);
	buf_free(&g.body);
	free(g.url);
	free(g.type);
	return CLI_OK;
}
