/* pool.c: memory handed out in order and given back all at once. */
#include "util/pool.h"
#include "util/error.h"

#include <stdalign.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#if defined(__SANITIZE_ADDRESS__)
#define POOL_EACH_APART 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define POOL_EACH_APART 1
#endif
#endif

/* A block's size: a pool's first piece maps this much, of which only
 * the pages touched are memory. */
#define BLOCK ((size_t)1 << 20)
#define ALIGN alignof(max_align_t)

/* The head of a block: the pieces follow it, aligned. */
struct pool_block {
	struct pool_block *next;
	size_t size;		/* of the whole mapping */
	max_align_t pad[];	/* the pieces start here */
};

#ifdef POOL_EACH_APART
void *clause_pool_alloc(struct clause_pool *p, size_t n)
{
	struct pool_block *b = calloc(1, sizeof(*b) + n);

	if (!b) {
		clause_error_set("out of memory");
		return NULL;
	}
	b->next = p->blocks;
	b->size = n;
	p->blocks = b;
	return b->pad;
}

void clause_pool_release(struct clause_pool *p)
{
	while (p->blocks) {
		struct pool_block *next = p->blocks->next;
		free(p->blocks);
		p->blocks = next;
	}
	p->at = p->end = NULL;
}
#else
static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

void *clause_pool_alloc(struct clause_pool *p, size_t n)
{
	void *out;

	n = round_up(n ? n : 1, ALIGN);
	if (!p->at || n > (size_t)(p->end - p->at)) {
		size_t size = round_up(sizeof(struct pool_block) + n, BLOCK);
		struct pool_block *b = size > n ?
			mmap(NULL, size, PROT_READ | PROT_WRITE,
			     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0) : MAP_FAILED;

		if (b == MAP_FAILED) {
			clause_error_set("out of memory");
			return NULL;
		}
		b->next = p->blocks;
		b->size = size;
		p->blocks = b;
		p->at = (char *)b->pad;
		p->end = (char *)b + size;
	}
	/* Fresh from the kernel: already zero. */
	out = p->at;
	p->at += n;
	return out;
}

void clause_pool_release(struct clause_pool *p)
{
	while (p->blocks) {
		struct pool_block *next = p->blocks->next;
		munmap(p->blocks, p->blocks->size);
		p->blocks = next;
	}
	p->at = p->end = NULL;
}
#endif

char *clause_pool_strdup(struct clause_pool *p, const char *s)
{
	size_t n;
	char *out;

	if (!s)
		return NULL;
	n = strlen(s) + 1;
	if ((out = clause_pool_alloc(p, n)))
		memcpy(out, s, n);
	return out;
}

void *clause_pool_grow(struct clause_pool *p, void **arr, size_t n,
		       size_t first, size_t size)
{
	size_t k;

	if (!first)
		first = 1;
	k = n / first;
	/* Full at 0, and at first times each power of two. */
	if (n == 0 || (n % first == 0 && (k & (k - 1)) == 0)) {
		size_t cap = n ? 2 * n : first;
		void *more;

		if (cap > SIZE_MAX / size || !(more = clause_pool_alloc(p, cap * size)))
			return NULL;
		if (n)
			memcpy(more, *arr, n * size);
		*arr = more;
	}
	return (char *)*arr + n * size;
}
