/* json.h: a small writer of JSON text into a clause_buf.
 *
 * The writer knows which objects and arrays are open and whether each
 * has an item yet, so callers never write a comma or a bracket by hand.
 * Items are separated by ", " on one line, or, in an array opened with
 * clause_json_array_lines, each starts a line of its own.  Every value
 * function takes the member's key inside an object and NULL inside an
 * array or at the top.  The functions return 0, or the first error of
 * the writer (out of memory), which sticks.
 */
#ifndef CLAUSE_JSON_H
#define CLAUSE_JSON_H

#include "util/buf.h"

#include <stddef.h>

#define CLAUSE_JSON_DEPTH 16	/* objects and arrays open at once, most */

/* One open object or array. */
struct clause_json_level {
	char close;		/* ']' or '}' */
	const char *indent;	/* each item on a line indented so, or NULL */
	const char *end;	/* indent of the closing bracket's line, or
				 * NULL: it follows the last item */
	int any;		/* an item is written */
};

struct clause_json {
	struct clause_buf *out;		/* where the text goes, borrowed */
	/* The open objects and arrays, outermost first. */
	struct clause_json_level v[CLAUSE_JSON_DEPTH];
	size_t depth;			/* levels open */
	const char *brk;		/* the next item starts a line indented
					 * so (clause_json_break), or NULL */
	int err;			/* first error, 0 while none */
};

/* Start writing at the end of out. */
void clause_json_init(struct clause_json *j, struct clause_buf *out);
/* Open an object or an array whose items are separated by ", ". */
int clause_json_object(struct clause_json *j, const char *key);
int clause_json_array(struct clause_json *j, const char *key);
/* Open an array whose items each start a line indented by `indent`; when
 * it has items, the closing bracket starts a line indented by `end`
 * (NULL: it follows the last item). */
int clause_json_array_lines(struct clause_json *j, const char *key,
			    const char *indent, const char *end);
/* A listing on stdout: init, then an array of one item a line. */
int clause_json_list(struct clause_json *j, struct clause_buf *out);
/* Close the innermost object or array. */
int clause_json_end(struct clause_json *j);
/* Close everything open and end the line. */
int clause_json_finish(struct clause_json *j);
/* The next item of the innermost object or array starts a new line
 * indented by `indent`. */
void clause_json_break(struct clause_json *j, const char *indent);

/* A string, or null for NULL. */
int clause_json_str(struct clause_json *j, const char *key, const char *s);
/* A number as printf writes it with fmt ("%u", "%.4f"). */
int clause_json_num(struct clause_json *j, const char *key, const char *fmt,
		    ...) __attribute__((format(printf, 3, 4)));
int clause_json_bool(struct clause_json *j, const char *key, int value);
int clause_json_null(struct clause_json *j, const char *key);
/* An array of strings, from n strings or from one string of
 * space-separated words ("a.b c.d"). */
int clause_json_strings(struct clause_json *j, const char *key,
			char *const *v, size_t n);
int clause_json_words(struct clause_json *j, const char *key,
		      const char *words);

#endif
