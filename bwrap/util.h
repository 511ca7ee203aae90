/* util.h - allocation, string and fd helpers. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <sys/types.h>

/* The number of a system call of the unified table (the same on every
 * architecture since Linux 5.1), for C library headers too old to name it:
 * mips numbers carry their ABI's base (__NR_Linux), alpha's are 110 up. */
#if defined(__mips__)
#define SYSCALL_UNIFIED(n) (__NR_Linux + (n))
#elif defined(__alpha__)
#define SYSCALL_UNIFIED(n) (110 + (n))
#else
#define SYSCALL_UNIFIED(n) (n)
#endif

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow *arr (of *n elements of size elem) by one zeroed element; returns it. */
void *array_push(void *arr_ptr, size_t *n, size_t elem);

/* Strict decimal/octal parsers: the whole string, no sign, no junk.
 * Return 0 or -EINVAL / -ERANGE. */
int parse_u64(const char *s, int base, uint64_t max, uint64_t *out);
int parse_fd_arg(const char *s, int *out);

/* I/O that retries on EINTR and partial transfers. */
ssize_t write_all(int fd, const void *buf, size_t len);
/* Read fd to EOF into a malloc'd, NUL-terminated buffer (at most max bytes). */
int read_all(int fd, size_t max, char **out, size_t *len);
int write_file_at(int dirfd, const char *path, const char *data);
/* Block until fd has a byte to read (consumed) or reaches its end; the
 * launcher's --block-fd and --userns-block-fd. 0 or -errno. */
int wait_fd_byte(int fd);

bool str_has_prefix(const char *s, const char *prefix);
