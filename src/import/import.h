/* import.h: files negotiators hold, turned into clause documents.
 *
 * src/import/: one reader a format turns a file into blocks of text:
 * text.c (plain text in UTF-8, UTF-16 or Windows-1252), md.c (Markdown,
 * through cmark), html.c (libxml2's HTML parser), docx*.c (Word, through
 * libzip and libxml2; docx.h says what its parts share) and pdf.c (PDF,
 * through poppler-glib); util/dl.h loads libzip and poppler-glib the first
 * time a file needs them, so that no other command pays for them at
 * start-up.  structure.c finds articles, clauses, headings and lists in
 * the blocks, quantity.c the numbers with units, write.c gives ids and
 * writes the clause document; likeness.c (tf-idf cosine) serves guess.c,
 * which lines clauses up with an earlier round (--like) and suggests
 * categories from categorised clauses.  Nothing here knows git or the
 * index: the command hands in the documents (cmd_import.c).
 *
 * Every input is hostile: readers bound what they read (struct
 * import_limits), refuse what they cannot read safely with one message
 * (clause_error_set, "PATH: what is wrong") and return CLAUSE_EINVALID
 * or CLAUSE_ETOOBIG; they never write anything.
 */
#ifndef CLAUSE_IMPORT_H
#define CLAUSE_IMPORT_H

#include <stddef.h>

#include "util/buf.h"

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
/* The bytes of a text file as UTF-8 in *out (appended), from `encoding`
 * as import_read_text takes it, or detected: a UTF-8 or UTF-16 BOM,
 * UTF-8, else Windows-1252.  0, or CLAUSE_EINVALID with the error set. */
int import_to_utf8(struct clause_buf *out, const char *path, const char *data,
		   size_t len, const char *encoding);
/* Markdown (CommonMark, through cmark), in any encoding import_to_utf8
 * detects. */
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

/* The structure found in the blocks ===================================== */

enum import_list_type {
	IMPORT_LIST_BULLET, IMPORT_LIST_ORDERED, IMPORT_LIST_ALPHA,
	IMPORT_LIST_ROMAN
};

/* A paragraph (nitems 0) or a list of a clause. */
struct import_para {
	char *text;		/* the paragraph, or NULL for a list */
	int note;		/* a note ("Note: ..."), not body text */
	char **items;
	size_t nitems;
	size_t items_cap;
	enum import_list_type list;
};

struct import_clause {
	char *id;		/* set by import_assign_ids or the command */
	char *num;		/* "14.2", "Section 3", "(a)", or NULL */
	char *heading;
	struct import_para *paras;
	size_t nparas;
	size_t paras_cap;
	long article;		/* index in articles, -1 outside any */
	long parent;		/* index in clauses of the enclosing one, -1 */
	unsigned page;		/* where it starts, 0 when unknown */
	unsigned line;
	char *categories;	/* space-separated; NULL until suggested */
	int suggested;		/* the categories are a suggestion */
	const char *like_id;	/* --like: the clause of the earlier
				 * document it took its id from, or NULL */
	double like_score;
};

struct import_article {
	char *id;
	char *num;		/* "Article 14", "ARTICLE XIV" */
	char *heading;
	char **notes;		/* text before its first clause */
	size_t nnotes;
	size_t notes_cap;
	unsigned page;
	unsigned line;
};

struct import_doc {
	char *title;		/* the first heading, or NULL */
	char **notes;		/* text before the first article or clause */
	size_t nnotes;
	size_t notes_cap;
	struct import_article *articles;
	size_t narticles;
	size_t articles_cap;
	struct import_clause *clauses;	/* document order */
	size_t nclauses;
	size_t clauses_cap;
	size_t hyphens_joined;	/* words hyphenated at a line's end */
	size_t paragraphs;	/* paragraphs read, all told */
};

/* Articles, clauses, headings, paragraphs and lists from the blocks of
 * any reader.  Every word of the blocks' text ends up somewhere in *doc
 * (a clause, an article's or the document's notes), save the numbers of
 * lists, which the list type stands for. */
int import_structure(struct import_doc *doc, const struct import_blocks *in);
void import_doc_free(struct import_doc *doc);

/* Ids for every article and clause that has none: from the heading, else
 * the number, else the position, unique in the document and never one of
 * `taken` (ids the caller gave already, may be NULL). */
int import_assign_ids(struct import_doc *doc);

/* What goes into <meta> besides the title. */
struct import_meta {
	const char *id;		/* document id */
	const char *status;
	const char *title;	/* overrides the document's own */
	const char *lang;
	const char *sector;
	const char *jurisdiction;
	const char *effective;	/* term, YYYY-MM-DD, or NULL */
	const char *expires;
	const char **party_role;	/* parties */
	const char **party_id;
	const char **party_name;
	size_t nparties;
	const char *source;	/* the file it was imported from */
	const char *format;	/* its format's name */
};

/* Counts from writing, for the report. */
struct import_counts {
	size_t quantities;
	size_t suggested;	/* clauses whose categories are suggestions */
};

/* The document as clause XML (namespace urn:clause:1), quantities
 * marked; the caller validates it. */
int import_write(struct clause_buf *out, const struct import_doc *doc,
		 const struct import_meta *meta, struct import_counts *counts);

/* Mark numbers with units in `text` as <quantity> elements, writing
 * escaped XML to `out`; *n counts them. */
int import_put_quantities(struct clause_buf *out, const char *text, size_t *n);

/* A lower-case id from free text ("Advance Notice" -> "advance-notice"),
 * at most `max` bytes, "" when nothing is left. */
char *import_slug(const char *text, size_t max);

/* How alike texts are (likeness.c): add the texts to compare against,
 * finish, then query: scores[i] is the cosine (0..1) of the query's
 * tf-idf vector with that of the i-th text added. */
struct likeness;
struct likeness *import_likeness_new(void);
int import_likeness_add(struct likeness *lk, const char *text);
int import_likeness_finish(struct likeness *lk);
size_t import_likeness_count(const struct likeness *lk);
int import_likeness_query(const struct likeness *lk, const char *text,
			  double *scores);
void import_likeness_free(struct likeness *lk);

/* The text of clause i (heading and body, lists included), for
 * comparisons; the caller frees it. */
char *import_clause_text(const struct import_doc *doc, size_t i);

struct clause_doc;
struct clause_taxonomy;
/* --like: clauses take the ids (and categories) of the clauses of `like`
 * they are, articles the ids of the articles those came from. */
int import_match_like(struct import_doc *doc, const struct clause_doc *like);
/* Categories for every clause that has none, voted by the most alike of
 * the categorised clauses of `docs` and the taxonomy's definitions, and
 * marked as suggested. */
int import_suggest(struct import_doc *doc, const struct clause_doc *const *docs,
		   size_t ndocs, const struct clause_taxonomy *tax);
