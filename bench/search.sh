#!/bin/sh
# bench/search.sh - build a cache of generated articles (a third Chinese,
# the design's typical lengths) through pundit's store, the same articles in
# newsboat's cache, then time searches in both and opening the cache to the
# first listed article. Usage: bench/search.sh [ARTICLES [RUNS [DIR]]]
# (default 200000 and 100). With DIR the caches are kept there and reused
# by the next run with the same ARTICLES. Run it from a build directory
# (or set top_builddir); needs a C compiler; newsboat is optional (when
# installed it makes its own cache's schema).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/.." && pwd)
build=$(cd "${top_builddir:-.}" && pwd)
N=${1:-200000}
RUNS=${2:-100}
[ -f "$build/libpundit.a" ] && [ -f "$build/config.h" ] || {
  echo "bench: run from a build directory after make (or set top_builddir)"
  exit 1
}
W=$(mktemp -d /tmp/pundit-search-bench.XXXXXX)
trap 'rm -rf "$W"' EXIT
D=${3:-$W/cache}
${CC:-cc} -O2 -I"$build" -I"$top/include" -o "$W/search-bench" \
  "$here/search-bench.c" "$build/libpundit.a" \
  $(pkg-config --libs sqlite3 libcurl libxml-2.0 json-c 2>/dev/null ||
    echo -lsqlite3) -lm

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
if [ -f "$D/pundit.db" ] && [ "$(cat "$D/articles" 2>/dev/null)" = "$N" ]; then
  echo "reusing the caches in $D ($N articles)"
  cat "$D/build.txt"
else
  # A finished cache of another size goes; an unfinished one is resumed.
  [ -f "$D/articles" ] && rm -rf "$D"
  mkdir -p "$D/home"
  if [ ! -f "$D/newsboat.db" ] && command -v newsboat >/dev/null; then
    # newsboat writes its schema before it finds that no feed is listed.
    : >"$D/home/urls"
    HOME=$D/home newsboat -u "$D/home/urls" -C /dev/null \
      -c "$D/newsboat.db" -x reload >/dev/null 2>&1 || true
  fi
  "$W/search-bench" build "$D" "$N" | tee -a "$D/build.txt"
  echo "$N" >"$D/articles"
fi

"$W/search-bench" run "$D" "$RUNS"

# The whole command: start, read the sources file, open, list one.
PUNDIT=${PUNDIT:-$build/pundit}
if [ -x "$PUNDIT" ]; then
  mkdir -p "$W/config/pundit"
  printf '%s\n' "https://en.example/feed econ" \
    "https://zh.example/feed china" "https://mixed.example/feed" \
    >"$W/config/pundit/sources"
  XDG_CONFIG_HOME=$W/config "$PUNDIT" -d "$D" list --limit 1 >/dev/null
  times=""
  for i in 1 2 3 4 5 6 7; do
    t0=$(date +%s%N)
    XDG_CONFIG_HOME=$W/config "$PUNDIT" -d "$D" list --limit 1 >/dev/null
    t1=$(date +%s%N)
    times="$times $(( (t1 - t0) / 1000 ))"
  done
  med=$(printf '%s\n' $times | sort -n | sed -n 4p)
  echo "pundit list --limit 1 (process start to exit, median of 7):" \
    "$((med / 1000)).$(( (med % 1000) / 100 )) ms"
fi
echo "machine after: load $(cut -d' ' -f1-3 /proc/loadavg)"
