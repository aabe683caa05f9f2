/* changed.c: the documents that differ between two trees, found by a
 * tree diff and loaded safely. */
#include "git/changed.h"
#include "util/buf.h"
#include "util/error.h"
#include "git/library.h"
#include "doc/xml.h"

#include <git2.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int ends_with_xml(const char *name)
{
	size_t n = name ? strlen(name) : 0;

	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

void clause_changed_release(struct clause_changed *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->v[i].old_display);
		free(c->v[i].new_display);
		clause_doc_free(c->v[i].old);
		clause_doc_free(c->v[i].new);
	}
	free(c->v);
	c->v = NULL;
	c->n = c->cap = 0;
	clause_problems_release(&c->problems);
}

/*
 * One side of a pair to read: a blob, or a file of the work tree.  The
 * sides are read and parsed on a pool of threads (parsing and schema
 * validation dominate), and handed over in delta order by the caller's
 * thread, so the result is the same as one thread's.
 */
struct job {
	size_t pair;			/* index into c->v */
	int side;			/* 0: old, 1: new */
	int scoped;			/* its problems are ours to report */
	git_oid id;			/* the blob, when fs_path is NULL */
	char *fs_path;			/* the work-tree file, or NULL */
	struct clause_doc *doc;		/* the result, NULL for other XML */
	struct clause_problems probs;	/* what loading found */
	int r;				/* 0, or an error */
	char *error;			/* its message */
	int done;			/* under the pool's lock */
	int worker;			/* the thread that loaded it, -1: the
					 * caller's */
};

/* Documents whose trees a worker thread is to free. */
struct trash {
	struct clause_doc **v;
	size_t n, cap;
};

/* What the loader threads share. */
struct pool {
	struct job *jobs;
	size_t n;			/* jobs */
	size_t next;			/* next job to take */
	size_t limit;			/* jobs up to here may be taken */
	int stop;			/* the caller gave up */
	git_repository *git;
	pthread_mutex_t lock;		/* guards the above (never held
					 * while reading or parsing) */
	pthread_mutex_t git_lock;	/* one thread at a time in git */
	pthread_cond_t done;		/* a job is done */
	pthread_cond_t room;		/* limit moved, or stop */
	/* Trees handed over, by the worker that built them, which frees
	 * them before its next job: freed by another thread, each block
	 * goes back to the builder's malloc arena under that arena's lock,
	 * and the two threads then take turns on it. */
	struct trash trash[CLAUSE_MAX_THREADS];
};

/* Jobs loaded ahead of the pair being handed over: the XML trees held
 * at once (each pair's trees are freed once it is handed over). */
#define WINDOW 32

/* Load bytes as a document: job->doc stays NULL for other XML; invalid
 * documents add problems. */
static int load(struct job *j, const char *display, const char *data,
		size_t len)
{
	enum clause_kind kind;
	int r;

	if (len > CLAUSE_MAX_DOC_BYTES) {
		clause_problems_add(&j->probs, display, 1, 1,
				    "file is too large (%zu bytes; the limit is %u)",
				    len, CLAUSE_MAX_DOC_BYTES);
		return 0;
	}
	/* Texts are made only where the comparison needs them. */
	r = clause_doc_load_ex(&j->doc, &kind, display, data, len, 0,
			       CLAUSE_DOC_LAZY, &j->probs);
	if (r == CLAUSE_ENOTFOUND || r == CLAUSE_EINVALID)
		return 0;
	return r;
}

/* Look up a blob in a repository no other thread is using at the moment.
 * The caller frees *out. */
static int read_blob(git_blob **out, git_repository *git, const git_oid *id)
{
	int r;

	if ((r = git_blob_lookup(out, git, id)) < 0)
		return clause_error_from_git(r, "cannot read a blob");
	return 0;
}

/* Load the job's document from data (a blob's bytes; over the size limit
 * only size is looked at), or from its file in the work tree.  r: how
 * reading the blob went. */
static void run_job(struct job *j, const char *display, const char *data,
		    size_t size, int r)
{
	struct clause_buf file = CLAUSE_BUF_INIT;

	if (r == 0 && j->fs_path) {
		r = clause_buf_read_file(&file, j->fs_path, CLAUSE_MAX_DOC_BYTES);
		if (r == CLAUSE_ETOOBIG) {
			clause_problems_add(&j->probs, display, 1, 1, "%s",
					    clause_error_last());
			clause_buf_release(&file);
			j->r = 0;
			return;
		}
		data = file.ptr;
		size = file.len;
	}
	if (r == 0)
		r = load(j, display, size > CLAUSE_MAX_DOC_BYTES ? NULL : data,
			 size);
	j->r = r;
	if (r < 0)
		j->error = strdup(clause_error_last());
	clause_buf_release(&file);
}

/* Read and load one job: the document is parsed from the blob's own
 * bytes, not from a copy. */
static void read_and_run(struct job *j, const char *display,
			 git_repository *git)
{
	git_blob *blob = NULL;
	int r = 0;

	if (!j->fs_path)
		r = read_blob(&blob, git, &j->id);
	run_job(j, display, blob ? git_blob_rawcontent(blob) : NULL,
		blob ? (size_t)git_blob_rawsize(blob) : 0, r);
	git_blob_free(blob);
}

static const char *job_display(const struct clause_changed *c,
			       const struct job *j)
{
	return j->side ? c->v[j->pair].new_display : c->v[j->pair].old_display;
}

struct worker_arg {
	struct pool *pl;
	const struct clause_changed *c;
	int index;			/* of this worker */
};


/* Free the trees in t (the pool's lock not held). */
static void empty_trash(struct trash *t)
{
	for (size_t i = 0; i < t->n; i++)
		clause_doc_shed(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

/* Give doc's tree to the worker that built it (the pool's lock held);
 * the caller frees it when there is no such worker or no memory. */
static int to_trash(struct pool *pl, int worker, struct clause_doc *doc)
{
	struct trash *t;

	if (!doc || worker < 0 || worker >= CLAUSE_MAX_THREADS)
		return -1;
	t = &pl->trash[worker];
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 16;
		struct clause_doc **v = realloc(t->v, cap * sizeof(*v));
		if (!v)
			return -1;
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n++] = doc;
	return 0;
}

static void *worker(void *arg)
{
	struct worker_arg *wa = arg;
	struct pool *pl = wa->pl;

	git_repository *own = NULL;

	clause_xml_thread_init();
	/* A repository of its own, so that blobs are read and inflated on
	 * every thread at once (libgit2 objects are not shared between
	 * threads); else one thread at a time in the caller's. */
	if (git_repository_open_ext(&own, git_repository_path(pl->git),
				    GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		own = NULL;
		git_error_clear();
	}
	pthread_mutex_lock(&pl->lock);
	for (;;) {
		struct job *j;

		while (!pl->stop && pl->next < pl->n && pl->next >= pl->limit)
			pthread_cond_wait(&pl->room, &pl->lock);
		if (pl->stop || pl->next >= pl->n)
			break;
		struct trash mine;

		j = &pl->jobs[pl->next++];
		j->worker = wa->index;
		mine = pl->trash[wa->index];
		memset(&pl->trash[wa->index], 0, sizeof(mine));
		pthread_mutex_unlock(&pl->lock);
		empty_trash(&mine);
		if (own || j->fs_path) {
			read_and_run(j, job_display(wa->c, j), own);
		} else {
			/* The caller's repository: a copy of the bytes, taken
			 * while no other thread is in it. */
			struct clause_buf bytes = CLAUSE_BUF_INIT;
			git_blob *blob = NULL;
			size_t size = 0;
			int r;

			pthread_mutex_lock(&pl->git_lock);
			if ((r = read_blob(&blob, pl->git, &j->id)) == 0) {
				size = (size_t)git_blob_rawsize(blob);
				if (size <= CLAUSE_MAX_DOC_BYTES)
					r = clause_buf_put(&bytes,
							   git_blob_rawcontent(blob),
							   size);
			}
			git_blob_free(blob);
			pthread_mutex_unlock(&pl->git_lock);
			run_job(j, job_display(wa->c, j), bytes.ptr, size, r);
			clause_buf_release(&bytes);
		}
		pthread_mutex_lock(&pl->lock);
		j->done = 1;
		pthread_cond_broadcast(&pl->done);
	}
	pthread_mutex_unlock(&pl->lock);
	git_repository_free(own);
	return NULL;
}

static struct clause_changed_pair *add_pair(struct clause_changed *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		struct clause_changed_pair *v = realloc(c->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return NULL;
		}
		c->v = v;
		c->cap = cap;
	}
	memset(&c->v[c->n], 0, sizeof(c->v[c->n]));
	return &c->v[c->n++];
}

static char *labelled(const char *label, const char *path)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	if (label)
		clause_buf_printf(&b, "%s:%s", label, path);
	else
		clause_buf_puts(&b, path);
	return clause_buf_detach(&b);
}

/* Work-tree paths are shown relative to the current directory. */
static char *worktree_display(const struct clause_repo *repo, const char *path)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	size_t n = strlen(repo->prefix);

	if (strncmp(path, repo->prefix, n) == 0)
		return strdup(path + n);
	for (const char *p = repo->prefix; *p; p++)
		if (*p == '/')
			clause_buf_puts(&b, "../");
	clause_buf_puts(&b, path);
	return clause_buf_detach(&b);
}

/* Is top-relative `path` under one of the scope paths? */
static int in_scope(const char *path, char **scope, size_t nscope)
{
	if (!nscope)
		return 1;
	for (size_t i = 0; path && i < nscope; i++)
		if (clause_library_path_in(path, scope[i]))
			return 1;
	return 0;
}

/* A document removed from one file and added in another: one pair. */
static void pair_moves(struct clause_changed *c)
{
	for (size_t i = 0; i < c->n; i++) {
		struct clause_changed_pair *a = &c->v[i];
		if (!a->old || a->new)
			continue;
		for (size_t k = 0; k < c->n; k++) {
			struct clause_changed_pair *b = &c->v[k];
			if (b->old || !b->new || strcmp(a->old->id, b->new->id) != 0)
				continue;
			a->new = b->new;
			a->new_display = b->new_display;
			a->in_scope |= b->in_scope;
			b->new = NULL;
			b->new_display = NULL;
			break;
		}
	}
	/* Drop the pairs left empty (and those that were never documents),
	 * and those outside the scope (read only to follow a move). */
	size_t k = 0;
	for (size_t i = 0; i < c->n; i++) {
		if ((c->v[i].old || c->v[i].new) && c->v[i].in_scope) {
			c->v[k++] = c->v[i];
		} else {
			free(c->v[i].old_display);
			free(c->v[i].new_display);
			clause_doc_free(c->v[i].old);
			clause_doc_free(c->v[i].new);
		}
	}
	c->n = k;
}

static int grow_jobs(struct pool *pl, size_t *cap)
{
	size_t ncap = *cap ? *cap * 2 : 32;
	struct job *v = realloc(pl->jobs, ncap * sizeof(*v));

	if (!v) {
		clause_error_set("out of memory");
		return -1;
	}
	pl->jobs = v;
	*cap = ncap;
	return 0;
}

/* Hand over the job's result to its pair, in delta order. */
static int take_job(struct clause_changed *c, struct job *j)
{
	struct clause_changed_pair *p = &c->v[j->pair];

	c->parsed++;
	if (j->r < 0) {
		clause_error_set("%s", j->error ? j->error : "cannot read");
		return j->r;
	}
	/* Problems outside the scope are not ours to refuse. */
	for (size_t k = 0; j->scoped && k < j->probs.n; k++)
		clause_problems_add(&c->problems, j->probs.v[k].path,
				    j->probs.v[k].line, j->probs.v[k].col,
				    "%s", j->probs.v[k].message);
	clause_problems_release(&j->probs);
	if (j->side)
		p->new = j->doc;
	else
		p->old = j->doc;
	j->doc = NULL;
	return 0;
}

/*
 * Read and parse every job on as many threads as there are cores, the
 * blob reads one at a time, and hand each pair over as soon as its sides
 * are loaded, in order: a pair with both sides to `each`, then its trees
 * freed.  At most WINDOW jobs are loaded ahead of the pair being handed
 * over, so that memory holds the trees of a few pairs at a time.
 */
static int load_jobs(struct clause_changed *c, struct pool *pl,
		     git_repository *git,
		     int (*each)(struct clause_changed_pair *pair, void *payload),
		     void *payload)
{
	pthread_t threads[CLAUSE_MAX_THREADS];
	struct worker_arg wa[CLAUSE_MAX_THREADS];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = cores < 1 ? 1 : cores > CLAUSE_MAX_THREADS ?
		       CLAUSE_MAX_THREADS : (int)cores;
	int started = 0, r = 0;
	size_t k = 0;

	if (!pl->n)
		return 0;
	/* The schemas are compiled once, before any thread uses them. */
	if (clause_xml_prepare() < 0)
		return CLAUSE_ERROR;
	pl->git = git;
	pl->next = 0;
	pl->limit = WINDOW;
	pthread_mutex_init(&pl->lock, NULL);
	pthread_mutex_init(&pl->git_lock, NULL);
	pthread_cond_init(&pl->done, NULL);
	pthread_cond_init(&pl->room, NULL);
	/* A few documents are not worth threads. */
	for (size_t i = 0; i < pl->n; i++)
		pl->jobs[i].worker = -1;
	if (nthreads > 1 && pl->n >= 8)
		for (int t = 0; t < nthreads; t++) {
			wa[started].pl = pl;
			wa[started].c = c;
			wa[started].index = started;
			if (pthread_create(&threads[started], NULL, worker,
					   &wa[started]) == 0)
				started++;
		}
	while (k < pl->n) {
		size_t pair = pl->jobs[k].pair, first = k;
		struct clause_changed_pair *p;

		/* One thread: this pair's jobs, here and now. */
		for (size_t i = k; !started && i < pl->n &&
		     pl->jobs[i].pair == pair; i++) {
			read_and_run(&pl->jobs[i], job_display(c, &pl->jobs[i]),
				     git);
			pl->jobs[i].done = 1;
		}
		/* The jobs of this pair are next to each other. */
		pthread_mutex_lock(&pl->lock);
		while (k < pl->n && pl->jobs[k].pair == pair) {
			while (!pl->jobs[k].done)
				pthread_cond_wait(&pl->done, &pl->lock);
			k++;
		}
		pthread_mutex_unlock(&pl->lock);
		for (size_t i = first; i < k && r == 0; i++)
			r = take_job(c, &pl->jobs[i]);
		if (r < 0)
			break;
		/* Both sides here: hand it over now, and drop its trees. */
		p = &c->v[pair];
		if (each && p->old && p->new && p->in_scope &&
		    (r = each(p, payload)) < 0)
			break;
		pthread_mutex_lock(&pl->lock);
		if (each && p->old && p->new && p->in_scope) {
			p->handed = 1;
			for (size_t i = first; i < k; i++) {
				struct clause_doc *d = pl->jobs[i].side ? p->new : p->old;
				if (to_trash(pl, pl->jobs[i].worker, d) < 0)
					clause_doc_shed(d);
			}
		}
		pl->limit = k + WINDOW;
		pthread_cond_broadcast(&pl->room);
		pthread_mutex_unlock(&pl->lock);
	}
	pthread_mutex_lock(&pl->lock);
	pl->stop = 1;
	pthread_cond_broadcast(&pl->room);
	pthread_mutex_unlock(&pl->lock);
	for (int t = 0; t < started; t++)
		pthread_join(threads[t], NULL);
	for (int t = 0; t < CLAUSE_MAX_THREADS; t++)
		empty_trash(&pl->trash[t]);
	pthread_cond_destroy(&pl->done);
	pthread_cond_destroy(&pl->room);
	pthread_mutex_destroy(&pl->lock);
	pthread_mutex_destroy(&pl->git_lock);
	return r;
}

/* The scope of a comparison as top-relative paths (*spec, nspec of them;
 * none: the whole library): the paths given, else the current directory. */
static int scope_spec(char ***out, size_t *nspec, struct clause_repo *repo,
		      char **paths, size_t npaths)
{
	char **spec = calloc(npaths + 1, sizeof(*spec));
	int r;

	*out = spec;
	*nspec = 0;
	if (!spec) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < npaths; i++) {
		if ((r = clause_repo_relpath(&spec[*nspec], repo, paths[i])) < 0) {
			if (r == CLAUSE_EINVALID)
				clause_error_set("'%s' is outside the library",
						 paths[i]);
			return r;
		}
		(*nspec)++;
	}
	if (!npaths && repo->prefix && *repo->prefix) {
		if (!(spec[0] = strdup(repo->prefix))) {
			clause_error_set("out of memory");
			return CLAUSE_ERROR;
		}
		*nspec = 1;
	}
	/* An empty path is the whole library. */
	for (size_t i = 0; i < *nspec; i++)
		if (!*spec[i]) {
			*nspec = 0;
			break;
		}
	return 0;
}

/* git's diff of old_rev's tree against new_rev's (the work tree when
 * NULL).  No pathspec: a document that moved into the scope from outside
 * it is followed by its id, so adds and deletions outside are read too
 * when there is something in scope to pair them with. */
static int diff_revs(git_diff **out, struct clause_repo *repo,
		     const char *old_rev, const char *new_rev)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_commit *oc = NULL, *nc = NULL;
	git_tree *ot = NULL, *nt = NULL;
	int r;

	if ((r = clause_repo_commit_of(&oc, repo, old_rev)) < 0 ||
	    (new_rev && (r = clause_repo_commit_of(&nc, repo, new_rev)) < 0))
		goto done;
	if ((r = git_commit_tree(&ot, oc)) < 0 ||
	    (nc && (r = git_commit_tree(&nt, nc)) < 0)) {
		r = clause_error_from_git(r, "cannot read the tree");
		goto done;
	}
	if (new_rev) {
		r = git_diff_tree_to_tree(out, repo->git, ot, nt, &opts);
	} else {
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
			      GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		r = git_diff_tree_to_workdir(out, repo->git, ot, &opts);
	}
	if (r < 0)
		r = clause_error_from_git(r, "cannot compare the trees");
done:
	git_tree_free(ot);
	git_tree_free(nt);
	git_commit_free(oc);
	git_commit_free(nc);
	return r;
}

/* A job loading one side of pair `pair`. */
static struct job *add_job(struct pool *jobs, size_t pair, int side,
			   int scoped)
{
	struct job *j = &jobs->jobs[jobs->n++];

	memset(j, 0, sizeof(*j));
	j->pair = pair;
	j->side = side;
	j->scoped = scoped;
	return j;
}

/* A pair for each XML delta in scope (or outside it, where it could pair
 * with one inside as a move), and a job for each side to load. */
static int plan_pairs(struct clause_changed *out, struct pool *jobs,
		      git_diff *diff, struct clause_repo *repo,
		      char **spec, size_t nspec, const char *old_rev,
		      const char *new_rev)
{
	size_t nd = git_diff_num_deltas(diff), cap = 0;
	int adds_in = 0, dels_in = 0;

	/* Which kinds of change are in scope: an add outside can only pair
	 * with a deletion inside, and the other way round. */
	for (size_t i = 0; i < nd; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		if (d->status == GIT_DELTA_ADDED || d->status == GIT_DELTA_UNTRACKED)
			adds_in |= in_scope(d->new_file.path, spec, nspec);
		else if (d->status == GIT_DELTA_DELETED)
			dels_in |= in_scope(d->old_file.path, spec, nspec);
	}
	for (size_t i = 0; i < nd; i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		struct clause_changed_pair *p;
		int has_old = d->status != GIT_DELTA_ADDED &&
			      d->status != GIT_DELTA_UNTRACKED;
		int has_new = d->status != GIT_DELTA_DELETED;
		int scoped = (has_old && in_scope(d->old_file.path, spec, nspec)) ||
			     (has_new && in_scope(d->new_file.path, spec, nspec));

		if (d->status == GIT_DELTA_UNMODIFIED ||
		    d->status == GIT_DELTA_IGNORED)
			continue;
		if (!ends_with_xml(d->old_file.path) &&
		    !ends_with_xml(d->new_file.path))
			continue;
		if (!scoped && !(has_old && !has_new && adds_in) &&
		    !(has_new && !has_old && dels_in))
			continue;
		if (!(p = add_pair(out)) ||
		    (!(jobs->n + 2 <= cap) && grow_jobs(jobs, &cap) < 0))
			return CLAUSE_ERROR;
		p->in_scope = scoped;
		if (has_old && ends_with_xml(d->old_file.path)) {
			add_job(jobs, out->n - 1, 0, scoped)->id = d->old_file.id;
			p->old_display = labelled(old_rev, d->old_file.path);
		}
		if (has_new && ends_with_xml(d->new_file.path)) {
			struct job *j = add_job(jobs, out->n - 1, 1, scoped);
			if (new_rev) {
				j->id = d->new_file.id;
				p->new_display = labelled(new_rev, d->new_file.path);
			} else {
				struct clause_buf fs = CLAUSE_BUF_INIT;
				p->new_display = worktree_display(repo,
								  d->new_file.path);
				clause_buf_printf(&fs, "%s%s", repo->workdir,
						  d->new_file.path);
				j->fs_path = clause_buf_detach(&fs);
			}
		}
	}
	return 0;
}

int clause_changed_load(struct clause_changed *out, struct clause_repo *repo,
			const char *old_rev, const char *new_rev,
			char **paths, size_t npaths,
			int (*each)(struct clause_changed_pair *pair,
				    void *payload),
			void *payload)
{
	git_diff *diff = NULL;
	char **spec = NULL;
	size_t nspec = 0;
	struct pool jobs;
	int r;

	memset(&jobs, 0, sizeof(jobs));
	if (!repo->git) {
		clause_error_set("not in a clause library: comparing revisions "
				 "needs git history");
		return CLAUSE_ERROR;
	}
	if (!new_rev && !repo->workdir) {
		clause_error_set("a bare library has no work tree: name two "
				 "revisions");
		return CLAUSE_EUSAGE;
	}
	if ((r = scope_spec(&spec, &nspec, repo, paths, npaths)) < 0 ||
	    (r = diff_revs(&diff, repo, old_rev, new_rev)) < 0 ||
	    (r = plan_pairs(out, &jobs, diff, repo, spec, nspec, old_rev,
			    new_rev)) < 0 ||
	    (r = load_jobs(out, &jobs, repo->git, each, payload)) < 0)
		goto done;
	pair_moves(out);
	for (size_t i = 0; each && i < out->n; i++) {
		struct clause_changed_pair *p = &out->v[i];
		if (p->handed)
			continue;
		if ((r = each(p, payload)) < 0)
			goto done;
		p->handed = 1;
		clause_doc_shed(p->old);
		clause_doc_shed(p->new);
	}
	r = 0;
done:
	for (size_t i = 0; i < jobs.n; i++) {
		free(jobs.jobs[i].fs_path);
		clause_doc_free(jobs.jobs[i].doc);
		clause_problems_release(&jobs.jobs[i].probs);
		free(jobs.jobs[i].error);
	}
	free(jobs.jobs);
	for (size_t i = 0; spec && i <= npaths; i++)
		free(spec[i]);
	free(spec);
	git_diff_free(diff);
	return r;
}
