/* fuzz_serve.c: what clause serve does with a request, from untrusted
 * bytes: the first line is the path (percent-decoded, as libmicrohttpd
 * hands it over), each further line a query argument NAME=VALUE.  The
 * library served is the shipped model clauses and negotiation, made once
 * in a temporary directory removed at exit.  Every answer has a status a client expects
 * (never 500: a bad request is the client's, not the server's), a body,
 * and, in a page, nothing of the request unescaped. */
#include "fuzz.h"

#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "git/commit.h"
#include "git/repo.h"
#include "index/index.h"
#include "serve/internal.h"
#include "util/error.h"

#define MAX_ARGS 16

struct args {
	char *name[MAX_ARGS], *value[MAX_ARGS];
	int n;
};

static const char *arg(void *conn, const char *name)
{
	struct args *a = conn;

	for (int i = 0; i < a->n; i++)
		if (strcmp(a->name[i], name) == 0)
			return strlen(a->value[i]) <= SERVE_MAX_ARG ? a->value[i] : NULL;
	return NULL;
}

static struct serve_worker w;
static char made_dir[64];

static void remove_library(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", made_dir);
	if (made_dir[0] && system(cmd) != 0)
		fprintf(stderr, "fuzz_serve: cannot remove %s\n", made_dir);
}

/* A library of the shipped documents, once. */
static void library(void)
{
	const char *top = getenv("CLAUSE_TOP");
	char dir[] = "/tmp/clause-fuzz-serve-XXXXXX", cmd[4096];
	struct clause_problems probs = CLAUSE_PROBLEMS_INIT;
	git_oid id;
	char *made = NULL;
	int existed;

	if (w.repo)
		return;
	FUZZ_ASSERT(mkdtemp(dir), "mkdtemp");
	snprintf(made_dir, sizeof(made_dir), "%s", dir);
	atexit(remove_library);
	snprintf(cmd, sizeof(cmd), "cp %s/clauses/models/*.xml %s/clauses/negotiation/*.xml %s/",
		 top ? top : ".", top ? top : ".", dir);
	FUZZ_ASSERT(clause_repo_init(&made, dir, &existed) == 0, "init: %s",
		    clause_error_last());
	FUZZ_ASSERT(system(cmd) == 0, "%s", cmd);
	setenv("GIT_AUTHOR_NAME", "Fuzz", 1);
	setenv("GIT_AUTHOR_EMAIL", "fuzz@example.org", 1);
	setenv("GIT_COMMITTER_NAME", "Fuzz", 1);
	setenv("GIT_COMMITTER_EMAIL", "fuzz@example.org", 1);
	FUZZ_ASSERT(clause_repo_open(&w.repo, dir, 1) == 0, "open: %s",
		    clause_error_last());
	FUZZ_ASSERT(clause_commit_worktree(&id, w.repo, "Library", NULL, 0,
					   &probs) == 0, "commit: %s",
		    probs.n ? probs.v[0].message : clause_error_last());
	FUZZ_ASSERT(clause_index_open(&w.ix, w.repo, 0) == 0, "index: %s",
		    clause_error_last());
	w.ix->no_mmap = 1;
	clause_problems_release(&probs);
	free(made);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct args a = { { NULL }, { NULL }, 0 };
	struct serve_req r;
	char *text, *line, *save = NULL, path[SERVE_MAX_PATH + 2];
	int first = 1;

	if (size > 8192 || memchr(data, '\0', size))
		return 0;
	fuzz_init();
	library();
	text = fuzz_str(data, size);
	path[0] = '\0';
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char *eq;

		if (first) {
			snprintf(path, sizeof(path), "%s%s", line[0] == '/' ? "" : "/",
				 line);
			first = 0;
		} else if (a.n < MAX_ARGS && (eq = strchr(line, '='))) {
			*eq = '\0';
			a.name[a.n] = line;
			a.value[a.n++] = eq + 1;
		}
	}
	if (!path[0] || strlen(path) > SERVE_MAX_PATH)
		goto done;
	memset(&r, 0, sizeof(r));
	r.path = path;
	r.arg = arg;
	r.conn = &a;
	r.w = &w;
	r.status = 200;
	r.type = "text/html; charset=utf-8";
	serve_route(&r);
	if (getenv("FUZZ_SERVE_SHOW"))
		fprintf(stderr, "%s %d %zu\n", path, r.status, r.body.len);
	FUZZ_ASSERT(r.status == 200 || r.status == 400 || r.status == 404,
		    "status %d for '%s': %s", r.status, path, r.body.ptr);
	FUZZ_ASSERT(r.body.len > 0, "no body for '%s'", path);
	/* (JSON goes out as application/json with nosniff: a browser
	 * never reads it as a page.) */
	FUZZ_ASSERT(strncmp(r.type, "text/html", 9) != 0 ||
		    !strstr(r.body.ptr, "<x-fuzz"),
		    "the request's markup came back unescaped for '%s'", path);
	clause_buf_release(&r.body);
done:
	free(text);
	return 0;
}
