#!/usr/bin/env bats
# namespaces.bats - which namespaces the sandbox gets, and the identity
# (uid, gid, hostname) it sees in them.

load lib

# Shell function printing /proc/self/{uid,gid}_map with spaces squeezed:
# "inside outside count" per line.
map_fn='m() { while read -r a b c; do echo "$a $b $c"; done < "/proc/self/$1"; }; '

# ---- user namespace ------------------------------------------------------------

@test "an unprivileged caller always gets a new user namespace" {
	skip_if_root "root may run without a user namespace"
	run_bwrap readlink /proc/self/ns/user
	assert_ns_new user
}

@test "root without --unshare-user stays in the host's user namespace" {
	skip_unless_root "unprivileged callers always get a user namespace"
	run_bwrap readlink /proc/self/ns/user
	assert_ns_host user
}

@test "--unshare-user creates a new user namespace" {
	run_bwrap --unshare-user readlink /proc/self/ns/user
	assert_ns_new user
}

@test "--unshare-user-try creates a user namespace when that is possible" {
	run_bwrap --unshare-user-try readlink /proc/self/ns/user
	assert_ns_new user
}

@test "--unshare-user keeps the caller's ids, each mapped to itself only" {
	run_bwrap --unshare-user sh -c "$map_fn"'echo "$(id -u) $(id -g)"; m uid_map; m gid_map'
	assert_success
	[[ ${#lines[@]} -eq 3 ]] || flunk "expected 3 lines"
	assert_equal "${lines[0]}" "$CALLER_UID $CALLER_GID" "id -u, id -g"
	assert_equal "${lines[1]}" "$CALLER_UID $CALLER_UID 1" "uid_map"
	assert_equal "${lines[2]}" "$CALLER_GID $CALLER_GID 1" "gid_map"
}

@test "--uid 0 --gid 0 make the command root inside, mapped to the caller" {
	run_bwrap --unshare-user --uid 0 --gid 0 \
		sh -c "$map_fn"'echo "$(id -u) $(id -g)"; m uid_map; m gid_map'
	assert_success
	[[ ${#lines[@]} -eq 3 ]] || flunk "expected 3 lines"
	assert_equal "${lines[0]}" "0 0" "id -u, id -g"
	assert_equal "${lines[1]}" "0 $CALLER_UID 1" "uid_map"
	assert_equal "${lines[2]}" "0 $CALLER_GID 1" "gid_map"
}

@test "--uid and --gid set arbitrary ids inside the user namespace" {
	run_bwrap --unshare-user --uid 5 --gid 7 sh -c 'echo "$(id -u) $(id -g)"'
	assert_success
	assert_output "5 7"
}

@test "--uid without --unshare-user works for an unprivileged caller" {
	skip_if_root "as root, --uid needs --unshare-user"
	run_bwrap --uid 5 sh -c 'id -u; readlink /proc/self/ns/user'
	assert_success
	assert_equal "${lines[0]}" "5"
	assert_not_equal "${lines[1]}" "$(host_ns user)" "user namespace"
}

@test "setgroups is denied in a new user namespace" {
	run_bwrap --unshare-user cat /proc/self/setgroups
	assert_success
	assert_output "deny"
}

# ---- ipc, pid, net, uts, cgroup -------------------------------------------------

@test "--unshare-ipc creates a new IPC namespace" {
	run_bwrap --unshare-ipc readlink /proc/self/ns/ipc
	assert_ns_new ipc
}

@test "--unshare-pid creates a new PID namespace" {
	run_bwrap --unshare-pid readlink /proc/self/ns/pid
	assert_ns_new pid
}

@test "--unshare-pid: the new /proc shows only the sandbox's processes" {
	run_bwrap --unshare-pid sh -c 'ls -d /proc/[0-9]* | wc -l'
	assert_success
	# the pid-1 reaper (if any), sh, ls and wc: never the host's processes
	((output >= 2 && output <= 4)) || flunk "expected 2 to 4 processes in /proc"
}

@test "--unshare-net creates a new network namespace" {
	run_bwrap --unshare-net readlink /proc/self/ns/net
	assert_ns_new net
}

@test "--unshare-net: loopback is the only interface" {
	run_bwrap --unshare-net sh -c 'tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
	assert_success
	assert_output "lo"
}

@test "--unshare-net: loopback is up" {
	# Connecting to a closed port on an up loopback is refused at once;
	# were lo down, the network would be unreachable.
	run_bwrap --unshare-net bash -c 'exec 3<>/dev/tcp/127.0.0.1/9'
	assert_failure
	assert_stderr_contains "Connection refused"
	if [[ -x /usr/sbin/ip || -x /usr/bin/ip ]]; then
		run_bwrap --unshare-net ip -o link show lo
		assert_success
		[[ $output =~ \<[A-Z_,]*,UP[,\>] ]] || flunk "expected lo to have the UP flag"
	fi
}

@test "--unshare-uts creates a new UTS namespace" {
	run_bwrap --unshare-uts readlink /proc/self/ns/uts
	assert_ns_new uts
}

@test "--unshare-uts without --hostname keeps the host's name" {
	run_bwrap --unshare-uts cat /proc/sys/kernel/hostname
	assert_success
	assert_output "$(cat /proc/sys/kernel/hostname)"
}

@test "--hostname sets the name inside and leaves the host's alone" {
	local before
	before=$(cat /proc/sys/kernel/hostname)
	run_bwrap --unshare-uts --hostname sbx-test-name \
		sh -c 'cat /proc/sys/kernel/hostname; hostname'
	assert_success
	assert_equal "${lines[0]}" "sbx-test-name" "kernel hostname"
	assert_equal "${lines[1]}" "sbx-test-name" "hostname(1)"
	assert_equal "$(cat /proc/sys/kernel/hostname)" "$before" "host's hostname afterwards"
}

@test "--unshare-cgroup creates a new cgroup namespace" {
	run_bwrap --unshare-cgroup readlink /proc/self/ns/cgroup
	assert_ns_new cgroup
}

@test "--unshare-cgroup-try creates a cgroup namespace when that is possible" {
	run_bwrap --unshare-cgroup-try readlink /proc/self/ns/cgroup
	assert_ns_new cgroup
}

# ---- combinations -----------------------------------------------------------------

@test "without --unshare-* options ipc, pid, net, uts and cgroup are the host's" {
	run_bwrap sh -c 'for t in ipc pid net uts cgroup; do readlink /proc/self/ns/$t; done'
	assert_success
	[[ ${#lines[@]} -eq 5 ]] || flunk "expected 5 namespace ids"
	local i=0 t
	for t in ipc pid net uts cgroup; do
		assert_equal "${lines[i]}" "$(host_ns "$t")" "$t namespace"
		i=$((i + 1))
	done
}

@test "--unshare-all unshares user, ipc, pid, net, uts and cgroup" {
	run_bwrap --unshare-all sh -c \
		'for t in user ipc pid net uts cgroup; do readlink /proc/self/ns/$t; done'
	assert_success
	[[ ${#lines[@]} -eq 6 ]] || flunk "expected 6 namespace ids"
	local i=0 t
	for t in user ipc pid net uts cgroup; do
		[[ ${lines[i]} == "$t:["* ]] || flunk "expected a $t namespace id on line $i"
		assert_not_equal "${lines[i]}" "$(host_ns "$t")" "$t namespace"
		i=$((i + 1))
	done
}

@test "--share-net after --unshare-all keeps the host network, unshares the rest" {
	run_bwrap --unshare-all --share-net sh -c \
		'readlink /proc/self/ns/net; readlink /proc/self/ns/uts; readlink /proc/self/ns/ipc'
	assert_success
	assert_equal "${lines[0]}" "$(host_ns net)" "net namespace"
	assert_not_equal "${lines[1]}" "$(host_ns uts)" "uts namespace"
	assert_not_equal "${lines[2]}" "$(host_ns ipc)" "ipc namespace"
}

@test "--share-net and --unshare-net: the last one counts" {
	run_bwrap --unshare-net --share-net readlink /proc/self/ns/net
	assert_ns_host net
	run_bwrap --unshare-all --share-net --unshare-net readlink /proc/self/ns/net
	assert_ns_new net
}

# ---- nested sandboxes -------------------------------------------------------------

# The sandbox that runs another one: the host read-only (bwrap itself and its
# libraries included), its own user and pid namespaces and /proc.
NEST_OUTER=(--ro-bind / / --dev /dev --unshare-user --unshare-pid --proc /proc)
NEST_INNER='--ro-bind / / --unshare-user --unshare-pid --proc /proc'

@test "nested: bwrap in bwrap, each with --unshare-user --unshare-pid --proc" {
	skip_if_root "as root /proc/sys is writable, so it is covered read-only, and the kernel then refuses a nested procfs (bubblewrap too)"
	run_bwrap_bare "${NEST_OUTER[@]}" -- "$BWRAP" $NEST_INNER -- \
		sh -c 'echo $$; readlink /proc/self/ns/pid; echo /proc/[0-9]*'
	assert_success
	assert_equal "${lines[0]}" 2 "the inner command is pid 2 of its own namespace"
	assert_not_equal "${lines[1]}" "$(host_ns pid)" "inner pid namespace"
	# the inner /proc shows its own pid namespace: its pid 1 and the command
	# (the shell lists it without a child); never the outer or host processes
	assert_equal "${lines[2]}" "/proc/1 /proc/2" "processes in the inner /proc"
}

@test "nested: unshare --mount-proc inside the sandbox" {
	skip_if_root "as root /proc/sys is writable, so it is covered read-only, and the kernel then refuses a nested procfs (bubblewrap too)"
	command -v unshare >/dev/null || skip "unshare is not installed"
	run_bwrap_bare "${NEST_OUTER[@]}" -- unshare --user --map-root-user --pid --fork --mount-proc \
		sh -c 'echo $$; echo /proc/[0-9]*'
	assert_success
	assert_output $'1\n/proc/1'
}

@test "--proc with a pid namespace never falls back to the outer /proc: a clear error" {
	# the outer sandbox covers /proc/sys read-only, as a container runtime does;
	# the kernel then refuses a new procfs to the inner user namespace
	run_bwrap_bare "${NEST_OUTER[@]}" --ro-bind /proc/sys /proc/sys -- \
		"$BWRAP" $NEST_INNER -- sh -c 'ls /proc | grep -c "^[0-9]"'
	assert_bwrap_error "--proc"
	assert_stderr_contains "Operation not permitted"
	# without a pid namespace the outer /proc is the right one, as with bubblewrap
	run_bwrap_bare "${NEST_OUTER[@]}" --ro-bind /proc/sys /proc/sys -- \
		"$BWRAP" --ro-bind / / --unshare-user --proc /proc -- readlink /proc/self/ns/pid
	assert_success
	[[ $output == pid:* ]] || flunk "expected the outer sandbox's /proc"
}
