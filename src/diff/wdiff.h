/* wdiff.h: tokens of clause text, and a word-level diff that reads like a
 * redline marked by hand.
 *
 * Tokens are words (letters and digits, with inner hyphens and
 * apostrophes: "co-workers", "Authority's"), numbers as written ("45",
 * "4.2", "$2,000") and single punctuation marks.  White space separates
 * tokens and never counts as a change; each token only remembers whether
 * white space came before it, so that the text can be written back.
 *
 * The diff is Myers' O(ND) algorithm on tokens, which gives a shortest
 * edit script, and a patience diff (words that occur once in each text
 * anchor the rest), taken instead when it is as short: among diffs of the
 * same length it keeps the rare words and strikes the common ones, as a
 * reader would.  A cleanup then folds a short run of equal tokens caught
 * between two changes into one change, so that a replaced phrase shows as
 * one struck run and one inserted run rather than alternating fragments.
 */
#ifndef CLAUSE_WDIFF_H
#define CLAUSE_WDIFF_H

#include <stddef.h>

#include "util/buf.h"

enum clause_token_kind {
	CLAUSE_TOKEN_WORD,	/* letters and digits: "notice", "co-workers" */
	CLAUSE_TOKEN_NUMBER,	/* a number as written: "45", "$2,000", "4.2" */
	CLAUSE_TOKEN_PUNCT	/* one punctuation mark */
};

struct clause_token {
	const char *s;			/* start, borrowed from the text */
	size_t len;			/* bytes */
	enum clause_token_kind kind;	/* what it is */
	int space;			/* white space came before it */
	unsigned long long hash;	/* of the bytes, to compare fast */
};

struct clause_tokens {
	struct clause_token *v;		/* the tokens, in text order */
	size_t n;			/* how many */
	size_t cap;			/* allocated slots */
};

#define CLAUSE_TOKENS_INIT { NULL, 0, 0 }

/* Split `text` into tokens; they point into `text`, which must outlive
 * them. */
int clause_tokens_split(struct clause_tokens *out, const char *text);
void clause_tokens_release(struct clause_tokens *t);
/* Append tokens [from, from + n) as text: one space where the text had
 * white space between them, none before the first. */
int clause_tokens_text(struct clause_buf *out, const struct clause_tokens *t,
		       size_t from, size_t n);

/* One run of the diff: equal tokens (old_n == new_n, same tokens), or a
 * change that strikes old_n old tokens and inserts new_n new ones (either
 * may be 0). */
struct clause_wdiff_run {
	int change;		/* 0: equal run; 1: a change */
	size_t old_at;		/* first old token */
	size_t old_n;		/* old tokens in the run */
	size_t new_at;		/* first new token */
	size_t new_n;		/* new tokens in the run */
};

struct clause_wdiff {
	char *old_text;			/* owned copies the tokens point into */
	char *new_text;
	struct clause_tokens old;	/* tokens of the old text */
	struct clause_tokens new;	/* tokens of the new text */
	struct clause_wdiff_run *v;	/* runs, in text order, alternating */
	size_t n;			/* how many runs */
	size_t cap;			/* allocated slots */
	size_t changes;			/* how many runs are changes */
	char **by;			/* NULL, or per new token the party
					 * whose round brought it in (diff
					 * --by-party), each owned or NULL */
};

#define CLAUSE_WDIFF_INIT { NULL, NULL, CLAUSE_TOKENS_INIT, \
			    CLAUSE_TOKENS_INIT, NULL, 0, 0, 0, NULL }

/* The end of the run of new tokens from `at` (before `end`) that the
 * same party brought in (d->by); `end` when d has no parties. */
size_t clause_wdiff_same_by(const struct clause_wdiff *d, size_t at,
			    size_t end);

/* Diff two texts (NULL is the empty text) into an empty `out`; release it
 * with clause_wdiff_release. */
int clause_wdiff(struct clause_wdiff *out, const char *old_text,
		 const char *new_text);
void clause_wdiff_release(struct clause_wdiff *d);

/* The new text, rebuilt from the runs (the tokens of equal runs are the
 * same on both sides), spaced as the new text is: what applying the
 * edits to the old text gives. */
int clause_wdiff_apply(struct clause_buf *out, const struct clause_wdiff *d);

/* Does white space go before run i when the runs are written one after
 * another?  (The first token of a text has none of its own.) */
int clause_wdiff_space_before(const struct clause_wdiff *d, size_t i);

/* Plain redline: equal text as is, changes as [-old-]{+new+}. */
int clause_wdiff_plain(struct clause_buf *out, const struct clause_wdiff *d);

/*
 * The longest strictly increasing run of key[0..n) (skip[i] set: left
 * out; skip may be NULL), by patience sorting: its length, with
 * tail[len - 1] its last index and prev[] leading back from each index to
 * the one before it on the run ((size_t)-1 at the start).  tail and prev
 * hold n entries.
 */
size_t clause_wdiff_lis(size_t *tail, size_t *prev, const size_t *key,
			const char *skip, size_t n);

#endif
