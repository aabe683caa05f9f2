/* docx.c: Word .docx files read into blocks: the body's paragraphs,
 * lists, tables, fields and tracked changes (the zip is docx_package.c,
 * styles and numbering docx_numbering.c; docx.h says what they share).
 *
 * A .docx is a zip of XML parts.  Only these are read: the main part
 * (found through _rels/.rels, else word/document.xml), its styles and
 * its numbering (found through its own relationships, else beside it).
 * and its footnotes, which follow the paragraph that refers to them as
 * notes ("Note: ..." paragraphs, as clause export writes a clause's
 * notes, so that an exported document imports back the same).
 * Headers, footers, endnotes, comments, images and anything a
 * relationship marks External are never opened.
 *
 * Choices kept here:
 * - Word's Title style is a heading of level 1, as Heading 1 is.
 * - List counters belong to the abstract numbering definition, so that
 *   paragraphs of two w:num of one w:abstractNum continue one sequence,
 *   as Word numbers them; a w:num's w:startOverride restarts its levels
 *   when a paragraph of that w:num first appears.
 * - A table row's empty cells are kept ("A |  | C" collapses to
 *   "A | | C"), so that columns stay where they were; a row with no
 *   text at all is dropped.
 */
#include "import/docx.h"
#include "util/array.h"

/*
 * Text.
 */

enum act { A_DESCEND, A_RUN, A_TEXT, A_SPACE, A_HYPHEN, A_FIELD, A_COMMENT,
	   A_NOTE, A_DRAWING, A_CHANGE_KEEP, A_CHANGE_DROP };

/* What a paragraph's inline elements give; any other is dropped. */
static const struct { const char *name; enum act act; } inline_acts[] = {
	{ "r", A_RUN }, { "hyperlink", A_DESCEND },
	{ "smartTag", A_DESCEND }, { "customXml", A_DESCEND },
	{ "fldSimple", A_DESCEND }, { "sdt", A_DESCEND },
	{ "sdtContent", A_DESCEND }, { "dir", A_DESCEND },
	{ "bdo", A_DESCEND }, { "t", A_TEXT }, { "tab", A_SPACE },
	{ "ptab", A_SPACE }, { "br", A_SPACE }, { "cr", A_SPACE },
	{ "noBreakHyphen", A_HYPHEN }, { "fldChar", A_FIELD },
	{ "commentReference", A_COMMENT },
	{ "footnoteReference", A_NOTE }, { "endnoteReference", A_NOTE },
	{ "drawing", A_DRAWING }, { "pict", A_DRAWING },
	{ "object", A_DRAWING }, { "ins", A_CHANGE_KEEP },
	{ "moveTo", A_CHANGE_KEEP }, { "del", A_CHANGE_DROP },
	{ "moveFrom", A_CHANGE_DROP }
};

static int in_field_code(const struct docx *d)
{
	return d->field_deep || (d->field_code &
				 (d->field_depth >= 64 ? ~0ULL :
				  (1ULL << d->field_depth) - 1));
}

static void field_char(struct docx *d, xmlNodePtr n)
{
	const char *type = attr(n, "fldCharType", W_NS);

	if (!type)
		return;
	if (!strcmp(type, "begin")) {
		if (d->field_depth < 64)
			d->field_code |= 1ULL << d->field_depth;
		else
			d->field_deep++;
		d->field_depth++;
	} else if (!strcmp(type, "separate") && d->field_depth &&
		   d->field_depth <= 64) {
		d->field_code &= ~(1ULL << (d->field_depth - 1));
	} else if (!strcmp(type, "end") && d->field_depth) {
		d->field_depth--;
		if (d->field_depth >= 64)
			d->field_deep--;
		else
			d->field_code &= ~(1ULL << d->field_depth);
	}
}

static int put_text(struct docx *d, xmlNodePtr t, struct clause_buf *b)
{
	if (in_field_code(d))
		return 0;
	for (xmlNodePtr c = t->children; c; c = c->next)
		if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) &&
		    c->content && clause_buf_puts(b, (const char *)c->content) < 0)
			return CLAUSE_ERROR;
	return 0;
}

static int inline_text(struct docx *d, xmlNodePtr n, struct clause_buf *b);
static int has_text(const char *s, const char *also);

/* A reference to footnote `ref`: its text waits for the end of the
 * paragraph.  The footnote's own fields are read apart from the
 * paragraph's, and each footnote is read once (Word refers to one
 * footnote once; a crafted file that refers again gets it once). */
static int footnote(struct docx *d, xmlNodePtr ref)
{
	const char *id = attr(ref, "id", W_NS);
	xmlNodePtr fn = id ? clause_map_get(&d->footnotes, id) : NULL;
	struct clause_buf t = CLAUSE_BUF_INIT;
	unsigned depth = d->field_depth, deep = d->field_deep;
	uint64_t code = d->field_code;
	int r = 0;

	if (!fn || !xmlStrEqual(ref->name, BAD_CAST "footnoteReference")) {
		d->notes++;
		return 0;
	}
	clause_map_put(&d->footnotes, id, NULL, NULL);
	d->field_depth = 0;
	d->field_deep = 0;
	d->field_code = 0;
	for (xmlNodePtr p = fn->children; p && r == 0; p = p->next)
		if (is_w(p, "p") && (r = clause_buf_putc(&t, ' ')) == 0)
			r = inline_text(d, p, &t);
	d->field_depth = depth;
	d->field_deep = deep;
	d->field_code = code;
	if (r == 0 && CLAUSE_GROW(d->pending, d->npending, d->pending_cap) < 0)
		r = CLAUSE_ERROR;
	if (r == 0) {
		d->pending[d->npending++] = clause_buf_detach(&t);
		d->kept_notes++;
	}
	clause_buf_release(&t);
	return r;
}

/* The footnotes of the paragraph just read, as notes after it. */
static int flush_footnotes(struct docx *d)
{
	int r = 0;

	for (size_t i = 0; i < d->npending; i++) {
		struct clause_buf t = CLAUSE_BUF_INIT;

		if (r == 0 && has_text(d->pending[i], "")) {
			r = clause_buf_printf(&t, "Note: %s", d->pending[i]);
			if (r == 0)
				r = import_blocks_add(d->out, d->lim, IMPORT_PARA, 0,
						      NULL, t.ptr, t.len);
		}
		clause_buf_release(&t);
		free(d->pending[i]);
	}
	d->npending = 0;
	return r;
}

static int inline_act(struct docx *d, xmlNodePtr c, enum act act,
		      struct clause_buf *b)
{
	switch (act) {
	case A_RUN:
		/* Word neither shows nor prints hidden text (drafting notes,
		 * usually).  Its field characters still count. */
		if (wbool(w_child(w_child(c, "rPr"), "vanish")) &&
		    !w_child(c, "fldChar")) {
			d->hidden++;
			return 0;
		}
		return inline_text(d, c, b);
	case A_CHANGE_KEEP:
	case A_DESCEND:
		return inline_text(d, c, b);
	case A_TEXT:
		return put_text(d, c, b);
	case A_SPACE:
		return in_field_code(d) ? 0 : clause_buf_putc(b, ' ');
	case A_HYPHEN:
		return in_field_code(d) ? 0 : clause_buf_putc(b, '-');
	case A_FIELD:
		field_char(d, c);
		return 0;
	case A_COMMENT:
		d->comments++;
		return 0;
	case A_NOTE:
		return footnote(d, c);
	case A_DRAWING:
		d->drawings++;
		return 0;
	case A_CHANGE_DROP:
		return 0;
	}
	return 0;
}

/* The text of n's inline content onto b. */
static int inline_text(struct docx *d, xmlNodePtr n, struct clause_buf *b)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (!is_w(c, NULL)) {
			/* mc:AlternateContent holds a drawing and its
			 * fallback picture. */
			if (c->type == XML_ELEMENT_NODE &&
			    xmlStrEqual(c->name, BAD_CAST "AlternateContent"))
				d->drawings++;
			continue;
		}
		for (size_t i = 0; i < sizeof(inline_acts) / sizeof(*inline_acts); i++) {
			if (!xmlStrEqual(c->name, BAD_CAST inline_acts[i].name))
				continue;
			if (inline_act(d, c, inline_acts[i].act, b) < 0)
				return CLAUSE_ERROR;
			break;
		}
	}
	return 0;
}

/*
 * Blocks.
 */

/* The paragraph's label and text; *label NULL when it has none. */
static int para_text(struct docx *d, xmlNodePtr p, struct para *pp,
		     struct clause_buf *label, struct clause_buf *text)
{
	if (docx_para_props(d, p, pp, label) < 0)
		return CLAUSE_ERROR;
	if (d->carry.len) {
		if (clause_buf_put(text, d->carry.ptr, d->carry.len) < 0)
			return CLAUSE_ERROR;
		clause_buf_clear(&d->carry);
	}
	return inline_text(d, p, text);
}

/* Has s anything but spaces, no-break spaces and `also`? */
static int has_text(const char *s, const char *also)
{
	for (; *s; s++) {
		if ((unsigned char)s[0] == 0xc2 && (unsigned char)s[1] == 0xa0)
			s++;
		else if (!strchr(" \t\r\n\f\v", *s) && !strchr(also, *s))
			return 1;
	}
	return 0;
}

static int paragraph(struct docx *d, xmlNodePtr p)
{
	struct clause_buf label = CLAUSE_BUF_INIT, text = CLAUSE_BUF_INIT;
	struct para pp;
	int r = para_text(d, p, &pp, &label, &text);
	enum import_block_kind kind = IMPORT_PARA;
	int level = 0, bullet = pp.num && pp.bullet;

	if (r == 0 && pp.mark_deleted) {
		/* Accepting the deletion of a paragraph mark joins the
		 * paragraph to the next. */
		r = clause_buf_put(&d->carry, text.ptr, text.len);
		if (r == 0)
			r = clause_buf_putc(&d->carry, ' ');
		goto done;
	}
	if (pp.heading) {
		kind = IMPORT_HEADING;
		level = pp.heading;
	} else if (pp.num) {
		kind = IMPORT_ITEM;
		level = pp.ilvl;
	}
	if (r == 0 && has_text(text.ptr, "")) {
		r = import_blocks_add(d->out, d->lim, kind, level,
				      bullet || !label.len ? NULL : label.ptr,
				      text.ptr, text.len);
		if (r == 0 && kind == IMPORT_ITEM)
			import_blocks_last(d->out)->ordered = !bullet;
	}
	if (r == 0)
		r = flush_footnotes(d);
done:
	clause_buf_release(&label);
	clause_buf_release(&text);
	return r;
}

static int cell_text(struct docx *d, xmlNodePtr tc, struct clause_buf *b);

/* A paragraph inside a table cell, its label before its text. */
static int cell_paragraph(struct docx *d, xmlNodePtr p, struct clause_buf *b)
{
	struct clause_buf label = CLAUSE_BUF_INIT, text = CLAUSE_BUF_INIT;
	struct para pp;
	int r = para_text(d, p, &pp, &label, &text);

	if (r == 0 && pp.num && !pp.bullet && label.len)
		r = clause_buf_printf(b, " %s", label.ptr);
	if (r == 0)
		r = clause_buf_putc(b, ' ');
	if (r == 0)
		r = clause_buf_put(b, text.ptr, text.len);
	clause_buf_release(&label);
	clause_buf_release(&text);
	return r;
}

/* Is the row a tracked deletion (w:trPr/w:del)? */
static int row_deleted(xmlNodePtr tr)
{
	return w_child(w_child(tr, "trPr"), "del") != NULL;
}

/* The cells of a row, joined with `sep`, onto b; *cells counts them. */
static int row_cells(struct docx *d, xmlNodePtr tr, const char *sep,
		     struct clause_buf *b, int *cells)
{
	for (xmlNodePtr c = tr->children; c; c = c->next) {
		int r = 0;

		if (is_w(c, "tc")) {
			if (*cells && clause_buf_puts(b, sep) < 0)
				return CLAUSE_ERROR;
			(*cells)++;
			r = cell_text(d, c, b);
		} else if (is_w(c, "sdt") || is_w(c, "sdtContent") ||
			   is_w(c, "customXml")) {
			r = row_cells(d, c, sep, b, cells);
		}
		if (r < 0)
			return r;
	}
	return 0;
}

/* The rows of a table; `b` NULL makes each a block, else (a table in
 * a cell) their text goes onto b, cells apart by spaces only, so that
 * the outer row's " | " still count its own columns. */
static int table(struct docx *d, xmlNodePtr tbl, struct clause_buf *b)
{
	for (xmlNodePtr c = tbl->children; c; c = c->next) {
		struct clause_buf row = CLAUSE_BUF_INIT;
		int r = 0, cells = 0;

		if (is_w(c, "sdt") || is_w(c, "sdtContent") || is_w(c, "customXml")) {
			r = table(d, c, b);
		} else if (is_w(c, "tr") && !row_deleted(c)) {
			r = row_cells(d, c, b ? " " : " | ", &row, &cells);
			if (r == 0 && b)
				r = clause_buf_printf(b, " %s", row.ptr);
			else if (r == 0 && has_text(row.ptr, "|"))
				r = import_blocks_add(d->out, d->lim, IMPORT_ROW,
						      0, NULL, row.ptr, row.len);
		}
		clause_buf_release(&row);
		if (r < 0)
			return r;
	}
	return 0;
}

static int cell_text(struct docx *d, xmlNodePtr tc, struct clause_buf *b)
{
	for (xmlNodePtr c = tc->children; c; c = c->next) {
		int r = 0;

		if (is_w(c, "p"))
			r = cell_paragraph(d, c, b);
		else if (is_w(c, "tbl"))
			r = table(d, c, b);
		else if (is_w(c, "sdt") || is_w(c, "sdtContent") ||
			 is_w(c, "customXml") || is_w(c, "ins") ||
			 is_w(c, "moveTo"))
			r = cell_text(d, c, b);
		if (r < 0)
			return r;
	}
	return 0;
}

/* The block-level content of n (w:body, a content control...). */
static int body(struct docx *d, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int r = 0;

		if (is_w(c, "p"))
			r = paragraph(d, c);
		else if (is_w(c, "tbl") && (r = table(d, c, NULL)) == 0)
			r = flush_footnotes(d);
		else if (is_w(c, "sdt") || is_w(c, "sdtContent") ||
			 is_w(c, "customXml") || is_w(c, "ins") ||
			 is_w(c, "moveTo"))
			r = body(d, c);
		else if (is_w(c, "altChunk"))
			d->chunks++;
		if (r < 0)
			return r;
	}
	return 0;
}

/* Tracked insertions, deletions and moves under n.  Formatting changes
 * (w:pPrChange, w:rPrChange...) hold old properties, not text: they are
 * neither counted nor looked into. */
static int count_changes(xmlNodePtr n)
{
	int count = 0;

	for (xmlNodePtr c = n->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (is_w(c, NULL) && ends_with((const char *)c->name, "PrChange"))
			continue;
		if (is_w(c, "ins") || is_w(c, "del") || is_w(c, "moveFrom") ||
		    is_w(c, "moveTo"))
			count++;
		count += count_changes(c);
		if (count > 1000000000)
			break;
	}
	return count;
}

/* The footnotes of the footnotes part by id (separators are none). */
static int load_footnotes(struct docx *d)
{
	xmlNodePtr root = d->footnotes_doc ? xmlDocGetRootElement(d->footnotes_doc)
			  : NULL;

	for (xmlNodePtr f = is_w(root, "footnotes") ? root->children : NULL; f;
	     f = f->next) {
		const char *id = attr(f, "id", W_NS), *type = attr(f, "type", W_NS);

		if (is_w(f, "footnote") && id && (!type || !strcmp(type, "normal")) &&
		    clause_map_put(&d->footnotes, id, f, NULL) < 0)
			return CLAUSE_ERROR;
	}
	return 0;
}

static int read_body(struct docx *d)
{
	xmlNodePtr b = w_child(xmlDocGetRootElement(d->doc), "body");
	int r;

	d->changes = count_changes(b);
	if (d->changes && !d->accept) {
		clause_error_set("%s: has %d tracked change%s; accept or reject "
				 "them in Word first, or import with "
				 "--accept-changes", d->path, d->changes,
				 d->changes == 1 ? "" : "s");
		return CLAUSE_EINVALID;
	}
	if (load_footnotes(d) < 0)
		return CLAUSE_ERROR;
	r = body(d, b);
	if (r == 0 && d->carry.len)
		r = import_blocks_add(d->out, d->lim, IMPORT_PARA, 0, NULL,
				      d->carry.ptr, d->carry.len);
	if (r == 0)
		r = flush_footnotes(d);
	if (r == 0 && d->kept_notes)
		r = import_blocks_note(d->out, "kept %d footnote%s as note%s",
				       d->kept_notes, d->kept_notes == 1 ? "" : "s",
				       d->kept_notes == 1 ? "" : "s");
	if (r == 0 && d->changes)
		r = import_blocks_note(d->out, "accepted %d tracked change%s",
				       d->changes, d->changes == 1 ? "" : "s");
	if (r == 0 && d->comments)
		r = import_blocks_note(d->out, "ignored %d comment%s",
				       d->comments, d->comments == 1 ? "" : "s");
	if (r == 0 && d->notes)
		r = import_blocks_note(d->out, "ignored %d footnote%s",
				       d->notes, d->notes == 1 ? "" : "s");
	if (r == 0 && d->drawings)
		r = import_blocks_note(d->out, "ignored %d picture%s, drawing%s "
				       "and text box%s", d->drawings,
				       d->drawings == 1 ? "" : "s",
				       d->drawings == 1 ? "" : "s",
				       d->drawings == 1 ? "" : "es");
	if (r == 0 && d->hidden)
		r = import_blocks_note(d->out, "dropped %d run%s of hidden text",
				       d->hidden, d->hidden == 1 ? "" : "s");
	if (r == 0 && d->chunks)
		r = import_blocks_note(d->out, "ignored %d embedded document%s "
				       "(w:altChunk)", d->chunks,
				       d->chunks == 1 ? "" : "s");
	return r;
}

static void docx_release(struct docx *d)
{
	clause_map_release(&d->styles, free);
	clause_map_release(&d->abstracts, free);
	clause_map_release(&d->nums, free);
	clause_map_release(&d->footnotes, NULL);
	for (size_t i = 0; i < d->npending; i++)
		free(d->pending[i]);
	free(d->pending);
	if (d->footnotes_doc)
		xmlFreeDoc(d->footnotes_doc);
	if (d->doc)
		xmlFreeDoc(d->doc);
	if (d->styles_doc)
		xmlFreeDoc(d->styles_doc);
	if (d->numbering_doc)
		xmlFreeDoc(d->numbering_doc);
	docx_close_package(d);
	clause_buf_release(&d->carry);
}

int import_read_docx(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len,
		     int accept_changes)
{
	struct docx d = { .out = out, .lim = lim, .path = path,
			  .accept = accept_changes,
			  .styles = CLAUSE_MAP_INIT, .abstracts = CLAUSE_MAP_INIT,
			  .nums = CLAUSE_MAP_INIT, .footnotes = CLAUSE_MAP_INIT,
			  .carry = CLAUSE_BUF_INIT };
	struct clause_buf main_name = CLAUSE_BUF_INIT;
	int r;

	if (len > lim->max_file) {
		clause_error_set("%s: file is over %zu bytes", path, lim->max_file);
		return CLAUSE_ETOOBIG;
	}
	r = docx_open_package(&d, data, len, &main_name);
	if (r == 0)
		r = docx_load_styles(&d);
	if (r == 0)
		r = docx_load_numbering(&d);
	if (r == 0)
		r = read_body(&d);
	clause_buf_release(&main_name);
	docx_release(&d);
	return r;
}
