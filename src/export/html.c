/* html.c: a document as one standalone HTML page: no scripts, no
 * external files, styles inline, every text escaped. */
#include <string.h>

#include "diff/render.h"
#include "export/export.h"
#include "util/error.h"

static const char page_style[] =
	"body{font:16px/1.5 Georgia,serif;max-width:46em;margin:2em auto;"
	"padding:0 1em;color:#111}h1{font-size:1.6em}h2{font-size:1.3em;"
	"margin-top:2em}h3{font-size:1.05em;margin-bottom:.3em}"
	".meta{color:#444}.cats{font:12px sans-serif;color:#555}"
	".note{border-left:3px solid #bbb;padding-left:.8em;color:#333}"
	"@media print{body{max-width:none}h2,h3{break-after:avoid}}";

struct html {
	struct clause_buf *out;
	const struct clause_doc *doc;
	const char *list;	/* the list element open, or NULL */
};

static void esc(struct clause_buf *out, const char *s)
{
	clause_buf_put_xml(out, s ? s : "");
}

/* The list element for a list whose first mark is `mark`. */
static const char *list_tag(const char *mark, const char **attrs)
{
	*attrs = "";
	if (!strcmp(mark, "-"))
		return "ul";
	if (!strcmp(mark, "(i)"))
		*attrs = " type=\"i\"";
	else if (mark[0] == '(')
		*attrs = " type=\"a\"";
	return "ol";
}

static int html_clause(struct html *h, const struct clause_clause *c, int level);

static int html_block(void *arg, const struct clause_block *b)
{
	struct html *h = arg;
	const char *attrs;

	switch (b->kind) {
	case CLAUSE_BLOCK_P:
	case CLAUSE_BLOCK_NOTE:
		clause_buf_puts(h->out, b->kind == CLAUSE_BLOCK_P ? "<p>" :
				"<p class=\"note\"><b>Note:</b> ");
		esc(h->out, b->text);
		clause_buf_puts(h->out, "</p>\n");
		return 0;
	case CLAUSE_BLOCK_ITEM:
		if (b->first) {
			h->list = list_tag(b->mark, &attrs);
			clause_buf_printf(h->out, "<%s%s>\n", h->list, attrs);
		}
		clause_buf_puts(h->out, "<li>");
		esc(h->out, b->text);
		clause_buf_puts(h->out, "</li>\n");
		if (b->last)
			clause_buf_printf(h->out, "</%s>\n", h->list);
		return 0;
	default:
		return html_clause(h, b->sub, 4);
	}
}

static int html_clause(struct html *h, const struct clause_clause *c, int level)
{
	clause_buf_puts(h->out, "<section id=\"");
	esc(h->out, c->id);
	clause_buf_printf(h->out, "\">\n<h%d>", level);
	if (c->num) {
		esc(h->out, c->num);
		clause_buf_putc(h->out, ' ');
	}
	esc(h->out, c->heading ? c->heading : c->id);
	clause_buf_printf(h->out, "</h%d>\n<div class=\"cats\">", level);
	for (size_t i = 0; i < c->ncategories; i++) {
		clause_buf_puts(h->out, i ? ", " : "");
		esc(h->out, c->categories[i]);
	}
	clause_buf_printf(h->out, "%s</div>\n", c->suggested ? " (suggested)" : "");
	if (clause_doc_blocks(h->doc, c, html_block, h) < 0)
		return -1;
	clause_buf_puts(h->out, "</section>\n");
	return 0;
}

static void html_head(struct clause_buf *out, const struct clause_doc *d)
{
	/* every field escaped, even those the schema bounds: a document
	 * loaded without its schema may say anything there */
	clause_buf_puts(out, "<!DOCTYPE html>\n<html lang=\"");
	esc(out, d->lang ? d->lang : "en");
	clause_buf_puts(out, "\">\n<head>\n<meta charset=\"utf-8\">\n"
			CLAUSE_HTML_CSP "<title>");
	esc(out, d->title ? d->title : d->id);
	clause_buf_printf(out, "</title>\n<style>%s</style>\n</head>\n<body>\n<h1>",
			  page_style);
	esc(out, d->title ? d->title : d->id);
	clause_buf_puts(out, "</h1>\n<p class=\"meta\">");
	esc(out, d->id);
	clause_buf_puts(out, " &middot; ");
	esc(out, d->status);
	for (size_t i = 0; i < d->nparties; i++) {
		clause_buf_puts(out, "<br>");
		esc(out, d->parties[i].name);
		clause_buf_puts(out, " (");
		esc(out, d->parties[i].role);
		clause_buf_putc(out, ')');
	}
	if (d->effective || d->expires) {
		clause_buf_puts(out, "<br>Term: ");
		esc(out, d->effective ? d->effective : "?");
		clause_buf_puts(out, " to ");
		esc(out, d->expires ? d->expires : "?");
	}
	clause_buf_puts(out, "</p>\n");
}

static int html_article(void *arg, const struct clause_article *a)
{
	struct html *h = arg;

	clause_buf_puts(h->out, "<h2>");
	if (a->num) {
		esc(h->out, a->num);
		clause_buf_putc(h->out, ' ');
	}
	esc(h->out, a->heading ? a->heading : a->id);
	clause_buf_puts(h->out, "</h2>\n");
	return 0;
}

static int html_note(void *arg, const char *text)
{
	struct html *h = arg;

	clause_buf_puts(h->out, "<p class=\"note\">");
	esc(h->out, text);
	clause_buf_puts(h->out, "</p>\n");
	return 0;
}

static int html_top(void *arg, const struct clause_clause *c)
{
	return html_clause(arg, c, 3);
}

int export_html_doc(struct clause_buf *out, const struct clause_doc *doc)
{
	static const struct export_walk walk = { html_article, html_note, html_top };
	struct html h = { out, doc, NULL };
	int r;

	html_head(out, doc);
	r = export_walk(doc, &walk, &h);
	clause_buf_puts(out, "</body>\n</html>\n");
	return r < 0 ? CLAUSE_ERROR : 0;
}
