/* docx.c: Word files (a placeholder until the writer lands). */
#include "export/export.h"
#include "util/error.h"

int export_docx_doc(struct clause_buf *out, const struct clause_doc *doc)
{
	(void)out;
	(void)doc;
	clause_error_set("writing Word files is not built in yet");
	return CLAUSE_ERROR;
}

int export_docx_redline(struct clause_buf *out, const struct clause_cdiff *d,
			const struct export_redline *how)
{
	(void)out;
	(void)d;
	(void)how;
	clause_error_set("writing Word files is not built in yet");
	return CLAUSE_ERROR;
}
