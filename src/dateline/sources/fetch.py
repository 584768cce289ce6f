"""Polite, safe HTTP fetching of news pages: :class:`Fetcher`.

Why a class of its own rather than a bare ``httpx.get``: dateline may be pointed at feeds with
hundreds of links on a handful of hosts, so it must not hammer a site, must obey robots.txt,
must not be turned against the machine's own network (SSRF), and must not hang or fill memory on
a hostile or broken server. Every rule is configured explicitly through :class:`FetchConfig`:

* only ``http``/``https`` URLs; the host must resolve to public addresses only (loopback,
  link-local, private, multicast, reserved ... are refused unless ``allow_private=True``),
  checked again on every redirect hop;
* robots.txt obeyed per RFC 9309 (fetched once per host and cached; 4xx -> everything
  allowed, 5xx or unreachable -> everything disallowed); its ``Crawl-delay`` raises the rate
  limit for that host;
* at most one request per ``rate_limit`` seconds to one host;
* retries with exponential backoff (and ``Retry-After``) on 429, 5xx, timeouts and connection
  errors;
* redirects followed by hand, at most ``max_redirects``, each hop checked; a loop is an error;
* the body is streamed and cut at ``max_bytes`` (after content decoding, so gzip bombs are
  capped too) and at ``max_time`` seconds in all;
* an optional on-disk cache (key = the URL asked for; body and headers stored) so a page is
  fetched once across runs.

Known limit: the address check resolves the host name before the request and httpx resolves it
again, so a DNS server that answers differently the second time (DNS rebinding) is not stopped.

Failures are raised as :class:`~dateline.errors.InputError` with reasons ``bad-url``,
``blocked`` (SSRF guard), ``robots``, ``redirects`` (loop or too many), ``too-large``,
``http-error`` (final status not 2xx), ``network`` (timeouts, DNS, connection).
"""

from __future__ import annotations

import email.utils
import hashlib
import ipaddress
import json
import socket
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpx

from ..errors import InputError
from ..model import RawInput
from .files import DEFAULT_MAX_BYTES, read_bytes

USER_AGENT = "dateline/0.1"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
#: Content types mapped to a file extension so that ``read_bytes`` picks the right format.
_TYPE_EXT = {"text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
             "application/json": ".json", "application/x-ndjson": ".jsonl",
             "application/jsonl": ".jsonl"}


@dataclass
class FetchConfig:
    """Everything a :class:`Fetcher` needs; passed explicitly, no globals."""

    timeout: float = 20.0  # seconds for connect / read / write of one request
    max_time: float = 120.0  # seconds for one whole response body (slow-drip servers)
    max_bytes: int = DEFAULT_MAX_BYTES  # body cap, after content decoding
    rate_limit: float = 1.0  # minimum seconds between two requests to the same host
    max_crawl_delay: float = 30.0  # a robots.txt Crawl-delay is honoured up to this
    retries: int = 3  # extra attempts on 429 / 5xx / timeouts / connection errors
    backoff: float = 1.0  # first retry waits this long, then 2x, 4x, ...
    max_backoff: float = 60.0  # cap on one wait (also caps Retry-After)
    max_redirects: int = 5
    user_agent: str = USER_AGENT
    respect_robots: bool = True
    cache_dir: str | None = None  # on-disk cache folder; None = no cache
    allow_private: bool = False  # allow loopback/private/link-local hosts (tests, intranets)

    @classmethod
    def from_options(cls, options: dict[str, Any] | None) -> "FetchConfig":
        """Build from a dict, ignoring keys that are not fields (e.g. pipeline options)."""
        names = set(cls.__dataclass_fields__)
        return cls(**{k: v for k, v in (options or {}).items() if k in names and v is not None})


@dataclass
class FetchResult:
    """One successful (2xx) response."""

    url: str  # the URL asked for
    final_url: str  # after redirects
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    from_cache: bool = False
    redirects: list[str] = field(default_factory=list)  # hops followed, in order

    @property
    def content_type(self) -> str:
        """The media type without parameters, lower case ("" when absent)."""
        return self.headers.get("content-type", "").split(";")[0].strip().lower()

    @property
    def charset(self) -> str | None:
        """The ``charset`` parameter of Content-Type, if any."""
        for part in self.headers.get("content-type", "").split(";")[1:]:
            k, _, v = part.partition("=")
            if k.strip().lower() == "charset" and v.strip():
                return v.strip().strip("\"'").lower()
        return None


class Fetcher:
    """Fetches URLs under the rules of a :class:`FetchConfig` (see the module docstring).

    Use as a context manager (or call :meth:`close`). ``transport`` (an httpx transport) and
    ``sleep``/``clock`` are injectable for tests. Safe to share between threads (a lock guards
    the per-host bookkeeping), though dateline uses it from one thread.
    """

    def __init__(self, config: FetchConfig | None = None, *,
                 transport: httpx.BaseTransport | None = None,
                 sleep: Callable[[float], None] = time.sleep,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.config = config or FetchConfig()
        self._sleep = sleep
        self._clock = clock
        self._client = httpx.Client(
            timeout=httpx.Timeout(self.config.timeout), follow_redirects=False,
            headers={"User-Agent": self.config.user_agent}, transport=transport)
        self._robots: dict[str, urllib.robotparser.RobotFileParser] = {}
        self._last: dict[str, float] = {}
        self._lock = threading.Lock()
        self.requests = 0  # network requests made (robots.txt included), for tests and logs
        self._cache = Path(self.config.cache_dir) if self.config.cache_dir else None

    # ---------------------------------------------------------------------------- lifecycle

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    # ---------------------------------------------------------------------------- public API

    def fetch(self, url: str, *, use_cache: bool = True) -> FetchResult:
        """GET ``url`` (from the cache when there) and return the 2xx response.

        ``use_cache=False`` bypasses the on-disk cache both ways (feeds change; pages do not).
        Raises :class:`InputError` (origin = ``url``) for every refusal or failure.
        """
        try:
            url = _normalise(url)
            cached = self._cache_get(url) if use_cache else None
            if cached is not None:
                return cached
            result = self._fetch_following(url)
        except (httpx.InvalidURL, httpx.UnsupportedProtocol, ValueError, UnicodeError) as exc:
            raise InputError(url, "bad-url", f"{type(exc).__name__}: {exc}") from None
        except httpx.HTTPError as exc:  # e.g. a body that claims gzip and is not
            raise InputError(url, "network", f"{type(exc).__name__}: {exc}") from None
        if use_cache:
            self._cache_put(result)
        return result

    def read(self, url: str, meta: dict[str, Any] | None = None
             ) -> Iterator[RawInput | InputError]:
        """Fetch ``url`` and turn the body into RawInput items through ``read_bytes``.

        ``meta`` (e.g. a feed entry's title and date) is merged under the page's own meta; the
        final URL is put in ``meta["url"]``. Errors are yielded, never raised.
        """
        try:
            res = self.fetch(url)
        except InputError as err:
            yield err
            return
        yield from result_inputs(res, self.config.max_bytes, meta)

    def allowed_by_robots(self, url: str) -> bool:
        """True when robots.txt of the URL's host lets our user agent fetch it."""
        if not self.config.respect_robots:
            return True
        parts = urlsplit(url)
        key = f"{parts.scheme}://{parts.netloc}".lower()
        with self._lock:
            rp = self._robots.get(key)
        if rp is None:
            rp = self._load_robots(key)
            with self._lock:
                self._robots[key] = rp
        return rp.can_fetch(self.config.user_agent, url)

    # ---------------------------------------------------------------------------- internals

    def _fetch_following(self, url: str) -> FetchResult:
        hops: list[str] = []
        seen = {url}
        current = url
        while True:
            self._check_url(url, current)
            if not self.allowed_by_robots(current):
                raise InputError(url, "robots", f"robots.txt disallows {current}")
            status, headers, body = self._request(url, current)
            if status in REDIRECT_STATUSES and headers.get("location"):
                nxt = _normalise(urljoin(current, headers["location"]))
                if nxt in seen:
                    raise InputError(url, "redirects", f"redirect loop at {nxt}")
                if len(hops) >= self.config.max_redirects:
                    raise InputError(url, "redirects",
                                     f"more than {self.config.max_redirects} redirects")
                seen.add(nxt)
                hops.append(nxt)
                current = nxt
                continue
            if not 200 <= status < 300:
                raise InputError(url, "http-error", f"HTTP {status} from {current}")
            return FetchResult(url=url, final_url=current, status=status, headers=headers,
                               body=body, redirects=hops)

    def _check_url(self, origin: str, url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise InputError(origin, "bad-url", f"only http/https URLs are fetched: {url}")
        if not parts.hostname:
            raise InputError(origin, "bad-url", f"no host in {url}")
        if not self.config.allow_private:
            try:
                why = blocked_reason(parts.hostname, parts.port or
                                     (443 if parts.scheme == "https" else 80))
            except OSError as exc:
                raise InputError(origin, "network", f"cannot resolve {parts.hostname}: {exc}")
            if why:
                raise InputError(origin, "blocked", why)

    def _request(self, origin: str, url: str, *, robots: bool = False
                 ) -> tuple[int, dict[str, str], bytes]:
        """One GET with rate limiting and retries; the body is capped (not for redirects)."""
        host = (urlsplit(url).hostname or "").lower()
        attempt = 0
        while True:
            self._wait_turn(host, url)
            try:
                status, headers, body = self._stream(origin, url, robots=robots)
            except (httpx.TimeoutException, httpx.NetworkError, httpx.RemoteProtocolError) as exc:
                if attempt >= self.config.retries:
                    raise InputError(origin, "network",
                                     f"{type(exc).__name__}: {exc or 'failed'} ({url})")
                self._sleep(self._backoff(attempt, None))
                attempt += 1
                continue
            if status in RETRY_STATUSES and attempt < self.config.retries:
                self._sleep(self._backoff(attempt, headers.get("retry-after")))
                attempt += 1
                continue
            return status, headers, body

    def _stream(self, origin: str, url: str, *, robots: bool) -> tuple[int, dict[str, str], bytes]:
        cap = min(self.config.max_bytes, 500_000) if robots else self.config.max_bytes
        started = self._clock()
        with self._lock:
            self.requests += 1
        with self._client.stream("GET", url) as resp:
            headers = {k.lower(): v for k, v in resp.headers.items()}
            if resp.status_code in REDIRECT_STATUSES or not 200 <= resp.status_code < 300:
                return resp.status_code, headers, b""
            declared = headers.get("content-length", "")
            if declared.isdigit() and int(declared) > cap and "content-encoding" not in headers:
                raise InputError(origin, "too-large",
                                 f"Content-Length {declared} > {cap} bytes ({url})")
            chunks: list[bytes] = []
            size = 0
            for chunk in resp.iter_bytes():
                size += len(chunk)
                if size > cap:
                    raise InputError(origin, "too-large", f"more than {cap} bytes ({url})")
                if self._clock() - started > self.config.max_time:
                    raise InputError(origin, "network",
                                     f"body took more than {self.config.max_time:g} s ({url})")
                chunks.append(chunk)
            return resp.status_code, headers, b"".join(chunks)

    def _wait_turn(self, host: str, url: str) -> None:
        interval = self.config.rate_limit
        rp = self._robots.get(_site(url))
        if rp is not None and self.config.respect_robots:
            delay = rp.crawl_delay(self.config.user_agent)
            if delay:
                interval = max(interval, min(float(delay), self.config.max_crawl_delay))
        with self._lock:
            last = self._last.get(host)
            now = self._clock()
            wait = 0.0 if last is None else last + interval - now
            self._last[host] = now + max(wait, 0.0)
        if wait > 0:
            self._sleep(wait)

    def _backoff(self, attempt: int, retry_after: str | None) -> float:
        wait = self.config.backoff * (2 ** attempt)
        if retry_after:
            wait = max(wait, _retry_after_seconds(retry_after))
        return min(wait, self.config.max_backoff)

    def _load_robots(self, site: str) -> urllib.robotparser.RobotFileParser:
        """robots.txt of ``site`` (scheme://netloc), per RFC 9309's error rules."""
        rp = urllib.robotparser.RobotFileParser(site + "/robots.txt")
        url = site + "/robots.txt"
        try:
            for _ in range(self.config.max_redirects + 1):
                self._check_url(url, url)
                status, headers, body = self._request(url, url, robots=True)
                if status in REDIRECT_STATUSES and headers.get("location"):
                    url = _normalise(urljoin(url, headers["location"]))
                    continue
                break
            else:
                status, body = 500, b""  # too many redirects: treat as unreachable
        except (InputError, httpx.HTTPError):
            # unreachable, too large, or redirected somewhere we may not go: RFC 9309 says to
            # assume a full disallow when robots.txt cannot be read.
            status, body = 503, b""
        if 200 <= status < 300:
            rp.parse(body.decode("utf-8", errors="replace").splitlines())
        elif 400 <= status < 500:
            rp.allow_all = True
        else:
            rp.disallow_all = True
        return rp

    # ---------------------------------------------------------------------------- cache

    def _cache_paths(self, url: str) -> tuple[Path, Path] | None:
        if self._cache is None:
            return None
        key = hashlib.sha256(url.encode("utf-8")).hexdigest()
        folder = self._cache / key[:2]
        return folder / f"{key}.body", folder / f"{key}.json"

    def _cache_get(self, url: str) -> FetchResult | None:
        paths = self._cache_paths(url)
        if paths is None or not paths[1].exists() or not paths[0].exists():
            return None
        try:
            info = json.loads(paths[1].read_text(encoding="utf-8"))
            if info.get("url") != url:  # hash collision or foreign file
                return None
            body = paths[0].read_bytes()
        except (OSError, ValueError):
            return None
        if len(body) > self.config.max_bytes:
            raise InputError(url, "too-large", f"cached body {len(body)} bytes > "
                                               f"{self.config.max_bytes}")
        return FetchResult(url=url, final_url=info.get("final_url", url),
                           status=int(info.get("status", 200)),
                           headers=dict(info.get("headers", {})), body=body, from_cache=True,
                           redirects=list(info.get("redirects", [])))

    def _cache_put(self, res: FetchResult) -> None:
        paths = self._cache_paths(res.url)
        if paths is None:
            return
        body_path, info_path = paths
        try:
            body_path.parent.mkdir(parents=True, exist_ok=True)
            tmp = body_path.with_suffix(".tmp")
            tmp.write_bytes(res.body)
            tmp.replace(body_path)
            info = {"url": res.url, "final_url": res.final_url, "status": res.status,
                    "headers": res.headers, "redirects": res.redirects,
                    "fetched_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())}
            tmp = info_path.with_suffix(".tmp")
            tmp.write_text(json.dumps(info, ensure_ascii=False), encoding="utf-8")
            tmp.replace(info_path)
        except OSError:
            pass  # a cache that cannot be written is not worth failing the page for


# -------------------------------------------------------------------------------- helpers


def result_inputs(res: FetchResult, max_bytes: int, meta: dict[str, Any] | None = None
                  ) -> Iterator[RawInput | InputError]:
    """RawInput items from a fetched body via ``read_bytes`` (format by Content-Type, then by
    URL extension and sniffing); the declared charset is honoured when it decodes cleanly."""
    name = res.final_url
    ext = _TYPE_EXT.get(res.content_type)
    if ext:
        name = "page" + ext
    data: bytes | str = decode_declared(res.body, res.charset)
    for item in read_bytes(res.url, data, max_bytes, name=name):
        if isinstance(item, RawInput):
            item.meta = {**(meta or {}), **item.meta, "url": res.final_url}
        yield item


def decode_declared(body: bytes, charset: str | None) -> bytes | str:
    """``body`` decoded with a declared charset when that works without errors, else the bytes
    unchanged (``read_bytes`` then guesses: BOM, UTF-8, UTF-16, cp1252)."""
    if not charset or body[:2] in (b"\xff\xfe", b"\xfe\xff") or body[:3] == b"\xef\xbb\xbf":
        return body
    try:
        return body.decode(charset)
    except (LookupError, UnicodeDecodeError):
        return body


def blocked_reason(host: str, port: int = 80) -> str | None:
    """Why ``host`` must not be fetched (it is or resolves to a non-public address), else None.

    Raises ``OSError`` when the name does not resolve.
    """
    try:
        addrs = {ipaddress.ip_address(host.strip("[]"))}
    except ValueError:
        try:
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except UnicodeError as exc:
            raise OSError(str(exc)) from exc
        addrs = {ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos}
    for ip in addrs:
        if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
            ip = ip.ipv4_mapped
        if (ip.is_loopback or ip.is_private or ip.is_link_local or ip.is_multicast
                or ip.is_reserved or ip.is_unspecified or not ip.is_global):
            return f"{host} resolves to non-public address {ip} (allow_private is off)"
    return None


def _retry_after_seconds(value: str) -> float:
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return 0.0
    return max(0.0, when.timestamp() - time.time())


def _site(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def _normalise(url: str) -> str:
    """Strip whitespace and the fragment (never sent to a server); lower-case scheme and host."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path or "/",
                       parts.query, ""))
