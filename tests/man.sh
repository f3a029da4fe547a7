#!/bin/sh
# man.sh - the man pages render cleanly and document every command,
# option and config option the code has.
. "$(dirname "$0")/lib.sh"
M1="$top_srcdir/man/pundit.1"
M5="$top_srcdir/man/pundit.conf.5"

for m in "$M1" "$M5"; do
  if command -v groff >/dev/null 2>&1; then
    w=$(groff -k -Tutf8 -ww -z -man "$m" 2>&1)
    [ -z "$w" ]; ok $? "$(basename "$m") renders without warnings"
    [ -z "$w" ] || diag "$w"
  else
    skip "$(basename "$m") renders without warnings" "groff not installed"
  fi
done

# The man page text with roff's \- turned into -.
page=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$M1")
conf=$(sed 's/\\-/-/g; s/\\f[BIRP]//g' "$M5")

run --help
cmds=$(printf '%s\n' "$out" | sed -n '/^Commands:/,/^$/p' | awk 'NF > 1 {print $1}')
[ -n "$cmds" ]; ok $? "--help lists commands"
for c in $cmds; do
  printf '%s\n' "$page" | grep -q "^\.B[I]* \"*$c\b\|^\.BR \"*$c "; ok $? "pundit.1 documents the command $c"
  run "$c" --help
  for o in $(printf '%s\n' "$out" | grep -o -- '--[a-z][a-z-]*' | sort -u); do
    has "$o" "$page" "pundit.1 documents $c $o"
  done
done
for o in $("$PUNDIT" --help | grep -o -- '--[a-z][a-z-]*' | sort -u); do
  has "$o" "$page" "pundit.1 documents the global option $o"
done

# Config options come from the table in src/base/conf.c.
opts=$(sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", CONF_.*/\1/p' "$top_srcdir/src/base/conf.c")
[ -n "$opts" ]; ok $? "found the config option table"
for o in $opts; do
  printf '%s\n' "$conf" | grep -q "^\.B $o$"; ok $? "pundit.conf.5 documents the option $o"
done
# Every action of the key table and every colour element of the interface.
acts=$(sed -n 's/^[[:space:]]*\[TUI_[A-Z_]*\] = { "\([a-z-]*\)",.*/\1/p' "$top_srcdir/src/tui/tui-keys.c")
[ -n "$acts" ]; ok $? "found the action table"
for a in $acts; do
  printf '%s\n' "$conf" | grep -q "^\.B $a$"; ok $? "pundit.conf.5 documents the action $a"
done
els=$(sed -n 's/^[[:space:]]*\[TUI_C_[A-Z_]*\] = { "\([a-z-]*\)",.*/\1/p' "$top_srcdir/src/tui/tui-color.c")
[ -n "$els" ]; ok $? "found the colour elements"
for e in $els; do
  printf '%s\n' "$conf" | grep -q "^\.B $e$"; ok $? "pundit.conf.5 documents the colour element $e"
done

for s in FILES ENVIRONMENT "EXIT STATUS" EXAMPLES; do
  grep -q "^\.SH $s" "$M1"; ok $? "pundit.1 has $s"
done

done_testing
