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
HTTPD_PID=
cleanup() {
  if [ -n "$HTTPD_PID" ]; then
    exec 9>&-
    kill "$HTTPD_PID" 2>/dev/null
    wait "$HTTPD_PID" 2>/dev/null
  fi
  rm -rf "$T"
}
trap cleanup EXIT
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

# start_httpd: run tests/httpd.py on 127.0.0.1; sets $PORT and $BASE. The
# server lives until this shell exits (its stdin is a FIFO held on fd 9).
start_httpd() {
  mkfifo "$T/httpd.in"
  python3 "$top_srcdir/tests/httpd.py" <"$T/httpd.in" >"$T/httpd.out" 2>"$T/httpd.err" &
  HTTPD_PID=$!
  exec 9>"$T/httpd.in"
  PORT=
  for _ in $(seq 1 100); do
    PORT=$(head -n 1 "$T/httpd.out" 2>/dev/null)
    [ -n "$PORT" ] && break
    sleep 0.1
  done
  [ -n "$PORT" ] || { echo "Bail out! the test HTTP server did not start"; cat "$T/httpd.err"; exit 1; }
  BASE="http://127.0.0.1:$PORT"
}

# http PATH: GET from the test server (python3, no curl binary needed).
http() {
  python3 -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$BASE$1"
}

# sql QUERY: one value from the cache (the test side may use SQLite).
sql() {
  python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"
}
