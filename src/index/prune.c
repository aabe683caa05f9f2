/* prune.c: forget the snapshots of trees no ref names any more, with
 * the blobs and texts only they held. */
#include "index/internal.h"
#include "util/buf.h"
#include "util/error.h"

#include <stdio.h>
#include <string.h>

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
	index_tree_name(name, git_object_id(tree));
	git_object_free(tree);
	git_object_free(obj);
	sqlite3_reset(k->add);
	index_bind_text(k->add, 1, name);
	return index_step_done(k->ix, k->add, "cannot list what to keep");
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
	if ((r = index_begin(ix)) < 0)
		return r;
	stem = index_stem_exists(ix);
	if ((r = index_exec(ix, "CREATE TEMP TABLE IF NOT EXISTS keep(name TEXT PRIMARY KEY);"
			    " DELETE FROM temp.keep;")) < 0 ||
	    (r = index_prepare(&k.add, ix, "INSERT OR IGNORE INTO temp.keep VALUES(?)")) < 0)
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
	if ((r = index_prepare(&st, ix, "SELECT count(*) FROM snap WHERE name LIKE 'tree:%'"
			       " AND name NOT IN (SELECT name FROM temp.keep)")) < 0)
		goto done;
	if (sqlite3_step(st) == SQLITE_ROW)
		*dropped = (size_t)sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (*dropped == 0)
		goto done;
	r = index_exec(ix,
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
		r = index_exec(ix, "INSERT INTO fts_stem(fts_stem, rowid, heading, body)"
			       " SELECT 'delete', t.id, t.heading, t.body FROM text t"
			       " JOIN temp.gtext g ON g.id = t.id;");
	if (r == 0) {
		struct clause_buf sql = CLAUSE_BUF_INIT;

		clause_buf_puts(&sql, "DELETE FROM text WHERE id IN (SELECT id FROM"
				" temp.gtext); DELETE FROM blob WHERE id IN (SELECT id"
				" FROM temp.gblob);");
		for (size_t i = 0; index_blob_tables[i]; i++)
			clause_buf_printf(&sql, " DELETE FROM %s WHERE blob IN"
					  " (SELECT id FROM temp.gblob);",
					  index_blob_tables[i]);
		r = index_exec(ix, sql.ptr);
		clause_buf_release(&sql);
	}
done:
	sqlite3_finalize(k.add);
	return index_finish(ix, r);
}

int clause_index_prune(struct clause_index *ix, size_t *dropped)
{
	int r;

	WITH_RECOVERY(ix, do_prune(ix, dropped));
	return r;
}
