/* history.c: walk commits and follow a document or clause by its id.
 *
 * Each blob is parsed at most once per walk (cache keyed by blob id), so a
 * history costs about the number of distinct versions of the files that
 * held the document, not commits x files.
 */
#include "git/history.h"
#include "util/buf.h"
#include "doc/doc.h"
#include "util/error.h"
#include "util/map.h"
#include "doc/xml.h"

#include <stdlib.h>
#include <string.h>

/* What one blob holds, as far as history cares. */
struct blob_info {
	char *docid;		/* document id, NULL when not a valid document */
	struct clause_map clauses;	/* clause id -> struct clause_ver */
	int told;		/* known to the oracle: clauses asked for
				 * when needed (clauses_of) */
	int asked;		/* and they were */
};

/* The state of the followed thing at one commit. */
struct state {
	int present;		/* the document (or clause) exists */
	char version[41];	/* blob id or clause hash */
	char *path;		/* owned */
	char *num;		/* borrowed from the cache */
};

struct walker {
	struct clause_repo *repo;
	const char *doc;	/* followed document id, or NULL */
	const char *clause;	/* followed clause id, or NULL */
	struct clause_map blobs;	/* blob id -> struct blob_info */
	char *last_path;	/* where the document was last seen */
	const struct clause_blob_oracle *oracle;	/* or NULL */
};

static void free_ver(void *p)
{
	struct clause_ver *v = p;

	free(v->num);
	free(v);
}

static void free_info(void *p)
{
	struct blob_info *b = p;

	free(b->docid);
	clause_map_release(&b->clauses, free_ver);
	free(b);
}

/* What blob `oid` holds, from its bytes, into info. */
static void parse_blob(struct blob_info *info, struct walker *w,
		       const git_oid *oid, const char *key)
{
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_doc *doc = NULL;
	git_blob *blob = NULL;

	if (git_blob_lookup(&blob, w->repo->git, oid) == 0 &&
	    (size_t)git_blob_rawsize(blob) <= CLAUSE_MAX_DOC_BYTES &&
	    clause_doc_load(&doc, NULL, key, git_blob_rawcontent(blob),
			    (size_t)git_blob_rawsize(blob), 0, &probs) == 0 && doc) {
		info->docid = strdup(doc->id);
		for (size_t i = 0; i < doc->nclauses; i++) {
			struct clause_ver *v = calloc(1, sizeof(*v));
			if (!v)
				break;
			memcpy(v->hash, doc->clauses[i].hash, sizeof(v->hash));
			v->num = doc->clauses[i].num ? strdup(doc->clauses[i].num) : NULL;
			clause_map_put(&info->clauses, doc->clauses[i].id, v, NULL);
		}
	}
	git_error_clear();
	clause_doc_free(doc);
	clause_problems_release(&probs);
	git_blob_free(blob);
}

static struct blob_info *blob_info(struct walker *w, const git_oid *oid)
{
	char key[41];
	struct blob_info *info;

	git_oid_tostr(key, sizeof(key), oid);
	if ((info = clause_map_get(&w->blobs, key)))
		return info;
	if (!(info = calloc(1, sizeof(*info))))
		return NULL;
	if (w->oracle && w->oracle->docid(&info->docid, oid,
					  w->oracle->payload) == 1)
		info->told = 1;
	else
		parse_blob(info, w, oid, key);
	clause_map_put(&w->blobs, key, info, NULL);
	return info;
}

/* The clauses of blob `oid` (info), asked of the oracle the first time
 * they are needed when it told what the blob is. */
static struct clause_map *clauses_of(struct walker *w, struct blob_info *info,
				     const git_oid *oid)
{
	if (info->told && !info->asked) {
		info->asked = 1;
		if (w->oracle->clauses(&info->clauses, oid, w->oracle->payload) < 0) {
			/* Not a partial answer: the blob's own bytes. */
			char key[41];
			clause_map_release(&info->clauses, free_ver);
			free(info->docid);
			info->docid = NULL;
			git_oid_tostr(key, sizeof(key), oid);
			parse_blob(info, w, oid, key);
			clause_error_clear();
		}
	}
	return &info->clauses;
}

struct find {
	struct walker *w;
	const git_oid *found;	/* blob holding the document */
	char *path;		/* and its path */
};

static int find_cb(const char *root, const git_tree_entry *te, void *payload)
{
	struct find *f = payload;
	const char *name = git_tree_entry_name(te);
	size_t n = strlen(name);
	struct blob_info *info;

	if (git_tree_entry_type(te) != GIT_OBJECT_BLOB || n < 5 ||
	    strcmp(name + n - 4, ".xml") != 0)
		return 0;
	info = blob_info(f->w, git_tree_entry_id(te));
	if (info && info->docid && strcmp(info->docid, f->w->doc) == 0) {
		struct clause_buf p = CLAUSE_BUF_INIT;
		clause_buf_printf(&p, "%s%s", root, name);
		f->found = git_tree_entry_id(te);
		f->path = clause_buf_detach(&p);
		/* stop the walk (a positive return would only skip this
		 * entry, and every document of the tree would be read) */
		return GIT_EUSER;
	}
	return 0;
}

/* Where is the followed document in this tree, and what version is it? */
static int state_at(struct state *st, struct walker *w, git_commit *commit)
{
	git_tree *tree = NULL;
	git_tree_entry *te = NULL;
	struct find f = { w, NULL, NULL };
	struct blob_info *info;
	int r;

	memset(st, 0, sizeof(*st));
	if ((r = git_commit_tree(&tree, commit)) < 0)
		return clause_error_from_git(r, "cannot read a tree");
	/* Most commits leave the document where it was. */
	if (w->last_path &&
	    git_tree_entry_bypath(&te, tree, w->last_path) == 0 &&
	    git_tree_entry_type(te) == GIT_OBJECT_BLOB) {
		info = blob_info(w, git_tree_entry_id(te));
		if (info && info->docid && strcmp(info->docid, w->doc) == 0) {
			f.found = git_tree_entry_id(te);
			f.path = strdup(w->last_path);
		}
	}
	git_error_clear();
	if (!f.found)
		git_tree_walk(tree, GIT_TREEWALK_PRE, find_cb, &f);
	if (f.found) {
		info = blob_info(w, f.found);
		st->path = f.path;
		free(w->last_path);
		w->last_path = strdup(f.path);
		if (!w->clause) {
			st->present = 1;
			git_oid_tostr(st->version, sizeof(st->version), f.found);
		} else {
			struct clause_ver *v = clause_map_get(clauses_of(w, info, f.found),
							      w->clause);
			if (v) {
				st->present = 1;
				memcpy(st->version, v->hash, sizeof(st->version));
				st->num = v->num;
			}
		}
	}
	git_tree_entry_free(te);
	git_tree_free(tree);
	return 0;
}

/* Did the commit change any XML file under `prefix` against its first
 * parent (or hold any, for a root commit)? */
static int touches_xml(int *out, struct clause_repo *repo, git_commit *commit)
{
	git_diff_options opts = GIT_DIFF_OPTIONS_INIT;
	git_tree *tree = NULL, *ptree = NULL;
	git_commit *parent = NULL;
	git_diff *diff = NULL;
	struct clause_buf spec = CLAUSE_BUF_INIT;
	char *specs[1];
	int r;

	*out = 0;
	clause_buf_printf(&spec, "%s*.xml", repo->prefix ? repo->prefix : "");
	specs[0] = spec.ptr;
	opts.pathspec.strings = specs;
	opts.pathspec.count = 1;
	if ((r = git_commit_tree(&tree, commit)) < 0)
		goto done;
	if (git_commit_parentcount(commit) > 0 &&
	    ((r = git_commit_parent(&parent, commit, 0)) < 0 ||
	     (r = git_commit_tree(&ptree, parent)) < 0))
		goto done;
	if ((r = git_diff_tree_to_tree(&diff, repo->git, ptree, tree, &opts)) < 0)
		goto done;
	*out = git_diff_num_deltas(diff) > 0;
done:
	if (r < 0)
		r = clause_error_from_git(r, "cannot compare trees");
	clause_buf_release(&spec);
	git_diff_free(diff);
	git_tree_free(tree);
	git_tree_free(ptree);
	git_commit_free(parent);
	return r;
}

static struct clause_log_entry *add(struct clause_log *log, git_commit *c)
{
	struct clause_log_entry *e;
	const git_signature *a = git_commit_author(c);
	const char *summary = git_commit_summary(c);

	if (log->n == log->cap) {
		size_t cap = log->cap ? log->cap * 2 : 16;
		struct clause_log_entry *v = realloc(log->v, cap * sizeof(*v));
		if (!v) {
			clause_error_set("out of memory");
			return NULL;
		}
		log->v = v;
		log->cap = cap;
	}
	e = &log->v[log->n++];
	memset(e, 0, sizeof(*e));
	git_oid_tostr(e->commit, sizeof(e->commit), git_commit_id(c));
	e->when = a->when.time;
	e->offset = a->when.offset;
	/* As written: commit messages come from anyone who pushed, so
	 * what shows them as text shows them visibly (clause_visible); JSON
	 * escapes them. */
	e->author = strdup(a->name ? a->name : "");
	e->subject = strdup(summary ? summary : "");
	return e;
}

void clause_log_release(struct clause_log *log)
{
	for (size_t i = 0; i < log->n; i++) {
		free(log->v[i].author);
		free(log->v[i].subject);
		free(log->v[i].path);
		free(log->v[i].num);
		for (size_t j = 0; j < log->v[i].nrounds; j++)
			free(log->v[i].rounds[j]);
		free(log->v[i].rounds);
	}
	free(log->v);
	log->v = NULL;
	log->n = log->cap = 0;
}

/*
 * Attach each round to the entry that was current at the round's commit:
 * the newest entry made at that commit or at an ancestor of it.  Rounds
 * outside the history walked (not `start` or an ancestor) are left out.
 */
static int attach_rounds(struct clause_log *log, struct walker *w,
			 const git_oid *start)
{
	struct clause_rounds rounds = { NULL, 0 };
	git_repository *git = w->repo->git;
	int r;

	if ((r = clause_round_list(&rounds, w->repo)) < 0)
		return r;
	for (size_t i = 0; i < rounds.n; i++) {
		git_oid c;

		git_oid_fromstr(&c, rounds.v[i].commit);
		if (!git_oid_equal(&c, start) &&
		    git_graph_descendant_of(git, start, &c) != 1)
			continue;
		for (size_t k = 0; k < log->n; k++) {
			struct clause_log_entry *e = &log->v[k];
			char **v;
			git_oid at;

			git_oid_fromstr(&at, e->commit);
			if (!git_oid_equal(&at, &c) &&
			    git_graph_descendant_of(git, &c, &at) != 1)
				continue;
			/* Gone at that round: no version to name. */
			if (strcmp(e->change, "removed") == 0)
				break;
			v = realloc(e->rounds, (e->nrounds + 1) * sizeof(*v));
			if (!v)
				break;
			e->rounds = v;
			e->rounds[e->nrounds++] = strdup(rounds.v[i].name);
			break;
		}
	}
	git_error_clear();
	clause_rounds_release(&rounds);
	return 0;
}

int clause_history(struct clause_log *out, struct clause_repo *repo,
		   const char *rev, const char *doc, const char *clause,
		   size_t max, const struct clause_blob_oracle *oracle)
{
	struct walker w = { repo, doc, clause, CLAUSE_MAP_INIT,
			    oracle && oracle->hint ? strdup(oracle->hint) : NULL,
			    oracle };
	git_revwalk *walk = NULL;
	git_commit *start = NULL;
	git_oid oid;
	int r, ever = 0;

	memset(out, 0, sizeof(*out));
	if ((r = clause_repo_commit_of(&start, repo, rev ? rev : "HEAD")) < 0)
		return r;
	if ((r = git_revwalk_new(&walk, repo->git)) < 0 ||
	    (r = git_revwalk_sorting(walk, GIT_SORT_TOPOLOGICAL | GIT_SORT_TIME)) < 0 ||
	    (r = git_revwalk_push(walk, git_commit_id(start))) < 0) {
		r = clause_error_from_git(r, "cannot walk the history");
		goto done;
	}
	while ((r = git_revwalk_next(&oid, walk)) == 0) {
		git_commit *c = NULL;
		struct state cur, par;
		int changed = 0, first_present, touched;

		if ((r = git_commit_lookup(&c, repo->git, &oid)) < 0) {
			r = clause_error_from_git(r, "cannot read a commit");
			goto done;
		}
		if (!doc) {
			if ((r = touches_xml(&touched, repo, c)) < 0) {
				git_commit_free(c);
				goto done;
			}
			if (touched) {
				struct clause_log_entry *e = add(out, c);
				if (!e) {
					git_commit_free(c);
					r = CLAUSE_ERROR;
					goto done;
				}
				e->change = "changed";
				memcpy(e->version, e->commit, sizeof(e->version));
			}
			git_commit_free(c);
			if (max && out->n >= max)
				break;
			continue;
		}
		if ((r = state_at(&cur, &w, c)) < 0) {
			git_commit_free(c);
			goto done;
		}
		ever |= cur.present;
		/* Changed when it differs from every parent (a merge that took
		 * one side's version unchanged is not a change); the kind of
		 * change is told against the first parent. */
		changed = cur.present;
		first_present = 0;
		for (unsigned i = 0; i < git_commit_parentcount(c); i++) {
			git_commit *p = NULL;
			if (git_commit_parent(&p, c, i) < 0 ||
			    state_at(&par, &w, p) < 0) {
				git_commit_free(p);
				continue;
			}
			if (i == 0) {
				first_present = par.present;
				changed = 1;
			}
			if (par.present == cur.present &&
			    (!cur.present || strcmp(par.version, cur.version) == 0))
				changed = 0;
			free(par.path);
			git_commit_free(p);
			if (!changed)
				break;
		}
		if (changed) {
			struct clause_log_entry *e = add(out, c);
			if (!e) {
				free(cur.path);
				git_commit_free(c);
				r = CLAUSE_ERROR;
				goto done;
			}
			e->change = !cur.present ? "removed" :
				    !first_present ? "added" : "modified";
			memcpy(e->version, cur.version, sizeof(e->version));
			e->path = cur.path ? strdup(cur.path) : NULL;
			e->num = cur.num ? strdup(cur.num) : NULL;
		}
		free(cur.path);
		git_commit_free(c);
		if (max && out->n >= max)
			break;
	}
	if (r == GIT_ITEROVER)
		r = 0;
	else if (r < 0)
		goto done;
	if (doc && !ever) {
		clause_error_set(clause ? "no clause '%s/%s' in the history"
				        : "no document '%s' in the history%s",
				 doc, clause ? clause : "");
		r = CLAUSE_ENOTFOUND;
		goto done;
	}
	r = attach_rounds(out, &w, git_commit_id(start));
done:
	if (r < 0)
		clause_log_release(out);
	free(w.last_path);
	clause_map_release(&w.blobs, free_info);
	git_revwalk_free(walk);
	git_commit_free(start);
	return r;
}
