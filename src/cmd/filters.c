/* filters.c: the filter values checked, and the index opened for a
 * query (see filters.h). */
#include "cmd/filters.h"
#include "cmd/cmd.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int cmd_filter_status(int *status, const char *value,
		      const char *const *usage)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct cmd_suggest s;
	size_t i;

	if (!value || cmd_one_of(value, cmd_statuses))
		return 0;
	cmd_suggest_init(&s, value);
	for (i = 0; cmd_statuses[i]; i++)
		cmd_suggest_add(&s, cmd_statuses[i]);
	/* " (did you mean 'x'?; a status is ...)" */
	cmd_suggest_print(&b, &s, NULL);
	if (b.len)
		clause_buf_truncate(&b, b.len - 1);
	clause_buf_puts(&b, b.len ? "; a status is " : " (a status is ");
	for (i = 0; cmd_statuses[i]; i++)
		clause_buf_printf(&b, "%s%s", i == 0 ? "" : cmd_statuses[i + 1]
				  ? ", " : " or ", cmd_statuses[i]);
	*status = clause_opt_usage_error(usage, "unknown status '%s'%s)", value,
					 b.ptr);
	clause_buf_release(&b);
	return -1;
}

int cmd_filter_category(int *status, const char *value,
			const struct clause_taxonomy *tax,
			const char *const *usage)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct cmd_suggest s;

	if (!value || clause_taxonomy_find(tax, value))
		return 0;
	cmd_suggest_init(&s, value);
	for (size_t i = 0; i < tax->n; i++)
		cmd_suggest_add(&s, tax->v[i].name);
	cmd_suggest_print(&b, &s, NULL);
	*status = clause_opt_usage_error(usage, "unknown category '%s'%s",
					 value, b.len ? b.ptr
					 : " (see clause categories)");
	clause_buf_release(&b);
	return -1;
}

int cmd_filter_category_at(int *status, const char *value, const char *rev,
			   const char *const *usage)
{
	struct clause_taxonomy tax = CLAUSE_TAXONOMY_INIT;
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	int r, known, ret = -1;

	if (!value)
		return 0;
	if ((r = clause_taxonomy_load_builtin(&tax)) < 0) {
		*status = cmd_fail(r);
		return -1;
	}
	known = clause_taxonomy_find(&tax, value) != NULL;
	clause_taxonomy_release(&tax);
	if (known)
		return 0;
	/* Not built in: a taxonomy file of the library may add it. */
	lib.docs_only = 1;
	lib.all = 1;
	if ((r = cmd_library_load(&repo, &lib, rev, NULL, 0)) < 0)
		*status = cmd_fail(r);
	else
		ret = cmd_filter_category(status, value, &lib.taxonomy, usage);
	clause_library_release(&lib);
	clause_repo_free(repo);
	return ret;
}

int cmd_index_open(struct clause_repo **repo, struct clause_index **ix,
		   const struct clause_scope *scope)
{
	int r;

	if ((r = clause_repo_open(repo, NULL,
				  scope->kind != CLAUSE_SCOPE_WORKTREE)) < 0 ||
	    (r = clause_index_open(ix, *repo, 0)) < 0)
		return r;
	/* Say why a search takes a while before it does. */
	if ((*ix)->notice) {
		fprintf(stderr, "clause: %s\n", (*ix)->notice);
		free((*ix)->notice);
		(*ix)->notice = NULL;
	}
	/* Progress while a big update runs, when stderr is a terminal. */
	if (isatty(STDERR_FILENO))
		(*ix)->progress = cmd_progress;
	return 0;
}

void cmd_index_notice(const struct clause_index *ix)
{
	if (ix->notice)
		fprintf(stderr, "clause: %s\n", ix->notice);
}
