"""The JSON endpoints under ``/api`` (documented in docs/api.md and at ``/docs``).

Read endpoints are plain ``def`` functions: FastAPI runs them in its thread pool, and each
one gets its own read-only cursor from :meth:`Database.reader`. Only ``POST /api/ingest``
writes, and only when the app was given a token.
"""

from __future__ import annotations

import hmac
import re
from typing import Any, Literal, Optional, Union

from fastapi import APIRouter, Body, Depends, Path as PathParam, Query, Request
from fastapi.responses import JSONResponse, PlainTextResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from .. import export as X
from .. import query as QL
from .. import stats as ST
from ..errors import FilterError
from . import aggregates as A
from . import exports
from . import queries as Q
from .errors import ApiError

#: The header that carries notes on how a filter was read (an old PLOVER type name).
NOTE_HEADER = "X-Dateline-Note"
MAX_LIMIT = 1000
MAX_INGEST_ARTICLES = 100
MAX_INGEST_CHARS = 2_000_000
MAX_INGEST_BYTES = 25_000_000  # whole request body


def bad_parameter(exc: FilterError) -> ApiError:
    """A FilterError as the API's 400: the reason, the parameter and the allowed values."""
    extra: dict[str, Any] = {"parameter": exc.param}
    if exc.allowed:
        extra["allowed"] = list(exc.allowed)
    return ApiError(400, "bad-parameter", str(exc), extra=extra)


_ALLOWED: dict[int, frozenset[str]] = {}


def known_parameters(request: Request) -> None:
    """Every endpoint refuses query parameters it does not take, and parameters given twice
    (400), instead of ignoring them (a dependency of the API's routers)."""
    route = request.scope.get("route")
    if route is None or not hasattr(route, "dependant"):
        return
    allowed = _ALLOWED.get(id(route))
    if allowed is None:
        allowed = _ALLOWED[id(route)] = frozenset(_query_names(route.dependant))
    seen: set[str] = set()
    for key, _ in request.query_params.multi_items():
        if key not in allowed:
            names = ", ".join(sorted(allowed)) or "none"
            raise ApiError(400, "bad-parameter", f"{key}: unknown parameter; this endpoint "
                           f"takes {names}", extra={"parameter": key, "allowed": sorted(allowed)})
        if key in seen:
            raise ApiError(400, "bad-parameter", f"{key}: given more than once",
                           extra={"parameter": key})
        seen.add(key)


def _query_names(dependant: Any) -> set[str]:
    """The query parameters an endpoint and its dependencies take."""
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


class ErrorDetail(BaseModel):
    """What went wrong: the HTTP status, a short code, a one-line message and, for a refused
    parameter, the parameter and its allowed values."""

    model_config = ConfigDict(extra="allow")

    status: int
    code: str
    message: str
    parameter: Optional[str] = None
    allowed: Optional[list[str]] = None


class ErrorBody(BaseModel):
    """The API's one error shape (docs/api.md, Errors)."""

    error: ErrorDetail


def _error(text: str) -> dict[str, Any]:
    return {"model": ErrorBody, "description": text}


#: The error answers every endpoint may give, documented in the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: _error("A refused parameter (unknown value, parameter or type name, impossible date, "
                "...): the reason, the parameter and the allowed values"),
    404: _error("No such id, actor, export or path"),
    422: _error("A parameter of the wrong type or out of range"),
    429: _error("Too many requests from this client"),
    503: _error("The database is missing, or locked by a writer for too long"),
}

router = APIRouter(prefix="/api", dependencies=[Depends(known_parameters)],
                   responses=ERROR_RESPONSES)


# -- shared parameters --------------------------------------------------------------------
def _fq(name: str) -> Any:
    return Query(None, description=QL.FILTER_HELP[name])


CountryQ = Query(None, description="ISO3 country code, e.g. ISR.")
SortQ = Query(None, description=QL.SORT_HELP)
LimitQ = Query(50, ge=1, le=MAX_LIMIT)
OffsetQ = Query(0, ge=0, le=QL.MAX_OFFSET, description="Rows to skip.")
PageLimitQ = Query(50, description=f"Page size, 1 to {MAX_LIMIT}.")
PageOffsetQ = Query(0, description=f"Events to skip, 0 to {QL.MAX_OFFSET:,}.")


async def event_filter(
        request: Request, response: Response,
        actor: Optional[str] = _fq("actor"), recipient: Optional[str] = _fq("recipient"),
        party: Optional[str] = _fq("party"), country: Optional[str] = _fq("country"),
        actor_country: Optional[str] = _fq("actor_country"),
        recipient_country: Optional[str] = _fq("recipient_country"),
        sector: Optional[str] = _fq("sector"), actor_sector: Optional[str] = _fq("actor_sector"),
        recipient_sector: Optional[str] = _fq("recipient_sector"),
        type: Optional[str] = _fq("type"), mode: Optional[str] = _fq("mode"),
        modality: Optional[str] = _fq("modality"), since: Optional[str] = _fq("since"),
        until: Optional[str] = _fq("until"), article: Optional[str] = _fq("article"),
        min_confidence: Optional[float] = _fq("min_confidence"),
        bbox: Optional[str] = _fq("bbox"), q: Optional[str] = _fq("q")) -> QL.EventFilter:
    """The event filters every event-reading endpoint takes (a FastAPI dependency; ``async``
    so that FastAPI runs it on the event loop, not through the thread pool). Checked by the
    query layer: 400 with the reason and the allowed values. Notes on how a filter was read
    go to the ``X-Dateline-Note`` header."""
    try:
        flt = QL.EventFilter(
            actor=actor, recipient=recipient, party=party, country=country,
            actor_country=actor_country, recipient_country=recipient_country, sector=sector,
            actor_sector=actor_sector, recipient_sector=recipient_sector, type=type,
            mode=mode, modality=modality, since=since, until=until, article=article,
            min_confidence=min_confidence, bbox=bbox, q=q)
    except FilterError as exc:
        raise bad_parameter(exc) from exc
    request.state.notes = flt.notes
    if flt.notes:  # endpoints answering a dict get it from here, the others from _noted
        response.headers[NOTE_HEADER] = "; ".join(flt.notes)
    return flt


FilterDep = Depends(event_filter)


def _noted(request: Request, response: Response) -> Response:
    """``response`` with the filter's notes (if any) in the note header."""
    notes = getattr(request.state, "notes", ())
    if notes:
        response.headers[NOTE_HEADER] = "; ".join(notes)
    return response


def _page_checked(sort: Optional[str], limit: Optional[int] = None, offset: int = 0,
                  max_limit: Optional[int] = MAX_LIMIT) -> tuple[Optional[str], Optional[int], int]:
    try:
        return QL.check_page(sort, limit, offset, max_limit)
    except FilterError as exc:
        raise bad_parameter(exc) from exc


def _country(value: Optional[str]) -> Optional[str]:
    if value is None or value.strip() == "":
        return None
    try:
        return QL.country_code("country", value)
    except FilterError as exc:
        raise bad_parameter(exc) from exc


def _db(request: Request) -> Any:
    return request.app.state.db


def _page(items: list[Any], total: int, limit: int, offset: int) -> dict[str, Any]:
    return {"total": total, "limit": limit, "offset": offset, "items": items}


# -- events -------------------------------------------------------------------------------
class EventItem(BaseModel):
    """One stored event (a row of the ``events`` table; JSON columns decoded)."""

    model_config = ConfigDict(extra="allow")

    id: str
    article_id: str
    event: str = Field(description="PLOVER event type")
    mode: Optional[str] = None
    modality: Optional[str] = None
    cameo: Optional[str] = None
    date: Optional[str] = Field(None, description="YYYY[-MM[-DD]]")
    date_end: Optional[str] = None
    date_text: Optional[str] = None
    date_implausible: bool = Field(
        False, description="Told as having happened (asserted, historical, negated) but dated "
                           "more than a day after its article's publication: a misread date. "
                           "Sorted after the plausible dates.")
    place: Optional[str] = None
    place_country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    confidence: Optional[float] = None
    actor: Optional[list[dict[str, Any]]] = Field(
        None, description="[{text, name, country, sector, wikidata, id}]; id: the canonical "
                          "actor id")
    recipient: Optional[list[dict[str, Any]]] = None
    evidence: Optional[str] = Field(None, description="The sentence the event was read from.")
    evidence_field: Optional[str] = Field(None, description="title, subtitle or body")
    evidence_start: Optional[int] = None
    evidence_end: Optional[int] = None
    context: Optional[list[Any]] = None
    location: Optional[dict[str, Any]] = None
    mentions: Optional[list[dict[str, Any]]] = Field(
        None, description="Other sentences reporting the same event (field and offsets).")


class EventPage(BaseModel):
    """One page of events and the number of all events that match."""

    total: int
    limit: int
    offset: int
    items: list[EventItem]


@router.get("/events", summary="Events, filtered, sorted and paginated",
            response_model=EventPage)
async def list_events(request: Request, flt: QL.EventFilter = FilterDep,
                      sort: Optional[str] = SortQ, limit: int = PageLimitQ,
                      offset: int = PageOffsetQ) -> Response:
    # The hot endpoint: answered from the in-memory event index (rendered JSON, no pydantic,
    # no thread hop) when it matches the database; otherwise by DuckDB in the thread pool.
    sort, checked, offset = _page_checked(sort, limit, offset)
    limit = checked or limit
    holder = getattr(request.app.state, "event_index", None)
    index = holder.get() if holder is not None else None
    if index is not None:
        return _noted(request, Response(index.page_json(flt, sort, limit, offset),
                                        media_type="application/json",
                                        headers={"X-Event-Index": "hit"}))

    def from_sql() -> dict[str, Any]:
        with _db(request).reader() as cur:
            rows, total = QL.events(cur, flt, sort=sort, limit=limit, offset=offset)
        return _page(rows, total, limit, offset)

    return _noted(request, JSONResponse(await run_in_threadpool(from_sql)))


@router.get("/events/{event_id}", summary="One event with evidence, mentions and its article")
def get_event(request: Request, event_id: str = PathParam(..., max_length=100)) -> dict[str, Any]:
    with _db(request).reader() as cur:
        ev = QL.event(cur, event_id)
    if ev is None:
        raise ApiError(404, "not-found", f"no event with id {event_id!r}")
    return ev


@router.get("/merged-events", summary="Merged events: one per real-world happening, with "
            "how many reports, articles and sources tell it (oldest first)")
def list_merged_events(request: Request, response: Response,
                       type: Optional[str] = _fq("type"), mode: Optional[str] = _fq("mode"),
                       party: Optional[str] = _fq("party"),
                       limit: int = PageLimitQ) -> dict[str, Any]:
    try:
        flt = QL.EventFilter(type=type, mode=mode, party=party)
    except FilterError as exc:
        raise bad_parameter(exc) from exc
    if flt.notes:
        response.headers[NOTE_HEADER] = "; ".join(flt.notes)
    _, limit, _ = _page_checked(None, limit, 0)
    from ..store import DuckDBStore

    with _db(request).reader() as cur:
        store = DuckDBStore.on_connection(cur)
        if store.version < 2:
            raise ApiError(404, "not-found", "this database has no merged events; run "
                                             "`dateline merge`")
        rows = store.merged_events(type=flt.type, mode=flt.mode, actor=flt.party, limit=limit)
    return {"total": len(rows), "limit": limit, "items": rows}


# -- articles -----------------------------------------------------------------------------
@router.get("/articles", summary="Articles, newest first, paginated")
def list_articles(request: Request,
                  q: Optional[str] = Query(None, max_length=500,
                                           description="Text in the title or body."),
                  limit: int = LimitQ, offset: int = OffsetQ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        rows, total = Q.articles(cur, q=q, limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.get("/articles/{article_id}", summary="One article with its mentions and events")
def get_article(request: Request,
                article_id: str = PathParam(..., max_length=100)) -> dict[str, Any]:
    with _db(request).reader() as cur:
        data = QL.article(cur, article_id)
    if data is None:
        raise ApiError(404, "not-found", f"no single article with id {article_id!r}")
    return data


# -- actors and places --------------------------------------------------------------------
@router.get("/actors", summary="Actors with event counts and first/last dates")
def list_actors(request: Request,
                q: Optional[str] = Query(None, max_length=200, description="Name contains."),
                country: Optional[str] = CountryQ,
                sort: str = Query("-events", max_length=40,
                                  description="events, name, first, last or country; "
                                              "prefix - for descending."),
                limit: int = LimitQ, offset: int = OffsetQ) -> dict[str, Any]:
    country = _country(country)
    with _db(request).reader() as cur:
        try:
            rows, total = Q.actors(cur, q=q, country=country, sort=sort, limit=limit,
                                   offset=offset)
        except ValueError as exc:
            raise ApiError(400, "bad-parameter", str(exc)) from exc
    return _page(rows, total, limit, offset)


@router.get("/actors/{name:path}/events",
            summary="One actor's events over time and its visits in order")
def actor_events(request: Request, name: str) -> dict[str, Any]:
    if not name or len(name) > 300:
        raise ApiError(400, "bad-parameter", "actor name must be 1 to 300 characters")
    with _db(request).reader() as cur:
        data = Q.actor_events(cur, name)
    if data is None:
        raise ApiError(404, "not-found", f"no events for actor {name!r}")
    return data


@router.get("/actors/{name:path}/itinerary",
            summary="An actor's visits abroad in order, with facts counted from the database")
def actor_itinerary(request: Request, name: str) -> dict[str, Any]:
    if not name or len(name) > 300:
        raise ApiError(400, "bad-parameter", "actor name must be 1 to 300 characters")
    from ..merge.itinerary import trips
    from ..store import DuckDBStore

    with _db(request).reader() as cur:
        store = DuckDBStore.on_connection(cur)
        if store.version < 2:
            raise ApiError(404, "not-found", "this database has no merged events; run `dateline merge`")
        items = trips(store, name, _countries(request))
    return {"actor": name, "trips": items, "total": len(items)}


def _countries(request: Request) -> Any:
    """The country table, loaded once per app (names in itinerary facts)."""
    table = getattr(request.app.state, "countries", None)
    if table is None:
        from ..refdata.countries import load_countries

        table = request.app.state.countries = load_countries()
    return table


@router.get("/places", summary="Geocoded places with counts and coordinates")
def list_places(request: Request,
                q: Optional[str] = Query(None, max_length=200, description="Name contains."),
                country: Optional[str] = CountryQ, limit: int = Query(100, ge=1, le=MAX_LIMIT),
                offset: int = OffsetQ) -> dict[str, Any]:
    country = _country(country)
    with _db(request).reader() as cur:
        rows, total = Q.places(cur, q=q, country=country, limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.get("/stats", summary="Counts of the filtered events by any dimensions (by=country,type),"
                            " or an overview of the database")
def get_stats(request: Request, flt: QL.EventFilter = FilterDep,
              by: Optional[str] = Query(None, description="Dimensions to count by, comma-"
                                        "separated: " + ", ".join(ST.DIMENSIONS) + ". Without "
                                        "it: an overview of the filtered events."),
              limit: Optional[int] = Query(None, description="At most this many rows (1 or "
                                           "more; default all)."),
              format: str = Query("json", description="json or csv (with by).")) -> Any:
    try:
        dims = ST.parse_by(by) if by is not None else None
        QL.check_page(None, limit, 0)
        if format not in ("json", "csv"):
            raise FilterError("format", f"unknown format {format!r}; json or csv",
                              ("json", "csv"))
        if format == "csv" and dims is None:
            raise FilterError("format", "csv needs by=...")
    except FilterError as exc:
        raise bad_parameter(exc) from exc
    with _db(request).reader() as cur:
        if dims is None:
            return ST.overview(cur, flt)
        data = ST.count_by(cur, flt, dims, limit)
    if format == "csv":
        return _noted(request, PlainTextResponse(ST.to_csv(data),
                                                 media_type="text/csv; charset=utf-8"))
    return data


# -- charts -------------------------------------------------------------------------------
@router.get("/timeline", summary="Events per day/week/month, stacked by type (filterable)")
def get_timeline(request: Request, flt: QL.EventFilter = FilterDep,
                 granularity: Literal["auto", "day", "week", "month"] = Query(
                     "auto", description="Bucket size; auto picks from the date span.")
                 ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return A.timeline(cur, flt, granularity)


@router.get("/network", summary="Actor -> recipient edges weighted by events, by quad class")
def get_network(request: Request, flt: QL.EventFilter = FilterDep,
                limit: int = Query(80, ge=1, le=500, description="Heaviest edges kept."),
                actors: int = Query(30, ge=1, le=1000, description="The actors with the most "
                                    "events kept (the others and their edges left out)."),
                generic: bool = Query(False, description="Keep pronouns and generic parties "
                                      "(\"we\", \"officials\", lower-case phrases).")
                ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return A.network(cur, flt, limit, actors, generic)


@router.get("/clusters", summary="Events with coordinates clustered on a grid per zoom level")
def get_clusters(request: Request, flt: QL.EventFilter = FilterDep,
                 zoom: int = Query(0, ge=0, le=A.MAX_ZOOM,
                                   description="0: 16-degree cells; each level halves them.")
                 ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return A.clusters(cur, flt, zoom)


# -- exports ------------------------------------------------------------------------------
EXPORTS = {
    "events.csv": "text/csv; charset=utf-8",
    "events.jsonl": "application/x-ndjson; charset=utf-8",
    "events.parquet": "application/vnd.apache.parquet",
    "plover.json": "application/json; charset=utf-8",
    "gdelt.csv": "text/csv; charset=utf-8",
    "gdelt-mentions.csv": "text/csv; charset=utf-8",
}


@router.get("/export/{name}", summary="Download the filtered events (csv, jsonl, parquet with "
                                      "typed dates; PLOVER JSON; GDELT-style events (one row "
                                      "per merged event) and mentions (one per report))",
            response_class=Response)
def export(request: Request, name: str, flt: QL.EventFilter = FilterDep,
           sort: Optional[str] = SortQ) -> Response:
    if name not in EXPORTS:
        raise ApiError(404, "not-found",
                       f"no export {name!r}; available: {', '.join(EXPORTS)}")
    sort = _page_checked(sort)[0]
    with _db(request).reader() as cur:
        rows, _ = QL.events(cur, flt, sort=sort, limit=None)
        if name.startswith("events."):
            flat = X.flat_rows(cur, rows)
            body: bytes | str = (X.to_csv(flat) if name == "events.csv" else
                                 X.to_jsonl(flat) if name == "events.jsonl" else
                                 X.to_parquet(flat))
        elif name == "plover.json":
            body = exports.plover_json(rows)
        else:
            groups = X.merged_groups(cur, rows)
            body = (exports.gdelt_csv(groups) if name == "gdelt.csv"
                    else exports.gdelt_mentions_csv(groups))
    return _noted(request, Response(body, media_type=EXPORTS[name], headers={
        "Content-Disposition": f'attachment; filename="dateline-{name}"'}))


# -- writes -------------------------------------------------------------------------------
class IngestArticle(BaseModel):
    """One article to ingest: its text (required) and what is known about it."""

    text: str = Field(..., min_length=1, max_length=MAX_INGEST_CHARS)
    title: Optional[str] = Field(None, max_length=2000)
    url: Optional[str] = Field(None, max_length=4000)
    published: Optional[str] = Field(None, max_length=40)
    format: Literal["record", "text", "html"] = Field(
        "record", description="record: text is the article body; text: a scraped page with "
                              "site chrome to clean; html: an HTML page")


class IngestRequest(BaseModel):
    articles: list[IngestArticle] = Field(..., min_length=1, max_length=MAX_INGEST_ARTICLES)


def check_token(request: Request) -> None:
    """Writes need a configured token and ``Authorization: Bearer <token>``."""
    expected = request.app.state.token
    if not expected:
        raise ApiError(403, "writes-disabled",
                       "this server is read-only; start it with --token to enable ingest")
    header = request.headers.get("authorization", "")
    match = re.match(r"^\s*Bearer\s+(\S+)\s*$", header, re.I)
    if not match:
        raise ApiError(401, "unauthorized", "send Authorization: Bearer <token>",
                       headers={"WWW-Authenticate": "Bearer"})
    if not hmac.compare_digest(match.group(1).encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(403, "forbidden", "wrong token")


def _pipeline(request: Request) -> Any:
    """The app's pipeline, built on first use (a missing model is a 503, not a crash)."""
    from ..errors import DatelineError

    state = request.app.state
    with state.pipeline_lock:
        if state.pipeline is None:
            try:
                state.pipeline = state.pipeline_factory()
            except DatelineError as exc:
                raise ApiError(503, "pipeline-unavailable", str(exc)) from exc
        return state.pipeline


@router.post("/ingest", summary="Run the pipeline on articles and store them (needs the token)",
             responses={401: _error("No bearer token"),
                        403: _error("Writes are off (no --token) or the token is wrong"),
                        413: _error("The request body is too large")})
def ingest(request: Request,
           payload: Union[IngestRequest, list[IngestArticle]] = Body(...)) -> dict[str, Any]:
    check_token(request)
    items = payload.articles if isinstance(payload, IngestRequest) else payload
    if not items or len(items) > MAX_INGEST_ARTICLES:
        raise ApiError(422, "invalid-parameter",
                       f"send 1 to {MAX_INGEST_ARTICLES} articles per request")
    from ..model import RawInput

    raws = []
    for i, a in enumerate(items):
        meta = {k: v for k, v in (("title", a.title), ("url", a.url),
                                  ("published", a.published)) if v}
        raws.append(RawInput(origin=a.url or f"api:{i}", format=a.format, data=a.text,
                             meta=meta, encoding="utf-8"))
    pipe = _pipeline(request)
    with request.app.state.ingest_lock:  # one pipeline run at a time (spaCy is not shared)
        results = list(pipe.run(raws))  # the slow part runs before the database is locked
    out = []
    with _db(request).writer() as store:
        for res in results:
            if not res.ok:
                reason = getattr(res.error, "reason", "stage-error")
                store.add_reject(res.origin, reason, res.reason)
                out.append({"origin": res.origin, "status": "rejected", "reason": res.reason})
                continue
            doc = res.document
            stored = store.add_document(doc)
            if stored:  # as `dateline ingest` does: merged events and stories stay current
                from ..merge import merge_article

                merge_article(store, doc.article.id)
            out.append({"origin": res.origin, "status": "stored" if stored else "duplicate",
                        "article_id": doc.article.id, "events": len(doc.events)})
    summary = {s: sum(1 for r in out if r["status"] == s)
               for s in ("stored", "duplicate", "rejected")}
    return {**summary, "results": out}
