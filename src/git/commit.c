/* commit.c: commit the work tree, after validating the tree to be
 * committed in a trial whose objects stay in memory. */
#include "git/commit.h"
#include "git/locks.h"
#include "git/library.h"
#include "util/buf.h"
#include "util/error.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Does top-relative `path` name something in the work tree or the index
 * (a file deleted from the work tree is still a change to commit)? */
static int path_known(struct clause_repo *repo, const char *path)
{
	struct clause_buf fs = CLAUSE_BUF_INIT;
	git_index *index = NULL;
	struct stat st;
	int known;

	clause_buf_printf(&fs, "%s%s", repo->workdir, path);
	known = lstat(fs.ptr, &st) == 0;
	clause_buf_release(&fs);
	if (!known && git_repository_index(&index, repo->git) == 0) {
		size_t n = strlen(path);
		for (size_t i = 0; i < git_index_entrycount(index) && !known; i++) {
			const git_index_entry *e = git_index_get_byindex(index, i);
			known = strncmp(e->path, path, n) == 0 &&
				(e->path[n] == '\0' || e->path[n] == '/');
		}
		git_index_free(index);
	}
	git_error_clear();
	return known;
}

/* Stage the work tree's state of `spec` (everything when NULL) in index:
 * new and modified files, and deletions. */
static int stage(git_index *index, const git_strarray *spec)
{
	int r = git_index_add_all(index, spec, GIT_INDEX_ADD_DEFAULT, NULL, NULL);

	if (r == 0)
		r = git_index_update_all(index, spec, NULL, NULL);
	return r;
}

/* The commit HEAD names, or NULL on an unborn branch. */
static int head_commit(git_commit **out, git_repository *git)
{
	git_object *obj = NULL;
	int r = git_repository_head_unborn(git);

	*out = NULL;
	if (r == 1)
		return 0;
	if (r == 0)
		r = git_revparse_single(&obj, git, "HEAD^{commit}");
	if (r < 0)
		return clause_error_from_git(r, "cannot read HEAD");
	*out = (git_commit *)obj;
	return 0;
}

/* The commit MERGE_HEAD names (a merge in progress), or NULL. */
static int merge_head(git_commit **out, git_repository *git)
{
	git_reference *ref = NULL;
	int r;

	*out = NULL;
	r = git_reference_lookup(&ref, git, "MERGE_HEAD");
	if (r == GIT_ENOTFOUND) {
		git_error_clear();
		return 0;
	}
	if (r == 0)
		r = git_commit_lookup(out, git, git_reference_target(ref));
	git_reference_free(ref);
	return r < 0 ? clause_error_from_git(r, "cannot read MERGE_HEAD") : 0;
}

/*
 * Stage the changes in git's index (in memory, never written here) and
 * write the tree a commit would record: every change (spec NULL), or
 * HEAD's tree plus the paths in spec only, as git commit PATH (what else
 * is staged stays staged, out of the commit).  *index_out is the staged
 * index, which the caller writes after committing.
 */
static int build_tree(git_oid *out, git_index **index_out, git_repository *git,
		      git_commit *head, const git_strarray *spec)
{
	git_index *index = NULL, *only = NULL;
	git_tree *htree = NULL;
	int r;

	*index_out = NULL;
	if ((r = git_repository_index(&index, git)) < 0 ||
	    (r = git_index_read(index, 0)) < 0 ||
	    (r = stage(index, spec)) < 0)
		goto done;
	if (!spec) {
		r = git_index_write_tree(out, index);
		goto done;
	}
	if ((r = git_index_new(&only)) < 0)
		goto done;
	if (head && ((r = git_commit_tree(&htree, head)) < 0 ||
		     (r = git_index_read_tree(only, htree)) < 0))
		goto done;
	/* add_all needs an index that belongs to the repository. */
	git_repository_set_index(git, only);
	if ((r = stage(only, spec)) == 0)
		r = git_index_write_tree(out, only);
	git_repository_set_index(git, index);
done:
	if (r < 0) {
		r = clause_error_from_git(r, "cannot stage the changes");
		git_index_free(index);
		index = NULL;
	}
	*index_out = index;
	git_tree_free(htree);
	git_index_free(only);
	return r;
}

/* The paths given on the command line as a pathspec of top-relative
 * paths (*rel, npaths of them, the caller frees each and the array);
 * a path outside the library or matching nothing is refused. */
static int commit_paths(char ***rel_out, struct clause_repo *repo,
			char **paths, size_t npaths)
{
	char **rel = calloc(npaths, sizeof(*rel));
	int r;

	if (!(*rel_out = rel)) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < npaths; i++) {
		if ((r = clause_repo_relpath(&rel[i], repo, paths[i])) < 0) {
			if (r == CLAUSE_EINVALID)
				clause_error_set("'%s' is outside the library",
						 paths[i]);
			return r;
		}
		if (!*rel[i]) {
			free(rel[i]);
			rel[i] = strdup(".");
		} else if (!path_known(repo, rel[i])) {
			clause_error_set("'%s' did not match any file", paths[i]);
			return CLAUSE_ERROR;
		}
	}
	return 0;
}

/* A second handle on the repository of `repo` whose object database
 * writes to memory: what is staged and written there leaves no object
 * behind. */
static int open_trial(git_repository **out, struct clause_repo *repo)
{
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	int r;

	*out = NULL;
	if ((r = git_repository_open(out, git_repository_path(repo->git))) < 0 ||
	    (r = git_repository_odb(&odb, *out)) < 0 ||
	    (r = git_mempack_new(&mem)) < 0)
		goto done;
	/* The highest priority: every write of the trial lands in memory. */
	if ((r = git_odb_add_backend(odb, mem, 1000)) < 0)
		mem->free(mem);	/* not taken by the odb */
done:
	git_odb_free(odb);
	if (r < 0) {
		git_repository_free(*out);
		*out = NULL;
		return clause_error_from_git(r, "cannot open the library");
	}
	return 0;
}

/* Validate tree `tree_oid` of the trial repository as a whole library:
 * the problems go to probs, CLAUSE_EINVALID when there are any. */
static int validate_tree(struct clause_repo *repo, git_repository *trial,
			 const git_oid *tree_oid, git_commit *head,
			 struct clause_problems *probs)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo trial_repo = *repo;
	git_tree *tree = NULL;
	int r;

	if ((r = git_tree_lookup(&tree, trial, tree_oid)) < 0)
		return clause_error_from_git(r, "cannot read the new tree");
	trial_repo.git = trial;
	lib.all = 1;
	lib.light = 1;
	if ((r = clause_library_load_tree(&lib, &trial_repo, tree, NULL, NULL, 0)) < 0)
		goto done;
	for (size_t i = 0; i < lib.problems.n; i++)
		clause_problems_add(probs, lib.problems.v[i].path,
				    lib.problems.v[i].line, lib.problems.v[i].col,
				    "%s", lib.problems.v[i].message);
	if ((r = clause_library_check(&lib, probs)) < 0 ||
	    (r = clause_locks_check(&lib, &trial_repo,
				    head ? git_commit_tree_id(head) : NULL,
				    probs)) < 0)
		goto done;
	if (probs->n)
		r = CLAUSE_EINVALID;
done:
	clause_library_release(&lib);
	git_tree_free(tree);
	return r;
}

/* Stage for real, check that the tree is the one validated (tree_oid),
 * and commit it: the branch moves first (atomically, through its lock
 * file), then the index is written.  If the branch cannot move, nothing
 * has changed. */
static int commit_tree(git_oid *out, struct clause_repo *repo,
		       const git_oid *tree_oid, git_commit *head,
		       git_commit *merging, const git_strarray *spec,
		       const git_signature *author,
		       const git_signature *committer, const char *msg)
{
	git_index *index = NULL;
	git_tree *tree = NULL;
	git_oid real_oid;
	/* A merge left to resolve (clause pull) has its second parent in
	 * MERGE_HEAD. */
	const git_commit *parents[2] = { head, merging };
	int r;

	if ((r = build_tree(&real_oid, &index, repo->git, head, spec)) < 0)
		goto done;
	if (!git_oid_equal(&real_oid, tree_oid)) {
		clause_error_set("the work tree changed while committing; try again");
		r = CLAUSE_ERROR;
		goto done;
	}
	if ((r = git_tree_lookup(&tree, repo->git, &real_oid)) < 0) {
		r = clause_error_from_git(r, "cannot read the new tree");
		goto done;
	}
	if ((r = git_commit_create(out, repo->git, "HEAD", author, committer,
				   NULL, msg, tree, head ? (merging ? 2 : 1) : 0,
				   parents)) < 0) {
		r = clause_error_from_git(r, "cannot create the commit");
		goto done;
	}
	if (merging)
		git_repository_state_cleanup(repo->git);
	if ((r = git_index_write(index)) < 0)
		r = clause_error_from_git(r, "committed, but cannot write the "
					  "index (run git reset to refresh it)");
done:
	if (r < 0 && index)
		git_index_read(index, 1);	/* drop what was staged in memory */
	git_index_free(index);
	git_tree_free(tree);
	return r;
}

int clause_commit_worktree(git_oid *out, struct clause_repo *repo,
			   const char *msg, char **paths, size_t npaths,
			   struct clause_problems *probs)
{
	git_repository *trial = NULL;
	git_index *trial_index = NULL;
	git_commit *head = NULL, *trial_head = NULL, *merging = NULL;
	git_signature *author = NULL, *committer = NULL;
	git_buf pretty = GIT_BUF_INIT;
	git_strarray spec = { NULL, 0 };
	git_oid tree_oid, empty_tree;
	char **rel = NULL;
	int r, locked = 0;

	git_oid_fromstr(&empty_tree, "4b825dc642cb6eb9a060e54bf8d69288fbee4904");
	if (!repo->git || !repo->workdir) {
		clause_error_set("not in a clause library with a work tree");
		return CLAUSE_ERROR;
	}
	/* Identity first: fail before anything is staged. */
	if ((r = clause_repo_signature(&author, repo, 0)) < 0 ||
	    (r = clause_repo_signature(&committer, repo, 1)) < 0)
		goto done;
	if ((r = git_message_prettify(&pretty, msg, 0, 0)) < 0 || !pretty.size) {
		git_error_clear();
		clause_error_set("empty commit message");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	if (npaths) {
		if ((r = commit_paths(&rel, repo, paths, npaths)) < 0)
			goto done;
		spec.strings = rel;
		spec.count = npaths;
	}
	/* One writer at a time: HEAD is read and moved under the lock. */
	if ((r = clause_repo_lock(repo)) < 0)
		goto done;
	locked = 1;
	/* A trial first: the tree is staged and validated in memory, so a
	 * refused commit leaves no object behind. */
	if ((r = head_commit(&head, repo->git)) < 0 ||
	    (r = merge_head(&merging, repo->git)) < 0 ||
	    (r = open_trial(&trial, repo)) < 0 ||
	    (r = head_commit(&trial_head, trial)) < 0 ||
	    (r = build_tree(&tree_oid, &trial_index, trial, trial_head,
			    npaths ? &spec : NULL)) < 0)
		goto done;
	if (!merging && (head ? git_oid_equal(git_commit_tree_id(head), &tree_oid)
			      : git_oid_equal(&tree_oid, &empty_tree))) {
		clause_error_set("nothing to commit");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if ((r = validate_tree(repo, trial, &tree_oid, head, probs)) < 0)
		goto done;
	/* Valid: the same staging for real, writing its objects. */
	r = commit_tree(out, repo, &tree_oid, head, merging,
			npaths ? &spec : NULL, author, committer, pretty.ptr);
done:
	git_index_free(trial_index);
	git_commit_free(trial_head);
	git_commit_free(merging);
	git_repository_free(trial);
	if (rel)
		for (size_t i = 0; i < npaths; i++)
			free(rel[i]);
	free(rel);
	git_buf_dispose(&pretty);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(head);
	if (locked)
		clause_repo_unlock();
	return r;
}

int clause_commit_abort_merge(struct clause_repo *repo)
{
	git_object *head = NULL;
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	int r;

	if (!repo->git || !repo->workdir) {
		clause_error_set("not in a clause library with a work tree");
		return CLAUSE_ERROR;
	}
	if (git_repository_state(repo->git) != GIT_REPOSITORY_STATE_MERGE) {
		clause_error_set("no merge in progress: nothing to abort");
		return CLAUSE_ENOTFOUND;
	}
	co.checkout_strategy = GIT_CHECKOUT_FORCE;
	if ((r = clause_repo_lock(repo)) < 0)
		return r;
	if ((r = git_revparse_single(&head, repo->git, "HEAD^{commit}")) < 0 ||
	    (r = git_reset(repo->git, head, GIT_RESET_HARD, &co)) < 0 ||
	    (r = git_repository_state_cleanup(repo->git)) < 0)
		r = clause_error_from_git(r, "cannot undo the merge");
	clause_repo_unlock();
	git_object_free(head);
	return r;
}
