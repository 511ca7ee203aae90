/* net.h - the sandbox's network namespace. */
#pragma once

/* In a new network namespace: bring the loopback interface up. */
int net_loopback_up(void);
