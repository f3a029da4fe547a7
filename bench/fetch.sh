#!/bin/sh
# bench/fetch.sh - pundit fetch against newsboat and sfeed on the same
# generated feeds, served from loopback over several 127.0.0.x addresses
# with 0 ms and 50 ms added latency. Prints wall time, CPU time, peak RSS
# and bytes sent by the server, for a first fetch and for a second fetch
# when nothing changed. Usage: bench/fetch.sh [FEEDS ITEMS [RUNS]]
# (LATENCIES="50" runs one latency only, FIRST_ONLY=1 skips the others'
# second fetch, which newsboat and sfeed make in full: the 2000 x 100
# variant takes long).
# Needs: newsboat, sfeed (Debian packages), python3, GNU time.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
FEEDS=${1:-200}
ITEMS=${2:-50}
RUNS=${3:-3}
PUNDIT=${PUNDIT:-$top/pundit}
W=$(mktemp -d /tmp/pundit-bench.XXXXXX)
trap 'exec 9>&-; kill $srv 2>/dev/null; rm -rf "$W"' EXIT
for t in newsboat sfeed_update; do
  command -v $t >/dev/null || { echo "bench: $t is not installed"; exit 1; }
done
[ -x /usr/bin/time ] || { echo "bench: GNU time (package time) is needed"; exit 1; }

start_server() { # LATENCY_MS
  [ -n "${srv:-}" ] && { exec 9>&-; kill $srv 2>/dev/null; wait $srv 2>/dev/null || true; }
  rm -f "$W/in" "$W/port"; mkfifo "$W/in"
  PUNDIT_HTTPD_LATENCY_MS=$1 python3 "$top/tests/httpd.py" <"$W/in" >"$W/port" 2>/dev/null &
  srv=$!
  exec 9>"$W/in"
  while [ ! -s "$W/port" ]; do sleep 0.05; done
  PORT=$(head -n 1 "$W/port")
}
sent() { python3 -c 'import urllib.request,sys; l=urllib.request.urlopen(sys.argv[1]).read().decode().split("\n"); print([x.split()[1] for x in l if x.startswith("bytes ")][0])' "http://127.0.0.1:$PORT/log?reset=1"; }
urls() { # one URL a line, spread over 127.0.0.1-4, bodies 1-20 KB
  i=0
  while [ $i -lt "$FEEDS" ]; do
    h=$((i % 4 + 1)); size=$(( (i * 7919) % 20000 + 1000 ))
    echo "http://127.0.0.$h:$PORT/gen/f$i?items=$ITEMS&size=$size"
    i=$((i + 1))
  done
}
# measure NAME CMD...: wall s, CPU s, peak RSS MB, server bytes
measure() {
  name=$1; shift
  /usr/bin/time -f "%e %U %S %M" -o "$W/time" "$@" >/dev/null 2>&1 || true
  set -- $(cat "$W/time")
  printf '%s %.2f %.2f %.1f %s\n' "$name" "$1" "$(echo "$2 + $3" | bc)" "$(echo "$4 / 1024" | bc -l)" "$(sent)"
}

run_pundit() {
  rm -rf "$W/p"; mkdir -p "$W/p/c/pundit" "$W/p/d"
  urls >"$W/p/c/pundit/sources"
  # Like for like: newsboat and sfeed fetch no article pages, so neither
  # does pundit here unless FULLTEXT_THRESHOLD says so (its default is 500).
  echo "set fulltext-threshold ${FULLTEXT_THRESHOLD:-0}" >"$W/p/c/pundit/config"
  XDG_CONFIG_HOME=$W/p/c XDG_DATA_HOME=$W/p/d "$PUNDIT" sources >/dev/null
  sent >/dev/null
  measure "pundit-first" env XDG_CONFIG_HOME=$W/p/c XDG_DATA_HOME=$W/p/d "$PUNDIT" fetch --quiet
  measure "pundit-again" env XDG_CONFIG_HOME=$W/p/c XDG_DATA_HOME=$W/p/d "$PUNDIT" fetch --quiet
}
run_newsboat() { # NAME THREADS
  rm -rf "$W/n"; mkdir -p "$W/n"
  urls >"$W/n/urls"
  : >"$W/n/config"
  [ "$2" -gt 0 ] && echo "reload-threads $2" >"$W/n/config"
  sent >/dev/null
  measure "$1-first" newsboat -u "$W/n/urls" -c "$W/n/cache.db" -C "$W/n/config" -x reload
  [ -n "${FIRST_ONLY:-}" ] ||
  measure "$1-again" newsboat -u "$W/n/urls" -c "$W/n/cache.db" -C "$W/n/config" -x reload
}
run_sfeed() {
  rm -rf "$W/s"; mkdir -p "$W/s/feeds"
  { echo "sfeedpath=\"$W/s/feeds\""; echo "maxjobs=8"; echo "feeds() {"
    urls | awk '{printf "  feed \"f%d\" \"%s\"\n", NR, $0}'; echo "}"; } >"$W/s/sfeedrc"
  sent >/dev/null
  measure "sfeed-first" sfeed_update "$W/s/sfeedrc"
  [ -n "${FIRST_ONLY:-}" ] || measure "sfeed-again" sfeed_update "$W/s/sfeedrc"
}

echo "# $FEEDS feeds x $ITEMS items, $RUNS runs; columns: wall-s cpu-s rss-MB bytes"
echo "# machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); pundit fulltext-threshold ${FULLTEXT_THRESHOLD:-0}"
for lat in ${LATENCIES:-0 50}; do
  start_server $lat
  for r in $(seq 1 "$RUNS"); do
    run_pundit; run_newsboat newsboat 0; run_newsboat newsboat8 8; run_sfeed
  done | sed -u "s/^/latency=${lat}ms /" | tee -a "$W/all"
done
echo "# medians"
python3 - "$W/all" <<'PY'
import sys, statistics, collections
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    lat, name, wall, cpu, rss, b = line.split()
    rows[(lat, name)].append((float(wall), float(cpu), float(rss), int(b)))
med = {}
for k, v in sorted(rows.items()):
    m = [statistics.median(x) for x in zip(*v)]
    med[k] = m
    print("%-14s %-16s wall %7.2f s  cpu %6.2f s  rss %7.1f MB  sent %10d B" % (k[0], k[1], *m))
for lat in sorted({k[0] for k in med}):
    p = med.get((lat, "pundit-first"))
    for other in ("newsboat-first", "newsboat8-first", "sfeed-first"):
        o = med.get((lat, other))
        if p and o and p[0] > 0:
            print("%s %s / pundit-first wall: %.2fx" % (lat, other, o[0] / p[0]))
    a = med.get((lat, "pundit-again"))
    if p and a and p[3] > 0:
        print("%s pundit no-change refetch sends %.1f%% of the first fetch's bytes" % (lat, 100.0 * a[3] / p[3]))
PY
