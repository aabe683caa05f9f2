/* check_import.c: the readers of plain text, Markdown and HTML, the
 * structure found in their blocks, quantities and ids. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

static const struct import_limits *lim = &import_default_limits;

static void read_text(struct import_blocks *b, const char *data, size_t len,
		      const char *enc)
{
	memset(b, 0, sizeof(*b));
	ck_assert_int_eq(import_read_text(b, lim, "t.txt", data, len, enc), 0);
}

START_TEST(text_lines_gaps_and_pages)
{
	static const char in[] = "one\r\n  two  \n\n\nthree\fpage two\n";
	struct import_blocks b;

	read_text(&b, in, sizeof(in) - 1, NULL);
	ck_assert_uint_eq(b.n, 4);
	ck_assert_str_eq(b.v[1].text, "two");
	ck_assert_int_eq(b.v[1].gap, 0);
	ck_assert_uint_eq(b.v[1].line, 2);
	ck_assert_int_eq(b.v[2].gap, 1);
	ck_assert_uint_eq(b.v[2].line, 5);
	ck_assert_uint_eq(b.v[2].page, 1);
	ck_assert_str_eq(b.v[3].text, "page two");
	ck_assert_uint_eq(b.v[3].page, 2);
	ck_assert_int_eq(b.v[3].gap, 1);
	import_blocks_free(&b);
}
END_TEST

START_TEST(text_encodings)
{
	static const char le[] = "\xff\xfe" "A\0\xe9\0\n\0\x3d\xd8\x00\xde";
	static const char be[] = "B\0" "\0\xe9";
	static const char cp[] = "Employer\x92s \x93notice\x94 \x80";
	struct import_blocks b;

	read_text(&b, le, sizeof(le) - 1, NULL);
	ck_assert_str_eq(b.v[0].text, "A\xc3\xa9");
	ck_assert_str_eq(b.v[1].text, "\xf0\x9f\x98\x80");	/* a surrogate pair */
	import_blocks_free(&b);
	read_text(&b, be, sizeof(be) - 1, "utf-16be");
	ck_assert_str_eq(b.v[0].text, "\xe4\x88\x80\xc3\xa9");
	import_blocks_free(&b);
	read_text(&b, cp, sizeof(cp) - 1, NULL);
	ck_assert_str_eq(b.v[0].text, "Employer\xe2\x80\x99s \xe2\x80\x9cnotice"
			 "\xe2\x80\x9d \xe2\x82\xac");
	import_blocks_free(&b);
	/* latin-1 keeps 0x92 as the control it is there */
	read_text(&b, "caf\xe9", 4, "latin-1");
	ck_assert_str_eq(b.v[0].text, "caf\xc3\xa9");
	import_blocks_free(&b);
}
END_TEST

START_TEST(text_refusals)
{
	struct import_blocks b = { 0 };

	ck_assert_int_eq(import_read_text(&b, lim, "x.txt", "a\0b", 3, NULL),
			 CLAUSE_EINVALID);
	ck_assert_str_eq(clause_error_last(), "x.txt: not a text file (a NUL byte at 1)");
	ck_assert_int_eq(import_read_text(&b, lim, "x.txt", "caf\xe9", 4, "utf-8"),
			 CLAUSE_EINVALID);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "not UTF-8 (byte 3)"));
	ck_assert_int_eq(import_read_text(&b, lim, "x.txt", "A\0", 2, "utf-16"),
			 CLAUSE_EINVALID);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "without a byte-order mark"));
	ck_assert_uint_eq(b.n, 0);
	import_blocks_free(&b);
}
END_TEST

START_TEST(blocks_bounded)
{
	struct import_limits small = import_default_limits;
	struct import_blocks b = { 0 };

	small.max_blocks = 2;
	ck_assert_int_eq(import_read_text(&b, &small, "x.txt", "a\nb\nc\n", 6, NULL),
			 CLAUSE_ETOOBIG);
	import_blocks_free(&b);
}
END_TEST

/* The structure of a text, through the text reader. */
static void structure(struct import_doc *d, const char *text)
{
	struct import_blocks b;

	read_text(&b, text, strlen(text), NULL);
	ck_assert_int_eq(import_structure(d, &b), 0);
	ck_assert_int_eq(import_assign_ids(d), 0);
	import_blocks_free(&b);
}

START_TEST(structure_numbering_styles)
{
	struct import_doc d;

	structure(&d, "ARTICLE XIV\nTECHNOLOGY\n\nSection 3. Notice. The Employer shall\n"
		      "give notice.\n(a) first;\n(b) second.\n\nSec. 4 Training\n"
		      "Paid training.\n\xc2\xa7 5 Data\nNo sale of data.\n");
	ck_assert_uint_eq(d.narticles, 1);
	ck_assert_str_eq(d.articles[0].num, "ARTICLE XIV");
	ck_assert_str_eq(d.articles[0].heading, "TECHNOLOGY");
	ck_assert_uint_eq(d.nclauses, 3);
	ck_assert_str_eq(d.clauses[0].num, "Section 3");
	ck_assert_str_eq(d.clauses[0].heading, "Notice");
	ck_assert_str_eq(d.clauses[0].paras[0].text, "The Employer shall give notice.");
	ck_assert_int_eq(d.clauses[0].paras[1].list, IMPORT_LIST_ALPHA);
	ck_assert_uint_eq(d.clauses[0].paras[1].nitems, 2);
	ck_assert_str_eq(d.clauses[0].paras[1].items[1], "second.");
	ck_assert_str_eq(d.clauses[1].num, "Sec. 4");
	ck_assert_str_eq(d.clauses[1].heading, "Training");
	ck_assert_str_eq(d.clauses[2].num, "\xc2\xa7 5");
	ck_assert_str_eq(d.clauses[2].id, "data");
	import_doc_free(&d);
}
END_TEST

START_TEST(structure_decimal_nesting)
{
	struct import_doc d;

	structure(&d, "Article 2 Scope\n2.1 Cover\nText one.\n2.1.1 Sub\nText two.\n"
		      "2.1.1.1 The deeper text is here.\n2.2 Next\nText three.\n2.2.1 Under next.\n");
	ck_assert_uint_eq(d.nclauses, 5);
	ck_assert_int_eq(d.clauses[0].parent, -1);
	ck_assert_int_eq(d.clauses[1].parent, 0);
	ck_assert_int_eq(d.clauses[2].parent, 1);
	ck_assert_int_eq(d.clauses[3].parent, -1);
	ck_assert_int_eq(d.clauses[4].parent, 3);
	ck_assert_str_eq(d.clauses[4].num, "2.2.1");
	ck_assert_uint_eq(d.clauses[2].nparas, 1);
	ck_assert_str_eq(d.clauses[2].paras[0].text, "The deeper text is here.");
	import_doc_free(&d);
}
END_TEST

START_TEST(structure_numbered_paragraphs_and_lists)
{
	struct import_doc d;

	/* "1." numbers the clauses here ... */
	structure(&d, "ARTICLE 5 LEAVE\n1. Leave is paid.\n2. Leave is booked\nahead of time.\n");
	ck_assert_uint_eq(d.nclauses, 2);
	ck_assert_str_eq(d.clauses[1].num, "2");
	ck_assert_str_eq(d.clauses[1].paras[0].text, "Leave is booked ahead of time.");
	import_doc_free(&d);
	/* ... and is a list in a clause numbered otherwise; (i) after (h) is
	 * a letter, (i) first is a roman numeral. */
	structure(&d, "5.1 Rules\nThe rules:\n1. one\n2. two\n\n5.2 More\n(i) first\n(ii) second\n"
		      "\n5.3 Letters\n(g) g\n(h) h\n(i) i\n");
	ck_assert_uint_eq(d.nclauses, 3);
	ck_assert_int_eq(d.clauses[0].paras[1].list, IMPORT_LIST_ORDERED);
	ck_assert_int_eq(d.clauses[1].paras[0].list, IMPORT_LIST_ROMAN);
	ck_assert_uint_eq(d.clauses[2].nparas, 1);
	ck_assert_int_eq(d.clauses[2].paras[0].list, IMPORT_LIST_ALPHA);
	ck_assert_uint_eq(d.clauses[2].paras[0].nitems, 3);
	import_doc_free(&d);
}
END_TEST

START_TEST(structure_hyphens_notes_and_title)
{
	struct import_doc d;

	structure(&d, "Model Technology Article\n\nAn introduction that no number "
		      "claims.\n\nARTICLE 1 CHANGE\nWhat the article is about.\n"
		      "1.1 Notice. The employer shall give tech-\nnological notice to a labor-\n"
		      "Management committee.\n");
	ck_assert_str_eq(d.title, "Model Technology Article");
	ck_assert_uint_eq(d.nnotes, 1);
	ck_assert_str_eq(d.notes[0], "An introduction that no number claims.");
	ck_assert_uint_eq(d.articles[0].nnotes, 1);
	ck_assert_str_eq(d.clauses[0].paras[0].text, "The employer shall give technological "
			 "notice to a labor- Management committee.");
	ck_assert_uint_eq(d.hyphens_joined, 1);
	import_doc_free(&d);
}
END_TEST

START_TEST(structure_labels_of_word_numbering)
{
	struct import_blocks b = { 0 };
	struct import_doc d;

	ck_assert_int_eq(import_blocks_add(&b, lim, IMPORT_HEADING, 1, "Article 3", "Change", 6), 0);
	ck_assert_int_eq(import_blocks_add(&b, lim, IMPORT_PARA, 0, "3.1", "Notice", 6), 0);
	ck_assert_int_eq(import_blocks_add(&b, lim, IMPORT_PARA, 0, NULL, "Ninety days.", 12), 0);
	ck_assert_int_eq(import_blocks_add(&b, lim, IMPORT_ITEM, 0, "(a)", "first", 5), 0);
	ck_assert_int_eq(import_blocks_add(&b, lim, IMPORT_ITEM, 0, NULL, "a bullet", 8), 0);
	ck_assert_int_eq(import_structure(&d, &b), 0);
	ck_assert_str_eq(d.articles[0].num, "Article 3");
	ck_assert_str_eq(d.articles[0].heading, "Change");
	ck_assert_str_eq(d.clauses[0].num, "3.1");
	ck_assert_str_eq(d.clauses[0].heading, "Notice");
	ck_assert_int_eq(d.clauses[0].paras[1].list, IMPORT_LIST_ALPHA);
	ck_assert_int_eq(d.clauses[0].paras[2].list, IMPORT_LIST_BULLET);
	import_doc_free(&d);
	import_blocks_free(&b);
}
END_TEST

static char *quantities(const char *text, size_t *n)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	*n = 0;
	ck_assert_int_eq(import_put_quantities(&b, text, n), 0);
	return clause_buf_detach(&b);
}

START_TEST(quantity_forms)
{
	static const struct { const char *in, *out; size_t n; } cases[] = {
		{ "within 45 days", "within <quantity unit=\"days\">45</quantity> days", 1 },
		{ "a 60-day notice", "a <quantity unit=\"days\">60</quantity>-day notice", 1 },
		{ "ten (10) working days", "<quantity unit=\"working-days\" value=\"10\">"
		  "ten (10)</quantity> working days", 1 },
		{ "twenty-five years", "<quantity unit=\"years\" value=\"25\">twenty-five"
		  "</quantity> years", 1 },
		{ "$1.00 an hour", "<quantity unit=\"USD\" per=\"hour\">$1.00</quantity> an hour", 1 },
		{ "2.5% & 3 percent", "<quantity unit=\"percent\">2.5</quantity>% &amp; "
		  "<quantity unit=\"percent\">3</quantity> percent", 2 },
		{ "\xe2\x82\xac" "300", "<quantity unit=\"EUR\">\xe2\x82\xac" "300</quantity>", 1 },
		{ "Section 14.2 of 2026", "Section 14.2 of 2026", 0 },
		{ "one of the parties", "one of the parties", 0 },
		{ "someone 5 days", "someone <quantity unit=\"days\">5</quantity> days", 1 },
		{ "dayshift 12 daysx", "dayshift 12 daysx", 0 },
		{ "a <b> \x01", "a &lt;b&gt;  ", 0 }
	};
	size_t i, n;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = quantities(cases[i].in, &n);

		ck_assert_msg(strcmp(got, cases[i].out) == 0, "%s -> %s", cases[i].in, got);
		ck_assert_uint_eq(n, cases[i].n);
		free(got);
	}
}
END_TEST

START_TEST(slugs_and_detection)
{
	char *s = import_slug("Employer's  AI -- Tools (Generative)", 40);

	ck_assert_str_eq(s, "employers-ai-tools-generative");
	free(s);
	s = import_slug("Technological change and the bargaining unit", 20);
	ck_assert_str_eq(s, "technological-change");
	free(s);
	s = import_slug("\xc2\xa7\xc2\xa7", 20);
	ck_assert_str_eq(s, "");
	free(s);
	ck_assert_int_eq(import_detect("a.DOCX", "", 0), IMPORT_DOCX);
	ck_assert_int_eq(import_detect("a", "%PDF-1.7", 8), IMPORT_PDF);
	ck_assert_int_eq(import_detect("a", "PK\3\4", 4), IMPORT_DOCX);
	ck_assert_int_eq(import_detect("a", "\n <!DOCTYPE html>", 17), IMPORT_HTML);
	ck_assert_int_eq(import_detect("a.md", "x", 1), IMPORT_MD);
	ck_assert_int_eq(import_detect("a", "ARTICLE 1", 9), IMPORT_TEXT);
	ck_assert_int_eq(import_format_parse("txt"), IMPORT_TEXT);
	ck_assert_int_eq(import_format_parse("rtf"), -1);
}
END_TEST

START_TEST(markdown_and_html_blocks)
{
	static const char md[] = "# Title\n\nSome *text*\nwrapped.\n\n1. one\n   - nested\n2. two\n";
	static const char html[] = "<html><body><script>x()</script><h2>Head</h2><p>a<br>b</p>"
		"<ul><li>item <b>bold</b><ol><li>inner</li></ol></li></ul>"
		"<table><tr><td>c1</td><td>c2</td></tr></table></body></html>";
	struct import_blocks b = { 0 };

	ck_assert_int_eq(import_read_md(&b, lim, "a.md", md, sizeof(md) - 1), 0);
	ck_assert_uint_eq(b.n, 5);
	ck_assert_int_eq(b.v[0].kind, IMPORT_HEADING);
	ck_assert_str_eq(b.v[1].text, "Some text wrapped.");
	ck_assert_int_eq(b.v[2].kind, IMPORT_ITEM);
	ck_assert_int_eq(b.v[2].ordered, 1);
	ck_assert_int_eq(b.v[3].level, 1);
	ck_assert_int_eq(b.v[3].ordered, 0);
	import_blocks_free(&b);
	ck_assert_int_eq(import_read_html(&b, lim, "a.html", html, sizeof(html) - 1), 0);
	ck_assert_uint_eq(b.n, 5);
	ck_assert_int_eq(b.v[0].kind, IMPORT_HEADING);
	ck_assert_int_eq(b.v[0].level, 2);
	ck_assert_str_eq(b.v[1].text, "a b");
	ck_assert_str_eq(b.v[2].text, "item bold");
	ck_assert_int_eq(b.v[3].kind, IMPORT_ITEM);
	ck_assert_int_eq(b.v[3].ordered, 1);
	ck_assert_int_eq(b.v[4].kind, IMPORT_ROW);
	ck_assert_str_eq(b.v[4].text, "c1 | c2");
	import_blocks_free(&b);
}
END_TEST

START_TEST(html_nesting_bounded)
{
	struct clause_buf h = CLAUSE_BUF_INIT;
	struct import_blocks b = { 0 };
	int i, r;

	for (i = 0; i < 5000; i++)
		clause_buf_puts(&h, "<div>");
	clause_buf_puts(&h, "deep");
	/* libxml2 stops at 256 levels; the text after would be lost */
	r = import_read_html(&b, lim, "d.html", h.ptr, h.len);
	ck_assert_int_eq(r, CLAUSE_EINVALID);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "d.html: cannot read the page"));
	import_blocks_free(&b);
	clause_buf_release(&h);
}
END_TEST

Suite *suite_import(void)
{
	Suite *s = suite_create("import");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, text_lines_gaps_and_pages);
	tcase_add_test(tc, text_encodings);
	tcase_add_test(tc, text_refusals);
	tcase_add_test(tc, blocks_bounded);
	tcase_add_test(tc, structure_numbering_styles);
	tcase_add_test(tc, structure_decimal_nesting);
	tcase_add_test(tc, structure_numbered_paragraphs_and_lists);
	tcase_add_test(tc, structure_hyphens_notes_and_title);
	tcase_add_test(tc, structure_labels_of_word_numbering);
	tcase_add_test(tc, quantity_forms);
	tcase_add_test(tc, slugs_and_detection);
	tcase_add_test(tc, markdown_and_html_blocks);
	tcase_add_test(tc, html_nesting_bounded);
	suite_add_tcase(s, tc);
	return s;
}
