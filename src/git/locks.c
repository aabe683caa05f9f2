/* locks.c: a TA'd clause's text stays as agreed (git/locks.h). */
#include "git/locks.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct walk {
	struct clause_repo *repo;
	struct clause_library *lib;
	struct clause_problems *probs;
	int error;
	git_index *index;		/* git's, for its stat data; or NULL */
	struct timespec written;	/* when git's index was written */
};

/* Could `data` hold a <ta> element (or c:ta, any prefix)?  A cheap look
 * before parsing: false positives only cost a parse. */
static int may_hold_ta(const char *data, size_t len)
{
	for (const char *p = data; p && p + 3 < data + len;
	     p = memchr(p + 1, 't', (size_t)(data + len - p - 1))) {
		if (p > data && (p[-1] == '<' || p[-1] == ':') && p[1] == 'a' &&
		    (p[2] == ' ' || p[2] == '/' || p[2] == '>' || p[2] == '\n' ||
		     p[2] == '\t' || p[2] == '\r'))
			return 1;
	}
	return 0;
}

static struct clause_entry *entry_at(struct clause_library *lib,
				     const char *path)
{
	size_t lo = 0, hi = lib->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(lib->v[mid].path, path);
		if (c == 0)
			return &lib->v[mid];
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

static void describe(struct clause_buf *b, const struct clause_act *ta)
{
	clause_buf_printf(b, "tentatively agreed");
	if (ta->round)
		clause_buf_printf(b, " in round %s", ta->round);
	clause_buf_printf(b, " on %s by %s", ta->date, ta->by);
}

/* Are the acts of `was` up to and including its locking TA (index n-1)
 * the first n acts of `now`? */
static int acts_kept(const struct clause_clause *was, size_t n,
		     const struct clause_clause *now)
{
	if (now->nacts < n)
		return 0;
	for (size_t i = 0; i < n; i++) {
		const struct clause_act *a = &was->acts[i], *b = &now->acts[i];
		if (a->kind != b->kind || strcmp(a->date, b->date) != 0 ||
		    strcmp(a->by, b->by) != 0 ||
		    (a->round ? !b->round || strcmp(a->round, b->round) != 0
			      : b->round != NULL))
			return 0;
	}
	return 1;
}

/* The TA that locks c: its own, or its nearest locked parent's (a TA
 * covers the sub-clauses of what was agreed), with *owner the clause
 * that holds it; NULL when c is open. */
static const struct clause_act *locking_ta(const struct clause_doc *was,
					   const struct clause_clause *c,
					   const struct clause_clause **owner)
{
	for (size_t depth = 0; c && depth < was->nclauses; depth++) {
		const struct clause_act *ta = clause_clause_ta(c);
		if (ta) {
			*owner = c;
			return ta;
		}
		c = c->parent ? clause_doc_clause(was, c->parent) : NULL;
	}
	return NULL;
}

/* Hold the locked clauses of `was` (the committed version of a document
 * at `old_path`) against the new state of its document. */
static int hold(struct walk *w, const struct clause_doc *was,
		const char *old_path)
{
	struct clause_entry *e = clause_library_find(w->lib, was->id);
	struct clause_doc *now = NULL;
	int r = 0;

	if (e && !e->in_scope)
		return 0;
	if (!e && (e = entry_at(w->lib, old_path)) && e->broken)
		return 0;	/* its own problems say what is wrong */
	e = clause_library_find(w->lib, was->id);
	if (!e && !clause_library_path_in(old_path, w->lib->all ? "" :
					   w->repo->prefix ? w->repo->prefix : ""))
		return 0;
	if (e && (r = clause_library_reload(&now, w->lib, w->repo, e)) < 0)
		return r;
	for (size_t i = 0; i < was->nclauses; i++) {
		const struct clause_clause *c = &was->clauses[i], *owner;
		const struct clause_act *ta = locking_ta(was, c, &owner);
		const struct clause_clause *n, *n_owner;
		struct clause_buf why = CLAUSE_BUF_INIT;

		if (!ta)
			continue;
		n = now ? clause_doc_clause(now, c->id) : NULL;
		n_owner = now ? clause_doc_clause(now, owner->id) : NULL;
		clause_buf_printf(&why, "clause '%s' ", c->id);
		if (owner != c)
			clause_buf_printf(&why, "is part of '%s', which ", owner->id);
		clause_buf_puts(&why, owner != c ? "is " : "was ");
		describe(&why, ta);
		if (!n) {
			clause_problems_add(w->probs, now ? e->display : old_path,
					    now ? now->line : c->line,
					    now ? now->col : c->col,
					    "%s: it cannot be removed until the TA is "
					    "reopened (clause ta --reopen %s/%s)",
					    why.ptr, was->id, owner->id);
		} else if (owner == c &&
			   !acts_kept(c, (size_t)(ta - c->acts) + 1, n)) {
			clause_problems_add(w->probs, e->display, n->line, n->col,
					    "%s: that record cannot be removed or "
					    "changed; reopening it is an act of its "
					    "own (clause ta --reopen %s/%s)",
					    why.ptr, was->id, c->id);
		} else if (strcmp(n->hash, c->hash) != 0) {
			/* Reopened in the same change as the new words is no
			 * reopening: the table must see the TA withdrawn first. */
			if (n_owner && clause_clause_ta(n_owner))
				clause_problems_add(w->probs, e->display, n->line,
						    n->col, "%s: its text cannot change "
						    "until the TA is reopened (clause ta "
						    "--reopen %s/%s)", why.ptr, was->id,
						    owner->id);
			else
				clause_problems_add(w->probs, e->display, n->line,
						    n->col, "%s: reopen the TA as an act "
						    "of its own first (clause ta --reopen "
						    "%s/%s), then change the text", why.ptr,
						    was->id, owner->id);
		}
		clause_buf_release(&why);
	}
	clause_doc_free(now);
	return 0;
}

/* Whether git's index vouches for the work tree's file at `path`: its
 * entry holds blob `id`, the file's stat data is the entry's, and the
 * file was not changed in the second the index was written (git's
 * "racily clean"). */
static int index_vouches(const struct walk *w, const char *path,
			 const struct stat *st, const git_oid *id)
{
	const git_index_entry *ie;

	if (!w->index || !(ie = git_index_get_bypath(w->index, path, 0)))
		return 0;
	return git_oid_equal(&ie->id, id) &&
	       ie->file_size == (uint32_t)st->st_size &&
	       ie->ino == (uint32_t)st->st_ino &&
	       ie->mtime.seconds == (int32_t)st->st_mtim.tv_sec &&
	       ie->mtime.nanoseconds == (uint32_t)st->st_mtim.tv_nsec &&
	       (st->st_mtim.tv_sec < w->written.tv_sec ||
		(st->st_mtim.tv_sec == w->written.tv_sec &&
		 st->st_mtim.tv_nsec < w->written.tv_nsec));
}

/* Whether the work tree's file of entry e, read without its blob id (a
 * light library), holds blob te: git's index says so, or the file's hash
 * does.  Either costs far less than reading and inflating the blob to
 * look for a TA in it. */
static int same_file(const struct walk *w, const struct clause_entry *e,
		     const git_tree_entry *te)
{
	struct clause_buf full = CLAUSE_BUF_INIT;
	struct stat st;
	git_oid oid;
	int same;

	if (e->blob[0] || !w->repo->workdir || e->outside)
		return 0;
	clause_buf_printf(&full, "%s%s", w->repo->workdir, e->path);
	/* One too large to be a document is not read to hash it. */
	same = stat(full.ptr, &st) == 0 && st.st_size <= CLAUSE_MAX_DOC_BYTES &&
	       (index_vouches(w, e->path, &st, git_tree_entry_id(te)) ||
		(git_odb_hashfile(&oid, full.ptr, GIT_OBJECT_BLOB) == 0 &&
		 git_oid_equal(&oid, git_tree_entry_id(te))));
	git_error_clear();
	clause_buf_release(&full);
	return same;
}

static int visit(const char *root, const git_tree_entry *te, void *payload)
{
	struct walk *w = payload;
	struct clause_buf path = CLAUSE_BUF_INIT;
	struct clause_problems ignored = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *was = NULL;
	const struct clause_entry *e;
	const char *name = git_tree_entry_name(te);
	size_t len = strlen(name);
	git_blob *blob = NULL;
	char hex[41];
	int r = 0;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || len < 4 ||
	    strcmp(name + len - 4, ".xml") != 0)
		return 0;
	clause_buf_printf(&path, "%s%s", root, name);
	git_oid_tostr(hex, sizeof(hex), git_tree_entry_id(te));
	e = entry_at(w->lib, path.ptr);
	if (e && (strcmp(e->blob, hex) == 0 || same_file(w, e, te)))
		goto done;		/* unchanged */
	if (git_blob_lookup(&blob, w->repo->git, git_tree_entry_id(te)) < 0) {
		r = clause_error_from_git(GIT_ERROR, "cannot read a blob");
		goto done;
	}
	if (git_blob_rawsize(blob) > CLAUSE_MAX_DOC_BYTES ||
	    !may_hold_ta(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob)))
		goto done;
	/* What cannot be read as a document locks nothing. */
	if (clause_doc_load(&was, NULL, path.ptr, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob), 0, &ignored) == 0 && was)
		r = hold(w, was, path.ptr);
done:
	clause_doc_free(was);
	clause_problems_release(&ignored);
	git_blob_free(blob);
	clause_buf_release(&path);
	if (r < 0) {
		w->error = r;
		return -1;
	}
	return 0;
}

int clause_locks_check(struct clause_library *lib, struct clause_repo *repo,
		       const git_oid *old, struct clause_problems *probs)
{
	struct walk w = { repo, lib, probs, 0, NULL, { 0, 0 } };
	git_tree *tree = NULL;
	struct stat st;
	int r;

	if (!old || !repo->git)
		return 0;
	if ((r = git_tree_lookup(&tree, repo->git, old)) < 0)
		return clause_error_from_git(r, "cannot read the committed tree");
	/* Without git's index (or its file), every file is hashed. */
	if (repo->workdir && git_repository_index(&w.index, repo->git) == 0 &&
	    git_index_path(w.index) && stat(git_index_path(w.index), &st) == 0) {
		w.written = st.st_mtim;
	} else {
		git_index_free(w.index);
		w.index = NULL;
	}
	git_error_clear();
	r = git_tree_walk(tree, GIT_TREEWALK_PRE, visit, &w);
	git_index_free(w.index);
	git_tree_free(tree);
	if (w.error)
		return w.error;
	return r < 0 ? clause_error_from_git(r, "cannot read the committed tree") : 0;
}

int clause_locks_check_head(struct clause_library *lib,
			    struct clause_repo *repo,
			    struct clause_problems *probs)
{
	git_commit *head = NULL;
	git_oid oid;
	int r;

	if (!repo->git)
		return 0;
	if ((r = git_reference_name_to_id(&oid, repo->git, "HEAD")) < 0) {
		git_error_clear();	/* unborn: nothing is agreed yet */
		return 0;
	}
	if ((r = git_commit_lookup(&head, repo->git, &oid)) < 0)
		return clause_error_from_git(r, "cannot read HEAD");
	r = clause_locks_check(lib, repo, git_commit_tree_id(head), probs);
	git_commit_free(head);
	return r;
}
