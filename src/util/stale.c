/* stale.c: files a killed process left behind.
 *
 * Git and libgit2 keep a lock file open for as long as they hold it, and
 * clause keeps its temporary files open until they are renamed into
 * place; so such a file that no process has open belongs to a process
 * that is gone (kill -9, a power cut), and removing it is safe.  A
 * process that has just created one has it open already. */
#include "util/stale.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* Does process `pid` (a /proc entry name) have the file (dev, ino) open? */
static int holds(const char *pid, dev_t dev, ino_t ino)
{
	char fds[64];
	DIR *d;
	struct dirent *e;
	int found = 0;

	snprintf(fds, sizeof(fds), "/proc/%s/fd", pid);
	if (!(d = opendir(fds)))
		return 0;	/* gone, or not ours to read */
	while (!found && (e = readdir(d))) {
		char fd[PATH_MAX];
		struct stat st;

		if (e->d_name[0] == '.')
			continue;
		snprintf(fd, sizeof(fd), "%s/%s", fds, e->d_name);
		found = stat(fd, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
	}
	closedir(d);
	return found;
}

int clause_file_in_use(const char *path)
{
	struct stat st;
	DIR *proc;
	struct dirent *e;
	int found = 0;

	if (stat(path, &st) < 0)
		return 0;
	if (!(proc = opendir("/proc")))
		return -1;
	while (!found && (e = readdir(proc)))
		if (e->d_name[0] >= '1' && e->d_name[0] <= '9')
			found = holds(e->d_name, st.st_dev, st.st_ino);
	closedir(proc);
	return found;
}

int clause_remove_stale(const char *path)
{
	if (access(path, F_OK) < 0 || clause_file_in_use(path) != 0)
		return 0;
	return unlink(path) == 0;
}

int clause_remove_stale_like(const char *dir, const char *prefix, int tail)
{
	size_t n = strlen(prefix);
	DIR *d = opendir(dir);
	struct dirent *e;
	int removed = 0;

	if (!d)
		return 0;
	while ((e = readdir(d))) {
		char path[PATH_MAX];

		if (strncmp(e->d_name, prefix, n) != 0 ||
		    strlen(e->d_name) != n + (size_t)tail)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		removed += clause_remove_stale(path);
	}
	closedir(d);
	return removed;
}
