#!/usr/bin/env bats
# hostile.bats - hostile input and escape attempts.
#
# Two kinds of cases:
#   - hostile command lines (symlink tricks at setup, malformed numbers,
#     fds and paths, control characters, huge argument lists): bwrap must
#     refuse them with exit status 1 and one 'bwrap: ' line naming the
#     option or the path, and the command must not run;
#   - attacks made from inside the sandbox (mounts, namespaces, chroot,
#     /proc, ptrace, tty ioctls, signals): each must fail with the expected
#     errno.
# Either way the host must be unchanged afterwards: no new or changed file
# in the scratch area, no file carrying the test's unique name anywhere we
# look, no new mount (lib.bash compares the mount table) and no process
# carrying the test's marker (lib.bash checks that too).

load lib
load fs-lib

# A prober run inside the sandbox: each action prints one line,
# "ACTION ARG... RESULT", RESULT being OK or the errno name (EPERM, EROFS,
# ...). Arguments starting with "bwrap-test-mark-" are ignored, so that the
# test's marker can sit on the command line.
PROBE=$(
	cat <<'EOF'
import ctypes, errno, fcntl, os, sys
libc = ctypes.CDLL(None, use_errno=True)
def ename(e):
    return errno.errorcode.get(e, str(e))
def checked(rc):
    if rc < 0:
        raise OSError(ctypes.get_errno(), "call failed")
def attempt(fn, *a):
    try:
        fn(*a)
        return "OK"
    except OSError as e:
        return ename(e.errno)
def b(s):
    return s.encode()
def op_write(p):
    os.close(os.open(p, os.O_WRONLY | os.O_APPEND))
def op_create(p):
    os.close(os.open(p, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644))
def op_read(p):
    os.close(os.open(p, os.O_RDONLY))
def op_readmem(p):
    fd = os.open(p, os.O_RDONLY)
    try:
        os.pread(fd, 16, 0x400000)
    finally:
        os.close(fd)
def op_setns(p):
    fd = os.open(p, os.O_RDONLY)
    try:
        checked(libc.setns(fd, 0))
    finally:
        os.close(fd)
def op_escape(p):
    # chroot into a subdirectory while the cwd stays outside of it, climb
    # with "..", and make the place reached the root
    os.chdir("/")
    checked(libc.chroot(b(p)))
    for _ in range(64):
        os.chdir("..")
    checked(libc.chroot(b(".")))
    os.chdir("/")
def op_ioctl(p, req):
    fd = 0 if p == "-" else os.open(p, os.O_RDWR | os.O_NOCTTY)
    fcntl.ioctl(fd, req, bytes(8))
PIVOT_ROOT = {"x86_64": 155, "aarch64": 41, "i386": 217, "i686": 217}
one_path = {
    "write": op_write, "create": op_create, "read": op_read,
    "readmem": op_readmem, "mkdir": os.mkdir, "unlink": os.unlink,
    "rmdir": os.rmdir, "chmod": lambda p: os.chmod(p, 0o4777),
    "utime": os.utime, "truncate": lambda p: os.truncate(p, 0),
    "listdir": os.listdir, "setns": op_setns, "escape": op_escape,
    "remount-rw": lambda p: checked(libc.mount(None, b(p), None, 32 | 4096, None)),
    "mount-tmpfs": lambda p: checked(libc.mount(b("tmpfs"), b(p), b("tmpfs"), 0, None)),
    "umount": lambda p: checked(libc.umount2(b(p), 0)),
    "umount-detach": lambda p: checked(libc.umount2(b(p), 2)),
    "chroot": lambda p: checked(libc.chroot(b(p))),
    "ptrace": lambda p: checked(libc.ptrace(16, int(p), None, None)),
}
two_paths = {
    "rename": os.rename,
    "bind": lambda x, y: checked(libc.mount(b(x), b(y), None, 4096, None)),
    "pivot-root": lambda x, y: checked(libc.syscall(PIVOT_ROOT[os.uname().machine], b(x), b(y))),
}
args = [a for a in sys.argv[1:] if not a.startswith("bwrap-test-mark-")]
while args:
    a = args.pop(0)
    if a in one_path:
        p = args.pop(0)
        print(a, p, attempt(one_path[a], p))
    elif a in two_paths:
        x, y = args.pop(0), args.pop(0)
        print(a, x, y, attempt(two_paths[a], x, y))
    elif a == "unshare-user":
        print(a, attempt(lambda: checked(libc.unshare(0x10000000))))
    elif a == "unshare-mount":
        print(a, attempt(lambda: checked(libc.unshare(0x00020000))))
    elif a == "ioctl":
        p, req = args.pop(0), int(args.pop(0), 0)
        print(a, p, hex(req), attempt(op_ioctl, p, req))
    elif a == "ls":
        p = args.pop(0)
        print(a, p, " ".join(sorted(os.listdir(p))))
    elif a == "ids":
        print(a, os.getuid(), os.geteuid())
    else:
        sys.exit("probe: unknown action " + a)
    sys.stdout.flush()
EOF
)

# Starts a command with exactly the given descriptors: SPEC... -- ARGV,
# each SPEC being N:r:PATH (read), N:w:PATH (write, truncated) or N:d:PATH
# (a directory), opened as fd N. Every other fd above 2 is closed.
LAUNCH=$(
	cat <<'EOF'
import os, sys
args = sys.argv[1:]
sep = args.index("--")
specs, argv = args[:sep], args[sep + 1:]
os.closerange(3, 65536)
how = {"r": os.O_RDONLY, "w": os.O_WRONLY | os.O_CREAT | os.O_TRUNC,
       "d": os.O_RDONLY | os.O_DIRECTORY}
for spec in specs:
    n, mode, path = spec.split(":", 2)
    fd = os.open(path, how[mode], 0o600)
    os.dup2(fd, int(n))
    os.close(fd)
os.execv(argv[0], argv)
EOF
)

setup() {
	bwrap_test_setup
	# $HOSTROOT: the host area the attacks aim at
	HOSTROOT=$BATS_TEST_TMPDIR/host
	# $TARGET: a host directory that is never bound unless a test says so
	TARGET=$HOSTROOT/target
	# $VICTIM: a host file in it, mode 0640
	VICTIM=$TARGET/victim
	# $DATA: a host directory for hostile symlinks, bound at /d
	DATA=$HOSTROOT/data
	# $OUT: a host directory the command writes a trace into if it runs
	OUT=$HOSTROOT/out
	mkdir -p "$TARGET" "$DATA" "$OUT"
	echo "victim data" >"$VICTIM"
	chmod 0640 "$VICTIM"
	# $PWN: a name that exists nowhere before the test
	PWN="hostile-$RANDOM$RANDOM-$$"
	PROBE_CMD=("$FS_PYTHON" -c "$PROBE" "$MARK")
	PUBLIC_DIRS=()
	TEST_USER=${BWRAP_TEST_USER:-sbxtest}
	host_snapshot
}

teardown() {
	local d
	for d in "${PUBLIC_DIRS[@]}"; do
		rm -rf -- "$d"
	done
	bwrap_test_teardown
}

# ---- helpers ----------------------------------------------------------------------

# path, type, mode, size and link target of everything in the host area
host_state() {
	find "$HOSTROOT" -printf '%P|%y|%m|%s|%l\n' | LC_ALL=C sort
}

# take the reference state (again after planting something)
host_snapshot() {
	HOST_BEFORE=$(host_state)
	ROOT_BEFORE=$(ls -A /)
}

assert_host_clean() {
	assert_equal "$(host_state)" "$HOST_BEFORE" "the host area" || return
	assert_equal "$(cat "$VICTIM")" "victim data" "the victim's contents" || return
	assert_equal "$(fs_host_mode "$VICTIM")" 640 "the victim's mode" || return
	assert_equal "$(ls -A /)" "$ROOT_BEFORE" "the host's /" || return
	local hits
	hits=$(find / /tmp "$BATS_TEST_TMPDIR" -maxdepth 3 -xdev -name "*$PWN*" 2>/dev/null) || true
	[[ -z $hits ]] || flunk "$PWN appeared on the host: $hits" || return
	mounts_check || flunk "the host's mount table changed"
}

# assert_has_line LINE: one line of $output is exactly LINE
assert_has_line() {
	local l
	while IFS= read -r l; do
		[[ ${l%$'\r'} == "$1" ]] && return 0
	done <<<"$output"
	flunk "expected the line: $1"
}

# assert_has_line_of LINE...: one line of $output is one of LINE...
assert_has_line_of() {
	local l want
	while IFS= read -r l; do
		for want in "$@"; do
			[[ ${l%$'\r'} == "$want" ]] && return 0
		done
	done <<<"$output"
	flunk "expected one of the lines: $*"
}

# symlink chain in $DATA: NAME1 -> NAME2 -> ... -> NAME<N> -> LAST
plant_chain() {
	local prefix=$1 n=$2 last=$3 i
	for ((i = 1; i < n; i++)); do
		ln -s "$prefix$((i + 1))" "$DATA/$prefix$i"
	done
	ln -s "$last" "$DATA/$prefix$n"
}

# a command that leaves a trace on the host if it runs
RAN_CMD=(sh -c ': > /out/ran; echo ran')

# run_refused ARG...: minimal root, $OUT bound at /out, ARG..., then a
# command that leaves a trace if it runs
run_refused() {
	run_bwrap --bind "$OUT" /out "$@" "${RAN_CMD[@]}" "$MARK"
}

# quick_refused ARG...: as run_refused, without 'run' (much cheaper in the
# loops below); sets $status, $output and $stderr the same way
quick_refused() {
	local errf=$BATS_TEST_TMPDIR/.stderr
	status=0
	output=$("$BWRAP" "${BW_ROOT[@]}" --bind "$OUT" /out "$@" "${RAN_CMD[@]}" "$MARK" 2>"$errf") ||
		status=$?
	stderr=$(<"$errf")
}

assert_not_ran() {
	[[ ! -e $OUT/ran ]] || flunk "the command ran although bwrap failed"
}

# a world-readable scratch directory outside the private test area: $PUB
make_public_dir() {
	PUB=$(mktemp -d /tmp/hostile-pub.XXXXXX)
	PUBLIC_DIRS+=("$PUB")
	chmod 0755 "$PUB"
}

need_test_user() {
	id -u "$TEST_USER" >/dev/null 2>&1 || skip "there is no user $TEST_USER"
}

need_tool() {
	command -v "$1" >/dev/null || skip "$1 is not installed"
}

# run_in_pty ARG...: run ARG... on a new pseudo-terminal (script(1));
# the terminal's output is $output, carriage returns removed
run_in_pty() {
	need_tool script
	local cmd
	printf -v cmd '%q ' "$@"
	run --separate-stderr env SHELL=/bin/bash script -qec "$cmd" /dev/null </dev/null
	output=${output//$'\r'/}
}

# a closed descriptor number
closed_fd() {
	local fd=250
	while [[ -e /proc/$BASHPID/fd/$fd ]]; do
		fd=$((fd + 1))
	done
	echo "$fd"
}

# ---- setup-time escapes: symlinks planted in a bound host directory ---------------

@test "a planted symlink loop: --dir, --file, --chmod, --lock-file, --remount-ro fail with ELOOP" {
	ln -s loop-b "$DATA/loop-a"
	ln -s loop-a "$DATA/loop-b"
	host_snapshot
	local op
	for op in "--dir /d/loop-a/$PWN" "--dir /d/loop-b" "--file 0 /d/loop-a/$PWN" \
		"--chmod 0777 /d/loop-a" "--lock-file /d/loop-b" "--remount-ro /d/loop-a" \
		"--symlink /x /d/loop-b/$PWN"; do
		# shellcheck disable=SC2086
		run_refused --bind "$DATA" /d $op </dev/null
		assert_bwrap_error "${op##* }" || { echo "op: $op" >&2; return 1; }
		assert_stderr_contains "Too many levels of symbolic links"
		assert_stderr_contains "${op%% *}"
	done
	assert_not_ran
	assert_host_clean
}

@test "mount operations onto planted symlink loops are refused" {
	ln -s self "$DATA/self"
	ln -s loop-b "$DATA/loop-a"
	ln -s loop-a "$DATA/loop-b"
	host_snapshot
	local op
	for op in "--tmpfs /d/self" "--tmpfs /d/loop-a" "--bind /usr /d/loop-b" \
		"--ro-bind-try /usr /d/self" "--bind-data 0 /d/loop-a" "--ro-bind-data 0 /d/self" \
		"--dev /d/loop-b" "--proc /d/self"; do
		# shellcheck disable=SC2086
		run_refused --bind "$DATA" /d $op </dev/null
		assert_bwrap_error "${op##* }" || { echo "op: $op" >&2; return 1; }
		assert_stderr_contains "refusing to mount over a symlink"
	done
	assert_not_ran
	assert_host_clean
}

@test "planted symlinks to /, to .., to an absolute host path and out of the bound dir are refused as mount points" {
	ln -s / "$DATA/root"
	ln -s .. "$DATA/up"
	ln -s "$TARGET" "$DATA/abs"
	ln -s ../target/victim "$DATA/out-victim"
	host_snapshot
	local op
	for op in "--tmpfs /d/root" "--bind /usr /d/up" "--tmpfs /d/abs" "--ro-bind-data 0 /d/abs" \
		"--bind-data 0 /d/out-victim" "--ro-bind /etc /d/out-victim" "--dev /d/root" \
		"--unshare-ipc --mqueue /d/abs"; do
		# shellcheck disable=SC2086
		run_refused --bind "$DATA" /d $op </dev/null
		assert_bwrap_error "${op##* }" || { echo "op: $op" >&2; return 1; }
		assert_stderr_contains "refusing to mount over a symlink"
	done
	assert_not_ran
	assert_host_clean
}

@test "a chain of 45 planted symlinks ending at / is too long to follow" {
	plant_chain c 45 /
	host_snapshot
	run_refused --bind "$DATA" /d --dir "/d/c1$TARGET/$PWN"
	assert_bwrap_error "/d/c1"
	assert_stderr_contains "Too many levels of symbolic links"
	run_refused --bind "$DATA" /d --tmpfs "/d/c1/$PWN"
	assert_bwrap_error "/d/c1"
	# the last ten links of the same chain are short enough: they lead to
	# the sandbox's own root
	run_bwrap --bind "$DATA" /d --dir "/d/c36/$PWN" sh -c "test -d /$PWN && echo inside" "$MARK"
	assert_success
	assert_output "inside"
	assert_not_ran
	assert_host_clean
}

@test "a chain of 20 planted relative symlinks climbing with .. stays in the sandbox" {
	plant_chain u 20 ../../../../../../../../../../../..
	host_snapshot
	run_bwrap --bind "$DATA" /d --dir "/d/u1$TARGET/$PWN" --file 0 "/d/u1/$PWN-file" \
		sh -c "test -d $TARGET/$PWN && test -f /$PWN-file && echo inside" "$MARK" </dev/null
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "40 --symlink hops resolve inside the sandbox, 41 hops are a clear error" {
	local n args i
	for n in 40 41; do
		args=(--dir "/$PWN")
		for ((i = 1; i < n; i++)); do
			args+=(--symlink "/l$((i + 1))" "/l$i")
		done
		args+=(--symlink "/$PWN" "/l$n")
		run_bwrap "${args[@]}" --dir /l1/sub sh -c "test -d /$PWN/sub && echo inside" "$MARK"
		if ((n == 40)); then
			assert_success
			assert_output "inside"
		else
			assert_bwrap_error "/l1/sub"
			assert_stderr_contains "Too many levels of symbolic links"
		fi
	done
	assert_host_clean
}

@test "--file onto a planted symlink to a host file does not write through it" {
	mkdir "$DATA/real"
	echo "inner data" >"$DATA/real/file"
	ln -s ../target/victim "$DATA/out-victim"
	ln -s real/file "$DATA/in-file"
	host_snapshot
	run_refused --bind "$DATA" /d --file 3 /d/out-victim 3<<<"pwned"
	assert_bwrap_error "/d/out-victim"
	assert_stderr_contains "Too many levels of symbolic links"
	run_refused --bind "$DATA" /d --file 3 /d/in-file 3<<<"pwned"
	assert_bwrap_error "/d/in-file"
	run_refused --bind "$DATA" /d --ro-bind-data 3 /d/in-file 3<<<"pwned"
	assert_bwrap_error "/d/in-file"
	assert_stderr_contains "refusing to mount over a symlink"
	assert_equal "$(cat "$DATA/real/file")" "inner data"
	assert_not_ran
	assert_host_clean
}

@test "--chmod through a planted absolute symlink: ENOENT, or EROFS on a read-only bind" {
	ln -s "$TARGET" "$DATA/abs"
	host_snapshot
	# the host path does not exist in the sandbox
	run_refused --bind "$DATA" /d --chmod 4777 /d/abs/victim
	assert_bwrap_error "/d/abs/victim"
	assert_stderr_contains "No such file or directory"
	# ... and where it does, it is read-only
	run_refused --ro-bind "$TARGET" "$TARGET" --bind "$DATA" /d --chmod 4777 /d/abs/victim
	assert_bwrap_error "/d/abs/victim"
	assert_stderr_contains "Read-only file system"
	assert_not_ran
	assert_host_clean
}

@test "--dir through planted / and .. symlinks followed by .. components stays inside" {
	ln -s / "$DATA/root"
	ln -s .. "$DATA/up"
	host_snapshot
	run_bwrap --bind "$DATA" /d --dir "/d/root/../../..$TARGET/$PWN" --dir "/d/up/../../$PWN-2" \
		sh -c "test -d $TARGET/$PWN && test -d /$PWN-2 && echo inside" "$MARK"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "a bind source that is a symlink loop on the host is an error naming it" {
	ln -s loop-b "$DATA/loop-a"
	ln -s loop-a "$DATA/loop-b"
	host_snapshot
	local opt
	for opt in --bind --ro-bind --dev-bind --bind-try; do
		run_refused "$opt" "$DATA/loop-a" /x
		assert_bwrap_error "$DATA/loop-a" || { echo "option: $opt" >&2; return 1; }
		# bubblewrap's words: scripts match them
		assert_stderr_contains "bwrap: Can't find source path $DATA/loop-a: "
		assert_stderr_contains "Too many levels of symbolic links"
	done
	assert_not_ran
	assert_host_clean
}

@test "--symlink cannot retarget a planted host symlink" {
	ln -s "$TARGET" "$DATA/abs"
	host_snapshot
	run_refused --bind "$DATA" /d --symlink /etc/shadow /d/abs
	assert_bwrap_error "/d/abs"
	# bubblewrap's words: scripts match them
	assert_stderr_contains "bwrap: Can't make symlink at /d/abs: existing destination is $TARGET"
	assert_equal "$(readlink "$DATA/abs")" "$TARGET"
	assert_not_ran
	assert_host_clean
}

@test "a mount over a link made by --symlink is allowed, over the same link planted on the host it is not" {
	ln -s /real "$DATA/link"
	host_snapshot
	run_bwrap --dir /real --symlink /real /link --tmpfs /link sh -c "$FS_DUMP_MOUNTS"
	assert_success
	fs_assert_fstype /real tmpfs
	run_refused --dir /real --bind "$DATA" /d --tmpfs /d/link
	assert_bwrap_error "/d/link"
	assert_stderr_contains "refusing to mount over a symlink"
	assert_not_ran
	assert_host_clean
}

# ---- read-only binds and mounts from inside ---------------------------------------

@test "writes of every kind into a read-only bind fail with EROFS" {
	mkdir "$DATA/sub"
	echo "host data" >"$DATA/file"
	host_snapshot
	run_bwrap --ro-bind "$DATA" /d "${PROBE_CMD[@]}" write /d/file create "/d/$PWN" \
		mkdir "/d/$PWN-dir" unlink /d/file rename /d/file "/d/$PWN-2" chmod /d/file \
		utime /d/file truncate /d/file rmdir /d/sub
	assert_success
	assert_has_line "write /d/file EROFS"
	assert_has_line "create /d/$PWN EROFS"
	assert_has_line "mkdir /d/$PWN-dir EROFS"
	assert_has_line "unlink /d/file EROFS"
	assert_has_line "rename /d/file /d/$PWN-2 EROFS"
	assert_has_line "chmod /d/file EROFS"
	assert_has_line "utime /d/file EROFS"
	assert_has_line "truncate /d/file EROFS"
	assert_has_line "rmdir /d/sub EROFS"
	assert_host_clean
}

@test "a submount of a read-only bind: writes EROFS, remount rw EPERM, umount refused" {
	skip_unless_root "creating a submount on the host needs root"
	mkdir "$DATA/sub"
	host_snapshot
	# the submount exists only in a private mount namespace
	run --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs "$1/sub" && echo in-submount > "$1/sub/f" || exit 99
		shift; exec "$@"' sh "$DATA" "$BWRAP" "${BW_NOCAPS[@]}" "${BW_ROOT[@]}" --ro-bind "$DATA" /d \
		"${PROBE_CMD[@]}" write /d/sub/f create "/d/sub/$PWN" remount-rw /d/sub \
		unshare-user unshare-mount remount-rw /d/sub remount-rw /d umount /d/sub \
		umount-detach /d/sub create "/d/sub/$PWN" ls /d/sub
	[[ $status -ne 99 ]] || flunk "could not set up the submount"
	assert_success
	assert_has_line "write /d/sub/f EROFS"
	assert_has_line "create /d/sub/$PWN EROFS"
	# without capabilities, then with all of them in a nested user namespace
	assert_has_line "remount-rw /d/sub EPERM"
	assert_has_line "unshare-user OK"
	assert_has_line "unshare-mount OK"
	assert_has_line "remount-rw /d EPERM"
	# the mounts are locked together: umount cannot reveal what is below
	assert_has_line_of "umount /d/sub EINVAL" "umount /d/sub EPERM"
	assert_has_line_of "umount-detach /d/sub EINVAL" "umount-detach /d/sub EPERM"
	assert_has_line "ls /d/sub f"
	assert_host_clean
}

@test "mount -o remount,rw of a read-only bind from inside fails" {
	need_tool mount
	echo "host data" >"$DATA/file"
	host_snapshot
	run_bwrap "${BW_NOCAPS[@]}" --ro-bind "$DATA" /d sh -c '
		mount -o remount,rw /d; echo "remount=$?"
		mount -o remount,bind,rw /d; echo "bind-remount=$?"
		echo changed > /d/file' "$MARK"
	assert_failure
	assert_has_line "remount=32"
	assert_has_line "bind-remount=32"
	assert_stderr_contains "Read-only file system"
	run_bwrap "${BW_NOCAPS[@]}" --ro-bind "$DATA" /d "${PROBE_CMD[@]}" remount-rw /d write /d/file
	assert_has_line "remount-rw /d EPERM"
	assert_has_line "write /d/file EROFS"
	assert_equal "$(cat "$DATA/file")" "host data"
	assert_host_clean
}

@test "mount -t tmpfs, bind mounts, umount, pivot_root and unshare -m from inside fail with EPERM" {
	run_bwrap "${BW_NOCAPS[@]}" --tmpfs /tmp "${PROBE_CMD[@]}" mount-tmpfs /tmp bind /usr /tmp umount /usr \
		umount-detach /proc umount /tmp pivot-root /tmp /tmp unshare-mount
	assert_success
	assert_has_line "mount-tmpfs /tmp EPERM"
	assert_has_line "bind /usr /tmp EPERM"
	assert_has_line "umount /usr EPERM"
	assert_has_line "umount-detach /proc EPERM"
	assert_has_line "umount /tmp EPERM"
	assert_has_line "pivot-root /tmp /tmp EPERM"
	assert_has_line "unshare-mount EPERM"
	need_tool mount
	run_bwrap "${BW_NOCAPS[@]}" --tmpfs /tmp sh -c 'mount -t tmpfs none /tmp; echo "mount=$?"; umount /usr; echo "umount=$?"' "$MARK"
	assert_has_line "mount=32"
	assert_has_line "umount=32"
	assert_host_clean
}

@test "--disable-userns: unshare -U fails with ENOSPC, unshare -m with EPERM" {
	need_tool unshare
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --disable-userns sh -c '
		unshare -U true; echo "U=$?"; unshare -m true; echo "m=$?"; unshare -Urm true; echo "Urm=$?"' "$MARK"
	assert_success
	assert_output $'U=1\nm=1\nUrm=1'
	assert_stderr_contains "No space left on device"
	assert_stderr_contains "Operation not permitted"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --disable-userns "${PROBE_CMD[@]}" unshare-user unshare-mount
	assert_has_line "unshare-user ENOSPC"
	assert_has_line "unshare-mount EPERM"
	assert_host_clean
}

# With "--ro-bind / /" first the host's /proc is in the sandbox read-only;
# the nested user namespace's maps are still written (through the host's
# /proc, kept writable for that), as bubblewrap writes them.
@test "--disable-userns under --ro-bind / /: the command runs and unshare -U fails with ENOSPC" {
	need_tool unshare
	run_bwrap_bare --ro-bind / / --unshare-user --disable-userns sh -c \
		'cat /proc/self/uid_map; unshare -U true; echo "U=$?"' "$MARK"
	assert_success
	assert_has_line "U=1"
	assert_stderr_contains "No space left on device"
	# the maps of the nested namespace the command is in: its own ids
	assert_has_line "$(printf '%10s %10s %10s' "$(id -u)" "$(id -u)" 1)"
	assert_host_clean
}

@test "a seccomp program denying unshare(2) makes unshare -U and -m fail with EPERM" {
	[[ $(uname -m) == x86_64 ]] || skip "the filter is written for x86_64"
	need_tool unshare
	# if arch == x86_64 && nr == unshare: EPERM, else allow
	"$FS_PYTHON" -c '
import struct, sys
ins = [(0x20, 0, 0, 4), (0x15, 0, 3, 0xc000003e), (0x20, 0, 0, 0),
       (0x15, 0, 1, 272), (0x06, 0, 0, 0x00050001), (0x06, 0, 0, 0x7fff0000)]
sys.stdout.buffer.write(b"".join(struct.pack("<HBBI", *i) for i in ins))
' >"$BATS_TEST_TMPDIR/deny-unshare.bpf"
	run_bwrap --add-seccomp-fd 5 sh -c 'unshare -U true; echo "U=$?"; unshare -m true; echo "m=$?"' \
		"$MARK" 5<"$BATS_TEST_TMPDIR/deny-unshare.bpf"
	assert_success
	assert_output $'U=1\nm=1'
	assert_stderr_contains "unshare failed: Operation not permitted"
	run_bwrap --seccomp 5 "${PROBE_CMD[@]}" unshare-user 5<"$BATS_TEST_TMPDIR/deny-unshare.bpf"
	assert_has_line "unshare-user EPERM"
	assert_host_clean
}

# Without --disable-userns a nested user namespace is possible (as with
# bubblewrap): the command gets every capability over a new mount
# namespace of its own. The mounts it inherited are locked: it cannot make
# them writable or take them away; what it mounts itself stays inside.
@test "without --disable-userns: a nested user namespace cannot unlock the sandbox's mounts" {
	run_bwrap --tmpfs /tmp "${PROBE_CMD[@]}" create "/tmp/$PWN" unshare-user unshare-mount \
		remount-rw /usr umount /usr umount-detach /usr create "/usr/$PWN" mount-tmpfs /tmp ls /tmp
	assert_success
	assert_has_line "unshare-user OK"
	assert_has_line "unshare-mount OK"
	assert_has_line "remount-rw /usr EPERM"
	assert_has_line_of "umount /usr EINVAL" "umount /usr EPERM"
	assert_has_line_of "umount-detach /usr EINVAL" "umount-detach /usr EPERM"
	assert_has_line "create /usr/$PWN EROFS"
	# a mount of its own works, inside the sandbox only: a new, empty /tmp
	assert_has_line "create /tmp/$PWN OK"
	assert_has_line "mount-tmpfs /tmp OK"
	assert_has_line "ls /tmp "
	assert_host_clean
}

@test "chroot fails with EPERM; the chroot escape in a nested user namespace ends at the sandbox's root" {
	need_tool chroot
	run_bwrap "${BW_NOCAPS[@]}" "$(command -v chroot)" /usr /bin/true
	assert_failure
	assert_stderr_contains "Operation not permitted"
	run_bwrap "${BW_NOCAPS[@]}" --tmpfs /tmp "${PROBE_CMD[@]}" ls / chroot /usr escape /usr unshare-user escape /usr ls /
	assert_success
	assert_has_line "chroot /usr EPERM"
	assert_has_line "escape /usr EPERM"
	assert_has_line "unshare-user OK"
	assert_has_line "escape /usr OK"
	# both listings of / are the sandbox's
	[[ ${lines[0]} == "ls / "* ]] || flunk "expected a listing of / first"
	assert_equal "${lines[-1]}" "${lines[0]}" "the root after the escape"
	[[ ${lines[0]} == *" usr"* && ${lines[0]} != *" etc"* ]] || flunk "expected the sandbox's root"
	assert_host_clean
}

@test "--unshare-pid: nsenter into /proc/1/ns/* fails, no visible process is in the host's mount namespace" {
	need_tool nsenter
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid sh -c '
		nsenter --mount=/proc/1/ns/mnt true; echo "mnt=$?"
		nsenter --target 1 --all true; echo "all=$?"
		for p in /proc/[0-9]*; do readlink "$p/ns/mnt"; done
		sed -n "s/^Name:\t//p" /proc/1/status' "$MARK"
	assert_success
	assert_has_line "mnt=1"
	assert_has_line "all=1"
	assert_stderr_contains "Permission denied"
	refute_output_contains "$(host_ns mnt)"
	# pid 1 is bwrap's reaper, not the host's init; as with bubblewrap it
	# keeps bwrap's name
	assert_has_line "$(basename "$BWRAP" | cut -c1-15)"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid "${PROBE_CMD[@]}" setns /proc/1/ns/mnt setns /proc/1/ns/pid setns /proc/1/ns/user
	assert_has_line "setns /proc/1/ns/mnt EACCES"
	assert_has_line "setns /proc/1/ns/pid EACCES"
	assert_has_line "setns /proc/1/ns/user EACCES"
	assert_host_clean
}

# Without a pid namespace /proc shows the host's processes (as with
# bubblewrap), init included; entering their namespaces still fails.
@test "without --unshare-pid the host's pid 1 is visible, but its namespaces cannot be entered" {
	need_tool nsenter
	run_bwrap sh -c 'nsenter --mount=/proc/1/ns/mnt true; echo "mnt=$?"; readlink /proc/1/ns/mnt; echo "done"' "$MARK"
	assert_success
	assert_output $'mnt=1\ndone'
	assert_stderr_contains "Permission denied"
	run_bwrap "${PROBE_CMD[@]}" setns /proc/1/ns/mnt setns /proc/1/ns/net listdir /proc/1/root ptrace 1
	assert_has_line "setns /proc/1/ns/mnt EACCES"
	assert_has_line "setns /proc/1/ns/net EACCES"
	assert_has_line "listdir /proc/1/root EACCES"
	assert_has_line "ptrace 1 EPERM"
	assert_host_clean
}

# ---- /proc ------------------------------------------------------------------------

@test "--unshare-pid: the reaper's /proc/1/mem, environ, root and cwd are not accessible" {
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid "${PROBE_CMD[@]}" readmem /proc/1/mem read /proc/1/environ \
		listdir /proc/1/root listdir /proc/1/cwd read /proc/1/status
	assert_success
	assert_has_line "readmem /proc/1/mem EACCES"
	assert_has_line "read /proc/1/environ EACCES"
	assert_has_line "listdir /proc/1/root EACCES"
	assert_has_line "listdir /proc/1/cwd EACCES"
	assert_has_line "read /proc/1/status OK"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid sh -c 'head -c 16 /proc/1/mem; ls /proc/1/root/' "$MARK"
	assert_failure
	assert_stderr_contains "Permission denied"
	assert_host_clean
}

@test "ptrace(PTRACE_ATTACH) of pid 1 fails with EPERM" {
	# root keeps its capabilities (CAP_SYS_PTRACE too) unless it drops them
	local args
	for args in "--unshare-pid" "--unshare-pid --unshare-user" "--unshare-pid --as-pid-1" ""; do
		# shellcheck disable=SC2086
		run_bwrap "${BW_NOCAPS[@]}" $args "${PROBE_CMD[@]}" ptrace 1
		assert_success
		assert_output "ptrace 1 EPERM" || { echo "options: $args" >&2; return 1; }
	done
	assert_host_clean
}

@test "writes to /proc/sys fail; when root runs bwrap, /proc/sys is mounted read-only" {
	local pidns want=EACCES
	is_root && want=EROFS
	for pidns in --unshare-pid ""; do
		# shellcheck disable=SC2086
		run_bwrap "${BW_NOCAPS[@]}" $pidns sh -c '"$@"; '"$FS_DUMP_MOUNTS" sh "${PROBE_CMD[@]}" \
			write /proc/sys/kernel/hostname write /proc/sys/vm/drop_caches \
			write /proc/sys/kernel/core_pattern
		assert_success
		assert_has_line "write /proc/sys/kernel/hostname $want"
		assert_has_line "write /proc/sys/vm/drop_caches $want"
		assert_has_line "write /proc/sys/kernel/core_pattern $want"
		# unprivileged, the host's root owns them and is not mapped: no
		# cover is needed, and none is made (a nested /proc needs none)
		if is_root; then
			fs_assert_mount_opt /proc/sys ro
		fi
	done
	assert_equal "$(cat /proc/sys/kernel/hostname)" "$(uname -n)"
	assert_host_clean
}

@test "/proc/sys/net with CAP_NET_ADMIN over the sandbox's own network namespace: the host's values stay" {
	local pidns before
	before=$(cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/ping_group_range)
	for pidns in --unshare-pid ""; do
		# shellcheck disable=SC2086
		run_bwrap "${BW_NOCAPS[@]}" $pidns --unshare-user --uid 0 --gid 0 --unshare-net --cap-add CAP_NET_ADMIN \
			sh -c 'echo 1 > /proc/sys/net/ipv4/ip_forward && echo "ip_forward $(cat /proc/sys/net/ipv4/ip_forward)"
				echo "0 0" > /proc/sys/net/ipv4/ping_group_range && echo ping_group_range written'
		if is_root; then
			# the host's root is mapped: all of /proc/sys is read-only
			assert_failure
			assert_stderr_contains "Read-only file system"
		else
			# the sandbox's own network namespace: its own settings
			assert_success
			assert_output $'ip_forward 1\nping_group_range written'
		fi
	done
	assert_equal "$(cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv4/ping_group_range)" "$before" \
		"the host's network settings"
	assert_host_clean
}

@test "/proc/sysrq-trigger is absent or read-only" {
	local pidns
	for pidns in --unshare-pid ""; do
		# shellcheck disable=SC2086
		run_bwrap $pidns sh -c '"$@"; '"$FS_DUMP_MOUNTS" sh "${PROBE_CMD[@]}" write /proc/sysrq-trigger
		assert_success
		if [[ -e /proc/sysrq-trigger ]]; then
			fs_assert_mount_opt /proc/sysrq-trigger ro
			if is_root; then
				assert_has_line "write /proc/sysrq-trigger EROFS"
			else
				assert_has_line_of "write /proc/sysrq-trigger EROFS" "write /proc/sysrq-trigger EACCES"
			fi
		else
			assert_has_line "write /proc/sysrq-trigger ENOENT"
		fi
	done
	assert_host_clean
}

# ---- tty ioctls ---------------------------------------------------------------------

@test "TIOCSTI and TIOCLINUX on the controlling tty fail with EPERM without --new-session" {
	[[ $(getconf LONG_BIT) == 64 ]] || skip "the requests with high bits need a 64-bit long"
	run_in_pty "$BWRAP" "${BW_ROOT[@]}" "${PROBE_CMD[@]}" \
		ioctl /dev/tty 0x5412 ioctl /dev/tty 0x100005412 ioctl - 0x5412 \
		ioctl /dev/tty 0x541c ioctl /dev/tty 0x10000541c ioctl - 0xffffffff0000541c
	assert_success
	assert_has_line "ioctl /dev/tty 0x5412 EPERM"
	assert_has_line "ioctl /dev/tty 0x100005412 EPERM"
	assert_has_line "ioctl - 0x5412 EPERM"
	assert_has_line "ioctl /dev/tty 0x541c EPERM"
	assert_has_line "ioctl /dev/tty 0x10000541c EPERM"
	assert_has_line "ioctl - 0xffffffff0000541c EPERM"
	# control: outside a sandbox the kernel itself answers TIOCLINUX on a
	# pseudo-terminal otherwise
	run_in_pty "${PROBE_CMD[@]}" ioctl /dev/tty 0x541c
	refute_output_contains "EPERM"
	assert_host_clean
}

@test "TIOCSTI and TIOCLINUX fail with EPERM with --new-session and --unshare-pid too" {
	[[ $(getconf LONG_BIT) == 64 ]] || skip "the requests with high bits need a 64-bit long"
	run_in_pty "$BWRAP" "${BW_ROOT[@]}" --new-session --unshare-pid "${PROBE_CMD[@]}" \
		ioctl - 0x5412 ioctl - 0x100005412 ioctl - 0x541c ioctl - 0x10000541c
	assert_success
	assert_has_line "ioctl - 0x5412 EPERM"
	assert_has_line "ioctl - 0x100005412 EPERM"
	assert_has_line "ioctl - 0x541c EPERM"
	assert_has_line "ioctl - 0x10000541c EPERM"
	assert_host_clean
}

# ---- file descriptor arguments ----------------------------------------------------

FD_OPTS_ONE=(--info-fd --json-status-fd --block-fd --userns-block-fd --sync-fd --seccomp
	--add-seccomp-fd --args --userns --userns2 --pidns)
FD_OPTS_DEST=(--file --bind-data --ro-bind-data --bind-fd --ro-bind-fd)

# assert_fd_values_refused VALUE...: every fd option rejects each VALUE,
# naming itself and quoting the value
assert_fd_values_refused() {
	local opt v
	for opt in "${FD_OPTS_ONE[@]}" "${FD_OPTS_DEST[@]}"; do
		for v in "$@"; do
			if [[ " ${FD_OPTS_DEST[*]} " == *" $opt "* ]]; then
				quick_refused "$opt" "$v" /x
			else
				quick_refused "$opt" "$v"
			fi
			# bubblewrap's words, without the option: scripts match them
			assert_bwrap_error "bwrap: Invalid fd: $v" || { echo "option: $opt '$v'" >&2; return 1; }
		done
	done
}

@test "negative, signed and space-padded fd numbers are rejected by every fd option" {
	assert_fd_values_refused -1 +3 " 3" "3 "
	assert_not_ran
	assert_host_clean
}

@test "non-numeric, empty and overflowing fd numbers are rejected by every fd option" {
	assert_fd_values_refused abc "" 3x 0x3 99999999999999999999 4294967299
	assert_not_ran
	assert_host_clean
}

@test "an fd number that is not open is rejected by every fd option" {
	local opt fd
	fd=$(closed_fd)
	for opt in "${FD_OPTS_ONE[@]}" "${FD_OPTS_DEST[@]}"; do
		if [[ " ${FD_OPTS_DEST[*]} " == *" $opt "* ]]; then
			run_refused "$opt" "$fd" /x
		else
			run_refused "$opt" "$fd"
		fi
		assert_bwrap_error "$opt" || { echo "option: $opt" >&2; return 1; }
		assert_stderr_contains "$fd"
		[[ $stderr == *"not an open file descriptor"* || $stderr == *"Bad file descriptor"* ]] ||
			flunk "$opt: expected a closed-descriptor message"
	done
	assert_not_ran
	assert_host_clean
}

@test "a regular file as --userns or --pidns is a clear setns error" {
	run_refused --userns 5 5<"$VICTIM"
	assert_bwrap_error "--userns"
	assert_stderr_contains "setns"
	run_refused --pidns 5 5<"$VICTIM"
	assert_bwrap_error "--pidns"
	assert_stderr_contains "setns"
	run_refused --unshare-pid --pidns 5 5<"$VICTIM"
	assert_bwrap_error "--pidns"
	# the namespace of the wrong type fails the same way
	run_refused --userns 5 5</proc/self/ns/net
	assert_bwrap_error "--userns"
	assert_stderr_contains "setns"
	assert_not_ran
	assert_host_clean
}

@test "a pipe as --bind-fd or --ro-bind-fd is not reachable from the host root" {
	local opt
	for opt in --bind-fd --ro-bind-fd; do
		run_refused "$opt" 5 /x 5< <(echo data)
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "not reachable from the host root"
	done
	assert_not_ran
	assert_host_clean
}

@test "a directory as the data of --file, --bind-data or --seccomp is a clear error" {
	local opt
	for opt in --file --bind-data --ro-bind-data; do
		run_refused "$opt" 5 /x 5<"$TARGET"
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "Is a directory"
	done
	for opt in --seccomp --add-seccomp-fd; do
		run_refused "$opt" 5 5<"$TARGET"
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "Is a directory"
	done
	assert_not_ran
	assert_host_clean
}

@test "status fds opened for reading and a block fd opened for writing are clear errors" {
	local opt
	for opt in --info-fd --json-status-fd; do
		run_refused "$opt" 5 5<"$VICTIM"
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "Bad file descriptor"
	done
	run_refused --block-fd 5 5>>"$BATS_TEST_TMPDIR/block"
	assert_bwrap_error "--block-fd"
	assert_stderr_contains "Bad file descriptor"
	assert_not_ran
	assert_host_clean
}

# ---- --args -------------------------------------------------------------------------

@test "--args: the last argument may end at the end of the data, as with bubblewrap" {
	run_bwrap --args 5 sh -c 'echo "$V"' 5< <(printf -- '--setenv\0V\0unterminated')
	assert_success
	assert_output "unterminated"
	# an option at the end of the data still needs its argument
	run_bwrap_bare --args 5 5< <(printf -- '--unshare-pid\0--dir')
	assert_bwrap_error "--dir"
	assert_host_clean
}

@test "--args: empty data adds nothing; a closed fd and a directory are rejected" {
	run_bwrap --args 5 echo no-arguments 5</dev/null
	assert_success
	assert_output "no-arguments"
	run_refused --args "$(closed_fd)"
	assert_bwrap_error "--args"
	run_refused --args 5 5<"$TARGET"
	assert_bwrap_error "--args"
	assert_stderr_contains "Is a directory"
	assert_not_ran
	assert_host_clean
}

@test "--args: endless data is an error; an fd that names itself again ends" {
	local t0
	cpu_mark
	t0=$CPU_MS
	run_refused --args 5 5</dev/zero
	cpu_mark
	assert_bwrap_error "--args"
	((CPU_MS - t0 < 5000)) || flunk "reading /dev/zero took $((CPU_MS - t0)) ms of CPU"
	# "--args 5" inside the data of fd 5: the second read finds the end,
	# which adds nothing (as empty data does)
	run_bwrap --args 5 echo ended 5< <(printf '%s\0' --args 5)
	assert_success
	assert_output "ended"
	assert_host_clean
}

# ---- seccomp programs -------------------------------------------------------------

@test "seccomp programs of 7 bytes, empty, or too long are rejected, the command does not run" {
	local opt
	for opt in --seccomp --add-seccomp-fd; do
		run_refused "$opt" 5 5< <(printf 'ABCDEFG')
		assert_bwrap_error "Invalid seccomp data, must be multiple of 8" || return
		run_refused "$opt" 5 5</dev/null
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "empty"
		run_refused "$opt" 5 5< <(head -c $((4097 * 8)) /dev/zero)
		assert_bwrap_error "$opt" || return
		assert_stderr_contains "longer"
	done
	assert_not_ran
	assert_host_clean
}

@test "8 bytes of garbage as a seccomp program are rejected by the kernel, the command does not run" {
	local opt
	for opt in --seccomp --add-seccomp-fd; do
		run_refused "$opt" 5 5< <(printf '\377\377\377\377\377\377\377\377')
		assert_bwrap_error "seccomp" || return
		assert_stderr_contains "Invalid argument"
		# a lone load, with no return, is no program either
		run_refused "$opt" 5 5< <(printf '\040\000\000\000\000\000\000\000')
		assert_bwrap_error "seccomp" || return
	done
	run_refused --add-seccomp-fd 5 --add-seccomp-fd 6 5< <(printf '\006\000\000\000\000\000\377\177') \
		6< <(printf 'garbage!')
	assert_bwrap_error "seccomp"
	assert_not_ran
	assert_host_clean
}

# ---- numbers -------------------------------------------------------------------------

@test "--perms out of range or malformed is rejected" {
	local v
	for v in 10000 17777 8 9 -1 4294967295 1e3 "" 0755x " 755" 0o755 0x1ff +755; do
		quick_refused --perms "$v" --dir "/$PWN"
		assert_bwrap_error "--perms" || { echo "value: '$v'" >&2; return 1; }
		assert_stderr_contains "'$v'"
	done
	assert_not_ran
	assert_host_clean
}

@test "--chmod with a mode out of range or malformed is rejected" {
	local v
	for v in 10000 8 -1 1e3 "" rwx 0755x " 644" 0x1ff; do
		quick_refused --chmod "$v" /usr
		assert_bwrap_error "--chmod" || { echo "value: '$v'" >&2; return 1; }
		assert_stderr_contains "'$v'"
	done
	assert_not_ran
	assert_host_clean
}

@test "--size zero, negative, malformed or overflowing is rejected" {
	local v
	for v in 0 -1 1e3 "" 10k 1M " 1" 0x10 +5 99999999999999999999 18446744073709551616; do
		quick_refused --size "$v" --tmpfs "/$PWN"
		assert_bwrap_error "--size" || { echo "value: '$v'" >&2; return 1; }
		assert_stderr_contains "'$v'"
	done
	assert_not_ran
	assert_host_clean
}

@test "--uid and --gid out of range or malformed are rejected" {
	local opt v
	for opt in --uid --gid; do
		for v in 4294967295 4294967296 -1 1e3 "" 5x +5 " 5" 0x10 99999999999999999999; do
			quick_refused --unshare-user "$opt" "$v"
			assert_bwrap_error "$opt" || { echo "value: '$v'" >&2; return 1; }
			assert_stderr_contains "'$v'"
		done
	done
	assert_not_ran
	assert_host_clean
}

# ---- paths ---------------------------------------------------------------------------

@test "paths longer than PATH_MAX are rejected naming the option, the message stays short" {
	local long i opt
	long=""
	for ((i = 0; i < 17; i++)); do
		long+=/$(printf '%0250d' "$i")
	done
	for opt in --dir --tmpfs --chdir --remount-ro --proc --dev --lock-file --overlay-src \
		"--bind /usr" "--ro-bind /usr" "--file 0" "--bind-data 0" "--chmod 0755" "--symlink /x"; do
		# shellcheck disable=SC2086
		run_refused $opt "$long" </dev/null
		assert_bwrap_error "${opt%% *}" || { echo "option: $opt" >&2; return 1; }
		assert_stderr_contains "PATH_MAX"
		((${#stderr} < 2048)) || flunk "$opt: a ${#stderr}-byte message"
	done
	# as the source of a bind and the target of a symlink
	run_refused --bind "$long" /x
	assert_bwrap_error "--bind"
	assert_stderr_contains "PATH_MAX"
	run_refused --symlink "$long" /x
	assert_bwrap_error "--symlink"
	assert_stderr_contains "PATH_MAX"
	assert_not_ran
	assert_host_clean
}

@test "a path component longer than NAME_MAX is rejected naming the option" {
	local c255 c256 opt
	printf -v c255 '%0255d' 0
	c256=${c255}1
	for opt in --dir --tmpfs --chdir "--bind /usr" "--file 0" "--symlink /x"; do
		# shellcheck disable=SC2086
		run_refused $opt "/d/$c256/x" </dev/null
		assert_bwrap_error "${opt%% *}" || { echo "option: $opt" >&2; return 1; }
		assert_stderr_contains "NAME_MAX"
	done
	run_bwrap --dir "/$c255" sh -c "test -d /$c255 && echo inside" "$MARK"
	assert_success
	assert_output "inside"
	assert_not_ran
	assert_host_clean
}

# assert_escaped: one line on stderr, without raw control characters
assert_escaped() {
	[[ $stderr != *$'\n'* ]] || { flunk "expected one line on stderr"; return 1; }
	local cc=$'[\x01-\x1f\x7f]'
	[[ ! $stderr =~ $cc ]] || flunk "raw control characters on stderr"
}

@test "control characters in paths are printed escaped, on one line" {
	run_refused --bind $'/no\nsuch\e[31m' /x
	assert_bwrap_error "Can't find source path"
	assert_escaped
	assert_stderr_contains '/no\x0asuch\x1b[31m'
	run_refused --chdir $'/a\nb'
	assert_bwrap_error "--chdir"
	assert_escaped
	assert_stderr_contains '/a\x0ab'
	run_refused --tmpfs /t --remount-ro $'/t/\x7f\ty'
	assert_bwrap_error "--remount-ro"
	assert_escaped
	assert_stderr_contains '/t/\x7f\x09y'
	run_refused --dir $'/\r/x' --chmod 0755 $'/\r/missing\\'
	assert_bwrap_error "--chmod"
	assert_escaped
	assert_stderr_contains '/\x0d/missing\x5c'
	assert_not_ran
	assert_host_clean
}

@test "--setenv and --unsetenv with '=' in the name are rejected, control characters escaped" {
	run_refused --setenv A=B value
	assert_bwrap_error "--setenv"
	assert_stderr_contains "'A=B'"
	run_refused --setenv $'X=\nY' value
	assert_bwrap_error "--setenv"
	assert_escaped
	assert_stderr_contains 'X=\x0aY'
	run_refused --unsetenv $'=\e'
	assert_bwrap_error "--unsetenv"
	assert_escaped
	run_refused --setenv "" value
	assert_bwrap_error "--setenv"
	assert_not_ran
	assert_host_clean
}

@test "unknown options and missing commands with control characters are printed escaped" {
	run_refused $'--bi\nnd'
	assert_bwrap_error "--bi"
	assert_escaped
	assert_stderr_contains '--bi\x0and'
	run_bwrap $'/no\ncmd\e'
	assert_bwrap_error "execvp"
	assert_escaped
	assert_stderr_contains '/no\x0acmd\x1b'
	assert_host_clean
}

# ---- huge command lines ----------------------------------------------------------

# nul_args N FORMAT: N NUL-terminated groups of arguments, FORMAT being a
# Python format string with {i} for the index and \0 between arguments
# (generated outside bash: a shell loop under bats is slow)
nul_args() {
	"$FS_PYTHON" -c '
import sys
n, fmt = int(sys.argv[1]), sys.argv[2].replace("\\0", "\0")
sys.stdout.write("".join(fmt.format(i=i) for i in range(n)))' "$1" "$2"
}

@test "5,000 --setenv pairs (10,000 arguments) work and finish quickly" {
	local args t0
	mapfile -d '' -t args < <(nul_args 5000 '--setenv\0V{i}\0x{i}\0')
	assert_equal "${#args[@]}" 15000 "arguments generated"
	cpu_mark
	t0=$CPU_MS
	run_bwrap "${args[@]}" sh -c 'env | grep -c "^V[0-9]*=x"; echo "$V4999"' "$MARK"
	cpu_mark
	((CPU_MS - t0 < 5000)) || flunk "took $((CPU_MS - t0)) ms of CPU"
	assert_success
	assert_output $'5000\nx4999'
	assert_host_clean
}

@test "3,300 --dir and 3,300 --tmpfs operations work and finish quickly" {
	local args t0
	mapfile -d '' -t args < <(nul_args 3300 '--dir\0/d/{i}\0--tmpfs\0/t/{i}\0')
	cpu_mark
	t0=$CPU_MS
	run_bwrap "${args[@]}" sh -c 'ls /d | wc -l; ls /t | wc -l; grep -c " /t/" /proc/self/mountinfo' "$MARK"
	cpu_mark
	((CPU_MS - t0 < 10000)) || flunk "took $((CPU_MS - t0)) ms of CPU"
	assert_success
	assert_output $'3300\n3300\n3300'
	assert_host_clean
}

@test "10,000 arguments through --args work; more than the limit is a clear error" {
	local t0
	cpu_mark
	t0=$CPU_MS
	run_bwrap --args 5 sh -c 'env | grep -c "^V[0-9]*=x"' "$MARK" \
		5< <(nul_args 3333 '--setenv\0V{i}\0x{i}\0')
	cpu_mark
	((CPU_MS - t0 < 5000)) || flunk "took $((CPU_MS - t0)) ms of CPU"
	assert_success
	assert_output "3333"
	run_refused --args 5 5< <(nul_args 60000 '--unshare-pid\0--unshare-net\0')
	assert_bwrap_error "--args"
	assert_stderr_contains "too many arguments"
	assert_not_ran
	assert_host_clean
}

# ---- the command ---------------------------------------------------------------------

@test "options after -- are the command: execvp of --help, --version, --bind fails" {
	local opt
	for opt in --help --version --bind --; do
		run_bwrap --bind "$OUT" /out -- "$opt" /usr /x
		assert_bwrap_error "execvp" || { echo "command: $opt" >&2; return 1; }
		assert_stderr_contains "execvp $opt"
	done
	# the same through --args
	run_bwrap --args 5 5< <(printf '%s\0' -- --help)
	assert_bwrap_error "execvp --help"
	assert_host_clean
}

# ---- privileges ------------------------------------------------------------------------

@test "a setuid-root copy of bwrap refuses to run" {
	skip_unless_root "making a setuid-root copy needs root"
	need_test_user
	make_public_dir
	[[ ,$(findmnt -n -o OPTIONS -T "$PUB"), != *,nosuid,* ]] || skip "$PUB is on a nosuid mount"
	cp "$BWRAP" "$PUB/bwrap"
	chown root:root "$PUB/bwrap"
	chmod 4755 "$PUB/bwrap"
	cd /
	run --separate-stderr runuser -u "$TEST_USER" -- "$PUB/bwrap" "${BW_ROOT[@]}" sh -c 'echo ran' "$MARK"
	assert_bwrap_error "setuid"
	assert_stderr_contains "refusing to run setuid"
	assert_host_clean
}

@test "setgid and file-capability copies of bwrap refuse to run" {
	skip_unless_root "making a privileged copy needs root"
	need_test_user
	make_public_dir
	[[ ,$(findmnt -n -o OPTIONS -T "$PUB"), != *,nosuid,* ]] || skip "$PUB is on a nosuid mount"
	cp "$BWRAP" "$PUB/bwrap-sgid"
	chown root:root "$PUB/bwrap-sgid"
	chmod 2755 "$PUB/bwrap-sgid"
	cd /
	run --separate-stderr runuser -u "$TEST_USER" -- "$PUB/bwrap-sgid" "${BW_ROOT[@]}" sh -c 'echo ran' "$MARK"
	assert_bwrap_error "setgid"
	assert_stderr_contains "refusing to run setuid"
	command -v setcap >/dev/null || skip "setcap is not installed"
	cp "$BWRAP" "$PUB/bwrap-caps"
	chmod 0755 "$PUB/bwrap-caps"
	setcap cap_dac_override+ep "$PUB/bwrap-caps" || skip "cannot set file capabilities here"
	run --separate-stderr runuser -u "$TEST_USER" -- "$PUB/bwrap-caps" "${BW_ROOT[@]}" sh -c 'echo ran' "$MARK"
	assert_bwrap_error "capabilities"
	assert_host_clean
}

@test "no capabilities in any set: the command (uid 0 too, pid 1 too); the reaper holds only its guard" {
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --gid 0 --unshare-pid grep ^Cap /proc/self/status
	assert_success
	assert_no_caps 5
	# the reaper: CAP_SETPCAP (bit 8) permitted and bounding, never effective,
	# so that the command cannot reach it through ptrace or /proc/1
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --gid 0 --unshare-pid grep ^Cap /proc/1/status
	assert_success
	assert_output "$(printf 'CapInh:\t%016x\nCapPrm:\t%016x\nCapEff:\t%016x\nCapBnd:\t%016x\nCapAmb:\t%016x' 0 256 0 256 0)"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --gid 0 --unshare-pid --as-pid-1 grep ^Cap /proc/1/status
	assert_success
	assert_no_caps 5
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid sh -c 'grep ^Cap /proc/self/status' "$MARK"
	assert_success
	assert_no_caps 5
	assert_host_clean
}

@test "a setuid-root binary in a bound directory gains nothing inside" {
	skip_unless_root "making a setuid-root binary needs root"
	need_test_user
	make_public_dir
	[[ ,$(findmnt -n -o OPTIONS -T "$PUB"), != *,nosuid,* ]] || skip "$PUB is on a nosuid mount"
	cp /usr/bin/id "$PUB/id"
	chown root:root "$PUB/id"
	chmod 4755 "$PUB/id"
	cp "$BWRAP" "$PUB/bwrap"
	chmod 0755 "$PUB/bwrap"
	cd /
	local uid
	uid=$(id -u "$TEST_USER")
	# control: on the host it works
	run runuser -u "$TEST_USER" -- "$PUB/id" -u
	assert_output "0"
	run --separate-stderr runuser -u "$TEST_USER" -- "$PUB/bwrap" "${BW_ROOT[@]}" --bind "$PUB" /s \
		sh -c '/s/id -u; /s/id -ru; grep ^CapEff /proc/self/status; '"$FS_DUMP_MOUNTS" "$MARK"
	assert_success
	assert_equal "${lines[0]}" "$uid" "the effective uid"
	assert_equal "${lines[1]}" "$uid" "the real uid"
	[[ ${lines[2]} =~ :[[:space:]]+0{16}$ ]] || flunk "expected no capabilities"
	fs_assert_mount_opt /s nosuid
	assert_host_clean
}

# ---- process lifetime and signals ---------------------------------------------------

# wait up to 20 s for every process holding $MARK to be gone: prompt death
# takes milliseconds; the bound, far below the sandbox's 60 s sleep, only
# has to hold on a busy machine
marker_gone_soon() {
	local i
	for ((i = 0; i < 400; i++)); do
		[[ -z $(marker_pids) ]] && return 0
		sleep 0.05
	done
	return 1
}

@test "--die-with-parent: SIGKILL of the parent kills the sandbox, not 60 s later" {
	sh -c '"$@" & wait' sh "$BWRAP" "${BW_ROOT[@]}" --die-with-parent \
		sh -c 'sleep 60; :' "$MARK" >/dev/null 2>&1 3>&- &
	local parent=$!
	wait_for_pattern "^sh -c sleep 60; : $MARK" || { kill -KILL "$parent"; return 1; }
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null || true
	marker_gone_soon || flunk "still running 20 s after the parent died: $(marker_pids)"
	assert_host_clean
}

@test "--die-with-parent --unshare-pid: the command and a background grandchild die with the parent" {
	sh -c '"$@" & wait' sh "$BWRAP" "${BW_ROOT[@]}" --die-with-parent --unshare-pid \
		sh -c 'sh -c "sleep 60; :" "$0-grandchild" & sleep 60; :' "$MARK" >/dev/null 2>&1 3>&- &
	local parent=$!
	wait_for_pattern "^sh -c sleep 60; : $MARK-grandchild" || { kill -KILL "$parent"; return 1; }
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null || true
	marker_gone_soon || flunk "still running 20 s after the parent died: $(marker_pids)"
	assert_host_clean
}

# signal_run SIG trap|none [ARG...]: start bwrap (minimal root, ARG...) in
# the background with a command that, when told "trap", traps SIG and
# exits 42; once it is ready send SIG to bwrap; bwrap's exit status is left
# in $status
signal_run() {
	local sig=$1 how=$2 script
	shift 2
	mkdir -p "$BATS_TEST_TMPDIR/ready"
	rm -f "$BATS_TEST_TMPDIR/ready/go"
	script=': > /ready/go; while :; do sleep 0.05; done'
	[[ $how == trap ]] && script="trap 'exit 42' $sig; $script"
	# default dispositions: a background job of a script ignores SIGINT
	env --default-signal "$BWRAP" "${BW_ROOT[@]}" --bind "$BATS_TEST_TMPDIR/ready" /ready "$@" \
		sh -c "$script" "$MARK" </dev/null >/dev/null 2>&1 3>&- &
	local pid=$!
	if ! fs_wait_file "$BATS_TEST_TMPDIR/ready/go"; then
		kill -KILL "$pid"
		wait "$pid" || true
		return 1
	fi
	kill -"$sig" "$pid"
	status=0
	wait "$pid" || status=$?
}

@test "SIGTERM, SIGINT and SIGHUP to bwrap reach the command, which exits 42 from its trap" {
	local sig
	for sig in TERM INT HUP; do
		signal_run "$sig" trap
		assert_status 42 || { echo "signal: $sig" >&2; return 1; }
	done
	assert_host_clean
}

@test "with --unshare-pid SIGTERM, SIGINT and SIGHUP are forwarded through the reaper" {
	local sig
	for sig in TERM INT HUP; do
		signal_run "$sig" trap --unshare-pid
		assert_status 42 || { echo "signal: $sig" >&2; return 1; }
	done
	assert_host_clean
}

@test "a command without a trap dies of the signal: bwrap exits 128+N" {
	local sig pidns
	for pidns in "" --unshare-pid; do
		for sig in TERM INT HUP; do
			# shellcheck disable=SC2086
			signal_run "$sig" none $pidns
			assert_status $((128 + $(kill -l "$sig"))) || { echo "signal: $sig $pidns" >&2; return 1; }
		done
	done
	assert_host_clean
}

@test "a signal to bwrap the moment the command starts is forwarded, not lost with bwrap" {
	# the command signals bwrap (its parent, without --unshare-pid) before
	# bwrap has heard that it started: bwrap must hold the signal and
	# forward it, not die of it and leave the command running
	run_bwrap sh -c 'kill -TERM $PPID; sleep 2; echo survived' "$MARK"
	assert_status 143
	[[ $output != *survived* ]] || flunk "the command outlived bwrap: $output"
	wait_marker_gone || flunk "left behind: $(marker_pids)"
	assert_host_clean
}

# bwrap blocks the signals it forwards before the command can start; the
# command still gets the mask bwrap was started with (here: SIGUSR1 only;
# grep run directly: a shell may reset the mask it was given)
@test "the command gets the caller's signal mask, not the signals bwrap holds to forward" {
	local pidns
	for pidns in "" --unshare-pid; do
		# shellcheck disable=SC2016
		run --separate-stderr "$FS_PYTHON" -c 'import os, signal, sys
signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGUSR1})
os.execv(sys.argv[1], sys.argv[1:])' "$BWRAP" "${BW_ROOT[@]}" $pidns \
			grep SigBlk /proc/self/status
		assert_success
		assert_output "$(printf 'SigBlk:\t%016x' $((1 << ($(kill -l USR1) - 1))))" ||
			{ echo "options: $pidns" >&2; return 1; }
	done
	assert_host_clean
}

# ---- descriptors -------------------------------------------------------------------------

@test "none of bwrap's descriptors reach the command, only 0, 1, 2 and the one passed on purpose" {
	local t=$BATS_TEST_TMPDIR
	printf '\006\000\000\000\000\000\377\177' >"$t/allow.bpf"
	printf -- '--die-with-parent\0' >"$t/args"
	echo x >"$t/block"
	echo data >"$t/data"
	local pidns
	for pidns in "" --unshare-pid; do
		# shellcheck disable=SC2086
		run --separate-stderr "$FS_PYTHON" -c "$LAUNCH" 4:r:"$VICTIM" 5:w:"$t/info" 6:w:"$t/json" \
			7:r:"$t/data" 8:r:"$t/data" 9:r:"$t/args" 10:r:"$t/block" 11:r:"$t/allow.bpf" \
			12:r:"$t/allow.bpf" 13:d:"$TARGET" 14:r:"$t/data" -- \
			"$BWRAP" "${BW_ROOT[@]}" $pidns --info-fd 5 --json-status-fd 6 --file 7 /f \
			--bind-data 8 /g --args 9 --block-fd 10 --seccomp 11 --seccomp 12 --bind-fd 13 /h \
			--ro-bind-data 14 /i --lock-file /usr/bin/env \
			sh -c 'ls /proc/self/fd; cat /h/victim' "$MARK"
		assert_success
		# ls holds 3 while listing; 4 was passed on purpose
		assert_output $'0\n1\n2\n3\n4\nvictim data' || { echo "options: $pidns" >&2; return 1; }
		grep -q '"child-pid"' "$t/info" || flunk "nothing written to --info-fd"
		grep -q '"exit-code"' "$t/json" || flunk "nothing written to --json-status-fd"
	done
	assert_host_clean
}

@test "--unshare-pid: the reaper's descriptors cannot be opened from the command" {
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid --lock-file /usr/bin/env "${PROBE_CMD[@]}" read /proc/1/fd/0 \
		read /proc/1/fd/1 read /proc/1/fd/2 setns /proc/1/fd/0
	assert_success
	assert_has_line "read /proc/1/fd/0 EACCES"
	assert_has_line "read /proc/1/fd/1 EACCES"
	assert_has_line "read /proc/1/fd/2 EACCES"
	assert_has_line "setns /proc/1/fd/0 EACCES"
	# its fd numbers may be listed (by a caller with the same uid), not opened
	run_bwrap "${BW_NOCAPS[@]}" --unshare-pid sh -c 'for f in /proc/1/fd/*; do [ -e "$f" ] || continue; cat "$f" > /dev/null 2>&1 && echo "opened $f"; done; echo done' "$MARK"
	assert_success
	assert_output "done"
	assert_host_clean
}

# ---- code from the sandbox's root -------------------------------------------------

@test "libselinux is loaded from the host's root, never from the sandbox's" {
	command -v cc >/dev/null || skip "no C compiler to build a stand-in library"
	local real
	real=$(ldconfig -p | sed -n 's/^[[:space:]]*libselinux\.so\.1 (libc6,x86-64) => //p' | head -n 1)
	[[ -n $real && -e $real ]] || skip "the host has no libselinux.so.1"
	local t=$BATS_TEST_TMPDIR
	printf '%s\n' '#include <unistd.h>' \
		'__attribute__((constructor)) static void hi(void)' \
		'{ static const char m[] = "STAND-IN LIBSELINUX RAN\n"; write(2, m, sizeof m - 1); }' \
		>"$t/fake.c"
	cc -shared -fPIC -o "$t/libselinux.so.1" "$t/fake.c" || skip "cannot build a shared library"
	chmod a+r "$t/libselinux.so.1"
	local opt
	for opt in --exec-label --file-label; do
		run_bwrap_bare --ro-bind / / --ro-bind "$t/libselinux.so.1" "$real" \
			"$opt" system_u:system_r:unconfined_t:s0 true
		[[ $stderr != *"STAND-IN LIBSELINUX RAN"* ]] ||
			flunk "$opt: bwrap ran the sandbox's libselinux.so.1"
		[[ $stderr != *"cannot load libselinux"* ]] || skip "bwrap was built without SELinux support"
		assert_success
	done
}
