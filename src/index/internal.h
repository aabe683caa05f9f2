/* internal.h: what the files of src/index/ share; nothing outside
 * src/index/ includes it.
 *
 * The files are layers, each calling only those above it here, never
 * back:
 *   store.c     the database: schema, open, heal (reset, rebuild,
 *               verify), transactions, cached statements, SQLite errors,
 *               the stamps kept in meta, the token counts for ranking
 *   blob.c      a blob parsed and stored, and forgotten
 *   snapshot.c  a tree or the work tree as a snapshot (path -> blob)
 *   scope.c     a scope as the snapshots it names; clause_index_update;
 *               answers given while the work tree is checked
 *   prune.c     forgetting what no ref names (clause_index_prune)
 *   search.c    ranked search, filters and snippets; clause_index_load_doc
 *   list.c      every clause of a scope (clause_index_each)
 *   similar.c   "more like this" (clause_index_similar)
 * Functions shared among them are named index_<verb> (not clause_: they
 * are no API) and return as the public ones do, or DAMAGED.
 */
#ifndef CLAUSE_INDEX_INTERNAL_H
#define CLAUSE_INDEX_INTERNAL_H

#include <git2.h>
#include <sqlite3.h>

#include "index/index.h"
#include "index/rank.h"
#include "util/buf.h"
#include "util/pool.h"

#define DAMAGED (-100)		/* the database is damaged: rebuild it */
#define OLD_FORMAT (-101)	/* made by another version: rebuild it */

/* Cached statements, by use. */
enum {
	S_BLOB_FIND, S_BLOB_ADD, S_PARTY_ADD, S_TEXT_FIND, S_TEXT_ADD,
	S_FTS_ADD, S_STEM_ADD, S_CLAUSE_ADD, S_QTY_ADD, S_ENTRY_PUT,
	S_ENTRY_DEL, S_SNAP_FIND, S_SNAP_ADD, S_DOCSIZE, S_LENS_FIND,
	S_LENS_PUT, S_PROBLEM_ADD, S_ORACLE_DOC, S_ORACLE_CLAUSES,
	S_ARTICLE_ADD, S_REF_ADD, S_CONFLICT_ADD, S_TEXTS_PUT, S_NSTMT
};
_Static_assert(S_NSTMT <= sizeof(((struct clause_index *)0)->stmts) /
	       sizeof(sqlite3_stmt *), "struct clause_index has too few stmts");

/* The tables whose rows belong to a blob (column blob), NULL-ended: what
 * forgetting a blob deletes. */
extern const char *const index_blob_tables[];

/* What a blob is (blob.kind). */
enum {
	BLOB_OTHER = 0,		/* XML of another vocabulary */
	BLOB_DOC = 1,		/* a clause document */
	BLOB_TAXONOMY = 2,	/* a taxonomy file */
	BLOB_BROKEN = 3		/* a file with problems (table problem) */
};

/* One file of the work tree. */
struct wfile {
	char *path;		/* from the top of the work tree */
	long long size, mtime, ino;	/* stat data; mtime in ns */
};

/* The files of a work tree, in the order walked: the list and the paths
 * live in `pool`, dropped whole (util/pool.h). */
struct wlist {
	struct wfile *v;	/* n files */
	size_t n;
	struct clause_pool pool;
};

/* The work tree as stat data: every file, the ignore rules' stamp and
 * the digest of both.  Reads the file system and asks libgit2 about
 * ignored directories, but never touches the database, so that it can
 * run on a thread of its own beside a search (index_search). */
struct clause_wscan {
	struct clause_repo *repo;	/* borrowed: the library scanned */
	struct wlist files;		/* the *.xml files, with stat data */
	struct clause_buf stamp;	/* .gitignore files, info/exclude */
	char digest[41];		/* of the files' stat data and stamp */
	int r;				/* how the scan went */
	char *error;			/* its message, when r < 0 */
};

/* The snapshots a scope names (index_resolve). */
struct resolved {
	long long *snap;	/* snapshot ids, in scope order */
	char **label;		/* a label for each, or NULL (work tree) */
	size_t n, cap;
};

/* Run op, and when the database turns out damaged, rebuild it and run op
 * once more. */
#define WITH_RECOVERY(ix, call)						\
	do {								\
		r = index_start_rebuild(ix);				\
		if (r == 0)						\
			r = index_finish_rebuild((ix), (call));		\
		if (r == DAMAGED) {					\
			r = index_reset((ix), "the search index was "	\
					"damaged; rebuilding it");	\
			if (r == 0)					\
				r = (call);				\
			if (r == DAMAGED)				\
				r = CLAUSE_ERROR;			\
		}							\
	} while (0)

/* store.c: the database, transactions, SQLite errors, meta stamps */
int index_db_error(struct clause_index *ix, int rc, const char *what);
int index_exec(struct clause_index *ix, const char *sql);
int index_prepare(sqlite3_stmt **out, struct clause_index *ix, const char *sql);
sqlite3_stmt *index_cached(struct clause_index *ix, int k, const char *sql);
void index_bind_text(sqlite3_stmt *st, int i, const char *s);
char *index_col_dup(sqlite3_stmt *st, int i);
int index_find_id(long long *id, struct clause_index *ix, int k,
		  const char *sql, const char *key, const char *what);
int index_step_done(struct clause_index *ix, sqlite3_stmt *st, const char *what);
int index_open_db(struct clause_index *ix);
/* Open the index of `repo` only if it exists and is of this version: 1
 * then (*out is the caller's), else 0 and *out NULL, with nothing made,
 * mended or rebuilt and no error set. */
int index_open_existing(struct clause_index **out, struct clause_repo *repo);
int index_reset(struct clause_index *ix, const char *why);
int index_stem_exists(struct clause_index *ix);
int index_lens_note(struct clause_index *ix, long long id);
/* blob.texts, what the ranking needs of a document's clause texts
 * (index_scope_stats): for each clause, in order, its text's id and
 * token count as two unsigned LEB128 numbers. */
int index_texts_put(struct clause_buf *b, unsigned long long id,
		    unsigned long long len);
/* The next pair of p .. end into *id, *len: the position after it, or
 * NULL at the end or where the list is cut short. */
const unsigned char *index_texts_get(const unsigned char *p,
				     const unsigned char *end,
				     unsigned long long *id,
				     unsigned long long *len);
/* The token count of text `id` (every column), or -1 in *len when it
 * cannot be had: index_text_len through this transaction's textlen
 * chunks, index_docsize from FTS5 only (for readers). */
int index_docsize(struct clause_index *ix, long long id, long long *len);
int index_text_len(struct clause_index *ix, long long id, long long *len);
int index_begin(struct clause_index *ix);
int index_finish(struct clause_index *ix, int r);
char *index_stamp_get(struct clause_index *ix, const char *key);
int index_stamp_put(struct clause_index *ix, const char *key, const char *v);
int index_start_rebuild(struct clause_index *ix);
int index_finish_rebuild(struct clause_index *ix, int r);
void index_bind_named(sqlite3_stmt *st, const char *name, const char *v);

/* blob.c: blobs parsed and stored, and forgotten */
int index_blob_find(struct clause_index *ix, const char *oid, long long *id);
int index_blob_add(struct clause_index *ix, long long *id, const char *oid,
		   const char *path, const char *data, size_t len);
int index_blob_too_big(struct clause_index *ix, long long *id,
		       const char *oid, size_t size);
int index_blob_gc(struct clause_index *ix, long long id);

/* snapshot.c: trees and the work tree as snapshots */
int index_snap_find(struct clause_index *ix, long long *id, const char *name);
void index_tree_name(char out[48], const git_oid *id);
int index_snap_tree(struct clause_index *ix, long long *id, git_tree *tree,
		    git_tree *parent);
void index_worktree_keys(struct clause_buf *snap, struct clause_buf *digest,
			 const struct clause_repo *repo);
void index_scan_release(struct clause_wscan *w);
void *index_scan_worktree(void *p);
int index_snap_worktree(struct clause_index *ix, long long *id);
/* The texts of snapshot `snap` (rank.h): as recorded when it was made or
 * last changed (snap.bits), else read from its documents' blob.texts. */
int index_snap_stats(struct clause_rank_scope *out, struct clause_index *ix,
		     long long snap);

/* scope.c: a scope as the snapshots it names */
void index_resolved_release(struct resolved *s);
int index_resolve(struct resolved *out, struct clause_index *ix,
		  const struct clause_scope *scope);
int index_load_scope(struct clause_index *ix, const struct resolved *s);
/* The texts of the scope `rs` names, for the ranking: every text a
 * clause of its documents has, each once.  Release with
 * index_scope_stats_release. */
int index_scope_stats(struct clause_rank_scope *out, struct clause_index *ix,
		      const struct resolved *rs);
void index_scope_stats_release(struct clause_rank_scope *s);
/* Monotonic milliseconds, for fresh_ms; the work tree was just found
 * current (fresh_at, and fresh_shared when set). */
long long index_now_ms(void);
void index_fresh_now(struct clause_index *ix);
int index_recorded_worktree(struct resolved *rs, char **digest,
			    struct clause_index *ix);
/* index_open_existing, with a scan of the work tree begun on a thread
 * first, for the index_on_worktree that follows (the stat calls run
 * while the database is opened); the scan is waited for and dropped
 * when the index is freed unused. */
int index_open_scanning(struct clause_index **out, struct clause_repo *repo);
void index_pending_release(struct index_pending *p);
/* fn's answer about the work tree (its snapshot in rs), given while a
 * thread checks the work tree: 1 when it stands.  When the check finds
 * a change, undo(arg), and with `refresh` the index is brought up to
 * date and fn answers again (0); without, 0 and no answer. */
int index_on_worktree(struct clause_index *ix, int refresh,
		      int (*fn)(struct clause_index *, const struct resolved *,
				void *),
		      void (*undo)(void *), void *arg);

/* search.c: ranked search */
void index_hit_release(struct clause_hit *x);
int index_search(struct clause_hits *out, struct clause_index *ix,
		 const struct clause_scope *scope,
		 const struct clause_search *s);

#endif
