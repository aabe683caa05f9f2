/* docx.c: a clause document as a Word file, and the WordprocessingML
 * helpers the redline (docx_redline.c) shares.
 *
 * Lists are real Word lists: one abstract numbering a list type
 * (ordered "1.", alpha "(a)", roman "(i)", bullet) and one w:num for
 * each <list>, restarting at 1, so that Word and LibreOffice number the
 * items themselves and a reader can renumber them.  Notes (of a clause
 * or an article) are footnotes on the paragraph before them, which
 * clause import reads back as notes; quantities, references and terms are
 * plain text, as they read.
 */
#include "export/export.h"
#include "export/docx.h"
#include "doc/xml.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* ---- the writer ------------------------------------------------------ */

void docx_puts(struct docx_w *w, const char *s)
{
	if (!w->err && clause_buf_puts(&w->b, s) < 0)
		w->err = 1;
}

void docx_printf(struct docx_w *w, const char *fmt, ...)
{
	va_list ap;

	if (w->err)
		return;
	va_start(ap, fmt);
	if (clause_buf_vprintf(&w->b, fmt, ap) < 0)
		w->err = 1;
	va_end(ap);
}

/* Length of the UTF-8 sequence at s (at most n bytes) that XML 1.0
 * allows, or 0 to drop one byte. */
static size_t xml_char(const unsigned char *s, size_t n)
{
	size_t len = s[0] < 0x80 ? 1 : (s[0] & 0xE0) == 0xC0 ? 2
		     : (s[0] & 0xF0) == 0xE0 ? 3 : (s[0] & 0xF8) == 0xF0 ? 4 : 0;
	unsigned long cp;

	if (!len || len > n)
		return 0;
	if (len == 1)
		return s[0] >= 0x20 || s[0] == '\t' || s[0] == '\n' ||
		       s[0] == '\r';
	cp = s[0] & (0x7F >> len);
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* Overlong forms, surrogates, U+FFFE/U+FFFF, beyond U+10FFFF. */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || (cp >= 0xD800 && cp <= 0xDFFF) ||
	    cp == 0xFFFE || cp == 0xFFFF || cp > 0x10FFFF)
		return 0;
	return len;
}

void docx_text(struct docx_w *w, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;

	for (size_t i = 0; i < n && !w->err;) {
		size_t k = xml_char(p + i, n - i);
		const char *esc = NULL;

		if (!k) {
			i++;
			continue;
		}
		switch (p[i]) {
		case '&': esc = "&amp;"; break;
		case '<': esc = "&lt;"; break;
		case '>': esc = "&gt;"; break;
		case '"': esc = "&quot;"; break;
		}
		if (esc ? clause_buf_puts(&w->b, esc) < 0
			: clause_buf_put(&w->b, s + i, k) < 0)
			w->err = 1;
		i += k;
	}
}

void docx_str(struct docx_w *w, const char *s)
{
	if (s)
		docx_text(w, s, strlen(s));
}

void docx_para_open(struct docx_w *w, const char *style)
{
	docx_printf(w, "<w:p><w:pPr><w:pStyle w:val=\"%s\"/>", style);
}

void docx_para_body(struct docx_w *w)
{
	docx_puts(w, "</w:pPr>");
}

void docx_run(struct docx_w *w, const char *s, size_t n)
{
	if (!n)
		return;
	docx_puts(w, "<w:r><w:t xml:space=\"preserve\">");
	docx_text(w, s, n);
	docx_puts(w, "</w:t></w:r>");
}

void docx_para(struct docx_w *w, const char *style, const char *text)
{
	docx_para_open(w, style);
	docx_para_body(w);
	if (text)
		docx_run(w, text, strlen(text));
	docx_puts(w, "</w:p>");
}

void docx_document_open(struct docx_w *w)
{
	docx_puts(w, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		  "<w:document xmlns:w=\"http://schemas.openxmlformats.org/"
		  "wordprocessingml/2006/main\"><w:body>");
}

void docx_document_close(struct docx_w *w)
{
	/* A4 with 2.5 cm margins; the last paragraph stays plain, so that
	 * accepting a deleted paragraph at the end leaves a paragraph. */
	docx_puts(w, "<w:p/><w:sectPr><w:pgSz w:w=\"11906\" w:h=\"16838\"/>"
		  "<w:pgMar w:top=\"1418\" w:right=\"1418\" w:bottom=\"1418\" "
		  "w:left=\"1418\" w:header=\"709\" w:footer=\"709\" "
		  "w:gutter=\"0\"/></w:sectPr></w:body></w:document>");
}

/* ---- numbering ------------------------------------------------------- */

/* The list types of clause-format(5), in enum clause_list_type's order,
 * as abstract numberings 1..4. */
static const struct list_kind {
	const char *fmt;	/* w:numFmt */
	const char *text;	/* w:lvlText */
} list_kinds[] = {
	[CLAUSE_LIST_ORDERED] = { "decimal", "%1." },
	[CLAUSE_LIST_ALPHA] = { "lowerLetter", "(%1)" },
	[CLAUSE_LIST_ROMAN] = { "lowerRoman", "(%1)" },
	[CLAUSE_LIST_BULLET] = { "bullet", "\xe2\x80\xa2" },
};
#define NKINDS (sizeof(list_kinds) / sizeof(list_kinds[0]))

int docx_list_new(struct docx_lists *l, enum clause_list_type type)
{
	size_t k = (size_t)type < NKINDS ? (size_t)type : CLAUSE_LIST_BULLET;

	l->n++;
	docx_printf(&l->nums, "<w:num w:numId=\"%d\"><w:abstractNumId "
		    "w:val=\"%zu\"/><w:lvlOverride w:ilvl=\"0\"><w:startOverride "
		    "w:val=\"1\"/></w:lvlOverride></w:num>", l->n, k + 1);
	return l->n;
}

void docx_list_item(struct docx_w *w, int id)
{
	docx_printf(w, "<w:numPr><w:ilvl w:val=\"0\"/><w:numId w:val=\"%d\"/>"
		    "</w:numPr>", id);
}

void docx_numbering(struct docx_w *out, const struct docx_lists *l)
{
	if (!l->n)
		return;
	docx_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		  "<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/"
		  "wordprocessingml/2006/main\">");
	for (size_t i = 0; i < NKINDS; i++)
		docx_printf(out, "<w:abstractNum w:abstractNumId=\"%zu\">"
			    "<w:multiLevelType w:val=\"singleLevel\"/>"
			    "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/>"
			    "<w:numFmt w:val=\"%s\"/><w:lvlText w:val=\"%s\"/>"
			    "<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"1080\" "
			    "w:hanging=\"540\"/></w:pPr></w:lvl></w:abstractNum>",
			    i + 1, list_kinds[i].fmt, list_kinds[i].text);
	docx_puts(out, l->nums.b.ptr);
	docx_puts(out, "</w:numbering>");
	if (l->nums.err)
		out->err = 1;
}

/* ---- footnotes ------------------------------------------------------- */

#define FOOTNOTE_REF "<w:r><w:rPr><w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"

void docx_footnote(struct docx_w *w, struct docx_notes *f, const char *text)
{
	static const char end[] = "</w:p>";
	size_t n = sizeof(end) - 1;

	if (w->err || w->b.len < n || strcmp(w->b.ptr + w->b.len - n, end) != 0) {
		w->err = 1;
		return;
	}
	f->n++;
	clause_buf_truncate(&w->b, w->b.len - n);
	docx_printf(w, FOOTNOTE_REF "<w:footnoteReference w:id=\"%d\"/></w:r>%s",
		    f->n, end);
	docx_printf(&f->part, "<w:footnote w:id=\"%d\"><w:p><w:pPr><w:pStyle "
		    "w:val=\"FootnoteText\"/></w:pPr>" FOOTNOTE_REF
		    "<w:footnoteRef/></w:r>", f->n);
	docx_run(&f->part, " ", 1);
	if (text)
		docx_run(&f->part, text, strlen(text));
	docx_puts(&f->part, "</w:p></w:footnote>");
}

/* word/footnotes.xml: the separators Word draws above the notes, then
 * the notes. */
static void footnotes_part(struct docx_w *out, const struct docx_notes *f)
{
	docx_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
		  "<w:footnotes xmlns:w=\"http://schemas.openxmlformats.org/"
		  "wordprocessingml/2006/main\">"
		  "<w:footnote w:type=\"separator\" w:id=\"-1\"><w:p><w:r>"
		  "<w:separator/></w:r></w:p></w:footnote>"
		  "<w:footnote w:type=\"continuationSeparator\" w:id=\"0\"><w:p>"
		  "<w:r><w:continuationSeparator/></w:r></w:p></w:footnote>");
	docx_puts(out, f->part.b.ptr);
	docx_puts(out, "</w:footnotes>");
	if (f->part.err)
		out->err = 1;
}

int docx_finish(struct clause_buf *out, struct docx_w *body,
		const struct docx_lists *l, const struct docx_notes *f,
		const char *title)
{
	struct docx_w numbering = DOCX_W_INIT, notes = DOCX_W_INIT;
	int r = CLAUSE_ERROR;

	docx_numbering(&numbering, l);
	if (f && f->n)
		footnotes_part(&notes, f);
	if (body->err || numbering.err || notes.err)
		clause_error_set("out of memory");
	else
		r = docx_package(out, body->b.ptr, l->n ? numbering.b.ptr : NULL,
				 f && f->n ? notes.b.ptr : NULL, title);
	clause_buf_release(&numbering.b);
	clause_buf_release(&notes.b);
	return r;
}

/* ---- the document ---------------------------------------------------- */

struct dw {
	struct docx_w body;	/* word/document.xml */
	struct docx_lists lists;
	struct docx_notes notes;	/* the clauses' and articles' notes */
};

static void list(struct dw *d, xmlNodePtr node)
{
	char *type = clause_xml_attr(node, "type");
	int id = docx_list_new(&d->lists, clause_list_type(type));

	free(type);
	for (xmlNodePtr it = node->children; it; it = it->next) {
		char *t;

		if (!clause_xml_is(it, "item"))
			continue;
		t = clause_xml_text(it);
		docx_para_open(&d->body, "ListParagraph");
		docx_list_item(&d->body, id);
		docx_para_body(&d->body);
		if (t)
			docx_run(&d->body, t, strlen(t));
		docx_puts(&d->body, "</w:p>");
		free(t);
	}
}

/* How deep c is among clauses: 0 for a clause of an article. */
static int depth(const struct clause_doc *doc, const struct clause_clause *c)
{
	int n = 0;

	while (c && c->parent && n < 100) {
		c = clause_doc_clause(doc, c->parent);
		n++;
	}
	return n;
}

/* "num heading", either part missing. */
static void heading_para(struct docx_w *w, const char *style, const char *num,
			 const char *heading)
{
	docx_para_open(w, style);
	docx_para_body(w);
	if (num)
		docx_run(w, num, strlen(num));
	if (num && heading)
		docx_run(w, " ", 1);
	if (heading)
		docx_run(w, heading, strlen(heading));
	docx_puts(w, "</w:p>");
}

/* One clause: its heading, then its blocks and sub-clauses in order. */
static void clause(struct dw *d, const struct clause_doc *doc,
		   const struct clause_clause *c)
{
	heading_para(&d->body, depth(doc, c) ? "Heading3" : "Heading2", c->num,
		     c->heading);
	if (!c->node) {
		/* A stripped document: its text is all there is. */
		if (c->text && *c->text)
			docx_para(&d->body, "ClauseText", c->text);
		return;
	}
	for (xmlNodePtr k = c->node->children; k; k = k->next) {
		char *t;

		if (clause_xml_is(k, "list")) {
			list(d, k);
			continue;
		}
		if (clause_xml_is(k, "clause")) {
			char *id = clause_xml_attr(k, "id");
			const struct clause_clause *sub = clause_doc_clause(doc, id);

			free(id);
			if (sub)
				clause(d, doc, sub);
			continue;
		}
		if (!clause_xml_is(k, "p") && !clause_xml_is(k, "note"))
			continue;
		t = clause_xml_text(k);
		if (clause_xml_is(k, "p"))
			docx_para(&d->body, "ClauseText", t);
		else
			docx_footnote(&d->body, &d->notes, t);
		free(t);
	}
}

struct doc_walk {
	struct dw *d;
	const struct clause_doc *doc;
};

static int walk_article(void *arg, const struct clause_article *a)
{
	heading_para(&((struct doc_walk *)arg)->d->body, "Heading1", a->num,
		     a->heading);
	return 0;
}

static int walk_note(void *arg, const char *text)
{
	struct dw *d = ((struct doc_walk *)arg)->d;

	docx_footnote(&d->body, &d->notes, text);
	return 0;
}

static int walk_clause(void *arg, const struct clause_clause *c)
{
	struct doc_walk *w = arg;

	clause(w->d, w->doc, c);
	return 0;
}

/* The title and parties, then what export_walk gives: the same articles,
 * article notes and clauses as every other writer. */
static void doc_body(struct dw *d, const struct clause_doc *doc)
{
	static const struct export_walk walk = { walk_article, walk_note, walk_clause };
	struct doc_walk w = { d, doc };

	docx_para(&d->body, "Title", doc->title ? doc->title : doc->id);
	for (size_t i = 0; i < doc->nparties; i++) {
		const struct clause_party *p = &doc->parties[i];
		struct clause_buf t = CLAUSE_BUF_INIT;

		clause_buf_printf(&t, "%s (%s)", p->name ? p->name : p->id,
				  p->role ? p->role : "party");
		docx_para(&d->body, "Subtitle", t.ptr);
		clause_buf_release(&t);
	}
	export_walk(doc, &walk, &w);
}

/*
 * export_docx_doc: the document as a .docx in out.
 */
int export_docx_doc(struct clause_buf *out, const struct clause_doc *doc)
{
	struct dw d = { DOCX_W_INIT, DOCX_LISTS_INIT, DOCX_NOTES_INIT };
	int r;

	docx_document_open(&d.body);
	doc_body(&d, doc);
	docx_document_close(&d.body);
	r = docx_finish(out, &d.body, &d.lists, &d.notes,
			doc->title ? doc->title : doc->id);
	clause_buf_release(&d.body.b);
	clause_buf_release(&d.lists.nums.b);
	clause_buf_release(&d.notes.part.b);
	return r;
}
