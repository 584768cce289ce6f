"""Fuzz target: the clean stage (plain-text scrapes, HTML pages, JSONL records -> Article).

Contract checked: for any text, the ``clean`` stage (``auto`` mode, as ``dateline ingest`` runs
it) returns a Document with an Article whose body is non-empty, or raises a typed
``DatelineError`` (``InputError(no-text)`` for a page without article text); any other
exception is a bug and crashes the fuzzer.

Input layout: the first byte picks the format (text scrape, HTML page, JSONL record); the rest is
decoded as UTF-8 (bad bytes replaced). For a record, the rest is parsed as a JSON object when it
is one (so ``published``, ``related``, ``title`` ... of any JSON type reach the cleaner), and is
the record's text otherwise.

Run: ``python tests/fuzz/fuzz_clean.py [libFuzzer flags] [NEW_CORPUS_DIR] tests/fuzz/corpus/clean``
"""

from __future__ import annotations

import json
import sys

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.errors import DatelineError
    from dateline.model import Document, RawInput
    from dateline.stages.clean import make_auto

FORMATS = ("text", "html", "record")
#: Cleaning functions per fallback date; built once (the stage factory is cheap, but needless).
CLEANERS = {pub: make_auto({"published": pub}, None) for pub in (None, "2024-05-06")}


def raw_input(data: bytes) -> RawInput:
    """The RawInput an input encodes (see the module docstring)."""
    fmt = FORMATS[data[0] % 3] if data else "text"
    text = data[1:].decode("utf-8", errors="replace")
    meta: dict = {}
    if fmt == "record":
        try:
            obj = json.loads(text)
        except (ValueError, RecursionError):
            obj = None
        if isinstance(obj, dict):
            meta = {k: v for k, v in obj.items() if k != "text" and v is not None}
            text = obj["text"] if isinstance(obj.get("text"), str) else text
    return RawInput(origin="fuzz", format=fmt, data=text, meta=meta, encoding="utf-8")


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    raw = raw_input(data)
    clean = CLEANERS[None if not data or data[0] < 128 else "2024-05-06"]
    try:
        doc = clean(Document(raw=raw))
    except DatelineError:
        return
    art = doc.article
    assert art is not None, "clean returned no article"
    assert isinstance(art.body, str) and art.body.strip(), "empty body"
    assert art.title is None or isinstance(art.title, str), type(art.title)
    assert art.published is None or isinstance(art.published, str), type(art.published)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
