/* history.h: the history of the library, of one document, or of one
 * clause followed by its id across renumbering and moves between files. */
#ifndef CLAUSE_HISTORY_H
#define CLAUSE_HISTORY_H

#include <git2.h>
#include <stddef.h>

#include "git/repo.h"

struct clause_log_entry {
	char commit[41];	/* the commit that made this version */
	git_time_t when;	/* author date */
	int offset;		/* author time zone, minutes */
	char *author;		/* author name */
	char *subject;		/* first line of the message */
	const char *change;	/* "added", "modified", "removed", "changed" */
	char *path;		/* file holding the document then, or NULL */
	char *num;		/* clause number then, or NULL */
	char version[41];	/* clause hash or document blob id; "" if gone */
	char **rounds;		/* rounds whose commit has this version */
	size_t nrounds;
};

struct clause_log {
	struct clause_log_entry *v;	/* newest first */
	size_t n;
	size_t cap;
};

/*
 * History from `rev` (HEAD when NULL) back.  With doc NULL: commits that
 * changed any XML file under the scope prefix.  With doc: commits that
 * changed that document's file (found by id wherever it is).  With doc and
 * clause: commits that changed the clause's heading or text, found by id
 * in whichever file holds the document.  At most `max` entries (0: all).
 */
int clause_history(struct clause_log *out, struct clause_repo *repo,
		   const char *rev, const char *doc, const char *clause,
		   size_t max);
void clause_log_release(struct clause_log *log);

#endif
