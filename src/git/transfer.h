/* transfer.h: internal to the remote pieces of src/git/ (transfer.c,
 * credentials.c, clone.c, remote.c, fetch.c, pull.c, push.c); included by
 * nothing else, whose API is git/remote.h.
 *
 * What those pieces share: the session one operation hands to libgit2 as
 * the payload of its callbacks, and the helpers more than one of them
 * uses.  The calls go one way, down this list: pull calls fetch.c
 * (clause_remote_fetch); clone, fetch, pull and push call remote.c,
 * transfer.c and credentials.c; remote.c calls transfer.c; transfer.c
 * calls credentials.c, which calls none of them.
 */
#ifndef CLAUSE_TRANSFER_H
#define CLAUSE_TRANSFER_H

#include <git2.h>

#include "git/remote.h"
#include "util/buf.h"

/* What the libgit2 callbacks of one operation share. */
struct session {
	const struct clause_remote_opts *opts;	/* the caller's, or defaults */
	const char *url;		/* the remote's URL, for messages */
	unsigned attempts;		/* credentials handed out so far */
	int tried_agent;		/* ssh-agent was asked */
	char *user;			/* last user name from git credential */
	char *password;			/* and its password, to approve/reject */
	char *cred_url;			/* the URL they were asked for */
	struct clause_buf line;		/* a server message being assembled */
	struct clause_push_result *push;	/* refusals, when pushing */
	git_repository *git;		/* a fetch's: tags are reported by
					 * the commit they name */
};

/* --- transfer.c: the session and small helpers ----------------------- */

/* Set "out of memory" and return CLAUSE_ERROR. */
int clause_transfer_oom(void);

/* Is `url` a path on this machine (not scheme:// nor user@host:path)? */
int clause_transfer_is_local_path(const char *url);

/* A local path made absolute, any other URL as it is; caller frees. */
char *clause_transfer_absolute_url(const char *url);

/* The path a file:// URL names, into *out; CLAUSE_ENOTFOUND for any
 * other URL. */
int clause_transfer_file_url_path(struct clause_buf *out,
				  const char *url);

/* For a remote on this machine (a path or a file:// URL): 0 when it is
 * a git repository (a bare one, when `push`), else CLAUSE_ENOTFOUND or
 * CLAUSE_EINVALID with a message saying what is there and what to do.
 * 0 for every other URL, which only a connection can check. */
int clause_transfer_check_local(const char *url, int push);

/* A checkout's progress_cb, for a clone's last phase; payload: session. */
void clause_transfer_checkout_progress(const char *path, size_t done,
				       size_t total, void *payload);

/* The certificate authorities for HTTPS, as git takes them (`git`: the
 * library whose configuration counts, or NULL). */
void clause_transfer_tls_setup(git_repository *git);

/* Start a session for `url` (borrowed, as is opts) and install its
 * callbacks in *cb; clause_transfer_session_end when it is over. */
void clause_transfer_session_init(struct session *s,
				  const struct clause_remote_opts *opts,
				  const char *url, git_remote_callbacks *cb);
void clause_transfer_session_end(struct session *s, int ok);

/* --- credentials.c: credentials and host keys ------------------------ */

/* The URL without a password in it, for messages; caller frees. */
char *clause_credentials_redact(const char *url);

/* Tell git's credential helpers ("approve" or "reject") whether the
 * last credentials the session handed out worked, and forget them. */
void clause_credentials_verdict(struct session *s, const char *action);

/* The session's git_credential_acquire_cb; payload: the session. */
int clause_credentials_acquire(git_credential **out, const char *url,
			       const char *user_from_url, unsigned int allowed,
			       void *payload);

/* The session's git_transport_certificate_check_cb (SSH host keys). */
int clause_credentials_check_cert(git_cert *cert, int valid,
				  const char *host, void *payload);

/* --- remote.c: named remotes ----------------------------------------- */

/* CLAUSE_ERROR, with its message, unless `repo` is in git. */
int clause_remote_need_git(struct clause_repo *repo);

/* Look up remote `name`, with a clear message when there is none. */
int clause_remote_lookup(git_remote **out, struct clause_repo *repo,
			 const char *name);

/* The current branch's full ref name (refs/heads/X), even unborn;
 * caller frees. */
int clause_remote_current_branch(char **out, struct clause_repo *repo);

#endif
