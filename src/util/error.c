/* error.c: the one error slot. */
#include "util/error.h"

#include <git2.h>
#include <stdarg.h>
#include <stdio.h>

/* Per thread: documents are read on several threads at once. */
static __thread char message[1024];

void clause_error_set(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(message, sizeof(message), fmt, ap);
	va_end(ap);
}

int clause_error_from_git(int code, const char *what)
{
	const git_error *e = git_error_last();

	if (e && e->message)
		clause_error_set("%s: %s", what, e->message);
	else
		clause_error_set("%s: git error %d", what, code);
	if (code == GIT_ENOTFOUND)
		return CLAUSE_ENOTFOUND;
	if (code == GIT_EEXISTS)
		return CLAUSE_EEXISTS;
	return CLAUSE_ERROR;
}

const char *clause_error_last(void)
{
	return message[0] ? message : "unknown error";
}

void clause_error_clear(void)
{
	message[0] = '\0';
}
