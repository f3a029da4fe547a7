#!/bin/sh
# fetch.sh - pundit fetch end to end against the test HTTP server: what
# the cache holds after each kind of answer, conditional GET, moves.
. "$(dirname "$0")/lib.sh"
start_httpd
ESC=$(printf '\033')

mkdir -p "$XDG_CONFIG_HOME/pundit"
cat >"$SOURCES" <<EOT
$BASE/gen/alpha?items=30 "~Alpha"
$BASE/etag.xml "~ETag"
$BASE/lm.xml "~LastMod"
$BASE/gzip.xml "~Gzip"
$BASE/status/404 "~Missing"
$BASE/status/410 "~Gone"
$BASE/status/500 "~Broken"
$BASE/movedto/gen/beta?items=3 "~Mover"
$BASE/wrongtype "~WrongType"
$BASE/wrongcharset "~WrongCharset"
$BASE/bomb "~Bomb"
$BASE/hostile "~Hostile"
$BASE/truncated "~Truncated"
$BASE/loop "~Loop"
http://127.0.0.1:1/closed.xml "~Closed"
file://$top_srcdir/data/demo/zh-commentary.xml "~Demo"
EOT

run fetch
expect_rc 1 "first fetch: some sources fail"
has "Alpha: 30 new, 0 updated" "$out" "a 30-item feed stored"
has "fetched 16 sources" "$out" "summary line counts the sources"
has "Missing: error: HTTP 404" "$out" "404 reported on its source"
has "Gone: error: gone" "$out" "410 reported as gone"
has "Broken: error: HTTP 500" "$out" "500 reported"
has "Bomb: error: response larger than" "$out" "gzip bomb stopped by the size cap"
has "Loop: error:" "$out" "redirect loop reported"
has "Closed: error: cannot connect" "$out" "connection refused reported"
has "Demo: 2 new" "$out" "a file:// source from the sources file works"
hasnt "$ESC" "$out" "no escape byte reaches the output"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Alpha'")
[ "$n" -eq 30 ]; ok $? "the cache holds the 30 articles ($n)"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Gzip'")
[ "$n" -eq 2 ]; ok $? "gzip feed decoded and stored ($n)"
t=$(sql "SELECT title FROM article WHERE guid = 'gbk-1'")
[ "$t" = "硅谷银行与加息" ]; ok $? "GBK bytes declared UTF-8 are read as GBK ($t)"

run sources
has "last error: HTTP 404" "$out" "sources shows the 404"
has "last error: gone" "$out" "sources shows gone"
run sources --json
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = {r["name"]: r for r in map(json.loads, sys.stdin)}
assert rows["Alpha"]["articles"] == 30 and rows["Alpha"]["last_error"] is None
assert rows["Alpha"]["last_fetch"] is not None and rows["Alpha"]["last_status"] == 200
assert rows["Missing"]["last_status"] == 404, rows["Missing"]
'
ok $? "sources --json: counts, status and fetch time"

# The permanent redirect moved the source, in the cache and in the file.
grep -q "^$BASE/gen/beta?items=3 \"~Mover\"$" "$SOURCES"; ok $? "301: the sources file has the new URL"
n=$(sql "SELECT count(*) FROM source WHERE url = '$BASE/gen/beta?items=3'")
[ "$n" -eq 1 ]; ok $? "301: the cache has the new URL"

# Second fetch: validators sent, nothing changed, nothing parsed again.
http "/log?reset=1" >/dev/null
run fetch
has "ETag: unchanged" "$out" "ETag source unchanged (304)"
has "LastMod: unchanged" "$out" "Last-Modified source unchanged (304)"
has "Alpha: unchanged" "$out" "generated feed unchanged (304 by ETag)"
has "Gzip: unchanged" "$out" "same body: not parsed again"
hasnt "Gone:" "$(printf '%s\n' "$out" | grep -v skipped)" "a gone source is not fetched again"
log=$(http /log)
has "GET /etag.xml host=127.0.0.1:$PORT inm=\"v1\"" "$log" "If-None-Match sent"
has "ims=Wed, 01 May 2024 12:00:00 GMT" "$log" "If-Modified-Since sent"
hasnt "/status/410" "$log" "no request to the gone source"
hasnt "/movedto/" "$log" "the moved source is fetched at its new URL"

# User state survives a re-fetch that changes every title.
id=$(sql "SELECT id FROM article WHERE guid = 'gen-alpha-3'")
run mark "$id" read; run mark "$id" star
http "/control?version=2" >/dev/null
run fetch Alpha
expect_rc 0 "fetch one source by name"
has "Alpha: 0 new, 30 updated" "$out" "changed feed updates in place"
r=$(sql "SELECT title || '|' || read || '|' || starred FROM article WHERE id = $id")
[ "$r" = "alpha piece 3 v2|1|1" ]; ok $? "title updated, read and starred kept ($r)"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Alpha'")
[ "$n" -eq 30 ]; ok $? "no duplicate articles after the update ($n)"

run fetch --quiet Alpha Demo
expect_rc 0 "--quiet with nothing failing"
[ -z "$out" ]; ok $? "--quiet prints nothing when all is well"
run fetch --quiet Missing
expect_rc 1 "--quiet with a failure"
has "Missing: error: HTTP 404" "$err" "--quiet still reports the failure"
run fetch nosuch
expect_rc 1 "fetch of an unknown source"

# A source a sync server gave (not in the sources file) is never fetched
# directly: its articles come by sync, and its URL, whatever it says, is
# not a local file to read.
printf 'SECRET-LINE\n' >"$T/secret.xml"
python3 -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("INSERT INTO source (url, kind, name, in_file, created, server_id)"
          " VALUES (?, \"feed\", \"Served\", 0, 0, 77)", ("file://" + sys.argv[2],))
c.commit()' "$DB" "$T/secret.xml"
run fetch Served
has "this source comes from the sync server" "$out$err" "fetch of a sync server's source says it comes by sync"
case "$out$err" in *SECRET-LINE*) r=1 ;; *) r=0 ;; esac
ok $r "and reads nothing of the file its URL names"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Served'")
[ "$n" -eq 0 ]; ok $? "no article stored for it ($n)"
run fetch --bogus
expect_rc 2 "fetch with an unknown option"

done_testing
