/* caps.h - capability names <-> numbers (pure), and dropping them. */
#pragma once

#include <stdint.h>

/* Parse "CAP_SYS_ADMIN", "sys_admin" or "ALL"; returns the cap number,
 * CAPS_ALL for ALL, or -EINVAL. */
#define CAPS_ALL 1000
int caps_from_name(const char *name);

/* The caps kept by --cap-add/--cap-drop, applied in order (pure). */
struct Config;
uint64_t caps_keep_mask(const struct Config *cfg);

/* Keep exactly the caps in 'keep' (a bit mask) in every set: bounding,
 * permitted, effective, inheritable and ambient. Everything else is gone. */
int caps_drop_all_but(uint64_t keep);

/* no_new_privs: no setuid or file-capability gain across execve. */
int caps_set_no_new_privs(void);
