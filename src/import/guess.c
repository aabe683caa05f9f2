/* guess.c: the two guesses an import makes, and says it made.
 *
 * --like: each imported clause takes the id of the clause of the earlier
 * document it is (the same number and heading first, then the most
 * alike text above a threshold, one to one), so that a counter imported
 * from Word lines up with the proposal it answers and clause diff shows
 * changes, moves and renumbering rather than a delete and an insert.
 *
 * Categories: a clause that --like did not place gets the categories of
 * its nearest neighbours among the library's categorised clauses and the
 * taxonomy's own definitions (a vote weighted by likeness), marked as a
 * suggestion for a person to confirm.
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "util/array.h"
#include "util/buf.h"
#include "doc/doc.h"
#include "doc/taxonomy.h"
#include "util/error.h"

/* Below this likeness a clause is new, not a changed earlier one. */
#define LIKE_THRESHOLD 0.35
/* Neighbours that vote on a clause's categories. */
#define VOTERS 5

char *import_clause_text(const struct import_doc *doc, size_t i)
{
	const struct import_clause *c = &doc->clauses[i];
	struct clause_buf b = CLAUSE_BUF_INIT;
	size_t j, k;

	if (c->heading)
		clause_buf_printf(&b, "%s ", c->heading);
	for (j = 0; j < c->nparas; j++) {
		if (c->paras[j].text)
			clause_buf_printf(&b, "%s ", c->paras[j].text);
		for (k = 0; k < c->paras[j].nitems; k++)
			clause_buf_printf(&b, "%s ", c->paras[j].items[k]);
	}
	return clause_buf_detach(&b);
}

static char *like_text(const struct clause_clause *c)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_buf_printf(&b, "%s %s", c->heading ? c->heading : "",
			  c->text ? c->text : "");
	return clause_buf_detach(&b);
}

/* Numbers compared without case, spaces and a trailing dot. */
static int same_num(const char *a, const char *b)
{
	if (!a || !b)
		return 0;
	for (;;) {
		while (*a == ' ' || (*a == '.' && !a[1]))
			a++;
		while (*b == ' ' || (*b == '.' && !b[1]))
			b++;
		if (!*a || !*b)
			return !*a && !*b;
		if (tolower((unsigned char)*a++) != tolower((unsigned char)*b++))
			return 0;
	}
}

static int same_heading(const char *a, const char *b)
{
	return a && b && strcasecmp(a, b) == 0;
}

struct pair {
	size_t mine;
	size_t theirs;
	double score;
};

static int pair_cmp(const void *x, const void *y)
{
	const struct pair *a = x, *b = y;

	if (a->score != b->score)
		return a->score < b->score ? 1 : -1;
	if (a->mine != b->mine)
		return a->mine < b->mine ? -1 : 1;
	return a->theirs < b->theirs ? -1 : (a->theirs > b->theirs);
}

/* Every pair of an imported and an earlier clause alike enough. */
static int like_pairs(struct pair **out, size_t *n, const struct import_doc *doc,
		      const struct clause_doc *like)
{
	struct likeness *lk = import_likeness_new();
	double *scores = calloc(like->nclauses + 1, sizeof(*scores));
	size_t i, j, cap = 0;
	int r = lk && scores ? 0 : CLAUSE_ERROR;

	*out = NULL;
	*n = 0;
	for (j = 0; j < like->nclauses && r == 0; j++) {
		char *t = like_text(&like->clauses[j]);

		r = t ? import_likeness_add(lk, t) : CLAUSE_ERROR;
		free(t);
	}
	if (r == 0)
		r = import_likeness_finish(lk);
	for (i = 0; i < doc->nclauses && r == 0; i++) {
		char *t = import_clause_text(doc, i);

		r = t ? import_likeness_query(lk, t, scores) : CLAUSE_ERROR;
		free(t);
		for (j = 0; j < like->nclauses && r == 0; j++) {
			const struct clause_clause *c = &like->clauses[j];
			double s = scores[j];

			if (same_num(doc->clauses[i].num, c->num) &&
			    same_heading(doc->clauses[i].heading, c->heading))
				s += 2;
			if (s < LIKE_THRESHOLD)
				continue;
			if (CLAUSE_GROW(*out, *n + 1, cap) < 0) {
				r = CLAUSE_ERROR;
				break;
			}
			(*out)[(*n)++] = (struct pair){ i, j, s };
		}
	}
	free(scores);
	import_likeness_free(lk);
	return r;
}

/* An imported article takes the id of the earlier article most of its
 * matched clauses came from. */
static int like_articles(struct import_doc *doc, const struct clause_doc *like)
{
	size_t a, i, j, k;

	for (a = 0; a < doc->narticles; a++) {
		const char *best = NULL;
		size_t best_n = 0;

		for (i = 0; i < doc->nclauses; i++) {
			const char *from = NULL;
			size_t n = 0;

			if (doc->clauses[i].article != (long)a || !doc->clauses[i].like_id)
				continue;
			for (j = 0; j < like->nclauses; j++)
				if (strcmp(like->clauses[j].id, doc->clauses[i].like_id) == 0)
					from = like->clauses[j].article;
			for (k = 0; from && k < doc->nclauses; k++) {
				const char *other = NULL;

				if (doc->clauses[k].article != (long)a || !doc->clauses[k].like_id)
					continue;
				for (j = 0; j < like->nclauses; j++)
					if (strcmp(like->clauses[j].id, doc->clauses[k].like_id) == 0)
						other = like->clauses[j].article;
				n += other && strcmp(other, from) == 0;
			}
			if (from && n > best_n)
				best = from, best_n = n;
		}
		for (i = 0; best && i < doc->narticles; i++)
			if (doc->articles[i].id && strcmp(doc->articles[i].id, best) == 0)
				best = NULL;	/* taken by an earlier article */
		if (best && !(doc->articles[a].id = strdup(best)))
			return CLAUSE_ERROR;
	}
	return 0;
}

static char *join_categories(char **v, size_t n)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	size_t i;

	for (i = 0; i < n; i++)
		clause_buf_printf(&b, "%s%s", i ? " " : "", v[i]);
	return clause_buf_detach(&b);
}

int import_match_like(struct import_doc *doc, const struct clause_doc *like)
{
	struct pair *p;
	size_t n, i;
	char *mine_done, *theirs_done;
	int r = like_pairs(&p, &n, doc, like);

	mine_done = calloc(doc->nclauses + 1, 1);
	theirs_done = calloc(like->nclauses + 1, 1);
	if (r == 0 && (!mine_done || !theirs_done))
		r = CLAUSE_ERROR;
	if (r == 0)
		clause_qsort(p, n, sizeof(*p), pair_cmp);
	for (i = 0; i < n && r == 0; i++) {
		struct import_clause *c = &doc->clauses[p[i].mine];
		const struct clause_clause *l = &like->clauses[p[i].theirs];

		if (mine_done[p[i].mine] || theirs_done[p[i].theirs])
			continue;
		mine_done[p[i].mine] = theirs_done[p[i].theirs] = 1;
		c->id = strdup(l->id);
		c->like_id = l->id;
		c->like_score = p[i].score > 1 ? 1 : p[i].score;
		c->categories = join_categories(l->categories, l->ncategories);
		if (!c->id || !c->categories)
			r = CLAUSE_ERROR;
	}
	if (r == 0)
		r = like_articles(doc, like);
	free(p);
	free(mine_done);
	free(theirs_done);
	return r;
}

/* Categories ============================================================= */

struct voters {
	struct likeness *lk;
	char **cats;		/* the categories of each text added */
	size_t n;
	size_t cap;
};

static int voter_add(struct voters *v, const char *text, char *cats)
{
	if (!cats || CLAUSE_GROW(v->cats, v->n + 1, v->cap) < 0 ||
	    import_likeness_add(v->lk, text) < 0) {
		free(cats);
		return CLAUSE_ERROR;
	}
	v->cats[v->n++] = cats;
	return 0;
}

static int voters_fill(struct voters *v, const struct clause_doc *const *docs,
		       size_t ndocs, const struct clause_taxonomy *tax)
{
	size_t d, i;
	int r = 0;

	for (i = 0; i < tax->n && r == 0; i++) {
		const struct clause_category *c = &tax->v[i];
		struct clause_buf t = CLAUSE_BUF_INIT;

		if (!c->leaf)
			continue;
		clause_buf_printf(&t, "%s %s", c->label ? c->label : "",
				  c->definition ? c->definition : "");
		r = voter_add(v, t.ptr, strdup(c->name));
		clause_buf_release(&t);
	}
	for (d = 0; d < ndocs && r == 0; d++)
		for (i = 0; i < docs[d]->nclauses && r == 0; i++) {
			const struct clause_clause *c = &docs[d]->clauses[i];
			char *t;

			if (!c->text || !c->ncategories)
				continue;
			t = like_text(c);
			r = t ? voter_add(v, t, join_categories(c->categories,
								  c->ncategories)) :
				CLAUSE_ERROR;
			free(t);
		}
	return r ? r : import_likeness_finish(v->lk);
}

/* The category with the most likeness among the best voters. */
static char *vote(const struct voters *v, const double *scores)
{
	size_t top[VOTERS], ntop = 0, i, j;
	double best = -1;
	const char *winner = NULL;
	char *out, *sp;

	for (i = 0; i < v->n; i++) {
		for (j = ntop; j > 0 && scores[top[j - 1]] < scores[i]; j--)
			if (j < VOTERS)
				top[j] = top[j - 1];
		if (j < VOTERS) {
			top[j] = i;
			if (ntop < VOTERS)
				ntop++;
		}
	}
	for (i = 0; i < ntop; i++) {
		double sum = 0;
		size_t len = strcspn(v->cats[top[i]], " ");

		for (j = 0; j < ntop; j++)
			if (strncmp(v->cats[top[j]], v->cats[top[i]], len) == 0 &&
			    (v->cats[top[j]][len] == ' ' || !v->cats[top[j]][len]))
				sum += scores[top[j]];
		if (sum > best)
			best = sum, winner = v->cats[top[i]];
	}
	if (!winner)
		return NULL;
	out = strdup(winner);
	if (out && (sp = strchr(out, ' ')))
		*sp = '\0';	/* a clause's first category */
	return out;
}

int import_suggest(struct import_doc *doc, const struct clause_doc *const *docs,
		   size_t ndocs, const struct clause_taxonomy *tax)
{
	struct voters v = { import_likeness_new(), NULL, 0, 0 };
	double *scores = NULL;
	size_t i;
	int r = v.lk ? voters_fill(&v, docs, ndocs, tax) : CLAUSE_ERROR;

	if (r == 0 && !(scores = calloc(v.n + 1, sizeof(*scores))))
		r = CLAUSE_ERROR;
	for (i = 0; i < doc->nclauses && r == 0; i++) {
		struct import_clause *c = &doc->clauses[i];
		char *t;

		if (c->categories)
			continue;
		t = import_clause_text(doc, i);
		r = t ? import_likeness_query(v.lk, t, scores) : CLAUSE_ERROR;
		free(t);
		if (r == 0 && !(c->categories = vote(&v, scores))) {
			clause_error_set("no category to suggest: the taxonomy is empty");
			r = CLAUSE_EINVALID;
		}
		c->suggested = 1;
	}
	for (i = 0; i < v.n; i++)
		free(v.cats[i]);
	free(v.cats);
	free(scores);
	import_likeness_free(v.lk);
	return r;
}
