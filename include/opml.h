/* opml.h - OPML 1.0/2.0 subscription lists: read into sources, write. */
#ifndef PUNDIT_OPML_H
#define PUNDIT_OPML_H

#include <stddef.h>
#include <time.h>

#include "model.h"
#include "sources.h"

/* The namespace of the attributes only pundit writes and reads. */
#define OPML_PUNDIT_NS	"urn:x-pundit:opml:1"

/*
 * Read an OPML document (bytes as they are in the file; name is used in
 * messages) into an import. Every outline with an xmlUrl becomes a source:
 * its name from text (else title), its tags from the text of the outlines
 * it is nested in (outermost first), then from its category attribute
 * (comma-separated; one leading "/" of each dropped). Outlines written by
 * pundit export carry pundit:kind, pundit:name, pundit:xpath and
 * pundit:fulltext, which give the source exactly, and pundit:kind="search"
 * with pundit:query for a saved search. A URL listed twice is one source
 * with the tags of both. An outline that cannot become a source adds
 * "NAME:LINE: why" to skipped. No DTD, external entity or network is ever
 * loaded: an entity the document declares is an error. Returns -1 with a
 * cause "NAME:LINE: problem" for a document that is not well-formed XML or
 * not OPML; the import is left empty then.
 */
int	opml_parse(const char *data, size_t len, const char *name,
	    struct sources_import *, char **cause);

/*
 * An OPML 2.0 document of an import, in its order: consecutive sources
 * with the same first tag share a folder outline named after it, each
 * source's category attribute lists all its tags, saved searches are
 * outlines of their own between them. title names the list; created
 * (when not 0) is its dateCreated. The text of a source's outline is its
 * display name (source->title and site_url are used when set).
 */
char   *opml_format(const struct sources_import *, const char *title,
	    time_t created);

#endif
