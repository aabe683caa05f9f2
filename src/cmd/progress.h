/* progress.h: what a remote operation shows a person while it runs: a
 * transfer progress line (objects and bytes) redrawn in place, and the
 * lines the server sends ("remote: ..."), on a stream the command gives
 * (standard error).  Only for a terminal: the command decides. */
#ifndef CLAUSE_PROGRESS_H
#define CLAUSE_PROGRESS_H

#include <stdio.h>

#include "git/remote.h"

struct clause_progress {
	FILE *f;		/* where to draw: standard error */
	int bar;		/* draw the transfer line (f is a terminal) */
	int drawn;		/* a line is on screen without its newline */
	int last_pct;		/* percentage last drawn, -1 before any */
	long long last_ms;	/* when it was last drawn */
	const char *what;	/* the phase last drawn */
};

/* Set up p for f; `bar` says whether to draw the transfer line. */
void clause_progress_init(struct clause_progress *p, FILE *f, int bar);
/* Fill in the callbacks of opts that draw on p: the transfer line when
 * p->bar, server messages and updated refs when asked. */
void clause_progress_attach(struct clause_remote_opts *opts,
			    struct clause_progress *p, int messages,
			    int updates);
/* Callbacks for struct clause_remote_opts (payload: the progress). */
void clause_progress_transfer(const struct clause_transfer *t, void *payload);
void clause_progress_message(const char *line, void *payload);
/* "clause: origin/main: 1a2b3c4..5d6e7f8", or "(new)" for a new ref. */
void clause_progress_updated(const char *ref, const git_oid *old,
			     const git_oid *now, void *payload);
/* End the transfer line, if one is drawn. */
void clause_progress_done(struct clause_progress *p);

#endif
