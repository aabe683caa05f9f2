/* hash.h: a fast 160-bit content hash for clause versions.
 *
 * Clause versions are compared, not trusted: they need to be stable and
 * practically collision-free, not cryptographic.  MurmurHash3 (x64, 128
 * bits) and a second 32-bit lane give 40 hex digits, the width of a git
 * object id, at a fraction of SHA-1DC's cost.
 */
#ifndef CLAUSE_HASH_H
#define CLAUSE_HASH_H

#include <stddef.h>

/* Write 40 lower-case hex digits and a NUL to out. */
void clause_hash_hex(char out[41], const void *data, size_t len);

#endif
