/* cmd_show.c: clause show: one document or clause, at a revision. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "index/index.h"
#include "git/library.h"
#include "doc/xml.h"
#include "diff/render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause show [--format=FMT] DOC[/CLAUSE][@REV]",
	NULL
};

static void json_round(struct clause_json *j, const struct clause_doc *d)
{
	if (!d->round_name) {
		clause_json_null(j, "round");
		return;
	}
	clause_json_object(j, "round");
	clause_json_str(j, "name", d->round_name);
	clause_json_str(j, "date", d->round_date);
	clause_json_str(j, "by", d->round_by);
	clause_json_end(j);
}

static void json_doc(struct clause_json *j, const struct clause_entry *e,
		     const struct clause_doc *d)
{
	clause_json_object(j, NULL);
	cmd_json_doc(j, d, e->display, 1);
	json_round(j, d);
	cmd_json_parties(j, d);
	clause_json_array(j, "sources");
	for (size_t i = 0; i < d->nsources; i++) {
		clause_json_object(j, NULL);
		clause_json_str(j, "kind", d->sources[i].kind);
		clause_json_str(j, "href", d->sources[i].href);
		clause_json_str(j, "text", d->sources[i].text);
		clause_json_end(j);
	}
	clause_json_end(j);
	clause_json_array_lines(j, "clauses", "    ", NULL);
	for (size_t i = 0; i < d->nclauses; i++)
		clause_render_json_clause_full(j, &d->clauses[i]);
	clause_json_end(j);
	clause_json_end(j);
}

static void text_doc(struct clause_buf *b, const struct clause_entry *e,
		     const struct clause_doc *d)
{
	const char *article = NULL;

	clause_buf_printf(b, "%s  %s\n", d->id, d->title);
	clause_buf_printf(b, "status: %s    path: %s\n", d->status, e->display);
	clause_render_doc_meta(b, d);
	for (size_t i = 0; i < d->nsources; i++)
		clause_buf_printf(b, "source: %s %s\n", d->sources[i].kind,
				  d->sources[i].href ? d->sources[i].href
						     : d->sources[i].text);
	for (size_t i = 0; i < d->nclauses; i++) {
		const struct clause_clause *c = &d->clauses[i];
		if (c->parent)
			continue;	/* rendered inside its parent */
		if (c->article && (!article || strcmp(article, c->article) != 0)) {
			for (size_t k = 0; k < d->narticles; k++) {
				const struct clause_article *a = &d->articles[k];
				if (strcmp(a->id, c->article) != 0)
					continue;
				clause_buf_printf(b, "\n%s%s%s\n", a->num ? a->num : "",
						  a->num && a->heading ? "  " : "",
						  a->heading ? a->heading : a->num ? "" : a->id);
			}
			article = c->article;
		}
		clause_buf_putc(b, '\n');
		clause_doc_render_text(b, d, c, 2);
	}
}

/* Document `id` of the work tree found through the search index, when
 * the index exists and is current: the library is not read, and e holds
 * what the output needs (its path and display, the caller frees them).
 * -1 when the index cannot say; the caller reads the library. */
static int load_indexed(struct clause_doc **doc, struct clause_entry *e,
			struct clause_repo *repo, const char *id)
{
	memset(e, 0, sizeof(*e));
	return clause_index_load_doc(doc, &e->path, &e->display, repo, NULL, id);
}

/* A clause in a merge conflict, as each side of the merge left it. */
static void show_conflict(struct clause_buf *b, int format,
			  const struct clause_entry *e,
			  const struct clause_doc *d,
			  const struct clause_conflict *x, const char *id)
{
	struct clause_json j;
	const char *at = NULL;
	int moved = 0;

	/* The sides put it in different articles? */
	for (int k = 0; k < CLAUSE_NSIDES; k++)
		if (x->side[k]) {
			const char *a = x->side[k]->article ? x->side[k]->article : "";
			moved |= at && strcmp(at, a) != 0;
			at = a;
		}
	if (format == 1) {
		clause_doc_render_xml(b, d, x->node);
		return;
	}
	if (format == 2) {
		clause_json_init(&j, b);
		clause_json_object(&j, NULL);
		clause_json_str(&j, "doc", d->id);
		clause_json_str(&j, "clause", id);
		clause_json_object(&j, "conflict");
		clause_json_str(&j, "path", e->display);
		clause_json_num(&j, "line", "%u", x->line);
		clause_json_num(&j, "col", "%u", x->col);
		clause_json_end(&j);
		clause_json_array_lines(&j, "sides", "    ", NULL);
		for (int k = 0; k < CLAUSE_NSIDES; k++) {
			clause_json_object(&j, NULL);
			clause_json_str(&j, "side", clause_side_names[k]);
			clause_json_str(&j, "by", x->by[k]);
			clause_json_bool(&j, "removed", !x->side[k]);
			if (x->side[k]) {
				clause_render_json_clause(&j, x->side[k]);
				clause_json_str(&j, "text", x->side[k]->text);
				clause_json_str(&j, "version", x->side[k]->hash);
			}
			clause_json_end(&j);
		}
		clause_json_finish(&j);
		return;
	}
	clause_buf_printf(b, "%s/%s: in a merge conflict (%s:%u:%u); keep one "
			  "version with clause resolve %s/%s --ours, --base or "
			  "--theirs\n", d->id, id, e->display, x->line, x->col,
			  d->id, id);
	for (int k = 0; k < CLAUSE_NSIDES; k++) {
		const struct clause_clause *c = x->side[k];

		clause_buf_printf(b, "\n--- %s", clause_side_names[k]);
		if (x->by[k] && strcmp(x->by[k], clause_side_names[k]) != 0)
			clause_buf_printf(b, " (%s)", x->by[k]);
		if (c && moved)
			clause_buf_printf(b, ", in article '%s'",
					  c->article ? c->article : "(none)");
		if (!x->side[k]) {
			clause_buf_puts(b, ": removed\n");
			continue;
		}
		clause_buf_puts(b, "\n");
		clause_doc_render_text(b, d, x->side[k], 0);
	}
}

/*
 * clause show [--format=FMT] DOC[/CLAUSE][@REV]
 *
 * Show a document (metadata, then its clauses by article) or one clause,
 * from the work tree or at REV.  --format=xml prints the XML itself.
 */
int cmd_show(int argc, char **argv)
{
	static const char *const formats[] = { "text", "xml", "json", NULL };
	struct cmd_format fmt = { NULL, formats, 0 };
	const struct clause_opt opts[] = {
		CMD_OPT_FORMAT(&fmt, "text, xml or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT, hint = CLAUSE_BUF_INIT;
	struct clause_json j;
	const struct clause_entry *e;
	struct clause_entry indexed = { NULL };
	struct clause_doc *doc = NULL;
	const struct clause_clause *c = NULL;
	const struct clause_conflict *x;
	struct cmd_address addr = { NULL, NULL, NULL };
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n != 1) {
		status = clause_opt_usage_error(usage, "show takes one DOC[/CLAUSE][@REV]");
		goto done;
	}
	if (cmd_address_parse(&addr, args.v[0], CMD_ADDR_REV) < 0) {
		status = clause_opt_usage_error(usage, "'%s' is not DOC[/CLAUSE][@REV]",
						args.v[0]);
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, addr.rev != NULL)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	/* A current search index knows where the document is; otherwise
	 * find it in a light library, then read it whole. */
	if (!addr.rev && load_indexed(&doc, &indexed, repo, addr.doc) == 0) {
		e = &indexed;
	} else {
		lib.light = 1;
		if ((r = clause_library_load(&lib, repo, addr.rev, NULL, 0)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
		if (!cmd_address_in(&hint, &lib, addr.doc, NULL)) {
			clause_error_set("no document '%s'%s%s%s", addr.doc,
					 addr.rev ? " at " : "",
					 addr.rev ? addr.rev : "", hint.ptr);
			status = cmd_fail(CLAUSE_ENOTFOUND);
			goto done;
		}
		e = clause_library_find(&lib, addr.doc);
		if ((r = clause_library_reload(&doc, &lib, repo, e)) < 0) {
			status = cmd_fail(r);
			goto done;
		}
	}
	if (addr.clause && !(c = clause_doc_clause(doc, addr.clause)) &&
	    (x = clause_doc_conflict(doc, addr.clause))) {
		show_conflict(&out, fmt.which, e, doc, x, addr.clause);
		cmd_out(&out);
		status = CLAUSE_EXIT_OK;
		goto done;
	}
	if (addr.clause && !c) {
		cmd_suggest_clause(&hint, doc, addr.clause);
		clause_error_set("no clause '%s' in document '%s'%s", addr.clause,
				 addr.doc, hint.ptr);
		status = cmd_fail(CLAUSE_ENOTFOUND);
		goto done;
	}
	if (fmt.which == 1 && c)
		clause_doc_render_xml(&out, doc, c->node);
	else if (fmt.which == 1)
		clause_buf_put(&out, doc->data, doc->len);
	else if (fmt.which == 2) {
		clause_json_init(&j, &out);
		if (c)
			clause_render_json_clause_full(&j, c);
		else
			json_doc(&j, e, doc);
		clause_json_finish(&j);
	} else if (c)
		clause_doc_render_text(&out, doc, c, 0);
	else
		text_doc(&out, e, doc);
	cmd_out(&out);
	status = CLAUSE_EXIT_OK;
done:
	free(indexed.path);
	free(indexed.display);
	clause_buf_release(&out);
	clause_buf_release(&hint);
	clause_doc_free(doc);
	clause_library_release(&lib);
	clause_repo_free(repo);
	cmd_address_release(&addr);
	free(args.v);
	return status;
}
