/* map.h: a string-keyed hash map (open addressing, keys copied). */
#ifndef CLAUSE_MAP_H
#define CLAUSE_MAP_H

#include <stddef.h>

struct clause_map_slot {
	char *key;		/* owned copy of the key, NULL when empty */
	void *value;		/* borrowed: the map never frees values */
	size_t hash;		/* of key: probes compare it before the key */
};

struct clause_map {
	struct clause_map_slot *slots;	/* cap slots */
	size_t cap;			/* a power of two, or 0 */
	size_t n;			/* keys stored */
};

#define CLAUSE_MAP_INIT { NULL, 0, 0 }

/* Store key -> value, replacing any old value (returned in *old if set). */
int clause_map_put(struct clause_map *m, const char *key, void *value,
		   void **old);
void *clause_map_get(const struct clause_map *m, const char *key);
/* Free the keys and slots; call `free_value` on each value if non-NULL. */
void clause_map_release(struct clause_map *m, void (*free_value)(void *));

#endif
