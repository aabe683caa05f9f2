/* apart.c: a clause both sides moved to two different documents, or one
 * side moved out of a document where the other had a conflict over it:
 * one conflict where it was, holding both (see clause_merge_apart and
 * clause_merge_moved_out in merge.h). */
#include "merge/merge.h"
#include "merge/internal.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/error.h"

#include <libxml/tree.h>
#include <string.h>

/* Read a result back: what the merge writes must load. */
static int reads_back(const char *path, const struct clause_buf *b)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	int r = clause_doc_load(&doc, NULL, path, b->ptr, b->len, 1, &probs);

	if (r < 0 && probs.n)
		clause_error_set("a merge would write an invalid document "
				 "(%s:%u:%u: %s): a bug: please report it",
				 probs.v[0].path, probs.v[0].line, probs.v[0].col,
				 probs.v[0].message);
	clause_doc_free(doc);
	clause_problems_release(&probs);
	return r < 0 ? CLAUSE_ERROR : 0;
}

int clause_merge_apart(struct clause_buf *ours, struct clause_buf *theirs,
		       const struct clause_merge_apart *a)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *d[3] = { NULL, NULL, NULL };
	xmlNodePtr node[3] = { NULL, NULL, NULL }, c;
	struct merge m;
	size_t i = 0;
	int r = 0;

	for (int k = 0; k < 3 && r == 0; k++) {
		const struct clause_clause *cl;
		r = clause_doc_load(&d[k], NULL, a->path[k], a->doc[k].data,
				    a->doc[k].len, 1, &probs);
		if (r == 0 && (!(cl = clause_doc_clause(d[k], a->id[k])) ||
			       cl->parent || !cl->node)) {
			clause_error_set("%s: no clause '%s' to settle",
					 a->path[k], a->id[k]);
			r = CLAUSE_ERROR;
		} else if (r == 0) {
			node[k] = cl->node;
		}
	}
	if (r < 0)
		goto done;
	memset(&m, 0, sizeof(m));
	m.doc = d[0]->xml;
	m.ns = xmlDocGetRootElement(m.doc)->ns;
	m.o.label = a->doc[0].label;
	m.t.label = a->doc[2].label;
	c = merge_conflict_node(&m, a->id[0], NULL, node[0], node[1], node[2]);
	/* Each side's copy says in which document that side has it. */
	for (xmlNodePtr s = c->children; s && i < 3; s = s->next) {
		struct clause_buf line = CLAUSE_BUF_INIT;

		if (s->type != XML_ELEMENT_NODE)
			continue;
		clause_buf_printf(&line, "in document '%s'", d[i]->id);
		if (s->children)
			merge_note_first(&m, s, line.ptr);
		clause_buf_release(&line);
		i++;
	}
	xmlReplaceNode(node[0], c);
	xmlFreeNode(node[0]);
	merge_cut(node[2]);
	xmlFreeNode(node[2]);
	if ((r = merge_dump(ours, d[0]->xml)) == 0 &&
	    (r = merge_dump(theirs, d[2]->xml)) == 0 &&
	    (r = reads_back(a->path[0], ours)) == 0)
		r = reads_back(a->path[2], theirs);
done:
	for (int k = 0; k < 3; k++)
		clause_doc_free(d[k]);
	clause_problems_release(&probs);
	return r;
}

int clause_merge_moved_out(struct clause_buf *from, struct clause_buf *to,
			   const struct clause_merge_apart *a, const char *side)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *df = NULL, *dt = NULL;
	const struct clause_clause *moved;
	struct clause_buf line = CLAUSE_BUF_INIT;
	xmlNodePtr conflict = NULL, slot = NULL;
	struct merge m;
	int r;

	if ((r = clause_doc_load(&df, NULL, a->path[0], a->doc[0].data,
				 a->doc[0].len, 1, &probs)) < 0 ||
	    (r = clause_doc_load(&dt, NULL, a->path[2], a->doc[2].data,
				 a->doc[2].len, 1, &probs)) < 0)
		goto done;
	for (size_t i = 0; i < df->nconflicts && !conflict; i++)
		if (df->conflicts[i].clause &&
		    strcmp(df->conflicts[i].clause, a->id[0]) == 0)
			conflict = df->conflicts[i].node;
	for (xmlNodePtr s = conflict ? conflict->children : NULL; s; s = s->next)
		if (clause_xml_is(s, side))
			slot = s;
	r = 1;
	if (!slot || !(moved = clause_doc_clause(dt, a->id[2])) ||
	    moved->parent || !moved->node)
		goto done;
	for (xmlNodePtr k = slot->children; k; k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			goto done;	/* that side has a version there */
	memset(&m, 0, sizeof(m));
	m.doc = df->xml;
	m.ns = xmlDocGetRootElement(m.doc)->ns;
	clause_buf_printf(&line, "in document '%s'", dt->id);
	xmlAddChild(slot, merge_copy_in(&m, moved->node));
	merge_note_first(&m, slot, line.ptr);
	merge_cut(moved->node);
	xmlFreeNode(moved->node);
	if ((r = merge_dump(from, df->xml)) == 0 &&
	    (r = merge_dump(to, dt->xml)) == 0 &&
	    (r = reads_back(a->path[0], from)) == 0)
		r = reads_back(a->path[2], to);
done:
	clause_buf_release(&line);
	clause_doc_free(df);
	clause_doc_free(dt);
	clause_problems_release(&probs);
	return r;
}
