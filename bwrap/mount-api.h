/* mount-api.h - the kernel's mount primitives, behind one interface with two
 * implementations: the new mount API (open_tree, mount_setattr, fsopen,
 * move_mount: a constant number of calls whatever the number of
 * submounts), and the classic mount(2) for kernels without it. Every
 * destination is an fd already resolved inside the new root. */
#pragma once

#include <stdbool.h>
#include <stdint.h>

/* MOUNT_ATTR_* bits (RDONLY, NOSUID, NODEV, NOEXEC) are used for both. */

/* Choose the implementation: the new API when the kernel has it, unless the
 * environment asks to test the fallbacks (BWRAP_TEST_LEGACY_KERNEL=1). */
void mnt_api_init(void);
bool mnt_api_legacy(void);
bool mnt_api_no_openat2(void);

/* During the setup, a path naming the open fd through the host's /proc
 * (at /oldroot), which the kernel follows to the very object the fd holds:
 * for the calls that take a path, not an fd (mount(2), chmod, readlink). */
char *mnt_fd_path(int fd);

/* Recursively bind src_fd's tree on dest_fd, with attrs on every mount. */
int mnt_bind(int src_fd, int dest_fd, uint64_t attrs);
/* Mount a new instance of fs 'type' on dest_fd. opts: key/value pairs, a
 * NULL value for a flag, ended by a NULL key. */
int mnt_new(const char *type, const char *const *opts, uint64_t attrs, int dest_fd);
/* Mount a new instance of fs 'type' on dest_fd where one of the same
 * super block may be mounted already (a cgroup2 in a cgroup namespace over
 * the host's): fsopen, fsmount and move_mount (Linux 5.2), even on a kernel
 * without the rest of the new API (mount_setattr, 5.12); -ENOSYS before
 * 5.2 or with BWRAP_TEST_LEGACY_KERNEL=1. */
int mnt_new_over(const char *type, uint64_t attrs, int dest_fd);
/* Add attrs to the mount at fd (and, if recursive, every mount below). */
int mnt_set_attrs(int fd, uint64_t attrs, bool recursive);
