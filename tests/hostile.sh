#!/bin/sh
# hostile.sh - feeds written to hurt, fetched for real: each case is first
# a good feed, then turns hostile at the same URL. For each, pundit gives a
# clear error on that source or a sanitised partial result, never crashes
# or hangs, reads no local file, connects nowhere but the source, prints
# no escape, C1 or bidi control, and keeps what it had cached.
. "$(dirname "$0")/lib.sh"
command -v python3 >/dev/null 2>&1 || { skip "hostile feeds" "python3 not installed"; done_testing; exit 0; }
command -v timeout >/dev/null 2>&1 || { skip "hostile feeds" "timeout not installed"; done_testing; exit 0; }
ESC=$(printf '\033')
WWW="$T/www"
SECRET="TOPSECRET-$$-4242"
SOCK="pundit-hostile-$$"
X() { tmux -L "$SOCK" -f /dev/null "$@"; }
LISTEN_PID=
trap 'X kill-server 2>/dev/null; [ -n "$LISTEN_PID" ] && kill "$LISTEN_PID" 2>/dev/null; cleanup' EXIT
mkdir -p "$WWW"
printf '%s\n' "$SECRET" >"$T/secret"
export PUNDIT_HTTPD_FILES="$WWW"
start_httpd

# A port nobody should connect to: every connection is written down.
python3 -c '
import socket, sys
s = socket.socket(); s.bind(("127.0.0.1", 0)); s.listen(16)
print(s.getsockname()[1], flush=True)
while True:
    c, _ = s.accept()
    with open(sys.argv[1], "a") as f:
        f.write("connected\n")
    c.close()
' "$T/listener.log" >"$T/listener.port" &
LISTEN_PID=$!
for _ in $(seq 1 50); do [ -s "$T/listener.port" ] && break; sleep 0.1; done
LPORT=$(cat "$T/listener.port")
TRAP="http://127.0.0.1:$LPORT"
CANARY="$T/canary"

# trun SECONDS ARGS...: run pundit under a time limit; sets $out $err $rc.
trun() {
  t=$1; shift
  timeout -k 5 "$t" "$PUNDIT" "$@" >"$T/out" 2>"$T/err"
  rc=$?
  out=$(cat "$T/out")
  err=$(cat "$T/err")
}
# sane WHAT: no crash, no hang, no sanitizer report in the last run.
sane() {
  s=0
  [ "$rc" -ne 124 ] && [ "$rc" -lt 128 ] || s=1
  grep -q -e 'Sanitizer' -e 'runtime error:' "$T/err" && s=1
  ok $s "$1: no crash, no hang (exit $rc)"
  [ $s -eq 0 ] || sed 's/^/# /' "$T/err" | head -20
}
# clean WHAT: stdout of the last run is UTF-8 without ESC, C0 (but tab
# and newline), DEL, C1 or bidi controls; JSON lines are checked after
# decoding too.
clean() {
  python3 -c '
import json, sys
raw = open(sys.argv[1], "rb").read()
try:
    text = raw.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("not UTF-8: %s" % e)
def bad(s):
    return [hex(ord(c)) for c in s if (ord(c) < 0x20 and c not in "\n\t")
            or 0x7f <= ord(c) <= 0x9f or 0x202a <= ord(c) <= 0x202e
            or 0x2066 <= ord(c) <= 0x2069]
b = bad(text)
def walk(v):
    if isinstance(v, str):
        b.extend(bad(v.replace("\n", "").replace("\t", "")))
    elif isinstance(v, list):
        [walk(x) for x in v]
    elif isinstance(v, dict):
        [walk(x) for x in v.values()]
for line in text.splitlines():
    if line.startswith("{"):
        try:
            walk(json.loads(line))
        except ValueError as e:
            sys.exit("bad JSON line: %s" % e)
sys.exit("controls: %s" % " ".join(sorted(set(b))) if b else 0)
' "$T/out" 2>"$T/clean.err"
  ok $? "$1: nothing but printable text on stdout"
  [ -s "$T/clean.err" ] && sed 's/^/# /' "$T/clean.err"
  return 0
}
# jrows PYTHON-EXPRESSION DESCRIPTION: over the JSON lines of the last run
# (as rows), the expression is true.
jrows() {
  printf '%s\n' "$out" | python3 -c '
import json, sys
rows = [json.loads(l) for l in sys.stdin if l.startswith("{")]
sys.exit(0 if eval(sys.argv[1]) else 1)' "$1"
  ok $? "$2"
}
id_of() { sql "SELECT id FROM article WHERE guid = '$1'"; }

# --- the feeds: gen.py good|hostile NAME... writes $WWW/NAME (and .head)
cat >"$T/gen.py" <<'EOF'
import gzip, os, struct, sys, zlib
www, trap, secret_path = os.environ["WWW"], os.environ["TRAP"], os.environ["SECRET_PATH"]
canary = os.environ["CANARY"]
mode, names = sys.argv[1], sys.argv[2:]

def rss(title, items, decl='<?xml version="1.0" encoding="utf-8"?>\n',
        doctype="", extra_ns=""):
    return (decl + doctype + '<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"'
            ' xmlns:content="http://purl.org/rss/1.0/modules/content/"' + extra_ns +
            '><channel><title>' + title + '</title><link>' + trap + '/site</link>'
            '<description>d</description>' + "".join(items) + '</channel></rss>\n')

def item(guid, title, body="<p>Body.</p>", link=None, author=None, more=""):
    out = "<item>"
    if guid is not None:
        out += "<guid isPermaLink=\"false\">%s</guid>" % guid
    out += "<title>%s</title>" % title
    if link is not False:
        out += "<link>%s</link>" % (link or trap + "/" + (guid or "x"))
    if author:
        out += "<dc:creator>%s</dc:creator>" % author
    out += "<description><![CDATA[%s]]></description>%s</item>" % (body, more)
    return out

def good(name):
    return rss("Good " + name, [
        item(name + "-1", name + " good one", "<p>The first good piece.</p>"),
        item(name + "-2", name + " good two", "<p>The second good piece.</p>")])

def bomb(mib):
    zeros = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    return (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + block * mib +
            b"\x03\x00" + struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF))

ESCS = ("\x1b[2J\x1b[31mred\x1b[0m \x1b]0;pwned\x07 \x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\ "
        "\x1bP+q6b64\x1b\\ \x1b_apc\x1b\\ \x1bc \x07\x08\x7f "
        "\u009b31m \u009d0;c1title\u009c \u0085\u0090dcs\u009c "
        "\u202eevil\u202c \u2066iso\u2069 \u202a\u202b\u202d")
REFS = ("&#27;[2J &#x1b;]0;pwned&#7; &#x9b;31m &#155;1m &#x85; "
        "&#x202e;rev&#x202c; &#x2067;iso&#x2069; &#8238;")

def hostile(name):
    t = trap
    if name == "xxe-file":
        doctype = ('<!DOCTYPE rss SYSTEM "file://' + secret_path + '" [\n'
                   '<!ENTITY xxe SYSTEM "file://' + secret_path + '">\n'
                   '<!ENTITY % pe SYSTEM "file://' + secret_path + '">\n%pe;\n'
                   '<!ENTITY pw SYSTEM "file:///etc/passwd">\n]>\n')
        return rss("XXE &xxe;", [item(name + "-3", "file &xxe; &pw; end",
                   "<p>body &xxe;</p>", author="&xxe;"),
                   '<item><guid>%s-4</guid><title>inc</title><description>'
                   '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                   'href="file://%s" parse="text"/></description></item>'
                   % (name, secret_path)], doctype=doctype)
    if name == "xxe-net":
        doctype = ('<?xml-stylesheet type="text/xsl" href="' + t + '/xsl"?>\n'
                   '<!DOCTYPE rss PUBLIC "-//X//Y" "' + t + '/dtd" [\n'
                   '<!ENTITY net SYSTEM "' + t + '/entity">\n'
                   '<!ENTITY % rpe SYSTEM "' + t + '/pe">\n%rpe;\n]>\n')
        return rss("Net", [item(name + "-3", "net &net; end",
                   "<p>img <img src=\"%s/img\"> &net;</p>" % t),
                   '<item><guid>%s-4</guid><title>inc</title><description>'
                   '<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" '
                   'href="%s/xinclude"/></description></item>' % (name, t)],
                   doctype=doctype)
    if name == "laughs":
        d = '<!DOCTYPE rss [\n<!ENTITY lol "lol">\n'
        prev = "lol"
        for i in range(1, 10):
            d += '<!ENTITY lol%d "%s">\n' % (i, ("&%s;" % prev) * 10)
            prev = "lol%d" % i
        d += "]>\n"
        return rss("Laughs &lol9;", [item(name + "-3", "laughs &lol9; end",
                   "<p>&lol9;</p>")], doctype=d)
    if name == "quadratic":
        d = '<!DOCTYPE rss [<!ENTITY a "%s">]>\n' % ("A" * 50000)
        return rss("Quadratic", [item(name + "-3", "quadratic " + "&a;" * 10,
                   "&a;" * 100000)], doctype=d)
    if name == "deep":
        xml = "<x>" * 100000 + "deep" + "</x>" * 100000
        html = "<div>" * 100000 + "deep html" + "</div>" * 100000
        return rss("Deep", [
            "<item><guid>%s-3</guid><title>deep xml</title>%s</item>" % (name, xml),
            item(name + "-4", "deep html", html),
            "<item><guid>%s-5</guid><title>unclosed</title><description>%s"
            % (name, "&lt;b&gt;" * 100000)])
    if name == "huge":
        attr = "h" * (8 << 20)
        text = ("huge text node " * ((12 << 20) // 15))
        return rss("Huge", [item(name + "-3", "huge attribute",
                   "<p>x</p>", more='<enclosure url="%s/%s" length="1" type="a"/>' % (t, attr)),
                   item(name + "-4", "huge text", "<p>%s</p>" % text)])
    if name == "nul":
        return rss("N\x00ul", [item(name + "-3", "nul\x00 in\x00 title",
                   "<p>nul\x00 in body</p>", author="a\x00b")])
    if name == "lie-utf16":
        return rss("Lie", [item(name + "-3", "utf16 lie 中文")],
                   decl='<?xml version="1.0" encoding="utf-16"?>\n')
    if name == "lie-latin1":
        return rss("Lie", [item(name + "-3", "latin1 lie 硅谷银行")],
                   decl='<?xml version="1.0" encoding="iso-8859-1"?>\n')
    if name == "lie-header":
        return rss("Lie", [item(name + "-3", "header lie 加息周期")]).encode("gbk")
    if name == "lie-bogus":
        return rss("Lie", [item(name + "-3", "bogus charset 新兴市场")],
                   decl='<?xml version="1.0" encoding="x-no-such-charset"?>\n')
    if name == "lie-missing":
        return rss("Lie", [item(name + "-3", "missing charset 资本流动压力有所缓解")],
                   decl='<?xml version="1.0"?>\n').encode("gbk")
    if name == "escapes":
        return rss("Feed " + ESCS, [
            item(name + "-1", "updated one " + ESCS, "<p>body " + ESCS + "</p>",
                 author="Eve " + ESCS),
            item(name + "-3", "raw " + ESCS, '<p>para %s <a href="%s/l">link %s</a></p>'
                 % (ESCS, t, ESCS), author="Mallory " + ESCS,
                 more="<category>cat " + ESCS + "</category>"),
            "<item><guid>%s-4</guid><title>refs %s</title><dc:creator>Ref %s</dc:creator>"
            "<description>&lt;p&gt;refs %s &lt;a href='%s/r'&gt;link %s&lt;/a&gt;&lt;/p&gt;"
            "</description></item>" % (name, REFS, REFS, REFS.replace("&", "&amp;"), t,
                                        REFS.replace("&", "&amp;"))])
    if name == "links":
        body = ('<p><a href="javascript:alert(1)">js</a> <a href="JaVaScRiPt:alert(2)">js2</a>'
                ' <a href="data:text/html,&lt;script&gt;alert(3)&lt;/script&gt;">data</a>'
                ' <a href="file:///etc/passwd">file</a> <a href="vbscript:msgbox(1)">vb</a>'
                ' <a href=" javascript:alert(4)">spaced</a> <a href="jav&#x09;ascript:alert(5)">tab</a>'
                ' <img src="data:image/png;base64,AAAA" alt="dataimg"> <a href="https://ok.example/fine">fine</a></p>')
        return rss("Links", [item(name + "-3", "js link", body, link="javascript:alert(document.cookie)"),
                             item(name + "-4", "data link", body, link="data:text/html,<b>x</b>"),
                             item(name + "-5", "file link", body, link="file:///etc/passwd")])
    if name == "shell":
        meta = "$(touch %s) `touch %s` ; touch %s | touch %s && touch %s" % ((canary,) * 5)
        return rss("Shell " + meta, [item(name + "-3", "title " + meta,
                   "<p>%s <a href=\"%s/a;touch%%20%s|id`id`$(id)\">l</a></p>" % (meta, t, canary),
                   link="%s/a;touch %s|id`id`$(touch %s)" % (t, canary, canary),
                   author=meta)])
    if name == "many":
        return rss("Many", [("<item><guid>many-%d</guid><title>item %d</title>"
                    "<link>%s/m/%d</link></item>" % (i, i, t, i)) for i in range(3, 100003)])
    if name == "zh1mb":
        para = "加息周期接近尾声，新兴市场的资本流动压力有所缓解。" * 14000
        return rss("Zh", [item(name + "-3", "一兆字节的一段中文", "<p>" + para + "</p>")])
    if name == "entities":
        refs = ("a&#0;b &#xD800;c &#xDFFF;d &#x110000;e &#99999999999999;f &#x;g "
                "&#;h &#-1;i &#x7FFFFFFF;j &#xFFFE;k &#65;l &#x1F600;m &amp;#0;n &nosuch;o")
        return rss("Entities", [item(name + "-3", "ents " + refs,
                   "<p>" + refs.replace("&", "&amp;") + " " + refs + "</p>")])
    if name == "dupguid":
        return rss("Dup", [item(name + "-3", "dup first"), item(name + "-3", "dup second"),
                           item(name + "-1", "one again"),
                           item(None, "no guid A", link=trap + "/same"),
                           item(None, "no guid B", link=trap + "/same"),
                           item(None, "no guid no link", link=False),
                           item(None, "no guid no link", link=False),
                           item("", "empty guid")])
    if name == "gzipbomb":
        return bomb(1024)
    raise SystemExit("unknown case " + name)

HEADS = {"lie-header": "200\nContent-Type: application/rss+xml; charset=shift_jis",
         "gzipbomb": "200\nContent-Encoding: gzip",
         "redirects": "302\nLocation: /endless?n=0"}
for name in names:
    path = os.path.join(www, name)
    if os.path.exists(path + ".head"):
        os.unlink(path + ".head")
    if mode == "good":
        body = good(name)
    elif name == "redirects":
        body = b""
    elif name == "badutf8":
        body = rss("Bad \udcff\udcfe", [item(name + "-3",
               "bad \udcff\udcfe \udcc0\udcaf \udced\udca0\udc80 \udcf8\udc88\udc80\udc80\udc80 end",
               "<p>b\udcfe\udcff\udcc3 \udc80\udc80 ody</p>", author="au\udcffthor")]
               ).encode("utf-8", "surrogateescape")
    else:
        body = hostile(name)
    if isinstance(body, str):
        body = body.encode("utf-8")
    with open(path, "wb") as f:
        f.write(body)
    if mode != "good" and name in HEADS:
        with open(path + ".head", "w") as f:
            f.write(HEADS[name] + "\n")
EOF
export WWW TRAP CANARY
SECRET_PATH="$T/secret"; export SECRET_PATH

# What pundit does with each (every one also: no crash, no hang, nothing
# but printable text out, the two cached articles and their state kept):
#   xxe-file     entities, a parameter entity and an external DTD naming a
#                local file: never loaded; the feed is read without them
#   xxe-net      the same naming the trap port, plus a stylesheet PI, an
#                XInclude and an <img>: no connection anywhere
#   laughs       billion laughs: the nested entity is not expanded
#   quadratic    a 50 KB entity used 100,000 times: expansion capped
#   deep         100,000 nested XML elements, 100,000 nested divs, an
#                unclosed item: read; the deep text shows in `show`
#   huge         an 8 MB attribute, a 12 MB text node: read (the text cut
#                at libxml2's 10 MB limit, a warning) and wrapped
#   badutf8 nul  invalid UTF-8 (U+FFFD) and NUL bytes (dropped)
#   lie-*        UTF-8 declared UTF-16 or Latin-1, GBK sent as Shift_JIS,
#                an unknown charset, GBK with no declaration: read as
#                printable text, the recognisable ones right
#   escapes      CSI, OSC (title, hyperlink), DCS, APC, RIS, C1, bidi
#                controls, raw and as references, in titles, authors,
#                bodies, link texts, categories, the feed title, and in an
#                update of the read article: removed whole; state kept
#   links        javascript:, data:, file:, vbscript: links: dropped from
#                the article's links, never an article URL
#   shell        $(...), backticks, ; | && in titles, authors, URLs and
#                the source's own URL: shown as text, never run
#   many         100,000 items: all stored
#   zh1mb        a 1 MB one-line Chinese paragraph: wrapped in `show`
#   entities     &#0; surrogates, > U+10FFFF, huge and empty references:
#                no NUL or surrogate comes out
#   dupguid      a GUID twice, items without GUID or link: one article a
#                GUID, the others kept by a hash
#   gzipbomb     1 GiB of zeros in 1 MB of gzip: "response larger than"
#   redirects    a new URL at every hop: an error on that source
CASES="xxe-file xxe-net laughs quadratic deep huge badutf8 nul lie-utf16
lie-latin1 lie-header lie-bogus lie-missing escapes links shell many zh1mb
entities dupguid gzipbomb redirects"
mkdir -p "$XDG_CONFIG_HOME/pundit"
: >"$SOURCES"
for c in $CASES; do
  printf '%s/file/%s "~%s" fulltext=no\n' "$BASE" "$c" "$c" >>"$SOURCES"
done
# The shell case's own URL holds metacharacters too (the server ignores
# the query).
grep -v '/file/shell ' "$SOURCES" >"$T/sources.tmp"
printf '%s/file/shell?a=$(touch%%20%s)&b=`touch%%20%s`;id|id "~shell" fulltext=no\n' \
  "$BASE" "$CANARY" "$CANARY" >>"$T/sources.tmp"
mv "$T/sources.tmp" "$SOURCES"

# --- first the good versions: two articles each, the first read and tagged
python3 "$T/gen.py" good $CASES
trun 120 fetch
[ "$rc" -eq 0 ]; ok $? "the good feeds fetch (exit $rc)"
[ "$rc" -eq 0 ] || diag "$out" "$err"
n=$(sql "SELECT count(*) FROM article")
n_cases=$(echo $CASES | wc -w)
[ "$n" -eq $((2 * n_cases)) ]; ok $? "two articles a source ($n)"
for c in $CASES; do
  id=$(id_of "$c-1")
  "$PUNDIT" mark "$id" read >/dev/null && "$PUNDIT" tag "$id" +keep >/dev/null || echo "cannot mark $c" >&2
done
n=$(sql "SELECT count(*) FROM article WHERE read = 1")
[ "$n" -eq "$n_cases" ]; ok $? "the first of each is read and tagged ($n)"
http "/log?reset=1" >/dev/null

# --- then each turns hostile at the same URL
python3 "$T/gen.py" hostile $CASES
# the earlier articles of case C are still there, with their state
kept() {
  trun 60 list --source "$1" --json
  printf '%s\n' "$out" | python3 -c '
import json, sys
name = sys.argv[1]
rows = {r["title"]: r for r in map(json.loads, sys.stdin)}
two = rows.get(name + " good two")
assert two is not None, "the second article is gone"
one = [r for r in rows.values() if r["read"] and "keep" in r["tags"]]
assert len(one) >= 1, "the read, tagged article lost its state"
' "$1" 2>"$T/kept.err"
  ok $? "$1: the cached articles and their read and tag state are kept"
  [ -s "$T/kept.err" ] && sed 's/^/# /' "$T/kept.err"
  return 0
}
# hfetch CASE SECONDS: fetch the hostile version of one case
hfetch() {
  t0=$(date +%s)
  trun "$2" fetch "$1"
  diag "$1: fetched in $(( $(date +%s) - t0 )) s"
  sane "$1 fetch"
  clean "$1 fetch"
}

hfetch xxe-file 60
expect_rc 0 "xxe-file: the feed is read, the entities are not"
hasnt "$SECRET" "$out$err" "xxe-file: the local file is not in the output"
trun 30 list --source xxe-file --json
hasnt "$SECRET" "$out" "xxe-file: nor in the list"
jrows 'any(r["title"].startswith("file ") for r in rows)' "xxe-file: the item is stored, entity left out"
id=$(id_of xxe-file-3)
trun 30 show "$id" --json
hasnt "$SECRET" "$out" "xxe-file: nor in the article"
hasnt "root:" "$out" "xxe-file: /etc/passwd is not read either"
kept xxe-file

hfetch xxe-net 60
expect_rc 0 "xxe-net: the feed is read"
[ ! -s "$T/listener.log" ]; ok $? "xxe-net: no connection to the entity, DTD or stylesheet port"
kept xxe-net

hfetch laughs 60
expect_rc 0 "laughs: billion laughs is read without the expansion"
trun 30 show "$(id_of laughs-3)" --json
sane "laughs show"
n=${#out}
[ "$n" -lt 100000 ]; ok $? "laughs: nothing expanded ($n bytes)"
kept laughs

hfetch quadratic 120
expect_rc 0 "quadratic: read, the expansion capped"
n=$(sql "SELECT length(summary) + length(coalesce(content, '')) FROM article WHERE guid = 'quadratic-3'")
[ "$n" -le $((8 << 20)) ]; ok $? "quadratic: what the entities added is capped ($n bytes, not 5 GB)"
kept quadratic

hfetch deep 120
trun 60 show "$(id_of deep-4)" --width 80
sane "deep show"
clean "deep show"
has "deep html" "$out" "deep: the text under 100,000 divs is shown"
kept deep

hfetch huge 240
expect_rc 0 "huge: an 8 MB attribute and a 12 MB text node are read (the text up to libxml2's 10 MB)"
trun 300 show "$(id_of huge-4)" --width 80
sane "huge show"
n=$(printf '%s\n' "$out" | awk 'length($0) > 80' | wc -l)
[ "$n" -eq 0 ]; ok $? "huge: the 12 MB paragraph is wrapped to 80 columns"
kept huge

hfetch badutf8 60
expect_rc 0 "badutf8: invalid UTF-8 is read"
trun 30 list --source badutf8
clean "badutf8 list"
has "bad" "$out" "badutf8: the title is there"
trun 30 show "$(id_of badutf8-3)"
clean "badutf8 show"
kept badutf8

hfetch nul 60
trun 30 list --source nul --json
clean "nul list"
jrows 'any(r["title"].startswith("nul") and "\0" not in r["title"] for r in rows) or not any(r["title"].startswith("nul") for r in rows)' \
  "nul: a NUL never reaches a title"
kept nul

for c in lie-utf16 lie-latin1 lie-header lie-bogus lie-missing; do
  hfetch $c 60
  trun 30 list --source $c --json
  clean "$c list"
  kept $c
done
trun 30 list --source lie-missing --json
has "资本流动压力有所缓解" "$out" "lie-missing: GBK without a declaration is recognised"
# The HTTP charset wins when the bytes are valid in it: GBK sent as
# Shift_JIS reads as half-width katakana, garbled but printable.
trun 30 list --source lie-header --json
jrows 'any(r["title"].startswith("header lie ") for r in rows)' "lie-header: GBK sent as Shift_JIS gives a printable title"
trun 30 list --source lie-latin1 --json
has "硅谷银行" "$out" "lie-latin1: UTF-8 declared Latin-1 is recognised"

hfetch escapes 60
expect_rc 0 "escapes: the feed is read"
for cmd in "list" "list --json" "list --source escapes" "sources" "sources --json" "tags"; do
  # shellcheck disable=SC2086
  trun 30 $cmd
  sane "escapes $cmd"
  clean "escapes $cmd"
done
for g in escapes-1 escapes-3 escapes-4; do
  trun 30 show "$(id_of $g)" --width 100
  clean "escapes show $g"
  hasnt "pwned" "$out" "escapes show $g: no OSC payload"
  hasnt "[31m" "$out" "escapes show $g: no CSI left over"
  hasnt "]8;;" "$out" "escapes show $g: no hyperlink left over"
  trun 30 show "$(id_of $g)" --json
  clean "escapes show --json $g"
done
trun 30 show "$(id_of escapes-3)" --width 100
has "raw red" "$out" "escapes: the text around the sequences stays"
has "Mallory" "$out" "escapes: the author is shown"
has "link" "$out" "escapes: the link text is shown"
r=$(sql "SELECT read FROM article WHERE guid = 'escapes-1'")
[ "$r" = 1 ]; ok $? "escapes: the updated article is still read"
kept escapes

hfetch links 60
for g in links-3 links-4 links-5; do
  trun 30 show "$(id_of $g)" --width 200
  clean "links show $g"
  printf '%s\n' "$out" | grep -i -E '(javascript|vbscript|data|file):' >"$T/bad-links"
  [ ! -s "$T/bad-links" ]; ok $? "links $g: no javascript:, data: or file: link is shown"
  [ -s "$T/bad-links" ] && sed 's/^/# /' "$T/bad-links"
  has "https://ok.example/fine" "$out" "links $g: the http link is"
done
n=$(sql "SELECT count(*) FROM article WHERE url LIKE 'javascript:%' OR url LIKE 'data:%' OR url LIKE 'file:%'")
[ "$n" -eq 0 ]; ok $? "links: no such link is kept as an article URL ($n)"
kept links

hfetch shell 60
trun 30 list --source shell
clean "shell list"
has 'title $(touch' "$out" "shell: the title is shown as it was written"
trun 30 show "$(id_of shell-3)" --width 200
clean "shell show"
has '`touch' "$out" "shell: backticks shown as text"
[ ! -e "$CANARY" ]; ok $? "shell: nothing in a title, URL or link was run"
kept shell

hfetch many 600
expect_rc 0 "many: a 100,000-item feed is read"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'many'")
[ "$n" -eq 100002 ]; ok $? "many: all 100,000 items stored ($n)"
trun 120 list --source many --limit 5
sane "many list"
kept many

hfetch zh1mb 120
expect_rc 0 "zh1mb: a 1 MB one-line Chinese paragraph is read"
trun 300 show "$(id_of zh1mb-3)" --width 80
sane "zh1mb show"
printf '%s\n' "$out" | python3 -c '
import sys, unicodedata
w = lambda l: sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in l)
lines = sys.stdin.read().split("\n")
print("# %d lines, the widest %d columns" % (len(lines), max(map(w, lines))))
sys.exit(0 if len(lines) > 8000 and max(map(w, lines)) <= 80 else 1)'
ok $? "zh1mb: wrapped into lines of at most 80 columns"
kept zh1mb

hfetch entities 60
trun 30 show "$(id_of entities-3)" --json
sane "entities show"
clean "entities show --json"
jrows 'all("\0" not in r["title"] and "\ud800" not in r["title"] for r in rows)' "entities: no NUL or surrogate comes out of a numeric reference"
trun 30 show "$(id_of entities-3)"
clean "entities show"
kept entities

hfetch dupguid 60
expect_rc 0 "dupguid: duplicate and missing GUIDs are read"
n=$(sql "SELECT count(*) FROM article WHERE guid = 'dupguid-3'")
[ "$n" -eq 1 ]; ok $? "dupguid: one article for a repeated GUID ($n)"
n=$(sql "SELECT count(*) - count(DISTINCT guid) FROM article")
[ "$n" -eq 0 ]; ok $? "dupguid: no GUID twice in the cache"
n=$(sql "SELECT count(*) FROM article a JOIN source s ON s.id = a.source_id WHERE s.name = 'dupguid' AND a.title LIKE 'no guid%'")
[ "$n" -ge 2 ]; ok $? "dupguid: items without a GUID are kept ($n)"
kept dupguid

hfetch gzipbomb 120
expect_rc 1 "gzipbomb: fails"
has "gzipbomb: error: response larger than" "$out$err" "gzipbomb: the size cap is the reason"
kept gzipbomb

hfetch redirects 120
expect_rc 1 "redirects: fails"
has "redirects: error:" "$out$err" "redirects: the error is on that source"
kept redirects

# --- across every case
n=$(cat "$DB" "$DB-wal" 2>/dev/null | grep -c -a "$SECRET")
[ "$n" -eq 0 ]; ok $? "the local file never reached the cache"
[ ! -s "$T/listener.log" ]; ok $? "no connection to the trap port"
[ ! -e "$CANARY" ]; ok $? "no command was run"
http /log >"$T/httpd.log"
grep -E '^(GET|HEAD|POST) ' "$T/httpd.log" | grep -v -E '^GET /(file/[a-z0-9-]+|file/shell\?.*|endless\?n=[0-9]+) ' >"$T/other.log"
[ ! -s "$T/other.log" ]; ok $? "no request but for the sources themselves"
[ -s "$T/other.log" ] && sed 's/^/# /' "$T/other.log" | head

# --- the interface: a few of them on the screen
if command -v tmux >/dev/null 2>&1; then
  cat >"$T/browser" <<EOT
#!/bin/sh
printf '%s\n' "\$@" > "$T/argv"
EOT
  chmod +x "$T/browser"
  cat >"$T/run" <<EOT
#!/bin/sh
BROWSER="$T/browser" "$PUNDIT" 2>"$T/tui.err"
echo "EXIT=\$?"
exec sleep 600
EOT
  chmod +x "$T/run"
  screen() { X capture-pane -p -t t; }
  wait_for() { # up to 15 s: the big cases are slow under the sanitizers
    for _ in $(seq 1 150); do
      case "$(screen)" in *"$1"*) return 0 ;; esac
      sleep 0.1
    done
    return 1
  }
  see() {
    if wait_for "$1"; then ok 0 "$2"; else ok 1 "$2"; diag "wanted: $1"; screen | sed 's/^/# /'; fi
  }
  keys() { X send-keys -t t "$@"; sleep 0.3; }
  # clean_screen WHAT: no injected sequence took effect or shows: no
  # OSC, DCS or APC in what tmux captures with its own attributes, none
  # of their payloads or leftovers in the text.
  clean_screen() {
    e=$(X capture-pane -p -e -t t)
    p=$(screen)
    s=0
    case "$e" in *"${ESC}]"* | *"${ESC}P"* | *"${ESC}_"* | *"${ESC}c"*) s=1 ;; esac
    case "$p" in *pwned* | *"[2J"* | *"[31m"* | *"]0;"* | *"]8;"* | *"+q6b64"*) s=1 ;; esac
    ok $s "$1: no injected sequence on the screen"
    [ $s -eq 0 ] || printf '%s\n' "$p" | sed 's/^/# /' | head -20
    t=$(X display-message -p -t t '#{pane_title}')
    [ "$t" != "pwned" ]; ok $? "$1: the window title is not the feed's"
  }
  X new-session -d -s t -x 120 -y 40 "$T/run"
  see "All articles" "tui: starts"
  keys /
  keys "tag:keep" Enter
  see "good one" "tui: a search finds the kept articles"
  keys q /
  keys "raw" Enter
  see "raw" "tui: the escape-laden title is listed"
  clean_screen "tui list"
  keys Enter
  see "Mallory" "tui: the article opens"
  clean_screen "tui reader"
  keys q q /
  keys "refs" Enter
  keys Enter
  see "Ref" "tui: the article of references opens"
  clean_screen "tui reader, numeric references"
  keys q q /
  keys "一兆字节的一段中文" Enter
  keys Enter
  see "加息周期" "tui: the 1 MB Chinese paragraph opens"
  keys G
  see "加息周期" "tui: and scrolls to its end"
  keys q q /
  keys "title touch" Enter
  keys Enter
  see "touch" "tui: the shell title opens"
  keys o
  sleep 0.5
  a=$(cat "$T/argv" 2>/dev/null)
  has "touch" "$a" "tui: the link goes to \$BROWSER as one argument"
  [ ! -e "$CANARY" ]; ok $? "tui: nothing was run"
  keys q q q
  see "EXIT=0" "tui: quits cleanly"
  grep -q -e Sanitizer -e 'runtime error:' "$T/tui.err"
  [ $? -ne 0 ]; ok $? "tui: no sanitizer report"
  X kill-server 2>/dev/null
else
  skip "the interface" "tmux not installed"
fi

done_testing
