/* label.h - SELinux labels (no-ops when built without libselinux or when
 * SELinux is disabled on the host). */
#pragma once

int label_set_file_create(const char *label);
int label_set_exec(const char *label);
