/* mount-api.c - new mount API, and the classic fallback. */
#include "mount-api.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/syscall.h>
#include <unistd.h>

static bool legacy_mount, legacy_openat2, has_fsmount;

void mnt_api_init(void)
{
	const char *force = getenv("BWRAP_TEST_LEGACY_KERNEL");
	bool forced = force && strcmp(force, "1") == 0;
	/* an invalid call tells whether the syscall exists: EBADF or EINVAL vs
	 * ENOSYS. The new API needs mount_setattr (5.12) as well as open_tree
	 * (5.2): Linux 5.10 has the one but not the other. */
	legacy_mount = forced || (syscall(SYS_open_tree, -1, "", 0) < 0 && errno == ENOSYS) ||
		       (syscall(SYS_mount_setattr, -1, "", 0, NULL, 0) < 0 && errno == ENOSYS);
	has_fsmount = !forced && !(syscall(SYS_open_tree, -1, "", 0) < 0 && errno == ENOSYS);
	legacy_openat2 = forced || (syscall(SYS_openat2, -1, "", NULL, 0) < 0 && errno == ENOSYS);
}

bool mnt_api_legacy(void)
{
	return legacy_mount;
}

bool mnt_api_no_openat2(void)
{
	return legacy_openat2;
}

/* ---- new API ------------------------------------------------------------- */

static int attach(int tree_fd, int dest_fd)
{
	if (move_mount(tree_fd, "", dest_fd, "",
		       MOVE_MOUNT_F_EMPTY_PATH | MOVE_MOUNT_T_EMPTY_PATH) < 0)
		return -errno;
	return 0;
}

static int setattr_fd(int fd, uint64_t attrs, bool recursive)
{
	struct mount_attr attr = {.attr_set = attrs};
	unsigned flags = AT_EMPTY_PATH | (recursive ? AT_RECURSIVE : 0);
	if (mount_setattr(fd, "", flags, &attr, sizeof attr) < 0)
		return -errno;
	return 0;
}

static int new_bind(int src_fd, int dest_fd, uint64_t attrs)
{
	cleanup_fd int tree = open_tree(
		src_fd, "", OPEN_TREE_CLONE | OPEN_TREE_CLOEXEC | AT_RECURSIVE | AT_EMPTY_PATH);
	if (tree < 0)
		return -errno;
	int r = setattr_fd(tree, attrs, true);
	return r < 0 ? r : attach(tree, dest_fd);
}

static int new_fs(const char *type, const char *const *opts, uint64_t attrs, int dest_fd)
{
	cleanup_fd int fs = fsopen(type, FSOPEN_CLOEXEC);
	if (fs < 0)
		return -errno;
	/* the source mountinfo shows, "tmpfs" rather than "none", as mount(2)
	 * is given by the classic API below and by bubblewrap */
	if (fsconfig(fs, FSCONFIG_SET_STRING, "source", type, 0) < 0)
		return -errno;
	for (; opts && opts[0]; opts += 2) {
		int r = opts[1] ? fsconfig(fs, FSCONFIG_SET_STRING, opts[0], opts[1], 0)
				: fsconfig(fs, FSCONFIG_SET_FLAG, opts[0], NULL, 0);
		if (r < 0)
			return -errno;
	}
	if (fsconfig(fs, FSCONFIG_CMD_CREATE, NULL, NULL, 0) < 0)
		return -errno;
	cleanup_fd int m = fsmount(fs, FSMOUNT_CLOEXEC, (unsigned)attrs);
	if (m < 0)
		return -errno;
	return attach(m, dest_fd);
}

/* ---- classic API ---------------------------------------------------------- */

char *mnt_fd_path(int fd)
{
	return xasprintf("/oldroot/proc/self/fd/%d", fd);
}

static unsigned long ms_flags(uint64_t attrs)
{
	unsigned long f = 0;
	if (attrs & MOUNT_ATTR_RDONLY)
		f |= MS_RDONLY;
	if (attrs & MOUNT_ATTR_NOSUID)
		f |= MS_NOSUID;
	if (attrs & MOUNT_ATTR_NODEV)
		f |= MS_NODEV;
	if (attrs & MOUNT_ATTR_NOEXEC)
		f |= MS_NOEXEC;
	return f;
}

/* The flags a remount must keep: those the mount has now (a user namespace
 * may not clear the ones it inherited locked). */
static unsigned long current_flags(const char *opts)
{
	static const struct {
		const char *name;
		unsigned long flag;
	} known[] = {
		{"ro", MS_RDONLY},	   {"nosuid", MS_NOSUID},   {"nodev", MS_NODEV},
		{"noexec", MS_NOEXEC},	   {"noatime", MS_NOATIME}, {"nodiratime", MS_NODIRATIME},
		{"relatime", MS_RELATIME},
	};
	unsigned long f = 0;
	cleanup_free char *copy = xstrdup(opts);
	char *save = NULL;
	for (char *o = strtok_r(copy, ",", &save); o; o = strtok_r(NULL, ",", &save))
		for (size_t i = 0; i < sizeof known / sizeof known[0]; i++)
			if (strcmp(o, known[i].name) == 0)
				f |= known[i].flag;
	return f;
}

/* mountinfo escapes space, tab, newline and backslash as \ooo */
static void unescape(char *s)
{
	char *o = s;
	for (char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] >= '0' && p[1] <= '3' && p[2] >= '0' && p[2] <= '7' &&
		    p[3] >= '0' && p[3] <= '7') {
			*o++ = (char)((p[1] - '0') * 64 + (p[2] - '0') * 8 + (p[3] - '0'));
			p += 3;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
}

static bool under(const char *mp, const char *top, bool recursive)
{
	size_t n = strlen(top);
	if (strcmp(mp, top) == 0)
		return true;
	if (!recursive || strncmp(mp, top, n) != 0)
		return false;
	return strcmp(top, "/") == 0 || mp[n] == '/';
}

typedef struct {
	char **points; /* mount points, in mountinfo's order */
	unsigned long *flags; /* the flags each mount has now */
	unsigned *ids, *parents; /* mount ids, and their parents' */
	size_t n;
} MountList;

static void mount_list_free(MountList *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->points[i]);
	free(l->points);
	free(l->flags);
	free(l->ids);
	free(l->parents);
}

static void mount_list_add(MountList *l, char *const fields[6])
{
	size_t n = l->n + 1;
	l->points = xrealloc(l->points, n * sizeof *l->points);
	l->flags = xrealloc(l->flags, n * sizeof *l->flags);
	l->ids = xrealloc(l->ids, n * sizeof *l->ids);
	l->parents = xrealloc(l->parents, n * sizeof *l->parents);
	l->points[l->n] = xstrdup(fields[4]);
	l->flags[l->n] = current_flags(fields[5]);
	l->ids[l->n] = (unsigned)strtoul(fields[0], NULL, 10);
	l->parents[l->n] = (unsigned)strtoul(fields[1], NULL, 10);
	l->n = n;
}

/* The mounts at 'path' (and below it, if recursive), from mountinfo. */
static int mounts_under(const char *path, bool recursive, MountList *l)
{
	FILE *f = fopen("/oldroot/proc/self/mountinfo", "re");
	if (!f)
		return -errno;
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0) {
		/* id parent major:minor root mountpoint options ... */
		char *fields[6] = {0};
		char *save = NULL, *p = line;
		for (int i = 0; i < 6; i++, p = NULL)
			fields[i] = strtok_r(p, " ", &save);
		if (!fields[5])
			continue;
		unescape(fields[4]);
		if (under(fields[4], path, recursive))
			mount_list_add(l, fields);
	}
	free(line);
	(void)fclose(f); /* read only: nothing to lose */
	return 0;
}

/* A path cannot reach a mount with another stacked on top of it (on the
 * same mount point), nor anything mounted under that one: walking up from
 * the mount, no mount on the way may have a cover other than the one the
 * walk came from. */
static bool hidden(const MountList *l, size_t i)
{
	size_t from = l->n;
	for (size_t depth = 0; depth < l->n; depth++) {
		size_t parent = l->n;
		for (size_t j = 0; j < l->n; j++) {
			if (j != from && l->parents[j] == l->ids[i] &&
			    strcmp(l->points[j], l->points[i]) == 0)
				return true;
			if (l->ids[j] == l->parents[i])
				parent = j;
		}
		if (parent == l->n)
			return false;
		from = i;
		i = parent;
	}
	return false;
}

/* Remount the mount at 'path' (and those below it) adding 'add'. This is the
 * one place that reads mountinfo, and only on kernels without mount_setattr.
 * Each mount a path reaches is remounted with its own flags; those stacked
 * over (a /proc on a read-only /proc) cannot be reached, and their flags
 * must not be applied to the one on top, which may have others locked. */
static int legacy_set_attrs_path(const char *path, unsigned long add, bool recursive)
{
	__attribute__((cleanup(mount_list_free))) MountList l = {0};
	int r = mounts_under(path, recursive, &l);
	if (r < 0)
		return r;
	if (l.n == 0)
		return -EINVAL;
	for (size_t i = 0; i < l.n; i++) {
		if (hidden(&l, i))
			continue;
		if (mount(NULL, l.points[i], NULL, MS_REMOUNT | MS_BIND | l.flags[i] | add, NULL) <
		    0)
			return -errno;
	}
	return 0;
}

static int legacy_set_attrs(int fd, uint64_t attrs, bool recursive)
{
	cleanup_free char *link = mnt_fd_path(fd);
	char path[PATH_MAX];
	ssize_t n = readlink(link, path, sizeof path - 1);
	if (n < 0)
		return -errno;
	path[n] = '\0';
	return legacy_set_attrs_path(path, ms_flags(attrs), recursive);
}

static int legacy_bind(int src_fd, int dest_fd, uint64_t attrs)
{
	cleanup_free char *src = mnt_fd_path(src_fd);
	cleanup_free char *dest = mnt_fd_path(dest_fd);
	if (mount(src, dest, NULL, MS_BIND | MS_REC | MS_SILENT, NULL) < 0)
		return -errno;
	/* the fd still names what is now underneath: this remounts by its path */
	return legacy_set_attrs(dest_fd, attrs, true);
}

static int legacy_fs(const char *type, const char *const *opts, uint64_t attrs, int dest_fd)
{
	cleanup_free char *data = xstrdup("");
	for (; opts && opts[0]; opts += 2) {
		char *next = xasprintf("%s%s%s%s%s", data, *data ? "," : "", opts[0],
				       opts[1] ? "=" : "", opts[1] ? opts[1] : "");
		free(data);
		data = next;
	}
	cleanup_free char *dest = mnt_fd_path(dest_fd);
	if (mount(type, dest, type, ms_flags(attrs) | MS_SILENT, data) < 0)
		return -errno;
	return 0;
}

/* ---- the interface ---------------------------------------------------------- */

int mnt_bind(int src_fd, int dest_fd, uint64_t attrs)
{
	return legacy_mount ? legacy_bind(src_fd, dest_fd, attrs)
			    : new_bind(src_fd, dest_fd, attrs);
}

int mnt_new(const char *type, const char *const *opts, uint64_t attrs, int dest_fd)
{
	return legacy_mount ? legacy_fs(type, opts, attrs, dest_fd)
			    : new_fs(type, opts, attrs, dest_fd);
}

int mnt_new_over(const char *type, uint64_t attrs, int dest_fd)
{
	/* mount(2) refuses a file system on a mount point where the same one
	 * is mounted at its root: EBUSY */
	return has_fsmount ? new_fs(type, NULL, attrs, dest_fd) : -ENOSYS;
}

int mnt_set_attrs(int fd, uint64_t attrs, bool recursive)
{
	return legacy_mount ? legacy_set_attrs(fd, attrs, recursive)
			    : setattr_fd(fd, attrs, recursive);
}
