/* html.c: a web page (an agreement posted online, a Word "save as web
 * page") as blocks, through libxml2's HTML parser.
 *
 * The parser never fetches anything (HTML_PARSE_NONET) and HTML has no
 * external entities to expand.  What is not the agreement's text is
 * dropped: the head, scripts, styles, forms and navigation.
 */
#include <libxml/HTMLparser.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

/* Nesting past this is refused rather than walked (the walk recurses);
 * libxml2 stops at 256 already, and this guards against a parser that
 * does not. */
#define HTML_MAX_DEPTH 256

struct html_walk {
	struct import_blocks *out;
	const struct import_limits *lim;
	const char *path;
	struct clause_buf text;	/* inline text of the block being read */
	int in_item;		/* inside an <li> whose text is not out yet */
	int list_depth;
	int ordered;
};

static int name_is(xmlNodePtr n, const char *const *names)
{
	for (; *names; names++)
		if (strcasecmp((const char *)n->name, *names) == 0)
			return 1;
	return 0;
}

static const char *const skipped[] = {
	"head", "script", "style", "noscript", "template", "nav", "iframe",
	"object", "embed", "svg", "math", "form", "button", "select",
	"textarea", "canvas", "audio", "video", NULL
};
/* Elements that end the text before them and start a new block. */
static const char *const blocks[] = {
	"p", "div", "section", "article", "main", "aside", "header", "footer",
	"blockquote", "pre", "address", "dd", "dt", "dl", "figure",
	"figcaption", "caption", "center", "hr", "table", "tbody", "thead",
	"tfoot", "body", "html", "details", "summary", "fieldset", "legend",
	NULL
};

/* The text read so far becomes a block: an item when it opens an <li>. */
static int flush(struct html_walk *w)
{
	enum import_block_kind kind = w->in_item ? IMPORT_ITEM : IMPORT_PARA;
	size_t i;
	int r;

	for (i = 0; i < w->text.len; i++)
		if (!strchr(" \t\r\n", w->text.ptr[i]))
			break;
	if (i == w->text.len) {
		clause_buf_clear(&w->text);
		return 0;
	}
	r = import_blocks_add(w->out, w->lim, kind,
			      kind == IMPORT_ITEM ? w->list_depth - 1 : 0, NULL,
			      w->text.ptr, w->text.len);
	if (r == 0 && kind == IMPORT_ITEM)
		import_blocks_last(w->out)->ordered = w->ordered;
	w->in_item = 0;
	clause_buf_clear(&w->text);
	return r;
}

static int walk(struct html_walk *w, xmlNodePtr node, int depth);

static int walk_children(struct html_walk *w, xmlNodePtr node, int depth)
{
	xmlNodePtr c;
	int r = 0;

	if (depth > HTML_MAX_DEPTH) {
		clause_error_set("%s: elements nested deeper than %d", w->path,
				 HTML_MAX_DEPTH);
		return CLAUSE_EINVALID;
	}
	for (c = node->children; c && r == 0; c = c->next)
		r = walk(w, c, depth + 1);
	return r;
}

/* A heading, or a table row (its cells joined with " | "), read whole. */
static int whole(struct html_walk *w, xmlNodePtr node, int depth,
		 enum import_block_kind kind, int level)
{
	struct clause_buf outer = w->text;
	xmlNodePtr c;
	int r = 0;

	clause_buf_init(&w->text);
	if (kind == IMPORT_ROW) {
		for (c = node->children; c && r == 0; c = c->next) {
			if (c->type != XML_ELEMENT_NODE)
				continue;
			if (w->text.len)
				r = clause_buf_puts(&w->text, " | ");
			if (r == 0)
				r = walk_children(w, c, depth + 1);
		}
	} else {
		r = walk_children(w, node, depth);
	}
	if (r == 0 && w->text.len)
		r = import_blocks_add(w->out, w->lim, kind, level, NULL,
				      w->text.ptr, w->text.len);
	clause_buf_release(&w->text);
	w->text = outer;
	return r;
}

static int walk_list(struct html_walk *w, xmlNodePtr node, int depth, int ordered)
{
	int outer = w->ordered, r;

	r = flush(w);
	w->ordered = ordered;
	w->list_depth++;
	if (r == 0)
		r = walk_children(w, node, depth);
	w->list_depth--;
	w->ordered = outer;
	return r;
}

static int walk_element(struct html_walk *w, xmlNodePtr node, int depth)
{
	const char *name = (const char *)node->name;
	int r;

	if (name_is(node, skipped))
		return 0;
	if (strlen(name) == 2 && (name[0] == 'h' || name[0] == 'H') &&
	    name[1] >= '1' && name[1] <= '6')
		return flush(w) ? CLAUSE_ERROR : whole(w, node, depth, IMPORT_HEADING,
						       name[1] - '0');
	if (strcasecmp(name, "tr") == 0)
		return flush(w) ? CLAUSE_ERROR : whole(w, node, depth, IMPORT_ROW, 0);
	if (strcasecmp(name, "ul") == 0 || strcasecmp(name, "ol") == 0)
		return walk_list(w, node, depth, strcasecmp(name, "ol") == 0);
	if (strcasecmp(name, "br") == 0)
		return clause_buf_putc(&w->text, ' ');
	if (strcasecmp(name, "li") == 0) {
		if ((r = flush(w)) < 0)
			return r;
		w->in_item = w->list_depth > 0;
		r = walk_children(w, node, depth);
		return r ? r : flush(w);
	}
	if (name_is(node, blocks)) {
		if ((r = flush(w)) < 0 || (r = walk_children(w, node, depth)) < 0)
			return r;
		return flush(w);
	}
	return walk_children(w, node, depth);
}

static int walk(struct html_walk *w, xmlNodePtr node, int depth)
{
	switch (node->type) {
	case XML_TEXT_NODE:
	case XML_CDATA_SECTION_NODE:
		return clause_buf_puts(&w->text, (const char *)node->content);
	case XML_ELEMENT_NODE:
		return walk_element(w, node, depth);
	default:
		return 0;
	}
}

int import_read_html(struct import_blocks *out, const struct import_limits *lim,
		     const char *path, const char *data, size_t len)
{
	struct html_walk w = { out, lim, path, CLAUSE_BUF_INIT, 0, 0, 0 };
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	xmlNodePtr root;
	int r;

	if (len > (size_t)0x7fffffff) {
		clause_error_set("%s: too big", path);
		return CLAUSE_ETOOBIG;
	}
	if (!(ctxt = htmlNewParserCtxt()))
		return CLAUSE_ERROR;
	doc = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, NULL,
				 HTML_PARSE_NONET | HTML_PARSE_NOERROR |
				 HTML_PARSE_NOWARNING | HTML_PARSE_COMPACT);
	/* HTML is rarely well-formed and the parser repairs what it can;
	 * but when it gives up (nesting past 256 levels, say) the rest of
	 * the page would be lost without a word. */
	if (ctxt->disableSAX) {
		const xmlError *e = xmlCtxtGetLastError(ctxt);
		size_t n = e && e->message ? strcspn(e->message, "\n") : 0;

		if (n && strstr(e->message, "depth"))
			clause_error_set("%s: cannot read the page: elements nested "
					 "more than 256 deep", path);
		else
			clause_error_set("%s: cannot read the page: %.*s", path,
					 (int)n, n ? e->message : "the parser stopped");
		xmlFreeDoc(doc);
		htmlFreeParserCtxt(ctxt);
		return CLAUSE_EINVALID;
	}
	htmlFreeParserCtxt(ctxt);
	root = doc ? xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		clause_error_set("%s: not an HTML page", path);
		xmlFreeDoc(doc);
		return CLAUSE_EINVALID;
	}
	r = walk(&w, root, 0);
	if (r == 0)
		r = flush(&w);
	clause_buf_release(&w.text);
	xmlFreeDoc(doc);
	return r;
}
