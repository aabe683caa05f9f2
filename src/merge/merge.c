/* merge.c: clause-keyed three-way merge (see merge.h).
 *
 * The merge works on "ours": its XML tree is the skeleton, and the
 * changes theirs made since the base are carried into it, clause by
 * clause and field by field.  Comparisons ignore white space, so a
 * reflowed paragraph is not a change.  The word-level merge inside a
 * clause is words.c's; a clause moved to two other documents, apart.c's.
 */
#include "merge/merge.h"
#include "merge/internal.h"
#include "merge/rename.h"
#include "doc/doc.h"
#include "util/error.h"
#include "util/map.h"
#include "doc/xml.h"

#include <libxml/tree.h>
#include <stdlib.h>
#include <string.h>

/* ---- documents --------------------------------------------------------- */

/* A node as XML text standing alone (namespace declared); caller frees. */
static char *ser(xmlNodePtr node)
{
	xmlDocPtr alone;
	xmlNodePtr copy;
	xmlBufferPtr xb;
	char *s = NULL;

	if (!node)
		return NULL;
	alone = xmlNewDoc(BAD_CAST "1.0");
	xb = xmlBufferCreate();
	if (alone && xb && (copy = xmlDocCopyNode(node, alone, 1))) {
		xmlDocSetRootElement(alone, copy);
		xmlReconciliateNs(alone, copy);
		if (xmlNodeDump(xb, alone, copy, 0, 0) >= 0)
			s = strdup((const char *)xmlBufferContent(xb));
	}
	if (xb)
		xmlBufferFree(xb);
	if (alone)
		xmlFreeDoc(alone);
	return s;
}

/* Are two serializations the same, white space aside? */
static int same_text(const char *a, const char *b)
{
	if (!a || !b)
		return a == b;
	for (;;) {
		int sa = 0, sb = 0;
		while (merge_is_space(*a)) {
			a++;
			sa = 1;
		}
		while (merge_is_space(*b)) {
			b++;
			sb = 1;
		}
		/* Space only matters between two words. */
		if (sa != sb && *a && *b && *a != '<' && *b != '<')
			return 0;
		if (*a != *b)
			return 0;
		if (!*a)
			return 1;
		a++;
		b++;
	}
}

static int same_node(xmlNodePtr x, xmlNodePtr y)
{
	char *a = ser(x), *b = ser(y);
	int r = same_text(a, b);

	free(a);
	free(b);
	return r;
}

static int load_side(struct side *s, const char *path,
		     const struct clause_merge_input *in,
		     struct clause_problems *probs)
{
	xmlNodePtr root;
	int r;

	memset(&s->clauses, 0, sizeof(s->clauses));
	memset(&s->articles, 0, sizeof(s->articles));
	memset(&s->from_base, 0, sizeof(s->from_base));
	memset(&s->to_base, 0, sizeof(s->to_base));
	s->doc = NULL;
	s->label = in->label;
	if (!in->data)
		return 0;
	if ((r = clause_doc_load(&s->doc, NULL, path, in->data, in->len, 1,
				 probs)) < 0)
		return r;
	root = xmlDocGetRootElement(s->doc->xml);
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (clause_xml_is(n, "article")) {
			char *id = clause_xml_attr(n, "id");
			clause_map_put(&s->articles, id, n, NULL);
			for (xmlNodePtr k = n->children; k; k = k->next)
				if (clause_xml_is(k, "clause")) {
					char *cid = clause_xml_attr(k, "id");
					clause_map_put(&s->clauses, cid, k, NULL);
					free(cid);
				}
			free(id);
		} else if (clause_xml_is(n, "clause")) {
			char *cid = clause_xml_attr(n, "id");
			clause_map_put(&s->clauses, cid, n, NULL);
			free(cid);
		}
	}
	return 0;
}

static void release_side(struct side *s)
{
	clause_map_release(&s->clauses, NULL);
	clause_map_release(&s->articles, NULL);
	clause_map_release(&s->from_base, NULL);
	clause_map_release(&s->to_base, NULL);
	clause_doc_free(s->doc);
}

/* The article id of a top-level clause, or "" for one outside articles. */
static char *article_of(xmlNodePtr clause)
{
	if (clause && clause->parent && clause_xml_is(clause->parent, "article"))
		return clause_xml_attr(clause->parent, "id");
	return strdup("");
}

/* Make every clause-namespace element under node use ns, and drop the
 * declarations a copy brought along: it inherits ours' root default. */
static void repoint_ns(xmlNodePtr node, xmlNsPtr ns)
{
	if (node->type != XML_ELEMENT_NODE)
		return;
	if (node->ns && xmlStrEqual(node->ns->href, BAD_CAST CLAUSE_NS))
		node->ns = ns;
	for (xmlNodePtr c = node->children; c; c = c->next)
		repoint_ns(c, ns);
}

static void drop_ns_defs(xmlNodePtr node)
{
	if (node->type != XML_ELEMENT_NODE)
		return;
	if (node->nsDef && !node->nsDef->next && !node->nsDef->prefix &&
	    xmlStrEqual(node->nsDef->href, BAD_CAST CLAUSE_NS)) {
		xmlFreeNsList(node->nsDef);
		node->nsDef = NULL;
	}
	for (xmlNodePtr c = node->children; c; c = c->next)
		drop_ns_defs(c);
}

/* Every pointer moves first, then the declarations go: children point
 * at their ancestor's declaration until then. */
static void adopt_ns(xmlNodePtr node, xmlNsPtr ns)
{
	repoint_ns(node, ns);
	drop_ns_defs(node);
}

/* A deep copy of node (from any side) for ours' tree. */
xmlNodePtr merge_copy_in(struct merge *m, xmlNodePtr node)
{
	xmlNodePtr c = xmlDocCopyNode(node, m->doc, 1);

	if (c)
		adopt_ns(c, m->ns);
	return c;
}

/* Indentation of the line node sits on, for what is inserted beside it. */
static const char *indent_before(xmlNodePtr node)
{
	xmlNodePtr prev = node ? node->prev : NULL;

	if (prev && prev->type == XML_TEXT_NODE && prev->content) {
		const char *s = strrchr((const char *)prev->content, '\n');
		if (s)
			return s;
	}
	return "\n  ";
}

static void insert_after(xmlNodePtr at, xmlNodePtr node)
{
	xmlNodePtr ws = xmlNewDocText(at->doc, BAD_CAST indent_before(at));

	xmlAddNextSibling(at, node);
	xmlAddPrevSibling(node, ws);
}

/* Where a clause goes in `parent` (an article or the root) of ours: after
 * the nearest clause that precedes it in theirs and stands in ours, else
 * after the article's number, heading and notes. */
static void place(struct merge *m, xmlNodePtr parent, xmlNodePtr theirs,
		  xmlNodePtr node)
{
	for (xmlNodePtr p = theirs ? theirs->prev : NULL; p; p = p->prev) {
		char *id;
		xmlNodePtr at;

		if (!clause_xml_is(p, "clause"))
			continue;
		id = clause_xml_attr(p, "id");
		at = id ? clause_map_get(&m->o.clauses, id) : NULL;
		free(id);
		if (at && at->parent == parent) {
			insert_after(at, node);
			return;
		}
	}
	{
		xmlNodePtr last = NULL;
		for (xmlNodePtr c = parent->children; c; c = c->next)
			if (clause_xml_is(c, "num") || clause_xml_is(c, "heading") ||
			    clause_xml_is(c, "note") || clause_xml_is(c, "meta"))
				last = c;
			else if (c->type == XML_ELEMENT_NODE)
				break;
		if (last) {
			insert_after(last, node);
		} else {
			xmlNodePtr first = parent->children;
			while (first && first->type != XML_ELEMENT_NODE)
				first = first->next;
			if (first)
				xmlAddPrevSibling(first, node);
			else
				xmlAddChild(parent, node);
		}
	}
}

/* The conflict element over clause `id` (or field), holding copies. */
xmlNodePtr merge_conflict_node(struct merge *m, const char *clause,
			       const char *field, xmlNodePtr ours,
			       xmlNodePtr base, xmlNodePtr theirs)
{
	xmlNodePtr c = xmlNewDocNode(m->doc, m->ns, BAD_CAST "conflict", NULL);
	struct { const char *name; xmlNodePtr node; const char *by; } sides[] = {
		{ "ours", ours, m->o.label },
		{ "base", base, "merge base" },
		{ "theirs", theirs, m->t.label },
	};

	if (clause)
		xmlNewProp(c, BAD_CAST "clause", BAD_CAST clause);
	if (field)
		xmlNewProp(c, BAD_CAST "field", BAD_CAST field);
	for (size_t i = 0; i < 3; i++) {
		xmlNodePtr s = xmlNewDocNode(m->doc, m->ns, BAD_CAST sides[i].name, NULL);
		if (sides[i].by)
			xmlNewProp(s, BAD_CAST "by", BAD_CAST sides[i].by);
		if (sides[i].node)
			xmlAddChild(s, merge_copy_in(m, sides[i].node));
		xmlAddChild(c, xmlNewDocText(m->doc, BAD_CAST "\n    "));
		xmlAddChild(c, s);
	}
	xmlAddChild(c, xmlNewDocText(m->doc, BAD_CAST "\n  "));
	m->conflicts++;
	return c;
}

/* Parse merged clause text back into a node of ours' document. */
static xmlNodePtr parse_clause(struct merge *m, const char *text,
			       const char *id)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	xmlDocPtr d = NULL;
	xmlNodePtr root, copy = NULL;
	char *rid = NULL;

	if (clause_xml_parse(&d, "merge", text, strlen(text), &probs) == 0) {
		root = xmlDocGetRootElement(d);
		rid = clause_xml_attr(root, "id");
		if (clause_xml_is(root, "clause") && rid && strcmp(rid, id) == 0)
			copy = merge_copy_in(m, root);
	}
	free(rid);
	if (d)
		xmlFreeDoc(d);
	clause_problems_release(&probs);
	return copy;
}

/* Ours' element for `article` ("" for top level), or NULL when ours has
 * no such article. */
static xmlNodePtr parent_in_ours(struct merge *m, const char *article)
{
	if (!*article)
		return xmlDocGetRootElement(m->doc);
	return clause_map_get(&m->o.articles, article);
}

/* Take node out of its tree, with the indentation before it. */
void merge_cut(xmlNodePtr node)
{
	xmlNodePtr prev = node->prev;

	if (prev && prev->type == XML_TEXT_NODE) {
		xmlUnlinkNode(prev);
		xmlFreeNode(prev);
	}
	xmlUnlinkNode(node);
}

/* One side's version of a clause, and what that side did to it. */
struct version {
	xmlNodePtr node;	/* the clause there, or NULL: absent */
	const char *id;		/* its id there (a rename's new id) */
	char *text;		/* node serialized, or NULL */
	char *article;		/* its article's id, "" outside articles */
	int edited;		/* text or id differ from the base's */
	int moved;		/* in another article than in the base */
};

/* The version on side s of the clause the base calls `key` (or, when the
 * base has none, that has id `key`); base NULL: s is the base. */
static int version_of(struct version *v, struct side *s, const char *key,
		      const struct version *base)
{
	const char *id = base ? clause_map_get(&s->from_base, key) : NULL;
	const char *was = clause_map_get(&s->to_base, key);

	v->id = id ? id : key;
	v->node = clause_map_get(&s->clauses, v->id);
	if (!id && was && strcmp(was, key) != 0)
		v->node = NULL;		/* a rename of another clause */
	v->text = ser(v->node);
	v->article = article_of(v->node);
	if ((v->node && !v->text) || !v->article) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	v->edited = base && !same_text(v->text, base->text);
	v->moved = base && v->node && base->node &&
		   strcmp(v->article, base->article) != 0;
	return 0;
}

static void version_release(struct version *v)
{
	free(v->text);
	free(v->article);
}

/* Ours' clause `o` (if any) becomes `node` (id `id`; NULL: none). */
static void set_ours(struct merge *m, const struct version *o, xmlNodePtr node,
		     const char *id)
{
	if (o->node && node) {
		xmlReplaceNode(o->node, node);
		xmlFreeNode(o->node);
	} else if (o->node) {
		merge_cut(o->node);
		xmlFreeNode(o->node);
	}
	if (o->node)
		clause_map_put(&m->o.clauses, o->id, NULL, NULL);
	if (node && clause_xml_is(node, "clause"))
		clause_map_put(&m->o.clauses, id, node, NULL);
}

/* Ours' clause `node` goes to the article theirs put it in. */
static void move_to(struct merge *m, xmlNodePtr node, const struct version *t)
{
	xmlNodePtr parent = parent_in_ours(m, t->article);

	if (!parent || node->parent == parent)
		return;	/* ours removed that article: it stays */
	merge_cut(node);
	place(m, parent, t->node, node);
}

/* Put `node`, new in ours, where theirs has its clause: in the same
 * article, else (ours removed the article) at the top level. */
static void put_as_theirs(struct merge *m, const struct version *t,
			  xmlNodePtr node)
{
	xmlNodePtr parent = parent_in_ours(m, t->article);

	place(m, parent ? parent : xmlDocGetRootElement(m->doc), t->node, node);
}

/* Ours left the clause as the base had it: theirs' version stands. */
static void take_theirs(struct merge *m, const struct version *o,
			const struct version *t)
{
	xmlNodePtr c;

	if (!t->node) {
		set_ours(m, o, NULL, NULL);
		return;
	}
	if (o->node && same_text(o->text, t->text)) {
		c = o->node;
	} else {
		c = merge_copy_in(m, t->node);
		if (o->node)
			set_ours(m, o, c, t->id);
		else {
			put_as_theirs(m, t, c);
			clause_map_put(&m->o.clauses, t->id, c, NULL);
		}
	}
	if (o->node && t->moved)
		move_to(m, c, t);
}

/* The word-level merge of two edits of a clause, with id `id`, or NULL.
 * A new id on one side is a change of its start tag, which merges with
 * the other side's change of its words. */
static xmlNodePtr merge_words(struct merge *m, const struct version *b,
			      const struct version *o, const struct version *t,
			      const char *id)
{
	struct clause_buf out = CLAUSE_BUF_INIT;
	xmlNodePtr merged = NULL;

	if (!m->no_words && clause_merge_text(&out, b->text, o->text,
					      t->text) == 0)
		merged = parse_clause(m, out.ptr, id);
	clause_buf_release(&out);
	return merged;
}

/* A <note> first in side element `s` of a conflict (ours, base or
 * theirs), before the clause it holds. */
void merge_note_first(struct merge *m, xmlNodePtr s, const char *text)
{
	xmlNodePtr note = xmlNewDocNode(m->doc, m->ns, BAD_CAST "note", BAD_CAST text);

	if (s->children)
		xmlAddPrevSibling(s->children, note);
	else
		xmlAddChild(s, note);
}

/* A conflict over where a clause stands: each side's copy comes with a
 * note naming its article. */
static void note_places(struct merge *m, xmlNodePtr conflict,
			const struct version *v[3])
{
	size_t i = 0;

	for (xmlNodePtr s = conflict->children; s && i < 3; s = s->next) {
		struct clause_buf line = CLAUSE_BUF_INIT;

		if (s->type != XML_ELEMENT_NODE)
			continue;
		if (v[i]->node && s->children) {
			if (*v[i]->article)
				clause_buf_printf(&line, "in article '%s'",
						  v[i]->article);
			else
				clause_buf_puts(&line, "outside any article");
			merge_note_first(m, s, line.ptr);
		}
		clause_buf_release(&line);
		i++;
	}
}

static const struct clause_clause *side_clause(const struct side *s,
					       const char *id)
{
	return s->doc && id ? clause_doc_clause(s->doc, id) : NULL;
}

static int str_differ(const char *a, const char *b)
{
	return a && b ? strcmp(a, b) != 0 : a != b;
}

/* Do the recorded acts (<ta>, <reopen>, <reject>) of a and b differ? */
static int acts_differ(const struct clause_clause *a,
		       const struct clause_clause *b)
{
	if (a->nacts != b->nacts)
		return 1;
	for (size_t i = 0; i < a->nacts; i++)
		if (a->acts[i].kind != b->acts[i].kind ||
		    str_differ(a->acts[i].date, b->acts[i].date) ||
		    str_differ(a->acts[i].by, b->acts[i].by) ||
		    str_differ(a->acts[i].round, b->acts[i].round))
			return 1;
	return 0;
}

/* Did one side record an act at the table on the clause (a TA, above
 * all) while the other changed its words?  The act was about words that
 * are no longer there: which stands is for people, not for a word
 * merge. */
static int act_against_words(const struct merge *m, const struct version *b,
			     const struct version *o, const struct version *t)
{
	const struct clause_clause *cb = side_clause(&m->b, b->id);
	const struct clause_clause *co = side_clause(&m->o, o->id);
	const struct clause_clause *ct = side_clause(&m->t, t->id);

	if (!cb || !co || !ct)
		return 0;
	return (acts_differ(co, cb) && strcmp(ct->hash, cb->hash) != 0) ||
	       (acts_differ(ct, cb) && strcmp(co->hash, cb->hash) != 0);
}

/* Both sides changed the clause (its text, id or article): one result
 * when the changes go together, else a conflict in ours' place (or
 * theirs', when ours removed it). */
static void merge_both(struct merge *m, const char *key,
		       const struct version *b, const struct version *o,
		       const struct version *t)
{
	const struct version *all[3] = { o, b, t };
	/* The id the clause keeps: a new one either side gave it. */
	const char *id = strcmp(o->id, key) != 0 ? o->id : t->id;
	xmlNodePtr c = NULL;

	if (!o->node && !t->node)
		return;			/* removed on both sides */
	if (o->node && t->node &&
	    !(o->moved && t->moved && strcmp(o->article, t->article) != 0)) {
		if (same_text(o->text, t->text) || !t->edited)
			c = o->node;
		else if (!o->edited)
			c = merge_copy_in(m, t->node);
		else if (b->node && (strcmp(o->id, t->id) == 0 ||
				     strcmp(o->id, key) == 0 ||
				     strcmp(t->id, key) == 0) &&
			 !act_against_words(m, b, o, t))
			c = merge_words(m, b, o, t, id);
		/* else two new ids, or words that do not merge: which
		 * should stand is for people */
	}
	if (c) {
		if (c != o->node)
			set_ours(m, o, c, o->edited ? id : t->id);
		if (t->moved && !o->moved)
			move_to(m, c, t);
		return;
	}
	c = merge_conflict_node(m, key, NULL, o->node, b->node, t->node);
	if (o->moved || t->moved)
		note_places(m, c, all);
	if (o->node)
		set_ours(m, o, c, NULL);
	else
		put_as_theirs(m, t, c);
}

/* Merge one top-level clause, present on at least one side: `key` is its
 * id in the base (or, new since, on the sides). */
static int merge_clause(struct merge *m, const char *key)
{
	struct version b, o, t;
	int r;

	memset(&b, 0, sizeof(b));
	memset(&o, 0, sizeof(o));
	memset(&t, 0, sizeof(t));
	if ((r = version_of(&b, &m->b, key, NULL)) == 0 &&
	    (r = version_of(&o, &m->o, key, &b)) == 0 &&
	    (r = version_of(&t, &m->t, key, &b)) == 0) {
		if (!o.edited && !o.moved)
			take_theirs(m, &o, &t);
		else if (t.edited || t.moved)
			merge_both(m, key, &b, &o, &t);
		/* else only ours changed it: ours stands */
	}
	version_release(&b);
	version_release(&o);
	version_release(&t);
	return r;
}

/* Metadata and article fields: keyed children of a parent element. */
static void index_fields(struct clause_map *map, xmlNodePtr parent)
{
	int sources = 0, notes = 0;

	if (!parent)
		return;
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		char *key;
		if (n->type != XML_ELEMENT_NODE || clause_xml_is(n, "clause") ||
		    clause_xml_is(n, "conflict"))
			continue;
		key = clause_doc_field_key(n, clause_xml_is(n, "source") ? ++sources :
				   clause_xml_is(n, "note") ? ++notes : 0);
		clause_map_put(map, key, n, NULL);
		free(key);
	}
}

/* The order of metadata fields in the schema, for inserting one. */
static int field_rank(const char *key)
{
	static const char *order[] = { "num", "heading", "title", "party",
		"sector", "jurisdiction", "term", "round", "source", "note" };

	for (size_t i = 0; i < sizeof(order) / sizeof(*order); i++)
		if (strncmp(key, order[i], strlen(order[i])) == 0)
			return (int)i;
	return 99;
}

static void merge_fields(struct merge *m, xmlNodePtr pb, xmlNodePtr po,
			 xmlNodePtr pt)
{
	struct clause_map fb = CLAUSE_MAP_INIT, fo = CLAUSE_MAP_INIT;
	struct clause_map ft = CLAUSE_MAP_INIT, seen = CLAUSE_MAP_INIT;
	xmlNodePtr conflicts_at = NULL;

	index_fields(&fb, pb);
	index_fields(&fo, po);
	index_fields(&ft, pt);
	for (int pass = 0; pass < 2; pass++) {
		struct clause_map *keys = pass == 0 ? &ft : &fb;
		for (size_t i = 0; i < keys->cap; i++) {
			const char *key = keys->slots[i].key;
			xmlNodePtr b, o, t;

			if (!key || clause_map_get(&seen, key))
				continue;
			clause_map_put(&seen, key, (void *)1, NULL);
			b = clause_map_get(&fb, key);
			o = clause_map_get(&fo, key);
			t = clause_map_get(&ft, key);
			if (same_node(o, t) || same_node(t, b))
				continue;
			if (same_node(o, b)) {
				if (!t) {
					xmlUnlinkNode(o);
					xmlFreeNode(o);
				} else if (o) {
					xmlReplaceNode(o, merge_copy_in(m, t));
					xmlFreeNode(o);
				} else {
					/* Insert before the first field of a later rank. */
					xmlNodePtr c = merge_copy_in(m, t), before = NULL;
					for (xmlNodePtr n = po->children; n; n = n->next) {
						char *k;
						if (n->type != XML_ELEMENT_NODE)
							continue;
						k = clause_doc_field_key(n, 0);
						if (field_rank(k) > field_rank(key) ||
						    clause_xml_is(n, "clause") ||
						    clause_xml_is(n, "conflict")) {
							before = n;
							free(k);
							break;
						}
						free(k);
					}
					if (before)
						xmlAddPrevSibling(before, c);
					else
						xmlAddChild(po, c);
				}
				continue;
			}
			/* Both changed it, differently: ours stands, and the
			 * conflict keeps all three. */
			{
				char field[256];
				xmlNodePtr c;
				snprintf(field, sizeof(field), "%s", key);
				c = merge_conflict_node(m, NULL, field, o, b, t);
				if (clause_xml_is(po, "meta")) {
					xmlAddChild(po, c);
				} else {
					/* In an article: after its fields. */
					xmlNodePtr last = NULL;
					for (xmlNodePtr n = po->children; n; n = n->next)
						if (clause_xml_is(n, "num") ||
						    clause_xml_is(n, "heading") ||
						    clause_xml_is(n, "note") ||
						    clause_xml_is(n, "conflict"))
							last = n;
					if (last)
						xmlAddNextSibling(last, c);
					else
						xmlAddChild(po, c);
				}
				conflicts_at = c;
			}
		}
	}
	(void)conflicts_at;
	clause_map_release(&fb, NULL);
	clause_map_release(&fo, NULL);
	clause_map_release(&ft, NULL);
	clause_map_release(&seen, NULL);
}

static xmlNodePtr child(xmlNodePtr parent, const char *name)
{
	for (xmlNodePtr n = parent ? parent->children : NULL; n; n = n->next)
		if (clause_xml_is(n, name))
			return n;
	return NULL;
}

/* Root attributes status and lang, field by field. */
static void merge_root_attrs(struct merge *m)
{
	static const char *names[] = { "status", "lang" };
	xmlNodePtr ro = xmlDocGetRootElement(m->doc);
	xmlNodePtr rb = m->b.doc ? xmlDocGetRootElement(m->b.doc->xml) : NULL;
	xmlNodePtr rt = xmlDocGetRootElement(m->t.doc->xml);

	for (size_t i = 0; i < 2; i++) {
		char *b = rb ? clause_xml_attr(rb, names[i]) : NULL;
		char *o = clause_xml_attr(ro, names[i]);
		char *t = clause_xml_attr(rt, names[i]);
		int ob = (!o && !b) || (o && b && strcmp(o, b) == 0);
		int tb = (!t && !b) || (t && b && strcmp(t, b) == 0);
		int ot = (!o && !t) || (o && t && strcmp(o, t) == 0);

		if (!ot && ob) {
			if (t)
				xmlSetProp(ro, BAD_CAST names[i], BAD_CAST t);
			else
				xmlUnsetProp(ro, BAD_CAST names[i]);
		} else if (!ot && !tb) {
			/* Both changed it: ours stands; the conflict records
			 * each value as a note. */
			xmlNodePtr meta = child(ro, "meta");
			xmlNodePtr notes[3] = { NULL, NULL, NULL };
			const char *vals[3] = { o, b, t };
			for (int k = 0; k < 3; k++) {
				char line[512];
				if (!vals[k])
					continue;
				snprintf(line, sizeof(line), "%s=\"%s\"", names[i], vals[k]);
				notes[k] = xmlNewDocNode(m->doc, m->ns, BAD_CAST "note",
							 BAD_CAST line);
			}
			if (meta) {
				xmlNodePtr c = merge_conflict_node(m, NULL, names[i], notes[0],
							     notes[1], notes[2]);
				xmlAddChild(meta, c);
			}
			for (int k = 0; k < 3; k++)
				if (notes[k])
					xmlFreeNode(notes[k]);
		}
		free(b);
		free(o);
		free(t);
	}
}

/* An article theirs added comes without its clauses: each is merged on
 * its own, as it may be one ours changed, removed or moved too. */
static void strip_clauses(xmlNodePtr article)
{
	xmlNodePtr k = article->children;

	while (k) {
		xmlNodePtr next = k->next;
		if (clause_xml_is(k, "clause")) {
			merge_cut(k);
			xmlFreeNode(k);
		}
		k = next;
	}
}

/* Articles theirs added are copied, their clauses left to merge_clause;
 * fields of shared ones merge. */
static void merge_articles(struct merge *m)
{
	xmlNodePtr rt = xmlDocGetRootElement(m->t.doc->xml);
	xmlNodePtr ro = xmlDocGetRootElement(m->doc);

	for (xmlNodePtr a = rt->children; a; a = a->next) {
		char *id;
		xmlNodePtr ao, ab;

		if (!clause_xml_is(a, "article"))
			continue;
		id = clause_xml_attr(a, "id");
		ao = clause_map_get(&m->o.articles, id);
		ab = clause_map_get(&m->b.articles, id);
		if (!ao && !ab) {
			/* New in theirs: after the article before it. */
			xmlNodePtr c = merge_copy_in(m, a), after = NULL;
			for (xmlNodePtr p = a->prev; p && !after; p = p->prev)
				if (clause_xml_is(p, "article")) {
					char *pid = clause_xml_attr(p, "id");
					after = clause_map_get(&m->o.articles, pid);
					free(pid);
				}
			if (after)
				insert_after(after, c);
			else
				place(m, ro, NULL, c);
			clause_map_put(&m->o.articles, id, c, NULL);
			strip_clauses(c);
		} else if (ao) {
			merge_fields(m, ab, ao, a);
		}
		free(id);
	}
}

/* Articles theirs removed go when ours left them empty of clauses. */
static void drop_emptied_articles(struct merge *m)
{
	for (size_t i = 0; i < m->b.articles.cap; i++) {
		const char *id = m->b.articles.slots[i].key;
		xmlNodePtr ao;
		int has = 0;

		if (!id || clause_map_get(&m->t.articles, id))
			continue;
		if (!(ao = clause_map_get(&m->o.articles, id)))
			continue;
		for (xmlNodePtr k = ao->children; k; k = k->next)
			if (clause_xml_is(k, "clause") || clause_xml_is(k, "conflict"))
				has = 1;
		if (!has) {
			merge_cut(ao);
			xmlFreeNode(ao);
			clause_map_put(&m->o.articles, id, NULL, NULL);
		}
	}
}

/* A rename stands when the other side has no clause of the new id, or
 * gave the same clause that id: else two clauses would share it, and the
 * rename counts as a removal and an addition. */
static int rename_collides(const struct side *s, const struct side *other,
			   const char *base_id)
{
	const char *id = clause_map_get(&s->from_base, base_id);
	const char *was = clause_map_get(&other->to_base, id);

	return clause_map_get(&other->clauses, id) &&
	       (!was || strcmp(was, base_id) != 0);
}

/* Each side's renames, those that collide dropped (decided on both sides
 * before either drops one). */
static int find_renames(struct merge *m)
{
	struct clause_map drop[2] = { CLAUSE_MAP_INIT, CLAUSE_MAP_INIT };
	struct side *sides[2] = { &m->o, &m->t };
	int r = 0;

	if (!m->b.doc)
		return 0;
	for (int i = 0; i < 2 && r == 0; i++)
		r = clause_merge_renames(&sides[i]->from_base, &sides[i]->to_base,
					 m->b.doc, sides[i]->doc);
	for (int i = 0; i < 2 && r == 0; i++) {
		struct clause_map *f = &sides[i]->from_base;
		for (size_t k = 0; k < f->cap; k++)
			if (f->slots[k].key && f->slots[k].value &&
			    rename_collides(sides[i], sides[1 - i], f->slots[k].key))
				clause_map_put(&drop[i], f->slots[k].key, (void *)1, NULL);
	}
	for (int i = 0; i < 2; i++) {
		for (size_t k = 0; r == 0 && k < drop[i].cap; k++) {
			const char *bid = drop[i].slots[k].key;
			if (!bid)
				continue;
			clause_map_put(&sides[i]->to_base,
				       clause_map_get(&sides[i]->from_base, bid),
				       NULL, NULL);
			clause_map_put(&sides[i]->from_base, bid, NULL, NULL);
		}
		clause_map_release(&drop[i], NULL);
	}
	return r;
}

/* Every top-level clause once, keyed by its base id: in theirs' order,
 * then those only ours and the base have. */
static int merge_clauses(struct merge *m)
{
	struct clause_map done = CLAUSE_MAP_INIT;
	struct side *order[] = { &m->t, &m->o, &m->b };
	int r = find_renames(m);

	for (size_t s = 0; s < 3 && r == 0; s++) {
		struct clause_doc *d = order[s]->doc;
		for (size_t i = 0; d && i < d->nclauses && r == 0; i++) {
			const char *key = clause_map_get(&order[s]->to_base,
							 d->clauses[i].id);
			if (!key)
				key = d->clauses[i].id;
			if (d->clauses[i].parent || clause_map_get(&done, key))
				continue;
			clause_map_put(&done, key, (void *)1, NULL);
			r = merge_clause(m, key);
		}
	}
	clause_map_release(&done, NULL);
	return r;
}

/* The document as bytes, into *out (cleared first). */
int merge_dump(struct clause_buf *out, xmlDocPtr doc)
{
	xmlChar *mem = NULL;
	int size = 0, r;

	xmlReconciliateNs(doc, xmlDocGetRootElement(doc));
	xmlDocDumpMemoryEnc(doc, &mem, &size, "UTF-8");
	if (!mem) {
		clause_error_set("cannot write the merged document");
		return CLAUSE_ERROR;
	}
	clause_buf_clear(out);
	r = clause_buf_put(out, (const char *)mem, (size_t)size);
	xmlFree(mem);
	return r;
}

static int merge_once(struct clause_buf *out, size_t *conflicts,
		      const char *path, const struct clause_merge_input *base,
		      const struct clause_merge_input *ours,
		      const struct clause_merge_input *theirs, int no_words,
		      struct clause_problems *probs)
{
	struct merge m;
	xmlNodePtr root;
	int r;

	memset(&m, 0, sizeof(m));
	m.no_words = no_words;
	if ((r = load_side(&m.b, path, base, probs)) < 0 ||
	    (r = load_side(&m.o, path, ours, probs)) < 0 ||
	    (r = load_side(&m.t, path, theirs, probs)) < 0)
		goto done;
	if (!m.o.doc || !m.t.doc) {
		clause_error_set("a merge needs both sides");
		r = CLAUSE_ERROR;
		goto done;
	}
	m.doc = m.o.doc->xml;
	root = xmlDocGetRootElement(m.doc);
	m.ns = root->ns;
	merge_root_attrs(&m);
	merge_fields(&m, m.b.doc ? child(xmlDocGetRootElement(m.b.doc->xml), "meta") : NULL,
		     child(root, "meta"),
		     child(xmlDocGetRootElement(m.t.doc->xml), "meta"));
	merge_articles(&m);
	if ((r = merge_clauses(&m)) < 0)
		goto done;
	drop_emptied_articles(&m);
	if ((r = merge_dump(out, m.doc)) == 0)
		*conflicts = m.conflicts;
done:
	release_side(&m.b);
	release_side(&m.o);
	release_side(&m.t);
	return r;
}

int clause_merge_doc(struct clause_buf *out, size_t *conflicts,
		     const char *path, const struct clause_merge_input *base,
		     const struct clause_merge_input *ours,
		     const struct clause_merge_input *theirs,
		     struct clause_problems *probs)
{
	struct clause_problems check = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	int r;

	*conflicts = 0;
	r = merge_once(out, conflicts, path, base, ours, theirs, 0, probs);
	if (r < 0)
		return r;
	/* A word-level merge can put together text the schema refuses;
	 * then the clauses merged that way become conflicts instead. */
	if (clause_doc_load(&doc, NULL, path, out->ptr, out->len, 1, &check) < 0) {
		clause_buf_clear(out);
		*conflicts = 0;
		r = merge_once(out, conflicts, path, base, ours, theirs, 1, probs);
	}
	clause_doc_free(doc);
	clause_problems_release(&check);
	return r;
}
