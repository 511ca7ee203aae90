/* tty-filter.c - the built-in TIOCSTI/TIOCLINUX filter, built from a table
 * of the system call ABIs each machine's kernel runs. */
#include "tty-filter.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

#define X32_BIT 0x40000000u
#define ALL UINT32_MAX

/* ioctl's number under each ABI. mips numbers carry their ABI's base (o32
 * 4000, n64 5000, n32 6000); x32 sets X32_BIT on its own numbers. */
#define NR_X86_64 16
#define NR_X32 514
#define NR_I386 54
#define NR_GENERIC 29 /* asm-generic's table: aarch64, riscv, loongarch */
#define NR_OLD 54 /* arm, powerpc, s390, sparc */
#define NR_MIPS_O32 4054
#define NR_MIPS_N64 5015
#define NR_MIPS_N32 6015

/* An ABI: its AUDIT_ARCH_* (what seccomp_data.arch shows), the mask taken
 * off the number first, ioctl's numbers. A 64-bit kernel also runs the
 * 32-bit ABIs of its family (the compat ABIs), and a 32-bit bwrap may run on
 * it (i386 on amd64, armhf on arm64) with a command that execs a 64-bit
 * program: so a family's table lists all its ABIs, and every build of the
 * family uses it, whatever its own word size. */
#define ABI(arch, nr)                                                                              \
	{                                                                                          \
		(arch), ALL,                                                                       \
		{                                                                                  \
			(nr), 0                                                                    \
		}                                                                                  \
	}

/* TIOCSTI and TIOCLINUX as each family numbers them: asm-generic's (which
 * powerpc's ioctls.h keeps for these two); sparc's TIOCSTI is
 * _IOW('t', 114, char), the write direction in the top bit, with TIOCLINUX
 * kept at 0x541c; mips numbers its own. */
#define REQ_GENERIC 0x5412, 0x541c
#define REQ_SPARC 0x80017472, 0x541c
#define REQ_MIPS 0x5472, 0x5483

#define LITTLE false
#define BIG true

static const TtyTarget targets[] = {
	{"x86_64",
	 LITTLE,
	 REQ_GENERIC,
	 2,
	 {{AUDIT_ARCH_X86_64, ~X32_BIT, {NR_X86_64, NR_X32}}, ABI(AUDIT_ARCH_I386, NR_I386)}},
	/* arm is EABI: a kernel with OABI compat has no seccomp filters */
	{"aarch64",
	 LITTLE,
	 REQ_GENERIC,
	 2,
	 {ABI(AUDIT_ARCH_AARCH64, NR_GENERIC), ABI(AUDIT_ARCH_ARM, NR_OLD)}},
	/* 32-bit powerpc tasks are AUDIT_ARCH_PPC on either endianness */
	{"ppc64le",
	 LITTLE,
	 REQ_GENERIC,
	 2,
	 {ABI(AUDIT_ARCH_PPC64LE, NR_OLD), ABI(AUDIT_ARCH_PPC, NR_OLD)}},
	{"ppc64",
	 BIG,
	 REQ_GENERIC,
	 2,
	 {ABI(AUDIT_ARCH_PPC64, NR_OLD), ABI(AUDIT_ARCH_PPC, NR_OLD)}},
	{"s390x",
	 BIG,
	 REQ_GENERIC,
	 2,
	 {ABI(AUDIT_ARCH_S390X, NR_OLD), ABI(AUDIT_ARCH_S390, NR_OLD)}},
	/* riscv64 kernels report rv32 compat tasks as RISCV64; a riscv32
	 * kernel's are RISCV32 */
	{"riscv64",
	 LITTLE,
	 REQ_GENERIC,
	 2,
	 {ABI(AUDIT_ARCH_RISCV64, NR_GENERIC), ABI(AUDIT_ARCH_RISCV32, NR_GENERIC)}},
	{"loongarch64", LITTLE, REQ_GENERIC, 1, {ABI(AUDIT_ARCH_LOONGARCH64, NR_GENERIC)}},
	{"mips64el",
	 LITTLE,
	 REQ_MIPS,
	 3,
	 {ABI(AUDIT_ARCH_MIPSEL64, NR_MIPS_N64), ABI(AUDIT_ARCH_MIPSEL64N32, NR_MIPS_N32),
	  ABI(AUDIT_ARCH_MIPSEL, NR_MIPS_O32)}},
	{"mips64",
	 BIG,
	 REQ_MIPS,
	 3,
	 {ABI(AUDIT_ARCH_MIPS64, NR_MIPS_N64), ABI(AUDIT_ARCH_MIPS64N32, NR_MIPS_N32),
	  ABI(AUDIT_ARCH_MIPS, NR_MIPS_O32)}},
	{"sparc64",
	 BIG,
	 REQ_SPARC,
	 2,
	 {ABI(AUDIT_ARCH_SPARC64, NR_OLD), ABI(AUDIT_ARCH_SPARC, NR_OLD)}},
};

/* The family this is built for (NATIVE), and, for the ABI it is built for,
 * ioctl's number and the family's requests as the table has them: checked
 * against this build's own headers below, so that a (cross) build for each
 * architecture checks its row of the table. */
#if defined(__x86_64__) && defined(__ILP32__)
#define NATIVE "x86_64"
#define BUILD_NR (NR_X32 | X32_BIT)
#define BUILD_REQ REQ_GENERIC
#elif defined(__x86_64__)
#define NATIVE "x86_64"
#define BUILD_NR NR_X86_64
#define BUILD_REQ REQ_GENERIC
#elif defined(__i386__)
#define NATIVE "x86_64"
#define BUILD_NR NR_I386
#define BUILD_REQ REQ_GENERIC
#elif defined(__aarch64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "aarch64"
#define BUILD_NR NR_GENERIC
#define BUILD_REQ REQ_GENERIC
#elif defined(__arm__) && defined(__ARM_EABI__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "aarch64"
#define BUILD_NR NR_OLD
#define BUILD_REQ REQ_GENERIC
#elif defined(__powerpc__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "ppc64le"
#define BUILD_NR NR_OLD
#define BUILD_REQ REQ_GENERIC
#elif defined(__powerpc__)
#define NATIVE "ppc64"
#define BUILD_NR NR_OLD
#define BUILD_REQ REQ_GENERIC
#elif defined(__s390__)
#define NATIVE "s390x"
#define BUILD_NR NR_OLD
#define BUILD_REQ REQ_GENERIC
#elif defined(__riscv)
#define NATIVE "riscv64"
#define BUILD_NR NR_GENERIC
#define BUILD_REQ REQ_GENERIC
#elif defined(__loongarch__)
#define NATIVE "loongarch64"
#define BUILD_NR NR_GENERIC
#define BUILD_REQ REQ_GENERIC
#elif defined(__mips__)
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "mips64el"
#else
#define NATIVE "mips64"
#endif
#if _MIPS_SIM == _ABI64
#define BUILD_NR NR_MIPS_N64
#elif _MIPS_SIM == _ABIN32
#define BUILD_NR NR_MIPS_N32
#else
#define BUILD_NR NR_MIPS_O32
#endif
#define BUILD_REQ REQ_MIPS
#elif defined(__sparc__)
#define NATIVE "sparc64"
#define BUILD_NR NR_OLD
#define BUILD_REQ REQ_SPARC
#endif
/* Elsewhere, no table: bwrap builds, and a run stops before the sandbox
 * exists (seccomp_read_all()) rather than leave TIOCSTI open. */

#ifdef BUILD_NR
#define FIRST(a, b) (a)
#define SECOND(a, b) (b)
#define FIRST_OF(pair) FIRST(pair)
#define SECOND_OF(pair) SECOND(pair)
_Static_assert(BUILD_NR == __NR_ioctl, "the table's ioctl number is this ABI's __NR_ioctl");
_Static_assert(FIRST_OF(BUILD_REQ) == TIOCSTI, "the table's TIOCSTI is this machine's");
_Static_assert(SECOND_OF(BUILD_REQ) == TIOCLINUX, "the table's TIOCLINUX is this machine's");
#endif

const TtyTarget *tty_targets(size_t *n)
{
	*n = sizeof targets / sizeof targets[0];
	return targets;
}

const TtyTarget *tty_target(const char *machine)
{
	for (size_t i = 0; i < sizeof targets / sizeof targets[0]; i++)
		if (strcmp(targets[i].machine, machine) == 0)
			return &targets[i];
	return NULL;
}

const TtyTarget *tty_target_native(void)
{
#ifdef NATIVE
	return tty_target(NATIVE);
#else
	return NULL;
#endif
}

#define LD(off) ((struct sock_filter)BPF_STMT(BPF_LD | BPF_W | BPF_ABS, (off)))
#define JEQ(k, t, f) ((struct sock_filter)BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, (k), (t), (f)))
#define AND(k) ((struct sock_filter)BPF_STMT(BPF_ALU | BPF_AND | BPF_K, (k)))
#define RET(v) ((struct sock_filter)BPF_STMT(BPF_RET | BPF_K, (v)))

static size_t block_len(const TtyAbi *a)
{
	return 3 + (a->nr_mask != ALL) + (a->nrs[1] != 0);
}

/* For each ABI: if the arch is its, load the number (masked), jump to the
 * request check when it is ioctl's, else allow. The request check compares
 * only the low 32 bits of the request: the tty layer truncates it to 32
 * bits, so 0x100005412 is TIOCSTI too. */
size_t tty_filter_build(const TtyTarget *t, struct sock_filter *out)
{
	size_t total = 1 + 1 + 5; /* LD arch, RET allow, the request check */
	for (size_t i = 0; i < t->n_abis; i++)
		total += 1 + block_len(&t->abis[i]);
	const size_t check = total - 5;
	const uint32_t arg1_lo = (uint32_t)(offsetof(struct seccomp_data, args) + sizeof(uint64_t) +
					    (t->big_endian ? 4 : 0));
	size_t pc = 0;
	out[pc++] = LD(offsetof(struct seccomp_data, arch));
	for (size_t i = 0; i < t->n_abis; i++) {
		const TtyAbi *a = &t->abis[i];
		out[pc] = JEQ(a->arch, 0, (uint8_t)block_len(a));
		pc++;
		out[pc++] = LD(offsetof(struct seccomp_data, nr));
		if (a->nr_mask != ALL)
			out[pc++] = AND(a->nr_mask);
		for (size_t k = 0; k < 2 && a->nrs[k]; k++) {
			out[pc] = JEQ(a->nrs[k], (uint8_t)(check - pc - 1), 0);
			pc++;
		}
		out[pc++] = RET(SECCOMP_RET_ALLOW);
	}
	out[pc++] = RET(SECCOMP_RET_ALLOW); /* an ABI not in the table */
	out[pc++] = LD(arg1_lo);
	out[pc++] = JEQ(t->tiocsti, 2, 0);
	out[pc++] = JEQ(t->tioclinux, 1, 0);
	out[pc++] = RET(SECCOMP_RET_ALLOW);
	out[pc++] = RET(SECCOMP_RET_ERRNO | EPERM);
	return pc;
}
