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
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ConfigDict, Field
from starlette.concurrency import run_in_threadpool

from . import aggregates as A
from . import exports
from . import queries as Q
from .app import ApiError

router = APIRouter(prefix="/api")

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_LIMIT = 1000
MAX_INGEST_ARTICLES = 100
MAX_INGEST_CHARS = 2_000_000
MAX_INGEST_BYTES = 25_000_000  # whole request body

# -- shared parameters --------------------------------------------------------------------
ActorQ = Query(None, max_length=200, description="Actor or recipient name contains this.")
CountryQ = Query(None, max_length=50, description="ISO3 code of an actor, recipient or place.")
TypeQ = Query(None, max_length=50, description="PLOVER event type, e.g. CONSULT.")
ModalityQ = Query(None, max_length=50,
                  description="asserted, historical, future, hypothetical or negated.")
SinceQ = Query(None, pattern=DATE_PATTERN, description="Events on or after (YYYY[-MM[-DD]]).")
UntilQ = Query(None, pattern=DATE_PATTERN, description="Events on or before (YYYY[-MM[-DD]]).")
ArticleQ = Query(None, max_length=200, description="Article id or id prefix.")
MinConfQ = Query(None, ge=0.0, le=1.0, description="Only events at least this confident.")
BboxQ = Query(None, max_length=200, description="minlon,minlat,maxlon,maxlat (WGS84 degrees).")
TextQ = Query(None, max_length=500, description="Text contained in the evidence sentence.")
SortQ = Query(None, max_length=40,
              description="date, event, mode, modality, confidence, place, country, article, "
                          "cameo or id; prefix - for descending (default -date).")
LimitQ = Query(50, ge=1, le=MAX_LIMIT)
OffsetQ = Query(0, ge=0)


def parse_bbox(text: str | None) -> tuple[float, float, float, float] | None:
    """"minlon,minlat,maxlon,maxlat" -> floats; ApiError 400 when malformed or out of range."""
    if text is None or text == "":
        return None
    parts = text.split(",")
    try:
        vals = tuple(float(p) for p in parts)
    except ValueError:
        vals = ()
    if len(vals) != 4 or any(v != v for v in vals):  # NaN check
        raise ApiError(400, "bad-parameter",
                       "bbox must be four numbers: minlon,minlat,maxlon,maxlat")
    minlon, minlat, maxlon, maxlat = vals
    if not (-180 <= minlon <= 180 and -180 <= maxlon <= 180 and -90 <= minlat <= maxlat <= 90):
        raise ApiError(400, "bad-parameter",
                       "bbox out of range: longitudes -180..180, latitudes -90..90, "
                       "minlat <= maxlat")
    return vals  # type: ignore[return-value]


async def event_filter(actor: Optional[str] = ActorQ, country: Optional[str] = CountryQ,
                 type: Optional[str] = TypeQ, modality: Optional[str] = ModalityQ,
                 since: Optional[str] = SinceQ, until: Optional[str] = UntilQ,
                 article: Optional[str] = ArticleQ, min_confidence: Optional[float] = MinConfQ,
                 bbox: Optional[str] = BboxQ, q: Optional[str] = TextQ) -> Q.EventFilter:
    """The event filters every event-listing endpoint takes (a FastAPI dependency; ``async``
    so that FastAPI runs it on the event loop, not through the thread pool)."""
    if since and until and since > until:
        raise ApiError(400, "bad-parameter", f"since ({since}) is after until ({until})")
    return Q.EventFilter(actor=actor, country=country, type=type, modality=modality,
                         since=since, until=until, article=article,
                         min_confidence=min_confidence, bbox=parse_bbox(bbox), q=q)


FilterDep = Depends(event_filter)


def _sort_checked(sort: Optional[str]) -> Optional[str]:
    try:
        Q.order_by(sort)
    except ValueError as exc:
        raise ApiError(400, "bad-parameter", str(exc)) from exc
    return sort


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
    place: Optional[str] = None
    place_country: Optional[str] = None
    lat: Optional[float] = None
    lon: Optional[float] = None
    confidence: Optional[float] = None
    actor: Optional[list[dict[str, Any]]] = Field(
        None, description="[{text, name, country, sector, wikidata}]")
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
async def list_events(request: Request, flt: Q.EventFilter = FilterDep,
                      sort: Optional[str] = SortQ, limit: int = LimitQ, offset: int = OffsetQ
                      ) -> Response:
    # The hot endpoint: answered from the in-memory event index (rendered JSON, no pydantic,
    # no thread hop) when it matches the database; otherwise by DuckDB in the thread pool.
    sort = _sort_checked(sort)
    holder = getattr(request.app.state, "event_index", None)
    index = holder.get() if holder is not None else None
    if index is not None:
        return Response(index.page_json(flt, sort, limit, offset),
                        media_type="application/json", headers={"X-Event-Index": "hit"})

    def from_sql() -> dict[str, Any]:
        with _db(request).reader() as cur:
            rows, total = Q.events(cur, flt, sort=sort, limit=limit, offset=offset)
        return _page(rows, total, limit, offset)

    return JSONResponse(await run_in_threadpool(from_sql))


@router.get("/events/{event_id}", summary="One event with evidence, mentions and its article")
def get_event(request: Request, event_id: str = PathParam(..., max_length=100)) -> dict[str, Any]:
    with _db(request).reader() as cur:
        ev = Q.event(cur, event_id)
    if ev is None:
        raise ApiError(404, "not-found", f"no event with id {event_id!r}")
    return ev


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
        data = Q.article(cur, article_id)
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
    with _db(request).reader() as cur:
        rows, total = Q.places(cur, q=q, country=country, limit=limit, offset=offset)
    return _page(rows, total, limit, offset)


@router.get("/stats", summary="Counts and breakdowns of the whole database")
def get_stats(request: Request) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return Q.stats(cur)


# -- charts -------------------------------------------------------------------------------
@router.get("/timeline", summary="Events per day/week/month, stacked by type (filterable)")
def get_timeline(request: Request, flt: Q.EventFilter = FilterDep,
                 granularity: Literal["auto", "day", "week", "month"] = Query(
                     "auto", description="Bucket size; auto picks from the date span.")
                 ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return A.timeline(cur, flt, granularity)


@router.get("/network", summary="Actor -> recipient edges weighted by events, by quad class")
def get_network(request: Request, flt: Q.EventFilter = FilterDep,
                limit: int = Query(80, ge=1, le=500, description="Heaviest edges kept.")
                ) -> dict[str, Any]:
    with _db(request).reader() as cur:
        return A.network(cur, flt, limit)


@router.get("/clusters", summary="Events with coordinates clustered on a grid per zoom level")
def get_clusters(request: Request, flt: Q.EventFilter = FilterDep,
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
}


@router.get("/export/{name}", summary="Download the filtered events (csv, jsonl, parquet, "
                                      "PLOVER JSON, GDELT-style CSV)",
            response_class=Response)
def export(request: Request, name: str, flt: Q.EventFilter = FilterDep,
           sort: Optional[str] = SortQ) -> Response:
    if name not in EXPORTS:
        raise ApiError(404, "not-found",
                       f"no export {name!r}; available: {', '.join(EXPORTS)}")
    sort = _sort_checked(sort)
    with _db(request).reader() as cur:
        if name == "events.parquet":
            body: bytes | str = exports.events_parquet(cur, flt, sort)
        else:
            rows, _ = Q.events(cur, flt, sort=sort, limit=None)
            if name == "events.csv":
                body = exports.events_csv(rows)
            elif name == "events.jsonl":
                body = exports.events_jsonl(rows)
            elif name == "plover.json":
                body = exports.plover_json(rows)
            else:
                ids = sorted({r["article_id"] for r in rows})
                urls = dict(cur.execute("SELECT id, url FROM articles WHERE list_contains(?, id)",
                                        [ids]).fetchall()) if ids else {}
                body = exports.gdelt_csv(rows, urls)
    return Response(body, media_type=EXPORTS[name],
                    headers={"Content-Disposition": f'attachment; filename="dateline-{name}"'})


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


@router.post("/ingest", summary="Run the pipeline on articles and store them (needs the token)")
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
