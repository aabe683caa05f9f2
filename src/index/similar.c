/* similar.c: the clauses most like one clause: a query of its most
 * distinctive words (tf x idf over the index's vocabulary), ranked by
 * bm25 over the scope (clause_rank) against the clause's own score. */
#include "index/internal.h"
#include "util/array.h"
#include "index/query.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"

#include <stdlib.h>
#include <string.h>

static const char *const stopwords[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "before", "but", "by", "can", "for", "from", "has",
	"have", "if", "in", "into", "is", "it", "its", "may", "more", "must",
	"no", "not", "of", "on", "or", "other", "shall", "such", "than",
	"that", "the", "their", "them", "there", "these", "they", "this",
	"those", "to", "under", "was", "were", "which", "who", "will", "with",
	"within", "would", NULL
};

static int is_stopword(const char *w)
{
	for (size_t i = 0; stopwords[i]; i++)
		if (strcmp(stopwords[i], w) == 0)
			return 1;
	return 0;
}

struct termw {
	char *term;		/* lower-case word */
	double weight;		/* tf x idf */
};

/* Natural logarithm for x > 0, without libm: x = m * 2^k, m in [1, 2),
 * ln m by the atanh series. */
static double ln(double x)
{
	double y, y2, sum = 0, term;
	int k = 0;

	while (x >= 2) {
		x /= 2;
		k++;
	}
	while (x < 1) {
		x *= 2;
		k--;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (int i = 1; i < 40; i += 2) {
		sum += term / i;
		term *= y2;
	}
	return 2 * sum + k * 0.69314718055994530942;
}

static int termw_cmp(const void *a, const void *b)
{
	const struct termw *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->term, y->term);
}

/* The heading and body of DOC/CLAUSE in the scope loaded (temp.scope),
 * and the id of its text. */
static int clause_text(struct clause_buf *text, long long *tid,
		       struct clause_index *ix, const char *doc,
		       const char *clause)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = index_prepare(&st, ix, "SELECT t.id, t.heading, t.body FROM clause c"
			       " JOIN entry e ON e.blob = c.blob JOIN temp.scope sc"
			       " ON sc.snap = e.snap JOIN blob b ON b.id = c.blob"
			       " JOIN text t ON t.id = c.text WHERE b.docid = ? AND"
			       " c.cid = ? LIMIT 1")) < 0)
		return r;
	index_bind_text(st, 1, doc);
	index_bind_text(st, 2, clause);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*tid = sqlite3_column_int64(st, 0);
		clause_buf_printf(text, "%s %s", sqlite3_column_text(st, 1),
				  sqlite3_column_text(st, 2));
	} else if (rc == SQLITE_DONE) {
		clause_error_set("no clause '%s/%s'", doc, clause);
		r = CLAUSE_ENOTFOUND;
	} else {
		r = index_db_error(ix, rc, "cannot read a clause");
	}
	sqlite3_finalize(st);
	return r;
}

/* Count the words of `text` in tf (word -> size_t), ASCII case folded,
 * leaving out stop words and words under three letters.  Folds text in
 * place. */
static void term_freqs(struct clause_map *tf, char *text)
{
	for (char *p = text; *p;) {
		char *w = p;
		size_t *n;
		while (*p && ((unsigned char)*p >= 0x80 ||
			      (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z'))) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
			p++;
		}
		if (p == w) {
			p++;
			continue;
		}
		char save = *p;
		*p = '\0';
		if (strlen(w) >= 3 && !is_stopword(w)) {
			if (!(n = clause_map_get(tf, w))) {
				n = calloc(1, sizeof(*n));
				if (n)
					clause_map_put(tf, w, n, NULL);
			}
			if (n)
				(*n)++;
		}
		*p = save;
	}
}

/* The FTS5 query of the (at most 16) most distinctive words of tf, by
 * tf x idf over the index's texts, in *match; empty when no word is
 * shared with another text. */
static int distinctive(struct clause_buf *match, struct clause_index *ix,
		       const struct clause_map *tf)
{
	struct termw *terms = NULL;
	sqlite3_stmt *st = NULL;
	long long ntexts = 1;
	size_t nterms = 0;
	int r;

	if ((r = index_prepare(&st, ix, "SELECT max(id) FROM text")) < 0)
		return r;
	if (sqlite3_step(st) == SQLITE_ROW)
		ntexts = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!(terms = calloc(tf->n + 1, sizeof(*terms)))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if ((r = index_prepare(&st, ix, "SELECT doc FROM fts_vocab WHERE term = ?")) < 0)
		goto done;
	for (size_t i = 0; i < tf->cap; i++) {
		const char *w = tf->slots[i].key;
		long long df = 0;
		if (!w)
			continue;
		sqlite3_reset(st);
		index_bind_text(st, 1, w);
		if (sqlite3_step(st) == SQLITE_ROW)
			df = sqlite3_column_int64(st, 0);
		if (df < 2)
			continue;	/* not in the index, or only here */
		terms[nterms].term = (char *)w;
		terms[nterms].weight = *(size_t *)tf->slots[i].value *
				       ln((double)(ntexts + 1) / (double)df);
		nterms++;
	}
	clause_qsort(terms, nterms, sizeof(*terms), termw_cmp);
	if (nterms > 16)
		nterms = 16;
	for (size_t i = 0; i < nterms; i++) {
		if (i)
			clause_buf_puts(match, " OR ");
		clause_query_quote(match, terms[i].term, strlen(terms[i].term));
	}
done:
	sqlite3_finalize(st);
	free(terms);
	return r;
}

/* What text `tid` itself scores for `match` in the scope loaded, ranked
 * as the search ranks: what a perfect match scores (0 when it cannot be
 * had). */
static double self_score(struct clause_index *ix, const struct resolved *rs,
			 const char *match, long long tid)
{
	struct clause_rank_scope stats;
	sqlite3_stmt *st = NULL;
	double self = 0;

	if (index_scope_stats(&stats, ix, rs) < 0)
		return 0;
	if (index_prepare(&st, ix, "SELECT clause_rank(fts, 4.0, 1.0, ?) FROM fts"
			  " WHERE fts MATCH ? AND rowid = ?") < 0) {
		index_scope_stats_release(&stats);
		return 0;
	}
	sqlite3_bind_pointer(st, 1, &stats, CLAUSE_RANK_SCOPE, NULL);
	index_bind_text(st, 2, match);
	sqlite3_bind_int64(st, 3, tid);
	if (sqlite3_step(st) == SQLITE_ROW)
		self = -sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	index_scope_stats_release(&stats);
	return self;
}

static int do_similar(struct clause_hits *out, struct clause_index *ix,
		      const struct clause_scope *scope, const char *doc,
		      const char *clause, size_t k)
{
	struct clause_map tf = CLAUSE_MAP_INIT;
	struct clause_buf text = CLAUSE_BUF_INIT, match = CLAUSE_BUF_INIT;
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct clause_search s;
	long long tid = 0;
	double self;
	int r;

	clause_hits_release(out);
	if ((r = index_resolve(&rs, ix, scope)) < 0 ||
	    (r = index_load_scope(ix, &rs)) < 0 ||
	    (r = clause_text(&text, &tid, ix, doc, clause)) < 0)
		goto done;
	term_freqs(&tf, text.ptr);
	if ((r = distinctive(&match, ix, &tf)) < 0 || !match.len)
		goto done;	/* an error, or no word shared with another */
	self = self_score(ix, &rs, match.ptr, tid);
	memset(&s, 0, sizeof(s));
	s.match = match.ptr;
	s.limit = k;
	s.exclude_doc = doc;
	s.exclude_clause = clause;
	s.open = "";
	s.close = "";
	r = index_search(out, ix, scope, &s);
	for (size_t i = 0; r == 0 && i < out->n; i++) {
		double v = self > 0 ? out->v[i].score / self : 0;
		out->v[i].score = v > 1 ? 1 : v;
	}
	/* Hits that share only words every clause has are not alike: the
	 * list ends where the scores round to 0. */
	while (r == 0 && out->n && out->v[out->n - 1].score < 0.005)
		index_hit_release(&out->v[--out->n]);
	out->total = out->n;
done:
	clause_map_release(&tf, free);
	clause_buf_release(&text);
	clause_buf_release(&match);
	index_resolved_release(&rs);
	return r;
}

int clause_index_similar(struct clause_hits *out, struct clause_index *ix,
			 const struct clause_scope *scope, const char *doc,
			 const char *clause, size_t k)
{
	int r;

	memset(out, 0, sizeof(*out));
	WITH_RECOVERY(ix, do_similar(out, ix, scope, doc, clause, k));
	if (r < 0)
		clause_hits_release(out);
	return r;
}
