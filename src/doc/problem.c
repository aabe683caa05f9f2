/* problem.c: the list of problems found in documents. */
#include "doc/problem.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

int clause_problems_add(struct clause_problems *p, const char *path,
			unsigned line, unsigned col, const char *fmt, ...)
{
	struct clause_buf msg = CLAUSE_BUF_INIT;
	struct clause_problem *pr;
	va_list ap;
	int r;

	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 8;
		struct clause_problem *v = realloc(p->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return -1;
		}
		p->v = v;
		p->cap = cap;
	}
	va_start(ap, fmt);
	r = clause_buf_vprintf(&msg, fmt, ap);
	va_end(ap);
	if (r < 0)
		return -1;
	/* One line, no trailing newline or full stop. */
	while (msg.len && (msg.ptr[msg.len - 1] == '\n' ||
			   msg.ptr[msg.len - 1] == ' ' ||
			   msg.ptr[msg.len - 1] == '.'))
		clause_buf_truncate(&msg, msg.len - 1);
	for (size_t i = 0; i < msg.len; i++)
		if (msg.ptr[i] == '\n')
			msg.ptr[i] = ' ';
	pr = &p->v[p->n];
	pr->path = clause_visible(path ? path : "-");
	pr->line = line;
	pr->col = col;
	pr->message = clause_visible(msg.ptr);
	clause_buf_release(&msg);
	if (!pr->path || !pr->message) {
		free(pr->path);
		free(pr->message);
		clause_error_set("out of memory");
		return -1;
	}
	p->n++;
	return 0;
}

void clause_problems_release(struct clause_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		free(p->v[i].path);
		free(p->v[i].message);
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
}

static int problem_cmp(const void *a, const void *b)
{
	const struct clause_problem *x = a, *y = b;
	int c = strcmp(x->path, y->path);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->col != y->col)
		return x->col < y->col ? -1 : 1;
	return strcmp(x->message, y->message);
}

void clause_problems_sort(struct clause_problems *p)
{
	if (p->n > 1)
		clause_qsort(p->v, p->n, sizeof(*p->v), problem_cmp);
}
