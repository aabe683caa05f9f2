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
 * A clause's body keeps its paragraphs, notes and Word lists: the word
 * diff runs over the whole text, and a block of either wording starts
 * a paragraph (see "a clause's body" below), so that accepting every
 * revision gives the later wording paragraph for paragraph and
 * rejecting every one the earlier.  A moved clause is moved whole, in
 * its old and its new wording: accepting takes the new, rejecting the
 * old, even when it was reworded as well as moved.  The document's
 * metadata that changed (title, status, term, round...) heads each pair
 * as "field: value" paragraphs with the old value struck and the new
 * one inserted.
 */
#include "export/export.h"
#include "util/array.h"
#include "export/docx.h"
#include "diff/render.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum mark { M_PLAIN, M_DEL, M_INS, M_FROM, M_TO };

/* The revision element of each mark, for runs and paragraph marks. */
static const char *const mark_tag[] = {
	NULL, "w:del", "w:ins", "w:moveFrom", "w:moveTo"
};

struct rl {
	struct docx_w w;	/* word/document.xml (or, while a body is
				 * written, its paragraph's runs) */
	struct docx_lists lists;	/* of the clause bodies */
	const char *author;	/* of the revisions of the current pair */
	char date[24];		/* w:date value, or "" for none */
	char now[24];		/* the time the redline is written: the date
				 * of a move range when date is "" (Word
				 * requires one there) */
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

/* The properties of a paragraph mark that is itself inserted, deleted
 * or moved (m). */
static void mark_rpr(struct rl *r, enum mark m)
{
	if (m == M_PLAIN)
		return;
	docx_printf(&r->w, "<w:rPr><%s", mark_tag[m]);
	rev_attrs(r);
	docx_puts(&r->w, "/></w:rPr>");
}

/* A paragraph whose mark is m; an item of Word list `list` when that
 * is not 0. */
static void para_open(struct rl *r, const char *style, int list, enum mark m)
{
	docx_para_open(&r->w, style);
	if (list)
		docx_list_item(&r->w, list);
	mark_rpr(r, m);
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

/* ---- a clause's body ------------------------------------------------ */

/*
 * A body is written paragraph by paragraph, a block of either wording
 * (a <p>, <note> or list item: clause_clause's paras) starting a new
 * one.  A break both wordings have is a plain paragraph mark, one only
 * the later wording has an inserted mark, one only the earlier has a
 * deleted mark.  Within a change, the k-th break of the struck words
 * and the k-th of the inserted ones are one mark, so that an item
 * rewritten in place stays one paragraph.  A paragraph's runs are
 * gathered before it is written, since its properties (style, list)
 * depend on where its mark falls (body_para).
 */
struct side {
	const struct clause_clause *c;
	const struct clause_tokens *t;	/* its words, or NULL */
	size_t *starts;		/* the tokens where blocks 1.. start */
	size_t nstarts;
	size_t next;		/* the next of them */
	size_t cur;		/* the block being written */
	int fresh;		/* nothing of it written since a break */
	int *ids;		/* w:numId of each of its lists (by list - 1) */
	size_t nids;
};

struct body {
	struct side s[2];	/* the earlier wording, the later */
	struct docx_w main;	/* the document, while r->w gathers runs */
};

/* The style of block k of side s, and the Word list it is an item of. */
static const char *block_style(const struct side *s, size_t k, int *list)
{
	const struct clause_para *p = s->c && k < s->c->nparas
				      ? &s->c->paras[k] : NULL;

	*list = 0;
	if (!p || p->kind == CLAUSE_BLOCK_P)
		return "ClauseText";
	if (p->kind == CLAUSE_BLOCK_NOTE)
		return "Note";
	if (p->list && p->list <= s->nids)
		*list = s->ids[p->list - 1];
	return "ListParagraph";
}

/* A w:num for each list of s->c, sharing those of `other` (the later
 * wording) where the list of the same place has the same type. */
static int side_lists(struct rl *r, struct side *s, const struct side *other)
{
	const struct clause_clause *c = s->c;

	for (size_t i = 0; c && i < c->nparas; i++)
		if (c->paras[i].kind == CLAUSE_BLOCK_ITEM && c->paras[i].list > s->nids)
			s->nids = c->paras[i].list;
	if (!s->nids)
		return 0;
	if (!(s->ids = calloc(s->nids, sizeof(*s->ids))))
		return -1;
	for (size_t i = 0; i < c->nparas; i++) {
		const struct clause_para *p = &c->paras[i];
		int *id = &s->ids[p->list ? p->list - 1 : 0];

		if (p->kind != CLAUSE_BLOCK_ITEM || *id)
			continue;
		for (size_t j = 0; other && other->c && j < other->c->nparas; j++)
			if (other->c->paras[j].kind == CLAUSE_BLOCK_ITEM &&
			    other->c->paras[j].list == p->list &&
			    other->c->paras[j].type == p->type) {
				*id = other->ids[p->list - 1];
				break;
			}
		if (!*id)
			*id = docx_list_new(&r->lists, (enum clause_list_type)p->type);
	}
	return 0;
}

/* Side s of c, its words t (NULL: not to be diffed) in `text`. */
static int side_init(struct rl *r, struct side *s, const struct clause_clause *c,
		     const struct clause_tokens *t, const char *text,
		     const struct side *other)
{
	size_t p = 1;

	memset(s, 0, sizeof(*s));
	s->c = c;
	s->t = t;
	s->fresh = 1;
	if (side_lists(r, s, other) < 0)
		return -1;
	if (!t || !c || c->nparas < 2)
		return 0;
	if (!(s->starts = calloc(c->nparas, sizeof(*s->starts))))
		return -1;
	for (size_t j = 0; j < t->n && p < c->nparas; j++) {
		size_t off = (size_t)(t->v[j].s - text);

		while (p < c->nparas && c->paras[p].at < off)
			p++;
		if (p < c->nparas && c->paras[p].at == off) {
			s->starts[s->nstarts++] = j;
			p++;
		}
	}
	return 0;
}

static void side_release(struct side *s)
{
	free(s->starts);
	free(s->ids);
}

/* The token where the next block of s starts, if it is before `end`;
 * else SIZE_MAX. */
static size_t side_next(const struct side *s, size_t end)
{
	return s->next < s->nstarts && s->starts[s->next] < end
	       ? s->starts[s->next] : SIZE_MAX;
}

static void side_break(struct side *s)
{
	s->next++;
	s->cur++;
	s->fresh = 1;
}

/*
 * Write the paragraph gathered so far, ending with a mark m: plain (both
 * wordings break here), M_INS or M_DEL.  Its properties are those of
 * the later wording's block it is part of, and, when the earlier
 * wording's block there was of another kind or list, that change is a
 * revision too (w:pPrChange).  So a paragraph whose mark goes when the
 * revisions are settled has the properties of the one it joins, and it
 * does not matter which of the two a program keeps (LibreOffice keeps
 * the first's).
 */
static void body_para(struct rl *r, struct body *b, enum mark m)
{
	struct docx_w runs = r->w;
	int list, was_list;
	const char *style = block_style(&b->s[1], b->s[1].cur, &list);
	const char *was = block_style(&b->s[0], b->s[0].cur, &was_list);

	r->w = b->main;
	docx_para_open(&r->w, style);
	if (list)
		docx_list_item(&r->w, list);
	mark_rpr(r, m);
	if (strcmp(was, style) != 0 || was_list != list) {
		docx_puts(&r->w, "<w:pPrChange");
		rev_attrs(r);
		docx_printf(&r->w, "><w:pPr><w:pStyle w:val=\"%s\"/>", was);
		if (was_list)
			docx_list_item(&r->w, was_list);
		docx_puts(&r->w, "</w:pPr></w:pPrChange>");
	}
	docx_para_body(&r->w);
	if (runs.b.len)
		docx_puts(&r->w, runs.b.ptr);
	if (runs.err)
		r->w.err = 1;
	para_close(r);
	b->main = r->w;
	clause_buf_clear(&runs.b);
	runs.err = 0;
	r->w = runs;
}

/* Breaks both at tokens o and n, or at one of them: one mark. */
static void body_breaks(struct rl *r, struct body *b, size_t o, size_t n)
{
	int ob = side_next(&b->s[0], o + 1) == o;
	int nb = side_next(&b->s[1], n + 1) == n;

	if (!ob && !nb)
		return;
	body_para(r, b, ob && nb ? M_PLAIN : ob ? M_DEL : M_INS);
	if (ob)
		side_break(&b->s[0]);
	if (nb)
		side_break(&b->s[1]);
}

/* Tokens of one side, the white space before the first one inside the
 * same revision when that side had it and no break came just before. */
static void side_run(struct rl *r, enum mark m, struct side *s, size_t at,
		     size_t n)
{
	struct clause_buf t = CLAUSE_BUF_INIT;

	if ((!s->fresh && s->t->v[at].space && clause_buf_putc(&t, ' ') < 0) ||
	    clause_tokens_text(&t, s->t, at, n) < 0)
		r->w.err = 1;
	mark_run(r, m, t.ptr, t.len);
	clause_buf_release(&t);
	s->fresh = 0;
}

/* Inserted tokens [at, end), each signed by the party whose round
 * brought it in when the diff knows (--by-party). */
static void inserted(struct rl *r, struct body *b, const struct clause_wdiff *d,
		     size_t at, size_t end)
{
	while (at < end) {
		size_t to = clause_wdiff_same_by(d, at, end);
		const char *author = r->author;

		if (d->by && d->by[at])
			r->author = d->by[at];
		side_run(r, M_INS, &b->s[1], at, to - at);
		r->author = author;
		at = to;
	}
}

/* A change: its struck words then its inserted ones, the k-th break of
 * each side made one mark.  Where only one side breaks, the struck
 * words still come first and the inserted ones last, so that a change
 * is one deletion and one insertion however many paragraphs it spans. */
static void body_change(struct rl *r, struct body *b, const struct clause_wdiff *d,
			const struct clause_wdiff_run *x)
{
	size_t o = x->old_at, oe = o + x->old_n, n = x->new_at, ne = n + x->new_n;

	for (;;) {
		size_t ob = o < oe ? side_next(&b->s[0], oe) : SIZE_MAX;
		size_t nb = n < ne ? side_next(&b->s[1], ne) : SIZE_MAX;
		/* the struck words up to their break, or all of them when
		 * only the inserted ones break; the inserted ones up to
		 * their break unless only the struck ones break */
		size_t oend = ob != SIZE_MAX ? ob : oe;
		size_t nend = nb != SIZE_MAX ? nb : ob != SIZE_MAX ? n : ne;

		if (oend > o)
			side_run(r, M_DEL, &b->s[0], o, oend - o);
		if (nend > n)
			inserted(r, b, d, n, nend);
		o = oend;
		n = nend;
		if (ob == SIZE_MAX && nb == SIZE_MAX)
			break;
		body_para(r, b, ob != SIZE_MAX && nb != SIZE_MAX ? M_PLAIN
			  : ob != SIZE_MAX ? M_DEL : M_INS);
		if (ob != SIZE_MAX)
			side_break(&b->s[0]);
		if (nb != SIZE_MAX)
			side_break(&b->s[1]);
	}
}

/* Equal tokens, cut where a block of either side starts.  Each side
 * keeps its own spacing, so that accepting gives the new text and
 * rejecting the old one space for space (with a space shared, "number,
 * class" -> "number and class" would accept as "numberand class"): a
 * space that only one side has is itself deleted or inserted. */
static void body_equal(struct rl *r, struct body *b, const struct clause_wdiff *d,
		       const struct clause_wdiff_run *x)
{
	for (size_t k = 0; k < x->old_n;) {
		size_t o = x->old_at + k, n = x->new_at + k, end = x->old_n;
		size_t ob, nb;
		int os, ns;

		body_breaks(r, b, o, n);
		ob = side_next(&b->s[0], x->old_at + x->old_n);
		nb = side_next(&b->s[1], x->new_at + x->new_n);
		if (ob != SIZE_MAX && ob - x->old_at < end)
			end = ob - x->old_at;
		if (nb != SIZE_MAX && nb - x->new_at < end)
			end = nb - x->new_at;
		os = !b->s[0].fresh && d->old.v[o].space;
		ns = !b->s[1].fresh && d->new.v[n].space;
		mark_run(r, os && ns ? M_PLAIN : os ? M_DEL : M_INS, " ", os || ns);
		tokens_run(r, M_PLAIN, &d->new, n, end - k);
		b->s[0].fresh = b->s[1].fresh = 0;
		k = end;
	}
}

/* The runs of a word diff, and a paragraph mark wherever b says. */
static void diff_runs(struct rl *r, struct body *b, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++)
		if (d->v[i].change)
			body_change(r, b, d, &d->v[i]);
		else
			body_equal(r, b, d, &d->v[i]);
}

/* A heading's word diff, inside the paragraph already open. */
static void heading_runs(struct rl *r, const struct clause_wdiff *d)
{
	struct body b;

	memset(&b, 0, sizeof(b));
	b.s[0].t = &d->old;
	b.s[1].t = &d->new;
	b.s[0].fresh = b.s[1].fresh = 1;
	diff_runs(r, &b, d);
}

/* The body of a clause in both wordings, its paragraphs revised. */
static void body_changed(struct rl *r, const struct clause_wdiff *d,
			 const struct clause_clause *o, const struct clause_clause *n)
{
	struct body b;

	memset(&b, 0, sizeof(b));
	if (side_init(r, &b.s[1], n, &d->new, d->new_text, NULL) < 0 ||
	    side_init(r, &b.s[0], o, &d->old, d->old_text, &b.s[1]) < 0) {
		r->w.err = 1;
	} else {
		b.main = r->w;
		r->w = (struct docx_w)DOCX_W_INIT;
		diff_runs(r, &b, d);
		body_para(r, &b, M_PLAIN);
		clause_buf_release(&r->w.b);
		r->w = b.main;
	}
	side_release(&b.s[0]);
	side_release(&b.s[1]);
}

/* The body of a clause in one wording, each paragraph and its mark m. */
static void body_whole(struct rl *r, const struct clause_clause *c, enum mark m)
{
	struct side s;
	size_t len = c->text ? strlen(c->text) : 0;

	if (!len)
		return;
	if (side_init(r, &s, c, NULL, NULL, NULL) < 0)
		r->w.err = 1;
	for (size_t k = 0; k < (c->nparas ? c->nparas : 1); k++) {
		size_t at = c->nparas ? c->paras[k].at : 0;
		size_t end = k + 1 < c->nparas ? c->paras[k + 1].at : len;
		int list;
		const char *style = block_style(&s, k, &list);

		while (end > at && c->text[end - 1] == ' ')
			end--;
		para_open(r, style, list, m);
		mark_run(r, m, c->text + at, end - at);
		para_close(r);
	}
	side_release(&s);
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
	para_open(r, clause_style(c), 0, m);
	mark_str(r, m, c->num);
	if (c->num && c->heading)
		mark_run(r, m, " ", 1);
	mark_str(r, m, c->heading);
	para_close(r);
	body_whole(r, c, m);
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

	para_open(r, clause_style(n), 0, M_PLAIN);
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
		heading_runs(r, &c->heading);
	else
		mark_str(r, M_PLAIN, n->heading);
	para_close(r);
	if (c->has_text)
		body_changed(r, &c->text, o, n);
	else
		body_whole(r, n, M_PLAIN);
}

/* A moved clause at one end of its move: a named range around it. */
static void clause_moved(struct rl *r, const struct clause_clause *c,
			 enum mark m, size_t entry, size_t k)
{
	const char *side = m == M_FROM ? "moveFrom" : "moveTo";
	int id;

	docx_printf(&r->w, "<w:%sRangeStart", side);
	rev_attrs(r);
	if (!*r->date)
		docx_printf(&r->w, " w:date=\"%s\"", r->now);
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
		para_open(r, "Heading1", 0, M_INS);
		article_text(r, M_INS, a);
	} else if (o && (!same_str(o->num, a->num) ||
			 !same_str(o->heading, a->heading))) {
		para_open(r, "Heading1", 0, M_PLAIN);
		article_text(r, M_DEL, o);
		article_text(r, M_INS, a);
	} else {
		para_open(r, "Heading1", 0, M_PLAIN);
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
	para_open(r, "Heading1", 0, M_DEL);
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

/* The title line of a pair, and each metadata field that changed as a
 * paragraph "field: value", the old value struck and the new inserted
 * (the whole paragraph when one side has no value). */
static void pair_head(struct rl *r, const struct clause_cdiff_doc *e)
{
	const struct clause_doc *doc = e->new ? e->new : e->old;

	docx_para(&r->w, "Subtitle", doc->title ? doc->title : doc->id);
	for (size_t k = 0; k < e->nmeta; k++) {
		const char *o = e->meta[k].old, *n = e->meta[k].new;
		enum mark m = o && n ? M_PLAIN : n ? M_INS : M_DEL;

		para_open(r, "Field", 0, m);
		mark_str(r, m, e->meta[k].field);
		mark_str(r, m, ": ");
		mark_str(r, M_DEL, o);
		mark_str(r, M_INS, n);
		para_close(r);
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
	struct rl r = { DOCX_W_INIT, DOCX_LISTS_INIT, "clause", "", "", 0, NULL };
	time_t t = time(NULL);
	struct tm tm;
	struct clause_buf title = CLAUSE_BUF_INIT, lines = CLAUSE_BUF_INIT;
	char *save = NULL;
	int ret = 0;

	if (how && how->date && !is_date(how->date)) {
		clause_error_set("invalid date '%s' (not YYYY-MM-DD)", how->date);
		return CLAUSE_EINVALID;
	}
	if (gmtime_r(&t, &tm))
		strftime(r.now, sizeof(r.now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	else
		snprintf(r.now, sizeof(r.now), "1970-01-01T00:00:00Z");
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
	if (ret == 0)
		ret = docx_finish(out, &r.w, &r.lists, NULL, title.ptr);
	clause_buf_release(&r.w.b);
	clause_buf_release(&r.lists.nums.b);
	clause_buf_release(&title);
	clause_buf_release(&lines);
	return ret;
}
