/* child.c - the sandbox side, as a checklist: wait for the parent, set up
 * the namespaces and the new root, switch to the final environment, drop
 * privileges, and exec. */
#include "child.h"

#include "caps.h"
#include "cgroup.h"
#include "cleanup.h"
#include "fdproto.h"
#include "label.h"
#include "landlock.h"
#include "log.h"
#include "monitor.h"
#include "mount.h"
#include "net.h"
#include "ns.h"
#include "timens.h"
#include "userns.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/resource.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <unistd.h>

/* bwrap holds the write end of go_fd as long as it lives: if it is
 * already gone, there is nobody to report to, and the setup ends here. */
static int die_with_parent(int go_fd)
{
	return monitor_die_with_parent(0, go_fd);
}

static int wait_for_parent(int go_fd)
{
	char c;
	for (;;) {
		ssize_t n = read(go_fd, &c, 1);
		if (n == 1)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		/* the parent died or failed before releasing us: nothing to say */
		_exit(1);
	}
}

static int apply_env(const Config *cfg)
{
	for (size_t i = 0; i < cfg->n_env; i++) {
		const EnvOp *e = &cfg->env[i];
		int r = 0;
		switch (e->kind) {
		case ENV_SET:
			r = setenv(e->name, e->value, 1);
			break;
		case ENV_UNSET:
			r = unsetenv(e->name);
			break;
		case ENV_CLEAR:
			/* PWD comes back in enter_cwd(), last, as with bubblewrap */
			r = clearenv();
			break;
		}
		if (r != 0)
			return log_error_errno(-errno, "setting up the environment (%s)",
					       e->name ? log_quote(0, e->name) : "--clearenv");
	}
	return 0;
}

static int enter_cwd(const Config *cfg, const char *host_cwd)
{
	const char *dir = NULL;
	if (cfg->chdir_path) {
		if (chdir(cfg->chdir_path) < 0)
			return log_error_errno(-errno, "--chdir %s", log_quote(0, cfg->chdir_path));
		dir = cfg->chdir_path;
	} else if (host_cwd && chdir(host_cwd) == 0) {
		dir = host_cwd;
	} else {
		const char *home = getenv("HOME");
		if (home && chdir(home) == 0) {
			dir = home;
		} else {
			if (chdir("/") < 0)
				return log_error_errno(-errno, "chdir /");
			dir = "/";
		}
	}
	cleanup_free char *real = getcwd(NULL, 0);
	if (setenv("PWD", real ? real : dir, 1) < 0)
		return log_error_errno(-errno, "setting PWD");
	return 0;
}

/* The command's argv, with --argv0. */
static char **command_argv(const Config *cfg)
{
	char **argv = xcalloc((size_t)cfg->argc + 1, sizeof(char *));
	memcpy(argv, cfg->argv, (size_t)cfg->argc * sizeof(char *));
	if (cfg->argv0)
		argv[0] = (char *)cfg->argv0;
	return argv;
}

/* A new pid namespace applies to children only: fork, and let this process
 * relay the exit status. The child goes on with the setup. */
static int fork_into_pidns(const ChildArgs *a)
{
	pid_t pid = fork();
	if (pid < 0)
		return log_error_errno(-errno, "fork into the pid namespace");
	if (pid == 0)
		return a->cfg->die_with_parent ? die_with_parent(a->go_fd) : 0;
	close(a->sync_sock);
	close(a->status_fd);
	_exit(monitor_parent(pid, NULL, -1));
}

/* --userns / --pidns: enter the given namespaces and create the others in
 * them; the cgroup namespace once bwrap has put us in the sandbox's cgroup
 * (it is its root); the time namespace. Then tell bwrap which process runs
 * the sandbox (it reports that pid and its namespaces) and wait for its go. */
static int enter_namespaces(const ChildArgs *a)
{
	const Config *cfg = a->cfg;
	int r;
	if (!a->late_ns)
		return 0;
	if (cfg->userns_fd >= 0 && setns(cfg->userns_fd, CLONE_NEWUSER) < 0)
		return log_error_errno(-errno, "--userns %d: setns", cfg->userns_fd);
	if (cfg->pidns_fd >= 0) {
		if (setns(cfg->pidns_fd, CLONE_NEWPID) < 0)
			return log_error_errno(-errno, "--pidns %d: setns", cfg->pidns_fd);
		/* unshare(CLONE_NEWPID) needs to be in the namespace, not above it */
		if ((r = fork_into_pidns(a)) < 0)
			return r;
	}
	if (a->unshare_flags) {
		if (unshare(a->unshare_flags) < 0) {
			if (errno == EINVAL && cfg->pidns_fd >= 0 &&
			    (a->unshare_flags & CLONE_NEWPID))
				return log_error_errno(
					-errno,
					"--pidns %d: a pid namespace in it (--unshare-pid, "
					"--time-limit) needs its user namespace (--userns)",
					cfg->pidns_fd);
			return log_error_errno(-errno, "creating the namespaces");
		}
		if ((a->unshare_flags & CLONE_NEWPID) && (r = fork_into_pidns(a)) < 0)
			return r;
	}
	/* last: in the final user namespace, and by the process that goes on */
	if ((a->ns & NS_TIME) && (r = timens_enter(cfg)) < 0)
		return r;
	if ((r = fdproto_send(a->sync_sock, FDPROTO_NS_READY, 0, NULL, 0)) < 0)
		return log_error_errno(r, "telling bwrap the namespaces are ready");
	wait_for_parent(a->go_fd);
	return 0;
}

static int setup_namespaces(const ChildArgs *a)
{
	const Config *cfg = a->cfg;
	if ((a->ns & NS_NET)) {
		int r = net_loopback_up();
		if (r < 0)
			return r;
	}
	if (cfg->hostname && sethostname(cfg->hostname, strlen(cfg->hostname)) < 0)
		return log_error_errno(-errno, "--hostname %s", log_quote(0, cfg->hostname));
	return 0;
}

static int setup_root(const ChildArgs *a)
{
	MountCtx ctx = MOUNT_CTX_INIT;
	ctx.own_pidns = (a->ns & NS_PID) || a->cfg->pidns_fd >= 0;
	ctx.host_proc_kept = a->cfg->disable_userns; /* userns_enter_nested */
	/* the modes of what the setup creates are the ones asked for, whatever
	 * the caller's umask; the command gets the caller's umask back */
	const mode_t caller_umask = umask(0);
	int r = a->cfg->file_label ? label_set_file_create(a->cfg->file_label) : 0;
	if (r == 0)
		r = mount_prepare(&ctx, a->plan);
	if (r == 0)
		r = mount_execute(&ctx, a->plan);
	if (r == 0)
		r = mount_enter_root(&ctx);
	/* bwrap holds the --lock-file locks (open file description locks) for
	 * as long as the sandbox runs */
	if (r == 0 &&
	    (r = fdproto_send(a->sync_sock, FDPROTO_SET_UP, 0, ctx.lock_fds, ctx.n_locks)) < 0)
		log_error_errno(r, "--lock-file: handing the locks to bwrap");
	mount_ctx_close(&ctx);
	if (r == 0 && a->cfg->file_label)
		r = label_set_file_create(NULL);
	umask(caller_umask);
	return r;
}

/* The launcher's protocol fds are bwrap's business, not the command's. */
static void close_protocol_fds(const Config *cfg)
{
	for (size_t i = 0; i < cfg->n_protocol_fds; i++)
		if (cfg->protocol_fds[i] > 2)
			close(cfg->protocol_fds[i]);
}

/* After the setup, in the sandbox's first process: the final environment,
 * and the privileges both the command and a pid-1 reaper start from. */
static int child_prepare_exec(const ChildArgs *a, uint64_t keep_and_guard)
{
	const Config *cfg = a->cfg;
	int r;
	if ((r = apply_env(cfg)) < 0)
		return r;
	if ((r = enter_cwd(cfg, a->host_cwd)) < 0)
		return r;
	/* capabilities asked for with --cap-add/--cap-drop are ambient, so that
	 * they survive execve under any uid; root's default ones are not, so
	 * that, as with bubblewrap, only a command run as uid 0 gets them */
	if ((r = caps_drop_all_but(keep_and_guard, cfg->n_caps > 0)) < 0)
		return r;
	if ((r = caps_set_no_new_privs()) < 0)
		return r;
	/* The setup's privileges are gone: dumpable again, so that the owner
	 * can open the /proc/PID/ns files of the sandbox's first process, the
	 * pid-1 reaper included (flatpak enter and sub-sandboxes join through
	 * them); the reaper's guard (caps.h) keeps the command away from it */
	if (prctl(PR_SET_DUMPABLE, 1, 0, 0, 0) < 0)
		return log_error_errno(-errno, "prctl(PR_SET_DUMPABLE)");
	if (cfg->assert_userns_disabled && (r = userns_check_disabled()) < 0)
		return r;
	if (cfg->block_fd >= 0 && (r = wait_fd_byte(cfg->block_fd)) < 0)
		return log_error_errno(r, "--block-fd %d: read", cfg->block_fd);
	close(a->go_fd);
	close_protocol_fds(cfg);
	/* before the reaper's fork, as bubblewrap does: pid 1 leads the new
	 * session, the command is in it */
	if (cfg->new_session && setsid() < 0)
		return log_error_errno(-errno, "--new-session: setsid");
	return 0;
}

/* The command's own process: its privileges, limits and confinement, then
 * the execve. A failure before execve is a failed setup, which bwrap
 * reports as such; the sync socket closes on execve, which tells bwrap the
 * command runs. A failed execve is reported too: the command never ran,
 * so, as with bubblewrap, there is no exit-code for it (bwrap still exits
 * with 1). Returns only on failure. */
static int command_exec(const ChildArgs *a, bool under_reaper, bool drop_guard)
{
	const Config *cfg = a->cfg;
	int r = 0;
	/* the reaper, our parent, outlives us */
	if (under_reaper && cfg->die_with_parent)
		r = monitor_die_with_parent(0, -1);
	/* as with bubblewrap, pid 1 holds --sync-fd, the command only when it
	 * is pid 1 itself */
	if (!cfg->as_pid_1 && cfg->sync_fd > 2)
		close(cfg->sync_fd);
	if (r == 0 && drop_guard)
		r = caps_drop_all_but(caps_keep_mask(cfg), cfg->n_caps > 0);
	/* the command's limits, not the setup's nor the reaper's */
	for (size_t i = 0; r == 0 && i < cfg->n_rlimits; i++) {
		const RlimitOp *l = &cfg->rlimits[i];
		struct rlimit rl = {.rlim_cur = l->soft, .rlim_max = l->hard};
		if (setrlimit(l->resource, &rl) < 0)
			r = log_error_errno(-errno, "--rlimit %s", log_quote(0, l->name));
	}
	if (r == 0)
		r = label_set_exec(cfg->exec_label);
	if (r == 0)
		r = landlock_apply(cfg);
	if (r < 0) {
		(void)fdproto_send(a->sync_sock, FDPROTO_FAILED, 0, NULL, 0);
		return r;
	}
	/* not the reaper's: it closes its copy. Said before the filters are
	 * installed, which may deny sendmsg */
	(void)fdproto_send(a->sync_sock, FDPROTO_EXEC, 0, NULL, 0);
	cleanup_free char **argv = command_argv(cfg);
	/* The filters may deny anything bwrap itself would still need: they
	 * come last, and only the execve follows them (the argv is made
	 * before). What is said after a failure here is best effort. */
	r = seccomp_apply(a->seccomp);
	if (r == 0) {
		execvp(cfg->argv[0], argv);
		r = log_error_errno(-errno, "execvp %s", log_quote(0, cfg->argv[0]));
	}
	(void)fdproto_send(a->sync_sock, FDPROTO_FAILED, 0, NULL, 0);
	return r;
}

typedef struct {
	const ChildArgs *a;
	bool drop_guard;
} CommandStart;

/* The command's process under a reaper: it shares the reaper's memory
 * until its execve (ns_spawn_vfork), so it never returns. */
static int command_main(void *p)
{
	const CommandStart *c = p;
	command_exec(c->a, true, c->drop_guard);
	_exit(1);
}

/* With a pid namespace of its own, the command runs under a reaper: this
 * process starts the command's, becomes pid 1 and exits with the command's
 * status. Unless a time limit runs, the command's process shares our
 * memory, and we wait, until it has exec'd (or failed): no page table is
 * copied, no page copied on write. Only then does pid 1 drop to its guard
 * (caps.h): until then it holds the command's capabilities and the guard,
 * so the command can reach it no more than after. */
static int run_reaper(const ChildArgs *a, uint64_t guard)
{
	CommandStart start = {.a = a, .drop_guard = guard != 0};
	/* with --time-limit, a plain fork: the limit holds from here, even
	 * while the command's execve blocks (on a hung file system, say) */
	pid_t pid = a->deadline_ms ? ns_spawn(0) : ns_spawn_vfork(0, command_main, &start);
	if (pid == 0)
		command_main(&start);
	if (pid < 0) {
		(void)fdproto_send(a->sync_sock, FDPROTO_FAILED, 0, NULL, 0);
		return log_error_errno(pid, "fork of the command");
	}
	close(a->sync_sock);
	/* the command's drop, in our memory when it shared it, told caps.c
	 * that only its caps were left in the bounding set: ours are those and
	 * the guard, which we keep, so what is dropped here is all that must go */
	if (caps_hold_only(guard) < 0)
		_exit(1);
	_exit(monitor_reaper(pid, a->status_fd, a->deadline_ms));
}

/* After the setup: the final environment, privileges dropped, and the
 * command (under a reaper with a pid namespace of its own). */
static int child_finish(const ChildArgs *a)
{
	const Config *cfg = a->cfg;
	const bool reaper = (a->ns & NS_PID) && !cfg->as_pid_1;
	const uint64_t keep = caps_keep_mask(cfg);
	const uint64_t guard = reaper ? caps_reaper_guard(keep) : 0;
	int r = child_prepare_exec(a, keep | guard);
	if (r < 0) {
		(void)fdproto_send(a->sync_sock, FDPROTO_FAILED, 0, NULL, 0);
		return r;
	}
	if (reaper)
		return run_reaper(a, guard);
	return command_exec(a, false, false);
}

int child_run(const ChildArgs *a)
{
	const Config *cfg = a->cfg;
	int r;
	/* the signals bwrap holds to forward them are ours to receive */
	(void)sigprocmask(SIG_SETMASK, &a->caller_mask, NULL);
	/* the launcher reads these to their end: we must not hold them open */
	int early[] = {cfg->info_fd, cfg->json_status_fd, cfg->userns_block_fd};
	for (size_t i = 0; i < sizeof early / sizeof early[0]; i++)
		if (early[i] > 2)
			close(early[i]);
	if (cfg->die_with_parent && (r = die_with_parent(a->go_fd)) < 0)
		return r;
	wait_for_parent(a->go_fd);
	if ((r = enter_namespaces(a)) < 0)
		return r;
	/* in our new user namespace, with all its capabilities and the caller's
	 * ids outside, a one-id map of our own is ours to write (as unshare -r
	 * does); the parent then has nothing to do before our go */
	const IdMap ids = {.inside_uid = cfg->sandbox_uid,
			   .outside_uid = cfg->caller_uid,
			   .inside_gid = cfg->sandbox_gid,
			   .outside_gid = cfg->caller_gid};
	if (a->own_maps && (a->ns & NS_USER) && (r = userns_write_maps(0, &ids)) < 0)
		return r;
	/* Not dumpable (no ptrace, no core, /proc files owned by root) while we
	 * hold privileges in the namespaces; dumpable again once they are
	 * dropped. Only now: our id maps had to be written (by us or by bwrap)
	 * and bwrap had to read our namespace ids first. */
	if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
		return log_error_errno(-errno, "prctl(PR_SET_DUMPABLE)");
	if (cfg->netns_fd >= 0 && cfg->userns_fd >= 0 && setns(cfg->netns_fd, CLONE_NEWNET) < 0)
		return log_error_errno(-errno, "--netns %d: setns", cfg->netns_fd);
	if ((r = setup_namespaces(a)) < 0)
		return r;
	if (cfg->disable_userns && !(a->ns & NS_USER) && cfg->userns_fd < 0) {
		log_error("--disable-userns: no user namespace could be created");
		return -EINVAL;
	}
	cleanup_fd int proc_self = -1;
	if (cfg->disable_userns && (r = userns_limit_nesting(&proc_self)) < 0)
		return r;
	/* what the setup creates has the modes asked for, whatever the
	 * caller's umask; the command gets that umask back */
	mode_t caller_umask = umask(0);
	r = setup_root(a);
	umask(caller_umask);
	if (r < 0)
		return r;
	if ((a->ns & NS_CGROUP) && cgroup_wanted(cfg))
		r = cgroup_mount_inside();
	if (r == 0 && cfg->userns2_fd >= 0 && setns(cfg->userns2_fd, CLONE_NEWUSER) < 0)
		r = log_error_errno(-errno, "--userns2 %d: setns", cfg->userns2_fd);
	if (r == 0 && cfg->disable_userns)
		r = userns_enter_nested(proc_self);
	if (r < 0) {
		/* bwrap was told the setup was done: it failed after all */
		(void)fdproto_send(a->sync_sock, FDPROTO_FAILED, 0, NULL, 0);
		return r;
	}
	return child_finish(a);
}
