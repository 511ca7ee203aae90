/* profile.h - seccomp profiles in the OCI runtime-spec / Docker JSON form:
 * the built-in "default", files, printing, and compiling with libseccomp. */
#pragma once

#include <linux/filter.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct {
	unsigned index;
	uint64_t value, value_two;
	int op; /* enum scmp_compare */
} ProfileArg;

typedef struct {
	char **names;
	size_t n_names;
	uint32_t action; /* SCMP_ACT_* without the errno */
	int errno_ret; /* for SCMP_ACT_ERRNO */
	ProfileArg *args;
	size_t n_args;
} ProfileRule;

typedef struct {
	uint32_t default_action;
	int default_errno;
	uint32_t *arches; /* SCMP_ARCH_* */
	size_t n_arches;
	ProfileRule *rules;
	size_t n_rules;
} Profile;

/* The built-in profile: blocks what a desktop or build sandbox never needs
 * and what has been used to escape; everything else is allowed. */
void profile_default(Profile *p);
/* Parse an OCI/Docker seccomp JSON file; errors name the place in it. */
int profile_load(const char *path, const char *option, Profile *p);
void profile_print_json(const Profile *p, FILE *out);
/* Compile to a BPF program (the filter is malloc'd). */
int profile_compile(const Profile *p, const char *what, struct sock_fprog *out);
void profile_free(Profile *p);
