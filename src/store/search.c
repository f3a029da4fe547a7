/* search.c - the search language: user text to an FTS5 expression. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "buf.h"
#include "i18n.h"
#include "search-int.h"
#include "text.h"

/* One item of a query as typed. */
struct search_item {
	int	 neg;		/* -item */
	int	 is_or;		/* the word OR */
	char	*key;		/* tag, source, ... or NULL for a term */
	char	*value;
};

struct search_parser {
	const char		*s;
	size_t			 len;
	size_t			 i;
	struct search_item	 items[SEARCH_MAX_TERMS];
	size_t			 n;
};

static const char *const search_keys[] = {
	"tag", "source", "author", "title", "after", "before", "is",
};

/* Spaces, controls and the ideographic space separate items. */
static size_t
search_space(const struct search_parser *p, size_t i)
{
	unsigned char c = (unsigned char)p->s[i];

	if (c <= ' ' || c == 0x7f)
		return 1;
	if (c == 0xe3 && i + 2 < p->len && (unsigned char)p->s[i + 1] == 0x80 &&
	    (unsigned char)p->s[i + 2] == 0x80)
		return 3;
	return 0;
}

/* Read a quoted string at p->i == '"'; NULL with a cause if unterminated. */
static char *
search_quoted(struct search_parser *p, char **cause)
{
	const char *end;
	char *rest;
	size_t start = p->i + 1;

	end = memchr(p->s + start, '"', p->len - start);
	if (end == NULL) {
		/* The query is len bytes, not a C string. */
		rest = xstrndup(p->s + p->i, p->len - p->i);
		set_cause(cause, _("unterminated quote in query: %s"), rest);
		free(rest);
		return NULL;
	}
	p->i = (size_t)(end - p->s) + 1;
	return xstrndup(p->s + start, (size_t)(end - p->s) - start);
}

/* Whether word (of n bytes) is "key:" for a key we know. */
static const char *
search_key(const char *word, size_t n)
{
	size_t i, k;

	for (i = 0; i < NITEMS(search_keys); i++) {
		k = strlen(search_keys[i]);
		if (n > k && word[k] == ':' &&
		    strncasecmp(word, search_keys[i], k) == 0)
			return search_keys[i];
	}
	return NULL;
}

/* Read the next item; 0 at the end, 1 for an item, -1 on error. */
static int
search_next(struct search_parser *p, struct search_item *it, char **cause)
{
	const char *key;
	size_t start, n;

	memset(it, 0, sizeof *it);
	while (p->i < p->len && (n = search_space(p, p->i)) > 0)
		p->i += n;
	if (p->i == p->len)
		return 0;
	if (p->s[p->i] == '-' && p->i + 1 < p->len &&
	    search_space(p, p->i + 1) == 0) {
		it->neg = 1;
		p->i++;
	}
	if (p->s[p->i] == '"')
		return (it->value = search_quoted(p, cause)) == NULL ? -1 : 1;
	start = p->i;
	while (p->i < p->len && p->s[p->i] != '"' &&
	    search_space(p, p->i) == 0)
		p->i++;
	n = p->i - start;
	if ((key = search_key(p->s + start, n)) != NULL) {
		it->key = xstrdup(key);
		start += strlen(key) + 1;
		n = p->i - start;
		if (n == 0 && p->i < p->len && p->s[p->i] == '"') {
			if ((it->value = search_quoted(p, cause)) == NULL)
				return -1;
		} else
			it->value = xstrndup(p->s + start, n);
		if (*it->value == '\0') {
			return set_cause(cause, _("%s: in the query needs a "
			    "value"), it->key);
		}
		return 1;
	}
	it->value = xstrndup(p->s + start, n);
	if (!it->neg && strcmp(it->value, "OR") == 0)
		it->is_or = 1;
	return 1;
}

static void
search_items_free(struct search_parser *p)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		free(p->items[i].key);
		free(p->items[i].value);
	}
	p->n = 0;
}

/* A term as an FTS5 string: quoted, quotes doubled, never syntax. */
static void
search_add_string(struct buf *b, const char *s)
{
	buf_addc(b, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(b, '"');
		buf_addc(b, *s);
	}
	buf_addc(b, '"');
}

/* Parse YYYY-MM-DD (UTC midnight); -1 if it is not a real date. */
static int
search_date(const char *s, time_t *out)
{
	struct tm tm;
	size_t i;
	long long y, m, d;
	char part[5];

	if (strlen(s) != 10 || s[4] != '-' || s[7] != '-')
		return -1;
	for (i = 0; i < 10; i++)
		if (i != 4 && i != 7 && (s[i] < '0' || s[i] > '9'))
			return -1;
	memcpy(part, s, 4);
	part[4] = '\0';
	if (util_parse_int(part, 1970, 9999, &y) != 0)
		return -1;
	memcpy(part, s + 5, 2);
	part[2] = '\0';
	if (util_parse_int(part, 1, 12, &m) != 0)
		return -1;
	memcpy(part, s + 8, 2);
	if (util_parse_int(part, 1, 31, &d) != 0)
		return -1;
	memset(&tm, 0, sizeof tm);
	tm.tm_year = (int)y - 1900;
	tm.tm_mon = (int)m - 1;
	tm.tm_mday = (int)d;
	*out = timegm(&tm);
	/* 2023-02-30 comes back as March: not a date. */
	if (gmtime_r(out, &tm) == NULL || tm.tm_mday != (int)d)
		return -1;
	return 0;
}

/* Apply a filter item to the query. */
static int
search_filter(struct search_query *q, const struct search_item *it,
    struct buf *match, struct buf *exclude, char **cause)
{
	struct buf *b;
	time_t t;

	if (strcmp(it->key, "tag") == 0)
		util_strv_add(it->neg ? &q->not_tags : &q->tags, it->value);
	else if (strcmp(it->key, "source") == 0) {
		util_strv_add(it->neg ? &q->not_sources : &q->sources,
		    it->value);
	} else if (strcmp(it->key, "author") == 0 ||
	    strcmp(it->key, "title") == 0) {
		if (!tokenize_any(it->value, strlen(it->value))) {
			return set_cause(cause, *it->key == 'a' ?
			    _("author: in the query needs a name with letters "
			    "or digits, not \"%s\"") : _("title: in the query "
			    "needs letters or digits, not \"%s\""), it->value);
		}
		b = it->neg ? exclude : match;
		/* FTS5 joins a parenthesised filter by AND, never by space. */
		if (b->len > 0)
			buf_adds(b, it->neg ? " OR " : " AND ");
		buf_addf(b, "(%s : ", it->key);
		search_add_string(b, it->value);
		buf_addc(b, ')');
	} else if (strcmp(it->key, "after") == 0 ||
	    strcmp(it->key, "before") == 0) {
		if (it->neg) {
			return set_cause(cause, _("%s: in the query cannot be "
			    "excluded (use %s:)"), it->key,
			    *it->key == 'a' ? "before" : "after");
		}
		if (search_date(it->value, &t) != 0) {
			return set_cause(cause, _("invalid date in the query: "
			    "%s:%s (use YYYY-MM-DD)"), it->key, it->value);
		}
		if (*it->key == 'a') {
			q->after = t;
			q->has_after = 1;
		} else {
			q->before = t;
			q->has_before = 1;
		}
	} else if (strcasecmp(it->value, "unread") == 0)
		*(it->neg ? &q->read : &q->unread) = 1;
	else if (strcasecmp(it->value, "read") == 0)
		*(it->neg ? &q->unread : &q->read) = 1;
	else if (strcasecmp(it->value, "starred") == 0)
		*(it->neg ? &q->unstarred : &q->starred) = 1;
	else {
		return set_cause(cause, _("unknown is:%s in the query (use "
		    "is:unread, is:read or is:starred)"), it->value);
	}
	return 0;
}

/* Whether item i is a word or phrase that OR may join. */
static int
search_orable(const struct search_parser *p, size_t i)
{
	const struct search_item *it = &p->items[i];

	return it->key == NULL && !it->is_or && !it->neg;
}

/* Turn the items into the query: terms to FTS5, filters to fields. */
static int
search_build(struct search_parser *p, struct search_query *q, char **cause)
{
	struct buf match = BUF_INIT, exclude = BUF_INIT, group = BUF_INIT;
	struct search_item *it;
	size_t i, members = 0;
	int retval = -1, terms = 0, filters = 0;

	for (i = 0; i < p->n; i++) {
		it = &p->items[i];
		if (it->is_or) {
			if (i == 0 || i + 1 == p->n || !search_orable(p, i - 1) ||
			    !search_orable(p, i + 1)) {
				set_cause(cause, _("OR in the query must stand "
				    "between two words or phrases"));
				goto out;
			}
			continue;
		}
		if (it->key != NULL) {
			if (search_filter(q, it, &match, &exclude, cause) != 0)
				goto out;
			filters++;
			continue;
		}
		terms++;
		/* Terms without letters or digits ("*", "(") match nothing. */
		if (!tokenize_any(it->value, strlen(it->value)))
			goto next;
		if (it->neg) {
			if (exclude.len > 0)
				buf_adds(&exclude, " OR ");
			search_add_string(&exclude, it->value);
			continue;
		}
		if (group.len > 0)
			buf_adds(&group, " OR ");
		search_add_string(&group, it->value);
		members++;
next:
		/* A group of terms joined by OR ends at a term without. */
		if (i + 1 < p->n && p->items[i + 1].is_or)
			continue;
		if (members == 0)
			continue;
		/* Space joins phrases only: a group in parentheses (or a
		   filter before) needs AND, or FTS5 finds a syntax error. */
		if (match.len > 0)
			buf_adds(&match, members > 1 ||
			    match.data[match.len - 1] == ')' ? " AND " : " ");
		if (members > 1)
			buf_addf(&match, "(%s)", buf_str(&group));
		else
			buf_adds(&match, buf_str(&group));
		buf_reset(&group);
		members = 0;
	}
	if (match.len == 0 && exclude.len == 0 && filters == 0) {
		if (terms > 0) {
			set_cause(cause, _("nothing to search for: the words "
			    "of the query have no letters or digits"));
		} else
			set_cause(cause, _("empty query: nothing to search "
			    "for"));
		goto out;
	}
	if (match.len > 0)
		q->match = buf_detach(&match);
	if (exclude.len > 0)
		q->exclude = buf_detach(&exclude);
	retval = 0;
out:
	buf_free(&match);
	buf_free(&exclude);
	buf_free(&group);
	return retval;
}

int
search_parse(const char *s, size_t len, struct search_query **out,
    char **cause)
{
	struct search_parser p;
	struct search_query *q;
	size_t n;
	int rc;

	*out = NULL;
	if (len > SEARCH_MAX_LEN) {
		return set_cause(cause, _("query is too long (%zu bytes, at "
		    "most %d)"), len, SEARCH_MAX_LEN);
	}
	if (memchr(s, '\0', len) != NULL)
		return set_cause(cause, _("query contains a NUL character"));
	if (!text_utf8_valid(s, len))
		return set_cause(cause, _("query is not valid UTF-8"));
	memset(&p, 0, sizeof p);
	p.s = s;
	p.len = len;
	for (;;) {
		if (p.n == SEARCH_MAX_TERMS) {
			while (p.i < p.len && (n = search_space(&p, p.i)) > 0)
				p.i += n;
			if (p.i == p.len)
				break;
			search_items_free(&p);
			return set_cause(cause, _("query has too many terms "
			    "(at most %d)"), SEARCH_MAX_TERMS);
		}
		rc = search_next(&p, &p.items[p.n], cause);
		if (rc == 0)
			break;
		p.n++;
		if (rc == -1) {
			search_items_free(&p);
			return -1;
		}
	}
	q = xcalloc(1, sizeof *q);
	rc = search_build(&p, q, cause);
	search_items_free(&p);
	if (rc != 0) {
		search_query_free(&q);
		return -1;
	}
	*out = q;
	return 0;
}

void
search_query_free(struct search_query **qp)
{
	struct search_query *q = *qp;

	if (q == NULL)
		return;
	free(q->match);
	free(q->exclude);
	util_strv_free(&q->tags);
	util_strv_free(&q->not_tags);
	util_strv_free(&q->sources);
	util_strv_free(&q->not_sources);
	free(q);
	*qp = NULL;
}

const char *
search_query_match(const struct search_query *q)
{
	return q->match;
}

const char *
search_query_exclude(const struct search_query *q)
{
	return q->exclude;
}
