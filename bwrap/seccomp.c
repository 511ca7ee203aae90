/* seccomp.c - loading and installing BPF programs. */
#include "seccomp.h"

#include "cleanup.h"
#include "log.h"
#include "util.h"

#include <errno.h>
#include <linux/seccomp.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#define SECCOMP_MAX_BYTES (BPF_MAXINSNS * sizeof(struct sock_filter))

int seccomp_read_all(const Config *cfg, SeccompSet *set)
{
	const char *opt = cfg->seccomp_legacy ? "--seccomp" : "--add-seccomp-fd";
	set->progs = xcalloc(cfg->n_seccomp_fds + 1, sizeof(struct sock_fprog));
	set->n = 0;
	for (size_t i = 0; i < cfg->n_seccomp_fds; i++) {
		int fd = cfg->seccomp_fds[i];
		cleanup_free char *data = NULL;
		size_t len = 0;
		int r = read_all(fd, SECCOMP_MAX_BYTES, &data, &len);
		if (r == -E2BIG) {
			log_error("%s %d: the program is longer than %zu instructions", opt, fd,
				  (size_t)BPF_MAXINSNS);
			return -EINVAL;
		}
		if (r < 0)
			return log_error_errno(r, "%s %d: reading the program", opt, fd);
		if (len == 0) {
			log_error("%s %d: the program is empty", opt, fd);
			return -EINVAL;
		}
		if (len % sizeof(struct sock_filter) != 0) {
			log_error("%s %d: the program is %zu bytes, not a multiple of %zu", opt, fd, len,
				  sizeof(struct sock_filter));
			return -EINVAL;
		}
		set->progs[set->n].len = (unsigned short)(len / sizeof(struct sock_filter));
		set->progs[set->n].filter = (struct sock_filter *)steal_pointer(&data);
		set->n++;
	}
	return 0;
}

int seccomp_apply(const SeccompSet *set)
{
	for (size_t i = 0; i < set->n; i++) {
		if (prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, &set->progs[i]) < 0)
			return log_error_errno(-errno, "seccomp program %zu of %zu: rejected by the kernel",
					       i + 1, set->n);
	}
	return 0;
}

void seccomp_free(SeccompSet *set)
{
	for (size_t i = 0; i < set->n; i++)
		free(set->progs[i].filter);
	free(set->progs);
	set->progs = NULL;
	set->n = 0;
}
