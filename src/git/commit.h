/* commit.h: commit the work tree of a library, refusing an invalid tree.
 */
#ifndef CLAUSE_COMMIT_H
#define CLAUSE_COMMIT_H

#include <git2.h>
#include <stddef.h>

#include "doc/problem.h"
#include "git/repo.h"

/*
 * Commit every change of the work tree (npaths 0: new, modified and
 * deleted files, as git add -A), or HEAD's tree plus the work-tree state of
 * `paths` only (as git commit PATH: other staged changes stay staged).
 * The tree that would be committed is validated first: when any document
 * in it is invalid, nothing is written (neither the index nor any ref) and
 * CLAUSE_EINVALID comes back with the problems added.  CLAUSE_ENOTFOUND
 * when there is nothing to commit.
 */
int clause_commit_worktree(git_oid *out, struct clause_repo *repo,
			   const char *msg, char **paths, size_t npaths,
			   struct clause_problems *probs);

/*
 * Undo a merge that waits to be settled (MERGE_HEAD, left by clause pull,
 * clause merge or git merge): the work tree and index go back to HEAD,
 * every conflict and every edit made since the merge with them, and the
 * merge state is removed.  Files git does not track stay.
 * CLAUSE_ENOTFOUND when no merge is in progress.
 */
int clause_commit_abort_merge(struct clause_repo *repo);

#endif
