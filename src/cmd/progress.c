/* progress.c: the transfer line and server messages of remote commands. */
#include "cmd/progress.h"
#include "util/error.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void clause_progress_init(struct clause_progress *p, FILE *f, int bar)
{
	memset(p, 0, sizeof(*p));
	p->f = f;
	p->bar = bar;
	p->last_pct = -1;
}

void clause_progress_attach(struct clause_remote_opts *opts,
			    struct clause_progress *p, int messages,
			    int updates)
{
	opts->progress = p->bar ? clause_progress_transfer : NULL;
	opts->message = messages ? clause_progress_message : NULL;
	opts->updated = updates ? clause_progress_updated : NULL;
	opts->payload = p;
}

/* Sizes as git shows them: KiB, MiB, GiB. */
static void size_text(char *out, size_t n, size_t bytes)
{
	if (bytes < 1024)
		snprintf(out, n, "%zu bytes", bytes);
	else if (bytes < 1024 * 1024)
		snprintf(out, n, "%.2f KiB", bytes / 1024.0);
	else if (bytes < 1024u * 1024 * 1024)
		snprintf(out, n, "%.2f MiB", bytes / (1024.0 * 1024));
	else
		snprintf(out, n, "%.2f GiB", bytes / (1024.0 * 1024 * 1024));
}

/* Objects copied from a library on this machine: their number is not
 * known beforehand, so a count, at most 10 times a second, and the last. */
static void draw_copied(struct clause_progress *p,
			const struct clause_transfer *t, long long ms)
{
	static const char what[] = "copying objects";
	char size[32];

	if (p->what == what && ms - p->last_ms < 100 && !t->copied_all)
		return;
	size_text(size, sizeof(size), t->received_bytes);
	fprintf(p->f, "\rclause: %s: %u, %s%s\033[K", what, t->copied_objects,
		size, t->copied_all ? ", done" : "");
	fflush(p->f);
	p->drawn = 1;
	p->what = what;
	p->last_ms = ms;
}

void clause_progress_transfer(const struct clause_transfer *t, void *payload)
{
	struct clause_progress *p = payload;
	const char *what;
	size_t done, total;
	int pct;
	long long ms = now_ms();
	char size[32];

	if (!p->bar)
		return;
	if (t->copied_objects) {
		draw_copied(p, t, ms);
		return;
	}
	if (t->total_files) {
		what = "checking out files";
		done = t->checked_out;
		total = t->total_files;
	} else if (!t->total_objects) {
		return;
	} else if (t->received_objects < t->total_objects) {
		what = "receiving objects";
		done = t->received_objects;
		total = t->total_objects;
	} else {
		what = "indexing objects";
		done = t->indexed_objects;
		total = t->total_objects;
	}
	pct = (int)((unsigned long long)done * 100 / total);
	/* Redraw on a new percentage or phase, at most 10 times a second,
	 * but always the last step. */
	if (what == p->what && pct == p->last_pct)
		return;
	if (what == p->what && ms - p->last_ms < 100 && done < total)
		return;
	if (t->total_files) {
		fprintf(p->f, "\rclause: %s: %3d%% (%zu/%zu)\033[K", what, pct,
			done, total);
	} else {
		size_text(size, sizeof(size), t->received_bytes);
		fprintf(p->f, "\rclause: %s: %3d%% (%zu/%zu), %s\033[K", what,
			pct, done, total, size);
	}
	fflush(p->f);
	p->drawn = 1;
	p->what = what;
	p->last_pct = pct;
	p->last_ms = ms;
}

void clause_progress_message(const char *line, void *payload)
{
	struct clause_progress *p = payload;

	if (p->drawn) {
		fputs("\r\033[K", p->f);
		p->drawn = 0;
		p->what = NULL;
	}
	{
		/* The server's words, never its escape sequences. */
		char *shown = clause_visible(line);
		fprintf(p->f, "clause: remote: %s\n", shown ? shown : "?");
		free(shown);
	}
}

void clause_progress_updated(const char *ref, const git_oid *old,
			     const git_oid *now, void *payload)
{
	struct clause_progress *p = payload;
	char from[8], to[8];

	if (strncmp(ref, "refs/remotes/", 13) == 0)
		ref += 13;
	else if (strncmp(ref, "refs/tags/", 10) == 0)
		ref += 10;
	if (p->drawn) {
		fputs("\r\033[K", p->f);
		p->drawn = 0;
		p->what = NULL;
	}
	git_oid_tostr(to, sizeof(to), now);
	if (git_oid_is_zero(old)) {
		fprintf(p->f, "clause: %s: %s (new)\n", ref, to);
	} else {
		git_oid_tostr(from, sizeof(from), old);
		fprintf(p->f, "clause: %s: %s..%s\n", ref, from, to);
	}
}

void clause_progress_done(struct clause_progress *p)
{
	if (p->drawn)
		fputc('\n', p->f);
	p->drawn = 0;
	p->what = NULL;
	p->last_pct = -1;
}
