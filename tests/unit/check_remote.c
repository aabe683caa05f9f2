/* check_remote.c: remotes over local bare repositories: clone, push,
 * fetch, pull (and its merge step), refusals. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "git/remote.h"
#include "git/commit.h"
#include "git/repo.h"

/* A bare "server" with one commit of a valid document, in dir/fed.git
 * (made once), and a clone of it in dir/NAME opened as *repo. */
static void setup_pair(const char *dir, const char *name,
		       struct clause_repo **repo)
{
	char path[4096];
	char *out = NULL;

	ck_assert_int_eq(test_sh(dir, "test -d fed.git || { git init -q -b main work && "
		"printf '" DOC_HEAD "  <clause id=\"c\" category=\"adjustment.notice\">"
		"<p>Notice.</p></clause>\\n</agreement>\\n' >work/a.xml && "
		"git -C work add a.xml && git -C work -c user.name=U "
		"-c user.email=u@e commit -q -m one && "
		"git clone -q --bare work fed.git; }", "a"), 0);
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(clause_remote_clone(&out, "fed.git", name, NULL), 0);
	ck_assert_str_eq(out, name);
	free(out);
	ck_assert_int_eq(chdir(path), 0);
	ck_assert_int_eq(clause_repo_open(repo, NULL, 1), 0);
}

START_TEST(remote_default_dir)
{
	const char *cases[][2] = {
		{ "https://git.example.org/fed/model-clauses.git", "model-clauses" },
		{ "https://git.example.org/fed/model-clauses.git/", "model-clauses" },
		{ "git@example.org:fed/lib.git", "lib" },
		{ "/srv/git/riverbend", "riverbend" },
		{ "lib.git", "lib" },
		{ "host:x", "x" },
		{ "/", "library" },
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *d = clause_remote_default_dir(cases[i][0]);
		ck_assert_str_eq(d, cases[i][1]);
		free(d);
	}
}
END_TEST

START_TEST(remote_clone_refuses_busy_dir)
{
	char *dir = test_tmpdir();
	char *out = (char *)"untouched";
	struct clause_repo *repo;

	setup_pair(dir, "ana", &repo);
	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(clause_remote_clone(&out, "fed.git", "ana", NULL),
			 CLAUSE_EEXISTS);
	ck_assert_ptr_null(out);
	ck_assert(strstr(clause_error_last(), "already exists") != NULL);
	ck_assert_int_eq(clause_remote_clone(&out, "missing.git", "x", NULL),
			 CLAUSE_ERROR);
	ck_assert_int_eq(access("x", F_OK), -1);
	/* Nothing hidden left behind. */
	ck_assert_int_eq(test_sh(dir, "! ls -a | grep -q clone-"), 0);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(remote_add_list_remove)
{
	char *dir = test_tmpdir();
	struct clause_repo *repo;
	struct clause_remote_list list;
	char *def = NULL;

	setup_pair(dir, "ana", &repo);
	ck_assert_int_eq(clause_remote_add(repo, "mirror", "../fed.git"), 0);
	ck_assert_int_eq(clause_remote_add(repo, "mirror", "../fed.git"),
			 CLAUSE_EEXISTS);
	ck_assert_int_eq(clause_remote_add(repo, "bad name", "x"), CLAUSE_EUSAGE);
	ck_assert_int_eq(clause_remote_list(&list, repo), 0);
	ck_assert_uint_eq(list.n, 2);
	ck_assert_str_eq(list.v[0].name, "mirror");
	ck_assert_str_eq(list.v[1].name, "origin");
	/* A relative path is stored absolute. */
	ck_assert_int_eq(list.v[0].url[0], '/');
	ck_assert_str_eq(list.v[0].url, list.v[1].url);
	clause_remote_list_release(&list);
	ck_assert_int_eq(clause_remote_default(&def, repo), 0);
	ck_assert_str_eq(def, "origin");
	free(def);
	ck_assert_int_eq(clause_remote_remove(repo, "mirror"), 0);
	ck_assert_int_eq(clause_remote_remove(repo, "mirror"), CLAUSE_ENOTFOUND);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

static void edit_commit(struct clause_repo *repo, const char *text)
{
	char doc[1024];
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	git_oid oid;

	snprintf(doc, sizeof(doc), DOC_HEAD "  <clause id=\"c\" "
		 "category=\"adjustment.notice\"><p>%s</p></clause>\n"
		 "</agreement>\n", "a", text);
	test_write("a.xml", doc);
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, text, NULL, 0, &p), 0);
	clause_problems_release(&p);
}

static int merge_calls;

/* A stand-in for the clause-level merge: records that it was asked. */
static int fake_merge(git_oid *out, struct clause_repo *repo,
		      git_commit *ours, git_commit *theirs, const char *label,
		      void *payload)
{
	(void)repo;
	(void)payload;
	ck_assert_str_eq(label, "origin/main");
	ck_assert(!git_oid_equal(git_commit_id(ours), git_commit_id(theirs)));
	git_oid_cpy(out, git_commit_id(ours));
	merge_calls++;
	return 0;
}

START_TEST(remote_push_fetch_pull)
{
	char *dir = test_tmpdir();
	struct clause_repo *ana, *ben;
	struct clause_push_result res;
	struct clause_remote_opts opts = CLAUSE_REMOTE_OPTS_INIT;
	struct clause_merge_step step = { fake_merge, NULL };
	enum clause_pull_result result;
	git_oid head, before;
	char path[4096];

	setup_pair(dir, "ben", &ben);
	clause_repo_free(ben);
	setup_pair(dir, "ana", &ana);	/* fed.git exists: only the clone */
	edit_commit(ana, "Ana");
	ck_assert_int_eq(clause_remote_push(&res, ana, NULL, NULL, NULL), 0);
	ck_assert_uint_eq(res.n, 0);
	ck_assert_uint_eq(res.pushed, 1);
	clause_push_result_release(&res);

	snprintf(path, sizeof(path), "%s/ben", dir);
	ck_assert_int_eq(chdir(path), 0);
	ck_assert_int_eq(clause_repo_open(&ben, NULL, 1), 0);
	ck_assert_int_eq(clause_remote_pull(&result, &head, ben, NULL, NULL, NULL), 0);
	ck_assert_int_eq(result, CLAUSE_PULL_FAST_FORWARD);
	ck_assert_int_eq(test_sh(path, "grep -q Ana a.xml"), 0);
	ck_assert_int_eq(clause_remote_pull(&result, &head, ben, NULL, NULL, NULL), 0);
	ck_assert_int_eq(result, CLAUSE_PULL_UP_TO_DATE);

	/* Both sides move: diverged, refused without a merge step. */
	edit_commit(ben, "Ben");
	snprintf(path, sizeof(path), "%s/ana", dir);
	ck_assert_int_eq(chdir(path), 0);
	edit_commit(ana, "Ana again");
	ck_assert_int_eq(clause_remote_push(&res, ana, "origin", "main", NULL), 0);
	clause_push_result_release(&res);
	snprintf(path, sizeof(path), "%s/ben", dir);
	ck_assert_int_eq(chdir(path), 0);
	ck_assert_int_eq(git_reference_name_to_id(&before, ben->git, "HEAD"), 0);
	ck_assert_int_eq(clause_remote_pull(&result, &head, ben, NULL, NULL, NULL),
			 CLAUSE_EDIVERGED);
	ck_assert(strstr(clause_error_last(), "diverged") != NULL);
	ck_assert_int_eq(git_reference_name_to_id(&head, ben->git, "HEAD"), 0);
	ck_assert(git_oid_equal(&head, &before));

	/* The push of the diverged branch is refused, by name. */
	ck_assert_int_eq(clause_remote_push(&res, ben, NULL, NULL, NULL),
			 CLAUSE_EINVALID);
	ck_assert_uint_eq(res.n, 1);
	ck_assert_str_eq(res.v[0].ref, "refs/heads/main");
	ck_assert(strstr(res.v[0].reason, "non-fast-forward") != NULL);
	clause_push_result_release(&res);

	/* The merge step plugs in through the options. */
	merge_calls = 0;
	opts.merge = &step;
	ck_assert_int_eq(clause_remote_pull(&result, &head, ben, NULL, NULL, &opts), 0);
	ck_assert_int_eq(result, CLAUSE_PULL_MERGED);
	ck_assert_int_eq(merge_calls, 1);

	clause_repo_free(ana);
	clause_repo_free(ben);
	free(dir);
}
END_TEST

Suite *suite_remote(void)
{
	Suite *s = suite_create("remote");
	TCase *tc = tcase_create("remote");

	tcase_set_timeout(tc, 30);
	tcase_add_test(tc, remote_default_dir);
	tcase_add_test(tc, remote_clone_refuses_busy_dir);
	tcase_add_test(tc, remote_add_list_remove);
	tcase_add_test(tc, remote_push_fetch_pull);
	suite_add_tcase(s, tc);
	return s;
}
