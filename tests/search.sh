#!/bin/sh
# search.sh - pundit search, searches, tag and tags end to end.
. "$(dirname "$0")/lib.sh"
SEED="$top_builddir/tests/seed"

mkdir -p "$XDG_CONFIG_HOME/pundit"
cat >"$SOURCES" <<'EOT'
https://en.example/feed econ "~English Example"
https://zh.example/ china 中美关系 "~中文评论"
EOT
run sources; expect_rc 0 "sync the sources"
now=$(date +%s)
printf '%s\n' \
"https://en.example/feed	e1	The rate hike	Ann Author	1600000000	https://en.example/e1	-	<p>A long piece on central banks.</p>" \
"https://en.example/feed	e2	Markets this week	Bob Writer	1700000000	https://en.example/e2	-	<p>Another <b>rate</b> hike is coming.</p>" \
"https://en.example/feed	e3	Rate Hikes and Banks	Ann Author	1650000000	https://en.example/e3	Rate hikes hurt small banks.	-" \
"https://zh.example/	z1	硅谷银行倒闭之后	作者甲	1690000000	https://zh.example/z1	-	<p>中小银行的利率风险。主要央行连续加息，新兴市场货币普遍承压。</p>" \
"https://zh.example/	z2	加息周期接近尾声	作者乙	1680000000	https://zh.example/z2	-	<p>随着通胀回落，加息周期接近尾声。</p>" \
"https://zh.example/	z3	科技大战	作者甲	$now	https://zh.example/z3	-	<p>芯片与科技大战。Silicon Valley Bank 的教训。</p>" \
| "$SEED" "$DB" >"$T/seed.out"
ok $? "seed six articles"
id() { grep -n . "$T/seed.out" | sed -n "s/^$1:\([0-9]*\) .*/\1/p"; }
e1=$(id 1) e2=$(id 2) e3=$(id 3) z1=$(id 4) z2=$(id 5) z3=$(id 6)

# ids QUERY...: the ids of the hits, in order, on one line.
ids() { run search --json "$@"; printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin if l.strip()))'; }

r=$(ids 加息); [ "$r" = "$z2 $z1" ]; ok $? "加息 ($r)"
r=$(ids 硅谷银行); [ "$r" = "$z1" ]; ok $? "硅谷银行 ($r)"
r=$(ids 科技大战); [ "$r" = "$z3" ]; ok $? "科技大战 ($r)"
r=$(ids '"rate hike"'); n=$(echo "$r" | wc -w); [ "$n" -eq 3 ]; ok $? "\"rate hike\" ($r)"
r=$(ids '"hike rate"'); [ -z "$r" ]; ok $? "a phrase keeps its order"
r1=$(ids rate hike); r2=$(ids Rate Hikes); [ "$r1" = "$r2" ] && [ -n "$r1" ]; ok $? "rate hike and Rate Hikes find the same ($r1)"
n=$(echo "$r1" | wc -w); [ "$n" -eq 3 ]; ok $? "all three English pieces"
r=$(ids rate -banks); [ "$r" = "$e2" ]; ok $? "-exclude ($r)"
r=$(ids 加息 OR rate); n=$(echo "$r" | wc -w); [ "$n" -eq 5 ]; ok $? "OR ($r)"
r=$(ids tag:econ); [ "$r" = "$e2 $e3 $e1" ]; ok $? "tag: alone, newest first ($r)"
r=$(ids tag:中美关系 加息); [ "$r" = "$z2 $z1" ]; ok $? "Chinese tag: and a word ($r)"
r=$(ids source:中文 -tag:econ); n=$(echo "$r" | wc -w); [ "$n" -eq 3 ]; ok $? "source: ($r)"
r=$(ids author:ann); case "$r" in *"$e1"*"$e3"*|*"$e3"*"$e1"*) ok 0 "author: ($r)" ;; *) ok 1 "author: ($r)" ;; esac
r=$(ids after:2023-08-01 before:2024-01-01); [ "$r" = "$e2" ]; ok $? "after: and before: ($r)"
r=$(ids silicon valley 教训); [ "$r" = "$z3" ]; ok $? "mixed Chinese-English ($r)"
run mark "$z2" read
r=$(ids 加息 is:unread); [ "$r" = "$z1" ]; ok $? "is:unread ($r)"
run mark "$z1" star
r=$(ids is:starred); [ "$r" = "$z1" ]; ok $? "is:starred ($r)"

run search 加息; expect_rc 0 "plain output"
has "[加息]" "$out" "the snippet marks the hit in brackets"
has "硅谷银行倒闭之后" "$out" "the title is shown"
run search --limit 1 加息; n=$(printf '%s\n' "$out" | grep -c '^ *[0-9]')
[ "$n" -eq 1 ]; ok $? "--limit 1"
run search --json rate; printf '%s\n' "$out" | python3 -c '
import json, sys
for l in sys.stdin:
    r = json.loads(l)
    assert "[" in r["snippet"] or r["snippet"] == "" or True
    for k in ("id", "title", "tags", "snippet", "published", "read"):
        assert k in r, k
'
ok $? "--json lines parse and have the fields"

# Hostile and malformed queries.
for q in 'NEAR(a b)' '*' '^rate' 'title:rate' '(rate)' "'; DROP TABLE article; --" '"' 'a OR' 'tag:' 'after:2023-13-01' 'is:purple'; do
  run search "$q"
  case "$rc" in 0|2) ok 0 "hostile query exits 0 or 2: $q" ;; *) ok 1 "hostile query: $q (rc $rc: $err)" ;; esac
  hasnt "SQL" "$err" "no SQL error for: $q"
  hasnt "fts5" "$err" "no FTS5 error for: $q"
done
run search '"rate'; expect_rc 2 "an unterminated quote"
has "unterminated quote" "$err" "it is named"
run search rate OR; expect_rc 2 "a dangling OR"; has "OR" "$err" "OR explained"
run search after:2023-02-30; expect_rc 2 "a bad date"; has "YYYY-MM-DD" "$err" "date format explained"
run search; expect_rc 2 "no query"; has "empty query" "$err" "empty query explained"
run search --limit x rate; expect_rc 2 "--limit x"
run search --bogus rate; expect_rc 2 "unknown option"
run list; has "The rate hike" "$out" "the cache still works"

# Tags.
run tag "$e1" +to-cite +中美关系; expect_rc 0 "tag +to-cite +中美关系"
has "中美关系" "$out" "tag prints the tags"
run tags; expect_rc 0 "tags"
has "to-cite" "$out" "tags lists the article tag"
line=$(printf '%s\n' "$out" | grep ' 中美关系$'); set -- $line
[ "$1" -eq 4 ]; ok $? "中美关系: three articles of its source and one tagged ($line)"
line=$(printf '%s\n' "$out" | grep ' econ$'); set -- $line
[ "$1" -eq 3 ]; ok $? "econ counts its source's articles ($line)"
run tags --json; printf '%s\n' "$out" | python3 -c '
import json, sys
t = {r["tag"]: r["articles"] for r in map(json.loads, sys.stdin)}
assert t == {"china": 3, "econ": 3, "to-cite": 1, "中美关系": 4}, t'
ok $? "tags --json"
r=$(ids tag:to-cite); [ "$r" = "$e1" ]; ok $? "tag: finds the tagged article"
r=$(ids cite); [ "$r" = "$e1" ]; ok $? "article tags are indexed"
run show "$e1" --json; has '"to-cite"' "$out" "show --json has the tag"
run list --tag to-cite; has "The rate hike" "$out" "list --tag"
run tag "$e1" -to-cite; expect_rc 0 "tag -to-cite"
r=$(ids tag:to-cite); [ -z "$r" ]; ok $? "untagged"
run tag "$e1" bare; expect_rc 2 "a tag without + or -"
run tag "$e1" "+two words"; expect_rc 2 "a tag with a space"
run tag 999999 +x; expect_rc 1 "tag a missing article"; has "999999" "$err" "the id is named"
run tag abc +x; expect_rc 2 "tag a bad id"

# Saved searches.
run search --save 加息新闻 加息 is:unread; expect_rc 0 "save a search"
run searches; expect_rc 0 "searches"
has "加息新闻" "$out" "the saved search is listed"
set -- $out; [ "$1" -eq 1 ] && [ "$2" -eq 1 ]; ok $? "with its counts ($1 $2)"
run search --saved 加息新闻 --json; n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 1 ]; ok $? "--saved runs it"
run search --save bad '"open'; expect_rc 2 "a bad query is not saved"
run search --saved nosuch; expect_rc 1 "an unknown saved search"
run search --forget 加息新闻; expect_rc 0 "--forget"
run searches; [ -z "$out" ]; ok $? "gone"

# Saved searches in the sources file, and as sources.
run search --save 手存 加息; expect_rc 0 "a search saved by hand"
run search --save 利率 rate; expect_rc 0 "one the file will replace"
cat >>"$SOURCES" <<'EOT'
query "Rate hikes" "rate hike" -banks   # a comment
query 利率 tag:中美关系 加息
query bad after:2023-13-01
query "Rate hikes" twice
EOT
run sources --json; expect_rc 0 "sources with query lines"
has "sources:5: saved search bad: invalid date" "$err" "a bad query, with its line"
has "sources:6: saved search Rate hikes is already defined on line 3" "$err" "a name twice"
printf '%s\n' "$out" | python3 -c '
import json, sys
s = {r["name"]: r for r in map(json.loads, sys.stdin) if r["kind"] == "search"}
assert set(s) == {"Rate hikes", "利率", "手存"}, s
assert s["Rate hikes"]["query"] == "\"rate hike\" -banks", s
assert s["Rate hikes"]["in_file"] and s["利率"]["in_file"], s
assert not s["手存"]["in_file"], s
assert s["利率"]["query"] == "tag:中美关系 加息", s
assert (s["Rate hikes"]["articles"], s["利率"]["articles"], s["利率"]["unread"]) == (1, 2, 1), s
assert s["手存"]["id"] is None and s["手存"]["url"] is None
'
ok $? "sources --json lists the saved searches: the file wins, --save stays"
run sources; has "search: tag:中美关系 加息  [in the sources file]" "$out" "sources shows a search"
run search --save 利率 x; expect_rc 2 "a search of the file is not saved over"
has "sources file" "$err" "it says where to change it"
run search --forget 利率; expect_rc 1 "nor forgotten"
lids() { run list --json "$@"; printf '%s\n' "$out" | python3 -c '
import json, sys
print(" ".join(str(json.loads(l)["id"]) for l in sys.stdin if l.strip()))'; }
r=$(lids --source "Rate hikes"); [ "$r" = "$e2" ]; ok $? "list --source SEARCH ($r)"
r=$(lids --source 利率); [ "$r" = "$z1 $z2" ]; ok $? "newest first ($r)"
r=$(lids --source 利率 --unread); [ "$r" = "$z1" ]; ok $? "with --unread ($r)"
r=$(lids --source 手存 --starred --limit 1); [ "$r" = "$z1" ]; ok $? "with --starred ($r)"
run list --source nosuch; expect_rc 1 "an unknown source or search"
run search --saved 利率 --json; n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 2 ]; ok $? "search --saved runs a search of the file"
sed '/^query/d' "$SOURCES" >"$T/s" && cat "$T/s" >"$SOURCES"
run searches; expect_rc 0 "the query lines removed"
hasnt "Rate hikes" "$out" "a search of the file goes with its line"
hasnt "利率" "$out" "so does one it had replaced"
has "手存" "$out" "one saved by hand stays"

done_testing
