# fs-lib.bash - helpers for filesystem.bats and escapes.bats.
#
# Usage from a .bats file, after 'load lib':   load fs-lib
#
# Mount checks work on a copy of the sandbox's /proc/self/mountinfo that the
# sandboxed command printed on stdout: put "$FS_DUMP_MOUNTS" (a shell
# command) at the end of the sandboxed script, then query $output with
# fs_mount_line / fs_assert_mount_opt / fs_assert_fstype.

# Shell command for inside the sandbox: print the mount table.
FS_DUMP_MOUNTS='cat /proc/self/mountinfo'

# fs_mount_line DEST: the last mountinfo line in $output whose mount point
# is DEST (the one on top); fails when there is none.
fs_mount_line() {
	printf '%s\n' "$output" | awk -v m="$1" '
		$1 ~ /^[0-9]+$/ && $2 ~ /^[0-9]+$/ && NF >= 10 && $5 == m { l = $0 }
		END { if (l == "") exit 1; print l }'
}

# fs_assert_mount_opt DEST OPT: the per-mount options of DEST include OPT
# (e.g. ro, rw, nosuid, nodev).
fs_assert_mount_opt() {
	local l opts
	l=$(fs_mount_line "$1") || flunk "no mount on $1 in the sandbox's mountinfo" || return
	opts=$(awk '{ print $6 }' <<<"$l")
	[[ ,$opts, == *",$2,"* ]] || flunk "expected mount option '$2' on $1: $l"
}

# fs_assert_fstype DEST TYPE: DEST is a mount of filesystem type TYPE
fs_assert_fstype() {
	local l rest
	l=$(fs_mount_line "$1") || flunk "no mount on $1 in the sandbox's mountinfo" || return
	rest=${l#* - }
	[[ ${rest%% *} == "$2" ]] || flunk "expected a $2 mount on $1: $l"
}

# fs_assert_super_opt DEST OPT: the superblock options of DEST include OPT
# (e.g. size=1024k, mode=700)
fs_assert_super_opt() {
	local l super
	l=$(fs_mount_line "$1") || flunk "no mount on $1 in the sandbox's mountinfo" || return
	super=${l##* }
	[[ ,$super, == *",$2,"* ]] || flunk "expected superblock option '$2' on $1: $l"
}

# fs_refute_mount DEST: nothing is mounted on DEST in the sandbox
fs_refute_mount() {
	local l
	if l=$(fs_mount_line "$1"); then
		flunk "expected no mount on $1: $l"
	fi
}

# Python with only the standard library, from /usr (a pyenv shim on PATH may
# not be usable by every user).
FS_PYTHON=/usr/bin/python3

fs_need_python() {
	[[ -x $FS_PYTHON ]] || skip "$FS_PYTHON is not installed"
}

# fs_try_lock FILE: try, from the host, to take an exclusive POSIX record
# lock on FILE without waiting. Prints "free" when it could (and drops it
# again) or "locked ERRNO-NAME" when another process holds a lock.
fs_try_lock() {
	"$FS_PYTHON" -c '
import errno, fcntl, sys
with open(sys.argv[1], "r+") as f:
    try:
        fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as e:
        print("locked", errno.errorcode.get(e.errno, e.errno))
    else:
        print("free")
' "$1"
}

# fs_wait_file PATH: wait up to 30 s for PATH to exist (it returns as soon as
# PATH appears: the bound only ends a hung test)
fs_wait_file() {
	local i
	for ((i = 0; i < 600; i++)); do
		[[ -e $1 ]] && return 0
		sleep 0.05
	done
	echo "FAILED: $1 did not appear" >&2
	return 1
}

# fs_host_mode PATH: the host's view of PATH's permission bits (octal)
fs_host_mode() {
	stat -c %a -- "$1"
}
