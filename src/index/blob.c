/* blob.c: a blob parsed once and stored: the document's metadata and
 * parties, each distinct clause text (indexed by FTS5) and the clauses
 * and quantities that point at it; and forgotten when no snapshot holds
 * it any more. */
#include "index/internal.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>

int index_blob_find(struct clause_index *ix, const char *oid, long long *id)
{
	return index_find_id(id, ix, S_BLOB_FIND, "SELECT id FROM blob WHERE "
			     "oid = ?", oid, "cannot look up a blob");
}

/* Index text `id` (clause c's heading and body) with the cached insert
 * `k` into one of the FTS5 tables. */
static int fts_add(struct clause_index *ix, int k, const char *sql,
		   long long id, const struct clause_clause *c)
{
	sqlite3_stmt *st = index_cached(ix, k, sql);

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	index_bind_text(st, 2, c->heading ? c->heading : "");
	index_bind_text(st, 3, c->text);
	return index_step_done(ix, st, "cannot index a clause text");
}

/* The id of a clause text, stored (and indexed) when new. */
static int text_id(struct clause_index *ix, long long *id,
		   const struct clause_clause *c)
{
	sqlite3_stmt *st;
	int r;

	if ((r = index_find_id(id, ix, S_TEXT_FIND, "SELECT id FROM text WHERE "
			       "hash = ?", c->hash,
			       "cannot look up a clause text")) < 0 || *id)
		return r;
	if (!(st = index_cached(ix, S_TEXT_ADD, "INSERT INTO text(hash, heading, "
				"body) VALUES(?, ?, ?)")))
		return CLAUSE_ERROR;
	index_bind_text(st, 1, c->hash);
	index_bind_text(st, 2, c->heading ? c->heading : "");
	index_bind_text(st, 3, c->text);
	if ((r = index_step_done(ix, st, "cannot store a clause text")) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(ix->db);
	if ((r = fts_add(ix, S_FTS_ADD, "INSERT INTO fts(rowid, heading, body) "
			 "VALUES(?, ?, ?)", *id, c)) < 0 ||
	    (r = index_lens_note(ix, *id)) < 0)
		return r;
	if (index_stem_exists(ix))
		return fts_add(ix, S_STEM_ADD, "INSERT INTO fts_stem(rowid, heading, "
			       "body) VALUES(?, ?, ?)", *id, c);
	return 0;
}

/* The number a <quantity> stands for: its value attribute, or the first
 * number in its text ("$1.00", "45"). */
static int quantity_value(double *out, xmlNodePtr q)
{
	char *v = clause_xml_attr(q, "value");
	char *t = v ? v : clause_xml_text(q);
	const char *p = t;
	char *end;
	int ok = 0;

	while (p && *p && !(*p >= '0' && *p <= '9'))
		p++;
	if (p && *p) {
		char num[64];
		size_t n = 0;
		while (n + 1 < sizeof(num) && ((p[n] >= '0' && p[n] <= '9') ||
		       p[n] == '.' || p[n] == ','))
			n++;
		/* "1,000" is a thousand. */
		size_t k = 0;
		for (size_t i = 0; i < n; i++)
			if (p[i] != ',')
				num[k++] = p[i];
		num[k] = '\0';
		*out = strtod(num, &end);
		ok = end != num;
	}
	free(t);
	return ok;
}

static int add_quantities(struct clause_index *ix, long long blob, int seq,
			  xmlNodePtr node)
{
	for (xmlNodePtr k = node->children; k; k = k->next) {
		sqlite3_stmt *st;
		char *unit, *per;
		double v;
		int r;

		if (k->type != XML_ELEMENT_NODE || clause_xml_is(k, "clause"))
			continue;	/* sub-clauses have their own */
		if (!clause_xml_is(k, "quantity")) {
			if ((r = add_quantities(ix, blob, seq, k)) < 0)
				return r;
			continue;
		}
		if (!(st = index_cached(ix, S_QTY_ADD, "INSERT INTO quantity VALUES(?, ?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		unit = clause_xml_attr(k, "unit");
		per = clause_xml_attr(k, "per");
		sqlite3_bind_int64(st, 1, blob);
		sqlite3_bind_int(st, 2, seq);
		index_bind_text(st, 3, unit ? unit : "");
		index_bind_text(st, 4, per);
		if (quantity_value(&v, k))
			sqlite3_bind_double(st, 5, v);
		free(unit);
		free(per);
		if ((r = index_step_done(ix, st, "cannot store a quantity")) < 0)
			return r;
	}
	return 0;
}

/* Parse a blob's bytes and store what it holds; *id is its row. */
int index_blob_add(struct clause_index *ix, long long *id, const char *oid,
		   const char *path, const char *data, size_t len)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	struct clause_buf cats = CLAUSE_BUF_INIT;
	sqlite3_stmt *st;
	int r;

	ix->parsed++;
	r = clause_doc_load(&doc, NULL, path, data, len, 0, &probs);
	clause_problems_release(&probs);
	if (r == CLAUSE_ERROR)
		return r;
	/* Not a document (or a broken one): remembered, never parsed again. */
	if (!(st = index_cached(ix, S_BLOB_ADD, "INSERT INTO blob(oid, docid, status, "
				"title, sector, effective, expires) VALUES(?, ?, ?, ?, ?, ?, ?)"))) {
		r = CLAUSE_ERROR;
		goto done;
	}
	index_bind_text(st, 1, oid);
	if (doc) {
		index_bind_text(st, 2, doc->id);
		index_bind_text(st, 3, doc->status);
		index_bind_text(st, 4, doc->title);
		index_bind_text(st, 5, doc->sector);
		index_bind_text(st, 6, doc->effective);
		index_bind_text(st, 7, doc->expires);
	}
	if ((r = index_step_done(ix, st, "cannot store a document")) < 0)
		goto done;
	*id = sqlite3_last_insert_rowid(ix->db);
	r = 0;
	if (!doc)
		goto done;
	for (size_t i = 0; i < doc->nparties; i++) {
		if (!(st = index_cached(ix, S_PARTY_ADD, "INSERT INTO party VALUES(?, ?, ?)"))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		sqlite3_bind_int64(st, 1, *id);
		index_bind_text(st, 2, doc->parties[i].id);
		index_bind_text(st, 3, doc->parties[i].name);
		if ((r = index_step_done(ix, st, "cannot store a party")) < 0)
			goto done;
	}
	for (size_t i = 0; i < doc->nclauses; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		long long tid = 0;

		if ((r = text_id(ix, &tid, c)) < 0)
			goto done;
		clause_buf_clear(&cats);
		clause_buf_putc(&cats, ' ');
		for (size_t k = 0; k < c->ncategories; k++)
			clause_buf_printf(&cats, "%s ", c->categories[k]);
		if (!(st = index_cached(ix, S_CLAUSE_ADD, "INSERT INTO clause VALUES(?, ?, ?, ?, ?, ?, ?)"))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)i);
		index_bind_text(st, 3, c->id);
		index_bind_text(st, 4, c->num);
		index_bind_text(st, 5, cats.ptr);
		sqlite3_bind_int(st, 6, (int)c->line);
		sqlite3_bind_int64(st, 7, tid);
		if ((r = index_step_done(ix, st, "cannot store a clause")) < 0 ||
		    (r = add_quantities(ix, *id, (int)i, c->node)) < 0)
			goto done;
	}
done:
	clause_buf_release(&cats);
	clause_doc_free(doc);
	return r;
}

/* Forget a blob no snapshot holds any more, and the texts only it had. */
int index_blob_gc(struct clause_index *ix, long long id)
{
	sqlite3_stmt *st = NULL;
	struct clause_buf sql = CLAUSE_BUF_INIT;
	int rc, r, stem = index_stem_exists(ix);

	if ((r = index_prepare(&st, ix, "SELECT 1 FROM entry WHERE blob = ? LIMIT 1")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return index_db_error(ix, rc, "cannot look up a blob");
	/* Texts of this blob that no other blob uses. */
	clause_buf_printf(&sql,
		"CREATE TEMP TABLE IF NOT EXISTS gone(id INTEGER PRIMARY KEY);"
		"DELETE FROM temp.gone;"
		"INSERT OR IGNORE INTO temp.gone SELECT c.text FROM clause c WHERE c.blob = %lld"
		" AND NOT EXISTS (SELECT 1 FROM clause o WHERE o.text = c.text"
		" AND o.blob != %lld);"
		"INSERT INTO fts(fts, rowid, heading, body) SELECT 'delete', t.id,"
		" t.heading, t.body FROM text t JOIN temp.gone g ON g.id = t.id;"
		"%s"
		"DELETE FROM text WHERE id IN (SELECT id FROM temp.gone);"
		"DELETE FROM clause WHERE blob = %lld;"
		"DELETE FROM quantity WHERE blob = %lld;"
		"DELETE FROM party WHERE blob = %lld;"
		"DELETE FROM blob WHERE id = %lld;",
		id, id,
		stem ? "INSERT INTO fts_stem(fts_stem, rowid, heading, body) SELECT"
		       " 'delete', t.id, t.heading, t.body FROM text t JOIN temp.gone g"
		       " ON g.id = t.id;" : "",
		id, id, id, id);
	r = index_exec(ix, sql.ptr);
	clause_buf_release(&sql);
	return r;
}
