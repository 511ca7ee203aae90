/* userns.h - creating the namespaces and the id maps. */
#pragma once

#include "config.h"

#include <sys/types.h>

/* The NS_* bits -> CLONE_NEW* flags. */
int userns_clone_flags(unsigned ns);

/* Fork with raw CLONE_NEW* flags (like fork(): 0 in the child).
 * Returns the child pid or -errno. */
pid_t userns_spawn(int clone_flags);

/* The same, vfork-like: the child shares our memory and runs fn(arg) on a
 * stack of its own while we wait, until it execs the command or exits; so
 * no page table is copied and no page copied on write. For a child that
 * needs nothing from us before its exec and never returns from fn.
 * Returns the child pid (once it has exec'd or exited) or -errno. */
pid_t userns_spawn_vfork(int clone_flags, int (*fn)(void *), void *arg);

/* --disable-userns, in two halves: before the mount setup, limit this user
 * namespace to one child (returns an fd of /proc/self for the second half);
 * after it, enter a nested user namespace that cannot raise the limit. */
int userns_limit_nesting(int *proc_self_fd);
int userns_enter_nested(int proc_self_fd);

/* --assert-userns-disabled: 0 if no user namespace can be created. */
int userns_check_disabled(void);

/* Write setgroups=deny, uid_map and gid_map of 'pid' (from the parent), or
 * of this process when 'pid' is 0 (from the child, in its new user
 * namespace, while still dumpable), mapping inside ids to the outside ones,
 * one id each. */
int userns_write_maps(pid_t pid, uid_t inside_uid, uid_t outside_uid, gid_t inside_gid,
		      gid_t outside_gid);

/* In the child's new network namespace: bring the loopback interface up. */
int userns_loopback_up(void);

/* Which of the NS_* bits in 'which' does this kernel support at all? Each
 * probe is a path lookup in /proc: only the ones asked about are made. */
unsigned userns_available(unsigned which);
