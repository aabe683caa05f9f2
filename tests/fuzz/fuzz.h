/* fuzz.h: what the harnesses of tests/fuzz/ share.
 *
 * Each harness is a libFuzzer target, LLVMFuzzerTestOneInput, built by
 * `make fuzz` with clang's -fsanitize=fuzzer,address,undefined, and also
 * linked with replay.c into an ordinary program that `make check` runs
 * over the seeds and every input a run ever crashed on (regress/NAME/).
 * A harness checks the module's own promises, not only "no crash":
 * FUZZ_ASSERT aborts, which both drivers report as a failure.
 */
#ifndef CLAUSE_FUZZ_H
#define CLAUSE_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define FUZZ_ASSERT(cond, ...)						\
	do {								\
		if (!(cond)) {						\
			fprintf(stderr, "%s:%d: %s: ", __FILE__,	\
				__LINE__, #cond);			\
			fprintf(stderr, __VA_ARGS__);			\
			fputc('\n', stderr);				\
			abort();					\
		}							\
	} while (0)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* libxml2 and the library set up once (idempotent). */
void fuzz_init(void);

/* The input as a NUL-terminated string the caller frees. */
char *fuzz_str(const uint8_t *data, size_t size);

/* Split the input into n NUL-terminated parts at the byte `sep` (missing
 * parts are empty); *parts[0] is one allocation the caller frees. */
void fuzz_split(char **parts, int n, const uint8_t *data, size_t size,
		char sep);

struct clause_doc;
/* Do the clauses of doc have different ids (as validate demands)? */
int fuzz_unique_ids(const struct clause_doc *doc);
/* And no article shares an id with another article or a clause, and no
 * two parties one id: ids as validate wants them ("duplicate id",
 * "duplicate party id"). */
int fuzz_unique_all_ids(const struct clause_doc *doc);

#endif
