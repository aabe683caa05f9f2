/* changed.c: the documents that differ between two trees, found by a
 * tree diff and loaded safely. */
#include "changed.h"
#include "buf.h"
#include "error.h"
#include "xml.h"

#include <git2.h>
#include <stdlib.h>
#include <string.h>

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

/* Load bytes as a document: *out stays NULL for other XML; invalid
 * documents add problems. */
static int load(struct clause_changed *c, struct clause_doc **out,
		const char *display, const char *data, size_t len,
		struct clause_problems *probs)
{
	enum clause_kind kind;
	int r;

	c->parsed++;
	if (len > CLAUSE_MAX_DOC_BYTES) {
		clause_problems_add(probs, display, 1, 1,
				    "file is too large (%zu bytes; the limit is %u)",
				    len, CLAUSE_MAX_DOC_BYTES);
		return 0;
	}
	r = clause_doc_load(out, &kind, display, data, len, 0, probs);
	if (r == CLAUSE_ENOTFOUND || r == CLAUSE_EINVALID)
		return 0;
	return r;
}

static int load_blob(struct clause_changed *c, struct clause_doc **out,
		     git_repository *git, const git_oid *id,
		     const char *display, struct clause_problems *probs)
{
	git_blob *blob = NULL;
	int r;

	if ((r = git_blob_lookup(&blob, git, id)) < 0)
		return clause_error_from_git(r, "cannot read a blob");
	r = load(c, out, display, git_blob_rawcontent(blob),
		 (size_t)git_blob_rawsize(blob), probs);
	git_blob_free(blob);
	return r;
}

static int load_file(struct clause_changed *c, struct clause_doc **out,
		     const char *fs_path, const char *display,
		     struct clause_problems *probs)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	int r = clause_buf_read_file(&b, fs_path, CLAUSE_MAX_DOC_BYTES);

	if (r == CLAUSE_ETOOBIG) {
		clause_problems_add(probs, display, 1, 1, "%s",
				    clause_error_last());
		r = 0;
	} else if (r == 0) {
		r = load(c, out, display, b.ptr, b.len, probs);
	}
	clause_buf_release(&b);
	return r;
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
	for (size_t i = 0; path && i < nscope; i++) {
		size_t n = strlen(scope[i]);
		if (strncmp(path, scope[i], n) == 0 &&
		    (path[n] == '\0' || path[n] == '/' || scope[i][n - 1] == '/'))
			return 1;
	}
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

/* Free what only parsing needed: the XML tree and the source bytes. */
static void shed(struct clause_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nclauses; i++)
		doc->clauses[i].node = NULL;
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	doc->xml = NULL;
	free(doc->data);
	doc->data = NULL;
	doc->len = 0;
}

int clause_changed_load(struct clause_changed *out, struct clause_repo *repo,
			const char *old_rev, const char *new_rev,
			char **paths, size_t npaths,
			int (*each)(struct clause_changed_pair *pair,
				    void *payload),
			void *payload)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_commit *oc = NULL, *nc = NULL;
	git_tree *ot = NULL, *nt = NULL;
	git_diff *diff = NULL;
	char **spec = NULL;
	size_t nspec = 0;
	int r;

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
	if (!(spec = calloc(npaths + 1, sizeof(*spec)))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < npaths; i++) {
		if ((r = clause_repo_relpath(&spec[nspec], repo, paths[i])) < 0) {
			if (r == CLAUSE_EINVALID)
				clause_error_set("'%s' is outside the library",
						 paths[i]);
			goto done;
		}
		nspec++;
	}
	if (!npaths && repo->prefix && *repo->prefix) {
		if (!(spec[0] = strdup(repo->prefix))) {
			clause_error_set("out of memory");
			r = CLAUSE_ERROR;
			goto done;
		}
		nspec = 1;
	}
	/* An empty path is the whole library. */
	for (size_t i = 0; i < nspec; i++)
		if (!*spec[i]) {
			nspec = 0;
			break;
		}
	/* No pathspec for git: a document that moved into the scope from
	 * outside it is followed by its id, so adds and deletions outside
	 * are read too when there is something in scope to pair them with. */
	if ((r = clause_repo_commit_of(&oc, repo, old_rev)) < 0)
		goto done;
	if ((r = git_commit_tree(&ot, oc)) < 0) {
		r = clause_error_from_git(r, "cannot read the tree");
		goto done;
	}
	if (new_rev) {
		if ((r = clause_repo_commit_of(&nc, repo, new_rev)) < 0)
			goto done;
		if ((r = git_commit_tree(&nt, nc)) < 0) {
			r = clause_error_from_git(r, "cannot read the tree");
			goto done;
		}
		r = git_diff_tree_to_tree(&diff, repo->git, ot, nt, &opts);
	} else {
		opts.flags |= GIT_DIFF_INCLUDE_UNTRACKED |
			      GIT_DIFF_RECURSE_UNTRACKED_DIRS;
		r = git_diff_tree_to_workdir(&diff, repo->git, ot, &opts);
	}
	if (r < 0) {
		r = clause_error_from_git(r, "cannot compare the trees");
		goto done;
	}
	{
		size_t nd = git_diff_num_deltas(diff);
		int adds_in = 0, dels_in = 0;

		/* Which kinds of change are in scope: an add outside can only
		 * pair with a deletion inside, and the other way round. */
		for (size_t i = 0; i < nd; i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			if (d->status == GIT_DELTA_ADDED ||
			    d->status == GIT_DELTA_UNTRACKED)
				adds_in |= in_scope(d->new_file.path, spec, nspec);
			else if (d->status == GIT_DELTA_DELETED)
				dels_in |= in_scope(d->old_file.path, spec, nspec);
		}
		for (size_t i = 0; i < nd; i++) {
			const git_diff_delta *d = git_diff_get_delta(diff, i);
			struct clause_problems scratch = CLAUSE_PROBLEMS_INIT;
			struct clause_problems *probs = &out->problems;
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
			if (!scoped)
				probs = &scratch;	/* not ours to refuse */
			if (!(p = add_pair(out))) {
				r = CLAUSE_ERROR;
				goto done;
			}
			p->in_scope = scoped;
			if (has_old && ends_with_xml(d->old_file.path)) {
				p->old_display = labelled(old_rev, d->old_file.path);
				r = load_blob(out, &p->old, repo->git, &d->old_file.id,
					      p->old_display, probs);
			}
			if (r >= 0 && has_new && ends_with_xml(d->new_file.path)) {
				if (new_rev) {
					p->new_display = labelled(new_rev,
								  d->new_file.path);
					r = load_blob(out, &p->new, repo->git,
						      &d->new_file.id, p->new_display,
						      probs);
				} else {
					struct clause_buf fs = CLAUSE_BUF_INIT;
					p->new_display = worktree_display(repo,
									  d->new_file.path);
					clause_buf_printf(&fs, "%s%s", repo->workdir,
							  d->new_file.path);
					r = load_file(out, &p->new, fs.ptr,
						      p->new_display, probs);
					clause_buf_release(&fs);
				}
			}
			clause_problems_release(&scratch);
			if (r < 0)
				goto done;
			/* Both sides here: hand it over now, and drop its trees,
			 * so that memory holds one pair at a time. */
			if (each && p->old && p->new && p->in_scope) {
				if ((r = each(p, payload)) < 0)
					goto done;
				p->handed = 1;
				shed(p->old);
				shed(p->new);
			}
		}
	}
	pair_moves(out);
	for (size_t i = 0; each && i < out->n; i++) {
		struct clause_changed_pair *p = &out->v[i];
		if (p->handed)
			continue;
		if ((r = each(p, payload)) < 0)
			goto done;
		p->handed = 1;
		shed(p->old);
		shed(p->new);
	}
	r = 0;
done:
	for (size_t i = 0; spec && i <= npaths; i++)
		free(spec[i]);
	free(spec);
	git_diff_free(diff);
	git_tree_free(ot);
	git_tree_free(nt);
	git_commit_free(oc);
	git_commit_free(nc);
	return r;
}
