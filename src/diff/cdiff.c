/* cdiff.c: match clauses across two versions of a document and classify
 * the changes (similar.c matches by words what ids and texts did not;
 * numbers.c finds the numbers that changed; internal.h says what they
 * share). */
#include "diff/internal.h"
#include "util/array.h"
#include "util/error.h"
#include "util/map.h"
#include "doc/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const clause_change_names[] = {
	"added", "removed", "modified", "moved", "renumbered", "recategorized",
	"renamed", "conflict"
};

/* ---- metadata ---------------------------------------------------- */

static int add_meta(struct clause_cdiff_doc *d, const char *field,
		    const char *old, const char *new)
{
	struct clause_cdiff_meta *m;

	if (streq(old, new))
		return 0;
	if (CLAUSE_GROW(d->meta, d->nmeta, d->cap_meta) < 0)
		return -1;
	m = &d->meta[d->nmeta++];
	m->field = strdup(field);
	m->old = dup_or_null(old);
	m->new = dup_or_null(new);
	if (!m->field || (old && !m->old) || (new && !m->new)) {
		clause_error_set("out of memory");
		return -1;
	}
	return 0;
}

static char *round_text(const struct clause_doc *doc)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	if (!doc->round_name)
		return NULL;
	clause_buf_puts(&b, doc->round_name);
	if (doc->round_date)
		clause_buf_printf(&b, " %s", doc->round_date);
	if (doc->round_by)
		clause_buf_printf(&b, " by %s", doc->round_by);
	return clause_buf_detach(&b);
}

static int meta_changes(struct clause_cdiff_doc *d)
{
	const struct clause_doc *o = d->old, *n = d->new;
	struct clause_buf field = CLAUSE_BUF_INIT, a = CLAUSE_BUF_INIT,
			  b = CLAUSE_BUF_INIT;
	struct clause_map other = CLAUSE_MAP_INIT;	/* ids of the other side */
	char *ro = NULL, *rn = NULL;
	int r = -1;

	if (add_meta(d, "id", o->id, n->id) < 0 ||
	    add_meta(d, "status", o->status, n->status) < 0 ||
	    add_meta(d, "lang", o->lang, n->lang) < 0 ||
	    add_meta(d, "title", o->title, n->title) < 0 ||
	    add_meta(d, "sector", o->sector, n->sector) < 0 ||
	    add_meta(d, "jurisdiction", o->jurisdiction, n->jurisdiction) < 0 ||
	    add_meta(d, "effective", o->effective, n->effective) < 0 ||
	    add_meta(d, "expires", o->expires, n->expires) < 0)
		goto done;
	ro = round_text(o);
	rn = round_text(n);
	if (add_meta(d, "round", ro, rn) < 0)
		goto done;
	/* Parties by id: "Name (role)". */
	for (int side = 0; side < 2; side++) {
		const struct clause_doc *x = side ? n : o, *y = side ? o : n;
		clause_map_release(&other, NULL);
		for (size_t k = y->nparties; k-- > 0;)	/* the first one wins */
			if (clause_map_put(&other, y->parties[k].id,
					   &y->parties[k], NULL) < 0)
				goto done;
		for (size_t i = 0; i < x->nparties; i++) {
			const struct clause_party *p = &x->parties[i];
			const struct clause_party *q = clause_map_get(&other, p->id);
			if (side && q)
				continue;	/* compared in the first pass */
			clause_buf_clear(&field);
			clause_buf_clear(&a);
			clause_buf_clear(&b);
			clause_buf_printf(&field, "party %s", p->id);
			clause_buf_printf(&a, "%s (%s)", p->name, p->role);
			if (q)
				clause_buf_printf(&b, "%s (%s)", q->name, q->role);
			if (add_meta(d, field.ptr, side ? (q ? b.ptr : NULL) : a.ptr,
				     side ? a.ptr : (q ? b.ptr : NULL)) < 0)
				goto done;
		}
	}
	/* Sources, by position. */
	for (size_t i = 0; i < o->nsources || i < n->nsources; i++) {
		clause_buf_clear(&a);
		clause_buf_clear(&b);
		if (i < o->nsources)
			clause_buf_printf(&a, "%s %s", o->sources[i].kind,
					  o->sources[i].href ? o->sources[i].href
							     : o->sources[i].text);
		if (i < n->nsources)
			clause_buf_printf(&b, "%s %s", n->sources[i].kind,
					  n->sources[i].href ? n->sources[i].href
							     : n->sources[i].text);
		if (add_meta(d, "source", i < o->nsources ? a.ptr : NULL,
			     i < n->nsources ? b.ptr : NULL) < 0)
			goto done;
	}
	/* Articles by id: "num  heading". */
	for (int side = 0; side < 2; side++) {
		const struct clause_doc *x = side ? n : o, *y = side ? o : n;
		clause_map_release(&other, NULL);
		for (size_t k = y->narticles; k-- > 0;)
			if (clause_map_put(&other, y->articles[k].id,
					   &y->articles[k], NULL) < 0)
				goto done;
		for (size_t i = 0; i < x->narticles; i++) {
			const struct clause_article *p = &x->articles[i];
			const struct clause_article *q = clause_map_get(&other, p->id);
			if (side && q)
				continue;
			clause_buf_clear(&field);
			clause_buf_clear(&a);
			clause_buf_clear(&b);
			clause_buf_printf(&field, "article %s", p->id);
			clause_buf_printf(&a, "%s%s%s", p->num ? p->num : "",
					  p->num && p->heading ? "  " : "",
					  p->heading ? p->heading : "");
			if (q)
				clause_buf_printf(&b, "%s%s%s", q->num ? q->num : "",
						  q->num && q->heading ? "  " : "",
						  q->heading ? q->heading : "");
			if (add_meta(d, field.ptr, side ? (q ? b.ptr : NULL) : a.ptr,
				     side ? a.ptr : (q ? b.ptr : NULL)) < 0)
				goto done;
		}
	}
	r = 0;
done:
	clause_map_release(&other, NULL);
	free(ro);
	free(rn);
	clause_buf_release(&field);
	clause_buf_release(&a);
	clause_buf_release(&b);
	return r;
}

/* ---- clauses ------------------------------------------------------ */

static int same_categories(const struct clause_clause *a,
			   const struct clause_clause *b)
{
	for (int side = 0; side < 2; side++) {
		const struct clause_clause *x = side ? b : a, *y = side ? a : b;
		for (size_t i = 0; i < x->ncategories; i++) {
			int found = 0;
			for (size_t k = 0; k < y->ncategories && !found; k++)
				found = strcmp(x->categories[i], y->categories[k]) == 0;
			if (!found)
				return 0;
		}
	}
	return 1;
}

static struct clause_cdiff_clause *add_clause(struct clause_cdiff_doc *d)
{
	struct clause_cdiff_clause *c;

	if (CLAUSE_GROW(d->clauses, d->nclauses, d->cap_clauses) < 0)
		return NULL;
	c = &d->clauses[d->nclauses++];
	memset(c, 0, sizeof(*c));
	return c;
}

/* Fill in what changed between two matched clauses; kinds gets the bits
 * found (MOVED is decided by the caller, who knows the whole document). */
static int compare_pair(struct clause_cdiff_doc *d,
			struct clause_cdiff_clause *c)
{
	const struct clause_clause *o = c->old, *n = c->new;

	if (!streq(o->id, n->id))
		c->kinds |= CLAUSE_CHANGE_RENAMED;
	if (!same_categories(o, n))
		c->kinds |= CLAUSE_CHANGE_RECATEGORIZED;
	if (!streq(o->num, n->num) && !(c->kinds & CLAUSE_CHANGE_MOVED))
		c->kinds |= CLAUSE_CHANGE_RENUMBERED;
	if (!streq(o->heading, n->heading)) {
		c->has_heading = 1;
		if (clause_wdiff(&c->heading, o->heading, n->heading) < 0)
			return -1;
	}
	if (!streq(o->text, n->text)) {
		c->has_text = 1;
		if (clause_wdiff(&c->text, o->text, n->text) < 0)
			return -1;
	}
	/* Only white space differs: not a change. */
	if (c->has_heading && !c->heading.changes) {
		clause_wdiff_release(&c->heading);
		c->has_heading = 0;
	}
	if (c->has_text && !c->text.changes) {
		clause_wdiff_release(&c->text);
		c->has_text = 0;
	}
	if (c->has_heading || c->has_text) {
		c->kinds |= CLAUSE_CHANGE_MODIFIED;
		if (cdiff_number_changes(d, o, n, c->has_text ? &c->text : NULL) < 0)
			return -1;
	}
	return 0;
}

/* Mark pairs out of order: those not on a longest increasing run of new
 * positions, taken in old order, moved among their neighbours. */
static int mark_reordered(char *moved, const long *o2n, size_t no)
{
	size_t *idx = NULL, *tail = NULL, *prev = NULL, len = 0;
	char *skip = NULL;
	int r = -1;

	idx = malloc((no + 1) * sizeof(*idx));
	tail = malloc((no + 1) * sizeof(*tail));
	prev = malloc((no + 1) * sizeof(*prev));
	skip = malloc(no + 1);
	if (!idx || !tail || !prev || !skip) {
		clause_error_set("out of memory");
		goto done;
	}
	/* Old positions in order of their new ones, the unmatched and the
	 * moved left out. */
	for (size_t i = 0; i < no; i++) {
		skip[i] = o2n[i] < 0 || moved[i];
		idx[i] = skip[i] ? 0 : (size_t)o2n[i];
	}
	len = clause_wdiff_lis(tail, prev, idx, skip, no);
	for (size_t i = 0; i < no; i++)
		idx[i] = 0;
	if (len)
		for (size_t i = tail[len - 1]; i != (size_t)-1; i = prev[i])
			idx[i] = 1;	/* on the run: in order */
	for (size_t i = 0; i < no; i++)
		if (o2n[i] >= 0 && !moved[i] && !idx[i])
			moved[i] = 1;
	r = 0;
done:
	free(idx);
	free(tail);
	free(prev);
	free(skip);
	return r;
}

static int order_cmp(const void *x, const void *y)
{
	const struct clause_cdiff_clause *a = x, *b = y;

	return a->order < b->order ? -1 : a->order > b->order;
}

/* Texts of documents loaded with CLAUSE_DOC_LAZY, where they are needed:
 * clauses not matched by id, clauses whose bytes changed, and every
 * clause shown. */
static int fill_text(struct clause_doc *doc, const struct clause_clause *c)
{
	return clause_doc_fill_text(doc, &doc->clauses[c - doc->clauses]);
}

/* How the clauses of two versions pair up (diff_clauses). */
struct matching {
	size_t no, nn;		/* clauses old and new */
	long *o2n;		/* old -> new index, -1: none */
	long *n2o;		/* new -> old index, -1: none */
	const char **how;	/* by old index: "id", "text" or "similar" */
	int *score;		/* by old index: similarity when similar */
	char *moved;		/* by old index: moved in the document */
};

static void matching_release(struct matching *m)
{
	free(m->o2n);
	free(m->n2o);
	free(m->how);
	free(m->score);
	free(m->moved);
}

static void pair_up(struct matching *m, size_t o, size_t n, const char *how)
{
	m->o2n[o] = (long)n;
	m->n2o[n] = (long)o;
	m->how[o] = how;
}

/* 1. By id; 2. by identical heading and text. */
static int match_exact(struct matching *m, struct clause_doc *old,
		       struct clause_doc *new)
{
	struct clause_map ids = CLAUSE_MAP_INIT, hashes = CLAUSE_MAP_INIT;
	int r = -1;

	for (size_t i = 0; i < m->nn; i++)
		if (clause_map_put(&ids, new->clauses[i].id,
				   (void *)(uintptr_t)(i + 1), NULL) < 0)
			goto done;
	for (size_t i = 0; i < m->no; i++) {
		uintptr_t k = (uintptr_t)clause_map_get(&ids, old->clauses[i].id);
		if (k && m->n2o[k - 1] < 0)
			pair_up(m, i, k - 1, "id");
	}
	for (size_t i = 0; i < m->nn; i++)
		if (m->n2o[i] < 0 && fill_text(new, &new->clauses[i]) < 0)
			goto done;
	for (size_t i = 0; i < m->no; i++)
		if (m->o2n[i] < 0 && fill_text(old, &old->clauses[i]) < 0)
			goto done;
	for (size_t i = 0; i < m->nn; i++)
		if (m->n2o[i] < 0 && !clause_map_get(&hashes, new->clauses[i].hash) &&
		    clause_map_put(&hashes, new->clauses[i].hash,
				   (void *)(uintptr_t)(i + 1), NULL) < 0)
			goto done;
	for (size_t i = 0; i < m->no; i++) {
		uintptr_t k;
		if (m->o2n[i] >= 0)
			continue;
		k = (uintptr_t)clause_map_get(&hashes, old->clauses[i].hash);
		if (k && m->n2o[k - 1] < 0)
			pair_up(m, i, k - 1, "text");
	}
	r = 0;
done:
	clause_map_release(&ids, NULL);
	clause_map_release(&hashes, NULL);
	return r;
}

/* Moved: to another article or parent, or out of order. */
static int match_moves(struct matching *m, const struct clause_doc *old,
		       const struct clause_doc *new)
{
	struct clause_map old_ids = CLAUSE_MAP_INIT;
	int r = -1;

	for (size_t i = 0; i < m->no; i++)
		if (!clause_map_get(&old_ids, old->clauses[i].id) &&
		    clause_map_put(&old_ids, old->clauses[i].id,
				   (void *)(uintptr_t)(i + 1), NULL) < 0)
			goto done;
	for (size_t i = 0; i < m->no; i++) {
		const struct clause_clause *o = &old->clauses[i], *n;
		const char *parent = o->parent;

		if (m->o2n[i] < 0)
			continue;
		n = &new->clauses[m->o2n[i]];
		if (o->parent) {
			/* The parent may have a new id itself. */
			uintptr_t k = (uintptr_t)clause_map_get(&old_ids, o->parent);
			if (k && m->o2n[k - 1] >= 0)
				parent = new->clauses[m->o2n[k - 1]].id;
		}
		if (!streq(o->article, n->article) || !streq(parent, n->parent))
			m->moved[i] = 1;
	}
	r = mark_reordered(m->moved, m->o2n, m->no);
done:
	clause_map_release(&old_ids, NULL);
	return r;
}

/* The changes of the matched pairs; unchanged ones are dropped. */
static int add_matched(struct clause_cdiff_doc *d, const struct matching *m,
		       struct clause_doc *old, struct clause_doc *new)
{
	for (size_t i = 0; i < m->no; i++) {
		struct clause_cdiff_clause *c;
		int same;

		if (m->o2n[i] < 0)
			continue;
		if (!(c = add_clause(d)))
			return -1;
		c->old = &old->clauses[i];
		c->new = &new->clauses[m->o2n[i]];
		c->matched_by = m->how[i];
		c->similarity = m->score[i];
		c->order = (size_t)m->o2n[i] * 2 + 1;
		if (m->moved[i])
			c->kinds |= CLAUSE_CHANGE_MOVED;
		/* The same bytes: the same text, left out as it is (both
		 * NULL, or both there). */
		same = clause_doc_same_source(old, c->old, new, c->new);
		if ((!same || !c->old->text != !c->new->text) &&
		    (fill_text(old, c->old) < 0 || fill_text(new, c->new) < 0))
			return -1;
		if (compare_pair(d, c) < 0)
			return -1;
		/* The same words in other markup: only a number's value= can
		 * have changed what the clause says. */
		if (!same && !(c->kinds & CLAUSE_CHANGE_MODIFIED) &&
		    cdiff_number_changes(d, c->old, c->new, NULL) < 0)
			return -1;
		if (!c->kinds) {
			d->nclauses--;	/* unchanged */
			continue;
		}
		if (fill_text(old, c->old) < 0 || fill_text(new, c->new) < 0)
			return -1;
	}
	return 0;
}

/* The conflicts of new over clauses the old side did not have (both
 * sides added one): each as the first side that has it. */
static int add_conflicts(struct clause_cdiff_doc *d, struct clause_doc *new)
{
	for (size_t i = 0; i < new->nconflicts; i++) {
		const struct clause_conflict *x = &new->conflicts[i];
		struct clause_cdiff_clause *c;
		struct clause_clause *first = NULL;
		int seen = 0;

		if (!x->clause)
			continue;
		for (size_t k = 0; k < d->nclauses && !seen; k++)
			seen = d->clauses[k].conflict == x;
		for (int k = 0; k < CLAUSE_NSIDES && !first; k++)
			first = x->side[k];
		if (seen || !first)
			continue;
		if (!(c = add_clause(d)) || fill_text(new, first) < 0)
			return -1;
		c->new = first;
		c->conflict = x;
		c->kinds = CLAUSE_CHANGE_CONFLICT;
		c->order = new->nclauses * 2 + 1;
	}
	return 0;
}

/* The clauses added and removed; a removed one is shown after the
 * clause that came before it. */
static int add_unmatched(struct clause_cdiff_doc *d, const struct matching *m,
			 struct clause_doc *old, struct clause_doc *new)
{
	for (size_t i = 0; i < m->nn; i++) {
		struct clause_cdiff_clause *c;
		if (m->n2o[i] >= 0)
			continue;
		if (!(c = add_clause(d)))
			return -1;
		c->new = &new->clauses[i];
		c->kinds = CLAUSE_CHANGE_ADDED;
		c->order = i * 2 + 1;
		if (cdiff_number_changes(d, NULL, c->new, NULL) < 0)
			return -1;
	}
	for (size_t i = 0; i < m->no; i++) {
		struct clause_cdiff_clause *c;
		size_t after = 0;
		if (m->o2n[i] >= 0)
			continue;
		for (size_t k = i; k-- > 0;)
			if (m->o2n[k] >= 0) {
				after = (size_t)m->o2n[k] * 2 + 2;
				break;
			}
		if (!(c = add_clause(d)))
			return -1;
		c->old = &old->clauses[i];
		c->order = after;
		if ((c->conflict = clause_doc_conflict(new, c->old->id))) {
			c->kinds = CLAUSE_CHANGE_CONFLICT;
			continue;
		}
		c->kinds = CLAUSE_CHANGE_REMOVED;
		if (cdiff_number_changes(d, c->old, NULL, NULL) < 0)
			return -1;
	}
	return add_conflicts(d, new);
}

static int diff_clauses(struct clause_cdiff_doc *d, struct clause_doc *old,
			struct clause_doc *new)
{
	size_t no = old->nclauses, nn = new->nclauses;
	struct matching m = { no, nn, calloc(no + 1, sizeof(long)),
			      calloc(nn + 1, sizeof(long)),
			      calloc(no + 1, sizeof(const char *)),
			      calloc(no + 1, sizeof(int)), calloc(no + 1, 1) };
	int r = -1;

	if (!m.o2n || !m.n2o || !m.how || !m.score || !m.moved) {
		clause_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < no; i++)
		m.o2n[i] = -1;
	for (size_t i = 0; i < nn; i++)
		m.n2o[i] = -1;
	/* By id, by identical text, then (3.) by similarity. */
	if (match_exact(&m, old, new) < 0 ||
	    cdiff_match_similar(m.o2n, m.n2o, m.how, m.score, old, new) < 0 ||
	    match_moves(&m, old, new) < 0 ||
	    add_matched(d, &m, old, new) < 0 ||
	    add_unmatched(d, &m, old, new) < 0)
		goto done;
	/* Stable: equal keys keep the order they were added in. */
	for (size_t i = 0; i < d->nclauses; i++)
		d->clauses[i].order = d->clauses[i].order * (no + nn + 1) + i;
	clause_qsort(d->clauses, d->nclauses, sizeof(*d->clauses), order_cmp);
	r = 0;
done:
	matching_release(&m);
	return r;
}

static void clause_release(struct clause_cdiff_clause *c);

static struct clause_cdiff_doc *add_doc(struct clause_cdiff *out,
					const struct clause_doc *old,
					const char *old_path,
					const struct clause_doc *new,
					const char *new_path)
{
	struct clause_cdiff_doc *d;

	if (CLAUSE_GROW(out->v, out->n, out->cap) < 0)
		return NULL;
	d = &out->v[out->n++];
	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new;
	d->old_path = dup_or_null(old_path);
	d->new_path = dup_or_null(new_path);
	if ((old_path && !d->old_path) || (new_path && !d->new_path)) {
		clause_error_set("out of memory");
		return NULL;
	}
	return d;
}

int clause_cdiff_docs(struct clause_cdiff *out, struct clause_doc *old,
		      const char *old_path, struct clause_doc *new,
		      const char *new_path)
{
	struct clause_cdiff_doc *d = add_doc(out, old, old_path, new, new_path);

	if (!d)
		return -1;
	if (!old || !new) {
		/* A whole document added or removed: every clause with it. */
		struct clause_doc *x = old ? old : new;
		for (size_t i = 0; i < x->nclauses; i++) {
			struct clause_cdiff_clause *c = add_clause(d);
			if (!c || fill_text(x, &x->clauses[i]) < 0)
				return -1;
			if (old)
				c->old = &x->clauses[i];
			else
				c->new = &x->clauses[i];
			c->kinds = old ? CLAUSE_CHANGE_REMOVED : CLAUSE_CHANGE_ADDED;
			c->order = i;
		}
		return 0;
	}
	if (meta_changes(d) < 0)
		return -1;
	return diff_clauses(d, old, new);
}

int clause_cdiff_clauses(struct clause_cdiff *out,
			 const struct clause_doc *old_doc,
			 const struct clause_clause *old,
			 const char *old_path,
			 const struct clause_doc *new_doc,
			 const struct clause_clause *new,
			 const char *new_path, const char *label)
{
	struct clause_cdiff_doc *d = out->n ? &out->v[out->n - 1] : NULL;
	struct clause_cdiff_clause *c;

	if (!d || d->new != new_doc || d->label != label) {
		if (!(d = add_doc(out, old_doc, old_path, new_doc, new_path)))
			return -1;
		d->label = label;
	}
	if (!(c = add_clause(d)))
		return -1;
	c->old = old;
	c->new = new;
	c->from = old_doc;
	c->matched_by = "given";
	c->order = d->nclauses;
	if (compare_pair(d, c) < 0)
		return -1;
	/* Between two given clauses a different number or id is not news. */
	c->kinds &= ~(unsigned)(CLAUSE_CHANGE_RENUMBERED | CLAUSE_CHANGE_RENAMED);
	if (!c->kinds) {
		clause_release(c);
		d->nclauses--;
	}
	return 0;
}

static void clause_release(struct clause_cdiff_clause *c)
{
	if (c->has_heading)
		clause_wdiff_release(&c->heading);
	if (c->has_text)
		clause_wdiff_release(&c->text);
}

static void num_release(struct clause_cdiff_num *m)
{
	free(m->clause);
	free(m->old);
	free(m->new);
	free(m->old_q.value);
	free(m->old_q.unit);
	free(m->old_q.per);
	free(m->new_q.value);
	free(m->new_q.unit);
	free(m->new_q.per);
}

static void doc_release(struct clause_cdiff_doc *e)
{
	for (size_t j = 0; j < e->nmeta; j++) {
		free(e->meta[j].field);
		free(e->meta[j].old);
		free(e->meta[j].new);
	}
	for (size_t j = 0; j < e->nclauses; j++)
		clause_release(&e->clauses[j]);
	for (size_t j = 0; j < e->nnums; j++)
		num_release(&e->nums[j]);
	free(e->meta);
	free(e->clauses);
	free(e->nums);
	free(e->old_path);
	free(e->new_path);
}

void clause_cdiff_only(struct clause_cdiff *d, const char *doc,
		       const char *clause)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++) {
		struct clause_cdiff_doc *e = &d->v[i];
		size_t k = 0;

		if (!((e->old && strcmp(e->old->id, doc) == 0) ||
		      (e->new && strcmp(e->new->id, doc) == 0))) {
			doc_release(e);
			continue;
		}
		for (size_t j = 0; j < e->nmeta; j++) {
			free(e->meta[j].field);
			free(e->meta[j].old);
			free(e->meta[j].new);
		}
		e->nmeta = 0;
		for (size_t j = 0; j < e->nclauses; j++) {
			struct clause_cdiff_clause *c = &e->clauses[j];
			if ((c->old && strcmp(c->old->id, clause) == 0) ||
			    (c->new && strcmp(c->new->id, clause) == 0))
				e->clauses[k++] = *c;
			else
				clause_release(c);
		}
		e->nclauses = k;
		k = 0;
		for (size_t j = 0; j < e->nnums; j++) {
			int keep = 0;
			for (size_t c = 0; c < e->nclauses && !keep; c++)
				keep = e->clauses[c].new &&
				       strcmp(e->clauses[c].new->id,
					      e->nums[j].clause) == 0;
			if (keep)
				e->nums[k++] = e->nums[j];
			else
				num_release(&e->nums[j]);
		}
		e->nnums = k;
		d->v[n++] = *e;
	}
	d->n = n;
}

int clause_cdiff_doc_changed(const struct clause_cdiff_doc *d)
{
	return d->nmeta || d->nclauses;
}

size_t clause_cdiff_changed(const struct clause_cdiff *d)
{
	size_t n = 0;

	for (size_t i = 0; i < d->n; i++)
		n += clause_cdiff_doc_changed(&d->v[i]) != 0;
	return n;
}

void clause_cdiff_release(struct clause_cdiff *d)
{
	for (size_t i = 0; i < d->n; i++)
		doc_release(&d->v[i]);
	free(d->v);
	d->v = NULL;
	d->n = d->cap = 0;
}
