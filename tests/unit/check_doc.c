/* check_doc.c: loading documents into structs; the taxonomy. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/error.h"
#include "util/hash.h"
#include "doc/taxonomy.h"
#include "doc/xml.h"

static const char *sample =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<agreement xmlns=\"urn:clause:1\" id=\"ups\" status=\"ratified\">\n"
	"  <meta>\n"
	"    <title>Master\n      agreement</title>\n"
	"    <party role=\"union\" id=\"ibt\">Teamsters</party>\n"
	"    <party role=\"employer\" id=\"ups\">UPS</party>\n"
	"    <sector>parcel</sector>\n"
	"    <term effective=\"2023-08-01\" expires=\"2028-07-31\"/>\n"
	"    <source kind=\"summary\" href=\"https://example.org/s\">s</source>\n"
	"  </meta>\n"
	"  <article id=\"tech\"><num>Article 6</num><heading>Tech</heading>\n"
	"    <clause id=\"notice\" category=\"adjustment.notice  adjustment.bargaining\">\n"
	"      <num>6.2</num><heading>Notice</heading>\n"
	"      <p>At least <quantity unit=\"days\">45</quantity>\n   days before.</p>\n"
	"      <clause id=\"contents\" category=\"adjustment.information\">\n"
	"        <p>Say what changes; see <ref to=\"notice\">6.2</ref>.</p>\n"
	"      </clause>\n"
	"    </clause>\n"
	"  </article>\n"
	"  <clause id=\"loose\" category=\"guardrail.surveillance\"><p>No cameras.</p></clause>\n"
	"</agreement>\n";

static struct clause_doc *load(const char *text)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	enum clause_kind kind;
	int r = clause_doc_load(&doc, &kind, "d.xml", text, strlen(text), 1, &p);

	if (r != 0 && p.n)
		fprintf(stderr, "%s:%u:%u: %s\n", p.v[0].path, p.v[0].line,
			p.v[0].col, p.v[0].message);
	ck_assert_int_eq(r, 0);
	ck_assert_int_eq(kind, CLAUSE_KIND_DOC);
	clause_problems_release(&p);
	return doc;
}

START_TEST(doc_extracts_metadata_and_clauses)
{
	struct clause_doc *d = load(sample);
	struct clause_clause *c;

	ck_assert_str_eq(d->id, "ups");
	ck_assert_str_eq(d->status, "ratified");
	ck_assert_str_eq(d->lang, "en");
	ck_assert_str_eq(d->title, "Master agreement");
	ck_assert_uint_eq(d->nparties, 2);
	ck_assert_str_eq(d->parties[1].role, "employer");
	ck_assert_str_eq(d->effective, "2023-08-01");
	ck_assert_str_eq(d->sources[0].kind, "summary");
	ck_assert_uint_eq(d->nclauses, 3);
	c = clause_doc_clause(d, "notice");
	ck_assert_ptr_nonnull(c);
	ck_assert_str_eq(c->num, "6.2");
	ck_assert_str_eq(c->article, "tech");
	ck_assert_uint_eq(c->ncategories, 2);
	ck_assert_str_eq(c->categories[1], "adjustment.bargaining");
	/* Own text only, white space collapsed, sub-clause text excluded. */
	ck_assert_str_eq(c->text, "At least 45 days before.");
	ck_assert_uint_eq(c->line, 13);
	ck_assert_uint_eq(c->col, 5);
	c = clause_doc_clause(d, "contents");
	ck_assert_str_eq(c->parent, "notice");
	ck_assert_str_eq(c->article, "tech");
	c = clause_doc_clause(d, "loose");
	ck_assert_ptr_null(c->article);
	ck_assert_uint_eq(d->nrefs, 1);
	ck_assert_str_eq(d->refs[0].to, "notice");
	ck_assert_uint_eq(d->refs[0].line, 18);
	ck_assert(clause_clause_in_category(clause_doc_clause(d, "notice"), "adjustment"));
	ck_assert(clause_clause_in_category(clause_doc_clause(d, "notice"), "adjustment.notice"));
	ck_assert(!clause_clause_in_category(clause_doc_clause(d, "notice"), "adjust"));
	clause_doc_free(d);
}
END_TEST

/* Replace the first occurrence of `from` in text by `to`. */
static char *replace(const char *text, const char *from, const char *to)
{
	const char *at = strstr(text, from);
	char *out = malloc(strlen(text) + strlen(to) + 1);

	ck_assert_ptr_nonnull(at);
	sprintf(out, "%.*s%s%s", (int)(at - text), text, to, at + strlen(from));
	return out;
}

START_TEST(doc_version_ignores_number_and_layout)
{
	struct clause_doc *a = load(sample);
	char *renum = replace(sample, "<num>6.2</num>", "<num>7.1</num>");
	char *reflow = replace(sample, "At least <quantity", "At\n\n   least  <quantity");
	char *reword = replace(sample, ">45<", ">90<");
	struct clause_doc *b = load(renum), *c = load(reflow), *d = load(reword);

	ck_assert_str_eq(clause_doc_clause(a, "notice")->hash,
			 clause_doc_clause(b, "notice")->hash);
	ck_assert_str_eq(clause_doc_clause(a, "notice")->hash,
			 clause_doc_clause(c, "notice")->hash);
	ck_assert_str_ne(clause_doc_clause(a, "notice")->hash,
			 clause_doc_clause(d, "notice")->hash);
	/* A sub-clause's change is its own, not its parent's. */
	ck_assert_str_eq(clause_doc_clause(a, "contents")->hash,
			 clause_doc_clause(d, "contents")->hash);
	clause_doc_free(a);
	clause_doc_free(b);
	clause_doc_free(c);
	clause_doc_free(d);
	free(renum);
	free(reflow);
	free(reword);
}
END_TEST

/* An act recorded on `id` of `text`: the result loads, the clause has one
 * act more, the last one as asked, and the bytes outside the new element
 * are the old ones. */
static void check_act(const char *text, const char *id, const char *expect)
{
	struct clause_doc *d = load(text), *again;
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_act act = { CLAUSE_ACT_TA, "2026-03-04", "union employer",
				  "3", "Agreed & <initialled>" };
	const struct clause_clause *c;
	size_t before = clause_doc_clause(d, id)->nacts;

	ck_assert_int_eq(clause_doc_add_act(&out, d, id, &act), 0);
	ck_assert_msg(strstr(out.ptr, expect), "no '%s' in:\n%s", expect, out.ptr);
	again = load(out.ptr);
	c = clause_doc_clause(again, id);
	ck_assert_uint_eq(c->nacts, before + 1);
	ck_assert_int_eq(c->acts[c->nacts - 1].kind, CLAUSE_ACT_TA);
	ck_assert_str_eq(c->acts[c->nacts - 1].note, "Agreed & <initialled>");
	ck_assert_ptr_eq(clause_clause_ta(c), &c->acts[c->nacts - 1]);
	ck_assert_str_eq(c->hash, clause_doc_clause(d, id)->hash);
	/* the element (with its line break and indent) is all that came */
	{
		const char *el = strstr(out.ptr, "ta date=\"2026-03-04\"");
		const char *end;
		struct clause_buf back = CLAUSE_BUF_INIT;

		while (el > out.ptr && el[-1] != '<')
			el--;
		el--;
		end = strstr(el, "ta>") + 3;
		if (*end == '\n')
			while (*++end == ' ')
				;
		clause_buf_put(&back, out.ptr, (size_t)(el - out.ptr));
		clause_buf_puts(&back, end);
		ck_assert_str_eq(back.ptr, text);
		clause_buf_release(&back);
	}
	clause_doc_free(again);
	clause_doc_free(d);
	clause_buf_release(&out);
}

START_TEST(doc_acts_recorded_in_place)
{
	static const char *prefixed =
		"<c:agreement xmlns:c=\"urn:clause:1\" id=\"d\" status=\"proposal\">"
		"<c:meta><c:title>T</c:title><c:party role=\"union\" id=\"u\">U</c:party>"
		"</c:meta><c:clause id=\"x\" category=\"adjustment.notice\"><c:heading>H"
		"</c:heading><c:p>One line.</c:p></c:clause></c:agreement>\n";
	static const char *one_line =
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\"><meta>"
		"<title>T</title><party role=\"union\" id=\"u\">U</party></meta>"
		"<clause id=\"a\" category=\"adjustment.notice\"><p>A</p></clause>"
		"<clause id=\"b\" category=\"adjustment.notice\"><p>B</p></clause>"
		"</agreement>\n";
	struct clause_doc *plain;
	char *reopened;
	struct clause_doc *d;

	/* on its own line, indented as the paragraph it goes before */
	check_act(sample, "notice",
		  "<ta date=\"2026-03-04\" by=\"union employer\" round=\"3\">"
		  "Agreed &amp; &lt;initialled&gt;</ta>\n      ");
	/* a sub-clause, and a clause on one line with another's tags */
	check_act(sample, "contents",
		  "<ta date=\"2026-03-04\" by=\"union employer\" round=\"3\">"
		  "Agreed &amp; &lt;initialled&gt;</ta>\n        ");
	check_act(sample, "loose",
		  "<ta date=\"2026-03-04\" by=\"union employer\" round=\"3\">"
		  "Agreed &amp; &lt;initialled&gt;</ta>");
	/* the document's own prefix; the second of two clauses on a line */
	check_act(prefixed, "x", "</c:heading><c:ta date=");
	check_act(one_line, "b", "category=\"adjustment.notice\"><ta date=");
	/* a reopening unlocks; acts sit between heading and body */
	reopened = replace(sample, "<num>6.2</num><heading>Notice</heading>",
			   "<num>6.2</num><heading>Notice</heading>"
			   "<ta date=\"2026-01-01\" by=\"union employer\"/>"
			   "<reopen date=\"2026-02-01\" by=\"employer\">Why</reopen>");
	d = load(reopened);
	ck_assert_uint_eq(clause_doc_clause(d, "notice")->nacts, 2);
	ck_assert_ptr_null(clause_clause_ta(clause_doc_clause(d, "notice")));
	ck_assert_str_eq(clause_clause_last_act(clause_doc_clause(d, "notice"))->note, "Why");
	plain = load(sample);
	ck_assert_str_eq(clause_doc_clause(d, "notice")->hash,
			 clause_doc_clause(plain, "notice")->hash);
	clause_doc_free(plain);
	clause_doc_free(d);
	check_act(reopened, "notice", "</reopen>\n      <ta date=");
	free(reopened);
}
END_TEST

START_TEST(doc_kinds_and_namespace)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	enum clause_kind kind;
	const char *other = "<project xmlns=\"urn:maven\"/>";
	const char *wrong = "<agreement xmlns=\"urn:wrong\" id=\"a\" status=\"model\"/>";
	const char *tax = "<taxonomy xmlns=\"urn:clause:taxonomy:1\"/>";

	ck_assert_int_eq(clause_doc_load(&doc, &kind, "o.xml", other, strlen(other),
					 0, &p), CLAUSE_ENOTFOUND);
	ck_assert_uint_eq(p.n, 0);
	ck_assert_int_eq(clause_doc_load(&doc, &kind, "o.xml", other, strlen(other),
					 1, &p), CLAUSE_EINVALID);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_int_eq(clause_doc_load(&doc, &kind, "w.xml", wrong, strlen(wrong),
					 0, &p), CLAUSE_EINVALID);
	ck_assert_uint_eq(p.n, 2);
	ck_assert_ptr_nonnull(strstr(p.v[1].message, "namespace"));
	ck_assert_int_eq(clause_doc_load(&doc, &kind, "t.xml", tax, strlen(tax),
					 0, &p), 0);
	ck_assert_int_eq(kind, CLAUSE_KIND_TAXONOMY);
	ck_assert_ptr_null(doc);
	clause_problems_release(&p);
}
END_TEST

/* Conflicts settled by one side: byte edits that see through nested
 * clauses, comments and CDATA holding tag-like text, in a prefixed
 * document on few lines. */
START_TEST(doc_conflicts_resolved_in_place)
{
	static const char *text =
		"<c:agreement xmlns:c=\"urn:clause:1\" id=\"d\" status=\"proposal\">"
		"<c:meta><c:title>T</c:title><c:party role=\"union\" id=\"u\">U</c:party>"
		"</c:meta>\n"
		"  <c:article id=\"a\">\n"
		"    <c:conflict clause=\"x\">"
		"<c:ours by=\"ours\"><c:clause id=\"x\" category=\"adjustment.notice\">"
		"<c:p>Ours <!-- </c:clause></c:conflict> --> 10.</c:p>"
		"<c:clause id=\"x1\" category=\"adjustment.notice\"><c:p>Sub.</c:p></c:clause>"
		"</c:clause></c:ours>"
		"<c:base by=\"merge base\"><c:clause id=\"x\" category=\"adjustment.notice\">"
		"<c:p><![CDATA[Base </c:ours> & 5]]>.</c:p></c:clause></c:base>"
		"<c:theirs by=\"origin/main\"/></c:conflict>\n"
		"    <c:clause id=\"y\" category=\"adjustment.notice\"><c:p>Y.</c:p></c:clause>\n"
		"  </c:article>\n"
		"</c:agreement>\n";
	struct clause_doc *d = load(text), *again;
	struct clause_buf out = CLAUSE_BUF_INIT;
	unsigned char pick[1] = { 1 };

	ck_assert_uint_eq(d->nconflicts, 1);
	ck_assert_str_eq(d->conflicts[0].clause, "x");
	ck_assert_str_eq(d->conflicts[0].by[CLAUSE_SIDE_THEIRS], "origin/main");
	ck_assert_ptr_null(d->conflicts[0].side[CLAUSE_SIDE_THEIRS]);
	ck_assert_str_eq(d->conflicts[0].side[CLAUSE_SIDE_BASE]->text, "Base </c:ours> & 5.");
	ck_assert_str_eq(d->conflicts[0].side[CLAUSE_SIDE_OURS]->article, "a");
	ck_assert_ptr_eq(clause_doc_conflict(d, "x"), &d->conflicts[0]);
	ck_assert_ptr_null(clause_doc_conflict(d, "y"));

	/* ours: its clause, sub-clause and comment, on the conflict's line */
	ck_assert_int_eq(clause_doc_resolve(&out, d, pick, CLAUSE_SIDE_OURS), 0);
	ck_assert_msg(strstr(out.ptr, "  <c:article id=\"a\">\n    <c:clause id=\"x\" "
			     "category=\"adjustment.notice\"><c:p>Ours <!-- "
			     "</c:clause></c:conflict> --> 10.</c:p><c:clause id=\"x1\""),
		      "%s", out.ptr);
	again = load(out.ptr);
	ck_assert_uint_eq(again->nconflicts, 0);
	ck_assert_uint_eq(again->nclauses, 3);
	ck_assert_str_eq(clause_doc_clause(again, "x1")->parent, "x");
	clause_doc_free(again);

	/* base: the CDATA kept as written */
	ck_assert_int_eq(clause_doc_resolve(&out, d, pick, CLAUSE_SIDE_BASE), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "<c:p><![CDATA[Base </c:ours> & 5]]>.</c:p>"));
	again = load(out.ptr);
	ck_assert_str_eq(clause_doc_clause(again, "x")->text, "Base </c:ours> & 5.");
	clause_doc_free(again);

	/* theirs removed it: the conflict's line goes, the rest stays */
	ck_assert_int_eq(clause_doc_resolve(&out, d, pick, CLAUSE_SIDE_THEIRS), 0);
	{
		const char *a = strstr(text, "    <c:conflict");
		const char *b = strstr(a, "</c:conflict>\n") + 14;
		struct clause_buf expect = CLAUSE_BUF_INIT;

		clause_buf_put(&expect, text, (size_t)(a - text));
		clause_buf_puts(&expect, b);
		ck_assert_str_eq(out.ptr, expect.ptr);
		clause_buf_release(&expect);
	}
	/* nothing picked: the same bytes */
	pick[0] = 0;
	ck_assert_int_eq(clause_doc_resolve(&out, d, pick, CLAUSE_SIDE_THEIRS), 0);
	ck_assert_str_eq(out.ptr, text);
	clause_doc_free(d);
	clause_buf_release(&out);
}
END_TEST

/* References in many clauses: each clause's refs were collected with a
 * fresh capacity, so the ninth ref of a document was written past the
 * end of the array (found by tests/fuzz/fuzz_merge; ASan in make check
 * SANITIZE=1 sees the write, the plain build sees the refs). */
START_TEST(doc_refs_of_many_clauses)
{
	struct clause_buf text = CLAUSE_BUF_INIT;
	struct clause_doc *d;

	clause_buf_puts(&text, "<agreement xmlns=\"urn:clause:1\" id=\"d\" "
			"status=\"proposal\"><meta><title>T</title><party "
			"role=\"union\" id=\"u\">U</party></meta>"
			"<article id=\"a\"><note>See <ref to=\"c0\">0</ref>.</note>\n");
	for (int i = 0; i < 40; i++)
		clause_buf_printf(&text, "<clause id=\"c%d\" category=\"adjustment."
				  "notice\"><p>See <ref to=\"c%d\">x</ref> and <ref "
				  "to=\"c%d\">y</ref>.</p></clause>\n", i,
				  (i + 1) % 40, (i + 2) % 40);
	clause_buf_puts(&text, "</article></agreement>\n");
	d = load(text.ptr);
	ck_assert_uint_eq(d->nrefs, 81);
	ck_assert_str_eq(d->refs[0].to, "c0");
	for (int i = 0; i < 40; i++) {
		char want[16];
		snprintf(want, sizeof(want), "c%d", (i + 2) % 40);
		ck_assert_str_eq(d->refs[2 + 2 * i].to, want);
	}
	clause_doc_free(d);
	clause_buf_release(&text);
}
END_TEST

START_TEST(doc_renders_text)
{
	struct clause_doc *d = load(sample);
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_doc_render_text(&b, d, clause_doc_clause(d, "notice"), 0);
	ck_assert_ptr_nonnull(strstr(b.ptr, "6.2 Notice  [ups/notice]\n"));
	ck_assert_ptr_nonnull(strstr(b.ptr, "  At least 45 days before.\n"));
	ck_assert_ptr_nonnull(strstr(b.ptr, "  [ups/contents]\n"));
	clause_buf_release(&b);
	clause_doc_free(d);
}
END_TEST

START_TEST(taxonomy_builtin_and_extension)
{
	struct clause_taxonomy t = CLAUSE_TAXONOMY_INIT;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	const char *ext =
		"<taxonomy xmlns=\"urn:clause:taxonomy:1\">"
		"<category id=\"guardrail\"><label>G</label><definition>d</definition>"
		"<category id=\"scheduling\"><label>S</label><definition>Algorithmic "
		"scheduling.</definition></category></category></taxonomy>";
	const char *bad = "<taxonomy xmlns=\"urn:clause:taxonomy:1\"><category id=\"X\"/></taxonomy>";
	size_t leaves = 0, families = 0, at = 0, last_guardrail = 0;

	ck_assert_int_eq(clause_taxonomy_load_builtin(&t), 0);
	for (size_t i = 0; i < t.n; i++) {
		leaves += t.v[i].leaf;
		families += t.v[i].depth == 0;
	}
	ck_assert_uint_eq(leaves, 28);
	ck_assert_uint_eq(families, 3);
	ck_assert_ptr_nonnull(clause_taxonomy_find(&t, "neutrality.card-check"));
	ck_assert_ptr_null(clause_taxonomy_find(&t, "guardrail.scheduling"));
	ck_assert_int_eq(clause_taxonomy_add(&t, "ext.xml", ext, strlen(ext), &p), 0);
	ck_assert_ptr_nonnull(clause_taxonomy_find(&t, "guardrail.scheduling"));
	/* Inserted inside the guardrail subtree, which keeps its definition. */
	for (size_t i = 0; i < t.n; i++) {
		if (strcmp(t.v[i].name, "guardrail.scheduling") == 0)
			at = i;
		if (strncmp(t.v[i].name, "guardrail.", 10) == 0)
			last_guardrail = i;
	}
	ck_assert_uint_eq(at, last_guardrail);
	ck_assert_str_ne(clause_taxonomy_find(&t, "guardrail")->definition, "d");
	ck_assert_int_eq(clause_taxonomy_add(&t, "bad.xml", bad, strlen(bad), &p),
			 CLAUSE_EINVALID);
	ck_assert_uint_ge(p.n, 1);
	clause_problems_release(&p);
	clause_taxonomy_release(&t);
}
END_TEST

/* The built-in taxonomy is not checked against the schema when it is
 * loaded: it must pass the check the files of a library pass, and load
 * the same categories through it. */
START_TEST(taxonomy_builtin_valid)
{
	struct clause_taxonomy quick = CLAUSE_TAXONOMY_INIT;
	struct clause_taxonomy checked = CLAUSE_TAXONOMY_INIT;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	xmlDocPtr xml = NULL;
	size_t len;
	const char *data = clause_xml_builtin_taxonomy(&len);

	ck_assert_int_eq(clause_xml_parse(&xml, "built-in", data, len, &p), 0);
	ck_assert_int_eq(clause_xml_validate(CLAUSE_SCHEMA_TAXONOMY, xml, "built-in",
					     data, len, &p), 0);
	ck_assert_uint_eq(p.n, 0);
	xmlFreeDoc(xml);
	ck_assert_int_eq(clause_taxonomy_load_builtin(&quick), 0);
	ck_assert_int_eq(clause_taxonomy_add(&checked, "built-in", data, len, &p), 0);
	ck_assert_uint_eq(quick.n, checked.n);
	for (size_t i = 0; i < quick.n; i++) {
		ck_assert_str_eq(quick.v[i].name, checked.v[i].name);
		ck_assert_str_eq(quick.v[i].label, checked.v[i].label);
		ck_assert_int_eq(quick.v[i].leaf, checked.v[i].leaf);
	}
	clause_taxonomy_release(&quick);
	clause_taxonomy_release(&checked);
	clause_problems_release(&p);
}
END_TEST

/* A deterministic pseudo-random number below n (a fixed LCG, so that a
 * failure can be replayed). */
static unsigned next_rand(unsigned long long *state, unsigned n)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((*state >> 33) % n);
}

/* Random text for a block: words of 0 to 40 characters (past the 8 bytes
 * copied at a time), ASCII, multi-byte UTF-8, escapes and no-break spaces
 * between runs of white space of every kind, and now and then inline
 * markup (where `elements` allows it), a comment or a CDATA section. */
static void random_text(struct clause_buf *b, unsigned long long *st,
			int elements)
{
	static const char *const bits[] = {
		"a", "Z", "9", ".", "-", "caf\xc3\xa9", "\xe2\x82\xac", "&amp;",
		"&lt;", "&#233;", "\xc2\xa0", "&#xA0;", "!", "~", "\xf0\x9f\x98\x80"
	};
	static const char *const spaces[] = {
		" ", "\n", "\t", "\r\n", "  ", "\n        ", "&#9;", "&#10;",
		"&#32;", "&#13;"
	};
	unsigned words = next_rand(st, 30);

	for (unsigned i = 0; i < words; i++) {
		unsigned len = next_rand(st, 41), markup = next_rand(st, 12);

		if (!elements && (markup == 0 || markup == 3))
			markup = 4;
		if (next_rand(st, 3))
			clause_buf_puts(b, spaces[next_rand(st, 10)]);
		if (markup == 0)
			clause_buf_puts(b, "<em>");
		else if (markup == 1)
			clause_buf_puts(b, "<!-- c -->");
		else if (markup == 2)
			clause_buf_puts(b, "<![CDATA[x \n y]]>");
		else if (markup == 3)
			clause_buf_puts(b, "<quantity unit=\"days\">4</quantity>");
		for (unsigned k = 0; k < len; k++)
			clause_buf_puts(b, bits[next_rand(st, 15)]);
		if (markup == 0)
			clause_buf_puts(b, "</em>");
	}
}

/* The text of a clause as it was built before it was done in one pass:
 * each block through clause_xml_text, one space between. */
static char *reference_text(xmlNodePtr clause)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	for (xmlNodePtr k = clause->children; k; k = k->next) {
		char *t;
		if (!clause_xml_is(k, "p") && !clause_xml_is(k, "list") &&
		    !clause_xml_is(k, "note"))
			continue;
		t = clause_xml_text(k);
		if (*t) {
			if (b.len)
				clause_buf_putc(&b, ' ');
			clause_buf_puts(&b, t);
		}
		free(t);
	}
	return clause_buf_detach(&b);
}

static char *reference_child(xmlNodePtr clause, const char *name)
{
	for (xmlNodePtr k = clause->children; k; k = k->next)
		if (clause_xml_is(k, name))
			return clause_xml_text(k);
	return NULL;
}

/* Loaded with CLAUSE_DOC_LAZY (a compact, read-only tree), the texts
 * filled in afterwards are those of the whole load. */
static void check_lazy(const struct clause_doc *whole, const char *text)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *d = NULL;

	ck_assert_int_eq(clause_doc_load_ex(&d, NULL, "d.xml", text, strlen(text),
					    1, CLAUSE_DOC_LAZY, &p), 0);
	ck_assert_uint_eq(d->nclauses, whole->nclauses);
	for (size_t i = 0; i < d->nclauses; i++) {
		struct clause_clause *c = &d->clauses[i];
		ck_assert_ptr_null(c->text);
		ck_assert_int_eq(clause_doc_fill_text(d, c), 0);
		ck_assert_str_eq(c->text, whole->clauses[i].text);
		ck_assert_str_eq(c->hash, whole->clauses[i].hash);
		if (c->num || whole->clauses[i].num)
			ck_assert_str_eq(c->num, whole->clauses[i].num);
		if (c->heading || whole->clauses[i].heading)
			ck_assert_str_eq(c->heading, whole->clauses[i].heading);
	}
	clause_doc_free(d);
	clause_problems_release(&p);
}

/* Clause text, number, heading and version hash are what clause_xml_text
 * gives, for random text. */
START_TEST(doc_text_matches_clause_xml_text)
{
	unsigned long long st = 42;

	for (int round = 0; round < 300; round++) {
		struct clause_buf x = CLAUSE_BUF_INIT, v = CLAUSE_BUF_INIT;
		struct clause_doc *d;

		clause_buf_puts(&x, "<agreement xmlns=\"urn:clause:1\" id=\"a\" "
				"status=\"model\"><meta><title>t</title><party "
				"role=\"union\" id=\"u\">U</party></meta>");
		for (int c = 0; c < 4; c++) {
			clause_buf_printf(&x, "<clause id=\"c%d\" category=\"x.y\">", c);
			if (next_rand(&st, 2)) {
				clause_buf_puts(&x, "<num>");
				random_text(&x, &st, 0);
				clause_buf_puts(&x, "x</num><heading>x");
				random_text(&x, &st, 0);
				clause_buf_puts(&x, "</heading>");
			}
			for (unsigned p = next_rand(&st, 3) + 1; p > 0; p--) {
				const char *tag = next_rand(&st, 4) ? "p" : "note";
				clause_buf_printf(&x, "<%s>", tag);
				random_text(&x, &st, 1);
				clause_buf_printf(&x, "</%s>", tag);
			}
			clause_buf_puts(&x, "</clause>");
		}
		clause_buf_puts(&x, "</agreement>");
		d = load(x.ptr);
		ck_assert_uint_eq(d->nclauses, 4);
		check_lazy(d, x.ptr);
		for (size_t i = 0; i < d->nclauses; i++) {
			struct clause_clause *c = &d->clauses[i];
			char *t = reference_text(c->node);
			char *num = reference_child(c->node, "num");
			char *heading = reference_child(c->node, "heading");
			char hash[41];

			ck_assert_str_eq(c->text, t);
			if (num)
				ck_assert_str_eq(c->num, num);
			else
				ck_assert_ptr_null(c->num);
			if (heading)
				ck_assert_str_eq(c->heading, heading);
			else
				ck_assert_ptr_null(c->heading);
			clause_buf_clear(&v);
			clause_buf_printf(&v, "%s\n\n%s", heading ? heading : "", t);
			clause_hash_hex(hash, v.ptr, v.len);
			ck_assert_str_eq(c->hash, hash);
			free(t);
			free(num);
			free(heading);
		}
		clause_doc_free(d);
		clause_buf_release(&x);
		clause_buf_release(&v);
	}
}
END_TEST

Suite *suite_doc(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("doc");

	tcase_add_test(tc, doc_extracts_metadata_and_clauses);
	tcase_add_test(tc, doc_version_ignores_number_and_layout);
	tcase_add_test(tc, doc_kinds_and_namespace);
	tcase_add_test(tc, doc_acts_recorded_in_place);
	tcase_add_test(tc, doc_conflicts_resolved_in_place);
	tcase_add_test(tc, doc_refs_of_many_clauses);
	tcase_add_test(tc, doc_renders_text);
	tcase_add_test(tc, doc_text_matches_clause_xml_text);
	suite_add_tcase(s, tc);
	return s;
}

Suite *suite_taxonomy(void)
{
	Suite *s = suite_create("taxonomy");
	TCase *tc = tcase_create("taxonomy");

	tcase_add_test(tc, taxonomy_builtin_and_extension);
	tcase_add_test(tc, taxonomy_builtin_valid);
	suite_add_tcase(s, tc);
	return s;
}
