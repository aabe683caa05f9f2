/* cmd_categories.c: clause categories: print the taxonomy. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/library.h"
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause categories [-l] [--format=FMT]",
	NULL
};

/*
 * clause categories [-l] [--format=FMT]
 *
 * Print the category tree: the built-in taxonomy plus the categories that
 * taxonomy files in the library add.  -l adds each definition.
 */
int cmd_categories(int argc, char **argv)
{
	const char *format = NULL;
	int lng = 0;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'l', "long", NULL, "print each definition too", &lng },
		{ CLAUSE_OPT_VALUE, 0, "format", "FMT", "text or json", &format },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	static const char *const formats[] = { "text", "json", NULL };
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct clause_buf out = CLAUSE_BUF_INIT;
	int r, fmt, status;

	if ((r = clause_opt_parse(&args, opts, usage, argc, argv)) != CLAUSE_OPT_OK) {
		status = cmd_opt_exit(r);
		goto done;
	}
	if (clause_opt_format(&fmt, format, formats, usage) < 0) {
		status = CLAUSE_EXIT_USAGE;
		goto done;
	}
	if (args.n) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	lib.light = 1;
	lib.docs_only = 1;
	/* The search index answers when it can: only taxonomy files are
	 * read then. */
	if ((r = clause_repo_open(&repo, NULL, 0)) < 0 ||
	    (!clause_index_library(&lib, repo, NULL) &&
	     (r = clause_library_load(&lib, repo, NULL, NULL, 0)) < 0)) {
		status = cmd_fail(r);
		goto done;
	}
	if (fmt == 1)
		clause_buf_puts(&out, "[");
	for (size_t i = 0; i < lib.taxonomy.n; i++) {
		const struct clause_category *c = &lib.taxonomy.v[i];
		if (fmt == 1) {
			clause_buf_puts(&out, i ? ",\n  {" : "\n  {");
			cmd_json_str(&out, "name", c->name, 1);
			cmd_json_str(&out, "label", c->label, 0);
			cmd_json_str(&out, "definition", c->definition, 0);
			clause_buf_printf(&out, ", \"depth\": %u, \"leaf\": %s",
					  c->depth, c->leaf ? "true" : "false");
			cmd_json_str(&out, "origin", c->origin, 0);
			clause_buf_putc(&out, '}');
			continue;
		}
		clause_buf_printf(&out, "%*s%-*s  %s\n", (int)c->depth * 2, "",
				  30 - (int)c->depth * 2, c->name,
				  c->label ? c->label : "");
		if (lng && c->definition)
			clause_buf_printf(&out, "%*s%s\n", (int)c->depth * 2 + 4, "",
					  c->definition);
	}
	if (fmt == 1)
		clause_buf_puts(&out, "\n]\n");
	cmd_out(&out);
	status = CLAUSE_EXIT_OK;
done:
	clause_buf_release(&out);
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
