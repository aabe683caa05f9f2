/* cmd_push.c: clause push: send a branch (and rounds) to a remote. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "cmd/progress.h"
#include "git/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause push [-q] [--rounds] [NAME [BRANCH]]",
	NULL
};

/*
 * clause push [-q] [--rounds] [NAME [BRANCH]]
 *
 * Send BRANCH (default: the current branch) to the branch of the same
 * name on remote NAME (default: the remote the current branch tracks,
 * else origin), never forced; with --rounds, every round tag too.  Each
 * ref the remote refuses is named with the reason, and the exit status
 * is 1; no local ref changes for a refused ref.
 */
int cmd_push(int argc, char **argv)
{
	int quiet = 0, rounds = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "rounds", NULL, "send the round tags too", &rounds },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_remote_opts ropts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_push_result res = { NULL, 0, 0 };
	struct clause_progress progress;
	struct clause_repo *repo = NULL;
	const char *name = NULL, *branch = NULL;
	int r, status;

	if (cmd_remote_start(&status, &repo, &name, &branch, opts, usage,
			     argc, argv) < 0)
		goto done;
	/* What the server says (a hook's reason) is shown unless -q. */
	clause_progress_init(&progress, stderr, 0);
	clause_progress_attach(&ropts, &progress, !quiet, 0);
	ropts.rounds = rounds;
	r = clause_remote_push(&res, repo, name, branch, &ropts);
	for (size_t i = 0; i < res.n; i++)
		fprintf(stderr, "clause: refused: %s: %s\n", res.v[i].ref,
			res.v[i].reason);
	if (r == CLAUSE_EINVALID && res.n) {
		fprintf(stderr, "clause: %s; nothing changed here for %s\n",
			clause_error_last(), res.n == 1 ? "it" : "them");
		status = CLAUSE_EXIT_NO;
		goto done;
	}
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (!quiet)
		fprintf(stderr, res.pushed ? "clause: pushed %zu ref%s\n"
			: "clause: everything up to date\n", res.pushed,
			res.pushed == 1 ? "" : "s");
	if (!quiet && res.rounds_left)
		fprintf(stderr, "clause: %zu round%s stayed here (the remote "
			"lacks %s): clause push --rounds sends %s\n",
			res.rounds_left, res.rounds_left == 1 ? "" : "s",
			res.rounds_left == 1 ? "it" : "them",
			res.rounds_left == 1 ? "it" : "them");
	status = CLAUSE_EXIT_OK;
done:
	clause_push_result_release(&res);
	clause_repo_free(repo);
	return status;
}
