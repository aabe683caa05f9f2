/* stale.h: files a killed process left behind (lock files, temporary
 * files), told from those a live process is writing. */
#ifndef CLAUSE_STALE_H
#define CLAUSE_STALE_H

/* Does any process have `path` open (Linux: /proc/PID/fd)?  1, 0, or
 * -1 when it cannot be told (no /proc): then assume it is in use. */
int clause_file_in_use(const char *path);

/* Remove `path` if it exists and no process has it open: what a process
 * killed while holding a git lock file (or writing a temporary file)
 * leaves, which would stop every later writer.  1 when removed, else 0. */
int clause_remove_stale(const char *path);

/* The same for each entry of directory `dir` named `prefix` followed by
 * exactly `tail` more characters (mkstemp's XXXXXX: 6).  How many. */
int clause_remove_stale_like(const char *dir, const char *prefix, int tail);

#endif
