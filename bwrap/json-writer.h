/* json-writer.h - the JSON writer of the launcher protocol. */
#pragma once

#include <stdbool.h>
#include <stddef.h>

/* One JSON writer for --info-fd and --json-status-fd. Strings are escaped;
 * "multiline" gives the indented form of --info-fd, otherwise one line. */
typedef struct {
	char buf[2048];
	size_t len;
	int members;
	bool multiline;
} JsonObject;

void json_begin(JsonObject *j, bool multiline);
void json_add_int(JsonObject *j, const char *key, long long value);
void json_add_bool(JsonObject *j, const char *key, bool value);
void json_add_string(JsonObject *j, const char *key, const char *value);
/* Close the object, add a newline, and write it all to fd. */
int json_end_write(JsonObject *j, int fd);
