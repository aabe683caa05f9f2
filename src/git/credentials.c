/* credentials.c: who we are to a remote, and who it is to us: git's
 * credential helpers and ssh-agent (the credentials callback), SSH host
 * keys against known_hosts, and passwords kept out of messages. */
#include "git/transfer.h"
#include "util/buf.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* The URL without a password in it, for messages; caller frees. */
char *clause_credentials_redact(const char *url)
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
void clause_credentials_verdict(struct session *s, const char *action)
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
int clause_credentials_acquire(git_credential **out, const char *url,
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
int clause_credentials_check_cert(git_cert *cert, int valid,
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
