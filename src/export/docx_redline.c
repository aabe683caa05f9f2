/* docx_redline.c: a clause-aware diff as a Word file with real tracked
 * changes.
 *
 * Each document pair is written whole, in the later version's order:
 * unchanged clauses plainly, changed ones with w:del / w:ins runs from
 * their word diffs, a new number as the old one deleted and the new one
 * inserted, added and removed clauses as whole inserted or deleted
 * paragraphs (their paragraph marks too, so that accepting or
 * rejecting leaves no empty paragraph), and moved clauses as
 * w:moveFrom at the old place and w:moveTo at the new, in named move
 * ranges.  A removed or moved-away clause goes back where it stood:
 * after the nearest clause before it that stayed in place.
 *
 * A clause's body is written as one paragraph of its text (the text the
 * word diff is made of, its <p>, <list> and <note> blocks joined), so
 * that accepting every revision gives the later text word for word and
 * rejecting every one the earlier.  A moved clause is moved whole, in
 * its old and its new wording: accepting takes the new, rejecting the
 * old, even when it was reworded as well as moved.
 */
#include "export/export.h"
#include "util/array.h"
#include "export/docx.h"
#include "diff/render.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum mark { M_PLAIN, M_DEL, M_INS, M_FROM, M_TO };

/* The revision element of each mark, for runs and paragraph marks. */
static const char *const mark_tag[] = {
	NULL, "w:del", "w:ins", "w:moveFrom", "w:moveTo"
};

struct rl {
	struct docx_w w;	/* word/document.xml */
	const char *author;	/* of the revisions of the current pair */
	char date[24];		/* w:date value, or "" for none */
	int id;			/* the last w:id given */
	const struct clause_article *gone;	/* old article struck last */
};

/* The revision's attributes, with a new id. */
static void rev_attrs(struct rl *r)
{
	docx_printf(&r->w, " w:id=\"%d\" w:author=\"", ++r->id);
	docx_str(&r->w, r->author);
	docx_puts(&r->w, "\"");
	if (*r->date)
		docx_printf(&r->w, " w:date=\"%s\"", r->date);
}

/* n bytes of text as a run, inside the revision `m`. */
static void mark_run(struct rl *r, enum mark m, const char *s, size_t n)
{
	if (!n)
		return;
	if (m == M_PLAIN) {
		docx_run(&r->w, s, n);
		return;
	}
	docx_printf(&r->w, "<%s", mark_tag[m]);
	rev_attrs(r);
	/* Struck text is w:delText; moved-away text stays w:t. */
	docx_puts(&r->w, m == M_DEL ? "><w:r><w:delText xml:space=\"preserve\">"
		  : "><w:r><w:t xml:space=\"preserve\">");
	docx_text(&r->w, s, n);
	docx_printf(&r->w, "%s</w:r></%s>", m == M_DEL ? "</w:delText>"
		    : "</w:t>", mark_tag[m]);
}

static void mark_str(struct rl *r, enum mark m, const char *s)
{
	if (s)
		mark_run(r, m, s, strlen(s));
}

/* A paragraph whose mark is itself inserted, deleted or moved (m). */
static void para_open(struct rl *r, const char *style, enum mark m)
{
	docx_para_open(&r->w, style);
	if (m != M_PLAIN) {
		docx_printf(&r->w, "<w:rPr><%s", mark_tag[m]);
		rev_attrs(r);
		docx_puts(&r->w, "/></w:rPr>");
	}
	docx_para_body(&r->w);
}

static void para_close(struct rl *r)
{
	docx_puts(&r->w, "</w:p>");
}

/* Tokens [at, at + n) of t as one run. */
static void tokens_run(struct rl *r, enum mark m, const struct clause_tokens *t,
		       size_t at, size_t n)
{
	struct clause_buf s = CLAUSE_BUF_INIT;

	if (clause_tokens_text(&s, t, at, n) < 0)
		r->w.err = 1;
	mark_run(r, m, s.ptr, s.len);
	clause_buf_release(&s);
}

/* Tokens of one side, the white space before the first one inside the
 * same revision when that side had it (not for the first run). */
static void side_run(struct rl *r, enum mark m, const struct clause_tokens *t,
		     size_t at, size_t n, int first)
{
	struct clause_buf s = CLAUSE_BUF_INIT;

	if ((!first && t->v[at].space && clause_buf_putc(&s, ' ') < 0) ||
	    clause_tokens_text(&s, t, at, n) < 0)
		r->w.err = 1;
	mark_run(r, m, s.ptr, s.len);
	clause_buf_release(&s);
}

/*
 * A word diff as runs: equal runs plain, each change its struck then its
 * inserted words.  Each side keeps its own spacing, so that accepting
 * gives the new text and rejecting the old one space for space (with a
 * space shared, "number, class" -> "number and class" would accept as
 * "numberand class"): a space that only one side has before an equal
 * run is itself deleted or inserted.
 */
static void wdiff_runs(struct rl *r, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *x = &d->v[i];

		if (!x->change) {
			int os = i && d->old.v[x->old_at].space;
			int ns = i && d->new.v[x->new_at].space;

			mark_run(r, os && ns ? M_PLAIN : os ? M_DEL : M_INS, " ",
				 os || ns);
			tokens_run(r, M_PLAIN, &d->new, x->new_at, x->new_n);
			continue;
		}
		if (x->old_n)
			side_run(r, M_DEL, &d->old, x->old_at, x->old_n, i == 0);
		/* with --by-party each insertion is signed by the party
		 * whose round brought it in */
		for (size_t at = x->new_at, end = x->new_at + x->new_n; at < end;) {
			size_t to = clause_wdiff_same_by(d, at, end);
			const char *author = r->author;

			if (d->by && d->by[at])
				r->author = d->by[at];
			side_run(r, M_INS, &d->new, at, to - at,
				 i == 0 && at == x->new_at);
			r->author = author;
			at = to;
		}
	}
}

/* ---- clauses --------------------------------------------------------- */

/* Heading 2 for a clause of an article, Heading 3 for a sub-clause. */
static const char *clause_style(const struct clause_clause *c)
{
	return c->parent ? "Heading3" : "Heading2";
}

/* A clause in one wording, every run and paragraph mark marked m. */
static void clause_whole(struct rl *r, const struct clause_clause *c,
			 enum mark m)
{
	para_open(r, clause_style(c), m);
	mark_str(r, m, c->num);
	if (c->num && c->heading)
		mark_run(r, m, " ", 1);
	mark_str(r, m, c->heading);
	para_close(r);
	if (c->text && *c->text) {
		para_open(r, "ClauseText", m);
		mark_str(r, m, c->text);
		para_close(r);
	}
}

static int same_str(const char *a, const char *b)
{
	return !a == !b && (!a || strcmp(a, b) == 0);
}

/* A clause in both wordings: the number, heading and text revised. */
static void clause_changed(struct rl *r, const struct clause_cdiff_clause *c)
{
	const struct clause_clause *o = c->old, *n = c->new;
	const char *head = c->has_heading || n->heading ? "x" : NULL;

	para_open(r, clause_style(n), M_PLAIN);
	if (same_str(o->num, n->num)) {
		mark_str(r, M_PLAIN, n->num);
	} else {
		/* Renumbering: the number alone is revised. */
		mark_str(r, M_DEL, o->num);
		mark_str(r, M_INS, n->num);
	}
	if ((o->num || n->num) && head)
		mark_run(r, M_PLAIN, " ", 1);
	if (c->has_heading)
		wdiff_runs(r, &c->heading);
	else
		mark_str(r, M_PLAIN, n->heading);
	para_close(r);
	if (!c->has_text && !(n->text && *n->text))
		return;
	para_open(r, "ClauseText", M_PLAIN);
	if (c->has_text)
		wdiff_runs(r, &c->text);
	else
		mark_str(r, M_PLAIN, n->text);
	para_close(r);
}

/* A moved clause at one end of its move: a named range around it. */
static void clause_moved(struct rl *r, const struct clause_clause *c,
			 enum mark m, size_t entry, size_t k)
{
	const char *side = m == M_FROM ? "moveFrom" : "moveTo";
	int id;

	docx_printf(&r->w, "<w:%sRangeStart", side);
	rev_attrs(r);
	id = r->id;
	docx_printf(&r->w, " w:name=\"move%zu_%zu\"/>", entry, k);
	clause_whole(r, c, m);
	docx_printf(&r->w, "<w:%sRangeEnd w:id=\"%d\"/>", side, id);
}

/* ---- where each clause goes ------------------------------------------ */

/* An old clause written at its old place: removed, or moved away. */
struct slot {
	size_t anchor;	/* after new clause anchor - 1; 0: at the start */
	size_t old;	/* its index in the old document */
	const struct clause_cdiff_clause *c;	/* its change */
};

/* The changes of one pair, indexed by clause, and the old places. */
struct plan {
	const struct clause_cdiff_clause **of_new;	/* by new index */
	const struct clause_cdiff_clause **of_old;	/* by old index */
	struct slot *slots;	/* sorted by anchor, then old order */
	size_t nslots;
};

static int slot_cmp(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->anchor != y->anchor)
		return x->anchor < y->anchor ? -1 : 1;
	return x->old < y->old ? -1 : x->old > y->old;
}

/* Is the change's old clause one of e->old's own (not another
 * document's, as in a comparison of given pairs)? */
static int old_is_local(const struct clause_cdiff_doc *e,
			const struct clause_cdiff_clause *c)
{
	return c->old && e->old && (!c->from || c->from == e->old) &&
	       c->old >= e->old->clauses &&
	       c->old < e->old->clauses + e->old->nclauses;
}

static int moved_here(const struct clause_cdiff_doc *e,
		      const struct clause_cdiff_clause *c)
{
	return (c->kinds & CLAUSE_CHANGE_MOVED) && c->new && old_is_local(e, c);
}

/* The new index + 1 of old clause i when it stayed in place, else 0. */
static size_t stays_at(const struct clause_cdiff_doc *e, const struct plan *p,
		       size_t i)
{
	const struct clause_cdiff_clause *c = p->of_old[i];
	const struct clause_clause *n;

	if (c)
		return c->new && !moved_here(e, c) && e->new
		       ? (size_t)(c->new - e->new->clauses) + 1 : 0;
	n = e->new ? clause_doc_clause(e->new, e->old->clauses[i].id) : NULL;
	return n ? (size_t)(n - e->new->clauses) + 1 : 0;
}

static void plan_slots(const struct clause_cdiff_doc *e, struct plan *p)
{
	size_t anchor = 0;

	for (size_t i = 0; e->old && i < e->old->nclauses; i++) {
		const struct clause_cdiff_clause *c = p->of_old[i];
		size_t at = stays_at(e, p, i);

		if (at) {
			anchor = at;
			continue;
		}
		if (c && ((c->kinds & CLAUSE_CHANGE_REMOVED) || moved_here(e, c)))
			p->slots[p->nslots++] = (struct slot){ anchor, i, c };
	}
	clause_qsort(p->slots, p->nslots, sizeof(*p->slots), slot_cmp);
}

static int plan_make(struct plan *p, const struct clause_cdiff_doc *e)
{
	size_t nn = e->new ? e->new->nclauses : 0;
	size_t no = e->old ? e->old->nclauses : 0;

	memset(p, 0, sizeof(*p));
	p->of_new = calloc(nn + 1, sizeof(*p->of_new));
	p->of_old = calloc(no + 1, sizeof(*p->of_old));
	p->slots = calloc(no + 1, sizeof(*p->slots));
	if (!p->of_new || !p->of_old || !p->slots) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t k = 0; k < e->nclauses; k++) {
		const struct clause_cdiff_clause *c = &e->clauses[k];

		if (c->new && e->new)
			p->of_new[c->new - e->new->clauses] = c;
		if (old_is_local(e, c))
			p->of_old[c->old - e->old->clauses] = c;
	}
	plan_slots(e, p);
	return 0;
}

static void plan_release(struct plan *p)
{
	free(p->of_new);
	free(p->of_old);
	free(p->slots);
}

/* ---- articles -------------------------------------------------------- */

static const struct clause_article *article_of(const struct clause_doc *doc,
					       const char *id)
{
	for (size_t i = 0; doc && id && i < doc->narticles; i++)
		if (strcmp(doc->articles[i].id, id) == 0)
			return &doc->articles[i];
	return NULL;
}

static void article_text(struct rl *r, enum mark m,
			 const struct clause_article *a)
{
	mark_str(r, m, a->num);
	if (a->num && a->heading)
		mark_run(r, m, " ", 1);
	mark_str(r, m, a->heading);
}

/* Heading 1 of new article a: inserted when the old document had no
 * such article (or there was no old document: all of it is new), its
 * old number and heading struck when they changed.  Pairs of given
 * clauses (a label) compare clauses, not articles: plain. */
static void article_new(struct rl *r, const struct clause_cdiff_doc *e,
			const struct clause_article *a)
{
	const struct clause_article *o = article_of(e->old, a->id);

	if (!o && !e->label) {
		para_open(r, "Heading1", M_INS);
		article_text(r, M_INS, a);
	} else if (o && (!same_str(o->num, a->num) ||
			 !same_str(o->heading, a->heading))) {
		para_open(r, "Heading1", M_PLAIN);
		article_text(r, M_DEL, o);
		article_text(r, M_INS, a);
	} else {
		para_open(r, "Heading1", M_PLAIN);
		article_text(r, M_PLAIN, a);
	}
	para_close(r);
}

/* Heading 1 of an old article the new document no longer has, struck,
 * before the first of its clauses that is written at its old place,
 * once. */
static void article_gone(struct rl *r, const struct clause_cdiff_doc *e,
			 const struct clause_clause *c)
{
	const struct clause_article *o = article_of(e->old, c->article);

	if (!o || article_of(e->new, o->id) || o == r->gone)
		return;
	r->gone = o;
	para_open(r, "Heading1", M_DEL);
	article_text(r, M_DEL, o);
	para_close(r);
}

/* ---- a document pair ------------------------------------------------- */

/* Who signs the pair's revisions: --author, else the party whose round
 * the later version is (its display name when a party has that role),
 * else "clause". */
static const char *author_of(const struct export_redline *how,
			     const struct clause_doc *doc)
{
	if (how && how->author)
		return how->author;
	if (!doc || !doc->round_by)
		return "clause";
	for (size_t i = 0; i < doc->nparties; i++)
		if (doc->parties[i].role && doc->parties[i].name &&
		    strcmp(doc->parties[i].role, doc->round_by) == 0)
			return doc->parties[i].name;
	return doc->round_by;
}

/* Is s a date YYYY-MM-DD (at its start)? */
static int is_date(const char *s)
{
	for (int i = 0; i < 10; i++)
		if (!s[i] || ((i == 4 || i == 7) ? s[i] != '-'
			      : (s[i] < '0' || s[i] > '9')))
			return 0;
	return 1;
}

static void set_date(struct rl *r, const struct export_redline *how,
		     const struct clause_doc *doc)
{
	const char *d = how && how->date ? how->date
			: doc && doc->round_date ? doc->round_date : NULL;

	r->date[0] = '\0';
	if (d && is_date(d))
		snprintf(r->date, sizeof(r->date), "%.10sT00:00:00Z", d);
}

/* The old clauses that go after new clause `anchor` - 1. */
static void write_slots(struct rl *r, const struct clause_cdiff_doc *e,
			const struct plan *p, size_t *next, size_t anchor,
			size_t entry)
{
	for (; *next < p->nslots && p->slots[*next].anchor <= anchor; ++*next) {
		const struct slot *s = &p->slots[*next];

		article_gone(r, e, &e->old->clauses[s->old]);

		if (s->c->kinds & CLAUSE_CHANGE_REMOVED)
			clause_whole(r, &e->old->clauses[s->old], M_DEL);
		else
			clause_moved(r, &e->old->clauses[s->old], M_FROM,
				     entry, (size_t)(s->c - e->clauses));
	}
}

/* New clause j of the pair, as its change (if any) says. */
static void write_new(struct rl *r, const struct clause_cdiff_doc *e,
		      const struct plan *p, size_t j, size_t entry)
{
	const struct clause_clause *n = &e->new->clauses[j];
	const struct clause_cdiff_clause *c = p->of_new[j];

	if (!c)
		clause_whole(r, n, M_PLAIN);
	else if ((c->kinds & CLAUSE_CHANGE_ADDED) || !c->old)
		clause_whole(r, n, M_INS);
	else if (moved_here(e, c))
		clause_moved(r, n, M_TO, entry, (size_t)(c - e->clauses));
	else
		clause_changed(r, c);
}

/* The title line of a pair, and its metadata changes as notes. */
static void pair_head(struct rl *r, const struct clause_cdiff_doc *e)
{
	const struct clause_doc *doc = e->new ? e->new : e->old;

	docx_para(&r->w, "Subtitle", doc->title ? doc->title : doc->id);
	for (size_t k = 0; k < e->nmeta; k++) {
		struct clause_buf t = CLAUSE_BUF_INIT;

		clause_buf_printf(&t, "%s: %s \xe2\x86\x92 %s", e->meta[k].field,
				  e->meta[k].old ? e->meta[k].old : "(none)",
				  e->meta[k].new ? e->meta[k].new : "(none)");
		docx_para(&r->w, "Note", t.ptr);
		clause_buf_release(&t);
	}
}

static int write_pair(struct rl *r, const struct clause_cdiff_doc *e,
		      const struct export_redline *how, size_t entry)
{
	struct plan p;
	size_t next = 0, nn = e->new ? e->new->nclauses : 0;
	const char *cur = NULL;	/* the new article written last */
	int ret = plan_make(&p, e);

	r->author = author_of(how, e->new ? e->new : e->old);
	r->gone = NULL;
	set_date(r, how, e->new ? e->new : e->old);
	if (ret < 0)
		goto done;
	pair_head(r, e);
	write_slots(r, e, &p, &next, 0, entry);
	for (size_t j = 0; j < nn; j++) {
		const struct clause_clause *n = &e->new->clauses[j];
		const struct clause_article *a = article_of(e->new, n->article);

		if (a && (!cur || strcmp(cur, a->id) != 0))
			article_new(r, e, a);
		cur = a ? a->id : NULL;
		write_new(r, e, &p, j, entry);
		write_slots(r, e, &p, &next, j + 1, entry);
	}
	/* Whatever is left: anchors past the end cannot be, but be sure. */
	write_slots(r, e, &p, &next, (size_t)-1, entry);
done:
	plan_release(&p);
	return ret;
}

/* ---- the numbers table ----------------------------------------------- */

static void cell(struct rl *r, const char *text, int bold)
{
	docx_puts(&r->w, "<w:tc><w:tcPr><w:tcW w:w=\"3000\" w:type=\"dxa\"/>"
		  "</w:tcPr><w:p>");
	if (bold)
		docx_puts(&r->w, "<w:r><w:rPr><w:b/></w:rPr><w:t xml:space=\"preserve\">");
	else
		docx_puts(&r->w, "<w:r><w:t xml:space=\"preserve\">");
	docx_str(&r->w, text);
	docx_puts(&r->w, "</w:t></w:r></w:p></w:tc>");
}

static void row(struct rl *r, const char *a, const char *b, const char *c,
		int bold)
{
	/* A header row repeats at the top of each page the table runs on. */
	docx_puts(&r->w, bold ? "<w:tr><w:trPr><w:tblHeader/></w:trPr>" : "<w:tr>");
	cell(r, a, bold);
	cell(r, b, bold);
	cell(r, c, bold);
	docx_puts(&r->w, "</w:tr>");
}

/* The numbers that changed, as a table: clause, before, after. */
static void numbers_table(struct rl *r, const struct clause_cdiff *d)
{
	size_t total = 0;

	for (size_t i = 0; i < d->n; i++)
		total += d->v[i].nnums;
	if (!total)
		return;
	docx_para(&r->w, "Heading1", "Numbers that changed");
	docx_puts(&r->w, "<w:tbl><w:tblPr><w:tblStyle w:val=\"TableGrid\"/>"
		  "<w:tblW w:w=\"9000\" w:type=\"dxa\"/></w:tblPr><w:tblGrid>"
		  "<w:gridCol w:w=\"3000\"/><w:gridCol w:w=\"3000\"/>"
		  "<w:gridCol w:w=\"3000\"/></w:tblGrid>");
	row(r, "Clause", "Before", "After", 1);
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		const struct clause_doc *doc = e->new ? e->new : e->old;

		for (size_t k = 0; k < e->nnums; k++) {
			const struct clause_cdiff_num *m = &e->nums[k];
			struct clause_buf at = CLAUSE_BUF_INIT;

			if (d->n > 1)
				clause_buf_printf(&at, "%s/", doc->id);
			clause_buf_puts(&at, m->clause);
			row(r, at.ptr, m->old ? m->old : "(none)",
			    m->new ? m->new : "(none)", 0);
			clause_buf_release(&at);
		}
	}
	docx_puts(&r->w, "</w:tbl>");
}

/*
 * export_docx_redline: the diff as a .docx with tracked changes in out.
 */
int export_docx_redline(struct clause_buf *out, const struct clause_cdiff *d,
			const struct export_redline *how)
{
	struct rl r = { DOCX_W_INIT, "clause", "", 0, NULL };
	struct clause_buf title = CLAUSE_BUF_INIT, lines = CLAUSE_BUF_INIT;
	char *save = NULL;
	int ret = 0;

	if (how && how->date && !is_date(how->date)) {
		clause_error_set("invalid date '%s' (not YYYY-MM-DD)", how->date);
		return CLAUSE_EINVALID;
	}
	clause_render_heading(&title, &lines, d, how ? how->title : NULL);
	docx_document_open(&r.w);
	docx_para(&r.w, "Title", title.ptr);
	for (char *l = lines.len ? strtok_r(lines.ptr, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save))
		docx_para(&r.w, "Subtitle", l);
	numbers_table(&r, d);
	for (size_t i = 0; i < d->n && ret == 0; i++)
		if (d->v[i].new || d->v[i].old)
			ret = write_pair(&r, &d->v[i], how, i);
	docx_document_close(&r.w);
	if (ret == 0 && r.w.err) {
		clause_error_set("out of memory");
		ret = CLAUSE_ERROR;
	}
	if (ret == 0)
		ret = docx_package(out, r.w.b.ptr, NULL, title.ptr);
	clause_buf_release(&r.w.b);
	clause_buf_release(&title);
	clause_buf_release(&lines);
	return ret;
}
