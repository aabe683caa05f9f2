/* check_xml.c: safe parsing of hostile XML, and schema validation. */
#include "suites.h"

#include <stdlib.h>
#include <string.h>

#include "doc/doc.h"
#include "util/error.h"
#include "doc/xml.h"

/* Parse text; the number of problems, and the first message in *msg. */
static int parse(const char *text, size_t len, char msg[512], unsigned *line)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	xmlDocPtr doc = NULL;
	int r = clause_xml_parse(&doc, "t.xml", text, len, &p);
	int n = (int)p.n;

	msg[0] = '\0';
	if (line)
		*line = 0;
	if (p.n) {
		snprintf(msg, 512, "%s", p.v[0].message);
		if (line)
			*line = p.v[0].line;
	}
	if (doc)
		xmlFreeDoc(doc);
	clause_problems_release(&p);
	ck_assert(r == 0 ? n == 0 : n >= 1);
	return n;
}

START_TEST(xml_accepts_plain_document)
{
	char msg[512];
	const char *t = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><a>caf\xc3\xa9</a>";

	ck_assert_int_eq(parse(t, strlen(t), msg, NULL), 0);
}
END_TEST

START_TEST(xml_refuses_doctype_and_entities)
{
	char msg[512];
	unsigned line;
	const char *xxe =
		"<?xml version=\"1.0\"?>\n"
		"<!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>\n"
		"<a>&x;</a>";
	const char *laughs =
		"<?xml version=\"1.0\"?>\n<!DOCTYPE l [<!ENTITY a \"lol\">"
		"<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">"
		"<!ENTITY c \"&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;\">]><l>&c;</l>";
	const char *param =
		"<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY % p SYSTEM "
		"\"http://127.0.0.1:9/x.dtd\"> %p;]><a/>";

	ck_assert_int_eq(parse(xxe, strlen(xxe), msg, &line), 1);
	ck_assert_ptr_nonnull(strstr(msg, "DOCTYPE"));
	ck_assert_uint_eq(line, 2);
	ck_assert_ptr_null(strstr(msg, "root:"));
	ck_assert_int_eq(parse(laughs, strlen(laughs), msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "DOCTYPE"));
	ck_assert_ptr_null(strstr(msg, "lol"));
	ck_assert_int_eq(parse(param, strlen(param), msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "DOCTYPE"));
}
END_TEST

START_TEST(xml_refuses_bad_bytes)
{
	char msg[512];
	unsigned line;
	const char *bad = "<a>\n ok\n \xff\xfe</a>";
	const char *overlong = "<a>\xc0\xaf</a>";
	const char *latin1 = "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><a>x</a>";
	const char *trunc = "<?xml version=\"1.0\"?>\n<a><b>text";

	ck_assert_int_eq(parse(bad, strlen(bad), msg, &line), 1);
	ck_assert_ptr_nonnull(strstr(msg, "UTF-8"));
	ck_assert_uint_eq(line, 3);
	ck_assert_int_eq(parse(overlong, strlen(overlong), msg, NULL), 1);
	ck_assert_int_eq(parse(latin1, strlen(latin1), msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "ISO-8859-1"));
	ck_assert_int_eq(parse("", 0, msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "empty"));
	ck_assert_int_eq(parse(trunc, strlen(trunc), msg, NULL), 1);
	ck_assert_int_eq(parse("\0\1\2\3", 4, msg, NULL), 1);
}
END_TEST

START_TEST(xml_refuses_deep_nesting_and_size)
{
	char msg[512];
	size_t depth = 10000, len = depth * 7 + 1;
	char *deep = malloc(len);
	char *p = deep;

	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "<a>");
	for (size_t i = 0; i < depth; i++)
		p += sprintf(p, "</a>");
	ck_assert_int_eq(parse(deep, (size_t)(p - deep), msg, NULL), 1);
	free(deep);
	/* 65 levels: well-formed for libxml2, too deep for clause. */
	deep = malloc(1024);
	p = deep;
	for (int i = 0; i < CLAUSE_MAX_DEPTH + 1; i++)
		p += sprintf(p, "<a>");
	for (int i = 0; i < CLAUSE_MAX_DEPTH + 1; i++)
		p += sprintf(p, "</a>");
	ck_assert_int_eq(parse(deep, (size_t)(p - deep), msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "deeper"));
	free(deep);
	ck_assert_int_eq(parse("<a/>", CLAUSE_MAX_DOC_BYTES + 1, msg, NULL), 1);
	ck_assert_ptr_nonnull(strstr(msg, "too large"));
}
END_TEST

START_TEST(xml_schema_errors_have_line_and_column)
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	const char *text =
		"<?xml version=\"1.0\"?>\n"
		"<agreement xmlns=\"urn:clause:1\" id=\"d\" status=\"bogus\">\n"
		"  <meta><title>T</title><party role=\"union\" id=\"u\">U</party></meta>\n"
		"</agreement>\n";
	xmlDocPtr doc = NULL;

	ck_assert_int_eq(clause_xml_parse(&doc, "s.xml", text, strlen(text), &p), 0);
	ck_assert_int_eq(clause_xml_validate(CLAUSE_SCHEMA_CLAUSE, doc, "s.xml",
					     text, strlen(text), &p), CLAUSE_EINVALID);
	ck_assert_uint_ge(p.n, 1);
	ck_assert_uint_eq(p.v[0].line, 2);
	ck_assert_uint_eq(p.v[0].col, 1);
	ck_assert_ptr_nonnull(strstr(p.v[0].message, "bogus"));
	xmlFreeDoc(doc);
	clause_problems_release(&p);
}
END_TEST

Suite *suite_xml(void)
{
	Suite *s = suite_create("xml");
	TCase *tc = tcase_create("xml");

	tcase_add_test(tc, xml_accepts_plain_document);
	tcase_add_test(tc, xml_refuses_doctype_and_entities);
	tcase_add_test(tc, xml_refuses_bad_bytes);
	tcase_add_test(tc, xml_refuses_deep_nesting_and_size);
	tcase_add_test(tc, xml_schema_errors_have_line_and_column);
	suite_add_tcase(s, tc);
	return s;
}
