#!/bin/sh
# run.sh - rerun every libFuzzer target: first over the inputs kept in
# tests/regress/ (each must pass), then, with -t SECONDS, fuzz each target
# for that long from the seed corpora. Run from a build configured with
# `./configure --enable-fuzzing CC=clang` after `make fuzz`:
#
#     fuzz/run.sh                 # the regression inputs only
#     fuzz/run.sh -t 600 feed     # and ten minutes of fuzz_feed
#
# CORPUS (default ../shared/corpus) holds the seeds; nothing is copied into
# the tree: new inputs go to $FUZZ_WORK (default /tmp/pundit-fuzz/TARGET).
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
targets=${*:-feed charset date html}

seeds() {
  case $1 in
  feed) echo "$corpus/feeds" ;;
  charset) echo "$corpus/feeds/real $corpus/feeds/feedparser/encoding" ;;
  date) echo "$here/seeds/date" ;;
  html) echo "$corpus/extract" ;;
  esac
}

maxlen() {
  case $1 in
  date) echo 256 ;;
  charset) echo 16384 ;;
  *) echo 65536 ;;
  esac
}

status=0
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
    mkdir -p "$work/$t" "$work/artifacts"
    # shellcheck disable=SC2046
    "$bin" -max_total_time="$secs" -max_len="$(maxlen "$t")" \
      -rss_limit_mb=2048 -timeout=20 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/$t-" "$work/$t" $(seeds "$t") \
      > "$work/$t.log" 2>&1 || status=1
    grep -E '^#[0-9]+.*DONE|^Done|stat::number_of_executed_units|SUMMARY' \
      "$work/$t.log" | sed "s/^/fuzz_$t: /"
  fi
done
exit $status
