/* map.c: string-keyed hash map with linear probing (FNV-1a hashes). */
#include "util/map.h"
#include "util/error.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static uint64_t hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h;
}

/* The slot of key (hashed to h), or the empty slot where it would go. */
static struct clause_map_slot *find(const struct clause_map *m, const char *key,
				    size_t h)
{
	size_t i = h & (m->cap - 1);

	while (m->slots[i].key && (m->slots[i].hash != h ||
				   strcmp(m->slots[i].key, key) != 0))
		i = (i + 1) & (m->cap - 1);
	return &m->slots[i];
}

static int resize(struct clause_map *m)
{
	struct clause_map old = *m;
	size_t cap = m->cap ? m->cap * 2 : 16;

	m->slots = calloc(cap, sizeof(*m->slots));
	if (!m->slots) {
		*m = old;
		clause_error_set("out of memory");
		return -1;
	}
	m->cap = cap;
	for (size_t i = 0; i < old.cap; i++)
		if (old.slots[i].key)
			*find(m, old.slots[i].key, old.slots[i].hash) = old.slots[i];
	free(old.slots);
	return 0;
}

int clause_map_put(struct clause_map *m, const char *key, void *value,
		   void **old)
{
	struct clause_map_slot *s;
	size_t h = (size_t)hash(key);

	if (old)
		*old = NULL;
	if ((m->n + 1) * 4 > m->cap * 3 && resize(m) < 0)
		return -1;
	s = find(m, key, h);
	if (s->key) {
		if (old)
			*old = s->value;
		s->value = value;
		return 0;
	}
	if (!(s->key = strdup(key))) {
		clause_error_set("out of memory");
		return -1;
	}
	s->value = value;
	s->hash = h;
	m->n++;
	return 0;
}

void *clause_map_get(const struct clause_map *m, const char *key)
{
	struct clause_map_slot *s;

	if (!m->cap)
		return NULL;
	s = find(m, key, (size_t)hash(key));
	return s->key ? s->value : NULL;
}

void clause_map_release(struct clause_map *m, void (*free_value)(void *))
{
	for (size_t i = 0; i < m->cap; i++) {
		if (!m->slots[i].key)
			continue;
		free(m->slots[i].key);
		if (free_value)
			free_value(m->slots[i].value);
	}
	free(m->slots);
	m->slots = NULL;
	m->cap = m->n = 0;
}
