/* profile.h - seccomp profiles in the OCI runtime-spec / Docker JSON form:
 * the built-in "default", files, printing, and compiling with libseccomp. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
	unsigned index;
	uint64_t value, value_two;
	int op; /* enum scmp_compare */
} ProfileArg;

/* Docker's "includes" and "excludes" of a rule. A part left empty (0) says
 * nothing. In includes every part given must hold: all of 'caps', the native
 * architecture among 'arches', a kernel at least 'min_kernel'; in excludes
 * any one part that holds (one of 'caps', ...) takes the rule away. */
typedef struct {
	uint64_t caps; /* bit per capability */
	uint32_t arches; /* bit per row of the architecture names table */
	uint32_t min_kernel; /* PROFILE_KERNEL(major, minor) */
} ProfileCond;

#define PROFILE_KERNEL(major, minor) ((uint32_t)(major) << 16 | (uint32_t)(minor))

typedef struct {
	char **names;
	size_t n_names;
	uint32_t action; /* SCMP_ACT_* without the errno */
	int errno_ret; /* for SCMP_ACT_ERRNO */
	ProfileArg *args;
	size_t n_args;
	ProfileCond includes, excludes;
} ProfileRule;

typedef struct {
	uint32_t default_action;
	int default_errno;
	uint32_t *arches; /* SCMP_ARCH_* */
	size_t n_arches;
	ProfileRule *rules;
	size_t n_rules;
} Profile;

/* What the conditions of rules are decided on, as Docker does: the command's
 * bounding set (the capabilities bwrap keeps for it), the native
 * architecture, the kernel's major.minor. */
typedef struct {
	uint64_t caps;
	uint32_t arch; /* SCMP_ARCH_* */
	uint32_t kernel; /* PROFILE_KERNEL(major, minor) */
} ProfileHost;

/* The running machine's architecture and kernel (from uname), with 'caps'. */
int profile_host(uint64_t caps, const char *what, ProfileHost *out);
/* Whether a rule is part of the filter on 'host' (pure). */
bool profile_rule_applies(const ProfileRule *r, const ProfileHost *host);
/* Whether no host can have both rules (pure): their conditions contradict. */
bool profile_rules_exclusive(const ProfileRule *a, const ProfileRule *b);
/* "K.M" (each 0 to 255, not both 0) -> PROFILE_KERNEL; -EINVAL if malformed. */
int profile_parse_kernel(const char *s, uint32_t *out);
/* A release as uname gives it ("6.1.0-13-amd64") -> PROFILE_KERNEL. */
int profile_parse_release(const char *s, uint32_t *out);

/* Names shared by the reader (profile-load.c) and the writer: each returns
 * -EINVAL for a name it does not know. */
int profile_action_from_name(const char *name, uint32_t *out);
int profile_op_from_name(const char *name, int *out);
const char *profile_action_name(uint32_t action);
/* "SCMP_ARCH_X86_64" -> SCMP_ARCH_X86_64 */
int profile_arch_from_name(const char *name, uint32_t *out);
/* A name of includes/excludes "arches" ("amd64", "x86_64") -> its row bit */
int profile_arch_row(const char *name, uint32_t *bit);
/* Docker's names of the rows, for messages: "amd64, x86, x32, ..." */
const char *profile_arch_rows_help(void);
void profile_add_arg(ProfileRule *r, unsigned index, int op, uint64_t value, uint64_t two);
uint32_t profile_full_action(uint32_t action, int err);

/* libseccomp and json-c are loaded on demand (profile-libs.h): the functions
 * that take an option name load what they need, and fail with -ENOTSUP after
 * naming the option and the library; profile_default() and
 * profile_print_json() need profile_libs_load() to have succeeded. */

/* Load libseccomp and, when 'json', json-c too: 0, or -ENOTSUP after
 * "bwrap: OPTION: cannot load libseccomp.so.2: <why>". Called in the parent
 * before the sandbox exists; once loaded, later calls cost nothing. */
int profile_libs_load(const char *option, bool json);

/* The built-in profile: blocks what a desktop or build sandbox never needs
 * and what has been used to escape; everything else is allowed. */
void profile_default(Profile *p);
/* What the port rules (--allow-connect, --allow-bind) need beside Landlock:
 * no MPTCP sockets, which its TCP rules do not cover. */
void profile_port_rules(Profile *p);
/* Parse an OCI/Docker seccomp JSON file; errors name the place in it. */
int profile_load(const char *path, const char *option, Profile *p);
/* "default": the built-in profile; anything else: profile_load(). */
int profile_named(const char *name, const char *option, Profile *p);
void profile_print_json(const Profile *p, FILE *out);
/* Compile the rules that apply on 'host' to BPF programs, to be installed
 * together: one, or one per group of ABIs (*n_out; the filters are
 * malloc'd, those of out[0..*n_out) even on failure). */
#define PROFILE_MAX_PROGRAMS 2
int profile_compile(const Profile *p, const ProfileHost *host, const char *what,
		    struct sock_fprog out[PROFILE_MAX_PROGRAMS], size_t *n_out);
void profile_free(Profile *p);
