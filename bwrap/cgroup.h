/* cgroup.h - the sandbox's cgroup v2: its limits, its statistics, and its
 * removal. Obtained, in this order, from a systemd manager (a transient
 * scope with Delegate=yes, cgroup-systemd.c), or made directly in a cgroup
 * v2 directory the caller may write (its own when delegated, or
 * --cgroup-parent); otherwise an error says why. */
#pragma once

#include "config.h"
#include "json-writer.h"

#include <stdbool.h>
#include <sys/types.h>

typedef struct SystemdScope SystemdScope;

/* Under the cgroup bwrap makes, the one that holds the sandbox's processes. */
#define CGROUP_LEAF "sandbox"

typedef struct {
	int dirfd; /* the sandbox's cgroup, -1 until known */
	int leaf_fd; /* CGROUP_LEAF in it, when bwrap made it */
	int parent_fd; /* its parent, when we made it (to remove it) */
	char *name; /* its name under parent_fd, when we made it */
	char *path; /* as a host path, for messages */
	SystemdScope *scope; /* the systemd path, until the scope exists */
} Cgroup;

#define CGROUP_INIT                                                                                \
	{                                                                                          \
		.dirfd = -1, .leaf_fd = -1, .parent_fd = -1                                        \
	}

/* Does the command line ask for a cgroup (a limit or --cgroup-parent)? */
bool cgroup_wanted(const Config *cfg);

/* The option to name in a message about the cgroup as a whole. */
const char *cgroup_option(const Config *cfg);

/* Before the sandbox's first process exists: connect to systemd, or make
 * the cgroup and write its limits. 0 or -errno (logged). */
int cgroup_prepare(const Config *cfg, Cgroup *cg);

/* Put the sandbox's first process (still waiting for its release) in the
 * cgroup; all it forks follows. 0 or -errno (logged). */
int cgroup_attach(const Config *cfg, Cgroup *cg, pid_t pid);

/* Once the command has ended: kill what is left in the cgroup and wait
 * until it is empty (reaping 'pid', our child), add the statistics to the
 * status line (when j is not NULL), then remove the cgroup. */
void cgroup_finish(Cgroup *cg, pid_t pid, JsonObject *j);

/* In the sandbox, after pivot_root, with a cgroup namespace whose root is
 * the sandbox's cgroup: a cgroup2 file system at /sys/fs/cgroup (or
 * /sys/fs/cgroup/unified), a bind of the host's that shows the host's tree,
 * is covered by a new one, which shows the sandbox's own cgroup and limits;
 * read-only if the bind was. */
int cgroup_mount_inside(void);

/* ---- used by cgroup-systemd.c ---- */

/* After systemd moved 'pid' into the scope 'unit': open the scope's cgroup
 * v2 directory (for the statistics; cg->dirfd stays -1 without one), and
 * check that a controller of each limit asked for holds the sandbox there.
 * 0, or -EOPNOTSUPP (logged) when a limit would not hold. */
int cgroup_open_of_pid(const Config *cfg, Cgroup *cg, pid_t pid, const char *unit);
