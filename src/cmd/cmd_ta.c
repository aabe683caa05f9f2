/* cmd_ta.c: clause ta: record a tentative agreement, or reopen one. */
#include "cmd/acts.h"

static const char *const ta_usage[] = {
	"clause ta [-q] [--date D] [--by PARTIES] [-m NOTE] DOC/CLAUSE...",
	"clause ta --reopen --by PARTY [-q] [--date D] [-m NOTE] DOC/CLAUSE...",
	NULL
};

/*
 * clause ta DOC/CLAUSE... [--date D] [--by PARTIES] [-m NOTE]
 * clause ta --reopen --by PARTY DOC/CLAUSE...
 *
 * Record a tentative agreement (or its reopening) on each clause, in its
 * document, and commit: from then on clause commit and clause validate
 * refuse a change to its text until it is reopened.
 */
int cmd_ta(int argc, char **argv)
{
	return cmd_act(CLAUSE_ACT_TA, ta_usage, argc, argv);
}

