#!/usr/bin/env bats
# flatpak-e2e.bats - bwrap as Flatpak's sandbox helper, end to end: a tiny
# runtime and app are built offline from host binaries, installed into a
# private --user installation, and run with FLATPAK_BWRAP pointing at the
# binary under test (through a wrapper that logs each use).
#
# Everything Flatpak reads or writes lives under $FP (HOME, the XDG
# directories, the user and system installations); the real user's files
# and the host's installations are never touched.

load lib

FP_APP=org.test.E2eApp
FP_RUNTIME=org.test.E2eRuntime

# ---- building and installing, once per file ------------------------------------

# fp_env: the private environment, in every test's shell (setup_file's
# exports reach the tests, but this keeps it explicit and in one place).
fp_env() {
	FP=$BATS_FILE_TMPDIR/fp
	export HOME=$FP/home
	export XDG_DATA_HOME=$HOME/.local/share
	export XDG_CONFIG_HOME=$HOME/.config
	export XDG_CACHE_HOME=$HOME/.cache
	export XDG_STATE_HOME=$HOME/.local/state
	export XDG_RUNTIME_DIR=$FP/run
	export FLATPAK_USER_DIR=$FP/user
	export FLATPAK_SYSTEM_DIR=$FP/system
	export FLATPAK_CONFIG_DIR=$FP/etc
	export FLATPAK_RUN_DIR=$FP/sysrun
	FP_WRAPPER=$FP/bin/bwrap-logged
	export FLATPAK_BWRAP=$FP_WRAPPER
	# no host bus: tests that need a session bus start their own
	export DBUS_SESSION_BUS_ADDRESS=unix:path=$FP/no-session-bus
	export DBUS_SYSTEM_BUS_ADDRESS=unix:path=$FP/no-system-bus
	unset XDG_DATA_DIRS XDG_CONFIG_DIRS DISPLAY WAYLAND_DISPLAY
	FP_BWRAP_LOG=$FP/bwrap.log
	FP_SPAWN=/usr/libexec/flatpak-xdg-utils/flatpak-spawn
	FP_ARCH=$(flatpak --default-arch)
}

fp_die() {
	echo "FAILED: $*" >&2
	return 1
}

# fp_bus COMMAND...: COMMAND on a private session bus that can start the
# flatpak portal and nothing else: with the system's service files the bus
# would also start the document portal, whose FUSE mount in
# $XDG_RUNTIME_DIR/doc lands in the host's mount table, under every other
# suite running at the same time.
fp_bus() {
	if [[ ! -f $FP/bus/bus.conf ]]; then
		mkdir -p "$FP/bus/services" &&
			ln -sf /usr/share/dbus-1/services/org.freedesktop.portal.Flatpak.service \
				"$FP/bus/services/" &&
			cat >"$FP/bus/bus.conf" <<EOF2 || return
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=$FP/bus</listen>
  <servicedir>$FP/bus/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF2
	fi
	dbus-run-session --config-file="$FP/bus/bus.conf" -- "$@"
}

# fp_install REF...: `flatpak --user install` from the local repo. As
# non-root Flatpak asks the system bus for parental controls before it
# deploys an app, and fails without a bus: a private bus stands in for it
# (with no accounts service on it, Flatpak skips the check).
fp_install() {
	fp_bus sh -c 'DBUS_SYSTEM_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS exec "$@"' sh \
		flatpak --user install -y --noninteractive e2e-repo "$@" >"$FP/build/log" 2>&1 ||
		fp_die "install of $*: $(cat "$FP/build/log")"
}

setup_file() {
	command -v flatpak >/dev/null ||
		fp_die "flatpak is needed (Debian: apt-get install flatpak)" || return
	command -v dbus-run-session >/dev/null ||
		fp_die "dbus-run-session is needed (Debian: apt-get install dbus)" || return
	[[ -x /usr/bin/busybox ]] && ! ldd /usr/bin/busybox >/dev/null 2>&1 ||
		fp_die "a static busybox is needed (Debian: apt-get install busybox-static)" || return
	fp_env
	mkdir -p "$HOME" "$XDG_CONFIG_HOME" "$XDG_RUNTIME_DIR" "$FLATPAK_SYSTEM_DIR" \
		"$FLATPAK_CONFIG_DIR" "$FP/bin" "$FP/build" || return
	chmod 700 "$XDG_RUNTIME_DIR" || return
	# An empty "system" installation: as non-root, flatpak run looks there
	# too and fails on a missing repo; a user-style repo does
	FLATPAK_USER_DIR=$FLATPAK_SYSTEM_DIR flatpak --user remotes >/dev/null ||
		fp_die "cannot make the empty system installation" || return
	# Flatpak resolves xdg-download through the XDG user dirs file
	mkdir -p "$HOME/Downloads" || return
	printf 'XDG_DOWNLOAD_DIR="$HOME/Downloads"\n' >"$XDG_CONFIG_HOME/user-dirs.dirs" || return

	# The wrapper Flatpak runs: one line per use, then our binary.
	cat >"$FP_WRAPPER" <<EOF || return
#!/bin/sh
echo "\$\$ $BWRAP" >>'$FP_BWRAP_LOG'
exec '$BWRAP' "\$@"
EOF
	chmod 755 "$FP_WRAPPER" || return
	: >"$FP_BWRAP_LOG" || return

	# The runtime: its usr/ becomes /usr. A static busybox and its applets,
	# and the ELF interpreter for the app's flatpak-spawn.
	local rt=$FP/build/runtime app=$FP/build/app repo=$FP/repo a
	mkdir -p "$rt/files" "$rt/usr/bin" "$rt/usr/lib64" || return
	printf '[Runtime]\nname=%s\n' "$FP_RUNTIME" >"$rt/metadata" || return
	cp /usr/bin/busybox "$rt/usr/bin/" || return
	for a in sh cat echo env id ls mkdir readlink sleep grep touch rm \
		tr wc head stat ip sed unshare sort cut tail seq kill; do
		ln -s busybox "$rt/usr/bin/$a" || return
	done
	if [[ -x $FP_SPAWN ]]; then
		ldd "$FP_SPAWN" | grep -o '/[^ ]*ld-linux[^ ]*' | xargs -r cp -L -t "$rt/usr/lib64" ||
			return
	fi
	flatpak build-export --runtime --disable-sandbox --no-update-summary \
		"$repo" "$rt" stable >"$FP/build/log" 2>&1 ||
		fp_die "build-export of the runtime: $(cat "$FP/build/log")" || return
	flatpak build-update-repo "$repo" >"$FP/build/log" 2>&1 ||
		fp_die "build-update-repo: $(cat "$FP/build/log")" || return
	flatpak --user remote-add --no-gpg-verify e2e-repo "$repo" >"$FP/build/log" 2>&1 ||
		fp_die "remote-add: $(cat "$FP/build/log")" || return
	fp_install "$FP_RUNTIME" || return

	# The app: a hello script and, when the host has it, flatpak-spawn with
	# its libraries in /app/lib (Flatpak puts that on LD_LIBRARY_PATH).
	flatpak build-init "$app" "$FP_APP" "$FP_RUNTIME" "$FP_RUNTIME" stable \
		>"$FP/build/log" 2>&1 ||
		fp_die "build-init: $(cat "$FP/build/log")" || return
	mkdir -p "$app/files/bin" "$app/files/lib" || return
	cat >"$app/files/bin/hello" <<'EOF' || return
#!/bin/sh
echo "hello from $FLATPAK_ID: $*"
EOF
	# the sub-sandbox test's probe: NAME-what=value lines
	cat >"$app/files/bin/probe" <<'EOF' || return
#!/bin/sh
echo "$1-instance=$(grep ^instance-id= /.flatpak-info)"
echo "$1-pidns=$(readlink /proc/self/ns/pid)"
echo "$1-pid1=$(tr '\0' '\n' </proc/1/cmdline | head -n 2 | tr '\n' ' ')"
echo "$1-home=$(cat "$HOME/host-note" 2>&1)"
EOF
	# network interfaces, sorted, on one line
	cat >"$app/files/bin/nets" <<'EOF' || return
#!/bin/sh
tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | sort | tr "\n" " "
EOF
	chmod 755 "$app/files/bin/hello" "$app/files/bin/probe" "$app/files/bin/nets" || return
	if [[ -x $FP_SPAWN ]]; then
		cp "$FP_SPAWN" "$app/files/bin/" || return
		ldd "$FP_SPAWN" | grep -o '=> /[^ ]*' | cut -c4- | xargs -r cp -L -t "$app/files/lib" ||
			return
	fi
	flatpak build-finish "$app" --command=hello >"$FP/build/log" 2>&1 ||
		fp_die "build-finish: $(cat "$FP/build/log")" || return
	flatpak build-export --disable-sandbox --no-update-summary "$repo" "$app" stable \
		>"$FP/build/log" 2>&1 ||
		fp_die "build-export of the app: $(cat "$FP/build/log")" || return
	flatpak build-update-repo "$repo" >"$FP/build/log" 2>&1 ||
		fp_die "build-update-repo: $(cat "$FP/build/log")" || return

	fp_install "$FP_APP" || return
	rm -rf "$FP/build" || return
	# (installing ran the triggers in bwrap) the tests count from here
	: >"$FP_BWRAP_LOG"
}

# ---- per test ------------------------------------------------------------------

setup() {
	fp_env
	bwrap_test_setup || return
	# Every process a test starts inherits this variable (the test's own
	# shell got it after it was exec'd, so its /proc/PID/environ lacks
	# it): fp_leftovers_check finds them, sandboxed or not, bus daemons
	# included.
	export FP_E2E_TAG=$MARK
	FP_LOG_LINES=$(wc -l <"$FP_BWRAP_LOG")
	echo "host note" >"$HOME/host-note"
	rm -rf "$HOME/from-app" "$HOME/keep" "$HOME/.var/app/$FP_APP/keep"
}

# pids of live processes whose initial environment holds FP_E2E_TAG=$MARK
# (pure bash: no helper process of ours may match)
fp_tagged_pids() {
	local p e
	for p in /proc/[0-9]*; do
		[[ ${p#/proc/} == "$BASHPID" ]] && continue
		while IFS= read -r -d '' e; do
			if [[ $e == "FP_E2E_TAG=$MARK" ]]; then
				echo "${p#/proc/}"
				break
			fi
		done 2>/dev/null <"$p/environ"
	done 2>/dev/null
}

# wait (up to 30 s) until no process started by the test is left
fp_leftovers_check() {
	local i pids p
	for ((i = 0; i < 600; i++)); do
		pids=$(fp_tagged_pids)
		[[ -z $pids ]] && return 0
		sleep 0.05
	done
	echo "FAILED: processes left behind by the test:" >&2
	ps -o pid,ppid,stat,args -p "$(paste -sd, <<<"$pids")" >&2 || true
	for p in $pids; do
		kill -KILL "$p" 2>/dev/null || true
	done
	return 1
}

teardown() {
	local rc=0
	flatpak --user override --reset "$FP_APP" 2>/dev/null || true
	fp_leftovers_check || rc=1
	bwrap_test_teardown || rc=1
	return $rc
}

# ---- helpers -------------------------------------------------------------------

# fp_run ARG...: `flatpak run ARG...`, like run_bwrap ($status, $output,
# $stderr, $lines)
fp_run() {
	run --separate-stderr flatpak run "$@"
}

# fp_sh [FLATPAK-RUN-OPTION...] -- SCRIPT: the app's sh running SCRIPT
fp_sh() {
	local opts=()
	while [[ $1 != -- ]]; do
		opts+=("$1")
		shift
	done
	fp_run "${opts[@]}" --command=sh "$FP_APP" -c "$2" "sh-$MARK"
}

# assert_our_bwrap_used [N]: Flatpak started the binary under test through
# the logging wrapper at least N (default 1) more times since the test began
assert_our_bwrap_used() {
	local now
	now=$(wc -l <"$FP_BWRAP_LOG")
	((now - FP_LOG_LINES >= ${1:-1})) ||
		flunk "expected flatpak to run \$FLATPAK_BWRAP (-> $BWRAP) at least ${1:-1} time(s), it ran it $((now - FP_LOG_LINES))"
}

# mountinfo fields of the mount at PATH in $output (a copy of
# /proc/self/mountinfo): "ROOT OPTIONS FSTYPE"; the last one wins
mount_at() {
	awk -v p="$1" '$5 == p {
		for (i = 7; $i != "-"; i++) ;
		r = $4 " " $6 " " $(i + 1)
	} END { print r }' <<<"$output"
}

# ---- running the app -----------------------------------------------------------

@test "flatpak run: the app's command runs with its arguments, through our bwrap" {
	fp_run "$FP_APP" one 'two words'
	assert_success
	assert_output "hello from $FP_APP: one two words"
	assert_our_bwrap_used
	# the wrapper logged the binary it went on to exec
	[[ $(tail -n 1 "$FP_BWRAP_LOG") == *" $BWRAP" ]] || flunk "the wrapper did not exec $BWRAP"
}

@test "flatpak run --command=sh: /.flatpak-info describes the app, runtime and instance" {
	fp_sh -- 'cat /.flatpak-info'
	assert_success
	assert_our_bwrap_used
	assert_output_contains $'[Application]\nname='"$FP_APP"$'\n'
	assert_output_contains $'\nruntime=runtime/'"$FP_RUNTIME/$FP_ARCH/stable"$'\n'
	assert_output_contains $'\napp-path='"$FLATPAK_USER_DIR/app/$FP_APP/$FP_ARCH/stable/"
	assert_output_contains $'\nbranch=stable\n'
	[[ $output =~ $'\n'instance-id=[0-9]+$'\n' ]] || flunk "expected an instance-id"
	# pid 1 of the sandbox is the binary under test, run by the wrapper
	fp_sh -- 'tr "\0" " " < /proc/1/cmdline'
	assert_success
	[[ $output == "$BWRAP "* ]] || flunk "expected pid 1 to be $BWRAP"
	# the file is read-only in the sandbox
	fp_sh -- 'echo x >> /.flatpak-info && echo written || echo refused'
	assert_success
	assert_output "refused"
}

@test "the app's mounts: tmpfs root, runtime on /usr and app on /app read-only, no host tree" {
	local rt_files app_files
	rt_files=$(flatpak --user info --show-location "$FP_RUNTIME//stable")/files
	app_files=$(flatpak --user info --show-location "$FP_APP")/files
	fp_sh -- 'cat /proc/self/mountinfo'
	assert_success
	assert_our_bwrap_used
	local m
	m=$(mount_at /)
	[[ $m == *" tmpfs" ]] || flunk "/ should be a tmpfs: '$m'"
	m=$(mount_at /usr)
	[[ $m == "$rt_files ro,"* ]] || flunk "/usr should be the runtime, read-only: '$m'"
	m=$(mount_at /app)
	[[ $m == "$app_files ro,"* ]] || flunk "/app should be the app, read-only: '$m'"
	# the session bus proxy, which Flatpak runs in a bwrap of its own,
	# came up: its socket is bound in
	m=$(mount_at /run/flatpak/bus)
	[[ $m == "$XDG_RUNTIME_DIR/.dbus-proxy/session-bus-proxy-"* ]] ||
		flunk "/run/flatpak/bus should be the bus proxy's socket: '$m'"
	m=$(mount_at /proc)
	[[ $m == *" proc" ]] || flunk "/proc should be a proc mount: '$m'"
	# nothing of the host's own trees is mounted
	local p
	for p in /work /root /home /etc /var/lib "$HOME"; do
		[[ -z $(mount_at "$p") ]] || flunk "the host's $p is mounted in the sandbox"
	done

	fp_sh -- 'touch /usr/new 2>&1; touch /app/new 2>&1; ls /usr/bin/busybox /app/bin/hello
		ls /work /root /var/lib 2>&1 | grep -c "No such file"'
	assert_success
	assert_output "touch: /usr/new: Read-only file system
touch: /app/new: Read-only file system
/app/bin/hello
/usr/bin/busybox
3"
}

@test "the app's pid namespace: its own pids, no host process visible" {
	local host_pid
	# a host process the sandbox must not see, found by its command line
	bash -c "exec -a 'host-$MARK' sleep 300" &
	host_pid=$!
	wait_for_pattern "host-$MARK"
	fp_sh -- 'echo "me=$$"; readlink /proc/self/ns/pid
		for p in /proc/[0-9]*; do echo "pid=${p#/proc/}"; done
		grep -l -s "host-bwrap-test-mar[k]" /proc/[0-9]*/cmdline | wc -l'
	kill "$host_pid"
	wait "$host_pid" 2>/dev/null || true
	assert_success
	assert_our_bwrap_used
	# bwrap is pid 1, the shell a small pid in the new namespace
	[[ ${lines[0]} =~ ^me=([0-9]+)$ ]] || flunk "no pid"
	((BASH_REMATCH[1] > 1 && BASH_REMATCH[1] < 10)) || flunk "the shell's pid should be small"
	assert_not_equal "${lines[1]}" "$(host_ns pid)" "the app needs its own pid namespace"
	local n_pids
	n_pids=$(grep -c '^pid=' <<<"$output")
	((n_pids >= 2 && n_pids <= 4)) || flunk "expected only bwrap, the shell (and its children) in /proc"
	assert_output_contains $'\npid=1\n'
	assert_equal "${lines[-1]}" 0 "host processes seen by the sandbox"
}

@test "the app runs as the caller, in a user namespace of its own unless root" {
	fp_sh -- 'id -u; id -g; id -un; readlink /proc/self/ns/user; cat /proc/self/uid_map'
	assert_success
	assert_our_bwrap_used
	assert_equal "${lines[0]}" "$CALLER_UID" "uid inside"
	assert_equal "${lines[1]}" "$CALLER_GID" "gid inside"
	assert_equal "${lines[2]}" "$(id -un)" "user name inside (Flatpak's /etc/passwd)"
	if is_root; then
		# bwrap runs privileged for root: no user namespace
		assert_equal "${lines[3]}" "$(host_ns user)" "root's user namespace"
	else
		assert_not_equal "${lines[3]}" "$(host_ns user)" "the caller's user namespace"
		# only the caller's uid is mapped (the id it maps to in the
		# parent namespace depends on how bwrap nests namespaces: bubblewrap
		# adds one for --disable-userns, in which the caller is 0)
		[[ ${lines[4]} =~ ^\ *$CALLER_UID\ +[0-9]+\ +1$ ]] ||
			flunk "uid_map should map $CALLER_UID alone"
		assert_equal "${#lines[@]}" 5 "lines: one uid_map line"
	fi
}

@test "Flatpak's seccomp filter and no_new_privs are in force" {
	# unshare() is refused by Flatpak's filter (as root too, with every
	# capability in the sandbox's namespace)
	fp_sh -- 'grep -E "^(NoNewPrivs|Seccomp):" /proc/self/status
		unshare -n true 2>&1; echo "rc=$?"; unshare -U true 2>&1; echo "rc=$?"'
	assert_success
	assert_our_bwrap_used
	assert_equal "${lines[0]//[[:space:]]/}" NoNewPrivs:1 "no_new_privs"
	assert_equal "${lines[1]//[[:space:]]/}" Seccomp:2 "seccomp mode (filter)"
	[[ ${lines[2]} == *"Operation not permitted"* && ${lines[3]} == rc=1 ]] ||
		flunk "unshare(CLONE_NEWNET) should fail with EPERM"
	[[ ${lines[4]} == *"Operation not permitted"* && ${lines[5]} == rc=1 ]] ||
		flunk "unshare(CLONE_NEWUSER) should fail with EPERM"
}

# ---- permissions ---------------------------------------------------------------

@test "--share=ipc joins the host's IPC namespace; by default the app has its own" {
	fp_sh -- 'readlink /proc/self/ns/ipc'
	assert_success
	assert_not_equal "$output" "$(host_ns ipc)" "default IPC namespace"
	[[ $output == ipc:* ]] || flunk "expected an ipc namespace"
	fp_sh --share=ipc -- 'readlink /proc/self/ns/ipc'
	assert_success
	assert_our_bwrap_used 2
	assert_equal "$output" "$(host_ns ipc)" "IPC namespace with --share=ipc"
}

@test "--filesystem=home: the host home is shared read-write; without it, hidden" {
	fp_sh -- 'cat "$HOME/host-note" 2>&1; echo from-app > "$HOME/from-app" 2>&1; echo rc=$?'
	assert_success
	assert_output_contains "No such file or directory"
	[[ ! -e $HOME/from-app ]] || flunk "without --filesystem=home the app wrote into the host home"

	fp_sh --filesystem=home -- 'cat "$HOME/host-note"; echo from-app > "$HOME/from-app"; echo rc=$?
		grep -c " $HOME rw," /proc/self/mountinfo'
	assert_success
	assert_our_bwrap_used 2
	assert_output $'host note\nrc=0\n1'
	assert_equal "$(cat "$HOME/from-app")" from-app "the file the app wrote, seen by the host"
}

@test "--filesystem=xdg-download:ro: readable, writes fail with EROFS, host file unchanged" {
	local dl=$HOME/Downloads
	echo original >"$dl/file"
	fp_sh --filesystem=xdg-download:ro -- "dl='$dl'"'
		cat "$dl/file"; (echo changed > "$dl/file") 2>&1; echo rc=$?
		touch "$dl/new" 2>&1; echo rc=$?
		grep " $dl " /proc/self/mountinfo | cut -d" " -f6 | cut -d, -f1'
	assert_success
	assert_our_bwrap_used
	assert_equal "${lines[0]}" original "the app reads the host file"
	[[ ${lines[1]} == *"Read-only file system"* ]] || flunk "the write should fail with EROFS"
	[[ ${lines[2]} == rc=[1-9]* ]] || flunk "the write should fail"
	[[ ${lines[3]} == *"Read-only file system"* ]] || flunk "creating a file should fail with EROFS"
	[[ ${lines[4]} == rc=[1-9]* ]] || flunk "creating a file should fail"
	assert_equal "${lines[5]}" ro "the Downloads mount's options"
	assert_equal "$(cat "$dl/file")" original "the host file after the run"
	[[ ! -e $dl/new ]] || flunk "the app created a file in the read-only directory"
}

@test "--share=network shows the host's interfaces, --unshare=network only lo" {
	local host_ifaces
	host_ifaces=$(awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev | sort | paste -sd' ')
	local script='readlink /proc/self/ns/net
		tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | sort | tr "\n" " "'
	fp_sh --unshare=network -- "$script"
	assert_success
	assert_not_equal "${lines[0]}" "$(host_ns net)" "an unshared network needs its own namespace"
	assert_equal "${lines[1]% }" lo "interfaces with --unshare=network"

	fp_sh --share=network -- "$script"
	assert_success
	assert_our_bwrap_used 2
	assert_equal "${lines[0]}" "$(host_ns net)" "a shared network is the host's namespace"
	assert_equal "${lines[1]% }" "$host_ifaces" "interfaces with --share=network"
}

@test "--env=FOO=bar sets a variable for the app only" {
	unset FOO
	fp_sh --env=FOO=bar --env=E2E_SPACES='a  b' -- 'echo "${FOO-unset}"; echo "${E2E_SPACES-unset}"; echo "$FLATPAK_ID"'
	assert_success
	assert_our_bwrap_used
	assert_output $'bar\na  b\n'"$FP_APP"
	fp_sh -- 'echo "${FOO-unset}"'
	assert_output unset
}

@test "--persist=keep: ~/keep lands in the app's data directory, and stays" {
	fp_sh --persist=keep -- 'echo saved > "$HOME/keep/data" && cat "$HOME/keep/data"'
	assert_success
	assert_output saved
	assert_equal "$(cat "$HOME/.var/app/$FP_APP/keep/data")" saved "the host copy"
	[[ ! -e $HOME/keep ]] || flunk "the host home got a keep directory"
	# a second run finds it again; without --persist it is not there
	fp_sh --persist=keep -- 'cat "$HOME/keep/data"'
	assert_output saved
	fp_sh -- 'cat "$HOME/keep/data" 2>&1'
	assert_output_contains "No such file or directory"
	assert_our_bwrap_used 3
}

# ---- instances -----------------------------------------------------------------

# fp_instance_wait OLD: wait (up to 30 s) for a running instance of the
# app in `flatpak ps` whose id is not in OLD; sets FP_INSTANCE,
# FP_INSTANCE_PID (its bwrap) and FP_CHILD_PID (the sandbox's pid 1, as
# the host numbers it)
fp_instance_wait() {
	local i l
	for ((i = 0; i < 600; i++)); do
		while read -r l; do
			read -r FP_INSTANCE FP_INSTANCE_PID FP_CHILD_PID _ <<<"$l"
			[[ " $1 " == *" $FP_INSTANCE "* ]] && continue
			[[ $FP_CHILD_PID =~ ^[1-9][0-9]*$ ]] && return 0
		done < <(flatpak ps --columns=instance,pid,child-pid,application | grep -F "$FP_APP")
		sleep 0.05
	done
	fp_die "no running instance of $FP_APP in flatpak ps"
}

# fp_wait_exit PID: wait (up to 30 s) for PID, a child of this shell, to end
fp_wait_exit() {
	local i
	for ((i = 0; i < 600; i++)); do
		kill -0 "$1" 2>/dev/null || break
		sleep 0.05
	done
	! kill -0 "$1" 2>/dev/null || fp_die "process $1 did not end"
	wait "$1" || true
}

@test "flatpak ps lists the running instance; enter runs in it; kill ends it" {
	local old
	old=$(flatpak ps --columns=instance | paste -sd' ')
	flatpak run --command=sh "$FP_APP" -c 'exec sleep 300' "sh-$MARK" \
		</dev/null >"$BATS_TEST_TMPDIR/bg.out" 2>&1 &
	local bg=$!
	fp_instance_wait "$old"
	# the instance's bwrap is the binary under test, started by the wrapper
	local exe
	exe=$(readlink "/proc/$FP_INSTANCE_PID/exe" 2>&1) ||
		flunk "readlink /proc/$FP_INSTANCE_PID/exe: $exe;" \
			"$(grep -E '^(Name|State|PPid|Uid)' "/proc/$FP_INSTANCE_PID/status" 2>&1 | tr '\n\t' '  ')" \
			"(flatpak run was $bg)"
	assert_equal "$exe" "$(readlink -f "$BWRAP")" "the executable of the instance's bwrap process"
	assert_our_bwrap_used
	grep -q "^$FP_INSTANCE_PID " "$FP_BWRAP_LOG" ||
		flunk "the instance's pid $FP_INSTANCE_PID is not one the wrapper logged"
	[[ -s $XDG_RUNTIME_DIR/.flatpak/$FP_INSTANCE/info ]] || flunk "no instance info on the host"
	# bwrap holds the lock on the instance's .ref (--lock-file) that tells
	# Flatpak the instance is alive
	local ref_inode
	ref_inode=$(stat -c %i "$XDG_RUNTIME_DIR/.flatpak/$FP_INSTANCE/.ref")
	grep -Eq "(POSIX|OFDLCK) +ADVISORY +READ .*:$ref_inode " /proc/locks || flunk "no lock on the instance's .ref"
	# the sandbox's pid 1 is bwrap too; the app, sleep, is its child
	[[ $(tr '\0' ' ' <"/proc/$FP_CHILD_PID/cmdline") == "$BWRAP "* ]] ||
		flunk "the instance's child-pid $FP_CHILD_PID is not $BWRAP"
	local app_pid
	app_pid=$(pgrep -P "$FP_CHILD_PID" -x sleep) || flunk "no sleep under the sandbox's pid 1"

	run --separate-stderr flatpak enter "$FP_INSTANCE" sh -c 'cat /.flatpak-info
		readlink /proc/self/ns/pid; readlink /proc/self/ns/mnt; tr "\0" " " < /proc/2/cmdline; echo'
	assert_success
	assert_output_contains $'\nname='"$FP_APP"$'\n'
	assert_output_contains $'\ninstance-id='"$FP_INSTANCE"$'\n'
	# the entered process is in the app's pid and mount namespaces and
	# sees the app as pid 2
	assert_equal "${lines[-3]}" "$(readlink "/proc/$app_pid/ns/pid")" "pid namespace after enter"
	assert_equal "${lines[-2]}" "$(readlink "/proc/$app_pid/ns/mnt")" "mount namespace after enter"
	assert_equal "${lines[-1]}" "sleep 300 " "pid 2 as the entered process sees it"

	run --separate-stderr flatpak kill "$FP_APP"
	assert_success
	fp_wait_exit "$bg"
	[[ ! -d /proc/$FP_INSTANCE_PID ]] || flunk "the instance's bwrap still runs after flatpak kill"
	[[ ! -d /proc/$app_pid ]] || flunk "the app still runs after flatpak kill"
	# the lock is gone with the sandbox (flatpak ps forgets instances
	# whose .ref is unlocked, 3 s after they started)
	! grep -Eq "(POSIX|OFDLCK) +ADVISORY +READ .*:$ref_inode " /proc/locks || flunk "the instance's .ref is still locked"
}

# ---- sandboxed runs --------------------------------------------------------------

# network interfaces of the host, sorted, on one line
host_ifaces() {
	awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' /proc/net/dev | LC_ALL=C sort | paste -sd' '
}

@test "flatpak run --sandbox drops the permissions an override granted" {
	[[ $(host_ifaces) != lo ]] || skip "the host has no network interface but lo"
	flatpak --user override --filesystem=home --share=network "$FP_APP"
	local script='cat "$HOME/host-note" 2>&1
		tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " " | sort | tr "\n" " "; echo
		grep -c "^sandbox=true" /.flatpak-info || :'
	fp_sh -- "$script"
	assert_success
	assert_equal "${lines[0]}" "host note" "the override shares the home"
	assert_equal "${lines[1]% }" "$(host_ifaces)" "the override shares the network"
	assert_equal "${lines[2]}" 0 "sandbox= lines in /.flatpak-info"
	fp_sh --sandbox -- "$script"
	assert_success
	assert_our_bwrap_used 2
	[[ ${lines[0]} == *"No such file or directory"* ]] || flunk "--sandbox should hide the home"
	assert_equal "${lines[1]% }" lo "interfaces under --sandbox"
	assert_equal "${lines[2]}" 1 "sandbox= lines in /.flatpak-info"
}

@test "flatpak-spawn --sandbox: a sub-sandbox through the flatpak portal" {
	[[ -x $FP_SPAWN ]] || fp_die "flatpak-spawn is needed (Debian: apt-get install flatpak-xdg-utils)"
	[[ -x /usr/libexec/flatpak-portal ]] || fp_die "/usr/libexec/flatpak-portal is needed (Debian: flatpak)"
	[[ -f /usr/share/dbus-1/services/org.freedesktop.portal.Flatpak.service ]] ||
		fp_die "the flatpak portal's D-Bus service file is missing (Debian: flatpak)"
	flatpak --user override --filesystem=home "$FP_APP"
	# (the session bus is private: dbus-daemon activates the portal with
	# this environment, FLATPAK_BWRAP included)
	run --separate-stderr fp_bus flatpak run --command=sh "$FP_APP" -c '
		probe outer
		flatpak-spawn --sandbox probe inner
		echo "spawn-rc=$?"' "sh-$MARK"
	assert_success
	assert_output_contains "spawn-rc=0"
	# flatpak run, its bus proxy, then the portal's flatpak run
	assert_our_bwrap_used 3
	local outer_instance inner_instance outer_pidns inner_pidns
	outer_instance=$(grep '^outer-instance=instance-id=[0-9]' <<<"$output") || flunk "no outer instance"
	inner_instance=$(grep '^inner-instance=instance-id=[0-9]' <<<"$output") || flunk "no inner instance"
	assert_not_equal "${outer_instance#*=}" "${inner_instance#*=}" "the sub-sandbox is a new instance"
	outer_pidns=$(grep '^outer-pidns=pid:' <<<"$output") || flunk "no outer pid namespace"
	inner_pidns=$(grep '^inner-pidns=pid:' <<<"$output") || flunk "no inner pid namespace"
	assert_not_equal "${outer_pidns#*=}" "${inner_pidns#*=}" "the sub-sandbox's own pid namespace"
	assert_not_equal "${inner_pidns#*=}" "$(host_ns pid)" "the sub-sandbox's pid namespace vs the host"
	# both sandboxes' pid 1 is the binary under test
	assert_output_contains "outer-pid1=$BWRAP --args"
	assert_output_contains "inner-pid1=$BWRAP --args"
	# the override reaches the app, not the sub-sandbox
	assert_output_contains "outer-home=host note"
	assert_output_contains "inner-home=cat: can't open"
}

@test "flatpak-spawn --sandbox with --no-network, --expose-pids and --share-pids" {
	[[ -x $FP_SPAWN ]] || fp_die "flatpak-spawn is needed (Debian: apt-get install flatpak-xdg-utils)"
	[[ $(host_ifaces) != lo ]] || skip "the host has no network interface but lo"
	flatpak --user override --share=network "$FP_APP"
	# --expose-pids: the sub-sandbox's pid namespace is a child of the
	# app's, so the app sees its processes: wait (up to 30 s) for its
	# sleep, then end it from the app's side.
	# --share-pids: the sub-sandbox joins the app's pid namespace.
	run --separate-stderr fp_bus flatpak run --command=sh "$FP_APP" -c '
		echo "outer-net=$(nets)"
		echo "outer-pidns=$(readlink /proc/self/ns/pid)"
		flatpak-spawn --sandbox --no-network sh -c "echo nonet-net=\$(nets)"
		flatpak-spawn --sandbox --expose-pids sleep 4242 &
		found=
		for i in $(seq 600); do
			for p in /proc/[0-9]*; do
				[ "$(tr "\0" " " < $p/cmdline 2>/dev/null)" = "sleep 4242 " ] && found=${p#/proc/}
			done
			[ -n "$found" ] && break
			sleep 0.05
		done
		echo "exposed-sleep=${found:-none}"
		[ -n "$found" ] && kill "$found"
		wait
		flatpak-spawn --sandbox --share-pids sh -c "echo shared-pidns=\$(readlink /proc/self/ns/pid)"
		echo "spawn-rc=$?"' "sh-$MARK"
	assert_success
	assert_output_contains "spawn-rc=0"
	assert_our_bwrap_used 4
	assert_output_contains "outer-net=$(host_ifaces) "
	assert_output_contains $'\nnonet-net=lo\n'
	[[ $output =~ $'\n'exposed-sleep=[0-9]+$'\n' ]] ||
		flunk "the app should see the --expose-pids sub-sandbox's process"
	local outer_pidns
	outer_pidns=$(grep '^outer-pidns=pid:' <<<"$output") || flunk "no outer pid namespace"
	assert_output_contains "shared-pidns=${outer_pidns#*=}"
}
