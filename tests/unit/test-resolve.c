/* Unit tests for mount_resolve (openat2 RESOLVE_IN_ROOT) and its fallback
 * walk: nothing may resolve outside the given root. */
#include "mount.h"

#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

typedef int (*Resolver)(int root, const char *path, int flags);

typedef struct {
	char *outside; /* a temp dir holding root/ and a secret file beside it */
	int root;
} Tree;

static void tree_setup(Tree *t)
{
	GError *err = NULL;
	t->outside = g_dir_make_tmp("bwrap-resolve-XXXXXX", &err);
	g_assert_no_error(err);
	char *root = g_build_filename(t->outside, "root", NULL);
	char *secret = g_build_filename(t->outside, "secret", NULL);
	g_assert_cmpint(g_mkdir(root, 0755), ==, 0);
	g_assert_true(g_file_set_contents(secret, "host", -1, NULL));
	t->root = open(root, O_PATH | O_DIRECTORY | O_CLOEXEC);
	g_assert_cmpint(t->root, >=, 0);
	/* inside the root: a real dir and file, and hostile links */
	g_assert_cmpint(mkdirat(t->root, "dir", 0755), ==, 0);
	int f = openat(t->root, "dir/file", O_CREAT | O_WRONLY | O_CLOEXEC, 0644);
	g_assert_cmpint(f, >=, 0);
	close(f);
	g_assert_cmpint(symlinkat("/dir", t->root, "abs"), ==, 0);
	g_assert_cmpint(symlinkat("dir/file", t->root, "rel"), ==, 0);
	g_assert_cmpint(symlinkat("../secret", t->root, "up"), ==, 0);
	g_assert_cmpint(symlinkat("../../../../secret", t->root, "dir/deepup"), ==, 0);
	g_assert_cmpint(symlinkat(secret, t->root, "hostabs"), ==, 0);
	g_assert_cmpint(symlinkat("loop2", t->root, "loop1"), ==, 0);
	g_assert_cmpint(symlinkat("loop1", t->root, "loop2"), ==, 0);
	g_assert_cmpint(symlinkat("/proc/self/root/etc", t->root, "magic"), ==, 0);
	g_free(root);
	g_free(secret);
}

static void tree_teardown(Tree *t)
{
	close(t->root);
	char *cmd = g_strdup_printf("rm -rf '%s'", t->outside);
	g_assert_cmpint(system(cmd), ==, 0);
	g_free(cmd);
	g_free(t->outside);
}

/* Resolving 'path' gives the inode of 'want' inside the root, or errno. */
static void expect(Resolver resolve, Tree *t, const char *path, const char *want, int err)
{
	int fd = resolve(t->root, path, O_PATH);
	g_test_message("resolving '%s' gives %d", path, fd);
	if (!want) {
		g_assert_cmpint(fd, ==, -err);
		return;
	}
	g_assert_cmpint(fd, >=, 0);
	struct stat a, b;
	g_assert_cmpint(fstat(fd, &a), ==, 0);
	g_assert_cmpint(fstatat(t->root, want, &b, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH), ==, 0);
	g_assert_cmpuint(a.st_ino, ==, b.st_ino);
	g_assert_cmpuint(a.st_dev, ==, b.st_dev);
	close(fd);
}

static void check_resolver(Resolver resolve)
{
	Tree t;
	tree_setup(&t);
	expect(resolve, &t, "dir/file", "dir/file", 0);
	expect(resolve, &t, "", "", 0);
	expect(resolve, &t, "abs/file", "dir/file", 0);
	expect(resolve, &t, "rel", "dir/file", 0);
	/* ".." and symlinks never leave the root */
	expect(resolve, &t, "../secret", NULL, ENOENT);
	expect(resolve, &t, "../../../../secret", NULL, ENOENT);
	expect(resolve, &t, "dir/../../secret", NULL, ENOENT);
	expect(resolve, &t, "up", NULL, ENOENT);
	expect(resolve, &t, "dir/deepup", NULL, ENOENT);
	expect(resolve, &t, "hostabs", NULL, ENOENT);
	expect(resolve, &t, "../dir", "dir", 0);
	expect(resolve, &t, "../root/dir", NULL, ENOENT);
	expect(resolve, &t, "loop1", NULL, ELOOP);
	expect(resolve, &t, "dir/file/x", NULL, ENOTDIR);
	/* the link text is taken inside the root: /proc does not exist there */
	expect(resolve, &t, "magic", NULL, ENOENT);
	int fd;
	/* O_NOFOLLOW leaves a final symlink alone */
	fd = resolve(t.root, "abs", O_PATH | O_NOFOLLOW);
	g_assert_cmpint(fd, >=, 0);
	struct stat st;
	g_assert_cmpint(fstatat(fd, "", &st, AT_EMPTY_PATH), ==, 0);
	g_assert_true(S_ISLNK(st.st_mode));
	close(fd);
	/* O_DIRECTORY is honoured */
	g_assert_cmpint(resolve(t.root, "rel", O_PATH | O_DIRECTORY), ==, -ENOTDIR);
	tree_teardown(&t);
}

static void test_openat2(void)
{
	check_resolver(mount_resolve);
}

static void test_walk(void)
{
	check_resolver(mount_resolve_walk);
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/resolve/openat2", test_openat2);
	g_test_add_func("/resolve/walk", test_walk);
	return g_test_run();
}
