/* cmd_similar.c: clause similar: the clauses most like one clause. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "index/index.h"
#include "cmd/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause similar [-n K] [--rev REV] [--format=FMT] DOC/CLAUSE",
	NULL
};

/*
 * clause similar [-n K] [--rev REV] [--format=FMT] DOC/CLAUSE
 *
 * The K clauses (5 by default) across the library most like DOC/CLAUSE,
 * best first, each with a similarity score from 0 to 1 (1: as close as
 * the clause is to itself).  The clause itself is left out; the same
 * text in another document scores 1.  Exit 1 when none is found.
 */
int cmd_similar(int argc, char **argv)
{
	const char *rev = NULL, *max = NULL;
	struct cmd_format fmt = { NULL, cmd_text_json, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'n', "max-count", "K", "show at most K clauses (5 by default)", &max },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "look in a revision instead of the work tree", &rev },
		CMD_OPT_FORMAT(&fmt, "text or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_hits hits = { NULL, 0, 0 };
	struct clause_index *ix = NULL;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct cmd_list l;
	struct cmd_address addr = { NULL, NULL, NULL };
	unsigned long k = 5;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0 ||
	    cmd_count(&status, &k, max, usage) < 0)
		goto done;
	if (rev) {
		scope.kind = CLAUSE_SCOPE_REV;
		scope.arg = rev;
	}
	if (args.n != 1) {
		status = clause_opt_usage_error(usage, args.n ? "too many arguments" :
						"which clause? give DOC/CLAUSE");
		goto done;
	}
	if (cmd_address_parse(&addr, args.v[0], CMD_ADDR_CLAUSE) < 0) {
		status = clause_opt_usage_error(usage, "'%s' is not DOC/CLAUSE", args.v[0]);
		goto done;
	}
	if ((r = cmd_index_open(&repo, &ix, &scope)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	r = clause_index_similar(&hits, ix, &scope, addr.doc, addr.clause, k);
	cmd_index_notice(ix);
	if (r < 0) {
		status = cmd_fail_near(r, repo, rev, addr.doc, addr.clause);
		goto done;
	}
	cmd_list_start(&l, fmt.which == 1);
	for (size_t i = 0; i < hits.n; i++) {
		const struct clause_hit *h = &hits.v[i];
		struct clause_buf path = CLAUSE_BUF_INIT;

		clause_repo_display(&path, repo, h->label, h->path);
		if (l.json) {
			clause_json_object(&l.j, NULL);
			clause_json_str(&l.j, "doc", h->doc);
			clause_json_str(&l.j, "clause", h->clause);
			clause_json_num(&l.j, "score", "%.4f", h->score);
			clause_json_str(&l.j, "path", path.ptr);
			clause_json_num(&l.j, "line", "%u", h->line);
			clause_json_str(&l.j, "heading", h->heading);
			clause_json_words(&l.j, "categories", h->categories);
			clause_json_str(&l.j, "status", h->status);
			clause_json_end(&l.j);
		} else {
			clause_buf_printf(&l.out, "%.2f  %s/%s  %s:%u  %s\n", h->score,
					  h->doc, h->clause, path.ptr, h->line,
					  h->heading ? h->heading : "-");
		}
		clause_buf_release(&path);
	}
	cmd_list_print(&l);
	status = hits.n ? CLAUSE_EXIT_OK : CLAUSE_EXIT_NO;
done:
	clause_hits_release(&hits);
	clause_index_free(ix);
	clause_repo_free(repo);
	cmd_address_release(&addr);
	free(args.v);
	return status;
}
