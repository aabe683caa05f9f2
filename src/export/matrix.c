/* matrix.c: the coverage matrix, agreements x categories, who covers
 * what (export.h): built from the index, written as text, CSV or HTML
 * for clause matrix and clause serve alike. */
#include "diff/render.h"
#include "export/export.h"
#include "util/error.h"
#include "index/index.h"
#include "doc/taxonomy.h"
#include "util/json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>


static int in_category(const char *cats, const char *prefix)
{
	size_t n = strlen(prefix);

	for (const char *p = cats; *p;) {
		while (*p == ' ')
			p++;
		size_t len = strcspn(p, " ");
		if (len >= n && strncmp(p, prefix, n) == 0 &&
		    (len == n || p[n] == '.'))
			return 1;
		p += len;
	}
	return 0;
}

static int add(const struct clause_row *r, void *payload)
{
	struct export_matrix *m = payload;
	struct export_matrix_row *row = m->nrows ? &m->rows[m->nrows - 1] : NULL;

	if (!row || strcmp(row->doc, r->doc) != 0) {
		/* A document id seen before in another file: keep the first. */
		for (size_t i = 0; i < m->nrows; i++)
			if (strcmp(m->rows[i].doc, r->doc) == 0)
				return 0;
		if (m->nrows == m->cap) {
			size_t cap = m->cap ? m->cap * 2 : 32;
			struct export_matrix_row *v = realloc(m->rows, cap * sizeof(*v));
			if (!v) {
				clause_error_set("out of memory");
				return CLAUSE_ERROR;
			}
			m->rows = v;
			m->cap = cap;
		}
		row = &m->rows[m->nrows++];
		row->doc = strdup(r->doc);
		row->title = strdup(r->title ? r->title : "");
		row->status = strdup(r->status ? r->status : "");
		row->count = calloc(m->ncols + 1, sizeof(*row->count));
		row->values = calloc(m->ncols + 1, sizeof(*row->values));
		if (!row->doc || !row->title || !row->status || !row->count ||
		    !row->values) {
			clause_error_set("out of memory");
			return CLAUSE_ERROR;
		}
		for (size_t c = 0; c < m->ncols; c++)
			clause_buf_init(&row->values[c]);
	}
	if (!r->clause)
		return 0;
	for (size_t c = 0; c < m->ncols; c++) {
		if (!in_category(r->categories, m->cols[c]))
			continue;
		row->count[c]++;
		if (*r->quantities)
			clause_buf_printf(&row->values[c], "%s%s",
					  row->values[c].len ? " " : "", r->quantities);
	}
	return 0;
}

void export_matrix_release(struct export_matrix *m)
{
	for (size_t i = 0; i < m->nrows; i++) {
		free(m->rows[i].doc);
		free(m->rows[i].title);
		free(m->rows[i].status);
		for (size_t c = 0; m->rows[i].values && c < m->ncols; c++)
			clause_buf_release(&m->rows[i].values[c]);
		free(m->rows[i].values);
		free(m->rows[i].count);
	}
	free(m->rows);
	free(m->cols);
	memset(m, 0, sizeof(*m));
}

/* What one cell says: a count, the quantities, or "-" for nothing. */
static void cell(struct clause_buf *b, const struct export_matrix *m,
		 const struct export_matrix_row *r, size_t c)
{
	if (m->quantity)
		clause_buf_puts(b, r->values[c].len ? r->values[c].ptr : "-");
	else if (r->count[c])
		clause_buf_printf(b, "%zu", r->count[c]);
	else
		clause_buf_puts(b, "-");
}

/* The last part of a category name, for narrow text columns. */
static const char *short_name(const char *cat, const char *prefix)
{
	const char *dot = strrchr(cat, '.');

	return prefix && dot ? dot + 1 : cat;
}

void export_matrix_text(struct clause_buf *out, const struct export_matrix *m)
{
	size_t w0 = strlen("document"), *w = calloc(m->ncols + 1, sizeof(*w));
	struct clause_buf c = CLAUSE_BUF_INIT;

	if (!w)
		return;
	for (size_t i = 0; i < m->nrows; i++)
		if (strlen(m->rows[i].doc) > w0)
			w0 = strlen(m->rows[i].doc);
	for (size_t k = 0; k < m->ncols; k++) {
		w[k] = strlen(short_name(m->cols[k], m->prefix));
		for (size_t i = 0; i < m->nrows; i++) {
			clause_buf_clear(&c);
			cell(&c, m, &m->rows[i], k);
			if (c.len > w[k])
				w[k] = c.len;
		}
	}
	clause_buf_printf(out, "%-*s", (int)w0, "document");
	for (size_t k = 0; k < m->ncols; k++)
		clause_buf_printf(out, "  %-*s", (int)w[k], short_name(m->cols[k], m->prefix));
	clause_buf_putc(out, '\n');
	for (size_t i = 0; i < m->nrows; i++) {
		clause_buf_printf(out, "%-*s", (int)w0, m->rows[i].doc);
		for (size_t k = 0; k < m->ncols; k++) {
			clause_buf_clear(&c);
			cell(&c, m, &m->rows[i], k);
			clause_buf_printf(out, "  %-*s", (int)w[k], c.ptr);
		}
		/* No trailing blanks. */
		while (out->len && out->ptr[out->len - 1] == ' ')
			clause_buf_truncate(out, out->len - 1);
		clause_buf_putc(out, '\n');
	}
	clause_buf_release(&c);
	free(w);
}

/* The one CSV writer (export/csv.c): quoting, and formulas defused. */
int export_matrix_csv(struct clause_buf *out, const struct export_matrix *m)
{
	const char **cells = calloc(m->ncols + 3, sizeof(*cells));
	struct clause_buf *num = calloc(m->ncols + 1, sizeof(*num));
	int r = cells && num ? 0 : CLAUSE_ERROR;

	if (r == 0) {
		cells[0] = "document";
		cells[1] = "title";
		cells[2] = "status";
		for (size_t k = 0; k < m->ncols; k++)
			cells[k + 3] = m->cols[k];
		r = export_csv_row(out, cells, m->ncols + 3);
	}
	for (size_t i = 0; i < m->nrows && r == 0; i++) {
		cells[0] = m->rows[i].doc;
		cells[1] = m->rows[i].title;
		cells[2] = m->rows[i].status;
		for (size_t k = 0; k < m->ncols; k++) {
			clause_buf_clear(&num[k]);
			if (m->quantity)
				clause_buf_puts(&num[k], m->rows[i].values[k].ptr);
			else
				clause_buf_printf(&num[k], "%zu", m->rows[i].count[k]);
			cells[k + 3] = num[k].ptr;
		}
		r = export_csv_row(out, cells, m->ncols + 3);
	}
	for (size_t k = 0; num && k < m->ncols; k++)
		clause_buf_release(&num[k]);
	free(num);
	free(cells);
	return r;
}

void export_matrix_html(struct clause_buf *out, const struct export_matrix *m,
			const struct clause_taxonomy *tax)
{
	struct clause_buf c = CLAUSE_BUF_INIT;

	clause_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
		"<meta charset=\"utf-8\">\n" CLAUSE_HTML_CSP
		"<title>Clause coverage</title>\n"
		"<style>\n"
		"body { font-family: sans-serif; margin: 1.5em; }\n"
		"table { border-collapse: collapse; font-size: 0.9em; }\n"
		"caption { text-align: left; font-weight: bold; margin-bottom: 0.5em; }\n"
		"th, td { border: 1px solid #999; padding: 0.2em 0.5em; }\n"
		"thead th { background: #eee; vertical-align: bottom; }\n"
		"td.n { text-align: center; }\n"
		"td.yes { background: #d9f0d9; }\n"
		"td.no { color: #999; }\n"
		"tbody tr:nth-child(even) { background: #fafafa; }\n"
		"th[scope=row] { text-align: left; min-width: 12em; }\n"
		".wide { overflow-x: auto; }\n"
		/* Printed, every column on the page: landscape, small type,
		 * the category headers only their names, turned upright, and
		 * the header row again on every page (Chromium repeats it
		 * only while it is under a quarter of the page: no labels). */
		"@page { size: landscape; margin: 1cm; }\n"
		"@media print { body { margin: 0; } .wide { overflow: visible; }"
		" table { font-size: 7pt; width: 100%; }"
		" thead { display: table-header-group; }"
		" thead th.cat { writing-mode: vertical-rl; transform: rotate(180deg);"
		" white-space: nowrap; text-align: left; padding: 0.4em 0.1em; }"
		" thead th.cat .label { display: none; }"
		" th[scope=row] { min-width: 9em; }"
		" tr { page-break-inside: avoid; } td.yes { background: none;"
		" font-weight: bold; } }\n"
		"</style>\n</head>\n<body>\n<div class=\"wide\">\n<table>\n<caption>");
	if (m->unit) {
		clause_buf_puts(out, "Quantities in ");
		clause_buf_put_xml(out, m->unit);
	} else {
		clause_buf_puts(out, "Clauses");
	}
	clause_buf_puts(out, " per document and category");
	if (m->prefix) {
		clause_buf_puts(out, " (");
		clause_buf_put_xml(out, m->prefix);
		clause_buf_puts(out, ")");
	}
	clause_buf_puts(out, "</caption>\n<thead>\n<tr><th scope=\"col\">Document</th>"
			"<th scope=\"col\">Status</th>");
	for (size_t k = 0; k < m->ncols; k++) {
		const struct clause_category *cat = clause_taxonomy_find(tax, m->cols[k]);
		clause_buf_puts(out, "<th scope=\"col\" class=\"cat\"");
		if (cat && cat->definition) {
			clause_buf_puts(out, " title=\"");
			clause_buf_put_xml(out, cat->definition);
			clause_buf_putc(out, '"');
		}
		clause_buf_puts(out, "><span class=\"label\">");
		clause_buf_put_xml(out, cat && cat->label ? cat->label : m->cols[k]);
		clause_buf_puts(out, "<br></span><small>");
		clause_buf_put_xml(out, m->cols[k]);
		clause_buf_puts(out, "</small></th>");
	}
	clause_buf_puts(out, "</tr>\n</thead>\n<tbody>\n");
	for (size_t i = 0; i < m->nrows; i++) {
		const struct export_matrix_row *r = &m->rows[i];
		clause_buf_puts(out, "<tr><th scope=\"row\">");
		clause_buf_put_xml(out, r->doc);
		clause_buf_puts(out, "<br><small>");
		clause_buf_put_xml(out, r->title);
		clause_buf_puts(out, "</small></th><td>");
		clause_buf_put_xml(out, r->status);
		clause_buf_puts(out, "</td>");
		for (size_t k = 0; k < m->ncols; k++) {
			int yes = m->quantity ? r->values[k].len > 0 : r->count[k] > 0;
			clause_buf_clear(&c);
			cell(&c, m, r, k);
			clause_buf_printf(out, "<td class=\"n %s\">", yes ? "yes" : "no");
			clause_buf_put_xml(out, c.ptr);
			clause_buf_puts(out, "</td>");
		}
		clause_buf_puts(out, "</tr>\n");
	}
	clause_buf_puts(out, "</tbody>\n</table>\n</div>\n</body>\n</html>\n");
	clause_buf_release(&c);
}

/* "45 90" as [45, 90]. */
static void quantities_json(struct clause_json *j, const char *key,
			    const char *values)
{
	clause_json_array(j, key);
	for (const char *p = values; p && *p; ) {
		size_t n = strcspn(p, " ");
		char word[64], *end;
		double v;

		snprintf(word, sizeof(word), "%.*s", (int)n, p);
		v = strtod(word, &end);
		/* "+5" or ".5" as JSON writes them; anything else a string */
		if (n && n < sizeof(word) && !*end && isfinite(v))
			clause_json_num(j, NULL, "%.15g", v);
		else if (n)
			clause_json_str(j, NULL, word);
		p += n;
		p += strspn(p, " ");
	}
	clause_json_end(j);
}

int export_matrix_json(struct clause_buf *out, const struct export_matrix *m)
{
	struct clause_json j;

	clause_json_list(&j, out);
	for (size_t i = 0; i < m->nrows; i++) {
		const struct export_matrix_row *r = &m->rows[i];
		clause_json_object(&j, NULL);
		clause_json_str(&j, "doc", r->doc);
		clause_json_str(&j, "title", r->title);
		clause_json_str(&j, "status", r->status);
		/* each column's count, or its quantities in the unit */
		clause_json_object(&j, "cells");
		for (size_t k = 0; k < m->ncols; k++) {
			if (m->quantity)
				quantities_json(&j, m->cols[k], r->values[k].ptr);
			else
				clause_json_num(&j, m->cols[k], "%zu", r->count[k]);
		}
		clause_json_end(&j);
		clause_json_end(&j);
	}
	return clause_json_finish(&j) < 0 ? CLAUSE_ERROR : 0;
}

int export_matrix_columns(struct export_matrix *m, const struct clause_taxonomy *tax,
			  const char *prefix, const char *unit)
{
	const struct clause_category *p = NULL;
	unsigned depth = 0;

	memset(m, 0, sizeof(*m));
	m->prefix = prefix;
	m->unit = unit;
	m->quantity = unit != NULL;
	if (prefix && !(p = clause_taxonomy_find(tax, prefix))) {
		clause_error_set("unknown category '%s'", prefix);
		return CLAUSE_ENOTFOUND;
	}
	if (!(m->cols = calloc(tax->n + 1, sizeof(*m->cols)))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if (p) {
		depth = p->depth + 1;
		if (p->leaf) {
			m->cols[m->ncols++] = p->name;
			return 0;
		}
	}
	for (size_t i = 0; i < tax->n; i++) {
		const struct clause_category *c = &tax->v[i];
		size_t n = prefix ? strlen(prefix) : 0;
		if (c->depth == depth && (!prefix || (strncmp(c->name, prefix, n) == 0 &&
					  c->name[n] == '.')))
			m->cols[m->ncols++] = c->name;
	}
	return 0;
}

int export_matrix_fill(struct export_matrix *m, struct clause_index *ix,
		       const struct clause_scope *scope)
{
	return clause_index_each(ix, scope, m->unit, add, m);
}
