"""Hostile inputs: every item is read and cleaned to an Article or rejected with a reason.

Issue 8, first guarantee: bad input never crashes a batch and never passes silently. A corpus
of hostile files is built in ``tmp_path`` (big ones generated here, small ones copied from
tests/fixtures/hostile/), read with :func:`dateline.sources.files.read_paths` and cleaned with
the ``clean/auto`` stage. No spaCy model is loaded.
"""

from __future__ import annotations

import gzip
import json
import shutil
import time
import tracemalloc
from pathlib import Path

import pytest

import dateline.stages.clean  # noqa: F401  (registers the clean stages)
from dateline.config import PipelineConfig
from dateline.errors import InputError
from dateline.model import Article, Document, RawInput
from dateline.pipeline import Resources
from dateline.registry import registry
from dateline.sources.files import read_bytes, read_paths

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "hostile"

BODY = ("The foreign minister met his counterpart in the capital on Tuesday to discuss trade "
        "and security, officials said.\n\n"
        "Both sides agreed to continue the talks next month, a spokesman said after the "
        "meeting ended late in the evening.\n\n"
        "The ministers also discussed cooperation on border crossings and the return of "
        "detained fishermen, according to a joint statement.\n")
PAGE = "Ministers meet for trade talks\n\n" + BODY
HUGE = 100 * 1024 * 1024


@pytest.fixture(scope="module")
def clean():
    """The default clean stage, built the way the pipeline builds it."""
    cfg = PipelineConfig()
    return registry.get("clean", "auto").factory(cfg.stage_options("clean"), Resources(cfg))


def outcome(item: RawInput | InputError, clean) -> tuple[str, Article | InputError | None, Document | None]:
    """``("article", Article, doc)`` or ``("rejected:<reason>", InputError, None)``.

    Any other exception is a failure of the guarantee and is returned as ``crash:<type>`` so
    that the report shows it instead of the batch stopping.
    """
    if isinstance(item, InputError):
        return f"rejected:{item.reason}", item, None
    try:
        doc = clean(Document(raw=item))
    except InputError as exc:
        return f"rejected:{exc.reason}", exc, None
    except Exception as exc:  # noqa: BLE001 - that is exactly what the test looks for
        return f"crash:{type(exc).__name__}:{exc}", None, None
    return "article", doc.article, doc


def _write_huge_line(path: Path, size: int, prefix: bytes = b"", suffix: bytes = b"") -> None:
    """A single line of ``size`` bytes, written in 1 MiB chunks (fast, no big string)."""
    chunk = b"a" * (1 << 20)
    with path.open("wb") as fh:
        fh.write(prefix)
        left = size
        while left > 0:
            fh.write(chunk[:left])
            left -= len(chunk)
        fh.write(suffix)


RECORDS = {  # JSONL line number -> (record, expected outcome)
    1: ({"text": 123}, "rejected:bad-json"),
    2: ({"text": ["a", "b"]}, "rejected:bad-json"),
    3: ({"text": None}, "rejected:bad-json"),
    4: ({"text": BODY, "published": 20250101}, "article"),
    5: ({"text": BODY, "published": "0000-00-00"}, "article"),
    6: ({"text": BODY, "published": "9999-12-31"}, "article"),
    7: ({"text": BODY, "published": {"y": 2025}}, "article"),
    8: ({"text": BODY, "title": 5, "related": 7, "section": ["x"], "url": 3}, "article"),
    9: ({"text": BODY, "related": [1, None, {"x": 1}, "A headline about talks"]}, "article"),
    10: ([1, 2, 3], "rejected:bad-json"),
    11: ("just a string", "rejected:bad-json"),
    12: (None, "rejected:bad-json"),
    13: ({"text": "وقال وزير الخارجية إن المحادثات ستستمر الشهر المقبل بعد الاجتماع."}, "article"),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    """A folder of hostile inputs (module-scoped: the 100 MB file is written once)."""
    d = tmp_path_factory.mktemp("hostile")
    (d / "empty.txt").write_bytes(b"")
    (d / "whitespace.txt").write_bytes(b" \n\t\n  \r\n")
    (d / "binary.txt").write_bytes(bytes(range(256)) * 16)
    (d / "fake.png").write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 100)
    (d / "elf.html").write_bytes(b"\x7fELF\x02\x01\x01" + b"\x00" * 200)
    gz = gzip.compress(PAGE.encode() * 10)
    (d / "truncated.txt.gz").write_bytes(gz[: len(gz) // 2])
    (d / "good.txt.gz").write_bytes(gzip.compress(PAGE.encode()))
    jgz = gzip.compress(b"".join(json.dumps({"text": BODY, "n": i}).encode() + b"\n"
                                 for i in range(50)))
    (d / "truncated.jsonl.gz").write_bytes(jgz[: len(jgz) // 2])
    _write_huge_line(d / "huge_line.txt", HUGE)
    nested = ("<html><body>" + "<div>" * 5000 + "<p>" + BODY + "</p>" + "</div>" * 5000
              + "</body></html>")
    (d / "nested.html").write_text(nested)
    (d / "cp1252.txt").write_bytes(("Caf\u00e9 talks \u2014 ministers meet\n\n" + BODY
                                    ).encode("cp1252"))
    (d / "mixed_encoding.txt").write_bytes(PAGE.encode() + "Caf\u00e9 ".encode("utf-8")
                                           + "caf\u00e9 na\u00efve\n".encode("latin-1"))
    (d / "utf16.txt").write_bytes(PAGE.encode("utf-16"))
    (d / "control_bytes.txt").write_bytes(bytes([1, 2, 3, 4, 5, 6, 7, 8, 11, 14]) * 50)
    zw = PAGE.replace("foreign", "for\u200beign").replace("Both", "\u200f\u202eBoth\u202c")
    (d / "zero_width_rtl.txt").write_text("\ufeff\u200b" + zw + "\u2066\u200d\u2069\n")
    (d / "records.jsonl").write_text(
        "\n".join(json.dumps(RECORDS[n][0]) for n in sorted(RECORDS))
        + "\n{not json at all\n\n")
    (d / "wrong.json").write_text('{"text": 42, "title": "Nothing"}')
    (d / "feed.xml").write_text('<?xml version="1.0"?><rss version="2.0"><channel>'
                                '<item><title>x</title></item></channel></rss>')
    (d / "pub_zero.txt").write_text("Ministers meet for trade talks\nPublished 0000-00-00\n\n" + BODY)
    (d / "pub_max.txt").write_text("Ministers meet for trade talks\nPublished 9999-12-31\n\n" + BODY)
    for f in FIXTURES.iterdir():
        shutil.copy(f, d / f.name)
    return d


@pytest.fixture(scope="module")
def report(corpus, clean) -> dict[str, tuple[str, object, object]]:
    """origin -> (outcome, Article|InputError, Document) for the whole corpus, one pass."""
    out: dict[str, tuple[str, object, object]] = {}
    t0 = time.perf_counter()
    for item in read_paths([str(corpus)]):
        assert item.origin not in out, f"origin reported twice: {item.origin}"
        out[item.origin] = outcome(item, clean)
    assert time.perf_counter() - t0 < 30, "the hostile corpus must be read quickly"
    return out


def _get(report, corpus: Path, name: str):
    return report[str(corpus / name)]


def test_report_covers_every_input_and_nothing_crashes(report, corpus):
    files = {str(p) for p in corpus.iterdir()}
    origins = {o.split("#")[0] for o in report}
    assert files == origins, f"inputs missing from the report: {files - origins}"
    crashes = [(o, r[0]) for o, r in report.items() if r[0].startswith("crash")]
    assert crashes == []
    for origin, (kind, obj, _) in report.items():
        if kind == "article":
            assert isinstance(obj, Article) and obj.body.strip(), origin
        else:
            assert isinstance(obj, InputError) and obj.reason and obj.origin == origin


@pytest.mark.parametrize("name,expected", [
    ("empty.txt", "rejected:empty"),
    ("whitespace.txt", "rejected:empty"),
    ("binary.txt", "rejected:binary"),
    ("fake.png", "rejected:unsupported"),
    ("elf.html", "rejected:binary"),
    ("truncated.txt.gz", "rejected:binary"),
    ("good.txt.gz", "article"),
    ("huge_line.txt", "rejected:too-large"),
    ("control_bytes.txt", "rejected:binary"),
    ("cp1252.txt", "article"),
    ("mixed_encoding.txt", "article"),
    ("utf16.txt", "article"),
    ("zero_width_rtl.txt", "article"),
    ("wrong.json", "rejected:bad-json"),
    ("feed.xml", "rejected:unsupported"),
    ("payload.html", "article"),
    ("pub_zero.txt", "article"),
    ("pub_max.txt", "article"),
])
def test_specific_outcome(report, corpus, name, expected):
    assert _get(report, corpus, name)[0] == expected


def test_truncated_gzip_says_why(report, corpus):
    err = _get(report, corpus, "truncated.txt.gz")[1]
    assert "gzip" in err.detail


def test_truncated_jsonl_gzip_is_reported(report, corpus):
    base = str(corpus / "truncated.jsonl.gz")
    kinds = [r[0] for o, r in report.items() if o.split("#")[0] == base]
    assert kinds[-1] == "rejected:unreadable"  # the cut itself is reported
    # lines decoded before the cut (gzip reads ahead in blocks, so maybe none) are kept
    assert set(kinds[:-1]) <= {"article"}


def test_huge_line_rejected_by_size(report, corpus):
    err = _get(report, corpus, "huge_line.txt")[1]
    assert str(HUGE) in err.detail


def test_deeply_nested_html_is_article_or_no_text(report, corpus):
    kind, obj, _ = _get(report, corpus, "nested.html")
    # lxml stops at its depth limit: the page may lose its text, but says so (no-text).
    assert kind in ("article", "rejected:no-text")
    if kind == "article":
        assert "foreign minister" in obj.body


def test_decoding_fallbacks_warn(report, corpus):
    _, art, doc = _get(report, corpus, "cp1252.txt")
    assert any("cp1252" in w for w in doc.warnings)
    assert art.title == "Caf\u00e9 talks \u2014 ministers meet"
    _, art, doc = _get(report, corpus, "mixed_encoding.txt")
    assert any("UTF-8" in w for w in doc.warnings)  # lossy or guessed: said, not silent
    _, art, _ = _get(report, corpus, "utf16.txt")
    assert "foreign minister" in art.body and "\x00" not in art.body


def test_zero_width_characters_removed(report, corpus):
    _, art, _ = _get(report, corpus, "zero_width_rtl.txt")
    assert "foreign minister" in art.body
    assert "\u200b" not in art.body and "\ufeff" not in art.body
    assert "\u200b" not in (art.title or "")


def test_script_iframe_svg_payloads_not_in_article(report, corpus):
    _, art, _ = _get(report, corpus, "payload.html")
    assert "foreign minister" in art.body
    text = "\n".join(x or "" for x in (art.title, art.subtitle, art.body))
    text += "\n".join(c.text for c in art.captions)
    assert "XSS" not in text and "alert(" not in text and "<script" not in text.lower()


def test_non_english_text_page(report, corpus):
    kind, obj, _ = _get(report, corpus, "non_english.txt")
    # the chrome rules are tuned to English pages; a foreign page is kept or rejected as no-text
    assert kind in ("article", "rejected:no-text")


@pytest.mark.parametrize("line", sorted(RECORDS))
def test_jsonl_wrong_types(report, corpus, line):
    kind, obj, _ = report[f"{corpus / 'records.jsonl'}#L{line}"]
    assert kind == RECORDS[line][1], obj


def test_jsonl_bad_line_and_published_values(report, corpus):
    base = corpus / "records.jsonl"
    assert report[f"{base}#L{len(RECORDS) + 1}"][0] == "rejected:bad-json"
    assert report[f"{base}#L4"][1].published is None  # a number is no date
    assert report[f"{base}#L5"][1].published is None  # 0000-00-00 is no date
    assert report[f"{base}#L6"][1].published == "9999-12-31"  # valid, if odd: kept as given
    assert report[f"{base}#L7"][1].published is None
    assert report[f"{base}#L8"][1].title is None and report[f"{base}#L8"][1].related == []


def test_impossible_published_dates_in_text(report, corpus):
    assert _get(report, corpus, "pub_zero.txt")[1].published is None
    assert _get(report, corpus, "pub_max.txt")[1].published in (None, "9999-12-31")


def test_fallback_published_zero_date_ignored():
    """--published 0000-00-00 must not become the article date."""
    cfg = PipelineConfig()
    opts = dict(cfg.stage_options("clean"), published="0000-00-00")
    stage = registry.get("clean", "auto").factory(opts, Resources(cfg))
    raw = next(iter(read_bytes("x.txt", PAGE)))
    assert stage(Document(raw=raw)).article.published is None


def test_huge_jsonl_line_streamed_not_loaded(tmp_path, clean):
    """A 100 MB JSONL line is rejected by size and the next line still read, in bounded memory."""
    p = tmp_path / "huge.jsonl"
    _write_huge_line(p, HUGE, prefix=b'{"text": "', suffix=b'"}\n' + json.dumps(
        {"text": BODY}).encode() + b"\n")
    tracemalloc.start()
    try:
        items = list(read_paths([str(p)], max_bytes=1_000_000))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [outcome(i, clean)[0] for i in items] == ["rejected:too-large", "article"]
    assert [i.origin for i in items] == [f"{p}#L1", f"{p}#L2"]
    assert peak < 10_000_000, f"peak {peak} bytes: the huge line was held in memory"


def test_huge_text_file_not_read(tmp_path, monkeypatch):
    """An oversized file is rejected from its size alone: its bytes are never read."""
    p = tmp_path / "huge.txt"
    with p.open("wb") as fh:  # sparse: 100 MB on paper, nothing written
        fh.truncate(HUGE)
    opened: list[str] = []
    real_open = Path.open

    def spy(self, *a, **k):
        opened.append(str(self))
        return real_open(self, *a, **k)

    monkeypatch.setattr(Path, "open", spy)
    items = list(read_paths([str(p)]))
    assert [(i.reason if isinstance(i, InputError) else i) for i in items] == ["too-large"]
    assert str(p) not in opened


def test_in_memory_oversized_bytes_rejected():
    items = list(read_bytes("mem", b"x" * 2_000_001, max_bytes=2_000_000))
    assert len(items) == 1 and items[0].reason == "too-large"


# --------------------------------------------------------------------------------------------
# Regressions found by the atheris fuzz targets (tests/fuzz/); each crashed before its fix.


def _warc_response(headers: list[str], body: bytes) -> bytes:
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + body
    head = ["WARC/1.0", "WARC-Type: response", "WARC-Date: 2024-05-06T10:00:00Z",
            "WARC-Record-ID: <urn:uuid:00000000-0000-0000-0000-000000000001>",
            "Content-Type: application/http; msgtype=response", *headers,
            f"Content-Length: {len(http)}"]
    return "\r\n".join(head).encode() + b"\r\n\r\n" + http + b"\r\n\r\n"


def test_fuzz_warc_response_without_target_uri_is_reported(tmp_path):
    """fuzz_readers: a WARC response record without ``WARC-Target-URI`` made warcio raise
    AttributeError out of ``read_warc`` (and so out of ``read_paths``, stopping an ingest).
    It is now one ``unreadable`` InputError; a good record before it is still read."""
    page = b"<html><body><p>" + b"The ministers met in the capital on Monday. " * 5 + b"</p>"
    good = _warc_response(["WARC-Target-URI: https://news.example/a"], page)
    bad = _warc_response([], page)
    p = tmp_path / "crawl.warc"
    p.write_bytes(good + bad)
    items = list(read_paths([str(p)]))
    assert isinstance(items[0], RawInput) and items[0].meta["url"] == "https://news.example/a"
    assert [(type(i).__name__, getattr(i, "reason", None)) for i in items[1:]] == [
        ("InputError", "unreadable")]


def test_control_characters_in_a_captioned_page_do_not_crash_the_cleaner():
    """Found by fuzz_clean: lxml parsed a control character into a figcaption's text, then
    refused it when the caption's credit was removed (ValueError out of the cleaner)."""
    from dateline.stages.clean_html import parse_html

    body = "<p>" + "Ministers met in Geneva to discuss the grain corridor. " * 6 + "</p>"
    page = ("<html><head><title>Grain talks</title></head><body><article><h1>Grain talks</h1>"
            + body + "<figure><figcaption>Ministers\x01 <span class='credit'>Photo: A. B.</span>"
            "\x02 after the talks</figcaption></figure>" + body + "</article></body></html>")
    parts = parse_html(page)
    assert parts.paragraphs and "\x01" not in " ".join(parts.paragraphs)
