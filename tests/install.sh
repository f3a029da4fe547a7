#!/bin/sh
# install.sh - what `make install` puts where, and that the installed
# pundit finds its data and translations.
#
# Under `make check` it runs `make install DESTDIR=<tmp>` in the build tree
# and checks the staged files, then `make uninstall` leaves nothing behind.
# `make installcheck` (which `make distcheck` runs against its staging
# prefix) runs it with PUNDIT_INSTALLED set to $(DESTDIR): then it checks
# the pundit already installed, with the paths compiled into it.
. "$(dirname "$0")/lib.sh"
: "${MAKE:=make}"
for v in prefix bindir mandir localedir pkgdatadir; do
  eval "[ -n \"\${$v:-}\" ]" || { skip "install" "run from make check (\$$v is not set)"; done_testing; exit 0; }
done
unset PUNDIT_DATADIR TEXTDOMAINDIR

if [ -n "${PUNDIT_INSTALLED+set}" ]; then
  mode=installed
  stage=$PUNDIT_INSTALLED
else
  mode=staged
  stage="$T/stage"
  # A make of its own: not the jobs, variables and level of the one
  # running the tests.
  ( cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
      $MAKE install DESTDIR="$stage" ) >"$T/install.log" 2>&1
  st=$?
  ok $st "make install DESTDIR=... in the build tree"
  [ $st -eq 0 ] || tail -20 "$T/install.log" | sed 's/^/# /'
fi
diag "checking the $mode installation of $prefix${stage:+ under $stage}"

BIN="$stage$bindir/pundit"
[ -x "$BIN" ]; ok $? "the program: $bindir/pundit"
[ -f "$stage$mandir/man1/pundit.1" ]; ok $? "man page: man1/pundit.1"
[ -f "$stage$mandir/man5/pundit.conf.5" ]; ok $? "man page: man5/pundit.conf.5"
cmp -s "$stage$pkgdatadir/sources" "$top_srcdir/data/sources"; ok $? "the curated list: $pkgdatadir/sources"
[ -f "$stage$pkgdatadir/demo/sources.in" ]; ok $? "the demo feeds: $pkgdatadir/demo"
nls=0
grep -q 'define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null && nls=1
for l in $(sed 's/#.*//' "$top_srcdir/po/LINGUAS"); do
  if [ $nls = 1 ]; then
    [ -f "$stage$localedir/$l/LC_MESSAGES/pundit.mo" ]; ok $? "translation: $l/LC_MESSAGES/pundit.mo"
  else
    skip "translation $l" "built without NLS"
  fi
done
case ${bashcompletiondir:-no} in
  no) skip "bash completion" "configured --without-bash-completion-dir" ;;
  *) [ -f "$stage$bashcompletiondir/pundit" ]; ok $? "bash completion: $bashcompletiondir/pundit"
     case $bashcompletiondir in "$prefix"/*) ok 0 "the bash completion stays under the prefix" ;;
       *) ok 1 "the bash completion stays under the prefix ($bashcompletiondir)" ;; esac ;;
esac
case ${zshcompletiondir:-no} in
  no) skip "zsh completion" "configured --without-zsh-completion-dir" ;;
  *) [ -f "$stage$zshcompletiondir/_pundit" ]; ok $? "zsh completion: $zshcompletiondir/_pundit" ;;
esac

# The installed program at work. Staged, its compiled-in paths point
# where nothing is yet: the environment points into the stage instead.
if [ "$mode" = staged ] || [ -n "$stage" ]; then
  export PUNDIT_DATADIR="$stage$pkgdatadir" TEXTDOMAINDIR="$stage$localedir"
fi
"$BIN" --version >"$T/out" 2>&1
grep -q '^pundit ' "$T/out"; ok $? "the installed pundit runs"
"$BIN" init >"$T/out" 2>"$T/err"
ok $? "the installed pundit finds the curated list (pundit init)"
[ -s "$T/err" ] && diag "$(cat "$T/err")"
cmp -s "$SOURCES" "$top_srcdir/data/sources"; ok $? "and copies it"
if [ $nls = 1 ] && locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  LC_ALL= LANG=zh_CN.UTF-8 "$BIN" --help >"$T/out" 2>&1
  grep -q "用法" "$T/out"; ok $? "the installed pundit speaks Chinese (LANG=zh_CN.UTF-8)"
else
  skip "the installed pundit speaks Chinese" "no NLS or no zh_CN.UTF-8 locale"
fi
if command -v bash >/dev/null 2>&1 && [ "${bashcompletiondir:-no}" != no ]; then
  out=$(bash --norc --noprofile -c '. "$1" && complete -p pundit' _ "$stage$bashcompletiondir/pundit" 2>&1)
  has "_pundit" "$out" "the installed bash completion loads"
fi

if [ "$mode" = staged ]; then
  ( cd "$top_builddir" && env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL \
      $MAKE uninstall DESTDIR="$stage" ) >"$T/uninstall.log" 2>&1
  st=$?
  ok $st "make uninstall DESTDIR=..."
  [ $st -eq 0 ] || tail -20 "$T/uninstall.log" | sed 's/^/# /'
  left=$(find "$stage" -type f 2>/dev/null)
  [ -z "$left" ]; ok $? "uninstall leaves no file behind"
  [ -z "$left" ] || diag "$left"
fi

done_testing
