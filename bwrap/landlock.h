/* landlock.h - TCP port rules with Landlock (ABI 4 and later). */
#pragma once

#include "config.h"

/* The Landlock ABI of this kernel: 0 when Landlock is unavailable. */
int landlock_abi(void);
/* Check before starting that the kernel can enforce what was asked. */
int landlock_check(const Config *cfg);
/* Once --allow-connect or --allow-bind is given, TCP connect and bind to
 * any other port fail with EACCES. Needs no_new_privs. */
int landlock_apply(const Config *cfg);
