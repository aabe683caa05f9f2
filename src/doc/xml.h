/* xml.h: safe parsing of untrusted XML, and validation against the
 * schemas built into the binary.
 *
 * Every XML file is untrusted.  Parsing refuses any DOCTYPE (the moment
 * the parser meets it), never substitutes entities, never loads anything
 * from the network or the file system, refuses invalid UTF-8 and any
 * encoding but UTF-8, and bounds size and nesting depth.
 */
#ifndef CLAUSE_XML_H
#define CLAUSE_XML_H

#include <libxml/tree.h>
#include <stddef.h>

#include "doc/problem.h"

#define CLAUSE_NS "urn:clause:1"
#define CLAUSE_TAXONOMY_NS "urn:clause:taxonomy:1"
#define CLAUSE_MAX_DOC_BYTES (16u << 20)	/* largest document accepted */
#define CLAUSE_MAX_DEPTH 64			/* deepest element nesting */

enum clause_schema {
	CLAUSE_SCHEMA_CLAUSE,		/* schemas/clause.xsd */
	CLAUSE_SCHEMA_TAXONOMY		/* schemas/taxonomy.xsd */
};

/* Set up libxml2 once per process: no external entities, no network. */
void clause_xml_init(void);
void clause_xml_shutdown(void);
/* Compile the built-in schemas now, before threads share them. */
int clause_xml_prepare(void);
/* Per-thread libxml2 state for a thread that parses: no stray output. */
void clause_xml_thread_init(void);

/*
 * Parse `len` bytes at `data`, reporting problems against `path`.
 * On success *out is the document, owned by the caller (xmlFreeDoc).
 * Returns CLAUSE_EINVALID with problems added when the bytes are not a
 * safe, well-formed UTF-8 XML document.
 */
int clause_xml_parse(xmlDocPtr *out, const char *path, const char *data,
		     size_t len, struct clause_problems *probs);

/* Flags of clause_xml_parse_ex. */
enum {
	/* The tree will only be read, never changed: short text nodes are
	 * kept inside the node (XML_PARSE_COMPACT), a malloc fewer each. */
	CLAUSE_XML_READ_ONLY = 1 << 0
};

/* clause_xml_parse with flags. */
int clause_xml_parse_ex(xmlDocPtr *out, const char *path, const char *data,
			size_t len, unsigned flags,
			struct clause_problems *probs);

/*
 * Validate `doc` (parsed from `data` by clause_xml_parse) against a
 * built-in schema.  Returns 0 when valid, CLAUSE_EINVALID with problems
 * added otherwise, CLAUSE_ERROR when the schema itself cannot be loaded.
 */
int clause_xml_validate(enum clause_schema which, xmlDocPtr doc,
			const char *path, const char *data, size_t len,
			struct clause_problems *probs);

/*
 * Is doc valid against the clause schema, found the quick way: against
 * the schema rewritten for speed (no pattern facets, no counters) and the
 * patterned attributes matched in C (pattern.h).  1 when valid; 0 does
 * not mean invalid, only "ask the full schema", which clause_xml_validate
 * then does.  Public for the tests, which hold the two to the same
 * verdicts.
 */
int clause_xml_valid_quickly(xmlDocPtr doc);

/* The built-in taxonomy document, bytes and length. */
const char *clause_xml_builtin_taxonomy(size_t *len);
/* The digest of the built-in document schema: a verdict recorded under it
 * (the search index's) holds while it is the same. */
void clause_xml_schema_digest(char out[41]);

/* Column of the start tag of `node` on its line, 0 if unknown; `data`
 * starts at the beginning of line `first` (1 for a whole file). */
unsigned clause_xml_node_col(const char *data, size_t len, xmlNodePtr node,
			     long first);

/* Text content of a node with runs of white space collapsed to one space
 * and no space at either end; the caller frees the result. */
char *clause_xml_text(xmlNodePtr node);

/* True when node is an element named `name` in the clause namespace. */
int clause_xml_is(xmlNodePtr node, const char *name);

/* libxml2's message (of domain and code, as in xmlError) as a person
 * writing the document can act on it (message.c): "a bare '&': write
 * &amp; ...", "<party>: the attribute role=... is needed", ids and dates
 * explained; the namespace left out of element names. */
struct clause_buf;
void clause_xml_explain(struct clause_buf *out, int domain, int code,
			const char *msg);
/* Attribute value, caller frees; NULL when absent. */
char *clause_xml_attr(xmlNodePtr node, const char *name);

#endif
