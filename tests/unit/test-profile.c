/* Unit tests for the pure parts of seccomp profiles: kernel versions, the
 * architecture names of "arches", and when a rule's includes/excludes let
 * it apply or keep two rules apart. */
#include "profile.h"

#include <errno.h>
#include <glib.h>
#include <linux/capability.h>
#include <seccomp.h>

#define CAP(c) (UINT64_C(1) << (c))

static uint32_t row(const char *name)
{
	uint32_t bit = 0;
	g_assert_cmpint(profile_arch_row(name, &bit), ==, 0);
	return bit;
}

static void test_kernel_versions(void)
{
	uint32_t v = 0;
	g_assert_cmpint(profile_parse_kernel("4.8", &v), ==, 0);
	g_assert_cmpuint(v, ==, PROFILE_KERNEL(4, 8));
	g_assert_cmpint(profile_parse_kernel("255.255", &v), ==, 0);
	g_assert_cmpuint(v, ==, PROFILE_KERNEL(255, 255));
	g_assert_cmpint(profile_parse_kernel("0.1", &v), ==, 0);
	static const char *const bad[] = {"",	     "4",     "4.",    ".8",   "4.8.1",
					  "4.8-rc1", "256.0", "4.256", "0.0",  " 4.8",
					  "+4.8",    "4..8",  "0x4.8", "4.8 ", NULL};
	for (size_t i = 0; bad[i]; i++)
		g_assert_cmpint(profile_parse_kernel(bad[i], &v), ==, -EINVAL);
	/* as uname gives it: only major.minor count */
	g_assert_cmpint(profile_parse_release("6.1.0-13-amd64", &v), ==, 0);
	g_assert_cmpuint(v, ==, PROFILE_KERNEL(6, 1));
	g_assert_cmpint(profile_parse_release("3.12-1-amd64", &v), ==, 0);
	g_assert_cmpuint(v, ==, PROFILE_KERNEL(3, 12));
	g_assert_cmpint(profile_parse_release("unknown", &v), ==, -EINVAL);
	/* 5.10 is newer than 5.9 */
	g_assert_cmpuint(PROFILE_KERNEL(5, 10), >, PROFILE_KERNEL(5, 9));
}

static void test_arch_names(void)
{
	/* Docker's name and the kernel's name are one architecture */
	g_assert_cmpuint(row("amd64"), ==, row("x86_64"));
	g_assert_cmpuint(row("arm64"), ==, row("aarch64"));
	g_assert_cmpuint(row("x86"), ==, row("386"));
	g_assert_cmpuint(row("amd64"), !=, row("x32"));
	g_assert_cmpuint(row("s390"), !=, row("s390x"));
	uint32_t bit;
	g_assert_cmpint(profile_arch_row("SCMP_ARCH_X86_64", &bit), ==, -EINVAL);
	g_assert_cmpint(profile_arch_row("AMD64", &bit), ==, -EINVAL);
	g_assert_cmpint(profile_arch_row("pdp11", &bit), ==, -EINVAL);
}

static const ProfileHost host = {
	.caps = CAP(CAP_SYS_PTRACE) | CAP(CAP_NET_ADMIN),
	.arch = SCMP_ARCH_X86_64,
	.kernel = PROFILE_KERNEL(6, 1),
};

static bool applies(ProfileCond in, ProfileCond ex)
{
	ProfileRule r = {.includes = in, .excludes = ex};
	return profile_rule_applies(&r, &host);
}

static void test_applies(void)
{
	const ProfileCond none = {0};
	g_assert_true(applies(none, none));
	/* includes.caps: all of them */
	g_assert_true(applies((ProfileCond){.caps = CAP(CAP_SYS_PTRACE)}, none));
	g_assert_true(
		applies((ProfileCond){.caps = CAP(CAP_SYS_PTRACE) | CAP(CAP_NET_ADMIN)}, none));
	g_assert_false(
		applies((ProfileCond){.caps = CAP(CAP_SYS_PTRACE) | CAP(CAP_SYS_ADMIN)}, none));
	/* excludes.caps: any one */
	g_assert_false(
		applies(none, (ProfileCond){.caps = CAP(CAP_SYS_ADMIN) | CAP(CAP_NET_ADMIN)}));
	g_assert_true(applies(none, (ProfileCond){.caps = CAP(CAP_SYS_ADMIN)}));
	/* arches: the native one among them */
	g_assert_true(applies((ProfileCond){.arches = row("amd64") | row("x32")}, none));
	g_assert_false(applies((ProfileCond){.arches = row("x86") | row("s390x")}, none));
	g_assert_false(applies(none, (ProfileCond){.arches = row("x86_64")}));
	g_assert_true(applies(none, (ProfileCond){.arches = row("arm64")}));
	/* minKernel: includes from that version on, excludes before it */
	g_assert_true(applies((ProfileCond){.min_kernel = PROFILE_KERNEL(6, 1)}, none));
	g_assert_true(applies((ProfileCond){.min_kernel = PROFILE_KERNEL(4, 8)}, none));
	g_assert_false(applies((ProfileCond){.min_kernel = PROFILE_KERNEL(6, 2)}, none));
	g_assert_false(applies(none, (ProfileCond){.min_kernel = PROFILE_KERNEL(6, 1)}));
	g_assert_true(applies(none, (ProfileCond){.min_kernel = PROFILE_KERNEL(6, 10)}));
	/* every part of includes must hold */
	g_assert_false(
		applies((ProfileCond){.caps = CAP(CAP_SYS_PTRACE), .arches = row("arm64")}, none));
}

static bool exclusive(ProfileCond ain, ProfileCond aex, ProfileCond bin, ProfileCond bex)
{
	ProfileRule a = {.includes = ain, .excludes = aex};
	ProfileRule b = {.includes = bin, .excludes = bex};
	bool one = profile_rules_exclusive(&a, &b), other = profile_rules_exclusive(&b, &a);
	g_assert_true(one == other);
	return one;
}

static void test_exclusive(void)
{
	const ProfileCond none = {0};
	const ProfileCond admin = {.caps = CAP(CAP_SYS_ADMIN)};
	g_assert_false(exclusive(none, none, none, none));
	/* Docker's clone3: allowed with CAP_SYS_ADMIN, ENOSYS without */
	g_assert_true(exclusive(admin, none, none, admin));
	g_assert_false(exclusive(admin, none, none, (ProfileCond){.caps = CAP(CAP_SYS_PTRACE)}));
	g_assert_false(exclusive(admin, none, (ProfileCond){.caps = CAP(CAP_BPF)}, none));
	/* arches */
	g_assert_true(exclusive((ProfileCond){.arches = row("s390x")}, none,
				(ProfileCond){.arches = row("amd64")}, none));
	g_assert_false(exclusive((ProfileCond){.arches = row("s390x") | row("amd64")}, none,
				 (ProfileCond){.arches = row("amd64")}, none));
	g_assert_true(exclusive((ProfileCond){.arches = row("amd64")}, none, none,
				(ProfileCond){.arches = row("x86_64") | row("x86")}));
	g_assert_false(exclusive((ProfileCond){.arches = row("amd64") | row("x86")}, none, none,
				 (ProfileCond){.arches = row("x86")}));
	/* kernels: from 5.10 on, and before 5.10 */
	g_assert_true(exclusive((ProfileCond){.min_kernel = PROFILE_KERNEL(5, 10)}, none, none,
				(ProfileCond){.min_kernel = PROFILE_KERNEL(5, 10)}));
	g_assert_false(exclusive((ProfileCond){.min_kernel = PROFILE_KERNEL(5, 9)}, none, none,
				 (ProfileCond){.min_kernel = PROFILE_KERNEL(5, 10)}));
	/* a rule that can never apply is apart from every other */
	g_assert_true(exclusive(admin, admin, none, none));
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/profile/kernel-versions", test_kernel_versions);
	g_test_add_func("/profile/arch-names", test_arch_names);
	g_test_add_func("/profile/applies", test_applies);
	g_test_add_func("/profile/exclusive", test_exclusive);
	return g_test_run();
}
