/* fdproto.c - fd passing between the sandbox and bwrap. */
#include "fdproto.h"

#include <errno.h>
#include <string.h>
#include <sys/socket.h>

int fdproto_send(int sock, char tag, int value, const int *fds, size_t n)
{
	if (n > FDPROTO_MAX_FDS)
		return -E2BIG;
	char buf[1 + sizeof(int)];
	buf[0] = tag;
	memcpy(buf + 1, &value, sizeof value);
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
	union {
		char buf[CMSG_SPACE(sizeof(int) * FDPROTO_MAX_FDS)];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {.msg_iov = &iov, .msg_iovlen = 1};
	if (n > 0) {
		memset(&u, 0, sizeof u);
		msg.msg_control = u.buf;
		msg.msg_controllen = CMSG_SPACE(sizeof(int) * n);
		struct cmsghdr *c = CMSG_FIRSTHDR(&msg);
		c->cmsg_level = SOL_SOCKET;
		c->cmsg_type = SCM_RIGHTS;
		c->cmsg_len = CMSG_LEN(sizeof(int) * n);
		memcpy(CMSG_DATA(c), fds, sizeof(int) * n);
	}
	for (;;) {
		if (sendmsg(sock, &msg, MSG_NOSIGNAL) >= 0)
			return 0;
		if (errno != EINTR)
			return -errno;
	}
}

int fdproto_recv(int sock, char *tag, int *value, int *fds, size_t max, size_t *n)
{
	char buf[1 + sizeof(int)];
	memset(buf, 0, sizeof buf);
	struct iovec iov = {.iov_base = buf, .iov_len = sizeof buf};
	union {
		char buf[CMSG_SPACE(sizeof(int) * FDPROTO_MAX_FDS) +
			 CMSG_SPACE(sizeof(struct ucred))];
		struct cmsghdr align;
	} u;
	struct msghdr msg = {.msg_iov = &iov,
			     .msg_iovlen = 1,
			     .msg_control = u.buf,
			     .msg_controllen = sizeof u.buf};
	*n = 0;
	ssize_t r;
	do
		r = recvmsg(sock, &msg, MSG_CMSG_CLOEXEC);
	while (r < 0 && errno == EINTR);
	if (r < 0)
		return -errno;
	if (r == 0)
		return 0;
	*tag = buf[0];
	memcpy(value, buf + 1, sizeof *value);
	for (struct cmsghdr *c = CMSG_FIRSTHDR(&msg); c; c = CMSG_NXTHDR(&msg, c)) {
		if (c->cmsg_level == SOL_SOCKET && c->cmsg_type == SCM_CREDENTIALS &&
		    *tag == FDPROTO_NS_READY) {
			/* the kernel gives the sender's pid as our pid namespace sees it */
			struct ucred cred;
			memcpy(&cred, CMSG_DATA(c), sizeof cred);
			*value = (int)cred.pid;
			continue;
		}
		if (c->cmsg_level != SOL_SOCKET || c->cmsg_type != SCM_RIGHTS)
			continue;
		size_t k = (c->cmsg_len - CMSG_LEN(0)) / sizeof(int);
		for (size_t i = 0; i < k; i++) {
			int fd;
			memcpy(&fd, CMSG_DATA(c) + i * sizeof(int), sizeof fd);
			if (*n < max)
				fds[(*n)++] = fd;
		}
	}
	return 1;
}

/* ---- JSON ---------------------------------------------------------------- */

#include "config.h"
#include "util.h"

#include <stdarg.h>
#include <stdio.h>
#include <sys/stat.h>

static void json_put(JsonObject *j, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void json_put(JsonObject *j, const char *fmt, ...)
{
	if (j->len >= sizeof j->buf)
		return;
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(j->buf + j->len, sizeof j->buf - j->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		j->len += (size_t)n;
	if (j->len > sizeof j->buf)
		j->len = sizeof j->buf;
}

static void json_string(JsonObject *j, const char *s)
{
	json_put(j, "\"");
	for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
		if (*p == '"' || *p == '\\')
			json_put(j, "\\%c", *p);
		else if (*p < 0x20)
			json_put(j, "\\u%04x", *p);
		else
			json_put(j, "%c", *p);
	}
	json_put(j, "\"");
}

static void json_key(JsonObject *j, const char *key)
{
	if (j->multiline)
		json_put(j, "%s\n    ", j->members ? "," : "");
	else
		json_put(j, "%s", j->members ? ", " : " ");
	json_string(j, key);
	json_put(j, ": ");
	j->members++;
}

void json_begin(JsonObject *j, int multiline)
{
	j->len = 0;
	j->members = 0;
	j->multiline = multiline;
	json_put(j, "{");
}

void json_add_int(JsonObject *j, const char *key, long long value)
{
	json_key(j, key);
	json_put(j, "%lld", value);
}

void json_add_bool(JsonObject *j, const char *key, int value)
{
	json_key(j, key);
	json_put(j, "%s", value ? "true" : "false");
}

void json_add_string(JsonObject *j, const char *key, const char *value)
{
	json_key(j, key);
	json_string(j, value);
}

int json_end_write(JsonObject *j, int fd)
{
	json_put(j, j->multiline ? "\n}\n" : " }\n");
	ssize_t r = write_all(fd, j->buf, j->len);
	return r < 0 ? (int)r : 0;
}

void json_child_info(JsonObject *j, int pid, unsigned ns, int multiline)
{
	static const struct {
		unsigned bit;
		const char *file, *key;
	} ids[] = {
		{NS_CGROUP, "cgroup", "cgroup-namespace"},
		{NS_IPC, "ipc", "ipc-namespace"},
		{0, "mnt", "mnt-namespace"},
		{NS_NET, "net", "net-namespace"},
		{NS_PID, "pid", "pid-namespace"},
		{NS_TIME, "time", "time-namespace"},
		{NS_UTS, "uts", "uts-namespace"},
	};
	json_begin(j, multiline);
	json_add_int(j, "child-pid", pid);
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
		if (ids[i].bit && !(ns & ids[i].bit))
			continue;
		char path[64];
		struct stat st;
		snprintf(path, sizeof path, "/proc/%d/ns/%s", pid, ids[i].file);
		if (stat(path, &st) == 0)
			json_add_int(j, ids[i].key, (long long)st.st_ino);
	}
}
