#!/bin/sh
# faults.sh - the cache under faults: a full disk during a refresh, a
# read-only cache, two pundits writing at once, a damaged file, SIGKILL
# during a refresh and during a tag edit. After each, every article, tag,
# read and star flag committed before is still there (or, for a damaged
# file, everything outside the damaged part, and the damaged file is kept),
# and pundit said in plain words what went wrong and exited with 1.
. "$(dirname "$0")/lib.sh"
# Debian's python3 directly: a version manager's shim in PATH can take
# seconds a call on a loaded machine, and this test calls it often.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
http() {
  $PY -c 'import sys, urllib.request; sys.stdout.write(urllib.request.urlopen(sys.argv[1]).read().decode())' "$BASE$1"
}
sql() {
  $PY -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); print(c.execute(sys.argv[2]).fetchone()[0])' "$DB" "$1"
}
start_httpd
D="$XDG_DATA_HOME/pundit"
mkdir -p "$XDG_CONFIG_HOME/pundit"
for i in 1 2 3 4; do
  echo "$BASE/gen/f$i?items=60&size=2000 \"~F$i\"" >>"$SOURCES"
done

# The user's state, one line an article: source, guid, read, starred, tags.
cat >"$T/state.py" <<'PY'
import os, re, sqlite3, sys
drop = re.compile(os.environ.get("STATE_DROP", "^$"))
c = sqlite3.connect(sys.argv[1])
for row in c.execute("""
    SELECT s.url, a.guid, a.read, a.starred,
      (SELECT group_concat(name, ',') FROM (SELECT t.name FROM article_tag at
        JOIN tag t ON t.id = at.tag_id WHERE at.article_id = a.id
        ORDER BY t.name))
    FROM article a JOIN source s ON s.id = a.source_id ORDER BY 1, 2"""):
    row = list(row)
    row[4] = ",".join(t for t in (row[4] or "").split(",") if t and not drop.match(t))
    print("\t".join("" if v is None else str(v) for v in row))
PY
# state NAME [DB]: save the state as $T/NAME.state (tags matching the
# regular expression $STATE_DROP left out).
state() {
  STATE_DROP="${STATE_DROP:-^$}" $PY "$T/state.py" "${2:-$DB}" |
    LC_ALL=C sort >"$T/$1.state"
}
t0=$(date +%s)
# section NAME: note the time spent so far.
section() { diag "$1 (at $(($(date +%s) - t0)) s)"; }
# kept OLD NEW DESCRIPTION: every line of state OLD is in state NEW.
kept() {
  LC_ALL=C comm -23 "$T/$1.state" "$T/$2.state" >"$T/lost"
  [ ! -s "$T/lost" ] && [ -s "$T/$1.state" ]; ok $? "$3"
  if [ -s "$T/lost" ]; then
    diag "$(wc -l <"$T/lost") lines of $1 lost, the first:" "$(head -3 "$T/lost")"
  fi
}
# same OLD NEW DESCRIPTION: the two states are equal.
same() {
  cmp -s "$T/$1.state" "$T/$2.state"; ok $? "$3"
}
# sound DESCRIPTION: pundit check finds nothing wrong.
sound() {
  run check
  [ "$rc" -eq 0 ] && case "$out" in *problem:*) false ;; esac
  ok $? "$1: pundit check finds the cache sound"
  [ "$rc" -eq 0 ] || diag "$out" "$err"
}
# no_raw_sqlite DESCRIPTION: what pundit said is not a bare SQLite error.
no_raw_sqlite() {
  case "$err" in
  *"database is locked"*|*"disk I/O error"*|*"attempt to write a readonly"*)
    ok 1 "$1: no bare SQLite error"; diag "$err" ;;
  *) ok 0 "$1: no bare SQLite error" ;;
  esac
}
# rnd MAX SEED: a random number of seconds in [0, MAX) (dash has no $RANDOM).
rnd() { awk -v m="$1" -v s="$2" 'BEGIN { srand(s); printf "%.3f", rand() * m }'; }

run fetch --quiet
expect_rc 0 "a first fetch"
total=$(sql "SELECT count(*) FROM article")
[ "$total" -eq 240 ]; ok $? "240 articles stored ($total)"
run tag 1 +econ +to-cite
run tag 2 +china
run tag 70 +econ
run mark 3 4 70 read
run mark 5 star
run mark 1 read
state base
diag "$(grep -c '	1	' "$T/base.state") articles read or starred"

section "disk full"
# 1. Disk full during a refresh: RLIMIT_FSIZE (SIGXFSZ ignored, writes fail
#    with EFBIG) and, as root, a small tmpfs (ENOSPC).
http "/control?version=2" >/dev/null
echo "$BASE/gen/big?items=300&size=20000 \"~Big\"" >>"$SOURCES"
run list --json
echo "$out" >"$T/list.before"
(ulimit -f 512; exec "$PUNDIT" fetch --quiet) >"$T/out" 2>"$T/err"
rc=$?
err=$(cat "$T/err")
expect_rc 1 "disk full (RLIMIT_FSIZE): the fetch fails, not killed by SIGXFSZ"
has "reached the file size limit" "$err" "disk full (RLIMIT_FSIZE): says the file size limit is reached"
no_raw_sqlite "disk full (RLIMIT_FSIZE)"
state fsize
kept base fsize "disk full (RLIMIT_FSIZE): every article, tag and flag kept"
n=$(sql "SELECT count(*) FROM article")
[ "$n" -ge "$total" ]; ok $? "disk full (RLIMIT_FSIZE): no article lost ($n)"
sound "disk full (RLIMIT_FSIZE)"

if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  # The cache copied into a tmpfs a little larger than it, in a mount
  # namespace of its own (gone with the namespace, whatever happens).
  mkdir -p "$T/small"
  size=$(( $(stat -c %s "$DB") + 200 * 1024 ))
  PY="$PY" PUNDIT="$PUNDIT" T="$T" DB="$DB" size="$size" unshare -m sh -c '
    mount -t tmpfs -o size=$size tmpfs "$T/small" || exit 77
    cp "$DB" "$T/small/pundit.db"
    "$PUNDIT" -d "$T/small" fetch --quiet >"$T/small.out" 2>"$T/small.err"
    echo $? >"$T/small.rc"
    $PY "$T/state.py" "$T/small/pundit.db" | LC_ALL=C sort >"$T/small.state"
    "$PUNDIT" -d "$T/small" check >"$T/small.check" 2>&1
    echo $? >"$T/small.check.rc"
  '
  if [ $? -eq 77 ] || [ ! -s "$T/small.rc" ]; then
    for i in 1 2 3 4; do skip "disk full (tmpfs)" "cannot mount a tmpfs"; done
  else
    rc=$(cat "$T/small.rc")
    err=$(cat "$T/small.err")
    expect_rc 1 "disk full (tmpfs): the fetch fails"
    has "the disk is full" "$err" "disk full (tmpfs): says the disk is full"
    kept base small "disk full (tmpfs): every article, tag and flag kept"
    [ "$(cat "$T/small.check.rc")" -eq 0 ]
    ok $? "disk full (tmpfs): pundit check finds the cache sound"
  fi
else
  for i in 1 2 3 4; do skip "disk full (tmpfs)" "needs root and unshare"; done
fi
run fetch --quiet
expect_rc 0 "with room again, the fetch completes"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.url LIKE '%/gen/big%'")
[ "$n" -eq 300 ]; ok $? "with room again, the feed that did not fit is stored whole ($n of 300)"
n=$(sql "SELECT count(*) FROM article WHERE title LIKE '% v2'")
[ "$n" -eq 540 ]; ok $? "with room again, every article is updated ($n of 540)"
state after_full
kept base after_full "with room again: every article, tag and flag kept"

section "read-only"
# 2. A read-only cache: reading commands work, writing ones fail clearly.
#    chmod stops no root, so root runs pundit as nobody (a copy of the
#    binary, so that nobody can reach it) and also under a read-only bind
#    mount.
run fetch --quiet
state ro_before
for c in "list --json" "tags" "show 1" "search piece" "sources"; do
  run $c
  echo "$out" >"$T/ro.$(echo "$c" | tr -c 'a-z\n' _)"
done
as_user=
if [ "$(id -u)" = 0 ]; then
  if command -v setpriv >/dev/null; then
    mkdir -p "$T/bin"
    cp "$PUNDIT" "$T/bin/pundit"
    chmod -R a+rX "$T"
    as_user="setpriv --reuid=65534 --regid=65534 --clear-groups"
  fi
fi
# ro ARGS...: run pundit as the reader.
ro() {
  $as_user "${as_pundit:-$PUNDIT}" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}
# ro_case NAME: reads give what they gave before; writes fail clearly
# (RO_N assertions).
RO_N=11
ro_case() {
  for c in "list --json" "tags" "show 1" "search piece" "sources"; do
    ro $c
    [ "$rc" -eq 0 ] && [ "$out" = "$(cat "$T/ro.$(echo "$c" | tr -c 'a-z\n' _)")" ]
    ok $? "$1: pundit $c reads as before"
    [ "$rc" -eq 0 ] || diag "$err"
  done
  ro tag 1 +new
  expect_rc 1 "$1: pundit tag fails"
  has "cannot write cache" "$err" "$1: pundit tag says it cannot write the cache"
  no_raw_sqlite "$1: tag"
  ro mark 2 read
  expect_rc 1 "$1: pundit mark fails"
  ro fetch --quiet
  expect_rc 1 "$1: pundit fetch fails"
  has "cannot write cache" "$err" "$1: pundit fetch says it cannot write the cache"
}
if [ "$(id -u)" != 0 ]; then
  chmod 444 "$DB"
  ro_case "read-only file"
  chmod 555 "$D"
  ro_case "read-only file and directory"
  chmod 755 "$D"
  chmod 644 "$DB"
elif [ -n "$as_user" ]; then
  as_pundit="$T/bin/pundit"
  chown 65534 "$D"
  ro_case "read-only file (as nobody)"
  chown 0 "$D"
  chmod 755 "$D"
  # Root's own run merges and removes the -wal and -shm nobody left.
  run list --limit 1
  ro_case "read-only file and directory (as nobody)"
  as_pundit=
  as_user=
  chmod 700 "$D"
else
  for i in $(seq 1 $((RO_N * 2))); do skip "read-only file" "root without setpriv"; done
fi
if [ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null; then
  # ro ARGS... under a read-only bind mount of the cache directory.
  ro() {
    unshare -m sh -c 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" && shift && exec "$@"' \
      "$D" x "$PUNDIT" "$@" >"$T/out" 2>"$T/err"
    rc=$?
    out=$(cat "$T/out")
    err=$(cat "$T/err")
  }
  if unshare -m sh -c 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0"' "$D" 2>/dev/null; then
    ro_case "read-only file system"
  else
    for i in $(seq 1 $RO_N); do skip "read-only file system" "cannot bind-mount"; done
  fi
else
  for i in $(seq 1 $RO_N); do skip "read-only file system" "needs root and unshare"; done
fi
state ro_after
same ro_before ro_after "read-only: the cache is unchanged"

section "concurrent writers"
# 3. Two pundits writing at once: two fetches and a tag edit, then a
#    writer held past the busy timeout.
http "/control?version=3" >/dev/null
state conc_before
"$PUNDIT" fetch --quiet --force >"$T/f1.out" 2>"$T/f1.err" &
p1=$!
"$PUNDIT" fetch --quiet --force >"$T/f2.out" 2>"$T/f2.err" &
p2=$!
sleep 0.2
run tag 2 +during
tag_rc=$rc
tag_err=$err
wait $p1
r1=$?
wait $p2
r2=$?
for i in 1 2; do
  eval r=\$r$i
  err=$(cat "$T/f$i.err")
  if [ "$r" -eq 0 ]; then
    ok 0 "concurrent fetch $i completes"
  else
    has "locked by another process" "$err" "concurrent fetch $i reports the lock clearly"
  fi
  no_raw_sqlite "concurrent fetch $i"
done
rc=$tag_rc err=$tag_err
expect_rc 0 "pundit tag during two fetches completes"
has "during" "$(sql "SELECT group_concat(t.name) FROM article_tag at JOIN tag t ON t.id = at.tag_id WHERE at.article_id = 2")" \
  "the tag made during the fetches is stored"
STATE_DROP='^during$' state conc_after
kept conc_before conc_after "concurrent writers: every article, tag and flag kept"
n=$(sql "SELECT count(*) FROM article")
d=$(sql "SELECT count(*) FROM (SELECT source_id, guid FROM article GROUP BY 1, 2 HAVING count(*) > 1)")
[ "$d" -eq 0 ]; ok $? "concurrent writers: no duplicate article ($n articles)"
sound "concurrent writers"

# A writer that holds the cache past the busy timeout.
$PY - "$DB" "$T/locked" "$T/release" <<'PY' &
import os, sqlite3, sys, time
c = sqlite3.connect(sys.argv[1], isolation_level=None)
c.execute("BEGIN IMMEDIATE")
open(sys.argv[2], "w").close()
for _ in range(200):
    if os.path.exists(sys.argv[3]):
        break
    time.sleep(0.05)
c.execute("ROLLBACK")
PY
holder=$!
for _ in $(seq 1 100); do [ -e "$T/locked" ] && break; sleep 0.05; done
export PUNDIT_BUSY_TIMEOUT_MS=300
run tag 2 +late
expect_rc 1 "a tag edit while another writer holds the cache fails"
has "locked by another process" "$err" "it says the cache is locked by another process"
no_raw_sqlite "held cache"
run list --limit 3
expect_rc 0 "reading while another writer holds the cache works (WAL)"
unset PUNDIT_BUSY_TIMEOUT_MS
: >"$T/release"
wait $holder
run tag 2 +late
expect_rc 0 "once the writer is gone, the tag edit works"

section "damaged file"
# 4. A damaged cache file: commands say so and point to pundit check
#    --repair; check finds it; --repair keeps the damaged file, salvages
#    every readable row and leaves a sound cache.
run fetch --quiet
sound "before the damage"
state good
cp "$DB" "$T/good.db"
ngood=$(wc -l <"$T/good.state")
for kind in header middle truncated fts; do
  rm -f "$D"/pundit.db*
  cp "$T/good.db" "$DB"
  size=$(stat -c %s "$DB")
  case $kind in
  header) # the 100-byte SQLite header overwritten
    head -c 100 /dev/urandom | dd of="$DB" bs=100 count=1 conv=notrunc 2>/dev/null ;;
  middle) # three pages in the middle overwritten
    head -c 12288 /dev/urandom |
      dd of="$DB" bs=4096 seek=$((size / 4096 / 2)) conv=notrunc 2>/dev/null ;;
  truncated) # the last third cut off
    truncate -s $((size * 2 / 3)) "$DB" ;;
  fts) # the search index out of step: 10 titles changed and 3 articles
       # added behind its back (SQLite without pundit's tokenizer)
    $PY -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
c.execute("DROP TRIGGER article_fts_update")
c.execute("DROP TRIGGER article_fts_insert")
c.execute("UPDATE article SET title = title || \" changed\" WHERE id <= 10")
for i in range(3):
    c.execute("INSERT INTO article (source_id, guid, title, first_seen, summary)"
              " VALUES (1, ?, ?, 1, ?)", ("added-%d" % i, "Added piece %d" % i,
              "Behind the index"))
c.commit()' "$DB"
    state pre_fts ;;
  esac
  said=0 failed=0
  for c in "list" "search piece" "tags" "show 30"; do
    run $c
    if [ "$rc" -ne 0 ]; then
      failed=$((failed + 1))
      case "$err" in *"pundit check --repair"*) said=$((said + 1)) ;; esac
    fi
  done
  [ "$said" -eq "$failed" ]
  ok $? "$kind: each command that fails points to pundit check --repair ($failed failed)"
  if [ "$kind" = header ] || [ "$kind" = truncated ]; then
    [ "$failed" -gt 0 ]; ok $? "$kind: commands fail ($failed of 4)"
  fi
  run check
  expect_rc 1 "$kind: pundit check finds a problem"
  has "problem: " "$out" "$kind: pundit check says what"
  has "pundit check --repair" "$out" "$kind: pundit check points to --repair"
  run check --repair
  expect_rc 0 "$kind: pundit check --repair"
  has "the cache is sound now" "$out" "$kind: --repair says the cache is sound now"
  diag "$(echo "$out" | grep -v '^ok: ')"
  if [ "$kind" = fts ]; then
    has "rebuilt the search index" "$out" "$kind: --repair rebuilt the search index"
    run search changed
    [ "$(echo "$out" | grep -c changed)" -eq 10 ]
    ok $? "$kind: search finds the changed titles"
    run search behind index
    [ "$(echo "$out" | grep -c "Added piece")" -eq 3 ]
    ok $? "$kind: search finds the added articles"
  else
    has "kept the damaged file as $DB.corrupt-" "$out" "$kind: --repair says where the damaged file is"
    ls "$DB".corrupt-* >/dev/null 2>&1; ok $? "$kind: the damaged file is kept"
    has "salvaged " "$out" "$kind: --repair says what it salvaged"
  fi
  sound "$kind: after --repair"
  state "$kind"
  # Nothing made up or changed: every article left has its flags (and,
  # unless the damage took them, its tags).
  ref=good
  [ "$kind" = fts ] && ref=pre_fts
  cut -f 1-4 "$T/$ref.state" >"$T/ref.flags"
  cut -f 1-4 "$T/$kind.state" >"$T/$kind.flags"
  LC_ALL=C comm -13 "$T/ref.flags" "$T/$kind.flags" >"$T/new"
  [ ! -s "$T/new" ]; ok $? "$kind: every article left has its read and star flags"
  case $kind in
  header) same good "$kind" "$kind: every article, tag and flag salvaged" ;;
  fts) same pre_fts "$kind" "$kind: every article, tag and flag kept" ;;
  esac
  n=$(wc -l <"$T/$kind.state")
  case $kind in
  header)
    [ "$n" -eq "$ngood" ]; ok $? "$kind: all $ngood articles salvaged ($n)" ;;
  fts)
    [ "$n" -eq $((ngood + 3)) ]; ok $? "$kind: all $((ngood + 3)) articles kept ($n)" ;;
  middle)
    [ "$n" -ge $((ngood - 60)) ]; ok $? "$kind: all but the damaged pages' articles salvaged ($n of $ngood)" ;;
  truncated)
    [ "$n" -ge $((ngood / 3)) ]; ok $? "$kind: the articles before the cut salvaged ($n of $ngood)" ;;
  esac
  run fetch --quiet
  expect_rc 0 "$kind: fetch works on the repaired cache"
done
rm -f "$D"/pundit.db*
cp "$T/good.db" "$DB"
# Another program's database is not ours to repair.
$PY -c 'import sqlite3, sys; sqlite3.connect(sys.argv[1]).execute("CREATE TABLE notes (x)")' "$T/other.db"
mkdir -p "$T/otherdir"
cp "$T/other.db" "$T/otherdir/pundit.db"
run -d "$T/otherdir" check --repair
expect_rc 1 "another program's database: check --repair refuses"
has "not a pundit cache" "$err" "it says it is not a pundit cache"
[ "$(ls "$T/otherdir")" = pundit.db ]; ok $? "and leaves it alone"

section "SIGKILL"
# 5. SIGKILL during a refresh and during a tag edit, at random moments.
ROUNDS=${PUNDIT_FAULT_ROUNDS:-6}
seed=${PUNDIT_FAULT_SEED:-$$}
diag "seed $seed"
start=$(date +%s%N)
run fetch --quiet --force
whole=$(( ($(date +%s%N) - start) / 1000000 ))
diag "a forced fetch takes $whole ms"
state kill_base
bad=0 lost=0 r=0
while [ $r -lt "$ROUNDS" ]; do
  r=$((r + 1))
  http "/control?version=$((r + 10))" >/dev/null
  "$PUNDIT" fetch --quiet --force >/dev/null 2>&1 &
  pid=$!
  sleep "$(rnd "$(echo "$whole" | awk '{ print $1 / 1000 }')" $((seed + r)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null
  run check
  [ "$rc" -eq 0 ] || { bad=$((bad + 1)); diag "round $r: $out"; }
  state kill_now
  LC_ALL=C comm -23 "$T/kill_base.state" "$T/kill_now.state" | grep -q . &&
    { lost=$((lost + 1)); diag "round $r: state lost"; }
done
[ $bad -eq 0 ]; ok $? "$ROUNDS fetches killed: pundit check finds the cache sound each time"
[ $lost -eq 0 ]; ok $? "$ROUNDS fetches killed: no article, tag or flag lost"

# A tag edit of 300 tags is one transaction: all or nothing. The state
# compared leaves out the tags being added.
export STATE_DROP='^r[0-9]+-'
tags=
for i in $(seq 1 300); do tags="$tags +k$i"; done
start=$(date +%s%N)
run tag 7 $tags
whole=$(( ($(date +%s%N) - start) / 1000000 ))
expect_rc 0 "a tag edit of 300 tags"
run tag 7 $(echo "$tags" | tr + -)
diag "a tag edit of 300 tags takes $whole ms"
state kill_base
bad=0 lost=0 torn=0 r=0 whole_done=0
while [ $r -lt "$ROUNDS" ]; do
  r=$((r + 1))
  "$PUNDIT" tag $((7 + r)) $(echo "$tags" | sed "s/+k/+r$r-/g") >/dev/null 2>&1 &
  pid=$!
  sleep "$(rnd "$(echo "$whole" | awk '{ print $1 / 1000 }')" $((seed + 100 + r)))"
  kill -9 $pid 2>/dev/null
  wait $pid 2>/dev/null && whole_done=$((whole_done + 1))
  run check
  [ "$rc" -eq 0 ] || { bad=$((bad + 1)); diag "round $r: $out"; }
  n=$(sql "SELECT count(*) FROM article_tag at JOIN tag t ON t.id = at.tag_id WHERE t.name LIKE 'r$r-%'")
  [ "$n" -eq 0 ] || [ "$n" -eq 300 ] || { torn=$((torn + 1)); diag "round $r: $n of 300 tags"; }
  state kill_now
  LC_ALL=C comm -23 "$T/kill_base.state" "$T/kill_now.state" | grep -q . &&
    { lost=$((lost + 1)); diag "round $r: state lost"; }
done
diag "$whole_done of $ROUNDS tag edits finished before the kill"
[ $bad -eq 0 ]; ok $? "$ROUNDS tag edits killed: pundit check finds the cache sound each time"
[ $torn -eq 0 ]; ok $? "$ROUNDS tag edits killed: each all or nothing"
[ $lost -eq 0 ]; ok $? "$ROUNDS tag edits killed: no article, tag or flag lost"

section "done"
done_testing
