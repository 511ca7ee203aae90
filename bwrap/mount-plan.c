/* mount-plan.c - pure: ops -> ordered mount steps. */
#include "mount-plan.h"

#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

char *path_normalize(const char *path)
{
	size_t len = strlen(path);
	char *out = xmalloc(len + 1);
	size_t o = 0;
	const char *p = path;
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		const char *end = strchr(p, '/');
		size_t n = end ? (size_t)(end - p) : strlen(p);
		if (n == 1 && p[0] == '.') {
			/* skip */
		} else if (n == 2 && p[0] == '.' && p[1] == '.') {
			/* pop the last component, never above the root */
			while (o > 0 && out[o - 1] != '/')
				o--;
			if (o > 0)
				o--;
		} else {
			if (o > 0)
				out[o++] = '/';
			memcpy(out + o, p, n);
			o += n;
		}
		p += n;
	}
	out[o] = '\0';
	return out;
}

/* A host path from the command line, normalised: a relative one is relative
 * to the caller's working directory, as in bubblewrap. NULL when that
 * directory is unknown. */
static char *host_path(const Config *cfg, const char *path)
{
	if (path[0] == '/')
		return path_normalize(path);
	if (!cfg->caller_cwd)
		return NULL;
	char *joined = xasprintf("%s/%s", cfg->caller_cwd, path);
	char *out = path_normalize(joined);
	free(joined);
	return out;
}

/* The parents made for something with 'mode' are no more open than it is,
 * as in bubblewrap: without group (other) access where it has none. */
static mode_t parents_mode(mode_t mode)
{
	mode_t m = 0755;
	if (!(mode & 0070))
		m &= ~(mode_t)0050;
	if (!(mode & 0007))
		m &= ~(mode_t)0005;
	return m;
}

/* A host source as the kernel will resolve it, from the host root: a
 * relative one starts in the caller's working directory (as with
 * bubblewrap), and ".." stays for the kernel to resolve, after any symlink
 * before it, not as text. NULL when that directory is unknown. */
static char *host_source(const Config *cfg, const char *src)
{
	if (src[0] == '/')
		return xstrdup(src + strspn(src, "/"));
	if (!cfg->caller_cwd)
		return NULL;
	const char *cwd = cfg->caller_cwd + strspn(cfg->caller_cwd, "/");
	return *cwd ? xasprintf("%s/%s", cwd, src) : xstrdup(src);
}

static MountStep *add(MountPlan *plan, StepKind kind, const MountOp *op, char *dest)
{
	MountStep *s = array_push(&plan->steps, &plan->n, sizeof(MountStep));
	s->kind = kind;
	s->option = op->option;
	s->orig = op->dest;
	s->dest = dest;
	s->fd = -1;
	/* an operation without a mode of its own (a bind, a symlink, --proc,
	 * --dev...) makes its parents as one of mode 0 would: 0700, as
	 * bubblewrap does; --dir, --tmpfs and the files set theirs below */
	s->parent_mode = parents_mode(0);
	return s;
}

static char *join(const char *dir, const char *name)
{
	return *dir ? xasprintf("%s/%s", dir, name) : xstrdup(name);
}

/* --dev DEST: a tmpfs that allows devices, the host's harmless device nodes
 * bound into it, a private devpts, and the usual links. */
static void plan_dev(MountPlan *plan, const MountOp *op, const char *dest)
{
	static const char *const nodes[] = {"null", "zero", "full", "random", "urandom", "tty"};
	static const char *const links[][2] = {
		{"/proc/self/fd", "fd"},       {"/proc/self/fd/0", "stdin"},
		{"/proc/self/fd/1", "stdout"}, {"/proc/self/fd/2", "stderr"},
		{"/proc/kcore", "core"},       {"pts/ptmx", "ptmx"},
	};
	/* nodev like any tmpfs: the nodes are bind mounts of their own */
	MountStep *s = add(plan, STEP_TMPFS, op, xstrdup(dest));
	s->mode = 0755;
	for (size_t i = 0; i < sizeof nodes / sizeof nodes[0]; i++) {
		s = add(plan, STEP_BIND, op, join(dest, nodes[i]));
		s->src = xasprintf("dev/%s", nodes[i]);
		s->flags = OPF_DEVICES;
	}
	s = add(plan, STEP_DIR, op, join(dest, "shm"));
	s->mode = 0755;
	s = add(plan, STEP_DIR, op, join(dest, "pts"));
	s->mode = 0755;
	add(plan, STEP_DEVPTS, op, join(dest, "pts"));
	for (size_t i = 0; i < sizeof links / sizeof links[0]; i++) {
		s = add(plan, STEP_SYMLINK, op, join(dest, links[i][1]));
		s->src = xstrdup(links[i][0]);
	}
}

/* Each operation's step, and its mode without --perms (0: it has none of
 * its own; --chmod's is always given). --dev is planned by plan_dev(). */
static const struct {
	StepKind step;
	mode_t mode;
} op_steps[OP_KIND_COUNT_] = {
	[OP_BIND] = {STEP_BIND, 0},
	[OP_REMOUNT_RO] = {STEP_REMOUNT_RO, 0},
	[OP_PROC] = {STEP_PROC, 0},
	[OP_DEV] = {STEP_TMPFS, 0},
	[OP_TMPFS] = {STEP_TMPFS, 0755},
	[OP_MQUEUE] = {STEP_MQUEUE, 0},
	[OP_DIR] = {STEP_DIR, 0755},
	[OP_SYMLINK] = {STEP_SYMLINK, 0},
	[OP_CHMOD] = {STEP_CHMOD, 0},
	[OP_FILE] = {STEP_FILE, 0666},
	[OP_BIND_DATA] = {STEP_BIND_DATA, 0600},
	[OP_BIND_FD] = {STEP_BIND_FD, 0},
	[OP_LOCK_FILE] = {STEP_LOCK_FILE, 0},
	[OP_OVERLAY] = {STEP_OVERLAY, 0},
	[OP_TMP_OVERLAY] = {STEP_OVERLAY, 0},
	[OP_RO_OVERLAY] = {STEP_OVERLAY, 0},
};

/* An overlay's host directories. -ENOENT: a relative one, and no
 * working directory to start in. */
static int plan_overlay(const Config *cfg, MountStep *s, const MountOp *op)
{
	s->n_layers = op->n_layers;
	s->layers = xcalloc(op->n_layers + 1, sizeof(char *));
	for (size_t l = 0; l < op->n_layers; l++)
		if (!(s->layers[l] = host_path(cfg, op->layers[l])))
			return -ENOENT;
	if (op->kind != OP_OVERLAY)
		return 0;
	s->src = host_path(cfg, op->src);
	s->workdir = host_path(cfg, op->workdir);
	return s->src && s->workdir ? 0 : -ENOENT;
}

/* The steps of one operation. -ENOENT: as plan_overlay(). */
static int plan_op(const Config *cfg, MountPlan *plan, const MountOp *op)
{
	char *dest = path_normalize(op->dest);
	if (op->kind == OP_DEV) {
		plan_dev(plan, op, dest);
		free(dest);
		return 0;
	}
	MountStep *s = add(plan, op_steps[op->kind].step, op, dest);
	s->flags = op->flags;
	s->fd = op->fd;
	s->size = op->size;
	if (op_steps[op->kind].mode) {
		s->mode = op->has_perms ? op->perms : op_steps[op->kind].mode;
		s->parent_mode = parents_mode(s->mode);
	}
	switch (op->kind) {
	case OP_BIND:
		return (s->src = host_source(cfg, op->src)) ? 0 : -ENOENT;
	case OP_SYMLINK:
		s->src = xstrdup(op->src);
		return 0;
	case OP_CHMOD:
		s->mode = op->perms;
		return 0;
	case OP_OVERLAY:
	case OP_TMP_OVERLAY:
	case OP_RO_OVERLAY:
		return plan_overlay(cfg, s, op);
	default:
		return 0;
	}
}

int mount_plan_build(const Config *cfg, MountPlan *plan)
{
	plan->steps = NULL;
	plan->n = 0;
	for (size_t i = 0; i < cfg->n_ops; i++) {
		if (plan_op(cfg, plan, &cfg->ops[i]) < 0) {
			mount_plan_free(plan);
			/* main's getcwd() failed, and said why */
			int e = cfg->caller_cwd_errno ? cfg->caller_cwd_errno : ENOENT;
			return log_error_errno(-e, "a relative source path: getcwd");
		}
	}
	return 0;
}

void mount_plan_free(MountPlan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		MountStep *s = &plan->steps[i];
		free(s->src);
		free(s->dest);
		free(s->workdir);
		for (size_t l = 0; l < s->n_layers; l++)
			free(s->layers[l]);
		free(s->layers);
	}
	free(plan->steps);
	plan->steps = NULL;
	plan->n = 0;
}
