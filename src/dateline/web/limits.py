"""Request size and rate limits of the web app, as two small ASGI middlewares.

* :class:`BodyLimit`: a request body over ``max_body_bytes`` gets ``413 too-large``. A declared
  ``Content-Length`` over the limit is refused before a byte of the body is read; a body sent
  without one (chunked) is counted as it streams in and refused as soon as it passes the
  limit, so the app never holds more than the limit in memory.
* :class:`RateLimit`: a token bucket per client address: ``rate`` requests per second
  sustained, bursts of ``burst``; over it, ``429 rate-limited`` with ``Retry-After`` (whole
  seconds). Requests that write (any method but GET, HEAD, OPTIONS) also draw from a second,
  stricter bucket (``write_rate``, ``write_burst``): an ingest request runs the NLP pipeline.

Defaults, and why: the server binds 127.0.0.1 unless told otherwise, and a local client can
read the database file directly, so limiting loopback protects nothing and would throttle the
UI (a view fires about ten requests) and load benchmarks: loopback clients are exempt
(``exempt_loopback``). A client from elsewhere (``--host 0.0.0.0``) gets 20 requests/s
sustained with bursts of 100 (a UI session never comes close), and one write per second with
bursts of 10. Behind a reverse proxy on the same machine every client looks like loopback:
then set ``exempt_loopback=False`` or limit in the proxy (``X-Forwarded-For`` is not trusted:
any client can send it). Errors have the app's JSON shape ``{"error": {status, code,
message}}``. The bucket table is bounded (``max_clients``, least recently seen dropped first).
"""

from __future__ import annotations

import ipaddress
import math
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Any, Awaitable, Callable

from starlette.exceptions import HTTPException

from .errors import error_bytes

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


@dataclass(frozen=True)
class Limits:
    """The web app's limits (see the module docstring for the defaults' reasons).

    ``rate`` or ``write_rate`` 0 turns that bucket off; ``max_body_bytes`` 0 turns the size
    limit off."""

    max_body_bytes: int = 25_000_000
    rate: float = 20.0
    burst: int = 100
    write_rate: float = 1.0
    write_burst: int = 10
    exempt_loopback: bool = True
    max_clients: int = 10_000


async def _send_error(send: Send, status: int, code: str, message: str,
                      headers: dict[str, str] | None = None) -> None:
    body = error_bytes(status, code, message)
    raw = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
           (b"x-content-type-options", b"nosniff")]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (headers or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


class BodyTooLarge(HTTPException):
    """Raised from ``receive`` when a streamed body passes the limit (an HTTPException, so
    FastAPI's body parsing lets it through instead of turning it into a 400)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body over {limit} bytes")


class BodyLimit:
    """413 for request bodies over ``max_bytes`` (declared or streamed)."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or self.max_bytes <= 0:
            await self.app(scope, receive, send)
            return
        message = f"request body over {self.max_bytes} bytes"
        for key, value in scope.get("headers", ()):
            if key == b"content-length":
                if not value.isdigit() or int(value) > self.max_bytes:
                    await _send_error(send, 413, "too-large", message)
                    return
        state = {"received": 0, "exceeded": False, "answered": False}

        async def limited_receive() -> Message:
            msg = await receive()
            if msg["type"] == "http.request":
                state["received"] += len(msg.get("body", b""))
                if state["received"] > self.max_bytes:
                    state["exceeded"] = True
                    raise BodyTooLarge(self.max_bytes)
            return msg

        async def guarded_send(msg: Message) -> None:
            if not state["exceeded"]:
                await send(msg)
            elif msg["type"] == "http.response.start" and not state["answered"]:
                state["answered"] = True  # whatever the app made of the error: our 413
                await _send_error(send, 413, "too-large", message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except BodyTooLarge:
            if not state["answered"]:
                state["answered"] = True
                await _send_error(send, 413, "too-large", message)


class _Bucket:
    __slots__ = ("tokens", "stamp")

    def __init__(self, tokens: float, stamp: float) -> None:
        self.tokens = tokens
        self.stamp = stamp


class TokenBuckets:
    """One token bucket per key, in a bounded table (least recently seen dropped first)."""

    def __init__(self, rate: float, burst: int, max_keys: int,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = rate
        self.burst = max(1, burst)
        self.max_keys = max_keys
        self.clock = clock
        self._buckets: OrderedDict[str, _Bucket] = OrderedDict()

    def take(self, key: str) -> float:
        """Take one token for ``key``: 0.0 when allowed, else the seconds until one is free."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = _Bucket(float(self.burst), now)
            self._buckets[key] = bucket
            while len(self._buckets) > self.max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
            bucket.tokens = min(float(self.burst), bucket.tokens + (now - bucket.stamp) * self.rate)
            bucket.stamp = now
        if bucket.tokens >= 1.0:
            bucket.tokens -= 1.0
            return 0.0
        return (1.0 - bucket.tokens) / self.rate


def _is_loopback(host: str) -> bool:
    """127.0.0.0/8, ::1, or an in-process client (Starlette's TestClient says "testclient")."""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host in ("localhost", "testclient")


class RateLimit:
    """429 with ``Retry-After`` for a client over its request rate (see :class:`Limits`)."""

    def __init__(self, app: ASGIApp, limits: Limits,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.app = app
        self.limits = limits
        self.reads = (TokenBuckets(limits.rate, limits.burst, limits.max_clients, clock)
                      if limits.rate > 0 else None)
        self.writes = (TokenBuckets(limits.write_rate, limits.write_burst, limits.max_clients,
                                    clock) if limits.write_rate > 0 else None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        host = client[0] if client else "unknown"
        if not (self.limits.exempt_loopback and _is_loopback(host)):
            wait = self.reads.take(host) if self.reads is not None else 0.0
            if not wait and self.writes is not None and scope.get("method") not in READ_METHODS:
                wait = self.writes.take(host)
            if wait:
                await _send_error(send, 429, "rate-limited",
                                  f"too many requests; retry in {math.ceil(wait)} s",
                                  {"Retry-After": str(max(1, math.ceil(wait)))})
                return
        await self.app(scope, receive, send)


def install(app: Any, limits: Limits | None = None) -> Limits:
    """Add both limits to a FastAPI/Starlette ``app``, outermost (call after the app's other
    middlewares): a request over a limit costs no database or pipeline work."""
    limits = limits or Limits()
    app.add_middleware(BodyLimit, max_bytes=limits.max_body_bytes)
    app.add_middleware(RateLimit, limits=limits)
    app.state.limits = limits
    return limits
