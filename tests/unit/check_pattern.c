/* check_pattern.c: the C matchers of clause.xsd's patterns accept what
 * libxml2 accepts, and cover every attribute of a patterned type. */
#include "suites.h"

#include <libxml/parser.h>
#include <libxml/xmlregexp.h>
#include <libxml/xmlschemas.h>
#include <stdlib.h>
#include <string.h>

#include "util/buf.h"
#include "util/error.h"
#include "doc/pattern.h"
#include "doc/xml.h"

/* The schema built into the binary (schemas.c). */
extern const char clause_schema_clause_xsd[];
extern const size_t clause_schema_clause_xsd_len;

#define XS "http://www.w3.org/2001/XMLSchema"

static int is_xs(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST XS) &&
	       xmlStrEqual(n->name, BAD_CAST name);
}

static xmlDocPtr read_schema(void)
{
	xmlDocPtr d = xmlReadMemory(clause_schema_clause_xsd,
				    (int)clause_schema_clause_xsd_len,
				    "clause.xsd", NULL, XML_PARSE_NONET);

	ck_assert_ptr_nonnull(d);
	return d;
}

/* The pattern type named `name` ("c:id" or "id"), NONE if there is none. */
static enum clause_pattern type_named(const char *name)
{
	const char *colon = name ? strchr(name, ':') : NULL;

	if (colon)
		name = colon + 1;
	for (int t = CLAUSE_PATTERN_ID; t <= CLAUSE_PATTERN_UNIT; t++)
		if (name && strcmp(clause_pattern_type_name(t), name) == 0)
			return t;
	return CLAUSE_PATTERN_NONE;
}

/* The first descendant of n (itself included) named `name` in xs. */
static xmlNodePtr find_xs(xmlNodePtr n, const char *name)
{
	for (; n; n = n->next) {
		xmlNodePtr f;
		if (is_xs(n, name))
			return n;
		if (n->type == XML_ELEMENT_NODE && (f = find_xs(n->children, name)))
			return f;
	}
	return NULL;
}

static unsigned next_rand(unsigned long long *state, unsigned n)
{
	*state = *state * 6364136223846793005ULL + 1442695040888963407ULL;
	return (unsigned)((*state >> 33) % n);
}

/* A random string of a length around the patterns' bounds (3, 32, 80,
 * 161): a quarter of them of any of the characters below, the others of
 * the characters of one pattern only (ids and categories, units, currency
 * codes), so that long matches happen. */
static void random_value(struct clause_buf *b, unsigned long long *st)
{
	static const char *const chars[] = {
		"a", "m", "z", "0", "9", ".", "_", "-", "/", "A", "Q", "Z", " ",
		"\t", "\xc3\xa9", "`", "{", "@", ":", "\n"
	};
	static const char *const sets[] = {
		NULL, "amz09._-", "amz-", "AQZ"
	};
	static const unsigned lengths[] = {
		0, 1, 2, 3, 4, 5, 8, 31, 32, 33, 79, 80, 81, 82, 160, 161, 162
	};
	unsigned len = lengths[next_rand(st, 17)];
	const char *set = sets[next_rand(st, 4)];

	clause_buf_clear(b);
	for (unsigned i = 0; i < len; i++) {
		if (set)
			clause_buf_putc(b, set[next_rand(st, (unsigned)strlen(set))]);
		else
			clause_buf_puts(b, chars[next_rand(st, 20)]);
	}
	/* Now and then a slash in an id, for clause references. */
	if (len > 2 && next_rand(st, 4) == 0)
		b->ptr[next_rand(st, len)] = '/';
}

/* Every patterned simple type of the schema is one the C code knows, and
 * its matcher agrees with libxml2's compiled pattern. */
START_TEST(pattern_matchers_agree_with_libxml2)
{
	xmlDocPtr d = read_schema();
	struct clause_buf v = CLAUSE_BUF_INIT;
	unsigned long long st = 7;
	int types = 0;

	for (xmlNodePtr n = xmlDocGetRootElement(d)->children; n; n = n->next) {
		xmlNodePtr pat = is_xs(n, "simpleType") ? find_xs(n->children, "pattern") : NULL;
		xmlChar *name, *value;
		enum clause_pattern t;
		xmlRegexpPtr re;

		if (!pat)
			continue;
		name = xmlGetProp(n, BAD_CAST "name");
		value = xmlGetProp(pat, BAD_CAST "value");
		t = type_named((const char *)name);
		ck_assert_msg(t != CLAUSE_PATTERN_NONE,
			      "patterned type '%s' is not matched in C", name);
		/* One pattern per type: more would be alternatives. */
		ck_assert_ptr_eq(find_xs(pat->next, "pattern"), NULL);
		re = xmlRegexpCompile(value);
		ck_assert_ptr_nonnull(re);
		for (int i = 0, yes = 0, no = 0; i < 40000; i++) {
			int want;
			random_value(&v, &st);
			want = xmlRegexpExec(re, BAD_CAST v.ptr) == 1;
			ck_assert_msg(clause_pattern_match(t, v.ptr) == want,
				      "type %s, value '%s'", name, v.ptr);
			yes += want;
			no += !want;
			/* Both answers, many times, or the test shows little. */
			if (i == 39999)
				ck_assert_msg(yes > 1000 && no > 1000,
					      "type %s: %d matches, %d not",
					      name, yes, no);
		}
		xmlRegFreeRegexp(re);
		xmlFree(name);
		xmlFree(value);
		types++;
	}
	ck_assert_int_eq(types, 4);
	clause_buf_release(&v);
	xmlFreeDoc(d);
}
END_TEST

/* A list of a patterned type: every item matches, and there is one. */
START_TEST(pattern_category_list)
{
	ck_assert(clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST, "a.b"));
	ck_assert(clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST,
				       " a.b\tc-1.d\n\re "));
	ck_assert(!clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST, ""));
	ck_assert(!clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST, " \t"));
	ck_assert(!clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST, "a.b a."));
	ck_assert(!clause_pattern_match(CLAUSE_PATTERN_CATEGORY_LIST, "a.b\xc2\xa0" "c"));
}
END_TEST

/* The type an attribute declaration gives, as a pattern type: through a
 * named list type of a patterned item type too. */
static enum clause_pattern declared(xmlNodePtr root, const char *type)
{
	enum clause_pattern t = type_named(type);

	if (t != CLAUSE_PATTERN_NONE || !type)
		return t;
	for (xmlNodePtr n = root->children; n; n = n->next) {
		xmlChar *name = is_xs(n, "simpleType") ? xmlGetProp(n, BAD_CAST "name") : NULL;
		const char *local = strchr(type, ':') ? strchr(type, ':') + 1 : type;
		int same = name && strcmp((const char *)name, local) == 0;
		enum clause_pattern it;
		xmlNodePtr list;
		xmlChar *item;

		xmlFree(name);
		if (!same || !(list = find_xs(n->children, "list")))
			continue;
		item = xmlGetProp(list, BAD_CAST "itemType");
		it = type_named((const char *)item);
		xmlFree(item);
		ck_assert_msg(it == CLAUSE_PATTERN_NONE || it == CLAUSE_PATTERN_CATEGORY,
			      "a list of a patterned type the C code does not know");
		return it == CLAUSE_PATTERN_CATEGORY ? CLAUSE_PATTERN_CATEGORY_LIST
						     : CLAUSE_PATTERN_NONE;
	}
	return CLAUSE_PATTERN_NONE;
}

/* Every use of a patterned type in the schema is an attribute the C code
 * matches under its name, with that type. */
static void check_uses(xmlNodePtr root, xmlNodePtr n, int *attrs)
{
	for (; n; n = n->next) {
		xmlChar *type, *name, *base;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		type = xmlGetProp(n, BAD_CAST "type");
		name = xmlGetProp(n, BAD_CAST "name");
		base = xmlGetProp(n, BAD_CAST "base");
		if (is_xs(n, "attribute")) {
			enum clause_pattern t = declared(root, (const char *)type);
			ck_assert_msg(!find_xs(n->children, "pattern"),
				      "attribute '%s' has a pattern of its own", name);
			if (t != CLAUSE_PATTERN_NONE) {
				ck_assert_msg(clause_pattern_of_attr((const char *)name) == t,
					      "attribute '%s' is not matched as %s", name,
					      clause_pattern_type_name(t));
				(*attrs)++;
			}
		} else if (type) {
			ck_assert_msg(declared(root, (const char *)type) == CLAUSE_PATTERN_NONE,
				      "element '%s' has a patterned type", name);
		}
		/* A type derived from a patterned one would escape the C code. */
		if (base && is_xs(n, "restriction"))
			ck_assert_msg(type_named((const char *)base) == CLAUSE_PATTERN_NONE,
				      "a type restricts the patterned type '%s'", base);
		if (base && is_xs(n, "extension"))
			ck_assert_msg(type_named((const char *)base) == CLAUSE_PATTERN_NONE,
				      "a type extends the patterned type '%s'", base);
		xmlFree(type);
		xmlFree(name);
		xmlFree(base);
		check_uses(root, n->children, attrs);
	}
}

START_TEST(pattern_every_patterned_attribute_is_matched)
{
	xmlDocPtr d = read_schema();
	xmlNodePtr root = xmlDocGetRootElement(d);
	int attrs = 0;

	check_uses(root, root->children, &attrs);
	/* id (4), category, derived-from, to, unit, per, conflict's clause,
	 * round's negotiation */
	ck_assert_int_eq(attrs, 11);
	xmlFreeDoc(d);
}
END_TEST

/* Validate text as a clause document; the first message in msg. */
static int validate(const char *text, char msg[512])
{
	struct clause_problems p = CLAUSE_PROBLEMS_INIT;
	xmlDocPtr doc = NULL;
	int r;

	ck_assert_int_eq(clause_xml_parse(&doc, "v.xml", text, strlen(text), &p), 0);
	r = clause_xml_validate(CLAUSE_SCHEMA_CLAUSE, doc, "v.xml", text,
				strlen(text), &p);
	snprintf(msg, 512, "%s", p.n ? p.v[0].message : "");
	ck_assert(r == 0 ? p.n == 0 : p.n >= 1);
	xmlFreeDoc(doc);
	clause_problems_release(&p);
	return r;
}

/* A bad value in each patterned attribute is refused with libxml2's own
 * message, and the same document with good values is valid. */
START_TEST(pattern_bad_values_refused_with_schema_message)
{
	static const char *const doc =
		"<agreement xmlns=\"urn:clause:1\" id=\"%s\" status=\"model\">"
		"<meta><title>T</title><party role=\"union\" id=\"%s\">U</party>"
		"<conflict clause=\"%s\"><ours/><base/><theirs/></conflict></meta>"
		"<article id=\"%s\"><clause id=\"%s\" category=\"%s\" "
		"derived-from=\"%s\"><p>See <ref to=\"%s\">x</ref> within "
		"<quantity unit=\"%s\" per=\"%s\">3</quantity>.</p></clause>"
		"</article></agreement>";
	const char *good[] = { "d", "u", "c", "a", "c", "x.y z", "m/c", "c",
			       "days", "USD" };
	const char *bad[] = { "D", "u@", "-c", "a b", "c/", "x..y", "m//c",
			      "c/d/e", "Days", "US" };
	char text[2048], msg[512];

	snprintf(text, sizeof(text), doc, good[0], good[1], good[2], good[3],
		 good[4], good[5], good[6], good[7], good[8], good[9]);
	ck_assert_int_eq(validate(text, msg), 0);
	for (int i = 0; i < 10; i++) {
		const char *v[10];
		for (int k = 0; k < 10; k++)
			v[k] = k == i ? bad[k] : good[k];
		snprintf(text, sizeof(text), doc, v[0], v[1], v[2], v[3], v[4],
			 v[5], v[6], v[7], v[8], v[9]);
		char quoted[64];

		ck_assert_int_eq(validate(text, msg), CLAUSE_EINVALID);
		/* the schema's message, as doc/message.c says it */
		snprintf(quoted, sizeof(quoted), "'%s' is not ", bad[i]);
		ck_assert_msg(strstr(msg, quoted) != NULL && !strstr(msg, "[facet"),
			      "value %d: %s", i, msg);
	}
}
END_TEST

/* A document that uses every element of the vocabulary. */
static const char *const rich =
	"<agreement xmlns=\"urn:clause:1\" id=\"agr-1\" status=\"tentative\" lang=\"fr\">"
	"<meta><title>T</title><party role=\"union\" id=\"u1\">U</party>"
	"<party role=\"employer\" id=\"e1\">E</party><sector>S</sector>"
	"<jurisdiction>J</jurisdiction><term effective=\"2024-01-01\" expires=\"2026-01-01\"/>"
	"<round name=\"r1\" date=\"2024-02-02\" by=\"union\"/>"
	"<source kind=\"summary\" href=\"https://example.org/\">s</source><note>n</note>"
	"<conflict clause=\"c1\" field=\"f\"><ours by=\"a\"><clause id=\"c1\" "
	"category=\"a.b\"><p>x</p></clause></ours><base/><theirs/></conflict></meta>"
	"<article id=\"art1\"><num>1</num><heading>H</heading><note>n</note>"
	"<clause id=\"c1\" category=\"adjustment.notice a.b-c\" derived-from=\"m/c9\">"
	"<num>1.1</num><heading>Notice</heading><p>At least <quantity unit=\"days\" "
	"value=\"6\" per=\"year\">six</quantity> days; see <ref to=\"c2\">2</ref>, "
	"<term>t</term> and <em>e</em>.</p><list type=\"alpha\"><item>a</item>"
	"<item>b <em>c</em></item></list><note>n</note>"
	"<clause id=\"c1.a\" category=\"a.b\"><p>Sub.</p></clause></clause>"
	"<conflict clause=\"c3\"><ours/><base/><theirs/></conflict></article>"
	"<clause id=\"c2\" category=\"x.y\"><p>Two <quantity unit=\"USD\">5</quantity>.</p>"
	"</clause><note>end</note></agreement>";

static const char *const names[] = {
	"agreement", "meta", "title", "party", "sector", "jurisdiction", "term",
	"round", "source", "note", "conflict", "ours", "base", "theirs",
	"article", "num", "heading", "clause", "p", "list", "item", "quantity",
	"ref", "em", "other"
};
static const char *const attr_names[] = {
	"id", "category", "derived-from", "to", "unit", "per", "clause", "value",
	"status", "role", "type", "lang", "by", "x"
};

static void quiet(void *ctx, xmlErrorPtr err)
{
	(void)ctx;
	(void)err;
}

/* The n-th element of the tree in document order (counting from 0), or
 * NULL; *count gets how many there are. */
static xmlNodePtr nth_element(xmlNodePtr n, int *k)
{
	for (; n; n = n->next) {
		xmlNodePtr f;
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if ((*k)-- == 0)
			return n;
		if ((f = nth_element(n->children, k)))
			return f;
	}
	return NULL;
}

/* One random change to the tree. */
static void mutate(xmlDocPtr d, unsigned long long *st, struct clause_buf *v)
{
	int count = 1 << 30, k;
	xmlNodePtr root = xmlDocGetRootElement(d), n, c;

	nth_element(root, &count);
	count = (1 << 30) - count;
	k = (int)next_rand(st, (unsigned)count);
	n = nth_element(root, &k);
	switch (next_rand(st, 8)) {
	case 0:		/* delete it */
		if (n != root) {
			xmlUnlinkNode(n);
			xmlFreeNode(n);
		}
		break;
	case 1:		/* twice */
		if (n != root && (c = xmlCopyNode(n, 1)))
			xmlAddNextSibling(n, c);
		break;
	case 2:		/* before its previous sibling */
		for (c = n->prev; c && c->type != XML_ELEMENT_NODE; c = c->prev)
			;
		if (c)
			xmlAddPrevSibling(c, n);
		break;
	case 3:		/* another name */
		xmlNodeSetName(n, BAD_CAST names[next_rand(st, 25)]);
		break;
	case 4:		/* an attribute with a random value */
		random_value(v, st);
		xmlSetProp(n, BAD_CAST attr_names[next_rand(st, 14)], BAD_CAST v->ptr);
		break;
	case 5:		/* an attribute with a likely value */
		xmlSetProp(n, BAD_CAST attr_names[next_rand(st, 14)],
			   BAD_CAST (const char *[]){ "c5", "a.b", "d/c", "days",
				     "USD", "3", "union", "alpha", "en", "" }
			   [next_rand(st, 10)]);
		break;
	case 6:		/* an attribute less */
		xmlUnsetProp(n, BAD_CAST attr_names[next_rand(st, 14)]);
		break;
	case 7:		/* text, or a new element, inside */
		if (next_rand(st, 2))
			xmlAddChild(n, xmlNewText(BAD_CAST (next_rand(st, 2) ? "x" : " ")));
		else
			xmlNewChild(n, n->ns, BAD_CAST names[next_rand(st, 25)], NULL);
		break;
	}
}

/* The quick validation (rewritten schema, patterns in C) accepts only
 * what the full schema accepts, and nearly all of it, on thousands of
 * documents changed at random from one that uses the whole vocabulary. */
START_TEST(pattern_quick_and_full_validation_agree)
{
	xmlSchemaParserCtxtPtr pc;
	xmlSchemaPtr full;
	struct clause_buf v = CLAUSE_BUF_INIT;
	unsigned long long st = 99;
	int valid = 0, invalid = 0, slow = 0;
	xmlDocPtr d;

	pc = xmlSchemaNewMemParserCtxt(clause_schema_clause_xsd,
				       (int)clause_schema_clause_xsd_len);
	ck_assert_ptr_nonnull(pc);
	full = xmlSchemaParse(pc);
	xmlSchemaFreeParserCtxt(pc);
	ck_assert_ptr_nonnull(full);
	ck_assert_int_eq(clause_xml_prepare(), 0);
	for (int i = 0; i < 4000; i++) {
		xmlSchemaValidCtxtPtr vc = xmlSchemaNewValidCtxt(full);
		int want, got;

		d = xmlReadMemory(rich, (int)strlen(rich), "r.xml", NULL, XML_PARSE_NONET);
		ck_assert_ptr_nonnull(d);
		for (unsigned m = i ? 1 + next_rand(&st, 3) : 0; m > 0; m--)
			mutate(d, &st, &v);
		xmlSchemaSetValidStructuredErrors(vc, quiet, NULL);
		want = xmlSchemaValidateDoc(vc, d) == 0;
		xmlSchemaFreeValidCtxt(vc);
		got = clause_xml_valid_quickly(d);
		/* Quick says valid only when the full schema does; it may send
		 * a valid document to the full schema (the C matchers also
		 * look inside conflicts, which the schema skips), rarely. */
		slow += want && !got;
		if (got && !want) {
			xmlChar *text;
			int len;
			xmlDocDumpMemory(d, &text, &len);
			ck_abort_msg("iteration %d: full %d, quick %d:\n%s", i, want,
				     got, text);
		}
		if (i == 0)
			ck_assert_int_eq(want, 1);
		valid += want;
		invalid += !want;
		xmlFreeDoc(d);
	}
	/* Both verdicts, many times, or the test shows little. */
	ck_assert_msg(valid > 400 && invalid > 400, "%d valid, %d invalid",
		      valid, invalid);
	ck_assert_msg(slow * 20 < valid, "%d of %d valid the slow way", slow,
		      valid);
	xmlSchemaFree(full);
	clause_buf_release(&v);
}
END_TEST

Suite *suite_pattern(void)
{
	Suite *s = suite_create("pattern");
	TCase *tc = tcase_create("pattern");

	tcase_add_test(tc, pattern_matchers_agree_with_libxml2);
	tcase_add_test(tc, pattern_category_list);
	tcase_add_test(tc, pattern_every_patterned_attribute_is_matched);
	tcase_add_test(tc, pattern_bad_values_refused_with_schema_message);
	tcase_add_test(tc, pattern_quick_and_full_validation_agree);
	suite_add_tcase(s, tc);
	return s;
}
