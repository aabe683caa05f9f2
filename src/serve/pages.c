/* pages.c: the pages of clause serve but search (search.c): a clause, a
 * document, the bargaining board, a redline, the coverage matrix, and
 * their JSON (serve/internal.h).  Every field of every document is
 * escaped; a source is a link only when it is http(s). */
#include "serve/internal.h"
#include "util/array.h"
#include "board/board.h"
#include "export/export.h"
#include "git/changed.h"
#include "git/history.h"
#include "git/library.h"
#include "doc/taxonomy.h"
#include "index/query.h"
#include "util/error.h"
#include "util/json.h"
#include "diff/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>


void serve_esc(struct clause_buf *b, const char *s)
{
	clause_buf_put_xml(b, s ? s : "");
}

/* Escaped, with the highlight markers as <mark>. */
void serve_esc_marked(struct clause_buf *b, const char *s)
{
	for (; s && *s; s++) {
		if (*s == SERVE_HL_ON[0])
			clause_buf_puts(b, "<mark>");
		else if (*s == SERVE_HL_OFF[0])
			clause_buf_puts(b, "</mark>");
		else if (*s == '&')
			clause_buf_puts(b, "&amp;");
		else if (*s == '<')
			clause_buf_puts(b, "&lt;");
		else if (*s == '>')
			clause_buf_puts(b, "&gt;");
		else if (*s == '"')
			clause_buf_puts(b, "&quot;");
		else
			clause_buf_putc(b, *s);
	}
}

/* s percent-encoded for a query string. */
void serve_url_arg(struct clause_buf *b, const char *s)
{
	static const char hex[] = "0123456789ABCDEF";

	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || strchr("-._~", c))
			clause_buf_putc(b, (char)c);
		else
			clause_buf_printf(b, "%%%c%c", hex[c >> 4], hex[c & 15]);
	}
}

int serve_valid_id(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 80 || !strchr("abcdefghijklmnopqrstuvwxyz0123456789", s[0]))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz0123456789._-", s[i]))
			return 0;
	return 1;
}

static const char style[] =
	"body{font:16px/1.5 system-ui,sans-serif;margin:0;color:#1b1b1b}\n"
	"header{background:#1d3557;color:#fff;padding:.6em 1.2em}\n"
	"header a{color:#fff;text-decoration:none;font-weight:600}\n"
	"main{max-width:60em;margin:1em auto;padding:0 1em}\n"
	"form.search{display:flex;flex-wrap:wrap;gap:.5em;margin:1em 0}\n"
	".refine{flex-basis:100%;font-size:.9em}.refine label{display:inline-block;"
	"margin:.3em 1em .3em 0}\n"
	".filter{background:#e8eef6;padding:.1em .5em;border-radius:3px;"
	"margin-right:.5em}.filter a{text-decoration:none}\n"
	".tree .d1{padding-left:1em}.tree .d2{padding-left:2em}"
	".tree .d3,.tree .d4{padding-left:3em}\n"
	"form.search input[type=search]{flex:1;font-size:1.1em;padding:.3em}\n"
	".layout{display:flex;gap:2em}.facets{min-width:14em;font-size:.9em}\n"
	".facets h3{margin:.8em 0 .2em;font-size:1em}.facets ul{list-style:none;"
	"padding:0;margin:0}\n"
	".hits{flex:1;list-style:none;padding:0}.hits li{margin:0 0 1.1em}\n"
	".hit-title{font-size:1.05em}.meta{color:#555;font-size:.85em}\n"
	"mark{background:#fff3a3}\n"
	".acts{color:#2e7d32;font-weight:600}\n"
	".pager a{margin-right:1em}\n"
	"blockquote{margin:0;padding-left:1em;border-left:3px solid #ddd}\n";

/* The path every link starts with: "" or, behind a proxy, the path of
 * --base-url ("/clause"); set once, before the workers start. */
static char base[SERVE_MAX_BASE + 1];

void serve_set_base(const char *path)
{
	snprintf(base, sizeof(base), "%s", path ? path : "");
}

const char *serve_base(void)
{
	return base;
}

void serve_href(struct clause_buf *b, const char *path)
{
	clause_buf_puts(b, base);
	clause_buf_puts(b, path);
}

void serve_clause_href(struct clause_buf *b, const char *doc,
		       const char *clause, const char *rev)
{
	serve_href(b, "/clause/");
	serve_esc(b, doc);
	clause_buf_putc(b, '/');
	serve_esc(b, clause);
	if (rev) {
		clause_buf_puts(b, "?rev=");
		serve_url_arg(b, rev);
	}
}

void serve_page_start(struct clause_buf *b, const char *title)
{
	clause_buf_puts(b, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n<meta name=\"viewport\" "
			"content=\"width=device-width\">\n<title>");
	serve_esc(b, title);
	clause_buf_printf(b, " - clause</title>\n<style>\n%s</style>\n</head>\n"
			  "<body>\n<header><a href=\"", style);
	serve_href(b, "/");
	clause_buf_puts(b, "\">clause</a></header>\n<main>\n");
}

void serve_page_end(struct clause_buf *b)
{
	clause_buf_puts(b, "</main>\n</body>\n</html>\n");
}

/* The words a page titles its status with. */
static const char *status_title(int status)
{
	switch (status) {
	case 400: return "Bad request";
	case 401: return "Sign in";
	case 404: return "Not found";
	case 405: return "Method not allowed";
	case 414: return "Address too long";
	case 421: return "Misdirected request";
	default: return "Server error";
	}
}

void serve_error(struct serve_req *r, int status, const char *msg, int json)
{
	clause_buf_clear(&r->body);
	r->status = status;
	if (json) {
		r->type = "application/json";
		clause_buf_puts(&r->body, "{\"error\": ");
		clause_buf_put_json(&r->body, msg);
		clause_buf_puts(&r->body, "}\n");
		return;
	}
	r->type = "text/html; charset=utf-8";
	serve_page_start(&r->body, status_title(status));
	clause_buf_printf(&r->body, "<h1>%d</h1>\n<p class=\"error\">", status);
	serve_esc(&r->body, msg);
	clause_buf_puts(&r->body, "</p>\n");
	serve_page_end(&r->body);
}

/* ---- Documents ------------------------------------------------------- */

/* Document `id` of the work tree where the index, current, says it is:
 * its one file read, not the library's listing.  0, or -1 when the index
 * cannot say: the caller lists. */
static int load_located(struct clause_doc **out, struct serve_worker *w,
			const char *id, struct clause_buf *display)
{
	char *path = NULL, *shown = NULL;

	if (clause_index_load_doc(out, &path, &shown, w->repo, w->ix, id) < 0)
		return -1;
	if (display)
		clause_buf_puts(display, shown);
	free(path);
	free(shown);
	return 0;
}

int serve_load_doc(struct clause_doc **out, struct serve_worker *w,
		   const char *id, const char *rev, struct clause_buf *display)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	const struct clause_entry *e;
	int r;

	*out = NULL;
	if (!rev && load_located(out, w, id, display) == 0)
		return 0;
	lib.all = 1;
	lib.light = 1;
	if (!clause_index_library(&lib, w->repo, rev) &&
	    (r = clause_library_load(&lib, w->repo, rev, NULL, 0)) < 0)
		goto done;
	if (!(e = clause_library_find(&lib, id))) {
		if (rev)
			clause_error_set("no document '%s' at %s", id, rev);
		else
			clause_error_set("no document '%s'", id);
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	r = clause_library_reload(out, &lib, w->repo, e);
	if (r == 0 && display)
		clause_buf_puts(display, e->display);
done:
	clause_library_release(&lib);
	return r;
}

/* ---- A clause -------------------------------------------------------- */

struct body {
	struct clause_buf *b;
	const struct clause_doc *d;
	int in_list;
};

static void clause_blocks(struct clause_buf *b, const struct clause_doc *d,
			  const struct clause_clause *c);

static int body_block(void *arg, const struct clause_block *k)
{
	struct body *x = arg;

	if (k->kind != CLAUSE_BLOCK_ITEM && x->in_list) {
		clause_buf_puts(x->b, "</ul>\n");
		x->in_list = 0;
	}
	switch (k->kind) {
	case CLAUSE_BLOCK_P:
	case CLAUSE_BLOCK_NOTE:
		clause_buf_puts(x->b, k->kind == CLAUSE_BLOCK_NOTE ?
				"<p class=\"note\"><em>Note:</em> " : "<p>");
		serve_esc(x->b, k->text);
		clause_buf_puts(x->b, "</p>\n");
		break;
	case CLAUSE_BLOCK_ITEM:
		if (!x->in_list) {
			clause_buf_puts(x->b, "<ul>\n");
			x->in_list = 1;
		}
		clause_buf_puts(x->b, "<li>");
		serve_esc(x->b, k->mark);
		clause_buf_putc(x->b, ' ');
		serve_esc(x->b, k->text);
		clause_buf_puts(x->b, "</li>\n");
		break;
	case CLAUSE_BLOCK_CLAUSE:
		/* the sub-clause whole, where it stands among the blocks */
		clause_buf_puts(x->b, "<blockquote><p><strong>");
		serve_esc(x->b, k->sub->num);
		clause_buf_putc(x->b, ' ');
		serve_esc(x->b, k->sub->heading);
		clause_buf_puts(x->b, "</strong></p>\n");
		clause_blocks(x->b, x->d, k->sub);
		clause_buf_puts(x->b, "</blockquote>\n");
		break;
	}
	return 0;
}

/* The blocks of c in order, sub-clauses nested in blockquotes. */
static void clause_blocks(struct clause_buf *b, const struct clause_doc *d,
			  const struct clause_clause *c)
{
	struct body x = { b, d, 0 };

	clause_doc_blocks(d, c, body_block, &x);
	if (x.in_list)
		clause_buf_puts(b, "</ul>\n");
}

/* What the clause says: the acts on it, then its blocks. */
static void clause_body(struct clause_buf *b, const struct clause_doc *d,
			const struct clause_clause *c)
{
	for (size_t i = 0; i < c->nacts; i++) {
		static const char *const said[] = { "TA", "TA reopened", "Rejected" };
		const struct clause_act *a = &c->acts[i];
		clause_buf_printf(b, "<p class=\"acts\">%s ", said[a->kind]);
		serve_esc(b, a->date);
		clause_buf_puts(b, " by ");
		serve_esc(b, a->by);
		if (a->round) {
			clause_buf_puts(b, ", round ");
			serve_esc(b, a->round);
		}
		if (a->note) {
			clause_buf_puts(b, ": ");
			serve_esc(b, a->note);
		}
		clause_buf_puts(b, "</p>\n");
	}
	clause_blocks(b, d, c);
}

static int is_web(const char *href)
{
	return href && (strncmp(href, "https://", 8) == 0 ||
			strncmp(href, "http://", 7) == 0);
}

static void provenance(struct clause_buf *b, const struct clause_doc *d,
		       const struct clause_clause *c)
{
	clause_buf_puts(b, "<h2>Provenance</h2>\n<ul>\n");
	if (c->derived_from) {
		const char *slash = strchr(c->derived_from, '/');
		clause_buf_puts(b, "<li>Derived from <a href=\"");
		if (slash) {
			/* DOC/CLAUSE of another document */
			serve_href(b, "/clause/");
			serve_esc(b, c->derived_from);
		} else {
			serve_clause_href(b, d->id, c->derived_from, NULL);
		}
		clause_buf_puts(b, "\">");
		serve_esc(b, c->derived_from);
		/* how this clause deviates from it */
		clause_buf_puts(b, "</a> (<a class=\"deviation\" href=\"");
		serve_href(b, "/compare?a=");
		if (!slash) {
			serve_url_arg(b, d->id);
			clause_buf_puts(b, "%2F");
		}
		serve_url_arg(b, c->derived_from);
		clause_buf_puts(b, "&amp;b=");
		serve_url_arg(b, d->id);
		clause_buf_puts(b, "%2F");
		serve_url_arg(b, c->id);
		clause_buf_puts(b, "\">how this one deviates</a>)</li>\n");
	}
	for (size_t i = 0; i < d->nsources; i++) {
		const struct clause_source *s = &d->sources[i];
		clause_buf_puts(b, "<li>Source (");
		serve_esc(b, s->kind);
		clause_buf_puts(b, "): ");
		if (is_web(s->href)) {
			clause_buf_puts(b, "<a rel=\"noreferrer\" href=\"");
			serve_esc(b, s->href);
			clause_buf_puts(b, "\">");
			serve_esc(b, s->text);
			clause_buf_puts(b, "</a>");
		} else {
			serve_esc(b, s->text);
			if (s->href) {
				clause_buf_puts(b, " (");
				serve_esc(b, s->href);
				clause_buf_puts(b, ")");
			}
		}
		clause_buf_puts(b, "</li>\n");
	}
	clause_buf_puts(b, "</ul>\n");
}

static int history(struct clause_buf *b, struct serve_worker *w,
		   const char *doc, const char *clause, const char *hint)
{
	struct clause_log log = { NULL, 0, 0 };
	struct clause_blob_oracle oracle;
	int r;

	if (!w->repo->git)
		return 0;
	/* the blobs the worker's index has read are not parsed again */
	clause_index_oracle_of(&oracle, w->ix);
	oracle.hint = hint;	/* where the work tree has it: HEAD too, mostly */
	if ((r = clause_history(&log, w->repo, NULL, doc, clause, 20, &oracle)) < 0) {
		/* no commits yet: no history to show */
		clause_error_clear();
		return 0;
	}
	clause_buf_puts(b, "<h2>History</h2>\n<ol class=\"history\">\n");
	for (size_t i = 0; i < log.n; i++) {
		const struct clause_log_entry *e = &log.v[i];
		char *shown;

		clause_buf_printf(b, "<li><code>%.7s</code> ", e->commit);
		if (strcmp(e->change, "added") != 0) {
			/* what that commit changed: a redline of the step */
			clause_buf_puts(b, "<a class=\"step\" href=\"");
			serve_href(b, "/redline");
			clause_buf_printf(b, "?from=%.40s~1&amp;to=%.40s\">",
					  e->commit, e->commit);
		}
		serve_esc(b, e->change);
		if (strcmp(e->change, "added") != 0)
			clause_buf_puts(b, "</a>");
		clause_buf_puts(b, " ");
		serve_esc(b, e->num);
		clause_buf_puts(b, " &middot; ");
		if ((shown = clause_visible(e->subject))) {
			serve_esc(b, shown);
			free(shown);
		}
		for (size_t k = 0; k < e->nrounds; k++) {
			clause_buf_puts(b, " (round/");
			serve_esc(b, e->rounds[k]);
			clause_buf_puts(b, ")");
		}
		clause_buf_puts(b, "</li>\n");
	}
	clause_buf_puts(b, "</ol>\n");
	clause_log_release(&log);
	return 0;
}

/* The clauses most like doc/clause, as a list with id "similar". */
static int similar_list(struct clause_buf *b, struct serve_worker *w,
			const char *doc, const char *clause)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_hits h = { NULL, 0, 0 };
	int rc;

	if ((rc = clause_index_similar(&h, w->ix, &scope, doc, clause, 5)) < 0)
		return rc;
	if (!h.n)
		clause_buf_puts(b, "<p id=\"similar\">No clause of the library is "
				"like this one.</p>\n");
	else
		clause_buf_puts(b, "<ol id=\"similar\" class=\"similar\">\n");
	for (size_t i = 0; i < h.n; i++) {
		clause_buf_puts(b, "<li><a href=\"");
		serve_clause_href(b, h.v[i].doc, h.v[i].clause, NULL);
		clause_buf_puts(b, "\">");
		serve_esc(b, h.v[i].doc);
		clause_buf_putc(b, '/');
		serve_esc(b, h.v[i].clause);
		clause_buf_puts(b, "</a> ");
		serve_esc(b, h.v[i].heading);
		clause_buf_puts(b, "</li>\n");
	}
	if (h.n)
		clause_buf_puts(b, "</ol>\n");
	clause_hits_release(&h);
	return 0;
}

/* A "more like this" over a library of 100,000 clauses costs a hundred
 * times what the rest of a clause page does, so the page links to it
 * (/similar/DOC/CLAUSE, a page of its own that works without script)
 * and search.js puts that list in place of the link once the page is
 * shown. */
static void similar(struct clause_buf *b, const char *doc, const char *clause)
{
	clause_buf_puts(b, "<h2>Similar clauses</h2>\n<p id=\"similar\" "
			"class=\"deferred\"><a href=\"");
	serve_href(b, "/similar/");
	serve_url_arg(b, doc);
	clause_buf_putc(b, '/');
	serve_url_arg(b, clause);
	clause_buf_puts(b, "\">The clauses most like this one</a></p>\n"
			"<script src=\"");
	serve_href(b, "/search.js");
	clause_buf_puts(b, "\"></script>\n");
}

int serve_page_similar(struct serve_req *r, const char *doc, const char *id)
{
	struct clause_doc *d = NULL;
	const struct clause_clause *c;
	struct clause_buf *b = &r->body, title = CLAUSE_BUF_INIT;
	int rc;

	if ((rc = serve_load_doc(&d, r->w, doc, NULL, NULL)) < 0)
		return rc;
	if (!(c = clause_doc_clause(d, id))) {
		clause_error_set("no clause '%s' in document '%s'", id, doc);
		clause_doc_free(d);
		return CLAUSE_ENOTFOUND;
	}
	clause_buf_printf(&title, "Clauses like %s/%s", doc, id);
	serve_page_start(b, title.ptr);
	clause_buf_puts(b, "<h1>Clauses like <a href=\"");
	serve_clause_href(b, doc, id, NULL);
	clause_buf_puts(b, "\">");
	serve_esc(b, c->heading ? c->heading : id);
	clause_buf_puts(b, "</a></h1>\n<p class=\"meta\"><code>");
	serve_esc(b, doc);
	clause_buf_putc(b, '/');
	serve_esc(b, id);
	clause_buf_puts(b, "</code>, as <code>clause similar</code> ranks them</p>\n");
	rc = similar_list(b, r->w, doc, id);
	serve_page_end(b);
	clause_buf_release(&title);
	clause_doc_free(d);
	return rc;
}

/* The revision a page is asked for (rev=REV), or NULL for the work tree;
 * CLAUSE_EUSAGE or CLAUSE_ENOTFOUND for one that is none. */
static int page_rev(const char **rev, struct serve_req *r)
{
	*rev = r->arg(r->conn, "rev");
	if (!*rev || !**rev) {
		*rev = NULL;
		return 0;
	}
	if (!serve_valid_rev(*rev)) {
		clause_error_set("rev=%s: not a revision", *rev);
		return CLAUSE_EUSAGE;
	}
	return serve_known_rev(r->w, *rev);
}

/* The document a page shows, of the revision its rev= names. */
static int page_doc(struct clause_doc **d, const char **rev,
		    struct serve_req *r, const char *doc)
{
	int rc;

	*d = NULL;
	if ((rc = page_rev(rev, r)) < 0)
		return rc;
	return serve_load_doc(d, r->w, doc, *rev, NULL);
}

/* page_doc, and clause `id` of it into *c; CLAUSE_ENOTFOUND (*d NULL)
 * when it has none. */
static int page_clause(struct clause_doc **d, const struct clause_clause **c,
		       const char **rev, struct serve_req *r, const char *doc,
		       const char *id)
{
	int rc;

	if ((rc = page_doc(d, rev, r, doc)) < 0)
		return rc;
	if (!(*c = clause_doc_clause(*d, id))) {
		clause_error_set("no clause '%s' in document '%s'", id, doc);
		clause_doc_free(*d);
		*d = NULL;
		return CLAUSE_ENOTFOUND;
	}
	return 0;
}

int serve_page_clause(struct serve_req *r, const char *doc, const char *id)
{
	struct clause_doc *d = NULL;
	const struct clause_clause *c;
	struct clause_buf *b = &r->body;
	const char *rev;
	int rc;

	if ((rc = page_clause(&d, &c, &rev, r, doc, id)) < 0)
		return rc;
	serve_page_start(b, c->heading ? c->heading : id);
	clause_buf_puts(b, "<h1>");
	if (c->num) {
		serve_esc(b, c->num);
		clause_buf_putc(b, ' ');
	}
	serve_esc(b, c->heading ? c->heading : id);
	clause_buf_puts(b, "</h1>\n<p class=\"meta\"><a href=\"");
	serve_href(b, "/doc/");
	serve_esc(b, d->id);
	clause_buf_puts(b, "\">");
	serve_esc(b, d->title);
	clause_buf_puts(b, "</a> &middot; ");
	serve_esc(b, d->status);
	clause_buf_puts(b, " &middot; <code>");
	serve_esc(b, d->id);
	clause_buf_putc(b, '/');
	serve_esc(b, id);
	clause_buf_puts(b, "</code>");
	if (rev) {
		clause_buf_puts(b, " &middot; as at <code>");
		serve_esc(b, rev);
		clause_buf_puts(b, "</code> (<a href=\"");
		serve_clause_href(b, d->id, id, NULL);
		clause_buf_puts(b, "\">as it stands</a>)");
	}
	clause_buf_puts(b, " &middot; categories: ");
	for (size_t i = 0; i < c->ncategories; i++) {
		clause_buf_printf(b, "%s<a href=\"", i ? ", " : "");
		serve_href(b, "/search?category=");
		serve_url_arg(b, c->categories[i]);
		clause_buf_puts(b, "\">");
		serve_esc(b, c->categories[i]);
		clause_buf_puts(b, "</a>");
	}
	clause_buf_puts(b, "</p>\n<article class=\"clause\">\n");
	clause_body(b, d, c);
	clause_buf_puts(b, "</article>\n");
	provenance(b, d, c);
	history(b, r->w, doc, id, rev ? NULL : d->path);
	similar(b, doc, id);
	serve_page_end(b);
	clause_doc_free(d);
	return 0;
}

int serve_page_doc(struct serve_req *r, const char *doc)
{
	struct clause_doc *d = NULL;
	const char *rev;
	int rc;

	if ((rc = page_doc(&d, &rev, r, doc)) < 0)
		return rc;
	rc = export_html_doc(&r->body, d);
	clause_doc_free(d);
	return rc;
}

int serve_page_board(struct serve_req *r, const char *doc, int json)
{
	struct board bd;
	int rc;

	if ((rc = board_of_doc(&bd, r->w->repo, doc, r->arg(r->conn, "as-of"))) < 0)
		return rc;
	if (json) {
		r->type = "application/json";
		rc = board_json(&r->body, &bd);
	} else {
		rc = board_html(&r->body, &bd);
	}
	board_release(&bd);
	return rc;
}

/* ---- Two clauses ----------------------------------------------------- */

/* One side of a comparison, DOC/CLAUSE[@REV], loaded. */
struct side {
	char doc[SERVE_MAX_ARG + 1];
	const char *clause, *rev;
	struct clause_doc *d;
	const struct clause_clause *c;
	struct clause_buf display;
};

static int load_side(struct side *s, struct serve_req *r, const char *name)
{
	const char *v = r->arg(r->conn, name);
	char *slash, *at;
	int rc;

	clause_buf_init(&s->display);
	if (!v || strlen(v) > SERVE_MAX_ARG)
		goto usage;
	snprintf(s->doc, sizeof(s->doc), "%s", v);
	if ((at = strchr(s->doc, '@')))
		*at++ = '\0';
	if (!(slash = strchr(s->doc, '/')))
		goto usage;
	*slash = '\0';
	s->clause = slash + 1;
	s->rev = at;
	if (!serve_valid_id(s->doc) || !serve_valid_id(s->clause) ||
	    (at && !serve_valid_rev(at)))
		goto usage;
	if ((at && (rc = serve_known_rev(r->w, at)) < 0) ||
	    (rc = serve_load_doc(&s->d, r->w, s->doc, at, &s->display)) < 0)
		return rc;
	if (!(s->c = clause_doc_clause(s->d, s->clause))) {
		clause_error_set("no clause '%s' in document '%s'", s->clause, s->doc);
		return CLAUSE_ENOTFOUND;
	}
	return 0;
usage:
	clause_error_set("a comparison takes a=DOC/CLAUSE[@REV] and "
			 "b=DOC/CLAUSE[@REV]");
	return CLAUSE_EUSAGE;
}

/* The page clause diff A B --format=html writes for two clauses: how a
 * clause deviates from the model it derives from, or one agreement's
 * clause beside another's. */
int serve_page_compare(struct serve_req *r)
{
	struct side s[2];
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf title = CLAUSE_BUF_INIT;
	int rc;

	memset(s, 0, sizeof(s));
	if ((rc = load_side(&s[0], r, "a")) == 0 &&
	    (rc = load_side(&s[1], r, "b")) == 0)
		rc = clause_cdiff_clauses(&d, s[0].d, s[0].c, s[0].display.ptr,
					  s[1].d, s[1].c, s[1].display.ptr, NULL);
	if (rc == 0) {
		clause_buf_printf(&title, "Redline: %s/%s%s%s -> %s/%s%s%s",
				  s[0].doc, s[0].clause, s[0].rev ? "@" : "",
				  s[0].rev ? s[0].rev : "", s[1].doc, s[1].clause,
				  s[1].rev ? "@" : "", s[1].rev ? s[1].rev : "");
		rc = clause_render_html(&r->body, &d, title.ptr);
	}
	for (int i = 0; i < 2; i++) {
		clause_doc_free(s[i].d);
		clause_buf_release(&s[i].display);
	}
	clause_buf_release(&title);
	clause_cdiff_release(&d);
	return rc;
}

/* ---- The coverage matrix --------------------------------------------- */

/* The page clause matrix --format=html writes, for category=PREFIX,
 * quantity=UNIT and rev=REV as its options. */
int serve_page_matrix(struct serve_req *r)
{
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_taxonomy tax = CLAUSE_TAXONOMY_INIT;
	struct export_matrix m;
	const char *prefix = r->arg(r->conn, "category");
	const char *unit = r->arg(r->conn, "quantity");
	const char *rev;
	int rc;

	memset(&m, 0, sizeof(m));
	if (prefix && !*prefix)
		prefix = NULL;
	if (unit && !*unit)
		unit = NULL;
	if ((rc = page_rev(&rev, r)) < 0 ||
	    (rc = clause_taxonomy_load_builtin(&tax)) < 0)
		goto done;
	if (rev) {
		scope.kind = CLAUSE_SCOPE_REV;
		scope.arg = rev;
	}
	if ((rc = export_matrix_columns(&m, &tax, prefix, unit)) < 0 ||
	    (rc = export_matrix_fill(&m, r->w->ix, &scope)) < 0)
		goto done;
	export_matrix_html(&r->body, &m, &tax);
done:
	export_matrix_release(&m);
	clause_taxonomy_release(&tax);
	return rc;
}

/* ---- The JSON API ---------------------------------------------------- */

int serve_api_clause(struct serve_req *r, const char *doc, const char *id)
{
	struct clause_doc *d = NULL;
	const struct clause_clause *c;
	struct clause_json j;
	const char *rev;
	int rc;

	if ((rc = page_clause(&d, &c, &rev, r, doc, id)) < 0)
		return rc;
	/* the object clause show DOC/CLAUSE --format=json prints */
	r->type = "application/json";
	clause_json_init(&j, &r->body);
	clause_render_json_clause_full(&j, c);
	clause_json_finish(&j);
	clause_doc_free(d);
	return 0;
}

/* ---- A redline ------------------------------------------------------- */

/* A revision as a query gives it: git's characters for names, rounds,
 * ids and ~^ ancestry; never an option or a path. */
int serve_valid_rev(const char *s)
{
	if (!s || !*s || *s == '-' || strlen(s) > 200 || strstr(s, ".."))
		return 0;
	for (; *s; s++)
		if (!strchr("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			    "0123456789/._-~^", *s))
			return 0;
	return 1;
}

/* A revision the repository has; CLAUSE_ENOTFOUND naming it if not. */
int serve_known_rev(struct serve_worker *w, const char *rev)
{
	git_commit *c = NULL;

	if (clause_repo_commit_of(&c, w->repo, rev) < 0) {
		clause_error_set("unknown revision '%s'", rev);
		return CLAUSE_ENOTFOUND;
	}
	git_commit_free(c);
	return 0;
}

static int redline_pair(struct clause_changed_pair *p, void *payload)
{
	return clause_cdiff_docs(payload, p->old, p->old_display, p->new,
				 p->new_display);
}

static const char *entry_path(const struct clause_cdiff_doc *e)
{
	return e->new_path ? e->new_path : e->old_path ? e->old_path : "";
}

static int by_path(const void *a, const void *b)
{
	return strcmp(entry_path(a), entry_path(b));
}

int serve_page_redline(struct serve_req *r)
{
	const char *from = r->arg(r->conn, "from"), *to = r->arg(r->conn, "to");
	const char *party = r->arg(r->conn, "by-party");
	struct clause_changed ch = CLAUSE_CHANGED_INIT;
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf title = CLAUSE_BUF_INIT;
	int rc;

	if (!serve_valid_rev(from) || (to && !serve_valid_rev(to))) {
		clause_error_set("a redline takes from=REV and to=REV (a "
				 "revision or round/NAME; the work tree without to)");
		return CLAUSE_EUSAGE;
	}
	if ((rc = serve_known_rev(r->w, from)) < 0 || (to && (rc = serve_known_rev(r->w, to)) < 0))
		return rc;
	rc = clause_changed_load(&ch, r->w->repo, from, to, NULL, 0,
				 redline_pair, &d);
	if (rc == 0 && ch.problems.n) {
		clause_error_set("%s:%u: %s", ch.problems.v[0].path,
				 ch.problems.v[0].line, ch.problems.v[0].message);
		rc = CLAUSE_EINVALID;
	}
	if (rc == 0 && d.n > 1)
		clause_qsort(d.v, d.n, sizeof(*d.v), by_path);
	if (rc == 0 && party && to)
		rc = board_blame(&d, r->w->repo, from, to);
	if (rc == 0) {
		/* the page clause diff --format=html FROM TO writes */
		clause_buf_printf(&title, "Redline: %s -> %s", from,
				  to ? to : "work tree");
		rc = clause_render_html(&r->body, &d, title.ptr);
	}
	clause_buf_release(&title);
	clause_cdiff_release(&d);
	clause_changed_release(&ch);
	return rc;
}
