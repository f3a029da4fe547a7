#!/bin/sh
# completion.sh - the bash and zsh completions: commands and options from
# pundit's own table (--list-commands, --list-options), sources, tags and
# saved searches from the --tsv listings.
. "$(dirname "$0")/lib.sh"
BASHCOMP="$top_srcdir/completions/pundit"
ZSHCOMP="$top_srcdir/completions/_pundit"

# The listings the completions read.
run --list-commands
expect_rc 0 "--list-commands"
names=$(printf '%s\n' "$out" | cut -f1 | tr '\n' ' ')
helpcmds=$("$PUNDIT" --help | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}' | tr '\n' ' ')
[ "$names" = "$helpcmds" ]; ok $? "--list-commands has the commands of --help, in order"
[ -n "$helpcmds" ] || diag "no commands in --help"
printf '%s\n' "$out" | grep -q "^init	start the sources file"; ok $? "each command comes with what it does, after a tab"
run --list-options
has "--config FILE" "$out" "global options with the name of their argument"
has "-d DIR" "$out" "short global options too"
hasnt "list-options" "$out" "the listing options list themselves not"
run --list-options list
has "--tag TAG" "$out" "list --tag TAG"
has "--source SOURCE" "$out" "list --source SOURCE"
has "--unread" "$out" "list --unread"
has "--help" "$out" "every command has --help"
[ "$(printf '%s\n' "$out" | grep -c -- '^--json$')" -eq 1 ]; ok $? "an option is listed once"
run --list-options search
has "--saved NAME" "$out" "search --saved NAME"
run --list-options frobnicate
expect_rc 2 "--list-options of an unknown command"
# Every option of every command's --help is listed (they share the table).
for c in $helpcmds; do
  want=$("$PUNDIT" "$c" --help | grep -o -- '--[a-z][a-z-]*' | sort -u | tr '\n' ' ')
  got=$("$PUNDIT" --list-options "$c" | cut -d' ' -f1 | grep -v '^--help$' | sort -u | tr '\n' ' ')
  [ "$want" = "$got" ]; ok $? "--list-options $c matches its --help"
  [ "$want" = "$got" ] || diag "help: $want" "list: $got"
done

# Sources, tags and saved searches as the completions read them.
"$PUNDIT" init >/dev/null 2>&1
run sources --tsv
expect_rc 0 "sources --tsv"
line=$(printf '%s\n' "$out" | grep 'chathamhouse')
printf '%s\n' "$line" | awk -F'\t' 'NF == 7 && $3 == "Chatham House" && $4 == "html" && $6 == 0' | grep -q .
ok $? "sources --tsv: id, URL, name, kind, tags, articles, unread"
has "FT中文网" "$out" "sources --tsv keeps Chinese names"
run tags --tsv
printf '%s\n' "$out" | grep -q '^think-tank	'; ok $? "tags --tsv: the tag first, then tabs"
run searches --tsv
expect_rc 0 "searches --tsv"
"$PUNDIT" search --save "china econ" tag:china tag:economy >/dev/null 2>&1
run searches --tsv
printf '%s\n' "$out" | grep -q '^china econ	tag:china tag:economy	'; ok $? "searches --tsv: name, query, counts"
run sources --json --tsv
expect_rc 2 "--json and --tsv together"

# bash: source the file, set what bash sets, call the function.
if ! command -v bash >/dev/null 2>&1; then
  skip "bash completion" "bash not installed"
  done_testing; exit
fi
# bcomp "WORDS BEFORE THE CURSOR": the completions, one a line, in $out.
bcomp() {
  out=$(PUNDIT_BIN="$PUNDIT" LINE="$1" bash --norc --noprofile -c '
    . "$0" || exit 9
    line="$PUNDIT_BIN ${LINE#pundit }"
    COMP_LINE=$line; COMP_POINT=${#line}
    # Split as bash does: at spaces, and around ":" and "=" (COMP_WORDBREAKS).
    read -ra ws <<< "$line"
    COMP_WORDS=()
    for w in "${ws[@]}"; do
      while [[ $w == *[:=]* ]]; do
        p=${w%%[:=]*}; [ -n "$p" ] && COMP_WORDS+=("$p")
        COMP_WORDS+=("${w:${#p}:1}"); w=${w:${#p}+1}
      done
      [ -n "$w" ] && COMP_WORDS+=("$w")
    done
    COMP_CWORD=${#COMP_WORDS[@]}
    case $line in *" "|*:|*=) COMP_WORDS+=(""); ;; *) COMP_CWORD=$((COMP_CWORD - 1)) ;; esac
    _pundit pundit
    printf "%s\n" "${COMPREPLY[@]}"' "$BASHCOMP" 2>"$T/bcomp.err")
  rc=$?
}
bcomp "pundit "
expect_rc 0 "the bash completion loads and runs"
has "init" "$out" "bash: commands"
has "search" "$out" "bash: commands (2)"
bcomp "pundit in"
[ "$out" = "init" ]; ok $? "bash: a command from its start"
bcomp "pundit --con"
[ "$out" = "--config" ]; ok $? "bash: a global option"
bcomp "pundit list --"
has "--unread" "$out" "bash: the options of list"
hasnt "--print" "$out" "bash: not those of another command"
bcomp "pundit list --tag "
has "china" "$out" "bash: list --tag offers tags"
has "think-tank" "$out" "bash: tags (2)"
bcomp "pundit list --tag ch"
[ "$out" = "china" ]; ok $? "bash: tags from their start"
bcomp "pundit fetch Chat"
[ "$out" = 'Chatham\ House' ]; ok $? "bash: a source name with a space comes quoted"
[ "$out" = 'Chatham\ House' ] || diag "got: $out"
bcomp "pundit remove https://www.brook"
# (bash splits the word at the colon: the part after it is completed)
[ "$out" = "//www.brookings.edu/feed/" ]; ok $? "bash: a source URL"
bcomp "pundit fetch FT"
[ "$out" = "FT中文网" ]; ok $? "bash: a Chinese source name"
bcomp "pundit mark 12 st"
[ "$out" = "star" ]; ok $? "bash: mark states"
bcomp "pundit tag 12 +chi"
[ "$out" = "+china" ]; ok $? "bash: tag +TAG"
bcomp "pundit tag 12 -secu"
[ "$out" = "-security" ]; ok $? "bash: tag -TAG"
bcomp "pundit search tag:eco"
[ "$out" = "economy" ]; ok $? "bash: search tag: completes after the colon"
[ "$out" = "economy" ] || diag "got: $out"
bcomp "pundit search -tag:"
has "think-tank" "$out" "bash: -tag: right after the colon"
bcomp "pundit list --tag=chi"
[ "$out" = "china" ]; ok $? "bash: --tag=VALUE"
[ "$out" = "china" ] || diag "got: $out"
bcomp "pundit search --saved "
[ "$out" = 'china\ econ' ]; ok $? "bash: saved searches"
bcomp "pundit init --tag z"
[ "$out" = "zh" ]; ok $? "bash: init --tag offers the curated list's tags"
bcomp "pundit sources "
has "--tsv" "$out" "bash: an empty word after a command without arguments: options"
mkdir -p "$T/other/pundit"
printf 'https://other.example/feed other "~Other Place"\n' >"$T/other/pundit/sources"
bcomp "pundit -c $T/other/pundit/config fetch Oth"
[ "$out" = 'Other\ Place' ]; ok $? "bash: -c on the line applies to the sources offered"

# zsh, when it is installed: load _pundit and ask it through compadd.
if ! command -v zsh >/dev/null 2>&1; then
  skip "zsh completion" "zsh not installed"
  done_testing; exit
fi
# zcomp WORD...: what _pundit offers after these words (the last one is
# the word being completed), through stubs of the completion system.
zcomp() {
  out=$(PUNDIT_BIN="$PUNDIT" zsh -f -c '
    fpath=("${0:h}" $fpath)
    autoload -Uz _pundit
    compadd() {
      while (( $# )); do
        case $1 in
          (-[JXPSVx]) shift 2 ;;
          (--) shift; break ;;
          (-*) shift ;;
          (*) break ;;
        esac
      done
      print -rl -- "$@"
    }
    _describe() { local -a arr; arr=("${(@P)${@[-1]}}"); print -rl -- "${(@)arr%%:*}"; }
    _files() { print -r -- "<files>"; }
    compset() { :; }
    _urls() { :; }
    _message() { :; }
    words=("$PUNDIT_BIN" "${@:2}"); CURRENT=$#words
    _pundit' "$ZSHCOMP" "$@" 2>"$T/zcomp.err")
  rc=$?
}
zcomp pundit ""
expect_rc 0 "zsh: _pundit loads and runs"
has "init" "$out" "zsh: commands"
has "search" "$out" "zsh: commands (2)"
zcomp pundit -c ""
[ "$out" = "<files>" ]; ok $? "zsh: -c takes a file"
zcomp pundit list --tag ""
has "china" "$out" "zsh: list --tag offers tags"
zcomp pundit fetch ""
has "Chatham House" "$out" "zsh: fetch offers source names"
has "https://www.brookings.edu/feed/" "$out" "zsh: and URLs"
zcomp pundit list --
has "--unread" "$out" "zsh: the options of list"
hasnt "--print" "$out" "zsh: not those of another command"
zcomp pundit mark 3 ""
has "unstar" "$out" "zsh: mark states"
zcomp pundit search --saved ""
has "china econ" "$out" "zsh: saved searches"
zcomp pundit init --tag ""
has "zh" "$out" "zsh: init --tag offers the curated list's tags"
zcomp pundit -c "$T/other/pundit/config" -d "$T/otherdata" fetch ""
has "Other Place" "$out" "zsh: -c on the line applies"
hasnt "Chatham House" "$out" "zsh: -c on the line applies (2)"
[ -s "$T/zcomp.err" ] && diag "$(head -5 "$T/zcomp.err")"

done_testing
