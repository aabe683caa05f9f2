/* render.c: the bargaining board as text, JSON, CSV and an HTML page
 * (board/board.h). */
#include "diff/render.h"
#include "board/board.h"
#include "export/export.h"
#include "util/error.h"
#include "util/json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How the statuses read in a sentence, in enum order. */
static const char *const status_words[] = {
	"open", "countered", "TA'd", "withdrawn", "rejected", "agreed unchanged"
};

static const char *or_dash(const char *s)
{
	return s && *s ? s : "-";
}

/* "1 union 2025-09-10" for round i (date only with `with_date`). */
static void round_cell(struct clause_buf *b, const struct board *bd, size_t i,
		       int with_date)
{
	const struct board_round *r = &bd->rounds[i];

	if (r->base) {
		clause_buf_printf(b, "%s (in force)", r->name);
		return;
	}
	clause_buf_printf(b, "%s %s", r->name, or_dash(r->party));
	if (with_date && r->date)
		clause_buf_printf(b, " %s", r->date);
}

/* What the status column says, in words. */
static void status_cell(struct clause_buf *b, const struct board *bd,
			const struct board_row *row)
{
	switch (row->status) {
	case BOARD_TA:
		clause_buf_printf(b, "TA %s (%s)", row->act.date, row->act.by);
		break;
	case BOARD_REJECTED:
		clause_buf_printf(b, "rejected by %s %s", row->act.by, row->act.date);
		break;
	case BOARD_WITHDRAWN:
		clause_buf_printf(b, "withdrawn by %s, round %s",
				  or_dash(row->status_by),
				  bd->rounds[row->status_round].name);
		break;
	case BOARD_COUNTERED:
		if (row->struck) {
			clause_buf_printf(b, "countered: struck by %s, round %s",
					  or_dash(row->status_by),
					  bd->rounds[row->status_round].name);
			break;
		}
		/* fall through */
	default:
		clause_buf_puts(b, status_words[row->status]);
	}
	if (row->reopened)
		clause_buf_printf(b, " (TA reopened %s by %s)", row->act.date,
				  row->act.by);
	if (row->draft)
		clause_buf_printf(b, " (changed since %s, not tabled)", bd->as_of);
}

/* A side of a gap: its number, or "none" when its version has none
 * there (struck, or never written). */
static const char *side(const char *s)
{
	return s ? s : "none";
}

static void gaps_cell(struct clause_buf *b, const struct board_row *row)
{
	for (size_t k = 0; k < row->ngaps; k++)
		clause_buf_printf(b, "%sunion %s / employer %s", k ? "; " : "",
				  side(row->gaps[k].union_side),
				  side(row->gaps[k].employer_side));
}

static void totals(struct clause_buf *b, const struct board *bd)
{
	clause_buf_printf(b, "%zu clause%s", bd->nrows, bd->nrows == 1 ? "" : "s");
	for (int s = 0; s < BOARD_NSTATUS; s++) {
		/* open, TA'd and withdrawn always; the others when there */
		if (!bd->totals[s] && s != BOARD_OPEN && s != BOARD_TA &&
		    s != BOARD_WITHDRAWN)
			continue;
		clause_buf_printf(b, "%s%zu %s", s ? ", " : ": ", bd->totals[s],
				  status_words[s]);
	}
}

static void as_of_line(struct clause_buf *b, const struct board *bd)
{
	const struct board_round *r = &bd->rounds[bd->nrounds - 1];

	clause_buf_printf(b, "%s, as of %s", bd->name, r->label);
	if (r->date || r->party)
		clause_buf_printf(b, " (%s%s%s)", r->date ? r->date : "",
				  r->date && r->party ? ", " : "",
				  r->party ? r->party : "");
}

/* ---- Text ------------------------------------------------------------ */

#define NCOLS 7
#define HEADING_WIDTH 28

/* Characters (not bytes) of UTF-8 s, for lining columns up. */
static size_t width_of(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/* s, cut to at most `max` characters at a character boundary. */
static void put_cut(struct clause_buf *b, const char *s, size_t max)
{
	size_t i = 0, w = 0;

	for (; s[i]; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80 && w++ == max)
			break;
	}
	clause_buf_put(b, s, i);
}

static void put_padded(struct clause_buf *b, const struct clause_buf *cell,
		       size_t width)
{
	clause_buf_put(b, cell->ptr, cell->len);
	for (size_t w = width_of(cell->ptr, cell->len); w < width; w++)
		clause_buf_putc(b, ' ');
	clause_buf_puts(b, "  ");
}

static int text_cells(struct clause_buf cells[NCOLS], const struct board *bd,
		      const struct board_row *row)
{
	for (int i = 0; i < NCOLS; i++)
		clause_buf_clear(&cells[i]);
	clause_buf_puts(&cells[0], or_dash(row->num));
	clause_buf_puts(&cells[1], row->id);
	put_cut(&cells[2], or_dash(row->heading), HEADING_WIDTH);
	round_cell(&cells[3], bd, row->first, 1);
	if (row->dropped)
		clause_buf_printf(&cells[4], "%s %s (dropped)",
				  bd->rounds[row->last].name,
				  or_dash(bd->rounds[row->last].party));
	else
		round_cell(&cells[4], bd, row->last, 0);
	clause_buf_printf(&cells[5], "%zu", row->nrounds);
	status_cell(&cells[6], bd, row);
	return 0;
}

int board_text(struct clause_buf *out, const struct board *bd)
{
	static const char *const head[NCOLS] = {
		"NUM", "CLAUSE", "HEADING", "TABLED", "LAST CHANGE", "ROUNDS", "STATUS"
	};
	struct clause_buf cells[NCOLS];
	size_t width[NCOLS];

	for (int i = 0; i < NCOLS; i++) {
		clause_buf_init(&cells[i]);
		width[i] = strlen(head[i]);
	}
	for (size_t r = 0; r < bd->nrows; r++) {
		text_cells(cells, bd, &bd->rows[r]);
		for (int i = 0; i < NCOLS; i++)
			if (width_of(cells[i].ptr, cells[i].len) > width[i])
				width[i] = width_of(cells[i].ptr, cells[i].len);
	}
	if (bd->title)
		clause_buf_printf(out, "%s\n", bd->title);
	as_of_line(out, bd);
	clause_buf_puts(out, ": ");
	totals(out, bd);
	clause_buf_puts(out, "\n\n");
	for (int i = 0; i < NCOLS; i++)
		if (i < NCOLS - 1)
			clause_buf_printf(out, "%-*s  ", (int)width[i], head[i]);
		else
			clause_buf_printf(out, "%s\n", head[i]);
	for (size_t r = 0; r < bd->nrows; r++) {
		const struct board_row *row = &bd->rows[r];

		text_cells(cells, bd, row);
		for (int i = 0; i < NCOLS; i++)
			if (i < NCOLS - 1)
				put_padded(out, &cells[i], width[i]);
			else
				clause_buf_printf(out, "%s\n", cells[i].ptr);
		if (row->ngaps) {
			clause_buf_printf(out, "%*s  open numbers: ", (int)width[0], "");
			gaps_cell(out, row);
			clause_buf_putc(out, '\n');
		}
	}
	for (int i = 0; i < NCOLS; i++)
		clause_buf_release(&cells[i]);
	return 0;
}

/* ---- JSON ------------------------------------------------------------ */

static void json_round(struct clause_json *j, const char *key,
		       const struct board *bd, size_t i)
{
	const struct board_round *r = &bd->rounds[i];

	clause_json_object(j, key);
	clause_json_str(j, "round", r->name);
	clause_json_str(j, "label", r->label);
	clause_json_str(j, "party", r->party);
	clause_json_str(j, "date", r->date);
	clause_json_bool(j, "in_force", r->base);
	clause_json_end(j);
}

static void json_row(struct clause_json *j, const struct board *bd,
		     const struct board_row *row)
{
	clause_json_object(j, NULL);
	clause_json_str(j, "clause", row->id);
	clause_json_str(j, "num", row->num);
	clause_json_str(j, "heading", row->heading);
	clause_json_str(j, "article", row->article);
	json_round(j, "tabled", bd, row->first);
	json_round(j, "last_change", bd, row->last);
	clause_json_num(j, "rounds", "%zu", row->nrounds);
	clause_json_str(j, "status", board_status_names[row->status]);
	clause_json_bool(j, "dropped", row->dropped);
	clause_json_bool(j, "struck", row->struck);
	if (row->status_round != BOARD_NONE) {
		clause_json_str(j, "status_by", row->status_by);
		clause_json_str(j, "status_round", bd->rounds[row->status_round].name);
	} else {
		clause_json_null(j, "status_by");
		clause_json_null(j, "status_round");
	}
	if (row->has_act) {
		clause_json_object(j, "act");
		clause_json_str(j, "kind", row->status == BOARD_TA ? "ta" :
				row->status == BOARD_REJECTED ? "reject" : "reopen");
		clause_json_str(j, "date", row->act.date);
		clause_json_str(j, "by", row->act.by);
		clause_json_str(j, "round", row->act.round);
		clause_json_str(j, "note", row->act.note);
		clause_json_end(j);
	} else {
		clause_json_null(j, "act");
	}
	clause_json_str(j, "current_by", row->current_by);
	clause_json_bool(j, "draft", row->draft);
	clause_json_array(j, "open_numbers");
	for (size_t k = 0; k < row->ngaps; k++) {
		clause_json_object(j, NULL);
		clause_json_str(j, "union", row->gaps[k].union_side);
		clause_json_str(j, "employer", row->gaps[k].employer_side);
		clause_json_end(j);
	}
	clause_json_end(j);
	clause_json_end(j);
}

int board_json(struct clause_buf *out, const struct board *bd)
{
	struct clause_json j;

	clause_json_init(&j, out);
	clause_json_object(&j, NULL);
	clause_json_str(&j, "name", bd->name);
	clause_json_str(&j, "title", bd->title);
	clause_json_str(&j, "as_of", bd->as_of);
	clause_json_array(&j, "rounds");
	for (size_t i = 0; i < bd->nrounds; i++)
		json_round(&j, NULL, bd, i);
	clause_json_end(&j);
	clause_json_object(&j, "totals");
	for (int s = 0; s < BOARD_NSTATUS; s++)
		clause_json_num(&j, board_status_names[s], "%zu", bd->totals[s]);
	clause_json_end(&j);
	clause_json_array_lines(&j, "clauses", "    ", "  ");
	for (size_t r = 0; r < bd->nrows; r++)
		json_row(&j, bd, &bd->rows[r]);
	clause_json_end(&j);
	return clause_json_finish(&j);
}

/* ---- CSV ------------------------------------------------------------- */

int board_csv(struct clause_buf *out, const struct board *bd)
{
	static const char *const head[] = {
		"negotiation", "clause", "number", "heading", "article",
		"tabled_round", "tabled_party", "tabled_date", "last_round",
		"last_party", "rounds", "status", "status_by", "status_round",
		"act_date", "act_by", "draft", "union", "employer"
	};
	enum { N = sizeof(head) / sizeof(head[0]) };
	int r = export_csv_row(out, head, N);

	for (size_t i = 0; i < bd->nrows && r == 0; i++) {
		const struct board_row *row = &bd->rows[i];
		const struct board_round *f = &bd->rounds[row->first];
		const struct board_round *l = &bd->rounds[row->last];
		struct clause_buf un = CLAUSE_BUF_INIT, em = CLAUSE_BUF_INIT;
		char rounds[24];
		const char *cells[N];

		snprintf(rounds, sizeof(rounds), "%zu", row->nrounds);
		for (size_t k = 0; k < row->ngaps; k++) {
			clause_buf_printf(&un, "%s%s", k ? "; " : "",
					  side(row->gaps[k].union_side));
			clause_buf_printf(&em, "%s%s", k ? "; " : "",
					  side(row->gaps[k].employer_side));
		}
		cells[0] = bd->name;
		cells[1] = row->id;
		cells[2] = row->num;
		cells[3] = row->heading;
		cells[4] = row->article;
		cells[5] = f->name;
		cells[6] = f->base ? "in force" : f->party;
		cells[7] = f->date;
		cells[8] = l->name;
		cells[9] = l->party;
		cells[10] = rounds;
		cells[11] = board_status_names[row->status];
		cells[12] = row->status_round != BOARD_NONE ? row->status_by : NULL;
		cells[13] = row->status_round != BOARD_NONE ?
			    bd->rounds[row->status_round].name : NULL;
		cells[14] = row->has_act ? row->act.date : NULL;
		cells[15] = row->has_act ? row->act.by : NULL;
		cells[16] = row->draft ? "yes" : "no";
		cells[17] = un.ptr;
		cells[18] = em.ptr;
		r = export_csv_row(out, cells, N);
		clause_buf_release(&un);
		clause_buf_release(&em);
	}
	return r;
}

/* ---- HTML ------------------------------------------------------------ */

static const char style[] =
	"body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:72em;"
	"padding:0 1em;color:#1b1b1b}\n"
	"h1{font-size:1.5em;margin:0 0 .2em}\n"
	".asof{color:#555;margin:0 0 1em}\n"
	".counter{display:flex;gap:1em;flex-wrap:wrap;margin:0 0 1.2em;padding:0}\n"
	".counter li{list-style:none;border:1px solid #ccc;border-radius:6px;"
	"padding:.4em .8em}\n"
	".counter b{font-size:1.4em;display:block}\n"
	".counter .ta{border-color:#2e7d32;background:#e8f5e9}\n"
	"table{border-collapse:collapse;width:100%}\n"
	"th,td{text-align:left;vertical-align:top;padding:.35em .5em;"
	"border-bottom:1px solid #ddd}\n"
	"thead th{border-bottom:2px solid #333;background:#f4f4f4}\n"
	"thead{display:table-header-group}\n"
	"tr{break-inside:avoid}\n"
	"td.num{white-space:nowrap}\n"
	"tr.by-union td:first-child{border-left:6px solid #1565c0}\n"
	"tr.by-employer td:first-child{border-left:6px solid #c62828}\n"
	"tr.by-joint td:first-child{border-left:6px solid #6a1b9a}\n"
	"tr.by-other td:first-child{border-left:6px solid #757575}\n"
	".status{font-weight:600;white-space:nowrap}\n"
	".s-ta{color:#2e7d32}.s-withdrawn{color:#757575}.s-rejected{color:#c62828}\n"
	".s-countered{color:#e65100}.s-open{color:#1565c0}\n"
	".gaps{font-size:.9em;color:#333}\n"
	".key{font-size:.9em;color:#555;margin:.8em 0}\n"
	".key span{padding-left:.5em;margin-right:1em}\n"
	".key .union{border-left:6px solid #1565c0}\n"
	".key .employer{border-left:6px solid #c62828}\n"
	".key .joint{border-left:6px solid #6a1b9a}\n"
	"@media print{body{margin:0;max-width:none;font-size:10pt}"
	"@page{size:landscape;margin:1.5cm}}\n";

static void esc(struct clause_buf *b, const char *s)
{
	clause_buf_put_xml(b, s ? s : "");
}

static void html_row(struct clause_buf *out, const struct board *bd,
		     const struct board_row *row)
{
	struct clause_buf cell = CLAUSE_BUF_INIT;
	const char *by = row->current_by;
	const char *cls = !by ? "other" : strcmp(by, "union") == 0 ? "union" :
			  strcmp(by, "employer") == 0 ? "employer" :
			  strcmp(by, "joint") == 0 ? "joint" : "other";

	clause_buf_printf(out, "<tr class=\"by-%s\" id=\"c-", cls);
	esc(out, row->id);
	clause_buf_puts(out, "\"><td class=\"num\">");
	esc(out, or_dash(row->num));
	clause_buf_puts(out, "</td><td>");
	esc(out, or_dash(row->heading));
	clause_buf_puts(out, "<br><small>");
	esc(out, row->id);
	clause_buf_puts(out, "</small></td><td>");
	round_cell(&cell, bd, row->first, 1);
	esc(out, cell.ptr);
	clause_buf_clear(&cell);
	clause_buf_puts(out, "</td><td>");
	round_cell(&cell, bd, row->last, 0);
	esc(out, cell.ptr);
	if (row->dropped)
		clause_buf_puts(out, " (dropped)");
	clause_buf_clear(&cell);
	clause_buf_printf(out, "</td><td>%zu</td><td class=\"status s-%s\">",
			  row->nrounds, board_status_names[row->status]);
	status_cell(&cell, bd, row);
	esc(out, cell.ptr);
	clause_buf_clear(&cell);
	clause_buf_puts(out, "</td><td class=\"gaps\">");
	gaps_cell(&cell, row);
	esc(out, cell.ptr);
	clause_buf_puts(out, "</td></tr>\n");
	clause_buf_release(&cell);
}

int board_html(struct clause_buf *out, const struct board *bd)
{
	struct clause_buf line = CLAUSE_BUF_INIT;
	const char *article = NULL;

	clause_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n" CLAUSE_HTML_CSP
			"<meta name=\"viewport\" content=\"width=device-width\">\n"
			"<title>Bargaining board: ");
	esc(out, bd->title ? bd->title : bd->name);
	clause_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n"
			  "<h1>", style);
	esc(out, bd->title ? bd->title : bd->name);
	clause_buf_puts(out, "</h1>\n<p class=\"asof\">");
	as_of_line(&line, bd);
	esc(out, line.ptr);
	clause_buf_release(&line);
	clause_buf_printf(out, "</p>\n<ul class=\"counter\">\n"
			  "<li class=\"ta\" id=\"ta-count\"><b>%zu of %zu</b>"
			  "tentatively agreed</li>\n", bd->totals[BOARD_TA],
			  bd->nrows);
	for (int s = 0; s < BOARD_NSTATUS; s++)
		if (s != BOARD_TA && bd->totals[s])
			clause_buf_printf(out, "<li id=\"count-%s\"><b>%zu</b>%s</li>\n",
					  board_status_names[s], bd->totals[s],
					  status_words[s]);
	clause_buf_puts(out, "</ul>\n<p class=\"key\">Current language proposed by: "
			"<span class=\"union\">union</span><span class=\"employer\">"
			"employer</span><span class=\"joint\">joint</span></p>\n"
			"<table>\n<thead><tr><th>No.</th><th>Clause</th>"
			"<th>First tabled</th><th>Last change</th><th>Rounds</th>"
			"<th>Status</th><th>Open numbers (union / employer)</th>"
			"</tr></thead>\n<tbody>\n");
	for (size_t r = 0; r < bd->nrows; r++) {
		const struct board_row *row = &bd->rows[r];
		if (row->article && (!article || strcmp(article, row->article) != 0)) {
			clause_buf_puts(out, "<tr class=\"article\"><th colspan=\"7\">");
			esc(out, row->article);
			clause_buf_puts(out, "</th></tr>\n");
			article = row->article;
		}
		html_row(out, bd, row);
	}
	clause_buf_puts(out, "</tbody>\n</table>\n</body>\n</html>\n");
	return 0;
}
