/* search.c: the search page and /api/search of clause serve.  The query
 * and every filter of clause search come from the query string, checked
 * as the command checks its options; hits come best first, twenty a
 * page, with facets counted over the first FACET_HITS of them. */
#include "serve/internal.h"
#include "util/array.h"
#include "index/query.h"
#include "util/error.h"
#include "util/json.h"
#include "util/opt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PER_PAGE 20
#define FACET_HITS 500	/* hits read to count the facets */
#define MAX_PAGES 50	/* pages of hits a search goes to */

/* The arguments of a search, by their names in the URL. */
enum filter {
	F_Q, F_CATEGORY, F_PARTY, F_SECTOR, F_STATUS, F_DOC, F_SINCE, F_UNTIL,
	F_QUANTITY, F_REV, F_SCOPE, NFILTERS
};

static const char *const filter_name[NFILTERS] = {
	"q", "category", "party", "sector", "status", "doc", "since", "until",
	"quantity", "rev", "scope"
};

struct filters {
	const char *v[NFILTERS];	/* NULL: not given, or empty */
	size_t page;
	char qbuf[SERVE_MAX_ARG + 1];	/* the quantity, parsed in place */
	const char *qunit, *qop;
	double qvalue;
};

static int refuse(const char *fmt, const char *name, const char *value)
{
	clause_error_set(fmt, name, value);
	return CLAUSE_EUSAGE;
}

/* The filters of r's query string; CLAUSE_EUSAGE (message set) for a
 * value clause search would refuse, CLAUSE_ENOTFOUND for a revision the
 * repository does not have. */
static int read_filters(struct filters *f, struct serve_req *r)
{
	const char *page = r->arg(r->conn, "page");
	const char *q, *rev, *scope;
	char *end;

	memset(f, 0, sizeof(*f));
	for (int i = 0; i < NFILTERS; i++) {
		const char *v = r->arg(r->conn, filter_name[i]);
		f->v[i] = v && *v ? v : NULL;
	}
	f->page = 1;
	if (page && *page) {
		unsigned long n = strtoul(page, &end, 10);
		if (*end || n < 1 || *page == '-' || *page == '+')
			return refuse("%s=%s: not a page number", "page", page);
		if (n > MAX_PAGES) {
			clause_error_set("pages stop at %d; narrow the search",
					 MAX_PAGES);
			return CLAUSE_EUSAGE;
		}
		f->page = n;
	}
	for (int i = F_SINCE; i <= F_UNTIL; i++)
		if (f->v[i] && !clause_opt_date(f->v[i]))
			return refuse("%s=%s: not a date (YYYY-MM-DD)",
				      filter_name[i], f->v[i]);
	if (f->v[F_DOC] && !serve_valid_id(f->v[F_DOC]))
		return refuse("%s=%s: not a document id", "doc", f->v[F_DOC]);
	if ((q = f->v[F_QUANTITY])) {
		snprintf(f->qbuf, sizeof(f->qbuf), "%s", q);
		if (clause_query_quantity(&f->qunit, &f->qop, &f->qvalue,
					  f->qbuf) < 0)
			return refuse("%s=%s: UNIT OP NUMBER, such as days>=90 "
				      "(OP is one of < <= = != >= >)", "quantity", q);
	}
	rev = f->v[F_REV];
	if ((scope = f->v[F_SCOPE]) && strcmp(scope, "rounds") != 0 &&
	    strcmp(scope, "worktree") != 0)
		return refuse("%s=%s: the work tree (worktree) or every round "
			      "(rounds)", "scope", scope);
	if (scope && strcmp(scope, "rounds") == 0 && rev)
		return refuse("%s and %s: one scope at a time (a revision, or "
			      "every round)", "rev", "scope=rounds");
	if (scope && strcmp(scope, "worktree") == 0)
		f->v[F_SCOPE] = NULL;	/* the default: left out of links */
	if (rev && !serve_valid_rev(rev))
		return refuse("%s=%s: not a revision", "rev", rev);
	return rev ? serve_known_rev(r->w, rev) : 0;
}

/* Whether f asks anything: a query or a filter. */
static int asks(const struct filters *f)
{
	for (int i = 0; i < NFILTERS; i++)
		if (f->v[i] && i != F_SCOPE)
			return 1;
	return f->v[F_SCOPE] && strcmp(f->v[F_SCOPE], "rounds") == 0;
}

/* Search f; hits best first. */
static int run_search(struct clause_hits *out, struct serve_req *r,
		      const struct filters *f, size_t limit, int count,
		      const char *on, const char *off)
{
	struct clause_query q = CLAUSE_QUERY_INIT;
	struct clause_scope scope = { CLAUSE_SCOPE_WORKTREE, NULL };
	struct clause_search s;
	int rc;

	memset(&s, 0, sizeof(s));
	/* filters alone list every clause they keep, as clause ls does */
	if (f->v[F_Q] && (rc = clause_query_parse(&q, f->v[F_Q])) < 0)
		return rc;
	if (f->v[F_REV]) {
		scope.kind = CLAUSE_SCOPE_REV;
		scope.arg = f->v[F_REV];
	} else if (f->v[F_SCOPE] && strcmp(f->v[F_SCOPE], "rounds") == 0) {
		scope.kind = CLAUSE_SCOPE_ROUNDS;
	}
	s.match = q.match;
	s.category = f->v[F_CATEGORY];
	s.party = f->v[F_PARTY];
	s.sector = f->v[F_SECTOR];
	s.status = f->v[F_STATUS];
	s.doc = f->v[F_DOC];
	s.since = f->v[F_SINCE];
	s.until = f->v[F_UNTIL];
	s.qunit = f->qunit;
	s.qop = f->qop;
	s.qvalue = f->qvalue;
	s.limit = limit;
	s.count = count;	/* every hit counted: only for the page's total */
	s.open = on;
	s.close = off;
	rc = clause_index_search(out, r->w->ix, &scope, &s);
	clause_query_release(&q);
	return rc;
}

/* ---- The page -------------------------------------------------------- */

/* A link to the search with f, filter `which` set to `value` (NULL:
 * left out; which < 0: none changed), at page `page`. */
static void search_link(struct clause_buf *b, const struct filters *f,
			int which, const char *value, size_t page)
{
	int any = 0;

	serve_href(b, "/search");
	for (int i = 0; i < NFILTERS; i++) {
		const char *v = i == which ? value : f->v[i];
		if (!v || !*v)
			continue;
		clause_buf_printf(b, "%s%s=", any++ ? "&amp;" : "?", filter_name[i]);
		serve_url_arg(b, v);
	}
	if (page > 1)
		clause_buf_printf(b, "%spage=%zu", any ? "&amp;" : "?", page);
}

static void hidden(struct clause_buf *b, const struct filters *f, int i)
{
	if (!f->v[i])
		return;
	clause_buf_printf(b, "<input type=\"hidden\" name=\"%s\" value=\"",
			  filter_name[i]);
	serve_esc(b, f->v[i]);
	clause_buf_puts(b, "\">");
}

static void field(struct clause_buf *b, const struct filters *f, int i,
		  const char *label, const char *type, const char *hint)
{
	clause_buf_printf(b, "<label>%s <input type=\"%s\" name=\"%s\" "
			  "placeholder=\"%s\" value=\"", label, type,
			  filter_name[i], hint);
	serve_esc(b, f->v[i]);
	clause_buf_puts(b, "\"></label>\n");
}

/* The search box, and the filters no facet sets as fields under it:
 * one form, so that a new query keeps them. */
static void search_form(struct clause_buf *b, const struct filters *f)
{
	int rounds = f->v[F_SCOPE] && strcmp(f->v[F_SCOPE], "rounds") == 0;
	int open;

	clause_buf_puts(b, "<form class=\"search\" method=\"get\" action=\"");
	serve_href(b, "/search");
	clause_buf_puts(b, "\"><input type=\"search\" name=\"q\" aria-label=\"Search\" "
			"autocomplete=\"off\" placeholder=\"e.g. notice "
			"&quot;new technology&quot; -cameras\" value=\"");
	serve_esc(b, f->v[F_Q]);
	clause_buf_puts(b, "\">");
	hidden(b, f, F_CATEGORY);
	hidden(b, f, F_STATUS);
	hidden(b, f, F_DOC);
	clause_buf_puts(b, "<button>Search</button>\n<details class=\"refine\"");
	/* open when one of its fields is set (the scope by more than the
	 * default the form itself sends) */
	open = rounds;
	for (int i = F_PARTY; i < F_SCOPE; i++)
		if (i != F_STATUS && i != F_DOC && f->v[i])
			open = 1;
	if (open)
		clause_buf_puts(b, " open");
	clause_buf_puts(b, "><summary>Refine</summary>\n");
	field(b, f, F_PARTY, "Party", "text", "id or part of a name");
	field(b, f, F_SECTOR, "Sector", "text", "e.g. health");
	field(b, f, F_SINCE, "In force from", "date", "YYYY-MM-DD");
	field(b, f, F_UNTIL, "to", "date", "YYYY-MM-DD");
	field(b, f, F_QUANTITY, "Quantity", "text", "e.g. days&gt;=90");
	clause_buf_printf(b, "<label>Scope <select name=\"scope\">"
			  "<option value=\"worktree\"%s>the library as it stands</option>"
			  "<option value=\"rounds\"%s>every round</option></select></label>\n",
			  rounds ? "" : " selected", rounds ? " selected" : "");
	field(b, f, F_REV, "or the revision", "text", "e.g. round/2");
	clause_buf_puts(b, "<button>Apply</button></details></form>\n");
}

/* The filters in force, each with a link that drops it. */
static void in_force(struct clause_buf *b, const struct filters *f)
{
	int any = 0;

	for (int i = F_CATEGORY; i < NFILTERS; i++) {
		if (!f->v[i] || (i == F_SCOPE && strcmp(f->v[i], "rounds") != 0))
			continue;
		clause_buf_puts(b, any++ ? "" : "<p class=\"filters\">Filters: ");
		clause_buf_printf(b, "<span class=\"filter\">%s: ", filter_name[i]);
		serve_esc(b, f->v[i]);
		clause_buf_puts(b, " <a title=\"drop this filter\" href=\"");
		search_link(b, f, i, NULL, 1);
		clause_buf_puts(b, "\">&times;</a></span> ");
	}
	if (any)
		clause_buf_puts(b, "</p>\n");
}

struct count {
	char *name;
	size_t n;
};

struct counts {
	struct count *v;
	size_t n, cap;
};

/* One more for name (its first len bytes); -1 when out of memory. */
static int count_add(struct counts *c, const char *name, size_t len)
{
	size_t k;

	for (k = 0; k < c->n; k++)
		if (strlen(c->v[k].name) == len && strncmp(c->v[k].name, name, len) == 0)
			break;
	if (k == c->n) {
		if (c->n == c->cap) {
			size_t cap = c->cap ? 2 * c->cap : 32;
			struct count *v = realloc(c->v, cap * sizeof(*v));
			if (!v)
				return -1;
			c->v = v;
			c->cap = cap;
		}
		if (!(c->v[k].name = strndup(name, len)))
			return -1;
		c->v[k].n = 0;
		c->n++;
	}
	c->v[k].n++;
	return 0;
}

static void counts_release(struct counts *c)
{
	for (size_t k = 0; k < c->n; k++)
		free(c->v[k].name);
	free(c->v);
}

static int by_count(const void *a, const void *b)
{
	const struct count *x = a, *y = b;

	return x->n != y->n ? (x->n < y->n) - (x->n > y->n) : strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct count *)a)->name, ((const struct count *)b)->name);
}

static void facet_item(struct clause_buf *b, const struct filters *f, int which,
		       const struct count *c, const char *shown, int depth)
{
	clause_buf_printf(b, "<li class=\"d%d\"><a href=\"", depth < 4 ? depth : 4);
	search_link(b, f, which, c->name, 1);
	clause_buf_puts(b, "\">");
	serve_esc(b, shown);
	clause_buf_printf(b, "</a> %zu</li>\n", c->n);
}

/* A flat facet: the values of the status or document of the hits, most
 * first. */
static void facet(struct clause_buf *b, const struct filters *f,
		  const struct clause_hits *h, const char *title, int which)
{
	struct counts c = { NULL, 0, 0 };

	for (size_t i = 0; i < h->n; i++) {
		const char *v = which == F_STATUS ? h->v[i].status : h->v[i].doc;
		if (v && count_add(&c, v, strlen(v)) < 0)
			break;
	}
	if (c.n)
		clause_qsort(c.v, c.n, sizeof(*c.v), by_count);
	clause_buf_printf(b, "<h3>%s</h3><ul>\n", title);
	for (size_t k = 0; k < c.n && k < 12; k++)
		facet_item(b, f, which, &c.v[k], c.v[k].name, 0);
	clause_buf_puts(b, "</ul>\n");
	counts_release(&c);
}

/* The category tree: each category and each of its parents, counted
 * once a hit, in the taxonomy's order (parents before their children). */
static void category_tree(struct clause_buf *b, const struct filters *f,
			  const struct clause_hits *h)
{
	struct counts c = { NULL, 0, 0 };

	for (size_t i = 0; i < h->n; i++) {
		const char *cats = h->v[i].categories;
		struct counts seen = { NULL, 0, 0 };
		for (const char *p = cats; p && *p; ) {
			size_t len = strcspn(p, " ");
			/* the category and its parents, each once for this hit */
			for (size_t e = 0; e < len; e++)
				if (p[e] == '.' || e == len - 1) {
					size_t l = p[e] == '.' ? e : len;
					size_t k;
					for (k = 0; k < seen.n && !(strlen(seen.v[k].name) == l &&
					     strncmp(seen.v[k].name, p, l) == 0); k++)
						;
					if (k == seen.n && (count_add(&seen, p, l) < 0 ||
							    count_add(&c, p, l) < 0))
						break;
				}
			p += len;
			p += strspn(p, " ");
		}
		counts_release(&seen);
	}
	if (c.n)
		clause_qsort(c.v, c.n, sizeof(*c.v), by_name);
	clause_buf_puts(b, "<h3>Category</h3><ul class=\"tree\">\n");
	for (size_t k = 0; k < c.n; k++) {
		const char *name = c.v[k].name, *last = strrchr(name, '.');
		int depth = 0;
		for (const char *p = name; *p; p++)
			depth += *p == '.';
		facet_item(b, f, F_CATEGORY, &c.v[k], last ? last + 1 : name, depth);
	}
	clause_buf_puts(b, "</ul>\n");
	counts_release(&c);
}

static void hit_html(struct clause_buf *b, const struct clause_hit *h,
		     const struct filters *f)
{
	/* a hit of a revision or of the rounds opens as that revision has it */
	const char *rev = h->nlabels ? h->labels[h->nlabels - 1] :
			  h->label ? h->label : f->v[F_REV];

	clause_buf_puts(b, "<li><div class=\"hit-title\"><a href=\"");
	serve_clause_href(b, h->doc, h->clause, rev);
	clause_buf_puts(b, "\">");
	if (h->num) {
		serve_esc(b, h->num);
		clause_buf_putc(b, ' ');
	}
	serve_esc_marked(b, h->heading_marked ? h->heading_marked :
			 h->heading ? h->heading : h->clause);
	clause_buf_puts(b, "</a></div>\n<div class=\"meta\">");
	serve_esc(b, h->doc);
	clause_buf_putc(b, '/');
	serve_esc(b, h->clause);
	clause_buf_puts(b, " &middot; ");
	serve_esc(b, h->title);
	clause_buf_puts(b, " &middot; ");
	serve_esc(b, h->status);
	clause_buf_puts(b, " &middot; ");
	/* each category narrows this search to it */
	for (const char *c = h->categories ? h->categories : ""; *c;) {
		size_t n = strcspn(c, " ");
		char name[256];

		if (n >= sizeof(name)) {
			;	/* longer than any category name: not linked */
		} else if (n) {
			memcpy(name, c, n);
			name[n] = '\0';
			clause_buf_puts(b, c == h->categories ? "" : " ");
			clause_buf_puts(b, "<a class=\"category\" href=\"");
			search_link(b, f, F_CATEGORY, name, 1);
			clause_buf_puts(b, "\">");
			serve_esc(b, name);
			clause_buf_puts(b, "</a>");
		}
		c += n;
		c += strspn(c, " ");
	}
	if (h->nlabels) {
		clause_buf_puts(b, " &middot; in ");
		for (size_t k = 0; k < h->nlabels; k++) {
			clause_buf_puts(b, k ? ", " : "");
			serve_esc(b, h->labels[k]);
		}
	}
	clause_buf_puts(b, "</div>\n<div class=\"snippet\">");
	serve_esc_marked(b, h->snippet);
	clause_buf_puts(b, "</div></li>\n");
}

static void pager(struct clause_buf *b, const struct filters *f, size_t total)
{
	clause_buf_puts(b, "<p class=\"pager\">");
	if (f->page > 1) {
		clause_buf_puts(b, "<a rel=\"prev\" href=\"");
		search_link(b, f, -1, NULL, f->page - 1);
		clause_buf_puts(b, "\">Previous</a>");
	}
	if (total > f->page * PER_PAGE && f->page < MAX_PAGES) {
		clause_buf_puts(b, "<a rel=\"next\" href=\"");
		search_link(b, f, -1, NULL, f->page + 1);
		clause_buf_puts(b, "\">Next</a>");
	}
	clause_buf_puts(b, "</p>\n");
}

/* The hits and facets of f, or the parser's message (status 400). */
static int results(struct clause_buf *b, struct serve_req *r,
		   const struct filters *f)
{
	struct clause_hits hits = { NULL, 0, 0 }, all = { NULL, 0, 0 };
	int rc;

	rc = run_search(&hits, r, f, f->page * PER_PAGE, 1, SERVE_HL_ON, SERVE_HL_OFF);
	if (rc == CLAUSE_EINVALID || rc == CLAUSE_EUSAGE) {
		/* the query language's own message, as on the command line */
		clause_buf_puts(b, "<p class=\"error\" id=\"query-error\">");
		serve_esc(b, clause_error_last());
		clause_buf_puts(b, "</p>\n");
		r->status = 400;
		return 0;
	}
	if (rc < 0 || (rc = run_search(&all, r, f, FACET_HITS, 0, "", "")) < 0)
		goto done;
	clause_buf_printf(b, "<p id=\"total\">%zu clause%s</p>\n<div class=\"layout\">"
			  "<nav class=\"facets\">\n", hits.total,
			  hits.total == 1 ? "" : "s");
	category_tree(b, f, &all);
	facet(b, f, &all, "Status", F_STATUS);
	facet(b, f, &all, "Document", F_DOC);
	clause_buf_puts(b, "</nav>\n<ol class=\"hits\">\n");
	for (size_t i = (f->page - 1) * PER_PAGE; i < hits.n; i++)
		hit_html(b, &hits.v[i], f);
	clause_buf_puts(b, "</ol>\n</div>\n");
	pager(b, f, hits.total);
done:
	clause_hits_release(&hits);
	clause_hits_release(&all);
	return rc < 0 ? rc : 0;
}

int serve_page_search(struct serve_req *r)
{
	struct filters *f = malloc(sizeof(*f));
	struct clause_buf *b = &r->body;
	int rc;

	if (!f)
		return CLAUSE_ERROR;
	if ((rc = read_filters(f, r)) < 0)
		goto done;
	serve_page_start(b, f->v[F_Q] ? f->v[F_Q] : "Search");
	clause_buf_puts(b, "<h1>Search the clauses</h1>\n");
	search_form(b, f);
	in_force(b, f);
	/* what search.js swaps for the answer to the words typed so far */
	clause_buf_puts(b, "<div id=\"results\">\n");
	if (asks(f))
		rc = results(b, r, f);
	clause_buf_puts(b, "</div>\n<script src=\"");
	serve_href(b, "/search.js");
	clause_buf_puts(b, "\"></script>\n");
	serve_page_end(b);
done:
	free(f);
	return rc;
}

/* ---- Search as you type --------------------------------------------- */

/* The page works without it: the form is an ordinary GET form.  With it,
 * a pause in typing fetches the same page for the words so far and
 * swaps its results in, the address following along. */
static const char script[] =
	"// search.js: search as you type, and the parts of a page that come\n"
	"// after it (clause serve)\n"
	"(function () {\n"
	"  var later = document.querySelector('.deferred[id] a[href]');\n"
	"  if (later && window.fetch) {\n"
	"    var id = later.parentNode.id;\n"
	"    fetch(later.getAttribute('href'), { credentials: 'same-origin' }).then(function (r) {\n"
	"      return r.ok ? r.text() : '';\n"
	"    }).then(function (html) {\n"
	"      var page = new DOMParser().parseFromString(html, 'text/html');\n"
	"      var part = page.getElementById(id);\n"
	"      var old = document.getElementById(id);\n"
	"      if (part && old) old.replaceWith(document.importNode(part, true));\n"
	"    }).catch(function () {});\n"
	"  }\n"
	"})();\n"
	"(function () {\n"
	"  var form = document.querySelector('form.search');\n"
	"  var box = form && form.querySelector('input[name=q]');\n"
	"  if (!box || !window.fetch || !window.URLSearchParams) return;\n"
	"  var timer = 0, asked = 0;\n"
	"  function url() {\n"
	"    var p = new URLSearchParams();\n"
	"    new FormData(form).forEach(function (v, k) {\n"
	"      if (v !== '' && !(k === 'scope' && v === 'worktree')) p.append(k, v);\n"
	"    });\n"
	"    var q = p.toString();\n"
	"    return form.getAttribute('action') + (q ? '?' + q : '');\n"
	"  }\n"
	"  function ask() {\n"
	"    var u = url(), n = ++asked;\n"
	"    fetch(u, { credentials: 'same-origin' }).then(function (r) {\n"
	"      return r.text();\n"
	"    }).then(function (html) {\n"
	"      if (n !== asked) return;  // a later question is on its way\n"
	"      var page = new DOMParser().parseFromString(html, 'text/html');\n"
	"      var fresh = page.getElementById('results');\n"
	"      var old = document.getElementById('results');\n"
	"      if (!fresh || !old) return;\n"
	"      old.replaceWith(document.importNode(fresh, true));\n"
	"      document.title = page.title;\n"
	"      history.replaceState(null, '', u);\n"
	"    }).catch(function () {});\n"
	"  }\n"
	"  box.addEventListener('input', function () {\n"
	"    clearTimeout(timer);\n"
	"    timer = setTimeout(ask, 250);\n"
	"  });\n"
	"})();\n";

int serve_script(struct serve_req *r)
{
	r->type = "text/javascript; charset=utf-8";
	clause_buf_puts(&r->body, script);
	return 0;
}

/* ---- The JSON API ---------------------------------------------------- */

int serve_api_search(struct serve_req *r)
{
	struct clause_hits hits = { NULL, 0, 0 };
	struct clause_json j;
	struct filters *f = malloc(sizeof(*f));
	const char *n = r->arg(r->conn, "n");
	size_t limit = n ? strtoul(n, NULL, 10) : 10;
	int rc;

	if (!f)
		return CLAUSE_ERROR;
	if ((rc = read_filters(f, r)) < 0)
		goto done;
	if (!asks(f)) {
		clause_error_set("what to search for? give q=QUERY or a filter "
				 "(category, party, sector, status, doc, since, "
				 "until, quantity)");
		rc = CLAUSE_EUSAGE;
		goto done;
	}
	if (limit < 1 || limit > 1000)
		limit = 10;
	/* the same fields and markers as clause search --format=json */
	if ((rc = run_search(&hits, r, f, limit, 0, "*", "*")) < 0)
		goto done;
	r->type = "application/json";
	clause_json_list(&j, &r->body);
	for (size_t i = 0; i < hits.n; i++)
		clause_hit_json(&j, r->w->repo, &hits.v[i], 0);
	clause_json_finish(&j);
	clause_hits_release(&hits);
done:
	free(f);
	return rc;
}
