#!/bin/sh
# i18n.sh - LANG=zh_CN.UTF-8 gives a Chinese interface (needs the
# zh_CN.UTF-8 locale, which .ci/run generates, and a built catalog).
. "$(dirname "$0")/lib.sh"

# zh_CN is complete against the strings the sources hold right now.
if command -v xgettext >/dev/null && command -v msgmerge >/dev/null; then
  files=$(sed -n 's/^\([^#].*\)$/\1/p' "$top_srcdir/po/POTFILES.in")
  (cd "$top_srcdir" && xgettext --from-code=UTF-8 --keyword=_ --keyword=N_ \
    --keyword=P_:1,2 -o "$T/fresh.pot" $files) 2>"$T/xg.err"
  msgmerge -q -o "$T/merged.po" "$top_srcdir/po/zh_CN.po" "$T/fresh.pot" 2>/dev/null
  un=$(msgattrib --untranslated "$T/merged.po" | grep -c '^msgid ' || true)
  fz=$(msgattrib --only-fuzzy "$T/merged.po" | grep -c '^msgid ' || true)
  # msgattrib prints the header entry when anything else is printed.
  [ "${un:-0}" -le 1 ] && [ "${fz:-0}" -le 1 ] && [ "$un$fz" != "" ]
  ok $? "zh_CN.po has no untranslated or fuzzy message (untranslated $un, fuzzy $fz, header included)"
  [ "${un:-0}" -le 1 ] || msgattrib --untranslated --no-location "$T/merged.po" | sed 's/^/# /' | head -20
else
  skip "zh_CN.po is complete" "gettext tools not installed"
fi

gmo="$top_builddir/po/zh_CN.gmo"
[ -f "$gmo" ] || gmo="$top_srcdir/po/zh_CN.gmo"
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  skip "Chinese interface" "the zh_CN.UTF-8 locale is not generated"
  done_testing; exit
fi
if [ ! -f "$gmo" ]; then
  if grep -q 'define ENABLE_NLS 1' "$top_builddir/config.h" 2>/dev/null; then
    ok 1 "zh_CN.gmo is built (NLS is enabled)"
  else
    skip "Chinese interface" "built without NLS"
  fi
  done_testing; exit
fi
mkdir -p "$T/locale/zh_CN/LC_MESSAGES"
cp "$gmo" "$T/locale/zh_CN/LC_MESSAGES/pundit.mo"
export TEXTDOMAINDIR="$T/locale"

zh() { LC_ALL= LANG=zh_CN.UTF-8 "$PUNDIT" "$@" >"$T/out" 2>"$T/err"; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }

zh --help
expect_rc 0 "--help in Chinese"
has "用法" "$out" "--help speaks Chinese"
hasnt "Usage:" "$out" "no English usage line left"
zh sources
has "还没有订阅源" "$out" "the empty sources message in Chinese"
zh frobnicate
expect_rc 2 "unknown command in Chinese"
has "未知命令" "$err" "usage error in Chinese"
zh show 12345
has "12345" "$err" "missing article message names the id"
has "没有" "$err" "missing article message in Chinese"
zh add ftp://x.example/
has "ftp://x.example/" "$err" "refused URL named in Chinese message"
LC_ALL= LANG=C.UTF-8 "$PUNDIT" --help | grep -q "Usage:"
ok $? "the C locale stays English"

# Traditional Chinese as written in Taiwan (zh_TW.po): its own words, not
# the Simplified catalog with its characters converted.
twpo="$top_srcdir/po/zh_TW.po"
if command -v msgfmt >/dev/null 2>&1; then
  msgfmt -c -o /dev/null "$twpo" 2>"$T/msgfmt.err"
  ok $? "zh_TW.po is valid (msgfmt -c)"
  [ -s "$T/msgfmt.err" ] && diag "$(head -5 "$T/msgfmt.err")"
  if [ -f "$T/fresh.pot" ]; then
    msgmerge -q -o "$T/tw.po" "$twpo" "$T/fresh.pot" 2>/dev/null
    diag "zh_TW.po against the sources now: $(msgfmt --statistics -o /dev/null "$T/tw.po" 2>&1)"
  fi
fi
tw_msgstr=$(sed -n 's/^msgstr\(\[0\]\)\{0,1\} //p; /^msgstr/,/^$/s/^"//p' "$twpo")
for w in 默认 信息 用户 软件 軟件 網絡 數據 缓存 緩存 視圖 文件夾 菜單 鼠標 服務器 服务器; do
  case $tw_msgstr in *"$w"*) ok 1 "zh_TW says it the Taiwanese way, not $w" ;; *) ok 0 "zh_TW does not say $w" ;; esac
done
printf '%s\n' "$tw_msgstr" | sed 's/處理程序//g' | grep -q '程序'; [ $? -ne 0 ]
ok $? "zh_TW says 程式, not 程序, for a program"
twgmo="$top_builddir/po/zh_TW.gmo"
[ -f "$twgmo" ] || twgmo="$top_srcdir/po/zh_TW.gmo"
if ! locale -a 2>/dev/null | grep -qi '^zh_TW\.utf-\?8$'; then
  skip "Traditional Chinese interface" "the zh_TW.UTF-8 locale is not generated"
elif [ ! -f "$twgmo" ]; then
  ok 1 "zh_TW.gmo is built"
else
  mkdir -p "$T/locale/zh_TW/LC_MESSAGES"
  cp "$twgmo" "$T/locale/zh_TW/LC_MESSAGES/pundit.mo"
  tw() { LC_ALL= LANG=zh_TW.UTF-8 "$PUNDIT" "$@" >"$T/out" 2>"$T/err"; rc=$?; out=$(cat "$T/out"); err=$(cat "$T/err"); }
  tw --help
  expect_rc 0 "--help in Traditional Chinese"
  has "用法" "$out" "zh_TW: --help"
  has "指令：" "$out" "zh_TW: commands are 指令"
  hasnt "命令" "$out" "zh_TW: not the mainland's 命令"
  hasnt "Usage:" "$out" "zh_TW: no English usage line left"
  tw sources
  has "還沒有任何來源" "$out" "zh_TW: the empty sources message"
  tw frobnicate
  expect_rc 2 "zh_TW: unknown command"
  has "未知的指令" "$err" "zh_TW: usage error"
  tw show 12345
  has "沒有編號為 12345 的文章" "$err" "zh_TW: missing article"
fi

done_testing
