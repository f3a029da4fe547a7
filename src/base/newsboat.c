/* newsboat.c - newsboat's urls file and its filter language, translated. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "conf.h"
#include "i18n.h"
#include "newsboat.h"
#include "text.h"
#include "util.h"

/* Deepest nesting of parentheses a filter may have. */
#define NB_DEPTH_MAX	32

enum nb_token {
	NB_END,
	NB_LPAREN,
	NB_RPAREN,
	NB_WORD,	/* attribute, and, or, number, unquoted value */
	NB_STRING,	/* "quoted" */
	NB_OP,
};

struct nb_lexer {
	const char	*s;
	size_t		 i;
	enum nb_token	 tok;
	size_t		 start;		/* of the token in s */
	char		*text;		/* word, string (unescaped) or op */
	int		 depth;
};

/* A translation: the query text, and whether it is one positive word or
   phrase (or several joined by OR), which OR may join further. */
struct nb_part {
	struct buf	 b;
	int		 term;
};

static int nb_or(struct nb_lexer *, struct nb_part *, char **);

static int
nb_word_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.' ||
	    c == ':';
}

/* Read the next token; -1 with a cause on an unterminated string. */
static int
nb_next(struct nb_lexer *lx, char **cause)
{
	static const char *const ops[] = {
		"=~", "!~", "!=", "!#", "<=", ">=", "=", "#", "<", ">",
	};
	struct buf b = BUF_INIT;
	const char *s = lx->s;
	size_t i, n;

	free(lx->text);
	lx->text = NULL;
	while (s[lx->i] == ' ' || s[lx->i] == '\t')
		lx->i++;
	lx->start = lx->i;
	if (s[lx->i] == '\0') {
		lx->tok = NB_END;
		return 0;
	}
	if (s[lx->i] == '(' || s[lx->i] == ')') {
		lx->tok = s[lx->i] == '(' ? NB_LPAREN : NB_RPAREN;
		lx->i++;
		return 0;
	}
	if (s[lx->i] == '"') {
		for (i = lx->i + 1; s[i] != '"'; i++) {
			if (s[i] == '\0') {
				buf_free(&b);
				return set_cause(cause, _("unterminated "
				    "string in the filter: %s"), s + lx->i);
			}
			if (s[i] == '\\' && s[i + 1] != '\0')
				i++;
			buf_addc(&b, s[i]);
		}
		lx->i = i + 1;
		lx->tok = NB_STRING;
		lx->text = buf_detach(&b);
		return 0;
	}
	for (i = 0; i < NITEMS(ops); i++) {
		n = strlen(ops[i]);
		if (strncmp(s + lx->i, ops[i], n) == 0) {
			lx->tok = NB_OP;
			lx->text = xstrdup(ops[i]);
			lx->i += n;
			return 0;
		}
	}
	for (i = lx->i; nb_word_char(s[i]); i++)
		;
	if (i == lx->i)
		return set_cause(cause, _("cannot read the filter at: %s"),
		    s + lx->i);
	lx->tok = NB_WORD;
	lx->text = xstrndup(s + lx->i, i - lx->i);
	lx->i = i;
	return 0;
}

/* The part of the filter from start to the current token, for messages. */
static char *
nb_excerpt(const struct nb_lexer *lx, size_t start)
{
	size_t end = lx->start;

	while (end > start && (lx->s[end - 1] == ' ' ||
	    lx->s[end - 1] == '\t'))
		end--;
	return xstrndup(lx->s + start, end - start);
}

/* Whether a regular expression is plain words (no operator in it). */
static int
nb_plain(const char *re)
{
	return *re != '\0' && strpbrk(re, "^$*+?()[]{}|\\") == NULL;
}

/* Append key:value (key NULL: a phrase), quoted when it must be. */
static int
nb_add(struct buf *b, int neg, const char *key, const char *value)
{
	const unsigned char *p;
	int quote = key == NULL || *value == '\0';

	if (strchr(value, '"') != NULL)
		return -1;
	for (p = (const unsigned char *)value; *p != '\0'; p++)
		if (*p <= ' ' || *p == 0x7f || (p[0] == 0xe3 &&
		    p[1] == 0x80 && p[2] == 0x80))
			quote = 1;
	if (b->len > 0)
		buf_addc(b, ' ');
	if (neg)
		buf_addc(b, '-');
	if (key != NULL)
		buf_addf(b, "%s:", key);
	buf_addf(b, quote ? "\"%s\"" : "%s", value);
	return 0;
}

/* One comparison: attribute, operator, value. */
static int
nb_compare(struct nb_lexer *lx, struct nb_part *out, char **cause)
{
	const char *key = NULL, *why = NULL;
	char *attr = NULL, *op = NULL, *value = NULL, *what;
	size_t start = lx->start;
	int rc = -1, neg = 0, eq, match, yes;

	if (lx->tok != NB_WORD)
		return set_cause(cause, _("expected an attribute in the "
		    "filter at: %s"), lx->s + lx->start);
	attr = lx->text;
	lx->text = NULL;
	if (nb_next(lx, cause) == -1)
		goto out;
	if (lx->tok != NB_OP && !(lx->tok == NB_WORD &&
	    strcmp(lx->text, "between") == 0)) {
		set_cause(cause, _("expected an operator after %s in the "
		    "filter"), attr);
		goto out;
	}
	op = lx->text;
	lx->text = NULL;
	if (nb_next(lx, cause) == -1)
		goto out;
	if (lx->tok != NB_STRING && lx->tok != NB_WORD) {
		set_cause(cause, _("expected a value after %s %s in the "
		    "filter"), attr, op);
		goto out;
	}
	value = lx->text;
	lx->text = NULL;
	if (nb_next(lx, cause) == -1)
		goto out;

	eq = strcmp(op, "=") == 0 || strcmp(op, "!=") == 0;
	match = strcmp(op, "=~") == 0 || strcmp(op, "!~") == 0;
	neg = op[0] == '!';
	out->term = 0;
	if (strcmp(attr, "unread") == 0 && eq) {
		yes = strcmp(value, "yes") == 0;
		if (!yes && strcmp(value, "no") != 0)
			why = "";
		else
			nb_add(&out->b, 0, "is", yes != neg ? "unread" :
			    "read");
	} else if (strcmp(attr, "tags") == 0 &&
	    (strcmp(op, "#") == 0 || strcmp(op, "!#") == 0))
		key = "tag";
	else if (strcmp(attr, "title") == 0 && match)
		key = "title";
	else if (strcmp(attr, "author") == 0 && (eq || match))
		key = "author";
	else if ((strcmp(attr, "feedtitle") == 0 ||
	    strcmp(attr, "rssurl") == 0) && (eq || match))
		key = "source";
	else if ((strcmp(attr, "content") == 0 ||
	    strcmp(attr, "description") == 0) && match) {
		key = "";
		out->term = !neg;
	} else
		why = "";
	if (why == NULL && key != NULL) {
		if (match && !nb_plain(value))
			why = _("a regular expression, not plain words");
		else if (nb_add(&out->b, neg, *key != '\0' ? key : NULL,
		    value) == -1)
			why = _("a double quote in a value");
	}
	if (why != NULL) {
		what = nb_excerpt(lx, start);
		set_cause(cause, "%s: %s", *why != '\0' ? why :
		    _("no counterpart in pundit's search"), what);
		free(what);
		goto out;
	}
	rc = 0;
out:
	free(attr);
	free(op);
	free(value);
	return rc;
}

static int
nb_primary(struct nb_lexer *lx, struct nb_part *out, char **cause)
{
	if (lx->tok != NB_LPAREN)
		return nb_compare(lx, out, cause);
	if (++lx->depth > NB_DEPTH_MAX)
		return set_cause(cause, _("the filter nests too deep"));
	if (nb_next(lx, cause) == -1 || nb_or(lx, out, cause) == -1)
		return -1;
	if (lx->tok != NB_RPAREN)
		return set_cause(cause, _("missing ) in the filter"));
	lx->depth--;
	return nb_next(lx, cause);
}

static int
nb_and(struct nb_lexer *lx, struct nb_part *out, char **cause)
{
	struct nb_part one;
	int n = 0, rc;

	for (;;) {
		memset(&one, 0, sizeof one);
		rc = nb_primary(lx, &one, cause);
		if (rc == 0) {
			if (out->b.len > 0)
				buf_addc(&out->b, ' ');
			buf_add(&out->b, one.b.data, one.b.len);
			out->term = n == 0 && one.term;
			n++;
		}
		buf_free(&one.b);
		if (rc == -1)
			return -1;
		if (lx->tok != NB_WORD || strcmp(lx->text, "and") != 0)
			return 0;
		if (nb_next(lx, cause) == -1)
			return -1;
	}
}

static int
nb_or(struct nb_lexer *lx, struct nb_part *out, char **cause)
{
	struct nb_part one;
	size_t start = lx->start;
	char *what;
	int rc;

	if (nb_and(lx, out, cause) == -1)
		return -1;
	while (lx->tok == NB_WORD && strcmp(lx->text, "or") == 0) {
		if (nb_next(lx, cause) == -1)
			return -1;
		memset(&one, 0, sizeof one);
		rc = nb_and(lx, &one, cause);
		if (rc == 0 && (!out->term || !one.term)) {
			what = nb_excerpt(lx, start);
			set_cause(cause, _("pundit's search joins only words "
			    "and phrases with OR: %s"), what);
			free(what);
			rc = -1;
		}
		if (rc == 0) {
			buf_adds(&out->b, " OR ");
			buf_add(&out->b, one.b.data, one.b.len);
		}
		buf_free(&one.b);
		if (rc == -1)
			return -1;
	}
	return 0;
}

char *
newsboat_filter(const char *expr, char **cause)
{
	struct nb_lexer lx;
	struct nb_part out;
	int rc;

	memset(&lx, 0, sizeof lx);
	memset(&out, 0, sizeof out);
	lx.s = expr;
	rc = nb_next(&lx, cause);
	if (rc == 0 && lx.tok == NB_END)
		rc = set_cause(cause, _("empty filter"));
	if (rc == 0)
		rc = nb_or(&lx, &out, cause);
	if (rc == 0 && lx.tok == NB_RPAREN)
		rc = set_cause(cause, _("unbalanced ) in the filter"));
	else if (rc == 0 && lx.tok != NB_END)
		rc = set_cause(cause, _("expected and or or in the filter "
		    "at: %s"), expr + lx.start);
	free(lx.text);
	if (rc == -1) {
		buf_free(&out.b);
		return NULL;
	}
	return buf_detach(&out.b);
}

struct nb_state {
	struct sources_import	 *imp;
	const char		 *name;
	char			***errors;
};

static void
nb_skip(struct nb_state *st, int line, const char *fmt, const char *arg)
{
	char *msg;

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	msg = xasprintf(fmt, arg);
#pragma GCC diagnostic pop
	conf_error(&st->imp->skipped, st->name, line, msg);
	free(msg);
}

static void
nb_query(struct nb_state *st, const char *word, int line)
{
	const struct sources_list *list = &st->imp->list;
	const char *colon;
	char *name, *query, *cause = NULL, *msg;
	size_t i;

	if ((colon = strchr(word, ':')) == NULL || colon == word) {
		nb_skip(st, line, _("skipped: query line without a name and "
		    "a filter: %s"), word - 6);
		return;
	}
	name = xstrndup(word, colon - word);
	msg = text_sanitize(name, strlen(name), TEXT_ONELINE);
	free(name);
	name = msg;
	for (i = 0; i < list->nqueries; i++)
		if (strcmp(list->queries[i].name, name) == 0)
			break;
	if (i < list->nqueries) {
		msg = xasprintf(_("query \"%s\" not imported: already on line "
		    "%d"), name, list->queries[i].line);
		conf_error(&st->imp->skipped, st->name, line, msg);
		free(msg);
	} else if ((query = newsboat_filter(colon + 1, &cause)) == NULL) {
		msg = xasprintf(_("query \"%s\" not imported: %s"), name,
		    cause);
		conf_error(&st->imp->skipped, st->name, line, msg);
		free(msg);
		free(cause);
	} else {
		msg = text_sanitize(query, strlen(query), TEXT_ONELINE);
		sources_import_query(st->imp, name, msg, line);
		free(msg);
		free(query);
	}
	free(name);
}

/* Whether w starts with a URL scheme and a colon. */
static int
nb_has_scheme(const char *w)
{
	const char *p = w;

	if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z')))
		return 0;
	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	    (*p >= '0' && *p <= '9') || *p == '+' || *p == '-' || *p == '.')
		p++;
	return *p == ':';
}

static void
nb_line(char **argv, int argc, int line, void *arg)
{
	struct nb_state *st = arg;
	struct source *s;
	char *cause = NULL, *msg, *tag;
	int i;

	if (strncmp(argv[0], "query:", 6) == 0) {
		nb_query(st, argv[0] + 6, line);
		return;
	}
	if (strncmp(argv[0], "exec:", 5) == 0 ||
	    strncmp(argv[0], "filter:", 7) == 0) {
		nb_skip(st, line, _("skipped: %s runs a program, which pundit "
		    "does not do"), argv[0]);
		return;
	}
	if (!nb_has_scheme(argv[0])) {
		msg = xasprintf(_("not a URL: %s"), argv[0]);
		conf_error(st->errors, st->name, line, msg);
		free(msg);
		return;
	}
	for (i = 1; i < argc; i++)
		if (strcmp(argv[i], "!") == 0) {
			nb_skip(st, line, _("skipped: %s is hidden (tag \"!\")"),
			    argv[0]);
			return;
		}
	if (sources_url_valid(argv[0], &cause) == -1) {
		nb_skip(st, line, _("skipped: %s"), cause);
		free(cause);
		return;
	}
	s = source_new(argv[0]);
	s->in_file = 1;
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '~') {
			free(s->name);
			s->name = text_sanitize(argv[i] + 1,
			    strlen(argv[i] + 1), TEXT_ONELINE);
			if (*s->name == '\0') {
				free(s->name);
				s->name = NULL;
			}
		} else if ((tag = sources_tag_clean(argv[i])) != NULL) {
			size_t j;

			for (j = 0; s->tags != NULL && s->tags[j] != NULL; j++)
				if (strcmp(s->tags[j], tag) == 0)
					break;
			if (s->tags == NULL || s->tags[j] == NULL)
				util_strv_add(&s->tags, tag);
			free(tag);
		}
	}
	sources_list_add(&st->imp->list, s);
}

int
newsboat_parse(const char *text, size_t len, const char *name,
    struct sources_import *imp, char **cause)
{
	struct nb_state st;
	char **errors = NULL;

	memset(imp, 0, sizeof *imp);
	st.imp = imp;
	st.name = name;
	st.errors = &errors;
	conf_each_line(text, len, name, &errors, nb_line, &st);
	if (errors != NULL) {
		set_cause(cause, "%s", errors[0]);
		util_strv_free(&errors);
		sources_import_free(imp);
		return -1;
	}
	return 0;
}
