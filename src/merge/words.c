/* words.c: the word-level three-way merge of one clause's text (see
 * clause_merge_text in merge.h). */
#include "merge/merge.h"
#include "merge/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

struct tok {
	const char *p;		/* start in the text */
	size_t n;		/* length in bytes */
	int space;		/* a run of white space */
};

struct toks {
	struct tok *v;
	size_t n;
};

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* Tags are one token each; words, space runs and single punctuation. */
static int tokenize(struct toks *t, const char *s)
{
	size_t cap = 64;

	t->n = 0;
	if (!(t->v = malloc(cap * sizeof(*t->v))))
		return -1;
	while (*s) {
		const char *q = s;
		int space = 0;

		if (*s == '<') {
			q = strchr(s, '>');
			q = q ? q + 1 : s + strlen(s);
		} else if (merge_is_space(*s)) {
			while (merge_is_space(*q))
				q++;
			space = 1;
		} else if (is_word((unsigned char)*s)) {
			while (*q && is_word((unsigned char)*q))
				q++;
		} else {
			q++;
		}
		if (t->n == cap) {
			struct tok *v = realloc(t->v, (cap *= 2) * sizeof(*v));
			if (!v)
				return -1;
			t->v = v;
		}
		t->v[t->n++] = (struct tok){ s, (size_t)(q - s), space };
		s = q;
	}
	return 0;
}

static int tok_eq(const struct tok *a, const struct tok *b)
{
	if (a->space || b->space)
		return a->space && b->space;
	return a->n == b->n && memcmp(a->p, b->p, a->n) == 0;
}

/* match[i] = index in y of the token matched to x[i] by a longest common
 * subsequence, or -1.  Refuses (returns -1) inputs too large for the
 * quadratic table: such clauses are left to a conflict. */
static int lcs(long *match, const struct toks *x, const struct toks *y)
{
	size_t n = x->n, m = y->n;
	unsigned *t;

	if (n && m && (n + 1) * (m + 1) > 16u << 20)
		return -1;
	if (!(t = calloc((n + 1) * (m + 1), sizeof(*t))))
		return -1;
	for (size_t i = n; i-- > 0;)
		for (size_t j = m; j-- > 0;)
			t[i * (m + 1) + j] = tok_eq(&x->v[i], &y->v[j])
				? t[(i + 1) * (m + 1) + j + 1] + 1
				: t[(i + 1) * (m + 1) + j] > t[i * (m + 1) + j + 1]
				? t[(i + 1) * (m + 1) + j] : t[i * (m + 1) + j + 1];
	for (size_t i = 0; i < n; i++)
		match[i] = -1;
	for (size_t i = 0, j = 0; i < n && j < m;) {
		if (tok_eq(&x->v[i], &y->v[j])) {
			match[i++] = (long)j++;
		} else if (t[(i + 1) * (m + 1) + j] >= t[i * (m + 1) + j + 1]) {
			i++;
		} else {
			j++;
		}
	}
	free(t);
	return 0;
}

static int same_run(const struct toks *a, size_t a0, size_t a1,
		    const struct toks *b, size_t b0, size_t b1)
{
	if (a1 - a0 != b1 - b0)
		return 0;
	for (size_t i = 0; i < a1 - a0; i++)
		if (!tok_eq(&a->v[a0 + i], &b->v[b0 + i]))
			return 0;
	return 1;
}

static void put_run(struct clause_buf *out, const struct toks *t, size_t from,
		    size_t to)
{
	for (size_t i = from; i < to; i++)
		clause_buf_put(out, t->v[i].p, t->v[i].n);
}

int clause_merge_text(struct clause_buf *out, const char *base,
		      const char *ours, const char *theirs)
{
	struct toks o = { 0 }, a = { 0 }, b = { 0 };
	long *ma = NULL, *mb = NULL;
	size_t i = 0, j = 0, k = 0;
	int r = CLAUSE_ERROR;

	if (tokenize(&o, base) < 0 || tokenize(&a, ours) < 0 ||
	    tokenize(&b, theirs) < 0 ||
	    !(ma = malloc((o.n + 1) * sizeof(*ma))) ||
	    !(mb = malloc((o.n + 1) * sizeof(*mb)))) {
		clause_error_set("out of memory");
		goto done;
	}
	if (lcs(ma, &o, &a) < 0 || lcs(mb, &o, &b) < 0) {
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	/* diff3: runs where all three agree are stable; between them, take
	 * the side that changed, or refuse when both did, differently. */
	while (i < o.n || j < a.n || k < b.n) {
		size_t l = 0, x;

		while (i + l < o.n && ma[i + l] == (long)(j + l) &&
		       mb[i + l] == (long)(k + l))
			l++;
		if (l) {
			put_run(out, &a, j, j + l);
			i += l;
			j += l;
			k += l;
			continue;
		}
		for (x = i; x < o.n; x++)
			if (ma[x] >= (long)j && mb[x] >= (long)k)
				break;
		{
			size_t oe = x, ae = x < o.n ? (size_t)ma[x] : a.n;
			size_t be = x < o.n ? (size_t)mb[x] : b.n;

			if (same_run(&o, i, oe, &a, j, ae))
				put_run(out, &b, k, be);
			else if (same_run(&o, i, oe, &b, k, be) ||
				 same_run(&a, j, ae, &b, k, be))
				put_run(out, &a, j, ae);
			else {
				r = CLAUSE_ENOTFOUND;
				goto done;
			}
			i = oe;
			j = ae;
			k = be;
		}
	}
	r = 0;
done:
	free(o.v);
	free(a.v);
	free(b.v);
	free(ma);
	free(mb);
	return r;
}
