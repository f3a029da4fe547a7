#!/bin/sh
# init.sh - pundit init: the curated list offered on first run, copied only
# where there is no sources file, never over one (whatever is there).
. "$(dirname "$0")/lib.sh"
LIST="${PUNDIT_DATADIR:-$top_srcdir/data}/sources"
export PUNDIT_DATADIR="${PUNDIT_DATADIR:-$top_srcdir/data}"
nlist=$(grep -c '^[^#[:space:]]' "$LIST")

# First run: the empty states point to init.
run sources
expect_rc 0 "sources on a fresh home"
has "pundit init" "$out" "the empty source list offers the curated list"
[ ! -e "$SOURCES" ]; ok $? "listing creates no sources file"
run fetch
expect_rc 0 "fetch with no sources"
has "pundit init" "$out" "fetch with no sources offers the curated list"

run init --print
expect_rc 0 "init --print"
printf '%s\n' "$out" | cmp -s - "$LIST"; ok $? "--print writes the list as it is"
[ ! -e "$SOURCES" ]; ok $? "--print writes no file"

run init
expect_rc 0 "init on a fresh home"
has "Wrote $nlist sources to $SOURCES" "$out" "says how many sources it wrote, and where"
has "pundit fetch" "$out" "and what to do next"
cmp -s "$SOURCES" "$LIST"; ok $? "the sources file is the curated list, byte for byte"
[ "$(stat -c %a "$SOURCES")" = 600 ]; ok $? "the new file is the user's alone (600)"
run sources
expect_rc 0 "sources after init"
[ -z "$err" ]; ok $? "the curated list loads without a complaint"
[ -z "$err" ] || diag "$err"
has "Brookings" "$out" "its sources are listed"
has "联合早报" "$out" "Chinese ones too"

# Never over a sources file.
cp "$SOURCES" "$T/before"
run init
expect_rc 1 "init when the file exists"
has "exists already" "$err" "says the file exists"
has "$SOURCES" "$err" "names it"
cmp -s "$SOURCES" "$T/before"; ok $? "the file is untouched"
printf '# mine\nhttps://mine.example/feed mine "~Mine"\n' >"$SOURCES"
cp "$SOURCES" "$T/before"
run init --tag zh
expect_rc 1 "init --tag over a user's file"
cmp -s "$SOURCES" "$T/before"; ok $? "the user's file is untouched"
: >"$SOURCES"
run init
expect_rc 1 "an empty sources file counts as one"
[ ! -s "$SOURCES" ]; ok $? "and stays empty"
rm "$SOURCES"
ln -s "$T/elsewhere" "$SOURCES"
run init
expect_rc 1 "a dangling link in its place counts as a file"
[ ! -e "$T/elsewhere" ]; ok $? "init does not write through the link"
rm "$SOURCES"
mkdir "$SOURCES"
run init
expect_rc 1 "a directory in its place"
rmdir "$SOURCES"

# A part of the list.
run init --tag zh --print
expect_rc 0 "init --tag zh --print"
nzh=$(grep -c '^[^#[:space:]].* zh ' "$LIST")
[ "$(printf '%s\n' "$out" | grep -c '^[^#[:space:]]')" -eq "$nzh" ]; ok $? "--tag zh keeps the $nzh Chinese sources"
printf '%s\n' "$out" | grep '^[^#[:space:]]' | grep -vq ' zh '; [ $? -ne 0 ]; ok $? "and only them"
run init --tag zh --tag security --print
nsec=$(grep '^[^#[:space:]]' "$LIST" | grep -c ' zh \| security ')
[ "$(printf '%s\n' "$out" | grep -c '^[^#[:space:]]')" -eq "$nsec" ]; ok $? "two --tag options: sources with either"
run init --tag no-such-tag
expect_rc 1 "a tag the list does not have"
has "think-tank" "$err" "the message lists the tags there are"
[ ! -e "$SOURCES" ]; ok $? "and nothing is written"
run init --tag zh
expect_rc 0 "init --tag zh"
n=$(grep -c '^[^#[:space:]]' "$SOURCES")
[ "$n" -eq "$nzh" ]; ok $? "the file holds the Chinese sources"
has "Wrote $nzh sources" "$out" "and says how many"
head -1 "$SOURCES" | grep -q "^# .*tagged zh"; ok $? "a comment says where they come from"
run sources
[ -z "$err" ]; ok $? "the part loads without a complaint"

# Where the file goes: next to -c's config, its directory made.
run -c "$T/new/dir/config" init
expect_rc 0 "init with -c"
[ -f "$T/new/dir/sources" ]; ok $? "writes the sources file next to the config file"

# Errors.
PUNDIT_DATADIR="$T/nowhere" run -c "$T/x/config" init
expect_rc 1 "init without the curated list"
has "$T/nowhere/sources" "$err" "names the file it looked for"
has "PUNDIT_DATADIR" "$err" "and how to point to it"
[ ! -e "$T/x/sources" ]; ok $? "and writes nothing"
run init extra
expect_rc 2 "init takes no argument"
run init --bogus
expect_rc 2 "an unknown option"
run init --tag
expect_rc 2 "--tag needs a tag"
if [ "$(id -u)" != 0 ]; then
  mkdir -p "$T/ro"; chmod 500 "$T/ro"
  run -c "$T/ro/config" init
  expect_rc 1 "a directory that cannot be written"
  has "$T/ro/sources" "$err" "names the file it could not create"
  chmod 700 "$T/ro"
else
  skip "a directory that cannot be written" "running as root"
fi

# The interface's empty state, when tmux is there.
if command -v tmux >/dev/null 2>&1; then
  SOCK="pundit-init-$$"
  E="$T/empty"
  mkdir -p "$E"
  tmux -L "$SOCK" -f /dev/null new-session -d -x 100 -y 20 \
    "env HOME=$E XDG_CONFIG_HOME=$E/c XDG_DATA_HOME=$E/d TERM=xterm $PUNDIT"
  screen=
  for _ in $(seq 1 50); do
    screen=$(tmux -L "$SOCK" capture-pane -p 2>/dev/null)
    case $screen in *"pundit init"*) break ;; esac
    sleep 0.1
  done
  tmux -L "$SOCK" kill-server 2>/dev/null
  has "pundit init" "$screen" "the interface's empty state offers pundit init"
  [ ! -e "$E/c/pundit/sources" ]; ok $? "the interface writes no sources file by itself"
else
  skip "the interface's empty state" "tmux not installed"
fi

done_testing
