/* log.h - one-line diagnostics: "bwrap: <what>: <why>". */
#pragma once

#include <stdbool.h>

/* syslog-style severities, used by --level-prefix */
enum { LOG_LEVEL_ERR = 3, LOG_LEVEL_WARNING = 4, LOG_LEVEL_INFO = 6 };

void log_set_level_prefix(bool on);
void log_msg(int level, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#define log_error(...) log_msg(LOG_LEVEL_ERR, __VA_ARGS__)
#define log_warning(...) log_msg(LOG_LEVEL_WARNING, __VA_ARGS__)

/* Log "<fmt>: strerror(-r)" and return r (a negative errno). */
int log_error_errno(int r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Quote a string for a diagnostic: control characters and backslashes are
 * escaped so that a hostile path cannot forge a second line. The result is
 * valid until the next call with the same slot (0..3). */
const char *log_quote(int slot, const char *s);
