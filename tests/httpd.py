#!/usr/bin/env python3
# httpd.py - a well-behaved and a hostile HTTP server for the fetch tests.
#
# Listens on 127.0.0.1 (and 127.0.0.2-4 on the same port where it can) on a
# free port, prints the port as its first line, and exits when its stdin
# closes or on SIGTERM. GET /log lists the requests seen so far, one a line,
# and the addresses listened on and the most requests each Host had in
# flight at once; /log?reset=1 clears them afterwards.

import email.utils
import gzip
import os
import select
import socket
import struct
import sys
import threading
import time
import zlib
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel>
<title>Test feed</title><link>http://127.0.0.1/</link>
<description>For the fetch tests</description>
<item><title>First piece</title><link>http://127.0.0.1/1</link>
<guid>piece-1</guid><pubDate>Wed, 01 May 2024 12:00:00 GMT</pubDate>
<description>One.</description></item>
<item><title>Second piece</title><link>http://127.0.0.1/2</link>
<guid>piece-2</guid><pubDate>Thu, 02 May 2024 12:00:00 GMT</pubDate>
<description>Two.</description></item>
</channel></rss>
"""

# GBK bytes in a feed that says it is UTF-8.
WRONG_CHARSET = ("""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>评论</title>
<item><title>硅谷银行与加息</title><guid>gbk-1</guid>
<description>中文内容。</description></item>
</channel></rss>
""").encode("gbk")

# Full-text tests: a feed of summaries whose pages are served, an index
# page of links for an html source, and pages meant to hurt.
ARTICLE_FEED = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Summaries</title>
<item><title>Rates</title><link>http://@HOST@/articles/page/rates</link>
<guid>s-1</guid><description>Short.</description></item>
<item><title>Gbk</title><link>http://@HOST@/articles/gbk</link>
<guid>s-2</guid><description>Short.</description></item>
<item><title>Flaky</title><link>http://@HOST@/articles/flaky</link>
<guid>s-3</guid><description>Short.</description></item>
<item><title>Deep</title><link>http://@HOST@/articles/deep</link>
<guid>s-4</guid><description>Short.</description></item>
<item><title>Huge</title><link>http://@HOST@/articles/huge</link>
<guid>s-5</guid><description>Short.</description></item>
<item><title>Scripts</title><link>http://@HOST@/articles/scripts</link>
<guid>s-6</guid><description>Short.</description></item>
<item><title>Long</title><link>http://@HOST@/articles/page/never</link>
<guid>s-7</guid><description>""" + b"A summary long enough. " * 40 + b"""
</description></item>
</channel></rss>
"""

ARTICLE_INDEX = b"""<!DOCTYPE html><html><head><title>Institute</title>
</head><body><nav><a href="/">Home</a> <a href="/about">About us</a></nav>
<div class="list"><ul>
<li class="item"><a href="page/alpha">Alpha: the first analysis piece</a></li>
<li class="item"><a href="page/beta#top">Beta: a second analysis piece</a></li>
<li class="item"><a href="/articles/page/alpha">Alpha again</a></li>
<li class="item"><a href="javascript:void(0)">Not a link at all here</a></li>
</ul></div><footer><a href="/contact">Contact the institute</a></footer>
</body></html>
"""

PAGE_HEAD = "<!DOCTYPE html><html><head><title>Page</title></head><body>"


def index_page(lang):
    """tests/pages/index-LANG.html, index pages as sites write them, with
    their article links pointed at the article pages here."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                        "pages", "index-%s.html" % lang)
    with open(path, "rb") as f:
        page = f.read()
    for old, new in ((b'href="/analysis/', b'href="/articles/page/analysis/'),
                     (b'href="2024/', b'href="/articles/page/analysis/2024/'),
                     (b'href="./2024', b'href="/articles/page/zjgd/2024'),
                     (b'href="/zjgd/2024', b'href="/articles/page/zjgd/2024')):
        page = page.replace(old, new)
    return page

flaky = [0]


def article_page(name, zh=False):
    if zh:
        paras = "".join("<p>这是第%d段正文，讨论利率、通胀和增长的关系，"
                        "以及央行如何权衡。</p>" % i for i in range(8))
        return ('<html><head><meta http-equiv="Content-Type" '
                'content="text/html; charset=gb2312"><title>中文文章_网站'
                '</title></head><body><div class="nav"><a href="/">首页</a>'
                '</div><div class="article">%s</div><div class="footer">'
                '版权所有 电话 010-12345678</div></body></html>' % paras)
    paras = "".join("<p>Paragraph %d of the %s piece: central banks weigh "
                    "rates, inflation and growth, and the trade-offs are "
                    "hard.</p>" % (i, name) for i in range(8))
    return ('<!DOCTYPE html><html><head><title>The %s piece | Institute'
            '</title><meta name="author" content="Ann Writer"></head><body>'
            '<header class="site-header"><a href="/">Institute</a>'
            '<ul class="menu"><li><a href="/a">Topics</a></li>'
            '<li><a href="/b">Experts</a></li></ul></header>'
            '<article><h1>The %s piece</h1>%s</article>'
            '<div class="related"><h3>Related</h3><ul><li><a href="/x">'
            'Something else entirely</a></li></ul></div>'
            '<footer>Copyright Institute, 1 Road, phone 555-0100</footer>'
            '</body></html>' % (name, name, paras))


ETAG = '"v1"'
LAST_MODIFIED = "Wed, 01 May 2024 12:00:00 GMT"
GZIP_FEED = gzip.compress(FEED, mtime=0)


def make_bomb(mib):
    """Gzip of mib MiB of zeros without holding them: every 1 MiB block
    ends in a full flush, so all blocks compress to the same bytes."""
    zeros = bytes(1 << 20)
    c = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = c.compress(zeros) + c.flush(zlib.Z_FULL_FLUSH)
    crc = 0
    for _ in range(mib):
        crc = zlib.crc32(zeros, crc)
    head = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"
    tail = b"\x03\x00" + struct.pack("<II", crc, (mib << 20) & 0xFFFFFFFF)
    return head + block * mib + tail


BOMB = make_bomb(1024)

# Added to every answer (seconds), for benchmarks: PUNDIT_HTTPD_LATENCY_MS.
LATENCY = int(os.environ.get("PUNDIT_HTTPD_LATENCY_MS", "0")) / 1000.0

# What /gen feeds say: /control?version=N changes every title, so tests
# can see a re-fetch update articles in place.
version = [1]


def gen_feed(name, items, size, ver):
    """A feed of items pieces with size-byte bodies, half in Chinese;
    the same arguments always give the same bytes."""
    out = ['<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
           'xmlns:content="http://purl.org/rss/1.0/modules/content/">'
           '<channel><title>Generated %s</title>'
           '<link>http://127.0.0.1/gen/%s</link>' % (name, name)]
    latin = "Productivity, tariffs and the slow arithmetic of growth. "
    han = "加息周期接近尾声，新兴市场的资本流动压力有所缓解。"
    for i in range(items):
        text = (han if i % 2 else latin)
        body = (text * (size // len(text.encode()) + 1))[:max(size // 3, 1)]
        day = 1 + i % 28
        out.append('<item><title>%s piece %d v%d</title>'
                   '<link>http://127.0.0.1/gen/%s/%d</link>'
                   '<guid>gen-%s-%d</guid>'
                   '<pubDate>Tue, %02d May 2024 %02d:%02d:00 GMT</pubDate>'
                   '<description>Summary %d.</description>'
                   '<content:encoded><![CDATA[<p>%s</p>]]></content:encoded>'
                   '</item>' % (name, i, ver, name, i, name, i, day,
                                i // 60 % 24, i % 60, i, body))
    out.append('</channel></rss>\n')
    return "".join(out).encode()


lock = threading.Lock()
sent = [0]
requests = []
inflight = {}
max_inflight = {}
counts = {}
addresses = []


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60

    def log_message(self, format, *args):
        pass

    def version_string(self):
        return "pundit-test"

    def do_GET(self):
        self.dispatch()

    def do_HEAD(self):
        self.dispatch()

    def do_POST(self):
        n = int(self.headers.get("Content-Length", "0"))
        self.posted = self.rfile.read(n) if n > 0 else b""
        self.dispatch()

    def dispatch(self):
        if LATENCY:
            time.sleep(LATENCY)
        url = urlsplit(self.path)
        self.query = parse_qs(url.query)
        host = self.headers.get("Host", "-")
        if url.path != "/log":
            with lock:
                requests.append("%s %s host=%s inm=%s ims=%s ae=%s ua=%s" % (
                    self.command, self.path, host,
                    self.headers.get("If-None-Match", "-"),
                    self.headers.get("If-Modified-Since", "-"),
                    self.headers.get("Accept-Encoding", "-"),
                    self.headers.get("User-Agent", "-")))
                counts[url.path] = counts.get(url.path, 0) + 1
                inflight[host] = inflight.get(host, 0) + 1
                if inflight[host] > max_inflight.get(host, 0):
                    max_inflight[host] = inflight[host]
        try:
            self.route(url.path)
        except (BrokenPipeError, ConnectionResetError, socket.timeout):
            self.close_connection = True
        finally:
            if url.path != "/log":
                with lock:
                    inflight[host] -= 1

    def arg(self, name, default):
        try:
            return int(self.query.get(name, [default])[0])
        except ValueError:
            return default

    def send(self, code, body=b"", ctype="application/rss+xml; charset=utf-8",
             headers=()):
        self.send_response(code)
        if ctype is not None:
            self.send_header("Content-Type", ctype)
        for name, value in headers:
            self.send_header(name, value)
        if code != 304:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD" and code != 304:
            self.wfile.write(body)
            with lock:
                sent[0] += len(body)

    def client_gone(self, seconds):
        """Wait up to seconds; whether the client closed meanwhile."""
        r, _, _ = select.select([self.connection], [], [], seconds)
        if not r:
            return False
        try:
            return self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    def route(self, path):
        host = self.headers.get("Host", "127.0.0.1")
        if path == "/feed.xml":
            self.send(200, FEED)
        elif path == "/etag.xml":
            if self.headers.get("If-None-Match") == ETAG:
                self.send(304, headers=[("ETag", ETAG)])
            else:
                self.send(200, FEED, headers=[("ETag", ETAG)])
        elif path == "/lm.xml":
            if self.headers.get("If-Modified-Since") == LAST_MODIFIED:
                self.send(304)
            else:
                self.send(200, FEED,
                          headers=[("Last-Modified", LAST_MODIFIED)])
        elif path == "/gzip.xml":
            self.send(200, GZIP_FEED, headers=[("Content-Encoding", "gzip")])
        elif path.startswith("/redirect/"):
            n = int(path[len("/redirect/"):] or 0)
            where = "/feed.xml" if n <= 1 else "/redirect/%d" % (n - 1)
            self.send(302, b"", "text/plain", [("Location", where)])
        elif path == "/moved":
            self.send(301, b"", "text/plain", [("Location", "/feed.xml")])
        elif path == "/moved2":
            self.send(301, b"", "text/plain", [("Location", "moved")])
        elif path == "/moved308":
            # Permanent, then temporary: moved_to is the first hop only.
            self.send(308, b"", "text/plain",
                      [("Location", "http://%s/redirect/1" % host)])
        elif path == "/temporary":
            self.send(307, b"", "text/plain", [("Location", "/feed.xml")])
        elif path == "/loop":
            self.send(302, b"", "text/plain", [("Location", "/loop")])
        elif path == "/tofile":
            self.send(302, b"", "text/plain",
                      [("Location", "file:///etc/passwd")])
        elif path.startswith("/status/"):
            code = int(path[len("/status/"):])
            body = b"status %d\n" % code
            if self.arg("bomb", 0):
                self.send(code, BOMB, "text/html",
                          [("Content-Encoding", "gzip")])
            else:
                self.send(code, body, "text/plain")
        elif path == "/retry-after":
            if self.arg("date", 0):
                value = email.utils.formatdate(time.time() + 2, usegmt=True)
            else:
                value = "2"
            self.send(429, b"slow down\n", "text/plain",
                      [("Retry-After", value)])
        elif path == "/unavailable":
            self.send(503, b"later\n", "text/plain", [("Retry-After", "1")])
        elif path == "/drip":
            # One byte a second: over any low-speed limit of 1 byte/s, so
            # only the total timeout ends it.
            ms = self.arg("ms", 1000)
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.flush()
            for _ in range(100000):
                if self.client_gone(ms / 1000.0):
                    break
                self.wfile.write(b"x")
                self.wfile.flush()
            self.close_connection = True
        elif path == "/hang":
            # Read the request, never answer, until the client gives up.
            for _ in range(120):
                if self.client_gone(1.0):
                    break
            self.close_connection = True
        elif path == "/drip-fast":
            time.sleep(self.arg("ms", 300) / 1000.0)
            self.send(200, FEED)
        elif path == "/big":
            size = self.arg("mb", 0) << 20 or self.arg("kb", 0) << 10
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            if self.arg("nolength", 0):
                self.send_header("Connection", "close")
                self.close_connection = True
            else:
                self.send_header("Content-Length", str(size))
            self.end_headers()
            chunk = b"x" * 65536
            while size > 0 and self.command != "HEAD":
                self.wfile.write(chunk[:size])
                size -= len(chunk)
        elif path == "/bomb":
            self.send(200, BOMB, headers=[("Content-Encoding", "gzip")])
        elif path == "/wrongtype":
            self.send(200, FEED, "text/plain")
        elif path == "/wrongcharset":
            self.send(200, WRONG_CHARSET)
        elif path == "/truncated":
            self.send_response(200)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", "1000")
            self.end_headers()
            self.wfile.write(FEED[:100])
            self.wfile.flush()
            self.close_connection = True
        elif path == "/hostile":
            # Escapes in the reason phrase and in the headers, binary junk.
            out = [b"HTTP/1.1 499 Bad\x1b[2J\x07\x9b31m Thing\r\n",
                   b"ETag: \"a\x01b\"\r\n",
                   b"Content-Type: text/\x1b]0;pwned\x07html\r\n",
                   b"Retry-After: 99999999999999999999999\r\n"]
            for i in range(50):
                out.append(b"X-Junk-%d: %s\r\n" %
                           (i, bytes(range(128, 256)) * 30))
            out.append(b"Content-Length: 4\r\nConnection: close\r\n\r\njunk")
            self.wfile.write(b"".join(out))
            self.close_connection = True
        elif path.startswith("/gen/"):
            # /gen/NAME?items=N&size=BYTES: a generated feed, with an ETag.
            name = path[5:].replace("/", "_") or "x"
            body = gen_feed(name, self.arg("items", 10),
                            self.arg("size", 300), version[0])
            etag = '"%08x"' % zlib.crc32(body)
            if self.headers.get("If-None-Match") == etag:
                self.send(304, headers=[("ETag", etag)])
            else:
                self.send(200, body, headers=[("ETag", etag)])
        elif path.startswith("/movedto/"):
            # /movedto/PATH: 301 to /PATH (with the query).
            target = "http://%s/%s" % (host, path[len("/movedto/"):])
            if self.query:
                target += "?" + urlsplit(self.path).query
            self.send(301, b"", "text/plain", headers=[("Location", target)])
        elif path == "/echo":
            # a POST comes back: "METHOD TYPE EXPECT\n" then its body
            head = "%s %s %s\n" % (self.command,
                                   self.headers.get("Content-Type", "-"),
                                   self.headers.get("Expect", "-"))
            self.send(200, head.encode() + getattr(self, "posted", b""),
                      "text/plain")
        elif path == "/control":
            version[0] = self.arg("version", version[0])
            self.send(200, b"ok\n", "text/plain")
        elif path == "/hugeheader":
            self.send_response(200)
            self.send_header("X-Huge", "y" * (300 << 10))
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif path.startswith("/file/"):
            self.serve_file(path[len("/file/"):])
        elif path == "/endless":
            # A new URL at every hop, so no loop detection can help.
            self.send(302, b"", "text/plain",
                      [("Location", "/endless?n=%d" % (self.arg("n", 0) + 1))])
        elif path.startswith("/articles/"):
            self.articles(path[len("/articles/"):], host)
        elif path == "/log":
            with lock:
                lines = ["listen %s" % a for a in addresses]
                lines += ["max %s %d" % (h, n)
                          for h, n in sorted(max_inflight.items())]
                lines += ["count %s %d" % (p, n)
                          for p, n in sorted(counts.items())]
                lines.append("bytes %d" % sent[0])
                lines += requests
                if self.arg("reset", 0):
                    requests.clear()
                    max_inflight.clear()
                    counts.clear()
                    sent[0] = 0
            self.send(200, ("\n".join(lines) + "\n").encode(), "text/plain")
        else:
            self.send(404, b"no such route\n", "text/plain")


    def serve_file(self, name):
        """/file/NAME: the bytes of $PUNDIT_HTTPD_FILES/NAME as they are
        now (a test rewrites them between fetches); NAME.head, if there,
        has the status on its first line and more headers below it."""
        where = os.environ.get("PUNDIT_HTTPD_FILES", "")
        path = os.path.join(where, os.path.basename(name))
        if not where or not os.path.isfile(path):
            self.send(404, b"no such file\n", "text/plain")
            return
        code, headers, ctype = 200, [], "application/rss+xml"
        if os.path.isfile(path + ".head"):
            with open(path + ".head") as f:
                lines = f.read().splitlines()
            code = int(lines[0])
            for line in lines[1:]:
                k, _, v = line.partition(":")
                if k.lower() == "content-type":
                    ctype = v.strip() or None
                elif k:
                    headers.append((k, v.strip()))
        with open(path, "rb") as f:
            self.send(code, f.read(), ctype, headers)

    def articles(self, name, host):
        """Pages for the full-text tests (tests/fulltext.sh)."""
        html = "text/html; charset=utf-8"
        if name == "feed.xml":
            self.send(200, ARTICLE_FEED.replace(b"@HOST@", host.encode()))
        elif name == "index.html":
            self.send(200, ARTICLE_INDEX, html)
        elif name in ("list-en", "list-zh"):
            self.send(200, index_page(name[5:]),
                      html if name == "list-en" else "text/html")
        elif name.startswith("page/"):
            self.send(200, article_page(name[5:]).encode(), html)
        elif name == "gbk":
            self.send(200, article_page("gbk", zh=True).encode("gbk"),
                      "text/html")
        elif name == "flaky":
            if flaky[0]:
                self.send(200, article_page("flaky").encode(), html)
            else:
                self.send(404, b"not yet\n", "text/plain")
        elif name == "fix":
            flaky[0] = 1
            self.send(200, b"ok\n", "text/plain")
        elif name == "deep":
            body = "<div>" * 100000 + "deep text" + "</div>" * 100000
            self.send(200, (PAGE_HEAD + body).encode(), html)
        elif name == "huge":
            para = "<p>" + "Filler words for a huge page, " * 40 + "</p>"
            self.send(200, (PAGE_HEAD + para * 6000).encode(), html)
        elif name == "scripts":
            page = article_page("scripts").replace(
                "<p>", "<script>alert('pwned')</script>"
                "<style>p { color: red }</style><p>")
            self.send(200, page.encode(), html)
        else:
            self.send(404, b"no such article\n", "text/plain")


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        # Clients that give up are what this server is for.
        if not isinstance(sys.exc_info()[1], (ConnectionError, TimeoutError)):
            super().handle_error(request, client_address)


def main():
    servers = [Server(("127.0.0.1", 0), Handler)]
    port = servers[0].server_address[1]
    addresses.append("127.0.0.1")
    for a in ("127.0.0.2", "127.0.0.3", "127.0.0.4"):
        try:
            servers.append(Server((a, port), Handler))
            addresses.append(a)
        except OSError:
            pass
    for s in servers:
        threading.Thread(target=s.serve_forever, daemon=True).start()
    print(port, flush=True)
    # Until stdin closes (the test ended, however it ended).
    while sys.stdin.buffer.read(4096):
        pass
    os._exit(0)


if __name__ == "__main__":
    main()
