"""`dateline watch`: polls feeds, ingests only new articles, survives restarts (no model:
the pipeline here is the clean stage only; a local HTTP server on 127.0.0.1 serves the feed)."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from dateline.config import PipelineConfig
from dateline.errors import ConfigError
from dateline.pipeline import Pipeline
from dateline.sources.network import SourceOptions
from dateline.store import open_store
from dateline.watch import parse_interval, read_feed_list, watch

PAGE = ("<html><head><title>{t}</title></head><body><article><h1>{t}</h1>"
        "<p>The foreign ministers of two neighbouring countries met in the capital on Monday "
        "to discuss border trade and a new rail link, officials said after the talks.</p>"
        "<p>They agreed to meet again next month and to set up a joint commission on {t}.</p>"
        "</article></body></html>")


class Site:
    def __init__(self) -> None:
        self.entries = ["alpha", "beta"]
        self.page_hits: list[str] = []

    def feed(self, base: str) -> str:
        items = "".join(f"<item><title>{e}</title><link>{base}/{e}.html</link>"
                        f"<pubDate>Mon, 01 Sep 2025 10:00:00 GMT</pubDate></item>"
                        for e in self.entries)
        return f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}</channel></rss>'


@pytest.fixture()
def site():
    state = Site()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            if self.path == "/feed.xml":
                body, ctype = state.feed(base), "application/rss+xml"
            elif self.path.endswith(".html"):
                state.page_hits.append(self.path)
                body, ctype = PAGE.format(t=self.path.strip("/").removesuffix(".html")), "text/html"
            else:
                self.send_response(404)
                self.end_headers()
                return
            data = body.encode("utf-8")
            self.send_response(200)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    state.url = f"http://127.0.0.1:{server.server_address[1]}/feed.xml"
    yield state
    server.shutdown()


def _setup(tmp_path, site):
    feeds = tmp_path / "feeds.txt"
    feeds.write_text(f"# my feeds\n{site.url}\n\n{site.url}  # listed twice\n", encoding="utf-8")
    pipe = Pipeline(PipelineConfig().without("nlp", "entities", "dates", "places", "events"))
    opts = SourceOptions(cache_dir=str(tmp_path / "cache"), rate_limit=0.0, allow_private=True,
                         respect_robots=False)
    return feeds, pipe, opts


def test_only_new_articles_and_no_refetch(tmp_path, site):
    feeds, pipe, opts = _setup(tmp_path, site)
    db = tmp_path / "w.duckdb"
    lines: list[str] = []
    reports = watch(feeds, db, pipe, opts, every=0.01, cycles=2, echo=lines.append,
                    sleep=lambda s: None)
    assert [r.stats["stored"] for r in reports] == [2, 0]
    assert reports[1].stats["duplicate"] == 2
    assert sorted(site.page_hits) == ["/alpha.html", "/beta.html"]  # pages fetched once
    assert "new 2" in lines[0] and "new 0" in lines[1]

    # a restart (new pipeline, new process state) with a new entry in the feed
    site.entries.append("gamma")
    _, pipe2, _ = _setup(tmp_path, site)
    [again] = watch(feeds, db, pipe2, opts, every=1, cycles=1, echo=lambda s: None)
    assert again.stats["stored"] == 1 and again.stats["duplicate"] == 2
    assert sorted(site.page_hits) == ["/alpha.html", "/beta.html", "/gamma.html"]
    store = open_store(db, read_only=True)
    assert store.counts()["articles"] == 3
    store.close()


def test_interval_and_feed_list(tmp_path):
    assert parse_interval("15m") == 900 and parse_interval("30s") == 30
    assert parse_interval("2h") == 7200 and parse_interval("5") == 300
    for bad in ("", "fast", "-1m", "0s"):
        with pytest.raises(ConfigError):
            parse_interval(bad)
    f = tmp_path / "f.txt"
    f.write_text("\ufeffa.xml\n# c\nb.xml # note\na.xml\n", encoding="utf-8")
    assert read_feed_list(f) == ["a.xml", "b.xml"]
    with pytest.raises(ConfigError, match="cannot read"):
        read_feed_list(tmp_path / "missing.txt")
