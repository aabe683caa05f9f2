/* library.h: the documents of a library, read from the work tree or from
 * a git tree, with the taxonomy that applies to them.
 *
 * Every *.xml file is read and parsed safely.  Files whose root element
 * is `agreement` or in the clause namespace are documents; files whose
 * root is a taxonomy extend the category tree (those named taxonomy.xml
 * are read first); other XML vocabularies are left alone.  Only documents in scope (under the
 * current directory, or the paths given) are reported on; the rest are
 * still loaded so that references into them resolve.
 */
#ifndef CLAUSE_LIBRARY_H
#define CLAUSE_LIBRARY_H

#include <git2.h>

#include "doc/doc.h"
#include "doc/problem.h"
#include "git/repo.h"
#include "doc/taxonomy.h"
#include "util/pool.h"

struct clause_entry {
	char *path;		/* relative to the top of the work tree */
	char *display;		/* as shown to the user (cwd-relative, REV:path) */
	char blob[41];		/* blob id of its bytes */
	int in_scope;		/* selected by the command's paths */
	int broken;		/* could not be loaded: problems were found */
	int outside;		/* a named file outside the work tree */
	int taxonomy;		/* a taxonomy file (extends the categories) */
	int explicit;		/* named on the command line: must be a document */
	struct clause_problems found;	/* while loading: what it found */
	int error;		/* while loading: a runtime error, or 0 */
	char *error_msg;	/* and its message */
	struct clause_doc *doc;	/* the document, or NULL when not one */
	int pooled;		/* path, display and doc (with all it
				 * holds) live in the library's pool */
	size_t nclauses;	/* its clauses: doc->nclauses, also when
				 * lib->docs_only left doc->clauses out */
};

struct clause_library {
	struct clause_entry *v;		/* sorted by path */
	size_t n;
	size_t cap;
	struct clause_taxonomy taxonomy;	/* built-in + extensions */
	struct clause_problems problems;	/* load problems, in scope */
	size_t files;			/* XML files read in scope */
	int all;			/* set by the caller: the scope is the
					 * whole library, not the current dir */
	int light;			/* set by the caller: keep only the
					 * structure of each document
					 * (clause_doc_strip), and compute no
					 * blob ids for work-tree files */
	git_tree *tree;			/* the tree read, NULL for the work tree */
	int docs_only;			/* set by the caller of
					 * clause_index_library: no clause is
					 * needed, only how many a document has
					 * (entry nclauses; doc->clauses may be
					 * left out) */
	int no_parties;			/* set by the caller of
					 * clause_index_library: the documents'
					 * parties are not needed (may be left
					 * out) */
	int taxonomy_only;		/* set by the caller of
					 * clause_index_library: only the
					 * categories are needed (the documents
					 * may be left out) */
	struct clause_pool pool;	/* what pooled entries hold (the
					 * index's listing fills it) */
};

/* Most threads that read documents at once. */
#define CLAUSE_MAX_THREADS 8

#define CLAUSE_LIBRARY_INIT { NULL, 0, 0, CLAUSE_TAXONOMY_INIT, \
			      CLAUSE_PROBLEMS_INIT, 0, 0, 0, NULL, 0 }

/*
 * Load the library of `repo` at `rev` (the work tree when NULL, HEAD in a
 * bare repository).  `paths`
 * (command-line paths, relative to the current directory) narrow the
 * scope; without them the scope is the current directory.  A path that
 * matches nothing is an error (CLAUSE_ENOTFOUND).  Problems found while
 * loading documents in scope go to lib->problems; the return is 0 unless
 * something failed at run time.
 */
int clause_library_load(struct clause_library *lib, struct clause_repo *repo,
			const char *rev, char **paths, size_t npaths);
/* The same from a tree object; `label` prefixes displayed paths. */
int clause_library_load_tree(struct clause_library *lib,
			     struct clause_repo *repo, git_tree *tree,
			     const char *label, char **paths, size_t npaths);
void clause_library_release(struct clause_library *lib);

/*
 * For a library whose entries another reader filled (the search index:
 * path, display, blob, in_scope, taxonomy, broken, found and a light doc,
 * sorted by path; lib->tree set when they are of a tree): add the built-in
 * categories and those of the library's taxonomy files, read in the order
 * clause_library_load reads them, and move the problems of the entries in
 * scope to lib->problems, as clause_library_load leaves them.
 */
int clause_library_fold(struct clause_library *lib, struct clause_repo *repo);

/* Read entry e of lib again, whole (tree and text), whatever lib->light;
 * the caller frees *out.  For showing one document of a light library. */
int clause_library_reload(struct clause_doc **out, struct clause_library *lib,
			  struct clause_repo *repo,
			  const struct clause_entry *e);

/* Is top-relative `path` under the top-relative `scope` ("" for the
 * whole library, "dir/" or "dir" for a directory, or the path itself)? */
int clause_library_path_in(const char *path, const char *scope);

/* The entry holding document `id`, or NULL. */
struct clause_entry *clause_library_find(const struct clause_library *lib,
					 const char *id);

/*
 * The rules a schema cannot check, for every document in scope: ids
 * unique, categories known, term dates ordered, derived-from and ref
 * targets resolvable, document ids unique in the library.
 */
int clause_library_check(struct clause_library *lib,
			 struct clause_problems *probs);

#endif
