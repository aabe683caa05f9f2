/* blob.c: a blob parsed once and stored: the document's metadata and
 * parties, each distinct clause text (indexed by FTS5) and the clauses
 * and quantities that point at it; and forgotten when no snapshot holds
 * it any more. */
#include "index/internal.h"
#include "doc/doc.h"
#include "doc/xml.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
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

/* Store the problems a broken blob was found with (their path is the
 * entry's, given when they are read: one blob may sit at many paths). */
static int add_problems(struct clause_index *ix, long long blob,
			const struct clause_problems *probs)
{
	for (size_t i = 0; i < probs->n; i++) {
		sqlite3_stmt *st = index_cached(ix, S_PROBLEM_ADD, "INSERT INTO "
						"problem VALUES(?, ?, ?, ?)");
		int r;

		if (!st)
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, blob);
		sqlite3_bind_int(st, 2, (int)probs->v[i].line);
		sqlite3_bind_int(st, 3, (int)probs->v[i].col);
		index_bind_text(st, 4, probs->v[i].message);
		if ((r = index_step_done(ix, st, "cannot store a problem")) < 0)
			return r;
	}
	return 0;
}

/* Store one row of blob: what it is and, for a document, its metadata;
 * *id is its row. */
static int blob_row(struct clause_index *ix, long long *id, const char *oid,
		    int kind, const struct clause_doc *doc)
{
	sqlite3_stmt *st = index_cached(ix, S_BLOB_ADD, "INSERT INTO blob(oid, "
					"kind, docid, status, title, sector, "
					"effective, expires, nclauses, line, col, "
					"term_line, term_col) VALUES(?, ?, ?, ?, "
					"?, ?, ?, ?, ?, ?, ?, ?, ?)");
	int r;

	if (!st)
		return CLAUSE_ERROR;
	index_bind_text(st, 1, oid);
	sqlite3_bind_int(st, 2, kind);
	if (doc) {
		index_bind_text(st, 3, doc->id);
		index_bind_text(st, 4, doc->status);
		index_bind_text(st, 5, doc->title);
		index_bind_text(st, 6, doc->sector);
		index_bind_text(st, 7, doc->effective);
		index_bind_text(st, 8, doc->expires);
		sqlite3_bind_int64(st, 9, (long long)doc->nclauses);
		sqlite3_bind_int(st, 10, (int)doc->line);
		sqlite3_bind_int(st, 11, (int)doc->col);
		sqlite3_bind_int(st, 12, (int)doc->term_line);
		sqlite3_bind_int(st, 13, (int)doc->term_col);
	}
	if ((r = index_step_done(ix, st, "cannot store a document")) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(ix->db);
	return 0;
}

/* The articles, references and unresolved conflicts of document `doc`
 * (blob `id`): what the rules across documents check
 * (clause_library_check). */
static int doc_checked_rows(struct clause_index *ix, long long id,
			    const struct clause_doc *doc)
{
	sqlite3_stmt *st;
	int r = 0;

	for (size_t i = 0; i < doc->narticles && r == 0; i++) {
		if (!(st = index_cached(ix, S_ARTICLE_ADD, "INSERT INTO article "
					"VALUES(?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		index_bind_text(st, 3, doc->articles[i].id);
		sqlite3_bind_int(st, 4, (int)doc->articles[i].line);
		r = index_step_done(ix, st, "cannot store an article");
	}
	for (size_t i = 0; i < doc->nrefs && r == 0; i++) {
		if (!(st = index_cached(ix, S_REF_ADD, "INSERT INTO ref "
					"VALUES(?, ?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		index_bind_text(st, 3, doc->refs[i].to);
		sqlite3_bind_int(st, 4, (int)doc->refs[i].line);
		sqlite3_bind_int(st, 5, (int)doc->refs[i].col);
		r = index_step_done(ix, st, "cannot store a reference");
	}
	for (size_t i = 0; i < doc->nconflicts && r == 0; i++) {
		if (!(st = index_cached(ix, S_CONFLICT_ADD, "INSERT INTO conflict "
					"VALUES(?, ?, ?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (long long)i);
		index_bind_text(st, 3, doc->conflicts[i].clause);
		index_bind_text(st, 4, doc->conflicts[i].field);
		sqlite3_bind_int(st, 5, (int)doc->conflicts[i].line);
		sqlite3_bind_int(st, 6, (int)doc->conflicts[i].col);
		r = index_step_done(ix, st, "cannot store a conflict");
	}
	return r;
}

/* blob.texts of blob `id`: each clause's text and its length. */
static int texts_row(struct clause_index *ix, long long id,
		     const struct clause_buf *texts)
{
	sqlite3_stmt *st = index_cached(ix, S_TEXTS_PUT, "UPDATE blob SET texts = ?"
					" WHERE id = ?");

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_blob(st, 1, texts->len ? texts->ptr : "", (int)texts->len,
			  SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return index_step_done(ix, st, "cannot store a document's texts");
}

/* The parties and clauses of document `doc`, stored as blob `id`. */
static int doc_rows(struct clause_index *ix, long long id,
		    const struct clause_doc *doc)
{
	struct clause_buf cats = CLAUSE_BUF_INIT, texts = CLAUSE_BUF_INIT;
	sqlite3_stmt *st;
	int r = 0;

	for (size_t i = 0; i < doc->nparties && r == 0; i++) {
		if (!(st = index_cached(ix, S_PARTY_ADD, "INSERT INTO party "
					"VALUES(?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, id);
		index_bind_text(st, 2, doc->parties[i].id);
		index_bind_text(st, 3, doc->parties[i].name);
		index_bind_text(st, 4, doc->parties[i].role);
		r = index_step_done(ix, st, "cannot store a party");
	}
	for (size_t i = 0; i < doc->nclauses && r == 0; i++) {
		const struct clause_clause *c = &doc->clauses[i];
		long long tid = 0, len = 0;

		if ((r = text_id(ix, &tid, c)) < 0 ||
		    (r = index_text_len(ix, tid, &len)) < 0 ||
		    (r = index_texts_put(&texts, (unsigned long long)tid,
					 len > 0 ? (unsigned long long)len : 0)) < 0)
			break;
		clause_buf_clear(&cats);
		clause_buf_putc(&cats, ' ');
		for (size_t k = 0; k < c->ncategories; k++)
			clause_buf_printf(&cats, "%s ", c->categories[k]);
		if (!(st = index_cached(ix, S_CLAUSE_ADD, "INSERT INTO clause "
					"VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"))) {
			r = CLAUSE_ERROR;
			break;
		}
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int(st, 2, (int)i);
		index_bind_text(st, 3, c->id);
		index_bind_text(st, 4, c->num);
		index_bind_text(st, 5, cats.ptr);
		sqlite3_bind_int(st, 6, (int)c->line);
		sqlite3_bind_int(st, 7, (int)c->col);
		sqlite3_bind_int64(st, 8, tid);
		index_bind_text(st, 9, c->heading);
		index_bind_text(st, 10, c->article);
		index_bind_text(st, 11, c->parent);
		index_bind_text(st, 12, c->derived_from);
		sqlite3_bind_int(st, 13, c->suggested);
		if ((r = index_step_done(ix, st, "cannot store a clause")) == 0)
			r = add_quantities(ix, id, (int)i, c->node);
	}
	if (r == 0)
		r = texts_row(ix, id, &texts);
	clause_buf_release(&cats);
	clause_buf_release(&texts);
	return r == 0 ? doc_checked_rows(ix, id, doc) : r;
}

/* Parse a blob's bytes and store what it holds; *id is its row.  What is
 * not a document (or a broken one) is remembered too, never parsed
 * again. */
int index_blob_add(struct clause_index *ix, long long *id, const char *oid,
		   const char *path, const char *data, size_t len)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	enum clause_kind kind = CLAUSE_KIND_OTHER;
	int r, what;

	ix->parsed++;
	r = clause_doc_load(&doc, &kind, path, data, len, 0, &probs);
	if (r == CLAUSE_ERROR)
		goto done;
	what = r == CLAUSE_EINVALID ? BLOB_BROKEN : doc ? BLOB_DOC :
	       kind == CLAUSE_KIND_TAXONOMY ? BLOB_TAXONOMY : BLOB_OTHER;
	if ((r = blob_row(ix, id, oid, what, doc)) == 0)
		r = doc ? doc_rows(ix, *id, doc) : add_problems(ix, *id, &probs);
done:
	clause_problems_release(&probs);
	clause_doc_free(doc);
	return r;
}

/* The row of a file too large to be read (size bytes): a broken blob
 * that says so, named by its id `oid`, or by its size when the id is not
 * known (a work-tree file, which is not read). */
int index_blob_too_big(struct clause_index *ix, long long *id,
		       const char *oid, size_t size)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	char name[48];
	int r;

	if (oid)
		snprintf(name, sizeof(name), "%s", oid);
	else
		snprintf(name, sizeof(name), "too-big:%zu", size);
	if ((r = index_blob_find(ix, name, id)) < 0 || *id)
		return r;
	clause_problems_add(&probs, "", 1, 1, "file is too large (%zu bytes; "
			    "the limit is %u)", size, CLAUSE_MAX_DOC_BYTES);
	if ((r = blob_row(ix, id, name, BLOB_BROKEN, NULL)) == 0)
		r = add_problems(ix, *id, &probs);
	clause_problems_release(&probs);
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
		"DELETE FROM blob WHERE id = %lld;",
		id, id,
		stem ? "INSERT INTO fts_stem(fts_stem, rowid, heading, body) SELECT"
		       " 'delete', t.id, t.heading, t.body FROM text t JOIN temp.gone g"
		       " ON g.id = t.id;" : "",
		id);
	for (size_t i = 0; index_blob_tables[i]; i++)
		clause_buf_printf(&sql, "DELETE FROM %s WHERE blob = %lld;",
				  index_blob_tables[i], id);
	r = index_exec(ix, sql.ptr);
	clause_buf_release(&sql);
	return r;
}
