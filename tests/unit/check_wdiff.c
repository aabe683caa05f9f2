/* check_wdiff.c: the tokenizer and the word diff, with a property test
 * over random edit scripts. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "diff/wdiff.h"

static void expect_tokens(const char *text, const char *const *want,
			  const enum clause_token_kind *kinds)
{
	struct clause_tokens t = CLAUSE_TOKENS_INIT;
	size_t n = 0;

	ck_assert_int_eq(clause_tokens_split(&t, text), 0);
	while (want[n])
		n++;
	ck_assert_uint_eq(t.n, n);
	for (size_t i = 0; i < n; i++) {
		ck_assert_uint_eq(t.v[i].len, strlen(want[i]));
		ck_assert(memcmp(t.v[i].s, want[i], t.v[i].len) == 0);
		if (kinds)
			ck_assert_int_eq(t.v[i].kind, kinds[i]);
	}
	clause_tokens_release(&t);
}

START_TEST(wdiff_tokens_words_numbers_punctuation)
{
	static const char *const want[] = {
		"A", "premium", "of", "$2,000", ",", "4.2", "hours", ";",
		"co-workers", "'", "Authority's", "45", "days", ".", NULL
	};
	static const enum clause_token_kind kinds[] = {
		CLAUSE_TOKEN_WORD, CLAUSE_TOKEN_WORD, CLAUSE_TOKEN_WORD,
		CLAUSE_TOKEN_NUMBER, CLAUSE_TOKEN_PUNCT, CLAUSE_TOKEN_NUMBER,
		CLAUSE_TOKEN_WORD, CLAUSE_TOKEN_PUNCT, CLAUSE_TOKEN_WORD,
		CLAUSE_TOKEN_PUNCT, CLAUSE_TOKEN_WORD, CLAUSE_TOKEN_NUMBER,
		CLAUSE_TOKEN_WORD, CLAUSE_TOKEN_PUNCT
	};
	static const char *const utf8[] = {
		"employer\xe2\x80\x99s", "\xe2\x80\x94", "na\xc3\xafve", "\xc2\xa7",
		"\xe2\x82\xac" "5", "%", NULL
	};

	expect_tokens("A premium of $2,000, 4.2 hours;\n co-workers' Authority's 45 days.",
		      want, kinds);
	/* Curly apostrophe inside a word, an em dash, accents, section sign,
	 * a euro amount. */
	expect_tokens("employer\xe2\x80\x99s\xe2\x80\x94na\xc3\xafve \xc2\xa7 \xe2\x82\xac" "5%",
		      utf8, NULL);
}
END_TEST

static char *plain(const char *a, const char *b, size_t *changes)
{
	struct clause_wdiff d = CLAUSE_WDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;

	ck_assert_int_eq(clause_wdiff(&d, a, b), 0);
	ck_assert_int_eq(clause_wdiff_plain(&out, &d), 0);
	if (changes)
		*changes = d.changes;
	clause_wdiff_release(&d);
	return clause_buf_detach(&out);
}

START_TEST(wdiff_white_space_never_counts)
{
	size_t changes = 99;
	char *s = plain("at least  45\n\t days before.", "at least 45 days\nbefore.",
			&changes);

	ck_assert_uint_eq(changes, 0);
	ck_assert_str_eq(s, "at least 45 days before.");
	free(s);
}
END_TEST

START_TEST(wdiff_marks_a_changed_number)
{
	size_t changes;
	char *s = plain("at least 180 days before it is introduced",
			"at least 60 days before it is introduced", &changes);

	ck_assert_uint_eq(changes, 1);
	ck_assert_str_eq(s, "at least [-180-]{+60+} days before it is introduced");
	free(s);
	s = plain("a premium of $1.50 an hour", "a premium of $0.50 an hour", NULL);
	ck_assert_str_eq(s, "a premium of [-$1.50-]{+$0.50+} an hour");
	free(s);
	s = plain("", "new words", NULL);
	ck_assert_str_eq(s, "{+new words+}");
	free(s);
	s = plain("old words", NULL, NULL);
	ck_assert_str_eq(s, "[-old words-]");
	free(s);
	s = plain("keep this, and drop that.", "keep this.", NULL);
	ck_assert_str_eq(s, "keep this[-, and drop that-].");
	free(s);
}
END_TEST

START_TEST(wdiff_one_replaced_phrase_is_one_change)
{
	size_t changes;
	/* The raw diff keeps "and" between two replacements; a reader sees
	 * one replaced phrase. */
	char *s = plain("shall meet monthly and review planned technology",
			"shall consult quarterly and inform all planned technology",
			&changes);

	ck_assert_uint_eq(changes, 1);
	ck_assert_str_eq(s, "shall [-meet monthly and review-]{+consult quarterly "
			 "and inform all+} planned technology");
	free(s);
	/* Of two diffs of the same length, the one that keeps the rare
	 * word ("classifications") and strikes the common ones. */
	s = plain("one nature and purpose; the number, classifications and "
		  "names of the employees; one",
		  "two nature and purpose; the number and classifications of "
		  "the employees; two", NULL);
	ck_assert_str_eq(s, "[-one-]{+two+} nature and purpose; the number[-,-]"
			 "{+and+} classifications [-and names-] of the employees; "
			 "[-one-]{+two+}");
	free(s);
	/* A longer stretch of kept words stays kept. */
	s = plain("the Union may bring experts at the Authority's expense",
		  "the Union may bring experts at the Union's expense", &changes);
	ck_assert_uint_eq(changes, 1);
	ck_assert_str_eq(s, "the Union may bring experts at the "
			 "[-Authority's-]{+Union's+} expense");
	free(s);
}
END_TEST

/* A small deterministic generator (xorshift), so the test is the same on
 * every run. */
static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

/* Tokens of the test texts are unique ("o12", "n3", numbers and marks
 * made unique by a suffix word), so the longest common subsequence is the
 * kept tokens, and the edits the diff reports must be exactly the edits
 * made. */
static const char *sep(void)
{
	static const char *const seps[] = { " ", "  ", "\n", "\n\t  ", " " };
	return seps[rnd(5)];
}

static int in_list(char **v, size_t n, const char *s, size_t len)
{
	for (size_t i = 0; i < n; i++)
		if (strlen(v[i]) == len && memcmp(v[i], s, len) == 0)
			return 1;
	return 0;
}

START_TEST(wdiff_property_random_edit_scripts)
{
	rng_state = 0x9E3779B97F4A7C15ULL;
	for (int iter = 0; iter < 1500; iter++) {
		size_t n = rnd(40), fresh = 0;
		char **old = calloc(n + 1, sizeof(*old));
		char **new = calloc(3 * n + 10, sizeof(*new));
		char **deleted = calloc(n + 1, sizeof(*deleted));
		char **inserted = calloc(3 * n + 10, sizeof(*inserted));
		size_t nn = 0, nd = 0, ni = 0;
		struct clause_buf a = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT,
				  applied = CLAUSE_BUF_INIT;
		struct clause_wdiff d = CLAUSE_WDIFF_INIT;
		struct clause_tokens ta = CLAUSE_TOKENS_INIT, tb = CLAUSE_TOKENS_INIT;
		size_t rd = 0, ri = 0;

		for (size_t i = 0; i < n; i++) {
			char w[32];
			/* Words, numbers as written and marks, all unique. */
			switch (rnd(4)) {
			case 0: snprintf(w, sizeof(w), "$%zu,%03u", i + 1, iter % 1000); break;
			case 1: snprintf(w, sizeof(w), "%zu.%d", i + 1, iter); break;
			default: snprintf(w, sizeof(w), "o%zu", i);
			}
			old[i] = strdup(w);
		}
		/* The edit script: keep, delete, replace or insert before. */
		for (size_t i = 0; i <= n; i++) {
			unsigned op = rnd(10);
			if (op == 0 || op == 1) {
				char w[32];
				snprintf(w, sizeof(w), "n%zu", fresh++);
				new[nn++] = inserted[ni++] = strdup(w);
			}
			if (i == n)
				break;
			if (op == 2) {
				deleted[nd++] = old[i];
			} else if (op == 3) {
				char w[32];
				deleted[nd++] = old[i];
				snprintf(w, sizeof(w), "n%zu", fresh++);
				new[nn++] = inserted[ni++] = strdup(w);
			} else {
				new[nn++] = old[i];
			}
		}
		for (size_t i = 0; i < n; i++)
			clause_buf_printf(&a, "%s%s", i ? sep() : "", old[i]);
		for (size_t i = 0; i < nn; i++)
			clause_buf_printf(&b, "%s%s", i ? sep() : "", new[i]);
		ck_assert_int_eq(clause_wdiff(&d, a.ptr, b.ptr), 0);

		/* Applying the edits to the old text gives the new text. */
		ck_assert_int_eq(clause_wdiff_apply(&applied, &d), 0);
		clause_tokens_split(&ta, applied.ptr);
		clause_tokens_split(&tb, b.ptr);
		ck_assert_msg(ta.n == tb.n, "apply gave %zu tokens, want %zu:\n%s\n%s\n%s",
			      ta.n, tb.n, a.ptr, b.ptr, applied.ptr);
		for (size_t i = 0; i < ta.n; i++)
			ck_assert(ta.v[i].len == tb.v[i].len &&
				  memcmp(ta.v[i].s, tb.v[i].s, ta.v[i].len) == 0);

		/* The reported edits are the edits made: within a change run,
		 * tokens both struck and inserted are kept words folded in by
		 * the cleanup; the rest must be exactly our deletions and
		 * insertions. */
		for (size_t r = 0; r < d.n; r++) {
			const struct clause_wdiff_run *run = &d.v[r];
			if (!run->change) {
				for (size_t k = 0; k < run->old_n; k++) {
					const struct clause_token *t = &d.old.v[run->old_at + k];
					ck_assert(!in_list(deleted, nd, t->s, t->len));
				}
				continue;
			}
			for (size_t k = 0; k < run->old_n; k++) {
				const struct clause_token *t = &d.old.v[run->old_at + k];
				int kept = 0;
				for (size_t j = 0; j < run->new_n && !kept; j++) {
					const struct clause_token *u = &d.new.v[run->new_at + j];
					kept = u->len == t->len && memcmp(u->s, t->s, t->len) == 0;
				}
				if (!kept) {
					ck_assert(in_list(deleted, nd, t->s, t->len));
					rd++;
				}
			}
			for (size_t k = 0; k < run->new_n; k++) {
				const struct clause_token *t = &d.new.v[run->new_at + k];
				int kept = 0;
				for (size_t j = 0; j < run->old_n && !kept; j++) {
					const struct clause_token *u = &d.old.v[run->old_at + j];
					kept = u->len == t->len && memcmp(u->s, t->s, t->len) == 0;
				}
				if (!kept) {
					ck_assert(in_list(inserted, ni, t->s, t->len));
					ri++;
				}
			}
		}
		ck_assert_uint_eq(rd, nd);
		ck_assert_uint_eq(ri, ni);
		ck_assert_uint_eq(d.changes == 0, nd + ni == 0);

		clause_tokens_release(&ta);
		clause_tokens_release(&tb);
		clause_wdiff_release(&d);
		clause_buf_release(&a);
		clause_buf_release(&b);
		clause_buf_release(&applied);
		for (size_t i = 0; i < n; i++)
			free(old[i]);
		for (size_t i = 0; i < ni; i++)
			free(inserted[i]);
		free(old);
		free(new);
		free(deleted);
		free(inserted);
	}
}
END_TEST

START_TEST(wdiff_very_different_texts_are_one_change)
{
	struct clause_buf a = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT,
			  applied = CLAUSE_BUF_INIT;
	struct clause_wdiff d = CLAUSE_WDIFF_INIT;

	/* Past the edit limit the middle is one replacement, still exact. */
	for (int i = 0; i < 6000; i++) {
		clause_buf_printf(&a, "a%d ", i);
		clause_buf_printf(&b, "b%d ", i);
	}
	ck_assert_int_eq(clause_wdiff(&d, a.ptr, b.ptr), 0);
	ck_assert_uint_eq(d.changes, 1);
	ck_assert_int_eq(clause_wdiff_apply(&applied, &d), 0);
	clause_buf_truncate(&b, b.len - 1);
	ck_assert_str_eq(applied.ptr, b.ptr);
	clause_wdiff_release(&d);
	clause_buf_release(&a);
	clause_buf_release(&b);
	clause_buf_release(&applied);
}
END_TEST

Suite *suite_wdiff(void)
{
	Suite *s = suite_create("wdiff");
	TCase *tc = tcase_create("wdiff");

	tcase_add_test(tc, wdiff_tokens_words_numbers_punctuation);
	tcase_add_test(tc, wdiff_white_space_never_counts);
	tcase_add_test(tc, wdiff_marks_a_changed_number);
	tcase_add_test(tc, wdiff_one_replaced_phrase_is_one_change);
	tcase_add_test(tc, wdiff_property_random_edit_scripts);
	tcase_add_test(tc, wdiff_very_different_texts_are_one_change);
	suite_add_tcase(s, tc);
	return s;
}
