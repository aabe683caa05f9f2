/* check_opt.c: option tables. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/opt.h"

static const char *const usage[] = { "clause x [-m MSG] [--flag] [ARG...]", NULL };

START_TEST(opt_parses_short_long_and_args)
{
	const char *msg = NULL, *fmt = NULL;
	int flag = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'm', "message", "MSG", "m", &msg },
		{ CLAUSE_OPT_VALUE, 0, "format", "FMT", "f", &fmt },
		{ CLAUSE_OPT_FLAG, 0, "flag", NULL, "f", &flag },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	char *argv[] = { "x", "a", "-m", "hello", "--format=json", "b", "--flag",
			 "--", "--not-an-option", NULL };
	struct clause_args args = { NULL, 0, 0 };

	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 9, argv), CLAUSE_OPT_OK);
	ck_assert_str_eq(msg, "hello");
	ck_assert_str_eq(fmt, "json");
	ck_assert_int_eq(flag, 1);
	ck_assert_uint_eq(args.n, 3);
	ck_assert_str_eq(args.v[0], "a");
	ck_assert_str_eq(args.v[1], "b");
	ck_assert_str_eq(args.v[2], "--not-an-option");
	free(args.v);
}
END_TEST

START_TEST(opt_rejects_unknown_and_missing_values)
{
	const char *msg = NULL;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'm', "message", "MSG", "m", &msg },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	char *bad[] = { "x", "--nope", NULL };
	char *missing[] = { "x", "-m", NULL };
	struct clause_args args = { NULL, 0, 0 };

	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 2, bad), CLAUSE_OPT_USAGE);
	free(args.v);
	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 2, missing), CLAUSE_OPT_USAGE);
	free(args.v);
}
END_TEST

START_TEST(opt_format_checks_names)
{
	static const char *const formats[] = { "text", "json", NULL };
	int which = -1;

	ck_assert_int_eq(clause_opt_format(&which, NULL, formats, usage), 0);
	ck_assert_int_eq(which, 0);
	ck_assert_int_eq(clause_opt_format(&which, "json", formats, usage), 0);
	ck_assert_int_eq(which, 1);
	ck_assert_int_eq(clause_opt_format(&which, "yaml", formats, usage), -1);
}
END_TEST

START_TEST(opt_date_knows_the_calendar)
{
	const char *good[] = { "2026-01-01", "2026-12-31", "2024-02-29",
			       "2000-02-29", "2026-04-30", "0001-01-01", NULL };
	const char *bad[] = { "2026-13-01", "2026-02-30", "9999-99-99",
			      "2025-02-29", "1900-02-29", "2026-04-31",
			      "2026-00-10", "2026-01-00", "2026-1-01",
			      "2026-01-01x", "2026/01/01", "", NULL };

	for (size_t i = 0; good[i]; i++)
		ck_assert_msg(clause_opt_date(good[i]), "%s", good[i]);
	for (size_t i = 0; bad[i]; i++)
		ck_assert_msg(!clause_opt_date(bad[i]), "%s", bad[i]);
}
END_TEST

START_TEST(opt_dash_words_after_the_first_argument)
{
	const char *n = NULL;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'n', "max-count", "N", "n", &n },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	char *argv[] = { "search", "cameras", "-forward", "-n", "3", "-x",
			 "-n7", "facing", NULL };
	char *first[] = { "search", "-forward", "cameras", NULL };
	struct clause_args args = { NULL, 0, 1 };

	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 8, argv), CLAUSE_OPT_OK);
	ck_assert_str_eq(n, "7");
	ck_assert_uint_eq(args.n, 4);
	ck_assert_str_eq(args.v[0], "cameras");
	ck_assert_str_eq(args.v[1], "-forward");
	ck_assert_str_eq(args.v[2], "-x");
	ck_assert_str_eq(args.v[3], "facing");
	free(args.v);
	/* before any argument, an option it stays: unknown */
	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 3, first),
			 CLAUSE_OPT_USAGE);
	free(args.v);
	/* without dash_words, -forward after a word is an unknown option */
	args.dash_words = 0;
	ck_assert_int_eq(clause_opt_parse(&args, opts, usage, 8, argv),
			 CLAUSE_OPT_USAGE);
	free(args.v);
}
END_TEST

Suite *suite_opt(void)
{
	Suite *s = suite_create("opt");
	TCase *tc = tcase_create("opt");

	tcase_add_test(tc, opt_parses_short_long_and_args);
	tcase_add_test(tc, opt_rejects_unknown_and_missing_values);
	tcase_add_test(tc, opt_format_checks_names);
	tcase_add_test(tc, opt_date_knows_the_calendar);
	tcase_add_test(tc, opt_dash_words_after_the_first_argument);
	suite_add_tcase(s, tc);
	return s;
}
