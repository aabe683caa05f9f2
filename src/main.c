/* main.c: global options, the command table, dispatch. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "git/gitinit.h"
#include "doc/xml.h"

#include <git2.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef CLAUSE_VERSION
#define CLAUSE_VERSION "0.1.0"
#endif

struct command {
	const char *name;		/* as typed */
	int (*fn)(int, char **);	/* implementation */
	const char *summary;		/* one line for clause --help */
	int net;			/* may talk to a remote (HTTPS) */
};

/* Sorted by name. */
static const struct command commands[] = {
	{ "board", cmd_board, "the bargaining board: each clause's status at the table" },
	{ "categories", cmd_categories, "print the category tree (taxonomy)" },
	{ "clone", cmd_clone, "copy a library from a remote", 1 },
	{ "commit", cmd_commit, "validate, then record changes in git" },
	{ "diff", cmd_diff, "clause-aware diff and redlines between versions" },
	{ "export", cmd_export, "one document as Word, Markdown, text, CSV or HTML" },
	{ "fetch", cmd_fetch, "download what a remote has", 1 },
	{ "import", cmd_import, "a Word file, PDF, web page or text as a clause document" },
	{ "index", cmd_index, "bring the search index up to date" },
	{ "init", cmd_init, "create a new library" },
	{ "log", cmd_log, "history of the library, a document or a clause" },
	{ "ls", cmd_ls, "list documents and clauses, with filters" },
	{ "matrix", cmd_matrix, "agreements x categories: who covers what" },
	{ "merge", cmd_merge, "join a revision clause by clause, or --abort a merge" },
	{ "merge-driver", cmd_merge_driver, "git's merge=clause driver: clause-level merge" },
	{ "new", cmd_new, "a skeleton document to fill in" },
	{ "pull", cmd_pull, "fetch, then fast-forward or merge clause by clause", 1 },
	{ "push", cmd_push, "send a branch (and rounds) to a remote", 1 },
	{ "reject", cmd_reject, "record that a party rejects a clause on the table" },
	{ "remote", cmd_remote, "add, remove and list remotes", 1 },
	{ "resolve", cmd_resolve, "settle merge conflicts by one side's version" },
	{ "round", cmd_round, "name bargaining rounds, list them" },
	{ "search", cmd_search, "ranked full-text search of clauses" },
	{ "serve", cmd_serve, "the library in a browser: search, clauses, boards" },
	{ "show", cmd_show, "show a document or clause at a revision" },
	{ "similar", cmd_similar, "the clauses most like one clause" },
	{ "ta", cmd_ta, "record a tentative agreement on clauses (or reopen one)" },
	{ "validate", cmd_validate, "check documents: schema and rules" },
};

static const char *const usage[] = {
	"clause [-C DIR] [--color[=WHEN]] COMMAND [ARGS]",
	"clause --version",
	NULL
};

static void help(FILE *f)
{
	fprintf(f, "usage: %s\n   or: %s\n\ncommands:\n", usage[0], usage[1]);
	for (size_t i = 0; i < sizeof(commands) / sizeof(*commands); i++)
		fprintf(f, "    %-12s %s\n", commands[i].name, commands[i].summary);
	fputs("\nRun 'clause help COMMAND' (or 'clause COMMAND --help') for a "
	      "command's options, and see clause(1).\n", f);
}

/* "'serch' is not a clause command (did you mean 'search'?)". */
static int unknown_command(const char *name)
{
	struct clause_buf hint = CLAUSE_BUF_INIT;
	struct cmd_suggest sg;
	int status;

	cmd_suggest_init(&sg, name);
	for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++)
		cmd_suggest_add(&sg, commands[c].name);
	cmd_suggest_print(&hint, &sg, NULL);
	status = clause_opt_usage_error(usage, "'%s' is not a clause command%s "
					"(see clause --help)", name, hint.ptr);
	clause_buf_release(&hint);
	return status;
}

static int finish(int status)
{
	/* Output that could not be written is a failure, not a success. */
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fputs("clause: cannot write output\n", stderr);
		if (status == 0)
			status = CLAUSE_EXIT_RUNTIME;
	}
	return status;
}

int main(int argc, char **argv)
{
	int i, status;

	for (i = 1; i < argc && argv[i][0] == '-'; i++) {
		const char *a = argv[i];
		if (strcmp(a, "--version") == 0) {
			printf("clause %s (libgit2 %s, libxml2 %s)\n", CLAUSE_VERSION,
			       LIBGIT2_VERSION, LIBXML_DOTTED_VERSION);
			return finish(0);
		} else if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
			help(stdout);
			return finish(0);
		} else if (strcmp(a, "-C") == 0 && i + 1 < argc) {
			if (clause_opt_chdir(argv[++i]) < 0)
				return CLAUSE_EXIT_RUNTIME;
		} else if (strncmp(a, "-C", 2) == 0 && a[2]) {
			if (clause_opt_chdir(a + 2) < 0)
				return CLAUSE_EXIT_RUNTIME;
		} else if (strncmp(a, "--color=", 8) == 0) {
			if (clause_opt_color(a + 8, usage) < 0)
				return CLAUSE_EXIT_USAGE;
		} else if (strcmp(a, "--color") == 0) {
			clause_opt_color("", usage);
		} else {
			return clause_opt_usage_error(usage, "unknown option '%s'", a);
		}
	}
	if (!clause_color_given) {
		clause_opt_color("auto", usage);
		clause_color_given = 0;
	}
	if (i >= argc) {
		help(stderr);
		return CLAUSE_EXIT_USAGE;
	}
	/* clause help [COMMAND]: as clause --help, or clause COMMAND --help */
	if (strcmp(argv[i], "help") == 0) {
		if (i + 1 >= argc) {
			help(stdout);
			return finish(0);
		}
		argv[i] = argv[i + 1];
		argv[i + 1] = "--help";
	}
	for (size_t c = 0; c < sizeof(commands) / sizeof(*commands); c++) {
		if (strcmp(argv[i], commands[c].name) != 0)
			continue;
		clause_git_init(commands[c].net);
		clause_xml_init();
		status = commands[c].fn(argc - i, argv + i);
		if (clause_repo_took_back())
			fprintf(stderr, "clause: a merge left half done earlier (its "
				"process killed, or its disk full, while it wrote "
				"the work tree) was taken back first: the work "
				"tree is as HEAD has it\n");
		clause_xml_shutdown();
		git_libgit2_shutdown();
		return finish(status);
	}
	return unknown_command(argv[i]);
}
