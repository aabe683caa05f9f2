/* rename.c: clauses given a new id on one side of a merge (rename.h). */
#include "merge/rename.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Past this many candidate pairs only identical texts are matched: the
 * work grows with the product of the two counts. */
#define MAX_PAIRS 250000

/* The distinct words of a clause's heading and text. */
struct words {
	struct clause_map set;	/* word -> (void *)1 */
	size_t n;		/* how many */
};

static int is_letter(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static int words_of(struct words *w, const struct clause_clause *c)
{
	struct clause_buf all = CLAUSE_BUF_INIT, word = CLAUSE_BUF_INIT;
	const char *s;
	int r = 0;

	w->n = 0;
	if (clause_buf_printf(&all, "%s %s", c->heading ? c->heading : "",
			      c->text ? c->text : "") < 0)
		r = -1;
	for (s = all.ptr; r == 0 && s && *s;) {
		const char *e = s;

		while (is_letter((unsigned char)*e))
			e++;
		if (e == s) {
			s++;
			continue;
		}
		clause_buf_clear(&word);
		if (clause_buf_put(&word, s, (size_t)(e - s)) < 0)
			r = -1;
		else if (!clause_map_get(&w->set, word.ptr)) {
			if (clause_map_put(&w->set, word.ptr, (void *)1, NULL) < 0)
				r = -1;
			w->n++;
		}
		s = e;
	}
	clause_buf_release(&all);
	clause_buf_release(&word);
	return r;
}

/* Dice coefficient of two word sets, in percent. */
static int alike(const struct words *a, const struct words *b)
{
	size_t common = 0;

	if (!a->n && !b->n)
		return 100;
	for (size_t i = 0; i < a->set.cap; i++)
		if (a->set.slots[i].key &&
		    clause_map_get(&b->set, a->set.slots[i].key))
			common++;
	return (int)(200 * common / (a->n + b->n));
}

/* A candidate rename.  key orders the candidates: best score first, then
 * base order, then the side's order. */
struct pair {
	size_t key;
	size_t g, f;		/* indices into gone and fresh */
};

static int pair_cmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	return a->key < b->key ? -1 : a->key > b->key;
}

/* The renames being found: clauses only the base has (gone), clauses
 * only the side has (fresh). */
struct finding {
	struct clause_map *from_base, *to_base;
	const struct clause_clause **gone, **fresh;
	size_t ngone, nfresh;
};

static int pair_up(struct finding *f, const struct clause_clause *g,
		   const struct clause_clause *s)
{
	if (clause_map_put(f->from_base, g->id, s->id, NULL) < 0 ||
	    clause_map_put(f->to_base, s->id, g->id, NULL) < 0)
		return -1;
	return 0;
}

static int taken(const struct finding *f, size_t g, size_t s)
{
	return clause_map_get(f->from_base, f->gone[g]->id) ||
	       clause_map_get(f->to_base, f->fresh[s]->id);
}

/* Same heading and text (their hash): renamed and nothing else. */
static int match_same(struct finding *f)
{
	struct clause_map by_hash = CLAUSE_MAP_INIT;
	int r = 0;

	for (size_t i = f->nfresh; r == 0 && i-- > 0;)
		r = clause_map_put(&by_hash, f->fresh[i]->hash,
				   (void *)(uintptr_t)(i + 1), NULL);
	for (size_t g = 0; r == 0 && g < f->ngone; g++) {
		uintptr_t k = (uintptr_t)clause_map_get(&by_hash,
							f->gone[g]->hash);
		if (k && !taken(f, g, k - 1))
			r = pair_up(f, f->gone[g], f->fresh[k - 1]);
	}
	clause_map_release(&by_hash, NULL);
	return r;
}

/* Alike words, best pairs first. */
static int match_alike(struct finding *f)
{
	struct words *wg = calloc(f->ngone + 1, sizeof(*wg));
	struct words *wf = calloc(f->nfresh + 1, sizeof(*wf));
	struct pair *cand = NULL;
	size_t nc = 0;
	int r = -1;

	if (!wg || !wf ||
	    !(cand = calloc(f->ngone * f->nfresh + 1, sizeof(*cand))))
		goto done;
	for (size_t g = 0; g < f->ngone; g++)
		if (words_of(&wg[g], f->gone[g]) < 0)
			goto done;
	for (size_t s = 0; s < f->nfresh; s++)
		if (words_of(&wf[s], f->fresh[s]) < 0)
			goto done;
	for (size_t g = 0; g < f->ngone; g++)
		for (size_t s = 0; s < f->nfresh; s++) {
			int score;
			if (taken(f, g, s))
				continue;
			score = alike(&wg[g], &wf[s]);
			if (score >= CLAUSE_RENAME_SIMILAR)
				cand[nc++] = (struct pair){
					((size_t)(100 - score) * f->ngone + g) *
					f->nfresh + s, g, s };
		}
	clause_qsort(cand, nc, sizeof(*cand), pair_cmp);
	r = 0;
	for (size_t i = 0; r == 0 && i < nc; i++)
		if (!taken(f, cand[i].g, cand[i].f))
			r = pair_up(f, f->gone[cand[i].g], f->fresh[cand[i].f]);
done:
	for (size_t g = 0; wg && g < f->ngone; g++)
		clause_map_release(&wg[g].set, NULL);
	for (size_t s = 0; wf && s < f->nfresh; s++)
		clause_map_release(&wf[s].set, NULL);
	free(wg);
	free(wf);
	free(cand);
	return r;
}

/* The top-level clauses of `doc` whose id `other` does not have. */
static int only_in(const struct clause_clause ***out, size_t *n,
		   const struct clause_doc *doc, const struct clause_doc *other)
{
	struct clause_map ids = CLAUSE_MAP_INIT;
	int r = 0;

	*n = 0;
	if (!(*out = malloc((doc->nclauses + 1) * sizeof(**out))))
		return -1;
	for (size_t i = 0; r == 0 && i < other->nclauses; i++)
		r = clause_map_put(&ids, other->clauses[i].id, (void *)1, NULL);
	for (size_t i = 0; r == 0 && i < doc->nclauses; i++)
		if (!doc->clauses[i].parent &&
		    !clause_map_get(&ids, doc->clauses[i].id))
			(*out)[(*n)++] = &doc->clauses[i];
	clause_map_release(&ids, NULL);
	return r;
}

int clause_merge_renames(struct clause_map *from_base,
			 struct clause_map *to_base,
			 const struct clause_doc *base,
			 const struct clause_doc *side)
{
	struct finding f = { from_base, to_base, NULL, NULL, 0, 0 };
	int r = -1;

	if (only_in(&f.gone, &f.ngone, base, side) == 0 &&
	    only_in(&f.fresh, &f.nfresh, side, base) == 0)
		r = 0;
	if (r == 0 && f.ngone && f.nfresh &&
	    (match_same(&f) < 0 ||
	     (f.ngone * f.nfresh <= MAX_PAIRS && match_alike(&f) < 0)))
		r = -1;
	if (r < 0)
		clause_error_set("out of memory");
	free(f.gone);
	free(f.fresh);
	return r;
}
