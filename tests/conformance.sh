#!/bin/sh
# conformance.sh - the feed parser over ../shared/corpus (feedparser's cases
# and real feeds), with a pass-rate floor; the work is in conformance.py.
. "$(dirname "$0")/lib.sh"
corpus="$top_srcdir/../shared/corpus/feeds"
if [ ! -d "$corpus/feedparser" ]; then
  echo "1..0 # SKIP no corpus at $corpus"
  exit 0
fi
if ! command -v python3 >/dev/null 2>&1; then
  echo "1..0 # SKIP python3 not installed"
  exit 0
fi
# Raise the floor as the parser improves (percent of the modelled
# assertions of expect.jsonl that pass).
: "${PUNDIT_CONFORMANCE_FLOOR:=95.9}"
export PUNDIT_CONFORMANCE_FLOOR PUNDIT top_srcdir
exec python3 "$top_srcdir/tests/conformance.py"
