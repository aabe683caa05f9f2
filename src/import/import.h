/* import.h: files negotiators hold, turned into clause documents.
 *
 * src/import/: one reader a format turns a file into blocks of text
 * (text.c: plain text in UTF-8, UTF-16 or Windows-1252; md.c: Markdown
 * through cmark; html.c: libxml2's HTML parser; docx.c: Word through
 * libzip and libxml2; pdf.c: PDF through poppler-glib), libraries the
 * program loads when a file of that kind first needs them (dl.c), so
 * that no other command pays for them at start-up.  structure.c finds
 * articles, clauses, headings, lists and quantities in the blocks and
 * write.c writes the clause document.  Nothing here knows git or the
 * index: the command matches ids and suggests categories (cmd_import.c).
 *
 * Every input is hostile: readers bound what they read (struct
 * import_limits), refuse what they cannot read safely with one message
 * (clause_error_set, "PATH: what is wrong") and return CLAUSE_EINVALID
 * or CLAUSE_ETOOBIG; they never write anything.
 */
#ifndef CLAUSE_IMPORT_H
#define CLAUSE_IMPORT_H

#include <stddef.h>

enum import_format {
	IMPORT_AUTO,		/* from the name, then the bytes */
	IMPORT_TEXT,
	IMPORT_MD,
	IMPORT_HTML,
	IMPORT_DOCX,
	IMPORT_PDF
};

enum import_block_kind {
	/* One physical line of running text (plain text, PDF): structure.c
	 * joins lines into paragraphs, at a gap, at a line that starts with
	 * a number or names an article, and joins a word hyphenated at a
	 * line's end. */
	IMPORT_LINE,
	/* A paragraph the producer marked as one (Word, HTML, Markdown). */
	IMPORT_PARA,
	/* A heading the producer marked (Word's Heading n or Title style,
	 * <h1>..<h6>, Markdown's #); level 1 is the highest. */
	IMPORT_HEADING,
	/* An item of a list; level is its nesting, from 0. */
	IMPORT_ITEM,
	/* A row of a table, its cells' text joined with " | ". */
	IMPORT_ROW
};

struct import_block {
	enum import_block_kind kind;
	int level;		/* heading level from 1, list nesting from 0 */
	int gap;		/* IMPORT_LINE: a blank line or a vertical gap
				 * comes before it (a paragraph break) */
	int ordered;		/* IMPORT_ITEM: of a numbered list */
	char *label;		/* a number the producer generated that is not
				 * in the text (Word's automatic numbering:
				 * "14.2", "(a)", "Article 3"), or NULL */
	char *text;		/* UTF-8, spaces collapsed, trimmed; "" never
				 * stored except for a gap line */
	unsigned page;		/* page it starts on (PDF), 0 when unknown */
	unsigned line;		/* line of the input it starts on, 0 when the
				 * format has no lines to speak of */
};

struct import_blocks {
	struct import_block *v;
	size_t n;
	size_t cap;
	/* What the reader noticed and dropped or changed, for the report
	 * ("dropped 24 running headers", "accepted 3 tracked changes"). */
	char **notes;
	size_t nnotes;
	size_t notes_cap;
};

/* Bounds on what a reader reads. */
struct import_limits {
	size_t max_file;	/* bytes of the input file */
	size_t max_entries;	/* entries of a zip (DOCX) */
	size_t max_entry;	/* uncompressed bytes of one zip entry */
	size_t max_total;	/* uncompressed bytes of all entries read */
	unsigned max_pages;	/* pages of a PDF */
	unsigned max_seconds;	/* wall time of one PDF's text extraction */
	size_t max_blocks;	/* blocks of any input */
};

/* The bounds clause import uses (README and clause-import(1) say them). */
extern const struct import_limits import_default_limits;

/* Append a block; `text` of `len` bytes is copied with its whitespace
 * collapsed and trimmed (label may be NULL).  CLAUSE_ETOOBIG past
 * max_blocks, CLAUSE_ERROR when out of memory. */
int import_blocks_add(struct import_blocks *b, const struct import_limits *lim,
		      enum import_block_kind kind, int level, const char *label,
		      const char *text, size_t len);
/* The block just added, to set gap, ordered, page or line. */
struct import_block *import_blocks_last(struct import_blocks *b);
/* Add a line to the report ("dropped 24 running headers"). */
int import_blocks_note(struct import_blocks *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void import_blocks_free(struct import_blocks *b);

/*
 * Readers.  `path` names the file in messages; `data` holds all of its
 * `len` bytes (at most lim->max_file).  Each appends to `out` and
 * returns 0, or sets the error and returns CLAUSE_EINVALID (a file it
 * cannot read as that format), CLAUSE_ETOOBIG (over a bound) or
 * CLAUSE_ERROR (memory, or the format's library cannot be loaded).
 */
/* Plain text.  `encoding` is NULL (detect: UTF-8, UTF-16 with a BOM,
 * else Windows-1252), "utf-8", "utf-16", "utf-16le", "utf-16be",
 * "windows-1252" or "latin-1".  Yields IMPORT_LINE blocks. */
int import_read_text(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len,
		     const char *encoding);
/* Markdown (CommonMark, through cmark). */
int import_read_md(struct import_blocks *out, const struct import_limits *lim,
		   const char *path, const char *data, size_t len);
/* HTML (libxml2's HTML parser; scripts, styles and navigation dropped). */
int import_read_html(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len);
/* Word .docx (libzip and libxml2).  A document with tracked changes is
 * refused unless `accept_changes`, which reads it as if every change
 * were accepted (insertions kept, deletions dropped). */
int import_read_docx(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len,
		     int accept_changes);
/* PDF with a text layer (poppler-glib): lines in reading order, page by
 * page, running headers, footers and page numbers dropped.  A PDF with
 * no text (a scan) is refused with a message naming OCR. */
int import_read_pdf(struct import_blocks *out, const struct import_limits *lim,
		    const char *path, const char *data, size_t len);

/* The format of a file from its name, then its first bytes. */
enum import_format import_detect(const char *path, const char *data, size_t len);
/* "docx" for IMPORT_DOCX ...; -1 from import_format_parse when unknown. */
const char *import_format_name(enum import_format f);
int import_format_parse(const char *name);

#endif
