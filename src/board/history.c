/* history.c: the versions of a document at each round, each blob parsed
 * once (board/internal.h). */
#include "board/internal.h"
#include "board/board.h"
#include "doc/xml.h"
#include "git/library.h"
#include "index/index.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Take doc (or NULL: not a document) into h, with the map of its
 * clauses. */
int board_history_keep(struct history *h, struct clause_doc *doc)
{
	if (h->nparsed == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 8;
		void *p;

		if (!(p = realloc(h->parsed, cap * sizeof(*h->parsed))))
			goto oom;
		h->parsed = p;
		if (!(p = realloc(h->blobs, cap * sizeof(*h->blobs))))
			goto oom;
		h->blobs = p;
		if (!(p = realloc(h->maps, cap * sizeof(*h->maps))))
			goto oom;
		h->maps = p;
		if (!(p = realloc(h->full, cap * sizeof(*h->full))))
			goto oom;
		h->full = p;
		h->cap = cap;
	}
	h->parsed[h->nparsed] = doc;
	h->blobs[h->nparsed][0] = '\0';
	memset(&h->maps[h->nparsed], 0, sizeof(*h->maps));
	h->full[h->nparsed] = NULL;
	for (size_t i = 0; doc && i < doc->nclauses; i++)
		if (clause_map_put(&h->maps[h->nparsed], doc->clauses[i].id,
				   &doc->clauses[i], NULL) < 0) {
			clause_map_release(&h->maps[h->nparsed], NULL);
			goto oom;
		}
	h->nparsed++;
	return 0;
oom:
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

static size_t slot_of(const struct history *h, const struct clause_doc *d)
{
	for (size_t i = 0; i < h->nparsed; i++)
		if (h->parsed[i] == d)
			return i;
	return BOARD_NONE;
}

/* Clause `id` of version d (one of h's), or NULL. */
const struct clause_clause *board_history_find(const struct history *h,
					const struct clause_doc *d,
					const char *id)
{
	size_t i = d ? slot_of(h, d) : BOARD_NONE;

	return i == BOARD_NONE ? NULL : clause_map_get(&h->maps[i], id);
}

/* Version d with its tree (for the numbers of a clause): d itself when
 * it kept it, else its blob parsed again, once. */
struct clause_doc *board_history_tree(struct history *h, struct clause_doc *d)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	size_t i = slot_of(h, d);
	git_blob *blob = NULL;
	git_oid oid;

	if (d->xml || i == BOARD_NONE)
		return d;
	if (h->full[i] || !h->blobs[i][0] ||
	    git_oid_fromstr(&oid, h->blobs[i]) < 0 ||
	    git_blob_lookup(&blob, h->repo->git, &oid) < 0)
		return h->full[i];
	clause_doc_load(&h->full[i], NULL, d->path, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob), 0, &probs);
	git_blob_free(blob);
	clause_problems_release(&probs);
	return h->full[i];
}

/* Parse blob `oid` (once: later asks get the same document). */
static int parse_blob(struct clause_doc **out, struct history *h,
		      struct clause_repo *repo, const git_oid *oid,
		      const char *display, int keep_tree)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	git_blob *blob = NULL;
	char hex[41];
	int r;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (size_t i = 0; i < h->nparsed; i++)
		if (strcmp(h->blobs[i], hex) == 0) {
			*out = h->parsed[i];
			return 0;
		}
	*out = NULL;
	if ((r = git_blob_lookup(&blob, repo->git, oid)) < 0)
		return clause_error_from_git(r, "cannot read a blob");
	if (git_blob_rawsize(blob) <= CLAUSE_MAX_DOC_BYTES)
		clause_doc_load(out, NULL, display, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob), 0, &probs);
	git_blob_free(blob);
	clause_problems_release(&probs);
	/* Texts and versions stay; the tree goes (a dozen trees of a big
	 * agreement cost more in page faults than parsing them). */
	if (!keep_tree)
		clause_doc_shed(*out);
	if ((r = board_history_keep(h, *out)) < 0) {
		clause_doc_free(*out);
		*out = NULL;
		return r;
	}
	memcpy(h->blobs[h->nparsed - 1], hex, 41);
	return 0;
}

struct scan {
	const char *doc;	/* the id looked for */
	struct clause_buf needle;	/* id="DOC" */
	struct clause_repo *repo;
	char *path;		/* where it is, once found */
	git_oid oid;
	int error;
};

/* A blob whose bytes hold id="DOC" is a candidate: the parse says. */
static int scan_one(const char *root, const git_tree_entry *te, void *payload)
{
	struct scan *sc = payload;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	const char *name = git_tree_entry_name(te);
	size_t len = strlen(name);
	struct clause_doc *d = NULL;
	git_blob *blob = NULL;
	int found = 0;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || len < 4 ||
	    strcmp(name + len - 4, ".xml") != 0)
		return 0;
	if (git_blob_lookup(&blob, sc->repo->git, git_tree_entry_id(te)) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_blob_rawsize(blob) <= CLAUSE_MAX_DOC_BYTES &&
	    memmem(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
		   sc->needle.ptr, sc->needle.len) &&
	    clause_doc_load_ex(&d, NULL, name, git_blob_rawcontent(blob),
			       (size_t)git_blob_rawsize(blob), 0,
			       CLAUSE_DOC_STRUCTURE, &probs) == 0 && d &&
	    strcmp(d->id, sc->doc) == 0) {
		struct clause_buf p = CLAUSE_BUF_INIT;
		clause_buf_printf(&p, "%s%s", root, name);
		sc->path = clause_buf_detach(&p);
		git_oid_cpy(&sc->oid, git_tree_entry_id(te));
		found = 1;
	}
	clause_doc_free(d);
	clause_problems_release(&probs);
	git_blob_free(blob);
	return found ? 1 : 0;	/* positive: stop the walk */
}

/* Document `doc` in the tree of commit `rev`: at `*path` when it is
 * there, else wherever the tree holds it (the search index says when it
 * knows; else the files that name the id are read).  *path is set to
 * where it was found; *out is NULL when the tree has no such document.
 * `keep_tree`: the document keeps its XML tree. */
int board_history_doc_at(struct clause_doc **out, struct history *h,
		  struct clause_repo *repo, const char *rev, const char *doc,
		  char **path, int keep_tree)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct scan sc;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	const struct clause_entry *e;
	git_oid oid;
	int r;

	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	if ((r = clause_repo_commit_of(&commit, repo, rev)) < 0)
		return r;
	if ((r = git_commit_tree(&tree, commit)) < 0) {
		r = clause_error_from_git(r, "cannot read a tree");
		goto done;
	}
	if (*path && git_tree_entry_bypath(&te, tree, *path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		if ((r = parse_blob(out, h, repo, git_tree_entry_id(te), *path,
				    keep_tree)) < 0)
			goto done;
		if (*out && strcmp((*out)->id, doc) == 0)
			goto done;
	}
	git_error_clear();
	*out = NULL;
	lib.all = 1;
	lib.light = 1;
	lib.docs_only = 1;
	if (clause_index_library(&lib, repo, rev)) {
		r = 0;
		if (!(e = clause_library_find(&lib, doc)) ||
		    git_oid_fromstr(&oid, e->blob) < 0)
			goto done;
		sc.path = strdup(e->path);
	} else {
		sc.doc = doc;
		sc.repo = repo;
		clause_buf_printf(&sc.needle, "id=\"%s\"", doc);
		r = git_tree_walk(tree, GIT_TREEWALK_PRE, scan_one, &sc);
		git_error_clear();
		r = 0;
		if (!sc.path)
			goto done;
		git_oid_cpy(&oid, &sc.oid);
	}
	free(*path);
	if (!(*path = sc.path)) {
		clause_error_set("out of memory");
		r = CLAUSE_ERROR;
		goto done;
	}
	sc.path = NULL;
	r = parse_blob(out, h, repo, &oid, *path, keep_tree);
done:
	free(sc.path);
	clause_buf_release(&sc.needle);
	clause_library_release(&lib);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(commit);
	return r;
}

void board_history_release(struct history *h)
{
	for (size_t i = 0; i < h->nparsed; i++) {
		clause_doc_free(h->parsed[i]);
		clause_doc_free(h->full[i]);
		clause_map_release(&h->maps[i], NULL);
	}
	free(h->parsed);
	free(h->blobs);
	free(h->maps);
	free(h->full);
	free(h->v);
}

