#!/usr/bin/env bats
# process.bats - the sandboxed process: environment, argv, working
# directory, session, pid 1, privileges, exit status and lifetime.

load lib

# ---- environment ---------------------------------------------------------------

@test "the caller's environment passes through by default" {
	export BWRAP_TEST_PASS="passed through"
	run_bwrap printenv BWRAP_TEST_PASS
	assert_success
	assert_output "passed through"
}

@test "--setenv sets a variable, value kept verbatim" {
	run_bwrap --setenv BWRAP_TEST_A 'a = b  c' printenv BWRAP_TEST_A
	assert_success
	assert_output "a = b  c"
}

@test "--setenv overrides an inherited variable; an empty value is allowed" {
	export BWRAP_TEST_A=outside BWRAP_TEST_B=outside
	run_bwrap --setenv BWRAP_TEST_A inside --setenv BWRAP_TEST_B '' \
		sh -c 'echo "$BWRAP_TEST_A|${BWRAP_TEST_B-unset}|"'
	assert_success
	assert_output "inside||"
}

@test "--unsetenv removes an inherited variable; an unset one is fine" {
	export BWRAP_TEST_GONE=outside BWRAP_TEST_KEPT=outside
	unset BWRAP_TEST_NEVER
	run_bwrap --unsetenv BWRAP_TEST_GONE --unsetenv BWRAP_TEST_NEVER \
		sh -c 'echo "${BWRAP_TEST_GONE-unset} ${BWRAP_TEST_KEPT-unset}"'
	assert_success
	assert_output "unset outside"
}

@test "--clearenv leaves only PWD" {
	export BWRAP_TEST_A=outside
	run_bwrap --clearenv env
	assert_success
	assert_output "PWD=/"
}

@test "--clearenv: PWD comes last, after the later --setenv, as with bubblewrap" {
	run_bwrap --clearenv --setenv BWRAP_TEST_A 1 --setenv BWRAP_TEST_B 2 --chdir /usr env
	assert_success
	assert_output $'BWRAP_TEST_A=1\nBWRAP_TEST_B=2\nPWD=/usr'
}

@test "--clearenv: later --setenv still apply, earlier ones do not" {
	run_bwrap --setenv BWRAP_TEST_EARLY 1 --clearenv --setenv BWRAP_TEST_LATE 2 env
	assert_success
	assert_equal "$(printf '%s\n' "${lines[@]}" | LC_ALL=C sort)" \
		"$(printf '%s\n' BWRAP_TEST_LATE=2 PWD=/ | LC_ALL=C sort)" "the environment"
}

# ---- argv ------------------------------------------------------------------------

@test "arguments reach the command verbatim, options after the command included" {
	run_bwrap printf '[%s]\n' 'a b' '' '--bind' '$HOME' '*'
	assert_success
	assert_output $'[a b]\n[]\n[--bind]\n[$HOME]\n[*]'
}

@test "--argv0 sets argv[0] of the command" {
	# (bubblewrap 0.8 has no --argv0; 0.11 and ours do)
	run_bwrap --argv0 fancy-name sh -c 'tr "\0" " " < /proc/$$/cmdline'
	assert_success
	[[ $output == "fancy-name -c "* ]] || flunk "expected argv[0] to be fancy-name"
}

@test "without --argv0 argv[0] is the command as given" {
	run_bwrap sh -c 'tr "\0" " " < /proc/$$/cmdline'
	assert_success
	[[ $output == "sh -c "* ]] || flunk "expected argv[0] to be sh"
}

# ---- working directory --------------------------------------------------------

@test "the cwd is the caller's when it exists in the sandbox" {
	local d
	d=$(cd "$BATS_TEST_TMPDIR" && pwd -P)
	cd "$d"
	run_bwrap --bind "$d" "$d" pwd
	assert_success
	assert_output "$d"
}

@test "the cwd is \$HOME when the caller's cwd is missing in the sandbox" {
	HOME=/sbx-home run_bwrap --dir /sbx-home pwd
	assert_success
	assert_output "/sbx-home"
}

@test "the cwd is / when neither the caller's cwd nor \$HOME exist" {
	HOME=/nonexistent-home run_bwrap pwd
	assert_success
	assert_output "/"
}

@test "--chdir sets the working directory" {
	run_bwrap --dir /work/here --chdir /work/here sh -c 'pwd; echo "$PWD"'
	assert_success
	assert_output $'/work/here\n/work/here'
}

# ---- session, pid 1, reaping ------------------------------------------------------

@test "--new-session: the command leads a new session" {
	run_bwrap --new-session sh -c 'echo "$$ $(cut -d" " -f6 /proc/$$/stat)"'
	assert_success
	local pid sid
	read -r pid sid <<<"$output"
	[[ -n $pid ]] || flunk "no pid"
	assert_equal "$sid" "$pid" "session id"
}

@test "--new-session --unshare-pid: pid 1 leads the new session, the command is in it, as with bubblewrap" {
	run_bwrap --new-session --unshare-pid sh -c 'echo "$$ $(cut -d" " -f6 /proc/$$/stat)"'
	assert_success
	assert_output "2 1"
}

@test "without --new-session the command stays in the caller's session" {
	run_bwrap sh -c 'echo "$$ $(cut -d" " -f6 /proc/$$/stat)"'
	assert_success
	local pid sid
	read -r pid sid <<<"$output"
	[[ -n $pid ]] || flunk "no pid"
	assert_not_equal "$sid" "$pid" "session id"
	assert_equal "$sid" "$(cut -d' ' -f6 /proc/$$/stat)" "session of the test"
}

@test "--unshare-pid: the command is pid 2 under a reaper" {
	run_bwrap --unshare-pid sh -c 'echo $$; test -d /proc/1 && echo pid1-exists'
	assert_success
	assert_output $'2\npid1-exists'
}

@test "--unshare-pid: pid 1 keeps bwrap's name and command line, as with bubblewrap" {
	run_bwrap --unshare-pid sh -c 'cat /proc/1/comm; tr "\0" " " < /proc/1/cmdline'
	assert_success
	assert_equal "${lines[0]}" "$(basename "$BWRAP" | cut -c1-15)" "pid 1's name"
	[[ ${lines[1]} == "$BWRAP --"* ]] || flunk "expected bwrap's own command line for pid 1"
}

@test "--unshare-pid --as-pid-1: the command is pid 1" {
	run_bwrap --unshare-pid --as-pid-1 sh -c 'echo $$'
	assert_success
	assert_output "1"
}

@test "--unshare-pid: the owner can open pid 1's /proc/PID/ns files, as flatpak enter does" {
	local t=$BATS_TEST_TMPDIR
	mkfifo "$t/go"
	"$BWRAP" "${BW_ROOT[@]}" --unshare-user --unshare-pid --bind "$t" "$t" --info-fd 3 \
		sh -c "stat -L -c %i /proc/self/ns/user >$t/inside; read x <$t/go" 3>"$t/info" &
	local bw=$!
	local i
	for ((i = 0; i < 300; i++)); do
		[[ -s $t/inside ]] && grep -q '}' "$t/info" && break
		sleep 0.1
	done
	local pid
	pid=$(sed -n 's/.*"child-pid": *\([0-9]*\).*/\1/p' "$t/info")
	run python3 -c 'import os, sys
for ns in ("user", "pid", "mnt"):
    os.close(os.open("/proc/%s/ns/%s" % (sys.argv[1], ns), os.O_RDONLY))
print(os.stat("/proc/%s/ns/user" % sys.argv[1]).st_ino)' "$pid"
	echo >"$t/go"
	wait "$bw"
	assert_success
	assert_equal "$output" "$(cat "$t/inside")" "pid 1's user namespace is the sandbox's"
}

@test "--unshare-pid: orphans are adopted and reaped by pid 1" {
	# The subshell has exited (its sleep is an orphan) when "( ... &)"
	# returns; the sleep is waited for until it runs with pid 1 as its
	# parent, and once killed it must be reaped. The bounds (30 s) only
	# end a test that would hang.
	run_bwrap --unshare-pid sh -c '
		(exec sleep 300 &)
		orphan= i=0
		while [ -z "$orphan" ] && [ $i -lt 600 ]; do
			for f in /proc/[0-9]*/stat; do
				read -r pid comm state ppid rest < "$f" 2>/dev/null || continue
				[ "$comm" = "(sleep)" ] && [ "$ppid" = 1 ] && orphan=$pid
			done
			[ -n "$orphan" ] || sleep 0.05
			i=$((i + 1))
		done
		[ -n "$orphan" ] || exit 1
		echo adopted
		kill "$orphan"
		i=0
		while [ -e "/proc/$orphan" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
		[ -e "/proc/$orphan" ] && echo "not reaped: $(cat "/proc/$orphan/stat")"
		true'
	assert_success
	assert_output "adopted"
}

@test "--unshare-pid: the status is the command's, not a later orphan's" {
	run_bwrap --unshare-pid sh -c '(sleep 0.2; exit 7) >/dev/null & exit 3'
	assert_status 3
}

@test "without --unshare-pid a background process outlives the command (control)" {
	run_bwrap sh -c 'sh -c "sleep 30; :" "$0" >/dev/null 2>&1 & echo started' "$MARK"
	assert_success
	sleep 0.2
	local left
	left=$(marker_pids)
	kill_marker_pids
	[[ -n $left ]] || flunk "expected the background process to survive"
}

@test "--die-with-parent: the sandbox dies with bwrap's parent" {
	sh -c '"$@" & wait' sh "$BWRAP" "${BW_ROOT[@]}" --die-with-parent \
		sh -c 'sleep 30; :' "$MARK" >/dev/null 2>&1 3>&- &
	local parent=$!
	wait_for_pattern "^sh -c sleep 30; : $MARK" || { kill -KILL "$parent"; kill_marker_pids; return 1; }
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null || true
	wait_marker_gone || flunk "the sandbox survived its parent: $(marker_pids)"
}

@test "without --die-with-parent the sandbox survives its parent (control)" {
	sh -c '"$@" & wait' sh "$BWRAP" "${BW_ROOT[@]}" \
		sh -c 'sleep 30; :' "$MARK" >/dev/null 2>&1 3>&- &
	local parent=$!
	wait_for_pattern "^sh -c sleep 30; : $MARK" || { kill -KILL "$parent"; kill_marker_pids; return 1; }
	kill -KILL "$parent"
	wait "$parent" 2>/dev/null || true
	sleep 0.3
	local left
	left=$(pgrep -f -- "^sh -c sleep 30; : $MARK" || true)
	kill_marker_pids
	[[ -n $left ]] || flunk "expected the sandbox to survive"
}

# ---- privileges -------------------------------------------------------------------

@test "no-new-privs is set" {
	run_bwrap grep '^NoNewPrivs:' /proc/self/status
	assert_success
	[[ $output =~ ^NoNewPrivs:[[:space:]]+1$ ]] || flunk "expected NoNewPrivs 1"
}

@test "the command has no capabilities in any set" {
	run_bwrap "${BW_NOCAPS[@]}" grep '^Cap' /proc/self/status
	assert_success
	assert_no_caps 5
}

@test "the command has no capabilities even as uid 0 in its user namespace" {
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --gid 0 sh -c 'id -u; grep "^Cap" /proc/self/status'
	assert_success
	assert_equal "${lines[0]}" "0" "uid"
	assert_no_caps 5
}

@test "uid 0 in the sandbox cannot write to a read-only host file" {
	echo original >"$BATS_TEST_TMPDIR/f"
	chmod 0444 "$BATS_TEST_TMPDIR/f"
	run_bwrap "${BW_NOCAPS[@]}" --unshare-user --uid 0 --bind "$BATS_TEST_TMPDIR/f" /f sh -c 'echo changed > /f'
	assert_failure
	assert_stderr_contains "Permission denied"
	assert_equal "$(cat "$BATS_TEST_TMPDIR/f")" "original"
}

# ---- exit status, stdio ----------------------------------------------------------

@test "the exit status is the command's, with or without --unshare-pid" {
	run_bwrap sh -c 'exit 42'
	assert_status 42
	run_bwrap false
	assert_status 1
	run_bwrap true
	assert_status 0
	run_bwrap --unshare-pid sh -c 'exit 42'
	assert_status 42
	run_bwrap --unshare-pid --as-pid-1 sh -c 'exit 42'
	assert_status 42
}

@test "a command killed by a signal gives 128 + the signal number" {
	run_bwrap sh -c 'kill -KILL $$'
	assert_status 137
	run_bwrap sh -c 'kill -TERM $$'
	assert_status 143
}

@test "a command killed by a signal gives 128 + the signal number with --unshare-pid" {
	run_bwrap --unshare-pid sh -c 'kill -KILL $$'
	assert_status 137
	run_bwrap --unshare-pid sh -c 'kill -SEGV $$'
	assert_status 139
}

@test "stdin, stdout and stderr are the caller's" {
	run --separate-stderr bash -c 'printf "line one\nline two\n" | "$@"' sh \
		"$BWRAP" "${BW_ROOT[@]}" sh -c 'cat; echo to-stderr >&2'
	assert_success
	assert_output $'line one\nline two'
	[[ $stderr == to-stderr ]] || flunk "expected the command's stderr"
}
