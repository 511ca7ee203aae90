#!/usr/bin/python3
"""launcher.py - drive bwrap from a program, the way an app launcher does.

    launcher.py [COMMAND [ARG...]]          (default: id)

Runs COMMAND in a minimal sandbox (the host's /usr read-only, fresh /proc,
/dev and /tmp, new namespaces of every kind) and talks to bwrap through
file descriptors rather than through its command line:

  --args FD            the whole argument list, NUL-terminated strings in a
                       memfd: nothing of it shows in /proc/PID/cmdline, and
                       arguments may hold any byte but NUL (spaces,
                       newlines, a leading "--").
  --info-fd FD         one JSON object once the sandbox exists: the pid of
                       its first process, seen from outside, and the inode
                       numbers of its namespaces. bwrap closes FD after it.
  --json-status-fd FD  JSON objects, one per line: the same as above at the
                       start, then {"exit-code": N} when the command is done.

The command keeps this program's stdin, stdout and stderr; the launcher's
own report goes to stderr, each line starting with "launcher: ". It exits
with the command's exit status.

The bwrap binary is taken from $BWRAP, or from PATH.
"""

import json
import os
import subprocess
import sys


def sandbox_options():
    """The options that build the sandbox, as a list of strings."""
    opts = ["--ro-bind", "/usr", "/usr"]
    # /bin, /lib... as links into /usr, as on a merged-/usr host.
    for d in ("bin", "lib", "lib64", "sbin"):
        if os.path.isdir("/usr/" + d):
            opts += ["--symlink", "usr/" + d, "/" + d]
    opts += [
        "--proc", "/proc",
        "--dev", "/dev",
        "--tmpfs", "/tmp",
        "--chdir", "/tmp",
        "--unshare-all",
        "--die-with-parent",
        "--new-session",
    ]
    return opts


def args_memfd(args):
    """A memfd holding ARGS, each followed by a NUL byte, rewound to 0."""
    fd = os.memfd_create("bwrap-args")   # no MFD_CLOEXEC: bwrap needs it
    data = b"".join(os.fsencode(a) + b"\0" for a in args)
    os.write(fd, data)                   # a memfd takes it all in one go
    os.lseek(fd, 0, os.SEEK_SET)
    return fd


def report(message):
    print("launcher: " + message, file=sys.stderr, flush=True)


def main():
    command = sys.argv[1:] or ["id"]
    bwrap = os.environ.get("BWRAP", "bwrap")

    # Two pipes, for bwrap to write on: the launcher keeps the read ends.
    info_r, info_w = os.pipe()
    status_r, status_w = os.pipe()

    args = sandbox_options() + [
        "--info-fd", str(info_w),
        "--json-status-fd", str(status_w),
        "--",
    ] + command
    args_fd = args_memfd(args)

    # pass_fds keeps exactly these descriptors open, at the same numbers, in
    # bwrap; the read ends are closed there. bwrap's own command line is
    # just "bwrap --args N".
    child = subprocess.Popen(
        [bwrap, "--args", str(args_fd)],
        pass_fds=(args_fd, info_w, status_w),
    )
    # Our copies of the write ends must go, or the reads below would never
    # see end-of-file.
    for fd in (args_fd, info_w, status_w):
        os.close(fd)

    # --info-fd: one JSON document, then end-of-file. If bwrap failed
    # before creating the sandbox, nothing at all.
    with os.fdopen(info_r, "rb") as f:
        raw = f.read()
    info = json.loads(raw) if raw.strip() else None
    if info is not None:
        report("info: " + json.dumps(info, sort_keys=True))
        report("child pid (outside the sandbox): %d" % info["child-pid"])
        namespaces = sorted(k for k in info if k.endswith("-namespace"))
        for key in namespaces:
            report("  %-18s %d" % (key, info[key]))

    # --json-status-fd: one object per line, until bwrap exits.
    exit_code = None
    with os.fdopen(status_r, "rb") as f:
        for line in f:
            event = json.loads(line)
            report("status: " + json.dumps(event, sort_keys=True))
            if "exit-code" in event:
                exit_code = event["exit-code"]

    status = child.wait()
    if status < 0:                      # bwrap itself killed by a signal
        status = 128 - status
    if exit_code is None:
        report("no exit code reported (bwrap failed?); bwrap exited %d" % status)
    else:
        report("exit code: %d" % exit_code)
    return status


if __name__ == "__main__":
    sys.exit(main())
