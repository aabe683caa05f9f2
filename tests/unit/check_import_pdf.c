/* check_import_pdf.c: PDFs made by LibreOffice and Chromium read into
 * lines; the running headers, footers and page numbers dropped; the
 * PDFs that cannot be read refused.
 *
 * tests/import/make_pdf.sh makes the PDFs once for the suite (about 40
 * s with the 2,000-page one, in an unchecked fixture so that no test's
 * timeout counts it), into a directory the tests share and the fixture
 * removes.  The source tree is $CLAUSE_TOP, or the current directory.
 */
#include "suites.h"

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

static char *fixtures;		/* the PDFs' directory */

static void make_fixtures(void)
{
	const char *top = getenv("CLAUSE_TOP") ? getenv("CLAUSE_TOP") : ".";
	char script[PATH_MAX];

	ck_assert_ptr_nonnull(realpath(top, script));
	strcat(script, "/tests/import/make_pdf.sh");
	fixtures = test_tmpdir();
	ck_assert_int_eq(test_sh(fixtures, "sh '%s' . long", script), 0);
}

static void remove_fixtures(void)
{
	test_sh("/", "rm -rf '%s'", fixtures);
	free(fixtures);
}

/* Read fixture `name`, less its last `cut` bytes, into out. */
static int read_pdf(struct import_blocks *out, const struct import_limits *lim,
		    const char *name, size_t cut)
{
	struct clause_buf path = CLAUSE_BUF_INIT, data = CLAUSE_BUF_INIT;
	int r;

	memset(out, 0, sizeof(*out));
	clause_buf_printf(&path, "%s/%s", fixtures, name);
	ck_assert_int_eq(clause_buf_read_file(&data, path.ptr, 64u << 20), 0);
	ck_assert_uint_gt(data.len, cut);
	data.len -= cut;
	clause_error_clear();
	r = import_read_pdf(out, lim ? lim : &import_default_limits, name,
			    data.ptr, data.len);
	clause_buf_release(&path);
	clause_buf_release(&data);
	return r;
}

/* The index of the first line that is `text`, or -1. */
static long find(const struct import_blocks *b, const char *text)
{
	size_t i;

	for (i = 0; i < b->n; i++)
		if (strcmp(b->v[i].text, text) == 0)
			return (long)i;
	return -1;
}

/* The index of the line that is `text`; fails when there is none. */
static size_t must_find(const struct import_blocks *b, const char *text)
{
	long i = find(b, text);

	ck_assert_msg(i >= 0, "no line '%s'", text);
	return (size_t)i;
}

static size_t count_containing(const struct import_blocks *b, const char *s)
{
	size_t i, n = 0;

	for (i = 0; i < b->n; i++)
		n += strstr(b->v[i].text, s) != NULL;
	return n;
}

START_TEST(pdf_libreoffice_lines_in_order_by_page)
{
	struct import_blocks b;
	size_t xiv, xv, xvi, i;

	ck_assert_int_eq(read_pdf(&b, NULL, "contract.pdf", 0), 0);
	ck_assert_str_eq(b.v[0].text, "ARTICLE XIV");
	ck_assert_str_eq(b.v[b.n - 1].text, "END OF AGREEMENT");
	ck_assert_uint_eq(b.v[0].page, 1);
	ck_assert_uint_eq(b.v[b.n - 1].page, 3);
	xiv = must_find(&b, "ARTICLE XIV");
	xv = must_find(&b, "ARTICLE XV");
	xvi = must_find(&b, "ARTICLE XVI");
	ck_assert(xiv < xv && xv < xvi);
	ck_assert(must_find(&b, "Section 3. Notice of Change (XIV-3)") < xv);
	must_find(&b, "(a) The notice shall describe the technology in ARTICLE XV.");
	for (i = 0; i < b.n; i++) {
		ck_assert_int_eq(b.v[i].kind, IMPORT_LINE);
		ck_assert(b.v[i].page >= 1 && b.v[i].page <= 3);
		ck_assert(i == 0 || b.v[i].page >= b.v[i - 1].page);
	}
	/* Every line of a page that pdftotext shows, none lost or doubled:
	 * 3 articles of 4 sections of 1 + 4 + 2 lines, 8 lines of the
	 * hyphenated paragraph, the heads and the end. */
	ck_assert_uint_eq(b.n, 3 + 3 * 4 * 7 + 8 + 1);
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_libreoffice_headers_footers_dropped)
{
	struct import_blocks b;

	ck_assert_int_eq(read_pdf(&b, NULL, "contract.pdf", 0), 0);
	ck_assert_uint_eq(count_containing(&b, "Local 1234"), 0);
	ck_assert_uint_eq(count_containing(&b, "Page "), 0);
	ck_assert_uint_eq(count_containing(&b, " of 3"), 0);
	ck_assert_uint_eq(b.nnotes, 1);
	ck_assert_str_eq(b.notes[0], "dropped 3 running headers and footers "
			 "and 3 page numbers");
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_libreoffice_gaps_at_paragraphs)
{
	struct import_blocks b;
	size_t i, n, a = 0, heads = 0;

	ck_assert_int_eq(read_pdf(&b, NULL, "contract.pdf", 0), 0);
	ck_assert_int_eq(b.v[0].gap, 0);
	for (i = 0; i < b.n; i++) {
		const char *t = b.v[i].text;

		if (strncmp(t, "(a) ", 4) == 0 || strncmp(t, "(b) ", 4) == 0) {
			ck_assert_msg(b.v[i].gap, "no gap before '%s'", t);
			a++;
		}
		if (strncmp(t, "Section ", 8) == 0 || strncmp(t, "ARTICLE ", 8) == 0) {
			ck_assert_msg(i == 0 || b.v[i].gap, "no gap before '%s'", t);
			heads++;
		}
		/* A paragraph's later lines: no gap, across a page too. */
		if (strncmp(t, "before it introduces", 20) == 0 ||
		    strncmp(t, "unit members, and", 17) == 0 ||
		    strncmp(t, "effects on wages", 16) == 0)
			ck_assert_msg(!b.v[i].gap, "a gap before '%s'", t);
	}
	ck_assert_uint_eq(a, 24);
	ck_assert_uint_eq(heads, 15);
	/* ARTICLE XV's Section 1 ends page 1; its paragraph starts page 2. */
	n = must_find(&b, "Section 1. Notice of Change (XV-1)");
	ck_assert_uint_eq(b.v[n + 1].page, b.v[n].page + 1);
	ck_assert_int_eq(b.v[n + 1].gap, 1);
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_soft_hyphens_kept_as_printed)
{
	struct import_blocks b;
	size_t i, joined = 0;

	ck_assert_int_eq(read_pdf(&b, NULL, "contract.pdf", 0), 0);
	for (i = 0; i + 1 < b.n; i++) {
		const char *t = b.v[i].text, *sp = strrchr(t, ' ');
		size_t len = strlen(t);
		char word[128];

		ck_assert_ptr_null(strstr(t, "\xc2\xad"));
		if (len == 0 || t[len - 1] != '-')
			continue;
		/* The word's two halves make a word of the text. */
		snprintf(word, sizeof(word), "%.*s%.*s",
			 (int)(len - 1 - (sp ? (size_t)(sp + 1 - t) : 0)),
			 sp ? sp + 1 : t,
			 (int)strcspn(b.v[i + 1].text, " ."), b.v[i + 1].text);
		ck_assert_msg(strcmp(word, "telecommunications") == 0 ||
			      strcmp(word, "interoperability") == 0,
			      "'%s' + '%s'", t, b.v[i + 1].text);
		ck_assert_int_eq(b.v[i + 1].gap, 0);
		joined++;
	}
	ck_assert_uint_ge(joined, 2);
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_chromium_three_articles)
{
	struct import_blocks b;
	size_t t, a1, a2, a3, p1, i;

	ck_assert_int_eq(read_pdf(&b, NULL, "tech.pdf", 0), 0);
	t = must_find(&b, "Technology Agreement");
	a1 = must_find(&b, "Article 1 Notice");
	a2 = must_find(&b, "Article 2 Training");
	a3 = must_find(&b, "Article 3 Surveillance");
	ck_assert(t == 0 && t < a1 && a1 < a2 && a2 < a3 && a3 < b.n - 1);
	ck_assert(b.v[a1].gap && b.v[a2].gap && b.v[a3].gap);
	/* The first paragraph wraps: its first line has a gap, the next
	 * none; the second paragraph has one again. */
	p1 = a1 + 1;
	ck_assert_ptr_nonnull(strstr(b.v[p1].text, "The Employer shall give"));
	ck_assert_int_eq(b.v[p1].gap, 1);
	ck_assert_int_eq(b.v[p1 + 1].gap, 0);
	ck_assert_int_eq(b.v[must_find(&b, "The notice shall describe the "
				       "technology and its expected effects.")].gap, 1);
	for (i = 0; i < b.n; i++)
		ck_assert_uint_eq(b.v[i].page, 1);
	ck_assert_uint_eq(b.nnotes, 0);
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_chromium_own_header_footer_dropped)
{
	struct import_blocks b;
	size_t i, sections = 0;

	ck_assert_int_eq(read_pdf(&b, NULL, "reopener.pdf", 0), 0);
	ck_assert_str_eq(b.v[0].text, "Article 1");
	ck_assert_str_eq(b.v[b.n - 1].text, "unit in any quarter.");
	ck_assert_uint_eq(b.v[b.n - 1].page, 3);
	for (i = 0; i < b.n; i++) {
		const char *t = b.v[i].text;

		ck_assert_msg(!strstr(t, "Wage Reopener") && !strstr(t, "file:") &&
			      !strstr(t, "/3") && !strstr(t, " PM") &&
			      !strstr(t, " AM"), "kept '%s'", t);
		if (strncmp(t, "Section ", 8) == 0) {
			ck_assert_int_eq(b.v[i].gap, 1);
			sections++;
		}
	}
	ck_assert_uint_eq(sections, 30);
	/* Date and title at the top, the address at the bottom, "N/3". */
	ck_assert_uint_eq(b.nnotes, 1);
	ck_assert_str_eq(b.notes[0], "dropped 9 running headers and footers "
			 "and 3 page numbers");
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_page_number_forms_dropped)
{
	struct import_blocks b;
	size_t i;

	ck_assert_int_eq(read_pdf(&b, NULL, "numbers.pdf", 0), 0);
	ck_assert_uint_eq(b.v[b.n - 1].page, 3);
	for (i = 0; i < b.n; i++)
		ck_assert_msg(strncmp(b.v[i].text, "Clause ", 7) == 0 ||
			      strncmp(b.v[i].text, "timekeeping ", 12) == 0,
			      "kept '%s'", b.v[i].text);
	ck_assert_uint_eq(b.n, 39 * 2);
	ck_assert_uint_eq(b.nnotes, 1);
	ck_assert_str_eq(b.notes[0], "dropped 0 running headers and footers "
			 "and 6 page numbers");
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_page_without_text_noted)
{
	struct import_blocks b;

	ck_assert_int_eq(read_pdf(&b, NULL, "mixed.pdf", 0), 0);
	ck_assert_str_eq(b.v[0].text, "Technology Agreement");
	ck_assert_uint_eq(b.v[b.n - 1].page, 1);
	ck_assert_uint_eq(b.nnotes, 1);
	ck_assert_str_eq(b.notes[0], "1 of 2 pages have no text (blank or "
			 "scanned)");
	import_blocks_free(&b);
}
END_TEST

/* Refused with `code`, nothing read, and the message `msg`. */
static void refused(const char *name, size_t cut, int code, const char *msg)
{
	struct import_blocks b;

	ck_assert_int_eq(read_pdf(&b, NULL, name, cut), code);
	ck_assert_uint_eq(b.n, 0);
	ck_assert_str_eq(clause_error_last(), msg);
	import_blocks_free(&b);
}

START_TEST(pdf_refuses_password)
{
	refused("encrypted.pdf", 0, CLAUSE_EINVALID, "encrypted.pdf: the PDF is "
		"protected by a password; remove it (qpdf --decrypt) and import "
		"again");
}
END_TEST

START_TEST(pdf_refuses_broken)
{
	refused("truncated.pdf", 0, CLAUSE_EINVALID, "truncated.pdf: not a "
		"readable PDF (poppler: PDF document is damaged)");
	refused("garbage.pdf", 0, CLAUSE_EINVALID, "garbage.pdf: not a readable "
		"PDF (poppler: PDF document is damaged)");
	/* Cut before its end-of-file marker, poppler rebuilds it (cut
	 * anywhere before its trailer, poppler finds it damaged). */
	refused("contract.pdf", 7, CLAUSE_EINVALID, "contract.pdf: not a "
		"readable PDF (it has no %%EOF at its end: truncated?)");
}
END_TEST

START_TEST(pdf_refuses_scan)
{
	refused("scan.pdf", 0, CLAUSE_EINVALID, "scan.pdf: the PDF has no text "
		"layer (a scan?); run OCR first, e.g. ocrmypdf FILE.pdf OUT.pdf");
}
END_TEST

START_TEST(pdf_refuses_over_file_bound)
{
	struct import_limits lim = import_default_limits;
	struct import_blocks b;

	lim.max_file = 1000;
	ck_assert_int_eq(read_pdf(&b, &lim, "tech.pdf", 0), CLAUSE_ETOOBIG);
	ck_assert_uint_eq(b.n, 0);
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_reads_2000_pages)
{
	struct import_blocks b;
	struct timespec t0, t1;
	double s;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ck_assert_int_eq(read_pdf(&b, NULL, "long.pdf", 0), 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	s = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	/* 1 s measured; an ASan build takes a few times that. */
	ck_assert_msg(s < 40, "%.1f s", s);
	/* Every line kept, the header and footer of each page dropped. */
	ck_assert_uint_eq(b.n, 20000);
	ck_assert_str_eq(b.v[0].text, "Line 1: the employer consults the union.");
	ck_assert_str_eq(b.v[b.n - 1].text,
			 "Line 20000: the employer consults the union.");
	ck_assert_uint_eq(b.v[10].page, 2);
	ck_assert_uint_eq(b.v[b.n - 1].page, 2000);
	ck_assert_uint_eq(b.nnotes, 1);
	ck_assert_str_eq(b.notes[0], "dropped 2000 running headers and footers "
			 "and 2000 page numbers");
	import_blocks_free(&b);
}
END_TEST

START_TEST(pdf_refuses_too_many_pages_or_seconds)
{
	struct import_limits lim = import_default_limits;
	struct import_blocks b;

	lim.max_pages = 1999;
	ck_assert_int_eq(read_pdf(&b, &lim, "long.pdf", 0), CLAUSE_ETOOBIG);
	ck_assert_str_eq(clause_error_last(),
			 "long.pdf: 2000 pages, more than 1999");
	ck_assert_uint_eq(b.n, 0);
	lim.max_pages = 2000;
	lim.max_seconds = 0;
	ck_assert_int_eq(read_pdf(&b, &lim, "long.pdf", 0), CLAUSE_ETOOBIG);
	ck_assert_str_eq(clause_error_last(), "long.pdf: reading its text took "
			 "more than 0 s (0 of 2000 pages read)");
	ck_assert_uint_eq(b.n, 0);
	import_blocks_free(&b);
}
END_TEST

Suite *suite_import_pdf(void)
{
	Suite *s = suite_create("import_pdf");
	TCase *tc = tcase_create("pdf");

	/* Check's default of 4 s is too short for 2,000 pages under ASan. */
	tcase_set_timeout(tc, 60);
	tcase_add_unchecked_fixture(tc, make_fixtures, remove_fixtures);
	tcase_add_test(tc, pdf_libreoffice_lines_in_order_by_page);
	tcase_add_test(tc, pdf_libreoffice_headers_footers_dropped);
	tcase_add_test(tc, pdf_libreoffice_gaps_at_paragraphs);
	tcase_add_test(tc, pdf_soft_hyphens_kept_as_printed);
	tcase_add_test(tc, pdf_chromium_three_articles);
	tcase_add_test(tc, pdf_chromium_own_header_footer_dropped);
	tcase_add_test(tc, pdf_page_number_forms_dropped);
	tcase_add_test(tc, pdf_page_without_text_noted);
	tcase_add_test(tc, pdf_refuses_password);
	tcase_add_test(tc, pdf_refuses_broken);
	tcase_add_test(tc, pdf_refuses_scan);
	tcase_add_test(tc, pdf_refuses_over_file_bound);
	tcase_add_test(tc, pdf_reads_2000_pages);
	tcase_add_test(tc, pdf_refuses_too_many_pages_or_seconds);
	suite_add_tcase(s, tc);
	return s;
}
