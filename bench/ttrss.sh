#!/bin/bash
# ttrss.sh - pundit sync against newsboat's urls-source "ttrss", same
# Tiny Tiny RSS server on 127.0.0.1, same run: an initial sync of a feed of
# 1,000 articles, then a sync when nothing changed. Wall time (ms),
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
FEEDFILE="$TTRSS_FEED_DIR/pundit-$RUN.xml"
FEEDURL="${TTRSS_FEED_URL%/feed.xml}/pundit-$RUN.xml"
python3 - "$FEEDFILE" "$RUN" <<'PY'
import sys
path, run = sys.argv[1:3]
body = "<p>" + "Central banks and the long road back to neutral rates. " * 40 + "</p>"
items = "".join(
    "<item><title>Essay %d of %s</title><link>http://127.0.0.1/%s/%d</link>"
    "<guid isPermaLink=\"false\">%s-%d</guid><pubDate>Mon, 02 Nov 2026 10:%02d:%02d +0000</pubDate>"
    "<description><![CDATA[%s]]></description></item>\n"
    % (i, run, run, i, run, i, i // 60 % 60, i % 60, body) for i in range(1000))
open(path, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    "<title>Bench %s</title><link>http://127.0.0.1/</link><description>x</description>%s"
    "</channel></rss>\n" % (run, items))
PY
chmod 644 "$FEEDFILE"
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
fid=$(api subscribeToFeed "{\"feed_url\": \"$FEEDURL\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["feed_id"])')
sh -c "$TTRSS_UPDATE_CMD" >/dev/null 2>&1
total=$(cd / && runuser -u postgres -- psql -X -At -d ttrss -c "SELECT count(*) FROM ttrss_user_entries")
echo "server: $total articles in all, 1000 in the bench feed (id $fid)"

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

mkdir -p "$W/p/config/pundit" "$W/p/data"
printf '#!/bin/sh\necho "%s"\n' "$TTRSS_PASSWORD" >"$W/pw"; chmod 700 "$W/pw"
printf 'set sync ttrss\nset ttrss-url %s\nset ttrss-user %s\nset ttrss-password-command %s\n' \
  "$TTRSS_URL" "$TTRSS_USER" "$W/pw" >"$W/p/config/pundit/config"
chmod 600 "$W/p/config/pundit/config"
export XDG_CONFIG_HOME="$W/p/config" XDG_DATA_HOME="$W/p/data"
measure "pundit initial sync" env http_proxy="http://127.0.0.1:$PORT" "$PUNDIT" sync
n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from article").fetchone()[0])' "$W/p/data/pundit/pundit.db")
echo "  pundit cache: $n articles"
measure "pundit no-change sync" env http_proxy="http://127.0.0.1:$PORT" "$PUNDIT" sync
measure "pundit no-change sync 2" env http_proxy="http://127.0.0.1:$PORT" "$PUNDIT" sync

if command -v newsboat >/dev/null; then
  mkdir -p "$W/n"
  cat >"$W/n/config" <<EOF
urls-source "ttrss"
ttrss-url "$TTRSS_URL"
ttrss-login "$TTRSS_USER"
ttrss-password "$TTRSS_PASSWORD"
use-proxy yes
proxy 127.0.0.1:$PORT
proxy-type http
reload-threads 1
EOF
  : >"$W/n/urls"
  measure "newsboat initial reload" newsboat -C "$W/n/config" -u "$W/n/urls" -c "$W/n/cache.db" -x reload
  n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute("select count(*) from rss_item").fetchone()[0])' "$W/n/cache.db" 2>/dev/null)
  echo "  newsboat cache: $n articles"
  measure "newsboat no-change reload" newsboat -C "$W/n/config" -u "$W/n/urls" -c "$W/n/cache.db" -x reload
else
  echo "newsboat: not installed"
fi
api unsubscribeFeed "{\"feed_id\": $fid}" >/dev/null
rm -f "$FEEDFILE"
