/* remote.c: clone, remotes, fetch, pull and push through libgit2. */
#include "git/remote.h"
#include "util/buf.h"
#include "util/error.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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
};

static const struct clause_remote_opts no_opts = CLAUSE_REMOTE_OPTS_INIT;

/* --- small helpers --------------------------------------------------- */

static int clause_transfer_oom(void)
{
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

/* The URL without a password in it, for messages; caller frees. */
static char *clause_credentials_redact(const char *url)
{
	const char *scheme = strstr(url, "://");
	const char *at, *colon, *start;
	struct clause_buf b = CLAUSE_BUF_INIT;

	if (!scheme)
		return strdup(url);
	start = scheme + 3;
	at = strchr(start, '@');
	colon = strchr(start, ':');
	if (!at || !colon || colon > at || strchr(start, '/') < at)
		return strdup(url);
	clause_buf_put(&b, url, (size_t)(colon - url));
	clause_buf_puts(&b, at);
	return clause_buf_detach(&b);
}

/* Is `url` a path to something on this machine (not scheme:// nor
 * user@host:path)? */
static int clause_transfer_is_local_path(const char *url)
{
	const char *colon = strchr(url, ':');
	const char *slash = strchr(url, '/');

	if (strstr(url, "://"))
		return 0;
	return !colon || (slash && slash < colon);
}

/* A local path made absolute, so that the remote still resolves from
 * any directory; any other URL as it is.  Caller frees. */
static char *clause_transfer_absolute_url(const char *url)
{
	char real[PATH_MAX];

	if (clause_transfer_is_local_path(url) && realpath(url, real))
		return strdup(real);
	return strdup(url);
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

/*
 * Run `git credential ACTION` with `input` on its standard input; its
 * standard output goes to *out (if not NULL).  Its standard error is
 * dropped: a prompt that git cannot show is our error to report.
 * Returns git's exit status, or -1 if it could not be run.
 */
static int run_credential(struct clause_buf *out, const char *action,
			  const char *input)
{
	int in[2], res[2], status = -1;
	struct sigaction ign, old;
	pid_t pid;
	size_t len = strlen(input), off = 0;
	char chunk[1024];
	ssize_t n;

	if (pipe(in) < 0)
		return -1;
	if (pipe(res) < 0) {
		close(in[0]);
		close(in[1]);
		return -1;
	}
	pid = fork();
	if (pid < 0) {
		close(in[0]);
		close(in[1]);
		close(res[0]);
		close(res[1]);
		return -1;
	}
	if (pid == 0) {
		int devnull = open("/dev/null", O_WRONLY);
		dup2(in[0], 0);
		dup2(res[1], 1);
		if (devnull >= 0)
			dup2(devnull, 2);
		close(in[0]);
		close(in[1]);
		close(res[0]);
		close(res[1]);
		execlp("git", "git", "credential", action, (char *)NULL);
		_exit(127);
	}
	close(in[0]);
	close(res[1]);
	/* git may exit without reading: no SIGPIPE for that. */
	memset(&ign, 0, sizeof(ign));
	ign.sa_handler = SIG_IGN;
	sigaction(SIGPIPE, &ign, &old);
	while (off < len) {
		n = write(in[1], input + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	close(in[1]);
	sigaction(SIGPIPE, &old, NULL);
	while ((n = read(res[0], chunk, sizeof(chunk))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		if (out && out->len < 65536)
			clause_buf_put(out, chunk, (size_t)n);
	}
	close(res[0]);
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* The value of "key=" in git credential's output; caller frees. */
static char *credential_field(const char *text, const char *key)
{
	size_t klen = strlen(key);
	const char *p = text;

	while (*p) {
		size_t n = strcspn(p, "\n");
		if (n > klen && strncmp(p, key, klen) == 0 && p[klen] == '=')
			return strndup(p + klen + 1, n - klen - 1);
		p += n;
		if (*p)
			p++;
	}
	return NULL;
}

/* Tell git's credential helpers whether the last credentials worked. */
static void clause_credentials_verdict(struct session *s, const char *action)
{
	struct clause_buf in = CLAUSE_BUF_INIT;

	if (!s->user || !s->password)
		return;
	clause_buf_printf(&in, "url=%s\nusername=%s\npassword=%s\n\n",
			  s->cred_url, s->user, s->password);
	run_credential(NULL, action, in.ptr);
	clause_buf_release(&in);
	free(s->user);
	free(s->password);
	free(s->cred_url);
	s->user = s->password = s->cred_url = NULL;
}

/* --- libgit2 callbacks ----------------------------------------------- */

/*
 * Credentials, as git finds them: ssh-agent for SSH; for HTTP, libgit2
 * has already tried a user:password in the URL, so ask git's credential
 * helpers (which also read a user name from the URL).  libgit2 calls
 * this again after every refusal, for ever: stop after a few attempts.
 */
static int clause_credentials_acquire(git_credential **out, const char *url,
		       const char *user_from_url, unsigned int allowed,
		       void *payload)
{
	struct session *s = payload;
	struct clause_buf in = CLAUSE_BUF_INIT, res = CLAUSE_BUF_INIT;
	char *shown = clause_credentials_redact(url);
	char msg[512];
	int r = GIT_EAUTH;

	/* The credentials handed out last time did not work. */
	clause_credentials_verdict(s, "reject");
	if (s->attempts >= CLAUSE_REMOTE_AUTH_ATTEMPTS) {
		snprintf(msg, sizeof(msg), "authentication failed for '%s' "
			 "after %u attempts", shown ? shown : url, s->attempts);
		git_error_set_str(GIT_ERROR_NET, msg);
		goto done;
	}
	s->attempts++;
	if (allowed & GIT_CREDENTIAL_SSH_KEY) {
		if (s->tried_agent) {
			snprintf(msg, sizeof(msg), "authentication failed for "
				 "'%s': ssh-agent has no key the server accepts",
				 shown ? shown : url);
			git_error_set_str(GIT_ERROR_NET, msg);
			goto done;
		}
		s->tried_agent = 1;
		if (!getenv("SSH_AUTH_SOCK")) {
			snprintf(msg, sizeof(msg), "no ssh-agent (SSH_AUTH_SOCK "
				 "is not set): start one and add your key with "
				 "ssh-add");
			git_error_set_str(GIT_ERROR_SSH, msg);
			goto done;
		}
		r = git_credential_ssh_key_from_agent(out, user_from_url ?
						      user_from_url : "git");
		goto done;
	}
	if (allowed & GIT_CREDENTIAL_USERNAME) {
		r = git_credential_username_new(out, user_from_url ?
						user_from_url : "git");
		goto done;
	}
	if (!(allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) {
		snprintf(msg, sizeof(msg), "'%s' asks for a kind of "
			 "authentication clause cannot give", shown ? shown : url);
		git_error_set_str(GIT_ERROR_NET, msg);
		goto done;
	}
	/* A line break would let the URL say more than its URL to the
	 * helpers (as in CVE-2020-5260): refuse it. */
	if (strpbrk(url, "\r\n") ||
	    (user_from_url && strpbrk(user_from_url, "\r\n"))) {
		git_error_set_str(GIT_ERROR_NET, "the URL has a line break in it: "
				  "refusing to ask for credentials");
		goto done;
	}
	clause_buf_printf(&in, "url=%s\n", url);
	if (user_from_url && !strstr(url, "@"))
		clause_buf_printf(&in, "username=%s\n", user_from_url);
	clause_buf_putc(&in, '\n');
	if (run_credential(&res, "fill", in.ptr) != 0) {
		snprintf(msg, sizeof(msg), "authentication required for '%s' "
			 "and no credentials found (configure a git credential "
			 "helper: see gitcredentials(7))",
			 shown ? shown : url);
		git_error_set_str(GIT_ERROR_NET, msg);
		goto done;
	}
	s->user = credential_field(res.ptr, "username");
	s->password = credential_field(res.ptr, "password");
	s->cred_url = strdup(url);
	if (!s->user || !s->password || !s->cred_url) {
		snprintf(msg, sizeof(msg), "git credential fill gave no user "
			 "name and password for '%s'", shown ? shown : url);
		git_error_set_str(GIT_ERROR_NET, msg);
		goto done;
	}
	r = git_credential_userpass_plaintext_new(out, s->user, s->password);
done:
	free(shown);
	clause_buf_release(&in);
	clause_buf_release(&res);
	return r;
}

/* Standard base64, for comparing host keys with known_hosts lines. */
static void base64(struct clause_buf *out, const unsigned char *p, size_t n)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

	for (size_t i = 0; i < n; i += 3) {
		unsigned v = (unsigned)p[i] << 16;
		if (i + 1 < n)
			v |= (unsigned)p[i + 1] << 8;
		if (i + 2 < n)
			v |= p[i + 2];
		clause_buf_putc(out, tab[(v >> 18) & 63]);
		clause_buf_putc(out, tab[(v >> 12) & 63]);
		clause_buf_putc(out, i + 1 < n ? tab[(v >> 6) & 63] : '=');
		clause_buf_putc(out, i + 2 < n ? tab[v & 63] : '=');
	}
}

/* The port in an ssh:// URL, or 0. */
static int url_port(const char *url)
{
	const char *p = strstr(url, "://"), *colon;

	if (!p)
		return 0;
	p += 3;
	if (strchr(p, '@') && strchr(p, '@') < strchr(p, '/'))
		p = strchr(p, '@') + 1;
	colon = strchr(p, ':');
	if (!colon || (strchr(p, '/') && colon > strchr(p, '/')))
		return 0;
	return atoi(colon + 1);
}

/* Is `key` (base64) listed for `host` in `file`?  ssh-keygen -F reads
 * hashed entries too. */
static int known_host(const char *file, const char *host, const char *key)
{
	struct clause_buf cmd = CLAUSE_BUF_INIT, out = CLAUSE_BUF_INIT;
	char buf[4096];
	FILE *p;
	size_t n;
	int found;

	if (access(file, R_OK) < 0 || strchr(host, '\'') || strchr(file, '\''))
		return 0;
	clause_buf_printf(&cmd, "ssh-keygen -F '%s' -f '%s' 2>/dev/null",
			  host, file);
	p = popen(cmd.ptr, "r");
	if (p) {
		while ((n = fread(buf, 1, sizeof(buf), p)) > 0)
			clause_buf_put(&out, buf, n);
		pclose(p);
	}
	found = out.len && strstr(out.ptr, key) != NULL;
	clause_buf_release(&cmd);
	clause_buf_release(&out);
	return found;
}

/*
 * HTTPS certificates are checked by libgit2 against the system's
 * authorities (GIT_PASSTHROUGH keeps its verdict).  libgit2 1.5 does not
 * check SSH host keys at all: do it as ssh does, against
 * ~/.ssh/known_hosts and /etc/ssh/ssh_known_hosts.
 */
static int clause_credentials_check_cert(git_cert *cert, int valid,
					 const char *host, void *payload)
{
	struct session *s = payload;
	const git_cert_hostkey *hk = (const git_cert_hostkey *)cert;
	struct clause_buf key = CLAUSE_BUF_INIT, name = CLAUSE_BUF_INIT,
			  file = CLAUSE_BUF_INIT;
	const char *home = getenv("HOME");
	int port = url_port(s->url), ok;
	char msg[512];

	(void)valid;	/* always 0 for SSH in libgit2 1.5: it checks nothing */
	if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
		return GIT_PASSTHROUGH;
	if (!(hk->type & GIT_CERT_SSH_RAW)) {
		git_error_set_str(GIT_ERROR_SSH, "cannot check the host key");
		return GIT_ECERTIFICATE;
	}
	base64(&key, (const unsigned char *)hk->hostkey, hk->hostkey_len);
	if (port && port != 22)
		clause_buf_printf(&name, "[%s]:%d", host, port);
	else
		clause_buf_puts(&name, host);
	clause_buf_printf(&file, "%s/.ssh/known_hosts", home ? home : "");
	ok = known_host(file.ptr, name.ptr, key.ptr) ||
	     known_host("/etc/ssh/ssh_known_hosts", name.ptr, key.ptr);
	if (!ok) {
		char how[128];
		if (port && port != 22)
			snprintf(how, sizeof(how), "ssh -p %d %s", port, host);
		else
			snprintf(how, sizeof(how), "ssh %s", host);
		snprintf(msg, sizeof(msg), "the host key of '%s' is not in "
			 "known_hosts: check it and record it ('%s' asks once), "
			 "then try again", name.ptr, how);
		git_error_set_str(GIT_ERROR_SSH, msg);
	}
	clause_buf_release(&key);
	clause_buf_release(&name);
	clause_buf_release(&file);
	return ok ? 0 : GIT_ECERTIFICATE;
}

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
static void clause_transfer_checkout_progress(const char *path, size_t done,
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

static int update_tips(const char *ref, const git_oid *old,
		       const git_oid *now, void *payload)
{
	struct session *s = payload;

	if (s->opts->updated)
		s->opts->updated(ref, old, now, s->opts->payload);
	return 0;
}

static int push_update_reference(const char *ref, const char *status,
				 void *payload)
{
	struct session *s = payload;
	struct clause_push_result *res = s->push;
	struct clause_push_refusal *v;

	if (!status || !res)
		return 0;
	v = realloc(res->v, (res->n + 1) * sizeof(*v));
	if (!v)
		return -1;
	res->v = v;
	v[res->n].ref = strdup(ref);
	v[res->n].reason = strdup(status);
	res->n++;
	return 0;
}

/*
 * The certificate authorities for HTTPS, as git takes them: the file in
 * GIT_SSL_CAINFO, else http.sslCAInfo from git's configuration (the
 * library's, when there is one), else the system's.
 */
static void clause_transfer_tls_setup(git_repository *git)
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

static void clause_transfer_session_init(struct session *s,
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
	cb->push_update_reference = push_update_reference;
	cb->update_tips = update_tips;
	cb->payload = s;
}

/* The operation is over: tell the credential helpers the last
 * credentials worked (ok) or not. */
static void clause_transfer_session_end(struct session *s, int ok)
{
	clause_credentials_verdict(s, ok ? "approve" : "reject");
	clause_buf_release(&s->line);
}

/* --- clone ------------------------------------------------------------ */

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
static int clause_transfer_file_url_path(struct clause_buf *out,
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
	if (r == 0 && git_repository_head_unborn(git) == 1) {
		/* An empty remote: start on main, as clause init does. */
		git_repository_set_head(git, "refs/heads/main");
	}
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

/* --- remotes ---------------------------------------------------------- */

static int clause_remote_need_git(struct clause_repo *repo)
{
	if (repo->git)
		return 0;
	clause_error_set("not in a clause library");
	return CLAUSE_ERROR;
}

int clause_remote_add(struct clause_repo *repo, const char *name,
		      const char *url)
{
	git_remote *remote = NULL;
	char *abs = NULL;
	int r, valid = 0;

	if ((r = clause_remote_need_git(repo)) < 0)
		return r;

	if (git_remote_name_is_valid(&valid, name) < 0 || !valid) {
		git_error_clear();
		clause_error_set("'%s' is not a valid remote name", name);
		return CLAUSE_EUSAGE;
	}
	if (!(abs = clause_transfer_absolute_url(url)))
		return clause_transfer_oom();
	r = git_remote_create(&remote, repo->git, name, abs);
	if (r == GIT_EEXISTS) {
		git_error_clear();
		clause_error_set("remote '%s' already exists", name);
		r = CLAUSE_EEXISTS;
	} else if (r < 0) {
		r = clause_error_from_git(r, "cannot add the remote");
		if (r == CLAUSE_ENOTFOUND)
			r = CLAUSE_ERROR;
	}
	git_remote_free(remote);
	free(abs);
	return r;
}

/* Look up remote `name`, with a clear message when there is none. */
static int clause_remote_lookup(git_remote **out, struct clause_repo *repo,
				const char *name)
{
	int r = git_remote_lookup(out, repo->git, name);

	if (r == GIT_ENOTFOUND || r == GIT_EINVALIDSPEC) {
		git_error_clear();
		clause_error_set("no remote named '%s' (add one with clause "
				 "remote add)", name);
		return CLAUSE_ENOTFOUND;
	}
	if (r < 0)
		return clause_error_from_git(r, "cannot read the remote");
	return 0;
}

int clause_remote_remove(struct clause_repo *repo, const char *name)
{
	git_remote *remote = NULL;
	int r;

	if ((r = clause_remote_need_git(repo)) < 0 ||
	    (r = clause_remote_lookup(&remote, repo, name)) < 0)
		return r;
	git_remote_free(remote);
	if ((r = git_remote_delete(repo->git, name)) < 0)
		return clause_error_from_git(r, "cannot remove the remote");
	return 0;
}

void clause_remote_list_release(struct clause_remote_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].name);
		free(list->v[i].url);
		free(list->v[i].push_url);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct clause_remote_entry *)a)->name,
		      ((const struct clause_remote_entry *)b)->name);
}

int clause_remote_list(struct clause_remote_list *out, struct clause_repo *repo)
{
	git_strarray names = { NULL, 0 };
	int r;

	out->v = NULL;
	out->n = 0;
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if ((r = git_remote_list(&names, repo->git)) < 0)
		return clause_error_from_git(r, "cannot list the remotes");
	out->v = calloc(names.count ? names.count : 1, sizeof(*out->v));
	if (!out->v) {
		git_strarray_dispose(&names);
		return clause_transfer_oom();
	}
	for (size_t i = 0; i < names.count; i++) {
		struct clause_remote_entry *e = &out->v[out->n];
		git_remote *remote = NULL;
		const char *url, *push;

		if (git_remote_lookup(&remote, repo->git, names.strings[i]) < 0) {
			git_error_clear();
			continue;
		}
		url = git_remote_url(remote);
		push = git_remote_pushurl(remote);
		e->name = strdup(names.strings[i]);
		e->url = strdup(url ? url : "");
		e->push_url = push && strcmp(push, url ? url : "") ? strdup(push)
								   : NULL;
		out->n++;
		git_remote_free(remote);
	}
	git_strarray_dispose(&names);
	qsort(out->v, out->n, sizeof(*out->v), entry_cmp);
	return 0;
}

/* The current branch's full ref name (refs/heads/X), even unborn. */
static int clause_remote_current_branch(char **out, struct clause_repo *repo)
{
	git_reference *head = NULL;
	int r;

	*out = NULL;
	if ((r = git_reference_lookup(&head, repo->git, "HEAD")) < 0)
		return clause_error_from_git(r, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    strncmp(git_reference_symbolic_target(head), "refs/heads/", 11)) {
		git_reference_free(head);
		clause_error_set("not on a branch (HEAD is detached)");
		return CLAUSE_ERROR;
	}
	*out = strdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return *out ? 0 : clause_transfer_oom();
}

int clause_remote_default(char **out, struct clause_repo *repo)
{
	git_buf buf = GIT_BUF_INIT;
	char *branch = NULL;
	int r;

	*out = NULL;
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if (clause_remote_current_branch(&branch, repo) == 0 &&
	    git_branch_upstream_remote(&buf, repo->git, branch) == 0)
		*out = strdup(buf.ptr);
	else
		*out = strdup("origin");
	git_error_clear();
	clause_error_clear();
	git_buf_dispose(&buf);
	free(branch);
	return *out ? 0 : clause_transfer_oom();
}

/* --- fetch ------------------------------------------------------------ */

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

		if (git_tree_entry_type(e) == GIT_OBJECT_TREE)
			r = seed_tree(sd, git_tree_entry_id(e));
		else if (git_tree_entry_type(e) == GIT_OBJECT_BLOB)
			r = seed_object(sd, git_tree_entry_id(e));
		/* else a submodule's commit: not in this database */
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
	switch (git_tag_target_type(tag)) {
	case GIT_OBJECT_TAG:
		r = seed_tag(sd, target);
		break;
	case GIT_OBJECT_TREE:
		r = seed_tree(sd, target);
		break;
	case GIT_OBJECT_BLOB:
		r = seed_object(sd, target);
		break;
	default:
		break;
	}
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
	clause_transfer_tls_setup(repo->git);
	clause_transfer_session_init(&s, opts, git_remote_url(remote),
				     &fo.callbacks);
	r = seed_from_local(repo->git, git_remote_url(remote), &s);
	if (r == 0)
		r = git_remote_fetch(remote, NULL, &fo, NULL);
	clause_transfer_session_end(&s, r == 0);
	if (r < 0) {
		clause_buf_printf(&what, "cannot fetch from '%s'", name);
		clause_error_from_git(r, what.ptr);
		r = CLAUSE_ERROR;
	}
	clause_buf_release(&what);
	git_remote_free(remote);
	return r;
}

/* --- pull ------------------------------------------------------------- */

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

int clause_remote_pull(enum clause_pull_result *result, git_oid *new_head,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts)
{
	git_remote *remote = NULL;
	git_reference *their_ref = NULL;
	git_annotated_commit *ann = NULL;
	git_commit *ours = NULL, *theirs = NULL;
	git_merge_analysis_t analysis;
	git_merge_preference_t pref;
	git_buf upstream = GIT_BUF_INIT;
	struct clause_buf src = CLAUSE_BUF_INIT, label = CLAUSE_BUF_INIT;
	char *def = NULL, *local = NULL, *track = NULL;
	int r;

	*result = CLAUSE_PULL_UP_TO_DATE;
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if (!repo->workdir) {
		clause_error_set("pull needs a work tree (this library is bare)");
		return CLAUSE_ERROR;
	}
	if ((r = clause_remote_current_branch(&local, repo)) < 0)
		goto done;
	if (!name) {
		if ((r = clause_remote_default(&def, repo)) < 0)
			goto done;
		name = def;
	}
	if ((r = clause_remote_lookup(&remote, repo, name)) < 0 ||
	    (r = clause_remote_fetch(repo, name, opts)) < 0)
		goto done;
	/* Which branch of theirs: given, tracked, or the same name. */
	if (branch) {
		clause_buf_printf(&src, "refs/heads/%s", branch);
	} else {
		git_buf rem = GIT_BUF_INIT;
		if (git_branch_upstream_remote(&rem, repo->git, local) == 0 &&
		    strcmp(rem.ptr, name) == 0 &&
		    git_branch_upstream_merge(&upstream, repo->git, local) == 0)
			clause_buf_puts(&src, upstream.ptr);
		else
			clause_buf_puts(&src, local);
		git_buf_dispose(&rem);
		git_error_clear();
	}
	if ((r = tracking_ref(&track, remote, src.ptr)) < 0)
		goto done;
	clause_buf_printf(&label, "%s/%s", name,
			  src.ptr + (strncmp(src.ptr, "refs/heads/", 11) ? 0 : 11));
	if (git_reference_lookup(&their_ref, repo->git, track) < 0) {
		git_error_clear();
		clause_error_set("remote '%s' has no branch '%s'", name,
				 src.ptr + (strncmp(src.ptr, "refs/heads/", 11) ? 0 : 11));
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if ((r = git_annotated_commit_from_ref(&ann, repo->git, their_ref)) < 0 ||
	    (r = git_commit_lookup(&theirs, repo->git,
				   git_annotated_commit_id(ann))) < 0 ||
	    (r = git_merge_analysis(&analysis, &pref, repo->git,
				    (const git_annotated_commit **)&ann, 1)) < 0) {
		r = clause_error_from_git(r, "cannot compare the branches");
		goto done;
	}
	if (analysis & GIT_MERGE_ANALYSIS_UP_TO_DATE) {
		*result = CLAUSE_PULL_UP_TO_DATE;
		if (new_head)
			git_reference_name_to_id(new_head, repo->git, "HEAD");
		r = 0;
		goto done;
	}
	if (analysis & (GIT_MERGE_ANALYSIS_FASTFORWARD | GIT_MERGE_ANALYSIS_UNBORN)) {
		r = fast_forward(repo, local, theirs,
				 (analysis & GIT_MERGE_ANALYSIS_UNBORN) != 0,
				 label.ptr);
		if (r == 0) {
			*result = CLAUSE_PULL_FAST_FORWARD;
			if (new_head)
				git_oid_cpy(new_head, git_commit_id(theirs));
		}
		goto done;
	}
	/*
	 * The histories have diverged.  THE MERGE STEP PLUGS IN HERE: a
	 * clause-level three-way merge given through opts->merge.
	 */
	if ((r = git_revparse_single((git_object **)&ours, repo->git,
				     "HEAD^{commit}")) < 0) {
		r = clause_error_from_git(r, "cannot read HEAD");
		goto done;
	}
	if (opts && opts->merge && opts->merge->merge) {
		git_oid merged;
		r = opts->merge->merge(&merged, repo, ours, theirs, label.ptr,
				       opts->merge->payload);
		if (r == 0) {
			*result = CLAUSE_PULL_MERGED;
			if (new_head)
				git_oid_cpy(new_head, &merged);
		}
		goto done;
	} else {
		size_t ahead = 0, behind = 0;
		git_graph_ahead_behind(&ahead, &behind, repo->git,
				       git_commit_id(ours), git_commit_id(theirs));
		git_error_clear();
		clause_error_set("'%s' and '%s' have diverged (%zu and %zu "
				 "commits of their own): a clause-level merge is "
				 "needed, which this version of clause cannot do "
				 "yet; nothing was changed", local + 11, label.ptr,
				 ahead, behind);
		r = CLAUSE_EDIVERGED;
	}
done:
	git_buf_dispose(&upstream);
	clause_buf_release(&src);
	clause_buf_release(&label);
	git_commit_free(ours);
	git_commit_free(theirs);
	git_annotated_commit_free(ann);
	git_reference_free(their_ref);
	git_remote_free(remote);
	free(def);
	free(local);
	free(track);
	return r;
}

/* --- push ------------------------------------------------------------- */

void clause_push_result_release(struct clause_push_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->v[i].ref);
		free(res->v[i].reason);
	}
	free(res->v);
	res->v = NULL;
	res->n = 0;
	res->pushed = 0;
}

static int refuse(struct clause_push_result *res, const char *ref,
		  const char *reason)
{
	struct clause_push_refusal *v = realloc(res->v, (res->n + 1) * sizeof(*v));

	if (!v)
		return clause_transfer_oom();
	res->v = v;
	v[res->n].ref = strdup(ref);
	v[res->n].reason = strdup(reason);
	res->n++;
	return 0;
}

static int object_exists(git_repository *git, const git_oid *id)
{
	git_odb *odb = NULL;
	int yes = git_repository_odb(&odb, git) == 0 && git_odb_exists(odb, id);

	git_odb_free(odb);
	return yes;
}

/* A ref the remote advertised, copied out of the connection. */
struct advert {
	char *name;		/* full ref name */
	git_oid oid;		/* what it names there */
};

static void adverts_free(struct advert *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * The refs of the remote, as its fetch side advertises them.  (Asking
 * the push side would do as well, but libgit2 1.5 leaks a connection
 * that fails in the push direction; the push itself connects again.)
 */
static int list_remote(struct advert **out, size_t *n, git_remote *remote,
		       const git_remote_callbacks *cb,
		       const git_proxy_options *proxy)
{
	const git_remote_head **heads = NULL;
	size_t count = 0;
	int r;

	*out = NULL;
	*n = 0;
	if ((r = git_remote_connect(remote, GIT_DIRECTION_FETCH, cb, proxy,
				    NULL)) < 0)
		return r;
	if ((r = git_remote_ls(&heads, &count, remote)) == 0 &&
	    !(*out = calloc(count ? count : 1, sizeof(**out))))
		r = -1;
	for (size_t i = 0; r == 0 && i < count; i++) {
		if (!((*out)[i].name = strdup(heads[i]->name))) {
			r = -1;
			break;
		}
		git_oid_cpy(&(*out)[i].oid, &heads[i]->oid);
		*n = i + 1;
	}
	git_remote_disconnect(remote);
	if (r < 0) {
		adverts_free(*out, *n);
		*out = NULL;
		*n = 0;
		if (!git_error_last())
			git_error_set_oom();
	}
	return r;
}

/* Where the remote has `ref`, from its advertisement; NULL if absent. */
static const git_oid *remote_has(const struct advert *v, size_t n,
				 const char *ref)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, ref) == 0)
			return &v[i].oid;
	return NULL;
}

/*
 * Decide, before sending anything, which refs the remote would refuse as
 * git does: a branch whose remote commit is not an ancestor of ours, a
 * tag that exists there with another value.  Those are reported and not
 * sent; refs already up to date are not sent either.
 */
static int plan_push(git_strarray *specs, struct clause_push_result *res,
		     git_repository *git, const struct advert *heads,
		     size_t nheads, char **refs, size_t nrefs)
{
	int r = 0;

	for (size_t i = 0; i < nrefs; i++) {
		const git_oid *theirs = remote_has(heads, nheads, refs[i]);
		git_oid ours;
		struct clause_buf spec = CLAUSE_BUF_INIT;

		if ((r = git_reference_name_to_id(&ours, git, refs[i])) < 0) {
			clause_error_set("no local ref '%s' to push", refs[i]);
			return CLAUSE_ENOTFOUND;
		}
		if (theirs && git_oid_equal(theirs, &ours))
			continue;	/* up to date */
		if (theirs && strncmp(refs[i], "refs/tags/", 10) == 0) {
			if ((r = refuse(res, refs[i], "already exists with another "
					"value on the remote")) < 0)
				return r;
			continue;
		}
		if (theirs && !object_exists(git, theirs)) {
			git_error_clear();
			if ((r = refuse(res, refs[i], "fetch first: the remote "
					"has commits this library does not (run "
					"clause pull)")) < 0)
				return r;
			continue;
		}
		if (theirs && !git_graph_descendant_of(git, &ours, theirs)) {
			git_error_clear();
			if ((r = refuse(res, refs[i], "non-fast-forward: the "
					"remote has commits that are not here "
					"(run clause pull)")) < 0)
				return r;
			continue;
		}
		clause_buf_printf(&spec, "%s:%s", refs[i], refs[i]);
		specs->strings[specs->count++] = clause_buf_detach(&spec);
	}
	return 0;
}

int clause_remote_push(struct clause_push_result *res,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts)
{
	git_push_options po = GIT_PUSH_OPTIONS_INIT;
	git_remote *remote = NULL;
	git_strarray tags = { NULL, 0 }, specs = { NULL, 0 };
	struct advert *heads = NULL;
	size_t nheads = 0, nrefs = 0;
	char **refs = NULL;
	char *def = NULL, *local = NULL;
	struct session s;
	struct clause_buf what = CLAUSE_BUF_INIT;
	int r = 0, git = 0;

	memset(res, 0, sizeof(*res));
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if (!name) {
		if ((r = clause_remote_default(&def, repo)) < 0)
			goto done;
		name = def;
	}
	if ((r = clause_remote_lookup(&remote, repo, name)) < 0)
		goto done;
	if (branch) {
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/heads/%s", branch);
		local = clause_buf_detach(&b);
	} else if ((r = clause_remote_current_branch(&local, repo)) < 0) {
		goto done;
	}
	if (git_reference_name_to_id(&(git_oid){ 0 }, repo->git, local) < 0) {
		git_error_clear();
		clause_error_set("no branch '%s' to push%s", local + 11,
				 branch ? "" : " (commit something first)");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if (opts && opts->rounds &&
	    (r = git_tag_list_match(&tags, CLAUSE_ROUND_PREFIX "*", repo->git)) < 0) {
		r = clause_error_from_git(r, "cannot list the rounds");
		goto done;
	}
	refs = calloc(tags.count + 1, sizeof(*refs));
	specs.strings = calloc(tags.count + 1, sizeof(*specs.strings));
	if (!refs || !specs.strings) {
		r = clause_transfer_oom();
		goto done;
	}
	refs[nrefs++] = strdup(local);
	for (size_t i = 0; i < tags.count; i++) {
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/tags/%s", tags.strings[i]);
		refs[nrefs++] = clause_buf_detach(&b);
	}
	clause_transfer_tls_setup(repo->git);
	clause_transfer_session_init(&s, opts, git_remote_pushurl(remote) ?
				     git_remote_pushurl(remote) :
				     git_remote_url(remote), &po.callbacks);
	s.push = res;
	/* git: libgit2's codes; r: ours, with the message set. */
	git = list_remote(&heads, &nheads, remote, &po.callbacks, &po.proxy_opts);
	if (git == 0) {
		/* Whatever credentials that took worked; the push connects
		 * afresh and may ask again. */
		clause_credentials_verdict(&s, "approve");
		s.attempts = 0;
		s.tried_agent = 0;
	}
	if (git == 0)
		r = plan_push(&specs, res, repo->git, heads, nheads, refs, nrefs);
	if (git == 0 && r == 0 && specs.count) {
		res->pushed = specs.count;
		git = git_remote_upload(remote, &specs, &po);
		/* Remote-tracking refs move for the refs the remote took
		 * only; a refused ref leaves its tracking ref alone. */
		if (git == 0)
			git = git_remote_update_tips(remote, &po.callbacks, 0,
						     GIT_REMOTE_DOWNLOAD_TAGS_NONE,
						     NULL);
	}
	clause_transfer_session_end(&s, git == 0 && r == 0);
	if (git == GIT_ENONFASTFORWARD) {
		/* Raced with another push after the check above. */
		git_error_clear();
		r = refuse(res, local, "non-fast-forward (run clause pull)");
	} else if (git < 0) {
		clause_buf_printf(&what, "cannot push to '%s'", name);
		clause_error_from_git(git, what.ptr);
		r = CLAUSE_ERROR;
	}
	if (r == 0 && res->n) {
		clause_error_set("the remote '%s' refused %zu ref%s", name, res->n,
				 res->n == 1 ? "" : "s");
		r = CLAUSE_EINVALID;
	}
done:
	git_remote_disconnect(remote);
	adverts_free(heads, nheads);
	for (size_t i = 0; i < nrefs; i++)
		free(refs[i]);
	free(refs);
	for (size_t i = 0; i < specs.count; i++)
		free(specs.strings[i]);
	free(specs.strings);
	git_strarray_dispose(&tags);
	clause_buf_release(&what);
	git_remote_free(remote);
	free(def);
	free(local);
	return r;
}
