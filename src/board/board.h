/* board.h: the bargaining board: where each clause of a negotiation
 * stands at the table.
 *
 * src/board/: the board of one negotiation, computed from its rounds
 * (board.c: the versions of a document at each round tag, or the
 * documents of one negotiation kept side by side) and written as text,
 * JSON, CSV and a printable HTML page (render.c).
 *
 * A negotiation is a sequence of rounds, each the language one party
 * tabled (a version of the document).  Most of a clause's status comes
 * from that history: which party's round first tabled it, which rounds
 * changed it, which round dropped it.  Only tentative agreements and
 * rejections are recorded acts (<ta>, <reopen>, <reject> in the clause:
 * clause-format(5)).
 */
#ifndef CLAUSE_BOARD_H
#define CLAUSE_BOARD_H

#include <stddef.h>

#include "diff/cdiff.h"
#include "git/repo.h"
#include "util/buf.h"

enum board_status {
	BOARD_OPEN,		/* tabled; no other party changed it */
	BOARD_COUNTERED,	/* the parties' language differs */
	BOARD_TA,		/* tentatively agreed: initialled */
	BOARD_WITHDRAWN,	/* dropped by the party that tabled it, or
				 * by both */
	BOARD_REJECTED,		/* a recorded rejection of the language on
				 * the table */
	BOARD_UNCHANGED,	/* in the old agreement; neither side opened
				 * it */
	BOARD_NSTATUS
};

/* "open", "countered", "ta", "withdrawn", "rejected",
 * "agreed-unchanged", in enum order. */
extern const char *const board_status_names[];

struct board_round {
	char *name;		/* "1", "ta", or the round name of a document */
	char *label;		/* "round/1", or the document id */
	char *party;		/* union, employer, joint ..., or NULL */
	char *date;		/* YYYY-MM-DD, or NULL */
	int base;		/* the agreement in force, not a proposal */
};

/* A number the parties' latest versions do not agree on. */
struct board_gap {
	char *union_side;	/* "120 days", or NULL */
	char *employer_side;	/* "60 days", or NULL */
};

/* A recorded act, copied from the clause. */
struct board_act {
	char *date;
	char *by;
	char *round;
	char *note;
};

#define BOARD_NONE ((size_t)-1)

struct board_row {
	char *id;		/* clause id */
	char *num;		/* number in its latest version, or NULL */
	char *heading;		/* heading in its latest version, or NULL */
	char *article;		/* heading (or number) of its article, or NULL */
	size_t first;		/* round that first tabled it */
	size_t last;		/* round that last changed it (or dropped it) */
	size_t nrounds;		/* rounds that tabled its language */
	enum board_status status;
	size_t status_round;	/* withdrawn or struck: that round, or
				 * BOARD_NONE */
	const char *status_by;	/* withdrawn, struck: by whom (a round's
				 * party) */
	int struck;		/* countered by striking it: gone from the
				 * latest round, not from the tabling
				 * party's */
	int dropped;		/* not in the latest round */
	int draft;		/* changed since the latest round, not yet
				 * tabled */
	int has_act;		/* act holds the TA, rejection or reopening */
	struct board_act act;
	int reopened;		/* a TA was reopened and not agreed again */
	const char *current_by;	/* party whose round wrote the language on
				 * the table (last change), or NULL */
	struct board_gap *gaps;
	size_t ngaps;
};

struct board {
	char *name;		/* document id, or negotiation name */
	char *title;		/* of its latest version, or NULL */
	char *as_of;		/* label of the last round counted */
	struct board_round *rounds;
	size_t nrounds;
	struct board_row *rows;	/* article order */
	size_t nrows;
	size_t totals[BOARD_NSTATUS];
};

/*
 * The board of document `doc` through the rounds (round/ tags) HEAD
 * contains, or only those up to round `as_of` ("2" or "round/2"); the
 * recorded acts are those of HEAD (of as_of's commit).  CLAUSE_ENOTFOUND
 * for an unknown document or round, CLAUSE_EINVALID when there is no
 * round to read.  On failure *b holds nothing (no board_release needed;
 * it does no harm).
 */
int board_of_doc(struct board *b, struct clause_repo *repo, const char *doc,
		 const char *as_of);

/*
 * The board of negotiation `name`: the documents of the work tree whose
 * <round negotiation="NAME">, one round each, in round date order, up to
 * the one whose round name or document id is `as_of`.
 */
int board_of_negotiation(struct board *b, struct clause_repo *repo,
			 const char *name, const char *as_of);

void board_release(struct board *b);

/*
 * For the redline d between revisions `from` and `to` (clause diff
 * --by-party): the party whose round brought in each inserted word, set
 * in the word diffs' `by` (diff/wdiff.h).  The rounds are those tagged
 * after `from` up to `to`; a word is traced back through them to the
 * round that inserted it.  Words changed after the last round get no
 * party.  CLAUSE_EINVALID when no round lies between the two.
 */
int board_blame(struct clause_cdiff *d, struct clause_repo *repo,
		const char *from, const char *to);

/* The board as aligned text, JSON, CSV (one row a clause, the header
 * first) or a standalone printable HTML page. */
int board_text(struct clause_buf *out, const struct board *b);
int board_json(struct clause_buf *out, const struct board *b);
int board_csv(struct clause_buf *out, const struct board *b);
int board_html(struct clause_buf *out, const struct board *b);

#endif
