#!/usr/bin/env bats
# launcher.bats - bwrap driven the way an application launcher such as
# Flatpak drives it: every argument in a memfd (--args), /usr from an open
# descriptor, passwd and group from data, a seccomp program built by the
# launcher, and the sandbox followed through --info-fd, --json-status-fd
# and --sync-fd.

load lib
load fs-lib

PY=$FS_PYTHON

need_seccomp() {
	fs_need_python
	if ! "$PY" -c 'import seccomp' 2>/dev/null; then
		echo "FAILED: python3-seccomp is needed (Debian: apt-get install python3-seccomp)" >&2
		return 1
	fi
}

# write_launcher: the launcher, in $BATS_TEST_TMPDIR/launch.py.
#
#   launch.py MODE BWRAP MARK [EXTRA-OPTION...]
#
# MODE "run": start the sandbox, check it while its command waits for a go
# on stdin, release it, follow it to its end. "fail": the same with a
# --ro-bind of a missing path, so that the setup fails. "orphan": start
# bwrap from an intermediate process and kill that process once the
# sandbox runs (--die-with-parent).
# Prints one "what: result" line per observation.
write_launcher() {
	cat >"$BATS_TEST_TMPDIR/launch.py" <<'EOF'
import errno
import json
import os
import select
import signal
import subprocess
import sys
import termios
import time

import seccomp

mode, bwrap, mark = sys.argv[1:4]
extra = sys.argv[4:]


def memfd(name, data):
    fd = os.memfd_create(name, 0)     # inheritable: bwrap gets it
    os.write(fd, data)
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def report(what, value):
    print("%s: %s" % (what, value), flush=True)


def read_until_eof(fd, timeout):
    data = b""
    deadline = time.monotonic() + timeout
    while True:
        left = deadline - time.monotonic()
        ready, _, _ = select.select([fd], [], [], max(0, left))
        if not ready:
            return data, False
        chunk = os.read(fd, 4096)
        if not chunk:
            return data, True
        data += chunk


def read_line(fd, timeout):
    line = b""
    deadline = time.monotonic() + timeout
    while not line.endswith(b"\n"):
        ready, _, _ = select.select([fd], [], [], max(0, deadline - time.monotonic()))
        if not ready:
            break
        c = os.read(fd, 1)
        if not c:
            break
        line += c
    return line


def ended(pid, timeout=30):
    # With a PID namespace, bwrap returns as soon as the command has ended;
    # its pid 1 follows a moment later, and may stay a zombie until the
    # host's init reaps it.
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with open("/proc/%d/stat" % pid) as f:
                if f.read().rsplit(")", 1)[1].split()[0] == "Z":
                    return True
        except OSError:
            return True
        time.sleep(0.05)
    return False


def eof_within(fd, timeout):
    ready, _, _ = select.select([fd], [], [], timeout)
    return bool(ready) and os.read(fd, 1) == b""


# The timeouts above end a hung run; every wait returns as soon as what it
# waits for happens, so they are generous (a busy machine is slow).

# The seccomp program: no unshare(2), no TIOCSTI.
flt = seccomp.SyscallFilter(defaction=seccomp.ALLOW)
flt.add_rule(seccomp.ERRNO(errno.EPERM), "unshare")
flt.add_rule(seccomp.ERRNO(errno.EPERM), "ioctl",
             seccomp.Arg(1, seccomp.MASKED_EQ, 0xffffffff, termios.TIOCSTI))
seccomp_fd = os.memfd_create("seccomp", 0)
with open(seccomp_fd, "wb", closefd=False) as f:
    flt.export_bpf(f)
os.lseek(seccomp_fd, 0, os.SEEK_SET)

usr_fd = os.open("/usr", os.O_PATH | os.O_DIRECTORY)
passwd_fd = memfd("passwd", b"launcher:x:4242:4242:Launcher Test:/home/launcher:/bin/sh\n")
group_fd = memfd("group", b"launchers:x:4242:\n")
info_r, info_w = os.pipe()
status_r, status_w = os.pipe()
sync_r, sync_w = os.pipe()
stdin_r, stdin_w = os.pipe()

script = r'''
read go || exit 99
echo "go: $go"
echo "user: $(id -un) $(id -u) $(id -gn)"
getent passwd launcher
echo "passwd mode: $(stat -c %a /etc/passwd)"
touch /usr/launcher-test 2>&1
unshare -U true 2>&1
unshare -n true 2>&1
python3 -c "
import errno, fcntl, termios
try:
    fcntl.ioctl(1, termios.TIOCSTI, b'x')
except OSError as e:
    print('TIOCSTI:', errno.errorcode[e.errno])
"
echo "pid: $$"
exit 7
'''

args = [
    "--unshare-all", "--share-net", "--die-with-parent", "--disable-userns",
    "--ro-bind-fd", str(usr_fd), "/usr",
    "--symlink", "usr/bin", "/bin",
    "--symlink", "usr/sbin", "/sbin",
    "--symlink", "usr/lib", "/lib",
    "--symlink", "usr/lib64", "/lib64",
    "--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp",
    "--perms", "0644", "--ro-bind-data", str(passwd_fd), "/etc/passwd",
    "--perms", "0644", "--ro-bind-data", str(group_fd), "/etc/group",
    "--uid", "4242", "--gid", "4242",
    "--dir", "/home/launcher", "--setenv", "HOME", "/home/launcher", "--chdir", "/home/launcher",
    "--seccomp", str(seccomp_fd),
    "--info-fd", str(info_w), "--json-status-fd", str(status_w), "--sync-fd", str(sync_w),
] + extra
if mode == "fail":
    args += ["--ro-bind", "/nonexistent-launcher-source", "/opt"]
args += ["sh", "-c", script, mark]
args_fd = memfd("args", b"".join(a.encode() + b"\0" for a in args))

given = (args_fd, usr_fd, passwd_fd, group_fd, seccomp_fd, info_w, status_w, sync_w)
cmd = [bwrap, "--args", str(args_fd)]
if mode == "orphan":
    # bwrap's parent is this shell, which gets killed below
    cmd = ["sh", "-c", '"$@"; echo "the shell survived"', "sh"] + cmd
p = subprocess.Popen(cmd, pass_fds=given, stdin=stdin_r,
                     stdout=subprocess.PIPE, stderr=subprocess.PIPE)
for fd in given + (stdin_r,):
    os.close(fd)

if mode == "orphan":
    # the intermediate shell holds a copy of every descriptor: the info
    # fd cannot reach end of file, read the object only
    info_data = b""
    while not info_data.endswith(b"}\n"):
        line = read_line(info_r, 30)
        if not line:
            break
        info_data += line
else:
    # --info-fd: the whole object, up to end of file
    info_data, info_eof = read_until_eof(info_r, 30)
    report("info eof", info_eof)
try:
    info = json.loads(info_data)
except ValueError:
    info = {}
report("info members", ",".join(info))
pid = info.get("child-pid", 0)

# --json-status-fd: the first line
try:
    first = json.loads(read_line(status_r, 30))
except ValueError:
    first = {}
report("status first line is the info", first == info and bool(info))

if mode == "fail":
    out, err = p.communicate(timeout=60)
    report("bwrap status", p.returncode)
    report("bwrap stderr", err.decode().strip())
    report("command output", repr(out.decode()))
    report("status rest", repr(read_until_eof(status_r, 30)[0].decode()))
    report("sync eof", eof_within(sync_r, 30))
    sys.exit(0)

# child-pid is a real process: bwrap's child, pid 1 of the new namespace
try:
    with open("/proc/%d/status" % pid) as f:
        fields = dict(line.split(":", 1) for line in f if ":" in line)
    bwrap_pid = p.pid
    if mode == "orphan":
        bwrap_pid = int(subprocess.check_output(["pgrep", "-P", str(p.pid)]).split()[0])
    report("child-pid's parent is bwrap", int(fields["PPid"]) == bwrap_pid)
    report("child-pid is pid 1 inside", fields["NSpid"].split()[-1] == "1")
except (OSError, KeyError, subprocess.CalledProcessError) as e:
    report("child-pid", "not a live process (%s)" % e)

report("sync eof while running", eof_within(sync_r, 0.3))

if mode == "orphan":
    os.kill(p.pid, signal.SIGKILL)
    p.wait()
    report("sync eof after the parent died", eof_within(sync_r, 30))
    report("child-pid gone", ended(pid))
    report("status rest", repr(read_until_eof(status_r, 30)[0].decode()))
    sys.exit(0)

try:
    os.write(stdin_w, b"now\n")
except BrokenPipeError:
    report("command", "gone before the go")
os.close(stdin_w)
out, err = p.communicate(timeout=60)
for line in out.decode().splitlines():
    report("command", line)
report("bwrap stderr", repr(err.decode()))
report("bwrap status", p.returncode)
rest = read_until_eof(status_r, 30)[0].decode()
report("status rest", repr(rest))
try:
    report("exit-code", json.loads(rest)["exit-code"])
except (ValueError, KeyError, TypeError):
    report("exit-code", "none")
report("sync eof after exit", eof_within(sync_r, 30))
report("child-pid gone", ended(pid))
EOF
}

# run_launcher MODE [EXTRA-OPTION...]
run_launcher() {
	need_seccomp || return
	write_launcher
	run --separate-stderr "$PY" "$BATS_TEST_TMPDIR/launch.py" "$1" "$BWRAP" "$MARK" "${@:2}"
}

# assert_line_is TEXT: one line of $output is exactly TEXT
assert_line_is() {
	local l
	for l in "${lines[@]}"; do
		[[ $l == "$1" ]] && return 0
	done
	flunk "expected a line: $1"
}

# The observations of a sandbox that ran to its end (MODE "run").
assert_full_run() {
	assert_success || return
	assert_line_is "info eof: True" || return
	assert_line_is "info members: child-pid,cgroup-namespace,ipc-namespace,mnt-namespace,pid-namespace,uts-namespace" || return
	assert_line_is "status first line is the info: True" || return
	assert_line_is "child-pid's parent is bwrap: True" || return
	assert_line_is "child-pid is pid 1 inside: True" || return
	assert_line_is "sync eof while running: False" || return
	assert_line_is "command: go: now" || return
	assert_line_is "command: user: launcher 4242 launchers" || return
	assert_line_is "command: launcher:x:4242:4242:Launcher Test:/home/launcher:/bin/sh" || return
	assert_line_is "command: passwd mode: 644" || return
	assert_line_is "command: touch: cannot touch '/usr/launcher-test': Read-only file system" || return
	assert_line_is "command: unshare: unshare failed: Operation not permitted" || return
	assert_line_is "command: TIOCSTI: EPERM" || return
	assert_line_is "command: pid: 2" || return
	assert_line_is "bwrap stderr: ''" || return
	assert_line_is "bwrap status: 7" || return
	assert_line_is "exit-code: 7" || return
	assert_line_is "sync eof after exit: True" || return
	assert_line_is "child-pid gone: True" || return
	[[ ! -e /usr/launcher-test ]] || flunk "the command wrote to the host's /usr"
}

@test "launcher: --args memfd, /usr from an fd, data files, seccomp, info, status and sync fds" {
	run_launcher run
	assert_full_run
	# both unshare attempts were refused by the seccomp program
	[[ $(grep -c "^command: unshare: unshare failed: Operation not permitted$" <<<"$output") == 2 ]] ||
		flunk "expected both unshare calls to fail with EPERM"
}

@test "launcher: the same with --unshare-user given explicitly" {
	run_launcher run --unshare-user
	assert_full_run
}

@test "launcher: a setup failure gives no exit-code, and the sync fd is closed" {
	run_launcher fail --unshare-user
	assert_success
	assert_line_is "bwrap status: 1"
	assert_output_contains "bwrap stderr: bwrap: "
	assert_output_contains "nonexistent-launcher-source"
	assert_line_is "command output: ''"
	assert_line_is "status rest: ''"
	assert_line_is "sync eof: True"
}

@test "launcher: when the launcher's process dies, --die-with-parent ends the sandbox" {
	run_launcher orphan --unshare-user
	assert_success
	assert_line_is "child-pid's parent is bwrap: True"
	assert_line_is "sync eof while running: False"
	assert_line_is "sync eof after the parent died: True"
	assert_line_is "child-pid gone: True"
	assert_line_is "status rest: ''"
}
