/* wdiff.c: tokenizer and word-level diff (Myers, then a redline cleanup). */
#include "diff/wdiff.h"
#include "util/array.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Past this many edits between two texts the middle is shown as one
 * replaced run: the trace Myers keeps grows with the square of it. */
#define MAX_EDITS 1000

static int is_space(const unsigned char *p)
{
	return *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r' ||
	       (p[0] == 0xC2 && p[1] == 0xA0);	/* no-break space */
}

/* Length of a multi-byte punctuation mark or symbol at p, or 0:
 * U+00A1..U+00BF (section sign, pound, quotes) and U+2000..U+206F
 * (dashes, curly quotes, ellipsis). */
static size_t upunct_len(const unsigned char *p)
{
	if (p[0] == 0xC2 && p[1] >= 0xA1 && p[1] <= 0xBF)
		return 2;
	if (p[0] == 0xE2 && (p[1] == 0x80 || p[1] == 0x81) && p[2] >= 0x80 &&
	    p[2] <= 0xBF)
		return 3;
	return 0;
}

static int is_digit(unsigned char c)
{
	return c >= '0' && c <= '9';
}

/* A byte that belongs to a word: ASCII letters and digits, and any byte
 * of a multi-byte character that is not punctuation. */
static int is_wordc(const unsigned char *p)
{
	if (*p < 0x80)
		return (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		       is_digit(*p);
	return !upunct_len(p) && !is_space(p);
}

/* Length of a currency sign at p ($, pound, euro), or 0. */
static size_t currency_len(const unsigned char *p)
{
	if (*p == '$')
		return 1;
	if (p[0] == 0xC2 && p[1] == 0xA3)
		return 2;
	if (p[0] == 0xE2 && p[1] == 0x82 && p[2] == 0xAC)
		return 3;
	return 0;
}

/* Bytes of a character starting at p (at least 1, never past the NUL). */
static size_t char_len(const unsigned char *p)
{
	size_t n = 1;

	if (*p >= 0xC0)
		while (n < 4 && (p[n] & 0xC0) == 0x80)
			n++;
	return n;
}

static unsigned long long hash_bytes(const char *s, size_t n)
{
	unsigned long long h = 1469598103934665603ULL;

	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ULL;
	}
	return h;
}

/* Inner joiners of a word: a hyphen, an apostrophe or a right single
 * quotation mark between two word characters. */
static size_t joiner_len(const unsigned char *p)
{
	if (*p == '-' || *p == '\'')
		return 1;
	if (p[0] == 0xE2 && p[1] == 0x80 && p[2] == 0x99)
		return 3;
	return 0;
}

static int push(struct clause_tokens *t, const char *s, size_t len,
		enum clause_token_kind kind, int space)
{
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 32;
		struct clause_token *v = realloc(t->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return -1;
		}
		t->v = v;
		t->cap = cap;
	}
	t->v[t->n].s = s;
	t->v[t->n].len = len;
	t->v[t->n].kind = kind;
	t->v[t->n].space = space;
	t->v[t->n].hash = hash_bytes(s, len);
	t->n++;
	return 0;
}

int clause_tokens_split(struct clause_tokens *out, const char *text)
{
	const unsigned char *p = (const unsigned char *)(text ? text : "");
	int space = 0;

	while (*p) {
		const unsigned char *start = p;
		enum clause_token_kind kind;
		size_t cur, j;

		if (is_space(p)) {
			p += *p == 0xC2 ? 2 : 1;
			space = 1;
			continue;
		}
		cur = currency_len(p);
		if (is_digit(p[cur])) {
			/* A number as written: digits, with inner , and . */
			kind = CLAUSE_TOKEN_NUMBER;
			p += cur;
			while (is_digit(*p) ||
			       ((*p == ',' || *p == '.') && is_digit(p[1])))
				p++;
			if (is_wordc(p)) {
				kind = CLAUSE_TOKEN_WORD;	/* "3rd", "5G" */
				while (is_wordc(p))
					p += char_len(p);
			}
		} else if (is_wordc(p)) {
			kind = CLAUSE_TOKEN_WORD;
			for (;;) {
				while (is_wordc(p))
					p += char_len(p);
				j = joiner_len(p);
				if (j && is_wordc(p + j))
					p += j;
				else
					break;
			}
		} else {
			kind = CLAUSE_TOKEN_PUNCT;
			p += char_len(p);
		}
		if (push(out, (const char *)start, (size_t)(p - start), kind,
			 space) < 0)
			return -1;
		space = 0;
	}
	return 0;
}

void clause_tokens_release(struct clause_tokens *t)
{
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

int clause_tokens_text(struct clause_buf *out, const struct clause_tokens *t,
		       size_t from, size_t n)
{
	for (size_t i = from; i < from + n; i++) {
		if (i > from && t->v[i].space && clause_buf_putc(out, ' ') < 0)
			return -1;
		if (clause_buf_put(out, t->v[i].s, t->v[i].len) < 0)
			return -1;
	}
	return 0;
}

static int same(const struct clause_token *a, const struct clause_token *b)
{
	return a->hash == b->hash && a->len == b->len &&
	       memcmp(a->s, b->s, a->len) == 0;
}

/*
 * Myers' greedy O(ND) diff of a[0..n) and b[0..m), keeping the V array of
 * every step to walk back.  The script gets one byte per token: '=' for
 * an equal pair, '-' for an old token struck, '+' for a new one inserted,
 * in text order.  More than MAX_EDITS edits: strike all, insert all.
 */
static int myers(char *script, size_t *slen, const struct clause_token *a,
		 long n, const struct clause_token *b, long m)
{
	long max = n + m, d, k, x, y, found = -1;
	long limit = max < MAX_EDITS ? max : MAX_EDITS;
	long *v = NULL, **trace = NULL;
	size_t len = 0;
	int r = -1;

	v = calloc((size_t)(2 * max + 3), sizeof(*v));
	trace = calloc((size_t)(limit + 1), sizeof(*trace));
	if (!v || !trace) {
		clause_error_set("out of memory");
		goto done;
	}
	v += max + 1;	/* v[-max-1 .. max+1] */
	for (d = 0; d <= limit && found < 0; d++) {
		for (k = -d; k <= d; k += 2) {
			if (k == -d || (k != d && v[k - 1] < v[k + 1]))
				x = v[k + 1];
			else
				x = v[k - 1] + 1;
			y = x - k;
			while (x < n && y < m && same(&a[x], &b[y]))
				x++, y++;
			v[k] = x;
			if (x >= n && y >= m) {
				found = d;
				break;
			}
		}
		if (!(trace[d] = malloc((size_t)(2 * d + 1) * sizeof(**trace)))) {
			clause_error_set("out of memory");
			goto done;
		}
		memcpy(trace[d], v - d, (size_t)(2 * d + 1) * sizeof(*v));
	}
	if (found < 0) {
		/* Too different: one change over the whole middle. */
		memset(script, '-', (size_t)n);
		memset(script + n, '+', (size_t)m);
		*slen = (size_t)(n + m);
		r = 0;
		goto done;
	}
	/* Walk back from (n, m), writing the script from its end. */
	len = (size_t)(n + m);
	x = n;
	y = m;
	{
		size_t at = len;
		for (d = found; d > 0; d--) {
			const long *prev = trace[d - 1] + (d - 1);	/* prev[k] */
			long pk, px, py;

			k = x - y;
			if (k == -d || (k != d && prev[k - 1] < prev[k + 1]))
				pk = k + 1;
			else
				pk = k - 1;
			px = prev[pk];
			py = px - pk;
			while (x > px && y > py) {
				script[--at] = '=';
				x--, y--;
			}
			script[--at] = pk == k + 1 ? '+' : '-';
			x = px;
			y = py;
		}
		while (x > 0 && y > 0) {
			script[--at] = '=';
			x--, y--;
		}
		/* Equal pairs take one byte for two tokens: close the gap. */
		memmove(script, script + at, len - at);
		len -= at;
	}
	*slen = len;
	r = 0;
done:
	if (trace)
		for (d = 0; d <= limit; d++)
			free(trace[d]);
	free(trace);
	if (v)
		free(v - max - 1);
	return r;
}

/* Tokens struck or inserted by a script. */
static size_t edits(const char *script, size_t len)
{
	size_t e = 0;

	for (size_t i = 0; i < len; i++)
		e += script[i] != '=';
	return e;
}

struct anchor {
	unsigned long long hash;	/* of the token */
	size_t at;			/* its index */
	int side;			/* 0: old, 1: new */
};

static int anchor_cmp(const void *x, const void *y)
{
	const struct anchor *a = x, *b = y;

	if (a->hash != b->hash)
		return a->hash < b->hash ? -1 : 1;
	if (a->side != b->side)
		return a->side - b->side;
	return a->at < b->at ? -1 : a->at > b->at;
}

size_t clause_wdiff_lis(size_t *tail, size_t *prev, const size_t *key,
			const char *skip, size_t n)
{
	size_t len = 0;

	/* Patience: tail[l] is the index ending the best run of l + 1. */
	for (size_t i = 0; i < n; i++) {
		size_t lo = 0, hi = len;
		if (skip && skip[i])
			continue;
		while (lo < hi) {
			size_t mid = (lo + hi) / 2;
			if (key[tail[mid]] < key[i])
				lo = mid + 1;
			else
				hi = mid;
		}
		prev[i] = lo ? tail[lo - 1] : (size_t)-1;
		tail[lo] = i;
		if (lo == len)
			len++;
	}
	return len;
}

/*
 * Patience first: words that occur exactly once in each text ("names",
 * "classifications") are anchors, kept in the longest run that is in the
 * same order in both; Myers fills the stretches between them.  Among
 * diffs of the same length this prefers the one that keeps the rare
 * words and strikes the common ones ("and", "the"), as a reader would.
 */
static int patience(char *script, size_t *slen, const struct clause_token *a,
		    size_t n, const struct clause_token *b, size_t m)
{
	struct anchor *v = NULL;
	size_t *pa = NULL, *pb = NULL, *tail = NULL, *prev = NULL;
	size_t nv = 0, np = 0, len = 0, out = 0, ai = 0, bi = 0;
	int r = -1;

	if (!(v = malloc((n + m + 1) * sizeof(*v))) ||
	    !(pa = malloc((n + 1) * sizeof(*pa))) ||
	    !(pb = malloc((n + 1) * sizeof(*pb))) ||
	    !(tail = malloc((n + 1) * sizeof(*tail))) ||
	    !(prev = malloc((n + 1) * sizeof(*prev)))) {
		clause_error_set("out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++)
		v[nv++] = (struct anchor){ a[i].hash, i, 0 };
	for (size_t i = 0; i < m; i++)
		v[nv++] = (struct anchor){ b[i].hash, i, 1 };
	clause_qsort(v, nv, sizeof(*v), anchor_cmp);
	/* Runs of one hash: exactly one old and one new token, the same. */
	for (size_t i = 0; i < nv;) {
		size_t k = i;
		while (k < nv && v[k].hash == v[i].hash)
			k++;
		if (k - i == 2 && v[i].side == 0 && v[i + 1].side == 1 &&
		    same(&a[v[i].at], &b[v[i + 1].at])) {
			pa[np] = v[i].at;
			pb[np] = v[i + 1].at;
			np++;
		}
		i = k;
	}
	/* Sort the pairs by old index: a mark per old token, then a walk. */
	{
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			prev[i] = (size_t)-1;
		for (size_t i = 0; i < np; i++)
			prev[pa[i]] = pb[i];
		for (size_t i = 0; i < n; i++)
			if (prev[i] != (size_t)-1) {
				pa[k] = i;
				pb[k] = prev[i];
				k++;
			}
	}
	/* Longest increasing run of new indices. */
	if (!(len = clause_wdiff_lis(tail, prev, pb, NULL, np))) {
		r = myers(script, slen, a, (long)n, b, (long)m);
		goto done;
	}
	/* The run, in order, reusing tail[] for its indices. */
	{
		size_t k = len, i = tail[len - 1];
		while (k--) {
			tail[k] = i;
			i = prev[i];
		}
	}
	for (size_t k = 0; k <= len; k++) {
		size_t ea = k < len ? pa[tail[k]] : n;
		size_t eb = k < len ? pb[tail[k]] : m;
		size_t part = 0;

		if (myers(script + out, &part, a + ai, (long)(ea - ai), b + bi,
			  (long)(eb - bi)) < 0)
			goto done;
		out += part;
		if (k < len)
			script[out++] = '=';
		ai = ea + 1;
		bi = eb + 1;
	}
	*slen = out;
	r = 0;
done:
	free(v);
	free(pa);
	free(pb);
	free(tail);
	free(prev);
	return r;
}

static int add_run(struct clause_wdiff *d, int change, size_t oa, size_t on,
		   size_t na, size_t nn)
{
	if (!on && !nn)
		return 0;
	if (d->n && d->v[d->n - 1].change == change) {
		d->v[d->n - 1].old_n += on;	/* extend the last run */
		d->v[d->n - 1].new_n += nn;
		return 0;
	}
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 16;
		struct clause_wdiff_run *v = realloc(d->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return -1;
		}
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n].change = change;
	d->v[d->n].old_at = oa;
	d->v[d->n].old_n = on;
	d->v[d->n].new_at = na;
	d->v[d->n].new_n = nn;
	d->n++;
	return 0;
}

static size_t max_sz(size_t a, size_t b)
{
	return a > b ? a : b;
}

static int all_punct(const struct clause_tokens *t, size_t at, size_t n)
{
	for (size_t i = at; i < at + n; i++)
		if (t->v[i].kind != CLAUSE_TOKEN_PUNCT)
			return 0;
	return 1;
}

/*
 * Fold a short equal run caught between two changes into one change: a
 * single word between changes of two tokens or more, two tokens between
 * changes of three or more, or one or two punctuation marks.  A reader sees one
 * replaced phrase where the raw diff alternates struck and kept words.
 */
static void cleanup(struct clause_wdiff *d)
{
	int again = 1;

	while (again) {
		again = 0;
		for (size_t i = 1; i + 1 < d->n; i++) {
			struct clause_wdiff_run *l = &d->v[i - 1], *e = &d->v[i],
						*r = &d->v[i + 1];
			size_t k = e->old_n;
			size_t side = max_sz(l->old_n, l->new_n);
			size_t rside = max_sz(r->old_n, r->new_n);
			size_t small = side < rside ? side : rside;

			if (e->change || !l->change || !r->change)
				continue;
			if (!((k == 1 && small >= 2) || (k == 2 && small >= 3) ||
			      (k <= 2 && all_punct(&d->old, e->old_at, k))))
				continue;
			l->old_n += e->old_n + r->old_n;
			l->new_n += e->new_n + r->new_n;
			memmove(e, r + 1, (d->n - i - 2) * sizeof(*e));
			d->n -= 2;
			again = 1;
			break;
		}
	}
}

int clause_wdiff(struct clause_wdiff *out, const char *old_text,
		 const char *new_text)
{
	size_t pre = 0, suf = 0, n, m, slen = 0, alen = 0, oi, ni;
	const struct clause_token *ov, *nv;
	char *script = NULL, *alt = NULL;
	int r = -1;

	if (!(out->old_text = strdup(old_text ? old_text : "")) ||
	    !(out->new_text = strdup(new_text ? new_text : ""))) {
		clause_error_set("out of memory");
		return -1;
	}
	if (clause_tokens_split(&out->old, out->old_text) < 0 ||
	    clause_tokens_split(&out->new, out->new_text) < 0)
		return -1;
	n = out->old.n;
	m = out->new.n;
	while (pre < n && pre < m && same(&out->old.v[pre], &out->new.v[pre]))
		pre++;
	while (suf < n - pre && suf < m - pre &&
	       same(&out->old.v[n - 1 - suf], &out->new.v[m - 1 - suf]))
		suf++;
	if (!(script = malloc(n + m + 1))) {
		clause_error_set("out of memory");
		return -1;
	}
	/* Both ways; patience's when it is as short as Myers' minimal one. */
	if (!(alt = malloc(n + m + 1))) {
		clause_error_set("out of memory");
		goto done;
	}
	/* An empty text has no token array: no pointer into it either. */
	ov = out->old.v ? out->old.v + pre : NULL;
	nv = out->new.v ? out->new.v + pre : NULL;
	if (myers(script, &slen, ov, (long)(n - pre - suf), nv,
		  (long)(m - pre - suf)) < 0 ||
	    patience(alt, &alen, ov, n - pre - suf, nv, m - pre - suf) < 0)
		goto done;
	if (edits(alt, alen) <= edits(script, slen)) {
		memcpy(script, alt, alen);
		slen = alen;
	}
	if (add_run(out, 0, 0, pre, 0, pre) < 0)
		goto done;
	oi = ni = pre;
	for (size_t i = 0; i < slen; i++) {
		int rr;
		if (script[i] == '=')
			rr = add_run(out, 0, oi++, 1, ni++, 1);
		else if (script[i] == '-')
			rr = add_run(out, 1, oi++, 1, ni, 0);
		else
			rr = add_run(out, 1, oi, 0, ni++, 1);
		if (rr < 0)
			goto done;
	}
	if (add_run(out, 0, oi, suf, ni, suf) < 0)
		goto done;
	cleanup(out);
	for (size_t i = 0; i < out->n; i++)
		out->changes += out->v[i].change;
	r = 0;
done:
	free(script);
	free(alt);
	return r;
}

size_t clause_wdiff_same_by(const struct clause_wdiff *d, size_t at,
			    size_t end)
{
	size_t i = at + 1;
	const char *p;

	if (!d->by)
		return end;
	p = d->by[at];
	while (i < end && (p && d->by[i] ? strcmp(p, d->by[i]) == 0
					 : p == d->by[i]))
		i++;
	return i;
}

void clause_wdiff_release(struct clause_wdiff *d)
{
	if (d->by)
		for (size_t i = 0; i < d->new.n; i++)
			free(d->by[i]);
	free(d->by);
	clause_tokens_release(&d->old);
	clause_tokens_release(&d->new);
	free(d->old_text);
	free(d->new_text);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

int clause_wdiff_space_before(const struct clause_wdiff *d, size_t i)
{
	const struct clause_wdiff_run *r = &d->v[i];

	if (i == 0)
		return 0;
	if (r->change && r->old_n)
		return d->old.v[r->old_at].space || r->old_at == 0;
	if (r->new_n)
		return d->new.v[r->new_at].space || r->new_at == 0;
	return 0;
}

int clause_wdiff_apply(struct clause_buf *out, const struct clause_wdiff *d)
{
	size_t start = out->len;

	/* The new side's tokens of every run, spaced as the new text is: a
	 * run that only strikes writes nothing, not even a space. */
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];

		if (!r->new_n)
			continue;
		if (out->len > start && d->new.v[r->new_at].space &&
		    clause_buf_putc(out, ' ') < 0)
			return -1;
		if (clause_tokens_text(out, &d->new, r->new_at, r->new_n) < 0)
			return -1;
	}
	return 0;
}

int clause_wdiff_plain(struct clause_buf *out, const struct clause_wdiff *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct clause_wdiff_run *r = &d->v[i];

		if (clause_wdiff_space_before(d, i) && clause_buf_putc(out, ' ') < 0)
			return -1;
		if (!r->change) {
			if (clause_tokens_text(out, &d->new, r->new_at, r->new_n) < 0)
				return -1;
			continue;
		}
		if (r->old_n && (clause_buf_puts(out, "[-") < 0 ||
				 clause_tokens_text(out, &d->old, r->old_at,
						    r->old_n) < 0 ||
				 clause_buf_puts(out, "-]") < 0))
			return -1;
		if (r->new_n && (clause_buf_puts(out, "{+") < 0 ||
				 clause_tokens_text(out, &d->new, r->new_at,
						    r->new_n) < 0 ||
				 clause_buf_puts(out, "+}") < 0))
			return -1;
	}
	return 0;
}
