/* limit-parse.c - pure parsers for the cgroup limits and the time namespace
 * offsets (no system calls; unit-tested in tests/unit/test-limit-parse.c). */
#include "limit-parse.h"

#include "config.h"
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int limits_parse_bytes(const char *s, uint64_t *out)
{
	static const char units[] = "KMGT";
	if (strcmp(s, "max") == 0) {
		*out = CG_UNLIMITED;
		return 0;
	}
	size_t len = strlen(s);
	unsigned shift = 0;
	const char *u = len > 1 ? strchr(units, toupper((unsigned char)s[len - 1])) : NULL;
	if (u && *u) {
		shift = 10 * (unsigned)(u - units + 1);
		len--;
	}
	char digits[32];
	if (len == 0 || len >= sizeof digits)
		return -EINVAL;
	memcpy(digits, s, len);
	digits[len] = '\0';
	uint64_t v;
	int r = parse_u64(digits, 10, UINT64_MAX - 1, &v);
	if (r < 0)
		return r;
	if (shift && v > ((UINT64_MAX - 1) >> shift))
		return -ERANGE;
	*out = v << shift;
	return 0;
}

int limits_parse_count(const char *s, uint64_t *out)
{
	if (strcmp(s, "max") == 0) {
		*out = CG_UNLIMITED;
		return 0;
	}
	/* pids.max takes a signed 64-bit number */
	int r = parse_u64(s, 10, INT64_MAX, out);
	if (r == 0 && *out == 0)
		return -ERANGE;
	return r;
}

/* "N%" of one CPU over a 100 ms period */
static int parse_percent(const char *s, uint64_t *quota_us, uint64_t *period_us)
{
	size_t len = strlen(s);
	char digits[16];
	if (len < 2 || len - 1 >= sizeof digits)
		return -EINVAL;
	memcpy(digits, s, len - 1);
	digits[len - 1] = '\0';
	uint64_t pct;
	int r = parse_u64(digits, 10, 100ull * 4096, &pct);
	if (r < 0)
		return r;
	if (pct == 0)
		return -ERANGE;
	*period_us = CG_CPU_PERIOD_DEFAULT;
	*quota_us = pct * CG_CPU_PERIOD_DEFAULT / 100;
	return 0;
}

int limits_parse_cpu_max(const char *s, uint64_t *quota_us, uint64_t *period_us)
{
	size_t len = strlen(s);
	if (len > 0 && s[len - 1] == '%')
		return parse_percent(s, quota_us, period_us);
	char buf[64];
	if (len == 0 || len >= sizeof buf)
		return -EINVAL;
	memcpy(buf, s, len + 1);
	char *slash = strchr(buf, '/');
	uint64_t period = CG_CPU_PERIOD_DEFAULT, quota;
	int r = 0;
	if (slash) {
		*slash = '\0';
		r = parse_u64(slash + 1, 10, 1000000, &period);
		if (r == 0 && period < 1000)
			r = -ERANGE;
	}
	if (r < 0)
		return r;
	if (strcmp(buf, "max") == 0) {
		quota = CG_UNLIMITED;
	} else {
		r = parse_u64(buf, 10, (uint64_t)INT64_MAX / 1000, &quota);
		if (r == 0 && quota < 1000)
			r = -ERANGE;
		if (r < 0)
			return r;
	}
	*quota_us = quota;
	*period_us = period;
	return 0;
}

#define SECONDS_MAX ((int64_t)1 << 45)

int limits_parse_seconds(const char *s, int64_t *out)
{
	bool neg = s[0] == '-';
	uint64_t v;
	int r = parse_u64(s + (neg || s[0] == '+'), 10, (uint64_t)SECONDS_MAX, &v);
	if (r < 0)
		return r;
	*out = neg ? -(int64_t)v : (int64_t)v;
	return 0;
}

/* One line of timens_offsets: "<clock> <seconds> <nanoseconds>". */
static int read_offset(const char *text, const char *clock, int64_t *sec, long *nsec)
{
	size_t n = strlen(clock);
	for (const char *p = text; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL) {
		if (strncmp(p, clock, n) != 0 || (p[n] != ' ' && p[n] != '\t'))
			continue;
		char *end;
		errno = 0;
		long long s = strtoll(p + n, &end, 10);
		long ns = end != p + n ? strtol(end, &end, 10) : 0;
		if (errno != 0 || end == p + n || (*end && *end != '\n'))
			return -EINVAL;
		*sec = s;
		*nsec = ns;
		return 0;
	}
	return -EINVAL;
}

int limits_timens_offsets(const char *current, int64_t monotonic_s, int64_t boottime_s, char *buf,
			  size_t size)
{
	int64_t mono = 0, boot = 0;
	long mono_ns = 0, boot_ns = 0;
	if (read_offset(current, "monotonic", &mono, &mono_ns) < 0 ||
	    read_offset(current, "boottime", &boot, &boot_ns) < 0)
		return -EINVAL;
	if (__builtin_add_overflow(mono, monotonic_s, &mono) ||
	    __builtin_add_overflow(boot, boottime_s, &boot))
		return -ERANGE;
	int n = snprintf(buf, size, "monotonic %" PRId64 " %ld\nboottime %" PRId64 " %ld\n", mono,
			 mono_ns, boot, boot_ns);
	return n < 0 || (size_t)n >= size ? -ERANGE : 0;
}
