/* internal.h: what the parts of the clause diff share (not for use
 * outside src/diff/).
 *
 *   cdiff.c    matching clauses by id and text, the change list, metadata
 *   similar.c  matching what is left by the similarity of its words
 *   numbers.c  the numbers that changed, paired as the word diff aligns
 *   render.c   the diff as text; what every rendering says alike (below)
 *   render_html.c, render_json.c  the diff as HTML and as JSON
 */
#ifndef CLAUSE_DIFF_INTERNAL_H
#define CLAUSE_DIFF_INTERNAL_H

#include <stdlib.h>
#include <string.h>

#include "diff/cdiff.h"
#include "diff/wdiff.h"

static inline int streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static inline char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* similar.c: pair unmatched clauses (o2n[i] < 0, n2o[k] < 0) whose words
 * are alike (Dice >= CLAUSE_CDIFF_SIMILAR), best pairs first; how[] and
 * score[] of the old clauses say so. */
int cdiff_match_similar(long *o2n, long *n2o, const char **how, int *score,
			const struct clause_doc *old, const struct clause_doc *new);

/* numbers.c: the numbers of a clause that changed (o and n; w the word
 * diff of their texts, or NULL when the texts are the same), was added
 * (o NULL) or removed (n NULL), added to d->nums. */
int cdiff_number_changes(struct clause_cdiff_doc *d, const struct clause_clause *o,
			 const struct clause_clause *n, const struct clause_wdiff *w);

/* render.c: the address of a changed document (the new side's id when
 * it has one); kinds as "edited, moved"; a clause's categories,
 * space-separated; its number, "14.12 -> 15.2" when it changed; where a
 * moved clause went ("Article 14 -> Article 15, after 15.1"). */
const char *render_doc_id(const struct clause_cdiff_doc *d);
void render_kinds(struct clause_buf *out, unsigned kinds);
void render_categories(struct clause_buf *out, const struct clause_clause *c);
void render_num(struct clause_buf *out, const struct clause_cdiff_clause *c);
void render_moved(struct clause_buf *out, const struct clause_cdiff_doc *d,
		  const struct clause_cdiff_clause *c);

#endif
