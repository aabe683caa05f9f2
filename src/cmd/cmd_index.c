/* cmd_index.c: clause index: bring the search index up to date. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause index [--rebuild] [--check] [--all-rounds] [-q]",
	NULL
};

/*
 * clause index [--rebuild] [--check] [--all-rounds] [-q]
 *
 * Bring the index of the work tree (HEAD in a bare repository) up to date,
 * and with --all-rounds that of every round too; then forget revisions
 * that no ref names (clause_index_prune).  --rebuild empties the
 * index first; --check runs SQLite's and FTS5's integrity checks and
 * rebuilds a damaged index.  A summary goes to standard error.
 */
int cmd_index(int argc, char **argv)
{
	int rebuild = 0, check = 0, rounds = 0, quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "rebuild", NULL, "empty the index and build it again", &rebuild },
		{ CLAUSE_OPT_FLAG, 0, "check", NULL, "check the index; rebuild it if damaged", &check },
		{ CLAUSE_OPT_FLAG, 0, "all-rounds", NULL, "index every round too", &rounds },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "print nothing but errors", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_scope worktree = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_scope all = { CLAUSE_SCOPE_ROUNDS, NULL };
	struct clause_index *ix = NULL;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	size_t docs = 0, clauses = 0, dropped = 0;
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = clause_index_open(&ix, repo, rebuild)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	/* Say why a search takes a while before it does. */
	if (ix->notice && !quiet) {
		fprintf(stderr, "clause: %s\n", ix->notice);
		free(ix->notice);
		ix->notice = NULL;
	}
	if (isatty(STDERR_FILENO) && !quiet)
		ix->progress = cmd_progress;
	if ((check && (r = clause_index_verify(ix)) < 0) ||
	    (r = clause_index_update(ix, &worktree, &docs, &clauses)) < 0 ||
	    (rounds && (r = clause_index_update(ix, &all, NULL, NULL)) < 0) ||
	    (r = clause_index_prune(ix, &dropped)) < 0) {
		if (ix && ix->notice && !quiet)
			fprintf(stderr, "clause: %s\n", ix->notice);
		status = cmd_fail(r);
		goto done;
	}
	if (ix->notice && !rebuild && !quiet)
		fprintf(stderr, "clause: %s\n", ix->notice);
	if (!quiet && dropped)
		fprintf(stderr, "clause: dropped %zu snapshot%s of revisions no "
			"ref names\n", dropped, dropped == 1 ? "" : "s");
	if (!quiet)
		fprintf(stderr, "clause: index up to date: %zu documents, %zu "
			"clauses (%zu files parsed)\n", docs, clauses, ix->parsed);
	status = CLAUSE_EXIT_OK;
done:
	clause_index_free(ix);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
