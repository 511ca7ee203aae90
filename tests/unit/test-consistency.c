/* test-consistency.c - the option table in bwrap/options.c is the single
 * source of truth; check that --help, the man page and the bash and zsh
 * completions all agree with it, in both directions, so that an option
 * added to (or removed from) the table without updating the others makes
 * this test fail with a message naming the option and the file. */
#include "options.h"

#include <glib.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#ifndef TOP_SRCDIR
#define TOP_SRCDIR "."
#endif

#define MAN_PAGE "man/bwrap.1"
#define BASH_COMPLETION "completions/bash/bwrap"
#define ZSH_COMPLETION "completions/zsh/_bwrap"

/* ---- helpers ------------------------------------------------------------ */

/* Report one problem without stopping the test, so that a run lists every
 * inconsistency at once. */
static void G_GNUC_PRINTF(1, 2) fail(const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	char *msg = g_strdup_vprintf(fmt, ap);
	va_end(ap);
	g_test_message("%s", msg);
	g_free(msg);
	g_test_fail();
}

static char *read_source_file(const char *rel)
{
	char *path = g_build_filename(TOP_SRCDIR, rel, NULL);
	char *text = NULL;
	GError *err = NULL;
	if (!g_file_get_contents(path, &text, NULL, &err)) {
		fail("%s: cannot read: %s", rel, err->message);
		g_clear_error(&err);
	}
	g_free(path);
	return text;
}

static bool is_name_char(char c)
{
	return g_ascii_isalnum(c) || c == '-' || c == '_';
}

static const char *kind_word(ArgKind k)
{
	switch (k) {
	case ARG_TEXT:
		return "text";
	case ARG_PATH:
		return "path";
	case ARG_DEST:
		return "dest";
	case ARG_DIR:
		return "dir";
	case ARG_FD:
		return "fd";
	case ARG_NUMBER:
		return "number";
	case ARG_ENV:
		return "env";
	case ARG_CAP:
		return "cap";
	case ARG_OCTAL:
		return "octal";
	}
	return "?";
}

/* The zsh action expected for an argument of each kind. */
static const char *zsh_action(ArgKind k)
{
	switch (k) {
	case ARG_PATH:
	case ARG_DEST:
		return "_files";
	case ARG_DIR:
		return "_files -/";
	case ARG_ENV:
		return "_bwrap_env_names";
	case ARG_CAP:
		return "_bwrap_caps";
	default:
		return " ";
	}
}

/* The words of an option's metavar ("SRC DEST" -> {"SRC", "DEST"}). */
static char **metavar_words(const OptionDef *d)
{
	if (!d->metavar)
		return g_new0(char *, 1);
	return g_strsplit(d->metavar, " ", -1);
}

static bool group_is_used(OptGroup g)
{
	for (size_t i = 0; i < option_table_len; i++)
		if (option_table[i].group == g)
			return true;
	return false;
}

/* Every "--word" in text (after roff's "\-" has been turned into "-"),
 * where a word is letters, digits and dashes, not preceded by a name
 * character. A word ending in '-' and followed by '*' ("--unshare-*") is
 * kept with its '*', as a prefix pattern. */
static GPtrArray *option_words(const char *text)
{
	GPtrArray *words = g_ptr_array_new_with_free_func(g_free);
	for (const char *p = text; (p = strstr(p, "--")) != NULL;) {
		bool starts_word = p == text || !is_name_char(p[-1]);
		const char *q = p + 2;
		if (!starts_word || !g_ascii_isalnum(*q)) {
			while (*p == '-')
				p++;
			continue;
		}
		while (g_ascii_isalnum(*q) || *q == '-')
			q++;
		if (q[-1] == '-' && *q == '*')
			q++;
		g_ptr_array_add(words, g_strndup(p, (size_t)(q - p)));
		p = q;
	}
	return words;
}

/* Is word (maybe a "--prefix-*" pattern) a table option, or a prefix of one? */
static bool word_in_table(const char *word)
{
	size_t len = strlen(word);
	if (len > 0 && word[len - 1] == '*') {
		for (size_t i = 0; i < option_table_len; i++)
			if (strncmp(option_table[i].name, word, len - 1) == 0)
				return true;
		return false;
	}
	return option_lookup(word) != NULL;
}

static void check_words_known(const char *file, const char *text)
{
	GPtrArray *words = option_words(text);
	for (guint i = 0; i < words->len; i++) {
		const char *w = words->pdata[i];
		if (!word_in_table(w))
			fail("%s: mentions option %s, which is not in option_table "
			     "(bwrap/options.c)",
			     file, w);
	}
	g_ptr_array_unref(words);
}

/* ---- the table itself --------------------------------------------------- */

static void test_table_sane(void)
{
	g_assert_cmpuint(option_table_len, >, 0);
	for (size_t i = 0; i < option_table_len; i++) {
		const OptionDef *d = &option_table[i];
		if (!d->name || !g_str_has_prefix(d->name, "--") || strlen(d->name) < 3) {
			fail("option_table[%zu]: bad name '%s'", i, d->name ? d->name : "(null)");
			continue;
		}
		for (const char *c = d->name + 2; *c; c++)
			if (!g_ascii_islower(*c) && !g_ascii_isdigit(*c) && *c != '-')
				fail("%s: name has a character other than a-z, 0-9, '-'", d->name);
		if (option_lookup(d->name) != d)
			fail("%s: appears more than once in option_table", d->name);
		if (d->n_args < 0 || d->n_args > 3)
			fail("%s: n_args is %d, not 0..3", d->name, d->n_args);
		if ((d->n_args == 0) != (d->metavar == NULL))
			fail("%s: metavar must be NULL exactly when n_args is 0", d->name);
		char **mv = metavar_words(d);
		if (d->metavar && (int)g_strv_length(mv) != d->n_args)
			fail("%s: metavar '%s' has %u words but n_args is %d", d->name, d->metavar,
			     g_strv_length(mv), d->n_args);
		g_strfreev(mv);
		if (!d->help || !*d->help || strchr(d->help, '\n'))
			fail("%s: help must be one non-empty line", d->name);
		if ((unsigned)d->group >= GROUP_COUNT_ || !*option_group_title(d->group))
			fail("%s: bad group %d", d->name, (int)d->group);
		if (!d->handler)
			fail("%s: no handler", d->name);
	}
}

/* ---- --help ------------------------------------------------------------- */

static void test_help(void)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	g_assert_nonnull(f);
	options_print_help(f);
	g_assert_cmpint(fclose(f), ==, 0);

	for (size_t i = 0; i < option_table_len; i++) {
		const OptionDef *d = &option_table[i];
		char *want = g_strdup_printf("\n  %s%s%s ", d->name, d->metavar ? " " : "",
					     d->metavar ? d->metavar : "");
		if (!strstr(buf, want))
			fail("--help output: option %s%s%s is not listed", d->name,
			     d->metavar ? " " : "", d->metavar ? d->metavar : "");
		else if (!strstr(buf, option_help(d)))
			fail("--help output: the help of %s is missing", d->name);
		g_free(want);
	}
	for (int g = 0; g < GROUP_COUNT_; g++) {
		if (!group_is_used((OptGroup)g))
			continue;
		char *want = g_strdup_printf("\n%s:\n", option_group_title((OptGroup)g));
		if (!strstr(buf, want))
			fail("--help output: group title '%s' is missing",
			     option_group_title((OptGroup)g));
		g_free(want);
	}
	free(buf);
}

/* ---- the man page ------------------------------------------------------- */

typedef struct {
	char *name; /* "--bind" */
	char *metavar; /* "SRC DEST", or "" */
	char *section; /* the .SS title it is under */
	int line;
} ManHeading;

typedef struct {
	GPtrArray *headings; /* ManHeading*: the .TP/.B option headings in OPTIONS */
	GPtrArray *titles; /* char*: the .SS titles in OPTIONS */
	bool has_options;
} ManPage;

static void man_heading_free(gpointer p)
{
	ManHeading *h = p;
	g_free(h->name);
	g_free(h->metavar);
	g_free(h->section);
	g_free(h);
}

/* roff text -> plain text: "\-" -> "-", font escapes (\fB \fI \fP \fR)
 * dropped, outer double quotes of a macro argument removed. */
static char *roff_plain(const char *s)
{
	GString *out = g_string_new(NULL);
	for (const char *p = s; *p; p++) {
		if (p[0] == '\\' && p[1] == '-') {
			g_string_append_c(out, '-');
			p++;
		} else if (p[0] == '\\' && p[1] == 'f' && p[2]) {
			p += 2;
		} else if (*p != '"') {
			g_string_append_c(out, *p);
		}
	}
	return g_strstrip(g_string_free(out, FALSE));
}

static ManPage *man_parse(const char *text)
{
	ManPage *m = g_new0(ManPage, 1);
	m->headings = g_ptr_array_new_with_free_func(man_heading_free);
	m->titles = g_ptr_array_new_with_free_func(g_free);
	char **lines = g_strsplit(text, "\n", -1);
	bool in_options = false;
	const char *section = "";
	for (int i = 0; lines[i]; i++) {
		const char *l = lines[i];
		if (g_str_has_prefix(l, ".SH ")) {
			char *t = roff_plain(l + 4);
			in_options = strcmp(t, "OPTIONS") == 0;
			m->has_options |= in_options;
			g_free(t);
			continue;
		}
		if (!in_options)
			continue;
		if (g_str_has_prefix(l, ".SS ")) {
			char *t = roff_plain(l + 4);
			g_ptr_array_add(m->titles, t);
			section = t;
			continue;
		}
		if (strcmp(l, ".TP") != 0 || !lines[i + 1] ||
		    !g_str_has_prefix(lines[i + 1], ".B "))
			continue;
		const char *tag = lines[i + 1] + 3;
		if (!g_str_has_prefix(tag, "\\-\\-"))
			continue;
		/* the name runs up to a space or a font escape */
		const char *end = tag;
		while (*end && *end != ' ' && !(end[0] == '\\' && end[1] == 'f'))
			end++;
		char *raw = g_strndup(tag, (size_t)(end - tag));
		ManHeading *h = g_new0(ManHeading, 1);
		h->name = roff_plain(raw);
		h->metavar = roff_plain(end);
		h->section = g_strdup(section);
		h->line = i + 2;
		g_ptr_array_add(m->headings, h);
		g_free(raw);
	}
	g_strfreev(lines);
	return m;
}

static void man_free(ManPage *m)
{
	g_ptr_array_unref(m->headings);
	g_ptr_array_unref(m->titles);
	g_free(m);
}

static ManPage *man_load(char **text_out)
{
	char *text = read_source_file(MAN_PAGE);
	if (!text)
		return NULL;
	ManPage *m = man_parse(text);
	if (!m->has_options)
		fail("%s: no OPTIONS section", MAN_PAGE);
	if (text_out)
		*text_out = text;
	else
		g_free(text);
	return m;
}

static void test_man_documents_every_option(void)
{
	ManPage *m = man_load(NULL);
	if (!m)
		return;
	for (size_t i = 0; i < option_table_len; i++) {
		const OptionDef *d = &option_table[i];
		ManHeading *found = NULL;
		for (guint j = 0; j < m->headings->len; j++) {
			ManHeading *h = m->headings->pdata[j];
			if (strcmp(h->name, d->name) != 0)
				continue;
			if (found)
				fail("%s:%d: option %s is documented twice (also line %d)",
				     MAN_PAGE, h->line, d->name, found->line);
			else
				found = h;
		}
		if (!found) {
			char **parts = g_strsplit(d->name, "-", -1);
			char *escaped = g_strjoinv("\\-", parts);
			fail("%s: option %s has no '.TP' block with a '.B %s' heading in OPTIONS",
			     MAN_PAGE, d->name, escaped);
			g_free(escaped);
			g_strfreev(parts);
			continue;
		}
		const char *want_mv = d->metavar ? d->metavar : "";
		if (strcmp(found->metavar, want_mv) != 0)
			fail("%s:%d: option %s is shown with arguments '%s', the table says '%s'",
			     MAN_PAGE, found->line, d->name, found->metavar, want_mv);
		const char *title = option_group_title(d->group);
		if (strcmp(found->section, title) != 0)
			fail("%s:%d: option %s is under '%s', but its group is '%s'", MAN_PAGE,
			     found->line, d->name, found->section, title);
	}
	man_free(m);
}

static void test_man_no_unknown_options(void)
{
	char *text = NULL;
	ManPage *m = man_load(&text);
	if (!m)
		return;
	for (guint j = 0; j < m->headings->len; j++) {
		ManHeading *h = m->headings->pdata[j];
		if (!option_lookup(h->name))
			fail("%s:%d: documents option %s, which is not in option_table "
			     "(bwrap/options.c)",
			     MAN_PAGE, h->line, h->name);
	}
	/* and every option mentioned anywhere, examples included */
	char **parts = g_strsplit(text, "\\-", -1);
	char *plain = g_strjoinv("-", parts);
	check_words_known(MAN_PAGE, plain);
	g_free(plain);
	g_strfreev(parts);
	g_free(text);
	man_free(m);
}

static void test_man_group_titles(void)
{
	ManPage *m = man_load(NULL);
	if (!m)
		return;
	const char *want[GROUP_COUNT_];
	guint n_want = 0;
	for (int g = 0; g < GROUP_COUNT_; g++)
		if (group_is_used((OptGroup)g))
			want[n_want++] = option_group_title((OptGroup)g);
	for (guint i = 0; i < MAX(n_want, m->titles->len); i++) {
		const char *w = i < n_want ? want[i] : NULL;
		const char *got = i < m->titles->len ? m->titles->pdata[i] : NULL;
		if (!w)
			fail("%s: OPTIONS subsection %u '%s' is not a group of --help", MAN_PAGE,
			     i + 1, got);
		else if (!got)
			fail("%s: OPTIONS has no subsection '%s' (--help group %u)", MAN_PAGE, w,
			     i + 1);
		else if (strcmp(w, got) != 0)
			fail("%s: OPTIONS subsection %u is '%s', --help has '%s' there", MAN_PAGE,
			     i + 1, got, w);
	}
	man_free(m);
}

/* ---- bash --------------------------------------------------------------- */

/* The lines of the _bwrap_options='...' list: name -> "kind kind". */
static GHashTable *bash_spec(const char *text)
{
	GHashTable *spec = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_free);
	const char *start = strstr(text, "\n_bwrap_options='");
	if (!start) {
		fail("%s: no _bwrap_options='...' list", BASH_COMPLETION);
		return spec;
	}
	start += strlen("\n_bwrap_options='");
	const char *end = strchr(start, '\'');
	if (!end) {
		fail("%s: _bwrap_options is not closed", BASH_COMPLETION);
		return spec;
	}
	char *block = g_strndup(start, (size_t)(end - start));
	char **lines = g_strsplit(block, "\n", -1);
	for (int i = 0; lines[i]; i++) {
		char *l = g_strstrip(lines[i]);
		if (!*l)
			continue;
		char *sp = strchr(l, ' ');
		char *name = g_strndup(l, sp ? (size_t)(sp - l) : strlen(l));
		char *kinds = g_strdup(sp ? g_strstrip(sp + 1) : "");
		if (g_hash_table_contains(spec, name))
			fail("%s: option %s is listed twice in _bwrap_options", BASH_COMPLETION,
			     name);
		g_hash_table_replace(spec, name, kinds);
	}
	g_strfreev(lines);
	g_free(block);
	return spec;
}

static void test_bash_completes_every_option(void)
{
	char *text = read_source_file(BASH_COMPLETION);
	if (!text)
		return;
	if (!strstr(text, "complete -F _bwrap bwrap"))
		fail("%s: does not register _bwrap for bwrap", BASH_COMPLETION);
	GHashTable *spec = bash_spec(text);
	for (size_t i = 0; i < option_table_len; i++) {
		const OptionDef *d = &option_table[i];
		const char *kinds = g_hash_table_lookup(spec, d->name);
		if (!kinds) {
			fail("%s: option %s is missing from _bwrap_options", BASH_COMPLETION,
			     d->name);
			continue;
		}
		GString *want = g_string_new(NULL);
		for (int a = 0; a < d->n_args && a < 3; a++)
			g_string_append_printf(want, "%s%s", a ? " " : "",
					       kind_word(d->arg_kind[a]));
		if (strcmp(kinds, want->str) != 0)
			fail("%s: option %s has arguments '%s' in _bwrap_options, the table says "
			     "'%s' (%d argument%s)",
			     BASH_COMPLETION, d->name, kinds, want->str, d->n_args,
			     d->n_args == 1 ? "" : "s");
		g_string_free(want, TRUE);
	}
	g_hash_table_unref(spec);
	g_free(text);
}

static void test_bash_no_unknown_options(void)
{
	char *text = read_source_file(BASH_COMPLETION);
	if (!text)
		return;
	GHashTable *spec = bash_spec(text);
	GHashTableIter it;
	gpointer name;
	g_hash_table_iter_init(&it, spec);
	while (g_hash_table_iter_next(&it, &name, NULL))
		if (!option_lookup(name))
			fail("%s: _bwrap_options lists %s, which is not in option_table "
			     "(bwrap/options.c)",
			     BASH_COMPLETION, (char *)name);
	check_words_known(BASH_COMPLETION, text);
	g_hash_table_unref(spec);
	g_free(text);
}

/* ---- zsh ---------------------------------------------------------------- */

/* What an _arguments spec shows: "\]" -> "]", "\[" -> "[", "\:" -> ":",
 * "'\''" -> "'". */
static char *zsh_unescape(const char *s, size_t len)
{
	GString *out = g_string_new(NULL);
	for (size_t i = 0; i < len; i++) {
		if (strncmp(s + i, "'\\''", 4) == 0) {
			g_string_append_c(out, '\'');
			i += 3;
		} else if (s[i] == '\\' && i + 1 < len) {
			g_string_append_c(out, s[++i]);
		} else {
			g_string_append_c(out, s[i]);
		}
	}
	return g_string_free(out, FALSE);
}

/* Find the spec "...--name[help]:args..." for option d in the single-quoted
 * word that holds it; check the help text and the arguments. */
static void zsh_check_option(const char *text, const OptionDef *d)
{
	char *needle = g_strconcat(d->name, "[", NULL);
	const char *spec = NULL;
	int count = 0;
	for (const char *p = text; (p = strstr(p, needle)) != NULL; p++) {
		if (p == text || is_name_char(p[-1]))
			continue;
		if (!spec)
			spec = p;
		count++;
	}
	g_free(needle);
	if (!spec) {
		fail("%s: option %s has no _arguments spec ('%s[...]')", ZSH_COMPLETION, d->name,
		     d->name);
		return;
	}
	if (count > 1)
		fail("%s: option %s has %d _arguments specs", ZSH_COMPLETION, d->name, count);

	/* the help text, up to the first unescaped ']' */
	const char *h = spec + strlen(d->name) + 1;
	const char *e = h;
	while (*e && *e != ']' && *e != '\n') {
		if (*e == '\\' && e[1])
			e++;
		e++;
	}
	if (*e != ']') {
		fail("%s: the spec of %s has no closing ']'", ZSH_COMPLETION, d->name);
		return;
	}
	char *help = zsh_unescape(h, (size_t)(e - h));
	if (strcmp(help, option_help(d)) != 0)
		fail("%s: the description of %s is '%s', its help in the table is '%s'",
		     ZSH_COMPLETION, d->name, help, option_help(d));
	g_free(help);

	/* the arguments, ":MESSAGE:ACTION" per argument, up to the closing quote */
	const char *a = e + 1;
	const char *q = a;
	while (*q && *q != '\'' && *q != '\n')
		q++;
	char *args = g_strndup(a, (size_t)(q - a));
	char **fields = g_strsplit(args, ":", -1);
	guint n_fields = g_strv_length(fields);
	char **mv = metavar_words(d);
	if (d->n_args == 0 && n_fields > 1) {
		fail("%s: option %s takes no argument but its spec has '%s'", ZSH_COMPLETION,
		     d->name, args);
	} else if (d->n_args > 0 && (n_fields != 1 + 2 * (guint)d->n_args || *fields[0])) {
		fail("%s: option %s takes %d argument%s (%s) but its spec has '%s'", ZSH_COMPLETION,
		     d->name, d->n_args, d->n_args == 1 ? "" : "s", d->metavar, args);
	} else {
		for (int i = 0; i < d->n_args; i++) {
			const char *msg = fields[1 + 2 * i], *action = fields[2 + 2 * i];
			if (mv[i] && strcmp(msg, mv[i]) != 0)
				fail("%s: argument %d of %s is called '%s', the table's metavar "
				     "says '%s'",
				     ZSH_COMPLETION, i + 1, d->name, msg, mv[i]);
			const char *want = zsh_action(d->arg_kind[i]);
			if (strcmp(action, want) != 0)
				fail("%s: argument %d of %s (%s) completes with '%s', expected "
				     "'%s'",
				     ZSH_COMPLETION, i + 1, d->name, kind_word(d->arg_kind[i]),
				     action, want);
		}
	}
	g_strfreev(mv);
	g_strfreev(fields);
	g_free(args);
}

static void test_zsh_completes_every_option(void)
{
	char *text = read_source_file(ZSH_COMPLETION);
	if (!text)
		return;
	if (!g_str_has_prefix(text, "#compdef bwrap"))
		fail("%s: does not start with '#compdef bwrap'", ZSH_COMPLETION);
	for (size_t i = 0; i < option_table_len; i++)
		zsh_check_option(text, &option_table[i]);
	g_free(text);
}

static void test_zsh_no_unknown_options(void)
{
	char *text = read_source_file(ZSH_COMPLETION);
	if (!text)
		return;
	check_words_known(ZSH_COMPLETION, text);
	g_free(text);
}

int main(int argc, char **argv)
{
	/* Run every check even when one fails: each lists different problems. */
	static char keep_going[] = "--keep-going";
	char **args = g_new0(char *, (size_t)argc + 2);
	int n = 0;
	for (int i = 0; i < argc; i++) {
		args[n++] = argv[i];
		if (i == 0)
			args[n++] = keep_going;
	}
	g_test_init(&n, &args, NULL);
	g_test_add_func("/consistency/table", test_table_sane);
	g_test_add_func("/consistency/help/every-option", test_help);
	g_test_add_func("/consistency/man/every-option", test_man_documents_every_option);
	g_test_add_func("/consistency/man/no-unknown-option", test_man_no_unknown_options);
	g_test_add_func("/consistency/man/group-titles", test_man_group_titles);
	g_test_add_func("/consistency/bash/every-option", test_bash_completes_every_option);
	g_test_add_func("/consistency/bash/no-unknown-option", test_bash_no_unknown_options);
	g_test_add_func("/consistency/zsh/every-option", test_zsh_completes_every_option);
	g_test_add_func("/consistency/zsh/no-unknown-option", test_zsh_no_unknown_options);
	int r = g_test_run();
	g_free(args);
	return r;
}
