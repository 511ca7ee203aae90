/* monitor.c - the parent monitor and the pid-1 reaper. */
#include "monitor.h"

#include "log.h"

#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <unistd.h>
#include <sys/wait.h>

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};
static volatile sig_atomic_t forward_to = -1;

static void forward_signal(int sig)
{
	int saved = errno;
	if (forward_to > 0)
		kill((pid_t)forward_to, sig);
	errno = saved;
}

static void install_forwarding(pid_t target)
{
	forward_to = target;
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = forward_signal;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaction(forwarded[i], &sa, NULL);
}

int monitor_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

static volatile sig_atomic_t time_phase; /* 0 running, 1 SIGTERM sent, 2 SIGKILL sent */

static void kill_sandbox(pid_t pid, int sig)
{
	kill(pid, sig);
	/* without a pid namespace, the command's own process group too */
	if (getpgid(pid) == pid)
		kill(-pid, sig);
}

static void time_expired(int sig)
{
	(void)sig;
	int saved = errno;
	if (forward_to > 0) {
		if (time_phase == 0) {
			time_phase = 1;
			kill_sandbox((pid_t)forward_to, SIGTERM);
			struct itimerval grace = {.it_value = {.tv_sec = 2}};
			setitimer(ITIMER_REAL, &grace, NULL);
		} else {
			time_phase = 2;
			kill_sandbox((pid_t)forward_to, SIGKILL);
		}
	}
	errno = saved;
}

static void arm_time_limit(uint64_t ms)
{
	struct sigaction sa;
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = time_expired;
	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval t = {.it_value = {.tv_sec = (time_t)(ms / 1000),
					   .tv_usec = (suseconds_t)(ms % 1000) * 1000}};
	setitimer(ITIMER_REAL, &t, NULL);
}

/* The code the reaper reports, or -1 when it ended without a report. */
static int read_reported(int fd)
{
	int code;
	size_t got = 0;
	while (got < sizeof code) {
		ssize_t n = read(fd, (char *)&code + got, sizeof code - got);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		got += (size_t)n;
	}
	return code;
}

int monitor_parent(pid_t child, uint64_t time_limit_ms, bool *timed_out, int status_fd)
{
	int status = 0;
	install_forwarding(child);
	if (time_limit_ms)
		arm_time_limit(time_limit_ms);
	int reported = status_fd >= 0 ? read_reported(status_fd) : -1;
	/* when the time limit fired, the rest of the sandbox gets its grace, then
	 * SIGKILL: wait for pid 1 even though the command has ended */
	for (; reported < 0 || time_phase != 0;) {
		pid_t r = waitpid(child, &status, 0);
		if (r == child)
			break;
		if (r < 0 && errno != EINTR) {
			log_error_errno(-errno, "waiting for the sandbox");
			return 1;
		}
	}
	forward_to = -1;
	if (time_limit_ms) {
		struct itimerval off = {0};
		setitimer(ITIMER_REAL, &off, NULL);
	}
	if (time_phase != 0) {
		if (timed_out)
			*timed_out = true;
		return 124;
	}
	return reported >= 0 ? reported : monitor_exit_code(status);
}

int monitor_reaper(pid_t initial, int status_fd)
{
	int code = 1;
	install_forwarding(initial);
	for (;;) {
		int status;
		pid_t r = waitpid(-1, &status, 0);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			break; /* ECHILD: nobody is left */
		}
		if (r == initial) {
			code = monitor_exit_code(status);
			forward_to = -1;
			/* bwrap returns now, as bubblewrap does; we go on reaping */
			if (status_fd >= 0) {
				ssize_t w = write(status_fd, &code, sizeof code);
				(void)w;
				close(status_fd);
				status_fd = -1;
			}
		}
	}
	return code;
}
