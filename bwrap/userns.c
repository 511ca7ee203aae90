/* userns.c - clone into new namespaces; uid/gid maps; loopback. */
#include "userns.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

int userns_clone_flags(unsigned ns)
{
	int flags = CLONE_NEWNS;
	if (ns & NS_USER)
		flags |= CLONE_NEWUSER;
	if (ns & NS_IPC)
		flags |= CLONE_NEWIPC;
	if (ns & NS_PID)
		flags |= CLONE_NEWPID;
	if (ns & NS_NET)
		flags |= CLONE_NEWNET;
	if (ns & NS_UTS)
		flags |= CLONE_NEWUTS;
	if (ns & NS_CGROUP)
		flags |= CLONE_NEWCGROUP;
	return flags;
}

pid_t userns_spawn(int clone_flags)
{
	/* raw clone with no new stack behaves like fork() */
	long r = syscall(SYS_clone, (unsigned long)clone_flags | SIGCHLD, NULL, NULL, NULL, NULL);
	return r < 0 ? -errno : (pid_t)r;
}

pid_t userns_spawn_vfork(int clone_flags, int (*fn)(void *), void *arg)
{
	/* the child's own stack (the parent's frames must stay intact), with a
	 * guard page below it; pages are only used as the child touches them */
	const size_t size = (size_t)1 << 20, guard = 4096;
	char *stack = mmap(NULL, size, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK | MAP_NORESERVE, -1, 0);
	if (stack == MAP_FAILED)
		return -errno;
	pid_t pid = -1;
	if (mprotect(stack, guard, PROT_NONE) == 0)
		pid = clone(fn, stack + size, clone_flags | CLONE_VM | CLONE_VFORK | SIGCHLD, arg);
	int r = pid < 0 ? -errno : pid;
	/* here the child has exec'd or exited: its stack is ours again */
	munmap(stack, size);
	return r;
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
	uid_t uid = getuid();
	gid_t gid = getgid();
	if (unshare(CLONE_NEWUSER) < 0)
		return log_error_errno(-errno,
				       "--disable-userns: creating the nested user namespace");
	char map[64];
	/* our /proc files must be ours to write the maps */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return log_error_errno(-errno, "--disable-userns: prctl");
	int r = write_file_at(proc_self_fd, "setgroups", "deny\n");
	if (r == 0) {
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)uid, (unsigned)uid);
		r = write_file_at(proc_self_fd, "uid_map", map);
	}
	if (r == 0) {
		snprintf(map, sizeof map, "%u %u 1\n", (unsigned)gid, (unsigned)gid);
		r = write_file_at(proc_self_fd, "gid_map", map);
	}
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

static int write_proc(pid_t pid, const char *file, const char *data)
{
	char path[64];
	if (pid == 0)
		snprintf(path, sizeof path, "/proc/self/%s", file);
	else
		snprintf(path, sizeof path, "/proc/%d/%s", (int)pid, file);
	int r = write_file_at(AT_FDCWD, path, data);
	if (r < 0)
		return log_error_errno(r, "writing %s", path);
	return 0;
}

int userns_write_maps(pid_t pid, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
		      gid_t outside_gid)
{
	char map[64];
	int r = write_proc(pid, "setgroups", "deny\n");
	if (r < 0)
		return r;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_uid, (unsigned)outside_uid);
	r = write_proc(pid, "uid_map", map);
	if (r < 0)
		return r;
	snprintf(map, sizeof map, "%u %u 1\n", (unsigned)inside_gid, (unsigned)outside_gid);
	return write_proc(pid, "gid_map", map);
}

int userns_loopback_up(void)
{
	cleanup_fd int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return log_error_errno(-errno, "--unshare-net: socket for loopback setup");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return log_error_errno(-errno, "--unshare-net: reading loopback flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return log_error_errno(-errno, "--unshare-net: bringing loopback up");
	return 0;
}

unsigned userns_available(unsigned which)
{
	static const struct {
		unsigned bit;
		const char *file;
	} nss[] = {
		{NS_USER, "user"}, {NS_IPC, "ipc"}, {NS_PID, "pid"},
		{NS_NET, "net"},   {NS_UTS, "uts"}, {NS_CGROUP, "cgroup"},
	};
	unsigned have = 0;
	for (size_t i = 0; i < sizeof nss / sizeof nss[0]; i++) {
		if (!(which & nss[i].bit))
			continue;
		char path[64];
		snprintf(path, sizeof path, "/proc/self/ns/%s", nss[i].file);
		if (access(path, F_OK) == 0)
			have |= nss[i].bit;
	}
	return have;
}
