/* docx_zip.c: the parts every Word file needs, zipped through libzip.
 *
 * libzip is opened on first use (util/dl.h), as the importer does: the
 * other commands never map it.  The zip is built in memory (a buffer
 * source kept alive past zip_close, then read back), so a writer never
 * leaves a half-written file behind; the command writes the bytes.
 */
#include "export/docx.h"
#include "util/dl.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <zip.h>

/* libzip, in the order of zip_names. */
static const char *const zip_names[] = {
	"zip_source_buffer_create", "zip_source_buffer", "zip_source_keep",
	"zip_source_free", "zip_open_from_source", "zip_file_add",
	"zip_close", "zip_discard", "zip_strerror", "zip_source_open",
	"zip_source_read", "zip_source_close", "zip_error_init",
	"zip_error_fini", "zip_error_strerror"
};
static struct {
	__typeof__(zip_source_buffer_create) *source_buffer_create;
	__typeof__(zip_source_buffer) *source_buffer;
	__typeof__(zip_source_keep) *source_keep;
	__typeof__(zip_source_free) *source_free;
	__typeof__(zip_open_from_source) *open_from_source;
	__typeof__(zip_file_add) *file_add;
	__typeof__(zip_close) *close;
	__typeof__(zip_discard) *discard;
	__typeof__(zip_strerror) *strerror;
	__typeof__(zip_source_open) *source_open;
	__typeof__(zip_source_read) *source_read;
	__typeof__(zip_source_close) *source_close;
	__typeof__(zip_error_init) *error_init;
	__typeof__(zip_error_fini) *error_fini;
	__typeof__(zip_error_strerror) *error_strerror;
} zf;
static struct import_dl zip_dl = IMPORT_DL(IMPORT_LIBZIP_SONAME, "libzip",
					   zip_names, &zf);

#define XML_DECL "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
#define NS_W "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define NS_REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
#define NS_PKG "http://schemas.openxmlformats.org/package/2006"
#define CT_WML "application/vnd.openxmlformats-officedocument.wordprocessingml"

static const char content_types_head[] = XML_DECL
	"<Types xmlns=\"" NS_PKG "/content-types\">"
	"<Default Extension=\"rels\" ContentType=\"application/"
	"vnd.openxmlformats-package.relationships+xml\"/>"
	"<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
	"<Override PartName=\"/word/document.xml\" ContentType=\""
	CT_WML ".document.main+xml\"/>"
	"<Override PartName=\"/word/styles.xml\" ContentType=\""
	CT_WML ".styles+xml\"/>"
	"<Override PartName=\"/docProps/core.xml\" ContentType=\"application/"
	"vnd.openxmlformats-package.core-properties+xml\"/>";
static const char content_types_numbering[] =
	"<Override PartName=\"/word/numbering.xml\" ContentType=\""
	CT_WML ".numbering+xml\"/>";
static const char content_types_footnotes[] =
	"<Override PartName=\"/word/footnotes.xml\" ContentType=\""
	CT_WML ".footnotes+xml\"/>";

static const char package_rels[] = XML_DECL
	"<Relationships xmlns=\"" NS_PKG "/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/officeDocument\" "
	"Target=\"word/document.xml\"/>"
	"<Relationship Id=\"rId2\" Type=\"" NS_PKG
	"/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>"
	"</Relationships>";

static const char document_rels_head[] = XML_DECL
	"<Relationships xmlns=\"" NS_PKG "/relationships\">"
	"<Relationship Id=\"rId1\" Type=\"" NS_REL "/styles\" "
	"Target=\"styles.xml\"/>";
static const char document_rels_numbering[] =
	"<Relationship Id=\"rId2\" Type=\"" NS_REL "/numbering\" "
	"Target=\"numbering.xml\"/>";
static const char document_rels_footnotes[] =
	"<Relationship Id=\"rId3\" Type=\"" NS_REL "/footnotes\" "
	"Target=\"footnotes.xml\"/>";

/* One paragraph style: id, display name, based on, run and paragraph
 * properties.  Headings carry w:outlineLvl so that they are headings to
 * the navigator and the importer, not just big text. */
#define PSTYLE(id, name, based, ppr, rpr) \
	"<w:style w:type=\"paragraph\" w:styleId=\"" id "\">" \
	"<w:name w:val=\"" name "\"/>" based \
	"<w:qFormat/><w:pPr>" ppr "</w:pPr><w:rPr>" rpr "</w:rPr></w:style>"
#define BASED_NORMAL "<w:basedOn w:val=\"Normal\"/><w:next w:val=\"ClauseText\"/>"

static const char styles_xml[] = XML_DECL
	"<w:styles xmlns:w=\"" NS_W "\">"
	"<w:docDefaults><w:rPrDefault><w:rPr>"
	"<w:rFonts w:ascii=\"Liberation Serif\" w:hAnsi=\"Liberation Serif\" "
	"w:cs=\"Liberation Serif\"/><w:sz w:val=\"22\"/><w:lang w:val=\"en-US\"/>"
	"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>"
	"<w:spacing w:after=\"120\"/></w:pPr></w:pPrDefault></w:docDefaults>"
	"<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\">"
	"<w:name w:val=\"Normal\"/><w:qFormat/></w:style>"
	PSTYLE("Title", "Title", BASED_NORMAL, "<w:spacing w:after=\"240\"/>",
	       "<w:b/><w:sz w:val=\"36\"/>")
	PSTYLE("Subtitle", "Subtitle", BASED_NORMAL, "",
	       "<w:i/><w:sz w:val=\"24\"/>")
	PSTYLE("Heading1", "heading 1", BASED_NORMAL,
	       "<w:keepNext/><w:spacing w:before=\"360\"/><w:outlineLvl w:val=\"0\"/>",
	       "<w:b/><w:sz w:val=\"30\"/>")
	PSTYLE("Heading2", "heading 2", BASED_NORMAL,
	       "<w:keepNext/><w:spacing w:before=\"240\"/><w:outlineLvl w:val=\"1\"/>",
	       "<w:b/><w:sz w:val=\"24\"/>")
	PSTYLE("Heading3", "heading 3", BASED_NORMAL,
	       "<w:keepNext/><w:spacing w:before=\"200\"/><w:outlineLvl w:val=\"2\"/>",
	       "<w:b/><w:i/><w:sz w:val=\"22\"/>")
	PSTYLE("ClauseText", "Clause Text", "<w:basedOn w:val=\"Normal\"/>", "", "")
	PSTYLE("Note", "Note", "<w:basedOn w:val=\"Normal\"/>",
	       "<w:ind w:left=\"567\"/>", "<w:i/><w:sz w:val=\"20\"/>")
	PSTYLE("Field", "Field", "<w:basedOn w:val=\"Normal\"/>", "",
	       "<w:sz w:val=\"20\"/>")
	PSTYLE("FootnoteText", "footnote text", "<w:basedOn w:val=\"Normal\"/>",
	       "<w:spacing w:after=\"0\"/>", "<w:sz w:val=\"18\"/>")
	"<w:style w:type=\"character\" w:styleId=\"FootnoteReference\">"
	"<w:name w:val=\"footnote reference\"/><w:rPr>"
	"<w:vertAlign w:val=\"superscript\"/></w:rPr></w:style>"
	PSTYLE("ListParagraph", "List Paragraph", "<w:basedOn w:val=\"Normal\"/>",
	       "<w:ind w:left=\"720\"/>", "")
	"<w:style w:type=\"table\" w:styleId=\"TableGrid\">"
	"<w:name w:val=\"Table Grid\"/><w:tblPr><w:tblBorders>"
	"<w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"<w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"<w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"<w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"<w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"<w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"auto\"/>"
	"</w:tblBorders></w:tblPr></w:style>"
	"</w:styles>";

/* docProps/core.xml with the title (the file's name in a window's title
 * bar and in a document management system). */
static void core_xml(struct docx_w *w, const char *title)
{
	docx_puts(w, XML_DECL "<cp:coreProperties xmlns:cp=\"" NS_PKG
		  "/metadata/core-properties\" "
		  "xmlns:dc=\"http://purl.org/dc/elements/1.1/\">");
	docx_puts(w, "<dc:title>");
	docx_str(w, title);
	docx_puts(w, "</dc:title><dc:creator>clause</dc:creator>"
		  "</cp:coreProperties>");
}

/* Add one part, borrowing its bytes until zip_close. */
static int add_part(zip_t *za, const char *name, const char *data)
{
	zip_source_t *s = zf.source_buffer(za, data, strlen(data), 0);

	if (!s || zf.file_add(za, name, s, ZIP_FL_ENC_UTF_8) < 0) {
		clause_error_set("cannot add '%s' to the zip: %s", name,
				 zf.strerror(za));
		if (s)
			zf.source_free(s);
		return CLAUSE_ERROR;
	}
	return 0;
}

/* Copy what the kept source holds (the finished zip) into out. */
static int read_source(struct clause_buf *out, zip_source_t *src)
{
	char chunk[16384];
	zip_int64_t got;

	if (zf.source_open(src) < 0) {
		clause_error_set("cannot read the zip back");
		return CLAUSE_ERROR;
	}
	while ((got = zf.source_read(src, chunk, sizeof(chunk))) > 0)
		if (clause_buf_put(out, chunk, (size_t)got) < 0) {
			zf.source_close(src);
			return CLAUSE_ERROR;
		}
	zf.source_close(src);
	if (got < 0) {
		clause_error_set("cannot read the zip back");
		return CLAUSE_ERROR;
	}
	return 0;
}

/* The parts in the order Word writes them: content types first. */
static int add_parts(zip_t *za, const char *const parts[][2], size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (parts[i][1] && add_part(za, parts[i][0], parts[i][1]) < 0)
			return CLAUSE_ERROR;
	return 0;
}

static int zip_parts(struct clause_buf *out, const char *const parts[][2],
		     size_t n)
{
	zip_error_t err;
	zip_source_t *src = NULL;
	zip_t *za = NULL;
	int r = CLAUSE_ERROR;

	zf.error_init(&err);
	if (!(src = zf.source_buffer_create(NULL, 0, 0, &err))) {
		clause_error_set("cannot make a zip: %s", zf.error_strerror(&err));
		goto done;
	}
	/* The archive frees its source on close: keep it to read it. */
	zf.source_keep(src);
	if (!(za = zf.open_from_source(src, ZIP_TRUNCATE, &err))) {
		clause_error_set("cannot make a zip: %s", zf.error_strerror(&err));
		goto done;
	}
	if (add_parts(za, parts, n) < 0)
		goto done;
	if (zf.close(za) < 0) {
		clause_error_set("cannot write the zip: %s", zf.strerror(za));
		goto done;
	}
	za = NULL;
	r = read_source(out, src);
done:
	if (za)
		zf.discard(za);
	if (src)
		zf.source_free(src);
	zf.error_fini(&err);
	return r;
}

int docx_package(struct clause_buf *out, const char *document,
		 const char *numbering, const char *footnotes, const char *title)
{
	struct docx_w types = DOCX_W_INIT, rels = DOCX_W_INIT, core = DOCX_W_INIT;
	int r = CLAUSE_ERROR;

	if (import_dl_load(&zip_dl) < 0)
		return CLAUSE_ERROR;
	docx_puts(&types, content_types_head);
	if (numbering)
		docx_puts(&types, content_types_numbering);
	if (footnotes)
		docx_puts(&types, content_types_footnotes);
	docx_puts(&types, "</Types>");
	docx_puts(&rels, document_rels_head);
	if (numbering)
		docx_puts(&rels, document_rels_numbering);
	if (footnotes)
		docx_puts(&rels, document_rels_footnotes);
	docx_puts(&rels, "</Relationships>");
	core_xml(&core, title);
	if (types.err || rels.err || core.err) {
		clause_error_set("out of memory");
		goto done;
	} else {
		const char *const parts[][2] = {
			{ "[Content_Types].xml", types.b.ptr },
			{ "_rels/.rels", package_rels },
			{ "docProps/core.xml", core.b.ptr },
			{ "word/document.xml", document },
			{ "word/styles.xml", styles_xml },
			{ "word/numbering.xml", numbering },
			{ "word/footnotes.xml", footnotes },
			{ "word/_rels/document.xml.rels", rels.b.ptr },
		};
		r = zip_parts(out, parts, sizeof(parts) / sizeof(parts[0]));
	}
done:
	clause_buf_release(&types.b);
	clause_buf_release(&rels.b);
	clause_buf_release(&core.b);
	return r;
}
