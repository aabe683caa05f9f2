/* acts.h: what clause ta and clause reject share: recording an act of the
 * bargaining table (<ta>, <reopen>, <reject>) on clauses of the work
 * tree, then committing the documents as clause commit would. */
#ifndef CLAUSE_CMD_ACTS_H
#define CLAUSE_CMD_ACTS_H

#include "cmd/cmd.h"
#include "doc/doc.h"

/*
 * Parse the options of clause ta (kind CLAUSE_ACT_TA: --date, --by,
 * -m, --reopen) or clause reject (CLAUSE_ACT_REJECT: --date, --by, -m),
 * record the act on each DOC/CLAUSE argument and commit.  A document
 * with uncommitted changes, an unknown clause, or an act the clause's
 * state does not allow (a TA on a TA'd clause, a reopening of an open
 * one) changes nothing.  Returns the exit status.
 */
int cmd_act(enum clause_act_kind kind, const char *const *usage, int argc,
	    char **argv);

#endif
