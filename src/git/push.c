/* push.c: clause_remote_push: the refs a remote would refuse found
 * before sending (as git does), the rest sent and tracked. */
#include "git/transfer.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

void clause_push_result_release(struct clause_push_result *res)
{
	for (size_t i = 0; i < res->n; i++) {
		free(res->v[i].ref);
		free(res->v[i].reason);
	}
	free(res->v);
	res->v = NULL;
	res->n = 0;
	res->pushed = 0;
	res->rounds_left = 0;
}

static int refuse(struct clause_push_result *res, const char *ref,
		  const char *reason)
{
	struct clause_push_refusal *v = realloc(res->v, (res->n + 1) * sizeof(*v));

	if (!v)
		return clause_transfer_oom();
	res->v = v;
	v[res->n].ref = strdup(ref);
	v[res->n].reason = strdup(reason);
	res->n++;
	return 0;
}

/* A ref the remote refused as the push ran (status: its reason, NULL
 * when it took the ref), recorded as plan_push records its own. */
static int push_update_reference(const char *ref, const char *status,
				 void *payload)
{
	struct session *s = payload;

	if (!status || !s->push)
		return 0;
	return refuse(s->push, ref, status);
}

static int object_exists(git_repository *git, const git_oid *id)
{
	git_odb *odb = NULL;
	int yes = git_repository_odb(&odb, git) == 0 && git_odb_exists(odb, id);

	git_odb_free(odb);
	return yes;
}

/* A ref the remote advertised, copied out of the connection. */
struct advert {
	char *name;		/* full ref name */
	git_oid oid;		/* what it names there */
};

static void adverts_free(struct advert *v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i].name);
	free(v);
}

/*
 * The refs of the remote, as its fetch side advertises them.  (Asking
 * the push side would do as well, but libgit2 1.5 leaks a connection
 * that fails in the push direction; the push itself connects again.)
 */
static int list_remote(struct advert **out, size_t *n, git_remote *remote,
		       const git_remote_callbacks *cb,
		       const git_proxy_options *proxy)
{
	const git_remote_head **heads = NULL;
	size_t count = 0;
	int r;

	*out = NULL;
	*n = 0;
	if ((r = git_remote_connect(remote, GIT_DIRECTION_FETCH, cb, proxy,
				    NULL)) < 0)
		return r;
	if ((r = git_remote_ls(&heads, &count, remote)) == 0 &&
	    !(*out = calloc(count ? count : 1, sizeof(**out))))
		r = -1;
	for (size_t i = 0; r == 0 && i < count; i++) {
		if (!((*out)[i].name = strdup(heads[i]->name))) {
			r = -1;
			break;
		}
		git_oid_cpy(&(*out)[i].oid, &heads[i]->oid);
		*n = i + 1;
	}
	git_remote_disconnect(remote);
	if (r < 0) {
		adverts_free(*out, *n);
		*out = NULL;
		*n = 0;
		if (!git_error_last())
			git_error_set_oom();
	}
	return r;
}

/* Where the remote has `ref`, from its advertisement; NULL if absent. */
static const git_oid *remote_has(const struct advert *v, size_t n,
				 const char *ref)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(v[i].name, ref) == 0)
			return &v[i].oid;
	return NULL;
}

/* Why the remote would refuse `ref` going from `theirs` (NULL: it has
 * none) to `ours`, in git's words; NULL when it would take it. */
static const char *refusal(git_repository *git, const char *ref,
			   const git_oid *theirs, const git_oid *ours)
{
	if (!theirs)
		return NULL;
	if (strncmp(ref, "refs/tags/", 10) == 0)
		return "already exists with another value on the remote";
	if (!object_exists(git, theirs)) {
		git_error_clear();
		return "fetch first: the remote has commits this library does "
		       "not (run clause pull)";
	}
	if (!git_graph_descendant_of(git, ours, theirs)) {
		git_error_clear();
		return "non-fast-forward: the remote has commits that are not "
		       "here (run clause pull)";
	}
	return NULL;
}

/*
 * Decide, before sending anything, which refs the remote would refuse as
 * git does: a branch whose remote commit is not an ancestor of ours, a
 * tag that exists there with another value.  Those are reported and not
 * sent; refs already up to date are not sent either.
 */
static int plan_push(git_strarray *specs, struct clause_push_result *res,
		     git_repository *git, const struct advert *heads,
		     size_t nheads, char **refs, size_t nrefs)
{
	const char *why;
	int r = 0;

	for (size_t i = 0; i < nrefs; i++) {
		const git_oid *theirs = remote_has(heads, nheads, refs[i]);
		git_oid ours;
		struct clause_buf spec = CLAUSE_BUF_INIT;

		if ((r = git_reference_name_to_id(&ours, git, refs[i])) < 0) {
			clause_error_set("no local ref '%s' to push", refs[i]);
			return CLAUSE_ENOTFOUND;
		}
		if (theirs && git_oid_equal(theirs, &ours))
			continue;	/* up to date */
		if ((why = refusal(git, refs[i], theirs, &ours))) {
			if ((r = refuse(res, refs[i], why)) < 0)
				return r;
			continue;
		}
		clause_buf_printf(&spec, "%s:%s", refs[i], refs[i]);
		specs->strings[specs->count++] = clause_buf_detach(&spec);
	}
	return 0;
}

/* The branch to push, a full ref name, into *out (caller frees):
 * `branch` (NULL: the current one), which must exist. */
static int branch_to_push(char **out, struct clause_repo *repo,
			  const char *branch)
{
	int r;

	if (branch) {
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/heads/%s", branch);
		*out = clause_buf_detach(&b);
	} else if ((r = clause_remote_current_branch(out, repo)) < 0) {
		return r;
	}
	if (git_reference_name_to_id(&(git_oid){ 0 }, repo->git, *out) < 0) {
		git_error_clear();
		clause_error_set("no branch '%s' to push%s", *out + 11,
				 branch ? "" : " (commit something first)");
		return CLAUSE_ENOTFOUND;
	}
	return 0;
}

/* How many round tags here the remote does not have (its refs are
 * heads[0..n)). */
static size_t rounds_left(git_repository *git, const struct advert *heads,
			  size_t n)
{
	git_strarray tags = { NULL, 0 };
	size_t left = 0;

	if (git_tag_list_match(&tags, CLAUSE_ROUND_PREFIX "*", git) < 0) {
		git_error_clear();
		return 0;
	}
	for (size_t i = 0; i < tags.count; i++) {
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/tags/%s", tags.strings[i]);
		left += !remote_has(heads, n, b.ptr);
		clause_buf_release(&b);
	}
	git_strarray_dispose(&tags);
	return left;
}

/* The refs to push, full names, into *refs (*n of them, even on error;
 * the caller frees them and the array): `local`, then with `rounds`
 * every round tag. */
static int refs_to_push(char ***refs, size_t *n, struct clause_repo *repo,
			const char *local, int rounds)
{
	git_strarray tags = { NULL, 0 };
	int r = 0;

	if (rounds && (r = git_tag_list_match(&tags, CLAUSE_ROUND_PREFIX "*",
					      repo->git)) < 0)
		return clause_error_from_git(r, "cannot list the rounds");
	if (!(*refs = calloc(tags.count + 1, sizeof(**refs)))) {
		r = clause_transfer_oom();
		goto done;
	}
	(*refs)[(*n)++] = strdup(local);
	for (size_t i = 0; i < tags.count; i++) {
		struct clause_buf b = CLAUSE_BUF_INIT;
		clause_buf_printf(&b, "refs/tags/%s", tags.strings[i]);
		(*refs)[(*n)++] = clause_buf_detach(&b);
	}
done:
	git_strarray_dispose(&tags);
	return r;
}

int clause_remote_push(struct clause_push_result *res,
		       struct clause_repo *repo, const char *name,
		       const char *branch,
		       const struct clause_remote_opts *opts)
{
	git_push_options po = GIT_PUSH_OPTIONS_INIT;
	git_remote *remote = NULL;
	git_strarray specs = { NULL, 0 };
	struct advert *heads = NULL;
	size_t nheads = 0, nrefs = 0;
	char **refs = NULL;
	char *def = NULL, *local = NULL;
	struct session s;
	struct clause_buf what = CLAUSE_BUF_INIT;
	int r = 0, git = 0;

	memset(res, 0, sizeof(*res));
	if ((r = clause_remote_need_git(repo)) < 0)
		return r;
	if (!name) {
		if ((r = clause_remote_default(&def, repo)) < 0)
			goto done;
		name = def;
	}
	if ((r = clause_remote_lookup(&remote, repo, name)) < 0 ||
	    (r = clause_transfer_check_local(git_remote_pushurl(remote) ?
			git_remote_pushurl(remote) : git_remote_url(remote), 1)) < 0)
		goto done;
	if ((r = branch_to_push(&local, repo, branch)) < 0 ||
	    (r = refs_to_push(&refs, &nrefs, repo, local,
			      opts && opts->rounds)) < 0)
		goto done;
	if (!(specs.strings = calloc(nrefs, sizeof(*specs.strings)))) {
		r = clause_transfer_oom();
		goto done;
	}
	clause_transfer_tls_setup(repo->git);
	clause_transfer_session_init(&s, opts, git_remote_pushurl(remote) ?
				     git_remote_pushurl(remote) :
				     git_remote_url(remote), &po.callbacks);
	s.push = res;
	po.callbacks.push_update_reference = push_update_reference;
	/* git: libgit2's codes; r: ours, with the message set. */
	git = list_remote(&heads, &nheads, remote, &po.callbacks, &po.proxy_opts);
	if (git == 0) {
		/* Whatever credentials that took worked; the push connects
		 * afresh and may ask again. */
		clause_credentials_verdict(&s, "approve");
		s.attempts = 0;
		s.tried_agent = 0;
	}
	if (git == 0)
		r = plan_push(&specs, res, repo->git, heads, nheads, refs, nrefs);
	if (git == 0 && !(opts && opts->rounds))
		res->rounds_left = rounds_left(repo->git, heads, nheads);
	if (git == 0 && r == 0 && specs.count) {
		res->pushed = specs.count;
		git = git_remote_upload(remote, &specs, &po);
		/* Remote-tracking refs move for the refs the remote took
		 * only; a refused ref leaves its tracking ref alone. */
		if (git == 0)
			git = git_remote_update_tips(remote, &po.callbacks, 0,
						     GIT_REMOTE_DOWNLOAD_TAGS_NONE,
						     NULL);
	}
	clause_transfer_session_end(&s, git == 0 && r == 0);
	if (git == GIT_ENONFASTFORWARD) {
		/* Raced with another push after the check above. */
		git_error_clear();
		r = refuse(res, local, "non-fast-forward (run clause pull)");
	} else if (git < 0) {
		clause_buf_printf(&what, "cannot push to '%s'", name);
		clause_error_from_git(git, what.ptr);
		r = CLAUSE_ERROR;
	}
	if (r == 0 && res->n) {
		clause_error_set("the remote '%s' refused %zu ref%s", name, res->n,
				 res->n == 1 ? "" : "s");
		r = CLAUSE_EINVALID;
	}
done:
	git_remote_disconnect(remote);
	adverts_free(heads, nheads);
	for (size_t i = 0; i < nrefs; i++)
		free(refs[i]);
	free(refs);
	for (size_t i = 0; i < specs.count; i++)
		free(specs.strings[i]);
	free(specs.strings);
	clause_buf_release(&what);
	git_remote_free(remote);
	free(def);
	free(local);
	return r;
}
