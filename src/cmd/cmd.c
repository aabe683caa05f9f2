/* cmd.c: glue shared by the subcommands. */
#include "cmd/cmd.h"
#include "util/error.h"
#include "util/stale.h"
#include "index/index.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <errno.h>
#include <time.h>
#include <unistd.h>

int cmd_fail(int code)
{
	if (code >= 0)
		return CLAUSE_EXIT_OK;
	fprintf(stderr, "clause: %s\n", clause_error_last());
	switch (code) {
	case CLAUSE_ENOTFOUND:
	case CLAUSE_EINVALID:
	case CLAUSE_EEXISTS:
	case CLAUSE_ECONFLICT:
	case CLAUSE_EDIVERGED:
		return CLAUSE_EXIT_NO;
	case CLAUSE_EUSAGE:
		return CLAUSE_EXIT_USAGE;
	default:
		return CLAUSE_EXIT_RUNTIME;
	}
}

/* The exit status for a parse result other than OK. */
static int opt_exit(int parsed)
{
	if (parsed == CLAUSE_OPT_HELP)
		return CLAUSE_EXIT_OK;
	if (parsed == CLAUSE_OPT_FAIL)
		return CLAUSE_EXIT_RUNTIME;
	return CLAUSE_EXIT_USAGE;
}

const char *const cmd_text_json[] = { "text", "json", NULL };
const char *const cmd_text_json_csv[] = { "text", "json", "csv", NULL };

int cmd_parse(int *status, struct clause_args *args, struct cmd_format *fmt,
	      const struct clause_opt *opts, const char *const *usage,
	      int argc, char **argv)
{
	int r;

	if ((r = clause_opt_parse(args, opts, usage, argc, argv)) != CLAUSE_OPT_OK) {
		*status = opt_exit(r);
		return -1;
	}
	if (fmt && clause_opt_format(&fmt->which, fmt->value, fmt->names,
				     usage) < 0) {
		*status = CLAUSE_EXIT_USAGE;
		return -1;
	}
	return 0;
}

int cmd_list_options(int *status, int *json, const char *what,
		     const char *const *usage, int argc, char **argv)
{
	struct cmd_format fmt = { NULL, cmd_text_json, 0 };
	const struct clause_opt opts[] = {
		CMD_OPT_FORMAT(&fmt, "text or json"),
		{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
	};
	struct clause_args args = { NULL, 0 };
	int r = -1;

	if (cmd_parse(status, &args, &fmt, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n) {
		*status = clause_opt_usage_error(usage, "%s takes no arguments",
						 what);
		goto done;
	}
	*json = fmt.which == 1;
	r = 0;
done:
	free(args.v);
	return r;
}

int cmd_remote_start(int *status, struct clause_repo **repo,
		     const char **name, const char **branch,
		     const struct clause_opt *opts, const char *const *usage,
		     int argc, char **argv)
{
	struct clause_args args = { NULL, 0 };
	int r = -1;

	if (cmd_parse(status, &args, NULL, opts, usage, argc, argv) < 0)
		goto done;
	if (args.n > 2) {
		*status = clause_opt_usage_error(usage, "too many arguments");
		goto done;
	}
	*name = args.n ? args.v[0] : NULL;
	*branch = args.n > 1 ? args.v[1] : NULL;
	if ((r = clause_repo_open(repo, NULL, 1)) < 0) {
		*status = cmd_fail(r);
		r = -1;
	}
done:
	free(args.v);
	return r;
}

int cmd_count(int *status, unsigned long *n, const char *value,
	      const char *const *usage)
{
	unsigned long long v = 0;
	const char *p;

	if (!value)
		return 0;
	/* Digits only: strtoul would take "-1" as the largest number. */
	for (p = value; *p >= '0' && *p <= '9' && v <= CMD_COUNT_MAX; p++)
		v = v * 10 + (unsigned long long)(*p - '0');
	if (p == value || *p || v == 0 || v > CMD_COUNT_MAX) {
		*status = clause_opt_usage_error(usage, "-n needs a positive "
				"number, at most %lu: '%s'",
				(unsigned long)CMD_COUNT_MAX, value);
		return -1;
	}
	*n = (unsigned long)v;
	return 0;
}


/* The edit distance of a and b (insertions, deletions, substitutions
 * and swaps of two neighbours), or more than `max` when it is. */
static size_t distance(const char *a, const char *b, size_t max)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t d[3][CMD_SUGGEST_LEN + 1];	/* rows i-2, i-1 and i, mod 3 */

	if (la > CMD_SUGGEST_LEN || lb > CMD_SUGGEST_LEN ||
	    (la > lb ? la - lb : lb - la) > max)
		return max + 1;
	for (size_t j = 0; j <= lb; j++)
		d[0][j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t *cur = d[i % 3], *prev = d[(i + 2) % 3],
		       *prev2 = d[(i + 1) % 3];
		cur[0] = i;
		for (size_t j = 1; j <= lb; j++) {
			size_t c = prev[j - 1] + (a[i - 1] != b[j - 1]);
			if (prev[j] + 1 < c)
				c = prev[j] + 1;
			if (cur[j - 1] + 1 < c)
				c = cur[j - 1] + 1;
			if (i > 1 && j > 1 && a[i - 1] == b[j - 2] &&
			    a[i - 2] == b[j - 1] && prev2[j - 2] + 1 < c)
				c = prev2[j - 2] + 1;
			cur[j] = c;
		}
	}
	return d[la % 3][lb];
}

void cmd_suggest_init(struct cmd_suggest *s, const char *word)
{
	memset(s, 0, sizeof(*s));
	s->word = word;
}

void cmd_suggest_add(struct cmd_suggest *s, const char *name)
{
	size_t lw = strlen(s->word), ln = strlen(name), k;
	unsigned score;

	if (strcmp(name, s->word) == 0)
		return;
	if ((score = (unsigned)distance(s->word, name, 2)) > 2) {
		/* The word is the start of the name, cut short. */
		if (lw < 3 || lw > ln || strncmp(s->word, name, lw) != 0)
			return;
		score = 3 + (unsigned)(ln - lw);	/* shortest first */
	}
	for (k = 0; k < s->n; k++)
		if (strcmp(s->v[k], name) == 0)
			return;
	for (k = s->n; k > 0 && s->score[k - 1] > score; k--)
		if (k < CMD_SUGGEST_MAX) {
			s->v[k] = s->v[k - 1];
			s->score[k] = s->score[k - 1];
		}
	if (k >= CMD_SUGGEST_MAX)
		return;
	s->v[k] = name;
	s->score[k] = score;
	if (s->n < CMD_SUGGEST_MAX)
		s->n++;
}

void cmd_suggest_print(struct clause_buf *b, const struct cmd_suggest *s,
		       const char *prefix)
{
	for (size_t k = 0; k < s->n; k++)
		clause_buf_printf(b, "%s'%s%s%s'%s", k == 0 ? " (did you mean " :
				  k + 1 < s->n ? ", " : " or ",
				  prefix ? prefix : "", prefix ? "/" : "",
				  s->v[k], k + 1 == s->n ? "?)" : "");
}

void cmd_suggest_clause(struct clause_buf *hint, const struct clause_doc *d,
			const char *clause)
{
	struct cmd_suggest s;

	cmd_suggest_init(&s, clause);
	for (size_t k = 0; k < d->nclauses; k++)
		cmd_suggest_add(&s, d->clauses[k].id);
	if (!hint->len)
		cmd_suggest_print(hint, &s, d->id);
}

int cmd_address_in(struct clause_buf *hint, const struct clause_library *lib,
		   const char *doc, const char *clause)
{
	const struct clause_entry *e = clause_library_find(lib, doc);
	struct cmd_suggest s;

	if (e && e->doc && (!clause || clause_doc_clause(e->doc, clause)))
		return 1;
	if (e && e->doc) {
		cmd_suggest_clause(hint, e->doc, clause);
		return 0;
	}
	cmd_suggest_init(&s, doc);
	for (size_t i = 0; i < lib->n; i++)
		if (lib->v[i].doc)
			cmd_suggest_add(&s, lib->v[i].doc->id);
	if (!hint->len)
		cmd_suggest_print(hint, &s, NULL);
	return 0;
}

int cmd_address_known(struct clause_buf *hint, int *doc_found,
		      struct clause_repo *repo, const char *rev,
		      const char *doc, const char *clause)
{
	struct clause_library lib = CLAUSE_LIBRARY_INIT;
	int r;

	lib.light = 1;
	lib.all = 1;
	if (!clause_index_library(&lib, repo, rev) &&
	    (r = clause_library_load(&lib, repo, rev, NULL, 0)) < 0)
		goto done;
	r = cmd_address_in(hint, &lib, doc, clause);
	if (doc_found && clause_library_find(&lib, doc))
		*doc_found = 1;
done:
	clause_library_release(&lib);
	return r;
}

int cmd_fail_near(int code, struct clause_repo *repo, const char *rev,
		  const char *doc, const char *clause)
{
	struct clause_buf hint = CLAUSE_BUF_INIT;
	char *msg;

	if (code != CLAUSE_ENOTFOUND || !(msg = strdup(clause_error_last())))
		return cmd_fail(code);
	if (cmd_address_known(&hint, NULL, repo, rev, doc, clause) == 0 &&
	    hint.len)
		clause_error_set("%s%s", msg, hint.ptr);
	else
		clause_error_set("%s", msg);
	free(msg);
	clause_buf_release(&hint);
	return cmd_fail(code);
}

void cmd_list_start(struct cmd_list *l, int json)
{
	l->json = json;
	clause_buf_init(&l->out);
	if (json)
		clause_json_list(&l->j, &l->out);
}

void cmd_list_print(struct cmd_list *l)
{
	if (l->json)
		clause_json_finish(&l->j);
	cmd_out(&l->out);
	clause_buf_release(&l->out);
}

int cmd_address_parse(struct cmd_address *a, const char *s, unsigned flags)
{
	memset(a, 0, sizeof(*a));
	if (!(a->doc = strdup(s))) {
		clause_error_set("out of memory");
		return CLAUSE_ERROR;
	}
	if ((flags & CMD_ADDR_REV) && (a->rev = strchr(a->doc, '@')))
		*a->rev++ = '\0';
	if ((a->clause = strchr(a->doc, '/')))
		*a->clause++ = '\0';
	if (!*a->doc || (!a->clause && (flags & CMD_ADDR_CLAUSE)) ||
	    (a->clause && (!*a->clause || strchr(a->clause, '/'))) ||
	    (a->rev && !*a->rev)) {
		cmd_address_release(a);
		return CLAUSE_EINVALID;
	}
	return 0;
}

void cmd_address_release(struct cmd_address *a)
{
	free(a->doc);
	memset(a, 0, sizeof(*a));
}

int cmd_library_load(struct clause_repo **repo, struct clause_library *lib,
		     const char *rev, char **paths, size_t npaths)
{
	int r;

	lib->light = 1;
	if ((r = clause_repo_open(repo, NULL, rev != NULL)) < 0)
		return r;
	/* The search index answers when it can (paths aside): a document
	 * it has read is not parsed again. */
	if (npaths == 0 && clause_index_library(lib, *repo, rev))
		return 0;
	return clause_library_load(lib, *repo, rev, paths, npaths);
}

void cmd_problems_add_all(struct clause_problems *to,
			  const struct clause_problems *from)
{
	for (size_t i = 0; i < from->n; i++)
		clause_problems_add(to, from->v[i].path, from->v[i].line,
				    from->v[i].col, "%s", from->v[i].message);
}

void cmd_print_problems(const struct clause_problems *p)
{
	for (size_t i = 0; i < p->n; i++) {
		const struct clause_problem *pr = &p->v[i];
		if (pr->line)
			fprintf(stderr, "%s:%u:%u: %s\n", pr->path, pr->line,
				pr->col ? pr->col : 1, pr->message);
		else
			fprintf(stderr, "%s: %s\n", pr->path, pr->message);
	}
}

/* Length of the colour sequence clause writes (ESC [ digits ; ... m)
 * at s, or 0. */
static size_t sgr_at(const char *s, size_t n)
{
	size_t i = 2;

	if (n < 3 || s[0] != '\033' || s[1] != '[')
		return 0;
	while (i < n && ((s[i] >= '0' && s[i] <= '9') || s[i] == ';'))
		i++;
	return i < n && s[i] == 'm' ? i + 1 : 0;
}

/* b to f; for a terminal, no control character but line ends, tabs and
 * clause's own colours: C1 characters from a document (U+0080..U+009F:
 * XML allows them, and some terminals obey them as escape sequences)
 * shown as U+FFFD, other C0 controls and DEL (from commit messages,
 * whatever reached the buffer) as ^X. */
static void put_out(FILE *f, const struct clause_buf *b, int tty)
{
	if (!tty) {
		fwrite(b->ptr, 1, b->len, f);
		return;
	}
	for (size_t i = 0; i < b->len; i++) {
		unsigned char c = (unsigned char)b->ptr[i];
		size_t sgr;

		if (c == 0xC2 && i + 1 < b->len &&
		    (unsigned char)b->ptr[i + 1] >= 0x80 &&
		    (unsigned char)b->ptr[i + 1] <= 0x9F) {
			fputs("\xef\xbf\xbd", f);
			i++;
		} else if ((sgr = sgr_at(b->ptr + i, b->len - i))) {
			fwrite(b->ptr + i, 1, sgr, f);
			i += sgr - 1;
		} else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
			putc('^', f);
			putc(c == 0x7f ? '?' : c + '@', f);
		} else {
			putc(c, f);
		}
	}
}

void cmd_out(const struct clause_buf *b)
{
	put_out(stdout, b, isatty(STDOUT_FILENO));
}

size_t cmd_term_width(void)
{
	struct winsize ws;

	if (!isatty(STDOUT_FILENO) || ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) < 0 ||
	    ws.ws_col == 0)
		return 0;
	/* the last column spare: a full line would wrap on some terminals */
	return ws.ws_col < 21 ? 20 : ws.ws_col > 201 ? 200 : ws.ws_col - 1U;
}

void cmd_out_paged(const struct clause_buf *b)
{
	const char *pager = getenv("CLAUSE_PAGER");
	void (*pipe_was)(int);
	FILE *p;
	int st;

	if (!pager)
		pager = getenv("PAGER");
	if (!pager)
		pager = "less";
	if (!isatty(STDOUT_FILENO) || !*pager || strcmp(pager, "cat") == 0) {
		cmd_out(b);
		return;
	}
	/* quit at once when it fits, colours as they are, the screen left
	 * as it was: as git asks of less */
	setenv("LESS", "FRX", 0);
	fflush(stdout);
	if (!(p = popen(pager, "w"))) {
		cmd_out(b);
		return;
	}
	/* a reader who quits the pager early is no error */
	pipe_was = signal(SIGPIPE, SIG_IGN);
	put_out(p, b, 1);
	st = pclose(p);
	signal(SIGPIPE, pipe_was);
	if (st != -1 && WIFEXITED(st) && WEXITSTATUS(st) == 127)
		cmd_out(b);	/* no such pager: the shell said so */
}

void cmd_json_problems(struct clause_json *j, const char *key,
		       const struct clause_problems *p)
{
	clause_json_array_lines(j, key, "    ", "  ");
	for (size_t i = 0; i < p->n; i++) {
		clause_json_object(j, NULL);
		clause_json_str(j, "path", p->v[i].path);
		clause_json_num(j, "line", "%u", p->v[i].line);
		clause_json_num(j, "column", "%u", p->v[i].col);
		clause_json_str(j, "message", p->v[i].message);
		clause_json_end(j);
	}
	clause_json_end(j);
}

void cmd_json_doc(struct clause_json *j, const struct clause_doc *d,
		  const char *path, int full)
{
	clause_json_str(j, "doc", d->id);
	clause_json_str(j, "path", path);
	clause_json_str(j, "status", d->status);
	if (full)
		clause_json_str(j, "lang", d->lang);
	clause_json_str(j, "title", d->title);
	clause_json_str(j, "sector", d->sector);
	if (full)
		clause_json_str(j, "jurisdiction", d->jurisdiction);
	clause_json_str(j, "effective", d->effective);
	clause_json_str(j, "expires", d->expires);
}

void cmd_json_parties(struct clause_json *j, const struct clause_doc *d)
{
	clause_json_array(j, "parties");
	for (size_t i = 0; i < d->nparties; i++) {
		clause_json_object(j, NULL);
		clause_json_str(j, "id", d->parties[i].id);
		clause_json_str(j, "role", d->parties[i].role);
		clause_json_str(j, "name", d->parties[i].name);
		clause_json_end(j);
	}
	clause_json_end(j);
}

void cmd_date(char out[11], long long when, int offset_minutes)
{
	time_t t = (time_t)(when + (long long)offset_minutes * 60);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 11, "%Y-%m-%d", &tm);
}

void cmd_progress(size_t done, size_t total, void *payload)
{
	(void)payload;
	if (total < 200)
		return;
	if (done % 50 == 0 || done == total)
		fprintf(stderr, "\rclause: indexing %zu/%zu files%s", done, total,
			done == total ? "\n" : "");
}

int cmd_dispatch(int argc, char **argv, const struct cmd_sub *subs,
		 const char *const *usage)
{
	struct clause_buf names = CLAUSE_BUF_INIT;
	size_t n = 0;
	int status;

	while (argc >= 3 && strcmp(argv[1], "-C") == 0) {
		if (clause_opt_chdir(argv[2]) < 0)
			return CLAUSE_EXIT_RUNTIME;
		argv[2] = argv[0];
		argc -= 2;
		argv += 2;
	}
	for (const struct cmd_sub *s = subs; argc >= 2 && s->name; s++)
		if (strcmp(argv[1], s->name) == 0)
			return s->fn(argc - 1, argv + 1);
	if (argc >= 2 && (strcmp(argv[1], "-h") == 0 ||
			  strcmp(argv[1], "--help") == 0)) {
		for (size_t i = 0; usage[i]; i++)
			printf("%s %s\n", i ? "   or:" : "usage:", usage[i]);
		return CLAUSE_EXIT_OK;
	}
	if (argc >= 2 && argv[1][0] == '-')
		return clause_opt_usage_error(usage, "unknown option '%s'", argv[1]);
	if (argc >= 2)
		return clause_opt_usage_error(usage, "unknown %s subcommand '%s'",
					      argv[0], argv[1]);
	/* "round needs add or list" */
	while (subs[n].name)
		n++;
	for (size_t i = 0; i < n; i++)
		clause_buf_printf(&names, "%s%s", i == 0 ? "" : i + 1 < n ? ", " : " or ",
				  subs[i].name);
	status = clause_opt_usage_error(usage, "%s needs %s", argv[0], names.ptr);
	clause_buf_release(&names);
	return status;
}

const char *const cmd_statuses[] = {
	"model", "proposal", "counter", "tentative", "ratified", "expired",
	"superseded", NULL
};

const char cmd_id_rule[] = "ids are lower-case letters, digits, '.', '_' "
	"and '-', starting with a letter or digit, at most 80";

int cmd_one_of(const char *s, const char *const *names)
{
	for (; *names; names++)
		if (strcmp(s, *names) == 0)
			return 1;
	return 0;
}

static int id_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
	       (!first && (c == '.' || c == '_' || c == '-'));
}

int cmd_valid_id(const char *s)
{
	size_t i, n = strlen(s);

	if (n == 0 || n > 80)
		return 0;
	for (i = 0; i < n; i++)
		if (!id_char(s[i], i == 0))
			return 0;
	return 1;
}

/* Write to a temporary file beside `path` and rename it over, so that
 * `path` is the old file or the whole new one, never half of one. */
int cmd_write_atomic(const char *path, const struct clause_buf *b)
{
	struct clause_buf tmp = CLAUSE_BUF_INIT;
	size_t off = 0;
	int fd, r = 0;

	/* What a killed writer of the same file left beside it goes. */
	{
		const char *slash = strrchr(path, '/');
		struct clause_buf dir = CLAUSE_BUF_INIT, prefix = CLAUSE_BUF_INIT;

		if (slash)
			clause_buf_put(&dir, path, (size_t)(slash - path) + 1);
		else
			clause_buf_puts(&dir, ".");
		clause_buf_printf(&prefix, "%s.clause-tmp-", slash ? slash + 1 : path);
		clause_remove_stale_like(dir.ptr, prefix.ptr, 6);
		clause_buf_release(&dir);
		clause_buf_release(&prefix);
	}
	clause_buf_printf(&tmp, "%s.clause-tmp-XXXXXX", path);
	fd = mkstemp(tmp.ptr);
	if (fd < 0) {
		clause_error_set("cannot write '%s': %s", path, strerror(errno));
		clause_buf_release(&tmp);
		return CLAUSE_ERROR;
	}
	while (off < b->len && r == 0) {
		ssize_t n = write(fd, b->ptr + off, b->len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			r = -1;
		else
			off += (size_t)n;
	}
	if (r == 0 && (fchmod(fd, 0644) < 0 || fsync(fd) < 0))
		r = -1;
	if (close(fd) < 0)
		r = -1;
	if (r == 0 && rename(tmp.ptr, path) < 0)
		r = -1;
	if (r < 0) {
		clause_error_set("cannot write '%s': %s", path, strerror(errno));
		unlink(tmp.ptr);
	}
	clause_buf_release(&tmp);
	return r < 0 ? CLAUSE_ERROR : 0;
}
