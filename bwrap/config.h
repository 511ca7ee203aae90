/* config.h - data only: the parsed request. Built by the parser
 * (options.c, its handlers in option-values.c), completed by main with who
 * ran us, and by options_validate() with the ids by default; from then on
 * read through a const pointer. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum {
	OP_BIND, /* --bind, --ro-bind, --dev-bind (+ -try): flags say which */
	OP_REMOUNT_RO, /* --remount-ro DEST */
	OP_PROC, /* --proc DEST */
	OP_DEV, /* --dev DEST */
	OP_TMPFS, /* --tmpfs DEST */
	OP_MQUEUE, /* --mqueue DEST */
	OP_DIR, /* --dir DEST */
	OP_SYMLINK, /* --symlink TARGET DEST (src is the target) */
	OP_CHMOD, /* --chmod OCTAL PATH */
	OP_FILE, /* --file FD DEST */
	OP_BIND_DATA, /* --bind-data / --ro-bind-data FD DEST */
	OP_BIND_FD, /* --bind-fd / --ro-bind-fd FD DEST */
	OP_LOCK_FILE, /* --lock-file DEST */
	OP_OVERLAY, /* --overlay RWSRC WORKDIR DEST (src, workdir) */
	OP_TMP_OVERLAY, /* --tmp-overlay DEST */
	OP_RO_OVERLAY, /* --ro-overlay DEST */
	OP_KIND_COUNT_
} OpKind;

enum {
	OPF_READONLY = 1u << 0, /* read-only, recursively */
	OPF_DEVICES = 1u << 1, /* device nodes allowed (--dev-bind) */
	OPF_TRY = 1u << 2, /* skip silently if the source is missing */
};

typedef struct {
	OpKind kind;
	unsigned flags;
	const char *option; /* the option that asked for it, for messages */
	const char *src; /* host path, or symlink target */
	const char *dest; /* path inside the sandbox, as given */
	int fd; /* source fd (--file, --bind-data), else -1 */
	bool has_perms;
	mode_t perms;
	uint64_t size; /* tmpfs size in bytes, 0 = default */
	const char *workdir; /* --overlay WORKDIR */
	const char **layers; /* overlay sources, bottom first */
	size_t n_layers;
} MountOp;

typedef enum { ENV_SET, ENV_UNSET, ENV_CLEAR } EnvOpKind;

typedef struct {
	EnvOpKind kind;
	const char *name;
	const char *value;
} EnvOp;

/* Namespace requests. */
enum {
	NS_USER = 1u << 0,
	NS_IPC = 1u << 1,
	NS_PID = 1u << 2,
	NS_NET = 1u << 3,
	NS_UTS = 1u << 4,
	NS_CGROUP = 1u << 5,
	NS_TIME = 1u << 6, /* made by the sandbox's first process, not by clone */
};

/* cgroup v2 limits: 'set' has a CG_* bit for each limit asked for. */
enum {
	CG_MEMORY_MAX = 1u << 0,
	CG_MEMORY_SWAP_MAX = 1u << 1,
	CG_PIDS_MAX = 1u << 2,
	CG_CPU_MAX = 1u << 3,
	CG_CPU_WEIGHT = 1u << 4,
};
#define CG_UNLIMITED UINT64_MAX /* "max" */
#define CG_CPU_PERIOD_DEFAULT 100000 /* microseconds, as the kernel's */

typedef struct {
	unsigned set;
	uint64_t memory_max, memory_swap_max; /* bytes */
	uint64_t pids_max;
	uint64_t cpu_quota_us, cpu_period_us;
	uint64_t cpu_weight; /* 1..10000 */
	const char *parent; /* --cgroup-parent, or NULL: systemd or our own */
} CgroupLimits;

typedef struct {
	bool add; /* --cap-add, else --cap-drop */
	uint64_t mask; /* the capabilities it adds or drops (ALL: every bit) */
} CapOp;

typedef struct {
	uint16_t *ports;
	size_t n;
} PortList;

typedef struct {
	int resource; /* RLIMIT_* */
	const char *name; /* as given, for messages */
	uint64_t soft, hard; /* RLIM_INFINITY for "unlimited" */
} RlimitOp;

/* What bwrap was asked to do: run a command, or print something and exit. */
typedef enum {
	ACTION_RUN,
	ACTION_HELP, /* --help */
	ACTION_VERSION, /* --version */
	ACTION_PRINT_PROFILE, /* --print-seccomp-profile PROFILE (print_profile) */
} Action;

typedef struct Config {
	Action action;
	const char *print_profile; /* --print-seccomp-profile: "default" or a file */

	/* namespaces: 'ns' is what must be created, 'ns_try' what may be skipped */
	unsigned ns;
	unsigned ns_try;

	bool uid_set, gid_set;
	uid_t sandbox_uid;
	gid_t sandbox_gid;
	const char *hostname;

	MountOp *ops;
	size_t n_ops;

	EnvOp *env;
	size_t n_env;

	const char *chdir_path;
	const char *argv0;
	bool die_with_parent;
	bool new_session;
	bool as_pid_1;
	bool level_prefix;

	/* the launcher protocol (-1 when not given) */
	int info_fd;
	int json_status_fd;
	int block_fd;
	int userns_block_fd;
	int sync_fd;
	int *seccomp_fds; /* in order; with --seccomp, only the last one */
	size_t n_seccomp_fds;
	bool seccomp_legacy; /* --seccomp was used (not --add-seccomp-fd) */
	CapOp *caps;
	size_t n_caps;
	int userns_fd; /* --userns: enter instead of creating */
	int userns2_fd; /* --userns2: enter after setup */
	int pidns_fd; /* --pidns */
	bool disable_userns;
	bool assert_userns_disabled;
	const char **seccomp_profiles; /* "default" or a JSON file, in order */
	size_t n_seccomp_profiles;
	RlimitOp *rlimits;
	size_t n_rlimits;
	uint64_t time_limit_ms; /* 0: none */
	CgroupLimits cgroup; /* a cgroup is made when 'set' or 'parent' */
	int64_t monotonic_offset, boottime_offset; /* --unshare-time, seconds */
	const char *time_offset_option; /* the last offset option given, or NULL */
	int netns_fd;
	PortList allow_connect; /* Landlock: TCP ports */
	PortList allow_bind;
	const char *exec_label;
	const char *file_label;
	/* fds the command must not inherit: closed in the sandbox before exec */
	int *protocol_fds;
	size_t n_protocol_fds;

	/* who ran us: filled by main before validation */
	uid_t caller_uid;
	char *caller_cwd; /* relative host sources start here; may be NULL */
	int caller_cwd_errno; /* when it is NULL: why getcwd() failed */
	gid_t caller_gid;
	uint64_t caller_caps; /* root's effective capabilities, kept by default */

	/* the command: argv[0..argc-1], NULL-terminated */
	char **argv;
	int argc;

	/* storage owned by the config (strings read from --args etc.) */
	char **owned;
	size_t n_owned;
} Config;

void config_init(Config *c);
void config_free(Config *c);
