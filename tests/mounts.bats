#!/usr/bin/env bats
# mounts.bats - the sandbox's filesystem: an empty tmpfs root populated
# only by the filesystem options, applied in command-line order.

load lib

# Print the mount point, per-mount options and fs type of every mount.
mounts_script='while read -r _id _parent _dev _root mp opts rest; do
	fstype=" $rest"; fstype=${fstype#* - }; fstype=${fstype%% *}
	echo "$mp $opts $fstype"
done < /proc/self/mountinfo'

# A directory on the host with one file in it: $HOSTDIR/file holds "host data"
make_hostdir() {
	HOSTDIR=$BATS_TEST_TMPDIR/hostdir
	mkdir -p "$HOSTDIR"
	echo "host data" >"$HOSTDIR/file"
}

# Line of $output (from mounts_script) whose mount point is $1
mount_line() {
	local l
	for l in "${lines[@]}"; do
		if [[ $l == "$1 "* ]]; then
			echo "$l"
			return 0
		fi
	done
	return 1
}

# The mount on $1 (in $output, from mounts_script) is of file system type $2
assert_mount_fstype() {
	local l
	l=$(mount_line "$1") || flunk "nothing mounted on $1"
	[[ $l == *" $2" ]] || flunk "expected a $2 on $1, got: $l"
}

# ---- the root ------------------------------------------------------------------

@test "the new root is a tmpfs mounted on /" {
	run_bwrap sh -c "$mounts_script"
	assert_success
	assert_mount_fstype / tmpfs
}

@test "the root holds only what the options put there" {
	run_bwrap ls -A /
	assert_success
	assert_output "$(printf '%s\n' "${BW_TOPLEVEL[@]}" | LC_ALL=C sort)"
}

@test "every mount in the sandbox comes from an option" {
	run_bwrap sh -c "$mounts_script"
	assert_success
	local l mp
	for l in "${lines[@]}"; do
		mp=${l%% *}
		case $mp in
		/ | /usr | /proc | /proc/* | /dev | /dev/*) ;;
		*) flunk "unexpected mount in the sandbox: $l" ;;
		esac
	done
	[[ ${#lines[@]} -ge 4 ]] || flunk "expected at least /, /usr, /proc and /dev"
}

@test "the host's files outside the binds are unreachable" {
	make_hostdir
	run_bwrap sh -c 'for p in "$@"; do if test -e "$p"; then echo "visible $p"; fi; done; echo done' \
		sh "$HOSTDIR/file" /etc/passwd /old_root /oldroot /newroot /home /tmp /var
	assert_success
	assert_output "done"
}

# ---- --bind ---------------------------------------------------------------------

@test "--bind shares a host directory read-write both ways" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR" /data sh -c 'cat /data/file && echo sandbox data > /data/new'
	assert_success
	assert_output "host data"
	assert_equal "$(cat "$HOSTDIR/new")" "sandbox data" "file written in the sandbox"
}

@test "a relative bind source is relative to the caller's directory, as in bubblewrap" {
	make_hostdir
	cd "$(dirname "$HOSTDIR")"
	run_bwrap --ro-bind "$(basename "$HOSTDIR")" /data --bind-try no-such-dir /x cat /data/file
	assert_success
	assert_output "host data"
	run_bwrap --ro-bind "./$(basename "$HOSTDIR")/../$(basename "$HOSTDIR")/file" /f cat /f
	assert_success
	assert_output "host data"
}

@test "--bind creates the missing parents of its destination" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR" /a/b/c/data cat /a/b/c/data/file
	assert_success
	assert_output "host data"
}

@test "a host source: .. is the kernel's to resolve, after a symlink before it" {
	local t=$BATS_TEST_TMPDIR/dotdot
	mkdir -p "$t/a/b" "$t/a/x" "$t/c"
	echo "in a/x" >"$t/a/x/file"
	echo "in c" >"$t/c/file"
	ln -s a/b "$t/l"
	# l/.. is a (the symlink's parent), not $t as the text would say
	run_bwrap --ro-bind "$t/l/../x" /mnt cat /mnt/file
	assert_success
	assert_output "in a/x"
	run_bwrap --ro-bind "$t/l/../c" /mnt cat /mnt/file
	assert_bwrap_error "$t/l/../c"
	# without a symlink the result is the same as the text
	run_bwrap --ro-bind "$t/a/../c" /mnt cat /mnt/file
	assert_success
	assert_output "in c"
}

@test "a relative host source starts in the working directory, as with bubblewrap" {
	make_hostdir
	cd "$BATS_TEST_TMPDIR"
	run_bwrap --ro-bind hostdir /mnt cat /mnt/file
	assert_success
	assert_output "host data"
}

@test "--bind of a single file, writes reach the host" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR/file" /etc/some/file sh -c 'cat /etc/some/file; echo changed > /etc/some/file'
	assert_success
	assert_output "host data"
	assert_equal "$(cat "$HOSTDIR/file")" "changed"
}

@test "--bind mounts are nosuid and nodev" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR" /data sh -c "$mounts_script"
	assert_success
	local l
	l=$(mount_line /data) || flunk "no mount on /data"
	[[ ,${l#* } == *,nosuid[,\ ]* ]] || flunk "expected nosuid: $l"
	[[ ,${l#* } == *,nodev[,\ ]* ]] || flunk "expected nodev: $l"
}

@test "--bind is recursive: submounts of the source come along" {
	mountpoint -q /dev/shm || skip "the host has no /dev/shm mount"
	run_bwrap --bind /dev /hostdev sh -c "$mounts_script"
	assert_success
	mount_line /hostdev/shm >/dev/null || flunk "expected /hostdev/shm to be mounted"
}

@test "--bind is recursive: a tmpfs mounted under the source is visible" {
	skip_unless_root "mounting a tmpfs on the host needs root"
	make_hostdir
	mkdir "$HOSTDIR/sub"
	# the submount lives in a private mount namespace, never on the host
	run --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs "$1/sub" && echo in-submount > "$1/sub/f" || exit 99
		shift; exec "$@"' sh "$HOSTDIR" \
		"$BWRAP" "${BW_ROOT[@]}" --bind "$HOSTDIR" /data cat /data/sub/f
	assert_success
	assert_output "in-submount"
	[[ ! -e $HOSTDIR/sub/f ]] || flunk "the submount leaked to the host"
}

@test "a mount made under a bound host directory stays inside the sandbox" {
	make_hostdir
	mkdir "$HOSTDIR/sub"
	run_bwrap --bind "$HOSTDIR" /data --tmpfs /data/sub sh -c 'echo x > /data/sub/inside && ls /data/sub'
	assert_success
	assert_output "inside"
	[[ ! -e $HOSTDIR/sub/inside ]] || flunk "the tmpfs showed up on the host"
	! mountpoint -q "$HOSTDIR/sub" || flunk "$HOSTDIR/sub is a mount point on the host"
}

# ---- --ro-bind ----------------------------------------------------------------

@test "--ro-bind is readable but not writable, the host file is unchanged" {
	make_hostdir
	run_bwrap --ro-bind "$HOSTDIR" /data sh -c 'cat /data/file; echo changed > /data/file'
	assert_failure
	assert_output "host data"
	assert_stderr_contains "Read-only file system"
	assert_equal "$(cat "$HOSTDIR/file")" "host data"
}

@test "--ro-bind makes submounts read-only too" {
	mountpoint -q /dev/shm || skip "the host has no /dev/shm mount"
	[[ -w /dev/shm ]] || skip "/dev/shm is not writable on the host"
	run_bwrap --ro-bind /dev /hostdev sh -c 'touch "/hostdev/shm/$0"' "$MARK"
	local leaked=0
	[[ -e /dev/shm/$MARK ]] && leaked=1
	rm -f "/dev/shm/$MARK"
	assert_failure
	assert_stderr_contains "Read-only file system"
	[[ $leaked == 0 ]] || flunk "a file was created in the host's /dev/shm"
}

@test "--ro-bind makes a tmpfs submount read-only too" {
	skip_unless_root "mounting a tmpfs on the host needs root"
	make_hostdir
	mkdir "$HOSTDIR/sub"
	run --separate-stderr unshare -m --propagation private sh -c '
		mount -t tmpfs tmpfs "$1/sub" && echo in-submount > "$1/sub/f" || exit 99
		shift; exec "$@"' sh "$HOSTDIR" \
		"$BWRAP" "${BW_ROOT[@]}" --ro-bind "$HOSTDIR" /data \
		sh -c 'cat /data/sub/f; echo changed > /data/sub/f'
	assert_failure
	[[ $status -ne 99 ]] || flunk "could not set up the submount"
	assert_output "in-submount"
	assert_stderr_contains "Read-only file system"
}

@test "--ro-bind then --bind on a subdirectory: only the subdirectory is writable" {
	make_hostdir
	mkdir "$HOSTDIR/rw"
	run_bwrap --ro-bind "$HOSTDIR" /data --bind "$HOSTDIR/rw" /data/rw sh -c '
		echo ok > /data/rw/f && echo rw-ok
		echo no > /data/f2 2>/dev/null || echo ro-ok'
	assert_success
	assert_output $'rw-ok\nro-ok'
	[[ -e $HOSTDIR/rw/f && ! -e $HOSTDIR/f2 ]] || flunk "wrong files on the host"
}

# ---- -try variants ------------------------------------------------------------

@test "-try binds of a missing source are skipped silently" {
	local opt missing=$BATS_TEST_TMPDIR/missing
	for opt in --bind-try --ro-bind-try --dev-bind-try; do
		run_bwrap "$opt" "$missing" /opt/x \
			sh -c 'if test -e /opt/x; then echo exists; else echo absent; fi'
		assert_success || { echo "option: $opt" >&2; return 1; }
		assert_output "absent" || { echo "option: $opt" >&2; return 1; }
		[[ -z $stderr ]] || flunk "$opt: expected no message"
		[[ ! -e $missing ]] || flunk "$opt: the source was created on the host"
	done
}

@test "-try binds of an existing source act like the plain option" {
	make_hostdir
	run_bwrap --bind-try "$HOSTDIR" /data sh -c 'cat /data/file; echo new > /data/new'
	assert_success
	assert_output "host data"
	[[ -e $HOSTDIR/new ]] || flunk "--bind-try: the write did not reach the host"

	run_bwrap --ro-bind-try "$HOSTDIR" /data sh -c 'cat /data/file; echo x > /data/file'
	assert_failure
	assert_output "host data"
	assert_stderr_contains "Read-only file system"

	run_bwrap_bare "${BW_BASE[@]}" --dev-bind-try /dev /dev sh -c 'echo x > /dev/null && echo written'
	assert_success
	assert_output "written"
}

# ---- host sources through procfs links (Flatpak binds these on every run) -----------

@test "--ro-bind-try /proc/self/ns/user binds the sandbox's own user namespace" {
	run_bwrap --unshare-user --tmpfs /run --ro-bind-try /proc/self/ns/user /run/.userns \
		sh -c 'stat -c %i /run/.userns; stat -L -c %i /proc/self/ns/user'
	assert_success
	[[ ${#lines[@]} -eq 2 && ${lines[0]} =~ ^[0-9]+$ ]] || flunk "expected two inode numbers"
	assert_equal "${lines[0]}" "${lines[1]}" "the bound file is the sandbox's user namespace"
	assert_not_equal "${lines[0]}" "$(stat -L -c %i /proc/self/ns/user)" "not the host's"
}

@test "--ro-bind /proc/self/ns/net with --unshare-net binds the new network namespace" {
	run_bwrap --unshare-user --unshare-net --tmpfs /run --ro-bind /proc/self/ns/net /run/net \
		sh -c 'stat -c %i /run/net; stat -L -c %i /proc/self/ns/net'
	assert_success
	assert_equal "${lines[0]}" "${lines[1]}" "the bound file is the sandbox's network namespace"
}

@test "a host source through /proc/self/fd/N binds the file the fd names" {
	make_hostdir
	run_bwrap --ro-bind /proc/self/fd/5 /data/f cat /data/f 5<"$HOSTDIR/file"
	assert_success
	assert_output "host data"
	run_bwrap --ro-bind /dev/stdin /data/f cat /data/f <"$HOSTDIR/file"
	assert_success
	assert_output "host data"
}

@test "a destination through a procfs magic link is still refused" {
	run_bwrap --unshare-user --tmpfs /run --ro-bind /usr /proc/self/cwd true
	assert_bwrap_error /proc/self/cwd
	run_bwrap --unshare-user --symlink /proc/self/root /run/root --tmpfs /run/root/x true
	assert_bwrap_error /run/root
}

# ---- devices ------------------------------------------------------------------

@test "--dev-bind /dev /dev: device nodes work" {
	run_bwrap_bare "${BW_BASE[@]}" --dev-bind /dev /dev sh -c 'echo x > /dev/null && head -c 3 /dev/zero | wc -c'
	assert_success
	assert_output "3"
}

@test "--bind /dev /dev: device nodes cannot be opened (nodev)" {
	run_bwrap_bare "${BW_BASE[@]}" --bind /dev /dev sh -c 'echo x > /dev/null'
	assert_failure
	assert_stderr_contains "Permission denied"
}

@test "--bind or --ro-bind of a device node: opening it is denied" {
	run_bwrap --bind /dev/null /x cat /x
	assert_failure
	assert_stderr_contains "Permission denied"
	run_bwrap --ro-bind /dev/zero /x head -c 1 /x
	assert_failure
	assert_stderr_contains "Permission denied"
}

# ---- --remount-ro -------------------------------------------------------------

@test "--remount-ro makes a tmpfs read-only" {
	run_bwrap --tmpfs /t --remount-ro /t sh -c 'test -d /t && echo x > /t/f'
	assert_failure
	assert_stderr_contains "Read-only file system"
}

@test "--remount-ro on a bind is read-only inside, the host is still writable" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR" /data --remount-ro /data sh -c 'cat /data/file; echo x > /data/file'
	assert_failure
	assert_output "host data"
	assert_stderr_contains "Read-only file system"
	echo "still writable" >"$HOSTDIR/file" || flunk "the host directory became read-only"
}

# ---- --proc, --dev --------------------------------------------------------------

@test "--proc mounts a procfs at any destination" {
	run_bwrap_bare "${BW_BASE[@]}" --proc /myproc sh -c \
		'test -r /myproc/self/status && echo readable; while read -r _ _ _ _ mp _ rest; do rest=" $rest"; [ "$mp" = /myproc ] && echo "${rest#* - }"; done < /myproc/self/mountinfo; true'
	assert_success
	assert_equal "${lines[0]}" "readable"
	[[ ${lines[1]} == "proc "* ]] || flunk "expected a proc filesystem on /myproc"
}

@test "without a pid namespace, --proc is the host's /proc bound nosuid,nodev, as with bubblewrap" {
	local host_opts
	host_opts=$(awk '$5 == "/proc" { print $6 }' /proc/self/mountinfo | tail -n 1)
	run_bwrap sh -c "$mounts_script"
	assert_success
	local l
	l=$(mount_line /proc) || flunk "nothing mounted on /proc"
	[[ $l == *,nosuid,nodev,* && $l == *" proc" ]] || flunk "expected a nosuid,nodev procfs: $l"
	if [[ ,$host_opts, != *,noexec,* ]]; then
		[[ $l != *noexec* ]] || flunk "the host's /proc is not noexec, the sandbox's should not be: $l"
	fi
}

@test "--dev: /dev is a nodev tmpfs, /dev/shm mode 0755, sources named as with bubblewrap" {
	run_bwrap --tmpfs /t sh -c 'stat -c "%a" /dev/shm
		while read -r _ _ _ _ mp opts rest; do
			case $mp in /dev|/t|/dev/pts|/proc) echo "$mp $opts ${rest#* - }";; esac
		done < /proc/self/mountinfo'
	assert_success
	assert_equal "${lines[0]}" "755" "the mode of /dev/shm"
	local l
	l=$(mount_line /dev) || flunk "nothing mounted on /dev"
	[[ $l == "/dev "*nodev*" tmpfs tmpfs "* ]] || flunk "expected a nodev tmpfs named tmpfs: $l"
	l=$(mount_line /t) || flunk "nothing mounted on /t"
	[[ $l == *" tmpfs tmpfs "* ]] || flunk "expected a tmpfs named tmpfs: $l"
	l=$(mount_line /dev/pts) || flunk "nothing mounted on /dev/pts"
	[[ $l == *" devpts devpts "* ]] || flunk "expected a devpts named devpts: $l"
}

@test "--dev provides exactly the standard device set" {
	run_bwrap ls -A /dev
	assert_success
	local names
	# /dev/console appears only when stdin is a terminal
	names=$(printf '%s\n' "${lines[@]}" | grep -vx console | LC_ALL=C sort | paste -sd' ')
	assert_equal "$names" "core fd full null ptmx pts random shm stderr stdin stdout tty urandom zero"
}

@test "--dev device nodes behave" {
	run_bwrap sh -c '
		test -c /dev/null && test -c /dev/zero && test -c /dev/full && test -c /dev/random &&
			test -c /dev/urandom && test -c /dev/tty && echo char-devices
		echo x > /dev/null && echo null-ok
		head -c 5 /dev/zero | wc -c
		head -c 5 /dev/urandom | wc -c
		head -c 1 /dev/zero > /dev/full || echo full-ok'
	assert_success
	assert_output $'char-devices\nnull-ok\n5\n5\nfull-ok'
	assert_stderr_contains "No space left on device"
}

@test "--dev: symlinks into /proc, a devpts with ptmx on pts, shm a directory" {
	run_bwrap sh -c 'for l in fd stdin stdout stderr core ptmx; do echo "$l $(readlink /dev/$l)"; done
		test -c /dev/pts/ptmx && echo ptmx-ok
		test -d /dev/shm && echo shm-ok
		'"$mounts_script"
	assert_success
	assert_equal "$(printf '%s\n' "${lines[@]:0:8}")" "$(printf '%s\n' 'fd /proc/self/fd' \
		'stdin /proc/self/fd/0' 'stdout /proc/self/fd/1' 'stderr /proc/self/fd/2' \
		'core /proc/kcore' 'ptmx pts/ptmx' ptmx-ok shm-ok)"
	assert_mount_fstype /dev/pts devpts
}

@test "--dev at another destination" {
	run_bwrap_bare "${BW_BASE[@]}" --dev /mydev sh -c 'echo x > /mydev/null && test -L /mydev/stdout && echo ok'
	assert_success
	assert_output "ok"
}

# ---- --tmpfs, --dir, --symlink ----------------------------------------------------

@test "--tmpfs mounts an empty writable tmpfs with mode 0755" {
	run_bwrap --tmpfs /scratch sh -c '
		ls -A /scratch; stat -c %a /scratch; echo data > /scratch/f && cat /scratch/f
		'"$mounts_script"
	assert_success
	assert_equal "${lines[0]}" "755"
	assert_equal "${lines[1]}" "data"
	assert_mount_fstype /scratch tmpfs
}

@test "--tmpfs over a bound host directory hides its contents" {
	make_hostdir
	run_bwrap --bind "$HOSTDIR" /data --tmpfs /data sh -c 'ls -A /data; echo end'
	assert_success
	assert_output "end"
}

@test "--dir creates a directory and its missing parents; existing ones are fine" {
	run_bwrap --dir /a/b/c --dir /usr --dir /usr/bin sh -c 'test -d /a/b/c && stat -c %a /a/b/c'
	assert_success
	assert_output "755"
}

@test "--symlink creates a link with the given target, parents included" {
	run_bwrap --symlink ../usr/bin/sh /x/y/link --symlink /absolute/target /abs \
		sh -c 'readlink /x/y/link; readlink /abs'
	assert_success
	assert_output $'../usr/bin/sh\n/absolute/target'
}

@test "--symlink is idempotent when the link already has that target" {
	# (bubblewrap 0.8 fails here; 0.11 and ours accept it)
	run_bwrap --symlink /target /l --symlink /target /l readlink /l
	assert_success
	assert_output "/target"
}

# ---- ordering -------------------------------------------------------------------

@test "operations apply in order: --tmpfs then --dir inside it" {
	run_bwrap --tmpfs /t --dir /t/a sh -c 'if test -d /t/a; then echo present; else echo absent; fi'
	assert_success
	assert_output "present"
}

@test "operations apply in order: a later --tmpfs hides an earlier --dir" {
	run_bwrap --dir /t/a --tmpfs /t sh -c 'if test -d /t/a; then echo present; else echo absent; fi'
	assert_success
	assert_output "absent"
}

@test "operations apply in order: the later of two binds on one destination wins" {
	mkdir "$BATS_TEST_TMPDIR/one" "$BATS_TEST_TMPDIR/two"
	echo one >"$BATS_TEST_TMPDIR/one/f"
	echo two >"$BATS_TEST_TMPDIR/two/f"
	run_bwrap --bind "$BATS_TEST_TMPDIR/one" /d --ro-bind "$BATS_TEST_TMPDIR/two" /d cat /d/f
	assert_success
	assert_output "two"
	run_bwrap --ro-bind "$BATS_TEST_TMPDIR/two" /d --bind "$BATS_TEST_TMPDIR/one" /d cat /d/f
	assert_success
	assert_output "one"
}

# Binds side by side in one directory share one lookup of it: a step that
# mounts over that directory must be seen by the binds after it, and binds
# through a symlink the command line made land in its target.
@test "operations apply in order: binds in one directory, a --tmpfs over it, more binds" {
	make_hostdir
	run_bwrap --ro-bind "$HOSTDIR" /b/one --ro-bind "$HOSTDIR" /b/two --tmpfs /b \
		--ro-bind "$HOSTDIR" /b/three --dir /b/four --ro-bind "$HOSTDIR" /b/four/five \
		sh -c 'ls /b; cat /b/three/file /b/four/five/file; '"$mounts_script"
	assert_success
	assert_equal "${lines[0]} ${lines[1]}" "four three"
	assert_equal "${lines[2]} ${lines[3]}" "host data host data"
	assert_mount_fstype /b tmpfs
	mount_line /b/three >/dev/null || flunk "no mount on /b/three"
	mount_line /b/four/five >/dev/null || flunk "no mount on /b/four/five"
	# the first two are under the tmpfs: out of the sandbox's sight, and
	# still there (stacked), in the order given
	[[ $(printf '%s\n' "${lines[@]}" | grep -c '^/b/one ') == 1 ]] || flunk "expected /b/one once"
}

@test "operations apply in order: binds beside a symlink the command line made" {
	make_hostdir
	run_bwrap --dir /real --ro-bind "$HOSTDIR" /real/a --symlink real /link \
		--ro-bind "$HOSTDIR" /link/b --ro-bind "$HOSTDIR" /link/c ls /real
	assert_success
	assert_output "$(printf 'a\nb\nc')"
}

# "--ro-bind / /" first, and nothing later that reads the host tree: bwrap
# then uses its private copy of the host tree as the root instead of cloning
# it again. The sandbox must not be able to tell. Every mount a process can
# reach is read-only; a mount stacked under another on the same mount point
# is out of reach (the classic mount API cannot remount it by path).
@test "--ro-bind / / as the whole root: every host mount read-only, later mounts as asked" {
	run_bwrap_bare --ro-bind / / --tmpfs /tmp --dir /tmp/made --symlink made /tmp/link \
		sh -c 'awk "{ id[NR] = \$1; mp[NR] = \$5; opt[NR] = \$6; over[\$2 \" \" \$5] = 1 }
			   END { for (i = 1; i <= NR; i++)
				   if (!((id[i] \" \" mp[i]) in over) && mp[i] != \"/tmp\" && opt[i] !~ /^ro,/)
					   print \"rw:\", mp[i] }" /proc/self/mountinfo
		       grep -c " /tmp rw," /proc/self/mountinfo
		       touch /etc/bwrap-test-x 2>&1 | sed "s/.*: //"
		       touch /tmp/link/file && echo wrote
		       ls -d /oldroot /newroot 2>&1 | sed "s/.*: //"'
	assert_success
	assert_equal "${lines[0]}" "1" "one read-write mount: /tmp"
	assert_equal "${lines[1]}" "Read-only file system" "a write to the host tree"
	assert_equal "${lines[2]}" "wrote" "a write to the tmpfs"
	assert_equal "${lines[3]}" "No such file or directory" "no /oldroot"
	assert_equal "${lines[4]}" "No such file or directory" "no /newroot"
	[[ ! -e /etc/bwrap-test-x ]] || flunk "a file appeared on the host"
}

@test "--ro-bind / / then --ro-bind of a host path: the source is read from the untouched host tree" {
	local d
	d=$(mktemp -d)
	chmod 755 "$d"
	echo host >"$d/file"
	run_bwrap_bare --ro-bind / / --tmpfs /mnt --tmpfs "$d" --ro-bind "$d" /mnt/copy \
		cat /mnt/copy/file "$d/file"
	rm -rf "$d"
	assert_failure
	assert_equal "${lines[0]}" "host" "the bound source"
}

@test "--ro-bind / / in a sandbox whose /proc is mounted over a read-only /proc (stacked mounts)" {
	skip_if_root "as root /proc/sys is writable, so it is covered read-only, and the kernel then refuses a nested procfs (bubblewrap too)"
	# the outer sandbox's /proc is a procfs on the host's /proc, bound
	# read-only: the inner bind sees two mounts on one mount point, each
	# with its own locked flags (with the classic mount API too)
	run_bwrap_bare --ro-bind / / --dev /dev --unshare-user --unshare-pid --proc /proc -- \
		"$BWRAP" --ro-bind / / --unshare-user --unshare-pid --proc /proc -- \
		sh -c 'echo /proc/[0-9]*; touch /etc/bwrap-test-stacked 2>&1 || true'
	assert_success
	assert_equal "${lines[0]}" "/proc/1 /proc/2" "the inner /proc"
	[[ ${lines[1]} == *"Read-only file system"* ]] || flunk "the inner root must be read-only"
	[[ ! -e /etc/bwrap-test-stacked ]] || flunk "a file appeared on the host"
}
