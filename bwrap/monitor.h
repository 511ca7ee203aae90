/* monitor.h - waiting for the sandbox and reporting its exit status. */
#pragma once

#include <sys/types.h>

/* Shell encoding of a wait status: n for exit(n), 128+n for signal n. */
int monitor_exit_code(int wait_status);

/* In bwrap: forward termination signals to 'child', wait for it, and return
 * its exit code. With a time limit (ms, 0 for none), the sandbox gets
 * SIGTERM when it expires and SIGKILL 2 s later; *timed_out is then set and
 * the exit code is 124. */
#include <stdbool.h>
#include <stdint.h>
/* status_fd (or -1): where a pid-1 reaper reports the command's exit code
 * as soon as the command ends, other processes of the sandbox or not. */
int monitor_parent(pid_t child, uint64_t time_limit_ms, bool *timed_out, int status_fd);

/* As pid 1 of a new pid namespace: forward signals to 'initial', report its
 * exit code on status_fd when it ends, reap every process until none is
 * left, and return that exit code. */
int monitor_reaper(pid_t initial, int status_fd);
