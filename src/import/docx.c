/* docx.c: Word .docx files read into blocks, through libzip (opened on
 * first use, dl.h) and the project's hardened XML parser (doc/xml.h).
 *
 * A .docx is a zip of XML parts.  Only these are read: the main part
 * (found through _rels/.rels, else word/document.xml), its styles and
 * its numbering (found through its own relationships, else beside it).
 * Headers, footers, footnotes, comments, images and anything a
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
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <zip.h>
#include <libxml/tree.h>

#include "doc/problem.h"
#include "doc/xml.h"
#include "import/dl.h"
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

/* libzip, in the order of zip_names. */
static const char *const zip_names[] = {
	"zip_source_buffer_create", "zip_source_free", "zip_open_from_source",
	"zip_discard", "zip_get_num_entries", "zip_get_name",
	"zip_stat_index", "zip_name_locate", "zip_fopen_index", "zip_fread",
	"zip_fclose", "zip_file_strerror", "zip_error_init", "zip_error_fini",
	"zip_error_code_zip", "zip_error_strerror", "zip_get_error"
};
static struct {
	__typeof__(zip_source_buffer_create) *source_buffer_create;
	__typeof__(zip_source_free) *source_free;
	__typeof__(zip_open_from_source) *open_from_source;
	__typeof__(zip_discard) *discard;
	__typeof__(zip_get_num_entries) *get_num_entries;
	__typeof__(zip_get_name) *get_name;
	__typeof__(zip_stat_index) *stat_index;
	__typeof__(zip_name_locate) *name_locate;
	__typeof__(zip_fopen_index) *fopen_index;
	__typeof__(zip_fread) *fread;
	__typeof__(zip_fclose) *fclose;
	__typeof__(zip_file_strerror) *file_strerror;
	__typeof__(zip_error_init) *error_init;
	__typeof__(zip_error_fini) *error_fini;
	__typeof__(zip_error_code_zip) *error_code_zip;
	__typeof__(zip_error_strerror) *error_strerror;
	__typeof__(zip_get_error) *get_error;
} zf;
static struct import_dl zip_dl = IMPORT_DL(IMPORT_LIBZIP_SONAME, "libzip",
					   zip_names, &zf);

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
	xmlDocPtr doc, styles_doc, numbering_doc;	/* the parsed parts */
	struct clause_map styles;	/* style id -> struct style */
	const char *default_style;	/* id of the default paragraph style */
	struct clause_map abstracts;	/* abstractNumId -> struct abstract */
	struct clause_map nums;	/* numId -> struct num */
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
	int notes;		/* footnote and endnote references dropped
				 * (both called footnotes in the note) */
	int drawings;		/* drawings, pictures and objects dropped */
	int chunks;		/* w:altChunk: content imported from another
				 * part (HTML, RTF), not read */
	int hidden;		/* runs of hidden text (w:vanish) dropped */
};

static int is_w(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST W_NS) &&
	       (!name || xmlStrEqual(n->name, BAD_CAST name));
}

static xmlNodePtr w_child(xmlNodePtr n, const char *name)
{
	for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
		if (is_w(c, name))
			return c;
	return NULL;
}

/* An attribute's value, borrowed from the tree; `ns` NULL for none.  A
 * value the parser did not keep as one text node (an entity reference
 * in it, which Word never writes) counts as absent. */
static const char *attr(xmlNodePtr n, const char *name, const char *ns)
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

static const char *wval(xmlNodePtr n)
{
	return attr(n, "val", W_NS);
}

/* A small number in attribute w:`name`: `dflt` when absent or not one. */
static int wnum(xmlNodePtr n, const char *name, int dflt)
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

static int wint(xmlNodePtr n, int dflt)
{
	return wnum(n, "val", dflt);
}

/* w:val="true" and friends; a bare <w:isLgl/> is on. */
static int wbool(xmlNodePtr n)
{
	const char *v = wval(n);

	return n && (!v || !strcmp(v, "1") || !strcmp(v, "true") ||
		     !strcmp(v, "on"));
}

/*
 * The zip.
 */

/* Refuse entry names that would escape a directory if anyone ever
 * extracted them (absolute, a drive letter, a backslash, a ".."
 * component): they mark a crafted file, not one Word wrote. */
static int name_unsafe(const char *name)
{
	const char *p = name;

	if (name[0] == '/' || strchr(name, '\\') ||
	    (name[0] && name[1] == ':'))
		return 1;
	while (*p) {
		size_t seg = strcspn(p, "/");

		if (seg == 2 && p[0] == '.' && p[1] == '.')
			return 1;
		p += seg;
		if (*p == '/')
			p++;
	}
	return 0;
}

/* An entry's name as a message may show it: control characters, which
 * a crafted name could use to rewrite the terminal, become '?'. */
static const char *shown(struct clause_buf *b, const char *name)
{
	clause_buf_clear(b);
	for (const char *p = name; *p; p++)
		if (clause_buf_putc(b, (unsigned char)*p < 0x20 || *p == 0x7f ?
				    '?' : *p) < 0)
			return "?";
	return b->ptr;
}

/* Why libzip could not open the bytes, as one message. */
static int open_error(struct docx *d, const char *data, size_t len,
		      zip_error_t *err)
{
	static const char ole[] = "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1";
	int code = zf.error_code_zip(err);

	/* Word saves a password-protected .docx, and a .doc, as an OLE
	 * compound file. */
	if (len >= 8 && memcmp(data, ole, 8) == 0)
		clause_error_set("%s: an encrypted .docx or an old .doc file, "
				 "not a Word zip; save it as .docx without a "
				 "password", d->path);
	else if (code == ZIP_ER_INCONS ||
		 (code == ZIP_ER_NOZIP && len >= 4 && !memcmp(data, "PK\3\4", 4)))
		clause_error_set("%s: truncated or damaged zip archive", d->path);
	else if (code == ZIP_ER_NOZIP)
		clause_error_set("%s: not a zip archive (a .docx file is one)",
				 d->path);
	else if (code == ZIP_ER_MEMORY)
		clause_error_set("out of memory");
	else
		clause_error_set("%s: cannot read the zip: %s", d->path,
				 zf.error_strerror(err));
	return code == ZIP_ER_MEMORY ? CLAUSE_ERROR : CLAUSE_EINVALID;
}

/* Every entry's name and declared size, before anything is read. */
static int check_entries(struct docx *d)
{
	zip_int64_t n = zf.get_num_entries(d->za, 0);
	struct clause_buf b = CLAUSE_BUF_INIT;
	zip_stat_t st;
	int r = 0;

	if (n < 0 || (zip_uint64_t)n > d->lim->max_entries) {
		clause_error_set("%s: the zip has %lld entries (the limit is %zu)",
				 d->path, (long long)n, d->lim->max_entries);
		return CLAUSE_ETOOBIG;
	}
	for (zip_int64_t i = 0; i < n && !r; i++) {
		const char *name = zf.get_name(d->za, (zip_uint64_t)i,
					       ZIP_FL_ENC_RAW);

		if (!name || name_unsafe(name)) {
			clause_error_set("%s: zip entry '%s' has an unsafe name",
					 d->path, name ? shown(&b, name) : "?");
			r = CLAUSE_EINVALID;
		} else if (zf.stat_index(d->za, (zip_uint64_t)i, 0, &st) == 0 &&
			   (st.valid & ZIP_STAT_SIZE) &&
			   st.size > d->lim->max_entry) {
			clause_error_set("%s: zip entry '%s' is %llu bytes "
					 "uncompressed (the limit is %zu)",
					 d->path, shown(&b, name),
					 (unsigned long long)st.size,
					 d->lim->max_entry);
			r = CLAUSE_ETOOBIG;
		}
	}
	clause_buf_release(&b);
	return r;
}

static uint64_t le(const unsigned char *p, int bytes)
{
	uint64_t v = 0;

	while (bytes--)
		v = v << 8 | p[bytes];
	return v;
}

/* The number of entries the end of central directory record gives (the
 * zip64 one past 65535), -1 when there is none to read: libzip would
 * allocate and check every entry before its count could be refused,
 * a second for 100,000 of them. */
static int64_t declared_entries(const unsigned char *p, size_t len)
{
	size_t lo = len > 65535 + 22 ? len - 65535 - 22 : 0;

	for (size_t i = len >= 22 ? len - 22 + 1 : 0; i-- > lo;) {
		uint64_t off;

		if (memcmp(p + i, "PK\5\6", 4) != 0)
			continue;
		if (le(p + i + 10, 2) != 0xFFFF)
			return (int64_t)le(p + i + 10, 2);
		if (i < 20 || memcmp(p + i - 20, "PK\6\7", 4) != 0)
			return -1;
		off = le(p + i - 20 + 8, 8);
		if (len < 56 || off > len - 56 || memcmp(p + off, "PK\6\6", 4))
			return -1;
		return le(p + off + 32, 8) > INT64_MAX ? INT64_MAX :
		       (int64_t)le(p + off + 32, 8);
	}
	return -1;
}

static int open_zip(struct docx *d, const char *data, size_t len)
{
	int64_t declared = declared_entries((const unsigned char *)data, len);
	zip_error_t err;
	zip_source_t *src;
	int r = 0;

	if (declared >= 0 && (uint64_t)declared > d->lim->max_entries) {
		clause_error_set("%s: the zip has %lld entries (the limit is %zu)",
				 d->path, (long long)declared, d->lim->max_entries);
		return CLAUSE_ETOOBIG;
	}
	zf.error_init(&err);
	src = zf.source_buffer_create(data, len, 0, &err);
	if (src && !(d->za = zf.open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS,
						  &err)))
		zf.source_free(src);	/* the archive owns it only if opened */
	if (!d->za)
		r = open_error(d, data, len, &err);
	zf.error_fini(&err);
	return r ? r : check_entries(d);
}

/* What is left of f, `packed` bytes compressed, into b, up to the
 * bounds. */
static int read_file(struct docx *d, zip_file_t *f, const char *name,
		     zip_uint64_t packed, struct clause_buf *b)
{
	size_t bound = d->lim->max_entry < CLAUSE_MAX_DOC_BYTES ?
		       d->lim->max_entry : CLAUSE_MAX_DOC_BYTES;
	int r = 0;

	for (;;) {
		zip_int64_t got;

		if (clause_buf_grow(b, 65536) < 0) {
			r = CLAUSE_ERROR;
			break;
		}
		got = zf.fread(f, b->ptr + b->len, 65536);
		if (got < 0) {
			clause_error_set("%s: cannot read zip entry '%s': %s",
					 d->path, name, zf.file_strerror(f));
			r = CLAUSE_EINVALID;
			break;
		}
		if (got == 0)
			break;
		b->len += (size_t)got;
		b->ptr[b->len] = '\0';
		d->total += (size_t)got;
		if (b->len > bound) {
			clause_error_set("%s: zip entry '%s' is over %zu bytes "
					 "uncompressed", d->path, name, bound);
			r = CLAUSE_ETOOBIG;
			break;
		}
		if (b->len > RATIO_GRACE && b->len / MAX_RATIO > packed) {
			clause_error_set("%s: zip entry '%s' inflates over %d "
					 "times its compressed size (refused as "
					 "a zip bomb)", d->path, name, MAX_RATIO);
			r = CLAUSE_ETOOBIG;
			break;
		}
		if (d->total > d->lim->max_total) {
			clause_error_set("%s: the parts read are over %zu bytes "
					 "uncompressed", d->path,
					 d->lim->max_total);
			r = CLAUSE_ETOOBIG;
			break;
		}
	}
	return r;
}

/* The bytes of entry `name` into `b`; *found 0 when there is none.  The
 * size the zip declares is not trusted: reading stops at the bound. */
static int read_entry(struct docx *d, const char *name, struct clause_buf *b,
		      int *found)
{
	zip_int64_t idx = zf.name_locate(d->za, name, ZIP_FL_NOCASE);
	zip_file_t *f;
	zip_stat_t st;
	int r = 0;

	*found = idx >= 0;
	if (idx < 0)
		return 0;
	if (zf.stat_index(d->za, (zip_uint64_t)idx, 0, &st) < 0) {
		clause_error_set("%s: cannot read zip entry '%s': %s", d->path,
				 name, zf.error_strerror(zf.get_error(d->za)));
		return CLAUSE_EINVALID;
	}
	if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) &&
	    st.encryption_method != ZIP_EM_NONE) {
		clause_error_set("%s: the zip is encrypted ('%s'); save it "
				 "without a password", d->path, name);
		return CLAUSE_EINVALID;
	}
	if (!(f = zf.fopen_index(d->za, (zip_uint64_t)idx, 0))) {
		clause_error_set("%s: cannot read zip entry '%s': %s", d->path,
				 name, zf.error_strerror(zf.get_error(d->za)));
		return CLAUSE_EINVALID;
	}
	r = read_file(d, f, name, st.valid & ZIP_STAT_COMP_SIZE ?
		      st.comp_size : UINT64_MAX, b);
	zf.fclose(f);
	return r;
}

/* Parse part `name` into *out (NULL, and 0, when there is no such part). */
static int read_part(struct docx *d, const char *name, xmlDocPtr *out)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	int found, r;

	*out = NULL;
	r = read_entry(d, name, &b, &found);
	if (r == 0 && found) {
		r = clause_xml_parse_ex(out, name, b.ptr, b.len,
					CLAUSE_XML_READ_ONLY, &probs);
		if (r == CLAUSE_EINVALID && probs.n) {
			char *m = probs.v[0].message;

			m[strcspn(m, "\n")] = '\0';
			clause_error_set("%s: %s:%u: %s", d->path, name,
					 probs.v[0].line, m);
		} else if (r == CLAUSE_EINVALID) {
			clause_error_set("%s: %s: not well-formed XML",
					 d->path, name);
		}
	}
	clause_problems_release(&probs);
	clause_buf_release(&b);
	return r;
}

/*
 * Package relationships.
 */

/* The part `target` names, relative to folder `base` ("" or "word/"),
 * into `out`; -1 when it climbs out of the package. */
static int resolve(struct clause_buf *out, const char *base, const char *target)
{
	const char *p = target;

	clause_buf_clear(out);
	if (*p == '/')
		p++;
	else if (clause_buf_puts(out, base) < 0)
		return -1;
	while (*p) {
		size_t seg = strcspn(p, "/");

		if (seg == 2 && !strncmp(p, "..", 2)) {
			char *slash;

			if (!out->len)
				return -1;
			clause_buf_truncate(out, out->len - 1);
			slash = strrchr(out->ptr, '/');
			clause_buf_truncate(out, slash ? (size_t)(slash - out->ptr) + 1 : 0);
		} else if (!(seg == 1 && *p == '.') && seg) {
			if (clause_buf_put(out, p, seg) < 0 ||
			    (p[seg] == '/' && clause_buf_putc(out, '/') < 0))
				return -1;
		}
		p += seg;
		if (*p == '/')
			p++;
	}
	return out->len ? 0 : -1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* The internal target of the first relationship in `rels` whose type
 * ends with `type` ("/styles"), resolved against `base`, into `out`;
 * 0 if found, 1 if not.  External targets are never followed. */
static int rel_target(xmlDocPtr rels, const char *type, const char *base,
		      struct clause_buf *out)
{
	xmlNodePtr root = rels ? xmlDocGetRootElement(rels) : NULL;

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next) {
		const char *t, *target, *mode;

		if (c->type != XML_ELEMENT_NODE || !c->ns ||
		    !xmlStrEqual(c->ns->href, BAD_CAST REL_NS) ||
		    !xmlStrEqual(c->name, BAD_CAST "Relationship"))
			continue;
		t = attr(c, "Type", NULL);
		target = attr(c, "Target", NULL);
		mode = attr(c, "TargetMode", NULL);
		if (!t || !target || !ends_with(t, type) ||
		    (mode && strcmp(mode, "Internal")))
			continue;
		if (resolve(out, base, target) == 0)
			return 0;
	}
	return 1;
}

/* The main part's name: _rels/.rels's officeDocument, else Word's own. */
static int find_main(struct docx *d, struct clause_buf *main_name)
{
	xmlDocPtr rels;
	int r = read_part(d, "_rels/.rels", &rels);

	if (r < 0)
		return r;
	if (rel_target(rels, "/officeDocument", "", main_name) != 0) {
		clause_buf_clear(main_name);
		r = clause_buf_puts(main_name, "word/document.xml");
	}
	xmlFreeDoc(rels);
	return r < 0 ? CLAUSE_ERROR : 0;
}

/* The main part, parsed, and checked to be a Word document. */
static int load_main(struct docx *d, const char *name)
{
	xmlNodePtr root;
	int r = read_part(d, name, &d->doc);

	if (r < 0)
		return r;
	root = d->doc ? xmlDocGetRootElement(d->doc) : NULL;
	if (!d->doc && !strcmp(name, "word/document.xml")) {
		clause_error_set("%s: not a Word document (no word/document.xml)",
				 d->path);
		return CLAUSE_EINVALID;
	}
	if (root && root->ns &&
	    xmlStrEqual(root->ns->href, BAD_CAST W_STRICT_NS)) {
		clause_error_set("%s: Strict Open XML is not supported; save it "
				 "in Word as a Word Document (.docx)", d->path);
		return CLAUSE_EINVALID;
	}
	if (!is_w(root, "document") || !w_child(root, "body")) {
		clause_error_set("%s: not a Word document (its main part is '%s')",
				 d->path, name);
		return CLAUSE_EINVALID;
	}
	return 0;
}

/* Styles and numbering, named by the main part's relationships (or
 * where Word puts them); either may be missing. */
static int load_parts(struct docx *d, const char *main_name)
{
	struct clause_buf base = CLAUSE_BUF_INIT, rels_name = CLAUSE_BUF_INIT,
			  part = CLAUSE_BUF_INIT;
	const char *slash = strrchr(main_name, '/');
	xmlDocPtr rels = NULL;
	int r;

	r = clause_buf_put(&base, main_name,
			   slash ? (size_t)(slash - main_name) + 1 : 0);
	if (r == 0)
		r = clause_buf_printf(&rels_name, "%s_rels/%s.rels", base.ptr,
				      slash ? slash + 1 : main_name);
	if (r == 0)
		r = read_part(d, rels_name.ptr, &rels);
	if (r == 0) {
		if (rel_target(rels, "/styles", base.ptr, &part) != 0)
			r = clause_buf_printf(&part, "%sstyles.xml", base.ptr);
		if (r == 0)
			r = read_part(d, part.ptr, &d->styles_doc);
	}
	if (r == 0) {
		clause_buf_clear(&part);
		if (rel_target(rels, "/numbering", base.ptr, &part) != 0)
			r = clause_buf_printf(&part, "%snumbering.xml", base.ptr);
		if (r == 0)
			r = read_part(d, part.ptr, &d->numbering_doc);
	}
	if (rels)
		xmlFreeDoc(rels);
	clause_buf_release(&base);
	clause_buf_release(&rels_name);
	clause_buf_release(&part);
	return r;
}

/*
 * Styles and numbering definitions.
 */

static int map_add(struct clause_map *m, const char *key, void *value)
{
	void *old = NULL;

	if (clause_map_put(m, key, value, &old) < 0) {
		free(value);
		return CLAUSE_ERROR;
	}
	free(old);		/* a later definition of one id wins */
	return 0;
}

static int load_style(struct docx *d, xmlNodePtr s)
{
	const char *id = attr(s, "styleId", W_NS);
	const char *type = attr(s, "type", W_NS), *dflt = attr(s, "default", W_NS);
	xmlNodePtr ppr = w_child(s, "pPr"), numpr = w_child(ppr, "numPr");
	struct style *st;

	if (!id)
		return 0;
	if (!(st = calloc(1, sizeof(*st))))
		return CLAUSE_ERROR;
	st->name = wval(w_child(s, "name"));
	st->based_on = wval(w_child(s, "basedOn"));
	st->outline = wint(w_child(ppr, "outlineLvl"), -1) + 1;
	st->num_id = wval(w_child(numpr, "numId"));
	st->ilvl = wint(w_child(numpr, "ilvl"), -1);
	if (type && !strcmp(type, "paragraph") && dflt &&
	    (!strcmp(dflt, "1") || !strcmp(dflt, "true")))
		d->default_style = id;	/* what a paragraph without w:pStyle has */
	return map_add(&d->styles, id, st);
}

static int load_styles(struct docx *d)
{
	xmlNodePtr root = d->styles_doc ? xmlDocGetRootElement(d->styles_doc) : NULL;

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "style") && load_style(d, c) < 0)
			return CLAUSE_ERROR;
	return 0;
}

static void load_lvl(struct lvl *l, xmlNodePtr n)
{
	l->defined = 1;
	l->start = wint(w_child(n, "start"), 1);
	l->fmt = wval(w_child(n, "numFmt"));
	l->text = wval(w_child(n, "lvlText"));
	l->pstyle = wval(w_child(n, "pStyle"));
	l->restart = wint(w_child(n, "lvlRestart"), -1);
	l->legal = wbool(w_child(n, "isLgl"));
	if (!l->fmt)
		l->fmt = "decimal";
}

/* The w:lvl children of n into lvl[], by their w:ilvl. */
static void load_lvls(struct lvl *lvl, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int i = is_w(c, "lvl") ? wnum(c, "ilvl", -1) : -1;

		if (i >= 0 && i < NLVL)
			load_lvl(&lvl[i], c);
	}
}

static int load_abstract(struct docx *d, xmlNodePtr n)
{
	const char *id = attr(n, "abstractNumId", W_NS);
	struct abstract *a;

	if (!id)
		return 0;
	if (!(a = calloc(1, sizeof(*a))))
		return CLAUSE_ERROR;
	load_lvls(a->lvl, n);
	a->link = wval(w_child(n, "numStyleLink"));
	return map_add(&d->abstracts, id, a);
}

static int load_num(struct docx *d, xmlNodePtr n)
{
	const char *id = attr(n, "numId", W_NS);
	struct num *num;

	if (!id)
		return 0;
	if (!(num = calloc(1, sizeof(*num))))
		return CLAUSE_ERROR;
	num->abstract_id = wval(w_child(n, "abstractNumId"));
	for (int i = 0; i < NLVL; i++)
		num->start[i] = -1;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int i = is_w(c, "lvlOverride") ? wnum(c, "ilvl", -1) : -1;
		xmlNodePtr lvl = w_child(c, "lvl");

		if (i < 0 || i >= NLVL)
			continue;
		if (w_child(c, "startOverride"))
			num->start[i] = wint(w_child(c, "startOverride"), 1);
		if (lvl)
			load_lvl(&num->lvl[i], lvl);
	}
	return map_add(&d->nums, id, num);
}

static int load_numbering(struct docx *d)
{
	xmlNodePtr root = d->numbering_doc ?
			  xmlDocGetRootElement(d->numbering_doc) : NULL;
	int r = 0;

	for (xmlNodePtr c = root ? root->children : NULL; c && !r; c = c->next) {
		if (is_w(c, "abstractNum"))
			r = load_abstract(d, c);
		else if (is_w(c, "num"))
			r = load_num(d, c);
	}
	return r;
}

/* A num's definition, through w:numStyleLink (a list style whose
 * numbering is another num's): NULL when it leads nowhere. */
static struct abstract *abstract_of(struct docx *d, struct num *num)
{
	struct abstract *a = num && num->abstract_id ?
			     clause_map_get(&d->abstracts, num->abstract_id) : NULL;

	for (int hops = 0; a && a->link && hops < MAX_CHAIN; hops++) {
		struct style *st = clause_map_get(&d->styles, a->link);
		struct num *n = st && st->num_id ?
				clause_map_get(&d->nums, st->num_id) : NULL;

		a = n && n->abstract_id ?
		    clause_map_get(&d->abstracts, n->abstract_id) : NULL;
	}
	return a && a->link ? NULL : a;
}

/*
 * Numbers.
 */

/* n in the format `fmt` onto b. */
static int put_number(struct clause_buf *b, int n, const char *fmt)
{
	static const char *const roman[] = { "m", "cm", "d", "cd", "c", "xc",
		"l", "xl", "x", "ix", "v", "iv", "i" };
	static const int value[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10,
		9, 5, 4, 1 };
	int upper = !strncmp(fmt, "upper", 5);

	if ((!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter")) &&
	    n >= 1 && n <= 26 * 20) {
		/* Word's letters: a..z, then aa..zz, aaa... */
		for (int i = 0; i <= (n - 1) / 26; i++)
			if (clause_buf_putc(b, (char)((upper ? 'A' : 'a') +
						      (n - 1) % 26)) < 0)
				return -1;
		return 0;
	}
	if ((!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman")) &&
	    n >= 1 && n < 4000) {
		for (size_t i = 0; i < sizeof(value) / sizeof(*value); i++)
			for (; n >= value[i]; n -= value[i])
				for (const char *c = roman[i]; *c; c++)
					if (clause_buf_putc(b, (char)(upper ?
						*c - 'a' + 'A' : *c)) < 0)
						return -1;
		return 0;
	}
	if (!strcmp(fmt, "decimalZero") && n >= 0 && n < 10)
		return clause_buf_printf(b, "0%d", n);
	/* decimal, and what has no Latin rendering (ordinalText, chicago,
	 * Hebrew or Japanese counting...): its number. */
	return clause_buf_printf(b, "%d", n);
}

/* Level i of a list: the num's override, the definition's, or (a level
 * neither defines, which lvlText may still name) plain decimals. */
static const struct lvl *level_def(struct abstract *a, struct num *num, int i)
{
	static const struct lvl undefined = { 0, 1, "decimal", NULL, NULL, -1, 0 };

	if (num->lvl[i].defined)
		return &num->lvl[i];
	return a->lvl[i].defined ? &a->lvl[i] : &undefined;
}

static int level_start(struct abstract *a, struct num *num, int i)
{
	return num->start[i] >= 0 ? num->start[i] : level_def(a, num, i)->start;
}

/* Count a paragraph at level `ilvl` of `num`: its counter advances and
 * the levels below restart (unless their w:lvlRestart says otherwise). */
static void advance(struct abstract *a, struct num *num, int ilvl)
{
	if (!num->used) {
		num->used = 1;
		for (int i = 0; i < NLVL; i++)
			if (num->start[i] >= 0)
				a->started[i] = 0;
	}
	if (a->started[ilvl] && a->count[ilvl] < 1000000)
		a->count[ilvl]++;
	else if (!a->started[ilvl])
		a->count[ilvl] = level_start(a, num, ilvl);
	a->started[ilvl] = 1;
	for (int i = ilvl + 1; i < NLVL; i++) {
		int rs = level_def(a, num, i)->restart;

		if (rs < 0 || ilvl < rs)
			a->started[i] = 0;
	}
}

/* The label w:lvlText gives at level `ilvl`, its %1..%9 replaced. */
static int render(struct clause_buf *b, struct abstract *a, struct num *num,
		  int ilvl)
{
	const struct lvl *l = level_def(a, num, ilvl);

	for (const char *p = l->text ? l->text : ""; *p; p++) {
		int k = p[0] == '%' && p[1] >= '1' && p[1] <= '9' ? p[1] - '1' : -1;
		int r;

		if (k < 0) {
			r = clause_buf_putc(b, *p);
		} else {
			const struct lvl *lk = level_def(a, num, k);
			int n = a->started[k] ? a->count[k] : level_start(a, num, k);

			r = put_number(b, n, l->legal ? "decimal" : lk->fmt);
			p++;
		}
		if (r < 0)
			return CLAUSE_ERROR;
	}
	return 0;
}

/*
 * Paragraph properties, through the style's basedOn chain.
 */

struct para {
	int heading;		/* heading level from 1, 0 when not one */
	struct num *num;	/* its list, NULL when not numbered */
	struct abstract *abs;	/* that list's definition */
	int ilvl;		/* its level in the list */
	int mark_deleted;	/* its paragraph mark is a tracked deletion */
};

static int heading_name(const char *name)
{
	if (!name)
		return 0;
	if (!strcasecmp(name, "title"))
		return 1;
	if (!strncasecmp(name, "heading ", 8) && name[8] >= '1' &&
	    name[8] <= '9' && !name[9])
		return name[8] - '0';
	return 0;
}

/* What the style chain from `id` says: heading level, and list. */
static void style_props(struct docx *d, const char *id, struct para *pp,
			const char **num_id, int *ilvl)
{
	for (int hops = 0; id && hops < MAX_CHAIN; hops++) {
		struct style *st = clause_map_get(&d->styles, id);

		if (!st)
			break;
		if (!pp->heading)
			pp->heading = heading_name(st->name);
		if (!pp->heading && st->outline >= 1 && st->outline <= NLVL)
			pp->heading = st->outline;
		if (!*num_id && st->num_id) {
			*num_id = st->num_id;
			if (*ilvl < 0)
				*ilvl = st->ilvl;
		}
		id = st->based_on;
	}
}

/* A style's list level, when its numbering names the style (w:pStyle
 * in a w:lvl: how Word and LibreOffice number headings). */
static int style_level(struct abstract *a, const char *style)
{
	for (int i = 0; style && i < NLVL; i++)
		if (a->lvl[i].pstyle && !strcmp(a->lvl[i].pstyle, style))
			return i;
	return 0;
}

static void para_props(struct docx *d, xmlNodePtr p, struct para *pp)
{
	xmlNodePtr ppr = w_child(p, "pPr"), numpr = w_child(ppr, "numPr");
	xmlNodePtr mark = w_child(w_child(ppr, "rPr"), "del");
	const char *style = wval(w_child(ppr, "pStyle"));
	const char *num_id = wval(w_child(numpr, "numId"));
	int ilvl = wint(w_child(numpr, "ilvl"), -1);
	int outline = wint(w_child(ppr, "outlineLvl"), -1);
	const struct lvl *l;

	memset(pp, 0, sizeof(*pp));
	pp->mark_deleted = mark != NULL;
	if (!style)
		style = d->default_style;
	if (outline >= 0 && outline < NLVL)
		pp->heading = outline + 1;
	style_props(d, style, pp, &num_id, &ilvl);
	if (outline == NLVL)		/* "body text": not a heading */
		pp->heading = 0;
	if (!num_id || !strcmp(num_id, "0") ||
	    !(pp->num = clause_map_get(&d->nums, num_id)) ||
	    !(pp->abs = abstract_of(d, pp->num))) {
		pp->num = NULL;
		return;
	}
	pp->ilvl = ilvl >= 0 && ilvl < NLVL ? ilvl : style_level(pp->abs, style);
	l = level_def(pp->abs, pp->num, pp->ilvl);
	/* A level that is not defined, or numbered "none", shows nothing. */
	if (!l->defined || !strcmp(l->fmt, "none"))
		pp->num = NULL;
}

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
		d->notes++;
		return 0;
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
	para_props(d, p, pp);
	if (pp->num) {
		advance(pp->abs, pp->num, pp->ilvl);
		if (render(label, pp->abs, pp->num, pp->ilvl) < 0)
			return CLAUSE_ERROR;
	}
	if (d->carry.len) {
		if (clause_buf_put(text, d->carry.ptr, d->carry.len) < 0)
			return CLAUSE_ERROR;
		clause_buf_clear(&d->carry);
	}
	return inline_text(d, p, text);
}

static int is_bullet(const struct para *pp)
{
	return !strcmp(level_def(pp->abs, pp->num, pp->ilvl)->fmt, "bullet");
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
	int level = 0, bullet = pp.num && is_bullet(&pp);

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

	if (r == 0 && pp.num && !is_bullet(&pp) && label.len)
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
		else if (is_w(c, "tbl"))
			r = table(d, c, NULL);
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
	r = body(d, b);
	if (r == 0 && d->carry.len)
		r = import_blocks_add(d->out, d->lim, IMPORT_PARA, 0, NULL,
				      d->carry.ptr, d->carry.len);
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
	if (d->doc)
		xmlFreeDoc(d->doc);
	if (d->styles_doc)
		xmlFreeDoc(d->styles_doc);
	if (d->numbering_doc)
		xmlFreeDoc(d->numbering_doc);
	if (d->za)
		zf.discard(d->za);
	clause_buf_release(&d->carry);
}

int import_read_docx(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len,
		     int accept_changes)
{
	struct docx d = { .out = out, .lim = lim, .path = path,
			  .accept = accept_changes,
			  .styles = CLAUSE_MAP_INIT, .abstracts = CLAUSE_MAP_INIT,
			  .nums = CLAUSE_MAP_INIT, .carry = CLAUSE_BUF_INIT };
	struct clause_buf main_name = CLAUSE_BUF_INIT;
	int r;

	if (import_dl_load(&zip_dl) < 0)
		return CLAUSE_ERROR;
	if (len > lim->max_file) {
		clause_error_set("%s: file is over %zu bytes", path, lim->max_file);
		return CLAUSE_ETOOBIG;
	}
	r = open_zip(&d, data, len);
	if (r == 0)
		r = find_main(&d, &main_name);
	if (r == 0)
		r = load_main(&d, main_name.ptr);
	if (r == 0)
		r = load_parts(&d, main_name.ptr);
	if (r == 0)
		r = load_styles(&d);
	if (r == 0)
		r = load_numbering(&d);
	if (r == 0)
		r = read_body(&d);
	clause_buf_release(&main_name);
	docx_release(&d);
	return r;
}
