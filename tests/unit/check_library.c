/* check_library.c: loading a library and the rules across documents. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util/error.h"
#include "git/library.h"

static void write_doc(const char *dir, const char *name, const char *id,
		      const char *body)
{
	char path[2048], text[8192];

	snprintf(path, sizeof(path), "%s/%s", dir, name);
	snprintf(text, sizeof(text), DOC_HEAD "%s</agreement>\n", id, body);
	test_write(path, text);
}

/* Load the directory as a library and run the rules; problems in *p. */
static void check_dir(const char *dir, struct clause_problems *p)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;

	ck_assert_int_eq(chdir(dir), 0);
	ck_assert_int_eq(clause_repo_open(&repo, NULL, 0), 0);
	ck_assert_ptr_null(repo->git);
	ck_assert_int_eq(clause_library_load(&lib, repo, NULL, NULL, 0), 0);
	for (size_t i = 0; i < lib.problems.n; i++)
		clause_problems_add(p, lib.problems.v[i].path, lib.problems.v[i].line,
				    lib.problems.v[i].col, "%s",
				    lib.problems.v[i].message);
	ck_assert_int_eq(clause_library_check(&lib, p), 0);
	clause_problems_sort(p);
	clause_library_release(&lib);
	clause_repo_free(repo);
}

static int has(const struct clause_problems *p, const char *path,
	       unsigned line, const char *needle)
{
	for (size_t i = 0; i < p->n; i++)
		if (strcmp(p->v[i].path, path) == 0 && p->v[i].line == line &&
		    strstr(p->v[i].message, needle))
			return 1;
	return 0;
}

START_TEST(library_valid_documents_pass)
{
	char *dir = test_tmpdir();
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;

	write_doc(dir, "model.xml", "model",
		  "  <clause id=\"n\" category=\"adjustment.notice\"><p>x</p></clause>\n");
	write_doc(dir, "a.xml", "a",
		  "  <clause id=\"n\" category=\"adjustment.notice\" derived-from=\"model/n\">\n"
		  "    <p>See <ref to=\"model/n\">m</ref> and <ref to=\"n\">n</ref>.</p></clause>\n");
	/* XML of another vocabulary is not a document: left alone. */
	test_sh(dir, "printf '<project xmlns=\"urn:maven\"/>' > pom.xml");
	check_dir(dir, &p);
	ck_assert_uint_eq(p.n, 0);
	clause_problems_release(&p);
	free(dir);
}
END_TEST

START_TEST(library_rules_report_place_and_reason)
{
	char *dir = test_tmpdir();
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;

	/* Lines: 1 xml decl, 2 root, 3 meta, 4.. body. */
	write_doc(dir, "dup.xml", "dup",
		  "  <clause id=\"x\" category=\"adjustment.notice\"><p>a</p></clause>\n"
		  "  <clause id=\"x\" category=\"adjustment.notice\"><p>b</p></clause>\n");
	write_doc(dir, "cat.xml", "cat",
		  "  <clause id=\"x\" category=\"adjustment.nope\"><p>a</p></clause>\n");
	write_doc(dir, "ref.xml", "ref",
		  "  <clause id=\"x\" category=\"adjustment.notice\" derived-from=\"nodoc/x\">\n"
		  "    <p><ref to=\"missing\">m</ref></p></clause>\n");
	{
		char path[1024];
		snprintf(path, sizeof(path), "%s/dates.xml", dir);
		test_write(path,
			"<?xml version=\"1.0\"?>\n"
			"<agreement xmlns=\"urn:clause:1\" id=\"dates\" status=\"ratified\">\n"
			"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party>\n"
			"    <term effective=\"2024-01-01\" expires=\"2023-12-31\"/></meta>\n"
			"</agreement>\n");
		snprintf(path, sizeof(path), "%s/twin.xml", dir);
		test_write(path,
			"<?xml version=\"1.0\"?>\n"
			"<agreement xmlns=\"urn:clause:1\" id=\"dup\" status=\"model\">\n"
			"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
			"</agreement>\n");
	}
	check_dir(dir, &p);
	ck_assert(has(&p, "dup.xml", 5, "duplicate id 'x'"));
	ck_assert(has(&p, "cat.xml", 4, "unknown category 'adjustment.nope'"));
	ck_assert(has(&p, "ref.xml", 4, "derived-from 'nodoc/x'"));
	ck_assert(has(&p, "ref.xml", 5, "reference to 'missing'"));
	ck_assert(has(&p, "dates.xml", 4, "expires (2023-12-31) before"));
	ck_assert(has(&p, "twin.xml", 2, "also used by 'dup.xml'"));
	ck_assert_uint_eq(p.n, 6);
	/* Columns point at the element. */
	for (size_t i = 0; i < p.n; i++)
		if (strcmp(p.v[i].path, "cat.xml") == 0)
			ck_assert_uint_eq(p.v[i].col, 3);
	clause_problems_release(&p);
	free(dir);
}
END_TEST

START_TEST(library_scope_and_explicit_paths)
{
	char *dir = test_tmpdir();
	char sub[1024];
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	char *paths[] = { "b.xml" };
	char *missing[] = { "nope.xml" };

	snprintf(sub, sizeof(sub), "%s/sub", dir);
	test_sh(dir, "mkdir sub");
	write_doc(dir, "a.xml", "a", "");
	write_doc(sub, "b.xml", "b", "  <clause id=\"c\" category=\"bogus.cat\"><p>x</p></clause>\n");
	ck_assert_int_eq(chdir(sub), 0);
	ck_assert_int_eq(clause_repo_open(&repo, NULL, 0), 0);
	ck_assert_int_eq(clause_library_load(&lib, repo, NULL, paths, 1), 0);
	ck_assert_uint_eq(lib.files, 1);
	ck_assert_ptr_nonnull(clause_library_find(&lib, "b"));
	clause_library_release(&lib);
	ck_assert_int_eq(clause_library_load(&lib, repo, NULL, missing, 1),
			 CLAUSE_ERROR);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "nope.xml"));
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

Suite *suite_library(void)
{
	Suite *s = suite_create("library");
	TCase *tc = tcase_create("library");

	tcase_add_test(tc, library_valid_documents_pass);
	tcase_add_test(tc, library_rules_report_place_and_reason);
	tcase_add_test(tc, library_scope_and_explicit_paths);
	suite_add_tcase(s, tc);
	return s;
}
