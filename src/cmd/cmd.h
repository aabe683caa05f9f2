/* cmd.h: the subcommands, and the glue they share (opening the library,
 * printing problems, mapping library codes to exit status).
 *
 * src/cmd/: the command line.  One file a subcommand (cmd_NAME.c,
 * exporting only cmd_NAME) turns options into calls of the floors below
 * and their answers into output; cmd.c and progress.c are what they
 * share.  Nothing below this folder reads argv or writes to stdout. */
#ifndef CLAUSE_CMD_H
#define CLAUSE_CMD_H

#include "util/buf.h"
#include "util/json.h"
#include "util/opt.h"
#include "doc/problem.h"
#include "doc/doc.h"
#include "git/repo.h"
#include "git/library.h"

/* Exit status, as documented in clause(1). */
enum {
	CLAUSE_EXIT_OK = 0,
	CLAUSE_EXIT_NO = 1,		/* negative answer: invalid, no match */
	CLAUSE_EXIT_RUNTIME = 128,	/* I/O, git, database */
	CLAUSE_EXIT_USAGE = 129
};

int cmd_board(int argc, char **argv);
int cmd_categories(int argc, char **argv);
int cmd_clone(int argc, char **argv);
int cmd_commit(int argc, char **argv);
int cmd_diff(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_fetch(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_init(int argc, char **argv);
int cmd_log(int argc, char **argv);
int cmd_ls(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_merge_driver(int argc, char **argv);
int cmd_new(int argc, char **argv);
int cmd_pull(int argc, char **argv);
int cmd_push(int argc, char **argv);
int cmd_reject(int argc, char **argv);
int cmd_remote(int argc, char **argv);
int cmd_resolve(int argc, char **argv);
int cmd_round(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_serve(int argc, char **argv);
int cmd_show(int argc, char **argv);
int cmd_similar(int argc, char **argv);
int cmd_ta(int argc, char **argv);
int cmd_validate(int argc, char **argv);

/* --format=FMT: what the option table stores, and which of the names
 * allowed it is once cmd_parse has checked it. */
struct cmd_format {
	const char *value;		/* --format's argument, or NULL */
	const char *const *names;	/* allowed, NULL-terminated; the first
					 * is the default */
	int which;			/* index of value in names */
};

/* The names of the commands that print text or json. */
extern const char *const cmd_text_json[];
/* ... or csv (export/csv.c writes it). */
extern const char *const cmd_text_json_csv[];

/* The --format entry of an option table, for a struct cmd_format. */
#define CMD_OPT_FORMAT(fmt, help) \
	{ CLAUSE_OPT_VALUE, 0, "format", "FMT", help, &(fmt)->value }

/* Parse argv by opts (argv[0] is the command's name) and, unless fmt is
 * NULL, check its --format.  0, or -1 with *status the exit status: 0
 * when help was printed, 129 for a usage error (already explained). */
int cmd_parse(int *status, struct clause_args *args, struct cmd_format *fmt,
	      const struct clause_opt *opts, const char *const *usage,
	      int argc, char **argv);
/* The options of a listing, `clause NAME list [--format=FMT]` (`what`
 * is "NAME list"): --format=text|json and no arguments.  *json is set
 * for JSON.  0, or -1 with *status the exit status. */
int cmd_list_options(int *status, int *json, const char *what,
		     const char *const *usage, int argc, char **argv);
/* The start of clause push and pull: options, then [NAME [BRANCH]]
 * (*name and *branch NULL when left out, else borrowed from argv), then
 * the library opened.  0, or -1 with *status the exit status. */
int cmd_remote_start(int *status, struct clause_repo **repo,
		     const char **name, const char **branch,
		     const struct clause_opt *opts, const char *const *usage,
		     int argc, char **argv);
/* -n N: *n set to N when value is a positive number (digits, at most
 * CMD_COUNT_MAX); left alone when value is NULL.  Else a usage error and
 * -1, *status 129. */
#define CMD_COUNT_MAX 1000000000UL
int cmd_count(int *status, unsigned long *n, const char *value,
	      const char *const *usage);
/* Near misses of a mistyped name, for "did you mean": at most
 * CMD_SUGGEST_MAX names at an edit distance of 2 or less, or that start
 * with the word (of 3 characters or more), nearest first. */
#define CMD_SUGGEST_MAX 3
#define CMD_SUGGEST_LEN 128	/* longer names are never near */
struct cmd_suggest {
	const char *word;		/* the word typed, borrowed */
	const char *v[CMD_SUGGEST_MAX];	/* the nearest names, borrowed */
	unsigned score[CMD_SUGGEST_MAX];/* their distance (3 and more: the
					 * word is their start) */
	size_t n;			/* how many */
};

void cmd_suggest_init(struct cmd_suggest *s, const char *word);
/* Consider name (borrowed: it must outlive s). */
void cmd_suggest_add(struct cmd_suggest *s, const char *name);
/* Append " (did you mean 'a', 'b' or 'c'?)" to b, each name after
 * "PREFIX/" when prefix is not NULL; nothing when there are none. */
void cmd_suggest_print(struct clause_buf *b, const struct cmd_suggest *s,
		       const char *prefix);

/* An address as the commands take it, DOC[/CLAUSE][@REV], split. */
struct cmd_address {
	char *doc;	/* the document id: the start of a copy, freed by
			 * cmd_address_release */
	char *clause;	/* the clause id, or NULL */
	char *rev;	/* the revision after '@', or NULL */
};

/* What an address may or must hold besides DOC. */
enum {
	CMD_ADDR_CLAUSE = 1,	/* /CLAUSE must be there */
	CMD_ADDR_REV = 2	/* @REV may be there (else '@' is no mark) */
};

/* Split s into *a.  Ids never hold '@' or '/', so the first of each
 * splits.  CLAUSE_EINVALID when s is not of the form `flags` allow (no
 * message: the caller explains its usage), CLAUSE_ERROR when out of
 * memory; *a is empty then. */
int cmd_address_parse(struct cmd_address *a, const char *s, unsigned flags);
void cmd_address_release(struct cmd_address *a);
/* Append to an empty hint the clauses of d nearest to `clause`, as
 * " (did you mean 'DOC/CLAUSE'?)" (cmd_suggest_print). */
void cmd_suggest_clause(struct clause_buf *hint, const struct clause_doc *d,
			const char *clause);
/* Is document doc (and clause, unless NULL) in lib?  1, or 0 with the
 * nearest ids appended to an empty hint. */
int cmd_address_in(struct clause_buf *hint, const struct clause_library *lib,
		   const char *doc, const char *clause);
/* The same in the whole library at rev (NULL: the work tree), read light
 * (from the search index when it is current); *doc_found (unless NULL)
 * is set to 1 when the document is there.  1, 0, or a library code. */
int cmd_address_known(struct clause_buf *hint, int *doc_found,
		      struct clause_repo *repo, const char *rev,
		      const char *doc, const char *clause);
/* cmd_fail, but a "no such document or clause" (CLAUSE_ENOTFOUND) gets
 * the nearest ids of the library at rev added to its message. */
int cmd_fail_near(int code, struct clause_repo *repo, const char *rev,
		  const char *doc, const char *clause);

/* A listing for stdout: text lines, or with --format=json an array of
 * one object a line.  The command writes each item into out or j. */
struct cmd_list {
	int json;		/* JSON, not text */
	struct clause_buf out;	/* the listing so far */
	struct clause_json j;	/* the writer into out, for JSON */
};

void cmd_list_start(struct cmd_list *l, int json);
/* End the listing, write it to stdout and release it. */
void cmd_list_print(struct cmd_list *l);

/* The exit status for a library return code; prints the error message
 * ("clause: ...") for any failure. */
int cmd_fail(int code);
/* Open the library of the current directory (bare when rev is given)
 * and load it light, the structure of each document, at rev (NULL: the
 * work tree); paths limit the scope.  Without paths, the search index
 * answers when it can (clause_index_library; set lib->docs_only first
 * when only the number of clauses is needed).  A library code. */
int cmd_library_load(struct clause_repo **repo, struct clause_library *lib,
		     const char *rev, char **paths, size_t npaths);
/* Write b to path through a temporary file beside it, renamed over it
 * once whole (fsync'd first): path is the old file or the new one, never
 * part of one.  0, or CLAUSE_ERROR with the error set. */
int cmd_write_atomic(const char *path, const struct clause_buf *b);
/* Document statuses (NULL-terminated), as clause-format(5) lists them. */
extern const char *const cmd_statuses[];
/* Is s one of the NULL-terminated names? */
int cmd_one_of(const char *s, const char *const *names);
/* Is s an id as the schema allows (cmd_id_rule says it in words)? */
int cmd_valid_id(const char *s);
extern const char cmd_id_rule[];
/* Add a copy of each problem of `from` to `to`. */
void cmd_problems_add_all(struct clause_problems *to,
			  const struct clause_problems *from);
/* Print problems to stderr as path:line:col: message. */
void cmd_print_problems(const struct clause_problems *p);
/* Write a buffer to stdout. */
void cmd_out(const struct clause_buf *b);
/* The same through a pager when stdout is a terminal, as git does:
 * $CLAUSE_PAGER, else $PAGER, else less (LESS=FRX unless LESS is set);
 * "cat" or "" for none. */
void cmd_out_paged(const struct clause_buf *b);
/* Where text wrapped for a terminal should wrap: before the terminal's
 * last column (20 to 200), or 0 when stdout is no terminal. */
size_t cmd_term_width(void);
/* Problems as a JSON array of {path, line, column, message}, one a
 * line (clause validate). */
void cmd_json_problems(struct clause_json *j, const char *key,
		       const struct clause_problems *p);
/* The members of a document's JSON form that say what it is: id, path
 * (as shown), status, title, sector, effective, expires; with `full`
 * (clause show) lang and jurisdiction too. */
void cmd_json_doc(struct clause_json *j, const struct clause_doc *d,
		  const char *path, int full);
/* A document's parties as "parties": [{id, role, name}, ...]. */
void cmd_json_parties(struct clause_json *j, const struct clause_doc *d);
/* Progress of an index update on stderr ("clause: indexing N/M files"),
 * for clause_index.progress; silent for small updates. */
void cmd_progress(size_t done, size_t total, void *payload);
/* One subcommand of a command that has them (round add, remote list). */
struct cmd_sub {
	const char *name;
	int (*fn)(int argc, char **argv);	/* argv[0] is the name */
};

/* Run the subcommand argv[1] names (-C DIR may come first), answer -h
 * and --help with `usage`, or explain the usage error.  `subs` ends with
 * a NULL name. */
int cmd_dispatch(int argc, char **argv, const struct cmd_sub *subs,
		 const char *const *usage);
/* Format a git time as YYYY-MM-DD in its own time zone. */
void cmd_date(char out[11], long long when, int offset_minutes);

#endif
