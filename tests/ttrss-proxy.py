#!/usr/bin/env python3
"""ttrss-proxy.py - an HTTP proxy on 127.0.0.1 that counts what passes.

Clients reach it through http_proxy (absolute URLs). It prints its port on
stdout, then forwards each request to 127.0.0.1 and appends one line a
request to LOG: "METHOD PATH REQUEST-BYTES RESPONSE-BYTES".

  ttrss-proxy.py LOG [--fail-after N] [--hang-after N]

--fail-after N: from the (N+1)th request on, close the connection without
answering (a server that stopped). --hang-after N: from the (N+1)th on,
wait without answering (for a kill in the middle of a sync).
"""
import http.client
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

log_path = sys.argv[1]
fail_after = hang_after = None
args = sys.argv[2:]
while args:
    if args[0] == "--fail-after":
        fail_after = int(args[1])
    elif args[0] == "--hang-after":
        hang_after = int(args[1])
    args = args[2:]
lock = threading.Lock()
count = [0]


class Proxy(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *a):
        pass

    def forward(self):
        with lock:
            count[0] += 1
            n = count[0]
        length = int(self.headers.get("Content-Length", "0") or 0)
        body = self.rfile.read(length) if length else None
        if fail_after is not None and n > fail_after:
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
            return
        if hang_after is not None and n > hang_after:
            time.sleep(3600)
        u = urlsplit(self.path)
        port = u.port or 80
        path = u.path + ("?" + u.query if u.query else "")
        headers = {k: v for k, v in self.headers.items()
                   if k.lower() not in ("proxy-connection", "connection",
                                        "keep-alive")}
        c = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        c.request(self.command, path, body=body, headers=headers)
        r = c.getresponse()
        data = r.read()
        self.send_response(r.status, r.reason)
        sent_head = 0
        for k, v in r.getheaders():
            if k.lower() in ("transfer-encoding", "connection", "keep-alive",
                             "content-length"):
                continue
            self.send_header(k, v)
            sent_head += len(k) + len(v) + 4
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
        c.close()
        req_bytes = len(self.requestline) + sum(
            len(k) + len(v) + 4 for k, v in self.headers.items()) + length
        with lock, open(log_path, "a") as f:
            f.write("%s %s %d %d\n" % (self.command, u.path, req_bytes,
                                       len(data) + sent_head + 17))

    do_GET = do_POST = do_HEAD = forward


srv = ThreadingHTTPServer(("127.0.0.1", 0), Proxy)
srv.daemon_threads = True
print(srv.server_address[1], flush=True)
srv.serve_forever()
