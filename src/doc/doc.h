/* doc.h: clause documents: load untrusted XML into clause structs.
 *
 * src/doc/: one document, parsed safely and checked: the hardened XML
 * parser and the schemas (xml.c), a quick check of a document's shape
 * (pattern.c), documents as clause structs (doc.c), the category tree
 * (taxonomy.c) and the list of problems found (problem.c).
 *
 * Loading is parse (xml.c, safe) + schema validation + extraction, so a
 * struct clause_doc always comes from a schema-valid document.  Rules that
 * need the rest of the library (taxonomy, references) are in
 * git/library.h (clause_library_check).
 */
#ifndef CLAUSE_DOC_H
#define CLAUSE_DOC_H

#include <libxml/tree.h>
#include <stddef.h>

#include "util/buf.h"
#include "doc/problem.h"

struct clause_party {
	char *id;		/* party id, e.g. "ibt" */
	char *role;		/* union, employer, federation ... */
	char *name;		/* display name */
};

struct clause_source {
	char *kind;		/* "verbatim" or "summary" */
	char *href;		/* address of the source, or NULL */
	char *text;		/* what the source is */
};

struct clause_article {
	char *id;		/* article id, unique in the document */
	char *num;		/* display number or NULL */
	char *heading;		/* heading or NULL */
	unsigned line;		/* line of the start tag */
};

struct clause_ref {
	char *to;		/* DOC/CLAUSE or CLAUSE, as written */
	unsigned line;		/* where the <ref> is */
	unsigned col;
};

/* The sides of a merge conflict, in the order of the <conflict> element's
 * children; clause_side_names[] holds "ours", "base", "theirs". */
enum clause_side { CLAUSE_SIDE_OURS, CLAUSE_SIDE_BASE, CLAUSE_SIDE_THEIRS };
#define CLAUSE_NSIDES 3
extern const char *const clause_side_names[];

struct clause_clause;

struct clause_conflict {
	char *clause;		/* the clause it is about, or NULL */
	char *field;		/* or the metadata field, or NULL */
	unsigned line;		/* where the <conflict> is */
	unsigned col;
	char *by[CLAUSE_NSIDES];	/* who each side is ("origin/main",
					 * "merge base"), or NULL */
	/* Over a clause: the clause as each side left it (id, number,
	 * heading, categories, text; no sub-clauses), NULL for a side that
	 * removed it; all NULL with CLAUSE_DOC_STRUCTURE. */
	struct clause_clause *side[CLAUSE_NSIDES];
	xmlNodePtr node;	/* the element, borrowed like a clause's */
};

/* A recorded act at the bargaining table (<ta>, <reopen>, <reject>). */
enum clause_act_kind { CLAUSE_ACT_TA, CLAUSE_ACT_REOPEN, CLAUSE_ACT_REJECT };

struct clause_act {
	enum clause_act_kind kind;
	char *date;		/* YYYY-MM-DD */
	char *by;		/* the parties, "union employer", as written */
	char *round;		/* the round whose language it is about, or NULL */
	char *note;		/* the element's text, spaces collapsed, or NULL */
	unsigned line;		/* where the element is */
};

/* Element names of the kinds, in enum order: "ta", "reopen", "reject". */
extern const char *const clause_act_names[];

/* The blocks a clause's body is made of (and a list's type, in
 * clause-format(5)'s order, bullet the default). */
enum clause_block_kind {
	CLAUSE_BLOCK_P, CLAUSE_BLOCK_NOTE, CLAUSE_BLOCK_ITEM, CLAUSE_BLOCK_CLAUSE
};
enum clause_list_type {
	CLAUSE_LIST_ORDERED, CLAUSE_LIST_ALPHA, CLAUSE_LIST_ROMAN,
	CLAUSE_LIST_BULLET
};

/* The list type <list type=...> names; NULL or unknown: bullet. */
enum clause_list_type clause_list_type(const char *type);

/* Where one block of a clause's body starts in its text, and what it
 * is, so that a redline can keep paragraphs, lists and notes. */
struct clause_para {
	size_t at;			/* byte offset in the text */
	unsigned char kind;		/* CLAUSE_BLOCK_P, _NOTE or _ITEM */
	unsigned char type;		/* ITEM: its list's clause_list_type */
	unsigned short list;		/* ITEM: which <list> of the clause,
					 * from 1 */
};

struct clause_clause {
	char *id;		/* clause id, unique in the document */
	char *num;		/* display number or NULL */
	char *heading;		/* heading or NULL */
	char **categories;	/* full category names, as written */
	size_t ncategories;
	char *derived_from;	/* DOC/CLAUSE of the model clause, or NULL */
	int suggested;		/* suggested="category": the categories are
				 * clause import's guess, not yet confirmed */
	char *article;		/* id of the enclosing article, or NULL */
	char *parent;		/* id of the enclosing clause, or NULL */
	struct clause_act *acts;	/* what happened at the table, in order */
	size_t nacts;
	char *text;		/* own body text (not sub-clauses), spaces
				 * collapsed; NULL once the doc is stripped */
	struct clause_para *paras;	/* the blocks of text, in order;
					 * none when it is one <p> */
	size_t nparas;
	char hash[41];		/* hash of heading and text: the version;
				 * "" when loaded with CLAUSE_DOC_STRUCTURE,
				 * and with CLAUSE_DOC_LAZY until filled */
	unsigned line;		/* line and column of the start tag */
	unsigned col;
	size_t src_off;		/* source bytes that hold all of the clause
				 * (whole lines, up to the line where the
				 * next clause starts), when it has no
				 * sub-clause; src_len 0 otherwise */
	size_t src_len;
	xmlNodePtr node;	/* the element, borrowed from the doc's tree;
				 * NULL once the doc is stripped */
};

struct clause_doc {
	char *path;		/* where it was read from, for messages */
	char *id;		/* document id */
	char *status;		/* model, proposal, counter, ... */
	char *lang;		/* language tag, "en" by default */
	char *title;
	char *sector;		/* or NULL */
	char *jurisdiction;	/* or NULL */
	char *effective;	/* term dates YYYY-MM-DD, or NULL */
	char *expires;
	unsigned term_line;	/* where <term> is, for date-order problems */
	unsigned term_col;
	char *round_name;	/* <round> of the document, or NULL */
	char *round_date;
	char *round_by;
	char *round_negotiation;	/* <round negotiation=>, or NULL */
	struct clause_party *parties;
	size_t nparties;
	struct clause_source *sources;
	size_t nsources;
	struct clause_article *articles;
	size_t narticles;
	struct clause_clause *clauses;	/* all clauses, document order */
	size_t nclauses;
	struct clause_ref *refs;	/* every <ref>, document order */
	size_t nrefs;
	size_t refs_cap;		/* allocated slots of refs */
	struct clause_conflict *conflicts;	/* unresolved merge conflicts */
	size_t nconflicts;
	unsigned line;		/* where the root element starts */
	unsigned col;
	xmlDocPtr xml;		/* the parsed tree, owned; NULL once stripped */
	char *data;		/* the source bytes, owned; NULL once stripped */
	size_t len;
	int structure_only;	/* loaded with CLAUSE_DOC_STRUCTURE */
	int lazy;		/* loaded with CLAUSE_DOC_LAZY */
	long scan_line;		/* line at scan_off, to find columns in order */
	size_t scan_off;
};

/* What a buffer of XML turned out to be. */
enum clause_kind {
	CLAUSE_KIND_OTHER,	/* XML of some other vocabulary: not ours */
	CLAUSE_KIND_DOC,	/* a clause document */
	CLAUSE_KIND_TAXONOMY	/* a taxonomy (extension) file */
};

/*
 * Load a clause document from `len` bytes at `data` (copied).
 * Returns 0 and *out (caller frees with clause_doc_free); CLAUSE_EINVALID
 * with problems added for an unsafe, broken or schema-invalid file;
 * CLAUSE_ENOTFOUND when the file is well-formed XML of another vocabulary
 * and `must_be_doc` is 0 (with `must_be_doc` set that is a problem too).
 * When the file is a taxonomy, *kind says so, *out stays NULL and the
 * return is 0 (the taxonomy module loads it).
 */
int clause_doc_load(struct clause_doc **out, enum clause_kind *kind,
		    const char *path, const char *data, size_t len,
		    int must_be_doc, struct clause_problems *probs);

/* Flags of clause_doc_load_ex. */
enum {
	/* Only the structure: no XML tree, source bytes, clause texts or
	 * versions are kept (as after clause_doc_strip, and cheaper). */
	CLAUSE_DOC_STRUCTURE = 1 << 0,
	/* Clause texts and versions left out (text NULL, hash "") until
	 * clause_doc_fill_text asks for them, while the tree is there:
	 * for comparisons, where most clauses are found unchanged by
	 * their bytes (clause_doc_same_source).  The tree is parsed
	 * CLAUSE_XML_READ_ONLY: it must not be changed. */
	CLAUSE_DOC_LAZY = 1 << 1
};

/* clause_doc_load with flags. */
int clause_doc_load_ex(struct clause_doc **out, enum clause_kind *kind,
		       const char *path, const char *data, size_t len,
		       int must_be_doc, unsigned flags,
		       struct clause_problems *probs);
void clause_doc_free(struct clause_doc *doc);

/* Fill in the text and version of clause c of doc if they were left out
 * (CLAUSE_DOC_LAZY) and the tree is still there; 0, or -1 out of memory. */
int clause_doc_fill_text(struct clause_doc *doc, struct clause_clause *c);

/* Are the source bytes of clause ca of a and cb of b the same (so their
 * numbers, headings, texts and attributes are)?  0 when unknown. */
int clause_doc_same_source(const struct clause_doc *a,
			   const struct clause_clause *ca,
			   const struct clause_doc *b,
			   const struct clause_clause *cb);
/* Keep only the structure: free the XML tree, the source bytes and the
 * clause texts (node and text become NULL).  Versions, ids, numbers,
 * headings, categories and places stay.  For commands that read many
 * documents at once and show none of their text. */
void clause_doc_strip(struct clause_doc *doc);
/* Free only what parsing needed, the XML tree and the source bytes
 * (nodes become NULL); texts and versions stay.  NULL is ignored. */
void clause_doc_shed(struct clause_doc *doc);

struct clause_clause *clause_doc_clause(const struct clause_doc *doc,
					const char *id);
/* The tentative agreement that locks c (its last <ta> not followed by
 * a <reopen>), or NULL when its text is open. */
const struct clause_act *clause_clause_ta(const struct clause_clause *c);
/* Its last act, or NULL. */
const struct clause_act *clause_clause_last_act(const struct clause_clause *c);

/* The conflict of doc over clause `id` (its id at the merge base or on
 * either side), or NULL. */
const struct clause_conflict *clause_doc_conflict(const struct clause_doc *doc,
						  const char *id);

/* The name of metadata field n among the fields of its parent, as merge
 * conflicts name them: "title", "party:union" (by id), "source:2" and
 * "note:1" (the nth source or note, from 1); the caller frees it. */
char *clause_doc_field_key(xmlNodePtr n, int nth);

/* Byte offset in doc's source of the start tag of element n, or -1. */
long clause_doc_offset(const struct clause_doc *doc, xmlNodePtr n);

/*
 * Write to `out` the source of doc (loaded whole: tree and bytes) with
 * each conflict doc->conflicts[i] whose pick[i] is set replaced by the
 * version of side `side`: over a clause, that side's clause stands where
 * the conflict was, or at the end of the article its note names (a side
 * that removed the clause removes it); over a field, the field (or the
 * root attribute) takes that side's value.  The rest of the bytes stay
 * as they are.  The result is read back: the conflicts picked are gone
 * and each clause kept is there.  0; CLAUSE_EINVALID when the
 * document's bytes do not allow it (the error says where).
 */
int clause_doc_resolve(struct clause_buf *out, const struct clause_doc *doc,
		       const unsigned char *pick, enum clause_side side);

/* Write to `out` the source of doc (loaded whole: tree and bytes) with
 * `act` recorded on clause `clause_id`: its element placed after the
 * clause's acts, before its first paragraph, list, note or sub-clause, on
 * a line of its own indented as that one is.  The result is read back:
 * the same clauses with the same texts, and one act more on that clause.
 * 0; CLAUSE_EINVALID (the error says where) when it cannot be placed. */
int clause_doc_add_act(struct clause_buf *out, const struct clause_doc *doc,
		       const char *clause_id, const struct clause_act *act);

/* Does any category of c equal `prefix` or start with `prefix.`? */
int clause_clause_in_category(const struct clause_clause *c,
			      const char *prefix);

/* The body of a clause in document order, for writers of other formats:
 * paragraphs, notes, list items (with the mark the list's type gives
 * them: "3.", "(c)", "(iii)", "-") and sub-clauses. */

struct clause_block {
	enum clause_block_kind kind;
	const char *text;	/* P, NOTE, ITEM: spaces collapsed */
	const char *mark;	/* ITEM: its mark; "" otherwise */
	int first;		/* ITEM: the first of its list */
	int last;		/* ITEM: the last of its list */
	const struct clause_clause *sub;	/* CLAUSE: the sub-clause */
};

/* Call fn for each block of c's body, in order; stops at and returns
 * the first non-zero return of fn. */
int clause_doc_blocks(const struct clause_doc *doc, const struct clause_clause *c,
		      int (*fn)(void *, const struct clause_block *), void *arg);

/* Render the clause element back as text for reading: number, heading,
 * paragraphs and lists, sub-clauses indented. */
int clause_doc_render_text(struct clause_buf *out, const struct clause_doc *doc,
			   const struct clause_clause *c, int indent);
/* The XML of an element as it stands in the file, declaring its
 * namespace (xmlns) so that it is a document of its own. */
int clause_doc_render_xml(struct clause_buf *out, const struct clause_doc *doc,
			  xmlNodePtr node);

#endif
