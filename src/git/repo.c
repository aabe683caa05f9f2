/* repo.c: the library's git repository through libgit2. */
#include "git/repo.h"
#include "util/array.h"
#include "util/buf.h"

#include "util/error.h"
#include "util/stale.h"

#include <errno.h>
#include <stdio.h>
#include <limits.h>
#include <stdlib.h>
#include <ftw.h>
#include <string.h>
#include <sys/file.h>
#include <fcntl.h>
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

static int stale_lock(const char *path, const struct stat *st, int flag,
		      struct FTW *ftw)
{
	size_t n = strlen(path);

	(void)st;
	(void)ftw;
	if (flag == FTW_F && n > 5 && strcmp(path + n - 5, ".lock") == 0)
		clause_remove_stale(path);
	return 0;
}

/* Lock files a killed git or clause process left in the repository,
 * which would stop every later commit, fetch or pull: HEAD's, the
 * index's, the config's, packed-refs', the merge state's, and those of
 * refs and reflogs.  Only those no live process has open
 * (util/stale.h). */
static void clear_stale_locks(const char *gitdir)
{
	static const char *const top[] = { "HEAD.lock", "index.lock",
		"config.lock", "packed-refs.lock", "MERGE_HEAD.lock",
		"MERGE_MSG.lock", "ORIG_HEAD.lock", "FETCH_HEAD.lock" };
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(top) / sizeof(*top); i++) {
		snprintf(path, sizeof(path), "%s%s", gitdir, top[i]);
		clause_remove_stale(path);
	}
	snprintf(path, sizeof(path), "%srefs", gitdir);
	nftw(path, stale_lock, 8, FTW_PHYS);
	snprintf(path, sizeof(path), "%slogs", gitdir);
	nftw(path, stale_lock, 8, FTW_PHYS);
}

/* The plan of a checkout under way (repo.h), in the git directory. */
#define PLAN "clause/checkout"

static void plan_path(struct clause_buf *path, struct clause_repo *repo)
{
	clause_buf_printf(path, "%s" PLAN, git_repository_path(repo->git));
}

int clause_repo_plan(struct clause_repo *repo, const git_oid *head,
		     const git_oid *tree)
{
	struct clause_buf path = CLAUSE_BUF_INIT;
	char h[GIT_OID_HEXSZ + 1], t[GIT_OID_HEXSZ + 1];
	FILE *f;
	int r = 0;

	clause_buf_printf(&path, "%sclause", git_repository_path(repo->git));
	mkdir(path.ptr, 0777);	/* there already, once the lock was taken */
	clause_buf_clear(&path);
	plan_path(&path, repo);
	git_oid_tostr(h, sizeof(h), head);
	git_oid_tostr(t, sizeof(t), tree);
	/* Cut short while it is written, it names no checkout: none began. */
	if (!(f = fopen(path.ptr, "w")) || fprintf(f, "%s %s\n", h, t) < 0 ||
	    fclose(f) != 0) {
		clause_error_set("cannot write '%s': %s", path.ptr, strerror(errno));
		r = CLAUSE_ERROR;
	}
	clause_buf_release(&path);
	return r;
}

void clause_repo_plan_done(struct clause_repo *repo)
{
	struct clause_buf path = CLAUSE_BUF_INIT;

	plan_path(&path, repo);
	unlink(path.ptr);
	clause_buf_release(&path);
}

/* The files a safe checkout back to HEAD refused: those a write cut
 * short left as the start of what the planned tree holds, and the
 * others. */
struct refused {
	git_repository *git;
	char **cut;			/* the paths, ncut of them */
	size_t ncut, cap;
	struct clause_buf others;	/* "a.xml, b.xml" */
};

/* Whether the file at `path` of the work tree is the start, and only the
 * start, of blob `id`: a write of it was cut short. */
static int cut_short(git_repository *git, const char *path, const git_oid *id)
{
	struct clause_buf file = CLAUSE_BUF_INIT, data = CLAUSE_BUF_INIT;
	git_blob *blob = NULL;
	int yes = 0;

	clause_buf_printf(&file, "%s%s", git_repository_workdir(git), path);
	if (git_blob_lookup(&blob, git, id) == 0 &&
	    clause_buf_read_file(&data, file.ptr,
				 (size_t)git_blob_rawsize(blob) + 1) == 0)
		yes = data.len < (size_t)git_blob_rawsize(blob) &&
		      memcmp(data.ptr ? data.ptr : "", git_blob_rawcontent(blob),
			     data.len) == 0;
	git_error_clear();
	clause_error_clear();
	git_blob_free(blob);
	clause_buf_release(&file);
	clause_buf_release(&data);
	return yes;
}

static int note_refused(git_checkout_notify_t why, const char *path,
			const git_diff_file *baseline,
			const git_diff_file *target,
			const git_diff_file *workdir, void *payload)
{
	struct refused *f = payload;
	char *copy;

	(void)why;
	(void)target;
	(void)workdir;
	if (baseline && cut_short(f->git, path, &baseline->id)) {
		if (CLAUSE_GROW(f->cut, f->ncut, f->cap) < 0 ||
		    !(copy = strdup(path)))
			return -1;
		f->cut[f->ncut++] = copy;
	} else {
		clause_buf_printf(&f->others, "%s%s", f->others.len ? ", " : "",
				  path);
	}
	return 0;
}

/* Check out `back` over the planned tree; the files a write cut short,
 * and only those, overwritten (the checkout is safe otherwise). */
static int check_out_back(git_repository *git, git_tree *back,
			  git_tree *planned)
{
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	struct refused f = { git, NULL, 0, 0, CLAUSE_BUF_INIT };
	int r;

	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.baseline = planned;
	co.notify_flags = GIT_CHECKOUT_NOTIFY_CONFLICT;
	co.notify_cb = note_refused;
	co.notify_payload = &f;
	r = git_checkout_tree(git, (const git_object *)back, &co);
	if (r == GIT_ECONFLICT && !f.others.len && f.ncut) {
		co.checkout_strategy = GIT_CHECKOUT_FORCE |
				       GIT_CHECKOUT_DISABLE_PATHSPEC_MATCH;
		co.paths.strings = f.cut;
		co.paths.count = f.ncut;
		co.notify_cb = NULL;
		if ((r = git_checkout_tree(git, (const git_object *)back, &co)) == 0) {
			co.checkout_strategy = GIT_CHECKOUT_SAFE;
			co.paths.count = 0;
			r = git_checkout_tree(git, (const git_object *)back, &co);
		}
	}
	if (r < 0 && f.others.len) {
		git_error_clear();
		clause_error_set("a merge was cut short while it wrote the work "
				 "tree, and %s changed since: the work tree "
				 "cannot be taken back to HEAD (" PLAN " in the "
				 "git directory names the tree the merge wrote)",
				 f.others.ptr);
		r = CLAUSE_ERROR;
	} else if (r < 0) {
		r = clause_error_from_git(r, "cannot take back the work tree a "
					  "cut-short merge wrote");
	}
	for (size_t i = 0; i < f.ncut; i++)
		free(f.cut[i]);
	free(f.cut);
	clause_buf_release(&f.others);
	return r;
}

/* The work tree, git's index and the merge state back to HEAD's commit,
 * from `planned`, the tree a checkout was writing. */
static int take_back(git_repository *git, const git_oid *head,
		     git_tree *planned)
{
	git_commit *commit = NULL;
	git_tree *back = NULL;
	git_index *index = NULL;
	int r;

	if ((r = git_commit_lookup(&commit, git, head)) < 0 ||
	    (r = git_commit_tree(&back, commit)) < 0)
		r = clause_error_from_git(r, "cannot read HEAD");
	else if ((r = check_out_back(git, back, planned)) == 0 &&
		 ((r = git_repository_index(&index, git)) < 0 ||
		  (r = git_index_read_tree(index, back)) < 0 ||
		  (r = git_index_write(index)) < 0 ||
		  (r = git_repository_state_cleanup(git)) < 0))
		r = clause_error_from_git(r, "cannot write the index");
	git_index_free(index);
	git_tree_free(back);
	git_commit_free(commit);
	return r;
}

/* Set once a cut-short checkout was taken back in this process. */
static int took_back;

int clause_repo_took_back(void)
{
	return took_back;
}

int clause_repo_plan_undo(struct clause_repo *repo)
{
	struct clause_buf path = CLAUSE_BUF_INIT, text = CLAUSE_BUF_INIT;
	git_oid planned_head, head, tree_id;
	git_tree *planned = NULL;
	int r = 0;

	plan_path(&path, repo);
	if (clause_buf_read_file(&text, path.ptr, 256) < 0) {
		clause_error_clear();	/* no plan: nothing under way */
		goto done;
	}
	/* Taken back only while HEAD is where the plan began: once the
	 * branch has moved, the checkout was whole. */
	if (repo->workdir && text.len == 2 * GIT_OID_HEXSZ + 2 &&
	    text.ptr[GIT_OID_HEXSZ] == ' ' &&
	    git_oid_fromstrn(&planned_head, text.ptr, GIT_OID_HEXSZ) == 0 &&
	    git_oid_fromstrn(&tree_id, text.ptr + GIT_OID_HEXSZ + 1,
			     GIT_OID_HEXSZ) == 0 &&
	    git_reference_name_to_id(&head, repo->git, "HEAD") == 0 &&
	    git_oid_equal(&head, &planned_head)) {
		if ((r = git_tree_lookup(&planned, repo->git, &tree_id)) < 0) {
			r = clause_error_from_git(r, "cannot read the tree a "
						  "cut-short merge wrote");
			goto done;
		}
		if ((r = take_back(repo->git, &head, planned)) < 0)
			goto done;
		r = 1;
	}
	git_error_clear();
	unlink(path.ptr);
done:
	git_tree_free(planned);
	clause_buf_release(&path);
	clause_buf_release(&text);
	return r;
}

/* The one writer lock of this process: nested takes share it. */
static int write_lock_fd = -1, write_lock_depth;

int clause_repo_lock(struct clause_repo *repo)
{
	struct clause_buf path = CLAUSE_BUF_INIT;
	int fd, waited = 0;

	if (write_lock_depth++ > 0)
		return 0;
	clause_buf_printf(&path, "%sclause", git_repository_path(repo->git));
	mkdir(path.ptr, 0777);
	clause_buf_puts(&path, "/write.lock");
	fd = open(path.ptr, O_RDWR | O_CREAT | O_CLOEXEC, 0666);
	clause_buf_release(&path);
	if (fd < 0) {
		write_lock_depth--;
		clause_error_set("cannot lock the library for writing: %s",
				 strerror(errno));
		return CLAUSE_ERROR;
	}
	/* Another clause writing (a commit, a pull): wait for it, as the
	 * index waits for a busy database. */
	while (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if ((errno != EWOULDBLOCK && errno != EINTR) || waited >= 60000) {
			clause_error_set(waited >= 60000 ? "another clause process "
					 "has been writing to this library for a "
					 "minute: try again when it is done" :
					 "cannot lock the library for writing: %s",
					 strerror(errno));
			close(fd);
			write_lock_depth--;
			return CLAUSE_ERROR;
		}
		usleep(20000);
		waited += 20;
	}
	write_lock_fd = fd;
	/* The one writer now: what a killed one left goes. */
	clear_stale_locks(git_repository_path(repo->git));
	switch (clause_repo_plan_undo(repo)) {
	case 0:
		break;
	case 1:
		took_back = 1;	/* one a killed writer left */
		break;
	default:
		clause_repo_unlock();
		return CLAUSE_ERROR;
	}
	return 0;
}

void clause_repo_unlock(void)
{
	if (write_lock_depth == 0 || --write_lock_depth > 0)
		return;
	close(write_lock_fd);
	write_lock_fd = -1;
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
		clause_error_set("who are you? no identity (a name and an email) "
				 "is configured for the %s: for every library, run\n"
				 "  git config --global user.name \"Your Name\"\n"
				 "  git config --global user.email you@example.org\n"
				 "or the same without --global for this library only "
				 "(or set %s and %s)", committer ? "committer (of a commit, or the "
				 "recorder of a round)" : "author of the commit",
				 committer ? "GIT_COMMITTER_NAME" : "GIT_AUTHOR_NAME",
				 committer ? "GIT_COMMITTER_EMAIL" : "GIT_AUTHOR_EMAIL");
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

/* Letters (any of UTF-8's too), digits, '.', '_' and '-' only. */
static int round_name_chars(const char *name)
{
	for (const unsigned char *p = (const unsigned char *)name; *p; p++)
		if (!(*p >= 0x80 || (*p >= 'a' && *p <= 'z') ||
		      (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
		      *p == '.' || *p == '_' || *p == '-'))
			return 0;
	return 1;
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
	    !*name || *name == '-' || *name == '.' ||
	    !round_name_chars(name)) {
		git_error_clear();
		clause_error_set("'%s' is not a valid round name: a round name is "
				 "one word of letters, digits, '.', '_' and '-', not "
				 "starting with '-' or '.', without '..', as 2, ta "
				 "or 2026-03-employer", name);
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
		char *line = strndup(p, n), *shown = line ? clause_visible(line) : NULL;

		/* A tag's message comes from anyone who pushed: shown
		 * visibly, line by line. */
		if (shown && n > 7 && strncmp(shown, "Party: ", 7) == 0) {
			free(rd->party);
			rd->party = strdup(shown + 7);
		} else if (shown) {
			clause_buf_puts(&note, shown);
			clause_buf_putc(&note, '\n');
		}
		free(line);
		free(shown);
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
	clause_qsort(out->v, out->n, sizeof(*out->v), round_cmp);
	return 0;
}
