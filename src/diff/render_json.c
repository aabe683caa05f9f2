/* render_json.c: a clause diff as JSON (clause-diff(1) documents the
 * structure), and one clause as clause show prints it. */
#include "diff/render.h"
#include "diff/internal.h"
#include "util/error.h"
#include "doc/xml.h"

#include <stdlib.h>
#include <string.h>

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
