/* cmd_round.c: clause round add|list: bargaining rounds as tags. */
#include "cmd/cmd.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause round add [-m NOTE] [--party PARTY] [--rev REV] NAME",
	"clause round list [--format=FMT]",
	NULL
};

static int round_add(int argc, char **argv)
{
	const char *note = NULL, *party = NULL, *rev = NULL;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 'm', "message", "NOTE", "what the round is", &note },
		{ CLAUSE_OPT_VALUE, 0, "party", "PARTY", "who tabled it: union, employer, joint ...", &party },
		{ CLAUSE_OPT_VALUE, 0, "rev", "REV", "the commit to name (HEAD by default)", &rev },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_repo *repo = NULL;
	struct clause_args args = { NULL, 0 };
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n != 1) {
		status = clause_opt_usage_error(usage, "round add takes one NAME");
		goto done;
	}
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = clause_round_add(repo, args.v[0], rev, note, party)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	status = CLAUSE_EXIT_OK;
done:
	clause_repo_free(repo);
	free(args.v);
	return status;
}

static int round_list(int argc, char **argv)
{
	struct clause_rounds rounds = { NULL, 0 };
	struct clause_repo *repo = NULL;
	struct cmd_list l;
	int r, json, status;

	if (cmd_list_options(&status, &json, "round list", usage, argc,
			     argv) < 0)
		goto done;
	if ((r = clause_repo_open(&repo, NULL, 1)) < 0 ||
	    (r = clause_round_list(&rounds, repo)) < 0) {
		status = cmd_fail(r);
		goto done;
	}
	cmd_list_start(&l, json);
	for (size_t i = 0; i < rounds.n; i++) {
		const struct clause_round *rd = &rounds.v[i];
		char date[11];
		const char *nl = strchr(rd->note, '\n');

		cmd_date(date, rd->when, rd->offset);
		if (l.json) {
			clause_json_object(&l.j, NULL);
			clause_json_str(&l.j, "name", rd->name);
			clause_json_str(&l.j, "commit", rd->commit);
			clause_json_str(&l.j, "date", date);
			clause_json_str(&l.j, "tagger", rd->tagger);
			clause_json_str(&l.j, "party", rd->party);
			clause_json_str(&l.j, "note", rd->note);
			clause_json_end(&l.j);
			continue;
		}
		clause_buf_printf(&l.out, "round/%-12s %s %.7s %-9s %.*s\n", rd->name,
				  date, rd->commit, rd->party ? rd->party : "-",
				  nl ? (int)(nl - rd->note) : (int)strlen(rd->note),
				  rd->note);
	}
	cmd_list_print(&l);
	status = CLAUSE_EXIT_OK;
done:
	clause_rounds_release(&rounds);
	clause_repo_free(repo);
	return status;
}

/*
 * clause round add [-m NOTE] [--party PARTY] [--rev REV] NAME
 * clause round list [--format=FMT]
 *
 * A round is an annotated tag refs/tags/round/NAME: tagger and date say
 * when it was recorded, the message holds the note and a Party: trailer.
 */
int cmd_round(int argc, char **argv)
{
	static const struct cmd_sub subs[] = {
		{ "add", round_add }, { "list", round_list }, { NULL, NULL }
	};

	return cmd_dispatch(argc, argv, subs, usage);
}
