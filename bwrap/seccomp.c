/* seccomp.c - loading and installing BPF programs. */
#include "seccomp-set.h"

#include "caps.h"
#include "cleanup.h"
#include "log.h"
#include "profile.h"
#include "tty-filter.h"
#include "util.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <stddef.h>

#define SECCOMP_MAX_BYTES (BPF_MAXINSNS * sizeof(struct sock_filter))

const struct sock_fprog *seccomp_tty_filter(void)
{
	static struct sock_filter code[TTY_FILTER_MAX];
	static struct sock_fprog prog;
	if (!prog.len) {
		prog.len = (unsigned short)tty_filter_build(tty_target_native(), code);
		prog.filter = code;
	}
	return &prog;
}

/* Compile a profile into the set's next programs. */
static int add_compiled(SeccompSet *set, const Profile *p, const ProfileHost *host,
			const char *what)
{
	size_t n = 0;
	int r = profile_compile(p, host, what, &set->progs[set->n], &n);
	for (size_t i = 0; i < n; i++)
		set->names[set->n++] = xstrdup(what);
	return r;
}

/* --seccomp / --add-seccomp-fd: the programs read from their fds. */
static int read_fd_programs(const Config *cfg, SeccompSet *set)
{
	const char *opt = cfg->seccomp_legacy ? "--seccomp" : "--add-seccomp-fd";
	for (size_t i = 0; i < cfg->n_seccomp_fds; i++) {
		int fd = cfg->seccomp_fds[i];
		cleanup_free char *data = NULL;
		size_t len = 0;
		int r = read_all(fd, SECCOMP_MAX_BYTES, &data, &len);
		if (r == -E2BIG) {
			log_error("%s %d: the program is longer than %zu instructions", opt, fd,
				  (size_t)BPF_MAXINSNS);
			return -EINVAL;
		}
		/* the first words are bubblewrap's, which scripts match */
		if (r < 0)
			return log_error_errno(r, "Can't read seccomp data: %s %d", opt, fd);
		if (len % sizeof(struct sock_filter) != 0) {
			log_error("Invalid seccomp data, must be multiple of %zu",
				  sizeof(struct sock_filter));
			return -EINVAL;
		}
		set->progs[set->n].len = (unsigned short)(len / sizeof(struct sock_filter));
		set->progs[set->n].filter = (struct sock_filter *)steal_pointer(&data);
		set->names[set->n] = xasprintf("%s %d", opt, fd);
		set->n++;
	}
	/* checked after the others, where bubblewrap would fail: it takes an
	 * empty program at first, the kernel refuses it at the end */
	for (size_t i = 0; i < set->n; i++) {
		if (set->progs[i].len == 0) {
			log_error("Can't read seccomp data: %s: the program is empty",
				  set->names[i]);
			return -EINVAL;
		}
	}
	return 0;
}

/* --seccomp-profile, and the port rules of --allow-connect/--allow-bind:
 * compiled with libseccomp (and json-c for a file), loaded here, in the
 * parent, before the sandbox exists: never from the sandbox's root. Rules
 * with includes/excludes are decided on what the command keeps. */
static int compile_profiles(const Config *cfg, SeccompSet *set)
{
	const char *needs = cfg->n_seccomp_profiles ? "--seccomp-profile"
			    : cfg->allow_connect.n  ? "--allow-connect"
						    : "--allow-bind";
	bool json = false;
	for (size_t i = 0; i < cfg->n_seccomp_profiles; i++)
		json |= strcmp(cfg->seccomp_profiles[i], "default") != 0;
	ProfileHost host;
	if (profile_libs_load(needs, json) < 0 ||
	    profile_host(caps_keep_mask(cfg), needs, &host) < 0)
		return -EINVAL;
	for (size_t i = 0; i < cfg->n_seccomp_profiles; i++) {
		const char *name = cfg->seccomp_profiles[i];
		Profile p;
		if (profile_named(name, "--seccomp-profile", &p) < 0)
			return -EINVAL;
		char what[256];
		snprintf(what, sizeof what, "--seccomp-profile %s", log_quote(0, name));
		int r = add_compiled(set, &p, &host, what);
		profile_free(&p);
		if (r < 0)
			return r;
	}
	if (!cfg->allow_connect.n && !cfg->allow_bind.n)
		return 0;
	Profile p;
	profile_port_rules(&p);
	int r = add_compiled(set, &p, &host,
			     cfg->allow_connect.n ? "--allow-connect" : "--allow-bind");
	profile_free(&p);
	return r;
}

int seccomp_read_all(const Config *cfg, SeccompSet *set)
{
	if (!tty_target_native()) {
		log_error("the built-in TIOCSTI filter: bwrap has no system call table for this "
			  "machine (bwrap/tty-filter.c)");
		return -ENOTSUP;
	}
	/* the fds, the profiles, and the port rules' own */
	const size_t most =
		cfg->n_seccomp_fds + (cfg->n_seccomp_profiles + 1) * PROFILE_MAX_PROGRAMS;
	set->progs = xcalloc(most, sizeof(struct sock_fprog));
	set->names = xcalloc(most, sizeof(char *));
	set->n = 0;
	int r = read_fd_programs(cfg, set);
	if (r < 0 || (!cfg->n_seccomp_profiles && !cfg->allow_connect.n && !cfg->allow_bind.n))
		return r;
	return compile_profiles(cfg, set);
}

int seccomp_apply(const SeccompSet *set)
{
	if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, seccomp_tty_filter()) < 0)
		return log_error_errno(-errno, "installing the built-in TIOCSTI filter");
	for (size_t i = 0; i < set->n; i++) {
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &set->progs[i]) < 0)
			return log_error_errno(-errno, "%s: the program was rejected by the kernel",
					       set->names[i]);
	}
	return 0;
}

void seccomp_free(SeccompSet *set)
{
	for (size_t i = 0; i < set->n; i++) {
		free(set->progs[i].filter);
		free(set->names[i]);
	}
	free(set->progs);
	free(set->names);
	set->progs = NULL;
	set->names = NULL;
	set->n = 0;
}
