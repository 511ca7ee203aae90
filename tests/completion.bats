#!/usr/bin/env bats
# Tests of the bash and zsh completions in completions/.
#
# Each case completes a partial command line with the cursor at its end, in
# a separate shell, and looks at what is offered. Nothing here needs
# privileges or writes outside $BATS_TEST_TMPDIR.

BASH_COMPLETION_MAIN=/usr/share/bash-completion/bash_completion

setup() {
    : "${TOP_SRCDIR:=$(cd "$BATS_TEST_DIRNAME/.." && pwd)}"
    BASH_FILE=$TOP_SRCDIR/completions/bash/bwrap
    ZSH_DIR=$TOP_SRCDIR/completions/zsh
    [[ -f $BASH_FILE ]] || skip "no $BASH_FILE"
    # (skip only works here, not inside "run")
    case $BATS_TEST_DESCRIPTION in
    *"without bash-completion"*) ;;
    bash:*)
        [[ -f $BASH_COMPLETION_MAIN ]] || skip "bash-completion is not installed" ;;
    zsh:*)
        command -v zsh >/dev/null || skip "zsh is not installed" ;;
    esac
}

# bash_complete LINE [plain]: complete LINE (split on blanks; a trailing
# blank starts an empty word) with _bwrap and print COMPREPLY, one entry per
# line. bash-completion is loaded first unless "plain" is given.
bash_complete() {
    local plain=${2:-}
    HOME=/ BWRAP_TEST_HOME_VAR=1 bash --norc --noprofile -c '
        main=$1 file=$2 line=$3 plain=$4
        if [[ ! $plain ]]; then
            source "$main" || exit 2
        fi
        source "$file" || exit 2
        read -ra COMP_WORDS <<<"$line"
        [[ $line == *" " ]] && COMP_WORDS+=("")
        COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
        COMP_LINE=$line
        COMP_POINT=${#line}
        COMPREPLY=()
        _bwrap bwrap "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}" 2>/dev/null
        (( ${#COMPREPLY[@]} )) && printf "%s\n" "${COMPREPLY[@]}"
        exit 0
    ' _ "$BASH_COMPLETION_MAIN" "$BASH_FILE" "$1" "$plain"
}

# zsh_complete LINE: complete LINE in an interactive zsh (on a pseudo-
# terminal, through zsh/zpty) with _bwrap from $ZSH_DIR, and print every
# match that was offered, one per line, sorted.
zsh_complete() {
    local script=$BATS_TEST_TMPDIR/capture.zsh
    cat >"$script" <<'EOF'
zmodload zsh/zpty || exit 2
fdir=$1 line=$2
zpty z zsh -f -i || exit 2
zpty -w z "PS1= PS2= RPS1=; unsetopt zle_bracketed_paste 2>/dev/null; fpath=(${(q)fdir} \$fpath)"
zpty -w z 'autoload -U compinit && compinit -u -D'
# record every match that completion functions add
zpty -w z 'typeset -ga _cap_m; compadd() { local -a _m; builtin compadd -O _m "$@"; _cap_m+=($_m); builtin compadd "$@" }'
zpty -w z '_cap_done() { print -rn -- @@BEGIN@@${(pj:\n:)_cap_m}@@END@@; exit }'
zpty -w z '_cap_main() { _cap_m=(); comppostfuncs=(_cap_done); _main_complete }'
zpty -w z 'zle -C cap-complete complete-word _cap_main; bindkey "^I" cap-complete'
zpty -w z "cd / && print @@READY@@"
out=
until [[ $out == *$'\n'@@READY@@* ]]; do zpty -r -t z chunk && out+=$chunk || sleep 0.05; done
zpty -w -n z "$line"$'\t'
out=
until [[ $out == *@@END@@* ]]; do zpty -r -t z chunk && out+=$chunk || sleep 0.05; done
zpty -d z
out=${out//$'\r'/}
out=${${out##*@@BEGIN@@}%%@@END@@*}
[[ -n $out ]] && print -rl -- ${(fu)out} | sort
exit 0
EOF
    HOME=/ timeout 60 zsh -f "$script" "$ZSH_DIR" "$1"
}

# Checks on the lines of $output (functions, because a bare "! command"
# does not fail a bats test):
#   has WORD            WORD is one of the lines
#   lacks WORD          WORD is not one of the lines
#   only PREFIX         every line starts with PREFIX
#   lacks_prefix PREFIX no line starts with PREFIX
has() {
    grep -qxF -- "$1" <<<"$output"
}
lacks() {
    ! grep -qxF -- "$1" <<<"$output"
}
only() {
    local line
    while IFS= read -r line; do
        [[ $line == "$1"* ]] || { echo "unexpected: $line"; return 1; }
    done <<<"$output"
}
lacks_prefix() {
    local line
    while IFS= read -r line; do
        [[ $line != "$1"* ]] || { echo "unexpected: $line"; return 1; }
    done <<<"$output"
}

# --- bash ------------------------------------------------------------------

@test "bash: the completion file parses and registers _bwrap" {
    run bash --norc --noprofile -n "$BASH_FILE"
    [ "$status" -eq 0 ]
    run bash --norc --noprofile -c 'source "$1" && complete -p bwrap' _ "$BASH_FILE"
    [ "$status" -eq 0 ]
    [[ $output == *"-F _bwrap"* ]]
}

@test "bash: 'bwrap --unsh' offers the --unshare-* options" {
    run bash_complete "bwrap --unsh"
    [ "$status" -eq 0 ]
    has --unshare-user
    has --unshare-user-try
    has --unshare-pid
    has --unshare-net
    has --unshare-all
    only --unshare-
}

@test "bash: 'bwrap ' offers options, not commands" {
    run bash_complete "bwrap "
    [ "$status" -eq 0 ]
    has --bind
    has --help
    only --
}

@test "bash: 'bwrap --bind /us' completes host paths" {
    run bash_complete "bwrap --bind /us"
    [ "$status" -eq 0 ]
    has /usr
}

@test "bash: the destination of --bind completes paths too" {
    run bash_complete "bwrap --bind /usr /us"
    [ "$status" -eq 0 ]
    has /usr
}

@test "bash: 'bwrap --chdir /' offers only directories" {
    run bash_complete "bwrap --chdir /"
    [ "$status" -eq 0 ]
    [ -n "$output" ]
    has /usr
    while IFS= read -r entry; do
        [ -d "$entry" ] || { echo "not a directory: $entry"; false; }
    done <<<"$output"
}

@test "bash: --chdir leaves out files, --bind keeps them" {
    mkdir "$BATS_TEST_TMPDIR/t" "$BATS_TEST_TMPDIR/t/subdir"
    touch "$BATS_TEST_TMPDIR/t/somefile"
    run bash_complete "bwrap --chdir $BATS_TEST_TMPDIR/t/"
    [ "$status" -eq 0 ]
    has "$BATS_TEST_TMPDIR/t/subdir"
    lacks "$BATS_TEST_TMPDIR/t/somefile"
    run bash_complete "bwrap --ro-bind $BATS_TEST_TMPDIR/t/"
    [ "$status" -eq 0 ]
    has "$BATS_TEST_TMPDIR/t/subdir"
    has "$BATS_TEST_TMPDIR/t/somefile"
}

@test "bash: after the arguments of --bind, options again ('bwrap --bind /a /b --ro')" {
    run bash_complete "bwrap --bind /a /b --ro"
    [ "$status" -eq 0 ]
    has --ro-bind
    has --ro-bind-try
    only --ro-
}

@test "bash: 'bwrap --unsetenv HO' offers HOME" {
    run bash_complete "bwrap --unsetenv HO"
    [ "$status" -eq 0 ]
    has HOME
}

@test "bash: --setenv completes the variable name, not the value" {
    run bash_complete "bwrap --setenv BWRAP_TEST_HOME"
    [ "$status" -eq 0 ]
    has BWRAP_TEST_HOME_VAR
    run bash_complete "bwrap --setenv HOME /"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run bash_complete "bwrap --setenv HOME / --unsh"
    [ "$status" -eq 0 ]
    has --unshare-net
}

@test "bash: nothing is offered for numbers and free text" {
    run bash_complete "bwrap --uid "
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run bash_complete "bwrap --symlink us"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
    run bash_complete "bwrap --symlink usr /us"
    [ "$status" -eq 0 ]
    has /usr
}

@test "bash: capability names after --cap-add and --cap-drop" {
    run bash_complete "bwrap --cap-add CAP_SYS_AD"
    [ "$status" -eq 0 ]
    has CAP_SYS_ADMIN
    only CAP_SYS_AD
    run bash_complete "bwrap --cap-drop A"
    [ "$status" -eq 0 ]
    [ "$output" = ALL ]
    run bash_complete "bwrap --cap-add cap_net_r"
    [ "$status" -eq 0 ]
    [ "$output" = cap_net_raw ]
    run bash_complete "bwrap --cap-add ALL --cap-drop CAP_SETU"
    [ "$status" -eq 0 ]
    [ "$output" = CAP_SETUID ]
}

@test "bash: the three arguments of --overlay, then options again" {
    run bash_complete "bwrap --overlay-src /usr --overlay /tmp /var /us"
    [ "$status" -eq 0 ]
    has /usr
    run bash_complete "bwrap --overlay-src /usr --overlay /tmp /var /usr --unsh"
    [ "$status" -eq 0 ]
    has --unshare-pid
}

@test "bash: after the command, its own completion takes over ('bwrap --ro-bind / / ls -')" {
    run bash_complete "bwrap --ro-bind / / ls -"
    [ "$status" -eq 0 ]
    lacks --ro-bind
    lacks --unshare-net
    lacks --die-with-parent
    # bash-completion completes ls from its --help output
    has --all
}

@test "bash: the command word completes command names" {
    run bash_complete "bwrap --ro-bind / / bas"
    [ "$status" -eq 0 ]
    has bash
    lacks_prefix --
}

@test "bash: after --, a word starting with - is not a bwrap option" {
    run bash_complete "bwrap --ro-bind / / -- --unsh"
    [ "$status" -eq 0 ]
    lacks --unshare-net
    run bash_complete "bwrap -- bas"
    [ "$status" -eq 0 ]
    has bash
}

@test "bash: works without bash-completion loaded" {
    run bash_complete "bwrap --unsh" plain
    [ "$status" -eq 0 ]
    has --unshare-net
    run bash_complete "bwrap --bind /a /b --ro" plain
    [ "$status" -eq 0 ]
    has --ro-bind
    run bash_complete "bwrap --bind /us" plain
    [ "$status" -eq 0 ]
    has /usr
}

# --- zsh -------------------------------------------------------------------

@test "zsh: _bwrap parses" {
    run zsh -n "$ZSH_DIR/_bwrap"
    [ "$status" -eq 0 ]
    [ -z "$output" ]
}

@test "zsh: compinit picks up _bwrap for bwrap and it autoloads" {
    run env HOME=/ zsh -f -c '
        fpath=("$1" $fpath)
        autoload -U compinit && compinit -u -D
        print -r -- "comp=$_comps[bwrap]"
        autoload +X _bwrap && whence -w _bwrap
    ' _ "$ZSH_DIR"
    [ "$status" -eq 0 ]
    [[ $output == *"comp=_bwrap"* ]]
    [[ $output == *"_bwrap: function"* ]]
}

@test "zsh: 'bwrap --unsh' offers the --unshare-* options" {
    run zsh_complete "bwrap --unsh"
    [ "$status" -eq 0 ]
    has --unshare-user
    has --unshare-pid
    has --unshare-all
    only --unshare-
}

@test "zsh: 'bwrap --bind /a /b --ro' offers the --ro-bind options" {
    run zsh_complete "bwrap --bind /a /b --ro"
    [ "$status" -eq 0 ]
    has --ro-bind
    has --ro-bind-try
}

@test "zsh: host paths after --bind, variables after --unsetenv" {
    run zsh_complete "bwrap --bind /us"
    [ "$status" -eq 0 ]
    has usr
    run zsh_complete "bwrap --unsetenv HO"
    [ "$status" -eq 0 ]
    has HOME
}

@test "zsh: capability names after --cap-add" {
    run zsh_complete "bwrap --cap-add CAP_SYS_AD"
    [ "$status" -eq 0 ]
    [ "$output" = CAP_SYS_ADMIN ]
}

@test "zsh: after the command, its own completion takes over" {
    run zsh_complete "bwrap --ro-bind / / ls --al"
    [ "$status" -eq 0 ]
    lacks --ro-bind
    has --all
}
