/* similar.c: clauses matched by the similarity of their words, when
 * neither their ids nor their texts matched: the Dice coefficient of
 * their word sets, compared only for pairs that share a rarer word. */
#include "diff/internal.h"
#include "util/array.h"
#include "util/error.h"

/* Candidate pairs for the similarity match past which no more are
 * collected (about 100 MB): only clauses with almost no words of their
 * own, by the thousand on both sides, come near it. */
#define MAX_CANDIDATES 4000000

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
	clause_qsort(v, k, sizeof(*v), u64_cmp);
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
	clause_qsort(wc, k, sizeof(*wc), hash_cmp_wc);
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
	clause_qsort(post, np, sizeof(*post), posting_cmp);
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
int cdiff_match_similar(long *o2n, long *n2o, const char **how, int *score,
			const struct clause_doc *old, const struct clause_doc *new)
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
			clause_qsort(so[i], lo[i], sizeof(**so), u64_cmp);
	for (size_t i = 0; i < new->nclauses; i++)
		if (sn[i])
			clause_qsort(sn[i], ln[i], sizeof(**sn), u64_cmp);
	for (size_t i = 0; i < nc; i++) {
		int sc = dice(so[cand[i].o], lo[cand[i].o], sn[cand[i].n], ln[cand[i].n]);

		if (sc >= CLAUSE_CDIFF_SIMILAR)
			cand[kept++] = (struct candidate){ sc, cand[i].o, cand[i].n };
	}
	/* No candidates: cand may be NULL, which qsort must not get. */
	if (kept)
		clause_qsort(cand, kept, sizeof(*cand), candidate_cmp);
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
