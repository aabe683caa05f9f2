/* cmd_reject.c: clause reject: record that a party rejects the language
 * of a clause on the table. */
#include "cmd/acts.h"

static const char *const reject_usage[] = {
	"clause reject --by PARTY [-q] [--date D] [-m NOTE] DOC/CLAUSE...",
	NULL
};

/* clause reject --by PARTY DOC/CLAUSE...: record a rejection. */
int cmd_reject(int argc, char **argv)
{
	return cmd_act(CLAUSE_ACT_REJECT, reject_usage, argc, argv);
}
