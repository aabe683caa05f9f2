/* taxonomy.h: the category tree (built in, plus a library's extensions). */
#ifndef CLAUSE_TAXONOMY_H
#define CLAUSE_TAXONOMY_H

#include <stddef.h>

#include "doc/problem.h"

struct clause_category {
	char *name;		/* full dotted name: adjustment.notice */
	char *label;		/* short label */
	char *definition;	/* one-line definition */
	unsigned depth;		/* 0 for a family, 1 for its leaves ... */
	int leaf;		/* no categories below it */
	char *origin;		/* file that defined it ("built-in" or a path) */
};

struct clause_taxonomy {
	struct clause_category *v;	/* categories, tree order (pre-order) */
	size_t n;			/* how many */
	size_t cap;			/* allocated slots */
};

#define CLAUSE_TAXONOMY_INIT { NULL, 0, 0 }

/* Load the built-in tree into an empty taxonomy. */
int clause_taxonomy_load_builtin(struct clause_taxonomy *t);
/*
 * Add the categories of a taxonomy file (bytes at data) to t.  A category
 * that exists already keeps its definition; new ones are inserted after
 * their parent's subtree.  Problems are added for an unsafe or invalid
 * file (CLAUSE_EINVALID).
 */
int clause_taxonomy_add(struct clause_taxonomy *t, const char *path,
			const char *data, size_t len,
			struct clause_problems *probs);
const struct clause_category *clause_taxonomy_find(const struct clause_taxonomy *t,
						   const char *name);
void clause_taxonomy_release(struct clause_taxonomy *t);

#endif
