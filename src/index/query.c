/* query.c: parse the user's search query into a safe FTS5 expression.
 *
 * A small lexer turns the text into tokens, and a recursive-descent
 * parser builds the expression, fully parenthesized, with every term
 * quoted.  Grammar:
 *
 *	or	:= and { "OR" and }
 *	and	:= item { ["AND"] item }
 *	item	:= ["NOT" | "-"] near
 *	near	:= primary { ("NEAR" | "NEAR/N") primary }
 *	primary	:= "(" or ")" | WORD["*"] | PHRASE["*"] | "NEAR(" terms [, N] ")"
 *
 * FTS5's NOT is binary, so the excluded items of an AND group are
 * subtracted from the AND of its other items: (a AND b) NOT (c).
 */
#include "index/query.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

enum tok {
	T_END, T_LPAREN, T_RPAREN, T_WORD, T_PHRASE, T_AND, T_OR, T_NOT,
	T_MINUS, T_NEAR_OP, T_NEAR_GROUP
};

struct token {
	enum tok type;
	const char *s;		/* WORD/PHRASE text, NEAR( group contents */
	size_t len;
	int prefix;		/* followed by '*' */
	long dist;		/* NEAR/N distance */
};

struct parser {
	struct token *v;	/* tokens, ending with T_END */
	size_t n, cap, pos;
	size_t terms;		/* terms emitted so far */
	int depth;		/* parentheses open */
};

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	       c == '\f' || c == '\v';
}

/* Does a word hold anything the unicode61 tokenizer keeps?  ASCII
 * letters and digits, and any other character except the common Unicode
 * punctuation and symbols (which would make an empty FTS5 phrase, and an
 * empty phrase makes the AND around it match nothing). */
static int has_token(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;

	while (i < len) {
		unsigned c = p[i];
		if (c < 0x80) {
			if ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
			    (c >= 'A' && c <= 'Z'))
				return 1;
			i++;
			continue;
		}
		/* Decode one UTF-8 sequence, leniently. */
		unsigned cp = 0, n = c >= 0xf0 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : 0;
		cp = n == 3 ? c & 7 : n == 2 ? c & 15 : n == 1 ? c & 31 : c;
		for (unsigned k = 1; k <= n && i + k < len; k++)
			cp = (cp << 6) | (p[i + k] & 0x3f);
		i += n + 1;
		if ((cp >= 0xa0 && cp <= 0xbf) || cp == 0xd7 || cp == 0xf7 ||
		    (cp >= 0x2000 && cp <= 0x2bff) || (cp >= 0x3000 && cp <= 0x303f) ||
		    (cp >= 0xfe30 && cp <= 0xfe4f) || cp == 0xfeff ||
		    (cp >= 0xff01 && cp <= 0xff0f))
			continue;
		return 1;
	}
	return 0;
}

static int push(struct parser *p, enum tok type, const char *s, size_t len)
{
	if (p->n == p->cap) {
		size_t cap = p->cap ? p->cap * 2 : 16;
		struct token *v = realloc(p->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return CLAUSE_ERROR;
		}
		p->v = v;
		p->cap = cap;
	}
	memset(&p->v[p->n], 0, sizeof(p->v[p->n]));
	p->v[p->n].type = type;
	p->v[p->n].s = s;
	p->v[p->n].len = len;
	p->n++;
	return 0;
}

static int lex(struct parser *p, const char *text)
{
	const char *s = text;
	int r;

	while (*s) {
		const char *start;

		if (is_space(*s)) {
			s++;
			continue;
		}
		if (*s == '(' || *s == ')') {
			if ((r = push(p, *s == '(' ? T_LPAREN : T_RPAREN, s, 1)) < 0)
				return r;
			s++;
			continue;
		}
		if (*s == '"') {
			const char *end = strchr(s + 1, '"');
			if (!end) {
				clause_error_set("unterminated quote in the query "
						 "(a phrase needs a closing \")");
				return CLAUSE_EUSAGE;
			}
			if ((r = push(p, T_PHRASE, s + 1, (size_t)(end - s - 1))) < 0)
				return r;
			s = end + 1;
			if (*s == '*') {
				p->v[p->n - 1].prefix = 1;
				while (*s == '*')
					s++;
			}
			continue;
		}
		if (*s == '-' && s[1] && !is_space(s[1]) && s[1] != '-' &&
		    s[1] != ')' && (s == text || is_space(s[-1]) || s[-1] == '(')) {
			if ((r = push(p, T_MINUS, s, 1)) < 0)
				return r;
			s++;
			continue;
		}
		start = s;
		while (*s && !is_space(*s) && *s != '(' && *s != ')' && *s != '"')
			s++;
		if (strncmp(start, "NEAR", 4) == 0 && start + 4 == s && *s == '(') {
			/* NEAR( ... ): the raw contents up to the matching ')'. */
			const char *in = s + 1, *e = in;
			while (*e && *e != ')') {
				if (*e == '"') {
					const char *q = strchr(e + 1, '"');
					if (!q) {
						clause_error_set("unterminated quote "
							"in the query (a phrase needs a "
							"closing \")");
						return CLAUSE_EUSAGE;
					}
					e = q;
				} else if (*e == '(') {
					clause_error_set("NEAR(...) takes words and "
							 "phrases, not parentheses");
					return CLAUSE_EUSAGE;
				}
				e++;
			}
			if (!*e) {
				clause_error_set("unbalanced parentheses in the query: "
						 "NEAR( is never closed");
				return CLAUSE_EUSAGE;
			}
			if ((r = push(p, T_NEAR_GROUP, in, (size_t)(e - in))) < 0)
				return r;
			s = e + 1;
			continue;
		}
		if (s - start == 3 && strncmp(start, "AND", 3) == 0)
			r = push(p, T_AND, start, 3);
		else if (s - start == 2 && strncmp(start, "OR", 2) == 0)
			r = push(p, T_OR, start, 2);
		else if (s - start == 3 && strncmp(start, "NOT", 3) == 0)
			r = push(p, T_NOT, start, 3);
		else if (s - start >= 4 && strncmp(start, "NEAR", 4) == 0 &&
			 (s - start == 4 || start[4] == '/')) {
			long d = CLAUSE_QUERY_NEAR;
			if (s - start > 4) {
				char *end;
				d = strtol(start + 5, &end, 10);
				if (end != s || d < 0 || d > 1000 || s - start == 5) {
					clause_error_set("'%.*s': NEAR/N needs a "
							 "distance from 0 to 1000",
							 (int)(s - start), start);
					return CLAUSE_EUSAGE;
				}
			}
			r = push(p, T_NEAR_OP, start, (size_t)(s - start));
			if (r == 0)
				p->v[p->n - 1].dist = d;
		} else {
			size_t len = (size_t)(s - start);
			int prefix = 0;
			while (len && start[len - 1] == '*') {
				len--;
				prefix = 1;
			}
			r = push(p, T_WORD, start, len);
			if (r == 0)
				p->v[p->n - 1].prefix = prefix;
		}
		if (r < 0)
			return r;
	}
	return push(p, T_END, s, 0);
}

int clause_query_quote(struct clause_buf *b, const char *word, size_t len)
{
	int r = clause_buf_putc(b, '"');

	for (size_t i = 0; r == 0 && i < len; i++)
		r = word[i] == '"' ? clause_buf_puts(b, "\"\"")
				   : clause_buf_putc(b, word[i]);
	return r ? r : clause_buf_putc(b, '"');
}

/* Emit one term; *empty is set when it has nothing to search for. */
static int term(struct parser *p, struct clause_buf *out, const char *s,
		size_t len, int prefix, int *empty)
{
	*empty = !has_token(s, len);
	if (*empty)
		return 0;
	if (++p->terms > CLAUSE_QUERY_MAX_TERMS) {
		clause_error_set("the query has too many terms (at most %d)",
				 CLAUSE_QUERY_MAX_TERMS);
		return CLAUSE_EUSAGE;
	}
	if (clause_query_quote(out, s, len) < 0 ||
	    (prefix && clause_buf_puts(out, " *") < 0))
		return CLAUSE_ERROR;
	return 0;
}

/* The terms of NEAR( ... ), written as words and "phrases", with an
 * optional ", N" at the end. */
static int near_group(struct parser *p, struct clause_buf *out,
		      const char *s, size_t len, int *empty)
{
	const char *comma = NULL, *e = s + len;
	long dist = CLAUSE_QUERY_NEAR;
	size_t n = 0;
	int r;

	for (const char *c = s; c < e; c++) {
		if (*c == '"') {
			c = memchr(c + 1, '"', (size_t)(e - c - 1));
			if (!c)
				break;
		} else if (*c == ',') {
			comma = c;
		}
	}
	if (comma) {
		char *end;
		char num[16];
		size_t nl = (size_t)(e - comma - 1);
		while (nl && is_space(comma[1])) {
			comma++;
			nl--;
		}
		while (nl && is_space(comma[nl]))
			nl--;
		if (nl == 0 || nl >= sizeof(num)) {
			clause_error_set("NEAR(words, N) needs a distance after the comma");
			return CLAUSE_EUSAGE;
		}
		memcpy(num, comma + 1, nl);
		num[nl] = '\0';
		dist = strtol(num, &end, 10);
		if (*end || dist < 0 || dist > 1000) {
			clause_error_set("NEAR(words, N): '%s' is not a distance "
					 "from 0 to 1000", num);
			return CLAUSE_EUSAGE;
		}
		e = comma;
		while (e > s && *e != ',')
			e--;
	}
	clause_buf_puts(out, "NEAR(");
	for (const char *c = s; c < e;) {
		const char *w;
		size_t wl;
		int pre = 0, emp;

		if (is_space(*c) || *c == ',') {
			c++;
			continue;
		}
		if (*c == '"') {
			w = c + 1;
			c = memchr(w, '"', (size_t)(e - w));
			wl = (size_t)(c - w);
			c++;
		} else {
			w = c;
			while (c < e && !is_space(*c) && *c != ',' && *c != '"')
				c++;
			wl = (size_t)(c - w);
			if ((wl == 3 && !strncmp(w, "AND", 3)) ||
			    (wl == 2 && !strncmp(w, "OR", 2)) ||
			    (wl == 3 && !strncmp(w, "NOT", 3))) {
				clause_error_set("NEAR(...) takes words and phrases, "
						 "not '%.*s'", (int)wl, w);
				return CLAUSE_EUSAGE;
			}
		}
		if (c < e && *c == '*') {
			pre = 1;
			while (c < e && *c == '*')
				c++;
		}
		while (wl && w[wl - 1] == '*') {
			wl--;
			pre = 1;
		}
		if (n)
			clause_buf_putc(out, ' ');
		size_t before = out->len;
		if ((r = term(p, out, w, wl, pre, &emp)) < 0)
			return r;
		if (emp) {
			clause_buf_truncate(out, n ? before - 1 : before);
			continue;
		}
		n++;
	}
	*empty = n == 0;
	if (n < 2) {
		if (n == 0)
			return 0;
		/* One term is near itself: just the term. */
		clause_buf_puts(out, ")");
	} else {
		clause_buf_printf(out, ", %ld)", dist);
	}
	return 0;
}

static int parse_or(struct parser *p, struct clause_buf *out, int *empty);

static const char *tok_name(const struct token *t)
{
	switch (t->type) {
	case T_END: return "the end of the query";
	case T_RPAREN: return "')'";
	case T_AND: return "AND";
	case T_OR: return "OR";
	case T_NOT: return "NOT";
	default: return "NEAR";
	}
}

static int primary(struct parser *p, struct clause_buf *out, int *empty)
{
	struct token *t = &p->v[p->pos];
	int r;

	switch (t->type) {
	case T_LPAREN:
		if (++p->depth > CLAUSE_QUERY_MAX_DEPTH) {
			clause_error_set("parentheses nest too deep in the query "
					 "(at most %d)", CLAUSE_QUERY_MAX_DEPTH);
			return CLAUSE_EUSAGE;
		}
		p->pos++;
		if ((r = parse_or(p, out, empty)) < 0)
			return r;
		if (p->v[p->pos].type != T_RPAREN) {
			clause_error_set("unbalanced parentheses in the query: "
					 "missing ')'");
			return CLAUSE_EUSAGE;
		}
		p->depth--;
		p->pos++;
		return 0;
	case T_WORD:
	case T_PHRASE:
		p->pos++;
		return term(p, out, t->s, t->len, t->prefix, empty);
	case T_NEAR_GROUP:
		p->pos++;
		return near_group(p, out, t->s, t->len, empty);
	case T_RPAREN:
		if (p->depth == 0) {
			clause_error_set("unbalanced parentheses in the query: "
					 "')' without '('");
			return CLAUSE_EUSAGE;
		}
		clause_error_set("empty parentheses in the query");
		return CLAUSE_EUSAGE;
	default:
		clause_error_set("%s needs a term after it%s",
				 p->pos ? tok_name(&p->v[p->pos - 1]) : "the query",
				 t->type == T_END ? "" : ", not another operator");
		if (p->pos == 0)
			clause_error_set("the query cannot start with %s",
					 tok_name(t));
		return CLAUSE_EUSAGE;
	}
}

/* Is the token a plain term that NEAR can join? */
static int nearable(const struct token *t)
{
	return t->type == T_WORD || t->type == T_PHRASE;
}

static int near_chain(struct parser *p, struct clause_buf *out, int *empty)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	long dist = -1;
	size_t n = 0;
	int r = 0, emp;

	if (!nearable(&p->v[p->pos]) || p->v[p->pos + 1].type != T_NEAR_OP)
		return primary(p, out, empty);
	/* a NEAR b NEAR/3 c: one NEAR group, the smallest distance. */
	for (;;) {
		struct token *t = &p->v[p->pos];
		if (!nearable(t)) {
			clause_error_set("NEAR needs a word or phrase on each side");
			r = CLAUSE_EUSAGE;
			goto done;
		}
		if (n)
			clause_buf_putc(&tmp, ' ');
		size_t before = tmp.len;
		if ((r = term(p, &tmp, t->s, t->len, t->prefix, &emp)) < 0)
			goto done;
		if (emp)
			clause_buf_truncate(&tmp, n ? before - 1 : before);
		else
			n++;
		p->pos++;
		if (p->v[p->pos].type != T_NEAR_OP)
			break;
		if (dist < 0 || p->v[p->pos].dist < dist)
			dist = p->v[p->pos].dist;
		p->pos++;
	}
	*empty = n == 0;
	if (n == 1)
		clause_buf_put(out, tmp.ptr, tmp.len);
	else if (n > 1)
		clause_buf_printf(out, "NEAR(%s, %ld)", tmp.ptr, dist);
done:
	clause_buf_release(&tmp);
	return r;
}

/* An AND group: items until OR, ')' or the end. */
static int parse_and(struct parser *p, struct clause_buf *out, int *empty)
{
	struct clause_buf pos = CLAUSE_BUF_INIT, neg = CLAUSE_BUF_INIT;
	size_t npos = 0, nneg = 0, items = 0;
	int r = 0;

	for (;;) {
		struct token *t = &p->v[p->pos];
		struct clause_buf one = CLAUSE_BUF_INIT;
		int negate = 0, emp = 0;

		if (t->type == T_END || t->type == T_OR ||
		    (t->type == T_RPAREN && p->depth > 0))
			break;
		if (t->type == T_AND) {
			if (items == 0 || p->v[p->pos + 1].type == T_END ||
			    p->v[p->pos + 1].type == T_OR ||
			    p->v[p->pos + 1].type == T_AND ||
			    p->v[p->pos + 1].type == T_RPAREN) {
				clause_error_set("AND needs a term on each side");
				r = CLAUSE_EUSAGE;
				goto done;
			}
			p->pos++;
			continue;
		}
		if (t->type == T_NOT || t->type == T_MINUS) {
			negate = 1;
			p->pos++;
			t = &p->v[p->pos];
			if (t->type == T_NOT || t->type == T_MINUS || t->type == T_AND ||
			    t->type == T_OR || t->type == T_END || t->type == T_RPAREN ||
			    t->type == T_NEAR_OP) {
				clause_error_set("NOT (or -) needs a term after it");
				r = CLAUSE_EUSAGE;
				goto done;
			}
		}
		if (t->type == T_NEAR_OP) {
			clause_error_set("NEAR needs a word or phrase on each side");
			r = CLAUSE_EUSAGE;
			goto done;
		}
		r = near_chain(p, &one, &emp);
		if (r < 0) {
			clause_buf_release(&one);
			goto done;
		}
		items++;
		if (!emp) {
			struct clause_buf *b = negate ? &neg : &pos;
			size_t *n = negate ? &nneg : &npos;
			/* Excluded items are ORed: (a) NOT (b OR c) drops
			 * whatever has either. */
			clause_buf_printf(b, "%s(%s)", !*n ? "" : negate ? " OR " : " AND ",
					  one.ptr);
			(*n)++;
		}
		clause_buf_release(&one);
	}
	if (items == 0) {
		struct token *t = &p->v[p->pos];
		if (t->type == T_RPAREN)
			clause_error_set("empty parentheses in the query");
		else if (p->pos == 0 && t->type == T_END)
			clause_error_set("empty query: give at least one word");
		else
			clause_error_set("OR needs a term on each side");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	*empty = npos == 0;
	if (npos == 0 && nneg > 0) {
		clause_error_set("a query cannot only exclude: say what to "
				 "search for besides NOT or -word");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	if (npos == 0)
		goto done;
	if (nneg)
		clause_buf_printf(out, "((%s) NOT (%s))", pos.ptr, neg.ptr);
	else
		clause_buf_printf(out, "(%s)", pos.ptr);
done:
	clause_buf_release(&pos);
	clause_buf_release(&neg);
	return r;
}

static int parse_or(struct parser *p, struct clause_buf *out, int *empty)
{
	struct clause_buf all = CLAUSE_BUF_INIT;
	size_t n = 0;
	int r = 0;

	for (;;) {
		struct clause_buf one = CLAUSE_BUF_INIT;
		int emp = 0;

		r = parse_and(p, &one, &emp);
		if (r == 0 && !emp) {
			clause_buf_printf(&all, "%s%s", n ? " OR " : "", one.ptr);
			n++;
		}
		clause_buf_release(&one);
		if (r < 0)
			goto done;
		if (p->v[p->pos].type != T_OR)
			break;
		p->pos++;
		if (p->v[p->pos].type == T_END || p->v[p->pos].type == T_OR ||
		    p->v[p->pos].type == T_RPAREN) {
			clause_error_set("OR needs a term on each side");
			r = CLAUSE_EUSAGE;
			goto done;
		}
	}
	*empty = n == 0;
	if (n)
		clause_buf_printf(out, "(%s)", all.ptr);
done:
	clause_buf_release(&all);
	return r;
}

/* Deepest nesting of parentheses in a MATCH expression, strings aside;
 * FTS5 fails with "parser stack overflow" on a NOT chain 33 deep. */
#define MAX_MATCH_NESTING 24

static int nesting(const char *s)
{
	int depth = 0, most = 0, quoted = 0;

	for (; *s; s++) {
		if (*s == '"')
			quoted = !quoted;	/* "" inside a string: twice */
		else if (!quoted && *s == '(' && ++depth > most)
			most = depth;
		else if (!quoted && *s == ')')
			depth--;
	}
	return most;
}

int clause_query_parse(struct clause_query *q, const char *text)
{
	struct parser p = { NULL, 0, 0, 0, 0, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT;
	int r, empty = 0;

	q->match = NULL;
	q->nterms = 0;
	if (strlen(text) > CLAUSE_QUERY_MAX_BYTES) {
		clause_error_set("the query is too long (%zu bytes; at most %d)",
				 strlen(text), CLAUSE_QUERY_MAX_BYTES);
		return CLAUSE_EUSAGE;
	}
	if ((r = lex(&p, text)) < 0)
		goto done;
	if ((r = parse_or(&p, &out, &empty)) < 0)
		goto done;
	if (p.v[p.pos].type == T_RPAREN) {
		clause_error_set("unbalanced parentheses in the query: "
				 "')' without '('");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	if (empty) {
		clause_error_set("the query has no words to search for");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	if (nesting(out.ptr) > MAX_MATCH_NESTING) {
		/* FTS5's own parser has a fixed stack: deeper, and the search
		 * would fail as if the index were broken. */
		clause_error_set("the query is too complex: its groups nest too "
				 "deep once AND, OR and NOT are spelled out; "
				 "use fewer parentheses or NOTs inside them");
		r = CLAUSE_EUSAGE;
		goto done;
	}
	q->nterms = p.terms;
	q->match = clause_buf_detach(&out);
	r = q->match ? 0 : CLAUSE_ERROR;
done:
	clause_buf_release(&out);
	free(p.v);
	return r;
}

void clause_query_release(struct clause_query *q)
{
	free(q->match);
	q->match = NULL;
	q->nterms = 0;
}

int clause_query_quantity(const char **unit, const char **op, double *value,
			  char *buf)
{
	static const char *const ops[] = { ">=", "<=", "!=", "==", "=", ">", "<", NULL };
	char *p = buf, *end;

	while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || *p == '-')
		p++;
	if (p == buf)
		return CLAUSE_EUSAGE;
	for (size_t i = 0; ops[i]; i++) {
		size_t n = strlen(ops[i]);
		if (strncmp(p, ops[i], n) != 0)
			continue;
		*op = ops[i];
		*value = strtod(p + n, &end);
		if (end == p + n || *end)
			return CLAUSE_EUSAGE;
		*p = '\0';
		*unit = buf;
		return 0;
	}
	return CLAUSE_EUSAGE;
}
