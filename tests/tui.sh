#!/bin/sh
# tui.sh - the terminal interface, run for real in tmux: keys, screens,
# resize with Chinese titles, background refresh, hostile titles, $BROWSER.
. "$(dirname "$0")/lib.sh"
command -v tmux >/dev/null 2>&1 || { skip "tui in tmux" "tmux not installed"; done_testing; exit 0; }
command -v python3 >/dev/null 2>&1 || { skip "tui in tmux" "python3 not installed"; done_testing; exit 0; }
SEED="$top_builddir/tests/seed"
ESC=$(printf '\033')
SOCK="pundit-test-$$"
X() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'X kill-server 2>/dev/null; cleanup' EXIT
start_httpd

mkdir -p "$XDG_CONFIG_HOME/pundit"
cat >"$SOURCES" <<EOT
https://think.example/feed/ econ "~Think Example"
https://zh.example/feed/ china "~中文评论"
$BASE/drip-fast?ms=1500 slow "~Slow"
$BASE/gen/live?items=3 "~Live"
EOT
cat >"$XDG_CONFIG_HOME/pundit/config" <<'EOT'
bind x star
bind Q no-such-action
color bogus red blue
color title red blue nosuchattr
EOT
run sources; expect_rc 0 "the cache is set up"
{
  i=1
  while [ $i -le 60 ]; do
    printf 'https://think.example/feed/\tg%d\tArticle number %d about productivity\tAnn Author\t%d\thttps://think.example/a/%d\t-\t<p>%s</p><p>Second para with <a href="https://x.example/l%d">a link</a>.</p>\n' \
      $i $i $((1714560000 + i * 3600)) $i "$(printf 'Paragraph %d text. ' $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i $i)" $i
    i=$((i + 1))
  done
  printf 'https://zh.example/feed/\tzh1\t硅谷银行倒闭之后：美联储加息周期的终点与新兴市场的资本流动压力分析\t-\t%d\thttps://zh.example/1\t-\t<p>%s</p>\n' \
    $((1714560000 + 100 * 3600)) "$(python3 -c 'print("加息周期接近尾声，新兴市场的资本流动压力有所缓解。" * 30)')"
  printf 'https://zh.example/feed/\tesc1\tEvil \\x1b]0;pwned\\x07title \\x1b[31mred\\x1b[0m \\xe2\\x80\\xaeend\t-\t%d\thttp://127.0.0.1/a b;$(touch %s/pwned)`id`\x27"&|\t-\t<p>x</p>\n' \
    $((1714560000 + 101 * 3600)) "$T"
} | "$SEED" "$DB" >/dev/null
ok $? "seeded 62 articles"
# The newest article's page failed: the reader says so under the byline.
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE article SET fulltext_error = ?, fulltext_tries = 1, fulltext_next = 4102444800 WHERE guid = ?", ("HTTP 404 Not Found from https://think.example/a/60", "g60")); c.commit()' "$DB"
run search --save Productive productivity -tag:china
expect_rc 0 "a saved search"

# $BROWSER records its argv, one argument a line, then how many.
cat >"$T/browser" <<EOT
#!/bin/sh
for a in "\$@"; do printf '%s\n' "\$a"; done > "$T/argv"
echo "\$#" > "$T/argc"
EOT
chmod +x "$T/browser"
# With job control, as in an interactive shell: ^Z stops pundit, and the
# script brings it back (fg) when the test says so.
# A status of 148 (128 + SIGTSTP) is a stop; anything else an exit, after
# which the terminal's modes are noted.
cat >"$T/run" <<EOT
#!/bin/bash
set -m
# A child dead of SIGINT would end this script too (bash's rule).
trap : INT
echo \$\$ > "$T/wrapper.pid"
BROWSER="$T/browser" "$PUNDIT"
st=\$?
while [ \$st -eq 148 ]; do
  echo "STOPPED"
  while [ ! -e "$T/go" ]; do sleep 0.1; done
  rm -f "$T/go"
  fg >/dev/null
  st=\$?
done
echo "EXIT=\$st"
stty -a > "$T/stty"
exec sleep 600
EOT
chmod +x "$T/run"

screen() { X capture-pane -p -t t; }
# wait_for TEXT: until the screen shows TEXT (5 s at most); 1 if never.
wait_for() {
  for _ in $(seq 1 50); do
    case "$(screen)" in *"$1"*) return 0 ;; esac
    sleep 0.1
  done
  return 1
}
# see TEXT DESCRIPTION: the screen shows TEXT.
see() { wait_for "$1"; ok $? "$2"; [ $? -eq 0 ] || { :; }; }
see() {
  if wait_for "$1"; then ok 0 "$2"; else ok 1 "$2"; diag "wanted: $1"; screen | sed 's/^/# /'; fi
}
keys() { X send-keys -t t "$@"; sleep 0.3; }
start() { # start WIDTH HEIGHT [ENV=VALUE...]
  w=$1 h=$2; shift 2
  X kill-session -t t 2>/dev/null
  rm -f "$T/stty"
  X new-session -d -s t -x "$w" -y "$h" env "$@" "$T/run"
  wait_for "pundit:"
}
pundit_pid() { pgrep -P "$(cat "$T/wrapper.pid")" | head -1; }
# The terminal is back in its usual modes after pundit ended.
sane() {
  for _ in $(seq 1 30); do [ -s "$T/stty" ] && break; sleep 0.1; done
  [ -s "$T/stty" ] || return 1
  ! grep -q -e '-icanon' -e '-echo ' "$T/stty"
}
# Mouse events as xterm's X10 encoding: button, column and row (0-based).
mouse() { # mouse BUTTON-BYTE X Y
  X send-keys -t t -l "$(printf '\033[M%b%b%b' "\\0$(printf %o "$1")" \
    "\\0$(printf %o $((33 + $2)))" "\\0$(printf %o $((33 + $3)))")"
  sleep 0.3
}
click() { mouse 32 "$1" "$2"; mouse 35 "$1" "$2"; }	# press, release
wheel_up() { mouse 96 10 10; }
wheel_down() { mouse 97 10 10; }
row() { screen | sed -n "$(($1 + 1))p"; }
# widths: every line of the screen fits in W columns, counted by Python.
fits() {
  screen | python3 -c '
import sys, unicodedata
w = int(sys.argv[1])
bad = [l for l in sys.stdin.read().split("\n")
       if sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l) > w]
sys.exit(1 if bad else 0)' "$1"
}

# --- start: the source list, config problems reported with file:line
start 100 30
see "All articles" "the source list shows All articles"
see "Think Example" "the source list shows a source"
see "config:2: unknown action: no-such-action" "a bad bind line is shown with its line"
keys E
see "config:3: unknown colour element" "the error view lists a bad color element"
see "config:4: unknown attribute" "the error view lists a bad attribute"
keys q

# --- the saved search of the sources file is a virtual source, counted
see "Search Productive" "a saved search is listed as a source"
# line_has A B: a line of the screen shows A and B (5 s at most).
line_has() {
  for _ in $(seq 1 50); do
    screen | grep -F -- "$1" | grep -q -F -- "$2" && return 0
    sleep 0.1
  done
  return 1
}
line_has "Search Productive" "60/60"; ok $? "its counts come in when the keys are idle"
see "Tag econ" "tag groups follow the sources"

# --- navigate: Think Example is the 5th entry; open its list
keys j j j j
keys Enter
see "Article number 60 about productivity" "the list shows the newest article first"
see "1/60" "the status bar counts the rows"
keys G
see "Article number 1 about productivity" "G goes to the last article"
see "60/60" "G selects the last row"
keys g
keys Enter
see "Source:  Think Example" "Enter opens the reader with a byline"
see "Paragraph 60 text." "the reader shows the body"
see "Full text: HTTP 404 Not Found" "the reader says why there is no full text"
see "retry after" "and when its page is tried again"
r=$(sql "SELECT read FROM article WHERE guid = 'g60'")
[ "$r" = 1 ]; ok $? "opening an article marks it read"
keys G
see "[1] https://x.example/l60" "G scrolls to the numbered links"
see "100%" "the status bar says the end is shown"
keys g
see "Author:  Ann Author" "g scrolls back to the top"
keys s
see "starred" "s stars the article"
r=$(sql "SELECT starred FROM article WHERE guid = 'g60'")
[ "$r" = 1 ]; ok $? "the star is stored"
keys u
see "marked unread" "u marks the article unread"
r=$(sql "SELECT read FROM article WHERE guid = 'g60'")
[ "$r" = 0 ]; ok $? "unread is stored"
keys 1 o
n=$(cat "$T/argc" 2>/dev/null)
a=$(cat "$T/argv" 2>/dev/null)
[ "$n" = 1 ] && [ "$a" = "https://x.example/l60" ]; ok $? "1o opens link 1 in \$BROWSER ($a)"
see "Paragraph 60 text." "the reader is drawn again after the browser"
keys J
see "Article number 59 about productivity" "J reads the next article"
keys '?'
see "Keys in Reader" "? shows the keys of the reader"
see "star or unstar the article (star)" "help text and action name come from the table"
see "x, s" "a key bound in the config is listed for its action"
see "read the next article (next-article)" "reader actions listed"
keys q q
see "N* 2024-05-03 22:40" "the list shows article 60 unread and starred"
keys x
r=$(sql "SELECT starred FROM article WHERE guid = 'g59'")
[ "$r" = 1 ]; ok $? "a key bound with bind works (x stars)"
keys t
see "Tags:" "t asks for tags"
keys to-cite Enter
see "tags saved" "a new tag is saved"
keys j t e c Tab
see "Tags: econ" "Tab completes a known tag"
keys to- Tab
see "Tags: econ to-cite" "Tab completes a tag used before"
keys Enter
tags() {
  sql "SELECT group_concat(name, ' ') FROM (SELECT t.name AS name FROM article_tag x JOIN article a ON a.id = x.article_id JOIN tag t ON t.id = x.tag_id WHERE a.guid = '$1' ORDER BY t.name)"
}
r=$(tags g58)
[ "$r" = "econ to-cite" ]; ok $? "the completed tags are stored ($r)"
see "econ to-cite" "the list shows the tags"
keys q

# --- Chinese titles at widths 40, 41, 79 and 80: cut whole, with …
keys k k k k k k
keys Enter g
see "硅谷银行" "the Chinese title is shown"
for w in 40 41 79 80; do
  X resize-window -t t -x $w -y 30; sleep 0.4
  wait_for "…"; ok $? "width $w: the long Chinese title ends in …"
  fits $w; ok $? "width $w: no line is wider than the window"
  line=$(screen | grep '硅谷')
  case "$line" in *"�"*) ok 1 "width $w: no broken character";; *) ok 0 "width $w: no broken character";; esac
done
X resize-window -t t -x 100 -y 30; sleep 0.3

# --- the hostile title: sanitised, nothing of it reaches the terminal
see "Evil title red end" "the escape-laden title is shown cleaned"
e=$(X capture-pane -p -e -t t)
hasnt "pwned" "$e" "the OSC payload never reaches the screen"
hasnt "${ESC}]" "$e" "no OSC sequence on the screen"
t=$(X display-message -p -t t '#{pane_title}')
[ "$t" != "pwned" ]; ok $? "the window title was not set by a feed"
keys o
n=$(cat "$T/argc" 2>/dev/null)
a=$(cat "$T/argv" 2>/dev/null)
[ "$n" = 1 ]; ok $? "the link with shell metacharacters is one argument ($n)"
[ "$a" = "http://127.0.0.1/a b;\$(touch $T/pwned)\`id\`'\"&|" ]; ok $? "the argument arrives as it was ($a)"
[ ! -e "$T/pwned" ]; ok $? "nothing in it was executed"

# --- resize mid-article
keys j Enter
see "加息周期" "the Chinese article opens"
keys G
X resize-window -t t -x 40 -y 20; sleep 0.5
fits 40; ok $? "after resizing to 40 columns every line fits"
see "加息周期" "the article is wrapped again after the resize"
X resize-window -t t -x 100 -y 30; sleep 0.5
see "加息周期" "and again at 100 columns"
keys q q

# --- search: English and Chinese, results with snippets, open a hit
keys /
see "Search:" "/ asks for a query"
keys "number 42" Enter
see "Article number 42 about productivity" "an English search finds the article"
see "1/1" "only the one article matches"
keys Enter
see "Paragraph 42 text." "a search hit opens in the reader"
keys q /
keys "加息 tag:china" Enter
see "硅谷银行倒闭之后" "a Chinese search finds the Chinese article"
see "加息周期" "the hit shows a snippet"
keys /
keys "\"unclosed" Enter
see "unterminated quote" "a bad query is explained"
keys q q

# --- background refresh: keys work while the slow source downloads
keys g R
see "Refreshing" "R starts a refresh shown in the status bar"
keys '?'
see "Keys in Sources" "keys are handled during the refresh"
keys q
wait_for "3/3" ; ok $? "new articles of the refreshed source are counted live"
see "Live" "the refreshed source is listed"
for _ in $(seq 1 30); do case "$(screen)" in *Refreshing*) sleep 0.2 ;; *) break ;; esac; done
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'Slow'")
[ "$n" -eq 2 ]; ok $? "the slow source was stored in the background ($n)"

# --- suspend and resume; SIGTERM restores the terminal; restart in place
pid=$(pgrep -P "$(cat "$T/wrapper.pid")" | head -1)
[ -n "$pid" ]; ok $? "found pundit's pid"
kill -TSTP "$pid"
see "STOPPED" "SIGTSTP stops pundit"
hasnt "pundit:" "$(screen)" "SIGTSTP gives the terminal back"
touch "$T/go"
see "pundit:" "fg redraws the screen"
keys g j j j j Enter g
keys j Enter
see "Article number 59" "back in a reader"
keys j j j
kill -TERM "$pid"
see "EXIT=143" "SIGTERM ends pundit with 128 + 15"
hasnt "pundit:" "$(screen)" "the terminal is restored after SIGTERM"
sane; ok $? "the terminal modes are restored after SIGTERM"
start 100 30
see "Article number 59" "a restart opens the same article again"

keys q q q
see "EXIT=0" "q from the source list quits with status 0"
hasnt "All articles" "$(screen)" "q restores the terminal"

# --- tag groups: the tags of sources and of articles after the sources;
# one opens its sources' articles and the articles tagged with it
start 100 30
keys g
n=$(sql "SELECT count(*) FROM article_tag x JOIN tag t ON t.id = x.tag_id WHERE t.name = 'to-cite'")
line_has "Tag to-cite" "/$n"; ok $? "an article's tag is a group, counted ($n)"
keys G
see "12/12" "the tag groups end the list"
keys Enter
see "Article number 58 about productivity" "the group of an article tag lists its articles"
see "1/$n" "and only them"
keys q
line_has "Tag econ" "/60"; ok $? "the group of a source's tag counts the source's articles"
k=$(screen | grep -A1 "Tag econ" | tail -1)
case "$k" in *"Think Example"*) ok 1 "folded, a group shows no sources" ;; *) ok 0 "folded, a group shows no sources" ;; esac
keys T
see "tag groups show their sources" "T unfolds the groups"
k=$(screen | grep -A1 "Tag econ" | tail -1)
case "$k" in *"  Think Example"*) ok 0 "the source is listed under its tag" ;; *) ok 1 "the source is listed under its tag"; diag "$k" ;; esac
keys T
see "tag groups folded" "T folds them again"
[ "$(screen | grep -c "Think Example")" -eq 1 ]; ok $? "the source is listed once"

# --- the mouse: a click selects, a click on the selection opens it, the
# wheel scrolls; row 1 is the first entry
keys g
click 20 5
see "5/12" "a click selects the entry under it"
click 20 5
see "Article number 60 about productivity" "a click on the selected entry opens it"
click 20 3
see "3/60" "a click selects an article"
click 20 3
see "Source:  Think Example" "a second click opens it"
X resize-window -t t -x 100 -y 12; sleep 0.3
case "$(row 1)" in *"Article number 58"*) ok 0 "the reader starts at the title" ;; *) ok 1 "the reader starts at the title" ;; esac
wheel_down
case "$(row 1)" in *"Article number 58"*) ok 1 "the wheel scrolls the reader down" ;; *) ok 0 "the wheel scrolls the reader down" ;; esac
wheel_up
case "$(row 1)" in *"Article number 58"*) ok 0 "and up again" ;; *) ok 1 "and up again" ;; esac
# A click on a link's number opens it; a click elsewhere opens nothing.
rm -f "$T/argv" "$T/argc"
click 3 1
[ ! -e "$T/argc" ]; ok $? "a click on the title opens nothing"
keys G
# pos TEXT: "COLUMN ROW" (0-based) of TEXT's first character on the screen.
pos() { screen | python3 -c '
import sys
for y, l in enumerate(sys.stdin.read().split("\n")):
    if sys.argv[1] in l:
        print(len(l[:l.index(sys.argv[1])]), y); break' "$1"; }
p=$(pos "[1] https://x.example/l58")
if [ -n "$p" ]; then
  set -- $p
  click $(($1 + 1)) "$2"
fi
a=$(cat "$T/argv" 2>/dev/null)
[ "$a" = "https://x.example/l58" ]; ok $? "a click on a link's number opens it in \$BROWSER ($a at ${p:-nowhere})"
see "Links:" "the reader is drawn again after the browser"
keys g
keys q
wheel_down
see "6/60" "the wheel moves through the article list"
[ "$(X display -p -t t '#{mouse_standard_flag}')" = 1 ]; ok $? "the terminal reports the mouse"

# --- find in the reader: / then n and N
keys g Enter
pct() { screen | tail -2 | head -1 | grep -o '[0-9]*%' | tail -1 | tr -d %; }
keys / link Enter
p1=$(pct)
keys n
p2=$(pct)
keys N
p3=$(pct)
[ -n "$p1" ] && [ -n "$p2" ] && [ "$p2" -gt "$p1" ]; ok $? "n goes on to the next match ($p1% then $p2%)"
[ "$p3" = "$p1" ]; ok $? "N goes back to the one before ($p3%)"
keys n n n
see "not found" "past the last match, n says so"
X resize-window -t t -x 100 -y 30; sleep 0.3
keys q q
printf 'set mouse no\n' >>"$XDG_CONFIG_HOME/pundit/config"
keys q
see "EXIT=0" "quit"
start 100 30
see "All articles" "started with set mouse no"
[ "$(X display -p -t t '#{mouse_any_flag}')" = 0 ]; ok $? "set mouse no leaves the mouse to the terminal"

# --- signals: the terminal comes back, and pundit dies of the signal
kill -INT "$(pundit_pid)"
see "EXIT=130" "SIGINT ends pundit with 128 + 2"
hasnt "pundit:" "$(screen)" "the terminal is restored after SIGINT"
sane; ok $? "the terminal modes are restored after SIGINT"
start 100 30
kill -HUP "$(pundit_pid)"
see "EXIT=129" "SIGHUP ends pundit with 128 + 1"
sane; ok $? "the terminal modes are restored after SIGHUP"

# --- colours, and none with NO_COLOR
sgr_color() { X capture-pane -p -e -t t | grep -qE "$ESC\[([0-9]+;)*(3[0-7]|4[0-7])(;[0-9]+)*m"; }
start 100 30
sgr_color; ok $? "the title bar has colours"
keys q
start 100 30 NO_COLOR=1
see "All articles" "NO_COLOR: the interface starts"
sgr_color; [ $? -ne 0 ]; ok $? "NO_COLOR: no colour reaches the terminal"
X capture-pane -p -e -t t | grep -q "$ESC\[[0-9;]*7m"; ok $? "NO_COLOR: the title bar in reverse video"
keys q

# --- not a terminal: no interface, the sources as before
run </dev/null
expect_rc 0 "no command without a terminal"
has "Think Example" "$out" "prints the sources instead"
done_testing
