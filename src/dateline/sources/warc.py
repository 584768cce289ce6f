"""WARC archives (``.warc``, ``.warc.gz``; Common Crawl CC-NEWS) -> RawInput per HTML page.

CC-NEWS publishes the news pages Common Crawl fetched each day as WARC files: a ``warcinfo``
record, then for every page a ``request``, a ``response`` (the HTTP status line, headers and
body) and a ``metadata`` record. We keep only what is an article candidate:

* ``response`` records with HTTP status 200 and an HTML content type (``text/html``,
  ``application/xhtml+xml``); everything else (requests, metadata, revisits, redirects, 404s,
  images, PDFs, JSON ...) is skipped silently and counted in :class:`WarcStats`;
* the body is decoded from chunked transfer and gzip/deflate/br content encoding by warcio,
  capped at ``max_bytes`` (a larger record is one ``too-large`` InputError), decoded with the
  declared charset when that works, and read through ``read_bytes`` like any other HTML;
* ``meta`` gets ``url`` (WARC-Target-URI) and ``published`` and ``crawled`` (WARC-Date).
  WARC-Date is when the page was fetched, not when it was written; the clean stage prefers the
  page's own date and only falls back to this one.

The origin of a record is ``<path>#<byte offset of the record>`` so that a reject can be found
again in the archive. A truncated or corrupt archive (a cut-off download is common) keeps the
records before the damage and ends with one ``unreadable`` InputError for the rest.
"""

from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..errors import InputError
from ..model import RawInput
from .files import DEFAULT_MAX_BYTES, read_bytes
from .fetch import decode_declared

HTML_TYPES = ("text/html", "application/xhtml+xml")
WARC_EXTS = (".warc", ".warc.gz", ".arc", ".arc.gz")


@dataclass
class WarcStats:
    """Counts of one archive read: records seen, pages yielded, records skipped by why."""

    records: int = 0
    pages: int = 0
    skipped: dict[str, int] = field(default_factory=dict)

    def skip(self, why: str) -> None:
        self.skipped[why] = self.skipped.get(why, 0) + 1


def read_warc(path: str, max_bytes: int = DEFAULT_MAX_BYTES, stats: WarcStats | None = None
              ) -> Iterator[RawInput | InputError]:
    """Yield one RawInput per 200 HTML response record of the archive at ``path``."""
    stats = stats if stats is not None else WarcStats()
    p = Path(path)
    try:
        fh = p.open("rb")
    except OSError as exc:
        yield InputError(path, "unreadable", exc.strerror or type(exc).__name__)
        return
    with fh:
        try:
            size = os.fstat(fh.fileno()).st_size
        except OSError:
            size = -1
        records = ArchiveIterator(fh, arc2warc=True)
        start = 0
        try:
            for record in records:
                start = records.offset  # byte offset where this record begins
                stats.records += 1
                item = _record_input(path, start, record, max_bytes, stats)
                # warcio ends quietly on a cut-off archive; a record whose block is shorter
                # than its Content-Length, or bytes left unparsed at the end, tell us.
                records.read_to_end()
                if getattr(record.raw_stream, "limit", 0) > 0:
                    yield _truncated(path, start, stats.records - 1, "record cut off")
                    return
                if item is not None:
                    if isinstance(item, RawInput):
                        stats.pages += 1
                    yield item
        except (ArchiveLoadFailed, EOFError, OSError, zlib.error, ValueError,
                AttributeError, TypeError, IndexError, KeyError, OverflowError) as exc:
            # warcio's parser fails on some corrupt records with AttributeError/TypeError
            # (a response record without WARC-Target-URI) or OverflowError (a Content-Length
            # too large for an index), both found by tests/fuzz/fuzz_readers.py
            yield _truncated(path, start, stats.records - 1,
                             f"{type(exc).__name__}: {str(exc)[:160]}")
            return
        if 0 <= records.offset < size:
            yield _truncated(path, records.offset, stats.records,
                             f"{size - records.offset} byte(s) after the last whole record "
                             "could not be read")
            return
    if stats.records == 0:
        yield InputError(path, "empty", "no WARC records")


def _truncated(path: str, offset: int, kept: int, detail: str) -> InputError:
    return InputError(f"{path}#{offset}", "unreadable",
                      f"truncated or corrupt WARC; {kept} record(s) before it kept; {detail}")


def _record_input(path: str, offset: int, record: Any, max_bytes: int, stats: WarcStats
                  ) -> RawInput | InputError | None:
    """The RawInput of one record, an InputError, or None when the record is not a page."""
    if record.rec_type != "response":
        stats.skip(record.rec_type or "unknown")
        return None
    http = record.http_headers
    if http is None:
        stats.skip("no-http")
        return None
    status = (http.get_statuscode() or "").strip()
    if status != "200":
        stats.skip(f"status-{status or 'none'}")
        return None
    ctype = (http.get_header("Content-Type") or "").lower()
    mime = ctype.split(";")[0].strip()
    if mime not in HTML_TYPES:
        stats.skip("not-html")
        return None
    origin = f"{path}#{offset}"
    url = record.rec_headers.get_header("WARC-Target-URI")
    date = record.rec_headers.get_header("WARC-Date")
    # content_stream() undoes chunked transfer and content encodings; reading one byte more
    # than the cap tells a too-large page without holding it all.
    # (ArchiveIterator skips whatever we leave unread before it parses the next record.)
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return InputError(origin, "too-large", f"more than {max_bytes} bytes ({url})")
    charset = None
    for part in ctype.split(";")[1:]:
        k, _, v = part.partition("=")
        if k.strip() == "charset" and v.strip():
            charset = v.strip().strip("\"'")
    items = list(read_bytes(origin, decode_declared(body, charset), max_bytes, name="page.html"))
    if not items:
        return InputError(origin, "empty", "no content")
    item = items[0]
    if isinstance(item, RawInput):
        meta: dict[str, Any] = {}
        if url:
            meta["url"] = url
        if date:
            meta["published"] = date
            meta["crawled"] = date
        item.meta = {**meta, **item.meta}
    return item


def is_warc_path(path: str) -> bool:
    """True for a file name that is a WARC archive (``.warc``, ``.warc.gz``, ``.arc``, ``.arc.gz``)."""
    return path.lower().endswith(WARC_EXTS)
