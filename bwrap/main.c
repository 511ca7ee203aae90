/* main.c - parse -> plan -> spawn -> monitor. The only place that exits. */
#include "child.h"
#include "cleanup.h"
#include "config.h"
#include "fdproto.h"
#include "log.h"
#include "monitor.h"
#include "mount-plan.h"
#include "options.h"
#include "userns.h"
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

/* Which namespaces to create: what was required, plus what was asked to be
 * tried and this kernel has. */
static unsigned wanted_namespaces(const Config *cfg)
{
	unsigned ns = options_effective_ns(cfg);
	unsigned avail = userns_available();
	ns |= cfg->ns_try & avail;
	return ns;
}

static pid_t spawn(const Config *cfg, unsigned *ns)
{
	pid_t pid = userns_spawn(*ns);
	if (pid < 0 && (cfg->ns_try & NS_USER) && !(options_effective_ns(cfg) & NS_USER) &&
	    (*ns & NS_USER)) {
		/* --unshare-user-try: go on without a user namespace */
		*ns &= ~(unsigned)NS_USER;
		pid = userns_spawn(*ns);
	}
	return pid;
}

static int run(Config *cfg)
{
	if (options_validate(cfg) < 0)
		return 1;
	MountPlan plan;
	if (mount_plan_build(cfg, &plan) < 0) {
		log_error("building the mount plan: unsupported operation");
		return 1;
	}
	cleanup_free char *host_cwd = getcwd(NULL, 0);
	if (cfg->die_with_parent) {
		pid_t parent = getppid();
		prctl(PR_SET_PDEATHSIG, SIGKILL, 0, 0, 0);
		if (getppid() != parent)
			return 1;
	}

	int go[2], sync[2];
	if (pipe2(go, O_CLOEXEC) < 0 ||
	    socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sync) < 0) {
		log_error_errno(-errno, "pipe");
		return 1;
	}
	unsigned ns = wanted_namespaces(cfg);
	pid_t pid = spawn(cfg, &ns);
	if (pid < 0) {
		log_error_errno(pid, "creating the sandbox namespaces");
		return 1;
	}
	if (pid == 0) {
		close(go[1]);
		close(sync[0]);
		ChildArgs a = { .cfg = cfg, .plan = &plan, .ns = ns, .go_fd = go[0],
				.sync_sock = sync[1], .host_cwd = host_cwd };
		child_run(&a);
		_exit(1);
	}
	close(go[0]);
	close(sync[1]);
	if (ns & NS_USER) {
		int r = userns_write_maps(pid, cfg->sandbox_uid, cfg->caller_uid, cfg->sandbox_gid,
					  cfg->caller_gid);
		if (r < 0) {
			kill(pid, SIGKILL);
			waitpid(pid, NULL, 0);
			return 1;
		}
	}
	if (write_all(go[1], "g", 1) < 0) {
		log_error_errno(-errno, "releasing the sandbox");
		kill(pid, SIGKILL);
		waitpid(pid, NULL, 0);
		return 1;
	}
	/* go[1] stays open while we live: the child watches it (die-with-parent).
	 * The child reports the end of its setup with the fds we must hold. */
	int held[FDPROTO_MAX_FDS];
	size_t n_held = 0;
	if (fdproto_recv_fds(sync[0], held, FDPROTO_MAX_FDS, &n_held) < 0)
		n_held = 0;
	close(sync[0]);
	int code = monitor_parent(pid);
	for (size_t i = 0; i < n_held; i++)
		close(held[i]);
	mount_plan_free(&plan);
	return code;
}

int main(int argc, char **argv)
{
	Config cfg = { 0 };
	cfg.caller_uid = getuid();
	cfg.caller_gid = getgid();
	bool exit_now = false;
	int code;
	if (options_parse(argc - 1, argv + 1, &cfg, &exit_now) < 0)
		code = 1;
	else if (exit_now)
		code = fflush(stdout) == 0 ? 0 : 1;
	else
		code = run(&cfg);
	config_free(&cfg);
	return code;
}
