"""RSS 2.0 / RSS 1.0 / Atom feeds -> the pages they link to, as RawInput items.

A feed is only an index: the article is on the linked page. For each entry we fetch the link
through the :class:`~dateline.sources.fetch.Fetcher` (so robots.txt, rate limits, the SSRF guard
and the cache apply) and yield the page with ``meta = {url, title, published, feed}`` taken from
the entry (``published`` as an ISO datetime in UTC). The page's own metadata, when the clean
stage finds it, wins over the feed's.

When the page cannot be fetched (robots, HTTP error, network, too large ...), many feeds carry
the article text (``content:encoded``, Atom ``content``) or at least a long summary: if it holds
at least ``min_text_chars`` characters of text, it is yielded as a ``record`` RawInput with a
warning saying so; otherwise an :class:`~dateline.errors.InputError` with the fetch's reason.

The feed itself is parsed from bytes we fetched or read (feedparser is never given a URL, so it
never fetches anything on its own). A feed that cannot be fetched (including a redirect loop)
or parsed ends as one InputError; no feed can make this loop or hang: redirects are capped by
the Fetcher, entries by ``max_entries``, and each link is fetched once per feed.
"""

from __future__ import annotations

import html
import re
import time
from pathlib import Path
from typing import Any, Iterator
from urllib.parse import urlsplit

import feedparser

from ..errors import InputError
from ..model import RawInput
from .fetch import Fetcher

DEFAULT_MIN_TEXT_CHARS = 200
DEFAULT_MAX_ENTRIES = 1000

_BLOCK_TAGS = re.compile(r"<\s*(?:/p|br\s*/?|/div|/li|/h[1-6]|/blockquote)\s*>", re.I)
_TAGS = re.compile(r"<[^>]+>")
_SCRIPT = re.compile(r"<(script|style)\b.*?</\1\s*>", re.I | re.S)


def is_url(source: str) -> bool:
    """True for an http(s) URL (anything else is read as a local file path)."""
    return urlsplit(source.strip()).scheme.lower() in ("http", "https")


def read_feed(source: str, fetcher: Fetcher, *, min_text_chars: int = DEFAULT_MIN_TEXT_CHARS,
              max_entries: int = DEFAULT_MAX_ENTRIES) -> Iterator[RawInput | InputError]:
    """Yield one RawInput (or InputError) per entry of the feed at ``source`` (URL or file)."""
    loaded = _load_feed(source, fetcher)
    if isinstance(loaded, InputError):
        yield loaded
        return
    data, base = loaded
    headers = {"content-location": base} if base else {}
    try:
        parsed = feedparser.parse(data, response_headers=headers)
    except Exception as exc:  # feedparser is defensive, but a parser bug must not stop a run
        yield InputError(source, "bad-feed", f"{type(exc).__name__}: {exc}")
        return
    entries = list(parsed.get("entries") or [])
    if not parsed.get("version") and not entries:
        why = parsed.get("bozo_exception") or "not an RSS or Atom feed"
        yield InputError(source, "bad-feed", str(why)[:200])
        return
    if not entries:
        yield InputError(source, "empty", "the feed has no entries")
        return
    feed_title = _clean_str((parsed.get("feed") or {}).get("title"))
    seen: set[str] = set()
    for n, entry in enumerate(entries[:max_entries]):
        link = _entry_link(entry)
        if link and link in seen:
            continue
        if link:
            seen.add(link)
        yield from _entry_inputs(source, n, entry, link, feed_title, fetcher, min_text_chars)
    if len(entries) > max_entries:
        yield InputError(source, "too-large",
                         f"{len(entries)} entries; only the first {max_entries} read")


def entry_meta(entry: Any, link: str | None, feed_title: str | None) -> dict[str, Any]:
    """``url``, ``title``, ``published`` (ISO, UTC) and ``feed`` of one feedparser entry."""
    meta: dict[str, Any] = {}
    if link:
        meta["url"] = link
    title = _clean_str(entry.get("title"))
    if title:
        meta["title"] = title
    published = _iso(entry.get("published_parsed") or entry.get("updated_parsed"))
    if not published:
        published = _clean_str(entry.get("published") or entry.get("updated"))
    if published:
        meta["published"] = published
    if feed_title:
        meta["feed"] = feed_title
    return meta


def html_to_text(fragment: str) -> str:
    """Plain text of an HTML fragment; block ends become blank lines (paragraphs)."""
    s = _SCRIPT.sub(" ", fragment)
    s = _BLOCK_TAGS.sub("\n\n", s)
    s = html.unescape(_TAGS.sub(" ", s))
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", s)]
    return "\n\n".join(p for p in paras if p)


# -------------------------------------------------------------------------------- internals


def _load_feed(source: str, fetcher: Fetcher) -> tuple[bytes, str | None] | InputError:
    """The feed's bytes and base URL (for relative links), or an InputError."""
    if is_url(source):
        try:
            res = fetcher.fetch(source, use_cache=False)  # a feed changes; re-read it
        except InputError as err:
            return InputError(source, err.reason, f"feed: {err.detail}")
        return res.body, res.final_url
    path = Path(source)
    try:
        size = path.stat().st_size
        if size > fetcher.config.max_bytes:
            return InputError(source, "too-large", f"{size} bytes > {fetcher.config.max_bytes}")
        data = path.read_bytes()
    except OSError as exc:
        return InputError(source, "unreadable", exc.strerror or type(exc).__name__)
    if not data.strip():
        return InputError(source, "empty", "0 bytes")
    return data, None


def _entry_inputs(source: str, n: int, entry: Any, link: str | None, feed_title: str | None,
                  fetcher: Fetcher, min_text_chars: int) -> Iterator[RawInput | InputError]:
    meta = entry_meta(entry, link, feed_title)
    origin = link or f"{source}#entry{n + 1}"
    failure: InputError | None = None
    if link and is_url(link):
        got = list(fetcher.read(link, meta))
        pages = [g for g in got if isinstance(g, RawInput)]
        if pages:
            yield from got
            return
        failure = got[0] if got else InputError(link, "empty", "no content")
    elif link:
        failure = InputError(origin, "bad-url", f"entry link is not http(s): {link}")
    else:
        failure = InputError(origin, "bad-url", "entry has no link")
    text = _entry_text(entry)
    if len(text) >= min_text_chars:
        why = f"{failure.reason}: {failure.detail}" if failure.detail else failure.reason
        fmeta = dict(meta)
        fmeta["warnings"] = [f"page not fetched ({why}); text taken from the feed entry"]
        fmeta["source_kind"] = "feed-entry"
        yield RawInput(origin=origin, format="record", data=text, meta=fmeta, encoding="utf-8")
        return
    detail = failure.detail or failure.reason
    yield InputError(origin, failure.reason,
                     f"{detail}; feed entry text too short ({len(text)} < {min_text_chars} chars)")


def _entry_link(entry: Any) -> str | None:
    link = _clean_str(entry.get("link"))
    if link:
        return link
    for alt in entry.get("links") or []:
        href = _clean_str(alt.get("href"))
        if href and alt.get("rel", "alternate") == "alternate":
            return href
    return None


def _entry_text(entry: Any) -> str:
    """The longest of the entry's content blocks and summary, as plain text."""
    candidates: list[str] = []
    for c in entry.get("content") or []:
        value = c.get("value") if isinstance(c, dict) else None
        if value:
            candidates.append(value)
    summary = entry.get("summary")
    if isinstance(summary, str) and summary:
        candidates.append(summary)
    texts = [html_to_text(c) for c in candidates]
    return max(texts, key=len, default="")


def _iso(parsed: Any) -> str | None:
    if not parsed:
        return None
    try:
        return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    except (TypeError, ValueError):
        return None


def _clean_str(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    s = " ".join(html.unescape(value).split())
    return s or None
