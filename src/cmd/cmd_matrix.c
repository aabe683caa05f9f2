/* cmd_matrix.c: clause matrix: agreements x categories, who covers what
 * (the matrix itself: export/matrix.c). */
#include "cmd/cmd.h"
#include "export/export.h"
#include "util/error.h"
#include "index/index.h"
#include "doc/taxonomy.h"
#include "cmd/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause matrix [--category PREFIX] [--quantity UNIT] [--rev REV] "
	"[--format=FMT]",
	NULL
};

/*
 * clause matrix [--category PREFIX] [--quantity UNIT] [--rev REV]
 *               [--format=FMT]
 *
 * One row per document (path order), one column per category: the
 * families, or the categories one level below PREFIX (PREFIX itself when
 * it is a leaf).  A cell counts the document's clauses in that category
 * or below; with --quantity UNIT it lists their quantities in UNIT.
 * Formats: text, csv (RFC 4180), html (a page to read and print) and
 * json.
 */
int cmd_matrix(int argc, char **argv)
{
	const char *prefix = NULL, *unit = NULL, *rev = NULL;
	static const char *const formats[] = { "text", "csv", "html", "json", NULL };
	struct cmd_format fmt = { NULL, formats, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "category", "PREFIX", "columns: the categories below PREFIX", &prefix },
		{ CLAUSE_OPT_VALUE, 0, "quantity", "UNIT", "cells: the quantities in UNIT (days, hours...)", &unit },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "a revision instead of the work tree", &rev },
		CMD_OPT_FORMAT(&fmt, "text, csv, html or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_taxonomy tax = CLAUSE_TAXONOMY_INIT;
	struct export_matrix m;
	struct clause_index *ix = NULL;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT;
	int r, status;

	memset(&m, 0, sizeof(m));
	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (rev) {
		scope.kind = CLAUSE_SCOPE_REV;
		scope.arg = rev;
	}
	if (args.n) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	if ((r = clause_taxonomy_load_builtin(&tax)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (cmd_filter_category(&status, prefix, &tax, usage) < 0)
		goto done;
	if ((r = export_matrix_columns(&m, &tax, prefix, unit)) < 0 ||
	    (r = cmd_index_open(&repo, &ix, &scope)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	r = export_matrix_fill(&m, ix, &scope);
	cmd_index_notice(ix);
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (fmt.which == 0)
		export_matrix_text(&out, &m);
	else if (fmt.which == 2)
		export_matrix_html(&out, &m, &tax);
	else if ((fmt.which == 3 ? export_matrix_json(&out, &m) :
		  export_matrix_csv(&out, &m)) < 0) {
		status = cmd_fail(CLAUSE_ERROR);
		goto done;
	}
	cmd_out(&out);
	status = m.nrows ? CLAUSE_EXIT_OK : CLAUSE_EXIT_NO;
done:
	export_matrix_release(&m);
	clause_taxonomy_release(&tax);
	clause_index_free(ix);
	clause_repo_free(repo);
	clause_buf_release(&out);
	free(args.v);
	return status;
}
