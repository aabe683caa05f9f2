/* cmd_merge.c: clause merge: join a revision of the library into the
 * current branch clause by clause, or undo a merge left to settle. */
#include "cmd/cmd.h"
#include "git/commit.h"
#include "git/remote.h"
#include "merge/merge.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
	"clause merge [-q] REV",
	"clause merge --abort",
	NULL
};

/*
 * clause merge [-q] REV
 * clause merge --abort
 *
 * Bring the current branch up to date with REV (a branch, round/N, a
 * remote's NAME/BRANCH after clause fetch, a commit): a fast-forward when
 * it can, else the clause-level merge clause pull makes (conflicts are
 * written into the documents; clause resolve and clause commit finish
 * it).  --abort undoes a merge left to settle, whoever made it.
 */
int cmd_merge(int argc, char **argv)
{
	int quiet = 0, abort_merge = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "abort", NULL, "undo the merge in progress: back to HEAD", &abort_merge },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_remote_opts ropts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_args args = { NULL, 0 };
	struct clause_repo *repo = NULL;
	enum clause_pull_result result;
	git_oid head;
	char to[8];
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	status = CLAUSE_EXIT_USAGE;
	if (abort_merge ? args.n != 0 : args.n != 1) {
		clause_opt_usage_error(usage, abort_merge ?
				       "--abort takes no revision" :
				       "name the one revision to merge");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0)
		goto fail;
	if (abort_merge) {
		if ((r = clause_commit_abort_merge(repo)) < 0)
			goto fail;
		if (!quiet)
			fputs("clause: merge aborted: the work tree is as HEAD "
			      "has it\n", stderr);
		status = CLAUSE_EXIT_OK;
		goto done;
	}
	ropts.merge = &clause_merge_step;
	if ((r = clause_remote_merge(&result, &head, repo, args.v[0],
				     &ropts)) < 0)
		goto fail;
	status = CLAUSE_EXIT_OK;
	if (quiet)
		goto done;
	git_oid_tostr(to, sizeof(to), &head);
	if (result == CLAUSE_PULL_UP_TO_DATE)
		fputs("clause: already up to date\n", stderr);
	else if (result == CLAUSE_PULL_FAST_FORWARD)
		fprintf(stderr, "clause: fast-forward to %s\n", to);
	else
		fprintf(stderr, "clause: merged, now at %s\n", to);
	goto done;
fail:
	status = cmd_fail(r);
done:
	clause_repo_free(repo);
	free(args.v);
	return status;
}
