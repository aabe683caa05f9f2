/* rank.h: the ranking function of searches.
 *
 * clause_rank(fts, w0, w1, ...) scores an FTS5 match as FTS5's own
 * bm25(fts, w0, w1, ...) does (k1 = 1.2, b = 0.75, the same inverse
 * document frequencies and column weights; more negative is better), but
 * takes the length of each row from an array of token counts kept in the
 * table textlen rather than from FTS5's docsize table.  bm25() reads one
 * docsize row per match through a statement of its own, which for a word
 * in 10% of 100,000 clauses costs more than the rest of a search; the
 * array is read once per query, a few dozen rows.
 *
 * textlen(chunk INTEGER PRIMARY KEY, lens BLOB) holds the length of text
 * row `rowid` at chunk rowid / CLAUSE_RANK_CHUNK, bytes 2 * (rowid %
 * CLAUSE_RANK_CHUNK), as 16 bits little-endian.  0 means not known and
 * 0xffff too long to say: for those rows (and when the table cannot be
 * read at all) the function asks FTS5, so scores are always bm25's.
 *
 * The statistics bm25 weighs a match by (how many rows there are, their
 * average length, in how many of them each phrase occurs) are those of
 * the scope searched, not of every text the index holds: a search's
 * scores and order do not depend on which other revisions were indexed
 * before.  The scope comes as the last argument, after the column
 * weights: a pointer of type CLAUSE_RANK_SCOPE (sqlite3_bind_pointer) to
 * a struct clause_rank_scope; without it the whole table is the scope.
 */
#ifndef CLAUSE_RANK_H
#define CLAUSE_RANK_H

#include <sqlite3.h>

#define CLAUSE_RANK_CHUNK 4096		/* lengths per textlen row */
#define CLAUSE_RANK_UNKNOWN 0
#define CLAUSE_RANK_TOO_LONG 0xffff

#define CLAUSE_RANK_SCOPE "clause_rank_scope"

/* The texts of a scope: the rows a search may hit, each once. */
struct clause_rank_scope {
	unsigned char *bits;	/* bit rowid set: the row is in the scope */
	long long nbits;	/* rowids below this can be in it */
	long long nrow;		/* rows in the scope */
	long long ntok;		/* their tokens, every column */
};

/* Is `rowid` in the scope? */
static inline int clause_rank_scope_has(const struct clause_rank_scope *s,
					long long rowid)
{
	return rowid >= 0 && rowid < s->nbits &&
	       (s->bits[rowid >> 3] >> (rowid & 7) & 1);
}

/* Register clause_rank() on db's FTS5.  Returns 0, or -1 when this
 * SQLite has no usable FTS5 API (searches then fail to prepare). */
int clause_rank_register(sqlite3 *db);

/* The total token count of one FTS5 docsize record (the `sz` blob: one
 * varint per column), or -1 when it is malformed. */
long long clause_rank_docsize(const unsigned char *sz, int n);

/* Store length `len` for `rowid` into a chunk of CLAUSE_RANK_CHUNK
 * entries (2 * CLAUSE_RANK_CHUNK bytes). */
void clause_rank_put(unsigned char *chunk, long long rowid, long long len);

/* The length stored for `rowid` in its chunk, or CLAUSE_RANK_UNKNOWN or
 * CLAUSE_RANK_TOO_LONG. */
static inline unsigned clause_rank_get(const unsigned char *chunk,
				       long long rowid)
{
	const unsigned char *p = chunk + 2 * (rowid % CLAUSE_RANK_CHUNK);

	return p[0] | (unsigned)p[1] << 8;
}

/* Take text `rowid` of `len` tokens into the scope: 1, or 0 when it
 * was already in it (or cannot be: past nbits). */
static inline int clause_rank_scope_add(struct clause_rank_scope *s,
					long long rowid, long long len)
{
	if (rowid < 0 || rowid >= s->nbits || clause_rank_scope_has(s, rowid))
		return 0;
	s->bits[rowid >> 3] |= (unsigned char)(1u << (rowid & 7));
	s->nrow++;
	s->ntok += len;
	return 1;
}

#endif
