/* array.c: growing a C array by doubling its capacity. */
#include "util/array.h"
#include "util/error.h"

#include <stdlib.h>

int clause_array_grow(void **arr, size_t *cap, size_t size)
{
	size_t ncap = *cap ? *cap * 2 : 8;
	void *p = realloc(*arr, ncap * size);

	if (!p) {
		clause_error_set("out of memory");
		return -1;
	}
	*arr = p;
	*cap = ncap;
	return 0;
}
