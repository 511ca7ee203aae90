/* profile.c - seccomp profiles. One representation serves the built-in
 * profile, JSON files, --print-seccomp-profile and the compiler. */
#include "profile.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <json.h>
#include <linux/sched.h>
#include <seccomp.h>
#include <stdarg.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

/* ---- names ------------------------------------------------------------- */

static const struct {
	const char *name;
	uint32_t action;
} actions[] = {
	{"SCMP_ACT_ALLOW", SCMP_ACT_ALLOW},
	{"SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0)},
	{"SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD},
	{"SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS},
	{"SCMP_ACT_TRAP", SCMP_ACT_TRAP},
	{"SCMP_ACT_LOG", SCMP_ACT_LOG},
	{"SCMP_ACT_TRACE", SCMP_ACT_TRACE(0)},
};

static const struct {
	const char *name;
	int op;
} ops[] = {
	{"SCMP_CMP_NE", SCMP_CMP_NE},
	{"SCMP_CMP_LT", SCMP_CMP_LT},
	{"SCMP_CMP_LE", SCMP_CMP_LE},
	{"SCMP_CMP_EQ", SCMP_CMP_EQ},
	{"SCMP_CMP_GE", SCMP_CMP_GE},
	{"SCMP_CMP_GT", SCMP_CMP_GT},
	{"SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ},
};

static const char *action_name(uint32_t a)
{
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (actions[i].action == a)
			return actions[i].name;
	return "SCMP_ACT_KILL_PROCESS";
}

static const char *op_name(int op)
{
	for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++)
		if (ops[i].op == op)
			return ops[i].name;
	return "SCMP_CMP_EQ";
}

/* "SCMP_ARCH_X86_64" <-> libseccomp's "x86_64" */
static uint32_t arch_from_name(const char *name)
{
	if (strncmp(name, "SCMP_ARCH_", 10) != 0)
		return 0;
	char lower[32];
	size_t i = 0;
	for (const char *p = name + 10; *p && i + 1 < sizeof lower; p++)
		lower[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	lower[i] = '\0';
	return seccomp_arch_resolve_name(lower);
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

static void add_arg(ProfileRule *r, unsigned index, int op, uint64_t value, uint64_t two)
{
	ProfileArg *a = array_push(&r->args, &r->n_args, sizeof *a);
	a->index = index;
	a->op = op;
	a->value = value;
	a->value_two = two;
}

/* errno for each rule of the default profile */
void profile_default(Profile *p)
{
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
		"fsopen",     "fsconfig",  "fsmount",	    "fspick",
		"move_mount", "open_tree", "mount_setattr", NULL,
	};
	/* io_uring performs its operations (socket, openat, ...) in the kernel,
	 * where no system call filter sees them: it would be a way around every
	 * rule below, as Docker's default profile has known since 2023 */
	static const char *const io_uring[] = {
		"io_uring_setup",
		"io_uring_enter",
		"io_uring_register",
		NULL,
	};
	static const uint64_t ns_flags[] = {CLONE_NEWNS,  CLONE_NEWCGROUP, CLONE_NEWUTS,
					    CLONE_NEWIPC, CLONE_NEWUSER,   CLONE_NEWPID,
					    CLONE_NEWNET, CLONE_NEWTIME};
	memset(p, 0, sizeof *p);
	p->default_action = SCMP_ACT_ALLOW;
	uint32_t arches[] = {SCMP_ARCH_NATIVE, SCMP_ARCH_X86, SCMP_ARCH_X32};
	size_t n_arches = seccomp_arch_native() == SCMP_ARCH_X86_64 ? 3 : 1;
	for (size_t i = 0; i < n_arches; i++) {
		uint32_t *slot = array_push(&p->arches, &p->n_arches, sizeof(uint32_t));
		*slot = i == 0 ? seccomp_arch_native() : arches[i];
	}
	add_rule(p, SCMP_ACT_ERRNO(0), EPERM, blocked);
	/* ENOSYS: callers fall back to what the sandbox allows */
	add_rule(p, SCMP_ACT_ERRNO(0), ENOSYS, new_mount_api);
	add_rule(p, SCMP_ACT_ERRNO(0), ENOSYS, io_uring);
	add_rule(p, SCMP_ACT_ERRNO(0), ENOSYS, (const char *const[]){"clone3", NULL});
	/* unshare and clone with any namespace flag (one comparison a rule) */
	for (size_t i = 0; i < sizeof ns_flags / sizeof ns_flags[0]; i++) {
		ProfileRule *r = add_rule(p, SCMP_ACT_ERRNO(0), EPERM,
					  (const char *const[]){"unshare", "clone", NULL});
		add_arg(r, 0, SCMP_CMP_MASKED_EQ, ns_flags[i], ns_flags[i]);
	}
	/* personality: only the default (0) and the query (0xffffffff). Any
	 * other value has, going round its 32 bits, a 1 bit followed by a 0 bit:
	 * one masked comparison for each position catches it. */
	for (unsigned bit = 0; bit < 32; bit++) {
		ProfileRule *r = add_rule(p, SCMP_ACT_ERRNO(0), EPERM,
					  (const char *const[]){"personality", NULL});
		uint64_t one = UINT64_C(1) << bit, zero = UINT64_C(1) << ((bit + 1) % 32);
		add_arg(r, 0, SCMP_CMP_MASKED_EQ, one | zero, one);
	}
	/* terminal injection, whatever the high 32 bits of the request */
	static const uint64_t ttys[] = {TIOCSTI, TIOCLINUX};
	for (size_t i = 0; i < 2; i++) {
		ProfileRule *r =
			add_rule(p, SCMP_ACT_ERRNO(0), EPERM, (const char *const[]){"ioctl", NULL});
		add_arg(r, 1, SCMP_CMP_MASKED_EQ, 0xffffffffu, ttys[i]);
	}
	/* sockets: AF_UNIX, AF_INET, AF_INET6 and AF_NETLINK only, made by
	 * socket or by socketpair (which some other families implement) */
	for (uint64_t af = 0; af < AF_MAX; af++) {
		if (af == AF_UNIX || af == AF_INET || af == AF_INET6 || af == AF_NETLINK)
			continue;
		ProfileRule *r = add_rule(p, SCMP_ACT_ERRNO(0), EAFNOSUPPORT,
					  (const char *const[]){"socket", "socketpair", NULL});
		/* the kernel takes the family as an int: compare the low 32 bits */
		add_arg(r, 0, SCMP_CMP_MASKED_EQ, 0xffffffffu, af);
	}
	/* i386's socketcall multiplexes socket(): its arguments are behind a
	 * pointer, out of a filter's reach, so it goes (glibc uses socket) */
	add_rule(p, SCMP_ACT_ERRNO(0), ENOSYS, (const char *const[]){"socketcall", NULL});
}

/* ---- JSON in ------------------------------------------------------------- */

typedef struct {
	const char *path;
	const char *option;
} Where;

static void bad_msg(const Where *w, const char *place, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void bad_msg(const Where *w, const char *place, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	log_error("%s %s: %s: %s", w->option, log_quote(0, w->path), place, msg);
}
/* Log and give -EINVAL. A macro: the static analyzer does not follow calls
 * to variadic functions, and would not see that every bad() is a failure. */
#define bad(w, place, ...) (bad_msg((w), (place), __VA_ARGS__), -EINVAL)

static const char *type_name(json_object *o)
{
	return json_type_to_name(json_object_get_type(o));
}

static int get_string(const Where *w, const char *place, json_object *o, const char **out)
{
	if (!json_object_is_type(o, json_type_string))
		return bad(w, place, "expected a string, found %s", type_name(o));
	*out = json_object_get_string(o);
	return 0;
}

static int get_u64(const Where *w, const char *place, json_object *o, uint64_t *out)
{
	if (!json_object_is_type(o, json_type_int))
		return bad(w, place, "expected an integer, found %s", type_name(o));
	errno = 0;
	uint64_t v = json_object_get_uint64(o);
	if (errno != 0 || (json_object_get_int64(o) < 0))
		return bad(w, place, "expected a non-negative integer");
	*out = v;
	return 0;
}

static int parse_action(const Where *w, const char *place, json_object *o, uint32_t *out)
{
	const char *s;
	int r = get_string(w, place, o, &s);
	if (r < 0)
		return r;
	for (size_t i = 0; i < sizeof actions / sizeof actions[0]; i++)
		if (strcmp(actions[i].name, s) == 0) {
			*out = actions[i].action;
			return 0;
		}
	return bad(w, place, "unknown action '%s'", log_quote(1, s));
}

static int parse_errno(const Where *w, const char *place, json_object *o, int *out)
{
	uint64_t v;
	int r = get_u64(w, place, o, &v);
	if (r < 0)
		return r;
	if (v > 4095)
		return bad(w, place, "errno %llu out of range", (unsigned long long)v);
	*out = (int)v;
	return 0;
}

static int parse_args(const Where *w, const char *place, json_object *arr, ProfileRule *rule)
{
	if (!json_object_is_type(arr, json_type_array))
		return bad(w, place, "expected an array, found %s", type_name(arr));
	for (size_t i = 0; i < json_object_array_length(arr); i++) {
		char at[128];
		json_object *a = json_object_array_get_idx(arr, i);
		snprintf(at, sizeof at, "%s[%zu]", place, i);
		if (!json_object_is_type(a, json_type_object))
			return bad(w, at, "expected an object, found %s", type_name(a));
		ProfileArg arg = {0};
		json_object *v;
		uint64_t index = 0;
		const char *op = NULL;
		int r = 0;
		char field[160];
		snprintf(field, sizeof field, "%s.index", at);
		if (!json_object_object_get_ex(a, "index", &v))
			return bad(w, at, "no \"index\"");
		if ((r = get_u64(w, field, v, &index)) < 0)
			return r;
		if (index > 5)
			return bad(w, field, "argument index %llu out of range (0 to 5)",
				   (unsigned long long)index);
		snprintf(field, sizeof field, "%s.value", at);
		if (json_object_object_get_ex(a, "value", &v) &&
		    (r = get_u64(w, field, v, &arg.value)) < 0)
			return r;
		snprintf(field, sizeof field, "%s.valueTwo", at);
		if (json_object_object_get_ex(a, "valueTwo", &v) &&
		    (r = get_u64(w, field, v, &arg.value_two)) < 0)
			return r;
		snprintf(field, sizeof field, "%s.op", at);
		if (!json_object_object_get_ex(a, "op", &v))
			return bad(w, at, "no \"op\"");
		if ((r = get_string(w, field, v, &op)) < 0)
			return r;
		arg.op = -1;
		for (size_t k = 0; k < sizeof ops / sizeof ops[0]; k++)
			if (strcmp(ops[k].name, op) == 0)
				arg.op = ops[k].op;
		if (arg.op < 0)
			return bad(w, field, "unknown operator '%s'", log_quote(1, op));
		arg.index = (unsigned)index;
		add_arg(rule, arg.index, arg.op, arg.value, arg.value_two);
	}
	return 0;
}

static int parse_rule(const Where *w, size_t idx, json_object *o, Profile *p)
{
	char place[64], field[96];
	snprintf(place, sizeof place, "syscalls[%zu]", idx);
	if (!json_object_is_type(o, json_type_object))
		return bad(w, place, "expected an object, found %s", type_name(o));
	ProfileRule *rule = array_push(&p->rules, &p->n_rules, sizeof *rule);
	json_object *v;
	int r;
	snprintf(field, sizeof field, "%s.names", place);
	if (!json_object_object_get_ex(o, "names", &v) && !json_object_object_get_ex(o, "name", &v))
		return bad(w, place, "no \"names\"");
	if (json_object_is_type(v, json_type_string)) {
		char **slot = array_push(&rule->names, &rule->n_names, sizeof(char *));
		*slot = xstrdup(json_object_get_string(v));
	} else if (json_object_is_type(v, json_type_array)) {
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			char at[128];
			const char *name;
			snprintf(at, sizeof at, "%s[%zu]", field, i);
			if ((r = get_string(w, at, json_object_array_get_idx(v, i), &name)) < 0)
				return r;
			char **slot = array_push(&rule->names, &rule->n_names, sizeof(char *));
			*slot = xstrdup(name);
		}
	} else {
		return bad(w, field, "expected an array of strings, found %s", type_name(v));
	}
	snprintf(field, sizeof field, "%s.action", place);
	if (!json_object_object_get_ex(o, "action", &v))
		return bad(w, place, "no \"action\"");
	if ((r = parse_action(w, field, v, &rule->action)) < 0)
		return r;
	rule->errno_ret = EPERM;
	snprintf(field, sizeof field, "%s.errnoRet", place);
	if (json_object_object_get_ex(o, "errnoRet", &v) &&
	    (r = parse_errno(w, field, v, &rule->errno_ret)) < 0)
		return r;
	snprintf(field, sizeof field, "%s.args", place);
	if (json_object_object_get_ex(o, "args", &v) && !json_object_is_type(v, json_type_null) &&
	    (r = parse_args(w, field, v, rule)) < 0)
		return r;
	return 0;
}

static int parse_profile(const Where *w, json_object *root, Profile *p)
{
	json_object *v;
	int r;
	if (!json_object_is_type(root, json_type_object))
		return bad(w, "the top level", "expected an object, found %s", type_name(root));
	if (!json_object_object_get_ex(root, "defaultAction", &v))
		return bad(w, "the top level", "no \"defaultAction\"");
	if ((r = parse_action(w, "defaultAction", v, &p->default_action)) < 0)
		return r;
	p->default_errno = EPERM;
	if (json_object_object_get_ex(root, "defaultErrnoRet", &v) &&
	    (r = parse_errno(w, "defaultErrnoRet", v, &p->default_errno)) < 0)
		return r;
	if (json_object_object_get_ex(root, "architectures", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		if (!json_object_is_type(v, json_type_array))
			return bad(w, "architectures", "expected an array, found %s", type_name(v));
		for (size_t i = 0; i < json_object_array_length(v); i++) {
			char at[64];
			const char *name;
			snprintf(at, sizeof at, "architectures[%zu]", i);
			if ((r = get_string(w, at, json_object_array_get_idx(v, i), &name)) < 0)
				return r;
			uint32_t arch = arch_from_name(name);
			if (!arch)
				return bad(w, at, "unknown architecture '%s'", log_quote(1, name));
			uint32_t *slot = array_push(&p->arches, &p->n_arches, sizeof(uint32_t));
			*slot = arch;
		}
	}
	if (json_object_object_get_ex(root, "syscalls", &v) &&
	    !json_object_is_type(v, json_type_null)) {
		if (!json_object_is_type(v, json_type_array))
			return bad(w, "syscalls", "expected an array, found %s", type_name(v));
		for (size_t i = 0; i < json_object_array_length(v); i++)
			if ((r = parse_rule(w, i, json_object_array_get_idx(v, i), p)) < 0)
				return r;
	}
	return 0;
}

/* line and column of a byte offset, for JSON syntax errors */
static void position(const char *text, size_t off, int *line, int *col)
{
	*line = 1;
	*col = 1;
	for (size_t i = 0; i < off && text[i]; i++) {
		if (text[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

int profile_load(const char *path, const char *option, Profile *p)
{
	memset(p, 0, sizeof *p);
	Where w = {.path = path, .option = option};
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return log_error_errno(-errno, "%s %s", option, log_quote(0, path));
	cleanup_free char *text = NULL;
	size_t len;
	int r = read_all(fd, (size_t)16 << 20, &text, &len);
	if (r < 0)
		return log_error_errno(r, "%s %s: reading", option, log_quote(0, path));
	json_tokener *tok = json_tokener_new();
	json_object *root = json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = json_tokener_get_error(tok);
	size_t end = json_tokener_get_parse_end(tok);
	json_tokener_free(tok);
	if (!root || jerr != json_tokener_success) {
		int line, col;
		position(text, end, &line, &col);
		if (root)
			json_object_put(root);
		log_error("%s %s: line %d, column %d: %s", option, log_quote(0, path), line, col,
			  jerr == json_tokener_continue ? "unexpected end of the file"
							: json_tokener_error_desc(jerr));
		return -EINVAL;
	}
	/* one JSON value, nothing after it but white space */
	for (size_t i = end; i < len; i++) {
		if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r') {
			int line, col;
			position(text, i, &line, &col);
			json_object_put(root);
			log_error("%s %s: line %d, column %d: unexpected text after the JSON value",
				  w.option, log_quote(0, path), line, col);
			return -EINVAL;
		}
	}
	r = parse_profile(&w, root, p);
	json_object_put(root);
	if (r < 0)
		profile_free(p);
	return r;
}

/* ---- JSON out ------------------------------------------------------------ */

void profile_print_json(const Profile *p, FILE *out)
{
	json_object *root = json_object_new_object();
	json_object_object_add(root, "defaultAction",
			       json_object_new_string(action_name(p->default_action)));
	if (p->default_action == SCMP_ACT_ERRNO(0))
		json_object_object_add(root, "defaultErrnoRet",
				       json_object_new_int(p->default_errno));
	json_object *arches = json_object_new_array();
	for (size_t i = 0; i < p->n_arches; i++) {
		char name[32];
		arch_name(p->arches[i], name, sizeof name);
		json_object_array_add(arches, json_object_new_string(name));
	}
	json_object_object_add(root, "architectures", arches);
	json_object *rules = json_object_new_array();
	for (size_t i = 0; i < p->n_rules; i++) {
		const ProfileRule *r = &p->rules[i];
		json_object *o = json_object_new_object();
		json_object *names = json_object_new_array();
		for (size_t k = 0; k < r->n_names; k++)
			json_object_array_add(names, json_object_new_string(r->names[k]));
		json_object_object_add(o, "names", names);
		json_object_object_add(o, "action", json_object_new_string(action_name(r->action)));
		if (r->action == SCMP_ACT_ERRNO(0))
			json_object_object_add(o, "errnoRet", json_object_new_int(r->errno_ret));
		if (r->n_args) {
			json_object *args = json_object_new_array();
			for (size_t k = 0; k < r->n_args; k++) {
				const ProfileArg *a = &r->args[k];
				json_object *ao = json_object_new_object();
				json_object_object_add(ao, "index",
						       json_object_new_int((int)a->index));
				json_object_object_add(ao, "value",
						       json_object_new_uint64(a->value));
				json_object_object_add(ao, "valueTwo",
						       json_object_new_uint64(a->value_two));
				json_object_object_add(ao, "op",
						       json_object_new_string(op_name(a->op)));
				json_object_array_add(args, ao);
			}
			json_object_object_add(o, "args", args);
		}
		json_object_array_add(rules, o);
	}
	json_object_object_add(root, "syscalls", rules);
	fprintf(out, "%s\n",
		json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							     JSON_C_TO_STRING_SPACED |
							     JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(root);
}

/* ---- compiling ------------------------------------------------------------- */

static uint32_t full_action(uint32_t action, int err)
{
	return action == SCMP_ACT_ERRNO(0) ? SCMP_ACT_ERRNO((uint32_t)err) : action;
}

static int add_to_filter(scmp_filter_ctx ctx, const ProfileRule *r, const char *what)
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
		int nr = seccomp_syscall_resolve_name(r->names[i]);
		if (nr == __NR_SCMP_ERROR) {
			log_warning("%s: unknown system call '%s', skipped", what,
				    log_quote(0, r->names[i]));
			continue;
		}
		uint32_t action = full_action(r->action, r->errno_ret);
		int e = seccomp_rule_add_array(ctx, action, nr, (unsigned)r->n_args, cmps);
		/* a rule that only repeats the default action is no rule */
		if (e == -EACCES || e == -EEXIST)
			continue;
		if (e < 0)
			return log_error_errno(e, "%s: system call '%s'", what,
					       log_quote(0, r->names[i]));
	}
	return 0;
}

int profile_compile(const Profile *p, const char *what, struct sock_fprog *out)
{
	uint32_t def = full_action(p->default_action, p->default_errno);
	scmp_filter_ctx ctx = seccomp_init(def);
	if (!ctx) {
		log_error("%s: libseccomp could not start a filter", what);
		return -ENOMEM;
	}
	int r = 0;
	/* no_new_privs is bwrap's to set; a filter for other ABIs must not
	 * let them through: their syscalls get the default action */
	seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
	for (size_t i = 0; i < p->n_arches && r == 0; i++) {
		if (p->arches[i] == seccomp_arch_native())
			continue;
		r = seccomp_arch_add(ctx, p->arches[i]);
		if (r == -EEXIST)
			r = 0;
	}
	if (r < 0)
		r = log_error_errno(r, "%s: adding an architecture", what);
	for (size_t i = 0; i < p->n_rules && r == 0; i++)
		r = add_to_filter(ctx, &p->rules[i], what);
	if (r == 0) {
		int mfd = memfd_create("bwrap-seccomp", MFD_CLOEXEC);
		if (mfd < 0) {
			r = log_error_errno(-errno, "%s: memfd_create", what);
		} else {
			r = seccomp_export_bpf(ctx, mfd);
			if (r < 0) {
				log_error_errno(r, "%s: exporting the filter", what);
			} else {
				cleanup_free char *data = NULL;
				size_t len = 0;
				lseek(mfd, 0, SEEK_SET);
				r = read_all(mfd,
					     (size_t)BPF_MAXINSNS * sizeof(struct sock_filter) * 4,
					     &data, &len);
				if (r < 0 || len == 0 || len % sizeof(struct sock_filter)) {
					r = log_error_errno(r < 0 ? r : -EINVAL,
							    "%s: reading the filter", what);
				} else {
					out->len =
						(unsigned short)(len / sizeof(struct sock_filter));
					out->filter = (struct sock_filter *)steal_pointer(&data);
				}
			}
			close(mfd);
		}
	}
	seccomp_release(ctx);
	return r;
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
