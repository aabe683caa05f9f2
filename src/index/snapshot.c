/* snapshot.c: the snapshots of the index: a tree of a commit, or the
 * work tree, as paths mapped to blobs.
 *
 * A tree's snapshot is made once (trees never change), from its parent's
 * snapshot and git's tree diff where that is kept.  The work tree's is
 * refreshed from stat data: only files whose size, time or inode changed
 * are read and hashed, and one digest of all the stat data says when
 * nothing changed at all. */
#include "index/internal.h"
#include "doc/xml.h"
#include "util/buf.h"
#include "util/error.h"
#include "util/hash.h"
#include "util/map.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define RACY_NS 2000000000LL	/* files changed this recently are re-read */

int index_snap_find(struct clause_index *ix, long long *id, const char *name)
{
	return index_find_id(id, ix, S_SNAP_FIND, "SELECT id FROM snap WHERE "
			     "name = ?", name, "cannot look up a snapshot");
}

/* The name of the snapshot of tree `id`: "tree:" and its hex id. */
void index_tree_name(char out[48], const git_oid *id)
{
	memcpy(out, "tree:", 5);
	git_oid_tostr(out + 5, 48 - 5, id);
}

static int snap_add(struct clause_index *ix, long long *id, const char *name)
{
	sqlite3_stmt *st = index_cached(ix, S_SNAP_ADD, "INSERT INTO snap(name) VALUES(?)");
	int r;

	if (!st)
		return CLAUSE_ERROR;
	index_bind_text(st, 1, name);
	if ((r = index_step_done(ix, st, "cannot add a snapshot")) < 0)
		return r;
	*id = sqlite3_last_insert_rowid(ix->db);
	return 0;
}

static int entry_put(struct clause_index *ix, long long snap, const char *path,
		     long long blob, long long size, long long mtime,
		     long long ino)
{
	sqlite3_stmt *st = index_cached(ix, S_ENTRY_PUT, "INSERT OR REPLACE INTO entry "
					"VALUES(?, ?, ?, ?, ?, ?)");

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, snap);
	index_bind_text(st, 2, path);
	sqlite3_bind_int64(st, 3, blob);
	sqlite3_bind_int64(st, 4, size);
	sqlite3_bind_int64(st, 5, mtime);
	sqlite3_bind_int64(st, 6, ino);
	return index_step_done(ix, st, "cannot store a path");
}

static int entry_del(struct clause_index *ix, long long snap, const char *path)
{
	sqlite3_stmt *st = index_cached(ix, S_ENTRY_DEL, "DELETE FROM entry "
					"WHERE snap = ? AND path = ?");

	if (!st)
		return CLAUSE_ERROR;
	sqlite3_bind_int64(st, 1, snap);
	index_bind_text(st, 2, path);
	return index_step_done(ix, st, "cannot remove a path");
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
	if ((r = index_blob_find(ix, hex, &id)) < 0)
		return r;
	if (!id) {
		if ((r = git_blob_lookup(&blob, ix->repo->git, oid)) < 0)
			return clause_error_from_git(r, "cannot read a blob");
		if ((size_t)git_blob_rawsize(blob) > CLAUSE_MAX_DOC_BYTES)
			r = index_blob_too_big(ix, &id, hex,
					       (size_t)git_blob_rawsize(blob));
		else
			r = index_blob_add(ix, &id, hex, path,
					   git_blob_rawcontent(blob),
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

/* ---- the texts of a snapshot, for the ranking (rank.h) ---------------- */

/* Add one blob's texts (blob.texts) to out, each text once. */
static void stats_add(struct clause_rank_scope *out, const unsigned char *p,
		      int n)
{
	const unsigned char *end = p ? p + (n > 0 ? n : 0) : NULL;
	unsigned long long id, len;

	/* An id past the index's texts (a damaged list) is left out. */
	while ((p = index_texts_get(p, end, &id, &len)))
		if (id < (unsigned long long)out->nbits && len < (1ULL << 40))
			clause_rank_scope_add(out, (long long)id, (long long)len);
}

/* The texts of snapshot `snap` read from its documents' lists: a few
 * thousand rows, where the clause table would be a hundred thousand. */
static int stats_read(struct clause_rank_scope *out, struct clause_index *ix,
		      long long snap)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	memset(out, 0, sizeof(*out));
	if ((r = index_prepare(&st, ix, "SELECT max(id) FROM text")) < 0)
		return r;
	if ((rc = sqlite3_step(st)) == SQLITE_ROW)
		out->nbits = sqlite3_column_int64(st, 0) + 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW)
		return index_db_error(ix, rc, "cannot count the texts");
	if (!(out->bits = calloc((size_t)(out->nbits + 7) / 8, 1))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if ((r = index_prepare(&st, ix, "SELECT b.texts FROM entry e JOIN blob b ON"
			       " b.id = e.blob WHERE e.snap = ?")) < 0)
		goto done;
	sqlite3_bind_int64(st, 1, snap);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		stats_add(out, sqlite3_column_blob(st, 0), sqlite3_column_bytes(st, 0));
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		r = index_db_error(ix, rc, "cannot read a snapshot's texts");
done:
	if (r < 0) {
		free(out->bits);
		memset(out, 0, sizeof(*out));
	}
	return r;
}

/* Record the texts of snapshot `snap`, just made or changed, in its row:
 * a search then reads one row for them.  In the caller's transaction. */
static int stats_store(struct clause_index *ix, long long snap)
{
	struct clause_rank_scope s;
	sqlite3_stmt *st = NULL;
	int r;

	if ((r = stats_read(&s, ix, snap)) < 0)
		return r;
	if ((r = index_prepare(&st, ix, "UPDATE snap SET nrow = ?, ntok = ?,"
			       " bits = ? WHERE id = ?")) == 0) {
		sqlite3_bind_int64(st, 1, s.nrow);
		sqlite3_bind_int64(st, 2, s.ntok);
		sqlite3_bind_blob(st, 3, s.bits, (int)((s.nbits + 7) / 8), SQLITE_STATIC);
		sqlite3_bind_int64(st, 4, snap);
		r = index_step_done(ix, st, "cannot record a snapshot's texts");
	}
	sqlite3_finalize(st);
	free(s.bits);
	return r;
}

int index_snap_stats(struct clause_rank_scope *out, struct clause_index *ix,
		     long long snap)
{
	sqlite3_stmt *st = NULL;
	int r, rc;

	memset(out, 0, sizeof(*out));
	if ((r = index_prepare(&st, ix, "SELECT nrow, ntok, bits FROM snap WHERE"
			       " id = ? AND bits IS NOT NULL")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int n = sqlite3_column_bytes(st, 2);
		if (n > 0 && (out->bits = malloc((size_t)n))) {
			memcpy(out->bits, sqlite3_column_blob(st, 2), (size_t)n);
			out->nbits = (long long)n * 8;
			out->nrow = sqlite3_column_int64(st, 0);
			out->ntok = sqlite3_column_int64(st, 1);
		} else if (n > 0) {
			clause_error_set("out of memory");
			r = CLAUSE_ERROR;
		}
	} else if (rc != SQLITE_DONE) {
		r = index_db_error(ix, rc, "cannot read a snapshot's texts");
	}
	sqlite3_finalize(st);
	if (r == 0 && !out->bits)
		r = stats_read(out, ix, snap);	/* not recorded */
	return r;
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

	if ((r = index_prepare(&st, ix, "INSERT INTO entry SELECT ?, path, blob, NULL,"
			       " NULL, NULL FROM entry WHERE snap = ?")) < 0)
		return r;
	sqlite3_bind_int64(st, 1, snap);
	sqlite3_bind_int64(st, 2, from);
	r = index_step_done(ix, st, "cannot copy a snapshot");
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
		    (!new_blob || strcmp(o->path, n->path) != 0))
			r = entry_del(ix, snap, o->path);
		if (r == 0 && new_blob && is_xml_name(n->path))
			r = put_blob(ix, snap, n->path, &n->id);
	}
	git_diff_free(diff);
	return r;
}

/* The snapshot of a tree, made when missing.  Trees never change, so a
 * snapshot named by its tree id is made once. */
int index_snap_tree(struct clause_index *ix, long long *id, git_tree *tree,
		    git_tree *parent)
{
	char name[48];
	struct tree_walk w = { ix, 0, 0 };
	long long from = 0;
	int r;

	index_tree_name(name, git_tree_id(tree));
	if ((r = index_snap_find(ix, id, name)) < 0 || *id)
		return r;
	if ((r = index_begin(ix)) < 0)
		return r;
	/* Another process may have made it meanwhile. */
	if ((r = index_snap_find(ix, id, name)) < 0 || *id)
		return index_finish(ix, r);
	if ((r = snap_add(ix, &w.snap, name)) < 0)
		return index_finish(ix, r);
	if (parent) {
		char pname[48];
		index_tree_name(pname, git_tree_id(parent));
		if ((r = index_snap_find(ix, &from, pname)) < 0)
			return index_finish(ix, r);
	}
	if (from)
		w.r = snap_from_parent(ix, w.snap, from, parent, tree);
	else if (git_tree_walk(tree, GIT_TREEWALK_PRE, tree_cb, &w) < 0 && w.r == 0)
		w.r = clause_error_from_git(-1, "cannot walk a tree");
	if (w.r == 0)
		w.r = stats_store(ix, w.snap);
	if ((r = index_finish(ix, w.r)) < 0)
		return r;
	*id = w.snap;
	return 0;
}

static void wlist_release(struct wlist *l)
{
	clause_pool_release(&l->pool);
	memset(l, 0, sizeof(*l));
}

/* Every *.xml file as the library module reads them, with its stat
 * data: no dot names, no ignored directories, no symbolic links.  Only
 * the *.xml files are stat'ed (the directory entries' types say which
 * they are), and the ignore rules for files are applied later
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
		struct wfile *f;
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
		/* Its stat data, by its name in the open directory: the
		 * kernel does not look the whole path up again.  A file that
		 * is gone, or is no longer one, is left out. */
		if (de->d_type != DT_UNKNOWN &&
		    fstatat(dirfd(d), de->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0)
			continue;
		if (!S_ISREG(st.st_mode))
			continue;
		if (!(f = clause_pool_grow(&l->pool, (void **)&l->v, l->n, 256,
					   sizeof(*f))) ||
		    !(f->path = clause_pool_strdup(&l->pool, sub.ptr))) {
			r = CLAUSE_ERROR;
			break;
		}
		f->size = (long long)st.st_size;
		f->mtime = (long long)st.st_mtim.tv_sec * 1000000000LL +
			   st.st_mtim.tv_nsec;
		f->ino = (long long)st.st_ino;
		l->n++;
	}
	closedir(d);
	git_error_clear();
	clause_buf_release(&dir);
	clause_buf_release(&sub);
	return r;
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

	if ((r = index_prepare(&st, ix, "SELECT path, size, mtime, ino, blob FROM "
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
	return rc == SQLITE_DONE ? 0 : index_db_error(ix, rc, "cannot read a snapshot");
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
		    ignored)
			continue;	/* its path stays in the pool */
		l->v[k++] = *f;
	}
	l->n = k;
	git_error_clear();
}

/* One digest of the stat data of every file walked and of the ignore
 * rules: when it is the one recorded with the snapshot, nothing changed
 * and the snapshot's thousands of entries need not be read. */
static int walk_digest(char out[41], struct wlist *l,
		       const struct clause_buf *rules)
{
	size_t len = rules->len, at;
	char *b;

	for (size_t i = 0; i < l->n; i++)
		len += strlen(l->v[i].path) + 1 + 3 * sizeof(long long);
	/* written once, in the list's pool */
	if (!(b = clause_pool_alloc(&l->pool, len)))
		return CLAUSE_ERROR;
	memcpy(b, rules->ptr ? rules->ptr : "", rules->len);
	at = rules->len;
	for (size_t i = 0; i < l->n; i++) {
		const struct wfile *f = &l->v[i];
		long long stat[3] = { f->size, f->mtime, f->ino };
		size_t n = strlen(f->path) + 1;

		/* The NUL ends the path: no two lists read the same. */
		memcpy(b + at, f->path, n);
		memcpy(b + at + n, stat, sizeof(stat));
		at += n + sizeof(stat);
	}
	clause_hash_hex(out, b, len);
	return 0;
}

/* The names under which the index keeps the work tree's snapshot, and
 * (in meta) the digest of the stat data it was made from. */
void index_worktree_keys(struct clause_buf *snap, struct clause_buf *digest,
			 const struct clause_repo *repo)
{
	clause_buf_printf(snap, "worktree:%s", repo->workdir);
	clause_buf_printf(digest, "stat:%s", repo->workdir);
}

void index_scan_release(struct clause_wscan *w)
{
	wlist_release(&w->files);
	clause_buf_release(&w->stamp);
	free(w->error);
	w->error = NULL;
}

void *index_scan_worktree(void *p)
{
	struct clause_wscan *w = p;
	struct clause_repo *repo = w->repo;
	struct clause_buf fs = CLAUSE_BUF_INIT;
	struct stat st;

	if ((w->r = walk(&w->files, repo, "", &w->stamp)) == 0) {
		if (repo->git) {
			clause_buf_printf(&fs, "%sinfo/exclude",
					  git_repository_path(repo->git));
			if (stat(fs.ptr, &st) == 0)
				clause_buf_printf(&w->stamp, "info/exclude %lld %lld %lld\n",
						  (long long)st.st_mtim.tv_sec,
						  (long long)st.st_mtim.tv_nsec,
						  (long long)st.st_size);
		}
		w->r = walk_digest(w->digest, &w->files, &w->stamp);
	}
	/* Error messages are kept per thread: carry this one over. */
	if (w->r < 0)
		w->error = strdup(clause_error_last());
	clause_buf_release(&fs);
	return NULL;
}

/* What an update of the work tree's snapshot works with. */
struct wupdate {
	struct clause_index *ix;
	long long snap;			/* the snapshot updated */
	struct clause_map known;	/* path -> struct known, as it was */
	long long *gc;			/* blobs it may no longer hold */
	size_t ngc;
	long long now;			/* when the update began, ns */
	int racy;			/* an entry was written with mtime 0 */
	struct clause_buf path, data;	/* scratch: a file's path, bytes */
};

/* Bring the entry of work-tree file f up to date: read, hash and (when
 * new) parse it, or drop it when it is too big or gone since the walk. */
static int update_file(struct wupdate *u, const struct wfile *f,
		       const struct known *k)
{
	struct clause_index *ix = u->ix;
	long long blob = 0, mtime = f->mtime;
	struct stat st;
	char oid[41];
	git_oid o;
	int r;

	clause_buf_clear(&u->path);
	clause_buf_printf(&u->path, "%s%s", ix->repo->workdir, f->path);
	clause_buf_clear(&u->data);
	r = clause_buf_read_file(&u->data, u->path.ptr, CLAUSE_MAX_DOC_BYTES);
	if (r < 0 && r != CLAUSE_ETOOBIG && lstat(u->path.ptr, &st) < 0) {
		/* Gone since the walk: not in the snapshot any more. */
		if ((r = entry_del(ix, u->snap, f->path)) == 0 && k)
			u->gc[u->ngc++] = k->blob;
		return r;
	}
	if (r == CLAUSE_ETOOBIG) {
		/* Not read: the snapshot says it is too large. */
		if ((r = index_blob_too_big(ix, &blob, NULL, (size_t)f->size)) < 0)
			return r;
	} else if (r < 0) {
		return r;
	} else {
		ix->hashed++;
		git_odb_hash(&o, u->data.ptr, u->data.len, GIT_OBJECT_BLOB);
		git_oid_tostr(oid, sizeof(oid), &o);
		if ((r = index_blob_find(ix, oid, &blob)) < 0)
			return r;
		if (!blob && (r = index_blob_add(ix, &blob, oid, f->path,
						 u->data.ptr, u->data.len)) < 0)
			return r;
	}
	/* A file changed in the same clock tick as we read it could change
	 * again unseen: trust its stat data only later. */
	if (u->now - mtime < RACY_NS) {
		mtime = 0;
		u->racy = 1;
	}
	if ((r = entry_put(ix, u->snap, f->path, blob, f->size, mtime, f->ino)) < 0)
		return r;
	if (k && k->blob != blob)
		u->gc[u->ngc++] = k->blob;
	return 0;
}

/* Write the snapshot from the scan: the files whose stat data changed,
 * the entries of files that are gone, the blobs no longer held.  In the
 * caller's write transaction. */
static int update_worktree(struct wupdate *u, const struct wlist *files)
{
	struct clause_index *ix = u->ix;
	struct clause_map seen = CLAUSE_MAP_INIT;
	struct timespec now;
	size_t todo = 0, done = 0;
	int r = 0;

	if (!(u->gc = calloc(files->n + u->known.n + 1, sizeof(*u->gc)))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	u->now = (long long)now.tv_sec * 1000000000LL + now.tv_nsec;
	for (size_t i = 0; i < files->n; i++)
		if (!same_stat(clause_map_get(&u->known, files->v[i].path),
			       &files->v[i]))
			todo++;
	for (size_t i = 0; r == 0 && i < files->n; i++) {
		const struct wfile *f = &files->v[i];
		const struct known *k = clause_map_get(&u->known, f->path);

		clause_map_put(&seen, f->path, (void *)f, NULL);
		if (same_stat(k, f))
			continue;
		if (ix->progress)
			ix->progress(++done, todo, ix->progress_payload);
		r = update_file(u, f, k);
	}
	for (size_t i = 0; r == 0 && i < u->known.cap; i++) {
		const struct clause_map_slot *s = &u->known.slots[i];

		if (!s->key || clause_map_get(&seen, s->key))
			continue;
		if ((r = entry_del(ix, u->snap, s->key)) == 0)
			u->gc[u->ngc++] = ((struct known *)s->value)->blob;
	}
	for (size_t i = 0; r == 0 && i < u->ngc; i++)
		r = index_blob_gc(ix, u->gc[i]);
	clause_map_release(&seen, NULL);
	return r;
}

/* Did nothing change since the snapshot was taken?  1 when the stat data
 * of every file are those recorded (then the digest is recorded, so that
 * the next search need not read the entries either), 0 when something
 * changed or the ignore rules are not the recorded ones; either way the
 * ignored files are out of w's list. */
static int worktree_unchanged(struct wupdate *u, struct clause_wscan *w,
			      const char *skey, const char *dkey, int *tx)
{
	struct wlist *files = &w->files;
	char *old = index_stamp_get(u->ix, skey);
	int same_rules, changed, r;

	same_rules = old && strcmp(old, w->stamp.ptr ? w->stamp.ptr : "") == 0;
	free(old);
	filter_ignored(files, u->ix->repo, same_rules ? &u->known : NULL);
	if (!same_rules)
		return 0;
	changed = u->known.n != files->n;
	for (size_t i = 0; i < files->n && !changed; i++)
		changed = !same_stat(clause_map_get(&u->known, files->v[i].path),
				     &files->v[i]);
	if (changed)
		return 0;
	if ((r = index_begin(u->ix)) < 0)
		return r;
	*tx = 1;
	return (r = index_stamp_put(u->ix, dkey, w->digest)) < 0 ? r : 1;
}

int index_snap_worktree(struct clause_index *ix, long long *id)
{
	struct clause_repo *repo = ix->repo;
	struct clause_buf name = CLAUSE_BUF_INIT, skey = CLAUSE_BUF_INIT;
	struct clause_buf dkey = CLAUSE_BUF_INIT;
	struct wupdate u = { ix, 0, CLAUSE_MAP_INIT, NULL, 0, 0, 0,
			     CLAUSE_BUF_INIT, CLAUSE_BUF_INIT };
	struct clause_wscan own, *w = ix->scan;
	char *old_digest = NULL;
	int r, tx = 0;

	/* The scan index_search made meanwhile, or one now. */
	if (!w) {
		memset(&own, 0, sizeof(own));
		own.repo = repo;
		index_scan_worktree(&own);
		w = &own;
	}
	index_worktree_keys(&name, &dkey, repo);
	clause_buf_printf(&skey, "ignore:%s", repo->workdir);
	if ((r = w->r) < 0) {
		clause_error_set("%s", w->error ? w->error : "cannot read the work tree");
		goto done;
	}
	if ((r = index_snap_find(ix, id, name.ptr)) < 0)
		goto done;
	old_digest = index_stamp_get(ix, dkey.ptr);
	if (*id && old_digest && strcmp(old_digest, w->digest) == 0)
		goto done;
	/* Read first: most of the time nothing changed and nothing is
	 * written, so searches do not queue behind each other. */
	if (!*id) {
		filter_ignored(&w->files, repo, NULL);
	} else if ((r = load_known(ix, &u.known, *id)) < 0 ||
		   (r = worktree_unchanged(&u, w, skey.ptr, dkey.ptr, &tx)) != 0) {
		r = r < 0 ? r : 0;
		goto done;
	}
	clause_map_release(&u.known, free_known);
	if ((r = index_begin(ix)) < 0)
		goto done;
	tx = 1;
	if ((r = index_snap_find(ix, id, name.ptr)) < 0 ||
	    (!*id && (r = snap_add(ix, id, name.ptr)) < 0) ||
	    (r = load_known(ix, &u.known, *id)) < 0)
		goto done;
	u.snap = *id;
	if ((r = update_worktree(&u, &w->files)) == 0 &&
	    (r = stats_store(ix, u.snap)) == 0 &&
	    (r = index_stamp_put(ix, skey.ptr, w->stamp.ptr ? w->stamp.ptr : "")) == 0)
		/* With a racy entry the digest would hide its next change. */
		r = index_stamp_put(ix, dkey.ptr, u.racy ? "" : w->digest);
done:
	if (tx)
		r = index_finish(ix, r);
	free(old_digest);
	free(u.gc);
	clause_map_release(&u.known, free_known);
	clause_buf_release(&u.path);
	clause_buf_release(&u.data);
	if (w == &own)
		index_scan_release(&own);
	clause_buf_release(&name);
	clause_buf_release(&skey);
	clause_buf_release(&dkey);
	return r;
}
