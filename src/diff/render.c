/* render.c: text, HTML and JSON renderings of a clause diff. */
#include "diff/render.h"
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
static const char *doc_id(const struct clause_cdiff_doc *d)
{
	return d->new ? d->new->id : d->old->id;
}

static void kinds_text(struct clause_buf *out, unsigned kinds)
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
			  d->new_path ? d->new_path : doc_id(d),
			  c->conflict->line, c->conflict->col, doc_id(d), x->id,
			  doc_id(d), x->id);
}

static void categories_text(struct clause_buf *out, const struct clause_clause *c)
{
	for (size_t i = 0; i < c->ncategories; i++)
		clause_buf_printf(out, "%s%s", i ? " " : "", c->categories[i]);
}

/* "14.12 -> 15.2" or "14.2", or nothing. */
static void num_text(struct clause_buf *out, const struct clause_cdiff_clause *c)
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
static void moved_text(struct clause_buf *out, const struct clause_cdiff_doc *d,
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

	kinds_text(&head, c->kinds);
	clause_buf_putc(&head, ':');
	if ((c->new && c->new->num) || (c->old && c->old->num))
		clause_buf_putc(&head, ' ');
	num_text(&head, c);
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
		clause_buf_printf(&head, "[%s/%s -> %s]", doc_id(d), c->old->id,
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
		moved_text(out, d, c);
		clause_buf_putc(out, '\n');
	}
	if (c->kinds & CLAUSE_CHANGE_RECATEGORIZED) {
		clause_buf_puts(out, "  categories: ");
		categories_text(out, c->old);
		clause_buf_puts(out, " -> ");
		categories_text(out, c->new);
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
			clause_buf_printf(out, "  %s/%s: %s -> %s\n", doc_id(&d->v[i]),
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
		clause_buf_printf(out, "%s  %s | ", doc_id(e),
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
		clause_json_str(&j, "doc", doc_id(e));
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

/* ---- HTML --------------------------------------------------------- */

static void html_tokens(struct clause_buf *out, const struct clause_tokens *t,
			size_t at, size_t n)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;

	clause_tokens_text(&tmp, t, at, n);
	clause_buf_put_xml(out, tmp.ptr);
	clause_buf_release(&tmp);
}

static void html_str(struct clause_buf *out, const char *s);

static void html_wdiff(struct clause_buf *out, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];
		if (clause_wdiff_space_before(d, i))
			clause_buf_putc(out, ' ');
		if (!r->change) {
			html_tokens(out, &d->new, r->new_at, r->new_n);
			continue;
		}
		if (r->old_n) {
			clause_buf_puts(out, "<del>");
			html_tokens(out, &d->old, r->old_at, r->old_n);
			clause_buf_puts(out, "</del>");
		}
		for (size_t at = r->new_at, end = r->new_at + r->new_n; at < end;) {
			size_t to = clause_wdiff_same_by(d, at, end);

			if (at > r->new_at && d->new.v[at].space)
				clause_buf_putc(out, ' ');
			if (d->by && d->by[at]) {
				/* who brought the words in */
				clause_buf_puts(out, "<ins class=\"by-");
				html_str(out, d->by[at]);
				clause_buf_puts(out, "\" title=\"");
				html_str(out, d->by[at]);
				clause_buf_puts(out, "\">");
			} else {
				clause_buf_puts(out, "<ins>");
			}
			html_tokens(out, &d->new, at, to - at);
			clause_buf_puts(out, "</ins>");
			at = to;
		}
	}
}

static void html_str(struct clause_buf *out, const char *s)
{
	clause_buf_put_xml(out, s ? s : "");
}

static void html_kinds(struct clause_buf *out, unsigned kinds)
{
	struct clause_buf t = CLAUSE_BUF_INIT;

	kinds_text(&t, kinds);
	html_str(out, t.ptr);
	clause_buf_release(&t);
}

static void html_addr(struct clause_buf *out, const struct clause_cdiff_doc *d,
		      const struct clause_cdiff_clause *c)
{
	const struct clause_clause *x = c->new ? c->new : c->old;

	if (c->from && c->old && strcmp(c->from->id, d->new->id) != 0) {
		/* A model clause beside a clause of another document. */
		html_str(out, c->from->id);
		clause_buf_putc(out, '/');
		html_str(out, c->old->id);
		clause_buf_puts(out, " &#8594; ");
		html_str(out, d->new->id);
		clause_buf_putc(out, '/');
		html_str(out, c->new->id);
		return;
	}
	html_str(out, c->new ? d->new->id : d->old->id);
	clause_buf_putc(out, '/');
	if (c->old && c->new && strcmp(c->old->id, c->new->id) != 0) {
		html_str(out, c->old->id);
		clause_buf_puts(out, " &#8594; ");
	}
	html_str(out, x->id);
}

static void html_num(struct clause_buf *out, const struct clause_cdiff_clause *c)
{
	struct clause_buf t = CLAUSE_BUF_INIT;

	num_text(&t, c);
	if (t.len) {
		/* "14.12 -> 15.2" with a real arrow. */
		char *arrow = strstr(t.ptr, " -> ");
		if (arrow) {
			*arrow = '\0';
			html_str(out, t.ptr);
			clause_buf_puts(out, " &#8594; ");
			html_str(out, arrow + 4);
		} else {
			html_str(out, t.ptr);
		}
	}
	clause_buf_release(&t);
}

static const char html_css[] =
	"body{font-family:Georgia,'DejaVu Serif',serif;max-width:50em;"
	"margin:2em auto;padding:0 1em;line-height:1.45;color:#111}\n"
	"h1{font-size:1.5em;margin-bottom:.2em}\n"
	"h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:1.6em}\n"
	"h3{font-size:1em;margin:0 0 .3em}\n"
	"table{border-collapse:collapse;width:100%;font-size:.9em}\n"
	"th,td{border:1px solid #aaa;padding:.2em .45em;text-align:left;"
	"vertical-align:top}\n"
	"th{background:#eee}\n"
	"del{color:#a00000;background:#fde8e8;text-decoration:line-through}\n"
	"ins{color:#005a00;background:#e4f6e4;text-decoration:underline}\n"
	"del+ins{margin-left:.25em}\n"
	"ins.by-union{color:#0d47a1;background:#e3eefc}\n"
	"ins.by-employer{color:#8a1c1c;background:#fdeaea}\n"
	"ins.by-joint{color:#4a148c;background:#f1e6f8}\n"
	".clause{margin:1em 0;padding:.5em .8em;border-left:3px solid #bbb;"
	"break-inside:avoid;page-break-inside:avoid}\n"
	".kind{font-family:sans-serif;font-size:.8em;text-transform:uppercase;"
	"letter-spacing:.05em;color:#555}\n"
	".addr{font-family:monospace;font-size:.85em;color:#555}\n"
	".meta{color:#333;font-size:.9em}\n"
	"@media print{body{max-width:none;margin:0}"
	"h2{break-after:avoid;page-break-after:avoid}"
	"del,ins{-webkit-print-color-adjust:exact;print-color-adjust:exact}}\n";

/* One row of a before-and-after table: what, before, after ("(none)"
 * for a NULL side). */
static void html_before_after(struct clause_buf *out, const char *what,
			      const char *before, const char *after)
{
	clause_buf_puts(out, "<tr><td>");
	html_str(out, what);
	clause_buf_puts(out, "</td><td>");
	html_str(out, before ? before : "(none)");
	clause_buf_puts(out, "</td><td>");
	html_str(out, after ? after : "(none)");
	clause_buf_puts(out, "</td></tr>\n");
}

/* The summary table, a row for each change, linking to it. */
static void html_summary(struct clause_buf *out, const struct clause_cdiff *d)
{
	size_t rows = 0;

	clause_buf_puts(out, "<h2>Summary</h2>\n<table class=\"summary\">\n"
			"<thead><tr><th>Clause</th><th>No.</th><th>Heading</th>"
			"<th>Change</th></tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];
		if (e->nmeta) {
			rows++;
			clause_buf_puts(out, "<tr><td>");
			html_str(out, doc_id(e));
			clause_buf_puts(out, "</td><td></td><td>(document)</td>"
					"<td>metadata: ");
			for (size_t k = 0; k < e->nmeta; k++) {
				clause_buf_puts(out, k ? ", " : "");
				html_str(out, e->meta[k].field);
			}
			clause_buf_puts(out, "</td></tr>\n");
		}
		for (size_t k = 0; k < e->nclauses; k++) {
			const struct clause_cdiff_clause *c = &e->clauses[k];
			const struct clause_clause *x = c->new ? c->new : c->old;
			rows++;
			clause_buf_printf(out, "<tr><td><a href=\"#c%zu-%zu\">", i, k);
			html_addr(out, e, c);
			clause_buf_puts(out, "</a></td><td>");
			html_num(out, c);
			clause_buf_puts(out, "</td><td>");
			html_str(out, x->heading);
			clause_buf_puts(out, "</td><td>");
			html_kinds(out, c->kinds);
			clause_buf_puts(out, "</td></tr>\n");
		}
	}
	if (!rows)
		clause_buf_puts(out, "<tr><td colspan=\"4\">No differences."
				"</td></tr>\n");
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* The table of numbers that changed, when any did. */
static void html_numbers(struct clause_buf *out, const struct clause_cdiff *d)
{
	size_t nums = 0;

	for (size_t i = 0; i < d->n; i++)
		nums += d->v[i].nnums;
	if (!nums)
		return;
	clause_buf_puts(out, "<h2>Numbers that changed</h2>\n<table>\n"
			"<thead><tr><th>Clause</th><th>Before</th><th>After</th>"
			"</tr></thead>\n<tbody>\n");
	for (size_t i = 0; i < d->n; i++)
		for (size_t k = 0; k < d->v[i].nnums; k++) {
			const struct clause_cdiff_num *m = &d->v[i].nums[k];
			struct clause_buf addr = CLAUSE_BUF_INIT;
			clause_buf_printf(&addr, "%s/%s", doc_id(&d->v[i]), m->clause);
			html_before_after(out, addr.ptr, m->old, m->new);
			clause_buf_release(&addr);
		}
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* A changed document's heading, its file, and its metadata changes. */
static void html_doc_head(struct clause_buf *out,
			  const struct clause_cdiff_doc *e)
{
	struct clause_buf h = CLAUSE_BUF_INIT;

	clause_buf_puts(out, "<h2>");
	if (!e->old)
		clause_buf_printf(&h, "%s (added)", e->new->id);
	else if (!e->new)
		clause_buf_printf(&h, "%s (removed)", e->old->id);
	else if (strcmp(e->old->id, e->new->id) != 0 && !e->label)
		clause_buf_printf(&h, "%s \xe2\x86\x92 %s", e->old->id, e->new->id);
	else
		clause_buf_puts(&h, e->new->id);
	html_str(out, h.ptr);
	clause_buf_puts(out, "</h2>\n<p class=\"meta\">");
	clause_buf_clear(&h);
	if (e->old_path && e->new_path && strcmp(e->old_path, e->new_path) != 0)
		clause_buf_printf(&h, "%s \xe2\x86\x92 %s", e->old_path, e->new_path);
	else
		clause_buf_puts(&h, e->new_path ? e->new_path
				    : e->old_path ? e->old_path : "");
	html_str(out, h.ptr);
	if (e->label)
		clause_buf_puts(out, " (each clause beside its model clause)");
	clause_buf_puts(out, "</p>\n");
	clause_buf_release(&h);
	if (!e->nmeta)
		return;
	clause_buf_puts(out, "<table class=\"metadata\">\n<thead><tr><th>Field"
			"</th><th>Before</th><th>After</th></tr></thead>\n<tbody>\n");
	for (size_t k = 0; k < e->nmeta; k++)
		html_before_after(out, e->meta[k].field, e->meta[k].old,
				  e->meta[k].new);
	clause_buf_puts(out, "</tbody>\n</table>\n");
}

/* One changed clause (k of document i): what changed, its heading and
 * its text as a redline. */
static void html_clause(struct clause_buf *out, const struct clause_cdiff_doc *e,
			size_t i, size_t k)
{
	const struct clause_cdiff_clause *c = &e->clauses[k];
	const struct clause_clause *x = c->new ? c->new : c->old;

	clause_buf_printf(out, "<div class=\"clause\" id=\"c%zu-%zu\">\n"
			  "<div class=\"kind\">", i, k);
	html_kinds(out, c->kinds);
	if (c->kinds & CLAUSE_CHANGE_MOVED) {
		struct clause_buf t = CLAUSE_BUF_INIT;
		moved_text(&t, e, c);
		clause_buf_puts(out, ": ");
		html_str(out, t.ptr);
		clause_buf_release(&t);
	}
	clause_buf_puts(out, "</div>\n<h3>");
	html_num(out, c);
	clause_buf_putc(out, ' ');
	if (c->has_heading)
		html_wdiff(out, &c->heading);
	else
		html_str(out, x->heading);
	clause_buf_puts(out, " <span class=\"addr\">[");
	html_addr(out, e, c);
	clause_buf_puts(out, "]</span></h3>\n");
	if (c->kinds & CLAUSE_CHANGE_RECATEGORIZED) {
		struct clause_buf t = CLAUSE_BUF_INIT;
		categories_text(&t, c->old);
		clause_buf_puts(&t, " -> ");
		categories_text(&t, c->new);
		clause_buf_puts(out, "<p class=\"meta\">Categories: ");
		html_str(out, t.ptr);
		clause_buf_puts(out, "</p>\n");
		clause_buf_release(&t);
	}
	clause_buf_puts(out, "<p>");
	if (c->has_text) {
		html_wdiff(out, &c->text);
	} else if (c->kinds & CLAUSE_CHANGE_ADDED) {
		clause_buf_puts(out, "<ins>");
		html_str(out, c->new->text);
		clause_buf_puts(out, "</ins>");
	} else if (c->kinds & CLAUSE_CHANGE_REMOVED) {
		clause_buf_puts(out, "<del>");
		html_str(out, c->old->text);
		clause_buf_puts(out, "</del>");
	} else if (c->kinds & CLAUSE_CHANGE_CONFLICT) {
		clause_buf_printf(out, "<strong>Unresolved merge conflict</strong> "
				  "at line %u; <code>clause resolve</code> keeps "
				  "one side's version.</p>\n<p>",
				  c->conflict->line);
		html_str(out, x->text);
	} else {
		html_str(out, x->text);
	}
	clause_buf_puts(out, "</p>\n</div>\n");
}

/* "round 2 of 2025-10-08, tabled by employer" for a document's <round>,
 * into b; nothing when it has none. */
static void round_words(struct clause_buf *b, const struct clause_doc *doc)
{
	if (!doc || !doc->round_name)
		return;
	clause_buf_printf(b, "round %s", doc->round_name);
	if (doc->round_date)
		clause_buf_printf(b, " of %s", doc->round_date);
	if (doc->round_by)
		clause_buf_printf(b, ", tabled by %s", doc->round_by);
}

int clause_render_heading(struct clause_buf *title, struct clause_buf *lines,
			  const struct clause_cdiff *d, const char *revs)
{
	const struct clause_cdiff_doc *one = NULL;
	const struct clause_doc *o, *n, *doc;
	size_t changed = 0;

	for (size_t i = 0; i < d->n; i++)
		if (clause_cdiff_doc_changed(&d->v[i]) && changed++ == 0)
			one = &d->v[i];
	clause_buf_clear(title);
	clause_buf_clear(lines);
	if (changed != 1 || one->label) {
		clause_buf_puts(title, revs ? revs : "Redline");
		return 0;
	}
	o = one->old;
	n = one->new;
	doc = n ? n : o;
	clause_buf_printf(title, "Redline: %s", doc->title && *doc->title ?
			  doc->title : doc->id);
	if (o && n && o->round_name && n->round_name) {
		clause_buf_printf(title, ", round %s", o->round_name);
		if (o->round_date)
			clause_buf_printf(title, " (%s)", o->round_date);
		clause_buf_printf(title, " -> round %s", n->round_name);
		if (n->round_date)
			clause_buf_printf(title, " (%s)", n->round_date);
	}
	for (size_t k = 0; k < doc->nparties; k++) {
		const struct clause_party *p = &doc->parties[k];

		clause_buf_puts(lines, k ? "; " : "Parties: ");
		clause_buf_puts(lines, p->name && *p->name ? p->name : p->id);
		if (p->role)
			clause_buf_printf(lines, " (%s)", p->role);
	}
	if (doc->nparties)
		clause_buf_putc(lines, '\n');
	if (revs)
		clause_buf_puts(lines, strncmp(revs, "Redline: ", 9) == 0 ?
				revs + 9 : revs);
	if (o && n && (o->round_name || n->round_name)) {
		clause_buf_puts(lines, ": ");
		if (o->round_name)
			round_words(lines, o);
		else
			clause_buf_puts(lines, "no round");
		clause_buf_puts(lines, " -> ");
		if (n->round_name)
			round_words(lines, n);
		else
			clause_buf_puts(lines, "no round");
	}
	return 0;
}

int clause_render_html(struct clause_buf *out, const struct clause_cdiff *d,
		       const char *revs)
{
	struct clause_buf title = CLAUSE_BUF_INIT, lines = CLAUSE_BUF_INIT;
	char *save = NULL;

	clause_render_heading(&title, &lines, d, revs);
	clause_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n"
			"<meta charset=\"utf-8\">\n" CLAUSE_HTML_CSP
			"<meta name=\"viewport\" content=\"width=device-width\">\n"
			"<title>");
	html_str(out, title.ptr);
	clause_buf_printf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n",
			  html_css);
	clause_buf_puts(out, "<h1>");
	html_str(out, title.ptr);
	clause_buf_puts(out, "</h1>\n");
	for (char *l = lines.len ? strtok_r(lines.ptr, "\n", &save) : NULL; l;
	     l = strtok_r(NULL, "\n", &save)) {
		clause_buf_puts(out, "<p class=\"meta\">");
		html_str(out, l);
		clause_buf_puts(out, "</p>\n");
	}
	clause_buf_release(&title);
	clause_buf_release(&lines);
	clause_buf_puts(out, "<p class=\"meta\">Struck text is "
			"<del>deleted</del>; new text is <ins>inserted</ins>."
			"</p>\n");
	html_summary(out, d);
	html_numbers(out, d);
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_cdiff_doc *e = &d->v[i];

		if (!clause_cdiff_doc_changed(e))
			continue;
		html_doc_head(out, e);
		for (size_t k = 0; k < e->nclauses; k++)
			html_clause(out, e, i, k);
	}
	clause_buf_puts(out, "</body>\n</html>\n");
	return 0;
}

/* ---- JSON --------------------------------------------------------- */

static void json_tokens(struct clause_json *j, const char *key,
			const struct clause_tokens *t, size_t at, size_t n)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;

	clause_tokens_text(&tmp, t, at, n);
	clause_json_str(j, key, tmp.ptr);
	clause_buf_release(&tmp);
}

static void json_edits(struct clause_json *j, const char *key,
		       const struct clause_wdiff *d, int has)
{
	if (!has) {
		clause_json_null(j, key);
		return;
	}
	clause_json_array(j, key);
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];
		const char *op = !r->change ? "equal" : !r->old_n ? "insert"
				 : !r->new_n ? "delete" : "replace";
		clause_json_object(j, NULL);
		clause_json_str(j, "op", op);
		if (!r->change) {
			json_tokens(j, "text", &d->new, r->new_at, r->new_n);
		} else {
			if (r->old_n)
				json_tokens(j, "old", &d->old, r->old_at, r->old_n);
			if (r->new_n)
				json_tokens(j, "new", &d->new, r->new_at, r->new_n);
		}
		clause_json_end(j);
	}
	clause_json_end(j);
}

int clause_render_json_clause(struct clause_json *j,
			      const struct clause_clause *c)
{
	clause_json_str(j, "clause", c->id);
	clause_json_str(j, "num", c->num);
	clause_json_str(j, "heading", c->heading);
	clause_json_str(j, "article", c->article);
	clause_json_str(j, "parent", c->parent);
	return clause_json_strings(j, "categories", c->categories,
				   c->ncategories);
}

static void json_clause(struct clause_json *j, const char *key,
			const struct clause_clause *c)
{
	if (!c) {
		clause_json_null(j, key);
		return;
	}
	clause_json_object(j, key);
	clause_render_json_clause(j, c);
	clause_json_str(j, "text", c->text);
	clause_json_num(j, "line", "%u", c->line);
	clause_json_end(j);
}

static void json_doc(struct clause_json *j, const char *key,
		     const struct clause_doc *doc, const char *path)
{
	if (!doc) {
		clause_json_null(j, key);
		return;
	}
	clause_json_object(j, key);
	clause_json_str(j, "doc", doc->id);
	clause_json_str(j, "path", path);
	clause_json_str(j, "status", doc->status);
	clause_json_end(j);
}

static void json_kinds(struct clause_json *j, unsigned kinds)
{
	clause_json_array(j, "kinds");
	for (int bit = 0; bit < CLAUSE_CHANGE_NKINDS; bit++)
		if (kinds & (1u << bit))
			clause_json_str(j, NULL, clause_change_names[bit]);
	clause_json_end(j);
}

static void json_change(struct clause_json *j, const struct clause_cdiff_doc *e,
			const struct clause_cdiff_clause *c)
{
	clause_json_object(j, NULL);
	json_kinds(j, c->kinds);
	clause_json_str(j, "matched_by", c->matched_by);
	clause_json_str(j, "old_doc", c->from ? c->from->id
			: e->old ? e->old->id : NULL);
	if (c->matched_by && strcmp(c->matched_by, "similarity") == 0)
		clause_json_num(j, "similarity", "%d", c->similarity);
	else
		clause_json_null(j, "similarity");
	json_clause(j, "old", c->old);
	json_clause(j, "new", c->new);
	json_edits(j, "heading_edits", &c->heading, c->has_heading);
	json_edits(j, "text_edits", &c->text, c->has_text);
	if (c->conflict) {
		clause_json_object(j, "conflict");
		clause_json_num(j, "line", "%u", c->conflict->line);
		clause_json_num(j, "col", "%u", c->conflict->col);
		clause_json_end(j);
	}
	clause_json_end(j);
}

/* One changed field: metadata ("field") or a number ("clause"). */
static void json_field(struct clause_json *j, const char *name,
		       const char *value, const char *old, const char *new)
{
	clause_json_object(j, NULL);
	clause_json_str(j, name, value);
	clause_json_str(j, "old", old);
	clause_json_str(j, "new", new);
	clause_json_end(j);
}

/* One side of a changed number, read: {"value": 180, "unit": "days",
 * "per": null}, or null on the side that has none. */
static void json_quantity(struct clause_json *j, const char *key,
			  const char *shown, const struct clause_cdiff_quantity *q)
{
	if (!shown) {
		clause_json_null(j, key);
		return;
	}
	clause_json_object(j, key);
	if (q->value)
		clause_json_num(j, "value", "%s", q->value);
	else
		clause_json_null(j, "value");
	clause_json_str(j, "unit", q->unit);
	clause_json_str(j, "per", q->per);
	clause_json_end(j);
}

/* A changed number: as written on each side, and read. */
static void json_number(struct clause_json *j, const struct clause_cdiff_num *m)
{
	clause_json_object(j, NULL);
	clause_json_str(j, "clause", m->clause);
	clause_json_str(j, "old", m->old);
	clause_json_str(j, "new", m->new);
	json_quantity(j, "old_quantity", m->old, &m->old_q);
	json_quantity(j, "new_quantity", m->new, &m->new_q);
	clause_json_end(j);
}

static void json_entry(struct clause_json *j, const struct clause_cdiff_doc *e)
{
	clause_json_object(j, NULL);
	json_doc(j, "old", e->old, e->old_path);
	json_doc(j, "new", e->new, e->new_path);
	clause_json_str(j, "label", e->label);
	clause_json_break(j, "   ");
	clause_json_array(j, "metadata");
	for (size_t k = 0; k < e->nmeta; k++)
		json_field(j, "field", e->meta[k].field, e->meta[k].old,
			   e->meta[k].new);
	clause_json_end(j);
	clause_json_break(j, "   ");
	clause_json_array(j, "numbers");
	for (size_t k = 0; k < e->nnums; k++)
		json_number(j, &e->nums[k]);
	clause_json_end(j);
	clause_json_break(j, "   ");
	clause_json_array_lines(j, "clauses", "    ", "   ");
	for (size_t k = 0; k < e->nclauses; k++)
		json_change(j, e, &e->clauses[k]);
	clause_json_end(j);
	clause_json_end(j);
}

int clause_render_json(struct clause_buf *out, const struct clause_cdiff *d)
{
	struct clause_json j;

	clause_json_init(&j, out);
	clause_json_object(&j, NULL);
	clause_json_num(&j, "version", "%d", CLAUSE_RENDER_JSON_VERSION);
	clause_json_array_lines(&j, "documents", "  ", "");
	for (size_t i = 0; i < d->n; i++)
		json_entry(&j, &d->v[i]);
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
		categories_text(out, c);
		clause_buf_putc(out, '\n');
		if (*c->text)
			clause_buf_printf(out, "%s\n", c->text);
	}
	return 0;
}

/* The whole clause as clause show --format=json gives it. */
int clause_render_json_clause_full(struct clause_json *j,
				   const struct clause_clause *c)
{
	clause_json_object(j, NULL);
	clause_render_json_clause(j, c);
	clause_json_str(j, "derived_from", c->derived_from);
	clause_json_str(j, "text", c->text);
	clause_json_str(j, "version", c->hash);
	clause_json_num(j, "line", "%u", c->line);
	clause_json_array(j, "acts");
	for (size_t i = 0; i < c->nacts; i++) {
		clause_json_object(j, NULL);
		clause_json_str(j, "kind", clause_act_names[c->acts[i].kind]);
		clause_json_str(j, "date", c->acts[i].date);
		clause_json_str(j, "by", c->acts[i].by);
		clause_json_str(j, "round", c->acts[i].round);
		clause_json_str(j, "note", c->acts[i].note);
		clause_json_end(j);
	}
	clause_json_end(j);
	clause_json_end(j);
	return 0;
}
