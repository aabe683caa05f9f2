/* check_buf.c: the growable buffer, the JSON writer, the hash map and
 * the pool. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"
#include "util/map.h"
#include "util/pool.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>

START_TEST(buf_grows_and_stays_terminated)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	ck_assert_str_eq(b.ptr, "");
	for (int i = 0; i < 1000; i++)
		ck_assert_int_eq(clause_buf_printf(&b, "%d,", i), 0);
	ck_assert_uint_eq(b.len, strlen(b.ptr));
	ck_assert(strncmp(b.ptr, "0,1,2,", 6) == 0);
	ck_assert(strcmp(b.ptr + b.len - 4, "999,") == 0);
	clause_buf_truncate(&b, 2);
	ck_assert_str_eq(b.ptr, "0,");
	clause_buf_release(&b);
	ck_assert_str_eq(b.ptr, "");
}
END_TEST

START_TEST(buf_detach_hands_over_memory)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	char *s;

	s = clause_buf_detach(&b);	/* empty: still a real allocation */
	ck_assert_str_eq(s, "");
	free(s);
	clause_buf_puts(&b, "clause");
	s = clause_buf_detach(&b);
	ck_assert_str_eq(s, "clause");
	ck_assert_uint_eq(b.len, 0);
	ck_assert_str_eq(b.ptr, "");
	free(s);
}
END_TEST

START_TEST(buf_escapes_json_and_xml)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_buf_put_json(&b, "a\"b\\c\nd\x01");
	ck_assert_str_eq(b.ptr, "a\\\"b\\\\c\\nd\\u0001");
	clause_buf_clear(&b);
	clause_buf_put_xml(&b, "<script>&\"");
	ck_assert_str_eq(b.ptr, "&lt;script&gt;&amp;&quot;");
	clause_buf_release(&b);
}
END_TEST

START_TEST(json_writer_separates_and_nests)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct clause_json j;
	char *v[] = { "adjustment.notice", "say \"hi\"" };

	clause_json_init(&j, &b);
	clause_json_object(&j, NULL);
	clause_json_str(&j, "id", "a\"b");
	clause_json_str(&j, "num", NULL);
	clause_json_strings(&j, "c", v, 2);
	clause_json_strings(&j, "e", v, 0);
	clause_json_words(&j, "w", " a.b  c\"d ");
	clause_json_words(&j, "x", "");
	clause_json_num(&j, "n", "%.2f", 0.5);
	clause_json_bool(&j, "t", 1);
	ck_assert_int_eq(clause_json_finish(&j), 0);
	ck_assert_str_eq(b.ptr, "{\"id\": \"a\\\"b\", \"num\": null, "
			 "\"c\": [\"adjustment.notice\", \"say \\\"hi\\\"\"], "
			 "\"e\": [], \"w\": [\"a.b\", \"c\\\"d\"], \"x\": [], "
			 "\"n\": 0.50, \"t\": true}\n");
	clause_buf_clear(&b);
	/* One item a line; the closing bracket on its own line when any. */
	clause_json_list(&j, &b);
	clause_json_object(&j, NULL);
	clause_json_array_lines(&j, "p", "    ", "  ");
	clause_json_null(&j, NULL);
	clause_json_end(&j);
	clause_json_break(&j, "   ");
	clause_json_array_lines(&j, "q", "    ", "  ");
	clause_json_end(&j);
	clause_json_end(&j);
	clause_json_finish(&j);
	ck_assert_str_eq(b.ptr, "[\n  {\"p\": [\n    null\n  ],\n   \"q\": []}\n]\n");
	clause_buf_clear(&b);
	clause_json_list(&j, &b);
	clause_json_finish(&j);
	ck_assert_str_eq(b.ptr, "[]\n");
	clause_buf_release(&b);
}
END_TEST

START_TEST(buf_read_file_refuses_big_files)
{
	char *dir = test_tmpdir();
	char path[512];
	struct clause_buf b = CLAUSE_BUF_INIT;

	snprintf(path, sizeof(path), "%s/f", dir);
	test_write(path, "0123456789");
	ck_assert_int_eq(clause_buf_read_file(&b, path, 10), 0);
	ck_assert_str_eq(b.ptr, "0123456789");
	clause_buf_clear(&b);
	ck_assert_int_eq(clause_buf_read_file(&b, path, 9), CLAUSE_ETOOBIG);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "too large"));
	snprintf(path, sizeof(path), "%s/missing", dir);
	ck_assert_int_lt(clause_buf_read_file(&b, path, 9), 0);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "cannot open"));
	clause_buf_release(&b);
	free(dir);
}
END_TEST

START_TEST(map_put_get_replace)
{
	struct clause_map m = CLAUSE_MAP_INIT;
	char key[32];
	void *old;

	ck_assert_ptr_null(clause_map_get(&m, "x"));
	for (long i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%ld", i);
		ck_assert_int_eq(clause_map_put(&m, key, (void *)(i + 1), NULL), 0);
	}
	ck_assert_uint_eq(m.n, 5000);
	for (long i = 0; i < 5000; i++) {
		snprintf(key, sizeof(key), "k%ld", i);
		ck_assert_ptr_eq(clause_map_get(&m, key), (void *)(i + 1));
	}
	ck_assert_ptr_null(clause_map_get(&m, "k5000"));
	clause_map_put(&m, "k7", (void *)99, &old);
	ck_assert_ptr_eq(old, (void *)8);
	ck_assert_ptr_eq(clause_map_get(&m, "k7"), (void *)99);
	ck_assert_uint_eq(m.n, 5000);
	clause_map_release(&m, NULL);
}
END_TEST

/* Pieces are zeroed, aligned, apart from each other and kept until the
 * pool is released, across blocks and past the size of one. */
START_TEST(pool_hands_out_zeroed_aligned_pieces)
{
	static const char zero[64];
	struct clause_pool p = CLAUSE_POOL_INIT;
	char *first = NULL, *big;
	int *v = NULL;

	for (int round = 0; round < 2; round++) {
		/* 3 MiB of small pieces: more than one block */
		for (size_t i = 0; i < 100000; i++) {
			char *s = clause_pool_alloc(&p, 1 + i % 61);

			ck_assert_ptr_nonnull(s);
			if ((uintptr_t)s % alignof(max_align_t) ||
			    memcmp(s, zero, 1 + i % 61) != 0)
				ck_abort_msg("piece %zu misaligned or not zeroed", i);
			memset(s, 'x', 1 + i % 61);
			if (i == 0)
				first = s;
		}
		ck_assert_int_eq(first[0], 'x');
		big = clause_pool_alloc(&p, (size_t)5 << 20);
		ck_assert_ptr_nonnull(big);
		ck_assert_int_eq(big[((size_t)5 << 20) - 1], 0);
		ck_assert_str_eq(clause_pool_strdup(&p, "notice"), "notice");
		ck_assert_ptr_null(clause_pool_strdup(&p, NULL));
		clause_pool_release(&p);
		ck_assert_ptr_null(p.blocks);
	}
	/* grown from a first capacity: the elements are carried over */
	for (size_t n = 0; n < 1000; n++) {
		int *slot = clause_pool_grow(&p, (void **)&v, n, 3, sizeof(*v));

		ck_assert_ptr_nonnull(slot);
		ck_assert_int_eq(*slot, 0);
		*slot = (int)n;
	}
	for (int n = 0; n < 1000; n++)
		ck_assert_int_eq(v[n], n);
	clause_pool_release(&p);
}
END_TEST

Suite *suite_buf(void)
{
	Suite *s = suite_create("buf");
	TCase *tc = tcase_create("buf");

	tcase_add_test(tc, buf_grows_and_stays_terminated);
	tcase_add_test(tc, buf_detach_hands_over_memory);
	tcase_add_test(tc, buf_escapes_json_and_xml);
	tcase_add_test(tc, json_writer_separates_and_nests);
	tcase_add_test(tc, buf_read_file_refuses_big_files);
	tcase_add_test(tc, pool_hands_out_zeroed_aligned_pieces);
	suite_add_tcase(s, tc);
	return s;
}

Suite *suite_map(void)
{
	Suite *s = suite_create("map");
	TCase *tc = tcase_create("map");

	tcase_add_test(tc, map_put_get_replace);
	suite_add_tcase(s, tc);
	return s;
}
