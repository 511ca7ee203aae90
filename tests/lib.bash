# lib.bash - helpers shared by the bwrap behaviour suites.
#
# Usage from a .bats file:   load lib
#
# The binary under test comes from $BWRAP (an absolute path); a bwrap found
# on PATH is never used. Every test gets, through the setup/teardown defined
# here:
#   - a snapshot of the host's mount table, compared again after the test:
#     a test fails if bwrap left, removed or changed any host mount;
#   - a unique marker ($MARK) to put on sandboxed command lines; after the
#     test no process whose command line holds it may still be running.

bats_require_minimum_version 1.5.0

# ---- the binary under test ---------------------------------------------------

bwrap_lib_die() {
	printf 'tests/lib.bash: %s\n' "$*" >&2
	# at file level 'exit' aborts the whole test file, loudly
	exit 1
}

if [[ -z ${BWRAP:-} ]]; then
	bwrap_lib_die "BWRAP is not set: run e.g. 'BWRAP=\$PWD/bwrap/bwrap bats tests/'"
fi
if [[ $BWRAP != /* ]]; then
	bwrap_lib_die "BWRAP must be an absolute path, not '$BWRAP'"
fi
if [[ ! -f $BWRAP || ! -x $BWRAP ]]; then
	bwrap_lib_die "BWRAP='$BWRAP' is not an executable file"
fi

# Messages inside and outside the sandbox (strerror texts) in English.
export LC_ALL=C
unset LANGUAGE

CALLER_UID=$(id -u)
CALLER_GID=$(id -g)

# True when the binary is Debian's bubblewrap (or a copy of it), which the
# suites were first written against: its messages are worded differently
# from ours.
is_reference() {
	if [[ -z ${BWRAP_IS_REFERENCE:-} ]]; then
		BWRAP_IS_REFERENCE=no
		# ours prints "bubblewrap X.Y.Z" too, then a line "bwrap VERSION"
		local version
		version=$("$BWRAP" --version 2>/dev/null)
		if [[ $(readlink -f -- "$BWRAP") == /usr/bin/bwrap ||
			($version == "bubblewrap "* && $version != *$'\n'"bwrap "*) ]]; then
			BWRAP_IS_REFERENCE=yes
		fi
	fi
	[[ $BWRAP_IS_REFERENCE == yes ]]
}

is_root() {
	[[ $CALLER_UID == 0 ]]
}

skip_if_root() {
	if is_root; then skip "${1:-differs when run as root}"; fi
}

skip_unless_root() {
	if ! is_root; then skip "${1:-needs root on the host}"; fi
}

# ---- the standard minimal root -------------------------------------------------

# /usr read-only plus the top-level links (or directories) that lead into
# it, as the host has them (Debian 12: /bin -> usr/bin and so on).
BW_BASE=(--ro-bind /usr /usr)
BW_TOPLEVEL=(usr)
for bw_d in bin lib lib64 sbin; do
	if [[ -L /$bw_d ]]; then
		BW_BASE+=(--symlink "$(readlink "/$bw_d")" "/$bw_d")
		BW_TOPLEVEL+=("$bw_d")
	elif [[ -d /$bw_d ]]; then
		BW_BASE+=(--ro-bind "/$bw_d" "/$bw_d")
		BW_TOPLEVEL+=("$bw_d")
	fi
done
unset bw_d
# ... with a fresh /proc and a minimal /dev
BW_ROOT=("${BW_BASE[@]}" --proc /proc --dev /dev)
BW_TOPLEVEL+=(proc dev)

# run_bwrap ARG... : run bwrap with the minimal root then ARG...
#   $status, $output (stdout only), $stderr, $lines, $stderr_lines
run_bwrap() {
	run --separate-stderr "$BWRAP" "${BW_ROOT[@]}" "$@"
}

# run_bwrap_bare ARG... : run bwrap with exactly ARG...
run_bwrap_bare() {
	run --separate-stderr "$BWRAP" "$@"
}

# ---- assertions ---------------------------------------------------------------

# Print what the last 'run' produced, then fail with a message.
flunk() {
	{
		printf 'FAILED: %s\n' "$*"
		printf -- '--- status: %s\n' "${status-<none>}"
		printf -- '--- stdout:\n%s\n' "${output-}"
		printf -- '--- stderr:\n%s\n' "${stderr-}"
	} >&2
	return 1
}

assert_success() {
	[[ $status -eq 0 ]] || flunk "expected exit status 0"
}

assert_status() {
	[[ $status -eq $1 ]] || flunk "expected exit status $1"
}

assert_failure() {
	[[ $status -ne 0 ]] || flunk "expected a non-zero exit status"
}

assert_output() {
	[[ $output == "$1" ]] || flunk "expected stdout to be exactly: $1"
}

assert_output_contains() {
	[[ $output == *"$1"* ]] || flunk "expected stdout to contain: $1"
}

refute_output_contains() {
	[[ $output != *"$1"* ]] || flunk "expected stdout not to contain: $1"
}

assert_stderr_contains() {
	[[ $stderr == *"$1"* ]] || flunk "expected stderr to contain: $1"
}

assert_equal() {
	[[ $1 == "$2" ]] || flunk "expected '$1' to equal '$2'${3:+ ($3)}"
}

assert_not_equal() {
	[[ $1 != "$2" ]] || flunk "expected '$1' to differ from '$2'${3:+ ($3)}"
}

# assert_bwrap_error [WORD...]
# bwrap itself failed: exit status 1, a 'bwrap: ' diagnostic, nothing on
# stdout. For our bwrap also: exactly one line, which mentions at least one
# of WORD... (the option name and/or the path). Bubblewrap words its
# messages differently, so against it only the status and prefix count.
assert_bwrap_error() {
	[[ $status -eq 1 ]] || { flunk "expected bwrap to fail with exit status 1"; return 1; }
	[[ $stderr == 'bwrap: '* ]] || { flunk "expected stderr to start with 'bwrap: '"; return 1; }
	[[ -z $output ]] || { flunk "expected nothing on stdout"; return 1; }
	if is_reference; then
		return 0
	fi
	[[ $stderr != *$'\n'* ]] || { flunk "expected exactly one line on stderr"; return 1; }
	(($# == 0)) && return 0
	local w
	for w in "$@"; do
		[[ $stderr == *"$w"* ]] && return 0
	done
	flunk "expected the message to name one of: $*"
}

# ---- namespaces ---------------------------------------------------------------

# host_ns TYPE: the test process's namespace of TYPE, e.g. "net:[4026531833]"
host_ns() {
	readlink "/proc/$$/ns/$1"
}

# After 'run_bwrap ... readlink /proc/self/ns/TYPE':
assert_ns_new() {
	assert_success || return
	[[ $output =~ ^$1:\[[0-9]+\]$ ]] || { flunk "expected a $1 namespace id"; return 1; }
	assert_not_equal "$output" "$(host_ns "$1")" "the sandbox should have its own $1 namespace"
}

assert_ns_host() {
	assert_success || return
	[[ $output =~ ^$1:\[[0-9]+\]$ ]] || { flunk "expected a $1 namespace id"; return 1; }
	assert_equal "$output" "$(host_ns "$1")" "the sandbox should share the host's $1 namespace"
}

# ---- host mount table ---------------------------------------------------------

# One line per mount: root, mount point, per-mount options, then fs type,
# source and super options. Mount ids and parent ids are left out; the
# optional fields (propagation) are kept.
# mount_table: the host's mounts, one a line (root, mount point, options,
# ...), sorted. Mounts under /tmp, /var/tmp and /work are left out unless
# they are under this test's own directories: other test runs and builds
# on the same machine mount and unmount there, and a leak from a sandbox
# lands on a system path or on a directory the test handed to bwrap.
mount_table() {
	local own
	own=$(printf '%s\n' "${BATS_RUN_TMPDIR:-}" "${BATS_TEST_TMPDIR:-}" "${TOP_BUILDDIR:-}" \
		"${TOP_SRCDIR:-}" "${PUB:-}")
	awk -v own="$own" '
	BEGIN { n = split(own, ownp, "\n") }
	function ours(p,  i) {
		for (i = 1; i <= n; i++)
			if (ownp[i] != "" && (p == ownp[i] || index(p, ownp[i] "/") == 1))
				return 1
		return 0
	}
	$5 ~ /^\/(tmp|var\/tmp|work)\// && !ours($5) { next }
	{
		line = $4 " " $5 " " $6
		for (i = 7; i <= NF; i++)
			line = line " " $i
		print line
	}' /proc/self/mountinfo | LC_ALL=C sort
}

mounts_snapshot() {
	mount_table >"$BATS_TEST_TMPDIR/.mounts.before"
}

mounts_check() {
	mount_table >"$BATS_TEST_TMPDIR/.mounts.after"
	if ! cmp -s "$BATS_TEST_TMPDIR/.mounts.before" "$BATS_TEST_TMPDIR/.mounts.after"; then
		echo "FAILED: the host's mount table changed during the test:" >&2
		diff "$BATS_TEST_TMPDIR/.mounts.before" "$BATS_TEST_TMPDIR/.mounts.after" >&2
		return 1
	fi
}

# ---- leftover processes -------------------------------------------------------

# pids of processes whose command line contains the marker (never our own)
marker_pids() {
	pgrep -f -- "$MARK" || true
}

# The waits below return as soon as what they wait for happens; their bounds
# (30 s) only end a test that would otherwise hang, so they hold however busy
# the machine is.

# wait_for_pattern REGEX: wait up to 30 s for a process matching REGEX
wait_for_pattern() {
	local i
	for ((i = 0; i < 600; i++)); do
		pgrep -f -- "$1" >/dev/null && return 0
		sleep 0.05
	done
	echo "FAILED: no process matching '$1' appeared" >&2
	return 1
}

# wait_marker_gone: wait up to 30 s for every process holding $MARK to exit
wait_marker_gone() {
	local i
	for ((i = 0; i < 600; i++)); do
		[[ -z $(marker_pids) ]] && return 0
		sleep 0.05
	done
	return 1
}

# cpu_mark: set CPU_MS to the CPU time (user + system) of this shell's
# waited-for children so far, in ms: what a "finishes quickly" test bounds,
# so that its verdict does not depend on how busy the machine is. (times
# runs in this shell, not in a subshell, which would have its own children.)
cpu_mark() {
	times >"$BATS_TEST_TMPDIR/times"
	CPU_MS=$(sed -n 2p "$BATS_TEST_TMPDIR/times" | awk 'function ms(t,  m) {
		m = t; sub(/m.*/, "", m); sub(/^[0-9]+m/, "", t); sub(/s$/, "", t)
		return int((m * 60 + t) * 1000)
	} { print ms($1) + ms($2) }')
}

# Kill, one pid at a time, processes this test started (they carry $MARK).
kill_marker_pids() {
	local pid
	for pid in $(marker_pids); do
		kill -KILL "$pid" 2>/dev/null || true
	done
}

procs_check() {
	if ! wait_marker_gone; then
		echo "FAILED: processes left behind by the test:" >&2
		ps -o pid,ppid,stat,args -p "$(marker_pids | paste -sd, -)" >&2 || true
		kill_marker_pids
		return 1
	fi
}

# ---- per-test setup and teardown ----------------------------------------------

bwrap_test_setup() {
	MARK="bwrap-test-mark-$$-${BATS_TEST_NUMBER}-$RANDOM$RANDOM"
	# Start from a directory that surely exists inside no sandbox.
	cd "$BATS_TEST_TMPDIR" || return
	mounts_snapshot
}

bwrap_test_teardown() {
	local rc=0
	cd / || true
	procs_check || rc=1
	mounts_check || rc=1
	return $rc
}

setup() {
	bwrap_test_setup
}

teardown() {
	bwrap_test_teardown
}

# Root keeps its capabilities by default, as with bubblewrap; a test that
# expects none puts BW_NOCAPS first among its options (nothing for others).
if [[ $CALLER_UID == 0 ]]; then
	BW_NOCAPS=(--cap-drop ALL)
else
	BW_NOCAPS=()
fi

# assert_no_caps: every Cap* line of /proc/PID/status in $output is zero;
# expects COUNT such lines
assert_no_caps() {
	local l n=0
	for l in "${lines[@]}"; do
		case $l in
		*CapInh:* | *CapPrm:* | *CapEff:* | *CapBnd:* | *CapAmb:*)
			[[ $l =~ :[[:space:]]+0{16}$ ]] || { flunk "expected no capabilities: $l"; return 1; }
			n=$((n + 1))
			;;
		esac
	done
	assert_equal "$n" "$1" "capability lines checked"
}
