/* check_repo.c: the library in git: commit, rounds, history. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "git/history.h"
#include "git/commit.h"
#include "git/repo.h"

static char *new_repo(struct clause_repo **repo)
{
	char *dir = test_tmpdir();
	char *top = NULL;
	int existed = -1;

	ck_assert_int_eq(clause_repo_init(&top, dir, &existed), 0);
	ck_assert_int_eq(existed, 0);
	free(top);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(clause_repo_open(repo, NULL, 1), 0);
	return dir;
}

static void put(const char *name, const char *id, const char *clauses)
{
	char text[8192];

	snprintf(text, sizeof(text), DOC_HEAD "%s</agreement>\n", id, clauses);
	test_write(name, text);
}

static void head_of(struct clause_repo *repo, char out[41])
{
	git_oid oid;

	if (git_reference_name_to_id(&oid, repo->git, "HEAD") < 0)
		strcpy(out, "none");
	else
		git_oid_tostr(out, 41, &oid);
}

#define NOTICE(days) \
	"  <clause id=\"notice\" category=\"adjustment.notice\"><num>1</num>" \
	"<p>Notice of " days " days.</p></clause>\n"

START_TEST(repo_commit_validates_first)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	char *dir = new_repo(&repo);
	char before[41], after[41];
	git_oid oid;

	ck_assert_str_eq(repo->prefix, "");
	put("a.xml", "a", NOTICE("45"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "first", NULL, 0, &p), 0);
	head_of(repo, before);
	ck_assert_str_ne(before, "none");
	/* One invalid document among valid ones: nothing is committed. */
	put("a.xml", "a", NOTICE("90"));
	put("b.xml", "b", "  <clause id=\"x\" category=\"no.such\"><p>x</p></clause>\n");
	put("c.xml", "c", NOTICE("60"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "second", NULL, 0, &p),
			 CLAUSE_EINVALID);
	ck_assert_uint_eq(p.n, 1);
	ck_assert_str_eq(p.v[0].path, "b.xml");
	head_of(repo, after);
	ck_assert_str_eq(before, after);
	ck_assert_int_eq(test_sh(".", "git diff --cached --quiet"), 0);
	ck_assert_int_eq(test_sh(".", "test \"$(git ls-files)\" = a.xml"), 0);
	clause_problems_release(&p);
	/* Fixed, it goes in; then nothing is left to commit. */
	unlink("b.xml");
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "second", NULL, 0, &p), 0);
	ck_assert_int_eq(test_sh(".", "test \"$(git log --format=%%s | head -1)\" = second"), 0);
	ck_assert_int_eq(test_sh(".", "git fsck --strict"), 0);
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "again", NULL, 0, &p),
			 CLAUSE_ENOTFOUND);
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "  \n", NULL, 0, &p),
			 CLAUSE_EUSAGE);
	clause_problems_release(&p);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(repo_commit_paths_only)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	char *dir = new_repo(&repo);
	char *paths[] = { "a.xml" };
	git_oid oid;

	put("a.xml", "a", NOTICE("45"));
	put("b.xml", "b", NOTICE("45"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "a only", paths, 1, &p), 0);
	ck_assert_int_eq(test_sh(".", "test \"$(git ls-files)\" = a.xml"), 0);
	ck_assert_int_eq(test_sh(".", "git status --porcelain | grep -q '^?? b.xml'"), 0);
	clause_problems_release(&p);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(repo_rounds_are_annotated_tags)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_rounds rounds;
	char *dir = new_repo(&repo);
	git_oid oid;

	put("a.xml", "a", NOTICE("45"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "r1", NULL, 0, &p), 0);
	ck_assert_int_eq(clause_round_add(repo, "1", NULL, "Union proposal", "union"), 0);
	ck_assert_int_eq(clause_round_add(repo, "1", NULL, NULL, NULL), CLAUSE_EEXISTS);
	ck_assert_int_eq(clause_round_add(repo, "a..b", NULL, NULL, NULL), CLAUSE_EUSAGE);
	ck_assert_int_eq(clause_round_add(repo, "x/y", NULL, NULL, NULL), CLAUSE_EUSAGE);
	ck_assert_int_eq(test_sh(".", "test \"$(git cat-file -t refs/tags/round/1)\" = tag"), 0);
	ck_assert_int_eq(clause_round_list(&rounds, repo), 0);
	ck_assert_uint_eq(rounds.n, 1);
	ck_assert_str_eq(rounds.v[0].name, "1");
	ck_assert_str_eq(rounds.v[0].party, "union");
	ck_assert_str_eq(rounds.v[0].note, "Union proposal");
	ck_assert_str_eq(rounds.v[0].commit, git_oid_tostr_s(&oid));
	clause_rounds_release(&rounds);
	clause_problems_release(&p);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(history_follows_clause_across_moves)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_log log;
	char *dir = new_repo(&repo);
	git_oid oid;

	put("a.xml", "a", NOTICE("45"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "one", NULL, 0, &p), 0);
	ck_assert_int_eq(clause_round_add(repo, "1", NULL, NULL, NULL), 0);
	/* Renumbered only: not a new version. */
	put("a.xml", "a", "  <clause id=\"notice\" category=\"adjustment.notice\">"
			  "<num>2</num><p>Notice of 45 days.</p></clause>\n");
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "renumber", NULL, 0, &p), 0);
	/* Moved to another file (and another clause added): not a version. */
	ck_assert_int_eq(test_sh(".", "mkdir sub && git mv a.xml sub/moved.xml"), 0);
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "move", NULL, 0, &p), 0);
	put("sub/moved.xml", "a", NOTICE("90"));
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "ninety", NULL, 0, &p), 0);
	ck_assert_int_eq(clause_round_add(repo, "2", NULL, NULL, NULL), 0);
	ck_assert_int_eq(clause_history(&log, repo, NULL, "a", "notice", 0, NULL), 0);
	ck_assert_uint_eq(log.n, 2);
	ck_assert_str_eq(log.v[0].subject, "ninety");
	ck_assert_str_eq(log.v[0].change, "modified");
	ck_assert_str_eq(log.v[0].path, "sub/moved.xml");
	ck_assert_uint_eq(log.v[0].nrounds, 1);
	ck_assert_str_eq(log.v[0].rounds[0], "2");
	ck_assert_str_eq(log.v[1].subject, "one");
	ck_assert_str_eq(log.v[1].change, "added");
	ck_assert_uint_eq(log.v[1].nrounds, 1);
	ck_assert_str_eq(log.v[1].rounds[0], "1");
	clause_log_release(&log);
	/* The document's own log sees every change of its bytes. */
	ck_assert_int_eq(clause_history(&log, repo, NULL, "a", NULL, 0, NULL), 0);
	ck_assert_uint_eq(log.n, 3);
	clause_log_release(&log);
	ck_assert_int_eq(clause_history(&log, repo, NULL, "a", "nope", 0, NULL),
			 CLAUSE_ENOTFOUND);
	ck_assert_int_eq(clause_history(&log, repo, NULL, NULL, NULL, 2, NULL), 0);
	ck_assert_uint_eq(log.n, 2);
	clause_log_release(&log);
	clause_problems_release(&p);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

Suite *suite_repo(void)
{
	Suite *s = suite_create("repo");
	TCase *tc = tcase_create("repo");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, repo_commit_validates_first);
	tcase_add_test(tc, repo_commit_paths_only);
	tcase_add_test(tc, repo_rounds_are_annotated_tags);
	suite_add_tcase(s, tc);
	return s;
}

Suite *suite_history(void)
{
	Suite *s = suite_create("history");
	TCase *tc = tcase_create("history");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, history_follows_clause_across_moves);
	suite_add_tcase(s, tc);
	return s;
}
