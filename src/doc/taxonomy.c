/* taxonomy.c: load and query the category tree. */
#include "doc/taxonomy.h"
#include "util/error.h"
#include "doc/xml.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

void clause_taxonomy_release(struct clause_taxonomy *t)
{
	for (size_t i = 0; i < t->n; i++) {
		free(t->v[i].name);
		free(t->v[i].label);
		free(t->v[i].definition);
		free(t->v[i].origin);
	}
	free(t->v);
	t->v = NULL;
	t->n = t->cap = 0;
}

const struct clause_category *clause_taxonomy_find(const struct clause_taxonomy *t,
						   const char *name)
{
	for (size_t i = 0; i < t->n; i++)
		if (strcmp(t->v[i].name, name) == 0)
			return &t->v[i];
	return NULL;
}

static int is_tax(xmlNodePtr n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
	       xmlStrEqual(n->name, BAD_CAST name) && n->ns &&
	       xmlStrEqual(n->ns->href, BAD_CAST CLAUSE_TAXONOMY_NS);
}

/* Index just past the subtree of category i (its last descendant + 1). */
static size_t subtree_end(const struct clause_taxonomy *t, size_t i)
{
	size_t j = i + 1;

	while (j < t->n && t->v[j].depth > t->v[i].depth)
		j++;
	return j;
}

static int insert(struct clause_taxonomy *t, const char *parent,
		  const char *name, xmlNodePtr node, unsigned depth,
		  const char *origin)
{
	struct clause_category c = { 0 };
	size_t at = t->n;

	if (clause_taxonomy_find(t, name))
		return 0;	/* first definition wins */
	if (parent) {
		for (size_t i = 0; i < t->n; i++)
			if (strcmp(t->v[i].name, parent) == 0) {
				at = subtree_end(t, i);
				t->v[i].leaf = 0;
				break;
			}
	}
	if (t->n == t->cap) {
		size_t cap = t->cap ? t->cap * 2 : 64;
		struct clause_category *v = realloc(t->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return -1;
		}
		t->v = v;
		t->cap = cap;
	}
	c.name = strdup(name);
	c.depth = depth;
	c.leaf = 1;
	c.origin = strdup(origin);
	for (xmlNodePtr k = node->children; k; k = k->next) {
		if (is_tax(k, "label") && !c.label)
			c.label = clause_xml_text(k);
		else if (is_tax(k, "definition") && !c.definition)
			c.definition = clause_xml_text(k);
		else if (is_tax(k, "category"))
			c.leaf = 0;
	}
	memmove(&t->v[at + 1], &t->v[at], (t->n - at) * sizeof(*t->v));
	t->v[at] = c;
	t->n++;
	return 0;
}

static int walk(struct clause_taxonomy *t, xmlNodePtr node, const char *parent,
		unsigned depth, const char *origin)
{
	for (xmlNodePtr k = node->children; k; k = k->next) {
		xmlChar *id;
		char *name;
		int r;

		if (!is_tax(k, "category"))
			continue;
		id = xmlGetNoNsProp(k, BAD_CAST "id");
		if (!id)
			continue;
		if (parent) {
			name = malloc(strlen(parent) + strlen((char *)id) + 2);
			if (name)
				sprintf(name, "%s.%s", parent, (char *)id);
		} else {
			name = strdup((char *)id);
		}
		xmlFree(id);
		if (!name) {
			clause_error_set("out of memory");
			return -1;
		}
		r = insert(t, parent, name, k, depth, origin);
		if (r == 0)
			r = walk(t, k, name, depth + 1, origin);
		free(name);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Add the categories of taxonomy file `data`, checked against the
 * schema when `validate` is set. */
static int add(struct clause_taxonomy *t, const char *path, const char *data,
	       size_t len, struct clause_problems *probs, int validate)
{
	xmlDocPtr xml = NULL;
	xmlNodePtr root;
	int r;

	if ((r = clause_xml_parse(&xml, path, data, len, probs)) < 0)
		return r;
	root = xmlDocGetRootElement(xml);
	if (!is_tax(root, "taxonomy")) {
		clause_problems_add(probs, path, (unsigned)xmlGetLineNo(root),
				    clause_xml_node_col(data, len, root, 1),
				    "root element is not a taxonomy in namespace '%s'",
				    CLAUSE_TAXONOMY_NS);
		r = CLAUSE_EINVALID;
		goto done;
	}
	if (validate && (r = clause_xml_validate(CLAUSE_SCHEMA_TAXONOMY, xml, path,
						 data, len, probs)) < 0)
		goto done;
	r = walk(t, root, NULL, 0, path);
done:
	xmlFreeDoc(xml);
	return r;
}

int clause_taxonomy_add(struct clause_taxonomy *t, const char *path,
			const char *data, size_t len,
			struct clause_problems *probs)
{
	return add(t, path, data, len, probs, 1);
}

int clause_taxonomy_load_builtin(struct clause_taxonomy *t)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	size_t len;
	const char *data = clause_xml_builtin_taxonomy(&len);
	/* Not checked against the schema on every run: it is part of the
	 * program, and check_doc's taxonomy_builtin_valid checks it. */
	int r = add(t, "built-in", data, len, &probs, 0);

	if (r == CLAUSE_EINVALID)
		clause_error_set("the built-in taxonomy is invalid: %s",
				 probs.n ? probs.v[0].message : "?");
	clause_problems_release(&probs);
	return r;
}
