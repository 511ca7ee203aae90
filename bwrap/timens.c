/* timens.c - the time namespace. unshare(CLONE_NEWTIME) makes one for the
 * children only, and its offsets can be written only until a process is in
 * it; the sandbox's first process writes them, then enters it with setns()
 * on its own time_for_children, so that no fork is needed. */
#include "timens.h"

#include "cleanup.h"
#include "limit-parse.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <string.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

static int write_offsets(const Config *cfg)
{
	cleanup_fd int fd = open("/proc/self/timens_offsets", O_RDWR | O_CLOEXEC);
	if (fd < 0)
		return log_error_errno(-errno, "--unshare-time: opening /proc/self/timens_offsets");
	cleanup_free char *current = NULL;
	size_t len;
	int r = read_all(fd, 4096, &current, &len);
	char text[256];
	if (r == 0)
		r = limits_timens_offsets(current, cfg->monotonic_offset, cfg->boottime_offset,
					  text, sizeof text);
	if (r < 0)
		return log_error_errno(r, "--unshare-time: reading /proc/self/timens_offsets");
	ssize_t w = lseek(fd, 0, SEEK_SET) < 0 ? -errno : write_all(fd, text, strlen(text));
	if (w < 0)
		return log_error_errno((int)w, "%s: writing /proc/self/timens_offsets",
				       cfg->time_offset_option);
	return 0;
}

int timens_enter(const Config *cfg)
{
	if (unshare(CLONE_NEWTIME) < 0)
		return log_error_errno(-errno, "--unshare-time: unshare");
	int r = cfg->time_offset_option ? write_offsets(cfg) : 0;
	if (r < 0)
		return r;
	cleanup_fd int ns = open("/proc/self/ns/time_for_children", O_RDONLY | O_CLOEXEC);
	if (ns < 0)
		return log_error_errno(-errno,
				       "--unshare-time: opening /proc/self/ns/time_for_children");
	if (setns(ns, CLONE_NEWTIME) < 0)
		return log_error_errno(-errno, "--unshare-time: setns");
	return 0;
}
