/* cmd_merge_driver.c: clause merge-driver: git's merge=clause driver. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "merge/merge.h"
#include "doc/xml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause merge-driver [--ours-label NAME] [--theirs-label NAME] BASE OURS THEIRS [PATH]",
	NULL
};

/* Not clause documents: git's own line merge, as if no driver were set. */
static int line_merge(const char *base, const char *ours, const char *theirs)
{
	pid_t pid = fork();
	int status;

	if (pid < 0) {
		fprintf(stderr, "clause: cannot run git merge-file: %s\n",
			strerror(errno));
		return CLAUSE_EXIT_RUNTIME;
	}
	if (pid == 0) {
		execlp("git", "git", "merge-file", "-L", "ours", "-L", "base",
		       "-L", "theirs", ours, base, theirs, (char *)NULL);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status) ||
	    WEXITSTATUS(status) >= 127) {
		fprintf(stderr, "clause: git merge-file failed\n");
		return CLAUSE_EXIT_RUNTIME;
	}
	return WEXITSTATUS(status) ? CLAUSE_EXIT_NO : CLAUSE_EXIT_OK;
}

/* Replace `path` by `b` through a temporary file and a rename. */
static int write_atomically(const char *path, const struct clause_buf *b)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	FILE *f;
	int ok;

	clause_buf_printf(&tmp, "%s.clause-merge.%ld", path, (long)getpid());
	if (!(f = fopen(tmp.ptr, "wb"))) {
		clause_error_set("cannot write '%s': %s", tmp.ptr, strerror(errno));
		clause_buf_release(&tmp);
		return CLAUSE_ERROR;
	}
	ok = fwrite(b->ptr, 1, b->len, f) == b->len;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp.ptr, path) < 0) {
		clause_error_set("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
		clause_buf_release(&tmp);
		return CLAUSE_ERROR;
	}
	clause_buf_release(&tmp);
	return 0;
}

/*
 * clause merge-driver [--ours-label NAME] [--theirs-label NAME]
 *                     BASE OURS THEIRS [PATH]
 *
 * git's merge driver (merge.clause.driver = clause merge-driver %O %A %B
 * %P): merge THEIRS into OURS against BASE clause by clause, writing the
 * result over OURS.  Exit 0 for a clean merge, 1 when conflict elements
 * were written (git then leaves the path unmerged).  Files that are not
 * clause documents get git's line merge.
 */
int cmd_merge_driver(int argc, char **argv)
{
	const char *ours_label = "ours", *theirs_label = "theirs";
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "ours-label", "NAME", "who made our side (conflicts say so)", &ours_label },
		{ CLAUSE_OPT_VALUE, 0, "theirs-label", "NAME", "who made their side", &theirs_label },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	struct clause_buf files[3] = { CLAUSE_BUF_INIT, CLAUSE_BUF_INIT, CLAUSE_BUF_INIT };
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_merge_input base, ours, theirs;
	const char *path;
	size_t conflicts = 0;
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n < 3 || args.n > 4) {
		status = clause_opt_usage_error(usage, "merge-driver takes BASE OURS THEIRS [PATH]");
		goto done;
	}
	path = args.n == 4 ? args.v[3] : args.v[1];
	for (int i = 0; i < 3; i++)
		if ((r = clause_buf_read_file(&files[i], args.v[i],
					      CLAUSE_MAX_DOC_BYTES)) < 0) {
			status = cmd_fail(r == CLAUSE_ETOOBIG ? CLAUSE_EINVALID : r);
			goto done;
		}
	base = (struct clause_merge_input){ files[0].len ? files[0].ptr : NULL,
					    files[0].len, "merge base" };
	ours = (struct clause_merge_input){ files[1].ptr, files[1].len, ours_label };
	theirs = (struct clause_merge_input){ files[2].ptr, files[2].len, theirs_label };
	r = clause_merge_doc(&out, &conflicts, path, &base, &ours, &theirs, &probs);
	if (r == CLAUSE_EINVALID) {
		status = line_merge(args.v[0], args.v[1], args.v[2]);
		goto done;
	}
	if (r < 0 || (r = write_atomically(args.v[1], &out)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (conflicts)
		fprintf(stderr, "clause: %s: %zu clause conflict%s written into "
			"the document\n", path, conflicts, conflicts == 1 ? "" : "s");
	status = conflicts ? CLAUSE_EXIT_NO : CLAUSE_EXIT_OK;
done:
	for (int i = 0; i < 3; i++)
		clause_buf_release(&files[i]);
	clause_buf_release(&out);
	clause_problems_release(&probs);
	free(args.v);
	return status;
}
