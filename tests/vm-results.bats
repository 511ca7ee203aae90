#!/usr/bin/env bats
# vm-results.bats - tests/vm/run turns what the VM reports into automake
# results, and a suite that reported nothing, was cut off or was killed by
# its time limit in the VM is a failed result, never a missing one. No VM is
# booted: --placeholders-only and --from-serial take the host's side alone.

load lib

setup() {
	bwrap_test_setup
	RUN=$TOP_SRCDIR/tests/vm/run
	[[ -x $RUN ]] || bwrap_lib_die "$RUN is missing"
	export VM_TAP_DRIVER=$TOP_SRCDIR/build-aux/tap-driver.sh
	[[ -f $VM_TAP_DRIVER ]] ||
		skip "the automake TAP driver is not in this copy of the tree ($VM_TAP_DRIVER)"
	export VM_CACHE=$BATS_TEST_TMPDIR/vm
	RESULTS=$VM_CACHE/results/6.1
	# the build directory: the binary under test's
	BUILDDIR=$(dirname "$(dirname "$BWRAP")")
	SUITES=(--suite tests/escapes.bats --suite tests/mounts.bats --suite tests/policy.bats)
}

# result NAME: the :test-result: lines of NAME.trs
result() {
	grep '^:test-result:' "$RESULTS/$1.trs"
}

@test "vm: before the VM reports, every suite is a failure saying so" {
	run "$RUN" --kernel 6.1 --builddir "$BUILDDIR" "${SUITES[@]}" --placeholders-only
	assert_success
	local n
	for n in escapes-root escapes-user mounts-root mounts-user policy-root policy-user; do
		assert_equal "$(result "$n")" ":test-result: FAIL" "$n" || return
		grep -q "did not finish" "$RESULTS/$n.log" || flunk "$n.log: no reason"
	done
}

@test "vm: a finished, a cut-off, a killed and a silent suite" {
	local serial=$BATS_TEST_TMPDIR/serial
	printf '%s\r\n' \
		'@@bwrap-vm kernel 6.1.0-99-amd64' \
		'@@bwrap-vm begin escapes-root' '1..2' 'ok 1 one [root]' 'ok 2 two [root]' \
		'@@bwrap-vm end escapes-root 0' \
		'@@bwrap-vm begin escapes-user' '1..2' 'ok 1 one [user]' 'not ok 2 two [user]' \
		'@@bwrap-vm end escapes-user 1' \
		'@@bwrap-vm begin mounts-root' '1..3' 'ok 1 one [root]' \
		'@@bwrap-vm begin mounts-user' '1..3' 'ok 1 one [user]' \
		'@@bwrap-vm end mounts-user 124' \
		>"$serial"
	run "$RUN" --kernel 6.1 --builddir "$BUILDDIR" "${SUITES[@]}" --from-serial "$serial"
	assert_failure
	assert_equal "$(result escapes-root)" $':test-result: PASS\n:test-result: PASS'
	assert_equal "$(result escapes-user)" $':test-result: PASS\n:test-result: FAIL'
	# cut off after its first test: the missing ones and the cut are failures
	result mounts-root | grep -q FAIL || flunk "mounts-root: no failure"
	grep -q "cut off before its end" "$RESULTS/mounts-root.log" || flunk "mounts-root.log: no reason"
	result mounts-user | grep -q FAIL || flunk "mounts-user: no failure"
	grep -q "killed after" "$RESULTS/mounts-user.log" || flunk "mounts-user.log: no reason"
	# never started: one failure each
	assert_equal "$(result policy-root)" ":test-result: FAIL"
	grep -q "no result from the VM" "$RESULTS/policy-user.log" || flunk "policy-user.log: no reason"
	assert_output_contains "vm 6.1: 5 passed, 7 failed, 0 skipped"
}

@test "vm: an unknown kernel or suite is an error naming it" {
	run --separate-stderr "$RUN" --kernel 4.9 --builddir "$BUILDDIR" --placeholders-only
	assert_failure
	assert_stderr_contains "--kernel 4.9: unknown"
	run --separate-stderr "$RUN" --kernel 6.1 --builddir "$BUILDDIR" --suite tests/nothing.bats \
		--placeholders-only
	assert_failure
	assert_stderr_contains "--suite tests/nothing.bats: no such file"
}

# .ci/run finds each suite's result through `make list-tests`; a wrong name
# there would count every suite as cut off (or, worse, none).
@test "make list-tests: each suite's result file is the one the test driver writes" {
	[[ -f $BUILDDIR/Makefile ]] || skip "no Makefile in $BUILDDIR"
	# the Makefile's own lists, not those of a `make check TESTS=...` running this
	local -x MAKEFLAGS= MFLAGS= MAKELEVEL=
	run make -s --no-print-directory -C "$BUILDDIR" list-tests
	assert_success
	local listed logs
	listed=$(awk '{ sub(/\.trs$/, ".log", $2); print $2 }' <<<"$output" | sort)
	[[ $(wc -l <<<"$listed") -gt 10 ]] || flunk "too few suites listed: $output"
	# automake's own names for the logs (TEST_LOGS), printed by its Makefile
	logs=$(make -s --no-print-directory -C "$BUILDDIR" -f Makefile -f - print-test-logs <<<$'print-test-logs:\n\t@for l in $(TEST_LOGS); do echo "$$l"; done' | sort)
	assert_equal "$listed" "$logs"
	grep -qx 'tests/escapes.bats tests/escapes.trs' <<<"$output" || flunk "escapes.bats: $output"
}
