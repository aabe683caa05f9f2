/* blocks.c: the blocks every reader yields, the bounds they keep, and
 * which reader a file needs. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "util/array.h"
#include "util/error.h"

const struct import_limits import_default_limits = {
	.max_file = 256u << 20,		/* a 2,000-page PDF is about 20 MB */
	.max_entries = 10000,		/* a real .docx has tens */
	.max_entry = 128u << 20,
	.max_total = 256u << 20,
	.max_pages = 5000,
	.max_seconds = 60,
	.max_blocks = 1000000
};

static int is_space(unsigned char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' ||
	       c == '\v';
}

/* Copy with runs of whitespace (ASCII, and U+00A0 no-break space) made
 * one space, trimmed. */
static char *collapse(const char *s, size_t len)
{
	char *out = malloc(len + 1);
	size_t i, o = 0;
	int space = 0;

	if (!out)
		return NULL;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];

		if (is_space(c) || (c == 0xc2 && i + 1 < len &&
				    (unsigned char)s[i + 1] == 0xa0)) {
			if (c == 0xc2)
				i++;
			space = 1;
			continue;
		}
		/* Control characters are not text, and XML may not hold
		 * them: white space, as a form feed is.  U+FFFE and U+FFFF
		 * are no characters at all. */
		if (c < 0x20 || c == 0x7f) {
			space = 1;
			continue;
		}
		if (c == 0xef && i + 2 < len && (unsigned char)s[i + 1] == 0xbf &&
		    ((unsigned char)s[i + 2] == 0xbe || (unsigned char)s[i + 2] == 0xbf)) {
			i += 2;
			continue;
		}
		if (space && o > 0)
			out[o++] = ' ';
		space = 0;
		out[o++] = (char)c;
	}
	out[o] = '\0';
	return out;
}

int import_blocks_add(struct import_blocks *b, const struct import_limits *lim,
		      enum import_block_kind kind, int level, const char *label,
		      const char *text, size_t len)
{
	struct import_block *bl;

	if (lim && b->n >= lim->max_blocks) {
		clause_error_set("more than %zu paragraphs", lim->max_blocks);
		return CLAUSE_ETOOBIG;
	}
	if (CLAUSE_GROW(b->v, b->n + 1, b->cap) < 0)
		return CLAUSE_ERROR;
	bl = &b->v[b->n];
	memset(bl, 0, sizeof(*bl));
	bl->kind = kind;
	bl->level = level;
	bl->text = collapse(text ? text : "", text ? len : 0);
	if (!bl->text)
		return CLAUSE_ERROR;
	if (label) {
		bl->label = collapse(label, strlen(label));
		if (!bl->label) {
			free(bl->text);
			return CLAUSE_ERROR;
		}
		if (!*bl->label) {
			free(bl->label);
			bl->label = NULL;
		}
	}
	b->n++;
	return 0;
}

struct import_block *import_blocks_last(struct import_blocks *b)
{
	return b->n ? &b->v[b->n - 1] : NULL;
}

int import_blocks_note(struct import_blocks *b, const char *fmt, ...)
{
	va_list ap;
	char *s;
	int r;

	va_start(ap, fmt);
	r = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (r < 0)
		return CLAUSE_ERROR;
	if (CLAUSE_GROW(b->notes, b->nnotes + 1, b->notes_cap) < 0) {
		free(s);
		return CLAUSE_ERROR;
	}
	b->notes[b->nnotes++] = s;
	return 0;
}

void import_blocks_free(struct import_blocks *b)
{
	size_t i;

	for (i = 0; i < b->n; i++) {
		free(b->v[i].text);
		free(b->v[i].label);
	}
	for (i = 0; i < b->nnotes; i++)
		free(b->notes[i]);
	free(b->v);
	free(b->notes);
	memset(b, 0, sizeof(*b));
}

static const char *const format_names[] = {
	[IMPORT_AUTO] = "auto", [IMPORT_TEXT] = "text", [IMPORT_MD] = "md",
	[IMPORT_HTML] = "html", [IMPORT_DOCX] = "docx", [IMPORT_PDF] = "pdf"
};

const char *import_format_name(enum import_format f)
{
	return format_names[f];
}

int import_format_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(format_names) / sizeof(format_names[0]); i++)
		if (strcmp(name, format_names[i]) == 0)
			return (int)i;
	if (strcmp(name, "txt") == 0)
		return IMPORT_TEXT;
	if (strcmp(name, "markdown") == 0)
		return IMPORT_MD;
	return -1;
}

static int ends_with(const char *s, const char *suffix)
{
	size_t n = strlen(s), m = strlen(suffix);

	return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

enum import_format import_detect(const char *path, const char *data, size_t len)
{
	static const struct { const char *ext; enum import_format f; } ext[] = {
		{ ".docx", IMPORT_DOCX }, { ".pdf", IMPORT_PDF },
		{ ".html", IMPORT_HTML }, { ".htm", IMPORT_HTML },
		{ ".xhtml", IMPORT_HTML }, { ".md", IMPORT_MD },
		{ ".markdown", IMPORT_MD }, { ".txt", IMPORT_TEXT },
		{ ".text", IMPORT_TEXT }
	};
	size_t i;

	for (i = 0; path && i < sizeof(ext) / sizeof(ext[0]); i++)
		if (ends_with(path, ext[i].ext))
			return ext[i].f;
	if (len >= 5 && memcmp(data, "%PDF-", 5) == 0)
		return IMPORT_PDF;
	if (len >= 4 && memcmp(data, "PK\3\4", 4) == 0)
		return IMPORT_DOCX;
	for (i = 0; i < len && i < 512 && is_space((unsigned char)data[i]); i++)
		;
	if (i + 5 <= len && (strncasecmp(data + i, "<!doc", 5) == 0 ||
			     strncasecmp(data + i, "<html", 5) == 0))
		return IMPORT_HTML;
	return IMPORT_TEXT;
}
