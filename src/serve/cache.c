/* cache.c: answers to searches of the work tree, kept while the work tree
 * is as it was.
 *
 * A search over 100,000 clauses costs a few milliseconds of the CPU;
 * the same search asked again (the office's usual questions, a page of
 * hits opened from a link, the next page and back) is answered from here
 * in microseconds.  An answer is kept with the index's stamp of the work
 * tree (clause_index_worktree_stamp) and given again only while the stamp
 * is the same: an edit or a pull shows on the next request, as without
 * the cache.  Searches of revisions and rounds are not kept (a new tag or
 * commit changes them without the work tree changing).
 *
 * At most CACHE_ENTRIES answers of at most CACHE_MAX_BODY bytes each, the
 * least recently used given up first; one lock, held only to copy.
 */
#include "serve/internal.h"
#include "util/buf.h"

#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#define CACHE_ENTRIES 256
#define CACHE_MAX_BODY (256 * 1024)

struct entry {
	char *key;		/* the request: path and arguments */
	char *stamp;		/* the work tree it was answered for */
	char *body;
	size_t len;
	const char *type;	/* a string constant of the routes */
	unsigned long long used;	/* when last given, in ticks */
};

static struct {
	pthread_mutex_t lock;
	struct entry v[CACHE_ENTRIES];
	unsigned long long tick;
} cache = { PTHREAD_MUTEX_INITIALIZER, { { 0 } }, 0 };

static void entry_clear(struct entry *e)
{
	free(e->key);
	free(e->stamp);
	free(e->body);
	memset(e, 0, sizeof(*e));
}

int serve_cache_get(struct serve_req *r, const char *key, const char *stamp)
{
	int hit = 0;

	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = &cache.v[i];

		if (!e->key || strcmp(e->key, key) != 0)
			continue;
		if (strcmp(e->stamp, stamp) != 0) {
			entry_clear(e);	/* the work tree has changed */
			break;
		}
		clause_buf_clear(&r->body);
		if (clause_buf_put(&r->body, e->body, e->len) == 0) {
			r->type = e->type;
			r->status = 200;
			e->used = ++cache.tick;
			hit = 1;
		}
		break;
	}
	pthread_mutex_unlock(&cache.lock);
	return hit;
}

void serve_cache_put(const struct serve_req *r, const char *key,
		     const char *stamp)
{
	struct entry *slot = NULL, n = { 0 };

	if (r->status != 200 || r->body.len > CACHE_MAX_BODY)
		return;
	n.key = strdup(key);
	n.stamp = strdup(stamp);
	n.body = malloc(r->body.len + 1);
	if (!n.key || !n.stamp || !n.body) {
		entry_clear(&n);
		return;
	}
	memcpy(n.body, r->body.len ? r->body.ptr : "", r->body.len);
	n.len = r->body.len;
	n.type = r->type;
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++) {
		struct entry *e = &cache.v[i];

		if (e->key && strcmp(e->key, key) == 0) {
			slot = e;	/* asked twice at once: the later stays */
			break;
		}
		if (!slot || !e->key || (slot->key && e->used < slot->used))
			slot = e;
	}
	entry_clear(slot);
	*slot = n;
	slot->used = ++cache.tick;
	pthread_mutex_unlock(&cache.lock);
}

void serve_cache_free(void)
{
	pthread_mutex_lock(&cache.lock);
	for (size_t i = 0; i < CACHE_ENTRIES; i++)
		entry_clear(&cache.v[i]);
	pthread_mutex_unlock(&cache.lock);
}
