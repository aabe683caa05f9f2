/* hash.c: MurmurHash3 x64-128 (public domain, Austin Appleby), plus a
 * 32-bit lane from a second seed, as 40 hex digits. */
#include "util/hash.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

static uint64_t rotl(uint64_t x, int r)
{
	return (x << r) | (x >> (64 - r));
}

static uint64_t fmix(uint64_t k)
{
	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdULL;
	k ^= k >> 33;
	k *= 0xc4ceb9fe1a85ec53ULL;
	k ^= k >> 33;
	return k;
}

static void murmur3_128(const void *key, size_t len, uint64_t seed,
			uint64_t out[2])
{
	const uint8_t *data = key;
	size_t nblocks = len / 16;
	uint64_t h1 = seed, h2 = seed;
	const uint64_t c1 = 0x87c37b91114253d5ULL, c2 = 0x4cf5ad432745937fULL;
	const uint8_t *tail;
	uint64_t k1 = 0, k2 = 0;

	for (size_t i = 0; i < nblocks; i++) {
		uint64_t b1, b2;
		memcpy(&b1, data + i * 16, 8);
		memcpy(&b2, data + i * 16 + 8, 8);
		b1 *= c1; b1 = rotl(b1, 31); b1 *= c2; h1 ^= b1;
		h1 = rotl(h1, 27); h1 += h2; h1 = h1 * 5 + 0x52dce729;
		b2 *= c2; b2 = rotl(b2, 33); b2 *= c1; h2 ^= b2;
		h2 = rotl(h2, 31); h2 += h1; h2 = h2 * 5 + 0x38495ab5;
	}
	tail = data + nblocks * 16;
	switch (len & 15) {
	case 15: k2 ^= (uint64_t)tail[14] << 48; /* fall through */
	case 14: k2 ^= (uint64_t)tail[13] << 40; /* fall through */
	case 13: k2 ^= (uint64_t)tail[12] << 32; /* fall through */
	case 12: k2 ^= (uint64_t)tail[11] << 24; /* fall through */
	case 11: k2 ^= (uint64_t)tail[10] << 16; /* fall through */
	case 10: k2 ^= (uint64_t)tail[9] << 8; /* fall through */
	case 9: k2 ^= (uint64_t)tail[8];
		k2 *= c2; k2 = rotl(k2, 33); k2 *= c1; h2 ^= k2;
		/* fall through */
	case 8: k1 ^= (uint64_t)tail[7] << 56; /* fall through */
	case 7: k1 ^= (uint64_t)tail[6] << 48; /* fall through */
	case 6: k1 ^= (uint64_t)tail[5] << 40; /* fall through */
	case 5: k1 ^= (uint64_t)tail[4] << 32; /* fall through */
	case 4: k1 ^= (uint64_t)tail[3] << 24; /* fall through */
	case 3: k1 ^= (uint64_t)tail[2] << 16; /* fall through */
	case 2: k1 ^= (uint64_t)tail[1] << 8; /* fall through */
	case 1: k1 ^= (uint64_t)tail[0];
		k1 *= c1; k1 = rotl(k1, 31); k1 *= c2; h1 ^= k1;
	}
	h1 ^= (uint64_t)len;
	h2 ^= (uint64_t)len;
	h1 += h2;
	h2 += h1;
	h1 = fmix(h1);
	h2 = fmix(h2);
	h1 += h2;
	h2 += h1;
	out[0] = h1;
	out[1] = h2;
}

/* The low `digits` hex digits of v, most significant first. */
static void put_hex(char *out, uint64_t v, int digits)
{
	static const char hex[] = "0123456789abcdef";

	for (int i = digits - 1; i >= 0; i--) {
		out[i] = hex[v & 0xf];
		v >>= 4;
	}
}

void clause_hash_hex(char out[41], const void *data, size_t len)
{
	uint64_t a[2], b[2];

	murmur3_128(data, len, 0x636c61757365ULL, a);	/* "clause" */
	murmur3_128(data, len, 0x76657273696f6eULL, b);	/* "version" */
	/* As "%016llx%016llx%08llx", without printf (one per clause). */
	put_hex(out, a[0], 16);
	put_hex(out + 16, a[1], 16);
	put_hex(out + 32, b[0] >> 32, 8);
	out[40] = '\0';
}
