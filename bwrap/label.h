/* label.h - SELinux labels (no-ops when built without libselinux or when
 * SELinux is disabled on the host). */
#pragma once

/* Load libselinux and ask whether SELinux is enabled, once, while bwrap
 * still sees the host's root: never a library from the sandbox's root, nor
 * an answer read from the sandbox's /sys. Call before creating the sandbox
 * when a label is asked for; the others then use what it found. */
int label_prepare(const char *exec_label, const char *file_label);
int label_set_file_create(const char *label);
int label_set_exec(const char *label);
