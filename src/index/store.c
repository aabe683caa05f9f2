/* store.c: the index's database: schema, open, heal, transactions.
 *
 * Tables (see SCHEMA): blob (one row per blob read, with what it is:
 * a document with its metadata, a taxonomy, a broken file or another
 * XML vocabulary), party, problem (what was wrong with a broken one),
 * text (distinct clause texts by content hash; the content of the FTS5
 * tables fts and, made on first use, fts_stem), clause (the clauses of a
 * blob, pointing at their text), quantity, snap (a tree of a commit, or
 * a work tree) and entry (path -> blob in a snapshot, with stat data for
 * the work tree).
 *
 * Every SQLite error goes through index_db_error(), the one place that
 * turns sqlite3_errmsg() into our message.  Damage (SQLITE_CORRUPT,
 * SQLITE_NOTADB) is reported inside src/index/ as DAMAGED, and the public
 * functions then delete the database, build it again and retry once
 * (WITH_RECOVERY).
 */
#include "index/internal.h"
#include "index/rank.h"
#include "doc/xml.h"
#include "util/buf.h"
#include "util/error.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define SCHEMA_VERSION "5"	/* 5: blob.texts and snap.bits: the statistics of a scope */
#define BUSY_MS 30000		/* how long to wait for another writer */

static const char SCHEMA[] =
	"CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT);\n"
	"CREATE TABLE IF NOT EXISTS blob(id INTEGER PRIMARY KEY,"
	" oid TEXT UNIQUE NOT NULL, kind INTEGER NOT NULL, docid TEXT,"
	" status TEXT, title TEXT, sector TEXT, effective TEXT, expires TEXT,"
	" nclauses INTEGER, line INTEGER, col INTEGER, term_line INTEGER,"
	" term_col INTEGER, texts BLOB);\n"
	"CREATE TABLE IF NOT EXISTS article(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, aid TEXT, line INTEGER, PRIMARY KEY(blob, seq))"
	" WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS ref(blob INTEGER NOT NULL, seq INTEGER NOT NULL,"
	" target TEXT, line INTEGER, col INTEGER, PRIMARY KEY(blob, seq))"
	" WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS conflict(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, clause TEXT, field TEXT, line INTEGER,"
	" col INTEGER, PRIMARY KEY(blob, seq)) WITHOUT ROWID;\n"
	"CREATE TABLE IF NOT EXISTS party(blob INTEGER NOT NULL, pid TEXT,"
	" name TEXT, role TEXT);\n"
	"CREATE TABLE IF NOT EXISTS problem(blob INTEGER NOT NULL,"
	" line INTEGER, col INTEGER, message TEXT);\n"
	"CREATE INDEX IF NOT EXISTS problem_blob ON problem(blob);\n"
	"CREATE INDEX IF NOT EXISTS party_blob ON party(blob);\n"
	"CREATE TABLE IF NOT EXISTS text(id INTEGER PRIMARY KEY,"
	" hash TEXT UNIQUE NOT NULL, heading TEXT, body TEXT);\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts USING fts5(heading, body,"
	" content='text', content_rowid='id',"
	" tokenize='unicode61 remove_diacritics 2');\n"
	"CREATE VIRTUAL TABLE IF NOT EXISTS fts_vocab USING fts5vocab(fts, 'row');\n"
	"CREATE TABLE IF NOT EXISTS clause(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, cid TEXT NOT NULL, num TEXT, cats TEXT NOT NULL,"
	" line INTEGER, col INTEGER, text INTEGER NOT NULL, heading TEXT,"
	" article TEXT, parent TEXT, derived TEXT, suggested INTEGER,"
	" PRIMARY KEY(blob, seq))"
	" WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS clause_text ON clause(text);\n"
	"CREATE TABLE IF NOT EXISTS quantity(blob INTEGER NOT NULL,"
	" seq INTEGER NOT NULL, unit TEXT NOT NULL, per TEXT, value REAL);\n"
	"CREATE INDEX IF NOT EXISTS quantity_clause ON quantity(blob, seq);\n"
	"CREATE TABLE IF NOT EXISTS snap(id INTEGER PRIMARY KEY,"
	" name TEXT UNIQUE NOT NULL, nrow INTEGER, ntok INTEGER, bits BLOB);\n"
	"CREATE TABLE IF NOT EXISTS entry(snap INTEGER NOT NULL,"
	" path TEXT NOT NULL, blob INTEGER NOT NULL, size INTEGER,"
	" mtime INTEGER, ino INTEGER, PRIMARY KEY(snap, path)) WITHOUT ROWID;\n"
	"CREATE INDEX IF NOT EXISTS entry_blob ON entry(blob, snap);\n"
	"CREATE TABLE IF NOT EXISTS textlen(chunk INTEGER PRIMARY KEY,"
	" lens BLOB NOT NULL);\n"

	"INSERT INTO fts(fts, rank) VALUES('automerge', 16);\n";

const char *const index_blob_tables[] = {
	"clause", "quantity", "party", "problem", "article", "ref", "conflict",
	NULL
};

/* Set the message from SQLite's last error; DAMAGED for a damaged file. */
int index_db_error(struct clause_index *ix, int rc, const char *what)
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
	/* A full disk or a failing one is not a broken index: say what
	 * the system said, and that the index is as it was (SQLite rolls
	 * the change back). */
	if (code == SQLITE_FULL || code == SQLITE_IOERR) {
		int e = ix->db ? sqlite3_system_errno(ix->db) : 0;
		int full = code == SQLITE_FULL || e == ENOSPC || e == EDQUOT;
		clause_error_set("index '%s': cannot write: %s; it is as it was "
				 "before: %s, then run the command again",
				 ix->path, code == SQLITE_FULL && !e ?
				 "the disk is full" : strerror(e ? e : EIO),
				 full ? "free some space" : "check the disk");
	}
	return CLAUSE_ERROR;
}

int index_exec(struct clause_index *ix, const char *sql)
{
	int rc = sqlite3_exec(ix->db, sql, NULL, NULL, NULL);

	return rc == SQLITE_OK ? 0 : index_db_error(ix, rc, "cannot run a statement");
}

int index_prepare(sqlite3_stmt **out, struct clause_index *ix, const char *sql)
{
	int rc = sqlite3_prepare_v2(ix->db, sql, -1, out, NULL);

	return rc == SQLITE_OK ? 0 : index_db_error(ix, rc, "cannot prepare a query");
}

/* The cached statement `k`, prepared on first use, reset and unbound. */
sqlite3_stmt *index_cached(struct clause_index *ix, int k, const char *sql)
{
	if (!ix->stmts[k]) {
		if (index_prepare(&ix->stmts[k], ix, sql) < 0)
			return NULL;
	} else {
		sqlite3_reset(ix->stmts[k]);
		sqlite3_clear_bindings(ix->stmts[k]);
	}
	return ix->stmts[k];
}

void index_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *index_col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? strdup((const char *)s) : NULL;
}

/* The integer the cached statement `k` (sql, one text parameter: key)
 * selects, in *id; 0 when it finds no row. */
int index_find_id(long long *id, struct clause_index *ix, int k,
		  const char *sql, const char *key, const char *what)
{
	sqlite3_stmt *st = index_cached(ix, k, sql);
	int rc;

	*id = 0;
	if (!st)
		return CLAUSE_ERROR;
	index_bind_text(st, 1, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return index_db_error(ix, rc, what);
	return 0;
}

/* Step a statement that returns no row. */
int index_step_done(struct clause_index *ix, sqlite3_stmt *st, const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : index_db_error(ix, rc, what);
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

/* The version an index is made for: the layout of its tables, and the
 * document schema its verdicts (blob kinds, problems) were reached
 * under.  Another one is rebuilt. */
static void format_version(char out[64])
{
	char digest[41];

	clause_xml_schema_digest(digest);
	snprintf(out, 64, "%s:%.16s", SCHEMA_VERSION, digest);
}

/* Record this version in a new index's meta table. */
static int put_version(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	char version[64];
	int r;

	format_version(version);
	if ((r = index_prepare(&st, ix, "INSERT OR IGNORE INTO meta "
			       "VALUES('version', ?)")) < 0)
		return r;
	index_bind_text(st, 1, version);
	r = index_step_done(ix, st, "cannot record the index's version");
	sqlite3_finalize(st);
	return r;
}

/* Open the file and make sure the schema is there; DAMAGED if the file
 * is not a usable index. */
int index_open_db(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	int rc, r;

	rc = sqlite3_open_v2(ix->path, &ix->db, SQLITE_OPEN_READWRITE |
			     SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK)
		return index_db_error(ix, rc, "cannot open");
	sqlite3_busy_timeout(ix->db, BUSY_MS);
	sqlite3_extended_result_codes(ix->db, 1);
	if (clause_rank_register(ix->db) < 0) {
		clause_error_set("cannot search: this SQLite has no FTS5 "
				 "extension API");
		return CLAUSE_ERROR;
	}
	if ((r = index_exec(ix, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
			    " PRAGMA cache_size=-16384; PRAGMA foreign_keys=OFF;")) < 0)
		return r;
	/* Most opens find the schema there: read, do not write. */
	rc = sqlite3_prepare_v2(ix->db, "SELECT value FROM meta WHERE key = "
				"'version'", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		char version[64];
		int same;

		format_version(version);
		same = v && strcmp(v, version) == 0;
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
		return index_db_error(ix, rc, "cannot read");
	if ((r = index_exec(ix, "BEGIN IMMEDIATE")) < 0)
		return r;
	if ((r = index_exec(ix, SCHEMA)) < 0 || (r = put_version(ix)) < 0 ||
	    (r = index_exec(ix, "COMMIT")) < 0) {
		sqlite3_exec(ix->db, "ROLLBACK", NULL, NULL, NULL);
		return r;
	}
	return 0;
}

/* Delete the database and make an empty one. */
int index_reset(struct clause_index *ix, const char *why)
{
	int r;

	close_db(ix);
	ix->depth = 0;		/* an open transaction went with the file */
	ix->rebuild = 0;	/* and a new file is empty anyway */
	if (strcmp(ix->path, ":memory:") != 0)
		remove_files(ix->path);
	if ((r = index_open_db(ix)) < 0) {
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
	r = index_open_db(ix);
	if (r == OLD_FORMAT)
		r = index_reset(ix, "the search index was made by another version of "
				"clause; rebuilding it");
	else if (r == DAMAGED)
		r = index_reset(ix, "the search index was damaged or unreadable; "
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

int index_open_existing(struct clause_index **out, struct clause_repo *repo)
{
	struct clause_buf file = CLAUSE_BUF_INIT;
	struct clause_index *ix = NULL;
	struct stat sb;

	*out = NULL;
	if (!repo->git)
		return 0;
	clause_buf_printf(&file, "%s%s", git_repository_commondir(repo->git),
			  CLAUSE_INDEX_FILE);
	if (stat(file.ptr, &sb) < 0 || !(ix = calloc(1, sizeof(*ix)))) {
		clause_buf_release(&file);
		return 0;
	}
	ix->repo = repo;
	if (!(ix->path = clause_buf_detach(&file)) || index_open_db(ix) < 0) {
		clause_index_free(ix);
		clause_error_clear();
		return 0;
	}
	*out = ix;
	return 1;
}

void clause_index_free(struct clause_index *ix)
{
	if (!ix)
		return;
	index_pending_release(ix->pending);
	close_db(ix);
	free(ix->path);
	free(ix->notice);
	free(ix);
}

/* Does the stemmed table exist?  Asked for every new text, so the answer
 * is kept for the length of a write transaction (writers take turns, so
 * no one else can make or drop the table meanwhile). */
int index_stem_exists(struct clause_index *ix)
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
	    !(st = index_cached(ix, S_LENS_FIND, "SELECT lens FROM textlen WHERE chunk = ?"))) {
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

static int leb_put(struct clause_buf *b, unsigned long long v)
{
	do {
		unsigned char c = v & 0x7f;
		v >>= 7;
		if (clause_buf_putc(b, (char)(c | (v ? 0x80 : 0))) < 0)
			return CLAUSE_ERROR;
	} while (v);
	return 0;
}

static const unsigned char *leb_get(const unsigned char *p,
				    const unsigned char *end,
				    unsigned long long *v)
{
	*v = 0;
	for (int shift = 0; p < end && shift < 64; shift += 7) {
		*v |= (unsigned long long)(*p & 0x7f) << shift;
		if (!(*p++ & 0x80))
			return p;
	}
	return NULL;
}

int index_texts_put(struct clause_buf *b, unsigned long long id,
		    unsigned long long len)
{
	return leb_put(b, id) < 0 || leb_put(b, len) < 0 ? CLAUSE_ERROR : 0;
}

const unsigned char *index_texts_get(const unsigned char *p,
				     const unsigned char *end,
				     unsigned long long *id,
				     unsigned long long *len)
{
	if (!p || p >= end || !(p = leb_get(p, end, id)))
		return NULL;
	return leb_get(p, end, len);
}

int index_docsize(struct clause_index *ix, long long id, long long *len)
{
	sqlite3_stmt *st = index_cached(ix, S_DOCSIZE, "SELECT sz FROM fts_docsize "
					"WHERE id = ?");
	int rc;

	*len = -1;
	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*len = clause_rank_docsize(sqlite3_column_blob(st, 0),
					   sqlite3_column_bytes(st, 0));
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return index_db_error(ix, rc, "cannot read a text's length");
	return 0;
}

int index_text_len(struct clause_index *ix, long long id, long long *len)
{
	const unsigned char *chunk = lens_chunk(ix, id);
	unsigned v;

	if (!chunk) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	v = clause_rank_get(chunk, id);
	if (v == CLAUSE_RANK_UNKNOWN || v == CLAUSE_RANK_TOO_LONG)
		return index_docsize(ix, id, len);
	*len = v;
	return 0;
}

/* Note the token count FTS5 just stored for text `id`, for the ranking
 * function (rank.h).  A length that cannot be had stays unknown, and
 * the ranking asks FTS5 for it. */
int index_lens_note(struct clause_index *ix, long long id)
{
	unsigned char *chunk;
	long long len = -1;
	int r;

	if ((r = index_docsize(ix, id, &len)) < 0)
		return r;
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
		if (!(st = index_cached(ix, S_LENS_PUT, "INSERT OR REPLACE INTO textlen "
					"VALUES(?, ?)")))
			return CLAUSE_ERROR;
		sqlite3_bind_int64(st, 1, (long long)c);
		sqlite3_bind_blob(st, 2, ix->lens[c], 2 * CLAUSE_RANK_CHUNK,
				  SQLITE_TRANSIENT);
		r = index_step_done(ix, st, "cannot store text lengths");
	}
	return r;
}

/* Transactions nest: only the outermost begins and commits. */
int index_begin(struct clause_index *ix)
{
	int r;

	if (ix->depth > 0) {
		ix->depth++;
		return 0;
	}
	if ((r = index_exec(ix, "BEGIN IMMEDIATE")) == 0)
		ix->depth = 1;
	ix->stem = -1;
	return r;
}

int index_finish(struct clause_index *ix, int r)
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
	return index_exec(ix, "COMMIT");
}

/* The ignore rules as last recorded for this work tree, or NULL. */
char *index_stamp_get(struct clause_index *ix, const char *key)
{
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	if (index_prepare(&st, ix, "SELECT value FROM meta WHERE key = ?") < 0)
		return NULL;
	index_bind_text(st, 1, key);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = index_col_dup(st, 0);
	sqlite3_finalize(st);
	return v;
}

int index_stamp_put(struct clause_index *ix, const char *key, const char *v)
{
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = index_prepare(&st, ix, "INSERT OR REPLACE INTO meta VALUES(?, ?)")) < 0)
		return r;
	index_bind_text(st, 1, key);
	index_bind_text(st, 2, v);
	r = index_step_done(ix, st, "cannot store the ignore rules");
	sqlite3_finalize(st);
	return r;
}

/* With a rebuild pending, empty the index in a transaction that the
 * caller's update then fills and commits (index_finish_rebuild). */
int index_start_rebuild(struct clause_index *ix)
{
	struct clause_buf sql = CLAUSE_BUF_INIT;
	int r;

	if (!ix->rebuild)
		return 0;
	if ((r = index_begin(ix)) < 0)
		return r;
	clause_buf_puts(&sql, "DELETE FROM entry; DELETE FROM snap; DELETE FROM textlen;"
			" DELETE FROM meta WHERE key GLOB 'stat:*';"
			" DELETE FROM blob; DELETE FROM text;"
			" INSERT INTO fts(fts) VALUES('delete-all');"
			" DROP TABLE IF EXISTS fts_stem;");
	for (size_t i = 0; index_blob_tables[i]; i++)
		clause_buf_printf(&sql, " DELETE FROM %s;", index_blob_tables[i]);
	r = index_exec(ix, sql.ptr);
	clause_buf_release(&sql);
	if (r < 0)
		return index_finish(ix, r);
	/* The cached statements may name the dropped table. */
	sqlite3_finalize(ix->stmts[S_STEM_ADD]);
	ix->stmts[S_STEM_ADD] = NULL;
	ix->stem = 0;
	return 0;
}

int index_finish_rebuild(struct clause_index *ix, int r)
{
	if (!ix->rebuild || ix->depth == 0)
		return r;
	r = index_finish(ix, r);
	if (r == 0)
		ix->rebuild = 0;
	return r;
}

static int do_verify(struct clause_index *ix)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	if ((r = index_prepare(&st, ix, "PRAGMA quick_check")) < 0)
		return r;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "ok") != 0) {
		clause_error_set("index '%s': %s", ix->path,
				 (const char *)sqlite3_column_text(st, 0));
		r = DAMAGED;
	} else if (rc != SQLITE_ROW) {
		r = index_db_error(ix, rc, "cannot check");
	}
	sqlite3_finalize(st);
	if (r == 0)
		r = index_exec(ix, "INSERT INTO fts(fts, rank) VALUES('integrity-check', 1)");
	if (r == 0 && index_stem_exists(ix))
		r = index_exec(ix, "INSERT INTO fts_stem(fts_stem, rank) VALUES('integrity-check', 1)");
	if (r == CLAUSE_ERROR && strstr(clause_error_last(), "malformed"))
		r = DAMAGED;
	return r;
}

int clause_index_verify(struct clause_index *ix)
{
	int r = do_verify(ix);

	if (r == DAMAGED)
		r = index_reset(ix, "the search index was damaged; rebuilding it");
	return r;
}

void index_bind_named(sqlite3_stmt *st, const char *name, const char *v)
{
	int i = sqlite3_bind_parameter_index(st, name);

	if (i)
		index_bind_text(st, i, v);
}
