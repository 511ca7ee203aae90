/* cgroup-systemd.h - the sandbox's cgroup as a transient systemd scope
 * (Delegate=yes, the limits as unit properties), asked for over D-Bus with
 * libsystemd's sd-bus, which is loaded only when a limit is asked for. */
#pragma once

#include "config.h"

#include <sys/types.h>

typedef struct SystemdScope SystemdScope;

/* Before the sandbox exists: load sd-bus and connect to the manager (the
 * user's, or the system's for root). Returns 1 with *out set when a
 * systemd manager is there, 0 when there is none (no bus, no libsystemd,
 * nobody owning org.freedesktop.systemd1), -errno after logging. */
int systemd_scope_new(const Config *cfg, SystemdScope **out);

/* Start the scope holding pid with the limits of cfg, and wait for its
 * job. 0 or -errno (logged, with systemd's reason). */
int systemd_scope_start(SystemdScope *s, const Config *cfg, pid_t pid);

/* The scope's unit name ("bwrap-PID.scope"). */
const char *systemd_scope_unit(const SystemdScope *s);

void systemd_scope_free(SystemdScope **s);
