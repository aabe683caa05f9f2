/* cmd_ls.c: clause ls: list documents and clauses, with filters. */
#include "cmd/cmd.h"
#include "export/export.h"
#include "util/error.h"
#include "git/library.h"
#include "diff/render.h"
#include "cmd/filters.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const usage[] = {
	"clause ls [-c] [--category PREFIX] [--party PARTY] [--status STATUS] "
	"[--sector SECTOR] [--rev REV] [--format=FMT] [PATH...]",
	NULL
};

struct filters {
	const char *category;	/* category prefix, or NULL */
	const char *party;	/* party id or part of its name */
	const char *status;	/* exact status */
	const char *sector;	/* part of the sector, any case */
};

static int doc_matches(const struct clause_doc *d, const struct filters *f)
{
	if (f->status && strcmp(d->status, f->status) != 0)
		return 0;
	if (f->sector && (!d->sector || !strcasestr(d->sector, f->sector)))
		return 0;
	if (f->party) {
		int any = 0;
		for (size_t i = 0; i < d->nparties && !any; i++)
			any = strcmp(d->parties[i].id, f->party) == 0 ||
			      strcasestr(d->parties[i].name, f->party) != NULL;
		if (!any)
			return 0;
	}
	return 1;
}

static void json_doc(struct clause_json *j, const struct clause_entry *e,
		     size_t nclauses)
{
	const struct clause_doc *d = e->doc;

	clause_json_object(j, NULL);
	cmd_json_doc(j, d, e->display, 0);
	cmd_json_parties(j, d);
	clause_json_num(j, "clauses", "%zu", nclauses);
	clause_json_end(j);
}

/* CSV (export/csv.c): a header row, then one record a document or clause. */
static void csv_header(struct clause_buf *out, int clauses)
{
	static const char *const docs[] = {
		"document", "status", "clauses", "title", "path"
	};
	static const char *const cls[] = {
		"document", "clause", "number", "heading", "categories",
		"suggested", "path", "line"
	};

	if (clauses)
		export_csv_row(out, cls, 8);
	else
		export_csv_row(out, docs, 5);
}

static void csv_doc(struct clause_buf *out, const struct clause_entry *e, size_t n)
{
	char count[32];
	const char *cells[5] = { e->doc->id, e->doc->status, count, e->doc->title,
				 e->display };

	snprintf(count, sizeof(count), "%zu", n);
	export_csv_row(out, cells, 5);
}

static void csv_clause(struct clause_buf *out, const struct clause_entry *e,
		       const struct clause_clause *c)
{
	struct clause_buf cats = CLAUSE_BUF_INIT;
	char line[32];
	const char *cells[8];

	for (size_t j = 0; j < c->ncategories; j++)
		clause_buf_printf(&cats, "%s%s", j ? " " : "", c->categories[j]);
	snprintf(line, sizeof(line), "%u", c->line);
	cells[0] = e->doc->id;
	cells[1] = c->id;
	cells[2] = c->num;
	cells[3] = c->heading;
	cells[4] = cats.ptr;
	cells[5] = c->suggested ? "yes" : "";
	cells[6] = e->display;
	cells[7] = line;
	export_csv_row(out, cells, 8);
	clause_buf_release(&cats);
}

static void json_clause(struct clause_json *j, const struct clause_entry *e,
			const struct clause_clause *c)
{
	clause_json_object(j, NULL);
	clause_json_str(j, "doc", e->doc->id);
	clause_render_json_clause(j, c);
	clause_json_str(j, "derived_from", c->derived_from);
	if (c->suggested)
		clause_json_bool(j, "categories_suggested", 1);
	clause_json_str(j, "path", e->display);
	clause_json_num(j, "line", "%u", c->line);
	clause_json_end(j);
}

/* Text output is a table whose columns are as wide as their widest cell. */
struct rows {
	char **cells;		/* 4 per row */
	size_t n;		/* rows */
	size_t cap;		/* rows allocated */
	size_t width[4];	/* widest cell per column */
};

static void add_row(struct rows *r, const char *a, const char *b,
		    const char *c, const char *d)
{
	const char *v[4] = { a, b, c, d };

	if (r->n == r->cap) {
		size_t cap = r->cap ? r->cap * 2 : 64;
		char **cells = realloc(r->cells, cap * 4 * sizeof(*cells));
		if (!cells)
			return;
		r->cells = cells;
		r->cap = cap;
	}
	for (int i = 0; i < 4; i++) {
		r->cells[r->n * 4 + (size_t)i] = strdup(v[i]);
		if (strlen(v[i]) > r->width[i])
			r->width[i] = strlen(v[i]);
	}
	r->n++;
}

static void print_rows(struct clause_buf *out, struct rows *r)
{
	for (size_t i = 0; i < r->n; i++) {
		char **c = &r->cells[i * 4];
		clause_buf_printf(out, "%-*s  %-*s  %-*s  %s\n", (int)r->width[0],
				  c[0], (int)r->width[1], c[1], (int)r->width[2],
				  c[2], c[3]);
		for (int k = 0; k < 4; k++)
			free(c[k]);
	}
	free(r->cells);
	r->cells = NULL;
	r->n = r->cap = 0;
}

/*
 * clause ls [-c] [--category PREFIX] [--party PARTY] [--status STATUS]
 *           [--sector SECTOR] [--rev REV] [--format=FMT] [PATH...]
 *
 * List the documents in scope (one line each: id, status, clauses, title),
 * or with -c their clauses (DOC/CLAUSE, number, heading, categories).
 * Filters combine with AND.  Exit 1 when nothing matches.
 */
/* The clauses of e held in merge conflicts, one row each; how many. */
static size_t list_conflicts(struct cmd_list *l, struct rows *rows, int csv,
			     const struct clause_entry *e)
{
	static const char said[] = "(in a merge conflict: clause resolve)";
	size_t n = 0;

	for (size_t i = 0; i < e->doc->nconflicts; i++) {
		const struct clause_conflict *x = &e->doc->conflicts[i];
		struct clause_buf addr = CLAUSE_BUF_INIT;
		char line[32];

		if (!x->clause)
			continue;
		n++;
		snprintf(line, sizeof(line), "%u", x->line);
		if (l->json) {
			clause_json_object(&l->j, NULL);
			clause_json_str(&l->j, "doc", e->doc->id);
			clause_json_str(&l->j, "clause", x->clause);
			clause_json_bool(&l->j, "conflict", 1);
			clause_json_str(&l->j, "path", e->display);
			clause_json_num(&l->j, "line", "%u", x->line);
			clause_json_end(&l->j);
		} else if (csv) {
			const char *cells[8] = { e->doc->id, x->clause, "", said,
						 "", "", e->display, line };
			export_csv_row(&l->out, cells, 8);
		} else {
			clause_buf_printf(&addr, "%s/%s", e->doc->id, x->clause);
			add_row(rows, addr.ptr, "-", said, "");
		}
		clause_buf_release(&addr);
	}
	return n;
}

int cmd_ls(int argc, char **argv)
{
	struct filters f = { NULL, NULL, NULL, NULL };
	const char *rev = NULL;
	int clauses = 0;
	struct cmd_format fmt = { NULL, cmd_text_json_csv, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'c', "clauses", NULL, "list clauses, not documents", &clauses },
		CMD_OPT_CATEGORY(&f.category),
		CMD_OPT_PARTY(&f.party),
		CMD_OPT_STATUS(&f.status),
		CMD_OPT_SECTOR(&f.sector),
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "list a revision instead of the work tree", &rev },
		CMD_OPT_FORMAT(&fmt, "text, json or csv"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct cmd_list l;
	struct rows rows = { NULL, 0, 0, { 0 } };
	size_t shown = 0;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0 ||
	    cmd_filter_status(&status, f.status, usage) < 0)
		goto done;
	lib.docs_only = !clauses && !f.category;
	/* parties are listed in JSON, and filtered by --party */
	lib.no_parties = !f.party && fmt.which != 1;
	if ((r = cmd_library_load(&repo, &lib, rev, args.v, args.n)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (cmd_filter_category(&status, f.category, &lib.taxonomy, usage) < 0)
		goto done;
	/* Broken files are named, and the rest is listed. */
	for (size_t i = 0; i < lib.problems.n; i++)
		fprintf(stderr, "clause: skipping %s:%u:%u: %s\n",
			lib.problems.v[i].path, lib.problems.v[i].line,
			lib.problems.v[i].col, lib.problems.v[i].message);
	cmd_list_start(&l, fmt.which == 1);
	if (fmt.which == 2)
		csv_header(&l.out, clauses);
	for (size_t i = 0; i < lib.n; i++) {
		const struct clause_entry *e = &lib.v[i];
		/* Without -c or --category, only the number is needed. */
		size_t n = lib.docs_only ? e->nclauses : 0;

		if (!e->in_scope || !e->doc || !doc_matches(e->doc, &f))
			continue;
		for (size_t k = 0; !lib.docs_only && k < e->doc->nclauses; k++) {
			const struct clause_clause *c = &e->doc->clauses[k];
			if (f.category && !clause_clause_in_category(c, f.category))
				continue;
			n++;
			if (!clauses)
				continue;
			shown++;
			if (l.json) {
				json_clause(&l.j, e, c);
				continue;
			}
			if (fmt.which == 2) {
				csv_clause(&l.out, e, c);
				continue;
			}
			{
				struct clause_buf addr = CLAUSE_BUF_INIT;
				struct clause_buf cats = CLAUSE_BUF_INIT;
				clause_buf_printf(&addr, "%s/%s", e->doc->id, c->id);
				for (size_t j = 0; j < c->ncategories; j++)
					clause_buf_printf(&cats, "%s%s%s", j ? "," : "",
							  c->categories[j],
							  c->suggested ? "?" : "");
				add_row(&rows, addr.ptr, c->num ? c->num : "-",
					c->heading ? c->heading : "-", cats.ptr);
				clause_buf_release(&addr);
				clause_buf_release(&cats);
			}
		}
		if (clauses && !f.category)
			shown += list_conflicts(&l, &rows, fmt.which == 2, e);
		if (clauses || (f.category && n == 0))
			continue;
		shown++;
		if (l.json) {
			json_doc(&l.j, e, n);
			continue;
		}
		if (fmt.which == 2) {
			csv_doc(&l.out, e, n);
			continue;
		}
		{
			char count[32];
			snprintf(count, sizeof(count), "%zu", n);
			add_row(&rows, e->doc->id, e->doc->status, count, e->doc->title);
		}
	}
	print_rows(&l.out, &rows);
	cmd_list_print(&l);
	status = shown ? CLAUSE_EXIT_OK : CLAUSE_EXIT_NO;
done:
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
