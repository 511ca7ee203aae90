#!/usr/bin/env bats
# errors.bats - the command line, and misuse of every option: bwrap must
# exit with status 1 and one 'bwrap: ' line naming the option or path,
# before running the command, leaving no mount and no process behind.

load lib

OPTS_ONE_ARG=(--uid --gid --hostname --chdir --unsetenv --argv0
	--remount-ro --proc --dev --tmpfs --dir)
OPTS_TWO_ARGS=(--setenv --bind --bind-try --ro-bind --ro-bind-try
	--dev-bind --dev-bind-try --symlink)
OPTS_NO_ARG=(--unshare-user --unshare-user-try --unshare-ipc --unshare-pid
	--unshare-net --unshare-uts --unshare-cgroup --unshare-cgroup-try
	--unshare-all --share-net --clearenv --die-with-parent --new-session
	--as-pid-1)

refute_ran() {
	[[ $output != *ran* ]] || { flunk "the command ran although bwrap failed"; return 1; }
	[[ -z $(marker_pids) ]] || flunk "processes left behind: $(marker_pids)"
}

# run_bwrap_misuse ARG... : minimal root, ARG..., then a command that
# leaves a trace if it runs: "ran" on stdout, and briefly a process
# holding $MARK
run_bwrap_misuse() {
	run_bwrap "$@" sh -c 'echo ran; sleep 0.2' "$MARK"
}

# ---- the command line ------------------------------------------------------------

@test "--help prints usage on stdout and exits 0" {
	run_bwrap_bare --help
	assert_success
	[[ $output == *[Uu]sage* ]] || flunk "expected a usage text"
	assert_output_contains "--bind"
	assert_output_contains "--unshare-user"
	[[ -z $stderr ]] || flunk "expected nothing on stderr"
}

@test "--help names the program as it was run, as bubblewrap does" {
	run_bwrap_bare --help
	assert_success
	[[ ${lines[0]} == "usage: $BWRAP "* ]] || flunk "expected the first line to be 'usage: $BWRAP ...'"
}

@test "--version prints the version and exits 0" {
	run_bwrap_bare --version
	assert_success
	if is_reference; then
		[[ $output =~ ^bubblewrap\ [0-9] ]] || flunk "expected 'bubblewrap VERSION'"
	else
		# a first line as bubblewrap's, for scripts that parse it, then ours
		[[ ${lines[0]} == "bubblewrap 0.11.1" ]] || flunk "expected 'bubblewrap 0.11.1' first"
		[[ ${#lines[@]} -eq 2 && ${lines[1]} =~ ^bwrap\ [0-9][^[:space:]]*$ ]] ||
			flunk "expected 'bwrap VERSION' second"
	fi
}

# No command: a message on stderr (bubblewrap prints its usage there).
assert_no_command_error() {
	assert_status 1 || return
	[[ -z $output ]] || { flunk "expected nothing on stdout"; return 1; }
	[[ -n $stderr ]] || { flunk "expected a message on stderr"; return 1; }
	if ! is_reference; then
		[[ $stderr == 'bwrap: '* && $stderr != *$'\n'* ]] || flunk "expected one 'bwrap: ' line"
	fi
}

@test "no command is an error" {
	run_bwrap_bare
	assert_no_command_error
	run_bwrap --unshare-pid
	assert_no_command_error
	run_bwrap --
	assert_no_command_error
}

@test "an option after -- is the command: '-- --help' tries to run --help" {
	run_bwrap -- --help
	assert_bwrap_error "--help"
	refute_output_contains "sage"
}

@test "options after the command are the command's arguments" {
	run_bwrap true --help --frobnicate
	assert_success
	assert_output ""
	[[ -z $stderr ]] || flunk "expected nothing on stderr"
}

@test "a missing command is an error naming it" {
	run_bwrap /no/such/command arg
	assert_bwrap_error "/no/such/command"
	run_bwrap no-such-command-on-path
	assert_bwrap_error "no-such-command-on-path"
}

@test "a command that is not executable is an error" {
	printf '#!/bin/sh\necho ran\n' >"$BATS_TEST_TMPDIR/script"
	chmod 0644 "$BATS_TEST_TMPDIR/script"
	run_bwrap --ro-bind "$BATS_TEST_TMPDIR/script" /script /script
	assert_bwrap_error "/script"
}

@test "unknown options are rejected and the command does not run" {
	local opt
	for opt in --frobnicate -x --unshare-ne --BIND --bind=/usr --uid=5; do
		run_bwrap_misuse "$opt"
		assert_bwrap_error "$opt" || { echo "option: $opt" >&2; return 1; }
	done
	refute_ran
}

@test "options without arguments take no '=value'" {
	local opt
	for opt in "${OPTS_NO_ARG[@]}"; do
		run_bwrap_misuse "$opt=1"
		assert_bwrap_error "$opt" || { echo "option: $opt" >&2; return 1; }
	done
	refute_ran
}

@test "every option that takes an argument fails without it" {
	local opt
	for opt in "${OPTS_ONE_ARG[@]}" "${OPTS_TWO_ARGS[@]}"; do
		run_bwrap_bare "$opt"
		assert_bwrap_error "$opt" || { echo "option: $opt (alone)" >&2; return 1; }
		run_bwrap "$opt"
		assert_bwrap_error "$opt" || { echo "option: $opt (after others)" >&2; return 1; }
	done
}

@test "options that take two arguments fail with only one" {
	local opt
	for opt in "${OPTS_TWO_ARGS[@]}"; do
		run_bwrap_bare "$opt" /usr
		assert_bwrap_error "$opt" || { echo "option: $opt" >&2; return 1; }
	done
}

# ---- --uid, --gid ------------------------------------------------------------

@test "--uid abc is not a number" {
	run_bwrap_misuse --unshare-user --uid abc
	assert_bwrap_error "--uid"
	refute_ran
}

@test "--uid -1 is rejected" {
	run_bwrap_misuse --unshare-user --uid -1
	assert_bwrap_error "--uid"
	refute_ran
}

@test "--uid 4294967296 and 4294967295 are out of range" {
	# (bubblewrap 0.8 silently wraps 4294967296 to 0; 4294967295 is the
	# kernel's "no id")
	run_bwrap_misuse --unshare-user --uid 4294967296
	assert_bwrap_error "--uid"
	run_bwrap_misuse --unshare-user --uid 4294967295
	assert_bwrap_error "--uid"
	refute_ran
}

@test "--uid with an empty or partly numeric value is rejected" {
	run_bwrap_misuse --unshare-user --uid ''
	assert_bwrap_error "--uid"
	run_bwrap_misuse --unshare-user --uid 12abc
	assert_bwrap_error "--uid"
	refute_ran
}

@test "--gid x is not a number; other bad gids too" {
	local v
	for v in x -1 '' 4294967296 7x; do
		run_bwrap_misuse --unshare-user --gid "$v"
		assert_bwrap_error "--gid" || { echo "value: '$v'" >&2; return 1; }
	done
	refute_ran
}

@test "--uid or --gid without a user namespace is an error for root" {
	skip_unless_root "unprivileged callers always get a user namespace"
	run_bwrap_misuse --uid 5
	assert_bwrap_error "--uid"
	run_bwrap_misuse --gid 5
	assert_bwrap_error "--gid"
	refute_ran
}

# ---- --hostname -------------------------------------------------------------

@test "--hostname without --unshare-uts is an error" {
	local before
	before=$(cat /proc/sys/kernel/hostname)
	run_bwrap_misuse --hostname sandboxed
	assert_bwrap_error "--hostname"
	refute_ran
	assert_equal "$(cat /proc/sys/kernel/hostname)" "$before" "host's hostname"
}

@test "--hostname longer than 64 characters is an error" {
	run_bwrap_misuse --unshare-uts --hostname "$(printf 'h%.0s' {1..65})"
	assert_bwrap_error "--hostname" "hhhhhhhh"
	refute_ran
}

@test "an empty --hostname is allowed, as with bubblewrap" {
	run_bwrap --unshare-uts --hostname '' cat /proc/sys/kernel/hostname
	assert_success
	assert_output ""
}

# ---- --as-pid-1 -----------------------------------------------------------------

@test "--as-pid-1 without --unshare-pid is an error" {
	run_bwrap_misuse --as-pid-1
	assert_bwrap_error "--as-pid-1"
	refute_ran
}

# ---- environment options ---------------------------------------------------------

@test "--setenv with '=' in the name or an empty name is an error" {
	run_bwrap_misuse --setenv A=B value
	assert_bwrap_error "--setenv" "A=B"
	run_bwrap_misuse --setenv '' value
	assert_bwrap_error "--setenv"
	refute_ran
}

@test "--unsetenv with '=' in the name is an error" {
	run_bwrap_misuse --unsetenv A=B
	assert_bwrap_error "--unsetenv" "A=B"
	refute_ran
}

# ---- binds ------------------------------------------------------------------

@test "a bind of a missing source fails naming it, leaving the host unchanged" {
	local opt missing=$BATS_TEST_TMPDIR/missing-source
	for opt in --bind --ro-bind --dev-bind; do
		run_bwrap_misuse "$opt" "$missing" /x
		assert_bwrap_error "$missing" || { echo "option: $opt" >&2; return 1; }
		# bubblewrap's words: scripts match them
		[[ $stderr == "bwrap: Can't find source path $missing: No such file or directory" ]] ||
			flunk "unexpected message for $opt"
		[[ ! -e $missing ]] || flunk "$opt created the source on the host"
	done
	refute_ran
}

@test "a relative source from a removed working directory is an error" {
	local d=$BATS_TEST_TMPDIR/gone
	mkdir "$d"
	run --separate-stderr sh -c 'cd "$1" && rmdir "$1" && shift && exec "$@"' sh "$d" \
		"$BWRAP" "${BW_ROOT[@]}" --ro-bind rel /x sh -c 'echo ran; sleep 0.2' "$MARK"
	assert_bwrap_error "bwrap: a relative source path: getcwd: No such file or directory"
	refute_ran
}

@test "a bind of a missing source fails even as a later operation" {
	run_bwrap_misuse --tmpfs /t --dir /t/a --bind "$BATS_TEST_TMPDIR/missing" /t/a/b
	assert_bwrap_error "$BATS_TEST_TMPDIR/missing"
	refute_ran
}

@test "-try binds still fail when the destination cannot be made" {
	mkdir "$BATS_TEST_TMPDIR/src"
	local opt
	for opt in --bind-try --ro-bind-try --dev-bind-try; do
		# /usr is read-only: /usr/new-mount-point cannot be created
		run_bwrap_misuse "$opt" "$BATS_TEST_TMPDIR/src" /usr/new-mount-point
		assert_bwrap_error "$opt" "/usr/new-mount-point" || { echo "option: $opt" >&2; return 1; }
	done
	refute_ran
}

@test "--dir under a read-only bind fails, the host is unchanged" {
	mkdir "$BATS_TEST_TMPDIR/ro"
	run_bwrap_misuse --ro-bind "$BATS_TEST_TMPDIR/ro" /ro --dir /ro/new
	assert_bwrap_error "--dir" "/ro/new"
	[[ ! -e $BATS_TEST_TMPDIR/ro/new ]] || flunk "the directory appeared on the host"
	refute_ran
}

@test "--remount-ro of a missing path is an error" {
	run_bwrap_misuse --remount-ro /no/such/path
	assert_bwrap_error "--remount-ro" "/no/such/path"
	refute_ran
}

# ---- mounts onto files ----------------------------------------------------------

@test "--tmpfs, --proc or --dev onto a file is an error" {
	echo data >"$BATS_TEST_TMPDIR/file"
	local opt
	for opt in --tmpfs --proc --dev; do
		run_bwrap_misuse --bind "$BATS_TEST_TMPDIR/file" /f "$opt" /f
		assert_bwrap_error "$opt" "/f" || { echo "option: $opt" >&2; return 1; }
	done
	refute_ran
}

@test "--dir where a file exists is an error" {
	echo data >"$BATS_TEST_TMPDIR/file"
	run_bwrap_misuse --bind "$BATS_TEST_TMPDIR/file" /f --dir /f
	assert_bwrap_error "--dir" "/f"
	refute_ran
}

# ---- --symlink, --chdir -----------------------------------------------------------

@test "--symlink onto a link with another target, or onto a directory, is an error" {
	run_bwrap_misuse --symlink /one /l --symlink /two /l
	assert_bwrap_error "/l"
	# bubblewrap's words: scripts match them
	assert_equal "$stderr" "bwrap: Can't make symlink at /l: existing destination is /one"
	run_bwrap_misuse --dir /d --symlink /target /d
	assert_bwrap_error "/d"
	assert_equal "$stderr" "bwrap: Can't make symlink at /d: destination exists and is not a symlink"
	refute_ran
}

@test "a repeated --chdir warns that only the last one counts, with --level-prefix too" {
	run_bwrap --chdir / --chdir /usr pwd
	assert_success
	assert_output "/usr"
	assert_equal "$stderr" "bwrap: Only the last --chdir option will take effect"
	run_bwrap --level-prefix --chdir / --chdir /usr pwd
	assert_success
	assert_equal "$stderr" "<4>bwrap: Only the last --chdir option will take effect"
}

@test "--chdir to a missing directory or to a file is an error naming it" {
	run_bwrap_misuse --chdir /no/such/dir
	assert_bwrap_error "/no/such/dir"
	run_bwrap_misuse --chdir /usr/bin/sh
	assert_bwrap_error "/usr/bin/sh"
	refute_ran
}
