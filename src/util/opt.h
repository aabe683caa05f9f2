/* opt.h: option tables that drive both parsing and --help.
 *
 * Each command declares its usage lines and one table of options; the
 * same table parses argv and prints help, so the two never disagree.
 */
#ifndef CLAUSE_OPT_H
#define CLAUSE_OPT_H

#include <stddef.h>

enum clause_opt_type {
	CLAUSE_OPT_END = 0,	/* ends a table */
	CLAUSE_OPT_FLAG,	/* sets *(int *)dest to 1 */
	CLAUSE_OPT_VALUE,	/* sets *(const char **)dest to the value */
	CLAUSE_OPT_LIST,	/* may be repeated: appends each value to the
				 * struct clause_args at dest (its v is the
				 * caller's to free) */
	CLAUSE_OPT_OPTIONAL	/* --name or --name=VALUE (never the next
				 * argument): *(const char **)dest is the
				 * value, "" when bare */
};

struct clause_opt {
	enum clause_opt_type type;	/* what kind of option */
	char shortname;			/* 'm' for -m, or 0 */
	const char *longname;		/* "format" for --format, or NULL */
	const char *value_name;		/* FMT, shown in help */
	const char *help;		/* one line */
	void *dest;			/* where the result goes */
};

/* Positional arguments left after the options. */
struct clause_args {
	char **v;			/* borrowed from argv */
	size_t n;
	int dash_words;			/* set by the caller: after the first
					 * argument, a -word that is no short
					 * option of the table (or -h) is an
					 * argument too: query syntax */
};

enum {
	CLAUSE_OPT_OK = 0,
	CLAUSE_OPT_HELP = 1,		/* help was printed: exit 0 */
	CLAUSE_OPT_USAGE = -1,		/* a usage error was printed: exit 129 */
	CLAUSE_OPT_FAIL = -2		/* -C failed, message printed: exit 128 */
};

/* Set by -C DIR in any command (and before the command). */
extern const char *clause_opt_dir;

/* Whether standard output is coloured.  --color[=WHEN] before the
 * command or among any command's options sets it (bare --color is
 * always); otherwise it is auto: a terminal and no NO_COLOR. */
extern int clause_color;
/* Was --color given, in either place? */
extern int clause_color_given;

/* Set clause_color from WHEN (always, never, auto; "" is always);
 * prints a usage error and returns -1 for another word. */
int clause_opt_color(const char *when, const char *const *usage);

/* chdir for -C DIR, with a message on failure; -1 then. */
int clause_opt_chdir(const char *dir);

/*
 * Parse argv[1..argc-1] (argv[0] is the command name).  Every command
 * also takes -C DIR and -h/--help.  "--" ends the options.
 */
int clause_opt_parse(struct clause_args *args, const struct clause_opt *opts,
		     const char *const *usage, int argc, char **argv);
/* Print usage and options to f. */
void clause_opt_help(void *f, const struct clause_opt *opts,
		     const char *const *usage);
/* Print "clause: msg" and the usage lines to stderr; returns 129. */
int clause_opt_usage_error(const char *const *usage, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Check --format against a NULL-terminated list of allowed names; sets
 * *which to its index.  Prints a usage error and returns -1 if unknown. */
int clause_opt_format(int *which, const char *value, const char *const *allowed,
		      const char *const *usage);

/* Is s a date as YYYY-MM-DD, one the calendar has (leap years too)? */
int clause_opt_date(const char *s);

#endif
