/* option-values.h - internal to options.c and option-values.c: the state of
 * a parse, and the handlers that the option table names. */
#pragma once

#include "options.h"

struct ParseState {
	Config *cfg;
	bool exit_now;
	/* --perms / --size / --overlay-src waiting for the option they modify */
	bool perms_pending, size_pending;
	mode_t perms;
	uint64_t size;
	const char **layers;
	size_t n_layers;
	/* the argument vector, grown in place by --args */
	char **args;
	size_t n_args;
	size_t pos;
};

/* options.c: name i of n appended to a list of a help line, "a, b or c" */
void list_add(char *out, size_t size, size_t i, size_t n, const char *name, const char *last_sep);

/* option-values.c: the help list of --rlimit (the names it takes), and the
 * handlers, one or more options each */
void rlimit_list(const OptionDef *def, char *out, size_t size);
OptHandlerFn h_help, h_version, h_args, h_level_prefix, h_argv0, h_bool;
OptHandlerFn h_unshare, h_unshare_try, h_unshare_all, h_share_net, h_time_offset;
OptHandlerFn h_uid, h_gid, h_hostname, h_fd;
OptHandlerFn h_chdir, h_setenv, h_unsetenv, h_clearenv;
OptHandlerFn h_bind, h_dest, h_symlink, h_fd_dest, h_chmod, h_perms, h_size;
OptHandlerFn h_overlay_src, h_overlay;
OptHandlerFn h_seccomp_legacy, h_add_seccomp_fd, h_seccomp_profile, h_print_profile;
OptHandlerFn h_cap_add, h_cap_drop, h_label, h_port, h_rlimit, h_time_limit;
OptHandlerFn h_memory_max, h_memory_swap_max, h_pids_max, h_cpu_max, h_cpu_weight;
OptHandlerFn h_cgroup_parent;
