"""``dateline serve``: the HTTP API and web UI on one port (127.0.0.1 by default).

The lead wires it into the CLI with ``register(app)`` in ``dateline/cli.py``.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

import typer


def register(app: typer.Typer) -> None:
    """Add the ``serve`` command to the ``dateline`` Typer app."""

    @app.command()
    def serve(
        db: str = typer.Option("dateline.duckdb", "--db", help="DuckDB database file."),
        host: str = typer.Option("127.0.0.1", "--host",
                                 help="Interface to bind; 0.0.0.0 exposes it to the network."),
        port: int = typer.Option(8000, "--port", min=1, max=65535),
        token: Optional[str] = typer.Option(
            None, "--token", envvar="DATELINE_TOKEN",
            help="Enables POST /api/ingest for callers sending 'Authorization: Bearer TOKEN'. "
                 "Prefer the DATELINE_TOKEN environment variable (a flag shows in `ps`)."),
        cors: Optional[str] = typer.Option(
            None, "--cors", help="Comma-separated origins allowed by CORS (closed by default)."),
    ) -> None:
        """Serve the HTTP API (/api, OpenAPI at /docs) and the web UI (/) for a database."""
        try:
            import uvicorn

            from .app import create_app
        except ImportError as exc:  # pragma: no cover - optional dependency
            typer.echo(f"error: dateline serve needs fastapi and uvicorn ({exc})", err=True)
            raise typer.Exit(2)
        if not Path(db).exists():
            typer.echo(f"note: {db} does not exist yet; the API answers 503 until articles "
                       "are ingested", err=True)
        origins = [o.strip() for o in cors.split(",") if o.strip()] if cors else None
        web_app = create_app(db, token=token or os.environ.get("DATELINE_TOKEN") or None,
                             cors_origins=origins)
        mode = "read-write (token set)" if web_app.state.token else "read-only"
        typer.echo(f"dateline serving {db} ({mode}) on http://{host}:{port}/", err=True)
        uvicorn.run(web_app, host=host, port=port, log_level="info")
