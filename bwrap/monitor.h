/* monitor.h - waiting for the sandbox and reporting its exit status. */
#pragma once

#include <sys/types.h>

/* Shell encoding of a wait status: n for exit(n), 128+n for signal n. */
int monitor_exit_code(int wait_status);

/* In bwrap: forward termination signals to 'child', wait for it, and return
 * its exit code. */
int monitor_parent(pid_t child);

/* As pid 1 of a new pid namespace: forward signals to 'initial', reap every
 * process until none is left, and return the exit code of 'initial'. */
int monitor_reaper(pid_t initial);
