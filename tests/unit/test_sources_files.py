"""Unit tests of the readers: formats, encodings and every InputError reason."""

from __future__ import annotations

import gzip
import json
import os
import time
from pathlib import Path

import pytest

from dateline.errors import InputError
from dateline.model import RawInput
from dateline.sources.files import decode_text, read_bytes, read_paths, sniff_format

SCRAPE = "Leaders meet in Geneva\n\nDiplomats met in Geneva on Monday for talks.\n"
HTML = "<!doctype html><html><head><title>T</title></head><body><p>Hi there.</p></body></html>"


def _one(items):
    items = list(items)
    assert len(items) == 1, items
    return items[0]


def test_text_html_and_sniffing(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(SCRAPE, encoding="utf-8")
    (tmp_path / "b.html").write_text(HTML)
    (tmp_path / "c.dat").write_text(HTML)  # unknown extension, sniffs as HTML
    (tmp_path / "d.html.gz").write_bytes(gzip.compress(HTML.encode()))
    got = list(read_paths([str(tmp_path)]))
    assert [g.format for g in got] == ["text", "html", "html", "html"]
    assert got[0].origin == os.path.join(str(tmp_path), "a.txt")
    assert got[0].data == SCRAPE and got[0].encoding == "utf-8"
    assert got[3].data == HTML


def test_folder_recursive_sorted_skips_hidden(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "x.txt").write_text(SCRAPE)
    (tmp_path / ".hidden.txt").write_text(SCRAPE)
    (tmp_path / "sub" / "b.txt").write_text(SCRAPE)
    (tmp_path / "a.txt").write_text(SCRAPE)
    got = [g.origin for g in read_paths([str(tmp_path)])]
    assert got == [os.path.join(str(tmp_path), "a.txt"),
                   os.path.join(str(tmp_path), "sub", "b.txt")]


def test_jsonl_records_and_bad_lines(tmp_path: Path) -> None:
    lines = [json.dumps({"text": "Body one.", "title": "One", "url": "http://x/1",
                         "published": "2025-09-01"}),
             "{not json",
             json.dumps({"title": "no text"}),
             "",
             json.dumps({"text": "Body two."})]
    p = tmp_path / "f.jsonl"
    p.write_text("\n".join(lines))
    got = list(read_paths([str(p)]))
    assert [type(g).__name__ for g in got] == ["RawInput", "InputError", "InputError", "RawInput"]
    assert got[0].format == "record" and got[0].data == "Body one."
    assert got[0].meta["title"] == "One" and got[0].origin == f"{p}#L1"
    assert got[1].reason == "bad-json" and got[1].origin == f"{p}#L2"
    assert got[2].reason == "bad-json"
    assert got[3].origin == f"{p}#L5"
    gz = tmp_path / "g.jsonl.gz"
    gz.write_bytes(gzip.compress("\n".join(lines).encode()))
    assert sum(isinstance(g, RawInput) for g in read_paths([str(gz)])) == 2


def test_encodings() -> None:
    text = "Caf\u00e9 talks \u201cended\u201d in Z\u00fcrich."
    for data, enc in ((text.encode("utf-8"), "utf-8"),
                      (b"\xef\xbb\xbf" + text.encode(), "utf-8-sig"),
                      (text.encode("utf-16"), "utf-16"), (text.encode("utf-16-le"), "utf-16-le"),
                      (text.encode("cp1252"), "cp1252")):
        got, used, _ = decode_text(data)
        assert got == text and used == enc
    got, used, warnings = decode_text("\u00e9t\u00e9 \u00e0 Gen\u00e8ve".encode() + b"\xff ok")
    assert used == "utf-8" and warnings and "\ufffd" in got
    r = _one(read_bytes("mem.txt", text.encode("cp1252")))
    assert r.data == text and r.meta["warnings"]


def test_error_reasons(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_bytes(b"  \n\n ")
    (tmp_path / "bin.txt").write_bytes(b"abc\x00\x01\x02" * 100)
    (tmp_path / "doc.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / "png.txt").write_bytes(b"\x89PNG\r\n\x1a\n....")
    reasons = {Path(e.origin).name: e.reason for e in read_paths([str(tmp_path)])}
    assert reasons == {"empty.txt": "empty", "blank.txt": "empty", "bin.txt": "binary",
                       "doc.pdf": "unsupported", "png.txt": "binary"}
    missing = _one(read_paths([str(tmp_path / "nope.txt")]))
    assert isinstance(missing, InputError) and missing.reason == "unreadable"


def test_encoding_error() -> None:
    e = _one(read_bytes("x.txt", b"hello \x81\x8d\x8f\x90\x9d world " * 20))
    assert isinstance(e, InputError) and e.reason == "encoding"


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads anything")
def test_unreadable(tmp_path: Path) -> None:
    p = tmp_path / "secret.txt"
    p.write_text(SCRAPE)
    p.chmod(0)
    try:
        e = _one(read_paths([str(p)]))
        assert isinstance(e, InputError) and e.reason == "unreadable"
    finally:
        p.chmod(0o644)


def test_too_large_is_quick(tmp_path: Path) -> None:
    p = tmp_path / "big.html"
    with p.open("wb") as fh:  # a sparse 50 MB file
        fh.seek(50_000_000 - 1)
        fh.write(b"\0")
    t = time.perf_counter()
    e = _one(read_paths([str(p)]))
    assert isinstance(e, InputError) and e.reason == "too-large"
    assert time.perf_counter() - t < 0.5
    e = _one(read_bytes("bomb.html.gz", gzip.compress(b"<p>" * 1_000_000), max_bytes=100_000))
    assert e.reason == "too-large"


def test_read_bytes_and_sniff() -> None:
    r = _one(read_bytes("https://ex.org/a?x=1", HTML))
    assert r.format == "html" and r.origin == "https://ex.org/a?x=1"
    recs = list(read_bytes("stdin", '{"text": "a"}\n{"text": "b"}\n'))
    assert [r.data for r in recs] == ["a", "b"]
    assert sniff_format("x.txt", "Title\n\nBody.") == "text"
    assert sniff_format("x.txt", "<html><body><p>x</p></body></html>") == "html"
    assert sniff_format("feed.xml", '<?xml version="1.0"?><rss version="2.0">') == "feed"
    assert _one(read_bytes("f.xml", '<?xml version="1.0"?><rss></rss>')).reason == "unsupported"
    assert _one(read_bytes("one.json", '{"text": "only", "title": "T"}')).meta["title"] == "T"


def test_unreadable_permission_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A read that fails with PermissionError (simulated: tests may run as root) is reported
    as ``unreadable`` and the next file is still read."""
    (tmp_path / "a.txt").write_text(SCRAPE)
    (tmp_path / "b.txt").write_text(SCRAPE)
    real_open = Path.open

    def fake_open(self, *args, **kwargs):
        if self.name == "a.txt":
            raise PermissionError(13, "Permission denied")
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", fake_open)
    got = list(read_paths([str(tmp_path)]))
    assert isinstance(got[0], InputError) and got[0].reason == "unreadable"
    assert "Permission denied" in got[0].detail
    assert isinstance(got[1], RawInput)
