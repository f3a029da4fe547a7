#!/bin/sh
# fetch-kill.sh - SIGKILL `pundit fetch` at random moments, 50 times in a
# row: the cache must always reopen, pass PRAGMA integrity_check, and keep
# every article and every star it had committed.
. "$(dirname "$0")/lib.sh"
start_httpd
ROUNDS=${PUNDIT_KILL_ROUNDS:-50}
SOURCES_N=8
ITEMS=300

mkdir -p "$XDG_CONFIG_HOME/pundit"
: >"$SOURCES"
for i in $(seq 1 $SOURCES_N); do
  echo "$BASE/gen/k$i?items=$ITEMS&size=3000 \"~K$i\"" >>"$SOURCES"
done
run sources >/dev/null

# How long a whole fetch takes here, to spread the kills over it.
start=$(date +%s%N)
run fetch --quiet
whole=$(( ($(date +%s%N) - start) / 1000000 ))
expect_rc 0 "a first whole fetch"
diag "a whole fetch takes $whole ms"
total=$((SOURCES_N * ITEMS))
n=$(sql "SELECT count(*) FROM article")
[ "$n" -eq "$total" ]; ok $? "all $total articles stored"
python3 -c 'import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute("UPDATE article SET starred = 1 WHERE guid LIKE '"'"'gen-k%-7'"'"'"); c.commit()' "$DB"
stars=$(sql "SELECT count(*) FROM article WHERE starred = 1")

seed=${PUNDIT_KILL_SEED:-$$}
diag "seed $seed"
bad=0 lost=0 killed=0 prev=$n
# One python3 per round (its start-up is most of a round's cost): check the
# cache the last kill left, change every title for the next fetch, and
# pick when to kill it.
step() { # ROUND -> "INTEGRITY ARTICLES STARS SECONDS"
  python3 - "$DB" "$BASE" "$1" "$seed" "$whole" <<'PY'
import random, sqlite3, sys, urllib.request
db, base, r, seed, whole = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
c = sqlite3.connect(db)
ic = c.execute("PRAGMA integrity_check").fetchone()[0]
n = c.execute("SELECT count(*) FROM article").fetchone()[0]
s = c.execute("SELECT count(*) FROM article WHERE starred = 1").fetchone()[0]
c.close()
urllib.request.urlopen("%s/control?version=%d" % (base, r + 2)).read()
random.seed(seed * 1000 + r)
print(ic.replace(" ", "_"), n, s, "%.3f" % random.uniform(0, max(whole, 50) * 0.9 / 1000))
PY
}
r=0
while [ $r -le "$ROUNDS" ]; do
  set -- $(step $r)
  if [ "$1" != ok ]; then bad=$((bad + 1)); diag "after round $r: integrity: $1"; fi
  if [ "$2" -lt "$prev" ] || [ "$3" -ne "$stars" ]; then
    lost=$((lost + 1)); diag "after round $r: articles $2 (before $prev), stars $3 (want $stars)"
  fi
  prev=$2
  [ $r -eq "$ROUNDS" ] && break
  r=$((r + 1))
  "$PUNDIT" fetch --quiet >/dev/null 2>&1 &
  pid=$!
  sleep "$4"
  if kill -9 "$pid" 2>/dev/null; then killed=$((killed + 1)); fi
  wait "$pid" 2>/dev/null
done
[ $bad -eq 0 ]; ok $? "$ROUNDS kills ($killed while running): integrity_check ok every time"
[ $lost -eq 0 ]; ok $? "no committed article or star lost"
[ $killed -ge $((ROUNDS / 5)) ]; ok $? "kills hit a running fetch ($killed of $ROUNDS; at least a fifth needed)"
run fetch --quiet
expect_rc 0 "a fetch after the kills completes"
n=$(sql "SELECT count(*) FROM article")
[ "$n" -eq "$total" ]; ok $? "still exactly $total articles, no duplicates ($n)"
v=$(sql "SELECT count(*) FROM article WHERE title LIKE '% v$((ROUNDS + 2))'")
[ "$v" -eq "$total" ]; ok $? "every article has the latest title ($v)"

done_testing
