/* child.h - the sandbox side: everything between clone and execve. */
#pragma once

#include "config.h"
#include "mount-plan.h"
#include "seccomp-set.h"

#include <signal.h>

typedef struct {
	const Config *cfg;
	const MountPlan *plan;
	unsigned ns; /* namespaces actually created */
	int unshare_flags; /* CLONE_NEW* still to create, after --userns/--pidns */
	bool own_maps; /* write our own id maps (the parent does not) */
	bool late_ns; /* namespaces made after the first release: wait for a second */
	int go_fd; /* read end: the parent says "go" (or dies) */
	int sync_sock; /* to the parent: "set up", with fds to hold */
	int status_fd; /* to the parent: the command's exit code (pid 1) */
	const char *host_cwd; /* the caller's cwd, tried inside the sandbox */
	const SeccompSet *seccomp;
	uint64_t deadline_ms; /* --time-limit: when pid 1 ends the sandbox */
	sigset_t caller_mask; /* the signal mask bwrap was started with: bwrap
				 may hold signals already when it clones */
} ChildArgs;

/* Runs the checklist and execs the command. Returns only on failure, with
 * -errno, after logging one line. */
int child_run(const ChildArgs *a);
