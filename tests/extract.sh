#!/bin/sh
# extract.sh - extraction quality over ../shared/corpus/extract: body F1
# (score_extract.py driving pundit extract) and title, author, date.
. "$(dirname "$0")/lib.sh"
CORPUS=${PUNDIT_EXTRACT_CORPUS:-$top_srcdir/../shared/corpus/extract}
SCORE=${PUNDIT_SCORE_EXTRACT:-$top_srcdir/../shared/tools/score_extract.py}
# Floors: raise them as extraction improves (measured 0.993 and 0.967).
FLOOR_READABILITY=0.985
FLOOR_ZH=0.96
FLOOR_TITLE=0.95

if [ ! -d "$CORPUS/readability" ] || [ ! -f "$SCORE" ]; then
  skip "extraction corpus" "no corpus at $CORPUS (a distcheck build)"
  done_testing
  exit 0
fi

for set in readability zh; do
  if ! python3 "$SCORE" --dataset "$CORPUS/$set" --bootstrap 20 \
      --timeout 30 --json "$T/$set.json" \
      --cmd "'$PUNDIT' extract --plain {html}" >"$T/$set.out" 2>&1; then
    ok 1 "$set: score_extract.py ran"
    diag "$(cat "$T/$set.out")"
    continue
  fi
  diag "$(tail -n 1 "$T/$set.out")"
  [ "$set" = readability ] && floor=$FLOOR_READABILITY || floor=$FLOOR_ZH
  python3 - "$T/$set.json" "$floor" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
f1 = d.get("f1", d.get("F1"))
if isinstance(f1, dict):
    f1 = f1.get("mean", f1.get("value"))
sys.exit(0 if f1 is not None and f1 >= float(sys.argv[2]) else 1)
PY
  ok $? "$set: mean F1 at least $floor"
done

# Metadata: titles exactly right, authors and dates where expected.
python3 - "$PUNDIT" "$CORPUS" "$FLOOR_TITLE" <<'PY'
import glob, json, os, subprocess, sys
pundit, corpus, floor = sys.argv[1], sys.argv[2], float(sys.argv[3])
def run(path):
    out = subprocess.run([pundit, "extract", "--json", path],
                         capture_output=True, timeout=30).stdout
    return json.loads(out.decode("utf-8", "replace"))
norm = lambda s: " ".join((s or "").split())
import datetime, re
def day(want, got, zone):
    """Whether got (pundit's published, UTC) falls on want's day, in
    want's offset when it has one, else in zone (hours east of UTC)."""
    if not want or not got:
        return False
    m = re.match(r"(\d{4}-\d\d-\d\d)(?:[T ][\d:.]+)?(Z|[+-]\d\d:?\d\d)?$",
                 want.strip())
    if not m:
        return False
    off = zone
    if m.group(2) == "Z":
        off = 0
    elif m.group(2):
        z = m.group(2).replace(":", "")
        off = (1 if z[0] == "+" else -1) * (int(z[1:3]) + int(z[3:5]) / 60)
    t = datetime.datetime.strptime(got, "%Y-%m-%dT%H:%M:%SZ")
    return (t + datetime.timedelta(hours=off)).strftime("%Y-%m-%d") == m.group(1)
rows = []
dates = []
for d in sorted(glob.glob(os.path.join(corpus, "readability", "*", ""))):
    meta = os.path.join(d, "expected-metadata.json")
    if not os.path.exists(meta):
        continue
    want = json.load(open(meta))
    got = run(os.path.join(d, "source.html"))
    rows.append(("readability/" + os.path.basename(d[:-1]), want.get("title"),
                 got["title"], want.get("byline"), got["author"]))
    if want.get("publishedTime"):
        dates.append(day(want["publishedTime"], got["published"], 0))
for j in sorted(glob.glob(os.path.join(corpus, "zh", "*", "*.json"))):
    want = json.load(open(j))
    got = run(j[:-5] + ".html")
    rows.append((want["id"], want.get("title"), got["title"],
                 want.get("author"), got["author"]))
    if want.get("date"):
        # The Chinese pages write China time.
        dates.append(day(want["date"], got["published"], 8))
titled = [r for r in rows if r[1]]
right = [r for r in titled if norm(r[1]) == norm(r[2])]
authored = [r for r in rows if r[3]]
aright = [r for r in authored if norm(r[3]) == norm(r[4])]
print("# titles exactly right: %d/%d (%.3f); authors: %d/%d (%.3f)" % (
    len(right), len(titled), len(right) / max(1, len(titled)),
    len(aright), len(authored), len(aright) / max(1, len(authored))))
print("# dates on the right day: %d/%d (%.3f)" % (
    sum(dates), len(dates), sum(dates) / max(1, len(dates))))
for r in titled:
    if norm(r[1]) != norm(r[2]):
        print("# title %s: want %r, got %r" % (r[0], r[1], r[2]))
sys.exit(0 if len(right) >= floor * len(titled) else 1)
PY
ok $? "titles exactly right on at least ${FLOOR_TITLE} of the pages"

done_testing
