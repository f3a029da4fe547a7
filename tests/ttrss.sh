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
# (the tests against the server follow)
done_testing
