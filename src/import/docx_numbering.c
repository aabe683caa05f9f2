/* docx_numbering.c: Word's styles and list numbering: what a paragraph's
 * style chain and list make of it, and the number Word prints before it
 * (which in a Word contract is rarely in the text). */
#include "import/docx.h"

/*
 * Styles and numbering definitions.
 */

static int map_add(struct clause_map *m, const char *key, void *value)
{
	void *old = NULL;

	if (clause_map_put(m, key, value, &old) < 0) {
		free(value);
		return CLAUSE_ERROR;
	}
	free(old);		/* a later definition of one id wins */
	return 0;
}

static int load_style(struct docx *d, xmlNodePtr s)
{
	const char *id = attr(s, "styleId", W_NS);
	const char *type = attr(s, "type", W_NS), *dflt = attr(s, "default", W_NS);
	xmlNodePtr ppr = w_child(s, "pPr"), numpr = w_child(ppr, "numPr");
	struct style *st;

	if (!id)
		return 0;
	if (!(st = calloc(1, sizeof(*st))))
		return CLAUSE_ERROR;
	st->name = wval(w_child(s, "name"));
	st->based_on = wval(w_child(s, "basedOn"));
	st->outline = wint(w_child(ppr, "outlineLvl"), -1) + 1;
	st->num_id = wval(w_child(numpr, "numId"));
	st->ilvl = wint(w_child(numpr, "ilvl"), -1);
	if (type && !strcmp(type, "paragraph") && dflt &&
	    (!strcmp(dflt, "1") || !strcmp(dflt, "true")))
		d->default_style = id;	/* what a paragraph without w:pStyle has */
	return map_add(&d->styles, id, st);
}

int docx_load_styles(struct docx *d)
{
	xmlNodePtr root = d->styles_doc ? xmlDocGetRootElement(d->styles_doc) : NULL;

	for (xmlNodePtr c = root ? root->children : NULL; c; c = c->next)
		if (is_w(c, "style") && load_style(d, c) < 0)
			return CLAUSE_ERROR;
	return 0;
}

static void load_lvl(struct lvl *l, xmlNodePtr n)
{
	l->defined = 1;
	l->start = wint(w_child(n, "start"), 1);
	l->fmt = wval(w_child(n, "numFmt"));
	l->text = wval(w_child(n, "lvlText"));
	l->pstyle = wval(w_child(n, "pStyle"));
	l->restart = wint(w_child(n, "lvlRestart"), -1);
	l->legal = wbool(w_child(n, "isLgl"));
	if (!l->fmt)
		l->fmt = "decimal";
}

/* The w:lvl children of n into lvl[], by their w:ilvl. */
static void load_lvls(struct lvl *lvl, xmlNodePtr n)
{
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int i = is_w(c, "lvl") ? wnum(c, "ilvl", -1) : -1;

		if (i >= 0 && i < NLVL)
			load_lvl(&lvl[i], c);
	}
}

static int load_abstract(struct docx *d, xmlNodePtr n)
{
	const char *id = attr(n, "abstractNumId", W_NS);
	struct abstract *a;

	if (!id)
		return 0;
	if (!(a = calloc(1, sizeof(*a))))
		return CLAUSE_ERROR;
	load_lvls(a->lvl, n);
	a->link = wval(w_child(n, "numStyleLink"));
	return map_add(&d->abstracts, id, a);
}

static int load_num(struct docx *d, xmlNodePtr n)
{
	const char *id = attr(n, "numId", W_NS);
	struct num *num;

	if (!id)
		return 0;
	if (!(num = calloc(1, sizeof(*num))))
		return CLAUSE_ERROR;
	num->abstract_id = wval(w_child(n, "abstractNumId"));
	for (int i = 0; i < NLVL; i++)
		num->start[i] = -1;
	for (xmlNodePtr c = n->children; c; c = c->next) {
		int i = is_w(c, "lvlOverride") ? wnum(c, "ilvl", -1) : -1;
		xmlNodePtr lvl = w_child(c, "lvl");

		if (i < 0 || i >= NLVL)
			continue;
		if (w_child(c, "startOverride"))
			num->start[i] = wint(w_child(c, "startOverride"), 1);
		if (lvl)
			load_lvl(&num->lvl[i], lvl);
	}
	return map_add(&d->nums, id, num);
}

int docx_load_numbering(struct docx *d)
{
	xmlNodePtr root = d->numbering_doc ?
			  xmlDocGetRootElement(d->numbering_doc) : NULL;
	int r = 0;

	for (xmlNodePtr c = root ? root->children : NULL; c && !r; c = c->next) {
		if (is_w(c, "abstractNum"))
			r = load_abstract(d, c);
		else if (is_w(c, "num"))
			r = load_num(d, c);
	}
	return r;
}

/* A num's definition, through w:numStyleLink (a list style whose
 * numbering is another num's): NULL when it leads nowhere. */
static struct abstract *abstract_of(struct docx *d, struct num *num)
{
	struct abstract *a = num && num->abstract_id ?
			     clause_map_get(&d->abstracts, num->abstract_id) : NULL;

	for (int hops = 0; a && a->link && hops < MAX_CHAIN; hops++) {
		struct style *st = clause_map_get(&d->styles, a->link);
		struct num *n = st && st->num_id ?
				clause_map_get(&d->nums, st->num_id) : NULL;

		a = n && n->abstract_id ?
		    clause_map_get(&d->abstracts, n->abstract_id) : NULL;
	}
	return a && a->link ? NULL : a;
}

/*
 * Numbers.
 */

/* n in the format `fmt` onto b. */
static int put_number(struct clause_buf *b, int n, const char *fmt)
{
	static const char *const roman[] = { "m", "cm", "d", "cd", "c", "xc",
		"l", "xl", "x", "ix", "v", "iv", "i" };
	static const int value[] = { 1000, 900, 500, 400, 100, 90, 50, 40, 10,
		9, 5, 4, 1 };
	int upper = !strncmp(fmt, "upper", 5);

	if ((!strcmp(fmt, "lowerLetter") || !strcmp(fmt, "upperLetter")) &&
	    n >= 1 && n <= 26 * 20) {
		/* Word's letters: a..z, then aa..zz, aaa... */
		for (int i = 0; i <= (n - 1) / 26; i++)
			if (clause_buf_putc(b, (char)((upper ? 'A' : 'a') +
						      (n - 1) % 26)) < 0)
				return -1;
		return 0;
	}
	if ((!strcmp(fmt, "lowerRoman") || !strcmp(fmt, "upperRoman")) &&
	    n >= 1 && n < 4000) {
		for (size_t i = 0; i < sizeof(value) / sizeof(*value); i++)
			for (; n >= value[i]; n -= value[i])
				for (const char *c = roman[i]; *c; c++)
					if (clause_buf_putc(b, (char)(upper ?
						*c - 'a' + 'A' : *c)) < 0)
						return -1;
		return 0;
	}
	if (!strcmp(fmt, "decimalZero") && n >= 0 && n < 10)
		return clause_buf_printf(b, "0%d", n);
	/* decimal, and what has no Latin rendering (ordinalText, chicago,
	 * Hebrew or Japanese counting...): its number. */
	return clause_buf_printf(b, "%d", n);
}

/* Level i of a list: the num's override, the definition's, or (a level
 * neither defines, which lvlText may still name) plain decimals. */
static const struct lvl *level_def(struct abstract *a, struct num *num, int i)
{
	static const struct lvl undefined = { 0, 1, "decimal", NULL, NULL, -1, 0 };

	if (num->lvl[i].defined)
		return &num->lvl[i];
	return a->lvl[i].defined ? &a->lvl[i] : &undefined;
}

static int level_start(struct abstract *a, struct num *num, int i)
{
	return num->start[i] >= 0 ? num->start[i] : level_def(a, num, i)->start;
}

/* Count a paragraph at level `ilvl` of `num`: its counter advances and
 * the levels below restart (unless their w:lvlRestart says otherwise). */
static void advance(struct abstract *a, struct num *num, int ilvl)
{
	if (!num->used) {
		num->used = 1;
		for (int i = 0; i < NLVL; i++)
			if (num->start[i] >= 0)
				a->started[i] = 0;
	}
	if (a->started[ilvl] && a->count[ilvl] < 1000000)
		a->count[ilvl]++;
	else if (!a->started[ilvl])
		a->count[ilvl] = level_start(a, num, ilvl);
	a->started[ilvl] = 1;
	for (int i = ilvl + 1; i < NLVL; i++) {
		int rs = level_def(a, num, i)->restart;

		if (rs < 0 || ilvl < rs)
			a->started[i] = 0;
	}
}

/* The label w:lvlText gives at level `ilvl`, its %1..%9 replaced. */
static int render(struct clause_buf *b, struct abstract *a, struct num *num,
		  int ilvl)
{
	const struct lvl *l = level_def(a, num, ilvl);

	for (const char *p = l->text ? l->text : ""; *p; p++) {
		int k = p[0] == '%' && p[1] >= '1' && p[1] <= '9' ? p[1] - '1' : -1;
		int r;

		if (k < 0) {
			r = clause_buf_putc(b, *p);
		} else {
			const struct lvl *lk = level_def(a, num, k);
			int n = a->started[k] ? a->count[k] : level_start(a, num, k);

			r = put_number(b, n, l->legal ? "decimal" : lk->fmt);
			p++;
		}
		if (r < 0)
			return CLAUSE_ERROR;
	}
	return 0;
}

/*
 * Paragraph properties, through the style's basedOn chain.
 */

static int heading_name(const char *name)
{
	if (!name)
		return 0;
	if (!strcasecmp(name, "title"))
		return 1;
	if (!strncasecmp(name, "heading ", 8) && name[8] >= '1' &&
	    name[8] <= '9' && !name[9])
		return name[8] - '0';
	return 0;
}

/* What the style chain from `id` says: heading level, and list. */
static void style_props(struct docx *d, const char *id, struct para *pp,
			const char **num_id, int *ilvl)
{
	for (int hops = 0; id && hops < MAX_CHAIN; hops++) {
		struct style *st = clause_map_get(&d->styles, id);

		if (!st)
			break;
		if (!pp->heading)
			pp->heading = heading_name(st->name);
		if (!pp->heading && st->outline >= 1 && st->outline <= NLVL)
			pp->heading = st->outline;
		if (!*num_id && st->num_id) {
			*num_id = st->num_id;
			if (*ilvl < 0)
				*ilvl = st->ilvl;
		}
		id = st->based_on;
	}
}

/* A style's list level, when its numbering names the style (w:pStyle
 * in a w:lvl: how Word and LibreOffice number headings). */
static int style_level(struct abstract *a, const char *style)
{
	for (int i = 0; style && i < NLVL; i++)
		if (a->lvl[i].pstyle && !strcmp(a->lvl[i].pstyle, style))
			return i;
	return 0;
}

static void para_props(struct docx *d, xmlNodePtr p, struct para *pp)
{
	xmlNodePtr ppr = w_child(p, "pPr"), numpr = w_child(ppr, "numPr");
	xmlNodePtr mark = w_child(w_child(ppr, "rPr"), "del");
	const char *style = wval(w_child(ppr, "pStyle"));
	const char *num_id = wval(w_child(numpr, "numId"));
	int ilvl = wint(w_child(numpr, "ilvl"), -1);
	int outline = wint(w_child(ppr, "outlineLvl"), -1);
	const struct lvl *l;

	memset(pp, 0, sizeof(*pp));
	pp->mark_deleted = mark != NULL;
	if (!style)
		style = d->default_style;
	if (outline >= 0 && outline < NLVL)
		pp->heading = outline + 1;
	style_props(d, style, pp, &num_id, &ilvl);
	if (outline == NLVL)		/* "body text": not a heading */
		pp->heading = 0;
	if (!num_id || !strcmp(num_id, "0") ||
	    !(pp->num = clause_map_get(&d->nums, num_id)) ||
	    !(pp->abs = abstract_of(d, pp->num))) {
		pp->num = NULL;
		return;
	}
	pp->ilvl = ilvl >= 0 && ilvl < NLVL ? ilvl : style_level(pp->abs, style);
	l = level_def(pp->abs, pp->num, pp->ilvl);
	/* A level that is not defined, or numbered "none", shows nothing. */
	if (!l->defined || !strcmp(l->fmt, "none"))
		pp->num = NULL;
}

static int is_bullet(const struct para *pp)
{
	return !strcmp(level_def(pp->abs, pp->num, pp->ilvl)->fmt, "bullet");
}

int docx_para_props(struct docx *d, xmlNodePtr p, struct para *pp,
		    struct clause_buf *label)
{
	para_props(d, p, pp);
	if (!pp->num)
		return 0;
	pp->bullet = is_bullet(pp);
	advance(pp->abs, pp->num, pp->ilvl);
	return render(label, pp->abs, pp->num, pp->ilvl) < 0 ? CLAUSE_ERROR : 0;
}
