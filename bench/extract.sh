#!/bin/sh
# extract.sh - article extraction speed over ../shared/corpus/extract:
# time a page (median and p99) and peak memory, for pundit's extract_page
# in-process (bench/extractbench), for a whole `pundit extract --plain`
# process, and for readability-lxml's extraction step in-process in
# python (Debian python3-readability), in one run. Not a test: `make
# bench-extract`, or bench/extract.sh [CORPUS_DIR] after `make
# bench/extractbench pundit`. RUNS (default 5) rounds interleave the three
# so that a busy machine slows all alike; a page's time is its median
# over the rounds. Targets (issue 5): in-process median under 5 ms a page,
# a whole process under 15 ms.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${top_builddir:-$here/..}
runs=${RUNS:-5}
corpus=${1:-$here/../../shared/corpus/extract}

for prog in bench/extractbench pundit; do
  if [ ! -x "$build/$prog" ]; then
    echo "extract.sh: $build/$prog missing: run make bench-extract" >&2
    exit 1
  fi
done
if [ ! -d "$corpus/readability" ]; then
  echo "extract.sh: no corpus at $corpus" >&2
  exit 1
fi
# The pages score_extract.py scores: Readability's test pages, Chinese news.
set -- "$corpus"/readability/*/source.html "$corpus"/zh/*/*.html
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
printf '%s\n' "$@" > "$tmp/pages"
# Debian's python3-readability is for the system python, not a pyenv one.
lxml=0
for py in ${PYTHON:-} /usr/bin/python3 python3; do
  if "$py" -c 'import readability' 2>/dev/null; then
    lxml=1
    break
  fi
done
if [ "$lxml" = 0 ]; then
  echo "extract.sh: python3-readability missing: readability-lxml skipped" \
    >&2
fi
echo "corpus: $# pages ($(ls -d "$corpus"/readability/*/ | wc -l) Readability," \
  "$(ls "$corpus"/zh/*/*.html | wc -l) Chinese), $runs rounds"
echo "load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)" \
  "($(nproc) CPUs)"

i=0
while [ "$i" -lt "$runs" ]; do
  "$build/bench/extractbench" 1 "$@" > "$tmp/inproc.$i"
  # A whole process a page: posix_spawn and wait4, output to /dev/null.
  python3 - "$build/pundit" "$tmp/pages" > "$tmp/proc.$i" <<'PY'
import os, sys, time
pundit, pages = sys.argv[1], open(sys.argv[2]).read().split("\n")[:-1]
null = os.open(os.devnull, os.O_WRONLY)
acts = [(os.POSIX_SPAWN_DUP2, null, 1), (os.POSIX_SPAWN_DUP2, null, 2)]
env = dict(os.environ, LC_ALL="C.UTF-8")
def run(argv):
    t = time.monotonic()
    pid = os.posix_spawn(pundit, argv, env, file_actions=acts)
    _, status, ru = os.wait4(pid, 0)
    t = time.monotonic() - t
    if status != 0:
        sys.exit("%s: status %d" % (" ".join(argv), status))
    return "%.6f %.6f %d" % (t, ru.ru_utime + ru.ru_stime, ru.ru_maxrss)
for i, page in enumerate(pages):
    print(i, run([pundit, "extract", "--plain", page]))
    # The floor: the same program started to do nothing (loading and
    # linking its libraries).
    print("start", run([pundit, "--version"]))
PY
  if [ "$lxml" = 1 ]; then
    "$py" - "$tmp/pages" > "$tmp/lxml.$i" <<'PY'
import resource, sys, time
import logging
from readability import Document
logging.disable(logging.CRITICAL)
pages = open(sys.argv[1]).read().split("\n")[:-1]
data = [open(p, "rb").read() for p in pages]
# One page first, so that imports and first-use costs are not counted.
Document(data[0]).summary()
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
for i, raw in enumerate(data):
    c = time.process_time()
    t = time.monotonic()
    doc = Document(raw)
    doc.summary()
    doc.title()
    t = time.monotonic() - t
    c = time.process_time() - c
    print(i, "%.6f" % t, "%.6f" % c, 0)
print("rss", before, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
PY
  fi
  i=$((i + 1))
done
echo "load average at the end:   $(cut -d' ' -f1-3 /proc/loadavg)"

python3 - "$tmp" "$runs" "$lxml" <<'PY'
import os, statistics, sys
tmp, runs, lxml = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"

start = []

def load(name):
    """Per page: median wall and CPU seconds over the rounds; rss lines."""
    wall, cpu, rss, peak = {}, {}, [], []
    for r in range(runs):
        for line in open(os.path.join(tmp, "%s.%d" % (name, r))):
            f = line.split()
            if f[0] == "rss":
                rss.append(int(f[2]) - int(f[1]))
                continue
            if f[0] == "start":
                start.append((float(f[1]) * 1e3, float(f[2]) * 1e3))
                continue
            wall.setdefault(f[0], []).append(float(f[1]))
            cpu.setdefault(f[0], []).append(float(f[2]))
            if name == "proc":
                peak.append(int(f[3]))
    med = lambda d: sorted(statistics.median(v) * 1e3 for v in d.values())
    return med(wall), med(cpu), rss, peak

def p99(v):
    # Nearest rank: the value 99% of the pages are at or under.
    return v[max(0, -(-99 * len(v) // 100) - 1)]

rows = [("pundit in-process", "inproc"), ("pundit extract, a process", "proc")]
if lxml:
    rows.append(("readability-lxml in-process", "lxml"))
res = {}
print("%-29s %9s %9s %9s %9s   %s" % ("ms a page", "median", "p99", "cpu med",
                                    "cpu p99", "peak memory"))
for label, name in rows:
    wall, cpu, rss, peak = load(name)
    res[name] = (statistics.median(wall), p99(wall), statistics.median(cpu),
                 p99(cpu))
    if name == "proc":
        mem = "max RSS %.1f MiB (median %.1f)" % (
            max(peak) / 1024, statistics.median(peak) / 1024)
    else:
        mem = "RSS grew %.1f MiB" % (max(rss) / 1024)
    print("%-29s %9.2f %9.2f %9.2f %9.2f   %s" % ((label,) + res[name] + (mem,)))
print("%-29s %9.2f %9s %9.2f %9s   (pundit --version: no work)" % (
    "a process that does nothing", statistics.median(s[0] for s in start), "",
    statistics.median(s[1] for s in start), ""))
m, p, cm, cp = res["inproc"]
print("targets: in-process median < 5 ms (%s), a process < 15 ms (%s)" % (
    "met" if m < 5 else "missed", "met" if res["proc"][0] < 15 else "missed"))
if lxml:
    l = res["lxml"]
    print("readability-lxml / pundit in-process: median %.1fx, p99 %.1fx "
          "(cpu %.1fx, %.1fx)" % (l[0] / m, l[1] / p, l[2] / cm, l[3] / cp))
    print("readability-lxml / pundit process:    median %.1fx, p99 %.1fx" % (
        l[0] / res["proc"][0], l[1] / res["proc"][1]))
PY
