/* check_doc.c: loading documents into structs; the taxonomy. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "taxonomy.h"
#include "xml.h"

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

Suite *suite_doc(void)
{
	Suite *s = suite_create("doc");
	TCase *tc = tcase_create("doc");

	tcase_add_test(tc, doc_extracts_metadata_and_clauses);
	tcase_add_test(tc, doc_version_ignores_number_and_layout);
	tcase_add_test(tc, doc_kinds_and_namespace);
	tcase_add_test(tc, doc_renders_text);
	suite_add_tcase(s, tc);
	return s;
}

Suite *suite_taxonomy(void)
{
	Suite *s = suite_create("taxonomy");
	TCase *tc = tcase_create("taxonomy");

	tcase_add_test(tc, taxonomy_builtin_and_extension);
	suite_add_tcase(s, tc);
	return s;
}
