/* internal.h: what the files of src/serve/ share: a worker thread's
 * handles, a request as the routes see it, and the pages. */
#ifndef CLAUSE_SERVE_INTERNAL_H
#define CLAUSE_SERVE_INTERNAL_H

#include <stddef.h>

#include "doc/doc.h"
#include "git/repo.h"
#include "index/index.h"
#include "util/buf.h"

/* Longest value of one query argument, and of a path, taken. */
#define SERVE_MAX_ARG 1024
#define SERVE_MAX_PATH 512
/* Connections one address may hold open at once. */
#define SERVE_PER_IP 32
/* How long a worker trusts the index to be current with the work tree
 * after it last checked: searches within it are one burst. */
#define SERVE_FRESH_MS 200

/* One worker thread's own handles, opened on its first request. */
struct serve_worker {
	struct clause_repo *repo;
	struct clause_index *ix;
};

/* A request as a route sees it, and the answer it builds. */
struct serve_req {
	const char *path;		/* percent-decoded, from "/" */
	const char *(*arg)(void *conn, const char *name);	/* query argument
					 * (decoded) or NULL */
	void *conn;
	struct serve_worker *w;
	int status;			/* HTTP status of the answer */
	const char *type;		/* its Content-Type */
	struct clause_buf body;
};

/* Routes: each fills r->status, r->type and r->body.  0, or a library
 * code turned into an error page by the caller. */
int serve_page_search(struct serve_req *r);
int serve_page_clause(struct serve_req *r, const char *doc, const char *clause);
int serve_page_doc(struct serve_req *r, const char *doc);
int serve_page_board(struct serve_req *r, const char *doc, int json);
int serve_page_redline(struct serve_req *r);
int serve_api_search(struct serve_req *r);
int serve_api_clause(struct serve_req *r, const char *doc, const char *clause);

/* An error page (HTML, or JSON under /api/) with status and message. */
void serve_error(struct serve_req *r, int status, const char *msg, int json);

/* Document `id` of the work tree, whole; CLAUSE_ENOTFOUND when none. */
int serve_load_doc(struct clause_doc **out, struct serve_worker *w,
		   const char *id);

/* Is s an id as documents and clauses have them? */
int serve_valid_id(const char *s);

/* HTML-escaped s (NULL as ""). */
void serve_esc(struct clause_buf *b, const char *s);

#endif
