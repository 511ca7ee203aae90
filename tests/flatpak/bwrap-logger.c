/* bwrap-logger: a stand-in for bwrap that records how it was started, then
 * execs the real binary with the very same arguments, environment and file
 * descriptors.
 *
 * tests/flatpak/run-installed-tests builds one copy per Flatpak test and
 * points FLATPAK_BWRAP at it, so the test run can prove that the binary
 * under test is the one Flatpak used.
 *
 * Build: cc -DBWRAP_TARGET='"/abs/path/to/bwrap"' -o bwrap bwrap-logger.c
 *
 * Each start appends one line to "<own path>.log" (the path of the running
 * executable, from /proc/self/exe, plus ".log"):
 *
 *   pid=P ppid=Q parent=COMM argc=N args: ARG1 ARG2 ...
 *
 * followed, for each "--args FD" option, by one line
 *
 *   args-fd FD: ARG ARG ...
 *
 * with the NUL-separated arguments Flatpak put in that fd, read with
 * pread() at offset 0 so that the fd's own offset is left untouched (bwrap
 * reads it from where Flatpak left it).  Nothing else is changed: the log is
 * opened close-on-exec and closed again before the exec, so bwrap sees the
 * same set of open fds at the same numbers.  Written in C rather than shell
 * because a shell would add variables (SHLVL, PWD, _) to the environment
 * that bwrap passes on to the sandbox.
 *
 * Logging is best effort: a failure to write the log never stops bwrap from
 * running (the test run notices the missing lines instead).
 */

#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef BWRAP_TARGET
#error "define BWRAP_TARGET as the absolute path of the bwrap to run"
#endif

/* A growing text buffer; on allocation failure it just stops growing. */
struct buf {
	char *data;
	size_t len, cap;
	int failed;
};

static void buf_add(struct buf *b, const char *s, size_t n)
{
	if (b->failed)
		return;
	if (b->len + n + 1 > b->cap) {
		size_t cap = (b->cap ? b->cap * 2 : 4096) + n;
		char *p = realloc(b->data, cap);
		if (!p) {
			b->failed = 1;
			return;
		}
		b->data = p;
		b->cap = cap;
	}
	memcpy(b->data + b->len, s, n);
	b->len += n;
	b->data[b->len] = '\0';
}

static void buf_str(struct buf *b, const char *s)
{
	buf_add(b, s, strlen(s));
}

/* One argument, with newlines, tabs and backslashes escaped so that each
 * start stays on its own line. */
static void buf_arg(struct buf *b, const char *s, size_t n)
{
	size_t i;
	buf_add(b, " ", 1);
	for (i = 0; i < n; i++) {
		char c = s[i];
		if (c == '\n')
			buf_add(b, "\\n", 2);
		else if (c == '\t')
			buf_add(b, "\\t", 2);
		else if (c == '\\')
			buf_add(b, "\\\\", 2);
		else
			buf_add(b, &c, 1);
	}
}

/* The arguments in an --args fd, without moving its offset. */
static void log_args_fd(struct buf *b, const char *fd_text)
{
	char *end;
	long fd = strtol(fd_text, &end, 10);
	char chunk[65536];
	ssize_t n;
	size_t start, i;

	if (*fd_text == '\0' || *end != '\0' || fd < 0 || fd > INT_MAX)
		return;
	buf_str(b, "args-fd ");
	buf_str(b, fd_text);
	buf_str(b, ":");
	/* One read of at most 64 KiB is plenty for a log line. */
	n = pread((int)fd, chunk, sizeof chunk, 0);
	if (n < 0) {
		buf_str(b, " (not readable with pread: ");
		buf_str(b, strerror(errno));
		buf_str(b, ")");
	} else {
		for (start = 0, i = 0; i < (size_t)n; i++) {
			if (chunk[i] == '\0') {
				buf_arg(b, chunk + start, i - start);
				start = i + 1;
			}
		}
		if (start < (size_t)n)
			buf_arg(b, chunk + start, (size_t)n - start);
	}
	buf_str(b, "\n");
}

static void write_log(int argc, char **argv)
{
	char path[PATH_MAX], proc[64], comm[64], num[64];
	ssize_t n;
	int fd, i;
	struct buf b = {0};

	n = readlink("/proc/self/exe", path, sizeof path - sizeof ".log");
	if (n <= 0)
		return;
	memcpy(path + n, ".log", sizeof ".log");

	comm[0] = '\0';
	snprintf(proc, sizeof proc, "/proc/%d/comm", (int)getppid());
	fd = open(proc, O_RDONLY | O_CLOEXEC);
	if (fd >= 0) {
		n = read(fd, comm, sizeof comm - 1);
		comm[n > 0 ? n : 0] = '\0';
		comm[strcspn(comm, "\n")] = '\0';
		close(fd);
	}

	snprintf(num, sizeof num, "pid=%d ppid=%d parent=", (int)getpid(), (int)getppid());
	buf_str(&b, num);
	buf_str(&b, comm[0] ? comm : "?");
	snprintf(num, sizeof num, " argc=%d args:", argc);
	buf_str(&b, num);
	for (i = 1; i < argc; i++)
		buf_arg(&b, argv[i], strlen(argv[i]));
	buf_str(&b, "\n");
	for (i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "--args") == 0)
			log_args_fd(&b, argv[i + 1]);
	}
	if (b.failed || b.data == NULL)
		return;

	/* One write with O_APPEND: lines of concurrent starts do not mix. */
	fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0) {
		if (write(fd, b.data, b.len) < 0) {
			/* best effort, see above */
		}
		close(fd);
	}
	free(b.data);
}

int main(int argc, char **argv)
{
	if (argc < 1) {
		fprintf(stderr, "bwrap-logger: started without argv[0]: refusing\n");
		return 127;
	}
	write_log(argc, argv);
	argv[0] = (char *)BWRAP_TARGET;
	execv(BWRAP_TARGET, argv);
	fprintf(stderr, "bwrap-logger: cannot run %s: %s\n", BWRAP_TARGET, strerror(errno));
	return 127;
}
