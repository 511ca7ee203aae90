/* options.c - argv and --args FD -> Config, driven by one option table.
 * The table also produces --help, and the consistency test checks the man
 * page and completions against it. Parsing only parses: its system calls
 * read --args and check that a given fd is open; what an option asks to be
 * done (print the help, a profile) is left to main through cfg->action. */
#include "options.h"

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

/* Append name i of n to out as in "a, b or c" (last_sep: " or "). */
static void list_add(char *out, size_t size, size_t i, size_t n, const char *name,
		     const char *last_sep)
{
	size_t len = strlen(out);
	const char *sep = i == 0 ? "" : i + 1 == n ? last_sep : ", ";
	if (len < size)
		snprintf(out + len, size - len, "%s%s", sep, name);
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
	st->cfg->action = ACTION_HELP;
	st->exit_now = true;
	return 0;
}

static int h_version(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->action = ACTION_VERSION;
	st->exit_now = true;
	return 0;
}

void options_print_version(FILE *out)
{
	/* first the line scripts parse to learn bubblewrap's version, then ours */
	fprintf(out, "bubblewrap %s\nbwrap %s\n", BUBBLEWRAP_COMPAT_VERSION, BWRAP_VERSION);
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
	st->cfg->ns |= def->ns;
	return 0;
}

static int h_unshare_try(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	st->cfg->ns_try |= def->ns;
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

/* --uid, --gid: the id, and that it was given */
static int set_id(const OptionDef *def, const char *arg, uint32_t *id, bool *given)
{
	int r = parse_id(def, arg, id);
	if (r == 0)
		*given = true;
	return r;
}

static int h_uid(ParseState *st, const OptionDef *def, char **args)
{
	return set_id(def, args[0], &st->cfg->sandbox_uid, &st->cfg->uid_set);
}

static int h_gid(ParseState *st, const OptionDef *def, char **args)
{
	return set_id(def, args[0], &st->cfg->sandbox_gid, &st->cfg->gid_set);
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

static int h_setenv(ParseState *st, const OptionDef *def, char **args)
{
	return push_env(st, def, ENV_SET, args[0], args[1]);
}

static int h_unsetenv(ParseState *st, const OptionDef *def, char **args)
{
	return push_env(st, def, ENV_UNSET, args[0], NULL);
}

static int h_clearenv(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	return push_env(st, def, ENV_CLEAR, NULL, NULL);
}

static int h_argv0(ParseState *st, const OptionDef *def, char **args)
{
	(void)def;
	st->cfg->argv0 = args[0];
	return 0;
}

/* The Config field an option sets, named in the table with offsetof. */
#define CONFIG_FIELD(cfg, def, type) ((type *)(void *)((char *)(cfg) + (def)->field))

static int h_bool(ParseState *st, const OptionDef *def, char **args)
{
	(void)args;
	*CONFIG_FIELD(st->cfg, def, bool) = true;
	return 0;
}

/* --level-prefix: from here on, diagnostics (the parser's too) carry it */
static int h_level_prefix(ParseState *st, const OptionDef *def, char **args)
{
	(void)def, (void)args;
	st->cfg->level_prefix = true;
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
	op->flags = def->op_flags;
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
	MountOp *op = push_op(st, def, def->op);
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
static int h_fd(ParseState *st, const OptionDef *def, char **args)
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

static int h_seccomp_legacy(ParseState *st, const OptionDef *def, char **args)
{
	return add_seccomp_fd(st, def, args, true);
}

static int h_add_seccomp_fd(ParseState *st, const OptionDef *def, char **args)
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

static int h_cap_add(ParseState *st, const OptionDef *def, char **args)
{
	return add_cap_op(st, def, args, true);
}

static int h_cap_drop(ParseState *st, const OptionDef *def, char **args)
{
	return add_cap_op(st, def, args, false);
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
static void rlimit_list(const OptionDef *def, char *out, size_t size)
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
static int h_rlimit(ParseState *st, const OptionDef *def, char **args)
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

static int h_memory_max(ParseState *st, const OptionDef *def, char **args)
{
	return cgroup_bytes(st, def, args[0], CG_MEMORY_MAX, &st->cfg->cgroup.memory_max);
}

static int h_memory_swap_max(ParseState *st, const OptionDef *def, char **args)
{
	return cgroup_bytes(st, def, args[0], CG_MEMORY_SWAP_MAX, &st->cfg->cgroup.memory_swap_max);
}

static int h_pids_max(ParseState *st, const OptionDef *def, char **args)
{
	if (limits_parse_count(args[0], &st->cfg->cgroup.pids_max) < 0)
		return bad_arg(def, args[0], "expected a number of at least 1, or 'max'");
	st->cfg->cgroup.set |= CG_PIDS_MAX;
	return 0;
}

static int h_cpu_max(ParseState *st, const OptionDef *def, char **args)
{
	CgroupLimits *l = &st->cfg->cgroup;
	if (limits_parse_cpu_max(args[0], &l->cpu_quota_us, &l->cpu_period_us) < 0)
		return bad_arg(def, args[0],
			       "expected QUOTA[/PERIOD] in microseconds (1000 to 1000000), N% of "
			       "one CPU, or 'max'");
	l->set |= CG_CPU_MAX;
	return 0;
}

static int h_cpu_weight(ParseState *st, const OptionDef *def, char **args)
{
	uint64_t v;
	if (parse_u64(args[0], 10, 10000, &v) < 0 || v == 0)
		return bad_arg(def, args[0], "expected a weight from 1 to 10000");
	st->cfg->cgroup.cpu_weight = v;
	st->cfg->cgroup.set |= CG_CPU_WEIGHT;
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

/* --monotonic-offset, --boottime-offset: def->field is the offset */
static int h_time_offset(ParseState *st, const OptionDef *def, char **args)
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
static int h_port(ParseState *st, const OptionDef *def, char **args)
{
	uint16_t port;
	int r = parse_port(def, args[0], &port);
	if (r < 0)
		return r;
	PortList *list = CONFIG_FIELD(st->cfg, def, PortList);
	*(uint16_t *)array_push(&list->ports, &list->n, sizeof port) = port;
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

/* --print-seccomp-profile default|FILE: main prints it as OCI JSON */
static int h_print_profile(ParseState *st, const OptionDef *def, char **args)
{
	(void)def;
	st->cfg->action = ACTION_PRINT_PROFILE;
	st->cfg->print_profile = args[0];
	st->exit_now = true;
	return 0;
}

/* The options that take modifier 'mod' (not the modifiers themselves), as
 * "--a, --b or --c". */
static const char *options_taking(unsigned mod, const char *last_sep, char *out, size_t size)
{
	size_t n = 0, i = 0;
	for (size_t k = 0; k < option_table_len; k++)
		n += (option_table[k].accepts & mod) && !option_table[k].modifies;
	out[0] = '\0';
	for (size_t k = 0; k < option_table_len; k++)
		if ((option_table[k].accepts & mod) && !option_table[k].modifies)
			list_add(out, size, i++, n, option_table[k].name, last_sep);
	return out;
}

/* --help of --perms and --size: the options they apply to */
static void modified_list(const OptionDef *def, char *out, size_t size)
{
	options_taking(def->modifies, " or ", out, size);
}

/* Modifiers must be followed by an option they apply to. Called before each
 * option is handled, and with def == NULL when the command is reached: as
 * bubblewrap does, a --perms or --size left over at the end is ignored. */
static int check_pending(ParseState *st, const OptionDef *def)
{
	unsigned accepts = def ? def->accepts : 0;
	char list[256];
	if (st->perms_pending && def && !(accepts & MOD_PERMS)) {
		log_error("--perms: must be followed by %s, not %s",
			  options_taking(MOD_PERMS, " or ", list, sizeof list), def->name);
		return -EINVAL;
	}
	if (st->size_pending && def && !(accepts & MOD_SIZE)) {
		log_error("--size: must be followed by %s, not %s",
			  options_taking(MOD_SIZE, " or ", list, sizeof list), def->name);
		return -EINVAL;
	}
	if (st->n_layers && !(accepts & MOD_LAYERS)) {
		log_error(
			"--overlay-src must be followed by another --overlay-src or one of %s%s%s",
			options_taking(MOD_LAYERS, ", or ", list, sizeof list), def ? ", not " : "",
			def ? def->name : "");
		return -EINVAL;
	}
	return 0;
}

/* ---- the table ----------------------------------------------------------- */

/* One option a row: its name and arguments, then what it does, then its
 * help line. Laid out by hand, a row in three lines, so that the table
 * reads as one. */
/* clang-format off */
const OptionDef option_table[] = {
	/* general */
	{.name = "--help", .group = GROUP_GENERAL, .handler = h_help,
	 .help = "Print this help and exit"},
	{.name = "--version", .group = GROUP_GENERAL, .handler = h_version,
	 .help = "Print the version and exit"},
	{.name = "--args", .group = GROUP_GENERAL, .handler = h_args,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Parse NUL-separated arguments from FD"},
	{.name = "--argv0", .group = GROUP_GENERAL, .handler = h_argv0,
	 .n_args = 1, .metavar = "VALUE", .arg_kind = {ARG_TEXT},
	 .help = "Set argv[0] of the command to VALUE"},
	{.name = "--level-prefix", .group = GROUP_GENERAL, .handler = h_level_prefix,
	 .help = "Prefix diagnostics with a syslog severity such as <3>"},
	/* namespaces */
	{.name = "--unshare-user", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_USER,
	 .help = "Create a new user namespace"},
	{.name = "--unshare-user-try", .group = GROUP_NAMESPACES,
	 .handler = h_unshare_try, .ns = NS_USER,
	 .help = "Create a new user namespace if possible, else skip it"},
	{.name = "--unshare-ipc", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_IPC,
	 .help = "Create a new IPC namespace"},
	{.name = "--unshare-pid", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_PID,
	 .help = "Create a new PID namespace"},
	{.name = "--unshare-net", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_NET,
	 .help = "Create a new network namespace with only loopback, brought up"},
	{.name = "--unshare-uts", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_UTS,
	 .help = "Create a new UTS namespace"},
	{.name = "--unshare-cgroup", .group = GROUP_NAMESPACES,
	 .handler = h_unshare, .ns = NS_CGROUP,
	 .help = "Create a new cgroup namespace"},
	{.name = "--unshare-cgroup-try", .group = GROUP_NAMESPACES,
	 .handler = h_unshare_try, .ns = NS_CGROUP,
	 .help = "Create a new cgroup namespace if possible, else skip it"},
	{.name = "--unshare-time", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_TIME,
	 .help = "Create a new time namespace (its clocks may be offset)"},
	{.name = "--monotonic-offset", .group = GROUP_NAMESPACES,
	 .handler = h_time_offset, .field = offsetof(Config, monotonic_offset),
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Add SECONDS to CLOCK_MONOTONIC in the new time namespace"},
	{.name = "--boottime-offset", .group = GROUP_NAMESPACES,
	 .handler = h_time_offset, .field = offsetof(Config, boottime_offset),
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Add SECONDS to CLOCK_BOOTTIME in the new time namespace"},
	{.name = "--unshare-all", .group = GROUP_NAMESPACES, .handler = h_unshare_all,
	 .help = "Unshare every namespace possible (user-try, ipc, pid, net, uts, cgroup-try)"},
	{.name = "--share-net", .group = GROUP_NAMESPACES, .handler = h_share_net,
	 .help = "Keep the network namespace, overriding an earlier --unshare-net or "
		 "--unshare-all"},
	{.name = "--userns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, userns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Use the existing user namespace FD instead of creating one"},
	{.name = "--userns2", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, userns2_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Enter the user namespace FD after setting up the sandbox"},
	{.name = "--pidns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, pidns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Use the existing PID namespace FD (with --unshare-pid: as the parent)"},
	{.name = "--disable-userns", .group = GROUP_NAMESPACES,
	 .handler = h_bool, .field = offsetof(Config, disable_userns),
	 .help = "Make creating further user namespaces in the sandbox impossible"},
	{.name = "--assert-userns-disabled", .group = GROUP_NAMESPACES,
	 .handler = h_bool, .field = offsetof(Config, assert_userns_disabled),
	 .help = "Fail unless creating user namespaces in the sandbox is already impossible"},
	{.name = "--uid", .group = GROUP_NAMESPACES, .handler = h_uid,
	 .n_args = 1, .metavar = "UID", .arg_kind = {ARG_NUMBER},
	 .help = "User id of the command in the sandbox (needs a user namespace)"},
	{.name = "--gid", .group = GROUP_NAMESPACES, .handler = h_gid,
	 .n_args = 1, .metavar = "GID", .arg_kind = {ARG_NUMBER},
	 .help = "Group id of the command in the sandbox (needs a user namespace)"},
	{.name = "--hostname", .group = GROUP_NAMESPACES, .handler = h_hostname,
	 .n_args = 1, .metavar = "NAME", .arg_kind = {ARG_TEXT},
	 .help = "Hostname in the sandbox (needs --unshare-uts)"},
	/* environment */
	{.name = "--chdir", .group = GROUP_ENVIRONMENT, .handler = h_chdir,
	 .n_args = 1, .metavar = "DIR", .arg_kind = {ARG_DIR},
	 .help = "Change to directory DIR in the sandbox"},
	{.name = "--setenv", .group = GROUP_ENVIRONMENT, .handler = h_setenv,
	 .n_args = 2, .metavar = "VAR VALUE", .arg_kind = {ARG_ENV, ARG_TEXT},
	 .help = "Set environment variable VAR to VALUE"},
	{.name = "--unsetenv", .group = GROUP_ENVIRONMENT, .handler = h_unsetenv,
	 .n_args = 1, .metavar = "VAR", .arg_kind = {ARG_ENV},
	 .help = "Unset environment variable VAR"},
	{.name = "--clearenv", .group = GROUP_ENVIRONMENT, .handler = h_clearenv,
	 .help = "Unset every environment variable but PWD; later --setenv still apply"},
	/* launcher protocol */
	{.name = "--info-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, info_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Write JSON with the child pid and namespace ids to FD"},
	{.name = "--json-status-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, json_status_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Write JSON lines to FD: the child pid at start, the exit code at the end"},
	{.name = "--block-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, block_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Wait for data on FD before running the command"},
	{.name = "--userns-block-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, userns_block_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Wait for data on FD after creating the user namespace (maps written by the "
		 "caller)"},
	{.name = "--sync-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, sync_fd), .kept_by_sandbox = true,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Keep FD open while the sandbox runs"},
	/* process and monitoring */
	{.name = "--die-with-parent", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, die_with_parent),
	 .help = "Kill the sandbox with SIGKILL when the parent of bwrap dies"},
	{.name = "--new-session", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, new_session),
	 .help = "Start a new terminal session (setsid) for the command"},
	{.name = "--as-pid-1", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, as_pid_1),
	 .help = "Run the command as PID 1 of the PID namespace, without a reaper"},
	/* filesystem */
	{.name = "--bind", .group = GROUP_FILESYSTEM, .handler = h_bind,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount the host path SRC on DEST"},
	{.name = "--bind-try", .group = GROUP_FILESYSTEM, .handler = h_bind, .op_flags = OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --bind, but skip a missing SRC"},
	{.name = "--dev-bind", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_DEVICES,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount SRC on DEST, allowing device access"},
	{.name = "--dev-bind-try", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_DEVICES | OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --dev-bind, but skip a missing SRC"},
	{.name = "--ro-bind", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_READONLY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount SRC read-only on DEST, submounts included"},
	{.name = "--ro-bind-try", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_READONLY | OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --ro-bind, but skip a missing SRC"},
	{.name = "--remount-ro", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_REMOUNT_RO,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Make the mount at DEST read-only (that mount only)"},
	{.name = "--proc", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_PROC,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new procfs on DEST"},
	{.name = "--dev", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_DEV,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new minimal /dev on DEST (null, zero, full, random, urandom, tty, "
		 "pts, shm)"},
	{.name = "--tmpfs", .group = GROUP_FILESYSTEM,
	 .handler = h_dest, .op = OP_TMPFS, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new tmpfs on DEST"},
	{.name = "--dir", .group = GROUP_FILESYSTEM,
	 .handler = h_dest, .op = OP_DIR, .accepts = MOD_PERMS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Create directory DEST (and missing parents)"},
	{.name = "--symlink", .group = GROUP_FILESYSTEM, .handler = h_symlink,
	 .n_args = 2, .metavar = "TARGET DEST", .arg_kind = {ARG_TEXT, ARG_DEST},
	 .help = "Create a symlink at DEST pointing to TARGET"},
	{.name = "--bind-fd", .group = GROUP_FILESYSTEM, .handler = h_fd_dest, .op = OP_BIND_FD,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Bind mount the directory or O_PATH file descriptor FD on DEST"},
	{.name = "--ro-bind-fd", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_FD, .op_flags = OPF_READONLY,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Like --bind-fd, but read-only"},
	{.name = "--file", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_FILE, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Copy the data of FD into a new file DEST (mode 0666)"},
	{.name = "--bind-data", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_DATA, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Copy the data of FD into a hidden file bound on DEST (mode 0600)"},
	{.name = "--ro-bind-data", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_DATA, .op_flags = OPF_READONLY, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Like --bind-data, but read-only"},
	{.name = "--chmod", .group = GROUP_FILESYSTEM, .handler = h_chmod,
	 .n_args = 2, .metavar = "OCTAL PATH", .arg_kind = {ARG_OCTAL, ARG_DEST},
	 .help = "Set the mode of the existing PATH to OCTAL"},
	{.name = "--perms", .group = GROUP_FILESYSTEM,
	 .handler = h_perms, .help_list = modified_list,
	 .modifies = MOD_PERMS, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "OCTAL", .arg_kind = {ARG_OCTAL},
	 .help = "Mode of the next"},
	{.name = "--size", .group = GROUP_FILESYSTEM,
	 .handler = h_size, .help_list = modified_list,
	 .modifies = MOD_SIZE, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Size limit in bytes of the next"},
	{.name = "--mqueue", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_MQUEUE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new mqueue filesystem on DEST (needs --unshare-ipc)"},
	{.name = "--lock-file", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_LOCK_FILE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Hold a lock on DEST, inside the sandbox, while the sandbox runs"},
	{.name = "--overlay-src", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay_src, .modifies = MOD_LAYERS, .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "SRC", .arg_kind = {ARG_PATH},
	 .help = "Add the host path SRC as a lower layer of the next overlay"},
	{.name = "--overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_OVERLAY, .accepts = MOD_LAYERS,
	 .n_args = 3, .metavar = "RWSRC WORKDIR DEST", .arg_kind = {ARG_PATH, ARG_PATH, ARG_DEST},
	 .help = "Mount an overlay on DEST, writes going to RWSRC"},
	{.name = "--tmp-overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_TMP_OVERLAY, .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount an overlay on DEST, writes going to an invisible tmpfs"},
	{.name = "--ro-overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_RO_OVERLAY, .op_flags = OPF_READONLY,
	 .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a read-only overlay of two or more layers on DEST"},
	/* lockdown */
	{.name = "--seccomp", .group = GROUP_LOCKDOWN, .handler = h_seccomp_legacy,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Load a compiled seccomp BPF program from FD (the last one given is used)"},
	{.name = "--add-seccomp-fd", .group = GROUP_LOCKDOWN, .handler = h_add_seccomp_fd,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Load one more seccomp BPF program from FD (repeatable, stacked)"},
	{.name = "--seccomp-profile", .group = GROUP_LOCKDOWN, .handler = h_seccomp_profile,
	 .n_args = 1, .metavar = "PROFILE", .arg_kind = {ARG_PATH},
	 .help = "Apply a seccomp profile: default, or an OCI/Docker JSON file (repeatable, "
		 "stacked)"},
	{.name = "--print-seccomp-profile", .group = GROUP_LOCKDOWN, .handler = h_print_profile,
	 .n_args = 1, .metavar = "PROFILE", .arg_kind = {ARG_PATH},
	 .help = "Print a seccomp profile (default or a file) as OCI JSON and exit"},
	{.name = "--cap-add", .group = GROUP_LOCKDOWN, .handler = h_cap_add,
	 .n_args = 1, .metavar = "CAP", .arg_kind = {ARG_CAP},
	 .help = "Keep capability CAP (or ALL) in the sandbox"},
	{.name = "--cap-drop", .group = GROUP_LOCKDOWN, .handler = h_cap_drop,
	 .n_args = 1, .metavar = "CAP", .arg_kind = {ARG_CAP},
	 .help = "Drop capability CAP (or ALL) again; applied in order with --cap-add"},
	{.name = "--rlimit", .group = GROUP_LOCKDOWN, .handler = h_rlimit, .help_list = rlimit_list,
	 .n_args = 1, .metavar = "LIMIT", .arg_kind = {ARG_TEXT},
	 .help = "Set a resource limit of the command: LIMIT is NAME=SOFT[:HARD], NAME one of"},
	{.name = "--time-limit", .group = GROUP_LOCKDOWN, .handler = h_time_limit,
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Kill the sandbox after SECONDS (SIGTERM, then SIGKILL 2 s later); exit 124"},
	{.name = "--memory-max", .group = GROUP_LOCKDOWN, .handler = h_memory_max,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Memory limit of the sandbox, in a cgroup (K, M, G, T suffixes)"},
	{.name = "--memory-swap-max", .group = GROUP_LOCKDOWN, .handler = h_memory_swap_max,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Swap limit of the sandbox, in a cgroup (K, M, G, T suffixes)"},
	{.name = "--pids-max", .group = GROUP_LOCKDOWN, .handler = h_pids_max,
	 .n_args = 1, .metavar = "N", .arg_kind = {ARG_NUMBER},
	 .help = "Limit on the processes and threads of the sandbox, in a cgroup"},
	{.name = "--cpu-max", .group = GROUP_LOCKDOWN, .handler = h_cpu_max,
	 .n_args = 1, .metavar = "QUOTA", .arg_kind = {ARG_TEXT},
	 .help = "CPU limit of the sandbox, in a cgroup: microseconds per period, or a percentage"},
	{.name = "--cpu-weight", .group = GROUP_LOCKDOWN, .handler = h_cpu_weight,
	 .n_args = 1, .metavar = "N", .arg_kind = {ARG_NUMBER},
	 .help = "CPU weight of the sandbox, in a cgroup (1 to 10000, default 100)"},
	{.name = "--cgroup-parent", .group = GROUP_LOCKDOWN, .handler = h_cgroup_parent,
	 .n_args = 1, .metavar = "DIR", .arg_kind = {ARG_DIR},
	 .help = "Make the sandbox cgroup under the delegated cgroup v2 directory DIR"},
	{.name = "--netns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, netns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Join the existing network namespace FD"},
	{.name = "--allow-connect", .group = GROUP_LOCKDOWN,
	 .handler = h_port, .field = offsetof(Config, allow_connect),
	 .n_args = 1, .metavar = "PORT", .arg_kind = {ARG_NUMBER},
	 .help = "With Landlock: allow TCP connect to PORT only (repeatable)"},
	{.name = "--allow-bind", .group = GROUP_LOCKDOWN,
	 .handler = h_port, .field = offsetof(Config, allow_bind),
	 .n_args = 1, .metavar = "PORT", .arg_kind = {ARG_NUMBER},
	 .help = "With Landlock: allow TCP bind to PORT only (repeatable)"},
	{.name = "--exec-label", .group = GROUP_LOCKDOWN,
	 .handler = h_label, .field = offsetof(Config, exec_label),
	 .n_args = 1, .metavar = "LABEL", .arg_kind = {ARG_TEXT},
	 .help = "SELinux label of the command"},
	{.name = "--file-label", .group = GROUP_LOCKDOWN,
	 .handler = h_label, .field = offsetof(Config, file_label),
	 .n_args = 1, .metavar = "LABEL", .arg_kind = {ARG_TEXT},
	 .help = "SELinux label of files bwrap creates in the sandbox"},
};
/* clang-format on */
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

const char *option_help(const OptionDef *def)
{
	static char buf[512];
	if (!def->help_list)
		return def->help;
	char list[384];
	def->help_list(def, list, sizeof list);
	snprintf(buf, sizeof buf, "%s %s", def->help, list);
	return buf;
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
			fprintf(out, "  %-28s %s\n", lhs, option_help(d));
		}
	}
	fprintf(out, "\nSee bwrap(1) for details.\n");
}

/* ---- the parser --------------------------------------------------------- */

/* The option at st->pos, with its arguments: checked and handled. */
static int parse_option(ParseState *st)
{
	const char *a = st->args[st->pos];
	const OptionDef *def = option_lookup(a);
	if (!def) {
		log_error("%s: unknown option", log_quote(0, a));
		return -EINVAL;
	}
	if (st->pos + 1 + (size_t)def->n_args > st->n_args) {
		log_error("%s: takes %d argument%s (%s)", def->name, def->n_args,
			  def->n_args == 1 ? "" : "s", def->metavar);
		return -EINVAL;
	}
	int r = check_pending(st, def);
	if (r < 0)
		return r;
	char **opt_args = &st->args[st->pos + 1];
	st->pos += 1 + (size_t)def->n_args;
	return def->handler(st, def, opt_args);
}

/* What follows the options is the command. */
static int take_command(ParseState *st)
{
	int r = check_pending(st, NULL);
	if (r < 0)
		return r;
	if (st->pos >= st->n_args) {
		log_error("no command given (try 'bwrap --help')");
		return -EINVAL;
	}
	Config *cfg = st->cfg;
	cfg->argc = (int)(st->n_args - st->pos);
	cfg->argv = xcalloc((size_t)cfg->argc + 1, sizeof(char *));
	memcpy(cfg->argv, st->args + st->pos, (size_t)cfg->argc * sizeof(char *));
	return 0;
}

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
	while (r == 0 && !st.exit_now && st.pos < st.n_args) {
		const char *a = st.args[st.pos];
		if (strcmp(a, "--") == 0) {
			st.pos++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		r = parse_option(&st);
	}
	if (r == 0 && st.exit_now)
		*exit_now = true;
	else if (r == 0)
		r = take_command(&st);
	free(st.args);
	free(st.layers);
	return r;
}
