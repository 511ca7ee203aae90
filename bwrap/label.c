/* label.c - SELinux labels. libselinux is loaded only when a label is asked
 * for (dl.h), so that every other run of bwrap does not pay for loading it
 * (and libpcre2) at startup. */
#include "label.h"

#include "log.h"

#include <errno.h>
#include <stdbool.h>
#include <stddef.h>

#ifdef HAVE_SELINUX
#include "dl.h"

#include <selinux/selinux.h>

DL_NOTE(selinux_note,
	"[{\"feature\":\"selinux\",\"description\":\"--exec-label and "
	"--file-label\",\"priority\":\"suggested\",\"soname\":[\"libselinux.so.1\"]}]");

/* the prototypes come from the header this was built against */
static __typeof__(&is_selinux_enabled) sym_is_selinux_enabled;
static __typeof__(&setexeccon) sym_setexeccon;
static __typeof__(&setfscreatecon) sym_setfscreatecon;

static const DlSym selinux_syms[] = {
	DL_SYM(is_selinux_enabled),
	DL_SYM(setexeccon),
	DL_SYM(setfscreatecon),
};

static DlLib libselinux = DL_LIB("libselinux.so.1", selinux_syms);
static bool enabled;

static int load(const char *option)
{
	if (dl_load(&libselinux, option) < 0)
		return -ENOTSUP;
	enabled = sym_is_selinux_enabled() > 0;
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
	if (!dl_loaded(&libselinux))
		return -ENOTSUP;
	if (!enabled)
		return 0;
	if (sym_setfscreatecon(label) < 0)
		return log_error_errno(-errno, "--file-label %s", label ? log_quote(0, label) : "");
	return 0;
}

int label_set_exec(const char *label)
{
	if (!label)
		return 0;
	if (!dl_loaded(&libselinux))
		return -ENOTSUP;
	if (!enabled)
		return 0;
	if (sym_setexeccon(label) < 0)
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
