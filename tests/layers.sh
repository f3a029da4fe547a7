#!/bin/sh
# layers.sh - keep the layers of DESIGN.md honest: who may call what.
. "$(dirname "$0")/lib.sh"
cd "$top_srcdir" || exit 1

# Lines outside comments that use a library, in files outside its layer.
offenders() { # offenders REGEX ALLOWED-DIR...
  re=$1; shift
  grep -rnE "$re" src include | while IFS=: read -r file line text; do
    allowed=0
    for dir in "$@"; do
      case "$file" in "$dir"/*) allowed=1 ;; esac
    done
    [ $allowed -eq 1 ] && continue
    echo "$file:$line: $text"
  done
}

bad=$(offenders '(^|[^a-z_])sqlite3_[a-z_]+ *\(|#include *<sqlite3\.h>' src/store)
[ -z "$bad" ]; ok $? "only src/store calls sqlite3_*"; [ -z "$bad" ] || diag "$bad"

# curl's URL API (curl_url*) is allowed everywhere for URL parsing.
bad=$(offenders '(^|[^a-z_])curl_(easy|multi|share|global|slist|mime|ws)_[a-z_]* *\(' src/net)
[ -z "$bad" ]; ok $? "only src/net calls curl_* (URL API aside)"; [ -z "$bad" ] || diag "$bad"

bad=$(offenders '#include *<(n?curses(w/)?|ncursesw/curses|ncursesw/ncurses|term|panel)\.h>|(^|[^a-z_])(initscr|newwin|wrefresh|endwin) *\(' src/tui)
[ -z "$bad" ]; ok $? "only src/tui includes curses"; [ -z "$bad" ] || diag "$bad"

bad=$(offenders '#include *<libxml/' src/parse)
[ -z "$bad" ]; ok $? "only src/parse uses libxml2"; [ -z "$bad" ] || diag "$bad"

bad=$(offenders '#include *<json-c/|#include *<json\.h>' src/parse)
[ -z "$bad" ]; ok $? "only src/parse uses json-c"; [ -z "$bad" ] || diag "$bad"

# A module includes only headers of its own layer or below.
layer_of() {
  case "$1" in
    util.h|buf.h|text.h|model.h|conf.h|paths.h|sources.h|i18n.h|newsboat.h) echo 0 ;;
    charset.h|date.h|feed.h|html.h|extract.h|scrape.h|ttrss.h|opml.h) echo 1 ;;
    store.h|search.h) echo 1 ;;
    fetch.h|refresh.h|sync.h) echo 2 ;;
    tui.h|cli.h) echo 3 ;;
    *) echo 9 ;;
  esac
}
bad=
for f in src/base/*.c src/parse/*.c src/store/*.c src/net/*.c; do
  [ -f "$f" ] || continue
  case "$f" in
    src/base/*) mine=0 ;; src/parse/*|src/store/*) mine=1 ;; src/net/*) mine=2 ;;
  esac
  for h in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
    [ "$h" = config.h ] && continue
    case "$h" in *-int.h) continue ;; esac
    l=$(layer_of "$h")
    if [ "$l" -gt "$mine" ]; then bad="$bad $f:$h"; fi
    # parse and store are side by side and must not know each other.
    case "$f:$h" in
      src/parse/*:store.h|src/parse/*:search.h|src/store/*:feed.h|src/store/*:html.h|src/store/*:ttrss.h) bad="$bad $f:$h" ;;
    esac
  done
done
[ -z "$bad" ]; ok $? "modules include only their layer or below"; [ -z "$bad" ] || diag "$bad"

# Banned functions (STYLE.md): bounded or checked forms instead.
bad=$(grep -rnE '(^|[^a-z_])(sprintf|strcpy|strcat|strtok|atoi|gets) *\(' src include | grep -v '^\s*/\*' || true)
[ -z "$bad" ]; ok $? "no sprintf, strcpy, strcat, strtok, atoi or gets"; [ -z "$bad" ] || diag "$bad"

# External programs only through fork/exec with an argv.
bad=$(grep -rnE '(^|[^a-z_])(system|popen) *\(' src || true)
[ -z "$bad" ]; ok $? "no system() or popen()"; [ -z "$bad" ] || diag "$bad"

done_testing
