/* changed.h: the documents that differ between two revisions, or between
 * a revision and the work tree, loaded safely and paired by document id.
 *
 * Only files whose blob changed are read and parsed: a tree diff
 * (git_diff_tree_to_tree, or git_diff_tree_to_workdir) finds them first,
 * so the work is proportional to what changed, not to the library.
 */
#ifndef CLAUSE_CHANGED_H
#define CLAUSE_CHANGED_H

#include <stddef.h>

#include "doc/doc.h"
#include "doc/problem.h"
#include "git/repo.h"

struct clause_changed_pair {
	char *old_display;		/* "REV:path", or NULL when added */
	char *new_display;		/* "REV:path" or a work-tree path */
	struct clause_doc *old;		/* owned; NULL when added */
	struct clause_doc *new;		/* owned; NULL when removed */
	int in_scope;			/* a file of the pair is in scope */
	int handed;			/* given to the caller's callback */
};

struct clause_changed {
	struct clause_changed_pair *v;	/* in path order */
	size_t n;			/* how many */
	size_t cap;			/* allocated slots */
	size_t parsed;			/* files read and parsed */
	struct clause_problems problems;	/* documents that are invalid */
};

#define CLAUSE_CHANGED_INIT { NULL, 0, 0, 0, CLAUSE_PROBLEMS_INIT }

/*
 * The documents that changed from `old_rev` to `new_rev` (the work tree
 * when NULL, untracked files included), under `paths` (command-line
 * paths; without them, the current directory).  A document that moved to
 * another file is one pair, even when it moved into or out of the scope:
 * files added or deleted outside the scope are read when something in it
 * could be the other half of such a move, and their problems ignored.  Invalid documents add problems to
 * out->problems and are left out; the caller decides to refuse.  XML of
 * other vocabularies and taxonomy files are skipped.
 *
 * With `each`, every pair in scope is handed to it as soon as both its
 * sides are read (pairs found by document id, after all are read), and
 * its documents then lose their XML trees and source bytes (nodes become
 * NULL): memory holds the trees of one pair at a time.  Documents are
 * loaded with CLAUSE_DOC_LAZY: `each` has clause_cdiff_docs (or
 * clause_doc_fill_text) fill in the clause texts it needs; the others
 * stay NULL.  A negative return
 * from `each` stops the load and is returned.
 */
int clause_changed_load(struct clause_changed *out, struct clause_repo *repo,
			const char *old_rev, const char *new_rev,
			char **paths, size_t npaths,
			int (*each)(struct clause_changed_pair *pair,
				    void *payload),
			void *payload);
void clause_changed_release(struct clause_changed *c);

#endif
