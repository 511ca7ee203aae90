/* tty-filter.h - the built-in seccomp program that makes ioctl(TIOCSTI) and
 * ioctl(TIOCLINUX) fail with EPERM, for every system call ABI a kernel of
 * the machine may run (x86_64 with x32 and i386, aarch64 with arm, ...).
 * Pure: the program is built from a table, so that every machine's table
 * can be checked by the unit tests on any one machine. */
#pragma once

#include <linux/filter.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TTY_MAX_ABIS 4
/* the longest program: one block of 5 per ABI, and 8 around them */
#define TTY_FILTER_MAX (5 * TTY_MAX_ABIS + 8)

typedef struct {
	uint32_t arch; /* AUDIT_ARCH_* as seccomp_data.arch shows it */
	uint32_t nr_mask; /* applied to the system call number first */
	uint32_t nrs[2]; /* ioctl's numbers under this ABI (0: none) */
} TtyAbi;

typedef struct {
	const char *machine; /* as uname -m names it */
	bool big_endian; /* where the low 32 bits of an argument lie */
	uint32_t tiocsti, tioclinux; /* the requests, as this machine numbers them */
	size_t n_abis;
	TtyAbi abis[TTY_MAX_ABIS];
} TtyTarget;

/* The table for a machine name (NULL if unknown), or for the family of
 * machines this was built for (NULL if bwrap has none): a 32-bit build uses
 * its 64-bit family's table, whose kernels may run it. */
const TtyTarget *tty_target(const char *machine);
const TtyTarget *tty_target_native(void);
/* All the tables, for the tests. */
const TtyTarget *tty_targets(size_t *n);

/* Write the program into out (TTY_FILTER_MAX entries); returns its length. */
size_t tty_filter_build(const TtyTarget *t, struct sock_filter *out);
