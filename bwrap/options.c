/* options.c - argv and --args FD -> Config, driven by one option table.
 * The table also produces --help, and the consistency test checks the man
 * page and completions against it. No system calls but reading --args. */
#include "options.h"

#include "caps.h"
#include "cleanup.h"
#include "limit-parse.h"
#include "log.h"
#include "profile.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sys/resource.h>
#include <stdlib.h>
#include <string.h>

struct ParseState {
	Config *cfg;
	bool exit_now;
	/* --perms / --size / --overlay-src waiting for the option they modify */
	bool perms_pending, size_pending;
	mode_t perms;
	uint64_t size;
	const char **layers;
	size_t n_layers;
	/* the argument vector, grown in place by --args */
	char **args;
	size_t n_args;
	size_t pos;
};

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

static int h_help(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	options_print_help(stdout);
	st->exit_now = true;
	return 0;
}

static int h_version(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	/* first the line scripts parse to learn bubblewrap's version, then ours */
	printf("bubblewrap %s\nbwrap %s\n", BUBBLEWRAP_COMPAT_VERSION, BWRAP_VERSION);
	st->exit_now = true;
	return 0;
}

static int h_args(ParseState *st, const OptionDef *def, char **args)
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

static int h_unshare(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	st->cfg->ns |= def->data;
	return 0;
}

static int h_unshare_try(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	st->cfg->ns_try |= def->data;
	return 0;
}

static int h_unshare_all(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->ns |= NS_IPC | NS_PID | NS_NET | NS_UTS;
	st->cfg->ns_try |= NS_USER | NS_CGROUP;
	return 0;
}

static int h_share_net(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->ns &= ~(unsigned)NS_NET;
	st->cfg->ns_try &= ~(unsigned)NS_NET;
	return 0;
}

static int h_uid(ParseState *st, const OptionDef *def, char **args)
{
	uint32_t v;
	int r = parse_id(def, args[0], &v);
	if (r < 0)
		return r;
	st->cfg->sandbox_uid = v;
	st->cfg->uid_set = true;
	return 0;
}

static int h_gid(ParseState *st, const OptionDef *def, char **args)
{
	uint32_t v;
	int r = parse_id(def, args[0], &v);
	if (r < 0)
		return r;
	st->cfg->sandbox_gid = v;
	st->cfg->gid_set = true;
	return 0;
}

static int h_hostname(ParseState *st, const OptionDef *def, char **args)
{
	size_t len = strlen(args[0]);
	/* an empty one is allowed, as by bubblewrap and sethostname(2) */
	if (len > 64)
		return bad_arg(def, args[0], "a hostname has at most 64 characters");
	st->cfg->hostname = args[0];
	return 0;
}

static int h_chdir(ParseState *st, const OptionDef *def, char **args)
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

static int h_setenv(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_env_name(def, args[0]);
	if (r < 0)
		return r;
	Config *c = st->cfg;
	EnvOp *e = array_push(&c->env, &c->n_env, sizeof(EnvOp));
	e->kind = ENV_SET;
	e->name = args[0];
	e->value = args[1];
	return 0;
}

static int h_unsetenv(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_env_name(def, args[0]);
	if (r < 0)
		return r;
	Config *c = st->cfg;
	EnvOp *e = array_push(&c->env, &c->n_env, sizeof(EnvOp));
	e->kind = ENV_UNSET;
	e->name = args[0];
	return 0;
}

static int h_clearenv(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	Config *c = st->cfg;
	EnvOp *e = array_push(&c->env, &c->n_env, sizeof(EnvOp));
	e->kind = ENV_CLEAR;
	return 0;
}

static int h_argv0(ParseState *st, const OptionDef *def, char **args)
{
	(void)def;
	st->cfg->argv0 = args[0];
	return 0;
}

enum {
	B_DIE_WITH_PARENT,
	B_NEW_SESSION,
	B_AS_PID_1,
	B_LEVEL_PREFIX,
	B_DISABLE_USERNS,
	B_ASSERT_USERNS_DISABLED
};

static int h_bool(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	Config *c = st->cfg;
	bool *fields[] = {&c->die_with_parent, &c->new_session,	   &c->as_pid_1,
			  &c->level_prefix,    &c->disable_userns, &c->assert_userns_disabled};
	*fields[def->data] = true;
	if (def->data == B_LEVEL_PREFIX)
		log_set_level_prefix(true);
	return 0;
}

static int h_bind(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r == 0)
		r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, OP_BIND);
	op->flags = def->data;
	op->src = args[0];
	op->dest = args[1];
	return 0;
}

/* --remount-ro, --proc, --dev, --tmpfs, --dir, --mqueue: one DEST */
static int h_dest(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	MountOp *op = push_op(st, def, (OpKind)def->data);
	op->dest = args[0];
	return 0;
}

static int h_symlink(ParseState *st, const OptionDef *def, char **args)
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
static int h_fd_dest(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r == 0)
		r = check_path_arg(def, args[1]);
	if (r < 0)
		return r;
	OpKind kind = (OpKind)(def->data & 0xff);
	MountOp *op = push_op(st, def, kind);
	op->fd = fd;
	note_protocol_fd(st->cfg, fd);
	op->dest = args[1];
	op->flags = def->data >> 8;
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

static int h_perms(ParseState *st, const OptionDef *def, char **args)
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

static int h_size(ParseState *st, const OptionDef *def, char **args)
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

static int h_chmod(ParseState *st, const OptionDef *def, char **args)
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

static int h_overlay_src(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	const char **slot = array_push(&st->layers, &st->n_layers, sizeof(char *));
	*slot = args[0];
	return 0;
}

/* --overlay RWSRC WORKDIR DEST, --tmp-overlay DEST, --ro-overlay DEST */
static int h_overlay(ParseState *st, const OptionDef *def, char **args)
{
	OpKind kind = (OpKind)def->data;
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

/* --info-fd, --json-status-fd, --block-fd, --userns-block-fd, --sync-fd */
enum {
	FD_INFO,
	FD_JSON,
	FD_BLOCK,
	FD_USERNS_BLOCK,
	FD_SYNC,
	FD_USERNS,
	FD_USERNS2,
	FD_PIDNS,
	FD_NETNS
};
static int h_fd(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r < 0)
		return r;
	Config *c = st->cfg;
	int *fields[] = {&c->info_fd,	      &c->json_status_fd, &c->block_fd,
			 &c->userns_block_fd, &c->sync_fd,	  &c->userns_fd,
			 &c->userns2_fd,      &c->pidns_fd,	  &c->netns_fd};
	*fields[def->data] = fd;
	if (def->data != FD_SYNC)
		note_protocol_fd(c, fd);
	return 0;
}

static int h_seccomp(ParseState *st, const OptionDef *def, char **args)
{
	int fd;
	int r = parse_fd_checked(def, args[0], &fd);
	if (r < 0)
		return r;
	Config *c = st->cfg;
	bool legacy = def->data;
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

static int h_cap(ParseState *st, const OptionDef *def, char **args)
{
	int cap = caps_from_name(args[0]);
	if (cap < 0)
		return bad_arg(def, args[0], "unknown capability");
	Config *c = st->cfg;
	CapOp *op = array_push(&c->caps, &c->n_caps, sizeof(CapOp));
	op->add = def->data;
	op->cap = cap;
	return 0;
}

static int h_label(ParseState *st, const OptionDef *def, char **args)
{
	if (!*args[0])
		return bad_arg(def, args[0], "empty label");
#ifndef HAVE_SELINUX
	(void)st;
	log_error("%s: this bwrap was built without SELinux support", def->name);
	return -EOPNOTSUPP;
#else
	if (def->data)
		st->cfg->exec_label = args[0];
	else
		st->cfg->file_label = args[0];
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

static int parse_rlim_value(const char *s, uint64_t *out)
{
	if (strcmp(s, "unlimited") == 0 || strcmp(s, "infinity") == 0) {
		*out = RLIM_INFINITY;
		return 0;
	}
	return parse_u64(s, 10, RLIM_INFINITY - 1, out);
}

/* --rlimit NAME=SOFT[:HARD], names as in prlimit(1); one value sets both. */
static int h_rlimit(ParseState *st, const OptionDef *def, char **args)
{
	const char *eq = strchr(args[0], '=');
	if (!eq)
		return bad_arg(def, args[0], "expected NAME=SOFT[:HARD]");
	size_t nlen = (size_t)(eq - args[0]);
	int resource = -1;
	for (size_t i = 0; i < sizeof rlimit_names / sizeof rlimit_names[0]; i++)
		if (strlen(rlimit_names[i].name) == nlen &&
		    strncmp(rlimit_names[i].name, args[0], nlen) == 0)
			resource = rlimit_names[i].resource;
	if (resource < 0)
		return bad_arg(def, args[0],
			       "unknown limit (as, core, cpu, data, fsize, memlock, nofile, nproc, "
			       "stack)");
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
static int h_time_limit(ParseState *st, const OptionDef *def, char **args)
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

/* --memory-max, --memory-swap-max, --pids-max, --cpu-max, --cpu-weight:
 * def->data is the CG_* bit */
static int h_cgroup_limit(ParseState *st, const OptionDef *def, char **args)
{
	CgroupLimits *l = &st->cfg->cgroup;
	uint64_t v = 0;
	int r;
	switch (def->data) {
	case CG_MEMORY_MAX:
	case CG_MEMORY_SWAP_MAX:
		if ((r = limits_parse_bytes(args[0], &v)) < 0)
			return bad_arg(def, args[0],
				       r == -ERANGE ? "too large"
						    : "expected bytes with K, M, G or T, or 'max'");
		*(def->data == CG_MEMORY_MAX ? &l->memory_max : &l->memory_swap_max) = v;
		break;
	case CG_PIDS_MAX:
		if (limits_parse_count(args[0], &l->pids_max) < 0)
			return bad_arg(def, args[0], "expected a number of at least 1, or 'max'");
		break;
	case CG_CPU_MAX:
		if (limits_parse_cpu_max(args[0], &l->cpu_quota_us, &l->cpu_period_us) < 0)
			return bad_arg(def, args[0],
				       "expected QUOTA[/PERIOD] in microseconds (1000 to "
				       "1000000), N% of one CPU, or 'max'");
		break;
	default:
		if (parse_u64(args[0], 10, 10000, &v) < 0 || v == 0)
			return bad_arg(def, args[0], "expected a weight from 1 to 10000");
		l->cpu_weight = v;
		break;
	}
	l->set |= def->data;
	return 0;
}

static int h_cgroup_parent(ParseState *st, const OptionDef *def, char **args)
{
	int r = check_path_arg(def, args[0]);
	if (r < 0)
		return r;
	st->cfg->cgroup.parent = args[0];
	return 0;
}

/* --monotonic-offset, --boottime-offset: def->data 0 or 1 */
static int h_time_offset(ParseState *st, const OptionDef *def, char **args)
{
	int64_t v;
	if (limits_parse_seconds(args[0], &v) < 0)
		return bad_arg(def, args[0], "expected a whole number of seconds");
	*(def->data ? &st->cfg->boottime_offset : &st->cfg->monotonic_offset) = v;
	st->cfg->time_offset_option = def->name;
	return 0;
}

/* --allow-connect PORT, --allow-bind PORT */
static int h_port(ParseState *st, const OptionDef *def, char **args)
{
	uint64_t v;
	int r = parse_u64(args[0], 10, 65535, &v);
	if (r < 0)
		return bad_arg(def, args[0], "not a TCP port (0 to 65535)");
	Config *c = st->cfg;
	uint16_t *slot =
		def->data ? array_push(&c->allow_bind, &c->n_allow_bind, sizeof(uint16_t))
			  : array_push(&c->allow_connect, &c->n_allow_connect, sizeof(uint16_t));
	*slot = (uint16_t)v;
	return 0;
}

static int h_seccomp_profile(ParseState *st, const OptionDef *def, char **args)
{
	if (!*args[0])
		return bad_arg(def, args[0], "empty profile name");
	Config *c = st->cfg;
	const char **slot =
		array_push(&c->seccomp_profiles, &c->n_seccomp_profiles, sizeof(char *));
	*slot = args[0];
	return 0;
}

/* --print-seccomp-profile default|FILE: the profile as OCI JSON, then exit */
static int h_print_profile(ParseState *st, const OptionDef *def, char **args)
{
	Profile p;
	if (strcmp(args[0], "default") == 0)
		profile_default(&p);
	else if (profile_load(args[0], def->name, &p) < 0)
		return -EINVAL;
	profile_print_json(&p, stdout);
	profile_free(&p);
	st->exit_now = true;
	return 0;
}

/* Modifiers must be followed by an option they apply to. Called before each
 * option is handled, and with def == NULL when the command is reached: as
 * bubblewrap does, a --perms or --size left over at the end is ignored. */
static int check_pending(ParseState *st, const OptionDef *def)
{
	OptHandler h = def ? def->handler : NULL;
	OpKind k = def ? (OpKind)(def->data & 0xff) : OP_BIND;
	bool takes_perms = h == h_perms || h == h_size ||
			   (h == h_dest && (k == OP_DIR || k == OP_TMPFS)) ||
			   (h == h_fd_dest && (k == OP_FILE || k == OP_BIND_DATA));
	bool takes_size = h == h_perms || h == h_size || (h == h_dest && k == OP_TMPFS);
	bool takes_layers = h == h_overlay_src || h == h_overlay;
	if (st->perms_pending && def && !takes_perms) {
		log_error("--perms: must be followed by --dir, --file, --bind-data, "
			  "--ro-bind-data or --tmpfs, not %s",
			  def->name);
		return -EINVAL;
	}
	if (st->size_pending && def && !takes_size) {
		log_error("--size: must be followed by --tmpfs, not %s", def->name);
		return -EINVAL;
	}
	if (st->n_layers && !takes_layers) {
		log_error("--overlay-src must be followed by another --overlay-src or one of "
			  "--overlay, --tmp-overlay, or --ro-overlay%s%s",
			  def ? ", not " : "", def ? def->name : "");
		return -EINVAL;
	}
	return 0;
}

/* ---- the table ----------------------------------------------------------- */

#define NOARG                                                                                      \
	{                                                                                          \
		ARG_TEXT, ARG_TEXT, ARG_TEXT                                                       \
	}
#define A1(a)                                                                                      \
	{                                                                                          \
		a, ARG_TEXT, ARG_TEXT                                                              \
	}
#define A2(a, b)                                                                                   \
	{                                                                                          \
		a, b, ARG_TEXT                                                                     \
	}

const OptionDef option_table[] = {
	/* general */
	{"--help", 0, NULL, NOARG, GROUP_GENERAL, "Print this help and exit", h_help, 0},
	{"--version", 0, NULL, NOARG, GROUP_GENERAL, "Print the version and exit", h_version, 0},
	{"--args", 1, "FD", A1(ARG_FD), GROUP_GENERAL, "Parse NUL-separated arguments from FD",
	 h_args, 0},
	{"--argv0", 1, "VALUE", A1(ARG_TEXT), GROUP_GENERAL, "Set argv[0] of the command to VALUE",
	 h_argv0, 0},
	{"--level-prefix", 0, NULL, NOARG, GROUP_GENERAL,
	 "Prefix diagnostics with a syslog severity such as <3>", h_bool, B_LEVEL_PREFIX},

	/* namespaces */
	{"--unshare-user", 0, NULL, NOARG, GROUP_NAMESPACES, "Create a new user namespace",
	 h_unshare, NS_USER},
	{"--unshare-user-try", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Create a new user namespace if possible, else skip it", h_unshare_try, NS_USER},
	{"--unshare-ipc", 0, NULL, NOARG, GROUP_NAMESPACES, "Create a new IPC namespace", h_unshare,
	 NS_IPC},
	{"--unshare-pid", 0, NULL, NOARG, GROUP_NAMESPACES, "Create a new PID namespace", h_unshare,
	 NS_PID},
	{"--unshare-net", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Create a new network namespace with only loopback, brought up", h_unshare, NS_NET},
	{"--unshare-uts", 0, NULL, NOARG, GROUP_NAMESPACES, "Create a new UTS namespace", h_unshare,
	 NS_UTS},
	{"--unshare-cgroup", 0, NULL, NOARG, GROUP_NAMESPACES, "Create a new cgroup namespace",
	 h_unshare, NS_CGROUP},
	{"--unshare-cgroup-try", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Create a new cgroup namespace if possible, else skip it", h_unshare_try, NS_CGROUP},
	{"--unshare-time", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Create a new time namespace (its clocks may be offset)", h_unshare, NS_TIME},
	{"--monotonic-offset", 1, "SECONDS", A1(ARG_NUMBER), GROUP_NAMESPACES,
	 "Add SECONDS to CLOCK_MONOTONIC in the new time namespace", h_time_offset, 0},
	{"--boottime-offset", 1, "SECONDS", A1(ARG_NUMBER), GROUP_NAMESPACES,
	 "Add SECONDS to CLOCK_BOOTTIME in the new time namespace", h_time_offset, 1},
	{"--unshare-all", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Unshare every namespace possible (user-try, ipc, pid, net, uts, cgroup-try)",
	 h_unshare_all, 0},
	{"--share-net", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Keep the network namespace, overriding an earlier --unshare-net or --unshare-all",
	 h_share_net, 0},
	{"--userns", 1, "FD", A1(ARG_FD), GROUP_NAMESPACES,
	 "Use the existing user namespace FD instead of creating one", h_fd, FD_USERNS},
	{"--userns2", 1, "FD", A1(ARG_FD), GROUP_NAMESPACES,
	 "Enter the user namespace FD after setting up the sandbox", h_fd, FD_USERNS2},
	{"--pidns", 1, "FD", A1(ARG_FD), GROUP_NAMESPACES,
	 "Use the existing PID namespace FD (with --unshare-pid: as the parent)", h_fd, FD_PIDNS},
	{"--disable-userns", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Make creating further user namespaces in the sandbox impossible", h_bool,
	 B_DISABLE_USERNS},
	{"--assert-userns-disabled", 0, NULL, NOARG, GROUP_NAMESPACES,
	 "Fail unless creating user namespaces in the sandbox is already impossible", h_bool,
	 B_ASSERT_USERNS_DISABLED},
	{"--uid", 1, "UID", A1(ARG_NUMBER), GROUP_NAMESPACES,
	 "User id of the command in the sandbox (needs a user namespace)", h_uid, 0},
	{"--gid", 1, "GID", A1(ARG_NUMBER), GROUP_NAMESPACES,
	 "Group id of the command in the sandbox (needs a user namespace)", h_gid, 0},
	{"--hostname", 1, "NAME", A1(ARG_TEXT), GROUP_NAMESPACES,
	 "Hostname in the sandbox (needs --unshare-uts)", h_hostname, 0},

	/* environment */
	{"--chdir", 1, "DIR", A1(ARG_DIR), GROUP_ENVIRONMENT,
	 "Change to directory DIR in the sandbox", h_chdir, 0},
	{"--setenv", 2, "VAR VALUE", A2(ARG_ENV, ARG_TEXT), GROUP_ENVIRONMENT,
	 "Set environment variable VAR to VALUE", h_setenv, 0},
	{"--unsetenv", 1, "VAR", A1(ARG_ENV), GROUP_ENVIRONMENT, "Unset environment variable VAR",
	 h_unsetenv, 0},
	{"--clearenv", 0, NULL, NOARG, GROUP_ENVIRONMENT,
	 "Unset every environment variable but PWD; later --setenv still apply", h_clearenv, 0},

	/* launcher protocol */
	{"--info-fd", 1, "FD", A1(ARG_FD), GROUP_MONITOR,
	 "Write JSON with the child pid and namespace ids to FD", h_fd, FD_INFO},
	{"--json-status-fd", 1, "FD", A1(ARG_FD), GROUP_MONITOR,
	 "Write JSON lines to FD: the child pid at start, the exit code at the end", h_fd, FD_JSON},
	{"--block-fd", 1, "FD", A1(ARG_FD), GROUP_MONITOR,
	 "Wait for data on FD before running the command", h_fd, FD_BLOCK},
	{"--userns-block-fd", 1, "FD", A1(ARG_FD), GROUP_MONITOR,
	 "Wait for data on FD after creating the user namespace (maps written by the caller)", h_fd,
	 FD_USERNS_BLOCK},
	{"--sync-fd", 1, "FD", A1(ARG_FD), GROUP_MONITOR, "Keep FD open while the sandbox runs",
	 h_fd, FD_SYNC},

	/* process and monitoring */
	{"--die-with-parent", 0, NULL, NOARG, GROUP_MONITOR,
	 "Kill the sandbox with SIGKILL when the parent of bwrap dies", h_bool, B_DIE_WITH_PARENT},
	{"--new-session", 0, NULL, NOARG, GROUP_MONITOR,
	 "Start a new terminal session (setsid) for the command", h_bool, B_NEW_SESSION},
	{"--as-pid-1", 0, NULL, NOARG, GROUP_MONITOR,
	 "Run the command as PID 1 of the PID namespace, without a reaper", h_bool, B_AS_PID_1},

	/* filesystem */
	{"--bind", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Bind mount the host path SRC on DEST", h_bind, 0},
	{"--bind-try", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Like --bind, but skip a missing SRC", h_bind, OPF_TRY},
	{"--dev-bind", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Bind mount SRC on DEST, allowing device access", h_bind, OPF_DEVICES},
	{"--dev-bind-try", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Like --dev-bind, but skip a missing SRC", h_bind, OPF_DEVICES | OPF_TRY},
	{"--ro-bind", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Bind mount SRC read-only on DEST, submounts included", h_bind, OPF_READONLY},
	{"--ro-bind-try", 2, "SRC DEST", A2(ARG_PATH, ARG_DEST), GROUP_FILESYSTEM,
	 "Like --ro-bind, but skip a missing SRC", h_bind, OPF_READONLY | OPF_TRY},
	{"--remount-ro", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Make the mount at DEST read-only (that mount only)", h_dest, OP_REMOUNT_RO},
	{"--proc", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM, "Mount a new procfs on DEST", h_dest,
	 OP_PROC},
	{"--dev", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Mount a new minimal /dev on DEST (null, zero, full, random, urandom, tty, pts, shm)",
	 h_dest, OP_DEV},
	{"--tmpfs", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM, "Mount a new tmpfs on DEST", h_dest,
	 OP_TMPFS},
	{"--dir", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Create directory DEST (and missing parents)", h_dest, OP_DIR},
	{"--symlink", 2, "TARGET DEST", A2(ARG_TEXT, ARG_DEST), GROUP_FILESYSTEM,
	 "Create a symlink at DEST pointing to TARGET", h_symlink, 0},
	{"--bind-fd", 2, "FD DEST", A2(ARG_FD, ARG_DEST), GROUP_FILESYSTEM,
	 "Bind mount the directory or O_PATH file descriptor FD on DEST", h_fd_dest, OP_BIND_FD},
	{"--ro-bind-fd", 2, "FD DEST", A2(ARG_FD, ARG_DEST), GROUP_FILESYSTEM,
	 "Like --bind-fd, but read-only", h_fd_dest, OP_BIND_FD | (OPF_READONLY << 8)},
	{"--file", 2, "FD DEST", A2(ARG_FD, ARG_DEST), GROUP_FILESYSTEM,
	 "Copy the data of FD into a new file DEST (mode 0666)", h_fd_dest, OP_FILE},
	{"--bind-data", 2, "FD DEST", A2(ARG_FD, ARG_DEST), GROUP_FILESYSTEM,
	 "Copy the data of FD into a hidden file bound on DEST (mode 0600)", h_fd_dest,
	 OP_BIND_DATA},
	{"--ro-bind-data", 2, "FD DEST", A2(ARG_FD, ARG_DEST), GROUP_FILESYSTEM,
	 "Like --bind-data, but read-only", h_fd_dest, OP_BIND_DATA | (OPF_READONLY << 8)},
	{"--chmod", 2, "OCTAL PATH", A2(ARG_OCTAL, ARG_DEST), GROUP_FILESYSTEM,
	 "Set the mode of the existing PATH to OCTAL", h_chmod, 0},
	{"--perms", 1, "OCTAL", A1(ARG_OCTAL), GROUP_FILESYSTEM,
	 "Mode of the next --dir, --file, --bind-data, --ro-bind-data or --tmpfs", h_perms, 0},
	{"--size", 1, "BYTES", A1(ARG_NUMBER), GROUP_FILESYSTEM,
	 "Size limit in bytes of the next --tmpfs", h_size, 0},
	{"--mqueue", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Mount a new mqueue filesystem on DEST (needs --unshare-ipc)", h_dest, OP_MQUEUE},
	{"--lock-file", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Hold a lock on DEST, inside the sandbox, while the sandbox runs", h_dest, OP_LOCK_FILE},
	{"--overlay-src", 1, "SRC", A1(ARG_PATH), GROUP_FILESYSTEM,
	 "Add the host path SRC as a lower layer of the next overlay", h_overlay_src, 0},
	{"--overlay",
	 3,
	 "RWSRC WORKDIR DEST",
	 {ARG_PATH, ARG_PATH, ARG_DEST},
	 GROUP_FILESYSTEM,
	 "Mount an overlay on DEST, writes going to RWSRC",
	 h_overlay,
	 OP_OVERLAY},
	{"--tmp-overlay", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Mount an overlay on DEST, writes going to an invisible tmpfs", h_overlay, OP_TMP_OVERLAY},
	{"--ro-overlay", 1, "DEST", A1(ARG_DEST), GROUP_FILESYSTEM,
	 "Mount a read-only overlay of two or more layers on DEST", h_overlay, OP_RO_OVERLAY},

	/* lockdown */
	{"--seccomp", 1, "FD", A1(ARG_FD), GROUP_LOCKDOWN,
	 "Load a compiled seccomp BPF program from FD (the last one given is used)", h_seccomp, 1},
	{"--add-seccomp-fd", 1, "FD", A1(ARG_FD), GROUP_LOCKDOWN,
	 "Load one more seccomp BPF program from FD (repeatable, stacked)", h_seccomp, 0},
	{"--seccomp-profile", 1, "PROFILE", A1(ARG_PATH), GROUP_LOCKDOWN,
	 "Apply a seccomp profile: default, or an OCI/Docker JSON file (repeatable, stacked)",
	 h_seccomp_profile, 0},
	{"--print-seccomp-profile", 1, "PROFILE", A1(ARG_PATH), GROUP_LOCKDOWN,
	 "Print a seccomp profile (default or a file) as OCI JSON and exit", h_print_profile, 0},
	{"--cap-add", 1, "CAP", A1(ARG_CAP), GROUP_LOCKDOWN,
	 "Keep capability CAP (or ALL) in the sandbox", h_cap, 1},
	{"--cap-drop", 1, "CAP", A1(ARG_CAP), GROUP_LOCKDOWN,
	 "Drop capability CAP (or ALL) again; applied in order with --cap-add", h_cap, 0},
	{"--rlimit", 1, "LIMIT", A1(ARG_TEXT), GROUP_LOCKDOWN,
	 "Set a resource limit of the command: LIMIT is NAME=SOFT[:HARD], NAME one of as, core, "
	 "cpu, data, fsize, memlock, nofile, nproc, stack",
	 h_rlimit, 0},
	{"--time-limit", 1, "SECONDS", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "Kill the sandbox after SECONDS (SIGTERM, then SIGKILL 2 s later); exit 124", h_time_limit,
	 0},
	{"--memory-max", 1, "BYTES", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "Memory limit of the sandbox, in a cgroup (K, M, G, T suffixes)", h_cgroup_limit,
	 CG_MEMORY_MAX},
	{"--memory-swap-max", 1, "BYTES", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "Swap limit of the sandbox, in a cgroup (K, M, G, T suffixes)", h_cgroup_limit,
	 CG_MEMORY_SWAP_MAX},
	{"--pids-max", 1, "N", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "Limit on the processes and threads of the sandbox, in a cgroup", h_cgroup_limit,
	 CG_PIDS_MAX},
	{"--cpu-max", 1, "QUOTA", A1(ARG_TEXT), GROUP_LOCKDOWN,
	 "CPU limit of the sandbox, in a cgroup: microseconds per period, or a percentage",
	 h_cgroup_limit, CG_CPU_MAX},
	{"--cpu-weight", 1, "N", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "CPU weight of the sandbox, in a cgroup (1 to 10000, default 100)", h_cgroup_limit,
	 CG_CPU_WEIGHT},
	{"--cgroup-parent", 1, "DIR", A1(ARG_DIR), GROUP_LOCKDOWN,
	 "Make the sandbox cgroup under the delegated cgroup v2 directory DIR", h_cgroup_parent, 0},
	{"--netns", 1, "FD", A1(ARG_FD), GROUP_NAMESPACES, "Join the existing network namespace FD",
	 h_fd, FD_NETNS},
	{"--allow-connect", 1, "PORT", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "With Landlock: allow TCP connect to PORT only (repeatable)", h_port, 0},
	{"--allow-bind", 1, "PORT", A1(ARG_NUMBER), GROUP_LOCKDOWN,
	 "With Landlock: allow TCP bind to PORT only (repeatable)", h_port, 1},
	{"--exec-label", 1, "LABEL", A1(ARG_TEXT), GROUP_LOCKDOWN, "SELinux label of the command",
	 h_label, 1},
	{"--file-label", 1, "LABEL", A1(ARG_TEXT), GROUP_LOCKDOWN,
	 "SELinux label of files bwrap creates in the sandbox", h_label, 0},
};
const size_t option_table_len = sizeof option_table / sizeof option_table[0];

const char *option_group_title(OptGroup g)
{
	static const char *titles[GROUP_COUNT_] = {
		[GROUP_GENERAL] = "General options",
		[GROUP_NAMESPACES] = "Namespace options",
		[GROUP_ENVIRONMENT] = "Environment options",
		[GROUP_MONITOR] = "Process options",
		[GROUP_FILESYSTEM] = "Filesystem options (applied in command-line order)",
		[GROUP_LOCKDOWN] = "Lockdown options",
	};
	return (unsigned)g < GROUP_COUNT_ ? titles[g] : "";
}

const OptionDef *option_lookup(const char *name)
{
	for (size_t i = 0; i < option_table_len; i++)
		if (strcmp(option_table[i].name, name) == 0)
			return &option_table[i];
	return NULL;
}

void options_print_help(FILE *out)
{
	/* the name we were run as, as bubblewrap prints it */
	fprintf(out,
		"usage: %s [OPTION...] [--] COMMAND [ARG...]\n\n"
		"Run COMMAND in a sandbox built from Linux namespaces.\n",
		program_invocation_name);
	for (int g = 0; g < GROUP_COUNT_; g++) {
		bool first = true;
		for (size_t i = 0; i < option_table_len; i++) {
			const OptionDef *d = &option_table[i];
			if ((int)d->group != g)
				continue;
			if (first)
				fprintf(out, "\n%s:\n", option_group_title((OptGroup)g));
			first = false;
			char lhs[64];
			snprintf(lhs, sizeof lhs, "%s%s%s", d->name, d->metavar ? " " : "",
				 d->metavar ? d->metavar : "");
			fprintf(out, "  %-28s %s\n", lhs, d->help);
		}
	}
	fprintf(out, "\nSee bwrap(1) for details.\n");
}

/* ---- the parser --------------------------------------------------------- */

int options_parse(int argc, char **argv, Config *cfg, bool *exit_now)
{
	ParseState st = {.cfg = cfg};
	*exit_now = false;
	if (argc < 0 || (size_t)argc > OPTIONS_MAX_ARGS) {
		log_error("too many arguments (the limit is %d)", OPTIONS_MAX_ARGS);
		return -E2BIG;
	}
	st.n_args = (size_t)argc;
	st.args = xcalloc(st.n_args + 1, sizeof(char *));
	memcpy(st.args, argv, st.n_args * sizeof(char *));
	cfg->argv = NULL;
	int r = 0;

	while (st.pos < st.n_args) {
		char *a = st.args[st.pos];
		if (strcmp(a, "--") == 0) {
			st.pos++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		const OptionDef *def = option_lookup(a);
		if (!def) {
			log_error("%s: unknown option", log_quote(0, a));
			r = -EINVAL;
			goto out;
		}
		if (st.pos + 1 + (size_t)def->n_args > st.n_args) {
			log_error("%s: takes %d argument%s (%s)", def->name, def->n_args,
				  def->n_args == 1 ? "" : "s", def->metavar);
			r = -EINVAL;
			goto out;
		}
		r = check_pending(&st, def);
		if (r < 0)
			goto out;
		char **opt_args = &st.args[st.pos + 1];
		st.pos += 1 + (size_t)def->n_args;
		r = def->handler(&st, def, opt_args);
		if (r < 0)
			goto out;
		if (st.exit_now) {
			*exit_now = true;
			goto out;
		}
	}

	r = check_pending(&st, NULL);
	if (r < 0)
		goto out;
	if (st.pos >= st.n_args) {
		log_error("no command given (try 'bwrap --help')");
		r = -EINVAL;
		goto out;
	}
	cfg->argc = (int)(st.n_args - st.pos);
	cfg->argv = xcalloc((size_t)cfg->argc + 1, sizeof(char *));
	memcpy(cfg->argv, st.args + st.pos, (size_t)cfg->argc * sizeof(char *));
out:
	free(st.args);
	free(st.layers);
	return r;
}

unsigned options_effective_ns(const Config *cfg)
{
	unsigned ns = cfg->ns;
	/* pid 1 of a pid namespace of its own keeps the time limit: out of the
	 * command's reach, and its SIGTERM reaches every process there */
	if (cfg->time_limit_ms)
		ns |= NS_PID;
	if (cfg->caller_uid != 0 && cfg->userns_fd < 0)
		ns |= NS_USER;
	return ns;
}

int options_validate(Config *cfg)
{
	unsigned ns = options_effective_ns(cfg);
	bool userns = ((ns | cfg->ns_try) & NS_USER) || cfg->userns_fd >= 0;
	if (cfg->uid_set && !userns && cfg->sandbox_uid != cfg->caller_uid) {
		log_error("--uid: requires a user namespace (--unshare-user)");
		return -EINVAL;
	}
	if (cfg->gid_set && !userns && cfg->sandbox_gid != cfg->caller_gid) {
		log_error("--gid: requires a user namespace (--unshare-user)");
		return -EINVAL;
	}
	if (cfg->userns_block_fd >= 0 && cfg->info_fd < 0) {
		log_error("--userns-block-fd: requires --info-fd");
		return -EINVAL;
	}
	if (cfg->userns_block_fd >= 0 && !(ns & NS_USER) && !(cfg->ns_try & NS_USER)) {
		log_error("--userns-block-fd: requires a user namespace (--unshare-user)");
		return -EINVAL;
	}
	if (cfg->userns_fd >= 0 && (cfg->ns & NS_USER)) {
		log_error("--userns: cannot be combined with --unshare-user");
		return -EINVAL;
	}
	if (cfg->userns2_fd >= 0 && cfg->userns_fd < 0) {
		log_error("--userns2: requires --userns");
		return -EINVAL;
	}
	if (cfg->disable_userns && !((ns | cfg->ns_try) & NS_USER) && cfg->userns_fd < 0) {
		log_error("--disable-userns: requires --unshare-user");
		return -EINVAL;
	}
	if (cfg->disable_userns && cfg->userns2_fd >= 0) {
		log_error("--disable-userns: cannot be combined with --userns2");
		return -EINVAL;
	}
	if (cfg->as_pid_1 && cfg->time_limit_ms) {
		log_error("--time-limit: cannot be combined with --as-pid-1 (the limit is kept by "
			  "the sandbox's pid 1)");
		return -EINVAL;
	}
	if (cfg->as_pid_1 && !(ns & NS_PID) && cfg->pidns_fd < 0) {
		log_error("--as-pid-1: requires --unshare-pid");
		return -EINVAL;
	}
	if (cfg->netns_fd >= 0 && ((ns | cfg->ns_try) & NS_NET)) {
		log_error("--netns: cannot be combined with --unshare-net");
		return -EINVAL;
	}
	if (cfg->time_offset_option && !(ns & NS_TIME)) {
		log_error("%s: requires --unshare-time", cfg->time_offset_option);
		return -EINVAL;
	}
	if (cfg->hostname && !(ns & NS_UTS)) {
		log_error("--hostname: requires --unshare-uts");
		return -EINVAL;
	}
	if (!cfg->uid_set)
		cfg->sandbox_uid = cfg->caller_uid;
	if (!cfg->gid_set)
		cfg->sandbox_gid = cfg->caller_gid;
	return 0;
}

void config_init(Config *c)
{
	memset(c, 0, sizeof *c);
	c->info_fd = c->json_status_fd = c->block_fd = c->userns_block_fd = c->sync_fd = -1;
	c->userns_fd = c->userns2_fd = c->pidns_fd = c->netns_fd = -1;
}

void config_free(Config *c)
{
	free(c->caller_cwd);
	free(c->seccomp_fds);
	free(c->seccomp_profiles);
	free(c->rlimits);
	free(c->allow_connect);
	free(c->allow_bind);
	free(c->caps);
	free(c->protocol_fds);
	free(c->ops);
	free(c->env);
	free(c->argv);
	for (size_t i = 0; i < c->n_owned; i++)
		free(c->owned[i]);
	free(c->owned);
	memset(c, 0, sizeof *c);
}
