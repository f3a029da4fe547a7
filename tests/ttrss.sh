#!/bin/sh
# ttrss.sh - pundit sync against a real Tiny Tiny RSS on 127.0.0.1
# (../shared/tools/ttrss-loopback.sh, or TTRSS_LOOPBACK): login errors,
# articles, flags both ways, an offline queue, a server that stops.
. "$(dirname "$0")/lib.sh"

mkdir -p "$XDG_CONFIG_HOME/pundit"
CONF="$XDG_CONFIG_HOME/pundit/config"

# Without a server: the options and their errors.
printf 'set sync ttrss\nset ttrss-url http://127.0.0.1:1/tt-rss/\nset ttrss-user u\nset ttrss-password s3cr3t-pw\n' >"$CONF"
chmod 644 "$CONF"
run sources
has "other users may read it" "$err" "a password in a readable config file: warned"
hasnt "s3cr3t-pw" "$err$out" "the warning does not show the password"
chmod 600 "$CONF"
run sources
hasnt "other users may read it" "$err" "no warning once the file is private"
run sync
expect_rc 1 "sync with the server down"
has "cannot reach the Tiny Tiny RSS server" "$err" "says the server cannot be reached"
hasnt "s3cr3t-pw" "$err$out" "the error does not show the password"
run sync --json
has '"ok":false' "$out" "--json says it failed"
hasnt "s3cr3t-pw" "$out" "--json does not show the password"
run list
expect_rc 0 "the cache still reads with the server down"
printf 'set sync ttrss\nset ttrss-url http://127.0.0.1:1/\nset ttrss-user u\nset ttrss-password-command "false"\n' >"$CONF"
run sync
expect_rc 1 "a failing password command"
has "ttrss-password-command failed (exit status 1)" "$err" "says the command failed"
printf 'set sync ttrss\nset ttrss-url http://127.0.0.1:1/\nset ttrss-user u\nset ttrss-password-command "true"\n' >"$CONF"
run sync
has "printed no password" "$err" "a command that prints nothing"
printf 'set sync feedly\n' >"$CONF"
run sync
has "needs none or ttrss" "$err" "an unknown backend is refused"
printf 'set sync ttrss\n' >"$CONF"
run sync
has "needs ttrss-url" "$err" "a missing URL is named"
: >"$CONF"
run sync
expect_rc 1 "sync when it is off"
has "sync is off" "$err" "says how to turn it on"

# The real server: as root, installed and started by the loopback script.
LOOPBACK=${TTRSS_LOOPBACK:-$top_srcdir/../shared/tools/ttrss-loopback.sh}
if [ "$(id -u)" != 0 ]; then
  skip "sync against Tiny Tiny RSS" "not root: ttrss-loopback.sh installs the server as root"
  done_testing; exit
fi
if [ ! -f "$LOOPBACK" ]; then
  skip "sync against Tiny Tiny RSS" "no $LOOPBACK"
  done_testing; exit
fi
if ! bash "$LOOPBACK" up >"$T/up.log" 2>&1; then
  skip "sync against Tiny Tiny RSS" "ttrss-loopback.sh up failed: $(tail -n 1 "$T/up.log")"
  done_testing; exit
fi
eval "$(bash "$LOOPBACK" env)"
unset no_proxy NO_PROXY http_proxy HTTP_PROXY

# tt OP [JSON]: call the API as admin (python3), print the content.
cat >"$T/tt.py" <<'PY'
import json, sys, urllib.request
api, user, pw, op = sys.argv[1:5]
args = json.loads(sys.argv[5]) if len(sys.argv) > 5 else {}
def call(body):
    req = urllib.request.Request(api, data=json.dumps(body).encode(),
                                 headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=120) as r:
        return json.loads(r.read().decode())
sid = call({"op": "login", "user": user, "password": pw})["content"]["session_id"]
args.update({"sid": sid, "op": op})
print(json.dumps(call(args)["content"]))
PY
tt() { python3 "$T/tt.py" "$TTRSS_API_URL" "$TTRSS_USER" "$TTRSS_PASSWORD" "$@"; }
psql_ttrss() { (cd / && runuser -u postgres -- psql -X -q -At -d ttrss -c "$1"); }

# A feed of 1,000 articles of this run, subscribed on the server.
RUN="$$-$(date +%s)"
FEEDFILE="$TTRSS_FEED_DIR/pundit-$RUN.xml"
FEEDURL="${TTRSS_FEED_URL%/feed.xml}/pundit-$RUN.xml"
python3 - "$FEEDFILE" "$RUN" <<'PY'
import sys
path, run = sys.argv[1:3]
items = "".join(
    "<item><title>Rates note %d of %s</title><link>http://127.0.0.1/%s/%d</link>"
    "<guid isPermaLink=\"false\">%s-%d</guid><pubDate>Mon, 02 Nov 2026 10:%02d:%02d +0000</pubDate>"
    "<description>&lt;p&gt;Body %d: central banks, 加息 and tariffs.&lt;/p&gt;</description></item>\n"
    % (i, run, run, i, run, i, i // 60 % 60, i % 60, i) for i in range(1000))
open(path, "w").write('<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel>'
    "<title>Pundit sync %s</title><link>http://127.0.0.1/</link><description>x</description>%s"
    "</channel></rss>\n" % (run, items))
PY
chmod 644 "$FEEDFILE"
fid=$(tt subscribeToFeed "{\"feed_url\": \"$FEEDURL\"}" | python3 -c 'import json,sys; print(json.load(sys.stdin)["status"]["feed_id"])')
psql_ttrss "INSERT INTO ttrss_feed_categories (owner_uid, title) SELECT id, 'Econ Notes' FROM ttrss_users WHERE login = '$TTRSS_USER' AND NOT EXISTS (SELECT 1 FROM ttrss_feed_categories WHERE title = 'Econ Notes')" >/dev/null 2>&1
psql_ttrss "UPDATE ttrss_feeds SET cat_id = (SELECT id FROM ttrss_feed_categories WHERE title = 'Econ Notes' LIMIT 1) WHERE id = $fid" >/dev/null 2>&1
sh -c "$TTRSS_UPDATE_CMD" >"$T/update.log" 2>&1
n=$(psql_ttrss "SELECT count(*) FROM ttrss_user_entries WHERE feed_id = $fid")
[ "$n" = 1000 ]; ok $? "the server holds the 1,000 articles of the test feed ($n)"

printf '#!/bin/sh\nprintf "%%s\\nnot the password\\n" "%s"\n' "$TTRSS_PASSWORD" >"$T/pw"
chmod 700 "$T/pw"
good_conf() {
  printf 'set sync ttrss\nset ttrss-url %s\nset ttrss-user %s\nset ttrss-password-command %s\n' \
    "$TTRSS_URL" "$TTRSS_USER" "$T/pw" >"$CONF"
  chmod 600 "$CONF"
}
printf 'set sync ttrss\nset ttrss-url %s\nset ttrss-user %s\nset ttrss-password not-the-pw-42\n' \
  "$TTRSS_URL" "$TTRSS_USER" >"$CONF"
chmod 600 "$CONF"
run sync
expect_rc 1 "wrong password"
has "wrong ttrss-user or password" "$err" "wrong password: says so"
hasnt "not-the-pw-42" "$err$out" "wrong password: not shown"
run sources
expect_rc 0 "pundit starts after a refused login"

good_conf
psql_ttrss "UPDATE ttrss_user_prefs SET value = 'false' WHERE pref_name = 'ENABLE_API_ACCESS' AND owner_uid = (SELECT id FROM ttrss_users WHERE login = '$TTRSS_USER')" >/dev/null
run sync
psql_ttrss "UPDATE ttrss_user_prefs SET value = 'true' WHERE pref_name = 'ENABLE_API_ACCESS' AND owner_uid = (SELECT id FROM ttrss_users WHERE login = '$TTRSS_USER')" >/dev/null
expect_rc 1 "API access disabled"
has "API access is off" "$err" "API disabled: says where to turn it on"

# A counting proxy between pundit and the server.
start_proxy() { # start_proxy LOG [ARGS]: sets PROXY_PID, PROXY
  : >"$1"
  rm -f "$T/proxy.port"	# not the last proxy's port
  python3 "$top_srcdir/tests/ttrss-proxy.py" "$@" >"$T/proxy.port" 2>>"$T/proxy.err" &
  PROXY_PID=$!
  for _ in $(seq 1 50); do [ -s "$T/proxy.port" ] && break; sleep 0.1; done
  PROXY="http://127.0.0.1:$(cat "$T/proxy.port")"
}
stop_proxy() { kill "$PROXY_PID" 2>/dev/null; wait "$PROXY_PID" 2>/dev/null; }
src_sql="(SELECT id FROM source WHERE url = '$FEEDURL')"

start_proxy "$T/p1.log"
http_proxy=$PROXY run sync --json
stop_proxy
expect_rc 0 "first sync"
printf '%s\n' "$out" | python3 -c '
import json, sys; r = json.load(sys.stdin)
assert r["ok"] and r["new_articles"] >= 1000 and r["new_feeds"] >= 1, r' 
ok $? "first sync: 1,000 new articles and the new feed"
diag "first sync: $out"
n=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
[ "$n" = 1000 ]; ok $? "the cache holds the feed's 1,000 articles ($n)"
run sources
has "Pundit sync $RUN" "$out" "the feed subscribed on the server is a source"
has "ttrss" "$out" "with the tag ttrss"
has "Econ-Notes" "$out" "its category is a tag"
run search "\"Rates note 500 of $RUN\""
has "Rates note 500 of $RUN" "$out" "server articles are found by search"
run search "加息" --limit 1
expect_rc 0 "and in Chinese"

start_proxy "$T/p2.log"
http_proxy=$PROXY run sync --json
stop_proxy
has '"unchanged":true' "$out" "a sync with nothing new finds nothing"
reqs=$(wc -l <"$T/p2.log")
[ "$reqs" -le 2 ]; ok $? "a sync with nothing new takes at most 2 requests ($reqs)"
diag "no-change sync: $out"

# Read while offline, then sync: the change waits, then reaches the server.
id1=$(sql "SELECT id FROM article WHERE source_id = $src_sql AND read = 0 ORDER BY id LIMIT 1")
sid1=$(sql "SELECT server_id FROM article WHERE id = $id1")
run mark "$id1" read
expect_rc 0 "mark an article read"
n=$(sql "SELECT count(*) FROM sync_queue")
[ "$n" = 1 ]; ok $? "the change waits in the queue ($n)"
http_proxy=http://127.0.0.1:1 run sync
expect_rc 1 "sync while offline fails"
has "cannot reach" "$err" "offline: says the server cannot be reached"
n=$(sql "SELECT count(*) FROM sync_queue")
[ "$n" = 1 ]; ok $? "offline: the change still waits ($n)"
run sources
has "cannot reach the Tiny Tiny RSS server" "$out" "pundit sources shows the server's error"
run sync
expect_rc 0 "sync once back online"
n=$(sql "SELECT count(*) FROM sync_queue")
[ "$n" = 0 ]; ok $? "the queue is empty once the server confirmed ($n)"
u=$(tt getArticle "{\"article_id\": $sid1}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["unread"])')
[ "$u" = False ]; ok $? "the server has the article read ($u)"

# A star set on the server comes back; a flag changed on both sides ends
# as pundit set it.
sid2=$(sql "SELECT server_id FROM article WHERE source_id = $src_sql AND starred = 0 ORDER BY id LIMIT 1 OFFSET 5")
tt updateArticle "{\"article_ids\": \"$sid2\", \"field\": 0, \"mode\": 1}" >/dev/null
id3=$(sql "SELECT id FROM article WHERE source_id = $src_sql AND read = 0 ORDER BY id LIMIT 1 OFFSET 7")
sid3=$(sql "SELECT server_id FROM article WHERE id = $id3")
run mark "$id3" read
tt updateArticle "{\"article_ids\": \"$sid3\", \"field\": 2, \"mode\": 1}" >/dev/null
run sync --json
expect_rc 0 "sync after changes on both sides"
s=$(sql "SELECT starred FROM article WHERE server_id = $sid2")
[ "$s" = 1 ]; ok $? "a star set on the server reached the cache"
r=$(sql "SELECT read FROM article WHERE id = $id3")
u=$(tt getArticle "{\"article_id\": $sid3}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["unread"])')
[ "$r" = 1 ] && [ "$u" = False ]; ok $? "conflict: pundit's change wins on both sides (local read $r, server unread $u)"
tt updateArticle "{\"article_ids\": \"$sid2\", \"field\": 2, \"mode\": 0}" >/dev/null
run sync --json
r=$(sql "SELECT read FROM article WHERE server_id = $sid2")
[ "$r" = 1 ]; ok $? "a read on the server reached the cache"

# kill -9 in the middle of a sync: the queue is intact, sent once later.
id4=$(sql "SELECT id FROM article WHERE source_id = $src_sql AND starred = 0 ORDER BY id LIMIT 1 OFFSET 20")
sid4=$(sql "SELECT server_id FROM article WHERE id = $id4")
run mark "$id4" star
start_proxy "$T/p3.log" --hang-after 0
http_proxy=$PROXY "$PUNDIT" sync >/dev/null 2>&1 &
pid=$!
sleep 2
kill -9 "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
stop_proxy
n=$(sql "SELECT count(*) FROM sync_queue")
[ "$n" = 1 ]; ok $? "kill -9 during a sync leaves the queue intact ($n)"
run sync
expect_rc 0 "the next sync works"
m=$(tt getArticle "{\"article_id\": $sid4}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["marked"])')
[ "$m" = True ] && [ "$(sql "SELECT count(*) FROM sync_queue")" = 0 ]; ok $? "and sends the star ($m)"

# The server stops in the middle of a first sync: a clear error, what was
# stored stays, the next sync completes.
export XDG_DATA_HOME="$T/data2"
DB="$XDG_DATA_HOME/pundit/pundit.db"
start_proxy "$T/p4.log" --fail-after 5
http_proxy=$PROXY run sync
stop_proxy
expect_rc 1 "the server stops during a sync"
has "cannot reach the Tiny Tiny RSS server" "$err" "says so"
n=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
diag "articles stored before the server stopped: $n"
run list --limit 1
expect_rc 0 "the cache reads after the interrupted sync"
run sync
expect_rc 0 "the next sync completes"
n=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
[ "$n" = 1000 ]; ok $? "with every article ($n)"

# The interface: R syncs in a child process while the lists stay usable.
if command -v tmux >/dev/null 2>&1; then
SOCK="pundit-ttrss-$$"
X() { tmux -L "$SOCK" -f /dev/null "$@"; }
trap 'X kill-server 2>/dev/null; cleanup' EXIT
# The wrapper notes pundit's pid, its exit status and the terminal's modes.
cat >"$T/tui" <<EOT
#!/bin/sh
echo \$\$ > "$T/tui.pid"
"$PUNDIT" "\$@"
echo "EXIT=\$?"
stty -a > "$T/stty"
exec sleep 600
EOT
chmod +x "$T/tui"
screen() { X capture-pane -p -t t; }
# wait_for TEXT [SECONDS]: until the screen shows TEXT (10 s by default).
wait_for() {
  _n=$((${2:-10} * 10))
  while [ "$_n" -gt 0 ]; do
    case "$(screen)" in *"$1"*) return 0 ;; esac
    sleep 0.1; _n=$((_n - 1))
  done
  return 1
}
see() { # see TEXT DESCRIPTION [SECONDS]
  if wait_for "$1" "${3:-10}"; then ok 0 "$2"; else ok 1 "$2"; diag "wanted: $1"; screen | sed 's/^/# /'; fi
}
keys() { X send-keys -t t "$@"; sleep 0.3; }
tui_start() { # tui_start [ENV=VALUE...]: pundit in a 150x30 tmux window
  X kill-session -t t 2>/dev/null
  rm -f "$T/stty" "$T/tui.pid" "$XDG_DATA_HOME/pundit/tui-state"
  X new-session -d -s t -x 150 -y 30 env XDG_DATA_HOME="$XDG_DATA_HOME" "$@" "$T/tui"
  wait_for "pundit:"
}
tui_pid() { pgrep -P "$(cat "$T/tui.pid")" -x pundit | head -1; }
# The sync children of pundit PID (`pundit ... sync --progress`).
sync_kids() { pgrep -P "$1" -f 'sync --progress'; }
zombies() { ps -o stat= --ppid "$1" | grep -c '^Z'; }
sane() {
  for _ in $(seq 1 50); do [ -s "$T/stty" ] && break; sleep 0.1; done
  [ -s "$T/stty" ] && ! grep -q -e '-icanon' -e '-echo ' "$T/stty"
}

# A new cache, the server's feed not in it yet: R brings it.
export XDG_DATA_HOME="$T/data3"
DB="$XDG_DATA_HOME/pundit/pundit.db"
good_conf
tui_start
see "Sources" "tui: starts with sync set"
hasnt "Pundit sync $RUN" "$(screen)" "tui: the server's feed is not there before R"
keys R
see "Syncing with the server:" "tui: R shows the sync's progress on the status bar"
wait_for "synced with the server:" 180
# At least the test feed's (other feeds of the server may be new too).
n=$(screen | sed -n 's/.*synced with the server: \([0-9]*\) new articles.*/\1/p')
[ "${n:-0}" -ge 1000 ]; ok $? "tui: R ends with the sync's summary ($n new articles)"
[ "${n:-0}" -ge 1000 ] || screen | sed 's/^/# /'
see "Pundit sync $RUN" "tui: the server's feed is in the source list after the sync"
n=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
[ "$n" = 1000 ]; ok $? "tui: the child stored the 1,000 articles ($n)"
pid=$(tui_pid)
[ -n "$pid" ] && [ -z "$(sync_kids "$pid")" ] && [ "$(zombies "$pid")" = 0 ]
ok $? "tui: the sync child is reaped, no zombie"
# The articles, the newest first: mark it read, R again: the server has it.
keys Enter
see "Rates note 999 of $RUN" "tui: the server's articles are listed"
# Tab: an unread one (whatever the order of ties), u marks it read.
keys Tab
keys u
n=$(sql "SELECT count(*) FROM sync_queue WHERE flag = 0 AND value = 1")
[ "$n" = 1 ]; ok $? "tui: u queues the read for the server ($n)"
sidq=$(sql "SELECT a.server_id FROM sync_queue q JOIN article a ON a.id = q.article_id")
u=$(tt getArticle "{\"article_id\": $sidq}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["unread"])')
[ "$u" = True ]; ok $? "tui: the server has it unread before R ($u)"
keys R
see "1 sent" "tui: the summary counts the change sent" 60
u=$(tt getArticle "{\"article_id\": $sidq}" | python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["unread"])')
[ "$u" = False ]; ok $? "tui: R sent the read to the server ($u)"
n=$(sql "SELECT count(*) FROM sync_queue")
[ "$n" = 0 ]; ok $? "tui: the queue is empty after R ($n)"
# r in the list of a server's feed syncs too (fetched directly, its
# articles would be stored twice).
keys r
see "synced with the server: nothing changed" "tui: r on a server's feed syncs" 60
hasnt "comes from the sync server" "$(screen)" "tui: and does not try to fetch it"
n=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
[ "$n" = 1000 ]; ok $? "tui: still 1,000 articles ($n)"
keys q
keys q
for _ in $(seq 1 30); do [ -s "$T/stty" ] && break; sleep 0.1; done
case "$(screen)" in *EXIT=0*) ok 0 "tui: q quits after syncs" ;; *) ok 1 "tui: q quits after syncs"; screen | sed 's/^/# /' ;; esac

# The server unreachable: the error on the status line and in E, and the
# interface goes on.
printf 'set sync ttrss\nset ttrss-url http://127.0.0.1:1/tt-rss/\nset ttrss-user u\nset ttrss-password x\n' >"$CONF"
tui_start
keys R
see "cannot reach the Tiny Tiny RSS server" "tui: an unreachable server: the error on the status line"
pid=$(tui_pid)
[ -n "$pid" ] && kill -0 "$pid" && [ "$(zombies "$pid")" = 0 ] && [ -z "$(sync_kids "$pid")" ]
ok $? "tui: still running after the failed sync, the child reaped"
keys E
see "Errors" "tui: E opens the errors view"
screen | grep -q "^ *sync .*cannot reach the Tiny Tiny RSS server"
ok $? "tui: the errors view lists the sync's error"
screen | grep -q "Pundit sync .*cannot reach the Tiny Tiny RSS server"
ok $? "tui: and on the server's source, as pundit sources shows it"
keys q
keys '?'
see "Keys in" "tui: the keys still work after the error"
keys q
keys q
for _ in $(seq 1 30); do [ -s "$T/stty" ] && break; sleep 0.1; done
case "$(screen)" in *EXIT=0*) ok 0 "tui: quits after the failed sync" ;; *) ok 1 "tui: quits after the failed sync" ;; esac

# Quitting or SIGTERM while a sync hangs: the child is stopped and
# reaped, the terminal restored, the queue intact.
good_conf
idq=$(sql "SELECT id FROM article WHERE source_id = $src_sql AND starred = 0 ORDER BY id LIMIT 1 OFFSET 40")
run mark "$idq" star
for how in q TERM; do
  start_proxy "$T/p5.log" --hang-after 0
  tui_start http_proxy="$PROXY"
  keys R
  see "Syncing with the server:" "tui ($how): the sync runs"
  pid=$(tui_pid)
  kid=$(sync_kids "$pid")
  [ -n "$kid" ]; ok $? "tui ($how): in a child process"
  if [ -n "$kid" ] && ! grep -q "$TTRSS_PASSWORD" "/proc/$kid/cmdline" && grep -q -- '--progress' "/proc/$kid/cmdline"; then
    ok 0 "tui ($how): the password is not on its command line"
  else ok 1 "tui ($how): the password is not on its command line"; fi
  keys '?'
  see "Keys in" "tui ($how): keys work while it syncs"
  see "Syncing with the server:" "tui ($how): the progress stays on the status bar"
  keys q
  if [ "$how" = q ]; then
    keys R
    see "a sync with the server is running already" "tui: a second R while it syncs starts none, and says so"
    n=$(sync_kids "$pid" | wc -l)
    [ "$n" = 1 ]; ok $? "tui: one sync child ($n)"
  fi
  if [ "$how" = q ]; then keys q; else kill -TERM "$pid"; fi
  sane; ok $? "tui ($how): the terminal is restored"
  want=0; [ "$how" = TERM ] && want=143
  case "$(screen)" in *"EXIT=$want"*) ok 0 "tui ($how): pundit ended (exit $want)" ;; *) ok 1 "tui ($how): pundit ended (exit $want)"; screen | sed 's/^/# /' ;; esac
  ! kill -0 "$kid" 2>/dev/null; ok $? "tui ($how): the sync child is gone"
  stop_proxy
  n=$(sql "SELECT count(*) FROM sync_queue")
  [ "$n" = 1 ]; ok $? "tui ($how): the queue is intact ($n)"
done
X kill-server 2>/dev/null
else
  skip "the interface's sync" "tmux not installed"
fi

# Unsubscribed on the server (which also leaves it as it was): the source
# and its articles stay, marked, and nothing fetches it any more.
good_conf
n0=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
tt unsubscribeFeed "{\"feed_id\": $fid}" >/dev/null
rm -f "$FEEDFILE"
run sync --json
expect_rc 0 "a sync after the feed was unsubscribed on the server"
printf '%s\n' "$out" | python3 -c '
import json, sys; r = json.load(sys.stdin)
assert r["ok"] and r["gone_feeds"] >= 1, r'
ok $? "the sync counts the feed gone from the server ($out)"
n1=$(sql "SELECT count(*) FROM article WHERE source_id = $src_sql")
[ "$n1" = "$n0" ] && [ "$n1" -gt 0 ]; ok $? "its articles are kept ($n0 then $n1)"
run sources
case "$out" in *"Pundit sync $RUN"*"unsubscribed on the sync server"*) r=0 ;; *) r=1 ;; esac
ok $r "pundit sources says the feed was unsubscribed on the server"
run sync
expect_rc 0 "the next sync"
run sources
case "$out" in *"Pundit sync $RUN"*"unsubscribed on the sync server"*) r=0 ;; *) r=1 ;; esac
ok $r "and still says so after the next sync"
done_testing
