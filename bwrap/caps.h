/* caps.h - capability names <-> numbers (pure), and dropping them. */
#pragma once

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Parse "CAP_SYS_ADMIN" or "sys_admin"; returns the cap number or -EINVAL. */
int caps_from_name(const char *name);
/* The same, or "ALL", as a mask of capability bits (ALL: every bit). */
int caps_mask_from_name(const char *name, uint64_t *mask);
/* The name of capability 'cap' as "CAP_SYS_ADMIN"; -EINVAL if unknown. */
int caps_name(int cap, char *buf, size_t size);

/* The calling process's effective capabilities (0 if unknown). */
uint64_t caps_effective(void);

/* The caps kept: the caller's when root, else none, then --cap-add/--cap-drop applied in
 * order (pure). */
struct Config;
uint64_t caps_keep_mask(const struct Config *cfg);

/* Keep exactly the caps in 'keep' (a bit mask) in the bounding, permitted
 * and effective sets, and when hand_on, the inheritable and ambient ones
 * (they survive execve under any uid); everything else is gone. */
int caps_drop_all_but(uint64_t keep, bool hand_on);

/* The sandbox's pid 1 shares the command's uid and user namespace; holding
 * a capability the command lacks (in its permitted set only, never used)
 * is what keeps the command from ptrace and from its /proc/1 files, while
 * the sandbox's owner, outside, may open them (flatpak enter does): the
 * kernel lets a process reach one in its own user namespace only if its
 * permitted set includes the other's. The guard: CAP_SETPCAP when the
 * command does not keep it, else 0 (the command is as strong as pid 1). */
uint64_t caps_reaper_guard(uint64_t keep);
/* Hold 'held' in the bounding and permitted sets only; nothing effective. */
int caps_hold_only(uint64_t held);

/* no_new_privs: no setuid or file-capability gain across execve. */
int caps_set_no_new_privs(void);
