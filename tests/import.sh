#!/bin/sh
# import.sh - pundit import (OPML, newsboat urls) and export, end to end.
. "$(dirname "$0")/lib.sh"
D="$T/files"
mkdir -p "$D"

# --- usage
run import;                 expect_rc 2 "import without a file"
run import --bogus x.opml;  expect_rc 2 "import with an unknown option"
run import "$D/none.opml";  expect_rc 1 "import of a missing file"
has "none.opml" "$err" "the missing file is named"
run export a b;             expect_rc 2 "export with two files"

# --- a Feedly-style export: folders, Chinese titles, a feed in two folders
cat >"$D/feedly.opml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="1.0">
  <head>
    <title>Feedly subscriptions</title>
  </head>
  <body>
    <outline text="Think tanks" title="Think tanks">
      <outline type="rss" text="Brookings" title="Brookings" xmlUrl="https://www.brookings.edu/feed/" htmlUrl="https://www.brookings.edu"/>
      <outline type="rss" text="War on the Rocks" title="War on the Rocks" xmlUrl="https://warontherocks.com/feed/" htmlUrl="https://warontherocks.com"/>
    </outline>
    <outline text="中文评论" title="中文评论">
      <outline type="rss" text="澎湃新闻·思想市场" title="澎湃新闻·思想市场" xmlUrl="https://zh.example/thepaper.xml" htmlUrl="https://zh.example/"/>
      <outline type="rss" text="Brookings" title="Brookings" xmlUrl="https://www.brookings.edu/feed/" htmlUrl="https://www.brookings.edu"/>
    </outline>
  </body>
</opml>
EOF
run import --dry-run "$D/feedly.opml"
expect_rc 0 "dry run of a Feedly export"
has "3 added, 0 already present, 0 saved searches, 0 skipped" "$out" "dry run counts"
has "dry run" "$out" "dry run says so"
[ ! -e "$SOURCES" ]; ok $? "a dry run writes no sources file"
run import "$D/feedly.opml"
expect_rc 0 "import a Feedly export"
has "3 added, 0 already present, 0 saved searches, 0 skipped" "$out" "Feedly summary"
want='https://www.brookings.edu/feed/ "Think tanks" 中文评论 ~Brookings
https://warontherocks.com/feed/ "Think tanks" "~War on the Rocks"
https://zh.example/thepaper.xml 中文评论 ~澎湃新闻·思想市场'
[ "$(cat "$SOURCES")" = "$want" ]; ok $? "sources file from the Feedly export"
[ "$(cat "$SOURCES")" = "$want" ] || diag "$(cat "$SOURCES")"
run sources --json
has '"name":"澎湃新闻·思想市场"' "$out" "the Chinese name is the display name"

# --- importing again duplicates nothing
cp "$SOURCES" "$T/before"
run import "$D/feedly.opml"
expect_rc 0 "import the same file again"
has "0 added, 3 already present, 0 saved searches, 0 skipped" "$out" "all already present"
cmp -s "$SOURCES" "$T/before"; ok $? "sources file unchanged by a re-import"

# --- an Inoreader-style export, 3 levels, entities, categories, a bad URL
cat >"$D/inoreader.xml" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head><title>Subscriptions of Ann from Inoreader [https://www.inoreader.com]</title></head>
  <body>
    <outline text="Policy &amp; Analysis" title="Policy &amp; Analysis">
      <outline text="Asia" title="Asia">
        <outline text="中国" title="中国">
          <outline text="Brookings &#8211; China" title="Brookings &#8211; China" type="rss" xmlUrl="https://www.brookings.edu/topic/china/feed/?a=1&amp;b=2" htmlUrl="https://www.brookings.edu"/>
          <outline text="财新&lt;评论&gt;" type="rss" xmlUrl="https://cx.example/rss" category="/economy,/finance/banks"/>
        </outline>
      </outline>
      <outline text="Brookings" type="rss" xmlUrl="https://www.brookings.edu/feed/" category="us"/>
    </outline>
    <outline text="Odd" type="rss" xmlUrl="javascript:alert(1)"/>
    <outline text="Podcast" type="rss" xmlUrl="feed://pod.example/rss"/>
  </body>
</opml>
EOF
run import "$D/inoreader.xml"
expect_rc 0 "import an Inoreader export"
has "3 added, 1 already present, 0 saved searches, 1 skipped" "$out" "Inoreader summary"
has "inoreader.xml:14: skipped: not a URL pundit can fetch" "$err" "the bad outline is reported with its line"
grep -qxF 'https://www.brookings.edu/topic/china/feed/?a=1&b=2 "Policy & Analysis" Asia 中国 "~Brookings – China"' "$SOURCES"
ok $? "three folder levels become tags, entities decoded"
grep -qxF 'https://cx.example/rss "Policy & Analysis" Asia 中国 economy finance/banks ~财新<评论>' "$SOURCES"
ok $? "category attribute adds tags"
grep -qxF 'https://www.brookings.edu/feed/ "Think tanks" 中文评论 "Policy & Analysis" us ~Brookings' "$SOURCES"
ok $? "a listed source gains the imported tags on its line"
grep -qxF 'http://pod.example/rss ~Podcast' "$SOURCES"
ok $? "feed:// becomes http://"
[ "$(grep -c 'brookings.edu/feed/ ' "$SOURCES")" -eq 1 ]; ok $? "no duplicate line"

# --- an OPML file in GB18030, as its declaration says
python3 -c 'import sys; sys.stdout.buffer.write(sys.argv[1].encode("gb18030"))' \
  '<?xml version="1.0" encoding="GB18030"?>
<opml version="1.0"><body><outline text="经济"><outline text="财新网" xmlUrl="https://gb.example/rss"/></outline></body></opml>' >"$D/gb.opml"
run import "$D/gb.opml"
expect_rc 0 "import a GB18030 OPML file"
grep -qxF 'https://gb.example/rss 经济 ~财新网' "$SOURCES"; ok $? "GB18030 names and folders arrive as UTF-8"

# --- a malformed file: an error with its line, nothing written
cp "$SOURCES" "$T/before"
cat >"$D/broken.opml" <<'EOF'
<?xml version="1.0"?>
<opml version="2.0">
<body>
<outline text="New" type="rss" xmlUrl="https://new.example/feed"/>
<outline text="Open" type="rss" xmlUrl="https://open.example/feed">
</body>
</opml>
EOF
run import "$D/broken.opml"
expect_rc 1 "a malformed OPML file fails"
has "broken.opml:6:" "$err" "the error names the file and line"
has "mismatch" "$err" "the error says what is wrong"
cmp -s "$SOURCES" "$T/before"; ok $? "sources file unchanged byte for byte"
printf 'not xml at all\n' >"$D/text.opml"
run import "$D/text.opml"
expect_rc 1 "a file that is neither OPML nor a urls file fails"
has "text.opml:1: not a URL" "$err" "with its line"
run import "$D/../files/feedly.opml"   # still fine after failures
expect_rc 0 "import works after a failed one"

# --- XXE: nothing from a local file may come in
printf 'TOPSECRET-%s\n' "$$" >"$T/secret"
cat >"$D/xxe.opml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE opml [
<!ENTITY xxe SYSTEM "file://$T/secret">
]>
<opml version="2.0"><body>
<outline text="&xxe;" type="rss" xmlUrl="https://xxe.example/feed"/>
</body></opml>
EOF
cp "$SOURCES" "$T/before"
run import "$D/xxe.opml"
expect_rc 1 "an external entity is refused"
has "xxe.opml:6:" "$err" "the refused entity is reported with its line"
hasnt "TOPSECRET" "$out$err" "the local file is not read into the output"
cmp -s "$SOURCES" "$T/before"; ok $? "nothing imported from the XXE file"
cat >"$D/xxe2.opml" <<EOF
<?xml version="1.0"?>
<!DOCTYPE opml SYSTEM "file://$T/secret" [
<!ENTITY % p SYSTEM "file://$T/secret">
%p;
]>
<opml version="2.0"><body>
<outline text="pe" type="rss" xmlUrl="https://pe.example/feed"/>
</body></opml>
EOF
run import "$D/xxe2.opml"
hasnt "TOPSECRET" "$out$err" "a parameter entity and an external DTD are not read"
! grep -q TOPSECRET "$SOURCES"; ok $? "the secret is not in the sources file"

# --- a newsboat urls file: tags, ~names, queries
cat >"$D/urls" <<'EOF'
# newsboat urls
https://www.rand.org/news.xml think-tank security "~RAND"
https://zh.example/caixin.xml "中国 经济" "~财新 评论" economy
https://hidden.example/feed ! hidden
exec:~/bin/weather.sh "~Weather"
"filter:~/bin/clean.py:https://filtered.example/feed" tech
"query:Unread China:unread = \"yes\" and tags # \"china\""
"query:Tariffs:title =~ \"tariff\" or title =~ \"trade\""
"query:Trade words:content =~ \"tariff\" or content =~ \"trade war\""
"query:Last week:age < 7"
"query:Not Bob:author != \"Bob\" and feedtitle = \"RAND\""
https://www.rand.org/news.xml more
EOF
run import "$D/urls"
expect_rc 0 "import a newsboat urls file"
has "2 added, 0 already present, 3 saved searches, 5 skipped" "$out" "newsboat summary"
grep -qxF 'https://www.rand.org/news.xml think-tank security more ~RAND' "$SOURCES"
ok $? "tags and ~name, a repeated URL merged"
grep -qxF 'https://zh.example/caixin.xml "中国 经济" economy "~财新 评论"' "$SOURCES"
ok $? "quoted tag and name with spaces"
has "urls:4: skipped: https://hidden.example/feed is hidden" "$err" "hidden feed reported with its line"
has "urls:5: skipped: exec:~/bin/weather.sh runs a program" "$err" "exec: reported"
has "urls:6: skipped: filter:" "$err" "filter: reported"
has "urls:8: query \"Tariffs\" not imported" "$err" "an untranslatable or is reported with its line"
has "urls:10: query \"Last week\" not imported: no counterpart in pundit's search: age < 7" "$err" "age is reported with its line"
grep -qxF 'query "Unread China" is:unread tag:china' "$SOURCES"
ok $? "a query feed becomes a query line of the sources file"
run searches --json
has '{"name":"Unread China","query":"is:unread tag:china"' "$out" "query saved, translated"
has '{"name":"Trade words","query":"\"tariff\" OR \"trade war\""' "$out" "or between words translated"
has '{"name":"Not Bob","query":"-author:Bob source:RAND"' "$out" "negation and feedtitle translated"
hasnt "Last week" "$out" "the untranslated query is not saved"
run import "$D/urls"
has "0 added, 5 already present, 0 saved searches, 5 skipped" "$out" "re-import: searches already present"
run searches --json
[ "$(printf '%s\n' "$out" | grep -c 'Unread China')" -eq 1 ]; ok $? "no duplicate saved search"
run search --save Hikes is:starred
expect_rc 0 "a search saved with --save"
printf '"query:Hikes:unread = \\"no\\""\n"query:Not Bob:unread = \\"no\\""\n' | "$PUNDIT" import - >"$T/out" 2>"$T/err"
has "stdin:1: query \"Hikes\" not imported: a saved search of that name exists (is:starred)" "$(cat "$T/err")" "an existing --save search of another query is kept and reported"
has "stdin:2: query \"Not Bob\" not imported: a saved search of that name exists" "$(cat "$T/err")" "so is one of the sources file"
has "0 added, 0 already present, 0 saved searches, 2 skipped" "$(cat "$T/out")" "from standard input"

# --- export, and the round trip into an empty home
run add --html --xpath "//ul[@class='list']//a[contains(@href, \"/p/\")]" https://idx.example/ china --name "索引 <页> & \"引号\"" --no-fulltext
expect_rc 0 "add an html source"
run add https://plain.example/feed --no-fulltext
run export "$T/out.opml"
expect_rc 0 "export to a file"
has "exported" "$out" "export reports the file"
python3 - "$T/out.opml" <<'EOF'
import sys, xml.dom.minidom as m
doc = m.parse(sys.argv[1])
root = doc.documentElement
assert root.tagName == "opml" and root.getAttribute("version") == "2.0"
body = root.getElementsByTagName("body")[0]
feeds = 0
for o in body.getElementsByTagName("outline"):
    if o.getAttribute("xmlUrl"):
        feeds += 1
        assert o.getAttribute("text") and o.getAttribute("type") == "rss"
        cats = o.getAttribute("category")
        parent = o.parentNode
        if cats:
            # newsboat and Feedly read the folder: it is the first tag
            assert parent.tagName == "outline", o.toxml()
            assert parent.getAttribute("text") == cats.split(",")[0]
        else:
            assert parent.tagName == "body"
searches = [o for o in body.getElementsByTagName("outline")
            if o.getAttributeNS("urn:x-pundit:opml:1", "kind") == "search"]
assert len(searches) == 3 and not any(o.getAttribute("xmlUrl") for o in searches)
assert searches[0].getAttributeNS("urn:x-pundit:opml:1", "query") == "is:unread tag:china"
html = [o for o in body.getElementsByTagName("outline")
        if o.getAttributeNS("urn:x-pundit:opml:1", "kind") == "html"]
assert len(html) == 1 and not html[0].getAttribute("xmlUrl")
assert html[0].getAttribute("htmlUrl") == "https://idx.example/"
assert feeds >= 8, feeds
EOF
ok $? "the export is OPML 2.0 others can read: folders by first tag, html kept apart"
"$PUNDIT" export >"$T/stdout.opml" 2>"$T/err"
grep -q "<opml version=\"2.0\"" "$T/stdout.opml"; ok $? "export to standard output"

grep -n '^query ' "$SOURCES" | head -1 | grep -q '^[0-9]*:query "Unread China"' && tail -n 1 "$SOURCES" | grep -q '^https://plain.example/feed '
ok $? "the sources file has query lines between sources"
cp "$SOURCES" "$T/home1-sources"
XDG_CONFIG_HOME="$T/config2" XDG_DATA_HOME="$T/data2" "$PUNDIT" import "$T/out.opml" >"$T/out" 2>"$T/err"
ok $? "import the export into an empty home"
has "3 saved searches, 0 skipped" "$(cat "$T/out")" "nothing skipped on the round trip"
cmp -s "$T/home1-sources" "$T/config2/pundit/sources"; ok $? "round trip gives the same sources file"
cmp -s "$T/home1-sources" "$T/config2/pundit/sources" || diff "$T/home1-sources" "$T/config2/pundit/sources" | sed 's/^/# /'
XDG_CONFIG_HOME="$T/config2" XDG_DATA_HOME="$T/data2" "$PUNDIT" import "$T/out.opml" >"$T/out" 2>"$T/err"
has " 0 added, " " $(cat "$T/out")" "importing the export again adds nothing"

done_testing
