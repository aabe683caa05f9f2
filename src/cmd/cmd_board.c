/* cmd_board.c: clause board: the bargaining board of a negotiation. */
#include "cmd/cmd.h"
#include "board/board.h"
#include "git/library.h"
#include "index/index.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause board [--as-of ROUND] [--format=FMT] [DOC]",
	"clause board --negotiation NAME [--as-of ROUND] [--format=FMT]",
	NULL
};

/* Without DOC: the one document of the library (models aside). */
static int only_doc(char **out, struct clause_repo *repo)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_buf names = CLAUSE_BUF_INIT;
	size_t n = 0;
	int r;

	*out = NULL;
	lib.all = 1;
	lib.docs_only = 1;
	lib.light = 1;
	if (!clause_index_library(&lib, repo, "HEAD") &&
	    (r = clause_library_load(&lib, repo, "HEAD", NULL, 0)) < 0)
		goto done;
	r = 0;
	for (size_t i = 0; i < lib.n; i++) {
		const struct clause_doc *d = lib.v[i].doc;
		if (!d || (d->status && strcmp(d->status, "model") == 0))
			continue;
		if (n++ < 6)
			clause_buf_printf(&names, "%s%s", n > 1 ? ", " : "", d->id);
		if (n == 1)
			*out = strdup(d->id);
	}
	if (n != 1) {
		free(*out);
		*out = NULL;
		clause_error_set(n ? "name the document to show: %s%s" :
				 "no document at HEAD%s%s", names.len ? names.ptr : "",
				 n > 6 ? ", ..." : "");
		r = CLAUSE_EUSAGE;
	}
done:
	clause_buf_release(&names);
	clause_library_release(&lib);
	return r;
}

/*
 * clause board [DOC | --negotiation NAME] [--as-of ROUND] [--format=FMT]
 *
 * One row per clause in article order: where it was first tabled, its
 * last change, how many rounds tabled its language, its status at the
 * table and the numbers the parties' latest versions still differ on.
 */
int cmd_board(int argc, char **argv)
{
	static const char *const formats[] = { "text", "json", "csv", "html", NULL };
	const char *as_of = NULL, *negotiation = NULL;
	struct cmd_format fmt = { NULL, formats, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "negotiation", "NAME", "the documents of <round negotiation=NAME>, one a round", &negotiation },
		{ CLAUSE_OPT_VALUE, 0, "as-of", "ROUND", "the board as it stood at that round", &as_of },
		CMD_OPT_FORMAT(&fmt, "text, json, csv or html"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct board b;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT;
	char *doc = NULL;
	int r, status;

	memset(&b, 0, sizeof(b));
	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n > 1 || (args.n && negotiation)) {
		status = clause_opt_usage_error(usage, negotiation ?
			"--negotiation takes no DOC" : "board takes one DOC");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, !negotiation)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (negotiation)
		r = board_of_negotiation(&b, repo, negotiation, as_of);
	else if (args.n || (r = only_doc(&doc, repo)) == 0)
		r = board_of_doc(&b, repo, args.n ? args.v[0] : doc, as_of);
	if (r < 0) {
		status = args.n ? cmd_fail_near(r, repo, NULL, args.v[0], NULL) :
			 cmd_fail(r);
		goto done;
	}
	switch (fmt.which) {
	case 1: r = board_json(&out, &b); break;
	case 2: r = board_csv(&out, &b); break;
	case 3: r = board_html(&out, &b); break;
	default: r = board_text(&out, &b);
	}
	if (r < 0) {
		status = cmd_fail(CLAUSE_ERROR);
		goto done;
	}
	cmd_out(&out);
	status = CLAUSE_EXIT_OK;
done:
	board_release(&b);
	clause_buf_release(&out);
	clause_repo_free(repo);
	free(doc);
	free(args.v);
	return status;
}
