"""The dateline web app: JSON API under ``/api``, the static UI at ``/``, OpenAPI at ``/docs``.

Database access: requests share one read-only DuckDB connection, each on its own cursor (a
DuckDB connection is not thread-safe, its cursors are), opened on demand and closed after two
idle seconds; answers of read endpoints are cached until the database file changes, so the API
always shows what ``dateline ingest`` wrote last. DuckDB allows one writing *process*: while
another process (a running ``dateline ingest``) holds the file, opening it fails and the API
answers ``503 database-busy``. Inside this process a readers/writer lock keeps ``POST
/api/ingest`` (which closes the shared reader and opens the file writable) from overlapping
read requests, because DuckDB refuses a writable and a read-only connection to the same file
in one process.

Every error has one JSON shape, ``{"error": {"status", "code", "message"}}``: FastAPI's
validation errors, Starlette's 404/405 and any unexpected exception (logged, never shown).
"""

from __future__ import annotations

import atexit
import logging
import os
import weakref
import threading
import time
from collections import OrderedDict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from ..errors import StoreError

log = logging.getLogger("dateline.web")

STATIC_DIR = Path(__file__).parent / "static"

#: Content-Security-Policy of the UI: nothing but this origin, no inline script or style.
UI_CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
          "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
          "form-action 'self'")


class ApiError(Exception):
    """An error the API reports on purpose, with its HTTP status and a short code."""

    def __init__(self, status: int, code: str, message: str,
                 headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.headers = headers


def error_response(status: int, code: str, message: str,
                   headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"status": status, "code": code, "message": message}},
                        status_code=status, headers=headers)


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


#: Seconds a read waits for another process's write lock before answering 503.
READ_LOCK_WAIT = 1.0


class Database:
    """Where the app's data lives, and how a request gets at it.

    Readers share one read-only DuckDB connection (each request gets its own cursor on it):
    opening the file costs ~30 ms, more than most queries. The connection is closed again once
    no request has used it for ``keepalive`` seconds, so that a separate ``dateline ingest``
    process (which needs DuckDB's write lock) can run whenever the server is idle; while
    the server holds it, such an ingest waits or fails with DuckDB's lock error. ``threads``
    caps DuckDB's threads per query (None: DuckDB's default, one per core).
    """

    def __init__(self, path: str | Path, keepalive: float = 2.0, threads: int | None = 1
                 ) -> None:
        self.path = str(path)
        self.threads = threads
        self.lock = _RWLock()
        self.keepalive = keepalive
        self.cache = ResponseCache()
        self._mutex = threading.Lock()
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
        from ..store import open_store

        with self._mutex:
            if self._store is None:
                if not Path(self.path).exists():
                    raise ApiError(503, "no-database",
                                   "the database does not exist yet; ingest articles first")
                try:
                    self._store = open_store(self.path, read_only=True, wait=READ_LOCK_WAIT)
                except StoreError as exc:
                    raise ApiError(503, "database-busy", _store_message(exc)) from exc
                except duckdb.Error as exc:  # e.g. a writable connection of this process
                    raise ApiError(503, "database-busy", "the database is open for writing; "
                                   "try again shortly") from exc
                if self.threads:
                    # one thread per query: with many concurrent requests, DuckDB's
                    # intra-query parallelism costs more than it gains (measured: 3x)
                    self._store.con.execute(f"SET threads = {int(self.threads)}")
                self._start_reaper()
            self._users += 1
            return self._store

    def _release(self) -> None:
        with self._mutex:
            self._users -= 1
            self._last_used = time.monotonic()

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
        """A writable :class:`~dateline.store.DuckDBStore`, closed after use."""
        from ..store import open_store

        with self.lock.write():
            self.close()  # DuckDB refuses a writable and a read-only connection in one process
            try:
                store = open_store(self.path)
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
        self._items: OrderedDict[str, tuple[tuple[Any, ...], bytes, str]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str, stamp: tuple[Any, ...]) -> tuple[bytes, str] | None:
        with self._lock:
            hit = self._items.get(key)
            if hit is None or hit[0] != stamp:
                return None
            self._items.move_to_end(key)
            return hit[1], hit[2]

    def put(self, key: str, stamp: tuple[Any, ...], body: bytes, media_type: str) -> None:
        with self._lock:
            self._items[key] = (stamp, body, media_type)
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
    msg = str(exc)
    if "lock" in msg.lower() or "another" in msg.lower():
        return ("the database is locked by another process (a running `dateline ingest`?); "
                "try again when it has finished")
    return msg.split(" (", 1)[0]


def default_pipeline_factory() -> Callable[..., Any]:
    """The full dateline pipeline with the default configuration (loads the spaCy model)."""
    from ..config import PipelineConfig
    from ..pipeline import Pipeline

    return Pipeline(PipelineConfig())


def create_app(db_path: str | Path, *, token: str | None = None,
               cors_origins: list[str] | None = None,
               pipeline_factory: Callable[[], Any] | None = None,
               cache_responses: bool = True) -> FastAPI:
    """Build the app serving ``db_path``.

    ``token`` enables ``POST /api/ingest`` (callers send ``Authorization: Bearer TOKEN``);
    without it the API is read-only. ``cors_origins`` opens CORS to those origins (closed by
    default). ``pipeline_factory`` builds the pipeline used by ingest (default: the full
    dateline pipeline, built once on the first ingest). ``cache_responses`` keeps recent
    answers of read endpoints until the database changes (on by default).
    """
    from . import api

    app = FastAPI(title="dateline", version=_version(),
                  description="Political events extracted from news: query, read, export.")
    app.state.db = Database(db_path)
    app.state.cache_responses = cache_responses
    app.state.token = token or None
    app.state.pipeline_factory = pipeline_factory or default_pipeline_factory
    app.state.pipeline = None
    app.state.pipeline_lock = threading.Lock()
    app.state.ingest_lock = threading.Lock()

    if cors_origins:
        from fastapi.middleware.cors import CORSMiddleware

        app.add_middleware(CORSMiddleware, allow_origins=list(cors_origins),
                           allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"])

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

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
            from .api import MAX_INGEST_BYTES, check_token

            try:
                check_token(request)
            except ApiError as exc:
                return error_response(exc.status, exc.code, exc.message, exc.headers)
            length = request.headers.get("content-length")
            if length is not None and (not length.isdigit() or int(length) > MAX_INGEST_BYTES):
                return error_response(413, "too-large",
                                      f"request body over {MAX_INGEST_BYTES} bytes")
        return await call_next(request)

    @app.middleware("http")
    async def _cache(request: Request, call_next: Callable) -> Any:
        path = request.url.path
        if (request.method != "GET" or not path.startswith(CACHED_PREFIXES)
                or not app.state.cache_responses):
            return await call_next(request)
        db: Database = app.state.db
        key = path + "?" + "&".join(sorted(request.url.query.split("&")))
        stamp = db.stamp()
        hit = db.cache.get(key, stamp)
        if hit is not None:
            return Response(hit[0], media_type=hit[1], headers={"X-Cache": "hit"})
        response = await call_next(request)
        if response.status_code != 200:
            return response
        chunks = [chunk async for chunk in response.body_iterator]  # type: ignore[attr-defined]
        body = b"".join(c if isinstance(c, bytes) else c.encode("utf-8") for c in chunks)
        media = response.headers.get("content-type", "application/json")
        if len(body) <= MAX_CACHED_BYTES and db.stamp() == stamp:
            db.cache.put(key, stamp, body, media)
        headers = {k: v for k, v in response.headers.items() if k.lower() != "content-length"}
        headers["X-Cache"] = "miss"
        return Response(body, status_code=200, headers=headers, media_type=media)

    @app.middleware("http")
    async def _headers(request: Request, call_next: Callable) -> Any:
        response = await call_next(request)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        path = request.url.path
        if not (path.startswith("/docs") or path.startswith("/redoc")):
            response.headers.setdefault("Content-Security-Policy", UI_CSP)
            response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    app.include_router(api.router)

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
