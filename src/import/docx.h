/* docx.h: what the three parts of the Word reader share (not for use
 * outside src/import/): the reading of one .docx (struct docx), the
 * list and style definitions it holds, and small WordprocessingML helpers.
 *
 *   docx_package.c  the zip: bounded, names checked, parts read and parsed
 *   docx_numbering.c  styles and numbering: what a paragraph's style and
 *                   list make of it, the label Word would print
 *   docx.c          the body: paragraphs, lists, tables, fields, changes
 */
#ifndef CLAUSE_IMPORT_DOCX_H
#define CLAUSE_IMPORT_DOCX_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include <libxml/tree.h>

#include "doc/problem.h"
#include "doc/xml.h"
#include "util/dl.h"
#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define REL_NS "http://schemas.openxmlformats.org/package/2006/relationships"
#define NLVL 9			/* list levels Word has, w:ilvl 0..8 */
#define MAX_CHAIN 32		/* w:basedOn and w:numStyleLink hops followed */
/* An entry that inflates more than MAX_RATIO times is refused once past
 * RATIO_GRACE bytes, as Apache POI refuses them (its MIN_INFLATE_RATIO,
 * 0.01): within every other bound, 49 KB of deflated paragraphs still
 * became 16 MB of XML and took 3.4 s and 290 MB to parse.  Word's own
 * parts inflate 3 to 30 times. */
#define MAX_RATIO 100
#define RATIO_GRACE (1u << 20)

/* A style of word/styles.xml (paragraph styles, and the numbering
 * styles w:numStyleLink names); strings borrowed from its tree. */
struct style {
	const char *name;	/* w:name ("heading 1") */
	const char *based_on;	/* w:basedOn: the style it inherits from */
	int outline;		/* w:outlineLvl + 1, 0 when none */
	const char *num_id;	/* w:numPr/w:numId, NULL when none */
	int ilvl;		/* w:numPr/w:ilvl, -1 when none */
};

/* One level of a list definition; strings borrowed from numbering.xml. */
struct lvl {
	int defined;		/* the w:lvl exists */
	int start;		/* w:start, 1 when absent */
	const char *fmt;	/* w:numFmt ("decimal", "bullet", ...) */
	const char *text;	/* w:lvlText ("%1.%2", "(%3)") */
	const char *pstyle;	/* w:pStyle: the style that takes this level */
	int restart;		/* w:lvlRestart, -1 when absent */
	int legal;		/* w:isLgl: every number in decimal */
};

/* A w:abstractNum: the definition, and the counters its lists share. */
struct abstract {
	struct lvl lvl[NLVL];
	const char *link;	/* w:numStyleLink: definition is elsewhere */
	int count[NLVL];	/* the current number of each level */
	int started[NLVL];	/* count[] holds a number (else restart) */
};

/* A w:num: a list instance of an abstractNum, with its overrides. */
struct num {
	const char *abstract_id;	/* w:abstractNumId */
	int start[NLVL];	/* w:startOverride, -1 when none */
	struct lvl lvl[NLVL];	/* w:lvlOverride/w:lvl, where .defined */
	int used;		/* a paragraph of it was seen */
};

/* One reading of a .docx. */
struct docx {
	struct import_blocks *out;	/* where blocks go */
	const struct import_limits *lim;	/* the bounds */
	const char *path;	/* the file, for messages */
	int accept;		/* accept tracked changes */
	zip_t *za;		/* the archive, over the caller's bytes */
	size_t total;		/* uncompressed bytes read so far */
	xmlDocPtr doc, styles_doc, numbering_doc, footnotes_doc;
					/* the parsed parts */
	struct clause_map styles;	/* style id -> struct style */
	const char *default_style;	/* id of the default paragraph style */
	struct clause_map abstracts;	/* abstractNumId -> struct abstract */
	struct clause_map nums;	/* numId -> struct num */
	struct clause_map footnotes;	/* w:id -> its w:footnote (borrowed) */
	/* Footnotes referenced in the paragraph being read: they follow it
	 * as notes ("Note: ..." paragraphs, as clause export writes them). */
	char **pending;
	size_t npending, pending_cap;
	/* Field codes: between fldChar begin and separate is the code (dropped),
	 * between separate and end the result (kept).  Fields nest, and span
	 * paragraphs (a table of contents does). */
	unsigned field_depth;	/* fields open */
	uint64_t field_code;	/* bit d: field at depth d is in its code */
	unsigned field_deep;	/* fields open past 64 deep, all code */
	struct clause_buf carry;	/* text of paragraphs whose mark was
					 * deleted: joined to the next one */
	int changes;		/* tracked changes */
	int comments;		/* comment references dropped */
	int notes;		/* endnote references dropped, and footnote
				 * references to no footnote (both called
				 * footnotes in the note) */
	int kept_notes;		/* footnotes kept as notes */
	int drawings;		/* drawings, pictures and objects dropped */
	int chunks;		/* w:altChunk: content imported from another
				 * part (HTML, RTF), not read */
	int hidden;		/* runs of hidden text (w:vanish) dropped */
};

/* What a paragraph's properties make of it. */
struct para {
	int heading;		/* heading level from 1, 0 when not one */
	struct num *num;	/* its list, NULL when not numbered */
	struct abstract *abs;	/* that list's definition */
	int ilvl;		/* its level in the list */
	int mark_deleted;	/* its paragraph mark is a tracked deletion */
	int bullet;		/* its list level is a bullet */
};

static inline int is_w(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST W_NS) &&
	       (!name || xmlStrEqual(n->name, BAD_CAST name));
}

static inline xmlNodePtr w_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* An attribute's value, borrowed from the tree; `ns` NULL for none.  A
 * value the parser did not keep as one text node (an entity reference
 * in it, which Word never writes) counts as absent. */
static inline const char *attr(xmlNodePtr n, const char *name, const char *ns)
{
	for (xmlAttrPtr a = n ? n->properties : NULL; a; a = a->next) {
		if (!xmlStrEqual(a->name, BAD_CAST name))
			continue;
		if (ns ? !a->ns || !xmlStrEqual(a->ns->href, BAD_CAST ns) : !!a->ns)
			continue;
		if (a->children && !a->children->next &&
		    a->children->type == XML_TEXT_NODE)
			return (const char *)a->children->content;
		return NULL;
	}
	return NULL;
}

static inline const char *wval(xmlNodePtr n)
{
	return attr(n, "val", W_NS);
}

/* A small number in attribute w:`name`: `dflt` when absent or not one. */
static inline int wnum(xmlNodePtr n, const char *name, int dflt)
{
	const char *v = attr(n, name, W_NS);
	char *end;
	long l;

	if (!v)
		return dflt;
	l = strtol(v, &end, 10);
	if (end == v || *end || l < -1000000 || l > 1000000)
		return dflt;
	return (int)l;
}

static inline int wint(xmlNodePtr n, int dflt)
{
	return wnum(n, "val", dflt);
}

/* w:val="true" and friends; a bare <w:isLgl/> is on. */
static inline int wbool(xmlNodePtr n)
{
	const char *v = wval(n);

	return n && (!v || !strcmp(v, "1") || !strcmp(v, "true") ||
		     !strcmp(v, "on"));
}

static inline int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* docx_package.c: open the zip over `data` (libzip loaded first), find and
 * parse the main part (d->doc, its name in *main_name), its styles,
 * numbering and footnotes; docx_close_package frees what it opened. */
int docx_open_package(struct docx *d, const char *data, size_t len,
		      struct clause_buf *main_name);
void docx_close_package(struct docx *d);

/* docx_numbering.c: the definitions of d->styles_doc and d->numbering_doc
 * into d's maps. */
int docx_load_styles(struct docx *d);
int docx_load_numbering(struct docx *d);
/* The properties of paragraph p (heading level, list, level) into *pp,
 * and, for a numbered paragraph, its counters advanced and its label as
 * Word prints it appended to `label`. */
int docx_para_props(struct docx *d, xmlNodePtr p, struct para *pp,
		    struct clause_buf *label);

#endif
