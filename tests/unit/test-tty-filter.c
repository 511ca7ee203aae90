/* test-tty-filter.c - the built-in TIOCSTI/TIOCLINUX program, for every
 * machine's table, run here by a small interpreter of the classic BPF
 * instructions it uses: each ABI's ioctl with each request is refused, every
 * other call and request allowed, whatever the high 32 bits hold. */
#include "tty-filter.h"

#include <errno.h>
#include <glib.h>
#include <linux/audit.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/ioctl.h>

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

/* The compat ABIs are there: arm on aarch64, i386 and x32 on x86_64. */
static void test_compat_abis(void)
{
	const TtyTarget *arm64 = tty_target("aarch64");
	g_assert_nonnull(arm64);
	g_assert_cmpuint(arm64->n_abis, ==, 2);
	g_assert_cmphex(arm64->abis[1].arch, ==, AUDIT_ARCH_ARM);
	const TtyTarget *x86 = tty_target("x86_64");
	g_assert_nonnull(x86);
	g_assert_cmphex(x86->abis[1].arch, ==, AUDIT_ARCH_I386);
	g_assert_cmpuint(x86->abis[0].nrs[1], ==, 514);
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
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/tty-filter/every-machine", test_every_machine);
	g_test_add_func("/tty-filter/compat-abis", test_compat_abis);
	g_test_add_func("/tty-filter/native", test_native);
	return g_test_run();
}
