# lib.sh - TAP helpers for the shell tests; source it, call done_testing.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
: "${PUNDIT:=$top_builddir/pundit}"
export LC_ALL="${LC_ALL:-C.UTF-8}"

tap_n=0
tap_failed=0

ok() { # ok COND-STATUS DESCRIPTION
  tap_n=$((tap_n + 1))
  if [ "$1" -eq 0 ]; then
    echo "ok $tap_n - $2"
  else
    echo "not ok $tap_n - $2"
    tap_failed=$((tap_failed + 1))
  fi
}

skip() { # skip DESCRIPTION REASON
  tap_n=$((tap_n + 1))
  echo "ok $tap_n - $1 # SKIP $2"
}

diag() { printf '# %s\n' "$@"; }

done_testing() {
  echo "1..$tap_n"
  [ "$tap_failed" -eq 0 ]
}

# A private XDG home for this test, removed at exit.
T=$(mktemp -d "${TMPDIR:-/tmp}/pundit-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HOME="$T/home" XDG_CONFIG_HOME="$T/config" XDG_DATA_HOME="$T/data"
mkdir -p "$HOME"
unset XDG_CACHE_HOME LANG LANGUAGE LC_MESSAGES
SOURCES="$XDG_CONFIG_HOME/pundit/sources"
DB="$XDG_DATA_HOME/pundit/pundit.db"

# run ARGS...: run pundit; sets $out, $err and $rc.
run() {
  "$PUNDIT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}

# expect_rc WANT DESCRIPTION
expect_rc() {
  [ "$rc" -eq "$1" ]; ok $? "$2 (exit $1)"
  if [ "$rc" -ne "$1" ]; then
    diag "exit status $rc; stderr: $err"
  fi
}

# has TEXT HAYSTACK DESCRIPTION: HAYSTACK contains TEXT (fixed string).
has() {
  case "$2" in *"$1"*) ok 0 "$3" ;; *) ok 1 "$3"; diag "wanted: $1" "in: $2" ;; esac
}
hasnt() {
  case "$2" in *"$1"*) ok 1 "$3"; diag "unwanted: $1" ;; *) ok 0 "$3" ;; esac
}
