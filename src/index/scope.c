/* scope.c: a scope (the work tree, a revision, every round, a history,
 * a remote's branches) as the snapshots it names, brought up to date;
 * and clause_index_update. */
#include "index/internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

void index_resolved_release(struct resolved *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->label[i]);
	free(s->snap);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

static int resolved_add(struct resolved *s, long long snap, const char *label)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		long long *v = realloc(s->snap, cap * sizeof(*v));
		char **l;
		if (!v)
			goto oom;
		s->snap = v;
		if (!(l = realloc(s->label, cap * sizeof(*l))))
			goto oom;
		s->label = l;
		s->cap = cap;
	}
	s->snap[s->n] = snap;
	s->label[s->n] = label ? strdup(label) : NULL;
	s->n++;
	return 0;
oom:
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

static int add_commit(struct clause_index *ix, struct resolved *s,
		      git_commit *commit, const char *label)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	long long id;
	int r;

	if ((r = git_commit_tree(&tree, commit)) < 0)
		return clause_error_from_git(r, "cannot read a tree");
	/* With the first parent's snapshot at hand (walking the history
	 * oldest first), only what the commit changed is looked at. */
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	     git_commit_tree(&ptree, parent) < 0))
		git_error_clear();
	r = index_snap_tree(ix, &id, tree, ptree);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return r < 0 ? r : resolved_add(s, id, label);
}

static int add_rev(struct clause_index *ix, struct resolved *s,
		   const char *rev, const char *label)
{
	git_commit *c = NULL;
	int r;

	if ((r = clause_repo_commit_of(&c, ix->repo, rev)) < 0)
		return r;
	r = add_commit(ix, s, c, label);
	git_commit_free(c);
	return r;
}

/* Every round tag, oldest first, labelled round/NAME. */
static int resolve_rounds(struct resolved *out, struct clause_index *ix)
{
	struct clause_rounds rounds = { NULL, 0 };
	int r;

	if ((r = clause_round_list(&rounds, ix->repo)) < 0)
		return r;
	if (rounds.n == 0) {
		clause_error_set("the library has no rounds (name them "
				 "with clause round add)");
		r = CLAUSE_ENOTFOUND;
	}
	for (size_t i = 0; r == 0 && i < rounds.n; i++) {
		struct clause_buf l = CLAUSE_BUF_INIT;
		clause_buf_printf(&l, CLAUSE_ROUND_PREFIX "%s", rounds.v[i].name);
		r = add_rev(ix, out, rounds.v[i].commit, l.ptr);
		clause_buf_release(&l);
	}
	clause_rounds_release(&rounds);
	return r;
}

/* Every commit reachable from `rev`, oldest first (so that each finds
 * its parent's snapshot made), labelled by commit id. */
static int resolve_history(struct resolved *out, struct clause_index *ix,
			   const char *rev)
{
	git_repository *git = ix->repo->git;
	git_revwalk *walk = NULL;
	git_commit *start = NULL;
	git_oid oid;
	int r;

	if ((r = clause_repo_commit_of(&start, ix->repo, rev)) < 0)
		return r;
	if ((r = git_revwalk_new(&walk, git)) < 0 ||
	    (r = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
				     GIT_SORT_TIME | GIT_SORT_REVERSE)) < 0 ||
	    (r = git_revwalk_push(walk, git_commit_id(start))) < 0) {
		r = clause_error_from_git(r, "cannot walk the history");
		goto done;
	}
	while ((r = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		char label[41];

		if ((r = git_commit_lookup(&c, git, &oid)) < 0) {
			r = clause_error_from_git(r, "cannot read a commit");
			break;
		}
		git_oid_tostr(label, sizeof(label), &oid);
		r = add_commit(ix, out, c, label);
		git_commit_free(c);
		if (r < 0)
			break;
	}
	if (r == GIT_ITEROVER)
		r = 0;
done:
	git_revwalk_free(walk);
	git_commit_free(start);
	return r;
}

/* The remote-tracking branches of remote `name`, labelled NAME/BRANCH. */
static int resolve_remote(struct resolved *out, struct clause_index *ix,
			  const char *name)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	struct clause_buf glob = CLAUSE_BUF_INIT;
	int r;

	clause_buf_printf(&glob, "refs/remotes/%s/*", name);
	if ((r = git_reference_iterator_glob_new(&it, ix->repo->git, glob.ptr)) < 0) {
		clause_buf_release(&glob);
		return clause_error_from_git(r, "cannot list remote branches");
	}
	while (r == 0 && git_reference_next(&ref, it) == 0) {
		const char *nm = git_reference_name(ref);
		git_commit *c = NULL;

		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_reference_peel((git_object **)&c, ref,
				       GIT_OBJECT_COMMIT) == 0) {
			r = add_commit(ix, out, c, nm + strlen("refs/remotes/"));
			git_commit_free(c);
		}
		git_reference_free(ref);
	}
	git_reference_iterator_free(it);
	git_error_clear();
	clause_buf_release(&glob);
	if (r == 0 && out->n == 0) {
		clause_error_set("no remote-tracking branches for '%s' "
				 "(is it a remote? run git fetch %s)", name, name);
		r = CLAUSE_ENOTFOUND;
	}
	return r;
}

long long index_now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (long long)t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

void index_fresh_now(struct clause_index *ix)
{
	ix->fresh_at = index_now_ms();
	if (ix->fresh_shared)
		__atomic_store_n(ix->fresh_shared, ix->fresh_at, __ATOMIC_RELEASE);
}

/* The work tree's snapshot as the index recorded it, when a scan found
 * it current within the index's fresh_ms (a server's burst of requests
 * asks once): 1, else 0. */
static int fresh_worktree(struct resolved *out, struct clause_index *ix)
{
	char *digest = NULL;
	int r;

	long long at = ix->fresh_at;

	if (ix->fresh_shared)
		at = __atomic_load_n(ix->fresh_shared, __ATOMIC_ACQUIRE);
	if (!ix->fresh_ms || ix->rebuild ||
	    index_now_ms() - at >= (long long)ix->fresh_ms)
		return 0;
	r = index_recorded_worktree(out, &digest, ix);
	free(digest);
	if (r != 1) {
		index_resolved_release(out);
		memset(out, 0, sizeof(*out));
		return 0;
	}
	return 1;
}

int index_resolve(struct resolved *out, struct clause_index *ix,
		  const struct clause_scope *scope)
{
	struct clause_repo *repo = ix->repo;
	const char *rev = scope->arg ? scope->arg : "HEAD";
	long long id;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (scope->kind != CLAUSE_SCOPE_WORKTREE && !repo->git) {
		clause_error_set("not in a clause library: searching revisions "
				 "needs git history");
		return CLAUSE_ERROR;
	}
	switch (scope->kind) {
	case CLAUSE_SCOPE_WORKTREE:
		if (!repo->workdir || (repo->git && !git_repository_workdir(repo->git)))
			r = add_rev(ix, out, "HEAD", NULL);
		else if (fresh_worktree(out, ix))
			r = 0;
		else if ((r = index_snap_worktree(ix, &id)) == 0 &&
			 (r = resolved_add(out, id, NULL)) == 0 && ix->fresh_ms)
			index_fresh_now(ix);
		break;
	case CLAUSE_SCOPE_REV:
		r = add_rev(ix, out, rev, rev);
		break;
	case CLAUSE_SCOPE_ROUNDS:
		r = resolve_rounds(out, ix);
		break;
	case CLAUSE_SCOPE_HISTORY:
		r = resolve_history(out, ix, rev);
		break;
	case CLAUSE_SCOPE_REMOTE:
		r = resolve_remote(out, ix, scope->arg);
		break;
	}
	if (r < 0)
		index_resolved_release(out);
	return r;
}

/* Fill temp.scope with the snapshots of `s`: (snap, ord). */
int index_load_scope(struct clause_index *ix, const struct resolved *s)
{
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = index_exec(ix, "CREATE TEMP TABLE IF NOT EXISTS scope(snap INTEGER,"
			    " ord INTEGER); DELETE FROM temp.scope;")) < 0)
		return r;
	if ((r = index_prepare(&st, ix, "INSERT INTO temp.scope VALUES(?, ?)")) < 0)
		return r;
	for (size_t i = 0; i < s->n && r == 0; i++) {
		sqlite3_bind_int64(st, 1, s->snap[i]);
		sqlite3_bind_int64(st, 2, (long long)i);
		r = index_step_done(ix, st, "cannot set the scope");
	}
	sqlite3_finalize(st);
	return r;
}

void index_scope_stats_release(struct clause_rank_scope *s)
{
	free(s->bits);
	memset(s, 0, sizeof(*s));
}

/* Add to u the texts of s it has not yet, with their lengths: from
 * textlen (rank.h), or from FTS5 for a length textlen cannot hold, as
 * blob.texts has them. */
static int union_add(struct clause_rank_scope *u, const struct clause_rank_scope *s,
		     struct clause_index *ix, sqlite3_stmt **lens)
{
	const unsigned char *chunk = NULL;
	long long at = -1;

	for (long long id = 0; id < s->nbits; id++) {
		unsigned len;

		if (!(s->bits[id >> 3] >> (id & 7) & 1) ||
		    clause_rank_scope_has(u, id))
			continue;
		if (id / CLAUSE_RANK_CHUNK != at) {
			int rc;
			at = id / CLAUSE_RANK_CHUNK;
			chunk = NULL;
			sqlite3_reset(*lens);
			sqlite3_bind_int64(*lens, 1, at);
			if ((rc = sqlite3_step(*lens)) == SQLITE_ROW &&
			    sqlite3_column_bytes(*lens, 0) == 2 * CLAUSE_RANK_CHUNK)
				chunk = sqlite3_column_blob(*lens, 0);
			else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
				return index_db_error(ix, rc, "cannot read text lengths");
		}
		len = chunk ? clause_rank_get(chunk, id) : CLAUSE_RANK_UNKNOWN;
		if (len == CLAUSE_RANK_UNKNOWN || len == CLAUSE_RANK_TOO_LONG) {
			long long n = 0;
			int r = index_docsize(ix, id, &n);
			if (r < 0)
				return r;
			len = n > 0 ? (unsigned)n : 0;
		}
		clause_rank_scope_add(u, id, len);
	}
	return 0;
}

/* The texts of the scope's snapshots: each snapshot's as the index keeps
 * them (snap.bits), and for several their union, each text once. */
int index_scope_stats(struct clause_rank_scope *out, struct clause_index *ix,
		      const struct resolved *rs)
{
	struct clause_rank_scope one;
	sqlite3_stmt *lens = NULL;
	int r = 0;

	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < rs->n && r == 0; i++) {
		if ((r = index_snap_stats(&one, ix, rs->snap[i])) < 0)
			break;
		if (i == 0) {
			*out = one;
			continue;
		}
		if (one.nbits > out->nbits) {
			unsigned char *more = realloc(out->bits, (size_t)(one.nbits + 7) / 8);
			if (!more) {
				index_scope_stats_release(&one);
				clause_error_set("out of memory");
				r = CLAUSE_ERROR;
				break;
			}
			memset(more + (out->nbits + 7) / 8, 0,
			       (size_t)((one.nbits + 7) / 8 - (out->nbits + 7) / 8));
			out->bits = more;
			out->nbits = one.nbits;
		}
		if (!lens)
			r = index_prepare(&lens, ix, "SELECT lens FROM textlen WHERE chunk = ?");
		if (r == 0)
			r = union_add(out, &one, ix, &lens);
		index_scope_stats_release(&one);
	}
	sqlite3_finalize(lens);
	if (r < 0)
		index_scope_stats_release(out);
	return r;
}

static int do_update(struct clause_index *ix, const struct clause_scope *scope,
		     size_t *docs, size_t *clauses)
{
	struct resolved s;
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = index_resolve(&s, ix, scope)) < 0)
		return r;
	if (docs || clauses) {
		r = index_prepare(&st, ix, "SELECT count(DISTINCT b.id), count(c.seq) FROM"
				  " entry e JOIN blob b ON b.id = e.blob LEFT JOIN clause c"
				  " ON c.blob = b.id WHERE e.snap = ? AND b.docid IS NOT NULL");
		if (r == 0) {
			sqlite3_bind_int64(st, 1, s.snap[0]);
			int rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				if (docs)
					*docs = (size_t)sqlite3_column_int64(st, 0);
				if (clauses)
					*clauses = (size_t)sqlite3_column_int64(st, 1);
			} else {
				r = index_db_error(ix, rc, "cannot count");
			}
		}
		sqlite3_finalize(st);
	}
	index_resolved_release(&s);
	return r;
}

int clause_index_update(struct clause_index *ix, const struct clause_scope *scope,
			size_t *docs, size_t *clauses)
{
	int r;

	WITH_RECOVERY(ix, do_update(ix, scope, docs, clauses));
	return r;
}

/* The work tree's snapshot as the index last recorded it, with the
 * digest of the stat data it was made from; 0 when there is none (or
 * it holds a racy entry), 1 when there is. */
int index_recorded_worktree(struct resolved *rs, char **digest,
			    struct clause_index *ix)
{
	struct clause_buf name = CLAUSE_BUF_INIT, dkey = CLAUSE_BUF_INIT;
	long long id = 0;
	int r;

	*digest = NULL;
	index_worktree_keys(&name, &dkey, ix->repo);
	r = index_snap_find(ix, &id, name.ptr);
	if (r == 0 && id && (*digest = index_stamp_get(ix, dkey.ptr)) && **digest)
		r = resolved_add(rs, id, NULL) < 0 ? CLAUSE_ERROR : 1;
	clause_buf_release(&name);
	clause_buf_release(&dkey);
	return r;
}

/*
 * An answer about the work tree, given from what the index holds while a
 * thread of its own scans the work tree: the scan's thousands of stat
 * calls take about as long as the answer.  When the scan finds the stat
 * data the snapshot was recorded from, the answer stands (1); otherwise
 * undo(arg) drops it and, with `refresh`, the index is brought up to
 * date from the scan and fn answers again (0), or, without, nothing is
 * answered (0, and fn may not have run).
 */
/* A scan of the work tree on a thread of its own. */
struct index_pending {
	pthread_t t;
	struct clause_wscan w;
	int running;		/* t was started and is not joined yet */
};

static struct index_pending *scan_begin(struct clause_repo *repo)
{
	struct index_pending *p = calloc(1, sizeof(*p));

	if (!p)
		return NULL;
	p->w.repo = repo;
	if (repo->workdir && repo->git && git_repository_workdir(repo->git))
		p->running = pthread_create(&p->t, NULL, index_scan_worktree,
					    &p->w) == 0;
	return p;
}

/* Wait for p's scan (when there is one) and release it. */
void index_pending_release(struct index_pending *p)
{
	if (!p)
		return;
	if (p->running)
		pthread_join(p->t, NULL);
	index_scan_release(&p->w);
	free(p);
}

int index_open_scanning(struct clause_index **out, struct clause_repo *repo)
{
	struct index_pending *p = scan_begin(repo);

	/* The stat calls run while the database is opened and read. */
	if (!p || !index_open_existing(out, repo)) {
		index_pending_release(p);
		return 0;
	}
	(*out)->pending = p;
	return 1;
}

int index_on_worktree(struct clause_index *ix, int refresh,
		      int (*fn)(struct clause_index *, const struct resolved *,
				void *),
		      void (*undo)(void *), void *arg)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct index_pending *p = ix->pending;
	struct clause_wscan *w;
	char *digest = NULL;
	int r = 0, scanning;

	if (!refresh && !ix->repo->workdir)
		return 0;	/* nothing to check the answer against */
	/* the scan begun when the index was opened, or one begun now */
	ix->pending = NULL;
	if (!p && !(p = ix->rebuild ? calloc(1, sizeof(*p)) : scan_begin(ix->repo))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	w = &p->w;
	w->repo = ix->repo;
	scanning = p->running;
	if (!scanning && !refresh)
		index_scan_worktree(w);	/* no thread: first the scan */
	if (scanning || !refresh) {
		if ((r = index_recorded_worktree(&rs, &digest, ix)) == 1 &&
		    (scanning || (w->r == 0 && strcmp(digest, w->digest) == 0)))
			r = fn(ix, &rs, arg);
		if (scanning)
			pthread_join(p->t, NULL);
		p->running = 0;
		if (r < 0 || (digest && *digest && w->r == 0 &&
			      strcmp(digest, w->digest) == 0)) {
			if (r >= 0) {
				index_fresh_now(ix);
				r = 1;
			}
			goto done;	/* an error, or the answer */
		}
		undo(arg);
		index_resolved_release(&rs);
		r = 0;
		if (!refresh)
			goto done;
		ix->scan = w;
	}
	if (ix->refresh_lock)
		pthread_mutex_lock(ix->refresh_lock);
	r = index_resolve(&rs, ix, &scope);
	if (ix->refresh_lock)
		pthread_mutex_unlock(ix->refresh_lock);
	ix->scan = NULL;
	if (r == 0) {
		index_fresh_now(ix);
		r = fn(ix, &rs, arg);
	}
done:
	index_pending_release(p);
	free(digest);
	index_resolved_release(&rs);
	return r;
}
