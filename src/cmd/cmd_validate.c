/* cmd_validate.c: clause validate: schema and rule checks. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/library.h"
#include "git/locks.h"

#include <stdio.h>
#include <stdlib.h>

static const char *const usage[] = {
	"clause validate [-q] [--rev REV] [--format=FMT] [PATH...]",
	NULL
};

/*
 * clause validate [-q] [--rev REV] [--format=FMT] [PATH...]
 *
 * Check every document in scope (the paths given, else the current
 * directory of the library) against the schema and the rules a schema
 * cannot express.  Problems go to stderr as path:line:col: message, or to
 * stdout as one JSON object with --format=json.  Exit 1 on any problem.
 */
int cmd_validate(int argc, char **argv)
{
	const char *rev = NULL;
	int quiet = 0;
	struct cmd_format fmt = { NULL, cmd_text_json, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "check a revision from git objects", &rev },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "the problems only, no summary line", &quiet },
		CMD_OPT_FORMAT(&fmt, "text or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_json j;
	size_t docs = 0;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if ((r = cmd_library_load(&repo, &lib, rev, args.v, args.n)) < 0 ||
	    (r = clause_library_check(&lib, &probs)) < 0 ||
	    (!rev && (r = clause_locks_check_head(&lib, repo, &probs)) < 0)) {
		status = cmd_fail(r);
		goto done;
	}
	cmd_problems_add_all(&probs, &lib.problems);
	clause_problems_sort(&probs);
	for (size_t i = 0; i < lib.n; i++)
		if (lib.v[i].in_scope &&
		    (lib.v[i].doc || lib.v[i].taxonomy || lib.v[i].broken))
			docs++;
	if (fmt.which == 1) {
		clause_json_init(&j, &out);
		clause_json_object(&j, NULL);
		clause_json_bool(&j, "valid", !probs.n);
		clause_json_num(&j, "documents", "%zu", docs);
		cmd_json_problems(&j, "problems", &probs);
		clause_json_finish(&j);
		cmd_out(&out);
	} else {
		cmd_print_problems(&probs);
		if (quiet)
			;
		else if (probs.n)
			fprintf(stderr, "clause: %zu problem%s in %zu document%s\n",
				probs.n, probs.n == 1 ? "" : "s", docs,
				docs == 1 ? "" : "s");
		else
			fprintf(stderr, "clause: %zu document%s valid\n", docs,
				docs == 1 ? "" : "s");
	}
	status = probs.n ? CLAUSE_EXIT_NO : CLAUSE_EXIT_OK;
done:
	clause_buf_release(&out);
	clause_problems_release(&probs);
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
