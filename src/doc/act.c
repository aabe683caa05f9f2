/* act.c: record an act of the table (<ta>, <reopen>, <reject>) on a
 * clause, as a line added to the document's own bytes. */
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/error.h"

#include <string.h>

static int is_body(xmlNodePtr k)
{
	return clause_xml_is(k, "p") || clause_xml_is(k, "list") ||
	       clause_xml_is(k, "clause") || clause_xml_is(k, "note");
}

/* Count the elements named like `target` that start on its line before
 * it, in document order: which of the tags on that line it is. */
static size_t same_line_before(xmlNodePtr n, xmlNodePtr target, long line,
			       size_t *count, int *found)
{
	for (; n && !*found; n = n->next) {
		if (n == target) {
			*found = 1;
			break;
		}
		if (n->type == XML_ELEMENT_NODE && xmlGetLineNo(n) == line &&
		    xmlStrEqual(n->name, target->name))
			(*count)++;
		same_line_before(n->children, target, line, count, found);
	}
	return *count;
}

/* The element for act, with the clause element's namespace prefix. */
static void write_act(struct clause_buf *b, xmlNodePtr clause,
		      const struct clause_act *act)
{
	const char *prefix = clause->ns && clause->ns->prefix ?
			     (const char *)clause->ns->prefix : NULL;
	const char *name = clause_act_names[act->kind];

	clause_buf_putc(b, '<');
	if (prefix)
		clause_buf_printf(b, "%s:", prefix);
	clause_buf_printf(b, "%s date=\"", name);
	clause_buf_put_xml(b, act->date);
	clause_buf_puts(b, "\" by=\"");
	clause_buf_put_xml(b, act->by);
	clause_buf_putc(b, '"');
	if (act->round) {
		clause_buf_puts(b, " round=\"");
		clause_buf_put_xml(b, act->round);
		clause_buf_putc(b, '"');
	}
	if (!act->note) {
		clause_buf_puts(b, "/>");
		return;
	}
	clause_buf_putc(b, '>');
	clause_buf_put_xml(b, act->note);
	clause_buf_puts(b, "</");
	if (prefix)
		clause_buf_printf(b, "%s:", prefix);
	clause_buf_printf(b, "%s>", name);
}

long clause_doc_offset(const struct clause_doc *doc, xmlNodePtr k)
{
	long line = xmlGetLineNo(k), l = 1;
	const char *p = doc->data, *end = doc->data + doc->len, *eol;
	size_t nth = 0, seen = 0;
	int found = 0;
	struct clause_buf tag = CLAUSE_BUF_INIT;

	if (line < 1)
		return -1;
	while (l < line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			return -1;
		p = nl + 1;
		l++;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	if (!eol)
		eol = end;
	same_line_before(xmlDocGetRootElement(doc->xml), k, line, &nth, &found);
	clause_buf_putc(&tag, '<');
	if (k->ns && k->ns->prefix)
		clause_buf_printf(&tag, "%s:", (const char *)k->ns->prefix);
	clause_buf_puts(&tag, (const char *)k->name);
	for (const char *q = p; q + tag.len < eol; q++) {
		char after = q[tag.len];
		if (memcmp(q, tag.ptr, tag.len) != 0 ||
		    !(after == ' ' || after == '>' || after == '/' ||
		      after == '\t' || after == '\r' || after == '\n'))
			continue;
		if (seen++ == nth) {
			clause_buf_release(&tag);
			return (long)(q - doc->data);
		}
	}
	clause_buf_release(&tag);
	return -1;
}

/* Is `out` doc with one act more on clause `id`, and nothing else
 * changed that the library reads? */
static int placed(const struct clause_buf *out, const struct clause_doc *doc,
		  const char *id)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *now = NULL;
	int ok = clause_doc_load(&now, NULL, doc->path, out->ptr, out->len, 1,
				 &probs) == 0 && now &&
		 now->nclauses == doc->nclauses;

	for (size_t i = 0; ok && i < doc->nclauses; i++) {
		const struct clause_clause *a = &doc->clauses[i];
		const struct clause_clause *b = &now->clauses[i];
		size_t more = strcmp(a->id, id) == 0;

		ok = strcmp(a->id, b->id) == 0 && strcmp(a->hash, b->hash) == 0 &&
		     b->nacts == a->nacts + more;
	}
	clause_doc_free(now);
	clause_problems_release(&probs);
	return ok;
}

int clause_doc_add_act(struct clause_buf *out, const struct clause_doc *doc,
		       const char *clause_id, const struct clause_act *act)
{
	const struct clause_clause *c = clause_doc_clause(doc, clause_id);
	xmlNodePtr k = NULL;
	long off = -1;
	size_t bol;

	clause_buf_clear(out);
	if (!c || !c->node || !doc->data) {
		clause_error_set("%s: no clause '%s' to record on", doc->path,
				 clause_id);
		return CLAUSE_ENOTFOUND;
	}
	for (k = c->node->children; k && !is_body(k); k = k->next)
		;
	if (k)
		off = clause_doc_offset(doc, k);
	if (off >= 0) {
		/* Its own line, indented as the element it goes before,
		 * when that one starts its line; else just before it. */
		bol = (size_t)off;
		while (bol > 0 && (doc->data[bol - 1] == ' ' ||
				   doc->data[bol - 1] == '\t'))
			bol--;
		clause_buf_put(out, doc->data, (size_t)off);
		write_act(out, c->node, act);
		if (bol == 0 || doc->data[bol - 1] == '\n') {
			clause_buf_putc(out, '\n');
			clause_buf_put(out, doc->data + bol, (size_t)off - bol);
		}
		clause_buf_put(out, doc->data + off, doc->len - (size_t)off);
		if (placed(out, doc, clause_id))
			return 0;
	}
	clause_buf_clear(out);
	clause_error_set("%s:%u:%u: cannot find where to record the %s on "
			 "clause '%s'; add it by hand after its heading",
			 doc->path, c->line, c->col, clause_act_names[act->kind],
			 clause_id);
	return CLAUSE_EINVALID;
}
