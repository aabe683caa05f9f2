/* fuzz_doc.c: a document from untrusted bytes: load and validate, then
 * everything a loaded document must survive.  Its clauses have texts and
 * versions; rendering as text never fails; a diff against itself finds
 * nothing; a diff against nothing renders as text, HTML and JSON; every
 * conflict settles by each side into a document that loads, or is
 * refused. */
#include "fuzz.h"

#include <string.h>

#include "diff/cdiff.h"
#include "diff/render.h"
#include "doc/doc.h"
#include "doc/xml.h"

static void renders(const struct clause_cdiff *d)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	FUZZ_ASSERT(clause_render_text(&b, d, 1, 40) == 0, "text");
	clause_buf_clear(&b);
	FUZZ_ASSERT(clause_render_html(&b, d, "a -> b") == 0, "html");
	FUZZ_ASSERT(!strstr(b.ptr, "<script"), "markup from the document");
	clause_buf_clear(&b);
	FUZZ_ASSERT(clause_render_json(&b, d) == 0, "json");
	for (size_t i = 0; i < b.len; i++)
		FUZZ_ASSERT((unsigned char)b.ptr[i] >= 0x20 || b.ptr[i] == '\n',
			    "raw control character in JSON at %zu", i);
	clause_buf_release(&b);
}

static void settles(const struct clause_doc *doc)
{
	unsigned char *pick = calloc(doc->nconflicts + 1, 1);
	struct clause_buf out = CLAUSE_BUF_INIT;

	memset(pick, 1, doc->nconflicts);
	for (int side = 0; side < CLAUSE_NSIDES && doc->nconflicts; side++) {
		struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
		struct clause_doc *again = NULL;

		if (clause_doc_resolve(&out, doc, pick, side) != 0)
			continue;
		FUZZ_ASSERT(clause_doc_load(&again, NULL, "r.xml", out.ptr,
					    out.len, 1, &probs) == 0 && again,
			    "a settled document does not load");
		FUZZ_ASSERT(again->nconflicts == 0, "conflicts left");
		clause_doc_free(again);
		clause_problems_release(&probs);
	}
	clause_buf_release(&out);
	free(pick);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	struct clause_cdiff self = CLAUSE_CDIFF_INIT, gone = CLAUSE_CDIFF_INIT;
	struct clause_buf b = CLAUSE_BUF_INIT;
	enum clause_kind kind;

	fuzz_init();
	if (clause_doc_load(&doc, &kind, "f.xml", (const char *)data, size, 1,
			    &probs) != 0 || !doc) {
		for (size_t i = 0; i < probs.n; i++)
			FUZZ_ASSERT(probs.v[i].message && *probs.v[i].message &&
				    !strchr(probs.v[i].message, '\n'),
				    "a problem's message is one line");
		clause_problems_release(&probs);
		return 0;
	}
	for (size_t i = 0; i < doc->nclauses; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		FUZZ_ASSERT(c->id && c->text && strlen(c->hash) == 40,
			    "clause %zu has no id, text or version", i);
		FUZZ_ASSERT(clause_doc_clause(doc, c->id) != NULL, "lookup");
		FUZZ_ASSERT(clause_doc_render_text(&b, doc, c, 2) == 0, "text");
	}
	FUZZ_ASSERT(clause_cdiff_docs(&self, doc, "a.xml", doc, "b.xml") == 0,
		    "diff");
	/* (Clauses or articles share an id only in a document validate
	 * refuses: regress/doc/duplicate-article-id.xml.) */
	FUZZ_ASSERT(!fuzz_unique_all_ids(doc) || (self.n == 1 && self.v[0].nclauses == 0 &&
					 self.v[0].nmeta == 0 && self.v[0].nnums == 0),
		    "a document differs from itself");
	renders(&self);
	FUZZ_ASSERT(clause_cdiff_docs(&gone, doc, "a.xml", NULL, NULL) == 0,
		    "diff");
	renders(&gone);
	settles(doc);
	clause_cdiff_release(&self);
	clause_cdiff_release(&gone);
	clause_buf_release(&b);
	clause_doc_free(doc);
	clause_problems_release(&probs);
	return 0;
}
