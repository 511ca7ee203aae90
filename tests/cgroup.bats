#!/usr/bin/env bats
# cgroup.bats - resource limits in a cgroup v2 of the sandbox's own
# (--memory-max, --memory-swap-max, --pids-max, --cpu-max, --cpu-weight,
# --cgroup-parent), through cgroupfs and through a systemd scope asked for
# over D-Bus, and the errors when the machine has no way to keep them.
#
# The limits need cgroup v2 with the controllers enabled in a directory the
# caller may write: tests/vm/run --cgroup2 boots such a kernel and names the
# delegated directory in BWRAP_TEST_CGROUP_PARENT. Each test probes the
# machine first, outside any sandbox, and skips with the reason when it
# lacks what the test needs (a cgroup v1 or hybrid host lacks the
# controllers). The systemd path is tested against a stand-in manager
# (tests/cgroup/fake-systemd.py) on a private D-Bus bus.

load lib

# the systemd path only where a test sets up its stand-in manager
unset DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS XDG_RUNTIME_DIR

# ---- probes --------------------------------------------------------------------

# the mount point of a cgroup v2 hierarchy that shows its root
cgroup2_mount() {
	awk '{ for (i = 7; i <= NF; i++) if ($i == "-") break;
	       if ($(i + 1) == "cgroup2" && $4 == "/") { print $5; exit } }' /proc/self/mountinfo
}

setup_file() {
	local mnt own
	mnt=$(cgroup2_mount)
	own=$(sed -n 's/^0:://p' /proc/self/cgroup)
	export CG_SKIP='' CG_PARENT=''
	if [[ -z $mnt ]]; then
		CG_SKIP="no cgroup v2 hierarchy is mounted (a cgroup v1 host)"
	elif [[ -n ${BWRAP_TEST_CGROUP_PARENT:-} ]]; then
		CG_PARENT=$BWRAP_TEST_CGROUP_PARENT
	elif [[ $own == / ]]; then
		CG_PARENT=$mnt
	else
		CG_PARENT=$mnt$(dirname "$own")
	fi
	if [[ -z $CG_SKIP && ! ( -w $CG_PARENT && -w $CG_PARENT/cgroup.procs ) ]]; then
		CG_SKIP="$CG_PARENT is not delegated to $(id -un) (tests/vm/run --cgroup2 delegates one)"
	fi
}

# need_cgroup: a cgroup v2 directory this user may make cgroups in
need_cgroup() {
	if [[ -n $CG_SKIP ]]; then skip "$CG_SKIP"; fi
}

# controller_usable NAME: enabled for the children of CG_PARENT, or
# available in the root cgroup, where bwrap enables it (no process there
# stands in the way)
controller_usable() {
	[[ -z $CG_SKIP ]] || return 1
	grep -qw "$1" "$CG_PARENT/cgroup.subtree_control" ||
		{ [[ ! -e $CG_PARENT/cgroup.type ]] && grep -qw "$1" "$CG_PARENT/cgroup.controllers"; }
}

# need_controller NAME...: each usable
need_controller() {
	need_cgroup
	local c
	for c in "$@"; do
		controller_usable "$c" && continue
		if awk -v c="$c" '$1 == c && $2 != 0 { f = 1 } END { exit !f }' /proc/cgroups; then
			skip "the $c controller is bound to cgroup v1 on this host"
		fi
		skip "the $c controller is not enabled in $CG_PARENT/cgroup.subtree_control"
	done
}

# run_cg ARG...: like run_bwrap; also checks that bwrap's cgroup
# (CG_PARENT/bwrap-PID) is gone once it has exited
run_cg() {
	local out=$BATS_TEST_TMPDIR/cg.out err=$BATS_TEST_TMPDIR/cg.err pid
	"$BWRAP" "${BW_ROOT[@]}" "$@" >"$out" 2>"$err" &
	pid=$!
	status=0
	wait "$pid" || status=$?
	output=$(<"$out")
	stderr=$(<"$err")
	mapfile -t lines <<<"$output"
	BWRAP_PID=$pid
	if [[ -n $CG_PARENT && -e $CG_PARENT/bwrap-$pid ]]; then
		flunk "the cgroup $CG_PARENT/bwrap-$pid was left behind"
	fi
}

# json_member FILE KEY: the number of KEY in the last line of FILE
json_member() {
	tail -n 1 "$1" | sed -n "s/.*\"$2\": \([0-9]*\).*/\1/p"
}

# ---- what the sandbox sees ------------------------------------------------------

@test "the whole sandbox is in a cgroup of its own, gone once it has ended" {
	need_cgroup
	run_cg --unshare-pid --cgroup-parent "$CG_PARENT" --info-fd 3 \
		sh -c 'sed -n "s/^0:://p" /proc/self/cgroup' 3>info
	assert_success
	# the processes in a leaf below the cgroup that keeps the limits
	assert_equal "$output" "${CG_PARENT#"$(cgroup2_mount)"}/bwrap-$BWRAP_PID/sandbox"
}

@test "with --unshare-cgroup the sandbox's cgroup is its root" {
	need_cgroup
	run_cg --unshare-cgroup --cgroup-parent "$CG_PARENT" cat /proc/self/cgroup
	assert_success
	[[ $output == *"0::/" ]] || flunk "expected 0::/ in /proc/self/cgroup"
}

@test "cgroups the sandbox makes in its own are removed with it" {
	need_cgroup
	local mnt
	mnt=$(cgroup2_mount)
	run_cg --unshare-cgroup --bind "$mnt" "$mnt" --cgroup-parent "$CG_PARENT" \
		sh -c 'mkdir "$1/sub" || exit; sh -c "sleep 300; :" "$0" & pid=$!
		       echo "$pid" > "$1/sub/cgroup.procs" && echo moved' "$MARK" "$mnt"
	assert_success
	assert_output moved
	wait_marker_gone || flunk "the process in the sandbox's sub-cgroup survived"
}

@test "a process forking on, two cgroups below the sandbox's, is killed with it" {
	need_cgroup
	local mnt
	mnt=$(cgroup2_mount)
	# before Linux 5.14 (no cgroup.kill) bwrap walks the tree's
	# cgroup.procs, the tree frozen meanwhile: the loop may not outrun it
	run_cg --unshare-cgroup --bind "$mnt" "$mnt" --cgroup-parent "$CG_PARENT" \
		sh -c 'mkdir -p "$1/a/b" && echo $$ > "$1/a/b/cgroup.procs" || exit
		       (while :; do sh -c "sleep 300; :" "$0" & sleep 0.05; done) &
		       sleep 0.5; echo forking' "$MARK" "$mnt"
	assert_success
	assert_output forking
	wait_marker_gone || flunk "processes of the sandbox's sub-cgroups survived it"
}

@test "what the command leaves behind is killed with the cgroup" {
	need_cgroup
	run_cg --cgroup-parent "$CG_PARENT" sh -c 'sh -c "sleep 300; :" "$0" & exit 3' "$MARK"
	assert_status 3
	wait_marker_gone || flunk "the command's background process survived"
}

@test "--json-status-fd reports the CPU time the sandbox used" {
	need_cgroup
	run_cg --cgroup-parent "$CG_PARENT" --json-status-fd 3 \
		sh -c 'i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done' 3>status
	assert_success
	grep -q '^{ "exit-code": 0, ' status || flunk "status: $(cat status)"
	local usec
	usec=$(json_member status cpu-usage-usec)
	[[ -n $usec ]] && ((usec > 0)) || flunk "no cpu-usage-usec: $(cat status)"
}

@test "without a cgroup, the status line is unchanged" {
	run_bwrap --json-status-fd 3 true 3>status
	assert_success
	assert_equal "$(tail -n 1 status)" '{ "exit-code": 0 }'
}

@test "each limit is written to the sandbox's cgroup" {
	need_controller memory pids cpu
	run_cg --bind /sys/fs/cgroup /sys/fs/cgroup --memory-max 64M --pids-max 40 \
		--cpu-max 25000/50000 --cpu-weight 42 \
		sh -c 'd=/sys/fs/cgroup$(sed -n "s/^0:://p" /proc/self/cgroup)
		       cat $d/memory.max $d/pids.max $d/cpu.max $d/cpu.weight'
	assert_success
	assert_output "67108864
40
25000 50000
42"
}

@test "--unshare-cgroup: /sys/fs/cgroup inside shows the sandbox's own limits" {
	need_controller memory
	[[ $(cgroup2_mount) == /sys/fs/cgroup ]] || skip "cgroup v2 is not mounted on /sys/fs/cgroup"
	run_cg --unshare-cgroup --ro-bind /sys /sys --memory-max 48M \
		sh -c 'cat /sys/fs/cgroup/memory.max; grep " /sys/fs/cgroup " /proc/self/mountinfo'
	assert_success
	assert_equal "${lines[0]}" 50331648
	# a cgroup2 rooted at the sandbox's cgroup, read-only as /sys is
	[[ ${lines[-1]} == *" / /sys/fs/cgroup ro,"* ]] || flunk "mount: ${lines[-1]}"
}

@test "--unshare-cgroup: the sandbox may not raise the limits it sees" {
	need_controller pids
	[[ $(cgroup2_mount) == /sys/fs/cgroup ]] || skip "cgroup v2 is not mounted on /sys/fs/cgroup"
	# writable, and the files belong to the sandbox's uid: only the leaf's
	run_cg --unshare-cgroup --bind /sys/fs/cgroup /sys/fs/cgroup --pids-max 12 \
		/usr/bin/python3 -c '
import os, time
try:
    open("/sys/fs/cgroup/pids.max", "w").write("max")
except OSError as e:
    print("refused", e.errno)
n = 0
try:
    for i in range(100):
        if os.fork() == 0:
            time.sleep(20)
            os._exit(0)
        n += 1
except OSError:
    pass
print("forked", n)
' "$MARK"
	assert_success
	# its forks, asleep, ended with it
	wait_marker_gone || flunk "the sandbox's processes survived it"
	[[ ${lines[-1]} =~ ^forked\ ([0-9]+)$ ]] || flunk "no count"
	((BASH_REMATCH[1] < 12)) || flunk "the limit of 12 processes did not hold"
}

# ---- each limit enforced -------------------------------------------------------

@test "--pids-max stops a fork bomb" {
	need_controller pids
	# at most 200 forks, so that a limit that does not hold ends too
	run_cg --pids-max 16 /usr/bin/python3 -c '
import os, sys, time
kids, err = [], None
for i in range(200):
    try:
        pid = os.fork()
    except OSError as e:
        err = e.errno
        break
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    kids.append(pid)
print(len(kids), err == 11)
' "$MARK"
	assert_success
	wait_marker_gone || flunk "the forks survived the sandbox"
	read -r n eagain <<<"$output"
	((n < 16)) || flunk "forked $n processes under --pids-max 16"
	assert_equal "$eagain" True "the failed fork's errno is EAGAIN"
}

@test "--memory-max: a memory hog is OOM-killed inside, the caller gets its status" {
	need_controller memory
	run_cg --memory-max 64M --memory-swap-max 0 --json-status-fd 3 \
		/usr/bin/python3 -c 'b = b"x" * (512 << 20); print("survived")' 3>status
	assert_status 137
	refute_output_contains survived
	grep -q '"exit-code": 137' status || flunk "status: $(cat status)"
	assert_equal "$(json_member status oom-kills)" 1 "oom-kills"
	local peak
	peak=$(json_member status memory-peak)
	if [[ -n $peak ]]; then # Linux 5.19 and later
		((peak <= 64 << 20 && peak > 16 << 20)) || flunk "memory-peak $peak"
	fi
}

@test "--cpu-max holds a busy loop near its share" {
	need_controller cpu
	local start end wall usec
	start=$(date +%s%N)
	run_cg --cpu-max 20% --json-status-fd 3 \
		timeout 3 sh -c 'while :; do :; done' 3>status
	end=$(date +%s%N)
	assert_status 124
	wall=$(((end - start) / 1000))
	usec=$(json_member status cpu-usage-usec)
	[[ -n $usec ]] || flunk "no cpu-usage-usec: $(cat status)"
	# 20% of the wall time, and some for the setup; a busy machine only
	# gives it less
	((usec < wall * 30 / 100)) || flunk "used $usec us of CPU in $wall us under --cpu-max 20%"
}

@test "--cpu-weight and --memory-swap-max are accepted where their controllers are" {
	need_controller cpu memory
	run_cg --cpu-weight 10000 --memory-swap-max 0 true
	assert_success
}

# ---- failures ------------------------------------------------------------------

@test "bad limit values are errors naming the option" {
	local o v
	for o in --memory-max --memory-swap-max; do
		for v in 12X -1 1.5G '' 99999999999999999999; do
			run_bwrap "$o" "$v" true
			assert_bwrap_error "$o"
		done
	done
	for v in 0 -3 ten; do
		run_bwrap --pids-max "$v" true
		assert_bwrap_error --pids-max
	done
	for v in 10 0% 5000/10 5000/2000000 1/2/3 50%%; do
		run_bwrap --cpu-max "$v" true
		assert_bwrap_error --cpu-max
	done
	for v in 0 10001 x; do
		run_bwrap --cpu-weight "$v" true
		assert_bwrap_error --cpu-weight
	done
}

@test "no way to keep a limit is an error saying why, never an ignored limit" {
	# only where the machine lacks it (this host: cgroup v1 or hybrid)
	if controller_usable memory; then
		skip "this machine can keep the limit: nothing to refuse"
	fi
	run_cg --memory-max 64M echo ran
	assert_bwrap_error --memory-max
	[[ $stderr =~ (no\ cgroup\ v2|bound\ to\ cgroup\ v1|not\ available|not\ delegated) ]] ||
		flunk "the message should say why"
}

@test "--cgroup-parent must be a cgroup v2 directory" {
	run_bwrap --cgroup-parent "$BATS_TEST_TMPDIR" --pids-max 5 true
	assert_bwrap_error --cgroup-parent
	assert_stderr_contains "is not a cgroup v2 directory"
	run_bwrap --cgroup-parent /nonexistent --pids-max 5 true
	assert_bwrap_error --cgroup-parent
	assert_stderr_contains "/nonexistent: No such file or directory"
}

@test "--cgroup-parent not delegated to the caller: permission denied" {
	skip_if_root "root may write every cgroup"
	local mnt
	mnt=$(cgroup2_mount)
	[[ -n $mnt ]] || skip "no cgroup v2 hierarchy is mounted"
	[[ ! -w $mnt ]] || skip "$mnt is writable by $(id -un)"
	run_cg --cgroup-parent "$mnt" echo ran
	assert_bwrap_error --cgroup-parent
	assert_stderr_contains "Permission denied"
}

@test "a parent that holds processes cannot enable controllers: said so" {
	# memory: a domain controller (pids, a threaded one, may be enabled
	# there, and the cgroups below are then unusable: said so too)
	need_controller memory
	local d=$CG_PARENT/busy-$$ pid
	mkdir "$d"
	sleep 300 &
	pid=$!
	echo "$pid" >"$d/cgroup.procs"
	run_cg --cgroup-parent "$d" --memory-max 64M echo ran
	kill "$pid"
	wait "$pid" || true
	rmdir "$d"
	assert_bwrap_error --memory-max
	assert_stderr_contains "holds processes"
}

@test "a controller its parent does not hand down: said so" {
	need_controller pids
	local d=$CG_PARENT/noctl-$$
	mkdir -p "$d/inner"
	run_cg --cgroup-parent "$d/inner" --pids-max 5 echo ran
	rmdir "$d/inner" "$d"
	assert_bwrap_error --pids-max
	assert_stderr_contains "not available in $d/inner"
}

@test "a setup that fails after the cgroup was made leaves nothing behind" {
	need_cgroup
	run_cg --cgroup-parent "$CG_PARENT" --bind /nonexistent-src /x true
	assert_failure
	[[ $stderr == bwrap:* ]] || flunk "expected a bwrap message"
}

# ---- the systemd path, against a stand-in manager -------------------------------

FAKE_SYSTEMD=$BATS_TEST_DIRNAME/cgroup/fake-systemd.py

need_dbus() {
	command -v dbus-daemon >/dev/null || skip "dbus-daemon is not installed"
	/usr/bin/python3 -c 'import dbus, gi.repository.GLib' 2>/dev/null ||
		skip "python3-dbus and python3-gi are not installed"
}

# start_bus: a private bus, named for both the user's and root's manager
start_bus() {
	local d=$BATS_TEST_TMPDIR i
	dbus-daemon --session --nofork --nopidfile --print-address=3 3>"$d/bus.addr" \
		</dev/null >/dev/null 2>"$d/bus.err" &
	BUS_PID=$!
	for ((i = 0; i < 300; i++)); do
		[[ -s $d/bus.addr ]] && break
		sleep 0.1
	done
	[[ -s $d/bus.addr ]] || flunk "dbus-daemon did not start: $(cat "$d/bus.err")"
	DBUS_SESSION_BUS_ADDRESS=$(head -n 1 "$d/bus.addr")
	export DBUS_SESSION_BUS_ADDRESS DBUS_SYSTEM_BUS_ADDRESS=$DBUS_SESSION_BUS_ADDRESS
}

# start_fake_systemd MODE [CGROUP_DIR]: the stand-in, on its own bus
start_fake_systemd() {
	local d=$BATS_TEST_TMPDIR i
	start_bus
	/usr/bin/python3 "$FAKE_SYSTEMD" "$d/systemd.log" "$@" >"$d/fake.out" 2>"$d/fake.err" \
		</dev/null &
	FAKE_PID=$!
	for ((i = 0; i < 300; i++)); do
		[[ -s $d/fake.out ]] && break
		sleep 0.1
	done
	[[ -s $d/fake.out ]] || flunk "the stand-in manager did not start: $(cat "$d/fake.err")"
	touch "$d/systemd.log"
}

teardown() {
	local pid
	for pid in ${FAKE_PID:-} ${BUS_PID:-}; do
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	bwrap_test_teardown
}

# the limits a test asks for, and how systemd names them
LIMITS=(--memory-max 100M --memory-swap-max 0 --pids-max 50 --cpu-max 25% --cpu-weight 50)

# the stand-in makes a scope's cgroup for real, as systemd would, where this
# user may (the VM harness delegates a cgroup with every controller)
stand_in_cgroup() {
	local c
	[[ -z $CG_SKIP ]] || return 1
	for c in memory pids cpu; do
		grep -qw "$c" "$CG_PARENT/cgroup.subtree_control" || return 1
	done
}

# assert_not_held LIMIT CONTROLLER: bwrap refused a scope none of whose
# cgroups holds the sandbox for that controller (the stand-in made none)
assert_not_held() {
	assert_bwrap_error "$1"
	assert_stderr_contains "$1: systemd started bwrap-$BWRAP_PID.scope, but no $2 controller holds the sandbox there"
}

@test "systemd: a transient scope with Delegate=yes holds the sandbox, the limits as its properties" {
	need_dbus
	local in_cgroup=
	if stand_in_cgroup; then
		in_cgroup=1
		start_fake_systemd ok "$CG_PARENT"
	else
		start_fake_systemd ok
	fi
	run_cg "${LIMITS[@]}" --info-fd 3 --json-status-fd 4 \
		sh -c 'sed -n "s/^0:://p" /proc/self/cgroup' 3>info 4>status
	local pid log=$BATS_TEST_TMPDIR/systemd.log
	pid=$(sed -n 's/.*"child-pid": \([0-9]*\).*/\1/p' info)
	# refused, bwrap wrote no info: the pid is the one it asked systemd to move
	[[ -n $in_cgroup ]] || pid=$(sed -n 's/^PIDs=\[\([0-9][0-9]*\)\]$/\1/p' "$log")
	assert_equal "$(head -n 1 "$log")" "unit bwrap-$BWRAP_PID.scope fail"
	assert_equal "$(sed 1d "$log")" "CPUQuotaPerSecUSec=250000
CPUWeight=50
CollectMode=inactive-or-failed
Delegate=true
Description=bwrap sandbox
MemoryMax=104857600
MemorySwapMax=0
PIDs=[$pid]
TasksMax=50
aux 0"
	if [[ -n $in_cgroup ]]; then
		# the sandbox ran in the scope; its statistics are reported
		assert_success
		[[ $output == */bwrap-$BWRAP_PID.scope ]] || flunk "not in the scope"
		grep -q '"cpu-usage-usec": ' status || flunk "status: $(cat status)"
		rmdir "$CG_PARENT/bwrap-$BWRAP_PID.scope"
	else
		# a scope that holds nothing would hold no limit: refused, and
		# the command never ran
		assert_not_held --memory-max memory
	fi
}

@test "systemd: --cpu-max with a period sets CPUQuotaPeriodUSec too" {
	need_dbus
	start_fake_systemd ok
	run_cg --cpu-max 20000/50000 true
	grep -qx 'CPUQuotaPerSecUSec=400000' "$BATS_TEST_TMPDIR/systemd.log" || flunk "quota"
	grep -qx 'CPUQuotaPeriodUSec=50000' "$BATS_TEST_TMPDIR/systemd.log" || flunk "period"
	assert_not_held --cpu-max cpu
}

@test "systemd refuses the scope: an error with its reason, nothing left behind" {
	need_dbus
	start_fake_systemd fail
	run_cg --memory-max 100M sh -c 'sleep 30; :' "$MARK"
	assert_bwrap_error --memory-max
	assert_stderr_contains "systemd: starting the scope bwrap-$BWRAP_PID.scope: Unknown assignment: MemoryMax"
}

@test "systemd's job fails: an error saying so" {
	need_dbus
	start_fake_systemd failed-job
	run_cg --pids-max 10 sh -c 'sleep 30; :' "$MARK"
	assert_bwrap_error --pids-max
	assert_stderr_contains "could not start (job result: failed)"
}

@test "--cgroup-parent does not ask systemd" {
	need_dbus
	start_fake_systemd ok
	run_cg --cgroup-parent /nonexistent --pids-max 5 true
	assert_bwrap_error --cgroup-parent
	[[ ! -s $BATS_TEST_TMPDIR/systemd.log ]] || flunk "systemd was asked: $(cat "$BATS_TEST_TMPDIR/systemd.log")"
}

@test "a bus without systemd on it: the limits go the direct way" {
	need_dbus
	start_bus
	run_cg --pids-max 50 echo ran
	[[ $stderr != *"systemd:"* ]] || flunk "systemd should not have been asked"
	if [[ $status -ne 0 ]]; then
		# this machine cannot keep it the direct way either
		assert_bwrap_error --pids-max
	else
		assert_output ran
	fi
}

@test "libsystemd is loaded only when a limit is asked for" {
	need_dbus
	local lib
	lib=$(ldconfig -p 2>/dev/null | awk '/libsystemd\.so\.0 /{print $NF; exit}')
	[[ -n $lib ]] || skip "libsystemd.so.0 is not installed"
	# the stand-in never ends the job: bwrap waits for it, libsystemd loaded
	start_fake_systemd stall
	local with without i
	"$BWRAP" "${BW_ROOT[@]}" --pids-max 50 sh -c 'sleep 30; :' "$MARK-with" &
	with=$!
	"$BWRAP" "${BW_ROOT[@]}" sh -c 'sleep 30; :' "$MARK-without" &
	without=$!
	for ((i = 0; i < 300; i++)); do
		grep -q '^unit ' "$BATS_TEST_TMPDIR/systemd.log" && break
		sleep 0.1
	done
	wait_for_pattern "^sh -c sleep 30; : $MARK-without" || true
	local maps_with maps_without
	maps_with=$(cat "/proc/$with/maps")
	maps_without=$(cat "/proc/$without/maps")
	kill "$with" 2>/dev/null || true
	kill_marker_pids
	wait "$with" "$without" || true
	[[ $maps_with == *libsystemd.so.0* ]] || flunk "not loaded with --pids-max"
	[[ $maps_without != *libsystemd.so.0* ]] || flunk "loaded without any limit"
}

# ---- the systemd path, against a real user manager ---------------------------------

@test "systemd --user, for real: a limit its cgroups cannot hold is an error; one they can, holds" {
	local user=${BWRAP_TEST_USER:-sbxtest}
	[[ $EUID -eq 0 ]] || skip "needs root: starts a user manager for $user in a mount namespace of its own"
	id -u "$user" >/dev/null 2>&1 || skip "no user $user"
	[[ -x /lib/systemd/systemd ]] || skip "systemd is not installed"
	[[ -e /usr/lib/systemd/user/dbus.socket ]] || skip "dbus-user-session is not installed"
	command -v busctl >/dev/null || skip "busctl is not installed"
	[[ -n $(cgroup2_mount) ]] || skip "no cgroup v2 hierarchy is mounted: systemd --user needs one"
	[[ -z ${BWRAP_TEST_VM:-} || $BWRAP_TEST_VM == *cgroup2* ]] ||
		skip "in the VM only with --cgroup2: on $BWRAP_TEST_VM the user manager never came up in CI's run"
	local d bin
	# readable by the user, whatever the checkout's directory allows
	d=$(mktemp -d /tmp/bwrap-test-sd.XXXXXX)
	chmod 755 "$d"
	bin=$d/bwrap
	cp "$BWRAP" "$bin"
	chmod 755 "$bin"
	run timeout 120 unshare -m "$BATS_TEST_DIRNAME/cgroup/real-systemd-user" "$bin" "$user" "$d"
	assert_success
	local expect status out err left
	expect=$(cat "$d/expect") status=$(cat "$d/status") out=$(cat "$d/out")
	err=$(cat "$d/err") left=$(cat "$d/left")
	rm -rf "$d"
	echo "# the pids controller for the manager's cgroups: $expect" >&3
	[[ -z $left ]] || flunk "systemd kept the scope: $left"
	if [[ $expect == held ]]; then
		[[ $status == 0 ]] || flunk "bwrap failed: $err"
		[[ $out == */app.slice/bwrap-*.scope$'\n'10 ]] || flunk "not in a scope with pids.max 10: $out"
	else
		[[ $status == 1 && -z $out ]] || flunk "expected bwrap to fail (status $status): $out"
		[[ $err == "bwrap: --pids-max: systemd started bwrap-"*".scope, but no pids controller holds the sandbox there (not enabled for the manager's cgroups): the limit would not hold" ]] ||
			flunk "stderr: $err"
	fi
}
