/* internal.h: what the parts of the document merge share (not for use
 * outside src/merge/).
 *
 *   merge.c   the merge of one document, clause by clause and field by field
 *   words.c   the word-level merge inside a clause
 *   apart.c   a clause moved to two other documents
 */
#ifndef CLAUSE_MERGE_INTERNAL_H
#define CLAUSE_MERGE_INTERNAL_H

#include <libxml/tree.h>

#include "doc/doc.h"
#include "util/buf.h"
#include "util/map.h"

/* One side of the merge. */
struct side {
	struct clause_doc *doc;		/* loaded document, or NULL */
	struct clause_map clauses;	/* top-level clause id -> xmlNodePtr */
	struct clause_map articles;	/* article id -> xmlNodePtr */
	struct clause_map from_base;	/* renames: base id -> this side's id
					 * (borrowed from doc) */
	struct clause_map to_base;	/* renames: this side's id -> base id
					 * (borrowed from the base's doc) */
	const char *label;		/* who */
};

/* A merge under way: the three sides and ours' tree it changes. */
struct merge {
	struct side b, o, t;		/* base, ours, theirs */
	xmlDocPtr doc;			/* ours' tree, being changed */
	xmlNsPtr ns;			/* the clause namespace in it */
	size_t conflicts;		/* conflict elements written */
	int no_words;			/* word-level merge turned off */
};

/* White space, which no comparison of the merge counts. */
static inline int merge_is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A deep copy of node (from any side) for ours' tree. */
xmlNodePtr merge_copy_in(struct merge *m, xmlNodePtr node);
/* The conflict element over clause `clause` (or `field`), holding
 * copies of the three versions. */
xmlNodePtr merge_conflict_node(struct merge *m, const char *clause,
			       const char *field, xmlNodePtr ours,
			       xmlNodePtr base, xmlNodePtr theirs);
/* A <note> first in side element `s` of a conflict (ours, base or
 * theirs), before the clause it holds. */
void merge_note_first(struct merge *m, xmlNodePtr s, const char *text);
/* Take node out of its tree, with the indentation before it. */
void merge_cut(xmlNodePtr node);
/* The document as bytes, into *out (cleared first). */
int merge_dump(struct clause_buf *out, xmlDocPtr doc);

#endif
