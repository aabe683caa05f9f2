/* repo.h: a clause library in git (libgit2): open, resolve revisions,
 * rounds (annotated tags under refs/tags/round/).
 *
 * src/git/: a library as a git repository: opening it (repo.c),
 * committing the work tree (commit.c), the documents of a tree or of the
 * work tree (library.c), what changed between two (changed.c), a
 * clause's history (history.c), libgit2's start-up (gitinit.c), and
 * remotes (git/remote.h), in pieces that share git/transfer.h:
 *   transfer.c     the session of callbacks, TLS set-up, URL helpers
 *   credentials.c  credential helpers, ssh-agent, SSH host keys
 *   clone.c        clone into a hidden directory, renamed when complete
 *   remote.c       named remotes: add, remove, list, the default
 *   fetch.c        fetch, copying first from a library on this machine
 *   pull.c         pull: fast-forward, or the merge step
 *   push.c         push, refusing before sending what git would refuse
 */
#ifndef CLAUSE_REPO_H
#define CLAUSE_REPO_H

#include <git2.h>
#include <stddef.h>

#include "util/buf.h"
#include "doc/problem.h"

struct clause_repo {
	git_repository *git;	/* NULL when not inside a git repository */
	char *workdir;		/* work tree with a trailing '/', or NULL (bare) */
	char *prefix;		/* cwd relative to workdir, "" or "dir/"; scope */
};

#define CLAUSE_ROUND_PREFIX "round/"

/*
 * Open the library that contains `dir` (the current directory when NULL).
 * When `required` is 0 and dir is not inside a git repository, *out is a
 * repo with git == NULL whose workdir is dir itself.
 */
int clause_repo_open(struct clause_repo **out, const char *dir, int required);
void clause_repo_free(struct clause_repo *repo);

/*
 * Writers of one library take turns: commit, pull, merge and fetch hold
 * an exclusive lock (.git/clause/write.lock, flock) while they read HEAD
 * and move it, so that two at once both land instead of one failing with
 * "current tip is not the first parent".  Waits up to a minute for
 * another clause process; nested takes in one process share the lock.
 * The first take removes the lock files a killed writer left (those no
 * live process has open: util/stale.h), which would stop every later
 * commit, and takes back a checkout a killed writer cut short (below).
 * 0, or CLAUSE_ERROR with the error set; every 0 needs one unlock.
 */
int clause_repo_lock(struct clause_repo *repo);
void clause_repo_unlock(void);

/*
 * A checkout that may be cut short.  A merge writes the work tree before
 * it moves the branch (or, with conflicts, before MERGE_HEAD says a merge
 * is under way): killed between the two, the work tree would hold a
 * merge nothing records, and the next pull would refuse it as
 * uncommitted changes.  So, holding the lock, it first records its plan
 * (.git/clause/checkout: the commit HEAD is on and the tree it checks
 * out), and drops the plan once the branch has moved or the merge state
 * is written.  A plan found with HEAD still on its commit is taken back:
 * the work tree and git's index return to HEAD's tree (a safe checkout
 * from the planned tree, which touches only files as the checkout left
 * them, either way) and a merge state it left goes; the operation that
 * was cut short is then as if it had never begun.  clause_repo_lock does
 * it for every writer; clause_repo_plan_undo does it at once, for the
 * writer whose own checkout failed.  1 when a checkout was taken back, 0
 * when there was none to take back, or CLAUSE_ERROR with the error set
 * (the plan is kept, for the next writer to try again).
 */
int clause_repo_plan(struct clause_repo *repo, const git_oid *head,
		     const git_oid *tree);
void clause_repo_plan_done(struct clause_repo *repo);
int clause_repo_plan_undo(struct clause_repo *repo);
/* Whether this process's first take of the lock took back a checkout
 * another process left cut short (the command should say so: the work
 * tree changed under the user's eyes). */
int clause_repo_took_back(void);

/* Peel `rev` (any git revision, or a round name such as round/2) to a
 * commit; the caller frees it. */
int clause_repo_commit_of(git_commit **out, struct clause_repo *repo,
			  const char *rev);

/* Turn a path given on the command line (relative to the current
 * directory) into a path relative to the top of the work tree, without
 * "./" or "..".  Caller frees.  CLAUSE_EINVALID when it is outside. */
int clause_repo_relpath(char **out, struct clause_repo *repo, const char *arg);

/* Append the form in which the user should see `path` (relative to the
 * top of the work tree): relative to the current directory, or
 * LABEL:path for a path at revision `label`. */
void clause_repo_display(struct clause_buf *out, const struct clause_repo *repo,
			 const char *label, const char *path);

/* The author and committer identity, from GIT_AUTHOR_NAME/EMAIL when set,
 * else from git config; a clear error when neither is set. */
int clause_repo_signature(git_signature **out, struct clause_repo *repo,
			  int committer);

/* Create a new library: git init with branch main; *out is its top. */
int clause_repo_init(char **out, const char *dir, int *existed);

struct clause_round {
	char *name;		/* without the round/ prefix */
	char commit[41];	/* the commit it names */
	git_time_t when;	/* tagger date */
	int offset;		/* tagger time zone, minutes */
	char *tagger;		/* tagger name */
	char *party;		/* from the Party: trailer, or NULL */
	char *note;		/* the message without trailers */
};

struct clause_rounds {
	struct clause_round *v;	/* sorted by date, then name */
	size_t n;
};

int clause_round_add(struct clause_repo *repo, const char *name,
		     const char *rev, const char *note, const char *party);
int clause_round_list(struct clause_rounds *out, struct clause_repo *repo);
void clause_rounds_release(struct clause_rounds *r);

#endif
