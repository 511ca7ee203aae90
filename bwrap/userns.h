/* userns.h - the user namespace: id maps, and limits on nesting. */
#pragma once

#include <sys/types.h>

/* One id mapped each way: the sandbox's (inside) and the caller's. */
typedef struct {
	uid_t inside_uid, outside_uid;
	gid_t inside_gid, outside_gid;
} IdMap;

/* Write setgroups=deny, uid_map and gid_map of 'pid' (from the parent), or
 * of this process when 'pid' is 0 (from the child, in its new user
 * namespace, while still dumpable). */
int userns_write_maps(pid_t pid, const IdMap *m);

/* --disable-userns, in two halves: before the mount setup, limit this user
 * namespace to one child (returns an fd of /proc/self for the second half);
 * after it, enter a nested user namespace that cannot raise the limit. */
int userns_limit_nesting(int *proc_self_fd);
int userns_enter_nested(int proc_self_fd);

/* --assert-userns-disabled: 0 if no user namespace can be created. */
int userns_check_disabled(void);
