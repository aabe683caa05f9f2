/* remote.h: sharing a library through git remotes (libgit2): clone,
 * named remotes, fetch, pull (fast-forward, or a pluggable merge step)
 * and push, with git-like credentials and transfer progress.
 *
 * Transports are libgit2's: a local path, file://, git://, http(s)://
 * and ssh:// (or user@host:path).  Credentials come, in order, from the
 * URL, from git's credential helpers (`git credential fill`, as git
 * itself does) and, for SSH, from ssh-agent; at most
 * CLAUSE_REMOTE_AUTH_ATTEMPTS are tried before giving up with a clear
 * message, never a loop.
 */
#ifndef CLAUSE_REMOTE_H
#define CLAUSE_REMOTE_H

#include <git2.h>
#include <stddef.h>

#include "git/repo.h"

#define CLAUSE_REMOTE_AUTH_ATTEMPTS 3	/* credentials tried per operation */

/* Where a transfer stands, for a progress display. */
struct clause_transfer {
	unsigned total_objects;		/* objects in the pack, 0 until known */
	unsigned received_objects;	/* objects downloaded so far */
	unsigned indexed_objects;	/* objects hashed so far */
	size_t received_bytes;		/* bytes downloaded so far */
	size_t total_files;		/* clone: files to check out, 0 until
					 * the checkout starts */
	size_t checked_out;		/* files checked out so far */
	unsigned copied_objects;	/* fetch from a library on this
					 * machine: objects copied so far */
	int copied_all;			/* and the copy is over */
};

/*
 * The step that joins two histories that have diverged.  This version
 * has none (pull refuses with CLAUSE_EDIVERGED); the clause-level merge
 * plugs in here.  Called by clause_remote_pull with HEAD's commit (ours),
 * the fetched commit (theirs) and a label for theirs ("origin/main").  It
 * must leave the library either merged (a commit with both parents on
 * the current branch, work tree and index updated, its id in *out) and
 * return 0, or untouched and return a negative code with the error set.
 */
struct clause_merge_step {
	int (*merge)(git_oid *out, struct clause_repo *repo, git_commit *ours,
		     git_commit *theirs, const char *their_label,
		     void *payload);
	void *payload;			/* passed to merge */
};

/* How an operation reports and what it may do; CLAUSE_REMOTE_OPTS_INIT
 * for none of it. */
struct clause_remote_opts {
	/* Transfer progress, or NULL for none. */
	void (*progress)(const struct clause_transfer *t, void *payload);
	/* One line the server sent for the user ("remote: ..."), without
	 * its newline, or NULL to drop them. */
	void (*message)(const char *line, void *payload);
	/* A local ref a fetch created or moved (old is zero when new), or
	 * NULL. */
	void (*updated)(const char *ref, const git_oid *old,
			const git_oid *now, void *payload);
	void *payload;			/* passed to all three */
	int rounds;			/* push: send the round tags too */
	const struct clause_merge_step *merge;	/* pull: or NULL */
};

#define CLAUSE_REMOTE_OPTS_INIT { NULL, NULL, NULL, NULL, 0, NULL }

/*
 * Clone `url` into `dir` (NULL: the last part of the URL without .git).
 * The clone is made in a hidden directory next to dir and renamed into
 * place only when complete, so an interrupted clone leaves no library
 * behind and can simply be run again (which removes what a killed clone
 * left in its hidden directory).  CLAUSE_EEXISTS when dir exists and
 * is not an empty directory.  *out is the directory, caller frees.
 */
int clause_remote_clone(char **out, const char *url, const char *dir,
			const struct clause_remote_opts *opts);

/* The directory a clone of `url` goes to by default; caller frees. */
char *clause_remote_default_dir(const char *url);

struct clause_remote_entry {
	char *name;		/* the remote's name, e.g. origin */
	char *url;		/* where it fetches from */
	char *push_url;		/* where it pushes to, when different, or NULL */
};

struct clause_remote_list {
	struct clause_remote_entry *v;	/* sorted by name */
	size_t n;
};

int clause_remote_add(struct clause_repo *repo, const char *name,
		      const char *url);
int clause_remote_remove(struct clause_repo *repo, const char *name);
int clause_remote_list(struct clause_remote_list *out,
		       struct clause_repo *repo);
void clause_remote_list_release(struct clause_remote_list *list);

/* The remote the current branch tracks, else "origin"; caller frees. */
int clause_remote_default(char **out, struct clause_repo *repo);

/*
 * Fetch from remote `name` with its configured refspecs (round tags that
 * point into what was fetched come along, existing ones never move).
 * Each ref is updated on its own, through its lock file, only once the
 * objects it names are in place: an interrupted fetch leaves every ref as
 * it was or as fetched.
 */
int clause_remote_fetch(struct clause_repo *repo, const char *name,
			const struct clause_remote_opts *opts);

/* What a pull did. */
enum clause_pull_result {
	CLAUSE_PULL_UP_TO_DATE,		/* nothing new */
	CLAUSE_PULL_FAST_FORWARD,	/* the branch moved to theirs */
	CLAUSE_PULL_MERGED		/* the merge step joined the two */
};

/*
 * Fetch `name` (NULL: the default remote), then bring the current branch
 * up to date with `branch` of that remote (NULL: the branch it tracks,
 * else the one of the same name).  A fast-forward updates the work tree
 * safely: when a local change (committed or not) would be overwritten,
 * nothing changes and the return is CLAUSE_EINVALID.  When the histories
 * have diverged, opts->merge is called; without one the return is
 * CLAUSE_EDIVERGED and nothing changes.  *result says what happened and
 * *new_head (if not NULL) where the branch is now.
 */
int clause_remote_pull(enum clause_pull_result *result, git_oid *new_head,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts);

/*
 * The same without a fetch, with revision `rev` of this library (a
 * branch, a round, origin/main, a commit id): clause merge.  Both refuse
 * while a merge waits to be settled (MERGE_HEAD).
 */
int clause_remote_merge(enum clause_pull_result *result, git_oid *new_head,
			struct clause_repo *repo, const char *rev,
			const struct clause_remote_opts *opts);

/* A ref the remote did not take, and why. */
struct clause_push_refusal {
	char *ref;		/* full name, e.g. refs/heads/main */
	char *reason;		/* the remote's word for it */
};

struct clause_push_result {
	struct clause_push_refusal *v;	/* refs refused, in push order */
	size_t n;
	size_t pushed;			/* refs sent */
	size_t rounds_left;		/* without opts->rounds: round tags
					 * here that the remote lacks */
};

/*
 * Push `branch` (NULL: the current branch) to the branch of the same name
 * on remote `name` (NULL: the default remote); with opts->rounds every
 * round tag too, without it res->rounds_left counts those that stay.  Never forced.  When the remote refuses any ref, each is
 * listed in *res with its reason and the return is CLAUSE_EINVALID: no
 * local ref changes for a refused ref (its remote-tracking ref stays).
 */
int clause_remote_push(struct clause_push_result *res,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts);
void clause_push_result_release(struct clause_push_result *res);

#endif
