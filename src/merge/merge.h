/* merge.h: clause-keyed three-way merge of one clause document.
 *
 * src/merge/: the clause-level merge, of one document (merge.c, which
 * git's merge driver runs, with words.c merging inside a clause, apart.c
 * settling a clause moved to two documents and rename.c matching renamed
 * clauses; internal.h says what they share) and of two commits' trees
 * (mergetree.c, which pull plugs into git/remote.h).
 *
 * Documents are matched by id, clauses by id, so edits to different
 * clauses merge cleanly however close they sit in the file.  The same
 * clause changed on both sides merges at word level when the edits do not
 * overlap; metadata merges field by field.  Moving a clause to another
 * article is a change like an edit: it goes with an edit on the other
 * side, and conflicts with a removal or with a move elsewhere.  A clause
 * given a new id (rename.h) is still one clause: the new id goes with a
 * move or an edit of its words on the other side, and conflicts with
 * another new id.
 * A real conflict is written into the document as a <conflict> element
 * holding the clause (or field) as ours, the merge base and theirs left
 * it: the file stays well-formed, valid XML and nothing is lost, and no
 * clause stands twice.
 */
#ifndef CLAUSE_MERGE_H
#define CLAUSE_MERGE_H

#include <git2.h>
#include <stddef.h>

#include "util/buf.h"
#include "doc/problem.h"

struct clause_merge_input {
	const char *data;	/* the document's bytes, or NULL when absent */
	size_t len;
	const char *label;	/* who: a branch name, "ours", "theirs" ... */
};

/*
 * Merge `theirs` into `ours` against `base` (base->data NULL: no common
 * ancestor, as when both sides added the file).  On success *out holds
 * the merged document and *conflicts the number of <conflict> elements
 * written into it (0: a clean merge).  Returns CLAUSE_EINVALID with
 * problems added when a side is not a valid clause document: the caller
 * then falls back to a line merge.
 */
int clause_merge_doc(struct clause_buf *out, size_t *conflicts,
		     const char *path, const struct clause_merge_input *base,
		     const struct clause_merge_input *ours,
		     const struct clause_merge_input *theirs,
		     struct clause_problems *probs);

/*
 * Word-level three-way merge of two edits of one text (tags, words,
 * white space and punctuation are the tokens; white space never counts as
 * a change).  0 and the merged text in *out when the edits do not overlap;
 * CLAUSE_ENOTFOUND when they do.
 */
int clause_merge_text(struct clause_buf *out, const char *base,
		      const char *ours, const char *theirs);

/* A clause the two sides moved out of one document into two others. */
struct clause_merge_apart {
	const char *path[3];	/* ours' document, the base's, theirs' */
	struct clause_merge_input doc[3];	/* each as merged so far */
	const char *id[3];	/* the clause's id in each */
};

/*
 * Settle a clause moved apart: in ours' document (*ours) it becomes a
 * <conflict> holding ours', the base's and theirs' version, each with a
 * note naming the document that side has it in; from theirs' document
 * (*theirs) it goes.  So it stands once, in the conflict, and nothing is
 * lost.  Both results are read back before the function returns 0.
 */
int clause_merge_apart(struct clause_buf *ours, struct clause_buf *theirs,
		       const struct clause_merge_apart *a);

/*
 * A clause one side took out of its document into another, while the
 * other side changed it where it was, is a conflict in the first
 * document in which the moving side has nothing.  Settle it as one: that
 * side's copy (a->doc[2], clause a->id[2]) goes into the conflict over
 * a->id[0] of the first document (a->doc[0]) with a note naming the
 * document it had moved it to, and out of that document.  `side` is
 * "ours" or "theirs".  0 with *from and *to written; 1 when the first
 * document has no such conflict (nothing to do); < 0 on failure.
 */
int clause_merge_moved_out(struct clause_buf *from, struct clause_buf *to,
			   const struct clause_merge_apart *a, const char *side);

struct clause_repo;

/*
 * Join commit `theirs` into the current branch, whose tip is `ours`: the
 * files only one side changed as git merges them, every clause document
 * both sides changed clause by clause.  The work tree must be clean.
 * 0: the merge commit (both parents) is in *out and the branch, index and
 * work tree moved to it.  CLAUSE_ECONFLICT: *nconflicts conflicts were
 * written into the documents in the work tree and index, MERGE_HEAD is
 * recorded and the branch has not moved: resolve, then clause commit.
 * Any other failure changes nothing.
 */
int clause_merge_commits(git_oid *out, size_t *nconflicts,
			 struct clause_repo *repo, git_commit *ours,
			 git_commit *theirs, const char *their_label);

/* clause_merge_commits as the merge step of clause_remote_pull and
 * clause_remote_merge (git/remote.h). */
extern const struct clause_merge_step clause_merge_step;

#endif
