"""The dateline web app: JSON API under ``/api``, the static UI at ``/``, OpenAPI at ``/docs``.

Database access: each request opens the DuckDB file read-only and works on its own cursor
(DuckDB connections are not thread-safe), so the API always sees what ``dateline ingest``
wrote last. DuckDB allows one writing *process*: while another process (a running
``dateline ingest``) holds the file, opening it fails and the API answers ``503
database-busy``. Inside this process a readers/writer lock keeps ``POST /api/ingest`` (which
opens the file writable) from overlapping read requests, because DuckDB refuses a writable and
a read-only connection to the same file in one process.

Every error has one JSON shape, ``{"error": {"status", "code", "message"}}``: FastAPI's
validation errors, Starlette's 404/405 and any unexpected exception (logged, never shown).
"""

from __future__ import annotations

import logging
import threading
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
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


class Database:
    """Where the app's data lives, and how a request gets at it."""

    def __init__(self, path: str | Path) -> None:
        self.path = str(path)
        self.lock = _RWLock()

    @contextmanager
    def reader(self) -> Iterator[Any]:
        """A cursor on a read-only connection, closed after use."""
        from ..store import open_store

        with self.lock.read():
            if not Path(self.path).exists():
                raise ApiError(503, "no-database",
                               "the database does not exist yet; ingest articles first")
            try:
                store = open_store(self.path, read_only=True)
            except StoreError as exc:
                raise ApiError(503, "database-busy", _store_message(exc)) from exc
            except duckdb.Error as exc:  # e.g. a writable connection of this same process
                raise ApiError(503, "database-busy", "the database is open for writing; "
                               "try again shortly") from exc
            cur = store.con.cursor()
            try:
                yield cur
            finally:
                cur.close()
                store.close()

    @contextmanager
    def writer(self) -> Iterator[Any]:
        """A writable :class:`~dateline.store.DuckDBStore`, closed after use."""
        from ..store import open_store

        with self.lock.write():
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
               pipeline_factory: Callable[[], Any] | None = None) -> FastAPI:
    """Build the app serving ``db_path``.

    ``token`` enables ``POST /api/ingest`` (callers send ``Authorization: Bearer TOKEN``);
    without it the API is read-only. ``cors_origins`` opens CORS to those origins (closed by
    default). ``pipeline_factory`` builds the pipeline used by ingest (default: the full
    dateline pipeline, built once on the first ingest).
    """
    from . import api

    app = FastAPI(title="dateline", version=_version(),
                  description="Political events extracted from news: query, read, export.")
    app.state.db = Database(db_path)
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
