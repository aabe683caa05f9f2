/* error.c: the one error slot. */
#include "util/error.h"

#include <errno.h>
#include <git2.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Per thread: documents are read on several threads at once. */
static __thread char message[1024];

/* Messages quote what users and documents wrote, and go to a terminal:
 * control characters (C0, DEL, C1) are written visibly, as \n or \x1b,
 * so that no text can move the cursor, retitle the window or reach the
 * clipboard through an error. */
static void put_visible(char *to, size_t size, const char *from)
{
	static const char hex[] = "0123456789abcdef";
	size_t n = 0;

	for (const unsigned char *p = (const unsigned char *)from; *p; p++) {
		char esc[5] = "";
		unsigned c = *p;
		int c1 = c == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f;

		if (c1)
			c = *++p;	/* a C1 control, as UTF-8 */
		if (c == '\n' || c == '\t' || c == '\r') {
			esc[0] = '\\';
			esc[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'r';
		} else if (c < 0x20 || c == 0x7f || c1) {
			esc[0] = '\\';
			esc[1] = 'x';
			esc[2] = hex[c >> 4];
			esc[3] = hex[c & 15];
		} else {
			esc[0] = (char)c;
		}
		for (size_t k = 0; esc[k]; k++) {
			if (n + 1 >= size)
				goto end;
			to[n++] = esc[k];
		}
	}
end:
	to[n] = '\0';
}

char *clause_visible(const char *s)
{
	size_t size = 4 * strlen(s) + 1;
	char *out = malloc(size);

	if (out)
		put_visible(out, size, s);
	return out;
}

void clause_error_set(const char *fmt, ...)
{
	char raw[sizeof(message)];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(raw, sizeof(raw), fmt, ap);
	va_end(ap);
	put_visible(message, sizeof(message), raw);
}

int clause_error_from_git(int code, const char *what)
{
	const git_error *e = git_error_last();
	int sys = errno;

	/* libgit2 loses the cause of a failed write inside its own
	 * callbacks ("... callback returned -1"): a full or failing disk
	 * is said as the system says it. */
	if (e && e->message && strstr(e->message, "callback returned") &&
	    (sys == ENOSPC || sys == EIO || sys == EDQUOT))
		clause_error_set("%s: %s", what, strerror(sys));
	else if (e && e->message)
		clause_error_set("%s: %s", what, e->message);
	else if (sys == ENOSPC || sys == EIO || sys == EDQUOT)
		clause_error_set("%s: %s", what, strerror(sys));	/* and no word of git's */
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
