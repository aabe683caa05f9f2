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
#include <strings.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static const char *const mhd_names[] = {
	"MHD_start_daemon", "MHD_stop_daemon", "MHD_get_daemon_info",
	"MHD_lookup_connection_value", "MHD_create_response_from_buffer",
	"MHD_add_response_header", "MHD_queue_response", "MHD_destroy_response",
	"MHD_create_post_processor", "MHD_post_process",
	"MHD_destroy_post_processor", "MHD_get_connection_values"
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
	__typeof__(MHD_create_post_processor) *post_new;
	__typeof__(MHD_post_process) *post;
	__typeof__(MHD_destroy_post_processor) *post_free;
	__typeof__(MHD_get_connection_values) *values;
} mhd;

static struct import_dl mhd_dl = IMPORT_DL(SERVE_MHD_SONAME, "libmicrohttpd",
					   mhd_names, &mhd);

/* What every request shares: read-only once the daemon runs. */
static struct {
	const char *token;
	pthread_key_t worker;
	char host[INET_ADDRSTRLEN];	/* the address listened on */
	unsigned port;			/* and its port */
	char base_host[256];		/* HOST[:PORT] of --base-url, or "" */
	char base_path[SERVE_MAX_BASE + 2];	/* its path + "/" ("/" if none) */
	long long fresh_at;		/* the workers' indexes' fresh_shared */
	pthread_mutex_t refresh_lock;	/* and their refresh_lock */
} server = { .refresh_lock = PTHREAD_MUTEX_INITIALIZER };

/* Sign-in sessions: the cookie carries a random id, never the token.
 * A small ring; the oldest is forgotten first. */
#define SESSIONS 64
#define SESSION_SECONDS (12 * 3600)
#define SESSION_ID 64			/* hex digits */

static struct {
	pthread_mutex_t lock;
	char id[SESSIONS][SESSION_ID + 1];
	time_t made[SESSIONS];
	size_t next;
} sessions = { PTHREAD_MUTEX_INITIALIZER, { { 0 } }, { 0 }, 0 };

/* What a request carries across the calls libmicrohttpd makes for it:
 * the sign-in form's token as its body is read. */
struct conn {
	struct MHD_PostProcessor *pp;
	char token[SERVE_MAX_ARG + 1];
	size_t ntoken;
	size_t body;		/* bytes of body seen */
};

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
	/* One worker at a time opens its connection (an open may write the
	 * schema's version), as one at a time refreshes the work tree. */
	pthread_mutex_lock(&server.refresh_lock);
	if (clause_repo_open(&w->repo, NULL, 1) < 0 ||
	    clause_index_open(&w->ix, w->repo, 0) < 0) {
		pthread_mutex_unlock(&server.refresh_lock);
		fprintf(stderr, "clause: %s\n", clause_error_last());
		worker_free(w);
		return NULL;
	}
	pthread_mutex_unlock(&server.refresh_lock);
	clause_xml_thread_init();
	/* One scan of the work tree serves a burst of searches. */
	w->ix->fresh_ms = SERVE_FRESH_MS;
	w->ix->fresh_shared = &server.fresh_at;
	w->ix->refresh_lock = &server.refresh_lock;
	w->ix->no_mmap = 1;
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

/* A new session's id in out; 0, or -1 when the system gives no
 * randomness. */
static int session_new(char out[SESSION_ID + 1])
{
	static const char hex[] = "0123456789abcdef";
	unsigned char raw[SESSION_ID / 2];

	if (getrandom(raw, sizeof(raw), 0) != (ssize_t)sizeof(raw))
		return -1;
	for (size_t i = 0; i < sizeof(raw); i++) {
		out[2 * i] = hex[raw[i] >> 4];
		out[2 * i + 1] = hex[raw[i] & 15];
	}
	out[SESSION_ID] = '\0';
	pthread_mutex_lock(&sessions.lock);
	memcpy(sessions.id[sessions.next], out, SESSION_ID + 1);
	sessions.made[sessions.next] = time(NULL);
	sessions.next = (sessions.next + 1) % SESSIONS;
	pthread_mutex_unlock(&sessions.lock);
	return 0;
}

static int session_valid(const char *id)
{
	time_t now = time(NULL);
	int ok = 0;

	if (strlen(id) != SESSION_ID)
		return 0;
	pthread_mutex_lock(&sessions.lock);
	for (size_t i = 0; i < SESSIONS; i++)
		if (sessions.id[i][0] && now - sessions.made[i] < SESSION_SECONDS)
			ok |= same_secret(id, sessions.id[i]);
	pthread_mutex_unlock(&sessions.lock);
	return ok;
}

static int authorized(struct MHD_Connection *c)
{
	const char *h, *cookie;

	if (!server.token)
		return 1;
	h = mhd.lookup(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	if (h && strncmp(h, "Bearer ", 7) == 0 && same_secret(h + 7, server.token))
		return 1;
	cookie = mhd.lookup(c, MHD_COOKIE_KIND, "clause_session");
	return cookie && session_valid(cookie);
}

/* Without a token only loopback answers, and a page a browser asks for
 * must name this server in its Host: a web page elsewhere whose name
 * has been pointed at 127.0.0.1 (DNS rebinding) gets nothing. */
static int host_ok(struct MHD_Connection *c)
{
	const char *h = mhd.lookup(c, MHD_HEADER_KIND, MHD_HTTP_HEADER_HOST);
	const char *names[] = { server.host, "localhost" };
	char want[INET_ADDRSTRLEN + 16];

	if (server.token || !h)
		return 1;
	/* the name the proxy in front of it is reached by */
	if (server.base_host[0] && strcasecmp(h, server.base_host) == 0)
		return 1;
	for (size_t i = 0; i < 2; i++) {
		snprintf(want, sizeof(want), "%s:%u", names[i], server.port);
		if (strcasecmp(h, want) == 0 ||
		    (server.port == 80 && strcasecmp(h, names[i]) == 0))
			return 1;
	}
	return 0;
}

/* The sign-in form's fields as its body comes in: only the token is
 * kept, bounded. */
static enum MHD_Result login_field(void *cls, enum MHD_ValueKind kind,
				   const char *key, const char *filename,
				   const char *type, const char *encoding,
				   const char *data, uint64_t off, size_t size)
{
	struct conn *st = cls;

	(void)kind;
	(void)filename;
	(void)type;
	(void)encoding;
	if (strcmp(key, "token") != 0 || off != st->ntoken)
		return MHD_YES;
	if (st->ntoken + size > SERVE_MAX_ARG)
		return MHD_NO;
	memcpy(st->token + st->ntoken, data, size);
	st->ntoken += size;
	st->token[st->ntoken] = '\0';
	return MHD_YES;
}

/* The page that asks for the token (GET), and the answer to it (POST):
 * a session cookie, and back to the search. */
static void login(struct serve_req *r, const struct conn *st, int post,
		  struct clause_buf *cookie)
{
	char id[SESSION_ID + 1];

	if (!server.token) {
		serve_error(r, MHD_HTTP_NOT_FOUND, "this server asks for no "
			    "token: nothing to sign in to", 0);
		return;
	}
	if (post && st->ntoken && same_secret(st->token, server.token)) {
		if (session_new(id) < 0) {
			serve_error(r, MHD_HTTP_INTERNAL_SERVER_ERROR,
				    "no randomness for a session", 0);
			return;
		}
		clause_buf_printf(cookie, "clause_session=%s; Path=%s; HttpOnly; "
				  "SameSite=Strict; Max-Age=%d", id,
				  server.base_path, SESSION_SECONDS);
		r->status = MHD_HTTP_SEE_OTHER;
		r->type = "text/plain; charset=utf-8";
		clause_buf_puts(&r->body, "signed in\n");
		return;
	}
	r->status = MHD_HTTP_UNAUTHORIZED;
	r->type = "text/html; charset=utf-8";
	clause_buf_puts(&r->body, "<!DOCTYPE html>\n<html lang=\"en\"><head>"
			"<meta charset=\"utf-8\"><title>Sign in - clause</title>"
			"</head><body><h1>Sign in</h1><form method=\"post\" "
			"action=\"");
	serve_href(&r->body, "/login");
	clause_buf_puts(&r->body, "\"><label>Token <input type=\"password\" "
			"name=\"token\" autocomplete=\"current-password\"></label> "
			"<button>Sign in</button></form>");
	if (post)
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

void serve_route(struct serve_req *r)
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
	else if (n == 3 && strcmp(p[0], "similar") == 0)
		rc = serve_page_similar(r, p[1], p[2]);
	else if (n == 2 && strcmp(p[0], "doc") == 0)
		rc = serve_page_doc(r, p[1]);
	else if (n == 2 && strcmp(p[0], "board") == 0)
		rc = serve_page_board(r, p[1], 0);
	else if (n == 1 && strcmp(p[0], "redline") == 0)
		rc = serve_page_redline(r);
	else if (n == 1 && strcmp(p[0], "matrix") == 0)
		rc = serve_page_matrix(r);
	else if (n == 1 && strcmp(p[0], "compare") == 0)
		rc = serve_page_compare(r);
	else if (n == 1 && strcmp(p[0], "search.js") == 0)
		rc = serve_script(r);
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
		       "default-src 'none'; script-src 'self'; connect-src 'self'; "
		       "style-src 'unsafe-inline'; "
		       "form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
	mhd.add_header(resp, "X-Content-Type-Options", "nosniff");
	mhd.add_header(resp, "Referrer-Policy", "no-referrer");
	mhd.add_header(resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (r->status == MHD_HTTP_SEE_OTHER)
		mhd.add_header(resp, MHD_HTTP_HEADER_LOCATION, server.base_path);
	if (r->status == MHD_HTTP_UNAUTHORIZED)
		mhd.add_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
			       "Bearer realm=\"clause\"");
	if (cookie && *cookie)
		mhd.add_header(resp, MHD_HTTP_HEADER_SET_COOKIE, cookie);
	ok = mhd.queue(c, (unsigned)r->status, resp);
	mhd.destroy(resp);
	return ok;
}

/* The path for the log: bounded, control characters and bytes past
 * ASCII shown as \xNN, so that no request writes to the terminal. */
static void log_path(struct clause_buf *b, const char *url)
{
	for (size_t i = 0; url[i] && i < 200; i++) {
		unsigned char c = (unsigned char)url[i];
		if (c < 0x20 || c >= 0x7f || c == '\\')
			clause_buf_printf(b, "\\x%02x", c);
		else
			clause_buf_putc(b, (char)c);
	}
}

static void completed(void *cls, struct MHD_Connection *c, void **state,
		      enum MHD_RequestTerminationCode why)
{
	struct conn *st = *state;

	(void)cls;
	(void)c;
	(void)why;
	if (!st)
		return;
	if (st->pp)
		mhd.post_free(st->pp);
	free(st);
	*state = NULL;
}

/* The request as a cache key: its path, then each argument as given. */
struct key {
	struct clause_buf b;
	int uncacheable;	/* of a revision or the rounds */
};

static enum MHD_Result key_arg(void *cls, enum MHD_ValueKind kind,
			       const char *k, const char *v)
{
	struct key *key = cls;

	(void)kind;
	if (strcmp(k, "rev") == 0 || strcmp(k, "scope") == 0)
		key->uncacheable = 1;
	clause_buf_printf(&key->b, "\n%s=%s", k, v ? v : "");
	return MHD_YES;
}

/* A search of the work tree (a page or the API) is answered from the
 * cache while the work tree is as it was; any other route as it comes. */
static void route_cached(struct serve_req *r, struct MHD_Connection *c)
{
	struct key key = { CLAUSE_BUF_INIT, 0 };
	struct clause_buf stamp = CLAUSE_BUF_INIT;
	int search = strcmp(r->path, "/") == 0 || strcmp(r->path, "/search") == 0 ||
		     strcmp(r->path, "/api/search") == 0;

	if (search) {
		clause_buf_puts(&key.b, r->path);
		mhd.values(c, MHD_GET_ARGUMENT_KIND, key_arg, &key);
	}
	if (!search || key.uncacheable ||
	    clause_index_worktree_stamp(&stamp, r->w->ix) < 0) {
		clause_error_clear();
		serve_route(r);
	} else if (!serve_cache_get(r, key.b.ptr, stamp.ptr)) {
		serve_route(r);
		serve_cache_put(r, key.b.ptr, stamp.ptr);
	}
	clause_buf_release(&key.b);
	clause_buf_release(&stamp);
}

static enum MHD_Result handle(void *cls, struct MHD_Connection *c,
			      const char *url, const char *method,
			      const char *version, const char *upload,
			      size_t *upload_size, void **state)
{
	struct conn *st = *state;
	struct serve_req r;
	struct clause_buf cookie = CLAUSE_BUF_INIT, path = CLAUSE_BUF_INIT;
	struct timespec t0, t1;
	int get = strcmp(method, "GET") == 0 || strcmp(method, "HEAD") == 0;
	int post_login = strcmp(method, "POST") == 0 && strcmp(url, "/login") == 0;
	enum MHD_Result ok;

	(void)cls;
	(void)version;
	if (!st) {
		/* headers in: read the body (if any), answer after it */
		if (!(st = calloc(1, sizeof(*st))))
			return MHD_NO;
		if (post_login && server.token)
			st->pp = mhd.post_new(c, 1024, login_field, st);
		*state = st;
		return MHD_YES;
	}
	if (*upload_size) {
		/* a body: the sign-in form's is read (4 KB at most), any
		 * other is dropped unread */
		st->body += *upload_size;
		if (st->pp && st->body <= 4096 &&
		    mhd.post(st->pp, upload, *upload_size) != MHD_YES) {
			mhd.post_free(st->pp);
			st->pp = NULL;
			st->ntoken = 0;
		}
		*upload_size = 0;
		return MHD_YES;
	}
	clock_gettime(CLOCK_MONOTONIC, &t0);
	memset(&r, 0, sizeof(r));
	r.path = url;
	r.arg = (const char *(*)(void *, const char *))get_arg;
	r.conn = c;
	r.status = MHD_HTTP_OK;
	r.type = "text/html; charset=utf-8";
	if (!host_ok(c)) {
		serve_error(&r, MHD_HTTP_MISDIRECTED_REQUEST, "this server answers "
			    "to its own address only (Host)", 0);
	} else if (!get && !post_login) {
		serve_error(&r, MHD_HTTP_METHOD_NOT_ALLOWED,
			    "clause serve only reads: GET and HEAD", 0);
	} else if (strlen(url) > SERVE_MAX_PATH) {
		serve_error(&r, MHD_HTTP_URI_TOO_LONG, "that address is too long", 0);
	} else if (strcmp(url, "/login") == 0) {
		if (post_login && st->body > 4096)
			st->ntoken = 0;
		login(&r, st, post_login, &cookie);
	} else if (!authorized(c)) {
		if (strncmp(url, "/api/", 5) == 0)
			serve_error(&r, MHD_HTTP_UNAUTHORIZED, "a token is needed "
				    "(Authorization: Bearer TOKEN)", 1);
		else
			login(&r, st, 0, &cookie);
	} else if (!(r.w = worker())) {
		serve_error(&r, MHD_HTTP_INTERNAL_SERVER_ERROR,
			    "the library cannot be opened; the server's log says why", 0);
	} else {
		route_cached(&r, c);
	}
	ok = answer(c, &r, cookie.ptr);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	log_path(&path, method);
	clause_buf_putc(&path, ' ');
	log_path(&path, url);
	fprintf(stderr, "%s %d %.1f ms\n", path.ptr, r.status,
		(double)(t1.tv_sec - t0.tv_sec) * 1e3 +
		(double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	clause_buf_release(&r.body);
	clause_buf_release(&cookie);
	clause_buf_release(&path);
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

/* A socket bound to sa and listening (sa then holds the port given
 * when it asked for port 0), or -1 with the error set. */
/* --base-url URL, http(s)://HOST[:PORT][/PATH]: the server stands
 * behind a proxy that forwards URL/X to it as /X.  Its links start with
 * PATH, and it answers to HOST[:PORT] as to its own address. */
static int parse_base(const char *url)
{
	const char *p, *path;
	size_t n;

	server.base_host[0] = '\0';
	snprintf(server.base_path, sizeof(server.base_path), "/");
	serve_set_base("");
	if (!url)
		return 0;
	p = strncmp(url, "https://", 8) == 0 ? url + 8 :
	    strncmp(url, "http://", 7) == 0 ? url + 7 : NULL;
	if (!p)
		goto bad;
	path = p + strcspn(p, "/");
	n = (size_t)(path - p);
	if (n == 0 || n >= sizeof(server.base_host) ||
	    strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
		   "0123456789.-:[]") < n)
		goto bad;
	memcpy(server.base_host, p, n);
	server.base_host[n] = '\0';
	n = strlen(path);
	while (n && path[n - 1] == '/')
		n--;
	/* a path of plain segments: nothing to escape in a link, no ".." */
	if (n > SERVE_MAX_BASE || strspn(path, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._~-/") < n)
		goto bad;
	for (size_t i = 0; i < n; i++)
		if (path[i] == '/' && (path[i + 1] == '/' || path[i + 1] == '.'))
			goto bad;
	snprintf(server.base_path, sizeof(server.base_path), "%.*s/", (int)n, path);
	server.base_path[n] = '\0';
	serve_set_base(server.base_path);	/* copied: without the "/" */
	server.base_path[n] = '/';
	return 0;
bad:
	server.base_host[0] = '\0';
	clause_error_set("--base-url '%s': not http(s)://HOST[:PORT][/PATH] "
			 "(a path of letters, digits and . _ ~ - between "
			 "slashes)", url);
	return CLAUSE_EUSAGE;
}

static int listener(struct sockaddr_in *sa, const char *listen_at)
{
	socklen_t len = sizeof(*sa);
	int fd, on = 1, e;

	fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd >= 0 && setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0 &&
	    bind(fd, (struct sockaddr *)sa, sizeof(*sa)) == 0 &&
	    listen(fd, 128) == 0 &&
	    getsockname(fd, (struct sockaddr *)sa, &len) == 0)
		return fd;
	e = errno;
	if (fd >= 0)
		close(fd);
	clause_error_set("cannot listen on %s: %s", listen_at, strerror(e));
	return -1;
}

/* The library opened, and its index made or healed, once, here: the
 * workers then find one sound index and never rebuild it under each
 * other. */
static int prepare_library(void)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_repo *repo = NULL;
	struct clause_index *ix = NULL;
	int r;

	if ((r = clause_repo_open(&repo, NULL, 1)) == 0 &&
	    (r = clause_index_open(&ix, repo, 0)) == 0)
		r = clause_index_update(ix, &scope, NULL, NULL);
	clause_index_free(ix);
	clause_repo_free(repo);
	return r;
}

int serve_run(const struct serve_options *o)
{
	const char *listen_at = o->listen ? o->listen : "127.0.0.1:8700";
	struct sockaddr_in sa;
	struct MHD_Daemon *d;
	sigset_t stop;
	struct sigaction act;
	int sig = 0, fd = -1, key = 0, r;

	if (parse_listen(&sa, listen_at) < 0) {
		clause_error_set("--listen '%s': not ADDR:PORT (an IPv4 address, "
				 "e.g. 127.0.0.1:8700)", listen_at);
		return CLAUSE_EUSAGE;
	}
	if ((ntohl(sa.sin_addr.s_addr) >> 24) != 127 && !o->token) {
		clause_error_set("--listen %s is reachable from other machines: "
				 "give a token (--token-file FILE) so that only "
				 "people who have it can read the library", listen_at);
		return CLAUSE_EUSAGE;
	}
	if (parse_base(o->base_url) < 0)
		return CLAUSE_EUSAGE;
	if (import_dl_load(&mhd_dl) < 0)
		return CLAUSE_ERROR;
	clause_xml_init();
	if ((r = prepare_library()) < 0)
		return r;
	r = CLAUSE_ERROR;
	server.token = o->token;
	if (pthread_key_create(&server.worker, worker_free) != 0 ||
	    pipe(stop_pipe) < 0) {
		clause_error_set("cannot start: %s", strerror(errno));
		goto done;
	}
	key = 1;
	if ((fd = listener(&sa, listen_at)) < 0)
		goto done;
	inet_ntop(AF_INET, &sa.sin_addr, server.host, sizeof(server.host));
	server.port = ntohs(sa.sin_port);
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
			     MHD_OPTION_LISTEN_SOCKET, (MHD_socket)fd,
			     MHD_OPTION_NOTIFY_COMPLETED, completed, NULL,
			     MHD_OPTION_THREAD_POOL_SIZE,
			     (unsigned int)(o->threads ? o->threads : 4),
			     MHD_OPTION_CONNECTION_LIMIT, (unsigned int)512,
			     MHD_OPTION_PER_IP_CONNECTION_LIMIT,
			     (unsigned int)SERVE_PER_IP,
			     MHD_OPTION_CONNECTION_TIMEOUT, (unsigned int)10,
			     MHD_OPTION_CONNECTION_MEMORY_LIMIT, (size_t)(32 * 1024),
			     MHD_OPTION_END);
	if (!d) {
		pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
		clause_error_set("cannot listen on %s: libmicrohttpd refused to "
				 "start", listen_at);
		goto done;
	}
	fd = -1;	/* the daemon's now: it closes it */
	if (o->base_url)
		fprintf(stderr, "clause: serving http://%s:%u/ as %s (Ctrl-C stops)\n",
			server.host, server.port, o->base_url);
	else
		fprintf(stderr, "clause: serving http://%s:%u/ (Ctrl-C stops)\n",
			server.host, server.port);
	pthread_sigmask(SIG_UNBLOCK, &stop, NULL);
	sig = wait_stop();
	mhd.stop_daemon(d);
	serve_cache_free();
	fprintf(stderr, "clause: stopped (%s)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	r = 0;
done:
	if (fd >= 0)
		close(fd);
	for (int i = 0; i < 2; i++)
		if (stop_pipe[i] >= 0) {
			close(stop_pipe[i]);
			stop_pipe[i] = -1;
		}
	if (key)
		pthread_key_delete(server.worker);
	return r;
}
