/* mount-path.c - paths resolved without leaving their root; destinations made and checked. */
#include "mount-path.h"

#include "cleanup.h"
#include "log.h"
#include "mount-api.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <linux/magic.h>
#include <linux/openat2.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <unistd.h>

static int sys_openat2(int dirfd, const char *path, uint64_t flags, uint64_t resolve)
{
	struct open_how how = {.flags = flags, .mode = 0, .resolve = resolve};
	int fd = (int)syscall(SYS_openat2, dirfd, path, &how, sizeof how);
	return fd < 0 ? -errno : fd;
}

/* Without openat2: walk one component at a time with O_NOFOLLOW, reading
 * each symlink and going on from the root (absolute target) or from its
 * directory (relative one); ".." never climbs above the root. */
#define MAX_SYMLINKS 40

static bool same_inode(int a, int b)
{
	struct stat sa, sb;
	return fstat(a, &sa) == 0 && fstat(b, &sb) == 0 && sa.st_dev == sb.st_dev &&
	       sa.st_ino == sb.st_ino;
}

/* Is the symlink at fd (an O_PATH | O_NOFOLLOW fd) one of procfs's? */
static bool on_procfs(int fd)
{
	struct statfs sfs;
	return fstatfs(fd, &sfs) == 0 && sfs.f_type == PROC_SUPER_MAGIC;
}

static int dup_fd(int fd)
{
	int r = fcntl(fd, F_DUPFD_CLOEXEC, 3);
	return r < 0 ? -errno : r;
}

static int open_in(int dirfd, const char *name, int flags)
{
	int r = openat(dirfd, name, flags | O_CLOEXEC);
	return r < 0 ? -errno : r;
}

/* A walk owns the directory it stands in and the text of the path left. */
typedef struct {
	int root_fd; /* borrowed: where ".." stops and absolute links restart */
	int cur; /* owned */
	char *todo; /* owned: the path, rewritten when a symlink is followed */
	const char *rest; /* what is left of todo */
	int links;
	int flags; /* the open flags asked for */
	bool host; /* a host source: procfs's magic links are followed */
} Walk;

static void walk_free(Walk *w)
{
	cleanup_fd_fn(&w->cur);
	free(w->todo);
}

/* Stand in fd (taken), or fail with its -errno. */
static int walk_enter(Walk *w, int fd)
{
	if (fd < 0)
		return fd;
	cleanup_fd_fn(&w->cur);
	w->cur = fd;
	return 0;
}

/* The next component of the path left, into name: 1, or 0 at its end. */
static int walk_next(Walk *w, char name[NAME_MAX + 1], bool *last)
{
	w->rest += strspn(w->rest, "/");
	if (!*w->rest)
		return 0;
	size_t len = strcspn(w->rest, "/");
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, w->rest, len);
	name[len] = '\0';
	w->rest += len;
	*last = w->rest[strspn(w->rest, "/")] == '\0';
	return 1;
}

/* The symlink 'name', open at link_fd: go on through its target. procfs's
 * magic links (fd/N, cwd, ns/user) read as an absolute path or as
 * "type:[id]"; self and the like as a relative path. A destination never
 * follows a magic one (as openat2's RESOLVE_NO_MAGICLINKS); a host source
 * follows it as the host would: by its text when that is a path, else
 * through the kernel (*through: an O_PATH fd of what it names). */
static int walk_link(Walk *w, int link_fd, const char *name, int *through)
{
	char target[PATH_MAX];
	ssize_t n = readlinkat(link_fd, "", target, sizeof target - 1);
	if (n < 0)
		return -errno;
	bool proc = n > 0 && on_procfs(link_fd);
	bool magic = proc && (target[0] == '/' || memchr(target, ':', (size_t)n));
	if (!w->host && magic)
		return -ELOOP;
	if (++w->links > MAX_SYMLINKS)
		return -ELOOP;
	if (w->host && proc && target[0] != '/') {
		*through = open_in(w->cur, name, O_PATH);
		return *through < 0 ? *through : 0;
	}
	target[n] = '\0';
	char *joined = xasprintf("%s/%s", target, w->rest);
	free(w->todo);
	w->todo = joined;
	w->rest = joined;
	return target[0] == '/' ? walk_enter(w, dup_fd(w->root_fd)) : 0;
}

/* One component: ".", "..", a symlink to follow, or what to stand in. */
static int walk_component(Walk *w, const char *name, bool last)
{
	if (strcmp(name, ".") == 0)
		return 0;
	if (strcmp(name, "..") == 0)
		return same_inode(w->cur, w->root_fd)
			       ? 0
			       : walk_enter(w, open_in(w->cur, "..", O_PATH | O_DIRECTORY));
	cleanup_fd int next = open_in(w->cur, name, O_PATH | O_NOFOLLOW);
	struct stat st;
	if (next < 0)
		return next;
	if (fstat(next, &st) < 0)
		return -errno;
	if (S_ISLNK(st.st_mode) && !(last && (w->flags & O_NOFOLLOW))) {
		int through = -1;
		int r = walk_link(w, next, name, &through);
		if (r < 0 || through < 0)
			return r; /* failed, or the path left was rewritten */
		cleanup_fd_fn(&next);
		next = through;
		if (fstat(next, &st) < 0)
			return -errno;
	}
	if (!last && !S_ISDIR(st.st_mode))
		return -ENOTDIR;
	return walk_enter(w, steal_fd(&next));
}

/* Where the walk ended, opened as asked. */
static int walk_result(Walk *w)
{
	struct stat st;
	if ((w->flags & O_DIRECTORY) && fstat(w->cur, &st) < 0)
		return -errno;
	if ((w->flags & O_DIRECTORY) && !S_ISDIR(st.st_mode))
		return -ENOTDIR;
	if (w->flags & O_PATH)
		return steal_fd(&w->cur);
	/* a real open of what we found, through its O_PATH fd */
	cleanup_free char *path = mnt_fd_path(w->cur);
	int fd = open(path, (w->flags & ~O_NOFOLLOW) | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

static int walk(int root_fd, const char *path, int open_flags, bool host)
{
	__attribute__((cleanup(walk_free)))
	Walk w = {.root_fd = root_fd, .cur = -1, .flags = open_flags, .host = host};
	w.todo = xstrdup(path);
	w.rest = w.todo;
	char name[NAME_MAX + 1];
	bool last = false;
	int r = walk_enter(&w, dup_fd(root_fd));
	while (r == 0 && (r = walk_next(&w, name, &last)) == 1)
		r = walk_component(&w, name, last);
	return r < 0 ? r : walk_result(&w);
}

int mount_resolve_walk(int root_fd, const char *path, int open_flags)
{
	return walk(root_fd, path, open_flags, false);
}

int mount_resolve(int root_fd, const char *dest, int open_flags)
{
	if (mnt_api_no_openat2())
		return mount_resolve_walk(root_fd, dest, open_flags);
	const char *p = *dest ? dest : ".";
	int fd;
	do
		fd = sys_openat2(root_fd, p, (uint64_t)(open_flags | O_CLOEXEC),
				 RESOLVE_IN_ROOT | RESOLVE_NO_MAGICLINKS);
	while (fd == -EAGAIN || fd == -EINTR);
	return fd;
}

/* Resolve the host path src (relative to the host root). Host symlinks are
 * followed as the host sees them, absolute ones included, and so are
 * procfs's magic links (Flatpak binds /proc/self/ns/user): a source is the
 * caller's own file, unlike a destination, which never follows one. */
int mount_resolve_host(int oldroot_fd, const char *src)
{
	if (mnt_api_no_openat2())
		return walk(oldroot_fd, src, O_PATH, true);
	int fd = mount_resolve(oldroot_fd, src, O_PATH);
	/* openat2 refuses every magic link: walk the path instead */
	if (fd == -ELOOP || fd == -EXDEV)
		fd = walk(oldroot_fd, src, O_PATH, true);
	return fd;
}

/* Make directory 'name' in 'parent', which is 'path' without its last
 * component, with mode m (parents) or the mode asked for (the last one);
 * returns the O_PATH fd of 'path', resolved again inside the root. */
static int make_dir(MountCtx *ctx, int parent, const char *name, const char *path, mode_t m,
		    bool last)
{
	bool made = mkdirat(parent, name, m) == 0;
	if (!made && errno != EEXIST)
		return -errno;
	/* mkdirat drops some bits (setgid): set the mode asked for */
	if (last && m != 0755) {
		cleanup_fd int dfd =
			openat(parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		if (dfd >= 0)
			(void)fchmod(dfd, m);
	}
	if (!made || !last)
		return mount_resolve(ctx->newroot_fd, path, O_PATH | O_DIRECTORY);
	/* the directory just made: one component, never a symlink */
	ctx->made_fresh = true;
	int fd = openat(parent, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

void mount_forget_made_in(MountCtx *ctx)
{
	free(ctx->made_in);
	ctx->made_in = NULL;
	if (ctx->made_in_fd >= 0)
		close(ctx->made_in_fd);
	ctx->made_in_fd = -1;
	ctx->made_fresh = false;
}

/* The directory dir (len bytes of it), from the last step's when it is the
 * same (MountCtx.made_in), else looked up and kept for the next step.
 * Borrowed: the caller does not close it. */
static int made_in(MountCtx *ctx, const char *dir, size_t len)
{
	if (ctx->made_in && strlen(ctx->made_in) == len && memcmp(ctx->made_in, dir, len) == 0)
		return ctx->made_in_fd;
	cleanup_free char *path = xasprintf("%.*s", (int)len, dir);
	int fd = mount_resolve(ctx->newroot_fd, path, O_PATH | O_DIRECTORY);
	if (fd < 0)
		return fd;
	mount_forget_made_in(ctx);
	ctx->made_in = steal_ptr(&path);
	ctx->made_in_fd = fd;
	return fd;
}

/* Was dest found missing by its step's check, just before? */
static bool known_absent(MountCtx *ctx, const char *dest)
{
	bool absent = ctx->dest_absent == dest;
	ctx->dest_absent = NULL;
	return absent;
}

int ensure_dir(MountCtx *ctx, const char *dest, mode_t mode)
{
	int fd = known_absent(ctx, dest)
			 ? -ENOENT
			 : mount_resolve(ctx->newroot_fd, dest, O_PATH | O_DIRECTORY);
	if (fd != -ENOENT)
		return fd;
	/* most often only the last component is missing (binds side by side in
	 * one directory): its parent first, before a walk from the root */
	const char *last = strrchr(dest, '/');
	if (!last)
		return make_dir(ctx, ctx->newroot_fd, dest, dest, mode, true);
	int dir_fd = made_in(ctx, dest, (size_t)(last - dest));
	if (dir_fd >= 0)
		return make_dir(ctx, dir_fd, last + 1, dest, mode, true);
	if (dir_fd != -ENOENT)
		return dir_fd;
	cleanup_free char *buf = xstrdup(dest);
	cleanup_fd int parent = fcntl(ctx->newroot_fd, F_DUPFD_CLOEXEC, 3);
	if (parent < 0)
		return -errno;
	for (char *p = buf;;) {
		char *slash = strchr(p, '/');
		if (slash)
			*slash = '\0';
		/* the prefix buf[0..] names this component; resolve it whole so
		 * that a symlink in it is followed inside the root */
		int next = mount_resolve(ctx->newroot_fd, buf, O_PATH | O_DIRECTORY);
		if (next == -ENOENT)
			next = make_dir(ctx, parent, p, buf, slash ? ctx->parent_mode : mode,
					!slash);
		if (next < 0)
			return next;
		close(parent);
		parent = next;
		if (!slash)
			break;
		*slash = '/';
		p = slash + 1;
	}
	return steal_fd(&parent);
}

int ensure_parent(MountCtx *ctx, const char *dest, const char **name)
{
	const char *slash = strrchr(dest, '/');
	if (!slash) {
		*name = dest;
		int fd = fcntl(ctx->newroot_fd, F_DUPFD_CLOEXEC, 3);
		return fd < 0 ? -errno : fd;
	}
	*name = slash + 1;
	cleanup_free char *dir = xasprintf("%.*s", (int)(slash - dest), dest);
	return ensure_dir(ctx, dir, ctx->parent_mode);
}

int ensure_file(MountCtx *ctx, const char *dest)
{
	int fd = known_absent(ctx, dest) ? -ENOENT : mount_resolve(ctx->newroot_fd, dest, O_PATH);
	if (fd != -ENOENT)
		return fd;
	const char *name;
	cleanup_fd int parent = ensure_parent(ctx, dest, &name);
	if (parent < 0)
		return parent;
	cleanup_fd int f =
		openat(parent, name, O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NOCTTY, 0444);
	if (f < 0 && errno != EEXIST && errno != ELOOP)
		return -errno;
	return mount_resolve(ctx->newroot_fd, dest, O_PATH);
}

struct MadeLink {
	dev_t dev;
	ino_t ino;
};

int check_mount_dest(MountCtx *ctx, const MountStep *s)
{
	/* the destination itself, its last component not followed: one lookup,
	 * which fails at once when it is missing (most often: it is made next) */
	cleanup_fd int fd = mount_resolve(ctx->newroot_fd, s->dest, O_PATH | O_NOFOLLOW);
	if (fd == -ENOENT)
		ctx->dest_absent = s->dest;
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0 || !S_ISLNK(st.st_mode))
		return 0;
	for (size_t i = 0; i < ctx->n_links; i++)
		if (ctx->links[i].dev == st.st_dev && ctx->links[i].ino == st.st_ino)
			return 0;
	log_error("%s %s: refusing to mount over a symlink this command line did not create",
		  s->option, log_quote(0, s->orig));
	return -ELOOP;
}

void remember_link(MountCtx *ctx, int dirfd, const char *name)
{
	struct stat st;
	if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return;
	struct MadeLink *l = array_push(&ctx->links, &ctx->n_links, sizeof *l);
	l->dev = st.st_dev;
	l->ino = st.st_ino;
}
