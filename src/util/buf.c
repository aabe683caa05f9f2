/* buf.c: the growable NUL-terminated buffer. */
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

char clause_buf__empty[1];

void clause_buf_init(struct clause_buf *b)
{
	b->ptr = clause_buf__empty;
	b->len = 0;
	b->cap = 0;
}

void clause_buf_release(struct clause_buf *b)
{
	if (b->cap)
		free(b->ptr);
	clause_buf_init(b);
}

int clause_buf_grow(struct clause_buf *b, size_t extra)
{
	size_t need, cap;
	char *p;

	if (extra > (size_t)-1 / 2 - b->len - 1) {
		clause_error_set("out of memory");
		return -1;
	}
	need = b->len + extra + 1;
	if (need <= b->cap)
		return 0;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	p = b->cap ? realloc(b->ptr, cap) : malloc(cap);
	if (!p) {
		clause_error_set("out of memory");
		return -1;
	}
	if (!b->cap)
		p[0] = '\0';
	b->ptr = p;
	b->cap = cap;
	return 0;
}

int clause_buf_put(struct clause_buf *b, const char *data, size_t len)
{
	if (clause_buf_grow(b, len) < 0)
		return -1;
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
	return 0;
}

int clause_buf_puts(struct clause_buf *b, const char *s)
{
	return clause_buf_put(b, s, strlen(s));
}

int clause_buf_putc(struct clause_buf *b, char c)
{
	return clause_buf_put(b, &c, 1);
}

int clause_buf_vprintf(struct clause_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0) {
		clause_error_set("cannot format output");
		return -1;
	}
	if (clause_buf_grow(b, (size_t)n) < 0)
		return -1;
	vsnprintf(b->ptr + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
	return 0;
}

int clause_buf_printf(struct clause_buf *b, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = clause_buf_vprintf(b, fmt, ap);
	va_end(ap);
	return r;
}

void clause_buf_clear(struct clause_buf *b)
{
	clause_buf_truncate(b, 0);
}

void clause_buf_truncate(struct clause_buf *b, size_t len)
{
	if (len >= b->len)
		return;
	b->len = len;
	b->ptr[len] = '\0';
}

char *clause_buf_detach(struct clause_buf *b)
{
	char *p = b->cap ? b->ptr : strdup("");

	clause_buf_init(b);
	return p;
}

/* Length of the valid UTF-8 sequence at p, or 0 when it is not one. */
static size_t utf8_len(const unsigned char *p)
{
	size_t n;
	unsigned long cp;

	if (p[0] >= 0xC2 && p[0] <= 0xDF) { n = 2; cp = p[0] & 0x1F; }
	else if (p[0] >= 0xE0 && p[0] <= 0xEF) { n = 3; cp = p[0] & 0x0F; }
	else if (p[0] >= 0xF0 && p[0] <= 0xF4) { n = 4; cp = p[0] & 0x07; }
	else return 0;
	for (size_t i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80)
			return 0;	/* also stops at the NUL */
		cp = (cp << 6) | (p[i] & 0x3F);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return n;
}

int clause_buf_put_json(struct clause_buf *b, const char *s)
{
	const unsigned char *p;
	int r = 0;

	for (p = (const unsigned char *)s; *p && r == 0; p++) {
		switch (*p) {
		case '"': r = clause_buf_puts(b, "\\\""); break;
		case '\\': r = clause_buf_puts(b, "\\\\"); break;
		case '\n': r = clause_buf_puts(b, "\\n"); break;
		case '\t': r = clause_buf_puts(b, "\\t"); break;
		case '\r': r = clause_buf_puts(b, "\\r"); break;
		default:
			if (*p < 0x20 || *p == 0x7f) {
				r = clause_buf_printf(b, "\\u%04x", *p);
			} else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
				/* C1 controls escaped too: a JSON viewer on a
				 * terminal must not obey them */
				r = clause_buf_printf(b, "\\u%04x", p[1]);
				p++;
			} else if (*p < 0x80) {
				r = clause_buf_putc(b, (char)*p);
			} else {
				/* JSON is UTF-8: a byte that does not start a
				 * valid sequence (a file name in Latin-1, say)
				 * becomes U+FFFD. */
				size_t n = utf8_len(p);
				if (n)
					r = clause_buf_put(b, (const char *)p, n);
				else
					r = clause_buf_puts(b, "\xef\xbf\xbd");
				if (n)
					p += n - 1;
			}
		}
	}
	return r;
}

int clause_buf_put_xml(struct clause_buf *b, const char *s)
{
	int r = 0;

	for (; *s && r == 0; s++) {
		switch (*s) {
		case '&': r = clause_buf_puts(b, "&amp;"); break;
		case '<': r = clause_buf_puts(b, "&lt;"); break;
		case '>': r = clause_buf_puts(b, "&gt;"); break;
		case '"': r = clause_buf_puts(b, "&quot;"); break;
		default: r = clause_buf_putc(b, *s);
		}
	}
	return r;
}

int clause_buf_read_file(struct clause_buf *b, const char *path, size_t limit)
{
	FILE *f = NULL;
	struct stat st;
	size_t n;
	int r = -1;
	char chunk[65536];

	if (!(f = fopen(path, "rb"))) {
		clause_error_set("cannot open '%s': %s", path, strerror(errno));
		goto done;
	}
	if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
		clause_error_set("'%s' is a directory", path);
		goto done;
	}
	if (fstat(fileno(f), &st) == 0 && (size_t)st.st_size > limit) {
		clause_error_set("'%s' is too large (%lld bytes; the limit is %zu)",
				 path, (long long)st.st_size, limit);
		r = CLAUSE_ETOOBIG;
		goto done;
	}
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0) {
		if (b->len + n > limit) {
			clause_error_set("'%s' is too large (the limit is %zu bytes)",
					 path, limit);
			r = CLAUSE_ETOOBIG;
			goto done;
		}
		if (clause_buf_put(b, chunk, n) < 0)
			goto done;
	}
	if (ferror(f)) {
		clause_error_set("cannot read '%s': %s", path, strerror(errno));
		goto done;
	}
	r = 0;
done:
	if (f)
		fclose(f);
	return r;
}
