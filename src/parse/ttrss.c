/* ttrss.c - the Tiny Tiny RSS JSON API: requests and answers, no network. */
#include "config.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "buf.h"
#include "feed-int.h"
#include "i18n.h"
#include "text.h"
#include "ttrss.h"
#include "util.h"

/* ------------------------------------------------------------ requests */

static json_object *
request_new(const char *sid, const char *op)
{
	json_object *o;

	if ((o = json_object_new_object()) == NULL)
		fatal("out of memory");
	if (sid != NULL)
		json_object_object_add(o, "sid", json_object_new_string(sid));
	json_object_object_add(o, "op", json_object_new_string(op));
	return o;
}

static char *
request_body(json_object *o)
{
	const char *s;
	char *body;

	s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	if (s == NULL)
		fatal("out of memory");
	body = xstrdup(s);
	json_object_put(o);
	return body;
}

char *
ttrss_login_request(const char *user, const char *password)
{
	json_object *o;

	o = request_new(NULL, "login");
	json_object_object_add(o, "user", json_object_new_string(user));
	json_object_object_add(o, "password",
	    json_object_new_string(password));
	return request_body(o);
}

char *
ttrss_op_request(const char *sid, const char *op)
{
	return request_body(request_new(sid, op));
}

char *
ttrss_feeds_request(const char *sid)
{
	json_object *o;

	o = request_new(sid, "getFeeds");
	json_object_object_add(o, "cat_id", json_object_new_int(-3));
	json_object_object_add(o, "include_nested",
	    json_object_new_boolean(1));
	return request_body(o);
}

char *
ttrss_headlines_request(const char *sid, int64_t feed_id,
    const char *view_mode, int64_t since_id, long skip, long limit,
    int content)
{
	json_object *o;

	o = request_new(sid, "getHeadlines");
	json_object_object_add(o, "feed_id", json_object_new_int64(feed_id));
	json_object_object_add(o, "view_mode",
	    json_object_new_string(view_mode));
	if (since_id > 0)
		json_object_object_add(o, "since_id",
		    json_object_new_int64(since_id));
	json_object_object_add(o, "skip", json_object_new_int64(skip));
	json_object_object_add(o, "limit", json_object_new_int64(limit));
	json_object_object_add(o, "show_content",
	    json_object_new_boolean(content != 0));
	/* ttrss_parse_headlines sanitises the content: no need twice. */
	if (content)
		json_object_object_add(o, "sanitize",
		    json_object_new_boolean(0));
	return request_body(o);
}

char *
ttrss_update_request(const char *sid, const int64_t *ids, size_t n,
    int field, int mode)
{
	struct buf b = BUF_INIT;
	json_object *o;
	size_t i;

	for (i = 0; i < n; i++)
		buf_addf(&b, "%s%lld", i > 0 ? "," : "", (long long)ids[i]);
	o = request_new(sid, "updateArticle");
	json_object_object_add(o, "article_ids",
	    json_object_new_string(buf_str(&b)));
	json_object_object_add(o, "field", json_object_new_int(field));
	json_object_object_add(o, "mode", json_object_new_int(mode));
	buf_free(&b);
	return request_body(o);
}

/* ------------------------------------------------------------- answers */

/*
 * Parse an answer: {"seq": N, "status": 0|1, "content": ...}. On TTRSS_OK
 * *root holds the document and *content points into it.
 */
static enum ttrss_status
answer(const char *body, size_t len, json_object **root,
    json_object **content, char **cause)
{
	struct json_tokener *tok;
	json_object *o, *status, *error;
	const char *err;

	*root = *content = NULL;
	if (len > INT32_MAX) {
		set_cause(cause, _("the server's answer is too large"));
		return TTRSS_BAD_ANSWER;
	}
	if ((tok = json_tokener_new()) == NULL)
		fatal("out of memory");
	o = json_tokener_parse_ex(tok, body, (int)len);
	if (o == NULL || json_tokener_get_error(tok) != json_tokener_success) {
		json_tokener_free(tok);
		json_object_put(o);
		set_cause(cause, _("the server's answer is not JSON: is "
		    "ttrss-url the address of Tiny Tiny RSS?"));
		return TTRSS_BAD_ANSWER;
	}
	json_tokener_free(tok);
	if (!json_object_is_type(o, json_type_object) ||
	    !json_object_object_get_ex(o, "status", &status) ||
	    !json_object_object_get_ex(o, "content", content)) {
		json_object_put(o);
		set_cause(cause, _("the server's answer is not one of the "
		    "Tiny Tiny RSS API"));
		return TTRSS_BAD_ANSWER;
	}
	if (json_object_get_int(status) == 0) {
		*root = o;
		return TTRSS_OK;
	}
	err = NULL;
	if (json_object_is_type(*content, json_type_object) &&
	    json_object_object_get_ex(*content, "error", &error))
		err = json_object_get_string(error);
	if (err == NULL)
		err = "";
	if (strcmp(err, "NOT_LOGGED_IN") == 0) {
		json_object_put(o);
		set_cause(cause, _("the server ended the session"));
		return TTRSS_NOT_LOGGED_IN;
	}
	if (strcmp(err, "LOGIN_ERROR") == 0) {
		json_object_put(o);
		set_cause(cause, _("the server refused the login: wrong "
		    "ttrss-user or password"));
		return TTRSS_LOGIN_ERROR;
	}
	if (strcmp(err, "API_DISABLED") == 0) {
		json_object_put(o);
		set_cause(cause, _("API access is off for this user on the "
		    "server (Preferences, Enable API access)"));
		return TTRSS_API_DISABLED;
	}
	{
		char *clean = text_sanitize(err, strnlen(err, 200),
		    TEXT_ONELINE);

		set_cause(cause, _("the server answered with an error: %s"),
		    *clean != '\0' ? clean : "?");
		free(clean);
	}
	json_object_put(o);
	return TTRSS_ERROR;
}

static enum ttrss_status
bad_shape(json_object *root, const char *op, char **cause)
{
	json_object_put(root);
	set_cause(cause, _("unexpected answer to %s from the server"), op);
	return TTRSS_BAD_ANSWER;
}

/* A number given as a number, a numeric string or a boolean. */
static int64_t
get_int(json_object *o, const char *key, int64_t def)
{
	json_object *v;
	long long n;

	if (!json_object_object_get_ex(o, key, &v) || v == NULL)
		return def;
	switch (json_object_get_type(v)) {
	case json_type_int:
	case json_type_double:
	case json_type_boolean:
		return json_object_get_int64(v);
	case json_type_string:
		if (util_parse_int(json_object_get_string(v), INT64_MIN,
		    INT64_MAX, &n) == 0)
			return n;
		return def;
	default:
		return def;
	}
}

/* A sanitised copy of a string member; NULL when absent, null or empty. */
static char *
get_str(json_object *o, const char *key)
{
	json_object *v;
	const char *s;
	char *clean;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (s == NULL || *s == '\0')
		return NULL;
	/* A server's strings are as hostile as a feed's. */
	clean = text_sanitize(s, (size_t)json_object_get_string_len(v),
	    TEXT_ONELINE);
	if (*clean == '\0') {
		free(clean);
		return NULL;
	}
	return clean;
}

/*
 * An article's link as the server has it: the schemes a feed's links may
 * have (never javascript:, data: or file:), sanitised; else NULL.
 */
static char *
get_url(json_object *o, const char *key)
{
	char *s, *url;

	if ((s = get_str(o, key)) == NULL)
		return NULL;
	url = feed_url_resolve(NULL, s);
	free(s);
	return url;
}

/* The plain text of a title the server may give as HTML. */
static char *
get_text(json_object *o, const char *key)
{
	json_object *v;
	const char *s;
	char *text, *clean;

	if (!json_object_object_get_ex(o, key, &v) ||
	    !json_object_is_type(v, json_type_string))
		return NULL;
	s = json_object_get_string(v);
	if (s == NULL || *s == '\0')
		return NULL;
	text = feed_html_text(s, (size_t)json_object_get_string_len(v));
	clean = text_sanitize(text, strlen(text), TEXT_ONELINE);
	free(text);
	if (*clean == '\0') {
		free(clean);
		return NULL;
	}
	return clean;
}

static int
get_bool(json_object *o, const char *key)
{
	json_object *v;

	if (!json_object_object_get_ex(o, key, &v))
		return 0;
	return json_object_get_boolean(v) ? 1 : 0;
}

enum ttrss_status
ttrss_parse_login(const char *body, size_t len, char **sid, char **cause)
{
	json_object *root, *content;
	enum ttrss_status st;

	*sid = NULL;
	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	if (!json_object_is_type(content, json_type_object) ||
	    (*sid = get_str(content, "session_id")) == NULL)
		return bad_shape(root, "login", cause);
	json_object_put(root);
	return TTRSS_OK;
}

enum ttrss_status
ttrss_parse_status(const char *body, size_t len, char **cause)
{
	json_object *root, *content;
	enum ttrss_status st;

	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	json_object_put(root);
	return TTRSS_OK;
}

enum ttrss_status
ttrss_parse_counters(const char *body, size_t len, struct ttrss_counters *c,
    char **cause)
{
	json_object *root, *content, *e, *id;
	enum ttrss_status st;
	struct ttrss_counter *f;
	const char *name, *kind;
	size_t i, n;

	memset(c, 0, sizeof *c);
	c->subscribed = c->unread = -1;
	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	if (!json_object_is_type(content, json_type_array))
		return bad_shape(root, "getCounters", cause);
	n = json_object_array_length(content);
	c->feeds = xcalloc(n + 1, sizeof *c->feeds);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(content, i);
		if (!json_object_is_type(e, json_type_object) ||
		    !json_object_object_get_ex(e, "id", &id))
			continue;
		if (json_object_is_type(id, json_type_string)) {
			name = json_object_get_string(id);
			if (strcmp(name, "global-unread") == 0)
				c->unread = (long)get_int(e, "counter", -1);
			else if (strcmp(name, "subscribed-feeds") == 0)
				c->subscribed = (long)get_int(e, "counter",
				    -1);
			/* Else a number as a string, or another name. */
		}
		/* Feeds have positive ids; categories say so. */
		kind = NULL;
		{
			json_object *k;

			if (json_object_object_get_ex(e, "kind", &k))
				kind = json_object_get_string(k);
		}
		if (kind != NULL && strcmp(kind, "cat") == 0)
			continue;
		if (get_int(e, "id", 0) <= 0)
			continue;
		f = &c->feeds[c->nfeeds++];
		f->feed_id = get_int(e, "id", 0);
		f->unread = (long)get_int(e, "counter", 0);
		f->starred = (long)get_int(e, "markedcounter", 0);
	}
	json_object_put(root);
	return TTRSS_OK;
}

void
ttrss_counters_free(struct ttrss_counters *c)
{
	free(c->feeds);
	memset(c, 0, sizeof *c);
}

enum ttrss_status
ttrss_parse_categories(const char *body, size_t len,
    struct ttrss_category **out, size_t *nout, char **cause)
{
	json_object *root, *content, *e;
	enum ttrss_status st;
	struct ttrss_category *v;
	size_t i, n, k = 0;

	*out = NULL;
	*nout = 0;
	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	if (!json_object_is_type(content, json_type_array))
		return bad_shape(root, "getCategories", cause);
	n = json_object_array_length(content);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(content, i);
		if (!json_object_is_type(e, json_type_object))
			continue;
		v[k].id = get_int(e, "id", 0);
		v[k].title = get_text(e, "title");
		k++;
	}
	json_object_put(root);
	*out = v;
	*nout = k;
	return TTRSS_OK;
}

void
ttrss_categories_free(struct ttrss_category **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++)
		free((*vp)[i].title);
	free(*vp);
	*vp = NULL;
}

enum ttrss_status
ttrss_parse_feeds(const char *body, size_t len, struct ttrss_feed **out,
    size_t *nout, char **cause)
{
	json_object *root, *content, *e;
	enum ttrss_status st;
	struct ttrss_feed *v;
	size_t i, n, k = 0;

	*out = NULL;
	*nout = 0;
	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	if (!json_object_is_type(content, json_type_array))
		return bad_shape(root, "getFeeds", cause);
	n = json_object_array_length(content);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(content, i);
		if (!json_object_is_type(e, json_type_object) ||
		    get_int(e, "id", 0) <= 0)
			continue;
		v[k].id = get_int(e, "id", 0);
		v[k].cat_id = get_int(e, "cat_id", 0);
		v[k].title = get_text(e, "title");
		if ((v[k].url = get_str(e, "feed_url")) == NULL) {
			free(v[k].title);
			continue;
		}
		k++;
	}
	json_object_put(root);
	*out = v;
	*nout = k;
	return TTRSS_OK;
}

void
ttrss_feeds_free(struct ttrss_feed **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((*vp)[i].title);
		free((*vp)[i].url);
	}
	free(*vp);
	*vp = NULL;
}

enum ttrss_status
ttrss_parse_headlines(const char *body, size_t len,
    struct ttrss_headline **out, size_t *nout, char **cause)
{
	json_object *root, *content, *e, *c;
	enum ttrss_status st;
	struct ttrss_headline *v, *h;
	size_t i, n, k = 0;
	const char *html;
	char *clean;

	*out = NULL;
	*nout = 0;
	if ((st = answer(body, len, &root, &content, cause)) != TTRSS_OK)
		return st;
	if (!json_object_is_type(content, json_type_array))
		return bad_shape(root, "getHeadlines", cause);
	n = json_object_array_length(content);
	v = xcalloc(n + 1, sizeof *v);
	for (i = 0; i < n; i++) {
		e = json_object_array_get_idx(content, i);
		if (!json_object_is_type(e, json_type_object) ||
		    get_int(e, "id", 0) <= 0)
			continue;
		h = &v[k++];
		h->id = get_int(e, "id", 0);
		h->feed_id = get_int(e, "feed_id", 0);
		h->unread = get_bool(e, "unread");
		h->starred = get_bool(e, "marked");
		h->updated = (time_t)get_int(e, "updated", 0);
		h->title = get_text(e, "title");
		h->link = get_url(e, "link");
		h->author = get_text(e, "author");
		h->language = get_str(e, "lang");
		if (json_object_object_get_ex(e, "content", &c) &&
		    json_object_is_type(c, json_type_string) &&
		    (html = json_object_get_string(c)) != NULL &&
		    *html != '\0') {
			/*
			 * A feed's HTML comes out of the XML parser, which
			 * admits no C0 control; JSON strings may hold any.
			 */
			clean = text_sanitize(html,
			    (size_t)json_object_get_string_len(c), 0);
			h->content = feed_html_sanitize(clean, strlen(clean),
			    h->link);
			free(clean);
		}
	}
	json_object_put(root);
	*out = v;
	*nout = k;
	return TTRSS_OK;
}

void
ttrss_headlines_free(struct ttrss_headline **vp, size_t n)
{
	size_t i;

	if (*vp == NULL)
		return;
	for (i = 0; i < n; i++) {
		free((*vp)[i].title);
		free((*vp)[i].link);
		free((*vp)[i].author);
		free((*vp)[i].content);
		free((*vp)[i].language);
	}
	free(*vp);
	*vp = NULL;
}
