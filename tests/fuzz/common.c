/* common.c: set-up and input slicing shared by the harnesses. */
#include "fuzz.h"

#include <string.h>

#include "doc/doc.h"
#include "doc/xml.h"
#include "git/gitinit.h"

void fuzz_init(void)
{
	static int done;

	if (!done) {
		clause_git_init(0);
		clause_xml_init();
		done = 1;
	}
}

char *fuzz_str(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1);

	FUZZ_ASSERT(s != NULL, "out of memory");
	memcpy(s, data, size);
	s[size] = '\0';
	return s;
}

void fuzz_split(char **parts, int n, const uint8_t *data, size_t size,
		char sep)
{
	char *s = fuzz_str(data, size), *p = s;

	for (int i = 0; i < n; i++) {
		char *q = i < n - 1 ? memchr(p, sep, strlen(p)) : NULL;
		parts[i] = p;
		if (q) {
			*q = '\0';
			p = q + 1;
		} else {
			p += strlen(p);
		}
	}
}

int fuzz_unique_ids(const struct clause_doc *doc)
{
	for (size_t i = 0; i < doc->nclauses; i++)
		for (size_t k = i + 1; k < doc->nclauses; k++)
			if (strcmp(doc->clauses[i].id, doc->clauses[k].id) == 0)
				return 0;
	return 1;
}

int fuzz_unique_all_ids(const struct clause_doc *doc)
{
	if (!fuzz_unique_ids(doc))
		return 0;
	for (size_t i = 0; i < doc->nparties; i++)
		for (size_t k = i + 1; k < doc->nparties; k++)
			if (doc->parties[i].id && doc->parties[k].id &&
			    strcmp(doc->parties[i].id, doc->parties[k].id) == 0)
				return 0;
	for (size_t i = 0; i < doc->narticles; i++) {
		const char *id = doc->articles[i].id;

		for (size_t k = i + 1; id && k < doc->narticles; k++)
			if (doc->articles[k].id && strcmp(id, doc->articles[k].id) == 0)
				return 0;
		for (size_t k = 0; id && k < doc->nclauses; k++)
			if (strcmp(id, doc->clauses[k].id) == 0)
				return 0;
	}
	return 1;
}
