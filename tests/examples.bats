#!/usr/bin/env bats
# examples.bats - the scripts in examples/ do what their comments say. Each
# is run as a user would run it: directly, finding bwrap through $BWRAP.

load lib

EXAMPLES=${TOP_SRCDIR:-$BATS_TEST_DIRNAME/..}/examples
export BWRAP

setup() {
	bwrap_test_setup || return
	# tests/run-bats must copy examples/ for the unprivileged run.
	[[ -x $EXAMPLES/throwaway-shell ]] ||
		flunk "no examples in '$EXAMPLES' (TOP_SRCDIR=${TOP_SRCDIR-unset})"
	BG_PIDS=()
	HOST_FILES=()
}

teardown() {
	local pid f i
	# Background helpers of this test (listeners, X server, clients): stop
	# them one by one, clients first.
	for ((i = ${#BG_PIDS[@]} - 1; i >= 0; i--)); do
		pid=${BG_PIDS[i]}
		kill -TERM "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	for f in "${HOST_FILES[@]}"; do
		rm -f -- "$f"
	done
	bwrap_test_teardown
}

# A host path the test will look at afterwards, removed in any case.
host_file() {
	HOST_FILES+=("$1")
}

# ---- throwaway-shell -------------------------------------------------------------

@test "throwaway-shell: runs bash by default, reading commands from stdin" {
	run --separate-stderr "$EXAMPLES/throwaway-shell" <<<'echo "bash $BASH_VERSION"; cat /proc/sys/kernel/hostname'
	assert_success
	[[ ${lines[0]} == "bash "[0-9]* ]] || flunk "expected bash to run"
	assert_equal "${lines[1]}" throwaway "the hostname"
}

@test "throwaway-shell: the host is visible but read-only" {
	local f=$HOME/.bwrap-example-$MARK
	host_file "$f"
	run --separate-stderr "$EXAMPLES/throwaway-shell" sh -c '
		test -x /usr/bin/env || exit 10
		echo x >/bwrap-example-root && exit 11
		echo x >"$1" && exit 12
		exit 0' sh "$f"
	assert_success
	[[ ! -e $f ]] || flunk "a file appeared in \$HOME on the host"
	[[ $stderr == *"Read-only file system"* ]] || flunk "expected EROFS"
}

@test "throwaway-shell: /tmp is empty and private" {
	local outside inside=/tmp/bwrap-example-inside-$MARK
	outside=$(mktemp /tmp/bwrap-example-outside.XXXXXX)
	host_file "$outside"
	host_file "$inside"
	run --separate-stderr "$EXAMPLES/throwaway-shell" sh -c '
		ls -A /tmp
		echo made-inside >"$1" && cat "$1"' sh "$inside"
	assert_success
	assert_output "made-inside"
	[[ ! -e $inside ]] || flunk "the file made in the sandbox's /tmp is on the host"
	[[ -e $outside ]] || flunk "the host's file disappeared"
}

@test "throwaway-shell: no network but a loopback of its own" {
	run --separate-stderr "$EXAMPLES/throwaway-shell" sh -c '
		readlink /proc/self/ns/net
		ip -o link show | cut -d: -f2 | tr -d " "
		tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "'
	assert_success
	assert_not_equal "${lines[0]}" "$(host_ns net)" "the net namespace"
	assert_equal "${lines[*]:1}" "lo lo" "interfaces (ip link, /proc/net/dev)"
}

# die_with_parent_check EXAMPLE: start EXAMPLE under a shell, kill that shell;
# the sandboxed command must die too.
die_with_parent_check() {
	sh -c '"$@"; :' sh "$EXAMPLES/$1" sh -c "sleep 300; : $MARK" \
		</dev/null >/dev/null 2>&1 3>&- &
	local parent=$!
	wait_for_pattern "^sh -c sleep 300; : $MARK" || return
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null || true
	wait_marker_gone || flunk "the sandbox outlived its parent"
}

@test "throwaway-shell: dies with its parent" {
	die_with_parent_check throwaway-shell
}

# ---- build-isolated ----------------------------------------------------------------

make_project() {
	mkdir -p "$BATS_TEST_TMPDIR/project"
	cd "$BATS_TEST_TMPDIR/project" || return
	printf 'hello\n' >in.txt
	printf 'out.txt: in.txt\n\ttr a-z A-Z <in.txt >out.txt\n' >Makefile
}

@test "build-isolated: runs make in the build directory, which is writable" {
	make_project
	run --separate-stderr "$EXAMPLES/build-isolated"
	assert_success
	assert_equal "$(cat out.txt)" HELLO "the built file"
	# and any other command, in the same place
	run --separate-stderr "$EXAMPLES/build-isolated" sh -c 'pwd; echo made >new.txt'
	assert_success
	assert_output "$BATS_TEST_TMPDIR/project"
	assert_equal "$(cat new.txt)" made "a file made by the command"
}

@test "build-isolated: cannot write to \$HOME, nor to the host's /tmp" {
	local home_file=$HOME/.bwrap-example-$MARK
	local tmp_file=/tmp/bwrap-example-$MARK
	local parent_file=$BATS_TEST_TMPDIR/bwrap-example-parent
	host_file "$home_file"
	host_file "$tmp_file"
	make_project
	run --separate-stderr "$EXAMPLES/build-isolated" sh -c 'echo x >"$1"' sh "$home_file"
	assert_failure
	[[ ! -e $home_file ]] || flunk "the build wrote into \$HOME"
	# /tmp is the sandbox's own: writing there works, and leaves nothing
	# on the host. So is the build directory's parent when it is under /tmp
	# (as it usually is here); when it is not, it is read-only.
	run --separate-stderr "$EXAMPLES/build-isolated" sh -c \
		'echo x >"$1" && { echo x >"$2"; :; }' sh "$tmp_file" "$parent_file"
	assert_success
	[[ ! -e $tmp_file ]] || flunk "the build wrote into the host's /tmp"
	[[ ! -e $parent_file ]] || flunk "the build wrote next to the build directory"
}

@test "build-isolated: cannot reach a port that listens on the host's loopback" {
	local portfile=$BATS_TEST_TMPDIR/port port
	# A listener on 127.0.0.1, on a free port, accepting forever.
	/usr/bin/python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(8)
with open(sys.argv[1] + ".new", "w") as f:
    f.write("%d\n" % s.getsockname()[1])
import os
os.rename(sys.argv[1] + ".new", sys.argv[1])
while True:
    s.accept()[0].close()
' "$portfile" "$MARK" </dev/null >/dev/null 2>&1 3>&- &
	BG_PIDS+=($!)
	local i
	for ((i = 0; i < 600; i++)); do
		[[ -s $portfile ]] && break
		sleep 0.05
	done
	port=$(cat "$portfile") || flunk "the listener did not start"
	local connect='exec 3<>"/dev/tcp/127.0.0.1/$1" && echo connected'
	# From the host: it works.
	run bash -c "$connect" bash "$port"
	assert_success
	assert_output connected
	# From the build: refused, the sandbox's 127.0.0.1 is its own.
	make_project
	run --separate-stderr "$EXAMPLES/build-isolated" bash -c "$connect" bash "$port"
	assert_failure
	assert_output ""
	assert_stderr_contains "Connection refused"
}

@test "build-isolated: dies with its parent" {
	make_project
	die_with_parent_check build-isolated
}

# ---- minimal-root -----------------------------------------------------------------

@test "minimal-root: runs id as uid 1000, named app" {
	run --separate-stderr "$EXAMPLES/minimal-root"
	assert_success
	[[ $output == "uid=1000(app) gid=1000(app) groups="* ]] || flunk "expected uid=1000(app) gid=1000(app)"
}

@test "minimal-root: / holds /usr, its links, /etc, /proc, /dev and /tmp only" {
	local expected=() d
	for d in bin dev etc lib lib64 proc sbin tmp usr; do
		case $d in
		bin | lib | lib64 | sbin) [[ -d /usr/$d ]] || continue ;;
		esac
		expected+=("$d")
	done
	run --separate-stderr "$EXAMPLES/minimal-root" sh -c '
		echo $(ls -A /)
		echo $(ls -A /etc)
		readlink /bin
		cat /etc/passwd /etc/group'
	assert_success
	assert_equal "${lines[0]}" "${expected[*]}" "ls /"
	assert_equal "${lines[1]}" "group passwd" "ls /etc"
	assert_equal "${lines[2]}" usr/bin "the /bin link"
	assert_equal "${lines[3]}" "app:x:1000:1000:sandboxed application:/tmp:/bin/sh" "/etc/passwd"
	assert_equal "${lines[4]}" "app:x:1000:" "/etc/group"
	assert_equal "${#lines[@]}" 5 "lines"
}

@test "minimal-root: a clean environment, no network" {
	export BWRAP_TEST_SECRET=outside TERM=bwrap-test-term
	run --separate-stderr "$EXAMPLES/minimal-root" sh -c '
		echo $(env | cut -d= -f1 | LC_ALL=C sort)
		echo "$TERM $HOME $USER"
		ip -o link show | cut -d: -f2 | tr -d " "'
	assert_success
	assert_equal "${lines[0]}" "HOME LOGNAME PATH PWD TERM USER" "variables"
	assert_equal "${lines[1]}" "bwrap-test-term /tmp app" "TERM, HOME, USER"
	assert_equal "${lines[2]}" lo "interfaces"
}

# ---- launcher.py -------------------------------------------------------------------

@test "launcher.py: reports the sandbox and passes on the command's exit status" {
	run --separate-stderr "$EXAMPLES/launcher.py" \
		sh -c 'printf "[%s]\n" "$@"; exit 3' sh 'a  b' $'c\nd' --bind '$HOME'
	assert_status 3
	# the arguments went through --args intact
	assert_output $'[a  b]\n[c\nd]\n[--bind]\n[$HOME]'
	# the info object, its members listed
	[[ $stderr =~ launcher:\ info:\ \{[^$'\n']*\"child-pid\":\ ([0-9]+) ]] ||
		flunk "expected the --info-fd object with a child-pid"
	local pid=${BASH_REMATCH[1]}
	assert_stderr_contains "launcher: child pid (outside the sandbox): $pid"
	local ns
	for ns in mnt pid net ipc uts; do
		[[ $stderr =~ launcher:\ \ \ $ns-namespace\ +([0-9]+) ]] ||
			flunk "expected the $ns namespace in the summary"
		assert_not_equal "$ns:[${BASH_REMATCH[1]}]" "$(host_ns "$ns")" "the $ns namespace"
	done
	# the status lines, start and end
	assert_stderr_contains "launcher: status: {\"cgroup"
	assert_stderr_contains "\"child-pid\": $pid"
	assert_stderr_contains 'launcher: status: {"exit-code": 3}'
	assert_stderr_contains "launcher: exit code: 3"
}

@test "launcher.py: the sandboxed command's arguments are not on bwrap's command line" {
	"$EXAMPLES/launcher.py" sh -c "sleep 300; : $MARK" \
		</dev/null >/dev/null 2>"$BATS_TEST_TMPDIR/launcher.err" 3>&- &
	local launcher=$!
	BG_PIDS+=("$launcher")
	wait_for_pattern "^sh -c sleep 300; : $MARK" || return
	# The launcher's child: bwrap, with nothing but --args on its command line.
	local bwrap_pid cmdline pid command_pid=
	bwrap_pid=$(pgrep -P "$launcher")
	cmdline=$(tr '\0' ' ' <"/proc/$bwrap_pid/cmdline")
	[[ $cmdline =~ ^"$BWRAP --args "[0-9]+" "$ ]] ||
		flunk "bwrap's command line is: $cmdline"
	# The marker is on the launcher's command line and on the sandboxed
	# command's, on no other.
	for pid in $(marker_pids); do
		[[ $pid == "$launcher" ]] && continue
		cmdline=$(tr '\0' ' ' <"/proc/$pid/cmdline")
		[[ $cmdline == "sh -c sleep 300; : $MARK " ]] ||
			flunk "the marker is on the command line of: $cmdline"
		command_pid=$pid
	done
	[[ -n $command_pid ]] || flunk "the sandboxed command was not found"
	# Stop the command: the launcher reports it killed by SIGTERM, 128 + 15.
	kill -TERM "$command_pid"
	wait "$launcher" && status=0 || status=$?
	BG_PIDS=()
	stderr=$(cat "$BATS_TEST_TMPDIR/launcher.err")
	assert_status 143
	assert_stderr_contains 'launcher: status: {"exit-code": 143}'
}

# ---- x11-app -------------------------------------------------------------------

# start_xvfb: start an X server on a free display, with an authority
# cookie; sets DISPLAY, XAUTHORITY and XVFB_N. Skips the test when the X
# tools are missing.
start_xvfb() {
	local tool
	for tool in Xvfb xauth xmessage xwininfo xwd; do
		command -v "$tool" >/dev/null ||
			skip "$tool is not installed (Debian: xvfb xauth x11-utils x11-apps)"
	done
	export XAUTHORITY=$BATS_TEST_TMPDIR/Xauthority
	local n i cookie pid
	cookie=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	for ((n = 100 + RANDOM % 400, i = 0; i < 20; n++, i++)); do
		[[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] && continue
		rm -f "$XAUTHORITY"
		# (xauth tells on stderr that it creates the file)
		xauth -q -f "$XAUTHORITY" add ":$n" . "$cookie" 2>/dev/null || return
		# -noreset: by default the server resets when its last client
		# leaves, here the probe below, and drops clients connecting
		# meanwhile.
		Xvfb ":$n" -auth "$XAUTHORITY" -nolisten tcp -noreset -screen 0 640x480x24 \
			</dev/null >"$BATS_TEST_TMPDIR/Xvfb.log" 2>&1 3>&- &
		pid=$!
		while kill -0 "$pid" 2>/dev/null; do
			if xwininfo -root -display ":$n" >/dev/null 2>&1; then
				BG_PIDS+=("$pid")
				export DISPLAY=:$n
				XVFB_N=$n
				return 0
			fi
			sleep 0.1
		done
		wait "$pid" 2>/dev/null || true   # lost a race for :n, try the next
	done
	cat "$BATS_TEST_TMPDIR/Xvfb.log" >&2
	flunk "could not start Xvfb"
}

@test "x11-app: the client shows its window on the X server" {
	start_xvfb || return
	local title=$MARK
	"$EXAMPLES/x11-app" xmessage -title "$title" "Hello from bwrap's examples" \
		</dev/null >"$BATS_TEST_TMPDIR/app.log" 2>&1 3>&- &
	BG_PIDS+=($!)
	local i tree
	for ((i = 0; i < 300; i++)); do
		tree=$(xwininfo -root -tree -display "$DISPLAY" 2>/dev/null) || true
		[[ $tree == *"\"$title\""* ]] && break
		sleep 0.1
	done
	[[ $tree == *"\"$title\": (\"xmessage\""* ]] || {
		cat "$BATS_TEST_TMPDIR/app.log" >&2
		flunk "no xmessage window named $title"
	}
	run xwininfo -display "$DISPLAY" -name "$title"
	assert_success
	assert_output_contains "Map State: IsViewable"
	# A screenshot, kept in the test's directory (and as a PNG when
	# ImageMagick can make one).
	xwd -root -display "$DISPLAY" -out "$BATS_TEST_TMPDIR/shot.xwd"
	[[ $(stat -c %s "$BATS_TEST_TMPDIR/shot.xwd") -gt 640 ]] || flunk "empty screenshot"
	if command -v convert >/dev/null; then
		convert "$BATS_TEST_TMPDIR/shot.xwd" "$BATS_TEST_TMPDIR/shot.png" 2>/dev/null || true
	fi
}

@test "x11-app: the client sees the X socket and its cookie, no host file, no network" {
	start_xvfb || return
	local secret=$BATS_TEST_TMPDIR/secret
	echo secret >"$secret"
	run --separate-stderr "$EXAMPLES/x11-app" sh -c '
		xwininfo -root >/dev/null && echo "display ok: $DISPLAY"
		echo /tmp: $(ls -A /tmp) /tmp/.X11-unix: $(ls -A /tmp/.X11-unix)
		xauth list | wc -l
		cat /etc/hostname 2>&1 || echo "no /etc/hostname"
		cat "$1" 2>&1 || echo "no secret"
		test -e "$2" || echo "no home"
		tail -n +3 /proc/net/dev | cut -d: -f1 | tr -d " "
	' sh "$secret" "$HOME"
	assert_success
	assert_equal "${lines[0]}" "display ok: :$XVFB_N"
	assert_equal "${lines[1]}" "/tmp: .X11-unix /tmp/.X11-unix: X$XVFB_N" "the sandbox's /tmp"
	assert_equal "${lines[2]}" 1 "cookies in the sandbox"
	[[ ${lines[3]} == *"No such file"* && ${lines[4]} == "no /etc/hostname" ]] ||
		flunk "/etc/hostname is readable"
	[[ ${lines[5]} == *"No such file"* && ${lines[6]} == "no secret" ]] ||
		flunk "the secret file is readable"
	assert_equal "${lines[7]}" "no home" "\$HOME in the sandbox"
	assert_equal "${lines[*]:8}" lo "network interfaces"
}
