#!/bin/sh
# valgrind.sh - a smoke subset of the commands under valgrind memcheck: no
# invalid read or write, no use of uninitialised memory, no definite or
# indirect leak. Skipped unless PUNDIT_VALGRIND=1 (`make check-valgrind`,
# .ci/run), as it takes a minute and cannot run an ASan build.
. "$(dirname "$0")/lib.sh"
if [ "${PUNDIT_VALGRIND:-0}" != 1 ]; then
  echo "1..0 # SKIP set PUNDIT_VALGRIND=1 (make check-valgrind)"
  exit 0
fi
if ! command -v valgrind >/dev/null; then
  echo "Bail out! valgrind is not installed (tools/debian-deps.sh)"
  exit 1
fi
if nm "$PUNDIT" 2>/dev/null | grep -q __asan_init; then
  echo "1..0 # SKIP pundit is built with AddressSanitizer"
  exit 0
fi
start_httpd
mkdir -p "$XDG_CONFIG_HOME/pundit"
echo "$BASE/gen/v1?items=30&size=3000 \"~V1\" econ" >"$SOURCES"
# An index page of links: refresh's html path, page fetches, extraction.
echo "html $BASE/articles/index.html \"xpath=//li[@class='item']\" \"~Index\"" >>"$SOURCES"

# vg DESCRIPTION ARGS...: run pundit under memcheck; sets $out, $err, $rc.
# Exit 99 is memcheck's: an error or a definite or indirect leak, written
# to $T/vg.PID with the stacks.
VG="valgrind -q --error-exitcode=99 --leak-check=full
  --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
  --track-origins=yes --num-callers=30
  --suppressions=$top_srcdir/tests/valgrind.supp --log-file=$T/vg.%p"
vg() {
  desc=$1
  shift
  rm -f "$T"/vg.*
  t=$(date +%s)
  $VG "$PUNDIT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  diag "$desc: $(($(date +%s) - t)) s"
  out=$(cat "$T/out")
  err=$(cat "$T/err")
  [ "$rc" -ne 99 ]; ok $? "memcheck: $desc"
  if [ "$rc" -eq 99 ]; then
    for f in "$T"/vg.*; do diag "$(cat "$f")"; done
  fi
}

vg "parse a feed" parse --url http://example.org/ "$top_srcdir/data/demo/brookings.xml"
has '"items"' "$out" "parse prints the items"
vg "fetch from the test server" fetch --quiet
expect_rc 0 "fetch"
vg "list" list
has "piece 29" "$out" "list shows the articles"
vg "list --json" list --json --limit 5
vg "show" show 1 --width 72
has "piece" "$out" "show prints the article"
vg "show --json" show 2 --json
vg "search in English" search growth --limit 5
vg "search in Chinese" search 加息
vg "search with filters" search 'tag:econ -tariffs after:2024-01-01' --json
vg "tag" tag 3 +to-cite +econ -econ
expect_rc 0 "tag"
vg "tags" tags
has "to-cite" "$out" "tags lists the new tag"
vg "mark" mark 3 4 read
vg "sources" sources
cat >"$T/page.html" <<'EOF'
<!DOCTYPE html><html><head><title>A piece</title></head><body>
<nav><a href="/">Home</a></nav><article><h1>A piece</h1>
<p>The slow arithmetic of growth is a theme of this long paragraph, which
goes on for a while so that the extractor has something to find here.</p>
<p>加息周期接近尾声，新兴市场的资本流动压力有所缓解。</p></article>
<footer>Contact</footer></body></html>
EOF
vg "extract a local page" extract --url http://example.org/piece "$T/page.html"
has "slow arithmetic" "$out" "extract finds the piece"
vg "check" check
expect_rc 0 "check"
vg "a bad query" search '"unterminated'
vg "an unknown command" frobnicate
expect_rc 2 "an unknown command is a usage error"

done_testing
