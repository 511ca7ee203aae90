#!/usr/bin/env bats
# filesystem.bats - the filesystem operations that go beyond plain binds:
# binds of open fds, files and bind mounts made from fd data, modes
# (--perms, --chmod), tmpfs sizes, mqueue, lock files, overlays,
# submounts and --remount-ro.

load lib
load fs-lib

# $SRC: a host directory holding "file" with "host data" in it
make_src() {
	SRC=$BATS_TEST_TMPDIR/src
	mkdir -p "$SRC"
	echo "host data" >"$SRC/file"
}

# Overlay layers on the host: $LOW_A and $LOW_B (B above A), plus an
# upper ($UPPER) and work ($WORK) directory for --overlay.
make_layers() {
	LOW_A=$BATS_TEST_TMPDIR/lower-a
	LOW_B=$BATS_TEST_TMPDIR/lower-b
	UPPER=$BATS_TEST_TMPDIR/upper
	WORK=$BATS_TEST_TMPDIR/work
	mkdir -p "$LOW_A" "$LOW_B" "$UPPER" "$WORK"
	echo "from a" >"$LOW_A/both"
	echo "only a" >"$LOW_A/a-file"
	echo "from b" >"$LOW_B/both"
	echo "only b" >"$LOW_B/b-file"
}

# Whether the caller can mount an overlay where bwrap mounts one, probed
# outside any sandbox: root (no user namespace) always can; anyone else
# does it in a user namespace, which Linux allows from 5.11.
overlay_in_userns_works() {
	is_root && return 0
	local d=$BATS_TEST_TMPDIR/overlay-probe
	mkdir -p "$d/l1" "$d/l2" "$d/m"
	unshare --user --map-root-user --mount \
		mount -t overlay overlay -o "lowerdir=$d/l1:$d/l2" "$d/m" 2>/dev/null
}

need_overlay() {
	overlay_in_userns_works ||
		skip "this kernel ($(uname -r)) mounts no overlay in a user namespace; the clear error is tested"
}

# Every file under the overlay layers, with its contents: used to show
# that nothing in them changed.
layers_state() {
	local f
	for f in $(find "$LOW_A" "$LOW_B" -mindepth 1 | LC_ALL=C sort); do
		printf '%s: %s\n' "${f#"$BATS_TEST_TMPDIR"/}" "$(cat "$f")"
	done
}

# ---- --bind-fd, --ro-bind-fd ------------------------------------------------------

@test "--bind-fd binds an open directory fd read-write" {
	make_src
	exec {dfd}<"$SRC"
	run_bwrap --bind-fd "$dfd" /d sh -c "cat /d/file && echo new > /d/created && $FS_DUMP_MOUNTS"
	exec {dfd}<&-
	assert_success
	[[ ${lines[0]} == "host data" ]] || flunk "expected the host file's contents first"
	fs_assert_mount_opt /d rw
	fs_assert_mount_opt /d nosuid
	[[ $(cat "$SRC/created" 2>/dev/null) == new ]] || flunk "the write did not reach the host directory"
}

@test "--ro-bind-fd binds an open directory fd read-only" {
	make_src
	exec {dfd}<"$SRC"
	run_bwrap --ro-bind-fd "$dfd" /d sh -c "cat /d/file; $FS_DUMP_MOUNTS; echo x > /d/file"
	exec {dfd}<&-
	assert_failure
	[[ ${lines[0]} == "host data" ]] || flunk "expected the host file's contents first"
	fs_assert_mount_opt /d ro
	assert_stderr_contains "Read-only file system"
	assert_equal "$(cat "$SRC/file")" "host data" "the host file must be unchanged"
}

@test "--bind-fd accepts an O_PATH directory fd" {
	fs_need_python
	make_src
	run --separate-stderr "$FS_PYTHON" -c '
import os, sys
fd = os.open(sys.argv[1], os.O_PATH | os.O_DIRECTORY)
os.dup2(fd, 7)
os.execv(sys.argv[2], sys.argv[2:])
' "$SRC" "$BWRAP" "${BW_ROOT[@]}" --bind-fd 7 /d cat /d/file
	assert_success
	assert_output "host data"
}

@test "--bind-fd with a descriptor that is not open fails" {
	run_bwrap --bind-fd 99 /d true
	assert_bwrap_error --bind-fd 99
}

@test "--ro-bind-fd with a non-numeric descriptor fails" {
	run_bwrap --ro-bind-fd abc /d true
	assert_bwrap_error --ro-bind-fd abc
}

# ---- --file --------------------------------------------------------------------

@test "--file from a pipe: the data, in a new file of mode 0666" {
	run_bwrap --file 3 /f sh -c 'stat -c %a /f; cat /f' 3< <(printf 'piped data')
	assert_success
	assert_output $'666\npiped data'
}

@test "--file from a heredoc" {
	run_bwrap --file 5 /etc/motd cat /etc/motd 5<<'EOF'
line one
line two
EOF
	assert_success
	assert_output $'line one\nline two'
}

@test "--file from a regular file copies every byte" {
	local src=$BATS_TEST_TMPDIR/blob
	printf 'a\0b\377c\n\n' >"$src"
	head -c 100000 /dev/urandom >>"$src"
	local want
	want=$(cksum <"$src")
	run_bwrap --file 3 /blob sh -c 'cksum < /blob' 3<"$src"
	assert_success
	assert_output "$want"
}

@test "--perms 0640 --file creates the file with mode 0640" {
	run_bwrap --perms 0640 --file 3 /f stat -c %a /f 3<<<"x"
	assert_success
	assert_output "640"
}

@test "--file creates the missing parent directories" {
	run_bwrap --file 3 /a/b/f sh -c 'stat -c %a /a /a/b; cat /a/b/f' 3<<<"deep"
	assert_success
	assert_output $'755\n755\ndeep'
}

@test "--file is a copy: not a mount, writable, the source is unchanged" {
	local src=$BATS_TEST_TMPDIR/orig
	echo original >"$src"
	run_bwrap --file 3 /f sh -c "echo changed > /f && cat /f && $FS_DUMP_MOUNTS" 3<"$src"
	assert_success
	[[ ${lines[0]} == changed ]] || flunk "the copy should be writable"
	fs_refute_mount /f
	assert_equal "$(cat "$src")" original "the source must be unchanged"
}

@test "--file with a descriptor that is not open fails" {
	run_bwrap --file 99 /f true
	assert_bwrap_error --file 99
}

@test "--file under a read-only bind fails" {
	make_src
	run_bwrap --ro-bind "$SRC" /ro --file 3 /ro/new true 3<<<"x"
	assert_bwrap_error --file /ro/new
	[[ ! -e $SRC/new ]] || flunk "a file appeared in the host directory"
}

# ---- --bind-data, --ro-bind-data -------------------------------------------------

@test "--bind-data: the data as a writable bind mount of mode 0600" {
	run_bwrap --bind-data 3 /etc/conf sh -c "
		stat -c %a /etc/conf; cat /etc/conf
		echo appended >> /etc/conf && cat /etc/conf
		$FS_DUMP_MOUNTS" 3<<<"bound data"
	assert_success
	assert_equal "${lines[0]}" 600 "mode"
	assert_equal "${lines[1]}" "bound data"
	assert_equal "${lines[2]}" "bound data"
	assert_equal "${lines[3]}" "appended"
	fs_assert_mount_opt /etc/conf rw
}

@test "--ro-bind-data: the data as a read-only bind mount" {
	run_bwrap --ro-bind-data 3 /conf sh -c "
		stat -c %a /conf; cat /conf; $FS_DUMP_MOUNTS
		echo more >> /conf" 3<<<"ro data"
	assert_failure
	assert_equal "${lines[0]}" 600 "mode"
	assert_equal "${lines[1]}" "ro data"
	fs_assert_mount_opt /conf ro
	assert_stderr_contains "Read-only file system"
}

@test "--perms applies to --bind-data and --ro-bind-data" {
	run_bwrap --perms 0644 --bind-data 3 /a --perms 0440 --ro-bind-data 4 /b \
		stat -c %a /a /b 3<<<"a" 4<<<"b"
	assert_success
	assert_output $'644\n440'
}

@test "the backing files of --bind-data and --ro-bind-data are nowhere else in the tree" {
	run_bwrap --bind-data 3 /one --ro-bind-data 4 /two sh -c '
		find / -xdev -name ".bwrap*"
		ls -A /' 3<<<"1" 4<<<"2"
	assert_success
	local want
	want=$(printf '%s\n' "${BW_TOPLEVEL[@]}" one two | LC_ALL=C sort)
	assert_equal "$(LC_ALL=C sort <<<"$output")" "$want" "the root should hold only the named entries"
}

# ---- --chmod -----------------------------------------------------------------------

@test "--chmod of a missing path fails" {
	run_bwrap --chmod 0700 /no-such-path true
	assert_bwrap_error /no-such-path
	[[ $stderr == 'bwrap: --chmod'* ]] || flunk "expected the message to start with 'bwrap: --chmod'"
}

@test "--dir then --chmod 0700 gives mode 0700" {
	run_bwrap --dir /d --chmod 0700 /d stat -c %a /d
	assert_success
	assert_output "700"
}

@test "--chmod sets special bits: a sticky world-writable tmpfs" {
	run_bwrap --tmpfs /scratch --chmod 1777 /scratch stat -c %a /scratch
	assert_success
	assert_output "1777"
}

@test "--chmod of a file made by --file" {
	run_bwrap --file 3 /f --chmod 0400 /f stat -c %a /f 3<<<"x"
	assert_success
	assert_output "400"
}

@test "--chmod with a non-octal mode fails" {
	run_bwrap --dir /d --chmod 0799 /d true
	assert_bwrap_error --chmod 0799
}

# ---- --perms -------------------------------------------------------------------------

@test "--perms applies to the next operation only" {
	run_bwrap --perms 0700 --tmpfs /a --tmpfs /b sh -c "stat -c %a /a /b; $FS_DUMP_MOUNTS"
	assert_success
	assert_equal "${lines[0]}" 700
	assert_equal "${lines[1]}" 755
	fs_assert_super_opt /a mode=700
}

@test "--perms on --dir sets the last component; parents get 0755 less the access it lacks" {
	run_bwrap --perms 0755 --dir /a/b/c stat -c %a /a /a/b /a/b/c
	assert_success
	assert_output $'755\n755\n755'
	# as bubblewrap: no group (other) access to the parents where the
	# directory itself has none
	run_bwrap --perms 0710 --dir /a/b/c --perms 0604 --dir /r/s --perms 0 --dir /t/u \
		--perms 1777 --dir /v/w stat -c %a /a /a/b /a/b/c /r /t /v
	assert_success
	assert_output $'750\n750\n710\n705\n700\n755'
}

@test "parents made for --file and --bind-data follow their modes, not 0755" {
	run_bwrap --file 3 /f/x --bind-data 4 /b/x --perms 0640 --file 5 /g/x \
		stat -c %a /f /b /g 3<<<"x" 4<<<"y" 5<<<"z"
	assert_success
	assert_output $'755\n700\n750'
}

@test "parents made for a bind, a symlink or --proc are 0700, as bubblewrap makes them" {
	local d=$BATS_TEST_TMPDIR/src
	mkdir -p "$d"
	run_bwrap --bind "$d" /a/b/c --symlink t /s/l --proc /p/q/proc --dir /k/l \
		stat -c %a /a /a/b /a/b/c /s /p /p/q /k
	assert_success
	assert_output $'700\n700\n'"$(stat -c %a "$d")"$'\n700\n700\n700\n755'
}

# run_bwrap_umask MASK ARG...: run_bwrap, the caller's umask being MASK
run_bwrap_umask() {
	local mask=$1
	shift
	run --separate-stderr sh -c 'umask "$1"; shift; exec "$@"' sh "$mask" \
		"$BWRAP" "${BW_ROOT[@]}" "$@"
}

@test "modes of what bwrap creates do not depend on the caller's umask" {
	local d=$BATS_TEST_TMPDIR/u
	mkdir -p "$d"
	run_bwrap_umask 077 --bind "$d" /d --dir /d/p/dir --ro-bind /usr /m/usr \
		--file 3 /d/f --tmpfs /t --dir /t/a/b \
		stat -c %a /d/p /d/p/dir /m /t/a /t/a/b /d/f 3<<<"x"
	assert_success
	# /m, made for a bind, is 0700 as bubblewrap makes it
	assert_output $'755\n755\n700\n755\n755\n666'
	# made through a bind: the same modes on the host
	assert_equal "$(stat -c %a "$d/p" "$d/p/dir" "$d/f" | paste -sd ' ')" "755 755 666"
	# and the command still runs with the caller's umask
	run_bwrap_umask 027 sh -c umask
	assert_success
	assert_output "0027"
}

@test "--dir of an existing directory keeps its mode, even with --perms" {
	run_bwrap --tmpfs /t --perms 0700 --dir /t/x --perms 0755 --dir /t/x --dir /t/x stat -c %a /t/x
	assert_success
	assert_output "700"
}

@test "--perms 0 makes a file with no permission bits" {
	run_bwrap --perms 0 --file 3 /f stat -c %a /f 3<<<"x"
	assert_success
	assert_output "0"
}

@test "--perms followed by --bind fails" {
	run_bwrap --perms 0700 --bind /usr /x true
	assert_bwrap_error --perms
	[[ $stderr == 'bwrap: --perms'* ]] || flunk "expected the message to start with 'bwrap: --perms'"
}

@test "--perms right before the command is ignored, as with bubblewrap" {
	run_bwrap --dir /d --perms 0700 stat -c %a /d
	assert_success
	assert_output "755"
	[[ -z $stderr ]] || flunk "expected nothing on stderr"
}

@test "--perms given twice fails" {
	run_bwrap --perms 0700 --perms 0700 --dir /x true
	assert_bwrap_error --perms
	[[ $stderr == 'bwrap: --perms'* ]] || flunk "expected the message to start with 'bwrap: --perms'"
}

@test "--perms above 07777 fails" {
	run_bwrap --perms 010000 --dir /x true
	assert_bwrap_error --perms
	[[ $stderr == 'bwrap: --perms'* ]] || flunk "expected the message to start with 'bwrap: --perms'"
}

@test "--perms rejects non-octal and empty modes" {
	local m
	for m in 8 0x1 abc 7a '' -1; do
		run_bwrap --perms "$m" --dir /x true
		assert_bwrap_error --perms || flunk "for --perms '$m'"
		[[ $stderr == 'bwrap: --perms'* ]] || flunk "for --perms '$m': expected 'bwrap: --perms'"
	done
}

# ---- --size ---------------------------------------------------------------------------

@test "--size sets the size of the next --tmpfs" {
	run_bwrap --size 1048576 --tmpfs /t sh -c "df -k /t | tail -n 1; $FS_DUMP_MOUNTS"
	assert_success
	fs_assert_super_opt /t size=1024k
	local total
	total=$(awk '{ print $2 }' <<<"${lines[0]}")
	assert_equal "$total" 1024 "df's 1K-blocks"
}

@test "--size: writing more than the size fails with ENOSPC" {
	run_bwrap --size 1048576 --tmpfs /t sh -c 'head -c 2097152 /dev/zero > /t/big'
	assert_failure
	assert_stderr_contains "No space left on device"
}

@test "--size applies to one --tmpfs only" {
	run_bwrap --size 1048576 --tmpfs /a --tmpfs /b sh -c "$FS_DUMP_MOUNTS"
	assert_success
	fs_assert_super_opt /a size=1024k
	local l
	l=$(fs_mount_line /b) || flunk "no mount on /b"
	[[ $l != *size=1024k* ]] || flunk "the second tmpfs got the size too: $l"
}

@test "--size and --perms combine, in either order" {
	run_bwrap --size 1048576 --perms 0700 --tmpfs /a --perms 0750 --size 2097152 --tmpfs /b \
		sh -c "stat -c %a /a /b; $FS_DUMP_MOUNTS"
	assert_success
	assert_equal "${lines[0]}" 700
	assert_equal "${lines[1]}" 750
	fs_assert_super_opt /a size=1024k
	fs_assert_super_opt /a mode=700
	fs_assert_super_opt /b size=2048k
	fs_assert_super_opt /b mode=750
}

@test "--size rejects zero, junk, suffixes, negative and empty sizes" {
	local s
	for s in 0 junk 10k -1 '' 1.5; do
		run_bwrap --size "$s" --tmpfs /t true
		assert_bwrap_error --size || flunk "for --size '$s'"
		[[ $stderr == 'bwrap: --size'* ]] || flunk "for --size '$s': expected 'bwrap: --size'"
	done
}

@test "--size followed by --dir fails" {
	run_bwrap --size 4096 --dir /x true
	assert_bwrap_error --size
	[[ $stderr == 'bwrap: --size'* ]] || flunk "expected the message to start with 'bwrap: --size'"
}

@test "--size given twice fails" {
	run_bwrap --size 4096 --size 4096 --tmpfs /x true
	assert_bwrap_error --size
	[[ $stderr == 'bwrap: --size'* ]] || flunk "expected the message to start with 'bwrap: --size'"
}

@test "--size right before the command is ignored, as with bubblewrap" {
	run_bwrap --size 4096 echo ran
	assert_success
	assert_output "ran"
	[[ -z $stderr ]] || flunk "expected nothing on stderr"
}

# ---- modes do not depend on the caller's umask ----------------------------------------

@test "created directories and files have the modes asked for under any umask" {
	local mask
	for mask in 077 027 000; do
		run --separate-stderr bash -c 'umask "$1"; shift; exec "$@"' umask "$mask" \
			"$BWRAP" "${BW_ROOT[@]}" --dir /d --dir /p/q --perms 0775 --dir /g \
			--tmpfs /t --perms 01777 --tmpfs /s --file 5 /f --perms 0664 --file 5 /h \
			--bind-data 5 /b --ro-bind-data 5 /r \
			stat -c '%a %n' /d /p /p/q /g /t /s /f /h /b /r /dev/shm 5</dev/null
		assert_success || return
		assert_equal "$(printf '%s\n' "${lines[@]}")" "$(printf '%s\n' '755 /d' '755 /p' \
			'755 /p/q' '775 /g' '755 /t' '1777 /s' '666 /f' '664 /h' '600 /b' '600 /r' \
			'755 /dev/shm')" "modes under umask $mask" || return
	done
}

@test "the command still gets the caller's umask" {
	run --separate-stderr bash -c 'umask 027; exec "$@"' umask "$BWRAP" "${BW_ROOT[@]}" \
		sh -c umask
	assert_success
	assert_output "0027"
}

# ---- --mqueue -------------------------------------------------------------------------

@test "--mqueue with --unshare-ipc mounts an mqueue filesystem" {
	run_bwrap --unshare-ipc --mqueue /dev/mqueue sh -c "$FS_DUMP_MOUNTS"
	assert_success
	fs_assert_fstype /dev/mqueue mqueue
}

# ---- --lock-file ----------------------------------------------------------------------

@test "--lock-file holds a lock on the file while the sandbox runs" {
	fs_need_python
	local d=$BATS_TEST_TMPDIR/lk
	mkdir "$d"
	: >"$d/lock"
	mkfifo "$d/go"
	"$BWRAP" "${BW_ROOT[@]}" --bind "$d" /d --lock-file /d/lock \
		sh -c 'touch /d/ready; read -r x < /d/go' "$MARK" 3>&- &
	local pid=$!
	fs_wait_file "$d/ready"
	local during
	during=$(fs_try_lock "$d/lock")
	echo go >"$d/go"
	wait "$pid"
	assert_equal "$during" "locked EAGAIN" "the lock while the sandbox runs"
	assert_equal "$(fs_try_lock "$d/lock")" "free" "the lock after the sandbox exited"
}

@test "--lock-file of a path missing in the sandbox fails" {
	run_bwrap --lock-file /no-such-lock true
	assert_bwrap_error --lock-file /no-such-lock
}

# ---- overlays -----------------------------------------------------------------------------

@test "--tmp-overlay merges the sources, the later one on top" {
	need_overlay
	make_layers
	run_bwrap --overlay-src "$LOW_A" --overlay-src "$LOW_B" --tmp-overlay /o \
		sh -c "cat /o/both /o/a-file /o/b-file; $FS_DUMP_MOUNTS"
	assert_success
	assert_equal "${lines[0]}" "from b"
	assert_equal "${lines[1]}" "only a"
	assert_equal "${lines[2]}" "only b"
	fs_assert_fstype /o overlay
	fs_assert_mount_opt /o rw
}

@test "--tmp-overlay: writes succeed inside and never reach the sources" {
	need_overlay
	make_layers
	local before
	before=$(layers_state)
	run_bwrap --overlay-src "$LOW_A" --overlay-src "$LOW_B" --tmp-overlay /o sh -c '
		echo new > /o/new && echo changed > /o/both && rm /o/a-file && mkdir /o/sub &&
		cat /o/both && ls /o'
	assert_success
	assert_output $'changed\nb-file\nboth\nnew\nsub'
	assert_equal "$(layers_state)" "$before" "the host layers must be unchanged"
	[[ ! -e $LOW_A/new && ! -e $LOW_B/new ]] || flunk "a new file reached a source"
}

@test "--tmp-overlay: its scratch upper layer is not visible in the sandbox" {
	need_overlay
	make_layers
	run_bwrap --overlay-src "$LOW_A" --tmp-overlay /o sh -c 'echo x > /o/x; ls -A /; find / -xdev -name ".bwrap*"'
	assert_success
	local want
	want=$(printf '%s\n' "${BW_TOPLEVEL[@]}" o | LC_ALL=C sort)
	assert_equal "$(LC_ALL=C sort <<<"$output")" "$want" "the root should hold only the named entries"
}

@test "--overlay RW WORK: writes land in the host's RW directory" {
	need_overlay
	make_layers
	local before
	before=$(layers_state)
	run_bwrap --overlay-src "$LOW_A" --overlay "$UPPER" "$WORK" /o sh -c '
		cat /o/a-file && echo new > /o/new && echo changed > /o/both'
	assert_success
	assert_output "only a"
	assert_equal "$(cat "$UPPER/new" 2>/dev/null)" new "the new file in RW"
	assert_equal "$(cat "$UPPER/both" 2>/dev/null)" changed "the changed file in RW"
	assert_equal "$(layers_state)" "$before" "the lower layer must be unchanged"
}

@test "--ro-overlay is read-only" {
	need_overlay
	make_layers
	local before
	before=$(layers_state)
	run_bwrap --overlay-src "$LOW_A" --overlay-src "$LOW_B" --ro-overlay /o \
		sh -c "cat /o/both; $FS_DUMP_MOUNTS; echo x > /o/new"
	assert_failure
	assert_equal "${lines[0]}" "from b"
	fs_assert_fstype /o overlay
	fs_assert_mount_opt /o ro
	assert_stderr_contains "Read-only file system"
	assert_equal "$(layers_state)" "$before" "the host layers must be unchanged"
}

@test "--tmp-overlay and --overlay without --overlay-src fail" {
	make_layers
	run_bwrap --tmp-overlay /o true
	# bubblewrap's words: scripts match them
	assert_bwrap_error "bwrap: --tmp-overlay requires at least one --overlay-src"
	run_bwrap --overlay "$UPPER" "$WORK" /o true
	assert_bwrap_error "bwrap: --overlay requires at least one --overlay-src"
	[[ -z $(find "$UPPER" "$WORK" -mindepth 1) ]] || flunk "the rejected --overlay touched RW or WORK"
}

@test "--ro-overlay with a single --overlay-src fails" {
	make_layers
	run_bwrap --overlay-src "$LOW_A" --ro-overlay /o true
	assert_bwrap_error "bwrap: --ro-overlay requires at least two --overlay-src"
}

@test "--overlay-src followed by a non-overlay option fails" {
	make_layers
	local want="bwrap: --overlay-src must be followed by another --overlay-src or one of --overlay, --tmp-overlay, or --ro-overlay"
	run_bwrap --overlay-src "$LOW_A" --dir /x true
	assert_bwrap_error "$want, not --dir"
	run_bwrap --overlay-src "$LOW_A" true
	assert_bwrap_error --overlay-src
	[[ $stderr == "$want" ]] || flunk "expected: $want"
}

@test "relative overlay sources are relative to the caller's directory, as in bubblewrap" {
	need_overlay
	make_layers
	cd "$BATS_TEST_TMPDIR"
	run_bwrap --overlay-src lower-a --overlay-src ./lower-b --tmp-overlay /o \
		sh -c 'cat /o/both /o/a-file'
	assert_success
	assert_output $'from b\nonly a'
	run_bwrap --overlay-src lower-a --overlay upper work/../work /o sh -c 'echo new > /o/n'
	assert_success
	assert_equal "$(cat "$UPPER/n")" "new"
	# not relative to the host's /
	run_bwrap --overlay-src lower-a --overlay-src no-such-layer --ro-overlay /o true
	assert_bwrap_error "$BATS_TEST_TMPDIR/no-such-layer"
}

@test "an overlay on a kernel without overlays in a user namespace is a clear error" {
	! overlay_in_userns_works ||
		skip "this kernel ($(uname -r)) mounts overlays where bwrap does (as root, or in a user namespace)"
	make_layers
	local opts
	for opts in "--tmp-overlay /o" "--ro-overlay /o" "--overlay $UPPER $WORK /o"; do
		# shellcheck disable=SC2086
		run_bwrap --overlay-src "$LOW_A" --overlay-src "$LOW_B" $opts true
		assert_bwrap_error "${opts%% *} /o: overlay: Linux 5.11 or later is needed in a user namespace" ||
			return
	done
}

@test "an overlay with a missing source fails" {
	make_layers
	run_bwrap --overlay-src "$BATS_TEST_TMPDIR/missing" --overlay-src "$LOW_A" --tmp-overlay /o true
	assert_bwrap_error missing --tmp-overlay --overlay-src
}

# ---- submounts ------------------------------------------------------------------------------

# run_with_submount BWRAP-ARG...: make $SRC/sub a tmpfs holding "f", in a
# private mount namespace (the host's mount table never sees it), and run
# bwrap with the minimal root and BWRAP-ARG... there.
run_with_submount() {
	make_src
	mkdir -p "$SRC/sub"
	run --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs "$1/sub" && echo in-submount > "$1/sub/f" || exit 99
		shift; exec "$@"' sh "$SRC" "$BWRAP" "${BW_ROOT[@]}" "$@"
	[[ $status -ne 99 ]] || flunk "could not set up the submount"
}

@test "a submount under --ro-bind is read-only" {
	skip_unless_root "creating a submount on the host needs root"
	run_with_submount --ro-bind "$BATS_TEST_TMPDIR/src" /d \
		sh -c "cat /d/sub/f; $FS_DUMP_MOUNTS; echo x > /d/sub/x"
	assert_failure
	assert_equal "${lines[0]}" "in-submount"
	fs_assert_mount_opt /d/sub ro
	assert_stderr_contains "Read-only file system"
}

@test "a submount under --bind stays writable" {
	skip_unless_root "creating a submount on the host needs root"
	run_with_submount --bind "$BATS_TEST_TMPDIR/src" /d \
		sh -c "echo x > /d/sub/x && cat /d/sub/x; $FS_DUMP_MOUNTS"
	assert_success
	assert_equal "${lines[0]}" "x"
	fs_assert_mount_opt /d/sub rw
	[[ ! -e $SRC/sub/x ]] || flunk "the write went to the directory under the submount"
}

# ---- --remount-ro ---------------------------------------------------------------------------

@test "--remount-ro affects that mount only, not submounts or siblings" {
	run_bwrap --tmpfs /a --tmpfs /a/sub --tmpfs /b --remount-ro /a sh -c "
		touch /a/sub/x && echo sub-rw; touch /b/x && echo b-rw
		$FS_DUMP_MOUNTS; touch /a/x"
	assert_failure
	assert_equal "${lines[0]}" sub-rw
	assert_equal "${lines[1]}" b-rw
	fs_assert_mount_opt /a ro
	fs_assert_mount_opt /a/sub rw
	fs_assert_mount_opt /b rw
	assert_stderr_contains "Read-only file system"
}

@test "--remount-ro of a missing path fails" {
	run_bwrap --remount-ro /no-such-mount true
	assert_bwrap_error --remount-ro /no-such-mount
}
