/* remote.c: named remotes: add, remove, list, the default one, and the
 * lookups fetch, pull and push start from. */
#include "git/transfer.h"
#include "util/array.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int clause_remote_need_git(struct clause_repo *repo)
{
	if (repo->git)
		return 0;
	clause_error_set("not in a clause library");
	return CLAUSE_ERROR;
}

int clause_remote_add(struct clause_repo *repo, const char *name,
		      const char *url)
{
	git_remote *remote = NULL;
	char *abs = NULL;
	int r, valid = 0;

	if ((r = clause_remote_need_git(repo)) < 0)
		return r;

	if (git_remote_name_is_valid(&valid, name) < 0 || !valid) {
		git_error_clear();
		clause_error_set("'%s' is not a valid remote name", name);
		return CLAUSE_EUSAGE;
	}
	if ((r = clause_transfer_check_local(url, 0)) < 0)
		return r;
	if (!(abs = clause_transfer_absolute_url(url)))
		return clause_transfer_oom();
	r = git_remote_create(&remote, repo->git, name, abs);
	if (r == GIT_EEXISTS) {
		git_error_clear();
		clause_error_set("remote '%s' already exists", name);
		r = CLAUSE_EEXISTS;
	} else if (r < 0) {
		r = clause_error_from_git(r, "cannot add the remote");
		if (r == CLAUSE_ENOTFOUND)
			r = CLAUSE_ERROR;
	}
	git_remote_free(remote);
	free(abs);
	return r;
}

/* Look up remote `name`, with a clear message when there is none. */
int clause_remote_lookup(git_remote **out, struct clause_repo *repo,
			 const char *name)
{
	int r = git_remote_lookup(out, repo->git, name);

	if (r == GIT_ENOTFOUND || r == GIT_EINVALIDSPEC) {
		git_error_clear();
		clause_error_set("no remote named '%s' (add one with clause "
				 "remote add)", name);
		return CLAUSE_ENOTFOUND;
	}
	if (r < 0)
		return clause_error_from_git(r, "cannot read the remote");
	return 0;
}

int clause_remote_remove(struct clause_repo *repo, const char *name)
{
	git_remote *remote = NULL;
	int r;

	if ((r = clause_remote_need_git(repo)) < 0 ||
	    (r = clause_remote_lookup(&remote, repo, name)) < 0)
		return r;
	git_remote_free(remote);
	if ((r = git_remote_delete(repo->git, name)) < 0)
		return clause_error_from_git(r, "cannot remove the remote");
	return 0;
}

void clause_remote_list_release(struct clause_remote_list *list)
{
	for (size_t i = 0; i < list->n; i++) {
		free(list->v[i].name);
		free(list->v[i].url);
		free(list->v[i].push_url);
	}
	free(list->v);
	list->v = NULL;
	list->n = 0;
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(((const struct clause_remote_entry *)a)->name,
		      ((const struct clause_remote_entry *)b)->name);
}

int clause_remote_list(struct clause_remote_list *out, struct clause_repo *repo)
{
	git_strarray names = { NULL, 0 };
	int r;

	out->v = NULL;
	out->n = 0;
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if ((r = git_remote_list(&names, repo->git)) < 0)
		return clause_error_from_git(r, "cannot list the remotes");
	out->v = calloc(names.count ? names.count : 1, sizeof(*out->v));
	if (!out->v) {
		git_strarray_dispose(&names);
		return clause_transfer_oom();
	}
	for (size_t i = 0; i < names.count; i++) {
		struct clause_remote_entry *e = &out->v[out->n];
		git_remote *remote = NULL;
		const char *url, *push;

		if (git_remote_lookup(&remote, repo->git, names.strings[i]) < 0) {
			git_error_clear();
			continue;
		}
		url = git_remote_url(remote);
		push = git_remote_pushurl(remote);
		e->name = strdup(names.strings[i]);
		e->url = strdup(url ? url : "");
		e->push_url = push && strcmp(push, url ? url : "") ? strdup(push)
								   : NULL;
		out->n++;
		git_remote_free(remote);
	}
	git_strarray_dispose(&names);
	clause_qsort(out->v, out->n, sizeof(*out->v), entry_cmp);
	return 0;
}

/* The current branch's full ref name (refs/heads/X), even unborn. */
int clause_remote_current_branch(char **out, struct clause_repo *repo)
{
	git_reference *head = NULL;
	int r;

	*out = NULL;
	if ((r = git_reference_lookup(&head, repo->git, "HEAD")) < 0)
		return clause_error_from_git(r, "cannot read HEAD");
	if (git_reference_type(head) != GIT_REFERENCE_SYMBOLIC ||
	    strncmp(git_reference_symbolic_target(head), "refs/heads/", 11)) {
		git_reference_free(head);
		clause_error_set("not on a branch (HEAD is detached)");
		return CLAUSE_ERROR;
	}
	*out = strdup(git_reference_symbolic_target(head));
	git_reference_free(head);
	return *out ? 0 : clause_transfer_oom();
}

int clause_remote_default(char **out, struct clause_repo *repo)
{
	git_buf buf = GIT_BUF_INIT;
	char *branch = NULL;
	int r;

	*out = NULL;
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if (clause_remote_current_branch(&branch, repo) == 0 &&
	    git_branch_upstream_remote(&buf, repo->git, branch) == 0)
		*out = strdup(buf.ptr);
	else
		*out = strdup("origin");
	git_error_clear();
	clause_error_clear();
	git_buf_dispose(&buf);
	free(branch);
	return *out ? 0 : clause_transfer_oom();
}
