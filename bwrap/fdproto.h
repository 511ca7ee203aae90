/* fdproto.h - messages between the sandbox and bwrap over a socket. */
#pragma once

#include <stddef.h>

#define FDPROTO_MAX_FDS 64

/* Send n fds (may be 0) in one message. Returns 0 or -errno. */
int fdproto_send_fds(int sock, const int *fds, size_t n);
/* Receive one message: its fds into fds[0..*n). Returns 1 for a message,
 * 0 at end of file (the peer exited or exec'd), -errno on error. */
int fdproto_recv_fds(int sock, int *fds, size_t max, size_t *n);
