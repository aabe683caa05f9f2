/* cmd_pull.c: clause pull: fetch, then bring the branch up to date. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "merge/merge.h"
#include "cmd/progress.h"
#include "git/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause pull [-q] [NAME [BRANCH]]",
	NULL
};


/*
 * clause pull [-q] [NAME [BRANCH]]
 *
 * Fetch remote NAME (default: the remote the current branch tracks, else
 * origin), then move the current branch to BRANCH of that remote
 * (default: the branch it tracks, else the same name): a fast-forward
 * when it can, else a clause-level merge (conflicts are written into the
 * documents; clause commit finishes the merge).  Local changes that the
 * update would overwrite stop it before anything changes.
 */
int cmd_pull(int argc, char **argv)
{
	int quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no progress, no summary", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_remote_opts ropts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_progress progress;
	struct clause_repo *repo = NULL;
	const char *name = NULL, *branch = NULL;
	enum clause_pull_result result;
	git_oid old_head = {{ 0 }}, new_head = {{ 0 }};
	char from[8] = "", to[8] = "";
	int r, status, had_head;

	if (cmd_remote_start(&status, &repo, &name, &branch, opts, usage,
			     argc, argv) < 0)
		goto done;
	had_head = git_reference_name_to_id(&old_head, repo->git, "HEAD") == 0;
	git_error_clear();
	clause_progress_init(&progress, stderr, !quiet && isatty(STDERR_FILENO));
	clause_progress_attach(&ropts, &progress, progress.bar, !quiet);
	ropts.merge = &clause_merge_step;
	r = clause_remote_pull(&result, &new_head, repo, name, branch,
			       &ropts);
	clause_progress_done(&progress);
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (!quiet) {
		if (had_head)
			git_oid_tostr(from, sizeof(from), &old_head);
		git_oid_tostr(to, sizeof(to), &new_head);
		if (result == CLAUSE_PULL_UP_TO_DATE)
			fputs("clause: already up to date\n", stderr);
		else if (result == CLAUSE_PULL_FAST_FORWARD)
			fprintf(stderr, "clause: fast-forward %s..%s\n",
				had_head ? from : "(none)", to);
		else
			fprintf(stderr, "clause: merged, now at %s\n", to);
	}
	status = CLAUSE_EXIT_OK;
done:
	clause_repo_free(repo);
	return status;
}
