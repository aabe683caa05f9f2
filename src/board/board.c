/* board.c: the bargaining board from the rounds of a negotiation
 * (board/board.h). */
#include "board/board.h"
#include "board/internal.h"
#include "diff/cdiff.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "git/library.h"
#include "index/index.h"
#include "util/array.h"
#include "util/error.h"
#include "util/map.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

const char *const board_status_names[] = {
	"open", "countered", "ta", "withdrawn", "rejected", "agreed-unchanged"
};

static char *dup0(const char *s)
{
	return s ? strdup(s) : NULL;
}

static int same_party(const char *a, const char *b)
{
	return a && b && strcmp(a, b) == 0;
}

static int is_base_status(const char *s)
{
	return s && (strcmp(s, "ratified") == 0 || strcmp(s, "expired") == 0 ||
		     strcmp(s, "superseded") == 0);
}

/* ---- Rows ------------------------------------------------------------ */

/* Every clause id of the versions, in the order of the latest that has
 * it: a clause dropped along the way goes after the clause it followed
 * when it was last there. */
static int clause_order(char ***out, size_t *n, const struct history *h)
{
	struct clause_map seen = CLAUSE_MAP_INIT;
	char **ids = NULL;
	size_t nids = 0, cap = 0;
	int r = 0;

	for (size_t v = h->n; v-- > 0 && r == 0;) {
		const struct clause_doc *d = h->v[v];
		size_t at = 0;

		for (size_t i = 0; d && i < d->nclauses && r == 0; i++) {
			const char *id = d->clauses[i].id;
			size_t *pos;

			if (clause_map_get(&seen, id)) {
				/* insert what follows after this one */
				for (at = 0; at < nids && strcmp(ids[at], id) != 0; at++)
					;
				at++;
				continue;
			}
			if (CLAUSE_GROW(ids, nids, cap) < 0) {
				r = -1;
				break;
			}
			memmove(ids + at + 1, ids + at, (nids - at) * sizeof(*ids));
			ids[at++] = (char *)id;
			nids++;
			pos = (size_t *)1;
			if (clause_map_put(&seen, id, pos, NULL) < 0)
				r = -1;
		}
	}
	clause_map_release(&seen, NULL);
	if (r < 0) {
		free(ids);
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	*out = ids;
	*n = nids;
	return 0;
}

static const char *article_name(const struct clause_doc *d,
				const struct clause_clause *c)
{
	for (size_t i = 0; c->article && i < d->narticles; i++)
		if (strcmp(d->articles[i].id, c->article) == 0)
			return d->articles[i].heading ? d->articles[i].heading :
			       d->articles[i].num;
	return NULL;
}

/* Index of the round named `name`, or BOARD_NONE. */
static size_t round_index(const struct board *b, const char *name)
{
	for (size_t i = 0; name && i < b->nrounds; i++)
		if (strcasecmp(b->rounds[i].name, name) == 0)
			return i;
	return BOARD_NONE;
}

/* The numbers where the union's latest version and the employer's
 * differ. */
static int add_gaps(struct board_row *row, struct history *h,
		    const struct board *b)
{
	struct clause_cdiff d = CLAUSE_CDIFF_INIT;
	size_t u = BOARD_NONE, e = BOARD_NONE;
	const struct clause_clause *cu, *ce;
	struct clause_doc *du, *de;
	int r;

	for (size_t i = 0; i < h->n; i++) {
		if (!board_history_find(h, h->v[i], row->id))
			continue;
		if (same_party(b->rounds[i].party, "union"))
			u = i;
		else if (same_party(b->rounds[i].party, "employer"))
			e = i;
	}
	if (u == BOARD_NONE || e == BOARD_NONE)
		return 0;
	cu = board_history_find(h, h->v[u], row->id);
	ce = board_history_find(h, h->v[e], row->id);
	if (strcmp(cu->hash, ce->hash) == 0)
		return 0;
	/* The numbers are read from the trees. */
	du = board_history_tree(h, h->v[u]);
	de = board_history_tree(h, h->v[e]);
	if (!du || !de)
		return 0;
	cu = &du->clauses[cu - h->v[u]->clauses];
	ce = &de->clauses[ce - h->v[e]->clauses];
	if ((r = clause_cdiff_clauses(&d, du, cu, NULL, de, ce, NULL, NULL)) < 0)
		return r;
	for (size_t i = 0; i < d.n; i++) {
		const struct clause_cdiff_doc *dd = &d.v[i];
		row->gaps = calloc(dd->nnums ? dd->nnums : 1, sizeof(*row->gaps));
		if (!row->gaps) {
			r = CLAUSE_ERROR;
			break;
		}
		for (size_t k = 0; k < dd->nnums; k++) {
			row->gaps[k].union_side = dup0(dd->nums[k].old);
			row->gaps[k].employer_side = dup0(dd->nums[k].new);
		}
		row->ngaps = dd->nnums;
		break;
	}
	clause_cdiff_release(&d);
	if (r < 0)
		clause_error_set("out of memory");
	return r < 0 ? CLAUSE_ERROR : 0;
}

static void copy_act(struct board_row *row, const struct clause_act *a)
{
	row->has_act = 1;
	row->act.date = dup0(a->date);
	row->act.by = dup0(a->by);
	row->act.round = dup0(a->round);
	row->act.note = dup0(a->note);
}

/* A clause gone from the latest round: withdrawn, or struck by the
 * other side and not yet given up by the party that tabled it.  Language
 * of the agreement in force (no tabler) struck by one side stands struck
 * until a round of the other side leaves it out too. */
static void dropped(struct board_row *row, const struct board *b,
		    size_t last_there, const char *tabler)
{
	size_t d = last_there + 1;
	const char *by = b->rounds[d].party;

	row->dropped = 1;
	row->last = d;
	row->status = BOARD_WITHDRAWN;
	row->status_round = d;
	row->status_by = by;
	if (!by || same_party(by, "joint") || same_party(by, tabler))
		return;
	for (size_t j = d + 1; j < b->nrounds; j++) {
		const char *p = b->rounds[j].party;
		if (tabler ? same_party(p, tabler) || same_party(p, "joint")
			   : p && !same_party(p, by)) {
			row->status_round = j;
			row->status_by = tabler ? p : by;
			return;
		}
	}
	row->status = BOARD_COUNTERED;
	row->struck = 1;
}

/* Status of a clause on the table in the latest round. */
static void standing(struct board_row *row, const struct board *b,
		     const struct clause_clause *acts, int base_only,
		     int countered)
{
	const struct clause_act *ta = acts ? clause_clause_ta(acts) : NULL;
	const struct clause_act *last = acts ? clause_clause_last_act(acts) : NULL;

	if (ta) {
		row->status = BOARD_TA;
		copy_act(row, ta);
		return;
	}
	if (last && last->kind == CLAUSE_ACT_REJECT) {
		size_t r = round_index(b, last->round);
		/* A rejection holds until the language changes after it. */
		if (r == BOARD_NONE || row->last <= r) {
			row->status = BOARD_REJECTED;
			copy_act(row, last);
			return;
		}
	}
	if (last && last->kind == CLAUSE_ACT_REOPEN) {
		row->reopened = 1;
		copy_act(row, last);
	}
	row->status = base_only ? BOARD_UNCHANGED :
		      countered ? BOARD_COUNTERED : BOARD_OPEN;
}

static int make_row(struct board_row *row, const char *id,
		    struct history *h, const struct board *b)
{
	size_t first = BOARD_NONE, last = BOARD_NONE, last_there = BOARD_NONE;
	const struct clause_clause *prev = NULL, *c = NULL, *latest = NULL;
	const struct clause_doc *latest_doc = NULL;
	const char *tabler = NULL;
	int countered = 0;

	memset(row, 0, sizeof(*row));
	row->status_round = BOARD_NONE;
	for (size_t i = 0; i < h->n; i++, prev = c) {
		c = board_history_find(h, h->v[i], id);
		if (!c)
			continue;
		last_there = i;
		latest = c;
		latest_doc = h->v[i];
		if (first == BOARD_NONE) {
			first = last = i;
			row->nrounds = b->rounds[i].base ? 0 : 1;
			tabler = b->rounds[i].base ? NULL : b->rounds[i].party;
			continue;
		}
		if (prev && strcmp(prev->hash, c->hash) == 0)
			continue;
		last = i;
		row->nrounds++;
		if (!tabler)
			tabler = b->rounds[i].party;	/* opened the old text */
		else if (!same_party(b->rounds[i].party, tabler))
			countered = 1;
	}
	if (!(row->id = strdup(id)))
		return CLAUSE_ERROR;
	row->first = first;
	row->last = last;
	row->num = dup0(latest->num);
	row->heading = dup0(latest->heading);
	row->article = dup0(article_name(latest_doc, latest));
	if (last_there + 1 < h->n) {
		dropped(row, b, last_there, tabler);
	} else {
		const struct clause_clause *a = h->acts ?
			board_history_find(h, h->acts, id) : NULL;
		standing(row, b, a ? a : latest, row->nrounds == 0, countered);
		if (a && strcmp(a->hash, latest->hash) != 0)
			row->draft = 1;
	}
	row->current_by = b->rounds[row->last].party;
	if (row->status == BOARD_OPEN || row->status == BOARD_COUNTERED ||
	    row->status == BOARD_REJECTED)
		return add_gaps(row, h, b);
	return 0;
}

static int make_rows(struct board *b, struct history *h)
{
	char **ids = NULL;
	size_t n = 0;
	int r;

	if ((r = clause_order(&ids, &n, h)) < 0)
		return r;
	b->rows = calloc(n ? n : 1, sizeof(*b->rows));
	if (!b->rows) {
		free(ids);
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < n; i++) {
		if ((r = make_row(&b->rows[i], ids[i], h, b)) < 0) {
			if (r == CLAUSE_ERROR)
				clause_error_set("out of memory");
			break;
		}
		b->nrows++;
		b->totals[b->rows[i].status]++;
	}
	free(ids);
	return r;
}

/* ---- Rounds ---------------------------------------------------------- */

/* Name, party and date of round i from its document where it says
 * (the <round> of its metadata, when it names the same round). */
static int fill_round(struct board_round *br, const char *name,
		      const char *label, const char *party, const char *date,
		      const struct clause_doc *d)
{
	int same = d && d->round_name && strcasecmp(d->round_name, name) == 0;

	br->name = strdup(name);
	br->label = strdup(label);
	br->party = dup0(party ? party : same ? d->round_by : NULL);
	br->date = dup0(same && d->round_date ? d->round_date : date);
	br->base = d && is_base_status(d->status) &&
		   (!br->party || strcmp(br->party, "joint") == 0);
	return br->name && br->label ? 0 : CLAUSE_ERROR;
}

/* Only the leading rounds of agreements in force are the old agreement:
 * a later round is a proposal, whatever its document's status says. */
static void leading_base(struct board *b)
{
	for (size_t i = 1; i < b->nrounds; i++)
		if (!b->rounds[i - 1].base)
			b->rounds[i].base = 0;
}

static int finish(struct board *b, struct history *h, const char *name)
{
	const struct clause_doc *latest = NULL;

	for (size_t i = h->n; i-- > 0 && !latest;)
		latest = h->v[i];
	leading_base(b);
	if (!(b->name = strdup(name)))
		return CLAUSE_ERROR;
	b->title = latest ? dup0(latest->title) : NULL;
	b->as_of = b->nrounds ? strdup(b->rounds[b->nrounds - 1].label) : NULL;
	return make_rows(b, h);
}

int board_of_doc(struct board *b, struct clause_repo *repo, const char *doc,
		 const char *as_of)
{
	struct clause_rounds rounds = { NULL, 0 };
	struct history h;
	git_commit *end = NULL;
	char *path = NULL, hex[41];
	const char *want = as_of && strncmp(as_of, CLAUSE_ROUND_PREFIX,
					    strlen(CLAUSE_ROUND_PREFIX)) == 0 ?
			   as_of + strlen(CLAUSE_ROUND_PREFIX) : as_of;
	size_t stop = BOARD_NONE, last_u = BOARD_NONE, last_e = BOARD_NONE;
	char *in = NULL;
	int r;

	memset(b, 0, sizeof(*b));
	memset(&h, 0, sizeof(h));
	h.repo = repo;
	if ((r = clause_round_list(&rounds, repo)) < 0)
		goto done;
	for (size_t i = 0; want && i < rounds.n; i++)
		if (strcmp(rounds.v[i].name, want) == 0)
			stop = i;
	if (want && stop == BOARD_NONE) {
		clause_error_set("no round '%s' (clause round list)", as_of);
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	if ((r = clause_repo_commit_of(&end, repo, want ? rounds.v[stop].commit :
				       "HEAD")) < 0)
		goto done;
	git_oid_tostr(hex, sizeof(hex), git_commit_id(end));
	if ((r = board_history_doc_at(&h.acts, &h, repo, hex, doc, &path, 1)) < 0)
		goto done;
	if (!h.acts) {
		clause_error_set("no document '%s' at %s", doc, as_of ? as_of : "HEAD");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	b->rounds = calloc(rounds.n ? rounds.n : 1, sizeof(*b->rounds));
	h.v = calloc(rounds.n ? rounds.n : 1, sizeof(*h.v));
	in = calloc(rounds.n ? rounds.n : 1, 1);
	if (!b->rounds || !h.v || !in) {
		r = CLAUSE_ERROR;
		goto done;
	}
	/* The rounds of this history; the numbers are read from the last
	 * of each side, which keep their trees. */
	for (size_t i = 0; i < rounds.n && (stop == BOARD_NONE || i <= stop); i++) {
		const struct clause_round *rd = &rounds.v[i];
		git_oid oid;

		if (git_oid_fromstr(&oid, rd->commit) < 0 ||
		    (!git_oid_equal(&oid, git_commit_id(end)) &&
		     git_graph_descendant_of(repo->git, git_commit_id(end), &oid) != 1)) {
			git_error_clear();
			continue;	/* not in this history */
		}
		in[i] = 1;
		if (same_party(rd->party, "union"))
			last_u = i;
		else if (same_party(rd->party, "employer"))
			last_e = i;
	}
	for (size_t i = 0; i < rounds.n; i++) {
		const struct clause_round *rd = &rounds.v[i];
		struct clause_buf label = CLAUSE_BUF_INIT;
		struct clause_doc *d = NULL;
		char date[11];

		if (!in[i])
			continue;
		if ((r = board_history_doc_at(&d, &h, repo, rd->commit, doc, &path,
				i == last_u || i == last_e)) < 0)
			goto done;
		{
			time_t t = (time_t)(rd->when + rd->offset * 60);
			struct tm tm;
			gmtime_r(&t, &tm);
			strftime(date, sizeof(date), "%Y-%m-%d", &tm);
		}
		clause_buf_printf(&label, CLAUSE_ROUND_PREFIX "%s", rd->name);
		r = fill_round(&b->rounds[b->nrounds], rd->name, label.ptr,
			       rd->party, date, d);
		clause_buf_release(&label);
		if (r < 0)
			goto done;
		h.v[b->nrounds++] = d;
		h.n = b->nrounds;
		if (i == stop)
			break;
	}
	if (!b->nrounds) {
		clause_error_set("no round holds '%s' yet: table one with clause "
				 "round add", doc);
		r = CLAUSE_EINVALID;
		goto done;
	}
	r = finish(b, &h, doc);
done:
	if (r == CLAUSE_ERROR && !*clause_error_last())
		clause_error_set("out of memory");
	if (r < 0)
		board_release(b);	/* a failure leaves nothing to release */
	board_history_release(&h);
	git_commit_free(end);
	free(path);
	free(in);
	clause_rounds_release(&rounds);
	return r;
}

/* Documents of one negotiation, by round date, then round name. */
static int by_round(const void *pa, const void *pb)
{
	const struct clause_doc *a = *(struct clause_doc *const *)pa;
	const struct clause_doc *b = *(struct clause_doc *const *)pb;
	int c = strcmp(a->round_date ? a->round_date : "",
		       b->round_date ? b->round_date : "");

	return c ? c : strverscmp(a->round_name, b->round_name);
}

int board_of_negotiation(struct board *b, struct clause_repo *repo,
			 const char *name, const char *as_of)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct history h;
	size_t n = 0;
	int r;

	memset(b, 0, sizeof(*b));
	memset(&h, 0, sizeof(h));
	if (as_of && strncmp(as_of, CLAUSE_ROUND_PREFIX,
			     strlen(CLAUSE_ROUND_PREFIX)) == 0)
		as_of += strlen(CLAUSE_ROUND_PREFIX);
	lib.all = 1;
	lib.light = 1;
	if ((r = clause_library_load(&lib, repo, NULL, NULL, 0)) < 0)
		goto done;
	for (size_t i = 0; i < lib.n; i++) {
		const struct clause_doc *d = lib.v[i].doc;
		if (d && d->round_negotiation && d->round_name &&
		    strcmp(d->round_negotiation, name) == 0)
			n++;
	}
	if (!n) {
		clause_error_set("no document is a round of negotiation '%s' "
				 "(<round negotiation=\"%s\"> in its metadata)",
				 name, name);
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	h.repo = repo;
	h.v = calloc(n, sizeof(*h.v));
	b->rounds = calloc(n, sizeof(*b->rounds));
	if (!h.v || !b->rounds) {
		r = CLAUSE_ERROR;
		goto done;
	}
	for (size_t i = 0; i < lib.n; i++) {
		const struct clause_doc *d = lib.v[i].doc;
		struct clause_doc *whole = NULL;
		if (!d || !d->round_negotiation || !d->round_name ||
		    strcmp(d->round_negotiation, name) != 0)
			continue;
		if ((r = clause_library_reload(&whole, &lib, repo, &lib.v[i])) < 0)
			goto done;
		if ((r = board_history_keep(&h, whole)) < 0) {
			clause_doc_free(whole);
			goto done;
		}
		h.v[h.nparsed - 1] = whole;
	}
	clause_qsort(h.v, h.nparsed, sizeof(*h.v), by_round);
	for (size_t i = 0; i < h.nparsed; i++) {
		struct clause_doc *d = h.v[i];
		if ((r = fill_round(&b->rounds[i], d->round_name, d->id,
				    d->round_by, d->round_date, d)) < 0)
			goto done;
		h.v[i] = d;
		b->nrounds = h.n = i + 1;
		if (as_of && (strcasecmp(d->round_name, as_of) == 0 ||
			      strcmp(d->id, as_of) == 0))
			break;
	}
	if (as_of && !(strcasecmp(h.v[h.n - 1]->round_name, as_of) == 0 ||
		       strcmp(h.v[h.n - 1]->id, as_of) == 0)) {
		clause_error_set("no round '%s' in negotiation '%s'", as_of, name);
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	h.acts = h.v[h.n - 1];
	r = finish(b, &h, name);
done:
	if (r == CLAUSE_ERROR && !*clause_error_last())
		clause_error_set("out of memory");
	if (r < 0)
		board_release(b);
	board_history_release(&h);
	clause_library_release(&lib);
	return r;
}

void board_release(struct board *b)
{
	for (size_t i = 0; i < b->nrounds; i++) {
		free(b->rounds[i].name);
		free(b->rounds[i].label);
		free(b->rounds[i].party);
		free(b->rounds[i].date);
	}
	for (size_t i = 0; i < b->nrows; i++) {
		struct board_row *row = &b->rows[i];
		free(row->id);
		free(row->num);
		free(row->heading);
		free(row->article);
		free(row->act.date);
		free(row->act.by);
		free(row->act.round);
		free(row->act.note);
		for (size_t k = 0; k < row->ngaps; k++) {
			free(row->gaps[k].union_side);
			free(row->gaps[k].employer_side);
		}
		free(row->gaps);
	}
	free(b->rounds);
	free(b->rows);
	free(b->name);
	free(b->title);
	free(b->as_of);
	memset(b, 0, sizeof(*b));
}
