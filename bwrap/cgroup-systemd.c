/* cgroup-systemd.c - a transient scope from the systemd manager over
 * D-Bus, as systemd-run --scope and Flatpak ask for one. sd-bus is reached
 * through function pointers that dl_load() fills: no build-time dependency
 * on libsystemd (its stable ABI is declared here), and no run that sets no
 * limit loads it. */
#include "cgroup-systemd.h"

#include "cgroup.h"
#include "cleanup.h"
#include "dl.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* sd-bus's stable ABI (sd-bus.h), declared here: only pointers cross it. */
typedef struct sd_bus sd_bus;
typedef struct sd_bus_message sd_bus_message;
typedef struct sd_bus_slot sd_bus_slot;
typedef struct {
	const char *name;
	const char *message;
	int _need_free;
} sd_bus_error;
typedef int (*sd_bus_message_handler_t)(sd_bus_message *m, void *userdata, sd_bus_error *err);

/* the functions, filled by dl_load() */
static int (*sym_sd_bus_open_user)(sd_bus **);
static int (*sym_sd_bus_open_system)(sd_bus **);
static sd_bus *(*sym_sd_bus_flush_close_unref)(sd_bus *);
static int (*sym_sd_bus_message_new_method_call)(sd_bus *, sd_bus_message **, const char *,
						 const char *, const char *, const char *);
static int (*sym_sd_bus_message_append)(sd_bus_message *, const char *, ...);
static int (*sym_sd_bus_message_open_container)(sd_bus_message *, char, const char *);
static int (*sym_sd_bus_message_close_container)(sd_bus_message *);
static int (*sym_sd_bus_call)(sd_bus *, sd_bus_message *, uint64_t, sd_bus_error *,
			      sd_bus_message **);
static int (*sym_sd_bus_call_method)(sd_bus *, const char *, const char *, const char *,
				     const char *, sd_bus_error *, sd_bus_message **, const char *,
				     ...);
static int (*sym_sd_bus_message_read)(sd_bus_message *, const char *, ...);
static sd_bus_message *(*sym_sd_bus_message_unref)(sd_bus_message *);
static int (*sym_sd_bus_match_signal)(sd_bus *, sd_bus_slot **, const char *, const char *,
				      const char *, const char *, sd_bus_message_handler_t, void *);
static int (*sym_sd_bus_process)(sd_bus *, sd_bus_message **);
static int (*sym_sd_bus_wait)(sd_bus *, uint64_t);
static void (*sym_sd_bus_error_free)(sd_bus_error *);
static sd_bus_slot *(*sym_sd_bus_slot_unref)(sd_bus_slot *);

static const DlSym sd_syms[] = {
	DL_SYM(sd_bus_open_user),
	DL_SYM(sd_bus_open_system),
	DL_SYM(sd_bus_flush_close_unref),
	DL_SYM(sd_bus_message_new_method_call),
	DL_SYM(sd_bus_message_append),
	DL_SYM(sd_bus_message_open_container),
	DL_SYM(sd_bus_message_close_container),
	DL_SYM(sd_bus_call),
	DL_SYM(sd_bus_call_method),
	DL_SYM(sd_bus_message_read),
	DL_SYM(sd_bus_message_unref),
	DL_SYM(sd_bus_match_signal),
	DL_SYM(sd_bus_process),
	DL_SYM(sd_bus_wait),
	DL_SYM(sd_bus_error_free),
	DL_SYM(sd_bus_slot_unref),
};
static DlLib libsystemd = DL_LIB("libsystemd.so.0", sd_syms);

DL_NOTE(systemd_note, "[{\"feature\":\"cgroup-systemd\",\"description\":\"a systemd "
		      "scope for --memory-max, --pids-max, --cpu-max and the other cgroup "
		      "limits\",\"priority\":\"suggested\",\"soname\":[\"libsystemd.so.0\"]}]");

#define SD_DEST "org.freedesktop.systemd1"
#define SD_PATH "/org/freedesktop/systemd1"
#define SD_MANAGER "org.freedesktop.systemd1.Manager"
#define TIMEOUT_US (25ull * 1000 * 1000)

struct SystemdScope {
	sd_bus *bus;
	char unit[64];
	bool job_done;
	char result[32];
};

/* Is there a manager to ask at all: a user bus for a user, systemd as pid 1
 * (or a system bus named in the environment) for root? */
static bool bus_expected(const Config *cfg)
{
	if (cfg->caller_uid == 0)
		return access("/run/systemd/system", F_OK) == 0 ||
		       getenv("DBUS_SYSTEM_BUS_ADDRESS") != NULL;
	if (getenv("DBUS_SESSION_BUS_ADDRESS"))
		return true;
	const char *run = getenv("XDG_RUNTIME_DIR");
	cleanup_free char *bus = run ? xasprintf("%s/bus", run) : NULL;
	return bus && access(bus, F_OK) == 0;
}

/* Does somebody own org.freedesktop.systemd1 on this bus? */
static bool manager_present(sd_bus *bus)
{
	sd_bus_error err = {0};
	sd_bus_message *reply = NULL;
	int has = 0;
	if (sym_sd_bus_call_method(bus, "org.freedesktop.DBus", "/org/freedesktop/DBus",
				   "org.freedesktop.DBus", "NameHasOwner", &err, &reply, "s",
				   SD_DEST) >= 0 &&
	    sym_sd_bus_message_read(reply, "b", &has) < 0)
		has = 0;
	sym_sd_bus_error_free(&err);
	if (reply)
		sym_sd_bus_message_unref(reply);
	return has != 0;
}

int systemd_scope_new(const Config *cfg, SystemdScope **out)
{
	*out = NULL;
	if (!bus_expected(cfg) || dl_load(&libsystemd, NULL) < 0)
		return 0;
	sd_bus *bus = NULL;
	int r = cfg->caller_uid == 0 ? sym_sd_bus_open_system(&bus) : sym_sd_bus_open_user(&bus);
	if (r < 0 || !manager_present(bus)) {
		if (bus)
			sym_sd_bus_flush_close_unref(bus);
		return 0;
	}
	SystemdScope *s = xcalloc(1, sizeof *s);
	s->bus = bus;
	snprintf(s->unit, sizeof s->unit, "bwrap-%d.scope", (int)getpid());
	*out = s;
	return 1;
}

const char *systemd_scope_unit(const SystemdScope *s)
{
	return s->unit;
}

void systemd_scope_free(SystemdScope **s)
{
	if (!*s)
		return;
	sym_sd_bus_flush_close_unref((*s)->bus);
	free(*s);
	*s = NULL;
}

/* JobRemoved(u id, o job, s unit, s result) for our unit. */
static int on_job_removed(sd_bus_message *m, void *userdata, sd_bus_error *err)
{
	(void)err;
	SystemdScope *s = userdata;
	uint32_t id;
	const char *job, *unit, *result;
	if (sym_sd_bus_message_read(m, "uoss", &id, &job, &unit, &result) >= 0 &&
	    strcmp(unit, s->unit) == 0) {
		s->job_done = true;
		snprintf(s->result, sizeof s->result, "%s", result);
	}
	return 0;
}

static int append_u64(sd_bus_message *m, const char *property, uint64_t v)
{
	/* systemd's "infinity" is UINT64_MAX, as CG_UNLIMITED */
	return sym_sd_bus_message_append(m, "(sv)", property, "t", v);
}

/* The unit's properties: the sandbox's pid, delegation, the limits. */
static int append_properties(sd_bus_message *m, const Config *cfg, pid_t pid)
{
	const CgroupLimits *l = &cfg->cgroup;
	int r = sym_sd_bus_message_open_container(m, 'a', "(sv)");
	if (r >= 0)
		r = sym_sd_bus_message_append(m, "(sv)(sv)(sv)(sv)", "Description", "s",
					      "bwrap sandbox", "PIDs", "au", 1, (uint32_t)pid,
					      "Delegate", "b", 1, "CollectMode", "s",
					      "inactive-or-failed");
	if (r >= 0 && (l->set & CG_MEMORY_MAX))
		r = append_u64(m, "MemoryMax", l->memory_max);
	if (r >= 0 && (l->set & CG_MEMORY_SWAP_MAX))
		r = append_u64(m, "MemorySwapMax", l->memory_swap_max);
	if (r >= 0 && (l->set & CG_PIDS_MAX))
		r = append_u64(m, "TasksMax", l->pids_max);
	if (r >= 0 && (l->set & CG_CPU_WEIGHT))
		r = append_u64(m, "CPUWeight", l->cpu_weight);
	if (r >= 0 && (l->set & CG_CPU_MAX))
		r = append_u64(m, "CPUQuotaPerSecUSec",
			       l->cpu_quota_us == CG_UNLIMITED
				       ? CG_UNLIMITED
				       : l->cpu_quota_us * 1000000 / l->cpu_period_us);
	if (r >= 0 && (l->set & CG_CPU_MAX) && l->cpu_period_us != CG_CPU_PERIOD_DEFAULT)
		r = append_u64(m, "CPUQuotaPeriodUSec", l->cpu_period_us);
	if (r >= 0)
		r = sym_sd_bus_message_close_container(m);
	/* no auxiliary units */
	return r >= 0 ? sym_sd_bus_message_append(m, "a(sa(sv))", 0) : r;
}

static int start_unit(SystemdScope *s, const Config *cfg, pid_t pid, sd_bus_error *err)
{
	sd_bus_message *m = NULL, *reply = NULL;
	int r = sym_sd_bus_message_new_method_call(s->bus, &m, SD_DEST, SD_PATH, SD_MANAGER,
						   "StartTransientUnit");
	if (r >= 0)
		r = sym_sd_bus_message_append(m, "ss", s->unit, "fail");
	if (r >= 0)
		r = append_properties(m, cfg, pid);
	if (r >= 0)
		r = sym_sd_bus_call(s->bus, m, TIMEOUT_US, err, &reply);
	if (m)
		sym_sd_bus_message_unref(m);
	if (reply)
		sym_sd_bus_message_unref(reply);
	return r;
}

/* Dispatch messages until the job of our unit is removed. */
static int wait_job(SystemdScope *s)
{
	for (int rounds = 0; !s->job_done; rounds++) {
		int r = sym_sd_bus_process(s->bus, NULL);
		if (r < 0)
			return r;
		if (r > 0)
			continue;
		if (rounds > 10000)
			return -ETIMEDOUT;
		if ((r = sym_sd_bus_wait(s->bus, TIMEOUT_US)) < 0)
			return r;
		if (r == 0)
			return -ETIMEDOUT;
	}
	return 0;
}

int systemd_scope_start(SystemdScope *s, const Config *cfg, pid_t pid)
{
	sd_bus_error err = {0};
	sd_bus_slot *slot = NULL;
	int r = sym_sd_bus_match_signal(s->bus, &slot, SD_DEST, SD_PATH, SD_MANAGER, "JobRemoved",
					on_job_removed, s);
	if (r >= 0 && (r = start_unit(s, cfg, pid, &err)) < 0)
		log_error("%s: systemd: starting the scope %s: %s", cgroup_option(cfg), s->unit,
			  err.message ? err.message : strerror(-r));
	else if (r >= 0 && (r = wait_job(s)) < 0)
		log_error_errno(r, "%s: systemd: waiting for the scope %s", cgroup_option(cfg),
				s->unit);
	else if (r < 0)
		log_error_errno(r, "%s: systemd: watching its jobs", cgroup_option(cfg));
	if (r >= 0 && strcmp(s->result, "done") != 0) {
		log_error("%s: systemd: the scope %s could not start (job result: %s)",
			  cgroup_option(cfg), s->unit, s->result);
		r = -EIO;
	}
	sym_sd_bus_error_free(&err);
	if (slot)
		sym_sd_bus_slot_unref(slot);
	return r;
}
