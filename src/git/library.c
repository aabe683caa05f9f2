/* library.c: read every document of a library, from the work tree or a
 * git tree, and check the rules that span documents. */
#include "git/library.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"
#include "doc/xml.h"

#include <dirent.h>
#include <pthread.h>
#include <unistd.h>
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

void clause_library_release(struct clause_library *lib)
{
	for (size_t i = 0; i < lib->n; i++) {
		if (!lib->v[i].pooled) {
			free(lib->v[i].path);
			free(lib->v[i].display);
			clause_doc_free(lib->v[i].doc);
		}
		free(lib->v[i].error_msg);
		clause_problems_release(&lib->v[i].found);
	}
	free(lib->v);
	lib->v = NULL;
	lib->n = lib->cap = 0;
	clause_taxonomy_release(&lib->taxonomy);
	clause_problems_release(&lib->problems);
	git_tree_free(lib->tree);
	lib->tree = NULL;
	clause_pool_release(&lib->pool);
}

static int ends_with_xml(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && strcmp(name + n - 4, ".xml") == 0;
}

static struct clause_entry *add_entry(struct clause_library *lib,
				      const char *path)
{
	struct clause_entry *e;

	if (lib->n == lib->cap) {
		size_t cap = lib->cap ? lib->cap * 2 : 64;
		struct clause_entry *v = realloc(lib->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return NULL;
		}
		lib->v = v;
		lib->cap = cap;
	}
	e = &lib->v[lib->n];
	memset(e, 0, sizeof(*e));
	if (!(e->path = strdup(path))) {
		clause_error_set("out of memory");
		return NULL;
	}
	lib->n++;
	return e;
}

/* Display form of a top-relative path; caller frees. */
static char *display_path(const struct clause_repo *repo, const char *label,
			  const char *path)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_repo_display(&b, repo, label, path);
	return clause_buf_detach(&b);
}

int clause_library_path_in(const char *path, const char *scope)
{
	size_t n = strlen(scope);

	return n == 0 || (strncmp(path, scope, n) == 0 &&
			  (path[n] == '\0' || path[n] == '/' ||
			   scope[n - 1] == '/'));
}

/* Is top-relative `path` under one of the scope paths? */
static int in_scope(const char *path, char **scope, size_t nscope)
{
	for (size_t i = 0; i < nscope; i++)
		if (clause_library_path_in(path, scope[i]))
			return 1;
	return 0;
}

static int walk_dir(struct clause_library *lib, struct clause_repo *repo,
		    const char *top, const char *rel)
{
	struct clause_buf dir = CLAUSE_BUF_INIT, sub = CLAUSE_BUF_INIT;
	DIR *d;
	struct dirent *de;
	int r = 0;

	clause_buf_printf(&dir, "%s%s", top, rel);
	if (!(d = opendir(dir.ptr))) {
		clause_error_set("cannot open directory '%s': %s", dir.ptr,
				 strerror(errno));
		clause_buf_release(&dir);
		return CLAUSE_ERROR;
	}
	while (r == 0 && (de = readdir(d))) {
		struct stat st;
		int ignored = 0;

		if (de->d_name[0] == '.')
			continue;	/* ., .., .git and hidden files */
		clause_buf_clear(&sub);
		clause_buf_printf(&sub, "%s%s", rel, de->d_name);
		clause_buf_clear(&dir);
		clause_buf_printf(&dir, "%s%s", top, sub.ptr);
		if (lstat(dir.ptr, &st) < 0)
			continue;
		if (repo->git && git_ignore_path_is_ignored(&ignored, repo->git,
							    sub.ptr) == 0 && ignored)
			continue;
		if (S_ISDIR(st.st_mode)) {
			clause_buf_putc(&sub, '/');
			r = walk_dir(lib, repo, top, sub.ptr);
		} else if (S_ISREG(st.st_mode) && ends_with_xml(de->d_name)) {
			if (!add_entry(lib, sub.ptr))
				r = CLAUSE_ERROR;
		}
	}
	closedir(d);
	clause_buf_release(&dir);
	clause_buf_release(&sub);
	return r;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct clause_entry *)a)->path,
		      ((const struct clause_entry *)b)->path);
}

/*
 * Parse one entry's bytes: a document, a taxonomy, or something else.
 * Runs on worker threads: it touches only the entry (problems go to
 * e->found; taxonomies are added to the library afterwards, in order).
 */
static int load_entry(struct clause_library *lib, struct clause_entry *e,
		      const char *data, size_t len)
{
	enum clause_kind kind;
	git_oid oid;
	int r;

	if (!e->blob[0] && !lib->light) {
		git_odb_hash(&oid, data, len, GIT_OBJECT_BLOB);
		git_oid_tostr(e->blob, sizeof(e->blob), &oid);
	}
	r = clause_doc_load_ex(&e->doc, &kind, e->display, data, len,
			       e->explicit, lib->light ? CLAUSE_DOC_STRUCTURE : 0,
			       &e->found);
	e->nclauses = e->doc ? e->doc->nclauses : 0;
	e->taxonomy = kind == CLAUSE_KIND_TAXONOMY;
	if (r == CLAUSE_ENOTFOUND && e->explicit) {
		clause_problems_add(&e->found, e->display, 1, 1,
				    "not a clause document");
		r = CLAUSE_EINVALID;
	}
	if (r == CLAUSE_EINVALID)
		e->broken = 1;
	return r == CLAUSE_ERROR ? r : 0;
}

static void too_big(struct clause_entry *e, size_t size)
{
	e->broken = 1;
	clause_problems_add(&e->found, e->display, 1, 1,
			    "file is too large (%zu bytes; the limit is %u)",
			    size, CLAUSE_MAX_DOC_BYTES);
}

/* What the loader threads share. */
struct loader {
	struct clause_library *lib;	/* the entries and options */
	struct clause_repo *repo;	/* where the bytes come from */
	int pass;			/* 0: taxonomy.xml files, 1: the rest */
	size_t next;			/* next entry to take, under lock */
	pthread_mutex_t lock;		/* guards next and libgit2 reads */
};

static int is_taxonomy_name(const char *path)
{
	const char *base = strrchr(path, '/');

	return strcmp(base ? base + 1 : path, "taxonomy.xml") == 0;
}

/*
 * The bytes of entry e: its blob when the library was read from a tree,
 * else its file in the work tree.  CLAUSE_ETOOBIG (and *size) for a file
 * over the size limit, which is not read.
 */
static int read_entry(struct clause_buf *out, size_t *size,
		      const struct clause_library *lib,
		      struct clause_repo *repo, const struct clause_entry *e)
{
	struct clause_buf fs = CLAUSE_BUF_INIT;
	struct stat st;
	int r;

	if (lib->tree) {
		git_blob *blob = NULL;
		git_oid oid;

		if (git_oid_fromstr(&oid, e->blob) < 0 ||
		    (r = git_blob_lookup(&blob, repo->git, &oid)) < 0)
			return clause_error_from_git(GIT_ERROR, "cannot read a blob");
		*size = (size_t)git_blob_rawsize(blob);
		r = *size > CLAUSE_MAX_DOC_BYTES ? CLAUSE_ETOOBIG :
		    clause_buf_put(out, git_blob_rawcontent(blob), *size);
		git_blob_free(blob);
		return r;
	}
	if (e->outside || !repo->workdir)
		clause_buf_puts(&fs, e->path);
	else
		clause_buf_printf(&fs, "%s%s", repo->workdir, e->path);
	if (stat(fs.ptr, &st) == 0 && (size_t)st.st_size > CLAUSE_MAX_DOC_BYTES) {
		*size = (size_t)st.st_size;
		r = CLAUSE_ETOOBIG;
	} else {
		r = clause_buf_read_file(out, fs.ptr, CLAUSE_MAX_DOC_BYTES);
		*size = out->len;
	}
	clause_buf_release(&fs);
	return r;
}

/* Read and parse entry e, from its blob or from the work tree. */
static int load_one(struct loader *ld, struct clause_entry *e)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	size_t size = 0;
	int r;

	/* One thread at a time in libgit2's object database. */
	if (ld->lib->tree)
		pthread_mutex_lock(&ld->lock);
	r = read_entry(&b, &size, ld->lib, ld->repo, e);
	if (ld->lib->tree)
		pthread_mutex_unlock(&ld->lock);
	if (r == CLAUSE_ETOOBIG) {
		too_big(e, size);
		r = 0;
	} else if (r == 0) {
		r = load_entry(ld->lib, e, b.ptr, b.len);
	}
	clause_buf_release(&b);
	if (r < 0) {
		e->error = r;
		e->error_msg = strdup(clause_error_last());
	}
	return r;
}

static void *load_worker(void *arg)
{
	struct loader *ld = arg;

	clause_xml_thread_init();
	for (;;) {
		struct clause_entry *e = NULL;

		pthread_mutex_lock(&ld->lock);
		while (ld->next < ld->lib->n) {
			struct clause_entry *c = &ld->lib->v[ld->next++];
			if (is_taxonomy_name(c->path) == (ld->pass == 0)) {
				e = c;
				break;
			}
		}
		pthread_mutex_unlock(&ld->lock);
		if (!e)
			break;
		if (load_one(ld, e) < 0)
			break;
	}
	return NULL;
}

/* Fold what loading found into the library, in path order. */
static int merge_pass(struct clause_library *lib, struct clause_repo *repo,
		      int pass)
{
	for (size_t i = 0; i < lib->n; i++) {
		struct clause_entry *e = &lib->v[i];

		if (is_taxonomy_name(e->path) != (pass == 0))
			continue;
		if (e->error) {
			clause_error_set("%s", e->error_msg ? e->error_msg : "cannot read");
			return e->error;
		}
		if (e->taxonomy && !e->broken) {
			/* Categories are added in one thread, in path order. */
			struct clause_buf b = CLAUSE_BUF_INIT;
			size_t size;
			int r = read_entry(&b, &size, lib, repo, e);

			if (r == 0) {
				r = clause_taxonomy_add(&lib->taxonomy, e->display,
							b.ptr, b.len, &e->found);
				if (r == CLAUSE_EINVALID) {
					e->broken = 1;
					r = 0;
				}
			}
			clause_buf_release(&b);
			if (r < 0)
				return r;
		}
		if (e->in_scope)
			for (size_t k = 0; k < e->found.n; k++)
				clause_problems_add(&lib->problems, e->found.v[k].path,
						    e->found.v[k].line,
						    e->found.v[k].col, "%s",
						    e->found.v[k].message);
		clause_problems_release(&e->found);
	}
	return 0;
}

/*
 * Load every entry: the taxonomy.xml files first (so every document sees
 * all categories), then the rest on as many threads as there are cores
 * (parsing and schema validation dominate, and documents are independent).
 */
static int load_all(struct clause_library *lib, struct clause_repo *repo)
{
	struct loader ld;
	pthread_t threads[CLAUSE_MAX_THREADS];
	long cores = sysconf(_SC_NPROCESSORS_ONLN);
	int nthreads = cores < 1 ? 1 : cores > CLAUSE_MAX_THREADS ?
		       CLAUSE_MAX_THREADS : (int)cores;
	int r = 0;

	if (clause_xml_prepare() < 0)
		return CLAUSE_ERROR;
	memset(&ld, 0, sizeof(ld));
	ld.lib = lib;
	ld.repo = repo;
	pthread_mutex_init(&ld.lock, NULL);
	for (int pass = 0; pass < 2 && r == 0; pass++) {
		int started = 0;

		ld.pass = pass;
		ld.next = 0;
		/* Few files are not worth threads. */
		if (pass == 1 && nthreads > 1 && lib->n >= 8) {
			for (int t = 0; t < nthreads; t++)
				if (pthread_create(&threads[t], NULL, load_worker,
						   &ld) == 0)
					started++;
		}
		if (!started)
			load_worker(&ld);
		for (int t = 0; t < started; t++)
			pthread_join(threads[t], NULL);
		r = merge_pass(lib, repo, pass);
	}
	pthread_mutex_destroy(&ld.lock);
	return r;
}

static int builtin_taxonomy(struct clause_library *lib)
{
	if (lib->taxonomy.n)
		return 0;
	return clause_taxonomy_load_builtin(&lib->taxonomy);
}

int clause_library_fold(struct clause_library *lib, struct clause_repo *repo)
{
	int r;

	if ((r = builtin_taxonomy(lib)) == 0 && (r = merge_pass(lib, repo, 0)) == 0)
		r = merge_pass(lib, repo, 1);
	return r;
}

/* Scope paths (top-relative) from command-line paths. */
static int scope_of(char ***out, struct clause_repo *repo, int all,
		    char **paths, size_t npaths)
{
	char **scope = calloc(npaths + 1, sizeof(*scope));

	*out = scope;
	if (!scope) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if (npaths == 0) {
		scope[0] = strdup(all || !repo->prefix ? "" : repo->prefix);
		return scope[0] ? 0 : CLAUSE_ERROR;
	}
	for (size_t i = 0; i < npaths; i++) {
		int r = clause_repo_relpath(&scope[i], repo, paths[i]);
		if (r == CLAUSE_EINVALID)
			scope[i] = NULL;	/* outside: read as a plain file */
		else if (r < 0)
			return r;
	}
	return 0;
}

static void free_scope(char **scope, size_t n)
{
	if (!scope)
		return;
	for (size_t i = 0; i < n; i++)
		free(scope[i]);
	free(scope);
}

int clause_library_load(struct clause_library *lib, struct clause_repo *repo,
			const char *rev, char **paths, size_t npaths)
{
	char **scope = NULL;
	size_t nscope = npaths ? npaths : 1;
	int r;

	/* A bare repository has no work tree: read what HEAD names. */
	if (!rev && repo->git && !repo->workdir)
		rev = "HEAD";
	if (rev) {
		git_commit *commit = NULL;
		git_tree *tree = NULL;

		if ((r = clause_repo_commit_of(&commit, repo, rev)) < 0)
			return r;
		if ((r = git_commit_tree(&tree, commit)) < 0)
			r = clause_error_from_git(r, "cannot read the tree");
		else
			r = clause_library_load_tree(lib, repo, tree, rev, paths,
						     npaths);
		git_tree_free(tree);
		git_commit_free(commit);
		return r;
	}
	if ((r = builtin_taxonomy(lib)) < 0)
		return r;
	if ((r = scope_of(&scope, repo, lib->all, paths, npaths)) < 0)
		goto done;
	/* Outside a repository, only the paths given (or the current
	 * directory) make the library. */
	if (repo->git || npaths == 0) {
		if ((r = walk_dir(lib, repo, repo->workdir, "")) < 0)
			goto done;
	}
	for (size_t i = 0; i < npaths; i++) {
		struct stat st;
		const char *fs = paths[i];
		int found = 0;

		if (stat(fs, &st) < 0) {
			clause_error_set("cannot open '%s': %s", fs, strerror(errno));
			r = CLAUSE_ERROR;
			goto done;
		}
		if (scope[i] && !repo->git && S_ISDIR(st.st_mode)) {
			/* No repository: a directory named is walked. */
			struct clause_buf rel = CLAUSE_BUF_INIT;
			clause_buf_puts(&rel, scope[i]);
			if (rel.len && rel.ptr[rel.len - 1] != '/')
				clause_buf_putc(&rel, '/');
			r = walk_dir(lib, repo, repo->workdir, rel.ptr);
			clause_buf_release(&rel);
			if (r < 0)
				goto done;
			found = 1;
		} else if (scope[i]) {
			for (size_t j = 0; j < lib->n && !found; j++)
				found = in_scope(lib->v[j].path, &scope[i], 1);
			if (!found && S_ISREG(st.st_mode)) {
				/* Not picked up by the walk (ignored, hidden or
				 * not named .xml): read it because it was named. */
				if (!add_entry(lib, scope[i])) {
					r = CLAUSE_ERROR;
					goto done;
				}
				found = 1;
			}
		} else if (S_ISREG(st.st_mode)) {
			struct clause_entry *e = add_entry(lib, fs);
			if (!e) {
				r = CLAUSE_ERROR;
				goto done;
			}
			e->outside = 1;	/* read and shown as given */
			found = 1;
		}
		if (!found && S_ISDIR(st.st_mode) && !scope[i]) {
			clause_error_set("'%s' is outside the library", fs);
			r = CLAUSE_ERROR;
			goto done;
		}
	}
	if (lib->n > 1)
		clause_qsort(lib->v, lib->n, sizeof(*lib->v), entry_cmp);
	for (size_t i = 0; i < lib->n; i++) {
		struct clause_entry *e = &lib->v[i];

		e->in_scope = 0;
		for (size_t k = 0; k < nscope; k++) {
			if (e->outside && !scope[k] &&
			    strcmp(e->path, paths[k]) == 0)
				e->in_scope = e->explicit = 1;
			else if (scope[k] && in_scope(e->path, &scope[k], 1)) {
				e->in_scope = 1;
				e->explicit = npaths && strcmp(e->path, scope[k]) == 0;
			}
		}
		e->display = e->outside ? strdup(e->path)
					: display_path(repo, NULL, e->path);
		if (e->in_scope)
			lib->files++;
	}
	if ((r = load_all(lib, repo)) < 0)
		goto done;
	r = 0;
done:
	free_scope(scope, nscope);
	return r;
}

struct tree_walk {
	struct clause_library *lib;	/* where entries go */
	git_repository *git;
};

static int tree_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct tree_walk *w = payload;
	struct clause_buf path = CLAUSE_BUF_INIT;
	struct clause_entry *e;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
	    !ends_with_xml(git_tree_entry_name(te)))
		return 0;
	clause_buf_printf(&path, "%s%s", root, git_tree_entry_name(te));
	e = add_entry(w->lib, path.ptr);
	clause_buf_release(&path);
	if (!e)
		return -1;
	git_oid_tostr(e->blob, sizeof(e->blob), git_tree_entry_id(te));
	return 0;
}

int clause_library_load_tree(struct clause_library *lib,
			     struct clause_repo *repo, git_tree *tree,
			     const char *label, char **paths, size_t npaths)
{
	struct tree_walk w = { lib, repo->git };
	char **scope = NULL;
	size_t nscope = npaths ? npaths : 1;
	int r;

	if ((r = builtin_taxonomy(lib)) < 0)
		return r;
	if ((r = git_object_dup((git_object **)&lib->tree, (git_object *)tree)) < 0)
		return clause_error_from_git(r, "cannot read the tree");
	if ((r = scope_of(&scope, repo, lib->all, paths, npaths)) < 0)
		goto done;
	for (size_t i = 0; i < npaths; i++)
		if (!scope[i]) {
			clause_error_set("'%s' is outside the library", paths[i]);
			r = CLAUSE_ERROR;
			goto done;
		}
	if ((r = git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w)) < 0) {
		r = clause_error_from_git(r, "cannot walk the tree");
		goto done;
	}
	if (lib->n > 1)
		clause_qsort(lib->v, lib->n, sizeof(*lib->v), entry_cmp);
	for (size_t k = 0; k < npaths; k++) {
		int found = 0;
		for (size_t i = 0; i < lib->n && !found; i++)
			found = in_scope(lib->v[i].path, &scope[k], 1);
		if (!found) {
			clause_error_set("'%s' did not match any file in %s",
					 paths[k], label ? label : "the tree");
			r = CLAUSE_ERROR;
			goto done;
		}
	}
	for (size_t i = 0; i < lib->n; i++) {
		struct clause_entry *e = &lib->v[i];

		e->display = display_path(repo, label, e->path);
		e->in_scope = in_scope(e->path, scope, nscope);
		for (size_t k = 0; k < npaths; k++)
			if (strcmp(e->path, scope[k]) == 0)
				e->explicit = 1;
		if (e->in_scope)
			lib->files++;
	}
	if ((r = load_all(lib, repo)) < 0)
		goto done;
	r = 0;
done:
	free_scope(scope, nscope);
	return r;
}

int clause_library_reload(struct clause_doc **out, struct clause_library *lib,
			  struct clause_repo *repo,
			  const struct clause_entry *e)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf b = CLAUSE_BUF_INIT;
	size_t size;
	int r;

	*out = NULL;
	if ((r = read_entry(&b, &size, lib, repo, e)) < 0) {
		if (r == CLAUSE_ETOOBIG)
			clause_error_set("'%s' is too large", e->display);
		clause_buf_release(&b);
		return CLAUSE_ERROR;
	}
	r = clause_doc_load(out, NULL, e->display, b.ptr, b.len, 1, &probs);
	if (r == CLAUSE_EINVALID)
		clause_error_set("%s changed while reading it: %s", e->display,
				 probs.n ? probs.v[0].message : "now invalid");
	clause_problems_release(&probs);
	clause_buf_release(&b);
	return r;
}

struct clause_entry *clause_library_find(const struct clause_library *lib,
					 const char *id)
{
	for (size_t i = 0; i < lib->n; i++)
		if (lib->v[i].doc && strcmp(lib->v[i].doc->id, id) == 0)
			return &lib->v[i];
	return NULL;
}

/* Does `to` (DOC/CLAUSE or CLAUSE) name a clause?  `doc` is the referring
 * document, used for the bare form.  If not, add the problem: `what`
 * ("clause 'x': derived-from", "reference to") says who points there. */
static void resolve_or_say(struct clause_problems *probs,
			   const struct clause_map *docs,
			   const struct clause_entry *e, unsigned line,
			   unsigned col, const char *what, const char *to)
{
	const char *slash = strchr(to, '/');
	const struct clause_doc *target = e->doc;
	int doclen = slash ? (int)(slash - to) : 0;

	if (slash) {
		char *docid = strndup(to, (size_t)doclen);
		target = docid ? clause_map_get(docs, docid) : NULL;
		free(docid);
		if (!target) {
			/* Most often a document derived from models that were
			 * not copied along with it. */
			clause_problems_add(probs, e->display, line, col,
				"%s '%s': the library has no document '%.*s': "
				"add its file to the library (copy it in, or clause "
				"import it) and commit it, or mend the id",
				what, to, doclen, to);
			return;
		}
	}
	if (clause_doc_clause(target, slash ? slash + 1 : to))
		return;
	if (slash)
		clause_problems_add(probs, e->display, line, col,
				    "%s '%s': document '%.*s' has no clause '%s'",
				    what, to, doclen, to, slash + 1);
	else
		clause_problems_add(probs, e->display, line, col,
				    "%s '%s' does not name a clause of this document "
				    "(another document's is DOC/CLAUSE)", what, to);
}

int clause_library_check(struct clause_library *lib,
			 struct clause_problems *probs)
{
	struct clause_map docs = CLAUSE_MAP_INIT;
	int r = 0;

	/* Document ids across the library: the first file (by path) wins. */
	for (size_t i = 0; i < lib->n; i++) {
		struct clause_entry *e = &lib->v[i];
		struct clause_entry *first;

		if (!e->doc)
			continue;
		first = NULL;
		for (size_t j = 0; j < i; j++)
			if (lib->v[j].doc &&
			    strcmp(lib->v[j].doc->id, e->doc->id) == 0) {
				first = &lib->v[j];
				break;
			}
		if (first) {
			if (e->in_scope)
				clause_problems_add(probs, e->display,
					e->doc->line, e->doc->col,
					"document id '%s' is also used by '%s'",
					e->doc->id, first->display);
			continue;
		}
		if (clause_map_put(&docs, e->doc->id, e->doc, NULL) < 0) {
			r = CLAUSE_ERROR;
			goto done;
		}
	}

	for (size_t i = 0; i < lib->n; i++) {
		struct clause_entry *e = &lib->v[i];
		struct clause_doc *d = e->doc;
		struct clause_map ids = CLAUSE_MAP_INIT;

		if (!d || !e->in_scope)
			continue;
		/* Rounds and TAs name parties by id: one party an id. */
		for (size_t k = 0; k < d->nparties; k++)
			for (size_t j = 0; j < k; j++)
				if (d->parties[k].id && d->parties[j].id &&
				    strcmp(d->parties[k].id, d->parties[j].id) == 0) {
					clause_problems_add(probs, e->display, d->line,
							    d->col ? d->col : 1,
							    "duplicate party id '%s'",
							    d->parties[k].id);
					break;
				}
		/* Articles and clauses share one id space. */
		for (size_t k = 0; k < d->narticles; k++) {
			if (clause_map_get(&ids, d->articles[k].id))
				clause_problems_add(probs, e->display,
						    d->articles[k].line, 1,
						    "duplicate id '%s'",
						    d->articles[k].id);
			else
				clause_map_put(&ids, d->articles[k].id, d, NULL);
		}
		for (size_t k = 0; k < d->nclauses; k++) {
			struct clause_clause *c = &d->clauses[k];

			if (clause_map_get(&ids, c->id))
				clause_problems_add(probs, e->display, c->line,
						    c->col, "duplicate id '%s'", c->id);
			else
				clause_map_put(&ids, c->id, c, NULL);
			for (size_t j = 0; j < c->ncategories; j++)
				if (!clause_taxonomy_find(&lib->taxonomy,
							  c->categories[j]))
					clause_problems_add(probs, e->display,
						c->line, c->col,
						"clause '%s': unknown category '%s' "
						"(see clause categories)",
						c->id, c->categories[j]);
			if (c->derived_from) {
				char what[160];

				snprintf(what, sizeof(what), "clause '%.100s': "
					 "derived-from", c->id);
				resolve_or_say(probs, &docs, e, c->line, c->col,
					       what, c->derived_from);
			}
		}
		clause_map_release(&ids, NULL);
		for (size_t k = 0; k < d->nrefs; k++)
			if (d->refs[k].to)
				resolve_or_say(probs, &docs, e, d->refs[k].line,
					       d->refs[k].col ? d->refs[k].col : 1,
					       "reference to", d->refs[k].to);
		for (size_t k = 0; k < d->nconflicts; k++) {
			const struct clause_conflict *x = &d->conflicts[k];
			const char *name = x->clause ? x->clause :
					   x->field ? x->field : "?";
			clause_problems_add(probs, e->display, x->line, x->col,
					    "unresolved merge conflict over %s '%s': keep "
					    "the version that should stand in place of "
					    "the <conflict> element (clause resolve "
					    "%s/%s --ours, --base or --theirs)",
					    x->clause ? "clause" : "field", name,
					    d->id ? d->id : "DOC", name);
		}
		/* xs:date has checked the dates are real; ISO dates of the
		 * same form order as strings. */
		if (d->effective && d->expires &&
		    strcmp(d->expires, d->effective) < 0)
			clause_problems_add(probs, e->display, d->term_line,
				d->term_col,
				"term expires (%s) before it takes effect (%s)",
				d->expires, d->effective);
	}
done:
	clause_map_release(&docs, NULL);
	return r;
}
