/* cmd_export.c: clause export: one document as Word, Markdown, plain
 * text, CSV or a standalone HTML page. */
#include "cmd/cmd.h"
#include "cmd/filters.h"
#include "export/export.h"
#include "index/index.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause export [--format=FMT] [-o FILE] DOC[@REV]",
	"clause export --all --format=csv [--rev REV] [-o FILE]",
	NULL
};

static const char *const formats[] = { "txt", "md", "html", "csv", "docx", NULL };

/* Document addr.doc at addr.rev, whole. */
static int load(struct clause_doc **doc, struct clause_repo **repo,
		const struct cmd_address *addr)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_buf hint = CLAUSE_BUF_INIT;
	int r = clause_repo_open(repo, NULL, addr->rev != NULL);

	lib.light = 1;
	if (r == 0)
		r = clause_library_load(&lib, *repo, addr->rev, NULL, 0);
	if (r == 0 && !cmd_address_in(&hint, &lib, addr->doc, NULL)) {
		clause_error_set("no document '%s'%s%s%s", addr->doc,
				 addr->rev ? " at " : "", addr->rev ? addr->rev : "",
				 hint.ptr);
		r = CLAUSE_ENOTFOUND;
	}
	if (r == 0)
		r = clause_library_reload(doc, &lib, *repo,
					  clause_library_find(&lib, addr->doc));
	clause_buf_release(&hint);
	clause_library_release(&lib);
	return r;
}

/* One clause of the index's listing as a CSV record. */
static int csv_row(const struct clause_row *row, void *arg)
{
	struct clause_buf *out = arg;
	struct clause_buf cats = CLAUSE_BUF_INIT;
	const char *p;
	int r;

	if (!row->clause)
		return 0;	/* a document without clauses */
	/* the index keeps categories as " a b " */
	for (p = row->categories; *p; p++)
		if (*p != ' ' || (cats.len && p[1] && p[1] != ' '))
			clause_buf_putc(&cats, *p);
	r = export_csv_clause(out, row->doc, row->clause, row->num, row->heading,
			      cats.ptr, row->status, row->text);
	clause_buf_release(&cats);
	return r;
}

/* Every clause of every document of the library (at rev), one CSV, from
 * the search index (brought up to date first, built on first use): one
 * query, no document parsed, as fast for 100,000 clauses as the rows
 * can be written. */
static int export_all(struct clause_buf *out, struct clause_repo **repo,
		      const char *rev)
{
	static const char *const names[] = {
		"document", "clause", "number", "heading", "categories",
		"status", "text"
	};
	struct clause_scope scope = { rev ? CLAUSE_SCOPE_REV : CLAUSE_SCOPE_WORKTREE, rev };
	struct clause_index *ix = NULL;
	int r = cmd_index_open(repo, &ix, &scope);

	if (r == 0)
		r = export_csv_row(out, names, 7);
	if (r == 0)
		r = clause_index_each(ix, &scope, CLAUSE_EACH_TEXT, csv_row, out);
	cmd_index_notice(ix);
	clause_index_free(ix);
	return r;
}

static int render(struct clause_buf *out, int which, const struct clause_doc *doc)
{
	switch (which) {
	case 1:
		return export_md_doc(out, doc);
	case 2:
		return export_html_doc(out, doc);
	case 3:
		return export_csv_doc(out, doc, 1);
	case 4:
		return export_docx_doc(out, doc);
	default:
		return export_txt_doc(out, doc);
	}
}

/*
 * clause export [--format=FMT] [-o FILE] DOC[@REV]
 *
 * One document of the library, at the work tree or a revision, in the
 * form FMT: txt (the default), md, html, csv or docx.  -o writes FILE
 * atomically; a Word file is never written to a terminal.  With --all
 * (csv only), every clause of the library, from the search index.
 */
int cmd_export(int argc, char **argv)
{
	struct cmd_format fmt = { NULL, formats, 0 };
	const char *out_path = NULL, *rev = NULL;
	int all = 0;
	const struct clause_opt opts[] = {
		CMD_OPT_FORMAT(&fmt, "txt (default), md, html, csv or docx"),
		{ CLAUSE_OPT_VALUE, 'o', "output", "FILE", "write FILE (atomically), not stdout", &out_path },
		{ CLAUSE_OPT_FLAG, 0, "all", NULL, "every clause of the library, as one CSV", &all },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "with --all: the library at REV", &rev },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	struct cmd_address addr = { NULL, NULL, NULL };
	struct clause_repo *repo = NULL;
	struct clause_doc *doc = NULL;
	struct clause_buf out = CLAUSE_BUF_INIT;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (all || rev) {
		if (!all || fmt.which != 3 || args.n) {
			status = clause_opt_usage_error(usage, "--all takes --format=csv "
							"and no DOC; --rev goes with --all");
			goto done;
		}
		if ((r = export_all(&out, &repo, rev)) < 0 ||
		    (out_path && (r = cmd_write_atomic(out_path, &out)) < 0)) {
			status = cmd_fail(r);
			goto done;
		}
		if (!out_path)
			cmd_out(&out);
		status = CLAUSE_EXIT_OK;
		goto done;
	}
	if (args.n != 1 || cmd_address_parse(&addr, args.v[0], CMD_ADDR_REV) < 0 ||
	    addr.clause) {
		status = clause_opt_usage_error(usage, "export takes one DOC[@REV]");
		goto done;
	}
	if (fmt.which == 4 && !out_path && isatty(STDOUT_FILENO)) {
		status = clause_opt_usage_error(usage, "a Word file is not for a "
						"terminal: say -o FILE.docx");
		goto done;
	}
	if ((r = load(&doc, &repo, &addr)) < 0 || (r = render(&out, fmt.which, doc)) < 0 ||
	    (out_path && (r = cmd_write_atomic(out_path, &out)) < 0)) {
		status = cmd_fail(r);
		goto done;
	}
	if (!out_path)
		cmd_out(&out);
	status = CLAUSE_EXIT_OK;
done:
	clause_buf_release(&out);
	clause_doc_free(doc);
	clause_repo_free(repo);
	cmd_address_release(&addr);
	free(args.v);
	return status;
}
