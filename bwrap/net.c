/* net.c - the sandbox's network namespace: loopback brought up. */
#include "net.h"

#include "cleanup.h"
#include "log.h"

#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

int net_loopback_up(void)
{
	cleanup_fd int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (s < 0)
		return log_error_errno(-errno, "--unshare-net: socket for loopback setup");
	struct ifreq ifr;
	memset(&ifr, 0, sizeof ifr);
	snprintf(ifr.ifr_name, sizeof ifr.ifr_name, "lo");
	if (ioctl(s, SIOCGIFFLAGS, &ifr) < 0)
		return log_error_errno(-errno, "--unshare-net: reading loopback flags");
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr) < 0)
		return log_error_errno(-errno, "--unshare-net: bringing loopback up");
	return 0;
}
