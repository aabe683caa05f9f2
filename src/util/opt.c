/* opt.c: parse options from a command's table, and print its help. */
#include "util/opt.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

const char *clause_opt_dir;
int clause_color;
int clause_color_given;

static int help_flag;
static const char *color_when;

int clause_opt_chdir(const char *dir)
{
	if (chdir(dir) < 0) {
		fprintf(stderr, "clause: cannot change to '%s': %s\n", dir,
			strerror(errno));
		return -1;
	}
	return 0;
}

static const struct clause_opt common[] = {
	{ CLAUSE_OPT_VALUE, 'C', NULL, "DIR", "run as if started in DIR", &clause_opt_dir },
	{ CLAUSE_OPT_OPTIONAL, 0, "color", "WHEN", "colour: always (bare), never or auto", &color_when },
	{ CLAUSE_OPT_FLAG, 'h', "help", NULL, "show this help", &help_flag },
	{ CLAUSE_OPT_END, 0, NULL, NULL, NULL, NULL }
};

void clause_opt_help(void *fp, const struct clause_opt *opts,
		     const char *const *usage)
{
	FILE *f = fp;
	const struct clause_opt *tables[2] = { opts, common };

	for (size_t i = 0; usage[i]; i++)
		fprintf(f, "%s %s\n", i ? "   or:" : "usage:", usage[i]);
	fputc('\n', f);
	for (int t = 0; t < 2; t++) {
		for (const struct clause_opt *o = tables[t]; o && o->type; o++) {
			char left[64];
			int n = 0;

			if (o->shortname && o->longname)
				n = snprintf(left, sizeof(left), "-%c, --%s",
					     o->shortname, o->longname);
			else if (o->shortname)
				n = snprintf(left, sizeof(left), "-%c", o->shortname);
			else
				n = snprintf(left, sizeof(left), "--%s", o->longname);
			/* As the usage lines write them: -m MSG, --format=FMT,
			 * --color[=WHEN]. */
			if (o->type == CLAUSE_OPT_OPTIONAL && n > 0 &&
			    (size_t)n < sizeof(left))
				snprintf(left + n, sizeof(left) - (size_t)n, "[=%s]",
					 o->value_name);
			else if (o->type != CLAUSE_OPT_FLAG && n > 0 &&
				 (size_t)n < sizeof(left))
				snprintf(left + n, sizeof(left) - (size_t)n, "%s%s",
					 o->longname ? "=" : " ", o->value_name);
			fprintf(f, "    %-24s %s\n", left, o->help);
		}
	}
}

int clause_opt_color(const char *when, const char *const *usage)
{
	if (!*when || strcmp(when, "always") == 0)
		clause_color = 1;
	else if (strcmp(when, "never") == 0)
		clause_color = 0;
	else if (strcmp(when, "auto") == 0)
		clause_color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	else {
		clause_opt_usage_error(usage, "unknown --color value '%s' "
				       "(use always, never or auto)", when);
		return -1;
	}
	clause_color_given = 1;
	return 0;
}

int clause_opt_usage_error(const char *const *usage, const char *fmt, ...)
{
	va_list ap;

	fputs("clause: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	for (size_t i = 0; usage && usage[i]; i++)
		fprintf(stderr, "%s %s\n", i ? "   or:" : "usage:", usage[i]);
	return 129;
}

static const struct clause_opt *find_long(const struct clause_opt *opts,
					  const char *name, size_t len)
{
	const struct clause_opt *tables[2] = { opts, common };

	for (int t = 0; t < 2; t++)
		for (const struct clause_opt *o = tables[t]; o && o->type; o++)
			if (o->longname && strlen(o->longname) == len &&
			    strncmp(o->longname, name, len) == 0)
				return o;
	return NULL;
}

static const struct clause_opt *find_short(const struct clause_opt *opts,
					   char c)
{
	const struct clause_opt *tables[2] = { opts, common };

	for (int t = 0; t < 2; t++)
		for (const struct clause_opt *o = tables[t]; o && o->type; o++)
			if (o->shortname == c)
				return o;
	return NULL;
}

/* Is a ("-forward") a word of a query rather than a short option: not
 * a flag alone (-h), nor an option with its value attached only when
 * that value is a number (-n5)? */
static int dash_word(const struct clause_opt *opts, const char *a)
{
	const struct clause_opt *o = find_short(opts, a[1]);

	if (!o)
		return 1;
	if (o->type == CLAUSE_OPT_FLAG)
		return a[2] != '\0';
	return a[2] && strspn(a + 2, "0123456789") != strlen(a + 2);
}

int clause_opt_parse(struct clause_args *args, const struct clause_opt *opts,
		     const char *const *usage, int argc, char **argv)
{
	int only_args = 0;

	help_flag = 0;
	args->n = 0;
	args->v = calloc((size_t)argc + 1, sizeof(*args->v));
	if (!args->v) {
		fputs("clause: out of memory\n", stderr);
		return CLAUSE_OPT_USAGE;
	}
	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		const struct clause_opt *o;
		const char *value = NULL;

		if (only_args || a[0] != '-' || a[1] == '\0') {
			args->v[args->n++] = a;
			continue;
		}
		if (strcmp(a, "--") == 0) {
			only_args = 1;
			continue;
		}
		if (args->dash_words && args->n && a[1] != '-' && dash_word(opts, a)) {
			args->v[args->n++] = a;
			continue;
		}
		if (a[1] == '-') {
			const char *eq = strchr(a + 2, '=');
			size_t len = eq ? (size_t)(eq - a - 2) : strlen(a + 2);
			if (!(o = find_long(opts, a + 2, len))) {
				clause_opt_usage_error(usage, "unknown option '%s'", a);
				return CLAUSE_OPT_USAGE;
			}
			if (o->type == CLAUSE_OPT_FLAG) {
				if (eq) {
					clause_opt_usage_error(usage,
						"option '--%s' takes no value", o->longname);
					return CLAUSE_OPT_USAGE;
				}
				*(int *)o->dest = 1;
				continue;
			}
			if (o->type == CLAUSE_OPT_OPTIONAL) {
				*(const char **)o->dest = eq ? eq + 1 : "";
				if (o->dest == &color_when &&
				    clause_opt_color(color_when, usage) < 0)
					return CLAUSE_OPT_USAGE;
				continue;
			}
			if (eq)
				value = eq + 1;
			else if (i + 1 < argc)
				value = argv[++i];
		} else {
			if (!(o = find_short(opts, a[1]))) {
				clause_opt_usage_error(usage, "unknown option '%s'", a);
				return CLAUSE_OPT_USAGE;
			}
			if (o->type == CLAUSE_OPT_FLAG) {
				if (a[2]) {
					clause_opt_usage_error(usage,
						"option '-%c' takes no value", a[1]);
					return CLAUSE_OPT_USAGE;
				}
				*(int *)o->dest = 1;
				continue;
			}
			if (a[2])
				value = a + 2;
			else if (i + 1 < argc)
				value = argv[++i];
		}
		if (!value) {
			if (o->longname)
				clause_opt_usage_error(usage, "option '--%s' needs a value",
						       o->longname);
			else
				clause_opt_usage_error(usage, "option '-%c' needs a value",
						       o->shortname);
			return CLAUSE_OPT_USAGE;
		}
		if (o->type == CLAUSE_OPT_LIST) {
			struct clause_args *l = o->dest;
			char **v = realloc(l->v, (l->n + 1) * sizeof(*v));

			if (!v) {
				fputs("clause: out of memory\n", stderr);
				return CLAUSE_OPT_FAIL;
			}
			l->v = v;
			l->v[l->n++] = (char *)value;
			continue;
		}
		*(const char **)o->dest = value;
		if (o->dest == &clause_opt_dir && clause_opt_chdir(value) < 0)
			return CLAUSE_OPT_FAIL;
	}
	if (help_flag) {
		clause_opt_help(stdout, opts, usage);
		return CLAUSE_OPT_HELP;
	}
	return CLAUSE_OPT_OK;
}

int clause_opt_format(int *which, const char *value, const char *const *allowed,
		      const char *const *usage)
{
	struct { char s[256]; size_t n; } list = { "", 0 };

	*which = 0;
	if (!value)
		return 0;
	for (int i = 0; allowed[i]; i++) {
		if (strcmp(value, allowed[i]) == 0) {
			*which = i;
			return 0;
		}
		list.n += (size_t)snprintf(list.s + list.n, sizeof(list.s) - list.n,
					   "%s%s", i ? ", " : "", allowed[i]);
		if (list.n >= sizeof(list.s))
			list.n = sizeof(list.s) - 1;
	}
	clause_opt_usage_error(usage, "unknown format '%s' (use %s)", value, list.s);
	return -1;
}

int clause_opt_date(const char *s)
{
	static const char form[] = "0000-00-00";
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31,
				    30, 31 };
	int y, m, d, leap;

	if (strlen(s) != sizeof(form) - 1)
		return 0;
	for (size_t i = 0; form[i]; i++)
		if (form[i] == '0' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != '-')
			return 0;
	y = atoi(s);
	m = atoi(s + 5);
	d = atoi(s + 8);
	leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return m >= 1 && m <= 12 && d >= 1 &&
	       d <= days[m - 1] + (m == 2 && leap);
}
