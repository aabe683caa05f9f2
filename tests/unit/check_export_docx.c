/* check_export_docx.c: the Word writers: the parts of the package, each
 * valid against the subset of ECMA-376 the writers use (the .xsd files
 * in tests/export), the shape of the XML (revisions, their authors and
 * dates, moves, the numbers table), hostile text, and LibreOffice
 * reading the redline of the shipped negotiation back, every change
 * accepted and rejected. */
#include "suites.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "diff/cdiff.h"
#include "doc/doc.h"
#include "export/export.h"
#include "util/buf.h"

static struct clause_doc *load(const char *text)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	int r = clause_doc_load(&doc, NULL, "t.xml", text, strlen(text), 1, &p);

	if (r != 0 && p.n)
		fprintf(stderr, "%u:%u: %s\n", p.v[0].line, p.v[0].col,
			p.v[0].message);
	ck_assert_int_eq(r, 0);
	clause_problems_release(&p);
	return doc;
}

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = hay; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

static const char *top(void);

/* Write the bytes to dir/out.docx, check the zip and unpack it into
 * dir/x (afresh); the text of part `part` (the caller frees).  Every
 * part must be well-formed, and the parts Word requires valid against
 * the subsets of ECMA-376 our writers use (the .xsd files in
 * tests/export): WordprocessingML for the document, styles, numbering
 * and footnotes, the packaging schemas for [Content_Types].xml and the
 * relationships. */
static char *unpack(const char *dir, const struct clause_buf *b,
		    const char *part)
{
	/* xml:space (w:t, w:delText), which wml-subset.xsd imports from the
	 * W3C's address: a local copy, through an XML catalog, with xmllint
	 * kept off the network. */
	static const char xml_xsd[] =
		"<?xml version=\"1.0\"?>\n"
		"<xs:schema xmlns:xs=\"http://www.w3.org/2001/XMLSchema\" "
		"targetNamespace=\"http://www.w3.org/XML/1998/namespace\">"
		"<xs:attribute name=\"space\"><xs:simpleType>"
		"<xs:restriction base=\"xs:NCName\">"
		"<xs:enumeration value=\"default\"/>"
		"<xs:enumeration value=\"preserve\"/>"
		"</xs:restriction></xs:simpleType></xs:attribute></xs:schema>\n";
	static const char catalog[] =
		"<?xml version=\"1.0\"?>\n"
		"<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">"
		"<uri name=\"http://www.w3.org/2001/xml.xsd\" uri=\"xml.xsd\"/>"
		"</catalog>\n";
	/* Each schema and the parts it checks; "?" marks a part that a
	 * document without lists or notes does not have. */
	static const char *const checks[][5] = {
		{ "wml-subset.xsd", "x/word/document.xml", "x/word/styles.xml",
		  "?x/word/numbering.xml", "?x/word/footnotes.xml" },
		{ "opc-content-types.xsd", "x/[Content_Types].xml" },
		{ "opc-relationships.xsd", "x/_rels/.rels",
		  "x/word/_rels/document.xml.rels" },
	};
	struct clause_buf path = CLAUSE_BUF_INIT, text = CLAUSE_BUF_INIT,
			  cmd = CLAUSE_BUF_INIT;
	int invalid = 0;
	FILE *f;

	clause_buf_printf(&path, "%s/out.docx", dir);
	f = fopen(path.ptr, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(b->ptr, 1, b->len, f), b->len);
	fclose(f);
	ck_assert_int_eq(test_sh(dir, "rm -rf x && "
				 "/usr/bin/python3 -m zipfile -t out.docx"
				 " && /usr/bin/python3 -m zipfile -e out.docx x"), 0);
	/* Every part is well-formed XML. */
	ck_assert_int_eq(test_sh(dir, "xmllint --noout x/'[Content_Types].xml' "
				 "x/_rels/.rels x/word/*.xml "
				 "x/word/_rels/document.xml.rels "
				 "x/docProps/core.xml"), 0);
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/xml.xsd", dir);
	test_write(path.ptr, xml_xsd);
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/xml-catalog.xml", dir);
	test_write(path.ptr, catalog);
	for (size_t i = 0; i < sizeof(checks) / sizeof(checks[0]); i++) {
		clause_buf_clear(&cmd);
		clause_buf_printf(&cmd, "XML_CATALOG_FILES=xml-catalog.xml "
				  "xmllint --noout --nonet --schema "
				  "'%s/tests/export/%s'", top(), checks[i][0]);
		for (size_t k = 1; k < 5 && checks[i][k]; k++) {
			const char *p = checks[i][k] + (checks[i][k][0] == '?');

			clause_buf_clear(&path);
			clause_buf_printf(&path, "%s/%s", dir, p);
			if (p == checks[i][k] || access(path.ptr, F_OK) == 0)
				clause_buf_printf(&cmd, " '%s'", p);
		}
		clause_buf_printf(&cmd, " 2>'%s.log'", checks[i][0]);
		if (test_sh(dir, "%s", cmd.ptr) != 0) {
			clause_buf_clear(&path);
			clause_buf_printf(&path, "%s/%s.log", dir, checks[i][0]);
			clause_buf_clear(&text);
			clause_buf_read_file(&text, path.ptr, 1 << 20);
			fprintf(stderr, "%s: not valid against %s:\n%s", dir,
				checks[i][0], text.len ? text.ptr : "(no output)\n");
			invalid++;
		}
	}
	ck_assert_msg(!invalid, "%d of the package's schema checks failed "
		      "(xmllint's messages above)", invalid);
	clause_buf_release(&cmd);
	clause_buf_clear(&text);
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/x/%s", dir, part);
	ck_assert_int_eq(clause_buf_read_file(&text, path.ptr, 1 << 24), 0);
	clause_buf_release(&path);
	return clause_buf_detach(&text);
}

#define HEAD(round) \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<agreement xmlns=\"urn:clause:1\" id=\"a\" status=\"proposal\">\n" \
	"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party>" \
	"<party role=\"employer\" id=\"e\">Acme Transit</party>" round \
	"</meta>\n"
#define DOC_HEAD_ROUND HEAD("<round name=\"1\" date=\"2025-09-10\" by=\"union\"/>")
#define DOC_HEAD_ROUND2 HEAD("<round name=\"2\" date=\"2025-10-08\" by=\"employer\"/>")

static const char doc_a[] = DOC_HEAD_ROUND
	"  <article id=\"a1\"><num>Article 1</num><heading>Notice</heading>\n"
	"    <clause id=\"notice\" category=\"process.notice\">"
	"<num>1.1</num><heading>Advance notice</heading>\n"
	"      <p>The employer shall give <quantity unit=\"day\" value=\"30\">"
	"30 days</quantity> notice of any change.</p>\n"
	"      <list type=\"alpha\"><item>to the union;</item>"
	"<item>to each employee.</item></list>\n"
	"      <note>Drafted by the committee.</note>\n"
	"      <clause id=\"form\" category=\"process.notice\"><num>1.1.1</num>"
	"<p>Notice is in writing.</p></clause>\n"
	"    </clause>\n"
	"    <clause id=\"gone\" category=\"process.notice\"><num>1.2</num>"
	"<heading>Gone</heading><p>This clause is dropped.</p></clause>\n"
	"    <clause id=\"stay\" category=\"process.notice\"><num>1.3</num>"
	"<heading>Stays</heading><p>Unchanged words here.</p></clause>\n"
	"    <clause id=\"mover\" category=\"process.notice\"><num>1.4</num>"
	"<heading>Cameras</heading><p>Cameras record on trigger events "
	"only.</p></clause>\n"
	"  </article>\n"
	"  <article id=\"a2\"><num>Article 2</num><heading>Other</heading>\n"
	"    <clause id=\"other\" category=\"process.notice\"><num>2.1</num>"
	"<p>Another clause.</p></clause>\n"
	"  </article>\n"
	"  <article id=\"a3\"><num>Article 3</num><heading>Fund</heading>\n"
	"    <clause id=\"fund\" category=\"process.notice\"><num>3.1</num>"
	"<p>The fund pays out monthly.</p></clause>\n"
	"  </article>\n"
	"</agreement>\n";

static const char doc_b[] = DOC_HEAD_ROUND2
	"  <article id=\"a1\"><num>Article 1</num><heading>Notice</heading>\n"
	"    <clause id=\"notice\" category=\"process.notice\">"
	"<num>1.1</num><heading>Advance notice</heading>\n"
	"      <p>The employer shall give <quantity unit=\"day\" value=\"60\">"
	"60 days</quantity> written notice of any change.</p>\n"
	"      <list type=\"alpha\"><item>to the union;</item>"
	"<item>to each employee.</item></list>\n"
	"      <note>Drafted by the committee.</note>\n"
	"      <clause id=\"form\" category=\"process.notice\"><num>1.1.1</num>"
	"<p>Notice is in writing.</p></clause>\n"
	"    </clause>\n"
	"    <clause id=\"stay\" category=\"process.notice\"><num>1.2</num>"
	"<heading>Stays</heading><p>Unchanged words here.</p></clause>\n"
	"    <clause id=\"new\" category=\"process.notice\"><num>1.3</num>"
	"<heading>Added &amp; new</heading><p>A clause &lt;added&gt;.</p>"
	"</clause>\n"
	"  </article>\n"
	"  <article id=\"a2\"><num>Article 2</num><heading>Other</heading>\n"
	"    <clause id=\"other\" category=\"process.notice\"><num>2.1</num>"
	"<p>Another clause.</p></clause>\n"
	"    <clause id=\"mover\" category=\"process.notice\"><num>2.2</num>"
	"<heading>Cameras</heading><p>Cameras record on trigger events "
	"only.</p></clause>\n"
	"  </article>\n"
	"</agreement>\n";

/* Bodies whose blocks change shape: a paragraph split and two joined,
 * list items inserted, rewritten and dropped, a note and a list added,
 * an item turned into a paragraph, a list's type changed.  Each clause
 * changes a word too: a clause whose words stay is unchanged to the
 * diff, and written as the later version has it. */
#define BLOCKS_ARTICLE(body) \
	"  <article id=\"a1\"><num>Article 1</num><heading>Blocks</heading>\n" \
	body "  </article>\n</agreement>\n"
#define CL(id, num, body) \
	"    <clause id=\"" id "\" category=\"process.notice\"><num>" num \
	"</num><heading>" id "</heading>" body "</clause>\n"

static const char blocks_a[] = DOC_HEAD_ROUND BLOCKS_ARTICLE(
	CL("split", "1.1", "<p>First sentence here. Second sentence here.</p>")
	CL("join", "1.2", "<p>One part.</p><p>Other part.</p>")
	CL("items", "1.3", "<p>Notice goes:</p><list type=\"alpha\">"
	   "<item>to the union;</item><item>to each employee;</item>"
	   "<item>to the board.</item></list><p>In writing.</p>")
	CL("kind", "1.4", "<p>Intro words:</p><list><item>a lone item</item></list>")
	CL("note", "1.5", "<p>Plain text.</p>")
	CL("newlist", "1.6", "<p>Only text.</p>")
	CL("retype", "1.7", "<list type=\"ordered\"><item>one</item>"
	   "<item>two</item></list>"));

static const char blocks_b[] = DOC_HEAD_ROUND2 BLOCKS_ARTICLE(
	CL("split", "1.1", "<p>First sentence here.</p><p>Second sentence there.</p>")
	CL("join", "1.2", "<p>One part. Another part.</p>")
	CL("items", "1.3", "<p>Notice goes:</p><list type=\"alpha\">"
	   "<item>to the union;</item><item>to the committee;</item>"
	   "<item>to every employee.</item></list><p>In writing.</p>")
	CL("kind", "1.4", "<p>Intro words:</p><p>a single item</p>")
	CL("note", "1.5", "<p>Plain text.</p><note>A note added.</note>")
	CL("newlist", "1.6", "<p>Only text.</p><list type=\"ordered\">"
	   "<item>first</item><item>second</item></list>")
	CL("retype", "1.7", "<list type=\"roman\"><item>one</item>"
	   "<item>two more</item></list>"));

START_TEST(test_doc_parts)
{
	char *dir = test_tmpdir();
	struct clause_doc *a = load(doc_a);
	struct clause_buf out = CLAUSE_BUF_INIT;
	char *xml, *num, *types, *notes, *rels;

	ck_assert_int_eq(export_docx_doc(&out, a), 0);
	ck_assert(out.len > 4 && memcmp(out.ptr, "PK\3\4", 4) == 0);
	xml = unpack(dir, &out, "word/document.xml");
	num = unpack(dir, &out, "word/numbering.xml");
	types = unpack(dir, &out, "[Content_Types].xml");
	notes = unpack(dir, &out, "word/footnotes.xml");
	rels = unpack(dir, &out, "word/_rels/document.xml.rels");
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Title\"/>"), 1);
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Heading1\"/>"), 3);
	/* notice, gone, stay, mover, other, fund; form is a sub-clause. */
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Heading2\"/>"), 6);
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Heading3\"/>"), 1);
	/* The note is a footnote on the list's last item. */
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Note\"/>"), 0);
	ck_assert_ptr_nonnull(strstr(xml, "to each employee.</w:t></w:r><w:r><w:rPr>"
				     "<w:rStyle w:val=\"FootnoteReference\"/></w:rPr>"
				     "<w:footnoteReference w:id=\"1\"/></w:r></w:p>"));
	ck_assert_ptr_nonnull(strstr(notes, "<w:footnote w:id=\"1\">"));
	ck_assert_ptr_nonnull(strstr(notes, "Drafted by the committee."));
	ck_assert_uint_eq(count(notes, "<w:footnote "), 3);
	ck_assert_ptr_nonnull(strstr(types, "/word/footnotes.xml"));
	ck_assert_ptr_nonnull(strstr(rels, "Target=\"footnotes.xml\""));
	ck_assert_uint_eq(count(xml, "<w:numId w:val=\"1\"/>"), 2);
	ck_assert_ptr_nonnull(strstr(xml, ">1.1</w:t>"));
	ck_assert_ptr_nonnull(strstr(xml, "30 days notice of any change."));
	ck_assert_ptr_nonnull(strstr(num, "w:val=\"lowerLetter\""));
	ck_assert_ptr_nonnull(strstr(types, "/word/numbering.xml"));
	ck_assert_uint_eq(count(xml, "<w:ins "), 0);
	free(xml);
	free(num);
	free(types);
	free(notes);
	free(rels);
	xml = unpack(dir, &out, "docProps/core.xml");
	ck_assert_ptr_nonnull(strstr(xml, "<dc:title>T</dc:title>"));
	free(xml);
	clause_buf_release(&out);
	clause_doc_free(a);
	free(dir);
}
END_TEST

/* The redline of doc_a -> doc_b, with `how`, as document.xml. */
static char *redline_xml(const char *dir, const struct export_redline *how)
{
	struct clause_doc *a = load(doc_a), *b = load(doc_b);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	char *xml;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_eq(export_docx_redline(&out, &d, how), 0);
	xml = unpack(dir, &out, "word/document.xml");
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
	return xml;
}

START_TEST(test_redline_shape)
{
	char *dir = test_tmpdir();
	char *xml = redline_xml(dir, NULL);
	size_t ins = count(xml, "<w:ins "), del = count(xml, "<w:del ");

	/* 30 -> 60 and "written": one struck run, two inserted (or one
	 * replaced run); "gone" deleted: heading and text, runs and marks;
	 * "new" inserted likewise; 1.3 -> 1.2 struck and inserted. */
	ck_assert_ptr_nonnull(strstr(xml, "<w:delText xml:space=\"preserve\">"
				     " 30</w:delText>"));
	ck_assert_ptr_nonnull(strstr(xml, "> 60</w:t></w:r></w:ins>"));
	ck_assert_ptr_nonnull(strstr(xml, ">1.3</w:delText></w:r></w:del><w:ins "));
	ck_assert_ptr_nonnull(strstr(xml, "This clause is dropped.</w:delText>"));
	ck_assert_ptr_nonnull(strstr(xml, "A clause &lt;added&gt;.</w:t>"));
	ck_assert_ptr_nonnull(strstr(xml, "Added &amp; new"));
	ck_assert_uint_ge(ins, 1 + 1 + 4 + 1);
	ck_assert_uint_ge(del, 1 + 4 + 1);
	/* Every revision (and the two move ranges) signed by the employer's
	 * party, on its date. */
	ck_assert_uint_eq(count(xml, "w:author=\"Acme Transit\""),
			  ins + del + count(xml, "<w:moveFrom ") +
			  count(xml, "<w:moveTo ") + 2);
	ck_assert_uint_eq(count(xml, "w:author="),
			  count(xml, "w:date=\"2025-10-08T00:00:00Z\""));
	/* The mover: both ends, one name, ranges closed. */
	ck_assert_uint_eq(count(xml, "<w:moveFromRangeStart "), 1);
	ck_assert_uint_eq(count(xml, "<w:moveToRangeStart "), 1);
	ck_assert_uint_eq(count(xml, "<w:moveFromRangeEnd "), 1);
	ck_assert_uint_eq(count(xml, "<w:moveToRangeEnd "), 1);
	ck_assert_uint_ge(count(xml, "<w:moveFrom "), 2);
	ck_assert_uint_ge(count(xml, "<w:moveTo "), 2);
	{
		const char *f = strstr(xml, "<w:moveFromRangeStart ");
		const char *t = strstr(xml, "<w:moveToRangeStart ");
		ck_assert_ptr_nonnull(strstr(f, "w:name=\"move"));
		ck_assert_int_eq(strncmp(strstr(f, "w:name="), strstr(t, "w:name="),
					 16), 0);
		/* The clause moved down: from before to. */
		ck_assert(f < t);
	}
	/* Article 3 is gone: its heading is struck, mark and all, once. */
	ck_assert_uint_eq(count(xml, "<w:pStyle w:val=\"Heading1\"/><w:rPr>"
				"<w:del "), 1);
	ck_assert_ptr_nonnull(strstr(xml, "Article 3</w:delText>"));
	/* The numbers table: header and 30 days -> 60 days. */
	ck_assert_uint_eq(count(xml, "<w:tbl>"), 1);
	ck_assert_ptr_nonnull(strstr(xml, "Numbers that changed"));
	free(xml);
	test_sh(dir, "rm -rf x");
	{
		struct export_redline how = { "Ann <&> \"Co\"\x01", "2026-01-02",
					      "R\xff" };
		xml = redline_xml(dir, &how);
		ck_assert_uint_eq(count(xml, "w:author=\"Ann &lt;&amp;&gt; "
					"&quot;Co&quot;\""), count(xml, "w:author="));
		ck_assert_uint_eq(count(xml, "w:date=\"2026-01-02T00:00:00Z\""),
				  count(xml, "w:author="));
		/* what names the revisions, its bad byte dropped, heads the
		 * line of the two rounds under the agreement's title */
		ck_assert_ptr_nonnull(strstr(xml, ">R: round "));
		free(xml);
	}
	free(dir);
}
END_TEST

/* A document that is new: everything in it inserted, nothing struck;
 * one that is gone: everything struck. */
/* A move with no date to give it (no round dates, no --date): Word's
 * move ranges must still carry one (CT_MoveBookmark's w:date is
 * required), so that the package stays valid. */
START_TEST(test_redline_move_undated)
{
	char *dir = test_tmpdir();
	char *ta = strdup(doc_a), *tb = strdup(doc_b), *r;
	struct clause_doc *a, *b;
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	char *xml;

	/* the rounds (and their dates) taken out */
	for (char **t = (char *[]){ ta, tb, NULL }; *t; t++) {
		char *end;

		ck_assert_ptr_nonnull(r = strstr(*t, "<round "));
		ck_assert_ptr_nonnull(end = strstr(r, "/>"));
		memmove(r, end + 2, strlen(end + 2) + 1);
	}
	a = load(ta);
	b = load(tb);
	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_eq(export_docx_redline(&out, &d, NULL), 0);
	xml = unpack(dir, &out, "word/document.xml");
	ck_assert_uint_eq(count(xml, "<w:moveFromRangeStart "), 1);
	ck_assert_ptr_null(strstr(xml, "<w:ins w:id=\"1\" w:author=\"clause\" w:date="));
	free(xml);
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
	free(ta);
	free(tb);
	free(dir);
}
END_TEST

START_TEST(test_redline_whole_doc)
{
	char *dir = test_tmpdir();
	struct clause_doc *b = load(doc_b);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	char *xml;

	ck_assert_int_eq(clause_cdiff_docs(&d, NULL, NULL, b, "b.xml"), 0);
	ck_assert_int_eq(export_docx_redline(&out, &d, NULL), 0);
	xml = unpack(dir, &out, "word/document.xml");
	ck_assert_uint_eq(count(xml, "<w:del "), 0);
	/* notice, form, stay, new, other, mover. */
	ck_assert_uint_eq(count(xml, "\"ClauseText\"/><w:rPr><w:ins "), 6);
	ck_assert_uint_eq(count(xml, "\"Heading1\"/><w:rPr><w:ins "), 2);
	free(xml);
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	test_sh(dir, "rm -rf x");
	ck_assert_int_eq(clause_cdiff_docs(&d, b, "b.xml", NULL, NULL), 0);
	ck_assert_int_eq(export_docx_redline(&out, &d, NULL), 0);
	xml = unpack(dir, &out, "word/document.xml");
	ck_assert_uint_eq(count(xml, "<w:ins "), 0);
	ck_assert_uint_eq(count(xml, "\"ClauseText\"/><w:rPr><w:del "), 6);
	ck_assert_uint_eq(count(xml, "\"Heading1\"/><w:rPr><w:del "), 2);
	free(xml);
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(b);
	free(dir);
}
END_TEST

START_TEST(test_redline_bad_date)
{
	struct clause_doc *a = load(doc_a), *b = load(doc_b);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct export_redline how = { NULL, "2026-1-2\"/>", NULL };

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_lt(export_docx_redline(&out, &d, &how), 0);
	ck_assert_uint_eq(out.len, 0);
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
}
END_TEST

/* ---- LibreOffice ----------------------------------------------------- */

static const char *top(void)
{
	static char cwd[4096];
	const char *t = getenv("CLAUSE_TOP");

	/* absolute: the tests run commands in directories of their own */
	if (t && *t)
		return t;
	return getcwd(cwd, sizeof(cwd)) ? cwd : ".";
}

static struct clause_doc *load_file(const char *rel)
{
	struct clause_buf path = CLAUSE_BUF_INIT, data = CLAUSE_BUF_INIT;
	struct clause_doc *doc;

	clause_buf_printf(&path, "%s/%s", top(), rel);
	ck_assert_int_eq(clause_buf_read_file(&data, path.ptr, 1 << 24), 0);
	doc = load(data.ptr);
	clause_buf_release(&path);
	clause_buf_release(&data);
	return doc;
}

/* Append "style<TAB>s" with s's white space collapsed and trimmed, and
 * a newline, if anything is left of s. */
static void line(struct clause_buf *out, const char *style, const char *s,
		 size_t n)
{
	size_t len = out->len;
	int gap = 0, any = 0;

	clause_buf_printf(out, "%s\t", style);
	for (size_t i = 0; i < n; i++) {
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r') {
			gap = any;
			continue;
		}
		if (gap)
			clause_buf_putc(out, ' ');
		gap = 0;
		any = 1;
		clause_buf_putc(out, s[i]);
	}
	if (any)
		clause_buf_putc(out, '\n');
	else
		out->len = len, out->ptr[len] = '\0';
}

/* The paragraphs the redline should settle into for doc: the changed
 * metadata fields as doc has them (`side` of each), then each clause's
 * heading, and its blocks in their styles. */
static void expected(struct clause_buf *out, const struct clause_cdiff *d,
		     int side, const struct clause_doc *doc)
{
	static const char *const style[] = {
		[CLAUSE_BLOCK_P] = "Clause Text", [CLAUSE_BLOCK_NOTE] = "Note",
		[CLAUSE_BLOCK_ITEM] = "List Paragraph",
	};

	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->v[i].nmeta; k++) {
			const char *v = side ? d->v[i].meta[k].new : d->v[i].meta[k].old;
			struct clause_buf f = CLAUSE_BUF_INIT;

			if (!v)
				continue;
			clause_buf_printf(&f, "%s: %s", d->v[i].meta[k].field, v);
			line(out, "Field", f.ptr, f.len);
			clause_buf_release(&f);
		}
	for (size_t i = 0; i < doc->nclauses; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		struct clause_buf h = CLAUSE_BUF_INIT;
		size_t len = strlen(c->text);

		clause_buf_printf(&h, "%s %s", c->num ? c->num : "",
				  c->heading ? c->heading : "");
		line(out, c->parent ? "Heading 3" : "Heading 2", h.ptr, h.len);
		clause_buf_release(&h);
		if (!c->nparas)
			line(out, "Clause Text", c->text, len);
		for (size_t k = 0; k < c->nparas; k++) {
			size_t at = c->paras[k].at;
			size_t end = k + 1 < c->nparas ? c->paras[k + 1].at : len;

			line(out, style[c->paras[k].kind], c->text + at, end - at);
		}
	}
}

/* The same read back from lo_accept.py's file: the paragraphs of the
 * styles above.  Returns the #redlines count, and sets *regions to the
 * #changed-regions count when there is one. */
static long seen(struct clause_buf *out, const char *path, long *regions)
{
	static const char *const styles[] = {
		"Field", "Heading 2", "Heading 3", "Clause Text", "Note",
		"List Paragraph",
	};
	struct clause_buf data = CLAUSE_BUF_INIT;
	long redlines = -1;

	ck_assert_int_eq(clause_buf_read_file(&data, path, 1 << 24), 0);
	for (char *l = data.ptr, *nl; *l; l = nl + 1) {
		char *tab = strchr(l, '\t');

		nl = strchr(l, '\n');
		ck_assert_ptr_nonnull(nl);
		ck_assert_ptr_nonnull(tab);
		*tab = '\0';
		if (strcmp(l, "#redlines") == 0)
			redlines = strtol(tab + 1, NULL, 10);
		else if (strcmp(l, "#changed-regions") == 0 && regions)
			*regions = strtol(tab + 1, NULL, 10);
		for (size_t i = 0; i < sizeof(styles) / sizeof(styles[0]); i++)
			if (strcmp(l, styles[i]) == 0)
				line(out, l, tab + 1, (size_t)(nl - tab - 1));
	}
	clause_buf_release(&data);
	return redlines;
}

static void same_text(const char *what, const struct clause_buf *want,
		      const struct clause_buf *got)
{
	if (strcmp(want->ptr, got->ptr) != 0)
		fprintf(stderr, "%s differs:\n--- want\n%s--- got\n%s", what,
			want->ptr, got->ptr);
	ck_assert_str_eq(want->ptr, got->ptr);
}

/* The redline of a -> b, written to dir/name. */
static void write_redline(const char *dir, const char *name,
			  struct clause_doc *a, struct clause_doc *b)
{
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT, path = CLAUSE_BUF_INIT;
	FILE *f;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a", b, "b"), 0);
	ck_assert_int_eq(export_docx_redline(&out, &d, NULL), 0);
	clause_buf_printf(&path, "%s/%s", dir, name);
	f = fopen(path.ptr, "wb");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(out.ptr, 1, out.len, f), out.len);
	fclose(f);
	/* Its parts are valid too (unpacked into dir/x). */
	free(unpack(dir, &out, "word/document.xml"));
	clause_buf_release(&out);
	clause_buf_release(&path);
	clause_cdiff_release(&d);
}

/* What lo_accept.py read of dir/name.*: LibreOffice tracked every
 * revision (at least `least`), kept them in OpenDocument, and accepting
 * them all gave b's fields and clauses, paragraph for paragraph in
 * their styles, rejecting them all a's. */
static void check_settled(const char *dir, const char *name,
			  struct clause_doc *a, struct clause_doc *b,
			  long least)
{
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf want = CLAUSE_BUF_INIT, got = CLAUSE_BUF_INIT,
			  path = CLAUSE_BUF_INIT;
	long redlines, regions = -1;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a", b, "b"), 0);
	clause_buf_printf(&path, "%s/%s.asis", dir, name);
	redlines = seen(&got, path.ptr, &regions);
	ck_assert_int_ge(redlines, least);
	ck_assert_int_eq(regions, redlines);
	clause_buf_clear(&got);
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/%s.accept", dir, name);
	seen(&got, path.ptr, NULL);
	expected(&want, &d, 1, b);
	same_text("accepted", &want, &got);
	clause_buf_clear(&got);
	clause_buf_clear(&want);
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/%s.reject", dir, name);
	seen(&got, path.ptr, NULL);
	expected(&want, &d, 0, a);
	same_text("rejected", &want, &got);
	clause_buf_release(&want);
	clause_buf_release(&got);
	clause_buf_release(&path);
	clause_cdiff_release(&d);
}

/* ---- random bodies ---------------------------------------------------- */

/* A generated body: blocks of a kind (P, NOTE, ITEM; items next to each
 * other are one list, of `type`) and words. */
#define RB_MAXB 8
#define RB_MAXW 8
struct rblock {
	int kind;
	int type;		/* ITEM: 0 alpha, 1 ordered, 2 roman */
	int w[RB_MAXW];		/* words, as indexes into rb_words */
	int nw;
};

struct rbody {
	struct rblock b[RB_MAXB];
	int n;
};

static const char *const rb_words[] = {
	"notice", "union", "employer", "days", "training", "shall", "review",
	"data", "camera", "system", "pay", "hours", "written", "joint",
	"committee", "seniority", "layoff", "months", "human", "decision",
};
#define RB_NWORDS (int)(sizeof(rb_words) / sizeof(rb_words[0]))

static uint64_t rb_rng = 0x2545f4914f6cdd1dULL;	/* CLAUSE_RB_SEED */

static int rb_rnd(int n)
{
	rb_rng ^= rb_rng >> 12;
	rb_rng ^= rb_rng << 25;
	rb_rng ^= rb_rng >> 27;
	return (int)(((rb_rng * 2685821657736338717ULL) >> 33) % (uint64_t)n);
}

static void rb_fill(struct rblock *b, int kind)
{
	b->kind = kind;
	b->type = rb_rnd(3);
	b->nw = 1 + rb_rnd(RB_MAXW - 1);
	for (int i = 0; i < b->nw; i++)
		b->w[i] = rb_rnd(RB_NWORDS);
}

static int rb_kind(void)
{
	static const int kinds[] = { CLAUSE_BLOCK_P, CLAUSE_BLOCK_P,
				     CLAUSE_BLOCK_ITEM, CLAUSE_BLOCK_ITEM,
				     CLAUSE_BLOCK_NOTE };
	return kinds[rb_rnd(5)];
}

/* The later wording: one to three of split, join, insert, delete,
 * change of kind or list type, and always a changed word (else the diff
 * finds the clause unchanged). */
static void rb_change(struct rbody *to, const struct rbody *from)
{
	*to = *from;
	for (int k = 1 + rb_rnd(3); k > 0; k--) {
		int i = rb_rnd(to->n);
		struct rblock *b = &to->b[i];

		switch (rb_rnd(6)) {
		case 0:		/* split block i after its first word */
			if (to->n < RB_MAXB && b->nw > 1) {
				memmove(&to->b[i + 2], &to->b[i + 1],
					(size_t)(to->n - i - 1) * sizeof(*b));
				to->b[i + 1] = *b;
				to->b[i + 1].nw = b->nw - 1;
				memmove(to->b[i + 1].w, b->w + 1,
					(size_t)(b->nw - 1) * sizeof(int));
				b->nw = 1;
				to->n++;
			}
			break;
		case 1:		/* join block i and the next */
			if (i + 1 < to->n && b->nw + to->b[i + 1].nw <= RB_MAXW) {
				memcpy(b->w + b->nw, to->b[i + 1].w,
				       (size_t)to->b[i + 1].nw * sizeof(int));
				b->nw += to->b[i + 1].nw;
				memmove(&to->b[i + 1], &to->b[i + 2],
					(size_t)(to->n - i - 2) * sizeof(*b));
				to->n--;
			}
			break;
		case 2:		/* a new block before block i */
			if (to->n < RB_MAXB) {
				memmove(&to->b[i + 1], &to->b[i],
					(size_t)(to->n - i) * sizeof(*b));
				rb_fill(&to->b[i], rb_kind());
				to->n++;
			}
			break;
		case 3:		/* block i dropped */
			if (to->n > 1) {
				memmove(&to->b[i], &to->b[i + 1],
					(size_t)(to->n - i - 1) * sizeof(*b));
				to->n--;
			}
			break;
		case 4:
			b->kind = rb_kind();
			break;
		default:
			b->type = (b->type + 1) % 3;
		}
	}
	to->b[rb_rnd(to->n)].w[0] = (int)(rb_rng % RB_NWORDS);
	to->b[0].w[0] = (from->b[0].w[0] + 1) % RB_NWORDS;
}

/* The body as clause-format XML: items next to each other one list, of
 * the first item's type. */
static void rb_xml(struct clause_buf *out, const struct rbody *body)
{
	static const char *const types[] = { "alpha", "ordered", "roman" };

	for (int i = 0; i < body->n; i++) {
		const struct rblock *b = &body->b[i];
		const char *tag = b->kind == CLAUSE_BLOCK_P ? "p"
				  : b->kind == CLAUSE_BLOCK_NOTE ? "note" : "item";

		if (b->kind == CLAUSE_BLOCK_ITEM &&
		    (!i || body->b[i - 1].kind != CLAUSE_BLOCK_ITEM))
			clause_buf_printf(out, "<list type=\"%s\">", types[b->type]);
		clause_buf_printf(out, "<%s>", tag);
		for (int k = 0; k < b->nw; k++)
			clause_buf_printf(out, "%s%s", k ? " " : "", rb_words[b->w[k]]);
		clause_buf_printf(out, ".</%s>", tag);
		if (b->kind == CLAUSE_BLOCK_ITEM &&
		    (i + 1 == body->n || body->b[i + 1].kind != CLAUSE_BLOCK_ITEM))
			clause_buf_puts(out, "</list>");
	}
}

/* Two documents of n clauses whose bodies change shape at random. */
static void rb_docs(struct clause_buf *a, struct clause_buf *b, int n)
{
	clause_buf_puts(a, DOC_HEAD_ROUND "  <article id=\"a1\"><num>Article 1"
			"</num><heading>Random</heading>\n");
	clause_buf_puts(b, DOC_HEAD_ROUND2 "  <article id=\"a1\"><num>Article 1"
			"</num><heading>Random</heading>\n");
	for (int i = 0; i < n; i++) {
		struct rbody old = { .n = 1 + rb_rnd(4) }, new;

		for (int k = 0; k < old.n; k++)
			rb_fill(&old.b[k], rb_kind());
		rb_change(&new, &old);
		for (int s = 0; s < 2; s++) {
			struct clause_buf *d = s ? b : a;

			clause_buf_printf(d, "    <clause id=\"c%d\" category="
					  "\"process.notice\"><num>1.%d</num>"
					  "<heading>c%d</heading>", i, i + 1, i);
			rb_xml(d, s ? &new : &old);
			clause_buf_puts(d, "</clause>\n");
		}
	}
	clause_buf_puts(a, "  </article>\n</agreement>\n");
	clause_buf_puts(b, "  </article>\n</agreement>\n");
}

/* 60 clauses whose paragraphs, notes and list items are split, joined,
 * inserted, dropped and changed in kind at random: accepting every
 * revision in LibreOffice gives the later wording paragraph for
 * paragraph, in its styles, rejecting every one the earlier. */
START_TEST(test_lo_random_bodies)
{
	char *dir = test_tmpdir();
	struct clause_buf ta = CLAUSE_BUF_INIT, tb = CLAUSE_BUF_INIT;
	struct clause_doc *a, *b;

	/* CLAUSE_RB_SEED and CLAUSE_RB_CLAUSES, by hand: more of them */
	if (getenv("CLAUSE_RB_SEED"))
		rb_rng = strtoull(getenv("CLAUSE_RB_SEED"), NULL, 0) | 1;
	rb_docs(&ta, &tb, getenv("CLAUSE_RB_CLAUSES") ?
		atoi(getenv("CLAUSE_RB_CLAUSES")) : 60);
	a = load(ta.ptr);
	b = load(tb.ptr);
	write_redline(dir, "random.docx", a, b);
	ck_assert_int_eq(test_sh(dir, "/usr/bin/python3 '%s/tests/export/"
				 "lo_accept.py' random.docx random", top()), 0);
	check_settled(dir, "random", a, b, 60);
	clause_doc_free(a);
	clause_doc_free(b);
	clause_buf_release(&ta);
	clause_buf_release(&tb);
	free(dir);
}
END_TEST

/* The shipped negotiation's rounds 1 and 2 (modified, moved, renumbered
 * and dropped clauses, changed numbers), and the pair above (added
 * clauses, a removed article, a sub-clause), in one LibreOffice run. */
START_TEST(test_lo_accept_reject)
{
	char *dir = test_tmpdir();
	struct clause_doc *r1 = load_file("clauses/negotiation/riverbend-r1-union.xml");
	struct clause_doc *r2 = load_file("clauses/negotiation/riverbend-r2-employer.xml");
	struct clause_doc *a = load(doc_a), *b = load(doc_b);
	struct clause_doc *ba = load(blocks_a), *bb = load(blocks_b);

	write_redline(dir, "river.docx", r1, r2);
	write_redline(dir, "pair.docx", a, b);
	write_redline(dir, "blocks.docx", ba, bb);
	ck_assert_int_eq(test_sh(dir, "/usr/bin/python3 '%s/tests/export/"
				 "lo_accept.py' river.docx river pair.docx pair"
				 " blocks.docx blocks", top()), 0);
	/* Signed by the party of round 2, on its date. */
	ck_assert_int_eq(test_sh(dir, "/usr/bin/python3 -m zipfile -e river.docx rx"
				 " && test $(grep -o 'w:author=\"Riverbend Regional "
				 "Transit Authority\" w:date=\"2025-10-08T00:00:00Z\"'"
				 " rx/word/document.xml | wc -l) -gt 10"), 0);
	check_settled(dir, "river", r1, r2, 10);
	check_settled(dir, "pair", a, b, 5);
	check_settled(dir, "blocks", ba, bb, 8);
	clause_doc_free(ba);
	clause_doc_free(bb);
	clause_doc_free(r1);
	clause_doc_free(r2);
	clause_doc_free(a);
	clause_doc_free(b);
	free(dir);
}
END_TEST

START_TEST(test_lo_opens_doc)
{
	char *dir = test_tmpdir();
	struct clause_doc *a = load_file("clauses/negotiation/riverbend-r1-union.xml");
	struct clause_buf out = CLAUSE_BUF_INIT, got = CLAUSE_BUF_INIT,
			  path = CLAUSE_BUF_INIT;
	char *xml;

	ck_assert_int_eq(export_docx_doc(&out, a), 0);
	xml = unpack(dir, &out, "word/document.xml");
	ck_assert_int_eq(test_sh(dir, "/usr/bin/python3 '%s/tests/export/"
				 "lo_accept.py' out.docx lo", top()), 0);
	clause_buf_printf(&path, "%s/lo.asis", dir);
	ck_assert_int_eq(seen(&got, path.ptr, NULL), 0);
	/* The list items are numbered by Word, not written into the text. */
	clause_buf_clear(&path);
	clause_buf_printf(&path, "%s/lo.accept.txt", dir);
	clause_buf_clear(&got);
	ck_assert_int_eq(clause_buf_read_file(&got, path.ptr, 1 << 24), 0);
	ck_assert_ptr_nonnull(strstr(got.ptr, "Article 14 Technological change"));
	ck_assert_ptr_nonnull(strstr(got.ptr, "(a) the nature and purpose"));
	ck_assert_ptr_nonnull(strstr(got.ptr, "(e) the vendor"));
	free(xml);
	clause_buf_release(&out);
	clause_buf_release(&got);
	clause_buf_release(&path);
	clause_doc_free(a);
	free(dir);
}
END_TEST

Suite *suite_export_docx(void)
{
	Suite *s = suite_create("export_docx");
	TCase *tc = tcase_create("xml");
	TCase *lo = tcase_create("libreoffice");

	tcase_add_test(tc, test_doc_parts);
	tcase_add_test(tc, test_redline_shape);
	tcase_add_test(tc, test_redline_whole_doc);
	tcase_add_test(tc, test_redline_move_undated);
	tcase_add_test(tc, test_redline_bad_date);
	tcase_set_timeout(tc, 30);
	suite_add_tcase(s, tc);
	tcase_add_test(lo, test_lo_accept_reject);
	tcase_add_test(lo, test_lo_opens_doc);
	tcase_add_test(lo, test_lo_random_bodies);
	tcase_set_timeout(lo, 180);
	suite_add_tcase(s, lo);
	return s;
}
