/* repo.c: the library's git repository through libgit2. */
#include "git/repo.h"
#include "util/buf.h"

#include <git2/sys/mempack.h>
#include <git2/sys/odb_backend.h>
#include <git2/sys/repository.h>
#include "util/error.h"
#include "git/library.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

void clause_repo_free(struct clause_repo *repo)
{
	if (!repo)
		return;
	git_repository_free(repo->git);
	free(repo->workdir);
	free(repo->prefix);
	free(repo);
}

int clause_repo_open(struct clause_repo **out, const char *dir, int required)
{
	struct clause_repo *repo = calloc(1, sizeof(*repo));
	char cwd[PATH_MAX], real[PATH_MAX];
	const char *wd;
	int r;

	*out = NULL;
	if (!repo) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if (!dir) {
		if (!getcwd(cwd, sizeof(cwd))) {
			clause_error_set("cannot find the current directory: %s",
					 strerror(errno));
			goto fail;
		}
		dir = cwd;
	}
	if (!realpath(dir, real)) {
		clause_error_set("cannot open '%s': %s", dir, strerror(errno));
		goto fail;
	}
	r = git_repository_open_ext(&repo->git, real, 0, NULL);
	if (r == GIT_ENOTFOUND && !required) {
		size_t n = strlen(real);
		git_error_clear();
		repo->workdir = malloc(n + 2);
		repo->prefix = strdup("");
		if (!repo->workdir || !repo->prefix)
			goto oom;
		memcpy(repo->workdir, real, n);
		strcpy(repo->workdir + n, n && real[n - 1] == '/' ? "" : "/");
		*out = repo;
		return 0;
	}
	if (r == GIT_ENOTFOUND) {
		clause_error_set("not a clause library (or any parent): '%s' "
				 "(run clause init)", dir);
		clause_repo_free(repo);
		return CLAUSE_ERROR;
	}
	if (r < 0) {
		r = clause_error_from_git(r, "cannot open the library");
		clause_repo_free(repo);
		return r;
	}
	wd = git_repository_workdir(repo->git);
	if (wd) {
		size_t n = strlen(wd);
		char realwd[PATH_MAX];
		/* The scope is where we stand relative to the top. */
		if (!realpath(wd, realwd))
			strcpy(realwd, wd);
		repo->workdir = strdup(wd);
		n = strlen(realwd);
		if (strncmp(real, realwd, n) == 0 && (real[n] == '/' ||
		    real[n] == '\0' || realwd[n - 1] == '/')) {
			const char *rest = real + n;
			while (*rest == '/')
				rest++;
			repo->prefix = malloc(strlen(rest) + 2);
			if (repo->prefix)
				sprintf(repo->prefix, "%s%s", rest, *rest ? "/" : "");
		} else {
			repo->prefix = strdup("");
		}
	} else {
		repo->prefix = strdup("");
	}
	if ((wd && !repo->workdir) || !repo->prefix)
		goto oom;
	*out = repo;
	return 0;
oom:
	clause_error_set("out of memory");
fail:
	clause_repo_free(repo);
	return CLAUSE_ERROR;
}

int clause_repo_relpath(char **out, struct clause_repo *repo, const char *arg)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	char *parts[PATH_MAX / 2];
	size_t n = 0;
	char *copy, *save = NULL, *tok;
	int r = 0;

	*out = NULL;
	if (arg[0] == '/') {
		char real[PATH_MAX];
		size_t wl = repo->workdir ? strlen(repo->workdir) : 0;
		if (!repo->workdir)
			return CLAUSE_EINVALID;
		if (!realpath(arg, real))
			snprintf(real, sizeof(real), "%s", arg);
		if (strncmp(real, repo->workdir, wl) == 0) {
			*out = strdup(real + wl);
		} else if (wl && strncmp(real, repo->workdir, wl - 1) == 0 &&
			   real[wl - 1] == '\0') {
			*out = strdup("");
		} else {
			return CLAUSE_EINVALID;
		}
		return *out ? 0 : CLAUSE_ERROR;
	}
	clause_buf_printf(&b, "%s%s", repo->prefix ? repo->prefix : "", arg);
	copy = clause_buf_detach(&b);
	for (tok = strtok_r(copy, "/", &save); tok; tok = strtok_r(NULL, "/", &save)) {
		if (strcmp(tok, ".") == 0)
			continue;
		if (strcmp(tok, "..") == 0) {
			if (n == 0) {
				r = CLAUSE_EINVALID;
				goto done;
			}
			n--;
			continue;
		}
		if (n < sizeof(parts) / sizeof(*parts))
			parts[n++] = tok;
	}
	for (size_t i = 0; i < n; i++)
		clause_buf_printf(&b, "%s%s", i ? "/" : "", parts[i]);
	*out = clause_buf_detach(&b);
done:
	free(copy);
	return r;
}

void clause_repo_display(struct clause_buf *out, const struct clause_repo *repo,
			 const char *label, const char *path)
{
	const char *prefix = repo->prefix ? repo->prefix : "";
	size_t n = strlen(prefix);

	if (label) {
		clause_buf_printf(out, "%s:%s", label, path);
	} else if (path[0] == '/' || strncmp(path, prefix, n) == 0) {
		clause_buf_puts(out, path[0] == '/' ? path : path + n);
	} else {
		/* Climb out of the current directory as far as needed. */
		for (const char *p = prefix; *p; p++)
			if (*p == '/')
				clause_buf_puts(out, "../");
		clause_buf_puts(out, path);
	}
}

int clause_repo_commit_of(git_commit **out, struct clause_repo *repo,
			  const char *rev)
{
	git_object *obj = NULL;
	int r;

	*out = NULL;
	if (!repo->git) {
		clause_error_set("not in a clause library: '%s' needs git history",
				 rev);
		return CLAUSE_ERROR;
	}
	r = git_revparse_single(&obj, repo->git, rev);
	if (r < 0 && strncmp(rev, "refs/", 5) != 0) {
		/* A round name given without its prefix: "2" for round/2. */
		git_error_clear();
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/tags/" CLAUSE_ROUND_PREFIX "%s", rev);
		r = git_revparse_single(&obj, repo->git, b.ptr);
		clause_buf_release(&b);
	}
	if (r < 0) {
		git_error_clear();
		if (strcmp(rev, "HEAD") == 0 &&
		    git_repository_head_unborn(repo->git) == 1)
			clause_error_set("the library has no commits yet "
					 "(record some with clause commit)");
		else
			clause_error_set("unknown revision '%s'", rev);
		return CLAUSE_ERROR;
	}
	r = git_object_peel((git_object **)out, obj, GIT_OBJECT_COMMIT);
	git_object_free(obj);
	if (r < 0) {
		git_error_clear();
		clause_error_set("'%s' does not name a commit", rev);
		return CLAUSE_ERROR;
	}
	return 0;
}

int clause_repo_signature(git_signature **out, struct clause_repo *repo,
			  int committer)
{
	const char *name = getenv(committer ? "GIT_COMMITTER_NAME" : "GIT_AUTHOR_NAME");
	const char *email = getenv(committer ? "GIT_COMMITTER_EMAIL" : "GIT_AUTHOR_EMAIL");
	git_signature *def = NULL;
	int r;

	if (name && *name && email && *email) {
		if ((r = git_signature_now(out, name, email)) < 0)
			return clause_error_from_git(r, "invalid identity");
		return 0;
	}
	r = git_signature_default(&def, repo->git);
	if (r < 0) {
		git_error_clear();
		clause_error_set("who are you? no identity is configured: run\n"
				 "  git config --global user.name \"Your Name\"\n"
				 "  git config --global user.email you@example.org");
		return CLAUSE_EINVALID;
	}
	r = git_signature_now(out, name && *name ? name : def->name,
			      email && *email ? email : def->email);
	git_signature_free(def);
	return r < 0 ? clause_error_from_git(r, "invalid identity") : 0;
}

int clause_repo_init(char **out, const char *dir, int *existed)
{
	git_repository_init_options opts = GIT_REPOSITORY_INIT_OPTIONS_INIT;
	git_repository *git = NULL;
	git_repository *old = NULL;
	int r;

	*out = NULL;
	*existed = git_repository_open_ext(&old, dir, GIT_REPOSITORY_OPEN_NO_SEARCH,
					   NULL) == 0;
	git_repository_free(old);
	git_error_clear();
	opts.flags = GIT_REPOSITORY_INIT_MKPATH;
	opts.initial_head = "main";
	if ((r = git_repository_init_ext(&git, dir, &opts)) < 0)
		return clause_error_from_git(r, "cannot create the library");
	*out = strdup(git_repository_workdir(git) ? git_repository_workdir(git)
						  : git_repository_path(git));
	git_repository_free(git);
	if (!*out) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	return 0;
}

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

int clause_repo_commit(git_oid *out, struct clause_repo *repo, const char *msg,
		       char **paths, size_t npaths,
		       struct clause_problems *probs)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo trial_repo;
	git_repository *trial = NULL;
	git_odb *odb = NULL;
	git_odb_backend *mem = NULL;
	git_index *index = NULL, *trial_index = NULL;
	git_tree *tree = NULL;
	git_commit *head = NULL, *trial_head = NULL, *merging = NULL;
	git_oid real_oid, empty_tree;
	git_signature *author = NULL, *committer = NULL;
	git_buf pretty = GIT_BUF_INIT;
	git_strarray spec = { NULL, 0 };
	git_oid tree_oid;
	char **rel = NULL;
	int r;

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
		if (!(rel = calloc(npaths, sizeof(*rel)))) {
			clause_error_set("out of memory");
			r = CLAUSE_ERROR;
			goto done;
		}
		for (size_t i = 0; i < npaths; i++) {
			if ((r = clause_repo_relpath(&rel[i], repo, paths[i])) < 0) {
				if (r == CLAUSE_EINVALID)
					clause_error_set("'%s' is outside the library",
							 paths[i]);
				goto done;
			}
			if (!*rel[i]) {
				free(rel[i]);
				rel[i] = strdup(".");
			} else if (!path_known(repo, rel[i])) {
				clause_error_set("'%s' did not match any file",
						 paths[i]);
				r = CLAUSE_ERROR;
				goto done;
			}
		}
		spec.strings = rel;
		spec.count = npaths;
	}
	if ((r = head_commit(&head, repo->git)) < 0 ||
	    (r = merge_head(&merging, repo->git)) < 0)
		goto done;
	/*
	 * A trial first, in a second handle on the repository whose object
	 * database writes to memory: the tree is staged and validated there,
	 * so a refused commit leaves no object behind.
	 */
	if ((r = git_repository_open(&trial, git_repository_path(repo->git))) < 0 ||
	    (r = git_repository_odb(&odb, trial)) < 0 ||
	    (r = git_mempack_new(&mem)) < 0) {
		r = clause_error_from_git(r, "cannot open the library");
		goto done;
	}
	/* The highest priority: every write of the trial lands in memory. */
	if ((r = git_odb_add_backend(odb, mem, 1000)) < 0) {
		mem->free(mem);	/* not taken by the odb */
		r = clause_error_from_git(r, "cannot open the library");
		goto done;
	}
	if ((r = head_commit(&trial_head, trial)) < 0 ||
	    (r = build_tree(&tree_oid, &trial_index, trial, trial_head,
			    npaths ? &spec : NULL)) < 0)
		goto done;
	if (!merging && (head ? git_oid_equal(git_commit_tree_id(head), &tree_oid)
			      : git_oid_equal(&tree_oid, &empty_tree))) {
		clause_error_set("nothing to commit");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if ((r = git_tree_lookup(&tree, trial, &tree_oid)) < 0) {
		r = clause_error_from_git(r, "cannot read the new tree");
		goto done;
	}
	/* Validate the whole tree that would be committed. */
	trial_repo = *repo;
	trial_repo.git = trial;
	lib.all = 1;
	lib.light = 1;
	r = clause_library_load_tree(&lib, &trial_repo, tree, NULL, NULL, 0);
	if (r < 0)
		goto done;
	for (size_t i = 0; i < lib.problems.n; i++)
		clause_problems_add(probs, lib.problems.v[i].path,
				    lib.problems.v[i].line, lib.problems.v[i].col,
				    "%s", lib.problems.v[i].message);
	if ((r = clause_library_check(&lib, probs)) < 0)
		goto done;
	if (probs->n) {
		r = CLAUSE_EINVALID;
		goto done;
	}
	git_tree_free(tree);
	tree = NULL;
	/* Valid: the same staging for real, writing its objects. */
	if ((r = build_tree(&real_oid, &index, repo->git, head,
			    npaths ? &spec : NULL)) < 0)
		goto done;
	if (!git_oid_equal(&real_oid, &tree_oid)) {
		clause_error_set("the work tree changed while committing; try again");
		r = CLAUSE_ERROR;
		goto done;
	}
	if ((r = git_tree_lookup(&tree, repo->git, &real_oid)) < 0) {
		r = clause_error_from_git(r, "cannot read the new tree");
		goto done;
	}
	/* The branch moves first (atomically, through its lock file); the
	 * index follows.  If the branch cannot move, nothing has changed. */
	{
		/* A merge left to resolve (clause pull) has its second parent
		 * in MERGE_HEAD. */
		const git_commit *parents[2] = { head, merging };
		r = git_commit_create(out, repo->git, "HEAD", author, committer,
				      NULL, pretty.ptr, tree,
				      head ? (merging ? 2 : 1) : 0, parents);
	}
	if (r < 0) {
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
	clause_library_release(&lib);
	git_index_free(trial_index);
	git_commit_free(trial_head);
	git_commit_free(merging);
	git_odb_free(odb);
	git_repository_free(trial);
	if (rel)
		for (size_t i = 0; i < npaths; i++)
			free(rel[i]);
	free(rel);
	git_buf_dispose(&pretty);
	git_signature_free(author);
	git_signature_free(committer);
	git_commit_free(head);
	git_tree_free(tree);
	git_index_free(index);
	return r;
}

int clause_round_add(struct clause_repo *repo, const char *name,
		     const char *rev, const char *note, const char *party)
{
	struct clause_buf tag = CLAUSE_BUF_INIT, msg = CLAUSE_BUF_INIT;
	git_commit *commit = NULL;
	git_signature *tagger = NULL;
	git_oid oid;
	int r, valid = 0;

	if (!repo->git) {
		clause_error_set("not in a clause library");
		return CLAUSE_ERROR;
	}
	clause_buf_printf(&tag, "refs/tags/" CLAUSE_ROUND_PREFIX "%s", name);
	if (git_reference_name_is_valid(&valid, tag.ptr) < 0 || !valid ||
	    strchr(name, '/') || !*name) {
		clause_error_set("'%s' is not a valid round name", name);
		r = CLAUSE_EUSAGE;
		goto done;
	}
	if ((r = clause_repo_commit_of(&commit, repo, rev ? rev : "HEAD")) < 0)
		goto done;
	if ((r = clause_repo_signature(&tagger, repo, 1)) < 0)
		goto done;
	clause_buf_puts(&msg, note && *note ? note : "");
	if (!note || !*note)
		clause_buf_printf(&msg, "Round %s", name);
	if (party && *party)
		clause_buf_printf(&msg, "\n\nParty: %s", party);
	clause_buf_putc(&msg, '\n');
	r = git_tag_create(&oid, repo->git, tag.ptr + strlen("refs/tags/"),
			   (const git_object *)commit, tagger, msg.ptr, 0);
	if (r == GIT_EEXISTS) {
		git_error_clear();
		clause_error_set("round '%s' already exists", name);
		r = CLAUSE_EEXISTS;
	} else if (r < 0) {
		r = clause_error_from_git(r, "cannot create the round");
	}
done:
	clause_buf_release(&tag);
	clause_buf_release(&msg);
	git_signature_free(tagger);
	git_commit_free(commit);
	return r;
}

void clause_rounds_release(struct clause_rounds *rs)
{
	for (size_t i = 0; i < rs->n; i++) {
		free(rs->v[i].name);
		free(rs->v[i].tagger);
		free(rs->v[i].party);
		free(rs->v[i].note);
	}
	free(rs->v);
	rs->v = NULL;
	rs->n = 0;
}

static int round_cmp(const void *a, const void *b)
{
	const struct clause_round *x = a, *y = b;

	if (x->when != y->when)
		return x->when < y->when ? -1 : 1;
	return strcmp(x->name, y->name);
}

/* Split a tag message into note and a Party: trailer. */
static void parse_message(struct clause_round *rd, const char *msg)
{
	struct clause_buf note = CLAUSE_BUF_INIT;
	const char *p = msg;

	while (*p) {
		size_t n = strcspn(p, "\n");
		if (n > 7 && strncmp(p, "Party: ", 7) == 0) {
			free(rd->party);
			rd->party = strndup(p + 7, n - 7);
		} else {
			clause_buf_put(&note, p, n);
			clause_buf_putc(&note, '\n');
		}
		p += n;
		if (*p)
			p++;
	}
	while (note.len && note.ptr[note.len - 1] == '\n')
		clause_buf_truncate(&note, note.len - 1);
	rd->note = clause_buf_detach(&note);
}

int clause_round_list(struct clause_rounds *out, struct clause_repo *repo)
{
	git_strarray names = { NULL, 0 };
	int r;

	out->v = NULL;
	out->n = 0;
	if (!repo->git) {
		clause_error_set("not in a clause library");
		return CLAUSE_ERROR;
	}
	if ((r = git_tag_list_match(&names, CLAUSE_ROUND_PREFIX "*", repo->git)) < 0)
		return clause_error_from_git(r, "cannot list rounds");
	out->v = calloc(names.count ? names.count : 1, sizeof(*out->v));
	if (!out->v) {
		git_strarray_dispose(&names);
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < names.count; i++) {
		struct clause_round *rd = &out->v[out->n];
		struct clause_buf ref = CLAUSE_BUF_INIT;
		git_object *obj = NULL, *target = NULL;

		clause_buf_printf(&ref, "refs/tags/%s", names.strings[i]);
		if (git_revparse_single(&obj, repo->git, ref.ptr) < 0 ||
		    git_object_peel(&target, obj, GIT_OBJECT_COMMIT) < 0) {
			git_error_clear();
			git_object_free(obj);
			clause_buf_release(&ref);
			continue;	/* a round tag on something else */
		}
		rd->name = strdup(names.strings[i] + strlen(CLAUSE_ROUND_PREFIX));
		git_oid_tostr(rd->commit, sizeof(rd->commit), git_object_id(target));
		if (git_object_type(obj) == GIT_OBJECT_TAG) {
			git_tag *tag = (git_tag *)obj;
			const git_signature *s = git_tag_tagger(tag);
			if (s) {
				rd->when = s->when.time;
				rd->offset = s->when.offset;
				rd->tagger = strdup(s->name);
			}
			parse_message(rd, git_tag_message(tag) ? git_tag_message(tag) : "");
		} else {
			/* A lightweight tag: the commit's date stands in. */
			const git_signature *s = git_commit_committer((git_commit *)target);
			rd->when = s->when.time;
			rd->offset = s->when.offset;
			rd->tagger = strdup(s->name);
			rd->note = strdup("");
		}
		out->n++;
		git_object_free(target);
		git_object_free(obj);
		clause_buf_release(&ref);
	}
	git_strarray_dispose(&names);
	qsort(out->v, out->n, sizeof(*out->v), round_cmp);
	return 0;
}
