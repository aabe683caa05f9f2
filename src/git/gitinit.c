/* gitinit.c: libgit2's start-up, without what only the network needs.
 *
 * git_libgit2_init() of libgit2 1.5 as Debian builds it sets up mbedTLS
 * (seeding its random generator and parsing the whole system CA bundle,
 * ~4 ms) and libssh2 (which starts OpenSSL): more than the rest of a
 * search's start-up, for commands that never open a connection.
 *
 * Linked statically (the default, see the Makefile), the linker sends
 * libgit2's calls to the functions below (--wrap=SYMBOL makes a call to
 * SYMBOL reach __wrap_SYMBOL, and __real_SYMBOL reach the original): at
 * start-up the two set-ups are noted and skipped, and each runs, once,
 * when something first needs it: a TLS stream, a CA location, an SSH
 * transport.  Linked dynamically, libgit2's internal calls cannot be
 * redirected; the executable's own mbedtls_x509_crt_parse_file() then
 * stands in for mbedTLS's (the dynamic linker binds libgit2's call to it
 * first) and skips the CA bundle for commands that are not `net`.
 */
#include "git/gitinit.h"

#include <git2.h>

#ifdef CLAUSE_STATIC

#include <git2/sys/stream.h>
#include <git2/sys/transport.h>
#include <pthread.h>

int __real_git_mbedtls_stream_global_init(void);
int __real_git_mbedtls__set_cert_location(const char *file, const char *path);
int __real_git_mbedtls_stream_new(git_stream **out, const char *host,
				  const char *port);
int __real_git_mbedtls_stream_wrap(git_stream **out, git_stream *in,
				   const char *host);
int __real_git_transport_ssh_global_init(void);
int __real_git_smart_subtransport_ssh(git_smart_subtransport **out,
				      git_transport *owner, void *param);

int __wrap_git_mbedtls_stream_global_init(void);
int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path);
int __wrap_git_mbedtls_stream_new(git_stream **out, const char *host,
				  const char *port);
int __wrap_git_mbedtls_stream_wrap(git_stream **out, git_stream *in,
				   const char *host);
int __wrap_git_transport_ssh_global_init(void);
int __wrap_git_smart_subtransport_ssh(git_smart_subtransport **out,
				      git_transport *owner, void *param);

static pthread_once_t tls_once = PTHREAD_ONCE_INIT;
static pthread_once_t ssh_once = PTHREAD_ONCE_INIT;
static int tls_status, ssh_status;	/* what the real set-up returned */

static void tls_start(void)
{
	tls_status = __real_git_mbedtls_stream_global_init();
}

static void ssh_start(void)
{
	ssh_status = __real_git_transport_ssh_global_init();
}

static int tls_ready(void)
{
	pthread_once(&tls_once, tls_start);
	return tls_status;
}

int __wrap_git_mbedtls_stream_global_init(void)
{
	return 0;	/* later: tls_ready() */
}

int __wrap_git_mbedtls__set_cert_location(const char *file, const char *path)
{
	int r = tls_ready();

	return r < 0 ? r : __real_git_mbedtls__set_cert_location(file, path);
}

int __wrap_git_mbedtls_stream_new(git_stream **out, const char *host,
				  const char *port)
{
	int r = tls_ready();

	return r < 0 ? r : __real_git_mbedtls_stream_new(out, host, port);
}

int __wrap_git_mbedtls_stream_wrap(git_stream **out, git_stream *in,
				   const char *host)
{
	int r = tls_ready();

	return r < 0 ? r : __real_git_mbedtls_stream_wrap(out, in, host);
}

int __wrap_git_transport_ssh_global_init(void)
{
	return 0;	/* later: see __wrap_git_smart_subtransport_ssh */
}

int __wrap_git_smart_subtransport_ssh(git_smart_subtransport **out,
				      git_transport *owner, void *param)
{
	pthread_once(&ssh_once, ssh_start);
	if (ssh_status < 0)
		return ssh_status;
	return __real_git_smart_subtransport_ssh(out, owner, param);
}

void clause_git_init(int net)
{
	(void)net;	/* nothing is set up before it is needed */
	git_libgit2_init();
}

#else

#include <dlfcn.h>

static int want_ca = 1;

int mbedtls_x509_crt_parse_file(void *chain, const char *path);
int mbedtls_x509_crt_parse_file(void *chain, const char *path)
{
	int (*real)(void *, const char *);

	if (!want_ca)
		return 0;
	*(void **)&real = dlsym(RTLD_NEXT, "mbedtls_x509_crt_parse_file");
	return real ? real(chain, path) : -1;
}

void clause_git_init(int net)
{
	want_ca = net;
	git_libgit2_init();
	want_ca = 1;
}

#endif
