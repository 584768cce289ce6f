"""The dateline HTTP API and web UI (``dateline serve``); needs fastapi and uvicorn.

``create_app`` is imported lazily so that ``dateline.web.cli_serve`` (imported by the CLI)
works without fastapi installed; ``dateline serve`` then says what is missing.
"""

from __future__ import annotations

from typing import Any

__all__ = ["create_app"]


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from .app import create_app

        return create_app
    raise AttributeError(name)
