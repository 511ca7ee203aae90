/* profile.c - seccomp profiles. One representation serves the built-in
 * profile, JSON files, --print-seccomp-profile and the compiler. */
#include "profile.h"

#include "caps.h"
#include "cleanup.h"
#include "log.h"
#include "profile-libs.h"
#include "util.h"

#include <errno.h>
#include <linux/sched.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* ---- names ------------------------------------------------------------- */

/* A name of the JSON profiles and the value libseccomp has for it. */
typedef struct {
	const char *name;
	uint32_t value;
} NameValue;

static const NameValue actions[] = {
	{"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW},
	{"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0)},
	{"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS},
	{"SCMP_ACT_TRAP", SCMP_ACT_TRAP},
	{"SCMP_ACT_LOG", SCMP_ACT_LOG},
	{"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0)},
};

static const NameValue ops[] = {
	{"SCMP_CMP_NE", SCMP_CMP_NE},
	{"SCMP_CMP_LT", SCMP_CMP_LT},
	{"SCMP_CMP_LE", SCMP_CMP_LE},
	{"SCMP_CMP_EQ", SCMP_CMP_EQ},
	{"SCMP_CMP_GE", SCMP_CMP_GE},
	{"SCMP_CMP_GT", SCMP_CMP_GT},
	{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

/* The first name of 'value' in the table, else 'fallback'. */
static const char *name_of(const NameValue *t, size_t n, uint32_t value, const char *fallback)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].value == value)
			return t[i].name;
	return fallback;
}

static int value_of(const NameValue *t, size_t n, const char *name, uint32_t *out)
{
	for (size_t i = 0; i < n; i++)
		if (strcmp(t[i].name, name) == 0) {
			*out = t[i].value;
			return 0;
		}
	return -EINVAL;
}

#define N_ACTIONS (sizeof actions / sizeof actions[0])
#define N_OPS (sizeof ops / sizeof ops[0])

const char *profile_action_name(uint32_t a)
{
	return name_of(actions, N_ACTIONS, a, "SCMP_ACT_KILL_PROCESS");
}

int profile_action_from_name(const char *name, uint32_t *out)
{
	return value_of(actions, N_ACTIONS, name, out);
}

static const char *op_name(int op)
{
	return name_of(ops, N_OPS, (uint32_t)op, "SCMP_CMP_EQ");
}

int profile_op_from_name(const char *name, int *out)
{
	uint32_t v;
	int r = value_of(ops, N_OPS, name, &v);
	if (r == 0)
		*out = (int)v;
	return r;
}

/* "SCMP_ARCH_X86_64" <-> libseccomp's "x86_64" */
int profile_arch_from_name(const char *name, uint32_t *out)
{
	if (strncmp(name, "SCMP_ARCH_", 10) != 0)
		return -EINVAL;
	char lower[32];
	size_t i = 0;
	for (const char *p = name + 10; *p && i + 1 < sizeof lower; p++)
		lower[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	lower[i] = '\0';
	*out = sym_seccomp_arch_resolve_name(lower);
	return *out ? 0 : -EINVAL;
}

static void arch_name(uint32_t arch, char *buf, size_t size)
{
	const char *n = arch == SCMP_ARCH_X86_64    ? "X86_64"
			: arch == SCMP_ARCH_X86	    ? "X86"
			: arch == SCMP_ARCH_X32	    ? "X32"
			: arch == SCMP_ARCH_AARCH64 ? "AARCH64"
			: arch == SCMP_ARCH_ARM	    ? "ARM"
						    : "NATIVE";
	snprintf(buf, size, "SCMP_ARCH_%s", n);
}

/* The names a rule's "arches" may use, one row an architecture: Docker's
 * (libseccomp-golang's) first, then Go's GOARCH and the kernel's uname -m
 * where they differ. A row's bit in ProfileCond.arches is 1 << its index. */
static const struct {
	uint32_t arch;
	const char *names[4];
} arch_rows[] = {
	{SCMP_ARCH_X86_64, {"amd64", "x86_64"}},
	{SCMP_ARCH_X86, {"x86", "386", "i386", "i686"}},
	{SCMP_ARCH_X32, {"x32"}},
	{SCMP_ARCH_AARCH64, {"arm64", "aarch64"}},
	{SCMP_ARCH_ARM, {"arm"}},
	{SCMP_ARCH_PPC64LE, {"ppc64le"}},
	{SCMP_ARCH_PPC64, {"ppc64"}},
	{SCMP_ARCH_PPC, {"ppc"}},
	{SCMP_ARCH_S390X, {"s390x"}},
	{SCMP_ARCH_S390, {"s390"}},
	{SCMP_ARCH_RISCV64, {"riscv64"}},
	{SCMP_ARCH_MIPS, {"mips"}},
	{SCMP_ARCH_MIPSEL, {"mipsel", "mipsle"}},
	{SCMP_ARCH_MIPS64, {"mips64"}},
	{SCMP_ARCH_MIPSEL64, {"mipsel64", "mips64le"}},
	{SCMP_ARCH_MIPS64N32, {"mips64n32", "mips64p32"}},
	{SCMP_ARCH_MIPSEL64N32, {"mipsel64n32", "mips3l64n32", "mips64p32le"}},
#ifdef AUDIT_ARCH_LOONGARCH64
	{AUDIT_ARCH_LOONGARCH64, {"loong64", "loongarch64"}},
#endif
};
#define N_ARCH_ROWS (sizeof arch_rows / sizeof arch_rows[0])

int profile_arch_row(const char *name, uint32_t *bit)
{
	for (size_t i = 0; i < N_ARCH_ROWS; i++)
		for (size_t k = 0; k < 4 && arch_rows[i].names[k]; k++)
			if (strcmp(arch_rows[i].names[k], name) == 0) {
				*bit = UINT32_C(1) << i;
				return 0;
			}
	return -EINVAL;
}

static uint32_t arch_row_of(uint32_t arch)
{
	for (size_t i = 0; i < N_ARCH_ROWS; i++)
		if (arch_rows[i].arch == arch)
			return UINT32_C(1) << i;
	return 0;
}

const char *profile_arch_rows_help(void)
{
	static char buf[512];
	if (buf[0])
		return buf;
	size_t len = 0;
	for (size_t i = 0; i < N_ARCH_ROWS && len < sizeof buf; i++)
		len += (size_t)snprintf(buf + len, sizeof buf - len, "%s%s", i ? ", " : "",
					arch_rows[i].names[0]);
	return buf;
}

/* ---- the built-in profile ----------------------------------------------- */

static ProfileRule *add_rule(Profile *p, uint32_t action, int err, const char *const *names)
{
	ProfileRule *r = array_push(&p->rules, &p->n_rules, sizeof *r);
	r->action = action;
	r->errno_ret = err;
	for (; *names; names++) {
		char **slot = array_push(&r->names, &r->n_names, sizeof(char *));
		*slot = xstrdup(*names);
	}
	return r;
}

void profile_add_arg(ProfileRule *r, unsigned index, int op, uint64_t value, uint64_t two)
{
	ProfileArg *a = array_push(&r->args, &r->n_args, sizeof *a);
	a->index = index;
	a->op = op;
	a->value = value;
	a->value_two = two;
}

/* A built-in profile: allow by default, on every ABI of the machine */
static void builtin_profile(Profile *p)
{
	memset(p, 0, sizeof *p);
	p->default_action = SCMP_ACT_ALLOW;
	uint32_t arches[] = {SCMP_ARCH_NATIVE, SCMP_ARCH_X86, SCMP_ARCH_X32};
	size_t n_arches = sym_seccomp_arch_native() == SCMP_ARCH_X86_64 ? 3 : 1;
	for (size_t i = 0; i < n_arches; i++) {
		uint32_t *slot = array_push(&p->arches, &p->n_arches, sizeof(uint32_t));
		*slot = i == 0 ? sym_seccomp_arch_native() : arches[i];
	}
}

/* ---- the default profile ---------------------------------------------------- */

static const char *const blocked[] = {
	/* kernel modules, kexec, reboot, swap, accounting, quotas */
	"init_module",
	"finit_module",
	"delete_module",
	"kexec_load",
	"kexec_file_load",
	"reboot",
	"swapon",
	"swapoff",
	"acct",
	"quotactl",
	"quotactl_fd",
	/* powerful kernel interfaces */
	"bpf",
	"userfaultfd",
	"perf_event_open",
	"add_key",
	"request_key",
	"keyctl",
	"ptrace",
	"process_vm_readv",
	"process_vm_writev",
	"kcmp",
	/* files by handle, past every path check (the "shocker" escape) */
	"open_by_handle_at",
	/* the filesystem layout is the sandbox's: no remounting it */
	"mount",
	"umount",
	"umount2",
	"pivot_root",
	"chroot",
	"setns",
	NULL,
};
static const char *const new_mount_api[] = {
	"fsopen", "fsconfig", "fsmount", "fspick", "move_mount", "open_tree", "mount_setattr", NULL,
};
/* io_uring performs its operations (socket, openat, ...) in the kernel,
 * where no system call filter sees them: it would be a way around every
 * rule below, as Docker's default profile has known since 2023 */
static const char *const io_uring[] = {"io_uring_setup", "io_uring_enter", "io_uring_register",
				       NULL};
static const char *const clone3[] = {"clone3", NULL};
static const char *const unshare_clone[] = {"unshare", "clone", NULL};
static const char *const personality[] = {"personality", NULL};
static const char *const ioctl_call[] = {"ioctl", NULL};
static const char *const socket_calls[] = {"socket", "socketpair", NULL};
/* i386's socketcall multiplexes socket(): its arguments are behind a
 * pointer, out of a filter's reach, so it goes (glibc uses socket) */
static const char *const socketcall[] = {"socketcall", NULL};

/* The comparisons of the rules that look at an argument: the i-th rule's
 * mask and value (SCMP_CMP_MASKED_EQ), or false for no rule. */
typedef bool (*MaskedValue)(size_t i, uint64_t *mask, uint64_t *value);

/* unshare and clone with any namespace flag (one comparison a rule) */
static const uint64_t ns_flags[] = {CLONE_NEWNS,   CLONE_NEWCGROUP, CLONE_NEWUTS, CLONE_NEWIPC,
				    CLONE_NEWUSER, CLONE_NEWPID,    CLONE_NEWNET, CLONE_NEWTIME};
static bool ns_flag(size_t i, uint64_t *mask, uint64_t *value)
{
	*mask = *value = ns_flags[i];
	return true;
}

/* personality: only the default (0) and the query (0xffffffff). Any other
 * value has, going round its 32 bits, a 1 bit followed by a 0 bit: one
 * masked comparison for each position catches it. */
static bool personality_bit(size_t bit, uint64_t *mask, uint64_t *value)
{
	uint64_t one = UINT64_C(1) << bit, zero = UINT64_C(1) << ((bit + 1) % 32);
	*mask = one | zero;
	*value = one;
	return true;
}

/* terminal injection, whatever the high 32 bits of the request */
static const uint64_t tty_requests[] = {TIOCSTI, TIOCLINUX};
static bool tty_request(size_t i, uint64_t *mask, uint64_t *value)
{
	*mask = 0xffffffffu;
	*value = tty_requests[i];
	return true;
}

/* sockets: AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK only, made by socket
 * or by socketpair (which some other families implement); the kernel takes
 * the family as an int: compare the low 32 bits */
static bool other_family(size_t af, uint64_t *mask, uint64_t *value)
{
	*mask = 0xffffffffu;
	*value = af;
	return af != AF_UNIX && af != AF_INET && af != AF_INET6 && af != AF_NETLINK;
}

/* The default profile, in order: each row is one rule, or with a
 * comparison, one rule for each of its n values of argument 'arg'. ENOSYS
 * where callers fall back to what the sandbox allows. */
static const struct {
	const char *const *names;
	int err;
	unsigned arg;
	size_t n;
	MaskedValue cmp;
} default_rules[] = {
	{blocked, EPERM, 0, 0, NULL},
	{new_mount_api, ENOSYS, 0, 0, NULL},
	{io_uring, ENOSYS, 0, 0, NULL},
	{clone3, ENOSYS, 0, 0, NULL},
	{unshare_clone, EPERM, 0, sizeof ns_flags / sizeof ns_flags[0], ns_flag},
	{personality, EPERM, 0, 32, personality_bit},
	{ioctl_call, EPERM, 1, sizeof tty_requests / sizeof tty_requests[0], tty_request},
	{socket_calls, EAFNOSUPPORT, 0, AF_MAX, other_family},
	{socketcall, ENOSYS, 0, 0, NULL},
};

void profile_default(Profile *p)
{
	builtin_profile(p);
	for (size_t i = 0; i < sizeof default_rules / sizeof default_rules[0]; i++) {
		const char *const *names = default_rules[i].names;
		int err = default_rules[i].err;
		if (!default_rules[i].cmp)
			add_rule(p, SCMP_ACT_ERRNO(0), err, names);
		for (size_t k = 0; k < default_rules[i].n; k++) {
			uint64_t mask, value;
			if (!default_rules[i].cmp(k, &mask, &value))
				continue;
			ProfileRule *r = add_rule(p, SCMP_ACT_ERRNO(0), err, names);
			profile_add_arg(r, default_rules[i].arg, SCMP_CMP_MASKED_EQ, mask, value);
		}
	}
}

int profile_named(const char *name, const char *option, Profile *p)
{
	if (strcmp(name, "default") != 0)
		return profile_load(name, option, p);
	profile_default(p);
	return 0;
}

void profile_port_rules(Profile *p)
{
	builtin_profile(p);
	/* MPTCP is TCP on the wire, but Landlock's TCP rules do not see its
	 * sockets: without it, programs fall back to TCP, which they do see */
	ProfileRule *r = add_rule(p, SCMP_ACT_ERRNO(0), EPROTONOSUPPORT,
				  (const char *const[]){"socket", NULL});
	profile_add_arg(r, 2, SCMP_CMP_MASKED_EQ, 0xffffffffu, IPPROTO_MPTCP);
	add_rule(p, SCMP_ACT_ERRNO(0), ENOSYS, socketcall);
}

/* ---- conditions (includes, excludes) ----------------------------------- */

/* Decimal digits at *p, at most 'max'; *p moves past them. */
static int read_number(const char **p, unsigned max, unsigned *out)
{
	unsigned v = 0;
	if (**p < '0' || **p > '9')
		return -EINVAL;
	for (; **p >= '0' && **p <= '9'; (*p)++) {
		v = v * 10 + (unsigned)(**p - '0');
		if (v > max)
			return -EINVAL;
	}
	*out = v;
	return 0;
}

int profile_parse_kernel(const char *s, uint32_t *out)
{
	unsigned major, minor;
	if (read_number(&s, 255, &major) < 0 || *s++ != '.' || read_number(&s, 255, &minor) < 0 ||
	    *s != '\0' || (major == 0 && minor == 0))
		return -EINVAL;
	*out = PROFILE_KERNEL(major, minor);
	return 0;
}

int profile_parse_release(const char *s, uint32_t *out)
{
	unsigned major, minor;
	if (read_number(&s, 0xffff, &major) < 0 || *s++ != '.' ||
	    read_number(&s, 0xffff, &minor) < 0)
		return -EINVAL;
	*out = PROFILE_KERNEL(major, minor);
	return 0;
}

int profile_host(uint64_t caps, const char *what, ProfileHost *out)
{
	if (profile_libs_load(what, false) < 0)
		return -ENOTSUP;
	struct utsname u;
	if (uname(&u) < 0)
		return log_error_errno(-errno, "%s: uname", what);
	if (profile_parse_release(u.release, &out->kernel) < 0) {
		log_error("%s: the kernel release '%s' has no major.minor", what,
			  log_quote(0, u.release));
		return -EINVAL;
	}
	out->caps = caps;
	out->arch = sym_seccomp_arch_native();
	return 0;
}

bool profile_rule_applies(const ProfileRule *r, const ProfileHost *host)
{
	const ProfileCond *in = &r->includes, *ex = &r->excludes;
	uint32_t row = arch_row_of(host->arch);
	if ((ex->arches & row) || (ex->caps & host->caps) ||
	    (ex->min_kernel && host->kernel >= ex->min_kernel))
		return false;
	if ((in->arches && !(in->arches & row)) || (in->caps & ~host->caps) ||
	    (in->min_kernel && host->kernel < in->min_kernel))
		return false;
	return true;
}

/* a's includes contradict b's excludes */
static bool contradicts(const ProfileCond *in, const ProfileCond *ex)
{
	return (in->caps & ex->caps) || (in->arches && !(in->arches & ~ex->arches)) ||
	       (in->min_kernel && ex->min_kernel && in->min_kernel >= ex->min_kernel);
}

bool profile_rules_exclusive(const ProfileRule *a, const ProfileRule *b)
{
	uint32_t aa = a->includes.arches, ba = b->includes.arches;
	return (aa && ba && !(aa & ba)) || contradicts(&a->includes, &b->excludes) ||
	       contradicts(&b->includes, &a->excludes) || contradicts(&a->includes, &a->excludes) ||
	       contradicts(&b->includes, &b->excludes);
}

/* ---- JSON out ------------------------------------------------------------ */

static json_object *args_json(const ProfileRule *r)
{
	json_object *args = sym_json_object_new_array();
	for (size_t k = 0; k < r->n_args; k++) {
		const ProfileArg *a = &r->args[k];
		json_object *ao = sym_json_object_new_object();
		sym_json_object_object_add(ao, "index", sym_json_object_new_int((int)a->index));
		sym_json_object_object_add(ao, "value", sym_json_object_new_uint64(a->value));
		sym_json_object_object_add(ao, "valueTwo",
					   sym_json_object_new_uint64(a->value_two));
		sym_json_object_object_add(ao, "op", sym_json_object_new_string(op_name(a->op)));
		sym_json_object_array_add(args, ao);
	}
	return args;
}

/* includes or excludes: NULL when empty */
static json_object *cond_json(const ProfileCond *c)
{
	if (!c->caps && !c->arches && !c->min_kernel)
		return NULL;
	json_object *o = sym_json_object_new_object();
	if (c->caps) {
		json_object *caps = sym_json_object_new_array();
		for (int cap = 0; cap < 64; cap++) {
			char name[64];
			if (c->caps & (UINT64_C(1) << cap) &&
			    caps_name(cap, name, sizeof name) == 0)
				sym_json_object_array_add(caps, sym_json_object_new_string(name));
		}
		sym_json_object_object_add(o, "caps", caps);
	}
	if (c->arches) {
		json_object *arches = sym_json_object_new_array();
		for (size_t i = 0; i < N_ARCH_ROWS; i++)
			if (c->arches & (UINT32_C(1) << i))
				sym_json_object_array_add(
					arches, sym_json_object_new_string(arch_rows[i].names[0]));
		sym_json_object_object_add(o, "arches", arches);
	}
	if (c->min_kernel) {
		char v[32];
		snprintf(v, sizeof v, "%u.%u", c->min_kernel >> 16, c->min_kernel & 0xffff);
		sym_json_object_object_add(o, "minKernel", sym_json_object_new_string(v));
	}
	return o;
}

static json_object *rule_json(const ProfileRule *r)
{
	json_object *o = sym_json_object_new_object();
	json_object *names = sym_json_object_new_array();
	for (size_t k = 0; k < r->n_names; k++)
		sym_json_object_array_add(names, sym_json_object_new_string(r->names[k]));
	sym_json_object_object_add(o, "names", names);
	sym_json_object_object_add(o, "action",
				   sym_json_object_new_string(profile_action_name(r->action)));
	if (r->action == SCMP_ACT_ERRNO(0))
		sym_json_object_object_add(o, "errnoRet", sym_json_object_new_int(r->errno_ret));
	if (r->n_args)
		sym_json_object_object_add(o, "args", args_json(r));
	json_object *in = cond_json(&r->includes), *ex = cond_json(&r->excludes);
	if (in)
		sym_json_object_object_add(o, "includes", in);
	if (ex)
		sym_json_object_object_add(o, "excludes", ex);
	return o;
}

void profile_print_json(const Profile *p, FILE *out)
{
	json_object *root = sym_json_object_new_object();
	sym_json_object_object_add(
		root, "defaultAction",
		sym_json_object_new_string(profile_action_name(p->default_action)));
	if (p->default_action == SCMP_ACT_ERRNO(0))
		sym_json_object_object_add(root, "defaultErrnoRet",
					   sym_json_object_new_int(p->default_errno));
	json_object *arches = sym_json_object_new_array();
	for (size_t i = 0; i < p->n_arches; i++) {
		char name[32];
		arch_name(p->arches[i], name, sizeof name);
		sym_json_object_array_add(arches, sym_json_object_new_string(name));
	}
	sym_json_object_object_add(root, "architectures", arches);
	json_object *rules = sym_json_object_new_array();
	for (size_t i = 0; i < p->n_rules; i++)
		sym_json_object_array_add(rules, rule_json(&p->rules[i]));
	sym_json_object_object_add(root, "syscalls", rules);
	fprintf(out, "%s\n",
		sym_json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
								 JSON_C_TO_STRING_SPACED |
								 JSON_C_TO_STRING_NOSLASHESCAPE));
	sym_json_object_put(root);
}

/* ---- compiling ------------------------------------------------------------- */

uint32_t profile_full_action(uint32_t action, int err)
{
	return action == SCMP_ACT_ERRNO(0) ? SCMP_ACT_ERRNO((uint32_t)err) : action;
}

/* Does the system call exist on one of these ABIs? libseccomp 2.5.4 drops
 * the system call load of an x86_64 program that has a rule for one that
 * does not (socketcall, an i386 call): x86_64 calls then match nothing. */
static bool exists_on(const char *name, const uint32_t *arches, size_t n)
{
	if (n == 0)
		return sym_seccomp_syscall_resolve_name_rewrite(sym_seccomp_arch_native(), name) >=
		       0;
	for (size_t i = 0; i < n; i++)
		if (sym_seccomp_syscall_resolve_name_rewrite(arches[i], name) >= 0)
			return true;
	return false;
}

static int add_to_filter(scmp_filter_ctx ctx, const ProfileRule *r, const uint32_t *arches,
			 size_t n_arches, const char *what)
{
	struct scmp_arg_cmp cmps[6];
	if (r->n_args > 6) {
		log_error("%s: a rule compares more than 6 arguments", what);
		return -EINVAL;
	}
	for (size_t k = 0; k < r->n_args; k++)
		cmps[k] = (struct scmp_arg_cmp){.arg = r->args[k].index,
						.op = (enum scmp_compare)r->args[k].op,
						.datum_a = r->args[k].value,
						.datum_b = r->args[k].value_two};
	for (size_t i = 0; i < r->n_names; i++) {
		int nr = sym_seccomp_syscall_resolve_name(r->names[i]);
		if (nr == __NR_SCMP_ERROR) {
			log_warning("%s: unknown system call '%s', skipped", what,
				    log_quote(0, r->names[i]));
			continue;
		}
		if (!exists_on(r->names[i], arches, n_arches))
			continue;
		uint32_t action = profile_full_action(r->action, r->errno_ret);
		int e = sym_seccomp_rule_add_array(ctx, action, nr, (unsigned)r->n_args, cmps);
		/* a rule that only repeats the default action is no rule */
		if (e == -EACCES || e == -EEXIST)
			continue;
		if (e < 0)
			return log_error_errno(e, "%s: system call '%s'", what,
					       log_quote(0, r->names[i]));
	}
	return 0;
}

static int export_filter(scmp_filter_ctx ctx, const char *what, struct sock_fprog *out)
{
	cleanup_fd int mfd = memfd_create("bwrap-seccomp", MFD_CLOEXEC);
	if (mfd < 0)
		return log_error_errno(-errno, "%s: memfd_create", what);
	int r = sym_seccomp_export_bpf(ctx, mfd);
	if (r < 0)
		return log_error_errno(r, "%s: exporting the filter", what);
	cleanup_free char *data = NULL;
	size_t len = 0;
	if (lseek(mfd, 0, SEEK_SET) < 0)
		return log_error_errno(-errno, "%s: reading the filter", what);
	r = read_all(mfd, (size_t)BPF_MAXINSNS * sizeof(struct sock_filter) * 4, &data, &len);
	if (r < 0 || len == 0 || len % sizeof(struct sock_filter))
		return log_error_errno(r < 0 ? r : -EINVAL, "%s: reading the filter", what);
	out->len = (unsigned short)(len / sizeof(struct sock_filter));
	out->filter = (struct sock_filter *)steal_pointer(&data);
	return 0;
}

/* One program for the architectures arches[0..n) (none: the native one);
 * a system call of any other gets 'badarch'. */
static int compile_for(const Profile *p, const ProfileHost *host, const char *what,
		       const uint32_t *arches, size_t n, uint32_t badarch, struct sock_fprog *out)
{
	uint32_t def = profile_full_action(p->default_action, p->default_errno);
	scmp_filter_ctx ctx = sym_seccomp_init(def);
	if (!ctx) {
		log_error("%s: libseccomp could not start a filter", what);
		return -ENOMEM;
	}
	/* no_new_privs is bwrap's to set */
	int r = sym_seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	if (r == 0)
		r = sym_seccomp_attr_set(ctx, SCMP_FLTATR_ACT_BADARCH, badarch);
	bool native = false;
	for (size_t i = 0; i < n && r == 0; i++) {
		native |= arches[i] == sym_seccomp_arch_native();
		r = sym_seccomp_arch_add(ctx, arches[i]);
		if (r == -EEXIST)
			r = 0;
	}
	if (r == 0 && !native && n > 0)
		r = sym_seccomp_arch_remove(ctx, SCMP_ARCH_NATIVE);
	if (r < 0)
		r = log_error_errno(r, "%s: adding an architecture", what);
	for (size_t i = 0; i < p->n_rules && r == 0; i++)
		if (profile_rule_applies(&p->rules[i], host))
			r = add_to_filter(ctx, &p->rules[i], arches, n, what);
	if (r == 0)
		r = export_filter(ctx, what, out);
	sym_seccomp_release(ctx);
	return r;
}

int profile_compile(const Profile *p, const ProfileHost *host, const char *what,
		    struct sock_fprog out[PROFILE_MAX_PROGRAMS], size_t *n_out)
{
	*n_out = 0;
	if (profile_libs_load(what, false) < 0)
		return -ENOTSUP;
	/* libseccomp 2.5.4 can leave the x86_64 part of a program for x86_64,
	 * x32 and i386 without its system call load (seen with a socket rule
	 * and an i386-only socketcall rule): x86_64 calls then match nothing.
	 * A profile that allows by default is split, exactly, into one program
	 * for x86_64 (with x32) and one for i386, each allowing the other's
	 * calls. One that denies by default stays whole: a system call of an
	 * ABI it does not list must get its default action, not be allowed. */
	const uint32_t x86_32 = SCMP_ARCH_X86;
	bool has_i386 = false;
	for (size_t i = 0; i < p->n_arches; i++)
		has_i386 |= p->arches[i] == x86_32 && x86_32 != sym_seccomp_arch_native();
	if (p->default_action != SCMP_ACT_ALLOW || !has_i386 || p->n_arches < 2)
		return compile_for(p, host, what, p->arches, p->n_arches, SCMP_ACT_KILL_THREAD,
				   &out[(*n_out)++]);
	cleanup_free uint32_t *rest = xcalloc(p->n_arches, sizeof(uint32_t));
	size_t n_rest = 0;
	for (size_t i = 0; i < p->n_arches; i++)
		if (p->arches[i] != x86_32)
			rest[n_rest++] = p->arches[i];
	int r = compile_for(p, host, what, rest, n_rest, SCMP_ACT_ALLOW, &out[0]);
	if (r < 0)
		return r;
	*n_out = 1;
	r = compile_for(p, host, what, &x86_32, 1, SCMP_ACT_ALLOW, &out[1]);
	if (r < 0)
		return r;
	*n_out = 2;
	return 0;
}

void profile_free(Profile *p)
{
	for (size_t i = 0; i < p->n_rules; i++) {
		for (size_t k = 0; k < p->rules[i].n_names; k++)
			free(p->rules[i].names[k]);
		free(p->rules[i].names);
		free(p->rules[i].args);
	}
	free(p->rules);
	free(p->arches);
	memset(p, 0, sizeof *p);
}
