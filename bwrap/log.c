/* log.c - diagnostics on stderr, one line each. */
#include "log.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static bool level_prefix;

void log_set_level_prefix(bool on)
{
	level_prefix = on;
}

static void log_va(int level, const char *fmt, va_list ap, const char *suffix)
{
	char buf[4096];
	int n = vsnprintf(buf, sizeof buf, fmt, ap);
	if (n < 0)
		buf[0] = '\0';
	if (level_prefix)
		fprintf(stderr, "<%d>bwrap: %s%s\n", level, buf, suffix ? suffix : "");
	else
		fprintf(stderr, "bwrap: %s%s\n", buf, suffix ? suffix : "");
}

void log_msg(int level, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	log_va(level, fmt, ap, NULL);
	va_end(ap);
}

int log_error_errno(int r, const char *fmt, ...)
{
	char suffix[256];
	int e = r < 0 ? -r : r;
	snprintf(suffix, sizeof suffix, ": %s", strerror(e));
	va_list ap;
	va_start(ap, fmt);
	log_va(LOG_LEVEL_ERR, fmt, ap, suffix);
	va_end(ap);
	return r < 0 ? r : -r;
}

const char *log_quote(int slot, const char *s)
{
	static char bufs[4][1024];
	char *out = bufs[slot & 3];
	size_t o = 0, cap = sizeof bufs[0];
	if (!s)
		return "(null)";
	for (; *s && o + 8 < cap; s++) {
		unsigned char c = (unsigned char)*s;
		if (c < 0x20 || c == 0x7f || c == '\\')
			o += (size_t)snprintf(out + o, cap - o, "\\x%02x", c);
		else
			out[o++] = (char)c;
	}
	if (*s)
		o += (size_t)snprintf(out + o, cap - o, "...");
	out[o] = '\0';
	return out;
}
