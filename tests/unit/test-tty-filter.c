/* test-tty-filter.c - the built-in TIOCSTI/TIOCLINUX program, for every
 * machine's table, run here by a small interpreter of the classic BPF
 * instructions it uses: each ABI's ioctl with each request is refused, every
 * other call and request allowed, whatever the high 32 bits hold. */
#include "tty-filter.h"

#include <errno.h>
#include <glib.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <stdbool.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>

/* Run prog on d; fails the test on an instruction it does not expect. */
static uint32_t run(const struct sock_filter *prog, size_t len, const struct seccomp_data *d)
{
	uint32_t acc = 0;
	for (size_t pc = 0; pc < len; pc++) {
		const struct sock_filter *f = &prog[pc];
		switch (f->code) {
		case BPF_LD | BPF_W | BPF_ABS:
			g_assert_cmpuint(f->k + 4, <=, sizeof *d);
			memcpy(&acc, (const char *)d + f->k, 4);
			break;
		case BPF_ALU | BPF_AND | BPF_K:
			acc &= f->k;
			break;
		case BPF_JMP | BPF_JEQ | BPF_K:
			pc += acc == f->k ? f->jt : f->jf;
			break;
		case BPF_RET | BPF_K:
			return f->k;
		default:
			g_assert_not_reached();
		}
	}
	g_assert_not_reached();
	return 0;
}

/* A seccomp_data as a kernel of this target lays it out: the request's
 * 64 bits in the machine's byte order. */
static struct seccomp_data call(const TtyTarget *t, uint32_t arch, uint32_t nr, uint64_t req)
{
	struct seccomp_data d;
	memset(&d, 0, sizeof d);
	d.arch = arch;
	d.nr = (int)nr;
	uint32_t lo = (uint32_t)req, hi = (uint32_t)(req >> 32);
	char *p = (char *)&d.args[1];
	memcpy(p, t->big_endian ? &hi : &lo, 4);
	memcpy(p + 4, t->big_endian ? &lo : &hi, 4);
	return d;
}

static void check_target(const TtyTarget *t)
{
	struct sock_filter prog[TTY_FILTER_MAX];
	size_t len = tty_filter_build(t, prog);
	g_assert_cmpuint(len, >, 0);
	g_assert_cmpuint(len, <=, TTY_FILTER_MAX);
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM;
	const uint64_t high = UINT64_C(0x100000000);
	for (size_t i = 0; i < t->n_abis; i++) {
		const TtyAbi *a = &t->abis[i];
		for (size_t k = 0; k < 2 && a->nrs[k]; k++) {
			/* x32 numbers carry their bit: the mask takes it off */
			uint32_t nr = a->nrs[k] | ~a->nr_mask;
			struct seccomp_data d = call(t, a->arch, nr, t->tiocsti);
			g_assert_cmphex(run(prog, len, &d), ==, deny);
			d = call(t, a->arch, nr, t->tioclinux);
			g_assert_cmphex(run(prog, len, &d), ==, deny);
			d = call(t, a->arch, nr, high | t->tiocsti);
			g_assert_cmphex(run(prog, len, &d), ==, deny);
			d = call(t, a->arch, nr, t->tiocsti + 1);
			g_assert_cmphex(run(prog, len, &d), ==, SECCOMP_RET_ALLOW);
			/* another call with TIOCSTI's value as its argument */
			d = call(t, a->arch, nr + 1, t->tiocsti);
			g_assert_cmphex(run(prog, len, &d), ==, SECCOMP_RET_ALLOW);
		}
	}
	/* an arch that is not the machine's */
	struct seccomp_data d = call(t, 0x12345678, t->abis[0].nrs[0], t->tiocsti);
	g_assert_cmphex(run(prog, len, &d), ==, SECCOMP_RET_ALLOW);
}

static void test_every_machine(void)
{
	size_t n;
	const TtyTarget *all = tty_targets(&n);
	g_assert_cmpuint(n, >=, 10);
	for (size_t i = 0; i < n; i++) {
		g_test_message("machine %s", all[i].machine);
		check_target(&all[i]);
	}
}

/* What the tables must say, written out once more from the kernel's
 * sources (arch/<arch>/include/asm/syscall.h syscall_get_arch(), the
 * syscall tables, the ioctls.h of each family: powerpc's TIOCSTI is 0x5412
 * like asm-generic's, sparc's _IOW('t', 114, char)), one row per ABI a kernel of
 * a Debian release architecture runs: the 64-bit kernel of each family and
 * the 32-bit ABIs it runs as compat (so that a 32-bit build, which uses its
 * family's table, covers the 64-bit programs its command may exec too). */
typedef struct {
	const char *debian; /* the Debian architectures this row serves */
	const char *machine; /* the table they use */
	uint32_t arch;
	uint32_t nr; /* as seccomp_data.nr shows it */
	uint32_t tiocsti, tioclinux;
	bool big_endian;
} Expected;

static const Expected expected[] = {
	{"amd64", "x86_64", AUDIT_ARCH_X86_64, 16, 0x5412, 0x541c, false},
	{"amd64 (x32)", "x86_64", AUDIT_ARCH_X86_64, 0x40000000 | 514, 0x5412, 0x541c, false},
	{"i386, amd64", "x86_64", AUDIT_ARCH_I386, 54, 0x5412, 0x541c, false},
	{"arm64", "aarch64", AUDIT_ARCH_AARCH64, 29, 0x5412, 0x541c, false},
	{"armel, armhf, arm64", "aarch64", AUDIT_ARCH_ARM, 54, 0x5412, 0x541c, false},
	{"ppc64el", "ppc64le", AUDIT_ARCH_PPC64LE, 54, 0x5412, 0x541c, false},
	{"ppc64el (32-bit)", "ppc64le", AUDIT_ARCH_PPC, 54, 0x5412, 0x541c, false},
	{"powerpc, ppc64", "ppc64", AUDIT_ARCH_PPC, 54, 0x5412, 0x541c, true},
	{"ppc64", "ppc64", AUDIT_ARCH_PPC64, 54, 0x5412, 0x541c, true},
	{"s390x", "s390x", AUDIT_ARCH_S390X, 54, 0x5412, 0x541c, true},
	{"s390x (31-bit)", "s390x", AUDIT_ARCH_S390, 54, 0x5412, 0x541c, true},
	{"riscv64", "riscv64", AUDIT_ARCH_RISCV64, 29, 0x5412, 0x541c, false},
	{"riscv32", "riscv64", AUDIT_ARCH_RISCV32, 29, 0x5412, 0x541c, false},
	{"mips64el (n64)", "mips64el", AUDIT_ARCH_MIPSEL64, 5015, 0x5472, 0x5483, false},
	{"mips64el (n32)", "mips64el", AUDIT_ARCH_MIPSEL64N32, 6015, 0x5472, 0x5483, false},
	{"mipsel, mips64el (o32)", "mips64el", AUDIT_ARCH_MIPSEL, 4054, 0x5472, 0x5483, false},
	{"mips64 (n64)", "mips64", AUDIT_ARCH_MIPS64, 5015, 0x5472, 0x5483, true},
	{"mips64 (n32)", "mips64", AUDIT_ARCH_MIPS64N32, 6015, 0x5472, 0x5483, true},
	{"mips (o32)", "mips64", AUDIT_ARCH_MIPS, 4054, 0x5472, 0x5483, true},
	{"loong64", "loongarch64", AUDIT_ARCH_LOONGARCH64, 29, 0x5412, 0x541c, false},
	{"sparc64", "sparc64", AUDIT_ARCH_SPARC64, 54, 0x80017472, 0x541c, true},
	{"sparc64 (32-bit)", "sparc64", AUDIT_ARCH_SPARC, 54, 0x80017472, 0x541c, true},
};

/* Each row: ioctl with either request is refused under that arch and
 * number (in that byte order), ioctl with another request and another call
 * with the request are allowed; and the same call under any other ABI's
 * arch is not refused by accident (numbers differ between ABIs). */
static void test_expected(void)
{
	const uint32_t deny = SECCOMP_RET_ERRNO | EPERM;
	for (size_t i = 0; i < G_N_ELEMENTS(expected); i++) {
		const Expected *e = &expected[i];
		g_test_message("%s: %s", e->debian, e->machine);
		const TtyTarget *t = tty_target(e->machine);
		g_assert_nonnull(t);
		g_assert_cmpint(t->big_endian, ==, e->big_endian);
		g_assert_cmphex(t->tiocsti, ==, e->tiocsti);
		g_assert_cmphex(t->tioclinux, ==, e->tioclinux);
		struct sock_filter prog[TTY_FILTER_MAX];
		size_t len = tty_filter_build(t, prog);
		struct seccomp_data d = call(t, e->arch, e->nr, e->tiocsti);
		g_assert_cmphex(run(prog, len, &d), ==, deny);
		d = call(t, e->arch, e->nr, UINT64_C(0xffffffff00000000) | e->tioclinux);
		g_assert_cmphex(run(prog, len, &d), ==, deny);
		d = call(t, e->arch, e->nr, 0x5401); /* TCGETS-like */
		g_assert_cmphex(run(prog, len, &d), ==, SECCOMP_RET_ALLOW);
		d = call(t, e->arch, e->nr + 1, e->tiocsti);
		g_assert_cmphex(run(prog, len, &d), ==, SECCOMP_RET_ALLOW);
	}
	/* and every ABI of every table is one of these rows */
	size_t n;
	const TtyTarget *all = tty_targets(&n);
	for (size_t i = 0; i < n; i++) {
		for (size_t k = 0; k < all[i].n_abis; k++) {
			const TtyAbi *a = &all[i].abis[k];
			bool found = false;
			for (size_t j = 0; j < G_N_ELEMENTS(expected); j++)
				found |= strcmp(expected[j].machine, all[i].machine) == 0 &&
					 expected[j].arch == a->arch &&
					 (expected[j].nr & a->nr_mask) == a->nrs[0];
			if (!found)
				g_error("%s: ABI %#x is not in the expected rows", all[i].machine,
					a->arch);
		}
	}
	g_assert_null(tty_target("pdp11"));
}

/* This machine's table agrees with its own headers. */
static void test_native(void)
{
	const TtyTarget *t = tty_target_native();
	g_assert_nonnull(t);
	g_assert_cmphex(t->tiocsti, ==, TIOCSTI);
	g_assert_cmphex(t->tioclinux, ==, TIOCLINUX);
	g_assert_cmpint(t->big_endian, ==, __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__);
	/* the ABI this is built for is one of the table's, with its number */
	bool found = false;
	for (size_t i = 0; i < t->n_abis; i++)
		for (size_t k = 0; k < 2 && t->abis[i].nrs[k]; k++)
			found |= t->abis[i].nrs[k] == ((uint32_t)__NR_ioctl & t->abis[i].nr_mask);
	g_assert_true(found);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tty-filter/every-machine", test_every_machine);
	g_test_add_func("/tty-filter/every-abi", test_expected);
	g_test_add_func("/tty-filter/native", test_native);
	return g_test_run();
}
