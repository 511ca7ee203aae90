/* limit-parse.h - pure parsers for the cgroup limits and the time namespace
 * offsets; no system calls. */
#pragma once

#include <stddef.h>
#include <stdint.h>

/* "max" or a number of bytes with an optional K, M, G or T suffix (powers
 * of 1024, either case). "max" gives CG_UNLIMITED. 0 or -EINVAL/-ERANGE. */
int limits_parse_bytes(const char *s, uint64_t *out);

/* --pids-max: "max" or a number of at least 1. */
int limits_parse_count(const char *s, uint64_t *out);

/* --cpu-max: "max", "QUOTA", "QUOTA/PERIOD" (microseconds) or "N%" of one
 * CPU (N may exceed 100 for several CPUs), the period then being 100 ms.
 * QUOTA and PERIOD are between 1000 and 1000000 (QUOTA may be larger:
 * several CPUs); "max" gives CG_UNLIMITED. 0 or -EINVAL/-ERANGE. */
int limits_parse_cpu_max(const char *s, uint64_t *quota_us, uint64_t *period_us);

/* --monotonic-offset / --boottime-offset: whole seconds, may be negative,
 * at most about 2^31 years' worth either way. */
int limits_parse_seconds(const char *s, int64_t *out);

/* The text to write to /proc/self/timens_offsets: 'current' is what that
 * file holds now (the offsets inherited from the parent namespace); the
 * result adds the given seconds to them, so that offsets add up in nested
 * sandboxes. 0, or -EINVAL when 'current' cannot be read, -ERANGE on
 * overflow. */
int limits_timens_offsets(const char *current, int64_t monotonic_s, int64_t boottime_s, char *buf,
			  size_t size);
