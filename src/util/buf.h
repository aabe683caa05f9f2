/* buf.h: a growable byte buffer that is always NUL-terminated.
 *
 * src/util/: what every floor uses and which knows nothing of clauses:
 * buffers (buf.c), growing arrays (array.c), a pool of memory given back
 * whole (pool.c), the error slot (error.c), a string map (map.c),
 * hashing (hash.c), option tables (opt.c) and a JSON writer (json.c).
 *
 * Conventions for the whole library (chosen once, kept everywhere):
 * - No typedefs for structs: always write `struct clause_buf`.
 * - Fallible functions return int: 0 ok, negative on error (see error.h).
 * - A pointer returned through `**out` belongs to the caller; a plain
 *   returned pointer is borrowed from the object it came from.
 */
#ifndef CLAUSE_BUF_H
#define CLAUSE_BUF_H

#include <stdarg.h>
#include <stddef.h>

struct clause_buf {
	char *ptr;	/* the bytes, NUL-terminated; "" when nothing allocated */
	size_t len;	/* bytes used, not counting the terminating NUL */
	size_t cap;	/* bytes allocated at ptr, 0 while ptr is the static "" */
};

#define CLAUSE_BUF_INIT { clause_buf__empty, 0, 0 }
extern char clause_buf__empty[1];

void clause_buf_init(struct clause_buf *b);
void clause_buf_release(struct clause_buf *b);
/* Make room for `extra` more bytes; -1 (and the error set) on overflow. */
int clause_buf_grow(struct clause_buf *b, size_t extra);
int clause_buf_put(struct clause_buf *b, const char *data, size_t len);
int clause_buf_puts(struct clause_buf *b, const char *s);
int clause_buf_putc(struct clause_buf *b, char c);
int clause_buf_printf(struct clause_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int clause_buf_vprintf(struct clause_buf *b, const char *fmt, va_list ap);
void clause_buf_clear(struct clause_buf *b);
void clause_buf_truncate(struct clause_buf *b, size_t len);
/* Take the memory: the caller frees the result; the buffer is reset. */
char *clause_buf_detach(struct clause_buf *b);
/* Append s as the body of a JSON string (no quotes), escaping as needed. */
int clause_buf_put_json(struct clause_buf *b, const char *s);
/* Append s with & < > " escaped for XML/HTML text and attributes. */
int clause_buf_put_xml(struct clause_buf *b, const char *s);
/* Read a whole file, refusing files over `limit` bytes. */
int clause_buf_read_file(struct clause_buf *b, const char *path, size_t limit);

#endif
