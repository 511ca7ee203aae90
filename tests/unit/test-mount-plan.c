/* Unit tests for mount-plan.c: path normalisation and planning. */
#include "mount-plan.h"
#include "options.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

static void check_norm(const char *in, const char *want)
{
	char *got = path_normalize(in);
	g_assert_cmpstr(got, ==, want);
	free(got);
}

static void test_normalize(void)
{
	check_norm("/", "");
	check_norm("", "");
	check_norm("/usr", "usr");
	check_norm("usr/", "usr");
	check_norm("//usr///lib//", "usr/lib");
	check_norm("/./usr/./lib/.", "usr/lib");
	check_norm("/usr/../etc", "etc");
	check_norm("/..", "");
	check_norm("/../oldroot/tmp/x/y", "oldroot/tmp/x/y");
	check_norm("/a/b/../../../../c", "c");
	check_norm("/a/..b/.c", "a/..b/.c");
	check_norm("/a/b/..", "a");
	check_norm("../../x", "x");
}

static void test_plan_bind_and_tmpfs(void)
{
	Config c = {0};
	MountOp ops[] = {
		{.kind = OP_BIND,
		 .flags = OPF_READONLY,
		 .option = "--ro-bind",
		 .src = "/usr/",
		 .dest = "/usr/./",
		 .fd = -1},
		{.kind = OP_TMPFS, .option = "--tmpfs", .dest = "/tmp", .fd = -1},
		{.kind = OP_DIR,
		 .option = "--dir",
		 .dest = "/a/../b",
		 .fd = -1,
		 .has_perms = true,
		 .perms = 0700},
	};
	c.ops = ops;
	c.n_ops = G_N_ELEMENTS(ops);
	MountPlan p;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	g_assert_cmpuint(p.n, ==, 3);
	g_assert_cmpint(p.steps[0].kind, ==, STEP_BIND);
	/* a host source is left for the kernel to resolve, from the host root */
	g_assert_cmpstr(p.steps[0].src, ==, "usr/");
	g_assert_cmpstr(p.steps[0].dest, ==, "usr");
	g_assert_cmpuint(p.steps[0].flags, ==, OPF_READONLY);
	g_assert_cmpint(p.steps[1].kind, ==, STEP_TMPFS);
	g_assert_cmpuint(p.steps[1].mode, ==, 0755);
	g_assert_cmpstr(p.steps[2].dest, ==, "b");
	g_assert_cmpuint(p.steps[2].mode, ==, 0700);
	mount_plan_free(&p);
}

static void test_plan_dev(void)
{
	Config c = {0};
	MountOp op = {.kind = OP_DEV, .option = "--dev", .dest = "/dev", .fd = -1};
	c.ops = &op;
	c.n_ops = 1;
	MountPlan p;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	g_assert_cmpint(p.steps[0].kind, ==, STEP_TMPFS);
	/* nodev, as with bubblewrap: the device nodes are bind mounts */
	g_assert_false(p.steps[0].flags & OPF_DEVICES);
	bool null = false, ptmx = false, pts = false;
	for (size_t i = 0; i < p.n; i++) {
		const MountStep *s = &p.steps[i];
		g_assert_true(g_str_has_prefix(s->dest, "dev"));
		if (s->kind == STEP_BIND) {
			/* only device binds, and never read-write host paths */
			g_assert_true(s->flags & OPF_DEVICES);
			g_assert_true(g_str_has_prefix(s->src, "dev/"));
		}
		if (s->kind == STEP_BIND && strcmp(s->dest, "dev/null") == 0)
			null = true;
		if (s->kind == STEP_SYMLINK && strcmp(s->dest, "dev/ptmx") == 0)
			ptmx = strcmp(s->src, "pts/ptmx") == 0;
		if (s->kind == STEP_DEVPTS)
			pts = strcmp(s->dest, "dev/pts") == 0;
		/* /dev/shm as bubblewrap makes it, whatever the umask */
		if (s->kind == STEP_DIR && strcmp(s->dest, "dev/shm") == 0)
			g_assert_cmpuint(s->mode, ==, 0755);
	}
	g_assert_true(null && ptmx && pts);
	mount_plan_free(&p);
}

static void test_plan_from_argv(void)
{
	char *argv[] = {"--bind", "/x/l/../y", "/../../y", "--symlink", "../t", "/l",
			"--bind", "rel/../z",  "/z",	   "true",	NULL};
	Config c;
	config_init(&c);
	c.caller_cwd = g_strdup("/home/u");
	bool ex;
	g_assert_cmpint(options_parse(10, argv, &c, &ex), ==, 0);
	MountPlan p;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	g_assert_cmpuint(p.n, ==, 3);
	g_assert_cmpstr(p.steps[0].dest, ==, "y");
	/* ".." in a host source is the kernel's to resolve, after the symlink
	 * that may come before it; a relative source starts in the caller's
	 * working directory */
	g_assert_cmpstr(p.steps[0].src, ==, "x/l/../y");
	g_assert_cmpstr(p.steps[2].src, ==, "home/u/rel/../z");
	/* a symlink target is stored verbatim: it is resolved inside the root */
	g_assert_cmpstr(p.steps[1].src, ==, "../t");
	mount_plan_free(&p);
	config_free(&c);
}

/* Relative host paths are relative to the caller's directory; without one
 * the plan fails rather than guess. */
static void test_plan_relative_sources(void)
{
	const char *layers[] = {"low", "/abs/low"};
	MountOp ops[] = {
		{.kind = OP_BIND, .option = "--bind", .src = "a/../b", .dest = "/x", .fd = -1},
		{.kind = OP_OVERLAY,
		 .option = "--overlay",
		 .src = "./up",
		 .workdir = "../work",
		 .dest = "/o",
		 .fd = -1,
		 .layers = layers,
		 .n_layers = 2},
	};
	Config c = {.ops = ops, .n_ops = G_N_ELEMENTS(ops), .caller_cwd = "/home/u"};
	MountPlan p;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	/* a bind source keeps ".." for the kernel, which resolves it after any
	 * symlink before it (overlay layers are text in the mount options) */
	g_assert_cmpstr(p.steps[0].src, ==, "home/u/a/../b");
	g_assert_cmpstr(p.steps[1].layers[0], ==, "home/u/low");
	g_assert_cmpstr(p.steps[1].layers[1], ==, "abs/low");
	g_assert_cmpstr(p.steps[1].src, ==, "home/u/up");
	g_assert_cmpstr(p.steps[1].workdir, ==, "home/work");
	mount_plan_free(&p);

	c.caller_cwd = NULL;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, -ENOENT);
	g_assert_cmpuint(p.n, ==, 0);
	ops[0].src = "/abs";
	c.n_ops = 1;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	g_assert_cmpstr(p.steps[0].src, ==, "abs");
	mount_plan_free(&p);
}

/* Missing parents get 0755 less the group and other access the created
 * thing lacks (bubblewrap's rule); other steps' parents get 0755. */
static void test_plan_parent_modes(void)
{
	MountOp ops[] = {
		{.kind = OP_DIR, .option = "--dir", .dest = "/a", .fd = -1},
		{.kind = OP_DIR,
		 .option = "--dir",
		 .dest = "/b",
		 .fd = -1,
		 .has_perms = true,
		 .perms = 0710},
		{.kind = OP_DIR,
		 .option = "--dir",
		 .dest = "/c",
		 .fd = -1,
		 .has_perms = true,
		 .perms = 0604},
		{.kind = OP_TMPFS,
		 .option = "--tmpfs",
		 .dest = "/d",
		 .fd = -1,
		 .has_perms = true,
		 .perms = 01700},
		{.kind = OP_FILE, .option = "--file", .dest = "/e", .fd = 3},
		{.kind = OP_BIND_DATA, .option = "--bind-data", .dest = "/f", .fd = 3},
		{.kind = OP_BIND, .option = "--bind", .src = "/s", .dest = "/g", .fd = -1},
		{.kind = OP_DIR,
		 .option = "--dir",
		 .dest = "/h",
		 .fd = -1,
		 .has_perms = true,
		 .perms = 0},
	};
	/* a bind has no mode of its own: its parents are 0700, as bubblewrap's */
	const mode_t want[] = {0755, 0750, 0705, 0700, 0755, 0700, 0700, 0700};
	Config c = {.ops = ops, .n_ops = G_N_ELEMENTS(ops)};
	MountPlan p;
	g_assert_cmpint(mount_plan_build(&c, &p), ==, 0);
	g_assert_cmpuint(p.n, ==, G_N_ELEMENTS(want));
	for (size_t i = 0; i < p.n; i++)
		g_assert_cmpuint(p.steps[i].parent_mode, ==, want[i]);
	mount_plan_free(&p);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/mount-plan/normalize", test_normalize);
	g_test_add_func("/mount-plan/bind-and-tmpfs", test_plan_bind_and_tmpfs);
	g_test_add_func("/mount-plan/dev", test_plan_dev);
	g_test_add_func("/mount-plan/from-argv", test_plan_from_argv);
	g_test_add_func("/mount-plan/relative-sources", test_plan_relative_sources);
	g_test_add_func("/mount-plan/parent-modes", test_plan_parent_modes);
	return g_test_run();
}
