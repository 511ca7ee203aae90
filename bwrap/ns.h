/* ns.h - the namespaces: one table from the NS_* bits to the kernel's
 * CLONE_NEW* flags and /proc/PID/ns names; creating them with clone. */
#pragma once

#include "config.h"
#include "json-writer.h"

#include <sys/types.h>

/* The NS_* bits -> CLONE_NEW* flags (CLONE_NEWNS always). */
int ns_clone_flags(unsigned ns);

/* Fork with raw CLONE_NEW* flags (like fork(): 0 in the child).
 * Returns the child pid or -errno. */
pid_t ns_spawn(int clone_flags);

/* The same, vfork-like: the child shares our memory and runs fn(arg) on a
 * stack of its own while we wait, until it execs the command or exits; so
 * no page table is copied and no page copied on write. For a child that
 * needs nothing from us before its exec and never returns from fn. Under
 * AddressSanitizer, a plain fork (we go on at once).
 * Returns the child pid (once it has exec'd or exited) or -errno. */
pid_t ns_spawn_vfork(int clone_flags, int (*fn)(void *), void *arg);

/* Which of the NS_* bits in 'which' does this kernel support at all? Each
 * probe is a path lookup in /proc: only the ones asked about are made. */
unsigned ns_available(unsigned which);

/* Add to j the id (inode number) of each namespace of 'pid' that was
 * created (NS_* bits in ns, and the mount namespace), as
 * "NAME-namespace": the launcher protocol's --info-fd keys. */
void ns_json_ids(JsonObject *j, pid_t pid, unsigned ns);
