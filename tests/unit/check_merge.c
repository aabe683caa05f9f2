/* check_merge.c: word-level and clause-keyed three-way merges. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/error.h"
#include "merge/merge.h"

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

/* How many clauses of d have id `id` (a clean merge: at most one). */
static size_t count_id(const struct clause_doc *d, const char *id)
{
	size_t n = 0;

	for (size_t i = 0; i < d->nclauses; i++)
		n += strcmp(d->clauses[i].id, id) == 0;
	return n;
}

/* The merge gave one conflict, over clause `id`, which stands nowhere
 * else. */
static void one_conflict(const struct clause_doc *d, size_t conflicts,
			 const char *id)
{
	ck_assert_uint_eq(conflicts, 1);
	ck_assert_uint_eq(d->nconflicts, 1);
	ck_assert_str_eq(d->conflicts[0].clause, id);
	ck_assert_uint_eq(count_id(d, id), 0);
}

/* The merge is clean and has clause `id` once, in `article`. */
static void once_in(const struct clause_doc *d, size_t conflicts,
		    const char *id, const char *article)
{
	ck_assert_uint_eq(conflicts, 0);
	ck_assert_uint_eq(count_id(d, id), 1);
	ck_assert_str_eq(clause_doc_clause(d, id)->article, article);
}

#define BASE3 HEAD ART("a", CL("x", "X one.") CL("y", "Y one.")) \
	ART("c", CL("z", "Z one.")) TAIL

START_TEST(merge_doc_move_into_new_article)
{
	/* Ours edits z; theirs moves y into an article of its own making. */
	const char *o = HEAD ART("a", CL("x", "X one.") CL("y", "Y one."))
		ART("c", CL("z", "Z two.")) TAIL;
	const char *t = HEAD ART("a", CL("x", "X one."))
		ART("c", CL("z", "Z one.")) ART("n", CL("y", "Y one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(BASE3, o, t, &conflicts);

	once_in(d, conflicts, "y", "n");
	ck_assert_uint_eq(d->nclauses, 3);
	ck_assert_str_eq(clause_doc_clause(d, "z")->text, "Z two.");
	clause_doc_free(d);
	/* The same with ours the side that moved it. */
	d = merge(BASE3, t, o, &conflicts);
	once_in(d, conflicts, "y", "n");
	ck_assert_uint_eq(d->nclauses, 3);
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_moves_to_two_places)
{
	const char *o = HEAD ART("a", CL("x", "X one."))
		ART("c", CL("z", "Z one.") CL("y", "Y one.")) TAIL;
	const char *t = HEAD ART("a", CL("x", "X one."))
		ART("c", CL("z", "Z one.")) ART("n", CL("y", "Y one.")) TAIL;
	const char *t2 = HEAD ART("a", CL("x", "X one.")) CL("y", "Y one.")
		ART("c", CL("z", "Z one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(BASE3, o, t, &conflicts);

	/* Moved to two different articles: a conflict, the clause in it. */
	one_conflict(d, conflicts, "y");
	clause_doc_free(d);
	/* Into an article and out of every article: a conflict too. */
	d = merge(BASE3, o, t2, &conflicts);
	one_conflict(d, conflicts, "y");
	clause_doc_free(d);
	/* Both moved it to the same article: clean, and once. */
	d = merge(BASE3, o, o, &conflicts);
	once_in(d, conflicts, "y", "c");
	clause_doc_free(d);
	d = merge(BASE3, t, t, &conflicts);
	once_in(d, conflicts, "y", "n");
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_added_to_removed_article)
{
	/* Ours removed article c (and z in it); theirs added w to it. */
	const char *o = HEAD ART("a", CL("x", "X one.") CL("y", "Y one.")) TAIL;
	const char *t = HEAD ART("a", CL("x", "X one.") CL("y", "Y one."))
		ART("c", CL("z", "Z one.") CL("w", "W one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(BASE3, o, t, &conflicts);

	ck_assert_uint_eq(conflicts, 0);
	ck_assert_uint_eq(count_id(d, "z"), 0);
	ck_assert_uint_eq(count_id(d, "w"), 1);
	ck_assert_ptr_null(clause_doc_clause(d, "w")->article);
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_delete_against_move)
{
	const char *del = HEAD ART("a", CL("x", "X one."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *mv = HEAD ART("a", CL("x", "X one."))
		ART("c", CL("z", "Z one.") CL("y", "Y one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(BASE3, del, mv, &conflicts);

	one_conflict(d, conflicts, "y");
	clause_doc_free(d);
	d = merge(BASE3, mv, del, &conflicts);
	one_conflict(d, conflicts, "y");
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_rename_against_edit)
{
	const char *ren = HEAD ART("a", CL("x", "X one.") CL("y2", "Y one."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *edit = HEAD ART("a", CL("x", "X one.") CL("y", "Y one and more."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *other = HEAD ART("a", CL("x", "X two.") CL("y", "Y one."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *ren_edit = HEAD ART("a", CL("x", "X one.") CL("y2", "Y one, reworded."))
		ART("c", CL("z", "Z one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d;

	/* The new id and the edit both apply: one clause, clean, whichever
	 * side renamed it. */
	for (int k = 0; k < 2; k++) {
		d = k ? merge(BASE3, edit, ren, &conflicts)
		      : merge(BASE3, ren, edit, &conflicts);
		once_in(d, conflicts, "y2", "a");
		ck_assert_uint_eq(count_id(d, "y"), 0);
		ck_assert_str_eq(clause_doc_clause(d, "y2")->text, "Y one and more.");
		ck_assert_uint_eq(d->nclauses, 3);
		clause_doc_free(d);
	}
	/* A new id with an edit against an edit of the same words: the
	 * words conflict; neither id stands beside the conflict. */
	d = merge(BASE3, ren_edit, edit, &conflicts);
	one_conflict(d, conflicts, "y");
	ck_assert_uint_eq(count_id(d, "y2"), 0);
	ck_assert_uint_eq(d->nclauses, 2);
	clause_doc_free(d);

	/* A rename beside an edit of another clause: clean. */
	d = merge(BASE3, other, ren, &conflicts);
	ck_assert_uint_eq(conflicts, 0);
	ck_assert_uint_eq(count_id(d, "y"), 0);
	ck_assert_str_eq(clause_doc_clause(d, "y2")->text, "Y one.");
	ck_assert_str_eq(clause_doc_clause(d, "x")->text, "X two.");
	clause_doc_free(d);
	d = merge(BASE3, ren, other, &conflicts);
	ck_assert_uint_eq(conflicts, 0);
	ck_assert_uint_eq(count_id(d, "y"), 0);
	ck_assert_uint_eq(count_id(d, "y2"), 1);
	clause_doc_free(d);
}
END_TEST

START_TEST(merge_doc_renames_on_both_sides)
{
	const char *ren = HEAD ART("a", CL("x", "X one.") CL("y2", "Y one."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *ren3 = HEAD ART("a", CL("x", "X one.") CL("y3", "Y one."))
		ART("c", CL("z", "Z one.")) TAIL;
	const char *add = HEAD ART("a", CL("x", "X one.") CL("y", "Y one.")
				   CL("y2", "Another clause entirely."))
		ART("c", CL("z", "Z one.")) TAIL;
	size_t conflicts = 9;
	struct clause_doc *d = merge(BASE3, ren, ren3, &conflicts);

	/* Two new ids for one clause: a conflict. */
	one_conflict(d, conflicts, "y");
	ck_assert_uint_eq(count_id(d, "y2") + count_id(d, "y3"), 0);
	clause_doc_free(d);
	/* The same new id on both sides: clean. */
	d = merge(BASE3, ren, ren, &conflicts);
	once_in(d, conflicts, "y2", "a");
	clause_doc_free(d);
	/* A new id that the other side gave a clause it added: the id is
	 * not doubled; the two clauses of that id conflict. */
	d = merge(BASE3, ren, add, &conflicts);
	one_conflict(d, conflicts, "y2");
	ck_assert_uint_eq(count_id(d, "y"), 0);
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
	tcase_add_test(tc, merge_doc_move_into_new_article);
	tcase_add_test(tc, merge_doc_moves_to_two_places);
	tcase_add_test(tc, merge_doc_delete_against_move);
	tcase_add_test(tc, merge_doc_added_to_removed_article);
	tcase_add_test(tc, merge_doc_rename_against_edit);
	tcase_add_test(tc, merge_doc_renames_on_both_sides);
	suite_add_tcase(s, tc);
	return s;
}

/* ---- histories: clause_merge_commits ------------------------------------ */

#include <unistd.h>

#include "git/commit.h"
#include "git/repo.h"

static git_commit *commit_of(struct clause_repo *repo, const char *rev)
{
	git_commit *c = NULL;

	ck_assert_int_eq(clause_repo_commit_of(&c, repo, rev), 0);
	return c;
}

/* A library with two branches that both changed d.xml since main. */
static char *diverged(struct clause_repo **repo, const char *ours_sed,
		      const char *theirs_sed)
{
	char *dir = test_tmpdir();

	ck_assert_int_eq(test_sh(dir,
		"git init -q -b main . && git config user.name T && "
		"git config user.email t@example.org && "
		"printf '%%s' '" HEAD ART("a", CL("x", "Notice of 45 days.")
					  CL("y", "Training of 20 hours.")) TAIL "' > d.xml && "
		"git add d.xml && git commit -qm base && "
		"git checkout -qb theirs && sed -i '%s' d.xml && git commit -qam theirs && "
		"git checkout -q main && sed -i '%s' d.xml && git commit -qam ours",
		theirs_sed, ours_sed), 0);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(clause_repo_open(repo, NULL, 1), 0);
	return dir;
}

START_TEST(merge_commits_clean)
{
	struct clause_repo *repo;
	char *dir = diverged(&repo, "s/45 days/90 days/", "s/20 hours/40 hours/");
	git_commit *o = commit_of(repo, "main"), *t = commit_of(repo, "theirs");
	git_oid out;
	size_t n = 9;

	ck_assert_int_eq(clause_merge_commits(&out, &n, repo, o, t, "theirs"), 0);
	ck_assert_uint_eq(n, 0);
	ck_assert_int_eq(test_sh(".", "test \"$(git rev-parse HEAD)\" = %s",
				 git_oid_tostr_s(&out)), 0);
	ck_assert_int_eq(test_sh(".", "test $(git rev-list --parents -n1 HEAD | wc -w) = 3"), 0);
	ck_assert_int_eq(test_sh(".", "grep -q '90 days' d.xml && grep -q '40 hours' d.xml"), 0);
	ck_assert_int_eq(test_sh(".", "test -z \"$(git status --porcelain)\""), 0);
	ck_assert_int_eq(test_sh(".", "git fsck --strict"), 0);
	git_commit_free(o);
	git_commit_free(t);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(merge_commits_conflict_then_commit)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	char *dir = diverged(&repo, "s/45 days/90 days/", "s/45 days/60 days/");
	git_commit *o = commit_of(repo, "main"), *t = commit_of(repo, "theirs");
	char before[GIT_OID_HEXSZ + 1];
	git_oid out;
	size_t n = 0;

	git_oid_tostr(before, sizeof(before), git_commit_id(o));
	ck_assert_int_eq(clause_merge_commits(&out, &n, repo, o, t, "theirs"),
			 CLAUSE_ECONFLICT);
	ck_assert_uint_eq(n, 1);
	/* The branch has not moved; the conflict keeps all three texts. */
	ck_assert_int_eq(test_sh(".", "test \"$(git rev-parse HEAD)\" = %s", before), 0);
	ck_assert_int_eq(test_sh(".", "grep -q '<conflict clause=\"x\"' d.xml && "
				 "grep -q '90 days' d.xml && grep -q '60 days' d.xml && "
				 "grep -q '45 days' d.xml && test -f .git/MERGE_HEAD"), 0);
	/* commit refuses until resolved, then makes the merge commit. */
	ck_assert_int_eq(clause_commit_worktree(&out, repo, "merge", NULL, 0, &p),
			 CLAUSE_EINVALID);
	clause_problems_release(&p);
	ck_assert_int_eq(test_sh(".", "sed -i '/<conflict/,/<\\/conflict>/c\\"
				 CL("x", "Notice of 75 days.") "' d.xml"), 0);
	ck_assert_int_eq(clause_commit_worktree(&out, repo, "merge", NULL, 0, &p), 0);
	ck_assert_int_eq(test_sh(".", "test $(git rev-list --parents -n1 HEAD | wc -w) = 3 && "
				 "test ! -f .git/MERGE_HEAD && grep -q '75 days' d.xml"), 0);
	clause_problems_release(&p);
	git_commit_free(o);
	git_commit_free(t);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(merge_commits_refuses_dirty_tree)
{
	struct clause_repo *repo;
	char *dir = diverged(&repo, "s/45 days/90 days/", "s/20 hours/40 hours/");
	git_commit *o = commit_of(repo, "main"), *t = commit_of(repo, "theirs");
	git_oid out;
	size_t n;

	ck_assert_int_eq(test_sh(".", "echo '<!-- local -->' >> d.xml"), 0);
	ck_assert_int_eq(clause_merge_commits(&out, &n, repo, o, t, "theirs"),
			 CLAUSE_EINVALID);
	ck_assert_int_eq(test_sh(".", "grep -q 'local' d.xml && "
				 "test $(git rev-list --parents -n1 HEAD | wc -w) = 2"), 0);
	git_commit_free(o);
	git_commit_free(t);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

Suite *suite_mergetree(void)
{
	Suite *s = suite_create("mergetree");
	TCase *tc = tcase_create("mergetree");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, merge_commits_clean);
	tcase_add_test(tc, merge_commits_conflict_then_commit);
	tcase_add_test(tc, merge_commits_refuses_dirty_tree);
	suite_add_tcase(s, tc);
	return s;
}
