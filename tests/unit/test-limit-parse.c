/* Unit tests for limit-parse.c: the cgroup limits and time offsets. */
#include "config.h"
#include "limit-parse.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

static void test_bytes(void)
{
	uint64_t v;
	g_assert_cmpint(limits_parse_bytes("4096", &v), ==, 0);
	g_assert_cmpuint(v, ==, 4096);
	g_assert_cmpint(limits_parse_bytes("64K", &v), ==, 0);
	g_assert_cmpuint(v, ==, 64 * 1024);
	g_assert_cmpint(limits_parse_bytes("100m", &v), ==, 0);
	g_assert_cmpuint(v, ==, 100ull << 20);
	g_assert_cmpint(limits_parse_bytes("2G", &v), ==, 0);
	g_assert_cmpuint(v, ==, 2ull << 30);
	g_assert_cmpint(limits_parse_bytes("3T", &v), ==, 0);
	g_assert_cmpuint(v, ==, 3ull << 40);
	g_assert_cmpint(limits_parse_bytes("0", &v), ==, 0);
	g_assert_cmpuint(v, ==, 0);
	g_assert_cmpint(limits_parse_bytes("max", &v), ==, 0);
	g_assert_cmpuint(v, ==, CG_UNLIMITED);
	const char *bad[] = {"", "K", "1.5G", "-1", "1KB", "1 K", "12X", "max1", "0x10"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		g_assert_cmpint(limits_parse_bytes(bad[i], &v), ==, -EINVAL);
	g_assert_cmpint(limits_parse_bytes("17179869184T", &v), ==, -ERANGE);
	g_assert_cmpint(limits_parse_bytes("99999999999999999999", &v), ==, -ERANGE);
}

static void test_count(void)
{
	uint64_t v;
	g_assert_cmpint(limits_parse_count("1", &v), ==, 0);
	g_assert_cmpuint(v, ==, 1);
	g_assert_cmpint(limits_parse_count("max", &v), ==, 0);
	g_assert_cmpuint(v, ==, CG_UNLIMITED);
	g_assert_cmpint(limits_parse_count("0", &v), ==, -ERANGE);
	g_assert_cmpint(limits_parse_count("9223372036854775808", &v), ==, -ERANGE);
	g_assert_cmpint(limits_parse_count("ten", &v), ==, -EINVAL);
}

static void test_cpu_max(void)
{
	uint64_t q, p;
	g_assert_cmpint(limits_parse_cpu_max("50%", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, 50000);
	g_assert_cmpuint(p, ==, 100000);
	g_assert_cmpint(limits_parse_cpu_max("250%", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, 250000);
	g_assert_cmpint(limits_parse_cpu_max("1%", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, 1000);
	g_assert_cmpint(limits_parse_cpu_max("20000", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, 20000);
	g_assert_cmpuint(p, ==, 100000);
	g_assert_cmpint(limits_parse_cpu_max("20000/50000", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, 20000);
	g_assert_cmpuint(p, ==, 50000);
	g_assert_cmpint(limits_parse_cpu_max("max", &q, &p), ==, 0);
	g_assert_cmpuint(q, ==, CG_UNLIMITED);
	g_assert_cmpint(limits_parse_cpu_max("max/20000", &q, &p), ==, 0);
	g_assert_cmpuint(p, ==, 20000);
	/* the kernel's bounds: quota and period at least 1 ms, period at most 1 s */
	g_assert_cmpint(limits_parse_cpu_max("999", &q, &p), ==, -ERANGE);
	g_assert_cmpint(limits_parse_cpu_max("5000/999", &q, &p), ==, -ERANGE);
	g_assert_cmpint(limits_parse_cpu_max("5000/1000001", &q, &p), ==, -ERANGE);
	g_assert_cmpint(limits_parse_cpu_max("0%", &q, &p), ==, -ERANGE);
	const char *bad[] = {"", "%", "50 %", "1.5%", "/100000", "5000/", "a/b", "-5%"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++)
		g_assert_cmpint(limits_parse_cpu_max(bad[i], &q, &p), ==, -EINVAL);
}

static void test_seconds(void)
{
	int64_t v;
	g_assert_cmpint(limits_parse_seconds("86400", &v), ==, 0);
	g_assert_cmpint(v, ==, 86400);
	g_assert_cmpint(limits_parse_seconds("-50", &v), ==, 0);
	g_assert_cmpint(v, ==, -50);
	g_assert_cmpint(limits_parse_seconds("+7", &v), ==, 0);
	g_assert_cmpint(v, ==, 7);
	g_assert_cmpint(limits_parse_seconds("1.5", &v), ==, -EINVAL);
	g_assert_cmpint(limits_parse_seconds("-", &v), ==, -EINVAL);
	g_assert_cmpint(limits_parse_seconds("", &v), ==, -EINVAL);
	g_assert_cmpint(limits_parse_seconds("99999999999999999", &v), ==, -ERANGE);
}

static void test_timens_offsets(void)
{
	char buf[256];
	const char *fresh = "monotonic           0         0\nboottime            0         0\n";
	g_assert_cmpint(limits_timens_offsets(fresh, 100, -5, buf, sizeof buf), ==, 0);
	g_assert_cmpstr(buf, ==, "monotonic 100 0\nboottime -5 0\n");
	/* nested: the parent's offsets, nanoseconds included, are kept */
	const char *outer = "monotonic        1000       250\nboottime           -7         0\n";
	g_assert_cmpint(limits_timens_offsets(outer, 500, 0, buf, sizeof buf), ==, 0);
	g_assert_cmpstr(buf, ==, "monotonic 1500 250\nboottime -7 0\n");
	g_assert_cmpint(limits_timens_offsets("monotonic 0 0\n", 1, 1, buf, sizeof buf), ==,
			-EINVAL);
	g_assert_cmpint(limits_timens_offsets("", 1, 1, buf, sizeof buf), ==, -EINVAL);
	const char *big = "monotonic 9223372036854775807 0\nboottime 0 0\n";
	g_assert_cmpint(limits_timens_offsets(big, 1, 0, buf, sizeof buf), ==, -ERANGE);
	g_assert_cmpint(limits_timens_offsets(fresh, 1, 1, buf, 8), ==, -ERANGE);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/limits/bytes", test_bytes);
	g_test_add_func("/limits/count", test_count);
	g_test_add_func("/limits/cpu-max", test_cpu_max);
	g_test_add_func("/limits/seconds", test_seconds);
	g_test_add_func("/limits/timens-offsets", test_timens_offsets);
	return g_test_run();
}
