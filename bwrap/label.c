/* label.c - SELinux labels. */
#include "label.h"

#include "log.h"

#include <errno.h>
#include <stddef.h>

#ifdef HAVE_SELINUX
#include <selinux/selinux.h>

int label_set_file_create(const char *label)
{
	if (!label || is_selinux_enabled() <= 0)
		return 0;
	if (setfscreatecon((char *)label) < 0)
		return log_error_errno(-errno, "--file-label %s", log_quote(0, label));
	return 0;
}

int label_set_exec(const char *label)
{
	if (!label || is_selinux_enabled() <= 0)
		return 0;
	if (setexeccon((char *)label) < 0)
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
