/* fuzz-options.c - libFuzzer harness for the command-line parser.
 *
 * Input format:
 *   - by default the whole input is the argument vector (after "bwrap"),
 *     one argument per NUL-terminated string (a missing final NUL is
 *     implied);
 *   - when the first byte is FUZZ_ARGS_MARKER, the rest is split at the next
 *     FUZZ_ARGS_MARKER byte: the part before it is the argument vector as
 *     above, the part after it is the data of a memfd given with
 *     "--args FD" after those arguments. Without a second marker the
 *     argument vector is empty and everything goes through the memfd.
 *
 * Each input is parsed with options_parse(); when that succeeds (and did
 * not stop for --help/--version), options_validate() runs for a root and an
 * unprivileged caller, then the mount plan is built, checked and freed.
 * Nothing past the plan runs: the rest of bwrap changes system state.
 */
#include "config.h"
#include "log.h"
#include "mount-plan.h"
#include "options.h"
#include "util.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#define FUZZ_ARGS_MARKER 0x01

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void redirect(int target, int flags)
{
	int fd = open("/dev/null", flags | O_CLOEXEC);
	if (fd < 0 || dup2(fd, target) < 0) {
		perror("fuzz-options: redirecting to /dev/null");
		abort();
	}
	if (fd != target)
		close(fd);
}

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc, (void)argv;
	/* --help and --version print to stdout; "--args 0" must not wait for
	 * a terminal. */
	redirect(STDIN_FILENO, O_RDONLY);
	redirect(STDOUT_FILENO, O_WRONLY);
	return 0;
}

/* Split data[0..size) at NUL bytes into a newly allocated, NULL-terminated
 * vector of newly allocated strings; *out_n gets the count. */
static char **split_args(const uint8_t *data, size_t size, size_t *out_n)
{
	size_t n = 0;
	for (size_t i = 0; i < size; i++)
		n += data[i] == '\0';
	if (size > 0 && data[size - 1] != '\0')
		n++;
	char **v = xcalloc(n + 1, sizeof(char *));
	size_t k = 0, start = 0;
	for (size_t i = 0; i <= size && k < n; i++) {
		if (i == size || data[i] == '\0') {
			char *s = xmalloc(i - start + 1);
			memcpy(s, data + start, i - start);
			s[i - start] = '\0';
			v[k++] = s;
			start = i + 1;
		}
	}
	*out_n = k;
	return v;
}

static void free_args(char **v, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

static bool is(const char *s, size_t len, const char *word)
{
	return len == strlen(word) && memcmp(s, word, len) == 0;
}

/* The parser reads what one option names: "--args FD", any fd number
 * (--print-seccomp-profile FILE only names a file that main reads). Only
 * the memfd made here may be read: another inherited descriptor (a
 * terminal, a make jobserver pipe) could block or be drained. An input
 * with any NUL-separated string "--args" followed by another number is
 * skipped. An option added to the parser that reads a file or fd belongs
 * here. */
static bool input_is_safe(const uint8_t *data, size_t size, int allowed_fd)
{
	size_t start = 0;
	const char *prev = NULL;
	size_t prev_len = 0;
	for (size_t i = 0; i <= size; i++) {
		if (i < size && data[i] != '\0')
			continue;
		size_t len = i - start;
		const char *s = (const char *)data + start;
		if (prev && is(prev, prev_len, "--args")) {
			/* the parser's own conversion: leading zeros and all */
			char *num = xmalloc(len + 1);
			memcpy(num, s, len);
			num[len] = '\0';
			int fd;
			bool other = parse_fd_arg(num, &fd) == 0 && fd != allowed_fd;
			free(num);
			if (other)
				return false;
		}
		prev = s;
		prev_len = len;
		start = i + 1;
	}
	return true;
}

/* Normalised destinations: root-relative, no empty, "." or ".." component. */
static void check_normalized(const char *path)
{
	if (!path)
		abort();
	if (!*path)
		return;
	const char *p = path;
	for (;;) {
		const char *slash = strchr(p, '/');
		size_t len = slash ? (size_t)(slash - p) : strlen(p);
		if (len == 0 || (len == 1 && p[0] == '.') ||
		    (len == 2 && p[0] == '.' && p[1] == '.'))
			abort();
		if (!slash)
			break;
		p = slash + 1;
	}
}

/* A bind source: relative to the host root; ".." stays for the kernel to
 * resolve after any symlink before it, as with bubblewrap. */
static void check_host_source(const char *path)
{
	if (!path || path[0] == '/')
		abort();
}

static void check_plan(const MountPlan *plan)
{
	for (size_t i = 0; i < plan->n; i++) {
		const MountStep *s = &plan->steps[i];
		check_normalized(s->dest);
		if (s->kind == STEP_BIND)
			check_host_source(s->src);
		for (size_t l = 0; l < s->n_layers; l++)
			check_normalized(s->layers[l]);
		if (s->workdir)
			check_normalized(s->workdir);
	}
}

static void run_parser(char **argv, size_t argc)
{
	Config cfg;
	config_init(&cfg);
	bool exit_now = false;
	log_set_level_prefix(false); /* --level-prefix is global state */
	int r = options_parse((int)argc, argv, &cfg, &exit_now);
	if (r == 0 && !exit_now) {
		if (cfg.argc < 1 || !cfg.argv || !cfg.argv[0] || cfg.argv[cfg.argc])
			abort();
		/* options_validate() only fills in scalar fields: validate
		 * shallow copies, as root and as an unprivileged caller. */
		bool valid = false;
		static const uid_t callers[] = {0, 1000};
		for (size_t i = 0; i < sizeof callers / sizeof callers[0]; i++) {
			Config copy = cfg;
			copy.caller_uid = callers[i];
			copy.caller_gid = (gid_t)callers[i];
			valid |= options_validate(&copy) == 0;
		}
		MountPlan plan;
		if (valid && mount_plan_build(&cfg, &plan) == 0) {
			check_plan(&plan);
			mount_plan_free(&plan);
		}
	}
	config_free(&cfg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size == 0 || data[0] != FUZZ_ARGS_MARKER) {
		size_t argc;
		if (!input_is_safe(data, size, -1))
			return 0;
		char **argv = split_args(data, size, &argc);
		run_parser(argv, argc);
		free_args(argv, argc);
		return 0;
	}

	data++, size--;
	const uint8_t *marker = memchr(data, FUZZ_ARGS_MARKER, size);
	size_t head = marker ? (size_t)(marker - data) : 0;
	const uint8_t *blob = marker ? marker + 1 : data;
	size_t blob_len = size - (size_t)(blob - data);

	int fd = memfd_create("fuzz-args", MFD_CLOEXEC);
	if (fd < 0) {
		perror("fuzz-options: memfd_create");
		abort();
	}
	if (!input_is_safe(data, head, fd) || !input_is_safe(blob, blob_len, fd)) {
		close(fd);
		return 0;
	}
	if ((blob_len > 0 && write_all(fd, blob, blob_len) != (ssize_t)blob_len) ||
	    lseek(fd, 0, SEEK_SET) != 0) {
		perror("fuzz-options: writing the --args data");
		abort();
	}

	size_t argc;
	char **argv = split_args(data, head, &argc);
	argv = xrealloc(argv, (argc + 3) * sizeof(char *));
	argv[argc++] = xstrdup("--args");
	argv[argc++] = xasprintf("%d", fd);
	argv[argc] = NULL;
	run_parser(argv, argc);
	free_args(argv, argc);
	close(fd);
	return 0;
}
