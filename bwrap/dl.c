/* dl.c - shared libraries loaded on demand (see dl.h). */
#include "dl.h"

#include "log.h"

#include <dlfcn.h>
#include <errno.h>
#include <string.h>

/* dlsym returns a data pointer; every ABI Linux runs on stores a function
 * pointer in the same bytes. */
_Static_assert(sizeof(void *) == sizeof(void (*)(void)), "function pointers are data-sized");

bool dl_loaded(const DlLib *lib)
{
	return lib->handle != NULL;
}

int dl_load(DlLib *lib, const char *option)
{
	if (lib->handle)
		return 0;
	if (lib->error)
		return lib->error;
	lib->error = -ENOTSUP;
	/* RTLD_NODELETE: the pointers stay valid for the life of the process */
	void *h = dlopen(lib->soname, RTLD_NOW | RTLD_LOCAL | RTLD_NODELETE);
	if (!h) {
		const char *why = dlerror();
		size_t n = strlen(lib->soname);
		/* glibc's message starts with the name again */
		if (why && strncmp(why, lib->soname, n) == 0 && strncmp(why + n, ": ", 2) == 0)
			why += n + 2;
		if (option)
			log_error("%s: cannot load %s: %s", option, lib->soname,
				  why ? why : "unknown dynamic loader error");
		return lib->error;
	}
	for (size_t i = 0; i < lib->n_syms; i++) {
		(void)dlerror();
		if (!dlsym(h, lib->syms[i].name)) {
			if (option)
				log_error("%s: cannot load %s: it has no symbol %s", option,
					  lib->soname, lib->syms[i].name);
			(void)dlclose(h);
			return lib->error;
		}
	}
	for (size_t i = 0; i < lib->n_syms; i++) {
		void *p = dlsym(h, lib->syms[i].name);
		memcpy(lib->syms[i].slot, &p, sizeof p);
	}
	lib->handle = h;
	lib->error = 0;
	return 0;
}
