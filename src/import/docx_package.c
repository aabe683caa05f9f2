/* docx_package.c: a .docx as a zip of XML parts, read within bounds.
 *
 * libzip is opened on first use (dl.h); every entry is bounded by the
 * import limits and an inflation ratio, names are checked, and only the
 * main part, its styles and its numbering are parsed, by the project's
 * hardened parser (doc/xml.h).
 */
#include "import/docx.h"

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
 * where Word puts them), and its footnotes; any may be missing. */
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
	/* footnotes only where a relationship says: a reference to a
	 * footnote of a part the document does not name is no note */
	if (r == 0 && rel_target(rels, "/footnotes", base.ptr, &part) == 0)
		r = read_part(d, part.ptr, &d->footnotes_doc);
	if (rels)
		xmlFreeDoc(rels);
	clause_buf_release(&base);
	clause_buf_release(&rels_name);
	clause_buf_release(&part);
	return r;
}

int docx_open_package(struct docx *d, const char *data, size_t len,
		      struct clause_buf *main_name)
{
	int r;

	if (import_dl_load(&zip_dl) < 0)
		return CLAUSE_ERROR;
	r = open_zip(d, data, len);
	if (r == 0)
		r = find_main(d, main_name);
	if (r == 0)
		r = load_main(d, main_name->ptr);
	if (r == 0)
		r = load_parts(d, main_name->ptr);
	return r;
}

void docx_close_package(struct docx *d)
{
	if (d->za)
		zf.discard(d->za);
	d->za = NULL;
}
