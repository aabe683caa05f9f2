/* fuzz_import.c: a file to import, from untrusted bytes: read as its
 * detected format (a .docx by its zip signature, HTML, plain text), and
 * as plain text and Markdown too; found structure, given ids and written
 * as a clause document.  What the importer writes always loads and
 * validates (clause import calls anything else a bug), and its clause
 * ids are distinct. */
#include "fuzz.h"

#include <string.h>

#include "doc/doc.h"
#include "import/import.h"
#include "util/error.h"

static void import_as(enum import_format fmt, const uint8_t *data, size_t size)
{
	struct import_blocks b = { 0 };
	struct import_doc d = { 0 };
	struct import_counts counts;
	struct clause_buf xml = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	const struct import_limits *lim = &import_default_limits;
	const char *s = (const char *)data;
	const char *role[] = { "union" }, *id[] = { "u" }, *name[] = { "Union" };
	struct import_meta m = {
		.id = "fuzzed", .status = "proposal", .title = "Fuzzed",
		.party_role = role, .party_id = id, .party_name = name,
		.nparties = 1, .source = "f", .format = import_format_name(fmt)
	};
	int r;

	switch (fmt) {
	case IMPORT_DOCX: r = import_read_docx(&b, lim, "f.docx", s, size, 1); break;
	case IMPORT_HTML: r = import_read_html(&b, lim, "f.html", s, size); break;
	case IMPORT_MD: r = import_read_md(&b, lim, "f.md", s, size); break;
	default: r = import_read_text(&b, lim, "f.txt", s, size, NULL); break;
	}
	if (r == 0 && import_structure(&d, &b) == 0 && import_assign_ids(&d) == 0 &&
	    import_write(&xml, &d, &m, &counts) == 0) {
		r = clause_doc_load(&doc, NULL, "out.xml", xml.ptr, xml.len, 1, &probs);
		FUZZ_ASSERT(r == 0 && doc, "the %s importer wrote a document that "
			    "does not load (%s):\n%s", import_format_name(fmt),
			    probs.n ? probs.v[0].message : clause_error_last(),
			    xml.ptr);
		FUZZ_ASSERT(fuzz_unique_ids(doc), "the %s importer gave one id "
			    "twice", import_format_name(fmt));
	}
	clause_doc_free(doc);
	clause_problems_release(&probs);
	clause_buf_release(&xml);
	import_doc_free(&d);
	import_blocks_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	enum import_format fmt;

	if (size > 1 << 20)
		return 0;
	fuzz_init();
	fmt = import_detect("f", (const char *)data, size);
	if (fmt == IMPORT_PDF)
		fmt = IMPORT_TEXT;	/* poppler's own parser is not ours to fuzz */
	import_as(fmt, data, size);
	if (fmt != IMPORT_TEXT)
		import_as(IMPORT_TEXT, data, size);
	import_as(IMPORT_MD, data, size);
	return 0;
}
