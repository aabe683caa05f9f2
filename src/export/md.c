/* md.c: a document as Markdown, readable where a library is pushed (the
 * forges render CommonMark: GitHub, GitLab, Gitea).
 *
 * Text is escaped so that a clause's own characters never become markup:
 * a "*" or "_" in a clause stays a star, a "1." at the start of a
 * paragraph stays text, "<" never opens HTML.
 */
#include <string.h>

#include "export/export.h"
#include "util/error.h"

/* Text with the characters CommonMark would read as markup escaped. */
static void put_text(struct clause_buf *out, const char *s)
{
	const char *start = s;

	for (; *s; s++) {
		/* "+ " or "- " at the start would make a list */
		if (strchr("\\`*_{}[]<>#|!~", *s) ||
		    (s == start && strchr("+-", *s) && s[1] == ' '))
			clause_buf_putc(out, '\\');
		/* "1. " at the start would make a list */
		if (s == start && *s >= '0' && *s <= '9') {
			const char *d = s;

			while (*d >= '0' && *d <= '9')
				d++;
			if ((*d == '.' || *d == ')') && d[1] == ' ') {
				clause_buf_put(out, s, (size_t)(d - s));
				clause_buf_putc(out, '\\');
				s = d;
			}
		}
		clause_buf_putc(out, *s);
	}
}

struct md {
	struct clause_buf *out;
	const struct clause_doc *doc;
	int depth;		/* heading level of the clause */
};

static int md_clause(struct md *m, const struct clause_clause *c, int depth);

static int md_block(void *arg, const struct clause_block *b)
{
	struct md *m = arg;

	switch (b->kind) {
	case CLAUSE_BLOCK_P:
		put_text(m->out, b->text);
		clause_buf_puts(m->out, "\n\n");
		break;
	case CLAUSE_BLOCK_NOTE:
		clause_buf_puts(m->out, "> **Note:** ");
		put_text(m->out, b->text);
		clause_buf_puts(m->out, "\n\n");
		break;
	case CLAUSE_BLOCK_ITEM:
		/* "-" and "3." are Markdown's own lists; "(a)" and "(iv)"
		 * are kept as text, one a line (two spaces break a line). */
		if (!strcmp(b->mark, "-") || strchr(b->mark, '.')) {
			clause_buf_printf(m->out, "%s ", b->mark);
			put_text(m->out, b->text);
			clause_buf_puts(m->out, b->last ? "\n\n" : "\n");
		} else {
			clause_buf_printf(m->out, "%s ", b->mark);
			put_text(m->out, b->text);
			clause_buf_puts(m->out, b->last ? "\n\n" : "  \n");
		}
		break;
	default:
		return md_clause(m, b->sub, m->depth + 1);
	}
	return 0;
}

static int md_clause(struct md *m, const struct clause_clause *c, int depth)
{
	int outer = m->depth, r;

	clause_buf_printf(m->out, "%.*s ", depth > 6 ? 6 : depth, "######");
	if (c->num) {
		put_text(m->out, c->num);
		clause_buf_putc(m->out, ' ');
	}
	put_text(m->out, c->heading ? c->heading : c->id);
	clause_buf_puts(m->out, "\n\n");
	if (c->ncategories) {
		clause_buf_puts(m->out, "*Categories:*");
		for (size_t i = 0; i < c->ncategories; i++)
			clause_buf_printf(m->out, "%s `%s`", i ? "," : "", c->categories[i]);
		clause_buf_printf(m->out, "%s\n\n", c->suggested ? " (suggested)" : "");
	}
	m->depth = depth;
	r = clause_doc_blocks(m->doc, c, md_block, m);
	m->depth = outer;
	return r;
}

static void md_meta(struct clause_buf *out, const struct clause_doc *d)
{
	clause_buf_puts(out, "# ");
	put_text(out, d->title ? d->title : d->id);
	clause_buf_puts(out, "\n\n");
	clause_buf_printf(out, "- **Document:** `%s` (%s)\n", d->id, d->status);
	for (size_t i = 0; i < d->nparties; i++) {
		clause_buf_printf(out, "- **Party (%s):** ", d->parties[i].role);
		put_text(out, d->parties[i].name);
		clause_buf_putc(out, '\n');
	}
	if (d->sector) {
		clause_buf_puts(out, "- **Sector:** ");
		put_text(out, d->sector);
		clause_buf_putc(out, '\n');
	}
	if (d->effective || d->expires)
		clause_buf_printf(out, "- **Term:** %s to %s\n",
				  d->effective ? d->effective : "?",
				  d->expires ? d->expires : "?");
	if (d->round_name)
		clause_buf_printf(out, "- **Round:** %s%s%s%s%s\n", d->round_name,
				  d->round_date ? ", " : "", d->round_date ? d->round_date : "",
				  d->round_by ? ", by " : "", d->round_by ? d->round_by : "");
	clause_buf_putc(out, '\n');
}

static int md_article(void *arg, const struct clause_article *a)
{
	struct md *m = arg;

	clause_buf_puts(m->out, "## ");
	if (a->num) {
		put_text(m->out, a->num);
		clause_buf_putc(m->out, ' ');
	}
	put_text(m->out, a->heading ? a->heading : a->id);
	clause_buf_puts(m->out, "\n\n");
	return 0;
}

static int md_note(void *arg, const char *text)
{
	struct md *m = arg;

	clause_buf_puts(m->out, "> ");
	put_text(m->out, text);
	clause_buf_puts(m->out, "\n\n");
	return 0;
}

static int md_top(void *arg, const struct clause_clause *c)
{
	return md_clause(arg, c, 3);
}

int export_md_doc(struct clause_buf *out, const struct clause_doc *doc)
{
	static const struct export_walk walk = { md_article, md_note, md_top };
	struct md m = { out, doc, 2 };

	md_meta(out, doc);
	return export_walk(doc, &walk, &m) < 0 ? CLAUSE_ERROR : 0;
}
