/* check_cmd.c: the checks the commands share (cmd.c): counts, dates and
 * the "did you mean" of a typo. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd/cmd.h"

static const char *const usage[] = { "clause x [-n N]", NULL };

START_TEST(cmd_count_takes_positive_digits_only)
{
	const char *bad[] = { "-1", "0", "", "x", "5x", " 5", "+5",
			      "1000000001", "99999999999999999999999", NULL };
	unsigned long n = 7;
	int status = 0;

	ck_assert_int_eq(cmd_count(&status, &n, NULL, usage), 0);
	ck_assert_uint_eq(n, 7);
	ck_assert_int_eq(cmd_count(&status, &n, "12", usage), 0);
	ck_assert_uint_eq(n, 12);
	ck_assert_int_eq(cmd_count(&status, &n, "1000000000", usage), 0);
	ck_assert_uint_eq(n, 1000000000UL);
	for (size_t i = 0; bad[i]; i++) {
		status = 0;
		n = 7;
		ck_assert_msg(cmd_count(&status, &n, bad[i], usage) == -1, "%s",
			      bad[i]);
		ck_assert_int_eq(status, 129);
		ck_assert_uint_eq(n, 7);
	}
}
END_TEST

static void suggest(struct clause_buf *b, const char *word,
		    const char *const *names)
{
	struct cmd_suggest s;

	cmd_suggest_init(&s, word);
	for (; *names; names++)
		cmd_suggest_add(&s, *names);
	clause_buf_clear(b);
	cmd_suggest_print(b, &s, NULL);
}

START_TEST(cmd_suggest_nearest_three)
{
	const char *const statuses[] = { "model", "proposal", "counter",
		"tentative", "ratified", "expired", "superseded", NULL };
	const char *const ids[] = { "riverbend-r1-union", "riverbend-r2-employer",
		"riverbend-r3-union", "riverbend-ta", "ibt-ups-2023", NULL };
	const char *const cats[] = { "adjustment", "adjustment.notice",
		"adjustment.information", "guardrail", NULL };
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct cmd_suggest s;

	suggest(&b, "ratifed", statuses);
	ck_assert_str_eq(b.ptr, " (did you mean 'ratified'?)");
	/* A swap of two neighbours counts one. */
	suggest(&b, "porposal", statuses);
	ck_assert_str_eq(b.ptr, " (did you mean 'proposal'?)");
	suggest(&b, "xyzzy", statuses);
	ck_assert_str_eq(b.ptr, "");
	/* A start: at most three, shortest first. */
	suggest(&b, "riverbend", ids);
	ck_assert_str_eq(b.ptr, " (did you mean 'riverbend-ta', "
			 "'riverbend-r1-union' or 'riverbend-r3-union'?)");
	/* A near name comes before a longer one the word starts. */
	suggest(&b, "adjustment.notise", cats);
	ck_assert_str_eq(b.ptr, " (did you mean 'adjustment.notice'?)");
	suggest(&b, "adj", cats);
	ck_assert_str_eq(b.ptr, " (did you mean 'adjustment', "
			 "'adjustment.notice' or 'adjustment.information'?)");
	/* Too short a start suggests nothing; the word itself is no hint. */
	suggest(&b, "ad", cats);
	ck_assert_str_eq(b.ptr, "");
	suggest(&b, "guardrail", cats);
	ck_assert_str_eq(b.ptr, "");
	/* With a prefix, names print as PREFIX/NAME. */
	cmd_suggest_init(&s, "notise");
	cmd_suggest_add(&s, "notice");
	clause_buf_clear(&b);
	cmd_suggest_print(&b, &s, "doc");
	ck_assert_str_eq(b.ptr, " (did you mean 'doc/notice'?)");
	clause_buf_release(&b);
}
END_TEST

Suite *suite_cmd(void)
{
	Suite *s = suite_create("cmd");
	TCase *tc = tcase_create("cmd");

	tcase_add_test(tc, cmd_count_takes_positive_digits_only);
	tcase_add_test(tc, cmd_suggest_nearest_three);
	suite_add_tcase(s, tc);
	return s;
}
