"""Readers: files, folders and in-memory bytes -> :class:`RawInput` (or an :class:`InputError`).

Not a registry stage: it runs before the pipeline and feeds it (beside fetch, feeds and warc). It never raises on one
bad input; it yields an :class:`~dateline.errors.InputError` for that input (reasons ``empty``,
``binary``, ``too-large``, ``encoding``, ``bad-json``, ``unreadable``, ``unsupported``) and goes
on with the next one.

Formats are detected by extension and by sniffing the content:

* plain-text scrapes (``.txt`` or any unknown text)       -> ``RawInput(format="text")``
* HTML (``.html``, ``.htm``, ``.xhtml``, ``.gz`` of those, or text that sniffs as HTML)
                                                          -> ``RawInput(format="html")``
* JSONL (``.jsonl``, ``.ndjson``, ``.jsonl.gz``) and ``.json`` (one object or a list): one
  article per object with at least ``"text"``            -> ``RawInput(format="record")``

Text is decoded from a BOM, UTF-8, UTF-16 (with or without BOM), or cp1252/latin-1 as a
fallback; a lossy or guessed decoding adds a line to ``meta["warnings"]`` so the clean stage can
put it on the document.
"""

from __future__ import annotations

import codecs
import gzip
import io
import json
import os
import re
import zlib
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import InputError
from ..model import RawInput

DEFAULT_MAX_BYTES = 20_000_000

HTML_EXTS = (".html", ".htm", ".xhtml", ".shtml")
JSONL_EXTS = (".jsonl", ".ndjson")
JSON_EXTS = (".json",)
#: Extensions we know we cannot read: rejected as ``unsupported`` without reading them.
UNSUPPORTED_EXTS = (
    ".pdf", ".doc", ".docx", ".odt", ".rtf", ".xls", ".xlsx", ".ppt", ".pptx", ".zip", ".tar",
    ".tgz", ".bz2", ".xz", ".7z", ".png", ".jpg", ".jpeg", ".gif", ".webp", ".svg", ".ico",
    ".mp3", ".mp4", ".wav", ".avi", ".mov", ".exe", ".so", ".dll", ".bin", ".parquet",
    ".duckdb", ".db", ".sqlite", ".pyc", ".warc", ".arc",
)
#: Magic numbers of binary formats (checked before decoding).
BINARY_MAGIC = (b"%PDF", b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"PK\x03\x04", b"\x7fELF",
                b"BZh", b"\xfd7zXZ", b"7z\xbc\xaf", b"PAR1", b"RIFF", b"SQLite format")
GZIP_MAGIC = b"\x1f\x8b"

_HTML_SNIFF = re.compile(
    r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!doctype\s+html|<html\b|<head\b|<body\b)",
    re.I | re.S)
_HTML_TAGS = re.compile(r"<(?:p|div|article|section|span|a|h[1-6]|meta|title|script|br)\b[^>]*>",
                        re.I)
_FEED_SNIFF = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?<(?:rss|feed|rdf:RDF)\b", re.I)
_WARC_SNIFF = re.compile(rb"^WARC/\d")
#: Documentation files skipped in folder walks (read when named explicitly).
_DOC_NAMES = re.compile(r"^(?:readme|license|licence|notice|copying|changelog|authors)\b", re.I)


# --------------------------------------------------------------------------------------------
# public API


def read_paths(paths: Iterable[str], max_bytes: int = DEFAULT_MAX_BYTES
               ) -> Iterator[RawInput | InputError]:
    """Read files and folders (recursively, sorted; hidden entries and README/LICENSE-style
    documentation files skipped in folders) in the order given.

    Each readable article becomes a RawInput whose ``origin`` is the path as given (joined with
    the relative path inside a folder; ``#L<n>`` added for a JSONL line). Each problem becomes
    an InputError for that input only.
    """
    for given in paths:
        p = Path(given)
        try:
            if p.is_dir():
                for f in _walk(p):
                    yield from _read_file(f, os.path.join(given, str(f.relative_to(p))), max_bytes)
                continue
        except OSError as exc:
            yield InputError(str(given), "unreadable", _oserr(exc))
            continue
        yield from _read_file(p, str(given), max_bytes)


def read_bytes(origin: str, data: bytes | str, max_bytes: int = DEFAULT_MAX_BYTES,
               name: str | None = None) -> Iterator[RawInput | InputError]:
    """Read one in-memory input (a download, stdin, a test string).

    ``name`` (a file name or URL) helps format detection by its extension; ``origin`` is used
    when it is absent. JSONL content yields one item per line.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        yield InputError(origin, "too-large", f"{len(data)} bytes > {max_bytes}")
        return
    name = (name or origin).split("?")[0].split("#")[0]
    lname = name.lower()
    if lname.endswith(".gz") or data[:2] == GZIP_MAGIC:
        try:
            data = _gunzip(data, max_bytes)
        except _TooLarge as exc:
            yield InputError(origin, "too-large", str(exc))
            return
        except (OSError, EOFError, zlib.error) as exc:
            yield InputError(origin, "binary", f"bad gzip data: {exc}")
            return
        if lname.endswith(".gz"):
            lname = lname[:-3]
    yield from _from_bytes(origin, lname, data, max_bytes)


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode bytes to text: BOM, UTF-8, UTF-16 without BOM, then cp1252/latin-1 fallbacks.

    Returns ``(text, encoding, warnings)``. Raises ``ValueError`` when the bytes are not text
    in any sensible encoding (the caller reports ``encoding``).
    """
    for bom, enc in ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
                     (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                     (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(enc), enc, []
            except UnicodeDecodeError:
                return data.decode(enc, errors="replace"), enc, [
                    f"invalid {enc} bytes replaced"]
    utf16 = _sniff_utf16(data)
    if utf16:
        try:
            return data.decode(utf16), utf16, []
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError as exc:
        first_bad = exc.start
    text = data.decode("utf-8", errors="replace")
    bad = text.count("\ufffd")
    good_multibyte = len(re.findall(rb"[\xc2-\xf4][\x80-\xbf]+", data))
    if good_multibyte >= bad:
        # Mostly UTF-8 with a few broken bytes (a truncated or spliced page): keep UTF-8.
        return text, "utf-8", [f"{bad} invalid UTF-8 byte(s) replaced (first at {first_bad})"]
    try:
        text = data.decode("cp1252")
        enc = "cp1252"
    except UnicodeDecodeError:
        text = data.decode("latin-1")
        enc = "latin-1"
    controls = sum(1 for ch in text
                   if "\x80" <= ch <= "\x9f" or (ch < " " and ch not in "\t\n\r\f"))
    if controls > max(3, len(text) // 50):
        raise ValueError(f"not UTF-8 and not readable as {enc} ({controls} control characters)")
    return text, enc, [f"not valid UTF-8; decoded as {enc}"]


def sniff_format(name: str, text: str) -> str:
    """``html``, ``record`` (JSONL/JSON), ``feed`` or ``text`` from a lower-case name and text."""
    if name.endswith(HTML_EXTS):
        return "html"
    if name.endswith(JSONL_EXTS):
        return "jsonl"
    if name.endswith(JSON_EXTS):
        return "json"
    head = text[:4096]
    if _FEED_SNIFF.match(head):
        return "feed"
    if _HTML_SNIFF.match(head) or len(_HTML_TAGS.findall(head)) >= 5:
        return "html"
    if name.endswith(".txt"):
        return "text"
    first = head.lstrip()
    if first.startswith("{") and _looks_like_jsonl(text):
        return "jsonl"
    return "text"


# --------------------------------------------------------------------------------------------
# internals


class _TooLarge(Exception):
    pass


def _oserr(exc: OSError) -> str:
    return exc.strerror or type(exc).__name__


def _walk(folder: Path) -> Iterator[Path]:
    """Files under ``folder``, sorted, skipping hidden files and folders."""
    entries = sorted(folder.iterdir(), key=lambda e: e.name)
    for e in entries:
        if e.name.startswith(".") or (e.is_file() and _DOC_NAMES.match(e.name)):
            continue
        if e.is_dir():
            yield from _walk(e)
        elif e.is_file():
            yield e


def _read_file(path: Path, origin: str, max_bytes: int) -> Iterator[RawInput | InputError]:
    lname = path.name.lower()
    try:
        if not path.exists():
            yield InputError(origin, "unreadable", "no such file or folder")
            return
        if not path.is_file():
            yield InputError(origin, "unsupported", "not a regular file")
            return
        size = path.stat().st_size
    except OSError as exc:
        yield InputError(origin, "unreadable", _oserr(exc))
        return
    base = lname[:-3] if lname.endswith(".gz") else lname
    if base.endswith((".warc", ".arc")):  # a crawl archive: one input per HTML response record
        from .warc import read_warc

        yield from read_warc(str(path), max_bytes)
        return
    if base.endswith(UNSUPPORTED_EXTS):
        yield InputError(origin, "unsupported", f"cannot read {Path(base).suffix} files")
        return
    if size == 0:
        yield InputError(origin, "empty", "0 bytes")
        return
    if base.endswith(JSONL_EXTS):  # streamed: the size limit applies per line
        yield from _read_jsonl_file(path, origin, lname.endswith(".gz"), max_bytes)
        return
    if size > max_bytes and not lname.endswith(".gz"):
        yield InputError(origin, "too-large", f"{size} bytes > {max_bytes}")
        return
    try:
        with path.open("rb") as fh:
            data = fh.read(max_bytes + 1)
    except OSError as exc:
        yield InputError(origin, "unreadable", _oserr(exc))
        return
    yield from read_bytes(origin, data, max_bytes, name=lname)


def _gunzip(data: bytes, max_bytes: int) -> bytes:
    with gzip.GzipFile(fileobj=io.BytesIO(data)) as gz:
        out = gz.read(max_bytes + 1)
    if len(out) > max_bytes:
        raise _TooLarge(f"more than {max_bytes} bytes once decompressed")
    return out


def _is_binary(data: bytes) -> str | None:
    """A reason string when ``data`` is clearly not text, else None."""
    head = data[:8192]
    if any(head.startswith(m) for m in BINARY_MAGIC):
        return "binary file signature"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF32_LE,
                        codecs.BOM_UTF32_BE)) or _sniff_utf16(head):
        return None
    if b"\x00" in head:
        return "NUL bytes"
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13, 27))
    if controls > max(4, len(head) // 20):
        return "control bytes"
    return None


def _sniff_utf16(data: bytes) -> str | None:
    """``utf-16-le``/``utf-16-be`` for BOM-less UTF-16 of mostly-ASCII text, else None."""
    head = data[:4096]
    if len(head) < 4 or len(head) % 2:
        head = head[: len(head) - (len(head) % 2)]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.05 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.05 * len(odd):
        return "utf-16-be"
    return None


def _looks_like_jsonl(text: str) -> bool:
    for line in text.splitlines():
        if line.strip():
            try:
                return isinstance(json.loads(line), dict)
            except ValueError:
                return False
    return False


def _from_bytes(origin: str, lname: str, data: bytes, max_bytes: int
                ) -> Iterator[RawInput | InputError]:
    if not data.strip():
        yield InputError(origin, "empty", "no content")
        return
    if _WARC_SNIFF.match(data[:16]) or lname.endswith(UNSUPPORTED_EXTS):
        yield InputError(origin, "unsupported", "WARC/binary archive formats are not read here")
        return
    why = _is_binary(data)
    if why:
        yield InputError(origin, "binary", why)
        return
    try:
        text, enc, warnings = decode_text(data)
    except ValueError as exc:
        yield InputError(origin, "encoding", str(exc))
        return
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        yield InputError(origin, "empty", "only whitespace")
        return
    fmt = sniff_format(lname, text)
    meta: dict[str, Any] = {"warnings": warnings} if warnings else {}
    if fmt == "jsonl":
        yield from _records_from_lines(origin, enumerate(text.split("\n"), 1), max_bytes)
    elif fmt == "json":
        yield from _records_from_json(origin, text)
    elif fmt == "feed":
        yield InputError(origin, "unsupported", "RSS/Atom feeds are not read by this reader")
    else:
        yield RawInput(origin=origin, format=fmt, data=text, meta=meta, encoding=enc)


def _read_jsonl_file(path: Path, origin: str, gz: bool, max_bytes: int
                     ) -> Iterator[RawInput | InputError]:
    try:
        raw = gzip.open(path, "rb") if gz else path.open("rb")
    except OSError as exc:
        yield InputError(origin, "unreadable", _oserr(exc))
        return
    got_any = False
    with raw as fh:
        def lines() -> Iterator[tuple[int, str]]:
            n = 0
            while True:
                # readline with a limit: a huge single line is never held in memory whole
                bline = fh.readline(max_bytes + 1)
                if not bline:
                    return
                n += 1
                if len(bline) > max_bytes:
                    while bline and not bline.endswith(b"\n"):  # skip the rest of the line
                        bline = fh.readline(1 << 20)
                    yield n, "\x00too-large"
                    continue
                try:
                    yield n, bline.decode("utf-8-sig" if n == 1 else "utf-8")
                except UnicodeDecodeError:
                    yield n, bline.decode("utf-8", errors="replace")
        try:
            for item in _records_from_lines(origin, lines(), max_bytes):
                got_any = True
                yield item
        except (OSError, EOFError, zlib.error) as exc:
            yield InputError(origin, "unreadable", f"{type(exc).__name__}: {exc}")
            return
    if not got_any:
        yield InputError(origin, "empty", "no JSON lines")


def _records_from_lines(origin: str, lines: Iterable[tuple[int, str]], max_bytes: int
                        ) -> Iterator[RawInput | InputError]:
    for n, line in lines:
        line_origin = f"{origin}#L{n}"
        if line == "\x00too-large":
            yield InputError(line_origin, "too-large", f"line longer than {max_bytes} bytes")
            continue
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield InputError(line_origin, "bad-json", str(exc))
            continue
        yield _record(line_origin, obj)


def _records_from_json(origin: str, text: str) -> Iterator[RawInput | InputError]:
    try:
        obj = json.loads(text)
    except ValueError as exc:
        yield InputError(origin, "bad-json", str(exc))
        return
    if isinstance(obj, list):
        for i, item in enumerate(obj):
            yield _record(f"{origin}#{i}", item)
    else:
        yield _record(origin, obj)


def _record(origin: str, obj: Any) -> RawInput | InputError:
    """One JSON object -> a ``record`` RawInput; ``text`` (or ``body``/``content``) required."""
    if not isinstance(obj, dict):
        return InputError(origin, "bad-json", "not a JSON object")
    text = next((obj[k] for k in ("text", "body", "content", "maintext", "articleBody")
                 if isinstance(obj.get(k), str) and obj[k].strip()), None)
    if text is None:
        return InputError(origin, "bad-json", "no non-empty \"text\" field")
    meta = {k: v for k, v in obj.items() if k != "text" and v is not None}
    return RawInput(origin=origin, format="record", data=text, meta=meta, encoding="utf-8")
