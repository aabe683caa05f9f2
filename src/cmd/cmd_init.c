/* cmd_init.c: clause init: create a library. */
#include "cmd/cmd.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
	"clause init [-q] [DIR]",
	NULL
};

/*
 * clause init [-q] [DIR]
 *
 * Create a library in DIR (the current directory by default): a git
 * repository whose branch is main.  Running it in an existing library is
 * safe and changes nothing there.
 */
int cmd_init(int argc, char **argv)
{
	int quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "print nothing on success", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	char *top = NULL;
	int r, existed = 0, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n > 1) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	if ((r = clause_repo_init(&top, args.n ? args.v[0] : ".", &existed)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (!quiet)
		printf("%s clause library in %s\n",
		       existed ? "Reinitialized existing" : "Initialized empty", top);
	status = CLAUSE_EXIT_OK;
done:
	free(top);
	free(args.v);
	return status;
}
