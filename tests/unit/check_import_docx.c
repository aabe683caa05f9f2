/* check_import_docx.c: Word files read into blocks (src/import/docx.c).
 *
 * The fixtures are written at test time by real producers, python-docx
 * and LibreOffice (tests/import/make_docx.py), and the hostile zips by
 * tests/import/make_hostile_zip.py.  A missing python3-docx or soffice
 * fails the suite: `make deps` installs both.
 */
#include "suites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

/* Where the fixtures are, and how their generators ended. */
static char *fixtures;
static int docx_rc = -1, hostile_rc = -1;
static pid_t owner;		/* the runner that made them, not a test's fork */

/* Remove the fixtures (15 MB) when the runner ends; kept when a
 * generator failed, for its log. */
static void remove_fixtures(void)
{
	if (getpid() == owner && docx_rc == 0 && hostile_rc == 0)
		test_sh("/", "rm -rf '%s'", fixtures);
}

/* Build the fixtures once, outside the tests' timeouts (soffice takes
 * seconds to start). */
static void make_fixtures(void)
{
	const char *top = getenv("CLAUSE_TOP") ? getenv("CLAUSE_TOP") : ".";
	const char *py = getenv("CLAUSE_PYTHON") ? getenv("CLAUSE_PYTHON") :
			 "/usr/bin/python3";
	char abs[4096];

	if (fixtures)
		return;
	fixtures = test_tmpdir();
	owner = getpid();
	atexit(remove_fixtures);
	if (!realpath(top, abs))
		snprintf(abs, sizeof(abs), "%s", top);
	docx_rc = test_sh(fixtures, "%s '%s/tests/import/make_docx.py' . "
			  "2>make_docx.log", py, abs);
	hostile_rc = test_sh(fixtures, "%s '%s/tests/import/make_hostile_zip.py' "
			     ". agreement.docx 2>make_hostile.log", py, abs);
}

/* Read fixture `name` with `lim` into *out; the reader's return. */
static int read_lim(struct import_blocks *out, const struct import_limits *lim,
		    const char *name, int accept)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	char path[4200];
	int r;

	ck_assert_msg(docx_rc == 0, "make_docx.py failed (%d): see %s/make_docx.log "
		      "(python3-docx and soffice are needed: make deps)",
		      docx_rc, fixtures);
	snprintf(path, sizeof(path), "%s/%s", fixtures, name);
	ck_assert_msg(clause_buf_read_file(&b, path, 64u << 20) == 0,
		      "cannot read %s: %s", path, clause_error_last());
	memset(out, 0, sizeof(*out));
	clause_error_clear();
	r = import_read_docx(out, lim, name, b.ptr, b.len, accept);
	clause_buf_release(&b);
	return r;
}

static int read_docx(struct import_blocks *out, const char *name, int accept)
{
	return read_lim(out, &import_default_limits, name, accept);
}

/* The blocks one a line: kind and level (o/u: an ordered or unordered
 * item), [label], text.  The caller frees the result. */
static char *dump(const struct import_blocks *b)
{
	static const char kinds[] = "LPHIR";
	struct clause_buf s = CLAUSE_BUF_INIT;

	for (size_t i = 0; i < b->n; i++) {
		const struct import_block *bl = &b->v[i];

		clause_buf_printf(&s, "%c%d%s [%s] %s\n", kinds[bl->kind], bl->level,
				  bl->kind == IMPORT_ITEM ? (bl->ordered ? "o" : "u") : "",
				  bl->label ? bl->label : "", bl->text);
	}
	for (size_t i = 0; i < b->nnotes; i++)
		clause_buf_printf(&s, "note: %s\n", b->notes[i]);
	return clause_buf_detach(&s);
}

static void assert_blocks(const char *name, int accept, const char *expect)
{
	struct import_blocks out;
	int r = read_docx(&out, name, accept);
	char *got;

	ck_assert_msg(r == 0, "%s: %d %s", name, r, clause_error_last());
	got = dump(&out);
	ck_assert_str_eq(got, expect);
	free(got);
	import_blocks_free(&out);
}

START_TEST(docx_numbers_only_in_numbering_xml)
{
	/* The text has no numbers: every label comes from numbering.xml. */
	assert_blocks("agreement.docx", 0,
		      "H1 [] Technology Agreement\n"
		      "H1 [Article 14] New Technology\n"
		      "I1o [14.1] The Employer shall give notice of new technology.\n"
		      "I1o [14.2] Notice shall be given:\n"
		      "I2o [(a)] in writing;\n"
		      "I2o [(b)] at least 90 days in advance.\n"
		      "H1 [Article 15] Surveillance\n"
		      "I1o [15.1] No electronic monitoring without agreement.\n"
		      "I2o [(a)] Data collected shall be limited.\n"
		      "H1 [Article 16] Training\n"
		      "I1o [16.1] The Employer shall pay for training.\n"
		      "I0u [] Schedule of rates\n"
		      "I0o [I.] first\n"
		      "I0o [II.] second\n"
		      "P0 [] Between the lists.\n"
		      "I0o [III.] third\n"
		      "I0o [I.] restarted\n"
		      /* numStyleLink, isLgl, a level that never restarts */
		      "I0o [Part I] Scope\n"
		      "I1o [1.1] Covered work\n"
		      "I2o [(i)] office\n"
		      "I2o [(ii)] field\n"
		      "I0o [Part II] Exclusions\n"
		      "I1o [2.1] Managers\n"
		      "I2o [(iii)] contractors\n"
		      "I1o [1.1] orphan level\n");
}
END_TEST

START_TEST(docx_libreoffice_outline_numbering)
{
	assert_blocks("outline.docx", 0,
		      "H1 [Article 14] New Technology\n"
		      "H2 [14.1] Notice\n"
		      "I0o [(a)] in writing;\n"
		      "I0o [(b)] 90 days in advance.\n"
		      "H2 [14.2] Consultation\n"
		      "P0 [] The parties shall meet.\n"
		      "H1 [Article 15] Surveillance\n"
		      "H2 [15.1] Cameras\n");
}
END_TEST

START_TEST(docx_headings_table_fields)
{
	/* Title and Heading 1 are level 1; a style based on Heading 2 is a
	 * heading 2; a direct outline level 2 is a heading 3.  Tab and break
	 * are spaces, the field's code is dropped and its result kept, the
	 * empty paragraph and the empty row are dropped, an empty cell kept,
	 * a table in a cell is text of that cell, hidden text is dropped. */
	assert_blocks("headings.docx", 0,
		      "H1 [] Collective Agreement\n"
		      "H1 [] Part One\n"
		      "H2 [] Definitions\n"
		      "H2 [] Schedules\n"
		      "H3 [] Outlined by hand\n"
		      "P0 [] Work from home on-site\n"
		      "P0 [] Visible text\n"
		      "P0 [] See page 7.\n"
		      "R0 [] Item | Rate | Notes\n"
		      "R0 [] Laptop | $50 | per month\n"
		      "R0 [] Phone | | none cell phone\n"
		      "P0 [] The Union\n"
		      "P0 [] End.\n"
		      "note: dropped 1 run of hidden text\n");
}
END_TEST

START_TEST(docx_tracked_changes_refused)
{
	struct import_blocks out;

	ck_assert_int_eq(read_docx(&out, "tracked.docx", 0), CLAUSE_EINVALID);
	ck_assert_str_eq(clause_error_last(),
			 "tracked.docx: has 5 tracked changes; accept or reject "
			 "them in Word first, or import with --accept-changes");
	ck_assert_uint_eq(out.n, 0);
	import_blocks_free(&out);
}
END_TEST

START_TEST(docx_tracked_changes_accepted)
{
	/* Insertions and moves kept where they went, deletions dropped, a
	 * deleted paragraph mark joins two paragraphs; a formatting change
	 * is not a tracked change. */
	assert_blocks("tracked.docx", 1,
		      "P0 [] Notice of 90 days.\n"
		      "P0 [] Training is provided and paid.\n"
		      "P0 [] Joined with the next.\n"
		      "P0 [] Bold only.\n"
		      "note: accepted 5 tracked changes\n");
}
END_TEST

START_TEST(docx_comments_ignored)
{
	assert_blocks("comments.docx", 0,
		      "P0 [] Reasonable notice shall be given.\n"
		      "P0 [] Second.\n"
		      "note: ignored 2 comments\n"
		      "note: ignored 1 footnote\n"
		      "note: ignored 1 embedded document (w:altChunk)\n");
}
END_TEST

/* A footnote follows the paragraph that refers to it, as a note; its
 * field reads as its result; a second reference, one to no footnote and
 * an endnote are noted, not read. */
START_TEST(docx_footnotes_as_notes)
{
	assert_blocks("footnotes.docx", 0,
		      "H2 [] Notice\n"
		      "P0 [] Note: Ratified in 2024.\n"
		      "P0 [] Notice is given in writing.\n"
		      "P0 [] Note: Drafted by the committee. Second paragraph of the note.\n"
		      "P0 [] Again\n"
		      "note: kept 2 footnotes as notes\n"
		      "note: ignored 3 footnotes\n");
}
END_TEST

START_TEST(docx_limits)
{
	struct import_limits lim = import_default_limits;
	struct import_blocks out;

	lim.max_entries = 5;
	ck_assert_int_eq(read_lim(&out, &lim, "agreement.docx", 0), CLAUSE_ETOOBIG);
	ck_assert_str_eq(clause_error_last(),
			 "agreement.docx: the zip has 17 entries (the limit is 5)");
	import_blocks_free(&out);
	lim = import_default_limits;
	lim.max_total = 100000;		/* styles.xml alone is 349,658 bytes */
	ck_assert_int_eq(read_lim(&out, &lim, "agreement.docx", 0), CLAUSE_ETOOBIG);
	ck_assert_str_eq(clause_error_last(), "agreement.docx: the parts read "
			 "are over 100000 bytes uncompressed");
	import_blocks_free(&out);
	lim = import_default_limits;
	lim.max_entry = 4096;
	ck_assert_int_eq(read_lim(&out, &lim, "agreement.docx", 0), CLAUSE_ETOOBIG);
	ck_assert_ptr_nonnull(strstr(clause_error_last(), "bytes uncompressed "
				     "(the limit is 4096)"));
	import_blocks_free(&out);
	/* The declared sizes are checked first; the liar's lie passes them,
	 * and the read stops at the bound. */
	lim.max_entry = 100000;
	ck_assert_int_eq(read_lim(&out, &lim, "liar.docx", 0), CLAUSE_ETOOBIG);
	ck_assert_str_eq(clause_error_last(), "liar.docx: zip entry "
			 "'word/document.xml' is over 100000 bytes uncompressed");
	import_blocks_free(&out);
	lim = import_default_limits;
	lim.max_blocks = 3;
	ck_assert_int_eq(read_lim(&out, &lim, "agreement.docx", 0), CLAUSE_ETOOBIG);
	import_blocks_free(&out);
}
END_TEST

/* A hostile file: refused with `code` and exactly `message`, quickly. */
static void assert_refused(const char *name, int code, const char *message)
{
	struct import_blocks out;
	struct timespec t0, t1;
	double secs;
	int r;

	ck_assert_msg(hostile_rc == 0, "make_hostile_zip.py failed (%d): see "
		      "%s/make_hostile.log", hostile_rc, fixtures);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	r = read_docx(&out, name, 0);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	secs = (double)(t1.tv_sec - t0.tv_sec) + (t1.tv_nsec - t0.tv_nsec) / 1e9;
	ck_assert_msg(r == code, "%s: %d, not %d (%s)", name, r, code,
		      clause_error_last());
	ck_assert_str_eq(clause_error_last(), message);
	ck_assert_uint_eq(out.n, 0);
	/* Measured well under 0.2 s each (README); this bound only catches
	 * a reader that inflates a bomb. */
	ck_assert_msg(secs < 10, "%s took %.1f s", name, secs);
	import_blocks_free(&out);
}

START_TEST(docx_zip_bomb)
{
	assert_refused("bomb.docx", CLAUSE_ETOOBIG,
		       "bomb.docx: zip entry 'word/document.xml' is 1073741824 "
		       "bytes uncompressed (the limit is 134217728)");
}
END_TEST

START_TEST(docx_zip_bomb_lying_about_its_size)
{
	/* It claims 1,000 bytes: reading stops at 16 MB, the most the XML
	 * parser takes. */
	assert_refused("liar.docx", CLAUSE_ETOOBIG,
		       "liar.docx: zip entry 'word/document.xml' is over "
		       "16777216 bytes uncompressed");
	/* Small enough for that, but it inflates 340 times. */
	assert_refused("dense.docx", CLAUSE_ETOOBIG,
		       "dense.docx: zip entry 'word/document.xml' inflates over "
		       "100 times its compressed size (refused as a zip bomb)");
}
END_TEST

START_TEST(docx_many_entries)
{
	assert_refused("many.docx", CLAUSE_ETOOBIG,
		       "many.docx: the zip has 100000 entries (the limit is 10000)");
}
END_TEST

START_TEST(docx_unsafe_names)
{
	assert_refused("evil.docx", CLAUSE_EINVALID,
		       "evil.docx: zip entry '../evil' has an unsafe name");
	/* The name's control characters are not echoed to the terminal. */
	assert_refused("escape.docx", CLAUSE_EINVALID,
		       "escape.docx: zip entry '?]0;owned?/../x' has an unsafe "
		       "name");
}
END_TEST

START_TEST(docx_not_zips)
{
	assert_refused("garbage.docx", CLAUSE_EINVALID,
		       "garbage.docx: not a zip archive (a .docx file is one)");
	assert_refused("truncated.docx", CLAUSE_EINVALID,
		       "truncated.docx: truncated or damaged zip archive");
	assert_refused("encrypted.docx", CLAUSE_EINVALID,
		       "encrypted.docx: the zip is encrypted ('_rels/.rels'); "
		       "save it without a password");
	assert_refused("ole.docx", CLAUSE_EINVALID,
		       "ole.docx: an encrypted .docx or an old .doc file, not a "
		       "Word zip; save it as .docx without a password");
	assert_refused("corrupt.docx", CLAUSE_EINVALID,
		       "corrupt.docx: cannot read zip entry 'word/document.xml': "
		       "CRC error");
}
END_TEST

START_TEST(docx_not_word)
{
	assert_refused("notword.docx", CLAUSE_EINVALID,
		       "notword.docx: not a Word document (no word/document.xml)");
	assert_refused("sheet.docx", CLAUSE_EINVALID,
		       "sheet.docx: not a Word document (its main part is "
		       "'xl/workbook.xml')");
}
END_TEST

START_TEST(docx_doctype_refused)
{
	/* No entity is ever substituted, nothing outside the zip read. */
	assert_refused("xxe.docx", CLAUSE_EINVALID,
		       "xxe.docx: word/document.xml:2: DOCTYPE is not allowed in "
		       "clause documents (entities and DTDs are refused)");
}
END_TEST

START_TEST(docx_external_relationship_not_followed)
{
	/* Its styles are related as file:///etc/passwd, TargetMode External:
	 * the reader takes word/styles.xml, where Word keeps them. */
	struct import_blocks out;

	ck_assert_int_eq(read_docx(&out, "external.docx", 0), 0);
	ck_assert_uint_ge(out.n, 2);
	ck_assert_int_eq(out.v[1].kind, IMPORT_HEADING);
	ck_assert_str_eq(out.v[1].label, "Article 14");
	import_blocks_free(&out);
}
END_TEST

Suite *suite_import_docx(void)
{
	Suite *s = suite_create("import_docx");
	TCase *tc = tcase_create("content");
	TCase *hostile = tcase_create("hostile");

	tcase_add_unchecked_fixture(tc, make_fixtures, NULL);
	tcase_add_test(tc, docx_numbers_only_in_numbering_xml);
	tcase_add_test(tc, docx_libreoffice_outline_numbering);
	tcase_add_test(tc, docx_headings_table_fields);
	tcase_add_test(tc, docx_tracked_changes_refused);
	tcase_add_test(tc, docx_tracked_changes_accepted);
	tcase_add_test(tc, docx_comments_ignored);
	tcase_add_test(tc, docx_footnotes_as_notes);
	tcase_add_test(tc, docx_limits);
	tcase_add_test(tc, docx_external_relationship_not_followed);
	suite_add_tcase(s, tc);
	tcase_add_unchecked_fixture(hostile, make_fixtures, NULL);
	tcase_set_timeout(hostile, 30);
	tcase_add_test(hostile, docx_zip_bomb);
	tcase_add_test(hostile, docx_zip_bomb_lying_about_its_size);
	tcase_add_test(hostile, docx_many_entries);
	tcase_add_test(hostile, docx_unsafe_names);
	tcase_add_test(hostile, docx_not_zips);
	tcase_add_test(hostile, docx_not_word);
	tcase_add_test(hostile, docx_doctype_refused);
	suite_add_tcase(s, hostile);
	return s;
}
