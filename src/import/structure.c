/* structure.c: articles, clauses, headings and lists from blocks of text.
 *
 * Real contracts number their parts in a handful of ways: "ARTICLE 14",
 * "Article XIV", "Section 14.2", "Sec. 3", "14.2", "14.2.1", "1.", "(a)",
 * "(i)", "(1)".  A number that opens a paragraph says where it belongs:
 * articles hold clauses, a deeper decimal number is a sub-clause of the
 * clause its number extends, and letters, roman numerals and numbers in
 * parentheses are the items of a list in the clause before them.  Text
 * that no number claims is kept where it stands: in the clause being
 * read, as a note of its article, or as a note of the document.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "import/import.h"
#include "util/array.h"
#include "util/buf.h"
#include "util/error.h"

enum marker {
	M_NONE,
	M_ARTICLE,	/* ARTICLE 14, Article XIV */
	M_SECTION,	/* Section 3, Sec. 3, § 3 */
	M_DECIMAL,	/* 14.2, 14.2.1 */
	M_NUMBER,	/* 1. or 1) */
	M_ALPHA,	/* (a), a) */
	M_ROMAN,	/* (i), (iv) */
	M_PNUM		/* (1) */
};

struct mark {
	enum marker kind;
	char *num;		/* as written, without a trailing "." */
	int depth;		/* parts of a decimal number */
	const char *rest;	/* the text after it */
	char letter;		/* M_ALPHA: the letter */
};

/* A paragraph, before it is placed. */
struct para {
	enum import_block_kind kind;
	int level;
	int ordered;
	char *text;		/* owned */
	const char *label;	/* borrowed from the block */
	unsigned page;
	unsigned line;
};

struct paras {
	struct para *v;
	size_t n;
	size_t cap;
};

static int is_roman(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strchr("ivxlcdm", tolower((unsigned char)s[i])))
			return 0;
	return n > 0;
}

/* After a number: the end, a space, or punctuation that ends it. */
static const char *after_number(const char *p)
{
	if (*p == '.' || *p == ':')
		p++;
	if (*p == '\0')
		return p;
	if (*p != ' ')
		return NULL;
	while (*p == ' ')
		p++;
	/* "ARTICLE 14 - TECHNOLOGY", "Section 3: Notice" */
	if ((*p == '-' || *p == ':') && p[1] == ' ')
		p += 2;
	else if (strncmp(p, "\xe2\x80\x93 ", 4) == 0 || strncmp(p, "\xe2\x80\x94 ", 4) == 0)
		p += 4;
	while (*p == ' ')
		p++;
	return p;
}

static char *dup_n(const char *s, size_t n)
{
	char *d = malloc(n + 1);

	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

/* "ARTICLE 14", "Section 14.2", "Sec. 3", "§ 3". */
static int word_number(const char *s, struct mark *m)
{
	static const struct { const char *w; enum marker k; } words[] = {
		{ "ARTICLE", M_ARTICLE }, { "Article", M_ARTICLE },
		{ "SECTION", M_SECTION }, { "Section", M_SECTION },
		{ "Sec.", M_SECTION }, { "SEC.", M_SECTION },
		{ "\xc2\xa7", M_SECTION }
	};
	const char *p, *q, *end;
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		size_t n = strlen(words[i].w);

		if (strncmp(s, words[i].w, n) != 0 ||
		    (words[i].w[n - 1] != '.' && isalpha((unsigned char)s[n])))
			continue;
		p = s + n;
		while (*p == ' ')
			p++;
		q = p;
		while (isdigit((unsigned char)*q) || (*q == '.' && isdigit((unsigned char)q[1])))
			q++;
		if (q == p)
			while (strchr("IVXLCDM", *q) && *q)
				q++;
		if (q == p && isupper((unsigned char)*q) && !isalpha((unsigned char)q[1]))
			q++;	/* Article A */
		if (q == p || !(end = after_number(q)))
			continue;
		m->kind = words[i].k;
		m->num = dup_n(s, (size_t)(q - s));
		m->rest = end;
		return m->num ? 1 : -1;
	}
	return 0;
}

/* "14.2", "14.2.1", "1.", "1)", "(a)", "a)", "(iv)", "(1)". */
static int bare_number(const char *s, struct mark *m)
{
	const char *p = s, *end;
	int depth = 1;

	if (isdigit((unsigned char)*p)) {
		while (isdigit((unsigned char)*p) ||
		       (*p == '.' && isdigit((unsigned char)p[1]) && ++depth))
			p++;
		if (p - s > 12)
			return 0;
		if (depth == 1 && (*p == '.' || *p == ')') && p[1] == ' ') {
			m->kind = M_NUMBER;
			m->num = dup_n(s, (size_t)(p - s));
			m->rest = after_number(p + 1);
			return m->num ? 1 : -1;
		}
		if (depth > 1 && (end = after_number(p))) {
			m->kind = M_DECIMAL;
			m->depth = depth;
			m->num = dup_n(s, (size_t)(p - s));
			m->rest = end;
			return m->num ? 1 : -1;
		}
		return 0;
	}
	if (*p == '(')
		p++;
	end = p;
	while (isalnum((unsigned char)*end) && end - p < 6)
		end++;
	if (end == p || *end != ')' || (end[1] != ' ' && end[1] != '\0'))
		return 0;
	if (p == s && !islower((unsigned char)*p))
		return 0;	/* "a)" but not "Word)" */
	if (isdigit((unsigned char)*p)) {
		const char *d = p;

		while (isdigit((unsigned char)*d))
			d++;
		if (d != end)
			return 0;
		m->kind = M_PNUM;
	} else if (end - p == 1 && isalpha((unsigned char)*p)) {
		m->kind = M_ALPHA;
		m->letter = (char)tolower((unsigned char)*p);
	} else if (is_roman(p, (size_t)(end - p))) {
		m->kind = M_ROMAN;
	} else if (end - p == 2 && p[0] == p[1] && isalpha((unsigned char)*p)) {
		m->kind = M_ALPHA;	/* (aa) after (z) */
		m->letter = 'z';
	} else {
		return 0;
	}
	m->num = dup_n(s, (size_t)(end + 1 - s));
	m->rest = end[1] ? end + 2 : end + 1;
	return m->num ? 1 : -1;
}

static int parse_mark(const char *s, struct mark *m)
{
	int r;

	memset(m, 0, sizeof(*m));
	m->rest = s;
	r = word_number(s, m);
	if (r == 0)
		r = bare_number(s, m);
	return r;
}

/* Lines into paragraphs ================================================== */

static int is_upper_line(const char *s)
{
	int letters = 0;

	for (; *s; s++) {
		if (islower((unsigned char)*s))
			return 0;
		letters += isupper((unsigned char)*s) != 0;
	}
	return letters >= 3;
}

static size_t count_words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		if (*s == ' ')
			in = 0;
		else if (!in && ++n)
			in = 1;
	}
	return n;
}

/* A line that starts a paragraph of its own: a number opens it, or it
 * is a heading in capitals. */
static int standalone_line(const char *s)
{
	struct mark m;
	int r = parse_mark(s, &m);

	free(m.num);
	if (r == 1)
		return 1;
	return is_upper_line(s) && count_words(s) <= 12;
}

static int heading_like(const char *s, size_t max_words);
static int heading_alone(const char *s);

/* A line after which a paragraph ends: an article's name, a number with
 * only a heading after it ("14.2 Notice"), a heading in capitals. */
static int ends_paragraph(const char *s)
{
	struct mark m;
	int r = parse_mark(s, &m), alone;
	size_t n = strlen(m.rest);

	alone = r == 1 && (m.kind == M_ARTICLE || !n ||
			   (heading_alone(m.rest) && m.rest[n - 1] != '.' &&
			    m.rest[n - 1] != ',' && m.rest[n - 1] != ';'));
	free(m.num);
	if (r == 1)
		return alone;
	return is_upper_line(s) && count_words(s) <= 12;
}

static int paras_push(struct paras *ps, enum import_block_kind kind,
		      const struct import_block *b, char *text)
{
	struct para *p;

	if (!text || CLAUSE_GROW(ps->v, ps->n + 1, ps->cap) < 0) {
		free(text);
		return CLAUSE_ERROR;
	}
	p = &ps->v[ps->n++];
	p->kind = kind;
	p->level = b->level;
	p->ordered = b->ordered;
	p->text = text;
	p->label = b->label;
	p->page = b->page;
	p->line = b->line;
	return 0;
}

/* Append a line to the paragraph in `b`: a word hyphenated at the end of
 * the line ("techno-" "logy") is joined. */
static void join_line(struct clause_buf *b, const char *line, size_t *hyphens)
{
	if (b->len >= 2 && b->ptr[b->len - 1] == '-' &&
	    isalpha((unsigned char)b->ptr[b->len - 2]) &&
	    islower((unsigned char)line[0])) {
		clause_buf_truncate(b, b->len - 1);
		(*hyphens)++;
	} else if (b->len) {
		clause_buf_putc(b, ' ');
	}
	clause_buf_puts(b, line);
}

/* Blocks into paragraphs: lines are joined (a gap, a numbered or
 * standalone line ends a paragraph), the other kinds stay as they are. */
static int paragraphs(struct paras *ps, const struct import_blocks *in,
		      size_t *hyphens)
{
	struct clause_buf cur = CLAUSE_BUF_INIT;
	const struct import_block *first = NULL;
	int last_alone = 0, r = 0;
	size_t i;

	for (i = 0; i <= in->n && r == 0; i++) {
		const struct import_block *b = i < in->n ? &in->v[i] : NULL;
		int alone = b && b->kind == IMPORT_LINE && standalone_line(b->text);

		/* A line that starts in lower case goes on with the sentence
		 * before it, whatever that looked like. */
		if (first && (!b || b->kind != IMPORT_LINE || b->gap || alone ||
			      (last_alone && !islower((unsigned char)b->text[0])))) {
			r = paras_push(ps, IMPORT_PARA, first, clause_buf_detach(&cur));
			first = NULL;
		}
		if (!b || r)
			break;
		if (b->kind != IMPORT_LINE) {
			r = paras_push(ps, b->kind, b, strdup(b->text));
			continue;
		}
		if (!first)
			first = b;
		join_line(&cur, b->text, hyphens);
		last_alone = ends_paragraph(b->text);
	}
	clause_buf_release(&cur);
	return r;
}

/* Placing paragraphs ===================================================== */

struct place {
	struct import_doc *doc;
	long article;		/* the article being read, -1 before any */
	long clause;		/* the clause being read, -1 when none */
	enum marker clause_style;	/* what numbers the clauses */
	int clause_depth;	/* parts of a clause's decimal number */
	int article_level;	/* heading level of unnumbered articles */
	int heading_open;	/* the last article or clause has no heading
				 * and no text yet: a heading may follow */
	char last_letter;	/* of the list being read */
};

static int push_str(char ***v, size_t *n, size_t *cap, char *s)
{
	if (!s || CLAUSE_GROW(*v, *n + 1, *cap) < 0) {
		free(s);
		return CLAUSE_ERROR;
	}
	(*v)[(*n)++] = s;
	return 0;
}

static int new_article(struct place *pl, const struct para *p, char *num,
		       const char *heading)
{
	struct import_doc *d = pl->doc;
	struct import_article *a;

	if (CLAUSE_GROW(d->articles, d->narticles + 1, d->articles_cap) < 0) {
		free(num);
		return CLAUSE_ERROR;
	}
	a = &d->articles[d->narticles];
	memset(a, 0, sizeof(*a));
	a->num = num;
	a->heading = heading && *heading ? strdup(heading) : NULL;
	a->page = p->page;
	a->line = p->line;
	pl->article = (long)d->narticles++;
	pl->clause = -1;
	pl->heading_open = !a->heading;
	return 0;
}

static int new_clause(struct place *pl, const struct para *p, char *num,
		      const char *heading, long parent)
{
	struct import_doc *d = pl->doc;
	struct import_clause *c;

	if (CLAUSE_GROW(d->clauses, d->nclauses + 1, d->clauses_cap) < 0) {
		free(num);
		return CLAUSE_ERROR;
	}
	c = &d->clauses[d->nclauses];
	memset(c, 0, sizeof(*c));
	c->num = num;
	c->heading = heading && *heading ? strdup(heading) : NULL;
	c->article = pl->article;
	c->parent = parent;
	c->page = p->page;
	c->line = p->line;
	pl->clause = (long)d->nclauses++;
	pl->heading_open = !c->heading;
	pl->last_letter = 0;
	return 0;
}

/* Body text of the clause being read, else a note of the article, else
 * of the document. */
static int add_text(struct place *pl, const char *text)
{
	struct import_doc *d = pl->doc;
	struct import_clause *c;
	struct import_para *p;
	int note = 0;

	/* "Note: ..." is how clause export writes a clause's notes (and
	 * Word footnotes come in so): outside a clause all text is notes */
	if (strncmp(text, "Note: ", 6) == 0 && text[6]) {
		note = 1;
		text += 6;
	}
	if (!*text)
		return 0;
	pl->heading_open = 0;
	if (pl->clause < 0 && pl->article >= 0) {
		struct import_article *a = &d->articles[pl->article];

		return push_str(&a->notes, &a->nnotes, &a->notes_cap, strdup(text));
	}
	if (pl->clause < 0)
		return push_str(&d->notes, &d->nnotes, &d->notes_cap, strdup(text));
	c = &d->clauses[pl->clause];
	if (CLAUSE_GROW(c->paras, c->nparas + 1, c->paras_cap) < 0)
		return CLAUSE_ERROR;
	p = &c->paras[c->nparas];
	memset(p, 0, sizeof(*p));
	p->note = note;
	p->text = strdup(text);
	if (!p->text)
		return CLAUSE_ERROR;
	c->nparas++;
	return 0;
}

/* An item of a list of the clause being read (a new list when the last
 * part of the clause is not a list of this type). */
static int add_item(struct place *pl, const struct para *p, enum import_list_type t,
		    const char *text)
{
	struct import_clause *c;
	struct import_para *last;

	if (pl->clause < 0 && new_clause(pl, p, NULL, NULL, -1) < 0)
		return CLAUSE_ERROR;
	pl->heading_open = 0;
	c = &pl->doc->clauses[pl->clause];
	last = c->nparas ? &c->paras[c->nparas - 1] : NULL;
	if (!last || last->text || last->list != t) {
		if (CLAUSE_GROW(c->paras, c->nparas + 1, c->paras_cap) < 0)
			return CLAUSE_ERROR;
		last = &c->paras[c->nparas++];
		memset(last, 0, sizeof(*last));
		last->list = t;
	}
	return push_str(&last->items, &last->nitems, &last->items_cap,
			strdup(*text ? text : "-"));
}

/* Short, no sentence in it, most words capitalised: a heading. */
static int heading_like(const char *s, size_t max_words)
{
	size_t words = count_words(s), caps = 0, small = 0;
	size_t len = strlen(s);
	const char *p;

	if (!words || words > max_words || len > 100)
		return 0;
	if (s[len - 1] == ',' || s[len - 1] == ';' || s[len - 1] == ':')
		return 0;
	for (p = s; *p; p++) {
		if (p == s || p[-1] == ' ') {
			if (isupper((unsigned char)*p) || isdigit((unsigned char)*p))
				caps++;
			else
				small++;
		}
		if (*p == '.' && p[1] == ' ')
			return 0;
	}
	return caps * 2 > words || (words <= 2 && caps >= 1) ||
	       (caps >= 1 && small <= words / 3);
}

/* What follows a number on a line or paragraph of its own is a heading
 * when it is one by its capitals ("Advance Notice") or a short phrase
 * that is not a sentence ("Transfer and recall", "Cameras on vehicles"). */
static int heading_alone(const char *s)
{
	size_t n = strlen(s);

	if (heading_like(s, 10))
		return 1;
	return n && count_words(s) <= 6 && isupper((unsigned char)s[0]) &&
	       !strchr(".,;:-", s[n - 1]) && !strstr(s, ". ");
}

/* The first line of a document is its title when it is short and not a
 * sentence: "Riverbend transit negotiations 2025: Union proposal". */
static int title_like(const char *s)
{
	size_t n = strlen(s);

	return count_words(s) <= 20 && n && s[n - 1] != '.' && s[n - 1] != ',' &&
	       s[n - 1] != ';' && isupper((unsigned char)s[0]);
}

/* The heading that opens a clause's text: "Notice. The Authority shall"
 * gives "Notice"; a short line alone is all heading.  *body is what
 * follows it. */
static char *split_heading(const char *rest, const char **body, int alone)
{
	const char *p;

	*body = rest;
	if (!*rest)
		return NULL;
	if (alone && heading_alone(rest)) {
		size_t n = strlen(rest);

		*body = rest + n;
		if (rest[n - 1] == '.')
			n--;
		return dup_n(rest, n);
	}
	for (p = rest; *p && p - rest < 80; p++) {
		if ((p[0] == '.' || p[0] == ':') && p[1] == ' ' && p > rest &&
		    isupper((unsigned char)p[2])) {
			char *h = dup_n(rest, (size_t)(p - rest));

			if (h && heading_like(h, 8)) {
				*body = p + 2;
				return h;
			}
			free(h);
			return NULL;
		}
	}
	return NULL;
}

/* The clause a decimal number "14.2.1" belongs under: the clause being
 * read or the nearest of its parents whose number it extends (so that
 * every clause's sub-clauses follow it without a gap). */
static long decimal_parent(struct place *pl, const char *num)
{
	long i;

	for (i = pl->clause; i >= 0; i = pl->doc->clauses[i].parent) {
		const char *n = pl->doc->clauses[i].num;
		size_t len = n ? strlen(n) : 0;

		if (n && len < strlen(num) && strncmp(n, num, len) == 0 &&
		    num[len] == '.')
			return i;
	}
	return -1;
}

static int place_clause(struct place *pl, const struct para *p, struct mark *m,
			int alone)
{
	const char *body;
	char *heading = split_heading(m->rest, &body, alone);
	long parent = -1;
	int r;

	if (!pl->clause_style) {
		pl->clause_style = m->kind;
		pl->clause_depth = m->depth;
	}
	if (m->kind == M_DECIMAL && (pl->clause_style != M_DECIMAL ||
				     m->depth > pl->clause_depth))
		parent = decimal_parent(pl, m->num);
	r = new_clause(pl, p, m->num, heading, parent);
	m->num = NULL;
	free(heading);
	if (r == 0)
		r = add_text(pl, body);
	return r;
}

static enum import_list_type list_type(struct place *pl, const struct mark *m)
{
	switch (m->kind) {
	case M_ALPHA:
		return IMPORT_LIST_ALPHA;
	case M_ROMAN:
		return IMPORT_LIST_ROMAN;
	default:
		return IMPORT_LIST_ORDERED;
	}
	(void)pl;
}

/* "(i)" after "(h)" is a letter, not a roman one. */
static void resolve_letters(struct place *pl, struct mark *m)
{
	if (m->kind == M_ROMAN && pl->last_letter &&
	    (m->num[m->num[0] == '(' ? 1 : 0]) == pl->last_letter + 1 &&
	    strlen(m->num) <= 3 + (m->num[0] == '('))
		m->kind = M_ALPHA, m->letter = (char)(pl->last_letter + 1);
	if (m->kind == M_ALPHA && m->letter != 'a' && m->letter != pl->last_letter + 1 &&
	    is_roman(&m->letter, 1) && !pl->last_letter)
		m->kind = M_ROMAN;
}

static int place_marked(struct place *pl, const struct para *p, struct mark *m,
			int alone)
{
	char *heading;
	const char *body;
	int r;

	switch (m->kind) {
	case M_ARTICLE:
		heading = split_heading(m->rest, &body, 1);
		if (!heading && *m->rest) {
			heading = strdup(m->rest);
			body = "";
		}
		r = new_article(pl, p, m->num, heading);
		m->num = NULL;
		free(heading);
		return r ? r : add_text(pl, body);
	case M_SECTION:
	case M_DECIMAL:
		return place_clause(pl, p, m, alone);
	case M_NUMBER:
		if (!pl->clause_style || pl->clause_style == M_NUMBER)
			return place_clause(pl, p, m, alone);
		/* numbered items in a clause */
		__attribute__((fallthrough));
	default:
		resolve_letters(pl, m);
		if (m->kind == M_ALPHA)
			pl->last_letter = m->letter;
		if (pl->clause < 0)
			return place_clause(pl, p, m, alone);
		return add_item(pl, p, list_type(pl, m), m->rest);
	}
}

/* A heading with no number: the document's title first, then articles
 * (the highest level that has no number) or clauses. */
static int place_heading(struct place *pl, const struct para *p)
{
	struct import_doc *d = pl->doc;

	if (!d->title && d->narticles == 0 && d->nclauses == 0 && d->nnotes == 0) {
		d->title = strdup(p->text);
		return d->title ? 0 : CLAUSE_ERROR;
	}
	if (pl->heading_open) {
		char **h = pl->clause >= 0 ? &d->clauses[pl->clause].heading :
					     &d->articles[pl->article].heading;

		*h = strdup(p->text);
		pl->heading_open = 0;
		return *h ? 0 : CLAUSE_ERROR;
	}
	if (!pl->article_level)
		pl->article_level = p->level;
	if (p->level <= pl->article_level && pl->clause_style != M_NONE &&
	    d->narticles == 0)
		pl->article_level = 0;	/* clauses numbered, headings above */
	if (p->level <= pl->article_level || (pl->article < 0 && pl->clause_style))
		return new_article(pl, p, NULL, p->text);
	return new_clause(pl, p, NULL, p->text, -1);
}

static int place(struct place *pl, const struct para *p)
{
	struct mark m;
	int r, alone;
	char *marked = NULL;
	const char *text = p->text;

	/* Word's automatic numbering is not in the text: put it back for
	 * the parse. */
	if (p->label && asprintf(&marked, "%s %s", p->label, p->text) < 0)
		return CLAUSE_ERROR;
	if (marked)
		text = marked;
	r = parse_mark(text, &m);
	alone = p->kind != IMPORT_ROW;
	if (r == 1 && p->kind != IMPORT_ROW) {
		r = place_marked(pl, p, &m, alone);
	} else if (r == 0 && p->kind == IMPORT_HEADING) {
		r = place_heading(pl, p);
	} else if (r == 0 && p->kind == IMPORT_ITEM && pl->clause >= 0) {
		r = add_item(pl, p, p->ordered ? IMPORT_LIST_ORDERED :
				 IMPORT_LIST_BULLET, text);
	} else if (r == 0 && pl->heading_open && p->kind == IMPORT_PARA &&
		   heading_like(text, 10) && text[strlen(text) - 1] != '.') {
		r = place_heading(pl, p);
	} else if (r == 0) {
		if (!pl->doc->title && pl->article < 0 && pl->clause < 0 &&
		    pl->doc->nnotes == 0 && title_like(text))
			r = place_heading(pl, p);
		else
			r = add_text(pl, text);
	}
	free(m.num);
	free(marked);
	return r;
}

int import_structure(struct import_doc *doc, const struct import_blocks *in)
{
	struct paras ps = { NULL, 0, 0 };
	struct place pl = { doc, -1, -1, M_NONE, 0, 0, 0, 0 };
	size_t i;
	int r;

	memset(doc, 0, sizeof(*doc));
	r = paragraphs(&ps, in, &doc->hyphens_joined);
	doc->paragraphs = ps.n;
	for (i = 0; i < ps.n && r == 0; i++)
		r = place(&pl, &ps.v[i]);
	for (i = 0; i < ps.n; i++)
		free(ps.v[i].text);
	free(ps.v);
	return r;
}

static void free_strs(char **v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void import_doc_free(struct import_doc *doc)
{
	size_t i, j;

	for (i = 0; i < doc->narticles; i++) {
		free(doc->articles[i].id);
		free(doc->articles[i].num);
		free(doc->articles[i].heading);
		free_strs(doc->articles[i].notes, doc->articles[i].nnotes);
	}
	for (i = 0; i < doc->nclauses; i++) {
		struct import_clause *c = &doc->clauses[i];

		for (j = 0; j < c->nparas; j++) {
			free(c->paras[j].text);
			free_strs(c->paras[j].items, c->paras[j].nitems);
		}
		free(c->paras);
		free(c->id);
		free(c->num);
		free(c->heading);
		free(c->categories);
	}
	free(doc->articles);
	free(doc->clauses);
	free_strs(doc->notes, doc->nnotes);
	free(doc->title);
	memset(doc, 0, sizeof(*doc));
}
