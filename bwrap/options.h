/* options.h - the option table: the single source of truth for parsing,
 * --help, the man page and the shell completions. */
#pragma once

#include "config.h"

#include <stdio.h>

typedef enum {
	GROUP_GENERAL,
	GROUP_NAMESPACES,
	GROUP_ENVIRONMENT,
	GROUP_MONITOR,
	GROUP_FILESYSTEM,
	GROUP_LOCKDOWN,
	GROUP_COUNT_,
} OptGroup;

/* What a shell should offer for an argument. */
typedef enum {
	ARG_TEXT, /* free text: nothing to complete */
	ARG_PATH, /* a host path */
	ARG_DEST, /* a path inside the sandbox */
	ARG_DIR, /* a directory */
	ARG_FD, /* a file descriptor number */
	ARG_NUMBER,
	ARG_ENV, /* an environment variable name */
	ARG_CAP, /* a capability name or ALL */
	ARG_OCTAL,
} ArgKind;

typedef struct ParseState ParseState;
typedef struct OptionDef OptionDef;
/* An option's handler (option-values.c): checks the arguments and records
 * them in st's Config. */
typedef int OptHandlerFn(ParseState *st, const OptionDef *def, char **args);
typedef OptHandlerFn *OptHandler;

/* The modifiers: options that set something of the option after them. An
 * option names the one it is (modifies) and those it accepts before it;
 * the parser, the error messages and --help all read this. */
enum {
	MOD_PERMS = 1u << 0, /* --perms */
	MOD_SIZE = 1u << 1, /* --size */
	MOD_LAYERS = 1u << 2, /* --overlay-src */
};

/* One option. Written with designated initialisers: every field not named
 * is 0, and only the fields its handler reads are named. */
struct OptionDef {
	const char *name; /* "--bind" */
	int n_args; /* 0..3 */
	const char *metavar; /* "SRC DEST", NULL when n_args is 0 */
	ArgKind arg_kind[3]; /* completion of each argument */
	OptGroup group;
	const char *help; /* one line, for --help, man page and zsh; see option_help() */
	/* when set, a list that ends the help line (--help, zsh): the options
	 * a modifier applies to, the names --rlimit takes */
	void (*help_list)(const OptionDef *def, char *out, size_t size);
	OptHandler handler;
	/* what the handler applies */
	OpKind op; /* the mount operation (h_dest, h_fd_dest, h_overlay) */
	unsigned op_flags; /* OPF_* of that operation (h_bind, h_fd_dest) */
	unsigned ns; /* NS_* (h_unshare, h_unshare_try) */
	size_t field; /* offsetof(Config, the field it sets) (h_bool, h_fd, h_label, h_port) */
	bool kept_by_sandbox; /* h_fd: not one of the fds closed before the command runs */
	unsigned modifies; /* MOD_*: the modifier this option is, or 0 */
	unsigned accepts; /* MOD_*: the modifiers that may come right before it */
};

extern const OptionDef option_table[];
extern const size_t option_table_len;

const char *option_group_title(OptGroup g);
const OptionDef *option_lookup(const char *name);
/* The help line of an option: def->help, followed, for a modifier, by the
 * options it applies to ("Mode of the next --tmpfs, --dir ..."). Valid
 * until the next call. */
const char *option_help(const OptionDef *def);
void options_print_help(FILE *out);
void options_print_version(FILE *out);

/* Maximum number of arguments, counting those read with --args. */
#define OPTIONS_MAX_ARGS 100000

/* argv (without the program name) -> cfg. Its only system calls read the
 * --args fds and check that the fds given are open (fcntl F_GETFD); it
 * performs no action. Logs and returns -errno on bad input. On success,
 * *exit_now is set when cfg->action asks for something other than running
 * a command (--help, --version, --print-seccomp-profile): main does it. */
int options_parse(int argc, char **argv, Config *cfg, bool *exit_now);

/* Cross-option checks that need the caller's uid (cfg->caller_uid). */
int options_validate(Config *cfg);

/* The namespaces that will be created (what --unshare-* asked for, plus a
 * user namespace for an unprivileged caller). */
unsigned options_effective_ns(const Config *cfg);
