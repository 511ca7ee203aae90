/* Unit tests for options.c: the table-driven parser, with no system calls. */
#include "caps.h"
#include "options.h"

#include <errno.h>
#include <glib.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

/* Parse a NULL-terminated list of arguments as if given after "bwrap". */
static int parse(Config *cfg, bool *exit_now, ...)
{
	char *args[64];
	int n = 0;
	va_list ap;
	va_start(ap, exit_now);
	for (char *a; (a = va_arg(ap, char *)) != NULL;)
		args[n++] = a;
	va_end(ap);
	args[n] = NULL;
	config_init(cfg);
	cfg->caller_uid = 1000;
	cfg->caller_gid = 1000;
	return options_parse(n, args, cfg, exit_now);
}

/* stderr goes to a file while a failure is expected, so that its one
 * line can be checked */
typedef struct {
	int saved;
	FILE *file;
} Capture;

static Capture capture_start(void)
{
	Capture cap = {.saved = dup(2), .file = tmpfile()};
	g_assert_cmpint(cap.saved, >=, 0);
	g_assert_nonnull(cap.file);
	fflush(stderr);
	g_assert_cmpint(dup2(fileno(cap.file), 2), ==, 2);
	return cap;
}

static char *capture_end(Capture cap)
{
	fflush(stderr);
	g_assert_cmpint(dup2(cap.saved, 2), ==, 2);
	close(cap.saved);
	char buf[4096];
	rewind(cap.file);
	size_t n = fread(buf, 1, sizeof buf - 1, cap.file);
	buf[n] = '\0';
	fclose(cap.file);
	return g_strdup(buf);
}

/* 'call' fails with -err and logs a line that holds 'msg' */
#define EXPECT_FAILURE(call, err, msg)                                                             \
	do {                                                                                       \
		Capture cap_ = capture_start();                                                    \
		int r_ = (call);                                                                   \
		char *log_ = capture_end(cap_);                                                    \
		g_assert_cmpint(r_, ==, (err));                                                    \
		if (!strstr(log_, (msg)))                                                          \
			g_error("expected '%s' in the message, got '%s'", (msg), log_);            \
		g_free(log_);                                                                      \
	} while (0)

static void test_command_after_options(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--unshare-pid", "ls", "-l", "--bind", NULL), ==, 0);
	g_assert_false(ex);
	g_assert_cmpint(c.argc, ==, 3);
	g_assert_cmpstr(c.argv[0], ==, "ls");
	g_assert_cmpstr(c.argv[2], ==, "--bind");
	g_assert_null(c.argv[3]);
	g_assert_true(c.ns & NS_PID);
	config_free(&c);
}

static void test_double_dash(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--", "--help", NULL), ==, 0);
	g_assert_false(ex);
	g_assert_cmpint(c.argc, ==, 1);
	g_assert_cmpstr(c.argv[0], ==, "--help");
	config_free(&c);
}

static void test_no_command(void)
{
	Config c;
	bool ex;
	EXPECT_FAILURE(parse(&c, &ex, "--unshare-net", NULL), -EINVAL, "bwrap: no command given");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--", NULL), -EINVAL, "bwrap: no command given");
	config_free(&c);
}

static void test_unknown_and_missing(void)
{
	Config c;
	bool ex;
	EXPECT_FAILURE(parse(&c, &ex, "--frobnicate", "true", NULL), -EINVAL,
		       "bwrap: --frobnicate: unknown option");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--bind", "/a", NULL), -EINVAL,
		       "bwrap: --bind: takes 2 arguments (SRC DEST)");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--uid", NULL), -EINVAL,
		       "bwrap: --uid: takes 1 argument (UID)");
	config_free(&c);
}

static void test_ids(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--uid", "0", "--gid", "4294967294", "true", NULL), ==, 0);
	g_assert_true(c.uid_set && c.gid_set);
	g_assert_cmpuint(c.sandbox_uid, ==, 0);
	g_assert_cmpuint(c.sandbox_gid, ==, 4294967294u);
	config_free(&c);
	const char *bad[] = {"abc", "-1", "", "1x", "+1", " 1"};
	for (size_t i = 0; i < G_N_ELEMENTS(bad); i++) {
		EXPECT_FAILURE(parse(&c, &ex, "--uid", bad[i], "true", NULL), -EINVAL,
			       "not a decimal number");
		config_free(&c);
	}
	/* (uid_t)-1 means "no change" to the kernel: never an id */
	const char *big[] = {"4294967295", "4294967296"};
	for (size_t i = 0; i < G_N_ELEMENTS(big); i++) {
		EXPECT_FAILURE(parse(&c, &ex, "--gid", big[i], "true", NULL), -EINVAL,
			       "out of range");
		config_free(&c);
	}
}

static void test_unshare_all_share_net(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--unshare-all", "--share-net", "true", NULL), ==, 0);
	g_assert_cmpuint(c.ns, ==, NS_IPC | NS_PID | NS_UTS);
	g_assert_cmpuint(c.ns_try, ==, NS_USER | NS_CGROUP);
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "--share-net", "--unshare-net", "true", NULL), ==, 0);
	g_assert_true(c.ns & NS_NET);
	config_free(&c);
}

static void test_ops_in_order(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--ro-bind", "/usr", "/usr", "--tmpfs", "/tmp", "--bind-try",
			      "/x", "/y", "--dev-bind", "/dev", "/dev", "--symlink", "usr/bin",
			      "/bin", "--dir", "/d", "true", NULL),
			==, 0);
	g_assert_cmpuint(c.n_ops, ==, 6);
	g_assert_cmpint(c.ops[0].kind, ==, OP_BIND);
	g_assert_cmpuint(c.ops[0].flags, ==, OPF_READONLY);
	g_assert_cmpint(c.ops[1].kind, ==, OP_TMPFS);
	g_assert_cmpuint(c.ops[2].flags, ==, OPF_TRY);
	g_assert_cmpuint(c.ops[3].flags, ==, OPF_DEVICES);
	g_assert_cmpint(c.ops[4].kind, ==, OP_SYMLINK);
	g_assert_cmpstr(c.ops[4].src, ==, "usr/bin");
	g_assert_cmpstr(c.ops[4].dest, ==, "/bin");
	g_assert_cmpint(c.ops[5].kind, ==, OP_DIR);
	config_free(&c);
}

static void test_env_ops(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(
		parse(&c, &ex, "--setenv", "A", "1", "--clearenv", "--unsetenv", "B", "true", NULL),
		==, 0);
	g_assert_cmpuint(c.n_env, ==, 3);
	g_assert_cmpint(c.env[0].kind, ==, ENV_SET);
	g_assert_cmpstr(c.env[0].value, ==, "1");
	g_assert_cmpint(c.env[1].kind, ==, ENV_CLEAR);
	g_assert_cmpint(c.env[2].kind, ==, ENV_UNSET);
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--setenv", "A=B", "1", "true", NULL), -EINVAL,
		       "bwrap: --setenv: 'A=B': a variable name cannot contain '='");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--unsetenv", "", "true", NULL), -EINVAL,
		       "bwrap: --unsetenv: '': empty variable name");
	config_free(&c);
}

static void test_validate(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--hostname", "h", "true", NULL), ==, 0);
	EXPECT_FAILURE(options_validate(&c), -EINVAL, "bwrap: --hostname: requires --unshare-uts");
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "--hostname", "h", "--unshare-uts", "true", NULL), ==, 0);
	g_assert_cmpint(options_validate(&c), ==, 0);
	config_free(&c);
	/* root without a user namespace cannot change ids */
	g_assert_cmpint(parse(&c, &ex, "--uid", "5", "true", NULL), ==, 0);
	c.caller_uid = 0;
	EXPECT_FAILURE(options_validate(&c), -EINVAL,
		       "bwrap: --uid: requires a user namespace (--unshare-user)");
	config_free(&c);
	/* an ordinary user always gets one */
	g_assert_cmpint(parse(&c, &ex, "--uid", "5", "true", NULL), ==, 0);
	g_assert_cmpint(options_validate(&c), ==, 0);
	g_assert_true(options_effective_ns(&c) & NS_USER);
	g_assert_cmpuint(c.sandbox_gid, ==, 1000);
	config_free(&c);
}

static void test_path_limits(void)
{
	Config c;
	bool ex;
	char longname[300];
	memset(longname, 'a', sizeof longname - 1);
	longname[0] = '/';
	longname[sizeof longname - 1] = '\0';
	EXPECT_FAILURE(parse(&c, &ex, "--dir", longname, "true", NULL), -EINVAL,
		       "a path component is longer than NAME_MAX");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--dir", "", "true", NULL), -EINVAL,
		       "bwrap: --dir: '': empty path");
	config_free(&c);
}

static void test_args_fd(void)
{
	Config c;
	bool ex;
	int p[2];
	g_assert_cmpint(pipe(p), ==, 0);
	static const char data[] = "--unshare-uts\0--hostname\0box\0";
	g_assert_cmpint(write(p[1], data, sizeof data - 1), ==, (ssize_t)sizeof data - 1);
	close(p[1]);
	char fd[16];
	g_snprintf(fd, sizeof fd, "%d", p[0]);
	g_assert_cmpint(parse(&c, &ex, "--args", fd, "echo", NULL), ==, 0);
	close(p[0]);
	g_assert_cmpstr(c.hostname, ==, "box");
	g_assert_true(c.ns & NS_UTS);
	g_assert_cmpstr(c.argv[0], ==, "echo");
	config_free(&c);

	/* an unterminated last argument ends at the end of the data, and
	 * empty data adds nothing, as with bubblewrap */
	g_assert_cmpint(pipe(p), ==, 0);
	g_assert_cmpint(write(p[1], "--unshare-uts", 13), ==, 13);
	close(p[1]);
	g_snprintf(fd, sizeof fd, "%d", p[0]);
	g_assert_cmpint(parse(&c, &ex, "--args", fd, "echo", NULL), ==, 0);
	close(p[0]);
	g_assert_true(c.ns & NS_UTS);
	g_assert_cmpstr(c.argv[0], ==, "echo");
	config_free(&c);
	g_assert_cmpint(pipe(p), ==, 0);
	close(p[1]);
	g_snprintf(fd, sizeof fd, "%d", p[0]);
	g_assert_cmpint(parse(&c, &ex, "--args", fd, "echo", NULL), ==, 0);
	close(p[0]);
	g_assert_cmpstr(c.argv[0], ==, "echo");
	config_free(&c);

	EXPECT_FAILURE(parse(&c, &ex, "--args", "-3", "echo", NULL), -EINVAL,
		       "bwrap: Invalid fd: -3");
	config_free(&c);
}

/* Modifiers apply to the options the table says, and the messages and the
 * help name those options. */
static void test_modifiers(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--perms", "0700", "--size", "4096", "--tmpfs", "/t",
			      "--perms", "0600", "--file", "0", "/f", "true", NULL),
			==, 0);
	g_assert_cmpuint(c.n_ops, ==, 2);
	g_assert_cmpuint(c.ops[0].perms, ==, 0700);
	g_assert_cmpuint(c.ops[0].size, ==, 4096);
	g_assert_true(c.ops[1].has_perms);
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--perms", "0700", "--bind", "/a", "/b", "true", NULL),
		       -EINVAL,
		       "bwrap: --perms: must be followed by --tmpfs, --dir, --file, --bind-data or "
		       "--ro-bind-data, not --bind");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--size", "1", "--dir", "/a", "true", NULL), -EINVAL,
		       "bwrap: --size: must be followed by --tmpfs, not --dir");
	config_free(&c);
	EXPECT_FAILURE(
		parse(&c, &ex, "--perms", "0700", "--perms", "0700", "--dir", "/a", "true", NULL),
		-EINVAL, "bwrap: --perms: given twice for the same operation");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--overlay-src", "/a", "true", NULL), -EINVAL,
		       "bwrap: --overlay-src must be followed by another --overlay-src or one of "
		       "--overlay, --tmp-overlay, or --ro-overlay");
	config_free(&c);
	/* left over at the end: ignored, as by bubblewrap */
	g_assert_cmpint(parse(&c, &ex, "--perms", "0700", "true", NULL), ==, 0);
	config_free(&c);
	g_assert_cmpstr(option_help(option_lookup("--size")), ==,
			"Size limit in bytes of the next --tmpfs");
}

/* --help, --version and --print-seccomp-profile are done by main, not by
 * the parser: it only says which */
static void test_actions(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(
		parse(&c, &ex, "--print-seccomp-profile", "/nonexistent", "--frobnicate", NULL), ==,
		0);
	g_assert_true(ex);
	g_assert_cmpint(c.action, ==, ACTION_PRINT_PROFILE);
	g_assert_cmpstr(c.print_profile, ==, "/nonexistent");
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "--help", NULL), ==, 0);
	g_assert_true(ex);
	g_assert_cmpint(c.action, ==, ACTION_HELP);
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "true", NULL), ==, 0);
	g_assert_false(ex);
	g_assert_cmpint(c.action, ==, ACTION_RUN);
	config_free(&c);
}

/* bwrap's capability table: the kernel's numbers, both ways, and the
 * spellings libcap's cap_from_name accepted through bwrap before. */
static void test_cap_names(void)
{
	static const struct {
		const char *name;
		int cap;
	} known[] = {{"CAP_CHOWN", 0},	  {"CAP_KILL", 5},	 {"CAP_SETPCAP", 8},
		     {"CAP_NET_RAW", 13}, {"CAP_SYS_ADMIN", 21}, {"CAP_SETFCAP", 31},
		     {"CAP_SYSLOG", 34},  {"CAP_BPF", 39},	 {"CAP_CHECKPOINT_RESTORE", 40}};
	char buf[64];
	for (size_t i = 0; i < sizeof known / sizeof known[0]; i++) {
		g_assert_cmpint(caps_from_name(known[i].name), ==, known[i].cap);
		g_assert_cmpint(caps_name(known[i].cap, buf, sizeof buf), ==, 0);
		g_assert_cmpstr(buf, ==, known[i].name);
	}
	for (int c = 0; c <= 40; c++) {
		g_assert_cmpint(caps_name(c, buf, sizeof buf), ==, 0);
		g_assert_cmpint(caps_from_name(buf), ==, c);
		g_assert_cmpint(caps_from_name(buf + 4), ==, c); /* without CAP_ */
	}
	g_assert_cmpint(caps_name(41, buf, sizeof buf), ==, -EINVAL);
	g_assert_cmpint(caps_name(-1, buf, sizeof buf), ==, -EINVAL);
	g_assert_cmpint(caps_from_name("cap_sys_admin"), ==, 21);
	g_assert_cmpint(caps_from_name("Sys_Admin"), ==, 21);
	/* the name is the leading run of letters and underscores */
	g_assert_cmpint(caps_from_name("cap_chown1"), ==, 0);
	static const char *const refused[] = {
		"",	  "CAP_",	   "5",	  "cap_5",     "chow",
		"chownx", "cap_cap_chown", "ALL", "sys-admin", "CAP_NOPE"};
	for (size_t i = 0; i < sizeof refused / sizeof refused[0]; i++)
		g_assert_cmpint(caps_from_name(refused[i]), ==, -EINVAL);
}

static void test_rlimit_and_caps(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--rlimit", "nofile=10:20", "--cap-add", "ALL", "--cap-drop",
			      "sys_admin", "true", NULL),
			==, 0);
	g_assert_cmpuint(c.n_rlimits, ==, 1);
	g_assert_cmpuint(c.rlimits[0].soft, ==, 10);
	g_assert_cmpuint(c.rlimits[0].hard, ==, 20);
	g_assert_cmpuint(c.n_caps, ==, 2);
	g_assert_true(c.caps[0].add && c.caps[0].mask == ~UINT64_C(0));
	g_assert_true(!c.caps[1].add && c.caps[1].mask == UINT64_C(1) << 21);
	config_free(&c);
	EXPECT_FAILURE(
		parse(&c, &ex, "--rlimit", "foo=1", "true", NULL), -EINVAL,
		"bwrap: --rlimit: 'foo=1': unknown limit (as, core, cpu, data, fsize, memlock, "
		"nofile, nproc, stack)");
	config_free(&c);
	EXPECT_FAILURE(parse(&c, &ex, "--cap-add", "CAP_NOPE", "true", NULL), -EINVAL,
		       "bwrap: --cap-add: 'CAP_NOPE': unknown capability");
	config_free(&c);
}

static void test_table_sane(void)
{
	for (size_t i = 0; i < option_table_len; i++) {
		const OptionDef *d = &option_table[i];
		g_assert_true(g_str_has_prefix(d->name, "--"));
		g_assert_nonnull(d->help);
		g_assert_nonnull(d->handler);
		g_assert_true(option_lookup(d->name) == d);
		/* the metavar names exactly n_args arguments */
		int words = 0;
		if (d->metavar) {
			gchar **w = g_strsplit(d->metavar, " ", -1);
			words = (int)g_strv_length(w);
			g_strfreev(w);
		}
		g_assert_cmpint(words, ==, d->n_args);
	}
}

static void test_cgroup_and_time(void)
{
	Config c;
	bool ex;
	g_assert_cmpint(parse(&c, &ex, "--memory-max", "64M", "--pids-max", "32", "--cpu-max",
			      "50%", "--cgroup-parent", "/sys/fs/cgroup/x", "--unshare-time",
			      "--boottime-offset", "-30", "true", NULL),
			==, 0);
	g_assert_cmpuint(c.cgroup.set, ==, CG_MEMORY_MAX | CG_PIDS_MAX | CG_CPU_MAX);
	g_assert_cmpuint(c.cgroup.memory_max, ==, 64u << 20);
	g_assert_cmpuint(c.cgroup.pids_max, ==, 32);
	g_assert_cmpuint(c.cgroup.cpu_quota_us, ==, 50000);
	g_assert_cmpuint(c.cgroup.cpu_period_us, ==, 100000);
	g_assert_cmpstr(c.cgroup.parent, ==, "/sys/fs/cgroup/x");
	g_assert_true(c.ns & NS_TIME);
	g_assert_cmpint(c.boottime_offset, ==, -30);
	g_assert_cmpint(c.monotonic_offset, ==, 0);
	g_assert_cmpstr(c.time_offset_option, ==, "--boottime-offset");
	g_assert_cmpint(options_validate(&c), ==, 0);
	config_free(&c);
	/* an offset needs the namespace */
	g_assert_cmpint(parse(&c, &ex, "--monotonic-offset", "5", "true", NULL), ==, 0);
	g_assert_cmpint(options_validate(&c), <, 0);
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "--cpu-weight", "0", "true", NULL), <, 0);
	config_free(&c);
	g_assert_cmpint(parse(&c, &ex, "--memory-swap-max", "1Q", "true", NULL), <, 0);
	config_free(&c);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/options/command-after-options", test_command_after_options);
	g_test_add_func("/options/double-dash", test_double_dash);
	g_test_add_func("/options/no-command", test_no_command);
	g_test_add_func("/options/unknown-and-missing", test_unknown_and_missing);
	g_test_add_func("/options/ids", test_ids);
	g_test_add_func("/options/unshare-all-share-net", test_unshare_all_share_net);
	g_test_add_func("/options/ops-in-order", test_ops_in_order);
	g_test_add_func("/options/env-ops", test_env_ops);
	g_test_add_func("/options/validate", test_validate);
	g_test_add_func("/options/path-limits", test_path_limits);
	g_test_add_func("/options/args-fd", test_args_fd);
	g_test_add_func("/options/modifiers", test_modifiers);
	g_test_add_func("/options/actions", test_actions);
	g_test_add_func("/options/rlimit-and-caps", test_rlimit_and_caps);
	g_test_add_func("/options/cap-names", test_cap_names);
	g_test_add_func("/options/table", test_table_sane);
	g_test_add_func("/options/cgroup-and-time", test_cgroup_and_time);
	return g_test_run();
}
