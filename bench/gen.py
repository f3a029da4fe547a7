#!/usr/bin/env python3
# gen.py - a feed corpus for bench/parse.sh: N feeds of M items with 1-20 KB
# HTML bodies, a third of them Chinese (some of those in GB18030), RSS 2.0
# and Atom. Deterministic: the same arguments give the same bytes.
import os
import random
import sys

EN = ("the policy government minister said would could market trade "
      "analysis report security climate energy election reform council "
      "budget defence research growth inflation treaty alliance strategy "
      "economy regional summit sanctions investment dialogue").split()
ZH = ("中国 经济 政策 发展 国际 关系 安全 改革 市场 贸易 研究 报告 美国 "
      "欧洲 地区 合作 战略 能源 气候 选举 政府 部长 表示 认为 可能 问题 "
      "社会 历史 文化 技术 金融 投资 增长 评论 分析 观点 未来 世界").split()


def words(rng, zh, n):
    if zh:
        out = []
        for _ in range(n):
            out.append(rng.choice(ZH))
            if rng.random() < 0.12:
                out.append(rng.choice("，。、；："))
        return "".join(out)
    return " ".join(rng.choice(EN) for _ in range(n))


def body(rng, zh, size):
    parts = []
    total = 0
    while total < size:
        kind = rng.random()
        text = words(rng, zh, rng.randint(20, 80))
        if kind < 0.1:
            chunk = "<h2>%s</h2>" % words(rng, zh, 5)
        elif kind < 0.2:
            chunk = ('<p><a href="/articles/%d.html">%s</a> %s</p>' %
                     (rng.randint(1, 99999), words(rng, zh, 3), text))
        elif kind < 0.25:
            chunk = ('<p><img src="https://cdn.example.org/i/%d.jpg" '
                     'alt="%s" width="600"></p>' %
                     (rng.randint(1, 99999), words(rng, zh, 3)))
        elif kind < 0.3:
            chunk = "<blockquote><p>%s</p></blockquote>" % text
        elif kind < 0.35:
            chunk = "<ul><li>%s</li><li>%s</li></ul>" % (
                words(rng, zh, 8), words(rng, zh, 8))
        else:
            chunk = "<p>%s <em>%s</em> %s&nbsp;&mdash; %s</p>" % (
                text, words(rng, zh, 2), words(rng, zh, 10), "&amp;")
        parts.append(chunk)
        total += len(chunk.encode("utf-8"))
    return "\n".join(parts)


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def rss(rng, n, zh, items):
    out = ['<rss version="2.0" xmlns:content='
           '"http://purl.org/rss/1.0/modules/content/" '
           'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>',
           "<title>%s</title><link>https://site%d.example.org/</link>" %
           (esc(words(rng, zh, 4)), n),
           "<language>%s</language>" % ("zh-cn" if zh else "en")]
    for i, (title, size) in enumerate(items):
        html = body(rng, zh, size)
        out.append(
            "<item><title>%s</title>"
            "<link>https://site%d.example.org/a/%d</link>"
            '<guid isPermaLink="false">site%d-%d</guid>'
            "<pubDate>Mon, %02d Mar 2024 %02d:%02d:00 +0800</pubDate>"
            "<dc:creator>%s</dc:creator><category>%s</category>"
            "<description>%s</description>"
            "<content:encoded><![CDATA[%s]]></content:encoded></item>" %
            (esc(title), n, i, n, i, 1 + i % 28, i % 24, i % 60,
             esc(words(rng, zh, 2)), esc(words(rng, zh, 1)),
             esc(html[:300]), html))
    out.append("</channel></rss>\n")
    return "\n".join(out)


def atom(rng, n, zh, items):
    out = ['<feed xmlns="http://www.w3.org/2005/Atom"%s>' %
           (' xml:lang="zh-CN"' if zh else ""),
           "<title>%s</title>" % esc(words(rng, zh, 4)),
           '<link href="https://site%d.example.org/"/>' % n,
           "<id>tag:site%d.example.org,2024:feed</id>" % n,
           "<updated>2024-03-26T10:00:00Z</updated>"]
    for i, (title, size) in enumerate(items):
        html = body(rng, zh, size)
        out.append(
            "<entry><title>%s</title>"
            '<link rel="alternate" href="/a/%d"/>'
            "<id>tag:site%d.example.org,2024:%d</id>"
            "<updated>2024-03-%02dT%02d:%02d:00+08:00</updated>"
            "<author><name>%s</name></author>"
            '<summary type="html">%s</summary>'
            '<content type="html">%s</content></entry>' %
            (esc(title), i, n, i, 1 + i % 28, i % 24, i % 60,
             esc(words(rng, zh, 2)), esc(html[:300]), esc(html)))
    out.append("</feed>\n")
    return "\n".join(out)


def main():
    outdir = sys.argv[1]
    nfeeds = int(sys.argv[2]) if len(sys.argv) > 2 else 200
    nitems = int(sys.argv[3]) if len(sys.argv) > 3 else 50
    rng = random.Random(20240326)
    os.makedirs(outdir, exist_ok=True)
    for n in range(nfeeds):
        zh = n % 3 == 0
        items = [(words(rng, zh, rng.randint(4, 12)),
                  rng.randint(1024, 20 * 1024)) for _ in range(nitems)]
        doc = (atom if n % 4 == 1 else rss)(rng, n, zh, items)
        if zh and n % 4 == 0:
            data = ('<?xml version="1.0" encoding="GB18030"?>\n' +
                    doc).encode("gb18030")
        else:
            data = ('<?xml version="1.0" encoding="UTF-8"?>\n' +
                    doc).encode("utf-8")
        with open(os.path.join(outdir, "feed%03d.xml" % n), "wb") as f:
            f.write(data)


if __name__ == "__main__":
    main()
