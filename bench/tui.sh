#!/bin/sh
# bench/tui.sh - the interface with a large cache, beside newsboat: time to
# the first drawn screen, peak RSS, and the time from a key press to the
# redrawn article list. Usage: bench/tui.sh [ARTICLES [RUNS]] (default
# 200000 and 7; needs a built tree, a C compiler and python3; newsboat is
# measured when installed). Set top_builddir for an out-of-tree build.
#
# The caches (pundit's, built through its own store, and newsboat's, in
# newsboat's schema, from the same articles) take minutes to write: they
# are kept in $TUI_BENCH_DIR (default $TMPDIR/pundit-tui-bench-ARTICLES)
# and reused; remove the directory to build them again. On a busy machine,
# NICE=-10 (as root) runs both programs ahead of the rest, alike.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=$(cd "${top_builddir:-$top}" && pwd)
N=${1:-200000}
RUNS=${2:-7}
DIR=${TUI_BENCH_DIR:-${TMPDIR:-/tmp}/pundit-tui-bench-$N}
COLS=${COLS:-120}
ROWS=${ROWS:-40}
export TERM=xterm-256color LC_ALL=C.UTF-8
unset NO_COLOR
[ -x "$build/pundit" ] || { echo "bench: build pundit first (make)"; exit 1; }

if [ ! -f "$DIR/done" ]; then
  rm -rf "$DIR"
  mkdir -p "$DIR"
  ${CC:-cc} -O2 -I"$build" -I"$top/include" -o "$DIR/tui-gen" \
    "$top/bench/tui-gen.c" "$build/libpundit.a" \
    $(pkg-config --libs sqlite3 libcurl libxml-2.0 ncursesw json-c 2>/dev/null ||
      echo -lsqlite3 -lcurl -lxml2 -lncursesw) -lm
  echo "building the caches ($N articles) in $DIR ..."
  t0=$(date +%s)
  "$DIR/tui-gen" "$DIR" "$N"
  touch "$DIR/done"
  echo "built in $(($(date +%s) - t0)) s"
fi
W=$(mktemp -d "${TMPDIR:-/tmp}/pundit-tui-bench.XXXXXX")
trap 'rm -rf "$W"' EXIT
PTY="python3 $top/bench/tui-pty.py --cols $COLS --rows $ROWS"
RUN=
[ -z "${NICE:-}" ] || RUN="nice -n $NICE"
DOWN=ti:kcud1 PGDN=ti:knp END=ti:kend

# pundit: start on the source list; open "All articles" (every article),
# Down, PageDown, End; back; open the first source, Down, PageDown, End.
# Sources come after All, Unread, Starred and the two saved searches.
pundit_run() {
  rm -f "$DIR/data/pundit/tui-state"
  $PTY --wait "All articles" \
    --key open-all='\r' --key down=$DOWN --key pgdn=$PGDN --key end=$END \
    --key back=q --key d1=$DOWN --key d2=$DOWN --key d3=$DOWN \
    --key d4=$DOWN --key d5=$DOWN \
    --key open-src='\r' --key src-down=$DOWN --key src-pgdn=$PGDN \
    --key src-end=$END \
    -- $RUN "$build/pundit" -c "$DIR/config/pundit/config" \
    -d "$DIR/data/pundit"
}
# newsboat: start on the feed list; open the first feed, Down, PageDown,
# End. Its cache is copied afresh for each run (it writes on exit).
newsboat_run() {
  cp "$DIR/newsboat/cache.db" "$W/cache.db"
  rm -f "$W/cache.db.lock"
  : >"$W/config"
  (cd "$W" && $PTY --wait "Source 00" \
    --key open-src='\r' --key src-down=$DOWN --key src-pgdn=$PGDN \
    --key src-end=$END \
    -- $RUN newsboat -u "$DIR/newsboat/urls" -c "$W/cache.db" \
    -C "$W/config")
}

have_nb=0
command -v newsboat >/dev/null 2>&1 && have_nb=1
[ $have_nb -eq 1 ] || echo "newsboat is not installed: pundit alone"
# The floor: a process start with pundit's libraries (pundit --version).
version_run() {
  $PTY --wait "pundit" -- $RUN "$build/pundit" --version
}
# One run of each not counted: the page cache, pundit's migrations.
pundit_run >/dev/null
[ $have_nb -eq 0 ] || newsboat_run >/dev/null
i=0
while [ $i -lt "$RUNS" ]; do
  version_run >>"$W/version.json"
  pundit_run >>"$W/pundit.json"
  [ $have_nb -eq 0 ] || newsboat_run >>"$W/newsboat.json"
  i=$((i + 1))
done

python3 - "$W" "$N" "$RUNS" "$have_nb" <<'EOF'
import json, os, statistics, sys
w, n, runs, have_nb = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] == "1"
def load(name):
    with open("%s/%s.json" % (w, name)) as f:
        return [json.loads(l) for l in f if l.strip()]
def med(rows, get):
    v = [get(r) for r in rows]
    v = [x for x in v if x is not None]
    return statistics.median(v) if v else None
def key(name, i):
    return lambda r: (r["keys"].get(name) or [None, None])[i]
def cpu(name):
    return lambda r: r.get("cpu", {}).get(name)
p = load("pundit")
v = load("version")
b = load("newsboat") if have_nb else []
rows = [
    ("process start (ms)", lambda r: r["first"], None),
    ("first screen (ms)", lambda r: r["first"], True),
    ("  CPU until then (ms)", cpu("first"), True),
    ("settled after start (ms)", lambda r: r["settled"], True),
    ("  CPU until then (ms)", cpu("settled"), True),
    ("peak RSS (MB)", lambda r: r["rss_kb"] / 1024, True),
    ("open a source (ms)", key("open-src", 0), True),
    ("  Down in it (ms)", key("src-down", 0), True),
    ("  PageDown in it (ms)", key("src-pgdn", 0), True),
    ("  End in it (ms)", key("src-end", 0), True),
    ("  CPU of the four (ms)", lambda r: sum(cpu(k)(r) or 0 for k in
        ("open-src", "src-down", "src-pgdn", "src-end")), True),
    ("open all %d articles (ms)" % n, key("open-all", 0), False),
    ("  Down in it (ms)", key("down", 0), False),
    ("  PageDown in it (ms)", key("pgdn", 0), False),
    ("  End in it (ms)", key("end", 0), False),
    ("  CPU of the four (ms)", lambda r: sum(cpu(k)(r) or 0 for k in
        ("open-all", "down", "pgdn", "end")), False),
]
print("\n%d articles, %s runs, %s, medians" % (n, runs, "pundit and newsboat" if have_nb else "pundit"))
print("%-30s %10s %10s %8s" % ("", "pundit", "newsboat", "ratio"))
for label, get, both in rows:
    vp = med(p if both is not None else v, get)
    vb = med(b, get) if both and b else None
    fp = "%10.1f" % vp if vp is not None else "%10s" % "-"
    fb = "%10.1f" % vb if vb is not None else "%10s" % "-"
    ratio = "%7.1fx" % (vb / vp) if vp and vb else "%8s" % "-"
    print("%-30s %s %s %s" % (label, fp, fb, ratio))
print("\n(process start: pundit --version to its output, the floor of any"
      "\nstart on this machine. ratio: newsboat's time or memory over"
      "\npundit's. A key's time runs from writing it to the last byte of the"
      "\nfirst burst of output it caused. CPU: what the program used, until"
      "\nthe screen came or the output settled. Targets: first screen"
      "\n< 100 ms, peak RSS < 40 MB. Load average at the end: %s; nice: %s)"
      % (open("/proc/loadavg").read().split()[0],
         os.environ.get("NICE") or "0"))
EOF
