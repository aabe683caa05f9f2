/* walk.c: a document's top-level clauses with the articles they open,
 * the same way for every writer. */
#include <string.h>

#include "doc/xml.h"
#include "export/export.h"
#include "util/error.h"

/* The notes of article `id`, from the document's tree. */
static int article_notes(const struct clause_doc *doc, const char *id,
			 const struct export_walk *w, void *arg)
{
	xmlNodePtr root = doc->xml ? xmlDocGetRootElement(doc->xml) : NULL;
	int r = 0;

	for (xmlNodePtr a = root ? root->children : NULL; a && r == 0; a = a->next) {
		char *aid;
		int match;

		if (!clause_xml_is(a, "article"))
			continue;
		aid = clause_xml_attr(a, "id");
		match = aid && strcmp(aid, id) == 0;
		free(aid);
		for (xmlNodePtr n = match ? a->children : NULL; n && r == 0; n = n->next) {
			char *text;

			if (!clause_xml_is(n, "note"))
				continue;
			text = clause_xml_text(n);
			r = text ? w->note(arg, text) : CLAUSE_ERROR;
			free(text);
		}
	}
	return r;
}

int export_walk(const struct clause_doc *doc, const struct export_walk *w, void *arg)
{
	const char *open = NULL;
	int r = 0;

	for (size_t i = 0; i < doc->nclauses && r == 0; i++) {
		const struct clause_clause *c = &doc->clauses[i];

		if (c->parent)
			continue;	/* the writer writes it inside its parent */
		if (c->article && (!open || strcmp(open, c->article) != 0)) {
			for (size_t a = 0; a < doc->narticles && r == 0; a++)
				if (strcmp(doc->articles[a].id, c->article) == 0) {
					r = w->article(arg, &doc->articles[a]);
					if (r == 0 && w->note)
						r = article_notes(doc, c->article, w, arg);
				}
			open = c->article;
		}
		if (r == 0)
			r = w->clause(arg, c);
	}
	return r;
}
