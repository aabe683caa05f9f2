/* fuzz_wdiff.c: the word diff of two arbitrary texts (the input split at
 * its first byte 0x01).  The runs cover both token lists in order,
 * alternate, and equal runs hold equal tokens, so the redline rebuilds
 * each side; applying the edits gives the new text; the plain redline
 * and the texts of both sides come out whole. */
#include "fuzz.h"

#include <string.h>

#include "diff/wdiff.h"

static int same(const struct clause_token *a, const struct clause_token *b)
{
	return a->len == b->len && memcmp(a->s, b->s, a->len) == 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *part[2];
	struct clause_wdiff d = CLAUSE_WDIFF_INIT;
	struct clause_buf got = CLAUSE_BUF_INIT, want = CLAUSE_BUF_INIT;
	size_t o = 0, n = 0;

	if (size > 65536)
		return 0;
	fuzz_split(part, 2, data, size, '\x01');
	FUZZ_ASSERT(clause_wdiff(&d, part[0], part[1]) == 0, "diff");
	for (size_t i = 0; i < d.n; i++) {
		const struct clause_wdiff_run *r = &d.v[i];
		FUZZ_ASSERT(r->old_at == o && r->new_at == n,
			    "run %zu does not follow the one before", i);
		FUZZ_ASSERT(r->change || (r->old_n == r->new_n && r->old_n),
			    "equal run %zu of unequal length", i);
		FUZZ_ASSERT(r->change ? r->old_n + r->new_n > 0 : 1,
			    "empty change %zu", i);
		FUZZ_ASSERT(i == 0 || r->change != d.v[i - 1].change,
			    "runs %zu and %zu do not alternate", i - 1, i);
		for (size_t k = 0; !r->change && k < r->old_n; k++)
			FUZZ_ASSERT(same(&d.old.v[o + k], &d.new.v[n + k]),
				    "equal run %zu holds different tokens", i);
		o += r->old_n;
		n += r->new_n;
	}
	FUZZ_ASSERT(o == d.old.n && n == d.new.n,
		    "runs cover %zu/%zu old and %zu/%zu new tokens", o,
		    d.old.n, n, d.new.n);
	FUZZ_ASSERT(clause_wdiff_apply(&got, &d) == 0, "apply");
	clause_tokens_text(&want, &d.new, 0, d.new.n);
	FUZZ_ASSERT(got.len == want.len && memcmp(got.ptr, want.ptr, got.len) == 0,
		    "applying the edits gives '%s', not '%s'", got.ptr, want.ptr);
	clause_buf_clear(&got);
	FUZZ_ASSERT(clause_wdiff_plain(&got, &d) == 0, "plain");
	clause_wdiff_release(&d);
	clause_buf_release(&got);
	clause_buf_release(&want);
	free(part[0]);
	return 0;
}
