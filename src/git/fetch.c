/* fetch.c: clause_remote_fetch, with the objects of a library on this
 * machine copied first (libgit2's local transport would pack them all). */
#include "git/transfer.h"
#include "util/buf.h"
#include "util/error.h"


/*
 * libgit2 1.5's local transport (a path or file:// remote) packs every
 * annotated tag the remote has together with its whole tree, whatever
 * the fetching side already holds: a fetch from a library with rounds
 * sent nearly all of its history again (19 s and a 32 MB pack for one
 * changed document of 2,000, where git takes 10 ms).  So before a fetch
 * from this machine, the objects we lack are copied from the remote's
 * object database; the fetch then finds everything it wants here, sends
 * no pack and only moves the refs, as it does after a local clone.
 *
 * Each object is written after everything it points to (blobs and
 * subtrees before their tree, a tree and the parents before the commit,
 * the target before its tag): an interrupted copy leaves no object here
 * whose contents are missing, which is what finding a tree or a commit
 * here is taken to mean, by this copy and by libgit2's negotiation.
 */
struct seed {
	git_repository *src;		/* the remote library */
	git_odb *from;			/* its objects */
	git_odb *to;			/* ours */
	struct session *s;		/* for progress */
	struct clause_transfer t;	/* objects and bytes copied */
};

static void seed_progress(struct seed *sd)
{
	if (sd->s->opts->progress)
		sd->s->opts->progress(&sd->t, sd->s->opts->payload);
}

/* Copy one object, unless we have it. */
static int seed_object(struct seed *sd, const git_oid *id)
{
	git_odb_object *o = NULL;
	git_oid written;
	int r;

	if (git_odb_exists(sd->to, id))
		return 0;
	if ((r = git_odb_read(&o, sd->from, id)) < 0)
		return r;
	r = git_odb_write(&written, sd->to, git_odb_object_data(o),
			  git_odb_object_size(o), git_odb_object_type(o));
	sd->t.copied_objects++;
	sd->t.received_bytes += git_odb_object_size(o);
	git_odb_object_free(o);
	seed_progress(sd);
	if (r == 0 && !git_oid_equal(&written, id)) {
		git_error_set_str(GIT_ERROR_ODB, "an object of the remote does "
				  "not match its id");
		r = GIT_ERROR;
	}
	return r;
}

static int seed_tree(struct seed *sd, const git_oid *id);
static int seed_tag(struct seed *sd, const git_oid *id);

/* What a tree entry or a tag names, with all it holds; never a commit
 * (in a tree, a submodule's: not in this database; for a tag, see
 * seed_tag). */
static int seed_target(struct seed *sd, git_object_t type, const git_oid *id)
{
	switch (type) {
	case GIT_OBJECT_TAG:
		return seed_tag(sd, id);
	case GIT_OBJECT_TREE:
		return seed_tree(sd, id);
	case GIT_OBJECT_BLOB:
		return seed_object(sd, id);
	default:
		return 0;
	}
}

/* A tree and all it holds, unless we have it (and so all it holds). */
static int seed_tree(struct seed *sd, const git_oid *id)
{
	git_tree *tree = NULL;
	size_t n;
	int r;

	if (git_odb_exists(sd->to, id))
		return 0;
	if ((r = git_tree_lookup(&tree, sd->src, id)) < 0)
		return r;
	n = git_tree_entrycount(tree);
	for (size_t i = 0; i < n && r == 0; i++) {
		const git_tree_entry *e = git_tree_entry_byindex(tree, i);

		r = seed_target(sd, git_tree_entry_type(e),
				git_tree_entry_id(e));
	}
	git_tree_free(tree);
	return r < 0 ? r : seed_object(sd, id);
}

/* An annotated tag, after what it points to.  Commits were copied by
 * the walk: a tag whose commit is not here is left to the fetch. */
static int seed_tag(struct seed *sd, const git_oid *id)
{
	git_tag *tag = NULL;
	const git_oid *target;
	int r;

	if (git_odb_exists(sd->to, id))
		return 0;
	if ((r = git_tag_lookup(&tag, sd->src, id)) < 0)
		return r;
	target = git_tag_target_id(tag);
	r = seed_target(sd, git_tag_target_type(tag), target);
	if (r == 0 && git_odb_exists(sd->to, target))
		r = seed_object(sd, id);
	git_tag_free(tag);
	return r;
}

/* Push (or hide) on `walk` the commit of every ref of `git` matching
 * `glob` (every ref: NULL); refs that lead to no commit are skipped. */
static int walk_refs(git_revwalk *walk, git_repository *git,
		     const char *glob, int hide)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_object *commit;
	int r;

	r = glob ? git_reference_iterator_glob_new(&it, git, glob)
		 : git_reference_iterator_new(&it, git);
	if (r < 0)
		return r;
	while ((r = git_reference_next(&ref, it)) == 0) {
		if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
		    git_reference_peel(&commit, ref, GIT_OBJECT_COMMIT) == 0) {
			if (hide) {
				/* Only saves work: a commit the remote does
				 * not have cannot be hidden, and need not. */
				git_revwalk_hide(walk, git_object_id(commit));
			} else {
				r = git_revwalk_push(walk, git_object_id(commit));
			}
			git_object_free(commit);
		}
		git_reference_free(ref);
		if (r < 0)
			break;
		git_error_clear();
	}
	git_reference_iterator_free(it);
	return r == GIT_ITEROVER ? 0 : r;
}

/* The annotated tags among the remote's tags. */
static int seed_tags(struct seed *sd)
{
	git_reference_iterator *it = NULL;
	git_reference *ref;
	git_object_t type;
	size_t size;
	int r;

	if ((r = git_reference_iterator_glob_new(&it, sd->src,
						  "refs/tags/*")) < 0)
		return r;
	while ((r = git_reference_next(&ref, it)) == 0) {
		const git_oid *id = git_reference_target(ref);

		if (id && git_odb_read_header(&size, &type, sd->from, id) == 0 &&
		    type == GIT_OBJECT_TAG)
			r = seed_tag(sd, id);
		git_reference_free(ref);
		if (r < 0)
			break;
		git_error_clear();
	}
	git_reference_iterator_free(it);
	return r == GIT_ITEROVER ? 0 : r;
}

/*
 * When `url` is a library on this machine, copy into `git` the objects
 * of its branches and tags that `git` lacks (see struct seed).  Any
 * other URL, or one that does not open, is left to the fetch.  A libgit2
 * error code, with its error set, when reading or writing fails.
 */
static int seed_from_local(git_repository *git, const char *url,
			   struct session *s)
{
	struct clause_buf path = CLAUSE_BUF_INIT;
	struct seed sd = { NULL, NULL, NULL, s, { 0 } };
	git_revwalk *walk = NULL;
	git_commit *commit;
	git_oid id;
	int r = 0;

	if (!clause_transfer_is_local_path(url)) {
		if (clause_transfer_file_url_path(&path, url) < 0)
			goto done;	/* a network URL */
		url = path.ptr;
	}
	if (git_repository_open_ext(&sd.src, url, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) < 0) {
		git_error_clear();	/* the fetch will say what is wrong */
		goto done;
	}
	if ((r = git_repository_odb(&sd.from, sd.src)) < 0 ||
	    (r = git_repository_odb(&sd.to, git)) < 0 ||
	    (r = git_revwalk_new(&walk, sd.src)) < 0)
		goto done;
	/* Parents first, so that each commit is written after its own. */
	git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_REVERSE);
	if ((r = walk_refs(walk, sd.src, "refs/heads/*", 0)) < 0 ||
	    (r = walk_refs(walk, sd.src, "refs/tags/*", 0)) < 0 ||
	    (r = walk_refs(walk, git, NULL, 1)) < 0)
		goto done;
	while ((r = git_revwalk_next(&id, walk)) == 0) {
		if (git_odb_exists(sd.to, &id))
			continue;
		if ((r = git_commit_lookup(&commit, sd.src, &id)) < 0)
			break;
		r = seed_tree(&sd, git_commit_tree_id(commit));
		git_commit_free(commit);
		if (r < 0 || (r = seed_object(&sd, &id)) < 0)
			break;
	}
	if (r == GIT_ITEROVER)
		r = seed_tags(&sd);
	if (r == 0 && sd.t.copied_objects) {
		sd.t.copied_all = 1;
		seed_progress(&sd);
	}
done:
	git_revwalk_free(walk);
	git_odb_free(sd.from);
	git_odb_free(sd.to);
	git_repository_free(sd.src);
	clause_buf_release(&path);
	return r;
}

int clause_remote_fetch(struct clause_repo *repo, const char *name,
			const struct clause_remote_opts *opts)
{
	git_fetch_options fo = GIT_FETCH_OPTIONS_INIT;
	git_remote *remote = NULL;
	struct session s;
	struct clause_buf what = CLAUSE_BUF_INIT;
	int r;

	if ((r = clause_remote_need_git(repo)) < 0 ||
	    (r = clause_remote_lookup(&remote, repo, name)) < 0)
		return r;
	if ((r = clause_repo_lock(repo)) < 0) {
		git_remote_free(remote);
		return r;
	}
	clause_transfer_tls_setup(repo->git);
	clause_transfer_session_init(&s, opts, git_remote_url(remote),
				     &fo.callbacks);
	s.git = repo->git;
	r = seed_from_local(repo->git, git_remote_url(remote), &s);
	if (r == 0)
		r = git_remote_fetch(remote, NULL, &fo, NULL);
	clause_transfer_session_end(&s, r == 0);
	clause_repo_unlock();
	if (r < 0) {
		clause_buf_printf(&what, "cannot fetch from '%s'", name);
		clause_error_from_git(r, what.ptr);
		r = CLAUSE_ERROR;
	}
	clause_buf_release(&what);
	git_remote_free(remote);
	return r;
}
