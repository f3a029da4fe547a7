#!/bin/sh
# bench/search.sh - build a cache of generated articles (a third Chinese)
# through pundit's store, then time searches against newsboat's LIKE scan
# over the same articles. Usage: bench/search.sh [ARTICLES [RUNS]]
# (default 200000 and 50; needs a built tree and a C compiler).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
N=${1:-200000}
RUNS=${2:-50}
W=$(mktemp -d /tmp/pundit-search-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
[ -f "$top/libpundit.a" ] || { echo "bench: build pundit first (make)"; exit 1; }
${CC:-cc} -O2 -I"$top" -I"$top/include" -o "$W/search-bench" \
  "$top/bench/search-bench.c" "$top/libpundit.a" \
  $(pkg-config --libs sqlite3 libcurl libxml-2.0 ncursesw 2>/dev/null || echo -lsqlite3)
"$W/search-bench" "$W" "$N" "$RUNS"
