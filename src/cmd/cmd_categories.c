/* cmd_categories.c: clause categories: print the taxonomy. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/library.h"

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
	int lng = 0;
	struct cmd_format fmt = { NULL, cmd_text_json, 0 };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_FLAG, 'l', "long", NULL, "print each definition too", &lng },
		CMD_OPT_FORMAT(&fmt, "text or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	struct cmd_list l;
	int r, status;

	if (cmd_parse(&status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n) {
		status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	lib.docs_only = 1;
	lib.taxonomy_only = 1;
	if ((r = cmd_library_load(&repo, &lib, NULL, NULL, 0)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	cmd_list_start(&l, fmt.which == 1);
	for (size_t i = 0; i < lib.taxonomy.n; i++) {
		const struct clause_category *c = &lib.taxonomy.v[i];
		if (l.json) {
			clause_json_object(&l.j, NULL);
			clause_json_str(&l.j, "name", c->name);
			clause_json_str(&l.j, "label", c->label);
			clause_json_str(&l.j, "definition", c->definition);
			clause_json_num(&l.j, "depth", "%u", c->depth);
			clause_json_bool(&l.j, "leaf", c->leaf);
			clause_json_str(&l.j, "origin", c->origin);
			clause_json_end(&l.j);
			continue;
		}
		clause_buf_printf(&l.out, "%*s%-*s  %s\n", (int)c->depth * 2, "",
				  30 - (int)c->depth * 2, c->name,
				  c->label ? c->label : "");
		if (lng && c->definition)
			clause_buf_printf(&l.out, "%*s%s\n", (int)c->depth * 2 + 4, "",
					  c->definition);
	}
	cmd_list_print(&l);
	status = CLAUSE_EXIT_OK;
done:
	clause_library_release(&lib);
	clause_repo_free(repo);
	free(args.v);
	return status;
}
