"""``GET /api/events`` without FastAPI's per-request machinery, when the event index is ready.

Why: with the in-memory :mod:`~dateline.web.eventindex` a page of events costs well under a
millisecond, and FastAPI's dependency solving and parameter validation for the endpoint's
query parameters then costs more than the query itself (measured with cProfile under 50
concurrent clients: about half of the server's time per request). This ASGI middleware sits
just outside the router: for a ``GET /api/events`` whose parameters are all plainly valid (the
query layer's :class:`~dateline.query.EventFilter` and :func:`~dateline.query.check_page`
accept them) it answers from the index itself; for anything else (a value FastAPI would
reject or coerce, a value the query layer refuses, an unknown or repeated parameter, a filter
that carries a note, a stale or missing index, an unexpected error) it passes the request on
unchanged, so the FastAPI endpoint in :mod:`dateline.web.api` (which the OpenAPI description
documents) answers it, errors included. Both give the same bytes for the same
query (tests/unit/test_web_api.py compares them).
"""

from __future__ import annotations

import logging
import re
from typing import Any, Awaitable, Callable

from starlette.datastructures import QueryParams

from ..errors import FilterError
from ..query import FILTER_PARAMS, EventFilter, check_page

log = logging.getLogger("dateline.web")

Scope = dict[str, Any]
Receive = Callable[[], Awaitable[dict[str, Any]]]
Send = Callable[[dict[str, Any]], Awaitable[None]]

PATH = "/api/events"
INT = re.compile(r"^[0-9]{1,9}$")
UNIT = re.compile(r"^(0(\.[0-9]{1,12})?|1(\.0{1,12})?)$")  # 0..1 as a plain decimal
KNOWN = frozenset(FILTER_PARAMS) | {"sort", "limit", "offset"}


class _Fallback(Exception):
    """This request is FastAPI's to answer."""


def parse(query_string: bytes, max_limit: int) -> tuple[EventFilter, str | None, int, int]:
    """The filter, sort, limit and offset of a plainly valid events query; ``_Fallback``
    for anything that FastAPI should judge (or reject, or annotate) instead."""
    qp = QueryParams(query_string)
    if len(qp.multi_items()) != len(qp) or not set(qp.keys()) <= KNOWN:
        raise _Fallback  # a repeated or unknown parameter
    limit_s, offset_s, conf_s = qp.get("limit", "50"), qp.get("offset", "0"), qp.get(
        "min_confidence")
    if not INT.match(limit_s) or not INT.match(offset_s):
        raise _Fallback
    if conf_s is not None and not UNIT.match(conf_s):
        raise _Fallback
    try:
        flt = EventFilter(**{k: qp.get(k) for k in FILTER_PARAMS})
        sort, limit, offset = check_page(qp.get("sort"), int(limit_s), int(offset_s),
                                         max_limit)
    except FilterError as exc:  # the endpoint reports it
        raise _Fallback from exc
    if flt.notes:  # the endpoint adds the note
        raise _Fallback
    return flt, sort, limit or 50, offset


class EventsFastPath:
    """ASGI middleware answering plain ``GET /api/events`` queries from the event index."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]],
                 holder: Callable[[], Any], max_limit: int = 1000) -> None:
        self.app = app
        self.holder = holder
        self.max_limit = max_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"] != PATH:
            await self.app(scope, receive, send)
            return
        body = self._answer(scope)
        if body is None:
            await self.app(scope, receive, send)
            return
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(body)).encode("ascii")),
                                (b"x-event-index", b"hit")]})
        await send({"type": "http.response.body", "body": body})

    def _answer(self, scope: Scope) -> bytes | None:
        holder = self.holder()
        index = holder.get() if holder is not None else None
        if index is None:
            return None
        try:
            flt, sort, limit, offset = parse(scope.get("query_string", b""), self.max_limit)
            return index.page_json(flt, sort, limit, offset)
        except _Fallback:
            return None
        except Exception:  # never fail here: the endpoint answers (and reports) instead
            log.exception("events fast path failed; falling back")
            return None
