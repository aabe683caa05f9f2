/* index.c: the SQLite FTS5 search index, kept up to date by blob id.
 *
 * Tables (see SCHEMA): blob (one row per parsed blob, with the document's
 * metadata), party, text (distinct clause texts by content hash; the
 * content of the FTS5 tables fts and, made on first use, fts_stem),
 * clause (the clauses of a blob, pointing at their text), quantity,
 * snap (a tree of a commit, or a work tree) and entry (path -> blob in a
 * snapshot, with stat data for the work tree).
 *
 * Every SQLite error goes through db_error(), the one place that turns
 * sqlite3_errmsg() into our message.  Damage (SQLITE_CORRUPT,
 * SQLITE_NOTADB) is reported inside this file as DAMAGED, and the public
 * functions then delete the database, build it again and retry once.
 */
#include "index/index.h"
#include "util/buf.h"
#include "doc/doc.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/map.h"
#include "index/query.h"
#include "index/rank.h"
#include "doc/xml.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define DAMAGED (-100)		/* the database is damaged: rebuild it */
#define OLD_FORMAT (-101)	/* made by another version: rebuild it */
#define SCHEMA_VERSION "2"
#define BUSY_MS 30000		/* how long to wait for another writer */
#define RACY_NS 2000000000LL	/* files changed this recently are re-read */

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE IF NOT EXISTS blob(id INTEGER PRIMARY KEY,"
	" oid TEXT UNIQUE NOT NULL, docid TEXT, status TEXT, title TEXT,"
	" sector TEXT, effective TEXT, expires TEXT);\n"
	"CREATE TABLE IF NOT EXISTS party(blob INTEGER NOT NULL, pid TEXT,"
	" name TEXT);\n"
	"CREATE INDEX IF NOT EXISTS party_blob ON party(blob);\n"
	"CREATE TABLE IF NOT EXISTS text(id INTEGER PRIMARY KEY,"
	" hash TEXT UNIQUE NOT NULL, heading TEXT, body TEXT);\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(heading, body,"
	" content='text', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2');\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');\n"
	"CREATE TABLE IF NOT EXISTS clause(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, cid TEXT NOT NULL, num TEXT, cats TEXT NOT NULL,"
	" line INTEGER, text INTEGER NOT NULL, PRIMARY KEY(blob, seq))"
	" WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS clause_text ON clause(text);\n"
	"CREATE TABLE IF NOT EXISTS quantity(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, unit TEXT NOT NULL, per TEXT, value REAL);\n"
	"CREATE INDEX IF NOT EXISTS quantity_clause ON quantity(blob, seq);\n"
	"CREATE TABLE IF NOT EXISTS snap(id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE NOT NULL);\n"
	"CREATE TABLE IF NOT EXISTS entry(snap INTEGER NOT NULL,"
	" path TEXT NOT NULL, blob INTEGER NOT NULL, size INTEGER,"
	" mtime INTEGER, ino INTEGER, PRIMARY KEY(snap, path)) WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS entry_blob ON entry(blob, snap);\n"
	"CREATE TABLE IF NOT EXISTS textlen(chunk INTEGER PRIMARY KEY,"
	" lens BLOB NOT NULL);\n"
	"INSERT OR IGNORE INTO meta VALUES('version', '" SCHEMA_VERSION "');\n"
	"INSERT INTO fts(fts, rank) VALUES('automerge', 16);\n";

/* Cached statements, by use. */
enum {
	S_BLOB_FIND, S_BLOB_ADD, S_PARTY_ADD, S_TEXT_FIND, S_TEXT_ADD,
	S_FTS_ADD, S_STEM_ADD, S_CLAUSE_ADD, S_QTY_ADD, S_ENTRY_PUT,
	S_ENTRY_DEL, S_SNAP_FIND, S_SNAP_ADD, S_DOCSIZE, S_LENS_FIND,
	S_LENS_PUT, S_NSTMT
};
_Static_assert(S_NSTMT <= sizeof(((struct clause_index *)0)->stmts) /
	       sizeof(sqlite3_stmt *), "struct clause_index has too few stmts");

/* Set the message from SQLite's last error; DAMAGED for a damaged file. */
static int db_error(struct clause_index *ix, int rc, const char *what)
{
	int code = rc & 0xff;

	clause_error_set("index '%s': %s: %s", ix->path, what,
			 ix->db ? sqlite3_errmsg(ix->db) : sqlite3_errstr(rc));
	if (code == SQLITE_CORRUPT || code == SQLITE_NOTADB)
		return DAMAGED;
	if (code == SQLITE_BUSY || code == SQLITE_LOCKED)
		clause_error_set("index '%s' is busy: another clause process "
				 "held it for more than %d s", ix->path,
				 BUSY_MS / 1000);
	return CLAUSE_ERROR;
}

static int exec(struct clause_index *ix, const char *sql)
{
	int rc = sqlite3_exec(ix->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : db_error(ix, rc, "cannot run a statement");
}

static int prepare(sqlite3_stmt **out, struct clause_index *ix, const char *sql)
{
	int rc = sqlite3_prepare_v2(ix->db, sql, -1, out, NULL);

	return rc == SQLITE_OK ? 0 : db_error(ix, rc, "cannot prepare a query");
}

/* The cached statement `k`, prepared on first use, reset and unbound. */
static sqlite3_stmt *cached(struct clause_index *ix, int k, const char *sql)
{
	if (!ix->stmts[k]) {
		if (prepare(&ix->stmts[k], ix, sql) < 0)
			return NULL;
	} else {
		sqlite3_reset(ix->stmts[k]);
		sqlite3_clear_bindings(ix->stmts[k]);
	}
	return ix->stmts[k];
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

/* Step a statement that returns no row. */
static int step_done(struct clause_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : db_error(ix, rc, what);
}

static void lens_drop(struct clause_index *ix)
{
	for (size_t i = 0; i < ix->nlens; i++)
		free(ix->lens[i]);
	free(ix->lens);
	ix->lens = NULL;
	ix->nlens = 0;
}

static void close_db(struct clause_index *ix)
{
	lens_drop(ix);
	for (size_t i = 0; i < sizeof(ix->stmts) / sizeof(*ix->stmts); i++) {
		sqlite3_finalize(ix->stmts[i]);
		ix->stmts[i] = NULL;
	}
	sqlite3_close(ix->db);
	ix->db = NULL;
}

static void remove_files(const char *path)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	unlink(path);
	clause_buf_printf(&b, "%s-wal", path);
	unlink(b.ptr);
	clause_buf_clear(&b);
	clause_buf_printf(&b, "%s-shm", path);
	unlink(b.ptr);
	clause_buf_clear(&b);
	clause_buf_printf(&b, "%s-journal", path);
	unlink(b.ptr);
	clause_buf_release(&b);
}

static void set_notice(struct clause_index *ix, const char *msg)
{
	free(ix->notice);
	ix->notice = strdup(msg);
}

/* Open the file and make sure the schema is there; DAMAGED if the file
 * is not a usable index. */
static int open_db(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	rc = sqlite3_open_v2(ix->path, &ix->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return db_error(ix, rc, "cannot open");
	sqlite3_busy_timeout(ix->db, BUSY_MS);
	sqlite3_extended_result_codes(ix->db, 1);
	if (clause_rank_register(ix->db) < 0) {
		clause_error_set("cannot search: this SQLite has no FTS5 "
				 "extension API");
		return CLAUSE_ERROR;
	}
	if ((r = exec(ix, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
		      " PRAGMA cache_size=-16384; PRAGMA foreign_keys=OFF;")) < 0)
		return r;
	/* Most opens find the schema there: read, do not write. */
	rc = sqlite3_prepare_v2(ix->db, "SELECT value FROM meta WHERE key = "
				"'version'", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		int same = v && strcmp(v, SCHEMA_VERSION) == 0;
		sqlite3_finalize(st);
		if (!same) {
			clause_error_set("index '%s' has another format", ix->path);
			return OLD_FORMAT;
		}
		return 0;
	}
	if (st)
		sqlite3_finalize(st);
	if ((rc & 0xff) == SQLITE_CORRUPT || (rc & 0xff) == SQLITE_NOTADB)
		return db_error(ix, rc, "cannot read");
	if ((r = exec(ix, "BEGIN IMMEDIATE")) < 0)
		return r;
	if ((r = exec(ix, SCHEMA)) < 0 || (r = exec(ix, "COMMIT")) < 0) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return 0;
}

static int begin(struct clause_index *ix);
static int finish(struct clause_index *ix, int r);

/* Delete the database and make an empty one. */
static int reset(struct clause_index *ix, const char *why)
{
	int r;

	close_db(ix);
	ix->depth = 0;		/* an open transaction went with the file */
	ix->rebuild = 0;	/* and a new file is empty anyway */
	if (strcmp(ix->path, ":memory:") != 0)
		remove_files(ix->path);
	if ((r = open_db(ix)) < 0) {
		close_db(ix);
		return r == DAMAGED || r == OLD_FORMAT ? CLAUSE_ERROR : r;
	}
	set_notice(ix, why);
	return 0;
}

int clause_index_open(struct clause_index **out, struct clause_repo *repo,
		      int rebuild)
{
	struct clause_index *ix = calloc(1, sizeof(*ix));
	struct clause_buf path = CLAUSE_BUF_INIT;
	struct stat st;
	int r, existed;

	*out = NULL;
	if (!ix) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	ix->repo = repo;
	if (repo->git) {
		/* The common dir: linked work trees of one clone share it. */
		clause_buf_printf(&path, "%sclause", git_repository_commondir(repo->git));
		if (mkdir(path.ptr, 0777) < 0 && errno != EEXIST) {
			int e = errno;
			if (e != EACCES && e != EROFS && e != EPERM) {
				clause_error_set("cannot create '%s': %s", path.ptr,
						 strerror(e));
				clause_buf_release(&path);
				free(ix);
				return CLAUSE_ERROR;
			}
			/* A library we may not write to (a shared clone, a
			 * read-only mount): index in memory, this once. */
			clause_buf_clear(&path);
			clause_buf_puts(&path, ":memory:");
		} else {
			clause_buf_puts(&path, "/index.sqlite");
		}
		ix->path = clause_buf_detach(&path);
	} else {
		ix->path = strdup(":memory:");
	}
	if (!ix->path) {
		free(ix);
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	existed = strcmp(ix->path, ":memory:") == 0 || stat(ix->path, &st) == 0;
	r = open_db(ix);
	if (r == OLD_FORMAT)
		r = reset(ix, "the search index was made by another version of "
			  "clause; rebuilding it");
	else if (r == DAMAGED)
		r = reset(ix, "the search index was damaged or unreadable; "
			  "rebuilding it");
	else if (r == 0 && !existed)
		set_notice(ix, "building the search index (first use)");
	/* Emptied in place, in one transaction: other processes reading
	 * the index meanwhile keep a consistent view. */
	ix->rebuild = rebuild;
	if (r < 0) {
		clause_index_free(ix);
		return r;
	}
	*out = ix;
	return 0;
}

void clause_index_free(struct clause_index *ix)
{
	if (!ix)
		return;
	close_db(ix);
	free(ix->path);
	free(ix->notice);
	free(ix);
}

/* --- adding blobs ---------------------------------------------------- */

static int blob_find(struct clause_index *ix, const char *oid, long long *id)
{
	sqlite3_stmt *st = cached(ix, S_BLOB_FIND, "SELECT id FROM blob WHERE oid = ?");
	int rc;

	*id = 0;
	if (!st)
		return CLAUSE_ERROR;
	bind_text(st, 1, oid);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ix, rc, "cannot look up a blob");
	return 0;
}

/* Does the stemmed table exist?  Asked for every new text, so the answer
 * is kept for the length of a write transaction (writers take turns, so
 * no one else can make or drop the table meanwhile). */
static int stem_exists(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	int yes = 0;

	if (ix->depth && ix->stem >= 0)
		return ix->stem;

	if (sqlite3_prepare_v2(ix->db, "SELECT 1 FROM sqlite_master WHERE "
			       "name = 'fts_stem'", -1, &st, NULL) == SQLITE_OK)
		yes = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	if (ix->depth)
		ix->stem = yes;
	return yes;
}

/* The textlen chunk that holds the length of text `id`, read from the
 * database the first time this transaction touches it. */
static unsigned char *lens_chunk(struct clause_index *ix, long long id)
{
	size_t c = (size_t)(id / CLAUSE_RANK_CHUNK);
	unsigned char *v;
	sqlite3_stmt *st;

	if (c >= ix->nlens) {
		unsigned char **more = realloc(ix->lens, (c + 1) * sizeof(*more));
		if (!more)
			return NULL;
		memset(more + ix->nlens, 0, (c + 1 - ix->nlens) * sizeof(*more));
		ix->lens = more;
		ix->nlens = c + 1;
	}
	if (ix->lens[c])
		return ix->lens[c];
	if (!(v = calloc(2, CLAUSE_RANK_CHUNK)) ||
	    !(st = cached(ix, S_LENS_FIND, "SELECT lens FROM textlen WHERE chunk = ?"))) {
		free(v);
		return NULL;
	}
	sqlite3_bind_int64(st, 1, (long long)c);
	if (sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_bytes(st, 0) == 2 * CLAUSE_RANK_CHUNK)
		memcpy(v, sqlite3_column_blob(st, 0), 2 * CLAUSE_RANK_CHUNK);
	sqlite3_reset(st);
	return ix->lens[c] = v;
}

/* Note the token count FTS5 just stored for text `id`, for the ranking
 * function (rank.h).  A length that cannot be had stays unknown, and
 * the ranking asks FTS5 for it. */
static int lens_note(struct clause_index *ix, long long id)
{
	sqlite3_stmt *st = cached(ix, S_DOCSIZE, "SELECT sz FROM fts_docsize "
				  "WHERE id = ?");
	unsigned char *chunk;
	long long len = -1;
	int rc;

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		len = clause_rank_docsize(sqlite3_column_blob(st, 0),
					  sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ix, rc, "cannot read a text's length");
	if (!(chunk = lens_chunk(ix, id))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	clause_rank_put(chunk, id, len);
	return 0;
}

/* Write the chunks this transaction changed. */
static int lens_flush(struct clause_index *ix)
{
	int r = 0;

	for (size_t c = 0; c < ix->nlens && r == 0; c++) {
		sqlite3_stmt *st;

		if (!ix->lens[c])
			continue;
		if (!(st = cached(ix, S_LENS_PUT, "INSERT OR REPLACE INTO textlen "
				  "VALUES(?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, (long long)c);
		sqlite3_bind_blob(st, 2, ix->lens[c], 2 * CLAUSE_RANK_CHUNK,
				  SQLITE_TRANSIENT);
		r = step_done(ix, st, "cannot store text lengths");
	}
	return r;
}

/* The id of a clause text, stored (and indexed) when new. */
static int text_id(struct clause_index *ix, long long *id,
		   const struct clause_clause *c)
{
	sqlite3_stmt *st = cached(ix, S_TEXT_FIND, "SELECT id FROM text WHERE hash = ?");
	int rc, r;

	if (!st)
		return CLAUSE_ERROR;
	bind_text(st, 1, c->hash);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		return 0;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return db_error(ix, rc, "cannot look up a clause text");
	if (!(st = cached(ix, S_TEXT_ADD, "INSERT INTO text(hash, heading, body) "
			  "VALUES(?, ?, ?)")))
		return CLAUSE_ERROR;
	bind_text(st, 1, c->hash);
	bind_text(st, 2, c->heading ? c->heading : "");
	bind_text(st, 3, c->text);
	if ((r = step_done(ix, st, "cannot store a clause text")) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(ix->db);
	if (!(st = cached(ix, S_FTS_ADD, "INSERT INTO fts(rowid, heading, body) "
			  "VALUES(?, ?, ?)")))
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, *id);
	bind_text(st, 2, c->heading ? c->heading : "");
	bind_text(st, 3, c->text);
	if ((r = step_done(ix, st, "cannot index a clause text")) < 0 ||
	    (r = lens_note(ix, *id)) < 0)
		return r;
	if (stem_exists(ix)) {
		if (!(st = cached(ix, S_STEM_ADD, "INSERT INTO fts_stem(rowid, "
				  "heading, body) VALUES(?, ?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, c->heading ? c->heading : "");
		bind_text(st, 3, c->text);
		if ((r = step_done(ix, st, "cannot index a clause text")) < 0)
			return r;
	}
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
		if (!(st = cached(ix, S_QTY_ADD, "INSERT INTO quantity VALUES(?, ?, ?, ?, ?)")))
			return CLAUSE_ERROR;
		unit = clause_xml_attr(k, "unit");
		per = clause_xml_attr(k, "per");
		sqlite3_bind_int64(st, 1, blob);
		sqlite3_bind_int(st, 2, seq);
		bind_text(st, 3, unit ? unit : "");
		bind_text(st, 4, per);
		if (quantity_value(&v, k))
			sqlite3_bind_double(st, 5, v);
		free(unit);
		free(per);
		if ((r = step_done(ix, st, "cannot store a quantity")) < 0)
			return r;
	}
	return 0;
}

/* Parse a blob's bytes and store what it holds; *id is its row. */
static int blob_add(struct clause_index *ix, long long *id, const char *oid,
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
	if (!(st = cached(ix, S_BLOB_ADD, "INSERT INTO blob(oid, docid, status, "
			  "title, sector, effective, expires) VALUES(?, ?, ?, ?, ?, ?, ?)"))) {
		r = CLAUSE_ERROR;
		goto done;
	}
	bind_text(st, 1, oid);
	if (doc) {
		bind_text(st, 2, doc->id);
		bind_text(st, 3, doc->status);
		bind_text(st, 4, doc->title);
		bind_text(st, 5, doc->sector);
		bind_text(st, 6, doc->effective);
		bind_text(st, 7, doc->expires);
	}
	if ((r = step_done(ix, st, "cannot store a document")) < 0)
		goto done;
	*id = sqlite3_last_insert_rowid(ix->db);
	r = 0;
	if (!doc)
		goto done;
	for (size_t i = 0; i < doc->nparties; i++) {
		if (!(st = cached(ix, S_PARTY_ADD, "INSERT INTO party VALUES(?, ?, ?)"))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, doc->parties[i].id);
		bind_text(st, 3, doc->parties[i].name);
		if ((r = step_done(ix, st, "cannot store a party")) < 0)
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
		if (!(st = cached(ix, S_CLAUSE_ADD, "INSERT INTO clause VALUES(?, ?, ?, ?, ?, ?, ?)"))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		sqlite3_bind_int64(st, 1, *id);
		sqlite3_bind_int(st, 2, (int)i);
		bind_text(st, 3, c->id);
		bind_text(st, 4, c->num);
		bind_text(st, 5, cats.ptr);
		sqlite3_bind_int(st, 6, (int)c->line);
		sqlite3_bind_int64(st, 7, tid);
		if ((r = step_done(ix, st, "cannot store a clause")) < 0 ||
		    (r = add_quantities(ix, *id, (int)i, c->node)) < 0)
			goto done;
	}
done:
	clause_buf_release(&cats);
	clause_doc_free(doc);
	return r;
}

/* Forget a blob no snapshot holds any more, and the texts only it had. */
static int blob_gc(struct clause_index *ix, long long id)
{
	sqlite3_stmt *st = NULL;
	struct clause_buf sql = CLAUSE_BUF_INIT;
	int rc, r, stem = stem_exists(ix);

	if ((r = prepare(&st, ix, "SELECT 1 FROM entry WHERE blob = ? LIMIT 1")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_error(ix, rc, "cannot look up a blob");
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
	r = exec(ix, sql.ptr);
	clause_buf_release(&sql);
	return r;
}

/* --- snapshots --------------------------------------------------------- */

static int snap_find(struct clause_index *ix, long long *id, const char *name)
{
	sqlite3_stmt *st = cached(ix, S_SNAP_FIND, "SELECT id FROM snap WHERE name = ?");
	int rc;

	*id = 0;
	if (!st)
		return CLAUSE_ERROR;
	bind_text(st, 1, name);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return db_error(ix, rc, "cannot look up a snapshot");
	return 0;
}

static int snap_add(struct clause_index *ix, long long *id, const char *name)
{
	sqlite3_stmt *st = cached(ix, S_SNAP_ADD, "INSERT INTO snap(name) VALUES(?)");
	int r;

	if (!st)
		return CLAUSE_ERROR;
	bind_text(st, 1, name);
	if ((r = step_done(ix, st, "cannot add a snapshot")) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(ix->db);
	return 0;
}

static int entry_put(struct clause_index *ix, long long snap, const char *path,
		     long long blob, long long size, long long mtime,
		     long long ino)
{
	sqlite3_stmt *st = cached(ix, S_ENTRY_PUT, "INSERT OR REPLACE INTO entry "
				  "VALUES(?, ?, ?, ?, ?, ?)");

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, snap);
	bind_text(st, 2, path);
	sqlite3_bind_int64(st, 3, blob);
	sqlite3_bind_int64(st, 4, size);
	sqlite3_bind_int64(st, 5, mtime);
	sqlite3_bind_int64(st, 6, ino);
	return step_done(ix, st, "cannot store a path");
}

/* Transactions nest: only the outermost begins and commits. */
static int begin(struct clause_index *ix)
{
	int r;

	if (ix->depth > 0) {
		ix->depth++;
		return 0;
	}
	if ((r = exec(ix, "BEGIN IMMEDIATE")) == 0)
		ix->depth = 1;
	ix->stem = -1;
	return r;
}

static int finish(struct clause_index *ix, int r)
{
	if (ix->depth > 1) {
		ix->depth--;
		return r;
	}
	ix->depth = 0;
	if (r == 0)
		r = lens_flush(ix);
	lens_drop(ix);
	if (r < 0) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return exec(ix, "COMMIT");
}

struct tree_walk {
	struct clause_index *ix;
	long long snap;
	int r;
};

/* Put path -> blob `oid` into snapshot `snap`, parsing the blob if new. */
static int put_blob(struct clause_index *ix, long long snap, const char *path,
		    const git_oid *oid)
{
	char hex[41];
	long long id;
	git_blob *blob = NULL;
	int r;

	git_oid_tostr(hex, sizeof(hex), oid);
	if ((r = blob_find(ix, hex, &id)) < 0)
		return r;
	if (!id) {
		if ((r = git_blob_lookup(&blob, ix->repo->git, oid)) < 0)
			return clause_error_from_git(r, "cannot read a blob");
		if ((size_t)git_blob_rawsize(blob) > CLAUSE_MAX_DOC_BYTES) {
			git_blob_free(blob);
			return 0;	/* too large to be a document */
		}
		r = blob_add(ix, &id, hex, path, git_blob_rawcontent(blob),
			     (size_t)git_blob_rawsize(blob));
		git_blob_free(blob);
		if (r < 0)
			return r;
	}
	return entry_put(ix, snap, path, id, 0, 0, 0);
}

static int is_xml_name(const char *path)
{
	const char *base = strrchr(path, '/');
	size_t n;

	base = base ? base + 1 : path;
	n = strlen(base);
	return n > 4 && strcmp(base + n - 4, ".xml") == 0;
}

static int tree_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct tree_walk *w = payload;
	struct clause_buf path = CLAUSE_BUF_INIT;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB ||
	    !is_xml_name(git_tree_entry_name(te)))
		return 0;
	clause_buf_printf(&path, "%s%s", root, git_tree_entry_name(te));
	w->r = put_blob(w->ix, w->snap, path.ptr, git_tree_entry_id(te));
	clause_buf_release(&path);
	return w->r < 0 ? -1 : 0;
}

/* Fill snapshot `snap` from the snapshot `from` of `parent`, changed as
 * git's tree diff says: work proportional to the change, not the tree. */
static int snap_from_parent(struct clause_index *ix, long long snap,
			    long long from, git_tree *parent, git_tree *tree)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	char *spec[] = { "*.xml" };
	git_diff *diff = NULL;
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = prepare(&st, ix, "INSERT INTO entry SELECT ?, path, blob, NULL,"
			 " NULL, NULL FROM entry WHERE snap = ?")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	sqlite3_bind_int64(st, 2, from);
	r = step_done(ix, st, "cannot copy a snapshot");
	sqlite3_finalize(st);
	if (r < 0)
		return r;
	opts.pathspec.strings = spec;
	opts.pathspec.count = 1;
	if ((r = git_diff_tree_to_tree(&diff, ix->repo->git, parent, tree, &opts)) < 0)
		return clause_error_from_git(r, "cannot compare trees");
	for (size_t i = 0; r == 0 && i < git_diff_num_deltas(diff); i++) {
		const git_diff_delta *d = git_diff_get_delta(diff, i);
		const git_diff_file *o = &d->old_file, *n = &d->new_file;
		int old_blob = d->status != GIT_DELTA_ADDED &&
			       (o->mode == GIT_FILEMODE_BLOB ||
				o->mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
				o->mode == GIT_FILEMODE_LINK);
		int new_blob = d->status != GIT_DELTA_DELETED &&
			       (n->mode == GIT_FILEMODE_BLOB ||
				n->mode == GIT_FILEMODE_BLOB_EXECUTABLE ||
				n->mode == GIT_FILEMODE_LINK);

		if (old_blob && is_xml_name(o->path) &&
		    (!new_blob || strcmp(o->path, n->path) != 0)) {
			sqlite3_stmt *del = cached(ix, S_ENTRY_DEL, "DELETE FROM entry "
						   "WHERE snap = ? AND path = ?");
			if (!del) {
				r = CLAUSE_ERROR;
				break;
			}
			sqlite3_bind_int64(del, 1, snap);
			bind_text(del, 2, o->path);
			r = step_done(ix, del, "cannot remove a path");
		}
		if (r == 0 && new_blob && is_xml_name(n->path))
			r = put_blob(ix, snap, n->path, &n->id);
	}
	git_diff_free(diff);
	return r;
}

/* The snapshot of a tree, made when missing.  Trees never change, so a
 * snapshot named by its tree id is made once. */
static int snap_tree(struct clause_index *ix, long long *id, git_tree *tree,
		     git_tree *parent)
{
	char name[48];
	struct tree_walk w = { ix, 0, 0 };
	long long from = 0;
	int r;

	snprintf(name, sizeof(name), "tree:");
	git_oid_tostr(name + 5, sizeof(name) - 5, git_tree_id(tree));
	if ((r = snap_find(ix, id, name)) < 0 || *id)
		return r;
	if ((r = begin(ix)) < 0)
		return r;
	/* Another process may have made it meanwhile. */
	if ((r = snap_find(ix, id, name)) < 0 || *id)
		return finish(ix, r);
	if ((r = snap_add(ix, &w.snap, name)) < 0)
		return finish(ix, r);
	if (parent) {
		char pname[48];
		snprintf(pname, sizeof(pname), "tree:");
		git_oid_tostr(pname + 5, sizeof(pname) - 5, git_tree_id(parent));
		if ((r = snap_find(ix, &from, pname)) < 0)
			return finish(ix, r);
	}
	if (from)
		w.r = snap_from_parent(ix, w.snap, from, parent, tree);
	else if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w) < 0 && w.r == 0)
		w.r = clause_error_from_git(-1, "cannot walk a tree");
	if ((r = finish(ix, w.r)) < 0)
		return r;
	*id = w.snap;
	return 0;
}

/* One file of the work tree. */
struct wfile {
	char *path;		/* from the top of the work tree */
	long long size, mtime, ino;	/* stat data; mtime in ns */
};

struct wlist {
	struct wfile *v;
	size_t n, cap;
};

static void wlist_release(struct wlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Every *.xml file as the library module reads them: no dot names, no
 * ignored directories, no symbolic links.  Files are only named here
 * (size -1), from the directory entries' types; stat_files() then reads
 * their stat data, and the ignore rules are applied later
 * (filter_ignored).  `stamp` collects the stat data of every .gitignore
 * met, so that a change of rules can be seen. */
static int walk(struct wlist *l, struct clause_repo *repo, const char *rel,
		struct clause_buf *stamp)
{
	struct clause_buf dir = CLAUSE_BUF_INIT, sub = CLAUSE_BUF_INIT;
	DIR *d;
	struct dirent *de;
	int r = 0;

	clause_buf_printf(&dir, "%s%s", repo->workdir, rel);
	if (!(d = opendir(dir.ptr))) {
		clause_error_set("cannot open directory '%s': %s", dir.ptr,
				 strerror(errno));
		clause_buf_release(&dir);
		return CLAUSE_ERROR;
	}
	while (r == 0 && (de = readdir(d))) {
		struct stat st;
		size_t n = strlen(de->d_name);
		int ignored = 0, is_dir = de->d_type == DT_DIR;
		int xml = n > 4 && !strcmp(de->d_name + n - 4, ".xml");

		if (de->d_name[0] == '.' && strcmp(de->d_name, ".gitignore") != 0)
			continue;
		/* Other files are not looked at: no stat for them. */
		if (de->d_type != DT_UNKNOWN && !is_dir && de->d_name[0] != '.' &&
		    !(de->d_type == DT_REG && xml))
			continue;
		clause_buf_clear(&sub);
		clause_buf_puts(&sub, rel);
		clause_buf_put(&sub, de->d_name, n);
		if (de->d_name[0] == '.' || de->d_type == DT_UNKNOWN) {
			/* Relative to the open directory: the kernel does
			 * not walk the whole path again. */
			if (fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
				continue;
			if (de->d_name[0] == '.') {
				clause_buf_printf(stamp, "%s %lld %lld %lld\n", sub.ptr,
						  (long long)st.st_mtim.tv_sec,
						  (long long)st.st_mtim.tv_nsec,
						  (long long)st.st_size);
				continue;
			}
			is_dir = S_ISDIR(st.st_mode);
			if (!is_dir && !(S_ISREG(st.st_mode) && xml))
				continue;
		}
		if (is_dir) {
			if (repo->git && git_ignore_path_is_ignored(&ignored,
					repo->git, sub.ptr) == 0 && ignored)
				continue;
			clause_buf_putc(&sub, '/');
			r = walk(l, repo, sub.ptr, stamp);
			continue;
		}
		if (l->n == l->cap) {
			size_t cap = l->cap ? l->cap * 2 : 64;
			struct wfile *v = realloc(l->v, cap * sizeof(*v));
			if (!v) {
				clause_error_set("out of memory");
				r = CLAUSE_ERROR;
				break;
			}
			l->v = v;
			l->cap = cap;
		}
		memset(&l->v[l->n], 0, sizeof(*l->v));
		l->v[l->n].path = clause_buf_detach(&sub);
		l->v[l->n].size = -1;
		l->n++;
	}
	closedir(d);
	git_error_clear();
	clause_buf_release(&dir);
	clause_buf_release(&sub);
	return r;
}

/* The stat data of every file walk() named; files that are gone are
 * dropped. */
static int stat_files(struct wlist *l, const char *workdir)
{
	int root = open(workdir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	size_t k = 0;

	if (root < 0) {
		clause_error_set("cannot open directory '%s': %s", workdir,
				 strerror(errno));
		return CLAUSE_ERROR;
	}
	for (size_t i = 0; i < l->n; i++) {
		struct wfile *f = &l->v[i];
		struct stat st;

		if (fstatat(root, f->path, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode)) {
			free(f->path);	/* gone, or not a file any more */
			continue;
		}
		f->size = (long long)st.st_size;
		f->mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
			   st.st_mtim.tv_nsec;
		f->ino = (long long)st.st_ino;
		l->v[k++] = *f;
	}
	l->n = k;
	close(root);
	return 0;
}

/* What a snapshot says of one work-tree path (load_known maps path to
 * this): its stat data when it was read, and its blob row. */
struct known {
	long long size, mtime, ino;	/* as in struct wfile; mtime 0: racy */
	long long blob;			/* blob.id */
};

static void free_known(void *p)
{
	free(p);
}

static int load_known(struct clause_index *ix, struct clause_map *m,
		      long long snap)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	if ((r = prepare(&st, ix, "SELECT path, size, mtime, ino, blob FROM "
			 "entry WHERE snap = ?")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct known *k = malloc(sizeof(*k));
		if (!k) {
			sqlite3_finalize(st);
			clause_error_set("out of memory");
			return CLAUSE_ERROR;
		}
		k->size = sqlite3_column_int64(st, 1);
		k->mtime = sqlite3_column_int64(st, 2);
		k->ino = sqlite3_column_int64(st, 3);
		k->blob = sqlite3_column_int64(st, 4);
		clause_map_put(m, (const char *)sqlite3_column_text(st, 0), k, NULL);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : db_error(ix, rc, "cannot read a snapshot");
}

static int same_stat(const struct known *k, const struct wfile *f)
{
	return k && k->mtime && k->size == f->size && k->mtime == f->mtime &&
	       k->ino == f->ino;
}

/* Drop the files the ignore rules exclude.  With `known` (the rules have
 * not changed since the snapshot was taken), a file whose stat data are
 * those of the snapshot was not ignored then and is not now: asking
 * libgit2 about each of thousands of files costs more than the rest of
 * an update. */
static void filter_ignored(struct wlist *l, struct clause_repo *repo,
			   const struct clause_map *known)
{
	size_t k = 0;

	for (size_t i = 0; i < l->n; i++) {
		struct wfile *f = &l->v[i];
		int ignored = 0;

		if (repo->git && !(known && same_stat(clause_map_get(known, f->path), f)) &&
		    git_ignore_path_is_ignored(&ignored, repo->git, f->path) == 0 &&
		    ignored) {
			free(f->path);
			continue;
		}
		l->v[k++] = *f;
	}
	l->n = k;
	git_error_clear();
}

/* The ignore rules as last recorded for this work tree, or NULL. */
static char *stamp_get(struct clause_index *ix, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (prepare(&st, ix, "SELECT value FROM meta WHERE key = ?") < 0)
		return NULL;
	bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int stamp_put(struct clause_index *ix, const char *key, const char *v)
{
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = prepare(&st, ix, "INSERT OR REPLACE INTO meta VALUES(?, ?)")) < 0)
		return r;
	bind_text(st, 1, key);
	bind_text(st, 2, v);
	r = step_done(ix, st, "cannot store the ignore rules");
	sqlite3_finalize(st);
	return r;
}

/* One digest of the stat data of every file walked and of the ignore
 * rules: when it is the one recorded with the snapshot, nothing changed
 * and the snapshot's thousands of entries need not be read. */
static void walk_digest(char out[41], const struct wlist *l,
			const struct clause_buf *rules)
{
	struct clause_buf b = CLAUSE_BUF_INIT;

	clause_buf_put(&b, rules->ptr ? rules->ptr : "", rules->len);
	for (size_t i = 0; i < l->n; i++) {
		const struct wfile *f = &l->v[i];
		long long stat[3] = { f->size, f->mtime, f->ino };

		/* The NUL ends the path: no two lists read the same. */
		clause_buf_put(&b, f->path, strlen(f->path) + 1);
		clause_buf_put(&b, (const char *)stat, sizeof(stat));
	}
	clause_hash_hex(out, b.ptr ? b.ptr : "", b.len);
	clause_buf_release(&b);
}

/* The names under which the index keeps the work tree's snapshot, and
 * (in meta) the digest of the stat data it was made from. */
static void worktree_keys(struct clause_buf *snap, struct clause_buf *digest,
			  const struct clause_repo *repo)
{
	clause_buf_printf(snap, "worktree:%s", repo->workdir);
	clause_buf_printf(digest, "stat:%s", repo->workdir);
}

/* The work tree as stat data: every file, the ignore rules' stamp and
 * the digest of both.  Reads the file system and asks libgit2 about
 * ignored directories, but never touches the database, so that it can
 * run on a thread of its own beside a search (do_search). */
struct clause_wscan {
	struct clause_repo *repo;
	struct wlist files;
	struct clause_buf stamp;	/* .gitignore files, info/exclude */
	char digest[41];
	int r;				/* how the scan went */
	char *error;			/* its message, when r < 0 */
};

static void scan_release(struct clause_wscan *w)
{
	wlist_release(&w->files);
	clause_buf_release(&w->stamp);
	free(w->error);
	w->error = NULL;
}

static void *scan_worktree(void *p)
{
	struct clause_wscan *w = p;
	struct clause_repo *repo = w->repo;
	struct clause_buf fs = CLAUSE_BUF_INIT;
	struct stat st;

	if ((w->r = walk(&w->files, repo, "", &w->stamp)) == 0 &&
	    (w->r = stat_files(&w->files, repo->workdir)) == 0) {
		if (repo->git) {
			clause_buf_printf(&fs, "%sinfo/exclude",
					  git_repository_path(repo->git));
			if (stat(fs.ptr, &st) == 0)
				clause_buf_printf(&w->stamp, "info/exclude %lld %lld %lld\n",
						  (long long)st.st_mtim.tv_sec,
						  (long long)st.st_mtim.tv_nsec,
						  (long long)st.st_size);
		}
		walk_digest(w->digest, &w->files, &w->stamp);
	}
	/* Error messages are kept per thread: carry this one over. */
	if (w->r < 0)
		w->error = strdup(clause_error_last());
	clause_buf_release(&fs);
	return NULL;
}

static int snap_worktree(struct clause_index *ix, long long *id)
{
	struct clause_repo *repo = ix->repo;
	struct clause_buf name = CLAUSE_BUF_INIT, fs = CLAUSE_BUF_INIT;
	struct clause_buf data = CLAUSE_BUF_INIT;
	struct clause_map known = CLAUSE_MAP_INIT, seen = CLAUSE_MAP_INIT;
	struct clause_buf skey = CLAUSE_BUF_INIT, dkey = CLAUSE_BUF_INIT;
	struct clause_wscan own, *w = ix->scan;
	struct wlist *files;
	long long *gc = NULL;
	size_t ngc = 0, todo = 0, done = 0;
	struct timespec now;
	struct stat st;
	char *old = NULL, *old_digest = NULL;
	const char *digest;
	int r, changed = 0, tx = 0, same_rules, racy = 0;

	/* The scan do_search made meanwhile, or one now. */
	if (!w) {
		memset(&own, 0, sizeof(own));
		own.repo = repo;
		scan_worktree(&own);
		w = &own;
	}
	files = &w->files;
	digest = w->digest;
	worktree_keys(&name, &dkey, repo);
	clause_buf_printf(&skey, "ignore:%s", repo->workdir);
	if ((r = w->r) < 0) {
		clause_error_set("%s", w->error ? w->error : "cannot read the work tree");
		goto done;
	}
	if ((r = snap_find(ix, id, name.ptr)) < 0)
		goto done;
	old_digest = stamp_get(ix, dkey.ptr);
	if (*id && old_digest && strcmp(old_digest, digest) == 0)
		goto done;
	if (*id && (r = load_known(ix, &known, *id)) < 0)
		goto done;
	old = stamp_get(ix, skey.ptr);
	same_rules = *id && old && strcmp(old, w->stamp.ptr ? w->stamp.ptr : "") == 0;
	filter_ignored(files, repo, same_rules ? &known : NULL);
	/* Read first: most of the time nothing changed and nothing is
	 * written, so searches do not queue behind each other. */
	if (same_rules) {
		changed = known.n != files->n;
		for (size_t i = 0; i < files->n && !changed; i++)
			changed = !same_stat(clause_map_get(&known, files->v[i].path),
					     &files->v[i]);
		/* Record the digest, once, so that the next search does
		 * not read the entries either. */
		if (!changed && (r = begin(ix)) == 0) {
			tx = 1;
			r = stamp_put(ix, dkey.ptr, digest);
		}
		if (!changed)
			goto done;
	}
	clause_map_release(&known, free_known);
	if ((r = begin(ix)) < 0)
		goto done;
	tx = 1;
	if ((r = snap_find(ix, id, name.ptr)) < 0)
		goto done;
	if (!*id && (r = snap_add(ix, id, name.ptr)) < 0)
		goto done;
	if ((r = load_known(ix, &known, *id)) < 0)
		goto done;
	if (!(gc = calloc(files->n + known.n + 1, sizeof(*gc)))) {
		clause_error_set("out of memory");
		r = CLAUSE_ERROR;
		goto done;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	for (size_t i = 0; i < files->n; i++)
		if (!same_stat(clause_map_get(&known, files->v[i].path), &files->v[i]))
			todo++;
	for (size_t i = 0; i < files->n; i++) {
		struct wfile *f = &files->v[i];
		struct known *k = clause_map_get(&known, f->path);
		long long blob = 0, mtime = f->mtime;
		char oid[41];
		git_oid o;

		clause_map_put(&seen, f->path, f, NULL);
		if (same_stat(k, f))
			continue;
		if (ix->progress)
			ix->progress(++done, todo, ix->progress_payload);
		clause_buf_clear(&fs);
		clause_buf_printf(&fs, "%s%s", repo->workdir, f->path);
		clause_buf_clear(&data);
		r = clause_buf_read_file(&data, fs.ptr, CLAUSE_MAX_DOC_BYTES);
		if (r == CLAUSE_ETOOBIG || (r < 0 && lstat(fs.ptr, &st) < 0)) {
			/* Too big, or gone since the walk: not in the
			 * snapshot any more. */
			sqlite3_stmt *del = cached(ix, S_ENTRY_DEL, "DELETE FROM entry "
						   "WHERE snap = ? AND path = ?");
			if (!del) {
				r = CLAUSE_ERROR;
				goto done;
			}
			sqlite3_bind_int64(del, 1, *id);
			bind_text(del, 2, f->path);
			if ((r = step_done(ix, del, "cannot remove a path")) < 0)
				goto done;
			if (k)
				gc[ngc++] = k->blob;
			continue;
		}
		if (r < 0)
			goto done;
		ix->hashed++;
		git_odb_hash(&o, data.ptr, data.len, GIT_OBJECT_BLOB);
		git_oid_tostr(oid, sizeof(oid), &o);
		if ((r = blob_find(ix, oid, &blob)) < 0)
			goto done;
		if (!blob && (r = blob_add(ix, &blob, oid, f->path, data.ptr,
					   data.len)) < 0)
			goto done;
		/* A file changed in the same clock tick as we read it could
		 * change again unseen: trust its stat data only later. */
		if ((long long)now.tv_sec * 1000000000LL + now.tv_nsec - mtime < RACY_NS) {
			mtime = 0;
			racy = 1;
		}
		if ((r = entry_put(ix, *id, f->path, blob, f->size, mtime, f->ino)) < 0)
			goto done;
		if (k && k->blob != blob)
			gc[ngc++] = k->blob;
	}
	for (size_t i = 0; i < known.cap; i++) {
		struct clause_map_slot *s = &known.slots[i];
		sqlite3_stmt *st;
		if (!s->key || clause_map_get(&seen, s->key))
			continue;
		if (!(st = cached(ix, S_ENTRY_DEL, "DELETE FROM entry WHERE snap = ? "
				  "AND path = ?"))) {
			r = CLAUSE_ERROR;
			goto done;
		}
		sqlite3_bind_int64(st, 1, *id);
		bind_text(st, 2, s->key);
		if ((r = step_done(ix, st, "cannot remove a path")) < 0)
			goto done;
		gc[ngc++] = ((struct known *)s->value)->blob;
	}
	for (size_t i = 0; i < ngc; i++)
		if ((r = blob_gc(ix, gc[i])) < 0)
			goto done;
	if ((r = stamp_put(ix, skey.ptr, w->stamp.ptr ? w->stamp.ptr : "")) == 0)
		/* With a racy entry the digest would hide its next change. */
		r = stamp_put(ix, dkey.ptr, racy ? "" : digest);
done:
	if (tx)
		r = finish(ix, r);
	free(old);
	free(old_digest);
	clause_buf_release(&dkey);
	clause_buf_release(&skey);
	free(gc);
	clause_map_release(&known, free_known);
	clause_map_release(&seen, NULL);
	if (w == &own)
		scan_release(&own);
	clause_buf_release(&name);
	clause_buf_release(&fs);
	clause_buf_release(&data);
	return r;
}

/* --- scopes ------------------------------------------------------------ */

struct resolved {
	long long *snap;	/* snapshot ids, in scope order */
	char **label;		/* a label for each, or NULL (work tree) */
	size_t n, cap;
};

static void resolved_release(struct resolved *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->label[i]);
	free(s->snap);
	free(s->label);
	memset(s, 0, sizeof(*s));
}

static int resolved_add(struct resolved *s, long long snap, const char *label)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 8;
		long long *v = realloc(s->snap, cap * sizeof(*v));
		char **l;
		if (!v)
			goto oom;
		s->snap = v;
		if (!(l = realloc(s->label, cap * sizeof(*l))))
			goto oom;
		s->label = l;
		s->cap = cap;
	}
	s->snap[s->n] = snap;
	s->label[s->n] = label ? strdup(label) : NULL;
	s->n++;
	return 0;
oom:
	clause_error_set("out of memory");
	return CLAUSE_ERROR;
}

static int add_commit(struct clause_index *ix, struct resolved *s,
		      git_commit *commit, const char *label)
{
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	long long id;
	int r;

	if ((r = git_commit_tree(&tree, commit)) < 0)
		return clause_error_from_git(r, "cannot read a tree");
	/* With the first parent's snapshot at hand (walking the history
	 * oldest first), only what the commit changed is looked at. */
	if (git_commit_parentcount(commit) > 0 &&
	    (git_commit_parent(&parent, commit, 0) < 0 ||
	     git_commit_tree(&ptree, parent) < 0))
		git_error_clear();
	r = snap_tree(ix, &id, tree, ptree);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return r < 0 ? r : resolved_add(s, id, label);
}

static int add_rev(struct clause_index *ix, struct resolved *s,
		   const char *rev, const char *label)
{
	git_commit *c = NULL;
	int r;

	if ((r = clause_repo_commit_of(&c, ix->repo, rev)) < 0)
		return r;
	r = add_commit(ix, s, c, label);
	git_commit_free(c);
	return r;
}

static int resolve(struct resolved *out, struct clause_index *ix,
		   const struct clause_scope *scope)
{
	struct clause_repo *repo = ix->repo;
	int r = 0;

	memset(out, 0, sizeof(*out));
	if (scope->kind != CLAUSE_SCOPE_WORKTREE && !repo->git) {
		clause_error_set("not in a clause library: searching revisions "
				 "needs git history");
		return CLAUSE_ERROR;
	}
	switch (scope->kind) {
	case CLAUSE_SCOPE_WORKTREE:
		if (!repo->workdir || (repo->git && !git_repository_workdir(repo->git))) {
			r = add_rev(ix, out, "HEAD", NULL);
		} else {
			long long id;
			if ((r = snap_worktree(ix, &id)) == 0)
				r = resolved_add(out, id, NULL);
		}
		break;
	case CLAUSE_SCOPE_REV:
		r = add_rev(ix, out, scope->arg ? scope->arg : "HEAD",
			    scope->arg ? scope->arg : "HEAD");
		break;
	case CLAUSE_SCOPE_ROUNDS: {
		struct clause_rounds rounds = { NULL, 0 };
		if ((r = clause_round_list(&rounds, repo)) < 0)
			break;
		if (rounds.n == 0) {
			clause_error_set("the library has no rounds (name them "
					 "with clause round add)");
			r = CLAUSE_ENOTFOUND;
		}
		for (size_t i = 0; r == 0 && i < rounds.n; i++) {
			struct clause_buf l = CLAUSE_BUF_INIT;
			clause_buf_printf(&l, CLAUSE_ROUND_PREFIX "%s", rounds.v[i].name);
			r = add_rev(ix, out, rounds.v[i].commit, l.ptr);
			clause_buf_release(&l);
		}
		clause_rounds_release(&rounds);
		break;
	}
	case CLAUSE_SCOPE_HISTORY: {
		git_revwalk *walk = NULL;
		git_commit *start = NULL;
		git_oid oid;
		if ((r = clause_repo_commit_of(&start, repo,
					       scope->arg ? scope->arg : "HEAD")) < 0)
			break;
		if ((r = git_revwalk_new(&walk, repo->git)) < 0 ||
		    (r = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL |
					     GIT_SORT_TIME | GIT_SORT_REVERSE)) < 0 ||
		    (r = git_revwalk_push(walk, git_commit_id(start))) < 0) {
			r = clause_error_from_git(r, "cannot walk the history");
		} else {
			while ((r = git_revwalk_next(&oid, walk)) == 0) {
				git_commit *c = NULL;
				char label[41];
				if ((r = git_commit_lookup(&c, repo->git, &oid)) < 0) {
					r = clause_error_from_git(r, "cannot read a commit");
					break;
				}
				git_oid_tostr(label, sizeof(label), &oid);
				r = add_commit(ix, out, c, label);
				git_commit_free(c);
				if (r < 0)
					break;
			}
			if (r == GIT_ITEROVER)
				r = 0;
		}
		git_revwalk_free(walk);
		git_commit_free(start);
		break;
	}
	case CLAUSE_SCOPE_REMOTE: {
		git_reference_iterator *it = NULL;
		git_reference *ref;
		struct clause_buf glob = CLAUSE_BUF_INIT;
		clause_buf_printf(&glob, "refs/remotes/%s/*", scope->arg);
		if ((r = git_reference_iterator_glob_new(&it, repo->git, glob.ptr)) < 0) {
			r = clause_error_from_git(r, "cannot list remote branches");
			clause_buf_release(&glob);
			break;
		}
		while (r == 0 && git_reference_next(&ref, it) == 0) {
			const char *nm = git_reference_name(ref);
			git_commit *c = NULL;
			if (git_reference_type(ref) == GIT_REFERENCE_DIRECT &&
			    git_reference_peel((git_object **)&c, ref,
					       GIT_OBJECT_COMMIT) == 0) {
				r = add_commit(ix, out, c, nm + strlen("refs/remotes/"));
				git_commit_free(c);
			}
			git_reference_free(ref);
		}
		git_reference_iterator_free(it);
		git_error_clear();
		clause_buf_release(&glob);
		if (r == 0 && out->n == 0) {
			clause_error_set("no remote-tracking branches for '%s' "
					 "(is it a remote? run git fetch %s)",
					 scope->arg, scope->arg);
			r = CLAUSE_ENOTFOUND;
		}
		break;
	}
	}
	if (r < 0)
		resolved_release(out);
	return r;
}

/* Fill temp.scope with the snapshots of `s`: (snap, ord). */
static int load_scope(struct clause_index *ix, const struct resolved *s)
{
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = exec(ix, "CREATE TEMP TABLE IF NOT EXISTS scope(snap INTEGER,"
		      " ord INTEGER); DELETE FROM temp.scope;")) < 0)
		return r;
	if ((r = prepare(&st, ix, "INSERT INTO temp.scope VALUES(?, ?)")) < 0)
		return r;
	for (size_t i = 0; i < s->n && r == 0; i++) {
		sqlite3_bind_int64(st, 1, s->snap[i]);
		sqlite3_bind_int64(st, 2, (long long)i);
		r = step_done(ix, st, "cannot set the scope");
	}
	sqlite3_finalize(st);
	return r;
}

static int do_update(struct clause_index *ix, const struct clause_scope *scope,
		     size_t *docs, size_t *clauses)
{
	struct resolved s;
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = resolve(&s, ix, scope)) < 0)
		return r;
	if (docs || clauses) {
		r = prepare(&st, ix, "SELECT count(DISTINCT b.id), count(c.seq) FROM"
			    " entry e JOIN blob b ON b.id = e.blob LEFT JOIN clause c"
			    " ON c.blob = b.id WHERE e.snap = ? AND b.docid IS NOT NULL");
		if (r == 0) {
			sqlite3_bind_int64(st, 1, s.snap[0]);
			int rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				if (docs)
					*docs = (size_t)sqlite3_column_int64(st, 0);
				if (clauses)
					*clauses = (size_t)sqlite3_column_int64(st, 1);
			} else {
				r = db_error(ix, rc, "cannot count");
			}
		}
		sqlite3_finalize(st);
	}
	resolved_release(&s);
	return r;
}

/* With a rebuild pending, empty the index in a transaction that the
 * caller's update then fills and commits (finish_rebuild). */
static int start_rebuild(struct clause_index *ix)
{
	int r;

	if (!ix->rebuild)
		return 0;
	if ((r = begin(ix)) < 0)
		return r;
	r = exec(ix, "DELETE FROM entry; DELETE FROM snap; DELETE FROM textlen;"
		 " DELETE FROM meta WHERE key GLOB 'stat:*';"
		 " DELETE FROM clause; DELETE FROM quantity;"
		 " DELETE FROM party; DELETE FROM blob; DELETE FROM text;"
		 " INSERT INTO fts(fts) VALUES('delete-all');"
		 " DROP TABLE IF EXISTS fts_stem;");
	if (r < 0)
		return finish(ix, r);
	/* The cached statements may name the dropped table. */
	sqlite3_finalize(ix->stmts[S_STEM_ADD]);
	ix->stmts[S_STEM_ADD] = NULL;
	ix->stem = 0;
	return 0;
}

static int finish_rebuild(struct clause_index *ix, int r)
{
	if (!ix->rebuild || ix->depth == 0)
		return r;
	r = finish(ix, r);
	if (r == 0)
		ix->rebuild = 0;
	return r;
}

/* Run op, and when the database turns out damaged, rebuild it and run op
 * once more. */
#define WITH_RECOVERY(ix, call)						\
	do {								\
		r = start_rebuild(ix);					\
		if (r == 0)						\
			r = finish_rebuild((ix), (call));		\
		if (r == DAMAGED) {					\
			r = reset((ix), "the search index was damaged; "	\
				  "rebuilding it");			\
			if (r == 0)					\
				r = (call);				\
			if (r == DAMAGED)				\
				r = CLAUSE_ERROR;			\
		}							\
	} while (0)

int clause_index_update(struct clause_index *ix, const struct clause_scope *scope,
			size_t *docs, size_t *clauses)
{
	int r;

	WITH_RECOVERY(ix, do_update(ix, scope, docs, clauses));
	return r;
}

static int do_verify(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = prepare(&st, ix, "PRAGMA quick_check")) < 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		clause_error_set("index '%s': %s", ix->path,
				 (const char *)sqlite3_column_text(st, 0));
		r = DAMAGED;
	} else if (rc != SQLITE_ROW) {
		r = db_error(ix, rc, "cannot check");
	}
	sqlite3_finalize(st);
	if (r == 0)
		r = exec(ix, "INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)");
	if (r == 0 && stem_exists(ix))
		r = exec(ix, "INSERT INTO fts_stem(fts_stem, rank) VALUES('integrity-check', 1)");
	if (r == CLAUSE_ERROR && strstr(clause_error_last(), "malformed"))
		r = DAMAGED;
	return r;
}

int clause_index_verify(struct clause_index *ix)
{
	int r = do_verify(ix);

	if (r == DAMAGED)
		r = reset(ix, "the search index was damaged; rebuilding it");
	return r;
}

/* --- pruning ------------------------------------------------------------ */

struct keep {
	struct clause_index *ix;
	sqlite3_stmt *add;	/* INSERT INTO temp.keep */
	int r;
};

static int keep_tree_of(struct keep *k, const git_oid *target)
{
	git_object *obj = NULL, *tree = NULL;
	char name[48];

	if (git_object_lookup(&obj, k->ix->repo->git, target, GIT_OBJECT_ANY) < 0 ||
	    git_object_peel(&tree, obj, GIT_OBJECT_TREE) < 0) {
		git_error_clear();
		git_object_free(obj);
		return 0;	/* a ref to something else: nothing to keep */
	}
	snprintf(name, sizeof(name), "tree:");
	git_oid_tostr(name + 5, sizeof(name) - 5, git_object_id(tree));
	git_object_free(tree);
	git_object_free(obj);
	sqlite3_reset(k->add);
	bind_text(k->add, 1, name);
	return step_done(k->ix, k->add, "cannot list what to keep");
}

static int keep_ref(git_reference *ref, void *payload)
{
	struct keep *k = payload;
	git_reference *res = NULL;

	if (git_reference_resolve(&res, ref) == 0) {
		k->r = keep_tree_of(k, git_reference_target(res));
		git_reference_free(res);
	}
	git_error_clear();
	git_reference_free(ref);
	return k->r < 0 ? -1 : 0;
}

static int do_prune(struct clause_index *ix, size_t *dropped)
{
	struct keep k = { ix, NULL, 0 };
	git_reference *head = NULL;
	sqlite3_stmt *st = NULL;
	int r, stem = 0;

	*dropped = 0;
	if (!ix->repo->git)
		return 0;
	if ((r = begin(ix)) < 0)
		return r;
	stem = stem_exists(ix);
	if ((r = exec(ix, "CREATE TEMP TABLE IF NOT EXISTS keep(name TEXT PRIMARY KEY);"
		      " DELETE FROM temp.keep;")) < 0 ||
	    (r = prepare(&k.add, ix, "INSERT OR IGNORE INTO temp.keep VALUES(?)")) < 0)
		goto done;
	/* What searches look at without being told: HEAD, every branch,
	 * tag (rounds) and remote-tracking branch. */
	if (git_repository_head(&head, ix->repo->git) == 0)
		r = keep_tree_of(&k, git_reference_target(head));
	git_error_clear();
	git_reference_free(head);
	if (r == 0 && git_reference_foreach(ix->repo->git, keep_ref, &k) < 0)
		r = k.r < 0 ? k.r : 0;
	git_error_clear();
	if (r < 0)
		goto done;
	if ((r = prepare(&st, ix, "SELECT count(*) FROM snap WHERE name LIKE 'tree:%'"
			 " AND name NOT IN (SELECT name FROM temp.keep)")) < 0)
		goto done;
	if (sqlite3_step(st) == SQLITE_ROW)
		*dropped = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (*dropped == 0)
		goto done;
	r = exec(ix,
		"CREATE TEMP TABLE IF NOT EXISTS gsnap(id INTEGER PRIMARY KEY);"
		" CREATE TEMP TABLE IF NOT EXISTS gblob(id INTEGER PRIMARY KEY);"
		" CREATE TEMP TABLE IF NOT EXISTS gtext(id INTEGER PRIMARY KEY);"
		" DELETE FROM temp.gsnap; DELETE FROM temp.gblob; DELETE FROM temp.gtext;"
		" INSERT INTO temp.gsnap SELECT id FROM snap WHERE name LIKE 'tree:%'"
		"  AND name NOT IN (SELECT name FROM temp.keep);"
		" DELETE FROM entry WHERE snap IN (SELECT id FROM temp.gsnap);"
		" DELETE FROM snap WHERE id IN (SELECT id FROM temp.gsnap);"
		" INSERT INTO temp.gblob SELECT id FROM blob b WHERE NOT EXISTS"
		"  (SELECT 1 FROM entry e WHERE e.blob = b.id);"
		" INSERT OR IGNORE INTO temp.gtext SELECT c.text FROM clause c"
		"  WHERE c.blob IN (SELECT id FROM temp.gblob) AND NOT EXISTS"
		"  (SELECT 1 FROM clause o WHERE o.text = c.text"
		"   AND o.blob NOT IN (SELECT id FROM temp.gblob));"
		" INSERT INTO fts(fts, rowid, heading, body) SELECT 'delete', t.id,"
		"  t.heading, t.body FROM text t JOIN temp.gtext g ON g.id = t.id;");
	if (r == 0 && stem)
		r = exec(ix, "INSERT INTO fts_stem(fts_stem, rowid, heading, body)"
			 " SELECT 'delete', t.id, t.heading, t.body FROM text t"
			 " JOIN temp.gtext g ON g.id = t.id;");
	if (r == 0)
		r = exec(ix,
			"DELETE FROM text WHERE id IN (SELECT id FROM temp.gtext);"
			" DELETE FROM clause WHERE blob IN (SELECT id FROM temp.gblob);"
			" DELETE FROM quantity WHERE blob IN (SELECT id FROM temp.gblob);"
			" DELETE FROM party WHERE blob IN (SELECT id FROM temp.gblob);"
			" DELETE FROM blob WHERE id IN (SELECT id FROM temp.gblob);");
done:
	sqlite3_finalize(k.add);
	return finish(ix, r);
}

int clause_index_prune(struct clause_index *ix, size_t *dropped)
{
	int r;

	WITH_RECOVERY(ix, do_prune(ix, dropped));
	return r;
}

/* --- search -------------------------------------------------------------- */

static void hit_release(struct clause_hit *x)
{
	free(x->doc);
	free(x->clause);
	free(x->path);
	free(x->num);
	free(x->heading);
	free(x->categories);
	free(x->status);
	free(x->title);
	free(x->snippet);
	free(x->label);
	for (size_t k = 0; k < x->nlabels; k++)
		free(x->labels[k]);
	free(x->labels);
}

void clause_hits_release(struct clause_hits *h)
{
	for (size_t i = 0; i < h->n; i++)
		hit_release(&h->v[i]);
	free(h->v);
	memset(h, 0, sizeof(*h));
}

static int ensure_stem(struct clause_index *ix)
{
	int r;

	if (stem_exists(ix))
		return 0;
	if ((r = begin(ix)) < 0)
		return r;
	if (!stem_exists(ix))
		r = exec(ix, "CREATE VIRTUAL TABLE fts_stem USING fts5(heading, body,"
			 " content='text', content_rowid='id',"
			 " tokenize='porter unicode61 remove_diacritics 2');"
			 " INSERT INTO fts_stem(fts_stem) VALUES('rebuild');");
	if (r == 0) {
		/* The cached inserts do not know the new table. */
		sqlite3_finalize(ix->stmts[S_STEM_ADD]);
		ix->stmts[S_STEM_ADD] = NULL;
		ix->stem = 1;
	}
	return finish(ix, r);
}

static char *trim_dup(const char *s)
{
	size_t n;

	if (!s)
		return strdup("");
	while (*s == ' ')
		s++;
	n = strlen(s);
	while (n && s[n - 1] == ' ')
		n--;
	return strndup(s, n);
}

/* The WHERE conditions of the filters; parameters by name. */
static void filters_sql(struct clause_buf *b, const struct clause_search *s)
{
	if (s->category)
		clause_buf_puts(b, " AND (instr(c.cats, ' ' || :cat || ' ') OR"
				" instr(c.cats, ' ' || :cat || '.'))");
	if (s->party)
		clause_buf_puts(b, " AND EXISTS (SELECT 1 FROM party p WHERE"
				" p.blob = b.id AND (p.pid = :party OR"
				" instr(lower(p.name), lower(:party))))");
	if (s->sector)
		clause_buf_puts(b, " AND instr(lower(b.sector), lower(:sector))");
	if (s->status)
		clause_buf_puts(b, " AND b.status = :status");
	if (s->doc)
		clause_buf_puts(b, " AND b.docid = :doc");
	if (s->since)
		clause_buf_puts(b, " AND coalesce(b.expires, b.effective) >= :since");
	if (s->until)
		clause_buf_puts(b, " AND coalesce(b.effective, b.expires) <= :until");
	if (s->exclude_doc)
		clause_buf_puts(b, " AND NOT (b.docid = :xdoc AND c.cid = :xclause)");
	if (s->qunit) {
		const char *op = s->qop;
		if (strcmp(op, "==") == 0)
			op = "=";
		clause_buf_printf(b, " AND EXISTS (SELECT 1 FROM quantity q WHERE"
				  " q.blob = c.blob AND q.seq = c.seq AND"
				  " q.unit = :qunit AND q.value %s :qvalue)", op);
	}
}

static void bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		bind_text(st, i, v);
}

static void filters_bind(sqlite3_stmt *st, const struct clause_search *s)
{
	int i;

	bind_named(st, ":cat", s->category);
	bind_named(st, ":party", s->party);
	bind_named(st, ":sector", s->sector);
	bind_named(st, ":status", s->status);
	bind_named(st, ":doc", s->doc);
	bind_named(st, ":since", s->since);
	bind_named(st, ":until", s->until);
	bind_named(st, ":xdoc", s->exclude_doc);
	bind_named(st, ":xclause", s->exclude_clause);
	bind_named(st, ":qunit", s->qunit);
	bind_named(st, ":match", s->match);
	if ((i = sqlite3_bind_parameter_index(st, ":qvalue")))
		sqlite3_bind_double(st, i, s->qvalue);
}

/* An FTS5 syntax error cannot come from a parsed query; say so plainly
 * if it does rather than as a database failure. */
static int match_error(struct clause_index *ix, int rc)
{
	int r = db_error(ix, rc, "cannot search");

	if (r == CLAUSE_ERROR && (rc & 0xff) == SQLITE_ERROR) {
		clause_error_set("the query cannot be searched: %s",
				 sqlite3_errmsg(ix->db));
		return CLAUSE_EUSAGE;
	}
	return r;
}

/* The FROM ... GROUP BY part of a search.  With a MATCH, the texts come
 * from FTS5 best first, at most `k` of them (0: all). */
static void search_from(struct clause_buf *from, const struct clause_search *s,
			const char *fts, int multi, long long k)
{
	clause_buf_clear(from);
	/* Rank with bm25 (clause_rank, rank.h), the heading weighing four
	 * times the body.  Not
	 * ORDER BY rank: FTS5 then sorts every match before the LIMIT is
	 * seen, where SQLite's own sorter keeps only the best k (a third
	 * less work for a word in 10% of the clauses).  rowid breaks ties,
	 * so that the same k texts are taken every time. */
	if (s->match) {
		clause_buf_printf(from, " FROM (SELECT rowid AS id, clause_rank(%s, 4.0,"
				  " 1.0) AS score FROM %s WHERE %s MATCH :match"
				  " ORDER BY score, rowid", fts, fts, fts);
		if (k)
			clause_buf_printf(from, " LIMIT %lld", k);
		clause_buf_puts(from, ") m JOIN clause c ON c.text = m.id");
	} else {
		clause_buf_puts(from, " FROM clause c");
	}
	clause_buf_puts(from, " JOIN entry e ON e.blob = c.blob"
			" JOIN temp.scope sc ON sc.snap = e.snap"
			" JOIN blob b ON b.id = c.blob"
			" JOIN text t ON t.id = c.text WHERE 1");
	filters_sql(from, s);
	/* One row per clause (per clause version when several revisions
	 * are in scope); the score is the text's, so min() just picks it. */
	clause_buf_printf(from, " GROUP BY b.docid, c.cid%s", multi ? ", c.text" : "");
}

/* One integer from a query with the search's parameters. */
static int search_count(long long *out, struct clause_index *ix,
			const char *sql, const struct clause_search *s)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = prepare(&st, ix, sql)) < 0)
		return r;
	filters_bind(st, s);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		r = match_error(ix, rc);
	sqlite3_finalize(st);
	return r;
}

/* Highlighted headings and snippets for the hits, from one pass over the
 * match's rows between the lowest and the highest text wanted.  A query
 * per hit (rowid = ?) costs more: to reach one row FTS5 steps through
 * the doclists of every segment written since the last merge. */
static int add_snippets(struct clause_hits *out, struct clause_index *ix,
			const struct clause_search *s, const char *fts)
{
	struct clause_buf sql = CLAUSE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	long long lo = 0, hi = 0;
	int r, rc;

	if (!out->n)
		return 0;
	/* The unary + keeps the IN list from FTS5, which would seek once
	 * for each value. */
	clause_buf_printf(&sql, "SELECT rowid, highlight(%s, 0, :o, :c),"
			  " snippet(%s, 1, :o, :c, '...', 24) FROM %s WHERE %s"
			  " MATCH :match AND rowid BETWEEN :lo AND :hi AND"
			  " +rowid IN (", fts, fts, fts, fts);
	for (size_t i = 0; i < out->n; i++) {
		long long id = out->v[i].text;
		if (i == 0 || id < lo)
			lo = id;
		if (i == 0 || id > hi)
			hi = id;
		clause_buf_printf(&sql, "%s%lld", i ? ", " : "", id);
	}
	clause_buf_putc(&sql, ')');
	r = prepare(&st, ix, sql.ptr);
	clause_buf_release(&sql);
	if (r < 0)
		return r;
	bind_named(st, ":o", s->open);
	bind_named(st, ":c", s->close);
	bind_named(st, ":match", s->match);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":lo"), lo);
	sqlite3_bind_int64(st, sqlite3_bind_parameter_index(st, ":hi"), hi);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(st, 0);

		for (size_t i = 0; i < out->n; i++) {
			struct clause_hit *h = &out->v[i];
			if (h->text != id || h->snippet)
				continue;
			free(h->heading);
			h->heading = col_dup(st, 1);
			h->snippet = col_dup(st, 2);
		}
	}
	if (rc != SQLITE_DONE)
		r = db_error(ix, rc, "cannot make a snippet");
	sqlite3_finalize(st);
	return r;
}

/* The search proper, in the snapshots `rs` names. */
static int run_search(struct clause_hits *out, struct clause_index *ix,
		      const struct clause_scope *scope,
		      const struct clause_search *s, const struct resolved *rs)
{
	const char *fts = s->stem ? "fts_stem" : "fts";
	struct clause_buf from = CLAUSE_BUF_INIT, sql = CLAUSE_BUF_INIT;
	sqlite3_stmt *st = NULL;
	long long k = 0, total = 0;
	int r, rc, multi;

	clause_hits_release(out);
	/* The search reads its pages through mmap: copied into no cache,
	 * and a sixth fewer page faults for a short-lived process.  Only
	 * here: an update would map most of the file, and count it all in
	 * the process's resident size. */
	if ((r = exec(ix, "PRAGMA mmap_size=268435456")) < 0 ||
	    (r = load_scope(ix, rs)) < 0)
		goto done;
	multi = scope->kind == CLAUSE_SCOPE_ROUNDS ||
		scope->kind == CLAUSE_SCOPE_HISTORY ||
		scope->kind == CLAUSE_SCOPE_REMOTE;
	if (s->count) {
		search_from(&from, s, fts, multi, 0);
		clause_buf_printf(&sql, "SELECT count(*) FROM (SELECT 1%s)", from.ptr);
		if ((r = search_count(&total, ix, sql.ptr, s)) < 0)
			goto done;
	}
	/* Sorting every text that matches a common word costs more than
	 * keeping the best few: take the best texts first, and all of them
	 * only when the filters and the scope leave too few hits among
	 * those.  (Either way every match is scored: a second try costs
	 * as much as the first, so there is only one.) */
	if (s->match && s->limit)
		k = (long long)s->limit * 4 < 64 ? 64 : (long long)s->limit * 4;
again:
	search_from(&from, s, fts, multi, k);
	clause_buf_clear(&sql);
	clause_buf_printf(&sql, "SELECT b.docid, c.cid, %s, e.path, c.line, c.num,"
			  " t.heading, c.cats, b.status, b.title, c.text,"
			  " group_concat(DISTINCT sc.ord), max(sc.ord)%s"
			  " ORDER BY 3, 1, 2",
			  s->match ? "min(m.score)" : "0", from.ptr);
	if (s->limit)
		clause_buf_printf(&sql, " LIMIT %zu", s->limit);
	sqlite3_finalize(st);
	st = NULL;
	if ((r = prepare(&st, ix, sql.ptr)) < 0)
		goto done;
	filters_bind(st, s);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct clause_hit *h;
		const char *ords = (const char *)sqlite3_column_text(st, 11);
		size_t last = (size_t)sqlite3_column_int64(st, 12);

		if (out->n % 16 == 0) {
			struct clause_hit *v = realloc(out->v, (out->n + 16) * sizeof(*v));
			if (!v) {
				clause_error_set("out of memory");
				r = CLAUSE_ERROR;
				goto done;
			}
			out->v = v;
		}
		h = &out->v[out->n++];
		memset(h, 0, sizeof(*h));
		h->doc = col_dup(st, 0);
		h->clause = col_dup(st, 1);
		h->score = -sqlite3_column_double(st, 2);
		h->path = col_dup(st, 3);
		h->line = (unsigned)sqlite3_column_int(st, 4);
		h->num = col_dup(st, 5);
		h->categories = trim_dup((const char *)sqlite3_column_text(st, 7));
		h->status = col_dup(st, 8);
		h->title = col_dup(st, 9);
		h->text = sqlite3_column_int64(st, 10);
		if (last < rs->n && rs->label[last] && !multi)
			h->label = strdup(rs->label[last]);
		if (multi && ords) {
			/* Labels in scope order (rounds by date, commits
			 * oldest first). */
			char *flags = calloc(rs->n + 1, 1);
			for (const char *p = ords; flags && *p;) {
				char *end;
				unsigned long k = strtoul(p, &end, 10);
				if (k < rs->n)
					flags[k] = 1;
				p = *end ? end + 1 : end;
			}
			h->labels = calloc(rs->n + 1, sizeof(*h->labels));
			for (size_t k = 0; flags && h->labels && k < rs->n; k++)
				if (flags[k])
					h->labels[h->nlabels++] = strdup(rs->label[k]);
			free(flags);
		}
		h->heading = col_dup(st, 6);
	}
	if (rc != SQLITE_DONE) {
		r = match_error(ix, rc);
		goto done;
	}
	if (k && out->n < s->limit) {
		clause_hits_release(out);
		k = 0;
		goto again;
	}
	if (s->match && (r = add_snippets(out, ix, s, fts)) < 0)
		goto done;
	for (size_t i = 0; i < out->n; i++) {
		struct clause_hit *h = &out->v[i];
		if (h->heading && !*h->heading) {
			free(h->heading);
			h->heading = NULL;
		}
	}
	out->total = s->count ? (size_t)total : out->n;
done:
	sqlite3_finalize(st);
	clause_buf_release(&from);
	clause_buf_release(&sql);
	sqlite3_exec(ix->db, "PRAGMA mmap_size=0", NULL, NULL, NULL);
	if (r < 0 && r != DAMAGED)
		clause_hits_release(out);
	return r;
}

/* The work tree's snapshot as the index last recorded it, with the
 * digest of the stat data it was made from; 0 when there is none (or
 * it holds a racy entry), 1 when there is. */
static int recorded_worktree(struct resolved *rs, char **digest,
			     struct clause_index *ix)
{
	struct clause_buf name = CLAUSE_BUF_INIT, dkey = CLAUSE_BUF_INIT;
	long long id = 0;
	int r;

	*digest = NULL;
	worktree_keys(&name, &dkey, ix->repo);
	r = snap_find(ix, &id, name.ptr);
	if (r == 0 && id && (*digest = stamp_get(ix, dkey.ptr)) && **digest)
		r = resolved_add(rs, id, NULL) < 0 ? CLAUSE_ERROR : 1;
	clause_buf_release(&name);
	clause_buf_release(&dkey);
	return r;
}

int clause_index_locate(char **path, struct clause_repo *repo, const char *doc)
{
	struct clause_buf file = CLAUSE_BUF_INIT;
	struct clause_index *ix = NULL;
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct clause_wscan w;
	sqlite3_stmt *st = NULL;
	struct stat sb;
	char *digest = NULL;
	int found = 0;

	*path = NULL;
	memset(&w, 0, sizeof(w));
	w.repo = repo;
	if (!repo->git || !repo->workdir || !git_repository_workdir(repo->git))
		return 0;
	/* Never made, mended or rebuilt here: that costs more than the
	 * answer, and is for the commands that search. */
	clause_buf_printf(&file, "%s%s", git_repository_commondir(repo->git),
			  CLAUSE_INDEX_FILE);
	if (stat(file.ptr, &sb) < 0 || !(ix = calloc(1, sizeof(*ix))))
		goto done;
	ix->repo = repo;
	if (!(ix->path = clause_buf_detach(&file)) || open_db(ix) < 0)
		goto done;
	scan_worktree(&w);
	if (w.r < 0 || recorded_worktree(&rs, &digest, ix) != 1 ||
	    strcmp(digest, w.digest) != 0)
		goto done;	/* not current: the caller reads the library */
	if (prepare(&st, ix, "SELECT e.path FROM entry e JOIN blob b ON"
		    " b.id = e.blob WHERE e.snap = ? AND b.docid = ?"
		    " ORDER BY e.path LIMIT 1") < 0)
		goto done;
	sqlite3_bind_int64(st, 1, rs.snap[0]);
	bind_text(st, 2, doc);
	if (sqlite3_step(st) == SQLITE_ROW && (*path = col_dup(st, 0)))
		found = 1;
done:
	sqlite3_finalize(st);
	scan_release(&w);
	free(digest);
	resolved_release(&rs);
	clause_index_free(ix);
	clause_buf_release(&file);
	clause_error_clear();
	return found;
}

/*
 * A search of the work tree runs on what the index holds while a thread
 * of its own scans the work tree: the scan's thousands of stat calls
 * take about as long as the search.  When the scan finds the stat data
 * the snapshot was recorded from, the answer stands; otherwise the index
 * is brought up to date from the scan and the search runs again.
 */
static int do_search(struct clause_hits *out, struct clause_index *ix,
		     const struct clause_scope *scope,
		     const struct clause_search *s)
{
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct clause_wscan w;
	pthread_t t;
	char *digest = NULL;
	int r, scanning = 0;

	clause_hits_release(out);
	if (s->stem && (r = ensure_stem(ix)) < 0)
		return r;
	memset(&w, 0, sizeof(w));
	w.repo = ix->repo;
	if (scope->kind == CLAUSE_SCOPE_WORKTREE && ix->repo->workdir &&
	    ix->repo->git && git_repository_workdir(ix->repo->git) && !ix->rebuild)
		scanning = pthread_create(&t, NULL, scan_worktree, &w) == 0;
	if (scanning) {
		if ((r = recorded_worktree(&rs, &digest, ix)) == 1)
			r = run_search(out, ix, scope, s, &rs);
		pthread_join(t, NULL);
		if (r < 0 || (digest && *digest && w.r == 0 &&
			      strcmp(digest, w.digest) == 0))
			goto done;	/* an error, or the answer */
		clause_hits_release(out);
		resolved_release(&rs);
		ix->scan = &w;
	}
	r = resolve(&rs, ix, scope);
	ix->scan = NULL;
	if (r == 0)
		r = run_search(out, ix, scope, s, &rs);
done:
	scan_release(&w);
	free(digest);
	resolved_release(&rs);
	return r;
}

int clause_index_search(struct clause_hits *out, struct clause_index *ix,
			const struct clause_scope *scope,
			const struct clause_search *s)
{
	int r;

	memset(out, 0, sizeof(*out));
	WITH_RECOVERY(ix, do_search(out, ix, scope, s));
	if (r < 0)
		clause_hits_release(out);
	return r;
}

/* --- similar ------------------------------------------------------------- */

static const char *const stopwords[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "before", "but", "by", "can", "for", "from", "has",
	"have", "if", "in", "into", "is", "it", "its", "may", "more", "must",
	"no", "not", "of", "on", "or", "other", "shall", "such", "than",
	"that", "the", "their", "them", "there", "these", "they", "this",
	"those", "to", "under", "was", "were", "which", "who", "will", "with",
	"within", "would", NULL
};

static int is_stopword(const char *w)
{
	for (size_t i = 0; stopwords[i]; i++)
		if (strcmp(stopwords[i], w) == 0)
			return 1;
	return 0;
}

struct termw {
	char *term;		/* lower-case word */
	double weight;		/* tf x idf */
};

/* Natural logarithm for x > 0, without libm: x = m * 2^k, m in [1, 2),
 * ln m by the atanh series. */
static double ln(double x)
{
	double y, y2, sum = 0, term;
	int k = 0;

	while (x >= 2) {
		x /= 2;
		k++;
	}
	while (x < 1) {
		x *= 2;
		k--;
	}
	y = (x - 1) / (x + 1);
	y2 = y * y;
	term = y;
	for (int i = 1; i < 40; i += 2) {
		sum += term / i;
		term *= y2;
	}
	return 2 * sum + k * 0.69314718055994530942;
}

static int termw_cmp(const void *a, const void *b)
{
	const struct termw *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return strcmp(x->term, y->term);
}

static int do_similar(struct clause_hits *out, struct clause_index *ix,
		      const struct clause_scope *scope, const char *doc,
		      const char *clause, size_t k)
{
	struct clause_map tf = CLAUSE_MAP_INIT;
	struct clause_buf text = CLAUSE_BUF_INIT, match = CLAUSE_BUF_INIT;
	struct resolved rs = { NULL, NULL, 0, 0 };
	struct termw *terms = NULL;
	struct clause_search s;
	sqlite3_stmt *st = NULL;
	long long tid = 0, ntexts = 1;
	size_t nterms = 0;
	double self = 0;
	int r, rc;

	clause_hits_release(out);
	if ((r = resolve(&rs, ix, scope)) < 0 || (r = load_scope(ix, &rs)) < 0)
		goto done;
	if ((r = prepare(&st, ix, "SELECT t.id, t.heading, t.body FROM clause c"
			 " JOIN entry e ON e.blob = c.blob JOIN temp.scope sc"
			 " ON sc.snap = e.snap JOIN blob b ON b.id = c.blob"
			 " JOIN text t ON t.id = c.text WHERE b.docid = ? AND"
			 " c.cid = ? LIMIT 1")) < 0)
		goto done;
	bind_text(st, 1, doc);
	bind_text(st, 2, clause);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		clause_error_set("no clause '%s/%s'", doc, clause);
		r = CLAUSE_ENOTFOUND;
		goto done;
	} else if (rc != SQLITE_ROW) {
		r = db_error(ix, rc, "cannot read a clause");
		goto done;
	}
	tid = sqlite3_column_int64(st, 0);
	clause_buf_printf(&text, "%s %s", sqlite3_column_text(st, 1),
			  sqlite3_column_text(st, 2));
	sqlite3_finalize(st);
	st = NULL;

	/* Term frequencies of the clause's words (ASCII case folded). */
	for (char *p = text.ptr; *p;) {
		char *w = p;
		size_t *n;
		while (*p && ((unsigned char)*p >= 0x80 ||
			      (*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'z') ||
			      (*p >= 'A' && *p <= 'Z'))) {
			if (*p >= 'A' && *p <= 'Z')
				*p = (char)(*p - 'A' + 'a');
			p++;
		}
		if (p == w) {
			p++;
			continue;
		}
		char save = *p;
		*p = '\0';
		if (strlen(w) >= 3 && !is_stopword(w)) {
			if (!(n = clause_map_get(&tf, w))) {
				n = calloc(1, sizeof(*n));
				if (n)
					clause_map_put(&tf, w, n, NULL);
			}
			if (n)
				(*n)++;
		}
		*p = save;
	}
	if ((r = prepare(&st, ix, "SELECT max(id) FROM text")) < 0)
		goto done;
	if (sqlite3_step(st) == SQLITE_ROW)
		ntexts = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (!(terms = calloc(tf.n + 1, sizeof(*terms)))) {
		clause_error_set("out of memory");
		r = CLAUSE_ERROR;
		goto done;
	}
	if ((r = prepare(&st, ix, "SELECT doc FROM fts_vocab WHERE term = ?")) < 0)
		goto done;
	for (size_t i = 0; i < tf.cap; i++) {
		const char *w = tf.slots[i].key;
		long long df = 0;
		if (!w)
			continue;
		sqlite3_reset(st);
		bind_text(st, 1, w);
		if (sqlite3_step(st) == SQLITE_ROW)
			df = sqlite3_column_int64(st, 0);
		if (df < 2)
			continue;	/* not in the index, or only here */
		terms[nterms].term = (char *)w;
		terms[nterms].weight = *(size_t *)tf.slots[i].value *
				       ln((double)(ntexts + 1) / (double)df);
		nterms++;
	}
	sqlite3_finalize(st);
	st = NULL;
	qsort(terms, nterms, sizeof(*terms), termw_cmp);
	if (nterms > 16)
		nterms = 16;
	for (size_t i = 0; i < nterms; i++) {
		if (i)
			clause_buf_puts(&match, " OR ");
		clause_query_quote(&match, terms[i].term, strlen(terms[i].term));
	}
	if (nterms == 0)
		goto done;	/* no word shared with any other clause */
	/* The clause's own score: what a perfect match scores. */
	if ((r = prepare(&st, ix, "SELECT rank FROM fts WHERE fts MATCH ? AND"
			 " rowid = ? AND rank MATCH 'bm25(4.0, 1.0)'")) < 0)
		goto done;
	bind_text(st, 1, match.ptr);
	sqlite3_bind_int64(st, 2, tid);
	if (sqlite3_step(st) == SQLITE_ROW)
		self = -sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	memset(&s, 0, sizeof(s));
	s.match = match.ptr;
	s.limit = k;
	s.exclude_doc = doc;
	s.exclude_clause = clause;
	s.open = "";
	s.close = "";
	r = do_search(out, ix, scope, &s);
	for (size_t i = 0; r == 0 && i < out->n; i++) {
		double v = self > 0 ? out->v[i].score / self : 0;
		out->v[i].score = v > 1 ? 1 : v;
	}
	/* Hits that share only words every clause has are not alike: the
	 * list ends where the scores round to 0. */
	while (r == 0 && out->n && out->v[out->n - 1].score < 0.005)
		hit_release(&out->v[--out->n]);
	out->total = out->n;
done:
	sqlite3_finalize(st);
	free(terms);
	clause_map_release(&tf, free);
	clause_buf_release(&text);
	clause_buf_release(&match);
	resolved_release(&rs);
	return r;
}

int clause_index_similar(struct clause_hits *out, struct clause_index *ix,
			 const struct clause_scope *scope, const char *doc,
			 const char *clause, size_t k)
{
	int r;

	memset(out, 0, sizeof(*out));
	WITH_RECOVERY(ix, do_similar(out, ix, scope, doc, clause, k));
	if (r < 0)
		clause_hits_release(out);
	return r;
}

/* --- every clause ---------------------------------------------------------- */

static int do_each(struct clause_index *ix, const struct clause_scope *scope,
		   const char *unit,
		   int (*fn)(const struct clause_row *row, void *payload),
		   void *payload)
{
	struct resolved rs = { NULL, NULL, 0, 0 };
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = resolve(&rs, ix, scope)) < 0 || (r = load_scope(ix, &rs)) < 0)
		goto done;
	if ((r = prepare(&st, ix, "SELECT b.docid, b.title, b.status, e.path,"
			 " c.cid, c.cats, (SELECT group_concat(printf('%g', q.value), ' ') FROM"
			 " quantity q WHERE q.blob = c.blob AND q.seq = c.seq AND"
			 " q.unit = :unit AND q.value IS NOT NULL)"
			 " FROM entry e JOIN temp.scope sc ON sc.snap = e.snap"
			 " JOIN blob b ON b.id = e.blob LEFT JOIN clause c ON"
			 " c.blob = b.id WHERE b.docid IS NOT NULL"
			 " ORDER BY e.path, c.seq")) < 0)
		goto done;
	bind_named(st, ":unit", unit ? unit : "");
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
		r = db_error(ix, rc, "cannot read the clauses");
done:
	sqlite3_finalize(st);
	resolved_release(&rs);
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
	r = start_rebuild(ix);
	if (r == 0)
		r = finish_rebuild(ix, do_each(ix, scope, unit, guarded, &g));
	if (r == DAMAGED && g.rows == 0) {
		WITH_RECOVERY(ix, do_each(ix, scope, unit, guarded, &g));
	} else if (r == DAMAGED) {
		const char *msg = strdup(clause_error_last());
		reset(ix, "the search index was damaged; rebuilt it");
		clause_error_set("%s (run the command again)", msg ? msg : "index damaged");
		free((char *)msg);
		r = CLAUSE_ERROR;
	}
	return r;
}
