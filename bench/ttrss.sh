#!/bin/bash
# ttrss.sh - pundit sync against newsboat's urls-source "ttrss", same
# Tiny Tiny RSS server on 127.0.0.1, same run: an initial sync of 1,000
# articles (5 feeds of 200), then syncs when nothing changed. Wall time (ms),
# requests and bytes (both ways) as seen by a counting proxy
# (tests/ttrss-proxy.py) that both clients go through.
#
#   bench/ttrss.sh [PUNDIT]      (as root: ../shared/tools/ttrss-loopback.sh
#                                 installs and starts the server)
set -u
here=$(cd "$(dirname "$0")/.." && pwd)
PUNDIT=${1:-${PUNDIT:-$here/pundit}}
LOOPBACK=${TTRSS_LOOPBACK:-$here/../shared/tools/ttrss-loopback.sh}
[ "$(id -u)" = 0 ] || { echo "bench/ttrss.sh: run as root (it installs the server)" >&2; exit 2; }
bash "$LOOPBACK" up >/tmp/ttrss-bench-up.log 2>&1 || { tail -3 /tmp/ttrss-bench-up.log; exit 1; }
eval "$(bash "$LOOPBACK" env)"
command -v newsboat >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends newsboat >/dev/null 2>&1
unset no_proxy NO_PROXY http_proxy HTTP_PROXY

W=$(mktemp -d /tmp/ttrss-bench.XXXXXX)
trap 'kill $PROXY_PID 2>/dev/null; rm -rf "$W"' EXIT
RUN="bench-$$"
# FEEDS feeds of PER articles (default 5 x 200 = 1,000): newsboat's ttrss
# backend asks for one page of 200 headlines a feed, so with more a feed
# it would simply get fewer articles and the times would not compare.
FEEDS=${FEEDS:-5}
PER=${PER:-200}
python3 - "$TTRSS_FEED_DIR" "$RUN" "$FEEDS" "$PER" <<'PY'
import os, sys
where, run, feeds, per = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
body = "<p>" + "Central banks and the long road back to neutral rates. " * 40 + "</p>"
for f in range(feeds):
    items = "".join(
        "<item><title>Essay %d of %s/%d</title><link>http://127.0.0.1/%s/%d/%d</link>"
        "<guid isPermaLink=\"false\">%s-%d-%d</guid><pubDate>Mon, 02 Nov 2026 %02d:%02d:%02d +0000</pubDate>"
        "<description><![CDATA[%s]]></description></item>\n"
        % (i, run, f, run, f, i, run, f, i, f % 24, i // 60 % 60, i % 60, body) for i in range(per))
    path = os.path.join(where, "pundit-%s-%d.xml" % (run, f))
    open(path, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
        "<title>Bench %s %d</title><link>http://127.0.0.1/</link><description>x</description>%s"
        "</channel></rss>\n" % (run, f, items))
    os.chmod(path, 0o644)
PY
api() {
  python3 - "$TTRSS_API_URL" "$TTRSS_USER" "$TTRSS_PASSWORD" "$@" <<'PY'
import json, sys, urllib.request
api, user, pw, op, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], json.loads(sys.argv[5])
def call(b):
    r = urllib.request.Request(api, data=json.dumps(b).encode(), headers={"Content-Type": "application/json"})
    return json.loads(urllib.request.urlopen(r, timeout=120).read().decode())
sid = call({"op": "login", "user": user, "password": pw})["content"]["session_id"]
args.update({"sid": sid, "op": op}); print(json.dumps(call(args)["content"]))
PY
}
fids=
for f in $(seq 0 $((FEEDS - 1))); do
  url="${TTRSS_FEED_URL%/feed.xml}/pundit-$RUN-$f.xml"
  fids="$fids $(api subscribeToFeed "{\"feed_url\": \"$url\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["feed_id"])')"
done
# The server must hold every article before anything is timed.
for _ in 1 2 3 4 5; do
  sh -c "$TTRSS_UPDATE_CMD" >/dev/null 2>&1
  have=$(cd / && runuser -u postgres -- psql -X -At -d ttrss -c "SELECT count(*) FROM ttrss_user_entries WHERE feed_id IN ($(echo $fids | tr ' ' ,))")
  [ "$have" -ge $((FEEDS * PER)) ] && break
  sleep 2
done
total=$(cd / && runuser -u postgres -- psql -X -At -d ttrss -c "SELECT count(*) FROM ttrss_user_entries")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "server: $total articles in all, $have of $((FEEDS * PER)) in $FEEDS bench feeds (ids$fids)"
[ "$have" -ge $((FEEDS * PER)) ] || { echo "the server did not take every article: nothing timed"; exit 1; }

: >"$W/proxy.log"
python3 "$here/tests/ttrss-proxy.py" "$W/proxy.log" >"$W/port" &
PROXY_PID=$!
for _ in $(seq 1 50); do [ -s "$W/port" ] && break; sleep 0.1; done
PORT=$(cat "$W/port")

ms() { echo $(( $(date +%s%N) / 1000000 )); }
# measure NAME CMD...: wall time, requests and bytes of one run.
measure() {
  local name=$1 t0 t1 before after; shift
  before=$(wc -l <"$W/proxy.log")
  t0=$(ms); "$@" >"$W/out" 2>&1; rc=$?; t1=$(ms)
  after=$(wc -l <"$W/proxy.log")
  tail -n +$((before + 1)) "$W/proxy.log" | awk -v n="$name" -v ms=$((t1 - t0)) -v rc=$rc '
    { req += 1; up += $3; down += $4 }
    END { printf "%-26s %7d ms %4d requests %9d bytes up %10d bytes down (exit %d)\n", n, ms, req, up, down, rc }'
}

printf '#!/bin/sh\necho "%s"\n' "$TTRSS_PASSWORD" >"$W/pw"; chmod 700 "$W/pw"
count() { python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(sys.argv[2]).fetchone()[0])' "$@" 2>/dev/null; }
# pundit_home DIR: a fresh pundit home set to sync with the server.
pundit_home() {
  rm -rf "$1"; mkdir -p "$1/config/pundit" "$1/data"
  printf 'set sync ttrss\nset ttrss-url %s\nset ttrss-user %s\nset ttrss-password-command %s\n' \
    "$TTRSS_URL" "$TTRSS_USER" "$W/pw" >"$1/config/pundit/config"
  chmod 600 "$1/config/pundit/config"
}
# newsboat_home DIR: a fresh newsboat with urls-source "ttrss".
newsboat_home() {
  rm -rf "$1"; mkdir -p "$1"
  cat >"$1/config" <<EOF
urls-source "ttrss"
ttrss-url "$TTRSS_URL"
ttrss-login "$TTRSS_USER"
ttrss-password "$TTRSS_PASSWORD"
use-proxy yes
proxy 127.0.0.1:$PORT
proxy-type http
reload-threads 1
EOF
  : >"$1/urls"
}
psync() { env XDG_CONFIG_HOME="$1/config" XDG_DATA_HOME="$1/data" http_proxy="http://127.0.0.1:$PORT" "$PUNDIT" sync; }
nreload() { newsboat -C "$1/config" -u "$1/urls" -c "$1/cache.db" -x reload; }
RUNS=${RUNS:-3}
have_newsboat=0
command -v newsboat >/dev/null && have_newsboat=1
# Rounds: each client's initial sync into a fresh cache, in turn; then
# the syncs when nothing changed, on the last round's caches.
for r in $(seq 1 "$RUNS"); do
  pundit_home "$W/p"
  measure "pundit initial sync" psync "$W/p" | tee -a "$W/rows"
  echo "  pundit cache: $(count "$W/p/data/pundit/pundit.db" "select count(*) from article") articles"
  if [ $have_newsboat = 1 ]; then
    newsboat_home "$W/n"
    measure "newsboat initial reload" nreload "$W/n" | tee -a "$W/rows"
    echo "  newsboat cache: $(count "$W/n/cache.db" "select count(*) from rss_item") articles"
  fi
done
for r in 1 2 3 4 5 6 7; do
  measure "pundit no-change sync" psync "$W/p" | tee -a "$W/rows"
done
if [ $have_newsboat = 1 ]; then
  for r in 1 2 3; do
    measure "newsboat no-change reload" nreload "$W/n" | tee -a "$W/rows"
  done
else
  echo "newsboat: not installed"
fi
echo "# medians"
python3 - "$W/rows" <<'PY'
import collections, statistics, sys
rows = collections.defaultdict(list)
for line in open(sys.argv[1]):
    name, rest = line[:26].strip(), line[26:].split()
    rows[name].append((int(rest[0]), int(rest[2]), int(rest[7])))
med = {}
for name, v in rows.items():
    med[name] = [statistics.median(x) for x in zip(*v)]
    print("%-26s %7d ms %4d requests %10d bytes down (%d runs)" % (name, *med[name], len(v)))
p, n = med.get("pundit initial sync"), med.get("newsboat initial reload")
if p and n:
    print("initial sync: newsboat / pundit %.2fx" % (n[0] / p[0]))
PY
for fid in $fids; do api unsubscribeFeed "{\"feed_id\": $fid}" >/dev/null; done
rm -f "$TTRSS_FEED_DIR/pundit-$RUN-"*.xml
