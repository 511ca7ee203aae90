#!/usr/bin/env bats
# timens.bats - the time namespace: --unshare-time, with --monotonic-offset
# and --boottime-offset written before any process is in it, reported by
# --info-fd, and usable nested (offsets add up).

load lib

setup_file() {
	# the probe, outside any sandbox
	if [[ ! -e /proc/self/ns/time ]]; then
		export TIMENS_SKIP="this kernel has no time namespaces (Linux 5.6 and later)"
	fi
}

need_timens() {
	if [[ -n ${TIMENS_SKIP:-} ]]; then skip "$TIMENS_SKIP"; fi
}

PY=/usr/bin/python3
# CLOCK_MONOTONIC and CLOCK_BOOTTIME, whole seconds, one line
clocks='import time; print(int(time.clock_gettime(time.CLOCK_MONOTONIC)), int(time.clock_gettime(time.CLOCK_BOOTTIME)))'

# assert_near A B: |A - B| is under 600 s (a slow machine between two reads)
assert_near() {
	local d=$(($1 - $2))
	((d < 0)) && d=$((-d))
	((d < 600)) || flunk "expected $1 to be within 600 s of $2"
}

@test "--unshare-time: a new time namespace; without it, the host's" {
	need_timens
	run_bwrap --unshare-time readlink /proc/self/ns/time
	assert_ns_new time
	run_bwrap readlink /proc/self/ns/time
	assert_ns_host time
}

@test "--unshare-time without offsets: the clocks are the caller's" {
	need_timens
	read -r mono boot < <($PY -c "$clocks")
	run_bwrap --unshare-time $PY -c "$clocks"
	assert_success
	read -r in_mono in_boot <<<"$output"
	assert_near "$in_mono" "$mono"
	assert_near "$in_boot" "$boot"
}

@test "--monotonic-offset and --boottime-offset move the clocks of the whole sandbox" {
	need_timens
	read -r mono boot < <($PY -c "$clocks")
	run_bwrap --unshare-time --unshare-pid --monotonic-offset 100000 --boottime-offset 250000 \
		sh -c "$PY -c '$clocks'; cat /proc/uptime; cat /proc/self/timens_offsets"
	assert_success
	read -r in_mono in_boot <<<"${lines[0]}"
	assert_near "$in_mono" $((mono + 100000))
	assert_near "$in_boot" $((boot + 250000))
	# /proc/uptime is CLOCK_BOOTTIME as the namespace sees it
	assert_near "${lines[1]%%.*}" $((boot + 250000))
	[[ ${lines[2]} =~ ^monotonic\ +100000\ +0$ ]] || flunk "monotonic offset line"
	[[ ${lines[3]} =~ ^boottime\ +250000\ +0$ ]] || flunk "boottime offset line"
}

@test "a negative offset moves a clock back" {
	need_timens
	read -r mono boot < <($PY -c "$clocks")
	((boot > 100)) || skip "the machine booted less than 100 s ago"
	run_bwrap --unshare-time --boottime-offset -50 $PY -c "$clocks"
	assert_success
	read -r in_mono in_boot <<<"$output"
	assert_near "$in_mono" "$mono"
	assert_near "$in_boot" $((boot - 50))
	(( in_boot < boot + 1 )) || flunk "CLOCK_BOOTTIME should be behind the host's"
}

@test "nested: a sandbox's offsets add to those of the sandbox it runs in" {
	need_timens
	read -r mono boot < <($PY -c "$clocks")
	run_bwrap --unshare-time --monotonic-offset 100000 --bind "$BWRAP" /bwrap \
		/bwrap "${BW_ROOT[@]}" --unshare-time --monotonic-offset 50000 \
		--boottime-offset 7000 $PY -c "$clocks"
	assert_success
	read -r in_mono in_boot <<<"$output"
	assert_near "$in_mono" $((mono + 150000))
	assert_near "$in_boot" $((boot + 7000))
}

@test "--info-fd and --json-status-fd report the time namespace" {
	need_timens
	run_bwrap --unshare-time --info-fd 3 --json-status-fd 4 \
		stat -L -c %i /proc/self/ns/time 3>info 4>status
	assert_success
	grep -q "^    \"time-namespace\": $output\$" info || flunk "info: $(cat info)"
	grep -Eq "\"time-namespace\": $output[, ]" status || flunk "status: $(cat status)"
	run_bwrap --info-fd 3 true 3>info
	assert_success
	! grep -q time-namespace info || flunk "no time namespace, yet reported: $(cat info)"
}

@test "--unshare-time with --unshare-pid: pid 1 and the command are in the new namespace" {
	need_timens
	# with a pid namespace, --info-fd reports its pid 1
	run_bwrap --unshare-time --unshare-pid --info-fd 3 \
		stat -L -c %i /proc/self/ns/time 3>info
	assert_success
	grep -q "^    \"time-namespace\": $output\$" info || flunk "info: $(cat info)"
	assert_not_equal "time:[$output]" "$(host_ns time)"
}

@test "an offset without --unshare-time is an error naming the option" {
	run_bwrap --boottime-offset 5 true
	assert_bwrap_error --boottime-offset
	assert_stderr_contains "requires --unshare-time"
	run_bwrap --monotonic-offset 5 true
	assert_bwrap_error --monotonic-offset
}

@test "an offset that is not a whole number of seconds is an error" {
	for bad in 1.5 abc '' 99999999999999999999 --; do
		run_bwrap --unshare-time --monotonic-offset "$bad" true
		assert_bwrap_error --monotonic-offset
	done
}

@test "an offset that would put a clock before zero is refused by the kernel, and said so" {
	need_timens
	read -r mono boot < <($PY -c "$clocks")
	run_bwrap --unshare-time --boottime-offset -$((boot + 100000)) true
	assert_bwrap_error --boottime-offset
	assert_stderr_contains "timens_offsets: Numerical result out of range"
}
