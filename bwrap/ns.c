/* ns.c - the namespaces: the one table of NS_* bit, CLONE_NEW* flag and
 * /proc/PID/ns name; clone into new ones. */
#include "ns.h"

#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

static const struct {
	unsigned bit; /* NS_*; 0: the mount namespace, always created */
	int clone_flag;
	const char *name; /* in /proc/PID/ns */
	bool reported; /* in --info-fd and --json-status-fd */
} namespaces[] = {
	/* in the order of the launcher protocol's keys */
	{NS_CGROUP, CLONE_NEWCGROUP, "cgroup", true},
	{NS_IPC, CLONE_NEWIPC, "ipc", true},
	{0, CLONE_NEWNS, "mnt", true},
	{NS_NET, CLONE_NEWNET, "net", true},
	{NS_PID, CLONE_NEWPID, "pid", true},
	/* made by the sandbox's first process (timens.c): clone() has no
	 * room for CLONE_NEWTIME, which only unshare() and clone3() take */
	{NS_TIME, 0, "time", true},
	{NS_UTS, CLONE_NEWUTS, "uts", true},
	{NS_USER, CLONE_NEWUSER, "user", false},
};
#define N_NAMESPACES (sizeof namespaces / sizeof namespaces[0])

int ns_clone_flags(unsigned ns)
{
	int flags = 0;
	for (size_t i = 0; i < N_NAMESPACES; i++)
		if (!namespaces[i].bit || (ns & namespaces[i].bit))
			flags |= namespaces[i].clone_flag;
	return flags;
}

pid_t ns_spawn(int clone_flags)
{
	/* raw clone with no new stack behaves like fork(); s390's takes the
	 * stack first (CLONE_BACKWARDS2), every other's the flags */
	const unsigned long flags = (unsigned long)clone_flags | SIGCHLD;
#if defined(__s390__)
	long r = syscall(SYS_clone, NULL, flags, NULL, NULL, NULL);
#else
	long r = syscall(SYS_clone, flags, NULL, NULL, NULL, NULL);
#endif
	return r < 0 ? -errno : (pid_t)r;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define BWRAP_HAS_ASAN 1
#endif
#endif

pid_t ns_spawn_vfork(int clone_flags, int (*fn)(void *), void *arg)
{
#if defined(__SANITIZE_ADDRESS__) || defined(BWRAP_HAS_ASAN)
	/* AddressSanitizer knows the thread's stack, not the child's: it would
	 * warn at the child's every noreturn call (exit, failed exec); a plain
	 * fork under it */
	pid_t child = ns_spawn(clone_flags);
	if (child == 0)
		_exit(fn(arg));
	return child;
#endif
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

unsigned ns_available(unsigned which)
{
	unsigned have = 0;
	for (size_t i = 0; i < N_NAMESPACES; i++) {
		if (!(which & namespaces[i].bit))
			continue;
		char path[64];
		snprintf(path, sizeof path, "/proc/self/ns/%s", namespaces[i].name);
		if (namespaces[i].bit && access(path, F_OK) == 0)
			have |= namespaces[i].bit;
	}
	return have;
}

void ns_json_ids(JsonObject *j, pid_t pid, unsigned ns)
{
	for (size_t i = 0; i < N_NAMESPACES; i++) {
		if (!namespaces[i].reported || (namespaces[i].bit && !(ns & namespaces[i].bit)))
			continue;
		char path[64], key[32];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", (int)pid, namespaces[i].name);
		snprintf(key, sizeof key, "%s-namespace", namespaces[i].name);
		/* a namespace that cannot be read is left out, not an error */
		if (stat(path, &st) == 0)
			json_add_int(j, key, (long long)st.st_ino);
	}
}
