"""``dateline serve``: the HTTP API and web UI on one port (127.0.0.1 by default).

The lead wires it into the CLI with ``register(app)`` in ``dateline/cli.py``.

``--workers N`` (N > 1) runs N uvicorn worker processes on the port; each builds its app with
:func:`app_from_env` from the ``DATELINE_SERVE_*`` variables this command sets, and keeps its
own read connection, response cache and event index (memory: N times one server's).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any, Callable, List, Optional

import typer

from ..cli_options import (CODER_HELP, DEFAULT_DB, DEFAULT_MODEL, ExitCode, db_option,
                           model_option, parse_stages, stage_option)


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the ``dateline`` Typer app."""

    @app.command()
    def serve(
        db: str = db_option(),
        host: str = typer.Option("127.0.0.1", "--host",
                                 help="Interface to bind; 0.0.0.0 exposes it to the network."),
        port: int = typer.Option(8000, "--port", min=1, max=65535),
        token: Optional[str] = typer.Option(
            None, "--token", envvar="DATELINE_TOKEN",
            help="Enables POST /api/ingest for callers sending 'Authorization: Bearer TOKEN'. "
                 "Prefer the DATELINE_TOKEN environment variable (a flag shows in `ps`)."),
        cors: Optional[str] = typer.Option(
            None, "--cors", help="Comma-separated origins allowed by CORS (closed by default)."),
        workers: int = typer.Option(
            1, "--workers", min=1, max=64,
            help="Worker processes (each with its own copy of the event index in memory)."),
        model: str = model_option("spaCy model for articles posted to /api/ingest."),
        coder: Optional[str] = typer.Option(None, "--coder", metavar="NAME", help=CODER_HELP),
        stage: List[str] = stage_option(),
    ) -> None:
        """Serve the HTTP API (/api, OpenAPI at /docs) and the web UI (/) for a database."""
        try:
            import uvicorn

            from .app import create_app
        except ImportError as exc:  # pragma: no cover - optional dependency
            typer.echo(f"error: dateline serve needs fastapi and uvicorn ({exc})", err=True)
            raise typer.Exit(ExitCode.USAGE)
        if not Path(db).exists():
            typer.echo(f"note: {db} does not exist yet; the API answers 503 until articles "
                       "are ingested", err=True)
        else:
            _upgrade(db)
        origins = [o.strip() for o in cors.split(",") if o.strip()] if cors else None
        token = token or os.environ.get("DATELINE_TOKEN") or None
        mode = "read-write (token set)" if token else "read-only"
        stages = parse_stages(list(stage), coder)  # refused before the server starts
        if workers > 1:
            os.environ.update({ENV_DB: db, ENV_CORS: ",".join(origins or []), ENV_MODEL: model,
                               ENV_STAGES: ",".join(f"{k}={v}" for k, v in stages.items())})
            if token:
                os.environ["DATELINE_TOKEN"] = token
            typer.echo(f"dateline serving {db} ({mode}, {workers} workers) on "
                       f"http://{host}:{port}/", err=True)
            uvicorn.run(f"{__name__}:app_from_env", factory=True, host=host, port=port,
                        workers=workers, log_level="info")
            return
        web_app = create_app(db, token=token, cors_origins=origins,
                             pipeline_factory=pipeline_factory(model, stages))
        typer.echo(f"dateline serving {db} ({mode}) on http://{host}:{port}/", err=True)
        uvicorn.run(web_app, host=host, port=port, log_level="info")


def _upgrade(db: str) -> None:
    """Bring an older database to this dateline's schema before serving it read-only (the
    actors list, network and exports read the actor ids of schema version 6)."""
    from ..errors import StoreError
    from ..store import upgrade

    try:
        done = upgrade(db)
    except StoreError as exc:
        typer.echo(f"note: {db} has an older schema and could not be upgraded now ({exc}); "
                   "some views may fail until it is", err=True)
        return
    if done:
        typer.echo(f"upgraded {db} from schema version {done[0]} to {done[1]}", err=True)


#: Environment of worker processes (set by ``dateline serve --workers``).
ENV_DB = "DATELINE_SERVE_DB"
ENV_CORS = "DATELINE_SERVE_CORS"
ENV_MODEL = "DATELINE_SERVE_MODEL"
ENV_STAGES = "DATELINE_SERVE_STAGES"  # KIND=NAME,KIND=NAME (from --stage and --coder)


def pipeline_factory(model: str, stages: dict[str, str] | None = None) -> Callable[[], Any]:
    """What ``POST /api/ingest`` runs: the full pipeline with this model and these stage
    implementations (``{kind: name}``; built on the first ingest request, not at start)."""

    def build() -> Any:
        from ..config import PipelineConfig
        from ..pipeline import Pipeline

        cfg = PipelineConfig(spacy_model=model)
        cfg.stages.update(stages or {})
        return Pipeline(cfg)

    return build


def app_from_env() -> Any:
    """The app of one worker process: database, token, CORS origins, model and coder from the
    environment (``DATELINE_SERVE_DB``, ``DATELINE_TOKEN``, ``DATELINE_SERVE_CORS``,
    ``DATELINE_SERVE_MODEL``, ``DATELINE_SERVE_STAGES``)."""
    from .app import create_app

    cors = os.environ.get(ENV_CORS, "")
    origins = [o for o in cors.split(",") if o] or None
    return create_app(os.environ.get(ENV_DB, DEFAULT_DB),
                      token=os.environ.get("DATELINE_TOKEN") or None, cors_origins=origins,
                      pipeline_factory=pipeline_factory(os.environ.get(ENV_MODEL) or DEFAULT_MODEL,
                                                        _env_stages()))


def _env_stages() -> dict[str, str]:
    """``DATELINE_SERVE_STAGES`` as a ``{kind: name}`` mapping."""
    pairs = [p.partition("=") for p in os.environ.get(ENV_STAGES, "").split(",") if p]
    return {k: v for k, _, v in pairs}
