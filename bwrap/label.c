/* label.c - SELinux labels. libselinux is loaded only when a label is asked
 * for, so that every other run of bwrap does not pay for loading it (and
 * libpcre2) at startup. */
#include "label.h"

#include "log.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef HAVE_SELINUX
#include <dlfcn.h>
#include <selinux/selinux.h>

typedef struct {
	bool enabled;
	int (*setexeccon)(const char *);
	int (*setfscreatecon)(const char *);
} SelinuxApi;

static SelinuxApi api;
static bool loaded;

static int load(const char *option)
{
	void *h = dlopen("libselinux.so.1", RTLD_NOW | RTLD_LOCAL);
	if (!h) {
		log_error("%s: libselinux.so.1 cannot be loaded: %s", option, dlerror());
		return -ENOTSUP;
	}
	/* the prototypes come from the header this was built against */
	__typeof__(&is_selinux_enabled) en = (__typeof__(en))dlsym(h, "is_selinux_enabled");
	__typeof__(&setexeccon) ex = (__typeof__(ex))dlsym(h, "setexeccon");
	__typeof__(&setfscreatecon) fs = (__typeof__(fs))dlsym(h, "setfscreatecon");
	if (!en || !ex || !fs) {
		log_error("%s: libselinux.so.1 lacks a needed function", option);
		return -ENOTSUP;
	}
	api.enabled = en() > 0;
	api.setexeccon = ex;
	api.setfscreatecon = fs;
	loaded = true;
	return 0;
}

int label_prepare(const char *exec_label, const char *file_label)
{
	if (file_label)
		return load("--file-label");
	return exec_label ? load("--exec-label") : 0;
}

/* Labels are applied only where SELinux is enabled, as with bubblewrap. */
int label_set_file_create(const char *label)
{
	if (!loaded)
		return -ENOTSUP;
	if (!api.enabled)
		return 0;
	if (api.setfscreatecon(label) < 0)
		return log_error_errno(-errno, "--file-label %s", label ? log_quote(0, label) : "");
	return 0;
}

int label_set_exec(const char *label)
{
	if (!label)
		return 0;
	if (!loaded)
		return -ENOTSUP;
	if (!api.enabled)
		return 0;
	if (api.setexeccon(label) < 0)
		return log_error_errno(-errno, "--exec-label %s", log_quote(0, label));
	return 0;
}
#else
int label_prepare(const char *exec_label, const char *file_label)
{
	(void)exec_label;
	(void)file_label;
	return 0;
}

int label_set_file_create(const char *label)
{
	return label ? -EOPNOTSUPP : 0;
}

int label_set_exec(const char *label)
{
	return label ? -EOPNOTSUPP : 0;
}
#endif
