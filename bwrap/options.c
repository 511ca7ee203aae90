/* options.c - the option table, and the parser it drives: argv and --args
 * FD -> Config. The table also produces --help, and the consistency test
 * checks the man page and completions against it. Parsing only parses: its
 * system calls read --args and check that a given fd is open (the handlers,
 * option-values.c); what an option asks to be done (print the help, a
 * profile) is left to main through cfg->action. */
#include "options.h"
#include "option-values.h"

#include "log.h"
#include "util.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

/* ---- help -------------------------------------------------------------- */

/* Append name i of n to out as in "a, b or c" (last_sep: " or "). */
void list_add(char *out, size_t size, size_t i, size_t n, const char *name, const char *last_sep)
{
	size_t len = strlen(out);
	const char *sep = i == 0 ? "" : i + 1 == n ? last_sep : ", ";
	if (len < size)
		snprintf(out + len, size - len, "%s%s", sep, name);
}

void options_print_version(FILE *out)
{
	/* first the line scripts parse to learn bubblewrap's version, then ours */
	fprintf(out, "bubblewrap %s\nbwrap %s\n", BUBBLEWRAP_COMPAT_VERSION, BWRAP_VERSION);
}

/* The options that take modifier 'mod' (not the modifiers themselves), as
 * "--a, --b or --c". */
static const char *options_taking(unsigned mod, const char *last_sep, char *out, size_t size)
{
	size_t n = 0, i = 0;
	for (size_t k = 0; k < option_table_len; k++)
		n += (option_table[k].accepts & mod) && !option_table[k].modifies;
	out[0] = '\0';
	for (size_t k = 0; k < option_table_len; k++)
		if ((option_table[k].accepts & mod) && !option_table[k].modifies)
			list_add(out, size, i++, n, option_table[k].name, last_sep);
	return out;
}

/* --help of --perms and --size: the options they apply to */
static void modified_list(const OptionDef *def, char *out, size_t size)
{
	options_taking(def->modifies, " or ", out, size);
}

/* ---- the table ----------------------------------------------------------- */

/* One option a row: its name and arguments, then what it does, then its
 * help line. Laid out by hand, a row in three lines, so that the table
 * reads as one. */
/* clang-format off */
const OptionDef option_table[] = {
	/* general */
	{.name = "--help", .group = GROUP_GENERAL, .handler = h_help,
	 .help = "Print this help and exit"},
	{.name = "--version", .group = GROUP_GENERAL, .handler = h_version,
	 .help = "Print the version and exit"},
	{.name = "--args", .group = GROUP_GENERAL, .handler = h_args,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Parse NUL-separated arguments from FD"},
	{.name = "--argv0", .group = GROUP_GENERAL, .handler = h_argv0,
	 .n_args = 1, .metavar = "VALUE", .arg_kind = {ARG_TEXT},
	 .help = "Set argv[0] of the command to VALUE"},
	{.name = "--level-prefix", .group = GROUP_GENERAL, .handler = h_level_prefix,
	 .help = "Prefix diagnostics with a syslog severity such as <3>"},
	/* namespaces */
	{.name = "--unshare-user", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_USER,
	 .help = "Create a new user namespace"},
	{.name = "--unshare-user-try", .group = GROUP_NAMESPACES,
	 .handler = h_unshare_try, .ns = NS_USER,
	 .help = "Create a new user namespace if possible, else skip it"},
	{.name = "--unshare-ipc", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_IPC,
	 .help = "Create a new IPC namespace"},
	{.name = "--unshare-pid", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_PID,
	 .help = "Create a new PID namespace"},
	{.name = "--unshare-net", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_NET,
	 .help = "Create a new network namespace with only loopback, brought up"},
	{.name = "--unshare-uts", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_UTS,
	 .help = "Create a new UTS namespace"},
	{.name = "--unshare-cgroup", .group = GROUP_NAMESPACES,
	 .handler = h_unshare, .ns = NS_CGROUP,
	 .help = "Create a new cgroup namespace"},
	{.name = "--unshare-cgroup-try", .group = GROUP_NAMESPACES,
	 .handler = h_unshare_try, .ns = NS_CGROUP,
	 .help = "Create a new cgroup namespace if possible, else skip it"},
	{.name = "--unshare-time", .group = GROUP_NAMESPACES, .handler = h_unshare, .ns = NS_TIME,
	 .help = "Create a new time namespace (its clocks may be offset)"},
	{.name = "--monotonic-offset", .group = GROUP_NAMESPACES,
	 .handler = h_time_offset, .field = offsetof(Config, monotonic_offset),
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Add SECONDS to CLOCK_MONOTONIC in the new time namespace"},
	{.name = "--boottime-offset", .group = GROUP_NAMESPACES,
	 .handler = h_time_offset, .field = offsetof(Config, boottime_offset),
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Add SECONDS to CLOCK_BOOTTIME in the new time namespace"},
	{.name = "--unshare-all", .group = GROUP_NAMESPACES, .handler = h_unshare_all,
	 .help = "Unshare every namespace possible (user-try, ipc, pid, net, uts, cgroup-try)"},
	{.name = "--share-net", .group = GROUP_NAMESPACES, .handler = h_share_net,
	 .help = "Keep the network namespace, overriding an earlier --unshare-net or "
		 "--unshare-all"},
	{.name = "--userns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, userns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Use the existing user namespace FD instead of creating one"},
	{.name = "--userns2", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, userns2_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Enter the user namespace FD after setting up the sandbox"},
	{.name = "--pidns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, pidns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Use the existing PID namespace FD (with --unshare-pid: as the parent)"},
	{.name = "--disable-userns", .group = GROUP_NAMESPACES,
	 .handler = h_bool, .field = offsetof(Config, disable_userns),
	 .help = "Make creating further user namespaces in the sandbox impossible"},
	{.name = "--assert-userns-disabled", .group = GROUP_NAMESPACES,
	 .handler = h_bool, .field = offsetof(Config, assert_userns_disabled),
	 .help = "Fail unless creating user namespaces in the sandbox is already impossible"},
	{.name = "--uid", .group = GROUP_NAMESPACES, .handler = h_uid,
	 .n_args = 1, .metavar = "UID", .arg_kind = {ARG_NUMBER},
	 .help = "User id of the command in the sandbox (needs a user namespace)"},
	{.name = "--gid", .group = GROUP_NAMESPACES, .handler = h_gid,
	 .n_args = 1, .metavar = "GID", .arg_kind = {ARG_NUMBER},
	 .help = "Group id of the command in the sandbox (needs a user namespace)"},
	{.name = "--hostname", .group = GROUP_NAMESPACES, .handler = h_hostname,
	 .n_args = 1, .metavar = "NAME", .arg_kind = {ARG_TEXT},
	 .help = "Hostname in the sandbox (needs --unshare-uts)"},
	/* environment */
	{.name = "--chdir", .group = GROUP_ENVIRONMENT, .handler = h_chdir,
	 .n_args = 1, .metavar = "DIR", .arg_kind = {ARG_DIR},
	 .help = "Change to directory DIR in the sandbox"},
	{.name = "--setenv", .group = GROUP_ENVIRONMENT, .handler = h_setenv,
	 .n_args = 2, .metavar = "VAR VALUE", .arg_kind = {ARG_ENV, ARG_TEXT},
	 .help = "Set environment variable VAR to VALUE"},
	{.name = "--unsetenv", .group = GROUP_ENVIRONMENT, .handler = h_unsetenv,
	 .n_args = 1, .metavar = "VAR", .arg_kind = {ARG_ENV},
	 .help = "Unset environment variable VAR"},
	{.name = "--clearenv", .group = GROUP_ENVIRONMENT, .handler = h_clearenv,
	 .help = "Unset every environment variable but PWD; later --setenv still apply"},
	/* launcher protocol */
	{.name = "--info-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, info_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Write JSON with the child pid and namespace ids to FD"},
	{.name = "--json-status-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, json_status_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Write JSON lines to FD: the child pid at start, the exit code at the end"},
	{.name = "--block-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, block_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Wait for data on FD before running the command"},
	{.name = "--userns-block-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, userns_block_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Wait for data on FD after creating the user namespace (maps written by the "
		 "caller)"},
	{.name = "--sync-fd", .group = GROUP_MONITOR,
	 .handler = h_fd, .field = offsetof(Config, sync_fd), .kept_by_sandbox = true,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Keep FD open while the sandbox runs"},
	/* process and monitoring */
	{.name = "--die-with-parent", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, die_with_parent),
	 .help = "Kill the sandbox with SIGKILL when the parent of bwrap dies"},
	{.name = "--new-session", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, new_session),
	 .help = "Start a new terminal session (setsid) for the command"},
	{.name = "--as-pid-1", .group = GROUP_MONITOR,
	 .handler = h_bool, .field = offsetof(Config, as_pid_1),
	 .help = "Run the command as PID 1 of the PID namespace, without a reaper"},
	/* filesystem */
	{.name = "--bind", .group = GROUP_FILESYSTEM, .handler = h_bind,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount the host path SRC on DEST"},
	{.name = "--bind-try", .group = GROUP_FILESYSTEM, .handler = h_bind, .op_flags = OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --bind, but skip a missing SRC"},
	{.name = "--dev-bind", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_DEVICES,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount SRC on DEST, allowing device access"},
	{.name = "--dev-bind-try", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_DEVICES | OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --dev-bind, but skip a missing SRC"},
	{.name = "--ro-bind", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_READONLY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Bind mount SRC read-only on DEST, submounts included"},
	{.name = "--ro-bind-try", .group = GROUP_FILESYSTEM,
	 .handler = h_bind, .op_flags = OPF_READONLY | OPF_TRY,
	 .n_args = 2, .metavar = "SRC DEST", .arg_kind = {ARG_PATH, ARG_DEST},
	 .help = "Like --ro-bind, but skip a missing SRC"},
	{.name = "--remount-ro", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_REMOUNT_RO,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Make the mount at DEST read-only (that mount only)"},
	{.name = "--proc", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_PROC,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new procfs on DEST"},
	{.name = "--dev", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_DEV,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new minimal /dev on DEST (null, zero, full, random, urandom, tty, "
		 "pts, shm)"},
	{.name = "--tmpfs", .group = GROUP_FILESYSTEM,
	 .handler = h_dest, .op = OP_TMPFS, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new tmpfs on DEST"},
	{.name = "--dir", .group = GROUP_FILESYSTEM,
	 .handler = h_dest, .op = OP_DIR, .accepts = MOD_PERMS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Create directory DEST (and missing parents)"},
	{.name = "--symlink", .group = GROUP_FILESYSTEM, .handler = h_symlink,
	 .n_args = 2, .metavar = "TARGET DEST", .arg_kind = {ARG_TEXT, ARG_DEST},
	 .help = "Create a symlink at DEST pointing to TARGET"},
	{.name = "--bind-fd", .group = GROUP_FILESYSTEM, .handler = h_fd_dest, .op = OP_BIND_FD,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Bind mount the directory or O_PATH file descriptor FD on DEST"},
	{.name = "--ro-bind-fd", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_FD, .op_flags = OPF_READONLY,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Like --bind-fd, but read-only"},
	{.name = "--file", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_FILE, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Copy the data of FD into a new file DEST (mode 0666)"},
	{.name = "--bind-data", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_DATA, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Copy the data of FD into a hidden file bound on DEST (mode 0600)"},
	{.name = "--ro-bind-data", .group = GROUP_FILESYSTEM,
	 .handler = h_fd_dest, .op = OP_BIND_DATA, .op_flags = OPF_READONLY, .accepts = MOD_PERMS,
	 .n_args = 2, .metavar = "FD DEST", .arg_kind = {ARG_FD, ARG_DEST},
	 .help = "Like --bind-data, but read-only"},
	{.name = "--chmod", .group = GROUP_FILESYSTEM, .handler = h_chmod,
	 .n_args = 2, .metavar = "OCTAL PATH", .arg_kind = {ARG_OCTAL, ARG_DEST},
	 .help = "Set the mode of the existing PATH to OCTAL"},
	{.name = "--perms", .group = GROUP_FILESYSTEM,
	 .handler = h_perms, .help_list = modified_list,
	 .modifies = MOD_PERMS, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "OCTAL", .arg_kind = {ARG_OCTAL},
	 .help = "Mode of the next"},
	{.name = "--size", .group = GROUP_FILESYSTEM,
	 .handler = h_size, .help_list = modified_list,
	 .modifies = MOD_SIZE, .accepts = MOD_PERMS | MOD_SIZE,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Size limit in bytes of the next"},
	{.name = "--mqueue", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_MQUEUE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a new mqueue filesystem on DEST (needs --unshare-ipc)"},
	{.name = "--lock-file", .group = GROUP_FILESYSTEM, .handler = h_dest, .op = OP_LOCK_FILE,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Hold a lock on DEST, inside the sandbox, while the sandbox runs"},
	{.name = "--overlay-src", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay_src, .modifies = MOD_LAYERS, .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "SRC", .arg_kind = {ARG_PATH},
	 .help = "Add the host path SRC as a lower layer of the next overlay"},
	{.name = "--overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_OVERLAY, .accepts = MOD_LAYERS,
	 .n_args = 3, .metavar = "RWSRC WORKDIR DEST", .arg_kind = {ARG_PATH, ARG_PATH, ARG_DEST},
	 .help = "Mount an overlay on DEST, writes going to RWSRC"},
	{.name = "--tmp-overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_TMP_OVERLAY, .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount an overlay on DEST, writes going to an invisible tmpfs"},
	{.name = "--ro-overlay", .group = GROUP_FILESYSTEM,
	 .handler = h_overlay, .op = OP_RO_OVERLAY, .op_flags = OPF_READONLY,
	 .accepts = MOD_LAYERS,
	 .n_args = 1, .metavar = "DEST", .arg_kind = {ARG_DEST},
	 .help = "Mount a read-only overlay of two or more layers on DEST"},
	/* lockdown */
	{.name = "--seccomp", .group = GROUP_LOCKDOWN, .handler = h_seccomp_legacy,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Load a compiled seccomp BPF program from FD (the last one given is used)"},
	{.name = "--add-seccomp-fd", .group = GROUP_LOCKDOWN, .handler = h_add_seccomp_fd,
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Load one more seccomp BPF program from FD (repeatable, stacked)"},
	{.name = "--seccomp-profile", .group = GROUP_LOCKDOWN, .handler = h_seccomp_profile,
	 .n_args = 1, .metavar = "PROFILE", .arg_kind = {ARG_PATH},
	 .help = "Apply a seccomp profile: default, or an OCI/Docker JSON file (repeatable, "
		 "stacked)"},
	{.name = "--print-seccomp-profile", .group = GROUP_LOCKDOWN, .handler = h_print_profile,
	 .n_args = 1, .metavar = "PROFILE", .arg_kind = {ARG_PATH},
	 .help = "Print a seccomp profile (default or a file) as OCI JSON and exit"},
	{.name = "--cap-add", .group = GROUP_LOCKDOWN, .handler = h_cap_add,
	 .n_args = 1, .metavar = "CAP", .arg_kind = {ARG_CAP},
	 .help = "Keep capability CAP (or ALL) in the sandbox"},
	{.name = "--cap-drop", .group = GROUP_LOCKDOWN, .handler = h_cap_drop,
	 .n_args = 1, .metavar = "CAP", .arg_kind = {ARG_CAP},
	 .help = "Drop capability CAP (or ALL) again; applied in order with --cap-add"},
	{.name = "--rlimit", .group = GROUP_LOCKDOWN, .handler = h_rlimit, .help_list = rlimit_list,
	 .n_args = 1, .metavar = "LIMIT", .arg_kind = {ARG_TEXT},
	 .help = "Set a resource limit of the command: LIMIT is NAME=SOFT[:HARD], NAME one of"},
	{.name = "--time-limit", .group = GROUP_LOCKDOWN, .handler = h_time_limit,
	 .n_args = 1, .metavar = "SECONDS", .arg_kind = {ARG_NUMBER},
	 .help = "Kill the sandbox after SECONDS (SIGTERM, then SIGKILL 2 s later); exit 124"},
	{.name = "--memory-max", .group = GROUP_LOCKDOWN, .handler = h_memory_max,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Memory limit of the sandbox, in a cgroup (K, M, G, T suffixes)"},
	{.name = "--memory-swap-max", .group = GROUP_LOCKDOWN, .handler = h_memory_swap_max,
	 .n_args = 1, .metavar = "BYTES", .arg_kind = {ARG_NUMBER},
	 .help = "Swap limit of the sandbox, in a cgroup (K, M, G, T suffixes)"},
	{.name = "--pids-max", .group = GROUP_LOCKDOWN, .handler = h_pids_max,
	 .n_args = 1, .metavar = "N", .arg_kind = {ARG_NUMBER},
	 .help = "Limit on the processes and threads of the sandbox, in a cgroup"},
	{.name = "--cpu-max", .group = GROUP_LOCKDOWN, .handler = h_cpu_max,
	 .n_args = 1, .metavar = "QUOTA", .arg_kind = {ARG_TEXT},
	 .help = "CPU limit of the sandbox, in a cgroup: microseconds per period, or a percentage"},
	{.name = "--cpu-weight", .group = GROUP_LOCKDOWN, .handler = h_cpu_weight,
	 .n_args = 1, .metavar = "N", .arg_kind = {ARG_NUMBER},
	 .help = "CPU weight of the sandbox, in a cgroup (1 to 10000, default 100)"},
	{.name = "--cgroup-parent", .group = GROUP_LOCKDOWN, .handler = h_cgroup_parent,
	 .n_args = 1, .metavar = "DIR", .arg_kind = {ARG_DIR},
	 .help = "Make the sandbox cgroup under the delegated cgroup v2 directory DIR"},
	{.name = "--netns", .group = GROUP_NAMESPACES,
	 .handler = h_fd, .field = offsetof(Config, netns_fd),
	 .n_args = 1, .metavar = "FD", .arg_kind = {ARG_FD},
	 .help = "Join the existing network namespace FD"},
	{.name = "--allow-connect", .group = GROUP_LOCKDOWN,
	 .handler = h_port, .field = offsetof(Config, allow_connect),
	 .n_args = 1, .metavar = "PORT", .arg_kind = {ARG_NUMBER},
	 .help = "With Landlock: allow TCP connect to PORT only (repeatable)"},
	{.name = "--allow-bind", .group = GROUP_LOCKDOWN,
	 .handler = h_port, .field = offsetof(Config, allow_bind),
	 .n_args = 1, .metavar = "PORT", .arg_kind = {ARG_NUMBER},
	 .help = "With Landlock: allow TCP bind to PORT only (repeatable)"},
	{.name = "--exec-label", .group = GROUP_LOCKDOWN,
	 .handler = h_label, .field = offsetof(Config, exec_label),
	 .n_args = 1, .metavar = "LABEL", .arg_kind = {ARG_TEXT},
	 .help = "SELinux label of the command"},
	{.name = "--file-label", .group = GROUP_LOCKDOWN,
	 .handler = h_label, .field = offsetof(Config, file_label),
	 .n_args = 1, .metavar = "LABEL", .arg_kind = {ARG_TEXT},
	 .help = "SELinux label of files bwrap creates in the sandbox"},
};
/* clang-format on */
const size_t option_table_len = sizeof option_table / sizeof option_table[0];

const char *option_group_title(OptGroup g)
{
	static const char *titles[GROUP_COUNT_] = {
		[GROUP_GENERAL] = "General options",
		[GROUP_NAMESPACES] = "Namespace options",
		[GROUP_ENVIRONMENT] = "Environment options",
		[GROUP_MONITOR] = "Process options",
		[GROUP_FILESYSTEM] = "Filesystem options (applied in command-line order)",
		[GROUP_LOCKDOWN] = "Lockdown options",
	};
	return (unsigned)g < GROUP_COUNT_ ? titles[g] : "";
}

const OptionDef *option_lookup(const char *name)
{
	for (size_t i = 0; i < option_table_len; i++)
		if (strcmp(option_table[i].name, name) == 0)
			return &option_table[i];
	return NULL;
}

const char *option_help(const OptionDef *def)
{
	static char buf[512];
	if (!def->help_list)
		return def->help;
	char list[384];
	def->help_list(def, list, sizeof list);
	snprintf(buf, sizeof buf, "%s %s", def->help, list);
	return buf;
}

void options_print_help(FILE *out)
{
	/* the name we were run as, as bubblewrap prints it */
	fprintf(out,
		"usage: %s [OPTION...] [--] COMMAND [ARG...]\n\n"
		"Run COMMAND in a sandbox built from Linux namespaces.\n",
		program_invocation_name);
	for (int g = 0; g < GROUP_COUNT_; g++) {
		bool first = true;
		for (size_t i = 0; i < option_table_len; i++) {
			const OptionDef *d = &option_table[i];
			if ((int)d->group != g)
				continue;
			if (first)
				fprintf(out, "\n%s:\n", option_group_title((OptGroup)g));
			first = false;
			char lhs[64];
			snprintf(lhs, sizeof lhs, "%s%s%s", d->name, d->metavar ? " " : "",
				 d->metavar ? d->metavar : "");
			fprintf(out, "  %-28s %s\n", lhs, option_help(d));
		}
	}
	fprintf(out, "\nSee bwrap(1) for details.\n");
}

/* ---- the parser --------------------------------------------------------- */

/* Modifiers must be followed by an option they apply to. Called before each
 * option is handled, and with def == NULL when the command is reached: as
 * bubblewrap does, a --perms or --size left over at the end is ignored. */
static int check_pending(ParseState *st, const OptionDef *def)
{
	unsigned accepts = def ? def->accepts : 0;
	char list[256];
	if (st->perms_pending && def && !(accepts & MOD_PERMS)) {
		log_error("--perms: must be followed by %s, not %s",
			  options_taking(MOD_PERMS, " or ", list, sizeof list), def->name);
		return -EINVAL;
	}
	if (st->size_pending && def && !(accepts & MOD_SIZE)) {
		log_error("--size: must be followed by %s, not %s",
			  options_taking(MOD_SIZE, " or ", list, sizeof list), def->name);
		return -EINVAL;
	}
	if (st->n_layers && !(accepts & MOD_LAYERS)) {
		log_error(
			"--overlay-src must be followed by another --overlay-src or one of %s%s%s",
			options_taking(MOD_LAYERS, ", or ", list, sizeof list), def ? ", not " : "",
			def ? def->name : "");
		return -EINVAL;
	}
	return 0;
}

/* The option at st->pos, with its arguments: checked and handled. */
static int parse_option(ParseState *st)
{
	const char *a = st->args[st->pos];
	const OptionDef *def = option_lookup(a);
	if (!def) {
		log_error("%s: unknown option", log_quote(0, a));
		return -EINVAL;
	}
	if (st->pos + 1 + (size_t)def->n_args > st->n_args) {
		log_error("%s: takes %d argument%s (%s)", def->name, def->n_args,
			  def->n_args == 1 ? "" : "s", def->metavar);
		return -EINVAL;
	}
	int r = check_pending(st, def);
	if (r < 0)
		return r;
	char **opt_args = &st->args[st->pos + 1];
	st->pos += 1 + (size_t)def->n_args;
	return def->handler(st, def, opt_args);
}

/* What follows the options is the command. */
static int take_command(ParseState *st)
{
	int r = check_pending(st, NULL);
	if (r < 0)
		return r;
	if (st->pos >= st->n_args) {
		log_error("no command given (try 'bwrap --help')");
		return -EINVAL;
	}
	Config *cfg = st->cfg;
	cfg->argc = (int)(st->n_args - st->pos);
	cfg->argv = xcalloc((size_t)cfg->argc + 1, sizeof(char *));
	memcpy(cfg->argv, st->args + st->pos, (size_t)cfg->argc * sizeof(char *));
	return 0;
}

int options_parse(int argc, char **argv, Config *cfg, bool *exit_now)
{
	ParseState st = {.cfg = cfg};
	*exit_now = false;
	if (argc < 0 || (size_t)argc > OPTIONS_MAX_ARGS) {
		log_error("too many arguments (the limit is %d)", OPTIONS_MAX_ARGS);
		return -E2BIG;
	}
	st.n_args = (size_t)argc;
	st.args = xcalloc(st.n_args + 1, sizeof(char *));
	memcpy(st.args, argv, st.n_args * sizeof(char *));
	cfg->argv = NULL;
	int r = 0;
	while (r == 0 && !st.exit_now && st.pos < st.n_args) {
		const char *a = st.args[st.pos];
		if (strcmp(a, "--") == 0) {
			st.pos++;
			break;
		}
		if (a[0] != '-' || a[1] == '\0')
			break;
		r = parse_option(&st);
	}
	if (r == 0 && st.exit_now)
		*exit_now = true;
	else if (r == 0)
		r = take_command(&st);
	free(st.args);
	free(st.layers);
	return r;
}
