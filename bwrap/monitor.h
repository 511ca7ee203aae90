/* monitor.h - waiting for the sandbox and reporting its exit status. */
#pragma once

#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

/* Shell encoding of a wait status: n for exit(n), 128+n for signal n. */
int monitor_exit_code(int wait_status);

/* CLOCK_MONOTONIC in milliseconds: what --time-limit's deadline is read on. */
uint64_t monitor_now_ms(void);

/* Or'ed into the code pid 1 reports when the time limit ended the command. */
#define MONITOR_TIMED_OUT 0x10000

/* In bwrap, just before the command may start: hold (block) the signals
 * that are forwarded, for the returned signalfd, so that one arriving before
 * the monitor runs is forwarded too instead of ending bwrap alone and
 * leaving the command running. -errno on failure (logged). */
int monitor_hold_signals(void);

/* Forward to 'child' the held signals that sfd has. */
void monitor_forward_signals(int sfd, pid_t child);

/* --die-with-parent: SIGKILL this process when its parent dies. The parent
 * may have died before the signal was set, which then never fires: that is
 * checked with parent_pid (what getppid() gave before; 0: not known) or
 * parent_fd (-1 or a pipe's read end whose write end the parent holds).
 * Returns 0, -ESRCH when the parent is gone, or -errno (logged). */
int monitor_die_with_parent(pid_t parent_pid, int parent_fd);

/* In bwrap: forward termination signals to 'child', wait for it, and return
 * its exit code. status_fd (or -1): where a pid-1 reaper reports the
 * command's exit code as soon as the command ends, other processes of the
 * sandbox or not; when it says the time limit ended the command,
 * *timed_out is set and the code is 124. */
int monitor_parent(pid_t child, bool *timed_out, int status_fd);

/* As pid 1 of a new pid namespace: forward signals to 'initial', report its
 * exit code on status_fd when it ends, reap every process until none is
 * left, and return that exit code. With a deadline (CLOCK_MONOTONIC ms, 0
 * for none), every process of the namespace gets SIGTERM then, and SIGKILL
 * 2 s later. */
int monitor_reaper(pid_t initial, int status_fd, uint64_t deadline_ms);
