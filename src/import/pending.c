/* pending.c: a placeholder until the PDF reader lands. */
#include "import/import.h"
#include "util/error.h"

int import_read_pdf(struct import_blocks *out, const struct import_limits *lim,
		    const char *path, const char *data, size_t len)
{
	(void)out; (void)lim; (void)data; (void)len;
	clause_error_set("%s: reading PDF files is not built in yet", path);
	return CLAUSE_ERROR;
}
