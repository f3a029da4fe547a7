#!/bin/sh
# run.sh - rerun every libFuzzer target: first over the inputs kept in
# tests/regress/ (each must pass), then, with -t SECONDS, fuzz each target
# for that long from the seed corpora. Run from a build configured with
# `./configure --enable-fuzzing CC=clang` after `make fuzz`:
#
#     fuzz/run.sh                 # the regression inputs only
#     fuzz/run.sh -t 600 feed     # and ten minutes of fuzz_feed
#     fuzz/run.sh -t 600          # ten minutes of each target, in turn
#
# With no target names, every fuzz/fuzz_* program built is run. Targets
# run one at a time, niced, as one libFuzzer job (-jobs=1), so a shared
# machine keeps its other cores. CORPUS (default ../shared/corpus) and
# fuzz/seeds/TARGET hold the seeds; nothing is copied into the tree: new
# inputs go to $FUZZ_WORK (default /tmp/pundit-fuzz/TARGET), the log of
# each run to $FUZZ_WORK/TARGET.log, crashers to $FUZZ_WORK/artifacts.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/.." && pwd)
build=${top_builddir:-$(pwd)}
corpus=${CORPUS:-$src/../shared/corpus}
work=${FUZZ_WORK:-${TMPDIR:-/tmp}/pundit-fuzz}
secs=0
if [ "${1:-}" = "-t" ]; then
  secs=$2
  shift 2
fi
if [ $# -gt 0 ]; then
  targets=$*
else
  targets=
  for bin in "$build"/fuzz/fuzz_*; do
    case $bin in *.o | *.c) continue ;; esac
    [ -x "$bin" ] && targets="$targets ${bin##*/fuzz_}"
  done
  [ -n "$targets" ] || { echo "run.sh: no targets in $build/fuzz (make fuzz)" >&2; exit 1; }
fi

seeds() {
  case $1 in
  feed) echo "$corpus/feeds" ;;
  charset) echo "$corpus/feeds/real $corpus/feeds/feedparser/encoding" ;;
  html | extract) echo "$corpus/extract" ;;
  scrape) echo "$src/tests/pages $corpus/extract/zh" ;;
  esac
  if [ -d "$here/seeds/$1" ]; then echo "$here/seeds/$1"; fi
}

maxlen() {
  case $1 in
  date) echo 256 ;;
  ttrss) echo 65536 ;;
  search) echo 8192 ;;
  charset | sources | conf) echo 16384 ;;
  *) echo 65536 ;;
  esac
}

status=0
ran=
for t in $targets; do
  bin=$build/fuzz/fuzz_$t
  if [ ! -x "$bin" ]; then
    echo "run.sh: $bin missing (make fuzz)" >&2
    exit 1
  fi
  set -- "$src"/tests/regress/"$t"-*
  if [ -e "$1" ]; then
    if "$bin" "$@" >/dev/null 2>&1; then
      echo "fuzz_$t: $# regression inputs pass"
    else
      echo "fuzz_$t: a regression input fails:" >&2
      "$bin" "$@" 2>&1 | tail -20 >&2
      status=1
    fi
  fi
  if [ "$secs" -gt 0 ]; then
    mkdir -p "$work/$t" "$work/artifacts" "$work/$t.job"
    # One job: libFuzzer writes its output to fuzz-0.log in the cwd.
    # shellcheck disable=SC2046
    (cd "$work/$t.job" && rm -f fuzz-0.log &&
      nice -n 10 "$bin" -jobs=1 -max_total_time="$secs" \
        -max_len="$(maxlen "$t")" -rss_limit_mb=2048 -timeout=20 \
        -print_final_stats=1 -artifact_prefix="$work/artifacts/$t-" \
        "$work/$t" $(seeds "$t") >/dev/null 2>&1) || status=1
    mv "$work/$t.job/fuzz-0.log" "$work/$t.log"
    grep -E '^#[0-9]+.*DONE|stat::number_of_executed_units|stat::average_exec|SUMMARY|^==[0-9]+==ERROR' \
      "$work/$t.log" | sed "s/^/fuzz_$t: /"
    ran="$ran $t"
  fi
done

# One line a target: executions, their rate, coverage at the end and
# what was found (the first crash stops a run).
if [ -n "$ran" ]; then
  printf '%-10s %11s %8s %6s %7s  %s\n' target runs exec/s cov ft findings
  for t in $ran; do
    awk -v t="$t" '
      /^#[0-9]+/ { for (i = 1; i < NF; i++) {
          if ($i == "cov:") cov = $(i + 1); if ($i == "ft:") ft = $(i + 1) } }
      /stat::number_of_executed_units/ { runs = $2 }
      /stat::average_exec_per_sec/ { rate = $2 }
      /^SUMMARY: / { sub(/^SUMMARY: /, ""); found = $0 }
      END { printf "%-10s %11s %8s %6s %7s  %s\n", t, runs, rate, cov,
          ft, found == "" ? "none" : found }' "$work/$t.log"
  done
fi
exit $status
