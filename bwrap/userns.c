/* userns.c - the user namespace: uid/gid maps, and --disable-userns and
 * --assert-userns-disabled (the nesting limit is a sysctl of it). */
#include "userns.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

/* In the /proc/PID directory at dirfd: setgroups=deny, then the uid and gid
 * maps, one id each. On failure, *file names the file that was refused. */
static int write_id_maps(int dirfd, const IdMap *m, const char **file)
{
	char map[64];
	int r;
	*file = "setgroups";
	if ((r = write_file_at(dirfd, *file, "deny\n")) < 0)
		return r;
	*file = "uid_map";
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)m->inside_uid, (unsigned)m->outside_uid);
	if ((r = write_file_at(dirfd, *file, map)) < 0)
		return r;
	*file = "gid_map";
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)m->inside_gid, (unsigned)m->outside_gid);
	return write_file_at(dirfd, *file, map);
}

int userns_write_maps(pid_t pid, const IdMap *m)
{
	char dir[32];
	const char *file = "";
	if (pid == 0)
		snprintf(dir, sizeof dir, "/proc/self");
	else
		snprintf(dir, sizeof dir, "/proc/%d", (int)pid);
	cleanup_fd int dirfd = open(dir, O_PATH | O_DIRECTORY | O_CLOEXEC);
	int r = dirfd < 0 ? -errno : write_id_maps(dirfd, m, &file);
	if (r < 0)
		return log_error_errno(r, "writing %s/%s", dir, file);
	return 0;
}

int userns_limit_nesting(int *proc_self_fd)
{
	int r = write_file_at(AT_FDCWD, "/proc/sys/user/max_user_namespaces", "1\n");
	if (r < 0)
		return log_error_errno(r, "--disable-userns: setting user.max_user_namespaces");
	*proc_self_fd = open("/proc/self", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*proc_self_fd < 0)
		return log_error_errno(-errno, "--disable-userns: opening /proc/self");
	return 0;
}

int userns_enter_nested(int proc_self_fd)
{
	/* our own ids, mapped to themselves */
	const IdMap same = {getuid(), getuid(), getgid(), getgid()};
	const char *file;
	if (unshare(CLONE_NEWUSER) < 0)
		return log_error_errno(-errno,
				       "--disable-userns: creating the nested user namespace");
	/* our /proc files must be ours to write the maps */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return log_error_errno(-errno, "--disable-userns: prctl");
	int r = write_id_maps(proc_self_fd, &same, &file);
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0 && r == 0)
		r = -errno;
	if (r < 0)
		return log_error_errno(r, "--disable-userns: writing the nested id maps");
	return 0;
}

int userns_check_disabled(void)
{
	pid_t pid = fork();
	if (pid < 0)
		return log_error_errno(-errno, "--assert-userns-disabled: fork");
	if (pid == 0)
		_exit(unshare(CLONE_NEWUSER) == 0 ? 0 : 1);
	int status;
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR)
			return log_error_errno(-errno, "--assert-userns-disabled: wait");
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0) {
		log_error("--assert-userns-disabled: creating a user namespace is still possible");
		return -EPERM;
	}
	return 0;
}
