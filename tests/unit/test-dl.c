/* test-dl.c - the on-demand loader (bwrap/dl.c): a table is filled only when
 * every symbol resolves, a failure names the option and the library and is
 * returned again without another attempt, and the dlopen notes are in the
 * binary with the convention's owner and type. */
#include "dl.h"

#include <errno.h>
#include <glib.h>
#include <string.h>

static __typeof__(&strlen) sym_strlen;
static __typeof__(&strcmp) sym_strcmp;
static int (*sym_no_such_function_in_libc)(void);

static void test_load(void)
{
	const DlSym syms[] = {DL_SYM(strlen), DL_SYM(strcmp)};
	DlLib lib = DL_LIB("libc.so.6", syms);
	g_assert_false(dl_loaded(&lib));
	g_assert_cmpint(dl_load(&lib, "--test"), ==, 0);
	g_assert_true(dl_loaded(&lib));
	g_assert_nonnull(sym_strlen);
	g_assert_cmpuint(sym_strlen("four"), ==, 4);
	g_assert_cmpint(sym_strcmp("a", "a"), ==, 0);
	g_assert_cmpint(dl_load(&lib, "--test"), ==, 0); /* once */
}

static void test_missing_library(void)
{
	if (g_test_subprocess()) {
		const DlSym syms[] = {DL_SYM(strlen)};
		DlLib lib = DL_LIB("libbwrap-test-missing.so.9", syms);
		sym_strlen = NULL;
		g_assert_cmpint(dl_load(&lib, "--some-option"), ==, -ENOTSUP);
		g_assert_cmpint(dl_load(&lib, "--some-option"), ==, -ENOTSUP);
		g_assert_false(dl_loaded(&lib));
		g_assert_null(sym_strlen);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	/* one line, naming the option and the library, the loader's reason
	 * without the name repeated; not logged again on the second call */
	g_test_trap_assert_stderr("bwrap: --some-option: cannot load libbwrap-test-missing.so.9: "
				  "cannot open shared object file: No such file or directory\n");
}

static void test_missing_symbol(void)
{
	if (g_test_subprocess()) {
		const DlSym syms[] = {DL_SYM(strlen), DL_SYM(no_such_function_in_libc)};
		DlLib lib = DL_LIB("libc.so.6", syms);
		sym_strlen = NULL;
		g_assert_cmpint(dl_load(&lib, "--opt"), ==, -ENOTSUP);
		g_assert_false(dl_loaded(&lib));
		g_assert_null(sym_strlen); /* all or nothing */
		g_assert_null(sym_no_such_function_in_libc);
		return;
	}
	g_test_trap_subprocess(NULL, 0, G_TEST_SUBPROCESS_DEFAULT);
	g_test_trap_assert_passed();
	g_test_trap_assert_stderr(
		"bwrap: --opt: cannot load libc.so.6: it has no symbol no_such_function_in_libc\n");
}

DL_NOTE(test_note, "[{\"feature\":\"test\",\"soname\":[\"libtest.so.1\"]}]");

static void test_note_layout(void)
{
	g_assert_cmpuint(test_note.namesz, ==, 4);
	g_assert_cmpstr(test_note.name, ==, "FDO");
	g_assert_cmpuint(test_note.type, ==, 0x407c0c0a);
	g_assert_cmpuint(test_note.descsz, ==, strlen(test_note.desc) + 1);
	g_assert_cmpuint(sizeof test_note % 4, ==, 0);
	g_assert_cmpstr(test_note.desc, ==,
			"[{\"feature\":\"test\",\"soname\":[\"libtest.so.1\"]}]");
}

int main(int argc, char **argv)
{
	g_test_init(&argc, &argv, NULL);
	g_test_add_func("/dl/load", test_load);
	g_test_add_func("/dl/missing-library", test_missing_library);
	g_test_add_func("/dl/missing-symbol", test_missing_symbol);
	g_test_add_func("/dl/note-layout", test_note_layout);
	return g_test_run();
}
