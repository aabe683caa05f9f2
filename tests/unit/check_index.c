/* check_index.c: the search index: incremental by blob id, one row per
 * distinct clause text, recovery from damage. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "util/buf.h"
#include "util/error.h"
#include "index/index.h"
#include "index/query.h"
#include "index/rank.h"
#include "git/commit.h"
#include "git/repo.h"

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
	ck_assert_int_eq(clause_commit_worktree(&oid, repo, "first", NULL, 0, &p), 0);
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

/* clause_rank's score of every text matching `match` minus bm25's, the
 * largest difference; -1 when the two list different rows. */
static double rank_vs_bm25(struct clause_index *ix, const char *match)
{
	sqlite3_stmt *st = NULL;
	double worst = 0.0;
	int rows = 0;

	ck_assert_int_eq(sqlite3_prepare_v2(ix->db, "SELECT clause_rank(fts, 4.0,"
			 " 1.0), bm25(fts, 4.0, 1.0) FROM fts WHERE fts MATCH ?",
			 -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		double d = sqlite3_column_double(st, 0) - sqlite3_column_double(st, 1);
		if (d < 0)
			d = -d;
		if (d > worst)
			worst = d;
		rows++;
	}
	sqlite3_finalize(st);
	ck_assert_int_gt(rows, 0);
	return worst;
}

#define PLAIN(id, words) \
	"  <clause id=\"" id "\" category=\"adjustment.notice\"><heading>" id \
	" notice</heading><p>" words "</p></clause>\n"

START_TEST(index_rank_is_bm25)
{
	struct clause_repo *repo;
	struct clause_index *ix = NULL;
	char *dir = new_repo(&repo), *hits;
	static const char *const queries[] = {
		"notice", "training", "\"advance notice\"", "notice training",
		"notice OR cameras", "employer", NULL
	};

	/* Texts of many lengths, the words in headings and bodies. */
	put("a.xml", "a", PLAIN("short", "Notice.")
	    PLAIN("long", "The employer gives advance notice of new technology"
		  " and training, and training again, to every employee the"
		  " change affects, with notice to the union as well."));
	put("b.xml", "b", PLAIN("mid", "Advance notice and paid training.")
	    CAMERAS("cameras"));
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/short b/mid a/long");
	free(hits);
	for (size_t i = 0; queries[i]; i++)
		ck_assert_msg(rank_vs_bm25(ix, queries[i]) < 1e-9, "%s", queries[i]);

	/* Texts replaced and forgotten; the lengths follow. */
	put("a.xml", "a", PLAIN("short", "Notice, training.")
	    PLAIN("other", "Notice to the employer of the training plan."));
	hits = search(ix, "training", NULL, NULL, NULL, 0);
	free(hits);
	for (size_t i = 0; queries[i]; i++)
		ck_assert_msg(rank_vs_bm25(ix, queries[i]) < 1e-9, "%s", queries[i]);

	/* The lengths are read from textlen, not asked of FTS5: a wrong
	 * one shows in the score... */
	ck_assert_int_eq(sqlite3_exec(ix->db, "UPDATE textlen SET lens = CAST("
		"replace(hex(zeroblob(length(lens) / 2)), '00', 'ab') AS BLOB)",
		NULL, NULL, NULL), SQLITE_OK);	/* 25185 tokens each */
	ck_assert_double_gt(rank_vs_bm25(ix, "notice"), 1e-6);
	/* ...and without them FTS5 is asked, and the scores are bm25's. */
	ck_assert_int_eq(sqlite3_exec(ix->db, "DELETE FROM textlen", NULL, NULL,
				      NULL), SQLITE_OK);
	for (size_t i = 0; queries[i]; i++)
		ck_assert_msg(rank_vs_bm25(ix, queries[i]) < 1e-9, "%s", queries[i]);
	clause_index_free(ix);
	clause_repo_free(repo);
	free(dir);
}
END_TEST

START_TEST(index_rank_docsize_decoding)
{
	static const unsigned char two[] = { 0x03, 0x81, 0x00 };	/* 3, 128 */
	static const unsigned char cut[] = { 0x03, 0x81 };
	unsigned char chunk[2 * CLAUSE_RANK_CHUNK];

	ck_assert_int_eq(clause_rank_docsize(two, sizeof(two)), 131);
	ck_assert_int_eq(clause_rank_docsize(cut, sizeof(cut)), -1);
	ck_assert_int_eq(clause_rank_docsize(two, 0), 0);
	memset(chunk, 0, sizeof(chunk));
	clause_rank_put(chunk, CLAUSE_RANK_CHUNK + 5, 300);
	ck_assert_int_eq(chunk[10] | chunk[11] << 8, 300);
	clause_rank_put(chunk, 6, 1 << 20);
	ck_assert_int_eq(chunk[12] | chunk[13] << 8, CLAUSE_RANK_TOO_LONG);
	clause_rank_put(chunk, 7, -1);
	ck_assert_int_eq(chunk[14] | chunk[15] << 8, CLAUSE_RANK_UNKNOWN);
}
END_TEST

/* The work tree's stat digest lets a search skip reading the snapshot's
 * entries; it must never hide a change. */
START_TEST(index_stat_digest_never_hides_a_change)
{
	struct clause_repo *repo;
	struct clause_index *ix = NULL;
	struct timespec when[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	struct stat st;
	char *dir = new_repo(&repo), *hits;

	put("a.xml", "a", CAMERAS("cameras"));
	ck_assert_int_eq(clause_index_open(&ix, repo, 0), 0);
	hits = search(ix, "cameras", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/cameras");
	free(hits);
	/* Just written, so racy: no digest recorded. */
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM meta WHERE key GLOB"
			       " 'stat:*' AND value != ''"), 0);
	/* Same size, inode and mtime as when read: only the racy rule
	 * can see this change. */
	ck_assert_int_eq(stat("a.xml", &st), 0);
	put("a.xml", "a", CAMERAS("sensors"));
	when[0] = when[1] = st.st_mtim;
	ck_assert_int_eq(utimensat(AT_FDCWD, "a.xml", when, 0), 0);
	hits = search(ix, "sensors", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/cameras");
	free(hits);
	/* Old enough to be trusted: the digest is recorded, and the next
	 * search reads nothing. */
	when[0].tv_sec = when[1].tv_sec = 1000000000;
	ck_assert_int_eq(utimensat(AT_FDCWD, "a.xml", when, 0), 0);
	hits = search(ix, "sensors", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/cameras");
	free(hits);
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM meta WHERE key GLOB"
			       " 'stat:*' AND value != ''"), 1);
	ix = reopen(ix, repo);
	hits = search(ix, "sensors", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/cameras");
	free(hits);
	ck_assert_uint_eq(ix->parsed, 0);
	ck_assert_uint_eq(ix->hashed, 0);
	/* Any change of stat data misses the digest: a new file, a file
	 * changed, a file gone. */
	put("b.xml", "b", NOTICE("30"));
	ck_assert_int_eq(utimensat(AT_FDCWD, "b.xml", when, 0), 0);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "b/notice");
	free(hits);
	ck_assert_int_eq(count(ix, "SELECT count(*) FROM meta WHERE key GLOB"
			       " 'stat:*' AND value != ''"), 1);
	put("a.xml", "a", CAMERAS("monitor"));
	when[0].tv_sec = when[1].tv_sec = 1000000001;
	ck_assert_int_eq(utimensat(AT_FDCWD, "a.xml", when, 0), 0);
	hits = search(ix, "monitor", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "a/cameras");
	free(hits);
	ck_assert_int_eq(unlink("b.xml"), 0);
	hits = search(ix, "notice", NULL, NULL, NULL, 0);
	ck_assert_str_eq(hits, "");
	free(hits);
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
	tcase_add_test(tc, index_rank_is_bm25);
	tcase_add_test(tc, index_rank_docsize_decoding);
	tcase_add_test(tc, index_stat_digest_never_hides_a_change);
	suite_add_tcase(s, tc);
	return s;
}
