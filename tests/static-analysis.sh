#!/bin/bash
# static-analysis.sh - cppcheck and clang-tidy over bwrap/*.c; both must be
# clean (exit status 1 otherwise).
#
#   tests/static-analysis.sh [COMPILER-FLAG...]
#
# The flags are those the sources are compiled with; `make analyze` passes
# the build's AM_CPPFLAGS (the generated build-config.h, BWRAP_VERSION, the
# include directories). Without any, a default set for a plain Linux build
# is used. The clang-tidy checks are in .clang-tidy at the top of the tree.
#
# Environment: CPPCHECK (default cppcheck), CLANG_TIDY (default clang-tidy,
# else clang-tidy-14).
#
# Suppressions: a false positive is suppressed at its line, with the reason,
# by "// cppcheck-suppress ID" or "// NOLINT(check): reason".

set -uo pipefail

srcdir=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cppcheck=${CPPCHECK:-cppcheck}
clang_tidy=${CLANG_TIDY:-}
if [ -z "$clang_tidy" ]; then
    clang_tidy=clang-tidy
    command -v "$clang_tidy" > /dev/null 2>&1 || clang_tidy=clang-tidy-14
fi

missing=0
for tool in "$cppcheck" "$clang_tidy"; do
    if ! command -v "$tool" > /dev/null 2>&1; then
        echo "static-analysis.sh: $tool not found (Debian: apt-get install cppcheck clang-tidy)" >&2
        missing=1
    fi
done
[ "$missing" -eq 0 ] || exit 1

flags=("$@")
if [ ${#flags[@]} -eq 0 ]; then
    flags=(-D_GNU_SOURCE -DBWRAP_VERSION='"analysis"' -I"$srcdir/bwrap")
    for pc in libcap libseccomp json-c libselinux; do
        if pkg-config --exists "$pc" 2> /dev/null; then
            # shellcheck disable=SC2207 # pkg-config output is split on purpose
            flags+=($(pkg-config --cflags "$pc"))
        fi
    done
fi

status=0

echo "=== cppcheck ($("$cppcheck" --version))"
if ! (cd "$srcdir" && "$cppcheck" --quiet --enable=warning,portability,performance \
        --error-exitcode=1 --inline-suppr -I bwrap bwrap/); then
    echo "static-analysis.sh: cppcheck found problems" >&2
    status=1
fi

echo "=== clang-tidy ($("$clang_tidy" --version | sed -n 's/.*version /version /p' | head -n 1))"
tidy_failed=()
for f in "$srcdir"/bwrap/*.c; do
    # Findings go to stdout; clang's "N warnings generated." lines on
    # stderr count the suppressed ones too, and are left out.
    if ! out=$("$clang_tidy" --quiet "$f" -- -std=gnu11 "${flags[@]}" 2>&1); then
        tidy_failed+=("${f#"$srcdir"/}")
    fi
    printf '%s\n' "$out" | grep -v -e '^[0-9]* warnings\? generated\.$' -e '^$' || true
done
if [ ${#tidy_failed[@]} -gt 0 ]; then
    echo "static-analysis.sh: clang-tidy found problems in: ${tidy_failed[*]}" >&2
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "static analysis: clean"
fi
exit "$status"
