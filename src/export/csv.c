/* csv.c: CSV, as RFC 4180 writes it and as spreadsheets read it safely.
 *
 * A spreadsheet runs a cell that starts with '=', '+', '-' or '@' as a
 * formula (and some also after a tab or a carriage return), so a clause
 * text of a hostile document could compute, or fetch, when a researcher
 * opens the listing: such a cell is written with a leading "'", which
 * spreadsheets show as text (OWASP's advice on CSV injection).
 */
#include <string.h>

#include "export/export.h"
#include "util/error.h"

static int put_cell(struct clause_buf *out, const char *s)
{
	int quote, r = 0;

	if (!s)
		return 0;
	quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		r = clause_buf_putc(out, '"');
	if (r == 0 && strchr("=+-@\t\r", s[0]) && s[0])
		r = clause_buf_putc(out, '\'');
	/* the runs between quotes whole: a library's worth of text goes
	 * through here */
	while (*s && r == 0) {
		size_t n = strcspn(s, "\"");

		r = clause_buf_put(out, s, n);
		s += n;
		if (*s == '"' && r == 0) {
			r = clause_buf_puts(out, "\"\"");
			s++;
		}
	}
	if (r == 0 && quote)
		r = clause_buf_putc(out, '"');
	return r;
}

int export_csv_row(struct clause_buf *out, const char *const *cells, size_t n)
{
	int r = 0;

	for (size_t i = 0; i < n && r == 0; i++) {
		if (i)
			r = clause_buf_putc(out, ',');
		if (r == 0)
			r = put_cell(out, cells[i]);
	}
	if (r == 0)
		r = clause_buf_puts(out, "\r\n");
	return r < 0 ? CLAUSE_ERROR : 0;
}

int export_csv_clause(struct clause_buf *out, const char *doc, const char *id,
		      const char *num, const char *heading, const char *categories,
		      const char *status, const char *text)
{
	const char *cells[7] = { doc, id, num, heading, categories, status, text };

	return export_csv_row(out, cells, 7);
}

int export_csv_doc(struct clause_buf *out, const struct clause_doc *doc,
		   int header)
{
	static const char *const names[] = {
		"document", "clause", "number", "heading", "categories",
		"status", "text"
	};
	int r = header ? export_csv_row(out, names, 7) : 0;

	for (size_t i = 0; i < doc->nclauses && r == 0; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		struct clause_buf cats = CLAUSE_BUF_INIT;

		for (size_t k = 0; k < c->ncategories; k++)
			clause_buf_printf(&cats, "%s%s", k ? " " : "", c->categories[k]);
		r = export_csv_clause(out, doc->id, c->id, c->num, c->heading,
				      cats.ptr, doc->status, c->text);
		clause_buf_release(&cats);
	}
	return r;
}
