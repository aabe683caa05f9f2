/* md.c: Markdown (CommonMark, through cmark) as blocks.
 *
 * cmark parses in linear time whatever the input (its own fuzzing
 * guarantees it), so a hostile file costs no more than its length.
 * Headings, paragraphs and list items become blocks; the text of
 * inline markup (emphasis, links, code) is kept, the markup dropped.
 */
#include <cmark.h>
#include <string.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

/* The text of the inlines under `node`, softbreaks as spaces. */
static int inline_text(struct clause_buf *b, cmark_node *node)
{
	cmark_node *c;
	const char *lit;

	for (c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
		case CMARK_NODE_HTML_INLINE:
			lit = cmark_node_get_literal(c);
			if (lit && clause_buf_puts(b, lit) < 0)
				return CLAUSE_ERROR;
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			if (clause_buf_putc(b, ' ') < 0)
				return CLAUSE_ERROR;
			break;
		default:
			if (inline_text(b, c) < 0)
				return CLAUSE_ERROR;
		}
	}
	return 0;
}

struct md_walk {
	struct import_blocks *out;
	const struct import_limits *lim;
	int list_depth;		/* lists around the node, 0 outside */
	int ordered;		/* the innermost list is numbered */
};

static int add(struct md_walk *w, enum import_block_kind kind, int level,
	       cmark_node *node, const char *literal)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	int r = 0;

	if (literal)
		r = clause_buf_puts(&b, literal);
	else
		r = inline_text(&b, node);
	if (r == 0 && b.len)
		r = import_blocks_add(w->out, w->lim, kind, level, NULL, b.ptr, b.len);
	if (r == 0 && b.len) {
		struct import_block *bl = import_blocks_last(w->out);

		bl->line = (unsigned)cmark_node_get_start_line(node);
		bl->ordered = kind == IMPORT_ITEM && w->ordered;
	}
	clause_buf_release(&b);
	return r;
}

static int walk(struct md_walk *w, cmark_node *node);

/* A list item's first paragraph is the item; what follows in it (more
 * paragraphs, nested lists) comes after as its own blocks. */
static int walk_item(struct md_walk *w, cmark_node *item)
{
	cmark_node *c;
	int r = 0, first = 1;

	for (c = cmark_node_first_child(item); c && r == 0; c = cmark_node_next(c)) {
		if (first && cmark_node_get_type(c) == CMARK_NODE_PARAGRAPH)
			r = add(w, IMPORT_ITEM, w->list_depth - 1, c, NULL);
		else
			r = walk(w, c);
		first = 0;
	}
	return r;
}

static int walk_children(struct md_walk *w, cmark_node *node)
{
	cmark_node *c;
	int r = 0;

	for (c = cmark_node_first_child(node); c && r == 0; c = cmark_node_next(c))
		r = walk(w, c);
	return r;
}

static int walk(struct md_walk *w, cmark_node *node)
{
	int r, outer_ordered;

	switch (cmark_node_get_type(node)) {
	case CMARK_NODE_HEADING:
		return add(w, IMPORT_HEADING, cmark_node_get_heading_level(node),
			   node, NULL);
	case CMARK_NODE_PARAGRAPH:
		return add(w, w->list_depth ? IMPORT_ITEM : IMPORT_PARA,
			   w->list_depth ? w->list_depth - 1 : 0, node, NULL);
	case CMARK_NODE_CODE_BLOCK:
	case CMARK_NODE_HTML_BLOCK:
		return add(w, IMPORT_PARA, 0, node, cmark_node_get_literal(node));
	case CMARK_NODE_LIST:
		outer_ordered = w->ordered;
		w->ordered = cmark_node_get_list_type(node) == CMARK_ORDERED_LIST;
		w->list_depth++;
		r = walk_children(w, node);
		w->list_depth--;
		w->ordered = outer_ordered;
		return r;
	case CMARK_NODE_ITEM:
		return walk_item(w, node);
	default:
		return walk_children(w, node);
	}
}

int import_read_md(struct import_blocks *out, const struct import_limits *lim,
		   const char *path, const char *data, size_t len)
{
	struct md_walk w = { out, lim, 0, 0 };
	struct clause_buf u = CLAUSE_BUF_INIT;
	cmark_node *doc;
	int r;

	if (memchr(data, '\0', len)) {
		clause_error_set("%s: not a Markdown file (a NUL byte)", path);
		return CLAUSE_EINVALID;
	}
	/* cmark passes bytes through: a file in Windows-1252 (or with a
	 * stray byte) is made UTF-8 first, as plain text is. */
	if ((r = import_to_utf8(&u, path, data, len, NULL)) < 0) {
		clause_buf_release(&u);
		return r;
	}
	doc = cmark_parse_document(u.ptr, u.len, CMARK_OPT_DEFAULT);
	clause_buf_release(&u);
	if (!doc) {
		clause_error_set("%s: cannot parse Markdown: out of memory", path);
		return CLAUSE_ERROR;
	}
	r = walk(&w, doc);
	cmark_node_free(doc);
	return r;
}
