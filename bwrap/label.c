/* label.c - SELinux labels. libselinux is loaded only when a label is asked
 * for, so that every other run of bwrap does not pay for loading it (and
 * libpcre2) at startup. */
#include "label.h"

#include "log.h"

#include <errno.h>
#include <stddef.h>

#ifdef HAVE_SELINUX
#include <dlfcn.h>
#include <selinux/selinux.h>

typedef struct {
	int (*enabled)(void);
	int (*setexeccon)(const char *);
	int (*setfscreatecon)(const char *);
} SelinuxApi;

static const SelinuxApi *selinux(const char *option)
{
	static SelinuxApi api;
	static int loaded;
	if (loaded)
		return loaded > 0 ? &api : NULL;
	loaded = -1;
	void *h = dlopen("libselinux.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		log_error("%s: libselinux.so.1 cannot be loaded: %s", option, dlerror());
		return NULL;
	}
	/* the prototypes come from the header this was built against */
	__typeof__(&is_selinux_enabled) en = (__typeof__(en))dlsym(h, "is_selinux_enabled");
	__typeof__(&setexeccon) ex = (__typeof__(ex))dlsym(h, "setexeccon");
	__typeof__(&setfscreatecon) fs = (__typeof__(fs))dlsym(h, "setfscreatecon");
	if (!en || !ex || !fs) {
		log_error("%s: libselinux.so.1 lacks a needed function", option);
		return NULL;
	}
	api.enabled = en;
	api.setexeccon = ex;
	api.setfscreatecon = fs;
	loaded = 1;
	return &api;
}

int label_set_file_create(const char *label)
{
	const SelinuxApi *se = selinux("--file-label");
	if (!se)
		return -ENOTSUP;
	if (se->enabled() <= 0)
		return 0;
	if (se->setfscreatecon(label) < 0)
		return log_error_errno(-errno, "--file-label %s", label ? log_quote(0, label) : "");
	return 0;
}

int label_set_exec(const char *label)
{
	if (!label)
		return 0;
	const SelinuxApi *se = selinux("--exec-label");
	if (!se)
		return -ENOTSUP;
	if (se->enabled() <= 0)
		return 0;
	if (se->setexeccon(label) < 0)
		return log_error_errno(-errno, "--exec-label %s", log_quote(0, label));
	return 0;
}
#else
int label_set_file_create(const char *label)
{
	return label ? -EOPNOTSUPP : 0;
}

int label_set_exec(const char *label)
{
	return label ? -EOPNOTSUPP : 0;
}
#endif
