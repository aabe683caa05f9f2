/* cdiff.c: match clauses across two versions of a document, classify the
 * changes, and find the numbers that changed. */
#include "diff/cdiff.h"
#include "util/array.h"
#include "util/error.h"
#include "util/map.h"
#include "doc/xml.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const clause_change_names[] = {
	"added", "removed", "modified", "moved", "renumbered", "recategorized",
	"renamed"
};

/* Candidate pairs for the similarity match past which no more are
 * collected (about 100 MB): only clauses with almost no words of their
 * own, by the thousand on both sides, come near it. */
#define MAX_CANDIDATES 4000000

/* Quantities in one clause past which its numbers are not summarized. */
#define MAX_QUANTITIES 200

static int streq(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	return strcmp(a, b) == 0;
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

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

/* ---- numbers ----------------------------------------------------- */

struct quantity {
	char *key;		/* unit and per: what pairs an old with a new */
	char *shown;		/* as written, with its unit */
	char *value;		/* value= of a number in words, or NULL */
	char *text;		/* the number as written ("180", "$2,500") */
	size_t pos;		/* its first token in the clause's text, or
				 * NO_POS until located */
};

#define NO_POS ((size_t)-1)

struct quantities {
	struct quantity *v;	/* in the order written */
	size_t n;		/* how many */
	size_t cap;		/* allocated slots */
};

static void quantities_release(struct quantities *q)
{
	for (size_t i = 0; i < q->n; i++) {
		free(q->v[i].key);
		free(q->v[i].shown);
		free(q->v[i].value);
		free(q->v[i].text);
	}
	free(q->v);
}

static int add_quantity(struct quantities *q, const char *key,
			const char *shown, const char *value, const char *text,
			size_t pos)
{
	if (CLAUSE_GROW(q->v, q->n, q->cap) < 0)
		return -1;
	q->v[q->n].key = strdup(key);
	q->v[q->n].shown = strdup(shown);
	q->v[q->n].value = value ? strdup(value) : NULL;
	q->v[q->n].text = strdup(text);
	q->v[q->n].pos = pos;
	if (!q->v[q->n].key || !q->v[q->n].shown || !q->v[q->n].text ||
	    (value && !q->v[q->n].value)) {
		free(q->v[q->n].key);
		free(q->v[q->n].shown);
		free(q->v[q->n].text);
		free(q->v[q->n].value);
		clause_error_set("out of memory");
		return -1;
	}
	q->n++;
	return 0;
}

static int has_currency(const char *s)
{
	return *s == '$' || strncmp(s, "\xc2\xa3", 2) == 0 ||
	       strncmp(s, "\xe2\x82\xac", 3) == 0;
}

/* <quantity> elements of a clause's own body (not its sub-clauses). */
static int marked_quantities(struct quantities *q, xmlNodePtr node)
{
	for (xmlNodePtr c = node->children; c; c = c->next) {
		struct clause_buf key = CLAUSE_BUF_INIT, shown = CLAUSE_BUF_INIT;
		char *text, *unit, *per, *value;
		int r = 0;

		if (c->type != XML_ELEMENT_NODE || clause_xml_is(c, "clause") ||
		    clause_xml_is(c, "num") || clause_xml_is(c, "heading"))
			continue;
		if (!clause_xml_is(c, "quantity")) {
			if (marked_quantities(q, c) < 0)
				return -1;
			continue;
		}
		text = clause_xml_text(c);
		unit = clause_xml_attr(c, "unit");
		per = clause_xml_attr(c, "per");
		value = clause_xml_attr(c, "value");
		clause_buf_printf(&key, "%s/%s", unit ? unit : "", per ? per : "");
		clause_buf_puts(&shown, text ? text : "");
		if (unit && !has_currency(text ? text : "")) {
			size_t n = strlen(unit);
			/* "one year", not "one years" */
			int one = text && (strcmp(text, "1") == 0 || strcasecmp(text, "one") == 0);

			clause_buf_printf(&shown, " %.*s", (int)(one && n > 1 && unit[n - 1] == 's' ?
						      n - 1 : n), unit);
		}
		if (per) {
			clause_buf_puts(&shown, " per ");
			for (const char *p = per; *p; p++)
				clause_buf_putc(&shown, *p == '-' ? ' ' : *p);
		}
		r = add_quantity(q, key.ptr, shown.ptr, value, text ? text : "", NO_POS);
		free(text);
		free(unit);
		free(per);
		free(value);
		clause_buf_release(&key);
		clause_buf_release(&shown);
		if (r < 0)
			return -1;
	}
	return 0;
}

/* Words that make the number before them a quantity, without markup. */
static const char *unit_key(const struct clause_token *t)
{
	static const char *const units[] = {
		"day", "week", "month", "year", "hour", "minute", "percent",
		"employee", "worker", "vehicle", "member", "dollar", NULL
	};
	size_t n = t->len;

	if (t->kind == CLAUSE_TOKEN_PUNCT)
		return n == 1 && t->s[0] == '%' ? "percent" : NULL;
	if (t->kind != CLAUSE_TOKEN_WORD)
		return NULL;
	if (n > 1 && (t->s[n - 1] == 's' || t->s[n - 1] == 'S'))
		n--;	/* days -> day */
	for (int i = 0; units[i]; i++)
		if (strlen(units[i]) == n && strncasecmp(units[i], t->s, n) == 0)
			return units[i];
	return NULL;
}

/* An ISO 4217 code written before an amount: "USD 500". */
static int is_currency_code(const struct clause_token *t)
{
	static const char *const codes[] = { "USD", "CAD", "EUR", "GBP", "AUD", NULL };

	for (int i = 0; codes[i]; i++)
		if (t->kind == CLAUSE_TOKEN_WORD && t->len == 3 &&
		    memcmp(t->s, codes[i], 3) == 0)
			return 1;
	return 0;
}

/* Numbers beside their units in plain text: "45 days", "$2,000", "3%",
 * "30-day", "USD 500", "500 dollars". */
static int text_quantities(struct quantities *q, const char *text)
{
	struct clause_tokens t = CLAUSE_TOKENS_INIT;
	struct clause_buf shown = CLAUSE_BUF_INIT;
	int r = -1;

	if (clause_tokens_split(&t, text) < 0)
		goto done;
	for (size_t i = 0; i < t.n; i++) {
		const char *key = NULL;
		size_t at = i;

		if (t.v[i].kind != CLAUSE_TOKEN_NUMBER)
			continue;
		clause_buf_clear(&shown);
		if (has_currency(t.v[i].s)) {
			key = "currency";
			clause_buf_put(&shown, t.v[i].s, t.v[i].len);
		} else if (i > 0 && is_currency_code(&t.v[i - 1])) {
			key = "currency";	/* "USD 500" */
			clause_tokens_text(&shown, &t, i - 1, 2);
			at = i - 1;
		} else if (i + 1 < t.n && (key = unit_key(&t.v[i + 1]))) {
			clause_tokens_text(&shown, &t, i, 2);
		} else if (i + 2 < t.n && t.v[i + 1].kind == CLAUSE_TOKEN_PUNCT &&
			   t.v[i + 1].s[0] == '-' && !t.v[i + 1].space &&
			   !t.v[i + 2].space && (key = unit_key(&t.v[i + 2]))) {
			clause_tokens_text(&shown, &t, i, 3);	/* "30-day" */
		}
		if (key && add_quantity(q, key, shown.ptr, NULL, shown.ptr, at) < 0)
			goto done;
	}
	r = 0;
done:
	clause_tokens_release(&t);
	clause_buf_release(&shown);
	return r;
}

static int add_num(struct clause_cdiff_doc *d, const char *clause,
		   const char *old, const char *new)
{
	struct clause_cdiff_num *m;

	if (CLAUSE_GROW(d->nums, d->nnums, d->cap_nums) < 0)
		return -1;
	m = &d->nums[d->nnums++];
	m->clause = strdup(clause);
	m->old = dup_or_null(old);
	m->new = dup_or_null(new);
	if (!m->clause || (old && !m->old) || (new && !m->new)) {
		clause_error_set("out of memory");
		return -1;
	}
	return 0;
}

static int same_quantity(const struct quantity *a, const struct quantity *b)
{
	return strcmp(a->key, b->key) == 0 && strcmp(a->shown, b->shown) == 0 &&
	       streq(a->value, b->value);
}

/* One line of the summary; a number in words whose value alone changed
 * shows its values. */
static int add_pair(struct clause_cdiff_doc *d, const char *clause,
		    const struct quantity *o, const struct quantity *n)
{
	struct clause_buf a = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT;
	int r;

	if (o && n && strcmp(o->shown, n->shown) == 0) {
		clause_buf_printf(&a, "%s (%s)", o->shown, o->value ? o->value : "-");
		clause_buf_printf(&b, "%s (%s)", n->shown, n->value ? n->value : "-");
	}
	r = add_num(d, clause, a.len ? a.ptr : o ? o->shown : NULL,
		    b.len ? b.ptr : n ? n->shown : NULL);
	clause_buf_release(&a);
	clause_buf_release(&b);
	return r;
}

/* Where each marked quantity starts among the tokens of the clause's
 * text: the next token, from where the last one was found, that is the
 * quantity's first. */
static int locate(struct quantities *q, const struct clause_tokens *t)
{
	size_t at = 0;

	for (size_t i = 0; i < q->n; i++) {
		struct clause_tokens qt = CLAUSE_TOKENS_INIT;

		if (q->v[i].pos != NO_POS)
			continue;
		if (clause_tokens_split(&qt, q->v[i].text) < 0)
			return -1;
		for (size_t k = at; qt.n && k < t->n; k++)
			if (t->v[k].hash == qt.v[0].hash && t->v[k].len == qt.v[0].len &&
			    memcmp(t->v[k].s, qt.v[0].s, t->v[k].len) == 0) {
				q->v[i].pos = k;
				at = k + 1;
				break;
			}
		clause_tokens_release(&qt);
	}
	return 0;
}

/* Which part of the word diff a token is in: an equal run (*group the
 * token's index in the new text, so that an old and a new token the diff
 * kept align), or a change (*group past every token index: a change's
 * struck and inserted numbers pair with each other only).  Texts with no
 * diff are equal throughout. */
static void group_of(const struct clause_wdiff *w, size_t pos, int old,
		     size_t *group)
{
	size_t past = w ? w->old.n + w->new.n : 0;

	*group = NO_POS;
	if (pos == NO_POS)
		return;
	if (!w) {
		*group = pos;
		return;
	}
	for (size_t r = 0; r < w->n; r++) {
		const struct clause_wdiff_run *run = &w->v[r];
		size_t at = old ? run->old_at : run->new_at;
		size_t n = old ? run->old_n : run->new_n;

		if (pos < at || pos >= at + n)
			continue;
		*group = run->change ? past + r : run->new_at + (pos - at);
		return;
	}
}

/* Quantities of the two versions pair as the word diff aligned their
 * text: a number the diff kept pairs with itself (unchanged, or its
 * value= changed); the numbers struck and inserted by one change pair
 * with each other, unit by unit, then any left (a change of unit); the
 * rest are added or removed.  So inserting "within 10 days" before an
 * unchanged "14 days" is one new number, and striking a sentence with
 * "30 days" in it does not make another "30 days" a change. */
static int pair_quantities(struct clause_cdiff_doc *d, const char *clause,
			   const struct quantities *qo, const struct quantities *qn,
			   const struct clause_wdiff *w)
{
	size_t *go = calloc(qo->n + 1, sizeof(*go)), *gn = calloc(qn->n + 1, sizeof(*gn));
	long *of = calloc(qn->n + 1, sizeof(*of));
	char *used = calloc(qo->n + 1, 1);
	int r = 0;

	if (!go || !gn || !of || !used) {
		clause_error_set("out of memory");
		r = -1;
		goto done;
	}
	for (size_t i = 0; i < qo->n; i++)
		group_of(w, qo->v[i].pos, 1, &go[i]);
	for (size_t j = 0; j < qn->n; j++) {
		group_of(w, qn->v[j].pos, 0, &gn[j]);
		of[j] = -1;
	}
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < qn->n; j++)
			for (size_t i = 0; of[j] < 0 && i < qo->n; i++)
				if (!used[i] && go[i] == gn[j] &&
				    (pass || strcmp(qo->v[i].key, qn->v[j].key) == 0)) {
					used[i] = 1;
					of[j] = (long)i;
				}
	/* A number struck in one place and written again in another of the
	 * same clause (a sentence rewritten around it) did not change; of
	 * the numbers still unexplained, one struck and one written of the
	 * same unit are most likely one changed. */
	for (int pass = 0; pass < 2; pass++)
		for (size_t j = 0; j < qn->n; j++)
			for (size_t i = 0; of[j] < 0 && i < qo->n; i++)
				if (!used[i] && (pass ? strcmp(qo->v[i].key, qn->v[j].key) == 0 :
						 same_quantity(&qo->v[i], &qn->v[j]))) {
					used[i] = 1;
					of[j] = (long)i;
				}
	for (size_t j = 0; j < qn->n && r == 0; j++)
		if (of[j] < 0 || !same_quantity(&qo->v[of[j]], &qn->v[j]))
			r = add_pair(d, clause, of[j] < 0 ? NULL : &qo->v[of[j]], &qn->v[j]);
	for (size_t i = 0; i < qo->n && r == 0; i++)
		if (!used[i])
			r = add_pair(d, clause, &qo->v[i], NULL);
done:
	free(go);
	free(gn);
	free(of);
	free(used);
	return r;
}

/* The numbers of a clause that changed (o and n), was added (o NULL) or
 * removed (n NULL). */
static int number_changes(struct clause_cdiff_doc *d,
			  const struct clause_clause *o,
			  const struct clause_clause *n,
			  const struct clause_wdiff *w)
{
	struct quantities qo = { NULL, 0, 0 }, qn = { NULL, 0, 0 };
	struct clause_tokens to = CLAUSE_TOKENS_INIT, tn = CLAUSE_TOKENS_INIT;
	int r = -1;

	if ((o && o->node && marked_quantities(&qo, o->node) < 0) ||
	    (n && n->node && marked_quantities(&qn, n->node) < 0))
		goto done;
	/* Pairing is quadratic in the quantities of one clause: a clause
	 * with more than any real one has gets no number summary. */
	if (qo.n > MAX_QUANTITIES || qn.n > MAX_QUANTITIES) {
		r = 0;
		goto done;
	}
	if (qo.n == 0 && qn.n == 0 &&
	    ((o && o->text && text_quantities(&qo, o->text) < 0) ||
	     (n && n->text && text_quantities(&qn, n->text) < 0)))
		goto done;
	if (qo.n > MAX_QUANTITIES || qn.n > MAX_QUANTITIES) {
		r = 0;
		goto done;
	}
	/* the diff's tokens when there is one, else the text's own */
	if ((!w && o && o->text && clause_tokens_split(&to, o->text) < 0) ||
	    (!w && n && n->text && clause_tokens_split(&tn, n->text) < 0) ||
	    locate(&qo, w ? &w->old : &to) < 0 || locate(&qn, w ? &w->new : &tn) < 0)
		goto done;
	r = pair_quantities(d, n ? n->id : o->id, &qo, &qn, w);
done:
	clause_tokens_release(&to);
	clause_tokens_release(&tn);
	quantities_release(&qo);
	quantities_release(&qn);
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
		if (number_changes(d, o, n, c->has_text ? &c->text : NULL) < 0)
			return -1;
	}
	return 0;
}

static int u64_cmp(const void *x, const void *y)
{
	unsigned long long a = *(const unsigned long long *)x;
	unsigned long long b = *(const unsigned long long *)y;

	return a < b ? -1 : a > b;
}

/* Sorted, distinct hashes of the words of a clause's heading and text. */
static int word_set(unsigned long long **out, size_t *n,
		    const struct clause_clause *c)
{
	struct clause_tokens t = CLAUSE_TOKENS_INIT;
	struct clause_buf all = CLAUSE_BUF_INIT;
	unsigned long long *v;
	size_t k = 0;

	*out = NULL;
	*n = 0;
	clause_buf_printf(&all, "%s %s", c->heading ? c->heading : "", c->text);
	if (clause_tokens_split(&t, all.ptr) < 0 ||
	    !(v = malloc((t.n + 1) * sizeof(*v)))) {
		clause_tokens_release(&t);
		clause_buf_release(&all);
		clause_error_set("out of memory");
		return -1;
	}
	for (size_t i = 0; i < t.n; i++)
		if (t.v[i].kind != CLAUSE_TOKEN_PUNCT)
			v[k++] = t.v[i].hash;
	qsort(v, k, sizeof(*v), u64_cmp);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (!*n || v[*n - 1] != v[i])
			v[(*n)++] = v[i];
	*out = v;
	clause_tokens_release(&t);
	clause_buf_release(&all);
	return 0;
}

static int dice(const unsigned long long *a, size_t na,
		const unsigned long long *b, size_t nb)
{
	size_t i = 0, k = 0, common = 0;

	if (!na && !nb)
		return 100;
	while (i < na && k < nb) {
		if (a[i] == b[k])
			common++, i++, k++;
		else if (a[i] < b[k])
			i++;
		else
			k++;
	}
	return (int)(200 * common / (na + nb));
}

struct candidate {
	int score;		/* percent */
	size_t o, n;		/* clause indices */
};

static int candidate_cmp(const void *x, const void *y)
{
	const struct candidate *a = x, *b = y;

	if (a->score != b->score)
		return b->score - a->score;
	if (a->o != b->o)
		return a->o < b->o ? -1 : 1;
	return a->n < b->n ? -1 : a->n > b->n;
}

/* How many of a clause's words, rarest first, a similar clause must share
 * at least one of: with Jaccard similarity at least J = D / (2 - D) for a
 * Dice threshold D, two sets whose words are ordered the same way share a
 * word among the first |x| - ceil(J |x|) + 1 of each ("prefix
 * filtering", exact: it finds every pair the threshold admits). */
static size_t prefix_len(size_t n)
{
	size_t s = CLAUSE_CDIFF_SIMILAR, need = (s * n + (200 - s) - 1) / (200 - s);

	return n ? n - need + 1 : 0;
}

struct word_count {
	unsigned long long hash;
	size_t n;		/* clauses, old and new, that hold it */
};

static int hash_cmp_wc(const void *x, const void *y)
{
	const struct word_count *a = x, *b = y;

	return a->hash < b->hash ? -1 : a->hash > b->hash;
}

static size_t count_of(const struct word_count *wc, size_t n, unsigned long long h)
{
	struct word_count key = { h, 0 };
	const struct word_count *f = bsearch(&key, wc, n, sizeof(*wc), hash_cmp_wc);

	return f ? f->n : 0;
}

struct word_counts {
	const struct word_count *v;
	size_t n;
};

/* qsort_r's: the diff runs in threads, so no static state. */
static int rarer_first(const void *x, const void *y, void *arg)
{
	const struct word_counts *wc = arg;
	unsigned long long a = *(const unsigned long long *)x;
	unsigned long long b = *(const unsigned long long *)y;
	size_t ca = count_of(wc->v, wc->n, a), cb = count_of(wc->v, wc->n, b);

	if (ca != cb)
		return ca < cb ? -1 : 1;
	return a < b ? -1 : a > b;
}

struct posting {
	unsigned long long hash;
	size_t clause;
};

static int posting_cmp(const void *x, const void *y)
{
	const struct posting *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	return a->clause < b->clause ? -1 : a->clause > b->clause;
}

/* Count each word once per clause, over both sides, into *out. */
static int count_words(struct word_count **out, size_t *nout,
		       unsigned long long *const *so, const size_t *lo, size_t no,
		       unsigned long long *const *sn, const size_t *ln, size_t nn)
{
	size_t total = 0, k = 0, m = 0;
	struct word_count *wc;

	for (size_t i = 0; i < no; i++)
		total += so[i] ? lo[i] : 0;
	for (size_t i = 0; i < nn; i++)
		total += sn[i] ? ln[i] : 0;
	if (!(wc = malloc((total + 1) * sizeof(*wc)))) {
		clause_error_set("out of memory");
		return -1;
	}
	for (size_t i = 0; i < no; i++)
		for (size_t w = 0; so[i] && w < lo[i]; w++)
			wc[k++] = (struct word_count){ so[i][w], 1 };
	for (size_t i = 0; i < nn; i++)
		for (size_t w = 0; sn[i] && w < ln[i]; w++)
			wc[k++] = (struct word_count){ sn[i][w], 1 };
	qsort(wc, k, sizeof(*wc), hash_cmp_wc);
	for (size_t i = 0; i < k; i++) {
		if (m && wc[m - 1].hash == wc[i].hash)
			wc[m - 1].n++;
		else
			wc[m++] = wc[i];
	}
	*out = wc;
	*nout = m;
	return 0;
}

/* The pairs of an unmatched old and new clause whose similarity reaches
 * CLAUSE_CDIFF_SIMILAR, found through the words they share (postings of
 * the new clauses' prefixes), so that the work follows the pairs that
 * share rare words rather than every pair: a renumbered and re-id'd
 * agreement of thousands of clauses still matches. */
static int similar_pairs(struct candidate **out, size_t *nout,
			 unsigned long long **so, size_t *lo, size_t no,
			 unsigned long long **sn, size_t *ln, size_t nn)
{
	struct word_count *wc = NULL;
	struct word_counts order;
	struct posting *post = NULL;
	struct candidate *cand = NULL;
	size_t nwc = 0, np = 0, nc = 0, cap = 0, *seen = NULL;
	int r = -1;

	if (count_words(&wc, &nwc, so, lo, no, sn, ln, nn) < 0)
		return -1;
	order = (struct word_counts){ wc, nwc };
	/* Rarest first, the same order on both sides (the caller sorts them
	 * by hash again for dice()). */
	for (size_t i = 0; i < no; i++)
		if (so[i])
			qsort_r(so[i], lo[i], sizeof(**so), rarer_first, &order);
	for (size_t i = 0; i < nn; i++)
		if (sn[i]) {
			qsort_r(sn[i], ln[i], sizeof(**sn), rarer_first, &order);
			np += prefix_len(ln[i]);
		}
	post = malloc((np + 1) * sizeof(*post));
	seen = malloc((nn + 1) * sizeof(*seen));
	if (!post || !seen) {
		clause_error_set("out of memory");
		goto done;
	}
	np = 0;
	for (size_t i = 0; i < nn; i++) {
		seen[i] = (size_t)-1;
		for (size_t w = 0; sn[i] && w < prefix_len(ln[i]); w++)
			post[np++] = (struct posting){ sn[i][w], i };
	}
	qsort(post, np, sizeof(*post), posting_cmp);
	for (size_t i = 0; i < no; i++) {
		for (size_t w = 0; so[i] && w < prefix_len(lo[i]); w++) {
			struct posting key = { so[i][w], 0 };
			size_t a = 0, b = np;

			while (a < b) {	/* the first posting of the word */
				size_t mid = a + (b - a) / 2;

				if (posting_cmp(&post[mid], &key) < 0)
					a = mid + 1;
				else
					b = mid;
			}
			for (; a < np && post[a].hash == key.hash; a++) {
				size_t k = post[a].clause;

				if (seen[k] == i)
					continue;
				seen[k] = i;
				if (nc == MAX_CANDIDATES)
					goto enough;
				if (CLAUSE_GROW(cand, nc + 1, cap) < 0)
					goto done;
				cand[nc++] = (struct candidate){ 0, i, k };
			}
		}
	}
enough:
	r = 0;
done:
	free(wc);
	free(post);
	free(seen);
	if (r < 0) {
		free(cand);
		cand = NULL;
		nc = 0;
	}
	*out = cand;
	*nout = nc;
	return r;
}

/* Match what is left by similarity, best pairs first. */
static int match_similar(long *o2n, long *n2o, const char **how, int *score,
			 const struct clause_doc *old,
			 const struct clause_doc *new)
{
	unsigned long long **so = NULL, **sn = NULL;
	size_t *lo = NULL, *ln = NULL, uo = 0, un = 0, nc = 0, kept = 0;
	struct candidate *cand = NULL;
	int r = -1;

	for (size_t i = 0; i < old->nclauses; i++)
		uo += o2n[i] < 0;
	for (size_t i = 0; i < new->nclauses; i++)
		un += n2o[i] < 0;
	if (!uo || !un)
		return 0;
	so = calloc(old->nclauses, sizeof(*so));
	sn = calloc(new->nclauses, sizeof(*sn));
	lo = calloc(old->nclauses, sizeof(*lo));
	ln = calloc(new->nclauses, sizeof(*ln));
	if (!so || !sn || !lo || !ln) {
		clause_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < old->nclauses; i++)
		if (o2n[i] < 0 && word_set(&so[i], &lo[i], &old->clauses[i]) < 0)
			goto done;
	for (size_t i = 0; i < new->nclauses; i++)
		if (n2o[i] < 0 && word_set(&sn[i], &ln[i], &new->clauses[i]) < 0)
			goto done;
	if (similar_pairs(&cand, &nc, so, lo, old->nclauses, sn, ln, new->nclauses) < 0)
		goto done;
	for (size_t i = 0; i < old->nclauses; i++)
		if (so[i])
			qsort(so[i], lo[i], sizeof(**so), u64_cmp);
	for (size_t i = 0; i < new->nclauses; i++)
		if (sn[i])
			qsort(sn[i], ln[i], sizeof(**sn), u64_cmp);
	for (size_t i = 0; i < nc; i++) {
		int sc = dice(so[cand[i].o], lo[cand[i].o], sn[cand[i].n], ln[cand[i].n]);

		if (sc >= CLAUSE_CDIFF_SIMILAR)
			cand[kept++] = (struct candidate){ sc, cand[i].o, cand[i].n };
	}
	/* No candidates: cand may be NULL, which qsort must not get. */
	if (kept)
		qsort(cand, kept, sizeof(*cand), candidate_cmp);
	for (size_t i = 0; i < kept; i++) {
		if (o2n[cand[i].o] >= 0 || n2o[cand[i].n] >= 0)
			continue;
		o2n[cand[i].o] = (long)cand[i].n;
		n2o[cand[i].n] = (long)cand[i].o;
		how[cand[i].o] = "similarity";
		score[cand[i].o] = cand[i].score;
	}
	r = 0;
done:
	for (size_t i = 0; so && i < old->nclauses; i++)
		free(so[i]);
	for (size_t i = 0; sn && i < new->nclauses; i++)
		free(sn[i]);
	free(so);
	free(sn);
	free(lo);
	free(ln);
	free(cand);
	return r;
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
		    number_changes(d, c->old, c->new, NULL) < 0)
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
		if (number_changes(d, NULL, c->new, NULL) < 0)
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
		c->kinds = CLAUSE_CHANGE_REMOVED;
		c->order = after;
		if (number_changes(d, c->old, NULL, NULL) < 0)
			return -1;
	}
	return 0;
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
	    match_similar(m.o2n, m.n2o, m.how, m.score, old, new) < 0 ||
	    match_moves(&m, old, new) < 0 ||
	    add_matched(d, &m, old, new) < 0 ||
	    add_unmatched(d, &m, old, new) < 0)
		goto done;
	/* Stable: equal keys keep the order they were added in. */
	for (size_t i = 0; i < d->nclauses; i++)
		d->clauses[i].order = d->clauses[i].order * (no + nn + 1) + i;
	qsort(d->clauses, d->nclauses, sizeof(*d->clauses), order_cmp);
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
