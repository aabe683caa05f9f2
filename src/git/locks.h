/* locks.h: tentative agreements hold: the text of a TA'd clause does not
 * change until the TA is reopened by a recorded act.
 *
 * A clause whose last <ta> is not followed by a <reopen> is locked (see
 * clause_clause_ta in doc/doc.h).  Between the library as committed and
 * a new state of it (the tree about to be committed, or the work tree
 * being validated), a locked clause must still be in its document with
 * the same heading and text, and with its acts up to that <ta> kept.
 * Its number, place, article and categories may change: renumbering or
 * moving agreed language is not changing it.
 */
#ifndef CLAUSE_LOCKS_H
#define CLAUSE_LOCKS_H

#include <git2.h>

#include "doc/problem.h"
#include "git/library.h"
#include "git/repo.h"

/*
 * Check `lib` (the new state, read through `repo`) against the locks of
 * tree `old` (HEAD's; NULL: nothing is locked).  A broken lock is a
 * problem at the clause's place in the new document (at the old file's
 * when the clause or its document is gone), naming the round and date of
 * the agreement and how to reopen it.  Only documents in scope are held.
 * Documents whose blob did not change, or whose committed version holds
 * no <ta>, are not parsed.  0, or negative on a run-time error.
 */
int clause_locks_check(struct clause_library *lib, struct clause_repo *repo,
		       const git_oid *old, struct clause_problems *probs);

/* The same against HEAD's tree (nothing when HEAD is unborn or repo has
 * no git repository): for checking the work tree. */
int clause_locks_check_head(struct clause_library *lib,
			    struct clause_repo *repo,
			    struct clause_problems *probs);

#endif
