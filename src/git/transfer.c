/* transfer.c: what every transfer shares: the session whose callbacks
 * libgit2 calls (progress, server messages, moved refs), the certificate
 * authorities for HTTPS, and small helpers on URLs. */
#include "git/transfer.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static const struct clause_remote_opts no_opts = CLAUSE_REMOTE_OPTS_INIT;

/* --- small helpers --------------------------------------------------- */

int clause_transfer_oom(void)
{
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

/* Is `url` a path to something on this machine (not scheme:// nor
 * user@host:path)? */
int clause_transfer_is_local_path(const char *url)
{
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');

	if (strstr(url, "://"))
		return 0;
	return !colon || (slash && slash < colon);
}

/* A local path made absolute, so that the remote still resolves from
 * any directory; any other URL as it is.  Caller frees. */
char *clause_transfer_absolute_url(const char *url)
{
	char real[PATH_MAX];

	if (clause_transfer_is_local_path(url) && realpath(url, real))
		return strdup(real);
	return strdup(url);
}

static int hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * The path a file:// URL names, read as libgit2 reads it ("file:///p" or
 * "file://localhost/p", %XX decoded), into *out; CLAUSE_ENOTFOUND for
 * any other URL, and for a file:// URL libgit2 would refuse.
 */
int clause_transfer_file_url_path(struct clause_buf *out,
				  const char *url)
{
	const char *p;

	if (strncmp(url, "file://", 7) != 0)
		return CLAUSE_ENOTFOUND;
	p = url + 7;
	if (strncmp(p, "localhost/", 10) == 0)
		p += 9;
	if (p[0] != '/' || p[1] == '/' || p[1] == '\0')
		return CLAUSE_ENOTFOUND;
	clause_buf_clear(out);
	for (; *p; p++) {
		int hi, lo;

		if (*p == '%' && (hi = hex_digit(p[1])) >= 0 &&
		    (lo = hex_digit(p[2])) >= 0) {
			if (clause_buf_putc(out, (char)(hi * 16 + lo)) < 0)
				return CLAUSE_ERROR;
			p += 2;
		} else if (clause_buf_putc(out, *p) < 0) {
			return CLAUSE_ERROR;
		}
	}
	return 0;
}

int clause_transfer_check_local(const char *url, int push)
{
	struct clause_buf p = CLAUSE_BUF_INIT;
	git_repository *hub = NULL;
	struct stat st;
	const char *path = url;
	int r = 0;

	if (clause_transfer_file_url_path(&p, url) == 0)
		path = p.ptr;
	else if (!clause_transfer_is_local_path(url))
		return 0;
	if (stat(path, &st) < 0) {
		clause_error_set("'%s' does not exist (%s): check the path, or make "
				 "a hub there first with git init --bare", path,
				 strerror(errno));
		r = CLAUSE_ENOTFOUND;
	} else if (git_repository_open_ext(&hub, path,
					   GIT_REPOSITORY_OPEN_NO_SEARCH, NULL) < 0) {
		git_error_clear();
		clause_error_set("'%s' is not a git repository: a remote is a "
				 "library or a hub made with git init --bare", path);
		r = CLAUSE_EINVALID;
	} else if (push && !git_repository_is_bare(hub)) {
		clause_error_set("'%s' is a library with a work tree, which a push "
				 "cannot update: push to a hub made with git init "
				 "--bare, or run clause pull in '%s' instead", path,
				 path);
		r = CLAUSE_EINVALID;
	}
	git_repository_free(hub);
	clause_buf_release(&p);
	return r;
}

/* --- libgit2 callbacks ----------------------------------------------- */

static int transfer_progress(const git_indexer_progress *st, void *payload)
{
	struct session *s = payload;
	struct clause_transfer t = { 0 };

	if (!s->opts->progress)
		return 0;
	t.total_objects = st->total_objects;
	t.received_objects = st->received_objects;
	t.indexed_objects = st->indexed_objects;
	t.received_bytes = st->received_bytes;
	s->opts->progress(&t, s->opts->payload);
	return 0;
}

/* The checkout that ends a clone, as the last phase of its progress: a
 * clone that copies a local object database has no other. */
void clause_transfer_checkout_progress(const char *path, size_t done,
				       size_t total, void *payload)
{
	struct session *s = payload;
	struct clause_transfer t = { 0 };

	(void)path;
	if (!s->opts->progress || !total)
		return;
	t.total_files = total;
	t.checked_out = done;
	s->opts->progress(&t, s->opts->payload);
}

/* Text the server sends for the user, in pieces: pass on whole lines.
 * Pieces ended by a carriage return are the server's own progress
 * counters: dropped. */
static int sideband(const char *str, int len, void *payload)
{
	struct session *s = payload;

	for (int i = 0; i < len; i++) {
		char c = str[i];
		if (c != '\n' && c != '\r') {
			if (s->line.len < 4096)
				clause_buf_putc(&s->line, c);
			continue;
		}
		if (c == '\n' && s->line.len && s->opts->message)
			s->opts->message(s->line.ptr, s->opts->payload);
		clause_buf_clear(&s->line);
	}
	return 0;
}

/* *id, a tag, becomes the commit it names (kept when it is no tag, or
 * not here). */
static void peel_to_commit(git_oid *id, git_repository *git)
{
	git_object *o = NULL, *c = NULL;

	if (git_oid_is_zero(id))
		return;
	if (git_object_lookup(&o, git, id, GIT_OBJECT_ANY) == 0 &&
	    git_object_peel(&c, o, GIT_OBJECT_COMMIT) == 0)
		git_oid_cpy(id, git_object_id(c));
	git_error_clear();
	git_object_free(c);
	git_object_free(o);
}

static int update_tips(const char *ref, const git_oid *old,
		       const git_oid *now, void *payload)
{
	struct session *s = payload;
	git_oid o = *old, n = *now;

	if (!s->opts->updated)
		return 0;
	/* A round is an annotated tag: say the commit it names, as clause
	 * round list and git log do, not the tag object's own id. */
	if (s->git && strncmp(ref, "refs/tags/", 10) == 0) {
		peel_to_commit(&o, s->git);
		peel_to_commit(&n, s->git);
	}
	s->opts->updated(ref, &o, &n, s->opts->payload);
	return 0;
}

/*
 * The certificate authorities for HTTPS, as git takes them: the file in
 * GIT_SSL_CAINFO, else http.sslCAInfo from git's configuration (the
 * library's, when there is one), else the system's.
 */
void clause_transfer_tls_setup(git_repository *git)
{
	git_config *cfg = NULL;
	git_buf file = GIT_BUF_INIT;
	const char *env = getenv("GIT_SSL_CAINFO");

	if (env && *env) {
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, env, NULL);
		return;
	}
	if ((git ? git_repository_config_snapshot(&cfg, git)
		 : git_config_open_default(&cfg)) == 0 &&
	    git_config_get_path(&file, cfg, "http.sslCAInfo") == 0)
		git_libgit2_opts(GIT_OPT_SET_SSL_CERT_LOCATIONS, file.ptr, NULL);
	git_error_clear();
	git_buf_dispose(&file);
	git_config_free(cfg);
}

void clause_transfer_session_init(struct session *s,
				  const struct clause_remote_opts *opts,
				  const char *url, git_remote_callbacks *cb)
{
	memset(s, 0, sizeof(*s));
	s->opts = opts ? opts : &no_opts;
	s->url = url;
	clause_buf_init(&s->line);
	cb->credentials = clause_credentials_acquire;
	cb->certificate_check = clause_credentials_check_cert;
	cb->transfer_progress = transfer_progress;
	cb->sideband_progress = sideband;
	cb->update_tips = update_tips;
	cb->payload = s;
}

/* The operation is over: tell the credential helpers the last
 * credentials worked (ok) or not. */
void clause_transfer_session_end(struct session *s, int ok)
{
	clause_credentials_verdict(s, ok ? "approve" : "reject");
	clause_buf_release(&s->line);
}
