/* history.h: the history of the library, of one document, or of one
 * clause followed by its id across renumbering and moves between files. */
#ifndef CLAUSE_HISTORY_H
#define CLAUSE_HISTORY_H

#include <git2.h>
#include <stddef.h>

#include "git/repo.h"
#include "util/map.h"

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

/* One clause of a blob, as history follows it. */
struct clause_ver {
	char hash[41];		/* version of the clause (heading and text) */
	char *num;		/* its number, or NULL; owned */
};

/*
 * What blobs hold, told by a source that knows many of them without
 * parsing (the search index: index/index.h), so that a history parses only
 * the blobs it does not know.
 */
struct clause_blob_oracle {
	/* 1 when it knows blob `oid`, with *docid its document id (the
	 * caller frees; NULL when it is not a valid document); 0 when it
	 * does not know it; negative on error. */
	int (*docid)(char **docid, const git_oid *oid, void *payload);
	/* The clauses of a known blob holding a document, added to
	 * `clauses` as clause id -> struct clause_ver (malloc'd, the
	 * caller frees both). */
	int (*clauses)(struct clause_map *clauses, const git_oid *oid,
		       void *payload);
	void *payload;		/* passed to both */
	/* Where the followed document is likely to be in the first tree
	 * (a path from the top), or NULL: tried before a walk of the tree,
	 * and only believed when the blob there is that document. */
	const char *hint;
};

/*
 * History from `rev` (HEAD when NULL) back.  With doc NULL: commits that
 * changed any XML file under the scope prefix.  With doc: commits that
 * changed that document's file (found by id wherever it is).  With doc and
 * clause: commits that changed the clause's heading or text, found by id
 * in whichever file holds the document.  At most `max` entries (0: all).
 * With `oracle` (or NULL), the blobs it knows are not parsed.
 */
int clause_history(struct clause_log *out, struct clause_repo *repo,
		   const char *rev, const char *doc, const char *clause,
		   size_t max, const struct clause_blob_oracle *oracle);
void clause_log_release(struct clause_log *log);

#endif
