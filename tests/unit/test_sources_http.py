"""Unit tests of the HTTP fetcher, the feed reader and ingest_sources against a local server.

The server (http.server in a thread, 127.0.0.1, ephemeral port) serves small fixture pages, an
RSS 2.0 and an Atom feed, a robots.txt that disallows /private/, a 500-then-200 endpoint, a
redirect loop and an oversize page. Nothing reaches the internet: pages come from this server or
from an httpx.MockTransport on public IP literals (no DNS needed).
"""

from __future__ import annotations

import gzip
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from dateline.errors import InputError
from dateline.model import RawInput
from dateline.sources.network import SourceOptions, ingest_sources, read_url_file
from dateline.sources.feeds import html_to_text, read_feed
from dateline.sources.fetch import FetchConfig, Fetcher, blocked_reason

PARA = ("<p>Officials from both governments met on Tuesday to discuss the border agreement and "
        "the return of displaced families, according to a statement.</p>")


def page(title: str, n: int = 3) -> str:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>{PARA * n}</article></body></html>")


LONG_CONTENT = ("<p>The ministry said the talks would continue next week in the capital. "
                "Delegations from both sides attended, and observers from the regional body "
                "were present.</p><p>A second paragraph gives more detail about the meeting "
                "and its outcome for the people affected by the dispute.</p>")


def rss(base: str) -> str:
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>Test News</title><link>{base}/</link><description>d</description>
<item><title>Talks resume</title><link>{base}/a.html</link>
  <pubDate>Tue, 24 Nov 2026 08:30:00 GMT</pubDate><description>short</description></item>
<item><title>Secret talks</title><link>{base}/private/b.html</link>
  <pubDate>Wed, 25 Nov 2026 10:00:00 +0100</pubDate>
  <content:encoded><![CDATA[{LONG_CONTENT}]]></content:encoded></item>
<item><title>Gone</title><link>{base}/missing.html</link><description>too short</description></item>
<item><title>Talks resume again</title><link>{base}/a.html</link></item>
</channel></rss>"""


ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Atom News</title><id>urn:x</id>
<updated>2026-11-26T12:00:00Z</updated>
<entry><title>Ceasefire holds</title><id>urn:1</id><link rel="alternate" href="c.html"/>
  <updated>2026-11-26T12:00:00Z</updated><summary>s</summary></entry>
</feed>"""


class Server:
    """A tiny routed HTTP server that counts the requests it gets per path."""

    def __init__(self) -> None:
        self.hits: Counter[str] = Counter()
        self.agents: list[str] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:
                owner.hits[self.path] += 1
                owner.agents.append(self.headers.get("User-Agent", ""))
                owner.route(self)

        class Quiet(ThreadingHTTPServer):
            def handle_error(self, request: object, client_address: object) -> None:
                import sys

                if not isinstance(sys.exc_info()[1], ConnectionError):  # client hung up: fine
                    super().handle_error(request, client_address)

        self.httpd = Quiet(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.02,), daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def route(self, h: BaseHTTPRequestHandler) -> None:
        p = h.path
        if p == "/robots.txt":
            return _send(h, 200, "User-agent: *\nDisallow: /private/\n", "text/plain")
        if p in ("/a.html", "/c.html", "/private/b.html"):
            return _send(h, 200, page(f"Page {p}"), "text/html; charset=utf-8")
        if p == "/flaky":
            status = 500 if self.hits[p] == 1 else 200
            return _send(h, status, page("Flaky") if status == 200 else "oops", "text/html")
        if p == "/down":
            return _send(h, 503, "down", "text/plain")
        if p == "/loop1":
            return _redirect(h, "/loop2")
        if p == "/loop2":
            return _redirect(h, "/loop1")
        if p.startswith("/chain/"):
            n = int(p.rsplit("/", 1)[1])
            return _redirect(h, f"/chain/{n + 1}") if n < 10 else _send(h, 200, page("End"))
        if p == "/moved":
            return _redirect(h, "/a.html")
        if p == "/big":
            return _send(h, 200, "<html><body>" + "x" * 5000 + "</body></html>", "text/html")
        if p == "/big-stream":  # no Content-Length: the cap must hold while streaming
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.end_headers()
            for _ in range(50):
                h.wfile.write(b"<p>" + b"y" * 200 + b"</p>")
            return None
        if p == "/gz":
            body = gzip.compress(page("Zipped").encode())
            h.send_response(200)
            h.send_header("Content-Type", "text/html")
            h.send_header("Content-Encoding", "gzip")
            h.send_header("Content-Length", str(len(body)))
            h.end_headers()
            h.wfile.write(body)
            return None
        if p == "/cp1252":
            body = page("Caf\u00e9 \u2013 talks").encode("cp1252")
            return _send(h, 200, body, "text/html; charset=windows-1252")
        if p == "/rss.xml":
            return _send(h, 200, rss(self.base), "application/rss+xml")
        if p == "/feeds/atom.xml":
            return _send(h, 200, ATOM, "application/atom+xml")
        if p == "/feeds/c.html":
            return _send(h, 200, page("Atom page"), "text/html")
        if p == "/feedloop":
            return _redirect(h, "/feedloop2")
        if p == "/feedloop2":
            return _redirect(h, "/feedloop")
        return _send(h, 404, "not found", "text/plain")


def _send(h: BaseHTTPRequestHandler, status: int, body: str | bytes,
          ctype: str = "text/html") -> None:
    data = body.encode("utf-8") if isinstance(body, str) else body
    h.send_response(status)
    h.send_header("Content-Type", ctype)
    h.send_header("Content-Length", str(len(data)))
    h.end_headers()
    h.wfile.write(data)


def _redirect(h: BaseHTTPRequestHandler, location: str) -> None:
    h.send_response(302)
    h.send_header("Location", location)
    h.send_header("Content-Length", "0")
    h.end_headers()


@pytest.fixture()
def server() -> Iterator[Server]:
    srv = Server()
    yield srv
    srv.close()


def cfg(**kw: object) -> FetchConfig:
    base = dict(allow_private=True, rate_limit=0.0, backoff=0.01, max_backoff=0.05, timeout=5.0)
    base.update(kw)
    return FetchConfig(**base)  # type: ignore[arg-type]


# ------------------------------------------------------------------------------- fetcher


def test_fetch_page_and_read_gives_html_rawinput(server: Server) -> None:
    with Fetcher(cfg()) as f:
        res = f.fetch(server.base + "/a.html")
        items = list(f.read(server.base + "/a.html#frag", {"title": "From feed"}))
    assert res.status == 200 and b"Page /a.html" in res.body and not res.from_cache
    assert len(items) == 1 and isinstance(items[0], RawInput)
    assert items[0].format == "html" and "Page /a.html" in items[0].data
    assert items[0].meta["url"] == server.base + "/a.html"
    assert items[0].meta["title"] == "From feed"
    assert all(a == "dateline/0.1" for a in server.agents)


def test_robots_disallow_is_respected_and_cached(server: Server) -> None:
    with Fetcher(cfg()) as f:
        with pytest.raises(InputError) as e:
            f.fetch(server.base + "/private/b.html")
        f.fetch(server.base + "/a.html")
    assert e.value.reason == "robots"
    assert server.hits["/private/b.html"] == 0
    assert server.hits["/robots.txt"] == 1
    with Fetcher(cfg(respect_robots=False)) as f:
        assert f.fetch(server.base + "/private/b.html").status == 200


def test_retry_500_then_200_with_exponential_backoff(server: Server) -> None:
    sleeps: list[float] = []
    with Fetcher(cfg(retries=3), sleep=sleeps.append) as f:
        res = f.fetch(server.base + "/flaky")
    assert res.status == 200 and server.hits["/flaky"] == 2
    assert sleeps == [0.01]
    sleeps.clear()
    with Fetcher(cfg(retries=2), sleep=sleeps.append) as f:
        with pytest.raises(InputError) as e:
            f.fetch(server.base + "/down")
    assert e.value.reason == "http-error" and "503" in e.value.detail
    assert server.hits["/down"] == 3 and sleeps == [0.01, 0.02]


def test_redirects_followed_loops_and_long_chains_refused(server: Server) -> None:
    with Fetcher(cfg()) as f:
        res = f.fetch(server.base + "/moved")
        assert res.final_url == server.base + "/a.html" and res.redirects == [res.final_url]
        with pytest.raises(InputError) as loop:
            f.fetch(server.base + "/loop1")
        with pytest.raises(InputError) as chain:
            f.fetch(server.base + "/chain/0")
    assert loop.value.reason == "redirects" and "loop" in loop.value.detail
    assert chain.value.reason == "redirects" and "more than 5" in chain.value.detail
    assert server.hits["/chain/5"] == 1 and server.hits["/chain/6"] == 0


def test_oversize_pages_are_cut_with_and_without_content_length(server: Server) -> None:
    with Fetcher(cfg(max_bytes=2000)) as f:
        for path in ("/big", "/big-stream"):
            with pytest.raises(InputError) as e:
                f.fetch(server.base + path)
            assert e.value.reason == "too-large", path
        got = list(f.read(server.base + "/big"))
    assert len(got) == 1 and isinstance(got[0], InputError) and got[0].reason == "too-large"


def test_gzip_content_encoding_and_declared_charset(server: Server) -> None:
    with Fetcher(cfg()) as f:
        zipped = list(f.read(server.base + "/gz"))
        latin = list(f.read(server.base + "/cp1252"))
    assert isinstance(zipped[0], RawInput) and "Zipped" in zipped[0].data
    assert isinstance(latin[0], RawInput) and "Caf\u00e9 \u2013 talks" in latin[0].data
    assert not latin[0].meta.get("warnings")


def test_cache_second_run_makes_no_request(server: Server, tmp_path: Path) -> None:
    cache = str(tmp_path / "cache")
    with Fetcher(cfg(cache_dir=cache)) as f:
        first = f.fetch(server.base + "/moved")
    hits = sum(server.hits.values())
    with Fetcher(cfg(cache_dir=cache)) as f:
        second = f.fetch(server.base + "/moved")
        assert f.requests == 0
    assert sum(server.hits.values()) == hits
    assert second.from_cache and second.body == first.body
    assert second.final_url == server.base + "/a.html"
    assert second.headers["content-type"].startswith("text/html")


def test_ssrf_guard_refuses_private_addresses_by_default(server: Server) -> None:
    with Fetcher(FetchConfig(rate_limit=0.0)) as f:
        for url in (server.base + "/a.html", "http://localhost:1/", "http://[::1]/x"):
            with pytest.raises(InputError) as e:
                f.fetch(url)
            assert e.value.reason == "blocked", url
    assert sum(server.hits.values()) == 0
    for host in ("10.1.2.3", "192.168.0.1", "172.16.5.4", "169.254.169.254", "224.0.0.1",
                 "0.0.0.0", "::ffff:127.0.0.1", "fe80::1", "100.64.0.1"):
        assert blocked_reason(host), host
    assert blocked_reason("93.184.216.34") is None


def test_only_http_and_https_schemes() -> None:
    with Fetcher(FetchConfig()) as f:
        for url in ("file:///etc/passwd", "ftp://93.184.216.34/x", "gopher://x/", "/etc/hosts"):
            with pytest.raises(InputError) as e:
                f.fetch(url)
            assert e.value.reason == "bad-url", url


def _mock(handler) -> httpx.MockTransport:
    return httpx.MockTransport(handler)


def test_redirect_hop_to_private_address_is_refused() -> None:
    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.path == "/robots.txt":
            return httpx.Response(404)
        return httpx.Response(302, headers={"Location": "http://10.0.0.5/admin"})

    with Fetcher(FetchConfig(rate_limit=0.0), transport=_mock(handler)) as f:
        with pytest.raises(InputError) as e:
            f.fetch("http://93.184.216.34/go")
    assert e.value.reason == "blocked" and "10.0.0.5" in e.value.detail


def test_rate_limit_retry_after_and_crawl_delay() -> None:
    calls: Counter[str] = Counter()

    def handler(req: httpx.Request) -> httpx.Response:
        calls[req.url.path] += 1
        if req.url.path == "/robots.txt":
            return httpx.Response(200, text="User-agent: *\nCrawl-delay: 7\n")
        if req.url.path == "/busy" and calls["/busy"] == 1:
            return httpx.Response(429, headers={"Retry-After": "3"})
        return httpx.Response(200, html=page("ok"))

    clock = [100.0]
    sleeps: list[float] = []

    def sleep(s: float) -> None:  # a fake clock: sleeping moves time on
        sleeps.append(s)
        clock[0] += s

    conf = FetchConfig(rate_limit=2.0, backoff=0.5, max_backoff=10.0, respect_robots=False)
    with Fetcher(conf, transport=_mock(handler), sleep=sleep, clock=lambda: clock[0]) as f:
        f.fetch("http://93.184.216.34/one")
        f.fetch("http://93.184.216.34/two")
        f.fetch("http://8.8.8.8/other-host")  # another host does not wait
    assert sleeps == [2.0]
    sleeps.clear()
    conf = FetchConfig(rate_limit=2.0, backoff=0.5, max_backoff=10.0)
    with Fetcher(conf, transport=_mock(handler), sleep=sleep, clock=lambda: clock[0]) as f:
        f.fetch("http://93.184.216.34/one")
        f.fetch("http://93.184.216.34/busy")
    # robots.txt (no wait); its Crawl-delay (7 s) beats the rate limit (2 s) for /one and
    # /busy; the 429 honours Retry-After 3 s over the 0.5 s backoff; the retry waits out the
    # rest of the crawl delay (7 - 3 = 4 s).
    assert sleeps == [7.0, 7.0, 3.0, 4.0]
    assert calls["/busy"] == 2 and calls["/robots.txt"] == 1


def test_robots_5xx_disallows_and_4xx_allows() -> None:
    def make(status: int):
        def handler(req: httpx.Request) -> httpx.Response:
            if req.url.path == "/robots.txt":
                return httpx.Response(status)
            return httpx.Response(200, html=page("ok"))
        return handler

    with Fetcher(FetchConfig(rate_limit=0.0, retries=0), transport=_mock(make(500))) as f:
        with pytest.raises(InputError) as e:
            f.fetch("http://93.184.216.34/a")
        assert e.value.reason == "robots"
    with Fetcher(FetchConfig(rate_limit=0.0), transport=_mock(make(404))) as f:
        assert f.fetch("http://93.184.216.34/a").status == 200


def test_timeouts_are_retried_then_reported() -> None:
    n = [0]

    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.path == "/robots.txt":
            return httpx.Response(404)
        n[0] += 1
        raise httpx.ReadTimeout("slow", request=req)

    sleeps: list[float] = []
    with Fetcher(FetchConfig(rate_limit=0.0, retries=2, backoff=1.0), transport=_mock(handler),
                 sleep=sleeps.append) as f:
        with pytest.raises(InputError) as e:
            f.fetch("http://93.184.216.34/slow")
    assert e.value.reason == "network" and n[0] == 3 and sleeps == [1.0, 2.0]


# ------------------------------------------------------------------------------- feeds


def test_rss_feed_pages_fallback_and_errors(server: Server) -> None:
    with Fetcher(cfg()) as f:
        items = list(read_feed(server.base + "/rss.xml", f, min_text_chars=100))
    assert len(items) == 3  # the duplicate link is read once
    page_a, private, missing = items
    assert isinstance(page_a, RawInput) and page_a.format == "html"
    assert page_a.meta["url"] == server.base + "/a.html"
    assert page_a.meta["title"] == "Talks resume" and page_a.meta["feed"] == "Test News"
    assert page_a.meta["published"] == "2026-11-24T08:30:00Z"
    # robots.txt forbids the page: the entry's own content is used instead
    assert isinstance(private, RawInput) and private.format == "record"
    assert private.origin == server.base + "/private/b.html"
    assert private.meta["published"] == "2026-11-25T09:00:00Z"  # converted to UTC
    assert "robots" in private.meta["warnings"][0]
    assert private.data.startswith("The ministry said") and "\n\nA second paragraph" in private.data
    assert server.hits["/private/b.html"] == 0
    assert isinstance(missing, InputError) and missing.reason == "http-error"
    assert "too short" in missing.detail
    assert server.hits["/a.html"] == 1


def test_atom_feed_relative_links_and_updated_date(server: Server) -> None:
    with Fetcher(cfg()) as f:
        items = list(read_feed(server.base + "/feeds/atom.xml", f))
    assert len(items) == 1 and isinstance(items[0], RawInput)
    assert items[0].meta["url"] == server.base + "/feeds/c.html"
    assert items[0].meta["published"] == "2026-11-26T12:00:00Z"
    assert items[0].meta["title"] == "Ceasefire holds"


def test_feed_from_local_file_and_bad_feeds(server: Server, tmp_path: Path) -> None:
    local = tmp_path / "news.rss"
    local.write_text(rss(server.base), encoding="utf-8")
    notfeed = tmp_path / "page.xml"
    notfeed.write_text("just some words, not a feed at all", encoding="utf-8")
    with Fetcher(cfg()) as f:
        got = list(read_feed(str(local), f))
        loop = list(read_feed(server.base + "/feedloop", f))
        bad = list(read_feed(str(notfeed), f))
        gone = list(read_feed(str(tmp_path / "nope.rss"), f))
    assert isinstance(got[0], RawInput) and got[0].meta["url"] == server.base + "/a.html"
    # the content:encoded entry has >= 200 chars of text, so the default minimum is met
    assert isinstance(got[1], RawInput) and got[1].format == "record"
    assert len(loop) == 1 and isinstance(loop[0], InputError)
    assert loop[0].reason == "redirects" and loop[0].origin == server.base + "/feedloop"
    assert len(bad) == 1 and isinstance(bad[0], InputError) and bad[0].reason == "bad-feed"
    assert len(gone) == 1 and gone[0].reason == "unreadable"


def test_entry_linking_back_to_its_feed_does_not_recurse(server: Server, tmp_path: Path) -> None:
    feed = tmp_path / "self.rss"
    feed.write_text(f"""<rss version="2.0"><channel><title>t</title>
<item><title>me</title><link>{server.base}/rss.xml</link><description>x</description></item>
</channel></rss>""", encoding="utf-8")
    start = time.monotonic()
    with Fetcher(cfg()) as f:
        items = list(read_feed(str(feed), f))
    assert time.monotonic() - start < 5
    assert len(items) == 1 and isinstance(items[0], InputError)
    assert items[0].reason == "unsupported"  # the linked "page" is a feed, not an article
    assert server.hits["/rss.xml"] == 1


def test_html_to_text_keeps_paragraphs() -> None:
    text = html_to_text("<p>One &amp; two.</p><script>x()</script><p>Three<br>four</p>")
    assert text == "One & two.\n\nThree\n\nfour"


# ------------------------------------------------------------------------------- cli entry


def test_ingest_sources_all_kinds_in_order(server: Server, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# a comment\n\n{server.base}/c.html  # trailing note\n"
                    f"{server.base}/c.html\nftp://93.184.216.34/x\n", encoding="utf-8")
    opts = SourceOptions(allow_private=True, rate_limit=0.0, backoff=0.01)
    items = list(ingest_sources([server.base + "/feeds/atom.xml"], [server.base + "/moved"],
                                [str(urls), str(tmp_path / "missing.txt")], [], opts))
    kinds = [(type(i).__name__, getattr(i, "reason", None)) for i in items]
    assert kinds == [("RawInput", None), ("RawInput", None), ("RawInput", None),
                     ("InputError", "bad-url"), ("InputError", "unreadable")]
    assert items[1].meta["url"] == server.base + "/a.html"
    assert items[1].origin == server.base + "/moved"
    assert items[2].meta["url"] == server.base + "/c.html"


def test_ingest_sources_default_options_refuse_loopback(server: Server) -> None:
    items = list(ingest_sources([], [server.base + "/a.html"], [], [], {"rate_limit": 0}))
    assert len(items) == 1 and items[0].reason == "blocked"


def test_options_from_dict_or_config_and_url_file(tmp_path: Path) -> None:
    from dateline.config import PipelineConfig

    o = SourceOptions.from_any({"cache_dir": "c", "unknown": 1, "timeout": None})
    assert o.cache_dir == "c" and o.timeout == 20.0
    assert SourceOptions.from_any(PipelineConfig(max_bytes=1234)).max_bytes == 1234
    fc = SourceOptions(rate_limit=0.5, allow_private=True).fetch_config()
    assert fc.rate_limit == 0.5 and fc.allow_private and fc.user_agent == "dateline/0.1"
    f = tmp_path / "u.txt"
    f.write_text("\ufeffhttp://a/1\n#x\nhttp://a/1\nhttp://a/2\n", encoding="utf-8")
    assert list(read_url_file(str(f))) == ["http://a/1", "http://a/2"]


def test_feed_is_refetched_but_pages_come_from_cache(server: Server, tmp_path: Path) -> None:
    conf = cfg(cache_dir=str(tmp_path / "cache"))
    for _ in range(2):
        with Fetcher(conf) as f:
            list(read_feed(server.base + "/rss.xml", f))
    assert server.hits["/rss.xml"] == 2 and server.hits["/a.html"] == 1


def test_fetched_items_go_through_the_clean_stage(server: Server) -> None:
    """The meta we set (url, title, published) lands in the Article (no spaCy needed)."""
    from dateline.config import PipelineConfig
    from dateline.model import Document
    from dateline.pipeline import Resources
    from dateline.registry import registry

    conf = PipelineConfig()
    clean = registry.get("clean", "auto").factory(conf.stage_options("clean"), Resources(conf))
    with Fetcher(cfg()) as f:
        items = list(read_feed(server.base + "/rss.xml", f, min_text_chars=100))
    page_doc = clean(Document(raw=items[0]))
    assert page_doc.article.url == server.base + "/a.html"
    assert "border agreement" in page_doc.article.body
    rec_doc = clean(Document(raw=items[1]))
    art = rec_doc.article
    assert art.title == "Secret talks" and art.published == "2026-11-25T09:00:00Z"
    assert art.url == server.base + "/private/b.html"
    assert art.body.startswith("The ministry said") and len(art.body.split("\n")) == 2
    assert any("feed entry" in w for w in rec_doc.warnings)


def test_broken_urls_bodies_and_slow_drip_are_errors_not_exceptions() -> None:
    clock = [0.0]

    class Drip(httpx.SyncByteStream):
        def __iter__(self):
            for _ in range(1000):
                clock[0] += 1.0  # each chunk takes a (fake) second
                yield b"<p>drip</p>"

    def handler(req: httpx.Request) -> httpx.Response:
        if req.url.path == "/robots.txt":
            return httpx.Response(404)
        if req.url.path == "/badgz":
            return httpx.Response(200, headers={"Content-Encoding": "gzip",
                                                "Content-Type": "text/html"},
                                  content=b"this is not gzip at all")
        return httpx.Response(200, headers={"Content-Type": "text/html"}, stream=Drip())

    conf = FetchConfig(rate_limit=0.0, retries=0, max_time=30.0)
    with Fetcher(conf, transport=_mock(handler), clock=lambda: clock[0]) as f:
        reasons = {}
        for url in ("http://93.184.216.34:notaport/x", "http://93.184.216.34/badgz",
                    "http://93.184.216.34/drip"):
            got = list(f.read(url))
            assert len(got) == 1 and isinstance(got[0], InputError), url
            reasons[url.rsplit("/", 1)[1]] = (got[0].reason, got[0].detail)
    assert reasons["x"][0] == "bad-url"
    assert reasons["badgz"][0] == "network"
    assert reasons["drip"][0] == "network" and "30 s" in reasons["drip"][1]
    assert clock[0] < 40  # stopped soon after max_time, not after 1000 chunks


def test_a_url_that_is_a_feed_is_read_as_a_feed(server: Server) -> None:
    opts = SourceOptions(allow_private=True, rate_limit=0.0)
    items = list(ingest_sources([], [server.base + "/feeds/atom.xml"], [], [], opts))
    assert len(items) == 1 and isinstance(items[0], RawInput)
    assert items[0].meta["url"] == server.base + "/feeds/c.html"
    assert items[0].meta["title"] == "Ceasefire holds"
