/* gitinit.c: libgit2's start-up, without what only the network needs.
 *
 * libgit2 1.5 built with mbedTLS (Debian's) parses the whole system CA
 * bundle in git_libgit2_init, through mbedtls_x509_crt_parse_file: about
 * 4 ms, as much as the rest of a search's start-up, and only HTTPS needs
 * it.  The definition below stands in for that function: while a command
 * that never talks to a remote initializes libgit2 it leaves the chain
 * empty, and otherwise (other commands, and certificates asked for
 * later, as with GIT_SSL_CAINFO) it calls the real one.
 *
 * Linked statically (the default, see the Makefile), the linker sends
 * libgit2's calls to __wrap_mbedtls_x509_crt_parse_file (--wrap) and the
 * real function is __real_...; linked dynamically, the dynamic linker
 * binds libgit2's calls to the executable's own definition first, and
 * the real one is the next.  A libgit2 built with OpenSSL never calls it.
 */
#include "gitinit.h"

#include <dlfcn.h>
#include <git2.h>

static int want_ca = 1;

#ifdef CLAUSE_STATIC
int __real_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path);
int __wrap_mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	return want_ca ? __real_mbedtls_x509_crt_parse_file(chain, path) : 0;
}
#else
int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (!want_ca)
		return 0;
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : -1;
}
#endif

void clause_git_init(int net)
{
	want_ca = net;
	git_libgit2_init();
	want_ca = 1;
}
