/* cmd_remote.c: clause remote add|remove|list: named remotes. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/remote.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause remote add NAME URL",
	"clause remote remove NAME",
	"clause remote list [--format=FMT]",
	NULL
};

/* add and remove: the same shape, NAME [URL]. */
static int remote_change(int argc, char **argv, int add)
{
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n != (size_t)(add ? 2 : 1)) {
		status = clause_opt_usage_error(usage, add ? "remote add takes NAME "
						"and URL" : "remote remove takes one NAME");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = add ? clause_remote_add(repo, args.v[0], args.v[1])
		     : clause_remote_remove(repo, args.v[0])) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	status = CLAUSE_EXIT_OK;
done:
	clause_repo_free(repo);
	free(args.v);
	return status;
}

static int remote_list(int argc, char **argv)
{
	struct clause_remote_list list = { NULL, 0 };
	struct clause_repo *repo = NULL;
	struct cmd_list l;
	int r, json, status;

	if (cmd_list_options(&status, &json, "remote list", usage, argc,
			     argv) < 0)
		goto done;
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = clause_remote_list(&list, repo)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	cmd_list_start(&l, json);
	for (size_t i = 0; i < list.n; i++) {
		const struct clause_remote_entry *e = &list.v[i];
		if (l.json) {
			clause_json_object(&l.j, NULL);
			clause_json_str(&l.j, "name", e->name);
			clause_json_str(&l.j, "url", e->url);
			clause_json_str(&l.j, "push_url", e->push_url ? e->push_url
								  : e->url);
			clause_json_end(&l.j);
		} else if (e->push_url) {
			clause_buf_printf(&l.out, "%s\t%s (fetch)\n%s\t%s (push)\n",
					  e->name, e->url, e->name, e->push_url);
		} else {
			clause_buf_printf(&l.out, "%s\t%s\n", e->name, e->url);
		}
	}
	cmd_list_print(&l);
	status = CLAUSE_EXIT_OK;
done:
	clause_remote_list_release(&list);
	clause_repo_free(repo);
	return status;
}

/*
 * clause remote add NAME URL
 * clause remote remove NAME
 * clause remote list [--format=FMT]
 *
 * Named remotes, stored in git's configuration as git remote stores them
 * (remote.NAME.url and the default fetch refspec), so plain git sees
 * them too.  A local path is stored absolute.
 */
static int remote_add(int argc, char **argv)
{
	return remote_change(argc, argv, 1);
}

static int remote_remove(int argc, char **argv)
{
	return remote_change(argc, argv, 0);
}

int cmd_remote(int argc, char **argv)
{
	static const struct cmd_sub subs[] = {
		{ "add", remote_add }, { "remove", remote_remove },
		{ "list", remote_list }, { NULL, NULL }
	};

	/* "rm", as git spells it, without being listed as one more */
	if (argc > 1 && strcmp(argv[1], "rm") == 0)
		argv[1] = "remove";
	return cmd_dispatch(argc, argv, subs, usage);
}
