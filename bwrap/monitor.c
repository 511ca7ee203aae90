/* monitor.c - the parent monitor and the pid-1 reaper, as event loops over
 * a signalfd, a timerfd and a pidfd: no work in signal handlers, and no
 * signal sent to a pid that may have been reused. */
#include "monitor.h"

#include "cleanup.h"
#include "log.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/signalfd.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define GRACE_MS 2000

static const int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2};

int monitor_exit_code(int status)
{
	if (WIFEXITED(status))
		return WEXITSTATUS(status);
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return 1;
}

uint64_t monitor_now_ms(void)
{
	struct timespec ts;
	(void)clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

int monitor_die_with_parent(pid_t parent_pid, int parent_fd)
{
	if (prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0) < 0)
		return log_error_errno(-errno, "--die-with-parent: prctl");
	if (parent_pid > 0 && getppid() != parent_pid)
		return -ESRCH;
	struct pollfd p = {.fd = parent_fd, .events = POLLIN};
	if (parent_fd >= 0 && poll(&p, 1, 0) == 1 && (p.revents & (POLLHUP | POLLERR)))
		return -ESRCH;
	return 0;
}

/* Block the forwarded signals (and SIGCHLD if asked) and read them from a
 * signalfd instead. */
static int signals_fd(bool with_chld)
{
	sigset_t set;
	sigemptyset(&set);
	for (size_t i = 0; i < sizeof forwarded / sizeof forwarded[0]; i++)
		sigaddset(&set, forwarded[i]);
	if (with_chld)
		sigaddset(&set, SIGCHLD);
	if (sigprocmask(SIG_BLOCK, &set, NULL) < 0)
		return log_error_errno(-errno, "sigprocmask");
	int fd = signalfd(-1, &set, SFD_CLOEXEC | SFD_NONBLOCK);
	return fd < 0 ? log_error_errno(-errno, "signalfd") : fd;
}

/* The next signal from fd, or 0 when there is none. */
static int next_signal(int fd)
{
	struct signalfd_siginfo si;
	ssize_t n = read(fd, &si, sizeof si);
	return n == (ssize_t)sizeof si ? (int)si.ssi_signo : 0;
}

int monitor_hold_signals(void)
{
	return signals_fd(false);
}

void monitor_forward_signals(int sfd, pid_t child)
{
	for (int sig; (sig = next_signal(sfd)) != 0;)
		(void)kill(child, sig);
}

static int pidfd_of(pid_t pid)
{
	int fd = (int)syscall(SYS_pidfd_open, pid, 0);
	return fd < 0 ? -errno : fd;
}

/* Through the pidfd when the kernel has them: the pid cannot be reused
 * before we reap it, but this says so whatever the kernel. */
static void send_to(pid_t pid, int pidfd, int sig)
{
	if (pidfd < 0 || syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0) < 0)
		(void)kill(pid, sig);
}

/* The code the reaper reports (MONITOR_TIMED_OUT may be or'ed in), or -1
 * when it ended without a report. */
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

int monitor_parent(pid_t child, bool *timed_out, int status_fd)
{
	cleanup_fd int pidfd = pidfd_of(child);
	/* without pidfds (before Linux 5.3) SIGCHLD says when to look; one
	 * signalfd for both, so that no forwarded signal is read and lost */
	cleanup_fd int sfd = signals_fd(pidfd < 0);
	int status = 0, reported = -1;
	for (;;) {
		struct pollfd p[3] = {{.fd = sfd, .events = POLLIN},
				      {.fd = pidfd, .events = POLLIN},
				      {.fd = status_fd, .events = POLLIN}};
		if (poll(p, 3, -1) < 0 && errno != EINTR) {
			log_error_errno(-errno, "waiting for the sandbox");
			return 1;
		}
		for (int sig; (sig = next_signal(sfd)) != 0;)
			if (sig != SIGCHLD)
				send_to(child, pidfd, sig);
		if (p[2].revents) {
			/* pid 1 reports as soon as the command ends: return then,
			 * as bubblewrap does, whatever else still runs in there */
			reported = read_reported(status_fd);
			status_fd = -1;
			if (reported >= 0)
				break;
		}
		pid_t r = waitpid(child, &status, WNOHANG);
		if (r == child)
			break;
		if (r < 0 && errno != EINTR) {
			log_error_errno(-errno, "waiting for the sandbox");
			return 1;
		}
	}
	if (reported >= 0 && (reported & MONITOR_TIMED_OUT)) {
		if (timed_out)
			*timed_out = true;
		return 124;
	}
	return reported >= 0 ? reported : monitor_exit_code(status);
}

static int arm(int tfd, uint64_t at_ms)
{
	struct itimerspec t = {.it_value = {.tv_sec = (time_t)(at_ms / 1000),
					    .tv_nsec = (long)(at_ms % 1000) * 1000000}};
	return timerfd_settime(tfd, TFD_TIMER_ABSTIME, &t, NULL);
}

typedef struct {
	pid_t initial;
	int status_fd;
	int code;
	int phase; /* the time limit: 0 running, 1 SIGTERM sent, 2 SIGKILL sent */
} Reaper;

/* Reap whatever has ended; report the command's status to bwrap at once.
 * Returns false when no process is left. */
static bool reap(Reaper *rp)
{
	for (;;) {
		int status;
		pid_t r = waitpid(-1, &status, WNOHANG);
		if (r == 0)
			return true;
		if (r < 0)
			return errno == EINTR;
		if (r != rp->initial)
			continue;
		rp->code = monitor_exit_code(status);
		rp->initial = -1;
		if (rp->status_fd >= 0) {
			int report = rp->code | (rp->phase ? MONITOR_TIMED_OUT : 0);
			(void)!write(rp->status_fd, &report, sizeof report);
			close(rp->status_fd);
			rp->status_fd = -1;
		}
	}
}

/* The time limit, from pid 1: SIGTERM to every process of the namespace,
 * SIGKILL to those left after the grace. No process in the namespace can
 * signal pid 1 (it has no handler), nor see bwrap. */
static void time_up(Reaper *rp, int tfd)
{
	if (rp->phase == 0) {
		rp->phase = 1;
		(void)kill(-1, SIGTERM);
		(void)arm(tfd, monitor_now_ms() + GRACE_MS);
	} else {
		rp->phase = 2;
		(void)kill(-1, SIGKILL);
	}
}

int monitor_reaper(pid_t initial, int status_fd, uint64_t deadline_ms)
{
	Reaper rp = {.initial = initial, .status_fd = status_fd, .code = 1};
	cleanup_fd int sfd = signals_fd(true);
	cleanup_fd int tfd = -1;
	if (deadline_ms) {
		tfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
		if (tfd < 0 || arm(tfd, deadline_ms) < 0) {
			/* the limit cannot be kept: end the sandbox now */
			(void)kill(-1, SIGKILL);
			return 1;
		}
	}
	while (reap(&rp)) {
		struct pollfd p[2] = {{.fd = sfd, .events = POLLIN}, {.fd = tfd, .events = POLLIN}};
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			break;
		for (int sig; (sig = next_signal(sfd)) != 0;)
			if (sig != SIGCHLD && rp.initial > 0)
				(void)kill(rp.initial, sig);
		uint64_t ticks;
		if (tfd >= 0 && read(tfd, &ticks, sizeof ticks) == (ssize_t)sizeof ticks)
			time_up(&rp, tfd);
	}
	return rp.phase ? 124 : rp.code;
}
