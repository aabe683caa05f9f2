/* list.c: every clause of a scope, in path order, for the listings that
 * the index answers (matrix). */
#include "index/internal.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

static int do_each(struct clause_index *ix, const struct clause_scope *scope,
		   const char *unit,
		   int (*fn)(const struct clause_row *row, void *payload),
		   void *payload)
{
	struct resolved rs = { NULL, NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = index_resolve(&rs, ix, scope)) < 0 || (r = index_load_scope(ix, &rs)) < 0)
		goto done;
	if ((r = index_prepare(&st, ix, "SELECT b.docid, b.title, b.status, e.path,"
			       " c.cid, c.cats, (SELECT group_concat(printf('%g', q.value), ' ') FROM"
			       " quantity q WHERE q.blob = c.blob AND q.seq = c.seq AND"
			       " q.unit = :unit AND q.value IS NOT NULL)"
			       " FROM entry e JOIN temp.scope sc ON sc.snap = e.snap"
			       " JOIN blob b ON b.id = e.blob LEFT JOIN clause c ON"
			       " c.blob = b.id WHERE b.docid IS NOT NULL"
			       " ORDER BY e.path, c.seq")) < 0)
		goto done;
	index_bind_named(st, ":unit", unit ? unit : "");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct clause_row row;
		const char *q = (const char *)sqlite3_column_text(st, 6);

		row.doc = (const char *)sqlite3_column_text(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.status = (const char *)sqlite3_column_text(st, 2);
		row.path = (const char *)sqlite3_column_text(st, 3);
		row.clause = (const char *)sqlite3_column_text(st, 4);
		row.categories = sqlite3_column_text(st, 5) ?
				 (const char *)sqlite3_column_text(st, 5) : "";
		row.quantities = q ? q : "";
		if ((r = fn(&row, payload)) < 0)
			goto done;
	}
	if (rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot read the clauses");
done:
	sqlite3_finalize(st);
	index_resolved_release(&rs);
	return r;
}

/* Counts the rows handed out, so that a retry never repeats them. */
struct each_guard {
	int (*fn)(const struct clause_row *row, void *payload);
	void *payload;
	size_t rows;
};

static int guarded(const struct clause_row *row, void *payload)
{
	struct each_guard *g = payload;

	g->rows++;
	return g->fn(row, g->payload);
}

int clause_index_each(struct clause_index *ix, const struct clause_scope *scope,
		      const char *unit,
		      int (*fn)(const struct clause_row *row, void *payload),
		      void *payload)
{
	struct each_guard g = { fn, payload, 0 };
	int r;

	/* Damage found after rows went out: the caller has half a table, so
	 * rebuild for next time but fail this time. */
	r = index_start_rebuild(ix);
	if (r == 0)
		r = index_finish_rebuild(ix, do_each(ix, scope, unit, guarded, &g));
	if (r == DAMAGED && g.rows == 0) {
		WITH_RECOVERY(ix, do_each(ix, scope, unit, guarded, &g));
	} else if (r == DAMAGED) {
		const char *msg = strdup(clause_error_last());
		index_reset(ix, "the search index was damaged; rebuilt it");
		clause_error_set("%s (run the command again)", msg ? msg : "index damaged");
		free((char *)msg);
		r = CLAUSE_ERROR;
	}
	return r;
}
