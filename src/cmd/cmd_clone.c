/* cmd_clone.c: clause clone: copy a library from a remote. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/library.h"
#include "cmd/progress.h"
#include "git/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause clone [-q] URL [DIR]",
	NULL
};

/* Check the new library as clause validate would; problems are printed
 * as a warning: the clone is a faithful copy, and fixing it starts here. */
static void check_clone(const char *dir)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_repo *repo = NULL;
	size_t docs = 0;

	lib.all = 1;
	/* Structure only, as clause validate loads: every document of the
	 * library is held at once, and whole trees of 2,000 documents took
	 * over 600 MB where their structure takes a tenth of that. */
	lib.light = 1;
	if (clause_repo_open(&repo, dir, 1) < 0 ||
	    clause_library_load(&lib, repo, NULL, NULL, 0) < 0 ||
	    clause_library_check(&lib, &probs) < 0) {
		fprintf(stderr, "clause: warning: cannot check the clone: %s\n",
			clause_error_last());
		goto done;
	}
	cmd_problems_add_all(&probs, &lib.problems);
	for (size_t i = 0; i < lib.n; i++)
		if (lib.v[i].doc || lib.v[i].taxonomy || lib.v[i].broken)
			docs++;
	if (probs.n) {
		clause_problems_sort(&probs);
		cmd_print_problems(&probs);
		fprintf(stderr, "clause: warning: %zu problem%s in %zu document%s "
			"of the clone (see clause validate)\n", probs.n,
			probs.n == 1 ? "" : "s", docs, docs == 1 ? "" : "s");
	}
done:
	clause_problems_release(&probs);
	clause_library_release(&lib);
	clause_repo_free(repo);
}

/*
 * clause clone [-q] URL [DIR]
 *
 * Clone the library at URL into DIR (by default the last part of URL
 * without .git), check out its default branch, and validate it: invalid
 * documents are reported as a warning, not a failure.  The clone is made
 * in a hidden directory beside DIR and renamed into place when complete.
 */
int cmd_clone(int argc, char **argv)
{
	int quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no progress, no summary", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_remote_opts ropts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_progress progress;
	struct clause_args args = { NULL, 0 };
	char *dir = NULL;
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n < 1 || args.n > 2) {
		status = clause_opt_usage_error(usage, args.n ? "too many arguments"
						: "a URL is required");
		goto done;
	}
	clause_progress_init(&progress, stderr, !quiet && isatty(STDERR_FILENO));
	clause_progress_attach(&ropts, &progress, progress.bar, 0);
	r = clause_remote_clone(&dir, args.v[0], args.n > 1 ? args.v[1] : NULL,
				&ropts);
	clause_progress_done(&progress);
	if (r < 0) {
		status = cmd_fail(r == CLAUSE_EEXISTS ? r : CLAUSE_ERROR);
		goto done;
	}
	if (!quiet)
		fprintf(stderr, "clause: cloned '%s' into '%s'\n", args.v[0], dir);
	check_clone(dir);
	status = CLAUSE_EXIT_OK;
done:
	free(dir);
	free(args.v);
	return status;
}
