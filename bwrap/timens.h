/* timens.h - the time namespace (--unshare-time). */
#pragma once

#include "config.h"

/* Create a time namespace, write its clock offsets (added to those of the
 * namespace we are in, so that they add up when nested) before any process
 * is in it, and enter it: from here on this process and all it forks see
 * the offset clocks. 0 or -errno (logged). */
int timens_enter(const Config *cfg);
