/* cli-articles.c - pundit list, show and mark. */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "buf.h"
#include "cli.h"
#include "cli-int.h"
#include "html.h"
#include "i18n.h"
#include "search.h"
#include "text.h"

/* Why the full text of an article is missing, when its page failed. */
struct page_failure {
	char		*error;		/* NULL: no failure recorded */
	int		 tries;
	time_t		 next;		/* 0: no more tries */
};

static void
article_json(struct buf *b, const struct article *a, int body,
    const struct page_failure *pf)
{
	char **tags;
	size_t i;

	buf_addf(b, "{\"id\":%lld", (long long)a->id);
	cli_json_str(b, "source", a->source_title);
	cli_json_str(b, "source_url", a->source_url);
	cli_json_str(b, "title", a->title);
	cli_json_str(b, "url", a->url);
	cli_json_str(b, "author", a->author);
	cli_json_time(b, "published", a->published);
	cli_json_time(b, "updated", a->updated);
	buf_addf(b, ",\"read\":%s,\"starred\":%s,\"tags\":[",
	    a->read ? "true" : "false", a->starred ? "true" : "false");
	tags = cli_article_tags(a);
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (i > 0)
			buf_addc(b, ',');
		text_json_quote(b, tags[i]);
	}
	util_strv_free(&tags);
	buf_addc(b, ']');
	if (body) {
		cli_json_str(b, "guid", a->guid);
		cli_json_str(b, "language", a->language);
		cli_json_str(b, "summary", a->summary);
		cli_json_str(b, "content", a->content);
		cli_json_str(b, "fulltext", a->fulltext);
	}
	if (pf != NULL) {
		cli_json_str(b, "fulltext_error", pf->error);
		buf_addf(b, ",\"fulltext_tries\":%d", pf->tries);
		cli_json_time(b, "fulltext_next", pf->next);
	}
	buf_adds(b, "}\n");
}

void
cli_article_line(const struct cli *cli, const struct article *a, int columns)
{
	char date[128], *src, *title, *cut;
	int width;

	cli_date(cli, a->published, date, sizeof date);
	src = text_sanitize(a->source_title != NULL ? a->source_title : "",
	    strlen(a->source_title != NULL ? a->source_title : ""),
	    TEXT_ONELINE);
	title = text_sanitize(a->title != NULL ? a->title : "",
	    strlen(a->title != NULL ? a->title : ""), TEXT_ONELINE);
	cut = text_fit(src, 18);
	printf("%6lld %c%c %s  %s  ", (long long)a->id, a->read ? ' ' : 'N',
	    a->starred ? '*' : ' ', date, cut);
	free(cut);
	if (columns > 0) {
		/* On a terminal, one line per article. */
		width = columns - 6 - 4 - text_width(date) - 2 - 18 - 2;
		cut = text_truncate(title, width > 8 ? width : 8);
		fputs(cut, stdout);
		free(cut);
	} else
		fputs(title, stdout);
	putchar('\n');
	free(src);
	free(title);
}

struct list_state {
	struct cli	*cli;
	int		 json;
	int		 columns;
	long		 count;
};

static int
list_one(const struct article *a, void *arg)
{
	struct list_state *ls = arg;
	struct buf b = BUF_INIT;
	ls->count++;
	if (ls->json) {
		article_json(&b, a, 0, NULL);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		return 0;
	}
	cli_article_line(ls->cli, a, ls->columns);
	return 0;
}

static int
list_hit(const struct article *a, const char *snippet, void *arg)
{
	(void)snippet;
	return list_one(a, arg);
}

/* list --source NAME of a saved search: its hits, newest first. */
static int
list_saved(struct cli *cli, const char *name, const struct store_filter *f,
    int json)
{
	struct search_query *q;
	struct list_state ls;
	char *cause = NULL, *query;
	int rc;

	if (search_saved_get(cli->store, name, &query, &cause) == -1)
		goto fail;
	if (query == NULL) {
		cli_error(_("no source %s (nor a saved search of that name)"),
		    name);
		return CLI_FAILURE;
	}
	rc = search_parse(query, strlen(query), &q, &cause);
	free(query);
	if (rc == -1)
		goto fail;
	search_query_narrow(q, f, 1);
	memset(&ls, 0, sizeof ls);
	ls.cli = cli;
	ls.json = json;
	ls.columns = cli_columns();
	rc = search_each(cli->store, q, f->limit, 0, 0, list_hit, &ls,
	    &cause);
	search_query_free(&q);
	if (rc == -1)
		goto fail;
	return CLI_OK;
fail:
	cli_error("%s", cause);
	free(cause);
	return CLI_FAILURE;
}

int
cli_cmd_list(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "unread", no_argument, NULL, 'u' },
		{ "starred", no_argument, NULL, 's' },
		{ "tag", required_argument, NULL, 't' },
		{ "source", required_argument, NULL, 'S' },
		{ "limit", required_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct store_filter f;
	struct list_state ls;
	struct source *s = NULL;
	const char *source = NULL;
	char *cause = NULL;
	long long n;
	int ch;

	memset(&f, 0, sizeof f);
	memset(&ls, 0, sizeof ls);
	while ((ch = getopt_long(argc, argv, ":ust:S:n:j", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'u':
			f.unread = 1;
			break;
		case 's':
			f.starred = 1;
			break;
		case 't':
			f.tag = optarg;
			break;
		case 'S':
			source = optarg;
			break;
		case 'n':
			if (util_parse_int(optarg, 0, 1000000000, &n) == -1)
				return cli_usage("list", _("--limit needs a "
				    "number, not \"%s\""), optarg);
			f.limit = n;
			break;
		case 'j':
			ls.json = 1;
			break;
		case ':':
			return cli_usage("list", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage("list", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind < argc)
		return cli_usage("list", _("unexpected argument: %s"),
		    argv[optind]);
	if (cli_store_read(cli) == -1)
		return CLI_FAILURE;
	if (source != NULL) {
		if (store_source_find(cli->store, source, &s, &cause) == -1)
			goto fail;
		if (s == NULL)
			return list_saved(cli, source, &f, ls.json);
		f.source_id = s->id;
		source_free(&s);
	}
	ls.cli = cli;
	ls.columns = cli_columns();
	if (store_article_each(cli->store, &f, list_one, &ls, &cause) == -1)
		goto fail;
	return CLI_OK;
fail:
	cli_error("%s", cause);
	free(cause);
	return CLI_FAILURE;
}

static void
print_wrapped(const char *text, int width, const char *first,
    const char *rest)
{
	char **lines;
	size_t i;
	int w;

	w = width - text_width(first);
	lines = text_wrap(text, w > 10 ? w : 10);
	for (i = 0; lines[i] != NULL; i++)
		printf("%s%s\n", i == 0 ? first : rest, lines[i]);
	util_strv_free(&lines);
}

static void
print_body(const struct article *a, int width)
{
	const char *html;
	struct html_text ht;
	struct buf ind = BUF_INIT, first = BUF_INIT;
	size_t i;
	int d;

	html = a->fulltext != NULL && *a->fulltext != '\0' ? a->fulltext :
	    a->content != NULL && *a->content != '\0' ? a->content :
	    a->summary;
	if (html == NULL || *html == '\0') {
		printf("%s\n", _("(this article has no text; open its URL)"));
		return;
	}
	html_render(html, strlen(html), a->url, &ht);
	for (i = 0; i < ht.nblocks; i++) {
		const struct html_block *bl = &ht.blocks[i];

		buf_reset(&ind);
		buf_reset(&first);
		if (i > 0)
			putchar('\n');
		switch (bl->kind) {
		case HTML_ITEM:
			for (d = 1; d < bl->depth; d++)
				buf_adds(&ind, "  ");
			if (bl->ordinal > 0)
				buf_addf(&first, "%s%d. ", buf_str(&ind),
				    bl->ordinal);
			else if (bl->ordinal == 0)
				buf_addf(&first, "%s• ", buf_str(&ind));
			else
				buf_addf(&first, "%s  ", buf_str(&ind));
			while (text_width(buf_str(&ind)) <
			    text_width(buf_str(&first)))
				buf_addc(&ind, ' ');
			print_wrapped(bl->text, width, buf_str(&first),
			    buf_str(&ind));
			break;
		case HTML_QUOTE:
			for (d = 0; d < bl->depth; d++)
				buf_adds(&ind, "│ ");
			print_wrapped(bl->text, width, buf_str(&ind),
			    buf_str(&ind));
			break;
		case HTML_PRE:
			printf("%s\n", bl->text);
			break;
		case HTML_HEADING:
		case HTML_PARAGRAPH:
			print_wrapped(bl->text, width, "", "");
			break;
		}
	}
	if (ht.nlinks > 0)
		printf("\n%s\n", _("Links:"));
	for (i = 0; i < ht.nlinks; i++)
		printf("[%zu] %s\n", i + 1, ht.links[i]);
	buf_free(&ind);
	buf_free(&first);
	html_text_free(&ht);
}

/* The failure of the article's page, if its full text is missing. */
static void
page_failure(struct cli *cli, const struct article *a,
    struct page_failure *pf)
{
	char *cause = NULL;

	memset(pf, 0, sizeof *pf);
	if (a->fulltext != NULL && *a->fulltext != '\0')
		return;
	if (store_fulltext_error(cli->store, a->id, &pf->error, &pf->tries,
	    &pf->next, &cause) == -1) {
		/* Only a note is lost: show the article all the same. */
		free(cause);
		memset(pf, 0, sizeof *pf);
	}
}

static char *
page_failure_note(const struct cli *cli, const struct page_failure *pf)
{
	char date[128];

	cli_date(cli, pf->next, date, sizeof date);
	return article_page_note(pf->error, pf->tries, pf->next, date,
	    time(NULL));
}

static void
header_line(const char *label, const char *value, int width)
{
	char *clean, *rest;

	if (value == NULL || *value == '\0')
		return;
	clean = text_sanitize(value, strlen(value), TEXT_ONELINE);
	/* Lines after the first start under the value, whatever the label. */
	rest = xasprintf("%*s", text_width(label), "");
	print_wrapped(clean, width, label, rest);
	free(rest);
	free(clean);
}

int
cli_cmd_show(struct cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "width", required_argument, NULL, 'w' },
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 },
	};
	struct article *a = NULL;
	struct page_failure pf;
	struct buf b = BUF_INIT;
	char *cause = NULL, **tags, date[128], *note;
	long long id, n;
	int ch, json = 0, width = 0;
	size_t i;

	while ((ch = getopt_long(argc, argv, ":w:j", longopts,
	    NULL)) != -1) {
		switch (ch) {
		case 'w':
			if (util_parse_int(optarg, 20, 1000, &n) == -1)
				return cli_usage("show", _("--width needs a "
				    "number from 20 to 1000, not \"%s\""),
				    optarg);
			width = n;
			break;
		case 'j':
			json = 1;
			break;
		case ':':
			return cli_usage("show", _("option %s needs an "
			    "argument"), argv[optind - 1]);
		default:
			return cli_usage("show", _("unknown option: %s"),
			    argv[optind - 1]);
		}
	}
	if (optind + 1 != argc)
		return cli_usage("show", _("show needs one article ID"));
	if (cli_parse_id(argv[optind], &id) == -1)
		return cli_usage("show", _("not an article ID: %s"),
		    argv[optind]);
	if (width == 0)
		width = conf_get_int(cli->conf, "show-width");
	if (width == 0)
		width = cli_columns();
	if (width < 20)
		width = 80;
	if (cli_store_read(cli) == -1)
		return CLI_FAILURE;
	if (store_article_get(cli->store, id, &a, &cause) == -1) {
		cli_error("%s", cause);
		free(cause);
		return CLI_FAILURE;
	}
	if (a == NULL) {
		cli_error(_("no article with ID %lld"), id);
		return CLI_FAILURE;
	}
	page_failure(cli, a, &pf);
	if (json) {
		article_json(&b, a, 1, &pf);
		fputs(buf_str(&b), stdout);
		buf_free(&b);
		free(pf.error);
		article_free(&a);
		return CLI_OK;
	}
	header_line(_("Title:   "), a->title, width);
	header_line(_("Source:  "), a->source_title, width);
	header_line(_("Author:  "), a->author, width);
	cli_date(cli, a->published, date, sizeof date);
	header_line(_("Date:    "), date, width);
	header_line(_("Link:    "), a->url, width);
	tags = cli_article_tags(a);
	for (i = 0; tags != NULL && tags[i] != NULL; i++) {
		if (i > 0)
			buf_adds(&b, ", ");
		buf_adds(&b, tags[i]);
	}
	util_strv_free(&tags);
	header_line(_("Tags:    "), buf_str(&b), width);
	buf_free(&b);
	if (pf.error != NULL) {
		note = page_failure_note(cli, &pf);
		header_line(_("Full text: "), note, width);
		free(note);
		free(pf.error);
	}
	putchar('\n');
	print_body(a, width);
	article_free(&a);
	return CLI_OK;
}

int
cli_cmd_mark(struct cli *cli, int argc, char **argv)
{
	static const struct {
		const char	*name;
		enum store_flag	 flag;
		int		 value;
	} actions[] = {
		{ "read", STORE_FLAG_READ, 1 },
		{ "unread", STORE_FLAG_READ, 0 },
		{ "star", STORE_FLAG_STARRED, 1 },
		{ "unstar", STORE_FLAG_STARRED, 0 },
	};
	char *cause = NULL;
	long long id;
	size_t a;
	int i, rc = CLI_OK;

	if (argc < 3)
		return cli_usage("mark", _("mark needs an article ID and "
		    "read, unread, star or unstar"));
	for (a = 0; a < NITEMS(actions); a++)
		if (strcmp(argv[argc - 1], actions[a].name) == 0)
			break;
	if (a == NITEMS(actions))
		return cli_usage("mark", _("not read, unread, star or "
		    "unstar: %s"), argv[argc - 1]);
	for (i = 1; i < argc - 1; i++)
		if (cli_parse_id(argv[i], &id) == -1)
			return cli_usage("mark", _("not an article ID: %s"),
			    argv[i]);
	if (cli_store(cli) == -1)
		return CLI_FAILURE;
	for (i = 1; i < argc - 1; i++) {
		cli_parse_id(argv[i], &id);
		if (store_article_set_flag(cli->store, id, actions[a].flag,
		    actions[a].value, &cause) == -1) {
			cli_error("%s", cause);
			free(cause);
			cause = NULL;
			rc = CLI_FAILURE;
		}
	}
	return rc;
}
