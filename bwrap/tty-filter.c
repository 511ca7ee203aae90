/* tty-filter.c - the built-in TIOCSTI/TIOCLINUX filter, built from a table
 * of the system call ABIs each machine's kernel runs. */
#include "tty-filter.h"

#include <errno.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <string.h>

#define X32_BIT 0x40000000u
#define ALL UINT32_MAX

/* ioctl's system call number under each ABI: 16 on x86_64 (514 on x32,
 * which sets X32_BIT), 54 on the older 32-bit ABIs and on ppc and s390, 29
 * on the generic table (aarch64, riscv64, loongarch64), 4054/5015/6015 for
 * mips o32/n64/n32. */
/* TIOCSTI and TIOCLINUX: asm-generic's numbers, or powerpc's and mips's */
#define GENERIC 0x5412, 0x541c
#define PPC 0x80017472, 0x541c
#define MIPS 0x5472, 0x5483

static const TtyTarget targets[] = {
	{"x86_64",
	 false,
	 GENERIC,
	 2,
	 {{AUDIT_ARCH_X86_64, ~X32_BIT, {16, 514}}, {AUDIT_ARCH_I386, ALL, {54, 0}}}},
	{"i686", false, GENERIC, 1, {{AUDIT_ARCH_I386, ALL, {54, 0}}}},
	{"aarch64",
	 false,
	 GENERIC,
	 2,
	 {{AUDIT_ARCH_AARCH64, ALL, {29, 0}}, {AUDIT_ARCH_ARM, ALL, {54, 0}}}},
	{"armv7l", false, GENERIC, 1, {{AUDIT_ARCH_ARM, ALL, {54, 0}}}},
	{"ppc64le", false, PPC, 1, {{AUDIT_ARCH_PPC64LE, ALL, {54, 0}}}},
	{"ppc64", true, PPC, 2, {{AUDIT_ARCH_PPC64, ALL, {54, 0}}, {AUDIT_ARCH_PPC, ALL, {54, 0}}}},
	{"s390x",
	 true,
	 GENERIC,
	 2,
	 {{AUDIT_ARCH_S390X, ALL, {54, 0}}, {AUDIT_ARCH_S390, ALL, {54, 0}}}},
	{"riscv64", false, GENERIC, 1, {{AUDIT_ARCH_RISCV64, ALL, {29, 0}}}},
	{"loongarch64", false, GENERIC, 1, {{AUDIT_ARCH_LOONGARCH64, ALL, {29, 0}}}},
	{"mips64",
	 false,
	 MIPS,
	 3,
	 {{AUDIT_ARCH_MIPSEL64, ALL, {5015, 0}},
	  {AUDIT_ARCH_MIPSEL64N32, ALL, {6015, 0}},
	  {AUDIT_ARCH_MIPSEL, ALL, {4054, 0}}}},
};

#if defined(__x86_64__)
#define NATIVE "x86_64"
#elif defined(__i386__)
#define NATIVE "i686"
#elif defined(__aarch64__)
#define NATIVE "aarch64"
#elif defined(__arm__)
#define NATIVE "armv7l"
#elif defined(__powerpc64__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "ppc64le"
#elif defined(__powerpc64__)
#define NATIVE "ppc64"
#elif defined(__s390x__)
#define NATIVE "s390x"
#elif defined(__riscv) && __riscv_xlen == 64
#define NATIVE "riscv64"
#elif defined(__loongarch64)
#define NATIVE "loongarch64"
#elif defined(__mips64) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define NATIVE "mips64"
#else
#error "no system call table for the built-in seccomp filter on this machine"
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
	return tty_target(NATIVE);
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
