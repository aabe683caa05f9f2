/* rank.c: clause_rank(), bm25 with row lengths from an array (rank.h).
 * The FTS5 extension API is declared by sqlite3.h itself. */
#include "index/rank.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K1 1.2
#define B 0.75

/* What one query needs for every row it scores. */
struct query {
	int nphrase, ncol;
	double avgdl;
	const struct clause_rank_scope *scope;	/* or NULL: the table */
	double *idf;		/* per phrase */
	double *freq;		/* per phrase, for the current row */
	double *weight;		/* per column */
	unsigned char **chunk;	/* textlen rows by chunk number, or NULL */
	size_t nchunk;
};

static void query_free(void *p)
{
	struct query *q = p;

	for (size_t i = 0; i < q->nchunk; i++)
		free(q->chunk[i]);
	free(q->chunk);
	free(q->idf);
	free(q->freq);
	free(q->weight);
	free(q);
}

/* Every textlen row, by chunk number.  Runs inside the statement of the
 * search, so it sees the same snapshot of the database as the match.
 * Any failure leaves the query without lengths: FTS5 is asked instead. */
static void load_lengths(struct query *q, sqlite3 *db)
{
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT chunk, lens FROM textlen ORDER BY chunk",
			       -1, &st, NULL) != SQLITE_OK)
		return;
	while (sqlite3_step(st) == SQLITE_ROW) {
		sqlite3_int64 c = sqlite3_column_int64(st, 0);
		const void *v = sqlite3_column_blob(st, 1);
		unsigned char *copy;

		if (c < 0 || c > (1 << 20) ||
		    sqlite3_column_bytes(st, 1) != 2 * CLAUSE_RANK_CHUNK || !v)
			continue;
		if ((size_t)c >= q->nchunk) {
			unsigned char **more = realloc(q->chunk, ((size_t)c + 1) * sizeof(*more));
			if (!more)
				break;
			memset(more + q->nchunk, 0, ((size_t)c + 1 - q->nchunk) * sizeof(*more));
			q->chunk = more;
			q->nchunk = (size_t)c + 1;
		}
		if (!q->chunk[c] && (copy = malloc(2 * CLAUSE_RANK_CHUNK))) {
			memcpy(copy, v, 2 * CLAUSE_RANK_CHUNK);
			q->chunk[c] = copy;
		}
	}
	sqlite3_finalize(st);
}

/* Rows of one phrase, those in the scope only (xQueryPhrase). */
struct phrase_count {
	const struct clause_rank_scope *scope;
	sqlite3_int64 n;
};

static int count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *p)
{
	struct phrase_count *c = p;

	if (!c->scope || clause_rank_scope_has(c->scope, api->xRowid(fts)))
		c->n++;
	return SQLITE_OK;
}

/* The statistics of the whole query, as bm25 computes them: average row
 * length and, per phrase, its inverse document frequency, over the rows
 * of the scope (the argument after the weights) or of the table. */
static int query_make(struct query **out, const Fts5ExtensionApi *api,
		      Fts5Context *fts, int nval, sqlite3_value **val)
{
	struct query *q = calloc(1, sizeof(*q));
	sqlite3_int64 nrow = 0, ntok = 0;
	int rc;

	*out = NULL;
	if (!q)
		return SQLITE_NOMEM;
	q->nphrase = api->xPhraseCount(fts);
	q->ncol = api->xColumnCount(fts);
	q->idf = calloc((size_t)q->nphrase + 1, sizeof(double));
	q->freq = calloc((size_t)q->nphrase + 1, sizeof(double));
	q->weight = calloc((size_t)q->ncol + 1, sizeof(double));
	if (!q->idf || !q->freq || !q->weight) {
		query_free(q);
		return SQLITE_NOMEM;
	}
	for (int i = 0; i < q->ncol; i++)
		q->weight[i] = i < nval ? sqlite3_value_double(val[i]) : 1.0;
	if (nval > q->ncol)
		q->scope = sqlite3_value_pointer(val[q->ncol], CLAUSE_RANK_SCOPE);
	if (q->scope) {
		nrow = q->scope->nrow;
		ntok = q->scope->ntok;
	} else if ((rc = api->xRowCount(fts, &nrow)) != SQLITE_OK ||
		   (rc = api->xColumnTotalSize(fts, -1, &ntok)) != SQLITE_OK) {
		query_free(q);
		return rc;
	}
	q->avgdl = nrow && ntok ? (double)ntok / (double)nrow : 1.0;
	for (int i = 0; i < q->nphrase; i++) {
		struct phrase_count hits = { q->scope, 0 };
		double idf;

		if ((rc = api->xQueryPhrase(fts, i, &hits, count_row)) != SQLITE_OK) {
			query_free(q);
			return rc;
		}
		idf = log(((double)nrow - (double)hits.n + 0.5) / ((double)hits.n + 0.5));
		q->idf[i] = idf > 0.0 ? idf : 1e-6;
	}
	load_lengths(q, api->xUserData(fts));
	*out = q;
	return SQLITE_OK;
}

/* The length of the current row: from the array, else from FTS5. */
static int row_length(double *out, const struct query *q,
		      const Fts5ExtensionApi *api, Fts5Context *fts)
{
	sqlite3_int64 id = api->xRowid(fts);
	int n = 0, rc;

	if (id >= 0 && (size_t)(id / CLAUSE_RANK_CHUNK) < q->nchunk &&
	    q->chunk[id / CLAUSE_RANK_CHUNK]) {
		unsigned len = clause_rank_get(q->chunk[id / CLAUSE_RANK_CHUNK], id);

		if (len != CLAUSE_RANK_UNKNOWN && len != CLAUSE_RANK_TOO_LONG) {
			*out = len;
			return SQLITE_OK;
		}
	}
	if ((rc = api->xColumnSize(fts, -1, &n)) != SQLITE_OK)
		return rc;
	*out = n;
	return SQLITE_OK;
}

static void rank(const Fts5ExtensionApi *api, Fts5Context *fts,
		 sqlite3_context *ctx, int nval, sqlite3_value **val)
{
	struct query *q = api->xGetAuxdata(fts, 0);
	double score = 0.0, len;
	int rc;

	if (!q) {
		if ((rc = query_make(&q, api, fts, nval, val)) == SQLITE_OK &&
		    (rc = api->xSetAuxdata(fts, q, query_free)) != SQLITE_OK)
			q = NULL;	/* xSetAuxdata freed it */
		if (rc != SQLITE_OK) {
			sqlite3_result_error_code(ctx, rc);
			return;
		}
	}
	/* Each phrase's own position list, rather than xInstCount(), which
	 * first merges every phrase's into one sorted array. */
	for (int i = 0; i < q->nphrase; i++) {
		Fts5PhraseIter it;
		int col, off;

		q->freq[i] = 0.0;
		if ((rc = api->xPhraseFirst(fts, i, &it, &col, &off)) != SQLITE_OK)
			goto fail;
		for (; col >= 0; api->xPhraseNext(fts, &it, &col, &off))
			if (col < q->ncol)
				q->freq[i] += q->weight[col];
	}
	if ((rc = row_length(&len, q, api, fts)) != SQLITE_OK)
		goto fail;
	for (int i = 0; i < q->nphrase; i++)
		score += q->idf[i] * (q->freq[i] * (K1 + 1.0)) /
			 (q->freq[i] + K1 * (1.0 - B + B * len / q->avgdl));
	sqlite3_result_double(ctx, -score);
	return;
fail:
	sqlite3_result_error_code(ctx, rc);
}

int clause_rank_register(sqlite3 *db)
{
	fts5_api *api = NULL;
	sqlite3_stmt *st = NULL;

	if (sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
	sqlite3_step(st);
	sqlite3_finalize(st);
	/* Version 2 has every member declared above. */
	if (!api || api->iVersion < 2 ||
	    api->xCreateFunction(api, "clause_rank", db, rank, NULL) != SQLITE_OK)
		return -1;
	return 0;
}

long long clause_rank_docsize(const unsigned char *sz, int n)
{
	long long total = 0;
	int i = 0;

	/* SQLite varints: 7 bits a byte, high bit set while more follow,
	 * the ninth byte whole. */
	while (i < n) {
		unsigned long long v = 0;
		int k;

		for (k = 0; k < 8 && i < n; k++) {
			v = v << 7 | (sz[i] & 0x7f);
			if (!(sz[i++] & 0x80))
				break;
		}
		if (k == 8) {
			if (i >= n)
				return -1;
			v = v << 8 | sz[i++];
		} else if (i > 0 && (sz[i - 1] & 0x80)) {
			return -1;	/* cut short */
		}
		if (v > (1ULL << 40))
			return -1;
		total += (long long)v;
	}
	return total;
}

void clause_rank_put(unsigned char *chunk, long long rowid, long long len)
{
	unsigned v = len <= 0 ? CLAUSE_RANK_UNKNOWN :
		     len >= CLAUSE_RANK_TOO_LONG ? CLAUSE_RANK_TOO_LONG : (unsigned)len;
	unsigned char *p = chunk + 2 * (rowid % CLAUSE_RANK_CHUNK);

	p[0] = (unsigned char)(v & 0xff);
	p[1] = (unsigned char)(v >> 8);
}
