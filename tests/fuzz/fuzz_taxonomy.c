/* fuzz_taxonomy.c: a taxonomy extension from untrusted bytes: it loads
 * or is refused with problems; every category it holds is found by its
 * own name. */
#include "fuzz.h"

#include <string.h>

#include "doc/taxonomy.h"
#include "doc/problem.h"
#include "util/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct clause_taxonomy t = CLAUSE_TAXONOMY_INIT;
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	int r;

	fuzz_init();
	FUZZ_ASSERT(clause_taxonomy_load_builtin(&t) == 0, "built-in");
	r = clause_taxonomy_add(&t, "t.xml", (const char *)data, size, &probs);
	FUZZ_ASSERT(r == 0 || (r == CLAUSE_EINVALID && probs.n > 0),
		    "refused without a problem (%d)", r);
	for (size_t i = 0; i < t.n; i++)
		FUZZ_ASSERT(clause_taxonomy_find(&t, t.v[i].name) == &t.v[i],
			    "category '%s' twice or not found", t.v[i].name);
	clause_taxonomy_release(&t);
	clause_problems_release(&probs);
	return 0;
}
