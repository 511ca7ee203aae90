/* caps.c - capability sets. */
#include "caps.h"

#include "config.h"
#include "log.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

/* glibc has them, but only libcap's header declares them */
static int capget(struct __user_cap_header_struct *hdr, struct __user_cap_data_struct *data)
{
	return (int)syscall(SYS_capget, hdr, data);
}

static int capset(struct __user_cap_header_struct *hdr, const struct __user_cap_data_struct *data)
{
	return (int)syscall(SYS_capset, hdr, data);
}

/* The kernel's capability names by number (linux/capability.h), without
 * their "cap_" prefix: bwrap's own table, so that no run loads a library
 * for them (libcap's cap_from_name and cap_to_name gave the same). */
static const char *const cap_names[] = {
	"chown",
	"dac_override",
	"dac_read_search",
	"fowner",
	"fsetid",
	"kill",
	"setgid",
	"setuid",
	"setpcap",
	"linux_immutable",
	"net_bind_service",
	"net_broadcast",
	"net_admin",
	"net_raw",
	"ipc_lock",
	"ipc_owner",
	"sys_module",
	"sys_rawio",
	"sys_chroot",
	"sys_ptrace",
	"sys_pacct",
	"sys_admin",
	"sys_boot",
	"sys_nice",
	"sys_resource",
	"sys_time",
	"sys_tty_config",
	"mknod",
	"lease",
	"audit_write",
	"audit_control",
	"setfcap",
	"mac_override",
	"mac_admin",
	"syslog",
	"wake_alarm",
	"block_suspend",
	"audit_read",
	"perfmon",
	"bpf",
	"checkpoint_restore",
};

int caps_from_name(const char *name)
{
	/* "CAP_" is optional; case does not matter; as with libcap, the name
	 * is the leading run of letters and underscores */
	if (strncasecmp(name, "CAP_", 4) == 0)
		name += 4;
	size_t len = strspn(name, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ_");
	for (size_t c = 0; c < sizeof cap_names / sizeof cap_names[0]; c++)
		if (strlen(cap_names[c]) == len && strncasecmp(name, cap_names[c], len) == 0)
			return (int)c;
	return -EINVAL;
}

int caps_mask_from_name(const char *name, uint64_t *mask)
{
	if (strcasecmp(name, "ALL") == 0) {
		*mask = ~UINT64_C(0);
		return 0;
	}
	int cap = caps_from_name(name);
	if (cap < 0)
		return cap;
	*mask = UINT64_C(1) << cap;
	return 0;
}

int caps_name(int cap, char *buf, size_t size)
{
	if (cap < 0 || (size_t)cap >= sizeof cap_names / sizeof cap_names[0])
		return -EINVAL;
	int n = snprintf(buf, size, "CAP_%s", cap_names[cap]);
	for (int i = 4; i < n && (size_t)i < size; i++)
		if (buf[i] >= 'a' && buf[i] <= 'z')
			buf[i] = (char)(buf[i] - 'a' + 'A');
	return 0;
}

uint64_t caps_effective(void)
{
	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	if (capget(&hdr, data) < 0)
		return 0;
	return (uint64_t)data[0].effective | ((uint64_t)data[1].effective << 32);
}

uint64_t caps_keep_mask(const Config *cfg)
{
	/* root keeps what it has unless told otherwise, as with bubblewrap
	 * (rpm-ostree relies on it); everybody else starts from nothing */
	uint64_t keep = cfg->caller_caps;
	for (size_t i = 0; i < cfg->n_caps; i++) {
		const CapOp *op = &cfg->caps[i];
		keep = op->add ? keep | op->mask : keep & ~op->mask;
	}
	return keep;
}

/* The highest capability this kernel knows, asked of the kernel itself: it
 * may know more than our headers, and /proc is not there once the sandbox's
 * root is in place. */
static int last_cap(void)
{
	static int known = -1; /* the kernel's answer does not change */
	if (known >= 0)
		return known;
	int last = CAP_LAST_CAP;
	while (last < 63 && prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0)
		last++;
	while (last > 0 && prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0)
		last--;
	return known = last;
}

/* What may still be in this process's bounding set: everything until a
 * drop succeeds, then what it kept. The set only ever shrinks, and a
 * forked process inherits it with this variable: the second pass after the
 * reaper's fork drops only the reaper's guard, not every capability again. */
static uint64_t bounding_left = ~UINT64_C(0);

/* Bounding, permitted and inheritable sets to 'keep' (inheritable and
 * ambient only when hand_on), effective to 'effective' (a subset). */
static int set_caps(uint64_t keep, uint64_t effective, bool hand_on)
{
	int last = last_cap();
	if (last < 63)
		keep &= (UINT64_C(1) << (last + 1)) - 1;
	/* ALL means every capability we have: a caller without some (root in a
	 * container, say) cannot hand them on */
	struct __user_cap_header_struct qh = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct cur[2];
	if (capget(&qh, cur) == 0)
		keep &= (uint64_t)cur[0].permitted | ((uint64_t)cur[1].permitted << 32);
	for (int c = 0; c <= last; c++) {
		if ((keep & (UINT64_C(1) << c)) || !(bounding_left & (UINT64_C(1) << c)))
			continue;
		/* dropped without asking first (one system call, not two); only
		 * when that is refused does it matter whether it was there */
		if (prctl(PR_CAPBSET_DROP, c, 0, 0, 0) == 0 || errno == EINVAL)
			continue;
		int err = errno;
		int has = prctl(PR_CAPBSET_READ, c, 0, 0, 0);
		if (has < 0)
			return log_error_errno(-errno, "reading capability %d of the bounding set",
					       c);
		if (has != 0)
			return log_error_errno(-err, "dropping capability %d from the bounding set",
					       c);
	}
	bounding_left = keep;
	if (prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0) < 0 && errno != EINVAL)
		return log_error_errno(-errno, "clearing the ambient capabilities");

	struct __user_cap_header_struct hdr = {.version = _LINUX_CAPABILITY_VERSION_3, .pid = 0};
	struct __user_cap_data_struct data[2];
	memset(data, 0, sizeof data);
	for (int i = 0; i < 2; i++) {
		uint32_t m = (uint32_t)(keep >> (32 * i));
		data[i].permitted = m;
		data[i].effective = m & (uint32_t)(effective >> (32 * i));
		data[i].inheritable = hand_on ? m : 0;
	}
	if (capset(&hdr, data) < 0)
		return log_error_errno(-errno, "setting capabilities");
	/* Ambient: every kept capability is raised, as bubblewrap does; one
	 * not inheritable (root's default set) is refused with EPERM, so that
	 * it lasts only as long as the command runs as uid 0. */
	for (int c = 0; c <= last; c++) {
		if (!(keep & (UINT64_C(1) << c)) ||
		    prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, c, 0, 0) == 0)
			continue;
		if (errno != EPERM || hand_on)
			return log_error_errno(-errno, "raising ambient capability %d", c);
	}
	return 0;
}

int caps_drop_all_but(uint64_t keep, bool hand_on)
{
	return set_caps(keep, keep, hand_on);
}

uint64_t caps_reaper_guard(uint64_t keep)
{
	const uint64_t setpcap = UINT64_C(1) << CAP_SETPCAP;
	return (keep & setpcap) ? 0 : setpcap;
}

int caps_hold_only(uint64_t held)
{
	return set_caps(held, 0, false);
}

int caps_set_no_new_privs(void)
{
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return log_error_errno(-errno, "setting no_new_privs");
	return 0;
}
