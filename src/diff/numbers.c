/* numbers.c: the numbers that changed between two versions of a clause:
 * <quantity> markup, and numbers beside their units in the text, paired
 * as the word diff aligned the text (clause-diff(1) says how). */
#include "diff/internal.h"
#include "doc/xml.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"

#include <ctype.h>
#include <strings.h>

/* Quantities in one clause past which its numbers are not summarized. */
#define MAX_QUANTITIES 200

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

/* The value of a quantity as a decimal number: value= when given, else
 * the number as written without its currency sign, code and thousands
 * separators ("$2,500" is 2500); NULL when it is not a number ("four"
 * without value=). */
static char *quantity_value(const struct quantity *q)
{
	const char *s = q->value ? q->value : q->text;
	char digits[64], *end, out[64];
	size_t n = 0;
	double v;

	while (*s && !isdigit((unsigned char)*s) && *s != '.')
		s++;	/* "$", "USD ", the pound and euro signs */
	for (; *s && n + 1 < sizeof(digits); s++)
		if (isdigit((unsigned char)*s) || *s == '.')
			digits[n++] = *s;
		else if (*s != ',')
			break;
	digits[n] = '\0';
	if (!n)
		return NULL;
	v = strtod(digits, &end);
	if (*end || v != v || v > 1e15)
		return NULL;
	snprintf(out, sizeof(out), "%.10g", v);
	return strdup(out);
}

/* The unit and per of a quantity, from its key ("days/hour" for markup;
 * "day", "currency" for numbers read from the text), as the markup
 * writes units: plural words, ISO currency codes. */
static void quantity_unit(struct clause_cdiff_quantity *out,
			  const struct quantity *q)
{
	const char *slash = strchr(q->key, '/');
	size_t n = slash ? (size_t)(slash - q->key) : strlen(q->key);
	struct clause_buf u = CLAUSE_BUF_INIT;

	if (n == 8 && strncmp(q->key, "currency", 8) == 0) {
		const char *t = q->text;
		clause_buf_puts(&u, strncmp(t, "\xc2\xa3", 2) == 0 ? "GBP" :
				strncmp(t, "\xe2\x82\xac", 3) == 0 ? "EUR" :
				isupper((unsigned char)t[0]) ? "" : "USD");
		if (!u.len)	/* "USD 500": the code as written */
			clause_buf_put(&u, t, strspn(t, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"));
	} else if (n == 6 && strncmp(q->key, "dollar", 6) == 0) {
		clause_buf_puts(&u, "USD");
	} else {
		clause_buf_put(&u, q->key, n);
		if (!slash && strcmp(q->key, "percent") != 0)
			clause_buf_putc(&u, 's');	/* "day" -> "days" */
	}
	out->unit = u.len ? clause_buf_detach(&u) : NULL;
	clause_buf_release(&u);
	out->per = slash && slash[1] ? strdup(slash + 1) : NULL;
}

static int add_num(struct clause_cdiff_doc *d, const char *clause,
		   const char *old, const char *new,
		   const struct quantity *oq, const struct quantity *nq)
{
	struct clause_cdiff_num *m;

	if (CLAUSE_GROW(d->nums, d->nnums, d->cap_nums) < 0)
		return -1;
	m = &d->nums[d->nnums++];
	memset(m, 0, sizeof(*m));
	m->clause = strdup(clause);
	m->old = dup_or_null(old);
	m->new = dup_or_null(new);
	if (oq) {
		m->old_q.value = quantity_value(oq);
		quantity_unit(&m->old_q, oq);
	}
	if (nq) {
		m->new_q.value = quantity_value(nq);
		quantity_unit(&m->new_q, nq);
	}
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
		    b.len ? b.ptr : n ? n->shown : NULL, o, n);
	clause_buf_release(&a);
	clause_buf_release(&b);
	return r;
}

/* Where each marked quantity starts among the tokens of the clause's
 * text: the next token, from where the last one was found, that is the
 * quantity's first. */
/* Of the quantities q->v[first..] read from the text, drop those that a
 * marked one (q->v[..first], located) stands on: a marked number is the
 * first token of the text one ("30" of "30 days") or the next ("500" of
 * "USD 500").  The rest in the order written. */
static void drop_covered(struct quantities *q, size_t first)
{
	size_t k = first;

	for (size_t i = first; i < q->n; i++) {
		int covered = 0;

		for (size_t m = 0; m < first && !covered; m++)
			covered = q->v[m].pos != NO_POS && q->v[m].pos >= q->v[i].pos &&
				  q->v[m].pos <= q->v[i].pos + 1;
		if (covered) {
			free(q->v[i].key);
			free(q->v[i].shown);
			free(q->v[i].value);
			free(q->v[i].text);
		} else {
			q->v[k++] = q->v[i];
		}
	}
	q->n = k;
	for (size_t i = 1; i < q->n; i++)	/* insertion sort: stable */
		for (size_t j = i; j > 0 && q->v[j].pos < q->v[j - 1].pos; j--) {
			struct quantity x = q->v[j];
			q->v[j] = q->v[j - 1];
			q->v[j - 1] = x;
		}
}

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
int cdiff_number_changes(struct clause_cdiff_doc *d, const struct clause_clause *o,
			 const struct clause_clause *n, const struct clause_wdiff *w)
{
	struct quantities qo = { NULL, 0, 0 }, qn = { NULL, 0, 0 };
	struct clause_tokens to = CLAUSE_TOKENS_INIT, tn = CLAUSE_TOKENS_INIT;
	size_t marked_o, marked_n;
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
	/* Numbers beside their units in the text too: a clause that marks
	 * some of its numbers may not mark them all. */
	marked_o = qo.n;
	marked_n = qn.n;
	if ((o && o->text && text_quantities(&qo, o->text) < 0) ||
	    (n && n->text && text_quantities(&qn, n->text) < 0))
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
	drop_covered(&qo, marked_o);
	drop_covered(&qn, marked_n);
	r = pair_quantities(d, n ? n->id : o->id, &qo, &qn, w);
done:
	clause_tokens_release(&to);
	clause_tokens_release(&tn);
	quantities_release(&qo);
	quantities_release(&qn);
	return r;
}
