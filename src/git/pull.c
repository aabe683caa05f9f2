/* pull.c: clause_remote_pull: fetch, then fast-forward the current
 * branch safely or hand diverged histories to the merge step. */
#include "git/transfer.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* The remote-tracking ref that `remote`'s fetch refspecs map `ref` to. */
static int tracking_ref(char **out, git_remote *remote, const char *ref)
{
	size_t n = git_remote_refspec_count(remote);

	*out = NULL;
	for (size_t i = 0; i < n; i++) {
		const git_refspec *spec = git_remote_get_refspec(remote, i);
		git_buf buf = GIT_BUF_INIT;
		if (git_refspec_direction(spec) != GIT_DIRECTION_FETCH ||
		    !git_refspec_src_matches(spec, ref))
			continue;
		if (git_refspec_transform(&buf, spec, ref) == 0)
			*out = strdup(buf.ptr);
		git_buf_dispose(&buf);
		if (*out)
			return 0;
	}
	git_error_clear();
	clause_error_set("remote '%s' does not fetch '%s'",
			 git_remote_name(remote), ref);
	return CLAUSE_ENOTFOUND;
}

/* Collects the paths a safe checkout refuses to overwrite. */
static int note_conflict(git_checkout_notify_t why, const char *path,
			 const git_diff_file *baseline,
			 const git_diff_file *target,
			 const git_diff_file *workdir, void *payload)
{
	struct clause_buf *paths = payload;

	(void)why;
	(void)baseline;
	(void)target;
	(void)workdir;
	if (paths->len < 800)
		clause_buf_printf(paths, "%s'%s'", paths->len ? ", " : "", path);
	return 0;
}

/* Move the work tree, index and branch `ref` to `target`, refusing to
 * overwrite any local change. */
static int fast_forward(struct clause_repo *repo, const char *ref,
			git_commit *target, int unborn, const char *label)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	struct clause_buf paths = CLAUSE_BUF_INIT, msg = CLAUSE_BUF_INIT;
	git_reference *moved = NULL;
	int r;

	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = note_conflict;
	co.notify_payload = &paths;
	r = git_checkout_tree(repo->git, (const git_object *)target, &co);
	if (r == GIT_ECONFLICT || (r < 0 && paths.len)) {
		git_error_clear();
		clause_error_set("local changes to %s would be overwritten by "
				 "the update from '%s': commit them (or move them "
				 "aside) and pull again; nothing was changed",
				 paths.len ? paths.ptr : "some files", label);
		r = CLAUSE_EINVALID;
		goto done;
	}
	if (r < 0) {
		r = clause_error_from_git(r, "cannot update the work tree");
		goto done;
	}
	clause_buf_printf(&msg, "pull: fast-forward to %s", label);
	r = git_reference_create(&moved, repo->git, ref, git_commit_id(target),
				 !unborn, msg.ptr);
	if (r < 0)
		r = clause_error_from_git(r, "cannot move the branch");
done:
	git_reference_free(moved);
	clause_buf_release(&paths);
	clause_buf_release(&msg);
	return r;
}

/* Which branch of remote `name` to pull into `local` (a full ref name),
 * into *src: `branch` when given, else the one `local` tracks there,
 * else the one of the same name. */
static void their_branch(struct clause_buf *src, struct clause_repo *repo,
			 const char *name, const char *local,
			 const char *branch)
{
	git_buf rem = GIT_BUF_INIT, upstream = GIT_BUF_INIT;

	if (branch) {
		clause_buf_printf(src, "refs/heads/%s", branch);
		return;
	}
	if (git_branch_upstream_remote(&rem, repo->git, local) == 0 &&
	    strcmp(rem.ptr, name) == 0 &&
	    git_branch_upstream_merge(&upstream, repo->git, local) == 0)
		clause_buf_puts(src, upstream.ptr);
	else
		clause_buf_puts(src, local);
	git_buf_dispose(&rem);
	git_buf_dispose(&upstream);
	git_error_clear();
}

/* The commit that remote-tracking ref `track` names (branch `shown` of
 * remote `name`), into *out (the caller frees it, even on error), and
 * how it stands to HEAD. */
static int their_commit(git_commit **out, git_merge_analysis_t *analysis,
			struct clause_repo *repo, const char *track,
			const char *name, const char *shown)
{
	git_reference *their_ref = NULL;
	git_annotated_commit *ann = NULL;
	git_merge_preference_t pref;
	int r;

	*out = NULL;
	if (git_reference_lookup(&their_ref, repo->git, track) < 0) {
		git_error_clear();
		clause_error_set("remote '%s' has no branch '%s'", name, shown);
		return CLAUSE_ENOTFOUND;
	}
	if ((r = git_annotated_commit_from_ref(&ann, repo->git, their_ref)) < 0 ||
	    (r = git_commit_lookup(out, repo->git,
				   git_annotated_commit_id(ann))) < 0 ||
	    (r = git_merge_analysis(analysis, &pref, repo->git,
				    (const git_annotated_commit **)&ann, 1)) < 0)
		r = clause_error_from_git(r, "cannot compare the branches");
	git_annotated_commit_free(ann);
	git_reference_free(their_ref);
	return r;
}

/*
 * The histories of `local` (HEAD) and `theirs` have diverged.  THE
 * MERGE STEP PLUGS IN HERE: a clause-level three-way merge given
 * through opts->merge; without one, CLAUSE_EDIVERGED.
 */
static int join(enum clause_pull_result *result, git_oid *new_head,
		struct clause_repo *repo, const char *local,
		git_commit *theirs, const char *label,
		const struct clause_remote_opts *opts)
{
	git_commit *ours = NULL;
	int r;

	if ((r = git_revparse_single((git_object **)&ours, repo->git,
				     "HEAD^{commit}")) < 0)
		return clause_error_from_git(r, "cannot read HEAD");
	if (opts && opts->merge && opts->merge->merge) {
		git_oid merged;
		r = opts->merge->merge(&merged, repo, ours, theirs, label,
				       opts->merge->payload);
		if (r == 0) {
			*result = CLAUSE_PULL_MERGED;
			if (new_head)
				git_oid_cpy(new_head, &merged);
		}
	} else {
		size_t ahead = 0, behind = 0;
		git_graph_ahead_behind(&ahead, &behind, repo->git,
				       git_commit_id(ours), git_commit_id(theirs));
		git_error_clear();
		clause_error_set("'%s' and '%s' have diverged (%zu and %zu "
				 "commits of their own): a clause-level merge is "
				 "needed, which this version of clause cannot do "
				 "yet; nothing was changed", local + 11, label,
				 ahead, behind);
		r = CLAUSE_EDIVERGED;
	}
	git_commit_free(ours);
	return r;
}

/* Not while a merge waits to be settled: it would be lost. */
static int no_merge_waiting(struct clause_repo *repo)
{
	if (git_repository_state(repo->git) != GIT_REPOSITORY_STATE_MERGE)
		return 0;
	clause_error_set("a merge is in progress: settle its conflicts "
			 "(clause resolve) and clause commit, or undo it with "
			 "clause merge --abort; nothing was changed");
	return CLAUSE_EINVALID;
}

/* Bring branch `local` (HEAD) up to date with `theirs`, which stands to
 * it as `analysis` says. */
static int update_to(enum clause_pull_result *result, git_oid *new_head,
		     struct clause_repo *repo, const char *local,
		     git_commit *theirs, git_merge_analysis_t analysis,
		     const char *label, const struct clause_remote_opts *opts)
{
	int r;

	if (analysis & GIT_MERGE_ANALYSIS_UP_TO_DATE) {
		*result = CLAUSE_PULL_UP_TO_DATE;
		if (new_head)
			git_reference_name_to_id(new_head, repo->git, "HEAD");
		return 0;
	}
	if (analysis & (GIT_MERGE_ANALYSIS_FASTFORWARD | GIT_MERGE_ANALYSIS_UNBORN)) {
		r = fast_forward(repo, local, theirs,
				 (analysis & GIT_MERGE_ANALYSIS_UNBORN) != 0,
				 label);
		if (r == 0) {
			*result = CLAUSE_PULL_FAST_FORWARD;
			if (new_head)
				git_oid_cpy(new_head, git_commit_id(theirs));
		}
		return r;
	}
	return join(result, new_head, repo, local, theirs, label, opts);
}

/* The checks every update starts with (after clause_remote_need_git);
 * the current branch into *local. */
static int can_update(char **local, struct clause_repo *repo)
{
	int r;

	if (!repo->workdir) {
		clause_error_set("this library is bare: it has no work tree to "
				 "update");
		return CLAUSE_ERROR;
	}
	if ((r = no_merge_waiting(repo)) < 0)
		return r;
	return clause_remote_current_branch(local, repo);
}

int clause_remote_pull(enum clause_pull_result *result, git_oid *new_head,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts)
{
	git_remote *remote = NULL;
	git_commit *theirs = NULL;
	git_merge_analysis_t analysis;
	struct clause_buf src = CLAUSE_BUF_INIT, label = CLAUSE_BUF_INIT;
	char *def = NULL, *local = NULL, *track = NULL;
	const char *shown;
	int r;

	*result = CLAUSE_PULL_UP_TO_DATE;
	if ((r = clause_remote_need_git(repo)) < 0 || (r = clause_repo_lock(repo)) < 0)
		return r;
	if ((r = can_update(&local, repo)) < 0)
		goto done;
	if (!name) {
		if ((r = clause_remote_default(&def, repo)) < 0)
			goto done;
		name = def;
	}
	if ((r = clause_remote_lookup(&remote, repo, name)) < 0 ||
	    (r = clause_remote_fetch(repo, name, opts)) < 0)
		goto done;
	their_branch(&src, repo, name, local, branch);
	if ((r = tracking_ref(&track, remote, src.ptr)) < 0)
		goto done;
	shown = src.ptr + (strncmp(src.ptr, "refs/heads/", 11) ? 0 : 11);
	clause_buf_printf(&label, "%s/%s", name, shown);
	if ((r = their_commit(&theirs, &analysis, repo, track, name,
			      shown)) < 0)
		goto done;
	r = update_to(result, new_head, repo, local, theirs, analysis,
		      label.ptr, opts);
done:
	clause_repo_unlock();
	clause_buf_release(&src);
	clause_buf_release(&label);
	git_commit_free(theirs);
	git_remote_free(remote);
	free(def);
	free(local);
	free(track);
	return r;
}

int clause_remote_merge(enum clause_pull_result *result, git_oid *new_head,
			struct clause_repo *repo, const char *rev,
			const struct clause_remote_opts *opts)
{
	git_object *obj = NULL;
	git_commit *theirs = NULL;
	git_annotated_commit *ann = NULL;
	git_merge_analysis_t analysis;
	git_merge_preference_t pref;
	char *local = NULL;
	int r;

	*result = CLAUSE_PULL_UP_TO_DATE;
	if ((r = clause_remote_need_git(repo)) < 0 || (r = clause_repo_lock(repo)) < 0)
		return r;
	if ((r = can_update(&local, repo)) < 0)
		goto done;
	if (git_revparse_single(&obj, repo->git, rev) < 0 ||
	    git_object_peel((git_object **)&theirs, obj, GIT_OBJECT_COMMIT) < 0) {
		git_error_clear();
		clause_error_set("'%s' is not a revision of this library (a "
				 "branch, round/N, a remote's NAME/BRANCH after "
				 "clause fetch, or a commit id)", rev);
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if ((r = git_annotated_commit_lookup(&ann, repo->git,
					     git_commit_id(theirs))) < 0 ||
	    (r = git_merge_analysis(&analysis, &pref, repo->git,
				    (const git_annotated_commit **)&ann, 1)) < 0) {
		r = clause_error_from_git(r, "cannot compare the branches");
		goto done;
	}
	r = update_to(result, new_head, repo, local, theirs, analysis, rev,
		      opts);
done:
	clause_repo_unlock();
	git_annotated_commit_free(ann);
	git_commit_free(theirs);
	git_object_free(obj);
	free(local);
	return r;
}
