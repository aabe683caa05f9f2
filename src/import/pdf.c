/* pdf.c: a PDF's text layer, through poppler-glib loaded on first use.
 *
 * Each page's text comes from poppler_page_get_text in poppler's reading
 * order, one line a "\n", and poppler_page_get_text_layout gives a box
 * for each of its characters (newlines and spaces included), from which
 * a line gets its top, bottom, left and right in points from the page's
 * top left corner.  A page whose boxes do not match its text one to one
 * keeps its lines without positions: no gaps are found on it, and only
 * its first and last lines can be a header or footer.
 *
 * All pages are read, one at a time (each freed before the next), into
 * struct pdf_line; then headers, footers and page numbers are marked,
 * the usual space between lines measured, and the lines kept appended
 * as IMPORT_LINE blocks:
 *
 * - gap: the space above the line is clearly more than between the
 *   lines of a paragraph (measured over the whole PDF), or the text
 *   went back up the page; on a page's first line, when the last line
 *   kept before it stopped short of three quarters of the width of its
 *   page's text (a paragraph's last line, or a heading).  The first
 *   line of the PDF has none.
 * - dropped: a page number (a line of only a number, "Page 3",
 *   "Page 3 of 10", "3/10", "- 3 -", "3 | Page") in a page's top or
 *   bottom band; and a running header or footer: a line set off from
 *   the body by a gap at a page's top or bottom that, its digits
 *   ignored, recurs there on at least half the pages of a PDF of three
 *   or more.  The set-off test keeps a page's first body line even when
 *   every page starts alike ("Line 1", "Line 2" ...).
 * - a soft hyphen (U+00AD) at a line's end was printed as a hyphen
 *   where the producer broke the word: it becomes "-", so that the
 *   structure stage joins it as it joins any hyphen at a line's end;
 *   inside a line it was not printed and is dropped.  Ligatures
 *   (U+FB00..U+FB06) are spelt out, so that "ﬁle" is found as "file".
 *
 * Refused: a PDF that needs a password, one poppler cannot open, one
 * cut short of its "%%EOF" (poppler would read what is left as if it
 * were all), one with no text at all (a scan); more pages than
 * max_pages, before any is read; and a read over max_seconds, which the
 * clock is checked for between pages (poppler cannot be stopped inside
 * a page, so one page's own time is not bounded).
 */
#include <poppler.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "util/dl.h"
#include "import/import.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"

static const char *const poppler_names[] = {
	"poppler_document_new_from_bytes", "poppler_document_get_n_pages",
	"poppler_document_get_page", "poppler_page_get_text",
	"poppler_page_get_text_layout", "poppler_page_get_size",
	"poppler_error_quark"
};
static struct {
	__typeof__(poppler_document_new_from_bytes) *document_new_from_bytes;
	__typeof__(poppler_document_get_n_pages) *document_get_n_pages;
	__typeof__(poppler_document_get_page) *document_get_page;
	__typeof__(poppler_page_get_text) *page_get_text;
	__typeof__(poppler_page_get_text_layout) *page_get_text_layout;
	__typeof__(poppler_page_get_size) *page_get_size;
	__typeof__(poppler_error_quark) *error_quark;
} pf;
static struct import_dl poppler_dl = IMPORT_DL(IMPORT_POPPLER_SONAME,
	"poppler-glib", poppler_names, &pf);

/* Loaded already as poppler-glib's dependencies: dlopen only finds them. */
static const char *const gobject_names[] = { "g_object_unref" };
static struct {
	__typeof__(g_object_unref) *object_unref;
} gof;
static struct import_dl gobject_dl = IMPORT_DL(IMPORT_GOBJECT_SONAME,
	"gobject", gobject_names, &gof);

static const char *const glib_names[] = {
	"g_bytes_new_static", "g_bytes_unref", "g_error_free", "g_free"
};
static struct {
	__typeof__(g_bytes_new_static) *bytes_new_static;
	__typeof__(g_bytes_unref) *bytes_unref;
	__typeof__(g_error_free) *error_free;
	__typeof__(g_free) *free;
} gf;
static struct import_dl glib_dl = IMPORT_DL(IMPORT_GLIB_SONAME,
	"glib", glib_names, &gf);

enum pdf_drop {
	KEEP,
	DROP_RUNNING,		/* a running header or footer */
	DROP_NUMBER		/* a page number */
};

struct pdf_line {
	char *text;		/* UTF-8, soft hyphens and ligatures settled */
	unsigned page;		/* from 1 */
	int known;		/* the box below was measured */
	double top, bottom;	/* points from the page's top edge */
	double left, right;	/* points from the page's left edge */
	int set_off;		/* a gap parts it from the body (an edge line) */
	enum pdf_drop drop;
};

struct pdf_page {
	double height;		/* points */
	size_t first, n;	/* its lines in struct pdf_read's v */
	int boxed;		/* left and right were measured */
	double left, right;	/* the extent of its lines kept */
};

/* One PDF being read. */
struct pdf_read {
	const char *path;	/* for messages */
	const struct import_limits *lim;
	struct pdf_line *v;	/* every line of every page read so far */
	size_t n, cap;
	struct pdf_page *pages;	/* npages of them */
	unsigned npages;
	unsigned empty;		/* pages with no text at all */
	double lead;		/* the usual space between a paragraph's lines */
};

/* A page's top and bottom bands, as a share of its height: a header or
 * footer sits in the margin, and no margin is deeper than this. */
#define EDGE_BAND 0.12
/* How many lines at a page's top or bottom may be a header or footer. */
#define EDGE_LINES 3

static int load(void)
{
	if (import_dl_load(&poppler_dl) < 0 || import_dl_load(&gobject_dl) < 0 ||
	    import_dl_load(&glib_dl) < 0)
		return CLAUSE_ERROR;
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void pdf_read_release(struct pdf_read *r)
{
	size_t i;

	for (i = 0; i < r->n; i++)
		free(r->v[i].text);
	free(r->v);
	free(r->pages);
}

/* Append the line s[0..len) to b as it should read: soft hyphens
 * settled, ligatures spelt out, control characters made spaces. */
static int clean_line(struct clause_buf *b, const char *s, size_t len)
{
	static const char *const lig[] = {
		"ff", "fi", "fl", "ffi", "ffl", "st", "st"
	};
	size_t i, j;
	int r = 0;

	for (i = 0; i < len && r == 0; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == 0xc2 && i + 1 < len && (unsigned char)s[i + 1] == 0xad) {
			for (j = i + 2; j < len && (s[j] == ' ' || s[j] == '\t'); j++)
				;
			if (j == len)
				r = clause_buf_putc(b, '-');
			i++;
		} else if (c == 0xef && i + 2 < len &&
			   (unsigned char)s[i + 1] == 0xac &&
			   (unsigned char)s[i + 2] <= 0x86) {
			r = clause_buf_puts(b, lig[(unsigned char)s[i + 2] - 0x80]);
			i += 2;
		} else {
			r = clause_buf_putc(b, c < 0x20 ? ' ' : (char)c);
		}
	}
	return r;
}

static int is_blank(const char *s)
{
	for (; *s; s++)
		if (*s != ' ')
			return 0;
	return 1;
}

/* Characters (code points) in s[0..len): poppler gives a box each. */
static size_t count_chars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			n++;
	return n;
}

/* The box around the characters of s[0..len) that are not spaces, the
 * first of which has box rects[k]; 0 when all are spaces. */
static int line_box(struct pdf_line *l, const PopplerRectangle *rects,
		    size_t k, const char *s, size_t len)
{
	size_t i;
	int any = 0;

	for (i = 0; i < len; i++) {
		const PopplerRectangle *q;

		if (((unsigned char)s[i] & 0xc0) == 0x80)
			continue;
		q = &rects[k++];
		if (s[i] == ' ' || s[i] == '\t')
			continue;
		if (!any || q->y1 < l->top)
			l->top = q->y1 < q->y2 ? q->y1 : q->y2;
		if (!any || q->y2 > l->bottom)
			l->bottom = q->y2 > q->y1 ? q->y2 : q->y1;
		if (!any || q->x1 < l->left)
			l->left = q->x1;
		if (!any || q->x2 > l->right)
			l->right = q->x2;
		any = 1;
	}
	return any;
}

/* Append one line of page `page` unless it is blank. */
static int add_line(struct pdf_read *r, unsigned page, const char *s,
		    size_t len, const PopplerRectangle *rects, size_t k)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct pdf_line *l;

	if (clean_line(&b, s, len) < 0)
		goto oom;
	if (is_blank(b.ptr)) {
		clause_buf_release(&b);
		return 0;
	}
	if (CLAUSE_GROW(r->v, r->n + 1, r->cap) < 0)
		goto oom;
	l = &r->v[r->n];
	memset(l, 0, sizeof(*l));
	l->page = page;
	l->known = rects && line_box(l, rects, k, s, len);
	l->text = clause_buf_detach(&b);
	if (!l->text)
		goto oom;
	r->n++;
	return 0;
oom:
	clause_buf_release(&b);
	clause_error_set("%s: out of memory", r->path);
	return CLAUSE_ERROR;
}

/* Split a page's text into lines; rects (NULL when they do not match
 * the text one to one) are its characters' boxes. */
static int split_lines(struct pdf_read *r, unsigned page, const char *text,
		       const PopplerRectangle *rects)
{
	const char *s = text;
	size_t k = 0;

	while (*s) {
		const char *e = strchr(s, '\n');
		size_t len = e ? (size_t)(e - s) : strlen(s);
		int err = add_line(r, page, s, len, rects, k);

		if (err < 0)
			return err;
		k += count_chars(s, len) + 1;
		s += len + (e != NULL);
	}
	return 0;
}

/* Read page i (from 0) into r, and free it. */
static int read_page(struct pdf_read *r, PopplerDocument *doc, unsigned i)
{
	PopplerPage *page = pf.document_get_page(doc, (int)i);
	PopplerRectangle *rects = NULL;
	guint nrects = 0;
	struct pdf_page *pg = &r->pages[i];
	char *text;
	double w;
	int err;

	if (!page) {
		clause_error_set("%s: not a readable PDF (poppler cannot read "
				 "page %u)", r->path, i + 1);
		return CLAUSE_EINVALID;
	}
	pf.page_get_size(page, &w, &pg->height);
	text = pf.page_get_text(page);
	if (text && *text && !pf.page_get_text_layout(page, &rects, &nrects))
		nrects = 0;
	pg->first = r->n;
	err = split_lines(r, i + 1, text ? text : "",
			  text && nrects == count_chars(text, strlen(text)) ?
			  rects : NULL);
	pg->n = r->n - pg->first;
	if (pg->n == 0)
		r->empty++;
	gf.free(rects);
	gf.free(text);
	gof.object_unref(page);
	return err;
}

/* s with ASCII letters lowered, spaces dropped and en and em dashes
 * made "-": the form page numbers and running lines compare in.
 * Digits become "#" when `digits` is 0. */
static int squeeze(struct clause_buf *b, const char *s, int digits)
{
	int r = 0;

	for (; *s && r == 0; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == ' ')
			continue;
		if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
		    ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
			r = clause_buf_putc(b, '-');
			s += 2;
		} else if (c >= '0' && c <= '9' && !digits) {
			if (b->len == 0 || b->ptr[b->len - 1] != '#')
				r = clause_buf_putc(b, '#');
		} else {
			r = clause_buf_putc(b, (char)(c >= 'A' && c <= 'Z' ?
						      c - 'A' + 'a' : c));
		}
	}
	return r;
}

/* Skip a number at *s: digits, or lower-case roman numerals (front
 * matter is numbered i, ii, iii) when the line was lower case. */
static int skip_number(const char **s, int roman)
{
	const char *p = *s;

	if (roman)
		p += strspn(p, "ivxlc");
	else
		p += strspn(p, "0123456789");
	if (p == *s || p - *s > 6)
		return 0;
	*s = p;
	return 1;
}

static int strip_prefix(const char **s, const char *prefix)
{
	size_t n = strlen(prefix);

	if (strncmp(*s, prefix, n) != 0)
		return 0;
	*s += n;
	return 1;
}

/* A squeezed line that is a page number: "3", "page3", "page3of10",
 * "3/10", "-3-", "3|page", "page|3", "iii". */
static int page_number_form(const char *s, int roman)
{
	size_t n = strlen(s);

	if (n >= 2 && s[0] == '-' && s[n - 1] == '-') {
		char inner[64];

		if (n - 2 >= sizeof(inner))
			return 0;
		memcpy(inner, s + 1, n - 2);
		inner[n - 2] = '\0';
		return page_number_form(inner, roman);
	}
	if (strip_prefix(&s, "page") || strip_prefix(&s, "p."))
		strip_prefix(&s, "|");
	if (!skip_number(&s, roman))
		return 0;
	if (strip_prefix(&s, "of") || strip_prefix(&s, "/"))
		return skip_number(&s, roman) && *s == '\0';
	if (strip_prefix(&s, "|"))
		return strcmp(s, "page") == 0;
	return *s == '\0';
}

static int is_page_number(const char *text)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	const char *p;
	int yes, lower = 1;

	for (p = text; *p; p++)
		if (*p >= 'A' && *p <= 'Z')
			lower = 0;
	if (strlen(text) > 40 || squeeze(&b, text, 1) < 0) {
		clause_buf_release(&b);
		return 0;
	}
	yes = page_number_form(b.ptr, 0) || (lower && page_number_form(b.ptr, 1));
	clause_buf_release(&b);
	return yes;
}

/* The line below `prev` starts a paragraph: the space between them is
 * more than the usual by 0.3 of a line's height (a producer's smallest
 * space after a paragraph, 6 points under 12-point type, is 0.4), or
 * the text went back up the page. */
static int big_gap(const struct pdf_read *r, const struct pdf_line *prev,
		   const struct pdf_line *l)
{
	double h = l->bottom - l->top, ph = prev->bottom - prev->top;

	if (!prev->known || !l->known)
		return 0;
	if (l->top < prev->top - 1)
		return 1;
	return l->top - prev->bottom > r->lead + 0.3 * (h < ph ? h : ph);
}

/* Line i of page pg (from its first) lies in the page's top or bottom
 * band, where headers, footers and page numbers are. */
static int in_band(const struct pdf_read *r, const struct pdf_page *pg,
		   size_t i)
{
	const struct pdf_line *l = &r->v[pg->first + i];

	if (i >= EDGE_LINES && i + EDGE_LINES < pg->n)
		return 0;
	if (!l->known)
		return i < 2 || i + 2 >= pg->n;
	return l->top < EDGE_BAND * pg->height ||
	       l->bottom > (1 - EDGE_BAND) * pg->height;
}

/* Mark the lines at the top of page pg that a gap sets off from its
 * body, and those at its bottom: headers and footers are so set off,
 * a body's first and last lines are not. */
static void mark_set_off(struct pdf_read *r, const struct pdf_page *pg)
{
	struct pdf_line *v = &r->v[pg->first];
	size_t i, j;

	if (pg->n < 2)
		return;
	if (!v[0].known) {
		v[0].set_off = v[pg->n - 1].set_off = 1;
		return;
	}
	for (i = 0; i + 1 < pg->n && i < EDGE_LINES; i++)
		if (in_band(r, pg, i) && big_gap(r, &v[i], &v[i + 1])) {
			for (j = 0; j <= i; j++)
				v[j].set_off = 1;
			break;
		}
	for (i = pg->n - 1; i > 0 && i + EDGE_LINES >= pg->n; i--)
		if (in_band(r, pg, i) && big_gap(r, &v[i - 1], &v[i])) {
			for (j = i; j < pg->n; j++)
				v[j].set_off = 1;
			break;
		}
}

static unsigned mark_page_numbers(struct pdf_read *r, const struct pdf_page *pg)
{
	unsigned n = 0;
	size_t i;

	for (i = 0; i < pg->n; i++)
		if (in_band(r, pg, i) && is_page_number(r->v[pg->first + i].text)) {
			r->v[pg->first + i].drop = DROP_NUMBER;
			n++;
		}
	return n;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The usual space between the lines of a paragraph: the spaces between
 * consecutive lines, a fifth of the way up from the least.  Not the
 * median: an agreement has so many paragraphs of a line or two ("(a)
 * The notice shall ...") that most spaces can be between paragraphs. */
static int measure_lead(struct pdf_read *r)
{
	double *d = malloc((r->n ? r->n : 1) * sizeof(*d));
	size_t i, m = 0;

	if (!d) {
		clause_error_set("%s: out of memory", r->path);
		return CLAUSE_ERROR;
	}
	for (i = 1; i < r->n; i++) {
		const struct pdf_line *p = &r->v[i - 1], *l = &r->v[i];

		if (p->page == l->page && p->known && l->known &&
		    l->top >= p->top - 1)
			d[m++] = l->top - p->bottom;
	}
	clause_qsort(d, m, sizeof(*d), cmp_double);
	r->lead = m ? d[m / 5] : 0;
	free(d);
	return 0;
}

/* A header or footer line, by its text with digits made "#". */
struct edge_key {
	char *key;
	unsigned page;
	size_t line;		/* index in struct pdf_read's v */
};

static int cmp_key(const void *a, const void *b)
{
	const struct edge_key *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	return c ? c : (x->page > y->page) - (x->page < y->page);
}

/* Drop the keys k[0..n) share if they are on enough pages: half of
 * them, and three at least. */
static unsigned drop_if_running(struct pdf_read *r, const struct edge_key *k,
				size_t n)
{
	unsigned pages = 0;
	size_t i;

	for (i = 0; i < n; i++)
		if (i == 0 || k[i].page != k[i - 1].page)
			pages++;
	if (r->npages < 3 || pages < 3 || 2 * pages < r->npages)
		return 0;
	for (i = 0; i < n; i++)
		r->v[k[i].line].drop = DROP_RUNNING;
	return (unsigned)n;
}

static int collect_keys(struct pdf_read *r, struct edge_key **out, size_t *n)
{
	struct edge_key *k = NULL;
	size_t i, cap = 0;

	*n = 0;
	for (i = 0; i < r->n; i++) {
		struct clause_buf b = CLAUSE_BUF_INIT;

		if (!r->v[i].set_off || r->v[i].drop != KEEP)
			continue;
		if (CLAUSE_GROW(k, *n, cap) < 0 || squeeze(&b, r->v[i].text, 0) < 0 ||
		    !(k[*n].key = clause_buf_detach(&b))) {
			clause_buf_release(&b);
			*out = k;
			clause_error_set("%s: out of memory", r->path);
			return CLAUSE_ERROR;
		}
		k[*n].page = r->v[i].page;
		k[*n].line = i;
		(*n)++;
	}
	*out = k;
	return 0;
}

/* Mark running headers and footers; how many lines were dropped. */
static int mark_running(struct pdf_read *r, unsigned *dropped)
{
	struct edge_key *k;
	size_t n, i, j;
	int err = collect_keys(r, &k, &n);

	*dropped = 0;
	if (err == 0 && n > 0) {
		clause_qsort(k, n, sizeof(*k), cmp_key);
		for (i = 0; i < n; i = j) {
			for (j = i + 1; j < n && strcmp(k[j].key, k[i].key) == 0; j++)
				;
			*dropped += drop_if_running(r, k + i, j - i);
		}
	}
	for (i = 0; i < n; i++)
		free(k[i].key);
	free(k);
	return err;
}

/* Each page's left and right margins, as its lines kept show them. */
static void measure_pages(struct pdf_read *r)
{
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct pdf_line *l = &r->v[i];
		struct pdf_page *pg = &r->pages[l->page - 1];

		if (!l->known || l->drop != KEEP)
			continue;
		if (!pg->boxed || l->left < pg->left)
			pg->left = l->left;
		if (!pg->boxed || l->right > pg->right)
			pg->right = l->right;
		pg->boxed = 1;
	}
}

/* A page's last line kept stops short of the right margin: it ends a
 * paragraph, so the next page's first line starts one. */
static int ends_short(const struct pdf_read *r, const struct pdf_line *l)
{
	const struct pdf_page *pg = &r->pages[l->page - 1];

	return l->known && pg->boxed &&
	       l->right < pg->left + 0.75 * (pg->right - pg->left);
}

static int emit(struct pdf_read *r, struct import_blocks *out)
{
	const struct pdf_line *prev = NULL;
	size_t i;

	for (i = 0; i < r->n; i++) {
		const struct pdf_line *l = &r->v[i];
		struct import_block *b;
		int err;

		if (l->drop != KEEP)
			continue;
		err = import_blocks_add(out, r->lim, IMPORT_LINE, 0, NULL,
					l->text, strlen(l->text));
		if (err < 0)
			return err;
		b = import_blocks_last(out);
		b->page = l->page;
		if (prev)
			b->gap = prev->page == l->page ? big_gap(r, prev, l) :
				 ends_short(r, prev);
		prev = l;
	}
	return 0;
}

/* Mark what to drop, find the gaps, append the lines kept to out. */
static int finish(struct pdf_read *r, struct import_blocks *out)
{
	unsigned numbers = 0, running = 0, i;
	int err = measure_lead(r);

	for (i = 0; err == 0 && i < r->npages; i++) {
		numbers += mark_page_numbers(r, &r->pages[i]);
		mark_set_off(r, &r->pages[i]);
	}
	if (err == 0)
		err = mark_running(r, &running);
	if (err < 0)
		return err;
	measure_pages(r);
	err = emit(r, out);
	if (err == 0 && (running || numbers))
		err = import_blocks_note(out, "dropped %u running headers and "
					 "footers and %u page numbers",
					 running, numbers);
	if (err == 0 && r->empty)
		err = import_blocks_note(out, "%u of %u pages have no text "
					 "(blank or scanned)", r->empty,
					 r->npages);
	return err;
}

/* The document, or the error set: poppler's reason, or the password. */
static int open_pdf(PopplerDocument **doc, const char *path, const char *data,
		    size_t len)
{
	/* Static: data outlives the document, which is freed before we
	 * return; the document takes its own reference to the bytes. */
	GBytes *bytes = gf.bytes_new_static(data, len);
	GError *e = NULL;

	*doc = pf.document_new_from_bytes(bytes, NULL, &e);
	gf.bytes_unref(bytes);
	if (*doc)
		return 0;
	if (e && e->domain == pf.error_quark() &&
	    e->code == POPPLER_ERROR_ENCRYPTED)
		clause_error_set("%s: the PDF is protected by a password; remove "
				 "it (qpdf --decrypt) and import again", path);
	else
		clause_error_set("%s: not a readable PDF (poppler: %s)", path,
				 e && e->message ? e->message : "no reason given");
	if (e)
		gf.error_free(e);
	return CLAUSE_EINVALID;
}

/* A whole PDF ends with "%%EOF" (give or take a few bytes of junk):
 * poppler rebuilds a truncated one from what is left and would read a
 * contract without its last pages as if it were all there. */
static int check_whole(const char *path, const char *data, size_t len)
{
	size_t tail = len < 1024 ? len : 1024;

	if (memmem(data + len - tail, tail, "%%EOF", 5))
		return 0;
	clause_error_set("%s: not a readable PDF (it has no %%%%EOF at its end: "
			 "truncated?)", path);
	return CLAUSE_EINVALID;
}

static int read_pages(struct pdf_read *r, PopplerDocument *doc, double start)
{
	int n = pf.document_get_n_pages(doc);
	unsigned i;
	int err = 0;

	if (n <= 0) {
		clause_error_set("%s: not a readable PDF (it has no pages)", r->path);
		return CLAUSE_EINVALID;
	}
	if ((unsigned)n > r->lim->max_pages) {
		clause_error_set("%s: %d pages, more than %u", r->path, n,
				 r->lim->max_pages);
		return CLAUSE_ETOOBIG;
	}
	r->pages = calloc((size_t)n, sizeof(*r->pages));
	if (!r->pages) {
		clause_error_set("%s: out of memory", r->path);
		return CLAUSE_ERROR;
	}
	r->npages = (unsigned)n;
	for (i = 0; i < r->npages && err == 0; i++) {
		if (now() - start > r->lim->max_seconds) {
			clause_error_set("%s: reading its text took more than %u s "
					 "(%u of %u pages read)", r->path,
					 r->lim->max_seconds, i, r->npages);
			return CLAUSE_ETOOBIG;
		}
		/* Lines dropped later are a few a page: past this many, the
		 * blocks would be over their bound anyway. */
		if (r->n > r->lim->max_blocks + 2u * EDGE_LINES * i) {
			clause_error_set("%s: more than %zu lines", r->path,
					 r->lim->max_blocks);
			return CLAUSE_ETOOBIG;
		}
		err = read_page(r, doc, i);
	}
	return err;
}

int import_read_pdf(struct import_blocks *out, const struct import_limits *lim,
		    const char *path, const char *data, size_t len)
{
	struct pdf_read r = { .path = path, .lim = lim };
	PopplerDocument *doc = NULL;
	double start = now();
	int err;

	if (len > lim->max_file) {
		clause_error_set("%s: more than %zu bytes", path, lim->max_file);
		return CLAUSE_ETOOBIG;
	}
	if ((err = load()) < 0 || (err = open_pdf(&doc, path, data, len)) < 0)
		return err;
	err = check_whole(path, data, len);
	if (err == 0)
		err = read_pages(&r, doc, start);
	gof.object_unref(doc);
	if (err == 0 && r.n == 0) {
		clause_error_set("%s: the PDF has no text layer (a scan?); run OCR "
				 "first, e.g. ocrmypdf FILE.pdf OUT.pdf", path);
		err = CLAUSE_EINVALID;
	}
	if (err == 0)
		err = finish(&r, out);
	pdf_read_release(&r);
	return err;
}
