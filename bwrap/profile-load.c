/* profile-load.c - reading an OCI runtime-spec / Docker seccomp profile.
 * Every key is known or refused, every error names its place in the file,
 * and no two rules that can apply together disagree. */
#include "profile.h"

#include "caps.h"
#include "cleanup.h"
#include "log.h"
#include "profile-libs.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include "profile-libs.h"
#include <stdarg.h>
#include <string.h>

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

/* The place of a key inside an object: "syscalls[3]" "args" ->
 * "syscalls[3].args"; at the top level (an empty place) the key alone. */
static void key_place(char *buf, size_t size, const char *place, const char *key)
{
	snprintf(buf, size, "%s%s%s", place, *place ? "." : "", key);
}

static const char *type_name(json_object *o)
{
	return sym_json_type_to_name(sym_json_object_get_type(o));
}

/* o[key], when present and not null */
static bool get_opt(json_object *o, const char *key, json_object **v)
{
	return sym_json_object_object_get_ex(o, key, v) &&
	       !sym_json_object_is_type(*v, json_type_null);
}

/* Every key of the object must be one of 'known' (NULL-terminated). */
static int check_keys(const Where *w, const char *place, json_object *o, const char *const *known)
{
	/* json_object_object_foreach() would call the library directly */
	for (struct lh_entry *e = lh_table_head(sym_json_object_get_object(o)); e;
	     e = lh_entry_next(e)) {
		const char *key = lh_entry_k(e);
		size_t i = 0;
		while (known[i] && strcmp(known[i], key) != 0)
			i++;
		if (known[i])
			continue;
		char at[256], list[256];
		size_t len = 0;
		key_place(at, sizeof at, place, key);
		for (i = 0; known[i] && len < sizeof list; i++)
			len += (size_t)snprintf(list + len, sizeof list - len, "%s%s",
						i ? ", " : "", known[i]);
		return bad(w, at, "unknown key (known here: %s)", list);
	}
	return 0;
}

static int get_string(const Where *w, const char *place, json_object *o, const char **out)
{
	if (!sym_json_object_is_type(o, json_type_string))
		return bad(w, place, "expected a string, found %s", type_name(o));
	*out = sym_json_object_get_string(o);
	return 0;
}

static int get_array(const Where *w, const char *place, json_object *o)
{
	if (!sym_json_object_is_type(o, json_type_array))
		return bad(w, place, "expected an array, found %s", type_name(o));
	return 0;
}

static int get_object(const Where *w, const char *place, json_object *o)
{
	if (!sym_json_object_is_type(o, json_type_object))
		return bad(w, place, "expected an object, found %s", type_name(o));
	return 0;
}

static int get_u64(const Where *w, const char *place, json_object *o, uint64_t *out)
{
	if (!sym_json_object_is_type(o, json_type_int))
		return bad(w, place, "expected an integer, found %s", type_name(o));
	errno = 0;
	uint64_t v = sym_json_object_get_uint64(o);
	if (errno != 0 || (sym_json_object_get_int64(o) < 0))
		return bad(w, place, "expected a non-negative integer");
	*out = v;
	return 0;
}

/* The string element i of an array, and its place */
static int get_elem(const Where *w, const char *place, json_object *arr, size_t i, char *at,
		    size_t size, const char **out)
{
	snprintf(at, size, "%s[%zu]", place, i);
	return get_string(w, at, sym_json_object_array_get_idx(arr, i), out);
}

static int parse_action(const Where *w, const char *place, json_object *o, uint32_t *out)
{
	const char *s;
	int r = get_string(w, place, o, &s);
	if (r < 0)
		return r;
	if (profile_action_from_name(s, out) < 0)
		return bad(w, place, "unknown action '%s'", log_quote(1, s));
	return 0;
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

/* ---- rules ------------------------------------------------------------------ */

static int parse_arg(const Where *w, const char *at, json_object *a, ProfileRule *rule)
{
	static const char *const keys[] = {"index", "value", "valueTwo", "op", NULL};
	char field[192];
	json_object *v;
	uint64_t index = 0, value = 0, two = 0;
	const char *op_s = NULL;
	int op, r;
	if ((r = get_object(w, at, a)) < 0 || (r = check_keys(w, at, a, keys)) < 0)
		return r;
	key_place(field, sizeof field, at, "index");
	if (!sym_json_object_object_get_ex(a, "index", &v))
		return bad(w, at, "no \"index\"");
	if ((r = get_u64(w, field, v, &index)) < 0)
		return r;
	if (index > 5)
		return bad(w, field, "argument index %llu out of range (0 to 5)",
			   (unsigned long long)index);
	key_place(field, sizeof field, at, "value");
	if (sym_json_object_object_get_ex(a, "value", &v) && (r = get_u64(w, field, v, &value)) < 0)
		return r;
	key_place(field, sizeof field, at, "valueTwo");
	if (sym_json_object_object_get_ex(a, "valueTwo", &v) &&
	    (r = get_u64(w, field, v, &two)) < 0)
		return r;
	key_place(field, sizeof field, at, "op");
	if (!sym_json_object_object_get_ex(a, "op", &v))
		return bad(w, at, "no \"op\"");
	if ((r = get_string(w, field, v, &op_s)) < 0)
		return r;
	if (profile_op_from_name(op_s, &op) < 0)
		return bad(w, field, "unknown operator '%s'", log_quote(1, op_s));
	profile_add_arg(rule, (unsigned)index, op, value, two);
	return 0;
}

static int parse_args(const Where *w, const char *place, json_object *arr, ProfileRule *rule)
{
	int r = get_array(w, place, arr);
	for (size_t i = 0; r == 0 && i < sym_json_object_array_length(arr); i++) {
		char at[160];
		snprintf(at, sizeof at, "%s[%zu]", place, i);
		r = parse_arg(w, at, sym_json_object_array_get_idx(arr, i), rule);
	}
	return r;
}

static void push_name(ProfileRule *rule, const char *name)
{
	char **slot = array_push(&rule->names, &rule->n_names, sizeof(char *));
	*slot = xstrdup(name);
}

/* "names" (an array, or one string), or the older "name" */
static int parse_names(const Where *w, const char *place, json_object *o, ProfileRule *rule)
{
	json_object *v, *one;
	char field[96], at[128];
	const char *name;
	int r;
	bool has_names = get_opt(o, "names", &v), has_name = get_opt(o, "name", &one);
	if (has_names && has_name)
		return bad(w, place, "both \"name\" and \"names\": use one or the other");
	if (!has_names && !has_name)
		return bad(w, place, "no \"names\"");
	key_place(field, sizeof field, place, has_name ? "name" : "names");
	if (has_name)
		v = one;
	if (sym_json_object_is_type(v, json_type_string)) {
		push_name(rule, sym_json_object_get_string(v));
		return 0;
	}
	if (has_name || !sym_json_object_is_type(v, json_type_array))
		return bad(w, field, "expected %s, found %s",
			   has_name ? "a string" : "an array of strings", type_name(v));
	for (size_t i = 0; i < sym_json_object_array_length(v); i++) {
		if ((r = get_elem(w, field, v, i, at, sizeof at, &name)) < 0)
			return r;
		push_name(rule, name);
	}
	return 0;
}

/* "caps": names exactly as Docker compares them, "CAP_SYS_ADMIN" */
static int parse_caps(const Where *w, const char *place, json_object *v, uint64_t *out)
{
	int r = get_array(w, place, v);
	for (size_t i = 0; r == 0 && i < sym_json_object_array_length(v); i++) {
		char at[192], canon[64];
		const char *name;
		if ((r = get_elem(w, place, v, i, at, sizeof at, &name)) < 0)
			return r;
		int cap = caps_from_name(name);
		if (cap < 0 || caps_name(cap, canon, sizeof canon) < 0 || strcmp(canon, name) != 0)
			return bad(w, at, "unknown capability '%s' (written as CAP_SYS_ADMIN is)",
				   log_quote(1, name));
		*out |= UINT64_C(1) << cap;
	}
	return r;
}

static int parse_cond_arches(const Where *w, const char *place, json_object *v, uint32_t *out)
{
	int r = get_array(w, place, v);
	for (size_t i = 0; r == 0 && i < sym_json_object_array_length(v); i++) {
		char at[192];
		const char *name;
		uint32_t bit;
		if ((r = get_elem(w, place, v, i, at, sizeof at, &name)) < 0)
			return r;
		if (profile_arch_row(name, &bit) < 0)
			return bad(w, at, "unknown architecture '%s' (known: %s)",
				   log_quote(1, name), profile_arch_rows_help());
		*out |= bit;
	}
	return r;
}

static int parse_min_kernel(const Where *w, const char *place, json_object *v, uint32_t *out)
{
	const char *s;
	int r = get_string(w, place, v, &s);
	if (r < 0)
		return r;
	if (profile_parse_kernel(s, out) < 0)
		return bad(w, place, "'%s' is not a kernel version MAJOR.MINOR (each 0 to 255)",
			   log_quote(1, s));
	return 0;
}

/* "includes" or "excludes" */
static int parse_cond(const Where *w, const char *place, json_object *o, ProfileCond *c)
{
	static const char *const keys[] = {"caps", "arches", "minKernel", NULL};
	char field[160];
	json_object *v;
	int r;
	if ((r = get_object(w, place, o)) < 0 || (r = check_keys(w, place, o, keys)) < 0)
		return r;
	key_place(field, sizeof field, place, "caps");
	if (get_opt(o, "caps", &v) && (r = parse_caps(w, field, v, &c->caps)) < 0)
		return r;
	key_place(field, sizeof field, place, "arches");
	if (get_opt(o, "arches", &v) && (r = parse_cond_arches(w, field, v, &c->arches)) < 0)
		return r;
	key_place(field, sizeof field, place, "minKernel");
	if (get_opt(o, "minKernel", &v) && (r = parse_min_kernel(w, field, v, &c->min_kernel)) < 0)
		return r;
	return 0;
}

static int parse_rule(const Where *w, size_t idx, json_object *o, Profile *p)
{
	static const char *const keys[] = {"names",   "name",	  "action",   "errnoRet", "args",
					   "comment", "includes", "excludes", NULL};
	char place[64], field[96];
	json_object *v;
	const char *comment;
	int r;
	snprintf(place, sizeof place, "syscalls[%zu]", idx);
	if ((r = get_object(w, place, o)) < 0 || (r = check_keys(w, place, o, keys)) < 0)
		return r;
	ProfileRule *rule = array_push(&p->rules, &p->n_rules, sizeof *rule);
	if ((r = parse_names(w, place, o, rule)) < 0)
		return r;
	key_place(field, sizeof field, place, "action");
	if (!sym_json_object_object_get_ex(o, "action", &v))
		return bad(w, place, "no \"action\"");
	if ((r = parse_action(w, field, v, &rule->action)) < 0)
		return r;
	rule->errno_ret = EPERM;
	key_place(field, sizeof field, place, "errnoRet");
	if (sym_json_object_object_get_ex(o, "errnoRet", &v) &&
	    (r = parse_errno(w, field, v, &rule->errno_ret)) < 0)
		return r;
	key_place(field, sizeof field, place, "args");
	if (get_opt(o, "args", &v) && (r = parse_args(w, field, v, rule)) < 0)
		return r;
	key_place(field, sizeof field, place, "comment");
	if (get_opt(o, "comment", &v) && (r = get_string(w, field, v, &comment)) < 0)
		return r;
	key_place(field, sizeof field, place, "includes");
	if (get_opt(o, "includes", &v) && (r = parse_cond(w, field, v, &rule->includes)) < 0)
		return r;
	key_place(field, sizeof field, place, "excludes");
	if (get_opt(o, "excludes", &v) && (r = parse_cond(w, field, v, &rule->excludes)) < 0)
		return r;
	return 0;
}

/* ---- conflicts ---------------------------------------------------------------- */

/* the same comparisons, in any order */
static bool same_args(const ProfileRule *a, const ProfileRule *b)
{
	if (a->n_args != b->n_args)
		return false;
	for (size_t i = 0; i < a->n_args; i++) {
		const ProfileArg *x = &a->args[i];
		bool found = false;
		for (size_t k = 0; k < b->n_args && !found; k++) {
			const ProfileArg *y = &b->args[k];
			found = x->index == y->index && x->op == y->op && x->value == y->value &&
				x->value_two == y->value_two;
		}
		if (!found)
			return false;
	}
	return true;
}

static void describe_action(const ProfileRule *r, char *buf, size_t size)
{
	if (r->action == SCMP_ACT_ERRNO(0))
		snprintf(buf, size, "SCMP_ACT_ERRNO with errno %d", r->errno_ret);
	else
		snprintf(buf, size, "%s", profile_action_name(r->action));
}

/* Rule j against an earlier rule i: a system call in both, compared the same
 * way, with another action, where both can apply, is an error. */
static int check_pair(const Where *w, const Profile *p, size_t i, size_t j)
{
	const ProfileRule *a = &p->rules[i], *b = &p->rules[j];
	if (profile_full_action(a->action, a->errno_ret) ==
		    profile_full_action(b->action, b->errno_ret) ||
	    !same_args(a, b) || profile_rules_exclusive(a, b))
		return 0;
	for (size_t k = 0; k < b->n_names; k++)
		for (size_t m = 0; m < a->n_names; m++) {
			if (strcmp(a->names[m], b->names[k]) != 0)
				continue;
			char place[64], was[64], now[64];
			snprintf(place, sizeof place, "syscalls[%zu]", j);
			describe_action(a, was, sizeof was);
			describe_action(b, now, sizeof now);
			return bad(w, place,
				   "'%s' conflicts with syscalls[%zu]: the same arguments, but %s "
				   "there and %s here, and the conditions of both can hold",
				   log_quote(1, b->names[k]), i, was, now);
		}
	return 0;
}

static int check_conflicts(const Where *w, const Profile *p)
{
	for (size_t j = 1; j < p->n_rules; j++)
		for (size_t i = 0; i < j; i++) {
			int r = check_pair(w, p, i, j);
			if (r < 0)
				return r;
		}
	return 0;
}

/* ---- the top level ------------------------------------------------------ */

/* An architecture of an archMap entry: one libseccomp knows, or one of the
 * names table that this libseccomp cannot filter (never the native one) */
static int archmap_arch(const Where *w, const char *place, json_object *o, uint32_t *out)
{
	const char *name;
	int r = get_string(w, place, o, &name);
	if (r < 0)
		return r;
	*out = 0;
	if (profile_arch_from_name(name, out) == 0)
		return 0;
	char lower[32];
	size_t i = 0;
	uint32_t bit;
	for (const char *p = name + (strncmp(name, "SCMP_ARCH_", 10) ? 0 : 10);
	     *p && i + 1 < sizeof lower; p++)
		lower[i++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
	lower[i] = '\0';
	if (strncmp(name, "SCMP_ARCH_", 10) == 0 && profile_arch_row(lower, &bit) == 0)
		return 0;
	return bad(w, place, "unknown architecture '%s'", log_quote(1, name));
}

static void push_arch(Profile *p, uint32_t arch)
{
	uint32_t *slot = array_push(&p->arches, &p->n_arches, sizeof(uint32_t));
	*slot = arch;
}

/* Docker's archMap: the native architecture's entry gives the filter's
 * architectures, itself and its subArchitectures; the others are checked
 * and left. */
static int parse_archmap_entry(const Where *w, size_t idx, json_object *o, Profile *p)
{
	static const char *const keys[] = {"architecture", "subArchitectures", NULL};
	char place[64], field[96], at[128];
	json_object *v;
	uint32_t arch;
	int r;
	snprintf(place, sizeof place, "archMap[%zu]", idx);
	if ((r = get_object(w, place, o)) < 0 || (r = check_keys(w, place, o, keys)) < 0)
		return r;
	key_place(field, sizeof field, place, "architecture");
	if (!sym_json_object_object_get_ex(o, "architecture", &v))
		return bad(w, place, "no \"architecture\"");
	if ((r = archmap_arch(w, field, v, &arch)) < 0)
		return r;
	/* the first entry of the native architecture, as Docker takes it */
	bool take = arch == sym_seccomp_arch_native() && p->n_arches == 0;
	if (take)
		push_arch(p, arch);
	key_place(field, sizeof field, place, "subArchitectures");
	if (!get_opt(o, "subArchitectures", &v))
		return 0;
	if ((r = get_array(w, field, v)) < 0)
		return r;
	for (size_t i = 0; i < sym_json_object_array_length(v); i++) {
		snprintf(at, sizeof at, "%s[%zu]", field, i);
		if ((r = archmap_arch(w, at, sym_json_object_array_get_idx(v, i), &arch)) < 0)
			return r;
		/* one this libseccomp cannot filter is left to the bad-arch kill */
		if (take && arch)
			push_arch(p, arch);
	}
	return 0;
}

static int parse_arches(const Where *w, json_object *root, Profile *p)
{
	json_object *v, *map;
	bool has_list = get_opt(root, "architectures", &v);
	bool has_map = get_opt(root, "archMap", &map);
	int r;
	if (has_list && has_map)
		return bad(w, "archMap", "\"architectures\" is given too: use one or the other");
	if (has_map) {
		if ((r = get_array(w, "archMap", map)) < 0)
			return r;
		for (size_t i = 0; i < sym_json_object_array_length(map); i++)
			if ((r = parse_archmap_entry(w, i, sym_json_object_array_get_idx(map, i),
						     p)) < 0)
				return r;
	}
	if (!has_list)
		return 0;
	if ((r = get_array(w, "architectures", v)) < 0)
		return r;
	for (size_t i = 0; i < sym_json_object_array_length(v); i++) {
		char at[64];
		const char *name;
		uint32_t arch;
		if ((r = get_elem(w, "architectures", v, i, at, sizeof at, &name)) < 0)
			return r;
		if (profile_arch_from_name(name, &arch) < 0)
			return bad(w, at, "unknown architecture '%s'", log_quote(1, name));
		push_arch(p, arch);
	}
	return 0;
}

static int parse_profile(const Where *w, json_object *root, Profile *p)
{
	static const char *const keys[] = {"defaultAction", "defaultErrnoRet", "architectures",
					   "archMap",	    "syscalls",	       NULL};
	static const char *const refused[] = {"flags", "listenerPath", "listenerMetadata", NULL};
	json_object *v;
	int r;
	if (!sym_json_object_is_type(root, json_type_object))
		return bad(w, "the top level", "expected an object, found %s", type_name(root));
	for (size_t i = 0; refused[i]; i++)
		if (sym_json_object_object_get_ex(root, refused[i], &v))
			return bad(w, refused[i], "not supported by bwrap");
	if ((r = check_keys(w, "", root, keys)) < 0)
		return r;
	if (!sym_json_object_object_get_ex(root, "defaultAction", &v))
		return bad(w, "the top level", "no \"defaultAction\"");
	if ((r = parse_action(w, "defaultAction", v, &p->default_action)) < 0)
		return r;
	p->default_errno = EPERM;
	if (sym_json_object_object_get_ex(root, "defaultErrnoRet", &v) &&
	    (r = parse_errno(w, "defaultErrnoRet", v, &p->default_errno)) < 0)
		return r;
	if ((r = parse_arches(w, root, p)) < 0)
		return r;
	if (get_opt(root, "syscalls", &v)) {
		if ((r = get_array(w, "syscalls", v)) < 0)
			return r;
		for (size_t i = 0; i < sym_json_object_array_length(v); i++)
			if ((r = parse_rule(w, i, sym_json_object_array_get_idx(v, i), p)) < 0)
				return r;
	}
	return check_conflicts(w, p);
}

/* ---- the file ------------------------------------------------------------- */

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

/* One JSON value, nothing after it but white space; NULL after logging */
static json_object *parse_text(const Where *w, const char *text, size_t len)
{
	int line, col;
	json_tokener *tok = sym_json_tokener_new();
	json_object *root = sym_json_tokener_parse_ex(tok, text, (int)len);
	enum json_tokener_error jerr = sym_json_tokener_get_error(tok);
	size_t end = sym_json_tokener_get_parse_end(tok);
	sym_json_tokener_free(tok);
	if (!root || jerr != json_tokener_success) {
		position(text, end, &line, &col);
		if (root)
			sym_json_object_put(root);
		log_error("%s %s: line %d, column %d: %s", w->option, log_quote(0, w->path), line,
			  col,
			  jerr == json_tokener_continue ? "unexpected end of the file"
							: sym_json_tokener_error_desc(jerr));
		return NULL;
	}
	for (size_t i = end; i < len; i++) {
		if (text[i] != ' ' && text[i] != '\n' && text[i] != '\t' && text[i] != '\r') {
			position(text, i, &line, &col);
			sym_json_object_put(root);
			log_error("%s %s: line %d, column %d: unexpected text after the JSON value",
				  w->option, log_quote(0, w->path), line, col);
			return NULL;
		}
	}
	return root;
}

int profile_load(const char *path, const char *option, Profile *p)
{
	memset(p, 0, sizeof *p);
	if (profile_libs_load(option, true) < 0)
		return -ENOTSUP;
	Where w = {.path = path, .option = option};
	cleanup_fd int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return log_error_errno(-errno, "%s %s", option, log_quote(0, path));
	cleanup_free char *text = NULL;
	size_t len;
	int r = read_all(fd, (size_t)16 << 20, &text, &len);
	if (r < 0)
		return log_error_errno(r, "%s %s: reading", option, log_quote(0, path));
	json_object *root = parse_text(&w, text, len);
	if (!root)
		return -EINVAL;
	r = parse_profile(&w, root, p);
	sym_json_object_put(root);
	if (r < 0)
		profile_free(p);
	return r;
}
