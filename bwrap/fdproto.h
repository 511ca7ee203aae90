/* fdproto.h - messages between the sandbox and bwrap over a socket. */
#pragma once

#include <stddef.h>

#define FDPROTO_MAX_FDS 64

/* Messages from the sandbox to bwrap, on a socket the sandbox holds until
 * its execve (close-on-exec): end of file after FDPROTO_SET_UP means the
 * command runs. */
enum {
	FDPROTO_NS_READY = 'N', /* value: the pid that runs the sandbox */
	FDPROTO_SET_UP = 'k', /* fds: locks for bwrap to hold */
	FDPROTO_FAILED = 'E', /* a step after the setup failed, or the execve */
	FDPROTO_EXEC = 'x', /* about to execve the command */
};

/* Send a tag, an int and n fds (may be 0) in one message. 0 or -errno. */
int fdproto_send(int sock, char tag, int value, const int *fds, size_t n);
/* Receive one message. Returns 1 for a message, 0 at end of file, -errno
 * on error. */
int fdproto_recv(int sock, char *tag, int *value, int *fds, size_t max, size_t *n);
