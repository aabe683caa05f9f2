/* suites.h: the Check suites, one per module, run by check_main.c. */
#ifndef CLAUSE_SUITES_H
#define CLAUSE_SUITES_H

#include <check.h>

Suite *suite_buf(void);
Suite *suite_map(void);
Suite *suite_xml(void);
Suite *suite_pattern(void);
Suite *suite_doc(void);
Suite *suite_taxonomy(void);
Suite *suite_library(void);
Suite *suite_repo(void);
Suite *suite_history(void);
Suite *suite_opt(void);
Suite *suite_cmd(void);
Suite *suite_merge(void);
Suite *suite_mergetree(void);
Suite *suite_mergeprop(void);
Suite *suite_wdiff(void);
Suite *suite_cdiff(void);
Suite *suite_query(void);
Suite *suite_index(void);
Suite *suite_remote(void);
Suite *suite_import(void);
Suite *suite_import_docx(void);
Suite *suite_import_pdf(void);
Suite *suite_export_docx(void);

/* A fresh directory for one test (under CK_TMPDIR or /tmp); the caller
 * frees the string.  Helpers shared by the suites. */
char *test_tmpdir(void);
void test_write(const char *path, const char *text);
/* Run a shell command in dir; its exit status. */
int test_sh(const char *dir, const char *fmt, ...);

#define DOC_HEAD \
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" \
	"<agreement xmlns=\"urn:clause:1\" id=\"%s\" status=\"proposal\">\n" \
	"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"

#endif
