/* cmd_new.c: clause new: a valid skeleton document to fill in. */
#include "cmd/cmd.h"
#include "doc/xml.h"
#include "util/error.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const usage[] = {
	"clause new DOC-ID [--status S] [-o FILE]",
	NULL
};

/* Every field of <meta>, the optional ones commented out; one article
 * with one clause to copy.  It validates as written. */
static const char skeleton[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	"<!--\n"
	"  Written by clause new.  The format is clause-format(5): fill in the\n"
	"  fields, uncomment the ones you need, then check with clause validate.\n"
	"  Most documents start as clause import FILE instead.\n"
	"-->\n"
	"<agreement xmlns=\"urn:clause:1\" id=\"%s\" status=\"%s\" lang=\"en\">\n"
	"  <meta>\n"
	"    <title>Title of the agreement or proposal</title>\n"
	"    <!-- One <party> for each party.  role: union, employer,\n"
	"         employers-association, federation, government or other. -->\n"
	"    <party role=\"union\" id=\"union\">Name of the union</party>\n"
	"    <party role=\"employer\" id=\"employer\">Name of the employer</party>\n"
	"    <!-- <sector>public transit</sector> -->\n"
	"    <!-- <jurisdiction>United States</jurisdiction> -->\n"
	"    <!-- <term effective=\"2026-01-01\" expires=\"2028-12-31\"/> -->\n"
	"    <!-- <round name=\"1\" date=\"2026-03-01\" by=\"union\"/>\n"
	"         by: union, employer, joint, mediator or federation -->\n"
	"    <!-- <source kind=\"verbatim\" href=\"https://example.org/cba.pdf\">Where\n"
	"         the text comes from</source>  kind: verbatim or summary -->\n"
	"    <!-- <note>Anything a reader should know.</note> -->\n"
	"  </meta>\n"
	"  <article id=\"technology\">\n"
	"    <num>Article 1</num>\n"
	"    <heading>Technological change</heading>\n"
	"    <!-- Ids: lower-case letters, digits, '.', '_' and '-'.  Categories:\n"
	"         see clause categories. -->\n"
	"    <clause id=\"notice\" category=\"adjustment.notice\">\n"
	"      <num>1.1</num>\n"
	"      <heading>Notice</heading>\n"
	"      <p>The Employer shall give the Union written notice at least\n"
	"        <quantity unit=\"days\">90</quantity> days before it introduces a\n"
	"        technological change.</p>\n"
	"    </clause>\n"
	"  </article>\n"
	"</agreement>\n";

static int write_new(const char *path, const struct clause_buf *b)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0644);
	size_t off = 0;

	if (fd < 0) {
		clause_error_set("cannot create '%s': %s", path, strerror(errno));
		return errno == EEXIST ? CLAUSE_EEXISTS : CLAUSE_ERROR;
	}
	while (off < b->len) {
		ssize_t n = write(fd, b->ptr + off, b->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		off += (size_t)n;
	}
	if (close(fd) < 0 || off < b->len) {
		clause_error_set("cannot write '%s': %s", path, strerror(errno));
		unlink(path);
		return CLAUSE_ERROR;
	}
	return 0;
}

/*
 * clause new DOC-ID [--status S] [-o FILE]
 *
 * Write a skeleton document that validates as it is, every metadata
 * field shown (the optional ones commented out).  -o never replaces a
 * file.
 */
int cmd_new(int argc, char **argv)
{
	const char *status_opt = NULL, *out = NULL;
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "status", "S", "proposal (default), counter, model ...", &status_opt },
		{ CLAUSE_OPT_VALUE, 'o', "output", "FILE", "write here (never over a file), not to stdout", &out },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	struct clause_args args = { NULL, 0 };
	struct clause_buf b = CLAUSE_BUF_INIT;
	struct clause_doc *doc = NULL;
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n != 1) {
		status = clause_opt_usage_error(usage, "say the new document's id");
		goto done;
	}
	if (!cmd_valid_id(args.v[0])) {
		status = clause_opt_usage_error(usage, "'%s': %s", args.v[0], cmd_id_rule);
		goto done;
	}
	if (status_opt && !cmd_one_of(status_opt, cmd_statuses)) {
		status = clause_opt_usage_error(usage, "--status '%s': one of model, "
			"proposal, counter, tentative, ratified, expired, superseded",
			status_opt);
		goto done;
	}
	clause_buf_printf(&b, skeleton, args.v[0], status_opt ? status_opt : "proposal");
	/* What it writes is valid, or clause new is broken. */
	if (clause_doc_load(&doc, NULL, "(new)", b.ptr, b.len, 1, &probs) < 0) {
		cmd_print_problems(&probs);
		status = cmd_fail(CLAUSE_ERROR);
		goto done;
	}
	if (!out) {
		cmd_out(&b);
		status = CLAUSE_EXIT_OK;
	} else {
		r = write_new(out, &b);
		status = r < 0 ? cmd_fail(r) : CLAUSE_EXIT_OK;
	}
done:
	clause_doc_free(doc);
	clause_problems_release(&probs);
	clause_buf_release(&b);
	free(args.v);
	return status;
}
