/* doc.c: load clause documents into structs, and render them back. */
#include "doc/doc.h"
#include "util/array.h"
#include "util/error.h"
#include "util/hash.h"
#include "doc/xml.h"

#include <git2.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

const char *const clause_side_names[] = { "ours", "base", "theirs" };

static void clause_release(struct clause_clause *c)
{
	free(c->id);
	free(c->num);
	free(c->heading);
	for (size_t j = 0; j < c->ncategories; j++)
		free(c->categories[j]);
	free(c->categories);
	free(c->derived_from);
	free(c->article);
	free(c->parent);
	free(c->text);
	free(c->paras);
	for (size_t j = 0; j < c->nacts; j++) {
		free(c->acts[j].date);
		free(c->acts[j].by);
		free(c->acts[j].round);
		free(c->acts[j].note);
	}
	free(c->acts);
}

void clause_doc_free(struct clause_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nparties; i++) {
		free(doc->parties[i].id);
		free(doc->parties[i].role);
		free(doc->parties[i].name);
	}
	for (size_t i = 0; i < doc->nsources; i++) {
		free(doc->sources[i].kind);
		free(doc->sources[i].href);
		free(doc->sources[i].text);
	}
	for (size_t i = 0; i < doc->narticles; i++) {
		free(doc->articles[i].id);
		free(doc->articles[i].num);
		free(doc->articles[i].heading);
	}
	for (size_t i = 0; i < doc->nclauses; i++)
		clause_release(&doc->clauses[i]);
	for (size_t i = 0; i < doc->nrefs; i++)
		free(doc->refs[i].to);
	for (size_t i = 0; i < doc->nconflicts; i++) {
		struct clause_conflict *x = &doc->conflicts[i];
		free(x->clause);
		free(x->field);
		for (int k = 0; k < CLAUSE_NSIDES; k++) {
			free(x->by[k]);
			if (x->side[k])
				clause_release(x->side[k]);
			free(x->side[k]);
		}
	}
	free(doc->conflicts);
	free(doc->parties);
	free(doc->sources);
	free(doc->articles);
	free(doc->clauses);
	free(doc->refs);
	free(doc->path);
	free(doc->id);
	free(doc->status);
	free(doc->lang);
	free(doc->title);
	free(doc->sector);
	free(doc->jurisdiction);
	free(doc->effective);
	free(doc->expires);
	free(doc->round_name);
	free(doc->round_date);
	free(doc->round_by);
	free(doc->round_negotiation);
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	free(doc->data);
	free(doc);
}

/*
 * Column of node's start tag.  Elements are met in document order, so the
 * scan goes on from the last line found instead of from the top of the
 * file each time (which made extraction quadratic in the file's length).
 */
static unsigned col_of(struct clause_doc *doc, xmlNodePtr node)
{
	long line = xmlGetLineNo(node);
	const char *p, *end = doc->data + doc->len;

	if (line < 1)
		return 0;
	if (line < doc->scan_line || doc->scan_line < 1) {
		doc->scan_line = 1;
		doc->scan_off = 0;
	}
	p = doc->data + doc->scan_off;
	while (doc->scan_line < line && p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			break;
		p = nl + 1;
		doc->scan_line++;
	}
	doc->scan_off = (size_t)(p - doc->data);
	/* clause_xml_node_col finds the tag on the line that starts at p. */
	return clause_xml_node_col(p, (size_t)(end - p), node,
				   doc->scan_line);
}

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Is c whitespace as clause_xml_text collapses it? */
static inline int is_space(unsigned char c)
{
	return c <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

/* Bytes of slack collapse_text may write past the text it keeps. */
#define WORD_SLACK 8

/*
 * Copy the word at *p (up to the first white space or e) to *w and move
 * both past it.  Eight bytes at a time where the byte order allows: the
 * first byte below '!' in a word is found with one subtraction (bytes of
 * UTF-8 sequences have the high bit set and never match), and checked
 * with is_space, since a character reference may put another control
 * character in XML 1.1 text.  May write WORD_SLACK bytes past the word.
 */
static inline void copy_word(char **w, const unsigned char **p,
			     const unsigned char *e)
{
	char *o = *w;
	const unsigned char *q = *p;

#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	while (e - q >= 8) {
		uint64_t x, m;

		memcpy(&x, q, 8);
		memcpy(o, &x, 8);
		m = (x - 0x2121212121212121ULL) & ~x & 0x8080808080808080ULL;
		if (m) {
			size_t k = (size_t)__builtin_ctzll(m) / 8;
			o += k;
			q += k;
			if (is_space(*q))
				goto done;
			*o++ = (char)*q++;	/* a control character */
			continue;
		}
		o += 8;
		q += 8;
	}
#endif
	while (q < e && !is_space(*q))
		*o++ = (char)*q++;
#if defined(__GNUC__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
done:
#endif
	*w = o;
	*p = q;
}

/*
 * Append the text under node to b with whitespace collapsed, as
 * clause_xml_text would give it, in one pass (without copying each
 * block's text three times).  *gap: whitespace (or the start of the
 * block) since the last character put; a space goes before the next word
 * when something is in b.  -1 for a node it does not know (the caller
 * takes the long way).
 */
static int collapse_into(struct clause_buf *b, xmlNodePtr node, int *gap)
{
	for (xmlNodePtr k = node->children; k; k = k->next) {
		if (k->type == XML_TEXT_NODE || k->type == XML_CDATA_SECTION_NODE) {
			const unsigned char *p = k->content;
			size_t n = p ? strlen((const char *)p) : 0;
			char *w;
			int g;

			/* At most one space more than the text itself. */
			if (!n || clause_buf_grow(b, n + 1 + WORD_SLACK) < 0)
				continue;
			w = b->ptr + b->len;
			g = *gap;
			for (const unsigned char *e = p + n; p < e;) {
				if (is_space(*p)) {
					g = 1;
					p++;
					continue;
				}
				if (g && w != b->ptr)
					*w++ = ' ';
				g = 0;
				copy_word(&w, &p, e);
			}
			*gap = g;
			*w = '\0';
			b->len = (size_t)(w - b->ptr);
		} else if (k->type == XML_ELEMENT_NODE) {
			if (collapse_into(b, k, gap) < 0)
				return -1;
		} else if (k->type != XML_COMMENT_NODE && k->type != XML_PI_NODE) {
			return -1;
		}
	}
	return 0;
}

static void add_text_slow(struct clause_buf *b, xmlNodePtr node);

/* Append the text of a block (p, list, note) to b, one space between. */
static void add_text(struct clause_buf *b, xmlNodePtr node)
{
	size_t len = b->len;
	int gap = 1;

	if (collapse_into(b, node, &gap) == 0)
		return;
	/* Something unusual: the long way. */
	b->len = len;
	if (b->cap)
		b->ptr[len] = '\0';
	add_text_slow(b, node);
}

/* Append the text of a block (p, list, note) to b, one space between. */
static void add_text_slow(struct clause_buf *b, xmlNodePtr node)
{
	char *t = clause_xml_text(node);

	if (t && *t) {
		if (b->len)
			clause_buf_putc(b, ' ');
		clause_buf_puts(b, t);
	}
	free(t);
}

/* The text of node as clause_xml_text gives it, without its copies. */
static char *node_text(xmlNodePtr node)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	int gap = 1;

	if (collapse_into(&b, node, &gap) < 0) {
		clause_buf_release(&b);
		return clause_xml_text(node);
	}
	return clause_buf_detach(&b);
}

/* Text of the first child element `name`, or NULL. */
static char *child_text(xmlNodePtr node, const char *name)
{
	for (xmlNodePtr c = node->children; c; c = c->next)
		if (clause_xml_is(c, name))
			return node_text(c);
	return NULL;
}

/*
 * The version of a clause is the hash of its heading and text: renumbering
 * or moving it does not make a new version.  "heading\n\ntext" is hashed
 * in text's own buffer, shifted for the moment to make room for the
 * heading, instead of in a copy made for each clause.
 */
static int hash_version(char out[41], struct clause_buf *text,
			const char *heading)
{
	size_t h = heading ? strlen(heading) : 0, t = text->len;

	if (clause_buf_grow(text, h + 2) < 0)
		return -1;
	memmove(text->ptr + h + 2, text->ptr, t + 1);
	memcpy(text->ptr, heading ? heading : "", h);
	memcpy(text->ptr + h, "\n\n", 2);
	clause_hash_hex(out, text->ptr, h + 2 + t);
	memmove(text->ptr, text->ptr + h + 2, t + 1);
	return 0;
}

static void collect_refs(struct clause_doc *doc, xmlNodePtr node)
{
	for (xmlNodePtr c = node->children; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		if (clause_xml_is(c, "clause") || clause_xml_is(c, "conflict"))
			continue;	/* a sub-clause collects its own; a
					 * conflict's copies are not the text */
		if (clause_xml_is(c, "ref")) {
			if (CLAUSE_GROW(doc->refs, doc->nrefs, doc->refs_cap) < 0)
				return;
			doc->refs[doc->nrefs].to = clause_xml_attr(c, "to");
			doc->refs[doc->nrefs].line = (unsigned)xmlGetLineNo(c);
			doc->refs[doc->nrefs].col = col_of(doc, c);
			doc->nrefs++;
		}
		collect_refs(doc, c);
	}
}

static void split_categories(struct clause_clause *c, const char *list)
{
	const char *p = list;
	size_t cap = 0;

	while (p && *p) {
		size_t n;
		while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
			p++;
		n = strcspn(p, " \t\r\n");
		if (!n)
			break;
		if (CLAUSE_GROW(c->categories, c->ncategories, cap) < 0)
			return;
		c->categories[c->ncategories++] = strndup(p, n);
		p += n;
	}
}

const char *const clause_act_names[] = { "ta", "reopen", "reject" };

/* The acts (<ta>, <reopen>, <reject>) among the children of c->node. */
static int add_acts(struct clause_clause *c)
{
	size_t cap = 0;

	for (xmlNodePtr k = c->node->children; k; k = k->next) {
		struct clause_act *a;
		int kind = -1;

		for (int i = 0; i < 3; i++)
			if (clause_xml_is(k, clause_act_names[i]))
				kind = i;
		if (kind < 0)
			continue;
		if (CLAUSE_GROW(c->acts, c->nacts, cap) < 0)
			return -1;
		a = &c->acts[c->nacts++];
		a->kind = (enum clause_act_kind)kind;
		a->date = clause_xml_attr(k, "date");
		a->by = clause_xml_attr(k, "by");
		a->round = clause_xml_attr(k, "round");
		a->note = node_text(k);
		if (a->note && !*a->note) {
			free(a->note);
			a->note = NULL;
		}
		a->line = (unsigned)xmlGetLineNo(k);
	}
	return 0;
}

const struct clause_act *clause_clause_ta(const struct clause_clause *c)
{
	for (size_t i = c->nacts; i-- > 0;) {
		if (c->acts[i].kind == CLAUSE_ACT_REOPEN)
			return NULL;
		if (c->acts[i].kind == CLAUSE_ACT_TA)
			return &c->acts[i];
	}
	return NULL;
}

const struct clause_act *clause_clause_last_act(const struct clause_clause *c)
{
	return c->nacts ? &c->acts[c->nacts - 1] : NULL;
}

/* The fields of clause c from its element (sub-clauses aside). */
static int read_clause(struct clause_doc *doc, struct clause_clause *c,
		       xmlNodePtr node, const char *article,
		       const char *parent)
{
	char *cats;

	memset(c, 0, sizeof(*c));
	c->node = node;
	c->id = clause_xml_attr(node, "id");
	c->derived_from = clause_xml_attr(node, "derived-from");
	c->suggested = xmlHasProp(node, (const xmlChar *)"suggested") != NULL;
	cats = clause_xml_attr(node, "category");
	split_categories(c, cats);
	free(cats);
	c->num = child_text(node, "num");
	c->heading = child_text(node, "heading");
	c->article = dup_or_null(article);
	c->parent = dup_or_null(parent);
	if (add_acts(c) < 0)
		return -1;
	c->line = (unsigned)xmlGetLineNo(node);
	c->col = col_of(doc, node);
	if (!doc->structure_only && !doc->lazy &&
	    clause_doc_fill_text(doc, c) < 0)
		return -1;
	return 0;
}

static int add_clause(struct clause_doc *doc, size_t *cap, xmlNodePtr node,
		      const char *article, const char *parent)
{
	struct clause_clause *c;
	size_t idx;

	if (CLAUSE_GROW(doc->clauses, doc->nclauses, *cap) < 0)
		return -1;
	idx = doc->nclauses++;
	c = &doc->clauses[idx];
	if (read_clause(doc, c, node, article, parent) < 0)
		return -1;
	/* Its line, for now: set_sources extends it. */
	c->src_off = doc->scan_off;
	collect_refs(doc, node);

	for (xmlNodePtr k = node->children; k; k = k->next)
		if (clause_xml_is(k, "clause")) {
			/* doc->clauses may move: take the id again by index. */
			char *pid = strdup(doc->clauses[idx].id);
			int r = add_clause(doc, cap, k, article, pid);
			free(pid);
			if (r < 0)
				return -1;
		}
	return 0;
}

/* The blocks of a body as they are read, before they are kept. */
struct paras {
	struct clause_para *v;
	size_t n, cap;
};

/* Append the text of block k to text, and where it starts to p (a block
 * with no words is no block). */
static int add_para(struct paras *p, struct clause_buf *text, xmlNodePtr k,
		    unsigned char kind, unsigned char type, unsigned short list)
{
	size_t at = text->len;

	add_text(text, k);
	while (at < text->len && text->ptr[at] == ' ')
		at++;
	if (at == text->len)
		return 0;
	if (CLAUSE_GROW(p->v, p->n, p->cap) < 0)
		return -1;
	p->v[p->n++] = (struct clause_para){ at, kind, type, list };
	return 0;
}

int clause_doc_fill_text(struct clause_doc *doc, struct clause_clause *c)
{
	struct clause_buf text = CLAUSE_BUF_INIT;
	struct paras p = { NULL, 0, 0 };
	unsigned short lists = 0;
	int r = 0;

	if (c->text || !doc->xml || !c->node)
		return 0;
	for (xmlNodePtr k = c->node->children; k && r == 0; k = k->next)
		if (clause_xml_is(k, "p") || clause_xml_is(k, "note")) {
			r = add_para(&p, &text, k, clause_xml_is(k, "p")
				     ? CLAUSE_BLOCK_P : CLAUSE_BLOCK_NOTE, 0, 0);
		} else if (clause_xml_is(k, "list")) {
			char *type = clause_xml_attr(k, "type");
			unsigned char t = (unsigned char)clause_list_type(type);

			free(type);
			if (lists < USHRT_MAX)
				lists++;
			/* item by item: "<item>a</item><item>b</item>" is two
			 * words, not "ab" */
			for (xmlNodePtr it = k->children; it && r == 0; it = it->next)
				if (clause_xml_is(it, "item"))
					r = add_para(&p, &text, it, CLAUSE_BLOCK_ITEM,
						     t, lists);
		}
	if (r < 0 || hash_version(c->hash, &text, c->heading) < 0) {
		free(p.v);
		clause_buf_release(&text);
		return -1;
	}
	/* One paragraph, the usual body, needs no record. */
	if (p.n == 1 && p.v[0].kind == CLAUSE_BLOCK_P) {
		free(p.v);
		p.v = NULL;
		p.n = 0;
	}
	free(c->paras);
	c->paras = p.v;
	c->nparas = p.n;
	c->text = clause_buf_detach(&text);
	return 0;
}

/*
 * The source bytes that hold each clause: from the start of its line to
 * the end of the line where the next clause (in document order) starts,
 * or to the end of the file.  That is all of a clause without
 * sub-clauses, whatever else the lines hold; a clause with sub-clauses
 * goes on after them, and gets none.
 */
static void set_sources(struct clause_doc *doc)
{
	for (size_t i = 0; i < doc->nclauses; i++) {
		struct clause_clause *c = &doc->clauses[i];
		size_t end = doc->len;
		const char *nl;

		if (i + 1 < doc->nclauses) {
			const struct clause_clause *next = &doc->clauses[i + 1];
			if (next->parent && strcmp(next->parent, c->id) == 0) {
				c->src_len = 0;	/* its sub-clause */
				continue;
			}
			nl = memchr(doc->data + next->src_off, '\n',
				    doc->len - next->src_off);
			end = nl ? (size_t)(nl - doc->data) + 1 : doc->len;
		}
		c->src_len = end > c->src_off ? end - c->src_off : 0;
	}
}

int clause_doc_same_source(const struct clause_doc *a,
			   const struct clause_clause *ca,
			   const struct clause_doc *b,
			   const struct clause_clause *cb)
{
	return a->data && b->data && ca->src_len && ca->src_len == cb->src_len &&
	       memcmp(a->data + ca->src_off, b->data + cb->src_off,
		      ca->src_len) == 0;
}

/* The article a side of a conflict has its clause in: the one its note
 * names when the sides disagree ("in article 'x'"), else the one the
 * conflict stands in; NULL outside any. */
static char *side_article(xmlNodePtr side)
{
	xmlNodePtr at = side->parent ? side->parent->parent : NULL;

	for (xmlNodePtr n = side->children; n; n = n->next)
		if (clause_xml_is(n, "note")) {
			char *text = clause_xml_text(n), *q;
			if (text && strncmp(text, "in article '", 12) == 0 &&
			    (q = strrchr(text + 12, '\'')) != NULL) {
				*q = '\0';
				memmove(text, text + 12, strlen(text + 12) + 1);
				return text;
			}
			free(text);
			return NULL;
		}
	return at && clause_xml_is(at, "article") ? clause_xml_attr(at, "id") :
						    NULL;
}

/* Note a <conflict> element left by a merge. */
static int add_conflict(struct clause_doc *doc, size_t *cap, xmlNodePtr node)
{
	struct clause_conflict *c;

	if (CLAUSE_GROW(doc->conflicts, doc->nconflicts, *cap) < 0)
		return -1;
	c = &doc->conflicts[doc->nconflicts++];
	memset(c, 0, sizeof(*c));
	c->node = node;
	c->clause = clause_xml_attr(node, "clause");
	c->field = clause_xml_attr(node, "field");
	c->line = (unsigned)xmlGetLineNo(node);
	c->col = col_of(doc, node);
	for (xmlNodePtr s = node->children; s; s = s->next) {
		int k;
		xmlNodePtr cl = NULL;

		for (k = 0; k < CLAUSE_NSIDES; k++)
			if (clause_xml_is(s, clause_side_names[k]))
				break;
		if (k == CLAUSE_NSIDES || c->by[k])
			continue;
		c->by[k] = clause_xml_attr(s, "by");
		for (cl = s->children; cl && !clause_xml_is(cl, "clause");
		     cl = cl->next)
			;
		if (!cl || c->field || doc->structure_only)
			continue;
		if (!(c->side[k] = malloc(sizeof(*c->side[k]))) ||
		    read_clause(doc, c->side[k], cl, NULL, NULL) < 0)
			return -1;
		c->side[k]->article = side_article(s);
	}
	return 0;
}

const struct clause_conflict *clause_doc_conflict(const struct clause_doc *doc,
						  const char *id)
{
	for (size_t i = 0; i < doc->nconflicts; i++) {
		const struct clause_conflict *x = &doc->conflicts[i];
		if (x->clause && strcmp(x->clause, id) == 0)
			return x;
		for (int k = 0; k < CLAUSE_NSIDES; k++)
			if (x->side[k] && x->side[k]->id &&
			    strcmp(x->side[k]->id, id) == 0)
				return x;
	}
	return NULL;
}

static int extract(struct clause_doc *doc)
{
	xmlNodePtr root = xmlDocGetRootElement(doc->xml);
	size_t pcap = 0, scap = 0, acap = 0, ccap = 0, xcap = 0;

	doc->line = (unsigned)xmlGetLineNo(root);
	doc->col = col_of(doc, root);
	doc->id = clause_xml_attr(root, "id");
	doc->status = clause_xml_attr(root, "status");
	doc->lang = clause_xml_attr(root, "lang");
	if (!doc->lang)
		doc->lang = strdup("en");
	for (xmlNodePtr n = root->children; n; n = n->next) {
		if (clause_xml_is(n, "meta")) {
			for (xmlNodePtr m = n->children; m; m = m->next) {
				if (clause_xml_is(m, "title")) {
					doc->title = clause_xml_text(m);
				} else if (clause_xml_is(m, "sector")) {
					doc->sector = clause_xml_text(m);
				} else if (clause_xml_is(m, "jurisdiction")) {
					doc->jurisdiction = clause_xml_text(m);
				} else if (clause_xml_is(m, "term")) {
					doc->effective = clause_xml_attr(m, "effective");
					doc->expires = clause_xml_attr(m, "expires");
					doc->term_line = (unsigned)xmlGetLineNo(m);
					doc->term_col = col_of(doc, m);
				} else if (clause_xml_is(m, "round")) {
					doc->round_name = clause_xml_attr(m, "name");
					doc->round_date = clause_xml_attr(m, "date");
					doc->round_by = clause_xml_attr(m, "by");
					doc->round_negotiation =
						clause_xml_attr(m, "negotiation");
				} else if (clause_xml_is(m, "party")) {
					if (CLAUSE_GROW(doc->parties, doc->nparties, pcap) < 0)
						return -1;
					doc->parties[doc->nparties].id = clause_xml_attr(m, "id");
					doc->parties[doc->nparties].role = clause_xml_attr(m, "role");
					doc->parties[doc->nparties].name = clause_xml_text(m);
					doc->nparties++;
				} else if (clause_xml_is(m, "conflict")) {
					if (add_conflict(doc, &xcap, m) < 0)
						return -1;
				} else if (clause_xml_is(m, "source")) {
					if (CLAUSE_GROW(doc->sources, doc->nsources, scap) < 0)
						return -1;
					doc->sources[doc->nsources].kind = clause_xml_attr(m, "kind");
					doc->sources[doc->nsources].href = clause_xml_attr(m, "href");
					doc->sources[doc->nsources].text = clause_xml_text(m);
					doc->nsources++;
				}
			}
		} else if (clause_xml_is(n, "article")) {
			char *aid = clause_xml_attr(n, "id");
			if (CLAUSE_GROW(doc->articles, doc->narticles, acap) < 0) {
				free(aid);
				return -1;
			}
			doc->articles[doc->narticles].id = aid;
			doc->articles[doc->narticles].num = child_text(n, "num");
			doc->articles[doc->narticles].heading = child_text(n, "heading");
			doc->articles[doc->narticles].line = (unsigned)xmlGetLineNo(n);
			doc->narticles++;
			collect_refs(doc, n);
			for (xmlNodePtr k = n->children; k; k = k->next) {
				if (clause_xml_is(k, "clause") &&
				    add_clause(doc, &ccap, k, aid, NULL) < 0)
					return -1;
				if (clause_xml_is(k, "conflict") &&
				    add_conflict(doc, &xcap, k) < 0)
					return -1;
			}
		} else if (clause_xml_is(n, "clause")) {
			if (add_clause(doc, &ccap, n, NULL, NULL) < 0)
				return -1;
		} else if (clause_xml_is(n, "conflict")) {
			if (add_conflict(doc, &xcap, n) < 0)
				return -1;
		}
	}
	return 0;
}

int clause_doc_load(struct clause_doc **out, enum clause_kind *kind,
		    const char *path, const char *data, size_t len,
		    int must_be_doc, struct clause_problems *probs)
{
	return clause_doc_load_ex(out, kind, path, data, len, must_be_doc, 0,
				  probs);
}

int clause_doc_load_ex(struct clause_doc **out, enum clause_kind *kind,
		       const char *path, const char *data, size_t len,
		       int must_be_doc, unsigned flags,
		       struct clause_problems *probs)
{
	unsigned parse = flags & CLAUSE_DOC_LAZY ? CLAUSE_XML_READ_ONLY : 0;
	struct clause_doc *doc = NULL;
	xmlDocPtr xml = NULL;
	xmlNodePtr root;
	int r;

	*out = NULL;
	if (kind)
		*kind = CLAUSE_KIND_OTHER;
	if ((r = clause_xml_parse_ex(&xml, path, data, len, parse, probs)) < 0)
		return r;
	root = xmlDocGetRootElement(xml);
	if (!root->ns || !xmlStrEqual(root->ns->href, BAD_CAST CLAUSE_NS)) {
		int ours = xmlStrEqual(root->name, BAD_CAST "agreement");

		if (root->ns && xmlStrEqual(root->ns->href,
					    BAD_CAST CLAUSE_TAXONOMY_NS) &&
		    xmlStrEqual(root->name, BAD_CAST "taxonomy")) {
			if (kind)
				*kind = CLAUSE_KIND_TAXONOMY;
			xmlFreeDoc(xml);
			return 0;
		}
		if (ours || must_be_doc) {
			clause_problems_add(probs, path, (unsigned)xmlGetLineNo(root),
					    clause_xml_node_col(data, len, root, 1),
					    "root element '%s' is not in the clause "
					    "namespace '%s'", (const char *)root->name,
					    CLAUSE_NS);
			xmlFreeDoc(xml);
			return CLAUSE_EINVALID;
		}
		xmlFreeDoc(xml);
		return CLAUSE_ENOTFOUND;
	}
	if (kind)
		*kind = CLAUSE_KIND_DOC;
	if ((r = clause_xml_validate(CLAUSE_SCHEMA_CLAUSE, xml, path, data, len,
				     probs)) < 0) {
		xmlFreeDoc(xml);
		return r;
	}
	if (!(doc = calloc(1, sizeof(*doc))) || !(doc->data = malloc(len + 1)) ||
	    !(doc->path = strdup(path))) {
		clause_error_set("out of memory");
		xmlFreeDoc(xml);
		clause_doc_free(doc);
		return CLAUSE_ERROR;
	}
	memcpy(doc->data, data, len);
	doc->data[len] = '\0';
	doc->len = len;
	doc->xml = xml;
	doc->structure_only = (flags & CLAUSE_DOC_STRUCTURE) != 0;
	doc->lazy = (flags & CLAUSE_DOC_LAZY) != 0;
	if (extract(doc) < 0) {
		clause_doc_free(doc);
		return CLAUSE_ERROR;
	}
	set_sources(doc);
	if (doc->structure_only)
		clause_doc_strip(doc);
	*out = doc;
	return 0;
}

void clause_doc_shed(struct clause_doc *doc)
{
	if (!doc)
		return;
	for (size_t i = 0; i < doc->nclauses; i++)
		doc->clauses[i].node = NULL;
	for (size_t i = 0; i < doc->nconflicts; i++) {
		doc->conflicts[i].node = NULL;
		for (int k = 0; k < CLAUSE_NSIDES; k++)
			if (doc->conflicts[i].side[k])
				doc->conflicts[i].side[k]->node = NULL;
	}
	if (doc->xml)
		xmlFreeDoc(doc->xml);
	doc->xml = NULL;
	free(doc->data);
	doc->data = NULL;
	doc->len = 0;
}

static void strip_text(struct clause_clause *c)
{
	free(c->text);
	c->text = NULL;
	free(c->paras);
	c->paras = NULL;
	c->nparas = 0;
}

void clause_doc_strip(struct clause_doc *doc)
{
	for (size_t i = 0; i < doc->nclauses; i++)
		strip_text(&doc->clauses[i]);
	for (size_t i = 0; i < doc->nconflicts; i++)
		for (int k = 0; k < CLAUSE_NSIDES; k++)
			if (doc->conflicts[i].side[k])
				strip_text(doc->conflicts[i].side[k]);
	clause_doc_shed(doc);
}

struct clause_clause *clause_doc_clause(const struct clause_doc *doc,
					const char *id)
{
	for (size_t i = 0; i < doc->nclauses; i++)
		if (strcmp(doc->clauses[i].id, id) == 0)
			return &doc->clauses[i];
	return NULL;
}

int clause_clause_in_category(const struct clause_clause *c,
			      const char *prefix)
{
	size_t n = strlen(prefix);

	for (size_t i = 0; i < c->ncategories; i++) {
		const char *cat = c->categories[i];
		if (strncmp(cat, prefix, n) == 0 &&
		    (cat[n] == '\0' || cat[n] == '.'))
			return 1;
	}
	return 0;
}

/* Word-wrap `text` at 76 columns with `indent` spaces before each line. */
static void wrap(struct clause_buf *out, const char *text, int indent,
		 const char *first)
{
	size_t col = 0;
	const char *p = text;

	for (int i = 0; i < indent; i++)
		clause_buf_putc(out, ' ');
	col = (size_t)indent;
	if (first) {
		clause_buf_puts(out, first);
		col += strlen(first);
	}
	while (*p) {
		size_t n = strcspn(p, " ");
		if (col > (size_t)indent + (first ? strlen(first) : 0) &&
		    col + 1 + n > 76) {
			clause_buf_putc(out, '\n');
			for (int i = 0; i < indent; i++)
				clause_buf_putc(out, ' ');
			if (first)
				for (size_t i = 0; i < strlen(first); i++)
					clause_buf_putc(out, ' ');
			col = (size_t)indent + (first ? strlen(first) : 0);
		} else if (col > (size_t)indent + (first ? strlen(first) : 0)) {
			clause_buf_putc(out, ' ');
			col++;
		}
		clause_buf_put(out, p, n);
		col += n;
		p += n;
		while (*p == ' ')
			p++;
	}
	clause_buf_putc(out, '\n');
}

enum clause_list_type clause_list_type(const char *type)
{
	static const char *const names[] = { "ordered", "alpha", "roman" };

	for (size_t i = 0; type && i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(type, names[i]) == 0)
			return (enum clause_list_type)i;
	return CLAUSE_LIST_BULLET;
}

/* The mark of item n (from 1) of a list of `type`: "3.", "(c)", "(iii)", "-". */
static void item_mark(char *mark, size_t size, const char *type, int n)
{
	static const char *const roman[] = {
		"i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"
	};

	switch (clause_list_type(type)) {
	case CLAUSE_LIST_ORDERED:
		snprintf(mark, size, "%d.", n);
		break;
	case CLAUSE_LIST_ALPHA:
		snprintf(mark, size, "(%c)", 'a' + (n - 1) % 26);
		break;
	case CLAUSE_LIST_ROMAN:
		snprintf(mark, size, "(%s)", roman[(n - 1) % 10]);
		break;
	default:
		snprintf(mark, size, "-");
	}
}

static int list_blocks(xmlNodePtr list, int (*fn)(void *, const struct clause_block *),
		       void *arg)
{
	char *type = clause_xml_attr(list, "type");
	xmlNodePtr it, last = NULL;
	int n = 0, r = 0;

	for (it = list->children; it; it = it->next)
		if (clause_xml_is(it, "item"))
			last = it;
	for (it = list->children; it && r == 0; it = it->next) {
		struct clause_block b = { CLAUSE_BLOCK_ITEM, NULL, "", 0, 0, NULL };
		char mark[16];

		if (!clause_xml_is(it, "item"))
			continue;
		item_mark(mark, sizeof(mark), type, ++n);
		b.text = clause_xml_text(it);
		b.mark = mark;
		b.first = n == 1;
		b.last = it == last;
		r = b.text ? fn(arg, &b) : -1;
		free((char *)b.text);
	}
	free(type);
	return r;
}

int clause_doc_blocks(const struct clause_doc *doc, const struct clause_clause *c,
		      int (*fn)(void *, const struct clause_block *), void *arg)
{
	int r = 0;

	for (xmlNodePtr k = c->node ? c->node->children : NULL; k && r == 0; k = k->next) {
		struct clause_block b = { CLAUSE_BLOCK_P, NULL, "", 0, 0, NULL };

		if (clause_xml_is(k, "p") || clause_xml_is(k, "note")) {
			b.kind = clause_xml_is(k, "p") ? CLAUSE_BLOCK_P : CLAUSE_BLOCK_NOTE;
			b.text = clause_xml_text(k);
			r = b.text ? fn(arg, &b) : -1;
			free((char *)b.text);
		} else if (clause_xml_is(k, "list")) {
			r = list_blocks(k, fn, arg);
		} else if (clause_xml_is(k, "clause")) {
			/* by its element, not its id: in a document that
			 * does not validate, a sub-clause may share the id
			 * of the clause it sits in */
			b.kind = CLAUSE_BLOCK_CLAUSE;
			b.sub = NULL;
			for (size_t i = 0; i < doc->nclauses && !b.sub; i++)
				if (doc->clauses[i].node == k)
					b.sub = &doc->clauses[i];
			if (b.sub)
				r = fn(arg, &b);
		}
	}
	return r;
}

struct text_render {
	struct clause_buf *out;
	const struct clause_doc *doc;
	int indent;
};

static int text_block(void *arg, const struct clause_block *b)
{
	struct text_render *t = arg;
	char mark[20];

	switch (b->kind) {
	case CLAUSE_BLOCK_P:
		wrap(t->out, b->text, t->indent + 2, NULL);
		return 0;
	case CLAUSE_BLOCK_NOTE:
		wrap(t->out, b->text, t->indent + 2, "Note: ");
		return 0;
	case CLAUSE_BLOCK_ITEM:
		snprintf(mark, sizeof(mark), "%s ", b->mark);
		wrap(t->out, b->text, t->indent + 4, mark);
		return 0;
	default:
		return clause_doc_render_text(t->out, t->doc, b->sub, t->indent + 2);
	}
}

int clause_doc_render_text(struct clause_buf *out, const struct clause_doc *doc,
			   const struct clause_clause *c, int indent)
{
	struct clause_buf head = CLAUSE_BUF_INIT;
	struct text_render t = { out, doc, indent };

	for (int i = 0; i < indent; i++)
		clause_buf_putc(&head, ' ');
	if (c->num)
		clause_buf_printf(&head, "%s%s", c->num, c->heading ? " " : "");
	clause_buf_printf(&head, "%s", c->heading ? c->heading : "");
	clause_buf_printf(&head, "%s[%s/%s]", (c->num || c->heading) ? "  " : "",
			  doc->id, c->id);
	clause_buf_putc(&head, '\n');
	clause_buf_put(out, head.ptr, head.len);
	clause_buf_release(&head);
	/* What happened to it at the table, one line an act. */
	for (size_t i = 0; i < c->nacts; i++) {
		static const char *const said[] = { "TA", "TA reopened", "Rejected" };
		const struct clause_act *a = &c->acts[i];
		struct clause_buf line = CLAUSE_BUF_INIT;

		clause_buf_printf(&line, "[%s %s by %s", said[a->kind], a->date, a->by);
		if (a->round)
			clause_buf_printf(&line, ", round %s", a->round);
		clause_buf_putc(&line, ']');
		if (a->note)
			clause_buf_printf(&line, " %s", a->note);
		wrap(out, line.ptr, indent + 2, NULL);
		clause_buf_release(&line);
	}
	return clause_doc_blocks(doc, c, text_block, &t);
}

int clause_doc_render_xml(struct clause_buf *out, const struct clause_doc *doc,
			  xmlNodePtr node)
{
	xmlBufferPtr xb = xmlBufferCreate();
	xmlDocPtr alone = xmlNewDoc(BAD_CAST "1.0");
	xmlNodePtr copy = NULL;
	int r = -1;

	(void)doc;
	/* A copy as the root of a document of its own, so that the fragment
	 * declares the namespace it is in. */
	if (alone && (copy = xmlDocCopyNode(node, alone, 1)))
		xmlDocSetRootElement(alone, copy);
	if (!xb || !copy) {
		clause_error_set("out of memory");
		goto done;
	}
	xmlReconciliateNs(alone, copy);
	if (xmlNodeDump(xb, alone, copy, 0, 0) >= 0)
		r = clause_buf_put(out, (const char *)xmlBufferContent(xb),
				   (size_t)xmlBufferLength(xb));
	if (r == 0)
		r = clause_buf_putc(out, '\n');
done:
	if (xb)
		xmlBufferFree(xb);
	if (alone)
		xmlFreeDoc(alone);
	return r;
}
