/* store-fts.c - the full-text index: tokenizer glue, body text, snippets. */
#include "config.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "buf.h"
#include "i18n.h"
#include "search-int.h"
#include "text.h"

/*
 * The body is indexed as plain text made here rather than by the parse
 * layer's renderer, which the store may not use: the index then stays in
 * step whoever writes an article (refresh, import, a migration of old
 * rows), from SQL triggers alone.
 */

static const struct {
	const char	*name;
	uint32_t	 cp;
} fts_entities[] = {
	{ "amp", '&' }, { "lt", '<' }, { "gt", '>' }, { "quot", '"' },
	{ "apos", '\'' }, { "nbsp", ' ' }, { "mdash", 0x2014 },
	{ "ndash", 0x2013 }, { "hellip", 0x2026 }, { "lsquo", 0x2018 },
	{ "rsquo", 0x2019 }, { "ldquo", 0x201c }, { "rdquo", 0x201d },
	{ "middot", 0xb7 }, { "copy", 0xa9 }, { "eacute", 0xe9 },
	{ "egrave", 0xe8 }, { "uuml", 0xfc }, { "ouml", 0xf6 },
	{ "auml", 0xe4 }, { "szlig", 0xdf }, { "ccedil", 0xe7 },
};

/* Tags whose end is not a word break ("un<b>usual</b>" is one word). */
static const char *const fts_inline[] = {
	"a", "abbr", "b", "cite", "code", "em", "font", "i", "mark", "q",
	"s", "small", "span", "strong", "sub", "sup", "u", "wbr",
};

/* Decode the entity at s[0] == '&'; returns its length, or 0 if none. */
static size_t
fts_entity(const char *s, size_t len, struct buf *b)
{
	char name[16];
	size_t i, n;
	unsigned long v;
	char *end;

	for (n = 1; n < len && n < sizeof name && s[n] != ';'; n++)
		;
	if (n >= len || s[n] != ';' || n == 1)
		return 0;
	memcpy(name, s + 1, n - 1);
	name[n - 1] = '\0';
	if (name[0] == '#') {
		if (name[1] == 'x' || name[1] == 'X')
			v = strtoul(name + 2, &end, 16);
		else
			v = strtoul(name + 1, &end, 10);
		if (*end != '\0' || end == name + 1 || v == 0 || v > 0x10ffff)
			return 0;
		text_utf8_encode(b, (uint32_t)v);
		return n + 1;
	}
	for (i = 0; i < NITEMS(fts_entities); i++) {
		if (strcmp(name, fts_entities[i].name) == 0) {
			text_utf8_encode(b, fts_entities[i].cp);
			return n + 1;
		}
	}
	return 0;
}

/* Skip the tag at s[0] == '<'; returns its length (all of s if open). */
static size_t
fts_tag(const char *s, size_t len, char *name, size_t namesz)
{
	size_t i, n = 0;
	char quote = 0;

	i = 1;
	if (i < len && s[i] == '/')
		i++;
	while (i < len && n + 1 < namesz &&
	    ((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
	    (s[i] >= '0' && s[i] <= '9')))
		name[n++] = s[i++];
	name[n] = '\0';
	for (; i < len; i++) {
		if (quote != 0) {
			if (s[i] == quote)
				quote = 0;
		} else if (s[i] == '"' || s[i] == '\'')
			quote = s[i];
		else if (s[i] == '>')
			return i + 1;
	}
	return len;
}

/* Where the element's end tag </name> starts, or len. */
static size_t
fts_skip_to_end(const char *s, size_t len, const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; i + 2 + n <= len; i++) {
		if (s[i] == '<' && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0)
			return i;
	}
	return len;
}

static int
fts_is_inline(const char *name)
{
	size_t i;

	for (i = 0; i < NITEMS(fts_inline); i++)
		if (strcasecmp(name, fts_inline[i]) == 0)
			return 1;
	return 0;
}

char *
fts_html_text(const char *s, size_t len)
{
	struct buf b = BUF_INIT;
	char name[16], *out;
	const char *end;
	size_t i, n;
	int closing;

	for (i = 0; i < len; ) {
		if (s[i] == '&' && (n = fts_entity(s + i, len - i, &b)) > 0) {
			i += n;
			continue;
		}
		/* Text up to the next markup, reference or mark, at once. */
		for (n = i; n < len && s[n] != '<' && s[n] != '&' &&
		    s[n] != FTS_MARK_OPEN && s[n] != FTS_MARK_CLOSE; n++)
			;
		if (n > i) {
			buf_add(&b, s + i, n - i);
			i = n;
			continue;
		}
		if (s[i] != '<' || i + 1 >= len) {
			/* Marks and controls never reach the index. */
			if (s[i] == FTS_MARK_OPEN || s[i] == FTS_MARK_CLOSE)
				buf_addc(&b, ' ');
			else
				buf_addc(&b, s[i]);
			i++;
			continue;
		}
		if (strncmp(s + i, "<!--", 4) == 0) {
			end = memmem(s + i + 4, len - i - 4, "-->", 3);
			i = end != NULL ? (size_t)(end - s) + 3 : len;
			buf_addc(&b, ' ');
			continue;
		}
		if (!(s[i + 1] == '/' || s[i + 1] == '!' || s[i + 1] == '?' ||
		    (s[i + 1] >= 'a' && s[i + 1] <= 'z') ||
		    (s[i + 1] >= 'A' && s[i + 1] <= 'Z'))) {
			buf_addc(&b, '<');	/* "a < b" is text */
			i++;
			continue;
		}
		closing = s[i + 1] == '/';
		i += fts_tag(s + i, len - i, name, sizeof name);
		if (!closing && s[i - 1] != '/' &&
		    (strcasecmp(name, "script") == 0 ||
		    strcasecmp(name, "style") == 0))
			i += fts_skip_to_end(s + i, len - i, name);
		if (!fts_is_inline(name))
			buf_addc(&b, ' ');
	}
	out = text_sanitize(buf_str(&b), b.len, TEXT_ONELINE);
	buf_free(&b);
	return out;
}

/* The tokenizer as FTS5 sees it: no state, no arguments. */
struct fts_tok_call {
	void	*ctx;
	int	(*token)(void *, int, const char *, int, int, int);
};

static int
fts_tok_create(void *udata, const char **argv, int argc,
    Fts5Tokenizer **out)
{
	static int instance;

	(void)udata;
	(void)argv;
	if (argc != 0)
		return SQLITE_ERROR;
	*out = (Fts5Tokenizer *)&instance;
	return SQLITE_OK;
}

static void
fts_tok_delete(Fts5Tokenizer *tok)
{
	(void)tok;
}

static int
fts_tok_cb(void *arg, int colocated, const char *tok, size_t len,
    size_t start, size_t end)
{
	struct fts_tok_call *call = arg;

	return call->token(call->ctx, colocated ? FTS5_TOKEN_COLOCATED : 0,
	    tok, (int)len, (int)start, (int)end);
}

static int
fts_tok_tokenize(Fts5Tokenizer *tok, void *ctx, int flags, const char *text,
    int len, int (*token)(void *, int, const char *, int, int, int))
{
	struct fts_tok_call call;

	(void)tok;
	if (len <= 0)
		return SQLITE_OK;
	call.ctx = ctx;
	call.token = token;
	return tokenize(text, (size_t)len,
	    (flags & FTS5_TOKENIZE_QUERY) ? TOK_QUERY : 0, fts_tok_cb, &call);
}

/* pundit_text(fulltext, content, summary): the body to index. */
static void
fts_text_func(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const char *s = NULL;
	char *text;
	int i, len = 0;

	for (i = 0; i < argc; i++) {
		s = (const char *)sqlite3_value_text(argv[i]);
		len = sqlite3_value_bytes(argv[i]);
		if (s != NULL && len > 0)
			break;
	}
	if (i == argc) {
		sqlite3_result_null(ctx);
		return;
	}
	text = fts_html_text(s, (size_t)len);
	sqlite3_result_text(ctx, text, -1, free);
}

/* What pundit_snippet collects while it tokenizes the column. */
struct fts_snip {
	const unsigned char *hits;	/* per position: 1 a hit, 2 a hit
					   that continues a phrase */
	int		 npos;
	int		 pos;
	int		 prev_end;	/* of the token before */
	int		 width;		/* of the snippet, in columns */
	char		*mark;		/* one byte per text byte */
	int		 first;		/* byte offset of the first hit */
	int		 stop;		/* no need to look past this byte */
};

static int
fts_snip_cb(void *arg, int flags, const char *tok, int len, int start,
    int end)
{
	struct fts_snip *sn = arg;

	(void)tok;
	(void)len;
	if (flags & FTS5_TOKEN_COLOCATED)
		return SQLITE_OK;
	/* Past the window: the rest of a long body need not be read. */
	if (sn->first >= 0 && start > sn->stop)
		return SQLITE_DONE;
	if (sn->pos < sn->npos && sn->hits[sn->pos]) {
		/* A phrase is marked whole, spaces and all. */
		if (sn->hits[sn->pos] == 2 && sn->prev_end < start)
			start = sn->prev_end;
		memset(sn->mark + start, 1, (size_t)(end - start));
		if (sn->first < 0) {
			sn->first = start;
			/* A column is at most 4 bytes (one character). */
			sn->stop = start + 4 * sn->width + 8;
		}
	}
	sn->prev_end = end;
	sn->pos++;
	return SQLITE_OK;
}

/* Back from i to the start of a UTF-8 character. */
static int
fts_char_start(const char *s, int i)
{
	while (i > 0 && (s[i] & 0xc0) == 0x80)
		i--;
	return i;
}

/*
 * The window of about width columns around the first hit: a quarter before
 * it, cut at a space when one is near (Latin), else at a character.
 */
static void
fts_snip_window(const char *s, int len, int first, int width, int *from,
    int *to)
{
	uint32_t cp;
	int i, j, w, n;

	if (first < 0)
		first = 0;
	i = first;
	for (w = 0; i > 0 && w < width / 4; ) {
		i = fts_char_start(s, i - 1);
		text_utf8_decode(s + i, (size_t)(len - i), &cp);
		w += text_cp_width(cp) > 1 ? 2 : 1;
	}
	for (j = i, n = 0; j > 0 && n < 12 && s[j - 1] != ' '; n++)
		j = fts_char_start(s, j - 1);
	if (j == 0 || s[j - 1] == ' ')
		i = j;
	*from = i;
	for (w = 0; i < len && w < width; i += n) {
		n = (int)text_utf8_decode(s + i, (size_t)(len - i), &cp);
		w += text_cp_width(cp) > 1 ? 2 : 1;
	}
	*to = i;
}

/*
 * pundit_snippet(article_fts, column, width): about width columns of the
 * column around its first hit, matched tokens between FTS_MARK_OPEN and
 * FTS_MARK_CLOSE, "…" where text was cut. FTS5's own snippet() cannot be
 * used: it misplaces text when the tokens of two hits overlap, as
 * bigrams do.
 */
static void
fts_snippet_func(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	struct fts_snip sn;
	struct buf b = BUF_INIT;
	unsigned char *hits = NULL;
	const char *text;
	int col, width, ninst, i, ip, ic, off, k, len, from, to, rc, open;

	if (argc != 2) {
		sqlite3_result_error(ctx, "pundit_snippet: two arguments", -1);
		return;
	}
	col = sqlite3_value_int(argv[0]);
	width = sqlite3_value_int(argv[1]);
	if (width < 10)
		width = 10;
	memset(&sn, 0, sizeof sn);
	sn.first = -1;
	sn.width = width;
	if ((rc = api->xColumnText(fts, col, &text, &len)) != SQLITE_OK ||
	    (rc = api->xColumnSize(fts, col, &sn.npos)) != SQLITE_OK ||
	    (rc = api->xInstCount(fts, &ninst)) != SQLITE_OK)
		goto fail;
	if (text == NULL || len <= 0) {
		sqlite3_result_text(ctx, "", 0, SQLITE_STATIC);
		return;
	}
	hits = xcalloc((size_t)sn.npos + 1, 1);
	for (i = 0; i < ninst; i++) {
		if ((rc = api->xInst(fts, i, &ip, &ic, &off)) != SQLITE_OK)
			goto fail;
		if (ic != col)
			continue;
		for (k = 0; k < api->xPhraseSize(fts, ip); k++)
			if (off + k >= 0 && off + k < sn.npos &&
			    hits[off + k] != 1)
				hits[off + k] = k > 0 ? 2 : 1;
	}
	sn.hits = hits;
	sn.mark = xcalloc((size_t)len, 1);
	rc = api->xTokenize(fts, text, len, &sn, fts_snip_cb);
	if (rc != SQLITE_OK && rc != SQLITE_DONE)
		goto fail;
	fts_snip_window(text, len, sn.first, width, &from, &to);
	if (from > 0)
		buf_adds(&b, "…");
	for (open = 0, i = from; i < to; i++) {
		if (sn.mark[i] != open) {
			buf_addc(&b, sn.mark[i] ? FTS_MARK_OPEN :
			    FTS_MARK_CLOSE);
			open = sn.mark[i];
		}
		buf_addc(&b, text[i]);
	}
	if (open)
		buf_addc(&b, FTS_MARK_CLOSE);
	if (to < len)
		buf_adds(&b, "…");
	sqlite3_result_text(ctx, buf_str(&b), (int)b.len, SQLITE_TRANSIENT);
	buf_free(&b);
	free(sn.mark);
	free(hits);
	return;
fail:
	free(sn.mark);
	free(hits);
	sqlite3_result_error_code(ctx, rc);
}

/*
 * pundit_rank(article_fts, w...): FTS5's bm25(article_fts, w...) to the
 * last bit (the same IDF, average length and sum, in the same order), but
 * with each row's length read from a copy of the index's docsize table
 * kept in memory. bm25 asks SQLite for the length of every hit, which is
 * most of its time: for a word in 100,000 articles, a query on the docsize
 * table 100,000 times. The copy is made for queries with many hits and
 * made again when the cache has changed (PRAGMA data_version, and this
 * connection's own changes).
 */
struct fts_rank_cache {
	uint32_t	*size;		/* tokens of each row, by rowid */
	int64_t		 n;		/* rowids below n are in size */
	int64_t		 data_version;
	int64_t		 changes;
	int		 valid;
};

/* What one query keeps between its rows. */
struct fts_rank_query {
	double		 avgdl;
	double		*idf;		/* per phrase */
	double		*freq;		/* per phrase, for the current row */
	double		 weight[8];	/* per column */
	int		 nphrase;
	int		 cached;	/* lengths from the cache */
};

/*
 * Reading a length from the docsize table costs about what copying 12
 * rows of it does: a copy is made for a query with hits in more than one
 * row in 12 (and used by any query while it is current).
 */
#define FTS_RANK_CACHE_RATIO	12
/* A copy of the docsize table is at most this many rowids. */
#define FTS_RANK_CACHE_MAX	(64 * 1024 * 1024)

static int64_t
fts_query_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *stmt;
	int64_t v = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	if (sqlite3_step(stmt) == SQLITE_ROW)
		v = sqlite3_column_int64(stmt, 0);
	(void)sqlite3_finalize(stmt);
	return v;
}

/* Sum of the varints of a docsize blob: the row's tokens. */
static uint32_t
fts_docsize_sum(const unsigned char *p, int len)
{
	uint32_t sum = 0, v;
	int i = 0;

	while (i < len) {
		for (v = 0; i < len; i++) {
			v = (v << 7) | (p[i] & 0x7f);
			if (!(p[i] & 0x80))
				break;
		}
		i++;
		sum += v;
	}
	return sum;
}

/*
 * Whether the copy of the docsize table is current; when it is not and
 * load is set, make it so. 0 when it is (now) current, else -1.
 */
static int
fts_rank_cache_load(struct fts_rank_cache *c, sqlite3 *db, int load)
{
	sqlite3_stmt *stmt;
	int64_t dv, changes, max, id;
	int rc;

	dv = fts_query_int(db, "PRAGMA data_version");
	changes = sqlite3_total_changes(db);
	if (c->valid && dv == c->data_version && changes == c->changes)
		return 0;
	c->valid = 0;
	if (!load)
		return -1;
	max = fts_query_int(db, "SELECT max(id) FROM article_fts_docsize");
	if (dv < 0 || max < 0 || max >= FTS_RANK_CACHE_MAX)
		return -1;
	if (max + 1 > c->n) {
		free(c->size);
		c->n = max + 1;
		c->size = xcalloc((size_t)c->n, sizeof *c->size);
	} else
		memset(c->size, 0, (size_t)c->n * sizeof *c->size);
	if (sqlite3_prepare_v2(db, "SELECT id, sz FROM article_fts_docsize",
	    -1, &stmt, NULL) != SQLITE_OK)
		return -1;
	while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
		id = sqlite3_column_int64(stmt, 0);
		if (id >= 0 && id < c->n)
			c->size[id] = fts_docsize_sum(
			    sqlite3_column_blob(stmt, 1),
			    sqlite3_column_bytes(stmt, 1));
	}
	(void)sqlite3_finalize(stmt);
	if (rc != SQLITE_DONE)
		return -1;
	c->data_version = dv;
	c->changes = changes;
	c->valid = 1;
	return 0;
}

static void
fts_rank_cache_free(void *p)
{
	struct fts_rank_cache *c = p;

	if (c != NULL)
		free(c->size);
	free(c);
}

static void
fts_rank_query_free(void *p)
{
	struct fts_rank_query *rq = p;

	if (rq != NULL) {
		free(rq->idf);
		free(rq->freq);
	}
	free(rq);
}

static int
fts_count_cb(const Fts5ExtensionApi *api, Fts5Context *fts, void *arg)
{
	(void)api;
	(void)fts;
	(*(int64_t *)arg)++;
	return SQLITE_OK;
}

/* The first row of a query: IDF, average length, weights, the cache. */
static int
fts_rank_start(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int argc, sqlite3_value **argv,
    struct fts_rank_query **out)
{
	struct fts_rank_query *rq;
	struct fts_rank_cache *c = api->xUserData(fts);
	sqlite3_int64 nrow = 0, ntok = 0;
	int64_t nhit, fewest = -1;
	int i, rc;

	rq = xcalloc(1, sizeof *rq);
	rq->nphrase = api->xPhraseCount(fts);
	rq->idf = xcalloc((size_t)rq->nphrase + 1, sizeof *rq->idf);
	rq->freq = xcalloc((size_t)rq->nphrase + 1, sizeof *rq->freq);
	for (i = 0; i < (int)NITEMS(rq->weight); i++)
		rq->weight[i] = i < argc ? sqlite3_value_double(argv[i]) : 1.0;
	rc = api->xRowCount(fts, &nrow);
	if (nrow <= 0)
		nrow = 1;
	if (rc == SQLITE_OK)
		rc = api->xColumnTotalSize(fts, -1, &ntok);
	rq->avgdl = (double)ntok / (double)nrow;
	for (i = 0; rc == SQLITE_OK && i < rq->nphrase; i++) {
		nhit = 0;
		rc = api->xQueryPhrase(fts, i, &nhit, fts_count_cb);
		/* As bm25: a phrase in more than half the rows weighs 1e-6. */
		rq->idf[i] = log(((double)nrow - (double)nhit + 0.5) /
		    ((double)nhit + 0.5));
		if (rq->idf[i] <= 0.0)
			rq->idf[i] = 1e-6;
		if (fewest < 0 || nhit < fewest)
			fewest = nhit;
	}
	if (rc != SQLITE_OK) {
		fts_rank_query_free(rq);
		return rc;
	}
	rq->cached = c != NULL && fts_rank_cache_load(c,
	    sqlite3_context_db_handle(ctx),
	    fewest * FTS_RANK_CACHE_RATIO >= nrow) == 0;
	rc = api->xSetAuxdata(fts, rq, fts_rank_query_free);
	if (rc == SQLITE_OK)
		*out = rq;
	return rc;
}

static void
fts_rank_func(const Fts5ExtensionApi *api, Fts5Context *fts,
    sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
	const double k1 = 1.2, b = 0.75;
	struct fts_rank_query *rq;
	struct fts_rank_cache *c = api->xUserData(fts);
	double score = 0.0, d;
	Fts5PhraseIter iter;
	int64_t row;
	int i, ip, ic, io, ntok, rc;

	if ((rq = api->xGetAuxdata(fts, 0)) == NULL &&
	    (rc = fts_rank_start(api, fts, ctx, argc, argv, &rq)) !=
	    SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	/*
	 * Each phrase's instances straight from its position list: xInst
	 * would first merge those of every phrase into one sorted array,
	 * which costs more than the score for a word found on every line.
	 * The sums are the same, added in the same order within a phrase.
	 */
	rc = SQLITE_OK;
	for (ip = 0; ip < rq->nphrase; ip++) {
		rq->freq[ip] = 0.0;
		rc = api->xPhraseFirst(fts, ip, &iter, &ic, &io);
		while (rc == SQLITE_OK && ic >= 0) {
			rq->freq[ip] += ic < argc && ic < (int)NITEMS(rq->weight) ?
			    rq->weight[ic] : 1.0;
			api->xPhraseNext(fts, &iter, &ic, &io);
		}
		if (rc != SQLITE_OK)
			break;
	}
	row = api->xRowid(fts);
	if (rc == SQLITE_OK && rq->cached && row >= 0 && row < c->n)
		d = (double)c->size[row];
	else if (rc == SQLITE_OK) {
		rc = api->xColumnSize(fts, -1, &ntok);
		d = (double)ntok;
	} else
		d = 0.0;
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (i = 0; i < rq->nphrase; i++)
		score += rq->idf[i] * ((rq->freq[i] * (k1 + 1.0)) /
		    (rq->freq[i] + k1 * (1 - b + b * d / rq->avgdl)));
	sqlite3_result_double(ctx, -1.0 * score);
}

/* The FTS5 API of the connection, as its documentation says to get it. */
static fts5_api *
fts_api(sqlite3 *db)
{
	sqlite3_stmt *stmt;
	fts5_api *api = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &stmt,
	    NULL) != SQLITE_OK)
		return NULL;
	if (sqlite3_bind_pointer(stmt, 1, (void *)&api, "fts5_api_ptr",
	    NULL) == SQLITE_OK)
		(void)sqlite3_step(stmt);
	(void)sqlite3_finalize(stmt);
	return api;
}

int
fts_register(struct store *st, char **cause)
{
	static fts5_tokenizer tok = {
		fts_tok_create, fts_tok_delete, fts_tok_tokenize
	};
	fts5_api *api;
	int rc;

	if ((api = fts_api(st->db)) == NULL || api->iVersion < 2) {
		return set_cause(cause, _("cannot open cache %s: this SQLite "
		    "has no full-text search (FTS5)"), st->path);
	}
	rc = api->xCreateTokenizer(api, "pundit", NULL, &tok, NULL);
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "pundit_snippet", NULL,
		    fts_snippet_func, NULL);
	/* The cache is freed with the connection. */
	if (rc == SQLITE_OK)
		rc = api->xCreateFunction(api, "pundit_rank",
		    xcalloc(1, sizeof(struct fts_rank_cache)), fts_rank_func,
		    fts_rank_cache_free);
	if (rc == SQLITE_OK)
		rc = sqlite3_create_function(st->db, "pundit_text", -1,
		    SQLITE_UTF8 | SQLITE_DETERMINISTIC | SQLITE_INNOCUOUS,
		    NULL, fts_text_func, NULL, NULL);
	if (rc != SQLITE_OK)
		return store_fail(st, rc, cause);
	return 0;
}
