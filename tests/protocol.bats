#!/usr/bin/env bats
# protocol.bats - the options a launcher uses to drive bwrap through file
# descriptors: --args, --info-fd, --json-status-fd, --block-fd,
# --userns-block-fd, --sync-fd, seccomp programs (and the built-in TIOCSTI
# filter), capabilities, joined namespaces (--userns, --userns2, --pidns),
# --disable-userns, --assert-userns-disabled, SELinux labels and
# --level-prefix; and what becomes of all those descriptors.

load lib
load fs-lib

PY=$FS_PYTHON

# Shell code for inside the sandbox: one "TYPE-namespace=INODE" line per
# namespace type that --info-fd may report.
NS_IDS='for n in cgroup ipc mnt net pid uts; do echo "$n-namespace=$(stat -L -c %i /proc/self/ns/$n)"; done'

# Shell code for inside the sandbox: "sh -c "$OPEN_FDS" sh N..." prints
# "open N" for each descriptor N that the shell has (the test builtin opens
# nothing, unlike ls).
OPEN_FDS='for n in "$@"; do if [ -e "/proc/self/fd/$n" ]; then echo "open $n"; fi; done'

# Namespace holders started by a test, killed after it.
HOLDERS=()

teardown() {
	local p
	for p in "${HOLDERS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	for p in "${HOLDERS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	bwrap_test_teardown
}

# ---- helpers ---------------------------------------------------------------------

need_seccomp() {
	fs_need_python
	if ! "$PY" -c 'import seccomp' 2>/dev/null; then
		echo "FAILED: python3-seccomp is needed (Debian: apt-get install python3-seccomp)" >&2
		return 1
	fi
}

# bpf_deny FILE SYSCALL...: write to FILE a seccomp program, exported by
# libseccomp, that allows everything except SYSCALL..., which fail with EPERM.
bpf_deny() {
	"$PY" - "$@" <<'EOF'
import errno
import sys

import seccomp

flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
for name in sys.argv[2:]:
    flt.add_rule(seccomp.ERRNO(errno.EPERM), name)
with open(sys.argv[1], "wb") as out:
    flt.export_bpf(out)
EOF
}

# bpf_long FILE N: a hand-made program of N instructions (N-1 loads of the
# syscall number, then "allow").
bpf_long() {
	"$PY" - "$@" <<'EOF'
import struct
import sys

n = int(sys.argv[2])
load_nr = struct.pack("=HBBI", 0x20, 0, 0, 0)        # BPF_LD|BPF_W|BPF_ABS, k=0
allow = struct.pack("=HBBI", 0x06, 0, 0, 0x7fff0000)  # BPF_RET|BPF_K, ALLOW
with open(sys.argv[1], "wb") as out:
    out.write(load_nr * (n - 1) + allow)
EOF
}

# closed_fd: a descriptor number that is not open here
closed_fd() {
	local n
	for ((n = 250; n > 100; n--)); do
		if [[ ! -e /proc/$BASHPID/fd/$n ]]; then
			echo "$n"
			return 0
		fi
	done
	return 1
}

# info_members FILE: check that FILE holds exactly what --info-fd writes: a
# JSON object with one member per line, indented by 4 spaces, "child-pid"
# first, then namespace ids in alphabetical order, "mnt-namespace" among
# them; print the members as KEY=VALUE lines.
info_members() {
	"$PY" - "$1" <<'EOF'
import json
import sys

text = open(sys.argv[1], encoding="utf-8").read()
try:
    obj = json.loads(text)
except ValueError as e:
    sys.exit("not a JSON document (%s): %r" % (e, text))
if not isinstance(obj, dict) or not obj:
    sys.exit("not a non-empty JSON object: %r" % text)
keys = list(obj)
allowed = {"cgroup-namespace", "ipc-namespace", "mnt-namespace",
           "net-namespace", "pid-namespace", "uts-namespace"}
if keys[0] != "child-pid":
    sys.exit("the first member is not child-pid: %r" % text)
if keys[1:] != sorted(keys[1:]) or not set(keys[1:]) <= allowed:
    sys.exit("unexpected or unsorted namespace members: %r" % text)
if "mnt-namespace" not in keys:
    sys.exit("no mnt-namespace: %r" % text)
for k, v in obj.items():
    if type(v) is not int or v <= 0:
        sys.exit("%s is not a positive integer: %r" % (k, text))
layout = "{\n" + ",\n".join('    "%s": %d' % (k, v) for k, v in obj.items()) + "\n}\n"
if text != layout:
    sys.exit("not in the expected layout:\n%r\nexpected:\n%r" % (text, layout))
for k, v in obj.items():
    print("%s=%d" % (k, v))
EOF
}

# status_lines FILE: check that every line of FILE is a one-line JSON object
# laid out as --json-status-fd writes it ({ "key": N, "key": N }) and print
# each as "key=N key=N".
status_lines() {
	"$PY" - "$1" <<'EOF'
import json
import sys

text = open(sys.argv[1], encoding="utf-8").read()
if text and not text.endswith("\n"):
    sys.exit("the last line is not terminated: %r" % text)
for line in text.splitlines(keepends=True):
    try:
        obj = json.loads(line)
    except ValueError as e:
        sys.exit("a line is not JSON (%s): %r" % (e, line))
    if not isinstance(obj, dict) or not obj:
        sys.exit("a line is not a non-empty object: %r" % line)
    for k, v in obj.items():
        if type(v) is not int:
            sys.exit("%s is not an integer: %r" % (k, line))
    layout = "{ " + ", ".join('"%s": %d' % (k, v) for k, v in obj.items()) + " }\n"
    if line != layout:
        sys.exit("not in the expected layout: %r, expected %r" % (line, layout))
    print(" ".join("%s=%d" % (k, v) for k, v in obj.items()))
EOF
}

# member KEY: the value of KEY=VALUE among the lines of $output
member() {
	printf '%s\n' "$output" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

# wait_comm PID NAME: wait up to 30 s for process PID to be running NAME
wait_comm() {
	local i
	for ((i = 0; i < 600; i++)); do
		[[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] && return 0
		sleep 0.05
	done
	echo "FAILED: process $1 is not running $2" >&2
	return 1
}

# wait_gone PID: wait up to 30 s for process PID to end (to disappear, or to
# be a zombie that the host's init has yet to reap)
wait_gone() {
	local i stat
	for ((i = 0; i < 600; i++)); do
		stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 0
		stat=${stat##*) }
		[[ ${stat%% *} == Z ]] && return 0
		sleep 0.05
	done
	echo "FAILED: process $1 is still there" >&2
	return 1
}

# hold_userns: start a process that holds a new user namespace in which the
# caller is root ("unshare -U -r"); its pid in $HOLDER
hold_userns() {
	unshare -U -r sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	HOLDERS+=("$HOLDER")
	wait_comm "$HOLDER" sleep
}

# hold_pidns: start a process that holds a new user and PID namespace; the
# holding process (pid 1 there) in $HOLDER
hold_pidns() {
	unshare -U -r -p -f --kill-child sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	local parent=$!
	HOLDERS+=("$parent")
	local i
	HOLDER=
	for ((i = 0; i < 600; i++)); do
		HOLDER=$(pgrep -P "$parent" -x sleep) && break
		sleep 0.05
	done
	[[ -n $HOLDER ]] || { echo "FAILED: the pid namespace holder did not start" >&2; return 1; }
	HOLDERS+=("$HOLDER")
}

# A command that leaves a trace on the host when it runs: bind $BATS_TEST_TMPDIR
# on /out and run "${RAN_CMD[@]}".
ran_setup() {
	RAN_OPTS=(--bind "$BATS_TEST_TMPDIR" /out)
	RAN_CMD=(touch /out/ran)
}

refute_ran() {
	[[ ! -e $BATS_TEST_TMPDIR/ran ]] || flunk "the command ran although bwrap failed"
}

# ---- --args ----------------------------------------------------------------------

@test "--args from a pipe: options and the command, any byte but NUL" {
	run_bwrap --args 3 3< <(printf '%s\0' --setenv BWRAP_TEST_ARGS 'two  words' \
		--setenv BWRAP_TEST_NL $'line\nbreak' -- sh -c 'printf "[%s]\n" "$BWRAP_TEST_ARGS" "$BWRAP_TEST_NL" "$@"' \
		sh '--not-an-option' '' 'last')
	assert_success
	assert_output $'[two  words]\n[line\nbreak]\n[--not-an-option]\n[]\n[last]'
}

@test "--args from a memfd" {
	fs_need_python
	run --separate-stderr "$PY" - "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import sys

fd = os.memfd_create("bwrap-args", 0)   # no MFD_CLOEXEC: bwrap inherits it
args = ["--setenv", "BWRAP_TEST_FROM", "memfd", "sh", "-c", 'echo "$BWRAP_TEST_FROM $0"', "arg zero"]
os.write(fd, b"".join(a.encode() + b"\0" for a in args))
os.lseek(fd, 0, os.SEEK_SET)
argv = sys.argv[1:] + ["--args", str(fd)]
os.execv(argv[0], argv)
EOF
	assert_success
	assert_output "memfd arg zero"
}

@test "--args from a regular file" {
	printf '%s\0' --chdir /usr --setenv BWRAP_TEST_FROM file >"$BATS_TEST_TMPDIR/argfile"
	run_bwrap --args 3 sh -c 'echo "$BWRAP_TEST_FROM $PWD"' 3<"$BATS_TEST_TMPDIR/argfile"
	assert_success
	assert_output "file /usr"
}

@test "--args may be repeated; the arguments take its place on the command line" {
	run_bwrap --args 3 --setenv BWRAP_TEST_V middle --args 4 printenv BWRAP_TEST_V \
		3< <(printf '%s\0' --setenv BWRAP_TEST_V first) \
		4< <(printf '%s\0' --setenv BWRAP_TEST_V last)
	assert_success
	assert_output "last"
	run_bwrap --args 3 --setenv BWRAP_TEST_V middle --args 4 --setenv BWRAP_TEST_V final \
		printenv BWRAP_TEST_V \
		3< <(printf '%s\0' --setenv BWRAP_TEST_V first) \
		4< <(printf '%s\0' --setenv BWRAP_TEST_V last)
	assert_success
	assert_output "final"
}

@test "--args inside the data of --args is read too" {
	run_bwrap --args 3 sh -c 'echo "$BWRAP_TEST_OUTER $BWRAP_TEST_INNER"' \
		3< <(printf '%s\0' --setenv BWRAP_TEST_OUTER outer --args 4) \
		4< <(printf '%s\0' --setenv BWRAP_TEST_INNER inner)
	assert_success
	assert_output "outer inner"
}

@test "--args: a last argument without its NUL ends at the end of the data, as with bubblewrap" {
	run_bwrap --args 3 printenv A 3< <(printf -- '--setenv\0A\0B')
	assert_success
	assert_output "B"
}

@test "--args: nothing to read adds nothing, as with bubblewrap" {
	run_bwrap --args 3 echo ran 3</dev/null
	assert_success
	assert_output "ran"
}

@test "--args: a descriptor that is not open is an error" {
	ran_setup
	local fd
	fd=$(closed_fd)
	run_bwrap "${RAN_OPTS[@]}" --args "$fd" "${RAN_CMD[@]}"
	assert_bwrap_error --args
	assert_stderr_contains "bwrap: --args"
	refute_ran
}

@test "--args: a descriptor that is not a number is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --args three "${RAN_CMD[@]}"
	assert_bwrap_error three
	# bubblewrap's words, without the option: scripts match them
	assert_stderr_contains "bwrap: Invalid fd: three"
	refute_ran
}

@test "--args: a descriptor that cannot be read is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --args 3 "${RAN_CMD[@]}" 3>"$BATS_TEST_TMPDIR/write-only"
	assert_bwrap_error --args
	assert_stderr_contains "bwrap: --args"
	refute_ran
}

# ---- --info-fd -----------------------------------------------------------------

@test "--info-fd: child-pid and mnt-namespace only, laid out exactly" {
	run_bwrap --info-fd 3 sh -c "$NS_IDS" 3>"$BATS_TEST_TMPDIR/info"
	assert_success
	local inside=$output
	run info_members "$BATS_TEST_TMPDIR/info"
	assert_success
	assert_equal "$(printf '%s\n' "${lines[@]}" | sed 's/=.*//' | paste -sd,)" \
		"child-pid,mnt-namespace" "the members"
	assert_equal "$(member mnt-namespace)" "$(output=$inside member mnt-namespace)" \
		"mnt-namespace against the sandbox's own"
	assert_not_equal "$(member mnt-namespace)" "$(stat -L -c %i /proc/self/ns/mnt)" \
		"mnt-namespace against the host's"
}

@test "--info-fd: a member per namespace created, equal to the ids inside" {
	local opts spec
	for spec in "--unshare-all|cgroup ipc mnt net pid uts" \
		"--unshare-net --unshare-ipc|ipc mnt net" \
		"--unshare-pid|mnt pid" \
		"--unshare-uts --unshare-cgroup|cgroup mnt uts"; do
		read -r -a opts <<<"${spec%%|*}"
		run_bwrap "${opts[@]}" --info-fd 3 sh -c "$NS_IDS" 3>"$BATS_TEST_TMPDIR/info"
		assert_success || return
		local inside=$output
		run info_members "$BATS_TEST_TMPDIR/info"
		assert_success || return
		local want="child-pid" n
		for n in ${spec#*|}; do
			want+=",$n-namespace"
		done
		assert_equal "$(printf '%s\n' "${lines[@]}" | sed 's/=.*//' | paste -sd,)" "$want" \
			"the members for ${spec%%|*}" || return
		for n in cgroup ipc mnt net pid uts; do
			if [[ " ${spec#*|} " == *" $n "* ]]; then
				assert_equal "$(member "$n-namespace")" "$(output=$inside member "$n-namespace")" \
					"$n-namespace for ${spec%%|*}" || return
				assert_not_equal "$(member "$n-namespace")" "$(stat -L -c %i "/proc/self/ns/$n")" \
					"$n-namespace for ${spec%%|*} against the host's" || return
			else
				assert_equal "$(output=$inside member "$n-namespace")" \
					"$(stat -L -c %i "/proc/self/ns/$n")" "$n is not new with ${spec%%|*}" || return
			fi
		done
	done
}

@test "--info-fd: child-pid is the sandbox's process, alive while the command runs" {
	local d=$BATS_TEST_TMPDIR
	"$BWRAP" "${BW_ROOT[@]}" --bind "$d" /out --info-fd 3 sh -c '
		stat -L -c %i /proc/self/ns/mnt > /out/inside
		touch /out/ready
		i=0; while [ ! -e /out/stop ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done' "$MARK" \
		3>"$d/info" </dev/null >/dev/null 2>"$d/stderr" &
	local bw=$!
	fs_wait_file "$d/ready" || { touch "$d/stop"; wait "$bw"; return 1; }
	run info_members "$d/info"
	assert_success || { touch "$d/stop"; wait "$bw"; return 1; }
	local pid mnt
	pid=$(member child-pid)
	mnt=$(member mnt-namespace)
	local alive=no host_mnt=
	[[ -d /proc/$pid ]] && alive=yes
	host_mnt=$(stat -L -c %i "/proc/$pid/ns/mnt" 2>&1)
	touch "$d/stop"
	wait "$bw"
	local rc=$?
	assert_equal "$alive" yes "/proc/$pid exists on the host while the command runs"
	assert_equal "$host_mnt" "$mnt" "the host's view of /proc/$pid/ns/mnt"
	assert_equal "$(cat "$d/inside")" "$mnt" "the mount namespace seen inside"
	assert_equal "$rc" 0 "bwrap's exit status ($(cat "$d/stderr"))"
	wait_gone "$pid"
}

@test "--info-fd: the descriptor reaches end of file before --block-fd releases the command" {
	fs_need_python
	# A launcher that reads the info to its end before releasing the command
	# must not wait forever.
	run --separate-stderr "$PY" - "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import select
import subprocess
import sys
import time

info_r, info_w = os.pipe()
block_r, block_w = os.pipe()
p = subprocess.Popen(sys.argv[1:] + ["--info-fd", str(info_w), "--block-fd", str(block_r), "true"],
                     pass_fds=(info_w, block_r))
os.close(info_w)
os.close(block_r)
data = b""
deadline = time.monotonic() + 30
eof = False
while time.monotonic() < deadline:
    ready, _, _ = select.select([info_r], [], [], max(0, deadline - time.monotonic()))
    if not ready:
        break
    chunk = os.read(info_r, 4096)
    if not chunk:
        eof = True
        break
    data += chunk
os.write(block_w, b"x")
print("eof" if eof else "no eof within 30 s, got %r" % data)
print("status", p.wait())
EOF
	assert_success
	assert_output $'eof\nstatus 0'
}

@test "--info-fd with --userns: the ids are those of the sandbox's namespaces" {
	hold_userns
	run_bwrap --userns 5 --unshare-pid --info-fd 3 sh -c "$NS_IDS" \
		5<"/proc/$HOLDER/ns/user" 3>"$BATS_TEST_TMPDIR/info"
	assert_success
	local inside=$output
	run info_members "$BATS_TEST_TMPDIR/info"
	assert_success
	local n
	for n in mnt pid; do
		assert_equal "$(member "$n-namespace")" "$(output=$inside member "$n-namespace")" \
			"$n-namespace against the sandbox's own" || return
	done
}

@test "--info-fd on a descriptor that cannot be written: error, the command does not run" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --info-fd 3 "${RAN_CMD[@]}" 3</dev/null
	assert_bwrap_error --info-fd
	refute_ran
}

# ---- --json-status-fd ------------------------------------------------------------

@test "--json-status-fd: a child-pid line, then the exit code" {
	run_bwrap --unshare-net --json-status-fd 3 --info-fd 4 sh -c 'exit 3' \
		3>"$BATS_TEST_TMPDIR/status" 4>"$BATS_TEST_TMPDIR/info"
	assert_status 3
	run status_lines "$BATS_TEST_TMPDIR/status"
	assert_success
	((${#lines[@]} == 2)) || flunk "expected two lines"
	[[ ${lines[0]} =~ ^child-pid=[0-9]+\ mnt-namespace=[0-9]+\ net-namespace=[0-9]+$ ]] ||
		flunk "unexpected first line"
	assert_equal "${lines[1]}" "exit-code=3"
	local first=${lines[0]}
	run info_members "$BATS_TEST_TMPDIR/info"
	assert_success
	assert_equal "$first" "$(printf '%s\n' "${lines[@]}" | paste -sd ' ')" \
		"the first line against --info-fd"
}

@test "--json-status-fd: exit-code is the command's status, 128+N for signal N" {
	local spec opts want
	for spec in "|exit 0|0" "|exit 42|42" "|kill -TERM \$\$|143" "|kill -KILL \$\$|137" \
		"--unshare-pid|exit 5|5" "--unshare-pid|kill -TERM \$\$|143" \
		"--unshare-pid --as-pid-1|exit 6|6"; do
		read -r -a opts <<<"${spec%%|*}"
		local cmd=${spec#*|}
		cmd=${cmd%|*}
		want=${spec##*|}
		run_bwrap "${opts[@]}" --json-status-fd 3 sh -c "$cmd" 3>"$BATS_TEST_TMPDIR/status"
		assert_status "$want" || return
		run status_lines "$BATS_TEST_TMPDIR/status"
		assert_success || return
		assert_equal "${lines[1]-}" "exit-code=$want" "the last line for '$spec'" || return
		((${#lines[@]} == 2)) || flunk "expected two lines for '$spec'" || return
	done
}

@test "--json-status-fd: no exit-code when the setup fails" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --json-status-fd 3 --bind "$BATS_TEST_TMPDIR/missing" /m \
		"${RAN_CMD[@]}" 3>"$BATS_TEST_TMPDIR/status"
	assert_bwrap_error --bind missing
	refute_ran
	run status_lines "$BATS_TEST_TMPDIR/status"
	assert_success
	refute_output_contains "exit-code"
}

@test "--json-status-fd: no exit-code when a late setup step fails" {
	ran_setup
	printf 'garbage!' >"$BATS_TEST_TMPDIR/garbage.bpf"
	local args
	for args in "--chdir /nonexistent" "--seccomp 4" "--unshare-user --assert-userns-disabled"; do
		rm -f "$BATS_TEST_TMPDIR/ran"
		run_bwrap "${RAN_OPTS[@]}" --json-status-fd 3 $args "${RAN_CMD[@]}" \
			3>"$BATS_TEST_TMPDIR/status" 4<"$BATS_TEST_TMPDIR/garbage.bpf"
		assert_bwrap_error || { echo "with $args" >&2; return 1; }
		refute_ran || return
		run status_lines "$BATS_TEST_TMPDIR/status"
		assert_success || return
		refute_output_contains "exit-code" || { echo "with $args" >&2; return 1; }
	done
}

@test "--json-status-fd: no exit-code when the command cannot be executed (as bubblewrap)" {
	local opts
	for opts in "" --unshare-pid "--unshare-pid --as-pid-1"; do
		# shellcheck disable=SC2086
		run_bwrap $opts --json-status-fd 3 /nonexistent/command 3>"$BATS_TEST_TMPDIR/status"
		assert_bwrap_error "execvp /nonexistent/command: No such file or directory" || return
		run status_lines "$BATS_TEST_TMPDIR/status"
		assert_success || return
		((${#lines[@]} == 1)) || flunk "expected the child-pid line only, with '$opts'" || return
		refute_output_contains "exit-code" || return
	done
}

@test "--json-status-fd: the exit-code line comes when the command ends, not before" {
	fs_need_python
	run --separate-stderr "$PY" - "$BATS_TEST_TMPDIR" "$MARK" "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import select
import subprocess
import sys

d, mark = sys.argv[1], sys.argv[2]
r, w = os.pipe()
p = subprocess.Popen(sys.argv[3:] + ["--bind", d, "/out", "--json-status-fd", str(w), "sh", "-c",
                     'i=0; while [ ! -e /out/stop ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; exit 9',
                     mark], pass_fds=(w,))
os.close(w)
f = os.fdopen(r, "rb")
print("first", b"child-pid" in f.readline())
ready, _, _ = select.select([f], [], [], 0.5)
print("early", bool(ready))
open(os.path.join(d, "stop"), "w").close()
print("last", f.readline().decode().strip())
print("then", f.read().decode())
print("status", p.wait())
EOF
	assert_success
	assert_output $'first True\nearly False\nlast { "exit-code": 9 }\nthen \nstatus 9'
}

@test "--json-status-fd on a descriptor that cannot be written: error, the command does not run" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --json-status-fd 3 "${RAN_CMD[@]}" 3</dev/null
	assert_bwrap_error --json-status-fd
	refute_ran
}

# ---- --block-fd ------------------------------------------------------------------

@test "--block-fd: the command starts only once data is written" {
	fs_need_python
	run --separate-stderr "$PY" - "$BATS_TEST_TMPDIR" "$MARK" "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import subprocess
import sys
import time

d, mark = sys.argv[1], sys.argv[2]
r, w = os.pipe()
p = subprocess.Popen(sys.argv[3:] + ["--bind", d, "/out", "--block-fd", str(r), "sh", "-c",
                     'cat /out/released; date +%s.%N > /out/started', mark],
                     pass_fds=(r,), stdout=subprocess.PIPE)
os.close(r)
time.sleep(0.8)
print("started early:", os.path.exists(os.path.join(d, "started")))
print("bwrap running:", p.poll() is None)
released = time.time()
with open(os.path.join(d, "released"), "w") as f:
    f.write("released by the host\n")
os.write(w, b"1")
out = p.stdout.read().decode()
status = p.wait()
print("command saw:", out.strip())
started = float(open(os.path.join(d, "started")).read())
print("started after release:", started >= released)
print("status", status)
EOF
	assert_success
	assert_output $'started early: False\nbwrap running: True\ncommand saw: released by the host\nstarted after release: True\nstatus 0'
}

@test "--block-fd: end of file on the descriptor releases the command too" {
	fs_need_python
	run --separate-stderr "$PY" - "$BATS_TEST_TMPDIR" "$MARK" "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import subprocess
import sys
import time

d, mark = sys.argv[1], sys.argv[2]
r, w = os.pipe()
p = subprocess.Popen(sys.argv[3:] + ["--bind", d, "/out", "--block-fd", str(r), "sh", "-c",
                     'touch /out/started; echo ran', mark], pass_fds=(r,), stdout=subprocess.PIPE)
os.close(r)
time.sleep(0.5)
print("started early:", os.path.exists(os.path.join(d, "started")))
os.close(w)
print(p.stdout.read().decode().strip(), p.wait())
EOF
	assert_success
	assert_output $'started early: False\nran 0'
}

# ---- --userns-block-fd -------------------------------------------------------

@test "--userns-block-fd without --info-fd is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --unshare-user --userns-block-fd 3 "${RAN_CMD[@]}" 3</dev/null
	assert_bwrap_error --userns-block-fd --info-fd
	refute_ran
}

@test "--userns-block-fd without a user namespace is an error (root)" {
	skip_unless_root
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --userns-block-fd 3 --info-fd 4 "${RAN_CMD[@]}" 3</dev/null 4>/dev/null
	assert_bwrap_error --userns-block-fd
	refute_ran
}

@test "--userns-block-fd: the caller writes the id maps, then releases the sandbox" {
	fs_need_python
	local extra=()
	is_root && extra=(--unshare-user)
	OPEN_FDS=$OPEN_FDS run --separate-stderr "$PY" - "$BWRAP" "${BW_ROOT[@]}" "${extra[@]}" <<'EOF'
import json
import os
import subprocess
import sys

info_r, info_w = os.pipe()
block_r, block_w = os.pipe()
p = subprocess.Popen(sys.argv[1:] + ["--info-fd", str(info_w), "--userns-block-fd", str(block_r),
                     "sh", "-c", "id -u; id -g; cat /proc/self/uid_map /proc/self/gid_map; " + os.environ["OPEN_FDS"],
                     "sh", str(info_w), str(block_r)], pass_fds=(info_w, block_r), stdout=subprocess.PIPE)
os.close(info_w)
os.close(block_r)
# read the object, not up to end of file: the info is all we need to go on
data = b""
while not data.endswith(b"}\n"):
    chunk = os.read(info_r, 4096)
    if not chunk:
        break
    data += chunk
pid = json.loads(data)["child-pid"]
with open("/proc/%d/uid_map" % pid) as f:
    print("maps before:", repr(f.read()))
with open("/proc/%d/setgroups" % pid, "w") as f:
    f.write("deny")
with open("/proc/%d/uid_map" % pid, "w") as f:
    f.write("4321 %d 1\n" % os.getuid())
with open("/proc/%d/gid_map" % pid, "w") as f:
    f.write("4322 %d 1\n" % os.getgid())
os.write(block_w, b"1")
out = p.stdout.read().decode().split()
print("uid", out[0], "gid", out[1])
print("uid_map", out[2:5] == ["4321", str(os.getuid()), "1"])
print("gid_map", out[5:8] == ["4322", str(os.getgid()), "1"])
print("protocol fds inside:", out[8:])
print("status", p.wait())
EOF
	assert_success
	assert_output $'maps before: \'\'\nuid 4321 gid 4322\nuid_map True\ngid_map True\nprotocol fds inside: []\nstatus 0'
}

# ---- --sync-fd -------------------------------------------------------------------

@test "--sync-fd: end of file only once the command has exited" {
	fs_need_python
	run --separate-stderr "$PY" - "$BATS_TEST_TMPDIR" "$MARK" "$BWRAP" "${BW_ROOT[@]}" <<'EOF'
import os
import select
import subprocess
import sys

d, mark = sys.argv[1], sys.argv[2]
for close_inside in (False, True):
    r, w = os.pipe()
    script = 'i=0; while [ ! -e /out/stop ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done; touch /out/done'
    if close_inside:
        # bwrap must hold the descriptor itself
        script = 'exec %d>&-; %s' % (w, script)
    for name in ("stop", "done"):
        if os.path.exists(os.path.join(d, name)):
            os.unlink(os.path.join(d, name))
    p = subprocess.Popen(sys.argv[3:] + ["--bind", d, "/out", "--sync-fd", str(w), "sh", "-c", script, mark],
                         pass_fds=(w,))
    os.close(w)
    ready, _, _ = select.select([r], [], [], 0.8)
    early = bool(ready) and os.read(r, 1) == b""
    open(os.path.join(d, "stop"), "w").close()
    ready, _, _ = select.select([r], [], [], 30)
    eof = bool(ready) and os.read(r, 1) == b""
    done_at_eof = os.path.exists(os.path.join(d, "done"))
    os.close(r)
    print("closed inside" if close_inside else "kept inside",
          "early eof:", early, "eof:", eof, "command done at eof:", done_at_eof, "status:", p.wait())
EOF
	assert_success
	assert_output $'kept inside early eof: False eof: True command done at eof: True status: 0\nclosed inside early eof: False eof: True command done at eof: True status: 0'
}

@test "--sync-fd: closed in the command, held by pid 1, kept with --as-pid-1, as with bubblewrap" {
	run_bwrap --sync-fd 5 sh -c "$OPEN_FDS" sh 5 6 5</dev/null 6</dev/null
	assert_success
	assert_output "open 6"
	run_bwrap --unshare-pid --sync-fd 5 sh -c "$OPEN_FDS" sh 5 6 5</dev/null 6</dev/null
	assert_success
	assert_output "open 6"
	run_bwrap --unshare-pid --as-pid-1 --sync-fd 5 sh -c "$OPEN_FDS" sh 5 6 5</dev/null 6</dev/null
	assert_success
	assert_output $'open 5\nopen 6'
	if is_root; then
		# as root the command may look into pid 1, which holds it
		run_bwrap --unshare-pid --sync-fd 5 sh -c 'test -e /proc/1/fd/5 && echo held' 5</dev/null
		assert_success
		assert_output "held"
	fi
}

# ---- seccomp programs ------------------------------------------------------------

@test "--seccomp: the denied system call fails with EPERM, others work" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/no-unshare.bpf" unshare
	local probe='unshare -U true && echo unshare allowed; mkdir /tmp/d && echo mkdir allowed'
	run_bwrap --tmpfs /tmp sh -c "$probe"
	assert_success
	assert_output $'unshare allowed\nmkdir allowed'
	run_bwrap --tmpfs /tmp --seccomp 3 sh -c "$probe" 3<"$BATS_TEST_TMPDIR/no-unshare.bpf"
	assert_success
	assert_output "mkdir allowed"
	assert_stderr_contains "Operation not permitted"
}

@test "--seccomp comes last: filters denying setsid, prlimit64, setrlimit and sendmsg break nothing bwrap does" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/strict.bpf" setsid prlimit64 setrlimit sendmsg sendto capset
	run_bwrap --unshare-pid --new-session --rlimit nofile=64 --json-status-fd 4 --seccomp 3 \
		sh -c 'grep -o "^Max open files *64 *64" /proc/self/limits; [ "$(cut -d" " -f6 /proc/self/stat)" = 1 ] && echo new-session; exit 5' \
		3<"$BATS_TEST_TMPDIR/strict.bpf" 4>"$BATS_TEST_TMPDIR/status"
	assert_status 5
	# pid 1 leads the new session, as with bubblewrap
	assert_output $'Max open files            64                   64\nnew-session'
	run status_lines "$BATS_TEST_TMPDIR/status"
	assert_success
	assert_output_contains "exit-code=5"
}

@test "--add-seccomp-fd twice: both programs apply" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/no-unshare.bpf" unshare
	bpf_deny "$BATS_TEST_TMPDIR/no-mkdir.bpf" mkdir mkdirat
	run_bwrap --tmpfs /tmp --add-seccomp-fd 3 --add-seccomp-fd 4 sh -c '
		unshare -U true 2>&1 || echo "unshare denied"
		mkdir /tmp/d 2>&1 || echo "mkdir denied"
		touch /tmp/f && echo "touch allowed"' \
		3<"$BATS_TEST_TMPDIR/no-unshare.bpf" 4< <(cat "$BATS_TEST_TMPDIR/no-mkdir.bpf")
	assert_success
	assert_output_contains "unshare denied"
	assert_output_contains "mkdir denied"
	assert_output_contains "touch allowed"
	assert_output_contains "Operation not permitted"
}

@test "--seccomp given twice: only the last program is used" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/no-unshare.bpf" unshare
	bpf_deny "$BATS_TEST_TMPDIR/no-mkdir.bpf" mkdir mkdirat
	run_bwrap --tmpfs /tmp --seccomp 3 --seccomp 4 sh -c '
		unshare -U true && echo "unshare allowed"
		mkdir /tmp/d 2>/dev/null || echo "mkdir denied"' \
		3<"$BATS_TEST_TMPDIR/no-unshare.bpf" 4<"$BATS_TEST_TMPDIR/no-mkdir.bpf"
	assert_success
	assert_output $'unshare allowed\nmkdir denied'
}

@test "--seccomp and --add-seccomp-fd together are an error, in either order" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/no-unshare.bpf" unshare
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --seccomp 3 --add-seccomp-fd 4 "${RAN_CMD[@]}" \
		3<"$BATS_TEST_TMPDIR/no-unshare.bpf" 4<"$BATS_TEST_TMPDIR/no-unshare.bpf"
	# bubblewrap's words: scripts match them
	assert_bwrap_error "bwrap: --add-seccomp-fd cannot be combined with --seccomp"
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --add-seccomp-fd 3 --seccomp 4 "${RAN_CMD[@]}" \
		3<"$BATS_TEST_TMPDIR/no-unshare.bpf" 4<"$BATS_TEST_TMPDIR/no-unshare.bpf"
	assert_bwrap_error "bwrap: --seccomp cannot be combined with --add-seccomp-fd"
	refute_ran
}

@test "a seccomp program that cannot be read: bubblewrap's message, naming the fd" {
	ran_setup
	local opt
	for opt in --seccomp --add-seccomp-fd; do
		run_bwrap "${RAN_OPTS[@]}" "$opt" 3 "${RAN_CMD[@]}" 3<"$BATS_TEST_TMPDIR"
		assert_bwrap_error "bwrap: Can't read seccomp data: $opt 3: Is a directory" || return
		refute_ran || return
	done
	# an empty program is refused once the others were read, as bubblewrap
	# (which lets the kernel refuse it) does not fail on it first
	: >"$BATS_TEST_TMPDIR/empty.bpf"
	printf 'x' >"$BATS_TEST_TMPDIR/one.bpf"
	run_bwrap "${RAN_OPTS[@]}" --add-seccomp-fd 3 --add-seccomp-fd 4 "${RAN_CMD[@]}" \
		3<"$BATS_TEST_TMPDIR/empty.bpf" 4<"$BATS_TEST_TMPDIR/one.bpf"
	assert_bwrap_error "bwrap: Invalid seccomp data, must be multiple of 8"
	refute_ran
}

@test "seccomp programs that are not whole, empty or invalid: error, the command never runs" {
	ran_setup
	head -c 7 /dev/zero >"$BATS_TEST_TMPDIR/seven.bpf"
	: >"$BATS_TEST_TMPDIR/empty.bpf"
	printf 'garbage!' >"$BATS_TEST_TMPDIR/garbage.bpf"
	local opt prog
	for opt in --seccomp --add-seccomp-fd; do
		for prog in seven empty garbage; do
			run_bwrap "${RAN_OPTS[@]}" "$opt" 3 "${RAN_CMD[@]}" 3<"$BATS_TEST_TMPDIR/$prog.bpf"
			assert_bwrap_error || { echo "with $opt and the $prog program" >&2; return 1; }
			refute_ran || return
			case $prog in
			seven) assert_stderr_contains "bwrap: Invalid seccomp data, must be multiple of 8" ;;
			empty) assert_stderr_contains "bwrap: Can't read seccomp data: $opt 3: " ;;
			esac || return
		done
	done
}

@test "seccomp programs: 4096 instructions are accepted, 4097 are not" {
	ran_setup
	bpf_long "$BATS_TEST_TMPDIR/max.bpf" 4096
	bpf_long "$BATS_TEST_TMPDIR/over.bpf" 4097
	run_bwrap --seccomp 3 echo ran 3<"$BATS_TEST_TMPDIR/max.bpf"
	assert_success
	assert_output "ran"
	run_bwrap "${RAN_OPTS[@]}" --add-seccomp-fd 3 "${RAN_CMD[@]}" 3<"$BATS_TEST_TMPDIR/over.bpf"
	assert_bwrap_error --add-seccomp-fd
	refute_ran
}

# ---- the built-in filter -------------------------------------------------------

# tty_probe [BWRAP-OPTION...]: on a new pseudo-terminal (script), try the
# terminal ioctls in the sandbox; prints one "NAME RESULT" line per ioctl.
tty_probe() {
	cat >"$BATS_TEST_TMPDIR/tty-probe.py" <<'EOF'
import errno
import fcntl
import termios

for name, req, arg in (("TIOCSTI", termios.TIOCSTI, b"#"),
                       ("TIOCSTI-high", 0x100000000 | termios.TIOCSTI, b"#"),
                       ("TIOCLINUX", 0x541C, b"\x0b"),
                       ("TIOCGWINSZ", termios.TIOCGWINSZ, bytes(8))):
    try:
        fcntl.ioctl(0, req, arg)
        print(name, "ok")
    except OSError as e:
        print(name, errno.errorcode.get(e.errno, e.errno))
EOF
	local cmd
	cmd=$(printf '%q ' "$BWRAP" "${BW_ROOT[@]}" --ro-bind "$BATS_TEST_TMPDIR/tty-probe.py" /probe.py \
		"$@" "$PY" /probe.py)
	run --separate-stderr script -qec "$cmd" /dev/null
	output=${output//$'\r'/}
}

@test "built-in filter: TIOCSTI and TIOCLINUX fail with EPERM, also with high bits set" {
	fs_need_python
	tty_probe
	assert_success
	assert_output_contains "TIOCSTI EPERM"
	assert_output_contains "TIOCSTI-high EPERM"
	assert_output_contains "TIOCLINUX EPERM"
	assert_output_contains "TIOCGWINSZ ok"
}

@test "built-in filter: still installed with --seccomp and --add-seccomp-fd" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/allow.bpf"
	local opt
	for opt in --seccomp --add-seccomp-fd; do
		tty_probe "$opt" 3 3<"$BATS_TEST_TMPDIR/allow.bpf"
		assert_success || return
		assert_output_contains "TIOCSTI EPERM" || return
		assert_output_contains "TIOCSTI-high EPERM" || return
		assert_output_contains "TIOCGWINSZ ok" || return
	done
}

# ---- capabilities --------------------------------------------------------------

# cap_sets: print CapPrm, CapEff, CapBnd and CapAmb of the command
CAP_SETS='grep -E "^Cap(Prm|Eff|Bnd|Amb):" /proc/self/status'

# assert_caps HEX: every line of $output (from CAP_SETS) shows HEX
assert_caps() {
	assert_success || return
	((${#lines[@]} == 4)) || { flunk "expected four Cap lines"; return; }
	local l
	for l in "${lines[@]}"; do
		[[ $l == *$'\t'"$1" ]] || { flunk "expected $1 in: $l"; return; }
	done
}

# every capability the kernel knows, minus the bits given
all_caps_but() {
	local last mask bit
	last=$(cat /proc/sys/kernel/cap_last_cap)
	mask=$(((1 << (last + 1)) - 1))
	for bit in "$@"; do
		mask=$((mask & ~(1 << bit)))
	done
	printf '%016x\n' "$mask"
}

@test "capabilities: none by default, even as uid 0" {
	skip_if_root "root keeps its capabilities by default (tested below)"
	run_bwrap sh -c "$CAP_SETS"
	assert_caps 0000000000000000
	run_bwrap --unshare-user --uid 0 sh -c "$CAP_SETS"
	assert_caps 0000000000000000
}

@test "root keeps its capabilities by default, as with bubblewrap; only uid 0 gets them" {
	skip_unless_root
	local mine
	mine=$(sed -n 's/^CapEff:[[:space:]]*//p' /proc/self/status)
	run_bwrap sh -c "$CAP_SETS"
	assert_success
	assert_equal "${lines[0]}" "CapPrm:	$mine" "permitted, without a user namespace"
	assert_equal "${lines[1]}" "CapEff:	$mine" "effective"
	assert_equal "${lines[2]}" "CapBnd:	$mine" "bounding"
	assert_equal "${lines[3]}" "CapAmb:	0000000000000000" "ambient"
	run_bwrap --unshare-user --uid 0 sh -c "$CAP_SETS"
	assert_equal "${lines[1]}" "CapEff:	$mine" "effective, uid 0 in a user namespace"
	run_bwrap --unshare-user --uid 1000 sh -c "$CAP_SETS"
	assert_equal "${lines[1]}" "CapEff:	0000000000000000" "effective, uid 1000"
	assert_equal "${lines[2]}" "CapBnd:	$mine" "bounding, uid 1000"
	run_bwrap --cap-drop ALL sh -c "$CAP_SETS"
	assert_caps 0000000000000000
}

@test "--cap-add CAP_SYS_ADMIN keeps only that capability, in every set" {
	run_bwrap "${BW_NOCAPS[@]}" --cap-add CAP_SYS_ADMIN sh -c "$CAP_SETS"
	assert_caps 0000000000200000
}

@test "--cap-add CAP_SYS_ADMIN is a real capability: the command can mount" {
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --tmpfs /mnt sh -c 'mount -t tmpfs none /mnt 2>/dev/null && echo mounted || echo refused'
	assert_success
	assert_output "refused"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --tmpfs /mnt --cap-add CAP_SYS_ADMIN sh -c 'mount -t tmpfs none /mnt && echo mounted'
	assert_success
	assert_output "mounted"
}

@test "--uid 0 --cap-add ALL --cap-drop CAP_NET_RAW: every capability but bit 13" {
	# as root, a user namespace of its own gives the sandbox every capability
	run_bwrap --unshare-user --uid 0 --cap-add ALL --cap-drop CAP_NET_RAW sh -c "$CAP_SETS"
	assert_caps "$(all_caps_but 13)"
}

@test "--cap-add and --cap-drop apply in order" {
	run_bwrap --unshare-user --cap-add ALL --cap-drop ALL --cap-add CAP_NET_RAW sh -c "$CAP_SETS"
	assert_caps 0000000000002000
	run_bwrap "${BW_NOCAPS[@]}" --cap-add CAP_NET_RAW --cap-drop CAP_NET_RAW sh -c "$CAP_SETS"
	assert_caps 0000000000000000
	run_bwrap "${BW_NOCAPS[@]}" --cap-drop CAP_NET_RAW --cap-add CAP_NET_RAW --cap-add CAP_CHOWN sh -c "$CAP_SETS"
	assert_caps 0000000000002001
}

@test "capability names: any case, CAP_ prefix optional" {
	local name
	for name in cap_sys_admin sys_admin Sys_Admin CAP_SYS_ADMIN; do
		run_bwrap "${BW_NOCAPS[@]}" --cap-add "$name" sh -c "$CAP_SETS"
		assert_caps 0000000000200000 || { echo "with --cap-add $name" >&2; return 1; }
	done
	run_bwrap --unshare-user --cap-add all --cap-drop net_raw sh -c "$CAP_SETS"
	assert_caps "$(all_caps_but 13)"
}

@test "an unknown capability name is an error" {
	ran_setup
	local args
	for args in "--cap-add CAP_NOT_A_CAP" "--cap-drop not_a_cap" "--cap-add 999" "--cap-add CAP_"; do
		run_bwrap "${RAN_OPTS[@]}" $args "${RAN_CMD[@]}"
		assert_bwrap_error "${args%% *}" || { echo "with $args" >&2; return 1; }
		refute_ran || return
	done
	run_bwrap "${RAN_OPTS[@]}" --cap-add '' "${RAN_CMD[@]}"
	assert_bwrap_error --cap-add
	refute_ran
}

# ---- --userns, --userns2, --pidns --------------------------------------------

@test "--userns joins an existing user namespace" {
	hold_userns
	run_bwrap --userns 5 sh -c "readlink /proc/self/ns/user /proc/self/ns/mnt; id -u; $OPEN_FDS" sh 5 \
		5<"/proc/$HOLDER/ns/user"
	assert_success
	assert_equal "${lines[0]}" "$(readlink "/proc/$HOLDER/ns/user")" "the user namespace"
	assert_not_equal "${lines[1]}" "$(host_ns mnt)" "a new mount namespace"
	assert_not_equal "${lines[1]}" "$(readlink "/proc/$HOLDER/ns/mnt")" "a new mount namespace"
	assert_equal "${lines[2]}" 0 "the uid mapped by the holder"
	((${#lines[@]} == 3)) || flunk "the --userns descriptor reached the command"
}

@test "--userns and --pidns with --time-limit: the limit ends the sandbox, not a helper" {
	# a pid namespace is joined with its user namespace: the kernel makes
	# the limit's own pid namespace in it only from there
	local opts
	for opts in userns pidns; do
		if [[ $opts == userns ]]; then hold_userns; else hold_pidns; fi
		local ns=(--userns 6)
		[[ $opts == pidns ]] && ns+=(--pidns 5)
		local t0 t1
		t0=$(date +%s%3N)
		status=0
		timeout 20 "$BWRAP" "${BW_ROOT[@]}" "${ns[@]}" --time-limit 0.4 \
			bash -c 'exec -a "$0" sleep 30 & exec -a "$0" sleep 30' "$MARK" \
			5<"/proc/$HOLDER/ns/pid" 6<"/proc/$HOLDER/ns/user" </dev/null >out 2>err || status=$?
		t1=$(date +%s%3N)
		output=$(cat out) stderr=$(cat err)
		assert_status 124 || { echo "with --$opts" >&2; return 1; }
		((t1 - t0 < 15000)) || flunk "--$opts: took $((t1 - t0)) ms for a 0.4 s limit (the command sleeps 30 s)"
		wait_marker_gone || flunk "--$opts: processes outlived the limit: $(marker_pids)"
	done
}

@test "--userns with --unshare-user is an error" {
	hold_userns
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --userns 5 --unshare-user "${RAN_CMD[@]}" 5<"/proc/$HOLDER/ns/user"
	assert_bwrap_error --userns
	refute_ran
}

@test "--userns on something that is not a user namespace is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --userns 5 "${RAN_CMD[@]}" 5</etc/passwd
	assert_bwrap_error --userns
	refute_ran
}

@test "--userns2: the command runs in a descendant user namespace" {
	unshare -U -r sh -c 'unshare -U -r sleep 300 & echo $! > inner; wait' \
		</dev/null >/dev/null 2>&1 3>&- &
	HOLDERS+=($!)
	local outer=$!
	fs_wait_file "$BATS_TEST_TMPDIR/inner"
	local inner
	inner=$(cat "$BATS_TEST_TMPDIR/inner")
	HOLDERS+=("$inner")
	wait_comm "$inner" sleep
	run_bwrap --userns 5 --userns2 6 sh -c "readlink /proc/self/ns/user; id -u; $OPEN_FDS" sh 5 6 \
		5<"/proc/$outer/ns/user" 6<"/proc/$inner/ns/user"
	assert_success
	assert_equal "${lines[0]}" "$(readlink "/proc/$inner/ns/user")" "the user namespace"
	assert_not_equal "${lines[0]}" "$(readlink "/proc/$outer/ns/user")" "the user namespace"
	assert_equal "${lines[1]}" 0 "the uid"
	((${#lines[@]} == 2)) || flunk "the --userns or --userns2 descriptor reached the command"
}

@test "--userns2 without --userns, or with --disable-userns, is an error" {
	hold_userns
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --userns2 5 "${RAN_CMD[@]}" 5<"/proc/$HOLDER/ns/user"
	assert_bwrap_error --userns2
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --userns 5 --userns2 5 --disable-userns "${RAN_CMD[@]}" \
		5<"/proc/$HOLDER/ns/user"
	assert_bwrap_error --userns2 --disable-userns
	refute_ran
}

@test "--pidns joins an existing PID namespace" {
	hold_pidns
	run_bwrap --userns 5 --pidns 6 sh -c "readlink /proc/self/ns/pid; echo \"\$\$\"; cat /proc/1/comm; $OPEN_FDS" sh 5 6 \
		5<"/proc/$HOLDER/ns/user" 6<"/proc/$HOLDER/ns/pid"
	assert_success
	assert_equal "${lines[0]}" "$(readlink "/proc/$HOLDER/ns/pid")" "the PID namespace"
	[[ ${lines[1]} -gt 1 ]] || flunk "the holder is pid 1 there, not the command"
	assert_equal "${lines[2]}" sleep "pid 1 of the joined namespace"
	((${#lines[@]} == 3)) || flunk "the --userns or --pidns descriptor reached the command"
}

@test "--pidns as root, without a user namespace" {
	skip_unless_root
	unshare -p -f --kill-child sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	HOLDERS+=($!)
	local parent=$! pid= i
	for ((i = 0; i < 600; i++)); do
		pid=$(pgrep -P "$parent" -x sleep) && break
		sleep 0.05
	done
	HOLDERS+=("$pid")
	run_bwrap --pidns 6 sh -c 'readlink /proc/self/ns/pid; cat /proc/1/comm' 6<"/proc/$pid/ns/pid"
	assert_success
	assert_output "$(readlink "/proc/$pid/ns/pid")"$'\nsleep'
}

@test "--pidns with --unshare-pid: a new PID namespace inside the given one" {
	hold_pidns
	# the host's /proc, read-only, to see the shell's pid at every level (the
	# shell itself opens /hostproc/self/status)
	run_bwrap --userns 5 --pidns 6 --unshare-pid --ro-bind /proc /hostproc \
		sh -c 'readlink /proc/self/ns/pid; echo "$$"
			while read -r l; do case $l in NSpid:*) echo "$l" ;; esac; done < /hostproc/self/status' \
		5<"/proc/$HOLDER/ns/user" 6<"/proc/$HOLDER/ns/pid"
	assert_success
	assert_not_equal "${lines[0]}" "$(readlink "/proc/$HOLDER/ns/pid")" "a new PID namespace"
	assert_not_equal "${lines[0]}" "$(host_ns pid)" "a new PID namespace"
	# host, holder's namespace, the new one
	[[ ${lines[2]} =~ ^NSpid:[[:space:]]+[0-9]+[[:space:]]+[0-9]+[[:space:]]+${lines[1]}$ ]] ||
		flunk "expected three levels of pid namespaces"
}

@test "--netns joins an existing network namespace" {
	unshare -U -r -n sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	HOLDERS+=("$HOLDER")
	wait_comm "$HOLDER" sleep
	run_bwrap --userns 5 --netns 6 sh -c "readlink /proc/self/ns/net; $OPEN_FDS" sh 5 6 \
		5<"/proc/$HOLDER/ns/user" 6<"/proc/$HOLDER/ns/net"
	assert_success
	assert_output "$(readlink "/proc/$HOLDER/ns/net")"
	assert_not_equal "$output" "$(host_ns net)" "the network namespace"
}

@test "--netns with --unshare-net is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --netns 6 --unshare-net "${RAN_CMD[@]}" 6<"/proc/self/ns/net"
	assert_bwrap_error --netns
	refute_ran
}

# ---- --disable-userns, --assert-userns-disabled ----------------------------------

@test "--disable-userns: the command cannot create user namespaces; the host's limit is unchanged" {
	local before
	before=$(cat /proc/sys/user/max_user_namespaces)
	run_bwrap --unshare-user sh -c 'unshare -U true && echo created'
	assert_success
	assert_output "created"
	run_bwrap --unshare-user --disable-userns sh -c 'unshare -U true && echo created; id -u'
	assert_success
	assert_output "$CALLER_UID"
	assert_stderr_contains "No space left on device"
	assert_equal "$(cat /proc/sys/user/max_user_namespaces)" "$before" "the host's max_user_namespaces"
}

@test "--disable-userns: implied user namespace of an unprivileged caller" {
	skip_if_root "root needs a user namespace asked for"
	run_bwrap --disable-userns sh -c 'unshare -U true && echo created; true'
	assert_success
	assert_output ""
	assert_stderr_contains "No space left on device"
}

@test "--disable-userns with the user namespace of --unshare-all" {
	run_bwrap --unshare-all --disable-userns sh -c 'unshare -U true && echo created; true'
	assert_success
	assert_output ""
	assert_stderr_contains "No space left on device"
}

@test "--disable-userns without a user namespace is an error (root)" {
	skip_unless_root
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --disable-userns "${RAN_CMD[@]}"
	assert_bwrap_error --disable-userns
	refute_ran
}

@test "--assert-userns-disabled fails while user namespaces can be created" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --unshare-user --assert-userns-disabled "${RAN_CMD[@]}"
	assert_bwrap_error --assert-userns-disabled
	refute_ran
}

@test "--assert-userns-disabled succeeds with --disable-userns" {
	run_bwrap --unshare-user --disable-userns --assert-userns-disabled echo ran
	assert_success
	assert_output "ran"
}

@test "--assert-userns-disabled succeeds in a joined namespace made with --disable-userns" {
	local d=$BATS_TEST_TMPDIR
	"$BWRAP" "${BW_ROOT[@]}" --unshare-user --disable-userns --bind "$d" /out --info-fd 3 sh -c '
		touch /out/ready
		i=0; while [ ! -e /out/stop ] && [ $i -lt 1200 ]; do sleep 0.05; i=$((i+1)); done' "$MARK" \
		3>"$d/info" </dev/null >/dev/null 2>&1 &
	local bw=$!
	fs_wait_file "$d/ready" || { touch "$d/stop"; wait "$bw"; return 1; }
	local pid
	pid=$("$PY" -c 'import json, sys; print(json.load(open(sys.argv[1]))["child-pid"])' "$d/info")
	run_bwrap --userns 5 --assert-userns-disabled sh -c 'unshare -U true && echo created; echo ran' \
		5<"/proc/$pid/ns/user"
	touch "$d/stop"
	wait "$bw"
	assert_success
	assert_output "ran"
	assert_stderr_contains "No space left on device"
}

# ---- SELinux labels --------------------------------------------------------------

@test "--exec-label and --file-label: accepted when built with SELinux, ignored while it is off" {
	[[ ! -e /sys/fs/selinux/enforce ]] || skip "SELinux is enabled on this host"
	# built with SELinux support: the binary links or loads libselinux
	if grep -q -a libselinux "$BWRAP"; then
		run_bwrap --exec-label system_u:system_r:bwrap_test_t:s0 \
			--file-label system_u:object_r:bwrap_test_file_t:s0 --tmpfs /t \
			sh -c 'touch /t/f && echo ran'
		assert_success
		assert_output "ran"
	else
		run_bwrap --exec-label system_u:system_r:bwrap_test_t:s0 true
		assert_bwrap_error --exec-label
		assert_stderr_contains "SELinux"
		run_bwrap --file-label system_u:object_r:bwrap_test_file_t:s0 true
		assert_bwrap_error --file-label
		assert_stderr_contains "SELinux"
	fi
}

@test "--exec-label and --file-label: an empty label is an error" {
	run_bwrap --exec-label '' true
	assert_bwrap_error --exec-label
	run_bwrap --file-label '' true
	assert_bwrap_error --file-label
}

# ---- --level-prefix --------------------------------------------------------------

@test "--level-prefix: errors start with <3>" {
	run_bwrap --level-prefix --cap-add CAP_NOT_A_CAP true
	assert_status 1
	[[ $stderr == '<3>bwrap: --cap-add'* ]] || flunk "expected '<3>bwrap: --cap-add...'"
	run_bwrap --level-prefix --info-fd "$(closed_fd)" true
	assert_status 1
	[[ $stderr == '<3>bwrap: --info-fd'* ]] || flunk "expected '<3>bwrap: --info-fd...'"
	run_bwrap --level-prefix --bind "$BATS_TEST_TMPDIR/missing" /m true
	assert_status 1
	[[ $stderr == '<3>bwrap: '*missing* ]] || flunk "expected '<3>bwrap: ...missing...'"
	[[ $stderr != *$'\n'* ]] || flunk "expected one line"
}

# ---- descriptor arguments --------------------------------------------------------

@test "every descriptor option refuses negative, non-numeric, overflowing and closed descriptors" {
	ran_setup
	local closed opt value extra want
	closed=$(closed_fd)
	for opt in --args --info-fd --json-status-fd --block-fd --userns-block-fd --sync-fd \
		--seccomp --add-seccomp-fd --userns --userns2 --pidns --netns \
		--bind-fd --ro-bind-fd --file --bind-data --ro-bind-data; do
		extra=()
		case $opt in
		--*bind-fd | --file | --*bind-data) extra=(/x) ;;
		esac
		for value in -1 -3 three 3x '' 99999999999 4294967299 "$closed"; do
			run_bwrap "${RAN_OPTS[@]}" "$opt" "$value" "${extra[@]}" "${RAN_CMD[@]}"
			# not a number: bubblewrap's words; not open: ours, naming the option
			# (bats drops the trailing space of "Invalid fd: " for '')
			want="bwrap: Invalid fd:${value:+ $value}"
			[[ $value != "$closed" ]] || want="bwrap: $opt"
			if ! assert_bwrap_error || [[ $stderr != "$want"* ]]; then
				flunk "with $opt '$value'"
				return 1
			fi
			refute_ran || return
		done
	done
}

# ---- descriptors and the command -------------------------------------------------

@test "protocol descriptors are closed before the command runs, others are inherited" {
	need_seccomp
	bpf_deny "$BATS_TEST_TMPDIR/no-acct.bpf" acct
	printf '%s\0' --setenv BWRAP_TEST_ARGS 1 >"$BATS_TEST_TMPDIR/args"
	echo "inherited data" >"$BATS_TEST_TMPDIR/other"
	run_bwrap --args 20 --info-fd 21 --json-status-fd 22 --block-fd 23 --seccomp 24 \
		--file 25 /f --ro-bind-data 26 /g \
		sh -c "cat /proc/self/fd/27; $OPEN_FDS" sh 20 21 22 23 24 25 26 27 \
		20<"$BATS_TEST_TMPDIR/args" 21>/dev/null 22>/dev/null 23</dev/null \
		24<"$BATS_TEST_TMPDIR/no-acct.bpf" 25</dev/null 26</dev/null 27<"$BATS_TEST_TMPDIR/other"
	assert_success
	assert_output $'inherited data\nopen 27'
	run_bwrap --add-seccomp-fd 24 --add-seccomp-fd 25 sh -c "$OPEN_FDS" sh 24 25 27 \
		24<"$BATS_TEST_TMPDIR/no-acct.bpf" 25<"$BATS_TEST_TMPDIR/no-acct.bpf" 27</dev/null
	assert_success
	assert_output "open 27"
}
