/* search.c: ranked search of a scope, with filters and snippets; and a
 * document of the work tree found where the index says it is, while the
 * index is current, and read (clause_index_load_doc).
 */
#include "index/internal.h"
#include "doc/xml.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/json.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

void index_hit_release(struct clause_hit *x)
{
	free(x->doc);
	free(x->clause);
	free(x->path);
	free(x->num);
	free(x->heading);
	free(x->heading_marked);
	free(x->categories);
	free(x->status);
	free(x->title);
	free(x->snippet);
	free(x->label);
	for (size_t k = 0; k < x->nlabels; k++)
		free(x->labels[k]);
	free(x->labels);
}

void clause_hits_release(struct clause_hits *h)
{
	for (size_t i = 0; i < h->n; i++)
		index_hit_release(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static int ensure_stem(struct clause_index *ix)
{
	int r;

	if (index_stem_exists(ix))
		return 0;
	if ((r = index_begin(ix)) < 0)
		return r;
	if (!index_stem_exists(ix))
		r = index_exec(ix, "CREATE VIRTUAL TABLE fts_stem USING fts5(heading, body,"
			       " content='text', content_rowid='id',"
			       " tokenize='porter unicode61 remove_diacritics 2');"
			       " INSERT INTO fts_stem(fts_stem) VALUES('rebuild');");
	if (r == 0) {
		/* The cached inserts do not know the new table. */
		sqlite3_finalize(ix->stmts[S_STEM_ADD]);
		ix->stmts[S_STEM_ADD] = NULL;
		ix->stem = 1;
	}
	return index_finish(ix, r);
}

static char *trim_dup(const char *s)
{
	size_t n;

	if (!s)
		return strdup("");
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	return strndup(s, n);
}

/* The WHERE conditions of the filters; parameters by name. */
static void filters_sql(struct clause_buf *b, const struct clause_search *s)
{
	if (s->category)
		clause_buf_puts(b, " AND (instr(c.cats, ' ' || :cat || ' ') OR"
				" instr(c.cats, ' ' || :cat || '.'))");
	if (s->party)
		clause_buf_puts(b, " AND EXISTS (SELECT 1 FROM party p WHERE"
				" p.blob = b.id AND (p.pid = :party OR"
				" instr(lower(p.name), lower(:party))))");
	if (s->sector)
		clause_buf_puts(b, " AND instr(lower(b.sector), lower(:sector))");
	if (s->status)
		clause_buf_puts(b, " AND b.status = :status");
	if (s->doc)
		clause_buf_puts(b, " AND b.docid = :doc");
	if (s->since)
		clause_buf_puts(b, " AND coalesce(b.expires, b.effective) >= :since");
	if (s->until)
		clause_buf_puts(b, " AND coalesce(b.effective, b.expires) <= :until");
	if (s->exclude_doc)
		clause_buf_puts(b, " AND NOT (b.docid = :xdoc AND c.cid = :xclause)");
	if (s->qunit) {
		const char *op = s->qop;
		if (strcmp(op, "==") == 0)
			op = "=";
		clause_buf_printf(b, " AND EXISTS (SELECT 1 FROM quantity q WHERE"
				  " q.blob = c.blob AND q.seq = c.seq AND"
				  " q.unit = :qunit AND q.value %s :qvalue)", op);
	}
}

/* One search as it runs: what was asked, in which FTS5 table, over
 * which snapshots (several: one hit per clause version), and the
 * scope's statistics that rank it. */
struct run {
	const struct clause_search *s;
	const char *fts;
	const struct resolved *rs;
	int multi;
	struct clause_rank_scope stats;
};

static void filters_bind(sqlite3_stmt *st, const struct run *run)
{
	const struct clause_search *s = run->s;
	int i;

	index_bind_named(st, ":cat", s->category);
	index_bind_named(st, ":party", s->party);
	index_bind_named(st, ":sector", s->sector);
	index_bind_named(st, ":status", s->status);
	index_bind_named(st, ":doc", s->doc);
	index_bind_named(st, ":since", s->since);
	index_bind_named(st, ":until", s->until);
	index_bind_named(st, ":xdoc", s->exclude_doc);
	index_bind_named(st, ":xclause", s->exclude_clause);
	index_bind_named(st, ":qunit", s->qunit);
	index_bind_named(st, ":match", s->match);
	if ((i = sqlite3_bind_parameter_index(st, ":qvalue")))
		sqlite3_bind_double(st, i, s->qvalue);
	if ((i = sqlite3_bind_parameter_index(st, ":stats")))
		sqlite3_bind_pointer(st, i, (void *)&run->stats, CLAUSE_RANK_SCOPE,
				     NULL);
}

/* An FTS5 syntax error cannot come from a parsed query; say so plainly
 * if it does rather than as a database failure. */
static int match_error(struct clause_index *ix, int rc)
{
	int r = index_db_error(ix, rc, "cannot search");

	if (r == CLAUSE_ERROR && (rc & 0xff) == SQLITE_ERROR) {
		clause_error_set("the query cannot be searched: %s",
				 sqlite3_errmsg(ix->db));
		return CLAUSE_EUSAGE;
	}
	return r;
}

/* The FROM ... GROUP BY part of a search.  With a MATCH, the texts come
 * from FTS5 best first, at most `k` of them (0: all). */
static void search_from(struct clause_buf *from, const struct run *run,
			long long k)
{
	const struct clause_search *s = run->s;
	const char *fts = run->fts;

	clause_buf_clear(from);
	/* Rank with bm25 (clause_rank, rank.h), the heading weighing four
	 * times the body.  Not
	 * ORDER BY rank: FTS5 then sorts every match before the LIMIT is
	 * seen, where SQLite's own sorter keeps only the best k (a third
	 * less work for a word in 10% of the clauses).  rowid breaks ties,
	 * so that the same k texts are taken every time.  The statistics
	 * are the scope's (:stats), whatever else the index holds. */
	if (s->match) {
		clause_buf_printf(from, " FROM (SELECT rowid AS id, clause_rank(%s, 4.0,"
				  " 1.0, :stats) AS score FROM %s WHERE %s MATCH :match"
				  " ORDER BY score, rowid", fts, fts, fts);
		if (k)
			clause_buf_printf(from, " LIMIT %lld", k);
		clause_buf_puts(from, ") m JOIN clause c ON c.text = m.id");
	} else {
		clause_buf_puts(from, " FROM clause c");
	}
	clause_buf_puts(from, " JOIN entry e ON e.blob = c.blob"
			" JOIN temp.scope sc ON sc.snap = e.snap"
			" JOIN blob b ON b.id = c.blob"
			" JOIN text t ON t.id = c.text WHERE 1");
	filters_sql(from, s);
	/* One row per clause (per clause version when several revisions
	 * are in scope); the score is the text's, so min() just picks it. */
	clause_buf_printf(from, " GROUP BY b.docid, c.cid%s", run->multi ? ", c.text" : "");
}

/* One integer from a query with the search's parameters. */
static int search_count(long long *out, struct clause_index *ix,
			const char *sql, const struct run *run)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = index_prepare(&st, ix, sql)) < 0)
		return r;
	filters_bind(st, run);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		r = match_error(ix, rc);
	sqlite3_finalize(st);
	return r;
}

/* Highlighted headings and snippets for the hits, from one pass over the
 * match's rows between the lowest and the highest text wanted.  A query
 * per hit (rowid = ?) costs more: to reach one row FTS5 steps through
 * the doclists of every segment written since the last merge. */
static int add_snippets(struct clause_hits *out, struct clause_index *ix,
			const struct clause_search *s, const char *fts)
{
	struct clause_buf sql = CLAUSE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	long long lo = 0, hi = 0;
	int r, rc;

	if (!out->n)
		return 0;
	/* The unary + keeps the IN list from FTS5, which would seek once
	 * for each value. */
	clause_buf_printf(&sql, "SELECT rowid, highlight(%s, 0, :o, :c),"
			  " snippet(%s, 1, :o, :c, '...', 24) FROM %s WHERE %s"
			  " MATCH :match AND rowid BETWEEN :lo AND :hi AND"
			  " +rowid IN (", fts, fts, fts, fts);
	for (size_t i = 0; i < out->n; i++) {
		long long id = out->v[i].text;
		if (i == 0 || id < lo)
			lo = id;
		if (i == 0 || id > hi)
			hi = id;
		clause_buf_printf(&sql, "%s%lld", i ? ", " : "", id);
	}
	clause_buf_putc(&sql, ')');
	r = index_prepare(&st, ix, sql.ptr);
	clause_buf_release(&sql);
	if (r < 0)
		return r;
	index_bind_named(st, ":o", s->open);
	index_bind_named(st, ":c", s->close);
	index_bind_named(st, ":match", s->match);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":lo"), lo);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":hi"), hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < out->n; i++) {
			struct clause_hit *h = &out->v[i];
			if (h->text != id || h->snippet)
				continue;
			free(h->heading_marked);
			h->heading_marked = index_col_dup(st, 1);
			h->snippet = index_col_dup(st, 2);
		}
	}
	if (rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot make a snippet");
	sqlite3_finalize(st);
	return r;
}

/* Fill hit h from a row of search_rows' query.  With several revisions
 * in scope (multi), h names each that holds it, in scope order (rounds
 * by date, commits oldest first); else the one it was read from. */
static void hit_from_row(struct clause_hit *h, sqlite3_stmt *st,
			 const struct resolved *rs, int multi)
{
	const char *ords = (const char *)sqlite3_column_text(st, 11);
	size_t last = (size_t)sqlite3_column_int64(st, 12);

	memset(h, 0, sizeof(*h));
	h->doc = index_col_dup(st, 0);
	h->clause = index_col_dup(st, 1);
	h->score = -sqlite3_column_double(st, 2);
	h->path = index_col_dup(st, 3);
	h->line = (unsigned)sqlite3_column_int(st, 4);
	h->num = index_col_dup(st, 5);
	h->heading = index_col_dup(st, 6);
	h->categories = trim_dup((const char *)sqlite3_column_text(st, 7));
	h->status = index_col_dup(st, 8);
	h->title = index_col_dup(st, 9);
	h->text = sqlite3_column_int64(st, 10);
	if (last < rs->n && rs->label[last] && !multi)
		h->label = strdup(rs->label[last]);
	if (multi && ords) {
		char *flags = calloc(rs->n + 1, 1);
		for (const char *p = ords; flags && *p;) {
			char *end;
			unsigned long k = strtoul(p, &end, 10);
			if (k < rs->n)
				flags[k] = 1;
			p = *end ? end + 1 : end;
		}
		h->labels = calloc(rs->n + 1, sizeof(*h->labels));
		for (size_t k = 0; flags && h->labels && k < rs->n; k++)
			if (flags[k])
				h->labels[h->nlabels++] = strdup(rs->label[k]);
		free(flags);
	}
}

/* The hits of one try: from the best `k` matching texts (0: all). */
static int search_rows(struct clause_hits *out, struct clause_index *ix,
		       const struct run *run, long long k)
{
	const struct clause_search *s = run->s;
	struct clause_buf from = CLAUSE_BUF_INIT, sql = CLAUSE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int r, rc;

	search_from(&from, run, k);
	clause_buf_printf(&sql, "SELECT b.docid, c.cid, %s, e.path, c.line, c.num,"
			  " t.heading, c.cats, b.status, b.title, c.text,"
			  " group_concat(DISTINCT sc.ord), max(sc.ord)%s"
			  " ORDER BY 3, 1, 2",
			  s->match ? "min(m.score)" : "0", from.ptr);
	if (s->limit)
		clause_buf_printf(&sql, " LIMIT %zu", s->limit);
	if ((r = index_prepare(&st, ix, sql.ptr)) < 0)
		goto done;
	filters_bind(st, run);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n % 16 == 0) {
			struct clause_hit *v = realloc(out->v, (out->n + 16) * sizeof(*v));
			if (!v) {
				clause_error_set("out of memory");
				r = CLAUSE_ERROR;
				goto done;
			}
			out->v = v;
		}
		hit_from_row(&out->v[out->n++], st, run->rs, run->multi);
	}
	if (rc != SQLITE_DONE)
		r = match_error(ix, rc);
done:
	sqlite3_finalize(st);
	clause_buf_release(&from);
	clause_buf_release(&sql);
	return r;
}

/* The search proper, in the snapshots `rs` names. */
static int run_search(struct clause_hits *out, struct clause_index *ix,
		      const struct clause_scope *scope,
		      const struct clause_search *s, const struct resolved *rs)
{
	struct run run = { s, s->stem ? "fts_stem" : "fts", rs, 0, { 0 } };
	struct clause_buf from = CLAUSE_BUF_INIT, sql = CLAUSE_BUF_INIT;
	long long k = 0, total = 0;
	int r;

	clause_hits_release(out);
	/* The search reads its pages through mmap: copied into no cache,
	 * and a sixth fewer page faults for a short-lived process.  Only
	 * here: an update would map most of the file, and count it all in
	 * the process's resident size. */
	if ((!ix->no_mmap &&
	     (r = index_exec(ix, "PRAGMA mmap_size=268435456")) < 0) ||
	    (r = index_load_scope(ix, rs)) < 0 ||
	    (s->match && (r = index_scope_stats(&run.stats, ix, rs)) < 0))
		goto done;
	run.multi = scope->kind == CLAUSE_SCOPE_ROUNDS ||
		scope->kind == CLAUSE_SCOPE_HISTORY ||
		scope->kind == CLAUSE_SCOPE_REMOTE;
	if (s->count) {
		search_from(&from, &run, 0);
		clause_buf_printf(&sql, "SELECT count(*) FROM (SELECT 1%s)", from.ptr);
		if ((r = search_count(&total, ix, sql.ptr, &run)) < 0)
			goto done;
	}
	/* Sorting every text that matches a common word costs more than
	 * keeping the best few: take the best texts first, and all of them
	 * only when the filters and the scope leave too few hits among
	 * those.  (Either way every match is scored: a second try costs
	 * as much as the first, so there is only one.) */
	if (s->match && s->limit)
		k = (long long)s->limit * 4 < 64 ? 64 : (long long)s->limit * 4;
	if ((r = search_rows(out, ix, &run, k)) < 0)
		goto done;
	if (k && out->n < s->limit) {
		clause_hits_release(out);
		if ((r = search_rows(out, ix, &run, 0)) < 0)
			goto done;
	}
	if (s->match && (r = add_snippets(out, ix, s, run.fts)) < 0)
		goto done;
	for (size_t i = 0; i < out->n; i++) {
		struct clause_hit *h = &out->v[i];
		if (h->heading && !*h->heading) {
			free(h->heading);
			h->heading = NULL;
			free(h->heading_marked);
			h->heading_marked = NULL;
		}
	}
	out->total = s->count ? (size_t)total : out->n;
done:
	clause_buf_release(&from);
	clause_buf_release(&sql);
	index_scope_stats_release(&run.stats);
	sqlite3_exec(ix->db, "PRAGMA mmap_size=0", NULL, NULL, NULL);
	if (r < 0 && r != DAMAGED)
		clause_hits_release(out);
	return r;
}

/* The path of document `doc` in snapshot `snap`: 1, or 0. */
static int path_in_snap(char **path, struct clause_index *ix, long long snap,
			const char *doc)
{
	sqlite3_stmt *st = NULL;
	int found = 0;

	if (index_prepare(&st, ix, "SELECT e.path FROM entry e JOIN blob b ON"
			  " b.id = e.blob WHERE e.snap = ? AND b.docid = ?"
			  " ORDER BY e.path LIMIT 1") < 0)
		return 0;
	sqlite3_bind_int64(st, 1, snap);
	index_bind_text(st, 2, doc);
	if (sqlite3_step(st) == SQLITE_ROW && (*path = index_col_dup(st, 0)))
		found = 1;
	sqlite3_finalize(st);
	return found;
}

int clause_index_worktree_stamp(struct clause_buf *out, struct clause_index *ix)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct resolved rs = { NULL, NULL, 0, 0 }, rec = { NULL, NULL, 0, 0 };
	char *digest = NULL;
	int r;

	clause_buf_clear(out);
	/* No stamp when the last look was racy (a file changed within its
	 * time stamp's granularity: the digest recorded is ""), nor when
	 * the library has no work tree: the caller keeps nothing then. */
	if ((r = index_resolve(&rs, ix, &scope)) == 0 && rs.n == 1 &&
	    ix->repo->workdir &&
	    index_recorded_worktree(&rec, &digest, ix) == 1 && rec.n == 1 &&
	    rec.snap[0] == rs.snap[0])
		clause_buf_printf(out, "%lld:%s", rs.snap[0], digest);
	free(digest);
	index_resolved_release(&rec);
	index_resolved_release(&rs);
	if (r == 0 && !out->len) {
		clause_error_set("the work tree has no stable stamp");
		r = CLAUSE_ERROR;
	}
	return r;
}

/* Where document `doc` is, through an open index brought up to date as
 * a search of the work tree would be (a server's worker, whose index
 * trusts a scan for a few hundred milliseconds). */
static int locate_in(char **path, struct clause_index *ix, const char *doc)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct resolved rs = { NULL, NULL, 0, 0 };
	int found = 0;

	*path = NULL;
	if (index_resolve(&rs, ix, &scope) == 0 && rs.n == 1)
		found = path_in_snap(path, ix, rs.snap[0], doc);
	index_resolved_release(&rs);
	clause_error_clear();
	return found;
}

/* A search as index_on_worktree runs it. */
struct wsearch {
	struct clause_hits *out;
	const struct clause_scope *scope;
	const struct clause_search *s;
};

static int wsearch_run(struct clause_index *ix, const struct resolved *rs,
		       void *arg)
{
	struct wsearch *w = arg;

	return run_search(w->out, ix, w->scope, w->s, rs);
}

static void wsearch_undo(void *arg)
{
	clause_hits_release(((struct wsearch *)arg)->out);
}

/*
 * A search of the work tree runs on what the index holds while a thread
 * scans the work tree (index_on_worktree); a server's burst of searches
 * trusts one scan for fresh_ms.
 */
int index_search(struct clause_hits *out, struct clause_index *ix,
		 const struct clause_scope *scope,
		 const struct clause_search *s)
{
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct wsearch w = { out, scope, s };
	char *digest = NULL;
	int r;

	clause_hits_release(out);
	if (s->stem && (r = ensure_stem(ix)) < 0)
		return r;
	if (scope->kind == CLAUSE_SCOPE_WORKTREE && ix->fresh_ms &&
	    index_now_ms() - (ix->fresh_shared ? __atomic_load_n(ix->fresh_shared,
			__ATOMIC_ACQUIRE) : ix->fresh_at) < (long long)ix->fresh_ms &&
	    !ix->rebuild) {
		/* found current a moment ago: one scan serves the burst */
		if ((r = index_recorded_worktree(&rs, &digest, ix)) == 1) {
			r = run_search(out, ix, scope, s, &rs);
			goto done;
		}
		index_resolved_release(&rs);
		memset(&rs, 0, sizeof(rs));
	}
	if (scope->kind == CLAUSE_SCOPE_WORKTREE && ix->repo->workdir) {
		r = index_on_worktree(ix, 1, wsearch_run, wsearch_undo, &w);
		if (r > 0)
			r = 0;
		goto done;
	}
	r = index_resolve(&rs, ix, scope);
	if (r == 0)
		r = run_search(out, ix, scope, s, &rs);
done:
	free(digest);
	index_resolved_release(&rs);
	return r;
}

int clause_index_search(struct clause_hits *out, struct clause_index *ix,
			const struct clause_scope *scope,
			const struct clause_search *s)
{
	int r;

	memset(out, 0, sizeof(*out));
	WITH_RECOVERY(ix, index_search(out, ix, scope, s));
	if (r < 0)
		clause_hits_release(out);
	return r;
}

int clause_index_units(char ***units, size_t *n, struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	size_t cap = 0;
	char *u;
	int r, rc;

	*units = NULL;
	*n = 0;
	if ((r = index_prepare(&st, ix, "SELECT DISTINCT unit FROM quantity"
			       " ORDER BY unit")) < 0)
		return r;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* One slot more than the units: the list ends with NULL. */
		if ((r = CLAUSE_GROW(*units, *n + 1, cap)) < 0 ||
		    !(u = index_col_dup(st, 0))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		(*units)[(*n)++] = u;
		(*units)[*n] = NULL;
	}
	r = rc == SQLITE_DONE ? 0 : index_db_error(ix, rc, "cannot list units");
done:
	sqlite3_finalize(st);
	if (r < 0) {
		while (*n)
			free((*units)[--*n]);
		free(*units);
		*units = NULL;
	}
	return r;
}

void clause_hit_json(struct clause_json *j, const struct clause_repo *repo,
		     const struct clause_hit *h, int history)
{
	struct clause_buf path = CLAUSE_BUF_INIT;

	clause_repo_display(&path, repo, h->label, h->path);
	clause_json_object(j, NULL);
	clause_json_str(j, "doc", h->doc);
	clause_json_str(j, "clause", h->clause);
	clause_json_str(j, "path", path.ptr);
	clause_json_num(j, "line", "%u", h->line);
	clause_json_str(j, "num", h->num);
	clause_json_str(j, "heading", h->heading);
	clause_json_words(j, "categories", h->categories);
	clause_json_str(j, "status", h->status);
	clause_json_str(j, "title", h->title);
	clause_json_num(j, "score", "%.4f", h->score);
	clause_json_str(j, "snippet", h->snippet ? h->snippet : "");
	clause_json_strings(j, history ? "commits" : "revisions", h->labels,
			    h->nlabels);
	clause_json_end(j);
	clause_buf_release(&path);
}

/* Document `id` at `path` of the work tree, read and parsed: 0, or -1
 * when the file is not there or is no longer that document (*doc NULL
 * then). */
static int read_doc(struct clause_doc **doc, char **display,
		    struct clause_repo *repo, const char *path, const char *id)
{
	struct clause_buf file = CLAUSE_BUF_INIT, data = CLAUSE_BUF_INIT;
	struct clause_buf shown = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	int r = -1;

	clause_buf_printf(&file, "%s%s", repo->workdir, path);
	clause_repo_display(&shown, repo, NULL, path);
	if (clause_buf_read_file(&data, file.ptr, CLAUSE_MAX_DOC_BYTES) == 0 &&
	    clause_doc_load(doc, NULL, shown.ptr, data.ptr, data.len, 1,
			    &probs) == 0 && strcmp((*doc)->id, id) == 0) {
		*display = clause_buf_detach(&shown);
		r = 0;
	} else {
		clause_doc_free(*doc);
		*doc = NULL;
	}
	clause_error_clear();
	clause_problems_release(&probs);
	clause_buf_release(&file);
	clause_buf_release(&data);
	clause_buf_release(&shown);
	return r;
}

/* A document read while index_on_worktree checks the work tree. */
struct wdoc {
	struct clause_doc **doc;
	char **path, **display;
	const char *id;
	struct clause_repo *repo;
};

static void wdoc_undo(void *arg)
{
	struct wdoc *w = arg;

	clause_doc_free(*w->doc);
	*w->doc = NULL;
	free(*w->path);
	*w->path = NULL;
	free(*w->display);
	*w->display = NULL;
}

static int wdoc_run(struct clause_index *ix, const struct resolved *rs,
		    void *arg)
{
	struct wdoc *w = arg;

	if (rs->n == 1 && path_in_snap(w->path, ix, rs->snap[0], w->id) &&
	    read_doc(w->doc, w->display, w->repo, *w->path, w->id) < 0)
		wdoc_undo(w);
	return 0;
}

int clause_index_load_doc(struct clause_doc **doc, char **path, char **display,
			  struct clause_repo *repo, struct clause_index *ix,
			  const char *id)
{
	struct wdoc w = { doc, path, display, id, repo };
	struct clause_index *own = NULL;
	int r;

	*doc = NULL;
	*path = NULL;
	*display = NULL;
	if (ix) {
		if (locate_in(path, ix, id) && read_doc(doc, display, repo, *path, id) < 0)
			wdoc_undo(&w);
		return *doc ? 0 : -1;
	}
	if (!repo->git || !repo->workdir || !git_repository_workdir(repo->git))
		return -1;
	/* Never made, mended or rebuilt here: that costs more than the
	 * answer, and is for the commands that search.  The file is read
	 * while the work tree is checked; when the check finds a change,
	 * the library decides. */
	if (!index_open_scanning(&own, repo))
		return -1;
	r = index_on_worktree(own, 0, wdoc_run, wdoc_undo, &w);
	clause_index_free(own);
	clause_error_clear();
	if (r != 1 || !*doc) {
		wdoc_undo(&w);
		return -1;
	}
	return 0;
}
