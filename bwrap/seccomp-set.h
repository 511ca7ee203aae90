/* seccomp.h - caller-supplied BPF programs: read and checked before the
 * sandbox starts, installed last, just before execve. */
#pragma once

#include "config.h"

#include <linux/filter.h>

typedef struct {
	struct sock_fprog *progs;
	char **names; /* for messages: "--seccomp 5", "--seccomp-profile x.json" */
	size_t n;
} SeccompSet;

/* The built-in filter, always installed first: ioctl(TIOCSTI) and
 * ioctl(TIOCLINUX) fail with EPERM, whatever the high 32 bits of the request
 * and whichever system call ABI the kernel runs (tty-filter.h). */
const struct sock_fprog *seccomp_tty_filter(void);

/* Read every program of cfg->seccomp_fds. Errors name the option and fd. */
int seccomp_read_all(const Config *cfg, SeccompSet *set);
/* Install them in order (needs no_new_privs). */
int seccomp_apply(const SeccompSet *set);
void seccomp_free(SeccompSet *set);
