/* board.c: the bargaining board from the rounds of a negotiation
 * (board/board.h). */
#include "board/board.h"
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

/* The versions being read: one document a round, and the one whose acts
 * count (HEAD's, or the as-of round's). */
struct history {
	struct clause_doc **v;		/* per round, borrowed from parsed; may
					 * be NULL: not in that round */
	size_t n;
	struct clause_doc *acts;	/* borrowed, or NULL */
	struct clause_repo *repo;	/* where the blobs are */
	struct clause_doc **parsed;	/* owned, one a distinct blob; parsed
					 * from git they keep no tree */
	char (*blobs)[41];		/* their blobs, or NULL (work tree) */
	struct clause_map *maps;	/* per parsed: clause id -> clause */
	struct clause_doc **full;	/* per parsed: again with its tree,
					 * when the numbers need it, or NULL */
	size_t nparsed, cap;
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

/* Take doc (or NULL: not a document) into h, with the map of its
 * clauses. */
static int keep(struct history *h, struct clause_doc *doc)
{
	if (h->nparsed == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 8;
		void *p;

		if (!(p = realloc(h->parsed, cap * sizeof(*h->parsed))))
			goto oom;
		h->parsed = p;
		if (!(p = realloc(h->blobs, cap * sizeof(*h->blobs))))
			goto oom;
		h->blobs = p;
		if (!(p = realloc(h->maps, cap * sizeof(*h->maps))))
			goto oom;
		h->maps = p;
		if (!(p = realloc(h->full, cap * sizeof(*h->full))))
			goto oom;
		h->full = p;
		h->cap = cap;
	}
	h->parsed[h->nparsed] = doc;
	h->blobs[h->nparsed][0] = '\0';
	memset(&h->maps[h->nparsed], 0, sizeof(*h->maps));
	h->full[h->nparsed] = NULL;
	for (size_t i = 0; doc && i < doc->nclauses; i++)
		if (clause_map_put(&h->maps[h->nparsed], doc->clauses[i].id,
				   &doc->clauses[i], NULL) < 0) {
			clause_map_release(&h->maps[h->nparsed], NULL);
			goto oom;
		}
	h->nparsed++;
	return 0;
oom:
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

static size_t slot_of(const struct history *h, const struct clause_doc *d)
{
	for (size_t i = 0; i < h->nparsed; i++)
		if (h->parsed[i] == d)
			return i;
	return BOARD_NONE;
}

/* Clause `id` of version d (one of h's), or NULL. */
static const struct clause_clause *find(const struct history *h,
					const struct clause_doc *d,
					const char *id)
{
	size_t i = d ? slot_of(h, d) : BOARD_NONE;

	return i == BOARD_NONE ? NULL : clause_map_get(&h->maps[i], id);
}

/* Version d with its tree (for the numbers of a clause): d itself when
 * it kept it, else its blob parsed again, once. */
static struct clause_doc *with_tree(struct history *h, struct clause_doc *d)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	size_t i = slot_of(h, d);
	git_blob *blob = NULL;
	git_oid oid;

	if (d->xml || i == BOARD_NONE)
		return d;
	if (h->full[i] || !h->blobs[i][0] ||
	    git_oid_fromstr(&oid, h->blobs[i]) < 0 ||
	    git_blob_lookup(&blob, h->repo->git, &oid) < 0)
		return h->full[i];
	clause_doc_load(&h->full[i], NULL, d->path, git_blob_rawcontent(blob),
			(size_t)git_blob_rawsize(blob), 0, &probs);
	git_blob_free(blob);
	clause_problems_release(&probs);
	return h->full[i];
}

/* Parse blob `oid` (once: later asks get the same document). */
static int parse_blob(struct clause_doc **out, struct history *h,
		      struct clause_repo *repo, const git_oid *oid,
		      const char *display, int keep_tree)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	git_blob *blob = NULL;
	char hex[41];
	int r;

	git_oid_tostr(hex, sizeof(hex), oid);
	for (size_t i = 0; i < h->nparsed; i++)
		if (strcmp(h->blobs[i], hex) == 0) {
			*out = h->parsed[i];
			return 0;
		}
	*out = NULL;
	if ((r = git_blob_lookup(&blob, repo->git, oid)) < 0)
		return clause_error_from_git(r, "cannot read a blob");
	if (git_blob_rawsize(blob) <= CLAUSE_MAX_DOC_BYTES)
		clause_doc_load(out, NULL, display, git_blob_rawcontent(blob),
				(size_t)git_blob_rawsize(blob), 0, &probs);
	git_blob_free(blob);
	clause_problems_release(&probs);
	/* Texts and versions stay; the tree goes (a dozen trees of a big
	 * agreement cost more in page faults than parsing them). */
	if (!keep_tree)
		clause_doc_shed(*out);
	if ((r = keep(h, *out)) < 0) {
		clause_doc_free(*out);
		*out = NULL;
		return r;
	}
	memcpy(h->blobs[h->nparsed - 1], hex, 41);
	return 0;
}

struct scan {
	const char *doc;	/* the id looked for */
	struct clause_buf needle;	/* id="DOC" */
	struct clause_repo *repo;
	char *path;		/* where it is, once found */
	git_oid oid;
	int error;
};

/* A blob whose bytes hold id="DOC" is a candidate: the parse says. */
static int scan_one(const char *root, const git_tree_entry *te, void *payload)
{
	struct scan *sc = payload;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	const char *name = git_tree_entry_name(te);
	size_t len = strlen(name);
	struct clause_doc *d = NULL;
	git_blob *blob = NULL;
	int found = 0;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || len < 4 ||
	    strcmp(name + len - 4, ".xml") != 0)
		return 0;
	if (git_blob_lookup(&blob, sc->repo->git, git_tree_entry_id(te)) < 0) {
		git_error_clear();
		return 0;
	}
	if (git_blob_rawsize(blob) <= CLAUSE_MAX_DOC_BYTES &&
	    memmem(git_blob_rawcontent(blob), (size_t)git_blob_rawsize(blob),
		   sc->needle.ptr, sc->needle.len) &&
	    clause_doc_load_ex(&d, NULL, name, git_blob_rawcontent(blob),
			       (size_t)git_blob_rawsize(blob), 0,
			       CLAUSE_DOC_STRUCTURE, &probs) == 0 && d &&
	    strcmp(d->id, sc->doc) == 0) {
		struct clause_buf p = CLAUSE_BUF_INIT;
		clause_buf_printf(&p, "%s%s", root, name);
		sc->path = clause_buf_detach(&p);
		git_oid_cpy(&sc->oid, git_tree_entry_id(te));
		found = 1;
	}
	clause_doc_free(d);
	clause_problems_release(&probs);
	git_blob_free(blob);
	return found ? 1 : 0;	/* positive: stop the walk */
}

/* Document `doc` in the tree of commit `rev`: at `*path` when it is
 * there, else wherever the tree holds it (the search index says when it
 * knows; else the files that name the id are read).  *path is set to
 * where it was found; *out is NULL when the tree has no such document.
 * `keep_tree`: the document keeps its XML tree. */
static int doc_at(struct clause_doc **out, struct history *h,
		  struct clause_repo *repo, const char *rev, const char *doc,
		  char **path, int keep_tree)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct scan sc;
	git_commit *commit = NULL;
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	const struct clause_entry *e;
	git_oid oid;
	int r;

	*out = NULL;
	memset(&sc, 0, sizeof(sc));
	if ((r = clause_repo_commit_of(&commit, repo, rev)) < 0)
		return r;
	if ((r = git_commit_tree(&tree, commit)) < 0) {
		r = clause_error_from_git(r, "cannot read a tree");
		goto done;
	}
	if (*path && git_tree_entry_bypath(&te, tree, *path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		if ((r = parse_blob(out, h, repo, git_tree_entry_id(te), *path,
				    keep_tree)) < 0)
			goto done;
		if (*out && strcmp((*out)->id, doc) == 0)
			goto done;
	}
	git_error_clear();
	*out = NULL;
	lib.all = 1;
	lib.light = 1;
	lib.docs_only = 1;
	if (clause_index_library(&lib, repo, rev)) {
		r = 0;
		if (!(e = clause_library_find(&lib, doc)) ||
		    git_oid_fromstr(&oid, e->blob) < 0)
			goto done;
		sc.path = strdup(e->path);
	} else {
		sc.doc = doc;
		sc.repo = repo;
		clause_buf_printf(&sc.needle, "id=\"%s\"", doc);
		r = git_tree_walk(tree, GIT_TREEWALK_PRE, scan_one, &sc);
		git_error_clear();
		r = 0;
		if (!sc.path)
			goto done;
		git_oid_cpy(&oid, &sc.oid);
	}
	free(*path);
	if (!(*path = sc.path)) {
		clause_error_set("out of memory");
		r = CLAUSE_ERROR;
		goto done;
	}
	sc.path = NULL;
	r = parse_blob(out, h, repo, &oid, *path, keep_tree);
done:
	free(sc.path);
	clause_buf_release(&sc.needle);
	clause_library_release(&lib);
	git_tree_entry_free(te);
	git_tree_free(tree);
	git_commit_free(commit);
	return r;
}

static void history_release(struct history *h)
{
	for (size_t i = 0; i < h->nparsed; i++) {
		clause_doc_free(h->parsed[i]);
		clause_doc_free(h->full[i]);
		clause_map_release(&h->maps[i], NULL);
	}
	free(h->parsed);
	free(h->blobs);
	free(h->maps);
	free(h->full);
	free(h->v);
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
		if (!find(h, h->v[i], row->id))
			continue;
		if (same_party(b->rounds[i].party, "union"))
			u = i;
		else if (same_party(b->rounds[i].party, "employer"))
			e = i;
	}
	if (u == BOARD_NONE || e == BOARD_NONE)
		return 0;
	cu = find(h, h->v[u], row->id);
	ce = find(h, h->v[e], row->id);
	if (strcmp(cu->hash, ce->hash) == 0)
		return 0;
	/* The numbers are read from the trees. */
	du = with_tree(h, h->v[u]);
	de = with_tree(h, h->v[e]);
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
 * other side and not yet given up by the party that tabled it. */
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
	if (!tabler || same_party(by, tabler) || same_party(by, "joint") ||
	    !by)
		return;
	for (size_t j = d + 1; j < b->nrounds; j++)
		if (same_party(b->rounds[j].party, tabler) ||
		    same_party(b->rounds[j].party, "joint")) {
			row->status_round = j;
			row->status_by = b->rounds[j].party;
			return;
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
		c = find(h, h->v[i], id);
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
			find(h, h->acts, id) : NULL;
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
	if ((r = doc_at(&h.acts, &h, repo, hex, doc, &path, 1)) < 0)
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
		if ((r = doc_at(&d, &h, repo, rd->commit, doc, &path,
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
	history_release(&h);
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

	return c ? c : strcmp(a->round_name, b->round_name);
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
		if ((r = keep(&h, whole)) < 0) {
			clause_doc_free(whole);
			goto done;
		}
		h.v[h.nparsed - 1] = whole;
	}
	qsort(h.v, h.nparsed, sizeof(*h.v), by_round);
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
	history_release(&h);
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
