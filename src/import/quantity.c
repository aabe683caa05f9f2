/* quantity.c: numbers with units in imported text, marked as <quantity>.
 *
 * The numbers a negotiator watches between rounds (days of notice,
 * months of severance, dollars, percentages) are what `clause diff`
 * summarises and `--quantity` filters on, so imported text marks them as
 * the shipped documents do: the number inside the element, the unit word
 * after it ("<quantity unit="days">180</quantity> days"), a number in
 * words with its value ("<quantity unit="days" value="30">thirty
 * (30)</quantity> days"), money whole ("<quantity unit="USD">$2,500
 * </quantity>").
 */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "import/import.h"
#include "util/buf.h"
#include "util/error.h"

static const struct { const char *words; const char *unit; } units[] = {
	{ "calendar days", "days" }, { "calendar day", "days" },
	{ "working days", "working-days" }, { "working day", "working-days" },
	{ "work days", "working-days" }, { "business days", "business-days" },
	{ "business day", "business-days" }, { "days", "days" },
	{ "day", "days" }, { "weeks", "weeks" }, { "week", "weeks" },
	{ "months", "months" }, { "month", "months" }, { "years", "years" },
	{ "year", "years" }, { "hours", "hours" }, { "hour", "hours" },
	{ "minutes", "minutes" }, { "minute", "minutes" },
	{ "employees", "workers" }, { "workers", "workers" },
	{ "members", "workers" }, { "vehicles", "vehicles" },
	{ "percent", "percent" }, { "per cent", "percent" }, { "%", "percent" }
};

static const char *const ones[] = {
	"zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
	"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen",
	"sixteen", "seventeen", "eighteen", "nineteen"
};
static const char *const tens[] = {
	"", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy",
	"eighty", "ninety"
};

/* The word of `list` (n entries) at s, as a whole word: its index, and
 * *len; -1 when none. */
static int word_at(const char *s, const char *const *list, int n, size_t *len)
{
	int i, best = -1;
	size_t best_len = 0;

	for (i = 0; i < n; i++) {
		size_t l = strlen(list[i]);

		if (l && l > best_len && strncasecmp(s, list[i], l) == 0 &&
		    !isalpha((unsigned char)s[l]))
			best = i, best_len = l;
	}
	*len = best_len;
	return best;
}

/* A number in words below a hundred: "thirty", "twenty-five". */
static int words_below_100(const char *s, size_t *len, long *value)
{
	size_t l1, l2;
	int t = word_at(s, tens, 10, &l1), o;

	if (t >= 2) {
		*value = t * 10;
		*len = l1;
		if ((s[l1] == '-' || s[l1] == ' ') &&
		    (o = word_at(s + l1 + 1, ones, 10, &l2)) >= 1) {
			*value += o;
			*len = l1 + 1 + l2;
		}
		return 1;
	}
	o = word_at(s, ones, 20, &l1);
	if (o < 1)
		return 0;
	*value = o;
	*len = l1;
	return 1;
}

/* A number in words up to 999: "six", "twenty-five", "one hundred and
 * eighty". */
static int words_number(const char *s, size_t *len, long *value)
{
	size_t n, m;
	long rest;

	if (!words_below_100(s, &n, value))
		return 0;
	*len = n;
	if (*value < 10 && strncasecmp(s + n, " hundred", 8) == 0 &&
	    !isalpha((unsigned char)s[n + 8])) {
		*value *= 100;
		n += 8;
		*len = n;
		if (strncasecmp(s + n, " and ", 5) == 0)
			n += 4;
		if (s[n] == ' ' && words_below_100(s + n + 1, &m, &rest)) {
			*value += rest;
			*len = n + 1 + m;
		}
	}
	return 1;
}

/* Digits "180", "1,000", "2.5" at s: their length, 0 if none. */
static size_t digits_at(const char *s)
{
	size_t i = 0;

	while (isdigit((unsigned char)s[i]) ||
	       ((s[i] == ',' || s[i] == '.') && i > 0 &&
		isdigit((unsigned char)s[i + 1])))
		i++;
	return i;
}

/* The unit after a number: "days", "working days", "-day", "%". */
static const char *unit_at(const char *s, size_t *skip)
{
	size_t i;
	const char *p = s;

	if (*p == ' ' || *p == '-')
		p++;
	for (i = 0; i < sizeof(units) / sizeof(units[0]); i++) {
		size_t l = strlen(units[i].words);

		if (strncasecmp(p, units[i].words, l) == 0 &&
		    (units[i].words[0] == '%' || !isalpha((unsigned char)p[l])) &&
		    (units[i].words[0] != '%' || p == s)) {
			*skip = (size_t)(p - s);
			return units[i].unit;
		}
	}
	return NULL;
}

static int put_escaped(struct clause_buf *b, const char *s, size_t n)
{
	size_t i;
	int r = 0;

	for (i = 0; i < n && r == 0; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '&')
			r = clause_buf_puts(b, "&amp;");
		else if (c == '<')
			r = clause_buf_puts(b, "&lt;");
		else if (c == '>')
			r = clause_buf_puts(b, "&gt;");
		else if (c < 0x20 && c != '\t' && c != '\n')
			r = clause_buf_putc(b, ' ');	/* not allowed in XML */
		else
			r = clause_buf_putc(b, (char)c);
	}
	return r;
}

/* Money at s ("$2,500", "€300", "£40"): its length and currency. */
static size_t money_at(const char *s, const char **unit)
{
	static const struct { const char *sign; const char *code; } signs[] = {
		{ "US$", "USD" }, { "$", "USD" }, { "\xe2\x82\xac", "EUR" },
		{ "\xc2\xa3", "GBP" }
	};
	size_t i, l, d;

	for (i = 0; i < sizeof(signs) / sizeof(signs[0]); i++) {
		l = strlen(signs[i].sign);
		if (strncmp(s, signs[i].sign, l) == 0 && (d = digits_at(s + l))) {
			*unit = signs[i].code;
			return l + d;
		}
	}
	return 0;
}

/* What money is counted against: "an hour", "per year of service". */
static const char *per_at(const char *s)
{
	if (strncasecmp(s, " an hour", 8) == 0 || strncasecmp(s, " per hour", 9) == 0)
		return "hour";
	if (strncasecmp(s, " per year of service", 20) == 0 ||
	    strncasecmp(s, " for each year of service", 25) == 0)
		return "year-of-service";
	return NULL;
}

/* A quantity at s: its length in *len, unit, and value when in words. */
static int quantity_at(const char *s, size_t *len, const char **unit,
		       const char **per, long *value)
{
	size_t n, skip;
	const char *p;

	*per = NULL;
	*value = -1;
	if ((n = money_at(s, unit))) {
		*len = n;
		*per = per_at(s + n);
		return 1;
	}
	if ((n = digits_at(s))) {
		*len = n;
		return (*unit = unit_at(s + n, &skip)) != NULL;
	}
	if (!words_number(s, &n, value))
		return 0;
	p = s + n;
	/* "thirty (30) days": the figure in parentheses is the value */
	if (p[0] == ' ' && p[1] == '(' && (skip = digits_at(p + 2)) && p[2 + skip] == ')') {
		*value = strtol(p + 2, NULL, 10);
		n += 3 + skip;
	}
	*len = n;
	return (*unit = unit_at(s + n, &skip)) != NULL;
}

int import_put_quantities(struct clause_buf *out, const char *text, size_t *count)
{
	const char *s = text, *unit, *per;
	size_t len;
	long value;
	int r = 0;

	while (*s && r == 0) {
		int start = s == text || !isalnum((unsigned char)s[-1]);

		if (start && s[-(s != text)] != '.' &&
		    quantity_at(s, &len, &unit, &per, &value)) {
			r = clause_buf_printf(out, "<quantity unit=\"%s\"", unit);
			if (r == 0 && value >= 0)
				r = clause_buf_printf(out, " value=\"%ld\"", value);
			if (r == 0 && per)
				r = clause_buf_printf(out, " per=\"%s\"", per);
			if (r == 0)
				r = clause_buf_putc(out, '>');
			if (r == 0)
				r = put_escaped(out, s, len);
			if (r == 0)
				r = clause_buf_puts(out, "</quantity>");
			(*count)++;
			s += len;
			continue;
		}
		r = put_escaped(out, s, 1);
		s++;
	}
	return r < 0 ? CLAUSE_ERROR : 0;
}
