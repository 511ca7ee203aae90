#!/usr/bin/env bats
# deps.bats - libseccomp and json-c are loaded on demand: bwrap links
# neither, records both (and libselinux) in ELF .note.dlopen notes, maps
# them only in runs whose options need them, and fails with one clear line
# naming the option and the library when one is missing.

load lib

PY=/usr/bin/python3
PROFILE=$TOP_SRCDIR/tests/profiles/docker-shape.json

# ---- helpers ---------------------------------------------------------------------

# The libraries bwrap loads, as the dynamic loader reports them (LD_DEBUG):
# one soname a line, those loaded at startup and those dlopen()ed.
loaded_by_bwrap() {
	LD_DEBUG=files "$BWRAP" "$@" 2>&1 >/dev/null |
		sed -n 's/.*file=\([^ ]*\) \[0\];  \(needed\|dynamically loaded\) by .*bwrap.*/\1/p' |
		sort -u
}

# lib_dir SONAME: the directory, without symlinks, that holds SONAME
lib_dir() {
	local p
	p=$(ldconfig -p | sed -n "s/^[[:space:]]*$1 (.*) => //p" | head -n 1)
	[[ -n $p && -e $p ]] || return 1
	realpath "$(dirname "$p")"
}

# run_without_libs DIR SONAME... -- ARG...: run bwrap ARG... in a sandbox
# whose DIR is a tmpfs holding only bwrap's own libraries and SONAME...
run_without_libs() {
	local dir=$1 so src real
	local args=(--ro-bind / / --unshare-pid --proc /proc --dev /dev --tmpfs "$dir")
	shift
	local keep=()
	while [[ $1 != -- ]]; do
		keep+=("$1")
		shift
	done
	shift
	# what the dynamic loader needs to start bwrap: its NEEDED entries and
	# the loader itself, each bound where it is looked for
	while read -r src || [[ -n $src ]]; do
		local at=
		if [[ $(realpath "$(dirname "$src")") == "$dir" ]]; then
			at=$dir/$(basename "$src")
			args+=(--ro-bind "$src" "$at")
		fi
		real=$(realpath "$src")
		if [[ $(dirname "$real") == "$dir" && $real != "$at" ]]; then
			args+=(--ro-bind "$real" "$real")
		fi
	done < <(ldd "$BWRAP" | sed -n 's/.*=> \(\/[^ ]*\) .*/\1/p; s/^[[:space:]]*\(\/[^ ]*\) (.*/\1/p')
	for so in "${keep[@]}"; do
		args+=(--ro-bind "$dir/$so" "$dir/$so")
	done
	run --separate-stderr "$BWRAP" "${args[@]}" "$BWRAP" "$@"
}

# ---- the binary --------------------------------------------------------------------

@test "bwrap links neither libseccomp nor json-c, and names them in .note.dlopen" {
	command -v readelf >/dev/null || skip "readelf is not installed"
	command -v objcopy >/dev/null || skip "objcopy is not installed"
	[[ -x $PY ]] || skip "$PY is not installed"
	run readelf -d "$BWRAP"
	assert_success
	[[ $output == *"(NEEDED)"*"libc.so"* ]] || flunk "readelf -d shows no NEEDED entries"
	refute_output_contains libseccomp
	refute_output_contains libjson-c
	local sec=$BATS_TEST_TMPDIR/notes
	objcopy -O binary --only-section=.note.dlopen "$BWRAP" "$sec"
	[[ -s $sec ]] || flunk "no .note.dlopen section"
	# every note: owner "FDO", type 0x407c0c0a, a NUL-terminated JSON array
	run "$PY" -c '
import json, struct, sys
data = open(sys.argv[1], "rb").read()
off = 0
while off < len(data):
    namesz, descsz, typ = struct.unpack_from("=III", data, off)
    off += 12
    name = data[off:off + namesz]
    off += (namesz + 3) & ~3
    desc = data[off:off + descsz]
    off += (descsz + 3) & ~3
    assert name == b"FDO\0", name
    assert typ == 0x407c0c0a, hex(typ)
    assert desc.endswith(b"\0"), desc
    for o in json.loads(desc[:-1]):
        assert o["priority"] in ("required", "recommended", "suggested"), o
        print(" ".join(o["soname"]), o["feature"], o["priority"])
' "$sec"
	assert_success
	assert_output_contains "libseccomp.so.2 seccomp-profile recommended"
	assert_output_contains "libjson-c.so.5 seccomp-profile-json recommended"
	assert_output_contains "libsystemd.so.0 cgroup-systemd suggested"
}

# ---- what a run loads --------------------------------------------------------------

@test "a run loads libseccomp only for a profile, json-c only for a profile file" {
	run loaded_by_bwrap --ro-bind / / true
	assert_success
	[[ $output == *libc.so.6* ]] || flunk "LD_DEBUG reported nothing: cannot tell"
	refute_output_contains libseccomp
	refute_output_contains libjson-c
	run loaded_by_bwrap --ro-bind / / --seccomp-profile default true
	assert_output_contains libseccomp.so.2
	refute_output_contains libjson-c
	run loaded_by_bwrap --ro-bind / / --seccomp-profile "$PROFILE" true
	assert_output_contains libseccomp.so.2
	assert_output_contains libjson-c.so.5
	run loaded_by_bwrap --print-seccomp-profile default
	assert_output_contains libjson-c.so.5
}

@test "the parent of a running sandbox maps no libseccomp or json-c unless asked" {
	local opts maps pid r
	for opts in "" "--seccomp-profile default"; do
		r=$RANDOM
		# shellcheck disable=SC2086 # opts is a list of words
		"$BWRAP" --ro-bind / / --die-with-parent $opts sh -c "exec sleep 60.$r" "$MARK" &
		pid=$!
		wait_for_pattern "^sleep 60\\.$r\$"
		# the libraries are loaded before the sandbox exists: its command
		# running, the parent's maps are final
		maps=$(cat "/proc/$pid/maps" 2>/dev/null) || true
		kill -KILL "$pid"
		wait "$pid" || true
		[[ -n $maps ]] || skip "the maps of bwrap's parent are not readable here"
		[[ $maps == *libc* ]] || flunk "unexpected maps: $maps"
		[[ $maps != *libjson-c* ]] || flunk "bwrap $opts mapped json-c"
		if [[ -z $opts ]]; then
			[[ $maps != *libseccomp* ]] || flunk "bwrap with no profile mapped libseccomp"
		else
			[[ $maps == *libseccomp.so.2* ]] || flunk "bwrap $opts did not map libseccomp"
		fi
	done
}

# ---- a missing library --------------------------------------------------------------

@test "--seccomp-profile without libseccomp.so.2: one line naming the option and the library" {
	local dir
	dir=$(lib_dir libseccomp.so.2) || skip "the host has no libseccomp.so.2"
	# bwrap itself starts without it
	run_without_libs "$dir" -- --version
	assert_success
	run_without_libs "$dir" -- --ro-bind / / --seccomp-profile default true
	assert_bwrap_error
	[[ $stderr == "bwrap: --seccomp-profile: cannot load libseccomp.so.2: cannot open shared object file: No such file or directory" ]] ||
		flunk "unexpected message"
	run_without_libs "$dir" -- --print-seccomp-profile default
	assert_bwrap_error
	assert_stderr_contains "bwrap: --print-seccomp-profile: cannot load libseccomp.so.2: "
	# a run that needs neither does not notice
	run_without_libs "$dir" -- --ro-bind / / --unshare-user true
	assert_success
}

@test "--seccomp-profile FILE without libjson-c.so.5: one line naming the option and the library" {
	local dir
	dir=$(lib_dir libjson-c.so.5) || skip "the host has no libjson-c.so.5"
	[[ $(lib_dir libseccomp.so.2) == "$dir" ]] || skip "libseccomp and json-c are in different directories"
	run_without_libs "$dir" libseccomp.so.2 -- --ro-bind / / --seccomp-profile "$PROFILE" true
	assert_bwrap_error
	[[ $stderr == "bwrap: --seccomp-profile: cannot load libjson-c.so.5: cannot open shared object file: No such file or directory" ]] ||
		flunk "unexpected message"
	# the built-in profile needs no JSON
	run_without_libs "$dir" libseccomp.so.2 -- --ro-bind / / --seccomp-profile default true
	[[ $stderr != *"cannot load"* ]] || flunk "the built-in profile wanted json-c"
}
