/* message.c: libxml2's messages about a document, said so that a person
 * writing one by hand can act on them (xml.h).  The parser's and the
 * schema validator's wording is read and rewritten; a message this file
 * does not know is kept, with the namespace taken out of its names. */
#include "doc/xml.h"
#include "util/buf.h"

#include <libxml/parser.h>
#include <libxml/xmlerror.h>
#include <libxml/xpath.h>
#include <libxml/xpathInternals.h>
#include <stdio.h>
#include <string.h>

#define NS "{urn:clause:1}"
#define XS "http://www.w3.org/2001/XMLSchema"

extern const char clause_schema_clause_xsd[];
extern const size_t clause_schema_clause_xsd_len;
#define SEE " (see clause-format(5))"

/* The text between the first `open` after `from` and the next `close`,
 * copied into out (size n); a pointer past it, or NULL. */
static const char *between(char *out, size_t n, const char *from,
			   const char *open, const char *close)
{
	const char *a = strstr(from, open), *b;

	if (!a)
		return NULL;
	a += strlen(open);
	if (!(b = strstr(a, close)))
		return NULL;
	snprintf(out, n, "%.*s", (int)(b - a), a);
	return b + strlen(close);
}

/* s with every "{urn:clause:1}" left out and the last full stop and
 * newline dropped. */
static void put_plain(struct clause_buf *out, const char *s)
{
	size_t n = strlen(s);

	while (n && (s[n - 1] == '\n' || s[n - 1] == '.' || s[n - 1] == ' '))
		n--;
	for (size_t i = 0; i < n; i++) {
		if (strncmp(s + i, NS, strlen(NS)) == 0 && i + strlen(NS) <= n) {
			i += strlen(NS) - 1;
			continue;
		}
		clause_buf_putc(out, s[i]);
	}
}

/* "( {ns}a, {ns}b )" as "<a>, <b>". */
static void put_names(struct clause_buf *out, const char *list)
{
	int any = 0;

	for (const char *p = list; *p; ) {
		size_t n;
		p += strspn(p, " (),");
		if (strncmp(p, NS, strlen(NS)) == 0)
			p += strlen(NS);
		n = strcspn(p, " (),");
		if (!n)
			break;
		clause_buf_printf(out, "%s<%.*s>", any++ ? ", " : "", (int)n, p);
		p += n;
	}
}

/* An id the rule would take: lower case, other characters as "-". */
static void put_id_like(struct clause_buf *out, const char *v)
{
	size_t n = 0;

	for (const char *p = v; *p && n < 80; p++, n++) {
		char c = *p;
		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		else if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
			   c == '.' || c == '_' || c == '-'))
			c = '-';
		clause_buf_putc(out, c);
	}
}

/* The values of the first node set's nodes, "a, b or c", into out. */
static int put_values(struct clause_buf *out, xmlXPathObjectPtr set)
{
	int n = set && set->nodesetval ? set->nodesetval->nodeNr : 0;

	for (int i = 0; i < n; i++) {
		xmlChar *v = xmlNodeGetContent(set->nodesetval->nodeTab[i]);
		clause_buf_printf(out, "%s%s", i == 0 ? "" : i + 1 == n ? " or " : ", ",
				  v ? (const char *)v : "");
		xmlFree(v);
	}
	return n;
}

/* What attribute `attr` may say, read from the built-in schema when its
 * type there is a list of values: " (union, employer or other)". */
static void attr_values(struct clause_buf *out, const char *attr)
{
	char q[256];
	xmlDocPtr xsd;
	xmlXPathContextPtr x = NULL;
	xmlXPathObjectPtr types = NULL, values = NULL;
	xmlChar *type = NULL;
	const char *colon;

	if (strspn(attr, "abcdefghijklmnopqrstuvwxyz-") != strlen(attr) ||
	    !(xsd = xmlReadMemory(clause_schema_clause_xsd,
				  (int)clause_schema_clause_xsd_len, "clause.xsd",
				  NULL, XML_PARSE_NONET | XML_PARSE_NOERROR |
				  XML_PARSE_NOWARNING)))
		return;
	if (!(x = xmlXPathNewContext(xsd)) ||
	    xmlXPathRegisterNs(x, BAD_CAST "xs", BAD_CAST XS) < 0)
		goto done;
	snprintf(q, sizeof(q), "//xs:attribute[@name='%s']/@type", attr);
	types = xmlXPathEvalExpression(BAD_CAST q, x);
	if (!types || !types->nodesetval || types->nodesetval->nodeNr != 1 ||
	    !(type = xmlNodeGetContent(types->nodesetval->nodeTab[0])))
		goto done;
	colon = strchr((const char *)type, ':');
	snprintf(q, sizeof(q), "//xs:simpleType[@name='%.100s']//xs:enumeration/@value",
		 colon ? colon + 1 : (const char *)type);
	if (strspn(colon ? colon + 1 : (const char *)type,
		   "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ") ==
	    strlen(colon ? colon + 1 : (const char *)type) &&
	    (values = xmlXPathEvalExpression(BAD_CAST q, x)) &&
	    values->nodesetval && values->nodesetval->nodeNr > 0) {
		clause_buf_puts(out, ": ");
		put_values(out, values);
	}
done:
	xmlFree(type);
	xmlXPathFreeObject(values);
	xmlXPathFreeObject(types);
	xmlXPathFreeContext(x);
	xmlFreeDoc(xsd);
}

/* The schema's facets and types, after "<elem> attr: " is written. */
static int schema_value(struct clause_buf *out, const char *body,
			const char *attr)
{
	char value[256], what[512];
	const char *rest;

	if ((rest = between(value, sizeof(value), body,
			    "The value '", "' is not accepted by the pattern '"))) {
		snprintf(what, sizeof(what), "%s", rest);
		if (strstr(what, "(\\.[a-z][a-z0-9\\-]*)*")) {
			clause_buf_printf(out, "'%s' is not a category name: lower-case "
					  "words joined by '.', as 'guardrail.surveillance' "
					  "(clause categories lists them)", value);
		} else if (strstr(what, "{0,79}")) {
			clause_buf_printf(out, "'%s' is not an id: ids are lower-case "
					  "letters, digits, '.', '_' and '-', starting with "
					  "a letter or digit, at most 80 (as '", value);
			put_id_like(out, value);
			clause_buf_puts(out, "')");
		} else {
			clause_buf_printf(out, "'%s' is not of the form %s takes%s",
					  value, attr ? attr : "this element", SEE);
		}
		return 1;
	}
	if (between(value, sizeof(value), body, "The value '",
		    "' is not an element of the set {")) {
		const char *set = strstr(body, "set {") + 5;
		clause_buf_printf(out, "'%s' is not one of ", value);
		for (const char *p = set; *p && *p != '}'; p++)
			if (*p != '\'')
				clause_buf_putc(out, *p);
		return 1;
	}
	if (between(value, sizeof(value), body, "'",
		    "' is not a valid value of the list type '")) {
		clause_buf_printf(out, "'%s': this is a list of names separated "
				  "by spaces", value);
		return 1;
	}
	if ((rest = between(value, sizeof(value), body, "'",
			    "' is not a valid value of the atomic type '"))) {
		if (strncmp(rest, "xs:date'", 8) == 0)
			clause_buf_printf(out, "'%s' is not a date: dates are "
					  "YYYY-MM-DD, as 2026-03-12", value);
		else if (strncmp(rest, "xs:decimal'", 11) == 0 ||
			 strncmp(rest, "xs:integer'", 11) == 0 ||
			 strncmp(rest, "xs:positiveInteger'", 19) == 0 ||
			 strncmp(rest, "xs:nonNegativeInteger'", 22) == 0)
			clause_buf_printf(out, "'%s' is not a number: digits, as 90 "
					  "or 1.50, with no unit or sign of money",
					  value);
		else
			return 0;
		return 1;
	}
	return 0;
}

/* A schema message: "Element '{ns}E'[, attribute 'A']: BODY". */
static void schema_message(struct clause_buf *out, const char *msg)
{
	char elem[128] = "", attr[128] = "", name[128], list[1024];
	const char *body = msg;

	if (strncmp(msg, "Element '", 9) == 0) {
		const char *p = between(elem, sizeof(elem), msg, "Element '", "'");
		if (p && strncmp(p, ", attribute '", 13) == 0)
			p = between(attr, sizeof(attr), p, ", attribute '", "'");
		if (p && strncmp(p, ": ", 2) == 0)
			body = p + 2;
	}
	if (strstr(elem, NS) == elem)
		memmove(elem, elem + strlen(NS), strlen(elem + strlen(NS)) + 1);
	if (body == msg) {
		put_plain(out, msg);
		return;
	}
	clause_buf_printf(out, "<%s>%s%s: ", elem, *attr ? " " : "", attr);
	if (schema_value(out, body, *attr ? attr : NULL))
		return;
	if (between(name, sizeof(name), body, "The attribute '",
		    "' is required but missing")) {
		clause_buf_printf(out, "the attribute '%s' is needed", name);
		attr_values(out, name);
		clause_buf_puts(out, SEE);
	} else if (between(name, sizeof(name), body, "The attribute '",
			   "' is not allowed")) {
		clause_buf_printf(out, "there is no attribute '%s' here%s", name, SEE);
	} else if (strstr(body, "This element is not expected")) {
		const char *e = strstr(body, "Expected is");
		clause_buf_puts(out, "not allowed here");
		if (e && between(list, sizeof(list), e, "(", ")")) {
			clause_buf_puts(out, "; what may come here: ");
			put_names(out, list);
		}
		clause_buf_puts(out, SEE);
	} else if (strstr(body, "Missing child element(s)")) {
		const char *e = strstr(body, "Expected is");

		clause_buf_puts(out, "something is missing inside");
		/* from "Expected is", past "element(s)" */
		if (e && between(list, sizeof(list), e, "(", ")")) {
			clause_buf_puts(out, ": ");
			put_names(out, list);
		}
		clause_buf_puts(out, SEE);
	} else if (strstr(body, "Character content other than whitespace is not "
			  "allowed")) {
		clause_buf_puts(out, "text cannot stand here directly: put it in "
				"the element that holds it, as <p> in a clause" SEE);
	} else {
		put_plain(out, body);
	}
}

/* A parser message, by its code. */
static int parser_message(struct clause_buf *out, int code, const char *msg)
{
	char a[128], b[128];

	switch (code) {
	case XML_ERR_NAME_REQUIRED:
		if (!strstr(msg, "EntityRef"))
			return 0;
		/* fall through */
	case XML_ERR_ENTITYREF_SEMICOL_MISSING:
		clause_buf_puts(out, "a bare '&': write &amp; for an ampersand");
		return 1;
	case XML_ERR_UNDECLARED_ENTITY:
		if (!between(a, sizeof(a), msg, "Entity '", "'"))
			return 0;
		clause_buf_printf(out, "'&%s;' is not known in XML: write the "
				  "character itself (or &#NNNN;); only &amp; &lt; "
				  "&gt; &quot; &apos; are named", a);
		return 1;
	case XML_ERR_LT_IN_ATTRIBUTE:
		clause_buf_puts(out, "a '<' inside an attribute value: write &lt;");
		return 1;
	case XML_ERR_TAG_NAME_MISMATCH: {
		/* "Opening and ending tag mismatch: p line 3 and clause" */
		const char *p = between(a, sizeof(a), msg, "mismatch: ", " line ");
		if (!p || !(p = strstr(p, " and ")))
			return 0;
		snprintf(b, sizeof(b), "%.*s", (int)strcspn(p + 5, "\n"), p + 5);
		clause_buf_printf(out, "<%s> is closed by </%s>: every element "
				  "ends with its own end tag", a, b);
		return 1;
	}
	case XML_ERR_DOCUMENT_END:
		clause_buf_puts(out, "something follows the end of the document "
				"(one top element only)");
		return 1;
	default:
		return 0;
	}
}

void clause_xml_explain(struct clause_buf *out, int domain, int code,
			const char *msg)
{
	if (!msg)
		msg = "XML error";
	if (domain == XML_FROM_SCHEMASV)
		schema_message(out, msg);
	else if (!parser_message(out, code, msg))
		put_plain(out, msg);
}
