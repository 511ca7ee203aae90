#!/usr/bin/env bats
# policy.bats - the policy options that go beyond bubblewrap: seccomp
# profiles (--seccomp-profile, --print-seccomp-profile, the built-in
# "default" profile and OCI/Docker JSON files), resource limits (--rlimit),
# a wall-clock limit (--time-limit), joining a network namespace (--netns)
# and Landlock TCP port rules (--allow-connect, --allow-bind); alone, and
# combined with each other and with --unshare-all and --die-with-parent.

load lib
load fs-lib

PY=$FS_PYTHON

# Background processes started by a test (namespace holders, TCP
# listeners): killed, one by one, after it.
BG_PIDS=()

teardown() {
	local p
	for p in "${BG_PIDS[@]}"; do
		kill -KILL "$p" 2>/dev/null || true
	done
	for p in "${BG_PIDS[@]}"; do
		wait "$p" 2>/dev/null || true
	done
	bwrap_test_teardown
}

# ---- helpers ---------------------------------------------------------------------

# Python code for inside the sandbox, to put before a test's own lines:
# sc(NR, ARG...) makes a raw x86_64 system call (bytes are passed as
# pointers to C strings) and gives its result or -errno; show(LABEL, R)
# prints "LABEL ok" or "LABEL ERRNO-NAME".
SYSCALLS_PY='
import ctypes, errno, os, sys
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long

def sc(nr, *args):
    conv = [ctypes.c_char_p(a) if isinstance(a, bytes) else ctypes.c_long(a) for a in args]
    ctypes.set_errno(0)
    r = libc.syscall(ctypes.c_long(nr), *conv)
    return r if r >= 0 else -ctypes.get_errno()

def ename(r):
    return "ok" if r >= 0 else errno.errorcode.get(-r, str(-r))

def show(label, r):
    print(label, ename(r), flush=True)
'

# The system calls that the default profile refuses with EPERM, one
# "label ERRNO" line each (x86_64 numbers).
BLOCKED_EPERM_PY='
uts = os.open("/proc/self/ns/uts", os.O_RDONLY)
show("mount", sc(165, b"none", b"/", b"tmpfs", 0, 0))
show("umount2", sc(166, b"/proc", 0))
show("pivot_root", sc(155, b".", b"."))
show("chroot", sc(161, b"/"))
show("setns", sc(308, uts, 0))
show("ptrace", sc(101, 0, 0, 0, 0))
show("bpf", sc(321, 0, 0, 0))
show("keyctl", sc(250, 0, -3, 0))
'

# The new mount API and clone3, which the default profile refuses with ENOSYS.
BLOCKED_ENOSYS_PY='
show("clone3", sc(435, 0, 0))
show("open_tree", sc(428, -100, b"/", 0))
show("move_mount", sc(429, -1, b"", -1, b"", 0))
show("fsopen", sc(430, b"tmpfs", 0))
show("fsconfig", sc(431, -1, 0, 0, 0, 0))
show("fsmount", sc(432, -1, 0, 0))
show("fspick", sc(433, -100, b"/", 0))
show("mount_setattr", sc(442, -100, b"/", 0, 0, 0))
'

# Socket families: AF_PACKET (17), AF_BLUETOOTH (31), AF_VSOCK (40), then the
# four that the default profile lets through.
SOCKETS_PY='
for fam, typ in ((17, 3), (31, 1), (40, 1), (1, 1), (2, 1), (10, 1), (16, 3)):
    r = sc(41, fam, typ, 0)
    show("socket-%d" % fam, r)
    if r >= 0:
        os.close(r)
'

# py CODE: the Python program SYSCALLS_PY followed by CODE
py() {
	printf '%s\n%s\n' "$SYSCALLS_PY" "$1"
}

need_seccomp() {
	fs_need_python
	if ! "$PY" -c 'import seccomp' 2>/dev/null; then
		echo "FAILED: python3-seccomp is needed (Debian: apt-get install python3-seccomp)" >&2
		return 1
	fi
}

need_x86_64() {
	[[ $(uname -m) == x86_64 ]] || skip "the system call numbers here are x86_64's"
}

# A command that leaves a trace on the host when it runs: bind
# $BATS_TEST_TMPDIR on /out and run "${RAN_CMD[@]}".
ran_setup() {
	RAN_OPTS=(--bind "$BATS_TEST_TMPDIR" /out)
	RAN_CMD=(touch /out/ran)
}

refute_ran() {
	[[ ! -e $BATS_TEST_TMPDIR/ran ]] || flunk "the command ran although bwrap failed"
}

# profile NAME: write standard input to NAME (in the test's directory, the
# working directory), for --seccomp-profile NAME
profile() {
	cat >"$BATS_TEST_TMPDIR/$1"
}

# assert_profile_error FILE WHAT: --seccomp-profile FILE makes bwrap fail
# before running the command, with one line naming the file and WHAT.
assert_profile_error() {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --seccomp-profile "$1" "${RAN_CMD[@]}"
	assert_bwrap_error --seccomp-profile || return
	assert_stderr_contains "bwrap: --seccomp-profile $1: $2" || return
	refute_ran
}

# bpf_deny FILE SYSCALL...: a seccomp program exported by libseccomp that
# makes SYSCALL... fail with EPERM and allows the rest
bpf_deny() {
	"$PY" - "$@" <<'EOF'
import errno
import sys

import seccomp

f = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
for name in sys.argv[2:]:
    f.add_rule(seccomp.ERRNO(errno.EPERM), name)
with open(sys.argv[1], "wb") as out:
    f.export_bpf(out)
EOF
}

# build_abi_helper: compile $BATS_TEST_TMPDIR/abi, which makes one system call
# through the i386 (int $0x80) or the x32 interface and prints the raw
# result:   abi i386|x32 NR [ARG...]   (up to 5 arguments)
build_abi_helper() {
	need_x86_64
	command -v cc >/dev/null || skip "no C compiler (cc) to build the i386/x32 helper"
	cc -O1 -o "$BATS_TEST_TMPDIR/abi" -x c - <<'EOF' || skip "cc cannot build a 64-bit helper"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int main(int argc, char **argv)
{
	long a[5] = { 0 }, r;

	if (argc < 3 || argc > 8)
		return 2;
	long nr = strtol(argv[2], NULL, 0);
	for (int i = 3; i < argc; i++)
		a[i - 3] = strtol(argv[i], NULL, 0);
	if (strcmp(argv[1], "i386") == 0) {
		/* eax = number; ebx, ecx, edx, esi, edi = arguments */
		__asm__ volatile("int $0x80"
				 : "=a"(r)
				 : "a"(nr), "b"(a[0]), "c"(a[1]), "d"(a[2]), "S"(a[3]), "D"(a[4])
				 : "memory");
		r = (int)r;
	} else {
		/* the x32 ABI: the syscall instruction, bit 30 set in the number */
		register long r10 __asm__("r10") = a[3];
		register long r8 __asm__("r8") = a[4];
		__asm__ volatile("syscall"
				 : "=a"(r)
				 : "a"(nr | 0x40000000L), "D"(a[0]), "S"(a[1]), "d"(a[2]), "r"(r10), "r"(r8)
				 : "rcx", "r11", "memory");
	}
	printf("%ld\n", r);
	return 0;
}
EOF
}

# limits_of: turn the /proc/PID/limits text in $output into NAME=SOFT:HARD
# lines ("Max open files=64:128")
limits_of() {
	printf '%s\n' "$output" | awk 'NR > 1 && length($0) > 26 {
		name = substr($0, 1, 26)
		sub(/ +$/, "", name)
		split(substr($0, 27), f, " ")
		print name "=" f[1] ":" f[2]
	}'
}

# status_last FILE: the members of the last line of a --json-status-fd
# file, as KEY=JSON-VALUE lines
status_last() {
	"$PY" - "$1" <<'EOF'
import json
import sys

lines = open(sys.argv[1], encoding="utf-8").read().splitlines()
if not lines:
    sys.exit("no status line")
obj = json.loads(lines[-1])
for k, v in obj.items():
    print("%s=%s" % (k, json.dumps(v)))
EOF
}

# now_ms: wall clock in milliseconds
now_ms() {
	local t=${EPOCHREALTIME/./}
	echo $((t / 1000))
}

# wait_pid_comm PID NAME: wait up to 30 s for process PID to run NAME
wait_pid_comm() {
	local i
	for ((i = 0; i < 600; i++)); do
		[[ $(cat "/proc/$1/comm" 2>/dev/null) == "$2" ]] && return 0
		sleep 0.05
	done
	echo "FAILED: process $1 does not run $2" >&2
	return 1
}

# hold_netns_userns: a process holding a new user namespace (the caller
# being root there) and a new network namespace owned by it; pid in $HOLDER
hold_netns_userns() {
	unshare -U -r -n sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_pid_comm "$HOLDER" sleep
}

# hold_netns: as root, a process holding a new network namespace only
hold_netns() {
	unshare -n sleep 300 </dev/null >/dev/null 2>&1 3>&- &
	HOLDER=$!
	BG_PIDS+=("$HOLDER")
	wait_pid_comm "$HOLDER" sleep
}

# interfaces FILE: the interface names of a /proc/net/dev text, sorted
interfaces() {
	awk -F: 'NR > 2 { gsub(/ /, "", $1); print $1 }' "$1" | LC_ALL=C sort | paste -sd' '
}

# landlock_abi: the Landlock ABI version of the kernel, or a negative number
landlock_abi() {
	"$PY" -c '
import ctypes
libc = ctypes.CDLL(None, use_errno=True)
libc.syscall.restype = ctypes.c_long
# landlock_create_ruleset(NULL, 0, LANDLOCK_CREATE_RULESET_VERSION)
print(libc.syscall(ctypes.c_long(444), None, ctypes.c_long(0), ctypes.c_long(1)))'
}

need_landlock_net() {
	fs_need_python
	local abi
	abi=$(landlock_abi)
	((abi >= 4)) || skip "Landlock ABI $abi: no network rules (needs 4, Linux 6.7)"
}

# A TCP listener on 127.0.0.1, on a port the kernel picks, that accepts
# (and closes) connections for argv[2] seconds at most (teardown kills it
# sooner); argv[1] is the test's marker. It prints its port.
LISTENER_PY='
import socket, sys, time
s = socket.socket()
s.bind(("127.0.0.1", 0))
s.listen(16)
s.settimeout(0.2)
print(s.getsockname()[1], flush=True)
end = time.monotonic() + float(sys.argv[2])
while time.monotonic() < end:
    try:
        c, _ = s.accept()
        c.close()
    except OSError:
        pass
'

# start_listener: start a listener; its port in $PORT
start_listener() {
	local f=$BATS_TEST_TMPDIR/port.$RANDOM$RANDOM
	"$PY" -c "$LISTENER_PY" "$MARK" 300 >"$f" </dev/null 2>/dev/null &
	BG_PIDS+=("$!")
	local i
	# the background job creates the file itself: it may not exist yet
	for ((i = 0; i < 600; i++)); do
		PORT=$(cat "$f" 2>/dev/null || true)
		[[ -n $PORT ]] && return 0
		sleep 0.05
	done
	echo "FAILED: the listener did not start" >&2
	return 1
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on (right now)
free_port() {
	"$PY" -c '
import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# Python for inside the sandbox: connect to each port in argv[1:] and print
# "PORT ok" or "PORT ERRNO-NAME".
CONNECT_PY='
import errno, socket, sys
for p in sys.argv[1:]:
    s = socket.socket()
    s.settimeout(20)
    try:
        s.connect(("127.0.0.1", int(p)))
        print(p, "ok")
    except OSError as e:
        print(p, errno.errorcode.get(e.errno, e))
    s.close()
'

# ... and bind to each port in argv[1:].
BIND_PY='
import errno, socket, sys
for p in sys.argv[1:]:
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        s.bind(("127.0.0.1", int(p)))
        print(p, "ok")
    except OSError as e:
        print(p, errno.errorcode.get(e.errno, e))
    s.close()
'

# ---- the default seccomp profile -------------------------------------------------

@test "default profile: mount, umount2, pivot_root, chroot, setns, ptrace, bpf, keyctl fail with EPERM" {
	fs_need_python
	need_x86_64
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$BLOCKED_EPERM_PY")"
	assert_success
	assert_output "mount EPERM
umount2 EPERM
pivot_root EPERM
chroot EPERM
setns EPERM
ptrace EPERM
bpf EPERM
keyctl EPERM"
	# without the profile, ptrace and keyctl go through (the rest lack
	# capabilities anyway, see the --cap-add test)
	run_bwrap "$PY" -c "$(py "$BLOCKED_EPERM_PY")"
	assert_success
	assert_output_contains "ptrace ok"
	refute_output_contains "keyctl EPERM"
}

@test "default profile: mount fails even with every capability, which mounts without it" {
	fs_need_python
	need_x86_64
	local code='show("mount", sc(165, b"none", b"/mnt", b"tmpfs", 0, 0))'
	run_bwrap --cap-add ALL --tmpfs /mnt "$PY" -c "$(py "$code")"
	assert_success
	assert_output "mount ok"
	run_bwrap --cap-add ALL --tmpfs /mnt --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "mount EPERM"
}

@test "default profile: unshare and clone with any namespace flag fail with EPERM; unshare(0) works" {
	fs_need_python
	need_x86_64
	local code='
flags = {"newns": 0x20000, "newcgroup": 0x02000000, "newuts": 0x04000000, "newipc": 0x08000000,
         "newuser": 0x10000000, "newpid": 0x20000000, "newnet": 0x40000000, "newtime": 0x80}
show("unshare-0", sc(272, 0))
for n, f in flags.items():
    show("unshare-" + n, sc(272, f))
# clone(flags | SIGCHLD, no new stack): if it ever succeeded, the child leaves at once
for n in ("newuser", "newnet", "newpid"):
    r = sc(56, flags[n] | 17, 0, 0, 0, 0)
    if r == 0:
        os._exit(0)
    if r > 0:
        os.waitpid(r, 0)
    show("clone-" + n, r)
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "unshare-0 ok
unshare-newns EPERM
unshare-newcgroup EPERM
unshare-newuts EPERM
unshare-newipc EPERM
unshare-newuser EPERM
unshare-newpid EPERM
unshare-newnet EPERM
unshare-newtime EPERM
clone-newuser EPERM
clone-newnet EPERM
clone-newpid EPERM"
	# without it, a user namespace can be made (as in the sandbox's own)
	run_bwrap "$PY" -c "$(py 'show("unshare-newuser", sc(272, 0x10000000))')"
	assert_success
	assert_output "unshare-newuser ok"
}

@test "default profile: personality allows only 0 and the query 0xffffffff" {
	fs_need_python
	need_x86_64
	local code='
print("query", sc(135, 0xffffffff))
print("default", sc(135, 0))
show("addr-no-randomize", sc(135, 0x0040000))
show("linux32", sc(135, 0x0008))
show("high-bits", sc(135, (1 << 32) | 0x0040000))
print("query", sc(135, 0xffffffff))
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "query 0
default 0
addr-no-randomize EPERM
linux32 EPERM
high-bits EPERM
query 0"
	run_bwrap "$PY" -c "$(py 'show("addr-no-randomize", sc(135, 0x0040000)); print(sc(135, 0xffffffff))')"
	assert_success
	assert_output "addr-no-randomize ok
262144"
}

@test "default profile: ioctl TIOCSTI and TIOCLINUX fail with EPERM, whatever the high bits; others pass" {
	fs_need_python
	need_x86_64
	local code='
fd = os.open("/dev/null", os.O_RDWR)
c = ctypes.c_char(b"x")
show("TIOCSTI", sc(16, fd, 0x5412, ctypes.addressof(c)))
show("TIOCSTI-high", sc(16, fd, (1 << 32) | 0x5412, ctypes.addressof(c)))
show("TIOCLINUX", sc(16, fd, 0x541C, ctypes.addressof(c)))
show("TIOCLINUX-high", sc(16, fd, (0xdead << 32) | 0x541C, ctypes.addressof(c)))
show("TIOCGWINSZ", sc(16, fd, 0x5413, ctypes.addressof(ctypes.create_string_buffer(8))))
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "TIOCSTI EPERM
TIOCSTI-high EPERM
TIOCLINUX EPERM
TIOCLINUX-high EPERM
TIOCGWINSZ ENOTTY"
}

@test "default profile: clone3 and the new mount API fail with ENOSYS" {
	fs_need_python
	need_x86_64
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$BLOCKED_ENOSYS_PY")"
	assert_success
	assert_output "clone3 ENOSYS
open_tree ENOSYS
move_mount ENOSYS
fsopen ENOSYS
fsconfig ENOSYS
fsmount ENOSYS
fspick ENOSYS
mount_setattr ENOSYS"
	# without the profile the kernel answers for itself
	run_bwrap "$PY" -c "$(py "$BLOCKED_ENOSYS_PY")"
	assert_success
	assert_output_contains "clone3 EINVAL"
	refute_output_contains "open_tree ENOSYS"
}

# io_uring does its work inside the kernel, out of a filter's sight: with
# the default profile it is not there at all (ENOSYS: callers fall back).
IO_URING_PY='
import mmap
params = ctypes.create_string_buffer(120)
r = sc(425, 4, ctypes.addressof(params))
show("io_uring_setup", r)
if r >= 0:
    os.close(r)
show("io_uring_enter", sc(426, -1, 0, 0, 0, 0, 0))
show("io_uring_register", sc(427, -1, 0, 0, 0))
'

@test "default profile: io_uring, which would reach sockets and files past the filter, is not there" {
	fs_need_python
	need_x86_64
	# the control, outside any sandbox: this kernel offers io_uring
	run "$PY" -c "$(py "$IO_URING_PY")"
	[[ ${lines[0]:-} == "io_uring_setup ok" ]] || skip "io_uring does not work on this machine, even outside a sandbox (${lines[0]:-$output})"
	# and inside one without the profile
	run_bwrap "$PY" -c "$(py "$IO_URING_PY")"
	assert_success
	assert_equal "${lines[0]}" "io_uring_setup ok" "io_uring without the profile"
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$IO_URING_PY")"
	assert_success
	assert_output $'io_uring_setup ENOSYS\nio_uring_enter ENOSYS\nio_uring_register ENOSYS'
}

@test "default profile: socketpair is held to the same socket families as socket" {
	fs_need_python
	need_x86_64
	local code='
fds = (ctypes.c_int * 2)()
for fam, typ in ((30, 5), (1, 1)):
    r = sc(53, fam, typ, 0, ctypes.addressof(fds))
    show("socketpair-%d" % fam, r)
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	# AF_TIPC (30) refused by the profile, AF_UNIX still works
	assert_output $'socketpair-30 EAFNOSUPPORT\nsocketpair-1 ok'
	# every family rule names both calls (whether or not this kernel has a
	# family other than AF_UNIX that makes socket pairs)
	run "$BWRAP" --print-seccomp-profile default
	assert_success
	run "$PY" -c 'import json, sys
rules = [r for r in json.loads(sys.stdin.read())["syscalls"] if r.get("errnoRet") == 97]
print(len(rules), sum(1 for r in rules if sorted(r["names"]) == ["socket", "socketpair"]))' <<<"$output"
	assert_success
	[[ $output =~ ^([0-9]+)\ ([0-9]+)$ && ${BASH_REMATCH[1]} -gt 30 &&
		${BASH_REMATCH[1]} == "${BASH_REMATCH[2]}" ]] ||
		flunk "expected every socket family rule to cover socketpair too"
}

@test "default profile: open_by_handle_at fails with EPERM" {
	fs_need_python
	need_x86_64
	run_bwrap --seccomp-profile default "$PY" -c "$(py 'show("open_by_handle_at", sc(304, -100, 0, 0))')"
	assert_success
	assert_output "open_by_handle_at EPERM"
}

@test "default profile: sockets other than AF_UNIX, AF_INET, AF_INET6, AF_NETLINK fail with EAFNOSUPPORT" {
	fs_need_python
	need_x86_64
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$SOCKETS_PY")"
	assert_success
	assert_output "socket-17 EAFNOSUPPORT
socket-31 EAFNOSUPPORT
socket-40 EAFNOSUPPORT
socket-1 ok
socket-2 ok
socket-10 ok
socket-16 ok"
	# without it, AF_PACKET is refused for want of CAP_NET_RAW instead
	run_bwrap "${BW_NOCAPS[@]}" "$PY" -c "$(py "$SOCKETS_PY")"
	assert_success
	assert_output_contains "socket-17 EPERM"
}

@test "default profile: a socket family with high bits set is no way around it" {
	fs_need_python
	need_x86_64
	# socket() takes an int: the kernel drops the high 32 bits of the register
	local code='
for fam in (17, 31, 40):
    r = sc(41, (1 << 32) | fam, 1 if fam != 17 else 3, 0)
    show("socket-hi-%d" % fam, r)
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "socket-hi-17 EAFNOSUPPORT
socket-hi-31 EAFNOSUPPORT
socket-hi-40 EAFNOSUPPORT"
}

@test "default profile: everyday work runs: fork, threads, sh, ls, networking sockets" {
	fs_need_python
	local code='
import socket, subprocess, threading
out = []
ts = [threading.Thread(target=out.append, args=(i,)) for i in range(4)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("threads", sorted(out))
pid = os.fork()
if pid == 0:
    os._exit(7)
print("fork", os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]))
print("subprocess", subprocess.run(["sh", "-c", "ls / >/dev/null && echo sh-ls"], capture_output=True, text=True).stdout.strip())
a, b = socket.socketpair()
a.send(b"x")
print("socketpair", b.recv(1))
s = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
print("inet6", s.family == socket.AF_INET6)
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$code")"
	assert_success
	assert_output "threads [0, 1, 2, 3]
fork 7
subprocess sh-ls
socketpair b'x'
inet6 True"
}

@test "default profile: the i386 ABI (int 0x80) is no way around it" {
	build_abi_helper
	local getpid
	# probed outside any sandbox: some machines have no working int 0x80
	getpid=$("$BATS_TEST_TMPDIR/abi" i386 20 2>/dev/null) || true
	[[ $getpid != -38 ]] || skip "kernel without IA32 emulation: int 0x80 gives ENOSYS"
	[[ $getpid =~ ^[0-9]+$ ]] || skip "int 0x80 does not work on this machine, even outside a sandbox (getpid: '$getpid')"
	# unshare(CLONE_NEWUSER), mount(0...), personality(ADDR_NO_RANDOMIZE),
	# socketcall(SYS_SOCKET, NULL), socket(AF_PACKET) and socket(AF_VSOCK)
	local script='for c in "310 0x10000000" "21" "136 0x0040000" "102 1 0" "359 17 3 0" "359 40 1 0"; do /abi i386 $c; done'
	run_bwrap --ro-bind "$BATS_TEST_TMPDIR/abi" /abi --seccomp-profile default sh -c "$script"
	assert_success
	assert_output "-1
-1
-1
-38
-97
-97"
	local blocked=$output
	# and without the profile, they do something else
	run_bwrap --ro-bind "$BATS_TEST_TMPDIR/abi" /abi sh -c "$script"
	assert_success
	[[ ${lines[2]} -ge 0 ]] || flunk "i386 personality should work without the profile"
	assert_equal "${lines[3]}" -14 "i386 socketcall(SYS_SOCKET, NULL) without the profile"
	assert_not_equal "$output" "$blocked"
}

@test "default profile: the x32 ABI is no way around it (EPERM or ENOSYS, never success)" {
	build_abi_helper
	local getpid
	# probed outside any sandbox: most kernels are built or booted without x32
	getpid=$("$BATS_TEST_TMPDIR/abi" x32 39 2>/dev/null) || true
	[[ $getpid != -38 ]] || skip "kernel without the x32 ABI: x32 system calls give ENOSYS outside a sandbox"
	[[ $getpid =~ ^[0-9]+$ ]] || skip "x32 system calls do not work on this machine, even outside a sandbox (getpid: '$getpid')"
	# unshare(CLONE_NEWUSER) and mount(NULL...) with the x32 bit
	run_bwrap --ro-bind "$BATS_TEST_TMPDIR/abi" /abi --seccomp-profile default \
		sh -c '/abi x32 272 0x10000000; /abi x32 165'
	assert_success
	local r
	for r in "${lines[@]}"; do
		[[ $r == -1 || $r == -38 ]] || flunk "an x32 system call gave $r"
	done
	assert_equal "${#lines[@]}" 2 "result lines"
}

@test "--print-seccomp-profile default: OCI JSON for x86_64, i386 and x32" {
	fs_need_python
	need_x86_64
	run_bwrap_bare --print-seccomp-profile default
	assert_success
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/printed.json"
	run "$PY" - "$BATS_TEST_TMPDIR/printed.json" <<'EOF'
import json
import sys

p = json.load(open(sys.argv[1]))
assert p["defaultAction"] == "SCMP_ACT_ALLOW", p["defaultAction"]
for a in ("SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"):
    assert a in p["architectures"], (a, p["architectures"])
names = {n: r for r in p["syscalls"] for n in r["names"]}
for n in ("mount", "ptrace", "bpf", "clone3", "socket", "personality"):
    assert n in names, n
assert names["mount"]["action"] == "SCMP_ACT_ERRNO" and names["mount"]["errnoRet"] == 1
assert names["clone3"]["errnoRet"] == 38
print("ok")
EOF
	assert_success
	assert_output "ok"
}

@test "--print-seccomp-profile default, fed back as a file, blocks the same things" {
	fs_need_python
	need_x86_64
	"$BWRAP" --print-seccomp-profile default >printed.json
	local all="$BLOCKED_EPERM_PY$BLOCKED_ENOSYS_PY$SOCKETS_PY"'
show("unshare-newuser", sc(272, 0x10000000))
show("personality", sc(135, 0x0040000))
'
	run_bwrap --seccomp-profile default "$PY" -c "$(py "$all")"
	assert_success
	local want=$output
	assert_output_contains "mount EPERM"
	run_bwrap --seccomp-profile printed.json "$PY" -c "$(py "$all")"
	assert_success
	assert_output "$want"
	# and printing the file gives the same text again
	run_bwrap_bare --print-seccomp-profile printed.json
	assert_success
	assert_equal "$output" "$(cat printed.json)" "the file printed again"
}

@test "--print-seccomp-profile FILE prints a file's profile and runs nothing" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 } ] }
EOF
	run_bwrap_bare --print-seccomp-profile p.json
	assert_success
	assert_output_contains '"SCMP_ACT_ALLOW"'
	assert_output_contains '"mkdir"'
	assert_output_contains '"errnoRet": 13'
	echo '{ "syscalls": [] }' >bad.json
	run_bwrap_bare --print-seccomp-profile bad.json
	assert_bwrap_error defaultAction bad.json
}

# ---- seccomp profile files -------------------------------------------------------

@test "profile file: a denied mkdir fails with its errnoRet; the rest works" {
	profile p.json <<'EOF'
{
  "defaultAction": "SCMP_ACT_ALLOW",
  "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_X86", "SCMP_ARCH_X32"],
  "syscalls": [
    { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 }
  ]
}
EOF
	run_bwrap --tmpfs /tmp --seccomp-profile p.json sh -c 'touch /tmp/f && echo touched; mkdir /tmp/d'
	assert_failure
	assert_output "touched"
	assert_stderr_contains "Permission denied"
	run_bwrap --tmpfs /tmp sh -c 'touch /tmp/f && echo touched; mkdir /tmp/d'
	assert_success
}

@test "profile file: default-deny with a too small allow-list makes the command fail" {
	ran_setup
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ERRNO",
  "syscalls": [ { "names": ["execve", "exit_group"], "action": "SCMP_ACT_ALLOW" } ] }
EOF
	run_bwrap "${RAN_OPTS[@]}" --seccomp-profile p.json "${RAN_CMD[@]}"
	assert_failure
	refute_ran
}

@test "profile file: default-deny with defaultErrnoRet and an allow-list of everything but mkdir" {
	need_seccomp
	need_x86_64
	"$PY" - >p.json <<'EOF'
import json

import seccomp

names = set()
for nr in range(1024):
    try:
        n = seccomp.resolve_syscall(seccomp.Arch.NATIVE, nr)
    except Exception:
        continue
    if n:
        names.add(n.decode())
names -= {"mkdir", "mkdirat"}
print(json.dumps({"defaultAction": "SCMP_ACT_ERRNO", "defaultErrnoRet": 95,
                  "syscalls": [{"names": sorted(names), "action": "SCMP_ACT_ALLOW"}]}))
EOF
	run_bwrap --tmpfs /tmp --seccomp-profile p.json sh -c 'touch /tmp/f && echo touched; mkdir /tmp/d'
	assert_failure
	assert_output "touched"
	assert_stderr_contains "Operation not supported"
}

@test "profile file: an argument rule denies socket(AF_INET6) only" {
	fs_need_python
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["socket"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13,
                  "args": [ { "index": 0, "value": 10, "valueTwo": 0, "op": "SCMP_CMP_EQ" } ] } ] }
EOF
	local code='
for fam in (10, 2, 1):
    r = sc(41, fam, 1, 0)
    show("socket-%d" % fam, r)
'
	run_bwrap --seccomp-profile p.json "$PY" -c "$(py "$code")"
	assert_success
	assert_output "socket-10 EACCES
socket-2 ok
socket-1 ok"
}

@test "profile file: SCMP_CMP_MASKED_EQ (value = mask, valueTwo = datum) denies creating files only" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [
    { "names": ["openat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30,
      "args": [ { "index": 2, "value": 64, "valueTwo": 64, "op": "SCMP_CMP_MASKED_EQ" } ] },
    { "names": ["open"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30,
      "args": [ { "index": 1, "value": 64, "valueTwo": 64, "op": "SCMP_CMP_MASKED_EQ" } ] }
  ] }
EOF
	# O_CREAT is 0100 (64): reading works, creating fails with EROFS
	run_bwrap --tmpfs /tmp --seccomp-profile p.json sh -c 'read -r x </proc/self/stat && echo read; echo x >/tmp/new'
	assert_failure
	assert_output "read"
	assert_stderr_contains "Read-only file system"
}

@test "profile file: unknown system call names are skipped with a warning, the rest applies" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["bwrap_no_such_call", "mkdir", "mkdirat"],
                  "action": "SCMP_ACT_ERRNO", "errnoRet": 13 } ] }
EOF
	run_bwrap --tmpfs /tmp --seccomp-profile p.json sh -c 'mkdir /tmp/d || echo refused'
	assert_success
	assert_output "refused"
	assert_stderr_contains "bwrap: --seccomp-profile p.json: unknown system call 'bwrap_no_such_call', skipped"
	[[ ${stderr_lines[0]} == bwrap:*"unknown system call 'bwrap_no_such_call', skipped" ]] ||
		flunk "the warning should be bwrap's first line"
}

@test "profile file: malformed JSON is an error naming the line and column" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["mkdir"] "action": "SCMP_ACT_ERRNO" } ] }
EOF
	assert_profile_error p.json "line 2, column"
	printf '{ "defaultAction": "SCMP_ACT_ALLOW", ' >p2.json
	assert_profile_error p2.json "line 1"
	: >p3.json
	assert_profile_error p3.json "line 1"
}

@test "profile file: text after the JSON object is an error" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [] }
{ "defaultAction": "SCMP_ACT_KILL" }
EOF
	assert_profile_error p.json "line 2"
}

@test "profile file: an unknown action is an error naming its place" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["getpid"], "action": "SCMP_ACT_ALLOW" },
                { "names": ["mkdir"], "action": "SCMP_ACT_PERHAPS" } ] }
EOF
	assert_profile_error p.json "syscalls[1].action"
	assert_stderr_contains "SCMP_ACT_PERHAPS"
	echo '{ "defaultAction": "ALLOW" }' >p2.json
	assert_profile_error p2.json "defaultAction"
}

@test "profile file: an unknown operator is an error naming its place" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["socket"], "action": "SCMP_ACT_ERRNO",
                  "args": [ { "index": 0, "value": 10, "op": "SCMP_CMP_EQ" },
                            { "index": 1, "value": 1, "op": "SCMP_CMP_ROUGHLY" } ] } ] }
EOF
	assert_profile_error p.json "syscalls[0].args[1].op"
	assert_stderr_contains "SCMP_CMP_ROUGHLY"
}

@test "profile file: fields of the wrong type are errors naming their place" {
	local spec body where
	for spec in \
		'"names": 42, "action": "SCMP_ACT_ERRNO"|syscalls[0].names' \
		'"names": ["mkdir", 3], "action": "SCMP_ACT_ERRNO"|syscalls[0].names[1]' \
		'"names": ["mkdir"], "action": 1|syscalls[0].action' \
		'"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": -1|syscalls[0].errnoRet' \
		'"names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errnoRet": "13"|syscalls[0].errnoRet' \
		'"names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": [ { "index": "0", "value": 10, "op": "SCMP_CMP_EQ" } ]|syscalls[0].args[0].index' \
		'"names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 0, "value": -10, "op": "SCMP_CMP_EQ" } ]|syscalls[0].args[0].value' \
		'"names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 6, "value": 10, "op": "SCMP_CMP_EQ" } ]|syscalls[0].args[0].index' \
		'"names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": { "index": 0 }|syscalls[0].args'; do
		body=${spec%|*}
		where=${spec##*|}
		printf '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { %s } ] }\n' "$body" >p.json
		assert_profile_error p.json "$where" || return
	done
	echo '{ "defaultAction": "SCMP_ACT_ALLOW", "syscalls": { } }' >p.json
	assert_profile_error p.json "syscalls"
	echo '[ { "defaultAction": "SCMP_ACT_ALLOW" } ]' >p.json
	assert_profile_error p.json "the top level"
}

@test "profile file: a missing defaultAction is an error" {
	profile p.json <<'EOF'
{ "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO" } ] }
EOF
	assert_profile_error p.json 'the top level: no "defaultAction"'
}

@test "profile file: an unknown architecture is an error" {
	profile p.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64", "SCMP_ARCH_PDP11"] }
EOF
	assert_profile_error p.json "architectures[1]"
	assert_stderr_contains "SCMP_ARCH_PDP11"
}

@test "profile file: a file that does not exist is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --seccomp-profile does-not-exist.json "${RAN_CMD[@]}"
	assert_bwrap_error does-not-exist.json
	assert_stderr_contains "No such file or directory"
	refute_ran
}

# ---- conditional rules: includes and excludes ------------------------------------

# Probes for the conditional rules of tests/profiles/docker-shape.json, named
# on the command line (x86_64 numbers). Each one, when allowed, succeeds or
# fails with an errno of its own, never EPERM, the profile's default errno.
PROBES_PY='
pid = os.getpid()
probes = {
    "unshare": lambda: sc(272, 0),
    "setns": lambda: sc(308, -1, 0),
    "clone3": lambda: sc(435, 0, 0),
    "name_to_handle_at": lambda: sc(303, -100, b"/", 0, 0, 0),
    "getcpu": lambda: sc(309, 0, 0, 0),
    "arch_prctl": lambda: sc(158, 0x1003, 0),
    "modify_ldt": lambda: sc(154, 0, 0, 0),
    "process_vm_readv": lambda: sc(310, pid, 0, 0, 0, 0, 0),
    "kcmp": lambda: sc(312, pid, pid, 0, 0, 0),
    "vsock": lambda: sc(41, 40, 1, 0),
}
for name in sys.argv[1:]:
    show(name, probes[name]())
'

# probe PROFILE OPTION... -- PROBE...: run the probes in a sandbox with
# OPTION... and --seccomp-profile PROFILE (none when PROFILE is "-")
probe() {
	local prof=$1 opts=()
	shift
	while [[ $1 != -- ]]; do
		opts+=("$1")
		shift
	done
	shift
	[[ $prof == - ]] || opts+=(--seccomp-profile "$prof")
	run_bwrap "${opts[@]}" "$PY" -c "$(py "$PROBES_PY")" "$@"
}

docker_shape_setup() {
	need_x86_64
	fs_need_python
	cp "$TOP_SRCDIR/tests/profiles/docker-shape.json" docker.json
}

# one_rule_profile DEFAULT RULE: a profile of DEFAULT action with one rule
one_rule_profile() {
	printf '{ "defaultAction": "%s", "syscalls": [ %s ] }\n' "$1" "$2" >p.json
}

# mkdir_in_tmp OPTION...: mkdir in a tmpfs under p.json; "made" or "refused"
mkdir_in_tmp() {
	run_bwrap --tmpfs /tmp "$@" --seccomp-profile p.json \
		sh -c 'if mkdir /tmp/d 2>/dev/null; then echo made; else echo refused; fi'
}

@test "Docker-shaped profile: the CAP_SYS_ADMIN rules apply only when the command keeps CAP_SYS_ADMIN" {
	docker_shape_setup
	# the calls themselves work without capabilities: a refusal is the profile's
	probe - "${BW_NOCAPS[@]}" -- unshare setns clone3
	assert_success
	assert_output "unshare ok
setns EBADF
clone3 EINVAL"
	probe docker.json "${BW_NOCAPS[@]}" -- unshare setns clone3
	assert_success
	assert_output "unshare EPERM
setns EPERM
clone3 ENOSYS"
	probe docker.json "${BW_NOCAPS[@]}" --unshare-user --cap-add CAP_SYS_ADMIN -- unshare setns clone3
	assert_success
	assert_output "unshare ok
setns EBADF
clone3 EINVAL"
	# --cap-add ALL, then --cap-drop CAP_SYS_ADMIN: the rules go with it
	probe docker.json --unshare-user --cap-add ALL --cap-drop CAP_SYS_ADMIN -- unshare clone3
	assert_success
	assert_output "unshare EPERM
clone3 ENOSYS"
}

@test "Docker-shaped profile: root keeps its capabilities, and with them the CAP_SYS_ADMIN rules" {
	skip_unless_root
	docker_shape_setup
	probe docker.json -- unshare clone3
	assert_success
	assert_output "unshare ok
clone3 EINVAL"
}

@test "Docker-shaped profile: includes.caps needs every capability listed, excludes.caps any one" {
	docker_shape_setup
	local o=("${BW_NOCAPS[@]}" --unshare-user)
	probe docker.json "${o[@]}" --cap-add CAP_SYS_ADMIN -- name_to_handle_at
	assert_output "name_to_handle_at EPERM"
	probe docker.json "${o[@]}" --cap-add CAP_DAC_READ_SEARCH -- name_to_handle_at
	assert_output "name_to_handle_at EPERM"
	probe docker.json "${o[@]}" --cap-add CAP_SYS_ADMIN --cap-add CAP_DAC_READ_SEARCH -- name_to_handle_at
	assert_output "name_to_handle_at EFAULT"
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
	  "excludes": { "caps": ["CAP_SYS_ADMIN", "CAP_SYS_PTRACE"] } }'
	mkdir_in_tmp "${o[@]}"
	assert_output "refused"
	mkdir_in_tmp "${o[@]}" --cap-add CAP_SYS_PTRACE
	assert_output "made"
	mkdir_in_tmp "${o[@]}" --cap-add CAP_SYS_ADMIN
	assert_output "made"
}

@test "Docker-shaped profile: arches rules apply on their architectures only" {
	docker_shape_setup
	# arch_prctl for amd64 and x32, modify_ldt for amd64, x32 and x86
	probe docker.json "${BW_NOCAPS[@]}" -- arch_prctl modify_ldt vsock
	assert_success
	assert_output "arch_prctl EFAULT
modify_ldt ok
vsock EPERM"
	local rule='{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", %s }'
	# shellcheck disable=SC2059
	one_rule_profile SCMP_ACT_ALLOW "$(printf "$rule" '"includes": { "arches": ["s390x", "arm64", "x86"] }')"
	mkdir_in_tmp
	assert_output "made"
	# the kernel's name for the architecture is Docker's
	# shellcheck disable=SC2059
	one_rule_profile SCMP_ACT_ALLOW "$(printf "$rule" '"includes": { "arches": ["x86_64"] }')"
	mkdir_in_tmp
	assert_output "refused"
	# shellcheck disable=SC2059
	one_rule_profile SCMP_ACT_ALLOW "$(printf "$rule" '"excludes": { "arches": ["ppc64le", "amd64"] }')"
	mkdir_in_tmp
	assert_output "made"
}

@test "Docker-shaped profile: minKernel rules apply from that kernel on" {
	docker_shape_setup
	# getcpu: allowed from 255.0, ENOSYS before; process_vm_readv allowed
	# from 4.8 on; kcmp for CAP_SYS_PTRACE only
	probe docker.json "${BW_NOCAPS[@]}" -- getcpu process_vm_readv kcmp
	assert_success
	assert_output "getcpu ENOSYS
process_vm_readv ok
kcmp EPERM"
	probe docker.json "${BW_NOCAPS[@]}" --unshare-user --cap-add CAP_SYS_PTRACE -- kcmp
	assert_output "kcmp ok"
	local major minor
	IFS=. read -r major minor _ < <(uname -r)
	minor=${minor%%[!0-9]*}
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
	  "includes": { "minKernel": "'"$major.$minor"'" } }'
	mkdir_in_tmp
	assert_output "refused"
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
	  "includes": { "minKernel": "'"$major.$((minor + 1))"'" } }'
	mkdir_in_tmp
	assert_output "made"
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO",
	  "excludes": { "minKernel": "'"$major.$minor"'" } }'
	mkdir_in_tmp
	assert_output "made"
}

@test "Docker-shaped profile: printed, includes and excludes are kept, and it prints the same again" {
	docker_shape_setup
	run_bwrap_bare --print-seccomp-profile docker.json
	assert_success
	printf '%s\n' "$output" >printed.json
	local flat
	flat=$(tr -d ' \n' <<<"$output")
	[[ $flat == *'"includes":{"minKernel":"4.8"}'* &&
		$flat == *'"includes":{"caps":["CAP_DAC_READ_SEARCH","CAP_SYS_ADMIN"]}'* &&
		$flat == *'"includes":{"arches":["amd64","x86","x32"]}'* &&
		$flat == *'"excludes":{"caps":["CAP_SYS_ADMIN"],"arches":["s390x","s390"]}'* ]] ||
		flunk "includes and excludes should be printed as read"
	run_bwrap_bare --print-seccomp-profile printed.json
	assert_success
	assert_equal "$output" "$(cat printed.json)" "the printed profile printed again"
	probe printed.json "${BW_NOCAPS[@]}" -- unshare clone3 getcpu
	assert_output "unshare EPERM
clone3 ENOSYS
getcpu ENOSYS"
}

@test "profile file: an unknown key is an error naming it and its place" {
	local spec body where
	for spec in \
		'"defaultAction": "SCMP_ACT_ALLOW", "defaultErrno": 1|defaultErrno: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "errno": 2 } ]|syscalls[0].errno: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": ["socket"], "action": "SCMP_ACT_ERRNO", "args": [ { "index": 0, "value": 10, "op": "SCMP_CMP_EQ", "mask": 1 } ] } ]|syscalls[0].args[0].mask: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": ["getpid"], "action": "SCMP_ACT_ALLOW" }, { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "includes": { "foo": [] } } ]|syscalls[1].includes.foo: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "syscalls": [ { "names": ["mkdir"], "action": "SCMP_ACT_ERRNO", "excludes": { "capabilities": ["CAP_SYS_ADMIN"] } } ]|syscalls[0].excludes.capabilities: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "archMap": [ { "architecture": "SCMP_ARCH_X86_64", "subArches": [] } ]|archMap[0].subArches: unknown key' \
		'"defaultAction": "SCMP_ACT_ALLOW", "flags": ["SECCOMP_FILTER_FLAG_LOG"]|flags: not supported by bwrap' \
		'"defaultAction": "SCMP_ACT_ALLOW", "listenerPath": "/run/notify.sock"|listenerPath: not supported by bwrap'; do
		body=${spec%|*}
		where=${spec##*|}
		printf '{ %s }\n' "$body" >p.json
		assert_profile_error p.json "$where" || return
		if [[ $where == archMap* ]]; then
			assert_stderr_contains "(known here: architecture, subArchitectures)" || return
		fi
	done
}

# conflict_profile SPEC: p.json with two rules for unshare, from
# "ACTION-A|CONDITIONS-A|ERRNO-B|MORE-B": the first has ACTION-A, the second
# SCMP_ACT_ERRNO with errnoRet ERRNO-B; each then its conditions (or args)
conflict_profile() {
	local act ca errno cb
	IFS='|' read -r act ca errno cb <<<"$1"
	printf '{ "defaultAction": "SCMP_ACT_KILL", "syscalls": [
	  { "names": ["getpid", "unshare"], "action": "%s" %s },
	  { "names": ["unshare"], "action": "SCMP_ACT_ERRNO", "errnoRet": %s %s } ] }\n' \
		"$act" "$ca" "$errno" "$cb" >p.json
}

@test "profile file: a rule that conflicts with an earlier one is an error, unless their conditions exclude each other" {
	local spec
	# conditions that can hold together: an error
	for spec in 'SCMP_ACT_ALLOW||1|' \
		'SCMP_ACT_ALLOW||1|, "includes": { "caps": ["CAP_SYS_ADMIN"] }' \
		'SCMP_ACT_ALLOW||1|, "includes": { "minKernel": "4.0" }' \
		'SCMP_ACT_ALLOW|, "includes": { "caps": ["CAP_SYS_ADMIN"] }|1|, "excludes": { "caps": ["CAP_SYS_PTRACE"] }' \
		'SCMP_ACT_ALLOW|, "includes": { "arches": ["amd64", "arm64"] }|1|, "includes": { "arches": ["arm64"] }' \
		'SCMP_ACT_ALLOW|, "includes": { "minKernel": "4.8" }|1|, "excludes": { "minKernel": "5.0" }' \
		'SCMP_ACT_ERRNO|, "errnoRet": 13|1|, "includes": {}'; do
		conflict_profile "$spec"
		assert_profile_error p.json "syscalls[1]: 'unshare' conflicts with syscalls[0]" || return
	done
	assert_stderr_contains "SCMP_ACT_ERRNO with errno 13 there and SCMP_ACT_ERRNO with errno 1 here"
	# conditions that exclude each other, other arguments, the same action: no error
	for spec in 'SCMP_ACT_ALLOW|, "includes": { "caps": ["CAP_SYS_ADMIN"] }|38|, "excludes": { "caps": ["CAP_SYS_ADMIN"] }' \
		'SCMP_ACT_ALLOW|, "excludes": { "caps": ["CAP_SYS_ADMIN"] }|38|, "includes": { "caps": ["CAP_SYS_ADMIN", "CAP_BPF"] }' \
		'SCMP_ACT_ALLOW|, "includes": { "arches": ["s390x"] }|1|, "includes": { "arches": ["amd64", "x86"] }' \
		'SCMP_ACT_ALLOW|, "includes": { "arches": ["amd64"] }|1|, "excludes": { "arches": ["x86_64"] }' \
		'SCMP_ACT_ALLOW|, "includes": { "minKernel": "5.10" }|1|, "excludes": { "minKernel": "5.10" }' \
		'SCMP_ACT_ALLOW||1|, "args": [ { "index": 0, "value": 268435456, "valueTwo": 268435456, "op": "SCMP_CMP_MASKED_EQ" } ]' \
		'SCMP_ACT_ERRNO||1|'; do
		conflict_profile "$spec"
		run_bwrap_bare --print-seccomp-profile p.json
		assert_success || return
	done
}

@test "profile file: a malformed minKernel is an error naming its place" {
	local v
	for v in '"4"' '"4.8.1"' '"4.x"' '"256.0"' '"0.0"' '""' '" 4.8"' '"-4.8"' '4.8'; do
		one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
		  "includes": { "caps": [] }, "excludes": { "minKernel": '"$v"' } }'
		assert_profile_error p.json "syscalls[0].excludes.minKernel" || return
	done
	assert_stderr_contains "expected a string, found double"
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
	  "includes": { "minKernel": "4.08x" } }'
	assert_profile_error p.json "syscalls[0].includes.minKernel: '4.08x' is not a kernel version MAJOR.MINOR"
}

@test "profile file: an unknown architecture or capability in includes or excludes is an error" {
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
	  "includes": { "arches": ["amd64", "pdp11"] } }'
	assert_profile_error p.json "syscalls[0].includes.arches[1]: unknown architecture 'pdp11' (known: amd64, x86,"
	# Docker compares Go's names: an SCMP_ARCH_ constant never matches
	one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
	  "excludes": { "arches": ["SCMP_ARCH_X86_64"] } }'
	assert_profile_error p.json "syscalls[0].excludes.arches[0]: unknown architecture 'SCMP_ARCH_X86_64'"
	local c
	for c in CAP_FLY cap_sys_admin SYS_ADMIN ALL; do
		one_rule_profile SCMP_ACT_ALLOW '{ "names": ["mkdir"], "action": "SCMP_ACT_ERRNO",
		  "includes": { "caps": ["CAP_SYS_ADMIN", "'"$c"'"] } }'
		assert_profile_error p.json "syscalls[0].includes.caps[1]: unknown capability '$c'" || return
	done
	echo '{ "defaultAction": "SCMP_ACT_ALLOW", "archMap": [ { "architecture": "SCMP_ARCH_PDP11" } ] }' >p.json
	assert_profile_error p.json "archMap[0].architecture: unknown architecture 'SCMP_ARCH_PDP11'"
}

@test "profile file: name with names, or architectures with archMap, is an error" {
	one_rule_profile SCMP_ACT_ALLOW '{ "name": "mkdir", "names": ["mkdir"], "action": "SCMP_ACT_ERRNO" }'
	assert_profile_error p.json 'syscalls[0]: both "name" and "names"'
	echo '{ "defaultAction": "SCMP_ACT_ALLOW", "architectures": ["SCMP_ARCH_X86_64"],
	  "archMap": [ { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": null } ] }' >p.json
	assert_profile_error p.json 'archMap: "architectures" is given too'
}

@test "profile file: archMap gives the native architecture and its subArchitectures" {
	need_x86_64
	echo '{ "defaultAction": "SCMP_ACT_ALLOW", "archMap": [
	  { "architecture": "SCMP_ARCH_AARCH64", "subArchitectures": ["SCMP_ARCH_ARM"] },
	  { "architecture": "SCMP_ARCH_X86_64", "subArchitectures": ["SCMP_ARCH_X86", "SCMP_ARCH_X32"] },
	  { "architecture": "SCMP_ARCH_LOONGARCH64", "subArchitectures": null } ] }' >p.json
	run_bwrap_bare --print-seccomp-profile p.json
	assert_success
	[[ $(tr -d ' \n' <<<"$output") == *'"architectures":["SCMP_ARCH_X86_64","SCMP_ARCH_X86","SCMP_ARCH_X32"]'* ]] ||
		flunk "the architectures should be x86_64's entry"
}

@test "profiles stack with each other, with --add-seccomp-fd, --seccomp and the default profile" {
	need_seccomp
	need_x86_64
	bpf_deny no-symlink.bpf symlink symlinkat
	profile no-mkdir.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["mkdir", "mkdirat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 13 } ] }
EOF
	profile no-link.json <<'EOF'
{ "defaultAction": "SCMP_ACT_ALLOW",
  "syscalls": [ { "names": ["link", "linkat"], "action": "SCMP_ACT_ERRNO", "errnoRet": 30 } ] }
EOF
	local script='
touch /tmp/f && echo touch-ok
mkdir /tmp/d 2>&1 || :
ln -s f /tmp/s 2>&1 || :
ln /tmp/f /tmp/h 2>&1 || :
"$0" -c "$1"'
	local mount_py='show("mount", sc(165, b"none", b"/tmp", b"tmpfs", 0, 0))'
	run_bwrap --tmpfs /tmp --cap-add ALL --seccomp-profile no-mkdir.json --add-seccomp-fd 3 \
		--seccomp-profile default --seccomp-profile no-link.json \
		sh -c "$script" "$PY" "$(py "$mount_py")" 3<no-symlink.bpf
	assert_success
	assert_equal "${lines[0]}" "touch-ok"
	assert_output_contains "/tmp/d': Permission denied"
	assert_output_contains "/tmp/s': Operation not permitted"
	assert_output_contains "/tmp/h': Read-only file system"
	assert_equal "${lines[-1]}" "mount EPERM" "mount under the default profile"
	run_bwrap --tmpfs /tmp --cap-add ALL --seccomp 3 --seccomp-profile no-mkdir.json \
		sh -c "$script" "$PY" "$(py "$mount_py")" 3<no-symlink.bpf
	assert_success
	assert_output_contains "/tmp/d': Permission denied"
	assert_output_contains "/tmp/s': Operation not permitted"
	assert_equal "${lines[-1]}" "mount ok" "mount without the default profile"
}

# ---- --rlimit --------------------------------------------------------------------

@test "--rlimit: every name, SOFT:HARD, as /proc/self/limits shows it" {
	# memlock within the caller's hard limit, which before Linux 5.16 is
	# 64 KiB by default (an unprivileged caller cannot go above it)
	local ml=65536:131072 ml_hard
	ml_hard=$(ulimit -H -l)
	if ! is_root && [[ $ml_hard != unlimited ]] && ((ml_hard * 1024 < 131072)); then
		ml=$((ml_hard * 512)):$((ml_hard * 1024))
	fi
	run_bwrap --rlimit as=4000000000:8000000000 --rlimit core=0:1024 --rlimit cpu=100:200 \
		--rlimit data=3000000000:4000000000 --rlimit fsize=1048576:2097152 \
		--rlimit memlock="$ml" --rlimit nofile=64:128 --rlimit nproc=1000:2000 \
		--rlimit stack=4194304:8388608 cat /proc/self/limits
	assert_success
	local got
	got=$(limits_of)
	local want
	for want in "Max address space=4000000000:8000000000" "Max core file size=0:1024" \
		"Max cpu time=100:200" "Max data size=3000000000:4000000000" \
		"Max file size=1048576:2097152" "Max locked memory=$ml" \
		"Max open files=64:128" "Max processes=1000:2000" "Max stack size=4194304:8388608"; do
		[[ $'\n'$got$'\n' == *$'\n'"$want"$'\n'* ]] || flunk "expected '$want' in: $got" || return
	done
}

@test "--rlimit: a long value is read whole, never cut short" {
	local zeros
	zeros=$(printf '0%.0s' {1..80})
	run_bwrap --rlimit "nofile=100:${zeros}200" sh -c 'ulimit -Sn; ulimit -Hn'
	assert_success
	assert_output $'100\n200'
	run_bwrap --rlimit "nofile=${zeros}100:${zeros}99" true
	assert_bwrap_error --rlimit
	assert_stderr_contains "the soft limit is above the hard limit"
}

@test "--rlimit: one value sets both limits; unlimited is accepted" {
	[[ $(ulimit -Ht) == unlimited ]] || skip "the caller's hard cpu limit is not unlimited"
	run_bwrap --rlimit nofile=100 --rlimit cpu=30:unlimited --rlimit fsize=unlimited:unlimited \
		cat /proc/self/limits
	assert_success
	local got
	got=$(limits_of)
	[[ $got == *"Max open files=100:100"* ]] || flunk "nofile=100: $got"
	[[ $got == *"Max cpu time=30:unlimited"* ]] || flunk "cpu=30:unlimited: $got"
	[[ $got == *"Max file size=unlimited:unlimited"* ]] || flunk "fsize=unlimited:unlimited: $got"
}

@test "--rlimit nofile: opening more files fails with EMFILE" {
	fs_need_python
	local code='
import errno, os
n = 0
try:
    while n < 1000:
        os.open("/dev/null", os.O_RDONLY)
        n += 1
except OSError as e:
    print(errno.errorcode[e.errno], n)
'
	run_bwrap --rlimit nofile=10 "$PY" -c "$code"
	assert_success
	[[ $output =~ ^EMFILE\ [0-9]+$ ]] || flunk "expected EMFILE"
	((${output#EMFILE } < 10)) || flunk "opened too many files"
	run_bwrap "$PY" -c "$code"
	refute_output_contains "EMFILE"
}

@test "--rlimit fsize: writing past the limit fails with File too large / SIGXFSZ" {
	run_bwrap --tmpfs /tmp --rlimit fsize=4096 sh -c '
		head -c 8192 /dev/zero >/tmp/a; echo "killed $?"
		(trap "" XFSZ; head -c 8192 /dev/zero >/tmp/b)
		wc -c </tmp/b'
	assert_success
	assert_output "killed 153
4096"
	assert_stderr_contains "File too large"
}

@test "--rlimit cpu: a busy loop is stopped after about the limit's CPU time" {
	# CPU time, not wall time, is what the limit counts and what is bounded
	# here: on a busy machine one second of CPU takes several seconds.
	local t0 c0
	t0=$(now_ms)
	cpu_mark
	c0=$CPU_MS
	run --separate-stderr timeout -s KILL 120 "$BWRAP" "${BW_ROOT[@]}" --rlimit cpu=1 \
		sh -c 'while :; do :; done'
	cpu_mark
	(($(now_ms) - t0 < 115000)) || flunk "the outer timeout (120 s) killed it"
	[[ $status == 152 || $status == 137 ]] || flunk "expected death by SIGXCPU (152) or SIGKILL (137), got $status"
	((CPU_MS - c0 >= 500 && CPU_MS - c0 < 4000)) ||
		flunk "the sandbox used $((CPU_MS - c0)) ms of CPU for a 1 s limit"
}

@test "--rlimit: bad limits are errors" {
	ran_setup
	local a
	for a in foo=1 NOFILE=5 nofile=10:5 nofile=abc nofile nofile= =5 nofile=-1 nofile=1:2:3 \
		nofile=:5 nofile=5: nofile=0x10 nofile=1.5 nofile=99999999999999999999999; do
		run_bwrap "${RAN_OPTS[@]}" --rlimit "$a" "${RAN_CMD[@]}"
		assert_bwrap_error --rlimit || return
		assert_stderr_contains "bwrap: --rlimit" || return
		refute_ran || return
	done
}

@test "--rlimit: a hard limit above the caller's is an error, never silently lowered" {
	ran_setup
	local hard
	hard=$(ulimit -Hn)
	[[ $hard != unlimited ]] || skip "the caller's hard nofile limit is unlimited"
	local over=$((hard + 1))
	run_bwrap "${RAN_OPTS[@]}" --rlimit "nofile=$over" sh -c 'ulimit -Hn; touch /out/ran'
	if is_root && [[ $status == 0 ]]; then
		# a privileged caller may raise it, but then exactly as asked
		assert_output "$over"
		return
	fi
	assert_bwrap_error --rlimit
	assert_stderr_contains "bwrap: --rlimit nofile=$over"
	is_root || assert_stderr_contains "above the caller's hard limit of $hard"
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --rlimit "nofile=1:$over" "${RAN_CMD[@]}"
	assert_bwrap_error --rlimit
	refute_ran
}

@test "--rlimit: the limits apply to the command, not to bwrap setting up the sandbox" {
	head -c 65536 /dev/zero >data
	local many=() i
	for ((i = 0; i < 40; i++)); do
		many+=(--dir "/d/$i" --ro-bind-try /usr "/d/$i/usr")
	done
	run_bwrap --rlimit nofile=5 --rlimit fsize=0 --tmpfs /d "${many[@]}" --file 3 /data \
		sh -c 'ulimit -n; ulimit -f; wc -c /data; test -x /d/39/usr/bin/sh && echo bound' 3<data
	assert_success
	assert_output "5
0
65536 /data
bound"
}

@test "--rlimit with --unshare-all: the command has the limits, the pid-1 reaper does not" {
	run_bwrap --unshare-all --rlimit nofile=40:50 sh -c 'cat /proc/1/limits; echo ====; cat /proc/self/limits'
	assert_success
	local reaper=${output%%====*} mine=${output#*====}
	output=$mine
	[[ $(limits_of) == *"Max open files=40:50"* ]] || flunk "the command's nofile"
	output=$reaper
	[[ $(limits_of) != *"Max open files=40:50"* ]] || flunk "the reaper should keep bwrap's limits"
}

# ---- --time-limit ----------------------------------------------------------------

@test "--time-limit with --unshare-pid: every process is killed, exit 124, status says so" {
	local t0 t1
	t0=$(now_ms)
	# not through 'run': processes left behind would hold its pipe open
	status=0
	"$BWRAP" "${BW_ROOT[@]}" --unshare-pid --time-limit 0.5 --json-status-fd 3 \
		bash -c 'exec -a "$0" sleep 30 & exec -a "$0" sleep 30' "$MARK" \
		</dev/null >out 2>err 3>status || status=$?
	t1=$(now_ms)
	output=$(cat out) stderr=$(cat err)
	assert_status 124
	# the command would sleep 30 s: a generous bound holds on a busy machine
	((t1 - t0 >= 450 && t1 - t0 < 15000)) || flunk "took $((t1 - t0)) ms for a 0.5 s limit"
	wait_marker_gone || flunk "processes of the sandbox outlived the time limit: $(marker_pids | paste -sd' ')"
	run status_last status
	assert_success
	assert_output 'exit-code=124
time-limit-exceeded=true'
}

@test "--time-limit: a command that ignores SIGTERM is killed 2 s later" {
	local t0 t1
	t0=$(now_ms)
	run_bwrap --unshare-pid --time-limit 0.2 --json-status-fd 3 \
		bash -c 'trap "" TERM; while :; do sleep 0.05; done' "$MARK" 3>status
	t1=$(now_ms)
	assert_status 124
	((t1 - t0 >= 2150 && t1 - t0 < 15000)) || flunk "took $((t1 - t0)) ms, expected 0.2 s + 2 s"
	run status_last status
	assert_output_contains 'time-limit-exceeded=true'
}

@test "--time-limit: a command that ends in time gives its own status" {
	run_bwrap --time-limit 5 --json-status-fd 3 sh -c 'echo done; exit 7' 3>status
	assert_status 7
	assert_output "done"
	run status_last status
	assert_success
	assert_output 'exit-code=7'
}

@test "--time-limit accepts decimals: 0.3 s" {
	local t0 t1
	t0=$(now_ms)
	run_bwrap --time-limit 0.3 sleep 30
	t1=$(now_ms)
	assert_status 124
	((t1 - t0 >= 280 && t1 - t0 < 15000)) || flunk "took $((t1 - t0)) ms for a 0.3 s limit (the command sleeps 30 s)"
}

@test "--time-limit: what the command leaves behind dies at the limit too" {
	local t0 t1
	t0=$(now_ms)
	status=0
	"$BWRAP" "${BW_ROOT[@]}" --time-limit 0.5 \
		bash -c 'exec -a "$0" sleep 30 & exit 3' "$MARK" </dev/null >out 2>err || status=$?
	output=$(cat out) stderr=$(cat err)
	# bwrap returns with the command, as bubblewrap does...
	assert_status 3
	# ...and the sleep it left is killed when the limit is up, not 30 s later
	local i
	for ((i = 0; i < 600; i++)); do
		[[ -z $(marker_pids) ]] && break
		sleep 0.05
	done
	t1=$(now_ms)
	[[ -z $(marker_pids) ]] || flunk "the background process outlived the limit"
	((t1 - t0 >= 400)) || flunk "killed after $((t1 - t0)) ms, before the 0.5 s limit"
}

@test "--time-limit: the command cannot stop what keeps the limit" {
	status=0
	# SIGSTOP to its parent (the sandbox's pid 1, out of its reach), then to
	# every process it may signal; the limit still ends it
	timeout 20 "$BWRAP" "${BW_ROOT[@]}" --time-limit 0.5 --json-status-fd 3 \
		sh -c 'kill -STOP $PPID; kill -STOP -1; exec sleep 30' "$MARK" \
		</dev/null >out 2>err 3>status || status=$?
	output=$(cat out) stderr=$(cat err)
	assert_status 124
	run status_last status
	assert_output_contains 'time-limit-exceeded=true'
}

@test "--time-limit implies a pid namespace of its own; --as-pid-1 is refused" {
	run_bwrap --time-limit 5 sh -c 'echo $$; readlink /proc/self/ns/pid'
	assert_success
	assert_equal "${lines[0]}" 2 "the command is pid 2, under the pid 1 that keeps the limit"
	assert_not_equal "${lines[1]}" "$(host_ns pid)" "the pid namespace"
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --unshare-pid --as-pid-1 --time-limit 5 "${RAN_CMD[@]}"
	assert_bwrap_error --time-limit
	assert_stderr_contains "--as-pid-1"
	[[ ! -e $BATS_TEST_TMPDIR/ran ]] || flunk "the command ran"
}

@test "--time-limit: bad values are errors" {
	ran_setup
	local a
	for a in 0 0.000 -1 abc '' 1.2345 1e3 ' 1' 0x10; do
		run_bwrap "${RAN_OPTS[@]}" --time-limit "$a" "${RAN_CMD[@]}"
		assert_bwrap_error --time-limit || return
		refute_ran || return
	done
}

# ---- --netns ---------------------------------------------------------------------

@test "--netns with --userns: the command is in that network namespace and sees its interfaces" {
	hold_netns_userns
	run_bwrap --userns 5 --netns 6 sh -c 'readlink /proc/self/ns/net; cat /proc/net/dev' \
		5<"/proc/$HOLDER/ns/user" 6<"/proc/$HOLDER/ns/net"
	assert_success
	assert_equal "${lines[0]}" "$(readlink "/proc/$HOLDER/ns/net")" "the network namespace"
	assert_not_equal "${lines[0]}" "$(readlink /proc/self/ns/net)" "against the host's"
	printf '%s\n' "${lines[@]:1}" >inside
	assert_equal "$(interfaces inside)" "$(interfaces "/proc/$HOLDER/net/dev")" "the interfaces"
	if [[ $(interfaces /proc/self/net/dev) != lo ]]; then
		assert_not_equal "$(interfaces inside)" "$(interfaces /proc/self/net/dev)" "against the host's interfaces"
	fi
}

@test "--netns as root: joins a network namespace of the host's user namespace" {
	skip_unless_root
	hold_netns
	run_bwrap --netns 6 readlink /proc/self/ns/net 6<"/proc/$HOLDER/ns/net"
	assert_success
	assert_output "$(readlink "/proc/$HOLDER/ns/net")"
}

@test "--netns with --unshare-net or --unshare-all is an error" {
	ran_setup
	local opts
	for opts in "--unshare-net --netns 6" "--netns 6 --unshare-net" "--unshare-all --netns 6" \
		"--netns 6 --unshare-all" "--unshare-all --share-net --unshare-net --netns 6"; do
		# shellcheck disable=SC2086
		run_bwrap "${RAN_OPTS[@]}" $opts "${RAN_CMD[@]}" 6</proc/self/ns/net
		assert_bwrap_error --netns --unshare-net || return
		refute_ran || return
	done
}

@test "--netns: a descriptor that is not open or not a network namespace is an error" {
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --netns 77 "${RAN_CMD[@]}"
	assert_bwrap_error --netns
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --netns x "${RAN_CMD[@]}"
	assert_bwrap_error "Invalid fd: x"
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --netns 6 "${RAN_CMD[@]}" 6</dev/null
	assert_bwrap_error --netns
	refute_ran
	run_bwrap "${RAN_OPTS[@]}" --netns 6 "${RAN_CMD[@]}" 6</proc/self/ns/uts
	assert_bwrap_error --netns
	refute_ran
}

# ---- Landlock --allow-connect / --allow-bind -------------------------------------

@test "--allow-connect: the allowed port connects, another fails with EACCES; both without it" {
	need_landlock_net
	start_listener
	local p1=$PORT
	start_listener
	local p2=$PORT
	run_bwrap --allow-connect "$p1" "$PY" -c "$CONNECT_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 ok
$p2 EACCES"
	run_bwrap "$PY" -c "$CONNECT_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 ok
$p2 ok"
	run_bwrap --allow-connect "$p2" --allow-connect "$p1" "$PY" -c "$CONNECT_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 ok
$p2 ok"
}

@test "--allow-bind: the allowed port binds, another fails with EACCES; both without it" {
	need_landlock_net
	local p1 p2
	p1=$(free_port)
	p2=$(free_port)
	[[ $p1 != "$p2" ]] || p2=$((p1 == 65535 ? p1 - 1 : p1 + 1))
	run_bwrap --allow-bind "$p1" "$PY" -c "$BIND_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 ok
$p2 EACCES"
	run_bwrap "$PY" -c "$BIND_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 ok
$p2 ok"
}

@test "--allow-bind alone also restricts connecting, --allow-connect alone binding" {
	need_landlock_net
	start_listener
	local p1=$PORT p2
	p2=$(free_port)
	run_bwrap --allow-bind "$p2" "$PY" -c "$CONNECT_PY" "$p1"
	assert_success
	assert_output "$p1 EACCES"
	run_bwrap --allow-connect "$p1" "$PY" -c "$BIND_PY" "$p2"
	assert_success
	assert_output "$p2 EACCES"
}

# connect to argv[2] over MPTCP (IPPROTO_MPTCP, 262) on argv[1]'s family
MPTCP_PY='
import errno, socket, sys
try:
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)
    s.settimeout(20)
    s.connect(("127.0.0.1", int(sys.argv[1])))
    print("mptcp", sys.argv[1], "connected")
except OSError as e:
    print("mptcp", sys.argv[1], errno.errorcode.get(e.errno, e))
'

@test "port rules cover MPTCP: its sockets are not there, so nothing connects past the rules" {
	need_landlock_net
	"$PY" -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM, 262)' 2>/dev/null ||
		skip "this kernel has no MPTCP"
	start_listener
	local p1=$PORT
	# the control: without port rules, MPTCP connects
	run_bwrap "$PY" -c "$MPTCP_PY" "$p1"
	assert_success
	assert_output "mptcp $p1 connected"
	# with them, the socket cannot be made (callers fall back to TCP, which
	# Landlock sees): whether the port is allowed or not
	local opt
	for opt in "--allow-connect 9" "--allow-connect $p1" "--allow-bind 9"; do
		# shellcheck disable=SC2086
		run_bwrap $opt "$PY" -c "$MPTCP_PY" "$p1"
		assert_success
		assert_output "mptcp $p1 EPROTONOSUPPORT" || { echo "with $opt" >&2; return 1; }
	done
	# and plain TCP keeps to the rules
	run_bwrap --allow-connect 9 "$PY" -c "$CONNECT_PY" "$p1"
	assert_output "$p1 EACCES"
}

@test "--allow-connect / --allow-bind: bad ports are errors" {
	ran_setup
	local opt a
	for opt in --allow-connect --allow-bind; do
		for a in 65536 -1 abc '' 80x 0x50 ' 80' 1.5; do
			run_bwrap "${RAN_OPTS[@]}" "$opt" "$a" "${RAN_CMD[@]}"
			assert_bwrap_error "$opt" || return
			refute_ran || return
		done
	done
}

@test "--allow-connect on a kernel without Landlock network rules is an error, never ignored" {
	fs_need_python
	local abi
	abi=$(landlock_abi)
	((abi < 4)) || skip "this kernel has Landlock network rules (ABI $abi)"
	ran_setup
	run_bwrap "${RAN_OPTS[@]}" --allow-connect 80 "${RAN_CMD[@]}"
	assert_bwrap_error --allow-connect
	assert_stderr_contains "Landlock"
	refute_ran
}

# ---- composition -----------------------------------------------------------------

@test "--unshare-all --die-with-parent with the default profile, --rlimit and --time-limit in one run" {
	fs_need_python
	need_x86_64
	local code='
import resource, time
show("mount", sc(165, b"none", b"/", b"tmpfs", 0, 0))
show("unshare-newuser", sc(272, 0x10000000))
show("socket-40", sc(41, 40, 1, 0))
print("nofile", *resource.getrlimit(resource.RLIMIT_NOFILE), flush=True)
time.sleep(30)
print("not killed")
'
	local t0 t1
	t0=$(now_ms)
	run_bwrap --unshare-all --die-with-parent --seccomp-profile default --rlimit nofile=32:64 \
		--time-limit 0.6 --json-status-fd 3 "$PY" -c "$(py "$code")" "$MARK" 3>status
	t1=$(now_ms)
	assert_status 124
	assert_output "mount EPERM
unshare-newuser EPERM
socket-40 EAFNOSUPPORT
nofile 32 64"
	((t1 - t0 < 15000)) || flunk "took $((t1 - t0)) ms for a 0.6 s limit (the command sleeps 30 s)"
	run status_last status
	assert_output_contains 'time-limit-exceeded=true'
}

@test "--unshare-all --die-with-parent --time-limit: background processes die too" {
	status=0
	"$BWRAP" "${BW_ROOT[@]}" --unshare-all --die-with-parent --time-limit 0.4 \
		bash -c 'exec -a "$0" sleep 30 & exec -a "$0" sleep 30' "$MARK" \
		</dev/null >out 2>err || status=$?
	# shellcheck disable=SC2034 # shown by flunk
	output=$(cat out) stderr=$(cat err)
	assert_status 124
	wait_marker_gone || flunk "processes outlived the time limit"
}

@test "--unshare-all --share-net --die-with-parent with Landlock and the default profile" {
	need_landlock_net
	start_listener
	local p1=$PORT
	start_listener
	local p2=$PORT
	run_bwrap --unshare-all --share-net --die-with-parent --seccomp-profile default \
		--allow-connect "$p2" "$PY" -c "$CONNECT_PY" "$p1" "$p2"
	assert_success
	assert_output "$p1 EACCES
$p2 ok"
}

@test "--unshare-all without --share-net with Landlock: the rules apply in the new network namespace" {
	need_landlock_net
	local code='
import errno, socket
srv = socket.socket()
srv.bind(("127.0.0.1", 40123))
srv.listen(1)
c = socket.socket()
try:
    c.connect(("127.0.0.1", 40123))
    print("connect ok")
except OSError as e:
    print("connect", errno.errorcode[e.errno])
b = socket.socket()
try:
    b.bind(("127.0.0.1", 40124))
    print("bind ok")
except OSError as e:
    print("bind", errno.errorcode[e.errno])
'
	run_bwrap --unshare-all --die-with-parent --allow-bind 40123 --allow-connect 40123 "$PY" -c "$code"
	assert_success
	assert_output "connect ok
bind EACCES"
}

@test "--netns with the other namespaces, --die-with-parent, the default profile and --rlimit" {
	fs_need_python
	need_x86_64
	hold_netns_userns
	local code='
import resource
print(os.readlink("/proc/self/ns/net"))
show("setns", sc(308, os.open("/proc/self/ns/net", os.O_RDONLY), 0))
print("nofile", *resource.getrlimit(resource.RLIMIT_NOFILE))
'
	run_bwrap --userns 5 --netns 6 --unshare-pid --unshare-ipc --unshare-uts --unshare-cgroup-try \
		--die-with-parent --seccomp-profile default --rlimit nofile=30 \
		"$PY" -c "$(py "$code")" 5<"/proc/$HOLDER/ns/user" 6<"/proc/$HOLDER/ns/net"
	assert_success
	assert_output "$(readlink "/proc/$HOLDER/ns/net")
setns EPERM
nofile 30 30"
}

@test "--netns with --unshare-all --share-net, as root: joins the namespace" {
	skip_unless_root "as a user, --unshare-all makes a user namespace that cannot enter another's network namespace"
	hold_netns
	run_bwrap --unshare-all --share-net --die-with-parent --netns 6 readlink /proc/self/ns/net \
		6<"/proc/$HOLDER/ns/net"
	assert_success
	assert_output "$(readlink "/proc/$HOLDER/ns/net")"
}
