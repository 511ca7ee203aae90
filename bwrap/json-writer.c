/* json-writer.c - the one JSON writer of the launcher protocol (--info-fd,
 * --json-status-fd): flat objects of ints, booleans and escaped strings. */
#include "json-writer.h"

#include "util.h"

#include <stdarg.h>
#include <stdio.h>

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

void json_begin(JsonObject *j, bool multiline)
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

void json_add_bool(JsonObject *j, const char *key, bool value)
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
