/* mount-plan.h - pure: Config ops -> an ordered list of mount steps with
 * normalised destinations. Executed by mount.c. */
#pragma once

#include "config.h"

typedef enum {
	STEP_BIND, /* bind host path src on dest (flags: OPF_*) */
	STEP_REMOUNT_RO, /* make the mount at dest read-only */
	STEP_PROC, /* new procfs on dest */
	STEP_TMPFS, /* new tmpfs on dest (OPF_DEVICES: no nodev) */
	STEP_MQUEUE, /* new mqueue fs on dest */
	STEP_DEVPTS, /* new private devpts instance on dest */
	STEP_DIR, /* mkdir -p dest */
	STEP_SYMLINK, /* symlink src (target) at dest */
	STEP_BIND_FD, /* bind the tree of fd on dest (flags: OPF_READONLY) */
	STEP_FILE, /* copy fd's data into a new file dest */
	STEP_BIND_DATA, /* copy fd's data to a hidden file, bind it on dest */
	STEP_CHMOD, /* chmod dest to mode */
	STEP_LOCK_FILE, /* lock dest while the sandbox runs */
	STEP_OVERLAY, /* overlay of layers (+ src upper, workdir) on dest */
	STEP_KIND_COUNT_
} StepKind;

typedef struct {
	StepKind kind;
	unsigned flags;
	const char *option; /* for messages: the option the user gave */
	const char *orig; /* the DEST the user gave, for messages */
	char *src; /* STEP_BIND: host path relative to the host root;
			       STEP_SYMLINK: the target, verbatim */
	char *dest; /* normalised, relative to the new root ("" = root) */
	mode_t mode;
	mode_t parent_mode; /* of the parents of dest that must be made */
	uint64_t size;
	int fd;
	/* STEP_OVERLAY: host layers (bottom first, normalised), upper and work
	 * directories (NULL for --tmp-overlay and --ro-overlay) */
	char **layers;
	size_t n_layers;
	char *workdir;
} MountStep;

typedef struct {
	MountStep *steps;
	size_t n;
} MountPlan;

/* Lexically normalise an absolute or relative path to a root-relative one:
 * no leading or trailing '/', no empty or "." components, and ".." never
 * climbs above the root. "/" and "" give "". Always returns a new string. */
char *path_normalize(const char *path);

/* Build the plan. Pure: no system call but the one line it logs when it
 * fails: a relative host path, but cfg->caller_cwd is NULL (-errno of that
 * getcwd(), cfg->caller_cwd_errno, else -ENOENT). */
int mount_plan_build(const Config *cfg, MountPlan *plan);
void mount_plan_free(MountPlan *plan);
