/* landlock.c - TCP port rules. The structures of Landlock ABI 4 are defined
 * here, as older kernel headers lack them. */
#include "landlock.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <stdint.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef SYS_landlock_create_ruleset
#define SYS_landlock_create_ruleset SYSCALL_UNIFIED(444)
#define SYS_landlock_add_rule SYSCALL_UNIFIED(445)
#define SYS_landlock_restrict_self SYSCALL_UNIFIED(446)
#endif

#define LL_CREATE_RULESET_VERSION (1U << 0)
#define LL_RULE_NET_PORT 2
#define LL_ACCESS_NET_BIND_TCP (1ULL << 0)
#define LL_ACCESS_NET_CONNECT_TCP (1ULL << 1)

struct ll_ruleset_attr {
	uint64_t handled_access_fs;
	uint64_t handled_access_net;
};

struct ll_net_port_attr {
	uint64_t allowed_access;
	uint64_t port;
} __attribute__((packed));

int landlock_abi(void)
{
	long v = syscall(SYS_landlock_create_ruleset, NULL, 0, LL_CREATE_RULESET_VERSION);
	return v < 0 ? 0 : (int)v;
}

static bool wants_net_rules(const Config *cfg)
{
	return cfg->allow_connect.n || cfg->allow_bind.n;
}

int landlock_check(const Config *cfg)
{
	if (!wants_net_rules(cfg))
		return 0;
	int abi = landlock_abi();
	if (abi < 4) {
		log_error("%s: needs Landlock network rules (ABI 4, Linux 6.7); this kernel has %s",
			  cfg->allow_connect.n ? "--allow-connect" : "--allow-bind",
			  abi ? "an older Landlock" : "no Landlock");
		return -EOPNOTSUPP;
	}
	return 0;
}

static int add_port(int ruleset, uint16_t port, uint64_t access)
{
	struct ll_net_port_attr attr = {.allowed_access = access, .port = port};
	if (syscall(SYS_landlock_add_rule, ruleset, LL_RULE_NET_PORT, &attr, 0) < 0)
		return log_error_errno(-errno, "Landlock: allowing port %u", (unsigned)port);
	return 0;
}

int landlock_apply(const Config *cfg)
{
	if (!wants_net_rules(cfg))
		return 0;
	struct ll_ruleset_attr attr = {
		.handled_access_net = LL_ACCESS_NET_BIND_TCP | LL_ACCESS_NET_CONNECT_TCP,
	};
	cleanup_fd int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attr, sizeof attr, 0);
	if (ruleset < 0)
		return log_error_errno(-errno, "Landlock: creating the ruleset");
	int r;
	for (size_t i = 0; i < cfg->allow_connect.n; i++)
		if ((r = add_port(ruleset, cfg->allow_connect.ports[i],
				  LL_ACCESS_NET_CONNECT_TCP)) < 0)
			return r;
	for (size_t i = 0; i < cfg->allow_bind.n; i++)
		if ((r = add_port(ruleset, cfg->allow_bind.ports[i], LL_ACCESS_NET_BIND_TCP)) < 0)
			return r;
	if (syscall(SYS_landlock_restrict_self, ruleset, 0) < 0)
		return log_error_errno(-errno, "Landlock: enforcing the ruleset");
	return 0;
}
