"""One entry point for ``dateline ingest --feed/--url/--urls`` and WARC paths:
:func:`ingest_sources`.

It yields, lazily and in the order given (feeds, then URLs, then URL files, then WARCs),
RawInput items for the pipeline or an InputError per input that cannot be read, exactly like
:func:`dateline.sources.files.read_paths`, so the command can chain both iterators. A single
:class:`~dateline.sources.fetch.Fetcher` is shared by all network sources so that the per-host
rate limit, the robots.txt cache and the page cache hold across feeds and URL lists; it is
closed when the iterator ends (or is closed).
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any, Iterator

from ..errors import InputError
from ..model import RawInput
from .files import DEFAULT_MAX_BYTES
from .fetch import USER_AGENT, FetchConfig, Fetcher
from .warc import is_warc_path


@dataclass
class SourceOptions:
    """Options of the network and archive sources (see docs/sources.md)."""

    max_bytes: int = DEFAULT_MAX_BYTES
    cache_dir: str | None = None  # --cache DIR
    timeout: float = 20.0
    rate_limit: float = 1.0  # seconds between two requests to one host
    retries: int = 3
    backoff: float = 1.0
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    allow_private: bool = False
    min_text_chars: int = 200  # feed-entry fallback needs at least this much text
    max_entries: int = 1000  # per feed

    @classmethod
    def from_any(cls, options: "SourceOptions | dict[str, Any] | Any | None") -> "SourceOptions":
        """Accept a SourceOptions, a dict, or any object with matching attributes (e.g. a
        PipelineConfig, whose ``max_bytes`` is then used); unknown keys are ignored."""
        if isinstance(options, cls):
            return options
        if options is None:
            return cls()
        names = [f.name for f in fields(cls)]
        if isinstance(options, dict):
            got = {k: options[k] for k in names if options.get(k) is not None}
        else:
            got = {k: getattr(options, k) for k in names
                   if getattr(options, k, None) is not None}
        return cls(**got)

    def fetch_config(self) -> FetchConfig:
        return FetchConfig(timeout=self.timeout, max_bytes=self.max_bytes,
                           rate_limit=self.rate_limit, retries=self.retries,
                           backoff=self.backoff, max_redirects=self.max_redirects,
                           user_agent=self.user_agent, respect_robots=self.respect_robots,
                           cache_dir=self.cache_dir, allow_private=self.allow_private)


def ingest_sources(feeds: list[str], urls: list[str], url_files: list[str], warcs: list[str],
                   options: "SourceOptions | dict[str, Any] | Any | None" = None,
                   fetcher: Fetcher | None = None) -> Iterator[RawInput | InputError]:
    """RawInput / InputError items from feeds (URL or file), URLs, files of URLs (one per
    line, ``#`` comments) and WARC archives. ``fetcher`` may be passed in (tests); otherwise
    one is made from ``options`` when a network source is given, and closed at the end."""
    opts = SourceOptions.from_any(options)
    own = None
    if fetcher is None and (feeds or urls or url_files):
        fetcher = own = Fetcher(opts.fetch_config())
    try:
        if feeds:
            from .feeds import read_feed

            for feed in feeds:
                yield from read_feed(feed, fetcher, min_text_chars=opts.min_text_chars,
                                     max_entries=opts.max_entries)
        for url in urls:
            yield from _read_url(url, fetcher, opts)
        for path in url_files:
            for item in read_url_file(path):
                if isinstance(item, InputError):
                    yield item
                else:
                    yield from _read_url(item, fetcher, opts)
        if warcs:
            from .warc import read_warc

            for path in warcs:
                yield from read_warc(path, opts.max_bytes)
    finally:
        if own is not None:
            own.close()


def _read_url(url: str, fetcher: Fetcher, opts: SourceOptions) -> Iterator[RawInput | InputError]:
    """One page; a URL that turns out to be an RSS/Atom feed is read as a feed."""
    items = list(fetcher.read(url))
    if (len(items) == 1 and isinstance(items[0], InputError)
            and items[0].reason == "unsupported" and "feed" in items[0].detail.lower()):
        from .feeds import read_feed

        yield from read_feed(url, fetcher, min_text_chars=opts.min_text_chars,
                             max_entries=opts.max_entries)
        return
    yield from items


def read_url_file(path: str) -> Iterator[str | InputError]:
    """The URLs of a text file, one per line; blank lines and ``#`` comments skipped;
    each URL once. ``-`` is not special (use a real file)."""
    try:
        text = Path(path).read_text(encoding="utf-8-sig", errors="replace")
    except OSError as exc:
        yield InputError(path, "unreadable", exc.strerror or type(exc).__name__)
        return
    seen: set[str] = set()
    for line in text.splitlines():
        url = line.split(" #")[0].strip()
        if not url or url.startswith("#") or url in seen:
            continue
        seen.add(url)
        yield url


__all__ = ["SourceOptions", "ingest_sources", "read_url_file",
           "is_warc_path"]
