/* listing.c: what the index answers without a search: every clause of a
 * scope (for matrix), and the library of the work tree or of a revision
 * as clause_library_load would read it (for ls and categories). */
#include "index/internal.h"
#include "git/library.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/pool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int do_each(struct clause_index *ix, const struct clause_scope *scope,
		   const char *unit,
		   int (*fn)(const struct clause_row *row, void *payload),
		   void *payload)
{
	struct resolved rs = { NULL, NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	int texts = unit && strcmp(unit, CLAUSE_EACH_TEXT) == 0;
	int r, rc;

	if ((r = index_resolve(&rs, ix, scope)) < 0 || (r = index_load_scope(ix, &rs)) < 0)
		goto done;
	/* The texts only when asked for: matrix reads every clause of a
	 * library and needs none. */
	if ((r = index_prepare(&st, ix, texts ?
			       "SELECT b.docid, b.title, b.status, e.path,"
			       " c.cid, c.cats, '', c.num, c.heading, t.body"
			       " FROM entry e JOIN temp.scope sc ON sc.snap = e.snap"
			       " JOIN blob b ON b.id = e.blob LEFT JOIN clause c ON"
			       " c.blob = b.id LEFT JOIN text t ON t.id = c.text"
			       " WHERE b.docid IS NOT NULL ORDER BY e.path, c.seq" :
			       "SELECT b.docid, b.title, b.status, e.path,"
			       " c.cid, c.cats, (SELECT group_concat(printf('%g', q.value), ' ') FROM"
			       " quantity q WHERE q.blob = c.blob AND q.seq = c.seq AND"
			       " q.unit = :unit AND q.value IS NOT NULL), NULL, NULL, NULL"
			       " FROM entry e JOIN temp.scope sc ON sc.snap = e.snap"
			       " JOIN blob b ON b.id = e.blob LEFT JOIN clause c ON"
			       " c.blob = b.id WHERE b.docid IS NOT NULL"
			       " ORDER BY e.path, c.seq")) < 0)
		goto done;
	if (!texts)
		index_bind_named(st, ":unit", unit ? unit : "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct clause_row row;
		const char *q = (const char *)sqlite3_column_text(st, 6);

		row.doc = (const char *)sqlite3_column_text(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.status = (const char *)sqlite3_column_text(st, 2);
		row.path = (const char *)sqlite3_column_text(st, 3);
		row.clause = (const char *)sqlite3_column_text(st, 4);
		row.categories = sqlite3_column_text(st, 5) ?
				 (const char *)sqlite3_column_text(st, 5) : "";
		row.quantities = q ? q : "";
		row.num = (const char *)sqlite3_column_text(st, 7);
		row.heading = (const char *)sqlite3_column_text(st, 8);
		row.text = (const char *)sqlite3_column_text(st, 9);
		if ((r = fn(&row, payload)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot read the clauses");
done:
	sqlite3_finalize(st);
	index_resolved_release(&rs);
	return r;
}

/* Counts the rows handed out, so that a retry never repeats them. */
struct each_guard {
	int (*fn)(const struct clause_row *row, void *payload);
	void *payload;
	size_t rows;
};

static int guarded(const struct clause_row *row, void *payload)
{
	struct each_guard *g = payload;

	g->rows++;
	return g->fn(row, g->payload);
}

int clause_index_each(struct clause_index *ix, const struct clause_scope *scope,
		      const char *unit,
		      int (*fn)(const struct clause_row *row, void *payload),
		      void *payload)
{
	struct each_guard g = { fn, payload, 0 };
	int r;

	/* Damage found after rows went out: the caller has half a table, so
	 * rebuild for next time but fail this time. */
	r = index_start_rebuild(ix);
	if (r == 0)
		r = index_finish_rebuild(ix, do_each(ix, scope, unit, guarded, &g));
	if (r == DAMAGED && g.rows == 0) {
		WITH_RECOVERY(ix, do_each(ix, scope, unit, guarded, &g));
	} else if (r == DAMAGED) {
		const char *msg = strdup(clause_error_last());
		index_reset(ix, "the search index was damaged; rebuilt it");
		clause_error_set("%s (run the command again)", msg ? msg : "index damaged");
		free((char *)msg);
		r = CLAUSE_ERROR;
	}
	return r;
}

/*
 * What the listing reads, it keeps in the library's pool (util/pool.h):
 * the strings of thousands of entries and documents, built once and
 * dropped whole, packed side by side.  The entries say so (pooled).
 */

/* Column i as a string in pool p, NULL when empty or NULL. */
static char *dup_nonempty(struct clause_pool *p, sqlite3_stmt *st, int i)
{
	const char *s = (const char *)sqlite3_column_text(st, i);

	return s && *s ? clause_pool_strdup(p, s) : NULL;
}

/* The categories of an index row (" a b "), as a clause holds them. */
static int split_cats(struct clause_pool *pool, struct clause_clause *c,
		      const char *cats)
{
	const char *p = cats ? cats : "";
	size_t words = 0;

	for (const char *q = p; *q; q++)
		words += *q != ' ' && (q == p || q[-1] == ' ');

	while (*p) {
		const char *end;
		char **slot;

		while (*p == ' ')
			p++;
		if (!*p)
			break;
		end = strchr(p, ' ');
		if (!end)
			end = p + strlen(p);
		if (!(slot = clause_pool_grow(pool, (void **)&c->categories,
					      c->ncategories, words, sizeof(*slot))) ||
		    !(*slot = clause_pool_alloc(pool, (size_t)(end - p) + 1)))
			return CLAUSE_ERROR;
		memcpy(*slot, p, (size_t)(end - p));
		c->ncategories++;
		p = end;
	}
	return 0;
}

/* One entry of lib from a row of the snapshot's files: path, blob, kind
 * and, for a document, its metadata. */
static int entry_from_row(struct clause_library *lib, struct clause_repo *repo,
			  const char *label, const char *scope,
			  sqlite3_stmt *st)
{
	struct clause_buf display = CLAUSE_BUF_INIT;
	struct clause_entry *e;
	const char *path = (const char *)sqlite3_column_text(st, 0);
	const char *oid = (const char *)sqlite3_column_text(st, 1);
	int kind = sqlite3_column_int(st, 2);
	struct clause_doc *d;
	struct clause_pool *pool = &lib->pool;

	if (CLAUSE_GROW(lib->v, lib->n, lib->cap) < 0)
		return CLAUSE_ERROR;
	e = memset(&lib->v[lib->n], 0, sizeof(*e));
	e->pooled = 1;
	if (!(e->path = clause_pool_strdup(pool, path)))
		return CLAUSE_ERROR;
	lib->n++;
	clause_repo_display(&display, repo, label, path);
	e->display = clause_pool_strdup(pool, display.ptr);
	clause_buf_release(&display);
	if (oid && strlen(oid) == 40)
		memcpy(e->blob, oid, 41);
	e->in_scope = clause_library_path_in(path, scope);
	lib->files += e->in_scope;
	e->taxonomy = kind == BLOB_TAXONOMY;
	e->broken = kind == BLOB_BROKEN;
	if (kind != BLOB_DOC)
		return e->display ? 0 : CLAUSE_ERROR;
	if (!(d = e->doc = clause_pool_alloc(pool, sizeof(*d))))
		return CLAUSE_ERROR;
	d->structure_only = 1;
	d->path = e->display;
	d->id = dup_nonempty(pool, st, 3);
	d->status = dup_nonempty(pool, st, 4);
	d->title = dup_nonempty(pool, st, 5);
	d->sector = dup_nonempty(pool, st, 6);
	d->effective = dup_nonempty(pool, st, 7);
	d->expires = dup_nonempty(pool, st, 8);
	e->nclauses = (size_t)sqlite3_column_int64(st, 9);
	d->line = (unsigned)sqlite3_column_int(st, 10);
	d->col = (unsigned)sqlite3_column_int(st, 11);
	d->term_line = (unsigned)sqlite3_column_int(st, 12);
	d->term_col = (unsigned)sqlite3_column_int(st, 13);
	return d->path && d->id ? 0 : CLAUSE_ERROR;
}

/* Rows of one query over the snapshot's files, ordered by path: walk the
 * entries along, and hand each row to fn with the entry of its path. */
static int rows_by_path(struct clause_library *lib, struct clause_index *ix,
			long long snap, const char *sql,
			int (*fn)(struct clause_pool *pool, struct clause_entry *e,
				  sqlite3_stmt *st))
{
	sqlite3_stmt *st = NULL;
	size_t at = 0;
	int r, rc;

	if ((r = index_prepare(&st, ix, sql)) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *path = (const char *)sqlite3_column_text(st, 0);

		while (at < lib->n && strcmp(lib->v[at].path, path) != 0)
			at++;
		if (at == lib->n) {
			clause_error_set("index '%s': rows out of order", ix->path);
			r = CLAUSE_ERROR;
		} else if ((r = fn(&lib->pool, &lib->v[at], st)) < 0) {
			clause_error_set("out of memory");
		}
	}
	if (r == 0 && rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot read the library");
	sqlite3_finalize(st);
	return r;
}

static int add_party(struct clause_pool *pool, struct clause_entry *e,
		     sqlite3_stmt *st)
{
	struct clause_doc *d = e->doc;
	struct clause_party *p;

	if (!d)
		return 0;
	if (!(p = clause_pool_grow(pool, (void **)&d->parties, d->nparties,
				    4, sizeof(*p))))
		return CLAUSE_ERROR;
	d->nparties++;
	p->id = dup_nonempty(pool, st, 1);
	p->role = dup_nonempty(pool, st, 2);
	p->name = dup_nonempty(pool, st, 3);
	return p->id && p->name ? 0 : CLAUSE_ERROR;
}

static int add_clause(struct clause_pool *pool, struct clause_entry *e,
		      sqlite3_stmt *st)
{
	struct clause_doc *d = e->doc;
	struct clause_clause *c;

	if (!d)
		return 0;
	if (!(c = clause_pool_grow(pool, (void **)&d->clauses, d->nclauses,
				    e->nclauses, sizeof(*c))))
		return CLAUSE_ERROR;
	d->nclauses++;
	c->id = dup_nonempty(pool, st, 1);
	c->num = dup_nonempty(pool, st, 2);
	c->heading = dup_nonempty(pool, st, 3);
	c->derived_from = dup_nonempty(pool, st, 5);
	c->article = dup_nonempty(pool, st, 6);
	c->parent = dup_nonempty(pool, st, 7);
	c->line = (unsigned)sqlite3_column_int(st, 8);
	c->col = (unsigned)sqlite3_column_int(st, 9);
	c->suggested = sqlite3_column_int(st, 10);
	if (!c->id)
		return CLAUSE_ERROR;
	return split_cats(pool, c, (const char *)sqlite3_column_text(st, 4));
}

static int add_article(struct clause_pool *pool, struct clause_entry *e,
		       sqlite3_stmt *st)
{
	struct clause_doc *d = e->doc;
	struct clause_article *a;

	if (!d)
		return 0;
	if (!(a = clause_pool_grow(pool, (void **)&d->articles, d->narticles,
				    4, sizeof(*a))))
		return CLAUSE_ERROR;
	d->narticles++;
	a->line = (unsigned)sqlite3_column_int(st, 2);
	return (a->id = dup_nonempty(pool, st, 1)) ? 0 : CLAUSE_ERROR;
}

static int add_ref(struct clause_pool *pool, struct clause_entry *e,
		   sqlite3_stmt *st)
{
	struct clause_doc *d = e->doc;
	struct clause_ref *x;

	if (!d)
		return 0;
	if (!(x = clause_pool_grow(pool, (void **)&d->refs, d->nrefs,
				    4, sizeof(*x))))
		return CLAUSE_ERROR;
	d->nrefs++;
	x->to = dup_nonempty(pool, st, 1);
	x->line = (unsigned)sqlite3_column_int(st, 2);
	x->col = (unsigned)sqlite3_column_int(st, 3);
	return 0;
}

static int add_conflict(struct clause_pool *pool, struct clause_entry *e,
			sqlite3_stmt *st)
{
	struct clause_doc *d = e->doc;
	struct clause_conflict *x;

	if (!d)
		return 0;
	if (!(x = clause_pool_grow(pool, (void **)&d->conflicts, d->nconflicts,
				    4, sizeof(*x))))
		return CLAUSE_ERROR;
	d->nconflicts++;
	x->clause = dup_nonempty(pool, st, 1);
	x->field = dup_nonempty(pool, st, 2);
	x->line = (unsigned)sqlite3_column_int(st, 3);
	x->col = (unsigned)sqlite3_column_int(st, 4);
	return 0;
}

static int add_problem(struct clause_pool *pool, struct clause_entry *e,
		       sqlite3_stmt *st)
{
	const char *msg = (const char *)sqlite3_column_text(st, 3);

	(void)pool;	/* problems are the entry's own */
	return clause_problems_add(&e->found, e->display,
				   (unsigned)sqlite3_column_int(st, 1),
				   (unsigned)sqlite3_column_int(st, 2), "%s",
				   msg ? msg : "");
}

#define ENTRY_SELECT "SELECT e.path, b.oid, b.kind, b.docid, b.status," \
	" b.title, b.sector, b.effective, b.expires, b.nclauses, b.line, b.col," \
	" b.term_line, b.term_col FROM entry e JOIN blob b ON b.id = e.blob"

/* Fill lib from snapshot `snap` (of revision `label`, NULL for the work
 * tree). */
static int library_of(struct clause_library *lib, struct clause_index *ix,
		      long long snap, const char *label)
{
	struct clause_repo *repo = ix->repo;
	const char *scope = lib->all || !repo->prefix ? "" : repo->prefix;
	sqlite3_stmt *st = NULL;
	int r, rc, others = 0;

	/* `categories` needs only the taxonomy files */
	if ((r = index_prepare(&st, ix, lib->taxonomy_only
			       ? ENTRY_SELECT " WHERE e.snap = ? AND b.kind = ?"
				 " ORDER BY e.path"
			       : ENTRY_SELECT " WHERE e.snap = ? ORDER BY e.path")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	if (lib->taxonomy_only)
		sqlite3_bind_int(st, 2, BLOB_TAXONOMY);
	while (r == 0 && (rc = sqlite3_step(st)) == SQLITE_ROW)
		if ((r = entry_from_row(lib, repo, label, scope, st)) < 0)
			clause_error_set("out of memory");
	if (r == 0 && rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot read the library");
	sqlite3_finalize(st);
	if (lib->taxonomy_only)
		return r;
	if (r == 0 && !lib->no_parties)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, p.pid, p.role, p.name"
				 " FROM entry e JOIN party p ON p.blob = e.blob"
				 " WHERE e.snap = ? ORDER BY e.path, p.rowid", add_party);
	if (r == 0 && !lib->docs_only)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, c.cid, c.num,"
				 " c.heading, c.cats, c.derived, c.article, c.parent,"
				 " c.line, c.col, c.suggested FROM entry e JOIN clause c ON c.blob = e.blob"
				 " WHERE e.snap = ? ORDER BY e.path, c.seq", add_clause);
	if (r == 0 && !lib->docs_only)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, a.aid, a.line FROM"
				 " entry e JOIN article a ON a.blob = e.blob WHERE"
				 " e.snap = ? ORDER BY e.path, a.seq", add_article);
	if (r == 0 && !lib->docs_only)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, x.target, x.line,"
				 " x.col FROM entry e JOIN ref x ON x.blob = e.blob"
				 " WHERE e.snap = ? ORDER BY e.path, x.seq", add_ref);
	if (r == 0 && !lib->docs_only)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, x.clause, x.field,"
				 " x.line, x.col FROM entry e JOIN conflict x ON"
				 " x.blob = e.blob WHERE e.snap = ?"
				 " ORDER BY e.path, x.seq", add_conflict);
	/* only what is no document (a broken file) has problems recorded */
	for (size_t i = 0; i < lib->n && !others; i++)
		others = !lib->v[i].doc && !lib->v[i].taxonomy;
	if (r == 0 && others)
		r = rows_by_path(lib, ix, snap, "SELECT e.path, q.line, q.col,"
				 " q.message FROM entry e JOIN problem q ON"
				 " q.blob = e.blob WHERE e.snap = ?"
				 " ORDER BY e.path, q.rowid", add_problem);
	return r;
}

/* The snapshot that answers for revision `rev` in *snap; 0 when the
 * index holds none for it.  *tree is its tree (the caller's). */
static int snapshot_for(long long *snap, git_tree **tree,
			struct clause_index *ix, const char *rev)
{
	git_commit *commit = NULL;
	char name[48];
	int r;

	*snap = 0;
	if ((r = clause_repo_commit_of(&commit, ix->repo, rev)) < 0)
		return r;
	if ((r = git_commit_tree(tree, commit)) < 0)
		r = clause_error_from_git(r, "cannot read the tree");
	git_commit_free(commit);
	if (r < 0)
		return r;
	index_tree_name(name, git_tree_id(*tree));
	return index_snap_find(ix, snap, name);
}

/* Empty lib again, keeping what the caller asked of it. */
static void library_reset(struct clause_library *lib)
{
	int all = lib->all, light = lib->light, only = lib->docs_only;

	clause_library_release(lib);
	memset(lib, 0, sizeof(*lib));
	lib->all = all;
	lib->light = light;
	lib->docs_only = only;
}

/* The work tree's library as index_on_worktree reads it. */
struct wlib {
	struct clause_library *lib;
	long long snap;
};

static int wlib_run(struct clause_index *ix, const struct resolved *rs,
		    void *arg)
{
	struct wlib *w = arg;
	int r;

	w->snap = rs->n == 1 ? rs->snap[0] : 0;
	if (!w->snap)
		return 0;
	/* and its categories, while the scan goes on */
	if ((r = library_of(w->lib, ix, w->snap, NULL)) == 0)
		r = clause_library_fold(w->lib, ix->repo);
	return r;
}

static void wlib_undo(void *arg)
{
	library_reset(((struct wlib *)arg)->lib);
}

int clause_index_library(struct clause_library *lib, struct clause_repo *repo,
			 const char *rev)
{
	struct clause_index *ix = NULL;
	struct wlib w = { lib, 0 };
	int r;

	if (!rev && repo->git && !repo->workdir)
		rev = "HEAD";
	if (!repo->git || (!rev && !git_repository_workdir(repo->git)) ||
	    !(rev ? index_open_existing(&ix, repo) : index_open_scanning(&ix, repo)))
		return 0;
	/* Not through mmap, as a search reads: the listing visits the same
	 * few hundred pages thousands of times, and SQLite keeps no page
	 * it reads through mmap in its cache (each visit parses it again). */
	if (!rev) {
		/* the work tree checked while the listing is read */
		r = index_on_worktree(ix, 1, wlib_run, wlib_undo, &w);
		if (r > 0)
			r = 0;
	} else if ((r = snapshot_for(&w.snap, &lib->tree, ix, rev)) == 0 && w.snap &&
		   (r = library_of(lib, ix, w.snap, rev)) == 0) {
		r = clause_library_fold(lib, repo);
	}
	clause_index_free(ix);
	if (r < 0 || !w.snap) {
		/* Whatever went wrong, the library itself can still answer. */
		library_reset(lib);
		clause_error_clear();
		return 0;
	}
	return 1;
}

/* struct clause_blob_oracle's docid, from the blob table. */
static int oracle_docid(char **docid, const git_oid *oid, void *payload)
{
	struct clause_index *ix = payload;
	sqlite3_stmt *st;
	char hex[41];
	int rc, known = 0;

	*docid = NULL;
	if (!(st = index_cached(ix, S_ORACLE_DOC, "SELECT kind, docid FROM blob"
				" WHERE oid = ?")))
		return CLAUSE_ERROR;
	git_oid_tostr(hex, sizeof(hex), oid);
	index_bind_text(st, 1, hex);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		known = 1;
		if (sqlite3_column_int(st, 0) == BLOB_DOC &&
		    !(*docid = index_col_dup(st, 1)))
			known = CLAUSE_ERROR;
	} else if (rc != SQLITE_DONE) {
		known = index_db_error(ix, rc, "cannot look up a blob");
	}
	sqlite3_reset(st);
	return known;
}

/* struct clause_blob_oracle's clauses, from the clause table. */
static int oracle_clauses(struct clause_map *clauses, const git_oid *oid,
			  void *payload)
{
	struct clause_index *ix = payload;
	sqlite3_stmt *st;
	char hex[41];
	int rc;

	if (!(st = index_cached(ix, S_ORACLE_CLAUSES, "SELECT c.cid, c.num,"
				" t.hash FROM blob b JOIN clause c ON c.blob = b.id"
				" JOIN text t ON t.id = c.text WHERE b.oid = ?"
				" ORDER BY c.seq")))
		return CLAUSE_ERROR;
	git_oid_tostr(hex, sizeof(hex), oid);
	index_bind_text(st, 1, hex);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct clause_ver *v = calloc(1, sizeof(*v));
		const char *hash = (const char *)sqlite3_column_text(st, 2);

		if (!v)
			break;
		snprintf(v->hash, sizeof(v->hash), "%s", hash ? hash : "");
		v->num = index_col_dup(st, 1);
		if (clause_map_put(clauses, (const char *)sqlite3_column_text(st, 0),
				   v, NULL) < 0) {
			free(v->num);
			free(v);
			break;
		}
	}
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : CLAUSE_ERROR;
}

void clause_index_oracle_of(struct clause_blob_oracle *out,
			    struct clause_index *ix)
{
	memset(out, 0, sizeof(*out));
	out->docid = oracle_docid;
	out->clauses = oracle_clauses;
	out->payload = ix;
}

int clause_index_oracle(struct clause_blob_oracle *out, struct clause_index **ix,
			struct clause_repo *repo)
{
	memset(out, 0, sizeof(*out));
	if (!index_open_existing(ix, repo))
		return 0;
	out->docid = oracle_docid;
	out->clauses = oracle_clauses;
	out->payload = *ix;
	return 1;
}
