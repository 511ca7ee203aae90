/* main.c - parse -> plan -> spawn -> monitor. bwrap's own process ends only
 * by returning its exit status from main(); errors come here as -errno.
 * The processes of the sandbox end with _exit() (child.c): a failed setup,
 * or the pid-1 reaper with the command's status. */
#include "cgroup.h"
#include "child.h"
#include "cleanup.h"
#include "caps.h"
#include "config.h"
#include "fdproto.h"
#include "json-writer.h"
#include "label.h"
#include "landlock.h"
#include "log.h"
#include "monitor.h"
#include "mount-plan.h"
#include "ns.h"
#include "options.h"
#include "profile.h"
#include "seccomp-set.h"
#include "userns.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Which namespaces to create: what was required, plus what was asked to be
 * tried and this kernel has. */
static unsigned wanted_namespaces(const Config *cfg)
{
	unsigned ns = options_effective_ns(cfg);
	ns |= ns_available(cfg->ns_try & ~ns);
	/* --userns: the given user namespace, never a new one */
	if (cfg->userns_fd >= 0)
		ns &= ~(unsigned)NS_USER;
	return ns;
}

/* Namespaces made by clone, and those the child makes after entering the
 * ones given with --userns / --pidns. */
static void split_namespaces(const Config *cfg, unsigned ns, int *clone_flags, int *unshare_flags)
{
	/* in a cgroup of its own, the sandbox makes its cgroup namespace once
	 * it is there, so that this cgroup is its root */
	const unsigned late = cgroup_wanted(cfg) ? (ns & NS_CGROUP) : 0;
	*clone_flags = ns_clone_flags(ns & ~late);
	*unshare_flags = late ? CLONE_NEWCGROUP : 0;
	if (cfg->userns_fd >= 0) {
		*clone_flags = 0;
		*unshare_flags = ns_clone_flags(ns & ~(unsigned)NS_USER);
	} else if (cfg->pidns_fd >= 0) {
		*clone_flags = ns_clone_flags(ns & ~(unsigned)NS_PID & ~late);
		*unshare_flags |= (ns & NS_PID) ? CLONE_NEWPID : 0;
	}
}

/* The channels between bwrap and the sandbox. */
typedef struct {
	int go[2]; /* bwrap -> sandbox: "go"; its closing means bwrap died */
	int sync[2]; /* sandbox -> bwrap: "set up", with fds to hold */
	int status[2]; /* pid 1 -> bwrap: the command's exit code */
} Channels;

/* What the sandbox's first process starts from. */
typedef struct {
	ChildArgs args;
	Channels *ch;
} SandboxStart;

static int sandbox_main(void *p)
{
	SandboxStart *start = p;
	close(start->ch->go[1]);
	close(start->ch->sync[0]);
	close(start->ch->status[0]);
	child_run(&start->args);
	_exit(1);
}

static pid_t spawn_once(int clone_flags, SandboxStart *start, bool shared)
{
	if (shared)
		return ns_spawn_vfork(clone_flags, sandbox_main, start);
	pid_t pid = ns_spawn(clone_flags);
	if (pid == 0)
		sandbox_main(start);
	return pid;
}

/* Clone the sandbox's first process (which never returns here). 'shared':
 * vfork-like, see ns_spawn_vfork. */
static pid_t spawn(const Config *cfg, unsigned *ns, SandboxStart *start, bool shared)
{
	ChildArgs *a = &start->args;
	int clone_flags;
	split_namespaces(cfg, *ns, &clone_flags, &a->unshare_flags);
	a->ns = *ns;
	a->late_ns = a->unshare_flags != 0 || cfg->pidns_fd >= 0 || (*ns & NS_TIME);
	pid_t pid = spawn_once(clone_flags, start, shared);
	if (pid < 0 && (cfg->ns_try & NS_USER) && !(options_effective_ns(cfg) & NS_USER) &&
	    (*ns & NS_USER)) {
		/* --unshare-user-try: go on without a user namespace */
		*ns &= ~(unsigned)NS_USER;
		split_namespaces(cfg, *ns, &clone_flags, &a->unshare_flags);
		a->ns = *ns;
		a->late_ns = a->unshare_flags != 0 || cfg->pidns_fd >= 0 || (*ns & NS_TIME);
		pid = spawn_once(clone_flags, start, shared);
	}
	return pid;
}

static int open_channels(Channels *ch)
{
	if (pipe2(ch->go, O_CLOEXEC) < 0 || pipe2(ch->status, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, ch->sync) < 0 ||
	    setsockopt(ch->sync[0], SOL_SOCKET, SO_PASSCRED, &(int){1}, sizeof(int)) < 0)
		return log_error_errno(-errno, "creating the setup channels");
	return 0;
}

static void kill_and_reap(pid_t pid)
{
	(void)kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* The object of --info-fd (multiline) and the first line of
 * --json-status-fd: the child pid and the ids of its new namespaces. */
static void json_child_info(JsonObject *j, pid_t pid, unsigned ns, bool multiline)
{
	json_begin(j, multiline);
	json_add_int(j, "child-pid", pid);
	ns_json_ids(j, pid, ns);
}

static int write_info(const Config *cfg, pid_t pid, unsigned ns)
{
	JsonObject j;
	int r;
	if (cfg->info_fd >= 0) {
		json_child_info(&j, pid, ns, true);
		if ((r = json_end_write(&j, cfg->info_fd)) < 0)
			return log_error_errno(r, "--info-fd %d: write", cfg->info_fd);
		close(cfg->info_fd);
	}
	if (cfg->json_status_fd >= 0) {
		json_child_info(&j, pid, ns, false);
		if ((r = json_end_write(&j, cfg->json_status_fd)) < 0)
			return log_error_errno(r, "--json-status-fd %d: write",
					       cfg->json_status_fd);
	}
	return 0;
}

static int release(Channels *ch)
{
	if (write_all(ch->go[1], "g", 1) < 0)
		return log_error_errno(-errno, "releasing the sandbox");
	return 0;
}

/* In the common case (no --userns, --pidns, --userns-block-fd, --info-fd,
 * --json-status-fd, cgroup or time namespace) the child maps its own ids
 * and bwrap has nothing to tell it or the launcher before the setup: its go
 * is written before the clone, so that the child never waits for bwrap to
 * be scheduled. */
static bool child_writes_maps(const Config *cfg, unsigned ns)
{
	return cfg->userns_fd < 0 && cfg->pidns_fd < 0 && cfg->userns_block_fd < 0 &&
	       cfg->info_fd < 0 && cfg->json_status_fd < 0 && !cgroup_wanted(cfg) &&
	       !(ns & NS_TIME);
}

/* May the sandbox's first process share our memory until it execs the
 * command (ns_spawn_vfork)? When we have nothing to do before its exec (it
 * is released before the clone) and it execs the command itself: with a
 * pid namespace it stays as pid 1, the reaper, and never execs. */
static bool may_share_memory(const Config *cfg, unsigned ns)
{
	return child_writes_maps(cfg, ns) && !(ns & NS_PID) && cfg->time_limit_ms == 0 &&
	       cfg->block_fd < 0;
}

/* Between clone and release: ids, the info for the launcher, and its go.
 * With --userns/--pidns the child makes its namespaces itself and tells us
 * which process runs the sandbox; *info_pid is that one. */
static int prepare_child(const Config *cfg, pid_t pid, unsigned ns, bool late_ns, Channels *ch,
			 Cgroup *cg, pid_t *info_pid, int *sfd)
{
	int r;
	*info_pid = pid;
	if (child_writes_maps(cfg, ns))
		return 0; /* the child is released already, the signals held */
	const IdMap ids = {.inside_uid = cfg->sandbox_uid,
			   .outside_uid = cfg->caller_uid,
			   .inside_gid = cfg->sandbox_gid,
			   .outside_gid = cfg->caller_gid};
	if ((ns & NS_USER) && cfg->userns_block_fd < 0 && (r = userns_write_maps(pid, &ids)) < 0)
		return r;
	/* before it runs a step: all it forks, bwrap's helpers too, is there */
	if (cgroup_wanted(cfg) && (r = cgroup_attach(cfg, cg, pid)) < 0)
		return r;
	if (late_ns) {
		char tag = 0;
		int value = 0;
		size_t n = 0;
		if ((r = release(ch)) < 0)
			return r;
		if (fdproto_recv(ch->sync[0], &tag, &value, NULL, 0, &n) != 1 ||
		    tag != FDPROTO_NS_READY)
			return -ECHILD; /* the child said why */
		*info_pid = value;
	}
	if ((r = write_info(cfg, *info_pid, ns)) < 0)
		return r;
	if (cfg->userns_block_fd >= 0 && (r = wait_fd_byte(cfg->userns_block_fd)) < 0)
		return log_error_errno(r, "--userns-block-fd %d: read", cfg->userns_block_fd);
	/* the command may start from the release on: a signal to bwrap is then
	 * held and forwarded to it */
	if ((*sfd = monitor_hold_signals()) < 0)
		return *sfd;
	return release(ch);
}

/* Wait until sock has a message (or its end), forwarding the signals bwrap
 * gets meanwhile to the sandbox. */
static void wait_readable(int sock, int sfd, pid_t pid)
{
	for (;;) {
		struct pollfd p[2] = {{.fd = sock, .events = POLLIN},
				      {.fd = sfd, .events = POLLIN}};
		if (poll(p, 2, -1) < 0 && errno != EINTR)
			return;
		monitor_forward_signals(sfd, pid);
		if (p[0].revents)
			return;
	}
}

/* Did the setup succeed and the command start? The sandbox reports the end
 * of its setup (with the fds we must hold), then that it execs the command,
 * unless a later step failed first. */
static bool wait_for_exec(Channels *ch, int *held, size_t *n_held, int sfd, pid_t pid)
{
	char tag = 0;
	int value;
	*n_held = 0;
	wait_readable(ch->sync[0], sfd, pid);
	if (fdproto_recv(ch->sync[0], &tag, &value, held, FDPROTO_MAX_FDS, n_held) != 1 ||
	    tag != FDPROTO_SET_UP)
		return false;
	wait_readable(ch->sync[0], sfd, pid);
	int r = fdproto_recv(ch->sync[0], &tag, &value, NULL, 0, &(size_t){0});
	return r == 1 && tag == FDPROTO_EXEC;
}

/* Once the sandbox has ended: did the execve of the command fail? Then the
 * sandbox said so before it exited (the socket does not block: whatever
 * might still hold it, a message is there or none will come). */
static bool exec_failed(Channels *ch)
{
	char tag = 0;
	int value;
	if (fcntl(ch->sync[0], F_SETFL, O_NONBLOCK) < 0)
		return false;
	return fdproto_recv(ch->sync[0], &tag, &value, NULL, 0, &(size_t){0}) == 1 &&
	       tag == FDPROTO_FAILED;
}

static int run_parent(const Config *cfg, pid_t pid, unsigned ns, bool late_ns, Channels *ch,
		      Cgroup *cg, int held_sfd)
{
	close(ch->go[0]);
	close(ch->sync[1]);
	close(ch->status[1]);
	pid_t info_pid;
	cleanup_fd int sfd = held_sfd;
	if (prepare_child(cfg, pid, ns, late_ns, ch, cg, &info_pid, &sfd) < 0) {
		kill_and_reap(pid);
		cgroup_finish(cg, -1, NULL);
		return 1;
	}
	/* go[1] stays open while we live: the child watches it (die-with-parent) */
	int held[FDPROTO_MAX_FDS];
	size_t n_held = 0;
	bool started = wait_for_exec(ch, held, &n_held, sfd, pid);
	bool timed_out = false;
	int code = monitor_parent(pid, &timed_out, ch->status[0]);
	close(ch->status[0]);
	if (started && exec_failed(ch))
		started = false;
	close(ch->sync[0]);
	for (size_t i = 0; i < n_held; i++)
		close(held[i]);
	JsonObject j;
	json_begin(&j, false);
	json_add_int(&j, "exit-code", code);
	if (timed_out)
		json_add_bool(&j, "time-limit-exceeded", true);
	/* what is left in the sandbox's cgroup ends with the command */
	cgroup_finish(cg, pid, started ? &j : NULL);
	if (cfg->json_status_fd >= 0 && started)
		(void)json_end_write(&j, cfg->json_status_fd);
	return code;
}

/* Limits are never raised above the caller's hard limit behind its back:
 * asking for that is an error (only a privileged caller may raise them). */
static int check_rlimits(const Config *cfg)
{
	for (size_t i = 0; i < cfg->n_rlimits; i++) {
		const RlimitOp *l = &cfg->rlimits[i];
		struct rlimit cur;
		if (getrlimit(l->resource, &cur) < 0)
			return log_error_errno(-errno, "--rlimit %s", log_quote(0, l->name));
		if (cfg->caller_uid != 0 && l->hard > cur.rlim_max) {
			log_error("--rlimit %s: above the caller's hard limit of %llu",
				  log_quote(0, l->name), (unsigned long long)cur.rlim_max);
			return -EPERM;
		}
	}
	return 0;
}

/* From here on the request is read only: through a const pointer. */
static int run(const Config *cfg)
{
	if (check_rlimits(cfg) < 0 || landlock_check(cfg) < 0 ||
	    label_prepare(cfg->exec_label, cfg->file_label) < 0)
		return 1;
	/* freed on every return (the child leaves with _exit or exec) */
	__attribute__((cleanup(mount_plan_free))) MountPlan plan = {0};
	if (mount_plan_build(cfg, &plan) < 0)
		return 1;
	__attribute__((cleanup(seccomp_free))) SeccompSet seccomp = {0};
	if (seccomp_read_all(cfg, &seccomp) < 0)
		return 1;
	if (cfg->die_with_parent && monitor_die_with_parent(getppid(), -1) < 0)
		return 1;

	/* --netns: joined here, before a new user namespace (which would not
	 * own it) exists; with --userns, the sandbox joins it inside that one */
	if (cfg->netns_fd >= 0 && cfg->userns_fd < 0 && setns(cfg->netns_fd, CLONE_NEWNET) < 0) {
		log_error_errno(-errno, "--netns %d: setns", cfg->netns_fd);
		return 1;
	}
	Channels ch;
	if (open_channels(&ch) < 0)
		return 1;
	unsigned ns = wanted_namespaces(cfg);
	Cgroup cg = CGROUP_INIT;
	if (cgroup_wanted(cfg) && cgroup_prepare(cfg, &cg) < 0)
		return 1;
	/* released before the clone, the command may start at once: the
	 * signals to forward are held from here (the child unblocks them) */
	sigset_t caller_mask;
	(void)sigprocmask(SIG_BLOCK, NULL, &caller_mask);
	cleanup_fd int held_sfd = -1;
	if (child_writes_maps(cfg, ns) &&
	    ((held_sfd = monitor_hold_signals()) < 0 || release(&ch) < 0))
		return 1;
	SandboxStart start = {
		.args = {.status_fd = ch.status[1],
			 .cfg = cfg,
			 .plan = &plan,
			 .own_maps = child_writes_maps(cfg, ns),
			 .go_fd = ch.go[0],
			 .sync_sock = ch.sync[1],
			 .host_cwd = cfg->caller_cwd,
			 .seccomp = &seccomp,
			 /* the limit counts from here, before any of the setup */
			 .deadline_ms =
				 cfg->time_limit_ms ? monitor_now_ms() + cfg->time_limit_ms : 0,
			 .caller_mask = caller_mask},
		.ch = &ch};
	pid_t pid = spawn(cfg, &ns, &start, may_share_memory(cfg, ns));
	if (pid < 0) {
		log_error_errno(pid, "creating the sandbox namespaces");
		cgroup_finish(&cg, -1, NULL);
		return 1;
	}
	return run_parent(cfg, pid, ns, start.args.late_ns, &ch, &cg, steal_fd(&held_sfd));
}

/* --help, --version, --print-seccomp-profile: print, then exit. */
static int print_and_exit(const Config *cfg)
{
	Profile p;
	switch (cfg->action) {
	case ACTION_HELP:
		options_print_help(stdout);
		break;
	case ACTION_VERSION:
		options_print_version(stdout);
		break;
	case ACTION_PRINT_PROFILE:
		if (profile_libs_load("--print-seccomp-profile", true) < 0)
			return 1;
		if (profile_named(cfg->print_profile, "--print-seccomp-profile", &p) < 0)
			return 1;
		profile_print_json(&p, stdout);
		profile_free(&p);
		break;
	case ACTION_RUN:
		break;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}

/* This tool is setuid-free by design: running with more privilege than the
 * caller (setuid, setgid or file capabilities) is refused. */
static int refuse_elevated(void)
{
	if (getauxval(AT_SECURE) != 0 || geteuid() != getuid() || getegid() != getgid()) {
		log_error("refusing to run setuid, setgid or with file capabilities: "
			  "bwrap needs no privileges");
		return -EPERM;
	}
	return 0;
}

int main(int argc, char **argv)
{
	/* at once: no exit handlers run with privileges we did not ask for */
	if (refuse_elevated() < 0)
		_exit(1);
	Config cfg;
	config_init(&cfg);
	cfg.caller_uid = getuid();
	cfg.caller_gid = getgid();
	cfg.caller_caps = cfg.caller_uid == 0 ? caps_effective() : 0;
	cfg.caller_cwd = getcwd(NULL, 0);
	cfg.caller_cwd_errno = cfg.caller_cwd ? 0 : errno;
	bool exit_now = false;
	int code;
	if (options_parse(argc - 1, argv + 1, &cfg, &exit_now) < 0 ||
	    (!exit_now && options_validate(&cfg) < 0))
		code = 1;
	else
		code = exit_now ? print_and_exit(&cfg) : run(&cfg);
	config_free(&cfg);
	return code;
}
