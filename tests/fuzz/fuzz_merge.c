/* fuzz_merge.c: the clause merge of three arbitrary documents (base,
 * ours, theirs: the input split at bytes 0x01).  When all three load and
 * the merge succeeds, the result loads, no clause id stands twice, and
 * nothing is lost: a clause either side changed or added is in the
 * result (under the new id the other side gave it, if it did), or in a
 * conflict, unless the other side removed it and this side left it as
 * the base had it. */
#include "fuzz.h"

#include <string.h>

#include "doc/doc.h"
#include "merge/merge.h"
#include "merge/rename.h"
#include "util/map.h"

static struct clause_doc *load(const char *s)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *d = NULL;

	if (clause_doc_load(&d, NULL, "m.xml", s, strlen(s), 1, &probs) != 0)
		d = NULL;
	clause_problems_release(&probs);
	return d;
}

/* Is clause id somewhere in the result: a clause, or a conflict's? */
static int kept(const struct clause_doc *m, const char *id)
{
	return clause_doc_clause(m, id) || clause_doc_conflict(m, id);
}

static void nothing_lost(const struct clause_doc *m, const struct clause_doc *b,
			 const struct clause_doc *side,
			 const struct clause_doc *other, const char *name)
{
	struct clause_map from_base = CLAUSE_MAP_INIT, to_base = CLAUSE_MAP_INIT;

	/* A clause the other side gave a new id stands under that id, with
	 * this side's edit of its words (or in a conflict). */
	if (b)
		FUZZ_ASSERT(clause_merge_renames(&from_base, &to_base, b, other) == 0,
			    "cannot find renames");
	for (size_t i = 0; i < side->nclauses; i++) {
		const struct clause_clause *c = &side->clauses[i];
		const struct clause_clause *was = b ? clause_doc_clause(b, c->id) : NULL;
		const char *renamed = was ? clause_map_get(&from_base, was->id) : NULL;
		int unchanged = was && strcmp(was->hash, c->hash) == 0;

		if (unchanged && !clause_doc_clause(other, c->id))
			continue;	/* removed by the other side */
		if (c->parent)
			continue;	/* goes with its clause */
		FUZZ_ASSERT(kept(m, c->id) || (was && !unchanged &&
						clause_doc_conflict(m, was->id)) ||
			    (renamed && kept(m, renamed)),
			    "clause '%s' of %s lost", c->id, name);
	}
	clause_map_release(&from_base, NULL);
	clause_map_release(&to_base, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *part[3];
	struct clause_doc *b, *o, *t, *m;
	struct clause_merge_input in[3];
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_buf out = CLAUSE_BUF_INIT;
	size_t conflicts = 0;

	if (size > 200000)
		return 0;
	fuzz_init();
	fuzz_split(part, 3, data, size, '\x01');
	b = load(part[0]);
	o = load(part[1]);
	t = load(part[2]);
	/* Sides whose ids repeat are refused by validate: no promise. */
	if (!o || !t || !fuzz_unique_ids(o) || !fuzz_unique_ids(t) ||
	    (b && !fuzz_unique_ids(b)))
		goto done;
	for (int i = 0; i < 3; i++) {
		in[i].data = i == 0 && !b ? NULL : part[i];
		in[i].len = in[i].data ? strlen(part[i]) : 0;
		in[i].label = i == 0 ? "base" : i == 1 ? "ours" : "theirs";
	}
	if (clause_merge_doc(&out, &conflicts, "m.xml", &in[0], &in[1], &in[2],
			     &probs) != 0)
		goto done;
	m = load(out.ptr);
	FUZZ_ASSERT(m, "the merge does not load:\n%s", out.ptr);
	FUZZ_ASSERT(m->nconflicts == conflicts, "%zu conflicts said, %zu written",
		    conflicts, m->nconflicts);
	for (size_t i = 0; i < m->nclauses; i++)
		for (size_t k = i + 1; k < m->nclauses; k++)
			FUZZ_ASSERT(strcmp(m->clauses[i].id, m->clauses[k].id) != 0,
				    "clause '%s' twice in the merge",
				    m->clauses[i].id);
	nothing_lost(m, b, o, t, "ours");
	nothing_lost(m, b, t, o, "theirs");
	clause_doc_free(m);
done:
	clause_doc_free(b);
	clause_doc_free(o);
	clause_doc_free(t);
	clause_buf_release(&out);
	clause_problems_release(&probs);
	free(part[0]);
	return 0;
}
