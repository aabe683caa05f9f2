/* check_index.c: the search index: incremental by blob id, one row per
 * distinct clause text, recovery from damage. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "buf.h"
#include "error.h"
#include "index.h"
#include "query.h"
#include "repo.h"

static const struct clause_scope worktree = { CLAUSE_SCOPE_WORKTREE, NULL };

static char *new_repo(struct clause_repo **repo)
{
	char *dir = test_tmpdir();
	char *top = NULL;
	int existed = -1;

	ck_assert_int_eq(clause_repo_init(&top, dir, &existed), 0);
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

#define NOTICE(days) \
	"  <clause id=\"notice\" category=\"adjustment.notice\"><heading>Notice</heading>" \
	"<p>Notice of <quantity unit=\"days\">" days "</quantity> days.</p></clause>\n"
#define CAMERAS(what) \
	"  <clause id=\"cameras\" category=\"guardrail.surveillance\"><p>No " \
	what " facing the driver.</p></clause>\n"

/* Hits for `query` in the work tree, "" when none: "doc/clause ...". */
static char *search(struct clause_index *ix, const char *query,
		    const char *category, const char *quantity_unit,
		    const char *op, double value)
{
	struct clause_query q = CLAUSE_QUERY_INIT;
	struct clause_search s;
	struct clause_hits h;
	struct clause_buf out = CLAUSE_BUF_INIT;

	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(clause_query_parse(&q, query), 0);
	s.match = q.match;
	s.category = category;
	s.qunit = quantity_unit;
	s.qop = op;
	s.qvalue = value;
	s.open = "[";
	s.close = "]";
	ck_assert_msg(clause_index_search(&h, ix, &worktree, &s) == 0, "%s",
		      clause_error_last());
	for (size_t i = 0; i < h.n; i++)
		clause_buf_printf(&out, "%s%s/%s", i ? " " : "", h.v[i].doc,
				  h.v[i].clause);
	clause_hits_release(&h);
	clause_query_release(&q);
	return clause_buf_detach(&out);
}

static long long count(struct clause_index *ix, const char *sql)
{
	sqlite3_stmt *st = NULL;
	long long n = -1;

	ck_assert_int_eq(sqlite3_prepare_v2(ix->db, sql, -1, &st, NULL), SQLITE_OK);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static struct clause_index *reopen(struct clause_index *ix,
				   struct clause_repo *repo)
{
	clause_index_free(ix);
	ix = NULL;
	ck_assert_msg(clause_index_open(&ix, repo, 0) == 0, "%s", clause_error_last());
	return ix;
}

START_TEST(index_parses_only_changed_blobs)
{
	struct clause_repo *repo;
	struct clause_index *ix = NULL;
	char *dir = new_repo(&repo), *hits;
	size_t docs, clauses;

	put("a.xml", "a", NOTICE("45"));
	put("b.xml", "b", CAMERAS("cameras"));
	/* The same clause text as a's: stored once. */
	put("c.xml", "c", NOTICE("45"));
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	ck_assert_ptr_nonnull(ix->notice);	/* first use */
	ck_assert_int_eq(clause_index_update(ix, &worktree, &docs, &clauses), 0);
	ck_assert_uint_eq(ix->parsed, 3);
	ck_assert_uint_eq(docs, 3);
	ck_assert_uint_eq(clauses, 3);
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM text"), 2);

	/* Nothing changed: nothing parsed. */
	ix = reopen(ix, repo);
	ck_assert_ptr_null(ix->notice);
	ck_assert_int_eq(clause_index_update(ix, &worktree, NULL, NULL), 0);
	ck_assert_uint_eq(ix->parsed, 0);

	/* One file changed: that one is parsed, the old text forgotten. */
	put("b.xml", "b", CAMERAS("microphones"));
	ix = reopen(ix, repo);
	hits = search(ix, "microphones", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/cameras");
	free(hits);
	ck_assert_uint_eq(ix->parsed, 1);
	hits = search(ix, "cameras", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "");
	free(hits);
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM text"), 2);
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM blob"), 3);

	/* A file removed; the shared text stays for a. */
	ck_assert_int_eq(unlink("c.xml"), 0);
	ck_assert_int_eq(clause_index_update(ix, &worktree, &docs, NULL), 0);
	ck_assert_uint_eq(docs, 2);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/notice");
	free(hits);
	ck_assert_uint_eq(ix->parsed, 1);

	/* A file back as it was: its blob is known again, or re-parsed
	 * once; never more. */
	put("c.xml", "c", NOTICE("45"));
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/notice c/notice");
	free(hits);
	ck_assert_uint_le(ix->parsed, 2);
	/* Texts were added and forgotten: FTS5 agrees with its content. */
	free(ix->notice);
	ix->notice = NULL;
	ck_assert_int_eq(clause_index_verify(ix), 0);
	ck_assert_ptr_null(ix->notice);
	clause_index_free(ix);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(index_filters_and_revisions)
{
	struct clause_repo *repo;
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_index *ix = NULL;
	struct clause_scope head = { CLAUSE_SCOPE_REV, "HEAD" };
	char *dir = new_repo(&repo), *hits;
	git_oid oid;
	size_t docs;

	put("a.xml", "a", NOTICE("45"));
	put("b.xml", "b", NOTICE("120") CAMERAS("cameras"));
	ck_assert_int_eq(clause_repo_commit(&oid, repo, "first", NULL, 0, &p), 0);
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	hits = search(ix, "notice", NULL, "days", ">=", 90);
	ck_assert_str_eq(hits, "b/notice");
	free(hits);
	hits = search(ix, "notice OR driver", "guardrail", NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/cameras");
	free(hits);
	hits = search(ix, "notice", "adjustment.notice", "days", "<", 50);
	ck_assert_str_eq(hits, "a/notice");
	free(hits);
	/* HEAD holds the same blobs as the work tree: nothing to parse. */
	ix = reopen(ix, repo);
	ck_assert_int_eq(clause_index_update(ix, &head, &docs, NULL), 0);
	ck_assert_uint_eq(docs, 2);
	ck_assert_uint_eq(ix->parsed, 0);
	clause_index_free(ix);
	clause_repo_free(repo);
	clause_problems_release(&p);
	free(dir);
}
END_TEST

START_TEST(index_rebuilt_when_damaged_or_deleted)
{
	struct clause_repo *repo;
	struct clause_index *ix = NULL;
	char *dir = new_repo(&repo), *hits, *path;
	FILE *f;

	put("a.xml", "a", NOTICE("45"));
	put("b.xml", "b", CAMERAS("cameras"));
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	hits = search(ix, "cameras", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/cameras");
	free(hits);
	path = strdup(ix->path);
	clause_index_free(ix);

	/* Garbage over the whole file. */
	ck_assert_ptr_nonnull(f = fopen(path, "wb"));
	for (int i = 0; i < 1000; i++)
		fputs("not a database at all ", f);
	fclose(f);
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	ck_assert_ptr_nonnull(ix->notice);
	ck_assert_ptr_nonnull(strstr(ix->notice, "damaged"));
	hits = search(ix, "cameras", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/cameras");
	free(hits);
	clause_index_free(ix);

	/* Truncated in the middle. */
	ck_assert_int_eq(truncate(path, 3000), 0);
	ix = NULL;
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	hits = search(ix, "cameras", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/cameras");
	free(hits);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/notice");
	free(hits);
	ck_assert_ptr_nonnull(ix->notice);
	ck_assert_int_eq(clause_index_verify(ix), 0);
	clause_index_free(ix);

	/* Deleted. */
	ck_assert_int_eq(unlink(path), 0);
	ix = NULL;
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	ck_assert_ptr_nonnull(ix->notice);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/notice");
	free(hits);
	clause_index_free(ix);
	free(path);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(index_stem_table_follows_updates)
{
	struct clause_repo *repo;
	struct clause_index *ix = NULL;
	struct clause_query q = CLAUSE_QUERY_INIT;
	struct clause_search s;
	struct clause_hits h;
	char *dir = new_repo(&repo);

	put("a.xml", "a", CAMERAS("cameras"));
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	memset(&s, 0, sizeof(s));
	ck_assert_int_eq(clause_query_parse(&q, "camera"), 0);
	s.match = q.match;
	s.stem = 1;
	s.open = s.close = "";
	ck_assert_int_eq(clause_index_search(&h, ix, &worktree, &s), 0);
	ck_assert_uint_eq(h.n, 1);
	clause_hits_release(&h);
	/* The stemmed table exists now: new texts go into it, old ones out. */
	put("a.xml", "a", CAMERAS("microphones"));
	clause_query_release(&q);
	ck_assert_int_eq(clause_query_parse(&q, "microphone"), 0);
	s.match = q.match;
	ck_assert_int_eq(clause_index_search(&h, ix, &worktree, &s), 0);
	ck_assert_uint_eq(h.n, 1);
	clause_hits_release(&h);
	clause_query_release(&q);
	ck_assert_int_eq(clause_query_parse(&q, "camera"), 0);
	s.match = q.match;
	ck_assert_int_eq(clause_index_search(&h, ix, &worktree, &s), 0);
	ck_assert_uint_eq(h.n, 0);
	clause_hits_release(&h);
	clause_query_release(&q);
	free(ix->notice);
	ix->notice = NULL;
	ck_assert_int_eq(clause_index_verify(ix), 0);
	ck_assert_ptr_null(ix->notice);
	clause_index_free(ix);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

Suite *suite_index(void)
{
	Suite *s = suite_create("index");
	TCase *tc = tcase_create("index");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, index_parses_only_changed_blobs);
	tcase_add_test(tc, index_filters_and_revisions);
	tcase_add_test(tc, index_rebuilt_when_damaged_or_deleted);
	tcase_add_test(tc, index_stem_table_follows_updates);
	suite_add_tcase(s, tc);
	return s;
}
