/* array.h: growing a C array by doubling its capacity. */
#ifndef CLAUSE_ARRAY_H
#define CLAUSE_ARRAY_H

#include <stddef.h>
#include <stdlib.h>

/* Make room in *arr (of *cap elements of `size` bytes) for more: the
 * capacity doubles (8 at first).  0, or -1 with the error set. */
int clause_array_grow(void **arr, size_t *cap, size_t size);

/* Room for element n of arr (capacity cap): 0, or -1 out of memory. */
#define CLAUSE_GROW(arr, n, cap)					\
	((n) < (cap) ? 0 :						\
	 clause_array_grow((void **)&(arr), &(cap), sizeof(*(arr))))

/* qsort, for arrays that may be empty (and NULL): qsort's pointer must
 * not be NULL even for no elements. */
static inline void clause_qsort(void *base, size_t n, size_t size,
				int (*cmp)(const void *, const void *))
{
	if (n > 1)
		qsort(base, n, size, cmp);
}

#endif
