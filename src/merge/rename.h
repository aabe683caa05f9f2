/* rename.h: which clauses a side of a merge gave a new id.
 *
 * A clause of the base whose id a side no longer has, and a clause of
 * that side whose id the base does not have, are one clause renamed when
 * their heading and text are the same, or else when their words are
 * alike enough (best pairs first), as clause diff matches them
 * (cdiff.h).  Only clauses outside other clauses take part: those are
 * what the merge keys on.
 */
#ifndef CLAUSE_MERGE_RENAME_H
#define CLAUSE_MERGE_RENAME_H

#include "doc/doc.h"
#include "util/map.h"

/* Words at least this alike (Dice coefficient of the sets of words of
 * heading and text, in percent) make a rename: CLAUSE_CDIFF_SIMILAR. */
#define CLAUSE_RENAME_SIMILAR 50

/*
 * Find the renames from `base` to `side`: each goes into *from_base (base
 * id -> the side's id) and *to_base (the side's id -> base id), whose
 * values are borrowed from the two documents.  Returns 0, or -1 on out
 * of memory (error set).
 */
int clause_merge_renames(struct clause_map *from_base,
			 struct clause_map *to_base,
			 const struct clause_doc *base,
			 const struct clause_doc *side);

#endif
