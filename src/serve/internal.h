/* internal.h: what the files of src/serve/ share: a worker thread's
 * handles, a request as the routes see it, and the pages. */
#ifndef CLAUSE_SERVE_INTERNAL_H
#define CLAUSE_SERVE_INTERNAL_H

#include <stddef.h>

#include "doc/doc.h"
#include "git/repo.h"
#include "index/index.h"
#include "util/buf.h"

/* Longest value of one query argument, and of a path, taken; longest
 * path of --base-url. */
#define SERVE_MAX_ARG 1024
#define SERVE_MAX_PATH 512
#define SERVE_MAX_BASE 200
/* Connections one address may hold open at once. */
#define SERVE_PER_IP 128
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

/* cache.c: answers to searches of the work tree, given again while the
 * work tree's stamp (clause_index_worktree_stamp) is the same.  get: 1
 * and r filled when kept, else 0; put keeps a 200 answer. */
int serve_cache_get(struct serve_req *r, const char *key, const char *stamp);
void serve_cache_put(const struct serve_req *r, const char *key,
		     const char *stamp);
void serve_cache_free(void);

/* http.c: the page or API answer for r->path (percent-decoded) and its
 * arguments, into r: what every request that got past the Host check,
 * the method and the sign-in comes to (tests/fuzz/fuzz_serve.c calls
 * it directly). */
void serve_route(struct serve_req *r);

/* Routes: each fills r->status, r->type and r->body.  0, or a library
 * code turned into an error page by the caller. */
int serve_page_search(struct serve_req *r);
int serve_page_clause(struct serve_req *r, const char *doc, const char *clause);
/* /similar/DOC/CLAUSE: the clauses most like it (the clause page links
 * here; search.js puts the list in place). */
int serve_page_similar(struct serve_req *r, const char *doc, const char *clause);
int serve_page_doc(struct serve_req *r, const char *doc);
int serve_page_board(struct serve_req *r, const char *doc, int json);
int serve_page_redline(struct serve_req *r);
int serve_page_matrix(struct serve_req *r);
int serve_page_compare(struct serve_req *r);
int serve_script(struct serve_req *r);
int serve_api_search(struct serve_req *r);
int serve_api_clause(struct serve_req *r, const char *doc, const char *clause);

/* An error page (HTML, or JSON under /api/) with status and message. */
void serve_error(struct serve_req *r, int status, const char *msg, int json);

/* Document `id` of the work tree (rev NULL) or of revision rev, whole,
 * and its path as shown (into display, unless NULL); CLAUSE_ENOTFOUND
 * when none. */
int serve_load_doc(struct clause_doc **out, struct serve_worker *w,
		   const char *id, const char *rev, struct clause_buf *display);

/* Is s an id as documents and clauses have them? */
int serve_valid_id(const char *s);

/* HTML-escaped s (NULL as ""). */
void serve_esc(struct clause_buf *b, const char *s);
/* Highlight markers inside snippets: control characters no document
 * holds (XML 1.0 forbids them), turned into <mark> after escaping. */
#define SERVE_HL_ON "\x01"
#define SERVE_HL_OFF "\x02"
/* The same, with the snippet markers as <mark>. */
void serve_esc_marked(struct clause_buf *b, const char *s);
/* s percent-encoded for a query string. */
void serve_url_arg(struct clause_buf *b, const char *s);

/* The path prefix of every link ("" or "/clause": --base-url), set
 * before the workers start; a link to path ("/search") with it. */
void serve_set_base(const char *path);
const char *serve_base(void);
void serve_href(struct clause_buf *b, const char *path);
/* The address of a clause page, of revision rev (NULL: the work tree). */
void serve_clause_href(struct clause_buf *b, const char *doc,
		       const char *clause, const char *rev);

/* A page's head (its <title> is title, escaped) and its end. */
void serve_page_start(struct clause_buf *b, const char *title);
void serve_page_end(struct clause_buf *b);

/* Is s a revision as a query may give it: names, rounds, ids and ~^
 * ancestry, never an option or a path? */
int serve_valid_rev(const char *s);
/* Does the repository have it?  0, or CLAUSE_ENOTFOUND naming it. */
int serve_known_rev(struct serve_worker *w, const char *rev);

#endif
