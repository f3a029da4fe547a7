#!/bin/sh
# debian-deps.sh - install what pundit needs to build and test on Debian 12
# (run as root or through sudo). Used by the README and by .ci/run.
set -e
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends \
  build-essential autoconf automake autopoint gettext pkg-config \
  libcurl4-openssl-dev libxml2-dev libsqlite3-dev libncurses-dev libjson-c-dev \
  ca-certificates git xz-utils \
  python3 groff-base locales tmux zsh valgrind >/dev/null
# The Chinese interface tests need zh_CN.UTF-8 and zh_TW.UTF-8 locales.
for l in zh_CN zh_TW; do
  if ! locale -a 2>/dev/null | grep -qi "^$l\\.utf-\\?8\$"; then
    sed -i "s/^# *\\($l.UTF-8 UTF-8\\)/\\1/" /etc/locale.gen
    grep -q "^$l.UTF-8 UTF-8" /etc/locale.gen ||
      echo "$l.UTF-8 UTF-8" >>/etc/locale.gen
    gen=1
  fi
done
[ -z "${gen:-}" ] || locale-gen >/dev/null
