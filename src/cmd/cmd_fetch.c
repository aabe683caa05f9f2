/* cmd_fetch.c: clause fetch: bring in what a remote has. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "cmd/progress.h"
#include "git/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause fetch [-q] [NAME | --all]",
	NULL
};

/*
 * clause fetch [-q] [NAME | --all]
 *
 * Download the branches of remote NAME (the one the current branch
 * tracks, else origin), or of every remote with --all, into its
 * remote-tracking refs (refs/remotes/NAME/...).  The work tree and the
 * local branches do not change.
 */
int cmd_fetch(int argc, char **argv)
{
	int quiet = 0, all = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "all", NULL, "fetch from every remote", &all },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no progress", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_remote_opts ropts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_remote_list list = { NULL, 0 };
	struct clause_progress progress;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	char *def = NULL;
	int r = 0, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n > 1 || (all && args.n)) {
		status = clause_opt_usage_error(usage, all ? "--all takes no NAME"
						: "too many arguments");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	clause_progress_init(&progress, stderr, !quiet && isatty(STDERR_FILENO));
	clause_progress_attach(&ropts, &progress, progress.bar, !quiet);
	if (all) {
		if ((r = clause_remote_list(&list, repo)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
		status = CLAUSE_EXIT_OK;
		for (size_t i = 0; i < list.n; i++) {
			if (progress.bar)
				fprintf(stderr, "clause: fetching %s\n", list.v[i].name);
			r = clause_remote_fetch(repo, list.v[i].name, &ropts);
			clause_progress_done(&progress);
			if (r < 0)
				status = cmd_fail(r);	/* and go on with the others */
		}
		goto done;
	}
	if (!args.n && (r = clause_remote_default(&def, repo)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	r = clause_remote_fetch(repo, args.n ? args.v[0] : def, &ropts);
	clause_progress_done(&progress);
	status = cmd_fail(r);
done:
	clause_remote_list_release(&list);
	clause_repo_free(repo);
	free(def);
	free(args.v);
	return status;
}
