/* cmd_diff.c: clause diff: clause-aware diff and redlines. */
#include "board/board.h"
#include "util/array.h"
#include "diff/cdiff.h"
#include "export/export.h"
#include "git/changed.h"
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/library.h"
#include "diff/render.h"
#include "doc/xml.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause diff [--stat] [--format=FMT] [--color[=WHEN]] [--exit-code] "
		"[--clause=DOC/CLAUSE] [-o FILE] [--author=NAME] [--by-party] "
		"[REV [REV]] [-- PATH...]",
	"clause diff [--stat] [--format=FMT] [--color[=WHEN]] [--exit-code] "
		"[-o FILE] [--author=NAME] FILE FILE",
	"clause diff [--format=FMT] [--color[=WHEN]] [--exit-code] "
		"DOC/CLAUSE[@REV] DOC/CLAUSE[@REV]",
	"clause diff --against-model [--format=FMT] [--color[=WHEN]] [REV] "
		"[-- PATH...]",
	"clause diff --textconv FILE",
	"clause diff --external PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE",
	NULL
};

enum { FMT_TEXT, FMT_HTML, FMT_JSON, FMT_DOCX };
static const char *const formats[] = { "text", "html", "json", "docx", NULL };

/* Everything one run holds, released in one place. */
struct run {
	struct clause_repo *repo;		/* the library, once opened */
	struct clause_changed changed;		/* revisions: changed docs */
	struct clause_library lib[2];		/* clause and model forms */
	struct clause_doc *files[2];		/* two files */
	struct clause_cdiff diff;		/* the result, borrowing the above */
	struct clause_problems problems;	/* invalid documents */
	struct clause_buf title;		/* heading of the HTML page */
	struct cmd_address addr[2];		/* two clauses' addresses */
	struct cmd_address only;		/* --clause DOC/CLAUSE */
	const char *revs[2];			/* the revisions compared (NULL:
						 * the work tree), borrowed */
	int by_rev;				/* revs are set */
};

static int is_file(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Load a file named on the command line as a clause document.  Invalid
 * documents add problems; other XML is invalid here too. */
static int load_path(struct clause_doc **out, const char *path,
		     struct clause_problems *probs, int must)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	enum clause_kind kind;
	int r;

	*out = NULL;
	if ((r = clause_buf_read_file(&b, path, CLAUSE_MAX_DOC_BYTES)) < 0) {
		if (r == CLAUSE_ETOOBIG) {
			clause_problems_add(probs, path, 1, 1, "%s",
					    clause_error_last());
			r = CLAUSE_EINVALID;
		}
		goto done;
	}
	r = clause_doc_load(out, &kind, path, b.ptr, b.len, must, probs);
	if (r == 0 && kind == CLAUSE_KIND_TAXONOMY) {
		if (must)
			clause_problems_add(probs, path, 1, 1,
					    "a taxonomy, not a clause document");
		r = must ? CLAUSE_EINVALID : CLAUSE_ENOTFOUND;
	}
done:
	clause_buf_release(&b);
	return r;
}

static int resolves(struct clause_repo *repo, const char *rev)
{
	git_commit *c = NULL;
	int ok;

	if (!repo || !repo->git)
		return 0;
	ok = clause_repo_commit_of(&c, repo, rev) == 0;
	git_commit_free(c);
	clause_error_clear();
	return ok;
}

/* clause diff --textconv FILE: the document as text for a line diff. */
static int textconv(const char *path)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf raw = CLAUSE_BUF_INIT, out = CLAUSE_BUF_INIT;
	struct clause_doc *doc = NULL;
	int r, status;

	r = load_path(&doc, path, &probs, 0);
	if (r == CLAUSE_ENOTFOUND) {
		/* Not ours: git shows the bytes as they are. */
		if ((r = clause_buf_read_file(&raw, path, CLAUSE_MAX_DOC_BYTES)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
		cmd_out(&raw);
		status = CLAUSE_EXIT_OK;
		goto done;
	}
	if (r == CLAUSE_EINVALID) {
		cmd_print_problems(&probs);
		fprintf(stderr, "clause: refusing to show an invalid document\n");
		status = CLAUSE_EXIT_NO;
		goto done;
	}
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	clause_render_textconv(&out, doc);
	cmd_out(&out);
	status = CLAUSE_EXIT_OK;
done:
	clause_doc_free(doc);
	clause_problems_release(&probs);
	clause_buf_release(&raw);
	clause_buf_release(&out);
	return status;
}

/* The two-files forms: FILE FILE, and git's external diff (where either
 * side may be /dev/null). */
static int diff_files(struct run *run, const char *a, const char *b,
		      const char *label_a, const char *label_b, int must)
{
	const char *path[2] = { a, b };
	const char *label[2] = { label_a, label_b };
	int r;

	for (int i = 0; i < 2; i++) {
		if (strcmp(path[i], "/dev/null") == 0)
			continue;
		r = load_path(&run->files[i], path[i], &run->problems, must);
		if (r == CLAUSE_ENOTFOUND)
			continue;	/* other XML in git's external diff */
		if (r < 0 && r != CLAUSE_EINVALID)
			return r;
	}
	if (run->problems.n)
		return CLAUSE_EINVALID;
	if (!run->files[0] && !run->files[1])
		return 0;
	clause_buf_printf(&run->title, "Redline: %s -> %s",
			  run->files[0] ? run->files[0]->id : "(none)",
			  run->files[1] ? run->files[1]->id : "(none)");
	return clause_cdiff_docs(&run->diff, run->files[0],
				 run->files[0] ? label[0] : NULL, run->files[1],
				 run->files[1] ? label[1] : NULL);
}

/* A unified line diff of two files (for git's external diff when they
 * are not clause documents), through libgit2. */
static int plain_diff(const char *path, const char *a, const char *b,
		      const char *new_path)
{
	struct clause_buf x = CLAUSE_BUF_INIT, y = CLAUSE_BUF_INIT,
			  la = CLAUSE_BUF_INIT, lb = CLAUSE_BUF_INIT;
	git_patch *patch = NULL;
	git_buf out = { NULL, 0, 0 };
	int r, status;

	if ((strcmp(a, "/dev/null") != 0 &&
	     (r = clause_buf_read_file(&x, a, CLAUSE_MAX_DOC_BYTES)) < 0) ||
	    (strcmp(b, "/dev/null") != 0 &&
	     (r = clause_buf_read_file(&y, b, CLAUSE_MAX_DOC_BYTES)) < 0)) {
		status = cmd_fail(CLAUSE_ERROR);
		goto done;
	}
	/* libgit2 adds the a/ and b/ itself. */
	clause_buf_puts(&la, path);
	clause_buf_puts(&lb, new_path);
	if ((r = git_patch_from_buffers(&patch, x.ptr, x.len, la.ptr, y.ptr,
					y.len, lb.ptr, NULL)) < 0 ||
	    (r = git_patch_to_buf(&out, patch)) < 0) {
		status = cmd_fail(clause_error_from_git(r, "cannot compare the files"));
		goto done;
	}
	fwrite(out.ptr, 1, out.size, stdout);
	status = CLAUSE_EXIT_OK;
done:
	git_buf_dispose(&out);
	git_patch_free(patch);
	clause_buf_release(&x);
	clause_buf_release(&y);
	clause_buf_release(&la);
	clause_buf_release(&lb);
	return status;
}

/* Free the texts of clauses no change refers to: once a pair is diffed,
 * only the changes are shown, and a whole-library diff should not hold
 * every clause of every changed document. */
static void drop_unused_texts(const struct clause_cdiff_doc *e,
			      struct clause_doc *old, struct clause_doc *new)
{
	struct clause_doc *docs[2] = { old, new };
	char *used[2] = { NULL, NULL };

	for (int s = 0; s < 2; s++) {
		if (!docs[s] || !(used[s] = calloc(docs[s]->nclauses + 1, 1)))
			continue;
		for (size_t k = 0; k < e->nclauses; k++) {
			const struct clause_clause *c = s ? e->clauses[k].new
							  : e->clauses[k].old;
			if (c)
				used[s][c - docs[s]->clauses] = 1;
		}
		for (size_t i = 0; i < docs[s]->nclauses; i++)
			if (!used[s][i]) {
				free(docs[s]->clauses[i].text);
				docs[s]->clauses[i].text = NULL;
			}
		free(used[s]);
	}
}

static int diff_pair(struct clause_changed_pair *p, void *payload)
{
	struct run *run = payload;
	int r = clause_cdiff_docs(&run->diff, p->old, p->old_display, p->new,
				  p->new_display);

	if (r == 0)
		drop_unused_texts(&run->diff.v[run->diff.n - 1], p->old, p->new);
	return r;
}

static const char *entry_path(const struct clause_cdiff_doc *e)
{
	return e->new_path ? e->new_path : e->old_path ? e->old_path : "";
}

static int entry_cmp(const void *a, const void *b)
{
	return strcmp(entry_path(a), entry_path(b));
}

static int diff_revs(struct run *run, const char *old_rev, const char *new_rev,
		     char **paths, size_t npaths)
{
	int r;

	if ((r = clause_repo_open(&run->repo, NULL, 1)) < 0)
		return r;
	run->revs[0] = old_rev;
	run->revs[1] = new_rev;
	run->by_rev = 1;
	/* Like git's own diff, do not hash every blob read again to check
	 * the object store (a fifth of the time of a whole-library diff):
	 * every document is still parsed safely and validated. */
	git_libgit2_opts(GIT_OPT_ENABLE_STRICT_HASH_VERIFICATION, 0);
	/* Each pair is diffed as soon as it is read, and its trees freed. */
	if ((r = clause_changed_load(&run->changed, run->repo, old_rev, new_rev,
				     paths, npaths, diff_pair, run)) < 0)
		return r;
	if (run->changed.problems.n) {
		cmd_problems_add_all(&run->problems, &run->changed.problems);
		return CLAUSE_EINVALID;
	}
	clause_buf_printf(&run->title, "Redline: %s -> %s", old_rev,
			  new_rev ? new_rev : "work tree");
	/* Moves between files were paired last: back to path order. */
	if (run->diff.n > 1)
		clause_qsort(run->diff.v, run->diff.n, sizeof(*run->diff.v), entry_cmp);
	return 0;
}

/* Load the library at rev (NULL: the work tree) into lib, refusing it
 * when a document in scope is invalid. */
static int load_library(struct run *run, struct clause_library *lib,
			const char *rev, char **paths, size_t npaths)
{
	int r;

	if (!run->repo && (r = clause_repo_open(&run->repo, NULL, rev != NULL)) < 0)
		return r;
	if ((r = clause_library_load(lib, run->repo, rev, paths, npaths)) < 0)
		return r;
	cmd_problems_add_all(&run->problems, &lib->problems);
	return lib->problems.n ? CLAUSE_EINVALID : 0;
}

/* DOC/CLAUSE[@REV] DOC/CLAUSE[@REV], as split into run->addr. */
static int diff_two_clauses(struct run *run)
{
	const struct cmd_address *a = run->addr;
	const struct clause_entry *e[2];
	const struct clause_clause *c[2];
	struct clause_buf hint = CLAUSE_BUF_INIT;
	int r;

	for (int i = 0; i < 2; i++) {
		run->lib[i].all = 1;
		r = load_library(run, &run->lib[i], a[i].rev, NULL, 0);
		if (r < 0)
			return r;
		if (!cmd_address_in(&hint, &run->lib[i], a[i].doc, a[i].clause)) {
			struct clause_buf what = CLAUSE_BUF_INIT;

			if (clause_library_find(&run->lib[i], a[i].doc))
				clause_buf_printf(&what, "clause '%s' in ",
						  a[i].clause);
			clause_error_set("no %sdocument '%s'%s%s%s", what.ptr,
					 a[i].doc, a[i].rev ? " at " : "",
					 a[i].rev ? a[i].rev : "", hint.ptr);
			clause_buf_release(&what);
			clause_buf_release(&hint);
			return CLAUSE_ENOTFOUND;
		}
		e[i] = clause_library_find(&run->lib[i], a[i].doc);
		c[i] = clause_doc_clause(e[i]->doc, a[i].clause);
	}
	clause_buf_printf(&run->title, "Redline: %s/%s%s%s -> %s/%s%s%s",
			  a[0].doc, a[0].clause, a[0].rev ? "@" : "",
			  a[0].rev ? a[0].rev : "", a[1].doc, a[1].clause,
			  a[1].rev ? "@" : "", a[1].rev ? a[1].rev : "");
	return clause_cdiff_clauses(&run->diff, e[0]->doc, c[0], e[0]->display,
				    e[1]->doc, c[1], e[1]->display, NULL);
}

/* --against-model: each clause that names a model beside that model. */
static int diff_against_model(struct run *run, const char *rev, char **paths,
			      size_t npaths)
{
	struct clause_library *lib = &run->lib[0];
	int r;

	if ((r = load_library(run, lib, rev, paths, npaths)) < 0)
		return r;
	clause_buf_printf(&run->title, "Deviations from the model clauses%s%s",
			  rev ? " at " : "", rev ? rev : "");
	for (size_t i = 0; i < lib->n; i++) {
		const struct clause_entry *e = &lib->v[i];
		if (!e->doc || !e->in_scope)
			continue;
		for (size_t k = 0; k < e->doc->nclauses; k++) {
			const struct clause_clause *c = &e->doc->clauses[k];
			const struct clause_entry *m;
			const struct clause_clause *mc;
			char *mdoc, *slash;

			if (!c->derived_from || !(slash = strchr(c->derived_from, '/')))
				continue;
			if (!(mdoc = strndup(c->derived_from,
					     (size_t)(slash - c->derived_from)))) {
				clause_error_set("out of memory");
				return CLAUSE_ERROR;
			}
			m = clause_library_find(lib, mdoc);
			free(mdoc);
			if (!m || !(mc = clause_doc_clause(m->doc, slash + 1)))
				continue;	/* validate reports it */
			if ((r = clause_cdiff_clauses(&run->diff, m->doc, mc,
						      m->display, e->doc, c,
						      e->display,
						      "against-model")) < 0)
				return r;
		}
	}
	return 0;
}

/* Is --clause DOC/CLAUSE in a document of the diff or of the two files?
 * *doc is set when the document is. */
static int only_in_diff(const struct run *run, int *doc)
{
	const struct cmd_address *o = &run->only;
	const struct clause_doc *d[2];

	for (size_t i = 0; i < run->diff.n + 1; i++) {
		if (i < run->diff.n) {
			d[0] = run->diff.v[i].old;
			d[1] = run->diff.v[i].new;
		} else {
			d[0] = run->files[0];
			d[1] = run->files[1];
		}
		for (int s = 0; s < 2; s++)
			if (d[s] && strcmp(d[s]->id, o->doc) == 0 &&
			    (*doc = 1) && clause_doc_clause(d[s], o->clause))
				return 1;
	}
	return 0;
}

/* --clause DOC/CLAUSE on neither side is refused (CLAUSE_ENOTFOUND,
 * with the nearest ids); 0 when it is on one, or a library code. */
static int check_only(struct run *run)
{
	const struct cmd_address *o = &run->only;
	struct clause_buf hint[2] = { CLAUSE_BUF_INIT, CLAUSE_BUF_INIT };
	struct clause_buf what = CLAUSE_BUF_INIT;
	struct cmd_suggest near;
	int doc[2] = { 0, 0 }, r = 0, h;

	if (only_in_diff(run, &doc[0]))
		return 0;
	if (run->by_rev)
		for (int i = 0; i < 2 && r == 0; i++)
			r = cmd_address_known(&hint[i], &doc[i], run->repo,
					      run->revs[i], o->doc, o->clause);
	else if (run->lib[0].n) {
		r = cmd_address_in(&hint[0], &run->lib[0], o->doc, o->clause);
		doc[0] = clause_library_find(&run->lib[0], o->doc) != NULL;
	}
	/* Two files: the nearest of their ids, or of the clauses of the
	 * one that has the document. */
	cmd_suggest_init(&near, o->doc);
	for (int i = 0; i < 2; i++)
		if (run->files[i] && strcmp(run->files[i]->id, o->doc) == 0)
			cmd_suggest_clause(&hint[0], run->files[i], o->clause);
		else if (run->files[i])
			cmd_suggest_add(&near, run->files[i]->id);
	if (!doc[0] && (run->files[0] || run->files[1]))
		cmd_suggest_print(&hint[0], &near, NULL);
	if (r == 0) {
		if (doc[0] || doc[1])
			clause_buf_printf(&what, "clause '%s/%s'", o->doc,
					  o->clause);
		else
			clause_buf_printf(&what, "document '%s'", o->doc);
		if (run->by_rev)
			clause_buf_printf(&what, " at %s or %s", run->revs[0],
					  run->revs[1] ? run->revs[1]
					  : "the work tree");
		/* A near clause rather than a near document. */
		h = !doc[0] && doc[1];
		clause_error_set("no %s%s", what.ptr, hint[h].ptr);
		r = CLAUSE_ENOTFOUND;
	}
	clause_buf_release(&what);
	clause_buf_release(&hint[0]);
	clause_buf_release(&hint[1]);
	return r < 0 ? r : 0;
}

/* What the command line asks for. */
struct request {
	struct cmd_format fmt;		/* --format */
	const char *only;		/* --clause=DOC/CLAUSE, or NULL */
	int stat;			/* --stat */
	int exit_code;			/* --exit-code */
	int model;			/* --against-model */
	int conv;			/* --textconv */
	int external;			/* --external */
	int use_color;			/* colour the text (--color...) */
	const char *out;		/* -o FILE, or NULL: stdout */
	const char *author;		/* --author=NAME of Word revisions */
	int by_party;			/* --by-party */
	struct clause_args args;	/* the arguments before "--" */
	char **paths;			/* the paths after "--" */
	size_t npaths;
};

/* A form of diff that has ended the command itself (a usage error,
 * --textconv, a plain line diff): its exit status is set. */
enum { FINISHED = 1 };

/* Parse argv into q (and --clause into run->only); 0, or -1 with
 * *status the exit status. */
static int parse_request(int *status, struct request *q, struct run *run,
			 int argc, char **argv)
{
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "stat", NULL, "one line per changed document", &q->stat },
		CMD_OPT_FORMAT(&q->fmt, "text, html, json or docx (a Word redline)"),
		{ CLAUSE_OPT_VALUE, 'o', "output", "FILE", "write FILE (atomically), not stdout", &q->out },
		{ CLAUSE_OPT_VALUE, 0, "author", "NAME", "author of the Word redline's revisions", &q->author },
		{ CLAUSE_OPT_FLAG, 0, "by-party", NULL, "mark each insertion with the party whose round brought it in", &q->by_party },
		{ CLAUSE_OPT_FLAG, 0, "exit-code", NULL, "exit 1 when there are differences", &q->exit_code },
		{ CLAUSE_OPT_VALUE, 0, "clause", "DOC/CLAUSE", "only this clause", &q->only },
		{ CLAUSE_OPT_FLAG, 0, "against-model", NULL, "clauses beside the model clauses they derive from", &q->model },
		{ CLAUSE_OPT_FLAG, 0, "textconv", NULL, "print FILE as text for git's textconv", &q->conv },
		{ CLAUSE_OPT_FLAG, 0, "external", NULL, "act as git's external diff command", &q->external },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	int r, dd = argc;

	/* Paths follow "--"; everything before it is options and revisions. */
	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--") == 0) {
			dd = i;
			q->paths = argv + i + 1;
			q->npaths = (size_t)(argc - i - 1);
			break;
		}
	if (cmd_parse(status, &q->args, &q->fmt, opts, usage, dd, argv) < 0)
		return -1;
	q->use_color = clause_color;	/* --color here or before diff */
	if (q->only &&
	    (r = cmd_address_parse(&run->only, q->only, CMD_ADDR_CLAUSE)) < 0) {
		*status = r == CLAUSE_ERROR ? cmd_fail(r) : clause_opt_usage_error(
				usage, "--clause takes DOC/CLAUSE");
		return -1;
	}
	if (q->stat && (q->fmt.which == FMT_HTML || q->fmt.which == FMT_DOCX)) {
		*status = clause_opt_usage_error(usage, "--stat prints text or "
						 "json, not %s", formats[q->fmt.which]);
		return -1;
	}
	if (q->fmt.which == FMT_DOCX && !q->out && isatty(STDOUT_FILENO)) {
		*status = clause_opt_usage_error(usage, "a Word file is not for a "
						 "terminal: say -o FILE.docx");
		return -1;
	}
	if (q->conv + q->external + q->model > 1) {
		*status = clause_opt_usage_error(usage, "--textconv, --external "
				"and --against-model do not go together");
		return -1;
	}
	return 0;
}

/* --external PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE [NEW-PATH
 * INFO], or PATH alone for an unmerged path: git's external diff.  A
 * library code, or FINISHED. */
static int diff_external(int *status, struct run *run, struct request *q)
{
	struct clause_buf a = CLAUSE_BUF_INIT, b = CLAUSE_BUF_INIT;
	char **v = q->args.v;
	size_t n = q->args.n;
	int r;

	/* git passes 7 arguments, 9 for a rename (new path, rename
	 * information), 1 for an unmerged path. */
	if ((n != 7 && n != 9 && n != 1) || q->npaths) {
		*status = clause_opt_usage_error(usage, "--external takes the "
						 "seven arguments git passes");
		return FINISHED;
	}
	if (n == 1) {
		printf("* unmerged path %s\n", v[0]);
		*status = CLAUSE_EXIT_OK;
		return FINISHED;
	}
	clause_buf_printf(&a, "a/%s", v[0]);
	clause_buf_printf(&b, "b/%s", v[n == 9 ? 7 : 0]);
	r = diff_files(run, v[1], v[4],
		       strcmp(v[1], "/dev/null") ? a.ptr : "/dev/null",
		       strcmp(v[4], "/dev/null") ? b.ptr : "/dev/null", 0);
	clause_buf_release(&a);
	clause_buf_release(&b);
	if (r == 0 && !run->files[0] && !run->files[1]) {
		/* Neither side is a clause document (a taxonomy, other
		 * XML): a plain line diff, as git would show. */
		*status = plain_diff(v[0], v[1], v[4], v[n == 9 ? 7 : 0]);
		return FINISHED;
	}
	q->exit_code = 0;	/* git stops at a diff command that fails */
	/* Under git's pager stdout is a pipe; git says it pages. */
	if (!clause_color_given && !getenv("NO_COLOR") && getenv("GIT_PAGER_IN_USE"))
		q->use_color = 1;
	return r;
}

/* After an unknown round/NAME: when the library has no round and a
 * remote, say how rounds come (the remote-tracking refs do not say
 * whether the remote has them, and asking it would take a connection). */
static void rounds_hint(struct clause_repo *repo, char **v, size_t n,
			const int *ok)
{
	git_strarray tags = { NULL, 0 }, remotes = { NULL, 0 };
	int round = 0;

	for (size_t i = 0; i < n; i++)
		round |= !ok[i] && strncmp(v[i], "round/", 6) == 0;
	if (!round || !repo || !repo->git ||
	    git_tag_list_match(&tags, "round/*", repo->git) < 0 ||
	    git_remote_list(&remotes, repo->git) < 0 || !remotes.count)
		goto done;
	if (!tags.count)
		fprintf(stderr, "clause: this library has no rounds: "
			"'clause fetch' brings those of the remote, which has "
			"them when they were sent with 'clause push --rounds'\n");
	else
		fprintf(stderr, "clause: 'clause fetch' brings the rounds "
			"the remote has and this library lacks\n");
done:
	git_strarray_dispose(&tags);
	git_strarray_dispose(&remotes);
	clause_error_clear();
}

/* Two arguments that are neither two revisions nor two clauses: say
 * which is not a revision, and the DOC/CLAUSE reading's failure (`why`,
 * or NULL).  The exit status: 129. */
static int unknown_revs(struct clause_repo *repo, char **v, const int *ok,
			const char *why)
{
	if (!ok[0] && !ok[1])
		fprintf(stderr, "clause: unknown revisions '%s' and '%s'\n",
			v[0], v[1]);
	else
		fprintf(stderr, "clause: unknown revision '%s'\n",
			v[ok[0] ? 1 : 0]);
	if (why)
		fprintf(stderr, "clause: nor two clauses: %s\n", why);
	rounds_hint(repo, v, 2, ok);
	return CLAUSE_EXIT_USAGE;
}

/* [REV [REV]], or DOC/CLAUSE[@REV] DOC/CLAUSE[@REV] when two arguments
 * are not both revisions.  Two addresses are read as clauses when one
 * has an @REV or neither is a revision; when that reading fails too,
 * both failures are told.  A library code, or FINISHED. */
static int diff_positional(int *status, struct run *run, struct request *q)
{
	unsigned form = CMD_ADDR_CLAUSE | CMD_ADDR_REV;
	struct clause_repo *probe = NULL;
	char **v = q->args.v;
	size_t n = q->args.n;
	struct clause_buf why = CLAUSE_BUF_INIT;
	int ok[2] = { 1, 1 }, parsed[2], at, r;

	if (n == 1 && is_file(v[0]) && !q->npaths) {
		*status = clause_opt_usage_error(usage, "'%s' is a file: name "
						 "two files to compare", v[0]);
		return FINISHED;
	}
	if (n < 2) {
		r = diff_revs(run, n ? v[0] : "HEAD", NULL, q->paths, q->npaths);
		if (r < 0 && r != CLAUSE_EINVALID && n) {
			*status = cmd_fail(r);
			ok[0] = resolves(run->repo, v[0]);
			rounds_hint(run->repo, v, 1, ok);
			return FINISHED;
		}
		return r;
	}
	clause_repo_open(&probe, NULL, 0);
	clause_error_clear();
	ok[0] = resolves(probe, v[0]);
	ok[1] = resolves(probe, v[1]);
	if (ok[0] && ok[1]) {
		clause_repo_free(probe);
		return diff_revs(run, v[0], v[1], q->paths, q->npaths);
	}
	for (int i = 0; i < 2; i++)
		parsed[i] = cmd_address_parse(&run->addr[i], v[i], form) == 0;
	at = run->addr[0].rev || run->addr[1].rev;
	if (!parsed[0] || !parsed[1] || (!at && (ok[0] || ok[1]))) {
		if (parsed[0] != parsed[1])
			clause_buf_printf(&why, "'%s' is not DOC/CLAUSE[@REV]",
					  v[parsed[0] ? 1 : 0]);
		*status = unknown_revs(probe, v, ok, why.len ? why.ptr : NULL);
		clause_buf_release(&why);
		clause_repo_free(probe);
		return FINISHED;
	}
	if (q->npaths || q->only || q->stat) {
		clause_repo_free(probe);
		*status = clause_opt_usage_error(usage, "two clauses take no "
						 "paths, --clause or --stat");
		return FINISHED;
	}
	r = diff_two_clauses(run);
	if (r == CLAUSE_ENOTFOUND && !at) {
		*status = unknown_revs(probe, v, ok, clause_error_last());
		r = FINISHED;
	}
	clause_repo_free(probe);
	return r;
}

/* Run the form of diff the arguments ask for into run: a library code,
 * or FINISHED. */
static int diff_form(int *status, struct run *run, struct request *q)
{
	char **v = q->args.v;
	size_t n = q->args.n;

	if (q->conv) {
		*status = n != 1 || q->npaths ? clause_opt_usage_error(usage,
				"--textconv takes one FILE") : textconv(v[0]);
		return FINISHED;
	}
	if (q->external)
		return diff_external(status, run, q);
	if (q->model) {
		if (n > 1) {
			*status = clause_opt_usage_error(usage,
					"--against-model takes at most one REV");
			return FINISHED;
		}
		return diff_against_model(run, n ? v[0] : NULL, q->paths,
					  q->npaths);
	}
	if (n == 2 && !q->npaths && is_file(v[0]) && is_file(v[1]))
		return diff_files(run, v[0], v[1], v[0], v[1], 1);
	if (n <= 2)
		return diff_positional(status, run, q);
	*status = clause_opt_usage_error(usage, "too many arguments");
	return FINISHED;
}

/*
 * clause diff [--stat] [--format=FMT] [--color[=WHEN]] [--exit-code]
 *             [--clause=DOC/CLAUSE] [REV [REV]] [-- PATH...]
 * clause diff ... FILE FILE
 * clause diff ... DOC/CLAUSE[@REV] DOC/CLAUSE[@REV]
 * clause diff --against-model ... [REV] [-- PATH...]
 * clause diff --textconv FILE
 * clause diff --external PATH OLD OLD-HEX OLD-MODE NEW NEW-HEX NEW-MODE
 *
 * Clause-aware diff.  Without revisions: HEAD against the work tree; one
 * REV: REV against the work tree; two: REV against REV.  Only documents
 * whose blob changed are parsed.  Exit 0, or with --exit-code 1 when
 * there are differences; 1 also when a document is invalid (refused).
 */
int cmd_diff(int argc, char **argv)
{
	struct request q;
	struct run run;
	struct clause_buf out = CLAUSE_BUF_INIT;
	int r, status;

	memset(&q, 0, sizeof(q));
	q.fmt.names = formats;
	memset(&run, 0, sizeof(run));
	run.lib[0] = (struct clause_library)CLAUSE_LIBRARY_INIT;
	run.lib[1] = (struct clause_library)CLAUSE_LIBRARY_INIT;
	if (parse_request(&status, &q, &run, argc, argv) < 0 ||
	    (r = diff_form(&status, &run, &q)) == FINISHED)
		goto done;
	if (r == CLAUSE_EINVALID && run.problems.n) {
		cmd_print_problems(&run.problems);
		fprintf(stderr, "clause: refusing to compare invalid documents\n");
		status = CLAUSE_EXIT_NO;
		goto done;
	}
	if (r < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (q.by_party && !(run.by_rev && run.revs[0] && run.revs[1])) {
		status = clause_opt_usage_error(usage, "--by-party compares two "
						"revisions: REV REV");
		goto done;
	}
	if (q.by_party &&
	    (r = board_blame(&run.diff, run.repo, run.revs[0], run.revs[1])) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (run.only.doc) {
		clause_cdiff_only(&run.diff, run.only.doc, run.only.clause);
		if ((r = check_only(&run)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
	}
	if (q.stat && q.fmt.which == FMT_JSON)
		clause_render_stat_json(&out, &run.diff);
	else if (q.stat)
		clause_render_stat(&out, &run.diff);
	else if (q.fmt.which == FMT_HTML)
		clause_render_html(&out, &run.diff, run.title.ptr);
	else if (q.fmt.which == FMT_JSON)
		clause_render_json(&out, &run.diff);
	else if (q.fmt.which == FMT_DOCX) {
		struct export_redline how = { q.author, NULL, run.title.ptr };

		if ((r = export_docx_redline(&out, &run.diff, &how)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
	} else
		clause_render_text(&out, &run.diff, q.use_color && !q.out,
				   q.out ? 0 : cmd_term_width());
	if (q.out && (r = cmd_write_atomic(q.out, &out)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	if (!q.out && q.fmt.which == FMT_TEXT && !q.stat)
		cmd_out_paged(&out);
	else if (!q.out)
		cmd_out(&out);
	status = q.exit_code && clause_cdiff_changed(&run.diff)
		 ? CLAUSE_EXIT_NO : CLAUSE_EXIT_OK;
done:
	clause_buf_release(&out);
	clause_cdiff_release(&run.diff);
	clause_changed_release(&run.changed);
	clause_library_release(&run.lib[0]);
	clause_library_release(&run.lib[1]);
	clause_doc_free(run.files[0]);
	clause_doc_free(run.files[1]);
	clause_problems_release(&run.problems);
	clause_buf_release(&run.title);
	clause_repo_free(run.repo);
	cmd_address_release(&run.addr[0]);
	cmd_address_release(&run.addr[1]);
	cmd_address_release(&run.only);
	free(q.args.v);
	return status;
}
