/* cgroup.c - the sandbox's cgroup v2, made directly in cgroupfs (or, via
 * cgroup-systemd.c, by a systemd manager); its statistics and its removal. */
#include "cgroup.h"

#include "cgroup-systemd.h"
#include "cleanup.h"
#include "log.h"
#include "monitor.h"
#include "mount-api.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/magic.h>
#include <poll.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* Each limit: its bit, option, controller and file, and the CgroupLimits
 * field written to it as a number or "max" (--cpu-max writes two fields:
 * see limit_value()). */
static const struct {
	unsigned bit;
	const char *option, *controller, *file;
	size_t field;
} limit_files[] = {
	{CG_MEMORY_MAX, "--memory-max", "memory", "memory.max", offsetof(CgroupLimits, memory_max)},
	{CG_MEMORY_SWAP_MAX, "--memory-swap-max", "memory", "memory.swap.max",
	 offsetof(CgroupLimits, memory_swap_max)},
	{CG_PIDS_MAX, "--pids-max", "pids", "pids.max", offsetof(CgroupLimits, pids_max)},
	{CG_CPU_MAX, "--cpu-max", "cpu", "cpu.max", offsetof(CgroupLimits, cpu_quota_us)},
	{CG_CPU_WEIGHT, "--cpu-weight", "cpu", "cpu.weight", offsetof(CgroupLimits, cpu_weight)},
};
#define N_LIMITS (sizeof limit_files / sizeof limit_files[0])

bool cgroup_wanted(const Config *cfg)
{
	return cfg->cgroup.set || cfg->cgroup.parent;
}

/* The option to name in a message about the cgroup as a whole. */
const char *cgroup_option(const Config *cfg)
{
	if (cfg->cgroup.parent)
		return "--cgroup-parent";
	for (size_t i = 0; i < N_LIMITS; i++)
		if (cfg->cgroup.set & limit_files[i].bit)
			return limit_files[i].option;
	return "--cgroup-parent";
}

/* The text of a small file, or NULL with errno set. */
static char *read_text_at(int dirfd, const char *file)
{
	cleanup_fd int fd = openat(dirfd, file, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	char *text = NULL;
	size_t len;
	int r = fd < 0 ? -errno : read_all(fd, 1 << 20, &text, &len);
	if (r < 0 || !text) {
		free(text);
		errno = r < 0 ? -r : EIO;
		return NULL;
	}
	return text;
}

/* A decimal number at s, ended by a space, a newline or the end. */
static bool parse_ll(const char *s, long long *out)
{
	char *end;
	errno = 0;
	long long v = strtoll(s, &end, 10);
	if (errno != 0 || end == s || (*end && *end != ' ' && *end != '\n'))
		return false;
	*out = v;
	return true;
}

/* Is 'word' one of the words of 'text', separated by spaces, newlines or
 * commas (cgroup.controllers; a v1 line of /proc/PID/cgroup)? */
static bool has_word(const char *text, const char *word)
{
	size_t n = strlen(word);
	for (const char *p = text; (p = strstr(p, word)) != NULL; p += n)
		if ((p == text || strchr(" \n,", p[-1])) && (p[n] == '\0' || strchr(" \n,", p[n])))
			return true;
	return false;
}

/* The mount point of a cgroup v2 hierarchy that shows its root. */
static char *cgroup2_mount(void)
{
	cleanup_free char *info = NULL;
	if (!(info = read_text_at(AT_FDCWD, "/proc/self/mountinfo")))
		return NULL;
	for (char *line = strtok(info, "\n"); line; line = strtok(NULL, "\n")) {
		char root[4096], mnt[4096];
		const char *dash = strstr(line, " - cgroup2 ");
		if (dash && sscanf(line, "%*s %*s %*s %4095s %4095s", root, mnt) == 2 &&
		    strcmp(root, "/") == 0)
			return xstrdup(mnt);
	}
	return NULL;
}

/* Our own cgroup v2 path ("0::PATH" in /proc/self/cgroup). */
static char *own_cgroup(void)
{
	cleanup_free char *text = NULL;
	if (!(text = read_text_at(AT_FDCWD, "/proc/self/cgroup")))
		return NULL;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (str_has_prefix(line, "0::/"))
			return xstrdup(line + 3);
	return NULL;
}

/* Without --cgroup-parent: beside our own cgroup (processes live in
 * leaves; their parent hands the controllers down), or in the root cgroup
 * when we are there. */
static int auto_parent(const Config *cfg, char **out)
{
	cleanup_free char *mnt = cgroup2_mount();
	if (!mnt) {
		log_error("%s: no cgroup v2 hierarchy is mounted (a cgroup v1 host); the limits "
			  "need cgroup v2",
			  cgroup_option(cfg));
		return -EOPNOTSUPP;
	}
	cleanup_free char *own = own_cgroup();
	if (!own || strstr(own, " (deleted)")) {
		log_error("%s: this process is in no cgroup v2 (/proc/self/cgroup)",
			  cgroup_option(cfg));
		return -EOPNOTSUPP;
	}
	char *slash = strrchr(own, '/');
	*slash = '\0';
	*out = xasprintf("%s%s", mnt, own);
	cleanup_free char *procs = xasprintf("%s/cgroup.procs", *out);
	if (access(*out, W_OK) < 0 || access(procs, W_OK) < 0) {
		int r = -errno;
		log_error("%s: cannot make a cgroup in %s, above this process's cgroup: %s (not "
			  "delegated to you; use --cgroup-parent DIR or a systemd user session)",
			  cgroup_option(cfg), log_quote(0, *out), strerror(-r));
		free(steal_pointer(out));
		return r;
	}
	return 0;
}

/* Is the controller bound to a cgroup v1 hierarchy (/proc/cgroups lists
 * "name hierarchy cgroups enabled"; hierarchy 0 is cgroup v2)? */
static bool bound_to_v1(const char *controller)
{
	cleanup_free char *text = NULL;
	if (!(text = read_text_at(AT_FDCWD, "/proc/cgroups")))
		return false;
	size_t n = strlen(controller);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		long long hierarchy;
		if (strncmp(line, controller, n) == 0 && line[n] == '\t' &&
		    parse_ll(line + n + 1, &hierarchy))
			return hierarchy != 0;
	}
	return false;
}

/* The controller of limit i must be enabled for the children of parent:
 * 1 when this enabled it, 0 when it was, or -errno (logged). */
static int enable_controller(int parent_fd, const char *path, size_t i)
{
	const char *ctl = limit_files[i].controller, *opt = limit_files[i].option;
	cleanup_free char *avail = NULL, *enabled = NULL;
	if (!(avail = read_text_at(parent_fd, "cgroup.controllers")) || !has_word(avail, ctl)) {
		if (bound_to_v1(ctl))
			log_error("%s: the %s controller is bound to cgroup v1 on this host, not "
				  "available in cgroup v2",
				  opt, ctl);
		else
			log_error("%s: the %s controller is not available in %s (its parent does "
				  "not enable it in cgroup.subtree_control)",
				  opt, ctl, log_quote(0, path));
		return -EOPNOTSUPP;
	}
	if ((enabled = read_text_at(parent_fd, "cgroup.subtree_control")) != NULL &&
	    has_word(enabled, ctl))
		return 0;
	/* the kernel would let a threaded controller (pids) be enabled there,
	 * and the cgroups below could then hold no process */
	cleanup_free char *procs = NULL;
	if (faccessat(parent_fd, "cgroup.type", F_OK, 0) == 0 &&
	    (procs = read_text_at(parent_fd, "cgroup.procs")) != NULL && *procs) {
		log_error("%s: cannot enable the %s controller in %s: it holds processes itself "
			  "(cgroup v2 enables controllers only above leaves: move them into a "
			  "child)",
			  opt, ctl, log_quote(0, path));
		return -EBUSY;
	}
	char buf[32];
	snprintf(buf, sizeof buf, "+%s", ctl);
	int r = write_file_at(parent_fd, "cgroup.subtree_control", buf);
	if (r == -EBUSY)
		log_error("%s: enabling the %s controller in %s: it holds processes itself (cgroup "
			  "v2 enables controllers only above leaves: move them into a child)",
			  opt, ctl, log_quote(0, path));
	else if (r == -EOPNOTSUPP)
		log_error("%s: enabling the %s controller in %s: %s (a cgroup above it holds "
			  "processes and hands controllers down)",
			  opt, ctl, log_quote(0, path), strerror(-r));
	else if (r < 0)
		log_error("%s: enabling the %s controller in %s/cgroup.subtree_control: %s", opt,
			  ctl, log_quote(0, path), strerror(-r));
	return r < 0 ? r : 1;
}

/* The value written to limit i's file. */
static void limit_value(const CgroupLimits *l, size_t i, char *buf, size_t size)
{
	uint64_t v;
	memcpy(&v, (const char *)l + limit_files[i].field, sizeof v);
	const char *max = v == CG_UNLIMITED ? "max" : NULL;
	if (limit_files[i].bit == CG_CPU_MAX && max)
		snprintf(buf, size, "max %" PRIu64, l->cpu_period_us);
	else if (limit_files[i].bit == CG_CPU_MAX)
		snprintf(buf, size, "%" PRIu64 " %" PRIu64, v, l->cpu_period_us);
	else if (max)
		snprintf(buf, size, "%s", max);
	else
		snprintf(buf, size, "%" PRIu64, v);
}

static int write_limits(const Config *cfg, int dirfd, const char *path)
{
	for (size_t i = 0; i < N_LIMITS; i++) {
		if (!(cfg->cgroup.set & limit_files[i].bit))
			continue;
		char value[64];
		limit_value(&cfg->cgroup, i, value, sizeof value);
		int r = write_file_at(dirfd, limit_files[i].file, value);
		if (r < 0)
			return log_error_errno(r, "%s: writing %s/%s", limit_files[i].option,
					       log_quote(0, path), limit_files[i].file);
	}
	return 0;
}

/* mkdir the sandbox's cgroup under parent_fd, with a name of its own;
 * cg->name is set only once it is ours (to remove). */
static int make_child(const Config *cfg, Cgroup *cg, const char *parent)
{
	int r = -EEXIST;
	for (unsigned n = 0; n < 100 && r == -EEXIST; n++) {
		cleanup_free char *name = n ? xasprintf("bwrap-%d-%u", (int)getpid(), n)
					    : xasprintf("bwrap-%d", (int)getpid());
		r = mkdirat(cg->parent_fd, name, 0755) < 0 ? -errno : 0;
		if (r == 0)
			cg->name = steal_pointer(&name);
	}
	if (r < 0)
		return log_error_errno(r, "%s: making a cgroup in %s", cgroup_option(cfg),
				       log_quote(0, parent));
	cg->path = xasprintf("%s/%s", parent, cg->name);
	cg->dirfd = openat(cg->parent_fd, cg->name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->dirfd < 0)
		return log_error_errno(-errno, "%s: opening %s", cgroup_option(cfg),
				       log_quote(0, cg->path));
	return 0;
}

static int open_parent(const Config *cfg, const char *parent)
{
	int fd = open(parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return log_error_errno(-errno, "%s: %s", cgroup_option(cfg), log_quote(0, parent));
	struct statfs sf;
	if (fstatfs(fd, &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC) {
		close(fd);
		log_error("%s: %s is not a cgroup v2 directory", cgroup_option(cfg),
			  log_quote(0, parent));
		return -ENOTDIR;
	}
	return fd;
}

/* The sandbox's processes go into a leaf below the cgroup that keeps the
 * limits: the limits of the leaf, the root of the sandbox's cgroup
 * namespace, are the same, for what sizes itself from them, but the
 * sandbox, whose uid owns both, can only raise those of the leaf. */
static int make_leaf(const Config *cfg, Cgroup *cg)
{
	int r;
	for (size_t i = 0; i < N_LIMITS; i++)
		if ((cfg->cgroup.set & limit_files[i].bit) &&
		    (r = enable_controller(cg->dirfd, cg->path, i)) < 0)
			return r;
	cleanup_free char *leaf = xasprintf("%s/" CGROUP_LEAF, cg->path);
	if (mkdirat(cg->dirfd, CGROUP_LEAF, 0755) < 0)
		return log_error_errno(-errno, "%s: making %s", cgroup_option(cfg),
				       log_quote(0, leaf));
	cg->leaf_fd = openat(cg->dirfd, CGROUP_LEAF, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (cg->leaf_fd < 0)
		return log_error_errno(-errno, "%s: opening %s", cgroup_option(cfg),
				       log_quote(0, leaf));
	return write_limits(cfg, cg->leaf_fd, leaf);
}

/* The direct path: a new cgroup under --cgroup-parent or beside ours. */
static int make_direct(const Config *cfg, Cgroup *cg)
{
	cleanup_free char *found = NULL;
	int r;
	if (!cfg->cgroup.parent && (r = auto_parent(cfg, &found)) < 0)
		return r;
	const char *parent = cfg->cgroup.parent ? cfg->cgroup.parent : found;
	if (!parent)
		return -EINVAL; /* auto_parent() sets it when it succeeds */
	if ((cg->parent_fd = open_parent(cfg, parent)) < 0)
		return cg->parent_fd;
	for (size_t i = 0; i < N_LIMITS; i++) {
		if (!(cfg->cgroup.set & limit_files[i].bit))
			continue;
		if ((r = enable_controller(cg->parent_fd, parent, i)) < 0)
			return r;
	}
	if ((r = make_child(cfg, cg, parent)) < 0 ||
	    (r = write_limits(cfg, cg->dirfd, cg->path)) < 0)
		return r;
	return make_leaf(cfg, cg);
}

int cgroup_prepare(const Config *cfg, Cgroup *cg)
{
	int r = 0;
	if (!cfg->cgroup.parent && (r = systemd_scope_new(cfg, &cg->scope)) != 0)
		return r < 0 ? r : 0;
	r = make_direct(cfg, cg);
	if (r < 0)
		cgroup_finish(cg, -1, NULL);
	return r;
}

int cgroup_attach(const Config *cfg, Cgroup *cg, pid_t pid)
{
	int r;
	if (cg->scope) {
		r = systemd_scope_start(cg->scope, cfg, pid);
		if (r == 0)
			r = cgroup_open_of_pid(cfg, cg, pid, systemd_scope_unit(cg->scope));
		systemd_scope_free(&cg->scope);
		return r;
	}
	if (cg->leaf_fd < 0)
		return 0;
	char buf[32];
	snprintf(buf, sizeof buf, "%d", (int)pid);
	if ((r = write_file_at(cg->leaf_fd, "cgroup.procs", buf)) < 0)
		return log_error_errno(r, "%s: moving the sandbox into %s/" CGROUP_LEAF,
				       cgroup_option(cfg), log_quote(0, cg->path));
	return 0;
}

int cgroup_mount_inside(void)
{
	/* where the v2 hierarchy is mounted: alone, or beside v1 (hybrid) */
	static const char *const where[] = {"/sys/fs/cgroup", "/sys/fs/cgroup/unified"};
	for (size_t i = 0; i < sizeof where / sizeof where[0]; i++) {
		struct statfs sf;
		if (statfs(where[i], &sf) < 0 || sf.f_type != CGROUP2_SUPER_MAGIC)
			continue;
		/* move_mount, not mount(2), which refuses a file system on a
		 * mount point where it is already the one mounted: before Linux
		 * 5.2 (no move_mount) the host's view stays */
		uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
		if (sf.f_flags & ST_RDONLY)
			attrs |= MOUNT_ATTR_RDONLY;
		cleanup_fd int fd = open(where[i], O_PATH | O_DIRECTORY | O_CLOEXEC);
		int r = fd < 0 ? -errno : mnt_new_over("cgroup2", attrs, fd);
		if (r == -ENOSYS)
			return 0;
		if (r < 0)
			return log_error_errno(r, "--unshare-cgroup: mounting cgroup2 on %s",
					       where[i]);
	}
	return 0;
}

/* The limits whose controllers are in 'list' (words of has_word()). */
static unsigned limits_of_controllers(const char *list)
{
	unsigned bits = 0;
	for (size_t i = 0; i < N_LIMITS; i++)
		if (list && has_word(list, limit_files[i].controller))
			bits |= limit_files[i].bit;
	return bits;
}

int cgroup_open_of_pid(const Config *cfg, Cgroup *cg, pid_t pid, const char *unit)
{
	char proc[64];
	snprintf(proc, sizeof proc, "/proc/%d/cgroup", (int)pid);
	cleanup_free char *text = read_text_at(AT_FDCWD, proc), *mnt = cgroup2_mount();
	if (!text)
		return log_error_errno(-errno, "%s: reading %s", cgroup_option(cfg), proc);
	/* the limits the scope holds: those whose controller has the sandbox
	 * in the scope's own cgroup, never in one that holds more than the
	 * sandbox (cgroup_finish() empties it); a hybrid host's systemd keeps
	 * them in the v1 hierarchies */
	unsigned held = 0;
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n")) {
		char *ctls = strchr(line, ':'), *path = ctls ? strchr(ctls + 1, ':') : NULL;
		const char *base = path ? strrchr(path, '/') : NULL;
		if (!base || strcmp(base + 1, unit) != 0)
			continue;
		*path++ = '\0';
		if (ctls[1]) {
			held |= limits_of_controllers(ctls + 1);
			continue;
		}
		if (!mnt || cg->dirfd >= 0)
			continue;
		cg->path = xasprintf("%s%s", mnt, path);
		cg->dirfd = open(cg->path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		cleanup_free char *avail =
			cg->dirfd >= 0 ? read_text_at(cg->dirfd, "cgroup.controllers") : NULL;
		held |= limits_of_controllers(avail);
	}
	for (size_t i = 0; i < N_LIMITS; i++) {
		if (!(cfg->cgroup.set & limit_files[i].bit) || (held & limit_files[i].bit))
			continue;
		log_error("%s: systemd started %s, but no %s controller holds the sandbox there "
			  "(not enabled for the manager's cgroups): the limit would not hold",
			  limit_files[i].option, unit, limit_files[i].controller);
		return -EOPNOTSUPP;
	}
	return 0;
}

/* One number from a cgroup file: the whole file, or the value of 'key' in
 * a flat-keyed file such as memory.events. */
static bool read_stat(int dirfd, const char *file, const char *key, long long *out)
{
	cleanup_free char *text = NULL;
	if (!(text = read_text_at(dirfd, file)))
		return false;
	if (!key)
		return parse_ll(text, out);
	size_t n = strlen(key);
	for (char *line = strtok(text, "\n"); line; line = strtok(NULL, "\n"))
		if (strncmp(line, key, n) == 0 && line[n] == ' ')
			return parse_ll(line + n + 1, out);
	return false;
}

static void add_stats(int dirfd, JsonObject *j)
{
	long long v;
	if (read_stat(dirfd, "memory.events", "oom_kill", &v))
		json_add_int(j, "oom-kills", v);
	if (read_stat(dirfd, "memory.peak", NULL, &v))
		json_add_int(j, "memory-peak", v);
	if (read_stat(dirfd, "cpu.stat", "usage_usec", &v))
		json_add_int(j, "cpu-usage-usec", v);
}

/* Wait until the cgroup.events of dirfd says "KEY 0" or "KEY 1" (want), or
 * until deadline (monitor_now_ms): the kernel notifies a change of it to
 * poll as POLLPRI. */
static bool wait_event(int dirfd, const char *key, char want, uint64_t deadline)
{
	cleanup_fd int fd = openat(dirfd, "cgroup.events", O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	size_t n_key = strlen(key);
	for (;;) {
		/* read on the fd that is polled: that rearms its notification */
		char buf[256];
		ssize_t n = pread(fd, buf, sizeof buf - 1, 0);
		if (n < 0 && errno != EINTR)
			return false;
		buf[n > 0 ? n : 0] = '\0';
		for (const char *p = buf; (p = strstr(p, key)) != NULL; p += n_key)
			if ((p == buf || p[-1] == '\n') && p[n_key] == ' ')
				if (p[n_key + 1] == want)
					return true;
		uint64_t now = monitor_now_ms();
		if (now >= deadline)
			return false;
		struct pollfd pfd = {.fd = fd, .events = POLLPRI};
		if (poll(&pfd, 1, (int)(deadline - now)) < 0 && errno != EINTR)
			return false;
	}
}

/* SIGKILL to every process listed in cgroup.procs of the cgroup cgfd and
 * of each cgroup below it; the number of processes signalled. */
static unsigned kill_tree(int cgfd, int depth) // NOLINT(misc-no-recursion)
{
	/* recursion: bounded, at most 32 levels */
	unsigned n = 0;
	cleanup_free char *pids = read_text_at(cgfd, "cgroup.procs");
	long long pid;
	for (char *p = pids ? strtok(pids, "\n") : NULL; p; p = strtok(NULL, "\n"))
		if (parse_ll(p, &pid) && pid > 0 && kill((pid_t)pid, SIGKILL) == 0)
			n++;
	int fd = depth < 32 ? openat(cgfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC) : -1;
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d && fd >= 0)
		close(fd);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;) {
		if (e->d_type != DT_DIR || strcmp(e->d_name, ".") == 0 ||
		    strcmp(e->d_name, "..") == 0)
			continue;
		cleanup_fd int sub =
			openat(dirfd(d), e->d_name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (sub >= 0)
			n += kill_tree(sub, depth + 1);
	}
	if (d)
		closedir(d);
	return n;
}

/* SIGKILL to every process of the cgroup and of the cgroups below it, and
 * wait (10 s at most) until none is left ("populated 0"): true when so.
 * cgroup.kill does it at once (Linux 5.14). Before, each process is killed
 * from the cgroup.procs files of the tree, frozen meanwhile (cgroup.freeze,
 * Linux 5.2), so that none forks a process the walk would miss; a frozen
 * process still dies of SIGKILL. Without a freezer (Linux < 5.2), walks
 * again until a walk finds no process. */
static bool kill_all(int dirfd)
{
	const uint64_t deadline = monitor_now_ms() + 10000;
	/* never the root cgroup (it alone has no cgroup.type): the whole host */
	if (faccessat(dirfd, "cgroup.type", F_OK, 0) < 0)
		return false;
	/* not there before 5.14; a systemd scope may not delegate it */
	if (write_file_at(dirfd, "cgroup.kill", "1") == 0)
		return wait_event(dirfd, "populated", '0', deadline);
	/* a process in an uninterruptible sleep may delay "frozen 1": the
	 * freezer already stops every fork, so the walk waits 2 s at most */
	bool frozen = write_file_at(dirfd, "cgroup.freeze", "1") == 0;
	if (frozen)
		(void)wait_event(dirfd, "frozen", '1', monitor_now_ms() + 2000);
	for (;;) {
		unsigned n = kill_tree(dirfd, 0);
		if (frozen) {
			(void)write_file_at(dirfd, "cgroup.freeze", "0");
			return wait_event(dirfd, "populated", '0', deadline);
		}
		/* the killed exit at once; a walk that found none waits for
		 * the exits still under way, one that did walks again for
		 * what was forked meanwhile */
		uint64_t step = n == 0 ? deadline : monitor_now_ms() + 100;
		if (wait_event(dirfd, "populated", '0', step < deadline ? step : deadline))
			return true;
		if (monitor_now_ms() >= deadline)
			return false;
	}
}

/* rmdir a cgroup and the ones the sandbox made in it, deepest first. */
static int remove_tree(int parent_fd, const char *name, int depth) // NOLINT(misc-no-recursion)
{
	/* recursion: bounded, at most 32 levels */
	int fd = openat(parent_fd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 && depth < 32 ? fdopendir(fd) : NULL;
	if (!d && fd >= 0)
		close(fd);
	for (struct dirent *e; d && (e = readdir(d)) != NULL;)
		if (e->d_type == DT_DIR && strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0)
			(void)remove_tree(dirfd(d), e->d_name, depth + 1);
	if (d)
		closedir(d);
	for (int i = 0; i < 50; i++) {
		if (unlinkat(parent_fd, name, AT_REMOVEDIR) == 0)
			return 0;
		if (errno != EBUSY)
			return -errno;
		(void)poll(NULL, 0, 20);
	}
	return -EBUSY;
}

void cgroup_finish(Cgroup *cg, pid_t pid, JsonObject *j)
{
	systemd_scope_free(&cg->scope);
	/* an ended process no longer counts ("populated"), reaped or not */
	bool empty = cg->dirfd >= 0 && kill_all(cg->dirfd);
	if (empty && pid > 0)
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	if (empty && j)
		add_stats(cg->dirfd, j);
	if (cg->dirfd >= 0)
		close(cg->dirfd);
	if (cg->leaf_fd >= 0)
		close(cg->leaf_fd);
	/* ours to remove; a systemd scope goes away once empty */
	int r = cg->name ? remove_tree(cg->parent_fd, cg->name, 0) : 0;
	if (r < 0)
		log_error_errno(r, "removing the sandbox's cgroup %s", log_quote(0, cg->path));
	if (cg->parent_fd >= 0)
		close(cg->parent_fd);
	free(cg->name);
	free(cg->path);
	*cg = (Cgroup)CGROUP_INIT;
}
