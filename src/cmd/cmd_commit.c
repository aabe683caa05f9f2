/* cmd_commit.c: clause commit: validate, then commit. */
#include "cmd/cmd.h"
#include "git/commit.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
	"clause commit [-q] -m MSG [PATH...]",
	NULL
};

/*
 * clause commit [-q] -m MSG [PATH...]
 *
 * Stage PATHs (every change in the work tree when none are given),
 * validate every document of the tree that would be committed, and commit
 * it.  When any document is invalid, print the problems and commit
 * nothing: the index and HEAD stay as they were (exit 1).
 */
int cmd_commit(int argc, char **argv)
{
	const char *msg = NULL;
	int quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'm', "message", "MSG", "the commit message", &msg },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary line of the commit", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	git_commit *c = NULL;
	git_oid oid;
	char id[8];
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (!msg) {
		status = clause_opt_usage_error(usage, "a message is required (-m MSG)");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	r = clause_commit_worktree(&oid, repo, msg, args.v, args.n, &probs);
	if (r == CLAUSE_EINVALID && probs.n) {
		clause_problems_sort(&probs);
		cmd_print_problems(&probs);
		fprintf(stderr, "clause: nothing committed: %zu problem%s\n",
			probs.n, probs.n == 1 ? "" : "s");
		status = CLAUSE_EXIT_NO;
		goto done;
	}
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	git_oid_tostr(id, sizeof(id), &oid);
	if (!quiet && git_commit_lookup(&c, repo->git, &oid) == 0) {
		git_reference *head = NULL;
		const char *branch = "HEAD";
		if (git_repository_head(&head, repo->git) == 0)
			branch = git_reference_shorthand(head);
		printf("[%s%s %s] %s\n", branch,
		       git_commit_parentcount(c) ? "" : " (root-commit)", id,
		       git_commit_summary(c));
		git_reference_free(head);
	}
	status = CLAUSE_EXIT_OK;
done:
	git_commit_free(c);
	clause_problems_release(&probs);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
