/* mount-path.h - internal to mount.c and mount-path.c: a step's destination
 * in the new root, made when it is missing, and checked before a mount. The
 * resolvers themselves (mount_resolve*) are in mount.h. */
#pragma once

#include "mount.h"

/* mkdir -p inside the new root; returns an O_PATH fd of the directory. */
int ensure_dir(MountCtx *ctx, const char *dest, mode_t mode);
/* Split "a/b/c" into the parent's O_PATH fd (created if missing) and "c". */
int ensure_parent(MountCtx *ctx, const char *dest, const char **name);
/* An empty regular file to mount a non-directory on. */
int ensure_file(MountCtx *ctx, const char *dest);

/* A symlink as a mount destination would let a symlink steer the mount:
 * refuse it, except over one that this command line made with --symlink
 * (it resolves inside the new root, like every path here). */
int check_mount_dest(MountCtx *ctx, const MountStep *s);
/* The symlink 'name' in dirfd was made by --symlink: a mount may cover it. */
void remember_link(MountCtx *ctx, int dirfd, const char *name);
