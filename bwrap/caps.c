/* caps.c - capability sets. */
#include "caps.h"

#include "config.h"
#include "log.h"

#include <errno.h>
#include <linux/capability.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/capability.h>
#include <sys/prctl.h>

int caps_from_name(const char *name)
{
	char buf[64];
	if (strncasecmp(name, "CAP_", 4) != 0)
		snprintf(buf, sizeof buf, "cap_%s", name);
	else
		snprintf(buf, sizeof buf, "%s", name);
	cap_value_t v;
	if (cap_from_name(buf, &v) < 0 || v < 0 || v > 63)
		return -EINVAL;
	return (int)v;
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
	char *name = cap_to_name((cap_value_t)cap);
	if (!name)
		return -ENOMEM;
	/* libcap gives the number for a capability it has no name for */
	int r = strncmp(name, "cap_", 4) == 0 ? 0 : -EINVAL;
	size_t i = 0;
	for (; r == 0 && name[i] && i + 1 < size; i++)
		buf[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 'a' + 'A' : name[i]);
	if (size)
		buf[i] = '\0';
	cap_free(name);
	return r;
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
	int last = CAP_LAST_CAP;
	while (last < 63 && prctl(PR_CAPBSET_READ, last + 1, 0, 0, 0) >= 0)
		last++;
	while (last > 0 && prctl(PR_CAPBSET_READ, last, 0, 0, 0) < 0)
		last--;
	return last;
}

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
		if (keep & (UINT64_C(1) << c))
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
