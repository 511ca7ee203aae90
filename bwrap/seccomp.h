/* seccomp.h - caller-supplied BPF programs: read and checked before the
 * sandbox starts, installed last, just before execve. */
#pragma once

#include "config.h"

#include <linux/filter.h>

typedef struct {
	struct sock_fprog *progs;
	size_t n;
} SeccompSet;

/* Read every program of cfg->seccomp_fds. Errors name the option and fd. */
int seccomp_read_all(const Config *cfg, SeccompSet *set);
/* Install them in order (needs no_new_privs). */
int seccomp_apply(const SeccompSet *set);
void seccomp_free(SeccompSet *set);
