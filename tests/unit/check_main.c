/* check_main.c: run every unit suite; Check prints the summary line. */
#include "suites.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "git/gitinit.h"
#include "doc/xml.h"

char *test_tmpdir(void)
{
	const char *base = getenv("CK_TMPDIR") ? getenv("CK_TMPDIR") : "/tmp";
	char *dir = malloc(strlen(base) + 32);

	sprintf(dir, "%s/unit.XXXXXX", base);
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		abort();
	}
	return dir;
}

void test_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f) {
		perror(path);
		abort();
	}
	fputs(text, f);
	fclose(f);
}

int test_sh(const char *dir, const char *fmt, ...)
{
	char cmd[4096];
	char full[4200];
	va_list ap;
	int r;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	snprintf(full, sizeof(full), "cd '%s' && (%s) >/dev/null 2>&1", dir, cmd);
	r = system(full);
	return WIFEXITED(r) ? WEXITSTATUS(r) : -1;
}

static void setup(void)
{
	clause_git_init(1);
	clause_xml_init();
}

static void teardown(void)
{
	clause_xml_shutdown();
	git_libgit2_shutdown();
}

int main(void)
{
	Suite *(*suites[])(void) = {
		suite_buf, suite_map, suite_opt, suite_cmd, suite_xml,
		suite_pattern, suite_doc,
		suite_taxonomy, suite_library, suite_repo, suite_history,
		suite_merge, suite_mergetree, suite_mergeprop, suite_wdiff, suite_cdiff,
		suite_query, suite_index, suite_remote, suite_import, suite_import_docx,
		suite_import_pdf, suite_export_docx,
	};
	SRunner *sr = srunner_create(NULL);
	int failed;

	/* Tests that commit need an identity that does not depend on the
	 * machine's git config. */
	setenv("GIT_AUTHOR_NAME", "Unit Test", 1);
	setenv("GIT_AUTHOR_EMAIL", "unit@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Unit Test", 1);
	setenv("GIT_COMMITTER_EMAIL", "unit@example.org", 1);
	for (size_t i = 0; i < sizeof(suites) / sizeof(*suites); i++)
		srunner_add_suite(sr, suites[i]());
	setup();
	srunner_run_all(sr, CK_ENV);
	teardown();
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
