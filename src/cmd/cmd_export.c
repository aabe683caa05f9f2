/* cmd_export.c: clause export: one document as Word, Markdown, plain
 * text, CSV or a standalone HTML page. */
#include "cmd/cmd.h"
#include "export/export.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause export [--format=FMT] [-o FILE] DOC[@REV]",
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
 * atomically; a Word file is never written to a terminal.
 */
int cmd_export(int argc, char **argv)
{
	struct cmd_format fmt = { NULL, formats, 0 };
	const char *out_path = NULL;
	const struct clause_opt opts[] = {
		CMD_OPT_FORMAT(&fmt, "txt (default), md, html, csv or docx"),
		{ CLAUSE_OPT_VALUE, 'o', "output", "FILE", "write FILE (atomically), not stdout", &out_path },
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
