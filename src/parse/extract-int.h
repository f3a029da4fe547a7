/* extract-int.h - what the files of the article extractor share. */
#ifndef PUNDIT_EXTRACT_INT_H
#define PUNDIT_EXTRACT_INT_H

#include <stddef.h>

#include <libxml/tree.h>

#include "buf.h"
#include "extract.h"

/* Deeper nesting is not walked (libxml2 stops at 256 anyway). */
#define EXTRACT_MAX_DEPTH 200

int	 extract_in_list(const char *, const char *const *, size_t);
int	 extract_space(unsigned char);
/* Whether n is an element called name (lowercase, as libxml2 gives). */
int	 extract_is(const xmlNode *, const char *name);
/* An attribute's value without copying, or NULL. */
const char *extract_attr(const xmlNode *, const char *name);
/*
 * The text of a subtree with white space collapsed and trimmed, as a new
 * string; the length in characters goes to *chars when not NULL.
 */
char	*extract_text(const xmlNode *, size_t *chars);
/* Characters of extract_text without building it. */
size_t	 extract_text_len(const xmlNode *);

/* Element children and document order (into children unless skip). */
xmlNode	*extract_first(xmlNode *);
xmlNode	*extract_next(xmlNode *);
xmlNode	*extract_next_node(xmlNode *, int skip);
/*
 * The same without leaving root's subtree: a walk of the body must not
 * go on to what libxml2's recovery put after it (a body inside the head).
 */
xmlNode	*extract_next_in(xmlNode *root, xmlNode *, int skip);
void	 extract_remove(xmlNode *);
void	 extract_rename(xmlNode *, const char *);
/* Class and id, lowercased, and word tests on them. */
char	*extract_match_string(const xmlNode *);
int	 extract_has_word(const char *, const char *const *, size_t);
int	 extract_has_token(const char *, const char *);
/* An ancestor called name within max levels (0: any). */
int	 extract_ancestor(const xmlNode *, const char *name, int max);
/* hidden, aria-hidden or display:none. */
int	 extract_hidden(const xmlNode *);
/* Share of the text inside links (fragment links count 0.3). */
double	 extract_link_density(const xmlNode *);
/* The same for every element at or under root with _private set. */
void	 extract_link_densities(xmlNode *root,
	    void (*)(xmlNode *, double, void *), void *);
int	 extract_phrasing(const xmlNode *);
int	 extract_whitespace(const xmlNode *);
/* A descendant that makes a div more than a paragraph. */
int	 extract_block_child(const xmlNode *, int depth);
/* The one element child called name, with no text beside it. */
xmlNode	*extract_single_child(xmlNode *, const char *name);
/* No text and no element but br and hr. */
int	 extract_empty(xmlNode *);
/* Descendants called name. */
size_t	 extract_count(xmlNode *, const char *name, int depth);

/*
 * Cut the text of scripts and styles (JSON-LD kept) and the attributes
 * the extractor never reads out of a page's UTF-8 bytes (NUL-terminated;
 * len without the NUL), in place, before it is parsed: the tree libxml2
 * builds is otherwise the same. Returns the new length.
 */
size_t	 extract_slim(char *, size_t len);

/*
 * Metadata from the head and the JSON-LD of a parsed page (before any
 * script is dropped): title, author, date, lead, site, language, URL.
 */
void	 extract_meta(xmlDoc *, const char *url, struct extract *);
/* A byline found in the body ("By ...", rel=author), if none yet. */
void	 extract_meta_byline(struct extract *, const char *text);
/*
 * Chinese-page conventions in the body's text: 作者, 来源, dates near
 * the top; fills what the metadata left empty.
 */
void	 extract_meta_zh(struct extract *, const char *text);
/* How alike two titles are, 0 to 1, as Readability's textSimilarity. */
double	 extract_similarity(const char *, const char *);

#endif
