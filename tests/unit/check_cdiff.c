/* check_cdiff.c: clause matching, change kinds and changed numbers, with a
 * property test over random clause-level edit scripts. */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "diff/cdiff.h"
#include "doc/doc.h"
#include "diff/render.h"

static struct clause_doc *load(const char *text)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	int r = clause_doc_load(&doc, NULL, "t.xml", text, strlen(text), 1, &p);

	if (r != 0 && p.n)
		fprintf(stderr, "%s:%u:%u: %s\n%s\n", p.v[0].path, p.v[0].line,
			p.v[0].col, p.v[0].message, text);
	ck_assert_int_eq(r, 0);
	clause_problems_release(&p);
	return doc;
}

static struct clause_doc *load_lazy(const char *text)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;

	ck_assert_int_eq(clause_doc_load_ex(&doc, NULL, "t.xml", text,
					    strlen(text), 1, CLAUSE_DOC_LAZY, &p), 0);
	clause_problems_release(&p);
	return doc;
}

/* The diff of x and y as text and JSON. */
static void render_diff(struct clause_buf *out, struct clause_doc *a,
			struct clause_doc *b)
{
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_eq(clause_render_text(out, &d, 0, 0), 0);
	ck_assert_int_eq(clause_render_json(out, &d), 0);
	clause_cdiff_release(&d);
}

/* Documents loaded with CLAUSE_DOC_LAZY diff as those loaded whole do,
 * as they are and with every line break made a space (one-line XML,
 * where no clause has bytes of its own to compare). */
static void check_lazy_same(const char *x, const char *y)
{
	for (int oneline = 0; oneline < 2; oneline++) {
		char *xs = strdup(x), *ys = strdup(y);
		struct clause_buf eager = CLAUSE_BUF_INIT, lazy = CLAUSE_BUF_INIT;
		struct clause_doc *a, *b, *la, *lb;

		for (char *p = xs; oneline && *p; p++)
			*p = *p == '\n' ? ' ' : *p;
		for (char *p = ys; oneline && *p; p++)
			*p = *p == '\n' ? ' ' : *p;
		a = load(xs);
		b = load(ys);
		la = load_lazy(xs);
		lb = load_lazy(ys);
		render_diff(&eager, a, b);
		render_diff(&lazy, la, lb);
		ck_assert_str_eq(lazy.ptr, eager.ptr);
		/* Added and removed documents: every clause shown. */
		clause_buf_clear(&eager);
		clause_buf_clear(&lazy);
		render_diff(&eager, NULL, b);
		render_diff(&lazy, NULL, lb);
		ck_assert_str_eq(lazy.ptr, eager.ptr);
		clause_buf_release(&eager);
		clause_buf_release(&lazy);
		clause_doc_free(a);
		clause_doc_free(b);
		clause_doc_free(la);
		clause_doc_free(lb);
		free(xs);
		free(ys);
	}
}

#define CL(id, num, cat, text) \
	"<clause id=\"" id "\" category=\"" cat "\"><num>" num "</num>" \
	"<heading>H " id "</heading><p>" text "</p></clause>\n"

static const char *v1 =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
	"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party>"
	"<term effective=\"2026-01-01\" expires=\"2028-12-31\"/></meta>\n"
	"  <article id=\"a\"><num>Article 1</num>\n"
	CL("notice", "1.1", "adjustment.notice",
	   "At least <quantity unit=\"days\">180</quantity> days before, and "
	   "a meeting within <quantity unit=\"days\">14</quantity> days.")
	CL("pay", "1.2", "adjustment.training", "A premium of $1.50 an hour for 80 hours.")
	CL("cams", "1.3", "guardrail.surveillance", "No camera shall face the operator.")
	CL("gone", "1.4", "adjustment.gain-sharing", "A fund of 25 percent of savings.")
	"  </article>\n  <article id=\"b\"><num>Article 2</num>\n"
	CL("disc", "2.1", "guardrail.tech-discipline", "No discipline on data alone.")
	CL("old-id", "2.2", "guardrail.human-review", "A manager shall review every decision.")
	"  </article>\n</agreement>\n";

static const char *v2 =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"counter\">\n"
	"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party>"
	"<term effective=\"2026-01-01\" expires=\"2030-12-31\"/></meta>\n"
	"  <article id=\"a\"><num>Article 1</num>\n"
	CL("notice", "1.1", "adjustment.notice",
	   "At least <quantity unit=\"days\">60</quantity> days\n  before, and "
	   "a meeting within <quantity unit=\"days\">14</quantity> days.")
	CL("pay", "1.2", "adjustment.training adjustment.notice",
	   "A premium of $0.50 an hour for 24 hours.")
	"  </article>\n  <article id=\"b\"><num>Article 2</num>\n"
	CL("cams", "2.1", "guardrail.surveillance", "No camera shall face the operator.")
	CL("disc", "2.2", "guardrail.tech-discipline", "No discipline on data alone.")
	"<clause id=\"new-id\" category=\"guardrail.human-review\"><num>2.3</num>"
	"<heading>H old-id</heading><p>A manager shall review every decision.</p></clause>\n"
	CL("added", "2.4", "guardrail.genai-limits", "AI is a tool.")
	"  </article>\n</agreement>\n";

static const struct clause_cdiff_clause *find(const struct clause_cdiff_doc *d,
					      const char *id)
{
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause_cdiff_clause *c = &d->clauses[i];
		if ((c->new && strcmp(c->new->id, id) == 0) ||
		    (c->old && strcmp(c->old->id, id) == 0))
			return c;
	}
	return NULL;
}

START_TEST(cdiff_kinds_of_change)
{
	struct clause_doc *a = load(v1), *b = load(v2);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	const struct clause_cdiff_doc *e;
	const struct clause_cdiff_clause *c;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_uint_eq(d.n, 1);
	e = &d.v[0];
	ck_assert_uint_eq(e->nclauses, 7);
	c = find(e, "notice");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_MODIFIED);	/* reflow ignored */
	c = find(e, "pay");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_MODIFIED | CLAUSE_CHANGE_RECATEGORIZED);
	c = find(e, "cams");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_MOVED);
	c = find(e, "gone");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_REMOVED);
	c = find(e, "disc");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_RENUMBERED);
	c = find(e, "new-id");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_RENAMED | CLAUSE_CHANGE_RENUMBERED);
	ck_assert_str_eq(c->old->id, "old-id");
	ck_assert_str_eq(c->matched_by, "text");
	c = find(e, "added");
	ck_assert_uint_eq(c->kinds, CLAUSE_CHANGE_ADDED);
	/* New document order; the removed clause after the one before it
	 * in the old document (cams, now moved). */
	ck_assert_str_eq(e->clauses[0].new->id, "notice");
	ck_assert_str_eq(e->clauses[3].old->id, "gone");
	/* Metadata. */
	ck_assert_uint_eq(e->nmeta, 2);
	ck_assert_str_eq(e->meta[0].field, "status");
	ck_assert_str_eq(e->meta[1].field, "expires");
	ck_assert_str_eq(e->meta[1].new, "2030-12-31");
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
}
END_TEST

START_TEST(cdiff_numbers_from_markup_and_plain_text)
{
	struct clause_doc *a = load(v1), *b = load(v2);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_eq(clause_render_text(&out, &d, 0, 0), 0);
	/* Markup: the first "days" changed, the second did not. */
	ck_assert_ptr_nonnull(strstr(out.ptr, "  d/notice: 180 days -> 60 days\n"));
	ck_assert_ptr_null(strstr(out.ptr, "14 days ->"));
	/* No markup: money, and a number beside its unit. */
	ck_assert_ptr_nonnull(strstr(out.ptr, "  d/pay: $1.50 -> $0.50\n"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "  d/pay: 80 hours -> 24 hours\n"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "At least [-180-]{+60+} days"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "renumbered, renamed: 2.2 -> 2.3"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "[d/old-id -> new-id]"));
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
}
END_TEST

/* The numbers summary of one clause whose text goes from `a` to `b`
 * (plus clauses `extra_a`/`extra_b` beside it), as "clause: old -> new"
 * lines. */
static char *numbers_of(const char *a, const char *b, const char *extra_a,
			const char *extra_b)
{
	struct clause_buf x = CLAUSE_BUF_INIT, y = CLAUSE_BUF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_doc *da, *db;

	clause_buf_printf(&x, DOC_HEAD "<clause id=\"c\" category=\"adjustment.notice\">"
			  "<p>%s</p></clause>%s</agreement>\n", "d", a, extra_a);
	clause_buf_printf(&y, DOC_HEAD "<clause id=\"c\" category=\"adjustment.notice\">"
			  "<p>%s</p></clause>%s</agreement>\n", "d", b, extra_b);
	da = load(x.ptr);
	db = load(y.ptr);
	ck_assert_int_eq(clause_cdiff_docs(&d, da, "a.xml", db, "b.xml"), 0);
	for (size_t i = 0; d.n && i < d.v[0].nnums; i++)
		clause_buf_printf(&out, "%s: %s -> %s\n", d.v[0].nums[i].clause,
				  d.v[0].nums[i].old ? d.v[0].nums[i].old : "(none)",
				  d.v[0].nums[i].new ? d.v[0].nums[i].new : "(none)");
	clause_cdiff_release(&d);
	clause_doc_free(da);
	clause_doc_free(db);
	clause_buf_release(&x);
	clause_buf_release(&y);
	return clause_buf_detach(&out);
}

#define Q(unit, n) "<quantity unit=\"" unit "\">" n "</quantity> " unit

START_TEST(cdiff_numbers_pair_by_alignment)
{
	static const struct { const char *a, *b, *want; } cases[] = {
		/* a quantity inserted before an unchanged one is new */
		{ "Meet within " Q("days", "14") ".",
		  "Notice within " Q("days", "10") ". Meet within " Q("days", "14") ".",
		  "c: (none) -> 10 days\n" },
		/* deleting the first of two removes it; the second stands */
		{ "Notice " Q("days", "30") " and meeting " Q("days", "14") ".",
		  "Meeting " Q("days", "14") ".",
		  "c: 30 days -> (none)\n" },
		/* a change of unit is one change, not two pairings elsewhere */
		{ "Notice " Q("days", "30") ", training " Q("weeks", "2") ", meeting " Q("days", "14") ".",
		  "Notice " Q("weeks", "4") ", training " Q("weeks", "2") ", meeting " Q("days", "14") ".",
		  "c: 30 days -> 4 weeks\n" },
		/* a changed value of a number in words is a change */
		{ "For <quantity unit=\"months\" value=\"6\">six</quantity> months.",
		  "For <quantity unit=\"months\" value=\"9\">six</quantity> months.",
		  "c: six months (6) -> six months (9)\n" },
		/* and the ordinary change still pairs */
		{ "Notice " Q("days", "180") " and " Q("days", "14") ".",
		  "Notice " Q("days", "60") " and " Q("days", "14") ".",
		  "c: 180 days -> 60 days\n" },
		/* plain text: "30-day", "USD 500", "500 dollars" */
		{ "A 30-day notice and USD 500 and 200 dollars.",
		  "A 45-day notice and USD 700 and 300 dollars.",
		  "c: 30-day -> 45-day\nc: USD 500 -> USD 700\nc: 200 dollars -> 300 dollars\n" },
		/* plain text beside markup: both read, a marked number once */
		{ "Notice " Q("days", "14") " ahead, a 30-day review, USD 500.",
		  "Notice within " Q("days", "10") " and " Q("days", "14") " ahead, a 45-day review, USD 750.",
		  "c: (none) -> 10 days\nc: 30-day -> 45-day\nc: USD 500 -> USD 750\n" },
		/* marked money is not read again from its text */
		{ "Pay " Q("USD", "$500") " and 20 days.",
		  "Pay " Q("USD", "$600") " and 20 days.",
		  "c: $500 -> $600\n" }
	};

	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = numbers_of(cases[i].a, cases[i].b, "", "");

		ck_assert_msg(strcmp(got, cases[i].want) == 0, "case %zu: got\n%s", i, got);
		free(got);
	}
}
END_TEST

START_TEST(cdiff_numbers_of_added_and_removed_clauses)
{
	char *got = numbers_of("Same.", "Same.",
			       "<clause id=\"gone\" category=\"adjustment.severance\"><p>Severance "
			       "pay lasts " Q("months", "36") " after a layoff.</p></clause>",
			       "<clause id=\"new\" category=\"adjustment.training\"><p>Training "
			       "courses are open to each employee for " Q("months", "24") ".</p></clause>");

	ck_assert_msg(strstr(got, "gone: 36 months -> (none)\n") != NULL, "%s", got);
	ck_assert_msg(strstr(got, "new: (none) -> 24 months\n") != NULL, "%s", got);
	free(got);
}
END_TEST

/* A document of n clauses, each of its own words; `renamed` gives every
 * clause another id and changes one word of it. */
static char *many_clauses(size_t n, int renamed)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_buf_printf(&b, DOC_HEAD, "d");
	for (size_t i = 0; i < n; i++) {
		clause_buf_printf(&b, "<clause id=\"%s%zu\" category=\"adjustment.notice\"><p>",
				  renamed ? "new" : "old", i);
		for (size_t w = 0; w < 12; w++)
			clause_buf_printf(&b, "w%zux%zu ", i, w);
		clause_buf_printf(&b, "%s common words here.</p></clause>\n",
				  renamed ? "changed" : "original");
	}
	clause_buf_puts(&b, "</agreement>\n");
	return clause_buf_detach(&b);
}

/* Past a few hundred renamed clauses the similarity match still finds
 * every one (it once gave up past 250,000 pairs: about 500 clauses). */
START_TEST(cdiff_matches_thousands_of_renamed_clauses)
{
	char *x = many_clauses(2000, 0), *y = many_clauses(2000, 1);
	struct clause_doc *a = load(x), *b = load(y);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	size_t similar = 0;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_uint_eq(d.n, 1);
	for (size_t i = 0; i < d.v[0].nclauses; i++) {
		const struct clause_cdiff_clause *c = &d.v[0].clauses[i];

		ck_assert_ptr_nonnull(c->old);
		ck_assert_ptr_nonnull(c->new);
		ck_assert_str_eq(c->old->id + 3, c->new->id + 3);
		similar += strcmp(c->matched_by, "similarity") == 0;
	}
	ck_assert_uint_eq(d.v[0].nclauses, 2000);
	ck_assert_uint_eq(similar, 2000);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
	free(x);
	free(y);
}
END_TEST

START_TEST(cdiff_html_escapes_clause_text)
{
	const char *x =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
		"<meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
		CL("c", "1", "adjustment.notice", "Plain &amp; simple.")
		"</agreement>\n";
	const char *y =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
		"<meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
		CL("c", "1", "adjustment.notice",
		   "Plain &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"quoted\".")
		"</agreement>\n";
	struct clause_doc *a = load(x), *b = load(y);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;

	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_int_eq(clause_render_html(&out, &d, "<b>title</b>"), 0);
	ck_assert_ptr_null(strstr(out.ptr, "<script"));
	ck_assert_ptr_null(strstr(out.ptr, "<b>"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "&lt;script&gt;"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "&amp;"));
	ck_assert_ptr_nonnull(strstr(out.ptr, "<ins>"));
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
}
END_TEST

START_TEST(cdiff_sub_clause_moved_to_another_parent)
{
	const char *x =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
		"<meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
		"<clause id=\"p1\" category=\"adjustment.notice\"><num>1</num><p>First.</p>"
		"<clause id=\"kid\" category=\"adjustment.notice\"><num>1.1</num><p>Kid text.</p></clause>"
		"</clause>\n"
		"<clause id=\"p2\" category=\"adjustment.notice\"><num>2</num><p>Second.</p></clause>\n"
		"</agreement>\n";
	const char *y =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
		"<meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
		"<clause id=\"p1\" category=\"adjustment.notice\"><num>1</num><p>First.</p></clause>\n"
		"<clause id=\"p2\" category=\"adjustment.notice\"><num>2</num><p>Second.</p>"
		"<clause id=\"kid\" category=\"adjustment.notice\"><num>2.1</num><p>Kid text.</p></clause>"
		"</clause>\n"
		"</agreement>\n";
	struct clause_doc *a = load(x), *b = load(y);
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;

	check_lazy_same(x, y);
	check_lazy_same(y, x);
	ck_assert_int_eq(clause_cdiff_docs(&d, a, "a.xml", b, "b.xml"), 0);
	ck_assert_uint_eq(d.v[0].nclauses, 1);
	ck_assert_uint_eq(d.v[0].clauses[0].kinds, CLAUSE_CHANGE_MOVED);
	ck_assert_int_eq(clause_render_text(&out, &d, 0, 0), 0);
	ck_assert_ptr_nonnull(strstr(out.ptr, "moved: 1.1 -> 2.1 [d/kid]\n"
				     "  moved: from under p1 to under p2, to the start of p2\n"));
	clause_buf_release(&out);
	clause_cdiff_release(&d);
	clause_doc_free(a);
	clause_doc_free(b);
}
END_TEST

/* Texts made only where needed (CLAUSE_DOC_LAZY) give the same diff:
 * moves, renames, renumbering, a parent's text changed after its
 * sub-clause, ids used twice, clause bytes shared with the next line. */
START_TEST(cdiff_lazy_texts_same_output)
{
	const char *head =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"proposal\">\n"
		"<meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n";
	const char *bodies[][2] = {
		{ "<clause id=\"p\" category=\"a.b\"><p>One.</p>\n"
		  "<clause id=\"k\" category=\"a.b\"><p>Kid.</p></clause>\n"
		  "<p>Two.</p></clause>\n",
		  "<clause id=\"p\" category=\"a.b\"><p>One.</p>\n"
		  "<clause id=\"k\" category=\"a.b\"><p>Kid.</p></clause>\n"
		  "<p>Three.</p></clause>\n" },
		{ "<clause id=\"x\" category=\"a.b\"><p>Same.</p></clause>\n"
		  "<clause id=\"x\" category=\"a.b\"><p>Other.</p></clause>\n"
		  "<clause id=\"y\" category=\"a.b\"><p>Same.</p></clause>\n",
		  "<clause id=\"x\" category=\"a.b\"><p>Other.</p></clause>\n"
		  "<clause id=\"x\" category=\"a.b\"><p>Same.</p></clause>\n"
		  "<clause id=\"z\" category=\"a.b\"><p>Same.</p></clause>\n" },
		{ "<clause id=\"a\" category=\"a.b\"><p>A.</p></clause>"
		  "<clause id=\"b\" category=\"a.b\"><p>B.</p></clause>\n"
		  "<clause id=\"c\" category=\"a.b\"><p>C.</p></clause>\n",
		  "<clause id=\"a\" category=\"a.b\"><p>A.</p></clause>"
		  "<clause id=\"b\" category=\"a.b\"><p>B2.</p></clause>\n"
		  "<clause id=\"c\" category=\"a.b\"><p>C.</p></clause>\n" },
		{ "<clause id=\"a\" category=\"a.b\"><p>A\nthen</p></clause>"
		  "<clause id=\"b\" category=\"a.b\"><p>B.</p></clause>\n",
		  "<clause id=\"a\" category=\"a.b\"><p>A\nnow</p></clause>"
		  "<clause id=\"b\" category=\"a.b\"><p>B.</p></clause>\n" },
	};

	check_lazy_same(v1, v2);
	check_lazy_same(v2, v1);
	for (size_t i = 0; i < sizeof(bodies) / sizeof(*bodies); i++) {
		struct clause_buf x = CLAUSE_BUF_INIT, y = CLAUSE_BUF_INIT;
		clause_buf_printf(&x, "%s%s</agreement>\n", head, bodies[i][0]);
		clause_buf_printf(&y, "%s%s</agreement>\n", head, bodies[i][1]);
		check_lazy_same(x.ptr, y.ptr);
		check_lazy_same(y.ptr, x.ptr);
		clause_buf_release(&x);
		clause_buf_release(&y);
	}
}
END_TEST

/* ---- property test ------------------------------------------------ */

static unsigned long long rng_state;

static unsigned rnd(unsigned n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (unsigned)(rng_state % n);
}

/* One clause of the generated documents. */
struct gen_clause {
	char id[32];
	char num[16];
	int article;		/* 0 or 1 */
	int category;		/* index into cats */
	char words[24][24];	/* the text, unique words */
	int nwords;
	unsigned expect;	/* kinds the diff must report */
	int deleted;
};

static const char *const cats[] = {
	"adjustment.notice", "guardrail.surveillance", "adjustment.training"
};

static void gen_doc(struct clause_buf *b, const struct gen_clause *v, size_t n,
		    const int *order)
{
	clause_buf_puts(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
			"<agreement xmlns=\"urn:clause:1\" id=\"g\" status=\"proposal\">\n"
			"<meta><title>T</title><party role=\"union\" id=\"u\">U</party>"
			"</meta>\n");
	for (int art = 0; art < 2; art++) {
		clause_buf_printf(b, "<article id=\"art%d\">\n", art);
		for (size_t k = 0; k < n; k++) {
			const struct gen_clause *c = &v[order[k]];
			if (c->deleted || c->article != art)
				continue;
			clause_buf_printf(b, "<clause id=\"%s\" category=\"%s\"><num>%s"
					  "</num><p>", c->id, cats[c->category], c->num);
			for (int w = 0; w < c->nwords; w++)
				clause_buf_printf(b, "%s%s", w ? (rnd(4) ? " " : "\n  ") : "",
						  c->words[w]);
			clause_buf_puts(b, "</p></clause>\n");
		}
		clause_buf_puts(b, "</article>\n");
	}
	clause_buf_puts(b, "</agreement>\n");
}

START_TEST(cdiff_property_random_clause_edits)
{
	rng_state = 0xD1B54A32D192ED03ULL;
	for (int iter = 0; iter < 1000; iter++) {
		struct gen_clause v[24];
		int order[24];
		size_t n = 1 + rnd(12), total;
		struct clause_buf a = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT;
		struct clause_doc *da, *db;
		struct clause_cdiff d = CLAUSE_CDIFF_INIT;
		size_t expected = 0;
		int fresh = 0;

		memset(v, 0, sizeof(v));
		for (size_t i = 0; i < n; i++) {
			snprintf(v[i].id, sizeof(v[i].id), "c%zu", i);
			snprintf(v[i].num, sizeof(v[i].num), "%zu", i + 1);
			v[i].article = i >= n / 2;
			v[i].category = (int)rnd(3);
			v[i].nwords = 4 + (int)rnd(16);
			for (int w = 0; w < v[i].nwords; w++)
				snprintf(v[i].words[w], sizeof(v[i].words[w]), "w%zux%d", i, w);
			order[i] = (int)i;
		}
		gen_doc(&a, v, n, order);
		/* The edit script. */
		for (size_t i = 0; i < n; i++) {
			struct gen_clause *c = &v[i];
			int renamed = 0;
			if (rnd(10) == 0) {
				c->deleted = 1;
				c->expect = CLAUSE_CHANGE_REMOVED;
				continue;
			}
			if (rnd(3) == 0) {	/* word edits */
				int at = (int)rnd((unsigned)c->nwords);
				snprintf(c->words[at], sizeof(c->words[at]), "e%d", fresh++);
				if (rnd(2) && c->nwords < 24)
					snprintf(c->words[c->nwords++], sizeof(c->words[0]),
						 "e%d", fresh++);
				c->expect |= CLAUSE_CHANGE_MODIFIED;
				/* A new id as well: found by similarity (one or
				 * two words of at least four changed). */
				if (rnd(6) == 0 && c->nwords >= 8) {
					snprintf(c->id, sizeof(c->id), "s%zu", i);
					c->expect |= CLAUSE_CHANGE_RENAMED;
				}
			} else if (rnd(8) == 0) {	/* a new id, same text */
				snprintf(c->id, sizeof(c->id), "r%zu", i);
				c->expect |= CLAUSE_CHANGE_RENAMED;
				renamed = 1;
			}
			if (rnd(8) == 0) {	/* to the other article, at its end */
				c->article = !c->article;
				c->expect |= CLAUSE_CHANGE_MOVED;
				for (size_t k = 0; k < n; k++)
					if (order[k] == (int)i) {
						memmove(&order[k], &order[k + 1],
							(n - k - 1) * sizeof(*order));
						order[n - 1] = (int)i;
						break;
					}
			}
			if (rnd(6) == 0) {
				snprintf(c->num, sizeof(c->num), "R%zu", i);
				if (!(c->expect & CLAUSE_CHANGE_MOVED))
					c->expect |= CLAUSE_CHANGE_RENUMBERED;
			}
			if (rnd(8) == 0) {
				c->category = (c->category + 1) % 3;
				c->expect |= CLAUSE_CHANGE_RECATEGORIZED;
			}
			(void)renamed;
		}
		/* Insertions: new clauses with new words. */
		total = n;
		for (unsigned k = rnd(3); k > 0; k--) {
			struct gen_clause *c = &v[total];
			snprintf(c->id, sizeof(c->id), "new%u", k);
			snprintf(c->num, sizeof(c->num), "N%u", k);
			c->article = (int)rnd(2);
			c->nwords = 3 + (int)rnd(8);
			for (int w = 0; w < c->nwords; w++)
				snprintf(c->words[w], sizeof(c->words[w]), "z%ux%d", k, w);
			c->expect = CLAUSE_CHANGE_ADDED;
			order[total] = (int)total;
			total++;
		}
		gen_doc(&b, v, total, order);
		da = load(a.ptr);
		db = load(b.ptr);
		check_lazy_same(a.ptr, b.ptr);
		ck_assert_int_eq(clause_cdiff_docs(&d, da, "a", db, "b"), 0);
		for (size_t i = 0; i < total; i++) {
			const struct clause_cdiff_clause *c = find(&d.v[0], v[i].id);
			if (!v[i].expect) {
				ck_assert_msg(!c, "iter %d: %s reported, kinds %u", iter,
					      v[i].id, c ? c->kinds : 0);
				continue;
			}
			expected++;
			ck_assert_msg(c != NULL, "iter %d: %s not reported", iter, v[i].id);
			ck_assert_msg(c->kinds == v[i].expect,
				      "iter %d: %s kinds %u, want %u\n%s\n%s", iter,
				      v[i].id, c->kinds, v[i].expect, a.ptr, b.ptr);
			if (v[i].id[0] == 's')
				ck_assert_str_eq(c->matched_by, "similarity");
			if (v[i].id[0] == 'r')
				ck_assert_str_eq(c->matched_by, "text");
			if (c->kinds & CLAUSE_CHANGE_MODIFIED) {
				struct clause_buf t = CLAUSE_BUF_INIT;
				ck_assert_int_eq(clause_wdiff_apply(&t, &c->text), 0);
				ck_assert_str_eq(t.ptr, c->new->text);
				clause_buf_release(&t);
			}
		}
		ck_assert_uint_eq(d.v[0].nclauses, expected);
		clause_cdiff_release(&d);
		clause_doc_free(da);
		clause_doc_free(db);
		clause_buf_release(&a);
		clause_buf_release(&b);
	}
}
END_TEST

Suite *suite_cdiff(void)
{
	Suite *s = suite_create("cdiff");
	TCase *tc = tcase_create("cdiff");

	tcase_add_test(tc, cdiff_kinds_of_change);
	tcase_add_test(tc, cdiff_numbers_from_markup_and_plain_text);
	tcase_add_test(tc, cdiff_numbers_pair_by_alignment);
	tcase_add_test(tc, cdiff_numbers_of_added_and_removed_clauses);
	tcase_add_test(tc, cdiff_matches_thousands_of_renamed_clauses);
	tcase_add_test(tc, cdiff_html_escapes_clause_text);
	tcase_add_test(tc, cdiff_sub_clause_moved_to_another_parent);
	tcase_add_test(tc, cdiff_lazy_texts_same_output);
	tcase_add_test(tc, cdiff_property_random_clause_edits);
	suite_add_tcase(s, tc);
	return s;
}
