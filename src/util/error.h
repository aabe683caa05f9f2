/* error.h: the one error slot, and the library's return codes.
 *
 * The function that fails sets a one-line message with clause_error_set();
 * callers pass the code up and never overwrite the message.  Messages are
 * lower case with no full stop, subjects quoted: cannot open 'x.xml'.
 */
#ifndef CLAUSE_ERROR_H
#define CLAUSE_ERROR_H

enum {
	CLAUSE_OK = 0,
	CLAUSE_ERROR = -1,	/* runtime error: I/O, git, memory */
	CLAUSE_ENOTFOUND = -3,	/* what was asked for does not exist */
	CLAUSE_EINVALID = -4,	/* a document or argument is invalid */
	CLAUSE_ETOOBIG = -5,	/* input over a size limit */
	CLAUSE_EEXISTS = -6,	/* the thing to create exists already */
	CLAUSE_EUSAGE = -7,	/* the caller asked for something impossible */
	CLAUSE_EDIVERGED = -8,	/* histories have diverged: a merge is needed */
	CLAUSE_ECONFLICT = -9	/* a merge left conflicts to resolve */
};

/* Set the message; control characters in it (C0, DEL, C1: what could
 * drive a terminal) are written visibly, as \n or \x1b. */
void clause_error_set(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* A copy of s with control characters written visibly, as messages
 * have them; NULL when out of memory. */
char *clause_visible(const char *s);
/* Set the message from libgit2's last error, prefixed by `what`. */
int clause_error_from_git(int code, const char *what);
const char *clause_error_last(void);
void clause_error_clear(void);

#endif
