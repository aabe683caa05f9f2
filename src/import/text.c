/* text.c: plain text, in whatever encoding the file came in, as lines.
 *
 * Old Word exports and e-mailed agreements arrive as UTF-16 (with a
 * byte-order mark) or Windows-1252; the rest is UTF-8.  Everything is
 * made UTF-8 here, so that the later stages see one encoding.
 */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

/* Windows-1252's 0x80..0x9f (the rest of its high half is Latin-1);
 * 0 where the code page has no character. */
static const unsigned short cp1252_high[32] = {
	0x20ac, 0, 0x201a, 0x0192, 0x201e, 0x2026, 0x2020, 0x2021,
	0x02c6, 0x2030, 0x0160, 0x2039, 0x0152, 0, 0x017d, 0,
	0, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014,
	0x02dc, 0x2122, 0x0161, 0x203a, 0x0153, 0, 0x017e, 0x0178
};

static int put_utf8(struct clause_buf *b, unsigned long cp)
{
	char u[4];
	size_t n;

	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	return clause_buf_put(b, u, n);
}

/* Length of the UTF-8 sequence at s (at most n bytes), 0 if invalid
 * (overlong forms, surrogates and code points past U+10FFFF too). */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned long cp;
	size_t len, i;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, cp = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, cp = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, cp = s[0] & 0x07;
	else
		return 0;
	if (len > n)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

/* Offset of the first byte that is not valid UTF-8, or len. */
static size_t utf8_valid_upto(const char *data, size_t len)
{
	size_t i = 0, n;

	while (i < len) {
		n = utf8_len((const unsigned char *)data + i, len - i);
		if (!n)
			return i;
		i += n;
	}
	return len;
}

static int from_utf16(struct clause_buf *out, const char *path,
		      const unsigned char *s, size_t len, int big)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2) {
		unsigned long u = big ? (s[i] << 8 | s[i + 1]) : (s[i + 1] << 8 | s[i]);

		if (u >= 0xd800 && u <= 0xdbff && i + 3 < len) {
			unsigned long lo = big ? (s[i + 2] << 8 | s[i + 3]) :
						 (s[i + 3] << 8 | s[i + 2]);

			if (lo >= 0xdc00 && lo <= 0xdfff) {
				u = 0x10000 + ((u - 0xd800) << 10) + (lo - 0xdc00);
				i += 2;
			}
		}
		if (u >= 0xd800 && u <= 0xdfff) {
			clause_error_set("%s: not UTF-16 (a lone surrogate at byte %zu)",
					 path, i);
			return CLAUSE_EINVALID;
		}
		if (put_utf8(out, u) < 0)
			return CLAUSE_ERROR;
	}
	return 0;
}

static int from_cp1252(struct clause_buf *out, const unsigned char *s,
		       size_t len, int latin1)
{
	size_t i;

	for (i = 0; i < len; i++) {
		unsigned long u = s[i];

		if (!latin1 && u >= 0x80 && u < 0xa0 && cp1252_high[u - 0x80])
			u = cp1252_high[u - 0x80];
		if (put_utf8(out, u) < 0)
			return CLAUSE_ERROR;
	}
	return 0;
}

int import_to_utf8(struct clause_buf *out, const char *path, const char *data,
		   size_t len, const char *enc)
{
	const unsigned char *s = (const unsigned char *)data;
	int bom16 = len >= 2 && ((s[0] == 0xff && s[1] == 0xfe) ||
				 (s[0] == 0xfe && s[1] == 0xff));
	size_t bad;

	if (enc && strcasecmp(enc, "utf-16") != 0 && strncasecmp(enc, "utf-16", 6) == 0)
		return from_utf16(out, path, s, len, strcasecmp(enc, "utf-16be") == 0);
	if ((enc && strcasecmp(enc, "utf-16") == 0) || (!enc && bom16)) {
		if (!bom16) {
			clause_error_set("%s: UTF-16 without a byte-order mark; "
					 "say --encoding=utf-16le or utf-16be", path);
			return CLAUSE_EINVALID;
		}
		return from_utf16(out, path, s + 2, len - 2, s[0] == 0xfe);
	}
	if (enc && (strcasecmp(enc, "windows-1252") == 0 || strcasecmp(enc, "cp1252") == 0))
		return from_cp1252(out, s, len, 0);
	if (enc && (strcasecmp(enc, "latin-1") == 0 || strcasecmp(enc, "iso-8859-1") == 0))
		return from_cp1252(out, s, len, 1);
	if (len >= 3 && s[0] == 0xef && s[1] == 0xbb && s[2] == 0xbf)
		data += 3, len -= 3;
	bad = utf8_valid_upto(data, len);
	if (bad == len)
		return clause_buf_put(out, data, len);
	if (enc && strcasecmp(enc, "utf-8") == 0) {
		clause_error_set("%s: not UTF-8 (byte %zu); say which encoding "
				 "it is with --encoding", path, bad);
		return CLAUSE_EINVALID;
	}
	/* Not UTF-8, so a single-byte code page: Word's "plain text" on
	 * Windows writes 1252. */
	return from_cp1252(out, s, len, 0);
}

/* Text has no NUL and few control characters; a file that has them is
 * something else (a .doc, an image) named .txt. */
static int check_text(const char *path, const char *s, size_t len)
{
	size_t i, ctl = 0;

	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0) {
			clause_error_set("%s: not a text file (a NUL byte at %zu)",
					 path, i);
			return CLAUSE_EINVALID;
		}
		if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f')
			ctl++;
	}
	if (ctl > 8 && ctl * 100 > len) {
		clause_error_set("%s: not a text file (%zu control characters)",
				 path, ctl);
		return CLAUSE_EINVALID;
	}
	return 0;
}

/* The lines of UTF-8 text: a blank line sets gap on the next; a form
 * feed starts a page. */
static int add_lines(struct import_blocks *out, const struct import_limits *lim,
		     const char *s, size_t len)
{
	unsigned line = 1, page = 0;
	int gap = 0, r;
	size_t i = 0;

	if (memchr(s, '\f', len))
		page = 1;
	while (i < len) {
		size_t j = i, k;

		while (j < len && s[j] != '\n' && s[j] != '\r' && s[j] != '\f')
			j++;
		for (k = i; k < j && (s[k] == ' ' || s[k] == '\t'); k++)
			;
		if (k == j) {
			gap = 1;
		} else {
			r = import_blocks_add(out, lim, IMPORT_LINE, 0, NULL, s + i, j - i);
			if (r < 0)
				return r;
			import_blocks_last(out)->gap = gap;
			import_blocks_last(out)->line = line;
			import_blocks_last(out)->page = page;
			gap = 0;
		}
		if (j < len && s[j] == '\f') {
			page++;
			gap = 1;
		} else if (j + 1 < len && s[j] == '\r' && s[j + 1] == '\n') {
			j++;
		}
		if (j < len && s[j] != '\f')
			line++;
		i = j + 1;
	}
	return 0;
}

int import_read_text(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len,
		     const char *encoding)
{
	struct clause_buf u;
	int r;

	clause_buf_init(&u);
	r = import_to_utf8(&u, path, data, len, encoding);
	if (r == 0)
		r = check_text(path, u.ptr, u.len);
	if (r == 0)
		r = add_lines(out, lim, u.ptr, u.len);
	clause_buf_release(&u);
	return r;
}
