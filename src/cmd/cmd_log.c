/* cmd_log.c: clause log: history, following a clause by its id. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/history.h"
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause log [-n N] [--rev REV] [--format=FMT] [DOC[/CLAUSE]]",
	NULL
};

/*
 * clause log [-n N] [--rev REV] [--format=FMT] [DOC[/CLAUSE]]
 *
 * Without an address: the commits that changed documents under the
 * current directory.  With DOC: the commits that changed that document,
 * wherever its file was.  With DOC/CLAUSE: the commits that changed the
 * clause's heading or text, following its id across renumbering and moves
 * between files; each version lists the rounds it belongs to.
 */
int cmd_log(int argc, char **argv)
{
	const char *rev = NULL, *max = NULL;
	struct cmd_format fmt = { NULL, cmd_text_json, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'n', "max-count", "N", "show at most N entries", &max },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "start from REV (HEAD by default)", &rev },
		CMD_OPT_FORMAT(&fmt, "text or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_log log = { NULL, 0, 0 };
	struct clause_blob_oracle oracle;
	struct clause_index *ix = NULL;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct cmd_list l;
	struct cmd_address addr = { NULL, NULL, NULL };
	unsigned long n = 0;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0 ||
	    cmd_count(&status, &n, max, usage) < 0)
		goto done;
	if (args.n > 1) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	if (args.n && cmd_address_parse(&addr, args.v[0], 0) < 0) {
		status = clause_opt_usage_error(usage,
				"'%s' is not DOC or DOC/CLAUSE", args.v[0]);
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	/* Following a document, the blobs the search index has read are not
	 * parsed again. */
	if (addr.doc)
		clause_index_oracle(&oracle, &ix, repo);
	if ((r = clause_history(&log, repo, rev, addr.doc, addr.clause, n,
				ix ? &oracle : NULL)) < 0) {
		status = cmd_fail_near(r, repo, rev, addr.doc, addr.clause);
		goto done;
	}
	cmd_list_start(&l, fmt.which == 1);
	for (size_t i = 0; i < log.n; i++) {
		const struct clause_log_entry *e = &log.v[i];
		char date[11], *shown;

		cmd_date(date, e->when, e->offset);
		if (l.json) {
			clause_json_object(&l.j, NULL);
			clause_json_str(&l.j, "commit", e->commit);
			clause_json_str(&l.j, "date", date);
			clause_json_str(&l.j, "author", e->author);
			clause_json_str(&l.j, "subject", e->subject);
			clause_json_str(&l.j, "change", e->change);
			clause_json_str(&l.j, "path", e->path);
			clause_json_str(&l.j, "num", e->num);
			clause_json_str(&l.j, "version",
					*e->version ? e->version : NULL);
			clause_json_strings(&l.j, "rounds", e->rounds,
					    e->nrounds);
			clause_json_end(&l.j);
			continue;
		}
		clause_buf_printf(&l.out, "%.7s %s ", e->commit, date);
		if (addr.doc)
			clause_buf_printf(&l.out, "%-8s ", e->change);
		if (addr.clause)
			clause_buf_printf(&l.out, "%-6s ", e->num ? e->num : "-");
		if (addr.doc)
			clause_buf_printf(&l.out, "%s  ", e->path ? e->path : "-");
		if ((shown = clause_visible(e->subject))) {
			clause_buf_puts(&l.out, shown);
			free(shown);
		}
		for (size_t k = 0; k < e->nrounds; k++)
			clause_buf_printf(&l.out, "%sround/%s%s", k ? ", " : "  (",
					  e->rounds[k], k + 1 == e->nrounds ? ")" : "");
		clause_buf_putc(&l.out, '\n');
	}
	cmd_list_print(&l);
	status = CLAUSE_EXIT_OK;
done:
	clause_log_release(&log);
	clause_index_free(ix);
	clause_repo_free(repo);
	cmd_address_release(&addr);
	free(args.v);
	return status;
}
