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
