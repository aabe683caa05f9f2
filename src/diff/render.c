/* render.c: a clause diff as text, its one-line stat, and a document as
 * text for git's textconv; what the three renderings say alike (an
 * address, kinds, numbers, where a clause moved) for render_html.c and
 * render_json.c too (diff/internal.h). */
#include "diff/render.h"
#include "diff/internal.h"
#include "util/error.h"
#include "doc/xml.h"

#include <stdlib.h>
#include <string.h>

#define WIDTH 76
#define C_DEL "\033[9;31m"	/* struck: red, crossed out */
#define C_INS "\033[4;32m"	/* inserted: green, underlined */
#define C_HEAD "\033[1m"	/* headers: bold */
#define C_OFF "\033[m"

enum style { PLAIN, DEL, INS };

/* Columns a UTF-8 string takes: one per character. */
static size_t width(const char *s, size_t n)
{
	size_t w = 0;

	for (size_t i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xC0) != 0x80;
	return w;
}

/* ---- text --------------------------------------------------------- */

/* Writes words, wrapping at WIDTH with `indent` spaces on each line. */
struct wrap {
	struct clause_buf *out;
	int color;		/* escapes instead of [- -] {+ +} */
	size_t col;		/* column of the next byte */
	size_t indent;
	size_t limit;		/* wrap before this column */
	int any;		/* a word is on the current line */
	const char *tag;	/* party of the insertion being written, to
				 * show before its first word, or NULL */
	/* Where the notes of the old and new text start: a token there
	 * begins a line of its own, "Note: ...", as clause show has it. */
	struct {
		const char *text;
		const struct clause_para *at;
		size_t n;
	} notes[2];
	struct clause_buf group;	/* glued words not yet placed */
	int held;			/* group holds a word */
	int held_space;			/* white space before the group */
	size_t held_width;		/* its width in columns */
};

static void wrap_start(struct wrap *w, struct clause_buf *out, int color,
		       size_t indent, size_t limit)
{
	w->out = out;
	w->color = color;
	w->indent = indent;
	w->limit = limit ? limit : WIDTH;
	w->col = 0;
	w->any = 0;
	w->tag = NULL;
	memset(w->notes, 0, sizeof(w->notes));
	clause_buf_init(&w->group);
	w->held = 0;
	w->held_width = 0;
}

/* The notes of clause c (NULL: none) in its text `text`, for side
 * `side` (0 old, 1 new) of what is written next. */
static void wrap_notes(struct wrap *w, int side, const char *text,
		       const struct clause_clause *c)
{
	w->notes[side].text = text;
	w->notes[side].at = c ? c->paras : NULL;
	w->notes[side].n = c ? c->nparas : 0;
}

/* Does a note of side `side` start at s? */
static int note_at(const struct wrap *w, int side, const char *s)
{
	const char *text = w->notes[side].text;

	for (size_t i = 0; text && i < w->notes[side].n; i++)
		if (w->notes[side].at[i].kind == CLAUSE_BLOCK_NOTE &&
		    s == text + w->notes[side].at[i].at)
			return 1;
	return 0;
}

/* Bytes for a terminal: C1 control characters (U+0080..U+009F, which
 * XML allows and some terminals obey as escapes) become U+FFFD. */
static void put_safe(struct clause_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if ((unsigned char)s[i] == 0xC2 && i + 1 < n &&
		    (unsigned char)s[i + 1] >= 0x80 &&
		    (unsigned char)s[i + 1] <= 0x9F) {
			clause_buf_puts(out, "\xef\xbf\xbd");
			i++;
			continue;
		}
		clause_buf_putc(out, s[i]);
	}
}

/* Write the group of glued words held back (see wrap_word) on the
 * current line, or on the next when it does not fit. */
static void wrap_flush(struct wrap *w)
{
	if (!w->held)
		return;
	if (w->any && w->col + (w->held_space ? 1 : 0) + w->held_width > w->limit) {
		clause_buf_putc(w->out, '\n');
		w->col = 0;
		w->any = 0;
	}
	if (!w->any) {
		for (size_t i = 0; i < w->indent; i++)
			clause_buf_putc(w->out, ' ');
		w->col = w->indent;
	} else if (w->held_space) {
		clause_buf_putc(w->out, ' ');
		w->col++;
	}
	clause_buf_put(w->out, w->group.ptr, w->group.len);
	w->col += w->held_width;
	w->any = 1;
	w->held = 0;
	w->held_width = 0;
	clause_buf_clear(&w->group);
}

/*
 * A word, after white space or not.  A line breaks only at white space
 * or where a struck or inserted run starts, so words glued together
 * ("employees;", "[-report-]{+reports+}" in colour) are held back as one
 * group and placed whole: never a line that starts with the full stop
 * of the word before it.
 */
static void wrap_word(struct wrap *w, const char *s, size_t n, int space,
		      enum style st, int first, int last)
{
	const char *pre = "", *post = "";
	char tagged[80];

	if (!w->color && st != PLAIN) {
		pre = first ? (st == DEL ? "[-" : "{+") : "";
		post = last ? (st == DEL ? "-]" : "+}") : "";
	}
	if (first && st == INS && w->tag) {
		/* who brought the words in: {+[employer] words+} */
		snprintf(tagged, sizeof(tagged), "%s[%.40s] ", pre, w->tag);
		pre = tagged;
	}
	if (!w->held || space || (first && st != PLAIN)) {
		wrap_flush(w);
		w->held = 1;
		w->held_space = space;
	}
	if (w->color && st != PLAIN)
		clause_buf_puts(&w->group, st == DEL ? C_DEL : C_INS);
	clause_buf_puts(&w->group, pre);
	put_safe(&w->group, s, n);
	clause_buf_puts(&w->group, post);
	if (w->color && st != PLAIN)
		clause_buf_puts(&w->group, C_OFF);
	w->held_width += strlen(pre) + width(s, n) + strlen(post);
}

static void wrap_end(struct wrap *w)
{
	wrap_flush(w);
	if (w->any)
		clause_buf_putc(w->out, '\n');
	w->any = 0;
	clause_buf_release(&w->group);
}

static void wrap_tokens(struct wrap *w, const struct clause_tokens *t,
			size_t at, size_t n, enum style st, int lead_space)
{
	int side = st != DEL;

	for (size_t i = at; i < at + n; i++) {
		int space = i == at ? lead_space : t->v[i].space;

		if (note_at(w, side, t->v[i].s)) {
			/* The note on a line of its own, as a note. */
			wrap_end(w);
			for (size_t k = 0; k < w->indent; k++)
				clause_buf_putc(w->out, ' ');
			clause_buf_puts(w->out, "Note:");
			w->col = w->indent + 5;
			w->any = 1;
			space = 1;
		}
		wrap_word(w, t->v[i].s, t->v[i].len, space, st, i == at,
			  i + 1 == at + n);
	}
}

/* Words of a plain string, all in one style. */
static void wrap_text(struct wrap *w, const char *text, enum style st)
{
	struct clause_tokens t = CLAUSE_TOKENS_INIT;

	if (clause_tokens_split(&t, text) == 0)
		wrap_tokens(w, &t, 0, t.n, st, 1);
	clause_tokens_release(&t);
}

static void wrap_wdiff(struct wrap *w, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];
		int space = clause_wdiff_space_before(d, i) ||
			    (i == 0 && w->any);
		if (!r->change) {
			wrap_tokens(w, &d->new, r->new_at, r->new_n, PLAIN, space);
			continue;
		}
		if (r->old_n)
			wrap_tokens(w, &d->old, r->old_at, r->old_n, DEL, space);
		/* one insertion a party, when the parties are known */
		for (size_t at = r->new_at, end = r->new_at + r->new_n; at < end;) {
			size_t to = clause_wdiff_same_by(d, at, end);

			w->tag = d->by ? d->by[at] : NULL;
			/* in colour, a space between the struck run and its
			 * replacement: touching, "120" and "90" would read
			 * as "12090" once the colours are gone */
			wrap_tokens(w, &d->new, at, to - at, INS,
				    at > r->new_at ? d->new.v[at].space :
				    r->old_n ? w->color : space);
			w->tag = NULL;
			at = to;
		}
	}
}

/* Address of a clause in the diff: DOC/CLAUSE, the new side's when it
 * has one. */
const char *render_doc_id(const struct clause_cdiff_doc *d)
{
	return d->new ? d->new->id : d->old->id;
}

void render_kinds(struct clause_buf *out, unsigned kinds)
{
	int first = 1;

	for (int k = 0; k < CLAUSE_CHANGE_NKINDS; k++)
		if (kinds & (1u << k)) {
			clause_buf_printf(out, "%s%s", first ? "" : ", ",
					  clause_change_names[k]);
			first = 0;
		}
}

static const char *article_name(const struct clause_doc *doc, const char *id)
{
	if (!id)
		return "(none)";
	for (size_t i = 0; i < doc->narticles; i++)
		if (strcmp(doc->articles[i].id, id) == 0)
			return doc->articles[i].num ? doc->articles[i].num : id;
	return id;
}

/* What to do about a clause in a merge conflict, one line. */
static void conflict_text(struct clause_buf *out, const struct clause_cdiff_doc *d,
			  const struct clause_cdiff_clause *c,
			  const struct clause_clause *x)
{
	clause_buf_printf(out, "  unresolved merge conflict at %s:%u:%u\n"
			  "  each side: clause show %s/%s\n"
			  "  keep one: clause resolve %s/%s --ours|--base|--theirs\n",
			  d->new_path ? d->new_path : render_doc_id(d),
			  c->conflict->line, c->conflict->col, render_doc_id(d), x->id,
			  render_doc_id(d), x->id);
}

void render_categories(struct clause_buf *out, const struct clause_clause *c)
{
	for (size_t i = 0; i < c->ncategories; i++)
		clause_buf_printf(out, "%s%s", i ? " " : "", c->categories[i]);
}

/* "14.12 -> 15.2" or "14.2", or nothing. */
void render_num(struct clause_buf *out, const struct clause_cdiff_clause *c)
{
	const char *o = c->old ? c->old->num : NULL;
	const char *n = c->new ? c->new->num : NULL;

	if (c->old && c->new && (o || n) && (!o || !n || strcmp(o, n) != 0))
		clause_buf_printf(out, "%s -> %s", o ? o : "(none)",
				  n ? n : "(none)");
	else if (n || o)
		clause_buf_puts(out, n ? n : o);
}

/* Where a moved clause went: "Article 14 -> Article 15, after 15.1",
 * "after 14.9", "to the start of Article 14". */
void render_moved(struct clause_buf *out, const struct clause_cdiff_doc *d,
		  const struct clause_cdiff_clause *c)
{
	const char *ao = article_name(d->old, c->old->article);
	const char *an = article_name(d->new, c->new->article);
	const struct clause_clause *prev = NULL;
	size_t at = (size_t)(c->new - d->new->clauses);

	if (strcmp(ao, an) != 0)
		clause_buf_printf(out, "%s -> %s, ", ao, an);
	if (!c->old->parent != !c->new->parent ||
	    (c->old->parent && strcmp(c->old->parent, c->new->parent) != 0))
		clause_buf_printf(out, "from under %s to under %s, ",
				  c->old->parent ? c->old->parent : "(none)",
				  c->new->parent ? c->new->parent : "(none)");
	/* The clause before it among its new siblings (looking back a
	 * bounded way: every clause of a huge document may have moved). */
	for (size_t i = at, steps = 0; i-- > 0 && steps++ < 1000;) {
		const struct clause_clause *x = &d->new->clauses[i];
		int same_article = !x->article == !c->new->article &&
			(!x->article || strcmp(x->article, c->new->article) == 0);
		int same_parent = !x->parent == !c->new->parent &&
			(!x->parent || strcmp(x->parent, c->new->parent) == 0);
		if (same_article && same_parent) {
			prev = x;
			break;
		}
	}
	if (prev)
		clause_buf_printf(out, "after %s", prev->num ? prev->num : prev->id);
	else
		clause_buf_printf(out, "to the start of %s", c->new->parent
				  ? c->new->parent : c->new->article ? an
				  : "the document");
}

static void text_clause(struct clause_buf *out, const struct clause_cdiff_doc *d,
			const struct clause_cdiff_clause *c, int color, size_t limit)
{
	const struct clause_clause *x = c->new ? c->new : c->old;
	struct clause_buf head = CLAUSE_BUF_INIT;
	struct wrap w;

	render_kinds(&head, c->kinds);
	clause_buf_putc(&head, ':');
	if ((c->new && c->new->num) || (c->old && c->old->num))
		clause_buf_putc(&head, ' ');
	render_num(&head, c);
	if (color)
		clause_buf_printf(out, C_HEAD "%s" C_OFF, head.ptr);
	else
		clause_buf_puts(out, head.ptr);
	wrap_start(&w, out, color, 0, limit);
	w.col = width(head.ptr, head.len);
	w.any = 1;
	w.limit = (size_t)-1;	/* the header line does not wrap */
	if (c->has_heading) {
		wrap_wdiff(&w, &c->heading);
	} else if (x->heading) {
		struct clause_tokens t = CLAUSE_TOKENS_INIT;
		if (clause_tokens_split(&t, x->heading) == 0)
			wrap_tokens(&w, &t, 0, t.n, PLAIN, 1);
		clause_tokens_release(&t);
	}
	clause_buf_clear(&head);
	if (c->old && c->new && strcmp(c->old->id, c->new->id) != 0 &&
	    !c->from && d->old && d->new && strcmp(d->old->id, d->new->id) == 0)
		clause_buf_printf(&head, "[%s/%s -> %s]", render_doc_id(d), c->old->id,
				  c->new->id);
	else if (c->old && c->new && (strcmp(c->old->id, c->new->id) != 0 ||
				      (c->from && strcmp(c->from->id,
							 d->new->id) != 0)))
		clause_buf_printf(&head, "[%s/%s -> %s/%s]",
				  c->from ? c->from->id : d->old->id,
				  c->old->id, d->new->id, c->new->id);
	else
		clause_buf_printf(&head, "[%s/%s]", c->new ? d->new->id : d->old->id,
				  x->id);
	wrap_word(&w, head.ptr, head.len, 1, PLAIN, 0, 0);
	wrap_end(&w);
	if (c->kinds & CLAUSE_CHANGE_MOVED) {
		clause_buf_puts(out, "  moved: ");
		render_moved(out, d, c);
		clause_buf_putc(out, '\n');
	}
	if (c->kinds & CLAUSE_CHANGE_RECATEGORIZED) {
		clause_buf_puts(out, "  categories: ");
		render_categories(out, c->old);
		clause_buf_puts(out, " -> ");
		render_categories(out, c->new);
		clause_buf_putc(out, '\n');
	}
	if (c->matched_by && strcmp(c->matched_by, "similarity") == 0)
		clause_buf_printf(out, "  matched by similarity (%d%%)\n",
				  c->similarity);
	if (c->kinds & CLAUSE_CHANGE_CONFLICT) {
		conflict_text(out, d, c, x);
		clause_buf_release(&head);
		return;
	}
	wrap_start(&w, out, color, 2, limit);
	if (c->has_text) {
		wrap_notes(&w, 0, c->text.old_text, c->old);
		wrap_notes(&w, 1, c->text.new_text, c->new);
		wrap_wdiff(&w, &c->text);
	} else if (c->kinds & CLAUSE_CHANGE_ADDED) {
		wrap_notes(&w, 1, c->new->text, c->new);
		wrap_text(&w, c->new->text, INS);
	} else if (c->kinds & CLAUSE_CHANGE_REMOVED) {
		wrap_notes(&w, 0, c->old->text, c->old);
		wrap_text(&w, c->old->text, DEL);
	}
	wrap_end(&w);
	clause_buf_release(&head);
}

static void numbers_text(struct clause_buf *out, const struct clause_cdiff *d,
			 int color)
{
	size_t total = 0;

	for (size_t i = 0; i < d->n; i++)
		total += d->v[i].nnums;
	if (!total)
		return;
	clause_buf_printf(out, "%snumbers:%s\n", color ? C_HEAD : "",
			  color ? C_OFF : "");
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->v[i].nnums; k++) {
			const struct clause_cdiff_num *m = &d->v[i].nums[k];
			clause_buf_printf(out, "  %s/%s: %s -> %s\n", render_doc_id(&d->v[i]),
					  m->clause, m->old ? m->old : "(none)",
					  m->new ? m->new : "(none)");
		}
	clause_buf_putc(out, '\n');
}

static void doc_header(struct clause_buf *out, const struct clause_cdiff_doc *d)
{
	if (d->label && d->new) {
		/* Pairs from many documents: only the new side is one. */
		clause_buf_printf(out, "document %s  %s (%s)", d->new->id,
				  d->new_path ? d->new_path : "", d->label);
		return;
	}
	if (!d->old)
		clause_buf_printf(out, "document %s added", d->new->id);
	else if (!d->new)
		clause_buf_printf(out, "document %s removed", d->old->id);
	else if (strcmp(d->old->id, d->new->id) != 0)
		clause_buf_printf(out, "document %s -> %s", d->old->id, d->new->id);
	else
		clause_buf_printf(out, "document %s", d->new->id);
	if (d->old_path && d->new_path && strcmp(d->old_path, d->new_path) != 0)
		clause_buf_printf(out, "  %s -> %s", d->old_path, d->new_path);
	else if (d->new_path || d->old_path)
		clause_buf_printf(out, "  %s", d->new_path ? d->new_path : d->old_path);
}

static int render_text(struct clause_buf *out, const struct clause_cdiff *d,
		       int color, size_t limit)
{
	int first = 1;

	numbers_text(out, d, color);
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		if (!clause_cdiff_doc_changed(e))
			continue;
		if (!first)
			clause_buf_putc(out, '\n');
		first = 0;
		if (color)
			clause_buf_puts(out, C_HEAD);
		doc_header(out, e);
		if (color)
			clause_buf_puts(out, C_OFF);
		clause_buf_putc(out, '\n');
		for (size_t k = 0; k < e->nmeta; k++)
			clause_buf_printf(out, "  %s: %s -> %s\n", e->meta[k].field,
					  e->meta[k].old ? e->meta[k].old : "(none)",
					  e->meta[k].new ? e->meta[k].new : "(none)");
		for (size_t k = 0; k < e->nclauses; k++) {
			clause_buf_putc(out, '\n');
			text_clause(out, e, &e->clauses[k], color, limit);
		}
	}
	return out->ptr ? 0 : -1;
}

int clause_render_text(struct clause_buf *out, const struct clause_cdiff *d,
		       int color, size_t width)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	int r = render_text(&tmp, d, color, width);

	/* Document text (titles, headings, metadata too) goes to a terminal. */
	put_safe(out, tmp.ptr, tmp.len);
	clause_buf_release(&tmp);
	return r;
}

/* How many changed clauses of e are of each kind. */
static void stat_counts(size_t count[CLAUSE_CHANGE_NKINDS],
			const struct clause_cdiff_doc *e)
{
	for (int b = 0; b < CLAUSE_CHANGE_NKINDS; b++)
		count[b] = 0;
	for (size_t k = 0; k < e->nclauses; k++)
		for (int b = 0; b < CLAUSE_CHANGE_NKINDS; b++)
			count[b] += (e->clauses[k].kinds >> b) & 1;
}

int clause_render_stat(struct clause_buf *out, const struct clause_cdiff *d)
{
	size_t docs = 0, clauses = 0;

	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		size_t count[CLAUSE_CHANGE_NKINDS];
		int first = 1;

		if (!clause_cdiff_doc_changed(e))
			continue;
		docs++;
		clauses += e->nclauses;
		stat_counts(count, e);
		clause_buf_printf(out, "%s  %s | ", render_doc_id(e),
				  e->new_path ? e->new_path : e->old_path);
		for (int b = 0; b < CLAUSE_CHANGE_NKINDS; b++)
			if (count[b]) {
				clause_buf_printf(out, "%s%zu %s", first ? "" : ", ",
						  count[b], clause_change_names[b]);
				first = 0;
			}
		if (e->nnums) {
			clause_buf_printf(out, "%s%zu number%s", first ? "" : ", ",
					  e->nnums, e->nnums == 1 ? "" : "s");
			first = 0;
		}
		if (e->nmeta)
			clause_buf_printf(out, "%s%zu metadata", first ? "" : ", ",
					  e->nmeta);
		clause_buf_putc(out, '\n');
	}
	clause_buf_printf(out, "%zu document%s changed, %zu clause%s changed\n",
			  docs, docs == 1 ? "" : "s", clauses,
			  clauses == 1 ? "" : "s");
	return 0;
}

int clause_render_stat_json(struct clause_buf *out,
			    const struct clause_cdiff *d)
{
	struct clause_json j;
	size_t docs = 0, clauses = 0;

	for (size_t i = 0; i < d->n; i++)
		if (clause_cdiff_doc_changed(&d->v[i])) {
			docs++;
			clauses += d->v[i].nclauses;
		}
	clause_json_init(&j, out);
	clause_json_object(&j, NULL);
	clause_json_num(&j, "version", "%d", CLAUSE_RENDER_JSON_VERSION);
	clause_json_num(&j, "documents_changed", "%zu", docs);
	clause_json_num(&j, "clauses_changed", "%zu", clauses);
	clause_json_array_lines(&j, "documents", "  ", "");
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		size_t count[CLAUSE_CHANGE_NKINDS];

		if (!clause_cdiff_doc_changed(e))
			continue;
		stat_counts(count, e);
		clause_json_object(&j, NULL);
		clause_json_str(&j, "doc", render_doc_id(e));
		clause_json_str(&j, "path", e->new_path ? e->new_path
				: e->old_path);
		for (int b = 0; b < CLAUSE_CHANGE_NKINDS; b++)
			clause_json_num(&j, clause_change_names[b], "%zu",
					count[b]);
		clause_json_num(&j, "numbers", "%zu", e->nnums);
		clause_json_num(&j, "metadata", "%zu", e->nmeta);
		clause_json_end(&j);
	}
	return clause_json_finish(&j);
}

/* ---- textconv ----------------------------------------------------- */

int clause_render_doc_meta(struct clause_buf *out,
			   const struct clause_doc *doc)
{
	for (size_t i = 0; i < doc->nparties; i++)
		clause_buf_printf(out, "party: %s (%s, %s)\n", doc->parties[i].name,
				  doc->parties[i].role, doc->parties[i].id);
	if (doc->sector)
		clause_buf_printf(out, "sector: %s\n", doc->sector);
	if (doc->jurisdiction)
		clause_buf_printf(out, "jurisdiction: %s\n", doc->jurisdiction);
	if (doc->effective || doc->expires)
		clause_buf_printf(out, "term: %s to %s\n",
				  doc->effective ? doc->effective : "?",
				  doc->expires ? doc->expires : "?");
	if (doc->round_name)
		clause_buf_printf(out, "round: %s%s%s%s%s\n", doc->round_name,
				  doc->round_date ? " " : "",
				  doc->round_date ? doc->round_date : "",
				  doc->round_by ? " by " : "",
				  doc->round_by ? doc->round_by : "");
	return 0;
}

int clause_render_textconv(struct clause_buf *out, const struct clause_doc *doc)
{
	clause_buf_printf(out, "document %s  status: %s\n", doc->id, doc->status);
	clause_buf_printf(out, "title: %s\n", doc->title ? doc->title : "");
	clause_render_doc_meta(out, doc);
	for (size_t i = 0, a = 0; i < doc->nclauses; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		clause_buf_printf(out, "\n[%s/%s]", doc->id, c->id);
		/* Clauses come in article order: the article only moves on. */
		while (c->article && a < doc->narticles &&
		       strcmp(doc->articles[a].id, c->article) != 0)
			a++;
		if (c->article && a < doc->narticles)
			clause_buf_printf(out, " in %s", doc->articles[a].num
					  ? doc->articles[a].num : c->article);
		else if (c->article)
			clause_buf_printf(out, " in %s", c->article);
		if (c->parent)
			clause_buf_printf(out, " under %s", c->parent);
		clause_buf_putc(out, '\n');
		if (c->num || c->heading)
			clause_buf_printf(out, "%s%s%s\n", c->num ? c->num : "",
					  c->num && c->heading ? " " : "",
					  c->heading ? c->heading : "");
		clause_buf_puts(out, "categories: ");
		render_categories(out, c);
		clause_buf_putc(out, '\n');
		if (*c->text)
			clause_buf_printf(out, "%s\n", c->text);
	}
	return 0;
}
