/* config.c - the Config's lifetime, and the checks across options that
 * need to know who runs bwrap (options_validate). */
#include "config.h"

#include "log.h"
#include "options.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

unsigned options_effective_ns(const Config *cfg)
{
	unsigned ns = cfg->ns;
	/* pid 1 of a pid namespace of its own keeps the time limit: out of the
	 * command's reach, and its SIGTERM reaches every process there */
	if (cfg->time_limit_ms)
		ns |= NS_PID;
	if (cfg->caller_uid != 0 && cfg->userns_fd < 0)
		ns |= NS_USER;
	return ns;
}

int options_validate(Config *cfg)
{
	unsigned ns = options_effective_ns(cfg);
	bool userns = ((ns | cfg->ns_try) & NS_USER) || cfg->userns_fd >= 0;
	/* the combinations refused, in the order they are checked */
	const struct {
		bool refused;
		const char *why;
	} rules[] = {
		{cfg->uid_set && !userns && cfg->sandbox_uid != cfg->caller_uid,
		 "--uid: requires a user namespace (--unshare-user)"},
		{cfg->gid_set && !userns && cfg->sandbox_gid != cfg->caller_gid,
		 "--gid: requires a user namespace (--unshare-user)"},
		{cfg->userns_block_fd >= 0 && cfg->info_fd < 0,
		 "--userns-block-fd: requires --info-fd"},
		{cfg->userns_block_fd >= 0 && !(ns & NS_USER) && !(cfg->ns_try & NS_USER),
		 "--userns-block-fd: requires a user namespace (--unshare-user)"},
		{cfg->userns_fd >= 0 && (cfg->ns & NS_USER),
		 "--userns: cannot be combined with --unshare-user"},
		{cfg->userns2_fd >= 0 && cfg->userns_fd < 0, "--userns2: requires --userns"},
		{cfg->disable_userns && !((ns | cfg->ns_try) & NS_USER) && cfg->userns_fd < 0,
		 "--disable-userns: requires --unshare-user"},
		{cfg->disable_userns && cfg->userns2_fd >= 0,
		 "--disable-userns: cannot be combined with --userns2"},
		{cfg->as_pid_1 && cfg->time_limit_ms,
		 "--time-limit: cannot be combined with --as-pid-1 (the limit is kept by the "
		 "sandbox's pid 1)"},
		{cfg->as_pid_1 && !(ns & NS_PID) && cfg->pidns_fd < 0,
		 "--as-pid-1: requires --unshare-pid"},
		{cfg->netns_fd >= 0 && ((ns | cfg->ns_try) & NS_NET),
		 "--netns: cannot be combined with --unshare-net"},
	};
	for (size_t i = 0; i < sizeof rules / sizeof rules[0]; i++) {
		if (rules[i].refused) {
			log_error("%s", rules[i].why);
			return -EINVAL;
		}
	}
	if (cfg->time_offset_option && !(ns & NS_TIME)) {
		log_error("%s: requires --unshare-time", cfg->time_offset_option);
		return -EINVAL;
	}
	if (cfg->hostname && !(ns & NS_UTS)) {
		log_error("--hostname: requires --unshare-uts");
		return -EINVAL;
	}
	if (!cfg->uid_set)
		cfg->sandbox_uid = cfg->caller_uid;
	if (!cfg->gid_set)
		cfg->sandbox_gid = cfg->caller_gid;
	return 0;
}

void config_init(Config *c)
{
	memset(c, 0, sizeof *c);
	c->info_fd = c->json_status_fd = c->block_fd = c->userns_block_fd = c->sync_fd = -1;
	c->userns_fd = c->userns2_fd = c->pidns_fd = c->netns_fd = -1;
}

void config_free(Config *c)
{
	free(c->caller_cwd);
	free(c->seccomp_fds);
	free(c->seccomp_profiles);
	free(c->rlimits);
	free(c->allow_connect.ports);
	free(c->allow_bind.ports);
	free(c->caps);
	free(c->protocol_fds);
	free(c->ops);
	free(c->env);
	free(c->argv);
	for (size_t i = 0; i < c->n_owned; i++)
		free(c->owned[i]);
	free(c->owned);
	memset(c, 0, sizeof *c);
}
