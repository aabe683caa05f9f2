/* check_mergeprop.c: properties of the clause-keyed merge, on random
 * documents.
 *
 * A fixed-seed generator makes a base document (articles of clauses, and
 * clauses outside articles), then two sides from it, each of which may
 * edit, delete, rename (new id), move (to another article, a new article
 * or the top level) each clause, or rename or move it and edit it too,
 * and add clauses.  Some new ids are shared by the two sides, so that
 * additions and renames can collide.  Every merge must give:
 *
 *   - a schema-valid document (clause_doc_load takes it), conflicts or not;
 *   - no clause id twice, and no clause of the base standing twice
 *     (under two ids, or in two articles);
 *   - every word a side wrote (an edit, an added clause) somewhere in the
 *     result: in a clause or in a conflict;
 *   - every clause of the base that both sides kept (edited, renamed or
 *     moved, perhaps) in the result, in a clause or in a conflict;
 *   - when it reports no conflict, no <conflict> element, and each clause
 *     that only one side changed as that side left it (gone, or with its
 *     id, words and article).
 */
#include "suites.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/error.h"
#include "merge/merge.h"

#define CASES 2000
#define SEED 0x9e3779b97f4a7c15ULL
#define MAXP 48		/* parts (articles, top-level clauses) */
#define MAXC 32		/* clauses of an article */
#define MAXW 16		/* words of a clause */
#define MAXFRESH 64	/* words one side wrote */

struct pcl {
	char id[24];		/* clause id */
	char w[MAXW][16];	/* its words; w[0] tags it (b3, f7) */
	int nw;			/* how many */
};

struct part {
	int article;		/* 1: an article of c[0..n); 0: c[0] alone */
	char id[24];		/* the article's id */
	struct pcl c[MAXC];
	int n;
};

struct pdoc {
	struct part p[MAXP];
	int n;
};

/* One case: the three documents and what each side wrote. */
struct pcase {
	struct pdoc base, side[2];
	char fresh[2][MAXFRESH][16];	/* words each side wrote */
	int nfresh[2];
	int nbase;			/* clauses b0..b(nbase-1) */
	unsigned words;			/* counter for fresh words */
	unsigned ids;			/* counter for fresh ids */
};

static uint64_t rng;

static unsigned rnd(unsigned n)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (unsigned)((rng * 2685821657736338717ULL) >> 33) % n;
}

static const char *vocab[] = {
	"employer", "union", "notice", "days", "training", "shall", "provide",
	"technology", "new", "employees", "affected", "before", "meet", "bargain",
	"data", "camera", "system", "review", "human", "decision", "pay", "hours",
	"layoff", "seniority", "transfer", "committee", "joint", "written",
	"months", "severance",
};

/* Words of added clauses: none of the base's, so that an addition is
 * not taken for a rename of a clause the side removed. */
static const char *vocab_added[] = {
	"arbitration", "grievance", "steward", "overtime", "shift", "wage",
	"pension", "health", "leave", "holiday", "vacation", "safety",
	"uniform", "parking", "posting", "probation", "discipline", "appeal",
	"mediation", "strike",
};

static void random_words(struct pcl *c, const char *tag, int added)
{
	size_t n = added ? sizeof(vocab_added) / sizeof(*vocab_added)
			 : sizeof(vocab) / sizeof(*vocab);

	c->nw = 5 + (int)rnd(6);
	snprintf(c->w[0], sizeof(c->w[0]), "%s", tag);
	for (int i = 1; i < c->nw; i++)
		snprintf(c->w[i], sizeof(c->w[i]), "%s",
			 added ? vocab_added[rnd((unsigned)n)] : vocab[rnd((unsigned)n)]);
}

static void make_base(struct pcase *k)
{
	struct pdoc *d = &k->base;
	int arts = 1 + (int)rnd(4), tops = (int)rnd(3);

	memset(k, 0, sizeof(*k));
	for (int a = 0; a < arts + tops; a++) {
		struct part *p = &d->p[d->n++];
		int n = a < arts ? (int)rnd(5) : 1;

		p->article = a < arts;
		snprintf(p->id, sizeof(p->id), "art%d", a);
		for (int i = 0; i < n; i++) {
			char tag[16];
			snprintf(tag, sizeof(tag), "b%d", k->nbase);
			snprintf(p->c[i].id, sizeof(p->c[i].id), "c%d", k->nbase++);
			random_words(&p->c[i], tag, 0);
		}
		p->n = n;
	}
	/* Top-level clauses among the articles, not only after them. */
	for (int i = 0; i < d->n; i++) {
		int j = (int)rnd((unsigned)d->n);
		struct part t = d->p[i];
		d->p[i] = d->p[j];
		d->p[j] = t;
	}
}

/* Where the clause tagged `tag` is in d: part and index, or -1. */
static int find(const struct pdoc *d, const char *tag, int *pi, int *ci)
{
	for (int p = 0; p < d->n; p++)
		for (int c = 0; c < d->p[p].n; c++)
			if (strcmp(d->p[p].c[c].w[0], tag) == 0) {
				*pi = p;
				*ci = c;
				return 0;
			}
	return -1;
}

static void remove_part(struct pdoc *d, int p)
{
	memmove(&d->p[p], &d->p[p + 1], (size_t)(d->n - p - 1) * sizeof(*d->p));
	d->n--;
}

/* Take the clause out of d (a top-level clause's part goes with it). */
static struct pcl take(struct pdoc *d, int p, int c)
{
	struct pcl out = d->p[p].c[c];

	if (!d->p[p].article) {
		remove_part(d, p);
		return out;
	}
	memmove(&d->p[p].c[c], &d->p[p].c[c + 1],
		(size_t)(d->p[p].n - c - 1) * sizeof(out));
	d->p[p].n--;
	return out;
}

/* Put clause c into article p of d at a random place; p < 0: as a
 * top-level clause at a random place among the parts. */
static void put(struct pdoc *d, int p, const struct pcl *c)
{
	if (p < 0 || d->p[p].n == MAXC) {
		int at = (int)rnd((unsigned)d->n + 1);
		memmove(&d->p[at + 1], &d->p[at], (size_t)(d->n - at) * sizeof(*d->p));
		memset(&d->p[at], 0, sizeof(*d->p));
		d->p[at].c[0] = *c;
		d->p[at].n = 1;
		d->n++;
	} else {
		int at = (int)rnd((unsigned)d->p[p].n + 1);
		struct part *a = &d->p[p];
		memmove(&a->c[at + 1], &a->c[at], (size_t)(a->n - at) * sizeof(*c));
		a->c[at] = *c;
		a->n++;
	}
}

/* A new id: the side's own, or (now and then) one both sides may use,
 * when this side has no clause of that id yet. */
static void new_id(struct pcase *k, int s, char *id, size_t n, const char *kind)
{
	const struct pdoc *d = &k->side[s];

	if (rnd(5) == 0) {
		snprintf(id, n, "shared%u", rnd(3));
		for (int p = 0; p < d->n; p++)
			for (int c = 0; c < d->p[p].n; c++)
				if (strcmp(d->p[p].c[c].id, id) == 0)
					goto own;
		return;
	}
own:
	snprintf(id, n, "%c%s%u", s ? 't' : 'o', kind, k->ids++);
}

static void write_word(struct pcase *k, int s, char *w, size_t n, char prefix)
{
	snprintf(w, n, "%c%u", prefix, k->words++);
	if (k->nfresh[s] < MAXFRESH)
		snprintf(k->fresh[s][k->nfresh[s]++], 16, "%s", w);
}

static void edit(struct pcase *k, int s, struct pcl *c)
{
	int i = 1 + (int)rnd((unsigned)c->nw - 1);

	if (c->nw < MAXW && rnd(3) == 0)
		i = c->nw++;
	write_word(k, s, c->w[i], sizeof(c->w[i]), 'z');
}

/* Move clause c, taken out of part p (an article, or -1), on side s: to
 * another article, a new article, or the top level. */
static void move(struct pcase *k, int s, struct pcl *c, int p)
{
	struct pdoc *d = &k->side[s];
	int arts[MAXP], na = 0, how = (int)rnd(3);

	for (int i = 0; i < d->n; i++)
		if (d->p[i].article && i != p)
			arts[na++] = i;
	if (how == 0) {
		/* A new article; now and then one both sides may make. */
		char id[24];
		int at = -1;

		if (rnd(4) == 0)
			snprintf(id, sizeof(id), "sart%u", rnd(2));
		else
			snprintf(id, sizeof(id), "%cart%u", s ? 't' : 'o', k->ids++);
		for (int i = 0; i < d->n; i++)
			if (d->p[i].article && strcmp(d->p[i].id, id) == 0)
				at = i;		/* made already */
		if (at < 0) {
			at = (int)rnd((unsigned)d->n + 1);
			memmove(&d->p[at + 1], &d->p[at],
				(size_t)(d->n - at) * sizeof(*d->p));
			memset(&d->p[at], 0, sizeof(*d->p));
			d->p[at].article = 1;
			snprintf(d->p[at].id, sizeof(d->p[at].id), "%s", id);
			d->n++;
		}
		put(d, at, c);
	} else if (how == 1 && na) {
		put(d, arts[rnd((unsigned)na)], c);
	} else {
		put(d, -1, c);
	}
}

enum { OP_EDIT, OP_DELETE, OP_RENAME, OP_MOVE, OP_RENAME_EDIT,
       OP_MOVE_EDIT, NOPS };

static void mutate(struct pcase *k, int s)
{
	struct pdoc *d = &k->side[s];

	*d = k->base;
	for (int b = 0; b < k->nbase; b++) {
		char tag[16];
		int p, c, op, in;
		struct pcl cl;

		if (rnd(100) >= 35)
			continue;
		snprintf(tag, sizeof(tag), "b%d", b);
		if (find(d, tag, &p, &c) < 0)
			continue;
		op = (int)rnd(NOPS);
		if (op == OP_EDIT) {
			edit(k, s, &d->p[p].c[c]);
			continue;
		}
		in = d->p[p].article ? p : -1;
		cl = take(d, p, c);
		if (op == OP_DELETE)
			continue;
		if (op == OP_RENAME_EDIT || op == OP_MOVE_EDIT)
			edit(k, s, &cl);
		if (op == OP_RENAME || op == OP_RENAME_EDIT) {
			new_id(k, s, cl.id, sizeof(cl.id), "r");
			put(d, in, &cl);
		} else {
			move(k, s, &cl, in);
		}
	}
	for (int n = (int)rnd(3); n > 0 && d->n < MAXP - 1; n--) {
		struct pcl cl;
		char tag[16];
		int arts[MAXP], na = 0;

		write_word(k, s, tag, sizeof(tag), 'f');
		random_words(&cl, tag, 1);
		new_id(k, s, cl.id, sizeof(cl.id), "a");
		for (int i = 0; i < d->n; i++)
			if (d->p[i].article)
				arts[na++] = i;
		put(d, na && rnd(4) ? arts[rnd((unsigned)na)] : -1, &cl);
	}
}

static void clause_xml(struct clause_buf *b, const struct pcl *c,
		       const char *indent)
{
	clause_buf_printf(b, "%s<clause id=\"%s\" category=\"adjustment.notice\"><p>",
			  indent, c->id);
	for (int i = 0; i < c->nw; i++)
		clause_buf_printf(b, "%s%s", i ? " " : "", c->w[i]);
	clause_buf_puts(b, "</p></clause>\n");
}

static char *doc_xml(const struct pdoc *d)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_buf_printf(&b, DOC_HEAD, "d");
	for (int p = 0; p < d->n; p++) {
		if (!d->p[p].article) {
			clause_xml(&b, &d->p[p].c[0], "  ");
			continue;
		}
		clause_buf_printf(&b, "  <article id=\"%s\">\n", d->p[p].id);
		for (int c = 0; c < d->p[p].n; c++)
			clause_xml(&b, &d->p[p].c[c], "    ");
		clause_buf_puts(&b, "  </article>\n");
	}
	clause_buf_puts(&b, "</agreement>\n");
	return clause_buf_detach(&b);
}

/* Does word w stand in s as a whole word? */
static int has_word(const char *s, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = s; s && (p = strstr(p, w)); p++) {
		char before = p > s ? p[-1] : ' ', after = p[n];
		int wb = (before >= 'a' && before <= 'z') || (before >= '0' && before <= '9');
		int wa = (after >= 'a' && after <= 'z') || (after >= '0' && after <= '9');
		if (!wb && !wa)
			return 1;
	}
	return 0;
}

/* How many clauses of the result hold word w. */
static int clauses_with(const struct clause_doc *d, const char *w)
{
	int n = 0;

	for (size_t i = 0; i < d->nclauses; i++)
		n += has_word(d->clauses[i].text, w);
	return n;
}

static int ids_unique(const struct clause_doc *d)
{
	for (size_t i = 0; i < d->nclauses; i++)
		for (size_t j = i + 1; j < d->nclauses; j++)
			if (strcmp(d->clauses[i].id, d->clauses[j].id) == 0)
				return 0;
	return 1;
}

/* Did side s change the base clause tagged `tag` (its words, id or
 * article)?  -1: s removed it. */
static int changed(const struct pcase *k, int s, const char *tag)
{
	int bp = 0, bc = 0, sp, sc;
	const struct pcl *b, *c;

	if (find(&k->side[s], tag, &sp, &sc) < 0)
		return -1;
	find(&k->base, tag, &bp, &bc);
	b = &k->base.p[bp].c[bc];
	c = &k->side[s].p[sp].c[sc];
	if (strcmp(b->id, c->id) != 0 || b->nw != c->nw ||
	    k->base.p[bp].article != k->side[s].p[sp].article ||
	    (k->base.p[bp].article &&
	     strcmp(k->base.p[bp].id, k->side[s].p[sp].id) != 0))
		return 1;
	for (int i = 0; i < b->nw; i++)
		if (strcmp(b->w[i], c->w[i]) != 0)
			return 1;
	return 0;
}

/* In a clean merge, a clause only side s changed is as s left it: gone,
 * or with its id, words and article.  0 when it is. */
static int as_left(const struct pcase *k, int s, const char *tag,
		   const struct clause_doc *d)
{
	const struct clause_clause *r = NULL;
	struct clause_buf text = CLAUSE_BUF_INIT;
	const struct pcl *c;
	const char *art;
	int p, i, bad;

	for (size_t j = 0; j < d->nclauses; j++)
		if (has_word(d->clauses[j].text, tag))
			r = &d->clauses[j];
	if (find(&k->side[s], tag, &p, &i) < 0)
		return r != NULL;
	if (!r)
		return 1;
	c = &k->side[s].p[p].c[i];
	art = k->side[s].p[p].article ? k->side[s].p[p].id : NULL;
	for (int w = 0; w < c->nw; w++)
		clause_buf_printf(&text, "%s%s", w ? " " : "", c->w[w]);
	bad = strcmp(r->id, c->id) != 0 || strcmp(r->text, text.ptr) != 0 ||
	      (!art != !r->article) || (art && strcmp(art, r->article) != 0);
	clause_buf_release(&text);
	return bad;
}

/* Check one merge; 0, or a message in why. */
static int check_case(struct pcase *k, char *why, size_t n)
{
	char *x[3] = { doc_xml(&k->base), doc_xml(&k->side[0]),
		       doc_xml(&k->side[1]) };
	struct clause_merge_input in[3] = {
		{ x[0], strlen(x[0]), "base" }, { x[1], strlen(x[1]), "ours" },
		{ x[2], strlen(x[2]), "theirs" } };
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	struct clause_doc *d = NULL;
	size_t conflicts = 0;
	int bad = 0;

	*why = 0;
	if (clause_merge_doc(&out, &conflicts, "d.xml", &in[0], &in[1], &in[2],
			     &p) < 0)
		snprintf(why, n, "merge failed: %s", clause_error_last());
	else if (clause_doc_load(&d, NULL, "merged.xml", out.ptr, out.len, 1,
				 &p) < 0)
		snprintf(why, n, "not schema-valid: %s",
			 p.n ? p.v[0].message : "?");
	else if (!ids_unique(d))
		snprintf(why, n, "a clause id twice");
	else if (conflicts != d->nconflicts || (!conflicts && strstr(out.ptr,
								"<conflict")))
		snprintf(why, n, "%zu conflicts said, %zu found", conflicts,
			 d->nconflicts);
	for (int s = 0; !*why && s < 2; s++)
		for (int i = 0; !*why && i < k->nfresh[s]; i++) {
			int pi, ci;
			const char *w = k->fresh[s][i];
			/* A word the side wrote and still has. */
			for (pi = 0; pi < k->side[s].n; pi++)
				for (ci = 0; ci < k->side[s].p[pi].n; ci++)
					for (int j = 0; j < k->side[s].p[pi].c[ci].nw; j++)
						bad |= strcmp(k->side[s].p[pi].c[ci].w[j], w) == 0;
			if (bad && !has_word(out.ptr, w))
				snprintf(why, n, "%s's word '%s' lost",
					 s ? "theirs" : "ours", w);
			bad = 0;
		}
	for (int b = 0; !*why && b < k->nbase; b++) {
		char tag[16];
		int co, ct;

		snprintf(tag, sizeof(tag), "b%d", b);
		co = changed(k, 0, tag);
		ct = changed(k, 1, tag);
		if (clauses_with(d, tag) > 1)
			snprintf(why, n, "clause %s stands twice", tag);
		else if (co >= 0 && ct >= 0 && !has_word(out.ptr, tag))
			snprintf(why, n, "clause %s, kept by both, lost", tag);
		else if ((co > 0 || ct > 0) && !has_word(out.ptr, tag))
			snprintf(why, n, "clause %s, changed by %s, lost", tag,
				 co > 0 ? "ours" : "theirs");
		else if (!conflicts && !co != !ct && as_left(k, co ? 0 : 1, tag, d))
			snprintf(why, n, "clause %s not as %s left it", tag,
				 co ? "ours" : "theirs");
	}
	if (*why)
		fprintf(stderr, "--- base\n%s--- ours\n%s--- theirs\n%s--- merged\n%s",
			x[0], x[1], x[2], out.ptr ? out.ptr : "");
	clause_doc_free(d);
	clause_buf_release(&out);
	clause_problems_release(&p);
	for (int i = 0; i < 3; i++)
		free(x[i]);
	return *why ? -1 : 0;
}

START_TEST(merge_random_documents)
{
	static struct pcase k;
	size_t clean = 0;

	rng = SEED;
	for (int i = 0; i < CASES; i++) {
		char why[200];

		make_base(&k);
		mutate(&k, 0);
		mutate(&k, 1);
		ck_assert_msg(check_case(&k, why, sizeof(why)) == 0,
			      "case %d: %s", i, why);
		clean += !strstr(why, "conflict");
	}
	(void)clean;
}
END_TEST

Suite *suite_mergeprop(void)
{
	Suite *s = suite_create("mergeprop");
	TCase *tc = tcase_create("mergeprop");

	tcase_add_test(tc, merge_random_documents);
	suite_add_tcase(s, tc);
	return s;
}
