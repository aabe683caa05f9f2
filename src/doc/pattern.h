/* pattern.h: the pattern facets of schemas/clause.xsd, matched in C.
 *
 * libxml2 matches XSD patterns with a general regular-expression engine
 * that costs about 250 instructions a character: a tenth of the CPU time
 * of a whole-library diff, for ids, categories and units.  So clause
 * documents are validated first against the schema with its patterns
 * taken out (and its content models rewritten to the same languages,
 * see loosen in xml.c), and the attributes of the patterned types are
 * matched here.  Taking the patterns out only widens those simple types,
 * so a document that passes both is valid against the full schema; any
 * other document is validated again against the full schema, whose
 * verdict and messages are the ones reported (clause_xml_validate).
 *
 * That holds while every attribute of a patterned type is matched here
 * under its name, and each matcher accepts exactly what its pattern does:
 * tests/unit/check_pattern.c reads the schema and checks both, and holds
 * the quick verdicts to the full schema's on documents changed at random.
 * Matching more than the schema asks (an attribute of the same name
 * somewhere else, such as inside a conflict) only sends a document down
 * the slow path.
 */
#ifndef CLAUSE_PATTERN_H
#define CLAUSE_PATTERN_H

#include <libxml/tree.h>

/* The patterned simple types of clause.xsd (and the list of one). */
enum clause_pattern {
	CLAUSE_PATTERN_NONE,		/* not a patterned type */
	CLAUSE_PATTERN_ID,		/* c:id */
	CLAUSE_PATTERN_CATEGORY,	/* c:category */
	CLAUSE_PATTERN_CATEGORY_LIST,	/* c:categoryList, of c:category */
	CLAUSE_PATTERN_CLAUSE_REF,	/* c:clauseRef */
	CLAUSE_PATTERN_UNIT		/* c:unit */
};

/* The type of the unqualified attribute `name` on any element of the
 * clause namespace, CLAUSE_PATTERN_NONE when it has no pattern. */
enum clause_pattern clause_pattern_of_attr(const char *name);

/* The schema's name of a type ("id", "categoryList"...); NULL for NONE. */
const char *clause_pattern_type_name(enum clause_pattern type);

/* Does value match the type's pattern (every item, for a list)? */
int clause_pattern_match(enum clause_pattern type, const char *value);

/* Do all patterned attributes of the clause elements of doc match? */
int clause_pattern_check_doc(xmlDocPtr doc);

#endif
