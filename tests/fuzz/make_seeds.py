"""Build the fuzz seed corpora in tests/fuzz/corpus/ from the test fixtures (small files).

Each seed is in the input layout its target expects (see the targets' docstrings): a selector
byte (readers, clean) or three anchor bytes (timex), then a fixture's bytes, cut to a few KB so
that mutations stay fast. Files named ``regress_*`` are inputs that once crashed a target,
added by hand; they are kept, so the CI run replays them. Rerun after changing a target's layout:
``python tests/fuzz/make_seeds.py``. Sources: tests/fixtures (this project's own test data),
tests/merge_corpus/articles.jsonl, and a WARC archive written here with warcio.
"""

from __future__ import annotations

import gzip
import io
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "corpus"
CUT = 3000

READER_NAMES = ("page.txt", "page.html", "feed.jsonl", "doc.json", "page.txt.gz",
                "feed.jsonl.gz", "noext", "crawl.warc", "crawl.warc.gz")


def _warc(html: bytes) -> bytes:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    buf = io.BytesIO()
    w = WARCWriter(buf, gzip=False)
    w.write_record(w.create_warcinfo_record("seed.warc", {"software": "dateline-fuzz"}))
    headers = StatusAndHeaders("200 OK", [("Content-Type", "text/html; charset=utf-8")],
                               protocol="HTTP/1.0")
    w.write_record(w.create_warc_record("https://news.example/a", "response",
                                        payload=io.BytesIO(html), http_headers=headers,
                                        warc_headers_dict={"WARC-Date": "2024-05-06T10:00:00Z"}))
    return buf.getvalue()


def _write(folder: Path, name: str, data: bytes) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(data)


def main() -> None:
    # inputs that once crashed a target (``regress_*``, added by hand) are kept
    for old in OUT.glob("*/*"):
        if not old.name.startswith("regress_"):
            old.unlink()
    fx = ROOT / "tests" / "fixtures"
    texts = sorted((fx / "scrapes").glob("*.txt"))[:6] + [fx / "hostile" / "non_english.txt"]
    htmls = [fx / "hostile" / "payload.html", fx / "scrapes" / "page_grain_corridor.html"]
    jsonl = (ROOT / "tests" / "merge_corpus" / "articles.jsonl").read_bytes().splitlines()[:3]
    sel = {n: bytes([i]) for i, n in enumerate(READER_NAMES)}

    readers = OUT / "readers"
    for p in texts:
        _write(readers, f"txt_{p.stem}", sel["page.txt"] + p.read_bytes()[:CUT])
    for p in htmls:
        _write(readers, f"html_{p.stem}", sel["page.html"] + p.read_bytes()[:CUT])
    _write(readers, "jsonl", sel["feed.jsonl"] + b"\n".join(jsonl))
    _write(readers, "json", sel["doc.json"] + jsonl[0])
    _write(readers, "txt_gz", sel["page.txt.gz"] + gzip.compress(texts[0].read_bytes()[:1000]))
    _write(readers, "jsonl_gz", sel["feed.jsonl.gz"] + gzip.compress(jsonl[0]))
    _write(readers, "noext_html", sel["noext"] + htmls[0].read_bytes())
    _write(readers, "warc", sel["crawl.warc"] + _warc(htmls[0].read_bytes()))
    _write(readers, "utf16", sel["page.txt"] + texts[0].read_text("utf-8")[:400].encode("utf-16"))

    clean = OUT / "clean"
    for p in texts:
        _write(clean, f"text_{p.stem}", b"\x00" + p.read_bytes()[:CUT])
    for p in htmls:
        _write(clean, f"html_{p.stem}", b"\x01" + p.read_bytes()[:CUT])
    for i, line in enumerate(jsonl):
        _write(clean, f"record_{i}", (b"\x02" if i else b"\x82") + line)

    timex = OUT / "timex"
    anchor = (2024).to_bytes(2, "big") + bytes([88])  # about 2024-03-29
    sentences: list[bytes] = []
    month = re.compile(rb"\b(?:19|20)\d\d\b|January|February|March|April|May|June|July|"
                       rb"August|September|October|November|December|Monday|Tuesday|"
                       rb"Wednesday|Thursday|Friday|Saturday|Sunday|yesterday|last|next|ago")
    for p in sorted((ROOT / "tests" / "gold" / "articles").glob("*.txt")) + texts:
        for line in p.read_bytes().splitlines():
            if month.search(line) and 20 < len(line) < 400:
                sentences.append(line)
    for i, s in enumerate(sentences[:40]):
        _write(timex, f"s{i:02d}", anchor + s)
    _write(timex, "no_anchor", b"\x00\x00\x00" + sentences[0])
    _write(timex, "max_anchor", (9999).to_bytes(2, "big") + b"\xff" + b"next year, in 10 days")
    _write(timex, "min_anchor", (1).to_bytes(2, "big") + b"\x00" + b"last year, the 1990s")


if __name__ == "__main__":
    main()
