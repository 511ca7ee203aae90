#!/usr/bin/env bats
# harness.bats - what tests/vm/run promises the suites it runs in the VM
# (tests/vm/README.md): the kernel asked for, and with --cgroup2 a cgroup
# delegated to the caller. Outside the VM every test skips, saying so.

in_vm() {
	[[ -n ${BWRAP_TEST_VM:-} ]] || skip "not in the VM harness (tests/vm/run sets BWRAP_TEST_VM)"
}

@test "the VM runs the kernel asked for" {
	in_vm
	local want=${BWRAP_TEST_VM%%-*}
	[[ $(uname -r) == "$want".* ]] || {
		echo "BWRAP_TEST_VM=$BWRAP_TEST_VM but the kernel is $(uname -r)" >&2
		return 1
	}
}

@test "the VM's /tmp, /dev/shm and /dev/fd are there" {
	in_vm
	[[ -d /tmp && -w /tmp && -d /dev/shm && -e /dev/fd/0 ]]
	run cat <(echo through-dev-fd)
	[[ $status -eq 0 && $output == through-dev-fd ]]
}

@test "--cgroup2: the caller owns BWRAP_TEST_CGROUP_PARENT, sits in its harness/ leaf, and can use it" {
	in_vm
	[[ $BWRAP_TEST_VM == *-cgroup2 ]] || skip "not a --cgroup2 run"
	local d=${BWRAP_TEST_CGROUP_PARENT:?BWRAP_TEST_CGROUP_PARENT is not set}
	[[ $(stat -f -c %T /sys/fs/cgroup) == cgroup2fs ]]
	grep -qw nsdelegate /proc/self/mountinfo
	[[ ! -e /proc/cgroups ]] || ! awk 'NR > 1 && $2 != 0' /proc/cgroups | grep -q . ||
		{ echo "a v1 hierarchy is bound:" >&2; cat /proc/cgroups >&2; return 1; }
	local f
	for f in "$d" "$d/cgroup.procs" "$d/cgroup.subtree_control" "$d/cgroup.threads"; do
		[[ $(stat -c %u "$f") == "$(id -u)" ]] || { echo "$f: not owned by $(id -u)" >&2; return 1; }
	done
	local c
	for c in memory pids cpu; do
		grep -qw "$c" "$d/cgroup.subtree_control" || { echo "$c not enabled in $d" >&2; return 1; }
	done
	[[ $(cat /proc/self/cgroup) == "0::${d#/sys/fs/cgroup}/harness" ]] ||
		{ echo "in $(cat /proc/self/cgroup), not $d/harness" >&2; return 1; }
	# a child cgroup with limits, a process moved into it
	local t=$d/t-$$
	mkdir "$t"
	echo 16 > "$t/pids.max"
	echo $((64 << 20)) > "$t/memory.max"
	run sh -c 'echo $$ > "$1/cgroup.procs" && cat /proc/self/cgroup' sh "$t"
	rmdir "$t"
	[[ $status -eq 0 && $output == "0::${t#/sys/fs/cgroup}" ]] ||
		{ echo "moving into $t: status $status, $output" >&2; return 1; }
}
