/* blame.c: which party's round brought in each inserted word of a
 * redline (clause diff --by-party; board/board.h). */
#include "board/board.h"
#include "board/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* The rounds after `from` up to `to`, in order: their commits and
 * parties. */
struct chain {
	char (*commit)[41];
	const char **party;
	size_t n;
};

static int chain_of(struct chain *ch, struct clause_rounds *rounds,
		    struct clause_repo *repo, const git_oid *from,
		    const git_oid *to)
{
	ch->commit = calloc(rounds->n ? rounds->n : 1, sizeof(*ch->commit));
	ch->party = calloc(rounds->n ? rounds->n : 1, sizeof(*ch->party));
	ch->n = 0;
	if (!ch->commit || !ch->party) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < rounds->n; i++) {
		git_oid oid;

		if (git_oid_fromstr(&oid, rounds->v[i].commit) < 0 ||
		    git_oid_equal(&oid, from) ||
		    git_graph_descendant_of(repo->git, &oid, from) != 1 ||
		    (!git_oid_equal(&oid, to) &&
		     git_graph_descendant_of(repo->git, to, &oid) != 1)) {
			git_error_clear();
			continue;
		}
		memcpy(ch->commit[ch->n], rounds->v[i].commit, 41);
		ch->party[ch->n++] = rounds->v[i].party;
	}
	return 0;
}

/* From the last text back to the first: each token of the last text
 * (`final`, tokens of texts[n - 1]) is given the party of the step that
 * inserted it, who[j], or stays NULL when it goes back to texts[0]. */
static int trace(const char **who, const struct clause_tokens *final,
		 const char *const *texts, const char *const *parties, size_t n)
{
	size_t *pos = malloc((final->n ? final->n : 1) * sizeof(*pos));
	long *back = NULL;
	int r = 0;

	if (!pos)
		return -1;
	for (size_t j = 0; j < final->n; j++)
		pos[j] = j;
	for (size_t k = n - 1; k > 0 && r == 0; k--) {
		struct clause_wdiff w = CLAUSE_WDIFF_INIT;

		if (clause_wdiff(&w, texts[k - 1], texts[k]) < 0 ||
		    !(back = realloc(back, (w.new.n ? w.new.n : 1) * sizeof(*back)))) {
			clause_wdiff_release(&w);
			r = -1;
			break;
		}
		for (size_t i = 0; i < w.n; i++)
			for (size_t t = 0; t < w.v[i].new_n; t++)
				back[w.v[i].new_at + t] = w.v[i].change ? -1 :
					(long)(w.v[i].old_at + t);
		for (size_t j = 0; j < final->n; j++) {
			if (who[j] || pos[j] == (size_t)-1 || pos[j] >= w.new.n)
				continue;
			if (back[pos[j]] < 0) {
				who[j] = parties[k];
				pos[j] = (size_t)-1;
			} else {
				pos[j] = (size_t)back[pos[j]];
			}
		}
		clause_wdiff_release(&w);
	}
	free(back);
	free(pos);
	return r;
}

/* The parties of the words inserted in clause c: texts are its version
 * at `from`, at each round of the chain, and at `to`. */
static int blame_clause(struct clause_cdiff_clause *c, struct history *h,
			struct clause_doc *const *versions,
			const struct chain *ch)
{
	size_t n = ch->n + 2, m = 0;
	const char **texts = calloc(n, sizeof(*texts));
	const char **parties = calloc(n, sizeof(*parties));
	const char **who = calloc(c->text.new.n ? c->text.new.n : 1, sizeof(*who));
	int r = -1;

	if (!texts || !parties || !who)
		goto done;
	texts[m++] = c->old ? c->old->text : NULL;
	for (size_t k = 0; k < ch->n; k++) {
		const struct clause_clause *v =
			board_history_find(h, versions[k], c->new->id);
		texts[m] = v ? v->text : NULL;
		parties[m++] = ch->party[k];
	}
	/* what `to` holds, when it is not the last round's text */
	if (!texts[m - 1] || strcmp(texts[m - 1], c->new->text) != 0) {
		texts[m] = c->new->text;
		parties[m++] = NULL;
	}
	if (trace(who, &c->text.new, texts, parties, m) < 0 ||
	    !(c->text.by = calloc(c->text.new.n ? c->text.new.n : 1,
				  sizeof(*c->text.by))))
		goto done;
	r = 0;
	for (size_t i = 0; i < c->text.n && r == 0; i++) {
		const struct clause_wdiff_run *run = &c->text.v[i];
		for (size_t t = run->new_at; run->change && t < run->new_at + run->new_n; t++)
			if (who[t] && !(c->text.by[t] = strdup(who[t])))
				r = -1;
	}
done:
	free(texts);
	free(parties);
	free(who);
	return r;
}

int board_blame(struct clause_cdiff *d, struct clause_repo *repo,
		const char *from, const char *to)
{
	struct clause_rounds rounds = { NULL, 0 };
	struct chain ch = { NULL, NULL, 0 };
	struct history h;
	struct clause_doc **versions = NULL;
	git_commit *a = NULL, *b = NULL;
	char *path = NULL;
	int r;

	memset(&h, 0, sizeof(h));
	h.repo = repo;
	if ((r = clause_round_list(&rounds, repo)) < 0 ||
	    (r = clause_repo_commit_of(&a, repo, from)) < 0 ||
	    (r = clause_repo_commit_of(&b, repo, to)) < 0 ||
	    (r = chain_of(&ch, &rounds, repo, git_commit_id(a), git_commit_id(b))) < 0)
		goto done;
	if (!ch.n) {
		clause_error_set("no round lies after %s up to %s: --by-party "
				 "names the party of each round (clause round list)",
				 from, to);
		r = CLAUSE_EINVALID;
		goto done;
	}
	if (!(versions = calloc(ch.n, sizeof(*versions)))) {
		r = CLAUSE_ERROR;
		goto done;
	}
	for (size_t i = 0; i < d->n && r == 0; i++) {
		struct clause_cdiff_doc *e = &d->v[i];

		if (!e->new)
			continue;
		for (size_t k = 0; k < ch.n && r == 0; k++)
			r = board_history_doc_at(&versions[k], &h, repo, ch.commit[k],
						 e->new->id, &path, 0);
		for (size_t j = 0; j < e->nclauses && r == 0; j++) {
			struct clause_cdiff_clause *c = &e->clauses[j];
			if (c->has_text && c->new && c->new->text && !c->text.by &&
			    blame_clause(c, &h, versions, &ch) < 0) {
				clause_error_set("out of memory");
				r = CLAUSE_ERROR;
			}
		}
		free(path);
		path = NULL;
	}
done:
	board_history_release(&h);
	free(versions);
	free(ch.commit);
	free(ch.party);
	free(path);
	git_commit_free(a);
	git_commit_free(b);
	clause_rounds_release(&rounds);
	return r;
}
