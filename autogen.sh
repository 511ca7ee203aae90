#!/bin/sh
# Regenerate the autotools build system (configure, Makefile.in, build-aux/).
set -e
srcdir=$(dirname "$0")
test -n "$srcdir" || srcdir=.
cd "$srcdir"
autoreconf -fi
echo "Now run ./configure && make"
