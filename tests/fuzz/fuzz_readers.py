"""Fuzz target: the ingest readers (text, HTML, JSONL, JSON, gzip, WARC bytes -> RawInput).

Contract checked: for any bytes, every reader yields only :class:`~dateline.model.RawInput` or
:class:`~dateline.errors.InputError` items (a typed ``DatelineError`` raised is allowed too);
any other exception, or an item of another type, is a bug and crashes the fuzzer.

The first byte of an input picks the file name the bytes are read under (so that every
extension-driven branch is reachable); the rest are the file's bytes. WARC inputs are written
to a temporary file because :func:`~dateline.sources.warc.read_warc` reads a path.

Run: ``python tests/fuzz/fuzz_readers.py [libFuzzer flags] [NEW_CORPUS_DIR] tests/fuzz/corpus/readers``
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile

import atheris

with atheris.instrument_imports(include=["dateline"]):
    from dateline.errors import DatelineError, InputError
    from dateline.model import RawInput
    from dateline.sources.warc import read_warc
    from dateline.sources.files import read_bytes

#: File names an input is read under, chosen by its first byte.
NAMES = ("page.txt", "page.html", "feed.jsonl", "doc.json", "page.txt.gz", "feed.jsonl.gz",
         "noext", "crawl.warc", "crawl.warc.gz")
#: A small size limit keeps each run fast and reaches the too-large branches.
MAX_BYTES = 64_000
FORMATS = {"text", "html", "record"}
#: One scratch folder per fuzzing process, removed at exit.
_TMP = tempfile.mkdtemp(prefix="dateline-fuzz-")
atexit.register(shutil.rmtree, _TMP, True)


def check(items: list) -> None:
    """Every item is a RawInput with decoded text, or an InputError with a known reason."""
    for it in items:
        if isinstance(it, RawInput):
            assert it.format in FORMATS, it.format
            assert isinstance(it.data, str), type(it.data)
            assert isinstance(it.meta, dict), type(it.meta)
        elif isinstance(it, InputError):
            assert isinstance(it.reason, str) and it.reason, it
        else:
            raise AssertionError(f"reader yielded {type(it).__name__}")


def read_one(data: bytes) -> list:
    """Read ``data`` as the file named by its first byte; a list of what the reader yields."""
    if not data:
        return list(read_bytes("fuzz", b"", MAX_BYTES, name="page.txt"))
    name = NAMES[data[0] % len(NAMES)]
    body = data[1:]
    if ".warc" in name:
        path = os.path.join(_TMP, name)
        with open(path, "wb") as fh:
            fh.write(body)
        return list(read_warc(path, MAX_BYTES))
    return list(read_bytes("fuzz", body, MAX_BYTES, name=name))


def TestOneInput(data: bytes) -> None:  # noqa: N802 - atheris' name
    try:
        items = read_one(data)
    except DatelineError:
        return
    check(items)


def main() -> None:
    atheris.Setup(sys.argv, TestOneInput)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
