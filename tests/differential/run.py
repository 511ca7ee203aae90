#!/usr/bin/env python3
"""Run bwrap and the reference bubblewrap side by side on a table of cases.

usage: run.py [-v] [-j N] [--only NAME[,NAME...]] [--root-only] [--user-only] [TABLE]

Environment:
  BWRAP       our binary (absolute path)
  BWRAP_REF   the reference binary (bubblewrap 0.11.1)
  BWRAP_TEST_USER   unprivileged user for the second run as root (sbxtest)

Table format (cases.txt): one case a line, '#' starts a comment line.

  NAME  FLAGS  SNIPPET [## NOTE]

SNIPPET is a bash command line; $B is the binary under test ($OURS and $REF
name both, for a sandbox in a sandbox), $T an empty
scratch directory owned by the caller (also the working directory), $BASE
the words of a minimal root (/usr and the top-level links into it).  FLAGS
is '-' or a comma-separated list of:
  error    bwrap is expected to fail: the exit statuses must match and both
           must print a 'bwrap: ' message on stderr (wording is free)
  root     run only as root;  user: run only as the unprivileged user
  differs  a deliberate difference (NOTE says why; it is listed in the
           "Differences from bubblewrap" section of README.md and bwrap(1))
  elsewhere  a known difference being fixed on another branch (NOTE)
  ours     an option bubblewrap does not have: only ours must succeed

What is compared: exit status, stdout after normalisation (mount ids,
device numbers, peer groups, tmpfs sizes, pids and namespace ids are
stripped), whether stderr carries a 'bwrap: ' line, and how many bwrap processes
the case left running (everything left is killed: each case runs in a
session of its own).
"""

import argparse
import concurrent.futures
import os
import pwd
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time

BASE_DIRS = ("bin", "lib", "lib32", "lib64", "libx32", "sbin")

MOUNTINFO = re.compile(r"^\d+ \d+ \d+:\d+ (\S+ \S+ \S+)(.*) - (\S+) (\S+) (\S+)$")
SUPER_DROP = re.compile(r"^(size|nr_inodes)=")
PEER = re.compile(r"\b(shared|master|propagate_from):\d+")
JSON_NUM = re.compile(r'"(child-pid|[a-z]+-namespace)"\s*:\s*\d+')
NS_LINK = re.compile(r"\b(cgroup|ipc|mnt|net|pid|time|user|uts|pid_for_children"
                     r"|time_for_children):\[\d+\]")


def base_words():
    words = ["--ro-bind", "/usr", "/usr"]
    for d in BASE_DIRS:
        p = "/" + d
        if os.path.islink(p):
            words += ["--symlink", os.readlink(p), p]
        elif os.path.isdir(p):
            words += ["--ro-bind", p, p]
    return " ".join(words)


def normalise(text):
    out = []
    for line in text.splitlines():
        m = MOUNTINFO.match(line)
        if m:
            supers = ",".join(o for o in m.group(5).split(",") if not SUPER_DROP.match(o))
            line = "%s%s - %s %s %s" % (m.group(1), m.group(2), m.group(3), m.group(4), supers)
        line = PEER.sub(r"\1:N", line)
        line = JSON_NUM.sub(r'"\1": N', line)
        line = NS_LINK.sub(r"\1:[N]", line)
        out.append(line)
    return "\n".join(out)


class Case:
    def __init__(self, lineno, name, flags, snippet, note):
        self.lineno = lineno
        self.name = name
        self.flags = set() if flags == "-" else set(flags.split(","))
        self.snippet = snippet
        self.note = note


def read_table(path):
    cases = []
    known = {"error", "root", "user", "differs", "elsewhere", "ours"}
    with open(path, encoding="utf-8") as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            parts = line.split(None, 2)
            if len(parts) < 3:
                sys.exit("%s:%d: expected NAME FLAGS SNIPPET" % (path, lineno))
            name, flags, rest = parts
            note = ""
            if " ## " in rest:
                rest, note = rest.split(" ## ", 1)
            c = Case(lineno, name, flags, rest.strip(), note.strip())
            bad = c.flags - known
            if bad:
                sys.exit("%s:%d: unknown flag(s) %s" % (path, lineno, ",".join(sorted(bad))))
            if (c.flags & {"differs", "elsewhere"}) and not c.note:
                sys.exit("%s:%d: a 'differs' or 'elsewhere' case needs a ## NOTE" % (path, lineno))
            if any(o.name == name for o in cases):
                sys.exit("%s:%d: duplicate case name %s" % (path, lineno, name))
            cases.append(c)
    return cases


class Runner:
    def __init__(self, user, binaries, workdir):
        self.user = user  # None: the current user
        self.binaries = binaries
        self.workdir = workdir
        self.base = base_words()

    def run(self, case, which):
        scratch = tempfile.mkdtemp(prefix="c-", dir=self.workdir)
        os.chmod(scratch, 0o755)
        env = {
            "PATH": "/usr/local/bin:/usr/bin:/bin:/usr/local/sbin:/usr/sbin:/sbin",
            "LC_ALL": "C",
            "HOME": scratch,
            "B": self.binaries[which],
            "T": scratch,
            "BASE": self.base,
            "TERM": "dumb",
        }
        # for nested cases only (others print their environment): each
        # binary by name, whichever runs outside
        for var, name in (("OURS", "ours"), ("REF", "ref")):
            if "$" + var in case.snippet:
                env[var] = self.binaries[name]
        cmd = ["bash", "-c", case.snippet]
        if self.user is not None:
            pw = pwd.getpwnam(self.user)
            os.chown(scratch, pw.pw_uid, pw.pw_gid)
            env["USER"] = env["LOGNAME"] = self.user
            cmd = ["runuser", "-u", self.user, "--", "env", "-i"] + \
                ["%s=%s" % kv for kv in env.items()] + cmd
        else:
            env["USER"] = env["LOGNAME"] = pwd.getpwuid(os.getuid()).pw_name
        # Each case in a session of its own; when the snippet is done, what
        # is left in it (a hung sandbox, a background job, also in another
        # process group such as timeout(1) makes) is killed. The output goes
        # to files: a leftover holding a pipe could not keep us waiting.
        with tempfile.TemporaryFile() as fout, tempfile.TemporaryFile() as ferr:
            p = subprocess.Popen(cmd, cwd=scratch, env=env, stdin=subprocess.DEVNULL,
                                 stdout=fout, stderr=ferr, start_new_session=True)
            try:
                status = p.wait(timeout=60)
            except subprocess.TimeoutExpired:
                status = "timeout"
            # what is left once the snippet is done (bash itself is gone
            # unless it timed out)
            left = kill_session(p.pid, self.binaries[which])
            p.wait()
            fout.seek(0)
            ferr.seek(0)
            out, err = fout.read(), ferr.read()
        subprocess.run(["rm", "-rf", "--", scratch], check=False)
        bindir = os.path.dirname(self.binaries[which])
        out = out.decode("utf-8", "replace").replace(scratch, "$T").replace(bindir, "$BIN")
        err = err.decode("utf-8", "replace").replace(scratch, "$T").replace(bindir, "$BIN")
        return status, normalise(out), err, left


def kill_session(sid, binary):
    """SIGKILL every process of session SID, until none is left; return how
    many processes of BINARY (bwrap's own, not a zombie) were running."""
    left = 0
    for attempt in range(50):
        found = 0
        for entry in os.listdir("/proc"):
            if not entry.isdigit():
                continue
            try:
                with open("/proc/%s/stat" % entry, "rb") as f:
                    stat = f.read()
                with open("/proc/%s/cmdline" % entry, "rb") as f:
                    argv0 = f.read().split(b"\0")[0]
            except OSError:
                continue
            # the fields after the command name (which may hold spaces)
            fields = stat[stat.rindex(b")") + 2:].split()
            if int(fields[3]) != sid:
                continue
            found += 1
            if attempt == 0 and argv0 == binary.encode() and fields[0] != b"Z":
                left += 1
            try:
                os.kill(int(entry), signal.SIGKILL)
            except (ProcessLookupError, PermissionError):
                pass
        if not found:
            break
        time.sleep(0.02)
    return left


def has_bwrap_message(err):
    """A diagnostic from bwrap; bubblewrap answers some usage errors (no
    command, a --perms or --size with nothing after it) with its usage."""
    return any(line.startswith(("bwrap: ", "usage: ")) or re.match(r"^<\d>bwrap: ", line)
               for line in err.splitlines())


def compare(case, ours, ref):
    """Return a list of differences (empty when they match)."""
    diffs = []
    (s1, o1, e1, l1), (s2, o2, e2, l2) = ours, ref
    if "ours" in case.flags:
        if s1 != 0:
            diffs.append("ours failed with status %s" % s1)
        return diffs
    if s1 != s2:
        diffs.append("exit status: ours %s, reference %s" % (s1, s2))
    if "error" in case.flags:
        if s1 == 0 or s2 == 0:
            diffs.append("expected both to fail")
        if not has_bwrap_message(e1):
            diffs.append("ours printed no 'bwrap: ' message")
        if not has_bwrap_message(e2):
            diffs.append("the reference printed no 'bwrap: ' message")
    else:
        if has_bwrap_message(e1) != has_bwrap_message(e2):
            diffs.append("a 'bwrap: ' message on stderr from only %s"
                         % ("ours" if has_bwrap_message(e1) else "the reference"))
    if o1 != o2:
        diffs.append("stdout differs")
    if l1 != l2:
        diffs.append("bwrap processes left running after the case: ours %d, reference %d"
                     % (l1, l2))
    return diffs


def show(ours, ref):
    import difflib
    lines = []
    for label, (s, o, e, _) in (("ours", ours), ("reference", ref)):
        lines.append("  --- %s: status %s; stderr:" % (label, s))
        lines += ["    " + l for l in e.splitlines()[:10]]
    d = difflib.unified_diff(ref[1].splitlines(), ours[1].splitlines(),
                             "reference", "ours", lineterm="", n=1)
    lines += ["  " + l for l in list(d)[:60]]
    return "\n".join(lines)


def world_readable_copy(path, tmpdir, name):
    """Copy a binary to TMPDIR/NAME/bwrap: both run under the same name."""
    d = os.path.join(tmpdir, name)
    os.mkdir(d)
    os.chmod(d, 0o755)
    dest = os.path.join(d, "bwrap")
    shutil.copy2(path, dest)
    os.chmod(dest, 0o755)
    return dest


def ensure_user(user):
    try:
        pwd.getpwnam(user)
        return True
    except KeyError:
        pass
    return subprocess.run(["useradd", "-m", user], check=False).returncode == 0


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-v", "--verbose", action="store_true")
    ap.add_argument("--only", default="")
    ap.add_argument("-j", "--jobs", type=int, default=4)
    ap.add_argument("--root-only", action="store_true")
    ap.add_argument("--user-only", action="store_true")
    ap.add_argument("table", nargs="?",
                    default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "cases.txt"))
    args = ap.parse_args()

    ours_bin = os.environ.get("BWRAP", "")
    ref_bin = os.environ.get("BWRAP_REF", "")
    for var, path in (("BWRAP", ours_bin), ("BWRAP_REF", ref_bin)):
        if not os.path.isabs(path) or not os.access(path, os.X_OK):
            sys.exit("run.py: %s must name an executable by its absolute path, not '%s'"
                     % (var, path))

    cases = read_table(args.table)
    if args.only:
        wanted = set(args.only.split(","))
        cases = [c for c in cases if c.name in wanted]

    start = time.time()
    tmpdir = tempfile.mkdtemp(prefix="bwrap-differential.")
    os.chmod(tmpdir, 0o755)
    try:
        binaries = {
            "ours": world_readable_copy(ours_bin, tmpdir, "ours"),
            "ref": world_readable_copy(ref_bin, tmpdir, "ref"),
        }
        runners = []
        if os.getuid() == 0:
            if not args.user_only:
                runners.append(("root", Runner(None, binaries, tmpdir)))
            user = os.environ.get("BWRAP_TEST_USER", "sbxtest")
            if not args.root_only:
                if not ensure_user(user):
                    sys.exit("run.py: cannot create the user %s" % user)
                runners.append(("user", Runner(user, binaries, tmpdir)))
        else:
            runners.append(("user", Runner(None, binaries, tmpdir)))

        counts = {"match": 0, "differs": 0, "elsewhere": 0, "FAIL": 0, "skipped": 0}
        failed = []
        jobs = []
        for case in cases:
            for tag, runner in runners:
                if ("root" in case.flags and tag != "root") or \
                   ("user" in case.flags and tag != "user"):
                    counts["skipped"] += 1
                    continue
                jobs.append((case, tag, runner))

        def run_both(job):
            case, _, runner = job
            ours = runner.run(case, "ours")
            ref = ours if "ours" in case.flags else runner.run(case, "ref")
            return ours, ref

        # Cases run a few at a time (most of a run is waiting), reported in
        # table order.
        with concurrent.futures.ThreadPoolExecutor(max_workers=args.jobs) as pool:
            for (case, tag, _), (ours, ref) in zip(jobs, pool.map(run_both, jobs)):
                diffs = compare(case, ours, ref)
                if not diffs:
                    verdict = "match"
                elif "differs" in case.flags:
                    verdict = "differs"
                elif "elsewhere" in case.flags:
                    verdict = "elsewhere"
                else:
                    verdict = "FAIL"
                counts[verdict] += 1
                note = (" (%s)" % case.note) if case.note and verdict != "match" else ""
                print("%-9s %-5s %s%s" % (verdict, tag, case.name, note))
                if diffs and (verdict == "FAIL" or args.verbose):
                    print("  " + "; ".join(diffs))
                    print(show(ours, ref))
                if verdict == "FAIL":
                    failed.append("%s [%s]" % (case.name, tag))
                sys.stdout.flush()
    finally:
        shutil.rmtree(tmpdir, ignore_errors=True)

    total = sum(counts.values()) - counts["skipped"]
    print("\n%d cases, %d runs: %d match, %d differ deliberately, %d differ "
          "(fixed elsewhere), %d FAIL; %d skipped; %.1f s"
          % (len(cases), total, counts["match"], counts["differs"], counts["elsewhere"],
             counts["FAIL"], counts["skipped"], time.time() - start))
    if failed:
        print("unexpected differences: " + ", ".join(failed))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
