#!/bin/sh
# fulltext.sh - full text on refresh end to end: pages of summary-only
# items extracted and stored, failures recorded and retried, html sources.
. "$(dirname "$0")/lib.sh"
start_httpd

mkdir -p "$XDG_CONFIG_HOME/pundit"
cat >"$SOURCES" <<EOT
$BASE/articles/feed.xml "~Summaries"
html $BASE/articles/index.html "xpath=//li[@class='item']" "~Index"
EOT

run fetch
expect_rc 0 "fetch with full text works"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-1' AND fulltext LIKE '%Paragraph 7 of the rates piece%'")
[ "$n" -eq 1 ]; ok $? "the page of a summary-only item is extracted and stored"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-1' AND (fulltext LIKE '%Topics%' OR fulltext LIKE '%Copyright%' OR fulltext LIKE '%Something else%')")
[ "$n" -eq 0 ]; ok $? "menus, related links and the footer are left out"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-2' AND fulltext LIKE '%央行如何权衡%'")
[ "$n" -eq 1 ]; ok $? "a GB2312 page is decoded"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-6' AND fulltext LIKE '%pwned%'")
[ "$n" -eq 0 ]; ok $? "scripts on a page are dropped"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-5' AND fulltext IS NOT NULL")
[ "$n" -eq 1 ]; ok $? "a huge page is handled"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-4' AND (fulltext IS NOT NULL OR fulltext_error IS NOT NULL)")
[ "$n" -eq 1 ]; ok $? "a deeply nested page is handled"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-7' AND fulltext IS NULL")
[ "$n" -eq 1 ]; ok $? "an item with a long summary is left alone"
e=$(sql "SELECT fulltext_error FROM article WHERE guid = 's-3'")
has "HTTP 404" "$e" "a failed page is recorded on its article"
n=$(sql "SELECT fulltext_tries FROM article WHERE guid = 's-3'")
[ "$n" -eq 1 ]; ok $? "one failed try counted ($n)"

# show says why an article has only its summary.
id3=$(sql "SELECT id FROM article WHERE guid = 's-3'")
run show "$id3" --width 200
expect_rc 0 "show an article whose page failed"
has "Full text: HTTP 404" "$out" "show names the page's failure"
has "; retry after " "$out" "show says when the page is tried again"
has "Short." "$out" "the feed's summary is shown instead"
run show "$id3" --json
python3 -c '
import json, sys
a = json.loads(sys.argv[1])
assert "HTTP 404" in a["fulltext_error"], a
assert a["fulltext_tries"] == 1 and a["fulltext_next"], a
' "$out"
ok $? "show --json gives fulltext_error, fulltext_tries, fulltext_next"
run show "$(sql "SELECT id FROM article WHERE guid = 's-1'")" --json
python3 -c '
import json, sys
a = json.loads(sys.argv[1])
assert a["fulltext_error"] is None and a["fulltext_next"] is None, a
' "$out"
ok $? "no page failure in the JSON of an article with its full text"

id=$(sql "SELECT id FROM article WHERE guid = 's-1'")
run show "$id" --width 60
expect_rc 0 "show an article with full text"
has "Paragraph 7 of the rates piece" "$out" "show prints the extracted text"
hasnt "Short." "$out" "the feed's summary gives way to the full text"

# Html source: the links its XPath picks, resolved, without duplicates.
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Index'")
[ "$n" -eq 2 ]; ok $? "the index page gives its two article links ($n)"
n=$(sql "SELECT count(*) FROM article WHERE url = '$BASE/articles/page/beta'")
[ "$n" -eq 1 ]; ok $? "a relative link is resolved and its fragment dropped"
t=$(sql "SELECT title FROM article WHERE url = '$BASE/articles/page/alpha'")
[ "$t" = "The alpha piece" ]; ok $? "the title comes from the article page ($t)"
n=$(sql "SELECT count(*) FROM article WHERE url = '$BASE/articles/page/alpha' AND fulltext LIKE '%Paragraph 3 of the alpha piece%'")
[ "$n" -eq 1 ]; ok $? "the linked article's page is extracted"
a=$(sql "SELECT author FROM article WHERE url = '$BASE/articles/page/alpha'")
[ "$a" = "Ann Writer" ]; ok $? "the author comes from the page ($a)"

# Later refreshes: no duplicates; the failed page waits, then is retried.
http /log?reset=1 >/dev/null
run fetch
expect_rc 0 "second fetch"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Index'")
[ "$n" -eq 2 ]; ok $? "no duplicate articles from the index page ($n)"
log=$(http /log)
hasnt "/articles/flaky" "$log" "a failed page is not retried before its back-off"
hasnt "/articles/page/rates" "$log" "a page already extracted is not fetched again"
# The last try that fails gives the page up.
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE article SET fulltext_next = 1, fulltext_tries = 7 WHERE guid = ?", ("s-3",)); c.commit()' "$DB"
run fetch
n=$(sql "SELECT fulltext_tries || ' ' || COALESCE(fulltext_next, 'none') FROM article WHERE guid = 's-3'")
[ "$n" = "8 none" ]; ok $? "a page failing its last try is given up ($n)"
run show "$id3" --width 200
has "given up after 8 tries" "$out" "show says the page was given up"
http /articles/fix >/dev/null
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE article SET fulltext_next = 1, fulltext_tries = 1 WHERE guid = ?", ("s-3",)); c.commit()' "$DB"
run show "$id3" --width 200
has "to be tried again on the next fetch" "$out" \
  "show says a page whose back-off is over is tried on the next fetch"
run fetch
expect_rc 0 "third fetch"
n=$(sql "SELECT count(*) FROM article WHERE guid = 's-3' AND fulltext LIKE '%flaky piece%' AND fulltext_error IS NULL")
[ "$n" -eq 1 ]; ok $? "the failed page is retried after its back-off and stored"

# Html sources without an XPath: the article links found by heuristic, on
# index pages as sites write them (tests/pages, served by httpd.py).
run add --html "$BASE/articles/list-en" analysis --name "Analysis"
expect_rc 0 "add an html source without --xpath"
run add --html "$BASE/articles/list-zh" --name "专家观点"
expect_rc 0 "add a Chinese one"
run fetch
expect_rc 0 "fetch the index pages"
got=$(python3 - "$DB" <<'PY'
import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for name in ("Analysis", "专家观点"):
    rows = c.execute("SELECT a.url FROM article a JOIN source s"
                     " ON s.id = a.source_id WHERE s.name = ? ORDER BY a.id",
                     (name,)).fetchall()
    print(name, " ".join(r[0].split("/articles/page/")[-1] for r in rows))
PY
)
has "Analysis analysis/2024/05/why-rate-cuts-are-coming-later-than-markets-expect analysis/2024/05/chinas-property-slump-and-the-local-government-debt-problem analysis/2024/04/what-the-red-sea-attacks-mean-for-shipping-insurance analysis/2024/04/europes-defence-spending-after-the-nato-summit analysis/2024/04/indias-election-and-the-economy-a-primer?utm_source=list analysis/2024/04/semiconductor-export-controls-one-year-on" \
  "$got" "the six articles of the analysis page, not its menus, tags, experts, pages or sidebar"
has "专家观点 zjgd/202405/t20240506_5748123.shtml zjgd/202405/t20240503_5747990.shtml zjgd/202404/t20240428_5746201.shtml zjgd/202404/t20240422_5745512.shtml zjgd/202404/t20240415_5744873.shtml" \
  "$got" "the five articles of the Chinese list, not its sidebar"
n=$(sql "SELECT count(*) FROM article WHERE url LIKE '%analysis/2024/05/why-rate-cuts%' AND fulltext LIKE '%Paragraph 3 of the analysis/2024/05/why-rate-cuts%'")
[ "$n" -eq 1 ]; ok $? "the pages of the guessed links are extracted"
run fetch
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name IN ('Analysis', '专家观点')")
[ "$n" -eq 11 ]; ok $? "no duplicates on the next fetch ($n)"

# pundit extract on its own: a page fetched, from a file, from stdin.
run extract --width 40 "$BASE/articles/page/rates"
expect_rc 0 "extract a page by URL"
has "The rates piece" "$out" "its title first"
has "By Ann Writer" "$out" "then its author"
has "Paragraph 7 of the rates" "$out" "then the body"
hasnt "Topics" "$out" "without the page's menu"
long=$(printf '%s\n' "$out" | awk 'length($0) > 40' | wc -l)
[ "$long" -eq 0 ]; ok $? "wrapped to --width 40"
http /articles/page/rates >"$T/rates.html"
run extract --plain --url "$BASE/articles/page/rates" "$T/rates.html"
expect_rc 0 "extract a page from a file"
n=$(printf '%s\n' "$out" | grep -c '^Paragraph [0-9] of the rates piece')
[ "$n" -eq 8 ]; ok $? "--plain: one paragraph a line ($n)"
out=$("$PUNDIT" extract --json - <"$T/rates.html")
python3 -c '
import json, sys
e = json.loads(sys.argv[1])
assert e["title"] == "The rates piece" and e["author"] == "Ann Writer", e
assert "Paragraph 7 of the rates piece" in e["text"] and "<p>" in e["html"], e
' "$out"
ok $? "extract --json from stdin"
run extract "$BASE/articles/flaky-gone"
expect_rc 1 "extract a page that cannot be fetched"
has "HTTP 404" "$err" "the reason is given"

# An invalid XPath is an error of its source, not of the others.
cat >"$SOURCES" <<EOT
$BASE/articles/feed.xml "~Summaries"
html $BASE/articles/index.html "xpath=//li[" "~Broken"
EOT
run fetch
expect_rc 1 "an invalid xpath fails its source"
has "invalid xpath" "$out$err" "the error names the xpath"
has "Summaries:" "$out" "the other source is still fetched"

# Full text off: set fulltext-threshold 0 in the config.
printf 'set fulltext-threshold 0\n' >"$XDG_CONFIG_HOME/pundit/config"
rm -f "$DB"
cat >"$SOURCES" <<EOT
$BASE/articles/feed.xml "~Summaries"
EOT
run fetch
n=$(sql "SELECT count(*) FROM article WHERE fulltext IS NOT NULL")
[ "$n" -eq 0 ]; ok $? "fulltext-threshold 0 fetches no pages ($n)"

done_testing
