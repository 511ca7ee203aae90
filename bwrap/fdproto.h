/* fdproto.h - messages between the sandbox and bwrap over a socket. */
#pragma once

#include <stddef.h>

#define FDPROTO_MAX_FDS 64

/* Send n fds (may be 0) in one message. Returns 0 or -errno. */
int fdproto_send_fds(int sock, const int *fds, size_t n);
/* Receive one message: its fds into fds[0..*n). Returns 1 for a message,
 * 0 at end of file (the peer exited or exec'd), -errno on error. */
int fdproto_recv_fds(int sock, int *fds, size_t max, size_t *n);

/* One JSON writer for --info-fd and --json-status-fd. Strings are escaped;
 * "multiline" gives the indented form of --info-fd, otherwise one line. */
typedef struct {
	char buf[2048];
	size_t len;
	int members;
	int multiline;
} JsonObject;

void json_begin(JsonObject *j, int multiline);
void json_add_int(JsonObject *j, const char *key, long long value);
void json_add_bool(JsonObject *j, const char *key, int value);
void json_add_string(JsonObject *j, const char *key, const char *value);
/* Close the object, add a newline, and write it all to fd. */
int json_end_write(JsonObject *j, int fd);

/* The object of --info-fd and the first line of --json-status-fd: the child
 * pid and the ids of the namespaces that were created (NS_* bits). */
void json_child_info(JsonObject *j, int pid, unsigned ns, int multiline);
