/* docx.h: what the two Word writers (docx.c, docx_redline.c) share.
 *
 * Private to src/export/.  A writer appends WordprocessingML to a
 * struct docx_w, whose error flag sticks: the first failed append
 * (out of memory) marks it, later appends are skipped, and the writer
 * checks the flag once at the end instead of after every call.
 *
 * Style ids used by both writers (defined in docx.c's styles.xml):
 * Title, Subtitle, Heading1, Heading2, Heading3, ClauseText (the body
 * of a clause: the redline's test reads these paragraphs back), Note,
 * ListParagraph, Field (a redline's changed metadata), TableGrid.
 */
#ifndef CLAUSE_EXPORT_DOCX_H
#define CLAUSE_EXPORT_DOCX_H

#include <stddef.h>

#include "doc/doc.h"
#include "util/buf.h"

struct docx_w {
	struct clause_buf b;	/* the XML written so far */
	int err;		/* an append failed: the result is unusable */
};

#define DOCX_W_INIT { CLAUSE_BUF_INIT, 0 }

void docx_puts(struct docx_w *w, const char *s);
void docx_printf(struct docx_w *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* n bytes of text (UTF-8), XML-escaped; characters XML 1.0 forbids
 * (C0 controls but tab, LF, CR; U+FFFE, U+FFFF; bytes that are not
 * UTF-8) are dropped, since a file that has them does not open. */
void docx_text(struct docx_w *w, const char *s, size_t n);
/* The same for a NUL-terminated string; NULL writes nothing. */
void docx_str(struct docx_w *w, const char *s);

/* A paragraph's start: <w:p><w:pPr> with style `style`; the caller may
 * add more paragraph properties, then closes with docx_para_body. */
void docx_para_open(struct docx_w *w, const char *style);
void docx_para_body(struct docx_w *w);
/* A plain run of n bytes of text, its spaces kept. */
void docx_run(struct docx_w *w, const char *s, size_t n);
/* A whole plain paragraph of style `style` holding `text`. */
void docx_para(struct docx_w *w, const char *style, const char *text);

/* The start of word/document.xml, and its end (section properties). */
void docx_document_open(struct docx_w *w);
void docx_document_close(struct docx_w *w);

/* Word lists: a w:num for each list, numbered from 1, under the
 * abstract numbering of its type. */
struct docx_lists {
	struct docx_w nums;	/* the w:num elements so far */
	int n;			/* lists so far: the last w:numId */
};

#define DOCX_LISTS_INIT { DOCX_W_INIT, 0 }

/* A new list of `type`: its w:numId. */
int docx_list_new(struct docx_lists *l, enum clause_list_type type);
/* The paragraph property that makes a paragraph an item of list `id`
 * (between docx_para_open and docx_para_body). */
void docx_list_item(struct docx_w *w, int id);
/* word/numbering.xml for the lists, appended to out; nothing when
 * there are none. */
void docx_numbering(struct docx_w *out, const struct docx_lists *l);
/* Footnotes, each referenced at the end of the paragraph written just
 * before it. */
struct docx_notes {
	struct docx_w part;	/* the w:footnote elements so far */
	int n;			/* footnotes so far: the last w:id */
};

#define DOCX_NOTES_INIT { DOCX_W_INIT, 0 }

/* A footnote holding `text`, its reference at the end of the last
 * paragraph of `w` (which must end with one). */
void docx_footnote(struct docx_w *w, struct docx_notes *f, const char *text);

/* Package a finished body, its lists and footnotes (NULL: none) into
 * `out` (docx_package). */
int docx_finish(struct clause_buf *out, struct docx_w *body,
		const struct docx_lists *l, const struct docx_notes *f,
		const char *title);

/* Zip the package into `out`: [Content_Types].xml, the relationships,
 * word/document.xml (`document`), word/styles.xml, word/numbering.xml
 * and word/footnotes.xml when they are not NULL, docProps/core.xml with
 * `title`.  0, or CLAUSE_ERROR with the error set (libzip missing, out
 * of memory). */
int docx_package(struct clause_buf *out, const char *document,
		 const char *numbering, const char *footnotes, const char *title);

#endif
