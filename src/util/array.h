/* array.h: growing a C array by doubling its capacity. */
#ifndef CLAUSE_ARRAY_H
#define CLAUSE_ARRAY_H

#include <stddef.h>

/* Make room in *arr (of *cap elements of `size` bytes) for more: the
 * capacity doubles (8 at first).  0, or -1 with the error set. */
int clause_array_grow(void **arr, size_t *cap, size_t size);

/* Room for element n of arr (capacity cap): 0, or -1 out of memory. */
#define CLAUSE_GROW(arr, n, cap)					\
	((n) < (cap) ? 0 :						\
	 clause_array_grow((void **)&(arr), &(cap), sizeof(*(arr))))

#endif
