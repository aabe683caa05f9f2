/* index.h: the search index, an SQLite FTS5 database kept inside the git
 * directory (clause/index.sqlite; never committed, one per clone).
 *
 * src/index/: the index and what reads it: the user's query language
 * (query.c), ranking (rank.c) and the index itself, whose files are
 * layers (internal.h says which holds what).
 *
 * The index is a cache of what git holds, and can be rebuilt from git at
 * any time.  Documents are indexed by blob id: a blob is parsed once, ever,
 * and each distinct clause text (heading and body, named by the clause's
 * content hash) is stored and indexed once however many documents, rounds
 * and commits share it.  A "snapshot" maps the paths of one tree (a
 * commit's, or the work tree's) to blobs; the work tree's is refreshed
 * from file stat data, so only files that changed are read and hashed.
 *
 * Writers take the database with BEGIN IMMEDIATE, readers never block
 * them (WAL), and every connection waits for locks (busy timeout).  Each
 * update is one transaction, so a crash or kill leaves the last complete
 * state.  A damaged or unreadable database is deleted and built again,
 * and `notice` says so.
 */
#ifndef CLAUSE_INDEX_H
#define CLAUSE_INDEX_H

#include <sqlite3.h>
#include <pthread.h>
#include <stddef.h>

#include "git/history.h"
#include "git/library.h"
#include "git/repo.h"

#define CLAUSE_INDEX_FILE "clause/index.sqlite"	/* under the git dir */

struct clause_index {
	sqlite3 *db;		/* the open database */
	struct clause_repo *repo;	/* borrowed: the library indexed */
	char *path;		/* database file, or ":memory:" outside git */
	char *notice;		/* one line for the user (rebuilt...), or NULL */
	size_t parsed;		/* blobs parsed by this handle */
	size_t hashed;		/* work-tree files read and hashed */
	int rebuild;		/* empty the index in the next update's
				 * transaction (clause_index_open) */
	int depth;		/* transactions open: only the outer one
				 * commits */
	int stem;		/* fts_stem exists (1) or not (0), as seen in
				 * this write transaction; -1 to look */
	sqlite3_stmt *stmts[24];	/* prepared statements, by use */
	/* Token counts of the texts added in this write transaction, by
	 * chunk of the textlen table (rank.h), written at commit; NULL for
	 * chunks not touched. */
	unsigned char **lens;
	size_t nlens;
	/* A scan of the work tree already made (search.c), or NULL. */
	struct clause_wscan *scan;
	/* A scan of the work tree begun as the index was opened
	 * (index_open_scanning), for index_on_worktree to use, or NULL. */
	struct index_pending *pending;
	/* Set by a long-running caller (clause serve): for this many
	 * milliseconds after a search found the work tree's snapshot
	 * current, searches of the work tree trust it without scanning the
	 * work tree again (a burst of requests scans once).  0: always. */
	unsigned fresh_ms;
	long long fresh_at;	/* when it was last found current, in ms */
	/* Or NULL: where the indexes of one library in one process (a
	 * server's workers, over one database file) share fresh_at, so that
	 * one scan serves them all (read and written atomically). */
	long long *fresh_shared;
	/* Or NULL: a lock those indexes share, held while one of them
	 * brings the work tree's snapshot up to date, so that the others
	 * wait and then find it current instead of writing the same update
	 * at once. */
	pthread_mutex_t *refresh_lock;
	/* Set by a process that keeps several connections open for long
	 * (clause serve): searches read with pread, never through mmap, whose
	 * mapped pages each connection would count in the resident size. */
	int no_mmap;
	/* Called as work-tree files are read for an update: how many so
	 * far, out of how many; NULL for silence. */
	void (*progress)(size_t done, size_t total, void *payload);
	void *progress_payload;		/* passed to progress */
};

/* Where to search. */
enum clause_scope_kind {
	CLAUSE_SCOPE_WORKTREE,	/* the work tree (HEAD in a bare repository) */
	CLAUSE_SCOPE_REV,	/* the tree of one revision */
	CLAUSE_SCOPE_ROUNDS,	/* every round tag */
	CLAUSE_SCOPE_HISTORY,	/* every commit reachable from a revision */
	CLAUSE_SCOPE_REMOTE	/* remote-tracking branches of a remote */
};

struct clause_scope {
	enum clause_scope_kind kind;
	const char *arg;	/* REV (NULL: HEAD) or remote NAME, borrowed */
};

/* What to look for; NULL fields do not filter. */
struct clause_search {
	const char *match;	/* FTS5 expression (query.h), NULL: everything */
	int stem;		/* use the stemmed (porter) table */
	const char *category;	/* category prefix */
	const char *party;	/* party id, or part of a party's name */
	const char *sector;	/* part of the sector, any case */
	const char *status;	/* document status, exactly */
	const char *doc;	/* document id, exactly */
	const char *since;	/* term in force on or after YYYY-MM-DD */
	const char *until;	/* term in force on or before YYYY-MM-DD */
	const char *qunit;	/* quantity filter: unit ... */
	const char *qop;	/* ... comparison: < <= = != >= > ... */
	double qvalue;		/* ... and the number */
	const char *open;	/* highlight markers for snippets */
	const char *close;
	size_t limit;		/* most hits returned (0: all) */
	int count;		/* count every hit (total), beyond the limit */
	const char *exclude_doc;	/* leave out this DOC/CLAUSE ... */
	const char *exclude_clause;
};

struct clause_hit {
	char *doc;		/* document id */
	char *clause;		/* clause id */
	char *path;		/* file, from the top of the library */
	unsigned line;		/* line of the clause's start tag */
	char *num;		/* clause number, or NULL */
	char *heading;		/* heading, or NULL */
	char *heading_marked;	/* the same with the matches highlighted, or
				 * NULL (no query) */
	char *categories;	/* categories, separated by spaces */
	char *status;		/* document status */
	char *title;		/* document title */
	char *snippet;		/* the body around the matches, highlighted */
	double score;		/* relevance: higher is better */
	long long text;		/* id of the clause text in the index */
	char **labels;		/* rounds, commits or branches holding it */
	size_t nlabels;
	char *label;		/* the revision it was read from, or NULL */
};

struct clause_hits {
	struct clause_hit *v;	/* best first */
	size_t n;
	size_t total;		/* all hits when counted (count), else n */
};

/*
 * Open (creating when needed) the index of `repo`; with `rebuild`, the
 * next update or search empties it and fills it again in one
 * transaction, so that other processes see the old index or the new one.
 * *out belongs to the caller (clause_index_free).
 */
int clause_index_open(struct clause_index **out, struct clause_repo *repo,
		      int rebuild);
void clause_index_free(struct clause_index *ix);

/* Bring the snapshots of `scope` up to date; *docs and *clauses (if not
 * NULL) count what the first of them holds. */
int clause_index_update(struct clause_index *ix, const struct clause_scope *scope,
			size_t *docs, size_t *clauses);

/*
 * Forget the snapshots of revisions that no ref names any more (HEAD,
 * branches, tags and rounds, remote-tracking branches are kept, and every
 * work tree), with the blobs and texts only they held; *dropped says how
 * many snapshots went.  Searches of old revisions make them again, from
 * their parent's where it is kept.
 */
int clause_index_prune(struct clause_index *ix, size_t *dropped);

/* Document `id` of the work tree, as an existing index knows where it
 * is while the index is current, read from its file, parsed and
 * checked; *path (from the top) and *display (as shown) the caller's to
 * free.  With `ix`, an open index of repo, that index is asked (and
 * brought up to date as a search would); without, one is opened for the
 * question and never built or updated.  0, or -1 when the index cannot
 * say (no index, not current, not there, any failure) or the file says
 * otherwise (no error set): the caller reads the library. */
int clause_index_load_doc(struct clause_doc **doc, char **path, char **display,
			  struct clause_repo *repo, struct clause_index *ix,
			  const char *id);

/* What the work tree holds, as the index has it once brought up to date
 * as a search of the work tree would be: a string (into *out) that
 * changes whenever a document of the work tree does, for a caller that
 * keeps answers (clause serve).  0, or an error. */
int clause_index_worktree_stamp(struct clause_buf *out, struct clause_index *ix);

/* Check the database (SQLite and FTS5 integrity checks); a damaged index
 * is rebuilt, and ix->notice says so. */
int clause_index_verify(struct clause_index *ix);

/*
 * Search `scope` (brought up to date first).  Hits are grouped one per
 * clause, or with several revisions in scope one per clause version,
 * each naming the revisions that hold it (labels).  CLAUSE_EUSAGE when
 * the FTS5 expression is refused (it should not be: see query.h).
 */
int clause_index_search(struct clause_hits *out, struct clause_index *ix,
			const struct clause_scope *scope,
			const struct clause_search *s);
void clause_hits_release(struct clause_hits *h);

struct clause_json;
/* One hit as the JSON object clause search --format=json prints (and
 * clause serve's /api/search): its path as the user sees it from repo's
 * current directory, the revisions (or with `history`, the commits)
 * holding it. */
void clause_hit_json(struct clause_json *j, const struct clause_repo *repo,
		     const struct clause_hit *h, int history);

/* Every unit a quantity of the index has (any snapshot), sorted, as a
 * NULL-terminated array of *n names; the caller frees each and *units.
 * Called after a search, on an index that is open. */
int clause_index_units(char ***units, size_t *n, struct clause_index *ix);

/*
 * The clauses most like DOC/CLAUSE in `scope`: a query of the clause's
 * most distinctive words, ranked by bm25; score is the hit's bm25 over the
 * clause's own (1.0: as close as the clause itself).  The clause itself is
 * left out.  CLAUSE_ENOTFOUND when there is no such clause.
 */
int clause_index_similar(struct clause_hits *out, struct clause_index *ix,
			 const struct clause_scope *scope, const char *doc,
			 const char *clause, size_t k);

/* One clause of a snapshot, for clause_index_each. */
struct clause_row {
	const char *doc;	/* document id */
	const char *title;
	const char *status;
	const char *path;	/* file of the document */
	const char *clause;	/* clause id, NULL for a document without any */
	const char *categories;	/* separated by spaces */
	const char *quantities;	/* values of the unit asked for, "45 90", or "" */
	const char *num;	/* its number, heading and text (spaces
				 * collapsed), with CLAUSE_EACH_TEXT, else NULL */
	const char *heading;
	const char *text;
};

/* clause_index_each's `unit` for no quantities but the clause's number,
 * heading and text (an export of every clause). */
#define CLAUSE_EACH_TEXT "\001text"

/* Call fn for every clause in the work-tree or revision scope, documents
 * in path order; a document with no clause once with clause NULL.
 * `unit` selects which quantities are listed (NULL: none). */
int clause_index_each(struct clause_index *ix, const struct clause_scope *scope,
		      const char *unit,
		      int (*fn)(const struct clause_row *row, void *payload),
		      void *payload);

/*
 * The library of the work tree (rev NULL) or of revision `rev`, as
 * clause_library_load(lib, repo, rev, NULL, 0) fills it with lib->light
 * set (enough for clause_library_check too), read from the index without
 * parsing a document: each blob's verdict (its problems) was recorded
 * when it was indexed, under the document schema of this version: 1 when lib is
 * filled; 0 (lib untouched) when the index cannot answer, and the caller
 * loads the library itself.  Only an index that exists and is of this
 * version answers (none is made or rebuilt here: that costs more than
 * reading the library once); the work tree's snapshot is brought up to
 * date first (reading only the files that changed), a revision's must be
 * in the index already.  The caller sets lib->all as for
 * clause_library_load, and lib->docs_only when it needs no clause but
 * their number (much less to read).
 */
int clause_index_library(struct clause_library *lib, struct clause_repo *repo,
			 const char *rev);

/*
 * What the blobs the index has read hold, for clause_history: 1 and *out
 * answering from an existing index of this version (*ix is the caller's
 * to free after the history), else 0, *ix NULL, and the history parses
 * every blob it needs.  Nothing is made or brought up to date: a blob the
 * index has not read is simply not known.
 */
int clause_index_oracle(struct clause_blob_oracle *out, struct clause_index **ix,
			struct clause_repo *repo);
/* The same from an index the caller has open. */
void clause_index_oracle_of(struct clause_blob_oracle *out,
			    struct clause_index *ix);

#endif
