/* http.c: the daemon of clause serve: libmicrohttpd with bounded
 * requests, a thread pool, the token, the routes and the request log
 * (serve/serve.h). */
#include "serve/serve.h"
#include "serve/internal.h"
#include "doc/xml.h"
#include "util/dl.h"
#include "util/error.h"

#include <arpa/inet.h>
#include <errno.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *const mhd_names[] = {
	"MHD_start_daemon", "MHD_stop_daemon", "MHD_get_daemon_info",
	"MHD_lookup_connection_value", "MHD_create_response_from_buffer",
	"MHD_add_response_header", "MHD_queue_response", "MHD_destroy_response"
};

static struct {
	__typeof__(MHD_start_daemon) *start_daemon;
	__typeof__(MHD_stop_daemon) *stop_daemon;
	__typeof__(MHD_get_daemon_info) *get_daemon_info;
	__typeof__(MHD_lookup_connection_value) *lookup;
	__typeof__(MHD_create_response_from_buffer) *response;
	__typeof__(MHD_add_response_header) *add_header;
	__typeof__(MHD_queue_response) *queue;
	__typeof__(MHD_destroy_response) *destroy;
} mhd;

static struct import_dl mhd_dl = IMPORT_DL(SERVE_MHD_SONAME, "libmicrohttpd",
					   mhd_names, &mhd);

/* What every request shares: read-only once the daemon runs. */
static struct {
	const char *token;
	pthread_key_t worker;
} server;

/* ---- Workers --------------------------------------------------------- */

static void worker_free(void *p)
{
	struct serve_worker *w = p;

	if (!w)
		return;
	clause_index_free(w->ix);
	clause_repo_free(w->repo);
	free(w);
}

/* This thread's handles, opened on its first request. */
static struct serve_worker *worker(void)
{
	struct serve_worker *w = pthread_getspecific(server.worker);

	if (w)
		return w;
	if (!(w = calloc(1, sizeof(*w))))
		return NULL;
	if (clause_repo_open(&w->repo, NULL, 1) < 0 ||
	    clause_index_open(&w->ix, w->repo, 0) < 0) {
		fprintf(stderr, "clause: %s\n", clause_error_last());
		worker_free(w);
		return NULL;
	}
	/* One scan of the work tree serves a burst of searches. */
	w->ix->fresh_ms = SERVE_FRESH_MS;
	pthread_setspecific(server.worker, w);
	return w;
}

/* ---- Requests -------------------------------------------------------- */

static const char *get_arg(void *conn, const char *name)
{
	const char *v = mhd.lookup(conn, MHD_GET_ARGUMENT_KIND, name);

	return v && strlen(v) <= SERVE_MAX_ARG ? v : NULL;
}

/* Compare without leaking, through timing, how much of a token
 * matched. */
static int same_secret(const char *a, const char *b)
{
	size_t la = strlen(a), lb = strlen(b);
	unsigned char d = la != lb;

	for (size_t i = 0; i < la; i++)
		d |= (unsigned char)(a[i] ^ b[i % (lb ? lb : 1)]);
	return d == 0;
}

static int authorized(struct MHD_Connection *c)
{
	const char *h, *cookie;

	if (!server.token)
		return 1;
	h = mhd.lookup(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h && strncmp(h, "Bearer ", 7) == 0 && same_secret(h + 7, server.token))
		return 1;
	cookie = mhd.lookup(c, MHD_COOKIE_KIND, "clause_token");
	return cookie && same_secret(cookie, server.token);
}

/* The page that asks for the token, and the answer to it. */
static void login(struct serve_req *r, struct clause_buf *cookie)
{
	const char *t = r->arg(r->conn, "token");

	if (t && server.token && same_secret(t, server.token)) {
		clause_buf_printf(cookie, "clause_token=%s; Path=/; HttpOnly; "
				  "SameSite=Strict", server.token);
		r->status = MHD_HTTP_SEE_OTHER;
		r->type = "text/plain; charset=utf-8";
		clause_buf_puts(&r->body, "signed in\n");
		return;
	}
	r->status = MHD_HTTP_UNAUTHORIZED;
	r->type = "text/html; charset=utf-8";
	clause_buf_puts(&r->body, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			"<meta charset=\"utf-8\"><title>Sign in: clause</title>"
			"</head><body><h1>Sign in</h1><form method=\"get\" "
			"action=\"/login\"><label>Token <input type=\"password\" "
			"name=\"token\" autocomplete=\"current-password\"></label> "
			"<button>Sign in</button></form>");
	if (t)
		clause_buf_puts(&r->body, "<p>That token is not the one.</p>");
	clause_buf_puts(&r->body, "</body></html>\n");
}

/* "/a/b/c" split at slashes into at most n parts (in place). */
static size_t split(char *path, char **parts, size_t n)
{
	size_t k = 0;
	char *save = NULL, *p;

	/* strtok_r: the workers split paths at the same time */
	for (p = strtok_r(path, "/", &save); p && k < n; p = strtok_r(NULL, "/", &save))
		parts[k++] = p;
	return p ? n + 1 : k;
}

static void route(struct serve_req *r)
{
	char copy[SERVE_MAX_PATH + 1], *p[5];
	size_t n;
	int api = strncmp(r->path, "/api/", 5) == 0 || strcmp(r->path, "/api") == 0;
	int rc = 0;

	snprintf(copy, sizeof(copy), "%s", r->path);
	n = split(copy, p, 4);
	for (size_t i = 0; i < n && i < 4; i++)
		if (i > (size_t)api && !serve_valid_id(p[i])) {
			serve_error(r, MHD_HTTP_NOT_FOUND, "no such page", api);
			return;
		}
	if (n == 0 || (n == 1 && strcmp(p[0], "search") == 0))
		rc = serve_page_search(r);
	else if (n == 3 && strcmp(p[0], "clause") == 0)
		rc = serve_page_clause(r, p[1], p[2]);
	else if (n == 2 && strcmp(p[0], "doc") == 0)
		rc = serve_page_doc(r, p[1]);
	else if (n == 2 && strcmp(p[0], "board") == 0)
		rc = serve_page_board(r, p[1], 0);
	else if (n == 1 && strcmp(p[0], "redline") == 0)
		rc = serve_page_redline(r);
	else if (api && n == 2 && strcmp(p[1], "search") == 0)
		rc = serve_api_search(r);
	else if (api && n == 4 && strcmp(p[1], "clause") == 0)
		rc = serve_api_clause(r, p[2], p[3]);
	else if (api && n == 3 && strcmp(p[1], "board") == 0)
		rc = serve_page_board(r, p[2], 1);
	else
		serve_error(r, MHD_HTTP_NOT_FOUND, "no such page", api);
	if (rc == CLAUSE_ENOTFOUND)
		serve_error(r, MHD_HTTP_NOT_FOUND, clause_error_last(), api);
	else if (rc == CLAUSE_EINVALID || rc == CLAUSE_EUSAGE)
		serve_error(r, MHD_HTTP_BAD_REQUEST, clause_error_last(), api);
	else if (rc < 0) {
		fprintf(stderr, "clause: %s: %s\n", r->path, clause_error_last());
		serve_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "the server could not answer; its log says why", api);
	}
}

static enum MHD_Result answer(struct MHD_Connection *c, struct serve_req *r,
			      const char *cookie)
{
	struct MHD_Response *resp;
	enum MHD_Result ok;

	resp = mhd.response(r->body.len, r->body.len ? r->body.ptr : (void *)"",
			    MHD_RESPMEM_MUST_COPY);
	if (!resp)
		return MHD_NO;
	mhd.add_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, r->type);
	mhd.add_header(resp, "Content-Security-Policy",
		       "default-src 'none'; style-src 'unsafe-inline'; "
		       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	mhd.add_header(resp, "X-Content-Type-Options", "nosniff");
	mhd.add_header(resp, "Referrer-Policy", "no-referrer");
	mhd.add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->status == MHD_HTTP_SEE_OTHER)
		mhd.add_header(resp, MHD_HTTP_HEADER_LOCATION, "/");
	if (cookie && *cookie)
		mhd.add_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	ok = mhd.queue(c, (unsigned)r->status, resp);
	mhd.destroy(resp);
	return ok;
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	static int first;
	struct serve_req r;
	struct clause_buf cookie = CLAUSE_BUF_INIT;
	struct timespec t0, t1;
	enum MHD_Result ok;

	(void)cls;
	(void)version;
	(void)upload;
	if (!*state) {
		*state = &first;	/* headers in: answer on the next call */
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.path = url;
	r.arg = (const char *(*)(void *, const char *))get_arg;
	r.conn = c;
	r.status = MHD_HTTP_OK;
	r.type = "text/html; charset=utf-8";
	if (strcmp(method, "GET") != 0 && strcmp(method, "HEAD") != 0) {
		*upload_size = 0;
		serve_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "clause serve only reads: GET and HEAD", 0);
	} else if (strlen(url) > SERVE_MAX_PATH) {
		serve_error(&r, MHD_HTTP_URI_TOO_LONG, "that address is too long", 0);
	} else if (strcmp(url, "/login") == 0) {
		login(&r, &cookie);
	} else if (!authorized(c)) {
		if (strncmp(url, "/api/", 5) == 0)
			serve_error(&r, MHD_HTTP_UNAUTHORIZED, "a token is needed "
				    "(Authorization: Bearer TOKEN)", 1);
		else
			login(&r, &cookie);
	} else if (!(r.w = worker())) {
		serve_error(&r, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "the library cannot be opened; the server's log says why", 0);
	} else {
		route(&r);
	}
	ok = answer(c, &r, cookie.ptr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	fprintf(stderr, "%s %.200s %d %.1f ms\n", method, url, r.status,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	clause_buf_release(&r.body);
	clause_buf_release(&cookie);
	return ok;
}

/* ---- The daemon ------------------------------------------------------ */

static int parse_listen(struct sockaddr_in *sa, const char *s)
{
	char host[64];
	const char *colon = strrchr(s, ':');
	char *end;
	long port;

	if (!colon || (size_t)(colon - s) >= sizeof(host) || colon == s)
		return -1;
	memcpy(host, s, (size_t)(colon - s));
	host[colon - s] = '\0';
	port = strtol(colon + 1, &end, 10);
	if (!colon[1] || *end || port < 0 || port > 65535)
		return -1;
	memset(sa, 0, sizeof(*sa));
	sa->sin_family = AF_INET;
	sa->sin_port = htons((unsigned short)port);
	if (strcmp(host, "localhost") == 0)
		snprintf(host, sizeof(host), "127.0.0.1");
	return inet_pton(AF_INET, host, &sa->sin_addr) == 1 ? 0 : -1;
}

/* SIGTERM and SIGINT, whichever thread they reach (the sanitizers run
 * threads of their own that block nothing), are written to this pipe,
 * which the main thread waits on. */
static int stop_pipe[2] = { -1, -1 };

static void on_stop(int sig)
{
	unsigned char c = (unsigned char)sig;
	ssize_t n = write(stop_pipe[1], &c, 1);

	(void)n;
}

static int wait_stop(void)
{
	unsigned char c = 0;

	for (;;) {
		ssize_t n = read(stop_pipe[0], &c, 1);
		if (n == 1)
			return c;
		if (n < 0 && errno == EINTR)
			continue;
		return SIGTERM;
	}
}

int serve_run(const struct serve_options *o)
{
	const char *listen = o->listen ? o->listen : "127.0.0.1:8700";
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	const union MHD_DaemonInfo *info;
	sigset_t stop;
	struct sigaction act;
	char host[INET_ADDRSTRLEN];
	int sig = 0, loopback;

	if (parse_listen(&sa, listen) < 0) {
		clause_error_set("--listen '%s': not ADDR:PORT (an IPv4 address, "
				 "e.g. 127.0.0.1:8700)", listen);
		return CLAUSE_EUSAGE;
	}
	loopback = (ntohl(sa.sin_addr.s_addr) >> 24) == 127;
	if (!loopback && !o->token) {
		clause_error_set("--listen %s is reachable from other machines: "
				 "give a token (--token-file FILE) so that only "
				 "people who have it can read the library", listen);
		return CLAUSE_EUSAGE;
	}
	if (import_dl_load(&mhd_dl) < 0)
		return CLAUSE_ERROR;
	clause_xml_init();
	server.token = o->token;
	if (pthread_key_create(&server.worker, worker_free) != 0) {
		clause_error_set("cannot start: %s", strerror(errno));
		return CLAUSE_ERROR;
	}
	if (pipe(stop_pipe) < 0) {
		clause_error_set("cannot start: %s", strerror(errno));
		return CLAUSE_ERROR;
	}
	memset(&act, 0, sizeof(act));
	act.sa_handler = on_stop;
	sigaction(SIGTERM, &act, NULL);
	sigaction(SIGINT, &act, NULL);
	/* The workers are started with the stop signals blocked, so that
	 * the handler interrupts no request of theirs. */
	sigemptyset(&stop);
	sigaddset(&stop, SIGTERM);
	sigaddset(&stop, SIGINT);
	pthread_sigmask(SIG_BLOCK, &stop, NULL);
	signal(SIGPIPE, SIG_IGN);
	d = mhd.start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_AUTO |
			     MHD_USE_ERROR_LOG, 0, NULL, NULL, handle, NULL,
			     MHD_OPTION_SOCK_ADDR, (struct sockaddr *)&sa,
			     MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned int)(o->threads ? o->threads : 4),
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)512,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
			     MHD_OPTION_END);
	if (!d) {
		clause_error_set("cannot listen on %s: %s", listen,
				 errno ? strerror(errno) : "libmicrohttpd refused");
		return CLAUSE_ERROR;
	}
	/* Port 0 asks the system for a free port: say the one it gave. */
	info = mhd.get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	inet_ntop(AF_INET, &sa.sin_addr, host, sizeof(host));
	fprintf(stderr, "clause: serving http://%s:%u/ (Ctrl-C stops)\n", host,
		info ? (unsigned)info->port : (unsigned)ntohs(sa.sin_port));
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	sig = wait_stop();
	mhd.stop_daemon(d);
	fprintf(stderr, "clause: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	return 0;
}
