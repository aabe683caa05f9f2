/* check_query.c: the query parser; no input may ever make FTS5 fail. */
#include "suites.h"

#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/error.h"
#include "index/query.h"

static char *parse_ok(const char *text)
{
	struct clause_query q = CLAUSE_QUERY_INIT;
	int r = clause_query_parse(&q, text);

	ck_assert_msg(r == 0, "'%s' refused: %s", text, clause_error_last());
	return q.match;
}

static void parse_refused(const char *text, const char *needle)
{
	struct clause_query q = CLAUSE_QUERY_INIT;

	clause_error_clear();
	ck_assert_int_eq(clause_query_parse(&q, text), CLAUSE_EUSAGE);
	ck_assert_ptr_null(q.match);
	ck_assert_msg(strstr(clause_error_last(), needle), "'%s': message '%s' "
		      "lacks '%s'", text, clause_error_last(), needle);
}

START_TEST(query_words_phrases_operators)
{
	char *m;

	m = parse_ok("driver cameras");
	ck_assert_str_eq(m, "(((\"driver\") AND (\"cameras\")))");
	free(m);
	m = parse_ok("non-compete 4.2");
	ck_assert_str_eq(m, "(((\"non-compete\") AND (\"4.2\")))");
	free(m);
	m = parse_ok("\"generative AI\" train*");
	ck_assert_str_eq(m, "(((\"generative AI\") AND (\"train\" *)))");
	free(m);
	m = parse_ok("a OR b c");
	ck_assert_str_eq(m, "(((\"a\")) OR ((\"b\") AND (\"c\")))");
	free(m);
	m = parse_ok("cameras -sensors NOT drones");
	ck_assert_str_eq(m, "((((\"cameras\")) NOT ((\"sensors\") OR (\"drones\"))))");
	free(m);
	m = parse_ok("NEAR(notice days, 5)");
	ck_assert_str_eq(m, "(((NEAR(\"notice\" \"days\", 5))))");
	free(m);
	m = parse_ok("notice NEAR/3 days");
	ck_assert_str_eq(m, "(((NEAR(\"notice\" \"days\", 3))))");
	free(m);
	m = parse_ok("(a OR b) AND c");
	ck_assert_str_eq(m, "((((((\"a\")) OR ((\"b\")))) AND (\"c\")))");
	free(m);
	/* Lower-case operators are words; punctuation alone is dropped. */
	m = parse_ok("and or not \xe2\x80\x94 cameras");
	ck_assert_str_eq(m, "(((\"and\") AND (\"or\") AND (\"not\") AND (\"cameras\")))");
	free(m);
}
END_TEST

START_TEST(query_malformed_is_refused_clearly)
{
	parse_refused("", "empty");
	parse_refused("   ", "empty");
	parse_refused("(a b", "missing ')'");
	parse_refused("a b)", "')' without '('");
	parse_refused("()", "empty parentheses");
	parse_refused("AND", "AND");
	parse_refused("a AND", "AND");
	parse_refused("OR b", "OR");
	parse_refused("a OR", "OR");
	parse_refused("NOT a", "only exclude");
	parse_refused("-a -b", "only exclude");
	parse_refused("a NOT", "NOT");
	parse_refused("\"open phrase", "unterminated quote");
	parse_refused("NEAR(a b", "NEAR(");
	parse_refused("NEAR(a b, x)", "distance");
	parse_refused("a NEAR/x b", "NEAR/N");
	parse_refused("NEAR b", "NEAR needs");
	parse_refused("---", "no words");
	parse_refused("* ' . -", "no words");
}
END_TEST

/* Run `match` against tables with both tokenizers; no error allowed. */
static void runs(sqlite3 *db, const char *input, const char *match)
{
	static const char *const sql[] = {
		"SELECT count(*) FROM t WHERE t MATCH ?",
		"SELECT count(*) FROM s WHERE s MATCH ?",
		"SELECT snippet(t, 1, '[', ']', '...', 8) FROM t WHERE t MATCH ?",
	};

	for (size_t i = 0; i < 3; i++) {
		sqlite3_stmt *st = NULL;
		int rc = sqlite3_prepare_v2(db, sql[i], -1, &st, NULL);
		ck_assert_int_eq(rc, SQLITE_OK);
		sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		ck_assert_msg(rc == SQLITE_DONE, "input '%s' -> '%s': %s", input,
			      match, sqlite3_errmsg(db));
		sqlite3_finalize(st);
	}
}

static sqlite3 *nasty_db(void)
{
	sqlite3 *db = NULL;

	ck_assert_int_eq(sqlite3_open(":memory:", &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
		"CREATE VIRTUAL TABLE t USING fts5(heading, body,"
		" tokenize='unicode61 remove_diacritics 2');"
		"CREATE VIRTUAL TABLE s USING fts5(heading, body,"
		" tokenize='porter unicode61 remove_diacritics 2');"
		"INSERT INTO t VALUES('Non-compete', 'No non-compete clause; see 4.2. Caf\xc3\xa9 AND or NOT.');"
		"INSERT INTO s SELECT * FROM t;", NULL, NULL, NULL), SQLITE_OK);
	return db;
}

/* Either a clean refusal, or an expression FTS5 runs. */
static void nasty(sqlite3 *db, const char *input)
{
	struct clause_query q = CLAUSE_QUERY_INIT;
	int r = clause_query_parse(&q, input);

	ck_assert_msg(r == 0 || r == CLAUSE_EUSAGE, "'%s': %d", input, r);
	if (r == CLAUSE_EUSAGE) {
		const char *m = clause_error_last();
		ck_assert_msg(*m && strlen(m) < 200 && !strchr(m, '\n'), "'%s': '%s'",
			      input, m);
		return;
	}
	runs(db, input, q.match);
	clause_query_release(&q);
}

START_TEST(query_nasty_corpus_never_breaks_fts5)
{
	static const char *const corpus[] = {
		"\"", "'", "''", "\"\"", "\"\"\"", "non-compete", "4.2", "4.2.1(a)",
		"O'Brien", "don't", "AND", "OR", "NOT", "NEAR", "AND OR NOT",
		"a AND AND b", "a OR OR b", "(", ")", "((", "))", "(()", "())",
		"((a)", "(a))", ")a(", "-", "--", "- a", "a -", "-a b", "a --b",
		"*", "**", "a*", "*a", "a**", "\"a b\"*", "NEAR(", "NEAR()",
		"NEAR(a)", "NEAR(a b)", "NEAR(a b,)", "NEAR(a b, 5)", "NEAR(\"a b\" c, 2)",
		"NEAR(a AND b)", "NEAR((a))", "a NEAR b", "a NEAR", "NEAR/5",
		"a NEAR/5 b NEAR/2 c", "a NEAR/99999 b", "col:word", "heading:cameras",
		"^a", "+a", "{a b}", "a:b:c", "a;b", "a,b", "a/b", "a\\b", "%", "_",
		"caf\xc3\xa9", "CAF\xc3\x89", "\xe2\x80\x94", "\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e",
		"\xf0\x9f\x98\x80", "\xff\xfe", "\xc3", "a\x01b", "\t\n\r",
		"a \"b", "a\"b\"c", "\"a\" \"b\" OR \"c\"", "(a OR b) NOT (c OR d)",
		"NOT NOT a", "a NOT NOT b", "a - - b", "-(a)", "a -(b c)", "-\"a b\"",
		"a AND (b OR (c AND (d OR e)))", "rank", "bm25", "fts", "t", "*:*",
		"SELECT * FROM t", "'; DROP TABLE t; --", "\\\"", "NEAR(a b, 0)",
		"NEAR(a b, -1)", "NEAR(a, b, 3)", "a AND NOT b", "a OR NOT b",
	};
	sqlite3 *db = nasty_db();
	char *longq = malloc(CLAUSE_QUERY_MAX_BYTES + 100);
	char deep[200];
	size_t n;

	for (size_t i = 0; i < sizeof(corpus) / sizeof(*corpus); i++)
		nasty(db, corpus[i]);
	/* Very long queries: one word, many words, too many, too deep. */
	memset(longq, 'a', CLAUSE_QUERY_MAX_BYTES);
	longq[CLAUSE_QUERY_MAX_BYTES] = '\0';
	nasty(db, longq);
	memset(longq, 'a', CLAUSE_QUERY_MAX_BYTES + 50);
	longq[CLAUSE_QUERY_MAX_BYTES + 50] = '\0';
	parse_refused(longq, "too long");
	for (n = 0; n + 3 < 2000; n += 2)
		memcpy(longq + n, "w ", 2);
	longq[n] = '\0';
	parse_refused(longq, "too many terms");
	for (n = 0; n < 60; n++)
		deep[n] = '(';
	deep[n++] = 'a';
	deep[n] = '\0';
	nasty(db, deep);
	parse_refused(deep, "nest");
	free(longq);
	sqlite3_close(db);
}
END_TEST

START_TEST(query_random_inputs_never_break_fts5)
{
	static const char *const parts[] = {
		"a", "cameras", "\"", "(", ")", "-", "*", "AND", "OR", "NOT",
		"NEAR", "NEAR/2", "NEAR(", ",", "3", " ", " ", " ", "'", ":",
		"4.2", "non-compete", "\xc3\xa9", "\xe2\x80\x94", "^", "+"
	};
	sqlite3 *db = nasty_db();
	unsigned seed = 42;

	for (int i = 0; i < 3000; i++) {
		char q[256] = "";
		int n = 1 + (int)((seed = seed * 1103515245u + 12345u) >> 16) % 12;
		for (int k = 0; k < n; k++) {
			seed = seed * 1103515245u + 12345u;
			strcat(q, parts[(seed >> 16) % (sizeof(parts) / sizeof(*parts))]);
		}
		nasty(db, q);
	}
	sqlite3_close(db);
}
END_TEST

START_TEST(query_quantity_unit_op_number)
{
	const char *unit, *op;
	double v;
	char a[] = "days>=90", b[] = "weeks!=2.5", c[] = "hours<4";
	const char *bad[] = { "", ">=90", "days", "days>=", "days>=9x",
			      "days=>90", "90>=days", "days >=90", NULL };

	ck_assert_int_eq(clause_query_quantity(&unit, &op, &v, a), 0);
	ck_assert_str_eq(unit, "days");
	ck_assert_str_eq(op, ">=");
	ck_assert(v == 90);
	ck_assert_int_eq(clause_query_quantity(&unit, &op, &v, b), 0);
	ck_assert_str_eq(unit, "weeks");
	ck_assert_str_eq(op, "!=");
	ck_assert(v == 2.5);
	ck_assert_int_eq(clause_query_quantity(&unit, &op, &v, c), 0);
	ck_assert_str_eq(op, "<");
	for (size_t i = 0; bad[i]; i++) {
		char buf[32];
		snprintf(buf, sizeof(buf), "%s", bad[i]);
		ck_assert_msg(clause_query_quantity(&unit, &op, &v, buf) ==
			      CLAUSE_EUSAGE, "%s", bad[i]);
	}
}
END_TEST

Suite *suite_query(void)
{
	Suite *s = suite_create("query");
	TCase *tc = tcase_create("query");

	tcase_add_test(tc, query_words_phrases_operators);
	tcase_add_test(tc, query_malformed_is_refused_clearly);
	tcase_add_test(tc, query_nasty_corpus_never_breaks_fts5);
	tcase_add_test(tc, query_random_inputs_never_break_fts5);
	tcase_add_test(tc, query_quantity_unit_op_number);
	suite_add_tcase(s, tc);
	return s;
}
