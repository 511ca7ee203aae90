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
typedef int (*OptHandler)(ParseState *st, const OptionDef *def, char **args);

struct OptionDef {
	const char *name; /* "--bind" */
	int n_args; /* 0..3 */
	const char *metavar; /* "SRC DEST", NULL when n_args is 0 */
	ArgKind arg_kind[3]; /* completion of each argument */
	OptGroup group;
	const char *help; /* one line, for --help, man page and zsh */
	OptHandler handler;
	unsigned data; /* handler-specific: flags, namespace bit */
};

extern const OptionDef option_table[];
extern const size_t option_table_len;

const char *option_group_title(OptGroup g);
const OptionDef *option_lookup(const char *name);
void options_print_help(FILE *out);

/* Maximum number of arguments, counting those read with --args. */
#define OPTIONS_MAX_ARGS 100000

/* argv (without the program name) -> cfg. Reads --args fds, but makes no
 * other system call. Logs and returns -errno on bad input. On success,
 * *exit_now is set when --help/--version was handled. */
int options_parse(int argc, char **argv, Config *cfg, bool *exit_now);

/* Cross-option checks that need the caller's uid (cfg->caller_uid). */
int options_validate(Config *cfg);

/* The namespaces that will be created (what --unshare-* asked for, plus a
 * user namespace for an unprivileged caller). */
unsigned options_effective_ns(const Config *cfg);
