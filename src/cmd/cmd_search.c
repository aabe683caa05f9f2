/* cmd_search.c: clause search: ranked full-text search with snippets. */
#include "cmd/cmd.h"
#include "export/export.h"
#include "util/error.h"
#include "index/index.h"
#include "index/query.h"
#include "cmd/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause search [--stem] [--category PREFIX] [--party PARTY] "
	"[--sector SECTOR] [--status STATUS] [--doc DOC] [--since DATE] "
	"[--until DATE] [--quantity EXPR] [--rev REV | --all-rounds | "
	"--history | --remote NAME] [-n N] [--count] [--format=FMT] "
	"[--color[=WHEN]] QUERY...",
	NULL
};

#define HL_ON "\033[1;31m"	/* highlight on a terminal */
#define HL_OFF "\033[m"

/* One hit as a CSV record; the header names the columns. */
static void csv_hit(struct clause_buf *b, const struct clause_repo *repo,
		    const struct clause_hit *h)
{
	struct clause_buf path = CLAUSE_BUF_INIT, line = CLAUSE_BUF_INIT,
			  score = CLAUSE_BUF_INIT;
	const char *cells[10];

	clause_repo_display(&path, repo, h->label, h->path);
	clause_buf_printf(&line, "%u", h->line);
	clause_buf_printf(&score, "%.4f", h->score);
	cells[0] = h->doc;
	cells[1] = h->clause;
	cells[2] = h->num;
	cells[3] = h->heading;
	cells[4] = h->categories;
	cells[5] = h->status;
	cells[6] = score.ptr;
	cells[7] = h->snippet;
	cells[8] = path.ptr;
	cells[9] = line.ptr;
	export_csv_row(b, cells, 10);
	clause_buf_release(&path);
	clause_buf_release(&line);
	clause_buf_release(&score);
}

static void text_hit(struct clause_buf *b, const struct clause_repo *repo,
		     const struct clause_hit *h, int history)
{
	clause_buf_printf(b, "%s/%s  ", h->doc, h->clause);
	clause_repo_display(b, repo, h->label, h->path);
	clause_buf_printf(b, ":%u  %s  %s\n", h->line,
			  *h->categories ? h->categories : "-", h->status);
	clause_buf_puts(b, "    ");
	if (h->num)
		clause_buf_printf(b, "%s ", h->num);
	if (h->heading)
		clause_buf_printf(b, "%s: ", h->heading_marked ? h->heading_marked
				  : h->heading);
	clause_buf_printf(b, "%s\n", h->snippet ? h->snippet : "");
	if (h->nlabels) {
		clause_buf_printf(b, "    %s ", history ? "commits:" : "in:");
		for (size_t k = 0; k < h->nlabels; k++)
			clause_buf_printf(b, "%s%.*s", k ? ", " : "",
					  history ? 7 : (int)strlen(h->labels[k]),
					  h->labels[k]);
		clause_buf_putc(b, '\n');
	}
}

/* What to search: the work tree, or --rev REV, --all-rounds, --history
 * [--rev REV] or --remote NAME.  0, or -1 with *status 129. */
static int search_scope(int *status, struct clause_scope *scope,
			const char *rev, int rounds, int history,
			const char *remote)
{
	if ((rev != NULL) + rounds + (remote != NULL) > 1 ||
	    (history && (rounds || remote))) {
		*status = clause_opt_usage_error(usage, "--rev, --all-rounds, "
				"--history and --remote do not go together "
				"(but --history --rev REV does)");
		return -1;
	}
	if (history) {
		scope->kind = CLAUSE_SCOPE_HISTORY;
		scope->arg = rev;
	} else if (rounds) {
		scope->kind = CLAUSE_SCOPE_ROUNDS;
	} else if (remote) {
		scope->kind = CLAUSE_SCOPE_REMOTE;
		scope->arg = remote;
	} else if (rev) {
		scope->kind = CLAUSE_SCOPE_REV;
		scope->arg = rev;
	}
	return 0;
}

/* The filters whose values are checked: --status and --category (which
 * must exist), --since and --until dates, and --quantity EXPR, parsed
 * into a copy (*qbuf, the caller frees it) that s points into.  0, or -1
 * with *status the exit status (129 for a usage error). */
static int check_filters(int *status, struct clause_search *s, char **qbuf,
			 const char *quantity, const struct clause_scope *scope)
{
	const char *dates[2] = { s->since, s->until };

	for (int i = 0; i < 2; i++)
		if (dates[i] && !clause_opt_date(dates[i])) {
			*status = clause_opt_usage_error(usage, "--%s '%s': not "
					"a date (YYYY-MM-DD)", i ? "until" : "since",
					dates[i]);
			return -1;
		}
	if (quantity && (!(*qbuf = strdup(quantity)) ||
			 clause_query_quantity(&s->qunit, &s->qop, &s->qvalue, *qbuf) < 0)) {
		*status = clause_opt_usage_error(usage, "'%s': --quantity takes "
				"UNIT OP NUMBER, such as days>=90 (OP is one of "
				"< <= = != >= >)", quantity);
		return -1;
	}
	return cmd_filter_status(status, s->status, usage) < 0 ||
	       cmd_filter_category_at(status, s->category,
				      scope->kind == CLAUSE_SCOPE_REV ||
				      scope->kind == CLAUSE_SCOPE_HISTORY
				      ? scope->arg : NULL, usage) < 0 ? -1 : 0;
}

/* Nothing matched: say so on a terminal, and say when the --doc is no
 * document of the library at rev (with the nearest ids) or the
 * --quantity unit one no quantity of the library has (with the units it
 * has). */
static void explain_none(struct clause_index *ix, const char *doc,
			 const char *rev, const char *unit)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct cmd_suggest s;
	char **units = NULL;
	size_t n = 0;

	if (doc && cmd_address_known(&b, NULL, ix->repo, rev, doc, NULL) == 0) {
		fprintf(stderr, "clause: no document '%s'%s\n", doc, b.ptr);
	} else if (unit && clause_index_units(&units, &n, ix) == 0 &&
	    !(n && cmd_one_of(unit, (const char *const *)units))) {
		cmd_suggest_init(&s, unit);
		for (size_t i = 0; i < n; i++)
			cmd_suggest_add(&s, units[i]);
		cmd_suggest_print(&b, &s, NULL);
		if (b.len)
			clause_buf_truncate(&b, b.len - 1);
		clause_buf_puts(&b, b.len ? "; " : " (");
		clause_buf_puts(&b, n ? "units: " : "it has no quantities");
		for (size_t i = 0; i < n; i++)
			clause_buf_printf(&b, "%s%s", i ? " " : "", units[i]);
		fprintf(stderr, "clause: no quantity in '%s' in the library%s)\n",
			unit, b.ptr);
	} else if (isatty(STDOUT_FILENO)) {
		fprintf(stderr, "clause: no clauses match\n");
	}
	for (size_t i = 0; i < n; i++)
		free(units[i]);
	free(units);
	clause_buf_release(&b);
}

/*
 * clause search [filters] [--rev REV | --all-rounds | --history |
 *               --remote NAME] [-n N] [--count] [--format=FMT] QUERY...
 *
 * Ranked full-text search over the clauses of the library (the work tree
 * by default), one hit per clause, best first.  The words of QUERY are
 * joined with spaces and parsed by query.c; a malformed query exits 129.
 * The index is brought up to date first.  Exit 1 when nothing matches.
 */
int cmd_search(int argc, char **argv)
{
	struct clause_search s;
	const char *rev = NULL, *remote = NULL, *max = NULL;
	const char *quantity = NULL;
	int stem = 0, rounds = 0, history = 0, count = 0;
	memset(&s, 0, sizeof(s));
	struct cmd_format fmt = { NULL, cmd_text_json_csv, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "stem", NULL, "match word stems (senior matches seniority)", &stem },
		CMD_OPT_CATEGORY(&s.category),
		CMD_OPT_PARTY(&s.party),
		CMD_OPT_SECTOR(&s.sector),
		CMD_OPT_STATUS(&s.status),
		{ CLAUSE_OPT_VALUE, 0, "doc", "DOC", "clauses of this document only", &s.doc },
		{ CLAUSE_OPT_VALUE, 0, "since", "DATE", "documents in force on or after DATE (YYYY-MM-DD)", &s.since },
		{ CLAUSE_OPT_VALUE, 0, "until", "DATE", "documents in force on or before DATE", &s.until },
		{ CLAUSE_OPT_VALUE, 0, "quantity", "EXPR", "clauses with a quantity such as days>=90", &quantity },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "search a revision instead of the work tree", &rev },
		{ CLAUSE_OPT_FLAG, 0, "all-rounds", NULL, "search every round, saying which have each hit", &rounds },
		{ CLAUSE_OPT_FLAG, 0, "history", NULL, "search every commit, saying which have each hit", &history },
		{ CLAUSE_OPT_VALUE, 0, "remote", "NAME", "search the remote-tracking branches of NAME", &remote },
		{ CLAUSE_OPT_VALUE, 'n', "max-count", "N", "show at most N hits (10 by default)", &max },
		{ CLAUSE_OPT_FLAG, 0, "count", NULL, "print only the number of hits", &count },
		CMD_OPT_FORMAT(&fmt, "text, json or csv"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_query q = CLAUSE_QUERY_INIT;
	struct clause_hits hits = { NULL, 0, 0 };
	struct clause_index *ix = NULL;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0, 1 };	/* cameras -forward */
	struct clause_buf text = CLAUSE_BUF_INIT;
	struct cmd_list l;
	char *qbuf = NULL;
	unsigned long n = 10;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0 ||
	    cmd_count(&status, &n, max, usage) < 0)
		goto done;
	if (args.n == 0) {
		status = clause_opt_usage_error(usage, "what to search for? give a QUERY");
		goto done;
	}
	if (search_scope(&status, &scope, rev, rounds, history, remote) < 0 ||
	    check_filters(&status, &s, &qbuf, quantity, &scope) < 0)
		goto done;
	for (size_t i = 0; i < args.n; i++)
		clause_buf_printf(&text, "%s%s", i ? " " : "", args.v[i]);
	if ((r = clause_query_parse(&q, text.ptr)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	s.match = q.match;
	s.stem = stem;
	s.limit = count ? 1 : n;
	s.count = count;
	/* JSON and CSV never carry colour: JSON marks *so*, CSV not. */
	s.open = fmt.which == 2 ? "" : clause_color && !fmt.which ? HL_ON : "*";
	s.close = fmt.which == 2 ? "" : clause_color && !fmt.which ? HL_OFF : "*";
	if ((r = cmd_index_open(&repo, &ix, &scope)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	r = clause_index_search(&hits, ix, &scope, &s);
	cmd_index_notice(ix);
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	cmd_list_start(&l, fmt.which == 1 && !count);
	if (count)
		clause_buf_printf(&l.out, "%zu\n", hits.total);
	if (fmt.which == 2 && !count) {
		static const char *const names[] = {
			"document", "clause", "number", "heading", "categories",
			"status", "score", "snippet", "path", "line"
		};
		export_csv_row(&l.out, names, 10);
	}
	for (size_t i = 0; i < hits.n && !count; i++)
		if (l.json)
			clause_hit_json(&l.j, repo, &hits.v[i], history);
		else if (fmt.which == 2)
			csv_hit(&l.out, repo, &hits.v[i]);
		else
			text_hit(&l.out, repo, &hits.v[i], history);
	cmd_list_print(&l);
	if (!hits.total)
		explain_none(ix, s.doc, scope.kind == CLAUSE_SCOPE_REV ?
			     scope.arg : NULL, s.qunit);
	status = hits.total ? CLAUSE_EXIT_OK : CLAUSE_EXIT_NO;
done:
	clause_hits_release(&hits);
	clause_index_free(ix);
	clause_repo_free(repo);
	clause_query_release(&q);
	clause_buf_release(&text);
	free(qbuf);
	free(args.v);
	return status;
}
