/* cmd_import.c: clause import: a Word file, PDF, web page, Markdown or
 * text file as a clause document. */
#include "cmd/cmd.h"
#include "import/import.h"
#include "doc/taxonomy.h"
#include "doc/xml.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause import [-nq] [-o OUT.xml] [--id DOC-ID] [--title T] [--status S] "
	"[--party ROLE:NAME]... [--sector S] [--like DOC|PATH|REV:PATH] "
	"[--format=F] [--encoding=E] [--accept-changes] FILE",
	NULL
};

static const char *const roles[] = {
	"union", "employer", "employers-association", "federation",
	"government", "other", NULL
};

struct import_opts {
	const char *out, *id, *title, *status, *sector, *like, *format;
	const char *encoding;
	int accept_changes, dry_run, quiet;
	struct clause_args parties;
};

/* The options a person can get wrong, checked before anything is read. */
static int check_opts(const struct import_opts *o)
{
	size_t i;

	if (o->id && !cmd_valid_id(o->id))
		return clause_opt_usage_error(usage, "--id '%s': %s", o->id,
					      cmd_id_rule);
	if (o->status && !cmd_one_of(o->status, cmd_statuses))
		return clause_opt_usage_error(usage, "--status '%s': one of model, "
			"proposal, counter, tentative, ratified, expired, superseded",
			o->status);
	if (o->format && import_format_parse(o->format) < 0)
		return clause_opt_usage_error(usage, "--format '%s': one of auto, "
			"text, docx, pdf, html, md", o->format);
	for (i = 0; i < o->parties.n; i++) {
		const char *p = o->parties.v[i], *colon = strchr(p, ':');
		char role[32];

		if (!colon || colon == p || !colon[1] || (size_t)(colon - p) >= sizeof(role))
			return clause_opt_usage_error(usage, "--party '%s': say "
				"ROLE:NAME, e.g. employer:\"Riverbend Transit Authority\"", p);
		memcpy(role, p, (size_t)(colon - p));
		role[colon - p] = '\0';
		if (!cmd_one_of(role, roles))
			return clause_opt_usage_error(usage, "--party '%s': the role is "
				"one of union, employer, employers-association, "
				"federation, government, other", p);
	}
	return 0;
}

/* Read the file with the reader its format needs. */
static int read_blocks(struct import_blocks *b, enum import_format *fmt,
		       const char *path, const struct import_opts *o)
{
	const struct import_limits *lim = &import_default_limits;
	struct clause_buf data = CLAUSE_BUF_INIT;
	int r = clause_buf_read_file(&data, path, lim->max_file);

	if (r < 0)
		goto done;
	*fmt = o->format ? (enum import_format)import_format_parse(o->format) : IMPORT_AUTO;
	if (*fmt == IMPORT_AUTO)
		*fmt = import_detect(path, data.ptr, data.len);
	switch (*fmt) {
	case IMPORT_DOCX:
		r = import_read_docx(b, lim, path, data.ptr, data.len, o->accept_changes);
		break;
	case IMPORT_PDF:
		r = import_read_pdf(b, lim, path, data.ptr, data.len);
		break;
	case IMPORT_HTML:
		r = import_read_html(b, lim, path, data.ptr, data.len);
		break;
	case IMPORT_MD:
		r = import_read_md(b, lim, path, data.ptr, data.len);
		break;
	default:
		r = import_read_text(b, lim, path, data.ptr, data.len, o->encoding);
	}
done:
	clause_buf_release(&data);
	return r;
}

/* --like DOC|PATH|REV:PATH: the earlier document, whole. */
static int load_like(struct clause_doc **out, struct clause_library *lib,
		     struct clause_repo *repo, const char *like)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct stat st;
	struct clause_entry *e;
	git_object *obj = NULL;
	int r;

	*out = NULL;
	if (stat(like, &st) == 0 && S_ISREG(st.st_mode)) {
		r = clause_buf_read_file(&b, like, CLAUSE_MAX_DOC_BYTES);
		if (r == 0)
			r = clause_doc_load(out, NULL, like, b.ptr, b.len, 1, &probs);
	} else if (strchr(like, ':') && repo->git) {
		if (git_revparse_single(&obj, repo->git, like) < 0 ||
		    git_object_type(obj) != GIT_OBJECT_BLOB) {
			clause_error_set("--like '%s': no such file at that revision", like);
			r = CLAUSE_ENOTFOUND;
		} else {
			git_blob *blob = (git_blob *)obj;

			r = clause_doc_load(out, NULL, like, git_blob_rawcontent(blob),
					    (size_t)git_blob_rawsize(blob), 1, &probs);
		}
	} else if ((e = clause_library_find(lib, like)) && e->doc) {
		r = clause_library_reload(out, lib, repo, e);
	} else {
		clause_error_set("--like '%s': no such document or file", like);
		r = CLAUSE_ENOTFOUND;
	}
	if (r == CLAUSE_EINVALID) {
		cmd_print_problems(&probs);
		clause_error_set("--like '%s' is not a valid clause document", like);
	}
	git_object_free(obj);
	clause_problems_release(&probs);
	clause_buf_release(&b);
	return r;
}

/* The parties of the new document: --party, else those of --like. */
struct parties {
	const char **role, **id, **name;
	size_t n;
	char **owned;		/* what was allocated for them */
	size_t nowned;
};

static int add_owned(struct parties *p, char *s)
{
	char **v = realloc(p->owned, (p->nowned + 1) * sizeof(*v));

	if (!s || !v) {
		free(s);
		if (v)
			p->owned = v;
		return CLAUSE_ERROR;
	}
	p->owned = v;
	p->owned[p->nowned++] = s;
	return 0;
}

static int parties_make(struct parties *p, const struct import_opts *o,
			const struct clause_doc *like)
{
	size_t n = o->parties.n ? o->parties.n : like ? like->nparties : 1, i;

	memset(p, 0, sizeof(*p));
	p->role = calloc(n, sizeof(char *));
	p->id = calloc(n, sizeof(char *));
	p->name = calloc(n, sizeof(char *));
	if (!p->role || !p->id || !p->name)
		return CLAUSE_ERROR;
	p->n = n;
	for (i = 0; i < n; i++) {
		if (o->parties.n) {
			const char *arg = o->parties.v[i], *colon = strchr(arg, ':');
			char *slug = import_slug(colon + 1, 40);

			if (add_owned(p, strndup(arg, (size_t)(colon - arg))) < 0 ||
			    add_owned(p, slug && *slug ? slug : strdup(p->owned[p->nowned - 1])) < 0)
				return CLAUSE_ERROR;
			if (slug && !*slug)
				free(slug);
			p->role[i] = p->owned[p->nowned - 2];
			p->id[i] = p->owned[p->nowned - 1];
			p->name[i] = colon + 1;
		} else if (like) {
			p->role[i] = like->parties[i].role;
			p->id[i] = like->parties[i].id;
			p->name[i] = like->parties[i].name;
		} else {
			p->role[i] = "other";
			p->id[i] = "unnamed";
			p->name[i] = "(no party named at import)";
		}
	}
	return 0;
}

static void parties_release(struct parties *p)
{
	size_t i;

	for (i = 0; i < p->nowned; i++)
		free(p->owned[i]);
	free(p->owned);
	free(p->role);
	free(p->id);
	free(p->name);
}

/* The document id when --id is not given: from the output's name, else
 * the input's ("counter.docx" -> "counter"). */
static char *default_id(const char *out, const char *in)
{
	const char *name = strrchr(out ? out : in, '/');
	char *base = strdup(name ? name + 1 : out ? out : in), *dot, *slug;

	if (!base)
		return NULL;
	if ((dot = strrchr(base, '.')) && dot != base)
		*dot = '\0';
	slug = import_slug(base, 60);
	free(base);
	if (slug && !*slug) {
		free(slug);
		slug = strdup("imported");
	}
	return slug;
}

/* What was found, on stderr. */
static void report(const char *path, enum import_format fmt,
		   const struct import_blocks *b, const struct import_doc *d,
		   const struct import_counts *n, const char *like)
{
	size_t i, matched = 0, notes = d->nnotes;

	for (i = 0; i < d->narticles; i++)
		notes += d->articles[i].nnotes;
	for (i = 0; i < d->nclauses; i++)
		matched += d->clauses[i].like_id != NULL;
	fprintf(stderr, "%s (%s): %zu articles, %zu clauses, %zu quantities\n",
		path, import_format_name(fmt), d->narticles, d->nclauses,
		n->quantities);
	for (i = 0; i < b->nnotes; i++)
		fprintf(stderr, "  %s\n", b->notes[i]);
	if (d->hyphens_joined)
		fprintf(stderr, "  joined %zu words hyphenated at line ends\n",
			d->hyphens_joined);
	if (notes)
		fprintf(stderr, "  kept %zu paragraphs outside any clause as notes\n",
			notes);
	if (like) {
		fprintf(stderr, "  like %s: %zu clauses matched, %zu new\n", like,
			matched, d->nclauses - matched);
		for (i = 0; i < d->nclauses; i++) {
			const struct import_clause *c = &d->clauses[i];

			if (c->like_id)
				fprintf(stderr, "    %-24s %.2f\n", c->id, c->like_score);
			else
				fprintf(stderr, "    %-24s new\n", c->id);
		}
	}
	if (n->suggested)
		fprintf(stderr, "  categories of %zu clauses are suggestions "
			"(suggested=\"category\"): confirm them\n", n->suggested);
	if (d->nclauses == 0)
		fprintf(stderr, "  found no numbered clauses: the text is kept as "
			"notes\n");
}

/* The library around the current directory, whole, when there is one:
 * what --like DOC names and what category suggestions learn from.
 * Outside a library the built-in taxonomy alone teaches them. */
static int open_library(struct clause_repo **repo, struct clause_library *lib)
{
	int r = clause_repo_open(repo, NULL, 0);

	if (r < 0)
		return r;
	if (!(*repo)->git)
		return clause_taxonomy_load_builtin(&lib->taxonomy);
	lib->all = 1;
	return clause_library_load(lib, *repo, NULL, NULL, 0);
}

static int suggest(struct import_doc *d, const struct clause_library *lib)
{
	const struct clause_doc **docs = calloc(lib->n + 1, sizeof(*docs));
	size_t i, n = 0;
	int r;

	if (!docs)
		return CLAUSE_ERROR;
	for (i = 0; i < lib->n; i++)
		if (lib->v[i].doc)
			docs[n++] = lib->v[i].doc;
	r = import_suggest(d, docs, n, &lib->taxonomy);
	free(docs);
	return r;
}

/* Check what was written as clause validate would, before it is kept. */
static int check_output(const struct clause_buf *xml, const char *name)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	int r = clause_doc_load(&doc, NULL, name, xml->ptr, xml->len, 1, &probs);

	if (r == CLAUSE_EINVALID) {
		cmd_print_problems(&probs);
		clause_error_set("the imported document is not valid (a bug: "
				 "please report it with the input file)");
		r = CLAUSE_ERROR;
	}
	clause_doc_free(doc);
	clause_problems_release(&probs);
	return r;
}

static int run(const char *path, const struct import_opts *o)
{
	struct import_blocks b = { 0 };
	struct import_doc d = { 0 };
	struct import_counts counts;
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_doc *like = NULL;
	struct clause_buf xml = CLAUSE_BUF_INIT;
	struct parties parties = { 0 };
	enum import_format fmt = IMPORT_AUTO;
	char *id = NULL;
	int r;

	if ((r = read_blocks(&b, &fmt, path, o)) < 0 ||
	    (r = import_structure(&d, &b)) < 0 || (r = open_library(&repo, &lib)) < 0)
		goto done;
	if (o->like && ((r = load_like(&like, &lib, repo, o->like)) < 0 ||
			(r = import_match_like(&d, like)) < 0))
		goto done;
	if ((r = import_assign_ids(&d)) < 0 || (r = suggest(&d, &lib)) < 0 ||
	    (r = parties_make(&parties, o, like)) < 0)
		goto done;
	/* The next round of a document keeps its id. */
	if (!(id = o->id ? strdup(o->id) : like ? strdup(like->id) :
		   default_id(o->out, path))) {
		r = CLAUSE_ERROR;
		goto done;
	}
	{
		const char *name = strrchr(path, '/');
		struct import_meta m = {
			.id = id, .status = o->status ? o->status : "proposal",
			.title = o->title ? o->title : d.title ? NULL : name ? name + 1 : path,
			.sector = o->sector ? o->sector : like ? like->sector : NULL,
			.jurisdiction = like ? like->jurisdiction : NULL,
			.effective = like ? like->effective : NULL,
			.expires = like ? like->expires : NULL,
			.lang = like ? like->lang : NULL,
			.party_role = parties.role, .party_id = parties.id,
			.party_name = parties.name, .nparties = parties.n,
			.source = name ? name + 1 : path, .format = import_format_name(fmt)
		};

		r = import_write(&xml, &d, &m, &counts);
	}
	if (r == 0)
		r = check_output(&xml, o->out ? o->out : "(stdout)");
	if (r < 0)
		goto done;
	if (!o->quiet)
		report(path, fmt, &b, &d, &counts, o->like);
	if (!o->parties.n && !like)
		fprintf(stderr, "clause: no party named: add --party ROLE:NAME, or "
			"edit <party> in the output\n");
	if (o->dry_run)
		;
	else if (o->out)
		r = cmd_write_atomic(o->out, &xml);
	else
		cmd_out(&xml);
done:
	clause_buf_release(&xml);
	parties_release(&parties);
	free(id);
	clause_doc_free(like);
	clause_library_release(&lib);
	clause_repo_free(repo);
	import_doc_free(&d);
	import_blocks_free(&b);
	return r;
}

/*
 * clause import FILE [-o OUT.xml] [--id DOC-ID] [--title T] [--status S]
 *        [--party ROLE:NAME]... [--sector S] [--like DOC|PATH|REV:PATH]
 *        [--format=F] [--encoding=E] [--accept-changes] [--dry-run] [-q]
 *
 * Read FILE, find its articles, clauses and quantities, and write one
 * schema-valid clause document (stdout without -o); say on stderr what
 * was found.
 */
int cmd_import(int argc, char **argv)
{
	struct import_opts o = { 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'o', "output", "OUT.xml", "write the document here (atomically), not to stdout", &o.out },
		{ CLAUSE_OPT_VALUE, 0, "id", "DOC-ID", "the document's id (default: that of --like, else from OUT or FILE)", &o.id },
		{ CLAUSE_OPT_VALUE, 0, "title", "T", "its title (default: the file's first heading)", &o.title },
		{ CLAUSE_OPT_VALUE, 0, "status", "S", "proposal (default), counter, tentative, ratified ...", &o.status },
		{ CLAUSE_OPT_LIST, 0, "party", "ROLE:NAME", "a party (repeat for each); default: those of --like", &o.parties },
		{ CLAUSE_OPT_VALUE, 0, "sector", "S", "the sector (default: that of --like)", &o.sector },
		{ CLAUSE_OPT_VALUE, 0, "like", "DOC", "take clause ids from this earlier document (id, path or REV:PATH)", &o.like },
		{ CLAUSE_OPT_VALUE, 0, "format", "F", "auto (default), text, docx, pdf, html or md", &o.format },
		{ CLAUSE_OPT_VALUE, 0, "encoding", "E", "of a text file: utf-8, utf-16, windows-1252 ... (default: detect)", &o.encoding },
		{ CLAUSE_OPT_FLAG, 0, "accept-changes", NULL, "read a Word file's tracked changes as accepted", &o.accept_changes },
		{ CLAUSE_OPT_FLAG, 'n', "dry-run", NULL, "write nothing, only report", &o.dry_run },
		{ CLAUSE_OPT_FLAG, 'q', "quiet", NULL, "no report on stderr", &o.quiet },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n != 1) {
		status = clause_opt_usage_error(usage, args.n ? "one FILE at a time" :
						"which file? clause import FILE");
		goto done;
	}
	if ((status = check_opts(&o)) != 0)
		goto done;
	r = run(args.v[0], &o);
	status = r < 0 ? cmd_fail(r) : CLAUSE_EXIT_OK;
done:
	free(o.parties.v);
	free(args.v);
	return status;
}
