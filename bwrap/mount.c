/* mount.c - executes the mount plan, one step at a time. Every destination
 * is resolved inside the new root (mount-path.c), and every mount is made
 * through the resolved fd with the new mount API, so that neither ".." nor
 * a symlink can steer a mount, mkdir or file creation out of the sandbox. */
#include "mount.h"
#include "mount-path.h"

#include "cleanup.h"
#include "log.h"
#include "mount-api.h"
#include "profile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

static int resolve_host(MountCtx *ctx, const char *src)
{
	return mount_resolve_host(ctx->oldroot_fd, src);
}

static int step_error(const MountStep *s, const char *what, int r)
{
	if (what)
		return log_error_errno(r, "%s %s: %s", s->option, log_quote(0, s->orig), what);
	return log_error_errno(r, "%s %s", s->option, log_quote(0, s->orig));
}

/* The mount flags of a step's OPF_* flags: always nosuid; nodev unless
 * devices are allowed; read-only when asked. */
static uint64_t step_attrs(unsigned flags)
{
	uint64_t attrs = MOUNT_ATTR_NOSUID;
	if (!(flags & OPF_DEVICES))
		attrs |= MOUNT_ATTR_NODEV;
	if (flags & OPF_READONLY)
		attrs |= MOUNT_ATTR_RDONLY;
	return attrs;
}

/* Bind the tree at src_fd on dest, with the step's flags on every mount. */
static int bind_tree(MountCtx *ctx, const MountStep *s, int src_fd, const char *what)
{
	struct stat st;
	if (fstat(src_fd, &st) < 0)
		return step_error(s, "stat of source", -errno);
	uint64_t attrs = step_attrs(s->flags);
	cleanup_fd int dest =
		S_ISDIR(st.st_mode) ? ensure_dir(ctx, s->dest, 0755) : ensure_file(ctx, s->dest);
	if (dest < 0)
		return step_error(s, "creating destination", dest);
	int r = mnt_bind(src_fd, dest, attrs);
	if (r < 0)
		return log_error_errno(r, "%s %s: binding %s", s->option, log_quote(0, s->orig),
				       what);
	return 0;
}

static int do_bind(MountCtx *ctx, const MountStep *s)
{
	cleanup_fd int src = resolve_host(ctx, s->src);
	if (src == -ENOENT && (s->flags & OPF_TRY))
		return 0;
	if (src < 0)
		return log_error_errno(src, "Can't find source path /%s", log_quote(0, s->src));
	return bind_tree(ctx, s, src, "the source");
}

/* --bind-fd: the fd's mount lives in the caller's mount namespace, which
 * the kernel will not clone from here; find the same directory in our copy
 * of it by its path, and make sure it is the very same inode. */
static int do_bind_fd(MountCtx *ctx, const MountStep *s)
{
	char path[PATH_MAX];
	cleanup_free char *link = mnt_fd_path(s->fd);
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return log_error_errno(-errno, "%s %d: finding its path", s->option, s->fd);
	path[n] = '\0';
	struct stat want, got;
	if (fstat(s->fd, &want) < 0)
		return log_error_errno(-errno, "%s %d: stat", s->option, s->fd);
	cleanup_fd int src = path[0] == '/' ? resolve_host(ctx, path) : -ENOENT;
	if (src < 0 || fstat(src, &got) < 0 || got.st_dev != want.st_dev ||
	    got.st_ino != want.st_ino) {
		log_error("%s %d: '%s' is not reachable from the host root", s->option, s->fd,
			  log_quote(0, path));
		return -ENOENT;
	}
	char what[64];
	snprintf(what, sizeof what, "fd %d", s->fd);
	return bind_tree(ctx, s, src, what);
}

/* Copy everything readable from 'from' into 'to'. */
static int copy_fd(int from, int to)
{
	char buf[65536];
	for (;;) {
		ssize_t n = read(from, buf, sizeof buf);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (n == 0)
			return 0;
		ssize_t w = write_all(to, buf, (size_t)n);
		if (w < 0)
			return (int)w;
	}
}

/* A new file named 'name' in dirfd, holding the data of 'src', with 'mode'.
 * Never follows a symlink in its last component. */
static int create_file_from(int dirfd, const char *name, int src, mode_t mode, int *out)
{
	cleanup_fd int f =
		openat(dirfd, name, O_RDWR | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY,
		       mode & 0777);
	if (f < 0)
		return -errno;
	int r = copy_fd(src, f);
	if (r < 0)
		return r;
	if (fchmod(f, mode) < 0)
		return -errno;
	if (out)
		*out = steal_fd(&f);
	return 0;
}

/* The parent directory of a step's destination, made if missing, and the
 * destination's name in it; the root has none: root_err, and why. */
static int step_parent(MountCtx *ctx, const MountStep *s, const char **name, int root_err,
		       const char *root_why)
{
	int parent = ensure_parent(ctx, s->dest, name);
	if (parent < 0)
		return step_error(s, "creating parent directory", parent);
	if (!**name) {
		close(parent);
		return step_error(s, root_why, root_err);
	}
	return parent;
}

static int do_file(MountCtx *ctx, const MountStep *s)
{
	const char *name;
	cleanup_fd int parent = step_parent(ctx, s, &name, -EISDIR, "not a file name");
	if (parent < 0)
		return parent;
	int r = create_file_from(parent, name, s->fd, s->mode, NULL);
	if (r == -EISDIR || r == -EBADF || r == -EINVAL)
		return log_error_errno(r, "%s %d %s: reading fd %d", s->option, s->fd,
				       log_quote(0, s->orig), s->fd);
	return r < 0 ? step_error(s, NULL, r) : 0;
}

/* --bind-data: the data lives in a file of the setup tmpfs, which the
 * sandbox never sees; only the bind of it is visible. */
static int do_bind_data(MountCtx *ctx, const MountStep *s)
{
	char name[64];
	snprintf(name, sizeof name, ".bwrap-data-%u", ctx->hidden++);
	cleanup_fd int f = -1;
	int r = create_file_from(AT_FDCWD, name, s->fd, s->mode, &f);
	if (r < 0)
		return step_error(s, "copying the data", r);
	return bind_tree(ctx, s, f, "the data file");
}

static int sys_fchmodat2(int dirfd, const char *path, mode_t mode, int flags)
{
#ifndef SYS_fchmodat2
#define SYS_fchmodat2 SYSCALL_UNIFIED(452)
#endif
	return (int)syscall(SYS_fchmodat2, dirfd, path, mode, flags);
}

static int do_chmod(MountCtx *ctx, const MountStep *s)
{
	cleanup_fd int fd = mount_resolve(ctx->newroot_fd, s->dest, O_PATH);
	if (fd < 0)
		return step_error(s, NULL, fd);
	if (sys_fchmodat2(fd, "", s->mode, AT_EMPTY_PATH) == 0)
		return 0;
	if (errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP)
		return step_error(s, NULL, -errno);
	/* older kernels: chmod through the fd's magic link in the host's /proc */
	cleanup_free char *path = mnt_fd_path(fd);
	if (chmod(path, s->mode) < 0)
		return step_error(s, NULL, -errno);
	return 0;
}

static int do_lock_file(MountCtx *ctx, const MountStep *s)
{
	if (ctx->n_locks >= MOUNT_MAX_LOCKS)
		return step_error(s, "too many lock files", -E2BIG);
	cleanup_fd int fd =
		mount_resolve(ctx->newroot_fd, s->dest, O_RDONLY | O_NONBLOCK | O_NOCTTY);
	if (fd < 0)
		return step_error(s, NULL, fd);
	struct flock fl = {.l_type = F_RDLCK, .l_whence = SEEK_SET};
	if (fcntl(fd, F_OFD_SETLK, &fl) < 0)
		return step_error(s, "taking the lock", -errno);
	ctx->lock_fds[ctx->n_locks++] = steal_fd(&fd);
	return 0;
}

/* The most lower layers of one overlay we open. */
#define OVERLAY_MAX_LAYERS 64

/* The host directories of one overlay, held open while it is mounted: its
 * lower layers, and its upper and work directories. */
typedef struct {
	int fds[OVERLAY_MAX_LAYERS + 2];
	size_t n;
} FdSet;

static void fd_set_close(FdSet *set)
{
	for (size_t i = 0; i < set->n; i++)
		close(set->fds[i]);
	set->n = 0;
}

/* Open a host directory for an overlay, keep it in 'held', and return the
 * path through which the kernel will find it. */
static int overlay_dir(MountCtx *ctx, const MountStep *s, const char *path, FdSet *held, char **out)
{
	int fd = mount_resolve(ctx->oldroot_fd, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return log_error_errno(fd, "%s: /%s", s->option, log_quote(0, path));
	held->fds[held->n++] = fd;
	*out = mnt_fd_path(fd);
	return 0;
}

/* --tmp-overlay: upper and work directories in the invisible setup tmpfs. */
static int overlay_tmp_dirs(MountCtx *ctx, const MountStep *s, char **up, char **work)
{
	unsigned id = ctx->hidden++;
	cleanup_free char *top = xasprintf("/.bwrap-overlay-%u", id);
	*up = xasprintf("%s/upper", top);
	*work = xasprintf("%s/work", top);
	if (mkdir(top, 0755) < 0 || mkdir(*up, 0755) < 0 || mkdir(*work, 0755) < 0)
		return step_error(s, "creating the overlay's upper directory", -errno);
	return 0;
}

/* Linux before 5.11: no "userxattr" option, no overlay in a user namespace. */
static bool kernel_before_5_11(void)
{
	struct utsname u;
	uint32_t release;
	if (uname(&u) < 0 || profile_parse_release(u.release, &release) < 0)
		return false;
	return release < PROFILE_KERNEL(5, 11);
}

static int mount_overlay(const MountStep *s, const char *lower, const char *up, const char *work,
			 int dest)
{
	/* in a user namespace overlayfs keeps its metadata in user.* xattrs */
	const char *opts[] = {"lowerdir",
			      lower,
			      up ? "upperdir" : "userxattr",
			      up,
			      up ? "workdir" : NULL,
			      work,
			      up ? "userxattr" : NULL,
			      NULL,
			      NULL};
	int r = mnt_new("overlay", opts, step_attrs(s->flags), dest);
	if (r == -EINVAL && kernel_before_5_11()) {
		/* an older kernel rejects "userxattr"; outside a user namespace
		 * (root) overlayfs works without it, with its trusted.* xattrs */
		opts[up ? 6 : 2] = NULL;
		r = mnt_new("overlay", opts, step_attrs(s->flags), dest);
	}
	if (r == -EPERM && kernel_before_5_11())
		return step_error(s, "overlay: Linux 5.11 or later is needed in a user namespace",
				  r);
	return r < 0 ? step_error(s, "overlay", r) : 0;
}

static int do_overlay(MountCtx *ctx, const MountStep *s)
{
	if (s->n_layers > OVERLAY_MAX_LAYERS)
		return step_error(s, "too many layers", -E2BIG);
	__attribute__((cleanup(fd_set_close))) FdSet held = {.n = 0};
	cleanup_free char *lower = NULL;
	cleanup_free char *up = NULL;
	cleanup_free char *work = NULL;
	int r = 0;
	/* the kernel lists the top layer first; our first source is the bottom */
	for (size_t i = s->n_layers; i-- > 0 && r == 0;) {
		cleanup_free char *p = NULL;
		if ((r = overlay_dir(ctx, s, s->layers[i], &held, &p)) < 0)
			break;
		char *joined = lower ? xasprintf("%s:%s", lower, p) : xstrdup(p);
		free(lower);
		lower = joined;
	}
	if (r == 0 && s->src) {
		if ((r = overlay_dir(ctx, s, s->src, &held, &up)) == 0)
			r = overlay_dir(ctx, s, s->workdir, &held, &work);
	} else if (r == 0 && !(s->flags & OPF_READONLY)) {
		r = overlay_tmp_dirs(ctx, s, &up, &work);
	}
	cleanup_fd int dest = r < 0 ? -1 : ensure_dir(ctx, s->dest, 0755);
	if (r == 0 && dest < 0)
		r = step_error(s, "creating destination", dest);
	if (r == 0)
		r = mount_overlay(s, lower, up, work, dest);
	return r;
}

static int mount_new_fs(MountCtx *ctx, const MountStep *s, const char *type,
			const char *const *opts, uint64_t attrs)
{
	cleanup_fd int dest = ensure_dir(ctx, s->dest, 0755);
	if (dest < 0)
		return step_error(s, "creating destination", dest);
	int r = mnt_new(type, opts, attrs, dest);
	return r < 0 ? step_error(s, type, r) : 0;
}

static int do_tmpfs(MountCtx *ctx, const MountStep *s)
{
	char mode[16], size[32];
	snprintf(mode, sizeof mode, "%04o", (unsigned)s->mode);
	snprintf(size, sizeof size, "%llu", (unsigned long long)s->size);
	const char *opts[] = {"mode", mode, s->size ? "size" : NULL, size, NULL, NULL};
	return mount_new_fs(ctx, s, "tmpfs", opts, step_attrs(s->flags));
}

/* Is the host's root user (uid 0 outside) mapped in our user namespace? Its
 * files in /proc are writable only then. Unknown counts as yes. */
static bool host_root_mapped(int proc)
{
	cleanup_fd int fd = openat(proc, "self/uid_map", O_RDONLY | O_CLOEXEC);
	cleanup_free char *map = NULL;
	size_t len = 0;
	if (fd < 0 || read_all(fd, 65536, &map, &len) < 0)
		return true;
	/* lines of "inside outside count" */
	for (char *line = map; *line;) {
		char *end;
		(void)strtoul(line, &end, 10);
		unsigned long outside = strtoul(end, &end, 10);
		unsigned long count = strtoul(end, &end, 10);
		if (end != line && outside == 0 && count > 0)
			return true;
		char *nl = strchr(end, '\n');
		if (!nl)
			break;
		line = nl + 1;
	}
	return false;
}

/* Parts of /proc that would let a process with privileges in the user
 * namespace reach the host: bind them read-only over themselves when the
 * host's root is mapped in the sandbox (root ran bwrap: uid 0 without any
 * capability can still write root's sysctls). Only then: a read-only cover
 * over a procfs makes the kernel refuse a new procfs in a nested user
 * namespace (a sandbox in this sandbox), and where nobody in the sandbox
 * owns these files, the cover protects nothing. */
static int protect_proc(MountCtx *ctx, const MountStep *s)
{
	static const char *const covered[] = {"sys", "sysrq-trigger", "irq", "bus"};
	cleanup_fd int proc = mount_resolve(ctx->newroot_fd, s->dest, O_PATH | O_DIRECTORY);
	if (proc < 0)
		return step_error(s, NULL, proc);
	if (!host_root_mapped(proc))
		return 0;
	for (size_t i = 0; i < sizeof covered / sizeof covered[0]; i++) {
		cleanup_fd int target = openat(proc, covered[i], O_PATH | O_NOFOLLOW | O_CLOEXEC);
		if (target < 0 && errno == ENOENT)
			continue;
		if (target < 0)
			return step_error(s, covered[i], -errno);
		int r = mnt_bind(target, target,
				 MOUNT_ATTR_RDONLY | MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV |
					 MOUNT_ATTR_NOEXEC);
		if (r < 0)
			return step_error(s, covered[i], r);
	}
	return 0;
}

/* A procfs of the sandbox's own pid namespace; in the caller's pid namespace
 * the host's /proc, as bubblewrap does (the kernel would refuse a new procfs
 * there: that pid namespace is not ours). Never the host's /proc for a pid
 * namespace of the sandbox's own: it would show every outside process. */
static int do_proc(MountCtx *ctx, const MountStep *s)
{
	const uint64_t attrs = MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV | MOUNT_ATTR_NOEXEC;
	cleanup_fd int dest = ensure_dir(ctx, s->dest, 0755);
	if (dest < 0)
		return step_error(s, "creating destination", dest);
	if (ctx->own_pidns) {
		int r = mnt_new("proc", NULL, attrs, dest);
		if (r < 0)
			return step_error(s, "mounting a procfs for the sandbox's pid namespace",
					  r);
		return 0;
	}
	cleanup_fd int host = resolve_host(ctx, "proc");
	if (host < 0)
		return step_error(s, "opening the host's /proc", host);
	/* nosuid and nodev only, as bubblewrap binds it */
	int r = mnt_bind(host, dest, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
	return r < 0 ? step_error(s, "binding the host's /proc", r) : 0;
}

static int do_symlink(MountCtx *ctx, const MountStep *s)
{
	const char *name;
	cleanup_fd int parent = step_parent(ctx, s, &name, -EEXIST, "cannot replace the root");
	if (parent < 0)
		return parent;
	if (symlinkat(s->src, parent, name) == 0) {
		remember_link(ctx, parent, name);
		return 0;
	}
	int e = errno;
	if (e == EEXIST) {
		char buf[4096];
		ssize_t n = readlinkat(parent, name, buf, sizeof buf - 1);
		if (n >= 0) {
			buf[n] = '\0';
			if (strcmp(buf, s->src) == 0) {
				remember_link(ctx, parent, name);
				return 0;
			}
			/* bubblewrap's words, which scripts match */
			log_error("Can't make symlink at %s: existing destination is %s",
				  log_quote(0, s->orig), log_quote(1, buf));
			return -EEXIST;
		}
		if (errno == EINVAL) {
			log_error(
				"Can't make symlink at %s: destination exists and is not a symlink",
				log_quote(0, s->orig));
			return -EEXIST;
		}
	}
	return step_error(s, NULL, -e);
}

static int do_remount_ro(MountCtx *ctx, const MountStep *s)
{
	cleanup_fd int fd = mount_resolve(ctx->newroot_fd, s->dest, O_PATH);
	if (fd < 0)
		return step_error(s, NULL, fd);
	int r = mnt_set_attrs(fd, MOUNT_ATTR_RDONLY, false);
	return r < 0 ? step_error(s, NULL, r) : 0;
}

static int do_proc_covered(MountCtx *ctx, const MountStep *s)
{
	int r = do_proc(ctx, s);
	return r < 0 ? r : protect_proc(ctx, s);
}

static int do_mqueue(MountCtx *ctx, const MountStep *s)
{
	return mount_new_fs(ctx, s, "mqueue", NULL, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NODEV);
}

static int do_devpts(MountCtx *ctx, const MountStep *s)
{
	static const char *const opts[] = {"newinstance", NULL,	 "ptmxmode", "0666",
					   "mode",	  "620", NULL,	     NULL};
	return mount_new_fs(ctx, s, "devpts", opts, MOUNT_ATTR_NOSUID | MOUNT_ATTR_NOEXEC);
}

static int do_dir(MountCtx *ctx, const MountStep *s)
{
	cleanup_fd int fd = ensure_dir(ctx, s->dest, s->mode);
	return fd < 0 ? step_error(s, NULL, fd) : 0;
}

/* What each step does; whether it mounts on its destination (never over a
 * symlink this command line did not make); whether it reads the host tree
 * (a source), which must then be left as it is. */
static const struct {
	int (*run)(MountCtx *ctx, const MountStep *s);
	bool mounts;
	bool reads_host;
} steps[STEP_KIND_COUNT_] = {
	[STEP_BIND] = {do_bind, true, true},
	[STEP_REMOUNT_RO] = {do_remount_ro, false, false},
	[STEP_PROC] = {do_proc_covered, true, true},
	[STEP_TMPFS] = {do_tmpfs, true, false},
	[STEP_MQUEUE] = {do_mqueue, true, false},
	[STEP_DEVPTS] = {do_devpts, true, false},
	[STEP_DIR] = {do_dir, false, false},
	[STEP_SYMLINK] = {do_symlink, false, false},
	[STEP_BIND_FD] = {do_bind_fd, true, true},
	[STEP_FILE] = {do_file, false, false},
	[STEP_BIND_DATA] = {do_bind_data, true, false},
	[STEP_CHMOD] = {do_chmod, false, false},
	[STEP_LOCK_FILE] = {do_lock_file, false, false},
	[STEP_OVERLAY] = {do_overlay, true, true},
};

static int do_step(MountCtx *ctx, const MountStep *s)
{
	ctx->dest_absent = NULL;
	/* the last step's directory serves this one only after a fresh mkdir */
	if (!ctx->made_fresh)
		mount_forget_made_in(ctx);
	ctx->made_fresh = false;
	if (steps[s->kind].mounts) {
		int r = check_mount_dest(ctx, s);
		if (r < 0)
			return r;
	}
	return steps[s->kind].run(ctx, s);
}

/* "--ro-bind / /" (or --bind, --dev-bind) first: the sandbox's root is then
 * the whole host tree. This mount namespace already holds a private copy
 * of it, so when nothing later reads the host tree (a bind, overlay or
 * /proc source, which must see it untouched, or a write through the host's
 * /proc), use that copy as the root, with the same flags, instead of
 * cloning every host mount once more. */
static bool can_use_host_tree(const MountCtx *ctx, const MountPlan *plan)
{
	if (plan->n == 0 || ctx->host_proc_kept)
		return false;
	const MountStep *first = &plan->steps[0];
	if (first->kind != STEP_BIND || *first->src || *first->dest)
		return false;
	for (size_t i = 1; i < plan->n; i++)
		if (steps[plan->steps[i].kind].reads_host)
			return false;
	return true;
}

static int use_host_tree(MountCtx *ctx, const MountStep *s)
{
	int r = mnt_set_attrs(ctx->oldroot_fd, step_attrs(s->flags), true);
	if (r < 0)
		return log_error_errno(r, "%s /: setting mount flags", s->option);
	int fd = fcntl(ctx->oldroot_fd, F_DUPFD_CLOEXEC, 3);
	if (fd < 0)
		return log_error_errno(-errno, "%s /", s->option);
	close(ctx->newroot_fd);
	ctx->newroot_fd = fd;
	ctx->root_path = ctx->in_place ? "/" : "/oldroot";
	return 0;
}

/* The host tree used as the root, and nothing after it that needs the setup
 * tmpfs (hidden files, the host's /proc at /oldroot for fd paths, the legacy
 * mount calls) or mounts on the root itself (which "/" would not see): then
 * the root stays where it is, with no setup tmpfs and no pivot_root, each of
 * which walks every process of the machine. */
static bool host_tree_in_place(const MountCtx *ctx, const MountPlan *plan)
{
	if (!can_use_host_tree(ctx, plan) || mnt_api_legacy() || mnt_api_no_openat2())
		return false;
	for (size_t i = 1; i < plan->n; i++) {
		const MountStep *s = &plan->steps[i];
		if (!*s->dest)
			return false;
		switch (s->kind) {
		case STEP_TMPFS:
		case STEP_MQUEUE:
		case STEP_DEVPTS:
		case STEP_DIR:
		case STEP_SYMLINK:
		case STEP_REMOUNT_RO:
			break;
		default:
			return false;
		}
	}
	return true;
}

int mount_execute(MountCtx *ctx, const MountPlan *plan)
{
	size_t start = 0;
	if (can_use_host_tree(ctx, plan)) {
		int r = use_host_tree(ctx, &plan->steps[0]);
		if (r < 0)
			return r;
		start = 1;
	}
	for (size_t i = start; i < plan->n; i++) {
		const MountStep *s = &plan->steps[i];
		ctx->parent_mode = s->parent_mode;
		int r = do_step(ctx, s);
		if (r < 0)
			return r;
		if (*s->dest == '\0') {
			/* something was mounted on the root itself: later steps go
			 * into it, so take the root again, from the top */
			int fd = open(ctx->root_path, O_PATH | O_DIRECTORY | O_CLOEXEC);
			if (fd < 0)
				return log_error_errno(-errno, "reopening the new root");
			close(ctx->newroot_fd);
			ctx->newroot_fd = fd;
		}
	}
	/* not held into mount_enter_root: an open fd would keep the detached
	 * setup tmpfs alive */
	mount_forget_made_in(ctx);
	return 0;
}

int mount_prepare(MountCtx *ctx, const MountPlan *plan)
{
	mnt_api_init();
	static const char *const bases[] = {"/tmp", "/run", "/mnt", "/var/tmp", "/dev"};
	if (mount(NULL, "/", NULL, MS_SLAVE | MS_REC | MS_SILENT, NULL) < 0)
		return log_error_errno(-errno, "making / a slave mount");
	if (host_tree_in_place(ctx, plan)) {
		ctx->in_place = true;
		ctx->root_path = "/";
		ctx->oldroot_fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (ctx->oldroot_fd < 0)
			return log_error_errno(-errno, "opening the host root");
		ctx->newroot_fd = fcntl(ctx->oldroot_fd, F_DUPFD_CLOEXEC, 3);
		if (ctx->newroot_fd < 0)
			return log_error_errno(-errno, "opening the host root");
		return 0;
	}
	const char *base = NULL;
	for (size_t i = 0; i < sizeof bases / sizeof bases[0] && !base; i++)
		if (mount("tmpfs", bases[i], "tmpfs", MS_NODEV | MS_NOSUID | MS_SILENT,
			  "mode=0755") == 0)
			base = bases[i];
	if (!base)
		return log_error_errno(-errno, "mounting the setup tmpfs");
	ctx->base = base;
	if (chdir(base) < 0)
		return log_error_errno(-errno, "chdir %s", base);
	if (mkdir("newroot", 0755) < 0 || mkdir("oldroot", 0755) < 0)
		return log_error_errno(-errno, "creating setup directories");
	if (mount("tmpfs", "newroot", "tmpfs", MS_NODEV | MS_NOSUID | MS_SILENT, "mode=0755") < 0)
		return log_error_errno(-errno, "mounting the new root tmpfs");
	if (syscall(SYS_pivot_root, ".", "oldroot") < 0)
		return log_error_errno(-errno, "pivot_root to the setup tmpfs");
	if (chdir("/") < 0)
		return log_error_errno(-errno, "chdir /");
	ctx->oldroot_fd = open("/oldroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->oldroot_fd < 0)
		return log_error_errno(-errno, "opening the host root");
	ctx->newroot_fd = open("/newroot", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (ctx->newroot_fd < 0)
		return log_error_errno(-errno, "opening the new root");
	return 0;
}

int mount_enter_root(MountCtx *ctx)
{
	if (ctx->oldroot_fd >= 0) {
		close(ctx->oldroot_fd);
		ctx->oldroot_fd = -1;
	}
	if (ctx->in_place)
		return chdir("/") < 0 ? log_error_errno(-errno, "chdir /") : 0;
	/* The host root (at /oldroot) is detached below with the setup tmpfs it
	 * sits on: one detach, so one RCU grace period, instead of two. */
	if (chdir(ctx->root_path) < 0)
		return log_error_errno(-errno, "chdir to the new root");
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return log_error_errno(-errno, "pivot_root to the new root");
	if (umount2(".", MNT_DETACH) < 0)
		return log_error_errno(-errno, "detaching the setup tmpfs and the host root");
	if (chdir("/") < 0)
		return log_error_errno(-errno, "chdir /");
	return 0;
}

void mount_ctx_close(MountCtx *ctx)
{
	for (size_t i = 0; i < ctx->n_locks; i++)
		close(ctx->lock_fds[i]);
	ctx->n_locks = 0;
	free(ctx->links);
	ctx->links = NULL;
	ctx->n_links = 0;
	mount_forget_made_in(ctx);
	if (ctx->oldroot_fd >= 0)
		close(ctx->oldroot_fd);
	if (ctx->newroot_fd >= 0)
		close(ctx->newroot_fd);
	ctx->oldroot_fd = ctx->newroot_fd = -1;
}
