/* problem.h: a list of problems found in documents, each with a place.
 *
 * Parsing and validation do not stop at the first bad document: they add
 * one problem per finding here, and the command prints them all as
 * path:line:col: message.
 */
#ifndef CLAUSE_PROBLEM_H
#define CLAUSE_PROBLEM_H

#include <stddef.h>

struct clause_problem {
	char *path;		/* the file (or REV:path) the problem is in */
	unsigned line;		/* 1-based line, 0 when not known */
	unsigned col;		/* 1-based column, 0 when not known */
	char *message;		/* one line, no trailing newline or full stop */
};

struct clause_problems {
	struct clause_problem *v;	/* the problems, in the order found */
	size_t n;			/* how many */
	size_t cap;			/* allocated slots in v */
};

#define CLAUSE_PROBLEMS_INIT { NULL, 0, 0 }

int clause_problems_add(struct clause_problems *p, const char *path,
			unsigned line, unsigned col, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
void clause_problems_release(struct clause_problems *p);
/* Sort by path, line and column, so output does not depend on order. */
void clause_problems_sort(struct clause_problems *p);

#endif
