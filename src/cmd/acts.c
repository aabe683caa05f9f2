/* acts.c: the recorded acts of the bargaining table (clause ta, clause
 * ta --reopen, clause reject), written into the documents and committed
 * (cmd/acts.h). */
#include "cmd/acts.h"
#include "doc/xml.h"
#include "git/commit.h"
#include "git/library.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const parties[] = {
	"union", "employer", "joint", "mediator", "federation", NULL
};

/* One document to write: its entry, its bytes before and after. */
struct target {
	const struct clause_entry *e;
	struct clause_doc *doc;		/* as it stands with the acts so far */
	struct clause_buf old;		/* the file as it was */
	struct clause_buf now;		/* with the acts */
	char *file;			/* absolute path */
};

struct acts {
	enum clause_act_kind kind;
	const char *const *usage;
	struct clause_act act;
	struct target *t;
	size_t nt;
	struct clause_buf names;	/* DOC/CLAUSE, ... for the message */
	int quiet;			/* -q: no summary line */
};

/* "union,employer" or "union employer" -> "union employer", each one of
 * parties; NULL (with a usage message printed) when one is not. */
static char *parse_by(const char *s, const char *const *usage)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	char *copy = strdup(s), *save = NULL;

	for (char *w = strtok_r(copy, ", ", &save); w; w = strtok_r(NULL, ", ", &save)) {
		if (!cmd_one_of(w, parties)) {
			char msg[160];
			snprintf(msg, sizeof(msg), "--by: unknown party '%.40s' "
				 "(union, employer, joint, mediator, federation)", w);
			clause_opt_usage_error(usage, "%s", msg);
			clause_buf_release(&b);
			free(copy);
			return NULL;
		}
		if (b.len)
			clause_buf_putc(&b, ' ');
		clause_buf_puts(&b, w);
	}
	free(copy);
	if (!b.len) {
		clause_opt_usage_error(usage, "--by: name at least one party");
		return NULL;
	}
	return clause_buf_detach(&b);
}

/* The latest round whose commit HEAD contains, or NULL. */
static char *round_on_table(struct clause_repo *repo)
{
	struct clause_rounds rounds = { NULL, 0 };
	git_oid head, oid;
	char *name = NULL;

	if (git_reference_name_to_id(&head, repo->git, "HEAD") < 0 ||
	    clause_round_list(&rounds, repo) < 0) {
		git_error_clear();
		return NULL;
	}
	for (size_t i = rounds.n; i-- > 0 && !name;) {
		if (git_oid_fromstr(&oid, rounds.v[i].commit) < 0)
			continue;
		if (git_oid_equal(&oid, &head) ||
		    git_graph_descendant_of(repo->git, &head, &oid) == 1)
			name = strdup(rounds.v[i].name);
	}
	git_error_clear();
	clause_rounds_release(&rounds);
	return name;
}

static struct target *target_of(struct acts *a, struct clause_repo *repo,
				struct clause_library *lib,
				const struct clause_entry *e, int *r)
{
	struct target *t;
	unsigned flags = 0;

	for (size_t i = 0; i < a->nt; i++)
		if (a->t[i].e == e)
			return &a->t[i];
	if (git_status_file(&flags, repo->git, e->path) < 0 || flags) {
		git_error_clear();
		clause_error_set("%s has changes that are not committed: commit "
				 "them first, so that the %s is recorded on the "
				 "language as it was tabled", e->display,
				 clause_act_names[a->kind]);
		*r = CLAUSE_EINVALID;
		return NULL;
	}
	t = realloc(a->t, (a->nt + 1) * sizeof(*a->t));
	if (!t) {
		clause_error_set("out of memory");
		*r = CLAUSE_ERROR;
		return NULL;
	}
	a->t = t;
	t = &a->t[a->nt++];
	memset(t, 0, sizeof(*t));
	t->e = e;
	clause_buf_printf(&t->old, "%s%s", repo->workdir, e->path);
	t->file = clause_buf_detach(&t->old);
	if ((*r = clause_buf_read_file(&t->old, t->file, CLAUSE_MAX_DOC_BYTES)) < 0 ||
	    (*r = clause_library_reload(&t->doc, lib, repo, e)) < 0)
		return NULL;
	return t;
}

/* Is the act allowed on clause c, as it stands? */
static int allowed(const struct acts *a, const char *doc,
		   const struct clause_clause *c)
{
	const struct clause_act *ta = clause_clause_ta(c);

	if (a->kind == CLAUSE_ACT_TA && ta) {
		clause_error_set("%s/%s is already tentatively agreed (%s, by %s)",
				 doc, c->id, ta->date, ta->by);
		return 0;
	}
	if (a->kind == CLAUSE_ACT_REOPEN && !ta) {
		clause_error_set("%s/%s is not tentatively agreed: there is no TA "
				 "to reopen", doc, c->id);
		return 0;
	}
	if (a->kind == CLAUSE_ACT_REJECT && ta) {
		clause_error_set("%s/%s is tentatively agreed (%s): reopen it "
				 "first (clause ta --reopen)", doc, c->id, ta->date);
		return 0;
	}
	return 1;
}

/* Are the words of clause `id` of document `doc` (version `hash`) those
 * of round `round`, in its file at `path`?  1 yes, 0 no (changed, or not
 * there), -1 when that cannot be told (the file was elsewhere). */
static int tabled_in(struct clause_repo *repo, const char *round,
		     const char *path, const char *doc, const char *id,
		     const char *hash)
{
	struct clause_buf rev = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *d = NULL;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	git_blob *blob = NULL;
	const struct clause_clause *c;
	int r = -1;

	clause_buf_printf(&rev, CLAUSE_ROUND_PREFIX "%s", round);
	if (clause_repo_commit_of(&commit, repo, rev.ptr) < 0 ||
	    git_commit_tree(&tree, commit) < 0 ||
	    git_tree_entry_bypath(&te, tree, path) < 0 ||
	    git_blob_lookup(&blob, repo->git, git_tree_entry_id(te)) < 0 ||
	    clause_doc_load(&d, NULL, path, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob), 0, &probs) < 0 ||
	    !d || strcmp(d->id, doc) != 0)
		goto done;
	c = clause_doc_clause(d, id);
	r = c && strcmp(c->hash, hash) == 0;
done:
	git_error_clear();
	clause_error_clear();
	clause_doc_free(d);
	clause_problems_release(&probs);
	git_blob_free(blob);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(commit);
	clause_buf_release(&rev);
	return r;
}

/* Record the act on one DOC/CLAUSE, in memory. */
static int record(struct acts *a, struct clause_repo *repo,
		  struct clause_library *lib, const char *arg)
{
	struct cmd_address addr;
	struct clause_buf hint = CLAUSE_BUF_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	const struct clause_entry *e;
	const struct clause_clause *c;
	struct clause_doc *again = NULL;
	struct clause_act act;
	struct target *t;
	int r;

	if (cmd_address_parse(&addr, arg, CMD_ADDR_CLAUSE) < 0) {
		clause_error_set("'%s' is not DOC/CLAUSE", arg);
		return CLAUSE_EUSAGE;
	}
	if (!cmd_address_in(&hint, lib, addr.doc, addr.clause)) {
		clause_error_set("no clause '%s/%s' in the work tree%s", addr.doc,
				 addr.clause, hint.ptr ? hint.ptr : "");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	e = clause_library_find(lib, addr.doc);
	if (!(t = target_of(a, repo, lib, e, &r)))
		goto done;
	c = clause_doc_clause(t->doc, addr.clause);
	if (!allowed(a, addr.doc, c)) {
		r = CLAUSE_EINVALID;
		goto done;
	}
	act = a->act;
	/* A TA on words no round tabled names no round: the board would
	 * say it was agreed on that round's language. */
	if (act.round && a->kind == CLAUSE_ACT_TA &&
	    tabled_in(repo, act.round, e->path, addr.doc, addr.clause,
		      c->hash) == 0) {
		fprintf(stderr, "clause: %s/%s: its words are not those of "
			"round %s; the TA names no round\n", addr.doc,
			addr.clause, act.round);
		act.round = NULL;
	}
	if ((r = clause_doc_add_act(&t->now, t->doc, addr.clause, &act)) < 0)
		goto done;
	if ((r = clause_doc_load(&again, NULL, e->display, t->now.ptr,
				 t->now.len, 1, &probs)) < 0) {
		clause_error_set("%s: the record does not load", e->display);
		r = CLAUSE_ERROR;
		goto done;
	}
	clause_doc_free(t->doc);
	t->doc = again;
	clause_buf_printf(&a->names, "%s%s/%s", a->names.len ? ", " : "",
			  addr.doc, addr.clause);
done:
	clause_problems_release(&probs);
	clause_buf_release(&hint);
	cmd_address_release(&addr);
	return r;
}

/* Write the documents, commit them; on a refusal put them back. */
static int write_and_commit(struct acts *a, struct clause_repo *repo,
			    const char *note, int *status)
{
	static const char *const verbs[] = { "TA", "Reopen TA of", "Reject" };
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf msg = CLAUSE_BUF_INIT;
	char **paths = calloc(a->nt ? a->nt : 1, sizeof(*paths));
	size_t written = 0;
	git_oid oid;
	char id[8];
	int r = 0;

	if (!paths) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (; written < a->nt && r == 0; written++) {
		paths[written] = a->t[written].file;
		r = cmd_write_atomic(a->t[written].file, &a->t[written].now);
	}
	clause_buf_printf(&msg, "%s %s (%s, %s)", verbs[a->kind], a->names.ptr,
			  a->act.date, a->act.by);
	if (a->act.round)
		clause_buf_printf(&msg, ", round %s", a->act.round);
	if (note)
		clause_buf_printf(&msg, "\n\n%s", note);
	if (r == 0)
		r = clause_commit_worktree(&oid, repo, msg.ptr, paths, a->nt, &probs);
	if (r < 0) {
		for (size_t i = 0; i < written; i++)
			cmd_write_atomic(a->t[i].file, &a->t[i].old);
		if (r == CLAUSE_EINVALID && probs.n) {
			clause_problems_sort(&probs);
			cmd_print_problems(&probs);
			fprintf(stderr, "clause: nothing recorded: %zu problem%s\n",
				probs.n, probs.n == 1 ? "" : "s");
			*status = CLAUSE_EXIT_NO;
			r = 0;
		} else {
			*status = cmd_fail(r);
		}
	} else if (!a->quiet) {
		git_reference *head = NULL;

		git_oid_tostr(id, sizeof(id), &oid);
		if (git_repository_head(&head, repo->git) < 0)
			git_error_clear();
		printf("[%s %s] %.*s\n", head ? git_reference_shorthand(head) : "HEAD",
		       id, (int)strcspn(msg.ptr, "\n"), msg.ptr);
		git_reference_free(head);
		*status = CLAUSE_EXIT_OK;
	} else {
		*status = CLAUSE_EXIT_OK;
	}
	free(paths);
	clause_buf_release(&msg);
	clause_problems_release(&probs);
	return r;
}

int cmd_act(enum clause_act_kind kind, const char *const *usage, int argc,
	    char **argv)
{
	const char *date = NULL, *by = NULL, *note = NULL;
	int reopen = 0, quiet = 0;
	const struct clause_opt ta_opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "date", "D", "when (YYYY-MM-DD; today by default)", &date },
		{ CLAUSE_OPT_VALUE, 0, "by", "PARTIES", "who initialled it (union,employer by default)", &by },
		{ CLAUSE_OPT_VALUE, 'm', "message", "NOTE", "a note on the act", &note },
		{ CLAUSE_OPT_FLAG, 0, "reopen", NULL, "withdraw the TA: its text may change again", &reopen },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary line of the commit", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	const struct clause_opt reject_opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "date", "D", "when (YYYY-MM-DD; today by default)", &date },
		{ CLAUSE_OPT_VALUE, 0, "by", "PARTY", "who rejects it", &by },
		{ CLAUSE_OPT_VALUE, 'm', "message", "NOTE", "a note on the act", &note },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary line of the commit", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct acts a;
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	char today[11], *parties_by = NULL;
	int r, status;

	memset(&a, 0, sizeof(a));
	if (cmd_parse(&status, &args, NULL, kind == CLAUSE_ACT_REJECT ?
		      reject_opts : ta_opts, usage, argc, argv) < 0)
		goto done;
	a.kind = reopen ? CLAUSE_ACT_REOPEN : kind;
	a.quiet = quiet;
	a.usage = usage;
	status = CLAUSE_EXIT_USAGE;
	if (!args.n) {
		clause_opt_usage_error(usage, "name at least one DOC/CLAUSE");
		goto done;
	}
	if (date && !clause_opt_date(date)) {
		clause_opt_usage_error(usage, "--date: not a date (YYYY-MM-DD)");
		goto done;
	}
	if (!by && a.kind != CLAUSE_ACT_TA) {
		clause_opt_usage_error(usage, a.kind == CLAUSE_ACT_REOPEN ?
			"--reopen: say who reopens it (--by union or --by employer)" :
			"say who rejects it (--by union or --by employer)");
		goto done;
	}
	if (!(parties_by = parse_by(by ? by : "union,employer", usage)))
		goto done;
	if (!date) {
		time_t now = time(NULL);
		strftime(today, sizeof(today), "%Y-%m-%d", localtime(&now));
		date = today;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = repo->workdir ? 0 : (clause_error_set("not in a clause library "
				      "with a work tree"), CLAUSE_ERROR)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	lib.all = 1;
	lib.light = 1;
	if ((r = clause_library_load(&lib, repo, NULL, NULL, 0)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	a.act.kind = a.kind;
	a.act.date = (char *)date;
	a.act.by = parties_by;
	a.act.round = round_on_table(repo);
	a.act.note = (char *)note;
	for (size_t i = 0; i < args.n; i++)
		if ((r = record(&a, repo, &lib, args.v[i])) < 0) {
			status = cmd_fail(r);
			goto done;
		}
	if ((r = write_and_commit(&a, repo, note, &status)) < 0 && status == 0)
		status = cmd_fail(r);
done:
	for (size_t i = 0; i < a.nt; i++) {
		clause_doc_free(a.t[i].doc);
		clause_buf_release(&a.t[i].old);
		clause_buf_release(&a.t[i].now);
		free(a.t[i].file);
	}
	free(a.t);
	free(a.act.round);
	clause_buf_release(&a.names);
	free(parties_by);
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(args.v);
	return status;
}

