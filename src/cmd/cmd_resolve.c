/* cmd_resolve.c: clause resolve: settle merge conflicts by one side's
 * version, in the work tree. */
#include "cmd/cmd.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "git/library.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause resolve (--ours | --base | --theirs) [-q] DOC[/CLAUSE]...",
	"clause resolve (--ours | --base | --theirs) [-q] --all",
	NULL
};

/* A document with conflicts picked: its file, its bytes after. */
struct target {
	const struct clause_entry *e;
	struct clause_doc *doc;		/* read whole */
	unsigned char *pick;		/* one per conflict of doc */
	char *file;
	struct clause_buf old, now;
};

struct resolving {
	struct clause_repo *repo;
	struct clause_library lib;
	struct target *t;
	size_t nt;
	enum clause_side side;
	struct clause_buf names;	/* what was settled, for the summary */
	size_t settled;
	const char *by;			/* who the side is, from the first */
};

static struct target *target_of(struct resolving *rs,
				const struct clause_entry *e, int *r)
{
	struct target *t;

	for (size_t i = 0; i < rs->nt; i++)
		if (rs->t[i].e == e)
			return &rs->t[i];
	if (!(t = realloc(rs->t, (rs->nt + 1) * sizeof(*rs->t)))) {
		clause_error_set("out of memory");
		*r = CLAUSE_ERROR;
		return NULL;
	}
	rs->t = t;
	t = &rs->t[rs->nt++];
	memset(t, 0, sizeof(*t));
	t->e = e;
	clause_buf_printf(&t->old, "%s%s", rs->repo->workdir, e->path);
	t->file = clause_buf_detach(&t->old);
	if ((*r = clause_buf_read_file(&t->old, t->file,
				       CLAUSE_MAX_DOC_BYTES)) < 0 ||
	    (*r = clause_library_reload(&t->doc, &rs->lib, rs->repo, e)) < 0)
		return NULL;
	if (!(t->pick = calloc(t->doc->nconflicts + 1, 1))) {
		clause_error_set("out of memory");
		*r = CLAUSE_ERROR;
		return NULL;
	}
	return t;
}

/* What conflict x is over, for messages: "DOC/CLAUSE" or "DOC field F". */
static void conflict_name(struct clause_buf *b, const char *doc,
			  const struct clause_conflict *x)
{
	if (x->field)
		clause_buf_printf(b, "%s (field %s)", doc, x->field);
	else
		clause_buf_printf(b, "%s/%s", doc, x->clause ? x->clause : "?");
}

/* Does x answer to `name`: its clause (at the base or on a side) or
 * its field? */
static int conflict_is(const struct clause_conflict *x, const char *name)
{
	if ((x->clause && strcmp(x->clause, name) == 0) ||
	    (x->field && strcmp(x->field, name) == 0))
		return 1;
	for (int k = 0; k < CLAUSE_NSIDES; k++)
		if (x->side[k] && x->side[k]->id &&
		    strcmp(x->side[k]->id, name) == 0)
			return 1;
	return 0;
}

static void pick(struct resolving *rs, struct target *t, size_t i)
{
	const struct clause_conflict *x = &t->doc->conflicts[i];

	if (t->pick[i])
		return;
	t->pick[i] = 1;
	rs->settled++;
	if (!rs->by && x->by[rs->side] &&
	    strcmp(x->by[rs->side], clause_side_names[rs->side]) != 0)
		rs->by = x->by[rs->side];
	clause_buf_puts(&rs->names, rs->names.len ? ", " : "");
	conflict_name(&rs->names, t->doc->id, x);
}

/* Pick the conflicts DOC[/CLAUSE] names. */
static int pick_named(struct resolving *rs, const char *arg)
{
	struct cmd_address addr;
	struct clause_buf hint = CLAUSE_BUF_INIT;
	const struct clause_entry *e;
	struct target *t;
	size_t found = 0;
	int r = 0;

	if (cmd_address_parse(&addr, arg, 0) < 0) {
		clause_error_set("'%s' is not DOC or DOC/CLAUSE", arg);
		return CLAUSE_EUSAGE;
	}
	if (!cmd_address_in(&hint, &rs->lib, addr.doc, NULL)) {
		clause_error_set("no document '%s' in the work tree%s", addr.doc,
				 hint.len ? hint.ptr : "");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	e = clause_library_find(&rs->lib, addr.doc);
	if (!(t = target_of(rs, e, &r)))
		goto done;
	for (size_t i = 0; i < t->doc->nconflicts; i++)
		if (!addr.clause || conflict_is(&t->doc->conflicts[i], addr.clause)) {
			pick(rs, t, i);
			found++;
		}
	if (found)
		goto done;
	r = CLAUSE_ENOTFOUND;
	if (!t->doc->nconflicts) {
		clause_error_set("%s has no merge conflicts", e->display);
		goto done;
	}
	for (size_t i = 0; i < t->doc->nconflicts; i++) {
		clause_buf_puts(&hint, i ? ", " : "");
		conflict_name(&hint, addr.doc, &t->doc->conflicts[i]);
	}
	clause_error_set("no merge conflict over '%s' in %s (its conflicts: %s)",
			 addr.clause, e->display, hint.ptr);
done:
	clause_buf_release(&hint);
	cmd_address_release(&addr);
	return r;
}

/* Pick every conflict of the library. */
static int pick_all(struct resolving *rs)
{
	int r = 0;

	for (size_t i = 0; i < rs->lib.n && r == 0; i++) {
		const struct clause_entry *e = &rs->lib.v[i];
		struct target *t;

		if (!e->doc || !e->doc->nconflicts)
			continue;
		if (!(t = target_of(rs, e, &r)))
			break;
		for (size_t k = 0; k < t->doc->nconflicts; k++)
			pick(rs, t, k);
	}
	if (r == 0 && !rs->settled) {
		clause_error_set("no merge conflicts in the library");
		r = CLAUSE_ENOTFOUND;
	}
	return r;
}

/* Write the documents settled; on a failure put back those written. */
static int write_all(struct resolving *rs)
{
	size_t written;
	int r = 0;

	for (size_t i = 0; i < rs->nt && r == 0; i++)
		r = clause_doc_resolve(&rs->t[i].now, rs->t[i].doc,
				       rs->t[i].pick, rs->side);
	for (written = 0; r == 0 && written < rs->nt; written++)
		r = cmd_write_atomic(rs->t[written].file, &rs->t[written].now);
	if (r < 0)
		while (written-- > 0)
			cmd_write_atomic(rs->t[written].file, &rs->t[written].old);
	return r;
}

/* How many conflicts the library still holds. */
static size_t conflicts_left(const struct resolving *rs)
{
	size_t left = 0;

	for (size_t i = 0; i < rs->lib.n; i++) {
		const struct clause_entry *e = &rs->lib.v[i];
		size_t picked = 0;

		if (!e->doc)
			continue;
		for (size_t k = 0; k < rs->nt; k++)
			if (rs->t[k].e == e)
				for (size_t j = 0; j < rs->t[k].doc->nconflicts; j++)
					picked += rs->t[k].pick[j];
		left += e->doc->nconflicts - picked;
	}
	return left;
}

/*
 * clause resolve (--ours | --base | --theirs) [-q] DOC[/CLAUSE]... | --all
 *
 * Replace each <conflict> element over CLAUSE (its id at the merge base
 * or on either side, or a metadata field's name), every one of DOC, or
 * with --all every one of the library, by the version of one side: ours
 * (the current branch), the merge base or theirs.  Over a clause, that
 * side's clause stands (where that side has it: a clause the side moved
 * goes to the end of its article); a side that removed it removes it.
 * Nothing is committed: clause commit makes the merge commit once no
 * conflict is left.  Nothing is written unless every conflict named can
 * be settled.
 */
int cmd_resolve(int argc, char **argv)
{
	int ours = 0, base = 0, theirs = 0, all = 0, quiet = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 0, "ours", NULL, "keep the current branch's version", &ours },
		{ CLAUSE_OPT_FLAG, 0, "base", NULL, "keep the version of the merge base", &base },
		{ CLAUSE_OPT_FLAG, 0, "theirs", NULL, "keep the version merged in", &theirs },
		{ CLAUSE_OPT_FLAG, 0, "all", NULL, "every conflict of the library", &all },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no summary", &quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct resolving rs;
	struct clause_args args = { NULL, 0 };
	int r = 0, status;

	memset(&rs, 0, sizeof(rs));
	rs.lib = (struct clause_library)CLAUSE_LIBRARY_INIT;
	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	status = CLAUSE_EXIT_USAGE;
	if (ours + base + theirs != 1) {
		clause_opt_usage_error(usage, "say which version stands: one of "
				       "--ours, --base or --theirs");
		goto done;
	}
	if (!args.n == !all) {
		clause_opt_usage_error(usage, all ? "--all takes no DOC/CLAUSE" :
				       "name DOC/CLAUSE, DOC, or --all");
		goto done;
	}
	rs.side = ours ? CLAUSE_SIDE_OURS : base ? CLAUSE_SIDE_BASE :
		  CLAUSE_SIDE_THEIRS;
	rs.lib.all = 1;
	rs.lib.light = 1;
	if ((r = clause_repo_open(&rs.repo, NULL, 1)) < 0 ||
	    (r = rs.repo->workdir ? 0 : (clause_error_set("not in a clause "
				      "library with a work tree"), CLAUSE_ERROR)) < 0 ||
	    (r = clause_library_load(&rs.lib, rs.repo, NULL, NULL, 0)) < 0)
		goto fail;
	if (all)
		r = pick_all(&rs);
	for (size_t i = 0; i < args.n && r == 0; i++)
		r = pick_named(&rs, args.v[i]);
	if (r < 0 || (r = write_all(&rs)) < 0)
		goto fail;
	status = CLAUSE_EXIT_OK;
	if (!quiet) {
		size_t left = conflicts_left(&rs);

		fprintf(stderr, "clause: %s: kept the version of %s%s%s%s\n",
			rs.names.ptr, clause_side_names[rs.side],
			rs.by ? " (" : "", rs.by ? rs.by : "", rs.by ? ")" : "");
		if (left)
			fprintf(stderr, "clause: %zu conflict%s left (clause "
				"validate lists them)\n", left,
				left == 1 ? "" : "s");
		else
			fputs("clause: no conflicts left: clause commit makes "
			      "the merge commit\n", stderr);
	}
	goto done;
fail:
	status = cmd_fail(r);
done:
	for (size_t i = 0; i < rs.nt; i++) {
		clause_doc_free(rs.t[i].doc);
		free(rs.t[i].pick);
		free(rs.t[i].file);
		clause_buf_release(&rs.t[i].old);
		clause_buf_release(&rs.t[i].now);
	}
	free(rs.t);
	clause_buf_release(&rs.names);
	clause_library_release(&rs.lib);
	clause_repo_free(rs.repo);
	free(args.v);
	return status;
}
