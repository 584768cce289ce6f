"""Unit tests of the WARC / CC-NEWS reader on small archives written here with warcio."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from dateline.errors import InputError
from dateline.model import RawInput
from dateline.sources.network import ingest_sources
from dateline.sources.warc import WarcStats, is_warc_path, read_warc

DATE = "2026-11-24T08:30:00Z"


def html(title: str) -> bytes:
    return (f"<!doctype html><html><head><title>{title}</title></head><body><article>"
            f"<h1>{title}</h1>" + "<p>Ministers met to discuss the agreement.</p>" * 5 +
            "</article></body></html>").encode("utf-8")


def response(w: WARCWriter, url: str, body: bytes, status: str = "200 OK",
             ctype: str = "text/html; charset=utf-8", extra: list | None = None):
    headers = StatusAndHeaders(status, [("Content-Type", ctype)] + (extra or []),
                               protocol="HTTP/1.1")
    return w.create_warc_record(url, "response", payload=io.BytesIO(body), http_headers=headers,
                                warc_headers_dict={"WARC-Date": DATE})


def write_warc(path: Path, gz: bool = True, big: bool = False) -> None:
    """warcinfo, request, 2 HTML pages, a PNG, a 404 page, a metadata record, an XHTML page
    in ISO-8859-1, a gzip-encoded page, (optionally a too-large page), and a last page."""
    with path.open("wb") as fh:
        w = WARCWriter(fh, gzip=gz)
        w.write_record(w.create_warcinfo_record("test.warc", {"software": "tests"}))
        req = StatusAndHeaders("GET /a HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        w.write_record(w.create_warc_record("https://news.example/a", "request",
                                            http_headers=req))
        w.write_record(response(w, "https://news.example/a", html("Page A")))
        w.write_record(response(w, "https://news.example/b", html("Page B")))
        w.write_record(response(w, "https://news.example/logo.png", b"\x89PNG\r\n\x1a\n0000",
                                ctype="image/png"))
        w.write_record(response(w, "https://news.example/gone", html("Not found"),
                                status="404 Not Found"))
        w.write_record(w.create_warc_record("https://news.example/a", "metadata",
                                            payload=io.BytesIO(b"fetchTimeMs: 12\n"),
                                            warc_content_type="application/warc-fields"))
        w.write_record(response(w, "https://news.example/x", html("Caf\u00e9 X").decode()
                                .encode("iso-8859-1"),
                                ctype="application/xhtml+xml; charset=ISO-8859-1"))
        w.write_record(response(w, "https://news.example/z", gzip.compress(html("Zipped")),
                                extra=[("Content-Encoding", "gzip")]))
        if big:
            w.write_record(response(w, "https://news.example/big",
                                    b"<html><body>" + b"x" * 5000 + b"</body></html>"))
        w.write_record(response(w, "https://news.example/last", html("Last")))


def test_reads_html_200_responses_only(tmp_path: Path) -> None:
    path = tmp_path / "cc-news.warc.gz"
    write_warc(path)
    stats = WarcStats()
    items = list(read_warc(str(path), stats=stats))
    assert all(isinstance(i, RawInput) for i in items), items
    assert [i.meta["url"] for i in items] == [
        "https://news.example/a", "https://news.example/b", "https://news.example/x",
        "https://news.example/z", "https://news.example/last"]
    assert all(i.format == "html" and i.meta["published"] == DATE for i in items)
    assert "Page A" in items[0].data
    assert "Caf\u00e9 X" in items[2].data  # declared charset honoured
    assert "Zipped" in items[3].data  # Content-Encoding undone
    assert stats.pages == 5 and stats.skipped == {
        "warcinfo": 1, "request": 1, "not-html": 1, "status-404": 1, "metadata": 1}


def test_origin_offsets_point_at_the_records(tmp_path: Path) -> None:
    path = tmp_path / "cc.warc.gz"
    write_warc(path)
    for item in read_warc(str(path)):
        base, _, offset = item.origin.rpartition("#")
        assert base == str(path)
        with path.open("rb") as fh:
            fh.seek(int(offset))
            rec = next(iter(ArchiveIterator(fh)))
            assert rec.rec_headers.get_header("WARC-Target-URI") == item.meta["url"]


def test_uncompressed_warc_and_too_large_record(tmp_path: Path) -> None:
    path = tmp_path / "plain.warc"
    write_warc(path, gz=False, big=True)
    items = list(read_warc(str(path), max_bytes=2000))
    errors = [i for i in items if isinstance(i, InputError)]
    assert len(errors) == 1 and errors[0].reason == "too-large"
    assert items[-1].meta["url"] == "https://news.example/last"  # reading went on after it
    assert len(items) == 6


@pytest.mark.parametrize("gz", [True, False])
@pytest.mark.parametrize("cut", [40, 400])
def test_truncated_archive_keeps_records_before_and_ends_with_error(
        tmp_path: Path, gz: bool, cut: int) -> None:
    whole = tmp_path / "whole.warc"
    write_warc(whole, gz=gz)
    data = whole.read_bytes()
    path = tmp_path / ("cut.warc.gz" if gz else "cut.warc")
    path.write_bytes(data[:-cut])
    items = list(read_warc(str(path)))
    pages = [i for i in items if isinstance(i, RawInput)]
    assert isinstance(items[-1], InputError) and items[-1].reason == "unreadable"
    assert "truncated" in items[-1].detail
    assert all(isinstance(i, RawInput) for i in items[:-1])
    assert [p.meta["url"] for p in pages] == [
        "https://news.example/a", "https://news.example/b", "https://news.example/x",
        "https://news.example/z"][:len(pages)]
    assert len(pages) >= 3  # only the damaged tail is lost
    assert all("Last" not in p.data for p in pages)


def test_missing_empty_and_not_warc_files(tmp_path: Path) -> None:
    (tmp_path / "empty.warc").write_bytes(b"")
    (tmp_path / "junk.warc.gz").write_bytes(gzip.compress(b"hello, not a WARC\n" * 10))
    assert [i.reason for i in read_warc(str(tmp_path / "none.warc"))] == ["unreadable"]
    assert [i.reason for i in read_warc(str(tmp_path / "empty.warc"))] == ["empty"]
    junk = list(read_warc(str(tmp_path / "junk.warc.gz")))
    assert len(junk) == 1 and isinstance(junk[0], InputError)
    assert junk[0].reason == "unreadable"


def test_ingest_sources_reads_warcs_without_a_fetcher(tmp_path: Path) -> None:
    path = tmp_path / "a.warc.gz"
    write_warc(path)
    items = list(ingest_sources([], [], [], [str(path)], {"max_bytes": 100_000}))
    assert len(items) == 5 and all(isinstance(i, RawInput) for i in items)
    assert is_warc_path("X.WARC.GZ") and is_warc_path("a.warc") and not is_warc_path("a.gz")


def test_read_paths_reads_warc_files_found_in_folders(tmp_path: Path) -> None:
    from dateline.sources.files import read_paths

    d = tmp_path / "crawl"
    d.mkdir()
    write_warc(d / "cc-news.warc.gz")
    (d / "page.txt").write_text("Title\n\nA paragraph of text about talks.\n", encoding="utf-8")
    items = list(read_paths([str(d)]))
    warc_items = [i for i in items if "cc-news.warc.gz" in i.origin]
    assert warc_items and all(isinstance(i, RawInput) for i in warc_items)
    assert all(i.meta.get("url", "").startswith("http") for i in warc_items)
    assert not any(isinstance(i, InputError) and i.reason == "unsupported" for i in items)


def test_content_length_too_large_for_an_index_is_a_typed_error(tmp_path: Path) -> None:
    # found by tests/fuzz/fuzz_readers.py: warcio raised OverflowError on a Content-Length of
    # 40 digits; the reader must end the archive with an InputError, never raise
    body = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n<p>x</p>\n"
    record = (b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:1>\r\n"
              b"WARC-Date: 2026-11-24T08:30:00Z\r\nWARC-Target-URI: https://news.example/a\r\n"
              b"Content-Type: application/http; msgtype=response\r\n"
              b"Content-Length: " + b"6" * 40 + b"\r\n\r\n" + body)
    path = tmp_path / "huge.warc"
    path.write_bytes(record)
    items = list(read_warc(str(path)))
    assert items and all(isinstance(i, InputError) for i in items)
    assert items[-1].reason == "unreadable"
