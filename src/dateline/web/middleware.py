"""The response cache and the security headers of the web app, as plain ASGI middlewares.

Why not ``@app.middleware("http")``: Starlette runs each such function through
``BaseHTTPMiddleware``, which wraps every request in a task group and streams the response
through a memory channel; with two of them that was a large share of the server's time per
request on a fast endpoint (profiled under 50 concurrent clients). These classes do the same
work directly on the ASGI messages.
"""

from __future__ import annotations

from typing import Any, Awaitable, Callable

from starlette.datastructures import MutableHeaders

Scope = dict[str, Any]
Message = dict[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: Headers of an answer that are part of it and are kept with it in the cache.
KEPT_HEADERS = (b"x-dateline-note",)


class ResponseCacheMiddleware:
    """Answers repeated GETs of the read endpoints from the database's
    :class:`~dateline.web.app.ResponseCache` while the database stamp is unchanged, and fills it
    with 200 answers up to ``max_bytes``. ``X-Cache: hit|miss`` says which; errors pass
    through untouched (never cached, no header). ``state`` is the app's state (``db``,
    ``cache_responses``), read per request so that tests and callers can change it."""

    def __init__(self, app: ASGIApp, state: Any, prefixes: tuple[str, ...],
                 max_bytes: int) -> None:
        self.app = app
        self.state = state
        self.prefixes = prefixes
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if (scope["type"] != "http" or scope["method"] != "GET"
                or not path.startswith(self.prefixes) or not self.state.cache_responses):
            await self.app(scope, receive, send)
            return
        db = self.state.db
        query = scope.get("query_string", b"").decode("latin-1")
        key = path + "?" + "&".join(sorted(query.split("&")))
        stamp = db.stamp()
        hit = db.cache.get(key, stamp)
        if hit is not None:
            body, media, kept = hit
            await send({"type": "http.response.start", "status": 200, "headers": [
                (b"content-length", str(len(body)).encode("latin-1")),
                (b"content-type", media.encode("latin-1")), (b"x-cache", b"hit"), *kept]})
            await send({"type": "http.response.body", "body": body})
            return

        start: Message | None = None
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            nonlocal start
            if message["type"] == "http.response.start":
                if message["status"] != 200:
                    start = None
                    await send(message)  # errors stream through as they are
                    return
                start = message
                return
            if start is None or message["type"] != "http.response.body":
                await send(message)
                return
            chunks.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(chunks)
            headers = MutableHeaders(raw=[(k, v) for k, v in start["headers"]
                                          if k.lower() != b"content-length"])
            media = headers.get("content-type", "application/json")
            if len(body) <= self.max_bytes and db.stamp() == stamp:
                kept = tuple((k.lower(), v) for k, v in start["headers"]
                             if k.lower() in KEPT_HEADERS)
                db.cache.put(key, stamp, body, media, kept)
            headers["content-length"] = str(len(body))
            headers["x-cache"] = "miss"
            await send({**start, "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, capture)


class SecurityHeaders:
    """``X-Content-Type-Options: nosniff`` on every answer; the UI's Content-Security-Policy
    and ``Referrer-Policy: no-referrer`` on all but the Swagger/ReDoc pages (they load their
    scripts from /docs/static but start Swagger UI with an inline script). Headers the app set
    itself are kept."""

    def __init__(self, app: ASGIApp, csp: str) -> None:
        self.app = app
        self.csp = csp

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        docs = path.startswith("/docs") or path.startswith("/redoc")

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                if not docs:
                    headers.setdefault("Content-Security-Policy", self.csp)
                    headers.setdefault("Referrer-Policy", "no-referrer")
            await send(message)

        await self.app(scope, receive, add_headers)
