/* serve.h: clause serve: the library in a browser, read-only.
 *
 * src/serve/: an HTTP server on libmicrohttpd (loaded on first use:
 * util/dl.h) over the floors below: the daemon, its limits, the token
 * and the routes (http.c), the HTML pages and the JSON API (pages.c);
 * internal.h says what they share.  No request changes the
 * library and no file is served by its path: every page is a route.
 *
 * Each worker thread of the daemon's pool keeps its own repository
 * handle and search index connection (libgit2 repositories and SQLite
 * connections are not shared between threads), opened on its first
 * request.  Every search brings the index up to date with the work tree
 * first, as the command line does, so an edit or a pull shows on the
 * next page.
 */
#ifndef CLAUSE_SERVE_H
#define CLAUSE_SERVE_H

#include <stddef.h>

struct serve_options {
	const char *listen;	/* ADDR:PORT; NULL: 127.0.0.1:8700 */
	const char *token;	/* the token every request must carry, or
				 * NULL (loopback only) */
	unsigned threads;	/* worker threads (0: 4) */
	const char *base_url;	/* the address a proxy in front of it is
				 * reached by, or NULL */
};

/*
 * Serve the library of the current directory until SIGTERM or SIGINT.
 * Says the URL on stderr, then one line per request (method, path,
 * status, milliseconds).  CLAUSE_EUSAGE when --listen is bad, or names
 * an address other than loopback without a token; CLAUSE_ERROR when the
 * library or the socket cannot be opened.
 */
int serve_run(const struct serve_options *o);

#endif
