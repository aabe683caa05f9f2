/* txt.c: a document as plain text, one paragraph a line. */
#include <string.h>

#include "export/export.h"
#include "util/error.h"

struct txt {
	struct clause_buf *out;
	const struct clause_doc *doc;
};

static int txt_clause(struct txt *t, const struct clause_clause *c);

static int txt_block(void *arg, const struct clause_block *b)
{
	struct txt *t = arg;

	switch (b->kind) {
	case CLAUSE_BLOCK_P:
		return clause_buf_printf(t->out, "%s\n\n", b->text);
	case CLAUSE_BLOCK_NOTE:
		return clause_buf_printf(t->out, "Note: %s\n\n", b->text);
	case CLAUSE_BLOCK_ITEM:
		return clause_buf_printf(t->out, "%s %s\n\n", b->mark, b->text);
	default:
		return txt_clause(t, b->sub);
	}
}

static int txt_clause(struct txt *t, const struct clause_clause *c)
{
	if (c->num || c->heading)
		clause_buf_printf(t->out, "%s%s%s\n\n", c->num ? c->num : "",
				  c->num && c->heading ? " " : "",
				  c->heading ? c->heading : "");
	return clause_doc_blocks(t->doc, c, txt_block, t);
}

static int txt_article(void *arg, const struct clause_article *a)
{
	struct txt *t = arg;

	return clause_buf_printf(t->out, "%s%s%s\n\n", a->num ? a->num : "",
				 a->num && a->heading ? " " : "",
				 a->heading ? a->heading : "");
}

static int txt_note(void *arg, const char *text)
{
	return clause_buf_printf(((struct txt *)arg)->out, "%s\n\n", text);
}

static int txt_top(void *arg, const struct clause_clause *c)
{
	return txt_clause(arg, c);
}

int export_txt_doc(struct clause_buf *out, const struct clause_doc *doc)
{
	static const struct export_walk walk = { txt_article, txt_note, txt_top };
	struct txt t = { out, doc };
	int r;

	clause_buf_printf(out, "%s\n\n", doc->title ? doc->title : doc->id);
	r = export_walk(doc, &walk, &t);
	/* one newline at the end, not a blank line */
	while (out->len >= 2 && out->ptr[out->len - 1] == '\n' &&
	       out->ptr[out->len - 2] == '\n')
		clause_buf_truncate(out, out->len - 1);
	return r < 0 ? CLAUSE_ERROR : 0;
}
