/* mergetree.c: join two histories of a library, clause by clause.
 *
 * git's own tree merge does the files that only one side changed; every
 * XML file both sides changed is merged again by clause_merge_doc (a line
 * merge conflicts on neighbouring clauses and can stitch clauses together
 * wrongly); a clause both sides moved out of one document into two
 * different ones is then settled as one conflict (moves_apart).  A clean
 * result is validated and committed with both parents;
 * conflicts are written into the documents, in the work tree and index,
 * with MERGE_HEAD recorded so that `clause commit` makes the merge commit
 * once they are resolved.
 */
#include "merge/merge.h"
#include "util/buf.h"
#include "util/error.h"
#include "git/library.h"
#include "util/map.h"
#include "git/remote.h"
#include "git/repo.h"
#include "doc/doc.h"
#include "doc/xml.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int collect_paths(const git_diff_delta *delta, float progress,
			 void *payload)
{
	(void)progress;
	clause_map_put(payload, delta->new_file.path, (void *)1, NULL);
	if (strcmp(delta->old_file.path, delta->new_file.path) != 0)
		clause_map_put(payload, delta->old_file.path, (void *)1, NULL);
	return 0;
}

/* Paths that differ between two trees. */
static int changed_paths(struct clause_map *out, git_repository *git,
			 git_tree *a, git_tree *b)
{
	git_diff *diff = NULL;
	int r = git_diff_tree_to_tree(&diff, git, a, b, NULL);

	if (r == 0)
		r = git_diff_foreach(diff, collect_paths, NULL, NULL, NULL, out);
	git_diff_free(diff);
	return r;
}

/* The bytes of `path` in tree, into b; *present 0 when it is not there. */
static int blob_at(struct clause_buf *b, int *present, git_repository *git,
		   git_tree *tree, const char *path)
{
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	int r;

	*present = 0;
	if (!tree || git_tree_entry_bypath(&te, tree, path) < 0) {
		git_error_clear();
		return 0;
	}
	r = git_blob_lookup(&blob, git, git_tree_entry_id(te));
	if (r == 0) {
		*present = 1;
		r = clause_buf_put(b, git_blob_rawcontent(blob),
				   (size_t)git_blob_rawsize(blob));
	}
	git_blob_free(blob);
	git_tree_entry_free(te);
	return r;
}

/* Put merged bytes at `path` in the (in-memory) index, resolving any
 * conflict there. */
static int stage_bytes(git_repository *git, git_index *index, const char *path,
		       const struct clause_buf *b)
{
	git_index_entry e;
	int r;

	memset(&e, 0, sizeof(e));
	e.path = path;
	e.mode = GIT_FILEMODE_BLOB;
	if ((r = git_blob_create_from_buffer(&e.id, git, b->ptr, b->len)) < 0)
		return r;
	git_index_conflict_remove(index, path);
	git_error_clear();
	return git_index_add(index, &e);
}

/* Does the work tree or index hold changes to tracked files? */
static int dirty(int *out, git_repository *git)
{
	git_status_options so = GIT_STATUS_OPTIONS_INIT;
	git_status_list *list = NULL;
	int r;

	so.show = GIT_STATUS_SHOW_INDEX_AND_WORKDIR;
	so.flags = GIT_STATUS_OPT_EXCLUDE_SUBMODULES;
	if ((r = git_status_list_new(&list, git, &so)) < 0)
		return r;
	*out = git_status_list_entrycount(list) > 0;
	git_status_list_free(list);
	return 0;
}

static int write_file(const char *dir, const char *name, const char *text)
{
	struct clause_buf path = CLAUSE_BUF_INIT;
	FILE *f;
	int r = 0;

	clause_buf_printf(&path, "%s%s", dir, name);
	if (!(f = fopen(path.ptr, "w")) || fputs(text, f) < 0 || fclose(f) != 0) {
		clause_error_set("cannot write '%s': %s", path.ptr, strerror(errno));
		r = CLAUSE_ERROR;
	}
	clause_buf_release(&path);
	return r;
}

/* The trees a merge joins, and what it stages. */
struct joining {
	git_repository *git;
	git_tree *base, *ours, *theirs;	/* base NULL: no common history */
	git_index *index;		/* git's merge of the trees, amended */
	const char *their_label;	/* "origin/main" */
	size_t conflicts;		/* clause conflicts written */
	struct clause_buf files;	/* the files that hold them */
};

/* Name `path` among the files that hold conflicts, once. */
static void note_file(struct joining *j, const char *path)
{
	size_t n = strlen(path);

	for (const char *p = j->files.ptr; (p = strstr(p, path)); p += n)
		if ((p == j->files.ptr || p[-1] == ' ') &&
		    (p[n] == ',' || p[n] == '\0'))
			return;
	clause_buf_printf(&j->files, "%s%s", j->files.len ? ", " : "", path);
}

/* Merge file `path`, which both sides changed, clause by clause, into
 * the index. */
static int merge_file(struct joining *j, const char *path)
{
	struct clause_buf b = CLAUSE_BUF_INIT, o = CLAUSE_BUF_INIT;
	struct clause_buf t = CLAUSE_BUF_INIT, m = CLAUSE_BUF_INIT;
	int r, hb, ho, ht;

	if ((r = blob_at(&b, &hb, j->git, j->base, path)) < 0 ||
	    (r = blob_at(&o, &ho, j->git, j->ours, path)) < 0 ||
	    (r = blob_at(&t, &ht, j->git, j->theirs, path)) < 0) {
		r = clause_error_from_git(r, "cannot read a document");
		goto done;
	}
	if (ho && ht) {
		struct clause_merge_input ib = { hb ? b.ptr : NULL, b.len,
						 "merge base" };
		struct clause_merge_input io = { o.ptr, o.len, "ours" };
		struct clause_merge_input it = { t.ptr, t.len, j->their_label };
		struct clause_problems p = CLAUSE_PROBLEMS_INIT;
		size_t c = 0;

		r = clause_merge_doc(&m, &c, path, &ib, &io, &it, &p);
		clause_problems_release(&p);
		if (r == CLAUSE_EINVALID) {
			r = 0;	/* not clause documents: git's result */
			goto done;
		}
		if (r < 0)
			goto done;
		if ((r = stage_bytes(j->git, j->index, path, &m)) < 0) {
			r = clause_error_from_git(r, "cannot stage a merge");
			goto done;
		}
		if (c)
			note_file(j, path);
		j->conflicts += c;
	} else if (ho != ht) {
		/* Removed on one side, changed on the other: the changed
		 * document stays, so no text is lost. */
		if ((r = stage_bytes(j->git, j->index, path, ho ? &o : &t)) < 0)
			r = clause_error_from_git(r, "cannot stage a merge");
	}
done:
	clause_buf_release(&b);
	clause_buf_release(&o);
	clause_buf_release(&t);
	clause_buf_release(&m);
	return r;
}

/* ---- a clause the two sides moved into two different documents --------- */

/* The clause documents of one tree, loaded when first asked for. */
struct tree_docs {
	git_repository *git;
	git_tree *tree;
	struct clause_map loaded;	/* path -> struct clause_doc *, or
					 * (void *)1: none there */
};

static void tree_docs_release(struct tree_docs *t)
{
	for (size_t i = 0; i < t->loaded.cap; i++)
		if (t->loaded.slots[i].key && t->loaded.slots[i].value != (void *)1)
			clause_doc_free(t->loaded.slots[i].value);
	clause_map_release(&t->loaded, NULL);
}

static struct clause_doc *doc_in(struct tree_docs *t, const char *path)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct clause_doc *doc = clause_map_get(&t->loaded, path);
	int present = 0;

	if (doc)
		return doc == (void *)1 ? NULL : doc;
	if (blob_at(&b, &present, t->git, t->tree, path) < 0 || !present ||
	    clause_doc_load(&doc, NULL, path, b.ptr, b.len, 0, &probs) < 0)
		doc = NULL;
	clause_error_clear();
	clause_problems_release(&probs);
	clause_buf_release(&b);
	clause_map_put(&t->loaded, path, doc ? (void *)doc : (void *)1, NULL);
	return doc;
}

static int is_xml_path(const char *path)
{
	size_t n = path ? strlen(path) : 0;

	return n > 4 && strcmp(path + n - 4, ".xml") == 0;
}

/* Where a side put the clause of version `hash` that it took out of
 * document `from`: a top-level clause of that version in another
 * document it changed, which the base's version of that document has
 * not.  1 and *path, *id (borrowed), or 0. */
static int moved_to(const char **path, const char **id, struct tree_docs *side,
		    struct tree_docs *base, const struct clause_map *changed,
		    const char *from, const char *hash)
{
	for (size_t i = 0; i < changed->cap; i++) {
		const char *p = changed->slots[i].key;
		struct clause_doc *d, *b;

		if (!p || !is_xml_path(p) || strcmp(p, from) == 0 ||
		    !(d = doc_in(side, p)))
			continue;
		b = doc_in(base, p);
		for (size_t k = 0; k < d->nclauses; k++) {
			const struct clause_clause *c = &d->clauses[k];
			if (c->parent || strcmp(c->hash, hash) != 0 ||
			    (b && clause_doc_clause(b, c->id)))
				continue;
			*path = p;
			*id = c->id;
			return 1;
		}
	}
	return 0;
}

/* The merged bytes of `path` so far: the index's. */
static int merged_bytes(struct clause_buf *out, struct joining *j,
			const char *path)
{
	const git_index_entry *e = git_index_get_bypath(j->index, path, 0);
	git_blob *blob = NULL;
	int r;

	if (!e) {
		clause_error_set("'%s' is not in the merge", path);
		return CLAUSE_ERROR;
	}
	if ((r = git_blob_lookup(&blob, j->git, &e->id)) < 0)
		return clause_error_from_git(r, "cannot read a merged document");
	clause_buf_clear(out);
	r = clause_buf_put(out, git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob));
	git_blob_free(blob);
	return r;
}

/* Clause `id` of document `from` went to document `po` (id `io`) on our
 * side and to `pt` (id `it`) on theirs: one conflict in ours' place
 * (clause_merge_apart), theirs' copy gone. */
static int settle_apart(struct joining *j, const char *from, const char *id,
			const char *po, const char *io, const char *pt,
			const char *it)
{
	struct clause_buf o = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT;
	struct clause_buf t = CLAUSE_BUF_INIT, mo = CLAUSE_BUF_INIT;
	struct clause_buf mt = CLAUSE_BUF_INIT;
	int present = 0, r;

	if ((r = merged_bytes(&o, j, po)) == 0 &&
	    (r = merged_bytes(&t, j, pt)) == 0 &&
	    (r = blob_at(&b, &present, j->git, j->base, from)) == 0) {
		struct clause_merge_apart a = {
			{ po, from, pt },
			{ { o.ptr, o.len, "ours" }, { b.ptr, b.len, "merge base" },
			  { t.ptr, t.len, j->their_label } },
			{ io, id, it }
		};
		if ((r = clause_merge_apart(&mo, &mt, &a)) == 0 &&
		    ((r = stage_bytes(j->git, j->index, po, &mo)) < 0 ||
		     (r = stage_bytes(j->git, j->index, pt, &mt)) < 0))
			r = clause_error_from_git(r, "cannot stage a merge");
	}
	if (r == 0) {
		note_file(j, po);
		j->conflicts++;
	}
	clause_buf_release(&o);
	clause_buf_release(&b);
	clause_buf_release(&t);
	clause_buf_release(&mo);
	clause_buf_release(&mt);
	return r;
}

/* Clause `id` of document `from` went to document `to` (id `moved`) on
 * `side` ("ours", "theirs"), while the other side changed it in `from`:
 * the conflict there holds the moved copy, taken out of `to`. */
static int settle_out(struct joining *j, const char *from, const char *id,
		      const char *side, const char *to, const char *moved)
{
	struct clause_buf f = CLAUSE_BUF_INIT, t = CLAUSE_BUF_INIT;
	struct clause_buf mf = CLAUSE_BUF_INIT, mt = CLAUSE_BUF_INIT;
	int r;

	if ((r = merged_bytes(&f, j, from)) == 0 &&
	    (r = merged_bytes(&t, j, to)) == 0) {
		struct clause_merge_apart a = {
			{ from, NULL, to },
			{ { f.ptr, f.len, NULL }, { NULL, 0, NULL },
			  { t.ptr, t.len, NULL } },
			{ id, NULL, moved }
		};
		if ((r = clause_merge_moved_out(&mf, &mt, &a, side)) == 0 &&
		    ((r = stage_bytes(j->git, j->index, from, &mf)) < 0 ||
		     (r = stage_bytes(j->git, j->index, to, &mt)) < 0))
			r = clause_error_from_git(r, "cannot stage a merge");
	}
	clause_buf_release(&f);
	clause_buf_release(&t);
	clause_buf_release(&mf);
	clause_buf_release(&mt);
	return r < 0 ? r : 0;
}

/* A clause both sides took out of a document, each into another one of
 * its own choosing, would stand twice: each document's merge is clean on
 * its own.  So would one that a side moved to another document while the
 * other changed it where it was, once the conflict that leaves is
 * resolved for the changing side.  Found by its version (the move kept
 * its words); each settled as one conflict. */
static int moves_apart(struct joining *j, const struct clause_map *in_ours,
		       const struct clause_map *in_theirs)
{
	struct tree_docs b = { j->git, j->base, CLAUSE_MAP_INIT };
	struct tree_docs o = { j->git, j->ours, CLAUSE_MAP_INIT };
	struct tree_docs t = { j->git, j->theirs, CLAUSE_MAP_INIT };
	int r = 0;

	for (size_t i = 0; j->base && r == 0 && i < in_theirs->cap; i++) {
		const char *from = in_theirs->slots[i].key;
		struct clause_doc *db, *dob, *dt;

		if (!from || !is_xml_path(from) || !clause_map_get(in_ours, from) ||
		    !(db = doc_in(&b, from)))
			continue;
		dob = doc_in(&o, from);
		dt = doc_in(&t, from);
		for (size_t k = 0; r == 0 && k < db->nclauses; k++) {
			const struct clause_clause *c = &db->clauses[k];
			const char *po, *io, *pt, *it;

			int ko = dob && clause_doc_clause(dob, c->id);
			int kt = dt && clause_doc_clause(dt, c->id);

			if (c->parent || (ko && kt))
				continue;	/* kept by both */
			po = pt = NULL;
			if (!ko)
				moved_to(&po, &io, &o, &b, in_ours, from, c->hash);
			if (!kt)
				moved_to(&pt, &it, &t, &b, in_theirs, from, c->hash);
			if (po && pt && strcmp(po, pt) != 0)
				r = settle_apart(j, from, c->id, po, io, pt, it);
			else if (po && kt)
				r = settle_out(j, from, c->id, "ours", po, io);
			else if (pt && ko)
				r = settle_out(j, from, c->id, "theirs", pt, it);
		}
	}
	tree_docs_release(&b);
	tree_docs_release(&o);
	tree_docs_release(&t);
	return r;
}

/* Files git could not merge that are not clause documents: refused, as
 * clause cannot resolve them. */
static int refuse_text_conflicts(struct joining *j)
{
	git_index_conflict_iterator *it = NULL;
	const git_index_entry *a, *o, *t;
	struct clause_buf left = CLAUSE_BUF_INIT;

	if (!git_index_has_conflicts(j->index))
		return 0;
	if (git_index_conflict_iterator_new(&it, j->index) == 0)
		while (git_index_conflict_next(&a, &o, &t, it) == 0 &&
		       left.len < 600) {
			const char *p = o ? o->path : t ? t->path : a->path;
			clause_buf_printf(&left, "%s'%s'", left.len ? ", " : "", p);
		}
	git_index_conflict_iterator_free(it);
	clause_error_set("files that are not clause documents conflict "
			 "(%s): merge '%s' with git instead; nothing was "
			 "changed", left.ptr, j->their_label);
	clause_buf_release(&left);
	return CLAUSE_EINVALID;
}

/* A clean merge must also be a valid library. */
static int check_merged(struct clause_repo *repo, git_tree *merged)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	int r;

	lib.all = 1;
	lib.light = 1;
	if ((r = clause_library_load_tree(&lib, repo, merged, NULL, NULL, 0)) == 0 &&
	    (r = clause_library_check(&lib, &probs)) == 0 &&
	    (probs.n || lib.problems.n)) {
		const struct clause_problem *p = probs.n ? &probs.v[0]
							 : &lib.problems.v[0];
		clause_error_set("the merged library would be invalid "
				 "(%s:%u:%u: %s); nothing was changed",
				 p->path, p->line, p->col, p->message);
		r = CLAUSE_EINVALID;
	}
	clause_problems_release(&probs);
	clause_library_release(&lib);
	return r;
}

/* The work tree and git's index follow the merged tree; safe, as the
 * work tree is clean. */
static int check_out(git_repository *git, git_tree *merged)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_index *index = NULL;
	int r;

	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	if ((r = git_checkout_tree(git, (const git_object *)merged, &co)) < 0)
		return clause_error_from_git(r, "cannot update the work tree");
	if ((r = git_repository_index(&index, git)) == 0 &&
	    (r = git_index_read_tree(index, merged)) == 0)
		r = git_index_write(index);
	git_index_free(index);
	return r < 0 ? clause_error_from_git(r, "cannot write the index") : 0;
}

/* Conflicts written: the user resolves them, and clause commit then makes
 * the merge commit from MERGE_HEAD. */
static int leave_conflicts(struct joining *j, git_commit *theirs,
			   const char *msg)
{
	char hex[GIT_OID_HEXSZ + 2];
	int r;

	git_oid_tostr(hex, GIT_OID_HEXSZ + 1, git_commit_id(theirs));
	strcat(hex, "\n");
	if ((r = write_file(git_repository_path(j->git), "MERGE_HEAD", hex)) < 0 ||
	    (r = write_file(git_repository_path(j->git), "MERGE_MSG", msg)) < 0)
		return r;
	clause_error_set("%zu clause conflict%s written into %s: keep the "
			 "version that should stand in place of each "
			 "<conflict> element (clause resolve --ours or "
			 "--theirs does it), then clause commit; clause merge "
			 "--abort undoes the merge", j->conflicts,
			 j->conflicts == 1 ? "" : "s", j->files.ptr);
	return CLAUSE_ECONFLICT;
}

/* A merge's checkout that failed, taken back at once; its error stays
 * the one reported.  Should that fail too, the next writer tries again
 * (git/repo.h). */
static void undo_checkout(struct clause_repo *repo)
{
	char *why = strdup(clause_error_last());

	(void)clause_repo_plan_undo(repo);
	clause_error_set("%s", why ? why : "out of memory");
	free(why);
}

/* The current branch moves to merge commit `id`. */
static int move_branch(git_repository *git, const git_oid *id,
		       const char *their_label)
{
	git_reference *head = NULL, *moved = NULL;
	struct clause_buf log = CLAUSE_BUF_INIT;
	int r;

	clause_buf_printf(&log, "pull: merge %s", their_label);
	if ((r = git_repository_head(&head, git)) < 0 ||
	    (r = git_reference_set_target(&moved, head, id, log.ptr)) < 0)
		r = clause_error_from_git(r, "cannot move the branch");
	git_reference_free(moved);
	git_reference_free(head);
	clause_buf_release(&log);
	return r;
}

/* The trees of the merge base (if any), ours and theirs, git's merge of
 * them into j->index, and the paths each side changed. */
static int join_trees(struct joining *j, struct clause_map *in_ours,
		      struct clause_map *in_theirs, git_commit *ours,
		      git_commit *theirs)
{
	git_commit *base = NULL;
	git_oid base_id;
	int r = 0;

	if (git_merge_base(&base_id, j->git, git_commit_id(ours),
			   git_commit_id(theirs)) == 0)
		r = git_commit_lookup(&base, j->git, &base_id);
	git_error_clear();
	if (r < 0 || (base && (r = git_commit_tree(&j->base, base)) < 0) ||
	    (r = git_commit_tree(&j->ours, ours)) < 0 ||
	    (r = git_commit_tree(&j->theirs, theirs)) < 0 ||
	    (r = git_merge_trees(&j->index, j->git, j->base, j->ours, j->theirs,
				 NULL)) < 0 ||
	    (r = changed_paths(in_ours, j->git, j->base, j->ours)) < 0 ||
	    (r = changed_paths(in_theirs, j->git, j->base, j->theirs)) < 0)
		r = clause_error_from_git(r, "cannot merge the trees");
	git_commit_free(base);
	return r;
}

int clause_merge_commits(git_oid *out, size_t *nconflicts,
			 struct clause_repo *repo, git_commit *ours,
			 git_commit *theirs, const char *their_label)
{
	struct joining j = { repo->git, NULL, NULL, NULL, NULL, their_label, 0,
			     CLAUSE_BUF_INIT };
	struct clause_map in_ours = CLAUSE_MAP_INIT, in_theirs = CLAUSE_MAP_INIT;
	struct clause_buf msg = CLAUSE_BUF_INIT;
	git_signature *author = NULL, *committer = NULL;
	git_tree *merged = NULL;
	git_oid tree_id;
	int r, is_dirty = 0;

	*nconflicts = 0;
	if ((r = dirty(&is_dirty, repo->git)) < 0) {
		r = clause_error_from_git(r, "cannot read the work tree");
		goto done;
	}
	if (is_dirty) {
		clause_error_set("the work tree has uncommitted changes: commit "
				 "them before merging '%s'; nothing was changed",
				 their_label);
		r = CLAUSE_EINVALID;
		goto done;
	}
	if ((r = clause_repo_signature(&author, repo, 0)) < 0 ||
	    (r = clause_repo_signature(&committer, repo, 1)) < 0 ||
	    (r = join_trees(&j, &in_ours, &in_theirs, ours, theirs)) < 0)
		goto done;
	/* Every XML file both sides changed: merged clause by clause. */
	for (size_t i = 0; i < in_theirs.cap; i++) {
		const char *path = in_theirs.slots[i].key;
		size_t n = strlen(path ? path : "");

		if (!path || !clause_map_get(&in_ours, path) || n < 5 ||
		    strcmp(path + n - 4, ".xml") != 0)
			continue;
		if ((r = merge_file(&j, path)) < 0)
			goto done;
	}
	if ((r = refuse_text_conflicts(&j)) < 0 ||
	    (r = moves_apart(&j, &in_ours, &in_theirs)) < 0)
		goto done;
	if ((r = git_index_write_tree_to(&tree_id, j.index, repo->git)) < 0 ||
	    (r = git_tree_lookup(&merged, repo->git, &tree_id)) < 0) {
		r = clause_error_from_git(r, "cannot write the merged tree");
		goto done;
	}
	clause_buf_printf(&msg, "Merge %s\n", their_label);
	if (!j.conflicts) {
		/* The commit first, with no ref: if the work tree cannot
		 * follow, nothing anyone sees has changed. */
		const git_commit *parents[2] = { ours, theirs };
		if ((r = check_merged(repo, merged)) < 0)
			goto done;
		if ((r = git_commit_create(out, repo->git, NULL, author, committer,
					   NULL, msg.ptr, merged, 2, parents)) < 0) {
			r = clause_error_from_git(r, "cannot create the merge commit");
			goto done;
		}
	}
	/* The plan first (git/repo.h): cut short from here until the
	 * branch moves or the merge state is written, the checkout is
	 * taken back. */
	if ((r = clause_repo_plan(repo, git_commit_id(ours), &tree_id)) < 0)
		goto done;
	if ((r = check_out(repo->git, merged)) == 0) {
		if (j.conflicts) {
			*nconflicts = j.conflicts;
			r = leave_conflicts(&j, theirs, msg.ptr);
		} else {
			r = move_branch(repo->git, out, their_label);
		}
	}
	if (r == 0 || r == CLAUSE_ECONFLICT)
		clause_repo_plan_done(repo);
	else
		undo_checkout(repo);
done:
	clause_map_release(&in_ours, NULL);
	clause_map_release(&in_theirs, NULL);
	clause_buf_release(&j.files);
	clause_buf_release(&msg);
	git_signature_free(author);
	git_signature_free(committer);
	git_index_free(j.index);
	git_tree_free(j.base);
	git_tree_free(j.ours);
	git_tree_free(j.theirs);
	git_tree_free(merged);
	return r;
}

/* The step that joins diverged histories in pull and merge. */
static int clause_level_merge(git_oid *out, struct clause_repo *repo,
			      git_commit *ours, git_commit *theirs,
			      const char *their_label, void *payload)
{
	size_t conflicts;

	(void)payload;
	return clause_merge_commits(out, &conflicts, repo, ours, theirs,
				    their_label);
}

const struct clause_merge_step clause_merge_step = { clause_level_merge, NULL };
