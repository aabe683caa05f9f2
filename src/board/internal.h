/* internal.h: what the files of src/board/ share: the versions of a
 * document read from the rounds (history.c). */
#ifndef CLAUSE_BOARD_INTERNAL_H
#define CLAUSE_BOARD_INTERNAL_H

#include <stddef.h>

#include "doc/doc.h"
#include "git/repo.h"
#include "util/map.h"

/* The versions being read: one document a round, and the one whose acts
 * count (HEAD's, or the as-of round's). */
struct history {
	struct clause_doc **v;		/* per round, borrowed from parsed; may
					 * be NULL: not in that round */
	size_t n;
	struct clause_doc *acts;	/* borrowed, or NULL */
	struct clause_repo *repo;	/* where the blobs are */
	struct clause_doc **parsed;	/* owned, one a distinct blob; parsed
					 * from git they keep no tree */
	char (*blobs)[41];		/* their blobs, or NULL (work tree) */
	struct clause_map *maps;	/* per parsed: clause id -> clause */
	struct clause_doc **full;	/* per parsed: again with its tree,
					 * when the numbers need it, or NULL */
	size_t nparsed, cap;
};

/* Take doc (or NULL: not a document) into h, owned, with the map of its
 * clauses. */
int board_history_keep(struct history *h, struct clause_doc *doc);
/* Clause `id` of version d (one of h's), or NULL. */
const struct clause_clause *board_history_find(const struct history *h,
					       const struct clause_doc *d,
					       const char *id);
/* Version d with its XML tree (for the numbers of a clause): d itself
 * when it kept it, else its blob parsed again, once; NULL when it cannot
 * be read. */
struct clause_doc *board_history_tree(struct history *h, struct clause_doc *d);
/* Document `doc` in the tree of commit `rev`: at `*path` when it is
 * there, else wherever the tree holds it (the search index says when it
 * knows; else the files that name the id are read).  *path is set to
 * where it was found; *out is NULL when the tree has no such document.
 * Each blob is parsed once; `keep_tree`: the document keeps its tree. */
int board_history_doc_at(struct clause_doc **out, struct history *h,
			 struct clause_repo *repo, const char *rev,
			 const char *doc, char **path, int keep_tree);
void board_history_release(struct history *h);

#endif
