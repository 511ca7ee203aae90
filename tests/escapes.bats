#!/usr/bin/env bats
# escapes.bats - setup-time escape attempts. Symlinks (made by --symlink
# or planted in a bound host directory) and ".." components in the
# destinations of filesystem operations must never make bwrap create,
# change or mount anything on the host. Each operation may succeed inside
# the sandbox's own tree or fail with a bwrap error; the host must be
# unchanged either way. Each attack has a twin ("twin: ..."): the same
# operation through the same kind of path, aimed at what the sandbox
# itself holds, which must succeed, so that an attack is not passed by a
# bwrap that refuses everything.

load lib
load fs-lib

setup() {
	bwrap_test_setup
	# $HOSTROOT: the host area the attacks aim at; nothing in it is bound
	# unless a test says so
	HOSTROOT=$BATS_TEST_TMPDIR/host
	# $TARGET: an existing host directory, never bound
	TARGET=$HOSTROOT/target
	mkdir -p "$TARGET"
	# $VICTIM: a host file in it with mode 0644
	VICTIM=$TARGET/victim
	echo "victim data" >"$VICTIM"
	chmod 0644 "$VICTIM"
	# $PWN: a name that exists nowhere before the test
	PWN="pwn-$RANDOM$RANDOM-$$"
	# $DATA: a host directory with hostile symlinks, to be bound at /data
	DATA=$HOSTROOT/data
	mkdir "$DATA"
	ln -s / "$DATA/evil"
	ln -s ../../../../../../../../../../.. "$DATA/evil-up"
	ln -s "$TARGET" "$DATA/evil-abs"
	ROOT_BEFORE=$(ls -A /)
	HOST_BEFORE=$(host_tree)
}

# What the host area holds: path, type, mode, size and link target.
host_tree() {
	find "$HOSTROOT" -printf '%P %y %m %s %l\n' | LC_ALL=C sort
}

# The host is as it was: nothing new or changed in the scratch area, no
# $PWN anywhere we know of, nothing mounted, the host's / listing and its
# mount table unchanged.
assert_host_clean() {
	assert_equal "$(host_tree)" "$HOST_BEFORE" "the host area changed" || return
	[[ -z $(find "$BATS_TEST_TMPDIR" -name "$PWN*") ]] || flunk "$PWN appeared on the host" || return
	assert_equal "$(fs_host_mode "$VICTIM")" 644 "the victim's mode on the host" || return
	assert_equal "$(cat "$VICTIM")" "victim data" "the victim's contents" || return
	[[ ! -e /$PWN && ! -L /$PWN && ! -e /tmp/$PWN ]] || flunk "$PWN appeared on the host" || return
	! mountpoint -q "$TARGET" || flunk "$TARGET became a mount point on the host" || return
	assert_equal "$(ls -A /)" "$ROOT_BEFORE" "the host's / changed" || return
	mounts_check || flunk "the host's mount table changed"
}

# Either success, or bwrap's own error.
assert_success_or_bwrap_error() {
	[[ $status -eq 0 ]] && return 0
	assert_bwrap_error
}

# After a run whose command is 'test -e PATH && echo inside': when bwrap
# succeeded, the object must have been made inside the sandbox.
assert_inside_if_success() {
	assert_success_or_bwrap_error || return
	if [[ $status -eq 0 ]]; then
		assert_output "inside"
	fi
}

# ---- symlinks made with --symlink -----------------------------------------------------

@test "--dir through a symlink to a missing /oldroot path" {
	run_bwrap --tmpfs /tmp --symlink "/oldroot$TARGET/$PWN" /tmp/link --dir /tmp/link/y \
		sh -c "test -d /oldroot$TARGET/$PWN/y && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --dir through a symlink to a sandbox directory makes it there" {
	run_bwrap --tmpfs /tmp --dir /tmp/real --symlink /tmp/real /tmp/link --dir /tmp/link/y \
		sh -c 'test -d /tmp/real/y && echo inside'
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--dir through a symlink to an existing host directory via /oldroot" {
	run_bwrap --tmpfs /tmp --symlink "/oldroot$TARGET" /tmp/link --dir "/tmp/link/$PWN" \
		sh -c "test -d /oldroot$TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --dir through a symlink to /oldroot<dir> made in the sandbox makes it there" {
	run_bwrap --tmpfs /tmp --dir "/oldroot$TARGET" --symlink "/oldroot$TARGET" /tmp/link \
		--dir "/tmp/link/$PWN" sh -c "test -d /oldroot$TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--dir through a symlink to the host's absolute path" {
	run_bwrap --symlink "$TARGET" /link --dir "/link/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --dir through a symlink to the same path made in the sandbox" {
	run_bwrap --dir "$TARGET" --symlink "$TARGET" /link --dir "/link/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--file through a symlink to a host directory" {
	run_bwrap --symlink "$TARGET" /link --file 3 "/link/$PWN" \
		sh -c "test -f $TARGET/$PWN && echo inside" 3<<<"pwned"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --file through a symlink to a sandbox directory" {
	run_bwrap --dir "$TARGET" --symlink "$TARGET" /link --file 3 "/link/$PWN" \
		cat "$TARGET/$PWN" 3<<<"copied"
	assert_success
	assert_output "copied"
	assert_host_clean
}

@test "--bind-data through a symlink to a host directory" {
	run_bwrap --symlink "/oldroot$TARGET" /link --bind-data 3 "/link/$PWN" \
		sh -c "test -f /oldroot$TARGET/$PWN && echo inside" 3<<<"pwned"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --bind-data through a symlink to a sandbox directory" {
	run_bwrap --dir "/oldroot$TARGET" --symlink "/oldroot$TARGET" /link \
		--bind-data 3 "/link/$PWN" cat "/oldroot$TARGET/$PWN" 3<<<"bound"
	assert_success
	assert_output "bound"
	assert_host_clean
}

@test "--ro-bind-data through a symlink over an existing host file" {
	run_bwrap --symlink "$TARGET" /link --ro-bind-data 3 /link/victim \
		sh -c "test -f $TARGET/victim && echo inside" 3<<<"pwned"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --ro-bind-data through a symlink over a sandbox file" {
	run_bwrap --dir "$TARGET" --file 4 "$TARGET/victim" --symlink "$TARGET" /link \
		--ro-bind-data 3 /link/victim cat "$TARGET/victim" 3<<<"bound" 4<<<"first"
	assert_success
	assert_output "bound"
	assert_host_clean
}

@test "--tmpfs through a symlink to a host directory" {
	run_bwrap --symlink "$TARGET" /link --tmpfs /link \
		sh -c "test -d $TARGET && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --tmpfs through a symlink to a sandbox directory" {
	run_bwrap --dir "$TARGET" --symlink "$TARGET" /link --tmpfs /link sh -c "$FS_DUMP_MOUNTS"
	assert_success
	fs_assert_fstype "$TARGET" tmpfs
	assert_host_clean
}

@test "--chmod through a symlink to an unbound host file leaves it alone" {
	run_bwrap --symlink "$VICTIM" /link --chmod 0777 /link true
	assert_success_or_bwrap_error
	assert_host_clean
}

@test "twin: --chmod through a symlink to a sandbox file changes it" {
	run_bwrap --file 3 /f --symlink /f /link --chmod 0777 /link stat -c %a /f 3<<<"data"
	assert_success
	assert_output "777"
	assert_host_clean
}

@test "--chmod through a symlink to the host file via /oldroot leaves it alone" {
	run_bwrap --symlink "/oldroot$VICTIM" /link --chmod 0777 /link true
	assert_success_or_bwrap_error
	assert_host_clean
}

@test "twin: --chmod through a symlink to /oldroot<file> made in the sandbox changes it" {
	run_bwrap --file 3 "/oldroot$VICTIM" --symlink "/oldroot$VICTIM" /link --chmod 0777 /link \
		stat -c %a "/oldroot$VICTIM" 3<<<"data"
	assert_success
	assert_output "777"
	assert_host_clean
}

@test "--symlink chains: --symlink /a /b --symlink /b/c /d --dir /d/e" {
	run_bwrap --symlink /a /b --symlink /b/c /d --dir /d/e \
		sh -c 'test -d /a/c/e && echo inside'
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --symlink chains to a sandbox directory: --dir through them makes it there" {
	run_bwrap --dir /a/c --symlink /a /b --symlink /b/c /d --dir /d/e \
		sh -c 'test -d /a/c/e && echo inside'
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--symlink chains that lead to a host directory" {
	run_bwrap --symlink "/oldroot$BATS_TEST_TMPDIR" /a --symlink /a/target /b \
		--symlink "$TARGET" /c --symlink /c /d \
		--dir "/b/$PWN" --dir "/d/$PWN" \
		sh -c "test -d /oldroot$TARGET/$PWN && test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --symlink chains to the same path made in the sandbox" {
	run_bwrap --dir "$TARGET" --symlink "$TARGET" /c --symlink /c /d --dir "/d/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

# ---- ".." in destinations --------------------------------------------------------------

@test "--dir /../oldroot/<host dir>/x/y stays in the sandbox" {
	run_bwrap --dir "/../oldroot$TARGET/$PWN/y" \
		sh -c "test -d /oldroot$TARGET/$PWN/y && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --dir /oldroot/<host dir>/x/y is made in the sandbox" {
	run_bwrap --dir "/oldroot$TARGET/$PWN/y" \
		sh -c "test -d /oldroot$TARGET/$PWN/y && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--dir /../../<host dir>/x: .. at the root stays there, the dir is made inside" {
	run_bwrap --dir "/../..$TARGET/$PWN" sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--file and --symlink with .. at the root land inside" {
	run_bwrap --file 3 "/../../..$TARGET/$PWN" --symlink /etc/passwd "/..$TARGET/$PWN-link" \
		sh -c "cat $TARGET/$PWN && readlink $TARGET/$PWN-link" 3<<<"copied"
	assert_success
	assert_output $'copied\n/etc/passwd'
	assert_host_clean
}

@test "--dir with .. out of a bound host directory stays in the sandbox" {
	run_bwrap --bind "$DATA" /data --dir "/data/../../..$TARGET/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: --dir with .. from a bound host directory to the sandbox's root" {
	run_bwrap --bind "$DATA" /data --dir "/data/../$PWN" sh -c "test -d /$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "--tmpfs /../../.. mounts on the sandbox's root only" {
	run_bwrap_bare --tmpfs /../../.. "${BW_BASE[@]}" --dir "$TARGET" ls -A /
	assert_host_clean
	# later operations go into the new tmpfs on / (as in bubblewrap)
	assert_success
	local want
	want=$(printf '%s\n' "${BW_TOPLEVEL[@]}" "${TARGET#/}" | awk -F/ '{ print $1 }' |
		grep -vx -e proc -e dev | LC_ALL=C sort -u)
	assert_equal "$(LC_ALL=C sort <<<"$output")" "$want" "the sandbox's / listing"
	assert_host_clean
}

@test "--bind /etc /x/../../../etc2 lands at /etc2 inside" {
	[[ -e /etc/passwd ]] || skip "the host has no /etc/passwd"
	run_bwrap --bind /etc /x/../../../etc2 sh -c 'cksum < /etc2/passwd'
	assert_success
	assert_output "$(cksum </etc/passwd)"
	assert_host_clean
	[[ ! -e /etc2 ]] || flunk "/etc2 exists on the host"
}

# ---- symlinks planted in a bound host directory ------------------------------------------

@test "bound dir with evil -> /: --dir through it stays in the sandbox" {
	run_bwrap --bind "$DATA" /data --dir "/data/evil$TARGET/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: bound dir with evil -> /: --dir through it into a sandbox directory" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --dir "/data/evil$TARGET/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "bound dir with evil -> ../../..: --dir through it stays in the sandbox" {
	run_bwrap --bind "$DATA" /data --dir "/data/evil-up$TARGET/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: bound dir with evil -> ../../..: --dir through it into a sandbox directory" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --dir "/data/evil-up$TARGET/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "bound dir with evil -> <host path>: --dir through it stays in the sandbox" {
	run_bwrap --bind "$DATA" /data --dir "/data/evil-abs/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: bound dir with evil -> <host path>: --dir through it into the sandbox's" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --dir "/data/evil-abs/$PWN" \
		sh -c "test -d $TARGET/$PWN && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "bound dir with evil symlinks: --tmpfs through them mounts nothing on the host" {
	run_bwrap --bind "$DATA" /data --tmpfs "/data/evil$TARGET" --tmpfs "/data/evil-up$TARGET" \
		--tmpfs /data/evil-abs sh -c "$FS_DUMP_MOUNTS"
	assert_success_or_bwrap_error
	if [[ $status -eq 0 ]]; then
		fs_assert_fstype "$TARGET" tmpfs
	fi
	assert_host_clean
}

@test "twin: bound dir with evil symlinks: --tmpfs through them on sandbox directories" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --tmpfs "/data/evil$TARGET" \
		--tmpfs "/data/evil-up$TARGET/sub" sh -c "$FS_DUMP_MOUNTS"
	assert_success
	fs_assert_fstype "$TARGET" tmpfs
	fs_assert_fstype "$TARGET/sub" tmpfs
	assert_host_clean
}

@test "bound dir with evil symlinks: --proc, --dev, --mqueue through them" {
	run_bwrap --unshare-ipc --bind "$DATA" /data --proc "/data/evil$TARGET/p" \
		--dev "/data/evil-up$TARGET/d" --mqueue /data/evil-abs/mq true
	assert_success_or_bwrap_error
	assert_host_clean
}

@test "twin: bound dir with evil symlinks: --proc, --dev, --mqueue through them, inside" {
	run_bwrap --unshare-ipc --unshare-pid --bind "$DATA" /data --dir "$TARGET" \
		--proc "/data/evil$TARGET/p" --dev "/data/evil-up$TARGET/d" --mqueue /data/evil-abs/mq \
		sh -c "test -d $TARGET/p/self && test -c $TARGET/d/null && test -d $TARGET/mq && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "bound dir with evil symlinks: --file, --bind-data, --ro-bind-data through them" {
	run_bwrap --bind "$DATA" /data --file 3 "/data/evil$TARGET/$PWN" \
		--bind-data 4 "/data/evil-up$TARGET/$PWN-b" --ro-bind-data 5 /data/evil-abs/victim \
		sh -c "test -f $TARGET/$PWN && test -f $TARGET/$PWN-b && echo inside" \
		3<<<"one" 4<<<"two" 5<<<"three"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: bound dir with evil symlinks: --file, --bind-data, --ro-bind-data, inside" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --file 3 "/data/evil$TARGET/$PWN" \
		--bind-data 4 "/data/evil-up$TARGET/$PWN-b" --ro-bind-data 5 /data/evil-abs/victim \
		cat "$TARGET/$PWN" "$TARGET/$PWN-b" "$TARGET/victim" 3<<<"one" 4<<<"two" 5<<<"three"
	assert_success
	assert_output $'one\ntwo\nthree'
	assert_host_clean
}

@test "bound dir with evil symlinks: --chmod of the host file through them" {
	local via
	for via in "/data/evil$VICTIM" "/data/evil-up$VICTIM" /data/evil-abs/victim; do
		run_bwrap --bind "$DATA" /data --chmod 0777 "$via" true
		assert_success_or_bwrap_error || flunk "via $via"
		assert_equal "$(fs_host_mode "$VICTIM")" 644 "the victim's mode after --chmod $via"
	done
	assert_host_clean
}

@test "twin: bound dir with evil symlinks: --chmod of a sandbox file through them" {
	local via
	for via in "/data/evil$VICTIM" "/data/evil-up$VICTIM" /data/evil-abs/victim; do
		run_bwrap --bind "$DATA" /data --file 3 "$VICTIM" --chmod 0777 "$via" \
			stat -c %a "$VICTIM" 3<<<"data"
		assert_success || flunk "via $via"
		assert_output "777" || flunk "via $via"
	done
	assert_host_clean
}

@test "bound dir with evil symlinks: --symlink and --bind through them" {
	run_bwrap --bind "$DATA" /data --symlink / "/data/evil$TARGET/$PWN" \
		--ro-bind /usr "/data/evil-abs/$PWN-usr" \
		sh -c "test -L $TARGET/$PWN && test -d $TARGET/$PWN-usr/bin && echo inside"
	assert_inside_if_success
	assert_host_clean
}

@test "twin: bound dir with evil symlinks: --symlink and --bind through them, inside" {
	run_bwrap --bind "$DATA" /data --dir "$TARGET" --symlink / "/data/evil$TARGET/$PWN" \
		--ro-bind /usr "/data/evil-abs/$PWN-usr" \
		sh -c "test -L $TARGET/$PWN && test -d $TARGET/$PWN-usr/bin && echo inside"
	assert_success
	assert_output "inside"
	assert_host_clean
}

@test "bound dir with evil symlinks: --remount-ro through them changes no host mount" {
	run_bwrap --bind "$DATA" /data --remount-ro /data/evil-up true
	assert_success_or_bwrap_error
	assert_host_clean
	echo "still writable" >"$DATA/written" || flunk "the host directory became read-only"
}

@test "twin: --remount-ro of the bound directory itself makes it read-only inside" {
	run_bwrap --bind "$DATA" /data --remount-ro /data sh -c 'touch /data/x 2>/dev/null || echo ro'
	assert_success
	assert_output "ro"
	assert_host_clean
	echo "still writable" >"$DATA/written" || flunk "the host directory became read-only"
}
