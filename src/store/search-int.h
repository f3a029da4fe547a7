/* search-int.h - the tokenizer and index helpers shared inside src/store/. */
#ifndef PUNDIT_SEARCH_INT_H
#define PUNDIT_SEARCH_INT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "search.h"
#include "store-int.h"
#include "util.h"

/* fold.c: lowercase without diacritics (0: drop, a combining mark). */
uint32_t fold_cp(uint32_t);
/* Punctuation, symbols, spaces and controls: what separates words. */
int	fold_is_sep(uint32_t);

/* Tokenizer flags. */
#define TOK_QUERY 0x1	/* a query: CJK runs as bigrams only */

/*
 * Called for each token: its folded text, whether it shares the position of
 * the token before (colocated), and its byte range in the input. A non-zero
 * return stops the tokenizer, which returns that value.
 */
typedef int (*tok_fn)(void *arg, int colocated, const char *tok,
    size_t len, size_t start, size_t end);
/*
 * Split text into tokens: words of letters, digits and marks (folded, marks
 * dropped), and for runs of Han, Kana and Hangul one position per
 * overlapping bigram, each with its first character colocated (the last
 * character colocated with the last bigram). A query (TOK_QUERY) gives the
 * bigrams only, so that a run of n characters is a phrase of n - 1 bigrams
 * that matches the same run in a document; a lone character is itself.
 */
int	tokenize(const char *text, size_t len, int flags, tok_fn fn,
	    void *arg);

/* Whether the text has at least one token. */
int	tokenize_any(const char *text, size_t len);

/*
 * Plain text of an article body for the index: HTML tags, comments, script
 * and style removed, entities decoded, whitespace collapsed, sanitised.
 */
char   *fts_html_text(const char *html, size_t len);

/*
 * Register the tokenizer ("pundit"), pundit_text() and pundit_snippet() on
 * the connection; called by store_open before migrations.
 */
int	fts_register(struct store *, char **cause);

/* Snippet marks, as search.h tells the front ends. */
#define FTS_MARK_OPEN	SEARCH_MARK_OPEN
#define FTS_MARK_CLOSE	SEARCH_MARK_CLOSE

/* A parsed query (search.c), run by store-search.c. */
struct search_query {
	char	*match;		/* FTS5 expression of the terms, or NULL */
	char	*exclude;	/* FTS5 expression of what is excluded */
	char   **tags;		/* NULL-terminated, may be NULL */
	char   **not_tags;
	char   **sources;
	char   **not_sources;
	time_t	 after;		/* 0: none */
	time_t	 before;
	int	 has_after;
	int	 has_before;
	int	 unread;	/* is:unread */
	int	 read;
	int	 starred;
	int	 unstarred;
	int	 newest;	/* newest first even with words */
};

#endif
