#!/bin/sh
# autogen.sh - generate configure and the build-aux files from a checkout.
set -e
cd "$(dirname "$0")"
autoreconf --force --install --warnings=all
