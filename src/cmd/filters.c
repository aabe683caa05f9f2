/* filters.c: the index opened for a query (see filters.h). */
#include "cmd/filters.h"
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int cmd_index_open(struct clause_repo **repo, struct clause_index **ix,
		   const struct clause_scope *scope)
{
	int r;

	if ((r = clause_repo_open(repo, NULL,
				  scope->kind != CLAUSE_SCOPE_WORKTREE)) < 0 ||
	    (r = clause_index_open(ix, *repo, 0)) < 0)
		return r;
	/* Say why a search takes a while before it does. */
	if ((*ix)->notice) {
		fprintf(stderr, "clause: %s\n", (*ix)->notice);
		free((*ix)->notice);
		(*ix)->notice = NULL;
	}
	/* Progress while a big update runs, when stderr is a terminal. */
	if (isatty(STDERR_FILENO))
		(*ix)->progress = cmd_progress;
	return 0;
}

void cmd_index_notice(const struct clause_index *ix)
{
	if (ix->notice)
		fprintf(stderr, "clause: %s\n", ix->notice);
}
