/* query.h: a search query as a user types it -> a safe FTS5 MATCH
 * expression.
 *
 * The user's syntax: words (exact, case and diacritics ignored),
 * "exact phrases", prefix*, AND (also implied between terms), OR, NOT or
 * -word to exclude, NEAR(a b, N) and a NEAR b / a NEAR/N b, and
 * parentheses.  Every term reaches FTS5 as a quoted string, so punctuation
 * (non-compete, 4.2, O'Brien, a lone ') can never be read as FTS5 syntax;
 * FTS5's tokenizer splits such a term into a phrase.  A query that cannot
 * be understood (unbalanced parentheses or quotes, an operator with
 * nothing on one side, nothing but exclusions) is refused with a one-line
 * message and CLAUSE_EUSAGE.
 */
#ifndef CLAUSE_QUERY_H
#define CLAUSE_QUERY_H

#include <stddef.h>

#define CLAUSE_QUERY_MAX_BYTES 4096	/* longest query accepted */
#define CLAUSE_QUERY_MAX_TERMS 128	/* most terms in one query */
#define CLAUSE_QUERY_MAX_DEPTH 16	/* deepest nesting of parentheses */
#define CLAUSE_QUERY_NEAR 10		/* NEAR distance when none is given */

struct clause_query {
	char *match;		/* the FTS5 MATCH expression, owned */
	size_t nterms;		/* terms (words and phrases) in it */
};

#define CLAUSE_QUERY_INIT { NULL, 0 }

/*
 * Parse `text` into q->match.  Returns 0, or CLAUSE_EUSAGE with the
 * error message set (lower case, saying what is wrong and where) for a
 * malformed query, CLAUSE_ERROR when out of memory.
 */
int clause_query_parse(struct clause_query *q, const char *text);
void clause_query_release(struct clause_query *q);

/* Append `word` to b as an FTS5 string ("..." with " doubled). */
struct clause_buf;
int clause_query_quote(struct clause_buf *b, const char *word, size_t len);

/* A quantity filter, UNIT OP NUMBER as in days>=90, parsed in place:
 * *unit and *op point into buf (NUL put after the unit).  0, or
 * CLAUSE_EUSAGE when it is no such thing (no error message set). */
int clause_query_quantity(const char **unit, const char **op, double *value,
			  char *buf);

#endif
