#!/bin/sh
# cli.sh - the pundit binary end to end, in a temporary XDG home.
. "$(dirname "$0")/lib.sh"
SEED="$top_builddir/tests/seed"
ESC=$(printf '\033')

# --- global options and usage errors
run --help;     expect_rc 0 "--help"; has "Usage: pundit" "$out" "--help prints usage"
run --version;  expect_rc 0 "--version"; has "pundit " "$out" "--version prints the version"
run --bogus;    expect_rc 2 "unknown option"; has "unknown option: --bogus" "$err" "unknown option named"
run frobnicate; expect_rc 2 "unknown command"; has "unknown command: frobnicate" "$err" "unknown command named"
run -c;         expect_rc 2 "-c without argument"
run list --help; expect_rc 0 "list --help"; has "--unread" "$out" "list --help shows its options"

# --- first run: no sources file, an empty cache gets created
run;            expect_rc 0 "no command on a fresh home"
has "No sources yet" "$out" "fresh home says there are no sources"
[ -f "$DB" ]; ok $? "the cache is created under XDG_DATA_HOME"
run sources --json; expect_rc 0 "sources --json, empty"; [ -z "$out" ]; ok $? "no sources, no JSON lines"

# --- add
run add https://think.example/feed/ think-tank us --name "Think Example"
expect_rc 0 "add a feed"
has "added source" "$out" "add reports the new source"
grep -q '^https://think.example/feed/ think-tank us "~Think Example"$' "$SOURCES"
ok $? "add writes the line to the sources file"
run add https://think.example/feed/; expect_rc 1 "adding a listed URL again"
has "already in" "$err" "duplicate add is explained"
run add ftp://think.example/feed; expect_rc 2 "an ftp URL is refused"
has "ftp://think.example/feed" "$err" "the refused URL is named"
run add 'javascript:alert(1)'; expect_rc 2 "a javascript: URL is refused"
run add; expect_rc 2 "add without a URL"
run add --html https://index.example/analysis/ analysis
expect_rc 0 "an html source without --xpath (its links found by heuristic)"
grep -qxF "html https://index.example/analysis/ analysis" "$SOURCES"
ok $? "html source line without an xpath"
run remove https://index.example/analysis/; expect_rc 0 "and removed again"
run add --html --xpath "//ul[@class='list']//a" https://zh.example/ china 中美关系 --name 中文评论
expect_rc 0 "add an html source with a Chinese tag and name"
grep -qF "html https://zh.example/ xpath=//ul[@class='list']//a china 中美关系 ~中文评论" "$SOURCES"
ok $? "html source line written with quoting"

# --- the sources file edited by hand: bad lines reported, the rest load
cat >>"$SOURCES" <<'EOT'
# a comment line
https://third.example/rss "~Third"
gopher://old.example/ tag
html
https://third.example/rss again
"unterminated
EOT
run sources
expect_rc 0 "sources with bad lines still works"
has "sources:5: not a URL pundit can fetch" "$err" "bad scheme reported with file and line"
has "sources:6: html source needs a URL" "$err" "html without a URL reported with line"
has "sources:7: https://third.example/rss is already listed on line 4" "$err" "duplicate line reported"
has "sources:8: unterminated quote" "$err" "unterminated quote reported"
has "Third" "$out" "good lines after bad ones still load"
has "Think Example" "$out" "sources lists the first source"
has "中文评论" "$out" "sources lists the Chinese name"
run sources --json
lines=$(printf '%s\n' "$out" | wc -l)
[ "$lines" -eq 3 ]; ok $? "sources --json: one line per source ($lines)"
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert [r["name"] for r in rows] == ["Think Example", "中文评论", "Third"], rows
assert rows[0]["tags"] == ["think-tank", "us"] and rows[1]["kind"] == "html"
assert rows[0]["articles"] == 0 and rows[0]["last_fetch"] is None
'
ok $? "sources --json parses and has the fields"

# --- articles (as a fetch would store them)
now=$(date +%s)
printf '%s\n' \
"https://think.example/feed/	g1	Old essay on tariffs	Ann Author	$((now - 3*86400))	https://think.example/a1	A summary.	<p>First paragraph of the old essay.</p><p>Second <a href=\"/more\">with a link</a>.</p>" \
"https://think.example/feed/	g2	Bad \\x1b[31mred\\x1b]0;pwned\\x07 title\\xe2\\x80\\xae	Eve \\x1b[2J	$((now - 2*86400))	https://think.example/a2	-	-" \
"https://zh.example/	z1	硅谷银行倒闭之后：中小银行的利率风险管理与监管改革	作者甲	$((now - 86400))	https://zh.example/z1	-	<p>过去两年，主要央行连续加息，新兴市场货币普遍承压。随着通胀回落，加息周期接近尾声，资本流动的压力有所缓解。不过，风险并未消失：外债期限结构、外汇储备充足程度以及财政空间，仍然决定各国应对冲击的能力。</p>" \
"https://third.example/rss	t1	Newest piece	-	$now	https://third.example/t1	Plain summary only.	-" \
| "$SEED" "$DB" >"$T/seed.out"
ok $? "seed four articles"
id_old=$(sed -n 1p "$T/seed.out" | cut -d' ' -f1)
id_bad=$(sed -n 2p "$T/seed.out" | cut -d' ' -f1)
id_zh=$(sed -n 3p "$T/seed.out" | cut -d' ' -f1)
id_new=$(sed -n 4p "$T/seed.out" | cut -d' ' -f1)

run list; expect_rc 0 "list"
first=$(printf '%s\n' "$out" | head -1 | awk '{print $1}')
last=$(printf '%s\n' "$out" | tail -1 | awk '{print $1}')
[ "$first" = "$id_new" ] && [ "$last" = "$id_old" ]; ok $? "list is newest first"
hasnt "$ESC" "$out" "no escape byte reaches stdout in list"
has "Bad red title" "$out" "escape sequences are stripped from titles, text kept"
run list --tag think-tank; expect_rc 0 "list --tag"
n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 2 ]; ok $? "--tag matches the source's tag (2 articles, got $n)"
run list --tag 中美关系; n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 1 ]; ok $? "--tag with a Chinese tag"
run list --source 中文评论; has "硅谷银行" "$out" "--source by name"
run list --source nosuch; expect_rc 1 "--source unknown"; has "no source nosuch" "$err" "unknown source named"
run list --limit 1; n=$(printf '%s\n' "$out" | grep -c .)
[ "$n" -eq 1 ]; ok $? "--limit 1"
run list --limit x; expect_rc 2 "--limit with a non-number"
run list --json; expect_rc 0 "list --json"
printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin]
assert len(rows) == 4
for r in rows:
    for k in ("id", "source", "title", "url", "author", "published", "read", "starred", "tags"):
        assert k in r, k
bad = [r for r in rows if r["id"] == '"$id_bad"'][0]
assert "\x1b[31m" in bad["title"] and "\u202e" in bad["title"], bad
zh = [r for r in rows if r["id"] == '"$id_zh"'][0]
assert zh["tags"] == ["china", "中美关系"], zh["tags"]
assert zh["published"].endswith("Z") and zh["read"] is False
'
ok $? "list --json: valid JSON, raw data escaped, RFC 3339 dates, tags"
hasnt "$ESC" "$out" "no raw escape byte in JSON output"

# --- show
run show "$id_old" --width 40; expect_rc 0 "show"
has "Title:   Old essay on tariffs" "$out" "show prints the title"
has "Author:  Ann Author" "$out" "show prints the author"
has "First paragraph of the old essay." "$out" "show renders the HTML content"
has "with a link[1]" "$out" "links are numbered in the text"
has "[1] https://think.example/more" "$out" "link list resolved against the article URL"
run show "$id_zh" --width 30; expect_rc 0 "show a Chinese article"
w=$(printf '%s\n' "$out" | wc -L)
[ "$w" -le 30 ]; ok $? "Chinese text wrapped within 30 columns (widest $w)"
has "加息周期接近尾声" "$out" "Chinese body shown"
run show "$id_bad"; hasnt "$ESC" "$out" "show strips escapes from title and author"
run show "$id_new"; has "Plain summary only." "$out" "summary is the fallback body"
run show "$id_zh" --json; printf '%s\n' "$out" | python3 -c 'import json,sys; r=json.loads(sys.stdin.read()); assert r["content"].startswith("<p>")'
ok $? "show --json includes the content"
run show 999999; expect_rc 1 "show a missing article"; has "999999" "$err" "missing id named"
run show abc; expect_rc 2 "show with a bad id"
run show; expect_rc 2 "show without an id"
run show "$id_old" --width 5; expect_rc 2 "show with a too small width"

# --- mark
run mark "$id_old" "$id_zh" read; expect_rc 0 "mark two read"
run list --unread; hasnt "Old essay" "$out" "read article leaves --unread"
has "Newest piece" "$out" "unread article stays in --unread"
run mark "$id_zh" star; expect_rc 0 "mark star"
run list --starred; has "硅谷银行" "$out" "--starred lists the starred one"
run mark "$id_old" unread; run list --unread; has "Old essay" "$out" "mark unread"
run mark 999999 read; expect_rc 1 "mark a missing article"; has "999999" "$err" "missing id named in mark"
run mark "$id_old" toast; expect_rc 2 "mark with a bad action"
run mark read; expect_rc 2 "mark without an id"

# --- a re-fetch updates the article and keeps user state
printf '%s\n' \
"https://zh.example/	z1	硅谷银行倒闭之后（修订）	作者甲	$((now - 86400))	https://zh.example/z1	-	<p>修订后的正文。</p>" \
| "$SEED" "$DB" >"$T/seed2.out"
grep -q "^$id_zh old$" "$T/seed2.out"; ok $? "same guid updates the same article"
run show "$id_zh" --json
printf '%s\n' "$out" | python3 -c '
import json, sys
r = json.loads(sys.stdin.read())
assert r["title"] == "硅谷银行倒闭之后（修订）" and r["read"] is True and r["starred"] is True, r
'
ok $? "re-fetch changed the title and kept read and starred"

# --- a source removed from the file keeps its articles until pundit remove
grep -v third.example "$SOURCES" >"$T/s" && cp "$T/s" "$SOURCES"
run sources; has "not in the sources file" "$out" "a source dropped from the file is marked"
run list --source Third; has "Newest piece" "$out" "its articles are kept"
run remove Third; expect_rc 0 "remove by name"
run list; hasnt "Newest piece" "$out" "remove deletes the articles"
run remove https://think.example/feed/; expect_rc 0 "remove by URL"
grep -q think.example "$SOURCES"; [ $? -ne 0 ]; ok $? "remove takes the line out of the sources file"
grep -q "中文评论" "$SOURCES"; ok $? "other lines stay in the sources file"
run remove nosuch; expect_rc 1 "remove an unknown source"
run remove; expect_rc 2 "remove without an argument"

# --- -c and -d, XDG fallbacks
mkdir -p "$T/alt"
echo 'https://alt.example/feed alt' >"$T/alt/sources"
run -c "$T/alt/config" -d "$T/altdata" sources
has "https://alt.example/feed" "$out" "-c reads the sources file next to the config"
[ -f "$T/altdata/pundit.db" ]; ok $? "-d puts the cache in DIR"
(XDG_DATA_HOME=relative/path; export XDG_DATA_HOME; "$PUNDIT" sources >/dev/null 2>&1)
[ -f "$HOME/.local/share/pundit/pundit.db" ]; ok $? "a relative XDG_DATA_HOME is ignored"
printf 'set show-width 33\nset nosuch 1\nset show-width banana\n' >"$XDG_CONFIG_HOME/pundit/config"
run show "$id_zh"; expect_rc 0 "show with a config file"
has "config:2: unknown option: nosuch" "$err" "unknown option reported with line"
has "config:3: option show-width needs a number" "$err" "bad value reported with line"
w=$(printf '%s\n' "$out" | wc -L)
[ "$w" -le 33 ]; ok $? "set show-width applies ($w)"
rm -f "$XDG_CONFIG_HOME/pundit/config"

# --- a cache that is not a database
mkdir -p "$T/bad"; echo "not a database at all, just text" >"$T/bad/pundit.db"
run -d "$T/bad" list; expect_rc 1 "a cache that is not a database"
has "$T/bad/pundit.db" "$err" "the error names the cache file"
run -d /proc/pundit-nope list; expect_rc 1 "an unusable data directory"

done_testing
