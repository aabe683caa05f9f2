/* pattern.c: the pattern facets of schemas/clause.xsd, matched in C (see
 * pattern.h for why, and for what keeps the two in step). */
#include "doc/pattern.h"
#include "doc/xml.h"

#include <string.h>

/* Attributes of patterned types, by name, on any clause element. */
static const struct {
	const char *name;		/* unqualified attribute name */
	enum clause_pattern type;	/* its type in clause.xsd */
} attrs[] = {
	{ "id", CLAUSE_PATTERN_ID },			/* agreement, article,
							 * clause, party */
	{ "clause", CLAUSE_PATTERN_ID },		/* conflict */
	{ "negotiation", CLAUSE_PATTERN_ID },		/* round */
	{ "category", CLAUSE_PATTERN_CATEGORY_LIST },	/* clause */
	{ "derived-from", CLAUSE_PATTERN_CLAUSE_REF },	/* clause */
	{ "to", CLAUSE_PATTERN_CLAUSE_REF },		/* ref */
	{ "unit", CLAUSE_PATTERN_UNIT },		/* quantity */
	{ "per", CLAUSE_PATTERN_UNIT },			/* quantity */
};

static const char *const type_names[] = {
	NULL, "id", "category", "categoryList", "clauseRef", "unit"
};

enum clause_pattern clause_pattern_of_attr(const char *name)
{
	for (size_t i = 0; i < sizeof(attrs) / sizeof(*attrs); i++)
		if (strcmp(attrs[i].name, name) == 0)
			return attrs[i].type;
	return CLAUSE_PATTERN_NONE;
}

const char *clause_pattern_type_name(enum clause_pattern type)
{
	return type_names[type];
}

static int lower(char c)
{
	return c >= 'a' && c <= 'z';
}

static int digit(char c)
{
	return c >= '0' && c <= '9';
}

/* [a-z0-9][a-z0-9._\-]{0,79}, for the n bytes at s. */
static int is_id(const char *s, size_t n)
{
	if (n < 1 || n > 80 || !(lower(s[0]) || digit(s[0])))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(lower(s[i]) || digit(s[i]) || s[i] == '.' || s[i] == '_' ||
		      s[i] == '-'))
			return 0;
	return 1;
}

/* [a-z][a-z0-9\-]*(\.[a-z][a-z0-9\-]*)*: dotted words, each starting
 * with a letter. */
static int is_category(const char *s, size_t n)
{
	int start = 1;		/* at the start of a word */

	for (size_t i = 0; i < n; i++) {
		if (start) {
			if (!lower(s[i]))
				return 0;
			start = 0;
		} else if (s[i] == '.') {
			start = 1;
		} else if (!(lower(s[i]) || digit(s[i]) || s[i] == '-')) {
			return 0;
		}
	}
	return n > 0 && !start;
}

static int is_list_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* A list of categories: at least one, separated by white space. */
static int is_category_list(const char *s)
{
	size_t items = 0;

	for (;;) {
		size_t n;
		while (is_list_space(*s))
			s++;
		if (!*s)
			return items > 0;
		for (n = 0; s[n] && !is_list_space(s[n]); n++)
			;
		if (!is_category(s, n))
			return 0;
		items++;
		s += n;
	}
}

/* ([a-z0-9][a-z0-9._\-]{0,79}/)?[a-z0-9][a-z0-9._\-]{0,79} */
static int is_clause_ref(const char *s)
{
	const char *slash = strchr(s, '/');

	if (!slash)
		return is_id(s, strlen(s));
	return is_id(s, (size_t)(slash - s)) && is_id(slash + 1, strlen(slash + 1));
}

/* [a-z][a-z\-]{0,31}|[A-Z]{3} */
static int is_unit(const char *s)
{
	size_t n = strlen(s);

	if (n == 3 && s[0] >= 'A' && s[0] <= 'Z' && s[1] >= 'A' &&
	    s[1] <= 'Z' && s[2] >= 'A' && s[2] <= 'Z')
		return 1;
	if (n < 1 || n > 32 || !lower(s[0]))
		return 0;
	for (size_t i = 1; i < n; i++)
		if (!(lower(s[i]) || s[i] == '-'))
			return 0;
	return 1;
}

int clause_pattern_match(enum clause_pattern type, const char *value)
{
	switch (type) {
	case CLAUSE_PATTERN_ID:
		return is_id(value, strlen(value));
	case CLAUSE_PATTERN_CATEGORY:
		return is_category(value, strlen(value));
	case CLAUSE_PATTERN_CATEGORY_LIST:
		return is_category_list(value);
	case CLAUSE_PATTERN_CLAUSE_REF:
		return is_clause_ref(value);
	case CLAUSE_PATTERN_UNIT:
		return is_unit(value);
	case CLAUSE_PATTERN_NONE:
		break;
	}
	return 1;
}

/* Does the attribute's value match the pattern of its type?  The value is
 * read as the validator reads it; anything but one text node is left to
 * the full schema. */
static int attr_ok(xmlAttrPtr a)
{
	enum clause_pattern type;

	if (a->ns || (type = clause_pattern_of_attr((const char *)a->name)) ==
		     CLAUSE_PATTERN_NONE)
		return 1;
	if (!a->children || a->children->next ||
	    a->children->type != XML_TEXT_NODE || !a->children->content)
		return 0;
	return clause_pattern_match(type, (const char *)a->children->content);
}

/* *ours: the namespace declaration last found to be the clause one, so
 * that its name is compared once, not for every element. */
static int node_ok(xmlNodePtr node, xmlNsPtr *ours)
{
	for (xmlNodePtr n = node; n; n = n->next) {
		if (n->type != XML_ELEMENT_NODE)
			continue;
		if (n->ns && n->ns != *ours &&
		    xmlStrEqual(n->ns->href, BAD_CAST CLAUSE_NS))
			*ours = n->ns;
		if (n->ns && n->ns == *ours)
			for (xmlAttrPtr a = n->properties; a; a = a->next)
				if (!attr_ok(a))
					return 0;
		/* Depth is bounded by clause_xml_parse. */
		if (n->children && !node_ok(n->children, ours))
			return 0;
	}
	return 1;
}

int clause_pattern_check_doc(xmlDocPtr doc)
{
	xmlNsPtr ours = NULL;

	return node_ok(xmlDocGetRootElement(doc), &ours);
}
