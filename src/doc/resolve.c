/* resolve.c: settle the merge conflicts (<conflict>) left in a document
 * by one side's version, as edits of the document's own bytes: what is
 * outside the conflicts stays byte for byte. */
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/array.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

/* Bytes [off, off + len) of the source replaced by text. */
struct edit {
	size_t off, len;
	struct clause_buf text;
};

struct edits {
	const struct clause_doc *doc;
	struct edit *v;
	size_t n, cap;
};

static struct clause_buf *add_edit(struct edits *e, size_t off, size_t len)
{
	struct edit *x;

	if (CLAUSE_GROW(e->v, e->n, e->cap) < 0)
		return NULL;
	x = &e->v[e->n++];
	x->off = off;
	x->len = len;
	clause_buf_init(&x->text);
	return &x->text;
}

static int starts(const char *p, const char *end, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(end - p) >= n && memcmp(p, s, n) == 0;
}

/* Past the '>' that ends the tag starting at p (quotes respected). */
static const char *tag_end(const char *p, const char *end)
{
	char q = 0;

	for (; p < end; p++) {
		if (q) {
			if (*p == q)
				q = 0;
		} else if (*p == '"' || *p == '\'') {
			q = *p;
		} else if (*p == '>') {
			return p + 1;
		}
	}
	return NULL;
}

/* Is name (n bytes) at p, followed by the end of a name? */
static int name_at(const char *p, const char *end, const char *name, size_t n)
{
	return (size_t)(end - p) > n && memcmp(p, name, n) == 0 && p[n] &&
	       strchr(" \t\r\n/>", p[n]);
}

/* Past the end of what starts at p and ends with `close`, or NULL. */
static const char *skip_to(const char *p, const char *end, const char *close)
{
	size_t n = strlen(close);

	for (; p + n <= end; p++)
		if (memcmp(p, close, n) == 0)
			return p + n;
	return NULL;
}

/* The bytes [*start, *stop) of element n: its start tag to the end of
 * its end tag, elements of the same name inside it counted.  -1 when they
 * cannot be found. */
static int element_range(const struct clause_doc *doc, xmlNodePtr n,
			 size_t *start, size_t *stop)
{
	const char *end = doc->data + doc->len, *p;
	long off = clause_doc_offset(doc, n);
	struct clause_buf q = CLAUSE_BUF_INIT;
	int depth = 1;

	if (off < 0 || !(p = tag_end(doc->data + off, end)))
		return -1;
	if (n->ns && n->ns->prefix)
		clause_buf_printf(&q, "%s:", (const char *)n->ns->prefix);
	clause_buf_puts(&q, (const char *)n->name);
	if (p[-2] == '/')
		depth = 0;
	while (depth && p && p < end) {
		const char *lt = memchr(p, '<', (size_t)(end - p));

		if (!lt)
			p = NULL;
		else if (starts(lt, end, "<!--"))
			p = skip_to(lt + 4, end, "-->");
		else if (starts(lt, end, "<![CDATA["))
			p = skip_to(lt + 9, end, "]]>");
		else if (starts(lt, end, "<?"))
			p = skip_to(lt + 2, end, "?>");
		else if (lt[1] == '/' && name_at(lt + 2, end, q.ptr, q.len)) {
			depth--;
			p = tag_end(lt, end);
		} else if (name_at(lt + 1, end, q.ptr, q.len)) {
			if ((p = tag_end(lt, end)) && p[-2] != '/')
				depth++;
		} else {
			p = lt + 1;
		}
	}
	clause_buf_release(&q);
	if (depth || !p)
		return -1;
	*start = (size_t)off;
	*stop = (size_t)(p - doc->data);
	return 0;
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Where the line holding byte `at` starts, and whether only blanks come
 * before `at` on it. */
static size_t line_start(const struct clause_doc *doc, size_t at, int *alone)
{
	size_t s = at;

	while (s > 0 && blank(doc->data[s - 1]))
		s--;
	*alone = s == 0 || doc->data[s - 1] == '\n';
	if (!*alone)
		return at;
	return s;
}

/* Widen [*s, *e) to whole lines when nothing else shares them; the
 * indentation it had is copied to *indent. */
static void whole_lines(const struct clause_doc *doc, size_t *s, size_t *e,
			struct clause_buf *indent)
{
	size_t ls, le = *e;
	int alone;

	ls = line_start(doc, *s, &alone);
	while (le < doc->len && blank(doc->data[le]))
		le++;
	if (!alone || (le < doc->len && doc->data[le] != '\n'))
		return;
	if (indent)
		clause_buf_put(indent, doc->data + ls, *s - ls);
	*s = ls;
	*e = le < doc->len ? le + 1 : le;
}

/* Append element n's bytes to b as whole lines indented by `indent`. */
static int put_element(struct clause_buf *b, const struct clause_doc *doc,
		       xmlNodePtr n, const struct clause_buf *indent)
{
	size_t s, e;

	if (element_range(doc, n, &s, &e) < 0)
		return -1;
	clause_buf_put(b, indent->ptr, indent->len);
	clause_buf_put(b, doc->data + s, e - s);
	clause_buf_putc(b, '\n');
	return 0;
}

static xmlNodePtr side_of(xmlNodePtr conflict, enum clause_side side)
{
	for (xmlNodePtr s = conflict->children; s; s = s->next)
		if (clause_xml_is(s, clause_side_names[side]))
			return s;
	return NULL;
}

static xmlNodePtr article_named(const struct clause_doc *doc, const char *id)
{
	for (xmlNodePtr a = xmlDocGetRootElement(doc->xml)->children; a;
	     a = a->next) {
		char *aid;
		int same;

		if (!clause_xml_is(a, "article"))
			continue;
		aid = clause_xml_attr(a, "id");
		same = aid && strcmp(aid, id) == 0;
		free(aid);
		if (same)
			return a;
	}
	return NULL;
}

/* Byte offset where text goes to become the last child of `parent`: the
 * start of the line of its end tag; the indentation of its children
 * into *indent. */
static int end_of(const struct clause_doc *doc, xmlNodePtr parent,
		  size_t *at, struct clause_buf *indent)
{
	size_t s, e, tag;
	int alone;

	if (element_range(doc, parent, &s, &e) < 0)
		return -1;
	for (tag = e; tag > s && doc->data[tag - 1] != '<'; tag--)
		;
	if (tag-- <= s)
		return -1;
	*at = line_start(doc, tag, &alone);
	for (xmlNodePtr k = parent->children; k; k = k->next) {
		long off;
		size_t ks;
		int kalone;

		if (k->type != XML_ELEMENT_NODE || clause_xml_is(k, "conflict") ||
		    (off = clause_doc_offset(doc, k)) < 0)
			continue;
		ks = line_start(doc, (size_t)off, &kalone);
		if (kalone) {
			clause_buf_clear(indent);
			clause_buf_put(indent, doc->data + ks, (size_t)off - ks);
		}
	}
	if (!indent->len && alone) {
		clause_buf_put(indent, doc->data + *at, tag - *at);
		clause_buf_puts(indent, "  ");
	}
	return 0;
}

/* A conflict over a clause: the side's clause where the conflict was,
 * or at the end of the article that side has it in. */
static int settle_clause(struct edits *e, xmlNodePtr conflict,
			 xmlNodePtr side, const struct clause_clause *c)
{
	const struct clause_doc *doc = e->doc;
	struct clause_buf indent = CLAUSE_BUF_INIT, *text;
	/* Where that side has it (doc.c read the merge's note): an
	 * article, or the root outside any; NULL when it is gone. */
	xmlNodePtr place = !c ? NULL : c->article ? article_named(doc, c->article) :
			   xmlDocGetRootElement(doc->xml);
	size_t s, stop, at;
	int r = -1;

	if (element_range(doc, conflict, &s, &stop) < 0)
		return -1;
	whole_lines(doc, &s, &stop, &indent);
	if (!(text = add_edit(e, s, stop - s)))
		goto done;
	if (place && place != conflict->parent) {
		clause_buf_clear(&indent);
		if (end_of(doc, place, &at, &indent) < 0 ||
		    !(text = add_edit(e, at, 0)))
			goto done;
	}
	r = 0;
	for (xmlNodePtr k = side ? side->children : NULL; k && r == 0;
	     k = k->next)
		if (clause_xml_is(k, "clause"))
			r = put_element(text, doc, k, &indent);
done:
	clause_buf_release(&indent);
	return r;
}

char *clause_doc_field_key(xmlNodePtr n, int nth)
{
	struct clause_buf key = CLAUSE_BUF_INIT;
	char *id = clause_xml_attr(n, "id");

	if (clause_xml_is(n, "party") && id)
		clause_buf_printf(&key, "party:%s", id);
	else if (clause_xml_is(n, "source") || clause_xml_is(n, "note"))
		clause_buf_printf(&key, "%s:%d", (const char *)n->name, nth);
	else
		clause_buf_puts(&key, (const char *)n->name);
	free(id);
	return clause_buf_detach(&key);
}

/* The field of `parent` with key `key`, or NULL. */
static xmlNodePtr field_named(xmlNodePtr parent, const char *key)
{
	int sources = 0, notes = 0;

	for (xmlNodePtr n = parent->children; n; n = n->next) {
		char *k;
		int same;

		if (n->type != XML_ELEMENT_NODE || clause_xml_is(n, "clause") ||
		    clause_xml_is(n, "conflict"))
			continue;
		k = clause_doc_field_key(n, clause_xml_is(n, "source") ? ++sources :
				 clause_xml_is(n, "note") ? ++notes : 0);
		same = k && strcmp(k, key) == 0;
		free(k);
		if (same)
			return n;
	}
	return NULL;
}

/* A field ours removed and the side keeps: before the first field the
 * schema puts after it, else at the end of the parent. */
static int insert_field(struct edits *e, xmlNodePtr parent, xmlNodePtr copy,
			const char *key)
{
	static const char *const order[] = { "num", "heading", "title",
		"party", "sector", "jurisdiction", "term", "round", "source",
		"note" };
	const struct clause_doc *doc = e->doc;
	struct clause_buf indent = CLAUSE_BUF_INIT, *text;
	size_t rank = 0, at = 0;
	int r = -1;

	while (rank < sizeof(order) / sizeof(*order) &&
	       strncmp(key, order[rank], strlen(order[rank])) != 0)
		rank++;
	for (xmlNodePtr n = parent->children; n; n = n->next) {
		size_t nr = 0;
		long off;
		int alone;

		if (n->type != XML_ELEMENT_NODE)
			continue;
		while (nr < sizeof(order) / sizeof(*order) &&
		       !clause_xml_is(n, order[nr]))
			nr++;
		if (nr <= rank || (off = clause_doc_offset(doc, n)) < 0)
			continue;
		at = line_start(doc, (size_t)off, &alone);
		if (alone)
			clause_buf_put(&indent, doc->data + at, (size_t)off - at);
		break;
	}
	if ((at || end_of(doc, parent, &at, &indent) == 0) &&
	    (text = add_edit(e, at, 0)))
		r = put_element(text, doc, copy, &indent);
	clause_buf_release(&indent);
	return r;
}

/* The value a side's note gives a root attribute (`name="value"`), or
 * NULL when that side has none. */
static char *noted_value(xmlNodePtr side)
{
	for (xmlNodePtr n = side ? side->children : NULL; n; n = n->next)
		if (clause_xml_is(n, "note")) {
			char *text = clause_xml_text(n), *a, *b;

			if (text && (a = strchr(text, '"')) &&
			    (b = strrchr(text, '"')) && b > a) {
				*b = '\0';
				memmove(text, a + 1, (size_t)(b - a));
				return text;
			}
			free(text);
		}
	return NULL;
}

/* A conflict over a root attribute (status, lang): the side's value in
 * the root's start tag. */
static int settle_attr(struct edits *e, const char *name, xmlNodePtr side)
{
	const struct clause_doc *doc = e->doc;
	xmlNodePtr root = xmlDocGetRootElement(doc->xml);
	long off = clause_doc_offset(doc, root);
	const char *end = doc->data + doc->len, *p, *te;
	char *value = noted_value(side);
	size_t n = strlen(name), at, len = 0;
	struct clause_buf *text;
	int r = -1;

	if (off < 0 || !(te = tag_end(doc->data + off, end)))
		goto done;
	at = (size_t)(te - doc->data) - 1;	/* before '>' */
	if (te[-2] == '/')
		at--;
	for (p = doc->data + off; p + n + 2 < te; p++) {
		const char *q;

		if (!blank(*p) && *p != '\n')
			continue;
		if (memcmp(p + 1, name, n) != 0 || p[n + 1] != '=' ||
		    (p[n + 2] != '"' && p[n + 2] != '\'') ||
		    !(q = memchr(p + n + 3, p[n + 2], (size_t)(te - p - n - 3))))
			continue;
		at = (size_t)(p - doc->data);
		len = (size_t)(q + 1 - p);
		break;
	}
	if (!(text = add_edit(e, at, len)))
		goto done;
	if (value) {
		clause_buf_printf(text, " %s=\"", name);
		clause_buf_put_xml(text, value);
		clause_buf_putc(text, '"');
	}
	r = 0;
done:
	free(value);
	return r;
}

/* A conflict over a field: ours stands already; another side's copy
 * takes its place. */
static int settle_field(struct edits *e, xmlNodePtr conflict,
			const char *key, enum clause_side which,
			xmlNodePtr side)
{
	const struct clause_doc *doc = e->doc;
	xmlNodePtr ours, copy = NULL;
	size_t s, stop;

	if (element_range(doc, conflict, &s, &stop) < 0)
		return -1;
	whole_lines(doc, &s, &stop, NULL);
	if (!add_edit(e, s, stop - s))
		return -1;
	if (which == CLAUSE_SIDE_OURS)
		return 0;
	if (strcmp(key, "status") == 0 || strcmp(key, "lang") == 0)
		return settle_attr(e, key, side);
	for (xmlNodePtr k = side ? side->children : NULL; k && !copy;
	     k = k->next)
		if (k->type == XML_ELEMENT_NODE)
			copy = k;
	ours = field_named(conflict->parent, key);
	if (!ours)
		return copy ? insert_field(e, conflict->parent, copy, key) : 0;
	if (element_range(doc, ours, &s, &stop) < 0)
		return -1;
	if (!copy) {
		whole_lines(doc, &s, &stop, NULL);
		return add_edit(e, s, stop - s) ? 0 : -1;
	}
	{
		size_t cs, ce;
		struct clause_buf *text;

		if (element_range(doc, copy, &cs, &ce) < 0 ||
		    !(text = add_edit(e, s, stop - s)))
			return -1;
		clause_buf_put(text, doc->data + cs, ce - cs);
	}
	return 0;
}

static int by_offset(const void *a, const void *b)
{
	const struct edit *x = a, *y = b;

	if (x->off != y->off)
		return x->off < y->off ? -1 : 1;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* The source with the edits made; -1 when two overlap. */
static int apply(struct clause_buf *out, struct edits *e)
{
	size_t pos = 0;

	clause_qsort(e->v, e->n, sizeof(*e->v), by_offset);
	for (size_t i = 0; i < e->n; i++) {
		if (e->v[i].off < pos)
			return -1;
		clause_buf_put(out, e->doc->data + pos, e->v[i].off - pos);
		clause_buf_put(out, e->v[i].text.ptr, e->v[i].text.len);
		pos = e->v[i].off + e->v[i].len;
	}
	clause_buf_put(out, e->doc->data + pos, e->doc->len - pos);
	return 0;
}

/* Is `out` doc with the conflicts picked gone and the clauses of the
 * side kept there? */
static int settled(const struct clause_buf *out, const struct clause_doc *doc,
		   const unsigned char *pick, enum clause_side side)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *now = NULL;
	size_t left = 0;
	int ok;

	for (size_t i = 0; i < doc->nconflicts; i++)
		left += !pick[i];
	ok = clause_doc_load(&now, NULL, doc->path, out->ptr, out->len, 1,
			     &probs) == 0 && now && now->nconflicts == left;
	for (size_t i = 0; ok && i < doc->nconflicts; i++) {
		const struct clause_clause *c = doc->conflicts[i].side[side];
		if (pick[i] && c && c->id)
			ok = clause_doc_clause(now, c->id) != NULL;
	}
	clause_doc_free(now);
	clause_problems_release(&probs);
	return ok;
}

int clause_doc_resolve(struct clause_buf *out, const struct clause_doc *doc,
		       const unsigned char *pick, enum clause_side side)
{
	struct edits e = { doc, NULL, 0, 0 };
	const struct clause_conflict *bad = NULL;
	int r = 0;

	clause_buf_clear(out);
	if (!doc->xml || !doc->data) {
		clause_error_set("%s: cannot resolve conflicts of a document "
				 "read in part", doc->path);
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < doc->nconflicts && !bad; i++) {
		const struct clause_conflict *x = &doc->conflicts[i];
		xmlNodePtr s;

		if (!pick[i])
			continue;
		s = x->node ? side_of(x->node, side) : NULL;
		if (!x->node)
			r = -1;
		else if (x->field)
			r = settle_field(&e, x->node, x->field, side, s);
		else
			r = settle_clause(&e, x->node, s, x->side[side]);
		if (r < 0)
			bad = x;
	}
	if (!bad && (apply(out, &e) < 0 || !settled(out, doc, pick, side)))
		for (size_t i = 0; i < doc->nconflicts && !bad; i++)
			if (pick[i])
				bad = &doc->conflicts[i];
	for (size_t i = 0; i < e.n; i++)
		clause_buf_release(&e.v[i].text);
	free(e.v);
	if (!bad)
		return 0;
	clause_buf_clear(out);
	clause_error_set("%s:%u:%u: cannot settle this conflict by %s's "
			 "version; replace the <conflict> element by hand",
			 doc->path, bad->line, bad->col,
			 clause_side_names[side]);
	return CLAUSE_EINVALID;
}
