/* dl.h: a format's library, loaded the first time a file needs it.
 *
 * libzip and poppler-glib exist in Debian only as shared objects, and
 * linked into the program they would be mapped and relocated by every
 * command: measured, a program linked against poppler-glib (55 shared
 * objects with what it needs) took 28 ms to start against 3 ms, and
 * libzip alone added 3 ms.  So clause import opens them with dlopen(3)
 * when a file of that kind first needs them, and clause serve opens
 * libmicrohttpd (with GnuTLS and what it needs) the same way.  The functions are typed
 * from the library's own headers (__typeof__), so a call through the
 * table is checked by the compiler as a direct call is.
 *
 *	static const char *const zip_names[] = { "zip_open_from_source", ... };
 *	static struct { __typeof__(zip_open_from_source) *open_from_source; ... } zf;
 *	static struct import_dl zip_dl = IMPORT_DL(IMPORT_LIBZIP_SONAME,
 *		"libzip", zip_names, &zf);
 *	if (import_dl_load(&zip_dl) < 0) return CLAUSE_ERROR;
 */
#ifndef CLAUSE_UTIL_DL_H
#define CLAUSE_UTIL_DL_H

#include <stddef.h>

#ifndef IMPORT_LIBZIP_SONAME
#define IMPORT_LIBZIP_SONAME "libzip.so.4"
#endif
#ifndef IMPORT_POPPLER_SONAME
#define IMPORT_POPPLER_SONAME "libpoppler-glib.so.8"
#endif
#ifndef SERVE_MHD_SONAME
#define SERVE_MHD_SONAME "libmicrohttpd.so.12"
#endif
#ifndef IMPORT_GOBJECT_SONAME
#define IMPORT_GOBJECT_SONAME "libgobject-2.0.so.0"
#endif
#ifndef IMPORT_GLIB_SONAME
#define IMPORT_GLIB_SONAME "libglib-2.0.so.0"
#endif

struct import_dl {
	const char *soname;	/* what dlopen opens */
	const char *what;	/* the library's name, for messages */
	const char *const *names;	/* the functions, in table order */
	size_t n;
	void *table;		/* n function pointers, filled in */
	void *handle;		/* NULL until loaded */
	int failed;		/* tried and failed: do not retry */
};

/* A struct import_dl for the table `tab` (a struct of n function
 * pointers) and its names array. */
#define IMPORT_DL(soname, what, names, tab) \
	{ (soname), (what), (names), sizeof(names) / sizeof((names)[0]), (tab), NULL, 0 }

/* Open the library and fill its table, once.  0, or CLAUSE_ERROR with
 * the error set ("cannot load libzip (libzip.so.4): ...; install ...").
 * The library stays loaded until the program ends. */
int import_dl_load(struct import_dl *dl);

#endif
