#!/usr/bin/env bats
# Where `make install` puts the man page and the shell completions, and that
# bash and zsh then find them.
#
# Each case configures a scratch copy of the build files (configure,
# Makefile.in and what they read) for one prefix, runs `make install-data`
# into a DESTDIR, and then looks at the staged tree from inside a sandbox
# where it is mounted at its prefix: there bash-completion's loader and zsh's
# autoloader, with their built-in search paths, must pick our files and not
# another copy (Debian's bubblewrap package ships completions for bwrap too).
# Nothing is written outside $BATS_TEST_TMPDIR.

load lib

setup() {
	bwrap_test_setup
	SRC=$TOP_SRCDIR
	# The unprivileged pass of tests/run-bats gets a copy of tests/, man/
	# and completions/ only; the install rules are the same for every user.
	[[ -x $SRC/configure && -f $SRC/Makefile.in ]] ||
		skip "no configured source tree at $SRC (install paths are checked in the root pass)"
	command -v make >/dev/null || skip "make is not installed"
}

# stage_install [CONFIGURE-OPTION...]: configure a scratch copy of the build
# files with the options, install the data files (man page, completions) into
# $DEST and print nothing; fails with the logs on stderr.
stage_install() {
	local work=$BATS_TEST_TMPDIR/src build=$BATS_TEST_TMPDIR/build f
	DEST=$BATS_TEST_TMPDIR/dest
	rm -rf "$work" "$build" "$DEST"
	mkdir -p "$work/bwrap" "$build" "$DEST"
	# -p keeps the timestamps: make must not try to regenerate anything.
	for f in configure Makefile.in Makefile.am configure.ac aclocal.m4 build-config.h.in; do
		cp -p "$SRC/$f" "$work/" || return 1
	done
	cp -pR "$SRC/build-aux" "$SRC/completions" "$SRC/man" "$work/" || return 1
	cp -p "$SRC/bwrap/main.c" "$work/bwrap/" || return 1
	# (a release tree under make distcheck is read-only, and so its copy)
	chmod -R u+w "$work" || return 1
	(cd "$build" && "$work/configure" --with-selinux=no "$@") >"$BATS_TEST_TMPDIR/configure.log" 2>&1 || {
		tail -n 20 "$BATS_TEST_TMPDIR/configure.log" >&2
		return 1
	}
	make -C "$build" install-data DESTDIR="$DEST" >"$BATS_TEST_TMPDIR/install.log" 2>&1 || {
		cat "$BATS_TEST_TMPDIR/install.log" >&2
		return 1
	}
}

# in_staged_root BIND... -- COMMAND...: run COMMAND in a sandbox that sees
# the host read-only with BIND... (bwrap options) on top, with an
# environment holding nothing that moves the shells' search paths.
in_staged_root() {
	local binds=()
	while [[ $1 != -- ]]; do
		binds+=("$1")
		shift
	done
	shift
	run_bwrap_bare --ro-bind / / --dev /dev --proc /proc "${binds[@]}" \
		--clearenv --setenv PATH /usr/bin:/bin --setenv HOME /nonexistent "$@"
}

# Which file zsh autoloads _bwrap from, with zsh's own default fpath.
ZSH_WHICH='autoload -Uz +X _bwrap 2>/dev/null && print -r -- $functions_source[_bwrap]'
# Which file bash-completion's on-demand loader sources for bwrap.
BASH_WHICH='source /usr/share/bash-completion/bash_completion || exit 2
__load_completion bwrap || exit 3
shopt -s extdebug
set -- $(declare -F _bwrap)
echo "$3"'

need_shells() {
	command -v zsh >/dev/null || skip "zsh is not installed"
	[[ -f /usr/share/bash-completion/bash_completion ]] || skip "bash-completion is not installed"
}

@test "make install, default prefix: the zsh completion goes to site-functions, which zsh searches" {
	need_shells
	stage_install
	local p=$DEST/usr/local/share
	[[ -f $p/zsh/site-functions/_bwrap ]] || flunk "no $p/zsh/site-functions/_bwrap"
	[[ ! -e $p/zsh/vendor-completions ]] || flunk "vendor-completions is only for the /usr prefix"
	[[ -f $p/bash-completion/completions/bwrap ]] || flunk "no $p/bash-completion/completions/bwrap"
	[[ -f $p/man/man1/bwrap.1 ]] || flunk "no $p/man/man1/bwrap.1"
	cmp "$SRC/completions/zsh/_bwrap" "$p/zsh/site-functions/_bwrap"
	cmp "$SRC/completions/bash/bwrap" "$p/bash-completion/completions/bwrap"

	in_staged_root --ro-bind "$DEST/usr/local" /usr/local -- zsh -f -c "$ZSH_WHICH"
	assert_success
	assert_output /usr/local/share/zsh/site-functions/_bwrap

	in_staged_root --ro-bind "$DEST/usr/local" /usr/local -- bash --norc --noprofile -c "$BASH_WHICH"
	assert_success
	assert_output /usr/local/share/bash-completion/completions/bwrap
}

@test "make install, --prefix=/usr: the completions go to Debian's vendor directories" {
	need_shells
	stage_install --prefix=/usr
	local p=$DEST/usr/share
	[[ -f $p/zsh/vendor-completions/_bwrap ]] || flunk "no $p/zsh/vendor-completions/_bwrap"
	[[ ! -e $p/zsh/site-functions ]] || flunk "site-functions is not for the /usr prefix"
	[[ -f $p/bash-completion/completions/bwrap ]] || flunk "no $p/bash-completion/completions/bwrap"
	[[ -f $p/man/man1/bwrap.1 ]] || flunk "no $p/man/man1/bwrap.1"

	# An empty /usr/local, so that a copy installed there cannot win.
	local binds=(--tmpfs /usr/local
		--ro-bind "$p/zsh/vendor-completions" /usr/share/zsh/vendor-completions
		--ro-bind "$p/bash-completion/completions" /usr/share/bash-completion/completions)
	in_staged_root "${binds[@]}" -- zsh -f -c "$ZSH_WHICH"
	assert_success
	assert_output /usr/share/zsh/vendor-completions/_bwrap
	in_staged_root "${binds[@]}" -- sh -c 'cmp "$1" /usr/share/zsh/vendor-completions/_bwrap' sh \
		"$SRC/completions/zsh/_bwrap"
	assert_success

	in_staged_root "${binds[@]}" -- bash --norc --noprofile -c "$BASH_WHICH"
	assert_success
	assert_output /usr/share/bash-completion/completions/bwrap
}

@test "make install: --with-zsh-completion-dir wins over the default" {
	stage_install --with-zsh-completion-dir=/opt/zsh
	[[ -f $DEST/opt/zsh/_bwrap ]] || flunk "no $DEST/opt/zsh/_bwrap"
	[[ ! -e $DEST/usr/local/share/zsh ]] || flunk "installed to the default directory too"
}
