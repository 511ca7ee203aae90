/* sanitizer-hooks.c - linked into bwrap/bwrap by ./configure
 * --enable-sanitizers only.
 *
 * 1. Default ASan/UBSan options, compiled in: tests/run-bats runs the
 *    unprivileged pass under "env -i", which drops ASAN_OPTIONS. Options
 *    in the environment still override these one by one.
 * 2. Reports that a test could miss: a test that only expects bwrap to fail
 *    passes just as well when a sanitizer aborts it, and a report from the
 *    sandbox side only shows as the exit status. When the environment
 *    variable BWRAP_SANITIZER_REPORTS names a file that exists, it is
 *    opened at startup (the descriptor stays valid after the sandbox's
 *    pivot_root) and every report summary, the full AddressSanitizer
 *    report and every sanitizer-caused death are appended to it.
 *    tests/run-bats fails a suite whose file is not empty.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE /* program_invocation_short_name */
#endif
#include <errno.h>
#include <fcntl.h>
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BWRAP_ASAN_OPTIONS
#define BWRAP_ASAN_OPTIONS "abort_on_error=1:halt_on_error=1:detect_leaks=1"
#endif
#ifndef BWRAP_UBSAN_OPTIONS
#define BWRAP_UBSAN_OPTIONS "abort_on_error=1:halt_on_error=1:print_stacktrace=1"
#endif

/* Looked up by the sanitizer runtimes; declared here for -Wmissing-prototypes. */
const char *__asan_default_options(void);
const char *__ubsan_default_options(void);

const char *__asan_default_options(void)
{
	return BWRAP_ASAN_OPTIONS;
}

const char *__ubsan_default_options(void)
{
	return BWRAP_UBSAN_OPTIONS;
}

/* Far from the small numbers that tests pass to --file, --sync-fd... */
#define REPORT_FD_MIN 700

static int report_fd = -1;

static void report_write(const char *s)
{
	size_t len = strlen(s);
	while (len > 0) {
		ssize_t w = write(report_fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		len -= (size_t)w;
	}
}

static void report_line(const char *what)
{
	char head[128];
	snprintf(head, sizeof head, "%s[%ld]: ", program_invocation_short_name, (long)getpid());
	report_write(head);
	report_write(what);
	report_write("\n");
}

/* Replaces the runtime's default, which prints the summary to stderr. */
void __sanitizer_report_error_summary(const char *error_summary)
{
	fprintf(stderr, "%s\n", error_summary);
	if (report_fd >= 0)
		report_line(error_summary);
}

static void on_asan_report(const char *report)
{
	report_write(report);
}

static void on_death(void)
{
	report_line("killed by a sanitizer (the report is on its stderr)");
}

__attribute__((constructor)) static void sanitizer_hooks_init(void)
{
	const char *path = getenv("BWRAP_SANITIZER_REPORTS");
	if (!path || !*path)
		return;
	int fd = open(path, O_WRONLY | O_APPEND | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return; /* e.g. a bwrap started inside a sandbox */
	report_fd = fcntl(fd, F_DUPFD_CLOEXEC, REPORT_FD_MIN);
	if (report_fd < 0)
		report_fd = fd;
	else
		close(fd);
	__asan_set_error_report_callback(on_asan_report);
	__sanitizer_set_death_callback(on_death);
}
