/* cdiff.h: clause-aware diff of documents: match clauses across two
 * versions, classify each change, diff the words inside, and pick out the
 * numbers that changed.
 *
 * src/diff/: comparing documents: words (wdiff.c), clauses (cdiff.c, with
 * similar.c matching by words and numbers.c the numbers that changed;
 * internal.h says what they share) and what a redline looks like as
 * text, HTML and JSON (render.c, render_html.c, render_json.c).  It
 * works on parsed documents and knows nothing of git.
 *
 * Clauses are matched by id first; the clauses left over by identical
 * heading and text (an id that changed, the clause otherwise the same);
 * what is still left by similarity of their words, best pair first, when
 * it reaches CLAUSE_CDIFF_SIMILAR.  A matched pair may be modified (heading
 * or text), moved (to another article or parent, or out of order among
 * its neighbours), renumbered (only its number changed), recategorized and
 * given a new id, all at once; an unmatched clause is added or removed,
 * unless the new side holds it in a merge conflict (<conflict>): then
 * it is in conflict, with no words compared.
 *
 * The result borrows the documents it was made from: keep them alive
 * until the result is released.
 */
#ifndef CLAUSE_CDIFF_H
#define CLAUSE_CDIFF_H

#include <stddef.h>

#include "doc/doc.h"
#include "diff/wdiff.h"

/* Clauses whose words are at least this alike (Dice coefficient of their
 * word sets, in percent) are taken as one clause with a new id. */
#define CLAUSE_CDIFF_SIMILAR 50

/* Kinds of clause change: bits, because a clause can be moved and
 * modified at once.  ADDED and REMOVED stand alone. */
enum {
	CLAUSE_CHANGE_ADDED = 1 << 0,
	CLAUSE_CHANGE_REMOVED = 1 << 1,
	CLAUSE_CHANGE_MODIFIED = 1 << 2,	/* heading or text */
	CLAUSE_CHANGE_MOVED = 1 << 3,		/* article, parent or order */
	CLAUSE_CHANGE_RENUMBERED = 1 << 4,	/* number only, not moved */
	CLAUSE_CHANGE_RECATEGORIZED = 1 << 5,	/* category set */
	CLAUSE_CHANGE_RENAMED = 1 << 6,		/* id changed */
	CLAUSE_CHANGE_CONFLICT = 1 << 7		/* in an unresolved merge
						 * conflict on the new side */
};

/* Names of the bits above, in bit order, as used in text and JSON. */
extern const char *const clause_change_names[];
#define CLAUSE_CHANGE_NKINDS 8

struct clause_cdiff_clause {
	unsigned kinds;			/* CLAUSE_CHANGE_* bits */
	const struct clause_clause *old;	/* borrowed; NULL when added */
	const struct clause_clause *new;	/* borrowed; NULL when removed */
	const struct clause_doc *from;	/* given pairs: old's document */
	const char *matched_by;		/* "id", "text", "similarity", "given" */
	int similarity;			/* percent, when matched by similarity */
	int has_heading;		/* heading differs: see heading */
	struct clause_wdiff heading;	/* word diff of the headings */
	int has_text;			/* text differs: see text */
	struct clause_wdiff text;	/* word diff of the texts */
	size_t order;			/* sort key: position in the new doc */
	const struct clause_conflict *conflict;	/* CONFLICT: the new
					 * side's <conflict>, borrowed */
};

/* A number that changed: "180 days" -> "60 days". */
/* One side of a changed number, read: its value (a decimal number, or
 * NULL when it cannot be read, as "several"), its unit ("days", "USD")
 * and what it is per ("hour"), or NULL. */
struct clause_cdiff_quantity {
	char *value;
	char *unit;
	char *per;
};

struct clause_cdiff_num {
	char *clause;		/* id of the clause (the new one's when both) */
	char *old;		/* as written, with its unit; NULL when added */
	char *new;		/* NULL when removed */
	struct clause_cdiff_quantity old_q, new_q;	/* read; all NULL
					 * on the side that has none */
};

/* A change in the document's metadata: status, dates, parties ... */
struct clause_cdiff_meta {
	char *field;		/* "status", "expires", "party rrta" ... */
	char *old;		/* NULL when added */
	char *new;		/* NULL when removed */
};

struct clause_cdiff_doc {
	const struct clause_doc *old;	/* borrowed; NULL when added */
	const struct clause_doc *new;	/* borrowed; NULL when removed */
	char *old_path;			/* as displayed, or NULL */
	char *new_path;
	const char *label;		/* NULL, or what the pair is, e.g.
					 * "against-model" */
	struct clause_cdiff_meta *meta;	/* metadata changes */
	size_t nmeta;			/* how many */
	struct clause_cdiff_clause *clauses;	/* changed clauses, new doc order */
	size_t nclauses;		/* how many */
	struct clause_cdiff_num *nums;	/* changed numbers, clause order */
	size_t nnums;			/* how many */
	size_t cap_meta, cap_clauses, cap_nums;	/* allocated slots */
};

struct clause_cdiff {
	struct clause_cdiff_doc *v;	/* one per document pair */
	size_t n;			/* how many */
	size_t cap;			/* allocated slots */
};

#define CLAUSE_CDIFF_INIT { NULL, 0, 0 }

/*
 * Compare two versions of a document (either may be NULL: added or
 * removed) and append the result to `out`, even when nothing changed.
 * The paths are copied; the documents are borrowed.  Documents loaded
 * with CLAUSE_DOC_LAZY get the clause texts the comparison needs filled
 * in (those of every clause in the result among them), so their trees
 * must still be there; clauses with the same bytes on both sides are not
 * compared further.
 */
int clause_cdiff_docs(struct clause_cdiff *out, struct clause_doc *old,
		      const char *old_path, struct clause_doc *new,
		      const char *new_path);

/*
 * Compare two given clauses (of any documents) as one pair, appended to
 * the last document entry of `out` when it has the same new document and
 * label, else to a new entry.  `label` names the comparison (or NULL).
 * Identical clauses add nothing.
 */
int clause_cdiff_clauses(struct clause_cdiff *out,
			 const struct clause_doc *old_doc,
			 const struct clause_clause *old,
			 const char *old_path,
			 const struct clause_doc *new_doc,
			 const struct clause_clause *new,
			 const char *new_path, const char *label);

/* Keep only document `doc` (old or new id) and, in it, the changes of
 * clause `clause` (old or new id); metadata changes go too. */
void clause_cdiff_only(struct clause_cdiff *d, const char *doc,
		       const char *clause);

/* Does the entry report any change? */
int clause_cdiff_doc_changed(const struct clause_cdiff_doc *d);
/* Number of document entries that report a change. */
size_t clause_cdiff_changed(const struct clause_cdiff *d);

void clause_cdiff_release(struct clause_cdiff *d);

#endif
