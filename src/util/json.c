/* json.c: a small writer of JSON text (see json.h). */
#include "util/json.h"

#include <assert.h>
#include <stdarg.h>
#include <string.h>

/* Append s, keeping the first error. */
static void put(struct clause_json *j, const char *s)
{
	int r;

	if (!j->err && (r = clause_buf_puts(j->out, s)) < 0)
		j->err = r;
}

/* Append s as a quoted JSON string. */
static void put_quoted(struct clause_json *j, const char *s, size_t n)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	int r = 0;

	if (j->err)
		return;
	if (s[n] != '\0') {
		/* A word inside a longer string: escape a copy. */
		if ((r = clause_buf_put(&tmp, s, n)) < 0)
			goto done;
		s = tmp.ptr;
	}
	if ((r = clause_buf_putc(j->out, '"')) == 0 &&
	    (r = clause_buf_put_json(j->out, s)) == 0)
		r = clause_buf_putc(j->out, '"');
done:
	if (r < 0)
		j->err = r;
	clause_buf_release(&tmp);
}

/* What goes before an item of the innermost level, then its key. */
static void item(struct clause_json *j, const char *key)
{
	struct clause_json_level *l = j->depth ? &j->v[j->depth - 1] : NULL;

	if (l) {
		if (l->any)
			put(j, ",");
		if (j->brk || l->indent) {
			put(j, "\n");
			put(j, j->brk ? j->brk : l->indent);
		} else if (l->any) {
			put(j, " ");
		}
		l->any = 1;
	}
	j->brk = NULL;
	if (key) {
		put_quoted(j, key, strlen(key));
		put(j, ": ");
	}
}

static int open_level(struct clause_json *j, const char *key, char open,
		      const char *indent, const char *end)
{
	char s[2] = { open, '\0' };
	struct clause_json_level *l;

	assert(j->depth < CLAUSE_JSON_DEPTH);
	item(j, key);
	put(j, s);
	l = &j->v[j->depth++];
	l->close = open == '[' ? ']' : '}';
	l->indent = indent;
	l->end = end;
	l->any = 0;
	return j->err;
}

void clause_json_init(struct clause_json *j, struct clause_buf *out)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
}

int clause_json_object(struct clause_json *j, const char *key)
{
	return open_level(j, key, '{', NULL, NULL);
}

int clause_json_array(struct clause_json *j, const char *key)
{
	return open_level(j, key, '[', NULL, NULL);
}

int clause_json_array_lines(struct clause_json *j, const char *key,
			    const char *indent, const char *end)
{
	return open_level(j, key, '[', indent, end);
}

int clause_json_list(struct clause_json *j, struct clause_buf *out)
{
	clause_json_init(j, out);
	return clause_json_array_lines(j, NULL, "  ", "");
}

int clause_json_end(struct clause_json *j)
{
	struct clause_json_level *l;
	char s[2] = { '\0', '\0' };

	assert(j->depth > 0);
	l = &j->v[--j->depth];
	if (l->indent && l->end && l->any) {
		put(j, "\n");
		put(j, l->end);
	}
	s[0] = l->close;
	put(j, s);
	j->brk = NULL;
	return j->err;
}

int clause_json_finish(struct clause_json *j)
{
	while (j->depth)
		clause_json_end(j);
	put(j, "\n");
	return j->err;
}

void clause_json_break(struct clause_json *j, const char *indent)
{
	j->brk = indent;
}

int clause_json_str(struct clause_json *j, const char *key, const char *s)
{
	item(j, key);
	if (s)
		put_quoted(j, s, strlen(s));
	else
		put(j, "null");
	return j->err;
}

int clause_json_num(struct clause_json *j, const char *key, const char *fmt,
		    ...)
{
	va_list ap;
	int r;

	item(j, key);
	if (j->err)
		return j->err;
	va_start(ap, fmt);
	r = clause_buf_vprintf(j->out, fmt, ap);
	va_end(ap);
	if (r < 0)
		j->err = r;
	return j->err;
}

int clause_json_bool(struct clause_json *j, const char *key, int value)
{
	item(j, key);
	put(j, value ? "true" : "false");
	return j->err;
}

int clause_json_null(struct clause_json *j, const char *key)
{
	item(j, key);
	put(j, "null");
	return j->err;
}

int clause_json_strings(struct clause_json *j, const char *key,
			char *const *v, size_t n)
{
	clause_json_array(j, key);
	for (size_t i = 0; i < n; i++)
		clause_json_str(j, NULL, v[i]);
	return clause_json_end(j);
}

int clause_json_words(struct clause_json *j, const char *key,
		      const char *words)
{
	clause_json_array(j, key);
	for (const char *p = words ? words : ""; *p;) {
		size_t n = strcspn(p, " ");
		if (n) {
			item(j, NULL);
			put_quoted(j, p, n);
		}
		p += n;
		p += strspn(p, " ");
	}
	return clause_json_end(j);
}
