/* likeness.c: how alike two clauses' texts are, for the two guesses an
 * import makes: which clause of an earlier round an imported clause is
 * (--like), and which categories it belongs to (learned from the
 * library's own categorised clauses and the taxonomy's definitions).
 *
 * Texts are bags of words weighted by tf-idf and compared by cosine: the
 * same measure a search engine's "more like this" uses, enough to tell
 * a notice clause from a surveillance clause, and cheap (an inverted list
 * per word, so an import against 100,000 clauses reads only the clauses
 * that share a word).
 */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "util/array.h"
#include "util/error.h"
#include "util/map.h"

static const char *const stop[] = {
	"the", "and", "for", "any", "all", "this", "that", "with", "shall",
	"may", "will", "are", "not", "its", "from", "such", "each", "has",
	"have", "been", "which", "who", "under", "other", "than", "their",
	"them", "they", "into", "upon", "per", "was", "were", "but", "also",
	NULL
};

struct term {
	size_t id;
	double w;
};

struct vec {
	struct term *v;
	size_t n;
	size_t cap;
};

struct posting {
	size_t doc;
	double w;
};

struct postings {
	struct posting *v;
	size_t n;
	size_t cap;
};

struct likeness {
	struct clause_map words;	/* word -> id + 1 */
	size_t nwords;
	size_t *df;			/* documents holding each word */
	size_t df_cap;
	struct vec *docs;
	size_t ndocs;
	size_t docs_cap;
	struct postings *post;		/* per word, after finish */
};

static int stopword(const char *w)
{
	size_t i;

	for (i = 0; stop[i]; i++)
		if (strcmp(w, stop[i]) == 0)
			return 1;
	return 0;
}

/* Lower-case words of three letters or more, plural "s" dropped. */
static int each_word(const char *text, int (*fn)(void *, const char *), void *arg)
{
	char w[48];
	size_t n = 0;
	const char *s;
	int r = 0;

	for (s = text; r == 0; s++) {
		if (*s && isalnum((unsigned char)*s)) {
			if (n < sizeof(w) - 1)
				w[n++] = (char)tolower((unsigned char)*s);
			continue;
		}
		if (n >= 3) {
			if (n > 3 && w[n - 1] == 's' && w[n - 2] != 's')
				n--;
			w[n] = '\0';
			if (!stopword(w))
				r = fn(arg, w);
		}
		n = 0;
		if (!*s)
			break;
	}
	return r;
}

struct counting {
	struct likeness *lk;
	struct vec *v;
	int add;		/* new words get ids (library side) */
};

static int count_word(void *arg, const char *w)
{
	struct counting *c = arg;
	void *got = clause_map_get(&c->lk->words, w);
	size_t id, i;

	if (!got) {
		if (!c->add)
			return 0;
		if (CLAUSE_GROW(c->lk->df, c->lk->nwords + 1, c->lk->df_cap) < 0 ||
		    clause_map_put(&c->lk->words, w, (void *)(c->lk->nwords + 1), NULL) < 0)
			return CLAUSE_ERROR;
		c->lk->df[c->lk->nwords] = 0;
		got = (void *)++c->lk->nwords;
	}
	id = (size_t)got - 1;
	for (i = 0; i < c->v->n; i++)
		if (c->v->v[i].id == id) {
			c->v->v[i].w += 1;
			return 0;
		}
	if (CLAUSE_GROW(c->v->v, c->v->n + 1, c->v->cap) < 0)
		return CLAUSE_ERROR;
	c->v->v[c->v->n].id = id;
	c->v->v[c->v->n++].w = 1;
	return 0;
}

static int vectorise(struct likeness *lk, struct vec *v, const char *text, int add)
{
	struct counting c = { lk, v, add };

	memset(v, 0, sizeof(*v));
	return each_word(text, count_word, &c);
}

/* tf-idf, then unit length. */
static void weigh(const struct likeness *lk, struct vec *v)
{
	double norm = 0;
	size_t i;

	for (i = 0; i < v->n; i++) {
		double idf = log(1.0 + (double)(lk->ndocs + 1) /
				 (double)(lk->df[v->v[i].id] + 1));

		v->v[i].w = (1.0 + log(v->v[i].w)) * idf;
		norm += v->v[i].w * v->v[i].w;
	}
	norm = sqrt(norm);
	for (i = 0; i < v->n && norm > 0; i++)
		v->v[i].w /= norm;
}

struct likeness *import_likeness_new(void)
{
	struct likeness *lk = calloc(1, sizeof(*lk));

	return lk;
}

int import_likeness_add(struct likeness *lk, const char *text)
{
	size_t i;

	if (CLAUSE_GROW(lk->docs, lk->ndocs + 1, lk->docs_cap) < 0)
		return CLAUSE_ERROR;
	if (vectorise(lk, &lk->docs[lk->ndocs], text, 1) < 0)
		return CLAUSE_ERROR;
	for (i = 0; i < lk->docs[lk->ndocs].n; i++)
		lk->df[lk->docs[lk->ndocs].v[i].id]++;
	lk->ndocs++;
	return 0;
}

int import_likeness_finish(struct likeness *lk)
{
	size_t d, i;

	lk->post = calloc(lk->nwords ? lk->nwords : 1, sizeof(*lk->post));
	if (!lk->post)
		return CLAUSE_ERROR;
	for (d = 0; d < lk->ndocs; d++) {
		weigh(lk, &lk->docs[d]);
		for (i = 0; i < lk->docs[d].n; i++) {
			struct postings *p = &lk->post[lk->docs[d].v[i].id];

			if (CLAUSE_GROW(p->v, p->n + 1, p->cap) < 0)
				return CLAUSE_ERROR;
			p->v[p->n].doc = d;
			p->v[p->n++].w = lk->docs[d].v[i].w;
		}
	}
	return 0;
}

int import_likeness_query(const struct likeness *lk, const char *text,
			  double *scores)
{
	struct vec q;
	size_t i, j;

	memset(scores, 0, lk->ndocs * sizeof(*scores));
	if (vectorise((struct likeness *)lk, &q, text, 0) < 0) {
		free(q.v);
		return CLAUSE_ERROR;
	}
	weigh(lk, &q);
	for (i = 0; i < q.n; i++) {
		const struct postings *p = &lk->post[q.v[i].id];

		for (j = 0; j < p->n; j++)
			scores[p->v[j].doc] += q.v[i].w * p->v[j].w;
	}
	free(q.v);
	return 0;
}

size_t import_likeness_count(const struct likeness *lk)
{
	return lk->ndocs;
}

void import_likeness_free(struct likeness *lk)
{
	size_t i;

	if (!lk)
		return;
	for (i = 0; i < lk->ndocs; i++)
		free(lk->docs[i].v);
	for (i = 0; lk->post && i < lk->nwords; i++)
		free(lk->post[i].v);
	free(lk->post);
	free(lk->docs);
	free(lk->df);
	clause_map_release(&lk->words, NULL);
	free(lk);
}
