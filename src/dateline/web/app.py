"""The dateline web app: JSON API under ``/api``, the static UI at ``/``, OpenAPI at ``/docs``.

Database access: requests share one read-only DuckDB connection, each on its own cursor (a
DuckDB connection is not thread-safe, its cursors are), opened on demand and closed after two
idle seconds; answers of read endpoints are cached until the database file changes, so the API
always shows what ``dateline ingest`` wrote last. DuckDB allows one writing *process*, and
no other process to open the file meanwhile: ``dateline ingest`` holds it only for short,
announced write sessions, during which reads wait (``Database``); a process that holds it
without announcing (a raw DuckDB connection) gets reads ``503 database-busy`` after a second.
Inside this process a readers/writer lock keeps ``POST
/api/ingest`` (which closes the shared reader and opens the file writable) from overlapping
read requests, because DuckDB refuses a writable and a read-only connection to the same file
in one process.

``GET /api/events`` is answered from an in-memory copy of the events table, rebuilt in the
background when the database changes (``eventindex.py``; ``fastpath.py`` answers plain queries
before FastAPI's routing); the response cache and the headers are plain ASGI middlewares
(``middleware.py``).

Every error has one JSON shape, ``{"error": {"status", "code", "message"}}``: FastAPI's
validation errors, Starlette's 404/405 and any unexpected exception (logged, never shown). A
refused parameter (400 ``bad-parameter``) adds ``parameter`` and, where they can be listed,
``allowed`` (the accepted values).
"""

from __future__ import annotations

import atexit
import logging
import os
import weakref
import threading
import time
from collections import OrderedDict
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path
from typing import Any, AsyncIterator, Callable, Iterator

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError
from .errors import ApiError, error_response

log = logging.getLogger("dateline.web")

STATIC_DIR = Path(__file__).parent / "static"

#: Content-Security-Policy of the UI: nothing but this origin, no inline script or style.
UI_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
          "form-action 'self'")


class _RWLock:
    """Many readers or one writer (threads of this process)."""

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._readers = 0
        self._writer = False

    @contextmanager
    def read(self) -> Iterator[None]:
        with self._cond:
            while self._writer:
                self._cond.wait()
            self._readers += 1
        try:
            yield
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    @contextmanager
    def write(self) -> Iterator[None]:
        with self._cond:
            while self._writer or self._readers:
                self._cond.wait()
            self._writer = True
        try:
            yield
        finally:
            with self._cond:
                self._writer = False
                self._cond.notify_all()


#: Seconds a read waits for another process's write lock before answering 503, when that
#: process has not announced a write session (e.g. a raw DuckDB connection, `dateline merge`).
READ_LOCK_WAIT = 1.0
#: Seconds a read waits while a dateline writer announces write sessions (``dateline ingest``
#: ends each within about a second; see dateline.store.DuckDBStore) before answering 503.
WRITE_SESSION_WAIT = 10.0


class Database:
    """Where the app's data lives, and how a request gets at it.

    Readers share one read-only DuckDB connection (each request gets its own cursor on it):
    opening the file costs ~15-30 ms, more than most queries. DuckDB lets no other process
    write while this one has the file open, so the connection is let go whenever a writer
    needs the file:

    * a ``dateline ingest`` announces each write session on a sidecar lock
      (:mod:`dateline.store.locks`); before each request the server probes it, and while it is
      held no request opens or uses the connection, the last request in flight closes it, and
      new requests say they wait (``DB.readers.lock``, so the writer ends its session soon)
      and wait (up to ``write_wait`` s, polling) for the session to end, then reopen the
      file. Reads therefore go on during an ingest, a little slower, instead of 503;
    * otherwise the connection is closed once no request has used it for ``keepalive``
      seconds, so that a writer that does not announce itself can run whenever the server is
      idle; while such a writer holds the file, requests get 503 ``database-busy`` after
      ``read_wait`` s.

    ``threads`` caps DuckDB's threads per query (None: DuckDB's default, one per core).
    """

    def __init__(self, path: str | Path, keepalive: float = 2.0, threads: int | None = 1,
                 read_wait: float = READ_LOCK_WAIT, write_wait: float = WRITE_SESSION_WAIT
                 ) -> None:
        from ..store.locks import IntentProbe, ReaderSignal

        self.path = str(path)
        self.threads = threads
        self.lock = _RWLock()
        self.keepalive = keepalive
        self.read_wait = read_wait
        self.write_wait = write_wait
        self.cache = ResponseCache()
        self._mutex = threading.Lock()
        self._intent = IntentProbe(self.path)
        self._signal = ReaderSignal(self.path)  # raised while requests wait for a writer
        self._store: Any = None
        self._users = 0
        self._last_used = 0.0
        self._reaper: threading.Thread | None = None
        self._generation = 0  # bumped by every write of this process
        _OPEN_DATABASES.add(self)

    def stamp(self) -> tuple[Any, ...]:
        """What identifies the database's current content: size and mtime of the file and its
        write-ahead log, and this process's write count (cheap: two stat calls)."""
        parts: list[Any] = [self._generation]
        for p in (self.path, self.path + ".wal"):
            try:
                st = os.stat(p)
                parts += [st.st_size, st.st_mtime_ns]
            except OSError:
                parts += [None, None]
        return tuple(parts)

    def _acquire(self) -> Any:
        """The shared store, once no write session is announced (bounded waits, else 503)."""
        start = time.monotonic()
        locked_since: float | None = None  # first failed open while nobody announced
        hand_up = False  # this request is counted on DB.readers.lock (the writer lets us in)
        try:
            while True:
                with self._mutex:
                    announced = self._intent.active()
                    if announced:
                        if self._users == 0:
                            self._close_locked()  # the writer is waiting for the file
                        if not hand_up:
                            self._signal.raise_hand()
                            hand_up = True
                    else:
                        if self._store is None:
                            error = self._open_locked()
                            if error is not None:
                                now = time.monotonic()
                                locked_since = locked_since if locked_since is not None else now
                                if now - locked_since >= self.read_wait:
                                    raise error
                        if self._store is not None:
                            self._users += 1
                            return self._store
                if announced:
                    locked_since = None  # a dateline writer: its sessions are short
                    if time.monotonic() - start >= self.write_wait:
                        raise ApiError(503, "database-busy",
                                       f"a write to the database has kept it busy for "
                                       f"{self.write_wait:g} s; try again shortly")
                time.sleep(0.01 if announced else 0.02)
        finally:
            if hand_up:
                with self._mutex:
                    self._signal.lower_hand()

    def _open_locked(self) -> ApiError | None:
        """Open the shared read-only store (one try); the error to report if it is locked."""
        from ..store import open_store

        if not Path(self.path).exists():
            raise ApiError(503, "no-database",
                           "the database does not exist yet; ingest articles first")
        try:
            self._store = open_store(self.path, read_only=True, wait=0)
        except StoreError as exc:
            return ApiError(503, "database-busy", _store_message(exc))
        except duckdb.Error:  # e.g. a writable connection of this process
            return ApiError(503, "database-busy", "the database is open for writing; "
                            "try again shortly")
        if self.threads:
            # one thread per query: with many concurrent requests, DuckDB's
            # intra-query parallelism costs more than it gains (measured: 3x)
            self._store.con.execute(f"SET threads = {int(self.threads)}")
        self._start_reaper()
        return None

    def _release(self) -> None:
        with self._mutex:
            self._users -= 1
            self._last_used = time.monotonic()
            if self._users == 0 and self._store is not None and self._intent.active():
                self._close_locked()  # a writer announced itself: let it in now

    def _start_reaper(self) -> None:
        if self._reaper is not None and self._reaper.is_alive():
            return
        self._reaper = threading.Thread(target=self._reap, name="dateline-db-reaper",
                                        daemon=True)
        self._reaper.start()

    def _reap(self) -> None:
        """Close the shared connection after ``keepalive`` idle seconds (then stop)."""
        while True:
            time.sleep(max(0.05, self.keepalive / 4))
            with self._mutex:
                if self._store is None:
                    return
                if self._users == 0 and time.monotonic() - self._last_used >= self.keepalive:
                    self._close_locked()
                    return

    def _close_locked(self) -> None:
        if self._store is not None:
            try:
                self._store.close()
            finally:
                self._store = None

    def close(self) -> None:
        """Close the shared read connection now (the next reader reopens it)."""
        with self._mutex:
            self._close_locked()
            self._intent.close()  # its descriptor too (reopened by the next probe)

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """A cursor on the shared read-only connection, closed after use."""
        with self.lock.read():
            store = self._acquire()
            try:
                cur = store.con.cursor()
                try:
                    yield cur
                finally:
                    cur.close()
            finally:
                self._release()

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """A writable :class:`~dateline.store.DuckDBStore`, closed after use. Refused (503)
        while another process writes; it announces itself like an ingest's write session,
        so that readers in other processes (other server workers) step aside."""
        from ..store import open_store

        with self.lock.write():
            self.close()  # DuckDB refuses a writable and a read-only connection in one process
            try:
                store = open_store(self.path, wait=self.read_wait, announce=True)
            except StoreError as exc:
                raise ApiError(503, "database-busy", _store_message(exc)) from exc
            except duckdb.Error as exc:
                raise ApiError(503, "database-busy", "the database is open elsewhere in this "
                               "process; try again shortly") from exc
            try:
                yield store
            finally:
                store.close()
                self._generation += 1
                self.cache.clear()


_OPEN_DATABASES: "weakref.WeakSet[Database]" = weakref.WeakSet()


@atexit.register
def _close_all() -> None:
    """Close shared connections before the interpreter exits (not from a dying daemon thread)."""
    for database in list(_OPEN_DATABASES):
        try:
            database.close()
        except Exception:  # pragma: no cover - best effort at exit
            pass


class ResponseCache:
    """Recent JSON answers of read endpoints, keyed by path and query, valid while the database
    is unchanged (see :meth:`Database.stamp`). The UI asks the same questions again and again
    (every view, every back button); the answer only changes when articles are ingested."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self._items: OrderedDict[str, tuple[tuple[Any, ...], bytes, str, tuple[Any, ...]]] = \
            OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, stamp: tuple[Any, ...]
            ) -> tuple[bytes, str, tuple[tuple[bytes, bytes], ...]] | None:
        """Body, media type and the kept headers of a cached answer (None: none cached)."""
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != stamp:
                return None
            self._items.move_to_end(key)
            return hit[1], hit[2], hit[3]

    def put(self, key: str, stamp: tuple[Any, ...], body: bytes, media_type: str,
            headers: tuple[tuple[bytes, bytes], ...] = ()) -> None:
        with self._lock:
            self._items[key] = (stamp, body, media_type, headers)
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


#: Read endpoints whose JSON answers are cached (exports and ingest never are).
CACHED_PREFIXES = ("/api/events", "/api/articles", "/api/actors", "/api/places", "/api/stats",
                   "/api/timeline", "/api/network", "/api/clusters")
MAX_CACHED_BYTES = 2_000_000


def _store_message(exc: StoreError) -> str:
    """What a client is told about a store error: no path, the holder of a lock if known."""
    if exc.reason == "locked":
        if exc.holder:
            return (f"another dateline process is writing to the database ({exc.holder}); "
                    "try again when it has finished")
        return ("the database is locked by another process (a running `dateline ingest`?); "
                "try again when it has finished")
    return str(exc).split(": ", 1)[-1].split(" (", 1)[0]


def _offline_docs(app: FastAPI) -> None:
    """``/docs``: Swagger UI 5 from the ``swagger-ui-py`` package's files (no CDN: it works
    offline, like the rest of the app). Without that package, /docs says how to get it."""
    from importlib import resources

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse

    try:
        swagger_ui_path = resources.files("swagger_ui") / "static"
    except ModuleNotFoundError:  # pragma: no cover - the package is a pinned dependency
        swagger_ui_path = None
    if swagger_ui_path is not None:
        app.mount("/docs/static", StaticFiles(directory=str(swagger_ui_path)), name="docs-static")

    @app.get("/docs", include_in_schema=False)
    async def docs() -> HTMLResponse:
        if swagger_ui_path is None:
            return HTMLResponse("<p>Swagger UI needs the swagger-ui-py package; the API "
                                "schema is at <a href='/openapi.json'>/openapi.json</a>.</p>")
        return get_swagger_ui_html(openapi_url=app.openapi_url or "/openapi.json",
                                   title="dateline API",
                                   swagger_js_url="/docs/static/swagger-ui-bundle.js",
                                   swagger_css_url="/docs/static/swagger-ui.css",
                                   swagger_favicon_url="/docs/static/favicon-32x32.png")


def default_pipeline_factory() -> Callable[..., Any]:
    """The full dateline pipeline with the default configuration (loads the spaCy model)."""
    from ..config import PipelineConfig
    from ..pipeline import Pipeline

    return Pipeline(PipelineConfig())


def create_app(db_path: str | Path, *, token: str | None = None,
               cors_origins: list[str] | None = None,
               pipeline_factory: Callable[[], Any] | None = None,
               cache_responses: bool = True, event_index: bool = True,
               limits: Any = None) -> FastAPI:
    """Build the app serving ``db_path``.

    ``token`` enables ``POST /api/ingest`` (callers send ``Authorization: Bearer TOKEN``);
    without it the API is read-only. ``cors_origins`` opens CORS to those origins (closed by
    default). ``pipeline_factory`` builds the pipeline used by ingest (default: the full
    dateline pipeline, built once on the first ingest). ``cache_responses`` keeps recent
    answers of read endpoints until the database changes (on by default). ``event_index``
    answers ``GET /api/events`` from an in-memory copy of the events table, rebuilt in the
    background when the database changes (:mod:`dateline.web.eventindex`; on by default).
    ``limits`` (a :class:`dateline.web.limits.Limits`) sets the request size and rate limits
    (default: bodies up to ``api.MAX_INGEST_BYTES``; loopback clients not rate-limited).
    """
    from . import api
    from .eventindex import EventIndexHolder
    from .fastpath import EventsFastPath
    from .middleware import ResponseCacheMiddleware, SecurityHeaders

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        if app.state.event_index is not None:
            app.state.event_index.get()  # starts building it in the background
        yield

    app = FastAPI(title="dateline", version=_version(), lifespan=lifespan,
                  description="Political events extracted from news: query, read, export.",
                  docs_url=None, redoc_url=None)  # /docs below: Swagger UI served from here
    _offline_docs(app)
    app.state.db = Database(db_path)
    app.state.event_index = (EventIndexHolder(app.state.db.stamp, app.state.db.reader)
                             if event_index else None)
    app.state.cache_responses = cache_responses
    app.state.token = token or None
    app.state.pipeline_factory = pipeline_factory or default_pipeline_factory
    app.state.pipeline = None
    app.state.pipeline_lock = threading.Lock()
    app.state.ingest_lock = threading.Lock()

    # innermost: plain GET /api/events answered from the event index, inside every other
    # middleware (CORS, cache, headers), in front of FastAPI's routing
    app.add_middleware(EventsFastPath, holder=lambda: app.state.event_index,
                       max_limit=api.MAX_LIMIT)

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers, exc.extra)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for err in exc.errors():
            loc = ".".join(str(p) for p in err.get("loc", ()) if p not in ("query", "path"))
            parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", ""))
        return error_response(422, "invalid-parameter", "; ".join(parts) or "invalid request")

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {404: "not-found", 405: "method-not-allowed", 401: "unauthorized",
                 403: "forbidden", 400: "bad-request"}
        message = exc.detail if isinstance(exc.detail, str) else "error"
        if exc.status_code == 404 and message == "Not Found":
            message = f"no such resource: {request.url.path}"
        return error_response(exc.status_code, codes.get(exc.status_code, "error"), message,
                              getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal-error",
                              "internal error; the server log has the details")

    @app.middleware("http")
    async def _guard_writes(request: Request, call_next: Callable) -> Any:
        # checked before FastAPI reads and parses the body, so strangers cannot make the
        # server parse large bodies; the endpoint checks the token again
        if request.method == "POST" and request.url.path.rstrip("/") == "/api/ingest":
            from .api import check_token

            try:
                check_token(request)
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message, exc.headers)
        return await call_next(request)  # body size: web/limits.py, before this

    # plain ASGI (see web/middleware.py): the cache inside, the headers outside it, so that
    # cached answers get them too
    app.add_middleware(ResponseCacheMiddleware, state=app.state, prefixes=CACHED_PREFIXES,
                       max_bytes=MAX_CACHED_BYTES)
    app.add_middleware(SecurityHeaders, csp=UI_CSP)

    from .limits import Limits, install as install_limits  # outermost: size and rate limits

    install_limits(app, limits or Limits(max_body_bytes=api.MAX_INGEST_BYTES))
    app.include_router(api.router)
    from . import api_stories  # stories and related articles
    app.include_router(api_stories.router)

    @app.get("/", include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(STATIC_DIR / "index.html", media_type="text/html")

    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    return app


def _version() -> str:
    try:
        from .. import __version__

        return __version__
    except Exception:  # pragma: no cover
        return "0"
