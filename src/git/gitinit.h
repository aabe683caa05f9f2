/* gitinit.h: libgit2's start-up, without what only the network needs. */
#ifndef CLAUSE_GITINIT_H
#define CLAUSE_GITINIT_H

/* git_libgit2_init(); `net` is 0 for a command that never talks to a
 * remote: the system's CA certificates are then not loaded. */
void clause_git_init(int net);

#endif
