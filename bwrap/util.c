/* util.c - allocation, string and fd helpers. */
#include "util.h"

#include "cleanup.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void oom(void)
{
	static const char msg[] = "bwrap: out of memory\n";
	ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
	(void)r;
	abort();
}

void *xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);
	if (!p)
		oom();
	return p;
}

void *xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

char *xstrdup(const char *s)
{
	char *r = strdup(s);
	if (!r)
		oom();
	return r;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *r = NULL;
	va_start(ap, fmt);
	int n = vasprintf(&r, fmt, ap);
	va_end(ap);
	if (n < 0)
		oom();
	return r;
}

void *array_push(void *arr_ptr, size_t *n, size_t elem)
{
	char **arr = arr_ptr;
	/* the capacity is the smallest power of two >= n: grow when n is one */
	if (*n == 0 || (*n & (*n - 1)) == 0)
		*arr = xrealloc(*arr, (*n ? *n * 2 : 1) * elem);
	char *slot = *arr + *n * elem;
	memset(slot, 0, elem);
	(*n)++;
	return slot;
}

int parse_u64(const char *s, int base, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	if (!s || !*s)
		return -EINVAL;
	for (const char *p = s; *p; p++) {
		int d;
		if (*p >= '0' && *p <= '9')
			d = *p - '0';
		else
			return -EINVAL;
		if (d >= base)
			return -EINVAL;
		if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base)
			return -ERANGE;
		v = v * (uint64_t)base + (uint64_t)d;
	}
	if (v > max)
		return -ERANGE;
	*out = v;
	return 0;
}

int parse_fd_arg(const char *s, int *out)
{
	uint64_t v;
	int r = parse_u64(s, 10, INT32_MAX, &v);
	if (r < 0)
		return r;
	*out = (int)v;
	return 0;
}

ssize_t write_all(int fd, const void *buf, size_t len)
{
	const char *p = buf;
	size_t done = 0;
	while (done < len) {
		ssize_t w = write(fd, p + done, len - done);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (w == 0)
			return -EIO;
		done += (size_t)w;
	}
	return (ssize_t)done;
}

int read_all(int fd, size_t max, char **out, size_t *len)
{
	cleanup_free char *buf = NULL;
	size_t n = 0, cap = 0;
	for (;;) {
		if (cap - n < 4096 + 1) {
			cap = cap ? cap * 2 : 8192;
			buf = xrealloc(buf, cap);
		}
		ssize_t r = read(fd, buf + n, cap - n - 1);
		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (r == 0)
			break;
		n += (size_t)r;
		if (n > max)
			return -E2BIG;
	}
	if (!buf)
		buf = xmalloc(1);
	buf[n] = '\0';
	*out = steal_pointer(&buf);
	*len = n;
	return 0;
}

int write_file_at(int dirfd, const char *path, const char *data)
{
	cleanup_fd int fd = openat(dirfd, path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return -errno;
	ssize_t r = write_all(fd, data, strlen(data));
	return r < 0 ? (int)r : 0;
}

int wait_fd_byte(int fd)
{
	char c;
	for (;;) {
		ssize_t n = read(fd, &c, 1);
		if (n >= 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

bool str_has_prefix(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}
