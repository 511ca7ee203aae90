/* mount.h - executes a MountPlan in the new mount namespace. */
#pragma once

#include "mount-plan.h"

#define MOUNT_MAX_LOCKS 64

typedef struct {
	int oldroot_fd; /* the host's root, while setting up */
	int newroot_fd; /* the sandbox's root tmpfs */
	const char *base; /* where the setup tmpfs was mounted on the host */
	const char *root_path; /* the sandbox's root during setup: /newroot, or
				  /oldroot when the host tree itself is used */
	bool in_place; /* the host tree is the root where it is: no setup
			  tmpfs, no pivot_root (mount_prepare says when) */
	bool own_pidns; /* the sandbox has a pid namespace of its own */
	bool host_proc_kept; /* the setup writes through the host's /proc after
				the plan (--disable-userns): it stays writable */
	unsigned hidden; /* counter for hidden files in the setup tmpfs */
	mode_t parent_mode; /* the current step's: for the parents it makes */
	const char *dest_absent; /* the current step's destination, when its
				    check found nothing there: not looked up again */
	/* The directory the last step made its destination in, kept open for
	 * the next step (binds side by side: one lookup of their parent, not
	 * one each). Valid for one step after a fresh mkdir there: making an
	 * entry and mounting on it changes how no existing path resolves;
	 * any other step drops it. */
	char *made_in;
	int made_in_fd;
	bool made_fresh;
	int lock_fds[MOUNT_MAX_LOCKS]; /* --lock-file: held by bwrap */
	size_t n_locks;
	/* symlinks made by this command line: the only ones a mount may cover */
	struct MadeLink *links;
	size_t n_links;
} MountCtx;

#define MOUNT_CTX_INIT                                                                             \
	{                                                                                          \
		.oldroot_fd = -1, .newroot_fd = -1, .root_path = "/newroot", .parent_mode = 0755,  \
		.made_in_fd = -1                                                                   \
	}

/* Make every mount a slave, mount the setup tmpfs and pivot into it, with the
 * host root at /oldroot and a fresh tmpfs for the sandbox at /newroot; or,
 * when the plan's root is the whole host tree and nothing later needs the
 * setup tmpfs or the host tree untouched, leave the root where it is. */
int mount_prepare(MountCtx *ctx, const MountPlan *plan);
int mount_execute(MountCtx *ctx, const MountPlan *plan);
/* Detach the host root and make /newroot the root. */
int mount_enter_root(MountCtx *ctx);
void mount_ctx_close(MountCtx *ctx);
/* Forget the directory kept for the next step (MountCtx.made_in). */
void mount_forget_made_in(MountCtx *ctx);

/* Open a path inside the new root (dest is root-relative), never leaving it:
 * ".." and symlinks, absolute or relative, are resolved as if the new root
 * were "/". Returns an fd or -errno. */
int mount_resolve(int root_fd, const char *dest, int open_flags);
/* The same without openat2, one component at a time (exported for tests). */
int mount_resolve_walk(int root_fd, const char *dest, int open_flags);
/* Open a host source (relative to the host root) as the host would, procfs's
 * magic links followed; destinations never go through this. */
int mount_resolve_host(int oldroot_fd, const char *src);
