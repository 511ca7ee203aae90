/* option-values.c - the options' handlers: arguments checked, then recorded in the Config. */
#include "option-values.h"

#include "caps.h"
#include "cleanup.h"
#include "limit-parse.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stddef.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers ------------------------------------------------------ */

static char *own(Config *c, char *s)
{
	char **slot = array_push(&c->owned, &c->n_owned, sizeof(char *));
	*slot = s;
	return s;
}

static MountOp *push_op(ParseState *st, const OptionDef *def, OpKind kind)
{
	Config *c = st->cfg;
	MountOp *op = array_push(&c->ops, &c->n_ops, sizeof(MountOp));
	op->kind = kind;
	op->option = def->name;
	op->fd = -1;
	if (st->perms_pending) {
		op->has_perms = true;
		op->perms = st->perms;
		st->perms_pending = false;
	}
	if (st->size_pending) {
		op->size = st->size;
		st->size_pending = false;
	}
	if (st->n_layers) {
		op->layers = st->layers;
		op->n_layers = st->n_layers;
		st->layers = NULL;
		st->n_layers = 0;
	}
	return op;
}

static int bad_arg(const OptionDef *def, const char *arg, const char *why)
{
	log_error("%s: '%s': %s", def->name, log_quote(0, arg), why);
	return -EINVAL;
}

/* bubblewrap's words, which scripts match: no option name */
static int bad_fd(const char *arg)
{
	log_error("Invalid fd: %s", log_quote(0, arg));
	return -EINVAL;
}

static int check_path_arg(const OptionDef *def, const char *path)
{
	if (!*path)
		return bad_arg(def, path, "empty path");
	if (strlen(path) >= PATH_MAX)
		return bad_arg(def, path, "path is longer than PATH_MAX");
	for (const char *p = path; *p;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len > NAME_MAX)
			return bad_arg(def, path, "a path component is longer than NAME_MAX");
		p += len;
		while (*p == '/')
			p++;
	}
	return 0;
}

static void note_protocol_fd(Config *c, int fd)
{
	int *slot = array_push(&c->protocol_fds, &c->n_protocol_fds, sizeof(int));
	*slot = fd;
}

static int parse_id(const OptionDef *def, const char *arg, uint32_t *out)
{
	uint64_t v;
	/* (uid_t)-1 means "no change" to the kernel: never a valid id */
	int r = parse_u64(arg, 10, UINT32_MAX - 1, &v);
	if (r == -ERANGE)
		return bad_arg(def, arg, "out of range");
	if (r < 0)
		return bad_arg(def, arg, "not a decimal number");
	*out = (uint32_t)v;
	return 0;
}

/* ---- handlers ----------------------------------------------------------- */

int h_help(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->action = ACTION_HELP;
	st->exit_now = true;
	return 0;
}

int h_version(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->action = ACTION_VERSION;
	st->exit_now = true;
	return 0;
}

int h_args(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_arg(args[0], &fd);
	if (r < 0)
		return bad_fd(args[0]);
	cleanup_free char *data = NULL;
	size_t len = 0;
	r = read_all(fd, (size_t)64 << 20, &data, &len);
	if (r < 0) {
		log_error("%s: reading fd %d: %s", def->name, fd, strerror(-r));
		return r;
	}
	/* as with bubblewrap, an empty file adds nothing and the last argument
	 * may end at the end of the data (read_all() adds a NUL after it) */
	size_t n = 0;
	for (size_t i = 0; i < len; i++)
		n += data[i] == '\0';
	if (len > 0 && data[len - 1] != '\0')
		n++;
	if (st->n_args + n > OPTIONS_MAX_ARGS) {
		log_error("%s: fd %d: too many arguments (the limit is %d)", def->name, fd,
			  OPTIONS_MAX_ARGS);
		return -E2BIG;
	}
	/* splice the new arguments in right after "--args FD" */
	note_protocol_fd(st->cfg, fd);
	char *blob = own(st->cfg, steal_pointer(&data));
	st->args = xrealloc(st->args, (st->n_args + n + 1) * sizeof(char *));
	memmove(st->args + st->pos + n, st->args + st->pos,
		(st->n_args - st->pos + 1) * sizeof(char *));
	for (size_t i = 0, off = 0; i < n; i++) {
		st->args[st->pos + i] = blob + off;
		off += strlen(blob + off) + 1;
	}
	st->n_args += n;
	return 0;
}

int h_unshare(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	st->cfg->ns |= def->ns;
	return 0;
}

int h_unshare_try(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	st->cfg->ns_try |= def->ns;
	return 0;
}

int h_unshare_all(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->ns |= NS_IPC | NS_PID | NS_NET | NS_UTS;
	st->cfg->ns_try |= NS_USER | NS_CGROUP;
	return 0;
}

int h_share_net(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->ns &= ~(unsigned)NS_NET;
	st->cfg->ns_try &= ~(unsigned)NS_NET;
	return 0;
}

/* --uid, --gid: the id, and that it was given */
static int set_id(const OptionDef *def, const char *arg, uint32_t *id, bool *given)
{
	int r = parse_id(def, arg, id);
	if (r == 0)
		*given = true;
	return r;
}

int h_uid(ParseState *st, const OptionDef *def, char **args)
{
	return set_id(def, args[0], &st->cfg->sandbox_uid, &st->cfg->uid_set);
}

int h_gid(ParseState *st, const OptionDef *def, char **args)
{
	return set_id(def, args[0], &st->cfg->sandbox_gid, &st->cfg->gid_set);
}

int h_hostname(ParseState *st, const OptionDef *def, char **args)
{
	size_t len = strlen(args[0]);
	/* an empty one is allowed, as by bubblewrap and sethostname(2) */
	if (len > 64)
		return bad_arg(def, args[0], "a hostname has at most 64 characters");
	st->cfg->hostname = args[0];
	return 0;
}

int h_chdir(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	if (st->cfg->chdir_path)
		log_warning("Only the last %s option will take effect", def->name);
	st->cfg->chdir_path = args[0];
	return 0;
}

static int check_env_name(const OptionDef *def, const char *name)
{
	if (!*name)
		return bad_arg(def, name, "empty variable name");
	if (strchr(name, '='))
		return bad_arg(def, name, "a variable name cannot contain '='");
	return 0;
}

/* --setenv, --unsetenv, --clearenv: applied in order. name is NULL for
 * --clearenv, value for all but --setenv. */
static int push_env(ParseState *st, const OptionDef *def, EnvOpKind kind, const char *name,
		    const char *value)
{
	int r = name ? check_env_name(def, name) : 0;
	if (r < 0)
		return r;
	Config *c = st->cfg;
	EnvOp *e = array_push(&c->env, &c->n_env, sizeof(EnvOp));
	e->kind = kind;
	e->name = name;
	e->value = value;
	return 0;
}

int h_setenv(ParseState *st, const OptionDef *def, char **args)
{
	return push_env(st, def, ENV_SET, args[0], args[1]);
}

int h_unsetenv(ParseState *st, const OptionDef *def, char **args)
{
	return push_env(st, def, ENV_UNSET, args[0], NULL);
}

int h_clearenv(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	return push_env(st, def, ENV_CLEAR, NULL, NULL);
}

int h_argv0(ParseState *st, const OptionDef *def, char **args)
{
	(void)def;
	st->cfg->argv0 = args[0];
	return 0;
}

/* The Config field an option sets, named in the table with offsetof. */
#define CONFIG_FIELD(cfg, def, type) ((type *)(void *)((char *)(cfg) + (def)->field))

int h_bool(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	*CONFIG_FIELD(st->cfg, def, bool) = true;
	return 0;
}

/* --level-prefix: from here on, diagnostics (the parser's too) carry it */
int h_level_prefix(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->level_prefix = true;
	log_set_level_prefix(true);
	return 0;
}

int h_bind(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r == 0)
		r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, OP_BIND);
	op->flags = def->op_flags;
	op->src = args[0];
	op->dest = args[1];
	return 0;
}

/* --remount-ro, --proc, --dev, --tmpfs, --dir, --mqueue: one DEST */
int h_dest(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, def->op);
	op->dest = args[0];
	return 0;
}

int h_symlink(ParseState *st, const OptionDef *def, char **args)
{
	if (!*args[0])
		return bad_arg(def, args[0], "empty symlink target");
	if (strlen(args[0]) >= PATH_MAX)
		return bad_arg(def, args[0], "symlink target is longer than PATH_MAX");
	int r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, OP_SYMLINK);
	op->src = args[0];
	op->dest = args[1];
	return 0;
}

static int parse_fd_checked(const OptionDef *def, const char *arg, int *fd)
{
	int r = parse_fd_arg(arg, fd);
	if (r < 0)
		return bad_fd(arg);
	if (fcntl(*fd, F_GETFD) < 0)
		return bad_arg(def, arg, "not an open file descriptor");
	return 0;
}

/* --bind-fd, --ro-bind-fd, --file, --bind-data, --ro-bind-data: FD DEST */
int h_fd_dest(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r == 0)
		r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, def->op);
	op->fd = fd;
	note_protocol_fd(st->cfg, fd);
	op->dest = args[1];
	op->flags = def->op_flags;
	return 0;
}

static int parse_octal(const OptionDef *def, const char *arg, mode_t *out)
{
	uint64_t v;
	int r = parse_u64(arg, 8, 07777, &v);
	if (r == -ERANGE)
		return bad_arg(def, arg, "out of range (at most 07777)");
	if (r < 0)
		return bad_arg(def, arg, "not an octal mode");
	*out = (mode_t)v;
	return 0;
}

int h_perms(ParseState *st, const OptionDef *def, char **args)
{
	if (st->perms_pending) {
		log_error("%s: given twice for the same operation", def->name);
		return -EINVAL;
	}
	int r = parse_octal(def, args[0], &st->perms);
	if (r < 0)
		return r;
	st->perms_pending = true;
	return 0;
}

int h_size(ParseState *st, const OptionDef *def, char **args)
{
	if (st->size_pending) {
		log_error("%s: given twice for the same operation", def->name);
		return -EINVAL;
	}
	uint64_t v;
	int r = parse_u64(args[0], 10, (uint64_t)SIZE_MAX >> 1, &v);
	if (r == -ERANGE)
		return bad_arg(def, args[0], "out of range");
	if (r < 0)
		return bad_arg(def, args[0], "not a decimal number of bytes");
	if (v == 0)
		return bad_arg(def, args[0], "a size must be at least 1 byte");
	st->size = v;
	st->size_pending = true;
	return 0;
}

int h_chmod(ParseState *st, const OptionDef *def, char **args)
{
	mode_t m;
	int r = parse_octal(def, args[0], &m);
	if (r == 0)
		r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, OP_CHMOD);
	op->dest = args[1];
	op->has_perms = true;
	op->perms = m;
	return 0;
}

int h_overlay_src(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	const char **slot = array_push(&st->layers, &st->n_layers, sizeof(char *));
	*slot = args[0];
	return 0;
}

/* --overlay RWSRC WORKDIR DEST, --tmp-overlay DEST, --ro-overlay DEST */
int h_overlay(ParseState *st, const OptionDef *def, char **args)
{
	OpKind kind = def->op;
	size_t need = kind == OP_RO_OVERLAY ? 2 : 1;
	if (st->n_layers < need) {
		log_error("%s requires at least %s --overlay-src", def->name,
			  need == 1 ? "one" : "two");
		return -EINVAL;
	}
	for (int i = 0; i < def->n_args; i++) {
		int r = check_path_arg(def, args[i]);
		if (r < 0)
			return r;
	}
	MountOp *op = push_op(st, def, kind);
	op->flags = def->op_flags;
	if (kind == OP_OVERLAY) {
		op->src = args[0];
		op->workdir = args[1];
		op->dest = args[2];
	} else {
		op->dest = args[0];
	}
	/* the layers now belong to the config */
	Config *c = st->cfg;
	char **own_slot = array_push(&c->owned, &c->n_owned, sizeof(char *));
	*own_slot = (char *)op->layers;
	return 0;
}

/* --info-fd, --json-status-fd, --block-fd, --userns-block-fd, --sync-fd,
 * --userns, --userns2, --pidns, --netns */
int h_fd(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r < 0)
		return r;
	*CONFIG_FIELD(st->cfg, def, int) = fd;
	if (!def->kept_by_sandbox)
		note_protocol_fd(st->cfg, fd);
	return 0;
}

/* --seccomp (legacy: the last one wins) and --add-seccomp-fd (stacked) */
static int add_seccomp_fd(ParseState *st, const OptionDef *def, char **args, bool legacy)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r < 0)
		return r;
	Config *c = st->cfg;
	if (c->n_seccomp_fds && c->seccomp_legacy != legacy) {
		log_error("%s cannot be combined with %s", def->name,
			  legacy ? "--add-seccomp-fd" : "--seccomp");
		return -EINVAL;
	}
	c->seccomp_legacy = legacy;
	if (legacy)
		c->n_seccomp_fds = 0; /* the last --seccomp wins */
	int *slot = array_push(&c->seccomp_fds, &c->n_seccomp_fds, sizeof(int));
	*slot = fd;
	note_protocol_fd(c, fd);
	return 0;
}

int h_seccomp_legacy(ParseState *st, const OptionDef *def, char **args)
{
	return add_seccomp_fd(st, def, args, true);
}

int h_add_seccomp_fd(ParseState *st, const OptionDef *def, char **args)
{
	return add_seccomp_fd(st, def, args, false);
}

/* --cap-add and --cap-drop, applied in order */
static int add_cap_op(ParseState *st, const OptionDef *def, char **args, bool add)
{
	uint64_t mask;
	if (caps_mask_from_name(args[0], &mask) < 0)
		return bad_arg(def, args[0], "unknown capability");
	Config *c = st->cfg;
	CapOp *op = array_push(&c->caps, &c->n_caps, sizeof(CapOp));
	op->add = add;
	op->mask = mask;
	return 0;
}

int h_cap_add(ParseState *st, const OptionDef *def, char **args)
{
	return add_cap_op(st, def, args, true);
}

int h_cap_drop(ParseState *st, const OptionDef *def, char **args)
{
	return add_cap_op(st, def, args, false);
}

int h_label(ParseState *st, const OptionDef *def, char **args)
{
	if (!*args[0])
		return bad_arg(def, args[0], "empty label");
#ifndef HAVE_SELINUX
	(void)st;
	log_error("%s: this bwrap was built without SELinux support", def->name);
	return -EOPNOTSUPP;
#else
	*CONFIG_FIELD(st->cfg, def, const char *) = args[0];
	return 0;
#endif
}

static const struct {
	const char *name;
	int resource;
} rlimit_names[] = {
	{"as", RLIMIT_AS},	   {"core", RLIMIT_CORE},   {"cpu", RLIMIT_CPU},
	{"data", RLIMIT_DATA},	   {"fsize", RLIMIT_FSIZE}, {"memlock", RLIMIT_MEMLOCK},
	{"nofile", RLIMIT_NOFILE}, {"nproc", RLIMIT_NPROC}, {"stack", RLIMIT_STACK},
};
#define N_RLIMIT_NAMES (sizeof rlimit_names / sizeof rlimit_names[0])

/* "as, core, ..., stack": for --help and for the error on an unknown one */
void rlimit_list(const OptionDef *def, char *out, size_t size)
{
	(void)def;
	out[0] = '\0';
	for (size_t i = 0; i < N_RLIMIT_NAMES; i++)
		list_add(out, size, i, N_RLIMIT_NAMES, rlimit_names[i].name, ", ");
}

static int parse_rlim_value(const char *s, uint64_t *out)
{
	if (strcmp(s, "unlimited") == 0 || strcmp(s, "infinity") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	return parse_u64(s, 10, RLIM_INFINITY - 1, out);
}

/* --rlimit NAME=SOFT[:HARD], names as in prlimit(1); one value sets both. */
int h_rlimit(ParseState *st, const OptionDef *def, char **args)
{
	const char *eq = strchr(args[0], '=');
	if (!eq)
		return bad_arg(def, args[0], "expected NAME=SOFT[:HARD]");
	size_t nlen = (size_t)(eq - args[0]);
	int resource = -1;
	for (size_t i = 0; i < N_RLIMIT_NAMES; i++)
		if (strlen(rlimit_names[i].name) == nlen &&
		    strncmp(rlimit_names[i].name, args[0], nlen) == 0)
			resource = rlimit_names[i].resource;
	if (resource < 0) {
		char names[128], why[160];
		rlimit_list(def, names, sizeof names);
		snprintf(why, sizeof why, "unknown limit (%s)", names);
		return bad_arg(def, args[0], why);
	}
	cleanup_free char *buf = xstrdup(eq + 1);
	char *colon = strchr(buf, ':');
	if (colon)
		*colon = '\0';
	uint64_t soft, hard;
	if (parse_rlim_value(buf, &soft) < 0 ||
	    (colon ? parse_rlim_value(colon + 1, &hard) : parse_rlim_value(buf, &hard)) < 0)
		return bad_arg(def, args[0], "a limit is a number or 'unlimited'");
	if (soft > hard)
		return bad_arg(def, args[0], "the soft limit is above the hard limit");
	Config *c = st->cfg;
	RlimitOp *op = array_push(&c->rlimits, &c->n_rlimits, sizeof *op);
	op->resource = resource;
	op->name = args[0];
	op->soft = soft;
	op->hard = hard;
	return 0;
}

/* --time-limit SECONDS, with up to three decimals */
int h_time_limit(ParseState *st, const OptionDef *def, char **args)
{
	char whole[32], frac[4] = "000";
	const char *dot = strchr(args[0], '.');
	size_t wl = dot ? (size_t)(dot - args[0]) : strlen(args[0]);
	if (wl == 0 || wl >= sizeof whole)
		return bad_arg(def, args[0], "not a number of seconds");
	memcpy(whole, args[0], wl);
	whole[wl] = '\0';
	if (dot) {
		size_t fl = strlen(dot + 1);
		if (fl == 0 || fl > 3 || strspn(dot + 1, "0123456789") != fl)
			return bad_arg(def, args[0], "at most three decimals");
		memcpy(frac, dot + 1, fl);
	}
	uint64_t s, ms;
	if (parse_u64(whole, 10, UINT32_MAX, &s) < 0 || parse_u64(frac, 10, 999, &ms) < 0)
		return bad_arg(def, args[0], "not a number of seconds");
	if (s == 0 && ms == 0)
		return bad_arg(def, args[0], "the limit must be more than 0");
	st->cfg->time_limit_ms = s * 1000 + ms;
	return 0;
}

/* --memory-max, --memory-swap-max */
static int cgroup_bytes(ParseState *st, const OptionDef *def, const char *arg, unsigned bit,
			uint64_t *out)
{
	int r = limits_parse_bytes(arg, out);
	if (r < 0)
		return bad_arg(def, arg,
			       r == -ERANGE ? "too large"
					    : "expected bytes with K, M, G or T, or 'max'");
	st->cfg->cgroup.set |= bit;
	return 0;
}

int h_memory_max(ParseState *st, const OptionDef *def, char **args)
{
	return cgroup_bytes(st, def, args[0], CG_MEMORY_MAX, &st->cfg->cgroup.memory_max);
}

int h_memory_swap_max(ParseState *st, const OptionDef *def, char **args)
{
	return cgroup_bytes(st, def, args[0], CG_MEMORY_SWAP_MAX, &st->cfg->cgroup.memory_swap_max);
}

int h_pids_max(ParseState *st, const OptionDef *def, char **args)
{
	if (limits_parse_count(args[0], &st->cfg->cgroup.pids_max) < 0)
		return bad_arg(def, args[0], "expected a number of at least 1, or 'max'");
	st->cfg->cgroup.set |= CG_PIDS_MAX;
	return 0;
}

int h_cpu_max(ParseState *st, const OptionDef *def, char **args)
{
	CgroupLimits *l = &st->cfg->cgroup;
	if (limits_parse_cpu_max(args[0], &l->cpu_quota_us, &l->cpu_period_us) < 0)
		return bad_arg(def, args[0],
			       "expected QUOTA[/PERIOD] in microseconds (1000 to 1000000), N% of "
			       "one CPU, or 'max'");
	l->set |= CG_CPU_MAX;
	return 0;
}

int h_cpu_weight(ParseState *st, const OptionDef *def, char **args)
{
	uint64_t v;
	if (parse_u64(args[0], 10, 10000, &v) < 0 || v == 0)
		return bad_arg(def, args[0], "expected a weight from 1 to 10000");
	st->cfg->cgroup.cpu_weight = v;
	st->cfg->cgroup.set |= CG_CPU_WEIGHT;
	return 0;
}

int h_cgroup_parent(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	st->cfg->cgroup.parent = args[0];
	return 0;
}

/* --monotonic-offset, --boottime-offset: def->field is the offset */
int h_time_offset(ParseState *st, const OptionDef *def, char **args)
{
	int64_t v;
	if (limits_parse_seconds(args[0], &v) < 0)
		return bad_arg(def, args[0], "expected a whole number of seconds");
	memcpy((char *)st->cfg + def->field, &v, sizeof v);
	st->cfg->time_offset_option = def->name;
	return 0;
}

/* --allow-connect PORT, --allow-bind PORT */
static int parse_port(const OptionDef *def, const char *arg, uint16_t *port)
{
	uint64_t v;
	if (parse_u64(arg, 10, 65535, &v) < 0)
		return bad_arg(def, arg, "not a TCP port (0 to 65535)");
	*port = (uint16_t)v;
	return 0;
}

/* the PortList named by def->field */
int h_port(ParseState *st, const OptionDef *def, char **args)
{
	uint16_t port;
	int r = parse_port(def, args[0], &port);
	if (r < 0)
		return r;
	PortList *list = CONFIG_FIELD(st->cfg, def, PortList);
	*(uint16_t *)array_push(&list->ports, &list->n, sizeof port) = port;
	return 0;
}

int h_seccomp_profile(ParseState *st, const OptionDef *def, char **args)
{
	if (!*args[0])
		return bad_arg(def, args[0], "empty profile name");
	Config *c = st->cfg;
	const char **slot =
		array_push(&c->seccomp_profiles, &c->n_seccomp_profiles, sizeof(char *));
	*slot = args[0];
	return 0;
}

/* --print-seccomp-profile default|FILE: main prints it as OCI JSON */
int h_print_profile(ParseState *st, const OptionDef *def, char **args)
{
	(void)def;
	st->cfg->action = ACTION_PRINT_PROFILE;
	st->cfg->print_profile = args[0];
	st->exit_now = true;
	return 0;
}
