/* render.h: a clause diff as text (plain or coloured), an HTML redline
 * page, or JSON.  Each renderer appends to a buffer; none writes to
 * stdout.  The JSON structure is documented in clause-diff(1).
 */
#ifndef CLAUSE_RENDER_H
#define CLAUSE_RENDER_H

#include "util/buf.h"
#include "util/json.h"
#include "diff/cdiff.h"

/* The Content-Security-Policy of every standalone page clause writes:
 * no script, no fetch, no frame; only the page's own inline style.  A
 * page that document text got markup into still runs nothing. */
#define CLAUSE_HTML_CSP "<meta http-equiv=\"Content-Security-Policy\" " \
	"content=\"default-src 'none'; style-src 'unsafe-inline'\">\n"

/* Version of the JSON structure: raised when a key changes meaning. */
#define CLAUSE_RENDER_JSON_VERSION 2

/*
 * Text for a terminal: the numbers that changed first, then each document
 * with its metadata changes and changed clauses, the words inside marked
 * [-struck-]{+inserted+}, or with colour (red struck, green underlined)
 * when `color` is set.  Lines wrap before column `width` (0: 76).
 */
int clause_render_text(struct clause_buf *out, const struct clause_cdiff *d,
		       int color, size_t width);
/* One line per changed document: its id, path and counts by kind. */
int clause_render_stat(struct clause_buf *out, const struct clause_cdiff *d);
/* The same as a JSON object (see clause-diff(1), OUTPUT), final newline. */
int clause_render_stat_json(struct clause_buf *out,
			    const struct clause_cdiff *d);
/* The title of a redline of d, into *title, and the lines under it
 * (one per '\n') into *lines: for a redline of one document, its title,
 * the two rounds and their dates, its parties, then `revs` ("Redline: A
 * -> B", which names the revisions); otherwise `revs` alone (NULL:
 * "Redline") and no lines. */
int clause_render_heading(struct clause_buf *title, struct clause_buf *lines,
			  const struct clause_cdiff *d, const char *revs);
/* A self-contained HTML page: the heading above, summary table,
 * numbers, then each changed clause with <del> and <ins>.  `revs` (may
 * be NULL) names the revisions.  Every piece of document text is
 * escaped. */
int clause_render_html(struct clause_buf *out, const struct clause_cdiff *d,
		       const char *revs);
/* The JSON object described in clause-diff(1), with a final newline. */
int clause_render_json(struct clause_buf *out, const struct clause_cdiff *d);
/* The members every JSON form of a clause starts with: id, num,
 * heading, article, parent and categories (clause diff, show and ls). */
int clause_render_json_clause(struct clause_json *j,
			      const struct clause_clause *c);
/* One clause as an object, as clause show --format=json prints it: the
 * fields above, derived_from, text, version, line and its acts. */
int clause_render_json_clause_full(struct clause_json *j,
				   const struct clause_clause *c);

/* The lines of a document's metadata as text, from its parties to its
 * round ("party: NAME (ROLE, ID)", "sector: ...", "term: A to B"): the
 * same in clause show and in the textconv form. */
int clause_render_doc_meta(struct clause_buf *out,
			   const struct clause_doc *doc);
/* A document as text for a line-based diff (git's textconv): metadata,
 * then one block per clause with its address, number, heading,
 * categories and text unwrapped on one line, so that reflowing never
 * shows as a change and each changed clause is one changed line. */
int clause_render_textconv(struct clause_buf *out, const struct clause_doc *doc);

#endif
