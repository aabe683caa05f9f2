/* filters.h: what the commands that select clauses share: the filter
 * options of ls and search and the check of their values, and the search
 * index opened for a query (search, similar, matrix). */
#ifndef CLAUSE_CMD_FILTERS_H
#define CLAUSE_CMD_FILTERS_H

#include "util/opt.h"
#include "git/repo.h"
#include "index/index.h"
#include "doc/taxonomy.h"

/* Option-table entries of the filters, storing into a const char *. */
#define CMD_OPT_CATEGORY(dest) { CLAUSE_OPT_VALUE, 0, "category", "PREFIX", \
	"clauses in this category or below it", (dest) }
#define CMD_OPT_PARTY(dest) { CLAUSE_OPT_VALUE, 0, "party", "PARTY", \
	"documents with this party (id or part of the name)", (dest) }
#define CMD_OPT_SECTOR(dest) { CLAUSE_OPT_VALUE, 0, "sector", "SECTOR", \
	"documents whose sector contains SECTOR", (dest) }
#define CMD_OPT_STATUS(dest) { CLAUSE_OPT_VALUE, 0, "status", "STATUS", \
	"documents with this status", (dest) }

/* --status STATUS: one of cmd_statuses, else a usage error that names
 * the nearest and lists them.  0, or -1 with *status 129. */
int cmd_filter_status(int *status, const char *value,
		      const char *const *usage);
/* --category PREFIX: a category of tax, else a usage error with the
 * nearest names.  0, or -1 with *status 129. */
int cmd_filter_category(int *status, const char *value,
			const struct clause_taxonomy *tax,
			const char *const *usage);
/* The same for a command that has not read the library: the built-in
 * taxonomy answers, and for a name it lacks the library's taxonomy at
 * rev (NULL: the work tree) is read.  0, or -1 with *status 129, or 128
 * when the library cannot be read. */
int cmd_filter_category_at(int *status, const char *value, const char *rev,
			   const char *const *usage);

/* Open the library of the current directory (bare when the scope is not
 * the work tree) and its search index, ready for a query of scope: the
 * notice of why it will take a while is printed, and the progress of a
 * big update shown when stderr is a terminal.  A library code (the
 * caller passes it to cmd_fail); *repo and *ix are the caller's to free
 * either way. */
int cmd_index_open(struct clause_repo **repo, struct clause_index **ix,
		   const struct clause_scope *scope);
/* After the query: the notice it left (a rebuild, say), if any. */
void cmd_index_notice(const struct clause_index *ix);

#endif
