/* clone.c: clause_remote_clone: a library copied from a remote into a
 * hidden directory, renamed into place only when complete. */
#include "git/transfer.h"
#include "util/buf.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

char *clause_remote_default_dir(const char *url)
{
	size_t end = strlen(url), start;

	while (end > 0 && url[end - 1] == '/')
		end--;
	if (end >= 4 && strncmp(url + end - 4, ".git", 4) == 0)
		end -= 4;
	while (end > 0 && url[end - 1] == '/')
		end--;
	start = end;
	while (start > 0 && url[start - 1] != '/' && url[start - 1] != ':')
		start--;
	if (start == end)
		return strdup("library");
	return strndup(url + start, end - start);
}

static int rm_entry(const char *path, const struct stat *st, int flag,
		    struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	remove(path);
	return 0;
}

static void remove_tree(const char *dir)
{
	nftw(dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Can a clone go to `dir`: absent, or an empty directory? */
static int destination_free(const char *dir)
{
	struct stat st;
	int empty = 1;

	if (lstat(dir, &st) < 0)
		return errno == ENOENT;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(dir);
		struct dirent *e;
		if (!d)
			return 0;
		while ((e = readdir(d)))
			if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
				empty = 0;
		closedir(d);
		return empty;
	}
	return 0;
}

/*
 * Remove what clones killed midway left next to dir: hidden directories
 * .BASE.clone-PID.XXXXXX whose process is gone.  A clone still running
 * (its process alive) is left alone.
 */
static void remove_stale(const char *parent, const char *base)
{
	struct clause_buf prefix = CLAUSE_BUF_INIT, path = CLAUSE_BUF_INIT;
	DIR *d = opendir(parent);
	struct dirent *e;

	if (!d)
		return;
	clause_buf_printf(&prefix, ".%s.clone-", base);
	while ((e = readdir(d))) {
		char *end;
		long pid;

		if (strncmp(e->d_name, prefix.ptr, prefix.len) != 0)
			continue;
		pid = strtol(e->d_name + prefix.len, &end, 10);
		if (pid <= 0 || *end != '.' || strlen(end) != 7 ||
		    (kill((pid_t)pid, 0) == 0 || errno != ESRCH))
			continue;
		clause_buf_clear(&path);
		clause_buf_printf(&path, "%s/%s", parent, e->d_name);
		remove_tree(path.ptr);
	}
	closedir(d);
	clause_buf_release(&prefix);
	clause_buf_release(&path);
}

/* Does the repository at `path` borrow objects from another one
 * (objects/info/alternates, as git clone --shared or --reference
 * leave)?  0 when it cannot be opened: the clone will say why. */
static int borrows_objects(const char *path)
{
	git_repository *git = NULL;
	git_buf objects = GIT_BUF_INIT;
	struct clause_buf alt = CLAUSE_BUF_INIT;
	int yes = 0;

	if (git_repository_open_ext(&git, path, GIT_REPOSITORY_OPEN_NO_SEARCH,
				    NULL) == 0 &&
	    git_repository_item_path(&objects, git,
				     GIT_REPOSITORY_ITEM_OBJECTS) == 0) {
		clause_buf_printf(&alt, "%s/info/alternates", objects.ptr);
		yes = access(alt.ptr, F_OK) == 0;
	}
	git_error_clear();
	clause_buf_release(&alt);
	git_buf_dispose(&objects);
	git_repository_free(git);
	return yes;
}

/*
 * How git_clone reads a library on this machine.
 *
 * Through libgit2's local transport a clone packs every object of the
 * source in our own process, with a delta search over the whole history
 * (15 s for 2,000 documents of five rounds, against 1.5 s to copy them).
 * Git copies the object database for a path; so do we, for file:// URLs
 * too.  A path hardlinks the object files, as git does: an object file
 * never changes once written, and a link outlives the source's gc or
 * removal.  A file:// URL is how git is asked for a clone that shares
 * nothing with the source, so there the files are copied: damage to
 * one copy (a bad disk block, a chmod) cannot reach the other, and the
 * clone stays a backup.  libgit2 copies when it cannot link (another
 * file system, files of another user).
 *
 * A source that borrows objects (alternates) goes through the transport
 * instead: a copy would carry the borrowing along, leaving the clone
 * dependent on a third repository (or broken, for a relative one),
 * where the transport gives it every object in a pack of its own.
 */
static git_clone_local_t local_mode(const char *url)
{
	struct clause_buf path = CLAUSE_BUF_INIT;
	git_clone_local_t mode;

	if (clause_transfer_is_local_path(url))
		mode = borrows_objects(url) ? GIT_CLONE_NO_LOCAL
					    : GIT_CLONE_LOCAL_AUTO;
	else if (clause_transfer_file_url_path(&path, url) == 0)
		mode = borrows_objects(path.ptr) ? GIT_CLONE_NO_LOCAL
						 : GIT_CLONE_LOCAL_NO_LINKS;
	else
		mode = GIT_CLONE_LOCAL_AUTO;	/* a network URL */
	clause_buf_release(&path);
	return mode;
}

/*
 * The remote's HEAD names no branch it has: an empty remote, or a hub
 * made by plain `git init --bare` (HEAD: master) that was pushed main.
 * Check out the branch a forge would: its only one, else main, else
 * master; an empty remote starts on main, as clause init does.
 */
static int adopt_a_branch(git_repository *git)
{
	static const char *const prefer[] = { "origin/main", "origin/master" };
	git_branch_iterator *it = NULL;
	git_reference *ref = NULL, *chosen = NULL, *local = NULL;
	git_commit *tip = NULL;
	git_checkout_options co = GIT_CHECKOUT_OPTIONS_INIT;
	git_branch_t type;
	int r;

	if (git_branch_iterator_new(&it, git, GIT_BRANCH_REMOTE) == 0)
		while (git_branch_next(&ref, &type, it) == 0) {
			const char *name = NULL;
			int better;

			git_branch_name(&name, ref);
			if (!name || strcmp(name, "origin/HEAD") == 0 ||
			    git_reference_type(ref) != GIT_REFERENCE_DIRECT) {
				git_reference_free(ref);
				continue;
			}
			better = !chosen || strcmp(name, prefer[0]) == 0 ||
				 (strcmp(name, prefer[1]) == 0 &&
				  strcmp(git_reference_shorthand(chosen), prefer[0]) != 0);
			if (better) {
				git_reference_free(chosen);
				chosen = ref;
			} else {
				git_reference_free(ref);
			}
		}
	git_branch_iterator_free(it);
	git_error_clear();
	if (!chosen)
		return git_repository_set_head(git, "refs/heads/main") < 0 ?
		       clause_error_from_git(-1, "cannot set HEAD") : 0;
	co.checkout_strategy = GIT_CHECKOUT_SAFE;
	{
		const char *name = git_reference_shorthand(chosen) + 7;	/* "origin/" */
		struct clause_buf head = CLAUSE_BUF_INIT;

		clause_buf_printf(&head, "refs/heads/%s", name);
		if ((r = git_commit_lookup(&tip, git, git_reference_target(chosen))) < 0 ||
		    (r = git_branch_create(&local, git, name, tip, 0)) < 0 ||
		    (r = git_branch_set_upstream(local, git_reference_shorthand(chosen))) < 0 ||
		    (r = git_repository_set_head(git, head.ptr)) < 0 ||
		    (r = git_checkout_head(git, &co)) < 0)
			r = clause_error_from_git(r, "cannot check out the remote's branch");
		clause_buf_release(&head);
	}
	git_commit_free(tip);
	git_reference_free(local);
	git_reference_free(chosen);
	return r;
}

int clause_remote_clone(char **out, const char *url, const char *dir,
			const struct clause_remote_opts *opts)
{
	git_clone_options co = GIT_CLONE_OPTIONS_INIT;
	git_repository *git = NULL;
	struct session s;
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	char *def = NULL, *abs = NULL, *parent = NULL, *base = NULL;
	const char *slash;
	mode_t mask;
	int r;

	*out = NULL;
	def = dir ? strdup(dir) : clause_remote_default_dir(url);
	if (!def)
		return clause_transfer_oom();
	/* "lib/" is "lib": the trailing slash must not reach the name of
	 * the hidden directory. */
	for (size_t n = strlen(def); n > 1 && def[n - 1] == '/'; n--)
		def[n - 1] = '\0';
	dir = def;
	if (!*dir || strcmp(dir, "/") == 0) {
		clause_error_set("cannot clone into '%s'", dir);
		r = CLAUSE_ERROR;
		goto done;
	}
	if (!destination_free(dir)) {
		clause_error_set("destination '%s' already exists and is not an "
				 "empty directory", dir);
		r = CLAUSE_EEXISTS;
		goto done;
	}
	/* The hidden directory sits next to dir, so that rename(2) can move
	 * it into place in one step. */
	slash = strrchr(dir, '/');
	parent = slash ? strndup(dir, (size_t)(slash - dir) + (slash == dir))
		       : strdup(".");
	base = strdup(slash ? slash + 1 : dir);
	abs = clause_transfer_absolute_url(url);
	if (!parent || !base || !abs) {
		r = clause_transfer_oom();
		goto done;
	}
	if (clause_transfer_is_local_path(url) && access(url, F_OK) < 0) {
		clause_error_set("cannot clone '%s': %s", url, strerror(errno));
		r = CLAUSE_ERROR;
		goto done;
	}
	remove_stale(parent, base);
	clause_buf_printf(&tmp, "%s/.%s.clone-%ld.XXXXXX", parent, base,
			  (long)getpid());
	if (!mkdtemp(tmp.ptr)) {
		clause_error_set("cannot create a directory next to '%s': %s",
				 dir, strerror(errno));
		r = CLAUSE_ERROR;
		goto done;
	}
	/* mkdtemp makes it private: give it the mode mkdir would. */
	mask = umask(0);
	umask(mask);
	chmod(tmp.ptr, 0777 & ~mask);
	clause_transfer_tls_setup(NULL);
	clause_transfer_session_init(&s, opts, abs, &co.fetch_opts.callbacks);
	co.checkout_opts.checkout_strategy = GIT_CHECKOUT_SAFE;
	co.checkout_opts.progress_cb = clause_transfer_checkout_progress;
	co.checkout_opts.progress_payload = &s;
	co.local = local_mode(abs);
	r = git_clone(&git, abs, tmp.ptr, &co);
	clause_transfer_session_end(&s, r == 0);
	if (r == 0 && git_repository_head_unborn(git) == 1)
		r = adopt_a_branch(git);
	git_repository_free(git);
	if (r < 0) {
		char *shown = clause_credentials_redact(url);
		struct clause_buf what = CLAUSE_BUF_INIT;
		clause_buf_printf(&what, "cannot clone '%s'", shown ? shown : url);
		clause_error_from_git(r, what.ptr);
		clause_buf_release(&what);
		free(shown);
		r = CLAUSE_ERROR;	/* whatever libgit2 said, a runtime error */
		goto done;
	}
	if (rename(tmp.ptr, dir) < 0) {
		clause_error_set("cannot move the clone into '%s': %s", dir,
				 strerror(errno));
		r = CLAUSE_ERROR;
		goto done;
	}
	clause_buf_clear(&tmp);
	if (!(*out = strdup(dir)))
		r = clause_transfer_oom();
done:
	if (tmp.len)
		remove_tree(tmp.ptr);
	clause_buf_release(&tmp);
	free(def);
	free(abs);
	free(parent);
	free(base);
	return r;
}
