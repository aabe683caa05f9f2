/* check_merge.c: word-level and clause-keyed three-way merges. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "doc.h"
#include "error.h"
#include "merge.h"

static int text(const char *base, const char *ours, const char *theirs,
		char **out)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	int r = clause_merge_text(&b, base, ours, theirs);

	*out = clause_buf_detach(&b);
	return r;
}

START_TEST(merge_text_takes_each_sides_words)
{
	char *out;

	ck_assert_int_eq(text("give 45 days notice to the union",
			      "give 90 days notice to the union",
			      "give 45 days written notice to the local union", &out), 0);
	ck_assert_str_eq(out, "give 90 days written notice to the local union");
	free(out);
	/* Both sides made the same change: once. */
	ck_assert_int_eq(text("a b c", "a x c", "a x c", &out), 0);
	ck_assert_str_eq(out, "a x c");
	free(out);
	/* Reflowing is not a change. */
	ck_assert_int_eq(text("a b\n  c d", "a b c\n  d", "a b\n  c e", &out), 0);
	ck_assert_str_eq(out, "a b c\n  e");
	free(out);
}
END_TEST

START_TEST(merge_text_refuses_overlap)
{
	char *out;

	ck_assert_int_eq(text("notice of 45 days", "notice of 90 days",
			      "notice of 60 days", &out), CLAUSE_ENOTFOUND);
	free(out);
	ck_assert_int_eq(text("<p>x</p>", "<p>y</p>", "<p>z</p>", &out),
			 CLAUSE_ENOTFOUND);
	free(out);
}
END_TEST

#define HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n" \
	"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
#define ART(id, body) "  <article id=\"" id "\">\n" body "  </article>\n"
#define CL(id, text) \
	"    <clause id=\"" id "\" category=\"adjustment.notice\"><p>" text "</p></clause>\n"
#define TAIL "</agreement>\n"

static struct clause_doc *merge(const char *b, const char *o, const char *t,
				size_t *conflicts)
{
	struct clause_merge_input base = { b, b ? strlen(b) : 0, "base" };
	struct clause_merge_input ours = { o, strlen(o), "ours" };
	struct clause_merge_input theirs = { t, strlen(t), "theirs" };
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_doc *doc = NULL;

	ck_assert_int_eq(clause_merge_doc(&out, conflicts, "d.xml", &base, &ours,
					  &theirs, &p), 0);
	ck_assert_int_eq(clause_doc_load(&doc, NULL, "merged.xml", out.ptr,
					 out.len, 1, &p), 0);
	clause_buf_release(&out);
	clause_problems_release(&p);
	return doc;
}

START_TEST(merge_doc_move_and_edit)
{
	const char *b = HEAD ART("a", CL("x", "X one.") CL("y", "Y one."))
		ART("c", CL("z", "Z one.")) TAIL;
	/* Ours edits y; theirs moves y to article c and edits x. */
	const char *o = HEAD ART("a", CL("x", "X one.") CL("y", "Y two."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *t = HEAD ART("a", CL("x", "X three."))
		ART("c", CL("z", "Z one.") CL("y", "Y one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(b, o, t, &conflicts);

	ck_assert_uint_eq(conflicts, 0);
	ck_assert_str_eq(clause_doc_clause(d, "x")->text, "X three.");
	ck_assert_str_eq(clause_doc_clause(d, "y")->text, "Y two.");
	ck_assert_str_eq(clause_doc_clause(d, "y")->article, "c");
	ck_assert_uint_eq(d->nclauses, 3);
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_without_base_and_new_article)
{
	const char *o = HEAD ART("a", CL("x", "X.")) TAIL;
	const char *t = HEAD ART("a", CL("x", "X.")) ART("n", CL("w", "W.")) TAIL;
	const char *t2 = HEAD ART("a", CL("x", "Other X.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(NULL, o, t, &conflicts);

	ck_assert_uint_eq(conflicts, 0);
	ck_assert_ptr_nonnull(clause_doc_clause(d, "w"));
	ck_assert_str_eq(clause_doc_clause(d, "w")->article, "n");
	clause_doc_free(d);
	/* Added on both sides with different text: a conflict, both kept. */
	d = merge(NULL, o, t2, &conflicts);
	ck_assert_uint_eq(conflicts, 1);
	ck_assert_uint_eq(d->nconflicts, 1);
	ck_assert_str_eq(d->conflicts[0].clause, "x");
	ck_assert_ptr_null(clause_doc_clause(d, "x"));
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_refuses_invalid_sides)
{
	struct clause_merge_input base = { NULL, 0, "base" };
	struct clause_merge_input ours = { "<not-clause/>", 13, "ours" };
	struct clause_merge_input theirs = { "<x/>", 4, "theirs" };
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	size_t conflicts;

	ck_assert_int_eq(clause_merge_doc(&out, &conflicts, "d.xml", &base, &ours,
					  &theirs, &p), CLAUSE_EINVALID);
	ck_assert_uint_ge(p.n, 1);
	clause_buf_release(&out);
	clause_problems_release(&p);
}
END_TEST

Suite *suite_merge(void)
{
	Suite *s = suite_create("merge");
	TCase *tc = tcase_create("merge");

	tcase_add_test(tc, merge_text_takes_each_sides_words);
	tcase_add_test(tc, merge_text_refuses_overlap);
	tcase_add_test(tc, merge_doc_move_and_edit);
	tcase_add_test(tc, merge_doc_without_base_and_new_article);
	tcase_add_test(tc, merge_doc_refuses_invalid_sides);
	suite_add_tcase(s, tc);
	return s;
}
