/* cmd_serve.c: clause serve: the library in a browser. */
#include "cmd/cmd.h"
#include "serve/serve.h"
#include "util/error.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const usage[] = {
	"clause serve [--listen ADDR:PORT] [--token-file FILE] [--threads N] "
	"[--base-url URL]",
	NULL
};

/* The token in FILE: its first line, without surrounding white space. */
static char *read_token(const char *file)
{
	struct clause_buf b = CLAUSE_BUF_INIT;
	char *s, *e;

	if (clause_buf_read_file(&b, file, 4096) < 0)
		return NULL;
	s = b.ptr ? b.ptr : "";
	s += strspn(s, " \t\r\n");
	e = s + strcspn(s, "\r\n");
	while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
		e--;
	*e = '\0';
	if (strlen(s) < 16) {
		clause_error_set("%s: a token of at least 16 characters is needed",
				 file);
		clause_buf_release(&b);
		return NULL;
	}
	/* it travels in headers, cookies and forms: nothing to quote */
	for (const char *p = s; *p; p++)
		if (*p < 0x21 || *p > 0x7e) {
			clause_error_set("%s: a token is printable ASCII without "
					 "spaces (16 characters at least)", file);
			clause_buf_release(&b);
			return NULL;
		}
	s = strdup(s);
	clause_buf_release(&b);
	return s;
}

/*
 * clause serve [--listen ADDR:PORT] [--token-file FILE] [--threads N]
 *              [--base-url URL]
 *
 * Serve the library read-only over HTTP until SIGTERM or SIGINT.
 */
int cmd_serve(int argc, char **argv)
{
	const char *token_file = NULL, *threads = NULL;
	struct serve_options o = { NULL, NULL, 0, NULL };
	const struct clause_opt opts[] = {
		{ CLAUSE_OPT_VALUE, 0, "listen", "ADDR:PORT", "where to listen (127.0.0.1:8700; port 0: any free one)", &o.listen },
		{ CLAUSE_OPT_VALUE, 0, "token-file", "FILE", "every request must carry the token in FILE", &token_file },
		{ CLAUSE_OPT_VALUE, 0, "threads", "N", "worker threads (4)", &threads },
		{ CLAUSE_OPT_VALUE, 0, "base-url", "URL", "behind a proxy: the address it is reached by", &o.base_url },
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	char *token = NULL;
	unsigned long n = 4;
	int r, status;

	if (cmd_parse(&status, &args, NULL, opts, usage, argc, argv) < 0 ||
	    cmd_count(&status, &n, threads, usage) < 0)
		goto done;
	if (args.n) {
		status = clause_opt_usage_error(usage, "serve takes no arguments");
		goto done;
	}
	if (n < 1 || n > 64) {
		status = clause_opt_usage_error(usage, "--threads: 1 to 64");
		goto done;
	}
	if (token_file && !(token = read_token(token_file))) {
		status = cmd_fail(CLAUSE_EINVALID);
		goto done;
	}
	o.token = token;
	o.threads = (unsigned)n;
	r = serve_run(&o);
	if (r == CLAUSE_EUSAGE) {
		status = clause_opt_usage_error(usage, "%s", clause_error_last());
		goto done;
	}
	status = cmd_fail(r);
done:
	free(token);
	free(args.v);
	return status;
}
