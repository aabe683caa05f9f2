/* dl.c: a format's library, loaded the first time a file needs it. */
#include <dlfcn.h>
#include <string.h>

#include "util/dl.h"
#include "util/error.h"

int import_dl_load(struct import_dl *dl)
{
	void **fns = dl->table;
	void *h;
	size_t i;

	if (dl->handle)
		return 0;
	if (dl->failed) {
		clause_error_set("cannot load %s (%s)", dl->what, dl->soname);
		return CLAUSE_ERROR;
	}
	h = dlopen(dl->soname, RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		dl->failed = 1;
		clause_error_set("cannot load %s: %s (make deps installs it)",
				 dl->what, dlerror());
		return CLAUSE_ERROR;
	}
	for (i = 0; i < dl->n; i++) {
		/* POSIX: a function pointer may be read from dlsym's void *. */
		void *f = dlsym(h, dl->names[i]);

		if (!f) {
			dl->failed = 1;
			clause_error_set("cannot load %s: %s has no %s",
					 dl->what, dl->soname, dl->names[i]);
			dlclose(h);
			return CLAUSE_ERROR;
		}
		memcpy(&fns[i], &f, sizeof(f));
	}
	dl->handle = h;
	return 0;
}
