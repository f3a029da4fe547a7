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
  python3 groff-base locales tmux zsh >/dev/null
# The Chinese interface test needs a zh_CN.UTF-8 locale.
if ! locale -a 2>/dev/null | grep -qi '^zh_CN\.utf-\?8$'; then
  sed -i 's/^# *\(zh_CN.UTF-8 UTF-8\)/\1/' /etc/locale.gen
  grep -q '^zh_CN.UTF-8 UTF-8' /etc/locale.gen ||
    echo 'zh_CN.UTF-8 UTF-8' >>/etc/locale.gen
  locale-gen >/dev/null
fi
