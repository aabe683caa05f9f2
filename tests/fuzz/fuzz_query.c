/* fuzz_query.c: the search language down to FTS5.  A query either parses
 * into a MATCH expression that FTS5 accepts (an expression FTS5 rejects
 * would reach the user as "cannot search"), or is refused with a
 * one-line message that says where. */
#include "fuzz.h"

#include <sqlite3.h>
#include <string.h>

#include "index/query.h"
#include "util/error.h"

static sqlite3 *db;
static sqlite3_stmt *st;

static void open_db(void)
{
	if (db)
		return;
	FUZZ_ASSERT(sqlite3_open(":memory:", &db) == SQLITE_OK, "open");
	FUZZ_ASSERT(sqlite3_exec(db, "CREATE VIRTUAL TABLE fts USING "
				 "fts5(heading, body, tokenize='unicode61 "
				 "remove_diacritics 2'); INSERT INTO fts "
				 "VALUES('Advance notice', 'The employer gives "
				 "notice 90 days before cameras');",
				 NULL, NULL, NULL) == SQLITE_OK, "schema");
	FUZZ_ASSERT(sqlite3_prepare_v2(db, "SELECT rowid FROM fts WHERE fts "
				       "MATCH ?", -1, &st, NULL) == SQLITE_OK,
		    "prepare");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clause_query q = CLAUSE_QUERY_INIT;
	char *text;
	int r, rc;

	if (size > 4096 || memchr(data, '\0', size))
		return 0;
	open_db();
	text = fuzz_str(data, size);
	r = clause_query_parse(&q, text);
	if (r == 0) {
		FUZZ_ASSERT(q.match && *q.match, "no expression for '%s'", text);
		FUZZ_ASSERT(q.nterms <= CLAUSE_QUERY_MAX_TERMS, "too many terms");
		sqlite3_bind_text(st, 1, q.match, -1, SQLITE_STATIC);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW)
			;
		FUZZ_ASSERT(rc == SQLITE_DONE, "FTS5 refuses '%s' (from '%s'): %s",
			    q.match, text, sqlite3_errmsg(db));
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	} else {
		const char *msg = clause_error_last();
		FUZZ_ASSERT(r == CLAUSE_EUSAGE, "parse failed with %d", r);
		FUZZ_ASSERT(msg && *msg && !strchr(msg, '\n'),
			    "no one-line message for '%s'", text);
	}
	clause_query_release(&q);
	free(text);
	return 0;
}
