/* render_html.c: a clause diff as an HTML redline page, and the heading
 * of a redline (its title and the lines under it). */
#include "diff/render.h"
#include "diff/internal.h"
#include "util/error.h"
#include "doc/xml.h"

#include <stdlib.h>
#include <string.h>

static void html_tokens(struct clause_buf *out, const struct clause_tokens *t,
			size_t at, size_t n)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;

	clause_tokens_text(&tmp, t, at, n);
	clause_buf_put_xml(out, tmp.ptr);
	clause_buf_release(&tmp);
}

static void html_str(struct clause_buf *out, const char *s);

static void html_wdiff(struct clause_buf *out, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];
		if (clause_wdiff_space_before(d, i))
			clause_buf_putc(out, ' ');
		if (!r->change) {
			html_tokens(out, &d->new, r->new_at, r->new_n);
			continue;
		}
		if (r->old_n) {
			clause_buf_puts(out, "<del>");
			html_tokens(out, &d->old, r->old_at, r->old_n);
			clause_buf_puts(out, "</del>");
		}
		for (size_t at = r->new_at, end = r->new_at + r->new_n; at < end;) {
			size_t to = clause_wdiff_same_by(d, at, end);

			if (at > r->new_at && d->new.v[at].space)
				clause_buf_putc(out, ' ');
			if (d->by && d->by[at]) {
				/* who brought the words in */
				clause_buf_puts(out, "<ins class=\"by-");
				html_str(out, d->by[at]);
				clause_buf_puts(out, "\" title=\"");
				html_str(out, d->by[at]);
				clause_buf_puts(out, "\">");
			} else {
				clause_buf_puts(out, "<ins>");
			}
			html_tokens(out, &d->new, at, to - at);
			clause_buf_puts(out, "</ins>");
			at = to;
		}
	}
}

static void html_str(struct clause_buf *out, const char *s)
{
	clause_buf_put_xml(out, s ? s : "");
}

static void html_kinds(struct clause_buf *out, unsigned kinds)
{
	struct clause_buf t = CLAUSE_BUF_INIT;

	render_kinds(&t, kinds);
	html_str(out, t.ptr);
	clause_buf_release(&t);
}

static void html_addr(struct clause_buf *out, const struct clause_cdiff_doc *d,
		      const struct clause_cdiff_clause *c)
{
	const struct clause_clause *x = c->new ? c->new : c->old;

	if (c->from && c->old && strcmp(c->from->id, d->new->id) != 0) {
		/* A model clause beside a clause of another document. */
		html_str(out, c->from->id);
		clause_buf_putc(out, '/');
		html_str(out, c->old->id);
		clause_buf_puts(out, " &#8594; ");
		html_str(out, d->new->id);
		clause_buf_putc(out, '/');
		html_str(out, c->new->id);
		return;
	}
	html_str(out, c->new ? d->new->id : d->old->id);
	clause_buf_putc(out, '/');
	if (c->old && c->new && strcmp(c->old->id, c->new->id) != 0) {
		html_str(out, c->old->id);
		clause_buf_puts(out, " &#8594; ");
	}
	html_str(out, x->id);
}

static void html_num(struct clause_buf *out, const struct clause_cdiff_clause *c)
{
	struct clause_buf t = CLAUSE_BUF_INIT;

	render_num(&t, c);
	if (t.len) {
		/* "14.12 -> 15.2" with a real arrow. */
		char *arrow = strstr(t.ptr, " -> ");
		if (arrow) {
			*arrow = '\0';
			html_str(out, t.ptr);
			clause_buf_puts(out, " &#8594; ");
			html_str(out, arrow + 4);
		} else {
			html_str(out, t.ptr);
		}
	}
	clause_buf_release(&t);
}

static const char html_css[] =
	"body{font-family:Georgia,'DejaVu Serif',serif;max-width:50em;"
	"margin:2em auto;padding:0 1em;line-height:1.45;color:#111}\n"
	"h1{font-size:1.5em;margin-bottom:.2em}\n"
	"h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}\n"
	"h3{font-size:1em;margin:0 0 .3em}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9em}\n"
	"th,td{border:1px solid #aaa;padding:.2em .45em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#eee}\n"
	"del{color:#a00000;background:#fde8e8;text-decoration:line-through}\n"
	"ins{color:#005a00;background:#e4f6e4;text-decoration:underline}\n"
	"del+ins{margin-left:.25em}\n"
	"ins.by-union{color:#0d47a1;background:#e3eefc}\n"
	"ins.by-employer{color:#8a1c1c;background:#fdeaea}\n"
	"ins.by-joint{color:#4a148c;background:#f1e6f8}\n"
	".clause{margin:1em 0;padding:.5em .8em;border-left:3px solid #bbb;"
	"break-inside:avoid;page-break-inside:avoid}\n"
	".kind{font-family:sans-serif;font-size:.8em;text-transform:uppercase;"
	"letter-spacing:.05em;color:#555}\n"
	".addr{font-family:monospace;font-size:.85em;color:#555}\n"
	".meta{color:#333;font-size:.9em}\n"
	"@media print{body{max-width:none;margin:0}"
	"h2{break-after:avoid;page-break-after:avoid}"
	"del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* One row of a before-and-after table: what, before, after ("(none)"
 * for a NULL side). */
static void html_before_after(struct clause_buf *out, const char *what,
			      const char *before, const char *after)
{
	clause_buf_puts(out, "<tr><td>");
	html_str(out, what);
	clause_buf_puts(out, "</td><td>");
	html_str(out, before ? before : "(none)");
	clause_buf_puts(out, "</td><td>");
	html_str(out, after ? after : "(none)");
	clause_buf_puts(out, "</td></tr>\n");
}

/* The summary table, a row for each change, linking to it. */
static void html_summary(struct clause_buf *out, const struct clause_cdiff *d)
{
	size_t rows = 0;

	clause_buf_puts(out, "<h2>Summary</h2>\n<table class=\"summary\">\n"
			"<thead><tr><th>Clause</th><th>No.</th><th>Heading</th>"
			"<th>Change</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		if (e->nmeta) {
			rows++;
			clause_buf_puts(out, "<tr><td>");
			html_str(out, render_doc_id(e));
			clause_buf_puts(out, "</td><td></td><td>(document)</td>"
					"<td>metadata: ");
			for (size_t k = 0; k < e->nmeta; k++) {
				clause_buf_puts(out, k ? ", " : "");
				html_str(out, e->meta[k].field);
			}
			clause_buf_puts(out, "</td></tr>\n");
		}
		for (size_t k = 0; k < e->nclauses; k++) {
			const struct clause_cdiff_clause *c = &e->clauses[k];
			const struct clause_clause *x = c->new ? c->new : c->old;
			rows++;
			clause_buf_printf(out, "<tr><td><a href=\"#c%zu-%zu\">", i, k);
			html_addr(out, e, c);
			clause_buf_puts(out, "</a></td><td>");
			html_num(out, c);
			clause_buf_puts(out, "</td><td>");
			html_str(out, x->heading);
			clause_buf_puts(out, "</td><td>");
			html_kinds(out, c->kinds);
			clause_buf_puts(out, "</td></tr>\n");
		}
	}
	if (!rows)
		clause_buf_puts(out, "<tr><td colspan=\"4\">No differences."
				"</td></tr>\n");
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* The table of numbers that changed, when any did. */
static void html_numbers(struct clause_buf *out, const struct clause_cdiff *d)
{
	size_t nums = 0;

	for (size_t i = 0; i < d->n; i++)
		nums += d->v[i].nnums;
	if (!nums)
		return;
	clause_buf_puts(out, "<h2>Numbers that changed</h2>\n<table>\n"
			"<thead><tr><th>Clause</th><th>Before</th><th>After</th>"
			"</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->v[i].nnums; k++) {
			const struct clause_cdiff_num *m = &d->v[i].nums[k];
			struct clause_buf addr = CLAUSE_BUF_INIT;
			clause_buf_printf(&addr, "%s/%s", render_doc_id(&d->v[i]), m->clause);
			html_before_after(out, addr.ptr, m->old, m->new);
			clause_buf_release(&addr);
		}
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* A changed document's heading, its file, and its metadata changes. */
static void html_doc_head(struct clause_buf *out,
			  const struct clause_cdiff_doc *e)
{
	struct clause_buf h = CLAUSE_BUF_INIT;

	clause_buf_puts(out, "<h2>");
	if (!e->old)
		clause_buf_printf(&h, "%s (added)", e->new->id);
	else if (!e->new)
		clause_buf_printf(&h, "%s (removed)", e->old->id);
	else if (strcmp(e->old->id, e->new->id) != 0 && !e->label)
		clause_buf_printf(&h, "%s \xe2\x86\x92 %s", e->old->id, e->new->id);
	else
		clause_buf_puts(&h, e->new->id);
	html_str(out, h.ptr);
	clause_buf_puts(out, "</h2>\n<p class=\"meta\">");
	clause_buf_clear(&h);
	if (e->old_path && e->new_path && strcmp(e->old_path, e->new_path) != 0)
		clause_buf_printf(&h, "%s \xe2\x86\x92 %s", e->old_path, e->new_path);
	else
		clause_buf_puts(&h, e->new_path ? e->new_path
				    : e->old_path ? e->old_path : "");
	html_str(out, h.ptr);
	if (e->label)
		clause_buf_puts(out, " (each clause beside its model clause)");
	clause_buf_puts(out, "</p>\n");
	clause_buf_release(&h);
	if (!e->nmeta)
		return;
	clause_buf_puts(out, "<table class=\"metadata\">\n<thead><tr><th>Field"
			"</th><th>Before</th><th>After</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < e->nmeta; k++)
		html_before_after(out, e->meta[k].field, e->meta[k].old,
				  e->meta[k].new);
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* One changed clause (k of document i): what changed, its heading and
 * its text as a redline. */
static void html_clause(struct clause_buf *out, const struct clause_cdiff_doc *e,
			size_t i, size_t k)
{
	const struct clause_cdiff_clause *c = &e->clauses[k];
	const struct clause_clause *x = c->new ? c->new : c->old;

	clause_buf_printf(out, "<div class=\"clause\" id=\"c%zu-%zu\">\n"
			  "<div class=\"kind\">", i, k);
	html_kinds(out, c->kinds);
	if (c->kinds & CLAUSE_CHANGE_MOVED) {
		struct clause_buf t = CLAUSE_BUF_INIT;
		render_moved(&t, e, c);
		clause_buf_puts(out, ": ");
		html_str(out, t.ptr);
		clause_buf_release(&t);
	}
	clause_buf_puts(out, "</div>\n<h3>");
	html_num(out, c);
	clause_buf_putc(out, ' ');
	if (c->has_heading)
		html_wdiff(out, &c->heading);
	else
		html_str(out, x->heading);
	clause_buf_puts(out, " <span class=\"addr\">[");
	html_addr(out, e, c);
	clause_buf_puts(out, "]</span></h3>\n");
	if (c->kinds & CLAUSE_CHANGE_RECATEGORIZED) {
		struct clause_buf t = CLAUSE_BUF_INIT;
		render_categories(&t, c->old);
		clause_buf_puts(&t, " -> ");
		render_categories(&t, c->new);
		clause_buf_puts(out, "<p class=\"meta\">Categories: ");
		html_str(out, t.ptr);
		clause_buf_puts(out, "</p>\n");
		clause_buf_release(&t);
	}
	clause_buf_puts(out, "<p>");
	if (c->has_text) {
		html_wdiff(out, &c->text);
	} else if (c->kinds & CLAUSE_CHANGE_ADDED) {
		clause_buf_puts(out, "<ins>");
		html_str(out, c->new->text);
		clause_buf_puts(out, "</ins>");
	} else if (c->kinds & CLAUSE_CHANGE_REMOVED) {
		clause_buf_puts(out, "<del>");
		html_str(out, c->old->text);
		clause_buf_puts(out, "</del>");
	} else if (c->kinds & CLAUSE_CHANGE_CONFLICT) {
		clause_buf_printf(out, "<strong>Unresolved merge conflict</strong> "
				  "at line %u; <code>clause resolve</code> keeps "
				  "one side's version.</p>\n<p>",
				  c->conflict->line);
		html_str(out, x->text);
	} else {
		html_str(out, x->text);
	}
	clause_buf_puts(out, "</p>\n</div>\n");
}

/* "round 2 of 2025-10-08, tabled by employer" for a document's <round>,
 * into b; nothing when it has none. */
static void round_words(struct clause_buf *b, const struct clause_doc *doc)
{
	if (!doc || !doc->round_name)
		return;
	clause_buf_printf(b, "round %s", doc->round_name);
	if (doc->round_date)
		clause_buf_printf(b, " of %s", doc->round_date);
	if (doc->round_by)
		clause_buf_printf(b, ", tabled by %s", doc->round_by);
}

int clause_render_heading(struct clause_buf *title, struct clause_buf *lines,
			  const struct clause_cdiff *d, const char *revs)
{
	const struct clause_cdiff_doc *one = NULL;
	const struct clause_doc *o, *n, *doc;
	size_t changed = 0;

	for (size_t i = 0; i < d->n; i++)
		if (clause_cdiff_doc_changed(&d->v[i]) && changed++ == 0)
			one = &d->v[i];
	clause_buf_clear(title);
	clause_buf_clear(lines);
	if (changed != 1 || one->label) {
		clause_buf_puts(title, revs ? revs : "Redline");
		return 0;
	}
	o = one->old;
	n = one->new;
	doc = n ? n : o;
	clause_buf_printf(title, "Redline: %s", doc->title && *doc->title ?
			  doc->title : doc->id);
	if (o && n && o->round_name && n->round_name) {
		clause_buf_printf(title, ", round %s", o->round_name);
		if (o->round_date)
			clause_buf_printf(title, " (%s)", o->round_date);
		clause_buf_printf(title, " -> round %s", n->round_name);
		if (n->round_date)
			clause_buf_printf(title, " (%s)", n->round_date);
	}
	for (size_t k = 0; k < doc->nparties; k++) {
		const struct clause_party *p = &doc->parties[k];

		clause_buf_puts(lines, k ? "; " : "Parties: ");
		clause_buf_puts(lines, p->name && *p->name ? p->name : p->id);
		if (p->role)
			clause_buf_printf(lines, " (%s)", p->role);
	}
	if (doc->nparties)
		clause_buf_putc(lines, '\n');
	if (revs)
		clause_buf_puts(lines, strncmp(revs, "Redline: ", 9) == 0 ?
				revs + 9 : revs);
	if (o && n && (o->round_name || n->round_name)) {
		clause_buf_puts(lines, ": ");
		if (o->round_name)
			round_words(lines, o);
		else
			clause_buf_puts(lines, "no round");
		clause_buf_puts(lines, " -> ");
		if (n->round_name)
			round_words(lines, n);
		else
			clause_buf_puts(lines, "no round");
	}
	return 0;
}

int clause_render_html(struct clause_buf *out, const struct clause_cdiff *d,
		       const char *revs)
{
	struct clause_buf title = CLAUSE_BUF_INIT, lines = CLAUSE_BUF_INIT;
	char *save = NULL;

	clause_render_heading(&title, &lines, d, revs);
	clause_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n" CLAUSE_HTML_CSP
			"<meta name=\"viewport\" content=\"width=device-width\">\n"
			"<title>");
	html_str(out, title.ptr);
	clause_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
			  html_css);
	clause_buf_puts(out, "<h1>");
	html_str(out, title.ptr);
	clause_buf_puts(out, "</h1>\n");
	for (char *l = lines.len ? strtok_r(lines.ptr, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		clause_buf_puts(out, "<p class=\"meta\">");
		html_str(out, l);
		clause_buf_puts(out, "</p>\n");
	}
	clause_buf_release(&title);
	clause_buf_release(&lines);
	clause_buf_puts(out, "<p class=\"meta\">Struck text is "
			"<del>deleted</del>; new text is <ins>inserted</ins>."
			"</p>\n");
	html_summary(out, d);
	html_numbers(out, d);
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];

		if (!clause_cdiff_doc_changed(e))
			continue;
		html_doc_head(out, e);
		for (size_t k = 0; k < e->nclauses; k++)
			html_clause(out, e, i, k);
	}
	clause_buf_puts(out, "</body>\n</html>\n");
	return 0;
}
