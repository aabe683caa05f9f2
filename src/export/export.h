/* export.h: documents and redlines in the forms people open.
 *
 * src/export/: one writer a format, over what the floors below produce:
 * a document (doc/doc.h) or a clause-aware diff (diff/cdiff.h).  csv.c
 * is the one CSV writer of every listing (RFC 4180, cells that a
 * spreadsheet would run as formulas defused); md.c writes Markdown that
 * renders on GitHub, GitLab and Gitea; html.c a standalone page; docx*.c
 * Word files through libzip (loaded on first use, util/dl.h): a document,
 * or a redline with real tracked changes; matrix.c the coverage matrix
 * from the index.  Writers fill a buffer; the
 * command writes it out.
 */
#ifndef CLAUSE_EXPORT_H
#define CLAUSE_EXPORT_H

#include <stddef.h>

#include "diff/cdiff.h"
#include "doc/doc.h"
#include "util/buf.h"

/* The walk every writer makes (walk.c): each top-level clause in order,
 * the article it opens first with the article's notes. */
struct export_walk {
	int (*article)(void *arg, const struct clause_article *a);
	int (*note)(void *arg, const char *text);	/* or NULL */
	int (*clause)(void *arg, const struct clause_clause *c);
};

int export_walk(const struct clause_doc *doc, const struct export_walk *w,
		void *arg);

/* CSV (csv.c) ========================================================== */

/* One record of n cells, RFC 4180: a cell with a comma, quote, CR or LF
 * is quoted (quotes doubled); a cell starting with '=', '+', '-', '@',
 * a tab or a CR, which a spreadsheet would read as a formula, gets a
 * leading "'" ("defused"); the record ends with CRLF.  NULL is empty. */
int export_csv_row(struct clause_buf *out, const char *const *cells, size_t n);

/* One clause's record, in the columns of export_csv_doc. */
int export_csv_clause(struct clause_buf *out, const char *doc, const char *id,
		      const char *num, const char *heading, const char *categories,
		      const char *status, const char *text);

/* One record per clause of `doc`: document, clause id, number, heading,
 * categories (space-separated), status, text.  With `header`, the names
 * of the columns come first. */
int export_csv_doc(struct clause_buf *out, const struct clause_doc *doc,
		   int header);

/* Markdown, plain text, HTML ========================================== */

/* The document as Markdown: title, metadata as a list, articles as "##",
 * clauses as "###" with their numbers, paragraphs, lists, notes as
 * quotes, categories in a line of their own. */
int export_md_doc(struct clause_buf *out, const struct clause_doc *doc);

/* The document as plain text to paste into a letter or a Word file: the
 * title, each article's and clause's number and heading on a line, each
 * paragraph and list item on a line of its own, blank lines between;
 * clause import reads it back as the same document. */
int export_txt_doc(struct clause_buf *out, const struct clause_doc *doc);

/* The document as a standalone HTML page (styles inline, no scripts). */
int export_html_doc(struct clause_buf *out, const struct clause_doc *doc);

/* The coverage matrix (matrix.c) ====================================== */

/* One row: a document. */
struct export_matrix_row {
	char *doc;		/* document id */
	char *title;
	char *status;
	size_t *count;		/* clauses per column */
	struct clause_buf *values;	/* quantities per column, "45 90" */
};

/* Agreements x categories: one row per document (path order), one
 * column per category: the families, or the categories one level below
 * the prefix (the prefix itself when it is a leaf).  A cell counts the
 * document's clauses in that category or below, or with a unit lists
 * their quantities in it. */
struct export_matrix {
	const char **cols;	/* column categories, borrowed from the taxonomy */
	size_t ncols;
	struct export_matrix_row *rows;	/* documents in path order */
	size_t nrows, cap;
	const char *prefix;	/* borrowed: the category asked for, or NULL */
	const char *unit;	/* borrowed: the unit of the quantities, or NULL */
	int quantity;		/* cells show quantities, not counts */
};

/* The columns for prefix (NULL: the families) from tax, which must
 * outlive m; CLAUSE_ENOTFOUND for a category tax does not have. */
struct clause_taxonomy;
int export_matrix_columns(struct export_matrix *m,
			  const struct clause_taxonomy *tax, const char *prefix,
			  const char *unit);
/* The rows: every document of the scope, from the index. */
struct clause_index;
struct clause_scope;
int export_matrix_fill(struct export_matrix *m, struct clause_index *ix,
		       const struct clause_scope *scope);
void export_matrix_release(struct export_matrix *m);

/* As text (aligned columns), CSV (the one writer above), JSON or an HTML page
 * to read and print (category labels from tax). */
void export_matrix_text(struct clause_buf *out, const struct export_matrix *m);
int export_matrix_csv(struct clause_buf *out, const struct export_matrix *m);
/* As JSON: one object a document, {"doc", "title", "status", "cells":
 * {CATEGORY: count, or with a unit [quantities]}}. */
int export_matrix_json(struct clause_buf *out, const struct export_matrix *m);
void export_matrix_html(struct clause_buf *out, const struct export_matrix *m,
			const struct clause_taxonomy *tax);

/* Word (docx.c) ======================================================== */

/* The document as a .docx: title and parties on top, articles as Heading
 * 1, clauses as Heading 2 with their numbers, paragraphs, lists, notes. */
int export_docx_doc(struct clause_buf *out, const struct clause_doc *doc);

/* How a redline is signed. */
struct export_redline {
	const char *author;	/* author of every revision; NULL: the party
				 * of the later round (from its <round by>),
				 * else "clause" */
	const char *date;	/* YYYY-MM-DD of the revisions; NULL: the
				 * later round's date, else none */
	const char *title;	/* the page's title */
};

/* The clause-aware diff as a .docx with real revisions: w:ins and w:del
 * runs for the words inserted and struck, moved clauses as w:moveFrom /
 * w:moveTo, renumbering as a revision of the number alone, added and
 * removed clauses as whole inserted or deleted paragraphs, the changed
 * numbers as a table on top.  Accepting every revision gives the later
 * text, rejecting every one the earlier. */
int export_docx_redline(struct clause_buf *out, const struct clause_cdiff *d,
			const struct export_redline *how);

#endif
