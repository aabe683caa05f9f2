/* write.c: ids for what was imported, and the clause document itself. */
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/map.h"

char *import_slug(const char *text, size_t max)
{
	char *out = malloc(max + 1);
	size_t o = 0, last_word = 0;
	int dash = 0;
	const char *s;

	if (!out)
		return NULL;
	for (s = text; *s && o < max; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c)) {
			if (dash && o > 0) {
				last_word = o;
				out[o++] = '-';
				if (o == max)
					break;
			}
			out[o++] = (char)tolower(c);
			dash = 0;
		} else if (c == '\'' || c >= 0x80) {
			continue;	/* "Employer's", letters we cannot spell */
		} else {
			dash = 1;
		}
	}
	/* cut at a word's end rather than inside one */
	if (isalnum((unsigned char)*s) && o == max && last_word > 0)
		o = last_word;
	while (o > 0 && out[o - 1] == '-')
		o--;
	out[o] = '\0';
	return out;
}

/* `base`, or base-2, base-3 ... the first that `used` does not hold. */
static char *unique(struct clause_map *used, const char *base)
{
	char *id = strdup(base);
	int n = 2;

	while (id && clause_map_get(used, id)) {
		free(id);
		if (asprintf(&id, "%s-%d", base, n++) < 0)
			id = NULL;
	}
	if (id && clause_map_put(used, id, (void *)1, NULL) < 0) {
		free(id);
		id = NULL;
	}
	return id;
}

/* An id from the heading, else the number, else `fallback` and the
 * position. */
static char *make_id(struct clause_map *used, const char *heading,
		     const char *num, const char *fallback, size_t pos)
{
	char *slug = NULL, *id;
	char tmp[32];

	if (heading)
		slug = import_slug(heading, 40);
	if ((!slug || !*slug) && num) {
		free(slug);
		slug = import_slug(num, 40);
	}
	if (!slug || !*slug) {
		free(slug);
		snprintf(tmp, sizeof(tmp), "%s-%zu", fallback, pos + 1);
		slug = strdup(tmp);
	}
	if (!slug)
		return NULL;
	id = unique(used, slug);
	free(slug);
	return id;
}

int import_assign_ids(struct import_doc *doc)
{
	struct clause_map arts, clauses;
	size_t i;
	int r = 0;

	arts = (struct clause_map)CLAUSE_MAP_INIT;
	clauses = (struct clause_map)CLAUSE_MAP_INIT;
	for (i = 0; i < doc->narticles && r == 0; i++)
		if (doc->articles[i].id)
			r = clause_map_put(&arts, doc->articles[i].id, (void *)1, NULL);
	for (i = 0; i < doc->nclauses && r == 0; i++)
		if (doc->clauses[i].id)
			r = clause_map_put(&clauses, doc->clauses[i].id, (void *)1, NULL);
	for (i = 0; i < doc->narticles && r == 0; i++) {
		struct import_article *a = &doc->articles[i];

		if (!a->id && !(a->id = make_id(&arts, a->heading, a->num, "article", i)))
			r = CLAUSE_ERROR;
	}
	for (i = 0; i < doc->nclauses && r == 0; i++) {
		struct import_clause *c = &doc->clauses[i];

		if (!c->id && !(c->id = make_id(&clauses, c->heading, c->num, "clause", i)))
			r = CLAUSE_ERROR;
	}
	clause_map_release(&arts, NULL);
	clause_map_release(&clauses, NULL);
	return r;
}

/* The document ========================================================== */

struct writer {
	struct clause_buf *b;
	const struct import_doc *doc;
	struct import_counts *counts;
	int r;
};

static void out(struct writer *w, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void out(struct writer *w, const char *fmt, ...)
{
	va_list ap;

	if (w->r)
		return;
	va_start(ap, fmt);
	w->r = clause_buf_vprintf(w->b, fmt, ap);
	va_end(ap);
}

static void out_xml(struct writer *w, const char *s)
{
	if (w->r == 0)
		w->r = clause_buf_put_xml(w->b, s);
}

static void out_text(struct writer *w, const char *s)
{
	if (w->r == 0)
		w->r = import_put_quantities(w->b, s, &w->counts->quantities);
}

static void element(struct writer *w, const char *indent, const char *name,
		    const char *text)
{
	if (!text || !*text)
		return;
	out(w, "%s<%s>", indent, name);
	out_xml(w, text);
	out(w, "</%s>\n", name);
}

static void write_meta(struct writer *w, const struct import_meta *m)
{
	size_t i;

	out(w, "  <meta>\n");
	element(w, "    ", "title", m->title ? m->title : w->doc->title);
	for (i = 0; i < m->nparties; i++) {
		out(w, "    <party role=\"%s\" id=\"", m->party_role[i]);
		out_xml(w, m->party_id[i]);
		out(w, "\">");
		out_xml(w, m->party_name[i]);
		out(w, "</party>\n");
	}
	element(w, "    ", "sector", m->sector);
	element(w, "    ", "jurisdiction", m->jurisdiction);
	if (m->effective || m->expires) {
		out(w, "    <term");
		if (m->effective)
			out(w, " effective=\"%s\"", m->effective);
		if (m->expires)
			out(w, " expires=\"%s\"", m->expires);
		out(w, "/>\n");
	}
	if (m->source) {
		out(w, "    <source kind=\"verbatim\">");
		out_xml(w, m->source);
		out(w, "</source>\n");
	}
	for (i = 0; i < w->doc->nnotes; i++) {
		out(w, "    <note>");
		out_text(w, w->doc->notes[i]);
		out(w, "</note>\n");
	}
	out(w, "  </meta>\n");
}

static const char *const list_names[] = {
	[IMPORT_LIST_BULLET] = "bullet", [IMPORT_LIST_ORDERED] = "ordered",
	[IMPORT_LIST_ALPHA] = "alpha", [IMPORT_LIST_ROMAN] = "roman"
};

static void write_para(struct writer *w, const char *indent,
		       const struct import_para *p)
{
	size_t i;

	if (p->text) {
		out(w, "%s<%s>", indent, p->note ? "note" : "p");
		out_text(w, p->text);
		out(w, "</%s>\n", p->note ? "note" : "p");
		return;
	}
	out(w, "%s<list type=\"%s\">\n", indent, list_names[p->list]);
	for (i = 0; i < p->nitems; i++) {
		out(w, "%s  <item>", indent);
		out_text(w, p->items[i]);
		out(w, "</item>\n");
	}
	out(w, "%s</list>\n", indent);
}

/* Clause i and the clauses under it; *next is the first clause after. */
static void write_clause(struct writer *w, size_t i, int depth, size_t *next)
{
	const struct import_clause *c = &w->doc->clauses[i];
	char indent[64], inner[66];
	size_t j;

	snprintf(indent, sizeof(indent), "%*s", 2 * depth + 2, "");
	snprintf(inner, sizeof(inner), "%*s", 2 * depth + 4, "");
	out(w, "%s<clause id=\"%s\" category=\"%s\"", indent, c->id,
	    c->categories ? c->categories : "adjustment");
	if (c->page)
		out(w, " page=\"%u\"", c->page);
	if (c->suggested) {
		out(w, " suggested=\"category\"");
		w->counts->suggested++;
	}
	out(w, ">\n");
	if (c->num) {
		out(w, "%s  <num>", indent);
		out_xml(w, c->num);
		out(w, "</num>\n");
	}
	if (c->heading) {
		out(w, "%s  <heading>", indent);
		out_xml(w, c->heading);
		out(w, "</heading>\n");
	}
	for (j = 0; j < c->nparas; j++)
		write_para(w, inner, &c->paras[j]);
	if (!c->nparas && !(i + 1 < w->doc->nclauses &&
			    w->doc->clauses[i + 1].parent == (long)i))
		out(w, "%s<p/>\n", inner);
	for (j = i + 1; j < w->doc->nclauses && w->doc->clauses[j].parent == (long)i;)
		write_clause(w, j, depth + 1, &j);
	out(w, "%s</clause>\n", indent);
	*next = j;
}

static void write_article(struct writer *w, size_t a, size_t *next)
{
	const struct import_article *art = &w->doc->articles[a];
	size_t i, j;

	out(w, "  <article id=\"%s\">\n", art->id);
	element(w, "    ", "num", art->num);
	element(w, "    ", "heading", art->heading);
	for (i = 0; i < art->nnotes; i++) {
		out(w, "    <note>");
		out_text(w, art->notes[i]);
		out(w, "</note>\n");
	}
	for (j = *next; j < w->doc->nclauses && w->doc->clauses[j].article == (long)a;)
		write_clause(w, j, 1, &j);
	out(w, "  </article>\n");
	*next = j;
}

int import_write(struct clause_buf *b, const struct import_doc *doc,
		 const struct import_meta *m, struct import_counts *counts)
{
	struct writer w = { b, doc, counts, 0 };
	size_t a, j = 0;

	memset(counts, 0, sizeof(*counts));
	out(&w, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!--\n  Imported by "
	    "clause import from ");
	/* "--" may not appear in a comment */
	for (a = 0; m->source && m->source[a]; a++)
		out(&w, "%c", m->source[a] == '-' && m->source[a + 1] == '-' ? '_' :
		    m->source[a]);
	out(&w, " (%s).  Categories of clauses marked\n  suggested=\"category\" "
	    "are suggestions: confirm or change them, then\n  remove the "
	    "attribute.  See clause-import(1).\n-->\n", m->format);
	out(&w, "<agreement xmlns=\"urn:clause:1\" id=\"");
	out_xml(&w, m->id);
	out(&w, "\" status=\"%s\" lang=\"%s\">\n", m->status, m->lang ? m->lang : "en");
	write_meta(&w, m);
	while (j < doc->nclauses && doc->clauses[j].article < 0)
		write_clause(&w, j, 0, &j);
	for (a = 0; a < doc->narticles; a++)
		write_article(&w, a, &j);
	out(&w, "</agreement>\n");
	return w.r < 0 ? CLAUSE_ERROR : 0;
}
