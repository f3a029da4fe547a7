#!/usr/bin/env python3
"""tui-pty.py - time a terminal program on a pseudo-terminal.

Usage: tui-pty.py [--cols C] [--rows R] [--gap MS] [--quiet MS]
                  [--wait TEXT] [--key NAME=SEQ]... -- COMMAND ARG...

Starts COMMAND on a new pty of the given size and prints one JSON object:
  first    ms from the fork to the last byte of the first burst of output
           (bytes with less than --gap ms between them, default 30) that
           contains TEXT (default: any output): the first drawn screen
  settled  ms from the fork until the output stopped for --quiet ms
           (default 200): the first screen and whatever followed it
  keys     for each --key, in order, after the previous output settled:
           [burst, settled] in ms from writing SEQ to the last byte of the
           first burst of output it caused, and to the last byte before
           --quiet ms of silence; null when nothing was drawn
  cpu      CPU time (ms) the program had used when TEXT came ("first")
           and when its start settled ("settled"), and for each key, the CPU time it used until the redraw
           settled (from /proc/PID/schedstat): steadier than wall time
           on a busy machine
  rss_kb   the peak resident set size of the program (VmHWM at the end)
SEQ may hold \\e, \\r, \\n and \\xHH escapes, or a terminfo capability
written as ti:NAME (ti:knp is PageDown for the TERM in the environment).
"""
import argparse
import codecs
import curses
import fcntl
import json
import os
import pty
import select
import signal
import struct
import sys
import termios
import time


def seq(s):
    if s.startswith("ti:"):
        v = curses.tigetstr(s[3:])
        if v is None:
            sys.exit("tui-pty: no terminfo %s for TERM=%s" %
                     (s[3:], os.environ.get("TERM")))
        return v
    return codecs.decode(s.replace("\\e", "\\x1b"), "unicode_escape") \
        .encode("latin-1")


def read_until_quiet(fd, gap, quiet, want=None, limit=60.0, on_seen=None):
    """Read until quiet seconds pass without output, once want was seen
    (when given). Returns (end of the first burst holding want, time of
    the last byte, bytes); the times are None when nothing came."""
    out = b""
    last = burst = None
    start = time.monotonic()
    seen = want is None
    while True:
        now = time.monotonic()
        if now - start > limit:
            break
        if last is not None and seen:
            if burst is None and now - last >= gap:
                burst = last
            timeout = (gap if burst is None else quiet) - (now - last)
            if burst is not None and timeout <= 0:
                break
        else:
            timeout = limit - (now - start)
        r, _, _ = select.select([fd], [], [], max(timeout, 0))
        if not r:
            continue
        try:
            data = os.read(fd, 65536)
        except OSError:
            break
        if not data:
            break
        last = time.monotonic()
        out += data
        if not seen and want in out:
            seen = True
            if on_seen is not None:
                on_seen()
    if not seen:
        return None, None, out
    if burst is None:
        burst = last
    return burst, last, out


def cpu_ms(pid):
    try:
        with open("/proc/%d/schedstat" % pid) as f:
            return int(f.read().split()[0]) / 1e6
    except (OSError, ValueError, IndexError):
        return None


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--cols", type=int, default=120)
    p.add_argument("--rows", type=int, default=40)
    p.add_argument("--gap", type=float, default=30)
    p.add_argument("--quiet", type=float, default=200)
    p.add_argument("--wait", default=None)
    p.add_argument("--key", action="append", default=[])
    p.add_argument("cmd", nargs="+")
    a = p.parse_args()
    curses.setupterm(os.environ.get("TERM", "xterm"), sys.stdout.fileno()
                     if sys.stdout.isatty() else os.open(os.devnull,
                                                         os.O_WRONLY))
    keys = [(k.split("=", 1)[0], seq(k.split("=", 1)[1])) for k in a.key]
    quiet = a.quiet / 1000.0
    gap = a.gap / 1000.0
    want = a.wait.encode() if a.wait else None

    t0 = time.monotonic()
    pid, fd = pty.fork()
    if pid == 0:
        fcntl.ioctl(0, termios.TIOCSWINSZ,
                    struct.pack("HHHH", a.rows, a.cols, 0, 0))
        try:
            os.execvp(a.cmd[0], a.cmd)
        finally:
            os._exit(127)
    res = {"first": None, "settled": None, "keys": {}, "cpu": {},
           "rss_kb": None}
    def first_cpu():
        res["cpu"]["first"] = cpu_ms(pid)
    burst, last, out = read_until_quiet(fd, gap, quiet, want,
                                        on_seen=first_cpu)
    if last is not None:
        res["first"] = round((burst - t0) * 1000, 2)
        res["settled"] = round((last - t0) * 1000, 2)
        res["cpu"]["settled"] = cpu_ms(pid)
        for name, s in keys:
            c = cpu_ms(pid)
            t = time.monotonic()
            os.write(fd, s)
            burst, last, _ = read_until_quiet(fd, gap, quiet, None,
                                              limit=30.0)
            res["keys"][name] = ([round((burst - t) * 1000, 2),
                                  round((last - t) * 1000, 2)]
                                 if last is not None else None)
            if c is not None and cpu_ms(pid) is not None:
                res["cpu"][name] = round(cpu_ms(pid) - c, 2)
    # VmHWM, not wait4's ru_maxrss: that counts the Python before exec.
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    res["rss_kb"] = int(line.split()[1])
    except OSError:
        pass
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 10
    while True:
        try:
            r, _, _ = select.select([fd], [], [], 0.05)
            if r:
                os.read(fd, 65536)
        except OSError:
            pass
        wpid, status, _ = os.wait4(pid, os.WNOHANG)
        if wpid == pid:
            break
        if time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
    if res["first"] is None:
        res["tail"] = out[-300:].decode("utf-8", "replace")
    print(json.dumps(res))


if __name__ == "__main__":
    main()
